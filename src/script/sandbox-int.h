/*
 * src/script/sandbox-int.h - what the two files of the Lua sandbox share
 * and nothing else uses: the state structure and the few calls between
 * them.
 *
 * sandbox.c is the core (allocator, budget, hook, watchdog, creating,
 * loading, resuming and freeing states); sandbox-env.c builds what a
 * script sees (the wrapped and replaced library functions, require(), the
 * read-only library tables).  The rest of the runtime uses script.h only.
 * Everything runs on the loop thread, except that the watchdog's signal
 * handler reads `active`, `running` and writes `hook_fast`.
 */
#ifndef IOMT_SANDBOX_INT_H
#define IOMT_SANDBOX_INT_H

#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "iomt/script.h"

/* Bytes of string work charged as one instruction. */
#define SANDBOX_BYTES_PER_UNIT	64

/* Largest single charge (keeps the running sum far from overflow). */
#define SANDBOX_MAX_CHARGE		((uint64_t)1 << 48)

/*
 * Entries in sandbox-env.c's table of wrapped library functions (a
 * compile-time check there keeps the two equal).
 */
#define SANDBOX_NWRAP	24

/* One sandboxed state; sandbox_get() finds it from any of its threads. */
struct sandbox {
	lua_State	*L;
	const struct sandbox_lib *lib;
	struct sandbox_limits lim;
	char		 name[256];
	void		*ud;

	/* Allocator. */
	size_t		 used;
	size_t		 peak;
	size_t		 refused;	/* refused growth not yet retried */

	/* Running budget (valid while active). */
	volatile int	 active;
	volatile int	 hook_fast;	/* hook armed to fire every insn */
	lua_State	*running;	/* thread being resumed */
	unsigned	 tripped;
	uint64_t	 insn_used;
	uint64_t	 next_check;
	uint64_t	 deadline_ns;

	/* The originals of the wrapped functions, by wrap table index. */
	lua_CFunction	 orig[SANDBOX_NWRAP];
};

/* sandbox.c */

/*
 * Read the whole file at path (at most SANDBOX_MAX_SOURCE bytes) into a
 * new NUL-terminated buffer *out (the caller frees it) of *outlen bytes.
 * Return 0; or IOMT_ELIMIT when the file is larger, or file_read()'s
 * -errno, with *out NULL and "path: reason" in err.  Never raises.
 */
int	sandbox_read_file(const char *path, char **out, size_t *outlen,
	    char *err, size_t errlen);

/* sandbox-env.c */

/*
 * [-0, +0, m] The lua_CFunction that builds the environment of a new
 * state whose allocator userdata is its struct sandbox: the kept, wrapped
 * (filling sb->orig), replaced, blocked and removed library functions,
 * the require cache, the metatable of private _ENVs, the read-only
 * library proxies and the metatable of the global table.  Call it once
 * with lua_pcall() before any script code runs; it takes and returns
 * nothing and raises when it cannot allocate or wrap a function.
 */
int	sandbox_setup(lua_State *L);

/*
 * [-0, +1, m] Push a new private _ENV for a chunk: an empty table whose
 * metatable reads through to the global table and raises on assignment.
 * Only in a state built by sandbox_setup(); raises when out of memory,
 * so call it in protected mode.
 */
void	sandbox_push_env(lua_State *L);

#endif /* IOMT_SANDBOX_INT_H */
