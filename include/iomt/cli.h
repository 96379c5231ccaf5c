/*
 * cli.h - the command-line layer (src/cli/): the subcommands and their
 * shared option handling.  Not part of libiomt.a.
 */
#ifndef IOMT_CLI_H
#define IOMT_CLI_H

/* ------------------------------------------------------------------ */
/*
 * cli.h - the subcommands of the iomtscan command line.
 *
 * main.c dispatches "iomtscan NAME ..." to cmd_NAME(argc, argv) with argv[0]
 * being NAME.  Each returns the process exit status: 0 ok, 1 finished with
 * problems (a scan with breaker trips, `check` found a policy exceeded), 2
 * usage error or bad input.  Each prints its own --help.
 */

#include <stddef.h>
#include <stdio.h>

#include "iomt/safety.h"
#include "iomt/engine.h"

#define EXIT_OK		0
#define EXIT_PROBLEMS	1
#define EXIT_USAGE	2

int	cmd_scan(int argc, char **argv);
int	cmd_hosts(int argc, char **argv);
int	cmd_show(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_audit(int argc, char **argv);
int	cmd_demo(int argc, char **argv);
int	cmd_script(int argc, char **argv);	/* src/cli/script.c */
/* Fragile-device profiles, and the policy every command loads. */
int	cmd_profiles(int argc, char **argv);	/* src/cli/profiles.c */
int	cmd_plan(int argc, char **argv);	/* src/cli/plan.c */
int	cmd_listen(int argc, char **argv);	/* src/cli/listen.c */
int	cmd_check(int argc, char **argv);	/* src/cli/check.c */
int	cmd_diff(int argc, char **argv);	/* src/cli/diff.c */
int	cmd_reconcile(int argc, char **argv);	/* src/cli/reconcile.c */
int	cmd_annotate(int argc, char **argv);	/* src/cli/annotate.c */
int	cmd_remote(int argc, char **argv);	/* src/cli/remote.c */
int	cmd_advisories(int argc, char **argv);	/* src/cli/advisories.c */
int	cmd_mds2(int argc, char **argv);	/* src/cli/devdocs.c */
int	cmd_sbom(int argc, char **argv);	/* src/cli/devdocs.c */

int	cmd_checklist(int argc, char **argv);	/* src/cli/checklist.c */
int	cmd_onboard(int argc, char **argv);	/* src/cli/onboard.c */

struct policy;

/*
 * Load the policy a command works under: the shipped profiles (profiles,
 * or data/profiles.conf found with cmd_datafile()), the site's profiles
 * (local, or $IOMT_ETCDIR/profiles.local.conf, default /etc/iomtscan, if
 * that file exists) and the site policy file (policy_file, or
 * $IOMT_ETCDIR/policy.conf if it exists).  A path given explicitly must
 * exist.  On failure print one message naming file:line to stderr and
 * return IOMT_EINVAL, -errno or IOMT_ENOTFOUND; on success return 0 and
 * the policy in *out (free with policy_free()).  Blocks on file I/O.
 */
int	cmd_policy_load(const char *profiles, const char *local,
	    const char *policy_file, struct policy **out);

/*
 * Locate a data file shipped with iomtscan (e.g. "data/device-ouis.txt",
 * "contrib/lab/lab.sh"): $IOMT_DATADIR, then the source tree the binary was
 * built from, then the install directory.  Write the path to dst and
 * return 0, or IOMT_ENOTFOUND.
 */
int	cmd_datafile(const char *rel, char *dst, size_t dsize);

/* Shared command-line helpers (src/cli/options.c). */
struct db;
struct option;
struct oui_db;

/*
 * Print "iomtscan CMD: MESSAGE" and "Run 'iomtscan CMD --help' for usage."
 * to stderr, MESSAGE formatted from fmt as by printf().  Return
 * EXIT_USAGE, for `r = cmd_usage_error(...); goto out;`.
 */
int	cmd_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Report the option getopt_long() just refused with ch (':' for a missing
 * argument, anything else for an unknown option), naming argv[optind - 1],
 * as cmd_usage_error() does.  Return EXIT_USAGE.
 */
int	cmd_bad_option(const char *cmd, int ch, char **argv);

/* Raise the log level for -v (info) or -vv (debug); 0 changes nothing. */
void	cmd_log_verbosity(int verbose);

/*
 * The inventory a command uses when --db is not given: $IOMT_DB, else
 * "iomtscan.db" in the current directory.  When given is not NULL, set
 * *given to 1 if $IOMT_DB named it, else 0.  The result is static or
 * owned by the environment.
 */
const char *cmd_db_path(int *given);

/*
 * Open the inventory at path with db_open() flags (DB_RDONLY) into *out.
 * Return 0, or db_open()'s error after printing "iomtscan CMD: cannot
 * open database PATH: why" (or, for IOMT_EDAMAGED, cmd_db_damaged()'s
 * message) to stderr.  The caller closes *out with
 * db_close().  Blocks on file I/O.
 */
int	cmd_open_db(const char *cmd, const char *path, int flags,
	    struct db **out);

/*
 * Say that the inventory at path is damaged (db_open() or any later call
 * returned IOMT_EDAMAGED; why is what SQLite said, e.g. db_errmsg()) and
 * what to do, as "iomtscan CMD: database is damaged: PATH (why); ...",
 * to stderr.  Return EXIT_USAGE.
 */
int	cmd_db_damaged(const char *cmd, const char *path, const char *why);

/*
 * Load the IEEE registry from dir together with the shipped maker table
 * (data/device-ouis.txt, found with cmd_datafile()).  Return a new
 * database (free with oui_free()), or NULL when neither can be read; the
 * caller decides whether to say so.  Blocks on file I/O.
 */
struct oui_db *cmd_oui_load(const char *dir);

/*
 * The policy files every policy-aware command takes (--profiles,
 * --profiles-local, --policy), for cmd_policy_load(): NULL means the
 * default.  CMD_POLICY_LONGOPTS are their struct option entries (include
 * <getopt.h>), with the getopt values CMD_OPT_*.
 */
struct cmd_policy_files {
	const char	*profiles;
	const char	*local;
	const char	*policy_file;
};

#define CMD_OPT_PROFILES	900
#define CMD_OPT_PROFILES_LOCAL	901
#define CMD_OPT_POLICY		902
#define CMD_POLICY_LONGOPTS \
	{ "profiles", required_argument, NULL, CMD_OPT_PROFILES }, \
	{ "profiles-local", required_argument, NULL, CMD_OPT_PROFILES_LOCAL }, \
	{ "policy", required_argument, NULL, CMD_OPT_POLICY }

/*
 * If ch is one of CMD_OPT_*, store arg (borrowed: it points into argv) in
 * the matching member of pf and return 1; otherwise change nothing and
 * return 0.
 */
int	cmd_policy_option(struct cmd_policy_files *pf, int ch,
	    const char *arg);

/*
 * The options the getopt_long() loops of check, listen and profiles
 * handle alike, for the default case of their switch: a CMD_OPT_* policy
 * file (optarg stored in pf by cmd_policy_option(); return 0, the loop
 * goes on), -h (usage(stdout), *status set to EXIT_OK) and anything else
 * (refused with cmd_bad_option(), *status set to EXIT_USAGE).  Return 1
 * when the command stops with *status; *status is untouched otherwise.
 */
int	cmd_common_option(const char *cmd, int ch, char **argv,
	    struct cmd_policy_files *pf, void (*usage)(FILE *), int *status);

/*
 * Return 0 when getopt_long() left no operand (optind >= argc).
 * Otherwise report argv[optind] as an "unexpected argument" with
 * cmd_usage_error(), set *status to EXIT_USAGE and return 1.
 */
int	cmd_operand_left(const char *cmd, int argc, char **argv, int *status);

#define SCAN_CLI_MAX_COMMUNITIES	8
#define SCAN_CLI_OPT_OWN		1024	/* first value of own options */

/*
 * The scan options as "iomtscan scan" and "iomtscan plan" read them.
 * scan_cli_init() sets the defaults, scan_cli_parse() fills it,
 * scan_cli_free() releases what it owns (o's ports, target sets and
 * targets_text); the strings point into argv or the environment.
 */
struct scan_cli {
	struct scan_opts o;		/* options, targets, exclusions */
	const char	*cmd;		/* "scan", "plan": message prefix */
	enum safety_level max_level;	/* highest --level accepted */
	const char	*dbpath;	/* --db, else cmd_db_path() */
	int		 dbgiven;	/* --db or $IOMT_DB named it */
	struct cmd_policy_files pf;	/* --profiles, --policy... */
	const char	*communities[SCAN_CLI_MAX_COMMUNITIES + 1];
	size_t		 n_comm;	/* --community values */
	int		 quiet;		/* -q */
	int		 verbose;	/* -v, counted */
	int		 help;		/* -h: print the usage, exit 0 */
	char		*targets_text;	/* the TARGET operands, joined */
};

/*
 * Fill c with the scan defaults (scan_opts_default()), the database from
 * cmd_db_path(), max_level LEVEL_CLINICAL, and cmd (a static string, the
 * command name used in messages).  Never fails.
 */
void	scan_cli_init(struct scan_cli *c, const char *cmd);

/*
 * Read argv (argv[0] the command name) with getopt_long_only(): the
 * shared scan options, then own (a table of the command's own options
 * ended by a zero entry, values >= SCAN_CLI_OPT_OWN; may be NULL), whose
 * matches go to own_opt(c, value, optarg, arg), which returns 0 or
 * non-zero after printing its message with cmd_usage_error().  Then the
 * TARGET operands: at least one, no more addresses than --max-hosts.
 * Every value is checked against its range and hard ceiling before
 * anything is opened.  Return 0 when the command may go on (c->help set:
 * -h was given, nothing after it was read; the caller prints its usage),
 * or IOMT_EINVAL after one message "iomtscan CMD: ..." on stderr (the
 * caller exits with EXIT_USAGE).  Reads -iL and --exclude-file files.
 */
int	scan_cli_parse(struct scan_cli *c, int argc, char **argv,
	    const struct option *own,
	    int (*own_opt)(struct scan_cli *, int, const char *, void *),
	    void *arg);

/* Free what c owns (not c itself).  Idempotent. */
void	scan_cli_free(struct scan_cli *c);

/* Where a scan's shipped data files are (cmd_scan_data() fills it). */
struct cmd_scan_paths {
	char		 classes[1024];	/* data/device-ouis.txt */
	char		 probes[1024];	/* probes/ */
	char		 lua[1024];	/* lua/ */
};

/*
 * Point o at the shipped data (paths kept in p, which must outlive o's
 * use): the curated maker table, without which the scan refuses (medical
 * devices would get no special care: return EXIT_USAGE after a message
 * naming cmd), and, unless o->no_scripts, the probe scripts and their
 * Lua library when found.  Return 0 otherwise.
 */
int	cmd_scan_data(const char *cmd, struct scan_opts *o,
	    struct cmd_scan_paths *p);

struct plan;

/*
 * Build the plan of the scan c describes under pol, as "iomtscan plan"
 * does: the inventory c->dbpath read-only when it exists (or, with
 * db_needed, was named: then a missing file is an error),
 * the IEEE registry, the attached networks (getifaddrs(), nothing sent).
 * Return 0 and a new plan in *out (plan_free()), or IOMT_EINVAL after one
 * message on stderr.
 */
int	cmd_plan_build(const struct scan_cli *c, const struct policy *pol,
	    int db_needed, struct plan **out);

#endif /* IOMT_CLI_H */
