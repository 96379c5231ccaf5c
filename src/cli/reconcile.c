/*
 * src/cli/reconcile.c - "iomtscan reconcile": the ledger against the
 * network.
 *
 * The hospital's ledger (台帳) says what it manages; the inventory says
 * what answered.  This command reads the ledger (src/ledger/, any format
 * Excel writes), matches its rows to the inventory's hosts by MAC, then
 * by IP (src/ledger/match.c), and reports four lists: matched (with the
 * fields where ledger and network disagree), unmanaged (on the network,
 * in no row), missing (in the ledger, probed, silent) and not checked
 * (in the ledger, but the scans held the address passive, excluded it
 * or never covered it — never reported as missing).  Text for a person,
 * JSON (docs/LEDGER.md) and CSV for a spreadsheet.
 *
 * It changes no host, unless --apply asks it to copy the matched rows'
 * owner, location, ID, name and remote-maintenance line into the hosts'
 * annotations
 * (reconcile-apply.c, one transaction); it records each comparison (its
 * counts, in reconcile_runs) when the file is writable, so the checklist
 * can say when the ledger was last compared.  A bad ledger is refused
 * before the database is opened.  Exit status: 0 when it could compare,
 * 2 for bad options, a bad ledger or an unreadable database.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/ledger.h"
#include "iomt/net.h"
#include "iomt/util.h"
#include "cli-int.h"

#define RECONCILE_MAX_MAP	32

/* One inventory host, copied out of the database. */
struct rc_host {
	int64_t		 id;
	char		*ip;
	char		*mac;		/* text, or NULL */
	uint8_t		 macb[6];
	char		*vendor;
	char		*model;
	char		*class;
	char		*held;		/* latest scan held/excluded it */
	int64_t		 last_seen;
};

struct rc_ctx {
	struct db	*db;
	struct rc_host	*h;
	size_t		 nh;
	struct target_set targets;	/* every complete scan's targets */
	int		 ntargets;
	int64_t		 last_scan;
	char		**why;		/* reasons rc_covered() made */
	size_t		 nwhy;
};

static void
reconcile_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan reconcile --ledger FILE [--db FILE] [--map COLUMN=FIELD]...\n"
"                          [--format text|json|csv] [--apply]\n"
"\n"
"Compare the inventory with the hospital's device ledger (台帳): a CSV\n"
"file as Excel saves it (CP932 or UTF-8, with or without a BOM), Excel's\n"
"\"Unicode text\", or the .xlsx workbook (first sheet).  The header row is\n"
"found by its names (管理番号, 機器名称, 製造販売業者, 型式, 設置場所,\n"
"管理部署, IPアドレス, MACアドレス, 保守契約, 備考, or their English\n"
"equivalents), below any title rows.  Rows match hosts by MAC first,\n"
"then by IP.  Reported: matched (and what differs), unmanaged (on the\n"
"network, not in the ledger), missing (in the ledger, probed, silent)\n"
"and not checked (the scans did not probe the address).\n"
"\n"
"  -l, --ledger FILE      the ledger (.csv, .txt or .xlsx)\n"
"  -m, --map COL=FIELD    read column COL (its header text, or a column\n"
"                         letter such as C) as FIELD: id, name, vendor,\n"
"                         model, serial, location, owner, ip, mac,\n"
"                         contract, note, remote (repeatable)\n"
"  -f, --format FMT       text (default), json or csv\n"
"  --apply                copy the ledger's owner, location, ID, name and\n"
"                         remote-maintenance line into the inventory's\n"
"                         annotations of the matched\n"
"                         hosts (all or nothing; prints what changed)\n"
"  --db FILE              inventory database (default ./iomtscan.db, or\n"
"                         $IOMT_DB)\n"
"  -h, --help             this help\n"
"\n"
"Exit status: 0 compared, 2 usage error, a ledger that cannot be read\n"
"(the message names the row) or an unreadable database.\n");
}

