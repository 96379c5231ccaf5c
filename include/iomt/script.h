/*
 * script.h - the Lua script layer (src/script/): the sandbox, the API
 * scripts see, loading, running and identity resolution.  Depends on util,
 * safety and db.
 */
#ifndef IOMT_SCRIPT_H
#define IOMT_SCRIPT_H

/* ------------------------------------------------------------------ */
/*
 * script.h - the Lua sandbox: one restricted Lua 5.4 state per vendor script.
 *
 * Vendor probe scripts are contributed code that runs inside the scanner,
 * next to the database and the raw sockets.  They must not be able to
 * read files, run commands, hang the event loop or exhaust memory, however
 * they are written and whatever a device sends them.  This layer builds
 * each state from an allow-list, in the manner of Suricata's and Redis's
 * script sandboxes and Mozilla's lua_sandbox (style.md section 9):
 *
 *  - a counting allocator with a byte cap (the count returns to zero at
 *    close, which the tests assert);
 *  - only base, table, string, math and utf8, opened with luaL_requiref
 *    (never luaL_openlibs); dofile, loadfile, collectgarbage, string.dump
 *    raise; io, os, package, debug and coroutine do not exist; load
 *    accepts text only; print goes to the log; setmetatable refuses __gc
 *    (finalizers run with hooks off) and rawset refuses protected tables;
 *  - the string metatable is protected (getmetatable("") is false);
 *  - every chunk is loaded as text ("t" mode) with a private _ENV whose
 *    reads and writes of unknown globals raise;
 *  - require resolves only a fixed table of names to the shipped lua/
 *    library, read once by C and loaded as text into the same state;
 *  - a count hook charges an instruction budget and checks a monotonic
 *    deadline; C functions whose work grows with their input (string.rep,
 *    table.move, pattern matching, ...) charge the same budget up front,
 *    and pattern matching is step-counted, so no library call can stall
 *    the loop either.  After a trip the hook is re-armed to fire on every
 *    instruction, so pcall() cannot swallow the error; a memory-cap trip
 *    is made sticky the same way.
 *
 * Everything here runs on the loop thread and never blocks, except
 * sandbox_lib_load() and sandbox_load_file(), which read local files and belong
 * to start-up.  Lua-stack annotations follow the Lua manual ([-o, +p, x]).
 */

#include "iomt/util.h"
#include <stddef.h>
#include <stdint.h>

#include <lua.h>

struct sandbox;
struct sandbox_lib;

/* Limits of one state (mem_bytes) and of one budget (insn, ms). */
struct sandbox_limits {
	size_t		 mem_bytes;	/* allocator cap for the whole state */
	uint64_t	 insn;		/* VM instructions (and charged work) */
	unsigned	 ms;		/* milliseconds of running Lua */
};

#define SANDBOX_DEF_MEM		((size_t)8 * 1024 * 1024)
#define SANDBOX_DEF_INSN		10000000ULL
#define SANDBOX_DEF_MS		500
#define SANDBOX_MIN_MEM		((size_t)256 * 1024)

/* The hook fires every SANDBOX_HOOK_EVERY instructions. */
#define SANDBOX_HOOK_EVERY		256

/* Largest Lua source file read (probe scripts and library modules). */
#define SANDBOX_MAX_SOURCE		((size_t)256 * 1024)

/* Why a state was stopped (sandbox_tripped()). */
#define SANDBOX_TRIP_INSN		0x01
#define SANDBOX_TRIP_TIME		0x02
#define SANDBOX_TRIP_MEM		0x04

/*
 * What one budget has used so far.  The caller keeps one per (script,
 * host) and passes it to every sandbox_resume() of that run, so the limits
 * hold over the whole run, not per resume; time spent waiting between
 * resumes is not counted.  Zero it to start a budget.
 */
struct sandbox_budget {
	uint64_t	 insn;
	uint64_t	 ns;
};

/*
 * Read the shipped library modules named in the compiled-in require table
 * (exactly the .lua files shipped in lua/) from lua_dir.  lua_dir may be
 * NULL: then the library is empty and require finds nothing.  Every
 * module of the table must be present: a missing file, or one larger than
 * SANDBOX_MAX_SOURCE, is an incomplete installation, logged with log_err
 * and described in err (size errlen, "Lua library incomplete: ...").
 * Reads files (start-up only).  Return 0 and a new library in *out, or
 * IOMT_ENOTFOUND (a module file is missing) or IOMT_ELIMIT (unreadable or
 * too large) with *out NULL.  Free with sandbox_lib_free(); it must
 * outlive every state created with it.
 */
