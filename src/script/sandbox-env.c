/*
 * src/script/sandbox-env.c - what a script sees inside the Lua sandbox:
 * the global table, the library functions kept, wrapped, replaced,
 * blocked or removed, require() and the shipped libraries it may load
 * (script.h lists the rules; sandbox.c holds the states, the limits and
 * the watchdog).  sandbox_setup() builds all of it in each new state.
 *
 * Charging.  The count hook never sees time spent inside C functions, so
 * every library function whose work grows with its arguments is wrapped:
 * the wrapper charges the budget in proportion to the work (one unit per
 * 64 bytes, per element) before calling the original, and pattern
 * matching is replaced by a step-counted copy of Lua's matcher
 * (src/script/pattern.c).
 *
 * Code that would run unhooked.  Lua calls an xpcall() message handler
 * from inside lua_error(); when the error is the hook's own trip, that is
 * inside the hook, where hooks are off, so `xpcall(f, function() while
 * true do end end)` would spin forever.  The sandbox's xpcall() therefore
 * unwinds first and calls the handler afterwards as an ordinary, hooked
 * call, and never when the state has tripped.  Finalizers (__gc) and
 * to-be-closed variables (__close) can run during unwinding or collection
 * outside any budget, so setmetatable() refuses both.  Sandbox.c's
 * watchdog stays the backstop.
 *
 * Names.  Globals live in the state's global table G, which the scripts
 * never see directly: each chunk gets an empty private _ENV whose
 * metatable reads through to G and raises on assignment; G's own
 * metatable raises on a miss.  So `x = 1` and `print(y)` with undeclared
 * names both fail with a clear message, and no chunk can change what
 * another sees.  The library tables (string, table, math, utf8) are
 * read-only proxies: `string.rep = f`, `rawset(string, ...)` and
 * `setmetatable(string, {})` all raise.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "iomt/util.h"
#include "iomt/script.h"

#include "sandbox-int.h"

/* Registry keys. */
#define SANDBOX_ENV_MT	"iomt.sandbox.envmt"	/* metatable of private _ENVs */
#define SANDBOX_LOADED	"iomt.sandbox.loaded"	/* require cache */

/*
 * The only modules require() can load: name -> file in the lua/ dir.
 * This table is exactly the .lua files shipped in lua/ (the unit test
 * lua_shipped_scripts_load checks both directions), so adding a library
 * file means adding its line here; every file listed must be installed.
 */
static const struct sandbox_builtin {
	const char	*name;
	const char	*file;
} sandbox_builtins[] = {
	{ "iomt.banner", "banner.lua" },
	{ "iomt.dicom", "dicom.lua" },
	{ "iomt.http", "http.lua" },
	{ "iomt.match", "match.lua" },
	{ "iomt.mllp", "mllp.lua" },
	{ "iomt.snmp", "snmp.lua" },
};
#define SANDBOX_NBUILTIN	(sizeof(sandbox_builtins) / \
	sizeof(sandbox_builtins[0]))

struct sandbox_lib {
	char		*src[SANDBOX_NBUILTIN];
	size_t		 len[SANDBOX_NBUILTIN];
};

/* How a wrapped library function's work is estimated from its args. */
enum sandbox_cost {
	SANDBOX_C_STR = 1,		/* total length of string arguments */
	SANDBOX_C_REP,		/* string.rep: n * (len(s) + len(sep)) */
	SANDBOX_C_NARGS,		/* number of arguments */
	SANDBOX_C_TLEN,		/* raw length of table argument 1 */
	SANDBOX_C_TMOVE,		/* table.move: e - f + 1 */
	SANDBOX_C_TUNPACK,		/* table.unpack: j - i + 1 */
	SANDBOX_C_TCONCAT,		/* table.concat: j - i + 1 */
	SANDBOX_C_TSORT		/* table.sort: n log n */
};

