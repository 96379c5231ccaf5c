/*
 * match.c - which ledger row is which device on the network.
 *
 * A MAC address names the device's network card and survives a change of
 * address, so it is tried first; an IP address is tried only for hosts
 * and rows the MACs did not settle, and only when the ledger lists that
 * address once (two rows with one IP cannot both be right).  Rows left
 * over are the ledger's devices that did not answer: "missing" only when
 * a scan really probed their address, "not checked" when the scan held
 * it passive, excluded it or never covered it, so a device behind a
 * do-not-probe policy is never reported as gone.  Hosts left over are on
 * the network and in no ledger row: unmanaged.
 *
 * Sizes are a hospital's (10,000 ledger rows, 4,000 hosts): MACs and IPs
 * are looked up through sorted index arrays, not nested loops.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ledger-int.h"

struct key {
	char		 k[46];
	size_t		 row;
};

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->k, ((const struct key *)b)->k);
}

static const struct key *
key_find(const struct key *keys, size_t n, const char *k)
{
	struct key probe;

	if (n == 0)
		return NULL;
	strlcpy(probe.k, k, sizeof(probe.k));
	return bsearch(&probe, keys, n, sizeof(*keys), key_cmp);
}

/* 1 when k appears more than once in the sorted keys. */
static int
key_dup(const struct key *keys, size_t n, const struct key *at)
{
	size_t i = (size_t)(at - keys);

	return (i > 0 && strcmp(keys[i - 1].k, at->k) == 0) ||
	    (i + 1 < n && strcmp(keys[i + 1].k, at->k) == 0);
}

static void
mac_key(const uint8_t mac[6], char *dst, size_t dsize)
{
	mac_ntoa(mac, dst, dsize);
}

void
ledger_reconcile(const struct ledger *l, const struct ledger_host *hosts,
    size_t nhosts, ledger_covered_fn covered, void *arg,
    struct ledger_result *out)
{
	struct key *macs = NULL, *ips = NULL;
	size_t nmacs = 0, nips = 0;
	unsigned char *row_used = xcalloc(l->nrows + 1, 1);
	unsigned char *host_used = xcalloc(nhosts + 1, 1);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < l->nrows; i++) {
		macs = xreallocarray(macs, nmacs + l->rows[i].nmac + 1,
		    sizeof(*macs));
		for (size_t j = 0; j < l->rows[i].nmac; j++) {
			mac_key(l->rows[i].mac[j], macs[nmacs].k,
			    sizeof(macs[0].k));
			macs[nmacs++].row = i;
		}
		ips = xreallocarray(ips, nips + l->rows[i].nip + 1,
		    sizeof(*ips));
		for (size_t j = 0; j < l->rows[i].nip; j++) {
			strlcpy(ips[nips].k, l->rows[i].ip[j],
			    sizeof(ips[0].k));
			ips[nips++].row = i;
		}
	}
	if (nmacs > 1)
		qsort(macs, nmacs, sizeof(*macs), key_cmp);
	if (nips > 1)
		qsort(ips, nips, sizeof(*ips), key_cmp);
	out->matched = xreallocarray(NULL, nhosts + 1, sizeof(*out->matched));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t h = 0; h < nhosts; h++) {
			const struct key *k;
			char mk[18];

			if (host_used[h])
				continue;
			if (pass == 0) {
				if (hosts[h].mac == NULL)
					continue;
				mac_key(hosts[h].mac, mk, sizeof(mk));
				k = key_find(macs, nmacs, mk);
			} else {
				if (hosts[h].ip == NULL)
					continue;
				k = key_find(ips, nips, hosts[h].ip);
				if (k != NULL && key_dup(ips, nips, k))
					k = NULL;
			}
			if (k == NULL || row_used[k->row])
				continue;
			row_used[k->row] = 1;
			host_used[h] = 1;
			out->matched[out->nmatched].host = h;
			out->matched[out->nmatched].row = k->row;
			out->matched[out->nmatched++].by = pass == 0 ? "mac" :
			    "ip";
		}
	}
	out->unmanaged = xreallocarray(NULL, nhosts + 1, sizeof(size_t));
	for (size_t h = 0; h < nhosts; h++)
		if (!host_used[h])
			out->unmanaged[out->nunmanaged++] = h;
	out->missing = xreallocarray(NULL, l->nrows + 1, sizeof(size_t));
	out->not_checked = xreallocarray(NULL, l->nrows + 1, sizeof(size_t));
	out->not_checked_why = xreallocarray(NULL, l->nrows + 1,
	    sizeof(*out->not_checked_why));
	for (size_t i = 0; i < l->nrows; i++) {
		const char *why = NULL;

		if (row_used[i])
			continue;
		if (covered != NULL) {
			if (l->rows[i].nip == 0)
				why = covered(arg, NULL);
			for (size_t j = 0; j < l->rows[i].nip && why == NULL;
			    j++)
				why = covered(arg, l->rows[i].ip[j]);
		}
		if (why != NULL) {
			out->not_checked_why[out->nnot_checked] = why;
			out->not_checked[out->nnot_checked++] = i;
		} else
			out->missing[out->nmissing++] = i;
	}
	free(macs);
	free(ips);
	free(row_used);
	free(host_used);
}

void
ledger_result_free(struct ledger_result *out)
{
	free(out->matched);
	free(out->unmanaged);
	free(out->missing);
	free(out->not_checked);
	free(out->not_checked_why);
	memset(out, 0, sizeof(*out));
}
