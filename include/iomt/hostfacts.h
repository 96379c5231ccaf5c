/*
 * hostfacts.h - everything the inventory knows about one host, in the
 * shape the policy engine wants (struct policy_facts).
 *
 * The promise "a device identified as a pump last week is treated as a
 * pump from the first packet this week" needs one place that turns the
 * inventory rows of a host (its MAC, the identity and fragile profile an
 * earlier scan stored, its observations and open ports) into policy facts.
 * "profiles test", "plan", "check" and "listen" use it, and so can the
 * engine before it decides a host's policy.  It only reads the database.
 */
#ifndef IOMT_HOSTFACTS_H
#define IOMT_HOSTFACTS_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/policy.h"

struct db;
struct oui_db;

#define HOSTFACTS_OBS_MAX	512	/* observations kept per host */
#define HOSTFACTS_OPEN_MAX	256	/* open ports kept per host */

struct hostfacts {
	struct policy_facts f;		/* points into the fields below */
	int64_t		 host_id;	/* 0 when not from the inventory */
	char		 ip[16];
	uint8_t		 mac[6];
	int		 has_mac;
	char		*oui_vendor;	/* registry name, or NULL */
	char		*oui_label;	/* curated label, or NULL */
	char		*prior_vendor;
	char		*prior_model;
	char		*prior_class;
	char		*prior_profile;
	struct policy_obs *obs;		/* strings owned by the struct */
	size_t		 n_obs, cap_obs;
	struct policy_port *open;
	size_t		 n_open, cap_open;
};

/* Empty hf (no host).  Never fails. */
void	hostfacts_init(struct hostfacts *hf);

/* Free what hf owns and empty it.  NULL-safe. */
void	hostfacts_free(struct hostfacts *hf);

/*
 * Set the address (host order) and MAC (may be NULL) of hf and, when oui
 * is not NULL, the registry vendor and curated maker class of the MAC.
 */
void	hostfacts_set_addr(struct hostfacts *hf, uint32_t ip,
	    const uint8_t *mac, const struct oui_db *oui);

/*
 * Fill hf (emptied first) from the inventory row host_id: MAC and vendor,
 * the stored identity (vendor, model, class), the stored fragile profile,
 * every observation (newest scans first, at most HOSTFACTS_OBS_MAX) and
 * every service seen open.  oui (may be NULL) gives the maker class.
 * Return 0, IOMT_ENOTFOUND, or IOMT_EDB.  Blocks on the database.
 */
int	hostfacts_load(struct db *db, int64_t host_id,
	    const struct oui_db *oui, struct hostfacts *hf);

/*
 * Add one observation (strings copied; proto may be NULL) or one open
 * port.  Duplicates are ignored; beyond the caps, additions are dropped.
 */
void	hostfacts_add_obs(struct hostfacts *hf, const char *proto,
	    uint16_t port, const char *key, const char *value);
void	hostfacts_add_open(struct hostfacts *hf, int udp, uint16_t port);

/*
 * Set a prior field from text: which is "vendor", "model", "class" or
 * "profile".  Return 0 or IOMT_EINVAL for another name.
 */
int	hostfacts_set_prior(struct hostfacts *hf, const char *which,
	    const char *value);

/* The facts, with every pointer brought up to date.  Owned by hf. */
const struct policy_facts *hostfacts_facts(struct hostfacts *hf);

#endif /* IOMT_HOSTFACTS_H */
