/*
 * src/util/json.c - strict, bounded JSON reader and string escaper (see util.h).
 *
 * A recursive-descent reader over (pointer, end) that checks the end
 * before every byte it looks at.  Recursion is bounded by JSON_MAX_DEPTH,
 * memory by the input (each node consumes at least one input byte,
 * decoded strings are never longer than their source).  The grammar is
 * RFC 8259 section 2-8 exactly; anything else is an error with a line and
 * column, because fixtures that are almost JSON should be fixed, not
 * guessed at.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"

#define JSON_NUM_MAX	128	/* longest number text accepted */

struct jp {
	const char	*start;
	const char	*p;
	const char	*end;
	char		*err;
	size_t		 errlen;
	int		 depth;
};

static int	jp_value(struct jp *, struct json **);

static int
jp_fail(struct jp *jp, int r, const char *what)
{
	const char	*q;
	size_t		 line = 1, col = 1;

	for (q = jp->start; q < jp->p && q < jp->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	if (jp->err != NULL && jp->errlen > 0)
		snprintf(jp->err, jp->errlen, "line %zu, column %zu: %s",
		    line, col, what);
	return r;
}

static void
jp_ws(struct jp *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

size_t
json_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char	 c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] > 0x9f)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] > 0x8f)
			return 0;
		return 4;
	}
	return 0;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned	 v = 0;
	int		 i;

	for (i = 0; i < 4; i++) {
		char	 c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
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

/* Parse a string at jp->p (the opening quote) into *out / *outlen. */
static int
jp_string(struct jp *jp, char **out, size_t *outlen)
{
	const char	*q = jp->p + 1;
	char		*buf, *d;
	unsigned	 cp, lo;
	size_t		 n;

	*out = NULL;
	/* The decoded text is never longer than the raw text. */
	for (n = 0; q + n < jp->end && q[n] != '"'; n++)
		if (q[n] == '\\' && q + n + 1 < jp->end)
			n++;
	if (q + n >= jp->end)
		return jp_fail(jp, IOMT_EPROTO, "unterminated string");
	if ((buf = malloc(n + 1)) == NULL)
		return -ENOMEM;
	d = buf;
	while (*q != '"') {
		unsigned char	 c = (unsigned char)*q;

		if (c < 0x20) {
			jp->p = q;
			free(buf);
			return jp_fail(jp, IOMT_EPROTO,
			    "control character in string");
		}
		if (c != '\\') {
			n = json_utf8_seq((const unsigned char *)q,
			    (size_t)(jp->end - q));
			if (n == 0) {
				jp->p = q;
				free(buf);
				return jp_fail(jp, IOMT_EPROTO,
				    "invalid UTF-8 in string");
			}
			memcpy(d, q, n);
			d += n;
			q += n;
			continue;
		}
		q++;	/* the scan above guarantees q < end */
		switch (*q) {
		case '"': case '\\': case '/':
			*d++ = *q++;
			continue;
		case 'b':
			*d++ = '\b';
			q++;
			continue;
		case 'f':
			*d++ = '\f';
			q++;
			continue;
		case 'n':
			*d++ = '\n';
			q++;
			continue;
		case 'r':
			*d++ = '\r';
			q++;
			continue;
		case 't':
			*d++ = '\t';
			q++;
			continue;
		case 'u':
			break;
		default:
			jp->p = q;
			free(buf);
			return jp_fail(jp, IOMT_EPROTO, "bad escape in string");
		}
		if (jp->end - q < 5 || hex4(q + 1, &cp) != 0) {
			jp->p = q;
			free(buf);
			return jp_fail(jp, IOMT_EPROTO, "bad \\u escape");
		}
		q += 5;
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			jp->p = q;
			free(buf);
			return jp_fail(jp, IOMT_EPROTO, "lone low surrogate");
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (jp->end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
			    hex4(q + 2, &lo) != 0 || lo < 0xdc00 ||
			    lo > 0xdfff) {
				jp->p = q;
				free(buf);
				return jp_fail(jp, IOMT_EPROTO,
				    "unpaired surrogate");
			}
			q += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		/* 6 or 12 source bytes always cover the <= 4 output bytes. */
		d += utf8_put(d, cp);
	}
	*d = '\0';
	jp->p = q + 1;
	*out = buf;
	*outlen = (size_t)(d - buf);
	return 0;
}

static int
jp_number(struct jp *jp, double *out)
{
	const char	*s = jp->p, *q = jp->p;
	char		 tmp[JSON_NUM_MAX + 1], *e;
	double		 v;

	if (q < jp->end && *q == '-')
		q++;
	if (q >= jp->end)
		return jp_fail(jp, IOMT_EPROTO, "bad number");
	if (*q == '0')
		q++;
	else if (*q >= '1' && *q <= '9')
		while (q < jp->end && *q >= '0' && *q <= '9')
			q++;
	else
		return jp_fail(jp, IOMT_EPROTO, "bad number");
	if (q < jp->end && *q == '.') {
		q++;
		if (q >= jp->end || *q < '0' || *q > '9')
			return jp_fail(jp, IOMT_EPROTO, "bad fraction");
		while (q < jp->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < jp->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < jp->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= jp->end || *q < '0' || *q > '9')
			return jp_fail(jp, IOMT_EPROTO, "bad exponent");
		while (q < jp->end && *q >= '0' && *q <= '9')
			q++;
	}
	if ((size_t)(q - s) > JSON_NUM_MAX)
		return jp_fail(jp, IOMT_ELIMIT, "number too long");
	memcpy(tmp, s, (size_t)(q - s));
	tmp[q - s] = '\0';
	errno = 0;
	v = strtod(tmp, &e);
	if (*e != '\0' || !isfinite(v))
		return jp_fail(jp, IOMT_EPROTO, "number out of range");
	jp->p = q;
	*out = v;
	return 0;
}

static int
jp_literal(struct jp *jp, const char *word, enum json_type t,
    struct json *v)
{
	size_t	 n = strlen(word);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
		return jp_fail(jp, IOMT_EPROTO, "unexpected character");
	jp->p += n;
	v->type = t;
	return 0;
}

static int
jp_container(struct jp *jp, struct json *v)
{
	struct json	*last = NULL, *c, *o;
	int		 obj = *jp->p == '{', r;
	char		 close = obj ? '}' : ']';

	if (++jp->depth > JSON_MAX_DEPTH)
		return jp_fail(jp, IOMT_ELIMIT, "nested too deeply");
	v->type = obj ? JSON_OBJECT : JSON_ARRAY;
	jp->p++;
	jp_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		jp->depth--;
		return 0;
	}
	for (;;) {
		char	*key = NULL;
		size_t	 keylen = 0;

		jp_ws(jp);
		if (obj) {
			if (jp->p >= jp->end || *jp->p != '"')
				return jp_fail(jp, IOMT_EPROTO,
				    "expected a member name");
			if ((r = jp_string(jp, &key, &keylen)) != 0)
				return r;
			for (o = v->child; o != NULL; o = o->next)
				if (o->keylen == keylen &&
				    memcmp(o->key, key, keylen) == 0) {
					free(key);
					return jp_fail(jp, IOMT_EPROTO,
					    "duplicate member name");
				}
			if (v->n >= JSON_MAX_MEMBERS) {
				free(key);
				return jp_fail(jp, IOMT_ELIMIT,
				    "too many members");
			}
			jp_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return jp_fail(jp, IOMT_EPROTO, "expected ':'");
			}
			jp->p++;
		}
		c = NULL;
		r = jp_value(jp, &c);
		if (c != NULL) {
			c->key = key;
			c->keylen = keylen;
			key = NULL;
			if (last == NULL)
				v->child = c;
			else
				last->next = c;
			last = c;
			v->n++;
		}
		free(key);
		if (r != 0)
			return r;
		jp_ws(jp);
		if (jp->p >= jp->end)
			return jp_fail(jp, IOMT_EPROTO, "unexpected end");
		if (*jp->p == ',') {
			jp->p++;
			continue;
		}
		if (*jp->p == close) {
			jp->p++;
			jp->depth--;
			return 0;
		}
		return jp_fail(jp, IOMT_EPROTO, obj ? "expected ',' or '}'" :
		    "expected ',' or ']'");
	}
}

