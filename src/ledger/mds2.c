/*
 * mds2.c - the maker's security disclosure: the MDS2 form (ANSI/NEMA
 * HN 1-2019, and the 2013 form) and the Japanese JAHIS/JIRA MDS/SDS
 * that asks the same questions under the same IDs.
 *
 * Makers hand it out as the Excel workbook or its CSV export, filled in
 * by hand: a title and a few "Manufacturer / Device Model / Software
 * Revision" cells at the top, then one row per question with its ID
 * ("RMOT-1"), the question, the answer (Yes, No, N/A, See note; はい,
 * いいえ, 該当なし in the Japanese form) and a note.  Column positions
 * differ between makers and revisions, so nothing is read by position:
 * the reader keys on the question IDs (never on titles, which summaries
 * of the form swap), takes the columns from a header row when there is
 * one ("Question ID", "Answer", "Notes"; 回答, 備考) and otherwise reads
 * a question row as ID, question, answer, note.  The device is named by
 * the labelled cells or by DOC-1 (manufacturer) and DOC-3 (model).
 *
 * Cells come from the ledger readers (xlsx.c, csv.c: CP932, UTF-8, BOM),
 * so a form is read exactly as a ledger is.  A form that cannot be read
 * whole -- no question IDs, an answer that is none of the four, an ID
 * given twice, no manufacturer or model, control characters -- is
 * refused with the row, and nothing of it is stored.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-int.h"
#include "iomt/db.h"
#include "iomt/db-docs.h"

#define MDS2_SHEETS_MAX	16	/* workbook sheets looked at */

/* Header names (ledger_fold(key=1)) of the columns. */
static const char *const h_qid[] = { "questionid", "id", "質問id",
	"項目id", "質問番号", "項目番号", "番号", NULL };
static const char *const h_question[] = { "question", "questions", "質問",
	"質問事項", "質問項目", "項目", NULL };
static const char *const h_answer[] = { "answer", "answers", "response",
	"回答", "回答欄", "yes,nona,orseenote", "yes,no,na,orseenote", NULL };
static const char *const h_note[] = { "note", "notes", "comment",
	"comments", "備考", "注記", "補足", "コメント", NULL };

/* Labels of the device cells at the top of the form. */
static const char *const l_vendor[] = { "manufacturer", "manufacturername",
	"製造業者", "製造業者名", "製造販売業者", "製造販売業者名", "製造元",
	"メーカー", "メーカー名", NULL };
static const char *const l_model[] = { "devicemodel", "model", "modelname",
	"型式", "型番", "機種", "機種名", "モデル", NULL };
static const char *const l_version[] = { "softwarerevision",
	"softwareversion", "version", "バージョン", "ソフトウェアバージョン",
	"ソフトウェアリビジョン", NULL };
static const char *const l_docid[] = { "documentid", "文書番号", "文書id",
	NULL };
static const char *const l_date[] = { "documentreleasedate", "releasedate",
	"発行日", "作成日", NULL };

struct rd {
	const char	*name;
	struct mds2_doc	*d;
	size_t		 cap;
	int		 japanese;	/* a Japanese answer was read */
	char		*err;
	size_t		 errlen;
};

/* 1 when folded key is one of set's names, folded alike ("ー" too). */
static int
in_set(const char *key, const char *const *set)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 hit = 0;

	for (size_t i = 0; set[i] != NULL && !hit; i++) {
		buf_truncate(&b, 0);
		ledger_fold(&b, set[i], strlen(set[i]), 1);
		hit = strcmp(key, buf_str(&b)) == 0;
	}
	buf_free(&b);
	return hit;
}

/* s folded (ledger_fold) into b; returns b's text. */
static const char *
folded(struct buf *b, const char *s, int key)
{
	buf_truncate(b, 0);
	if (s != NULL)
		ledger_fold(b, s, strlen(s), key);
	return buf_str(b);
}

/*
 * The question ID in cell s, upper-cased into dst (size dsize): two to
 * five letters, '-', a number, optional ".number" parts ("MLDP-2.1").
 * Return 1, or 0 when s is not one.
 */
