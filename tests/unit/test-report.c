/*
 * test-report.c - the read model (src/db/inventory.c) and the views that
 * print it (src/report/) give one answer.
 *
 * A small inventory is written into a real file: hosts out of address
 * order, one without services, services open and closed, an identity, a
 * finding, a fragile match, hostile text.  Then the number of hosts and
 * of services per host that db_inventory_load() gives is compared with
 * what the JSON export (parsed with jansson), the CSV export, the hosts
 * table and `show` print for the same file.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/safety.h"
#include "iomt/script.h"
#include "iomt/util.h"
#include "runner.h"

/* Write the test inventory into db. */
static int
fill(struct db *db)
{
	static const uint8_t	 mac[6] = { 0x00, 0x09, 0xfb, 0x0a, 0x0b,
	    0x0c };
	struct db_identity	 id;
	int64_t			 scan, a, b, c;

	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{\"ports\":4}", &scan),
	    0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.100", mac, "Philips",
	    "arp", &a), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.9", NULL, NULL, "connect",
	    &b), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.20", NULL, NULL, "arp",
	    &c), 0);
	ASSERT_EQ(db_host_state(db, scan, c, "breaker", "no answer"), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 80, "open", "http",
	    "nginx \x1b[2J"), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 104, "open", "dicom", NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, a, "udp", 161, "open", "snmp", NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 23, "closed", NULL, NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, b, "tcp", 443, "open", "https", NULL),
	    0);
	ASSERT_EQ(db_observation(db, scan, a, "tcp", 80, "http-get",
	    "http.server", "nginx"), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "Philips";
	id.model = "IntelliVue \xc3\xa9";
	id.device_class = "patient-monitor";
	id.confidence = 70;
	id.evidence_json = "[{\"field\":\"vendor\",\"value\":\"Philips\","
	    "\"source\":\"oui\"}]";
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	ASSERT_EQ(db_finding(db, scan, a, "cleartext-http", "medium", 80,
	    "Web interface without TLS", NULL), 0);
	ASSERT_EQ(db_fragile_set(db, scan, a, "F14", "stalls", "{\"max_pps\":"
	    "2}", "oui 00:09:fb"), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1700000000000000), "198.18.0.100",
	    "tcp", 80, "tcp-connect", 0, "service"), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{\"hosts_up\":3}"), 0);
	return 0;
}

/* Run view into the file path and read it back (free it). */
static char *
view(struct db *db, int (*fn)(struct db *,
    const struct report_opts *, FILE *), const char *path)
{
	FILE	*fp = fopen(path, "w");
	char	*out = NULL;
	int	 r;

	if (fp == NULL)
		return NULL;
	r = fn(db, NULL, fp);
	if (fclose(fp) != 0 || r != 0)
		return NULL;
	if (file_read(path, 1 << 20, &out, NULL) != 0)
		return NULL;
	return out;
}

/* The number of lines of s that start with prefix. */
static size_t
lines_starting(const char *s, const char *prefix)
{
	size_t	 n = 0, l = strlen(prefix);

	while (s != NULL && *s != '\0') {
		if (strncmp(s, prefix, l) == 0)
			n++;
		s = strchr(s, '\n');
		if (s != NULL)
			s++;
	}
	return n;
}

