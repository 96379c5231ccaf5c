/*
 * src/script/script-int.h - what the files of the script runtime share.
 *
 * The runtime behind include/iomt/script.h is split by concern: loader.c
 * reads scripts and validates their metadata, api.c is the host API the
 * scripts see (the iomt table and the host object), result.c validates
 * what identify() returns, and runner.c schedules and drives the runs on
 * each host.  They share the structures below; nothing outside
 * src/script/ includes this header.  Everything runs on the loop thread.
 */
#ifndef IOMT_SCRIPT_INT_H
#define IOMT_SCRIPT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "iomt/db.h"
#include "iomt/safety.h"
#include "iomt/script.h"

#define HOST_MT		"iomt.host"
#define SCRIPT_MAX_PROBLEMS 8	/* result problems logged per slot */
#define SCRIPT_MAX_PROBLEMS_SCAN 100	/* ... and per script and scan */

struct script_port {
	char		 proto[4];
	int		 port;
};

struct script_slot;

struct script {
	struct script_env *env;
	char		 id[SCRIPT_ID_MAX + 1];
	char		 name[256];	/* "probes/foo.lua" */
	char		 path[4096];
	char		*vendor;
	char		*description;
	char		*author;
	char		*license;
	char		*version;
	enum safety_level level;
	struct script_port ports[SCRIPT_MAX_PORTS];
	size_t		 n_ports;
	char		 ports_text[SCRIPT_MAX_PORTS * 12];
	int		 has_rule;
	int		 disabled;
	char		 error[600];
	struct sandbox	*sb;
	int		 ref_rule;
	int		 ref_ident;
	struct script_slot *active;	/* slots running this script */
	struct script_slot *cur;	/* slot being resumed */
	unsigned	 n_logs;	/* iomt.log outside a run */
	unsigned	 n_problems;	/* result problems logged */
};

struct script_env {
	struct script	**v;
	size_t		 n;
	struct sandbox_lib	*lib;
	struct script_limits lim;
	struct db	*db;
	int64_t		 scan_id;
	const struct oui_db *oui;
	size_t		 runs;
	char		 lib_err[512];	/* "" or why the library is unusable */
};

/* A claim: one validated identify() result. */
struct script_claim {
	char		 value[IDENT_NFIELDS][IDENT_STR_MAX + 1];
	int		 confidence;
	struct ident_evidence ev[SCRIPT_MAX_EVIDENCE];
	size_t		 n_ev;
	struct script_finding fd[SCRIPT_MAX_FINDINGS];
	size_t		 n_fd;
};

enum xe_state {
	XE_NEW = 0,	/* created by a script, not yet handed to io */
	XE_SENT,	/* io has it */
	XE_DONE		/* answered (or failed); cached */
};

/* One exchange, shared by every script of a run that asks the same. */
struct xentry {
	struct xentry	*next;
	struct script_run *run;
	enum xe_state	 st;
	char		 proto[4];
	int		 port;
	uint8_t		*send;
	size_t		 send_len;
	int		 has_send;
	char		 until[SCRIPT_MAX_UNTIL];
	size_t		 until_len;
	int		 has_until;
	size_t		 max;
	unsigned	 timeout_ms;
	char		 script_id[SCRIPT_ID_MAX + 1];
	struct script_xreq req;
	int		 status;
	char		 reason[160];
	uint8_t		*reply;
	size_t		 len;
};

enum slot_state {
	SLOT_READY = 0,	/* to be resumed */
	SLOT_WAIT,	/* waiting for an exchange */
	SLOT_DONE,
	SLOT_SKIP,	/* ports or rule did not match */
	SLOT_FAILED
};

enum slot_phase {
	PH_RULE = 0,
	PH_IDENT
};

struct script_slot {
	struct script_run *run;
	struct script	*sc;
	struct script_slot *anext;	/* in sc->active */
	struct script_slot *aprev;
	int		 linked;
	enum slot_state	 st;
	enum slot_phase	 phase;
	lua_State	*co;
	int		 co_ref;
	int		 ud_ref;
	struct sandbox_budget bud;
	unsigned	 n_xchg;
	unsigned	 n_logs;
	unsigned	 n_problems;
	size_t		 want_max;	/* max of the pending exchange */
	struct xentry	*wait;		/* entry waited for */
	struct xentry	*answer;	/* entry the continuation returns */
	struct script_claim *claim;
	int		 invalid;	/* result rejected or trimmed */
};

struct script_run {
	struct script_env *env;
	const struct script_host *host;
	struct script_io io;
	script_done_fn	 done;
	void		*arg;
	struct script_slot *slots;
	size_t		 n;
	struct xentry	*xe;
	unsigned	 io_pending;
	int		 in_drive;
	int		 again;
	int		 finished;
	unsigned	 n_run;
	unsigned	 n_errors;
	unsigned	 n_refused;
	unsigned	 n_exchanges;
	unsigned	 n_cached;
};

struct host_ud {
	struct script_slot *slot;	/* NULL once expired */
};

/* loader.c */

/*
 * Parse "tcp/80" or "udp/161" into proto (copied, NUL-terminated) and
 * *port.  Return 0, or -1 (nothing written) when s is anything else.
 */
int	script_parse_port(const char *s, char proto[4], int *port);

/* True when the len bytes at s are a valid id: [a-z0-9-]{1,63}. */
int	script_id_valid(const char *s, size_t len);

/* api.c */

/*
 * [-0, +0, m] The lua_CFunction that sets up a new script state: the
 * iomt table and the metatable of the host object.  Call it with
 * lua_pcall() (it allocates); it takes and returns nothing.
 */
int	script_api_open(lua_State *L);

/* result.c */

/*
 * Copy len bytes of s into dst (size dsize, always NUL-terminated when
 * dsize > 0) as text safe for a terminal and the log (text_term():
 * valid UTF-8 kept, controls, bidirectional overrides and invalid bytes
 * escaped).  An escape or character that does not fit is left out whole.
 * Allocates a temporary buffer (xmalloc).
 */
void	script_text(char *dst, size_t dsize, const char *s, size_t len);

/*
 * Validate the nres values identify() left on s->co into s->claim (NULL
 * when there is no usable result), counting and logging problems.
 * Clears s->co's stack.  Never raises; allocates (xmalloc).
 */
void	script_result_collect(struct script_slot *s, int nres);

/* runner.c */

/* True when host has proto/port open ("open|filtered" counts for udp). */
int	script_host_open(const struct script_host *h, const char *proto,
	    int port);

/*
 * Disable sc for the rest of the scan with message msg ("file:line:
 * message", copied): log it, record it with db_error() when the
 * environment has a database, end the script's other runs and close its
 * state.  A no-op for a script already disabled.
 */
void	script_disable(struct script *sc, const char *msg);

#endif /* IOMT_SCRIPT_INT_H */
