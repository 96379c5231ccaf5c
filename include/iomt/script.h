/*
 * script.h - vendor probe scripts: loading, matching, running, results.
 *
 * A probe script (probes/<vendor>-<family>.lua, docs/LUA-API.md) is a
 * classifier: it looks at what the engine already knows about a host
 * (services, banners, observations, the MAC's maker) and may ask the
 * engine for a few more exchanges; it returns an identity and findings.
 * This module loads every script into its own sandboxed Lua state
 * (lsb.h), validates its metadata, and for each host runs the scripts
 * whose ports/rule match as coroutines: host:exchange() yields, the
 * engine performs the exchange through its own pacing and safety
 * machinery and calls back, and the coroutine is resumed with the reply.
 * Nothing here blocks; everything is bounded (instruction, time and
 * memory budgets per script, exchange count and sizes, result sizes).
 *
 * Before handing an exchange to the engine this module refuses, itself,
 * anything safety_check() forbids (never-list), anything above the
 * script's declared safety level or above the host's level, UDP other
 * than SNMP and TCP to ports the host does not have open; refusals are
 * logged and recorded with db_error() and the script sees
 * nil, "refused by policy: ...".  The engine enforces the same rules
 * again in its exchange function; neither layer trusts the other.
 *
 * A script that raises an error or trips a budget is disabled for the
 * rest of the scan (its state is closed, its other runs end) with a
 * message "file:line: message", logged and recorded with db_error();
 * the other scripts and the scan go on.  Results are validated in C
 * before anything is stored; several scripts' results are combined by
 * ident.h's rules.  All functions run on the loop thread.
 */
#ifndef IOMT_SCRIPT_H
#define IOMT_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/ident.h"
#include "iomt/safety.h"

struct db;
struct db_identity;
struct oui_db;
struct script_env;

/* Limits (docs/LUA-API.md "Limits"). */
#define SCRIPT_MAX_FILES	512	/* scripts loaded from a directory */
#define SCRIPT_ID_MAX		63	/* id: [a-z0-9-]{1,63} */
#define SCRIPT_META_MAX		256	/* metadata strings */
#define SCRIPT_MAX_PORTS	32	/* entries in ports = {...} */
#define SCRIPT_MAX_EXCHANGES	16	/* per script and host */
#define SCRIPT_MAX_SEND		8192	/* bytes in one exchange's send */
#define SCRIPT_DEF_REPLY	4096	/* default max of an exchange */
#define SCRIPT_MAX_REPLY	65536	/* largest max of an exchange */
#define SCRIPT_DEF_TIMEOUT_MS	3000
#define SCRIPT_MIN_TIMEOUT_MS	100
#define SCRIPT_MAX_TIMEOUT_MS	10000
#define SCRIPT_MAX_UNTIL	64	/* bytes of an exchange's until */
#define SCRIPT_MAX_EVIDENCE	16	/* evidence entries per result */
#define SCRIPT_MAX_FINDINGS	16	/* findings per result */
#define SCRIPT_MAX_LOGS		32	/* iomt.log lines per script and host */
#define SCRIPT_DEF_CONFIDENCE	50	/* when a result gives none */

/*
 * Limits of each script: mem_bytes is the allocator cap of its state
 * (shared by its runs on all hosts at the same time); insn and ms bound
 * one script's run on one host (rule() and identify() together, summed
 * over all its resumes; time waiting for exchanges is not counted), and
 * separately the loading of the script.  Zero fields take the defaults
 * LSB_DEF_MEM (8 MiB), LSB_DEF_INSN (10^7) and LSB_DEF_MS (500 ms).  The
 * worst case for one host is therefore (number of matching scripts) x ms
 * of CPU; a typical script uses well under a millisecond.
 */
struct script_limits {
	size_t		 mem_bytes;
	uint64_t	 insn;
	unsigned	 ms;
};

