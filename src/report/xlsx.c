/*
 * src/report/xlsx.c - `iomtscan export --format xlsx`: the inventory as
 * an Excel workbook, written with libxlsxwriter (Debian
 * libxlsxwriter-dev).
 *
 * The ledger (台帳) hospitals keep is an Excel sheet; the first sheet
 * here has its shape — the columns `reconcile` reads (管理番号, 機器名称,
 * 製造販売業者, 型式, 設置場所, 管理部署, IPアドレス, MACアドレス), then what
 * the network adds (class, firmware, OS, open ports, fragile profile,
 * findings, last seen) — with a frozen header row and an autofilter, so
 * it can start or refresh a ledger, and reads back through `reconcile`
 * as one.  A second sheet lists every finding in plain language, a third
 * what changed between the last two complete scans (`iomtscan diff`).
 * Headers are Japanese or English (lang).  Cells are written as strings
 * (worksheet_write_string), never as formulas, so a device's "=cmd|..."
 * banner stays text; control characters are replaced.
 *
 * libxlsxwriter writes to a file name: the workbook goes to a private
 * temporary file that is then copied to fp and removed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report-int.h"

enum {
	XC_ID, XC_NAME, XC_VENDOR, XC_MODEL, XC_LOCATION, XC_OWNER, XC_IP,
	XC_MAC, XC_CLASS, XC_FIRMWARE, XC_OS, XC_PORTS, XC_FRAGILE,
	XC_FINDINGS, XC_LAST_SEEN, XC_MAX
};

static const char *const xlsx_head[2][XC_MAX] = {
	{ "管理番号", "機器名称", "製造販売業者", "型式", "設置場所", "管理部署",
	  "IPアドレス", "MACアドレス", "機器分類", "ファームウェア", "OS",
	  "開いているポート", "脆弱機器プロファイル", "指摘事項", "最終確認 (UTC)" },
	{ "Asset ID", "Device name", "Manufacturer", "Model", "Location",
	  "Department", "IP address", "MAC address", "Device class",
	  "Firmware", "OS", "Open ports", "Fragile profile", "Findings",
	  "Last seen (UTC)" },
};

static const double xlsx_width[XC_MAX] = {
	12, 24, 20, 20, 16, 14, 15, 18, 16, 12, 18, 22, 12, 40, 20,
};

/* s with control characters replaced by spaces, into b ("" for NULL). */
static const char *
xcell(struct buf *b, const char *s)
{
	buf_truncate(b, 0);
	if (s == NULL)
		return "";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		buf_addc(b, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
	return buf_str(b);
}

static void
put(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, struct buf *b,
    const char *s)
{
	const char *v = xcell(b, s);

	if (v[0] != '\0')
		worksheet_write_string(ws, r, c, v, NULL);
}

/*
 * Which hosts get a row: one per device.  A device that moved keeps its
 * old address in the inventory too (same MAC, two hosts); the ledger
 * sheet lists it once, at the address it was seen at last, so the sheet
 * reads back through `reconcile` (which refuses a MAC on two rows).
 */
static const struct inventory *xlsx_sort_inv;

/* By MAC, then newest first, then address order. */
static int
xlsx_mac_cmp(const void *a, const void *b)
{
	const struct inv_host *x = &xlsx_sort_inv->host[*(const size_t *)a];
	const struct inv_host *y = &xlsx_sort_inv->host[*(const size_t *)b];
	int c = strcmp(x->mac, y->mac);

	if (c != 0)
		return c;
	if (x->last_seen != y->last_seen)
		return x->last_seen > y->last_seen ? -1 : 1;
	return (*(const size_t *)a > *(const size_t *)b) -
	    (*(const size_t *)a < *(const size_t *)b);
}

static unsigned char *
xlsx_keep(const struct inventory *inv)
{
	unsigned char	*keep = xcalloc(inv->n_host + 1, 1);
	size_t		*idx = xcalloc(inv->n_host + 1, sizeof(*idx));
	size_t		 n = 0;

	for (size_t i = 0; i < inv->n_host; i++) {
		keep[i] = 1;
		if (inv->host[i].mac != NULL)
			idx[n++] = i;
	}
	xlsx_sort_inv = inv;
	if (n > 1)
		qsort(idx, n, sizeof(*idx), xlsx_mac_cmp);
	for (size_t k = 1; k < n; k++)
		if (strcmp(inv->host[idx[k]].mac, inv->host[idx[k - 1]].mac) ==
		    0)
			keep[idx[k]] = 0;	/* an older address */
	free(idx);
	return keep;
}

static int
xlsx_hosts(lxw_workbook *wb, struct db *db, const struct report_opts *ro,
    const struct inventory *inv, int en)
{
	int		 rc = 0;
	lxw_worksheet	*ws = workbook_add_worksheet(wb, en ? "Devices" :
			    "機器台帳");
	lxw_format	*hf = workbook_add_format(wb);
	struct buf	 b = { NULL, 0, 0 }, t = { NULL, 0, 0 };
	unsigned char	*keep = xlsx_keep(inv);
	lxw_row_t	 row = 0;
	char		 ts[32];

	format_set_bold(hf);
	format_set_bg_color(hf, 0xDDEBF7);
	for (int c = 0; c < XC_MAX; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, xlsx_head[en][c], hf);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    xlsx_width[c], NULL);
	}
	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];
		const struct inv_identity *id = h->identity;
		lxw_row_t r;

		if (!keep[i])
			continue;
		r = ++row;

		put(ws, r, XC_VENDOR, &b, id && id->vendor ? id->vendor :
		    h->oui_vendor);
		/* what people wrote (annotate, reconcile --apply) first */
		put(ws, r, XC_ID, &b, db_inv_annotation(h, "ledger_id"));
		put(ws, r, XC_LOCATION, &b, db_inv_annotation(h, "location"));
		put(ws, r, XC_OWNER, &b, db_inv_annotation(h, "owner"));
		if (db_inv_annotation(h, "name") != NULL)
			put(ws, r, XC_NAME, &b, db_inv_annotation(h, "name"));
		else if (id != NULL)
			put(ws, r, XC_NAME, &b, id->model);
		if (id != NULL) {
			put(ws, r, XC_MODEL, &b, id->model);
			put(ws, r, XC_CLASS, &b, id->device_class);
			put(ws, r, XC_FIRMWARE, &b, id->firmware);
			put(ws, r, XC_OS, &b, id->os);
		}
		put(ws, r, XC_IP, &b, h->ip);
		put(ws, r, XC_MAC, &b, h->mac);
		buf_truncate(&t, 0);
		for (size_t k = 0; k < h->n_svc; k++)
			if (h->svc[k].state != NULL &&
			    strcmp(h->svc[k].state, "open") == 0)
				buf_addf(&t, "%s%s/%d", t.len ? ", " : "",
				    h->svc[k].proto, h->svc[k].port);
		put(ws, r, XC_PORTS, &b, buf_str(&t));
		{
			struct report_fragile fr;

			if ((rc = report_fragile(db, ro, h, &fr)) != 0)
				break;
			if (fr.n > 0)
				put(ws, r, XC_FRAGILE, &b, fr.ids);
		}
		buf_truncate(&t, 0);
		for (size_t k = 0; k < h->n_finding; k++)
			buf_addf(&t, "%s%s", t.len ? "; " : "",
			    h->finding[k].title);
		put(ws, r, XC_FINDINGS, &b, buf_str(&t));
		put(ws, r, XC_LAST_SEEN, &b, time_iso8601(ts, sizeof(ts),
		    h->last_seen));
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, row > 0 ? row : 1, XC_MAX - 1);
	free(keep);
	buf_free(&b);
	buf_free(&t);
	return rc;
}