static int
parse_qid(const char *s, char *dst, size_t dsize)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p;
	size_t		 n = 0, letters = 0;
	int		 ok = 0;

	p = folded(&b, s, 0);
	while (*p == ' ')
		p++;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (n + 1 < dsize)
			dst[n++] = (char)(*p >= 'a' ? *p - 'a' + 'A' : *p);
		letters++;
	}
	if (letters < 2 || letters > 5 || *p != '-')
		goto out;
	for (;;) {
		if (n + 1 < dsize)
			dst[n++] = *p;
		p++;
		if (*p < '0' || *p > '9')
			goto out;
		while (*p >= '0' && *p <= '9') {
			if (n + 1 < dsize)
				dst[n++] = *p;
			p++;
		}
		if (*p != '.')
			break;
	}
	while (*p == ' ')
		p++;
	ok = *p == '\0' && n + 1 < dsize;
 out:
	if (dsize > 0)
		dst[ok ? n : 0] = '\0';
	buf_free(&b);
	return ok;
}

/* MDS2_A_* for an answer cell, or -1 when it is none of them. */
static int
parse_answer(struct rd *rd, const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*k = folded(&b, s, 1);
	int		 a = -1;

	if (strcmp(k, "na") == 0 || strcmp(k, "notapplicable") == 0 ||
	    strncmp(k, "n/a", 3) == 0)
		a = MDS2_A_NA;
	else if (strcmp(k, "seenote") == 0 || strcmp(k, "seenotes") == 0)
		a = MDS2_A_SEE_NOTE;
	else if (strcmp(k, "yes") == 0 || strcmp(k, "y") == 0 ||
	    strncmp(k, "yes,", 4) == 0 || strncmp(k, "yes(", 4) == 0)
		a = MDS2_A_YES;
	else if (strcmp(k, "no") == 0 || strcmp(k, "n") == 0 ||
	    strncmp(k, "no,", 3) == 0 || strncmp(k, "no(", 3) == 0)
		a = MDS2_A_NO;
	else if (strncmp(k, "はい", strlen("はい")) == 0 ||
	    strcmp(k, "有") == 0 || strcmp(k, "あり") == 0)
		a = MDS2_A_YES, rd->japanese = 1;
	else if (strncmp(k, "いいえ", strlen("いいえ")) == 0 ||
	    strcmp(k, "無") == 0 || strcmp(k, "なし") == 0)
		a = MDS2_A_NO, rd->japanese = 1;
	else if (strcmp(k, "該当なし") == 0 || strcmp(k, "非該当") == 0 ||
	    strcmp(k, "対象外") == 0 || strcmp(k, "該当しない") == 0)
		a = MDS2_A_NA, rd->japanese = 1;
	else if (strcmp(k, "備考参照") == 0 || strcmp(k, "注記参照") == 0 ||
	    strcmp(k, "備考を参照") == 0)
		a = MDS2_A_SEE_NOTE, rd->japanese = 1;
	buf_free(&b);
	return a;
}

static int
fail(struct rd *rd, size_t row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct rd *rd, size_t row, const char *fmt, ...)
{
	char	 m[400];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	if (row > 0)
		snprintf(rd->err, rd->errlen, "%s: row %zu: %s", rd->name, row,
		    m);
	else
		snprintf(rd->err, rd->errlen, "%s: %s", rd->name, m);
	return IOMT_EPROTO;
}

/* A copy of cell s after checking it (NULL for NULL or empty). */
static int
text(struct rd *rd, size_t row, const char *what, const char *s, char **dst)
{
	size_t	 n;

	*dst = NULL;
	if (s == NULL || (n = strlen(s)) == 0)
		return 0;
	if (n > MDS2_TEXT_MAX)
		return fail(rd, row, "the %s is longer than %d bytes", what,
		    MDS2_TEXT_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			return fail(rd, row, "the %s holds control characters",
			    what);
	}
	*dst = xstrdup(s);
	return 0;
}

static const char *
cell(const struct ledger_trow *r, long c)
{
	return c >= 0 && (size_t)c < r->ncell ? r->cell[c] : NULL;
}

/* The column of r whose folded header is in set, or -1. */
static long
col_of(const struct ledger_trow *r, const char *const *set, struct buf *b)
{
	for (size_t c = 0; c < r->ncell; c++)
		if (r->cell[c] != NULL && in_set(folded(b, r->cell[c], 1), set))
			return (long)c;
	return -1;
}