/*
 * Load every *.lua file of probes_dir (sorted by name, at most
 * SCRIPT_MAX_FILES, dot files skipped) with the library lua_dir (for
 * require; may be NULL).  Display and chunk names are "<last component
 * of probes_dir>/<file>" ("probes/foo.lua").  A script that fails to
 * compile, raises or trips a budget while loading, returns bad metadata
 * or duplicates an earlier id is kept but disabled, with its message
 * logged (log_warn) and recorded with db_error(db, scan_id, ...) when db
 * is not NULL.  Return 0 and the environment in *out even if some
 * scripts are disabled; -errno if probes_dir cannot be read (then *out is
 * NULL).  Reads files: call at start-up, not from a loop callback.  Free
 * with script_env_free().  db, if given, must outlive the environment.
 */
int	script_env_load(const char *probes_dir, const char *lua_dir,
	    const struct script_limits *lim, struct db *db, int64_t scan_id,
	    struct script_env **out);

/*
 * As script_env_load() for the n files at paths (in that order).  The
 * display name of a relative path is the path itself (without "./"); of
 * an absolute path its last two components.  Used by `script check` and
 * `script test` and by the tests.
 */
int	script_env_load_files(const char *const *paths, size_t n,
	    const char *lua_dir, const struct script_limits *lim,
	    struct db *db, int64_t scan_id, struct script_env **out);

/*
 * Free env and close every state.  No run may be in progress (every
 * done() called); if one is, this logs an error and leaks the run rather
 * than freeing memory it uses.  NULL-safe; returns NULL.
 */
struct script_env *script_env_free(struct script_env *env);

/*
 * Let iomt.oui_vendor() answer from oui (borrowed; must outlive env or be
 * replaced).  Without it iomt.oui_vendor() returns nil.
 */
void	script_env_set_oui(struct script_env *env, const struct oui_db *oui);

/* Number of scripts loaded (enabled or not), and of those enabled. */
size_t	script_env_count(const struct script_env *env);
size_t	script_env_enabled(const struct script_env *env);

/* Description of script i (0 <= i < count); strings owned by env. */
struct script_info {
	const char	*id;		/* "" if the metadata was unreadable */
	const char	*name;		/* "probes/foo.lua" */
	const char	*vendor;	/* "" when unknown, and so on */
	const char	*description;
	const char	*author;
	const char	*license;
	const char	*version;
	enum safety_level level;
	const char	*ports;		/* "tcp/80,tcp/104" or "" */
	int		 has_rule;
	int		 disabled;
	const char	*error;		/* "file:line: message" or "" */
};

/* Fill *out for script i.  Return 0 or IOMT_EINVAL if i is out of range. */
int	script_env_info(const struct script_env *env, size_t i,
	    struct script_info *out);

/* What the engine knows about a host.  See struct script_host. */
struct script_fact_service {
	const char	*proto;		/* "tcp" or "udp" */
	int		 port;
	const char	*state;		/* "open", "closed", "filtered", ... */
	const char	*service;	/* may be NULL */
	const char	*banner;	/* may be NULL; as stored (printable) */
};

struct script_fact_obs {
	const char	*proto;
	int		 port;		/* 0 for host-level observations */
	const char	*probe;		/* which probe made it */
	const char	*key;		/* "http.server", "dicom.impl_uid" */
	const char	*value;
};

/*
 * A host to run scripts on.  Every pointer (and everything it points to)
 * is borrowed: the caller keeps it valid and unchanged until done() has
 * been called for the run.  mac, oui_vendor, oui_class, oui_label and
 * prior may be NULL.
 */
struct script_host {
	const char	*ip;		/* dotted quad */
	const char	*mac;		/* "00:09:fb:01:02:03" */
	const char	*oui_vendor;	/* IEEE registry name */
	const char	*oui_class;	/* "medical", "serial-bridge", ... */
	const char	*oui_label;	/* curated short label */
	enum safety_level level;	/* the host's effective level */
	const struct script_fact_service *svc;
	size_t		 n_svc;
	const struct script_fact_obs *obs;
	size_t		 n_obs;
	const struct db_identity *prior; /* last identity in the inventory */
};

/*
 * One exchange a script asks for, after this module's policy checks.
 * The request and everything it points to stay valid until its done()
 * has been called.
 */
