/*
 * src/report/common.c - what every view and export of src/report/ works
 * out the same way, so the table, `show` and the exports cannot disagree:
 * the options a view runs with, and the names a host gave itself on the
 * network (DHCP, mDNS, LLDP, CDP), which `listen` stores.
 */
#include "config.h"

#include <string.h>

#include "report-int.h"

const struct report_opts *
report_opts_get(const struct report_opts *ro)
{
	static const struct report_opts zero;

	return ro != NULL ? ro : &zero;
}

const char *
report_name(const struct inv_host *h, const char *key)
{
	size_t	 i;

	for (i = 0; i < h->n_name; i++)
		if (strcmp(h->name[i].key, key) == 0)
			return h->name[i].value;
	return NULL;
}

const char *
report_name_label(const char *key)
{
	static const char *const map[][2] = {
		{ "dhcp.hostname", "DHCP host name" },
		{ "dhcp.vendor_class", "DHCP vendor class" },
		{ "mdns.hostname", "mDNS host name" },
		{ "mdns.instance", "mDNS instance" },
		{ "lldp.sysname", "LLDP system name" },
		{ "cdp.device_id", "CDP device id" },
		{ "cdp.platform", "CDP platform" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

int
report_fragile(struct db *db, const struct report_opts *ro,
    const struct inv_host *h, struct report_fragile *out)
{
	struct hostfacts hf;
	int		 r;

	memset(out, 0, sizeof(*out));
	ro = report_opts_get(ro);
	if (ro->pol == NULL) {
		if (h->fragile == NULL || h->fragile->profile_id == NULL ||
		    h->fragile->profile_id[0] == '\0')
			return 0;
		out->n = 1;
		strlcpy(out->ids, h->fragile->profile_id, sizeof(out->ids));
		out->hazard = h->fragile->hazard;
		strlcpy(out->why, h->fragile->matched_on != NULL ?
		    h->fragile->matched_on : "", sizeof(out->why));
		return 0;
	}
	hostfacts_init(&hf);
	if ((r = hostfacts_load(db, h->id, ro->oui, &hf)) == 0)
		out->n = policy_fragile_summary(ro->pol, hostfacts_facts(&hf),
		    out->ids, sizeof(out->ids), &out->hazard, out->why,
		    sizeof(out->why));
	hostfacts_free(&hf);
	return r == IOMT_ENOTFOUND ? 0 : r;
}
