/*
 * ledger.c - from a table of cells to ledger rows with named fields.
 *
 * Whatever the file format, the same steps follow: find the header row
 * (the first of the top LEDGER_HEADER_SCAN rows that names at least two
 * known fields, one of them an address), assign columns to fields
 * (explicit --map assignments first, then the known Japanese and
 * English names), refuse an ambiguous assignment, and read each row
 * below it: text trimmed, "no value" markers (-, 不明, なし) dropped,
 * addresses parsed and put in canonical form.  A value that is present
 * but unreadable, or one MAC on two rows, refuses the whole ledger with
 * the row and column named: reconciling against half a ledger would
 * report devices as unmanaged that are not.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-int.h"

static const char *const field_names[LEDGER_F_MAX] = {
	"id", "name", "vendor", "model", "serial", "location", "owner",
	"ip", "mac", "contract", "note", "remote",
};

int
ledger_field_byname(const char *name)
{
	for (int i = 0; i < LEDGER_F_MAX; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

const char *
ledger_field_name(enum ledger_field f)
{
	return (unsigned)f < LEDGER_F_MAX ? field_names[f] : "?";
}

int
ledger_table_row(struct ledger_table *t, size_t row)
{
	if (t->nrows >= LEDGER_MAX_ROWS)
		return IOMT_ELIMIT;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xreallocarray(t->rows, t->cap, sizeof(*t->rows));
	}
	t->rows[t->nrows].row = row;
	t->rows[t->nrows].cell = NULL;
	t->rows[t->nrows].ncell = 0;
	t->nrows++;
	return 0;
}

int
ledger_table_cell(struct ledger_table *t, size_t col, const char *s, size_t n)
{
	struct ledger_trow *r;
	char *c;

	if (t->nrows == 0 || col >= LEDGER_MAX_COLS || n > LEDGER_MAX_CELL)
		return IOMT_ELIMIT;
	r = &t->rows[t->nrows - 1];
	if (col >= r->ncell) {
		r->cell = xreallocarray(r->cell, col + 1, sizeof(*r->cell));
		for (size_t i = r->ncell; i <= col; i++)
			r->cell[i] = NULL;
		r->ncell = col + 1;
	}
	c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	free(r->cell[col]);
	r->cell[col] = c;
	return 0;
}

void
ledger_table_free(struct ledger_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->rows[i].ncell; j++)
			free(t->rows[i].cell[j]);
		free(t->rows[i].cell);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->cap = 0;
}

struct ledger *
ledger_free(struct ledger *l)
{
	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->nrows; i++)
		for (int f = 0; f < LEDGER_F_MAX; f++)
			free(l->rows[i].field[f]);
	free(l->rows);
	for (int f = 0; f < LEDGER_F_MAX; f++)
		free(l->colname[f]);
	for (size_t i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free(l->path);
	free(l);
	return NULL;
}

static void
warn(struct ledger *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct ledger *l, const char *fmt, ...)
{
	struct buf b = { NULL, 0, 0 };
	va_list ap;
	char tmp[512];

	if (l->nwarnings >= 100)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_add(&b, tmp);
	l->warnings = xreallocarray(l->warnings, l->nwarnings + 1,
	    sizeof(*l->warnings));
	l->warnings[l->nwarnings++] = buf_steal(&b);
}

static const char *
cell(const struct ledger_trow *r, int col)
{
	return col >= 0 && (size_t)col < r->ncell ? r->cell[col] : NULL;
}

/* Fold a header cell to its comparison key. */
static char *
key_of(const char *s)
{
	struct buf b = { NULL, 0, 0 };

	ledger_fold(&b, s, strlen(s), 1);
	return buf_steal(&b);
}

/* Column index of a spreadsheet column name ("C", "AB"), or -1. */
static int
letters_col(const char *s)
{
	int c = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		int ch = s[i];

		if (ch >= 'a' && ch <= 'z')
			ch -= 'a' - 'A';
		if (ch < 'A' || ch > 'Z' || i >= 3)
			return -1;
		c = c * 26 + (ch - 'A' + 1);
	}
	return i == 0 || c > LEDGER_MAX_COLS ? -1 : c - 1;
}

