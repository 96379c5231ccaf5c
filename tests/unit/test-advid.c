/*
 * test-advid.c - product identifiers (src/db/advid.c): CPE 2.3 formatted
 * strings and 2.2 URIs parsed to the same fields, escapes and case,
 * package URLs with and without namespace, version, qualifiers and
 * subpath, refused text; then table-driven matching of an advisory's
 * identifier (with its range or version) against a component's; the
 * CSAF reader's product_identification_helper (read, refused, stored and
 * read back); and the fixture SBOM's components linked to the fixture
 * advisories when the inventory is loaded (with no host at all).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"
#include "runner.h"

TEST_IMPL(advid_parse)
{
	struct advid_cpe	 c;
	struct advid_purl	 p;

	ASSERT_EQ(advid_cpe_parse("cpe:2.3:a:OpenSSL:openssl:1.0.2k:*:*:*:*:"
	    "*:*:*", &c), 0);
	ASSERT_STR_EQ(c.part, "a");
	ASSERT_STR_EQ(c.vendor, "openssl");
	ASSERT_STR_EQ(c.product, "openssl");
	ASSERT_STR_EQ(c.version, "1.0.2k");
	ASSERT_EQ(advid_cpe_parse("CPE:/o:Microsoft:Windows_10:1809", &c), 0);
	ASSERT_STR_EQ(c.part, "o");
	ASSERT_STR_EQ(c.vendor, "microsoft");
	ASSERT_STR_EQ(c.product, "windows_10");
	ASSERT_STR_EQ(c.version, "1809");
	/* 2.2: missing fields are "any"; percent escapes decoded. */
	ASSERT_EQ(advid_cpe_parse("cpe:/a:dicom%2dtk:dcmtk", &c), 0);
	ASSERT_STR_EQ(c.vendor, "dicom-tk");
	ASSERT_STR_EQ(c.version, "*");
	/* 2.3: a backslash escapes the next byte, even ':'. */
	ASSERT_EQ(advid_cpe_parse("cpe:2.3:a:ge\\:hc:cen\\.tricity:-:*", &c),
	    0);
	ASSERT_STR_EQ(c.vendor, "ge:hc");
	ASSERT_STR_EQ(c.product, "cen.tricity");
	ASSERT_STR_EQ(c.version, "-");
	ASSERT_EQ(advid_cpe_parse("cpe:2.3:x:a:b:1", &c), IOMT_EPROTO);
	ASSERT_EQ(advid_cpe_parse("cpe:2.2:a:b:c", &c), IOMT_EPROTO);
	ASSERT_EQ(advid_cpe_parse("openssl", &c), IOMT_EPROTO);
	ASSERT_EQ(advid_cpe_parse(NULL, &c), IOMT_EINVAL);
	{
		char	 big[400];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "cpe:/a:", 7);
		ASSERT_EQ(advid_cpe_parse(big, &c), IOMT_EPROTO);
	}

	ASSERT_EQ(advid_purl_parse("pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3"
	    "?arch=amd64&distro=bullseye#usr/lib", &p), 0);
	ASSERT_STR_EQ(p.type, "deb");
	ASSERT_STR_EQ(p.ns, "debian");
	ASSERT_STR_EQ(p.name, "openssl");
	ASSERT_STR_EQ(p.version, "1.1.1n-0+deb11u3");
	ASSERT_EQ(advid_purl_parse("PKG:PyPI/Django", &p), 0);
	ASSERT_STR_EQ(p.type, "pypi");
	ASSERT_STR_EQ(p.ns, "");
	ASSERT_STR_EQ(p.name, "django");
	ASSERT_STR_EQ(p.version, "");
	ASSERT_EQ(advid_purl_parse("pkg:npm/%40angular/core@12.0.0", &p), 0);
	ASSERT_STR_EQ(p.ns, "@angular");
	ASSERT_STR_EQ(p.name, "core");
	ASSERT_STR_EQ(p.version, "12.0.0");
	ASSERT_EQ(advid_purl_parse("pkg:maven/org.apache.logging.log4j/"
	    "log4j-core@2.14.1", &p), 0);
	ASSERT_STR_EQ(p.ns, "org.apache.logging.log4j");
	ASSERT_STR_EQ(p.name, "log4j-core");
	ASSERT_EQ(advid_purl_parse("pkg:golang/github.com/a/b@v1.2", &p), 0);
	ASSERT_STR_EQ(p.ns, "github.com/a");
	ASSERT_STR_EQ(p.name, "b");
	ASSERT_EQ(advid_purl_parse("pkg:generic", &p), IOMT_EPROTO);
	ASSERT_EQ(advid_purl_parse("pkg:/openssl", &p), IOMT_EPROTO);
	ASSERT_EQ(advid_purl_parse("pkg:deb/debian/@1.0", &p), IOMT_EPROTO);
	ASSERT_EQ(advid_purl_parse("deb/debian/openssl", &p), IOMT_EPROTO);
	ASSERT_EQ(advid_purl_parse("pkg:deb/x", NULL), IOMT_EINVAL);
	return 0;
}

