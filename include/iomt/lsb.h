/*
 * lsb.h - the Lua sandbox: one restricted Lua 5.4 state per vendor script.
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
 * lsb_lib_load() and lsb_load_file(), which read local files and belong
 * to start-up.  Lua-stack annotations follow the Lua manual ([-o, +p, x]).
 */
#ifndef IOMT_LSB_H
#define IOMT_LSB_H

#include <stddef.h>
#include <stdint.h>

#include <lua.h>

struct lsb;
struct lsb_lib;

/* Limits of one state (mem_bytes) and of one budget (insn, ms). */
struct lsb_limits {
	size_t		 mem_bytes;	/* allocator cap for the whole state */
	uint64_t	 insn;		/* VM instructions (and charged work) */
	unsigned	 ms;		/* milliseconds of running Lua */
};

#define LSB_DEF_MEM		((size_t)8 * 1024 * 1024)
#define LSB_DEF_INSN		10000000ULL
#define LSB_DEF_MS		500
#define LSB_MIN_MEM		((size_t)256 * 1024)

/* The hook fires every LSB_HOOK_EVERY instructions. */
#define LSB_HOOK_EVERY		256

/* Largest Lua source file read (probe scripts and library modules). */
#define LSB_MAX_SOURCE		((size_t)256 * 1024)

/* Why a state was stopped (lsb_tripped()). */
#define LSB_TRIP_INSN		0x01
#define LSB_TRIP_TIME		0x02
#define LSB_TRIP_MEM		0x04

/*
 * What one budget has used so far.  The caller keeps one per (script,
 * host) and passes it to every lsb_resume() of that run, so the limits
 * hold over the whole run, not per resume; time spent waiting between
 * resumes is not counted.  Zero it to start a budget.
 */
struct lsb_budget {
	uint64_t	 insn;
	uint64_t	 ns;
};

/*
 * Read the shipped library modules named in the compiled-in require table
 * from lua_dir (may be NULL: then require finds nothing).  Missing files
 * are skipped (require of such a module raises "not installed"); a file
 * larger than LSB_MAX_SOURCE is refused.  Reads files (start-up only).
 * Return 0 and a new table in *out, or IOMT_ELIMIT.  Free with
 * lsb_lib_free(); it must outlive every state created with it.
 */
int	lsb_lib_load(const char *lua_dir, struct lsb_lib **out);

/* Free lib.  NULL-safe; returns NULL. */
struct lsb_lib *lsb_lib_free(struct lsb_lib *lib);

/*
 * Return the file name ("dicom.lua") that require name ("iomt.dicom")
 * resolves to, or NULL when name is not in the fixed table.
 */
const char *lsb_lib_file(const char *name);

/*
 * Create a sandboxed state with limits lim (NULL: defaults), library
 * lib (may be NULL) and display name ("probes/foo.lua", copied; used in
 * log messages).  Return 0 and the state in *out, IOMT_ELIMIT when even
 * the empty sandbox does not fit in lim->mem_bytes, or IOMT_EINVAL.
 * Allocates; never blocks.  Free with lsb_free().
 */
int	lsb_new(const struct lsb_limits *lim, const struct lsb_lib *lib,
	    const char *name, struct lsb **out);

/*
 * Close the state (lua_close; no script code runs, finalizers being
 * refused) and free sb.  If the allocator's byte count is not back to
 * zero, log an error.  NULL-safe; returns NULL.
 */
struct lsb *lsb_free(struct lsb *sb);

/* The state's main thread.  Never NULL for a live sb. */
lua_State *lsb_lua(const struct lsb *sb);

/* The sandbox a thread of a sandboxed state belongs to. */
struct lsb *lsb_get(lua_State *L);

/* An opaque pointer the owner of sb may attach (script.c: its script). */
void	lsb_set_userdata(struct lsb *sb, void *ud);
void	*lsb_userdata(const struct lsb *sb);

/* The display name given to lsb_new(). */
const char *lsb_name(const struct lsb *sb);

/*
 * [-1, +0, m] Pop a value and make it a global of every chunk of sb under
 * name (as the library tables are).  Call only from a protected context
 * (inside lua_pcall), since it may raise a memory error.
 */
void	lsb_set_global(lua_State *L, const char *name);

/*
 * [-0, +1, -] Compile the text chunk buf (len bytes) with chunkname
 * ("@probes/foo.lua", so messages read "probes/foo.lua:12: ...") and give
 * it a private _ENV.  Binary chunks are refused.  On success return 0
 * with the function on top of lsb_lua(sb)'s stack; otherwise return
 * IOMT_ESCRIPT with the message (e.g. a syntax error with file:line) in
 * err (size errlen) and nothing pushed.  Runs no script code.
 */
int	lsb_load_buffer(struct lsb *sb, const char *buf, size_t len,
	    const char *chunkname, char *err, size_t errlen);

/*
 * As lsb_load_buffer() for the file at path (at most LSB_MAX_SOURCE
 * bytes; reads the file, so start-up only).  -errno / IOMT_ELIMIT with
 * a message in err when the file cannot be read.
 */
int	lsb_load_file(struct lsb *sb, const char *path, const char *chunkname,
	    char *err, size_t errlen);

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
int	lsb_resume(struct lsb *sb, lua_State *co, int nargs, int *nres,
	    struct lsb_budget *b, char *err, size_t errlen);

/*
 * [-0, +0, v] Charge cost units of work to the running budget of the state
 * L belongs to, checking the deadline now and then.  Raises (and re-arms
 * the hook so the error cannot be swallowed) when a limit is exceeded.
 * C functions exposed to scripts call this before work that grows with
 * their input.  A no-op outside lsb_resume().
 */
void	lsb_charge(lua_State *L, uint64_t cost);

/*
 * [-0, +0, v] Raise a Lua error "file:line: message" located at the
 * innermost running Lua function (luaL_error would locate an error raised
 * by a C function at that C function, which has no line).
 */
int	lsb_error(lua_State *L, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* LSB_TRIP_* bits of sb (0 if no limit was hit).  Trips are sticky. */
unsigned lsb_tripped(const struct lsb *sb);

/*
 * Bytes that closed states left allocated, summed over the process (the
 * tests assert 0: every Lua allocation is returned at lua_close()).
 */
size_t	lsb_leaked_bytes(void);

/* Bytes the allocator of sb holds now, and the most it ever held. */
size_t	lsb_mem_used(const struct lsb *sb);
size_t	lsb_mem_peak(const struct lsb *sb);

/*
 * [-0, +0, m] Replace string.find, string.match, string.gmatch and
 * string.gsub in the string table on top of L's stack with step-counted
 * versions (the Lua 5.4 matcher, charging lsb_charge() as it goes), so a
 * pattern that backtracks over a long reply cannot stall the loop.
 * Called by lsb.c while building a state.  Defined in src/lsb-pattern.c.
 */
void	lsb_pattern_open(lua_State *L);

#endif /* IOMT_LSB_H */
