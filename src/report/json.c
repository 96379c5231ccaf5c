/*
 * src/report/json.c - JSON in and out of the reports, through jansson.
 *
 * The inventory stores JSON text (identity evidence, scan options and
 * statistics, the limits of a fragile profile) that is partly built from
 * what devices sent, and device strings that may be any bytes.  jansson
 * refuses text that is not UTF-8 and escapes that name a lone surrogate,
 * which would turn one odd byte into a lost evidence list; so the text is
 * mended first (bad bytes to U+FFFD, lone surrogates to \uFFFD) and only
 * then parsed.  On the way out jansson keeps UTF-8 as it is (no
 * JSON_ENSURE_ASCII) and escapes C0 controls; DEL, the C1 controls and
 * U+2028/U+2029, which a terminal or a JavaScript reader may act on, are
 * escaped here as well, so an export shown with cat cannot drive the
 * terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

#define REPORT_JSON_MAXDEPTH	32	/* nesting accepted in stored JSON */

/* Append n bytes of s to b with every byte that is not UTF-8 as U+FFFD. */
static void
utf8_mend(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	buf_reserve(b, n);
	while (i < n) {
		if (p[i] < 0x80) {
			buf_addc(b, (char)p[i++]);
			continue;
		}
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			buf_add(b, "\xef\xbf\xbd");
			i++;
		} else {
			buf_addn(b, s + i, l);
			i += l;
		}
	}
}

/* The value of the 4 hex digits at p, or -1. */
static long
hex4(const char *p, size_t n)
{
	long	 v = 0;
	size_t	 k;
	int	 d;

	if (n < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		if ((d = hex_value((unsigned char)p[k])) < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Copy the JSON text in (n bytes, valid UTF-8) to out with every \uXXXX
 * that names a surrogate not part of a pair replaced by \uFFFD.  Other
 * escapes are copied as they are (a backslash always starts one, so the
 * pair is skipped as a unit and "\\u" is not mistaken for an escape).
 */
static void
surrogates_mend(struct buf *out, const char *in, size_t n)
{
	size_t	 i = 0;
	long	 hi, lo;

	while (i < n) {
		if (in[i] != '\\' || i + 1 >= n) {
			buf_addc(out, in[i++]);
			continue;
		}
		if (in[i + 1] != 'u' ||
		    (hi = hex4(in + i + 2, n - i - 2)) < 0) {
			buf_addn(out, in + i, 2);
			i += 2;
			continue;
		}
		if (hi >= 0xd800 && hi <= 0xdbff && n - i >= 12 &&
		    in[i + 6] == '\\' && in[i + 7] == 'u' &&
		    (lo = hex4(in + i + 8, n - i - 8)) >= 0xdc00 &&
		    lo <= 0xdfff) {
			buf_addn(out, in + i, 12);
			i += 12;
		} else if (hi >= 0xd800 && hi <= 0xdfff) {
			buf_add(out, "\\uFFFD");
			i += 6;
		} else {
			buf_addn(out, in + i, 6);
			i += 6;
		}
	}
}

/* 1 if v nests no deeper than max containers, else 0. */
static int
depth_ok(json_t *v, int max)
{
	const char	*k;
	json_t		*e;
	size_t		 i;

	if (!json_is_object(v) && !json_is_array(v))
		return 1;
	if (max <= 0)
		return 0;
	if (json_is_object(v)) {
		json_object_foreach(v, k, e)
			if (!depth_ok(e, max - 1))
				return 0;
	} else {
		json_array_foreach(v, i, e)
			if (!depth_ok(e, max - 1))
				return 0;
	}
	return 1;
}

json_t *
report_json_stored(const char *s, int want)
{
	struct buf	 a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	json_t		*v = NULL, *kept = NULL, *e;
	size_t		 i;

	if (s == NULL)
		return NULL;
	utf8_mend(&a, s, strlen(s));
	surrogates_mend(&b, buf_str(&a), a.len);
	v = json_loadb(buf_str(&b), b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
	    NULL);
	if (v == NULL || !depth_ok(v, REPORT_JSON_MAXDEPTH) ||
	    (want == REPORT_JSON_OBJECT && !json_is_object(v)) ||
	    (want == REPORT_JSON_OBJECTS && !json_is_array(v)))
		goto out;
	if (want == REPORT_JSON_OBJECTS) {
		kept = json_array();
		json_array_foreach(v, i, e)
			if (json_is_object(e))
				json_array_append(kept, e);
		json_decref(v);
		v = kept;
	}
	kept = v;
	v = NULL;
 out:
	json_decref(v);
	buf_free(&a);
	buf_free(&b);
	return kept;
}

json_t *
report_json_str(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	json_t		*v;

	if (s == NULL)
		return json_null();
	utf8_mend(&b, s, strlen(s));
	v = json_stringn(buf_str(&b), b.len);
	buf_free(&b);
	if (v == NULL)
		abort();
	return v;
}

json_t *
report_json_time(int64_t t)
{
	char	 tbuf[32];

	if (t <= 0)
		return json_null();
	return json_string(time_iso8601(tbuf, sizeof(tbuf), t));
}

/*
 * Append jansson's output s (n bytes, valid UTF-8) to b with DEL, C1
 * controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) and U+2028/U+2029 (E2 80
 * A8/A9) escaped.  Outside strings jansson writes only ASCII, so these
 * bytes can only be string contents.
 */
static void
escape_more(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;

	buf_reserve(b, n);
	while (i < n) {
		if (p[i] == 0x7f) {
			buf_add(b, "\\u007F");
			i++;
		} else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			buf_addf(b, "\\u%04X", (unsigned)p[i + 1]);
			i += 2;
		} else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			buf_add(b, p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
			i += 3;
		} else
			buf_addc(b, (char)p[i++]);
	}
}

/* Serialise v as report_json_write() describes, into b. */
static int
dump(json_t *v, size_t flags, struct buf *b)
{
	char	*s;

	s = json_dumps(v, flags | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
	if (s == NULL)
		return -ENOMEM;
	escape_more(b, s, strlen(s));
	free(s);
	return 0;
}

int
report_json_write(json_t *v, FILE *fp, size_t flags)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 r;

	if (v == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = dump(v, (flags & JSON_COMPACT) ? flags : flags |
	    JSON_INDENT(2), &b)) != 0)
		goto out;
	buf_addc(&b, '\n');
	if (fwrite(b.p, 1, b.len, fp) != b.len)
		r = -EIO;
 out:
	buf_free(&b);
	return r;
}

void
report_json_compact(json_t *v, struct buf *b)
{
	buf_truncate(b, 0);
	if (v == NULL || dump(v, JSON_COMPACT, b) != 0)
		buf_add(b, "null");
}

const char *
report_clean(struct buf *b, const char *s, size_t maxcols)
{
	buf_truncate(b, 0);
	if (s == NULL)
		s = "-";
	text_term(b, s, strlen(s), maxcols);
	return buf_str(b);
}
