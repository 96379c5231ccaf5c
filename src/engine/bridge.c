/*
 * src/engine/bridge.c - the bridge between the scan engine and the Lua
 * identification scripts (script.h).
 *
 * After a host's probes, its facts (services and observations of this
 * scan, the identity earlier scans left) are copied for the scripts, and
 * their result is written to the inventory.  A script's exchange comes
 * back through scan_xchg(): refused at once when the never-list or the
 * host's policy forbids it, else queued for the pacing tick like any
 * probe of the engine's own.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "iomt/db.h"
#include "iomt/net.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/script.h"
#include "engine-int.h"

#define FACTS_MAX_OBS	256
#define FACTS_MAX_SVC	128

static const char *
facts_str(struct host_facts *f, const char *v)
{
	char	*c;

	if (v == NULL)
		return NULL;
	if (f->n_strs == f->cap_strs) {
		f->cap_strs = f->cap_strs ? f->cap_strs * 2 : 64;
		f->strs = xreallocarray(f->strs, f->cap_strs, sizeof(*f->strs));
	}
	c = xstrdup(v);
	f->strs[f->n_strs++] = c;
	return c;
}

struct host_facts *
facts_free(struct host_facts *f)
{
	size_t	 i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < f->n_strs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f->svc);
	free(f->obs);
	free(f);
	return NULL;
}

struct facts_walk {
	struct host_facts *f;
	int64_t		 scan_id;
};

static int
facts_svc_cb(void *arg, const struct db_service_row *row)
{
	struct facts_walk *w = arg;
	struct host_facts *f = w->f;
	struct script_fact_service *sv;

	/* This scan's view of the host's services. */
	if (row->last_scan != w->scan_id || f->n_svc >= FACTS_MAX_SVC)
		return 0;
	if (f->n_svc == f->cap_svc) {
		f->cap_svc = f->cap_svc ? f->cap_svc * 2 : 16;
		f->svc = xreallocarray(f->svc, f->cap_svc, sizeof(*f->svc));
	}
	sv = &f->svc[f->n_svc++];
	sv->proto = facts_str(f, row->proto);
	sv->port = row->port;
	sv->state = facts_str(f, row->state);
	sv->service = facts_str(f, row->service);
	sv->banner = facts_str(f, row->banner);
	return 0;
}

static int
facts_obs_cb(void *arg, const struct observation *row)
{
	struct facts_walk *w = arg;
	struct host_facts *f = w->f;
	struct observation *ob;

	if (f->n_obs >= FACTS_MAX_OBS)
		return 1;	/* newest first: the rest is older */
	if (row->key == NULL || row->value == NULL)
		return 0;
	if (f->n_obs == f->cap_obs) {
		f->cap_obs = f->cap_obs ? f->cap_obs * 2 : 32;
		f->obs = xreallocarray(f->obs, f->cap_obs, sizeof(*f->obs));
	}
	ob = &f->obs[f->n_obs++];
	ob->proto = facts_str(f, row->proto != NULL ? row->proto : "");
	ob->port = row->port;
	ob->probe = facts_str(f, row->probe != NULL ? row->probe : "");
	ob->key = facts_str(f, row->key);
	ob->value = facts_str(f, row->value);
	return 0;
}