TEST_IMPL(report_one_answer)
{
	char			 dir[] = "/tmp/iomt-report.XXXXXX", path[128];
	char			 dbp[96], err[256], *out = NULL, want[64];
	struct db		*db = NULL;
	struct inventory	*inv = NULL, *one = NULL;
	json_t			*doc, *hosts;
	size_t			 i, k, n_open, rows = 0;

	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(fill(db), 0);
	db = db_close(db);
	ASSERT_EQ(db_open(dbp, DB_RDONLY, &db, err, sizeof(err)), 0);

	/* The model: three hosts in address order, every part loaded. */
	ASSERT_EQ(db_inventory_load(db, &inv), 0);
	ASSERT_EQ(inv->n_host, 3);
	ASSERT_EQ(inv->n_scan, 1);
	ASSERT_STR_EQ(inv->host[0].ip, "198.18.0.9");
	ASSERT_STR_EQ(inv->host[1].ip, "198.18.0.20");
	ASSERT_STR_EQ(inv->host[2].ip, "198.18.0.100");
	ASSERT_EQ(inv->host[2].n_svc, 4);
	ASSERT_EQ(inv->host[0].n_svc, 1);
	ASSERT_EQ(inv->host[1].n_svc, 0);
	ASSERT_STR_EQ(inv->host[1].state, "breaker");
	ASSERT_NOT_NULL(inv->host[2].identity);
	ASSERT_NOT_NULL(inv->host[2].fragile);
	ASSERT_NULL(inv->host[0].identity);
	ASSERT_EQ(inv->host[2].n_finding, 1);
	ASSERT_EQ(inv->host[2].probes_sent, 1);
	ASSERT_EQ(inv->host[2].n_scan, 0);	/* only db_host_load() */

	/* JSON: the same hosts, in the same order, with the same services. */
	snprintf(path, sizeof(path), "%s/inv.json", dir);
	out = view(db, report_export_json, path);
	ASSERT_NOT_NULL(out);
	doc = json_loads(out, 0, NULL);
	ASSERT_NOT_NULL(doc);
	hosts = json_object_get(doc, "hosts");
	ASSERT_EQ(json_array_size(hosts), inv->n_host);
	ASSERT_EQ(json_array_size(json_object_get(doc, "scans")), inv->n_scan);
	for (i = 0; i < inv->n_host; i++) {
		json_t	*h = json_array_get(hosts, i);

		ASSERT_STR_EQ(json_string_value(json_object_get(h, "ip")),
		    inv->host[i].ip);
		ASSERT_EQ(json_array_size(json_object_get(h, "services")),
		    inv->host[i].n_svc);
		ASSERT_EQ(json_array_size(json_object_get(h, "findings")),
		    inv->host[i].n_finding);
		ASSERT_EQ(json_integer_value(json_object_get(h,
		    "probes_sent")), inv->host[i].probes_sent);
	}
	/* UTF-8 stays UTF-8; the escape in the banner is escaped. */
	ASSERT(strstr(out, "IntelliVue \xc3\xa9") != NULL);
	ASSERT(strchr(out, 0x1b) == NULL);
	json_decref(doc);
	free(out);

	/* CSV: a row per service, one for a host without any. */
	snprintf(path, sizeof(path), "%s/inv.csv", dir);
	out = view(db, report_export_csv, path);
	ASSERT_NOT_NULL(out);
	for (i = 0; i < inv->n_host; i++) {
		snprintf(want, sizeof(want), "\"%s\",", inv->host[i].ip);
		k = lines_starting(out, want);
		ASSERT_EQ(k, inv->host[i].n_svc > 0 ? inv->host[i].n_svc : 1);
		rows += k;
	}
	ASSERT_EQ(lines_starting(out, "\""), rows);
	free(out);

	/* The table: a line per host, its open ports, the count. */
	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	out = view(db, report_hosts, path);
	ASSERT_NOT_NULL(out);
	ASSERT_EQ(lines_starting(out, "198.18.0."), inv->n_host);
	snprintf(want, sizeof(want), "\n%zu hosts.", inv->n_host);
	ASSERT(strstr(out, want) != NULL);
	for (i = 0, n_open = 0; i < inv->host[2].n_svc; i++)
		if (strcmp(inv->host[2].svc[i].state, "open") == 0)
			n_open++;
	ASSERT_EQ(n_open, 3);
	ASSERT(strstr(out, "80,104/tcp 161/udp") != NULL);
	ASSERT(strstr(out, "! check device") != NULL);
	ASSERT(strstr(out, "fragile: F14") != NULL);
	free(out);

	/* One host in full: the same services as in the whole inventory. */
	ASSERT_EQ(db_host_load(db, "198.18.0.100", 20, &one), 0);
	ASSERT_EQ(one->n_host, 1);
	ASSERT_EQ(one->host[0].n_svc, inv->host[2].n_svc);
	ASSERT_EQ(one->host[0].n_scan, 1);
	ASSERT_EQ(one->host[0].n_obs, 1);
	ASSERT_EQ(one->host[0].obs_total, 1);
	one = db_inventory_free(one);
	ASSERT_EQ(db_host_load(db, "198.18.0.7", 20, &one), IOMT_ENOTFOUND);
	ASSERT_NULL(one);
	snprintf(path, sizeof(path), "%s/show.txt", dir);
	{
		FILE	*fp = fopen(path, "w");

		ASSERT_NOT_NULL(fp);
		ASSERT_EQ(report_host(db, NULL, "198.18.0.100", fp), 0);
		ASSERT_EQ(fclose(fp), 0);
	}
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT_EQ(lines_starting(out, "  80/tcp") +
	    lines_starting(out, "  104/tcp") + lines_starting(out, "  23/tcp") +
	    lines_starting(out, "  161/udp"), inv->host[2].n_svc);
	ASSERT(strstr(out, "\\x1b[2J") != NULL);
	ASSERT(strstr(out, "{\"max_pps\":2}") != NULL);
	ASSERT(strstr(out, "vendor = Philips  [oui]") != NULL);
	free(out);

	inv = db_inventory_free(inv);
	db = db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

/* The display column at which the first s starts on the line of out
 * that starts with prefix, or -1. */
static long
column_of(const char *out, const char *prefix, const char *s)
{
	const char	*line = out, *hit, *nl;
	char		 tmp[512];

	while (line != NULL && strncmp(line, prefix, strlen(prefix)) != 0)
		if ((line = strchr(line, '\n')) != NULL)
			line++;
	if (line == NULL)
		return -1;
	nl = strchr(line, '\n');
	if ((hit = strstr(line, s)) == NULL || (nl != NULL && hit > nl) ||
	    (size_t)(hit - line) >= sizeof(tmp))
		return -1;
	memcpy(tmp, line, (size_t)(hit - line));
	tmp[hit - line] = '\0';
	return (long)text_width(tmp);
}

TEST_IMPL(report_utf8_widths_bom)
{
	char			 dir[] = "/tmp/iomt-report.XXXXXX", path[128];
	char			 dbp[96], err[256], *out = NULL;
	struct db		*db = NULL;
	struct db_identity	 id;
	struct report_opts	 ro;
	int64_t			 scan, a, b;
	FILE			*fp;

	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.5", NULL, NULL, "connect",
	    &a), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.6", NULL, NULL, "connect",
	    &b), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 80, "open", "http",
	    "輸液ポンプ管理"), 0);
	ASSERT_EQ(db_service(db, scan, b, "tcp", 80, "open", "http", NULL), 0);
	memset(&id, 0, sizeof(id));
	/* 60 columns of wide characters: cut to 44 in the table. */
	id.vendor = "輸液ポンプ管理輸液ポンプ管理輸液ポンプ管理輸液ポンプ管理"
	    "輸液";
	id.confidence = 50;
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	id.vendor = "Acme";
	ASSERT_EQ(db_identity_set(db, scan, b, &id), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);

	/* hosts: the LAST SEEN column starts at one display column on both
	 * lines although one identity is wide; the long one ends in U+2026. */
	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	out = view(db, report_hosts, path);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "管理\xe2\x80\xa6") != NULL);
	ASSERT(strstr(out, "...") == NULL);
	ASSERT(column_of(out, "198.18.0.5 ", "20") > 0);
	ASSERT_EQ(column_of(out, "198.18.0.5 ", "20"),
	    column_of(out, "198.18.0.6 ", "20"));
	ASSERT_EQ(column_of(out, "IP ", "LAST SEEN"),
	    column_of(out, "198.18.0.6 ", "20"));
	free(out);

	/* CSV: no mark by default; with bom EF BB BF, then the header, and
	 * the title once, as UTF-8. */
	snprintf(path, sizeof(path), "%s/inv.csv", dir);
	out = view(db, report_export_csv, path);
	ASSERT_NOT_NULL(out);
	ASSERT(strncmp(out, "ip,", 3) == 0);
	free(out);
	memset(&ro, 0, sizeof(ro));
	ro.bom = 1;
	ASSERT_NOT_NULL(fp = fopen(path, "w"));
	ASSERT_EQ(report_export_csv(db, &ro, fp), 0);
	ASSERT_EQ(fclose(fp), 0);
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strncmp(out, "\xef\xbb\xbfip,", 6) == 0);
	ASSERT(strstr(out, "\"輸液ポンプ管理\"") != NULL);
	ASSERT(strstr(out, "\\x") == NULL);
	free(out);

	db = db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

