/*
 * fuzz-plan.c - libFuzzer target for the saved-plan reader
 * (src/engine/plan-json.c).
 *
 * A saved plan reaches a scheduled scan from outside (iomtscan plan
 * --save, then scan --plan FILE) and then decides what the scan may send,
 * so the reader must refuse anything that is not a plan with a reason and
 * never read out of bounds, overflow a fixed port list or leak.  Each
 * input is loaded; a plan that loads is asked what it permits, written
 * back out and read again, which must succeed.  Run: CC=clang ./configure
 * --enable-fuzzing && make tests/fuzz/fuzz-plan && ./tests/fuzz/fuzz-plan
 * -max_total_time=600 $(srcdir)/tests/fuzz/corpus/plan (docs/HACKING.md).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "iomt/engine.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan	*pl = NULL, *back = NULL;
	struct plan_totals t;
	char		 err[256], *buf = NULL;
	size_t		 len = 0;
	FILE		*fp;

	if (plan_load_buf((const char *)data, size, &pl, err,
	    sizeof(err)) != 0)
		return 0;
	plan_totals(pl, &t);
	(void)plan_permits(pl, 0xc6120001u, NULL, 0, SAFETY_K_ARP);
	(void)plan_permits(pl, 0xc6120001u, "tcp", 80, SAFETY_K_CONNECT);
	(void)plan_permits(pl, 0xc6120001u, "tcp", 104, SAFETY_K_PAYLOAD);
	(void)plan_permits(pl, 0xc6120001u, "udp", 161, SAFETY_K_UDP);
	fp = open_memstream(&buf, &len);
	if (fp != NULL) {
		plan_write_json(pl, fp);
		fclose(fp);
		/* What the writer wrote, the reader reads. */
		if (plan_load_buf(buf, len, &back, err, sizeof(err)) != 0)
			abort();
		plan_free(back);
		free(buf);
	}
	plan_free(pl);
	return 0;
}
