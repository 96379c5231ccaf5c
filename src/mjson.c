/*
 * mjson.c - JSON string escaping and a bounded reader (see mjson.h).
 *
 * A recursive-descent parser with an explicit depth limit, so a saved
 * plan file that was edited by hand (or damaged) yields an error with an
 * offset instead of a crash or a hang.  Escaping treats strings as bytes:
 * anything below 0x20, the quote, the backslash and DEL are escaped;
 * bytes >= 0x80 are passed through only when they form valid UTF-8, else
 * written as \u00XX, so the output is always valid JSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/error.h"
#include "iomt/mjson.h"
#include "iomt/xmalloc.h"

struct mj {
	const char	*p;
	size_t		 len, off;
	int		 depth;
	char		*err;
	size_t		 errlen;
	int		 r;
};

static int
mj_fail(struct mj *m, int r, const char *what)
{
	if (m->r == 0) {
		m->r = r;
		if (m->errlen > 0)
			snprintf(m->err, m->errlen, "offset %zu: %s", m->off,
			    what);
	}
	return m->r;
}

static void
mj_ws(struct mj *m)
{
	while (m->off < m->len && (m->p[m->off] == ' ' ||
	    m->p[m->off] == '\t' || m->p[m->off] == '\n' ||
	    m->p[m->off] == '\r'))
		m->off++;
}

static int
mj_lit(struct mj *m, const char *lit)
{
	size_t	 n = strlen(lit);

	if (m->len - m->off < n || memcmp(m->p + m->off, lit, n) != 0)
		return mj_fail(m, IOMT_EPROTO, "bad literal");
	m->off += n;
	return 0;
}

static int
hex4(const char *s, unsigned *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char	 c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t
utf8_put(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Parse a string at m->off (on the opening quote) into a new buffer. */
static char *
mj_string(struct mj *m)
{
	size_t	 start = ++m->off, end, n = 0;
	char	*s;

	/* Find the end first: the decoded string is never longer. */
	for (end = start; end < m->len && m->p[end] != '"'; end++)
		if (m->p[end] == '\\')
			end++;
	if (end >= m->len) {
		mj_fail(m, IOMT_EPROTO, "unterminated string");
		return NULL;
	}
	s = xmalloc(end - start + 1);
	while (m->off < end) {
		unsigned char c = (unsigned char)m->p[m->off++];
		unsigned	 cp, lo;

		if (c < 0x20) {
			free(s);
			mj_fail(m, IOMT_EPROTO, "control character in string");
			return NULL;
		}
		if (c != '\\') {
			s[n++] = (char)c;
			continue;
		}
		c = (unsigned char)m->p[m->off++];
		switch (c) {
		case '"': s[n++] = '"'; break;
		case '\\': s[n++] = '\\'; break;
		case '/': s[n++] = '/'; break;
		case 'b': s[n++] = '\b'; break;
		case 'f': s[n++] = '\f'; break;
		case 'n': s[n++] = '\n'; break;
		case 'r': s[n++] = '\r'; break;
		case 't': s[n++] = '\t'; break;
		case 'u':
			if (end - m->off < 4 || hex4(m->p + m->off, &cp) != 0)
				goto bad;
			m->off += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (end - m->off < 6 || m->p[m->off] != '\\' ||
				    m->p[m->off + 1] != 'u' ||
				    hex4(m->p + m->off + 2, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				m->off += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000)
				goto bad;
			if (cp == 0)
				goto bad;
			/* \uXXXX is 6 bytes in, at most 4 out. */
			n += utf8_put(s + n, cp);
			break;
		default:
			goto bad;
		}
	}
	s[n] = '\0';
	m->off = end + 1;
	return s;
 bad:
	free(s);
	mj_fail(m, IOMT_EPROTO, "bad escape in string");
	return NULL;
}

static int mj_value(struct mj *m, struct mjson *v);

static struct mjson *
mj_push(struct mjson *v, size_t *cap)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		v->kids = xreallocarray(v->kids, *cap, sizeof(*v->kids));
	}
	memset(&v->kids[v->n], 0, sizeof(v->kids[0]));
	return &v->kids[v->n++];
}

static int
mj_container(struct mj *m, struct mjson *v, int obj)
{
	size_t	 cap = 0;

	if (++m->depth > MJSON_MAX_DEPTH)
		return mj_fail(m, IOMT_ELIMIT, "nested too deeply");
	v->type = obj ? MJSON_OBJECT : MJSON_ARRAY;
	m->off++;
	mj_ws(m);
	if (m->off < m->len && m->p[m->off] == (obj ? '}' : ']')) {
		m->off++;
		m->depth--;
		return 0;
	}
	for (;;) {
		struct mjson	*k = mj_push(v, &cap);

		mj_ws(m);
		if (obj) {
			if (m->off >= m->len || m->p[m->off] != '"')
				return mj_fail(m, IOMT_EPROTO,
				    "expected a member name");
			if ((k->key = mj_string(m)) == NULL)
				return m->r;
			mj_ws(m);
			if (m->off >= m->len || m->p[m->off] != ':')
				return mj_fail(m, IOMT_EPROTO, "expected ':'");
			m->off++;
		}
		if (mj_value(m, k) != 0)
			return m->r;
		mj_ws(m);
		if (m->off >= m->len)
			return mj_fail(m, IOMT_EPROTO, "unexpected end");
		if (m->p[m->off] == ',') {
			m->off++;
			continue;
		}
		if (m->p[m->off] == (obj ? '}' : ']')) {
			m->off++;
			break;
		}
		return mj_fail(m, IOMT_EPROTO, obj ? "expected ',' or '}'" :
		    "expected ',' or ']'");
	}
	m->depth--;
	return 0;
}

