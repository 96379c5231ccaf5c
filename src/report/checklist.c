/*
 * src/report/checklist.c - the MHLW cybersecurity checklist items that
 * scan data can give evidence for.
 *
 * Hospitals answer the MHLW 医療機関におけるサイバーセキュリティ対策チェック
 * リスト for on-site inspections, mostly from memory.  Several of its items
 * (and of the 2023 MHLW guide for medical devices) are about facts the
 * inventory holds: which devices are connected, whether the ledger knows
 * them, which offer remote access, run an operating system out of support,
 * are managed in clear text or still answer their factory settings.  This
 * file turns the inventory into those items, each with a status, the
 * counts and devices behind it, and what to do, in Japanese and English,
 * so the text, JSON and HTML writers (checklist-out.c) and the HTML report
 * show one answer.
 *
 * The rule for every item: a status only says what the data shows.  When
 * the scan cannot see something (the hospital's own diagram, an outbound
 * vendor VPN, a changed web password) the item says "cannot tell", and a
 * device with no security documents on file is a gap, never "safe".
 * Everything comes from the read model (db_inventory_load()), the
 * recorded ledger comparisons (db_reconcile_last()) and the addresses the
 * newest complete scan held back (db_foreach_held()).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/net.h"
#include "iomt/safety.h"
#include "report-int.h"

#define CK_STALE_DAYS	90	/* an inventory older than this is stale */
#define CK_DAY		86400

/* Ports on which HTTP is spoken inside TLS (lua/http.lua TLS_PORTS). */
static const int ck_tls_ports[] = { 443, 8443, 2762, 4443, 9443 };

/* Findings that mean a factory setting or open access answered. */
static const char *const ck_default_findings[] = {
	"snmp-default-community", "dicom-any-ae", "mqtt-anonymous", NULL
};

/* What building one checklist needs. */
struct ck {
	struct db		*db;
	struct checklist	*cl;
	const struct inventory	*inv;
	const struct inv_scan	*last;	/* newest complete scan, or NULL */
	const struct inv_scan	*newest; /* newest scan, or NULL */
	size_t			 n_listen; /* passive listen sessions */
	struct buf		 en, ja;	/* evidence being written */
};

const char *
report_checklist_status_name(enum checklist_status st)
{
	switch (st) {
	case CHECKLIST_MET:
		return "met";
	case CHECKLIST_NOT_MET:
		return "not_met";
	case CHECKLIST_PARTLY:
		return "partly";
	default:
		return "cannot_tell";
	}
}

/* Start item k: its fixed texts; the evidence buffers emptied. */
static struct checklist_item *
ck_item(struct ck *c, int k)
{
	struct checklist_item	*it = &c->cl->item[k];
	const struct checklist_def *d = &checklist_defs[k];

	it->id = d->id;
	it->mhlw = d->mhlw;
	it->ref_en = d->ref_en;
	it->ref_ja = d->ref_ja;
	it->text_en = d->text_en;
	it->text_ja = d->text_ja;
	buf_truncate(&c->en, 0);
	buf_truncate(&c->ja, 0);
	if ((size_t)k + 1 > c->cl->n_item)
		c->cl->n_item = (size_t)k + 1;
	return it;
}

/* Finish item it with status st: the evidence and the advice for st. */
static void
ck_done(struct ck *c, struct checklist_item *it, enum checklist_status st)
{
	const struct checklist_def *d = &checklist_defs[it - c->cl->item];

	it->status = st;
	it->evidence_en = xstrdup(buf_str(&c->en));
	it->evidence_ja = xstrdup(buf_str(&c->ja));
	it->todo_en = d->todo_en[st];
	it->todo_ja = d->todo_ja[st];
}

static void
ck_count(struct checklist_item *it, const char *key, int64_t n)
{
	if (it->n_count < CHECKLIST_MAX_COUNTS) {
		it->count[it->n_count].key = key;
		it->count[it->n_count++].n = n;
	}
}

/* Name h as failing it, for why (both languages). */
static void
ck_host(struct checklist_item *it, const struct inv_host *h,
    const char *why_en, const char *why_ja)
{
	struct checklist_host	*o;
	struct buf		 b = { NULL, 0, 0 };
	const struct inv_identity *id = h->identity;

	if (it->n_host % 16 == 0)
		it->host = xreallocarray(it->host, it->n_host + 16,
		    sizeof(*it->host));
	o = &it->host[it->n_host++];
	o->ip = xstrdup(h->ip);
	text_vendor_model(&b, id != NULL && id->vendor != NULL &&
	    id->vendor[0] != '\0' ? id->vendor : h->oui_vendor,
	    id != NULL ? id->model : NULL);
	o->name = b.len > 0 ? buf_steal(&b) : NULL;
	buf_free(&b);
	o->why_en = xstrdup(why_en != NULL ? why_en : "");
	o->why_ja = xstrdup(why_ja != NULL ? why_ja : "");
}

/* "device" or "devices" for n, and the verb to go with it. */
static const char *
ck_dev(int64_t n)
{
	return n == 1 ? "device" : "devices";
}

static const char *
ck_was(int64_t n)
{
	return n == 1 ? "was" : "were";
}

