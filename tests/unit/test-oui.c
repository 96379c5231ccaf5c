/*
 * test-oui.c - unit tests for the IEEE registry lookup and the curated
 * device-maker table (src/safety/oui.c).
 *
 * The fixtures in tests/fixtures/oui/ are small copies of the four ieee-data
 * CSV files with the awkward cases the real ones contain: quoted names
 * with commas and doubled quotes, CRLF line ends, an address field that
 * spans lines, duplicate assignments, "Private" rows, and an MA-S block
 * inside IEEE's own 70B3D5 MA-L.  One more test reads the real registry
 * when Debian's ieee-data is installed, and reports how long loading it
 * takes (the scanner does so at every start).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "runner.h"

static struct oui_db *
fixture_db(const char *classfile)
{
	struct oui_db	*db = NULL;
	char		 dir[1024], cls[1024];

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/oui", test_srcdir());
	snprintf(cls, sizeof(cls), "%s/tests/fixtures/oui/%s", test_srcdir(),
	    classfile != NULL ? classfile : "");
	if (oui_load(dir, classfile != NULL ? cls : NULL, &db) != 0)
		return NULL;
	return db;
}

static const char *
lookup(const struct oui_db *db, const char *macstr)
{
	uint8_t	 mac[6];

	if (mac_parse(macstr, mac) != 0)
		return "(bad mac in test)";
	return oui_lookup(db, mac);
}

static enum oui_class
klass(const struct oui_db *db, const char *macstr, const char **label)
{
	uint8_t	 mac[6];

	if (mac_parse(macstr, mac) != 0)
		return (enum oui_class)-1;
	return oui_class(db, mac, label);
}

TEST_IMPL(oui_longest_prefix)
{
	struct oui_db	*db;
	char		 dir[1024];
	int		 r;

	db = fixture_db(NULL);
	ASSERT_NOT_NULL(db);
	/* 11 MA-L (a duplicate dropped, 3 bad rows skipped) + 3 + 3 + 2 */
	ASSERT_EQ(oui_count(db), 19);

	/* MA-L only */
	ASSERT_STR_EQ(lookup(db, "00:09:fb:01:02:03"),
	    "Philips Patient Monitoring");
	ASSERT_STR_EQ(lookup(db, "00:09:FB:2C:00:00"),
	    "Philips Patient Monitoring");
	/* MA-M 0009FB1 beats MA-L 0009FB; MA-S 0009FB1AB beats both */
	ASSERT_STR_EQ(lookup(db, "00:09:fb:1c:00:00"),
	    "Test MA-M inside 0009FB");
	ASSERT_STR_EQ(lookup(db, "00:09:fb:1a:b0:01"),
	    "Test MA-S inside 0009FB1");
	ASSERT_STR_EQ(lookup(db, "00:09:fb:1a:cf:ff"),
	    "Test MA-M inside 0009FB");
	/* MA-S carved from IEEE's own MA-L */
	ASSERT_STR_EQ(lookup(db, "70:b3:d5:36:a0:01"), "Becton Dickinson");
	ASSERT_STR_EQ(lookup(db, "70:b3:d5:36:af:ff"), "Becton Dickinson");
	ASSERT_STR_EQ(lookup(db, "70:b3:d5:36:b0:00"),
	    "IEEE Registration Authority");
	ASSERT_STR_EQ(lookup(db, "70:b3:d5:f2:f1:23"), "TELEPLATFORMS");
	/* IAB likewise, from iab.csv */
	ASSERT_STR_EQ(lookup(db, "00:50:c2:50:3f:ff"), "RESPIRONICS INC.");
	ASSERT_STR_EQ(lookup(db, "00:50:c2:ed:a0:00"),
	    "Joint Stock Company \"Svyaz Inginiring M\"");
	ASSERT_STR_EQ(lookup(db, "00:50:c2:00:00:01"),
	    "IEEE Registration Authority");
	ASSERT_STR_EQ(lookup(db, "50:a0:30:81:23:45"),
	    "GE Medical System China Co. Ltd.");
	/* quoting: commas, doubled quotes, blanks kept inside */
	ASSERT_STR_EQ(lookup(db, "9c:c8:ae:00:00:01"),
	    "Becton, Dickinson  and Company");
	ASSERT_STR_EQ(lookup(db, "00:a0:aa:00:00:01"),
	    "SPACELABS \"MEDICAL\", INC.");
	/* a multi-line quoted address does not swallow the next rows */
	ASSERT_STR_EQ(lookup(db, "00:90:e8:00:00:01"),
	    "MOXA TECHNOLOGIES CORP., LTD.");
	/* leading tab and blanks trimmed (as in the real FUJIFILM row) */
	ASSERT_STR_EQ(lookup(db, "00:80:a3:00:00:01"), "Lantronix");
	/* duplicate assignment: the first row wins */
	ASSERT_STR_EQ(lookup(db, "08:00:30:00:00:01"),
	    "NETWORK RESEARCH CORPORATION");
	ASSERT_STR_EQ(lookup(db, "e0:c2:b7:00:00:01"), "Private");
	ASSERT_STR_EQ(lookup(db, "74:1a:e0:90:00:01"), "Private");
	/* malformed rows were skipped, unregistered prefixes are NULL */
	ASSERT_NULL(lookup(db, "58:46:e1:00:00:01"));
	ASSERT_NULL(lookup(db, "00:12:34:50:00:00"));
	ASSERT_NULL(lookup(db, "00:b0:94:00:00:01"));
	/* no class table loaded: everything is "none" */
	ASSERT_EQ(klass(db, "00:09:fb:01:02:03", NULL), OUI_CLASS_NONE);
	oui_free(db);

	/* a directory that is not there */
	db = (struct oui_db *)1;
	r = oui_load("/nonexistent/ieee-data", NULL, &db);
	ASSERT_EQ(r, -ENOENT);
	ASSERT_NULL(db);
	/* a file that is not an IEEE registry CSV */
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/oui-bad", test_srcdir());
	r = oui_load(dir, NULL, &db);
	ASSERT_EQ(r, IOMT_EPROTO);
	ASSERT_NULL(db);
	ASSERT_NULL(oui_free(NULL));
	return 0;
}

