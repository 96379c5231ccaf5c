/*
 * test-onboard.c - the onboarding page (src/report/onboard.c) on real
 * inventory files written through the db API: a legacy-Windows monitor
 * with VNC open and a hostile banner, whose to-do list names the OS out
 * of support and the open remote access; the list following annotations
 * (contract, os_support, remote); a held host; one the circuit breaker
 * left alone; an address the inventory
 * does not know; the text in both languages with the device's escape
 * bytes cleaned; bad arguments refused.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"
#include "runner.h"

#define T0	INT64_C(1764700000)

/* What report_onboard() wrote for ip, as a malloc'd string (NULL: error). */
static char *
page(struct db *db, const char *ip, int64_t scan, int answered,
    const char *lang, const char *format, int *held)
{
	struct report_onboard rq;
	char	*p = NULL;
	size_t	 n = 0;
	FILE	*fp = open_memstream(&p, &n);
	int	 r;

	if (fp == NULL)
		return NULL;
	memset(&rq, 0, sizeof(rq));
	rq.ip = ip;
	rq.scan_id = scan;
	rq.answered = answered;
	rq.lang = lang;
	rq.format = format;
	r = report_onboard(db, NULL, &rq, fp);
	fclose(fp);
	if (r != 0) {
		free(p);
		return NULL;
	}
	if (held != NULL)
		*held = rq.held;
	return p;
}

/* The "done" of to-do item id in the JSON page js; -1 when absent. */
static int
todo_done(json_t *doc, const char *id, const char **text_en)
{
	json_t	*t;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "todo"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "id")),
		    id) == 0) {
			if (text_en != NULL)
				*text_en = json_string_value(
				    json_object_get(t, "text_en"));
			return json_is_true(json_object_get(t, "done"));
		}
	return -1;
}

