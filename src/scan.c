/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/scan.h"

void
scan_opts_default(struct scan_opts *o)
{
}

const uint16_t *
scan_default_ports(const char *const **reasons)
{
	return NULL;
}

int
scan_run(const struct scan_opts *opts, struct db *db, struct scan_stats *stats)
{
	return IOMT_EINVAL;
}
