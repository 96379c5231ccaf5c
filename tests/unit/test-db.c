/*
 * test-db.c - the SQLite inventory (src/db/) and its exports (src/report/)
 * against real files.
 *
 * Every test works in its own directory under /tmp and removes it.  They
 * check what docs/SCHEMA.md promises of the inventory: a fresh file migrates to
 * the current schema, a second scan keeps history without duplicates, a
 * newer schema or a file that is not an inventory is refused without being
 * touched, device strings are bound and exported safely, a scan killed
 * mid-batch leaves the earlier batches intact, and the connection keeps
 * working after the scanner drops root.  The exports are checked with a
 * real JSON and CSV parser (tests/fixtures/export/check_export.py) when
 * python3 is installed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/report.h"
#include "iomt/util.h"
#include "runner.h"

struct tdir {
	char	 dir[64];
	char	 db[96];
};

static int
tdir_make(struct tdir *t)
{
	strlcpy(t->dir, "/tmp/iomt-db.XXXXXX", sizeof(t->dir));
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->db, sizeof(t->db), "%s/inv.db", t->dir);
	return 0;
}

static void
tdir_free(struct tdir *t)
{
	if (t->dir[0] != '\0')
		test_rmtree(t->dir);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf = NULL;
	long	 n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	n = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
	if (n >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(fp);
	return buf;
}

/* A 32-bit big-endian header field of an SQLite file. */
static long long
header_u32(const char *path, off_t off)
{
	unsigned char	 b[4];
	int		 fd = open(path, O_RDONLY);
	ssize_t		 n;

	if (fd < 0)
		return -1;
	n = pread(fd, b, 4, off);
	close(fd);
	if (n != 4)
		return -1;
	return ((long long)b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
}

static int
header_set_u32(const char *path, off_t off, uint32_t v)
{
	unsigned char	 b[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };
	int		 fd = open(path, O_WRONLY);
	ssize_t		 n;

	if (fd < 0)
		return -1;
	n = pwrite(fd, b, 4, off);
	close(fd);
	return n == 4 ? 0 : -1;
}

/* Write the output of fn(db, NULL, fp) to path. */
static int
dump(struct db *db, int (*fn)(struct db *,
    const struct report_opts *, FILE *), const char *path)
{
	FILE	*fp = fopen(path, "w");
	int	 r;

	if (fp == NULL)
		return -1;
	r = fn(db, NULL, fp);
	if (fclose(fp) != 0 && r == 0)
		r = -1;
	return r;
}

/*
 * Run check_export.py MODE FILE [EXTRA]: 0 pass, 1 fail, 77 when python3
 * is not installed (the caller prints a note and relies on its own checks).
 */
static int
pycheck(const char *mode, const char *file, const char *extra)
{
	char	 cmd[1024];
	int	 st;

	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		printf("  note: python3 not installed; %s check skipped\n",
		    mode);
		return 77;
	}
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/fixtures/export/"
	    "check_export.py' %s '%s' %s%s%s", test_srcdir(), mode, file,
	    extra != NULL ? "'" : "", extra != NULL ? extra : "",
	    extra != NULL ? "'" : "");
	st = system(cmd);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

/* The bytes are valid UTF-8 and hold no control byte but those in allow. */
static int
clean_text(const char *s, size_t n, const char *allow)
{
	size_t	 i = 0;

	while (i < n) {
		unsigned char	 c = (unsigned char)s[i];
		size_t		 l, k;

		if (c < 0x80) {
			if ((c < 0x20 && strchr(allow, c) == NULL) ||
			    c == 0x7f || c == 0)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			l = 2;
		else if (c >= 0xe0 && c <= 0xef)
			l = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			l = 4;
		else
			return 0;
		if (n - i < l)
			return 0;
		for (k = 1; k < l; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				return 0;
		i += l;
	}
	return 1;
}

static const uint8_t	 mac_philips[6] = { 0x00, 0x09, 0xfb, 0x01, 0x02,
    0x03 };

/* A small, complete inventory: two hosts, every kind of row. */
static int
populate(struct db *db, int64_t *scan_out)
{
	struct db_identity	 id;
	int64_t			 scan, h1, h2;

	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24",
	    "{\"level\":\"standard\",\"ports\":3}", &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.12", mac_philips,
	    "Philips Medical Systems", "arp", &h1), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.2", NULL, NULL, "connect",
	    &h2), 0);
	ASSERT_EQ(db_host_state(db, scan, h1, "up", NULL), 0);
	ASSERT_EQ(db_host_state(db, scan, h2, "breaker",
	    "3 timeouts in a row"), 0);
	ASSERT_EQ(db_service(db, scan, h1, "tcp", 104, "open", "dicom", NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, h1, "tcp", 80, "open", "http",
	    "nginx/1.22"), 0);
	ASSERT_EQ(db_service(db, scan, h1, "udp", 161, "open", "snmp", NULL),
	    0);
	ASSERT_EQ(db_service(db, scan, h1, "tcp", 23, "closed", NULL, NULL),
	    0);
	ASSERT_EQ(db_observation(db, scan, h1, "tcp", 80, "http-get",
	    "http.server", "nginx/1.22"), 0);
	ASSERT_EQ(db_observation(db, scan, h1, NULL, 0, "arp", "mac",
	    "00:09:fb:01:02:03"), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1700000000123456), "198.18.0.12",
	    "tcp", 80, "tcp-connect", 0, "service"), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1700000000523456), "198.18.0.12",
	    "udp", 161, "udp", 85, "snmp-get"), 0);
	ASSERT_EQ(db_audit(db, scan, INT64_C(1700000000000001), "198.18.0.2",
	    NULL, 0, "arp", 42, NULL), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "Philips";
	id.model = "IntelliVue MX450";
	id.device_class = "patient-monitor";
	id.firmware = "M.00.03";
	id.confidence = 80;
	id.evidence_json = "[{\"field\":\"model\",\"value\":\"IntelliVue "
	    "MX450\",\"source\":\"http.title@tcp/80\"}]";
	ASSERT_EQ(db_identity_set(db, scan, h1, &id), 0);
	ASSERT_EQ(db_finding(db, scan, h1, "cleartext-http", "medium", 80,
	    "Web interface without TLS", "Passwords cross the network in "
	    "clear text."), 0);
	ASSERT_EQ(db_fragile_set(db, scan, h1, "F14", "stalls under SYN "
	    "bursts", "{\"max_pps\":2,\"max_conns\":1}", "oui 00:09:fb"), 0);
	ASSERT_EQ(db_error(db, scan, "lua:probes/x.lua:3", "disabled"), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{\"hosts_up\":2}"), 0);
	if (scan_out != NULL)
		*scan_out = scan;
	return 0;
}

