/*
 * src/script/script.c - vendor probe scripts: load, match, run, validate, combine.
 *
 * See script.h for the contract and docs/LUA-API.md for the scripts'
 * view.  How a run works:
 *
 *   script_run_host() makes one slot per enabled script whose ports match
 *   the host.  run_drive() resumes every ready slot in turn: a new slot
 *   gets a coroutine (a thread of its script's state) running rule(host)
 *   and then identify(host).  host:exchange() checks policy and the
 *   per-host cache; a cached answer returns at once, otherwise the
 *   coroutine yields (lua_yieldk) and run_drive() hands the request to
 *   the engine's io->exchange().  Its completion (script_xdone()) marks
 *   every slot waiting on that request ready and drives again; the
 *   continuation pushes the reply inside the coroutine, where a memory
 *   error is caught like any other.  When every slot has finished and no
 *   exchange is outstanding, run_finish() validates nothing more (results
 *   were validated as each identify() returned), resolves the identity
 *   (src/script/identity.c) and calls done().
 *
 *   run_drive() is re-entrant-safe: an io->exchange() that completes at
 *   once calls script_xdone() while run_drive() is on the stack, which
 *   then only marks slots and asks the running drive loop to go round
 *   again, so no coroutine is ever resumed from inside another resume.
 *
 *   The host object is a full userdata (metatable "iomt.host") holding a
 *   pointer to its slot; when the slot ends the pointer is cleared, so a
 *   script that saved the object and uses it later gets "expired host
 *   object" instead of reading freed memory (Wireshark's wslua scheme).
 *
 *   Every Lua API call that may allocate runs inside lua_pcall() or in
 *   the coroutine itself, because an unprotected error would abort.
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

static void	run_drive(struct script_run *);
static void	script_xdone(void *, int, const char *, const uint8_t *,
		    size_t);

/* ---------------------------------------------------------------- */
/* Small helpers */

/*
 * Copy len bytes of s into dst as printable text: printable ASCII and
 * valid UTF-8 kept; control characters, invalid bytes, C1 controls and
 * bidirectional overrides escaped (\n, \xHH, \u202e), so nothing a
 * device sent can move a terminal's cursor or reorder what is shown.
 */
static void
text_clean(char *dst, size_t dsize, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, o = 0, n, tl;
	char			 tmp[12];

	if (dsize == 0)
		return;
	while (i < len) {
		unsigned char	 c = p[i];
		unsigned	 cp;

		n = 1;
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			tmp[0] = (char)c;
			tl = 1;
		} else if (c == '\\') {
			memcpy(tmp, "\\\\", 2);
			tl = 2;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			tmp[0] = '\\';
			tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			tl = 2;
		} else if (c >= 0x80 &&
		    (n = json_utf8_seq(p + i, len - i)) > 1) {
			cp = n == 2 ? ((c & 0x1fu) << 6 | (p[i + 1] & 0x3fu)) :
			    n == 3 ? ((c & 0x0fu) << 12 |
			    (p[i + 1] & 0x3fu) << 6 | (p[i + 2] & 0x3fu)) :
			    0x10000;
			if (cp < 0xa0 || (cp >= 0x202a && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069) ||
			    cp == 0x200e || cp == 0x200f) {
				snprintf(tmp, sizeof(tmp), "\\u%04x", cp);
				tl = strlen(tmp);
			} else {
				memcpy(tmp, p + i, n);
				tl = n;
			}
		} else {
			n = 1;
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			tl = 4;
		}
		if (o + tl >= dsize)
			break;
		memcpy(dst + o, tmp, tl);
		o += tl;
		i += n;
	}
	dst[o] = '\0';
}

/* Parse "tcp/80" or "udp/161".  Return 0 or -1. */
static int
parse_proto_port(const char *s, char proto[4], int *port)
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

static int
id_valid(const char *s, size_t len)
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

static int
host_port_open(const struct script_host *h, const char *proto, int port)
{
	size_t	 i;

	for (i = 0; i < h->n_svc; i++) {
		const struct script_fact_service *s = &h->svc[i];

		if (s->proto == NULL || s->state == NULL ||
		    s->port != port || strcmp(s->proto, proto) != 0)
			continue;
		if (strcmp(s->state, "open") == 0)
			return 1;
		if (strcmp(proto, "udp") == 0 &&
		    strcmp(s->state, "open|filtered") == 0)
			return 1;
	}
	return 0;
}

