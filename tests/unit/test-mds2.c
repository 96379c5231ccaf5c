/*
 * test-mds2.c - the makers' documents: the MDS2 reader on the fixtures
 * (HN 1-2019 CSV export with labels over values, the Japanese MDS/SDS in
 * CP932) and on every refused form, the SBOM reader (CycloneDX 1.4/1.6
 * with nested components, SPDX 2.3 with its DESCRIBES package and
 * external references) and its refusals, which hosts a document is
 * linked to (and the ones it must not be), and the four contradictions
 * on a real database file, as every view loads them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/ledger.h"
#include "iomt/report.h"
#include "iomt/util.h"
#include "runner.h"

static int
load_form(const char *rel, struct mds2_doc **d, char *err, size_t errlen)
{
	char	 p[1024];

	snprintf(p, sizeof(p), "%s/tests/fixtures/mds2/%s", test_srcdir(),
	    rel);
	return ledger_mds2_load(p, d, err, errlen);
}

static const struct mds2_item *
item(const struct mds2_doc *d, const char *qid)
{
	for (size_t i = 0; i < d->n_item; i++)
		if (strcmp(d->item[i].qid, qid) == 0)
			return &d->item[i];
	return NULL;
}

TEST_IMPL(mds2_reader)
{
	static const struct {
		const char	*file, *why;
	} bad[] = {
		{ "bad/bad-answer.csv", "row 4: the answer to RMOT-1 is" },
		{ "bad/duplicate-id.csv", "row 6: RMOT-1 is given twice" },
		{ "bad/not-a-form.csv", "no MDS2 question IDs" },
		{ "bad/no-model.csv", "no device model" },
		{ "bad/control-char.csv", "row 4: the note holds control" },
		{ "bad/broken.xlsx", "not a readable .xlsx workbook" },
	};
	struct mds2_doc	*d = NULL;
	char		 err[512];

	ASSERT_EQ(load_form("carescape-b650.csv", &d, err, sizeof(err)), 0);
	ASSERT_STR_EQ(d->vendor, "GE Healthcare");
	ASSERT_STR_EQ(d->model, "CARESCAPE B650");
	ASSERT_STR_EQ(d->version, "v3.2");
	ASSERT_STR_EQ(d->doc_id, "MDS2-B650-0003");
	ASSERT_STR_EQ(d->revision, "HN 1-2019");
	ASSERT_STR_EQ(d->format, "csv");
	ASSERT_EQ(d->n_item, 16);
	ASSERT_EQ(item(d, "RMOT-1")->answer, MDS2_A_NO);
	ASSERT_STR_EQ(item(d, "RMOT-1")->note, "No remote service is provided.");
	ASSERT_EQ(item(d, "SBOM-1")->answer, MDS2_A_SEE_NOTE);
	ASSERT_EQ(item(d, "DOC-2")->answer, MDS2_A_TEXT);
	ASSERT_EQ(item(d, "CONN-2")->row, 15);
	d = mds2_doc_free(d);

	/* CP932, full-width ID, Japanese labels and answers. */
	ASSERT_EQ(load_form("intellivue-mx800-ja.csv", &d, err, sizeof(err)),
	    0);
	ASSERT_STR_EQ(d->vendor, "Philips");
	ASSERT_STR_EQ(d->model, "IntelliVue MX800");
	ASSERT_STR_EQ(d->version, "M.00.03");
	ASSERT_STR_EQ(d->revision, "JAHIS/JIRA MDS/SDS");
	ASSERT_NOT_NULL(item(d, "RMOT-1"));
	ASSERT_EQ(item(d, "RMOT-1")->answer, MDS2_A_NO);
	ASSERT_EQ(item(d, "CONN-2")->answer, MDS2_A_YES);
	ASSERT_EQ(item(d, "MLDP-2")->answer, MDS2_A_NA);
	ASSERT_EQ(item(d, "SBOM-1")->answer, MDS2_A_SEE_NOTE);
	ASSERT_STR_EQ(item(d, "CSUP-2")->note, "VxWorks 6.9");
	d = mds2_doc_free(d);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ASSERT_NE(load_form(bad[i].file, &d, err, sizeof(err)), 0);
		ASSERT_NULL(d);
		ASSERT_NOT_NULL(strstr(err, bad[i].file));
		ASSERT_NOT_NULL(strstr(err, bad[i].why));
	}

	/* Headerless rows: ID, question, answer, note; 2013 by its IDs. */
	{
		static const char form[] =
		    "DOC-1,Manufacturer,Baxter International Inc\n"
		    "DOC-3,Model,Sigma Spectrum\n"
		    "CNFS-1,Can security features be configured?,No,\n"
		    "ALOF-1,Auto logoff?,N/A,none\n";

		ASSERT_EQ(ledger_mds2_load_mem("mem.csv", (const uint8_t *)form,
		    sizeof(form) - 1, &d, err, sizeof(err)), 0);
		ASSERT_STR_EQ(d->revision, "HN 1-2013");
		ASSERT_EQ(item(d, "ALOF-1")->answer, MDS2_A_NA);
		ASSERT_STR_EQ(item(d, "ALOF-1")->note, "none");
		ASSERT_STR_EQ(item(d, "CNFS-1")->question,
		    "Can security features be configured?");
		d = mds2_doc_free(d);
	}
	return 0;
}

