/* STUB */
#include "config.h"
#include "iomt/cmd.h"
int cmd_hosts(int argc, char **argv) { return EXIT_USAGE; }
int cmd_show(int argc, char **argv) { return EXIT_USAGE; }
int cmd_export(int argc, char **argv) { return EXIT_USAGE; }
int cmd_audit(int argc, char **argv) { return EXIT_USAGE; }
