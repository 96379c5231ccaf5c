/*
 * src/script/result.c - validate what identify() returns.
 *
 * A script's result is untrusted: it may be any Lua value, hold strings
 * of any length and bytes that would move a terminal's cursor.  This
 * file copies only what docs/LUA-API.md allows (the identity fields, a
 * confidence from 0 to 100, at most SCRIPT_MAX_EVIDENCE evidence entries
 * and SCRIPT_MAX_FINDINGS findings), cleans every string for the
 * terminal and the log (text_term()), and reports each problem once per
 * slot, at most SCRIPT_MAX_PROBLEMS_SCAN times per script and scan, so a
 * broken script cannot flood the log.  The reading runs under
 * lua_pcall(): a memory error while walking the table is caught.
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

/* Bytes of the unit (escape or character) of text_term() output at p. */
static size_t
term_unit(const char *p, size_t n)
{
	uint32_t	 cp;
	size_t		 l;

	if (p[0] == '\\' && n >= 4 && p[1] == 'x')
		return 4;
	if (p[0] == '\\' && n >= 2)
		return 2;
	l = utf8_decode((const unsigned char *)p, n, &cp);
	return l > 0 ? l : 1;
}

void
script_text(char *dst, size_t dsize, const char *s, size_t len)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 o = 0, u;

	if (dsize == 0)
		return;
	text_term(&b, s, len, 0);
	while (o < b.len) {
		u = term_unit(b.p + o, b.len - o);
		if (o + u >= dsize)
			break;
		o += u;
	}
	if (o > 0)
		memcpy(dst, b.p, o);
	dst[o] = '\0';
	buf_free(&b);
}

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
	script_text(dst, dsize, v, len);
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
		if (!ok || !script_id_valid(fd.id, strlen(fd.id)) ||
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

void
script_result_collect(struct script_slot *s, int nres)
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