static int
rc_host_cb(void *arg, const struct db_host *row)
{
	struct rc_ctx *c = arg;
	struct rc_host *h;

	c->h = xreallocarray(c->h, c->nh + 1, sizeof(*c->h));
	h = &c->h[c->nh];
	memset(h, 0, sizeof(*h));
	h->ip = xstrdup(row->ip);
	if (row->mac != NULL && ledger_mac_parse(row->mac, h->macb) == 0)
		h->mac = xstrdup(row->mac);
	h->vendor = row->oui_vendor ? xstrdup(row->oui_vendor) : NULL;
	h->last_seen = row->last_seen;
	h->id = row->id;
	c->nh++;
	return 0;
}

static int
rc_scan_cb(void *arg, const struct db_scan_row *row)
{
	struct rc_ctx *c = arg;
	char err[256];

	if (strcmp(row->status, "complete") != 0 || row->targets == NULL)
		return 0;
	if (c->last_scan == 0)
		c->last_scan = row->id;
	{
		char *t = xstrdup(row->targets), *save = NULL;

		for (char *p = strtok_r(t, " ,", &save); p != NULL;
		    p = strtok_r(NULL, " ,", &save))
			if (target_set_add(&c->targets, p, err,
			    sizeof(err)) == 0)
				c->ntargets++;
		free(t);
	}
	return 0;
}

static int
rc_state_cb(void *arg, const struct db_host_scan_row *row)
{
	struct rc_ctx *c = arg;

	if (strcmp(row->state, "held") != 0 &&
	    strcmp(row->state, "excluded") != 0)
		return 0;
	for (size_t i = 0; i < c->nh; i++)
		if (c->h[i].id == row->host_id && c->h[i].held == NULL) {
			char why[256];

			snprintf(why, sizeof(why), "%s in scan %lld%s%s",
			    strcmp(row->state, "held") == 0 ? "held passive" :
			    "excluded by policy", (long long)row->scan_id,
			    row->reason ? ": " : "", row->reason ? row->reason :
			    "");
			c->h[i].held = xstrdup(why);
		}
	return 0;
}

/* Hosts in address order (numeric for IPv4), for output and lookup. */
static int
rc_ip_cmp(const void *a, const void *b)
{
	const char *x = ((const struct rc_host *)a)->ip;
	const char *y = ((const struct rc_host *)b)->ip;
	uint32_t ax, ay;

	if (target_aton(x, &ax) == 0 && target_aton(y, &ay) == 0)
		return (ax > ay) - (ax < ay);
	return strcmp(x, y);
}

/* Why the scans did not probe ip, or NULL when they did. */
static const char *
rc_covered(void *arg, const char *ip)
{
	struct rc_ctx *c = arg;
	uint32_t a;
	char state[16], reason[256], why[320];

	if (ip == NULL)
		return "no IP address in the ledger and its MAC was not seen";
	{
		struct rc_host key, *h;

		key.ip = (char *)(uintptr_t)ip;
		h = c->nh == 0 ? NULL : bsearch(&key, c->h, c->nh,
		    sizeof(*c->h), rc_ip_cmp);
		if (h != NULL && h->held != NULL)
			return h->held;
	}
	/* Held back before the inventory knew the address. */
	if (c->last_scan != 0 && db_scan_held_find(c->db, c->last_scan, ip,
	    state, sizeof(state), reason, sizeof(reason)) == 0) {
		snprintf(why, sizeof(why), "%s in scan %lld%s%s",
		    strcmp(state, "held") == 0 ? "held passive" :
		    "excluded by policy", (long long)c->last_scan,
		    reason[0] != '\0' ? ": " : "", reason);
		c->why = xreallocarray(c->why, c->nwhy + 1, sizeof(*c->why));
		c->why[c->nwhy] = xstrdup(why);
		return c->why[c->nwhy++];
	}
	if (target_aton(ip, &a) != 0)
		return "not an IPv4 address the scans cover";
	if (c->ntargets == 0 || !target_set_contains(&c->targets, a))
		return "outside every completed scan's targets";
	return NULL;
}