TEST_IMPL(oui_local_and_multicast)
{
	struct oui_db	*db;
	const char	*label = "x";

	db = fixture_db("device-ouis.txt");
	ASSERT_NOT_NULL(db);
	/* registered in the fixture, but the bits say "no vendor" */
	ASSERT_NULL(lookup(db, "02:00:aa:00:00:01"));
	ASSERT_NULL(lookup(db, "01:00:aa:00:00:01"));
	ASSERT_EQ(klass(db, "02:00:aa:00:00:01", &label), OUI_CLASS_NONE);
	ASSERT_NULL(label);
	/* Philips block with the locally administered bit set */
	ASSERT_NULL(lookup(db, "02:09:fb:01:02:03"));
	ASSERT_EQ(klass(db, "02:09:fb:01:02:03", NULL), OUI_CLASS_NONE);
	/* multicast and broadcast */
	ASSERT_NULL(lookup(db, "01:09:fb:01:02:03"));
	ASSERT_NULL(lookup(db, "01:00:5e:00:00:fb"));
	ASSERT_NULL(lookup(db, "33:33:00:00:00:01"));
	ASSERT_NULL(lookup(db, "ff:ff:ff:ff:ff:ff"));
	/* the all-zero address is "unknown", not a vendor */
	ASSERT_NULL(lookup(db, "00:00:00:00:00:00"));
	/* a NULL database answers nothing */
	ASSERT_NULL(lookup(NULL, "00:09:fb:01:02:03"));
	ASSERT_EQ(klass(NULL, "00:09:fb:01:02:03", NULL), OUI_CLASS_NONE);
	ASSERT_EQ(oui_count(NULL), 0);
	/* but the real one still answers */
	ASSERT_STR_EQ(lookup(db, "00:09:fb:01:02:03"),
	    "Philips Patient Monitoring");
	oui_free(db);
	return 0;
}