static int
mj_number(struct mj *m, struct mjson *v)
{
	char	 buf[64], *end;
	size_t	 n = 0;

	while (m->off < m->len && n < sizeof(buf) - 1 &&
	    strchr("+-0123456789.eE", m->p[m->off]) != NULL)
		buf[n++] = m->p[m->off++];
	buf[n] = '\0';
	if (n == 0)
		return mj_fail(m, IOMT_EPROTO, "unexpected character");
	v->type = MJSON_NUMBER;
	v->num = strtod(buf, &end);
	if (*end != '\0')
		return mj_fail(m, IOMT_EPROTO, "bad number");
	return 0;
}

static int
mj_value(struct mj *m, struct mjson *v)
{
	mj_ws(m);
	if (m->off >= m->len)
		return mj_fail(m, IOMT_EPROTO, "unexpected end");
	switch (m->p[m->off]) {
	case '{':
		return mj_container(m, v, 1);
	case '[':
		return mj_container(m, v, 0);
	case '"':
		v->type = MJSON_STRING;
		v->str = mj_string(m);
		return v->str != NULL ? 0 : m->r;
	case 't':
		v->type = MJSON_TRUE;
		return mj_lit(m, "true");
	case 'f':
		v->type = MJSON_FALSE;
		return mj_lit(m, "false");
	case 'n':
		v->type = MJSON_NULL;
		return mj_lit(m, "null");
	default:
		return mj_number(m, v);
	}
}

static void
mj_free_kids(struct mjson *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++) {
		mj_free_kids(&v->kids[i]);
		free(v->kids[i].key);
		free(v->kids[i].str);
	}
	free(v->kids);
	v->kids = NULL;
	v->n = 0;
}

struct mjson *
mjson_free(struct mjson *v)
{
	if (v == NULL)
		return NULL;
	mj_free_kids(v);
	free(v->str);
	free(v->key);
	free(v);
	return NULL;
}

int
mjson_parse(const char *buf, size_t len, struct mjson **out, char *err,
    size_t errlen)
{
	struct mj	 m;
	struct mjson	*v = NULL;
	int		 r;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	m.p = buf;
	m.len = len;
	m.err = err;
	m.errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
	if (len > MJSON_MAX_BYTES) {
		r = mj_fail(&m, IOMT_ELIMIT, "input too large");
		goto out;
	}
	v = xcalloc(1, sizeof(*v));
	if ((r = mj_value(&m, v)) != 0)
		goto out;
	mj_ws(&m);
	if (m.off != m.len) {
		r = mj_fail(&m, IOMT_EPROTO, "trailing data");
		goto out;
	}
	*out = v;
	v = NULL;
	r = 0;
 out:
	mjson_free(v);
	return r;
}

const struct mjson *
mjson_get(const struct mjson *v, const char *key)
{
	size_t	 i;

	if (v == NULL || v->type != MJSON_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (v->kids[i].key != NULL && strcmp(v->kids[i].key, key) == 0)
			return &v->kids[i];
	return NULL;
}

const char *
mjson_str(const struct mjson *v)
{
	return v != NULL && v->type == MJSON_STRING ? v->str : NULL;
}

double
mjson_num(const struct mjson *v, double dflt)
{
	return v != NULL && v->type == MJSON_NUMBER ? v->num : dflt;
}

/* Length of the valid UTF-8 sequence at s (0 if invalid). */
static size_t
utf8_len(const unsigned char *s)
{
	size_t	 n, i;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	cp = s[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000))
		return 0;
	return n;
}

/* Escape one step of s into out (at least 7 bytes).  Return bytes used. */
static size_t
esc_step(const unsigned char *s, char *out, size_t *outn)
{
	size_t	 u;

	switch (s[0]) {
	case '"': memcpy(out, "\\\"", 2); *outn = 2; return 1;
	case '\\': memcpy(out, "\\\\", 2); *outn = 2; return 1;
	case '\n': memcpy(out, "\\n", 2); *outn = 2; return 1;
	case '\r': memcpy(out, "\\r", 2); *outn = 2; return 1;
	case '\t': memcpy(out, "\\t", 2); *outn = 2; return 1;
	default:
		break;
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		snprintf(out, 7, "\\u%04x", s[0]);
		*outn = 6;
		return 1;
	}
	if (s[0] < 0x80) {
		out[0] = (char)s[0];
		*outn = 1;
		return 1;
	}
	if ((u = utf8_len(s)) > 0) {
		memcpy(out, s, u);
		*outn = u;
		return u;
	}
	snprintf(out, 7, "\\u%04x", s[0]);
	*outn = 6;
	return 1;
}

void
mjson_put_str(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	char	 out[8];
	size_t	 n;

	fputc('"', fp);
	while (*p != '\0') {
		p += esc_step(p, out, &n);
		fwrite(out, 1, n, fp);
	}
	fputc('"', fp);
}

char *
mjson_quote(char *dst, size_t dsize, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	char	 out[8];
	size_t	 n, used = 1;

	if (dsize < 3) {
		if (dsize > 0)
			dst[0] = '\0';
		return dst;
	}
	dst[0] = '"';
	while (*p != '\0') {
		size_t	 adv = esc_step(p, out, &n);

		if (used + n + 2 > dsize)
			break;
		memcpy(dst + used, out, n);
		used += n;
		p += adv;
	}
	dst[used++] = '"';
	dst[used] = '\0';
	return dst;
}
