/*
 * src/report/remote-view.c - `iomtscan remote`: every device that offers
 * (or offered) remote access, with what the ledger and people know about
 * it.
 *
 * A hospital must be able to say, for each remote-maintenance line, what
 * it is for and who operates it (MHLW checklist 2-2; MDS2 RMOT-1).  A
 * scan finds the open doors; this view puts each next to the two
 * questions a person has to answer: is the device in the ledger (a
 * ledger_id annotation, from `reconcile --apply` or `annotate
 * --ledger-id`), and is its remote-maintenance line recorded (the
 * `remote` annotation).  Which services count is remote.c's one answer.
 *
 * Every service the inventory has for a host is listed, also one closed
 * since: a line that was open last month and is closed today is still a
 * line someone should know about.  For each the view says when it was
 * first seen (time and the first scan that found it open) and whether
 * the latest scan found it open, found it closed, or did not look.  A
 * host is listed from one db_host_load(), one read transaction, so its
 * services, their history and its annotations agree with each other.
 *
 * Three formats: text for a person (by address, one block per device),
 * JSON through jansson (docs/JSON-SCHEMA.md, "iomtscan remote"), and CSV,
 * one row per service, through the export's formula-safe cell writer.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

#define REMOTE_SCHEMA	"iomtscan-remote/1"

/* What the whole view needs while it walks the hosts. */
struct rv {
	struct db		*db;
	const struct report_opts *ro;
	const struct inv_scan	*latest;	/* NULL: no scan yet */
	int			 fmt;		/* RV_TEXT, RV_JSON, RV_CSV */
	FILE			*fp;
	json_t			*hosts;		/* RV_JSON */
	struct buf		 b, line;
	size_t			 n_host, n_svc, n_open, n_unledgered,
				 n_unrecorded;
};

enum { RV_TEXT, RV_JSON, RV_CSV };

/* The first scan that found s open (service_scans), or 0. */
static int64_t
first_open_scan(const struct inv_service *s)
{
	for (size_t i = 0; i < s->n_hist; i++)
		if (s->hist[i].state != NULL &&
		    strcmp(s->hist[i].state, "open") == 0)
			return s->hist[i].scan_id;
	return 0;
}

/* 1 when the latest scan found s open. */
static int
open_in_latest(const struct rv *v, const struct inv_service *s)
{
	return v->latest != NULL && s->open_scan == v->latest->id &&
	    s->state != NULL && strcmp(s->state, "open") == 0;
}

/*
 * What the latest scan says about s, for people: "open", "closed" or
 * "not checked"; as the JSON's "latest_scan_state".
 */
static const char *
latest_state(const struct rv *v, const struct inv_service *s)
{
	if (open_in_latest(v, s))
		return "open";
	if (v->latest != NULL && s->state_scan == v->latest->id)
		return "closed";
	return "not checked";
}

/* The name people know h by: its annotation, else a name it gave. */
static const char *
host_name(const struct inv_host *h)
{
	static const char *const keys[] = { "dhcp.hostname", "mdns.hostname",
	    "lldp.sysname", "cdp.device_id", NULL };
	const char	*v = db_inv_annotation(h, "name");

	for (size_t k = 0; v == NULL && keys[k] != NULL; k++)
		v = report_name(h, keys[k]);
	return v;
}

static const char *
id_str(const struct inv_host *h, int which)
{
	const struct inv_identity *id = h->identity;

	if (id == NULL)
		return NULL;
	switch (which) {
	case 0:
		return id->vendor;
	case 1:
		return id->model;
	default:
		return id->device_class;
	}
}

/* ---- JSON ---------------------------------------------------------- */

static json_t *
scan_ref(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *
svc_json(const struct rv *v, const struct report_remote *rr)
{
	const struct inv_service *s = rr->svc;

	return json_pack("{s:o, s:i, s:s, s:s, s:s, s:b, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:s}",
	    "proto", report_json_str(s->proto),
	    "port", s->port,
	    "kind", rr->kind,
	    "access", rr->name,
	    "basis", rr->basis,
	    "cleartext", rr->cleartext,
	    "product", report_json_str(rr->product),
	    "service", report_json_str(s->service),
	    "banner", report_json_str(s->banner),
	    "first_seen", report_json_time(s->first_seen),
	    "first_scan", scan_ref(first_open_scan(s)),
	    "last_seen", report_json_time(s->last_seen),
	    "state", report_json_str(s->state),
	    "state_scan", scan_ref(s->state_scan),
	    "last_open_scan", scan_ref(s->open_scan),
	    "open_in_latest_scan", open_in_latest(v, s),
	    "latest_scan_state", latest_state(v, s));
}

static void
host_json(struct rv *v, const struct inv_host *h,
    const struct report_fragile *fr, const struct report_remote *rr,
    size_t n)
{
	const char	*lid = db_inv_annotation(h, "ledger_id");
	const char	*line = db_inv_annotation(h, "remote");
	json_t		*svc = json_array(), *o;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(svc, svc_json(v, &rr[i]));
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:b, s:o, s:b, s:o}",
	    "ip", report_json_str(h->ip),
	    "mac", report_json_str(h->mac),
	    "oui_vendor", report_json_str(h->oui_vendor),
	    "name", report_json_str(host_name(h)),
	    "vendor", report_json_str(id_str(h, 0)),
	    "model", report_json_str(id_str(h, 1)),
	    "device_class", report_json_str(id_str(h, 2)),
	    "fragile_profile", report_json_str(fr->n > 0 ? fr->ids : NULL),
	    "owner", report_json_str(db_inv_annotation(h, "owner")),
	    "location", report_json_str(db_inv_annotation(h, "location")),
	    "ledger_known", lid != NULL,
	    "ledger_id", report_json_str(lid),
	    "remote_line_recorded", line != NULL,
	    "remote_line", report_json_str(line));
	json_object_set_new(o, "services", svc);
	json_array_append_new(v->hosts, o);
}

