/*
 * src/report/host.c - `iomtscan show ADDRESS` (one host in full) and
 * `iomtscan audit [ADDRESS]` (every probe sent, oldest first).
 *
 * `show` is what someone reads when a device misbehaved after a scan:
 * its state in each scan with the reason, the probes sent to it, its
 * identity with the evidence behind it, the fragile profile and the limits
 * applied, services with banners, findings and the latest observations.
 * `audit` lines each probe up with a time in milliseconds, so it can be
 * set next to a device's own alarm log.  Times are local with their UTC
 * offset (TZ decides, as for date(1)): the staff reading them compare
 * them with wall clocks; the exports keep UTC.  Every device string is cleaned
 * for the terminal and cut to a width.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report-int.h"

#define OBS_SHOWN	20	/* observations in report_host() */

/* Local time with its offset for a person (time_local()), "-" for 0. */
static const char *
when(char *dst, size_t dsize, int64_t t)
{
	if (t <= 0) {
		strlcpy(dst, "-", dsize);
		return dst;
	}
	return time_local(dst, dsize, t);
}

/* A JSON scalar as text for a terminal: strings bare, others as JSON. */
static const char *
json_text(json_t *v, struct buf *tmp)
{
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	report_json_compact(v, tmp);
	return buf_str(tmp);
}

static void
print_identity(const struct inv_identity *id, FILE *fp, struct buf *b)
{
	static const char *const label[5] = { "Vendor", "Model", "Class",
	    "Firmware", "OS" };
	const char	*v[5];
	struct buf	 tmp = { NULL, 0, 0 };
	json_t		*ev, *e;
	char		 tbuf[32];
	size_t		 i, k = 0;

	if (id == NULL) {
		fprintf(fp, "\nIdentity: not identified yet\n");
		return;
	}
	v[0] = id->vendor;
	v[1] = id->model;
	v[2] = id->device_class;
	v[3] = id->firmware;
	v[4] = id->os;
	fprintf(fp, "\nIdentity (confidence %d%%, updated %s", id->confidence,
	    when(tbuf, sizeof(tbuf), id->updated));
	if (id->scan_id > 0)
		fprintf(fp, ", scan %" PRId64, id->scan_id);
	fprintf(fp, ")\n");
	for (i = 0; i < 5; i++)
		fprintf(fp, "  %-12s %s\n", label[i], report_clean(b, v[i],
		    200));
	ev = report_json_stored(id->evidence_json, REPORT_JSON_OBJECTS);
	json_array_foreach(ev, i, e) {
		fprintf(fp, "  %-12s ", k++ == 0 ? "Evidence" : "");
		fprintf(fp, "%s = ", report_clean(b, json_text(json_object_get(
		    e, "field"), &tmp), 40));
		fprintf(fp, "%s", report_clean(b, json_text(json_object_get(e,
		    "value"), &tmp), 120));
		fprintf(fp, "  [%s]\n", report_clean(b, json_text(
		    json_object_get(e, "source"), &tmp), 60));
	}
	json_decref(ev);
	buf_free(&tmp);
}

/* The names the host gave itself on the network (DHCP, mDNS, LLDP). */
static void
print_names(const struct inv_host *h, FILE *fp, struct buf *b)
{
	char	 tbuf[40];
	size_t	 i;

	if (h->n_name == 0)
		return;
	fprintf(fp, "\nNames (heard passively)\n");
	for (i = 0; i < h->n_name; i++) {
		const struct inv_name *n = &h->name[i];

		fprintf(fp, "  ");
		text_pad(fp, report_name_label(n->key), 18);
		fprintf(fp, " %s", report_clean(b, n->value, 120));
		if (n->t > 0)
			fprintf(fp, "  (%s)", when(tbuf, sizeof(tbuf), n->t));
		fputc('\n', fp);
	}
}

/* The profiles the host matches now (the matcher `plan` uses) and the
 * limits the last scan that matched it applied. */
static void
print_fragile(const struct report_fragile *fr, const struct inv_fragile *f,
    FILE *fp, struct buf *b)
{
	struct buf	 pol = { NULL, 0, 0 };
	json_t		*v;

	if (fr->n == 0 && f == NULL)
		return;
	if (fr->n == 0)
		fprintf(fp, "\nFragile-device profile: none matches now\n");
	else {
		fprintf(fp, "\nFragile-device profile\n");
		fprintf(fp, "  %-12s %s\n", "Profile", report_clean(b,
		    fr->ids, 60));
		fprintf(fp, "  %-12s %s\n", "Hazard", report_clean(b,
		    fr->hazard, 300));
		fprintf(fp, "  %-12s %s\n", "Matched on", report_clean(b,
		    fr->why, 200));
	}
	if (f != NULL && (v = report_json_stored(f->policy_json,
	    REPORT_JSON_ANY)) != NULL) {
		report_json_compact(v, &pol);
		fprintf(fp, "  %-12s %s\n", f->profile_id != NULL &&
		    strcmp(f->profile_id, fr->ids) == 0 ? "Policy" :
		    "Last applied", report_clean(b, buf_str(&pol), 300));
		json_decref(v);
	}
	buf_free(&pol);
}