static int
rc_load(struct rc_ctx *c)
{
	int r;

	if ((r = db_foreach_host(c->db, rc_host_cb, c)) != 0)
		return r;
	for (size_t i = 0; i < c->nh; i++) {
		struct db_identity id;

		if (db_host_identity_get(c->db, c->h[i].id, &id) != 0)
			continue;
		if (id.vendor != NULL) {
			free(c->h[i].vendor);
			c->h[i].vendor = xstrdup(id.vendor);
		}
		c->h[i].model = id.model ? xstrdup(id.model) : NULL;
		c->h[i].class = id.device_class ? xstrdup(id.device_class) :
		    NULL;
	}
	if ((r = db_foreach_scan(c->db, rc_scan_cb, c)) != 0)
		return r;
	target_set_finish(&c->targets);
	if (c->last_scan != 0 &&
	    (r = db_foreach_host_scan(c->db, c->last_scan, rc_state_cb, c)) != 0)
		return r;
	if (c->nh > 1)
		qsort(c->h, c->nh, sizeof(*c->h), rc_ip_cmp);
	return 0;
}

static void
rc_free(struct rc_ctx *c)
{
	for (size_t i = 0; i < c->nwhy; i++)
		free(c->why[i]);
	free(c->why);
	for (size_t i = 0; i < c->nh; i++) {
		free(c->h[i].ip);
		free(c->h[i].mac);
		free(c->h[i].vendor);
		free(c->h[i].model);
		free(c->h[i].class);
		free(c->h[i].held);
	}
	free(c->h);
	target_set_free(&c->targets);
}

static json_t *
js(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
row_json(const struct ledger *l, const struct ledger_row *r)
{
	json_t *o = json_object(), *ips = json_array(), *macs = json_array();
	char m[18];

	json_object_set_new(o, "row", json_integer((json_int_t)r->row));
	for (int f = 0; f < LEDGER_F_MAX; f++)
		if (f != LEDGER_F_IP && f != LEDGER_F_MAC && l->col[f] >= 0)
			json_object_set_new(o, ledger_field_name(f),
			    js(r->field[f]));
	json_object_set_new(o, "ip", r->nip ? json_string(r->ip[0]) :
	    json_null());
	json_object_set_new(o, "mac", r->nmac ? json_string(mac_ntoa(r->mac[0],
	    m, sizeof(m))) : json_null());
	if (r->nip > 1 || r->nmac > 1) {
		for (size_t i = 0; i < r->nip; i++)
			json_array_append_new(ips, json_string(r->ip[i]));
		for (size_t i = 0; i < r->nmac; i++)
			json_array_append_new(macs, json_string(
			    mac_ntoa(r->mac[i], m, sizeof(m))));
		json_object_set_new(o, "ips", ips);
		json_object_set_new(o, "macs", macs);
	} else {
		json_decref(ips);
		json_decref(macs);
	}
	return o;
}

static json_t *
host_json(const struct rc_host *h)
{
	char t[64];

	return json_pack("{s:s,s:o,s:o,s:o,s:o,s:s}", "ip", h->ip, "mac",
	    js(h->mac), "vendor", js(h->vendor), "model", js(h->model),
	    "class", js(h->class), "last_seen",
	    time_iso8601(t, sizeof(t), h->last_seen));
}

/* The fields where row and host disagree, as {field, ledger, network}. */
static json_t *
differences(const struct ledger_row *r, const struct rc_host *h)
{
	json_t *a = json_array();
	char m[18];
	int same = 0;

	if (r->nip > 0) {
		for (size_t i = 0; i < r->nip; i++)
			same |= strcmp(r->ip[i], h->ip) == 0;
		if (!same)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s}",
			    "field", "ip", "ledger", r->ip[0], "network",
			    h->ip));
	}
	same = 0;
	if (r->nmac > 0 && h->mac != NULL) {
		for (size_t i = 0; i < r->nmac; i++)
			same |= memcmp(r->mac[i], h->macb, 6) == 0;
		if (!same)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s}",
			    "field", "mac", "ledger", mac_ntoa(r->mac[0], m,
			    sizeof(m)), "network", h->mac));
	}
	return a;
}

