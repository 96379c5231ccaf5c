/*
 * src/script/sandbox.c - the core of the Lua sandbox: one restricted
 * state per script, its memory cap, its instruction and time budget, the
 * watchdog behind them, and the calls that create, load, resume and free
 * the states (script.h lists the rules the sandbox enforces).
 *
 * The design follows the sandboxes of Redis, Suricata and Nmap's NSE.
 * What a script can name and call (the kept, wrapped, replaced and
 * removed library functions, require() and the read-only library tables)
 * is built by sandbox-env.c; this file enforces the limits.  Four points
 * deserve a word:
 *
 * Memory.  Every allocation of a state goes through sandbox_alloc(), which
 * counts bytes and refuses growth past the cap.  Lua answers a refusal
 * with an emergency collection and one retry of the same size; a second
 * refusal of that size therefore means the script really is over its
 * cap, and the state is marked tripped so that a pcall() around the
 * failing call cannot keep the script alive (the hook raises again).
 *
 * Time.  The count hook fires every SANDBOX_HOOK_EVERY VM instructions,
 * adds them to the budget and checks a monotonic deadline.  The hook
 * never sees time spent inside C functions, so the library functions
 * whose work grows with their arguments charge the budget through
 * sandbox_charge() before they work (sandbox-env.c wraps them; pattern
 * matching is a step-counted copy of Lua's matcher in
 * src/script/pattern.c).  A trip re-arms the hook with a count of one, so
 * the error is raised again after any pcall() that caught it, until the
 * coroutine is dead (Redis does the same by switching to a line hook).
 *
 * The watchdog.  Code that would run unhooked (xpcall() handlers,
 * finalizers, to-be-closed variables) is kept out by sandbox-env.c, and
 * the C side never converts a script's error object with a metamethod
 * (no __tostring).  Behind all of this a watchdog the script cannot
 * reach: a POSIX timer armed for each run whose signal handler re-arms
 * the hook at the next instruction once the run's time is up
 * (lua_sethook() is async-signal-safe), so a run ends within its budget
 * plus one hook period whatever it does.
 *
 * Protected calls.  Lua API errors outside a protected call abort the
 * process (the panic function), so everything here that may allocate in
 * a state runs inside lua_pcall().
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "iomt/util.h"
#include "iomt/script.h"

#include "sandbox-int.h"

/* Bytes left allocated by closed states (0 unless Lua leaks). */
static size_t sandbox_leaked;

static void	sandbox_hook(lua_State *, lua_Debug *);

/* ---------------------------------------------------------------- */
/* Allocator */

static void *
sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox	*sb = ud;
	void		*np;

	if (ptr == NULL)
		osize = 0;	/* osize then encodes the object type */
	if (nsize == 0) {
		free(ptr);
		sb->used -= osize;
		return NULL;
	}
	if (nsize > osize &&
	    nsize - osize > sb->lim.mem_bytes - sb->used) {
		/*
		 * Lua may retry the same size once after an emergency GC; a
		 * second refusal is a trip.  If no successful retry follows,
		 * the hook trips on the pending refusal (the error may have
		 * been caught by pcall).
		 */
		if (sb->refused == nsize)
			sb->tripped |= SANDBOX_TRIP_MEM;
		sb->refused = nsize;
		/* Look again at the very next instruction (lua.c does
		 * the same from a signal handler: lua_sethook is safe at
		 * any point). */
		if (sb->active && sb->running != NULL) {
			sb->hook_fast = 1;
			lua_sethook(sb->running, sandbox_hook, LUA_MASKCOUNT, 1);
		}
		return NULL;
	}
	np = realloc(ptr, nsize);
	if (np == NULL)
		return NULL;
	if (nsize > osize && nsize == sb->refused)
		sb->refused = 0;	/* the retry after GC succeeded */
	sb->used = sb->used - osize + nsize;
	if (sb->used > sb->peak)
		sb->peak = sb->used;
	return np;
}

