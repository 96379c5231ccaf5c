/*
 * src/listen/listen-table.c - the table of hosts a listen run builds.
 *
 * Records from many frames about one host (by MAC, by IPv4 address, or
 * both) are merged into one struct listen_host, found again through two
 * open-addressing indexes so a long capture stays linear.  The table is
 * bounded: hosts beyond the cap are counted as dropped, not stored.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/listen.h"

/* ------------------------------------------------------------------ */
/* The table of hosts                                                  */

struct listen_table {
	struct listen_host *h;
	size_t		 n, cap;
	uint32_t	*by_ip;		/* open addressing: index + 1 */
	uint32_t	*by_mac;
	size_t		 slots;		/* power of two */
	uint64_t	 dropped;
};

static uint64_t
mac_key(const uint8_t *m)
{
	return (uint64_t)m[0] << 40 | (uint64_t)m[1] << 32 |
	    (uint64_t)m[2] << 24 | (uint64_t)m[3] << 16 |
	    (uint64_t)m[4] << 8 | m[5];
}

static size_t
slot_of(uint64_t k, size_t slots)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)(k & (slots - 1));
}

static void
index_put(uint32_t *tab, size_t slots, uint64_t k, uint32_t idx,
    const struct listen_table *t, int mac)
{
	size_t	 s = slot_of(k, slots);

	while (tab[s] != 0) {
		const struct listen_host *o = &t->h[tab[s] - 1];

		if (mac ? mac_key(o->mac) == k : o->ip == k) {
			tab[s] = idx + 1;	/* newest entry wins */
			return;
		}
		s = (s + 1) & (slots - 1);
	}
	tab[s] = idx + 1;
}

static struct listen_host *
index_get(const struct listen_table *t, const uint32_t *tab, uint64_t k,
    int mac)
{
	size_t	 s;

	if (t->slots == 0)
		return NULL;
	for (s = slot_of(k, t->slots); tab[s] != 0;
	    s = (s + 1) & (t->slots - 1)) {
		struct listen_host *o = &t->h[tab[s] - 1];

		if (mac ? o->has_mac && mac_key(o->mac) == k :
		    o->has_ip && o->ip == k)
			return o;
	}
	return NULL;
}

static void
table_reindex(struct listen_table *t)
{
	size_t	 i;

	free(t->by_ip);
	free(t->by_mac);
	t->slots = t->slots ? t->slots * 2 : 64;
	t->by_ip = xcalloc(t->slots, sizeof(*t->by_ip));
	t->by_mac = xcalloc(t->slots, sizeof(*t->by_mac));
	for (i = 0; i < t->n; i++) {
		if (t->h[i].dead)
			continue;
		if (t->h[i].has_ip)
			index_put(t->by_ip, t->slots, t->h[i].ip,
			    (uint32_t)i, t, 0);
		if (t->h[i].has_mac)
			index_put(t->by_mac, t->slots, mac_key(t->h[i].mac),
			    (uint32_t)i, t, 1);
	}
}

struct listen_table *
listen_table_new(void)
{
	return xcalloc(1, sizeof(struct listen_table));
}

struct listen_table *
listen_table_free(struct listen_table *t)
{
	size_t	 i, j;

	if (t == NULL)
		return NULL;
	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->h[i].n_kv; j++)
			free(t->h[i].kv[j].value);
	free(t->h);
	free(t->by_ip);
	free(t->by_mac);
	free(t);
	return NULL;
}

static struct listen_host *
table_new_host(struct listen_table *t)
{
	if (t->n >= LISTEN_MAX_HOSTS) {
		t->dropped++;
		return NULL;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->h = xreallocarray(t->h, t->cap, sizeof(*t->h));
	}
	/* Keep the index at most half full. */
	if ((t->n + 1) * 2 > t->slots)
		table_reindex(t);
	memset(&t->h[t->n], 0, sizeof(t->h[0]));
	return &t->h[t->n++];
}

static void
host_kv(struct listen_host *h, const char *proto, uint16_t port,
    const char *key, const char *value)
{
	size_t	 i;

	for (i = 0; i < h->n_kv; i++)
		if (h->kv[i].port == port &&
		    strcmp(h->kv[i].proto, proto) == 0 &&
		    strcmp(h->kv[i].key, key) == 0 &&
		    strcmp(h->kv[i].value, value) == 0)
			return;
	if (h->n_kv >= LISTEN_HOST_KV_MAX)
		return;
	strlcpy(h->kv[h->n_kv].proto, proto, sizeof(h->kv[0].proto));
	h->kv[h->n_kv].port = port;
	strlcpy(h->kv[h->n_kv].key, key, sizeof(h->kv[0].key));
	h->kv[h->n_kv].value = xstrdup(value);
	h->n_kv++;
}

