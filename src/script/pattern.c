/*
 * src/script/pattern.c - string.find/match/gmatch/gsub with a work budget.
 *
 * Lua patterns backtrack: "(.-)x(.-)y(.-)z" against a 64 KiB reply that
 * lacks the z does on the order of n^3 steps, all inside one C call where
 * the count hook never fires.  A device could stall the scanner simply by
 * sending a reply that a vendor's pattern handles badly.  So the sandbox
 * replaces the four pattern functions with this copy of the matcher from
 * Lua 5.4.4 (lstrlib.c, Copyright (C) 1994-2022 Lua.org, PUC-Rio, MIT
 * licence; the text of the licence is in lua.h), changed only to count
 * its steps and charge them to the script's budget through sandbox_charge(),
 * which raises once the instruction or time budget is spent.  Plain find
 * (memchr/memcmp) is charged by the bytes it compares.  Semantics are
 * otherwise those of the Lua 5.4 manual, section 6.4.1.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "iomt/script.h"

#define PAT_MAXCAPTURES	32
#define PAT_MAXCCALLS	200	/* recursion depth of match() */
#define PAT_TICK	1024	/* steps charged at once */
#define PAT_ESC		'%'
#define PAT_SPECIALS	"^$*+?.([%-"
#define CAP_UNFINISHED	(-1)
#define CAP_POSITION	(-2)

#define uchar(c)	((unsigned char)(c))

struct pat_state {
	const char	*src_init;	/* start of the subject */
	const char	*src_end;	/* end ('\0') of the subject */
	const char	*p_end;		/* end ('\0') of the pattern */
	lua_State	*L;
	int		 matchdepth;
	unsigned char	 level;		/* number of captures */
	uint64_t	 steps;		/* not yet charged */
	struct {
		const char	*init;
		ptrdiff_t	 len;
	} capture[PAT_MAXCAPTURES];
};

static const char *pat_match(struct pat_state *, const char *,
	    const char *);

static void
pat_step(struct pat_state *ms, uint64_t n)
{
	ms->steps += n;
	if (ms->steps >= PAT_TICK) {
		uint64_t	 c = ms->steps;

		ms->steps = 0;
		sandbox_charge(ms->L, c);
	}
}

static void
pat_flush(struct pat_state *ms)
{
	uint64_t	 c = ms->steps;

	ms->steps = 0;
	if (c != 0)
		sandbox_charge(ms->L, c);
}