static int
sandbox_panic(lua_State *L)
{
	const char	*msg = lua_type(L, -1) == LUA_TSTRING ?
	    lua_tostring(L, -1) : "(no message)";

	log_err("unprotected Lua error (a bug in iomtscan): %s", msg);
	return 0;	/* Lua aborts */
}

/* ---------------------------------------------------------------- */
/* Budget */

/* Push "file:line: " for the innermost Lua function running, or "". */
static void
sandbox_where(lua_State *L)
{
	lua_Debug	 ar;
	int		 level;

	for (level = 0; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: ", ar.short_src,
			    ar.currentline);
			return;
		}
	}
	lua_pushliteral(L, "");
}

int
sandbox_error(lua_State *L, const char *fmt, ...)
{
	char		 buf[512];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sandbox_where(L);
	lua_pushstring(L, buf);
	lua_concat(L, 2);
	return lua_error(L);
}

static void
sandbox_trip_message(const struct sandbox *sb, char *buf, size_t len)
{
	if (sb->tripped & SANDBOX_TRIP_MEM)
		snprintf(buf, len, "memory limit exceeded (%zu bytes)",
		    sb->lim.mem_bytes);
	else if (sb->tripped & SANDBOX_TRIP_INSN)
		snprintf(buf, len, "instruction budget exceeded (%llu "
		    "instructions)", (unsigned long long)sb->lim.insn);
	else
		snprintf(buf, len, "time budget exceeded (%u ms of running "
		    "Lua)", sb->lim.ms);
}

/* Raise the trip error; the hook now fires on every instruction. */
static int
sandbox_trip_raise(lua_State *L, struct sandbox *sb)
{
	char	 msg[128];

	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	sb->hook_fast = 1;
	sandbox_trip_message(sb, msg, sizeof(msg));
	return sandbox_error(L, "%s", msg);
}

static void
sandbox_check(struct sandbox *sb)
{
	if (sb->refused != 0)
		sb->tripped |= SANDBOX_TRIP_MEM;
	if (sb->insn_used > sb->lim.insn)
		sb->tripped |= SANDBOX_TRIP_INSN;
	if (sb->insn_used >= sb->next_check) {
		sb->next_check = sb->insn_used + SANDBOX_HOOK_EVERY;
		if (now_ns() > sb->deadline_ns)
			sb->tripped |= SANDBOX_TRIP_TIME;
	}
}

static void
sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox	*sb = sandbox_get(L);

	(void)ar;
	if (!sb->active)
		return;
	sb->insn_used += sb->hook_fast ? 1 : SANDBOX_HOOK_EVERY;
	sandbox_check(sb);
	if (sb->tripped != 0)
		sandbox_trip_raise(L, sb);
	if (sb->hook_fast) {
		/* The refusal was retried successfully: back to normal. */
		sb->hook_fast = 0;
		lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, SANDBOX_HOOK_EVERY);
	}
}

void
sandbox_charge(lua_State *L, uint64_t cost)
{
	struct sandbox	*sb = sandbox_get(L);

	if (!sb->active)
		return;
	if (cost > SANDBOX_MAX_CHARGE)
		cost = SANDBOX_MAX_CHARGE;
	sb->insn_used += cost;
	sandbox_check(sb);
	if (sb->tripped != 0)
		sandbox_trip_raise(L, sb);
}

/* ---------------------------------------------------------------- */
/* Public API */

int
sandbox_read_file(const char *path, char **out, size_t *outlen, char *err,
    size_t errlen)
{
	int	 r;

	if ((r = file_read(path, SANDBOX_MAX_SOURCE, out, outlen)) == 0)
		return 0;
	if (r == IOMT_ELIMIT)
		snprintf(err, errlen, "%s: larger than %zu bytes", path,
		    SANDBOX_MAX_SOURCE);
	else
		snprintf(err, errlen, "%s: %s", path, iomt_strerror(r));
	return r;
}