/* Source for db_error: "lua:probes/foo.lua:12" from the message. */
static void
error_source(const char *msg, const char *name, char *dst, size_t dsize)
{
	const char	*p = msg;
	size_t		 n;

	while (*p != '\0' && *p != ':')
		p++;
	if (*p == ':' && p[1] >= '0' && p[1] <= '9') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		n = (size_t)(p - msg);
		snprintf(dst, dsize, "lua:%.*s", (int)n, msg);
		return;
	}
	snprintf(dst, dsize, "lua:%s", name);
}

/* ---------------------------------------------------------------- */
/* Disabling */

static void
slot_unlink(struct script_slot *s)
{
	struct script	*sc = s->sc;

	if (!s->linked)
		return;
	if (s->aprev != NULL)
		s->aprev->anext = s->anext;
	else
		sc->active = s->anext;
	if (s->anext != NULL)
		s->anext->aprev = s->aprev;
	s->anext = s->aprev = NULL;
	s->linked = 0;
}

/*
 * Disable sc for the rest of the scan: record why, end its other runs'
 * slots (they are all waiting for exchanges: only one coroutine runs at
 * a time) and close its state.
 */
static void
script_disable(struct script *sc, const char *msg)
{
	struct script_slot	*s;
	char			 src[320];

	if (sc->disabled)
		return;
	sc->disabled = 1;
	strlcpy(sc->error, msg, sizeof(sc->error));
	log_warn("script %s disabled for this scan: %s", sc->name, msg);
	if (sc->env->db != NULL) {
		error_source(msg, sc->name, src, sizeof(src));
		db_error(sc->env->db, sc->env->scan_id, src, msg);
	}
	while (sc->active != NULL) {
		s = sc->active;
		slot_unlink(s);
		s->co = NULL;
		s->wait = NULL;
		s->st = SLOT_FAILED;
		s->run->n_errors++;
	}
	sc->cur = NULL;
	sc->sb = sandbox_free(sc->sb);
}

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
	text_clean(out, sizeof(out), msg, len > 512 ? 512 : len);
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
	} else if (parse_proto_port(luaL_checkstring(L, 2), proto,
	    &port) != 0)
		return sandbox_error(L, "host:open: expected \"tcp/PORT\" or "
		    "\"udp/PORT\", got \"%s\"", lua_tostring(L, 2));
	lua_pushboolean(L, port != 0 &&
	    host_port_open(s->run->host, proto, port));
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
	    parse_proto_port(luaL_checkstring(L, 3), proto, &port) != 0)
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
	if (!host_port_open(h, proto, port)) {
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

/* Per-state setup: the iomt table and the host metatable. */
static int
script_setup_cf(lua_State *L)
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
	if (!id_valid(v, len))
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
			    parse_proto_port(lua_tostring(L, -1), p->proto,
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
	lua_pushcfunction(L, script_setup_cf);
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
	if (sandbox_lib_load(lua_dir, &env->lib) != 0)
		env->lib = NULL;
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

/* ---------------------------------------------------------------- */
/* Result validation */

static void
problem(struct script_slot *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct script_slot *s, const char *fmt, ...)
{
	char	 msg[400];
	va_list	 ap;

	s->invalid = 1;
	if (++s->n_problems > SCRIPT_MAX_PROBLEMS)
		return;
	if (++s->sc->n_problems > SCRIPT_MAX_PROBLEMS_SCAN) {
		if (s->sc->n_problems == SCRIPT_MAX_PROBLEMS_SCAN + 1)
			log_warn("%s: further result problems are not "
			    "logged", s->sc->name);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warn("%s on %s: result: %s", s->sc->name, s->run->host->ip, msg);
}

/*
 * Copy the string at the top of L into dst (size dsize) as clean text if
 * it is a string of at most max bytes; otherwise report and return -1.
 */
static int
take_str(lua_State *L, struct script_slot *s, const char *what, char *dst,
    size_t dsize, size_t max)
{
	const char	*v;
	size_t		 len;

	if (lua_type(L, -1) != LUA_TSTRING) {
		problem(s, "%s is a %s, not a string; dropped", what,
		    luaL_typename(L, -1));
		return -1;
	}
	v = lua_tolstring(L, -1, &len);
	if (len > max) {
		problem(s, "%s is %zu bytes, more than %zu; dropped", what,
		    len, max);
		return -1;
	}
	text_clean(dst, dsize, v, len);
	return 0;
}

static void
take_evidence(lua_State *L, struct script_slot *s, struct script_claim *c)
{
	struct ident_evidence	 ev;
	const char		*k;
	size_t			 i, n = lua_rawlen(L, -1);
	char			 field[32];
	int			 ok, f;

	if (n > SCRIPT_MAX_EVIDENCE) {
		problem(s, "%zu evidence entries; only the first %d kept", n,
		    SCRIPT_MAX_EVIDENCE);
		n = SCRIPT_MAX_EVIDENCE;
	}
	for (i = 1; i <= n; i++) {
		memset(&ev, 0, sizeof(ev));
		if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TTABLE) {
			problem(s, "evidence[%zu] is not a table; dropped", i);
			lua_pop(L, 1);
			continue;
		}
		ok = 1;
		f = -1;
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			k = lua_type(L, -2) == LUA_TSTRING ?
			    lua_tostring(L, -2) : "?";
			if (strcmp(k, "field") == 0) {
				if (take_str(L, s, "evidence field", field,
				    sizeof(field), 16) == 0)
					f = ident_field_parse(field);
			} else if (strcmp(k, "value") == 0)
				ok &= take_str(L, s, "evidence value",
				    ev.value, sizeof(ev.value),
				    IDENT_STR_MAX) == 0;
			else if (strcmp(k, "source") == 0)
				ok &= take_str(L, s, "evidence source",
				    ev.source, sizeof(ev.source),
				    IDENT_SRC_MAX - 1) == 0;
			else
				problem(s, "evidence[%zu]: unknown key '%s' "
				    "dropped", i, k);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (f < 0 || !ok || ev.source[0] == '\0') {
			problem(s, "evidence[%zu] needs field (vendor, model, "
			    "device_class, firmware or os), value and source; "
			    "dropped", i);
			continue;
		}
		ev.field = (enum ident_field)f;
		c->ev[c->n_ev++] = ev;
	}
}

static int
severity_valid(const char *s)
{
	return strcmp(s, "info") == 0 || strcmp(s, "low") == 0 ||
	    strcmp(s, "medium") == 0 || strcmp(s, "high") == 0;
}

static void
take_findings(lua_State *L, struct script_slot *s, struct script_claim *c)
{
	struct script_finding	 fd;
	const char		*k;
	size_t			 i, n = lua_rawlen(L, -1);
	int			 ok, isnum;
	lua_Integer		 port;

	if (n > SCRIPT_MAX_FINDINGS) {
		problem(s, "%zu findings; only the first %d kept", n,
		    SCRIPT_MAX_FINDINGS);
		n = SCRIPT_MAX_FINDINGS;
	}
	for (i = 1; i <= n; i++) {
		memset(&fd, 0, sizeof(fd));
		if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TTABLE) {
			problem(s, "findings[%zu] is not a table; dropped", i);
			lua_pop(L, 1);
			continue;
		}
		ok = 1;
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			k = lua_type(L, -2) == LUA_TSTRING ?
			    lua_tostring(L, -2) : "?";
			if (strcmp(k, "id") == 0)
				ok &= take_str(L, s, "finding id", fd.id,
				    sizeof(fd.id), SCRIPT_ID_MAX) == 0;
			else if (strcmp(k, "severity") == 0)
				ok &= take_str(L, s, "finding severity",
				    fd.severity, sizeof(fd.severity), 15) == 0;
			else if (strcmp(k, "title") == 0)
				ok &= take_str(L, s, "finding title",
				    fd.title, sizeof(fd.title),
				    sizeof(fd.title) - 1) == 0;
			else if (strcmp(k, "detail") == 0)
				ok &= take_str(L, s, "finding detail",
				    fd.detail, sizeof(fd.detail),
				    sizeof(fd.detail) - 1) == 0;
			else if (strcmp(k, "port") == 0) {
				port = lua_tointegerx(L, -1, &isnum);
				if (lua_type(L, -1) != LUA_TNUMBER ||
				    !isnum || port < 0 || port > 65535) {
					problem(s, "findings[%zu].port must "
					    "be 0..65535", i);
					ok = 0;
				} else
					fd.port = (int)port;
			} else
				problem(s, "findings[%zu]: unknown key '%s' "
				    "dropped", i, k);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (!ok || !id_valid(fd.id, strlen(fd.id)) ||
		    !severity_valid(fd.severity) || fd.title[0] == '\0' ||
		    fd.detail[0] == '\0') {
			problem(s, "findings[%zu] needs id ([a-z0-9-]+), "
			    "severity (info, low, medium, high), title and "
			    "detail; dropped", i);
			continue;
		}
		strlcpy(fd.source, s->sc->id, sizeof(fd.source));
		c->fd[c->n_fd++] = fd;
	}
}

/* Validate identify()'s result (index 2) into slot (index 1). */
static int
collect_cf(lua_State *L)
{
	struct script_slot	*s = lua_touserdata(L, 1);
	struct script_claim	*c;
	const char		*k;
	char			 cls[IDENT_STR_MAX + 1];
	int			 f, isnum, have_conf = 0, bad = 0, any;
	lua_Integer		 conf;

	c = xcalloc(1, sizeof(*c));
	s->claim = c;	/* freed by the caller if rejected */
	c->confidence = SCRIPT_DEF_CONFIDENCE;
	lua_settop(L, 2);
	lua_pushnil(L);
	while (lua_next(L, 2) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING) {
			problem(s, "non-string key in the result; dropped");
			lua_pop(L, 1);
			continue;
		}
		k = lua_tostring(L, -2);
		f = ident_field_parse(k);
		if (f >= 0 && f != IDENT_CLASS)
			take_str(L, s, k, c->value[f], sizeof(c->value[f]),
			    IDENT_STR_MAX);
		else if (f == IDENT_CLASS) {
			if (take_str(L, s, k, cls, sizeof(cls),
			    IDENT_STR_MAX) == 0) {
				if (device_class_valid(cls))
					strlcpy(c->value[f], cls,
					    sizeof(c->value[f]));
				else
					problem(s, "device_class \"%s\" is not "
					    "in the taxonomy (docs/LUA-API.md);"
					    " dropped", cls);
			}
		} else if (strcmp(k, "confidence") == 0) {
			conf = lua_tointegerx(L, -1, &isnum);
			if (lua_type(L, -1) != LUA_TNUMBER || !isnum ||
			    conf < 0 || conf > 100) {
				problem(s, "confidence must be an integer from "
				    "0 to 100; result rejected");
				bad = 1;
			} else {
				c->confidence = (int)conf;
				have_conf = 1;
			}
		} else if (strcmp(k, "evidence") == 0) {
			if (lua_type(L, -1) == LUA_TTABLE)
				take_evidence(L, s, c);
			else
				problem(s, "evidence must be a list; dropped");
		} else if (strcmp(k, "findings") == 0) {
			if (lua_type(L, -1) == LUA_TTABLE)
				take_findings(L, s, c);
			else
				problem(s, "findings must be a list; dropped");
		} else
			problem(s, "unknown key '%s' dropped", k);
		lua_pop(L, 1);
	}
	for (f = 0, any = c->n_fd > 0; f < IDENT_NFIELDS; f++)
		any |= c->value[f][0] != '\0';
	if (bad || !any) {
		free(c);
		s->claim = NULL;
	} else if (!have_conf && c->value[IDENT_VENDOR][0] != '\0')
		log_debug("%s: result without confidence; using %d",
		    s->sc->name, SCRIPT_DEF_CONFIDENCE);
	return 0;
}