static const char *
ck_is(int64_t n)
{
	return n == 1 ? "is" : "are";
}

/* The day of t for people ("2026-12-03"), local time. */
static const char *
ck_day(char *dst, size_t dsize, int64_t t)
{
	time_local(dst, dsize, t);
	if (strlen(dst) > 10)
		dst[10] = '\0';
	return dst;
}

static int
ck_open(const struct inv_service *s, const char *proto)
{
	return s->state != NULL && strcmp(s->state, "open") == 0 &&
	    s->proto != NULL && strcmp(s->proto, proto) == 0;
}

static int
ck_has_finding(const struct inv_host *h, const char *id)
{
	for (size_t i = 0; i < h->n_finding; i++)
		if (h->finding[i].id != NULL &&
		    strcmp(h->finding[i].id, id) == 0)
			return 1;
	return 0;
}

static int
ck_one_of(const char *s, const char *const *set)
{
	if (s == NULL)
		return 0;
	for (size_t i = 0; set[i] != NULL; i++)
		if (strcmp(s, set[i]) == 0)
			return 1;
	return 0;
}

static const char *
ck_class(const struct inv_host *h)
{
	if (h->identity == NULL || h->identity->device_class == NULL ||
	    h->identity->device_class[0] == '\0' ||
	    strcmp(h->identity->device_class, "unknown") == 0)
		return NULL;
	return h->identity->device_class;
}

/*
 * 1 when the scans could not look at every port of h: it matched a
 * fragile-device profile, whose limits forbid some probes (Telnet, FTP,
 * payloads, UDP), or the last scan that saw it held it back.  What such
 * a device offers is only partly known.
 */
static int
ck_restricted(const struct inv_host *h)
{
	return h->fragile != NULL || (h->state != NULL &&
	    (strcmp(h->state, "held") == 0 ||
	    strcmp(h->state, "excluded") == 0));
}

/* Name the restricted host h in it, saying why. */
static void
ck_host_restricted(struct checklist_item *it, const struct inv_host *h)
{
	struct buf	 en = { NULL, 0, 0 }, ja = { NULL, 0, 0 };

	if (h->fragile != NULL && h->fragile->profile_id != NULL) {
		buf_addf(&en, "fragile-device profile %s: not every port was "
		    "probed", h->fragile->profile_id);
		buf_addf(&ja, "壊れやすい機器のプロファイル %s："
		    "すべてのポートは調べていません", h->fragile->profile_id);
	} else {
		buf_add(&en, "held back by policy: not probed");
		buf_add(&ja, "ポリシーにより送信を控えたため、調べていません");
	}
	ck_host(it, h, buf_str(&en), buf_str(&ja));
	buf_free(&en);
	buf_free(&ja);
}

/* The evidence sentence for n restricted devices, about what (both). */
static void
ck_restricted_say(struct ck *c, size_t n, const char *what_en,
    const char *what_ja)
{
	if (n == 0)
		return;
	buf_addf(&c->en, " %zu %s %s scanned under a fragile-device profile "
	    "or held back by policy, so %s on %s were not all looked at.", n,
	    ck_dev((int64_t)n), ck_was((int64_t)n), what_en,
	    n == 1 ? "it" : "them");
	buf_addf(&c->ja, "%zu 台は壊れやすい機器のプロファイルやポリシーにより"
	    "調べる範囲を限ったため、%sをすべては確認していません。", n,
	    what_ja);
}

/* ------------------------------------------------------------------ */
/* Networked devices inventoried. */

struct ck_scan_count {
	int64_t		 answered, breaker;
	int64_t		 held;
};

static int
ck_host_scan_cb(void *arg, const struct db_host_scan_row *row)
{
	struct ck_scan_count	*n = arg;

	if (strcmp(row->state, "up") == 0)
		n->answered++;
	else if (strcmp(row->state, "breaker") == 0) {
		n->answered++;
		n->breaker++;
	}
	return 0;
}

static int
ck_held_cb(void *arg, const struct db_held_row *row)
{
	struct ck_scan_count	*n = arg;

	(void)row;
	n->held++;
	return 0;
}

/* The addresses the targets text of a scan names (unparsable: none). */
static uint64_t
ck_target_count(const char *targets)
{
	struct target_set	 ts;
	char			*t, *p, *save = NULL, err[128];
	uint64_t		 n;

	if (targets == NULL)
		return 0;
	target_set_init(&ts);
	t = xstrdup(targets);
	for (p = strtok_r(t, " ,", &save); p != NULL;
	    p = strtok_r(NULL, " ,", &save))
		(void)target_set_add(&ts, p, err, sizeof(err));
	free(t);
	target_set_finish(&ts);
	n = target_set_count(&ts);
	target_set_free(&ts);
	return n;
}