static void
xlsx_findings(lxw_workbook *wb, const struct inventory *inv, int en)
{
	static const char *const head[2][6] = {
		{ "IPアドレス", "重要度", "ポート", "指摘事項", "内容と対策",
		  "最初の確認 (UTC)" },
		{ "IP address", "Severity", "Port", "Finding", "What it means "
		  "and what to do", "First seen (UTC)" },
	};
	static const double width[6] = { 15, 10, 8, 40, 80, 20 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, en ? "Findings" :
			    "指摘事項");
	lxw_format	*hf = workbook_add_format(wb);
	struct buf	 b = { NULL, 0, 0 };
	lxw_row_t	 r = 1;
	char		 ts[32];

	format_set_bold(hf);
	format_set_bg_color(hf, 0xFCE4D6);
	for (int c = 0; c < 6; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[en][c], hf);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c],
		    NULL);
	}
	for (size_t i = 0; i < inv->n_host; i++)
		for (size_t k = 0; k < inv->host[i].n_finding; k++, r++) {
			const struct inv_finding *f = &inv->host[i].finding[k];

			put(ws, r, 0, &b, inv->host[i].ip);
			put(ws, r, 1, &b, f->severity);
			if (f->port > 0)
				worksheet_write_number(ws, r, 2, f->port, NULL);
			put(ws, r, 3, &b, f->title);
			put(ws, r, 4, &b, f->detail);
			put(ws, r, 5, &b, time_iso8601(ts, sizeof(ts),
			    f->first_seen));
		}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 5);
	buf_free(&b);
}

/* One row of the changes sheet. */
static void
xlsx_change_row(lxw_worksheet *ws, lxw_row_t r, struct buf *b,
    const char *kind, const struct diff_host *dh, const char *field,
    const char *before, const char *after)
{
	put(ws, r, 0, b, kind);
	put(ws, r, 1, b, dh->ip);
	put(ws, r, 2, b, dh->mac);
	put(ws, r, 3, b, field);
	put(ws, r, 4, b, before);
	put(ws, r, 5, b, after);
}

/*
 * What changed between the last two complete scans (`iomtscan diff`),
 * one row per added, removed or not-checked device and one per change,
 * under a title naming the scans; a note instead when there are fewer
 * than two complete scans.
 */
