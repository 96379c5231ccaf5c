/*
 * src/script/loader.c - load probe scripts and validate their metadata.
 *
 * Each script gets its own sandboxed state (sandbox.c), the host API
 * (api.c), and runs once at load time under the same budgets as a run;
 * the table it returns is checked field by field (known keys only, id
 * equal to the file name, safety level, ports, rule and identify
 * functions) before anything of it is kept.  A script that fails any of
 * this is kept in the environment but disabled, with a message
 * "file:line: message", so `script list` and `script check` can show
 * why.  Loading reads files: it belongs to start-up, never to a loop
 * callback.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/script.h"
#include "iomt/safety.h"
#include "script-int.h"

/* Parse "tcp/80" or "udp/161".  Return 0 or -1. */
int
script_parse_port(const char *s, char proto[4], int *port)
{
	long long	 v;

	if (strncmp(s, "tcp/", 4) == 0)
		strlcpy(proto, "tcp", 4);
	else if (strncmp(s, "udp/", 4) == 0)
		strlcpy(proto, "udp", 4);
	else
		return -1;
	if (parse_ll(s + 4, 1, 65535, &v) != 0)
		return -1;
	*port = (int)v;
	return 0;
}

int
script_id_valid(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > SCRIPT_ID_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}


/* ---------------------------------------------------------------- */
/* Loading */

