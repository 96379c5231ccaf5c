/*
 * fuzz-mds2.c - libFuzzer target for the MDS2 form reader
 * (src/ledger/mds2.c) over the ledger's CSV and .xlsx readers: a form a
 * vendor mailed may be any bytes.  Every input must end in a form or a
 * message naming the file, never a crash, a leak or a read past the
 * buffer; a form that is read must hold a maker, a model, a revision and
 * at least one question, each with a known answer kind.
 */
#include "config.h"

#include <stdlib.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/ledger.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mds2_doc	*d = NULL;
	char		 err[512];

	if (ledger_mds2_load_mem("fuzz", data, size, &d, err,
	    sizeof(err)) != 0) {
		if (d != NULL || err[0] == '\0')
			abort();
		return 0;
	}
	if (d->vendor == NULL || d->model == NULL || d->revision == NULL ||
	    d->n_item == 0)
		abort();
	for (size_t i = 0; i < d->n_item; i++)
		if (d->item[i].qid == NULL || d->item[i].answer < MDS2_A_NONE ||
		    d->item[i].answer > MDS2_A_TEXT)
			abort();
	mds2_doc_free(d);
	return 0;
}
