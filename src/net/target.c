/*
 * src/net/target.c - parse what to scan, subtract what never to touch, and put
 * the result in an order no device would recognise as a sweep.
 *
 * Specifications are parsed strictly: exactly four decimal octets of
 * 0-255 with no signs, spaces or leading zeros (inet_aton() would read
 * "010" as octal 8, so a typo could move a probe onto another ward's
 * device), a CIDR prefix of /0-/32, or a range "a.b.c.d-e" (last octet)
 * or "a.b.c.d-e.f.g.h".  Anything with a letter in it is treated as a
 * host name and refused: a scanner on a clinical network must not query
 * or leak to DNS.  Sets are kept as sorted, merged [lo, hi] ranges, so
 * a /16 costs one entry and exclusion is a walk over two sorted lists.
 *
 * target_expand() refuses more than its caller's max and, whatever the
 * caller says, more than TARGET_HARD_MAX addresses (a /8): prefixes
 * shorter than /8 parse, but are never expanded.  target_shuffle() is a
 * Fisher-Yates shuffle driven by splitmix64, so a given seed always
 * gives the same order (a scan can be replayed for a change board).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/net.h"

#define TARGET_HARD_MAX	(1ULL << 24)	/* a /8: never expand more */
#define TARGET_SPEC_MAX	64		/* longest specification accepted */

void
target_set_init(struct target_set *ts)
{
	ts->r = NULL;
	ts->n = 0;
	ts->cap = 0;
}

void
target_set_free(struct target_set *ts)
{
	if (ts == NULL)
		return;
	free(ts->r);
	target_set_init(ts);
}

static void
target_set_push(struct target_set *ts, uint32_t lo, uint32_t hi)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap == 0 ? 8 : ts->cap * 2;
		ts->r = xreallocarray(ts->r, ts->cap, sizeof(*ts->r));
	}
	ts->r[ts->n].lo = lo;
	ts->r[ts->n].hi = hi;
	ts->n++;
}

/*
 * Parse a decimal number of 1..maxdigits digits in [0, maxval] from the
 * whole of s.  Leading zeros are refused ("0" itself is fine).
 */
static int
target_parse_num(const char *s, long long maxval, size_t maxdigits,
    long long *out)
{
	size_t	 i, len = strlen(s);

	if (len == 0 || len > maxdigits)
		return IOMT_EINVAL;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return IOMT_EINVAL;
	if (len > 1 && s[0] == '0')
		return IOMT_EINVAL;
	return parse_ll(s, 0, maxval, out);
}

/*
 * Parse a dotted quad and say what is wrong with it in err (may be
 * NULL).  The words used ("octet N is over 255", "4 octets") are what
 * the command-line tests look for.
 */
static int
target_aton_why(const char *s, uint32_t *ip, char *err, size_t errlen)
{
	char		 buf[TARGET_SPEC_MAX], *p, *dot;
	long long	 v;
	uint32_t	 a = 0;
	int		 i;

	if (strlcpy(buf, s, sizeof(buf)) >= sizeof(buf)) {
		if (err != NULL)
			snprintf(err, errlen, "address is too long");
		return IOMT_EINVAL;
	}
	p = buf;
	for (i = 0; i < 4; i++) {
		dot = strchr(p, '.');
		if (i < 3 && dot == NULL) {
			if (err != NULL)
				snprintf(err, errlen, "an IPv4 address has "
				    "4 octets, this has %d", i + 1);
			return IOMT_EINVAL;
		}
		if (i == 3 && dot != NULL) {
			if (err != NULL)
				snprintf(err, errlen, "an IPv4 address has "
				    "4 octets, this has more");
			return IOMT_EINVAL;
		}
		if (dot != NULL)
			*dot = '\0';
		if (target_parse_num(p, 255, 3, &v) != 0) {
			if (err == NULL)
				return IOMT_EINVAL;
			if (*p != '\0' && strspn(p, "0123456789") ==
			    strlen(p) && strlen(p) > 1 && p[0] == '0')
				snprintf(err, errlen, "octet '%s' has a "
				    "leading zero (octal or decimal?)", p);
			else if (*p != '\0' && strspn(p, "0123456789") ==
			    strlen(p))
				snprintf(err, errlen, "octet %s is over 255",
				    p);
			else
				snprintf(err, errlen, "octet '%s' is not a "
				    "number from 0 to 255", p);
			return IOMT_EINVAL;
		}
		a = (a << 8) | (uint32_t)v;
		if (dot != NULL)
			p = dot + 1;
	}
	*ip = a;
	return 0;
}

int
target_aton(const char *s, uint32_t *ip)
{
	uint32_t	 a;

	if (s == NULL || target_aton_why(s, &a, NULL, 0) != 0)
		return IOMT_EINVAL;
	*ip = a;
	return 0;
}

