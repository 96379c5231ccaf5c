/*
 * src/report/onboard.c - the checklist `iomtscan onboard IP` prints for
 * one device just connected (docs/ONBOARD.md).
 *
 * When a new device is plugged in, the 医療機器安全管理責任者 and IT
 * staff need one page: what the scan says it is (each identity field
 * with the evidence behind it), what it listens on, what was found, the
 * fragile-device profile it matched, the advisories and makers'
 * documents on file, whether the ledger knows it, and what the record
 * still lacks (owner, location, maintenance contract, remote-maintenance
 * line, OS support status...) as a to-do list in plain words.  The page
 * is built once as the JSON document docs/json-schema/onboard.schema.json
 * describes, from the read model (report_host_load(), the reconcile
 * record); the text is printed from that document, every device string
 * through text_term(), so both outputs always say the same thing.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report-int.h"

#define ONBOARD_SCHEMA	"iomtscan-onboard/1"
#define ONBOARD_OBS	0	/* observations are not shown */
#define ONBOARD_RSVC	16	/* remote-access services looked at */

/* A fixed text in both languages. */
struct ob_text {
	const char	*key;
	const char	*en;
	const char	*ja;
};

/* Headings and words of the text output. */
static const struct ob_text ob_words[] = {
	{ "title", "Onboarding check for", "新規接続機器の確認:" },
	{ "answered", "The device answered (scan {scan}).",
	    "機器は応答しました（スキャン {scan}）。" },
	{ "silent", "THE DEVICE DID NOT ANSWER (scan {scan}): nothing was "
	    "learned from it now. Check that it is switched on and "
	    "connected, and that the address is right; then run onboard "
	    "again.",
	    "機器は応答しませんでした（スキャン {scan}）。今回は何も確認できて"
	    "いません。電源と接続、IPアドレスが正しいかを確かめてから、"
	    "もう一度 onboard を実行してください。" },
	{ "held", "The site policy or a fragile-device profile held it "
	    "back: nothing beyond ARP was sent to it in this scan ({scan}); "
	    "what follows is what the inventory knows.",
	    "サイトのポリシーまたは壊れやすい機器のプロファイルにより、今回の"
	    "スキャン（{scan}）ではARP以外は何も送っていません。以下は台帳"
	    "（インベントリ）に記録済みの内容です。" },
	{ "breaker", "It stopped answering during the scan and was left "
	    "alone (circuit breaker): check that the device still works "
	    "normally before anything else.",
	    "スキャン中に応答しなくなったため、それ以上の確認を中止しました"
	    "（サーキットブレーカー）。まず機器が正常に動いているかを確認して"
	    "ください。" },
	{ "unknown", "Nothing is on record for this address yet.",
	    "このアドレスの記録はまだありません。" },
	{ "device", "Device", "機器" },
	{ "mac", "MAC address", "MACアドレス" },
	{ "oui", "Maker of the network card", "ネットワーク部品の製造元" },
	{ "state", "State in this scan", "今回のスキャンでの状態" },
	{ "identity", "What it is (with the evidence)",
	    "機器の識別（根拠つき）" },
	{ "vendor", "Vendor", "製造販売業者" },
	{ "model", "Model", "型式" },
	{ "device_class", "Class", "機器の種類" },
	{ "firmware", "Firmware", "ファームウェア" },
	{ "os", "OS", "OS" },
	{ "confidence", "Confidence", "確からしさ" },
	{ "unidentified", "not identified", "識別できず" },
	{ "noevidence", "no evidence", "根拠なし" },
	{ "services", "Listening on", "待ち受けているポート" },
	{ "noservices", "nothing found open", "開いているポートは見つかり"
	    "ませんでした" },
	{ "findings", "Findings", "検出事項" },
	{ "nofindings", "none", "なし" },
	{ "fragile", "Fragile-device profile", "壊れやすい機器のプロファイル" },
	{ "nofragile", "none matched: the standard safety rules applied",
	    "該当なし（標準の安全ルールで確認しました）" },
	{ "hazard", "Hazard", "注意点" },
	{ "matched", "Matched on", "一致した根拠" },
	{ "advisories", "Advisories", "脆弱性情報（アドバイザリ）" },
	{ "noadvisories", "none on file for this device (a gap, not a clean "
	    "bill: import the maker's and CISA's advisories)",
	    "この機器に該当する情報は登録されていません（安全という意味では"
	    "ありません。製造販売業者やCISAの情報を取り込んでください）" },
	{ "documents", "Makers' documents (MDS2, SBOM)",
	    "製造販売業者の資料（MDS2・SBOM）" },
	{ "onfile", "on file", "登録済み" },
	{ "notonfile", "not on file", "未登録" },
	{ "ledger", "Ledger (台帳)", "台帳" },
	{ "inledger", "in the ledger: number", "台帳に登録済み: 管理番号" },
	{ "notinledger", "no ledger row matched this device",
	    "この機器に一致する台帳の行はありません" },
	{ "reconcile", "Last reconcile", "最後の台帳照合" },
	{ "noreconcile", "never: iomtscan reconcile --ledger FILE",
	    "未実施（iomtscan reconcile --ledger ファイル）" },
	{ "annotations", "Recorded", "記録済みの項目" },
	{ "todo", "To do (what the record still lacks)",
	    "やること（記録に足りないもの）" },
	{ "nothingtodo", "Nothing: the record is complete.",
	    "ありません。記録はそろっています。" },
	{ "done", "done", "済" },
	{ NULL, NULL, NULL }
};