static int
ck_inventory(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_INVENTORY);
	const struct inventory	*inv = c->inv;
	const struct inv_scan	*newest = c->newest;
	struct ck_scan_count	 n = { 0, 0, 0 };
	enum checklist_status	 st;
	uint64_t		 addrs = 0;
	int64_t			 age = 0;
	char			 day[40];
	int			 r;

	ck_count(it, "scans", (int64_t)c->cl->n_scans);
	ck_count(it, "complete_scans", (int64_t)c->cl->n_complete);
	ck_count(it, "listen_sessions", (int64_t)c->n_listen);
	ck_count(it, "hosts", (int64_t)inv->n_host);
	if (c->last == NULL && c->n_listen > 0) {
		/* Only what devices announced: the silent ones are missing. */
		buf_addf(&c->en, "No complete scan; %zu passive listen "
		    "session%s found %zu %s by what they announced. Devices "
		    "that announce nothing are not in the inventory.",
		    c->n_listen, c->n_listen == 1 ? "" : "s", inv->n_host,
		    ck_dev((int64_t)inv->n_host));
		buf_addf(&c->ja, "完了したスキャンはありません。受信のみの記録 "
		    "%zu 回で、機器が自ら発信した情報から %zu 台を把握して"
		    "います。何も発信しない機器はインベントリにありません。",
		    c->n_listen, inv->n_host);
		ck_done(c, it, CHECKLIST_PARTLY);
		return 0;
	}
	if (c->last == NULL) {
		if (c->cl->n_scans == 0) {
			buf_add(&c->en, "No scan has been run: there is no "
			    "list of connected devices.");
			buf_add(&c->ja, "スキャンがまだ一度も行われていない"
			    "ため、接続機器の一覧がありません。");
		} else {
			buf_addf(&c->en, "%zu scan%s recorded, none complete; "
			    "the inventory holds %zu %s.", c->cl->n_scans,
			    c->cl->n_scans == 1 ? "" : "s", inv->n_host,
			    ck_dev((int64_t)inv->n_host));
			buf_addf(&c->ja, "記録されたスキャン %zu 回のうち、"
			    "最後まで完了したものはありません（インベントリ"
			    "の機器 %zu 台）。", c->cl->n_scans, inv->n_host);
		}
		ck_done(c, it, CHECKLIST_NOT_MET);
		return 0;
	}
	if ((r = db_foreach_host_scan(c->db, c->last->id, ck_host_scan_cb,
	    &n)) != 0 || (r = db_foreach_held(c->db, c->last->id, ck_held_cb,
	    &n)) != 0)
		return r;
	addrs = ck_target_count(c->last->targets);
	age = (inv->generated - c->last->started) / CK_DAY;
	if (age < 0)
		age = 0;
	ck_count(it, "addresses", (int64_t)addrs);
	ck_count(it, "answered", n.answered);
	ck_count(it, "held", n.held);
	ck_count(it, "breaker", n.breaker);
	ck_count(it, "age_days", age);
	ck_day(day, sizeof(day), c->last->started);
	buf_addf(&c->en, "%zu scan%s recorded, %zu complete. The last complete "
	    "scan (%s, %lld day%s ago) covered %llu address%s: %lld %s "
	    "answered, %lld address%s %s held back by policy, %lld %s %s left "
	    "alone after it stopped answering. The inventory holds %zu %s.",
	    c->cl->n_scans, c->cl->n_scans == 1 ? "" : "s",
	    c->cl->n_complete, day,
	    (long long)age, age == 1 ? "" : "s", (unsigned long long)addrs,
	    addrs == 1 ? "" : "es", (long long)n.answered, ck_dev(n.answered),
	    (long long)n.held, n.held == 1 ? "" : "es", ck_was(n.held),
	    (long long)n.breaker, ck_dev(n.breaker), ck_was(n.breaker),
	    inv->n_host, ck_dev((int64_t)inv->n_host));
	buf_addf(&c->ja, "記録されたスキャン %zu 回、うち完了 %zu 回。"
	    "最後に完了したスキャン（%s、%lld 日前）は %llu アドレスを"
	    "対象とし、%lld 台が応答、%lld アドレスはポリシーにより送信を"
	    "控え、%lld 台は応答しなくなったため通信を止めました。"
	    "インベントリの機器は %zu 台です。",
	    c->cl->n_scans, c->cl->n_complete, day, (long long)age,
	    (unsigned long long)addrs, (long long)n.answered,
	    (long long)n.held, (long long)n.breaker, inv->n_host);
	st = CHECKLIST_MET;
	if (age > CK_STALE_DAYS) {
		buf_addf(&c->en, " That is more than %d days ago.",
		    CK_STALE_DAYS);
		buf_addf(&c->ja, "%d 日以上前のスキャンです。", CK_STALE_DAYS);
		st = CHECKLIST_PARTLY;
	}
	if (newest != NULL && newest != c->last &&
	    strcmp(newest->status, "complete") != 0) {
		buf_addf(&c->en, " The newest scan (#%lld) did not complete "
		    "(%s).", (long long)newest->id, newest->status);
		buf_addf(&c->ja, "最新のスキャン（#%lld）は完了していません"
		    "（%s）。", (long long)newest->id, newest->status);
		st = CHECKLIST_PARTLY;
	}
	if (n.breaker > 0)
		st = CHECKLIST_PARTLY;
	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		if (h->last_scan == c->last->id && h->state != NULL &&
		    strcmp(h->state, "breaker") == 0)
			ck_host(it, h, "stopped answering during the scan: "
			    "check the device", "スキャン中に応答しなくなり"
			    "ました：機器の状態を確認してください");
	}
	ck_done(c, it, st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The ledger reconciled and current. */

static int
ck_ledger(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_LEDGER);
	const struct inventory	*inv = c->inv;
	struct db_reconcile_run	 run;
	enum checklist_status	 st;
	char			 sbuf[1024], day[40];
	int64_t			 runs = 0;
	size_t			 managed = 0;
	int			 r, have_run;

	r = db_reconcile_last(c->db, &run, &runs, sbuf, sizeof(sbuf));
	if (r != 0 && r != IOMT_ENOTFOUND)
		return r;
	have_run = r == 0;
	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		if (db_inv_annotation(h, "ledger_id") != NULL)
			managed++;
		else
			ck_host(it, h, "no ledger ID", "台帳の管理番号なし");
	}
	ck_count(it, "hosts", (int64_t)inv->n_host);
	ck_count(it, "with_ledger_id", (int64_t)managed);
	ck_count(it, "unmanaged", (int64_t)(inv->n_host - managed));
	ck_count(it, "reconcile_runs", runs);
	if (inv->n_host == 0) {
		buf_add(&c->en, "The inventory holds no device yet.");
		buf_add(&c->ja, "インベントリにはまだ機器がありません。");
	} else {
		buf_addf(&c->en, "%zu of %zu %s carry a ledger ID (from "
		    "'reconcile --apply' or 'annotate'); %zu %s in no ledger.",
		    managed, inv->n_host, ck_dev((int64_t)inv->n_host),
		    inv->n_host - managed,
		    ck_is((int64_t)(inv->n_host - managed)));
		buf_addf(&c->ja, "%zu 台中 %zu 台に台帳の管理番号があり"
		    "（「reconcile --apply」または「annotate」で登録）、"
		    "%zu 台は台帳にありません。", inv->n_host, managed,
		    inv->n_host - managed);
	}
	if (have_run) {
		ck_count(it, "last_rows", run.rows);
		ck_count(it, "last_matched", run.matched);
		ck_count(it, "last_unmanaged", run.unmanaged);
		ck_count(it, "last_missing", run.missing);
		ck_day(day, sizeof(day), run.t);
		buf_addf(&c->en, " Last compared with the ledger on %s (%s): "
		    "%lld rows, %lld matched, %lld devices in no row, %lld "
		    "rows not found on the network.", day, run.ledger,
		    (long long)run.rows, (long long)run.matched,
		    (long long)run.unmanaged, (long long)run.missing);
		buf_addf(&c->ja, "最後の台帳との突き合わせは %s（%s）："
		    "%lld 行、一致 %lld、台帳にない機器 %lld 台、"
		    "ネットワークで見つからない行 %lld。", day, run.ledger,
		    (long long)run.rows, (long long)run.matched,
		    (long long)run.unmanaged, (long long)run.missing);
	} else {
		buf_add(&c->en, " No comparison with the ledger is recorded.");
		buf_add(&c->ja, "台帳との突き合わせの記録はありません。");
	}
	if (inv->n_host == 0)
		st = CHECKLIST_UNKNOWN;
	else if (managed == inv->n_host && (!have_run || run.missing == 0))
		st = CHECKLIST_MET;
	else if (managed == 0 && (!have_run || run.matched == 0))
		st = CHECKLIST_NOT_MET;
	else
		st = CHECKLIST_PARTLY;
	ck_done(c, it, st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Medical devices on the diagram. */

static void
ck_diagram(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_DIAGRAM);
	const struct inventory	*inv = c->inv;
	size_t			 med = 0, ident = 0, located = 0, unknown = 0;
	enum checklist_status	 st;

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host	*h = &inv->host[i];
		const char		*cls = ck_class(h);
		const struct inv_identity *id = h->identity;

		if (cls == NULL) {
			unknown++;
			ck_host(it, h, "kind of device unknown",
			    "機器の種類が不明");
			continue;
		}
		if (device_class_kind(cls) != DEVCLASS_MEDICAL)
			continue;
		med++;
		if (db_inv_annotation(h, "location") != NULL)
			located++;
		if (id->vendor != NULL && id->vendor[0] != '\0' &&
		    id->model != NULL && id->model[0] != '\0')
			ident++;
		else
			ck_host(it, h, "medical device, maker or model unknown",
			    "医療機器（メーカーまたは型番が不明）");
	}
	ck_count(it, "medical", (int64_t)med);
	ck_count(it, "medical_identified", (int64_t)ident);
	ck_count(it, "medical_located", (int64_t)located);
	ck_count(it, "unknown_kind", (int64_t)unknown);
	buf_addf(&c->en, "%zu medical %s found: %zu identified by maker and "
	    "model, %zu with a recorded location.", med, ck_dev((int64_t)med),
	    ident, located);
	buf_addf(&c->ja, "医療機器 %zu 台：メーカーと型番が分かったもの "
	    "%zu 台、設置場所が登録済みのもの %zu 台。", med, ident,
	    located);
	if (unknown > 0) {
		buf_addf(&c->en, " %zu %s %s of an unknown kind and may "
		    "include medical devices.", unknown,
		    ck_dev((int64_t)unknown), ck_is((int64_t)unknown));
		buf_addf(&c->ja, "種類が不明な機器が %zu 台あり、医療機器が"
		    "含まれている可能性があります。", unknown);
	}
	buf_add(&c->en, " The diagram iomtscan draws ('export --format svg') "
	    "marks every medical device; whether the hospital's own diagram "
	    "has them cannot be seen from the network.");
	buf_add(&c->ja, "iomtscan が描く構成図（「export --format svg」）には"
	    "すべての医療機器が示されますが、病院の構成図に載っているかは"
	    "ネットワークからは分かりません。");
	if (med == 0)
		st = CHECKLIST_UNKNOWN;
	else if (ident == med && unknown == 0)
		st = CHECKLIST_MET;
	else if (ident == 0)
		st = CHECKLIST_NOT_MET;
	else
		st = CHECKLIST_PARTLY;
	ck_done(c, it, st);
}