/* ---- CSV ----------------------------------------------------------- */

static const char rv_csv_head[] = "ip,mac,name,vendor,model,device_class,"
    "oui_vendor,fragile_profile,proto,port,kind,access,basis,cleartext,"
    "product,service,banner,first_seen,first_scan,last_seen,state,"
    "state_scan,last_open_scan,latest_scan_state,ledger_known,ledger_id,"
    "remote_line_recorded,remote_line,owner,location\r\n";

static void
csv_time(struct buf *b, int64_t t)
{
	char	 tbuf[32];

	report_csv_cell(b, t <= 0 ? NULL :
	    time_iso8601(tbuf, sizeof(tbuf), t), 0);
}

static void
csv_id(struct buf *b, int64_t id)
{
	if (id > 0)
		buf_addf(b, ",%" PRId64, id);
	else
		buf_addc(b, ',');
}

static void
host_csv(struct rv *v, const struct inv_host *h,
    const struct report_fragile *fr, const struct report_remote *rr,
    size_t n)
{
	const char	*lid = db_inv_annotation(h, "ledger_id");
	const char	*line = db_inv_annotation(h, "remote");

	for (size_t i = 0; i < n; i++) {
		const struct inv_service *s = rr[i].svc;
		struct buf	*b = &v->line;

		buf_truncate(b, 0);
		report_csv_cell(b, h->ip, 1);
		report_csv_cell(b, h->mac, 0);
		report_csv_cell(b, host_name(h), 0);
		report_csv_cell(b, id_str(h, 0), 0);
		report_csv_cell(b, id_str(h, 1), 0);
		report_csv_cell(b, id_str(h, 2), 0);
		report_csv_cell(b, h->oui_vendor, 0);
		report_csv_cell(b, fr->n > 0 ? fr->ids : NULL, 0);
		report_csv_cell(b, s->proto, 0);
		buf_addf(b, ",%d", s->port);
		report_csv_cell(b, rr[i].kind, 0);
		report_csv_cell(b, rr[i].name, 0);
		report_csv_cell(b, rr[i].basis, 0);
		buf_add(b, rr[i].cleartext ? ",yes" : ",no");
		report_csv_cell(b, rr[i].product, 0);
		report_csv_cell(b, s->service, 0);
		report_csv_cell(b, s->banner, 0);
		csv_time(b, s->first_seen);
		csv_id(b, first_open_scan(s));
		csv_time(b, s->last_seen);
		report_csv_cell(b, s->state, 0);
		csv_id(b, s->state_scan);
		csv_id(b, s->open_scan);
		report_csv_cell(b, latest_state(v, s), 0);
		buf_add(b, lid != NULL ? ",yes" : ",no");
		report_csv_cell(b, lid, 0);
		buf_add(b, line != NULL ? ",yes" : ",no");
		report_csv_cell(b, line, 0);
		report_csv_cell(b, db_inv_annotation(h, "owner"), 0);
		report_csv_cell(b, db_inv_annotation(h, "location"), 0);
		buf_add(b, "\r\n");
		fwrite(b->p, 1, b->len, v->fp);
	}
}

/* ---- text ---------------------------------------------------------- */

/* One "key: value" annotation line of a host block, when it has one. */
static void
text_annot(struct rv *v, const struct inv_host *h, const char *field,
    const char *label)
{
	const char	*s = db_inv_annotation(h, field);

	if (s != NULL)
		fprintf(v->fp, "  %-12s %s\n", label,
		    report_clean(&v->b, s, 100));
}