/* Translate a relative initial position (negative = from the end). */
static size_t
pat_posrelat(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	else if (pos == 0)
		return 1;
	else if (pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static int
pat_check_capture(struct pat_state *ms, int l)
{
	l -= '1';
	if (l < 0 || l >= ms->level ||
	    ms->capture[l].len == CAP_UNFINISHED)
		return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	return l;
}

static int
pat_capture_to_close(struct pat_state *ms)
{
	int	 level = ms->level;

	for (level--; level >= 0; level--)
		if (ms->capture[level].len == CAP_UNFINISHED)
			return level;
	return luaL_error(ms->L, "invalid pattern capture");
}

static const char *
pat_classend(struct pat_state *ms, const char *p)
{
	switch (*p++) {
	case PAT_ESC:
		if (p == ms->p_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		do {
			if (p == ms->p_end)
				luaL_error(ms->L,
				    "malformed pattern (missing ']')");
			if (*(p++) == PAT_ESC && p < ms->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	default:
		return p;
	}
}

static int
pat_match_class(int c, int cl)
{
	int	 res;

	switch (tolower(cl)) {
	case 'a':
		res = isalpha(c);
		break;
	case 'c':
		res = iscntrl(c);
		break;
	case 'd':
		res = isdigit(c);
		break;
	case 'g':
		res = isgraph(c);
		break;
	case 'l':
		res = islower(c);
		break;
	case 'p':
		res = ispunct(c);
		break;
	case 's':
		res = isspace(c);
		break;
	case 'u':
		res = isupper(c);
		break;
	case 'w':
		res = isalnum(c);
		break;
	case 'x':
		res = isxdigit(c);
		break;
	case 'z':
		res = (c == 0);
		break;
	default:
		return cl == c;
	}
	return islower(cl) ? res : !res;
}

static int
pat_matchbracketclass(int c, const char *p, const char *ec)
{
	int	 sig = 1;

	if (*(p + 1) == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == PAT_ESC) {
			p++;
			if (pat_match_class(c, uchar(*p)))
				return sig;
		} else if (*(p + 1) == '-' && p + 2 < ec) {
			p += 2;
			if (uchar(*(p - 2)) <= c && c <= uchar(*p))
				return sig;
		} else if (uchar(*p) == c)
			return sig;
	}
	return !sig;
}

static int
pat_singlematch(struct pat_state *ms, const char *s, const char *p,
    const char *ep)
{
	int	 c;

	if (s >= ms->src_end)
		return 0;
	c = uchar(*s);
	switch (*p) {
	case '.':
		return 1;
	case PAT_ESC:
		return pat_match_class(c, uchar(*(p + 1)));
	case '[':
		return pat_matchbracketclass(c, p, ep - 1);
	default:
		return uchar(*p) == c;
	}
}

static const char *
pat_matchbalance(struct pat_state *ms, const char *s, const char *p)
{
	int	 b, e, cont = 1;

	if (p >= ms->p_end - 1)
		luaL_error(ms->L,
		    "malformed pattern (missing arguments to '%%b')");
	if (s >= ms->src_end || *s != *p)
		return NULL;
	b = *p;
	e = *(p + 1);
	while (++s < ms->src_end) {
		pat_step(ms, 1);
		if (*s == e) {
			if (--cont == 0)
				return s + 1;
		} else if (*s == b)
			cont++;
	}
	return NULL;
}

static const char *
pat_max_expand(struct pat_state *ms, const char *s, const char *p,
    const char *ep)
{
	const char	*res;
	ptrdiff_t	 i = 0;

	while (pat_singlematch(ms, s + i, p, ep)) {
		i++;
		pat_step(ms, 1);
	}
	while (i >= 0) {
		if ((res = pat_match(ms, s + i, ep + 1)) != NULL)
			return res;
		i--;
	}
	return NULL;
}

static const char *
pat_min_expand(struct pat_state *ms, const char *s, const char *p,
    const char *ep)
{
	const char	*res;

	for (;;) {
		if ((res = pat_match(ms, s, ep + 1)) != NULL)
			return res;
		else if (pat_singlematch(ms, s, p, ep))
			s++;
		else
			return NULL;
	}
}

static const char *
pat_start_capture(struct pat_state *ms, const char *s, const char *p,
    int what)
{
	const char	*res;
	int		 level = ms->level;

	if (level >= PAT_MAXCAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->capture[level].init = s;
	ms->capture[level].len = what;
	ms->level = (unsigned char)(level + 1);
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->level--;
	return res;
}

static const char *
pat_end_capture(struct pat_state *ms, const char *s, const char *p)
{
	const char	*res;
	int		 l = pat_capture_to_close(ms);

	ms->capture[l].len = s - ms->capture[l].init;
	if ((res = pat_match(ms, s, p)) == NULL)
		ms->capture[l].len = CAP_UNFINISHED;
	return res;
}

static const char *
pat_match_capture(struct pat_state *ms, const char *s, int l)
{
	size_t	 len;

	l = pat_check_capture(ms, l);
	len = (size_t)ms->capture[l].len;
	pat_step(ms, len / 64);
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->capture[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

static const char *
pat_match(struct pat_state *ms, const char *s, const char *p)
{
	const char	*ep, *res;
	char		 previous;

	if (ms->matchdepth-- == 0)
		luaL_error(ms->L, "pattern too complex");
	pat_step(ms, 1);
 init:
	if (p == ms->p_end)
		goto out;
	switch (*p) {
	case '(':
		if (*(p + 1) == ')')
			s = pat_start_capture(ms, s, p + 2, CAP_POSITION);
		else
			s = pat_start_capture(ms, s, p + 1, CAP_UNFINISHED);
		break;
	case ')':
		s = pat_end_capture(ms, s, p + 1);
		break;
	case '$':
		if (p + 1 != ms->p_end)
			goto dflt;
		s = (s == ms->src_end) ? s : NULL;
		break;
	case PAT_ESC:
		switch (*(p + 1)) {
		case 'b':
			s = pat_matchbalance(ms, s, p + 2);
			if (s != NULL) {
				p += 4;
				goto init;
			}
			break;
		case 'f':
			p += 2;
			if (*p != '[')
				luaL_error(ms->L,
				    "missing '[' after '%%f' in pattern");
			ep = pat_classend(ms, p);
			previous = (s == ms->src_init) ? '\0' : *(s - 1);
			if (!pat_matchbracketclass(uchar(previous), p,
			    ep - 1) &&
			    pat_matchbracketclass(uchar(*s), p, ep - 1)) {
				p = ep;
				goto init;
			}
			s = NULL;
			break;
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			s = pat_match_capture(ms, s, uchar(*(p + 1)));
			if (s != NULL) {
				p += 2;
				goto init;
			}
			break;
		default:
			goto dflt;
		}
		break;
	default:
 dflt:
		pat_step(ms, 1);
		ep = pat_classend(ms, p);
		if (!pat_singlematch(ms, s, p, ep)) {
			if (*ep == '*' || *ep == '?' || *ep == '-') {
				p = ep + 1;
				goto init;
			}
			s = NULL;
			break;
		}
		switch (*ep) {
		case '?':
			if ((res = pat_match(ms, s + 1, ep + 1)) != NULL)
				s = res;
			else {
				p = ep + 1;
				goto init;
			}
			break;
		case '+':
			s = pat_max_expand(ms, s + 1, p, ep);
			break;
		case '*':
			s = pat_max_expand(ms, s, p, ep);
			break;
		case '-':
			s = pat_min_expand(ms, s, p, ep);
			break;
		default:
			s++;
			p = ep;
			goto init;
		}
		break;
	}
 out:
	ms->matchdepth++;
	return s;
}

static const char *
pat_memfind(struct pat_state *ms, const char *s1, size_t l1, const char *s2,
    size_t l2)
{
	const char	*init;

	if (l2 == 0)
		return s1;
	if (l2 > l1)
		return NULL;
	l2--;
	l1 = l1 - l2;
	while (l1 > 0 && (init = memchr(s1, *s2, l1)) != NULL) {
		pat_step(ms, (uint64_t)(init - s1) / 64 + l2 / 64 + 1);
		init++;
		if (memcmp(init, s2 + 1, l2) == 0)
			return init - 1;
		l1 -= (size_t)(init - s1);
		s1 = init;
	}
	return NULL;
}

static ptrdiff_t
pat_get_onecapture(struct pat_state *ms, int i, const char *s,
    const char *e, const char **cap)
{
	ptrdiff_t	 capl;

	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return e - s;
	}
	capl = ms->capture[i].len;
	*cap = ms->capture[i].init;
	if (capl == CAP_UNFINISHED)
		luaL_error(ms->L, "unfinished capture");
	else if (capl == CAP_POSITION)
		lua_pushinteger(ms->L,
		    (ms->capture[i].init - ms->src_init) + 1);
	return capl;
}

static void
pat_push_onecapture(struct pat_state *ms, int i, const char *s,
    const char *e)
{
	const char	*cap;
	ptrdiff_t	 l = pat_get_onecapture(ms, i, s, e, &cap);

	if (l != CAP_POSITION)
		lua_pushlstring(ms->L, cap, (size_t)l);
}

static int
pat_push_captures(struct pat_state *ms, const char *s, const char *e)
{
	int	 i, nlevels = (ms->level == 0 && s) ? 1 : ms->level;

	luaL_checkstack(ms->L, nlevels, "too many captures");
	for (i = 0; i < nlevels; i++)
		pat_push_onecapture(ms, i, s, e);
	return nlevels;
}

static int
pat_nospecials(const char *p, size_t l)
{
	size_t	 upto = 0;

	do {
		if (strpbrk(p + upto, PAT_SPECIALS))
			return 0;
		upto += strlen(p + upto) + 1;
	} while (upto <= l);
	return 1;
}

static void
pat_prepstate(struct pat_state *ms, lua_State *L, const char *s,
    size_t ls, const char *p, size_t lp)
{
	ms->L = L;
	ms->matchdepth = PAT_MAXCCALLS;
	ms->src_init = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->steps = 0;
	ms->level = 0;
}

static int
pat_find_aux(lua_State *L, int find)
{
	struct pat_state ms;
	size_t		 ls, lp, init;
	const char	*s = luaL_checklstring(L, 1, &ls);
	const char	*p = luaL_checklstring(L, 2, &lp);
	const char	*s1, *s2, *res;
	int		 anchor, n;

	init = pat_posrelat(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	pat_prepstate(&ms, L, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || pat_nospecials(p, lp))) {
		s2 = pat_memfind(&ms, s + init, ls - init, p, lp);
		pat_flush(&ms);
		if (s2 != NULL) {
			lua_pushinteger(L, (s2 - s) + 1);
			lua_pushinteger(L, (lua_Integer)((size_t)(s2 - s) +
			    lp));
			return 2;
		}
		luaL_pushfail(L);
		return 1;
	}
	s1 = s + init;
	anchor = (*p == '^');
	if (anchor) {
		p++;
		lp--;
	}
	pat_prepstate(&ms, L, s, ls, p, lp);
	do {
		ms.level = 0;
		if ((res = pat_match(&ms, s1, p)) != NULL) {
			pat_flush(&ms);
			if (find) {
				lua_pushinteger(L, (s1 - s) + 1);
				lua_pushinteger(L, res - s);
				n = pat_push_captures(&ms, NULL, 0);
				return n + 2;
			}
			return pat_push_captures(&ms, s1, res);
		}
	} while (s1++ < ms.src_end && !anchor);
	pat_flush(&ms);
	luaL_pushfail(L);
	return 1;
}

static int
pat_l_find(lua_State *L)
{
	return pat_find_aux(L, 1);
}

static int
pat_l_match(lua_State *L)
{
	return pat_find_aux(L, 0);
}

struct pat_gmatch {
	const char	*src;
	const char	*p;
	const char	*lastmatch;
	struct pat_state ms;
};

static int
pat_gmatch_aux(lua_State *L)
{
	struct pat_gmatch *gm = lua_touserdata(L, lua_upvalueindex(3));
	const char	*src, *e;

	gm->ms.L = L;
	for (src = gm->src; src <= gm->ms.src_end; src++) {
		gm->ms.level = 0;
		e = pat_match(&gm->ms, src, gm->p);
		if (e != NULL && e != gm->lastmatch) {
			pat_flush(&gm->ms);
			gm->src = gm->lastmatch = e;
			return pat_push_captures(&gm->ms, src, e);
		}
	}
	pat_flush(&gm->ms);
	return 0;
}

static int
pat_l_gmatch(lua_State *L)
{
	size_t		 ls, lp, init;
	const char	*s = luaL_checklstring(L, 1, &ls);
	const char	*p = luaL_checklstring(L, 2, &lp);
	struct pat_gmatch *gm;

	init = pat_posrelat(luaL_optinteger(L, 3, 1), ls) - 1;
	lua_settop(L, 2);
	gm = lua_newuserdatauv(L, sizeof(*gm), 0);
	if (init > ls)
		init = ls + 1;
	pat_prepstate(&gm->ms, L, s, ls, p, lp);
	gm->src = s + init;
	gm->p = p;
	gm->lastmatch = NULL;
	lua_pushcclosure(L, pat_gmatch_aux, 3);
	return 1;
}

static void
pat_add_s(struct pat_state *ms, luaL_Buffer *b, const char *s,
    const char *e)
{
	lua_State	*L = ms->L;
	size_t		 l;
	const char	*news = lua_tolstring(L, 3, &l), *p, *cap;
	ptrdiff_t	 resl;

	pat_step(ms, l / 64 + 1);
	while ((p = memchr(news, PAT_ESC, l)) != NULL) {
		luaL_addlstring(b, news, (size_t)(p - news));
		p++;
		if (*p == PAT_ESC)
			luaL_addchar(b, *p);
		else if (*p == '0')
			luaL_addlstring(b, s, (size_t)(e - s));
		else if (isdigit(uchar(*p))) {
			resl = pat_get_onecapture(ms, *p - '1', s, e, &cap);
			if (resl == CAP_POSITION)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, cap, (size_t)resl);
		} else
			luaL_error(L, "invalid use of '%c' in replacement "
			    "string", PAT_ESC);
		l -= (size_t)(p + 1 - news);
		news = p + 1;
	}
	luaL_addlstring(b, news, l);
}

static int
pat_add_value(struct pat_state *ms, luaL_Buffer *b, const char *s,
    const char *e, int tr)
{
	lua_State	*L = ms->L;
	int		 n;

	switch (tr) {
	case LUA_TFUNCTION:
		pat_flush(ms);
		lua_pushvalue(L, 3);
		n = pat_push_captures(ms, s, e);
		lua_call(L, n, 1);
		break;
	case LUA_TTABLE:
		pat_push_onecapture(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		pat_add_s(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	} else if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
		    luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int
pat_l_gsub(lua_State *L)
{
	struct pat_state ms;
	luaL_Buffer	 b;
	size_t		 srcl, lp;
	const char	*src = luaL_checklstring(L, 1, &srcl);
	const char	*p = luaL_checklstring(L, 2, &lp);
	const char	*lastmatch = NULL, *e;
	int		 tr = lua_type(L, 3), anchor = (*p == '^');
	int		 changed = 0;
	lua_Integer	 max_s, n = 0;

	max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
	    tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
	    "string/function/table");
	luaL_buffinit(L, &b);
	if (anchor) {
		p++;
		lp--;
	}
	pat_prepstate(&ms, L, src, srcl, p, lp);
	while (n < max_s) {
		ms.level = 0;
		if ((e = pat_match(&ms, src, p)) != NULL && e != lastmatch) {
			n++;
			changed = pat_add_value(&ms, &b, src, e, tr) |
			    changed;
			src = lastmatch = e;
		} else if (src < ms.src_end)
			luaL_addchar(&b, *src++);
		else
			break;
		if (anchor)
			break;
	}
	pat_flush(&ms);
	if (!changed)
		lua_pushvalue(L, 1);
	else {
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

void
sandbox_pattern_open(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "find", pat_l_find },
		{ "match", pat_l_match },
		{ "gmatch", pat_l_gmatch },
		{ "gsub", pat_l_gsub },
		{ NULL, NULL }
	};

	luaL_setfuncs(L, fns, 0);
}