TEST_IMPL(db_migrate_fresh)
{
	static const char *const tables[] = { "scans", "hosts", "host_scans",
	    "services", "observations", "audit", "errors", "identities",
	    "findings", "host_fragile" };
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256];
	int64_t		 n;
	size_t		 i;
	struct stat	 sb;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_NOT_NULL(db);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		ASSERT_EQ(db_count(db, tables[i], &n), 0);
		ASSERT_EQ(n, 0);
	}
	ASSERT_EQ(db_count(db, "sqlite_master", &n), IOMT_EINVAL);
	ASSERT_EQ(db_check(db, err, sizeof(err)), 0);
	db = db_close(db);
	ASSERT_NULL(db);
	/* user_version at offset 60, application_id ("IOMT") at 68. */
	ASSERT_EQ(header_u32(t.db, 60), DB_SCHEMA_VERSION);
	ASSERT_EQ(header_u32(t.db, 68), 0x494f4d54);
	/* Closed cleanly: back to a rollback journal (file format bytes 18
	 * and 19 are 1; WAL is 2 while open), no -wal or -shm left. */
	{
		size_t	 len;
		char	*b = slurp(t.db, &len);

		ASSERT_NOT_NULL(b);
		ASSERT(len >= 100);
		ASSERT_EQ(b[18], 1);
		ASSERT_EQ(b[19], 1);
		free(b);
	}
	{
		char	 p[128];

		snprintf(p, sizeof(p), "%s-wal", t.db);
		ASSERT(stat(p, &sb) != 0);
		snprintf(p, sizeof(p), "%s-shm", t.db);
		ASSERT(stat(p, &sb) != 0);
	}
	/* Opening again migrates nothing and reads fine, also read-only;
	 * while a read-write connection is open the file is in WAL mode. */
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	{
		size_t	 len;
		char	*b = slurp(t.db, &len);

		ASSERT_NOT_NULL(b);
		ASSERT(len >= 100);
		ASSERT_EQ(b[18], 2);
		free(b);
	}
	db = db_close(db);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_count(db, "hosts", &n), 0);
	db = db_close(db);
	ASSERT_EQ(header_u32(t.db, 60), DB_SCHEMA_VERSION);
	tdir_free(&t);
	return 0;
}

struct svc_seen {
	int		 n;
	int64_t		 first80, last80;
	char		 banner80[64];
	int		 have22;
};

static int
svc_cb(void *arg, const struct db_service_row *row)
{
	struct svc_seen	*s = arg;

	s->n++;
	if (row->port == 80 && strcmp(row->proto, "tcp") == 0) {
		s->first80 = row->first_seen;
		s->last80 = row->last_seen;
		strlcpy(s->banner80, row->banner != NULL ? row->banner :
		    "(null)", sizeof(s->banner80));
	}
	if (row->port == 22)
		s->have22 = 1;
	return 0;
}

