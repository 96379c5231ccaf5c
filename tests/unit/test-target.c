/*
 * test-target.c - unit tests for target parsing, exclusion and ordering
 * (src/net/target.c).
 *
 * What to scan is the first safety decision the scanner makes, so these
 * tests are strict about what is refused (host names, octal-looking
 * octets, reversed ranges), about exclusions removing exactly what was
 * asked, and about the shuffled order being a true permutation: a lost
 * or doubled address would mean a device missed or probed twice.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "runner.h"

static uint32_t
ip(const char *s)
{
	uint32_t	 a = 0;

	if (target_aton(s, &a) != 0)
		return 0xdeadbeef;
	return a;
}

/* Add spec to a fresh set, finish it and return its count (-1 on error). */
static long long
count_of(const char *spec)
{
	struct target_set ts;
	char		 err[256];
	long long	 c = -1;

	target_set_init(&ts);
	if (target_set_add(&ts, spec, err, sizeof(err)) == 0) {
		target_set_finish(&ts);
		c = (long long)target_set_count(&ts);
	}
	target_set_free(&ts);
	return c;
}

TEST_IMPL(target_single_and_cidr)
{
	struct target_set ts;
	char		 err[256], buf[16];
	uint32_t	 a;

	ASSERT_EQ(target_aton("198.18.0.1", &a), 0);
	ASSERT_EQ(a, 0xc6120001U);
	ASSERT_STR_EQ(target_ntoa(a, buf, sizeof(buf)), "198.18.0.1");
	ASSERT_EQ(target_aton("0.0.0.0", &a), 0);
	ASSERT_EQ(a, 0);
	ASSERT_EQ(target_aton("255.255.255.255", &a), 0);
	ASSERT_EQ(a, 0xffffffffU);
	ASSERT_STR_EQ(target_ntoa(a, buf, sizeof(buf)), "255.255.255.255");

	ASSERT_EQ(count_of("198.18.0.1"), 1);
	ASSERT_EQ(count_of("198.18.0.0/24"), 256);
	ASSERT_EQ(count_of("198.18.0.0/15"), 131072);
	ASSERT_EQ(count_of("198.18.0.1/32"), 1);
	ASSERT_EQ(count_of("198.18.0.1/31"), 2);
	ASSERT_EQ(count_of("0.0.0.0/0"), 4294967296LL);

	/* host bits in a CIDR block are masked off, as nmap does */
	target_set_init(&ts);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.77/24", err, sizeof(err)), 0);
	target_set_finish(&ts);
	ASSERT_EQ(ts.n, 1);
	ASSERT_EQ(ts.r[0].lo, ip("198.18.0.0"));
	ASSERT_EQ(ts.r[0].hi, ip("198.18.0.255"));
	ASSERT(target_set_contains(&ts, ip("198.18.0.0")));
	ASSERT(target_set_contains(&ts, ip("198.18.0.255")));
	ASSERT(!target_set_contains(&ts, ip("198.17.255.255")));
	ASSERT(!target_set_contains(&ts, ip("198.18.1.0")));
	target_set_free(&ts);
	ASSERT_EQ(ts.n, 0);
	ASSERT_NULL(ts.r);
	target_set_free(NULL);

	/* overlapping, adjacent and unsorted specifications merge */
	target_set_init(&ts);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.128/25", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.5", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.0/25", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.5", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "198.18.5.1", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "198.18.1.0", err, sizeof(err)), 0);
	target_set_finish(&ts);
	ASSERT_EQ(ts.n, 2);
	ASSERT_EQ(target_set_count(&ts), 258);
	ASSERT_EQ(ts.r[0].lo, ip("198.18.0.0"));
	ASSERT_EQ(ts.r[0].hi, ip("198.18.1.0"));
	ASSERT_EQ(ts.r[1].lo, ip("198.18.5.1"));
	ASSERT(target_set_contains(&ts, ip("198.18.5.1")));
	ASSERT(!target_set_contains(&ts, ip("198.18.5.0")));
	ASSERT(!target_set_contains(&ts, ip("198.18.1.1")));
	target_set_free(&ts);

	/* the top of the address space merges without wrapping */
	target_set_init(&ts);
	ASSERT_EQ(target_set_add(&ts, "255.255.255.255", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ts, "255.255.255.0/24", err, sizeof(err)),
	    0);
	ASSERT_EQ(target_set_add(&ts, "0.0.0.0", err, sizeof(err)), 0);
	target_set_finish(&ts);
	ASSERT_EQ(ts.n, 2);
	ASSERT_EQ(target_set_count(&ts), 257);
	target_set_free(&ts);

	/* an empty set is fine */
	target_set_init(&ts);
	target_set_finish(&ts);
	ASSERT_EQ(target_set_count(&ts), 0);
	ASSERT(!target_set_contains(&ts, 0));
	target_set_free(&ts);
	return 0;
}