/* Parse one value; on error *out may hold a partial tree to free. */
static int
jp_value(struct jp *jp, struct json **out)
{
	struct json	*v;

	jp_ws(jp);
	if (jp->p >= jp->end)
		return jp_fail(jp, IOMT_EPROTO, "unexpected end");
	if ((v = calloc(1, sizeof(*v))) == NULL)
		return -ENOMEM;
	*out = v;
	switch (*jp->p) {
	case '{':
	case '[':
		return jp_container(jp, v);
	case '"':
		v->type = JSON_STRING;
		return jp_string(jp, &v->str, &v->len);
	case 't':
		return jp_literal(jp, "true", JSON_TRUE, v);
	case 'f':
		return jp_literal(jp, "false", JSON_FALSE, v);
	case 'n':
		return jp_literal(jp, "null", JSON_NULL, v);
	default:
		v->type = JSON_NUMBER;
		return jp_number(jp, &v->num);
	}
}

int
json_parse(const char *buf, size_t len, struct json **out, char *err,
    size_t errlen)
{
	struct jp	 jp;
	struct json	*v = NULL;
	int		 r;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(&jp, 0, sizeof(jp));
	jp.start = jp.p = buf;
	jp.end = buf + len;
	jp.err = err;
	jp.errlen = errlen;
	if (len > JSON_MAX_INPUT) {
		r = jp_fail(&jp, IOMT_ELIMIT, "input too large");
		goto out;
	}
	if ((r = jp_value(&jp, &v)) != 0)
		goto out;
	jp_ws(&jp);
	if (jp.p != jp.end) {
		r = jp_fail(&jp, IOMT_EPROTO, "trailing characters");
		goto out;
	}
	*out = v;
	v = NULL;
	r = 0;
 out:
	json_free(v);
	return r;
}