struct script_xreq {
	const char	*ip;		/* the host */
	const char	*proto;		/* "tcp" or "udp" (udp: port 161) */
	int		 port;
	const uint8_t	*send;		/* NULL: connect and read only */
	size_t		 send_len;
	size_t		 max;		/* keep at most max reply bytes */
	unsigned	 timeout_ms;	/* for the whole exchange */
	const char	*until;		/* stop reading once the reply */
	size_t		 until_len;	/* contains these bytes; NULL: no */
	const char	*script_id;	/* who asked, for the audit log */
	enum safety_level script_level;	/* the script's declared level */
	enum safety_level level;	/* what this exchange needs */
	enum safety_kind kind;		/* CONNECT, PAYLOAD or UDP */
};

/*
 * Completion of an exchange: status 0 with the reply bytes (len may be 0:
 * the peer sent nothing before closing), or a negative code with a short
 * reason for the script ("timeout", "closed", "refused", "refused by
 * policy: ...", "reset"; NULL means "error").  reply is read during the
 * call only.  Call exactly once per accepted request, from the loop
 * thread, either from inside exchange() or later from a libuv callback.
 */
typedef void (*script_xdone_fn)(void *token, int status, const char *reason,
	    const uint8_t *reply, size_t len);

/*
 * The engine's side.  exchange() either accepts the request (returns 0
 * and will call done(token, ...) exactly once) or refuses it at once
 * (returns a negative code and never calls done; the script then sees
 * nil, "refused: <reason>").  It must apply per-host pacing, the
 * connection cap, the never-list and the host's level itself.  During
 * shutdown it should answer outstanding requests with an error (e.g.
 * "cancelled") and refuse new ones, so every run completes.
 */
struct script_io {
	int	(*exchange)(void *ctx, const struct script_xreq *req,
		    script_xdone_fn done, void *token);
	void	*ctx;
};

struct script_finding {
	char		 id[64];	/* slug: [a-z0-9-]+ */
	char		 severity[16];	/* info, low, medium, high */
	char		 title[200];
	char		 detail[600];	/* plain-language explanation */
	int		 port;		/* 0: host-wide */
	char		 source[80];	/* id of the script that found it */
};

/*
 * The outcome for one host, valid only during the done() call (copy what
 * you keep).  Strings are "" when unknown; evidence_json is a JSON array
 * (ident.h) and never NULL.  Findings are deduplicated by (id, port) and
 * sorted by port, then id.
 */
struct script_result {
	char		 vendor[IDENT_STR_MAX + 1];
	char		 model[IDENT_STR_MAX + 1];
	char		 device_class[IDENT_STR_MAX + 1];
	char		 firmware[IDENT_STR_MAX + 1];
	char		 os[IDENT_STR_MAX + 1];
	int		 confidence;	/* 0..100 */
	const char	*evidence_json;
	const struct script_finding *findings;
	size_t		 n_findings;
	unsigned	 n_run;		/* scripts whose rule/identify ran */
	unsigned	 n_results;	/* scripts that returned a result */
	unsigned	 n_errors;	/* scripts that failed on this host */
	unsigned	 n_invalid;	/* results rejected or trimmed */
	unsigned	 n_refused;	/* exchanges refused by policy */
	unsigned	 n_exchanges;	/* exchanges handed to io */
	unsigned	 n_cached;	/* exchanges answered from the cache */
};

typedef void (*script_done_fn)(void *arg, const struct script_result *res);

/*
 * Run every enabled script whose ports and rule match host, with
 * exchanges through io (io or io->exchange may be NULL: every exchange
 * then fails with "no network"), and call done(arg, result) exactly once
 * when all have finished - possibly before script_run_host() returns
 * (when no script needed an exchange or io answered synchronously).
 * host must stay valid until then.  Any number of hosts may run at the
 * same time.  Return 0 (done will be called), or IOMT_EINVAL for NULL
 * arguments (done is not called).  Never blocks; allocates (xmalloc).
 */
int	script_run_host(struct script_env *env, const struct script_host *host,
	    const struct script_io *io, script_done_fn done, void *arg);

/* Number of runs started and not yet completed. */
size_t	script_env_active_runs(const struct script_env *env);

/*
 * Point the fields of *out at res (NULL for empty strings), for
 * db_identity_set().  Valid as long as res is.
 */
void	script_result_identity(const struct script_result *res,
	    struct db_identity *out);

#endif /* IOMT_SCRIPT_H */