TEST_IMPL(target_ranges)
{
	struct target_set ts;
	char		 err[256];

	ASSERT_EQ(count_of("198.18.0.10-40"), 31);
	ASSERT_EQ(count_of("198.18.0.10-10"), 1);
	ASSERT_EQ(count_of("198.18.0.0-255"), 256);
	ASSERT_EQ(count_of("198.18.0.10-198.18.1.5"), 252);
	ASSERT_EQ(count_of("198.18.0.10-198.18.0.10"), 1);
	ASSERT_EQ(count_of("198.18.255.250-198.19.0.5"), 12);

	target_set_init(&ts);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.10-40", err, sizeof(err)), 0);
	target_set_finish(&ts);
	ASSERT_EQ(ts.r[0].lo, ip("198.18.0.10"));
	ASSERT_EQ(ts.r[0].hi, ip("198.18.0.40"));
	target_set_free(&ts);

	/* reversed or malformed ranges */
	ASSERT_EQ(count_of("198.18.0.40-10"), -1);
	ASSERT_EQ(count_of("198.18.1.5-198.18.0.10"), -1);
	ASSERT_EQ(count_of("198.18.0.10-256"), -1);
	ASSERT_EQ(count_of("198.18.0.10-"), -1);
	ASSERT_EQ(count_of("-198.18.0.10"), -1);
	ASSERT_EQ(count_of("198.18.0.10-20-30"), -1);
	ASSERT_EQ(count_of("198.18.0.10-020"), -1);
	ASSERT_EQ(count_of("198.18.0.10-198.18.1"), -1);
	ASSERT_EQ(count_of("198.18.0.10-+20"), -1);

	target_set_init(&ts);
	ASSERT_EQ(target_set_add(&ts, "198.18.0.40-10", err, sizeof(err)),
	    IOMT_EINVAL);
	ASSERT(strstr(err, "198.18.0.40-10") != NULL);
	ASSERT(strstr(err, "before") != NULL);
	ASSERT_EQ(ts.n, 0);
	target_set_free(&ts);
	return 0;
}

TEST_IMPL(target_bad_specs)
{
	static const struct {
		const char	*spec;
		const char	*says;		/* substring of the reason */
	} bad[] = {
		{ "1.2.3", "4 octets" },
		{ "1.2.3.4.5", "4 octets" },
		{ "256.1.1.1", "256" },
		{ "1.2.3.300", "300" },
		{ "scanner.example.org", "host names are not accepted" },
		{ "localhost", "host names are not accepted" },
		{ "not-an-address", "host names are not accepted" },
		{ "0x7f.0.0.1", "host name" },
		{ "fe80::1", "IPv6" },
		{ "+1.2.3.4", "+1" },
		{ "1.+2.3.4", "+2" },
		{ "1.2.3.-4", "-" },
		{ "01.2.3.4", "leading zero" },
		{ "1.2.3.010", "leading zero" },
		{ "1.2.3.4/33", "/33" },
		{ "1.2.3.4/-1", "/-1" },
		{ "1.2.3.4/", "prefix" },
		{ "1.2.3.4/08", "prefix" },
		{ "1.2.3.4/24/8", "prefix" },
		{ "1..2.3", "octet" },
		{ "1.2.3.", "octet" },
		{ ".1.2.3", "octet" },
		{ " 1.2.3.4", "octet" },
		{ "1.2.3.4 ", "octet" },
		{ "1.2.3.4a", "host name" },
		{ "99999999999999999999.1.1.1", "octet" },
		{ "", "empty" },
		{ "1.2.3.4.1.2.3.4.1.2.3.4.1.2.3.4.1.2.3.4.1.2.3.4"
		    ".1.2.3.4.1.2.3.4.1.2.3.4", "too long" },
	};
	struct target_set ts;
	char		 err[256];
	size_t		 i;
	uint32_t	 a;

	target_set_init(&ts);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (target_set_add(&ts, bad[i].spec, err, sizeof(err)) !=
		    IOMT_EINVAL)
			TEST_FAIL_("accepted \"%s\"", bad[i].spec);
		if (strstr(err, bad[i].says) == NULL)
			TEST_FAIL_("\"%s\": reason \"%s\" lacks \"%s\"",
			    bad[i].spec, err, bad[i].says);
		if (strchr(err, '\n') != NULL)
			TEST_FAIL_("\"%s\": reason is not one line",
			    bad[i].spec);
		a = 12345;
		ASSERT_EQ(target_aton(bad[i].spec, &a), IOMT_EINVAL);
		ASSERT_EQ(a, 12345);
	}
	ASSERT_EQ(ts.n, 0);
	/* a small err buffer is never overrun */
	ASSERT_EQ(target_set_add(&ts, "scanner.example.org", err, 8),
	    IOMT_EINVAL);
	ASSERT_EQ(strlen(err), 7);
	target_set_free(&ts);
	ASSERT_EQ(target_aton(NULL, &a), IOMT_EINVAL);
	return 0;
}