TEST_IMPL(onboard_page)
{
	char		 dir[64] = "/tmp/iomt-ob.XXXXXX", path[96], err[256];
	struct db	*db = NULL;
	struct db_identity id;
	int64_t		 scan, scan2, a, b;
	const char	*txt;
	char		*js, *s;
	json_t		*doc, *f;
	int		 held = -1;

	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/inv.db", dir);
	ASSERT_EQ(db_open(path, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, T0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.40", "{}", &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.40", NULL, NULL, "arp",
	    &a), 0);
	ASSERT_EQ(db_host_state(db, scan, a, "up", NULL), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 5900, "open", "vnc",
	    "RFB 003.008\x1b[2J"), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 80, "closed", NULL, NULL),
	    0);
	memset(&id, 0, sizeof(id));
	id.vendor = "Philips";
	id.model = "IntelliVue MX450";
	id.device_class = "patient-monitor";
	id.os = "Windows XP";
	id.confidence = 80;
	id.evidence_json = "[{\"field\":\"os\",\"value\":\"Windows XP\","
	    "\"source\":\"smb.os@tcp/445\"},{\"field\":\"vendor\",\"value\":"
	    "\"Philips\",\"source\":\"oui\"}]";
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);

	/* JSON: identity with evidence per field, open services only. */
	js = page(db, "198.18.0.40", scan, 1, "en", "json", &held);
	ASSERT_NOT_NULL(js);
	ASSERT_EQ(held, 0);
	doc = json_loads(js, 0, NULL);
	ASSERT_NOT_NULL(doc);
	ASSERT_STR_EQ(json_string_value(json_object_get(doc, "schema")),
	    "iomtscan-onboard/1");
	ASSERT(json_is_true(json_object_get(doc, "answered")));
	ASSERT_STR_EQ(json_string_value(json_object_get(doc, "state")), "up");
	f = json_array_get(json_object_get(json_object_get(doc, "identity"),
	    "fields"), 4);
	ASSERT_STR_EQ(json_string_value(json_object_get(f, "field")), "os");
	ASSERT_EQ(json_array_size(json_object_get(f, "evidence")), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_array_get(
	    json_object_get(f, "evidence"), 0), "source")), "smb.os@tcp/445");
	ASSERT_EQ(json_array_size(json_object_get(doc, "services")), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "services"), 0), "remote_access")), "vnc");
	ASSERT_EQ(todo_done(doc, "owner", NULL), 0);
	ASSERT_EQ(todo_done(doc, "remote", &txt), 0);
	ASSERT_NOT_NULL(strstr(txt, "It offers remote access (vnc)"));
	ASSERT_EQ(todo_done(doc, "os_support", &txt), 0);
	ASSERT_NOT_NULL(strstr(txt, "Windows XP, which no longer gets"));
	ASSERT_EQ(todo_done(doc, "mds2", NULL), 0);
	ASSERT(!json_is_true(json_object_get(json_object_get(doc,
	    "mds2"), "on_file")));
	ASSERT(json_is_null(json_object_get(json_object_get(doc,
	    "ledger"), "last_reconcile")));
	json_decref(doc);
	free(js);

	/* Text: headings in each language, the banner's ESC cleaned. */
	s = page(db, "198.18.0.40", scan, 1, "ja", "text", NULL);
	ASSERT_NOT_NULL(s);
	ASSERT_NOT_NULL(strstr(s, "やること（記録に足りないもの）"));
	ASSERT_NOT_NULL(strstr(s, "機器は応答しました（スキャン "));
	ASSERT_NOT_NULL(strstr(s, "セキュリティ更新が終了した"));
	ASSERT_NULL(strchr(s, '\x1b'));
	free(s);
	s = page(db, "198.18.0.40", scan, 1, "en", "text", NULL);
	ASSERT_NOT_NULL(s);
	ASSERT_NOT_NULL(strstr(s, "To do (what the record still lacks)"));
	ASSERT_NOT_NULL(strstr(s, "smb.os@tcp/445"));
	ASSERT_NULL(strchr(s, '\x1b'));
	free(s);

	/* Annotations close items, and nothing else. */
	ASSERT_EQ(test_annotate(db, a, "contract", "Philips, until 2027-03"), 0);
	ASSERT_EQ(test_annotate(db, a, "os_support", "ended; isolated VLAN"), 0);
	ASSERT_EQ(test_annotate(db, a, "remote", "none"), 0);
	js = page(db, "198.18.0.40", scan, 1, "en", "json", NULL);
	ASSERT_NOT_NULL(js);
	doc = json_loads(js, 0, NULL);
	ASSERT_NOT_NULL(doc);
	ASSERT_EQ(todo_done(doc, "contract", NULL), 1);
	ASSERT_EQ(todo_done(doc, "os_support", NULL), 1);
	ASSERT_EQ(todo_done(doc, "remote", NULL), 1);
	ASSERT_EQ(todo_done(doc, "owner", NULL), 0);
	ASSERT_EQ(todo_done(doc, "location", NULL), 0);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    json_object_get(doc, "ledger"), "annotations"), "contract")),
	    "Philips, until 2027-03");
	json_decref(doc);
	free(js);

	/* A host the policy held back: held, not silent. */
	ASSERT_EQ(db_scan_begin(db, "198.18.0.41", "{}", &scan2), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan2, "198.18.0.41", NULL, NULL, "arp",
	    &b), 0);
	ASSERT_EQ(db_host_state(db, scan2, b, "held", "passive by profile"),
	    0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan2, "complete", "{}"), 0);
	s = page(db, "198.18.0.41", scan2, 0, "en", "text", &held);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(held, 1);
	ASSERT_NOT_NULL(strstr(s, "held it back"));
	ASSERT_NULL(strstr(s, "DID NOT ANSWER"));
	free(s);

	/* A host that stopped answering: check the device first. */
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan2, "198.18.0.43", NULL, NULL, "arp",
	    &b), 0);
	ASSERT_EQ(db_host_state(db, scan2, b, "breaker", "3 timeouts"), 0);
	ASSERT_EQ(db_commit(db), 0);
	s = page(db, "198.18.0.43", scan2, 1, "en", "text", &held);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(held, 0);
	ASSERT_NOT_NULL(strstr(s, "check that the device still works"));
	free(s);

	/* An address nobody knows: said plainly, every item to do. */
	s = page(db, "198.18.0.42", scan2, 0, "en", "text", &held);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(held, 0);
	ASSERT_NOT_NULL(strstr(s, "THE DEVICE DID NOT ANSWER"));
	ASSERT_NOT_NULL(strstr(s, "Nothing is on record"));
	free(s);
	js = page(db, "198.18.0.42", scan2, 0, "en", "json", NULL);
	ASSERT_NOT_NULL(js);
	doc = json_loads(js, 0, NULL);
	ASSERT_NOT_NULL(doc);
	ASSERT(!json_is_true(json_object_get(doc, "known")));
	ASSERT_EQ(json_array_size(json_object_get(doc, "todo")), 7);
	ASSERT_EQ(todo_done(doc, "owner", NULL), 0);
	json_decref(doc);
	free(js);

	/* Bad arguments. */
	ASSERT_NULL(page(db, "198.18.0.40", scan, 1, "en", "html", NULL));
	ASSERT_NULL(page(db, "198.18.0.40", scan, 1, NULL, "text", NULL));
	db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}
