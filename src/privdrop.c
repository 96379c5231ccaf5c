/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/privdrop.h"

int
privdrop(const char *user)
{
	return IOMT_EINVAL;
}

int
privdrop_have_raw(void)
{
	return IOMT_EINVAL;
}
