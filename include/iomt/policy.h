/*
 * policy.h - how much each host may be probed, decided before probing.
 *
 * The engine asks policy_decide() for every host after discovery and
 * before its first probe beyond discovery, with everything known about it
 * at that moment: its MAC and the curated maker class, the identity and
 * observations earlier scans left in the inventory, and which subnet it is
 * in.  The answer (struct host_policy) is the highest safety level, the
 * ports that may be touched, the probe kinds forbidden, and the per-host
 * rate and connection caps.  Sources, strictest wins: the scan's own
 * options, the built-in defaults for medical and serial-bridge makers, the
 * shipped fragile-device profiles (data/profiles.conf), the site's own
 * profiles and the site policy file.  Each later observation goes through
 * policy_tighten(), which can only lower what is allowed.  Exclusions
 * always win.  See docs/SAFETY.md and docs/PROFILES.md.
 */
#ifndef IOMT_POLICY_H
#define IOMT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/oui.h"
#include "iomt/safety.h"

struct policy;

/* Probe kinds a profile may forbid (bit set). */
#define POLICY_F_UDP		0x0001	/* any UDP (SNMP included) */
#define POLICY_F_BROADCAST	0x0002	/* broadcast/multicast */
#define POLICY_F_FTP		0x0004	/* any contact with 21 */
#define POLICY_F_TELNET		0x0008	/* any contact with 23 */
#define POLICY_F_TLS		0x0010	/* TLS handshakes */
#define POLICY_F_PAYLOAD	0x0020	/* any application bytes */
#define POLICY_F_ARP_ONLY	0x0040	/* nothing beyond ARP */

#define POLICY_MAX_PORTS	64

struct host_policy {
	enum safety_level level;	/* highest level allowed */
	double		 pps;		/* per-host packets/s cap */
	int		 conns;		/* concurrent connections cap */
	unsigned	 gap_ms;	/* minimum gap between probes */
	int		 restrict_ports;	/* 1: only ports[] may be touched */
	uint16_t	 ports[POLICY_MAX_PORTS];	/* tcp ports allowed */
	size_t		 n_ports;
	uint32_t	 forbid;	/* POLICY_F_* */
	int		 excluded;	/* never send anything (not even ARP
					 * once known) */
	char		 profile[64];	/* matching profile id, or "" */
	char		 reason[256];	/* why, for people */
};

/*
 * One observation about a host (from an earlier scan, passive listening or
 * the current scan), for profile matching: key as in docs/PROBES.md
 * ("banner", "http.server", "dicom.impl_uid", "snmp.sysobjectid",
 * "dhcp.vendor_class", ...), seen on proto/port (port 0: host-wide).
 * Strings are borrowed.
 */
struct policy_obs {
	const char	*proto;		/* "tcp", "udp" or NULL */
	uint16_t	 port;
	const char	*key;
	const char	*value;
};

/* A port seen open, or in use in passively observed traffic. */
struct policy_port {
	uint8_t		 udp;		/* 1: udp, 0: tcp */
	uint16_t	 port;
};

/* What is known about a host when its policy is decided. */
struct policy_facts {
	uint32_t	 ip;		/* host order */
	const uint8_t	*mac;		/* NULL when not on-link */
	enum oui_class	 oui_class;
	const char	*oui_vendor;	/* registry name or NULL */
	const char	*prior_vendor;	/* identity from earlier scans */
	const char	*prior_class;	/* device_class from earlier scans */
	const char	*prior_profile;	/* fragile profile(s) matched earlier:
					 * one id, or ids separated by
					 * commas or blanks */
	/* Added for profile matching; NULL/0 when unknown.  Borrowed. */
	const struct policy_obs *obs;	/* earlier observations */
	size_t		 n_obs;
	const struct policy_port *open;	/* ports seen open / in use */
	size_t		 n_open;
};

/*
 * Load the policy: the shipped profiles at profiles_path (may be NULL:
 * none), the site's own profiles at local_profiles (may be NULL), and the
 * site policy file at policy_file (may be NULL).  Return 0 and a new
 * policy in *out, or IOMT_EINVAL with "file:line: reason" in err.  The
 * caller frees with policy_free().
 */
int	policy_load(const char *profiles_path, const char *local_profiles,
	    const char *policy_file, struct policy **out, char *err,
	    size_t errlen);

/* Free p.  NULL-safe; returns NULL. */
struct policy *policy_free(struct policy *p);