/* Everything the inventory knows about h, copied for a script run. */
static struct host_facts *
facts_build(struct host *h)
{
	struct scan		*s = h->scan;
	struct host_facts	*f = xcalloc(1, sizeof(*f));
	struct facts_walk	 w = { f, s->scan_id };
	struct db_identity	 prior;
	const char		*label = NULL;
	enum oui_class		 cls = OUI_CLASS_NONE;

	db_foreach_service(s->db, h->host_id, facts_svc_cb, &w);
	db_foreach_observation(s->db, h->host_id, facts_obs_cb, &w);
	if (db_host_identity_get(s->db, h->host_id, &prior) == 0) {
		f->prior.vendor = facts_str(f, prior.vendor);
		f->prior.model = facts_str(f, prior.model);
		f->prior.device_class = facts_str(f, prior.device_class);
		f->prior.firmware = facts_str(f, prior.firmware);
		f->prior.os = facts_str(f, prior.os);
		f->prior.confidence = prior.confidence;
		f->prior.evidence_json = facts_str(f, prior.evidence_json);
		f->has_prior = 1;
	}
	f->sh.ip = h->ip_str;
	if (h->has_mac) {
		mac_ntoa(h->mac, f->mac, sizeof(f->mac));
		f->sh.mac = f->mac;
		if (s->oui != NULL) {
			f->sh.oui_vendor = oui_lookup(s->oui, h->mac);
			cls = oui_class(s->oui, h->mac, &label);
		}
	}
	f->sh.oui_class = oui_class_name(cls);
	f->sh.oui_label = label;
	f->sh.level = h->hp.level;
	f->sh.svc = f->svc;
	f->sh.n_svc = f->n_svc;
	f->sh.obs = f->obs;
	f->sh.n_obs = f->n_obs;
	f->sh.prior = f->has_prior ? &f->prior : NULL;
	return f;
}

static void
host_scripts_done(void *arg, const struct script_result *res)
{
	struct host		*h = arg;
	struct scan		*s = h->scan;
	struct db_identity	 id;
	size_t			 i;

	if (res->n_errors > 0)
		s->st->script_errors += res->n_errors;
	if (h->host_id != 0 && (res->vendor[0] != '\0' ||
	    res->device_class[0] != '\0')) {
		script_result_identity(res, &id);
		if (db_identity_set(s->db, s->scan_id, h->host_id, &id) == 0)
			s->st->identified++;
	}
	for (i = 0; h->host_id != 0 && i < res->n_findings; i++) {
		const struct script_finding *fi = &res->findings[i];

		db_finding(s->db, s->scan_id, h->host_id, fi->id, fi->severity,
		    fi->port, fi->title, fi->detail);
	}
	h->facts_run = facts_free(h->facts_run);
	h->phase = H_FINISH;
	scan_kick(s);
}

void
host_scripts_start(struct host *h)
{
	struct scan	*s = h->scan;

	h->scripts_started = 1;
	if (s->scripts == NULL || s->stopping || h->host_id == 0) {
		h->phase = H_FINISH;
		return;
	}
	h->facts_run = facts_build(h);
	if (script_run_host(s->scripts, &h->facts_run->sh, &s->sio,
	    host_scripts_done, h) != 0) {
		h->facts_run = facts_free(h->facts_run);
		h->phase = H_FINISH;
	}
}

void
host_cancel_xq(struct host *h, const char *why)
{
	while (h->xq != NULL) {
		struct xreq *xr = h->xq;

		h->xq = xr->next;
		xr->done(xr->token, IOMT_ELIMIT, why, NULL, 0);
		free(xr);
	}
}

/*
 * script_io.exchange: a script asks for an exchange.  Refuse at once what
 * the never-list or the host's policy forbids; queue the rest for the
 * pacing tick, exactly like the engine's own probes.
 */
int
scan_xchg(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	struct scan	*s = ctx;
	struct host	*h;
	struct xreq	*xr, **tail;
	uint32_t	 ip;
	const char	*why = NULL;

	if (s->stopping || target_aton(req->ip, &ip) != 0)
		return IOMT_EDENIED;
	h = scan_host_by_ip(s, ip);
	if (h == NULL || h->broken || !h->alive)
		return IOMT_EDENIED;
	if (strcmp(req->proto, "tcp") != 0 || req->port <= 0 ||
	    req->port > 65535)
		return IOMT_EDENIED;	/* UDP exchanges: not yet */
	if (!host_allows(h, SAFETY_K_CONNECT, "tcp", (uint16_t)req->port,
	    &why))
		return IOMT_EDENIED;
	if (req->send != NULL && req->send_len > 0 &&
	    (!host_allows(h, SAFETY_K_PAYLOAD, "tcp", (uint16_t)req->port,
	    &why) || req->level > h->hp.level))
		return IOMT_EDENIED;
	xr = xcalloc(1, sizeof(*xr));
	xr->req = *req;
	xr->done = done;
	xr->token = token;
	for (tail = &h->xq; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = xr;
	scan_kick(s);
	return 0;
}