int	sandbox_lib_load(const char *lua_dir, struct sandbox_lib **out,
	    char *err, size_t errlen);

/* Free lib.  NULL-safe; returns NULL. */
struct sandbox_lib *sandbox_lib_free(struct sandbox_lib *lib);

/*
 * Return the file name ("dicom.lua") that require name ("iomt.dicom")
 * resolves to, or NULL when name is not in the fixed table.
 */
const char *sandbox_lib_file(const char *name);

/*
 * The require name of module i of the fixed table ("iomt.banner"), in
 * name order, or NULL when i is past the end.  For the tests that check
 * the table against the shipped lua/ directory.
 */
const char *sandbox_lib_name(size_t i);

/*
 * Create a sandboxed state with limits lim (NULL: defaults), library
 * lib (may be NULL) and display name ("probes/foo.lua", copied; used in
 * log messages).  Return 0 and the state in *out, IOMT_ELIMIT when even
 * the empty sandbox does not fit in lim->mem_bytes, or IOMT_EINVAL.
 * Allocates; never blocks.  Free with sandbox_free().
 */
int	sandbox_new(const struct sandbox_limits *lim, const struct sandbox_lib *lib,
	    const char *name, struct sandbox **out);

/*
 * Close the state (lua_close; no script code runs, finalizers being
 * refused) and free sb.  If the allocator's byte count is not back to
 * zero, log an error.  NULL-safe; returns NULL.
 */
struct sandbox *sandbox_free(struct sandbox *sb);

/* The state's main thread.  Never NULL for a live sb. */
lua_State *sandbox_lua(const struct sandbox *sb);

/* The sandbox a thread of a sandboxed state belongs to. */
struct sandbox *sandbox_get(lua_State *L);

/*
 * An opaque pointer the owner of sb may attach (the script runtime
 * attaches its struct script, src/script/loader.c).
 */
void	sandbox_set_userdata(struct sandbox *sb, void *ud);
void	*sandbox_userdata(const struct sandbox *sb);

/* The display name given to sandbox_new(). */
const char *sandbox_name(const struct sandbox *sb);

/*
 * [-1, +0, m] Pop a value and make it a global of every chunk of sb under
 * name (as the library tables are).  Call only from a protected context
 * (inside lua_pcall), since it may raise a memory error.
 */
void	sandbox_set_global(lua_State *L, const char *name);

/*
 * [-0, +1, -] Compile the text chunk buf (len bytes) with chunkname
 * ("@probes/foo.lua", so messages read "probes/foo.lua:12: ...") and give
 * it a private _ENV.  Binary chunks are refused.  On success return 0
 * with the function on top of sandbox_lua(sb)'s stack; otherwise return
 * IOMT_ESCRIPT with the message (e.g. a syntax error with file:line) in
 * err (size errlen) and nothing pushed.  Runs no script code.
 */
int	sandbox_load_buffer(struct sandbox *sb, const char *buf, size_t len,
	    const char *chunkname, char *err, size_t errlen);

/*
 * As sandbox_load_buffer() for the file at path (at most SANDBOX_MAX_SOURCE
 * bytes; reads the file, so start-up only).  -errno / IOMT_ELIMIT with
 * a message in err when the file cannot be read.
 */
int	sandbox_load_file(struct sandbox *sb, const char *path,
	    const char *chunkname, char *err, size_t errlen);

/*
 * [-nargs, +*nres, -] Resume co (a thread of sb, holding a function and
 * its nargs arguments to start it, or nargs resume values) under budget
 * b, which is charged with the instructions and time used.  Return 0
 * when co finished (its *nres results on its stack), 1 when it yielded
 * (*nres values on its stack), or IOMT_ESCRIPT when it raised or tripped
 * a limit; then err holds one printable line "file:line: message" (the
 * location of the innermost Lua frame is added when the message lacks
 * one, and the calling script line when the error arose in a library
 * module), co is dead, and after a trip the whole state must be freed and
 * never resumed.  Never blocks; returns within the budget.
 */
int	sandbox_resume(struct sandbox *sb, lua_State *co, int nargs, int *nres,
	    struct sandbox_budget *b, char *err, size_t errlen);

/*
 * [-0, +0, v] Charge cost units of work to the running budget of the state
 * L belongs to, checking the deadline now and then.  Raises (and re-arms
 * the hook so the error cannot be swallowed) when a limit is exceeded.
 * C functions exposed to scripts call this before work that grows with
 * their input.  A no-op outside sandbox_resume().
 */
void	sandbox_charge(lua_State *L, uint64_t cost);