int
sandbox_new(const struct sandbox_limits *lim, const struct sandbox_lib *lib,
    const char *name, struct sandbox **out)
{
	struct sandbox	*sb;
	int		 r = IOMT_EINVAL;

	*out = NULL;
	sb = xcalloc(1, sizeof(*sb));
	sb->lim.mem_bytes = SANDBOX_DEF_MEM;
	sb->lim.insn = SANDBOX_DEF_INSN;
	sb->lim.ms = SANDBOX_DEF_MS;
	if (lim != NULL) {
		if (lim->mem_bytes != 0)
			sb->lim.mem_bytes = lim->mem_bytes;
		if (lim->insn != 0)
			sb->lim.insn = lim->insn;
		if (lim->ms != 0)
			sb->lim.ms = lim->ms;
	}
	if (sb->lim.mem_bytes < SANDBOX_MIN_MEM)
		goto out;
	sb->lib = lib;
	strlcpy(sb->name, name != NULL ? name : "(script)", sizeof(sb->name));
	if ((sb->L = lua_newstate(sandbox_alloc, sb)) == NULL) {
		r = IOMT_ELIMIT;
		goto out;
	}
	lua_atpanic(sb->L, sandbox_panic);
	lua_pushcfunction(sb->L, sandbox_setup);
	if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
		log_err("cannot build the Lua sandbox for %s: %s", sb->name,
		    lua_type(sb->L, -1) == LUA_TSTRING ?
		    lua_tostring(sb->L, -1) : "?");
		r = IOMT_ELIMIT;
		goto out;
	}
	sb->tripped = 0;
	*out = sb;
	sb = NULL;
	r = 0;
 out:
	sandbox_free(sb);
	return r;
}

struct sandbox *
sandbox_free(struct sandbox *sb)
{
	if (sb == NULL)
		return NULL;
	if (sb->L != NULL)
		lua_close(sb->L);
	if (sb->used != 0) {
		log_err("Lua state %s left %zu bytes allocated", sb->name,
		    sb->used);
		sandbox_leaked += sb->used;
	}
	free(sb);
	return NULL;
}

lua_State *
sandbox_lua(const struct sandbox *sb)
{
	return sb->L;
}

struct sandbox *
sandbox_get(lua_State *L)
{
	void	*ud = NULL;

	lua_getallocf(L, &ud);
	return ud;
}

void
sandbox_set_userdata(struct sandbox *sb, void *ud)
{
	sb->ud = ud;
}

void *
sandbox_userdata(const struct sandbox *sb)
{
	return sb->ud;
}

const char *
sandbox_name(const struct sandbox *sb)
{
	return sb->name;
}

void
sandbox_set_global(lua_State *L, const char *name)
{
	lua_pushglobaltable(L);
	lua_pushstring(L, name);
	lua_pushvalue(L, -3);
	lua_rawset(L, -3);
	lua_pop(L, 2);
}

struct sandbox_loadarg {
	const char	*buf;
	size_t		 len;
	const char	*chunkname;
};

static int
sandbox_load_cf(lua_State *L)
{
	struct sandbox_loadarg *a = lua_touserdata(L, 1);

	if (a->len > 0 && a->buf[0] == LUA_SIGNATURE[0])
		return luaL_error(L, "%s: binary (precompiled) chunks are not "
		    "allowed", a->chunkname + (a->chunkname[0] == '@'));
	if (luaL_loadbufferx(L, a->buf, a->len, a->chunkname, "t") !=
	    LUA_OK)
		return lua_error(L);
	sandbox_push_env(L);
	if (lua_setupvalue(L, -2, 1) == NULL)
		lua_pop(L, 1);
	return 1;
}