static json_t *
result_json(const struct ledger *l, const struct rc_ctx *c,
    const struct ledger_result *res)
{
	json_t *root = json_object(), *a, *w = json_array();

	json_object_set_new(root, "ledger", json_pack("{s:s,s:s,s:s,s:I,s:I}",
	    "file", l->path, "format", l->format, "encoding", l->encoding,
	    "header_row", (json_int_t)l->header_row, "rows",
	    (json_int_t)l->nrows));
	a = json_array();
	for (size_t i = 0; i < res->nmatched; i++) {
		const struct ledger_row *r = &l->rows[res->matched[i].row];
		const struct rc_host *h = &c->h[res->matched[i].host];

		json_array_append_new(a, json_pack("{s:o,s:o,s:s,s:o}",
		    "ledger", row_json(l, r), "network", host_json(h),
		    "matched_by", res->matched[i].by, "differences",
		    differences(r, h)));
	}
	json_object_set_new(root, "matched", a);
	a = json_array();
	for (size_t i = 0; i < res->nunmanaged; i++)
		json_array_append_new(a, host_json(&c->h[res->unmanaged[i]]));
	json_object_set_new(root, "unmanaged", a);
	a = json_array();
	for (size_t i = 0; i < res->nmissing; i++)
		json_array_append_new(a, row_json(l, &l->rows[res->missing[i]]));
	json_object_set_new(root, "missing", a);
	a = json_array();
	for (size_t i = 0; i < res->nnot_checked; i++) {
		json_t *o = row_json(l, &l->rows[res->not_checked[i]]);

		json_object_set_new(o, "reason",
		    json_string(res->not_checked_why[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "not_checked", a);
	for (size_t i = 0; i < l->nwarnings; i++)
		json_array_append_new(w, json_string(l->warnings[i]));
	json_object_set_new(root, "warnings", w);
	return root;
}

/* Terminal-safe copy of s (device and ledger text may be anything). */
static const char *
term(struct buf *b, const char *s, size_t maxcols)
{
	buf_truncate(b, 0);
	if (s == NULL || s[0] == '\0')
		return "-";
	text_term(b, s, strlen(s), maxcols);
	return buf_str(b);
}

static const char *
jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s;
}

static void
print_text(FILE *fp, const json_t *root)
{
	struct buf b = { NULL, 0, 0 }, b2 = { NULL, 0, 0 };
	const json_t *l = json_object_get(root, "ledger"), *v, *a;
	size_t i;

	fprintf(fp, "Ledger %s: %lld rows (%s, %s, header on row %lld)\n",
	    term(&b, jstr(l, "file"), 0),
	    (long long)json_integer_value(json_object_get(l, "rows")),
	    jstr(l, "format"), jstr(l, "encoding"),
	    (long long)json_integer_value(json_object_get(l, "header_row")));
	fprintf(fp, "  matched      %zu\n  unmanaged    %zu   (on the network, "
	    "not in the ledger)\n  missing      %zu   (in the ledger, probed, "
	    "no answer)\n  not checked  %zu   (in the ledger, not probed)\n",
	    json_array_size(json_object_get(root, "matched")),
	    json_array_size(json_object_get(root, "unmanaged")),
	    json_array_size(json_object_get(root, "missing")),
	    json_array_size(json_object_get(root, "not_checked")));
	a = json_object_get(root, "unmanaged");
	if (json_array_size(a) > 0)
		fprintf(fp, "\nUnmanaged devices (add them to the ledger, or "
		    "find out what they are):\n");
	json_array_foreach(a, i, v) {
		fprintf(fp, "  %-15s %-17s ", jstr(v, "ip"),
		    term(&b, jstr(v, "mac"), 0));
		text_pad(fp, term(&b, jstr(v, "vendor"), 24), 24);
		fprintf(fp, " %s\n", term(&b2, jstr(v, "model"), 30));
	}
	a = json_object_get(root, "matched");
	json_array_foreach(a, i, v) {
		const json_t *d = json_object_get(v, "differences"), *x;
		const json_t *lr = json_object_get(v, "ledger");
		size_t j;

		if (json_array_size(d) == 0)
			continue;
		fprintf(fp, "\nRow %lld %s (%s), matched by %s:\n",
		    (long long)json_integer_value(json_object_get(lr, "row")),
		    term(&b, jstr(lr, "id"), 20), term(&b2, jstr(lr, "name"),
		    30), jstr(v, "matched_by"));
		json_array_foreach(d, j, x)
			fprintf(fp, "  %s: ledger %s, network %s%s\n",
			    jstr(x, "field"), jstr(x, "ledger"),
			    jstr(x, "network"), strcmp(jstr(x, "field"),
			    "mac") == 0 ? " (device replaced, or a typo in "
			    "the ledger?)" : " (device moved?)");
	}
	for (int k = 0; k < 2; k++) {
		a = json_object_get(root, k == 0 ? "missing" : "not_checked");
		if (json_array_size(a) > 0)
			fprintf(fp, "\n%s\n", k == 0 ? "Missing (in the "
			    "ledger, probed, no answer: switched off, moved, "
			    "or gone?):" : "Not checked (the scans did not "
			    "probe these; not missing):");
		json_array_foreach(a, i, v) {
			fprintf(fp, "  row %-5lld ", (long long)
			    json_integer_value(json_object_get(v, "row")));
			text_pad(fp, term(&b, jstr(v, "id"), 12), 12);
			fputc(' ', fp);
			text_pad(fp, term(&b, jstr(v, "name"), 24), 24);
			fprintf(fp, " %-15s %s\n", term(&b2, jstr(v, "ip"), 0),
			    k == 1 ? term(&b, jstr(v, "reason"), 60) : "");
		}
	}
	a = json_object_get(root, "warnings");
	json_array_foreach(a, i, v)
		fprintf(fp, "\nnote: %s", term(&b, json_string_value(v), 0));
	if (json_array_size(a) > 0)
		fputc('\n', fp);
	buf_free(&b);
	buf_free(&b2);
}

/* One RFC 4180 field; a leading = + - @ is quoted against formulas. */
static void
csv_field(FILE *fp, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    strpbrk(s, ",\"\r\n") != NULL) {
		fputc('"', fp);
		if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
			fputc('\'', fp);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', fp);
			fputc(*s, fp);
		}
		fputc('"', fp);
	} else
		fputs(s, fp);
	fputs(last ? "\r\n" : ",", fp);
}