/* Expand incl minus excl with a generous max; return the count or -1. */
static long long
expand_count(struct target_set *in, struct target_set *ex, uint32_t **ipsp)
{
	size_t	 n = 0;

	if (target_expand(in, ex, 1 << 20, ipsp, &n) != 0)
		return -1;
	return (long long)n;
}

TEST_IMPL(target_exclude)
{
	struct target_set in, ex;
	char		 err[256];
	uint32_t	*ips = NULL, a;
	size_t		 i;

	target_set_init(&in);
	target_set_init(&ex);
	ASSERT_EQ(target_set_add(&in, "198.18.0.0/24", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.1", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.10-20", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.250-198.18.1.10", err,
	    sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.0/30", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "203.0.113.7", err, sizeof(err)), 0);
	target_set_finish(&in);
	target_set_finish(&ex);
	/* 256 minus {0-3, 10-20, 250-255} */
	ASSERT_EQ(expand_count(&in, &ex, &ips), 256 - 4 - 11 - 6);
	for (i = 0; i < 256 - 21; i++) {
		ASSERT(!target_set_contains(&ex, ips[i]));
		ASSERT(target_set_contains(&in, ips[i]));
		if (i > 0)
			ASSERT(ips[i] > ips[i - 1]);	/* sorted, unique */
	}
	ASSERT_EQ(ips[0], ip("198.18.0.4"));
	ASSERT_EQ(ips[5], ip("198.18.0.9"));
	ASSERT_EQ(ips[6], ip("198.18.0.21"));
	ASSERT_EQ(ips[256 - 22], ip("198.18.0.249"));
	free(ips);
	ips = NULL;

	/* excluding everything leaves nothing, and that is not an error */
	target_set_free(&ex);
	target_set_init(&ex);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.0/16", err, sizeof(err)), 0);
	target_set_finish(&ex);
	ASSERT_EQ(expand_count(&in, &ex, &ips), 0);
	free(ips);
	ips = NULL;

	/* no exclusions (an empty set, or NULL) */
	target_set_free(&ex);
	target_set_init(&ex);
	target_set_finish(&ex);
	ASSERT_EQ(expand_count(&in, &ex, &ips), 256);
	free(ips);
	ips = NULL;
	ASSERT_EQ(expand_count(&in, NULL, &ips), 256);
	free(ips);
	ips = NULL;

	/* one exclusion spanning the gap between two included blocks */
	target_set_free(&in);
	target_set_init(&in);
	ASSERT_EQ(target_set_add(&in, "198.18.2.0/28", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&in, "198.18.0.0/28", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&in, "198.18.4.0/28", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.8-198.18.2.3", err,
	    sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.4.15", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.4.0", err, sizeof(err)), 0);
	/* expand does not depend on finish having been called */
	ASSERT_EQ(expand_count(&in, &ex, &ips), 8 + 12 + 14);
	ASSERT_EQ(ips[7], ip("198.18.0.7"));
	ASSERT_EQ(ips[8], ip("198.18.2.4"));
	ASSERT_EQ(ips[20], ip("198.18.4.1"));
	ASSERT_EQ(ips[33], ip("198.18.4.14"));
	free(ips);
	ips = NULL;

	/* an excluded single host amid the targets */
	target_set_free(&in);
	target_set_free(&ex);
	target_set_init(&in);
	target_set_init(&ex);
	ASSERT_EQ(target_set_add(&in, "198.18.0.10-12", err, sizeof(err)), 0);
	ASSERT_EQ(target_set_add(&ex, "198.18.0.11", err, sizeof(err)), 0);
	target_set_finish(&in);
	target_set_finish(&ex);
	ASSERT_EQ(expand_count(&in, &ex, &ips), 2);
	ASSERT_EQ(ips[0], ip("198.18.0.10"));
	ASSERT_EQ(ips[1], ip("198.18.0.12"));
	a = ip("198.18.0.11");
	ASSERT(target_set_contains(&ex, a));
	free(ips);
	target_set_free(&in);
	target_set_free(&ex);
	return 0;
}

/* Write text to a new temporary file; its path goes into path. */
static int
write_tmp(char *path, size_t len, const char *text)
{
	FILE	*fp;
	int	 fd;

	snprintf(path, len, "/tmp/iomt-test-target.XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fputs(text, fp);
	return fclose(fp) == 0 ? 0 : -1;
}

TEST_IMPL(target_file)
{
	struct target_set ts;
	char		 path[64], err[512];
	int		 r;

	ASSERT_EQ(write_tmp(path, sizeof(path),
	    "# ward 3 monitors\n"
	    "198.18.0.1   198.18.0.2,198.18.0.3\n"
	    "  198.18.1.0/30 # central station\n"
	    "\n"
	    "\t198.18.2.10-12,,\t198.18.3.1\r\n"
	    "198.18.0.2#duplicate, comment right after\n"
	    "# 198.19.255.1 commented out\n"
	    "198.18.4.1"), 0);
	target_set_init(&ts);
	r = target_set_add_file(&ts, path, err, sizeof(err));
	unlink(path);
	ASSERT_EQ(r, 0);
	target_set_finish(&ts);
	ASSERT_EQ(target_set_count(&ts), 3 + 4 + 3 + 1 + 1);
	ASSERT(target_set_contains(&ts, ip("198.18.3.1")));
	ASSERT(target_set_contains(&ts, ip("198.18.4.1")));
	ASSERT(!target_set_contains(&ts, ip("198.19.255.1")));
	target_set_free(&ts);

	/* a bad token: the error names the file, the line and the token */
	ASSERT_EQ(write_tmp(path, sizeof(path),
	    "198.18.0.1\n"
	    "\n"
	    "# comment\n"
	    "198.18.0.5, not-an-address\n"
	    "198.18.0.9\n"), 0);
	target_set_init(&ts);
	r = target_set_add_file(&ts, path, err, sizeof(err));
	unlink(path);
	ASSERT_EQ(r, IOMT_EINVAL);
	ASSERT(strstr(err, path) != NULL);
	ASSERT(strstr(err, "line 4") != NULL);
	ASSERT(strstr(err, "not-an-address") != NULL);
	ASSERT(strchr(err, '\n') == NULL);
	target_set_free(&ts);

	ASSERT_EQ(write_tmp(path, sizeof(path), "198.18.0.1\n256.0.0.1\n"),
	    0);
	target_set_init(&ts);
	r = target_set_add_file(&ts, path, err, sizeof(err));
	unlink(path);
	ASSERT_EQ(r, IOMT_EINVAL);
	ASSERT(strstr(err, "line 2") != NULL);
	ASSERT(strstr(err, "256") != NULL);
	target_set_free(&ts);

	/* an empty file adds nothing */
	ASSERT_EQ(write_tmp(path, sizeof(path), ""), 0);
	target_set_init(&ts);
	r = target_set_add_file(&ts, path, err, sizeof(err));
	unlink(path);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(ts.n, 0);

	/* a missing file: -errno and the path in the message */
	r = target_set_add_file(&ts, "/nonexistent/targets.txt", err,
	    sizeof(err));
	ASSERT_EQ(r, -ENOENT);
	ASSERT(strstr(err, "/nonexistent/targets.txt") != NULL);
	target_set_free(&ts);
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

TEST_IMPL(target_shuffle_permutation)
{
	uint32_t	 orig[256], a[256], b[256], first[256];
	size_t		 i, fixed = 0, same = 0, distinct = 0;
	uint64_t	 seed;

	for (i = 0; i < 256; i++)
		orig[i] = ip("198.18.0.0") + (uint32_t)i;
	memcpy(a, orig, sizeof(a));
	target_shuffle(a, 256, 42);
	for (i = 0; i < 256; i++)
		if (a[i] == orig[i])
			fixed++;
	/* a random permutation fixes about one point; identity fixes 256 */
	ASSERT_LE(fixed, 16);
	/* deterministic for a seed */
	memcpy(b, orig, sizeof(b));
	target_shuffle(b, 256, 42);
	ASSERT(memcmp(a, b, sizeof(a)) == 0);
	/* a permutation: every address once */
	qsort(b, 256, sizeof(b[0]), cmp_u32);
	ASSERT(memcmp(b, orig, sizeof(b)) == 0);
	/* another seed gives another order */
	memcpy(b, orig, sizeof(b));
	target_shuffle(b, 256, 43);
	for (i = 0; i < 256; i++)
		if (a[i] == b[i])
			same++;
	ASSERT_LE(same, 16);
	qsort(b, 256, sizeof(b[0]), cmp_u32);
	ASSERT(memcmp(b, orig, sizeof(b)) == 0);

	/* the first host scanned varies with the seed (seed 0 included) */
	for (seed = 0; seed < 256; seed++) {
		memcpy(b, orig, sizeof(b));
		target_shuffle(b, 256, seed);
		first[seed] = b[0];
	}
	qsort(first, 256, sizeof(first[0]), cmp_u32);
	for (i = 0; i < 256; i++)
		if (i == 0 || first[i] != first[i - 1])
			distinct++;
	ASSERT_GE(distinct, 100);

	/* tiny inputs */
	target_shuffle(NULL, 0, 1);
	a[0] = 7;
	target_shuffle(a, 1, 1);
	ASSERT_EQ(a[0], 7);
	a[0] = 1;
	a[1] = 2;
	target_shuffle(a, 2, 5);
	ASSERT((a[0] == 1 && a[1] == 2) || (a[0] == 2 && a[1] == 1));
	return 0;
}

TEST_IMPL(target_limit)
{
	struct target_set in, ex;
	char		 err[256];
	uint32_t	*ips = (uint32_t *)1;
	size_t		 n = 99;

	target_set_init(&in);
	target_set_init(&ex);
	ASSERT_EQ(target_set_add(&in, "198.18.0.0/24", err, sizeof(err)), 0);
	target_set_finish(&in);
	target_set_finish(&ex);
	ASSERT_EQ(target_expand(&in, &ex, 255, &ips, &n), IOMT_ELIMIT);
	ASSERT_NULL(ips);
	ASSERT_EQ(n, 0);
	ASSERT_EQ(target_expand(&in, &ex, 256, &ips, &n), 0);
	ASSERT_EQ(n, 256);
	free(ips);
	ips = NULL;
	/* exclusions count before the limit does */
	ASSERT_EQ(target_set_add(&ex, "198.18.0.255", err, sizeof(err)), 0);
	target_set_finish(&ex);
	ASSERT_EQ(target_expand(&in, &ex, 255, &ips, &n), 0);
	ASSERT_EQ(n, 255);
	free(ips);
	ips = NULL;
	ASSERT_EQ(target_expand(&in, &ex, 0, &ips, &n), IOMT_ELIMIT);
	target_set_free(&in);

	/*
	 * Prefixes shorter than /8 parse, but are never expanded, whatever
	 * max the caller passes.
	 */
	target_set_init(&in);
	ASSERT_EQ(target_set_add(&in, "0.0.0.0/0", err, sizeof(err)), 0);
	target_set_finish(&in);
	ASSERT_EQ(target_set_count(&in), 4294967296LL);
	ASSERT_EQ(target_expand(&in, &ex, UINT64_MAX, &ips, &n),
	    IOMT_ELIMIT);
	ASSERT_NULL(ips);
	target_set_free(&in);
	target_set_init(&in);
	ASSERT_EQ(target_set_add(&in, "198.0.0.0/7", err, sizeof(err)), 0);
	ASSERT_EQ(target_expand(&in, &ex, UINT64_MAX, &ips, &n),
	    IOMT_ELIMIT);
	target_set_free(&in);
	target_set_free(&ex);
	return 0;
}