static const struct sandbox_wrap {
	const char	*lib;
	const char	*name;
	enum sandbox_cost	 cost;
} sandbox_wraps[] = {
	{ LUA_STRLIBNAME, "byte", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "char", SANDBOX_C_NARGS },
	{ LUA_STRLIBNAME, "format", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "lower", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "upper", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "reverse", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "sub", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "rep", SANDBOX_C_REP },
	{ LUA_STRLIBNAME, "pack", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "unpack", SANDBOX_C_STR },
	{ LUA_STRLIBNAME, "packsize", SANDBOX_C_STR },
	{ LUA_TABLIBNAME, "concat", SANDBOX_C_TCONCAT },
	{ LUA_TABLIBNAME, "insert", SANDBOX_C_TLEN },
	{ LUA_TABLIBNAME, "remove", SANDBOX_C_TLEN },
	{ LUA_TABLIBNAME, "move", SANDBOX_C_TMOVE },
	{ LUA_TABLIBNAME, "unpack", SANDBOX_C_TUNPACK },
	{ LUA_TABLIBNAME, "sort", SANDBOX_C_TSORT },
	{ LUA_UTF8LIBNAME, "char", SANDBOX_C_NARGS },
	{ LUA_UTF8LIBNAME, "len", SANDBOX_C_STR },
	{ LUA_UTF8LIBNAME, "codepoint", SANDBOX_C_STR },
	{ LUA_UTF8LIBNAME, "offset", SANDBOX_C_STR },
	{ LUA_GNAME, "tostring", SANDBOX_C_STR },
	{ LUA_GNAME, "tonumber", SANDBOX_C_STR },
	{ LUA_GNAME, "select", SANDBOX_C_NARGS },
};
_Static_assert(sizeof(sandbox_wraps) / sizeof(sandbox_wraps[0]) ==
    SANDBOX_NWRAP, "SANDBOX_NWRAP in sandbox-int.h must count sandbox_wraps");

/* Names that exist in a normal Lua but not here: reading one raises. */
static const char *const sandbox_absent[] = {
	"os", "io", "package", "debug", "coroutine", "warn", "_G",
	"loadstring", "module", "setfenv", "getfenv", "unpack", NULL
};

/* Functions that stay defined but raise when called. */
static const char *const sandbox_blocked[] = {
	"dofile", "loadfile", "collectgarbage", NULL
};

/* ---------------------------------------------------------------- */
/* Wrapped library functions */

static uint64_t
sandbox_strlen(lua_State *L, int idx)
{
	size_t	 len = 0;

	if (lua_type(L, idx) == LUA_TSTRING)
		lua_tolstring(L, idx, &len);
	return len;
}

static lua_Integer
sandbox_optint(lua_State *L, int idx, lua_Integer def)
{
	int		 isnum = 0;
	lua_Integer	 v;

	if (lua_type(L, idx) != LUA_TNUMBER)
		return def;
	v = lua_tointegerx(L, idx, &isnum);
	return isnum ? v : def;
}

/* Number of integers in [i, j], saturating; 0 when j < i. */
static uint64_t
sandbox_span(lua_Integer i, lua_Integer j)
{
	if (j < i)
		return 0;
	if (i < 0 && j > LUA_MAXINTEGER + i)
		return SANDBOX_MAX_CHARGE;
	return (uint64_t)(j - i) + 1;
}

