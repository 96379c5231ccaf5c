/*
 * src/report/diff-out.c - the diff between two scans (diff.c) as a
 * person reads it in a morning e-mail, and as JSON for programs.
 *
 * The text puts the counts on the first line, so a mail client's
 * preview already says whether anything happened, then the two scans
 * and their start times, then one section per
 * list, one line per host and one indented line per change, in local
 * time with its UTC offset.  Every string that came from a device goes
 * through text_term() (report_clean()).  The JSON is the shape
 * docs/JSON-SCHEMA.md documents ("iomtscan diff"), written with jansson
 * with UTF-8 kept as UTF-8.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report-int.h"

/* The open services of h as a new JSON array of "proto/port". */
static json_t *
open_json(const struct snap_host *h)
{
	json_t	*a = json_array();
	char	 s[32];

	for (size_t i = 0; h != NULL && i < h->n_svc; i++) {
		if (strcmp(h->svc[i].state, "open") != 0)
			continue;
		snprintf(s, sizeof(s), "%s/%d", h->svc[i].proto,
		    h->svc[i].port);
		json_array_append_new(a, json_string(s));
	}
	return a;
}

/* An added or removed host: h is its row in the scan that saw it. */
static json_t *
host_json(const struct diff_host *dh, const struct snap_host *h)
{
	json_t	*o = json_object();

	json_object_set_new(o, "ip", report_json_str(dh->ip));
	json_object_set_new(o, "mac", report_json_str(dh->mac));
	json_object_set_new(o, "vendor", report_json_str(h->vendor));
	json_object_set_new(o, "model", report_json_str(h->model));
	json_object_set_new(o, "device_class",
	    report_json_str(h->device_class));
	json_object_set_new(o, "firmware", report_json_str(h->firmware));
	json_object_set_new(o, "os", report_json_str(h->os));
	json_object_set_new(o, "services", open_json(h));
	return o;
}

json_t *
diff_json(const struct diff *d)
{
	json_t	*root = json_object(), *a;
	size_t	 i, k;

	json_object_set_new(root, "from_scan", json_integer(d->from->scan.id));
	json_object_set_new(root, "to_scan", json_integer(d->to->scan.id));
	a = json_array();
	for (i = 0; i < d->added.n; i++)
		json_array_append_new(a, host_json(&d->added.h[i],
		    d->added.h[i].to));
	json_object_set_new(root, "added", a);
	a = json_array();
	for (i = 0; i < d->removed.n; i++)
		json_array_append_new(a, host_json(&d->removed.h[i],
		    d->removed.h[i].from));
	json_object_set_new(root, "removed", a);
	a = json_array();
	for (i = 0; i < d->not_checked.n; i++) {
		const struct diff_host *dh = &d->not_checked.h[i];
		json_t *o = json_object();

		json_object_set_new(o, "ip", report_json_str(dh->ip));
		json_object_set_new(o, "mac", report_json_str(dh->mac));
		json_object_set_new(o, "state", report_json_str(dh->state));
		json_object_set_new(o, "reason", report_json_str(dh->reason));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "not_checked", a);
	a = json_array();
	for (i = 0; i < d->changed.n; i++) {
		const struct diff_host *dh = &d->changed.h[i];
		json_t *o = json_object(), *cs = json_array();

		json_object_set_new(o, "ip", report_json_str(dh->ip));
		json_object_set_new(o, "mac", report_json_str(dh->mac));
		for (k = 0; k < dh->n_ch; k++) {
			json_t *c = json_object();

			json_object_set_new(c, "field",
			    report_json_str(dh->ch[k].field));
			json_object_set_new(c, "before",
			    report_json_str(dh->ch[k].before));
			json_object_set_new(c, "after",
			    report_json_str(dh->ch[k].after));
			json_array_append_new(cs, c);
		}
		json_object_set_new(o, "changes", cs);
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "changed", a);
	return root;
}

/* "198.18.0.10  00:09:fb:...  " with both columns padded. */
static void
text_addr(FILE *fp, struct buf *b, const char *ip, const char *mac)
{
	fputs("  ", fp);
	text_pad(fp, report_clean(b, ip, 40), 16);
	fputc(' ', fp);
	text_pad(fp, mac != NULL ? report_clean(b, mac, 20) : "-", 18);
}

void
diff_host_summary(struct buf *b, const struct snap_host *h)
{
	size_t	 start = b->len;

	if (h == NULL)
		return;
	text_vendor_model(b, h->vendor, h->model);
	if (h->device_class != NULL)
		buf_addf(b, "%s(%s)", b->len > start ? " " : "",
		    h->device_class);
	for (size_t i = 0; i < h->n_svc; i++)
		if (strcmp(h->svc[i].state, "open") == 0)
			buf_addf(b, "%s%s/%d", b->len > start ? " " : "",
			    h->svc[i].proto, h->svc[i].port);
}

/* The rest of an added or removed host's line: identity and services. */
static void
text_host(FILE *fp, struct buf *b, const struct snap_host *h)
{
	struct buf	 vm = { NULL, 0, 0 };
	size_t		 n = 0;

	text_vendor_model(&vm, h->vendor, h->model);
	if (vm.len > 0)
		fprintf(fp, " %s", report_clean(b, buf_str(&vm), 40));
	if (h->device_class != NULL)
		fprintf(fp, " (%s)", report_clean(b, h->device_class, 30));
	for (size_t i = 0; i < h->n_svc; i++) {
		if (strcmp(h->svc[i].state, "open") != 0)
			continue;
		if (n++ == 0)
			fputs("  ports", fp);
		fprintf(fp, " %s/%d", h->svc[i].proto, h->svc[i].port);
	}
	buf_free(&vm);
}

