/*
 * test-checklist.c - the MHLW checklist items (src/report/checklist.c) on
 * real inventory files written through the db API: an empty inventory,
 * one where items come out met, not met, partly and cannot tell, the
 * ledger item following annotations and recorded reconcile runs, a stale
 * and an unfinished scan, and the writers (text in both languages with
 * "and N more", JSON parsed back with jansson, the HTML section with
 * hostile device strings escaped).
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

#define T0	INT64_C(1764700000)	/* 2025-12-02, the tests' clock */

struct cdir {
	char	 dir[64];
	char	 db[96];
};

static int
cdir_make(struct cdir *t)
{
	strlcpy(t->dir, "/tmp/iomt-ck.XXXXXX", sizeof(t->dir));
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->db, sizeof(t->db), "%s/inv.db", t->dir);
	return 0;
}

static const struct checklist_item *
item(const struct checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->n_item; i++)
		if (strcmp(cl->item[i].id, id) == 0)
			return &cl->item[i];
	return NULL;
}

static int64_t
count(const struct checklist_item *it, const char *key)
{
	for (size_t i = 0; i < it->n_count; i++)
		if (strcmp(it->count[i].key, key) == 0)
			return it->count[i].n;
	return -1;
}

/* The status of item id in a fresh build of db's checklist. */
static int
status_of(struct db *db, const char *id)
{
	struct checklist		*cl = NULL;
	const struct checklist_item	*it;
	int				 st;

	if (report_checklist_build(db, &cl) != 0)
		return -1;
	it = item(cl, id);
	st = it != NULL ? (int)it->status : -1;
	report_checklist_free(cl);
	return st;
}

/* What writer wrote for cl in lang, as a malloc'd string. */
static char *
written(int (*writer)(const struct checklist *, const char *, FILE *),
    const struct checklist *cl, const char *lang)
{
	char	*p = NULL;
	size_t	 n = 0;
	FILE	*fp = open_memstream(&p, &n);

	if (fp == NULL)
		return NULL;
	if (writer(cl, lang, fp) != 0) {
		fclose(fp);
		free(p);
		return NULL;
	}
	fclose(fp);
	return p;
}

TEST_IMPL(checklist_empty)
{
	struct cdir	 t;
	struct db	*db = NULL;
	struct checklist *cl = NULL;
	char		 err[256], *js;
	json_t		*doc;

	ASSERT_EQ(cdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	ASSERT_EQ(cl->n_item, CHECKLIST_NITEMS);
	ASSERT_EQ(cl->n_hosts, 0);
	/* No scan: nothing is known, which is "not met" for the inventory. */
	ASSERT_EQ(item(cl, "inventory")->status, CHECKLIST_NOT_MET);
	ASSERT_EQ(item(cl, "ledger")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "diagram")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "remote-maintenance")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "legacy-os")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "cleartext-management")->status,
	    CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "default-credentials")->status,
	    CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "device-knowledge")->status, CHECKLIST_UNKNOWN);
	js = written(report_checklist_json, cl, "en");
	ASSERT_NOT_NULL(js);
	doc = json_loads(js, 0, NULL);
	ASSERT_NOT_NULL(doc);
	ASSERT_EQ(json_array_size(json_object_get(doc, "items")),
	    CHECKLIST_NITEMS);
	ASSERT_STR_EQ(json_string_value(json_object_get(doc, "schema")),
	    "iomtscan-checklist/1");
	json_decref(doc);
	free(js);
	cl = report_checklist_free(cl);

	/*
	 * Only a passive listen session: what devices announced is known,
	 * silent devices are not.  Partly, and not counted as a scan.
	 */
	{
		int64_t	 scan, h;

		ASSERT_EQ(db_scan_begin(db, "listen -r ward3.pcap", "{}",
		    &scan), 0);
		ASSERT_EQ(db_host_seen(db, scan, "198.18.0.30", NULL, NULL,
		    "passive", &h), 0);
		ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);
	}
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	ASSERT_EQ(cl->n_scans, 0);
	ASSERT_EQ(cl->n_complete, 0);
	ASSERT_EQ(item(cl, "inventory")->status, CHECKLIST_PARTLY);
	ASSERT_EQ(count(item(cl, "inventory"), "listen_sessions"), 1);
	ASSERT_NOT_NULL(strstr(item(cl, "inventory")->evidence_en,
	    "1 passive listen session found 1 device"));
	report_checklist_free(cl);
	db_close(db);
	ASSERT_EQ(test_rmtree(t.dir), 0);
	return 0;
}