/*
 * Assign the columns of header row hr to fields in col[] (explicit map
 * entries first).  Return how many fields were found; set *ambig to the
 * field two unmapped columns claim (else -1) with their columns.
 */
static int
assign(const struct ledger_trow *hr, const struct ledger_map *map,
    size_t nmap, int col[LEDGER_F_MAX], int *ambig, int *a, int *b)
{
	int found = 0, explicit[LEDGER_F_MAX];

	*ambig = -1;
	for (int f = 0; f < LEDGER_F_MAX; f++) {
		col[f] = -1;
		explicit[f] = 0;
	}
	for (size_t m = 0; m < nmap; m++) {
		char *mk = key_of(map[m].column);
		int c = -1;

		for (size_t j = 0; j < hr->ncell && c < 0; j++) {
			char *k;

			if (hr->cell[j] == NULL)
				continue;
			k = key_of(hr->cell[j]);
			if (strcmp(k, mk) == 0)
				c = (int)j;
			free(k);
		}
		free(mk);
		if (c < 0)
			c = letters_col(map[m].column);
		if (c >= 0 && col[map[m].field] < 0) {
			col[map[m].field] = c;
			explicit[map[m].field] = 1;
			found++;
		}
	}
	for (size_t j = 0; j < hr->ncell; j++) {
		char *k;
		int f, taken = 0;

		if (hr->cell[j] == NULL)
			continue;
		for (int g = 0; g < LEDGER_F_MAX; g++)
			if (col[g] == (int)j && explicit[g])
				taken = 1;
		if (taken)
			continue;
		k = key_of(hr->cell[j]);
		f = ledger_header_field(k);
		free(k);
		if (f < 0 || explicit[f])
			continue;
		if (col[f] >= 0) {
			if (*ambig < 0) {
				*ambig = f;
				*a = col[f];
				*b = (int)j;
			}
			continue;
		}
		col[f] = (int)j;
		found++;
	}
	return found;
}

