/*
 * test-advisory.c - advisories: version ranges as CISA and makers write
 * them (table-driven), the CSAF reader on the fixtures and on refused
 * documents, import / re-import / revisions on a real database file, and
 * the three kinds of link (affected, possible, not_affected) on hosts
 * with the lab's identities, including the links that must not be made.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"
#include "runner.h"

/* One phrasing, then versions and whether each is in (1) or out (0). */
static const struct {
	const char	*range;
	const char	*in[7];
	const char	*out[7];
} phrasings[] = {
	{ "vers:generic/>=1.0|<2.0", { "1.0", "1.5.8", "1.99" },
	    { "0.9", "2.0", "2.0.1" } },
	{ "vers:generic/<3.6.8", { "3.6.7", "DCMTK 3.6.7", "3.5" },
	    { "3.6.8", "3.7" } },
	{ "vers:generic/>=VB30|<VB60", { "VB30", "VB40" }, { "VB60", "VB20" } },
	{ "vers:all/*", { "1", "99.9" }, { NULL } },
	{ "vers:generic/1.2|1.4", { "1.2", "1.4" }, { "1.3" } },
	{ "vers:generic/!=2.0", { "1.0", "3.0" }, { "2.0" } },
	{ "vers:generic/>=1.0|<=1.9|>=3.0", { "1.0", "1.9", "3.5" },
	    { "2.0", "0.5" } },
	{ "v6.x", { "6.0", "6.4.1", "v6.9" }, { "5.9", "7.0", "60.1" } },
	{ "6.*", { "6.1" }, { "7.1" } },
	{ "<= 20D32", { "20D32", "20D31", "19Z99", "20C1" },
	    { "20D33", "20E1", "21A1" } },
	{ "<=20D32", { "20D32" }, { "20D33" } },
	{ "prior to 1.5.8", { "1.5.7", "1.0" }, { "1.5.8", "1.6" } },
	{ "Versions prior to 4.1", { "4.0.9" }, { "4.1" } },
	{ "all versions prior to v4.1", { "3" }, { "4.1.0" } },
	{ "before 2.0", { "1.9" }, { "2.0" } },
	{ "All versions", { "1.0", "99" }, { NULL } },
	{ "all", { "1.0" }, { NULL } },
	{ "versions 1.0 through 2.3", { "1.0", "2.3", "2.0" },
	    { "0.9", "2.4" } },
	{ "1.0 to 2.3", { "1.5" }, { "2.4" } },
	{ "1.0 - 2.3", { "2.3" }, { "2.3.1" } },
	{ "from 1.0 to 2.0", { "1.0", "2.0" }, { "2.1" } },
	{ "between 1.0 and 2.3", { "1.0", "2.3" }, { "3.0" } },
	{ "8.2 and prior", { "8.2", "8.1", "7" }, { "8.2.1", "8.3" } },
	{ "8.2 and earlier", { "8.2" }, { "8.3" } },
	{ "8.2 or earlier", { "8.0" }, { "9" } },
	{ "Version 8.00.01 and prior (with Wireless Battery Module)",
	    { "8.00.01", "8.0.1", "7.9" }, { "8.00.02", "9.0" } },
	{ "2.x and prior", { "2.9.9", "1.0" }, { "3.0" } },
	{ "8.2 and later", { "8.2", "9" }, { "8.1" } },
	{ "8.2+", { "8.3" }, { "8.1" } },
	{ "after 2.0", { "2.0.1" }, { "2.0" } },
	{ "up to 3.1", { "3.1" }, { "3.2" } },
	{ "up to and including 3.1", { "3.1", "3.0" }, { "3.1.1" } },
	{ ">= 1.0, < 2.0", { "1.0" }, { "2.0" } },
	{ ">=1.0 <2.0", { "1.9" }, { "0.1" } },
	{ "v16, v17, v20D29 to v20D30, <= v22D24",
	    { "16", "17", "20D29", "20D30", "22D24", "3" },
	    { "22D25", "22E1", "23A1" } },
	{ "8.00.01", { "8.00.01", "v8.0.1", "Firmware 8.00.01 (build 7)" },
	    { "8.00.02" } },
	{ "=1.2", { "1.2" }, { "1.3" } },
	{ "VA50 and prior", { "VA40", "VA50" }, { "VB10" } },
};

