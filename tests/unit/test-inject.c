/*
 * test-inject.c - device text cannot break out of an export.
 *
 * Banners, vendor names, models, finding ids and what people typed into
 * the inventory are all attacker-chosen (a device says what it likes).
 * One real inventory file holds such strings: "<script>", quotes and
 * event handlers, "</svg>", U+2028, bidirectional overrides, bytes that
 * are not UTF-8, spreadsheet formulas (= + - @ TAB CR first), DOT
 * syntax (quotes, a trailing backslash, newlines, braces).  The HTML
 * report must keep them text (one script, ours; one <svg>; valid
 * UTF-8), the CSV export must make no formula cell, and the DOT export
 * must read back as the same graph, no node added and every label
 * intact.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"
#include "runner.h"

#define HOSTILE_VENDOR	"<script>alert(1)</script>"
#define HOSTILE_MODEL	"\" onmouseover=\"alert(2)\" x='"
#define HOSTILE_FW	"</svg><script>alert(3)</script>"
#define HOSTILE_OS	"Line\xe2\x80\xa8Sep \xe2\x80\xaeRTL \xff\xfe bad"
#define HOSTILE_FID	"x\"><img src=x onerror=alert(4)>"
#define HOSTILE_DOT	"x\" ]; evil [label=\"y\\"

/* The hostile inventory: three hosts, one scan. */
static int
fill(struct db *db)
{
	static const uint8_t	 mac[6] = { 0x00, 0x09, 0xfb, 0x0a, 0x0b,
	    0x0c };
	static const char *const formulas[] = { "=1+1", "+cmd|' /C calc'!A0",
	    "-2+3", "@SUM(A1)", "\t=tab", "\r=cr" };
	struct db_identity	 id;
	struct db_annotation_change ch[2];
	int64_t			 scan, a, b, c;

	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24 </svg>", "{}", &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.50", mac, HOSTILE_VENDOR,
	    "arp", &a), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.51", NULL, NULL, "connect",
	    &b), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.52", NULL, NULL, "connect",
	    &c), 0);
	ASSERT_EQ(db_service(db, scan, a, "tcp", 5900, "open", "vnc",
	    "RFB 003.008 </svg><script>alert(5)</script>"), 0);
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(db_service(db, scan, b, "tcp", 8000 + i, "open",
		    formulas[i], formulas[i]), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = HOSTILE_VENDOR;
	id.model = HOSTILE_MODEL;
	id.device_class = "infusion-pump";
	id.firmware = HOSTILE_FW;
	id.os = HOSTILE_OS;
	id.confidence = 60;
	ASSERT_EQ(db_identity_set(db, scan, a, &id), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = HOSTILE_DOT;
	id.model = "{a|b}\\";
	id.os = "line\nbreak";
	id.device_class = "{evil}";	/* not a class: shown as unknown */
	ASSERT_EQ(db_identity_set(db, scan, c, &id), 0);
	ASSERT_EQ(db_finding(db, scan, a, HOSTILE_FID, "high", 5900,
	    "<b>title</b>", "<iframe src=//evil.example>"), 0);
	ASSERT_EQ(db_finding(db, scan, a, "remote-access-vnc", "medium", 5900,
	    "VNC", "d"), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1700000000000000), "198.18.0.50",
	    "tcp", 5900, "tcp-connect", 0, "<probe>"), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_held(db, scan, "198.18.0.77", "held",
	    "<script>held</script>"), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{\"probes\":1}"), 0);
	memset(ch, 0, sizeof(ch));
	ch[0].host_id = a;
	ch[0].field = "owner";
	ch[0].value = "ICU <b>&amp;</b> \"A\"";
	ch[0].source = "test";
	ch[1].host_id = a;
	ch[1].field = "name";
	ch[1].value = "</td></tr><script>alert(6)</script>";
	ch[1].source = "test";
	ASSERT_EQ(db_annotations_set(db, ch, 2, NULL), 0);
	free(ch[0].before);
	free(ch[1].before);
	return 0;
}

static size_t
count(const char *s, const char *needle)
{
	size_t	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* 1 when the n bytes at s are all well-formed UTF-8. */
static int
utf8_ok(const char *s, size_t n)
{
	uint32_t	 cp;

	for (size_t i = 0, l; i < n; i += l)
		if ((l = utf8_decode((const unsigned char *)s + i, n - i,
		    &cp)) == 0)
			return 0;
	return 1;
}

/* The HTML export of db in lang into a string (free it). */
static char *
html_of(struct db *db, const char *lang, const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "w");
	char	*out = NULL;
	int	 r;

	if (fp == NULL)
		return NULL;
	r = report_export_html(db, NULL, NULL, lang, fp);
	if (fclose(fp) != 0 || r != 0)
		return NULL;
	if (file_read(path, 1 << 22, &out, len) != 0)
		return NULL;
	return out;
}

