/*
 * fuzz-csaf.c - libFuzzer target for the CSAF 2.0 advisory reader
 * (src/db/csaf.c) and the matcher behind it (src/db/advmatch.c).
 *
 * Advisories come from outside (files carried onto an isolated clinical
 * network), so the reader must refuse anything malformed with a reason
 * and never read out of bounds, recurse without bound or leak.  Each
 * input is parsed; a document that parses is matched against a few
 * hosts with the lab's identities, so the vendor folding, the product
 * words and the version ranges it carries are exercised too, and its
 * products' CPEs and purls are compared with SBOM components'
 * (src/db/advid.c) both ways round.  Run:
 * CC=clang ./configure --enable-fuzzing && make tests/fuzz/fuzz-csaf &&
 * ./tests/fuzz/fuzz-csaf -dict=tests/fuzz/csaf.dict tests/fuzz/corpus/csaf
 * (docs/HACKING.md).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[][5] = {
		{ "Baxter International Inc", "Baxter", NULL, "infusion-pump",
		    NULL },
		{ NULL, "Orthanc", "Orthanc", "pacs", "1.10.1" },
		{ "Dell Inc.", "Dell Inc.", NULL, "dicom-node", "DCMTK 3.6.7" },
		{ "DATEX DIVISION OF", "GE Healthcare", "CARESCAPE B650",
		    "medical-device", "v2.1" },
	};
	struct advisory_set	*set;
	struct csaf_doc		*d = NULL;
	char			 err[512];

	if (csaf_parse((const char *)data, size, &d, err, sizeof(err)) != 0) {
		if (d != NULL || strlen(err) == 0)
			abort();	/* refused: nothing out, a reason */
		return 0;
	}
	set = xcalloc(1, sizeof(*set));
	set->adv = xcalloc(1, sizeof(*set->adv));
	set->adv[0].doc = d;
	set->adv[0].file = xstrdup("fuzz.json");
	set->n = 1;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct inv_identity	 id;
		struct inv_host		 h;
		struct inv_advisory	*a = NULL;
		size_t			 n = 0;

		memset(&id, 0, sizeof(id));
		memset(&h, 0, sizeof(h));
		h.ip = "198.18.0.1";
		h.oui_vendor = ids[i][0];
		id.vendor = ids[i][1];
		id.model = ids[i][2];
		id.device_class = ids[i][3];
		id.firmware = ids[i][4];
		h.identity = &id;
		advmatch_host(set, &h, NULL, &a, &n);
		for (size_t k = 0; k < n; k++)
			if (a[k].reason == NULL || a[k].match < ADV_NOT_AFFECTED ||
			    a[k].match > ADV_AFFECTED)
				abort();
		free(a);
	}
	/* Product identifiers against SBOM components, both ways round. */
	for (size_t i = 0; i < d->n_prod; i++) {
		static const char *const comp[][2] = {
			{ "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*",
			    "pkg:generic/openssl@1.0.2k?arch=x86" },
			{ "cpe:/a:offis:dcmtk", "pkg:deb/debian/dcmtk" },
		};
		const struct csaf_product *p = &d->prod[i];

		for (size_t k = 0; k < 2; k++) {
			int	 r[4];

			r[0] = advid_cpe_match(p->cpe, p->range, p->version,
			    comp[k][0], "3.6.7");
			r[1] = advid_cpe_match(comp[k][0], p->range, NULL,
			    p->cpe, p->version);
			r[2] = advid_purl_match(p->purl, p->range, p->version,
			    comp[k][1], NULL);
			r[3] = advid_purl_match(comp[k][1], p->range, NULL,
			    p->purl, p->version);
			for (int j = 0; j < 4; j++)
				if (r[j] < ADVID_NONE || r[j] > ADVID_UNKNOWN)
					abort();
		}
	}
	db_advisories_free(set);
	return 0;
}