char *
target_ntoa(uint32_t ip, char *dst, size_t dsize)
{
	snprintf(dst, dsize, "%u.%u.%u.%u", (ip >> 24) & 0xff,
	    (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
	return dst;
}

/* Return 1 if s looks like a host name rather than a mistyped address. */
static int
target_is_hostname(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalpha((unsigned char)*s) || *s == '_')
			return 1;
	return 0;
}

int
target_set_add(struct target_set *ts, const char *spec, char *err,
    size_t errlen)
{
	char		 buf[TARGET_SPEC_MAX], why[128], *sep;
	uint32_t	 lo, hi, mask;
	long long	 v;
	int		 r = IOMT_EINVAL;

	why[0] = '\0';
	if (spec == NULL || *spec == '\0') {
		snprintf(err, errlen, "empty target");
		return IOMT_EINVAL;
	}
	if (strlcpy(buf, spec, sizeof(buf)) >= sizeof(buf)) {
		snprintf(err, errlen, "target '%.32s...' is too long", spec);
		return IOMT_EINVAL;
	}
	if (strchr(buf, ':') != NULL) {
		snprintf(err, errlen, "'%s': IPv6 targets are not supported "
		    "yet", buf);
		return IOMT_EINVAL;
	}
	if (target_is_hostname(buf)) {
		snprintf(err, errlen, "'%s': host names are not accepted "
		    "(no DNS on clinical networks); give an IPv4 address, "
		    "CIDR block or range", buf);
		return IOMT_EINVAL;
	}
	if ((sep = strchr(buf, '/')) != NULL) {
		*sep++ = '\0';
		if (target_aton_why(buf, &lo, why, sizeof(why)) != 0)
			goto bad;
		if (target_parse_num(sep, 32, 2, &v) != 0) {
			snprintf(why, sizeof(why), "prefix length '/%s' is "
			    "not a number from 0 to 32", sep);
			goto bad;
		}
		mask = v == 0 ? 0 : 0xffffffffU << (32 - v);
		lo &= mask;
		hi = lo | ~mask;
	} else if ((sep = strchr(buf, '-')) != NULL) {
		*sep++ = '\0';
		if (target_aton_why(buf, &lo, why, sizeof(why)) != 0)
			goto bad;
		if (strchr(sep, '.') != NULL) {
			if (target_aton_why(sep, &hi, why, sizeof(why)) != 0)
				goto bad;
		} else {
			if (target_parse_num(sep, 255, 3, &v) != 0) {
				snprintf(why, sizeof(why), "range end '%s' "
				    "is not an octet from 0 to 255", sep);
				goto bad;
			}
			hi = (lo & 0xffffff00U) | (uint32_t)v;
		}
		if (hi < lo) {
			snprintf(why, sizeof(why), "range ends before it "
			    "starts");
			goto bad;
		}
	} else {
		if (target_aton_why(buf, &lo, why, sizeof(why)) != 0)
			goto bad;
		hi = lo;
	}
	target_set_push(ts, lo, hi);
	r = 0;
	goto out;
 bad:
	snprintf(err, errlen, "'%s': %s", spec, why);
 out:
	return r;
}

int
target_set_add_file(struct target_set *ts, const char *path, char *err,
    size_t errlen)
{
	FILE		*fp;
	char		*line = NULL, *p, *tok, *hash, why[256];
	size_t		 cap = 0;
	unsigned long	 lineno = 0;
	int		 r;

	if ((fp = fopen(path, "r")) == NULL) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return r;
	}
	for (;;) {
		errno = 0;
		if (getline(&line, &cap, fp) < 0) {
			if (ferror(fp)) {
				r = errno != 0 ? -errno : -EIO;
				snprintf(err, errlen, "%s: read error after "
				    "line %lu", path, lineno);
				goto out;
			}
			break;
		}
		lineno++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		p = line;
		for (;;) {
			p += strspn(p, " \t\r\n\v\f,");
			if (*p == '\0')
				break;
			tok = p;
			p += strcspn(p, " \t\r\n\v\f,");
			if (*p != '\0')
				*p++ = '\0';
			if ((r = target_set_add(ts, tok, why,
			    sizeof(why))) != 0) {
				snprintf(err, errlen, "%s line %lu: %s", path,
				    lineno, why);
				goto out;
			}
		}
	}
	r = 0;
 out:
	free(line);
	fclose(fp);
	return r;
}

static int
target_range_cmp(const void *a, const void *b)
{
	const struct target_range *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return 0;
}