struct json *
json_free(struct json *v)
{
	struct json	*c, *next;

	if (v == NULL)
		return NULL;
	/* Siblings iteratively; children recurse at most JSON_MAX_DEPTH. */
	for (c = v->child; c != NULL; c = next) {
		next = c->next;
		c->next = NULL;
		json_free(c);
	}
	free(v->str);
	free(v->key);
	free(v);
	return NULL;
}

const struct json *
json_get(const struct json *v, const char *key)
{
	const struct json	*c;
	size_t			 n = strlen(key);

	if (v == NULL || v->type != JSON_OBJECT)
		return NULL;
	for (c = v->child; c != NULL; c = c->next)
		if (c->keylen == n && memcmp(c->key, key, n) == 0)
			return c;
	return NULL;
}

const char *
json_str(const struct json *v)
{
	if (v == NULL || v->type != JSON_STRING || strlen(v->str) != v->len)
		return NULL;
	return v->str;
}

double
json_num(const struct json *v, double dflt)
{
	return v != NULL && v->type == JSON_NUMBER ? v->num : dflt;
}

double
json_num_clamp(const struct json *v, double dflt, double lo, double hi)
{
	double	 d = json_num(v, dflt);

	if (!(d >= lo))
		d = lo;
	if (d > hi)
		d = hi;
	return d;
}

int
json_int(const struct json *v, long long min, long long max,
    long long *out)
{
	if (v == NULL || v->type != JSON_NUMBER || v->num != floor(v->num) ||
	    v->num < (double)min || v->num > (double)max)
		return IOMT_EINVAL;
	*out = (long long)v->num;
	return 0;
}

/*
 * Append the escaped form of s[0..len), without the quotes, via put(ctx,
 * bytes, n): one call per escape, UTF-8 sequence or plain byte, so a sink
 * can stop between them.  Return the number of bytes produced.
 */
static size_t
json_escape_body(const char *s, size_t len,
    void (*put)(void *, const char *, size_t), void *ctx)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 tmp[8];
	size_t			 i = 0, n, total = 0;

	while (i < len) {
		unsigned char	 c = p[i];
		const char	*esc = NULL;

		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			break;
		}
		if (esc != NULL) {
			put(ctx, esc, 2);
			total += 2;
			i++;
			continue;
		}
		n = c >= 0x20 && c != 0x7f ?
		    json_utf8_seq(p + i, len - i) : 0;
		if (n == 0) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			put(ctx, tmp, 6);
			total += 6;
			i++;
			continue;
		}
		put(ctx, (const char *)p + i, n);
		total += n;
		i += n;
	}
	return total;
}

/* The same with the quotes: the whole literal. */
static size_t
json_escape_cb(const char *s, size_t len,
    void (*put)(void *, const char *, size_t), void *ctx)
{
	size_t	 total;

	put(ctx, "\"", 1);
	total = json_escape_body(s, len, put, ctx);
	put(ctx, "\"", 1);
	return total + 2;
}

struct json_sbuf {
	char	*dst;
	size_t	 size;
	size_t	 off;
};

static void
json_put_buf(void *ctx, const char *s, size_t n)
{
	struct json_sbuf	*b = ctx;

	if (b->size > 0 && b->off < b->size - 1) {
		size_t	 room = b->size - 1 - b->off;

		memcpy(b->dst + b->off, s, n < room ? n : room);
	}
	b->off += n;
}

size_t
json_escape(char *dst, size_t dsize, const char *s, size_t len)
{
	struct json_sbuf	 b = { dst, dsize, 0 };
	size_t			 total;

	total = json_escape_cb(s, len, json_put_buf, &b);
	if (dsize > 0)
		dst[b.off < dsize - 1 ? b.off : dsize - 1] = '\0';
	return total;
}

static void
json_put_file(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

void
json_fputs(FILE *fp, const char *s, size_t len)
{
	json_escape_cb(s, len, json_put_file, fp);
}

void
json_puts(FILE *fp, const char *s)
{
	if (s == NULL)
		s = "";
	json_escape_cb(s, strlen(s), json_put_file, fp);
}

/* A sink that keeps whole pieces only, and room for the closing quote. */
struct json_qbuf {
	char	*dst;
	size_t	 size;
	size_t	 off;
	int	 full;
};

static void
json_put_whole(void *ctx, const char *s, size_t n)
{
	struct json_qbuf	*b = ctx;

	if (b->full || b->off + n + 2 > b->size) {
		b->full = 1;
		return;
	}
	memcpy(b->dst + b->off, s, n);
	b->off += n;
}

char *
json_quote(char *dst, size_t dsize, const char *s)
{
	struct json_qbuf	 b = { dst, dsize, 1, 0 };

	if (s == NULL)
		s = "";
	if (dsize < 3) {
		if (dsize > 0)
			dst[0] = '\0';
		return dst;
	}
	dst[0] = '"';
	json_escape_body(s, strlen(s), json_put_whole, &b);
	dst[b.off++] = '"';
	dst[b.off] = '\0';
	return dst;
}
