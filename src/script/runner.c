/*
 * src/script/runner.c - run the probe scripts on a host.
 *
 * See script.h for the contract and docs/LUA-API.md for the scripts'
 * view.  How a run works:
 *
 *   script_run_host() makes one slot per enabled script whose ports match
 *   the host.  run_drive() resumes every ready slot in turn: a new slot
 *   gets a coroutine (a thread of its script's state) running rule(host)
 *   and then identify(host).  host:exchange() (api.c) checks policy and
 *   the per-host cache; a cached answer returns at once, otherwise the
 *   coroutine yields and run_drive() hands the request to the engine's
 *   io->exchange().  Its completion (script_xdone()) marks every slot
 *   waiting on that request ready and drives again.  When every slot has
 *   finished and no exchange is outstanding, run_finish() resolves the
 *   identity from the results validated as each identify() returned
 *   (result.c, identity.c) and calls done().
 *
 *   run_drive() is re-entrant-safe: an io->exchange() that completes at
 *   once calls script_xdone() while run_drive() is on the stack, which
 *   then only marks slots and asks the running drive loop to go round
 *   again, so no coroutine is ever resumed from inside another resume.
 *
 *   Every Lua API call that may allocate runs inside lua_pcall() or in
 *   the coroutine itself, because an unprotected error would abort.
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

static void	run_drive(struct script_run *);
static void	script_xdone(void *, int, const char *, const uint8_t *,
		    size_t);

int
script_host_open(const struct script_host *h, const char *proto, int port)
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
 * Only one coroutine runs at a time, so the script's other slots are all
 * waiting for exchanges when this ends them.
 */
void
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
		script_result_collect(s, nres);
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
		script_text(e->reason, sizeof(e->reason), reason,
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
	struct ident_passive	 passive;
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
	/* What the host said of itself on the network, below any script
	 * that identified it actively (claims has room for one more). */
	if (ident_passive_claim(run->host->obs, run->host->n_obs, &oui,
	    &passive))
		claims[n++] = passive.claim;
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
			if (script_host_open(host, sc->ports[j].proto,
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