/* The word key in Japanese (ja) or English; key itself when unknown. */
static const char *
word(const char *key, int ja)
{
	for (size_t i = 0; ob_words[i].key != NULL; i++)
		if (strcmp(ob_words[i].key, key) == 0)
			return ja ? ob_words[i].ja : ob_words[i].en;
	return key;
}

/*
 * The to-do items: what is missing, why it matters, how to record it.
 * {ip} stands for the address, {arg} for what the scan saw (the
 * operating system, the kinds of remote access).
 */
struct ob_todo {
	const char	*id;
	const char	*en;
	const char	*ja;
};

static const struct ob_todo ob_todos[] = {
	{ "owner",
	    "Record which department owns it and who to call when it "
	    "misbehaves: iomtscan annotate {ip} --owner DEPARTMENT",
	    "管理部署（不具合のときの連絡先）を記録してください: "
	    "iomtscan annotate {ip} --owner 部署名" },
	{ "location",
	    "Record where it stands (ward, room), so it can be found when "
	    "it must be unplugged: iomtscan annotate {ip} --location PLACE",
	    "設置場所（病棟・部屋）を記録してください。緊急にネットワークから"
	    "外すときに探せるようにするためです: "
	    "iomtscan annotate {ip} --location 場所" },
	{ "ledger",
	    "Add it to the medical-device ledger (台帳) and record its "
	    "number: iomtscan annotate {ip} --ledger-id NUMBER (or iomtscan "
	    "reconcile --ledger FILE --apply)",
	    "医療機器台帳に登録し、管理番号を記録してください: "
	    "iomtscan annotate {ip} --ledger-id 管理番号（または iomtscan "
	    "reconcile --ledger 台帳ファイル --apply）" },
	{ "contract",
	    "Record the maintenance contract: which company, until when, "
	    "and who at the hospital holds it: iomtscan annotate {ip} "
	    "--contract TEXT",
	    "保守契約（保守会社、契約期間、院内の担当者）を記録してください: "
	    "iomtscan annotate {ip} --contract 内容" },
	{ "remote",
	    "Ask the maker whether it is serviced remotely (VPN, vendor "
	    "gateway, VNC...) and record the line, or \"none\": iomtscan "
	    "annotate {ip} --remote TEXT",
	    "製造販売業者にリモート保守の有無（VPN、保守用ゲートウェイ、VNC"
	    "など）を確認し、回線の内容か「なし」を記録してください: "
	    "iomtscan annotate {ip} --remote 内容" },
	{ "remote-open",
	    "It offers remote access ({arg}): ask the maker what this line "
	    "is for and who uses it, close it if nobody does, and record "
	    "it: iomtscan annotate {ip} --remote TEXT",
	    "リモート接続の入口（{arg}）が開いています。製造販売業者に用途と"
	    "利用者を確認し、使っていなければ閉じてもらい、内容を記録して"
	    "ください: iomtscan annotate {ip} --remote 内容" },
	{ "os_support",
	    "Ask the maker which operating system it runs and until when "
	    "it gets security updates, and record it: iomtscan annotate {ip} "
	    "--os-support TEXT",
	    "製造販売業者に、使っているOSと、セキュリティ更新がいつまで"
	    "提供されるかを確認し、記録してください: "
	    "iomtscan annotate {ip} --os-support 内容" },
	{ "os_support-known",
	    "The scan saw {arg}: ask the maker until when it gets security "
	    "updates, and record it: iomtscan annotate {ip} --os-support TEXT",
	    "スキャンでは {arg} と見えました。製造販売業者に、セキュリティ"
	    "更新がいつまで提供されるかを確認し、記録してください: "
	    "iomtscan annotate {ip} --os-support 内容" },
	{ "os_support-legacy",
	    "The scan saw {arg}, which no longer gets security updates: ask "
	    "the maker for an update or replacement plan, keep it on an "
	    "isolated network meanwhile, and record what was agreed: "
	    "iomtscan annotate {ip} --os-support TEXT",
	    "スキャンでは {arg} と見えました。これはセキュリティ更新が終了した"
	    "OSです。製造販売業者に更新・更改の予定を確認し、それまでは"
	    "分離したネットワークに置き、決めたことを記録してください: "
	    "iomtscan annotate {ip} --os-support 内容" },
	{ "mds2",
	    "Ask the maker for its security disclosure form (MDS2) and "
	    "import it: iomtscan mds2 import FILE",
	    "製造販売業者にセキュリティの開示書（MDS2）を求め、取り込んで"
	    "ください: iomtscan mds2 import ファイル" },
	{ NULL, NULL, NULL }
};