TEST_IMPL(db_reopen_keeps_history)
{
	struct tdir	 t;
	struct db	*db = NULL;
	struct db_host	 h;
	struct svc_seen	 s;
	char		 err[256];
	int64_t		 scan1, scan2, a, a2, b, n;

	ASSERT_EQ(tdir_make(&t), 0);

	/* First scan at t=1000. */
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, 1000);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan1), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan1, "198.18.0.10", mac_philips,
	    "Philips Medical Systems", "arp", &a), 0);
	ASSERT_EQ(db_service(db, scan1, a, "tcp", 80, "open", "http",
	    "Apache"), 0);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan1, "complete", "{}"), 0);
	db = db_close(db);

	/* Second scan at t=2000: the host answers by connect (no MAC). */
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, 2000);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan2), 0);
	ASSERT_NE(scan1, scan2);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan2, "198.18.0.10", NULL, NULL,
	    "connect", &a2), 0);
	ASSERT_EQ(a, a2);
	/* Seen twice in one scan: still one host, one link. */
	ASSERT_EQ(db_host_seen(db, scan2, "198.18.0.10", NULL, NULL, "arp",
	    &a2), 0);
	ASSERT_EQ(a, a2);
	ASSERT_EQ(db_service(db, scan2, a, "tcp", 80, "open", NULL, NULL), 0);
	ASSERT_EQ(db_service(db, scan2, a, "tcp", 22, "open", "ssh", NULL),
	    0);
	ASSERT_EQ(db_host_seen(db, scan2, "198.18.0.11", NULL, NULL,
	    "connect", &b), 0);
	ASSERT_NE(a, b);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan2, "complete", "{}"), 0);
	db = db_close(db);

	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_count(db, "hosts", &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(db_count(db, "services", &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(db_count(db, "host_scans", &n), 0);
	ASSERT_EQ(n, 3);
	ASSERT_EQ(db_count(db, "scans", &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(db_host_find(db, "198.18.0.10", &a2), 0);
	ASSERT_EQ(a2, a);
	ASSERT_EQ(db_host_find(db, "198.18.0.99", &a2), IOMT_ENOTFOUND);
	ASSERT_EQ(db_host_get(db, a, &h), 0);
	ASSERT_STR_EQ(h.ip, "198.18.0.10");
	ASSERT_EQ(h.first_seen, 1000);
	ASSERT_EQ(h.last_seen, 2000);
	ASSERT_EQ(h.first_scan, scan1);
	ASSERT_EQ(h.last_scan, scan2);
	/* A connect-only sighting keeps the MAC and vendor ARP found. */
	ASSERT_STR_EQ(h.mac, "00:09:fb:01:02:03");
	ASSERT_STR_EQ(h.oui_vendor, "Philips Medical Systems");
	memset(&s, 0, sizeof(s));
	ASSERT_EQ(db_foreach_service(db, a, svc_cb, &s), 0);
	ASSERT_EQ(s.n, 2);
	ASSERT_EQ(s.first80, 1000);
	ASSERT_EQ(s.last80, 2000);
	/* A NULL banner does not erase the one seen before. */
	ASSERT_STR_EQ(s.banner80, "Apache");
	ASSERT(s.have22);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}

TEST_IMPL(db_newer_schema_refused)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], *before, *after, num[32];
	size_t		 lb, la;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(populate(db, NULL), 0);
	db = db_close(db);
	ASSERT_EQ(header_set_u32(t.db, 60, DB_SCHEMA_VERSION + 98), 0);
	before = slurp(t.db, &lb);
	ASSERT_NOT_NULL(before);

	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), IOMT_EDB);
	ASSERT_NULL(db);
	ASSERT(strstr(err, "newer") != NULL);
	snprintf(num, sizeof(num), "version %d,", DB_SCHEMA_VERSION + 98);
	ASSERT(strstr(err, num) != NULL);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), IOMT_EDB);
	ASSERT_NULL(db);
	ASSERT(strstr(err, "newer") != NULL);

	after = slurp(t.db, &la);
	ASSERT_NOT_NULL(after);
	ASSERT_EQ(la, lb);
	ASSERT(memcmp(before, after, la) == 0);
	free(before);
	free(after);
	tdir_free(&t);
	return 0;
}

TEST_IMPL(db_not_a_database)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], *before, *after, p[128];
	size_t		 lb, la, i;
	FILE		*fp;
	uint32_t	 x = 12345;
	struct stat	 sb;

	ASSERT_EQ(tdir_make(&t), 0);
	/* 4 KiB of noise, as tests/cli/t-bad-db.sh uses. */
	fp = fopen(t.db, "wb");
	ASSERT_NOT_NULL(fp);
	for (i = 0; i < 4096; i++) {
		x = x * 1103515245 + 12345;
		fputc((int)(x >> 16) & 0xff, fp);
	}
	fclose(fp);
	before = slurp(t.db, &lb);
	ASSERT_NOT_NULL(before);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), IOMT_EDAMAGED);
	ASSERT_NULL(db);
	ASSERT(strstr(err, "not a database") != NULL);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), IOMT_EDAMAGED);
	ASSERT(strstr(err, "not a database") != NULL);
	after = slurp(t.db, &la);
	ASSERT_EQ(la, lb);
	ASSERT(memcmp(before, after, la) == 0);
	snprintf(p, sizeof(p), "%s-wal", t.db);
	ASSERT(stat(p, &sb) != 0);
	free(before);
	free(after);

	/* A text file. */
	fp = fopen(t.db, "w");
	ASSERT_NOT_NULL(fp);
	fputs("hosts: 198.18.0.1\n", fp);
	fclose(fp);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), IOMT_EDAMAGED);
	ASSERT(strstr(err, "not a database") != NULL);

	/* Another program's SQLite database (its own application_id). */
	unlink(t.db);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db = db_close(db);
	ASSERT_EQ(header_set_u32(t.db, 68, 0x12345678), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), IOMT_EDB);
	ASSERT(strstr(err, "not an iomtscan inventory") != NULL);

	/* Missing file: read-only open fails and creates nothing. */
	unlink(t.db);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), IOMT_EDB);
	ASSERT(err[0] != '\0');
	ASSERT(stat(t.db, &sb) != 0);
	/* Empty file: read-only refuses, read-write makes an inventory. */
	fp = fopen(t.db, "w");
	ASSERT_NOT_NULL(fp);
	fclose(fp);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), IOMT_EDB);
	ASSERT(strstr(err, "empty") != NULL);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db = db_close(db);
	/* A path that cannot be created. */
	ASSERT_EQ(db_open("/proc/iomt-no/such.db", 0, &db, err, sizeof(err)),
	    IOMT_EDB);
	ASSERT(strstr(err, "unable to open") != NULL);
	tdir_free(&t);
	return 0;
}