/* ------------------------------------------------------------------ */
/* Remote-maintenance lines known. */

/*
 * The remote-access services open on h ("VNC tcp/5900, SSH tcp/22"), as
 * report_remote_list() classifies them, into b.
 */
static void
ck_remote_of(const struct inv_host *h, struct buf *b)
{
	struct report_remote	 r[16];
	size_t			 n;

	buf_truncate(b, 0);
	n = report_remote_list(h, REPORT_REMOTE_OPEN, r, 16);
	for (size_t i = 0; i < n && i < 16; i++) {
		buf_addf(b, "%s%s", b->len ? ", " : "", r[i].product != NULL ?
		    r[i].product : r[i].name);
		buf_addf(b, " %s/%d", r[i].svc->proto, r[i].svc->port);
	}
	if (n > 16)
		buf_addf(b, ", +%zu", n - 16);
}

static void
ck_remote_item(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_REMOTE);
	const struct inventory	*inv = c->inv;
	struct buf		 b = { NULL, 0, 0 }, w = { NULL, 0, 0 };
	struct buf		 wj = { NULL, 0, 0 };
	size_t			 nr = 0, known = 0, restr = 0;
	enum checklist_status	 st;

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		ck_remote_of(h, &b);
		if (b.len == 0) {
			if (ck_restricted(h)) {
				restr++;
				ck_host_restricted(it, h);
			}
			continue;
		}
		nr++;
		if (db_inv_annotation(h, "ledger_id") != NULL ||
		    db_inv_annotation(h, "note") != NULL) {
			known++;
			continue;
		}
		buf_truncate(&w, 0);
		buf_addf(&w, "%s; not in the ledger", buf_str(&b));
		buf_truncate(&wj, 0);
		buf_addf(&wj, "%s：台帳に記録なし", buf_str(&b));
		ck_host(it, h, buf_str(&w), buf_str(&wj));
	}
	buf_free(&b);
	buf_free(&w);
	buf_free(&wj);
	ck_count(it, "remote_hosts", (int64_t)nr);
	ck_count(it, "remote_known", (int64_t)known);
	ck_count(it, "remote_unknown", (int64_t)(nr - known));
	ck_count(it, "restricted", (int64_t)restr);
	buf_addf(&c->en, "%zu %s accept%s remote access (SSH, Telnet, RDP, "
	    "VNC, TeamViewer, AnyDesk, vendor gateways, ...); %zu of them %s "
	    "in the ledger or carry a note. Lines a device or vendor opens "
	    "outward (a VPN, a vendor's cloud) cannot be seen by a scan.", nr,
	    ck_dev((int64_t)nr), nr == 1 ? "s" : "", known,
	    ck_is((int64_t)known));
	buf_addf(&c->ja, "リモート接続（SSH、Telnet、RDP、VNC、TeamViewer、"
	    "AnyDesk、保守用ゲートウェイなど）を受け付けている機器は "
	    "%zu 台、うち台帳に載っているかメモがあるものは %zu 台です。"
	    "機器や事業者が外向きに張る回線（VPN、クラウドなど）は"
	    "スキャンでは見えません。", nr, known);
	ck_restricted_say(c, restr, "remote-access ports", "リモート接続の"
	    "ポート");
	if (nr == 0)
		st = CHECKLIST_UNKNOWN;
	else if (known == nr)
		st = restr > 0 ? CHECKLIST_PARTLY : CHECKLIST_MET;
	else if (known == 0)
		st = CHECKLIST_NOT_MET;
	else
		st = CHECKLIST_PARTLY;
	ck_done(c, it, st);
}

