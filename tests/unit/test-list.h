/*
 * test-list.h - every unit test, in the order they run.
 *
 * Add a line TEST_ENTRY(name) here and a TEST_IMPL(name) in a test-*.c
 * file.  Keep entries grouped by subject.
 */
/* ratelimit */
TEST_ENTRY(ratelimit_minute_bound)
TEST_ENTRY(ratelimit_stalled_clock_no_burst)
TEST_ENTRY(ratelimit_backwards_clock)
TEST_ENTRY(ratelimit_wait_ms)
TEST_ENTRY(ratelimit_unlimited)
/* target */
TEST_ENTRY(target_single_and_cidr)
TEST_ENTRY(target_ranges)
TEST_ENTRY(target_bad_specs)
TEST_ENTRY(target_exclude)
TEST_ENTRY(target_file)
TEST_ENTRY(target_shuffle_permutation)
TEST_ENTRY(target_limit)
/* oui */
TEST_ENTRY(oui_longest_prefix)
TEST_ENTRY(oui_local_and_multicast)
TEST_ENTRY(oui_class_table)
TEST_ENTRY(oui_mac_parse)
/* safety */
TEST_ENTRY(safety_never_list)
TEST_ENTRY(safety_levels)
/* db */
TEST_ENTRY(db_migrate_fresh)
TEST_ENTRY(db_reopen_keeps_history)
TEST_ENTRY(db_newer_schema_refused)
TEST_ENTRY(db_not_a_database)
TEST_ENTRY(db_hostile_strings_bound)
TEST_ENTRY(db_export_json_shape)
/* --- more tests below this line (helpers append) --- */