/* Bytes 1..255: every non-NUL byte, most of them not UTF-8. */
static void
all_bytes(char *buf)
{
	int	 i;

	for (i = 1; i < 256; i++)
		buf[i - 1] = (char)i;
	buf[255] = '\0';
}

static int
banner_len_cb(void *arg, const struct db_service_row *row)
{
	if (row->port == 80 && row->banner != NULL)
		*(size_t *)arg = strlen(row->banner);
	return 0;
}

TEST_IMPL(db_hostile_strings_bound)
{
	static const char inj[] = "'); DROP TABLE hosts;--";
	struct tdir		 t;
	struct db		*db = NULL;
	struct db_identity	 id;
	char			 err[256], bytes[256], vendor[128], path[128];
	char			*big, *out;
	int64_t			 scan, h, h2, hi, n;
	size_t			 len, blen = 0;
	int			 pr;

	ASSERT_EQ(tdir_make(&t), 0);
	all_bytes(bytes);
	big = malloc(10241);
	ASSERT_NOT_NULL(big);
	memset(big, 'A', 10240);
	memcpy(big, "BANNER\"\\\n\r", 10);
	big[10240] = '\0';
	snprintf(vendor, sizeof(vendor), "Evil \"Corp\" %s", inj);

	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, inj, "{\"x\":\"'); DROP TABLE scans;--\"}",
	    &scan), 0);
	ASSERT_EQ(db_begin(db), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.66", mac_philips, vendor,
	    inj, &h), 0);
	ASSERT_EQ(db_host_seen(db, scan, inj, NULL, NULL, "connect", &hi), 0);
	ASSERT_EQ(db_host_state(db, scan, hi, "breaker", inj), 0);
	ASSERT_EQ(db_service(db, scan, h, "tcp", 80, "open", "http", big), 0);
	ASSERT_EQ(db_service(db, scan, h, "tcp", 21, "open", "ftp", bytes),
	    0);
	ASSERT_EQ(db_service(db, scan, h, "tcp", 22, "open",
	    "<script>alert(1)</script>\x1b[31m", "=cmd|' /C calc'!A0"), 0);
	ASSERT_EQ(db_observation(db, scan, h, "tcp", 80, inj, bytes, big), 0);
	ASSERT_EQ(db_audit(db, scan, 1, inj, "tcp", 1, bytes, 3, bytes), 0);
	memset(&id, 0, sizeof(id));
	id.vendor = "Ven\xc3\xa9" "dor \xe2\x80\xa8 line";
	id.model = "=HYPERLINK(\"http://x\")";
	id.device_class = bytes;
	id.os = "\x1b]0;owned\x07";
	id.confidence = 100;
	id.evidence_json = "[{\"field\":\"model\",\"value\":\"X\\u0000Y"
	    "\\ud800\",\"source\":\"http\"},{\"field\":\"f\",\"value\":1,"
	    "\"source\":\"\xff\xfe\"},5,\"not an object\",[]]";
	ASSERT_EQ(db_identity_set(db, scan, h, &id), 0);
	ASSERT_EQ(db_finding(db, scan, h, "-2+3", "high", 0, "@SUM(A1)", big),
	    0);
	ASSERT_EQ(db_error(db, scan, inj, bytes), 0);
	/* Malformed stored JSON: exported as [] / null, never copied. */
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.67", NULL, NULL, "arp",
	    &h2), 0);
	id.evidence_json = "[{\"field\":\"model\",\"value\":\"unterminated";
	ASSERT_EQ(db_identity_set(db, scan, h2, &id), 0);
	ASSERT_EQ(db_fragile_set(db, scan, h2, "F1", "x", "{\"a\":}", NULL),
	    0);
	/* Bad enumerations are refused before SQLite sees them. */
	ASSERT_EQ(db_service(db, scan, h, "tcp", 80, inj, NULL, NULL),
	    IOMT_EINVAL);
	ASSERT_EQ(db_service(db, scan, h, inj, 80, "open", NULL, NULL),
	    IOMT_EINVAL);
	ASSERT_EQ(db_host_state(db, scan, h, inj, NULL), IOMT_EINVAL);
	ASSERT_EQ(db_finding(db, scan, h, "x", inj, 0, "t", NULL),
	    IOMT_EINVAL);
	ASSERT_EQ(db_commit(db), 0);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "not json {"), 0);

	/* Every table is still there and holds what was written. */
	ASSERT_EQ(db_count(db, "hosts", &n), 0);
	ASSERT_EQ(n, 3);
	ASSERT_EQ(db_count(db, "scans", &n), 0);
	ASSERT_EQ(n, 1);
	ASSERT_EQ(db_host_find(db, inj, &n), 0);
	ASSERT_EQ(n, hi);
	ASSERT_EQ(db_foreach_service(db, h, banner_len_cb, &blen), 0);
	ASSERT_EQ(blen, 4096);
	ASSERT_EQ(db_check(db, err, sizeof(err)), 0);

	/* JSON: valid UTF-8, no raw control bytes, parses. */
	snprintf(path, sizeof(path), "%s/out.json", t.dir);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(clean_text(out, len, "\n"));
	ASSERT(strstr(out, "\\u001B[31m") != NULL);
	ASSERT(strstr(out, "\"stats\": null") != NULL);
	free(out);
	pr = pycheck("hostile", path, NULL);
	ASSERT(pr == 0 || pr == 77);

	/* CSV: RFC 4180, no formula cells. */
	snprintf(path, sizeof(path), "%s/out.csv", t.dir);
	ASSERT_EQ(dump(db, report_export_csv, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(clean_text(out, len, "\t\r\n"));
	ASSERT(strstr(out, "\"'=HYPERLINK(\"\"http://x\"\")\"") != NULL);
	ASSERT(strstr(out, "\"'=cmd|' /C calc'!A0\"") != NULL);
	free(out);
	pr = pycheck("csv", path, NULL);
	ASSERT(pr == 0 || pr == 77);

	/* Terminal views: no escape sequences reach the terminal. */
	snprintf(path, sizeof(path), "%s/hosts.txt", t.dir);
	ASSERT_EQ(dump(db, report_hosts, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(clean_text(out, len, "\n"));
	ASSERT(strstr(out, "! check device") != NULL);
	free(out);
	snprintf(path, sizeof(path), "%s/host.txt", t.dir);
	{
		FILE	*fp = fopen(path, "w");

		ASSERT_NOT_NULL(fp);
		ASSERT_EQ(report_host(db, NULL, "198.18.0.66", fp), 0);
		ASSERT_EQ(report_host(db, NULL, inj, fp), 0);
		ASSERT_EQ(report_audit(db, NULL, fp), 0);
		ASSERT_EQ(report_audit(db, inj, fp), 0);
		fclose(fp);
	}
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(clean_text(out, len, "\n"));
	ASSERT(strstr(out, "\\x1b]0;owned\\x07") != NULL);
	free(out);
	db = db_close(db);
	free(big);
	tdir_free(&t);
	return 0;
}

TEST_IMPL(db_export_json_shape)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], path[128], schema[512], *out;
	size_t		 len;
	int		 pr;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	db_set_now(db, 1700000000);
	ASSERT_EQ(populate(db, NULL), 0);
	db = db_close(db);

	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	db_set_now(db, 1700000100);
	snprintf(path, sizeof(path), "%s/out.json", t.dir);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(clean_text(out, len, "\n"));
	ASSERT(strstr(out, "\"schema\": \"iomtscan-inventory/1\"") != NULL);
	ASSERT(strstr(out, "\"generated\": \"2023-11-14T22:15:00Z\"") !=
	    NULL);
	ASSERT(strstr(out, "\"mac\": \"00:09:fb:01:02:03\"") != NULL);
	ASSERT(strstr(out, "\"mac\": null") != NULL);
	ASSERT(strstr(out, "\"probes_sent\": 2") != NULL);
	ASSERT(strstr(out, "\"state\": \"breaker\"") != NULL);
	ASSERT(strstr(out, "\"identity\": null") != NULL);
	ASSERT(strstr(out, "\"fragile\": null") != NULL);
	ASSERT(strstr(out, "\"profile_id\": \"F14\"") != NULL);
	/* Stored JSON comes back as JSON, not as a string. */
	{
		json_t	*doc = json_loads(out, 0, NULL), *h, *want;

		ASSERT_NOT_NULL(doc);
		h = json_array_get(json_object_get(doc, "hosts"), 1);
		ASSERT_STR_EQ(json_string_value(json_object_get(h, "ip")),
		    "198.18.0.12");
		want = json_pack("{s:i, s:i}", "max_pps", 2, "max_conns", 1);
		ASSERT(json_equal(json_object_get(json_object_get(h,
		    "fragile"), "policy"), want));
		json_decref(want);
		want = json_pack("[{s:s, s:s, s:s}]", "field", "model",
		    "value", "IntelliVue MX450", "source",
		    "http.title@tcp/80");
		ASSERT(json_equal(json_object_get(json_object_get(h,
		    "identity"), "evidence"), want));
		json_decref(want);
		json_decref(doc);
	}
	/* Hosts in numeric order: .2 before .12. */
	ASSERT(strstr(out, "\"198.18.0.2\"") < strstr(out, "\"198.18.0.12\""));
	free(out);
	snprintf(schema, sizeof(schema), "%s/docs/json-schema/"
	    "inventory.schema.json", test_srcdir());
	pr = pycheck("shape", path, schema);
	ASSERT(pr == 0 || pr == 77);
	pr = pycheck("closed", path, schema);	/* unknown keys refused */
	ASSERT(pr == 0 || pr == 77);

	snprintf(path, sizeof(path), "%s/out.csv", t.dir);
	ASSERT_EQ(dump(db, report_export_csv, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strncmp(out, "ip,mac,oui_vendor,", 18) == 0);
	ASSERT(strstr(out, "\"198.18.0.12\",\"00:09:fb:01:02:03\"") != NULL);
	free(out);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}

/*
 * A child commits one batch, starts a second, writes into it and is
 * killed with SIGKILL mid-batch.  The first batch survives, the second
 * leaves no trace, the file is consistent, and the next read-write open
 * marks the dead process's scan aborted.
 */
TEST_IMPL(db_kill_mid_batch)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], path[128], *out;
	int		 fds[2], status, i;
	pid_t		 pid;
	int64_t		 n, id;
	size_t		 len;
	char		 c;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(pipe(fds), 0);
	pid = fork();
	ASSERT(pid >= 0);
	if (pid == 0) {
		int64_t	 scan, h;
		char	 v[512];

		close(fds[0]);
		memset(v, 'v', sizeof(v) - 1);
		v[sizeof(v) - 1] = '\0';
		if (db_open(t.db, 0, &db, err, sizeof(err)) != 0 ||
		    db_scan_begin(db, "198.18.0.0/24", "{}", &scan) != 0 ||
		    db_begin(db) != 0 ||
		    db_host_seen(db, scan, "198.18.0.1", NULL, NULL, "arp",
		    &h) != 0 ||
		    db_service(db, scan, h, "tcp", 80, "open", NULL,
		    NULL) != 0 ||
		    db_commit(db) != 0 || db_begin(db) != 0 ||
		    db_host_seen(db, scan, "198.18.0.2", NULL, NULL, "arp",
		    &h) != 0)
			_exit(3);
		for (i = 0; i < 3000; i++)
			if (db_observation(db, scan, h, "tcp", 80, "p", "k",
			    v) != 0)
				_exit(4);
		if (write(fds[1], "x", 1) != 1)
			_exit(5);
		for (;;)
			pause();
	}
	close(fds[1]);
	ASSERT_EQ(read(fds[0], &c, 1), 1);
	close(fds[0]);
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT(WIFSIGNALED(status));

	/* A reader sees the committed batch while the scan is "running". */
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.1", &id), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.2", &id), IOMT_ENOTFOUND);
	db = db_close(db);

	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_check(db, err, sizeof(err)), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.1", &id), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.2", &id), IOMT_ENOTFOUND);
	ASSERT_EQ(db_count(db, "services", &n), 0);
	ASSERT_EQ(n, 1);
	ASSERT_EQ(db_count(db, "observations", &n), 0);
	ASSERT_EQ(n, 0);
	snprintf(path, sizeof(path), "%s/out.json", t.dir);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "\"status\": \"aborted\"") != NULL);
	free(out);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}

