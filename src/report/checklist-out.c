/*
 * src/report/checklist-out.c - the checklist (checklist.c) written out:
 * as text for a terminal, as JSON for programs, and as HTML, both a whole
 * page and a <section> the HTML report embeds.
 *
 * The items are built once; these writers only lay them out, so every
 * format says the same.  Evidence and device names contain what devices
 * sent (an OS banner, a vendor string) and what people typed (a ledger
 * file name), so the terminal writer cleans every such string with
 * text_term(), the HTML writers escape it (and replace bytes that are not
 * UTF-8 and control characters with U+FFFD), and JSON goes through
 * jansson with report_json_str().  The HTML has no script and no
 * external reference; its style rules are scoped to the section's class
 * so an embedding page keeps its own.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report-int.h"

static int
ck_ja(const char *lang)
{
	return lang != NULL && strcmp(lang, "ja") == 0;
}

static const char *
ck_label(enum checklist_status st, int ja)
{
	static const char *const en[] = { "MET", "NOT MET", "PARTLY",
	    "CANNOT TELL" };
	static const char *const jp[] = { "達成", "未達成", "一部達成",
	    "スキャンでは判断できない" };

	if ((unsigned)st > CHECKLIST_UNKNOWN)
		st = CHECKLIST_UNKNOWN;
	return ja ? jp[st] : en[st];
}

/* The counts of items per status into n[4]. */
static void
ck_tally(const struct checklist *cl, size_t n[4])
{
	memset(n, 0, 4 * sizeof(n[0]));
	for (size_t i = 0; i < cl->n_item; i++)
		if ((unsigned)cl->item[i].status <= CHECKLIST_UNKNOWN)
			n[cl->item[i].status]++;
}

/* ------------------------------------------------------------------ */
/* Text. */

static void
ck_term(FILE *fp, struct buf *b, const char *s)
{
	buf_truncate(b, 0);
	if (s != NULL)
		text_term(b, s, strlen(s), 0);
	fputs(buf_str(b), fp);
}

int
report_checklist_text(const struct checklist *cl, const char *lang, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 ja = ck_ja(lang);
	size_t		 n[4];
	char		 t1[64], t2[64];

	if (cl == NULL || fp == NULL)
		return IOMT_EINVAL;
	ck_tally(cl, n);
	time_local(t1, sizeof(t1), cl->generated);
	if (cl->last_complete != 0)
		time_local(t2, sizeof(t2), cl->last_complete);
	else
		strlcpy(t2, ja ? "なし" : "none", sizeof(t2));
	if (ja) {
		fprintf(fp, "医療機関におけるサイバーセキュリティ対策"
		    "チェックリスト：スキャンデータから分かること\n"
		    "インベントリ：機器 %zu 台、スキャン %zu 回"
		    "（完了 %zu 回）、最後に完了したスキャン %s（%s 時点）\n"
		    "達成 %zu ・未達成 %zu ・一部達成 %zu ・"
		    "スキャンでは判断できない %zu\n", cl->n_hosts, cl->n_scans,
		    cl->n_complete, t2, t1, n[CHECKLIST_MET],
		    n[CHECKLIST_NOT_MET], n[CHECKLIST_PARTLY],
		    n[CHECKLIST_UNKNOWN]);
	} else {
		fprintf(fp, "MHLW cybersecurity checklist for medical "
		    "institutions: what the scan data shows\n"
		    "Inventory: %zu devices, %zu scans (%zu complete), last "
		    "complete scan %s (as of %s)\n"
		    "Met %zu, not met %zu, partly %zu, cannot tell %zu\n",
		    cl->n_hosts, cl->n_scans, cl->n_complete, t2, t1,
		    n[CHECKLIST_MET], n[CHECKLIST_NOT_MET],
		    n[CHECKLIST_PARTLY], n[CHECKLIST_UNKNOWN]);
	}
	for (size_t i = 0; i < cl->n_item; i++) {
		const struct checklist_item *it = &cl->item[i];

		fprintf(fp, "\n[%s] ", ck_label(it->status, ja));
		if (it->mhlw != NULL)
			fprintf(fp, "%s ", it->mhlw);
		fprintf(fp, "%s\n", ja ? it->text_ja : it->text_en);
		fprintf(fp, "  %s%s\n", ja ? "出典：" : "Source: ",
		    ja ? it->ref_ja : it->ref_en);
		fputs(ja ? "  根拠：" : "  Evidence: ", fp);
		ck_term(fp, &b, ja ? it->evidence_ja : it->evidence_en);
		fputc('\n', fp);
		if (it->n_host > 0)
			fputs(ja ? "  該当する機器：\n" : "  Devices:\n", fp);
		for (size_t k = 0; k < it->n_host && k < CHECKLIST_SHOW;
		    k++) {
			const struct checklist_host *h = &it->host[k];

			fputs("    ", fp);
			ck_term(fp, &b, h->ip);
			if (h->name != NULL) {
				fputs("  ", fp);
				buf_truncate(&b, 0);
				text_term(&b, h->name, strlen(h->name), 40);
				fputs(buf_str(&b), fp);
			}
			fputs("  ", fp);
			ck_term(fp, &b, ja ? h->why_ja : h->why_en);
			fputc('\n', fp);
		}
		if (it->n_host > CHECKLIST_SHOW) {
			if (ja)
				fprintf(fp, "    ほか %zu 台\n",
				    it->n_host - CHECKLIST_SHOW);
			else
				fprintf(fp, "    ... and %zu more\n",
				    it->n_host - CHECKLIST_SHOW);
		}
		fprintf(fp, "  %s%s\n", ja ? "対応：" : "What to do: ",
		    ja ? it->todo_ja : it->todo_en);
	}
	buf_free(&b);
	return ferror(fp) ? -EIO : 0;
}

