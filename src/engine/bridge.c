/*
 * src/engine/bridge.c - the bridge between the scan engine and the Lua
 * identification scripts (script.h).
 *
 * After a host's probes, the scripts get the inventory's read model of
 * the host (db_host_load(): this scan's services, its observations, the
 * identity earlier scans left: what `show` prints), and
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

#define SCRIPT_MAX_OBS	256	/* newest observations a script sees */

struct script_input *
script_input_free(struct script_input *in)
{
	if (in == NULL)
		return NULL;
	db_inventory_free(in->inv);
	free(in->svc);
	free(in);
	return NULL;
}

/*
 * What the inventory knows about h, for a script run: the read model of
 * the host (services, observations, the identity earlier scans left) as
 * db_host_load() gives it to `show`, with this scan's services picked
 * out.  Return NULL when the host cannot be read (the scripts are then
 * skipped for it, as for a host not in the inventory).
 */
static struct script_input *
script_input_build(struct host *h)
{
	struct scan		*s = h->scan;
	struct script_input	*in;
	const struct inv_host	*ih;
	struct inventory	*inv = NULL;
	const char		*label = NULL;
	enum oui_class		 cls = OUI_CLASS_NONE;

	if (db_host_load(s->db, h->ip_str, SCRIPT_MAX_OBS, &inv) != 0 ||
	    inv->n_host != 1) {
		db_inventory_free(inv);
		return NULL;
	}
	in = xcalloc(1, sizeof(*in));
	in->inv = inv;
	ih = &inv->host[0];
	in->svc = xcalloc(ih->n_svc + 1, sizeof(*in->svc));
	for (size_t i = 0; i < ih->n_svc; i++) {
		const struct inv_service *sv = &ih->svc[i];
		struct script_fact_service *o;

		if (sv->last_scan != s->scan_id)
			continue;	/* this scan's view of its services */
		o = &in->svc[in->n_svc++];
		o->proto = sv->proto;
		o->port = sv->port;
		o->state = sv->state;
		o->service = sv->service;
		o->banner = sv->banner;
	}
	if (ih->identity != NULL) {
		in->prior.vendor = ih->identity->vendor;
		in->prior.model = ih->identity->model;
		in->prior.device_class = ih->identity->device_class;
		in->prior.firmware = ih->identity->firmware;
		in->prior.os = ih->identity->os;
		in->prior.confidence = ih->identity->confidence;
		in->prior.evidence_json = ih->identity->evidence_json;
		in->sh.prior = &in->prior;
	}
	in->sh.ip = h->ip_str;
	if (h->has_mac) {
		mac_ntoa(h->mac, in->mac, sizeof(in->mac));
		in->sh.mac = in->mac;
		if (s->oui != NULL) {
			in->sh.oui_vendor = oui_lookup(s->oui, h->mac);
			cls = oui_class(s->oui, h->mac, &label);
		}
	}
	in->sh.oui_class = oui_class_name(cls);
	in->sh.oui_label = label;
	in->sh.level = h->hp.level;
	in->sh.svc = in->svc;
	in->sh.n_svc = in->n_svc;
	in->sh.obs = ih->obs;
	in->sh.n_obs = ih->n_obs;
	return in;
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
	h->script_in = script_input_free(h->script_in);
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
	if ((h->script_in = script_input_build(h)) == NULL ||
	    script_run_host(s->scripts, &h->script_in->sh, &s->sio,
	    host_scripts_done, h) != 0) {
		h->script_in = script_input_free(h->script_in);
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
