/*
 * src/util/util.c - bounded string and number helpers (see util.h).
 *
 * These exist so that no file reaches for a banned libc function and so
 * that every device-supplied byte shown to a person goes through one
 * escaping routine.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "iomt/util.h"

#if !HAVE_DECL_STRLCPY
size_t
strlcpy(char *dst, const char *src, size_t dsize)
{
	size_t	 n = strlen(src);

	if (dsize > 0) {
		size_t	 c = n < dsize - 1 ? n : dsize - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}
#endif

int
parse_ll(const char *s, long long minval, long long maxval, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return IOMT_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < minval || v > maxval)
		return IOMT_EINVAL;
	*out = v;
	return 0;
}

int
parse_double(const char *s, double minval, double maxval, double *out)
{
	char	*end;
	double	 v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+')
		return IOMT_EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v >= minval) || !(v <= maxval))
		return IOMT_EINVAL;
	*out = v;
	return 0;
}

size_t
str_printable(char *dst, size_t dsize, const uint8_t *p, size_t len)
{
	size_t		 i = 0, o = 0, l, tl, k;
	uint32_t	 cp;
	char		 tmp[20];

	if (dsize == 0)
		return 0;
	while (i < len) {
		uint8_t	 c = p[i];

		l = utf8_decode(p + i, len - i, &cp);
		if (c == '\\') {
			memcpy(tmp, "\\\\", 2);
			tl = 2;
			l = 1;
		} else if (c >= 0x20 && c < 0x7f) {
			tmp[0] = (char)c;
			tl = 1;
			l = 1;
		} else if (c == '\r' || c == '\n' || c == '\t') {
			tmp[0] = '\\';
			tmp[1] = c == '\r' ? 'r' : c == '\n' ? 'n' : 't';
			tl = 2;
			l = 1;
		} else if (l > 1 && cp >= 0xa0 && !(cp >= 0x200e &&
		    cp <= 0x200f) && !(cp >= 0x2028 && cp <= 0x202e) &&
		    !(cp >= 0x2066 && cp <= 0x2069)) {
			memcpy(tmp, p + i, l);
			tl = l;
		} else {
			if (l == 0)
				l = 1;
			for (k = 0, tl = 0; k < l; k++, tl += 4)
				snprintf(tmp + tl, sizeof(tmp) - tl, "\\x%02x",
				    p[i + k]);
		}
		if (o + tl >= dsize)
			break;
		memcpy(dst + o, tmp, tl);
		o += tl;
		i += l;
	}
	dst[o] = '\0';
	return i;
}

uint64_t
now_ns(void)
{
	return uv_hrtime();
}

char *
time_local(char *dst, size_t dsize, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(dst, dsize, "%Y-%m-%d %H:%M:%S %z", &tm) == 0) {
		if (dsize > 0)
			dst[0] = '\0';
	}
	return dst;
}

char *
time_local_ms(char *dst, size_t dsize, int64_t t_us)
{
	struct tm	 tm;
	time_t		 tt = (time_t)(t_us / 1000000);
	char		 hms[24], off[8];
	int		 ms = (int)((t_us % 1000000) / 1000), n;

	if (ms < 0) {
		ms += 1000;
		tt--;
	}
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(hms, sizeof(hms), "%Y-%m-%d %H:%M:%S", &tm) == 0 ||
	    strftime(off, sizeof(off), "%z", &tm) == 0 ||
	    (n = snprintf(dst, dsize, "%s.%03d %s", hms, ms, off)) < 0 ||
	    (size_t)n >= dsize) {
		if (dsize > 0)
			dst[0] = '\0';
	}
	return dst;
}

char *
time_iso8601(char *dst, size_t dsize, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(dst, dsize, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (dsize > 0)
			dst[0] = '\0';
	}
	return dst;
}