/*
 * Append text to b with "{ip}" replaced by ip, "{arg}" and "{scan}" by
 * arg (raw strings: the caller cleans the result for its output).
 */
static void
fill(struct buf *b, const char *text, const char *ip, const char *arg)
{
	const char	*p = text, *q;

	while ((q = strchr(p, '{')) != NULL) {
		buf_addn(b, p, (size_t)(q - p));
		if (strncmp(q, "{ip}", 4) == 0) {
			buf_add(b, ip);
			p = q + 4;
		} else if (strncmp(q, "{arg}", 5) == 0) {
			buf_add(b, arg);
			p = q + 5;
		} else if (strncmp(q, "{scan}", 6) == 0) {
			buf_add(b, arg);
			p = q + 6;
		} else {
			buf_addc(b, '{');
			p = q + 1;
		}
	}
	buf_add(b, p);
}

static const struct ob_todo *
todo_def(const char *id)
{
	for (size_t i = 0; ob_todos[i].id != NULL; i++)
		if (strcmp(ob_todos[i].id, id) == 0)
			return &ob_todos[i];
	return NULL;
}

/*
 * Append to arr the to-do item id (field: the annotation, or "mds2"),
 * done or not, with its texts for ip and arg.
 */
static void
todo_add(json_t *arr, const char *field, const char *variant, int done,
    const char *ip, const char *arg)
{
	const struct ob_todo *d = todo_def(variant);
	struct buf	 en = { NULL, 0, 0 }, ja = { NULL, 0, 0 };
	json_t		*o = json_object();

	if (arg == NULL)
		arg = "";
	fill(&en, d->en, ip, arg);
	fill(&ja, d->ja, ip, arg);
	json_object_set_new(o, "id", json_string(field));
	json_object_set_new(o, "done", json_boolean(done));
	json_object_set_new(o, "text_en", report_json_str(buf_str(&en)));
	json_object_set_new(o, "text_ja", report_json_str(buf_str(&ja)));
	json_array_append_new(arr, o);
	buf_free(&en);
	buf_free(&ja);
}

/* The evidence entries of the stored identity for field. */
static json_t *
identity_evidence(json_t *ev, const char *field)
{
	json_t	*out = json_array(), *e, *f;
	size_t	 i;

	json_array_foreach(ev, i, e) {
		json_t	*o;

		f = json_object_get(e, "field");
		if (!json_is_string(f) || strcmp(json_string_value(f),
		    field) != 0)
			continue;
		o = json_object();
		json_object_set_new(o, "value", json_is_string(json_object_get(
		    e, "value")) ? report_json_str(json_string_value(
		    json_object_get(e, "value"))) : json_null());
		json_object_set_new(o, "source", json_is_string(
		    json_object_get(e, "source")) ? report_json_str(
		    json_string_value(json_object_get(e, "source"))) :
		    json_null());
		json_array_append_new(out, o);
	}
	return out;
}

