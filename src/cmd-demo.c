/* STUB */
#include "config.h"
#include "iomt/cmd.h"
int
cmd_demo(int argc, char **argv)
{
	return EXIT_USAGE;
}