/*
 * Three devices: a legacy Windows monitor in the ledger with Telnet and
 * the SNMP community public; a monitor of unknown model with VNC, in no
 * ledger; an unidentified box with plain HTTP.
 */
TEST_IMPL(checklist_statuses)
{
	struct cdir	 t;
	struct db	*db = NULL;
	struct checklist *cl = NULL;
	const struct checklist_item *it;
	struct db_identity id;
	struct db_reconcile_run run, last;
	char		 err[256], sbuf[512];
	int64_t		 scan, scan2, a, b, c, n;

	ASSERT_EQ(cdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, T0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.10", NULL, NULL, "arp",
	    &a), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.11", NULL, NULL, "arp",
	    &b), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.12", NULL, NULL, "arp",
	    &c), 0);
	ASSERT_EQ(db_host_state(db, scan, a, "up", NULL), 0);
	ASSERT_EQ(db_host_state(db, scan, b, "up", NULL), 0);
	ASSERT_EQ(db_host_state(db, scan, c, "up", NULL), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 23, "open", "telnet",
	    "login:"), 0);
	ASSERT_EQ(db_service(db, scan, b, "tcp", 5900, "open", "vnc",
	    "RFB 003.008"), 0);
	ASSERT_EQ(db_service(db, scan, c, "tcp", 80, "open", "http", NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, c, "tcp", 443, "open", "https", NULL),
	    0);
	ASSERT_EQ(db_finding(db, scan, a, "snmp-default-community", "medium",
	    161, "SNMP answers the community public", NULL), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "Philips";
	id.model = "IntelliVue MX450";
	id.device_class = "patient-monitor";
	id.os = "Windows XP (legacy)";
	id.confidence = 80;
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "GE Healthcare";
	id.device_class = "patient-monitor";
	id.confidence = 40;
	ASSERT_EQ(db_identity_set(db, scan, b, &id), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);
	ASSERT_EQ(test_annotate(db, a, "ledger_id", "ME-1"), 0);

	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	ASSERT_EQ(cl->n_hosts, 3);
	ASSERT_EQ(cl->n_complete, 1);
	it = item(cl, "inventory");
	ASSERT_EQ(it->status, CHECKLIST_MET);
	ASSERT_EQ(count(it, "addresses"), 256);
	ASSERT_EQ(count(it, "answered"), 3);
	ASSERT_EQ(count(it, "breaker"), 0);
	ASSERT_STR_EQ(it->mhlw, "2-①");
	ASSERT_NOT_NULL(strstr(it->evidence_en, "256 addresses"));
	/* One of three in the ledger. */
	it = item(cl, "ledger");
	ASSERT_EQ(it->status, CHECKLIST_PARTLY);
	ASSERT_EQ(count(it, "unmanaged"), 2);
	ASSERT_EQ(it->n_host, 2);
	ASSERT_STR_EQ(it->host[0].ip, "198.18.0.11");
	ASSERT_STR_EQ(it->host[1].ip, "198.18.0.12");
	ASSERT_NOT_NULL(strstr(it->evidence_en, "No comparison"));
	/* Two monitors, one with its model; one device of unknown kind. */
	it = item(cl, "diagram");
	ASSERT_EQ(it->status, CHECKLIST_PARTLY);
	ASSERT_EQ(count(it, "medical"), 2);
	ASSERT_EQ(count(it, "medical_identified"), 1);
	ASSERT_EQ(count(it, "unknown_kind"), 1);
	/* Telnet on the ledger's monitor, VNC on the other. */
	it = item(cl, "remote-maintenance");
	ASSERT_EQ(it->status, CHECKLIST_PARTLY);
	ASSERT_EQ(count(it, "remote_hosts"), 2);
	ASSERT_EQ(count(it, "remote_known"), 1);
	ASSERT_EQ(it->n_host, 1);
	ASSERT_STR_EQ(it->host[0].ip, "198.18.0.11");
	ASSERT_NOT_NULL(strstr(it->host[0].why_en, "VNC tcp/5900"));
	it = item(cl, "legacy-os");
	ASSERT_EQ(it->status, CHECKLIST_NOT_MET);
	ASSERT_EQ(count(it, "legacy"), 1);
	ASSERT_STR_EQ(it->host[0].ip, "198.18.0.10");
	ASSERT_STR_EQ(it->host[0].name, "Philips IntelliVue MX450");
	it = item(cl, "cleartext-management");
	ASSERT_EQ(it->status, CHECKLIST_NOT_MET);
	ASSERT_EQ(count(it, "telnet"), 1);
	ASSERT_EQ(count(it, "http"), 1);
	ASSERT_EQ(count(it, "snmp_public"), 1);
	ASSERT_EQ(it->n_host, 2);
	ASSERT_NOT_NULL(strstr(it->host[1].why_en, "HTTP tcp/80"));
	ASSERT_NULL(strstr(it->host[1].why_en, "443"));
	it = item(cl, "default-credentials");
	ASSERT_EQ(it->status, CHECKLIST_NOT_MET);
	ASSERT_EQ(it->n_host, 1);
	ASSERT_NOT_NULL(strstr(it->host[0].why_en,
	    "snmp-default-community"));
	/* Nothing on file is a gap for every device, never "safe". */
	it = item(cl, "device-knowledge");
	ASSERT_EQ(it->status, CHECKLIST_NOT_MET);
	ASSERT_EQ(it->n_host, 3);
	ASSERT_EQ(count(it, "gaps"), 3);
	cl = report_checklist_free(cl);

	/* Everyone in the ledger: the ledger item is met, remote too. */
	ASSERT_EQ(test_annotate(db, b, "ledger_id", "ME-2"), 0);
	ASSERT_EQ(test_annotate(db, c, "ledger_id", "IT-7"), 0);
	ASSERT_EQ(status_of(db, "ledger"), CHECKLIST_MET);
	ASSERT_EQ(status_of(db, "remote-maintenance"), CHECKLIST_MET);
	/* A comparison that left ledger rows unaccounted for: partly. */
	ASSERT_EQ(db_reconcile_last(db, &last, &n, sbuf, sizeof(sbuf)),
	    IOMT_ENOTFOUND);
	memset(&run, 0, sizeof(run));
	run.ledger = "台帳.xlsx";
	run.rows = 4;
	run.matched = 3;
	run.missing = 1;
	ASSERT_EQ(db_reconcile_record(db, &run), 0);
	ASSERT_EQ(status_of(db, "ledger"), CHECKLIST_PARTLY);
	db_set_now(db, T0 + 60);
	run.missing = 0;
	run.rows = 3;
	run.applied = 2;
	ASSERT_EQ(db_reconcile_record(db, &run), 0);
	ASSERT_EQ(db_reconcile_last(db, &last, &n, sbuf, sizeof(sbuf)), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(last.t, T0 + 60);
	ASSERT_EQ(last.rows, 3);
	ASSERT_EQ(last.applied, 2);
	ASSERT_STR_EQ(last.ledger, "台帳.xlsx");
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	it = item(cl, "ledger");
	ASSERT_EQ(it->status, CHECKLIST_MET);
	ASSERT_EQ(count(it, "reconcile_runs"), 2);
	ASSERT_NOT_NULL(strstr(it->evidence_ja, "台帳.xlsx"));
	cl = report_checklist_free(cl);
	/* A ledger compared but never applied is partly, not "not met". */
	ASSERT_EQ(test_annotate(db, a, "ledger_id", NULL), 0);
	ASSERT_EQ(test_annotate(db, b, "ledger_id", NULL), 0);
	ASSERT_EQ(test_annotate(db, c, "ledger_id", NULL), 0);
	ASSERT_EQ(status_of(db, "ledger"), CHECKLIST_PARTLY);

	/* Three months and more later the inventory is stale. */
	db_set_now(db, T0 + 91 * 86400);
	ASSERT_EQ(status_of(db, "inventory"), CHECKLIST_PARTLY);
	db_set_now(db, T0 + 100);
	ASSERT_EQ(status_of(db, "inventory"), CHECKLIST_MET);
	/* A newer scan that did not finish: partly. */
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan2), 0);
	ASSERT_EQ(db_scan_end(db, scan2, "interrupted", "{}"), 0);
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	it = item(cl, "inventory");
	ASSERT_EQ(it->status, CHECKLIST_PARTLY);
	ASSERT_NOT_NULL(strstr(it->evidence_en, "did not complete"));
	cl = report_checklist_free(cl);
	db_close(db);
	ASSERT_EQ(test_rmtree(t.dir), 0);
	return 0;
}