/* Run report_host() for ip into path and read it back (free it). */
static char *
show(struct db *db, const char *ip, const char *path)
{
	FILE	*fp = fopen(path, "w");
	char	*out = NULL;
	int	 r;

	if (fp == NULL)
		return NULL;
	r = report_host(db, NULL, ip, fp);
	if (fclose(fp) != 0 || r != 0)
		return NULL;
	if (file_read(path, 1 << 20, &out, NULL) != 0)
		return NULL;
	return out;
}

TEST_IMPL(report_local_time_one_name)
{
	char			 dir[] = "/tmp/iomt-report.XXXXXX", path[128];
	char			 dbp[96], err[256], *out = NULL;
	struct db		*db = NULL;
	struct db_identity	 id;
	int64_t			 scan, a;

	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.30", NULL, NULL, "connect",
	    &a), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 9100, "open", "jetdirect",
	    NULL), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1764701730042000), "198.18.0.30",
	    "tcp", 9100, "tcp-connect", 0, "service"), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "HP";
	id.model = "HP LaserJet 4250";
	id.device_class = "printer";
	id.confidence = 80;
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);

	setenv("TZ", "JST-9", 1);
	tzset();
	/* People read local time with its offset, the vendor once. */
	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	out = view(db, report_hosts, path);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, " +0900") != NULL);
	ASSERT(strstr(out, "HP LaserJet 4250 / printer") != NULL);
	ASSERT(strstr(out, "HP HP") == NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/show.txt", dir);
	ASSERT_NOT_NULL(out = show(db, "198.18.0.30", path));
	ASSERT(strstr(out, "Last seen") != NULL);
	ASSERT(strstr(out, " +0900") != NULL);
	ASSERT(strstr(out, "Z\n") == NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/audit.txt", dir);
	{
		FILE	*fp = fopen(path, "w");

		ASSERT_NOT_NULL(fp);
		ASSERT_EQ(report_audit(db, NULL, fp), 0);
		ASSERT_EQ(fclose(fp), 0);
	}
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strstr(out, "2025-12-03 03:55:30.042 +0900") != NULL);
	free(out);
	/* Programs read UTC, ISO 8601. */
	snprintf(path, sizeof(path), "%s/inv.json", dir);
	out = view(db, report_export_json, path);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "+0900") == NULL);
	ASSERT(strstr(out, "Z\"") != NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/inv.csv", dir);
	out = view(db, report_export_csv, path);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "+0900") == NULL);
	ASSERT(strstr(out, "Z\"") != NULL);
	free(out);
	unsetenv("TZ");
	tzset();

	db = db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