static void
host_text(struct rv *v, const struct inv_host *h,
    const struct report_fragile *fr, const struct report_remote *rr,
    size_t n)
{
	const struct inv_identity *id = h->identity;
	const char	*lid = db_inv_annotation(h, "ledger_id");
	const char	*line = db_inv_annotation(h, "remote");
	const char	*name = host_name(h);
	char		 tbuf[48], col[96];
	FILE		*fp = v->fp;

	fprintf(fp, "\n%s", report_clean(&v->b, h->ip, 0));
	fprintf(fp, "  %s", report_clean(&v->b, h->mac, 0));
	buf_truncate(&v->line, 0);
	if (id != NULL)
		text_vendor_model(&v->line, id->vendor, id->model);
	if (v->line.len == 0 && h->oui_vendor != NULL)
		buf_add(&v->line, h->oui_vendor);
	if (v->line.len > 0)
		fprintf(fp, "  %s", report_clean(&v->b, buf_str(&v->line),
		    50));
	if (id != NULL && id->device_class != NULL &&
	    id->device_class[0] != '\0')
		fprintf(fp, "  [%s]", report_clean(&v->b, id->device_class,
		    30));
	fputc('\n', fp);
	if (name != NULL)
		fprintf(fp, "  %-12s %s\n", "name", report_clean(&v->b, name,
		    60));
	text_annot(v, h, "owner", "owner");
	text_annot(v, h, "location", "location");
	if (fr->n > 0)
		fprintf(fp, "  %-12s %s (a fragile device: change its remote "
		    "access with the maker)\n", "fragile", fr->ids);
	if (lid != NULL)
		fprintf(fp, "  %-12s known, ledger ID %s\n", "ledger",
		    report_clean(&v->b, lid, 40));
	else
		fprintf(fp, "  %-12s NOT IN THE LEDGER (iomtscan annotate %s "
		    "--ledger-id ID, or reconcile --apply)\n", "ledger",
		    report_clean(&v->b, h->ip, 0));
	if (line != NULL)
		fprintf(fp, "  %-12s %s\n", "remote line",
		    report_clean(&v->b, line, 100));
	else
		fprintf(fp, "  %-12s NOT RECORDED: what is it for, who "
		    "operates it? (iomtscan annotate %s --remote TEXT)\n",
		    "remote line", report_clean(&v->b, h->ip, 0));
	fprintf(fp, "  %-11s %-22s %-8s %-35s %s\n", "SERVICE", "ACCESS",
	    "BY", "FIRST SEEN", "LATEST SCAN");
	for (size_t i = 0; i < n; i++) {
		const struct inv_service *s = rr[i].svc;
		int64_t	 first = first_open_scan(s);
		const char *ls = latest_state(v, s);

		snprintf(col, sizeof(col), "%s/%d", s->proto, s->port);
		fprintf(fp, "  %-11s ", col);
		snprintf(col, sizeof(col), "%s%s", rr[i].name,
		    rr[i].cleartext ? " (cleartext)" : "");
		fprintf(fp, "%-22s %-8s ", col, rr[i].basis);
		if (s->first_seen > 0)
			time_local(tbuf, sizeof(tbuf), s->first_seen);
		else
			strlcpy(tbuf, "-", sizeof(tbuf));
		if (first > 0)
			snprintf(col, sizeof(col), "%s (scan %" PRId64 ")",
			    tbuf, first);
		else
			strlcpy(col, tbuf, sizeof(col));
		fprintf(fp, "%-35s ", col);
		if (strcmp(ls, "open") == 0)
			fprintf(fp, "open\n");
		else if (strcmp(ls, "closed") == 0 && s->open_scan > 0)
			fprintf(fp, "closed (last open in scan %" PRId64 ")\n",
			    s->open_scan);
		else if (strcmp(ls, "closed") == 0)
			fprintf(fp, "closed\n");
		else
			fprintf(fp, "not checked (%s in scan %" PRId64 ")\n",
			    s->state != NULL ? s->state : "?", s->state_scan);
		if (rr[i].product != NULL || (s->banner != NULL &&
		    s->banner[0] != '\0')) {
			fprintf(fp, "  %-11s ", "");
			if (rr[i].product != NULL)
				fprintf(fp, "%s%s", rr[i].product,
				    s->banner != NULL ? ": " : "");
			if (s->banner != NULL)
				fprintf(fp, "%s", report_clean(&v->b,
				    s->banner, 60));
			fputc('\n', fp);
		}
	}
}

static void
text_head(struct rv *v)
{
	char	 tbuf[48];

	fprintf(v->fp, "Remote access (VNC, RDP, SSH, Telnet, remote-support "
	    "tools, vendor gateways)\n");
	if (v->latest != NULL)
		fprintf(v->fp, "Latest scan: %" PRId64 ", %s (%s)\n",
		    v->latest->id, v->latest->started > 0 ?
		    time_local(tbuf, sizeof(tbuf), v->latest->started) : "-",
		    v->latest->status != NULL ? v->latest->status : "?");
	else
		fprintf(v->fp, "No scan yet (passive data only).\n");
}