static uint64_t
sandbox_cost(lua_State *L, const struct sandbox *sb, enum sandbox_cost kind)
{
	uint64_t	 c = 0, n, len;
	int		 i, top = lua_gettop(L);

	switch (kind) {
	case SANDBOX_C_STR:
		for (i = 1; i <= top; i++)
			c += sandbox_strlen(L, i);
		c /= SANDBOX_BYTES_PER_UNIT;
		break;
	case SANDBOX_C_REP:
		len = sandbox_strlen(L, 1) + sandbox_strlen(L, 3);
		n = (uint64_t)(sandbox_optint(L, 2, 0) > 0 ?
		    sandbox_optint(L, 2, 0) : 0);
		/* A result over the memory cap fails at once, cheaply. */
		if (len != 0 && n > sb->lim.mem_bytes / len)
			c = sb->lim.mem_bytes;
		else
			c = n * len;
		c /= SANDBOX_BYTES_PER_UNIT;
		break;
	case SANDBOX_C_NARGS:
		c = (uint64_t)top;
		break;
	case SANDBOX_C_TLEN:
		if (lua_type(L, 1) == LUA_TTABLE)
			c = lua_rawlen(L, 1);
		break;
	case SANDBOX_C_TMOVE:
		c = sandbox_span(sandbox_optint(L, 2, 1), sandbox_optint(L, 3, 0));
		break;
	case SANDBOX_C_TUNPACK:
	case SANDBOX_C_TCONCAT:
		i = kind == SANDBOX_C_TUNPACK ? 2 : 3;
		n = lua_type(L, 1) == LUA_TTABLE ? lua_rawlen(L, 1) : 0;
		c = sandbox_span(sandbox_optint(L, i, 1),
		    sandbox_optint(L, i + 1, (lua_Integer)n));
		break;
	case SANDBOX_C_TSORT:
		n = lua_type(L, 1) == LUA_TTABLE ? lua_rawlen(L, 1) : 0;
		for (len = n, c = 1; len > 1; len >>= 1)
			c++;
		c *= n;
		break;
	}
	return c + 1;
}

static int
sandbox_wrapped(lua_State *L)
{
	struct sandbox	*sb = sandbox_get(L);
	lua_Integer	 i = lua_tointeger(L, lua_upvalueindex(1));

	sandbox_charge(L, sandbox_cost(L, sb, sandbox_wraps[i].cost));
	return sb->orig[i](L);
}

/* dofile, loadfile, collectgarbage, string.dump. */
static int
sandbox_l_blocked(lua_State *L)
{
	return sandbox_error(L, "%s is not available in the iomtscan script "
	    "sandbox", lua_tostring(L, lua_upvalueindex(1)));
}

/* __index of G: any name not defined. */
static int
sandbox_l_gindex(lua_State *L)
{
	const char	*k = lua_type(L, 2) == LUA_TSTRING ?
	    lua_tostring(L, 2) : "?";
	size_t		 i;

	for (i = 0; sandbox_absent[i] != NULL; i++)
		if (strcmp(k, sandbox_absent[i]) == 0)
			return sandbox_error(L, "'%s' is not available in the "
			    "iomtscan script sandbox", k);
	return sandbox_error(L, "read of undeclared global '%s' (scripts use "
	    "locals and the documented API only)", k);
}

/* __newindex of G and of every private _ENV. */
static int
sandbox_l_newindex(lua_State *L)
{
	const char	*k = lua_type(L, 2) == LUA_TSTRING ?
	    lua_tostring(L, 2) : "?";

	return sandbox_error(L, "assignment to undeclared global '%s' (declare "
	    "it local)", k);
}

/* [-0, +1, m] A new private _ENV. */
void
sandbox_push_env(lua_State *L)
{
	lua_createtable(L, 0, 0);
	lua_getfield(L, LUA_REGISTRYINDEX, SANDBOX_ENV_MT);
	lua_setmetatable(L, -2);
}

/* print(...): to the log at info level, printable, cut at 512 bytes. */
static int
sandbox_l_print(lua_State *L)
{
	struct sandbox	*sb = sandbox_get(L);
	luaL_Buffer	 b;
	char		 out[600];
	const char	*s;
	size_t		 len;
	int		 i, n = lua_gettop(L);

	luaL_buffinit(L, &b);
	for (i = 1; i <= n; i++) {
		s = luaL_tolstring(L, i, &len);
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_addlstring(&b, s, len > 512 ? 512 : len);
		lua_pop(L, 1);
	}
	luaL_pushresult(&b);
	s = lua_tolstring(L, -1, &len);
	sandbox_charge(L, len / SANDBOX_BYTES_PER_UNIT + 1);
	str_printable(out, sizeof(out), (const uint8_t *)s,
	    len > 512 ? 512 : len);
	log_info("%s: %s", sb->name, out);
	return 0;
}

/*
 * load(chunk [, chunkname [, mode [, env]]]): text strings only, with a
 * fresh private _ENV unless env is given.  A binary chunk raises; a
 * syntax error returns nil and the message, as in standard Lua.
 */