static void
print_csv(FILE *fp, const json_t *root)
{
	static const char *const lists[] = {
		"matched", "unmanaged", "missing", "not_checked",
	};
	const json_t *v;
	size_t i;

	fputs("status,row,id,name,ledger_ip,ledger_mac,network_ip,"
	    "network_mac,matched_by,detail\r\n", fp);
	for (size_t k = 0; k < 4; k++) {
		json_array_foreach(json_object_get(root, lists[k]), i, v) {
			const json_t *lr = k == 1 ? NULL : k == 0 ?
			    json_object_get(v, "ledger") : v;
			const json_t *nw = k == 1 ? v : k == 0 ?
			    json_object_get(v, "network") : NULL;
			char row[32] = "";
			struct buf d = { NULL, 0, 0 };
			const json_t *x;
			size_t j;

			if (lr != NULL)
				snprintf(row, sizeof(row), "%lld", (long long)
				    json_integer_value(json_object_get(lr,
				    "row")));
			if (k == 0)
				json_array_foreach(json_object_get(v,
				    "differences"), j, x)
					buf_addf(&d, "%s%s: ledger %s, network "
					    "%s", j ? "; " : "", jstr(x, "field"),
					    jstr(x, "ledger"), jstr(x, "network"));
			else if (k == 3)
				buf_add(&d, jstr(v, "reason"));
			csv_field(fp, lists[k], 0);
			csv_field(fp, row, 0);
			csv_field(fp, lr ? jstr(lr, "id") : NULL, 0);
			csv_field(fp, lr ? jstr(lr, "name") : NULL, 0);
			csv_field(fp, lr ? jstr(lr, "ip") : NULL, 0);
			csv_field(fp, lr ? jstr(lr, "mac") : NULL, 0);
			csv_field(fp, nw ? jstr(nw, "ip") : NULL, 0);
			csv_field(fp, nw ? jstr(nw, "mac") : NULL, 0);
			csv_field(fp, k == 0 ? jstr(v, "matched_by") : NULL, 0);
			csv_field(fp, buf_str(&d), 1);
			buf_free(&d);
		}
	}
}

