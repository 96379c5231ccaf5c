/*
 * src/db/facts.c - inventory rows to policy facts (see safety.h).
 *
 * Copies every string it keeps, because the database hands rows out only
 * for the length of a callback, and caps what it keeps per host so a host
 * with years of observations cannot make a report grow without bound.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/net.h"

void
hostfacts_init(struct hostfacts *hf)
{
	memset(hf, 0, sizeof(*hf));
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

void
hostfacts_free(struct hostfacts *hf)
{
	size_t	 i;

	if (hf == NULL)
		return;
	for (i = 0; i < hf->n_obs; i++) {
		free((char *)(uintptr_t)hf->obs[i].proto);
		free((char *)(uintptr_t)hf->obs[i].key);
		free((char *)(uintptr_t)hf->obs[i].value);
	}
	free(hf->obs);
	free(hf->open);
	free(hf->oui_vendor);
	free(hf->oui_label);
	free(hf->prior_vendor);
	free(hf->prior_model);
	free(hf->prior_class);
	free(hf->prior_profile);
	hostfacts_init(hf);
}

void
hostfacts_set_addr(struct hostfacts *hf, uint32_t ip, const uint8_t *mac,
    const struct oui_db *oui)
{
	const char	*label = NULL;

	target_ntoa(ip, hf->ip, sizeof(hf->ip));
	hf->f.ip = ip;
	hf->has_mac = mac != NULL;
	if (mac != NULL)
		memcpy(hf->mac, mac, 6);
	if (mac != NULL && oui != NULL) {
		hf->f.oui_class = oui_class(oui, mac, &label);
		set_str(&hf->oui_label, label);
		if (hf->oui_vendor == NULL)
			set_str(&hf->oui_vendor, oui_lookup(oui, mac));
	}
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
hostfacts_add_obs(struct hostfacts *hf, const char *proto, uint16_t port,
    const char *key, const char *value)
{
	size_t	 i;

	if (key == NULL || value == NULL || hf->n_obs >= HOSTFACTS_OBS_MAX)
		return;
	for (i = 0; i < hf->n_obs; i++)
		if (hf->obs[i].port == port && same(hf->obs[i].proto, proto) &&
		    strcmp(hf->obs[i].key, key) == 0 &&
		    strcmp(hf->obs[i].value, value) == 0)
			return;
	if (hf->n_obs == hf->cap_obs) {
		hf->cap_obs = hf->cap_obs ? hf->cap_obs * 2 : 16;
		hf->obs = xreallocarray(hf->obs, hf->cap_obs,
		    sizeof(*hf->obs));
	}
	hf->obs[hf->n_obs].proto = proto != NULL ? xstrdup(proto) : NULL;
	hf->obs[hf->n_obs].port = port;
	hf->obs[hf->n_obs].key = xstrdup(key);
	hf->obs[hf->n_obs].value = xstrdup(value);
	hf->n_obs++;
}

void
hostfacts_add_open(struct hostfacts *hf, int udp, uint16_t port)
{
	size_t	 i;

	if (port == 0 || hf->n_open >= HOSTFACTS_OPEN_MAX)
		return;
	for (i = 0; i < hf->n_open; i++)
		if (hf->open[i].port == port && hf->open[i].udp == (udp != 0))
			return;
	if (hf->n_open == hf->cap_open) {
		hf->cap_open = hf->cap_open ? hf->cap_open * 2 : 16;
		hf->open = xreallocarray(hf->open, hf->cap_open,
		    sizeof(*hf->open));
	}
	hf->open[hf->n_open].udp = udp != 0;
	hf->open[hf->n_open].port = port;
	hf->n_open++;
}

int
hostfacts_set_prior(struct hostfacts *hf, const char *which,
    const char *value)
{
	if (strcmp(which, "vendor") == 0)
		set_str(&hf->prior_vendor, value);
	else if (strcmp(which, "model") == 0)
		set_str(&hf->prior_model, value);
	else if (strcmp(which, "class") == 0)
		set_str(&hf->prior_class, value);
	else if (strcmp(which, "profile") == 0)
		set_str(&hf->prior_profile, value);
	else
		return IOMT_EINVAL;
	return 0;
}

const struct policy_facts *
hostfacts_facts(struct hostfacts *hf)
{
	hf->f.mac = hf->has_mac ? hf->mac : NULL;
	hf->f.oui_vendor = hf->oui_vendor != NULL ? hf->oui_vendor :
	    hf->oui_label;
	hf->f.prior_vendor = hf->prior_vendor;
	hf->f.prior_class = hf->prior_class;
	hf->f.prior_profile = hf->prior_profile;
	hf->f.obs = hf->obs;
	hf->f.n_obs = hf->n_obs;
	hf->f.open = hf->open;
	hf->f.n_open = hf->n_open;
	return &hf->f;
}

static int
svc_cb(void *arg, const struct db_service_row *row)
{
	struct hostfacts *hf = arg;

	if (row->state != NULL && strcmp(row->state, "open") == 0 &&
	    row->proto != NULL && row->port > 0 && row->port <= 65535) {
		hostfacts_add_open(hf, strcmp(row->proto, "udp") == 0,
		    (uint16_t)row->port);
		if (row->banner != NULL)
			hostfacts_add_obs(hf, row->proto, (uint16_t)row->port,
			    "banner", row->banner);
	}
	return 0;
}

static int
obs_cb(void *arg, const struct observation *row)
{
	struct hostfacts *hf = arg;

	if (row->value != NULL && row->port >= 0 && row->port <= 65535)
		hostfacts_add_obs(hf, row->proto, (uint16_t)row->port,
		    row->key, row->value);
	return hf->n_obs >= HOSTFACTS_OBS_MAX;
}

static int
frag_cb(void *arg, const struct db_fragile_row *row)
{
	struct hostfacts *hf = arg;

	set_str(&hf->prior_profile, row->profile_id);
	return 0;
}

int
hostfacts_load(struct db *db, int64_t host_id, const struct oui_db *oui,
    struct hostfacts *hf)
{
	struct db_host	 h;
	struct db_identity id;
	uint8_t		 mac[6];
	uint32_t	 ip = 0;
	int		 r, has_mac;

	hostfacts_free(hf);
	if ((r = db_host_get(db, host_id, &h)) != 0)
		return r;
	hf->host_id = host_id;
	has_mac = h.mac != NULL && mac_parse(h.mac, mac) == 0;
	set_str(&hf->oui_vendor, h.oui_vendor);
	if (h.ip != NULL && target_aton(h.ip, &ip) != 0)
		ip = 0;
	hostfacts_set_addr(hf, ip, has_mac ? mac : NULL, oui);
	if (h.ip != NULL)
		strlcpy(hf->ip, h.ip, sizeof(hf->ip));
	r = db_host_identity_get(db, host_id, &id);
	if (r == 0) {
		set_str(&hf->prior_vendor, id.vendor);
		set_str(&hf->prior_model, id.model);
		set_str(&hf->prior_class, id.device_class);
	} else if (r != IOMT_ENOTFOUND)
		goto out;
	if ((r = db_foreach_fragile(db, host_id, frag_cb, hf)) != 0 ||
	    (r = db_foreach_service(db, host_id, svc_cb, hf)) != 0)
		goto out;
	r = db_foreach_observation(db, host_id, obs_cb, hf);
	if (r > 0)
		r = 0;
 out:
	hostfacts_facts(hf);
	return r;
}