static int
sandbox_l_load(lua_State *L)
{
	size_t		 len;
	const char	*s, *mode;
	int		 st;

	if (lua_type(L, 1) != LUA_TSTRING)
		return sandbox_error(L, "load: only a text string can be loaded "
		    "in the sandbox");
	s = lua_tolstring(L, 1, &len);
	mode = luaL_optstring(L, 3, "t");
	if (strcmp(mode, "t") != 0 ||
	    (len > 0 && s[0] == LUA_SIGNATURE[0]))
		return sandbox_error(L, "load: binary (precompiled) chunks are "
		    "not allowed in the sandbox");
	sandbox_charge(L, len / SANDBOX_BYTES_PER_UNIT + 1);
	st = luaL_loadbufferx(L, s, len, "=(load)", "t");
	if (st != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (!lua_isnoneornil(L, 4))
		lua_pushvalue(L, 4);
	else
		sandbox_push_env(L);
	if (lua_setupvalue(L, -2, 1) == NULL)
		lua_pop(L, 1);
	return 1;
}

/* setmetatable(t, mt): as in Lua, but no __gc or __close (they may run
 * unhooked, during collection or unwinding). */
static int
sandbox_l_setmetatable(lua_State *L)
{
	int	 t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2,
	    "nil or table");
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return sandbox_error(L, "cannot change a protected metatable");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return sandbox_error(L, "__gc metamethods are not allowed "
			    "in the sandbox");
		lua_pop(L, 1);
		lua_pushliteral(L, "__close");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return sandbox_error(L, "__close metamethods are not "
			    "allowed in the sandbox");
		lua_pop(L, 1);
	}
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* The end of sandbox_l_xpcall(), also its continuation after a yield. */
static int
sandbox_xpcall_k(lua_State *L, int status, lua_KContext ctx)
{
	struct sandbox	*sb = sandbox_get(L);

	(void)ctx;
	if (status == LUA_OK || status == LUA_YIELD) {
		lua_pushboolean(L, 1);
		lua_insert(L, 2);		/* h, true, results... */
		return lua_gettop(L) - 1;
	}
	if (sb->tripped != 0)
		return lua_error(L);		/* no handler after a trip */
	/* Unwound: call the handler as an ordinary, hooked call. */
	lua_pushvalue(L, 1);
	lua_insert(L, -2);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK && sb->tripped != 0)
		return lua_error(L);
	lua_pushboolean(L, 0);
	lua_insert(L, -2);
	return 2;
}

/*
 * xpcall(f, h, ...): as in Lua, except that h runs after the stack has
 * unwound (so it is hooked and budgeted like any call) and not at all
 * once the state has tripped.  [-0, +?, e]
 */
static int
sandbox_l_xpcall(lua_State *L)
{
	int	 n = lua_gettop(L);
	int	 st;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_replace(L, 1);			/* h, h, args... */
	lua_replace(L, 2);			/* h, f, args... */
	st = lua_pcallk(L, n - 2, LUA_MULTRET, 0, 0, sandbox_xpcall_k);
	return sandbox_xpcall_k(L, st, 0);
}

/* __newindex of a library proxy: library tables are read-only. */
static int
sandbox_l_libwrite(lua_State *L)
{
	return sandbox_error(L, "library tables are read-only in the sandbox");
}

/* __pairs of a library proxy: iterate the real table. */
static int
sandbox_l_libpairs(lua_State *L)
{
	lua_getmetatable(L, 1);
	lua_getfield(L, -1, "__index");
	lua_pushnil(L);
	lua_getglobal(L, "next");
	lua_insert(L, -3);			/* next, real, nil */
	return 3;
}

/* [-0, +0, m] Replace G[name] by a read-only proxy of it. */
static void
sandbox_protect_lib(lua_State *L, int g, const char *name)
{
	lua_newtable(L);			/* proxy */
	lua_createtable(L, 0, 4);		/* its metatable */
	lua_getfield(L, g, name);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, sandbox_l_libwrite);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, sandbox_l_libpairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_setfield(L, g, name);
}