/* Take identify()'s nres results from s->co. */
static void
slot_collect(struct script_slot *s, int nres)
{
	lua_State	*L = sandbox_lua(s->sc->sb), *co = s->co;
	int		 first = lua_gettop(co) - nres + 1, t;

	t = nres > 0 ? lua_type(co, first) : LUA_TNIL;
	if (t == LUA_TNIL) {
		lua_settop(co, 0);
		return;
	}
	if (t != LUA_TTABLE) {
		problem(s, "identify() returned a %s; it must return a table "
		    "or nil", lua_typename(co, t));
		lua_settop(co, 0);
		return;
	}
	lua_settop(co, first);
	lua_pushcfunction(L, collect_cf);
	lua_pushlightuserdata(L, s);
	lua_xmove(co, L, 1);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		lua_pop(L, 1);
		problem(s, "out of memory reading the result");
		free(s->claim);
		s->claim = NULL;
	}
}

/* ---------------------------------------------------------------- */
/* Running */

struct start_arg {
	struct script_slot *s;
	lua_State	*co;
};

/* Make the slot's coroutine and host object (protected). */
static int
slot_start_cf(lua_State *L)
{
	struct start_arg	*a = lua_touserdata(L, 1);
	struct script_slot	*s = a->s;
	struct host_ud		*u;

	a->co = lua_newthread(L);
	s->co_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	u = lua_newuserdatauv(L, sizeof(*u), 0);
	u->slot = s;
	luaL_setmetatable(L, HOST_MT);
	s->ud_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* End a slot: expire its host object and drop its references. */
static void
slot_end(struct script_slot *s, enum slot_state st)
{
	struct script	*sc = s->sc;
	lua_State	*L;
	struct host_ud	*u;

	s->st = st;
	s->wait = NULL;
	if (!s->linked)
		return;
	slot_unlink(s);
	if (sc->sb != NULL) {
		L = sandbox_lua(sc->sb);
		if (s->ud_ref != LUA_NOREF) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, s->ud_ref);
			u = lua_touserdata(L, -1);
			if (u != NULL)
				u->slot = NULL;
			lua_pop(L, 1);
			luaL_unref(L, LUA_REGISTRYINDEX, s->ud_ref);
		}
		if (s->co_ref != LUA_NOREF)
			luaL_unref(L, LUA_REGISTRYINDEX, s->co_ref);
	}
	s->ud_ref = s->co_ref = LUA_NOREF;
	s->co = NULL;
}