static void
script_broken(struct script *sc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
script_broken(struct script *sc, const char *fmt, ...)
{
	char	 msg[600];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	script_disable(sc, msg);
}

/* Raw string field of the table at idx, or NULL (no metamethods). */
static const char *
raw_str(lua_State *L, int idx, const char *k, size_t *len, int *type)
{
	const char	*v = NULL;

	lua_pushstring(L, k);
	*type = lua_rawget(L, idx);
	if (*type == LUA_TSTRING)
		v = lua_tolstring(L, -1, len);
	lua_pop(L, 1);	/* the table keeps the string alive */
	return v;
}

static int
meta_text(lua_State *L, struct script *sc, const char *k, char **dst)
{
	const char	*v;
	size_t		 len = 0, i;
	int		 t;

	v = raw_str(L, 2, k, &len, &t);
	if (v == NULL)
		return luaL_error(L, "%s: metadata field '%s' is %s; it must "
		    "be a non-empty string", sc->name, k,
		    t == LUA_TNIL ? "missing" : "not a string");
	if (len == 0 || len > SCRIPT_META_MAX)
		return luaL_error(L, "%s: metadata field '%s' must be 1 to %d "
		    "bytes", sc->name, k, SCRIPT_META_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return luaL_error(L, "%s: metadata field '%s' "
			    "contains a control character", sc->name, k);
	if (dst != NULL) {
		free(*dst);
		*dst = xstrdup(v);
	}
	return 0;
}

struct meta_arg {
	struct script	*sc;
	const char	*stem;
};

/* Validate the table a script returned (index 2) and keep its parts. */
static int
script_meta_cf(lua_State *L)
{
	static const char *const known[] = {
		"id", "vendor", "description", "author", "license",
		"version", "safety", "ports", "rule", "identify", NULL
	};
	struct meta_arg	*a = lua_touserdata(L, 1);
	struct script	*sc = a->sc;
	const char	*v, *k;
	size_t		 len, i, n;
	int		 t, lvl;

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	lua_pushnil(L);
	while (lua_next(L, 2) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			return luaL_error(L, "%s: metadata keys must be "
			    "strings", sc->name);
		k = lua_tostring(L, -1);
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(k, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return luaL_error(L, "%s: unknown metadata field '%s' "
			    "(allowed: id, vendor, description, author, "
			    "license, version, safety, ports, rule, "
			    "identify)", sc->name, k);
	}

	v = raw_str(L, 2, "id", &len, &t);
	if (v == NULL)
		return luaL_error(L, "%s: metadata field 'id' is %s", sc->name,
		    t == LUA_TNIL ? "missing" : "not a string");
	if (!script_id_valid(v, len))
		return luaL_error(L, "%s: id \"%s\" must be 1 to %d "
		    "characters of a-z, 0-9 and '-'", sc->name, v,
		    SCRIPT_ID_MAX);
	if (a->stem != NULL && strcmp(v, a->stem) != 0)
		return luaL_error(L, "%s: id \"%s\" must equal the file name "
		    "without .lua (\"%s\")", sc->name, v, a->stem);
	strlcpy(sc->id, v, sizeof(sc->id));
	meta_text(L, sc, "vendor", &sc->vendor);
	meta_text(L, sc, "description", &sc->description);
	meta_text(L, sc, "author", &sc->author);
	meta_text(L, sc, "license", &sc->license);
	meta_text(L, sc, "version", &sc->version);

	v = raw_str(L, 2, "safety", &len, &t);
	lvl = v != NULL ? safety_level_parse(v) : -1;
	if (lvl != LEVEL_PASSIVE && lvl != LEVEL_GENTLE &&
	    lvl != LEVEL_STANDARD && lvl != LEVEL_CLINICAL)
		return luaL_error(L, "%s: safety must be \"passive\", "
		    "\"gentle\", \"standard\" or \"clinical\"%s%s%s",
		    sc->name, v != NULL ? " (got \"" : "",
		    v != NULL ? v : "", v != NULL ? "\")" : "");
	sc->level = (enum safety_level)lvl;

	lua_pushliteral(L, "ports");
	t = lua_rawget(L, 2);
	if (t == LUA_TTABLE) {
		n = lua_rawlen(L, -1);
		if (n == 0 || n > SCRIPT_MAX_PORTS)
			return luaL_error(L, "%s: ports must list 1 to %d "
			    "entries", sc->name, SCRIPT_MAX_PORTS);
		for (i = 0; i < n; i++) {
			struct script_port *p = &sc->ports[i];

			if (lua_rawgeti(L, -1, (lua_Integer)i + 1) !=
			    LUA_TSTRING ||
			    script_parse_port(lua_tostring(L, -1), p->proto,
			    &p->port) != 0)
				return luaL_error(L, "%s: ports[%d] must be "
				    "\"tcp/PORT\" or \"udp/PORT\"", sc->name,
				    (int)i + 1);
			lua_pop(L, 1);
			len = strlen(sc->ports_text);
			snprintf(sc->ports_text + len,
			    sizeof(sc->ports_text) - len, "%s%s/%d",
			    i > 0 ? "," : "", p->proto, p->port);
		}
		sc->n_ports = n;
	} else if (t != LUA_TNIL)
		return luaL_error(L, "%s: ports must be a list such as "
		    "{ \"tcp/80\" }", sc->name);
	lua_pop(L, 1);

	lua_pushliteral(L, "rule");
	t = lua_rawget(L, 2);
	if (t != LUA_TNIL && t != LUA_TFUNCTION)
		return luaL_error(L, "%s: rule must be a function", sc->name);
	if (t == LUA_TFUNCTION) {
		sc->ref_rule = luaL_ref(L, LUA_REGISTRYINDEX);
		sc->has_rule = 1;
	} else
		lua_pop(L, 1);
	lua_pushliteral(L, "identify");
	if (lua_rawget(L, 2) != LUA_TFUNCTION)
		return luaL_error(L, "%s: identify must be a function",
		    sc->name);
	sc->ref_ident = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* Create a thread of sc's state, anchored in the registry. */
static int
newthread_cf(lua_State *L)
{
	int	*ref = lua_touserdata(L, 1);

	lua_newthread(L);
	*ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static lua_State *
script_newthread(struct script *sc, int *ref)
{
	lua_State	*L = sandbox_lua(sc->sb);

	*ref = LUA_NOREF;
	lua_pushcfunction(L, newthread_cf);
	lua_pushlightuserdata(L, ref);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		lua_pop(L, 1);
		return NULL;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, *ref);
	L = lua_tothread(L, -1);
	lua_pop(sandbox_lua(sc->sb), 1);
	return L;
}

static void
script_load(struct script_env *env, struct script *sc, const char *stem)
{
	struct sandbox_budget	 bud = { 0, 0 };
	struct sandbox_limits	 lim;
	struct meta_arg		 ma = { sc, stem };
	lua_State		*L, *co;
	char			 chunk[300], err[600];
	int			 r, nres, ref = LUA_NOREF;

	sc->ref_rule = sc->ref_ident = LUA_NOREF;
	lim.mem_bytes = env->lim.mem_bytes;
	lim.insn = env->lim.insn;
	lim.ms = env->lim.ms;
	if (sandbox_new(&lim, env->lib, sc->name, &sc->sb) != 0) {
		script_broken(sc, "%s: cannot create its Lua sandbox",
		    sc->name);
		return;
	}
	sandbox_set_userdata(sc->sb, sc);
	L = sandbox_lua(sc->sb);
	lua_pushcfunction(L, script_api_open);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		lua_pop(L, 1);
		script_broken(sc, "%s: out of memory setting up", sc->name);
		return;
	}
	snprintf(chunk, sizeof(chunk), "@%s", sc->name);
	if (sandbox_load_file(sc->sb, sc->path, chunk, err, sizeof(err)) != 0) {
		script_broken(sc, "%s", err);
		return;
	}
	if ((co = script_newthread(sc, &ref)) == NULL) {
		lua_pop(L, 1);
		script_broken(sc, "%s: out of memory", sc->name);
		return;
	}
	lua_xmove(L, co, 1);
	r = sandbox_resume(sc->sb, co, 0, &nres, &bud, err, sizeof(err));
	if (r < 0) {
		script_broken(sc, "%s", err);
		return;
	}
	if (r == 1 || nres < 1 || lua_type(co, -nres) != LUA_TTABLE) {
		script_broken(sc, "%s: the script must end with `return { id "
		    "= ..., identify = function(host) ... end }`", sc->name);
		return;
	}
	lua_settop(co, lua_gettop(co) - nres + 1);
	lua_pushcfunction(L, script_meta_cf);
	lua_pushlightuserdata(L, &ma);
	lua_xmove(co, L, 1);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		script_broken(sc, "%s", lua_type(L, -1) == LUA_TSTRING ?
		    lua_tostring(L, -1) : "out of memory");
		lua_pop(L, 1);
		return;
	}
	luaL_unref(L, LUA_REGISTRYINDEX, ref);
	lua_gc(L, LUA_GCCOLLECT);
	log_debug("loaded script %s (%s), %zu bytes", sc->id, sc->name,
	    sandbox_mem_used(sc->sb));
}

static struct script_env *
env_new(const char *lua_dir, const struct script_limits *lim,
    struct db *db, int64_t scan_id)
{
	struct script_env	*env = xcalloc(1, sizeof(*env));

	if (lim != NULL)
		env->lim = *lim;
	env->db = db;
	env->scan_id = scan_id;
	/* An incomplete library disables every script (env_add()). */
	sandbox_lib_load(lua_dir, &env->lib, env->lib_err,
	    sizeof(env->lib_err));
	return env;
}

static void
env_add(struct script_env *env, const char *path, const char *name)
{
	struct script	*sc, *o;
	const char	*base;
	char		 stem[SCRIPT_ID_MAX + 8];
	size_t		 i, len;

	sc = xcalloc(1, sizeof(*sc));
	sc->env = env;
	strlcpy(sc->path, path, sizeof(sc->path));
	strlcpy(sc->name, name, sizeof(sc->name));
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".lua") == 0 &&
	    len - 4 < sizeof(stem)) {
		memcpy(stem, base, len - 4);
		stem[len - 4] = '\0';
	} else
		strlcpy(stem, "", sizeof(stem));
	env->v = xreallocarray(env->v, env->n + 1, sizeof(*env->v));
	env->v[env->n++] = sc;
	if (stem[0] == '\0') {
		script_broken(sc, "%s: a probe script's file name must be "
		    "<id>.lua", name);
		return;
	}
	if (env->lib_err[0] != '\0') {
		script_broken(sc, "%s: not loaded: %s", name, env->lib_err);
		return;
	}
	script_load(env, sc, stem);
	for (i = 0; !sc->disabled && i + 1 < env->n; i++) {
		o = env->v[i];
		if (o->id[0] != '\0' && strcmp(o->id, sc->id) == 0)
			script_broken(sc, "%s: duplicate script id \"%s\" "
			    "(also in %s)", sc->name, sc->id, o->name);
	}
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
script_env_load(const char *probes_dir, const char *lua_dir,
    const struct script_limits *lim, struct db *db, int64_t scan_id,
    struct script_env **out)
{
	struct script_env	*env = NULL;
	struct dirent		*de;
	DIR			*d = NULL;
	char			**names = NULL, path[4096], name[300];
	const char		*last;
	size_t			 n = 0, i, len;
	int			 r;

	*out = NULL;
	if ((d = opendir(probes_dir)) == NULL) {
		r = -errno;
		log_warn("cannot read the probe script directory %s: %s",
		    probes_dir, strerror(errno));
		goto out;
	}
	for (;;) {
		de = readdir(d);
		if (de == NULL)
			break;
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		if (n == SCRIPT_MAX_FILES) {
			log_warn("%s: more than %d scripts; the rest are "
			    "ignored", probes_dir, SCRIPT_MAX_FILES);
			break;
		}
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	qsort(names, n, sizeof(*names), name_cmp);

	/* Display names: "<last component>/<file>". */
	len = strlen(probes_dir);
	while (len > 1 && probes_dir[len - 1] == '/')
		len--;
	for (last = probes_dir + len; last > probes_dir && last[-1] != '/';
	    last--)
		;
	env = env_new(lua_dir, lim, db, scan_id);
	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%.*s/%s", (int)len,
		    probes_dir, names[i]) >= sizeof(path))
			continue;
		snprintf(name, sizeof(name), "%.*s/%s",
		    (int)(probes_dir + len - last), last, names[i]);
		env_add(env, path, name);
	}
	*out = env;
	env = NULL;
	r = 0;
 out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (d != NULL)
		closedir(d);
	script_env_free(env);
	return r;
}