static void
print_services(const struct inv_host *h, FILE *fp, struct buf *b)
{
	char	 t1[32], t2[32], port[24];
	size_t	 i;

	if (h->n_svc == 0) {
		fprintf(fp, "\nServices: none found\n");
		return;
	}
	fprintf(fp, "\nServices\n  %-10s %-14s %-12s %-25s %-25s %s\n", "PORT",
	    "STATE", "SERVICE", "FIRST SEEN", "LAST SEEN", "BANNER");
	for (i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];

		snprintf(port, sizeof(port), "%d/%s", s->port,
		    report_clean(b, s->proto, 5));
		fprintf(fp, "  %-10s ", port);
		fprintf(fp, "%-14s ", report_clean(b, s->state, 14));
		text_pad(fp, report_clean(b, s->service, 12), 12);
		fprintf(fp, " %-25s %-25s", when(t1, sizeof(t1),
		    s->first_seen), when(t2, sizeof(t2), s->last_seen));
		if (s->banner != NULL)
			fprintf(fp, " %s", report_clean(b, s->banner, 100));
		fputc('\n', fp);
	}
}

static void
print_findings(const struct inv_host *h, FILE *fp, struct buf *b)
{
	size_t	 i;

	if (h->n_finding == 0) {
		fprintf(fp, "\nFindings: none\n");
		return;
	}
	fprintf(fp, "\nFindings\n");
	for (i = 0; i < h->n_finding; i++) {
		const struct inv_finding *f = &h->finding[i];

		fprintf(fp, "  %-7s", report_clean(b, f->severity, 7));
		fprintf(fp, " %s", report_clean(b, f->id, 60));
		if (f->port > 0)
			fprintf(fp, " (port %d)", f->port);
		fprintf(fp, ": %s\n", report_clean(b, f->title, 200));
		if (f->detail != NULL)
			fprintf(fp, "          %s\n", report_clean(b, f->detail,
			    1000));
	}
}

static void
print_scans(const struct inv_host *h, FILE *fp, struct buf *b)
{
	char	 tbuf[32];
	size_t	 i;

	fprintf(fp, "\nScans\n  %-6s %-25s %-12s %-9s %-8s %s\n", "SCAN",
	    "STARTED", "SCAN STATUS", "HOST", "FOUND BY", "REASON");
	for (i = 0; i < h->n_scan; i++) {
		const struct inv_host_scan *s = &h->scan[i];

		fprintf(fp, "  %-6" PRId64 " %-25s ", s->scan_id,
		    when(tbuf, sizeof(tbuf), s->started));
		fprintf(fp, "%-12s ", report_clean(b, s->scan_status, 12));
		fprintf(fp, "%-9s ", report_clean(b, s->state, 9));
		fprintf(fp, "%s", report_clean(b, s->how, 8));
		if (s->reason != NULL) {
			int	 pad = 9 - (int)text_width(buf_str(b));

			fprintf(fp, "%*s", pad, "");
			fprintf(fp, "%s", report_clean(b, s->reason, 200));
		}
		fputc('\n', fp);
	}
}

static void
print_observations(const struct inv_host *h, FILE *fp, struct buf *b)
{
	char	 where[32];
	size_t	 i;

	if (h->obs_total == 0) {
		fprintf(fp, "\nObservations: none\n");
		return;
	}
	fprintf(fp, "\nLatest observations (%zu of %" PRId64 ")\n", h->n_obs,
	    h->obs_total);
	for (i = 0; i < h->n_obs; i++) {
		const struct observation *o = &h->obs[i];

		if (o->port > 0)
			snprintf(where, sizeof(where), "%d/%s", o->port,
			    o->proto != NULL && strlen(o->proto) < 8 ?
			    o->proto : "?");
		else
			strlcpy(where, "host", sizeof(where));
		fprintf(fp, "  scan %-4" PRId64 " %-10s ", o->scan_id,
		    report_clean(b, where, 10));
		fprintf(fp, "%-14s ", report_clean(b, o->probe, 14));
		fprintf(fp, "%s = ", report_clean(b, o->key, 40));
		fprintf(fp, "%s\n", report_clean(b, o->value, 120));
	}
}