static int
xlsx_changes(lxw_workbook *wb, struct db *db, int en)
{
	static const char *const head[2][6] = {
		{ "区分", "IPアドレス", "MACアドレス", "項目", "変更前", "変更後" },
		{ "Change", "IP address", "MAC address", "Field", "Before",
		  "After" },
	};
	static const char *const kinds[2][4] = {
		{ "追加", "消失", "未確認", "変更" },
		{ "added", "removed", "not checked", "changed" },
	};
	static const double width[6] = { 12, 15, 18, 16, 40, 40 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, en ? "Changes" :
			    "変更点");
	lxw_format	*hf = workbook_add_format(wb);
	struct buf	 b = { NULL, 0, 0 }, d1 = { NULL, 0, 0 };
	struct diff	*d = NULL;
	lxw_row_t	 r = 2;
	char		 t1[32], t2[32];
	size_t		 i, k;
	int		 rc;

	format_set_bold(hf);
	format_set_bg_color(hf, 0xE2EFDA);
	for (int c = 0; c < 6; c++) {
		worksheet_write_string(ws, 1, (lxw_col_t)c, head[en][c], hf);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c],
		    NULL);
	}
	if ((rc = diff_latest(db, &d)) != 0)
		goto out;
	if (d == NULL) {
		worksheet_write_string(ws, 0, 0, en ? "Fewer than two complete "
		    "scans: nothing to compare yet." : "完了したスキャンが2回"
		    "未満のため、比較できません。", NULL);
		goto out;
	}
	buf_addf(&d1, en ? "Scan %lld (%s) -> scan %lld (%s), UTC" :
	    "スキャン %lld (%s) → スキャン %lld (%s)、UTC",
	    (long long)d->from->scan.id, time_iso8601(t1, sizeof(t1),
	    d->from->scan.started), (long long)d->to->scan.id,
	    time_iso8601(t2, sizeof(t2), d->to->scan.started));
	worksheet_write_string(ws, 0, 0, buf_str(&d1), hf);
	for (i = 0; i < d->added.n; i++, r++) {
		buf_truncate(&d1, 0);
		diff_host_summary(&d1, d->added.h[i].to);
		xlsx_change_row(ws, r, &b, kinds[en][0], &d->added.h[i],
		    NULL, NULL, buf_str(&d1));
	}
	for (i = 0; i < d->removed.n; i++, r++) {
		buf_truncate(&d1, 0);
		diff_host_summary(&d1, d->removed.h[i].from);
		xlsx_change_row(ws, r, &b, kinds[en][1], &d->removed.h[i],
		    NULL, buf_str(&d1), NULL);
	}
	for (i = 0; i < d->not_checked.n; i++, r++)
		xlsx_change_row(ws, r, &b, kinds[en][2], &d->not_checked.h[i],
		    d->not_checked.h[i].state, NULL,
		    d->not_checked.h[i].reason);
	for (i = 0; i < d->changed.n; i++)
		for (k = 0; k < d->changed.h[i].n_ch; k++, r++) {
			const struct diff_change *c = &d->changed.h[i].ch[k];

			xlsx_change_row(ws, r, &b, kinds[en][3],
			    &d->changed.h[i], c->field, c->before, c->after);
		}
 out:
	worksheet_freeze_panes(ws, 2, 0);
	worksheet_autofilter(ws, 1, 0, r > 2 ? r - 1 : 2, 5);
	diff_free(d);
	buf_free(&b);
	buf_free(&d1);
	return rc;
}

const char *
report_lang_default(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
	}
	return "en";
}

int
report_export_xlsx(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, const char *lang, FILE *fp)
{
	struct inventory *inv = NULL;
	lxw_workbook	*wb;
	char		 path[] = "/tmp/iomtscan-xlsx.XXXXXX";
	char		 chunk[16384];
	FILE		*in = NULL;
	size_t		 n;
	int		 fd = -1, r, en = lang != NULL && strcmp(lang, "en") == 0;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = report_inventory_load_opts(db, ro, f, &inv)) != 0)
		goto out;
	if ((fd = mkstemp(path)) < 0) {
		r = -errno;
		goto out;
	}
	if ((wb = workbook_new(path)) == NULL) {
		r = -EIO;
		goto out;
	}
	r = xlsx_hosts(wb, db, ro, inv, en);
	xlsx_findings(wb, inv, en);
	if (r == 0)
		r = xlsx_changes(wb, db, en);
	if (workbook_close(wb) != LXW_NO_ERROR && r == 0)
		r = -EIO;
	if (r != 0)
		goto out;
	if ((in = fopen(path, "rb")) == NULL) {
		r = -errno;
		goto out;
	}
	r = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		if (fwrite(chunk, 1, n, fp) != n) {
			r = -EIO;
			break;
		}
	if (r == 0 && (ferror(in) || ferror(fp)))
		r = -EIO;
 out:
	if (in != NULL)
		fclose(in);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	db_inventory_free(inv);
	return r;
}