/* The ID cell of a row: the header's column, else one of the first 3. */
static long
qid_col(const struct ledger_trow *r, long hdr, char *qid, size_t qlen)
{
	if (hdr >= 0)
		return parse_qid(cell(r, hdr) ? cell(r, hdr) : "", qid, qlen) ?
		    hdr : -1;
	for (size_t c = 0; c < r->ncell && c < 3; c++)
		if (r->cell[c] != NULL && parse_qid(r->cell[c], qid, qlen))
			return (long)c;
	return -1;
}

/* 1 when cell s is one of the device-cell labels. */
static int
is_label(const char *s, struct buf *b)
{
	const char *const *sets[] = { l_vendor, l_model, l_version, l_docid,
		l_date };
	const char	*k;

	if (s == NULL)
		return 0;
	k = folded(b, s, 1);
	if (k[0] != '\0' && k[strlen(k) - 1] == ':')
		buf_truncate(b, b->len - 1);
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (in_set(buf_str(b), sets[i]))
			return 1;
	return 0;
}

/*
 * Labelled device cells ("Manufacturer", 製造業者 ...) of row i of t: the
 * value is the next cell of the row, or, when that is empty or another
 * label (a row of labels over a row of values), the cell below.
 */
static int
labels(struct rd *rd, const struct ledger_table *t, size_t i, struct buf *b)
{
	static const struct {
		const char *const *set;
		size_t	 off;
	} lab[] = {
		{ l_vendor, offsetof(struct mds2_doc, vendor) },
		{ l_model, offsetof(struct mds2_doc, model) },
		{ l_version, offsetof(struct mds2_doc, version) },
		{ l_docid, offsetof(struct mds2_doc, doc_id) },
		{ l_date, offsetof(struct mds2_doc, doc_date) },
	};
	const struct ledger_trow *r = &t->rows[i];
	const struct ledger_trow *below = i + 1 < t->nrows &&
	    t->rows[i + 1].row == r->row + 1 ? &t->rows[i + 1] : NULL;
	size_t	 nlab = 0;

	for (size_t c = 0; c < r->ncell; c++)
		nlab += is_label(r->cell[c], b);
	for (size_t c = 0; c < r->ncell; c++) {
		const char	*k;

		if (r->cell[c] == NULL)
			continue;
		k = folded(b, r->cell[c], 1);
		if (k[0] != '\0' && k[strlen(k) - 1] == ':')
			buf_truncate(b, b->len - 1);
		for (size_t l = 0; l < sizeof(lab) / sizeof(lab[0]); l++) {
			char	**dst = (char **)(void *)((char *)rd->d +
			    lab[l].off);
			const char *v = cell(r, (long)c + 1);
			size_t	 row = r->row;

			if (!in_set(buf_str(b), lab[l].set) || *dst != NULL)
				continue;
			if (v == NULL || nlab > 1 || is_label(v, b)) {
				v = below != NULL ? cell(below, (long)c) : NULL;
				row = row + 1;
			}
			if (v != NULL && !is_label(v, b)) {
				int	 r2;

				if ((r2 = text(rd, row, "device cell", v,
				    dst)) != 0)
					return r2;
			}
			break;
		}
	}
	return 0;
}

/* The revision named in a title cell, or NULL. */
static const char *
revision_named(const char *s)
{
	if (strstr(s, "HN 1-2019") != NULL || strstr(s, "HN1-2019") != NULL)
		return "HN 1-2019";
	if (strstr(s, "HN 1-2013") != NULL || strstr(s, "HN1-2013") != NULL)
		return "HN 1-2013";
	if (strstr(s, "医療情報セキュリティ開示書") != NULL ||
	    strstr(s, "MDS/SDS") != NULL)
		return "JAHIS/JIRA MDS/SDS";
	return NULL;
}