static void
slot_fail(struct script_slot *s, const char *msg)
{
	struct script	*sc = s->sc;

	s->run->n_errors++;
	slot_end(s, SLOT_FAILED);
	script_disable(sc, msg);
}

/* Push the function for the slot's phase and the host object onto co. */
static void
slot_push_call(struct script_slot *s)
{
	lua_rawgeti(s->co, LUA_REGISTRYINDEX, s->phase == PH_RULE ?
	    s->sc->ref_rule : s->sc->ref_ident);
	lua_rawgeti(s->co, LUA_REGISTRYINDEX, s->ud_ref);
}

/* Resume a ready slot until it waits, finishes or fails. */
static void
slot_step(struct script_slot *s)
{
	struct script		*sc = s->sc;
	struct start_arg	 a;
	lua_State		*L;
	char			 err[600];
	int			 r, nres, nargs = 0, ok;

	if (sc->disabled || sc->sb == NULL) {
		slot_end(s, SLOT_FAILED);
		return;
	}
	if (s->co == NULL) {
		L = sandbox_lua(sc->sb);
		a.s = s;
		a.co = NULL;
		s->co_ref = s->ud_ref = LUA_NOREF;
		lua_pushcfunction(L, slot_start_cf);
		lua_pushlightuserdata(L, &a);
		/* Linked first so a failure below can expire the object. */
		s->anext = sc->active;
		if (sc->active != NULL)
			sc->active->aprev = s;
		sc->active = s;
		s->linked = 1;
		if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
			lua_pop(L, 1);
			snprintf(err, sizeof(err), "%s: memory limit "
			    "exceeded starting a run", sc->name);
			slot_fail(s, err);
			return;
		}
		s->co = a.co;
		s->phase = sc->has_rule ? PH_RULE : PH_IDENT;
		s->run->n_run++;
		slot_push_call(s);
		nargs = 1;
	}
	for (;;) {
		sc->cur = s;
		r = sandbox_resume(sc->sb, s->co, nargs, &nres, &s->bud, err,
		    sizeof(err));
		sc->cur = NULL;
		nargs = 0;
		if (r < 0) {
			slot_fail(s, err);
			return;
		}
		if (r == 1) {
			lua_settop(s->co, lua_gettop(s->co) - nres);
			if (s->wait == NULL) {
				snprintf(err, sizeof(err), "%s: yielded "
				    "outside host:exchange", sc->name);
				slot_fail(s, err);
				return;
			}
			s->st = SLOT_WAIT;
			return;
		}
		if (s->phase == PH_RULE) {
			ok = nres > 0 &&
			    lua_toboolean(s->co, lua_gettop(s->co) - nres + 1);
			lua_settop(s->co, 0);
			if (!ok) {
				slot_end(s, SLOT_SKIP);
				return;
			}
			s->phase = PH_IDENT;
			slot_push_call(s);
			nargs = 1;
			continue;
		}
		slot_collect(s, nres);
		slot_end(s, SLOT_DONE);
		return;
	}
}