static void
host_svc(struct listen_host *h, const char *proto, uint16_t port,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < h->n_svc; i++)
		if (h->svc[i].port == port &&
		    strcmp(h->svc[i].proto, proto) == 0)
			return;
	if (h->n_svc >= LISTEN_HOST_SVC_MAX)
		return;
	strlcpy(h->svc[h->n_svc].proto, proto, sizeof(h->svc[0].proto));
	h->svc[h->n_svc].port = port;
	strlcpy(h->svc[h->n_svc].name, name, sizeof(h->svc[0].name));
	h->n_svc++;
}

/* Move what src knows into dst and retire src. */
static void
host_merge(struct listen_host *dst, struct listen_host *src)
{
	size_t	 i;

	for (i = 0; i < src->n_svc; i++)
		host_svc(dst, src->svc[i].proto, src->svc[i].port,
		    src->svc[i].name);
	for (i = 0; i < src->n_kv; i++)
		host_kv(dst, src->kv[i].proto, src->kv[i].port,
		    src->kv[i].key, src->kv[i].value);
	dst->frames += src->frames;
	src->dead = 1;
	src->has_ip = 0;
	src->has_mac = 0;
}

static struct listen_host *
table_host_for(struct listen_table *t, const struct listen_rec *r)
{
	struct listen_host *e = NULL, *m = NULL;
	size_t		 idx;

	if (r->has_mac)
		m = index_get(t, t->by_mac, mac_key(r->mac), 1);
	if (r->has_ip) {
		e = index_get(t, t->by_ip, r->ip, 0);
		if (e == NULL && m != NULL && !m->has_ip) {
			e = m;
			e->has_ip = 1;
			e->ip = r->ip;
			index_put(t->by_ip, t->slots, e->ip,
			    (uint32_t)(e - t->h), t, 0);
		}
		if (e == NULL) {
			if ((e = table_new_host(t)) == NULL)
				return NULL;
			/* table_new_host may have moved the array. */
			if (r->has_mac)
				m = index_get(t, t->by_mac, mac_key(r->mac),
				    1);
			e->has_ip = 1;
			e->ip = r->ip;
			idx = (size_t)(e - t->h);
			index_put(t->by_ip, t->slots, e->ip, (uint32_t)idx,
			    t, 0);
		}
		if (r->has_mac && !e->has_mac) {
			memcpy(e->mac, r->mac, 6);
			e->has_mac = 1;
			if (m != NULL && m != e && !m->has_ip)
				host_merge(e, m);
			index_put(t->by_mac, t->slots, mac_key(e->mac),
			    (uint32_t)(e - t->h), t, 1);
		}
		return e;
	}
	if (!r->has_mac)
		return NULL;
	if (m != NULL)
		return m;
	if ((e = table_new_host(t)) == NULL)
		return NULL;
	memcpy(e->mac, r->mac, 6);
	e->has_mac = 1;
	index_put(t->by_mac, t->slots, mac_key(e->mac), (uint32_t)(e - t->h),
	    t, 1);
	return e;
}

void
listen_table_add(struct listen_table *t, const struct listen_result *res)
{
	size_t	 i, j;

	for (i = 0; i < res->n; i++) {
		const struct listen_rec *r = &res->rec[i];
		struct listen_host *h = table_host_for(t, r);

		if (h == NULL)
			continue;
		h->frames++;
		if (r->svc_port != 0)
			host_svc(h, r->svc_proto, r->svc_port, r->svc_name);
		for (j = 0; j < r->obs.n; j++)
			host_kv(h, r->obs_proto, r->obs_port, r->obs.f[j].key,
			    kv_val(&r->obs, j));
	}
}

size_t
listen_table_count(const struct listen_table *t)
{
	return t->n;
}

const struct listen_host *
listen_table_get(const struct listen_table *t, size_t i)
{
	return i < t->n ? &t->h[i] : NULL;
}

const struct listen_host *
listen_table_find(const struct listen_table *t, uint32_t ip)
{
	return index_get(t, t->by_ip, ip, 0);
}

uint64_t
listen_table_dropped(const struct listen_table *t)
{
	return t->dropped;
}

const char *
listen_host_value(const struct listen_host *h, const char *key)
{
	size_t	 i;

	for (i = 0; i < h->n_kv; i++)
		if (strcmp(h->kv[i].key, key) == 0)
			return h->kv[i].value;
	return NULL;
}