/* ------------------------------------------------------------------ */
/* Legacy, unsupported operating systems. */

int
report_os_legacy(const char *os)
{
	static const char *const names[] = {
		"(legacy)", "Windows 2000", "Windows XP", "Windows Vista",
		"Windows 7", "Windows 8", "Windows NT", "Windows CE",
		"Server 2003", "Server 2008", "Server 2012", "Windows 2003",
		"Windows 2008", "Windows 2012", "Windows Embedded Standard 7",
		"POSReady", NULL
	};
	const char	*p;

	if (os == NULL)
		return 0;
	for (size_t i = 0; names[i] != NULL; i++)
		if (strstr(os, names[i]) != NULL)
			return 1;
	if (strncmp(os, "Windows ", 8) == 0 && os[8] >= '4' &&
	    os[8] <= '6' && os[9] == '.')
		return 1;
	if ((p = strstr(os, "Linux ")) != NULL && (p[6] == '2' ||
	    p[6] == '3') && p[7] == '.')
		return 1;
	return 0;
}

static void
ck_legacy(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_LEGACY);
	const struct inventory	*inv = c->inv;
	size_t			 known = 0, legacy = 0;
	enum checklist_status	 st;
	struct buf		 w = { NULL, 0, 0 };

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host	*h = &inv->host[i];
		const char		*os = h->identity != NULL &&
		    h->identity->os != NULL && h->identity->os[0] != '\0' ?
		    h->identity->os : NULL;
		int			 smb1 = ck_has_finding(h,
		    "smb1-enabled");

		if (os != NULL)
			known++;
		if (!report_os_legacy(os) && !ck_has_finding(h,
		    "legacy-windows") && !smb1)
			continue;
		legacy++;
		buf_truncate(&w, 0);
		buf_add(&w, os != NULL ? os : "Windows out of support");
		if (smb1)
			buf_add(&w, ", SMBv1 on");
		ck_host(it, h, buf_str(&w), buf_str(&w));
	}
	buf_free(&w);
	ck_count(it, "hosts", (int64_t)inv->n_host);
	ck_count(it, "os_known", (int64_t)known);
	ck_count(it, "legacy", (int64_t)legacy);
	if (legacy == 0 && known < inv->n_host)
		for (size_t i = 0; i < inv->n_host; i++) {
			const struct inv_host *h = &inv->host[i];

			if (h->identity == NULL || h->identity->os == NULL ||
			    h->identity->os[0] == '\0')
				ck_host(it, h, "operating system unknown",
				    "OS が不明");
		}
	buf_addf(&c->en, "The operating system is known for %zu of %zu %s; "
	    "%zu run%s a system out of support (or still speak%s SMBv1).",
	    known, inv->n_host, ck_dev((int64_t)inv->n_host), legacy,
	    legacy == 1 ? "s" : "", legacy == 1 ? "s" : "");
	buf_addf(&c->ja, "%zu 台中 %zu 台の OS が分かり、%zu 台がサポート終了の"
	    "OS で動いています（または SMBv1 を使っています）。", inv->n_host,
	    known, legacy);
	if (legacy > 0)
		st = CHECKLIST_NOT_MET;
	else if (known == 0)
		st = CHECKLIST_UNKNOWN;
	else if (known < inv->n_host)
		st = CHECKLIST_PARTLY;
	else
		st = CHECKLIST_MET;
	ck_done(c, it, st);
}

