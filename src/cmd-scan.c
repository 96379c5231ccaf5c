/* STUB */
#include "config.h"
#include <stddef.h>
#include "iomt/cmd.h"
int
cmd_scan(int argc, char **argv)
{
	return EXIT_USAGE;
}
int
cmd_datafile(const char *rel, char *dst, size_t dsize)
{
	return -1;
}
