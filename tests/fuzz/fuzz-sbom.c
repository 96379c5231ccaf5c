/*
 * fuzz-sbom.c - libFuzzer target for the vendor SBOM reader
 * (src/db/sbom.c): CycloneDX and SPDX JSON through jansson with the
 * reader's limits (size, depth, counts, string length, control
 * characters).  Every input must end in a document or a message with a
 * JSON path, never a crash or a leak; a document that is read must have
 * a format and a name on every component, none over the limits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbom_doc	*d = NULL;
	char		 err[512];

	if (sbom_parse((const char *)data, size, &d, err, sizeof(err)) != 0) {
		if (d != NULL || err[0] == '\0')
			abort();
		return 0;
	}
	if (d->format == NULL || d->n_comp > SBOM_MAX_COMPONENTS)
		abort();
	for (size_t i = 0; i < d->n_comp; i++)
		if (d->comp[i].name == NULL ||
		    strlen(d->comp[i].name) > SBOM_STR_MAX)
			abort();
	sbom_free(d);
	return 0;
}