/*
 * The scanner opens the database as root and then becomes nobody, who
 * may not create files next to it.  Writes, commits, an automatic
 * checkpoint and the close must all work with the descriptors opened
 * before the switch.
 */
TEST_IMPL(db_privdrop_write)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], path[128], *out;
	int		 status;
	pid_t		 pid;
	int64_t		 id, n;
	size_t		 len;

	if (geteuid() != 0) {
		printf("  note: not root; privilege-drop test skipped\n");
		return 0;
	}
	ASSERT_EQ(tdir_make(&t), 0);	/* root-owned, mode 0700 */
	pid = fork();
	ASSERT(pid >= 0);
	if (pid == 0) {
		int64_t	 scan, h = 0;
		char	 v[1024], probe[128];
		int	 i, fd;

		memset(v, 'v', sizeof(v) - 1);
		v[sizeof(v) - 1] = '\0';
		if (db_open(t.db, 0, &db, err, sizeof(err)) != 0)
			_exit(2);
		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		    setuid(65534) != 0 || getuid() != 65534)
			_exit(3);
		/* Prove the test means something: no new files here. */
		snprintf(probe, sizeof(probe), "%s/probe", t.dir);
		fd = open(probe, O_CREAT | O_WRONLY, 0600);
		if (fd >= 0 || errno != EACCES)
			_exit(4);
		if (db_scan_begin(db, "198.18.0.0/24", "{}", &scan) != 0)
			_exit(5);
		/* ~6 MB: several automatic checkpoints as nobody. */
		for (i = 0; i < 6000; i++) {
			if (i % 500 == 0 && db_begin(db) != 0)
				_exit(6);
			if (i == 0 && (db_host_seen(db, scan, "198.18.0.9",
			    NULL, NULL, "arp", &h) != 0 ||
			    db_service(db, scan, h, "tcp", 104, "open",
			    "dicom", NULL) != 0))
				_exit(7);
			if (db_observation(db, scan, h, "tcp", 104, "p", "k",
			    v) != 0)
				_exit(8);
			if (i % 500 == 499 && db_commit(db) != 0)
				_exit(9);
		}
		if (db_scan_end(db, scan, "complete", "{}") != 0)
			_exit(10);
		db_close(db);
		_exit(0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);

	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_check(db, err, sizeof(err)), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.9", &id), 0);
	ASSERT_EQ(db_count(db, "observations", &n), 0);
	ASSERT_EQ(n, 6000);
	snprintf(path, sizeof(path), "%s/out.json", t.dir);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "\"status\": \"complete\"") != NULL);
	free(out);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}