/*
 * Thirteen infusion pumps with a hostile maker name, HTTPS only, a
 * supported Linux: the diagram, OS, cleartext and default-password items
 * are met; the writers name ten devices and say how many more, and the
 * HTML escapes what the devices said.
 */
TEST_IMPL(checklist_writers)
{
	struct cdir	 t;
	struct db	*db = NULL;
	struct checklist *cl = NULL;
	struct db_identity id;
	char		 err[256], ip[32], *s;
	int64_t		 scan, h, breaker = 0, first = 0;
	json_t		*doc, *items, *v;
	size_t		 i;

	ASSERT_EQ(cdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, T0);
	ASSERT_EQ(db_scan_begin(db, "198.18.1.0/28", "{}", &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "<script>alert(1)</script>";
	id.model = "P\x01\xff&1";
	id.device_class = "infusion-pump";
	id.os = "Linux 5.15";
	id.confidence = 60;
	for (i = 1; i <= 13; i++) {
		snprintf(ip, sizeof(ip), "198.18.1.%zu", i);
		ASSERT_EQ(db_host_seen(db, scan, ip, NULL, NULL, "arp", &h),
		    0);
		ASSERT_EQ(db_host_state(db, scan, h, i == 13 ? "breaker" :
		    "up", NULL), 0);
		if (i == 13)
			breaker = h;
		if (i == 1)
			first = h;
		ASSERT_EQ(db_service(db, scan, h, "tcp", 443, "open", "https",
		    NULL), 0);
		ASSERT_EQ(db_identity_set(db, scan, h, &id), 0);
	}
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);
	ASSERT(breaker != 0);
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	ASSERT_EQ(item(cl, "diagram")->status, CHECKLIST_MET);
	ASSERT_EQ(item(cl, "legacy-os")->status, CHECKLIST_MET);
	ASSERT_EQ(item(cl, "cleartext-management")->status, CHECKLIST_MET);
	ASSERT_EQ(item(cl, "default-credentials")->status, CHECKLIST_MET);
	ASSERT_EQ(item(cl, "remote-maintenance")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "ledger")->status, CHECKLIST_NOT_MET);
	/* The device the breaker left alone makes the inventory partial. */
	ASSERT_EQ(item(cl, "inventory")->status, CHECKLIST_PARTLY);
	ASSERT_EQ(item(cl, "inventory")->n_host, 1);
	ASSERT_STR_EQ(item(cl, "inventory")->host[0].ip, "198.18.1.13");
	ASSERT_EQ(count(item(cl, "inventory"), "addresses"), 16);
	ASSERT_EQ(item(cl, "device-knowledge")->n_host, 13);

	s = written(report_checklist_text, cl, "en");
	ASSERT_NOT_NULL(s);
	ASSERT_NOT_NULL(strstr(s, "[NOT MET] 2-③"));
	ASSERT_NOT_NULL(strstr(s, "[MET] ⑫"));
	ASSERT_NOT_NULL(strstr(s, "... and 3 more"));
	ASSERT_NULL(strchr(s, '\x01'));
	free(s);
	s = written(report_checklist_text, cl, "ja");
	ASSERT_NOT_NULL(s);
	ASSERT_NOT_NULL(strstr(s, "[未達成] 2-③"));
	ASSERT_NOT_NULL(strstr(s, "ほか 3 台"));
	ASSERT_NOT_NULL(strstr(s, "対応："));
	free(s);

	s = written(report_checklist_html_section, cl, "ja");
	ASSERT_NOT_NULL(s);
	ASSERT(strncmp(s, "<section class=\"iomt-checklist\" lang=\"ja\">",
	    42) == 0);
	ASSERT_NULL(strstr(s, "<script"));
	ASSERT_NOT_NULL(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ASSERT_NOT_NULL(strstr(s, "P\xef\xbf\xbd\xef\xbf\xbd&amp;1"));
	ASSERT_NOT_NULL(strstr(s, "<li>ほか 3 台</li>"));
	ASSERT_NULL(strstr(s, "<html"));
	free(s);
	s = written(report_checklist_html, cl, "en");
	ASSERT_NOT_NULL(s);
	ASSERT(strncmp(s, "<!DOCTYPE html>", 15) == 0);
	ASSERT_NOT_NULL(strstr(s, "<html lang=\"en\">"));
	ASSERT_NOT_NULL(strstr(s, "and 3 more"));
	ASSERT_NULL(strstr(s, "http://"));
	ASSERT_NULL(strstr(s, "https://"));
	free(s);

	s = written(report_checklist_json, cl, "ja");
	ASSERT_NOT_NULL(s);
	doc = json_loads(s, 0, NULL);
	free(s);
	ASSERT_NOT_NULL(doc);
	ASSERT_STR_EQ(json_string_value(json_object_get(doc, "lang")), "ja");
	items = json_object_get(doc, "items");
	ASSERT_EQ(json_array_size(items), CHECKLIST_NITEMS);
	json_array_foreach(items, i, v) {
		const char *id_ = json_string_value(json_object_get(v, "id"));

		ASSERT_NOT_NULL(id_);
		ASSERT_NOT_NULL(json_string_value(json_object_get(
		    json_object_get(v, "item"), "ja")));
		ASSERT_NOT_NULL(json_string_value(json_object_get(
		    json_object_get(v, "todo"), "en")));
		if (strcmp(id_, "device-knowledge") == 0) {
			json_t *hs = json_object_get(v, "hosts");

			/* JSON names every device, not ten. */
			ASSERT_EQ(json_array_size(hs), 13);
			ASSERT_STR_EQ(json_string_value(json_object_get(
			    json_array_get(hs, 0), "name")),
			    "<script>alert(1)</script> P\x01\xef\xbf\xbd&1");
			ASSERT_STR_EQ(json_string_value(json_object_get(v,
			    "status")), "not_met");
		}
	}
	ASSERT_EQ(json_integer_value(json_object_get(json_object_get(doc,
	    "summary"), "met")), 4);
	json_decref(doc);
	cl = report_checklist_free(cl);

	/*
	 * A pump under a fragile-device profile was not probed on every
	 * port: nothing found on it is not "met" any more.
	 */
	ASSERT_EQ(db_fragile_set(db, scan, first, "bd-alaris-pcu", "stalls",
	    NULL, "oui 00:d0:75"), 0);
	ASSERT_EQ(report_checklist_build(db, &cl), 0);
	ASSERT_EQ(item(cl, "cleartext-management")->status, CHECKLIST_PARTLY);
	ASSERT_EQ(count(item(cl, "cleartext-management"), "restricted"), 1);
	ASSERT_STR_EQ(item(cl, "cleartext-management")->host[0].ip,
	    "198.18.1.1");
	ASSERT_NOT_NULL(strstr(item(cl, "cleartext-management")->host[0].why_en,
	    "fragile-device profile bd-alaris-pcu"));
	ASSERT_NOT_NULL(strstr(item(cl, "cleartext-management")->evidence_en,
	    "1 device was scanned under a fragile-device profile"));
	ASSERT_EQ(item(cl, "default-credentials")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "remote-maintenance")->status, CHECKLIST_UNKNOWN);
	ASSERT_EQ(item(cl, "remote-maintenance")->n_host, 1);
	report_checklist_free(cl);
	db_close(db);
	ASSERT_EQ(test_rmtree(t.dir), 0);
	return 0;
}
