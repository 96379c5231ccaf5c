/* STUB tests: fail until written. */
#include "config.h"
#include "runner.h"
TEST_IMPL(target_single_and_cidr) { return 1; }
TEST_IMPL(target_ranges) { return 1; }
TEST_IMPL(target_bad_specs) { return 1; }
TEST_IMPL(target_exclude) { return 1; }
TEST_IMPL(target_file) { return 1; }
TEST_IMPL(target_shuffle_permutation) { return 1; }
TEST_IMPL(target_limit) { return 1; }