/* What --apply changed, a line per field, for a person. */
/*
 * Record this comparison in the inventory (db_reconcile_record()); a
 * failure is said on stderr but does not change the result.
 */
static void
rc_record(struct rc_ctx *c, const struct ledger *l, const char *ledger_path,
    const struct ledger_result *res, const json_t *applied)
{
	struct db_reconcile_run run;
	const char	*who = getenv("SUDO_USER");

	if (who == NULL || who[0] == '\0')
		who = getenv("USER");
	memset(&run, 0, sizeof(run));
	run.ledger = ledger_path;
	run.rows = (int64_t)l->nrows;
	run.matched = (int64_t)res->nmatched;
	run.unmanaged = (int64_t)res->nunmanaged;
	run.missing = (int64_t)res->nmissing;
	run.not_checked = (int64_t)res->nnot_checked;
	run.applied = (int64_t)json_array_size(applied);
	run.who = who != NULL && who[0] != '\0' ? who : NULL;
	if (db_reconcile_record(c->db, &run) != 0)
		fprintf(stderr, "iomtscan reconcile: could not record this "
		    "comparison: %s\n", db_errmsg(c->db));
}

static void
print_applied(FILE *fp, const json_t *applied)
{
	struct buf b = { NULL, 0, 0 };
	size_t i, n = json_array_size(applied);

	if (n == 0) {
		fprintf(fp, "\nApplied: nothing to change (the inventory "
		    "already holds the ledger's values).\n");
		return;
	}
	fprintf(fp, "\nApplied to the inventory (%zu change%s):\n", n,
	    n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		const json_t *o = json_array_get(applied, i);
		const char *before = jstr(o, "before");

		fprintf(fp, "  %-15s %-9s ", jstr(o, "ip"), jstr(o, "field"));
		fprintf(fp, "%s -> ", before != NULL ? term(&b, before, 40) :
		    "(none)");
		fprintf(fp, "%s", term(&b, jstr(o, "after"), 60));
		fprintf(fp, "  [%s]\n", term(&b, jstr(o, "source"), 80));
	}
	buf_free(&b);
}