static const char *const not_understood[] = {
	"Spectrum", "", "   ", "vers:", "vers:generic/", "<=",
	"prior to", "all versions except 2.0", "vers:generic/>=1.0|<*",
	"1.0 through", NULL
};

TEST_IMPL(vers_ranges)
{
	struct vers_range	 r;

	for (size_t i = 0; i < sizeof(phrasings) / sizeof(phrasings[0]); i++) {
		if (vers_range_parse(phrasings[i].range, &r) != 0)
			TEST_FAIL_("not understood: \"%s\"", phrasings[i].range);
		for (size_t k = 0; k < 7 && phrasings[i].in[k] != NULL; k++)
			if (vers_range_match(&r, phrasings[i].in[k]) != VERS_IN)
				TEST_FAIL_("\"%s\" should be in \"%s\"",
				    phrasings[i].in[k], phrasings[i].range);
		for (size_t k = 0; k < 7 && phrasings[i].out[k] != NULL; k++)
			if (vers_range_match(&r, phrasings[i].out[k]) !=
			    VERS_OUT)
				TEST_FAIL_("\"%s\" should be out of \"%s\"",
				    phrasings[i].out[k], phrasings[i].range);
	}
	for (size_t i = 0; not_understood[i] != NULL; i++) {
		if (vers_range_parse(not_understood[i], &r) != IOMT_EPROTO)
			TEST_FAIL_("\"%s\" should not be understood",
			    not_understood[i]);
		ASSERT_EQ(vers_range_match(&r, "1.0"), VERS_UNKNOWN);
	}
	/* A host firmware that holds no version is unknown, not "out". */
	ASSERT_EQ(vers_range_parse("prior to 2.0", &r), 0);
	ASSERT_EQ(vers_range_match(&r, "unknown"), VERS_UNKNOWN);
	ASSERT_EQ(vers_range_match(&r, NULL), VERS_UNKNOWN);
	/* Found by fuzz-vers: a ')' after the last word looped for ever. */
	{
		char	 c[32];

		ASSERT_EQ(vers_clean("Firmwarer ;)", c, sizeof(c)), IOMT_EPROTO);
		ASSERT_EQ(vers_clean("(v2.1)", c, sizeof(c)), 0);
		ASSERT_STR_EQ(c, "2.1");
	}
	/* Comparison. */
	ASSERT(vers_cmp("8.00.01", "8.0.1") == 0);
	ASSERT(vers_cmp("1.10", "1.9") > 0);
	ASSERT(vers_cmp("20D32", "20E1") < 0);
	ASSERT(vers_cmp("1.0", "1.0.1") < 0);
	ASSERT(vers_cmp("2", "10") < 0);
	ASSERT(vers_cmp("99999999999999999999999", "9") > 0);
	/* Too long is refused, not cut. */
	{
		char	 big[VERS_TEXT_MAX + 10];

		memset(big, '1', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		ASSERT_EQ(vers_range_parse(big, &r), IOMT_EPROTO);
	}
	return 0;
}

static int
read_fixture(const char *name, struct csaf_doc **d, char *err, size_t n)
{
	char	 p[512];

	snprintf(p, sizeof(p), "%s/tests/fixtures/csaf/%s", test_srcdir(),
	    name);
	return csaf_read(p, d, err, n);
}

TEST_IMPL(csaf_reader)
{
	static const struct {
		const char	*file;
		const char	*path;	/* in the message */
	} bad[] = {
		{ "bad/not-json.json", "/: not JSON" },
		{ "bad/truncated.json", "/: not JSON" },
		{ "bad/cvrf-version.json", "/document/csaf_version" },
		{ "bad/no-tracking.json", "/document/tracking: missing" },
		{ "bad/escape-title.json", "/document/title: control" },
		{ "bad/undefined-product.json", "CSAFPID-0009" },
		{ "bad/bad-cve.json", "/vulnerabilities/0/cve" },
		{ "bad/bad-score.json", "baseScore" },
		{ "bad/deep.json", "nested deeper" },
	};
	struct csaf_doc	*d = NULL;
	char		 err[512];

	ASSERT_EQ(read_fixture("icsma-99-101-01-rev2.json", &d, err,
	    sizeof(err)), 0);
	ASSERT_STR_EQ(d->tracking_id, "ICSMA-99-101-01");
	ASSERT_STR_EQ(d->version, "2");
	ASSERT_STR_EQ(d->publisher, "CISA");
	ASSERT_EQ(d->n_prod, 3);
	ASSERT_STR_EQ(d->prod[0].vendor, "Baxter");
	ASSERT_STR_EQ(d->prod[0].name, "Sigma Spectrum Infusion System");
	ASSERT_STR_EQ(d->prod[0].range, "<=8.00.01");
	ASSERT_STR_EQ(d->prod[1].version, "9.0");
	ASSERT_EQ(d->n_vuln, 2);
	ASSERT_STR_EQ(d->vuln[1].cve, "CVE-2099-10102");
	ASSERT_EQ(d->vuln[1].st[0].status, CSAF_ST_AFFECTED);
	ASSERT(d->vuln[1].st[0].cvss > 9.7 && d->vuln[1].st[0].cvss < 9.9);
	ASSERT_NOT_NULL(strstr(d->vuln[1].st[1].remediation, "vendor_fix:"));
	d = csaf_free(d);
	/* A relationship: the platform names the device. */
	ASSERT_EQ(read_fixture("ssa-99-110.json", &d, err, sizeof(err)), 0);
	ASSERT_EQ(d->n_prod, 3);
	ASSERT_STR_EQ(d->prod[2].name, "syngo.via");
	ASSERT_STR_EQ(d->prod[2].vendor, "Siemens Healthineers");
	d = csaf_free(d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(read_fixture(bad[i].file, &d, err, sizeof(err)),
		    IOMT_EPROTO);
		ASSERT_NULL(d);
		if (strstr(err, bad[i].path) == NULL)
			TEST_FAIL_("%s: \"%s\" does not say %s", bad[i].file,
			    err, bad[i].path);
	}
	/* Limits, on generated text. */
	{
		struct buf	 b = { 0 };

		buf_add(&b, "{\"document\":{\"csaf_version\":\"2.0\","
		    "\"title\":\"");
		for (int i = 0; i < 2000; i++)
			buf_add(&b, "x");
		buf_add(&b, "\"}}");
		ASSERT_EQ(csaf_parse(b.p, b.len, &d, err, sizeof(err)),
		    IOMT_EPROTO);
		buf_truncate(&b, 0);
		buf_add(&b, "{\"document\":{\"csaf_version\":\"2.0\",\"x\":");
		for (int i = 0; i < 41; i++)
			buf_add(&b, "[");
		for (int i = 0; i < 41; i++)
			buf_add(&b, "]");
		buf_add(&b, "}}");
		ASSERT_EQ(csaf_parse(b.p, b.len, &d, err, sizeof(err)),
		    IOMT_EPROTO);
		ASSERT_NOT_NULL(strstr(err, "nested"));
		/* Product ids referenced in all: capped (500,000). */
		buf_truncate(&b, 0);
		buf_add(&b, "{\"document\":{\"csaf_version\":\"2.0\","
		    "\"category\":\"x\",\"title\":\"t\",\"publisher\":"
		    "{\"name\":\"p\"},\"tracking\":{\"id\":\"T-1\","
		    "\"version\":\"1\",\"status\":\"final\","
		    "\"initial_release_date\":\"2099-01-01T00:00:00Z\","
		    "\"current_release_date\":\"2099-01-01T00:00:00Z\"}},"
		    "\"product_tree\":{\"full_product_names\":[{\"name\":"
		    "\"P\",\"product_id\":\"P\"}]},\"vulnerabilities\":[");
		for (int v = 0; v < 26; v++) {
			buf_add(&b, v > 0 ? ",{\"scores\":[{\"products\":[" :
			    "{\"scores\":[{\"products\":[");
			for (int i = 0; i < 20000; i++)
				buf_add(&b, i > 0 ? ",\"P\"" : "\"P\"");
			buf_add(&b, "]}]}");
		}
		buf_add(&b, "]}");
		ASSERT_EQ(csaf_parse(b.p, b.len, &d, err, sizeof(err)),
		    IOMT_EPROTO);
		if (strstr(err, "referenced in all") == NULL)
			TEST_FAIL_("the reference cap: %s", err);
		/* Duplicate keys and a bidi override. */
		ASSERT_EQ(csaf_parse("{\"a\":1,\"a\":2}", 13, &d, err,
		    sizeof(err)), IOMT_EPROTO);
		buf_free(&b);
	}
	/* A security advisory without a product tree is not one. */
	{
		static const char doc[] = "{\"document\":{\"csaf_version\":"
		    "\"2.0\",\"category\":\"csaf_security_advisory\","
		    "\"title\":\"t\",\"publisher\":{\"name\":\"p\"},"
		    "\"tracking\":{\"id\":\"T-1\",\"version\":\"1\","
		    "\"status\":\"final\",\"initial_release_date\":"
		    "\"2099-01-01T00:00:00Z\",\"current_release_date\":"
		    "\"2099-01-01T00:00:00Z\"}},\"vulnerabilities\":[]}";

		ASSERT_EQ(csaf_parse(doc, sizeof(doc) - 1, &d, err,
		    sizeof(err)), IOMT_EPROTO);
		ASSERT_NOT_NULL(strstr(err, "/product_tree: missing"));
	}
	ASSERT_EQ(csaf_parse("[]", 2, &d, err, sizeof(err)), IOMT_EPROTO);
	ASSERT_EQ(csaf_parse("{}", 2, &d, err, sizeof(err)), IOMT_EPROTO);
	ASSERT_NOT_NULL(strstr(err, "/document"));
	return 0;
}

struct tdb {
	char	 dir[64];
	char	 db[96];
};

static void
tdb_free(struct tdb *t)
{
	test_rmtree(t->dir);
}

static int
import(struct db *db, const char *name, int *oc)
{
	struct csaf_doc	*d = NULL;
	char		 err[512];
	int		 r;

	if ((r = read_fixture(name, &d, err, sizeof(err))) != 0)
		return r;
	r = db_advisory_import(db, d, name, oc, NULL, 0);
	csaf_free(d);
	return r;
}

TEST_IMPL(advisory_import_revisions)
{
	struct advisory_set *set = NULL;
	struct tdb	 t;
	struct db	*db = NULL;
	char		 err[256];
	int		 oc;

	ASSERT_EQ(db_advisory_newer("2", "2099-01-01", "1", "2099-02-01") > 0,
	    1);
	ASSERT_EQ(db_advisory_newer("1.10.0", "x", "1.2.0", "x") > 0, 1);
	ASSERT_EQ(db_advisory_newer("1", "2099-01-01T00:00:00Z", "1",
	    "2099-01-01 00:00:00"), 0);
	ASSERT_EQ(db_advisory_newer("1", "2099-01-02", "1", "2099-01-01") > 0,
	    1);
	strlcpy(t.dir, "/tmp/iomt-adv.XXXXXX", sizeof(t.dir));
	ASSERT_NOT_NULL(mkdtemp(t.dir));
	snprintf(t.db, sizeof(t.db), "%s/inv.db", t.dir);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(import(db, "icsma-99-101-01.json", &oc), 0);
	ASSERT_EQ(oc, DB_ADV_NEW);
	ASSERT_EQ(import(db, "icsma-99-101-01.json", &oc), 0);
	ASSERT_EQ(oc, DB_ADV_SAME);
	ASSERT_EQ(import(db, "icsma-99-101-01-rev2.json", &oc), 0);
	ASSERT_EQ(oc, DB_ADV_UPDATED);
	ASSERT_EQ(import(db, "icsma-99-101-01.json", &oc), 0);
	ASSERT_EQ(oc, DB_ADV_OLDER);
	ASSERT_EQ(import(db, "icsma-99-106-01.json", &oc), 0);
	ASSERT_EQ(oc, DB_ADV_NEW);
	ASSERT_EQ(db_advisories_load(db, NULL, &set), 0);
	ASSERT_EQ(set->n, 2);
	ASSERT_STR_EQ(set->adv[0].doc->tracking_id, "ICSMA-99-101-01");
	/* The revision replaced everything: 2 vulnerabilities, 3 products. */
	ASSERT_STR_EQ(set->adv[0].doc->version, "2");
	ASSERT_EQ(set->adv[0].doc->n_vuln, 2);
	ASSERT_EQ(set->adv[0].doc->n_prod, 3);
	ASSERT_STR_EQ(set->adv[0].file, "icsma-99-101-01-rev2.json");
	set = db_advisories_free(set);
	ASSERT_EQ(db_advisories_load(db, "ICSMA-99-106-01", &set), 0);
	ASSERT_EQ(set->n, 1);
	ASSERT_EQ(set->adv[0].doc->vuln[0].n_st, 2);
	set = db_advisories_free(set);
	ASSERT_EQ(db_advisories_load(db, "ICSMA-00-000-00", &set),
	    IOMT_ENOTFOUND);
	ASSERT_NULL(set);
	db = db_close(db);
	/* Read-only: refused, nothing written. */
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ASSERT_EQ(import(db, "icsma-99-108-01.json", &oc), IOMT_EINVAL);
	db = db_close(db);
	tdb_free(&t);
	return 0;
}

/* A host with the lab's identity. */
static struct inv_host
host(const char *oui, const char *vendor, const char *model,
    const char *cls, const char *fw, struct inv_identity *id)
{
	struct inv_host	 h;

	memset(&h, 0, sizeof(h));
	memset(id, 0, sizeof(*id));
	h.ip = "198.18.0.99";
	h.oui_vendor = oui;
	id->vendor = vendor;
	id->model = model;
	id->device_class = cls;
	id->firmware = fw;
	h.identity = vendor != NULL || cls != NULL ? id : NULL;
	return h;
}

/* The link of h to advisory id (0 none), its reason in *why. */
static int
link_of(struct advisory_set *set, const struct inv_host *h, const char *id,
    const char **why)
{
	struct inv_advisory *a = NULL;
	size_t		 n = 0;
	int		 m = 0;

	advmatch_host(set, h, NULL, &a, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].id, id) == 0) {
			m = a[i].match;
			if (why != NULL)
				*why = a[i].reason;
		}
	free(a);
	return m;
}

