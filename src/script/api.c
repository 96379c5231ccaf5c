/*
 * src/script/api.c - the host API a probe script sees (docs/LUA-API.md).
 *
 * Two things live here: the iomt table (iomt.log, iomt.hex, iomt.u16be,
 * iomt.u32be, iomt.oui_vendor, iomt.version) and the host object passed
 * to rule() and identify().  The host object is a full userdata
 * (metatable "iomt.host") holding a pointer to its slot; when the slot
 * ends the runner clears the pointer, so a script that saved the object
 * and uses it later gets "expired host object" instead of reading freed
 * memory (Wireshark's wslua scheme).  host:exchange() applies the
 * policy checks of script.h itself and then either answers from the
 * run's cache or yields (lua_yieldk) for runner.c to hand the request to
 * the engine; its continuation pushes the reply inside the coroutine, so
 * a memory error there is caught like any other.  Every function that
 * grows with its input charges the sandbox budget first.
 */
#include "config.h"

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

/* ---------------------------------------------------------------- */
/* The iomt library */

static struct script *
script_of(lua_State *L)
{
	return sandbox_userdata(sandbox_get(L));
}

/* iomt.log(level, fmt, ...) */
static int
l_iomt_log(lua_State *L)
{
	struct script	*sc = script_of(L);
	const char	*lv = luaL_checkstring(L, 1), *msg;
	enum log_level	 level;
	unsigned	*count;
	char		 out[600];
	size_t		 len;
	int		 n = lua_gettop(L);

	if (strcmp(lv, "debug") == 0)
		level = LOG_LVL_DEBUG;
	else if (strcmp(lv, "info") == 0)
		level = LOG_LVL_INFO;
	else if (strcmp(lv, "warn") == 0)
		level = LOG_LVL_WARN;
	else
		return sandbox_error(L, "iomt.log: level must be \"debug\", "
		    "\"info\" or \"warn\", not \"%s\"", lv);
	luaL_checkstring(L, 2);
	count = sc->cur != NULL ? &sc->cur->n_logs : &sc->n_logs;
	if (++*count > SCRIPT_MAX_LOGS) {
		if (*count == SCRIPT_MAX_LOGS + 1)
			log_msg(level, "lua", 0, "%s: further messages "
			    "suppressed", sc->name);
		return 0;
	}
	lua_pushglobaltable(L);
	lua_getfield(L, -1, "string");
	lua_getfield(L, -1, "format");
	lua_insert(L, 2);
	lua_pop(L, 2);
	lua_call(L, n - 1, 1);
	msg = lua_tolstring(L, -1, &len);
	script_text(out, sizeof(out), msg, len > 512 ? 512 : len);
	if (sc->cur != NULL)
		log_msg(level, "lua", 0, "%s on %s: %s", sc->name,
		    sc->cur->run->host->ip, out);
	else
		log_msg(level, "lua", 0, "%s: %s", sc->name, out);
	return 0;
}

/* iomt.hex(s) -> lowercase hex digits. */
static int
l_iomt_hex(lua_State *L)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 len, i;
	const unsigned char	*s;
	luaL_Buffer		 b;
	char			*d;

	s = (const unsigned char *)luaL_checklstring(L, 1, &len);
	sandbox_charge(L, len / 32 + 1);
	d = luaL_buffinitsize(L, &b, len * 2);
	for (i = 0; i < len; i++) {
		d[2 * i] = digits[s[i] >> 4];
		d[2 * i + 1] = digits[s[i] & 15];
	}
	luaL_pushresultsize(&b, len * 2);
	return 1;
}

/* iomt.u16be(s [, i]) / iomt.u32be(s [, i]): nil when out of range. */
static int
l_iomt_uint(lua_State *L, size_t width)
{
	size_t			 len, k;
	const unsigned char	*s;
	lua_Integer		 i;
	lua_Integer		 v = 0;

	s = (const unsigned char *)luaL_checklstring(L, 1, &len);
	i = luaL_optinteger(L, 2, 1);
	if (i < 1 || (size_t)i > len || len - (size_t)(i - 1) < width) {
		lua_pushnil(L);
		return 1;
	}
	for (k = 0; k < width; k++)
		v = (v << 8) | s[(size_t)(i - 1) + k];
	lua_pushinteger(L, v);
	return 1;
}

static int
l_iomt_u16be(lua_State *L)
{
	return l_iomt_uint(L, 2);
}