/* Open a fresh database in a new directory dir (mkdtemp template). */
static struct db *
fresh(char *dir, char *dbp, size_t dbplen)
{
	struct db	*db = NULL;
	char		 err[256];

	if (mkdtemp(dir) == NULL)
		return NULL;
	snprintf(dbp, dbplen, "%s/inv.db", dir);
	if (db_open(dbp, 0, &db, err, sizeof(err)) != 0)
		return NULL;
	return db;
}

TEST_IMPL(inject_html)
{
	char		 dir[] = "/tmp/iomt-inject.XXXXXX", dbp[96], path[128];
	struct db	*db;
	char		*out;
	size_t		 len = 0;
	const char	*p;

	ASSERT_NOT_NULL(db = fresh(dir, dbp, sizeof(dbp)));
	ASSERT_EQ(fill(db), 0);
	snprintf(path, sizeof(path), "%s/en.html", dir);
	ASSERT_NOT_NULL(out = html_of(db, "en", path, &len));
	ASSERT_EQ(strlen(out), len);
	ASSERT(utf8_ok(out, len));
	ASSERT(strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	/* one script, ours, after every device string */
	ASSERT_EQ(count(out, "<script"), 1);
	ASSERT_EQ(count(out, "</script"), 1);
	ASSERT_NOT_NULL(p = strstr(out, "<script>"));
	ASSERT(strncmp(p + 8, "(function () {", 14) == 0);
	ASSERT(strstr(p, "alert(") == NULL);
	/* the hostile strings are there, as text */
	ASSERT(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	ASSERT(strstr(out, "&quot; onmouseover=&quot;alert(2)&quot; "
	    "x=&#39;") != NULL);
	ASSERT(strstr(out, "&lt;/svg&gt;&lt;script&gt;alert(3)") != NULL);
	ASSERT(strstr(out, "&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(6)")
	    != NULL);
	ASSERT(strstr(out, "ICU &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;A&quot;")
	    != NULL);
	ASSERT(strstr(out, "&lt;script&gt;held&lt;/script&gt;") != NULL);
	ASSERT(strstr(out, "x&quot;&gt;&lt;img src=x onerror=alert(4)&gt;")
	    != NULL);
	ASSERT(strstr(out, "<img") == NULL);
	ASSERT(strstr(out, "<iframe") == NULL);
	ASSERT(strstr(out, "<b>title") == NULL);
	ASSERT(strstr(out, "\" onmouseover") == NULL);
	ASSERT(strstr(out, "onerror=alert(4)>") == NULL);
	/* U+2028 as a reference, overrides and bad bytes replaced */
	ASSERT(strstr(out, "\xe2\x80\xa8") == NULL);
	ASSERT(strstr(out, "\xe2\x80\xae") == NULL);
	ASSERT(strstr(out, "Line&#x2028;Sep \xef\xbf\xbdRTL "
	    "\xef\xbf\xbd\xef\xbf\xbd bad") != NULL);
	/* the diagram: one inline <svg>, no prolog, nothing that loads */
	ASSERT_EQ(count(out, "<svg"), 1);
	ASSERT_EQ(count(out, "</svg>"), 1);
	ASSERT(strstr(out, "<?xml") == NULL);
	ASSERT(strstr(out, "<!DOCTYPE svg") == NULL);
	ASSERT(strstr(out, "<!--") == NULL);
	ASSERT(strstr(out, "src=\"") == NULL);
	for (p = out; (p = strstr(p, "href=")) != NULL; p++)
		ASSERT(strncmp(p, "href=\"#", 7) == 0);
	ASSERT(strstr(out, "Content-Security-Policy\" content=\""
	    "default-src 'none';") != NULL);
	/* the counts */
	ASSERT(strstr(out, "data-count=\"devices\"><div class=\"n\">3<") !=
	    NULL);
	ASSERT(strstr(out, "data-count=\"medical\"><div class=\"n\">1<") !=
	    NULL);
	ASSERT(strstr(out, "data-count=\"remote\"><div class=\"n\">1<") !=
	    NULL);
	ASSERT(strstr(out, "data-count=\"unmanaged\"><div class=\"n\">3<") !=
	    NULL);
	free(out);

	/* Japanese: the same page in the other language */
	snprintf(path, sizeof(path), "%s/ja.html", dir);
	ASSERT_NOT_NULL(out = html_of(db, "ja", path, &len));
	ASSERT(utf8_ok(out, len));
	ASSERT(strstr(out, "<html lang=\"ja\">") != NULL);
	ASSERT(strstr(out, "画面の遠隔操作（VNC）") != NULL);
	ASSERT(strstr(out, "輸液ポンプ") != NULL);
	ASSERT_EQ(count(out, "<script"), 1);
	free(out);
	ASSERT_EQ(report_export_html(db, NULL, NULL, "fr", stdout),
	    IOMT_EINVAL);
	db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

TEST_IMPL(inject_html_empty)
{
	char		 dir[] = "/tmp/iomt-inject.XXXXXX", dbp[96], path[128];
	struct db	*db;
	char		*out;
	size_t		 len = 0;

	ASSERT_NOT_NULL(db = fresh(dir, dbp, sizeof(dbp)));
	snprintf(path, sizeof(path), "%s/e.html", dir);
	ASSERT_NOT_NULL(out = html_of(db, "ja", path, &len));
	ASSERT(utf8_ok(out, len));
	ASSERT(strstr(out, "data-count=\"devices\"><div class=\"n\">0<") !=
	    NULL);
	ASSERT(strstr(out, "</html>\n") != NULL);
	ASSERT_EQ(count(out, "<svg"), 0);
	ASSERT_EQ(count(out, "<tbody>\n</tbody>"), 1);
	free(out);
	db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

/* Run fn on db into path and read the result back (free it). */
static char *
export_of(struct db *db, const char *format, const char *path)
{
	FILE	*fp = fopen(path, "w");
	char	*out = NULL;
	int	 r;

	if (fp == NULL)
		return NULL;
	r = strcmp(format, "csv") == 0 ? report_export_csv(db, NULL, fp) :
	    report_export_diagram(db, NULL, NULL, format, fp);
	if (fclose(fp) != 0 || r != 0)
		return NULL;
	if (file_read(path, 1 << 22, &out, NULL) != 0)
		return NULL;
	return out;
}

TEST_IMPL(inject_csv_formula)
{
	static const char *const want[] = { "\"'=1+1\"",
	    "\"'+cmd|' /C calc'!A0\"", "\"'-2+3\"", "\"'@SUM(A1)\"",
	    "\"'\t=tab\"", "\"'\r=cr\"" };
	char		 dir[] = "/tmp/iomt-inject.XXXXXX", dbp[96], path[128];
	struct db	*db;
	char		*out;

	ASSERT_NOT_NULL(db = fresh(dir, dbp, sizeof(dbp)));
	ASSERT_EQ(fill(db), 0);
	snprintf(path, sizeof(path), "%s/inv.csv", dir);
	ASSERT_NOT_NULL(out = export_of(db, "csv", path));
	/* service name and banner: each formula defused, twice per row */
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_EQ(count(out, want[i]), 2);
	ASSERT(strstr(out, ",\"=") == NULL);
	ASSERT(strstr(out, ",\"+") == NULL);
	ASSERT(strstr(out, ",\"-") == NULL);
	ASSERT(strstr(out, ",\"@") == NULL);
	ASSERT(strstr(out, ",\"\t") == NULL);
	ASSERT(strstr(out, ",\"\r") == NULL);
	free(out);
	db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}

TEST_IMPL(inject_dot)
{
	char		 dir[] = "/tmp/iomt-inject.XXXXXX", dbp[96], path[128];
	struct db	*db;
	char		*out;
	Agraph_t	*g;
	Agnode_t	*n;
	size_t		 nodes = 0;
	const char	*label;

	ASSERT_NOT_NULL(db = fresh(dir, dbp, sizeof(dbp)));
	ASSERT_EQ(fill(db), 0);
	snprintf(path, sizeof(path), "%s/net.dot", dir);
	ASSERT_NOT_NULL(out = export_of(db, "dot", path));
	ASSERT_NOT_NULL(g = agmemread(out));
	/* the scanner and three hosts, nothing injected */
	for (Agnode_t *m = agfstnode(g); m != NULL; m = agnxtnode(g, m))
		nodes++;
	ASSERT_EQ(nodes, 4);
	ASSERT_NULL(agnode(g, (char *)(uintptr_t)"evil", 0));
	ASSERT_NOT_NULL(n = agnode(g, (char *)(uintptr_t)"198.18.0.52", 0));
	ASSERT_NOT_NULL(label = agget(n, (char *)(uintptr_t)"label"));
	/* the whole vendor and model, backslashes doubled for the
	 * escString, the bogus class shown as unknown */
	ASSERT(strstr(label, "x\" ]; evil [label=\"y\\\\ {a|b}\\\\") != NULL);
	ASSERT(strstr(label, "[unknown]") != NULL);
	ASSERT(strstr(label, "{evil}") == NULL);
	agclose(g);
	free(out);

	/* SVG: well-formed enough for the HTML report to embed */
	snprintf(path, sizeof(path), "%s/net.svg", dir);
	ASSERT_NOT_NULL(out = export_of(db, "svg", path));
	ASSERT_EQ(count(out, "<svg"), 1);
	ASSERT(strstr(out, "<script") == NULL);
	ASSERT(strstr(out, "&lt;script&gt;alert(1)") != NULL);
	free(out);
	db_close(db);
	ASSERT_EQ(test_rmtree(dir), 0);
	return 0;
}