/*
 * Decide the policy of one host: start from the scan's ceiling (level,
 * pps, conns, gap_ms) and lower it by the maker class defaults, matching
 * profiles and the site policy.  p may be NULL (built-in defaults only).
 * Always fills *out.
 */
void	policy_decide(const struct policy *p, enum safety_level scan_level,
	    double scan_pps, int scan_conns, unsigned scan_gap_ms,
	    const struct policy_facts *f, struct host_policy *out);

/*
 * Re-check the profiles with one new observation (key "banner",
 * "http.server", "dicom.impl_uid", "snmp.sysobjectid", ...; port is the
 * port it was seen on).  Lower *hp where a profile now matches.  Return 1
 * if anything was tightened, 0 if not.  Never loosens.
 */
int	policy_tighten(const struct policy *p, const struct policy_facts *f,
	    const char *key, const char *value, uint16_t port,
	    struct host_policy *hp);

/*
 * Return 1 if hp allows a probe of kind to proto/port, else 0 with a
 * static reason in *why.  Used by the engine before every packet, after
 * safety_check().
 */
int	policy_allows(const struct host_policy *hp, enum safety_kind kind,
	    const char *proto, uint16_t port, const char **why);

/*
 * Return 1 if the site policy excludes ip (and, when known, mac) from any
 * contact, 0 otherwise.  p may be NULL.
 */
int	policy_excluded(const struct policy *p, uint32_t ip,
	    const uint8_t *mac);

/* --- added by the safety-policy work (issue 4) --- */

struct profile;
struct profile_set;

/* Where the site's files live unless an option says otherwise. */
#define POLICY_LOCAL_PROFILES	"/etc/iomtscan/profiles.local.conf"
#define POLICY_SITE_FILE	"/etc/iomtscan/policy.conf"

/*
 * Return 1 if the site policy excludes the host described by f from any
 * contact: by address or range, MAC, OUI prefix, vendor (registry name,
 * curated label, or earlier identity, case-insensitive substring), device
 * class (earlier identity, maker class, or the class of a matching
 * profile) or matching profile id.  The rule that excluded it, as the file
 * wrote it, goes to why (size whylen; may be NULL).  0 otherwise.  p may
 * be NULL (nothing is excluded).
 */
int	policy_excluded_facts(const struct policy *p,
	    const struct policy_facts *f, char *why, size_t whylen);

/*
 * Call cb(arg, profile, why) for every profile that matches f, in file
 * order; why says which signals matched.  Stop early when cb returns
 * non-zero.  Return the number of matching profiles seen.  p may be NULL
 * (no profiles: returns 0).  Used by "profiles test", "check", "listen"
 * and the engine to write host_fragile rows.
 */
int	policy_match_profiles(const struct policy *p,
	    const struct policy_facts *f,
	    int (*cb)(void *arg, const struct profile *pr, const char *why),
	    void *arg);

/*
 * Summarise the profiles that match f for the inventory's host_fragile
 * row: their ids separated by commas into ids (size idslen), the hazard
 * of the strictest one in *hazard (owned by p; NULL when none), and which
 * signals matched it into why (size whylen).  Return the number of
 * matching profiles (0: ids and why are "").  Used by "listen" and the
 * engine.
 */
int	policy_fragile_summary(const struct policy *p,
	    const struct policy_facts *f, char *ids, size_t idslen,
	    const char **hazard, char *why, size_t whylen);

/* The loaded profiles (NULL when p is NULL). */
const struct profile_set *policy_profiles(const struct policy *p);

/*
 * Subnet rules of the site policy file, in file order: their number, the
 * rule as written ("subnet 198.18.5.0/24 level passive"), and whether ip
 * falls in rule i.  For "plan", which reports per subnet.
 */
size_t	policy_subnet_count(const struct policy *p);
const char *policy_subnet_text(const struct policy *p, size_t i);
int	policy_subnet_contains(const struct policy *p, size_t i, uint32_t ip);

/*
 * Write hp as a JSON object ({"level":..,"ports":[..],"forbid":[..],
 * "pps":..,"conns":..,"gap_ms":..,"excluded":..,"profile":..,
 * "reason":..}) into buf (size len).  Return 0, or IOMT_ELIMIT when it
 * did not fit (buf then holds "{}").
 */
int	policy_to_json(const struct host_policy *hp, char *buf, size_t len);

/*
 * Return 1 if level/ports/forbid/rates of a are all at most those of b
 * (a is as strict as b or stricter), else 0.  For tests and "check".
 */
int	policy_within(const struct host_policy *a, const struct host_policy *b);

#endif /* IOMT_POLICY_H */