/* Hand a new entry to the engine. */
static void
run_send(struct script_run *run, struct xentry *e)
{
	char	 reason[160];
	int	 r;

	e->st = XE_SENT;
	run->io_pending++;
	run->n_exchanges++;
	if (run->io.exchange == NULL) {
		script_xdone(e, IOMT_ENOTFOUND, "no network", NULL, 0);
		return;
	}
	r = run->io.exchange(run->io.ctx, &e->req, script_xdone, e);
	if (r != 0 && e->st == XE_SENT) {
		snprintf(reason, sizeof(reason), "refused: %s",
		    iomt_strerror(r));
		script_xdone(e, r, reason, NULL, 0);
	}
}

static void
script_xdone(void *token, int status, const char *reason,
    const uint8_t *reply, size_t len)
{
	struct xentry		*e = token;
	struct script_run	*run = e->run;
	size_t			 i;

	if (e->st != XE_SENT) {
		log_err("exchange %s/%d with %s completed twice (a bug); "
		    "ignored", e->proto, e->port, run->host->ip);
		return;
	}
	e->st = XE_DONE;
	if (status == 0) {
		e->status = 0;
		e->len = len < e->max ? len : e->max;
		e->reply = xmalloc(e->len + 1);
		if (e->len > 0)
			memcpy(e->reply, reply, e->len);
	} else {
		e->status = status < 0 ? status : IOMT_EPROTO;
		reason = reason != NULL ? reason : "error";
		text_clean(e->reason, sizeof(e->reason), reason,
		    strlen(reason));
	}
	run->io_pending--;
	for (i = 0; i < run->n; i++) {
		struct script_slot *s = &run->slots[i];

		if (s->st == SLOT_WAIT && s->wait == e) {
			s->wait = NULL;
			s->answer = e;
			s->st = SLOT_READY;
		}
	}
	run_drive(run);
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct script_finding	*x = a, *y = b;
	int				 c;

	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return strcmp(x->source, y->source);
}

