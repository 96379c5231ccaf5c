/*
 * src/report/export-csv.c - `iomtscan export --format csv`: one row per
 * service with the host's columns repeated (a host without services gets
 * one row with empty service cells), for a spreadsheet.
 *
 * RFC 4180: every text cell quoted with quotes doubled, CRLF line ends.
 * A spreadsheet runs a cell starting with = + - @ TAB or CR as a formula,
 * and device strings reach these cells, so such a cell gets a leading
 * apostrophe; control characters other than TAB, CR and LF and bytes that
 * are not UTF-8 become U+FFFD.  The columns are documented in
 * docs/JSON-SCHEMA.md next to the JSON they mirror.  Text is UTF-8; with
 * --bom the file starts with the byte-order mark Excel needs to read it
 * as UTF-8 (without one Excel assumes the local code page).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report-int.h"

void
report_csv_cell(struct buf *b, const char *s, int first)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l, n;
	uint32_t		 cp;

	if (!first)
		buf_addc(b, ',');
	if (s == NULL)
		return;
	n = strlen(s);
	buf_addc(b, '"');
	if (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
		buf_addc(b, '\'');
	while (i < n) {
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 0 || (cp < 0x20 && cp != '\t' && cp != '\r' &&
		    cp != '\n') || (cp >= 0x7f && cp < 0xa0)) {
			buf_add(b, "\xef\xbf\xbd");
			i += l == 0 ? 1 : l;
			continue;
		}
		if (cp == '"')
			buf_add(b, "\"\"");
		else
			buf_addn(b, s + i, l);
		i += l;
	}
	buf_addc(b, '"');
}

/* The short name the rows below use. */
static void
csv_cell(struct buf *b, const char *s, int first)
{
	report_csv_cell(b, s, first);
}

static void
csv_int(struct buf *b, int64_t v)
{
	buf_addf(b, ",%" PRId64, v);
}

static void
csv_time(struct buf *b, int64_t t)
{
	char	 tbuf[32];

	csv_cell(b, t <= 0 ? NULL : time_iso8601(tbuf, sizeof(tbuf), t), 0);
}

/* A NULL for an empty string, as the views show a missing value. */
static const char *
or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* The passive-name columns that end every row of h. */
static void
csv_names(struct buf *b, const struct inv_host *h)
{
	csv_cell(b, report_name(h, "dhcp.hostname"), 0);
	csv_cell(b, report_name(h, "dhcp.vendor_class"), 0);
}

/* The host columns of every row of h. */
static void
csv_host_cols(const struct inv_host *h, const struct report_fragile *fr,
    struct buf *out)
{
	const struct inv_identity *id = h->identity;
	struct buf	 f = { NULL, 0, 0 };
	size_t		 i;

	csv_cell(out, h->ip, 1);
	csv_cell(out, h->mac, 0);
	csv_cell(out, h->oui_vendor, 0);
	csv_time(out, h->first_seen);
	csv_time(out, h->last_seen);
	csv_cell(out, or_null(h->state), 0);
	csv_int(out, h->probes_sent);
	if (id != NULL) {
		csv_cell(out, id->vendor, 0);
		csv_cell(out, id->model, 0);
		csv_cell(out, id->device_class, 0);
		csv_cell(out, id->firmware, 0);
		csv_cell(out, id->os, 0);
		csv_int(out, id->confidence);
	} else
		buf_add(out, ",,,,,,");
	csv_cell(out, fr->n > 0 ? fr->ids : NULL, 0);
	for (i = 0; i < h->n_finding; i++) {
		if (i > 0)
			buf_addc(&f, ' ');
		buf_add(&f, h->finding[i].id != NULL ? h->finding[i].id : "");
		if (h->finding[i].port > 0)
			buf_addf(&f, "/%d", h->finding[i].port);
	}
	csv_cell(out, f.len > 0 ? f.p : NULL, 0);
	buf_free(&f);
	for (i = 0; db_annotation_fields[i] != NULL; i++)
		csv_cell(out, db_inv_annotation(h, db_annotation_fields[i]), 0);
}

int
report_export_csv(struct db *db, const struct report_opts *ro, FILE *fp)
{
	return report_export_csv_where(db, ro, NULL, fp);
}

int
report_export_csv_where(struct db *db, const struct report_opts *ro,
    const struct report_filter *filter, FILE *fp)
{
	struct inventory *inv = NULL;
	struct report_fragile fr;
	struct buf	 hc = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	size_t		 i, k;
	int		 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	ro = report_opts_get(ro);
	if ((r = report_inventory_load_opts(db, ro, filter, &inv)) != 0)
		goto out;
	if (ro->bom)
		fputs("\xef\xbb\xbf", fp);
	fputs("ip,mac,oui_vendor,first_seen,last_seen,state,probes_sent,"
	    "vendor,model,device_class,firmware,os,confidence,"
	    "fragile_profile,findings,owner,location,ledger_id,name,note,remote,"
	    "contract,os_support,"
	    "proto,port,service_state,service,"
	    "banner,service_first_seen,service_last_seen,dhcp_hostname,"
	    "dhcp_vendor_class\r\n", fp);
	for (i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		buf_truncate(&hc, 0);
		if ((r = report_fragile(db, ro, h, &fr)) != 0)
			goto out;
		csv_host_cols(h, &fr, &hc);
		for (k = 0; k < h->n_svc; k++) {
			const struct inv_service *s = &h->svc[k];

			buf_truncate(&line, 0);
			buf_addn(&line, hc.p, hc.len);
			csv_cell(&line, s->proto, 0);
			csv_int(&line, s->port);
			csv_cell(&line, s->state, 0);
			csv_cell(&line, s->service, 0);
			csv_cell(&line, s->banner, 0);
			csv_time(&line, s->first_seen);
			csv_time(&line, s->last_seen);
			csv_names(&line, h);
			buf_add(&line, "\r\n");
			fwrite(line.p, 1, line.len, fp);
		}
		if (h->n_svc == 0) {
			buf_truncate(&line, 0);
			buf_addn(&line, hc.p, hc.len);
			buf_add(&line, ",,,,,,,");
			csv_names(&line, h);
			buf_add(&line, "\r\n");
			fwrite(line.p, 1, line.len, fp);
		}
	}
	r = ferror(fp) ? -EIO : 0;
 out:
	db_inventory_free(inv);
	buf_free(&hc);
	buf_free(&line);
	return r;
}