/* Trimmed copy of s, or NULL when it says "no value". */
static char *
value(const char *s)
{
	size_t n;

	if (s == NULL || ledger_is_blank(s))
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	/* an ideographic space (E3 80 80) at either end */
	while (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
		s += 3;
		n -= 3;
	}
	while (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
		n -= 3;
	{
		char *v = xmalloc(n + 1);

		memcpy(v, s, n);
		v[n] = '\0';
		return v;
	}
}

/*
 * Split an address cell on separators people use for several addresses
 * (comma, semicolon, line break, 、, slash, spaces) and parse each piece
 * with the parser for kind (LEDGER_F_IP or LEDGER_F_MAC).  Return 0 or
 * IOMT_EINVAL with the offending piece in bad.
 */
static int
addresses(struct ledger_row *row, int kind, const char *s, char *bad,
    size_t badlen)
{
	struct buf b = { NULL, 0, 0 };
	char *p, *save = NULL, *tok;
	int r = 0;

	/* a whole-cell MAC may itself contain spaces ("00 09 5c ...") */
	if (kind == LEDGER_F_MAC && ledger_mac_parse(s, row->mac[0]) == 0) {
		row->nmac = 1;
		return 0;
	}
	ledger_fold(&b, s, strlen(s), 0);
	p = b.p ? b.p : (char *)"";
	for (char *q = p; *q != '\0'; q++) {
		if (*q == ',' || *q == ';' || *q == '\n' || *q == '\r' ||
		    *q == '/' || *q == '\t')
			*q = ' ';
		else if ((unsigned char)q[0] == 0xe3 &&
		    (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0x81)
			q[0] = q[1] = q[2] = ' ';	/* 、 */
	}
	for (tok = strtok_r(p, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (kind == LEDGER_F_IP) {
			if (row->nip >= LEDGER_MAX_ADDR)
				break;
			if (ledger_ip_parse(tok, row->ip[row->nip],
			    sizeof(row->ip[0])) != 0) {
				r = IOMT_EINVAL;
				break;
			}
			row->nip++;
		} else {
			if (row->nmac >= LEDGER_MAX_ADDR)
				break;
			if (ledger_mac_parse(tok, row->mac[row->nmac]) != 0) {
				r = IOMT_EINVAL;
				break;
			}
			row->nmac++;
		}
	}
	if (r != 0)
		strlcpy(bad, tok, badlen);
	buf_free(&b);
	return r;
}

/* One address of one row, for finding repeats by sorting. */
struct addr_ref {
	char		 k[46];
	size_t		 row;		/* index into l->rows */
};

static int
addr_cmp(const void *a, const void *b)
{
	const struct addr_ref *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c != 0 ? c : (x->row > y->row) - (x->row < y->row);
}

/*
 * One device, one row: a MAC on two rows refuses the ledger (naming
 * both rows); an IP on two rows is a warning (neither matches by IP).
 * Sorting keeps this O(n log n) for a hospital's 10,000-row ledger.
 */
static int
duplicates(struct ledger *l, char *err, size_t errlen)
{
	struct addr_ref *a = NULL;
	size_t n = 0;
	int r = 0;

	for (int kind = 0; kind < 2 && r == 0; kind++) {
		n = 0;
		for (size_t i = 0; i < l->nrows; i++) {
			size_t k = kind == 0 ? l->rows[i].nmac : l->rows[i].nip;

			a = xreallocarray(a, n + k + 1, sizeof(*a));
			for (size_t j = 0; j < k; j++, n++) {
				if (kind == 0)
					mac_ntoa(l->rows[i].mac[j], a[n].k,
					    sizeof(a[n].k));
				else
					strlcpy(a[n].k, l->rows[i].ip[j],
					    sizeof(a[n].k));
				a[n].row = i;
			}
		}
		if (n > 1)
			qsort(a, n, sizeof(*a), addr_cmp);
		for (size_t i = 1; i < n; i++) {
			if (strcmp(a[i - 1].k, a[i].k) != 0 ||
			    a[i - 1].row == a[i].row)
				continue;
			if (kind == 0) {
				snprintf(err, errlen, "rows %zu and %zu both "
				    "list MAC address %s",
				    l->rows[a[i - 1].row].row,
				    l->rows[a[i].row].row, a[i].k);
				r = IOMT_EINVAL;
				break;
			}
			warn(l, "rows %zu and %zu both list IP address %s: "
			    "neither is matched by IP", l->rows[a[i - 1].row].row,
			    l->rows[a[i].row].row, a[i].k);
		}
	}
	free(a);
	return r;
}

static int
build(struct ledger *l, const struct ledger_table *t,
    const struct ledger_map *map, size_t nmap, char *err, size_t errlen)
{
	size_t hi, scan = t->nrows < LEDGER_HEADER_SCAN ? t->nrows :
	    LEDGER_HEADER_SCAN;
	int ambig = -1, a = 0, b = 0, best = -1;
	size_t bestrow = 0;
	int r = IOMT_EINVAL;

	for (hi = 0; hi < scan; hi++) {
		int n = assign(&t->rows[hi], map, nmap, l->col, &ambig, &a, &b);

		if (n >= 2 && (l->col[LEDGER_F_IP] >= 0 ||
		    l->col[LEDGER_F_MAC] >= 0))
			break;
		if (n >= 2 && best < 0) {
			best = (int)hi;
			bestrow = t->rows[hi].row;
		}
	}
	if (hi == scan) {
		if (best >= 0)
			snprintf(err, errlen, "row %zu looks like the header "
			    "but has no IP or MAC address column (IPアドレス, "
			    "MACアドレス); name one with --map COLUMN=ip",
			    bestrow);
		else
			snprintf(err, errlen, "no header row in the first %d "
			    "rows: expected column names such as 管理番号, "
			    "機器名称, IPアドレス, MACアドレス (or use --map "
			    "COLUMN=FIELD)", LEDGER_HEADER_SCAN);
		goto out;
	}
	l->header_row = t->rows[hi].row;
	if (ambig >= 0) {
		char ca[4], cb[4];

		ledger_colname((size_t)a, ca);
		ledger_colname((size_t)b, cb);
		snprintf(err, errlen, "row %zu: columns %s (%s) and %s (%s) "
		    "both read as '%s'; choose one with --map COLUMN=%s",
		    l->header_row, ca, cell(&t->rows[hi], a), cb,
		    cell(&t->rows[hi], b), field_names[ambig],
		    field_names[ambig]);
		goto out;
	}
	for (int f = 0; f < LEDGER_F_MAX; f++)
		if (l->col[f] >= 0 && cell(&t->rows[hi], l->col[f]) != NULL)
			l->colname[f] = xstrdup(cell(&t->rows[hi], l->col[f]));
	for (size_t i = hi + 1; i < t->nrows; i++) {
		const struct ledger_trow *tr = &t->rows[i];
		struct ledger_row row;
		int any = 0;

		memset(&row, 0, sizeof(row));
		row.row = tr->row;
		for (int f = 0; f < LEDGER_F_MAX; f++) {
			row.field[f] = value(cell(tr, l->col[f]));
			any |= row.field[f] != NULL;
		}
		for (int k = LEDGER_F_IP; k <= LEDGER_F_MAC; k++) {
			char bad[128], cn[4];

			if (row.field[k] == NULL ||
			    addresses(&row, k, row.field[k], bad,
			    sizeof(bad)) == 0)
				continue;
			ledger_colname((size_t)l->col[k], cn);
			snprintf(err, errlen, "row %zu, column %s (%s): '%s' "
			    "is not %s", row.row, cn, l->colname[k] ?
			    l->colname[k] : field_names[k], bad,
			    k == LEDGER_F_IP ? "an IP address" :
			    "a MAC address");
			for (int f = 0; f < LEDGER_F_MAX; f++)
				free(row.field[f]);
			r = IOMT_EPROTO;
			goto out;
		}
		if (!any)
			continue;	/* a blank row */
		if (row.field[LEDGER_F_ID] == NULL &&
		    row.field[LEDGER_F_NAME] == NULL && row.nip == 0 &&
		    row.nmac == 0) {
			warn(l, "row %zu skipped: no ID, name or address",
			    row.row);
			for (int f = 0; f < LEDGER_F_MAX; f++)
				free(row.field[f]);
			continue;
		}
		l->rows = xreallocarray(l->rows, l->nrows + 1,
		    sizeof(*l->rows));
		l->rows[l->nrows++] = row;
	}
	if ((r = duplicates(l, err, errlen)) != 0)
		goto out;
	r = 0;
 out:
	return r;
}

int
ledger_load_mem(const char *name, const uint8_t *data, size_t len,
    const struct ledger_map *map, size_t nmap, struct ledger **out,
    char *err, size_t errlen)
{
	struct ledger_table t = { NULL, 0, 0 };
	struct ledger *l;
	char e[400] = "";
	int r;

	*out = NULL;
	l = xcalloc(1, sizeof(*l));
	l->path = xstrdup(name);
	for (size_t m = 0; m < nmap; m++)
		if ((unsigned)map[m].field >= LEDGER_F_MAX) {
			snprintf(e, sizeof(e), "--map: no such field");
			r = IOMT_EINVAL;
			goto out;
		}
	if (len == 0) {
		snprintf(e, sizeof(e), "the file is empty");
		r = IOMT_EPROTO;
		goto out;
	}
	if (ledger_is_zip(data, len)) {
		l->format = "xlsx";
		l->encoding = "utf-8";
		r = ledger_xlsx_read(data, len, &t, e, sizeof(e));
	} else
		r = ledger_csv_read(data, len, &t, &l->format, &l->encoding,
		    e, sizeof(e));
	if (r == 0)
		r = build(l, &t, map, nmap, e, sizeof(e));
 out:
	ledger_table_free(&t);
	if (r != 0) {
		snprintf(err, errlen, "%s: %s", name, e);
		ledger_free(l);
		return r;
	}
	*out = l;
	return 0;
}

int
ledger_load(const char *path, const struct ledger_map *map, size_t nmap,
    struct ledger **out, char *err, size_t errlen)
{
	char *data = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	if ((r = file_read(path, LEDGER_MAX_FILE, &data, &len)) != 0) {
		snprintf(err, errlen, "%s: %s", path, r == IOMT_ELIMIT ?
		    "larger than 64 MiB: not a ledger" : strerror(-r));
		return r;
	}
	r = ledger_load_mem(path, (const uint8_t *)data, len, map, nmap, out,
	    err, errlen);
	free(data);
	return r;
}
