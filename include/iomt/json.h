/*
 * json.h - a small, strict, bounded JSON reader and string escaper.
 *
 * The offline script tester reads fixtures (host.json, exchanges.json,
 * expect.json) that vendors write by hand or record from a device, the
 * plan loader reads saved plans (iomtscan plan --save) and `check` reads
 * the scan options recorded in the inventory; the identity code, plans,
 * policies and the safety commands write JSON.  None needs a general
 * library, but all must be safe on any input: the reader accepts exactly
 * RFC 8259 (no comments, no trailing commas, no NaN, strings of valid
 * UTF-8 without raw control characters, one top-level value), refuses
 * nesting deeper than JSON_MAX_DEPTH, objects with more than
 * JSON_MAX_MEMBERS members or a duplicate key, and input larger than
 * JSON_MAX_INPUT, and never reads past the length it is given.  It builds
 * a small tree of malloc'd nodes (at most one node per input byte) and
 * reports the line and column of the first error.  tests/fuzz/fuzz-json.c
 * exercises it.
 */
#ifndef IOMT_JSON_H
#define IOMT_JSON_H

#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH		64
#define JSON_MAX_MEMBERS	1024
#define JSON_MAX_INPUT		((size_t)16 * 1024 * 1024)

enum json_type {
	JSON_NULL = 0,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json {
	enum json_type	 type;
	double		 num;		/* JSON_NUMBER */
	char		*str;		/* JSON_STRING: decoded, NUL-ended */
	size_t		 len;		/* its length (it may hold NULs) */
	char		*key;		/* member name inside an object */
	size_t		 keylen;
	struct json	*child;		/* first element or member */
	struct json	*next;		/* next sibling */
	size_t		 n;		/* number of children */
};

/*
 * Parse the len bytes at buf as one JSON text.  Return 0 and the tree in
 * *out (free with json_free()), or IOMT_EPROTO with "line L, column C:
 * what" in err (size errlen), IOMT_ELIMIT when a bound is exceeded, or
 * -ENOMEM.  On failure *out is NULL.  Never reads past buf + len; buf need
 * not be NUL-terminated.  Does not block.
 */
int	json_parse(const char *buf, size_t len, struct json **out, char *err,
	    size_t errlen);

/* Free a tree.  NULL-safe; returns NULL. */
struct json *json_free(struct json *v);

/*
 * Return the member named key of the object v, or NULL when v is not an
 * object or has no such member.  The result is owned by the tree.
 */
const struct json *json_get(const struct json *v, const char *key);

/*
 * The string of v as a C string (owned by the tree), or NULL if v is not
 * a string or the string holds a NUL byte (written \u0000), which a C
 * string cannot carry; read v->str and v->len for such bytes.
 */
const char *json_str(const struct json *v);

/* The number of v, or dflt when v is NULL or not a number.  Pure. */
double	json_num(const struct json *v, double dflt);

/*
 * As json_num(), but the result is clamped to [lo, hi], so a hostile file
 * cannot make a later conversion to an integer type overflow.
 */
double	json_num_clamp(const struct json *v, double dflt, double lo,
	    double hi);

/*
 * Store v as an integer in [min, max] into *out.  Return 0, or
 * IOMT_EINVAL when v is not a number with an integral value in range.
 */
int	json_int(const struct json *v, long long min, long long max,
	    long long *out);

/*
 * Write the len bytes at s as a JSON string literal, with the quotes, into
 * dst (size dsize, always NUL-terminated when dsize > 0).  Bytes that are
 * not valid UTF-8 are written as \u00XX of the byte (so the output is
 * always valid JSON).  Return the length the literal needs (excluding the
 * NUL); the output was cut if the result >= dsize.
 */
size_t	json_escape(char *dst, size_t dsize, const char *s, size_t len);

/*
 * Length (1-4) of the valid UTF-8 sequence at p, of which n >= 1 bytes
 * are available, or 0 when it is not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid).  Pure.
 */
size_t	json_utf8_seq(const unsigned char *p, size_t n);

/* As json_escape() but written to fp. */
void	json_fputs(FILE *fp, const char *s, size_t len);

/*
 * Write the NUL-terminated string s (NULL is written as "") to fp as a
 * JSON string literal, escaped as by json_escape().
 */
void	json_puts(FILE *fp, const char *s);

/*
 * Write the NUL-terminated string s (NULL counts as "") into dst (size
 * dsize) as a JSON string literal escaped as by json_escape(), for
 * splicing into a larger document.  A literal that does not fit is cut
 * before the first escape or UTF-8 sequence that would not fit, and still
 * closed with a quote, so the result is always one valid JSON string;
 * when dsize < 3 dst becomes "" (if dsize > 0).  Return dst.
 */
char	*json_quote(char *dst, size_t dsize, const char *s);

#endif /* IOMT_JSON_H */
