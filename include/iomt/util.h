/*
 * util.h - small string and number helpers used everywhere.
 *
 * These replace the banned libc functions (strcpy, strcat, atoi, ...)
 * with bounded, error-reporting versions, so no file needs its own.
 */
#ifndef IOMT_UTIL_H
#define IOMT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#if !HAVE_DECL_STRLCPY
/*
 * Copy src into dst of size dsize, always NUL-terminating when dsize > 0.
 * Return strlen(src); truncation happened if the result >= dsize.
 */
size_t	strlcpy(char *dst, const char *src, size_t dsize);
#endif

/*
 * Parse the whole of s as a decimal integer in [minval, maxval] into
 * *out.  Return 0 on success, IOMT_EINVAL if s is empty, has trailing
 * characters or is out of range (then *out is unchanged).
 */
int	parse_ll(const char *s, long long minval, long long maxval,
	    long long *out);

/*
 * Parse the whole of s as a non-negative decimal number with an optional
 * fraction ("2.5") into *out, range [minval, maxval].  Return 0 or
 * IOMT_EINVAL.
 */
int	parse_double(const char *s, double minval, double maxval, double *out);

/*
 * Write a printable, single-line copy of the len bytes at p into dst
 * (size dsize, NUL-terminated): printable ASCII kept, \r \n \t and other
 * bytes escaped as \r, \n, \t, \xHH.  Stops before overflowing dst.
 * Return the number of input bytes consumed.  Used for every banner a
 * device sends before it is shown or stored as text.
 */
size_t	str_printable(char *dst, size_t dsize, const uint8_t *p, size_t len);

/* Return monotonic time in nanoseconds (uv_hrtime). */
uint64_t now_ns(void);

/*
 * Format the Unix time t (seconds) as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"
 * into dst (at least 21 bytes).  Return dst.
 */
char	*time_iso8601(char *dst, size_t dsize, int64_t t);

#endif /* IOMT_UTIL_H */