static int
load_sbom(const char *rel, struct sbom_doc **d, char *err, size_t errlen)
{
	char	 p[1024];

	snprintf(p, sizeof(p), "%s/tests/fixtures/sbom/%s", test_srcdir(),
	    rel);
	return sbom_read(p, d, err, errlen);
}

TEST_IMPL(sbom_reader)
{
	static const struct {
		const char	*file, *why;
	} bad[] = {
		{ "bad/not-json.json", "/: not JSON" },
		{ "bad/truncated.json", "/: not JSON" },
		{ "bad/deep.json", "nested deeper than 32" },
		{ "bad/cdx-1.2.json", "/specVersion: CycloneDX 1.2" },
		{ "bad/nameless.json", "/components/0: a component without" },
		{ "bad/control.json", "\"name\" holds control characters" },
		{ "bad/spdx-no-packages.json", "/packages: missing" },
	};
	struct sbom_doc	*d = NULL;
	char		 err[512];

	ASSERT_EQ(load_sbom("intellivue-mx800.cdx.json", &d, err,
	    sizeof(err)), 0);
	ASSERT_STR_EQ(d->format, "CycloneDX 1.6");
	ASSERT_STR_EQ(d->vendor, "Philips Medical Systems");
	ASSERT_STR_EQ(d->model, "IntelliVue MX800");
	ASSERT_EQ(d->n_comp, 4);
	ASSERT_STR_EQ(d->comp[0].cpe,
	    "cpe:2.3:o:windriver:vxworks:6.9:*:*:*:*:*:*:*");
	ASSERT_STR_EQ(d->comp[0].supplier, "Wind River Systems");
	ASSERT_STR_EQ(d->comp[2].name, "zlib");	/* nested */
	ASSERT_STR_EQ(d->comp[3].supplier, "Philips");	/* publisher */
	d = sbom_free(d);
	ASSERT_EQ(load_sbom("carescape-b650.cdx.json", &d, err, sizeof(err)),
	    0);
	ASSERT_STR_EQ(d->vendor, "GE Healthcare");	/* supplier */
	ASSERT_STR_EQ(d->format, "CycloneDX 1.4");
	d = sbom_free(d);
	ASSERT_EQ(load_sbom("sigma-spectrum.spdx.json", &d, err, sizeof(err)),
	    0);
	ASSERT_STR_EQ(d->format, "SPDX-2.3");
	ASSERT_STR_EQ(d->model, "Sigma Spectrum");
	ASSERT_STR_EQ(d->version, "8.01.01");
	ASSERT_STR_EQ(d->vendor, "Baxter International Inc");
	ASSERT_EQ(d->n_comp, 2);
	ASSERT_STR_EQ(d->comp[0].purl, "pkg:generic/busybox@1.24.1");
	ASSERT_NULL(d->comp[0].supplier);	/* NOASSERTION */
	ASSERT_STR_EQ(d->comp[1].type, "firmware");
	d = sbom_free(d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ASSERT_EQ(load_sbom(bad[i].file, &d, err, sizeof(err)),
		    IOMT_EPROTO);
		ASSERT_NULL(d);
		ASSERT_NOT_NULL(strstr(err, bad[i].why));
	}
	return 0;
}