/* rawset(t, k, v): refused on tables with a protected metatable. */
static int
sandbox_l_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return sandbox_error(L, "rawset on a protected table is not "
		    "allowed in the sandbox");
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

const char *
sandbox_lib_file(const char *name)
{
	size_t	 i;

	for (i = 0; i < SANDBOX_NBUILTIN; i++)
		if (strcmp(name, sandbox_builtins[i].name) == 0)
			return sandbox_builtins[i].file;
	return NULL;
}

const char *
sandbox_lib_name(size_t i)
{
	return i < SANDBOX_NBUILTIN ? sandbox_builtins[i].name : NULL;
}

/* require(name): only the fixed table, text only, cached per state. */
static int
sandbox_l_require(lua_State *L)
{
	struct sandbox	*sb = sandbox_get(L);
	const char	*name = luaL_checkstring(L, 1);
	char		 chunk[96];
	size_t		 i;
	int		 st;

	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, SANDBOX_LOADED);		/* 2 */
	lua_getfield(L, 2, name);
	if (lua_toboolean(L, -1)) {
		if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
			return sandbox_error(L, "require '%s': loop or previous "
			    "error loading module", name);
		return 1;
	}
	lua_pop(L, 1);
	for (i = 0; i < SANDBOX_NBUILTIN; i++)
		if (strcmp(name, sandbox_builtins[i].name) == 0)
			break;
	if (i == SANDBOX_NBUILTIN)
		return sandbox_error(L, "require '%s': not available; require "
		    "loads only the iomt.* libraries shipped in lua/ (see "
		    "docs/LUA-API.md)", name);
	if (sb->lib == NULL || sb->lib->src[i] == NULL)
		return sandbox_error(L, "require '%s': module not installed "
		    "(lua/%s missing)", name, sandbox_builtins[i].file);
	sandbox_charge(L, sb->lib->len[i] / SANDBOX_BYTES_PER_UNIT + 1);
	lua_pushlightuserdata(L, sb);		/* "being loaded" mark */
	lua_setfield(L, 2, name);
	snprintf(chunk, sizeof(chunk), "@lua/%s", sandbox_builtins[i].file);
	st = luaL_loadbufferx(L, sb->lib->src[i], sb->lib->len[i], chunk,
	    "t");
	if (st != LUA_OK)
		return lua_error(L);
	sandbox_push_env(L);
	lua_setupvalue(L, -2, 1);
	lua_pushstring(L, name);
	lua_call(L, 1, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

/* [-0, +0, m] Set G[name] = f (a C function) with rawset. */
static void
sandbox_setfn(lua_State *L, int g, const char *name, lua_CFunction f)
{
	lua_pushcfunction(L, f);
	lua_setfield(L, g, name);
}

static void
sandbox_setblocked(lua_State *L, int t, const char *name, const char *shown)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, shown);
	lua_pushcclosure(L, sandbox_l_blocked, 1);
	lua_setfield(L, t, name);
}

