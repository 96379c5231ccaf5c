/*
 * tests/unit/test-diff.c - `iomtscan diff` on a real SQLite inventory.
 *
 * Two scans are written through the db API the engine uses (hosts with
 * their MACs, identities, services probed and settled, findings, held
 * and excluded addresses, the ranges each scan covered) and the diff is
 * read back as the JSON the command prints: every list, every change,
 * and what must not be reported (a passive device as removed, a field
 * one scan did not record as changed, an address outside the later
 * scan's targets at all).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/net.h"
#include "iomt/report.h"
#include "iomt/util.h"
#include "runner.h"

struct dt {
	char	 dir[64];
	char	 db[96];
};

static int
dt_make(struct dt *t)
{
	strlcpy(t->dir, "/tmp/iomt-diff.XXXXXX", sizeof(t->dir));
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->db, sizeof(t->db), "%s/inv.db", t->dir);
	return 0;
}

/* One scan's host: seen with MAC byte m (0: no MAC), identity, state. */
static int64_t
host_up(struct db *db, int64_t scan, const char *ip, int m,
    const char *vendor, const char *firmware)
{
	uint8_t		 mac[6] = { 0x00, 0x09, 0xfb, 0x00, 0x00, 0x00 };
	int64_t		 id = 0;

	mac[5] = (uint8_t)m;
	if (db_host_seen(db, scan, ip, m != 0 ? mac : NULL, NULL, "arp",
	    &id) != 0)
		return 0;
	if (vendor != NULL || firmware != NULL) {
		struct db_identity di;

		memset(&di, 0, sizeof(di));
		di.vendor = vendor;
		di.firmware = firmware;
		di.confidence = 80;
		if (db_identity_set(db, scan, id, &di) != 0)
			return 0;
	}
	return id;
}

static int
scope(struct db *db, int64_t scan, const char *incl, const char *excl)
{
	struct target_set	 a, b;
	char			 err[128];
	int			 r;

	target_set_init(&a);
	target_set_init(&b);
	r = target_set_add(&a, incl, err, sizeof(err));
	if (r == 0 && excl != NULL)
		r = target_set_add(&b, excl, err, sizeof(err));
	target_set_finish(&a);
	target_set_finish(&b);
	if (r == 0)
		r = db_scan_scope(db, scan, &a, &b);
	target_set_free(&a);
	target_set_free(&b);
	return r;
}

/* Run report_diff() into a JSON value (*out), or give its error. */
static int
diff_json(struct db *db, int64_t from, int64_t to, json_t **out, char *err,
    size_t errlen)
{
	FILE		*fp = tmpfile();
	json_error_t	 je;
	int		 r;

	*out = NULL;
	if (fp == NULL)
		return -1;
	r = report_diff(db, from, to, "json", fp, err, errlen);
	if (r == 0) {
		rewind(fp);
		*out = json_loadf(fp, 0, &je);
		if (*out == NULL)
			r = -2;
	}
	fclose(fp);
	return r;
}

/* The entry of array a whose "ip" is ip, or NULL. */
static json_t *
by_ip(json_t *a, const char *ip)
{
	size_t	 i;
	json_t	*v;

	json_array_foreach(a, i, v) {
		const char *s = json_string_value(json_object_get(v, "ip"));

		if (s != NULL && strcmp(s, ip) == 0)
			return v;
	}
	return NULL;
}

/* 1 when the changes of host c hold {field, before, after}. */
static int
has_change(json_t *c, const char *field, const char *before,
    const char *after)
{
	size_t	 i;
	json_t	*v;

	json_array_foreach(json_object_get(c, "changes"), i, v) {
		const char *f = json_string_value(json_object_get(v, "field"));
		const char *b = json_string_value(json_object_get(v,
		    "before"));
		const char *a = json_string_value(json_object_get(v, "after"));

		if (f == NULL || strcmp(f, field) != 0)
			continue;
		if ((before == NULL) != (b == NULL) || (before != NULL &&
		    strcmp(before, b) != 0))
			continue;
		if ((after == NULL) != (a == NULL) || (after != NULL &&
		    strcmp(after, a) != 0))
			continue;
		return 1;
	}
	return 0;
}