TEST_IMPL(oui_class_table)
{
	struct oui_db	*db;
	const char	*label = NULL;

	db = fixture_db("device-ouis.txt");
	ASSERT_NOT_NULL(db);
	ASSERT_EQ(klass(db, "00:09:fb:01:02:03", &label), OUI_CLASS_MEDICAL);
	ASSERT_STR_EQ(label, "Philips Patient Monitoring");
	/* 7 and 9 hex digit entries inside it: longest prefix wins */
	ASSERT_EQ(klass(db, "00:09:fb:1c:00:00", &label), OUI_CLASS_SERIAL);
	ASSERT_STR_EQ(label, "Test MA-M bridge");
	ASSERT_EQ(klass(db, "00:09:fb:1a:b1:23", &label), OUI_CLASS_PRINTER);
	ASSERT_STR_EQ(label, "Test MA-S printer inside a medical block");
	ASSERT_EQ(klass(db, "70:b3:d5:36:a0:00", &label), OUI_CLASS_MEDICAL);
	ASSERT_STR_EQ(label, "Becton Dickinson");
	/* the parent IEEE block is not medical */
	ASSERT_EQ(klass(db, "70:b3:d5:37:a0:00", &label), OUI_CLASS_NONE);
	ASSERT_NULL(label);
	ASSERT_EQ(klass(db, "00:90:e8:11:22:33", NULL), OUI_CLASS_SERIAL);
	/* malformed lines (bad class, no label) were skipped */
	ASSERT_EQ(klass(db, "12:34:56:00:00:01", NULL), OUI_CLASS_NONE);
	ASSERT_EQ(klass(db, "ab:cd:ef:00:00:01", NULL), OUI_CLASS_NONE);
	ASSERT_STR_EQ(oui_class_name(OUI_CLASS_NONE), "none");
	ASSERT_STR_EQ(oui_class_name(OUI_CLASS_MEDICAL), "medical");
	ASSERT_STR_EQ(oui_class_name(OUI_CLASS_SERIAL), "serial-bridge");
	ASSERT_STR_EQ(oui_class_name(OUI_CLASS_PRINTER), "printer");
	ASSERT_STR_EQ(oui_class_name((enum oui_class)42), "none");
	oui_free(db);

	/* a missing class file is not an error: no classes, vendors work */
	db = fixture_db("no-such-table.txt");
	ASSERT_NOT_NULL(db);
	ASSERT_EQ(klass(db, "00:09:fb:01:02:03", &label), OUI_CLASS_NONE);
	ASSERT_NULL(label);
	ASSERT_STR_EQ(lookup(db, "00:09:fb:01:02:03"),
	    "Philips Patient Monitoring");
	oui_free(db);
	return 0;
}