/* ------------------------------------------------------------------ */
/* JSON (docs/JSON-SCHEMA.md, "The checklist"). */

static json_t *
ck_pair(const char *en, const char *ja)
{
	return json_pack("{s:o,s:o}", "ja", report_json_str(ja), "en",
	    report_json_str(en));
}

static json_t *
ck_item_json(const struct checklist_item *it)
{
	json_t	*o = json_object(), *counts = json_object();
	json_t	*hosts = json_array();

	json_object_set_new(o, "id", json_string(it->id));
	json_object_set_new(o, "mhlw", it->mhlw != NULL ?
	    json_string(it->mhlw) : json_null());
	json_object_set_new(o, "ref", ck_pair(it->ref_en, it->ref_ja));
	json_object_set_new(o, "item", ck_pair(it->text_en, it->text_ja));
	json_object_set_new(o, "status",
	    json_string(report_checklist_status_name(it->status)));
	json_object_set_new(o, "evidence", ck_pair(it->evidence_en,
	    it->evidence_ja));
	for (size_t k = 0; k < it->n_count; k++)
		json_object_set_new(counts, it->count[k].key,
		    json_integer((json_int_t)it->count[k].n));
	json_object_set_new(o, "counts", counts);
	for (size_t k = 0; k < it->n_host; k++) {
		const struct checklist_host *h = &it->host[k];

		json_array_append_new(hosts, json_pack("{s:o,s:o,s:o}",
		    "ip", report_json_str(h->ip), "name",
		    report_json_str(h->name), "why", ck_pair(h->why_en,
		    h->why_ja)));
	}
	json_object_set_new(o, "hosts", hosts);
	json_object_set_new(o, "todo", ck_pair(it->todo_en, it->todo_ja));
	return o;
}

int
report_checklist_json(const struct checklist *cl, const char *lang, FILE *fp)
{
	json_t	*root, *items = json_array();
	size_t	 n[4];
	int	 r;

	if (cl == NULL || fp == NULL) {
		json_decref(items);
		return IOMT_EINVAL;
	}
	ck_tally(cl, n);
	for (size_t i = 0; i < cl->n_item; i++)
		json_array_append_new(items, ck_item_json(&cl->item[i]));
	root = json_pack("{s:s,s:o,s:{s:s,s:s},s:s,s:{s:I,s:I,s:I,s:o},"
	    "s:{s:I,s:I,s:I,s:I},s:o}",
	    "schema", "iomtscan-checklist/1",
	    "generated", report_json_time(cl->generated),
	    "scanner", "name", "iomtscan", "version", PACKAGE_VERSION,
	    "lang", ck_ja(lang) ? "ja" : "en",
	    "inventory", "hosts", (json_int_t)cl->n_hosts,
	    "scans", (json_int_t)cl->n_scans,
	    "complete_scans", (json_int_t)cl->n_complete,
	    "last_complete_scan", report_json_time(cl->last_complete),
	    "summary", "met", (json_int_t)n[CHECKLIST_MET],
	    "not_met", (json_int_t)n[CHECKLIST_NOT_MET],
	    "partly", (json_int_t)n[CHECKLIST_PARTLY],
	    "cannot_tell", (json_int_t)n[CHECKLIST_UNKNOWN],
	    "items", items);
	if (root == NULL)
		return IOMT_EINVAL;
	r = report_json_write(root, fp, 0);
	json_decref(root);
	return r;
}

