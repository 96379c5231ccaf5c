/* STUB tests: fail until written. */
#include "config.h"
#include "runner.h"
TEST_IMPL(ratelimit_minute_bound) { return 1; }
TEST_IMPL(ratelimit_stalled_clock_no_burst) { return 1; }
TEST_IMPL(ratelimit_backwards_clock) { return 1; }
TEST_IMPL(ratelimit_wait_ms) { return 1; }
TEST_IMPL(ratelimit_unlimited) { return 1; }