static int
add_item(struct rd *rd, const struct ledger_trow *r, const char *qid,
    long qc, long hq, long ha, long hn)
{
	struct mds2_item it = { 0 };
	const char	*q = NULL, *a = NULL, *n = NULL;
	int		 ans, rv;

	for (size_t i = 0; i < rd->d->n_item; i++)
		if (strcmp(rd->d->item[i].qid, qid) == 0)
			return fail(rd, r->row, "%s is given twice (also row "
			    "%zu)", qid, rd->d->item[i].row);
	if (rd->d->n_item >= MDS2_MAX_ITEMS)
		return fail(rd, r->row, "more than %d questions",
		    MDS2_MAX_ITEMS);
	if (ha >= 0) {
		q = cell(r, hq);
		a = cell(r, ha);
		n = cell(r, hn);
	} else {
		/* ID, question, answer, note: the next cells that hold text. */
		const char	*v[3] = { NULL, NULL, NULL };
		size_t		 k = 0;

		for (size_t c = (size_t)qc + 1; c < r->ncell && k < 3; c++)
			if (r->cell[c] != NULL)
				v[k++] = r->cell[c];
		/* A row without the question text: ID, answer, note. */
		if (v[0] != NULL && parse_answer(rd, v[0]) >= 0) {
			v[2] = v[1];
			v[1] = v[0];
			v[0] = NULL;
		}
		q = v[0];
		a = v[1];
		n = v[2];
	}
	if (a == NULL)
		ans = MDS2_A_NONE;
	else if ((ans = parse_answer(rd, a)) < 0) {
		if (strncmp(qid, "DOC-", 4) != 0)
			return fail(rd, r->row, "the answer to %s is \"%.60s\", "
			    "not Yes, No, N/A or See note", qid, a);
		ans = MDS2_A_TEXT;
	}
	it.answer = ans;
	it.row = r->row;
	it.qid = xstrdup(qid);
	if ((rv = text(rd, r->row, "answer", a, &it.text)) != 0 ||
	    (rv = text(rd, r->row, "question", q, &it.question)) != 0 ||
	    (rv = text(rd, r->row, "note", n, &it.note)) != 0) {
		free(it.qid);
		free(it.text);
		free(it.question);
		free(it.note);
		return rv;
	}
	if (rd->d->n_item == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 64;
		rd->d->item = xreallocarray(rd->d->item, rd->cap,
		    sizeof(*rd->d->item));
	}
	rd->d->item[rd->d->n_item++] = it;
	return 0;
}

/* How many rows of t hold a question ID (to pick the form's sheet). */
static size_t
count_qids(const struct ledger_table *t)
{
	char	 q[32];
	size_t	 n = 0;

	for (size_t i = 0; i < t->nrows; i++)
		if (qid_col(&t->rows[i], -1, q, sizeof(q)) >= 0)
			n++;
	return n;
}

/* The text answer of DOC-n, or NULL. */
static const char *
doc_answer(const struct mds2_doc *d, const char *qid)
{
	for (size_t i = 0; i < d->n_item; i++)
		if (strcmp(d->item[i].qid, qid) == 0)
			return d->item[i].text;
	return NULL;
}