/* ------------------------------------------------------------------ */
/* HTML. */

/*
 * Append s to b for HTML text or a quoted attribute: & < > " ' as
 * entities, UTF-8 kept, bytes that are not UTF-8 and control characters
 * (but for tab and newline) as U+FFFD.
 */
static void
ck_html_esc(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, l;
	uint32_t		 cp;

	if (s == NULL)
		return;
	n = strlen(s);
	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0) {
			buf_add(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		switch (cp) {
		case '&':
			buf_add(b, "&amp;");
			break;
		case '<':
			buf_add(b, "&lt;");
			break;
		case '>':
			buf_add(b, "&gt;");
			break;
		case '"':
			buf_add(b, "&quot;");
			break;
		case '\'':
			buf_add(b, "&#39;");
			break;
		default:
			if ((cp < 0x20 && cp != '\t' && cp != '\n') ||
			    (cp >= 0x7f && cp < 0xa0))
				buf_add(b, "\xef\xbf\xbd");
			else
				buf_addn(b, p + i, l);
		}
		i += l;
	}
}

/* The style of the section, every rule under .iomt-checklist. */
static const char ck_css[] =
    ".iomt-checklist{font-family:sans-serif;line-height:1.5;max-width:60em}"
    ".iomt-checklist .ck-item{border:1px solid #ccc;border-left-width:8px;"
    "margin:1em 0;padding:.5em 1em}"
    ".iomt-checklist .ck-met{border-left-color:#2e7d32}"
    ".iomt-checklist .ck-not_met{border-left-color:#c62828}"
    ".iomt-checklist .ck-partly{border-left-color:#f9a825}"
    ".iomt-checklist .ck-cannot_tell{border-left-color:#757575}"
    ".iomt-checklist .ck-status{font-weight:bold;margin-right:.5em}"
    ".iomt-checklist .ck-ref{color:#555;font-size:90%}"
    ".iomt-checklist ul.ck-hosts{margin:.25em 0}"
    ".iomt-checklist code{font-family:monospace}";

/* The rules report_checklist_html_section() relies on. */
const char *
report_checklist_css(void)
{
	return ck_css;
}