/*
 * Scans left "running": by a process that is gone they become "aborted"
 * at the next read-write open; by a live process (a scan writing right
 * now) they stay "running".  Read-only opens change nothing.
 */
TEST_IMPL(db_aborted_on_open)
{
	struct tdir	 t;
	struct db	*db = NULL;
	char		 err[256], path[128], *out;
	int		 fds[2], status;
	pid_t		 pid;
	size_t		 len;
	char		 c;

	ASSERT_EQ(tdir_make(&t), 0);
	snprintf(path, sizeof(path), "%s/out.json", t.dir);

	/* A live scanner. */
	ASSERT_EQ(pipe(fds), 0);
	pid = fork();
	ASSERT(pid >= 0);
	if (pid == 0) {
		int64_t	 scan;

		close(fds[0]);
		if (db_open(t.db, 0, &db, err, sizeof(err)) != 0 ||
		    db_scan_begin(db, "198.18.0.1", "{}", &scan) != 0)
			_exit(2);
		if (write(fds[1], "x", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(fds[1]);
	ASSERT_EQ(read(fds[0], &c, 1), 1);
	close(fds[0]);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	db = db_close(db);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "\"status\": \"running\"") != NULL);
	free(out);

	/* Now it dies. */
	kill(pid, SIGKILL);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	db = db_close(db);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "\"status\": \"running\"") != NULL);
	free(out);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(dump(db, report_export_json, path), 0);
	db = db_close(db);
	out = slurp(path, &len);
	ASSERT_NOT_NULL(out);
	ASSERT(strstr(out, "\"status\": \"aborted\"") != NULL);
	ASSERT(strstr(out, "\"status\": \"running\"") == NULL);
	free(out);
	tdir_free(&t);
	return 0;
}