/* Sort r[0..n) and merge overlapping or adjacent ranges; return new n. */
static size_t
target_normalize(struct target_range *r, size_t n)
{
	size_t	 i, out = 0;

	if (n == 0)
		return 0;
	qsort(r, n, sizeof(*r), target_range_cmp);
	for (i = 1; i < n; i++) {
		if (r[out].hi == UINT32_MAX || r[i].lo <= r[out].hi + 1) {
			if (r[i].hi > r[out].hi)
				r[out].hi = r[i].hi;
		} else
			r[++out] = r[i];
	}
	return out + 1;
}

void
target_set_finish(struct target_set *ts)
{
	ts->n = target_normalize(ts->r, ts->n);
}

uint64_t
target_set_count(const struct target_set *ts)
{
	uint64_t	 c = 0;
	size_t		 i;

	for (i = 0; i < ts->n; i++)
		c += (uint64_t)ts->r[i].hi - ts->r[i].lo + 1;
	return c;
}

int
target_set_contains(const struct target_set *ts, uint32_t ip)
{
	size_t	 lo = 0, hi = ts->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ip < ts->r[mid].lo)
			hi = mid;
		else if (ip > ts->r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Copy ts's ranges into a new normalized array (caller frees). */
static struct target_range *
target_copy_norm(const struct target_set *ts, size_t *np)
{
	struct target_range	*r;

	r = xcalloc(ts->n > 0 ? ts->n : 1, sizeof(*r));
	if (ts->n > 0)
		memcpy(r, ts->r, ts->n * sizeof(*r));
	*np = target_normalize(r, ts->n);
	return r;
}

/*
 * Walk inc minus exc (both normalized).  With out == NULL only count;
 * otherwise write the addresses.  Return the number of addresses.
 */
static uint64_t
target_subtract(const struct target_range *inc, size_t ni,
    const struct target_range *exc, size_t ne, uint32_t *out)
{
	uint64_t	 c = 0, a, b, x;
	size_t		 i, j = 0;

	for (i = 0; i < ni; i++) {
		size_t	 k;

		a = inc[i].lo;
		b = inc[i].hi;
		/* skip exclusions wholly before this range */
		while (j < ne && exc[j].hi < a)
			j++;
		k = j;
		while (a <= b) {
			uint64_t	 end = b;

			if (k < ne && exc[k].lo <= a) {
				/* a is excluded: jump past this exclusion */
				a = (uint64_t)exc[k].hi + 1;
				k++;
				continue;
			}
			if (k < ne && exc[k].lo <= b)
				end = (uint64_t)exc[k].lo - 1;
			if (out != NULL)
				for (x = a; x <= end; x++)
					out[c + (x - a)] = (uint32_t)x;
			c += end - a + 1;
			a = end + 1;
		}
	}
	return c;
}

int
target_expand(const struct target_set *incl, const struct target_set *excl,
    uint64_t max, uint32_t **ipsp, size_t *np)
{
	struct target_range	*inc = NULL, *exc = NULL;
	size_t			 ni, ne = 0;
	uint64_t		 c;
	uint32_t		*ips = NULL;
	int			 r = IOMT_ELIMIT;

	*ipsp = NULL;
	*np = 0;
	inc = target_copy_norm(incl, &ni);
	if (excl != NULL)
		exc = target_copy_norm(excl, &ne);
	c = target_subtract(inc, ni, exc, ne, NULL);
	if (c > max || c > TARGET_HARD_MAX)
		goto out;
	ips = xcalloc(c > 0 ? (size_t)c : 1, sizeof(*ips));
	target_subtract(inc, ni, exc, ne, ips);
	*ipsp = ips;
	*np = (size_t)c;
	r = 0;
 out:
	free(inc);
	free(exc);
	return r;
}

/* splitmix64 (Steele, Lea, Flood 2014): a fast, well-mixed PRNG. */
static uint64_t
target_splitmix64(uint64_t *state)
{
	uint64_t	 z;

	*state += 0x9e3779b97f4a7c15ULL;
	z = *state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform integer in [0, bound) without modulo bias (bound > 0). */
static uint64_t
target_uniform(uint64_t *state, uint64_t bound)
{
	uint64_t	 x, threshold = (0 - bound) % bound;

	do {
		x = target_splitmix64(state);
	} while (x < threshold);
	return x % bound;
}

void
target_shuffle(uint32_t *ips, size_t n, uint64_t seed)
{
	uint64_t	 state = seed;
	uint32_t	 tmp;
	size_t		 i, j;

	if (n < 2)
		return;
	for (i = n - 1; i > 0; i--) {
		j = (size_t)target_uniform(&state, (uint64_t)i + 1);
		tmp = ips[i];
		ips[i] = ips[j];
		ips[j] = tmp;
	}
}