static json_t *
identity_json(const struct inv_identity *id)
{
	static const char *const fields[] = { "vendor", "model",
	    "device_class", "firmware", "os", NULL };
	const char	*v[5] = { NULL };
	json_t		*o = json_object(), *arr = json_array(), *ev = NULL;

	if (id != NULL) {
		v[0] = id->vendor;
		v[1] = id->model;
		v[2] = id->device_class;
		v[3] = id->firmware;
		v[4] = id->os;
		ev = report_json_stored(id->evidence_json,
		    REPORT_JSON_OBJECTS);
	}
	json_object_set_new(o, "identified", json_boolean(id != NULL));
	json_object_set_new(o, "confidence", id != NULL ?
	    json_integer(id->confidence) : json_null());
	for (size_t i = 0; fields[i] != NULL; i++) {
		json_t	*f = json_object();

		json_object_set_new(f, "field", json_string(fields[i]));
		json_object_set_new(f, "value", report_json_str(v[i]));
		json_object_set_new(f, "evidence", identity_evidence(ev,
		    fields[i]));
		json_array_append_new(arr, f);
	}
	json_decref(ev);
	json_object_set_new(o, "fields", arr);
	return o;
}

/* The services open now. */
static json_t *
services_json(const struct inv_host *h)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];
		struct report_remote rr;
		json_t	*o;

		if (s->state == NULL || strcmp(s->state, "open") != 0)
			continue;
		o = json_object();
		json_object_set_new(o, "proto", report_json_str(s->proto));
		json_object_set_new(o, "port", json_integer(s->port));
		json_object_set_new(o, "service", report_json_str(s->service));
		json_object_set_new(o, "banner", report_json_str(s->banner));
		json_object_set_new(o, "remote_access",
		    report_remote_classify(h, s, &rr) ? json_string(rr.kind) :
		    json_null());
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
findings_json(const struct inv_host *h)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < h->n_finding; i++) {
		const struct inv_finding *f = &h->finding[i];
		json_t	*o = json_object();

		json_object_set_new(o, "id", report_json_str(f->id));
		json_object_set_new(o, "severity", report_json_str(
		    f->severity));
		json_object_set_new(o, "port", f->port > 0 ?
		    json_integer(f->port) : json_null());
		json_object_set_new(o, "title", report_json_str(f->title));
		json_object_set_new(o, "detail", report_json_str(f->detail));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
advisories_json(const struct inv_host *h)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < h->n_adv; i++) {
		const struct inv_advisory *a = &h->adv[i];
		json_t	*o = json_object();

		json_object_set_new(o, "id", report_json_str(a->id));
		json_object_set_new(o, "match", json_string(adv_match_name(
		    a->match)));
		json_object_set_new(o, "title", report_json_str(a->title));
		json_object_set_new(o, "cves", report_json_str(a->cves));
		json_object_set_new(o, "reason", report_json_str(a->reason));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* {on_file, vendor, model, version, kind, file, linked_by} of a
 * document, or {on_file: false, ...nulls}. */
static json_t *
doc_json(const char *vendor, const char *model, const char *version,
    const char *kind, const char *file, const char *link)
{
	json_t	*o = json_object();

	json_object_set_new(o, "on_file", json_boolean(file != NULL ||
	    model != NULL));
	json_object_set_new(o, "vendor", report_json_str(vendor));
	json_object_set_new(o, "model", report_json_str(model));
	json_object_set_new(o, "version", report_json_str(version));
	json_object_set_new(o, "kind", report_json_str(kind));
	json_object_set_new(o, "file", report_json_str(file));
	json_object_set_new(o, "linked_by", report_json_str(link));
	return o;
}

static json_t *
ledger_json(struct db *db, const struct inv_host *h)
{
	struct db_reconcile_run run;
	json_t		*o = json_object(), *rc = json_null();
	const char	*lid = db_inv_annotation(h, "ledger_id");
	char		 buf[1024];
	int64_t		 count = 0;

	json_object_set_new(o, "found", json_boolean(lid != NULL));
	json_object_set_new(o, "ledger_id", report_json_str(lid));
	if (db_reconcile_last(db, &run, &count, buf, sizeof(buf)) == 0) {
		rc = json_object();
		json_object_set_new(rc, "time", report_json_time(run.t));
		json_object_set_new(rc, "ledger", report_json_str(run.ledger));
		json_object_set_new(rc, "rows", json_integer(run.rows));
		json_object_set_new(rc, "matched", json_integer(run.matched));
		json_object_set_new(rc, "runs", json_integer(count));
	}
	json_object_set_new(o, "last_reconcile", rc);
	json_object_set_new(o, "annotations", report_annot_json(h));
	return o;
}

/* The to-do list of host h (NULL: nothing on record). */
static json_t *
todo_json(const struct inv_host *h, const char *ip)
{
	static const char *const simple[] = { "owner", "location",
	    "ledger_id", "contract", NULL };
	struct report_remote rr[ONBOARD_RSVC];
	const char	*os = h != NULL && h->identity != NULL ?
	    h->identity->os : NULL;
	json_t		*arr = json_array();
	char		 kinds[128];
	size_t		 nr;

	for (size_t i = 0; simple[i] != NULL; i++)
		todo_add(arr, simple[i], strcmp(simple[i], "ledger_id") == 0 ?
		    "ledger" : simple[i], h != NULL &&
		    db_inv_annotation(h, simple[i]) != NULL, ip, NULL);
	nr = h != NULL ? report_remote_list(h, REPORT_REMOTE_OPEN, rr,
	    ONBOARD_RSVC) : 0;
	kinds[0] = '\0';
	if (h != NULL)
		report_remote_kinds(h, REPORT_REMOTE_OPEN, kinds,
		    sizeof(kinds));
	todo_add(arr, "remote", nr > 0 ? "remote-open" : "remote",
	    h != NULL && db_inv_annotation(h, "remote") != NULL, ip, kinds);
	todo_add(arr, "os_support", os == NULL ? "os_support" :
	    report_os_legacy(os) ? "os_support-legacy" : "os_support-known",
	    h != NULL && db_inv_annotation(h, "os_support") != NULL, ip, os);
	todo_add(arr, "mds2", "mds2", h != NULL && h->mds2 != NULL, ip,
	    NULL);
	return arr;
}

/* The host's row of scan scan_id, or NULL. */
static const struct inv_host_scan *
host_scan(const struct inv_host *h, int64_t scan_id)
{
	for (size_t i = 0; h != NULL && i < h->n_scan; i++)
		if (h->scan[i].scan_id == scan_id)
			return &h->scan[i];
	return NULL;
}

/* Build the whole document for h (NULL: nothing on record). */
static json_t *
onboard_json(struct db *db, const struct report_opts *ro,
    struct report_onboard *rq, const struct inv_host *h, int *err)
{
	const struct inv_host_scan *hs = host_scan(h, rq->scan_id);
	struct report_fragile fr;
	json_t		*o = json_object(), *fo = json_null();

	*err = 0;
	json_object_set_new(o, "schema", json_string(ONBOARD_SCHEMA));
	json_object_set_new(o, "lang", json_string(rq->lang));
	json_object_set_new(o, "ip", report_json_str(rq->ip));
	json_object_set_new(o, "scan_id", rq->scan_id > 0 ?
	    json_integer(rq->scan_id) : json_null());
	json_object_set_new(o, "answered", json_boolean(rq->answered));
	json_object_set_new(o, "known", json_boolean(h != NULL));
	rq->held = hs != NULL && hs->state != NULL &&
	    (strcmp(hs->state, "held") == 0 ||
	    strcmp(hs->state, "excluded") == 0);
	json_object_set_new(o, "held", json_boolean(rq->held));
	json_object_set_new(o, "state", report_json_str(hs != NULL ?
	    hs->state : NULL));
	json_object_set_new(o, "state_reason", report_json_str(hs != NULL ?
	    hs->reason : NULL));
	json_object_set_new(o, "mac", report_json_str(h != NULL ? h->mac :
	    NULL));
	json_object_set_new(o, "oui_vendor", report_json_str(h != NULL ?
	    h->oui_vendor : NULL));
	json_object_set_new(o, "probes_sent", json_integer(h != NULL ?
	    h->probes_sent : 0));
	json_object_set_new(o, "identity", identity_json(h != NULL ?
	    h->identity : NULL));
	json_object_set_new(o, "services", h != NULL ? services_json(h) :
	    json_array());
	json_object_set_new(o, "findings", h != NULL ? findings_json(h) :
	    json_array());
	if (h != NULL) {
		if ((*err = report_fragile(db, ro, h, &fr)) != 0) {
			json_decref(o);
			return NULL;
		}
		if (fr.n > 0) {
			fo = json_object();
			json_object_set_new(fo, "profiles",
			    report_json_str(fr.ids));
			json_object_set_new(fo, "hazard",
			    report_json_str(fr.hazard));
			json_object_set_new(fo, "matched_on",
			    report_json_str(fr.why));
		}
	}
	json_object_set_new(o, "fragile", fo);
	json_object_set_new(o, "advisories", h != NULL ? advisories_json(h) :
	    json_array());
	json_object_set_new(o, "mds2", h != NULL && h->mds2 != NULL ?
	    doc_json(h->mds2->vendor, h->mds2->model, h->mds2->version,
	    h->mds2->revision, h->mds2->file, h->mds2_link) :
	    doc_json(NULL, NULL, NULL, NULL, NULL, NULL));
	json_object_set_new(o, "sbom", h != NULL && h->sbom != NULL ?
	    doc_json(h->sbom->vendor, h->sbom->model, h->sbom->version,
	    h->sbom->format, h->sbom->file, h->sbom_link) :
	    doc_json(NULL, NULL, NULL, NULL, NULL, NULL));
	if (h != NULL)
		json_object_set_new(o, "ledger", ledger_json(db, h));
	else {
		struct inv_host	 none;

		memset(&none, 0, sizeof(none));
		json_object_set_new(o, "ledger", ledger_json(db, &none));
	}
	json_object_set_new(o, "todo", todo_json(h, rq->ip));
	return o;
}

/* ------------------------------------------------------------------ */
/* The text, printed from the document. */

/* The string member key of o cleaned for a terminal ("-" when null). */
static const char *
tx(struct buf *b, json_t *o, const char *key, size_t cols)
{
	return report_clean(b, json_string_value(json_object_get(o, key)),
	    cols);
}

static void
heading(FILE *fp, const char *key, int ja)
{
	fprintf(fp, "\n%s\n", word(key, ja));
}

/* "  LABEL  value": label padded to 26 columns (Japanese is wide). */
static void
line(FILE *fp, const char *label, const char *value)
{
	fputs("  ", fp);
	text_pad(fp, label, 26);
	fprintf(fp, " %s\n", value);
}

static void
text_identity(FILE *fp, json_t *id, int ja, struct buf *b)
{
	json_t	*f, *e;
	size_t	 i, k;

	heading(fp, "identity", ja);
	if (!json_is_true(json_object_get(id, "identified"))) {
		fprintf(fp, "  %s\n", word("unidentified", ja));
		return;
	}
	fprintf(fp, "  %s %" JSON_INTEGER_FORMAT "%%\n", word("confidence",
	    ja), json_integer_value(json_object_get(id, "confidence")));
	json_array_foreach(json_object_get(id, "fields"), i, f) {
		json_t	*ev = json_object_get(f, "evidence");

		line(fp, word(json_string_value(json_object_get(f, "field")),
		    ja), tx(b, f, "value", 120));
		if (json_array_size(ev) == 0 && json_is_string(
		    json_object_get(f, "value")))
			fprintf(fp, "  %26s   (%s)\n", "", word("noevidence",
			    ja));
		json_array_foreach(ev, k, e) {
			fprintf(fp, "  %26s   <- %s", "", tx(b, e, "value",
			    80));
			fprintf(fp, "  [%s]\n", tx(b, e, "source", 80));
		}
	}
}

static void
text_services(FILE *fp, json_t *arr, int ja, struct buf *b)
{
	json_t	*s;
	size_t	 i;
	char	 port[32];

	heading(fp, "services", ja);
	if (json_array_size(arr) == 0)
		fprintf(fp, "  %s\n", word("noservices", ja));
	json_array_foreach(arr, i, s) {
		snprintf(port, sizeof(port), "%" JSON_INTEGER_FORMAT "/%s",
		    json_integer_value(json_object_get(s, "port")),
		    report_clean(b, json_string_value(json_object_get(s,
		    "proto")), 5));
		fprintf(fp, "  %-10s ", port);
		text_pad(fp, tx(b, s, "service", 14), 14);
		if (json_is_string(json_object_get(s, "remote_access")))
			fprintf(fp, " [remote: %s]", tx(b, s, "remote_access",
			    20));
		if (json_is_string(json_object_get(s, "banner")))
			fprintf(fp, " %s", tx(b, s, "banner", 80));
		fputc('\n', fp);
	}
}

static void
text_findings(FILE *fp, json_t *arr, int ja, struct buf *b)
{
	json_t	*f;
	size_t	 i;

	heading(fp, "findings", ja);
	if (json_array_size(arr) == 0)
		fprintf(fp, "  %s\n", word("nofindings", ja));
	json_array_foreach(arr, i, f) {
		const struct report_html_finding *t = report_html_finding_text(
		    json_string_value(json_object_get(f, "id")), ja);

		fprintf(fp, "  %-7s", tx(b, f, "severity", 7));
		fprintf(fp, " %s", tx(b, f, "id", 60));
		if (json_is_integer(json_object_get(f, "port")))
			fprintf(fp, " (port %" JSON_INTEGER_FORMAT ")",
			    json_integer_value(json_object_get(f, "port")));
		fprintf(fp, ": %s\n", t != NULL ? t->title : tx(b, f,
		    "title", 200));
		if (t != NULL && t->todo != NULL)
			fprintf(fp, "          %s\n", t->todo);
		else if (json_is_string(json_object_get(f, "detail")))
			fprintf(fp, "          %s\n", tx(b, f, "detail", 600));
	}
}

static void
text_rest(FILE *fp, json_t *doc, int ja, struct buf *b)
{
	json_t	*fr = json_object_get(doc, "fragile"), *a, *v;
	json_t	*led = json_object_get(doc, "ledger"), *rc;
	const char	*doc_keys[2] = { "mds2", "sbom" }, *key;
	size_t	 i;

	heading(fp, "fragile", ja);
	if (!json_is_object(fr))
		fprintf(fp, "  %s\n", word("nofragile", ja));
	else {
		fprintf(fp, "  %s\n", tx(b, fr, "profiles", 200));
		line(fp, word("hazard", ja), tx(b, fr, "hazard", 300));
		line(fp, word("matched", ja), tx(b, fr, "matched_on", 200));
	}
	heading(fp, "advisories", ja);
	if (json_array_size(json_object_get(doc, "advisories")) == 0)
		fprintf(fp, "  %s\n", word("noadvisories", ja));
	json_array_foreach(json_object_get(doc, "advisories"), i, a) {
		fprintf(fp, "  %-12s %s", tx(b, a, "match", 12), tx(b, a,
		    "id", 40));
		fprintf(fp, ": %s\n", tx(b, a, "title", 200));
		fprintf(fp, "               %s\n", tx(b, a, "reason", 400));
	}
	heading(fp, "documents", ja);
	for (i = 0; i < 2; i++) {
		json_t	*d = json_object_get(doc, doc_keys[i]);

		fprintf(fp, "  %-6s ", i == 0 ? "MDS2" : "SBOM");
		if (!json_is_true(json_object_get(d, "on_file"))) {
			fprintf(fp, "%s\n", word("notonfile", ja));
			continue;
		}
		fprintf(fp, "%s: %s", word("onfile", ja), tx(b, d, "vendor",
		    60));
		fprintf(fp, " %s", tx(b, d, "model", 60));
		fprintf(fp, " (%s)\n", tx(b, d, "file", 120));
	}
	heading(fp, "ledger", ja);
	if (json_is_true(json_object_get(led, "found")))
		fprintf(fp, "  %s %s\n", word("inledger", ja), tx(b, led,
		    "ledger_id", 60));
	else
		fprintf(fp, "  %s\n", word("notinledger", ja));
	rc = json_object_get(led, "last_reconcile");
	if (json_is_object(rc)) {
		struct buf	 w = { NULL, 0, 0 };

		buf_addf(&w, "%s, ", report_clean(b, json_string_value(
		    json_object_get(rc, "time")), 40));
		buf_add(&w, tx(b, rc, "ledger", 120));
		line(fp, word("reconcile", ja), buf_str(&w));
		buf_free(&w);
	} else
		line(fp, word("reconcile", ja), word("noreconcile", ja));
	json_object_foreach(json_object_get(led, "annotations"), key, v) {
		struct buf	 w = { NULL, 0, 0 };

		buf_addf(&w, "%s: ", report_clean(b, key, 20));
		buf_add(&w, report_clean(b, json_string_value(v), 200));
		line(fp, word("annotations", ja), buf_str(&w));
		buf_free(&w);
	}
}

static void
text_todo(FILE *fp, json_t *arr, int ja, struct buf *b)
{
	json_t	*t;
	size_t	 i, n = 0;

	heading(fp, "todo", ja);
	json_array_foreach(arr, i, t) {
		if (json_is_true(json_object_get(t, "done")))
			continue;
		fprintf(fp, "  [ ] %s\n", tx(b, t, ja ? "text_ja" : "text_en",
		    0));
		n++;
	}
	json_array_foreach(arr, i, t)
		if (json_is_true(json_object_get(t, "done")))
			fprintf(fp, "  [x] %s (%s)\n", tx(b, t, "id", 20),
			    word("done", ja));
	if (n == 0)
		fprintf(fp, "  %s\n", word("nothingtodo", ja));
}

static void
onboard_text(json_t *doc, int ja, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 }, w = { NULL, 0, 0 };
	char		 scan[32];
	int		 answered = json_is_true(json_object_get(doc,
	    "answered")), held = json_is_true(json_object_get(doc, "held"));

	snprintf(scan, sizeof(scan), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(doc, "scan_id")));
	fprintf(fp, "%s %s\n", word("title", ja), tx(&b, doc, "ip", 0));
	fill(&w, word(answered ? "answered" : held ? "held" : "silent", ja),
	    "", scan);
	fprintf(fp, "%s\n", buf_str(&w));
	buf_free(&w);
	if (answered && held) {
		fill(&w, word("held", ja), "", scan);
		fprintf(fp, "%s\n", buf_str(&w));
		buf_free(&w);
	}
	if (json_is_string(json_object_get(doc, "state")) &&
	    strcmp(json_string_value(json_object_get(doc, "state")),
	    "breaker") == 0)
		fprintf(fp, "%s\n", word("breaker", ja));
	if (!json_is_true(json_object_get(doc, "known")))
		fprintf(fp, "%s\n", word("unknown", ja));
	heading(fp, "device", ja);
	line(fp, word("mac", ja), tx(&b, doc, "mac", 0));
	line(fp, word("oui", ja), tx(&b, doc, "oui_vendor", 120));
	if (json_is_string(json_object_get(doc, "state_reason"))) {
		buf_addf(&w, "%s (", tx(&b, doc, "state", 20));
		buf_addf(&w, "%s)", tx(&b, doc, "state_reason", 200));
		line(fp, word("state", ja), buf_str(&w));
		buf_free(&w);
	} else
		line(fp, word("state", ja), tx(&b, doc, "state", 20));
	text_identity(fp, json_object_get(doc, "identity"), ja, &b);
	text_services(fp, json_object_get(doc, "services"), ja, &b);
	text_findings(fp, json_object_get(doc, "findings"), ja, &b);
	text_rest(fp, doc, ja, &b);
	text_todo(fp, json_object_get(doc, "todo"), ja, &b);
	buf_free(&b);
}

int
report_onboard(struct db *db, const struct report_opts *ro,
    struct report_onboard *rq, FILE *fp)
{
	struct inventory *inv = NULL;
	json_t		*doc = NULL;
	int		 r, ja;

	if (db == NULL || rq == NULL || rq->ip == NULL || rq->lang == NULL ||
	    rq->format == NULL || fp == NULL || (strcmp(rq->format,
	    "text") != 0 && strcmp(rq->format, "json") != 0))
		return IOMT_EINVAL;
	ja = strcmp(rq->lang, "ja") == 0;
	r = report_host_load(db, rq->ip, ONBOARD_OBS, &inv);
	if (r != 0 && r != IOMT_ENOTFOUND)
		goto out;
	if ((doc = onboard_json(db, ro, rq, inv != NULL && inv->n_host > 0 ?
	    &inv->host[0] : NULL, &r)) == NULL)
		goto out;
	if (strcmp(rq->format, "json") == 0)
		r = report_json_write(doc, fp, 0);
	else {
		onboard_text(doc, ja, fp);
		r = ferror(fp) ? -EIO : 0;
	}
 out:
	json_decref(doc);
	db_inventory_free(inv);
	return r;
}