/*
 * Batches nest; only the outermost commit writes.  db_scan_begin() and
 * db_scan_end() commit at once even inside a batch, so another process
 * sees the scan while the batch is still open; rows of the open batch
 * stay invisible to it until the commit.
 */
TEST_IMPL(db_batches_nest)
{
	struct tdir	 t;
	struct db	*w = NULL, *r = NULL;
	char		 err[256];
	int64_t		 scan, h, n;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &w, err, sizeof(err)), 0);
	ASSERT_EQ(db_commit(w), IOMT_EINVAL);
	ASSERT_EQ(db_begin(w), 0);
	ASSERT_EQ(db_begin(w), 0);
	ASSERT_EQ(db_scan_begin(w, "198.18.0.0/30", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(w, scan, "198.18.0.1", NULL, NULL, "arp", &h),
	    0);
	ASSERT_EQ(db_commit(w), 0);

	ASSERT_EQ(db_open(t.db, DB_RDONLY, &r, err, sizeof(err)), 0);
	ASSERT_EQ(db_count(r, "scans", &n), 0);
	ASSERT_EQ(n, 1);
	ASSERT_EQ(db_count(r, "hosts", &n), 0);
	ASSERT_EQ(n, 0);

	ASSERT_EQ(db_commit(w), 0);
	ASSERT_EQ(db_count(r, "hosts", &n), 0);
	ASSERT_EQ(n, 1);
	ASSERT_EQ(db_commit(w), IOMT_EINVAL);

	/* A read-only connection refuses to write. */
	ASSERT(db_scan_begin(r, "x", "{}", &scan) != 0);
	ASSERT(db_host_seen(r, 0, "198.18.0.3", NULL, NULL, "arp", &h) != 0);
	r = db_close(r);

	/* Pending rows are committed by db_close(). */
	ASSERT_EQ(db_begin(w), 0);
	ASSERT_EQ(db_host_seen(w, 0, "198.18.0.2", NULL, NULL, "arp", &h), 0);
	w = db_close(w);
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &r, err, sizeof(err)), 0);
	ASSERT_EQ(db_host_find(r, "198.18.0.2", &h), 0);
	r = db_close(r);
	tdir_free(&t);
	return 0;
}

struct obs_seen {
	int		 n;
	int64_t		 first_scan;
	char		 first_value[32];
};

static int
obs_cb(void *arg, const struct observation *row)
{
	struct obs_seen	*o = arg;

	if (o->n++ == 0) {
		o->first_scan = row->scan_id;
		strlcpy(o->first_value, row->value != NULL ? row->value : "",
		    sizeof(o->first_value));
	}
	return o->n == 3 ? 42 : 0;
}

static int
nested_cb(void *arg, const struct db_service_row *row)
{
	struct db	*db = arg;

	(void)row;
	return db_foreach_service(db, 1, svc_cb, NULL) == IOMT_EINVAL ? 7 :
	    1;
}

/* The readers the Lua layer uses: host, identity, services, observations. */
TEST_IMPL(db_readers)
{
	struct tdir		 t;
	struct db		*db = NULL;
	struct db_identity	 id;
	struct db_host		 h;
	struct obs_seen		 o;
	char			 err[256];
	int64_t			 scan1, scan2, hid;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(populate(db, &scan1), 0);
	ASSERT_EQ(db_host_find(db, "198.18.0.12", &hid), 0);
	ASSERT_EQ(db_host_get(db, hid, &h), 0);
	ASSERT_STR_EQ(h.ip, "198.18.0.12");
	ASSERT_STR_EQ(h.oui_vendor, "Philips Medical Systems");
	ASSERT_EQ(db_host_get(db, 999, &h), IOMT_ENOTFOUND);

	ASSERT_EQ(db_host_identity_get(db, hid, &id), 0);
	ASSERT_STR_EQ(id.vendor, "Philips");
	ASSERT_STR_EQ(id.model, "IntelliVue MX450");
	ASSERT_STR_EQ(id.device_class, "patient-monitor");
	ASSERT_STR_EQ(id.firmware, "M.00.03");
	ASSERT_NULL(id.os);
	ASSERT_EQ(id.confidence, 80);
	ASSERT(strstr(id.evidence_json, "http.title@tcp/80") != NULL);
	ASSERT_EQ(db_host_identity_get(db, 999, &id), IOMT_ENOTFOUND);

	/* Observations of a later scan come first. */
	ASSERT_EQ(db_scan_begin(db, "198.18.0.12", "{}", &scan2), 0);
	ASSERT_EQ(db_observation(db, scan2, hid, "tcp", 80, "http-get",
	    "http.server", "nginx/1.24"), 0);
	ASSERT_EQ(db_observation(db, 0, hid, NULL, 0, "script", "note",
	    "offline"), 0);
	memset(&o, 0, sizeof(o));
	ASSERT_EQ(db_foreach_observation(db, hid, obs_cb, &o), 42);
	ASSERT_EQ(o.n, 3);
	ASSERT_EQ(o.first_scan, scan2);
	ASSERT_STR_EQ(o.first_value, "nginx/1.24");
	memset(&o, 0, sizeof(o));
	ASSERT_EQ(db_foreach_observation(db, 999, obs_cb, &o), 0);
	ASSERT_EQ(o.n, 0);
	/* A callback may not restart its own iteration. */
	ASSERT_EQ(db_foreach_service(db, hid, nested_cb, db), 7);
	/* Bad arguments. */
	ASSERT_EQ(db_observation(db, scan2, hid, "tcp", 70000, "p", "k", "v"),
	    IOMT_EINVAL);
	ASSERT_EQ(db_scan_end(db, scan2, "finished", "{}"), IOMT_EINVAL);
	ASSERT_EQ(db_scan_end(db, scan2, "interrupted", NULL), 0);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}