static void
run_free(struct script_run *run)
{
	struct xentry	*e, *next;
	size_t		 i;

	for (e = run->xe; e != NULL; e = next) {
		next = e->next;
		free(e->send);
		free(e->reply);
		free(e);
	}
	for (i = 0; i < run->n; i++)
		free(run->slots[i].claim);
	free(run->slots);
	free(run);
}

static void
run_finish(struct script_run *run)
{
	struct script_result	 res;
	struct ident_result	 ir;
	struct ident_claim	*claims;
	struct ident_oui	 oui;
	struct script_finding	*fds = NULL;
	size_t			 i, j, n = 0, nf = 0, k;
	int			 f;

	run->finished = 1;
	claims = xcalloc(run->n + 1, sizeof(*claims));
	memset(&res, 0, sizeof(res));
	for (i = 0; i < run->n; i++) {
		struct script_slot	*s = &run->slots[i];
		struct script_claim	*c = s->claim;

		res.n_invalid += s->invalid;
		if (c == NULL)
			continue;
		res.n_results++;
		claims[n].script_id = s->sc->id;
		for (f = 0; f < IDENT_NFIELDS; f++)
			claims[n].value[f] = c->value[f];
		claims[n].confidence = c->confidence;
		claims[n].ev = c->ev;
		claims[n].n_ev = c->n_ev;
		n++;
		if (c->n_fd > 0) {
			fds = xreallocarray(fds, nf + c->n_fd, sizeof(*fds));
			for (j = 0; j < c->n_fd; j++)
				fds[nf++] = c->fd[j];
		}
	}
	oui.vendor = run->host->oui_vendor;
	oui.label = run->host->oui_label;
	oui.class_name = run->host->oui_class;
	ident_resolve(claims, n, &oui, &ir);

	/* Same (id, port) from two scripts: keep the first script id. */
	if (nf > 0)
		qsort(fds, nf, sizeof(*fds), finding_cmp);
	for (i = 0, k = 0; i < nf; i++) {
		if (k > 0 && fds[k - 1].port == fds[i].port &&
		    strcmp(fds[k - 1].id, fds[i].id) == 0)
			continue;
		fds[k++] = fds[i];
	}
	nf = k;

	strlcpy(res.vendor, ir.value[IDENT_VENDOR], sizeof(res.vendor));
	strlcpy(res.model, ir.value[IDENT_MODEL], sizeof(res.model));
	strlcpy(res.device_class, ir.value[IDENT_CLASS],
	    sizeof(res.device_class));
	strlcpy(res.firmware, ir.value[IDENT_FIRMWARE], sizeof(res.firmware));
	strlcpy(res.os, ir.value[IDENT_OS], sizeof(res.os));
	res.confidence = ir.confidence;
	res.evidence_json = ir.evidence_json;
	res.findings = fds;
	res.n_findings = nf;
	res.n_run = run->n_run;
	res.n_errors = run->n_errors;
	res.n_refused = run->n_refused;
	res.n_exchanges = run->n_exchanges;
	res.n_cached = run->n_cached;

	run->env->runs--;
	run->done(run->arg, &res);

	ident_result_free(&ir);
	free(fds);
	free(claims);
	run_free(run);
}