/* ------------------------------------------------------------------ */
/* Cleartext management, and logins a scan cannot judge. */

/* What h offers in clear text. */
struct ck_clear {
	int	 telnet, ftp, http, http_login, snmp_public;
	struct buf what;	/* "Telnet tcp/23, HTTP tcp/80" */
};

static int
ck_tls_port(int port)
{
	for (size_t i = 0; i < sizeof(ck_tls_ports) / sizeof(ck_tls_ports[0]);
	    i++)
		if (ck_tls_ports[i] == port)
			return 1;
	return 0;
}

static void
ck_clear_of(const struct inv_host *h, struct ck_clear *o)
{
	struct buf	*b = &o->what;

	o->telnet = o->ftp = o->http = o->http_login = o->snmp_public = 0;
	buf_truncate(b, 0);
	for (size_t i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];
		const char		*name = s->service != NULL ?
		    s->service : "";

		if (!ck_open(s, "tcp"))
			continue;
		if (s->port == 23 || strcmp(name, "telnet") == 0) {
			o->telnet++;
			buf_addf(b, "%sTelnet tcp/%d", b->len ? ", " : "",
			    s->port);
		} else if (s->port == 21 || strcmp(name, "ftp") == 0) {
			o->ftp++;
			buf_addf(b, "%sFTP tcp/%d", b->len ? ", " : "",
			    s->port);
		} else if ((strcmp(name, "http") == 0 || (s->banner != NULL &&
		    strncmp(s->banner, "HTTP/1.", 7) == 0)) &&
		    !ck_tls_port(s->port)) {
			o->http++;
			buf_addf(b, "%sHTTP tcp/%d", b->len ? ", " : "",
			    s->port);
		}
	}
	for (size_t i = 0; i < h->n_finding; i++) {
		const struct inv_finding *f = &h->finding[i];

		if (f->id == NULL)
			continue;
		if (strcmp(f->id, "cleartext-http-login") == 0) {
			o->http_login++;
			buf_addf(b, "%sweb login over HTTP tcp/%d",
			    b->len ? ", " : "", f->port);
		} else if (strcmp(f->id, "snmp-default-community") == 0) {
			o->snmp_public++;
			buf_addf(b, "%sSNMP community public/private udp/%d",
			    b->len ? ", " : "", f->port != 0 ? f->port : 161);
		}
	}
}