static void
text_tail(struct rv *v, const struct report_filter *f)
{
	FILE	*fp = v->fp;

	if (v->n_host == 0) {
		fprintf(fp, "\nNo device %sis offering remote access%s.\n",
		    report_filter_active(f) ? "matching the filters " : "",
		    v->latest != NULL ? " in the inventory" : "");
		return;
	}
	fprintf(fp, "\n%zu device%s with %zu remote-access service%s (%zu "
	    "open in the latest scan).\n", v->n_host, v->n_host == 1 ? "" :
	    "s", v->n_svc, v->n_svc == 1 ? "" : "s", v->n_open);
	if (v->n_unledgered > 0)
		fprintf(fp, "%zu not in the ledger.\n", v->n_unledgered);
	if (v->n_unrecorded > 0)
		fprintf(fp, "%zu without a recorded remote-maintenance line: "
		    "ask the owner and the maker what each is for and who "
		    "operates it.\n", v->n_unrecorded);
}

/* ---- the walk ------------------------------------------------------ */

/* List host h of the inventory if it has remote access. */
static int
rv_host(struct rv *v, const struct inv_host *brief)
{
	struct inventory *one = NULL;
	struct report_remote *rr = NULL;
	struct report_fragile fr;
	const struct inv_host *h;
	size_t		 n;
	int		 r;

	if (report_remote_list(brief, 0, NULL, 0) == 0)
		return 0;
	r = db_host_load(v->db, brief->ip, 0, &one);
	if (r == IOMT_ENOTFOUND)
		return 0;	/* gone since the inventory was read */
	if (r != 0)
		goto out;
	h = &one->host[0];
	if ((n = report_remote_list(h, 0, NULL, 0)) == 0) {
		r = 0;
		goto out;
	}
	rr = xcalloc(n, sizeof(*rr));
	report_remote_list(h, 0, rr, n);
	if ((r = report_fragile(v->db, v->ro, h, &fr)) != 0)
		goto out;
	v->n_host++;
	v->n_svc += n;
	for (size_t i = 0; i < n; i++)
		v->n_open += open_in_latest(v, rr[i].svc);
	v->n_unledgered += db_inv_annotation(h, "ledger_id") == NULL;
	v->n_unrecorded += db_inv_annotation(h, "remote") == NULL;
	switch (v->fmt) {
	case RV_JSON:
		host_json(v, h, &fr, rr, n);
		break;
	case RV_CSV:
		host_csv(v, h, &fr, rr, n);
		break;
	default:
		host_text(v, h, &fr, rr, n);
		break;
	}
	r = 0;
 out:
	free(rr);
	db_inventory_free(one);
	return r;
}

int
report_remote(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, const char *format, FILE *fp)
{
	struct inventory *inv = NULL;
	struct rv	 v;
	json_t		*doc = NULL;
	int		 r = IOMT_EINVAL;

	memset(&v, 0, sizeof(v));
	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if (format == NULL || strcmp(format, "text") == 0)
		v.fmt = RV_TEXT;
	else if (strcmp(format, "json") == 0)
		v.fmt = RV_JSON;
	else if (strcmp(format, "csv") == 0)
		v.fmt = RV_CSV;
	else
		return IOMT_EINVAL;
	v.db = db;
	v.ro = report_opts_get(ro);
	v.fp = fp;
	if ((r = report_inventory_load_opts(db, ro, f, &inv)) != 0)
		goto out;
	v.latest = inv->n_scan > 0 ? &inv->scan[inv->n_scan - 1] : NULL;
	if (v.fmt == RV_JSON)
		v.hosts = json_array();
	else if (v.fmt == RV_CSV) {
		if (v.ro->bom)
			fputs("\xef\xbb\xbf", fp);
		fputs(rv_csv_head, fp);
	} else
		text_head(&v);
	for (size_t i = 0; i < inv->n_host; i++)
		if ((r = rv_host(&v, &inv->host[i])) != 0)
			goto out;
	if (v.fmt == RV_JSON) {
		doc = json_pack("{s:s, s:o, s:o, s:o, s:O}",
		    "schema", REMOTE_SCHEMA,
		    "generated", report_json_time(inv->generated),
		    "latest_scan", scan_ref(v.latest != NULL ?
		    v.latest->id : 0),
		    "filtered", json_boolean(report_filter_active(f)),
		    "hosts", v.hosts);
		if ((r = report_json_write(doc, fp, 0)) != 0)
			goto out;
	} else if (v.fmt == RV_TEXT)
		text_tail(&v, f);
	r = ferror(fp) ? -EIO : 0;
 out:
	json_decref(doc);
	json_decref(v.hosts);
	buf_free(&v.b);
	buf_free(&v.line);
	db_inventory_free(inv);
	return r;
}