TEST_IMPL(report_passive_names)
{
	char			 dir[] = "/tmp/iomt-report.XXXXXX", path[128];
	char			 dbp[96], err[256], *out = NULL;
	struct db		*db = NULL;
	struct ident_passive	 p;
	struct ident_claim	 cl[2];
	struct ident_result	 ir;
	struct ident_evidence	 ev;
	struct observation	 o[2];
	int64_t			 scan, a, b;
	json_t			*doc, *h;

	/* A vendor class naming a maker gives vendor and model, modestly. */
	memset(o, 0, sizeof(o));
	o[0].key = "dhcp.hostname";
	o[0].value = "mx800-bed12";
	o[1].key = "dhcp.vendor_class";
	o[1].value = "Philips IntelliVue MX800";
	ASSERT_EQ(ident_passive_claim(o, 2, NULL, &p), 1);
	ASSERT_STR_EQ(p.claim.value[IDENT_VENDOR], "Philips");
	ASSERT_STR_EQ(p.claim.value[IDENT_MODEL], "IntelliVue MX800");
	ASSERT_EQ(p.claim.confidence, IDENT_CONF_PASSIVE);
	ASSERT_EQ(ident_passive_claim(o, 1, NULL, &p), 0);
	o[1].value = "MSFT 5.0";
	ASSERT_EQ(ident_passive_claim(o, 2, NULL, &p), 0);
	o[1].value = "Philips IntelliVue MX800";
	ASSERT_EQ(ident_passive_claim(o, 2, NULL, &p), 1);
	ASSERT_EQ(ident_resolve(&p.claim, 1, NULL, &ir), 0);
	ASSERT_STR_EQ(ir.value[IDENT_VENDOR], "Philips");
	ASSERT(strstr(ir.evidence_json, "dhcp vendor class Philips "
	    "IntelliVue MX800") != NULL);
	ASSERT(strstr(ir.evidence_json, "passive.dhcp.vendor_class") != NULL);
	ident_result_free(&ir);
	/* A stronger active identification keeps its answer. */
	memset(&ev, 0, sizeof(ev));
	ev.field = IDENT_MODEL;
	strlcpy(ev.value, "IntelliVue MX450", sizeof(ev.value));
	strlcpy(ev.source, "http.title@tcp/80", sizeof(ev.source));
	memset(cl, 0, sizeof(cl));
	cl[0].script_id = "philips-intellivue";
	cl[0].value[IDENT_VENDOR] = "Philips";
	cl[0].value[IDENT_MODEL] = "IntelliVue MX450";
	cl[0].confidence = 80;
	cl[0].ev = &ev;
	cl[0].n_ev = 1;
	cl[1] = p.claim;
	ASSERT_EQ(ident_resolve(cl, 2, NULL, &ir), 0);
	ASSERT_STR_EQ(ir.value[IDENT_MODEL], "IntelliVue MX450");
	ASSERT_EQ(ir.confidence, 80);
	ident_result_free(&ir);

	/* The views show what listen stored. */
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "listen", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.40", NULL, NULL, "passive",
	    &a), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.41", NULL, NULL, "passive",
	    &b), 0);
	ASSERT_EQ(db_observation(db, scan, a, "udp", 67, "listen",
	    "dhcp.hostname", "pump-icu-7"), 0);
	ASSERT_EQ(db_observation(db, scan, a, "udp", 67, "listen",
	    "dhcp.vendor_class", "BaxterSpectrumIQ"), 0);
	ASSERT_EQ(db_observation(db, scan, b, "udp", 5353, "listen",
	    "mdns.hostname", "輸液ポンプ.local"), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);

	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	ASSERT_NOT_NULL(out = view(db, report_hosts, path));
	ASSERT(strstr(out, "BaxterSpectrumIQ (dhcp)") != NULL);
	ASSERT(strstr(out, "輸液ポンプ.local (mdns)") != NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/show.txt", dir);
	ASSERT_NOT_NULL(out = show(db, "198.18.0.40", path));
	ASSERT(strstr(out, "Names (heard passively)") != NULL);
	ASSERT(strstr(out, "DHCP host name     pump-icu-7") != NULL);
	ASSERT(strstr(out, "DHCP vendor class  BaxterSpectrumIQ") != NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/inv.json", dir);
	ASSERT_NOT_NULL(out = view(db, report_export_json, path));
	ASSERT_NOT_NULL(doc = json_loads(out, 0, NULL));
	h = json_array_get(json_object_get(doc, "hosts"), 0);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(h,
	    "names"), "dhcp.vendor_class")), "BaxterSpectrumIQ");
	h = json_array_get(json_object_get(doc, "hosts"), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(h,
	    "names"), "mdns.hostname")), "輸液ポンプ.local");
	json_decref(doc);
	free(out);
	snprintf(path, sizeof(path), "%s/inv.csv", dir);
	ASSERT_NOT_NULL(out = view(db, report_export_csv, path));
	ASSERT(strstr(out, ",dhcp_hostname,dhcp_vendor_class\r\n") != NULL);
	ASSERT(strstr(out, ",\"pump-icu-7\",\"BaxterSpectrumIQ\"\r\n") !=
	    NULL);
	free(out);

	db = db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