/*
 * [-0, +0, v] Raise a Lua error "file:line: message" located at the
 * innermost running Lua function (luaL_error would locate an error raised
 * by a C function at that C function, which has no line).
 */
int	sandbox_error(lua_State *L, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* SANDBOX_TRIP_* bits of sb (0 if no limit was hit).  Trips are sticky. */
unsigned sandbox_tripped(const struct sandbox *sb);

/*
 * Bytes that closed states left allocated, summed over the process (the
 * tests assert 0: every Lua allocation is returned at lua_close()).
 */
size_t	sandbox_leaked_bytes(void);

/* Bytes the allocator of sb holds now, and the most it ever held. */
size_t	sandbox_mem_used(const struct sandbox *sb);
size_t	sandbox_mem_peak(const struct sandbox *sb);

/*
 * [-0, +0, m] Replace string.find, string.match, string.gmatch and
 * string.gsub in the string table on top of L's stack with step-counted
 * versions (the Lua 5.4 matcher, charging sandbox_charge() as it goes),
 * so a pattern that backtracks over a long reply cannot stall the loop.
 * Called by src/script/sandbox-env.c while building a state.  Defined
 * in src/script/pattern.c.
 */
void	sandbox_pattern_open(lua_State *L);

/* ------------------------------------------------------------------ */
/*
 * script.h - one identity per host from many scripts' claims.
 *
 * Several probe scripts may speak about the same host: a DICOM script
 * says "dicom-node, DCMTK", a vendor script says "Philips, IntelliVue
 * MX450, patient-monitor", the OUI says "Philips Medical Systems".  They
 * may disagree.  This module combines them by fixed, documented rules
 * (docs/IDENTIFICATION.md) so the answer never depends on the order the
 * scripts ran or were loaded:
 *
 *  - per field (vendor, model, device_class, firmware, os) the claim with
 *    the highest confidence wins; ties go to the claim whose evidence for
 *    that field has the best source rank (active protocol reply > passive
 *    banner > OUI/profile > no evidence), then to the script id that
 *    sorts first (strcmp);
 *  - model and firmware belong to a vendor: once a vendor has won, claims
 *    naming a different vendor are not considered for model or firmware;
 *  - the identity's confidence is the higher of the confidences of the
 *    winning vendor claim and the winning device_class claim;
 *  - a field no script claims is filled from the OUI when possible:
 *    vendor from the curated label (confidence 20) or the IEEE registry
 *    name (confidence 10), device_class from the curated maker class
 *    (medical -> medical-device, serial-bridge -> serial-bridge,
 *    printer -> printer).
 *
 * The device_class taxonomy is fixed here (device_class_valid(), safety.h).
 */

#include <stddef.h>

struct json_t;

#define IDENT_STR_MAX		256	/* longest field value, bytes */
#define IDENT_SRC_MAX		80	/* longest evidence source */
#define IDENT_CONF_OUI_LABEL	20
#define IDENT_CONF_OUI_VENDOR	10
#define IDENT_EVIDENCE_JSON_MAX	16384

enum ident_field {
	IDENT_VENDOR = 0,
	IDENT_MODEL,
	IDENT_CLASS,
	IDENT_FIRMWARE,
	IDENT_OS,
	IDENT_NFIELDS
};

/* Source ranks (ident_source_rank()). */
#define IDENT_RANK_NONE		0
#define IDENT_RANK_OUI		1	/* "oui", "oui.*", "profile*", "mac" */
#define IDENT_RANK_BANNER	2	/* "banner", "*.banner", "passive*" */
#define IDENT_RANK_ACTIVE	3	/* any other observation or reply */

struct ident_evidence {
	enum ident_field field;
	char		 value[IDENT_STR_MAX + 1];
	char		 source[IDENT_SRC_MAX];
};

/* What one script says about a host.  All pointers are borrowed. */
struct ident_claim {
	const char	*script_id;		/* unique, [a-z0-9-]+ */
	const char	*value[IDENT_NFIELDS];	/* NULL or "" = no claim */
	int		 confidence;		/* 0..100 */
	const struct ident_evidence *ev;
	size_t		 n_ev;
};

/* What the MAC says (all may be NULL). */
struct ident_oui {
	const char	*vendor;	/* IEEE registry name */
	const char	*label;		/* curated short label */
	const char	*class_name;	/* "medical", "serial-bridge", ... */
};

struct ident_result {
	/* Field values; "" when unknown. */
	char		 value[IDENT_NFIELDS][IDENT_STR_MAX + 1];
	int		 field_conf[IDENT_NFIELDS];
	const char	*winner[IDENT_NFIELDS];	/* script id, "oui" or NULL */
	int		 confidence;		/* 0..100; 0 when nothing */
	char		*evidence_json;		/* JSON array; owned */
};

/*
 * Resolve n claims (in any order) and the OUI facts (may be NULL) into
 * *out, which must be released with ident_result_free().  evidence_json
 * is a JSON array of {"field","value","source","script"} objects for the
 * evidence behind each winning field, at most IDENT_EVIDENCE_JSON_MAX
 * bytes.  The result does not depend on the order of claims.  winner[]
 * points into claims (valid as long as they are).  Return 0; allocation
 * failure is fatal (xmalloc).
 */
int	ident_resolve(const struct ident_claim *claims, size_t n,
	    const struct ident_oui *oui, struct ident_result *out);

/* The confidence of a maker and model named by a DHCP vendor class. */
#define IDENT_CONF_PASSIVE	30

/* A claim built from what a host said of itself (see below). */
struct ident_passive {
	char			 vendor[IDENT_STR_MAX + 1];
	char			 model[IDENT_STR_MAX + 1];
	struct ident_evidence	 ev[2];
	struct ident_claim	 claim;	/* points into this struct */
};

/*
 * If one of the n observations obs is a DHCP vendor class
 * ("dhcp.vendor_class", as `listen` stores it) that starts with a known
 * maker's name (the host's OUI label or registry name, or a medical
 * maker iomtscan knows), fill *p with a claim of that vendor and the rest
 * as model at IDENT_CONF_PASSIVE, evidence "dhcp vendor class ..." from
 * source "passive.dhcp.vendor_class", script id "passive-dhcp", and
 * return 1; else return 0.  oui may be NULL.  Pure.
 */
int	ident_passive_claim(const struct observation *obs, size_t n,
	    const struct ident_oui *oui, struct ident_passive *p);

/* Free what ident_resolve() allocated in r.  NULL-safe. */
void	ident_result_free(struct ident_result *r);

/*
 * A new JSON string (a jansson json_t) holding s; text that is not UTF-8
 * (jansson refuses it) is first cleaned with text_term().  The caller
 * owns the reference.  NULL only when out of memory.
 */
struct json_t *script_json_string(const char *s);

/* Rank of an evidence source such as "http.title@tcp/80" (see above). */
int	ident_source_rank(const char *source);

/* "vendor", "model", "device_class", "firmware", "os"; parse: -1 if not. */
const char *ident_field_name(enum ident_field f);
int	ident_field_parse(const char *name);

/* ------------------------------------------------------------------ */
/*
 * script.h - vendor probe scripts: loading, matching, running, results.
 *
 * A probe script (probes/<vendor>-<family>.lua, docs/LUA-API.md) is a
 * classifier: it looks at what the engine already knows about a host
 * (services, banners, observations, the MAC's maker) and may ask the
 * engine for a few more exchanges; it returns an identity and findings.
 * This module loads every script into its own sandboxed Lua state
 * (script.h), validates its metadata, and for each host runs the scripts
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
 * script.h's rules.  All functions run on the loop thread.
 */

#include <stddef.h>
#include <stdint.h>

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
 * SANDBOX_DEF_MEM (8 MiB), SANDBOX_DEF_INSN (10^7) and SANDBOX_DEF_MS
 * (500 ms).  The worst case for one host is therefore (number of
 * matching scripts) x ms of CPU; a typical script uses well under a
 * millisecond.
 */
struct script_limits {
	size_t		 mem_bytes;
	uint64_t	 insn;
	unsigned	 ms;
};

/*
 * Load every *.lua file of probes_dir (sorted by name, at most
 * SCRIPT_MAX_FILES, dot files skipped) with the library lua_dir (for
 * require; may be NULL; when a module of it is missing every script is
 * disabled, see sandbox_lib_load()).  Display and chunk names are
 * "<last component of probes_dir>/<file>" ("probes/foo.lua").  A script
 * that fails to compile, raises or trips a budget while loading, returns
 * bad metadata or duplicates an earlier id is kept but disabled, with its
 * message logged (log_warn) and recorded with db_error(db, scan_id, ...)
 * when db is not NULL.  Return 0 and the environment in *out even if
 * some scripts are disabled; -errno if probes_dir cannot be read (then
 * *out is NULL).  Reads files: call at start-up, not from a loop
 * callback.  Free with script_env_free().  db, if given, must outlive the
 * environment.
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
	const struct observation *obs;
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
 * (script.h) and never NULL.  Findings are deduplicated by (id, port) and
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

/* ------------------------------------------------------------------ */
/*
 * script.h - recorded fixtures for testing a script offline
 * (src/script/fixture.c; `iomtscan script test`, docs/WRITING-PROBES.md).
 *
 * A fixture directory holds host.json (a struct script_host), optionally
 * exchanges.json (recorded replies, answered in order by the offline io)
 * and expect.json (what the result must be).  The files are untrusted:
 * each is capped at FIXTURE_MAX bytes, parsed with jansson (duplicate
 * keys refused) and type-checked member by member; every error message
 * starts with the file's name ("DIR/host.json: line 3, column 7: ...").
 */

#include "iomt/db.h"

#define FIXTURE_MAX		((size_t)1024 * 1024)	/* any fixture file */
#define FIXTURE_MAX_XCHG	256			/* exchanges.json */
#define FIXTURE_MAX_FACTS	4096			/* services, obs */
#define FIXTURE_MAX_LOG		64			/* exchanges logged */


/* One entry of exchanges.json. */
struct fixture_xchg {
	char		 proto[4];
	int		 port;
	char		*send;		/* NULL: any */
	size_t		 send_len;
	char		*reply;
	size_t		 reply_len;
	char		 error[64];	/* "" unless an error is recorded */
	int		 used;
};

/* What the offline io did with one exchange, for the report. */
struct fixture_log {
	char		 proto[4];
	int		 port;
	size_t		 send_len;
	int		 entry;		/* index in exchanges.json or -1 */
	char		 outcome[80];
};

/*
 * A loaded fixture.  host (and everything it points to) is valid as long
 * as the fixture; log[0..nlog) records the exchanges the offline io saw.
 */
struct script_fixture {
	char		 dir[4096];	/* "" for one parsed from memory */
	struct json_t	*host_js;
	struct json_t	*xchg_js;
	struct json_t	*expect_js;	/* NULL: no expect.json */
	struct script_host host;
	struct script_fact_service *svc;
	struct observation *obs;
	struct db_identity prior;
	struct fixture_xchg *x;
	size_t		 nx;
	struct fixture_log log[FIXTURE_MAX_LOG];
	size_t		 nlog;
	size_t		 nmissing;	/* exchanges without a recorded reply */
};

/*
 * A new, empty fixture whose reply_file entries are read from dir (NULL
 * or "": reply_file is refused).  Allocates (xmalloc); never fails.  Free
 * with script_fixture_free().
 */
struct script_fixture *script_fixture_new(const char *dir);

/* Free fx and everything it holds.  NULL-safe; returns NULL. */
struct script_fixture *script_fixture_free(struct script_fixture *fx);

/*
 * Parse the len bytes at buf (need not be NUL-terminated) as the fixture
 * file name ("host.json", "exchanges.json" or "expect.json") of fx and
 * validate it.  Each file may be parsed once.  Return 0; IOMT_EPROTO
 * with "file: line L, column C: what" (syntax, duplicate key) or
 * "file: what" (a missing or mistyped member) in err (size errlen);
 * IOMT_ELIMIT when len exceeds FIXTURE_MAX or a reply_file is too large;
 * IOMT_EINVAL for an unknown name.  A reply_file entry reads a file under
 * fx->dir.  After an error fx may be only freed.  Never aborts on any
 * input (tests/fuzz/fuzz-fixture.c).
 */
int	script_fixture_parse(struct script_fixture *fx, const char *name,
	    const char *buf, size_t len, char *err, size_t errlen);

/*
 * Read the fixture directory dir: host.json (required), exchanges.json
 * and expect.json (optional).  Return 0 and the fixture in *out (free
 * with script_fixture_free()), or an error as script_fixture_parse()
 * does, IOMT_ENOTFOUND when host.json is missing or -errno when a file
 * cannot be read, with the message in err; then *out is NULL.  Reads
 * files (blocking; for the command line).
 */
int	script_fixture_load(const char *dir, struct script_fixture **out,
	    char *err, size_t errlen);

/*
 * Fill *io with the offline io of fx: each exchange is answered
 * synchronously with the first unused entry of exchanges.json for the
 * same proto and port (and send, unless the entry's send is null), or
 * with "timeout" when there is none; each is logged in fx->log.
 */
void	script_fixture_io(struct script_fixture *fx, struct script_io *io);

/*
 * Compare res with fx's expect.json: return 1 when it matches, 0 when it
 * does not (one line "what: expected ..., got ...\n" per mismatch in mm,
 * size mmlen), or IOMT_ENOTFOUND when fx has no expect.json.
 */
int	script_fixture_expect(const struct script_fixture *fx,
	    const struct script_result *res, char *mm, size_t mmlen);

#endif /* IOMT_SCRIPT_H */