TEST_IMPL(devdocs_linking)
{
	static const struct {
		const char	*vendor, *model, *cls, *dvendor, *dmodel;
		const char	*want;
	} t[] = {
		{ "Philips", "IntelliVue MX800", "patient-monitor",
		    "Philips Medical Systems", "IntelliVue MX800", "model" },
		{ "Philips", "INTELLIVUE-MX800", NULL, "Philips",
		    "IntelliVue MX800", "model" },
		{ "Baxter", "Sigma Spectrum", "infusion-pump",
		    "Baxter International Inc", "Sigma Spectrum Infusion System",
		    "model" },
		{ "HP", "HP LaserJet Pro M402dn - IPP", "printer",
		    "Hewlett Packard", "LaserJet Pro M402dn", "model" },
		{ "DATEX DIVISION OF", NULL, "patient-monitor",
		    "GE Healthcare", "CARESCAPE B650", "class" },
		/* Vendor alone never links; nor another model. */
		{ "DATEX DIVISION OF", NULL, "medical-device", "GE Healthcare",
		    "CARESCAPE B650", NULL },
		{ "Philips", "IntelliVue Information Center iX",
		    "patient-monitor", "Philips", "IntelliVue MX800", NULL },
		{ "Philips", NULL, "imaging-modality", "Philips",
		    "IntelliVue MX800", NULL },
		{ "Baxter", "Sigma Spectrum", "infusion-pump", "Philips",
		    "Sigma Spectrum", NULL },
		{ NULL, "X", NULL, "Acme", "X", NULL },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = devdocs_link(t[i].vendor, t[i].model, t[i].cls,
		    t[i].dvendor, t[i].dmodel);

		if (t[i].want == NULL)
			ASSERT_NULL(got);
		else
			ASSERT_STR_EQ(got != NULL ? got : "(null)", t[i].want);
	}
	return 0;
}

static const struct inv_finding *
finding(const struct inv_host *h, const char *id)
{
	for (size_t i = 0; i < h->n_finding; i++)
		if (strcmp(h->finding[i].id, id) == 0)
			return &h->finding[i];
	return NULL;
}