static int
l_iomt_u32be(lua_State *L)
{
	return l_iomt_uint(L, 4);
}

/* iomt.oui_vendor(mac) -> registry name or nil. */
static int
l_iomt_oui_vendor(lua_State *L)
{
	struct script	*sc = script_of(L);
	const char	*s = luaL_checkstring(L, 1), *v = NULL;
	uint8_t		 mac[6];

	if (sc->env->oui != NULL && mac_parse(s, mac) == 0)
		v = oui_lookup(sc->env->oui, mac);
	if (v != NULL)
		lua_pushstring(L, v);
	else
		lua_pushnil(L);
	return 1;
}

/* ---------------------------------------------------------------- */
/* The host object */

static struct script_slot *
host_check(lua_State *L, int idx)
{
	struct host_ud	*u = luaL_checkudata(L, idx, HOST_MT);

	if (u->slot == NULL)
		sandbox_error(L, "expired host object (a host object is valid "
		    "only during the rule() or identify() call it was "
		    "passed to)");
	return u->slot;
}

static void
push_str_or_nil(lua_State *L, const char *s)
{
	if (s != NULL)
		lua_pushstring(L, s);
	else
		lua_pushnil(L);
}

static void
set_field_str(lua_State *L, const char *k, const char *v)
{
	if (v == NULL)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

/* host:services() */
static int
l_host_services(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	const struct script_host *h = s->run->host;
	size_t			 i;

	sandbox_charge(L, h->n_svc * 4 + 1);
	lua_createtable(L, (int)(h->n_svc < 65536 ? h->n_svc : 65536), 0);
	for (i = 0; i < h->n_svc; i++) {
		lua_createtable(L, 0, 5);
		set_field_str(L, "proto", h->svc[i].proto);
		lua_pushinteger(L, h->svc[i].port);
		lua_setfield(L, -2, "port");
		set_field_str(L, "state", h->svc[i].state);
		set_field_str(L, "service", h->svc[i].service);
		set_field_str(L, "banner", h->svc[i].banner);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* host:open("tcp/80") (a bare number means tcp) */
static int
l_host_open(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	char			 proto[4];
	int			 port;

	sandbox_charge(L, s->run->host->n_svc + 1);
	if (lua_type(L, 2) == LUA_TNUMBER) {
		lua_Integer p = luaL_checkinteger(L, 2);

		strlcpy(proto, "tcp", sizeof(proto));
		port = p >= 1 && p <= 65535 ? (int)p : 0;
	} else if (script_parse_port(luaL_checkstring(L, 2), proto,
	    &port) != 0)
		return sandbox_error(L, "host:open: expected \"tcp/PORT\" or "
		    "\"udp/PORT\", got \"%s\"", lua_tostring(L, 2));
	lua_pushboolean(L, port != 0 &&
	    script_host_open(s->run->host, proto, port));
	return 1;
}

/* host:obs(key [, "tcp/80"]) */
static int
l_host_obs(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	const struct script_host *h = s->run->host;
	const char		*key = luaL_checkstring(L, 2);
	char			 proto[4] = "";
	int			 port = -1;
	size_t			 i;

	if (!lua_isnoneornil(L, 3) &&
	    script_parse_port(luaL_checkstring(L, 3), proto, &port) != 0)
		return sandbox_error(L, "host:obs: expected \"tcp/PORT\" or "
		    "\"udp/PORT\", got \"%s\"", lua_tostring(L, 3));
	sandbox_charge(L, h->n_obs + 1);
	for (i = 0; i < h->n_obs; i++) {
		const struct observation *o = &h->obs[i];

		if (o->key == NULL || o->value == NULL ||
		    strcmp(o->key, key) != 0)
			continue;
		if (port >= 0 && (o->port != port || o->proto == NULL ||
		    strcmp(o->proto, proto) != 0))
			continue;
		lua_pushstring(L, o->value);
		return 1;
	}
	lua_pushnil(L);
	return 1;
}

/* host:obs_all() */
static int
l_host_obs_all(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	const struct script_host *h = s->run->host;
	size_t			 i;

	sandbox_charge(L, h->n_obs * 4 + 1);
	lua_createtable(L, (int)(h->n_obs < 65536 ? h->n_obs : 65536), 0);
	for (i = 0; i < h->n_obs; i++) {
		lua_createtable(L, 0, 5);
		set_field_str(L, "proto", h->obs[i].proto);
		lua_pushinteger(L, h->obs[i].port);
		lua_setfield(L, -2, "port");
		set_field_str(L, "probe", h->obs[i].probe);
		set_field_str(L, "key", h->obs[i].key);
		set_field_str(L, "value", h->obs[i].value);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* host:identity() */
static int
l_host_identity(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	const struct db_identity *id = s->run->host->prior;

	if (id == NULL) {
		lua_pushnil(L);
		return 1;
	}
	lua_createtable(L, 0, 6);
	set_field_str(L, "vendor", id->vendor);
	set_field_str(L, "model", id->model);
	set_field_str(L, "device_class", id->device_class);
	set_field_str(L, "firmware", id->firmware);
	set_field_str(L, "os", id->os);
	lua_pushinteger(L, id->confidence);
	lua_setfield(L, -2, "confidence");
	return 1;
}

/* Push the answer of entry e for a request that wanted max bytes. */
static int
push_answer(lua_State *L, const struct xentry *e, size_t max)
{
	if (e->status == 0) {
		lua_pushlstring(L, (const char *)e->reply,
		    e->len < max ? e->len : max);
		return 1;
	}
	lua_pushnil(L);
	lua_pushstring(L, e->reason[0] != '\0' ? e->reason : "error");
	return 2;
}

static int
l_exchange_k(lua_State *L, int status, lua_KContext ctx)
{
	struct script_slot	*s = host_check(L, 1);
	const struct xentry	*e = s->answer;

	(void)status;
	(void)ctx;
	s->answer = NULL;
	if (e == NULL)
		return sandbox_error(L, "host:exchange: resumed without an "
		    "answer");
	return push_answer(L, e, s->want_max);
}

static int
refuse(lua_State *L, struct script_slot *s, const char *proto, int port,
    const char *why)
{
	struct script_run	*run = s->run;
	char			 msg[512];

	run->n_refused++;
	snprintf(msg, sizeof(msg), "%s: exchange %s/%d with %s refused: %s",
	    s->sc->name, proto, port, run->host->ip, why);
	log_info("%s", msg);
	if (run->env->db != NULL)
		db_error(run->env->db, run->env->scan_id, "policy", msg);
	lua_pushnil(L);
	lua_pushfstring(L, "refused by policy: %s", why);
	return 2;
}

static int
opt_int(lua_State *L, const char *name, lua_Integer min, lua_Integer max)
{
	int		 isnum = 0;
	lua_Integer	 v = lua_tointegerx(L, -1, &isnum);

	if (lua_type(L, -1) != LUA_TNUMBER || !isnum || v < min || v > max)
		return sandbox_error(L, "host:exchange: %s must be an integer "
		    "from %lld to %lld", name, (long long)min,
		    (long long)max);
	return (int)v;
}

/*
 * host:exchange{ proto, port, send, max, timeout, ["until"] | stop }
 * -> reply | nil, reason.  Yields while the engine works.  ("until" is
 * a Lua keyword, so scripts write ["until"] = ... or the alias stop.)
 */
static int
l_host_exchange(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	struct script		*sc = s->sc;
	struct script_run	*run = s->run;
	const struct script_host *h = run->host;
	struct xentry		*e;
	const char		*send = NULL, *until = NULL, *k, *why;
	char			 proto[4] = "tcp", msg[160];
	size_t			 send_len = 0, until_len = 0, max;
	unsigned		 timeout = SCRIPT_DEF_TIMEOUT_MS;
	enum safety_kind	 kind;
	enum safety_level	 need;
	int			 port = 0;

	max = SCRIPT_DEF_REPLY;
	luaL_checktype(L, 2, LUA_TTABLE);
	if (s->phase == PH_RULE)
		return sandbox_error(L, "host:exchange cannot be used in rule(); "
		    "rule() decides from what is already known, identify() "
		    "may ask");
	if (!lua_isyieldable(L))
		return sandbox_error(L, "host:exchange cannot be called here "
		    "(not from a callback of a C function such as table.sort "
		    "or string.gsub)");
	lua_settop(L, 2);
	lua_pushnil(L);
	while (lua_next(L, 2) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return sandbox_error(L, "host:exchange: option names "
			    "must be strings");
		k = lua_tostring(L, -2);
		if (strcmp(k, "proto") == 0) {
			const char *p = lua_tostring(L, -1);

			if (lua_type(L, -1) != LUA_TSTRING ||
			    (strcmp(p, "tcp") != 0 && strcmp(p, "udp") != 0))
				return sandbox_error(L, "host:exchange: proto "
				    "must be \"tcp\" or \"udp\"");
			strlcpy(proto, p, sizeof(proto));
		} else if (strcmp(k, "port") == 0)
			port = opt_int(L, "port", 1, 65535);
		else if (strcmp(k, "send") == 0) {
			if (lua_type(L, -1) != LUA_TSTRING)
				return sandbox_error(L, "host:exchange: send "
				    "must be a string");
			send = lua_tolstring(L, -1, &send_len);
			if (send_len > SCRIPT_MAX_SEND)
				return sandbox_error(L, "host:exchange: send is "
				    "longer than %d bytes", SCRIPT_MAX_SEND);
		} else if (strcmp(k, "max") == 0)
			max = (size_t)opt_int(L, "max", 1, SCRIPT_MAX_REPLY);
		else if (strcmp(k, "timeout") == 0) {
			timeout = (unsigned)opt_int(L, "timeout", 1,
			    3600000);
			if (timeout < SCRIPT_MIN_TIMEOUT_MS)
				timeout = SCRIPT_MIN_TIMEOUT_MS;
			if (timeout > SCRIPT_MAX_TIMEOUT_MS)
				timeout = SCRIPT_MAX_TIMEOUT_MS;
		} else if (strcmp(k, "until") == 0 ||
		    strcmp(k, "stop") == 0) {
			if (lua_type(L, -1) != LUA_TSTRING)
				return sandbox_error(L, "host:exchange: until "
				    "must be a string");
			until = lua_tolstring(L, -1, &until_len);
			if (until_len == 0 || until_len > SCRIPT_MAX_UNTIL)
				return sandbox_error(L, "host:exchange: until "
				    "must be 1 to %d bytes", SCRIPT_MAX_UNTIL);
		} else
			return sandbox_error(L, "host:exchange: unknown option "
			    "'%s'", k);
		lua_pop(L, 1);
	}
	if (port == 0)
		return sandbox_error(L, "host:exchange: port is required");
	if (strcmp(proto, "udp") == 0 && send_len == 0)
		return sandbox_error(L, "host:exchange: a udp exchange needs "
		    "send");
	sandbox_charge(L, send_len / 64 + 1);
	if (s->n_xchg >= SCRIPT_MAX_EXCHANGES) {
		lua_pushnil(L);
		lua_pushfstring(L, "too many exchanges (at most %d per script "
		    "and host)", SCRIPT_MAX_EXCHANGES);
		return 2;
	}
	s->n_xchg++;

	/* Policy: never-list, declared level, host level, open ports. */
	if (strcmp(proto, "udp") == 0)
		kind = SAFETY_K_UDP;
	else if (send_len > 0)
		kind = SAFETY_K_PAYLOAD;
	else
		kind = SAFETY_K_CONNECT;
	if (kind == SAFETY_K_CONNECT)
		need = LEVEL_GENTLE;
	else
		need = sc->level == LEVEL_CLINICAL ? LEVEL_CLINICAL :
		    LEVEL_STANDARD;
	if (safety_check(kind, proto, (uint16_t)port, &why) != 0)
		return refuse(L, s, proto, port, why);
	if (need > sc->level) {
		snprintf(msg, sizeof(msg), "the script declares safety "
		    "\"%s\" but this exchange needs \"%s\"",
		    safety_level_name(sc->level), safety_level_name(need));
		return refuse(L, s, proto, port, msg);
	}
	if (need > h->level) {
		snprintf(msg, sizeof(msg), "the host is held at safety "
		    "level \"%s\"; this exchange needs \"%s\"",
		    safety_level_name(h->level), safety_level_name(need));
		return refuse(L, s, proto, port, msg);
	}
	if (!script_host_open(h, proto, port)) {
		lua_pushnil(L);
		lua_pushliteral(L, "not open");
		return 2;
	}

	/* The per-host cache: identical requests are sent once. */
	for (e = run->xe; e != NULL; e = e->next) {
		if (e->port != port || strcmp(e->proto, proto) != 0 ||
		    e->has_send != (send != NULL) ||
		    e->send_len != send_len ||
		    (send_len > 0 && memcmp(e->send, send, send_len) != 0) ||
		    e->has_until != (until != NULL) ||
		    e->until_len != until_len ||
		    (until_len > 0 && memcmp(e->until, until, until_len) != 0))
			continue;
		/* Usable unless it was cut shorter than we want. */
		if (e->max >= max || (e->st == XE_DONE &&
		    (e->status != 0 || e->len < e->max)))
			break;
	}
	if (e != NULL && e->st == XE_DONE) {
		run->n_cached++;
		return push_answer(L, e, max);
	}
	if (e != NULL)
		run->n_cached++;
	else {
		e = xcalloc(1, sizeof(*e));
		e->run = run;
		strlcpy(e->proto, proto, sizeof(e->proto));
		e->port = port;
		e->has_send = send != NULL;
		e->send_len = send_len;
		e->send = xmalloc(send_len + 1);
		if (send_len > 0)
			memcpy(e->send, send, send_len);
		e->has_until = until != NULL;
		e->until_len = until_len;
		if (until_len > 0)
			memcpy(e->until, until, until_len);
		e->max = max;
		e->timeout_ms = timeout;
		strlcpy(e->script_id, sc->id, sizeof(e->script_id));
		e->req.ip = h->ip;
		e->req.proto = e->proto;
		e->req.port = port;
		e->req.send = e->has_send ? e->send : NULL;
		e->req.send_len = send_len;
		e->req.max = max;
		e->req.timeout_ms = timeout;
		e->req.until = e->has_until ? e->until : NULL;
		e->req.until_len = until_len;
		e->req.script_id = e->script_id;
		e->req.script_level = sc->level;
		e->req.level = need;
		e->req.kind = kind;
		e->next = run->xe;
		run->xe = e;
	}
	s->wait = e;
	s->want_max = max;
	return lua_yieldk(L, 0, 0, l_exchange_k);
}

/* __index of the host object. */
static int
l_host_index(lua_State *L)
{
	struct script_slot	*s = host_check(L, 1);
	const struct script_host *h = s->run->host;
	const char		*k = luaL_checkstring(L, 2);

	if (strcmp(k, "ip") == 0)
		push_str_or_nil(L, h->ip);
	else if (strcmp(k, "mac") == 0)
		push_str_or_nil(L, h->mac);
	else if (strcmp(k, "oui_vendor") == 0)
		push_str_or_nil(L, h->oui_vendor);
	else if (strcmp(k, "oui_class") == 0)
		lua_pushstring(L, h->oui_class != NULL ? h->oui_class :
		    "none");
	else if (strcmp(k, "oui_label") == 0)
		push_str_or_nil(L, h->oui_label);
	else if (strcmp(k, "level") == 0)
		lua_pushstring(L, safety_level_name(h->level));
	else if (strcmp(k, "services") == 0)
		lua_pushcfunction(L, l_host_services);
	else if (strcmp(k, "open") == 0)
		lua_pushcfunction(L, l_host_open);
	else if (strcmp(k, "obs") == 0)
		lua_pushcfunction(L, l_host_obs);
	else if (strcmp(k, "obs_all") == 0)
		lua_pushcfunction(L, l_host_obs_all);
	else if (strcmp(k, "identity") == 0)
		lua_pushcfunction(L, l_host_identity);
	else if (strcmp(k, "exchange") == 0)
		lua_pushcfunction(L, l_host_exchange);
	else
		return sandbox_error(L, "host object has no field '%s'", k);
	return 1;
}

static int
l_host_newindex(lua_State *L)
{
	host_check(L, 1);
	return sandbox_error(L, "the host object is read-only");
}

static int
l_host_tostring(lua_State *L)
{
	struct host_ud	*u = luaL_checkudata(L, 1, HOST_MT);

	if (u->slot == NULL)
		lua_pushliteral(L, "host (expired)");
	else
		lua_pushfstring(L, "host %s", u->slot->run->host->ip);
	return 1;
}

int
script_api_open(lua_State *L)
{
	static const luaL_Reg iomt_fns[] = {
		{ "log", l_iomt_log },
		{ "hex", l_iomt_hex },
		{ "u16be", l_iomt_u16be },
		{ "u32be", l_iomt_u32be },
		{ "oui_vendor", l_iomt_oui_vendor },
		{ NULL, NULL }
	};

	luaL_newlib(L, iomt_fns);
	lua_pushliteral(L, PACKAGE_VERSION);
	lua_setfield(L, -2, "version");
	sandbox_set_global(L, "iomt");

	luaL_newmetatable(L, HOST_MT);
	lua_pushcfunction(L, l_host_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, l_host_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, l_host_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	return 0;
}
