/*
 * csv.c - CSV and tab-separated ledgers, as Excel writes them.
 *
 * Excel on a Japanese Windows saves "CSV" in CP932 (Microsoft's
 * Shift-JIS), "CSV UTF-8" with a byte-order mark, and "Unicode text" in
 * UTF-16LE with tabs; people also hand us UTF-8 without a mark from
 * other tools.  The encoding is detected from the bytes (mark, then
 * "is this valid UTF-8", then CP932 through iconv, which rejects what
 * CP932 cannot be), never guessed from the file name, and everything
 * is converted to UTF-8 before parsing.  Fields follow RFC 4180: quoted
 * fields may hold separators, doubled quotes and line breaks; records
 * end in CRLF, LF or CR.  The delimiter (comma, tab or semicolon) is the
 * one that splits the first lines most consistently.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-int.h"

static int
is_utf8(const uint8_t *p, size_t n, size_t *bad)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

/* Convert n bytes at p from the encoding from into UTF-8 in out. */
static int
convert(const char *from, const uint8_t *p, size_t n, struct buf *out,
    size_t *badoff)
{
	iconv_t cd;
	char *in = (char *)(uintptr_t)p;
	size_t inleft = n;
	int r = IOMT_EPROTO;

	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		return -errno;
	buf_reserve(out, n * 2 + 16);
	while (inleft > 0) {
		char tmp[4096], *o = tmp;
		size_t oleft = sizeof(tmp);

		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
		    errno != E2BIG) {
			*badoff = n - inleft;
			goto out;
		}
		buf_addn(out, tmp, sizeof(tmp) - oleft);
		if (out->len > LEDGER_MAX_FILE * 2) {
			r = IOMT_ELIMIT;
			goto out;
		}
	}
	r = 0;
 out:
	iconv_close(cd);
	return r;
}

/* The 1-based line of byte offset off in p. */
static size_t
line_of(const uint8_t *p, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		if (p[i] == '\n')
			line++;
	return line;
}

/*
 * Count fields per line for the first lines with delimiter d (quotes
 * respected); the score favours a delimiter that splits lines into the
 * same number of fields greater than one.
 */
static size_t
delim_score(const char *s, size_t n, char d)
{
	size_t lines = 0, hits = 0, cur = 0, prev = 0, same = 0;
	int q = 0;

	for (size_t i = 0; i < n && lines < 20; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == d)
			cur++;
		else if (!q && s[i] == '\n') {
			if (cur > 0) {
				hits += cur;
				if (cur == prev)
					same++;
				prev = cur;
			}
			cur = 0;
			lines++;
		}
	}
	hits += cur;
	return hits + same * 4;
}

static int
parse(const char *s, size_t n, char d, struct ledger_table *t, char *err,
    size_t errlen)
{
	struct buf f = { NULL, 0, 0 };
	size_t row = 1, col = 0, qrow = 0, i = 0;
	int r, quoted = 0, started = 0, rowopen = 0;

	while (i <= n) {
		int end = (i == n);
		char c = end ? '\n' : s[i];

		/* A file ending in a line break has no empty last row. */
		if (end && !quoted && !rowopen && !started && f.len == 0)
			break;

		if (quoted && !end) {
			if (c == '"' && i + 1 < n && s[i + 1] == '"') {
				buf_addc(&f, '"');
				i += 2;
				continue;
			}
			if (c == '"') {
				quoted = 0;
				i++;
				continue;
			}
			if (c == '\n')
				row++;
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				i++;
				continue;	/* CRLF inside a field: LF */
			}
			buf_addc(&f, c == '\r' ? '\n' : c);
			i++;
			continue;
		}
		if (quoted && end) {
			snprintf(err, errlen, "row %zu: a quoted field is "
			    "never closed", qrow);
			r = IOMT_EPROTO;
			goto out;
		}
		if (c == '"' && !started && f.len == 0) {
			quoted = 1;
			started = 1;
			qrow = row;
			i++;
			continue;
		}
		if (c == d || c == '\n' || c == '\r') {
			if (!rowopen) {
				if ((r = ledger_table_row(t, row)) != 0)
					goto limit;
				rowopen = 1;
			}
			if (f.len > 0 &&
			    (r = ledger_table_cell(t, col, f.p, f.len)) != 0)
				goto limit;
			buf_truncate(&f, 0);
			started = 0;
			if (c == d) {
				col++;
				i++;
				continue;
			}
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			rowopen = 0;
			col = 0;
			row++;
			i++;
			continue;
		}
		buf_addc(&f, c);
		started = 1;
		i++;
	}
	r = 0;
	goto out;
 limit:
	snprintf(err, errlen, "row %zu: %s", row, r == IOMT_ELIMIT ?
	    "too many rows, columns or characters in a cell" :
	    iomt_strerror(r));
 out:
	buf_free(&f);
	return r;
}

int
ledger_csv_read(const uint8_t *p, size_t n, struct ledger_table *t,
    const char **format, const char **encoding, char *err, size_t errlen)
{
	struct buf u = { NULL, 0, 0 };
	const char *text;
	size_t tlen, bad = 0;
	char d = ',';
	int r = IOMT_EPROTO;

	*format = "csv";
	*encoding = "utf-8";
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff))) {
		int le = p[0] == 0xff;

		*encoding = le ? "utf-16le" : "utf-16be";
		if ((r = convert(le ? "UTF-16LE" : "UTF-16BE", p + 2, n - 2,
		    &u, &bad)) != 0) {
			snprintf(err, errlen, "not valid UTF-16 text at byte "
			    "%zu", bad + 2);
			goto out;
		}
		text = buf_str(&u);
		tlen = u.len;
	} else if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		*encoding = "utf-8-bom";
		text = (const char *)p + 3;
		tlen = n - 3;
		if (!is_utf8(p + 3, n - 3, &bad)) {
			snprintf(err, errlen, "row %zu: the file says UTF-8 "
			    "but holds bytes that are not", line_of(p, bad + 3));
			r = IOMT_EPROTO;
			goto out;
		}
	} else if (is_utf8(p, n, &bad)) {
		text = (const char *)p;
		tlen = n;
	} else {
		*encoding = "cp932";
		if ((r = convert("CP932", p, n, &u, &bad)) != 0) {
			snprintf(err, errlen, "row %zu: bytes that are neither "
			    "UTF-8 nor CP932 (Shift-JIS) text: not a CSV ledger",
			    line_of(p, bad));
			if (r != IOMT_ELIMIT)
				r = IOMT_EPROTO;
			goto out;
		}
		text = buf_str(&u);
		tlen = u.len;
	}
	if (memchr(text, '\0', tlen) != NULL) {
		snprintf(err, errlen, "row %zu: binary data (a NUL byte): not "
		    "a CSV or Excel ledger", line_of((const uint8_t *)text,
		    (size_t)((const char *)memchr(text, '\0', tlen) - text)));
		r = IOMT_EPROTO;
		goto out;
	}
	{
		size_t sc = delim_score(text, tlen, ','),
		    st = delim_score(text, tlen, '\t'),
		    ss = delim_score(text, tlen, ';');

		if (st > sc && st >= ss) {
			d = '\t';
			*format = "tsv";
		} else if (ss > sc && ss > st)
			d = ';';
	}
	r = parse(text, tlen, d, t, err, errlen);
 out:
	buf_free(&u);
	return r;
}