static void
text_change(FILE *fp, struct buf *b, const struct diff_change *c)
{
	struct buf	 t = { NULL, 0, 0 };

	fputs("      ", fp);
	switch (c->kind) {
	case DIFF_MOVED:
		fprintf(fp, "moved here from %s (same MAC)",
		    report_clean(b, c->before, 40));
		break;
	case DIFF_REPLACED:
		fprintf(fp, "replaced? new MAC %s", report_clean(b, c->after,
		    20));
		fprintf(fp, ", was %s: a different device on this address",
		    report_clean(b, c->before, 20));
		break;
	case DIFF_IDENTITY:
		fprintf(fp, "%s: ", c->field);
		fprintf(fp, "%s", report_clean(b, c->before, 60));
		fprintf(fp, " -> %s", report_clean(b, c->after, 60));
		break;
	case DIFF_SERVICE:
		if (c->after != NULL && strcmp(c->after, "open") == 0)
			fprintf(fp, "%s opened", c->field);
		else
			fprintf(fp, "%s no longer open (%s now)", c->field,
			    report_clean(b, c->after, 20));
		break;
	case DIFF_FINDING:
		fprintf(fp, "new finding: %s", report_clean(b, c->after, 60));
		if (c->finding != NULL) {
			fprintf(fp, " [%s]", report_clean(b,
			    c->finding->severity, 10));
			buf_add(&t, c->finding->title != NULL ?
			    c->finding->title : "");
			if (t.len > 0)
				fprintf(fp, " %s", report_clean(b,
				    buf_str(&t), 70));
		}
		break;
	}
	fputc('\n', fp);
	buf_free(&t);
}

/* A scan for the heading: "scan 3 (2026-12-03 09:00:00 +0900)". */
static void
text_scan(FILE *fp, const struct inv_scan *s)
{
	char	 t[48];

	fprintf(fp, "scan %lld (%s)", (long long)s->id,
	    time_local(t, sizeof(t), s->started));
}

int
diff_text(const struct diff *d, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };
	long long	 fid = (long long)d->from->scan.id;
	long long	 tid = (long long)d->to->scan.id;
	size_t		 i, k;

	fprintf(fp, "%zu added, %zu removed, %zu not checked, %zu changed\n",
	    d->added.n, d->removed.n, d->not_checked.n, d->changed.n);
	fputs("from ", fp);
	text_scan(fp, &d->from->scan);
	fputs(" to ", fp);
	text_scan(fp, &d->to->scan);
	fputc('\n', fp);
	if (d->outside > 0)
		fprintf(fp, "%zu host%s scan %lld saw %s outside scan %lld's "
		    "targets: not compared.\n", d->outside, d->outside == 1 ?
		    "" : "s", fid, d->outside == 1 ? "is" : "are", tid);
	if (d->unknown > 0)
		fprintf(fp, "%zu host%s scan %lld saw could not be compared: "
		    "scan %lld did not record its targets.\n", d->unknown,
		    d->unknown == 1 ? "" : "s", fid, tid);
	if (d->added.n + d->removed.n + d->not_checked.n + d->changed.n == 0)
		fputs("Nothing changed.\n", fp);
	if (d->added.n > 0) {
		fprintf(fp, "\nAdded (answered in scan %lld, not in scan "
		    "%lld):\n", tid, fid);
		for (i = 0; i < d->added.n; i++) {
			text_addr(fp, &b, d->added.h[i].ip, d->added.h[i].mac);
			text_host(fp, &b, d->added.h[i].to);
			fputc('\n', fp);
		}
	}
	if (d->removed.n > 0) {
		fprintf(fp, "\nRemoved (scan %lld probed the address, no "
		    "answer):\n", tid);
		for (i = 0; i < d->removed.n; i++) {
			text_addr(fp, &b, d->removed.h[i].ip,
			    d->removed.h[i].mac);
			text_host(fp, &b, d->removed.h[i].from);
			fputc('\n', fp);
		}
	}
	if (d->not_checked.n > 0) {
		fprintf(fp, "\nNot checked (scan %lld sent nothing to them; "
		    "not counted as removed):\n", tid);
		for (i = 0; i < d->not_checked.n; i++) {
			const struct diff_host *dh = &d->not_checked.h[i];

			text_addr(fp, &b, dh->ip, dh->mac);
			fprintf(fp, " %s", report_clean(&b, dh->state, 10));
			if (dh->reason != NULL)
				fprintf(fp, ": %s", report_clean(&b,
				    dh->reason, 80));
			fputc('\n', fp);
		}
	}
	if (d->changed.n > 0) {
		fputs("\nChanged:\n", fp);
		for (i = 0; i < d->changed.n; i++) {
			const struct diff_host *dh = &d->changed.h[i];

			text_addr(fp, &b, dh->ip, dh->mac);
			text_host(fp, &b, dh->to);
			fputc('\n', fp);
			for (k = 0; k < dh->n_ch; k++)
				text_change(fp, &b, &dh->ch[k]);
		}
	}
	buf_free(&b);
	return ferror(fp) ? -EIO : 0;
}