int
report_checklist_html_section(const struct checklist *cl, const char *lang,
    FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 ja = ck_ja(lang);
	size_t		 n[4];
	char		 t1[64], t2[64];

	if (cl == NULL || fp == NULL)
		return IOMT_EINVAL;
	ck_tally(cl, n);
	time_local(t1, sizeof(t1), cl->generated);
	if (cl->last_complete != 0)
		time_local(t2, sizeof(t2), cl->last_complete);
	else
		strlcpy(t2, ja ? "なし" : "none", sizeof(t2));
	buf_addf(&b, "<section class=\"iomt-checklist\" lang=\"%s\">\n",
	    ja ? "ja" : "en");
	if (ja)
		buf_addf(&b, "<h2>サイバーセキュリティ対策チェックリスト："
		    "スキャンデータから分かること</h2>\n<p class=\"ck-meta\">"
		    "インベントリ：機器 %zu 台、スキャン %zu 回"
		    "（完了 %zu 回）、最後に完了したスキャン %s（%s 時点）。"
		    "厚生労働省「医療機関におけるサイバーセキュリティ対策"
		    "チェックリスト」の項目のうち、ネットワークのスキャンで"
		    "根拠を示せるものです。</p>\n<p class=\"ck-summary\">"
		    "達成 %zu ・未達成 %zu ・一部達成 %zu"
		    " ・スキャンでは判断できない %zu</p>\n", cl->n_hosts,
		    cl->n_scans, cl->n_complete, t2, t1, n[CHECKLIST_MET],
		    n[CHECKLIST_NOT_MET], n[CHECKLIST_PARTLY],
		    n[CHECKLIST_UNKNOWN]);
	else
		buf_addf(&b, "<h2>Cybersecurity checklist: what the scan data "
		    "shows</h2>\n<p class=\"ck-meta\">Inventory: %zu devices, "
		    "%zu scans (%zu complete), last complete scan %s (as of "
		    "%s). These are the items of the MHLW cybersecurity "
		    "checklist for medical institutions that a network scan "
		    "can give evidence for.</p>\n<p class=\"ck-summary\">Met "
		    "%zu, not met %zu, partly %zu, cannot tell %zu</p>\n",
		    cl->n_hosts, cl->n_scans, cl->n_complete, t2, t1,
		    n[CHECKLIST_MET], n[CHECKLIST_NOT_MET],
		    n[CHECKLIST_PARTLY], n[CHECKLIST_UNKNOWN]);
	for (size_t i = 0; i < cl->n_item; i++) {
		const struct checklist_item *it = &cl->item[i];
		const char *sn = report_checklist_status_name(it->status);

		buf_addf(&b, "<div class=\"ck-item ck-%s\" id=\"ck-%s\" "
		    "data-status=\"%s\">\n<h3><span class=\"ck-status\">%s"
		    "</span>", sn, it->id, sn, ck_label(it->status, ja));
		if (it->mhlw != NULL)
			buf_addf(&b, "<span class=\"ck-no\">%s</span> ",
			    it->mhlw);
		ck_html_esc(&b, ja ? it->text_ja : it->text_en);
		buf_add(&b, "</h3>\n<p class=\"ck-ref\">");
		buf_add(&b, ja ? "出典：" : "Source: ");
		ck_html_esc(&b, ja ? it->ref_ja : it->ref_en);
		buf_addf(&b, "</p>\n<p class=\"ck-evidence\"><b>%s</b>",
		    ja ? "根拠：" : "Evidence: ");
		ck_html_esc(&b, ja ? it->evidence_ja : it->evidence_en);
		buf_add(&b, "</p>\n");
		if (it->n_host > 0)
			buf_add(&b, "<ul class=\"ck-hosts\">\n");
		for (size_t k = 0; k < it->n_host && k < CHECKLIST_SHOW;
		    k++) {
			const struct checklist_host *h = &it->host[k];

			buf_add(&b, "<li><code>");
			ck_html_esc(&b, h->ip);
			buf_add(&b, "</code> ");
			if (h->name != NULL) {
				ck_html_esc(&b, h->name);
				buf_add(&b, " ");
			}
			buf_add(&b, "— ");
			ck_html_esc(&b, ja ? h->why_ja : h->why_en);
			buf_add(&b, "</li>\n");
		}
		if (it->n_host > CHECKLIST_SHOW) {
			if (ja)
				buf_addf(&b, "<li>ほか %zu 台</li>\n",
				    it->n_host - CHECKLIST_SHOW);
			else
				buf_addf(&b, "<li>… and %zu more</li>\n",
				    it->n_host - CHECKLIST_SHOW);
		}
		if (it->n_host > 0)
			buf_add(&b, "</ul>\n");
		buf_addf(&b, "<p class=\"ck-todo\"><b>%s</b>",
		    ja ? "対応：" : "What to do: ");
		ck_html_esc(&b, ja ? it->todo_ja : it->todo_en);
		buf_add(&b, "</p>\n</div>\n");
		/* Bounded memory: hand each item to fp as it is done. */
		fputs(buf_str(&b), fp);
		buf_truncate(&b, 0);
	}
	buf_add(&b, "</section>\n");
	fputs(buf_str(&b), fp);
	buf_free(&b);
	return ferror(fp) ? -EIO : 0;
}

int
report_checklist_html(const struct checklist *cl, const char *lang, FILE *fp)
{
	int	 ja = ck_ja(lang), r;

	if (cl == NULL || fp == NULL)
		return IOMT_EINVAL;
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n"
	    "</head>\n<body>\n", ja ? "ja" : "en", ja ?
	    "サイバーセキュリティ対策チェックリスト（iomtscan）" :
	    "Cybersecurity checklist (iomtscan)", ck_css);
	if ((r = report_checklist_html_section(cl, lang, fp)) != 0)
		return r;
	fputs("</body>\n</html>\n", fp);
	return ferror(fp) ? -EIO : 0;
}