static int
read_table(struct rd *rd, const struct ledger_table *t)
{
	struct buf	 b = { NULL, 0, 0 };
	long		 hid = -1, hq = -1, ha = -1, hn = -1;
	const char	*rev = NULL, *s;
	char		 qid[32];
	int		 r = 0, has2019 = 0, has2013 = 0;

	for (size_t i = 0; i < t->nrows && r == 0; i++) {
		const struct ledger_trow *row = &t->rows[i];
		long		 qc, id, a;

		if ((qc = qid_col(row, hid, qid, sizeof(qid))) >= 0) {
			r = add_item(rd, row, qid, qc, hq, ha, hn);
			if (strncmp(qid, "CNFS-", 5) == 0)
				has2013 = 1;
			else if (strncmp(qid, "RMOT-", 5) == 0 ||
			    strncmp(qid, "SBOM-", 5) == 0 ||
			    strncmp(qid, "MLDP-", 5) == 0 ||
			    strncmp(qid, "CONN-", 5) == 0)
				has2019 = 1;
			continue;
		}
		if ((id = col_of(row, h_qid, &b)) >= 0 &&
		    (a = col_of(row, h_answer, &b)) >= 0) {
			hid = id;
			ha = a;
			hq = col_of(row, h_question, &b);
			hn = col_of(row, h_note, &b);
			continue;
		}
		for (size_t c = 0; c < row->ncell && rev == NULL; c++)
			if (row->cell[c] != NULL)
				rev = revision_named(row->cell[c]);
		r = labels(rd, t, i, &b);
	}
	buf_free(&b);
	if (r != 0)
		return r;
	if (rd->d->n_item == 0)
		return fail(rd, 0, "no MDS2 question IDs (such as RMOT-1) "
		    "found: not an MDS2 form");
	if (rd->d->vendor == NULL && (s = doc_answer(rd->d, "DOC-1")) != NULL)
		rd->d->vendor = xstrdup(s);
	if (rd->d->model == NULL && (s = doc_answer(rd->d, "DOC-3")) != NULL)
		rd->d->model = xstrdup(s);
	if (rd->d->doc_id == NULL && (s = doc_answer(rd->d, "DOC-4")) != NULL)
		rd->d->doc_id = xstrdup(s);
	if (rd->d->doc_date == NULL &&
	    (s = doc_answer(rd->d, "DOC-7")) != NULL)
		rd->d->doc_date = xstrdup(s);
	if (rd->d->vendor == NULL)
		return fail(rd, 0, "no manufacturer: neither a Manufacturer "
		    "cell nor an answer to DOC-1");
	if (rd->d->model == NULL)
		return fail(rd, 0, "no device model: neither a Device Model "
		    "cell nor an answer to DOC-3");
	if (rev == NULL)
		rev = rd->japanese ? "JAHIS/JIRA MDS/SDS" : has2013 &&
		    !has2019 ? "HN 1-2013" : "HN 1-2019";
	rd->d->revision = xstrdup(rev);
	return 0;
}

int
ledger_mds2_load_mem(const char *name, const uint8_t *data, size_t len,
    struct mds2_doc **out, char *err, size_t errlen)
{
	struct ledger_table t = { NULL, 0, 0 };
	struct rd	 rd = { name, NULL, 0, 0, err, errlen };
	char		 e[400] = "";
	const char	*enc;
	int		 r;

	*out = NULL;
	rd.d = xcalloc(1, sizeof(*rd.d));
	if (len == 0) {
		r = fail(&rd, 0, "the file is empty");
		goto out;
	}
	if (ledger_is_zip(data, len)) {
		size_t	 best = 0, bestn = 0;

		rd.d->format = "xlsx";
		for (size_t i = 0; i < MDS2_SHEETS_MAX; i++) {
			size_t	 n;

			ledger_table_free(&t);
			if ((r = ledger_xlsx_sheet(data, len, i, &t, e,
			    sizeof(e))) == IOMT_ENOTFOUND)
				break;
			if (r != 0)
				goto bad;
			if ((n = count_qids(&t)) > bestn) {
				bestn = n;
				best = i;
			}
		}
		ledger_table_free(&t);
		if ((r = ledger_xlsx_sheet(data, len, best, &t, e,
		    sizeof(e))) != 0)
			goto bad;
	} else if ((r = ledger_csv_read(data, len, &t, &rd.d->format, &enc, e,
	    sizeof(e))) != 0)
		goto bad;
	r = read_table(&rd, &t);
	goto out;
 bad:
	snprintf(err, errlen, "%s: %s", name, e);
 out:
	ledger_table_free(&t);
	if (r != 0)
		rd.d = mds2_doc_free(rd.d);
	*out = rd.d;
	return r;
}

int
ledger_mds2_load(const char *path, struct mds2_doc **out, char *err,
    size_t errlen)
{
	char	*data = NULL;
	size_t	 len = 0;
	int	 r;

	*out = NULL;
	if ((r = file_read(path, LEDGER_MAX_FILE, &data, &len)) != 0) {
		snprintf(err, errlen, "%s: %s", path, r == IOMT_ELIMIT ?
		    "larger than 64 MiB: not an MDS2 form" : strerror(-r));
		return r == IOMT_ELIMIT ? IOMT_EPROTO : r;
	}
	r = ledger_mds2_load_mem(path, (const uint8_t *)data, len, out, err,
	    errlen);
	free(data);
	return r;
}