static int
run_complete(const struct script_run *run)
{
	size_t	 i;

	if (run->io_pending != 0)
		return 0;
	for (i = 0; i < run->n; i++)
		if (run->slots[i].st == SLOT_READY ||
		    run->slots[i].st == SLOT_WAIT)
			return 0;
	return 1;
}

static void
run_drive(struct script_run *run)
{
	struct script_slot	*s;
	size_t			 i;

	if (run->in_drive) {
		run->again = 1;
		return;
	}
	run->in_drive = 1;
	do {
		run->again = 0;
		for (i = 0; i < run->n; i++) {
			s = &run->slots[i];
			if (s->st == SLOT_READY) {
				slot_step(s);
				run->again = 1;
			}
			if (s->st != SLOT_WAIT || s->wait == NULL)
				continue;
			if (s->wait->st == XE_NEW)
				run_send(run, s->wait);
			if (s->st == SLOT_WAIT && s->wait != NULL &&
			    s->wait->st == XE_DONE) {
				s->answer = s->wait;
				s->wait = NULL;
				s->st = SLOT_READY;
				run->again = 1;
			}
		}
	} while (run->again);
	run->in_drive = 0;
	if (!run->finished && run_complete(run))
		run_finish(run);
}

int
script_run_host(struct script_env *env, const struct script_host *host,
    const struct script_io *io, script_done_fn done, void *arg)
{
	struct script_run	*run;
	size_t			 i, j;

	if (env == NULL || host == NULL || host->ip == NULL || done == NULL)
		return IOMT_EINVAL;
	run = xcalloc(1, sizeof(*run));
	run->env = env;
	run->host = host;
	if (io != NULL)
		run->io = *io;
	run->done = done;
	run->arg = arg;
	run->n = env->n;
	run->slots = xcalloc(env->n + 1, sizeof(*run->slots));
	for (i = 0; i < env->n; i++) {
		struct script		*sc = env->v[i];
		struct script_slot	*s = &run->slots[i];

		s->run = run;
		s->sc = sc;
		s->co_ref = s->ud_ref = LUA_NOREF;
		s->st = SLOT_SKIP;
		if (sc->disabled)
			continue;
		for (j = 0; j < sc->n_ports; j++)
			if (host_port_open(host, sc->ports[j].proto,
			    sc->ports[j].port))
				break;
		if (sc->n_ports > 0 && j == sc->n_ports)
			continue;
		s->st = SLOT_READY;
	}
	env->runs++;
	run_drive(run);
	return 0;
}

void
script_result_identity(const struct script_result *res,
    struct db_identity *out)
{
	out->vendor = res->vendor[0] != '\0' ? res->vendor : NULL;
	out->model = res->model[0] != '\0' ? res->model : NULL;
	out->device_class = res->device_class[0] != '\0' ?
	    res->device_class : NULL;
	out->firmware = res->firmware[0] != '\0' ? res->firmware : NULL;
	out->os = res->os[0] != '\0' ? res->os : NULL;
	out->confidence = res->confidence;
	out->evidence_json = res->evidence_json;
}