TEST_IMPL(diff_two_scans)
{
	struct dt	 t;
	struct db	*db = NULL;
	json_t		*j = NULL, *c;
	char		 err[512];
	int64_t		 s1, s2, s3, id;
	FILE		*fp;
	char		*text = NULL;
	size_t		 tlen = 0;

	ASSERT_EQ(dt_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);

	/* Only one complete scan: nothing to compare. */
	db_set_now(db, 1000);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24 198.18.1.0/24", "{}",
	    &s1), 0);
	ASSERT_EQ(scope(db, s1, "198.18.0.0-198.18.1.255", NULL), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.10", 0x10, "ACME", "1.0"),
	    0);
	ASSERT_EQ(db_audit(db, s1, 1, "198.18.0.10", "tcp", 23, "tcp-connect",
	    0, NULL), 0);
	ASSERT_EQ(db_service(db, s1, id, "tcp", 80, "open", "http", NULL), 0);
	ASSERT_EQ(db_service(db, s1, id, "tcp", 23, "open", "telnet", NULL),
	    0);
	ASSERT_EQ(db_finding(db, s1, id, "remote-access-telnet", "high", 23,
	    "Telnet open", NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.11", 0x11, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.12", 0x12, "ACME", NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.13", 0x13, NULL, NULL), 0);
	ASSERT_EQ(db_service(db, s1, id, "tcp", 443, "open", NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.14", 0x14, "Pump Co", NULL),
	    0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.15", 0x15, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.1.5", 0x20, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	/* Passive both times: known to the inventory, never answered. */
	ASSERT_NE(id = host_up(db, 0, "198.18.0.50", 0x50, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "held", "fragile profile F1"), 0);
	ASSERT_EQ(db_scan_held(db, s1, "198.18.0.50", "held",
	    "fragile profile F1"), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, s1, "complete", "{}"), 0);
	ASSERT_EQ(diff_json(db, 0, 0, &j, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_NOT_NULL(strstr(err, "fewer than two complete scans"));

	/* The second scan: 198.18.0.0/24 only, .15 excluded. */
	db_set_now(db, 2000);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &s2), 0);
	ASSERT_EQ(scope(db, s2, "198.18.0.0/24", "198.18.0.15"), 0);
	ASSERT_EQ(db_begin(db), 0);
	/* .10: firmware 2.0, telnet closed, https opened, a new finding. */
	ASSERT_NE(id = host_up(db, s2, "198.18.0.10", 0x10, "ACME", "2.0"),
	    0);
	ASSERT_EQ(db_audit(db, s2, 2, "198.18.0.10", "tcp", 23, "tcp-connect",
	    0, NULL), 0);
	ASSERT_EQ(db_service(db, s2, id, "tcp", 80, "open", "http", NULL), 0);
	ASSERT_EQ(db_service(db, s2, id, "tcp", 443, "open", "https", NULL),
	    0);
	ASSERT_EQ(db_finding(db, s2, id, "cleartext-http", "medium", 80,
	    "HTTP without TLS", NULL), 0);
	ASSERT_EQ(db_finding(db, s2, id, "remote-access-telnet", "high", 23,
	    "Telnet open", NULL), 0);
	ASSERT_EQ(db_services_settle(db, s2, id, "198.18.0.10"), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "up", NULL), 0);
	/* .11 is gone.  .12 answers with another MAC (replaced). */
	ASSERT_NE(id = host_up(db, s2, "198.18.0.12", 0x42, "ACME", NULL), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "up", NULL), 0);
	/* .13's MAC answers on .33 (moved); its identity is new: no
	 * identity change is invented from "unknown" in scan 1. */
	ASSERT_NE(id = host_up(db, s2, "198.18.0.33", 0x13, "Newly Known",
	    "9.9"), 0);
	ASSERT_EQ(db_service(db, s2, id, "tcp", 443, "open", NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "up", NULL), 0);
	/* .14 held passive now: not checked, never removed. */
	ASSERT_EQ(db_host_find(db, "198.18.0.14", &id), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "held", "fragile profile F1"), 0);
	ASSERT_EQ(db_scan_held(db, s2, "198.18.0.14", "held",
	    "fragile profile F1"), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.50", &id), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "held", "fragile profile F1"), 0);
	ASSERT_EQ(db_scan_held(db, s2, "198.18.0.50", "held",
	    "fragile profile F1"), 0);
	/* .40 is new. */
	ASSERT_NE(id = host_up(db, s2, "198.18.0.40", 0x40,
	    "Infusion\033[2J Inc", NULL), 0);
	ASSERT_EQ(db_service(db, s2, id, "tcp", 8080, "open", NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "up", NULL), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, s2, "complete", "{}"), 0);
	/* What each scan made and covered: telnet in both, http in the
	 * second; one range in the first, a range and an exclusion in the
	 * second. */
	ASSERT_EQ(db_count(db, "finding_scans", &id), 0);
	ASSERT_EQ(id, 3);
	ASSERT_EQ(db_count(db, "scan_scope", &id), 0);
	ASSERT_EQ(id, 3);
	/* A third scan that was interrupted, and a passive listen session
	 * (complete, but not a scan the default compares). */
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &s3), 0);
	ASSERT_EQ(db_scan_end(db, s3, "interrupted", "{}"), 0);
	ASSERT_EQ(db_scan_begin(db, "listen -i eth0", "{\"mode\":\"listen\"}",
	    &id), 0);
	ASSERT_EQ(db_scan_end(db, id, "complete", "{}"), 0);
	db = db_close(db);

	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(diff_json(db, 0, 0, &j, err, sizeof(err)), 0);
	ASSERT_EQ(json_integer_value(json_object_get(j, "from_scan")), s1);
	ASSERT_EQ(json_integer_value(json_object_get(j, "to_scan")), s2);
	ASSERT_EQ(json_object_size(j), 6);

	ASSERT_EQ(json_array_size(json_object_get(j, "added")), 1);
	c = by_ip(json_object_get(j, "added"), "198.18.0.40");
	ASSERT_NOT_NULL(c);
	ASSERT_STR_EQ(json_string_value(json_object_get(c, "mac")),
	    "00:09:fb:00:00:40");
	ASSERT_STR_EQ(json_string_value(json_object_get(c, "vendor")),
	    "Infusion\033[2J Inc");
	ASSERT_STR_EQ(json_string_value(json_array_get(json_object_get(c,
	    "services"), 0)), "tcp/8080");

	/* Removed: .11 only (.14 held, .15 excluded, .13 moved, 198.18.1.5
	 * outside the second scan's targets). */
	ASSERT_EQ(json_array_size(json_object_get(j, "removed")), 1);
	ASSERT_NOT_NULL(by_ip(json_object_get(j, "removed"), "198.18.0.11"));

	ASSERT_EQ(json_array_size(json_object_get(j, "not_checked")), 3);
	c = by_ip(json_object_get(j, "not_checked"), "198.18.0.14");
	ASSERT_NOT_NULL(c);
	ASSERT_STR_EQ(json_string_value(json_object_get(c, "state")), "held");
	ASSERT_STR_EQ(json_string_value(json_object_get(c, "reason")),
	    "fragile profile F1");
	c = by_ip(json_object_get(j, "not_checked"), "198.18.0.15");
	ASSERT_NOT_NULL(c);
	ASSERT_STR_EQ(json_string_value(json_object_get(c, "state")),
	    "excluded");
	ASSERT_NOT_NULL(by_ip(json_object_get(j, "not_checked"),
	    "198.18.0.50"));

	ASSERT_EQ(json_array_size(json_object_get(j, "changed")), 3);
	c = by_ip(json_object_get(j, "changed"), "198.18.0.10");
	ASSERT_NOT_NULL(c);
	ASSERT(has_change(c, "firmware", "1.0", "2.0"));
	ASSERT(has_change(c, "tcp/23", "open", "closed"));
	ASSERT(has_change(c, "tcp/443", NULL, "open"));
	ASSERT(has_change(c, "finding", NULL, "cleartext-http:80"));
	/* Seen in both scans: not new; tcp/80 open in both: no change. */
	ASSERT(!has_change(c, "finding", NULL, "remote-access-telnet:23"));
	ASSERT_EQ(json_array_size(json_object_get(c, "changes")), 4);
	c = by_ip(json_object_get(j, "changed"), "198.18.0.12");
	ASSERT_NOT_NULL(c);
	ASSERT(has_change(c, "mac", "00:09:fb:00:00:12",
	    "00:09:fb:00:00:42"));
	ASSERT_EQ(json_array_size(json_object_get(c, "changes")), 1);
	c = by_ip(json_object_get(j, "changed"), "198.18.0.33");
	ASSERT_NOT_NULL(c);
	ASSERT(has_change(c, "ip", "198.18.0.13", "198.18.0.33"));
	ASSERT_EQ(json_array_size(json_object_get(c, "changes")), 1);
	json_decref(j);
	j = NULL;

	/* The same with the ids named, and the text for people. */
	ASSERT_EQ(diff_json(db, s1, s2, &j, err, sizeof(err)), 0);
	ASSERT_EQ(json_array_size(json_object_get(j, "changed")), 3);
	json_decref(j);
	j = NULL;
	ASSERT_EQ(diff_json(db, 0, s2, &j, err, sizeof(err)), 0);
	ASSERT_EQ(json_integer_value(json_object_get(j, "from_scan")), s1);
	json_decref(j);
	j = NULL;
	fp = open_memstream(&text, &tlen);
	ASSERT_NOT_NULL(fp);
	ASSERT_EQ(report_diff(db, s1, s2, "text", fp, err, sizeof(err)), 0);
	fclose(fp);
	ASSERT_NOT_NULL(strstr(text, "1 host scan 1 saw is outside scan 2's "
	    "targets"));
	ASSERT_NOT_NULL(strstr(text, "moved here from 198.18.0.13"));
	ASSERT_NOT_NULL(strstr(text, "tcp/23 no longer open (closed now)"));
	ASSERT_NOT_NULL(strstr(text, "firmware: 1.0 -> 2.0"));
	ASSERT_NOT_NULL(strstr(text, "new MAC 00:09:fb:00:00:42"));
	/* A device's string cannot drive the terminal. */
	ASSERT_NULL(strchr(text, '\033'));
	ASSERT_NOT_NULL(strstr(text, "Infusion"));
	ASSERT_EQ(strncmp(text, "1 added, 1 removed, 3 not checked, "
	    "3 changed\nfrom scan 1 (", 58), 0);
	free(text);

	/* Bad input: unknown, incomplete, the same scan. */
	ASSERT_EQ(diff_json(db, s1, 99, &j, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_NOT_NULL(strstr(err, "no scan 99"));
	ASSERT_EQ(diff_json(db, s1, s3, &j, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_NOT_NULL(strstr(err, "did not complete (interrupted)"));
	ASSERT_EQ(diff_json(db, s2, s2, &j, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_EQ(report_diff(db, s1, s2, "yaml", stdout, err, sizeof(err)),
	    IOMT_EINVAL);
	db = db_close(db);
	test_rmtree(t.dir);
	return 0;
}

TEST_IMPL(diff_unknown_never_a_change)
{
	struct dt	 t;
	struct db	*db = NULL;
	json_t		*j = NULL;
	char		 err[512];
	int64_t		 s1, s2, id;

	/*
	 * Scans without recorded ranges fall back to their targets text;
	 * a host without a MAC in one scan is no "replaced".
	 */
	ASSERT_EQ(dt_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.10 198.18.0.11", "{}", &s1), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.10", 0x10, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_NE(id = host_up(db, s1, "198.18.0.11", 0x11, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s1, id, "up", NULL), 0);
	ASSERT_EQ(db_scan_end(db, s1, "complete", "{}"), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.10-11", "{}", &s2), 0);
	ASSERT_NE(id = host_up(db, s2, "198.18.0.10", 0, NULL, NULL), 0);
	ASSERT_EQ(db_host_state(db, s2, id, "up", NULL), 0);
	ASSERT_EQ(db_scan_end(db, s2, "complete", "{}"), 0);
	ASSERT_EQ(diff_json(db, 0, 0, &j, err, sizeof(err)), 0);
	ASSERT_EQ(json_array_size(json_object_get(j, "changed")), 0);
	ASSERT_EQ(json_array_size(json_object_get(j, "added")), 0);
	ASSERT_EQ(json_array_size(json_object_get(j, "removed")), 1);
	ASSERT_NOT_NULL(by_ip(json_object_get(j, "removed"), "198.18.0.11"));
	json_decref(j);
	db = db_close(db);
	test_rmtree(t.dir);
	return 0;
}