TEST_IMPL(mds2_contradictions)
{
	static const struct {
		const char	*ip, *os, *rmot, *conn2, *txcf, *csup;
		int		 ports[3];
		const char	*svc[3];
		const char	*want[4];
	} c[] = {
		/* no remote service, but VNC; 5900 not listed; HTTP. */
		{ "198.18.9.1", "QNX Neutrino 6.5", "No", "TCP 80, 2000", "Yes",
		    "QNX", { 80, 2000, 5900 }, { "http", NULL, "vnc" },
		    { "mds2-remote-contradiction", "mds2-undisclosed-ports",
		    "mds2-cleartext-contradiction", NULL } },
		/* the form's OS and the wire's differ */
		{ "198.18.9.2", "Linux 4.19", "Yes", "TCP 443", "No",
		    "Windows 10 IoT Enterprise", { 443, 0, 0 },
		    { "https", NULL, NULL },
		    { "mds2-os-contradiction", NULL, NULL, NULL } },
		/* all as disclosed: nothing */
		{ "198.18.9.3", "QNX 6.5", "No", "TCP 443 and 2000", "Yes",
		    "QNX Neutrino", { 443, 2000, 0 }, { "https", NULL, NULL },
		    { NULL, NULL, NULL, NULL } },
	};
	static const char *const ids[] = { "mds2-remote-contradiction",
		"mds2-undisclosed-ports", "mds2-cleartext-contradiction",
		"mds2-os-contradiction", NULL };
	struct inventory *inv = NULL;
	struct db	*db = NULL;
	char		 dir[64], path[128], err[256];

	strlcpy(dir, "/tmp/iomt-mds2.XXXXXX", sizeof(dir));
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/inv.db", dir);
	ASSERT_EQ(db_open(path, 0, &db, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct db_identity id = { 0 };
		struct mds2_doc	*d = xcalloc(1, sizeof(*d));
		char		 model[32];
		int64_t		 hid;
		static const char *const q[] = { "RMOT-1", "CONN-2", "TXCF-2",
			"CSUP-2" };

		snprintf(model, sizeof(model), "Monitor M%zu", i + 1);
		ASSERT_EQ(db_host_seen(db, 0, c[i].ip, NULL, NULL, "connect",
		    &hid), 0);
		for (size_t k = 0; k < 3 && c[i].ports[k] != 0; k++)
			ASSERT_EQ(db_service(db, 0, hid, "tcp", c[i].ports[k],
			    "open", c[i].svc[k], NULL), 0);
		id.vendor = "GE Healthcare";
		id.model = model;
		id.device_class = "patient-monitor";
		id.os = c[i].os;
		id.confidence = 80;
		id.evidence_json = "[]";
		ASSERT_EQ(db_identity_set(db, 0, hid, &id), 0);
		d->item = xcalloc(4, sizeof(*d->item));
		d->n_item = 4;
		for (size_t k = 0; k < 4; k++) {
			d->item[k].qid = xstrdup(q[k]);
			d->item[k].row = k + 1;
		}
		d->item[0].answer = strcmp(c[i].rmot, "No") == 0 ? MDS2_A_NO :
		    MDS2_A_YES;
		d->item[1].answer = MDS2_A_YES;
		d->item[1].note = xstrdup(c[i].conn2);
		d->item[2].answer = strcmp(c[i].txcf, "Yes") == 0 ?
		    MDS2_A_YES : MDS2_A_NO;
		d->item[3].answer = MDS2_A_YES;
		d->item[3].note = xstrdup(c[i].csup);
		d->vendor = xstrdup("Datex-Ohmeda");
		d->model = xstrdup(model);
		d->revision = xstrdup("HN 1-2019");
		d->format = "csv";
		ASSERT_EQ(db_mds2_import(db, d, "/tmp/form.csv", NULL), 0);
		mds2_doc_free(d);
	}
	ASSERT_EQ(report_inventory_load(db, NULL, &inv), 0);
	ASSERT_EQ(inv->n_mds2, 3);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const struct inv_host *h = &inv->host[i];
		size_t	 n = 0;

		ASSERT_STR_EQ(h->ip, c[i].ip);
		ASSERT_NOT_NULL(h->mds2);
		ASSERT_STR_EQ(h->mds2_link, "model");
		for (size_t k = 0; c[i].want[k] != NULL; k++) {
			ASSERT_NOT_NULL(finding(h, c[i].want[k]));
			n++;
		}
		for (size_t k = 0; ids[k] != NULL; k++)
			if (finding(h, ids[k]) != NULL)
				n--;
		ASSERT_EQ(n, 0);	/* no others */
	}
	/* Plain language, the port that matters, most severe first. */
	ASSERT_STR_EQ(inv->host[0].finding[0].id, "mds2-remote-contradiction");
	ASSERT_EQ(inv->host[0].finding[0].port, 5900);
	ASSERT_NOT_NULL(strstr(inv->host[0].finding[0].title,
	    "no remote service, but VNC"));
	ASSERT_EQ(finding(&inv->host[0], "mds2-undisclosed-ports")->port, 5900);
	ASSERT_EQ(finding(&inv->host[0], "mds2-cleartext-contradiction")->port,
	    80);
	ASSERT_NOT_NULL(strstr(finding(&inv->host[1],
	    "mds2-os-contradiction")->title, "MDS2 names Windows"));
	inv = db_inventory_free(inv);
	/* `show` loads the same. */
	ASSERT_EQ(report_host_load(db, "198.18.9.1", 0, &inv), 0);
	ASSERT_NOT_NULL(finding(&inv->host[0], "mds2-remote-contradiction"));
	inv = db_inventory_free(inv);
	db_close(db);
	test_rmtree(dir);
	return 0;
}
