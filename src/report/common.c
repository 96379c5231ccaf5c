/*
 * src/report/common.c - what every view and export of src/report/ works
 * out the same way, so the table, `show` and the exports cannot disagree:
 * the options a view runs with.
 */
#include "config.h"

#include <string.h>

#include "report-int.h"

const struct report_opts *
report_opts_get(const struct report_opts *ro)
{
	static const struct report_opts zero;

	return ro != NULL ? ro : &zero;
}