static void
ck_cleartext(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_CLEARTEXT);
	const struct inventory	*inv = c->inv;
	struct ck_clear		 o = { 0, 0, 0, 0, 0, { NULL, 0, 0 } };
	int64_t			 telnet = 0, ftp = 0, http = 0, login = 0;
	int64_t			 snmp = 0, hosts = 0, strong = 0;
	size_t			 restr = 0;
	enum checklist_status	 st;

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		ck_clear_of(h, &o);
		if (o.what.len == 0) {
			if (ck_restricted(h)) {
				restr++;
				ck_host_restricted(it, h);
			}
			continue;
		}
		hosts++;
		telnet += o.telnet > 0;
		ftp += o.ftp > 0;
		http += o.http > 0;
		login += o.http_login > 0;
		snmp += o.snmp_public > 0;
		strong += o.telnet + o.ftp + o.http_login + o.snmp_public > 0;
		ck_host(it, h, buf_str(&o.what), buf_str(&o.what));
	}
	buf_free(&o.what);
	ck_count(it, "hosts", hosts);
	ck_count(it, "telnet", telnet);
	ck_count(it, "ftp", ftp);
	ck_count(it, "http", http);
	ck_count(it, "http_login", login);
	ck_count(it, "snmp_public", snmp);
	ck_count(it, "restricted", (int64_t)restr);
	buf_addf(&c->en, "%lld %s %s reachable in clear text: Telnet on "
	    "%lld, FTP on %lld, plain HTTP on %lld (a login page over HTTP "
	    "on %lld), SNMP answering the community public or private on "
	    "%lld.", (long long)hosts, ck_dev(hosts), ck_is(hosts),
	    (long long)telnet, (long long)ftp, (long long)http,
	    (long long)login, (long long)snmp);
	buf_addf(&c->ja, "暗号化されない通信で管理できる機器は %lld 台：Telnet "
	    "%lld 台、FTP %lld 台、HTTP %lld 台（うち HTTP のログイン画面 %lld "
	    "台）、コミュニティ名 public/private で応答する SNMP %lld 台。",
	    (long long)hosts, (long long)telnet, (long long)ftp,
	    (long long)http, (long long)login, (long long)snmp);
	ck_restricted_say(c, restr, "Telnet, FTP and the other management "
	    "services", "Telnet、FTP などの管理用サービス");
	if (inv->n_host == 0)
		st = CHECKLIST_UNKNOWN;
	else if (strong > 0)
		st = CHECKLIST_NOT_MET;
	else if (hosts > 0 || restr > 0)
		st = CHECKLIST_PARTLY;
	else
		st = CHECKLIST_MET;
	ck_done(c, it, st);
}

/* The services of h where a person logs in ("SSH tcp/22"), into b. */
static void
ck_logins_of(const struct inv_host *h, struct buf *b)
{
	buf_truncate(b, 0);
	ck_remote_of(h, b);
	for (size_t i = 0; i < h->n_svc; i++)
		if (ck_open(&h->svc[i], "tcp") && (h->svc[i].port == 21 ||
		    (h->svc[i].service != NULL &&
		    strcmp(h->svc[i].service, "ftp") == 0)))
			buf_addf(b, "%sFTP tcp/%d", b->len ? ", " : "",
			    h->svc[i].port);
	for (size_t i = 0; i < h->n_finding; i++)
		if (h->finding[i].id != NULL &&
		    strcmp(h->finding[i].id, "cleartext-http-login") == 0)
			buf_addf(b, "%sweb login tcp/%d", b->len ? ", " : "",
			    h->finding[i].port);
}

static void
ck_defaults(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_DEFAULTS);
	const struct inventory	*inv = c->inv;
	struct buf		 w = { NULL, 0, 0 };
	int64_t			 nf = 0, hosts = 0, logins = 0;
	size_t			 restr = 0;
	enum checklist_status	 st;

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		buf_truncate(&w, 0);
		for (size_t k = 0; k < h->n_finding; k++) {
			const struct inv_finding *f = &h->finding[k];

			if (!ck_one_of(f->id, ck_default_findings))
				continue;
			nf++;
			buf_addf(&w, "%s%s", w.len ? ", " : "", f->id);
			if (f->port != 0)
				buf_addf(&w, " port %d", f->port);
		}
		if (w.len > 0) {
			hosts++;
			ck_host(it, h, buf_str(&w), buf_str(&w));
		}
	}
	if (hosts == 0)
		for (size_t i = 0; i < inv->n_host; i++) {
			const struct inv_host *h = &inv->host[i];

			ck_logins_of(h, &w);
			if (w.len > 0) {
				logins++;
				ck_host(it, h, buf_str(&w), buf_str(&w));
			} else if (ck_restricted(h)) {
				restr++;
				ck_host_restricted(it, h);
			}
		}
	buf_free(&w);
	ck_count(it, "findings", nf);
	ck_count(it, "hosts", hosts);
	ck_count(it, "login_hosts", logins);
	ck_count(it, "restricted", (int64_t)restr);
	buf_addf(&c->en, "%lld %s answered a factory setting or let anyone "
	    "in (%lld finding%s: SNMP community public/private, DICOM "
	    "accepting any AE title, MQTT without a password).",
	    (long long)hosts, ck_dev(hosts), (long long)nf, nf == 1 ? "" : "s");
	buf_addf(&c->ja, "出荷時の設定で応答した、または誰でも接続できた機器は "
	    "%lld 台（指摘 %lld 件：SNMP コミュニティ名 public/private、任意の "
	    "AE タイトルを受け付ける DICOM、パスワードなしの MQTT）。",
	    (long long)hosts, (long long)nf);
	if (hosts == 0 && logins > 0) {
		buf_addf(&c->en, " %lld %s %s logins (SSH, Telnet, FTP, remote "
		    "desktop, web) whose passwords a scan cannot judge.",
		    (long long)logins, ck_dev(logins), logins == 1 ? "has" :
		    "have");
		buf_addf(&c->ja, "ログインできるサービス（SSH、Telnet、FTP、"
		    "リモートデスクトップ、Web）を持つ機器が %lld 台あり、その"
		    "パスワードはスキャンでは判断できません。",
		    (long long)logins);
	}
	ck_restricted_say(c, restr, "their logins", "ログイン");
	if (inv->n_host == 0)
		st = CHECKLIST_UNKNOWN;
	else if (hosts > 0)
		st = CHECKLIST_NOT_MET;
	else if (logins > 0 || restr > 0)
		st = CHECKLIST_UNKNOWN;
	else
		st = CHECKLIST_MET;
	ck_done(c, it, st);
}