TEST_IMPL(oui_mac_parse)
{
	static const char *const bad[] = {
		"", "00:09:fb:01:02", "00:09:fb:01:02:03:04",
		"00:09:fb:01:02:0g", "00-09:fb:01:02:03", "00:09-fb:01:02:03",
		"0009fb01020", "0009fb0102030", "0009fb01020x",
		"0:9:fb:1:2:3", "00:09:fb:01:02:03 ", " 00:09:fb:01:02:03",
		"00.09.fb.01.02.03", "+0:09:fb:01:02:03", "00::9:fb:01:02:03",
		NULL
	};
	uint8_t		 mac[6], want[6] = { 0x00, 0x09, 0xfb, 0x01, 0x02,
	    0xa3 };
	char		 buf[18];
	size_t		 i;

	memset(mac, 0, sizeof(mac));
	ASSERT_EQ(mac_parse("00:09:fb:01:02:a3", mac), 0);
	ASSERT(memcmp(mac, want, 6) == 0);
	memset(mac, 0, sizeof(mac));
	ASSERT_EQ(mac_parse("00-09-FB-01-02-A3", mac), 0);
	ASSERT(memcmp(mac, want, 6) == 0);
	memset(mac, 0, sizeof(mac));
	ASSERT_EQ(mac_parse("0009Fb0102a3", mac), 0);
	ASSERT(memcmp(mac, want, 6) == 0);
	ASSERT_STR_EQ(mac_ntoa(mac, buf, sizeof(buf)), "00:09:fb:01:02:a3");
	ASSERT_EQ(mac_parse("FF:FF:FF:FF:FF:FF", mac), 0);
	ASSERT_STR_EQ(mac_ntoa(mac, buf, sizeof(buf)), "ff:ff:ff:ff:ff:ff");

	for (i = 0; bad[i] != NULL; i++) {
		memcpy(mac, want, 6);
		if (mac_parse(bad[i], mac) != IOMT_EINVAL)
			TEST_FAIL_("mac_parse accepted \"%s\"", bad[i]);
		/* output untouched on error */
		ASSERT(memcmp(mac, want, 6) == 0);
	}
	ASSERT_EQ(mac_parse(NULL, mac), IOMT_EINVAL);
	return 0;
}

/*
 * The real registry (skipped when ieee-data is not installed) and the
 * shipped class table.  Prints the load time: the scanner pays it at
 * every start.
 */
TEST_IMPL(oui_real_registry)
{
	struct oui_db	*db = NULL;
	struct timespec	 t0, t1;
	const char	*label;
	char		 cls[1024];
	double		 ms;
	int		 r;

	snprintf(cls, sizeof(cls), "%s/data/device-ouis.txt", test_srcdir());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = oui_load("/usr/share/ieee-data", cls, &db);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r == -ENOENT) {
		fprintf(stderr, "  skip: /usr/share/ieee-data not installed\n");
		return 0;
	}
	ASSERT_EQ(r, 0);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	fprintf(stderr, "  loaded %zu assignments in %.1f ms\n",
	    oui_count(db), ms);
	ASSERT_GE(oui_count(db), 40000);
	ASSERT_STR_EQ(lookup(db, "00:09:FB:12:34:56"),
	    "Philips Patient Monitoring");
	ASSERT_EQ(klass(db, "00:09:FB:12:34:56", &label), OUI_CLASS_MEDICAL);
	ASSERT_STR_EQ(label, "Philips Patient Monitoring");
	/* MA-S inside IEEE's 70B3D5 */
	ASSERT_STR_EQ(lookup(db, "70:B3:D5:36:A1:23"), "Becton Dickinson");
	ASSERT_EQ(klass(db, "70:B3:D5:36:A1:23", NULL), OUI_CLASS_MEDICAL);
	ASSERT_STR_EQ(lookup(db, "70:B3:D5:36:B1:23"),
	    "IEEE Registration Authority");
	ASSERT_EQ(klass(db, "70:B3:D5:36:B1:23", NULL), OUI_CLASS_NONE);
	/* quoted name with a doubled blank, as registered */
	ASSERT_STR_EQ(lookup(db, "9C:C8:AE:00:00:01"),
	    "Becton, Dickinson  and Company");
	/* the look-alike and the generic Philips blocks are not medical */
	ASSERT_EQ(klass(db, "00:B0:94:00:00:01", NULL), OUI_CLASS_NONE);
	ASSERT_EQ(klass(db, "00:17:88:00:00:01", NULL), OUI_CLASS_NONE);
	ASSERT_EQ(klass(db, "00:80:A3:00:00:01", NULL), OUI_CLASS_SERIAL);
	ASSERT_EQ(klass(db, "00:07:4D:00:00:01", NULL), OUI_CLASS_PRINTER);
	oui_free(db);
	return 0;
}
