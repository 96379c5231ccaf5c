/* STUB tests: fail until written. */
#include "config.h"
#include "runner.h"
TEST_IMPL(oui_longest_prefix) { return 1; }
TEST_IMPL(oui_local_and_multicast) { return 1; }
TEST_IMPL(oui_class_table) { return 1; }
TEST_IMPL(oui_mac_parse) { return 1; }
