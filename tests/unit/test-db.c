/* STUB tests: fail until written. */
#include "config.h"
#include "runner.h"
TEST_IMPL(db_migrate_fresh) { return 1; }
TEST_IMPL(db_reopen_keeps_history) { return 1; }
TEST_IMPL(db_newer_schema_refused) { return 1; }
TEST_IMPL(db_not_a_database) { return 1; }
TEST_IMPL(db_hostile_strings_bound) { return 1; }
TEST_IMPL(db_export_json_shape) { return 1; }