static const struct option reconcile_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "ledger", required_argument, NULL, 'l' },
	{ "map", required_argument, NULL, 'm' },
	{ "format", required_argument, NULL, 'f' },
	{ "apply", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cmd_reconcile(int argc, char **argv)
{
	struct ledger_map map[RECONCILE_MAX_MAP];
	size_t nmap = 0;
	const char *path = cmd_db_path(NULL), *ledger_path = NULL;
	const char *format = "text";
	struct ledger *l = NULL;
	struct ledger_result res;
	struct rc_ctx c;
	struct stat sb;
	json_t *root = NULL;
	char err[600];
	int ch, r, rc = EXIT_USAGE, apply = 0;
	json_t *applied = NULL;
	int writable = 0;

	memset(&c, 0, sizeof(c));
	memset(&res, 0, sizeof(res));
	target_set_init(&c.targets);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hl:m:f:", reconcile_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'l':
			ledger_path = optarg;
			break;
		case 'm': {
			char *eq = strrchr(optarg, '=');
			int f;

			if (eq == NULL || eq == optarg) {
				rc = cmd_usage_error("reconcile", "--map wants "
				    "COLUMN=FIELD, e.g. --map 機器番号=id");
				goto out;
			}
			if ((f = ledger_field_byname(eq + 1)) < 0) {
				rc = cmd_usage_error("reconcile", "--map: no "
				    "field '%s' (id, name, vendor, model, "
				    "serial, location, owner, ip, mac, "
				    "contract, note, remote)", eq + 1);
				goto out;
			}
			if (nmap == RECONCILE_MAX_MAP) {
				rc = cmd_usage_error("reconcile", "at most %d "
				    "--map options", RECONCILE_MAX_MAP);
				goto out;
			}
			*eq = '\0';
			map[nmap].column = optarg;
			map[nmap++].field = (enum ledger_field)f;
			break;
		}
		case 'f':
			format = optarg;
			break;
		case 'a':
			apply = 1;
			break;
		case 'h':
			reconcile_usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option("reconcile", ch, argv);
			goto out;
		}
	}
	if (cmd_operand_left("reconcile", argc, argv, &rc))
		goto out;
	if (ledger_path == NULL) {
		rc = cmd_usage_error("reconcile", "which ledger? (--ledger "
		    "FILE: a .csv or .xlsx device ledger)");
		goto out;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0) {
		rc = cmd_usage_error("reconcile", "unknown format '%s' (use "
		    "text, json or csv)", format);
		goto out;
	}
	if ((r = ledger_load(ledger_path, map, nmap, &l, err,
	    sizeof(err))) != 0) {
		struct buf b = { NULL, 0, 0 };

		text_term(&b, err, strlen(err), 0);
		fprintf(stderr, "iomtscan reconcile: %s\n", buf_str(&b));
		buf_free(&b);
		goto out;
	}
	if (path[0] == '\0' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan reconcile: no inventory database at "
		    "%s; give the right one with --db FILE, or scan first\n",
		    path);
		goto out;
	}
	/*
	 * Read-write when the file allows it, so the comparison itself is
	 * recorded (reconcile_runs: `checklist` says when the ledger was
	 * last compared); --apply needs it anyway.
	 */
	writable = apply || access(path, W_OK) == 0;
	if (cmd_open_db("reconcile", path, writable ? 0 : DB_RDONLY,
	    &c.db) != 0)
		goto out;
	if ((r = rc_load(&c)) != 0) {
		fprintf(stderr, "iomtscan reconcile: reading %s failed: %s\n",
		    path, db_errmsg(c.db));
		goto out;
	}
	{
		struct ledger_host *hs = xcalloc(c.nh + 1, sizeof(*hs));

		for (size_t i = 0; i < c.nh; i++) {
			hs[i].ip = c.h[i].ip;
			hs[i].mac = c.h[i].mac ? c.h[i].macb : NULL;
		}
		ledger_reconcile(l, hs, c.nh, rc_covered, &c, &res);
		free(hs);
	}
	if (apply) {
		struct reconcile_target *tg = xcalloc(c.nh + 1, sizeof(*tg));

		for (size_t i = 0; i < c.nh; i++) {
			tg[i].host_id = c.h[i].id;
			tg[i].ip = c.h[i].ip;
		}
		r = reconcile_apply(c.db, l, ledger_path, &res, tg, &applied,
		    err, sizeof(err));
		free(tg);
		if (r != 0) {
			struct buf b = { NULL, 0, 0 };

			text_term(&b, err, strlen(err), 0);
			fprintf(stderr, "iomtscan reconcile --apply: %s\n",
			    buf_str(&b));
			buf_free(&b);
			rc = r == IOMT_EINVAL ? EXIT_USAGE : EXIT_PROBLEMS;
			goto out;
		}
	}
	if (writable)
		rc_record(&c, l, ledger_path, &res, applied);
	else
		fprintf(stderr, "iomtscan reconcile: %s is read-only: this "
		    "comparison is not recorded in it\n", path);
	root = result_json(l, &c, &res);
	if (applied != NULL)
		json_object_set(root, "applied", applied);
	if (strcmp(format, "json") == 0) {
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (strcmp(format, "csv") == 0) {
		print_csv(stdout, root);
		if (applied != NULL)
			print_applied(stderr, applied);
	} else {
		print_text(stdout, root);
		if (applied != NULL)
			print_applied(stdout, applied);
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "iomtscan reconcile: cannot write the output: "
		    "%s\n", strerror(errno));
		rc = EXIT_PROBLEMS;
		goto out;
	}
	rc = EXIT_OK;
 out:
	json_decref(root);
	json_decref(applied);
	ledger_result_free(&res);
	ledger_free(l);
	rc_free(&c);
	db_close(c.db);
	return rc;
}