int
report_host(struct db *db, const struct report_opts *ro, const char *ip,
    FILE *fp)
{
	struct inventory *inv = NULL;
	const struct inv_host *h;
	struct report_fragile fr;
	struct buf	 b = { NULL, 0, 0 };
	char		 tbuf[32];
	int		 r;

	if (db == NULL || fp == NULL || ip == NULL)
		return IOMT_EINVAL;
	if ((r = report_host_load(db, ip, OBS_SHOWN, &inv)) != 0)
		goto out;
	h = &inv->host[0];
	fprintf(fp, "Host %s\n", report_clean(&b, h->ip, 0));
	fprintf(fp, "  %-12s %s\n", "MAC", report_clean(&b, h->mac, 0));
	fprintf(fp, "  %-12s %s\n", "OUI vendor", report_clean(&b,
	    h->oui_vendor, 200));
	fprintf(fp, "  %-12s %s", "First seen", when(tbuf, sizeof(tbuf),
	    h->first_seen));
	if (h->first_scan > 0)
		fprintf(fp, " (scan %" PRId64 ")", h->first_scan);
	fprintf(fp, "\n  %-12s %s", "Last seen", when(tbuf, sizeof(tbuf),
	    h->last_seen));
	if (h->last_scan > 0)
		fprintf(fp, " (scan %" PRId64 ")", h->last_scan);
	fputc('\n', fp);
	if (h->state != NULL && strcmp(h->state, "breaker") == 0)
		fprintf(fp, "  %-12s breaker: possibly affected - check the "
		    "device (%s)\n", "State", report_clean(&b,
		    h->state_reason != NULL && h->state_reason[0] != '\0' ?
		    h->state_reason : "it stopped answering", 200));
	else if (h->state != NULL && h->state[0] != '\0') {
		fprintf(fp, "  %-12s %s", "State", report_clean(&b, h->state,
		    20));
		if (h->state_reason != NULL && h->state_reason[0] != '\0')
			fprintf(fp, " (%s)", report_clean(&b, h->state_reason,
			    200));
		fputc('\n', fp);
	}
	fprintf(fp, "  %-12s %" PRId64 " (list them: iomtscan audit %s)\n",
	    "Probes sent", h->probes_sent, report_clean(&b, h->ip, 0));
	print_identity(h->identity, fp, &b);
	print_names(h, fp, &b);
	if ((r = report_fragile(db, ro, h, &fr)) != 0)
		goto out;
	print_fragile(&fr, h->fragile, fp, &b);
	report_annot_print(h, fp, &b);
	print_services(h, fp, &b);
	print_findings(h, fp, &b);
	report_adv_print(h, fp, &b);
	report_mds2_print(h, fp, &b);
	print_scans(h, fp, &b);
	print_observations(h, fp, &b);
	r = ferror(fp) ? -EIO : 0;
 out:
	db_inventory_free(inv);
	buf_free(&b);
	return r;
}

/* The state of an audit listing. */
struct audit_walk {
	FILE		*fp;
	struct buf	 b;
	int64_t		 n;
};

static int
audit_cb(void *arg, const struct db_audit_row *row)
{
	struct audit_walk *w = arg;
	FILE		*fp = w->fp;
	char		 tbuf[40], where[32];

	if (w->n++ == 0)
		fprintf(fp, "%-29s %-15s %-10s %-12s %6s  %s\n", "TIME",
		    "ADDRESS", "PORT", "KIND", "BYTES", "DETAIL");
	time_local_ms(tbuf, sizeof(tbuf), row->t_us);
	if (row->proto != NULL && row->port > 0)
		snprintf(where, sizeof(where), "%d/%.8s", row->port,
		    row->proto);
	else if (row->proto != NULL)
		snprintf(where, sizeof(where), "%.8s", row->proto);
	else
		strlcpy(where, "-", sizeof(where));
	fprintf(fp, "%-29s ", tbuf);
	fprintf(fp, "%-15s ", report_clean(&w->b, row->ip, 40));
	fprintf(fp, "%-10s ", report_clean(&w->b, where, 0));
	fprintf(fp, "%-12s ", report_clean(&w->b, row->kind, 20));
	fprintf(fp, "%6" PRId64, row->bytes);
	if (row->detail != NULL)
		fprintf(fp, "  %s", report_clean(&w->b, row->detail, 120));
	fputc('\n', fp);
	return 0;
}

int
report_audit(struct db *db, const char *ip, FILE *fp)
{
	struct audit_walk w = { fp, { NULL, 0, 0 }, 0 };
	int		 r;

	if (db == NULL || fp == NULL || (ip != NULL && (ip[0] == '\0' ||
	    strlen(ip) >= 64)))
		return IOMT_EINVAL;
	r = db_foreach_audit(db, 0, ip, audit_cb, &w);
	if (r == 0 && w.n == 0)
		fprintf(fp, "No probes recorded%s%s.\n", ip != NULL ?
		    " for " : "", ip != NULL ? report_clean(&w.b, ip, 0) : "");
	if (r == 0)
		r = ferror(fp) ? -EIO : 0;
	buf_free(&w.b);
	return r;
}