/*
 * A printer whose raw print port was found open matches the
 * printer-raw-ports profile in plan and `profiles test`; the hosts table,
 * show and both exports say so too, although the scan stored no match
 * (it decided the policy before the port was known).
 */
TEST_IMPL(report_fragile_as_plan)
{
	char			 dir[] = "/tmp/iomt-report.XXXXXX", path[256];
	char			 dbp[96], err[256], *out = NULL;
	struct db		*db = NULL;
	struct policy		*pol = NULL;
	struct report_opts	 ro;
	struct hostfacts	 hf;
	char			 ids[256], why[256];
	const char		*hazard = NULL;
	int64_t			 scan, a, id;
	FILE			*fp;

	snprintf(path, sizeof(path), "%s/data/profiles.conf", test_srcdir());
	ASSERT_EQ(policy_load(path, NULL, NULL, &pol, err, sizeof(err)), 0);
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.30", NULL, NULL, "connect",
	    &a), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 9100, "open", "jetdirect",
	    NULL), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);

	/* What plan and profiles test compute. */
	ASSERT_EQ(db_host_find(db, "198.18.0.30", &id), 0);
	hostfacts_init(&hf);
	ASSERT_EQ(hostfacts_load(db, id, NULL, &hf), 0);
	ASSERT(policy_fragile_summary(pol, hostfacts_facts(&hf), ids,
	    sizeof(ids), &hazard, why, sizeof(why)) > 0);
	hostfacts_free(&hf);
	ASSERT(strstr(ids, "printer-raw-ports") != NULL);

	memset(&ro, 0, sizeof(ro));
	ro.pol = pol;
	snprintf(path, sizeof(path), "%s/hosts.txt", dir);
	ASSERT_NOT_NULL(fp = fopen(path, "w"));
	ASSERT_EQ(report_hosts(db, &ro, fp), 0);
	ASSERT_EQ(fclose(fp), 0);
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strstr(out, "fragile: printer-raw-ports") != NULL);
	free(out);
	ASSERT_NOT_NULL(fp = fopen(path, "w"));
	ASSERT_EQ(report_host(db, &ro, "198.18.0.30", fp), 0);
	ASSERT_EQ(fclose(fp), 0);
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strstr(out, "Profile      printer-raw-ports") != NULL);
	free(out);
	ASSERT_NOT_NULL(fp = fopen(path, "w"));
	ASSERT_EQ(report_export_json(db, &ro, fp), 0);
	ASSERT_EQ(fclose(fp), 0);
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strstr(out, "\"profile_id\": \"printer-raw-ports") != NULL);
	free(out);
	ASSERT_NOT_NULL(fp = fopen(path, "w"));
	ASSERT_EQ(report_export_csv(db, &ro, fp), 0);
	ASSERT_EQ(fclose(fp), 0);
	ASSERT_EQ(file_read(path, 1 << 20, &out, NULL), 0);
	ASSERT(strstr(out, ",\"printer-raw-ports") != NULL);
	free(out);

	db = db_close(db);
	pol = policy_free(pol);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}