/*
 * Per-scan service state: a service open in scan 1 whose port scan 2
 * probed without an answer is closed as of scan 2 (history keeps it open
 * in scan 1); scan 3, which did not probe that port, changes nothing.
 * Addresses a scan held back are recorded, known to the inventory or not.
 */
TEST_IMPL(db_service_history)
{
	struct tdir		 t;
	struct db		*db = NULL;
	struct inventory	*inv = NULL;
	const struct inv_service *s80, *s443;
	char			 err[256], st[16], why[64];
	int64_t			 sc[4], a, n;
	int			 i;

	ASSERT_EQ(tdir_make(&t), 0);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	for (i = 1; i <= 3; i++) {
		db_set_now(db, 1000 * i);
		ASSERT_EQ(db_scan_begin(db, "198.18.0.10", "{}", &sc[i]), 0);
		ASSERT_EQ(db_begin(db), 0);
		ASSERT_EQ(db_host_seen(db, sc[i], "198.18.0.10", NULL, NULL,
		    "connect", &a), 0);
		if (i != 3)
			ASSERT_EQ(db_audit(db, sc[i], 1000000 * i, "198.18.0.10",
			    "tcp", 80, "tcp-connect", 0, "service"), 0);
		ASSERT_EQ(db_audit(db, sc[i], 1000000 * i + 1, "198.18.0.10",
		    "tcp", 443, "tcp-connect", 0, "service"), 0);
		if (i == 1)
			ASSERT_EQ(db_service(db, sc[i], a, "tcp", 80, "open",
			    "http", NULL), 0);
		ASSERT_EQ(db_service(db, sc[i], a, "tcp", 443, "open", "https",
		    NULL), 0);
		ASSERT_EQ(db_services_settle(db, sc[i], a, "198.18.0.10"), 0);
		if (i == 2) {
			ASSERT_EQ(db_scan_held(db, sc[i], "198.18.0.50", "held",
			    "passive subnet"), 0);
			ASSERT_EQ(db_scan_held(db, sc[i], "198.18.0.51",
			    "excluded", NULL), 0);
			ASSERT_EQ(db_scan_held(db, sc[i], "198.18.0.52", "up",
			    NULL), IOMT_EINVAL);
		}
		ASSERT_EQ(db_commit(db), 0);
		ASSERT_EQ(db_scan_end(db, sc[i], "complete", "{}"), 0);
	}
	ASSERT_EQ(db_host_load(db, "198.18.0.10", 0, &inv), 0);
	ASSERT_EQ(inv->host[0].n_svc, 2);
	s80 = &inv->host[0].svc[0];
	s443 = &inv->host[0].svc[1];
	ASSERT_EQ(s80->port, 80);
	ASSERT_STR_EQ(s80->state, "closed");
	ASSERT_EQ(s80->state_scan, sc[2]);
	ASSERT_EQ(s80->open_scan, sc[1]);
	ASSERT_EQ(s80->last_seen, 1000);
	ASSERT_EQ(s80->n_hist, 2);
	ASSERT_EQ(s80->hist[0].scan_id, sc[1]);
	ASSERT_STR_EQ(s80->hist[0].state, "open");
	ASSERT_EQ(s80->hist[1].scan_id, sc[2]);
	ASSERT_STR_EQ(s80->hist[1].state, "closed");
	ASSERT_STR_EQ(s443->state, "open");
	ASSERT_EQ(s443->state_scan, sc[3]);
	ASSERT_EQ(s443->n_hist, 3);
	inv = db_inventory_free(inv);
	ASSERT_EQ(db_scan_held_find(db, sc[2], "198.18.0.50", st, sizeof(st),
	    why, sizeof(why)), 0);
	ASSERT_STR_EQ(st, "held");
	ASSERT_STR_EQ(why, "passive subnet");
	ASSERT_EQ(db_scan_held_find(db, sc[2], "198.18.0.51", st, sizeof(st),
	    why, sizeof(why)), 0);
	ASSERT_STR_EQ(st, "excluded");
	ASSERT_STR_EQ(why, "");
	ASSERT_EQ(db_scan_held_find(db, sc[3], "198.18.0.50", st, sizeof(st),
	    NULL, 0), IOMT_ENOTFOUND);
	ASSERT_EQ(db_count(db, "scan_held", &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_EQ(db_host_find(db, "198.18.0.50", &a), IOMT_ENOTFOUND);
	db = db_close(db);
	tdir_free(&t);
	return 0;
}