int
sandbox_load_buffer(struct sandbox *sb, const char *buf, size_t len,
    const char *chunkname, char *err, size_t errlen)
{
	lua_State		*L = sb->L;
	struct sandbox_loadarg	 a = { buf, len, chunkname };
	const char		*msg;

	lua_pushcfunction(L, sandbox_load_cf);
	lua_pushlightuserdata(L, &a);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK)
		return 0;
	msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) :
	    "out of memory";
	str_printable(err, errlen, (const uint8_t *)msg, strlen(msg));
	lua_pop(L, 1);
	return IOMT_ESCRIPT;
}

int
sandbox_load_file(struct sandbox *sb, const char *path, const char *chunkname,
    char *err, size_t errlen)
{
	char	*buf = NULL;
	size_t	 len;
	int	 r;

	if ((r = sandbox_read_file(path, &buf, &len, err, errlen)) != 0)
		goto out;
	r = sandbox_load_buffer(sb, buf, len, chunkname, err, errlen);
 out:
	free(buf);
	return r;
}

/* Does msg start with "something:NN:"? */
static int
sandbox_has_location(const char *msg)
{
	const char	*p = msg;

	while (*p != '\0' && *p != ':' && *p != '\n')
		p++;
	if (*p != ':' || p == msg || p[1] < '0' || p[1] > '9')
		return 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return *p == ':';
}

/* Compose the one-line message for an error that killed co. */
static void
sandbox_compose(struct sandbox *sb, lua_State *co, int st, char *err,
    size_t errlen)
{
	char		 msg[768], loc[320], caller[320], line[1600];
	char		 own[300];
	const char	*m;
	lua_Debug	 ar;
	int		 level;

	loc[0] = caller[0] = '\0';
	if (lua_type(co, -1) == LUA_TSTRING)
		m = lua_tostring(co, -1);
	else if (st == LUA_ERRMEM)
		m = "not enough memory";
	else
		m = NULL;
	if ((sb->tripped & SANDBOX_TRIP_MEM) ||
	    (m != NULL && strcmp(m, "not enough memory") == 0)) {
		sb->tripped |= SANDBOX_TRIP_MEM;
		sandbox_trip_message(sb, msg, sizeof(msg));
	} else if (m != NULL)
		strlcpy(msg, m, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "(error object is a %s value)",
		    lua_typename(co, lua_type(co, -1)));
	if (sb->tripped != 0 && !sandbox_has_location(msg) && m != NULL &&
	    sandbox_has_location(m))
		strlcpy(msg, m, sizeof(msg));

	snprintf(own, sizeof(own), "%s", sb->name);
	for (level = 0; lua_getstack(co, level, &ar); level++) {
		if (!lua_getinfo(co, "Sl", &ar) || ar.currentline <= 0)
			continue;
		if (loc[0] == '\0')
			snprintf(loc, sizeof(loc), "%s:%d", ar.short_src,
			    ar.currentline);
		if (strcmp(ar.short_src, own) == 0) {
			snprintf(caller, sizeof(caller), "%s:%d",
			    ar.short_src, ar.currentline);
			break;
		}
	}
	if (!sandbox_has_location(msg) && loc[0] != '\0')
		snprintf(line, sizeof(line), "%s: %s", loc, msg);
	else
		strlcpy(line, msg, sizeof(line));
	if (caller[0] != '\0' && strncmp(line, caller, strlen(caller)) != 0 &&
	    strncmp(line, own, strlen(own)) != 0) {
		size_t	 n = strlen(line);

		snprintf(line + n, sizeof(line) - n, " (called from %s)",
		    caller);
	}
	str_printable(err, errlen, (const uint8_t *)line, strlen(line));
}

/*
 * The watchdog.  One process-wide one-shot POSIX timer; while a run is
 * active it is armed for the run's deadline, and its signal makes the hook
 * fire at the very next instruction, where the deadline check trips.
 */
static timer_t			 wd_timer;
static int			 wd_ready;	/* 1 ok, -1 unavailable */
static struct sandbox *volatile	 wd_sb;

