/*
 * runner.h - the unit-test framework: TEST_IMPL and ASSERT macros.
 *
 * Modelled on libuv's test/task.h: each test is a function returning 0 on
 * success; ASSERT_* print both operands and the location, then fail the
 * test.  runner.c runs each test in a forked child with a time limit so a
 * crash or hang in one test cannot take the others down.
 */
#ifndef IOMT_TEST_RUNNER_H
#define IOMT_TEST_RUNNER_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TEST_IMPL(name)	int test_##name(void); int test_##name(void)

#define TEST_FAIL_(fmt, ...) do {					\
	fprintf(stderr, "  %s:%d: " fmt "\n", __FILE__, __LINE__,	\
	    __VA_ARGS__);						\
	return 1;							\
} while (0)

#define ASSERT(expr) do {						\
	if (!(expr))							\
		TEST_FAIL_("assertion failed: %s", #expr);		\
} while (0)

#define ASSERT_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		TEST_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);	\
} while (0)

#define ASSERT_NE(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ == b_)							\
		TEST_FAIL_("%s != %s: both %lld", #a, #b, a_);		\
} while (0)

#define ASSERT_LE(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (!(a_ <= b_))						\
		TEST_FAIL_("%s <= %s: %lld > %lld", #a, #b, a_, b_);	\
} while (0)

#define ASSERT_GE(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (!(a_ >= b_))						\
		TEST_FAIL_("%s >= %s: %lld < %lld", #a, #b, a_, b_);	\
} while (0)

#define ASSERT_STR_EQ(a, b) do {					\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)		\
		TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,	\
		    a_ ? a_ : "(null)", b_ ? b_ : "(null)");		\
} while (0)

#define ASSERT_NULL(a)	ASSERT((a) == NULL)
#define ASSERT_NOT_NULL(a) ASSERT((a) != NULL)

/* Directory of the source tree (for tests/fixtures fixtures). */
const char *test_srcdir(void);

/* Remove the directory dir and everything below it (a test's scratch
 * directory).  Return 0, or -1 when something could not be removed. */
int	test_rmtree(const char *dir);

struct db;

/* Set annotation field of host to value (source "annotate") in db, as
 * `iomtscan annotate` would.  Return 0, or -1 when it could not. */
int	test_annotate(struct db *db, int64_t host, const char *field,
	    const char *value);

#endif /* IOMT_TEST_RUNNER_H */