TEST_IMPL(advisory_matching)
{
	static const char *const files[] = {
		"icsma-99-101-01-rev2.json", "icsma-99-102-01.json",
		"icsma-99-103-01.json", "icsma-99-104-01.json",
		"icsa-99-105-01.json", "icsma-99-106-01.json",
		"icsma-99-107-01.json", "icsma-99-108-01.json",
		"ssa-99-110.json", NULL
	};
	struct advisory_set *set = xcalloc(1, sizeof(*set));
	struct inv_identity id;
	struct inv_host	 h;
	const char	*why = NULL;
	char		 k[96], err[512];

	/* Vendor names fold to one key. */
	static const char *const same[][4] = {
		{ "Baxter", "Baxter International Inc", "BAXTER HEALTHCARE "
		    "CORPORATION", NULL },
		{ "Philips", "Philips Medical Systems", "Philips Patient "
		    "Monitoring", "Koninklijke Philips N.V." },
		{ "GE Healthcare", "Datex-Ohmeda", "DATEX DIVISION OF",
		    "GE Medical Systems" },
		{ "Dräger", "Draeger", "Drägerwerk AG & Co. KGaA", "DRAEGER" },
		{ "Siemens Healthineers", "Siemens", "Siemens Healthcare GmbH",
		    NULL },
		{ "BD", "Becton, Dickinson and Company (BD)", "CareFusion",
		    "ALARIS MEDICAL SYSTEMS, INC." },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char	 k0[96];

		advmatch_vendor_key(same[i][0], k0, sizeof(k0));
		for (size_t j = 1; j < 4 && same[i][j] != NULL; j++) {
			advmatch_vendor_key(same[i][j], k, sizeof(k));
			if (strcmp(k, k0) != 0)
				TEST_FAIL_("\"%s\" is %s, \"%s\" is %s",
				    same[i][0], k0, same[i][j], k);
		}
	}
	advmatch_vendor_key("BD (Alaris)", k, sizeof(k));
	ASSERT_STR_EQ(k, "bd");
	advmatch_vendor_key("Gentherm", k, sizeof(k));
	ASSERT_STR_EQ(k, "gentherm");
	ASSERT_STR_EQ(advmatch_product_class("Sigma Spectrum Infusion System"),
	    "infusion-pump");
	ASSERT_STR_EQ(advmatch_product_class("IntelliVue MX800"),
	    "patient-monitor");
	ASSERT_STR_EQ(advmatch_product_class("Centricity PACS"), "pacs");
	ASSERT_NULL(advmatch_product_class("Model 12"));

	/* The fixtures as a set, parsed straight from the files. */
	for (size_t i = 0; files[i] != NULL; i++) {
		struct csaf_doc	*d = NULL;

		ASSERT_EQ(read_fixture(files[i], &d, err, sizeof(err)), 0);
		set->adv = xreallocarray(set->adv, set->n + 1,
		    sizeof(*set->adv));
		memset(&set->adv[set->n], 0, sizeof(set->adv[0]));
		set->adv[set->n].id = (int64_t)set->n + 1;
		set->adv[set->n].file = xstrdup(files[i]);
		set->adv[set->n].doc = d;
		set->n++;
	}

	/* The lab's Baxter pump: vendor and class, no model: possible. */
	h = host("Baxter International Inc", "Baxter", NULL, "infusion-pump",
	    NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", &why), ADV_POSSIBLE);
	ASSERT_NOT_NULL(strstr(why, "model is not known"));
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-102-01", NULL), 0);
	/* With model and firmware: affected, fixed, outside. */
	h = host("Baxter International Inc", "Baxter", "Sigma Spectrum",
	    "infusion-pump", "8.00.01", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", &why), ADV_AFFECTED);
	h = host(NULL, "Baxter", "Sigma Spectrum", "infusion-pump",
	    "v9.0", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", &why), ADV_NOT_AFFECTED);
	ASSERT_NOT_NULL(strstr(why, "9.0"));
	/* Model known, firmware not: possible, and it says so. */
	h = host(NULL, "Baxter", "Sigma Spectrum", "infusion-pump", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", &why), ADV_POSSIBLE);
	ASSERT_NOT_NULL(strstr(why, "firmware version is not known"));
	/* Another Baxter product: no link. */
	h = host(NULL, "Baxter", "Novum IQ", "infusion-pump", "1.0", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", NULL), 0);
	/* Vendor alone never links: Baxter, but a printer. */
	h = host(NULL, "Baxter", NULL, "printer", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", NULL), 0);
	/* Vendor alone never links: class unknown. */
	h = host("Baxter International Inc", NULL, NULL, NULL, NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-101-01", NULL), 0);

	/* BD Alaris by OUI and identity "BD (Alaris)". */
	h = host("ALARIS MEDICAL SYSTEMS, INC.", "BD (Alaris)", NULL,
	    "infusion-pump", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-102-01", NULL), ADV_POSSIBLE);
	h = host(NULL, "BD", "Alaris PC Unit 8015", "infusion-pump",
	    "12.1.1", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-102-01", NULL), ADV_AFFECTED);
	h = host(NULL, "BD", "Alaris PC Unit 8015", "infusion-pump",
	    "12.1.2", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-102-01", NULL), ADV_NOT_AFFECTED);

	/* Philips monitor: the MX800 entry, never the imaging product. */
	h = host("Philips Patient Monitoring", "Philips", NULL,
	    "patient-monitor", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_POSSIBLE);
	h = host(NULL, "Philips Medical Systems", "IntelliVue MX800",
	    "patient-monitor", "M.00.03", &id);
	/* "All versions": any firmware, even one that is no version. */
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_AFFECTED);
	ASSERT_NOT_NULL(strstr(why, "all versions"));
	h = host(NULL, "Philips Medical Systems", "IntelliVue MX800",
	    "patient-monitor", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_AFFECTED);
	/* The MX40 entry (< B.06.57) does not catch an MX800. */
	h = host(NULL, "Philips", "IntelliVue MX40", "patient-monitor",
	    "B.06.50", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_AFFECTED);
	ASSERT_NOT_NULL(strstr(why, "MX40"));
	h = host(NULL, "Philips", "IntelliVue MX40", "patient-monitor",
	    "B.06.57", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_NOT_AFFECTED);
	h = host(NULL, "Philips", "IntelliVue MX800", "patient-monitor",
	    "3.1", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", &why), ADV_AFFECTED);
	h = host(NULL, "Philips", NULL, "imaging-modality", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", NULL), 0);

	/* GE on a Datex NIC, class still "medical-device": possible. */
	h = host("DATEX DIVISION OF", "GE Healthcare", NULL, "medical-device",
	    NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-104-01", &why), ADV_POSSIBLE);
	ASSERT_NOT_NULL(strstr(why, "CARESCAPE B650"));
	h = host(NULL, "GE Healthcare", "CARESCAPE B650", "patient-monitor",
	    "2.0.5", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-104-01", NULL), ADV_AFFECTED);
	h = host(NULL, "GE Healthcare", "CARESCAPE B650", "patient-monitor",
	    "3.1", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-104-01", NULL), ADV_NOT_AFFECTED);
	/* A GE PACS host gets the PACS entry only. */
	h = host(NULL, "GE Healthcare", "Centricity PACS", "pacs", "8.2",
	    &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-104-01", &why), ADV_AFFECTED);
	ASSERT_NOT_NULL(strstr(why, "Centricity"));

	/* Lantronix, serial bridge. */
	h = host("Lantronix", "Lantronix", NULL, "serial-bridge", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSA-99-105-01", NULL), ADV_POSSIBLE);
	h = host("Lantronix", "Lantronix", "UDS2100", "serial-bridge", "V6.5",
	    &id);
	ASSERT_EQ(link_of(set, &h, "ICSA-99-105-01", NULL), ADV_AFFECTED);

	/* Orthanc 1.10.1: affected by one, not by the other. */
	h = host("Super Micro Computer, Inc.", "Orthanc", "Orthanc", "pacs",
	    "1.10.1", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-106-01", NULL), ADV_AFFECTED);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-107-01", &why), ADV_NOT_AFFECTED);
	ASSERT_NOT_NULL(strstr(why, "outside"));
	h = host(NULL, "Orthanc", "Orthanc", "pacs", "1.12.0", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-106-01", &why), ADV_NOT_AFFECTED);

	/* DCMTK on a Dell box: the software shown decides. */
	h = host("Dell Inc.", "Dell Inc.", NULL, "dicom-node", "DCMTK 3.6.7",
	    &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-108-01", NULL), ADV_AFFECTED);
	h = host("Dell Inc.", "Dell Inc.", NULL, "dicom-node", "DCMTK 3.6.8",
	    &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-108-01", NULL), ADV_NOT_AFFECTED);
	h = host("Hewlett Packard", "Hewlett Packard", NULL, "dicom-node",
	    NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-108-01", NULL), 0);

	/* DCMTK inside a workstation: the software decides, not the class. */
	h = host("Dell Inc.", "Dell Inc.", NULL, "workstation",
	    "DCMTK 3.6.5", &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-108-01", NULL), ADV_AFFECTED);
	/* The NIC's maker does not speak for an identified device. */
	h = host("Philips Patient Monitoring", "GE Healthcare", NULL,
	    "patient-monitor", NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", NULL), 0);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-104-01", NULL), ADV_POSSIBLE);
	/* With no identified vendor, the OUI's maker stands in. */
	h = host("Philips Patient Monitoring", NULL, NULL, "patient-monitor",
	    NULL, &id);
	ASSERT_EQ(link_of(set, &h, "ICSMA-99-103-01", NULL), ADV_POSSIBLE);

	/* Siemens syngo.via by its own feed, VB letters. */
	h = host(NULL, "Siemens Healthineers", "syngo.via", "workstation",
	    "VB40", &id);
	ASSERT_EQ(link_of(set, &h, "SSA-990110", NULL), ADV_AFFECTED);
	/* Nothing at all for a host nobody identified. */
	h = host(NULL, NULL, NULL, NULL, NULL, &id);
	{
		struct inv_advisory *a = NULL;
		size_t		 n = 9;

		advmatch_host(set, &h, NULL, &a, &n);
		ASSERT_EQ(n, 0);
		free(a);
	}
	db_advisories_free(set);
	return 0;
}