static void
sandbox_wd_signal(int sig)
{
	struct sandbox	*sb = wd_sb;

	(void)sig;
	if (sb != NULL && sb->active && sb->running != NULL) {
		sb->hook_fast = 1;
		lua_sethook(sb->running, sandbox_hook, LUA_MASKCOUNT, 1);
	}
}

/* Arm the watchdog for ns from now (0 disarms); 0 or -errno. */
static int
sandbox_wd_arm(struct sandbox *sb, uint64_t ns)
{
	struct itimerspec	 its;
	struct sigevent		 sev;
	struct sigaction	 sa;

	if (wd_ready == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = sandbox_wd_signal;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		memset(&sev, 0, sizeof(sev));
		sev.sigev_notify = SIGEV_SIGNAL;
		sev.sigev_signo = SIGALRM;
		wd_ready = sigaction(SIGALRM, &sa, NULL) == 0 &&
		    timer_create(CLOCK_MONOTONIC, &sev, &wd_timer) == 0 ? 1 : -1;
		if (wd_ready < 0)
			log_warn("no script watchdog timer: %s",
			    strerror(errno));
	}
	if (wd_ready < 0)
		return -ENOSYS;
	wd_sb = ns != 0 ? sb : NULL;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(ns / 1000000000u);
	its.it_value.tv_nsec = (long)(ns % 1000000000u);
	return timer_settime(wd_timer, 0, &its, NULL) == 0 ? 0 : -errno;
}

int
sandbox_resume(struct sandbox *sb, lua_State *co, int nargs, int *nres,
    struct sandbox_budget *b, char *err, size_t errlen)
{
	uint64_t	 t0, budget_ns = (uint64_t)sb->lim.ms * 1000000;
	int		 st;

	*nres = 0;
	if (sb->active) {
		snprintf(err, errlen, "%s: re-entrant resume refused",
		    sb->name);
		return IOMT_ESCRIPT;
	}
	if (sb->tripped != 0) {
		sandbox_trip_message(sb, err, errlen);
		return IOMT_ESCRIPT;
	}
	t0 = now_ns();
	sb->refused = 0;
	sb->insn_used = b->insn;
	sb->next_check = b->insn + SANDBOX_HOOK_EVERY;
	sb->deadline_ns = t0 + (b->ns < budget_ns ? budget_ns - b->ns : 0);
	sb->active = 1;
	sb->running = co;
	sb->hook_fast = 0;
	lua_sethook(co, sandbox_hook, LUA_MASKCOUNT, SANDBOX_HOOK_EVERY);
	(void)sandbox_wd_arm(sb, sb->deadline_ns > t0 ?
	    sb->deadline_ns - t0 + 1000000 : 1000000);
	st = lua_resume(co, NULL, nargs, nres);
	(void)sandbox_wd_arm(sb, 0);
	sb->active = 0;
	sb->running = NULL;
	if (sb->refused != 0)
		sb->tripped |= SANDBOX_TRIP_MEM;
	b->insn = sb->insn_used;
	b->ns += now_ns() - t0;
	if ((st == LUA_OK || st == LUA_YIELD) && sb->tripped == 0)
		return st == LUA_OK ? 0 : 1;
	if (st == LUA_OK || st == LUA_YIELD) {
		/* Tripped in the allocator and finished before the hook. */
		sandbox_trip_message(sb, err, errlen);
		lua_settop(co, 0);
		*nres = 0;
		return IOMT_ESCRIPT;
	}
	sandbox_compose(sb, co, st, err, errlen);
	*nres = 0;
	return IOMT_ESCRIPT;
}

size_t
sandbox_leaked_bytes(void)
{
	return sandbox_leaked;
}

unsigned
sandbox_tripped(const struct sandbox *sb)
{
	return sb->tripped;
}

size_t
sandbox_mem_used(const struct sandbox *sb)
{
	return sb->used;
}

size_t
sandbox_mem_peak(const struct sandbox *sb)
{
	return sb->peak;
}