/* Build the sandbox (run under lua_pcall: it allocates). */
int
sandbox_setup(lua_State *L)
{
	struct sandbox	*sb = sandbox_get(L);
	size_t		 i;
	int		 g;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	lua_settop(L, 0);
	lua_pushglobaltable(L);
	g = lua_gettop(L);

	/* Base library: block, replace, remove. */
	for (i = 0; sandbox_blocked[i] != NULL; i++)
		sandbox_setblocked(L, g, sandbox_blocked[i], sandbox_blocked[i]);
	for (i = 0; sandbox_absent[i] != NULL; i++) {
		lua_pushnil(L);
		lua_setfield(L, g, sandbox_absent[i]);
	}
	sandbox_setfn(L, g, "load", sandbox_l_load);
	sandbox_setfn(L, g, "print", sandbox_l_print);
	sandbox_setfn(L, g, "setmetatable", sandbox_l_setmetatable);
	sandbox_setfn(L, g, "rawset", sandbox_l_rawset);
	sandbox_setfn(L, g, "xpcall", sandbox_l_xpcall);
	sandbox_setfn(L, g, "require", sandbox_l_require);

	/* string: no dump; step-counted patterns. */
	lua_getfield(L, g, LUA_STRLIBNAME);
	sandbox_setblocked(L, -1, "dump", "string.dump");
	sandbox_pattern_open(L);
	lua_pop(L, 1);

	/* Charge the budget before work that grows with the input. */
	for (i = 0; i < SANDBOX_NWRAP; i++) {
		if (strcmp(sandbox_wraps[i].lib, LUA_GNAME) == 0)
			lua_pushvalue(L, g);
		else
			lua_getfield(L, g, sandbox_wraps[i].lib);
		lua_getfield(L, -1, sandbox_wraps[i].name);
		sb->orig[i] = lua_tocfunction(L, -1);
		lua_pop(L, 1);
		if (sb->orig[i] == NULL)
			return luaL_error(L, "cannot wrap %s.%s",
			    sandbox_wraps[i].lib, sandbox_wraps[i].name);
		lua_pushinteger(L, (lua_Integer)i);
		lua_pushcclosure(L, sandbox_wrapped, 1);
		lua_setfield(L, -2, sandbox_wraps[i].name);
		lua_pop(L, 1);
	}

	/* getmetatable("") returns false; the VM still finds methods. */
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);

	/* require cache. */
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, SANDBOX_LOADED);

	/* Private _ENVs read through to G and refuse assignment. */
	lua_createtable(L, 0, 3);
	lua_pushvalue(L, g);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, sandbox_l_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setfield(L, LUA_REGISTRYINDEX, SANDBOX_ENV_MT);

	/* Library tables become read-only proxies (after the wrapping). */
	sandbox_protect_lib(L, g, LUA_STRLIBNAME);
	sandbox_protect_lib(L, g, LUA_TABLIBNAME);
	sandbox_protect_lib(L, g, LUA_MATHLIBNAME);
	sandbox_protect_lib(L, g, LUA_UTF8LIBNAME);

	/* G raises on unknown names and refuses assignment.  Last. */
	lua_createtable(L, 0, 3);
	lua_pushcfunction(L, sandbox_l_gindex);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, sandbox_l_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, g);
	lua_settop(L, 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* The shipped libraries require() loads */

int
sandbox_lib_load(const char *lua_dir, struct sandbox_lib **out, char *err,
    size_t errlen)
{
	struct sandbox_lib	*lib;
	char			 path[4096], msg[256];
	size_t			 i, o = 0;
	int			 r = 0, rr;

	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	lib = xcalloc(1, sizeof(*lib));
	for (i = 0; lua_dir != NULL && i < SANDBOX_NBUILTIN; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", lua_dir,
		    sandbox_builtins[i].file) >= sizeof(path))
			rr = -ENAMETOOLONG;
		else
			rr = sandbox_read_file(path, &lib->src[i],
			    &lib->len[i], msg, sizeof(msg));
		if (rr == 0)
			continue;
		if (rr == -ENOENT)
			snprintf(msg, sizeof(msg), "%s/%s is missing", lua_dir,
			    sandbox_builtins[i].file);
		else if (rr == -ENAMETOOLONG)
			snprintf(msg, sizeof(msg), "%s: path too long",
			    lua_dir);
		log_err("Lua library incomplete: %s (require \"%s\" cannot "
		    "work; reinstall iomtscan)", msg, sandbox_builtins[i].name);
		if (r == 0 && errlen > 0)
			o = (size_t)snprintf(err, errlen, "Lua library "
			    "incomplete: %s", msg);
		else if (o < errlen)
			o += (size_t)snprintf(err + o, errlen - o, ", %s",
			    msg);
		r = rr == -ENOENT ? IOMT_ENOTFOUND : IOMT_ELIMIT;
	}
	if (r != 0) {
		sandbox_lib_free(lib);
		return r;
	}
	*out = lib;
	return 0;
}

struct sandbox_lib *
sandbox_lib_free(struct sandbox_lib *lib)
{
	size_t	 i;

	if (lib == NULL)
		return NULL;
	for (i = 0; i < SANDBOX_NBUILTIN; i++)
		free(lib->src[i]);
	free(lib);
	return NULL;
}