/* Advisory identifier, range, version; component identifier, version. */
static const struct {
	const char	*a, *range, *aver, *c, *cver;
	int		 want;
} cpes[] = {
	/* 2.3 against 2.3, and against 2.2 either way */
	{ "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL,
	    "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, ADVID_IN },
	{ "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL,
	    "cpe:/a:OpenSSL:OpenSSL:1.0.2K", NULL, ADVID_IN },
	{ "cpe:/a:openssl:openssl:1.0.2k", NULL, NULL,
	    "cpe:2.3:a:openssl:openssl:1.0.2k", NULL, ADVID_IN },
	{ "cpe:/a:openssl:openssl:1.0.2k", NULL, NULL,
	    "cpe:/a:openssl:openssl:1.1.1w", NULL, ADVID_OUT },
	/* another product or vendor or part */
	{ "cpe:2.3:a:openssl:openssl:*", NULL, NULL,
	    "cpe:2.3:a:openssl:libcrypto:1.0", NULL, ADVID_NONE },
	{ "cpe:2.3:a:openssl:openssl:*", NULL, NULL,
	    "cpe:2.3:a:boringssl:openssl:1.0", NULL, ADVID_NONE },
	{ "cpe:2.3:o:linux:linux_kernel:*", NULL, NULL,
	    "cpe:2.3:a:linux:linux_kernel:5.10", NULL, ADVID_NONE },
	/* wildcards: advisory version "*" and "-" defer to the range */
	{ "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", "vers:generic/<1.1.0",
	    NULL, "cpe:2.3:a:openssl:openssl:1.0.2k", NULL, ADVID_IN },
	{ "cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*", "vers:generic/<1.1.0",
	    NULL, "cpe:2.3:a:openssl:openssl:1.1.1w", NULL, ADVID_OUT },
	{ "cpe:/a:openssl:openssl", "prior to 1.1.0", NULL,
	    "cpe:2.3:a:openssl:openssl:1.0.1", NULL, ADVID_IN },
	/* ... or to the product_version */
	{ "cpe:2.3:a:openssl:openssl:*", NULL, "1.0.2k",
	    "cpe:2.3:a:openssl:openssl:1.0.2j", NULL, ADVID_OUT },
	/* a version in the advisory's CPE wins over its range */
	{ "cpe:2.3:a:openssl:openssl:1.0.2k", "vers:all/*", NULL,
	    "cpe:2.3:a:openssl:openssl:1.0.2j", NULL, ADVID_OUT },
	/* no version anywhere in the advisory: every version */
	{ "cpe:2.3:a:openssl:openssl:*", NULL, NULL,
	    "cpe:2.3:a:openssl:openssl:0.9.8", NULL, ADVID_IN },
	/* component "*" vendor, version from the component's own field */
	{ "cpe:2.3:a:openssl:openssl:*", "vers:generic/<1.1.0", NULL,
	    "cpe:2.3:a:*:openssl:*", "1.0.2u", ADVID_IN },
	{ "cpe:2.3:a:openssl:openssl:*", "vers:generic/<1.1.0", NULL,
	    "cpe:2.3:a:openssl:openssl:-", NULL, ADVID_UNKNOWN },
	{ "cpe:2.3:a:openssl:openssl:*", "no idea which", NULL,
	    "cpe:2.3:a:openssl:openssl:1.0", NULL, ADVID_UNKNOWN },
	/* an advisory product of "any" links nothing */
	{ "cpe:2.3:a:openssl:*:*", NULL, NULL,
	    "cpe:2.3:a:openssl:openssl:1.0", NULL, ADVID_NONE },
	{ "not a cpe", NULL, NULL, "cpe:/a:a:b:1", NULL, ADVID_NONE },
	{ "cpe:/a:a:b:1", NULL, NULL, NULL, NULL, ADVID_NONE },
	/* digit runs compare as numbers */
	{ "cpe:/a:offis:dcmtk:3.6.07", NULL, NULL, "cpe:/a:offis:dcmtk:3.6.7",
	    NULL, ADVID_IN },
};

static const struct {
	const char	*a, *range, *aver, *c, *cver;
	int		 want;
} purls[] = {
	{ "pkg:deb/debian/openssl@1.0.2k", NULL, NULL,
	    "pkg:deb/debian/openssl@1.0.2k?arch=amd64", NULL, ADVID_IN },
	{ "pkg:deb/debian/openssl@1.0.2k?distro=stretch", NULL, NULL,
	    "pkg:deb/debian/openssl@1.1.1n#usr/lib", NULL, ADVID_OUT },
	{ "pkg:deb/debian/openssl", "vers:deb/<1.1.0", NULL,
	    "pkg:deb/debian/openssl@1.0.2u", NULL, ADVID_IN },
	{ "pkg:deb/debian/openssl", "vers:generic/<1.1.0", NULL,
	    "pkg:deb/debian/openssl", "1.1.1", ADVID_OUT },
	{ "pkg:deb/debian/openssl", "vers:generic/<1.1.0", NULL,
	    "pkg:deb/debian/openssl", NULL, ADVID_UNKNOWN },
	{ "pkg:deb/debian/openssl@1.0", NULL, NULL,
	    "pkg:deb/ubuntu/openssl@1.0", NULL, ADVID_NONE },
	{ "pkg:deb/debian/openssl@1.0", NULL, NULL,
	    "pkg:rpm/debian/openssl@1.0", NULL, ADVID_NONE },
	{ "pkg:generic/openssl@1.0", NULL, NULL,
	    "pkg:generic/libressl@1.0", NULL, ADVID_NONE },
	{ "PKG:PyPI/Django@3.2", NULL, NULL, "pkg:pypi/django@3.2", NULL,
	    ADVID_IN },
	{ "pkg:npm/%40angular/core", NULL, "12.0.0",
	    "pkg:npm/@angular/core@12.0.0", NULL, ADVID_IN },
	{ "pkg:generic/openssl", NULL, NULL, "pkg:generic/openssl@9", NULL,
	    ADVID_IN },
	{ "pkg:generic/openssl", NULL, NULL, "cpe:/a:openssl:openssl:1",
	    NULL, ADVID_NONE },
};

TEST_IMPL(advid_match)
{
	for (size_t i = 0; i < sizeof(cpes) / sizeof(cpes[0]); i++) {
		int	 m = advid_cpe_match(cpes[i].a, cpes[i].range,
		    cpes[i].aver, cpes[i].c, cpes[i].cver);

		if (m != cpes[i].want)
			TEST_FAIL_("cpe case %zu: %s vs %s gave %d, want %d",
			    i, cpes[i].a, cpes[i].c != NULL ? cpes[i].c :
			    "(null)", m, cpes[i].want);
	}
	for (size_t i = 0; i < sizeof(purls) / sizeof(purls[0]); i++) {
		int	 m = advid_purl_match(purls[i].a, purls[i].range,
		    purls[i].aver, purls[i].c, purls[i].cver);

		if (m != purls[i].want)
			TEST_FAIL_("purl case %zu: %s vs %s gave %d, want %d",
			    i, purls[i].a, purls[i].c, m, purls[i].want);
	}
	return 0;
}

/* A minimal CSAF document whose one product has helper text h. */
static int
parse_helper(const char *h, struct csaf_doc **d, char *err, size_t n)
{
	char	 buf[2048];

	snprintf(buf, sizeof(buf), "{\"document\": {\"category\": "
	    "\"csaf_base\", \"csaf_version\": \"2.0\", \"title\": \"t\", "
	    "\"publisher\": {\"category\": \"vendor\", \"name\": \"p\", "
	    "\"namespace\": \"https://example.invalid\"}, \"tracking\": "
	    "{\"id\": \"X-1\", \"version\": \"1\", \"status\": \"final\", "
	    "\"initial_release_date\": \"2099-01-01T00:00:00Z\", "
	    "\"current_release_date\": \"2099-01-01T00:00:00Z\"}}, "
	    "\"product_tree\": {\"full_product_names\": [{\"name\": \"n\", "
	    "\"product_id\": \"P1\"%s%s}]}}", h != NULL ? ", " : "",
	    h != NULL ? h : "");
	return csaf_parse(buf, strlen(buf), d, err, n);
}

TEST_IMPL(advid_csaf_helper)
{
	struct csaf_doc		*d = NULL;
	struct advisory_set	*set = NULL;
	struct db		*db = NULL;
	char			 err[256], p[512], dir[64], dbp[96];
	int			 oc;

	ASSERT_EQ(parse_helper("\"product_identification_helper\": {\"cpe\": "
	    "\"cpe:/a:zlib:zlib:1.2.11\", \"purl\": \"pkg:generic/zlib@1.2.11\","
	    " \"hashes\": []}", &d, err, sizeof(err)), 0);
	ASSERT_STR_EQ(d->prod[0].cpe, "cpe:/a:zlib:zlib:1.2.11");
	ASSERT_STR_EQ(d->prod[0].purl, "pkg:generic/zlib@1.2.11");
	d = csaf_free(d);
	ASSERT_EQ(parse_helper(NULL, &d, err, sizeof(err)), 0);
	ASSERT_NULL(d->prod[0].cpe);
	ASSERT_NULL(d->prod[0].purl);
	d = csaf_free(d);
	ASSERT_EQ(parse_helper("\"product_identification_helper\": \"cpe\"",
	    &d, err, sizeof(err)), IOMT_EPROTO);
	ASSERT_NOT_NULL(strstr(err, "/product_tree/full_product_names/0/"
	    "product_identification_helper: not an object"));
	ASSERT_NULL(d);
	ASSERT_EQ(parse_helper("\"product_identification_helper\": {\"cpe\": "
	    "\"cpe:/a:\\u001b[2J\"}", &d, err, sizeof(err)), IOMT_EPROTO);
	ASSERT_NOT_NULL(strstr(err, "product_identification_helper/cpe"));
	ASSERT_EQ(parse_helper("\"product_identification_helper\": {\"purl\": "
	    "7}", &d, err, sizeof(err)), IOMT_EPROTO);
	ASSERT_NOT_NULL(strstr(err, "purl: not a string"));

	/* The fixture, stored and read back with its helpers. */
	snprintf(p, sizeof(p), "%s/tests/fixtures/csaf/sbom/pssa-99-120-01.json",
	    test_srcdir());
	ASSERT_EQ(csaf_read(p, &d, err, sizeof(err)), 0);
	strlcpy(dir, "/tmp/iomt-advid.XXXXXX", sizeof(dir));
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_advisory_import(db, d, p, &oc, NULL, 0), 0);
	d = csaf_free(d);
	ASSERT_EQ(db_advisories_load(db, NULL, &set), 0);
	ASSERT_EQ(set->n, 1);
	ASSERT_EQ(set->adv[0].doc->n_prod, 2);
	ASSERT_STR_EQ(set->adv[0].doc->prod[0].cpe, "cpe:/a:openssl:openssl");
	ASSERT_NULL(set->adv[0].doc->prod[0].purl);
	ASSERT_STR_EQ(set->adv[0].doc->prod[0].range,
	    "vers:generic/>=1.0.2|<1.1.0");
	ASSERT_STR_EQ(set->adv[0].doc->prod[1].purl,
	    "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
	set = db_advisories_free(set);
	db = db_close(db);
	test_rmtree(dir);
	return 0;
}

/* The match of advisory id among component c's links, or 0. */
static int
comp_match(const struct inv_sbom_comp *c, const char *id)
{
	for (size_t i = 0; i < c->n_adv; i++)
		if (strcmp(c->adv[i].id, id) == 0)
			return c->adv[i].match;
	return 0;
}

TEST_IMPL(advid_sbom_links)
{
	static const char *const advs[] = { "pssa-99-120-01.json",
		"pssa-99-121-01.json" };
	struct inventory	*inv = NULL;
	struct sbom_doc		*s = NULL;
	struct csaf_doc		*d = NULL;
	struct db		*db = NULL;
	const struct inv_sbom	*sb;
	char			 err[256], p[512], dir[64], dbp[96];
	int			 oc;

	strlcpy(dir, "/tmp/iomt-advid.XXXXXX", sizeof(dir));
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(dbp, sizeof(dbp), "%s/inv.db", dir);
	ASSERT_EQ(db_open(dbp, 0, &db, err, sizeof(err)), 0);
	for (size_t i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/tests/fixtures/csaf/sbom/%s",
		    test_srcdir(), advs[i]);
		ASSERT_EQ(csaf_read(p, &d, err, sizeof(err)), 0);
		ASSERT_EQ(db_advisory_import(db, d, p, &oc, NULL, 0), 0);
		d = csaf_free(d);
	}
	snprintf(p, sizeof(p), "%s/tests/fixtures/sbom/pic-ix.cdx.json",
	    test_srcdir());
	ASSERT_EQ(sbom_read(p, &s, err, sizeof(err)), 0);
	ASSERT_EQ(db_sbom_import(db, s, NULL, NULL, p, NULL), 0);
	s = sbom_free(s);
	/* No host at all: the components are linked all the same. */
	ASSERT_EQ(db_inventory_load(db, &inv), 0);
	ASSERT_EQ(inv->n_sbom, 1);
	sb = &inv->sbom[0];
	ASSERT_EQ(sb->n_comp, 4);
	ASSERT_STR_EQ(sb->comp[0].name, "openssl");
	ASSERT_EQ(sb->comp[0].n_adv, 1);
	ASSERT_EQ(comp_match(&sb->comp[0], "PSSA-99-120-01"), ADV_AFFECTED);
	ASSERT_NOT_NULL(strstr(sb->comp[0].adv[0].reason,
	    "SBOM component openssl 1.0.2k matches CPE cpe:/a:openssl:openssl"));
	ASSERT_STR_EQ(sb->comp[0].adv[0].cves, "CVE-2099-12001");
	ASSERT_EQ(comp_match(&sb->comp[1], "PSSA-99-121-01"),
	    ADV_NOT_AFFECTED);
	ASSERT_EQ(comp_match(&sb->comp[1], "PSSA-99-120-01"), 0);
	ASSERT_EQ(comp_match(&sb->comp[2], "PSSA-99-120-01"), ADV_AFFECTED);
	ASSERT_STR_EQ(sb->comp[2].adv[0].cves, "CVE-2099-12002");
	ASSERT_EQ(sb->comp[3].n_adv, 0);
	inv = db_inventory_free(inv);
	db = db_close(db);
	test_rmtree(dir);
	return 0;
}