int
script_env_load_files(const char *const *paths, size_t n,
    const char *lua_dir, const struct script_limits *lim, struct db *db,
    int64_t scan_id, struct script_env **out)
{
	struct script_env	*env;
	const char		*p, *name;
	size_t			 i;
	int			 slashes;

	env = env_new(lua_dir, lim, db, scan_id);
	for (i = 0; i < n && i < SCRIPT_MAX_FILES; i++) {
		p = paths[i];
		name = p;
		if (p[0] == '/') {
			/* The last two components. */
			slashes = 0;
			for (name = p + strlen(p); name > p; name--)
				if (name[-1] == '/' && ++slashes == 2)
					break;
		} else
			while (strncmp(name, "./", 2) == 0)
				name += 2;
		env_add(env, p, name);
	}
	*out = env;
	return 0;
}

struct script_env *
script_env_free(struct script_env *env)
{
	size_t	 i;

	if (env == NULL)
		return NULL;
	if (env->runs != 0) {
		log_err("script_env_free with %zu runs in progress (a bug); "
		    "leaking the scripts", env->runs);
		return NULL;
	}
	for (i = 0; i < env->n; i++) {
		struct script	*sc = env->v[i];

		sc->sb = sandbox_free(sc->sb);
		free(sc->vendor);
		free(sc->description);
		free(sc->author);
		free(sc->license);
		free(sc->version);
		free(sc);
	}
	free(env->v);
	sandbox_lib_free(env->lib);
	free(env);
	return NULL;
}

void
script_env_set_oui(struct script_env *env, const struct oui_db *oui)
{
	env->oui = oui;
}

size_t
script_env_count(const struct script_env *env)
{
	return env->n;
}

size_t
script_env_enabled(const struct script_env *env)
{
	size_t	 i, n = 0;

	for (i = 0; i < env->n; i++)
		n += !env->v[i]->disabled;
	return n;
}

size_t
script_env_active_runs(const struct script_env *env)
{
	return env->runs;
}

int
script_env_info(const struct script_env *env, size_t i,
    struct script_info *out)
{
	const struct script	*sc;

	if (i >= env->n)
		return IOMT_EINVAL;
	sc = env->v[i];
	out->id = sc->id;
	out->name = sc->name;
	out->vendor = sc->vendor != NULL ? sc->vendor : "";
	out->description = sc->description != NULL ? sc->description : "";
	out->author = sc->author != NULL ? sc->author : "";
	out->license = sc->license != NULL ? sc->license : "";
	out->version = sc->version != NULL ? sc->version : "";
	out->level = sc->level;
	out->ports = sc->ports_text;
	out->has_rule = sc->has_rule;
	out->disabled = sc->disabled;
	out->error = sc->error;
	return 0;
}
