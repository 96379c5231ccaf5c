/*
 * fuzz-ledger.c - libFuzzer target for the ledger reader (src/ledger/):
 * encoding detection, the CSV/TSV parser, the .xlsx reader (libzip and
 * libxml2 over hostile archives) and header detection.
 *
 * A ledger is a file someone mailed the clinical engineer; it may be
 * anything.  Every input must end in a ledger or a message, never a
 * crash, a leak or a read past the buffer.  One map entry is applied on
 * odd sizes so the --map path is fuzzed too.
 */
#include "config.h"

#include <stdlib.h>

#include "iomt/ledger.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ledger_map map[] = { { "C", LEDGER_F_IP } };
	struct ledger *l = NULL;
	char err[512];

	if (ledger_load_mem("fuzz", data, size, map, size & 1, &l, err,
	    sizeof(err)) == 0)
		ledger_free(l);
	return 0;
}