/* ------------------------------------------------------------------ */
/* What is on file about each device: MDS2, SBOM, advisories. */

static void
ck_knowledge(struct ck *c)
{
	struct checklist_item	*it = ck_item(c, CHECKLIST_I_KNOWLEDGE);
	const struct inventory	*inv = c->inv;

	for (size_t i = 0; i < inv->n_host; i++)
		ck_host(it, &inv->host[i], "nothing on file: no MDS2, no SBOM, "
		    "no advisory", "資料なし：MDS2・SBOM・脆弱性情報のいずれも"
		    "未登録");
	ck_count(it, "hosts", (int64_t)inv->n_host);
	ck_count(it, "with_mds2", 0);
	ck_count(it, "with_sbom", 0);
	ck_count(it, "with_advisory", 0);
	ck_count(it, "gaps", (int64_t)inv->n_host);
	buf_addf(&c->en, "Nothing is on file for any of the %zu %s: no "
	    "MDS2, no SBOM and no advisory has been imported. Every device "
	    "is listed as a gap, not as safe.", inv->n_host,
	    ck_dev((int64_t)inv->n_host));
	buf_addf(&c->ja, "%zu 台のどの機器についても、MDS2、SBOM、脆弱性情報の"
	    "いずれも登録されていません。すべての機器を「安全」ではなく「情報が"
	    "ない」として挙げています。", inv->n_host);
	ck_done(c, it, inv->n_host == 0 ? CHECKLIST_UNKNOWN :
	    CHECKLIST_NOT_MET);
}

/* ------------------------------------------------------------------ */

int
report_checklist_build(struct db *db, struct checklist **out)
{
	struct inventory	*inv = NULL;
	struct checklist	*cl = NULL;
	struct ck		 c;
	int			 r;

	if (out != NULL)
		*out = NULL;
	if (db == NULL || out == NULL)
		return IOMT_EINVAL;
	memset(&c, 0, sizeof(c));
	if ((r = db_inventory_load(db, &inv)) != 0)
		goto out;
	cl = xcalloc(1, sizeof(*cl));
	cl->generated = inv->generated;
	cl->n_hosts = inv->n_host;
	for (size_t i = 0; i < inv->n_scan; i++) {
		const struct inv_scan *sc = &inv->scan[i];

		/* `listen` records its sessions as scans of "listen ...". */
		if (sc->targets != NULL &&
		    strncmp(sc->targets, "listen ", 7) == 0) {
			c.n_listen++;
			continue;
		}
		cl->n_scans++;
		c.newest = sc;
		if (strcmp(sc->status, "complete") == 0) {
			cl->n_complete++;
			c.last = sc;
		}
	}
	cl->last_complete = c.last != NULL ? c.last->started : 0;
	c.db = db;
	c.cl = cl;
	c.inv = inv;
	if ((r = ck_inventory(&c)) != 0 || (r = ck_ledger(&c)) != 0)
		goto out;
	ck_diagram(&c);
	ck_remote_item(&c);
	ck_legacy(&c);
	ck_cleartext(&c);
	ck_defaults(&c);
	ck_knowledge(&c);
	*out = cl;
	cl = NULL;
	r = 0;
 out:
	buf_free(&c.en);
	buf_free(&c.ja);
	report_checklist_free(cl);
	db_inventory_free(inv);
	return r;
}

struct checklist *
report_checklist_free(struct checklist *cl)
{
	if (cl == NULL)
		return NULL;
	for (size_t i = 0; i < cl->n_item; i++) {
		struct checklist_item *it = &cl->item[i];

		for (size_t k = 0; k < it->n_host; k++) {
			free(it->host[k].ip);
			free(it->host[k].name);
			free(it->host[k].why_en);
			free(it->host[k].why_ja);
		}
		free(it->host);
		free(it->evidence_en);
		free(it->evidence_ja);
	}
	free(cl);
	return NULL;
}
