/*
 * mjson.h - the little JSON the safety commands need: escaping strings for
 * output, and a bounded reader for iomtscan's own files (saved plans).
 *
 * It is not a general JSON library.  The reader accepts standard JSON
 * (RFC 8259) up to MJSON_MAX_DEPTH levels and MJSON_MAX_BYTES of input,
 * builds a small tree the caller frees with mjson_free(), and reports the
 * first error with its byte offset.  Strings are decoded (\uXXXX to UTF-8;
 * a NUL escape is refused).  Numbers are doubles.
 */
#ifndef IOMT_MJSON_H
#define IOMT_MJSON_H

#include <stddef.h>
#include <stdio.h>

#define MJSON_MAX_DEPTH	32
#define MJSON_MAX_BYTES	(16 * 1024 * 1024)

enum mjson_type {
	MJSON_NULL = 0,
	MJSON_FALSE,
	MJSON_TRUE,
	MJSON_NUMBER,
	MJSON_STRING,
	MJSON_ARRAY,
	MJSON_OBJECT
};

struct mjson {
	enum mjson_type	 type;
	double		 num;
	char		*str;		/* STRING: value; member: key */
	char		*key;		/* set on members of an object */
	struct mjson	*kids;		/* ARRAY/OBJECT elements */
	size_t		 n;
};

/*
 * Parse len bytes at buf into a new tree in *out.  Return 0, or
 * IOMT_EPROTO with "offset N: reason" in err (size errlen), or IOMT_ELIMIT
 * when the input is too large or too deep.  The caller frees *out with
 * mjson_free().
 */
int	mjson_parse(const char *buf, size_t len, struct mjson **out,
	    char *err, size_t errlen);

/* Free a tree.  NULL-safe; returns NULL. */
struct mjson *mjson_free(struct mjson *v);

/* Member key of object v, or NULL (also when v is not an object). */
const struct mjson *mjson_get(const struct mjson *v, const char *key);

/* String value of v, or NULL when v is not a string. */
const char *mjson_str(const struct mjson *v);

/* Number value of v, or dflt when v is not a number. */
double	mjson_num(const struct mjson *v, double dflt);

/*
 * Write s as a JSON string, quotes included, to fp.  Control characters
 * and non-ASCII bytes that are not valid UTF-8 are escaped, so a hostile
 * value can never break the document.
 */
void	mjson_put_str(FILE *fp, const char *s);

/*
 * Write s as a JSON string, quotes included, into dst (size dsize,
 * NUL-terminated, cut short but still quoted when too long).  Return dst.
 */
char	*mjson_quote(char *dst, size_t dsize, const char *s);

#endif /* IOMT_MJSON_H */
