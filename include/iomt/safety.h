/*
 * safety.h - the safety layer (src/safety/): the never-list and safety
 * levels, the OUI registry and maker classes, token buckets, the built-in
 * and site policy, fragile-device profiles and the host facts they are
 * decided from.  Depends on util and net; never sends a packet.
 */
#ifndef IOMT_SAFETY_H
#define IOMT_SAFETY_H

/* ------------------------------------------------------------------ */
/*
 * safety.h - the never-list and the per-host safety level.
 *
 * The engine asks safety_check() before every packet it builds, whoever
 * asked for it (the default port list, a user's --ports, a Lua script).
 * The answer depends only on compiled-in rules, so no option, profile or
 * script can turn them off: no packet at all to the simple TCP/UDP
 * services 7/9/13/17/19 (Philips PIC iX hang, ICSMA-18-233-01), no payload
 * to printer raw ports or serial-bridge data ports, no odd TCP flags and
 * no IP fragments (the engine has no code path that makes either; full
 * connect() only).  The safety *level* of a host (passive .. standard)
 * is the policy's job; this file only names the levels.
 */

#include "iomt/util.h"
#include <stdint.h>

/* What a probe does to a port, from least to most. */
enum safety_kind {
	SAFETY_K_ARP = 1,	/* one ARP request (L2, no port) */
	SAFETY_K_CONNECT,	/* TCP connect + graceful close, no bytes */
	SAFETY_K_PAYLOAD,	/* TCP connect, then send application bytes */
	SAFETY_K_UDP		/* one UDP datagram */
};

/*
 * Safety levels, in increasing order of what they allow.  A host's level
 * is the lowest of: the scan's level, its subnet's, its maker class's and
 * any matching fragile profile's.  docs/SAFETY.md says what each sends.
 */
enum safety_level {
	LEVEL_PASSIVE = 0,	/* nothing at all */
	LEVEL_DISCOVERY = 1,	/* ARP, or one connect per host */
	LEVEL_GENTLE = 2,	/* connects + passive banner reads, no bytes */
	LEVEL_STANDARD = 3,	/* well-formed identification requests */
	LEVEL_CLINICAL = 4	/* opt-in: messages an application processes */
};

/*
 * Return 0 if a probe of the given kind to proto ("tcp"/"udp") port may be
 * sent at all, IOMT_EDENIED otherwise, with a static reason in *why (may be
 * NULL).  Pure function; the rules are compiled in.
 */
int	safety_check(enum safety_kind kind, const char *proto, uint16_t port,
	    const char **why);

/* Return 1 if port is a printer raw port (9100-9107, 515, 9999 LPD/PJL). */
int	safety_is_printer_raw(uint16_t port);

/* Return 1 if port is a known serial-bridge data port (Moxa 4001-4016,
 * Lantronix 10001-10016, Digi 2101, Perle 10001+). */
int	safety_is_serial_data(uint16_t port);

/* Level name ("passive", ...) and the reverse; parse returns -1 if unknown. */
const char *safety_level_name(enum safety_level l);
int	safety_level_parse(const char *s);

/* ------------------------------------------------------------------ */
/*
 * safety.h - MAC address vendor lookup from the IEEE registries.
 *
 * Reads the CSV files Debian's ieee-data ships (oui.csv for MA-L, mam.csv
 * for MA-M, oui36.csv for MA-S, iab.csv for IAB) and answers with the
 * longest matching assignment: 36-bit, then 28-bit, then 24-bit, because
 * the IEEE itself holds the MA-L blocks that MA-S and IAB are carved from.
 * A second, hand-curated table (data/device-ouis.txt) marks the makers of
 * medical devices and serial-to-Ethernet bridges, which the safety policy
 * treats specially; name matching on registry text is never used for that.
 */

#include <stddef.h>
#include <stdint.h>

struct oui_db;

/* Device-maker classes from the curated table. */
enum oui_class {
	OUI_CLASS_NONE = 0,	/* not in the curated table */
	OUI_CLASS_MEDICAL,	/* maker of medical devices or their modules */
	OUI_CLASS_SERIAL,	/* serial-to-Ethernet bridge / terminal server */
	OUI_CLASS_PRINTER	/* network printer maker */
};

/*
 * Load the registries from the directory dir (files that are missing are
 * skipped with a debug message) and the curated table from classpath (may
 * be NULL).  Return 0 and a new database in *out, -errno when no registry
 * file can be read and classpath is NULL, or IOMT_EPROTO on a file that is
 * not an IEEE registry CSV.  Without registry files but with a classpath
 * the database holds only the curated table (oui_count() is 0), so the
 * safety policy still recognises medical makers.  The caller frees with
 * oui_free().
 */
int	oui_load(const char *dir, const char *classpath, struct oui_db **out);

/* Free db.  NULL-safe; returns NULL. */
struct oui_db *oui_free(struct oui_db *db);

/*
 * Return the organisation name registered for mac, or NULL when mac is
 * locally administered (randomised or virtual), multicast, or not
 * registered.  The string is owned by db.
 */
const char *oui_lookup(const struct oui_db *db, const uint8_t mac[6]);

/*
 * Return the curated class of mac (longest prefix) and, if label is not
 * NULL, the curated short vendor label ("Philips Patient Monitoring") in
 * *label (owned by db, NULL when none).
 */
enum oui_class oui_class(const struct oui_db *db, const uint8_t mac[6],
	    const char **label);

/* Name of a class: "none", "medical", "serial-bridge", "printer". */
const char *oui_class_name(enum oui_class c);

/* Number of registry entries loaded (for tests and --version -v). */
size_t	oui_count(const struct oui_db *db);

/*
 * Parse "00:09:fb:01:02:03", "00-09-FB-01-02-03" or "0009fb010203" into
 * mac.  Return 0 or IOMT_EINVAL.
 */
int	mac_parse(const char *s, uint8_t mac[6]);


/* ------------------------------------------------------------------ */
/*
 * safety.h - token buckets with an injected clock.
 *
 * Every packet and connection the scanner makes is paid for from one or
 * more of these buckets (global, per host).  The clock is an argument, not
 * a call, so the unit tests drive a simulated minute in microseconds and
 * the engine passes uv_hrtime().  After a stall (suspend, a slow disk) the
 * bucket refills only up to its burst: no catch-up burst ever follows.
 * See docs/RATELIMIT.md.
 */

#include <stdint.h>

struct ratelimit {
	double		rate;		/* tokens per second; 0 = unlimited */
	double		burst;		/* most tokens that may accumulate */
	double		tokens;		/* current balance; may go negative */
	uint64_t	ts_ns;		/* time of last refill, caller's clock */
};

/*
 * Initialise rl with rate tokens per second and a bucket of burst tokens
 * (at least 1), full at time now_ns.  A rate of 0 means unlimited.
 */
void	ratelimit_init(struct ratelimit *rl, double rate, double burst,
	    uint64_t now_ns);

/*
 * Refill for the time elapsed up to now_ns and return the whole tokens
 * available (0 when in debt).  A clock that stalls or goes backwards adds
 * nothing.
 */
int64_t	ratelimit_avail(struct ratelimit *rl, uint64_t now_ns);

/*
 * Spend n tokens at now_ns.  May drive the balance negative (a probe that
 * costs more than is available is still paid for in full), which delays
 * the next spend accordingly.  A negative n refunds tokens (a probe
 * that turned out to send less than it was charged), never beyond the
 * burst.
 */
void	ratelimit_drain(struct ratelimit *rl, double n, uint64_t now_ns);

/*
 * Return how many milliseconds from now_ns until n tokens will be
 * available (0 if they already are).  Does not modify rl.
 */
uint64_t ratelimit_wait_ms(const struct ratelimit *rl, double n,
	    uint64_t now_ns);

/* ------------------------------------------------------------------ */
/*
 * safety.h - the one cost-and-pacing model (src/safety/pace.c).
 *
 * What every probe costs in packets, how long the engine waits for an
 * answer, and how the global and per-host buckets, the per-host gap and
 * connection cap decide a send.  The engine paces with it, `plan` counts
 * its promises with it and `check` judges the audit log with it, so the
 * approved plan, the scan and the after-scan check cannot drift apart.
 * A packet cost is an honest count of the frames the host receives for
 * the probe: a connect is SYN, ACK and FIN/ACK; an application message is
 * the data and the ACK of the answer.  Every function is pure or works on
 * caller-owned buckets with the clock passed in.  docs/RATELIMIT.md.
 */

#define PACE_COST_ARP		1	/* one ARP request */
#define PACE_COST_CONNECT	3	/* SYN, ACK, FIN/ACK */
#define PACE_COST_PAYLOAD	2	/* one message and the ACK of its answer */
#define PACE_COST_UDP		1	/* one datagram */
#define PACE_COST_ACK		1	/* our ACK of a segment the host sent */
#define PACE_COST_REFUSED	1	/* a refused connect: the SYN only */
#define PACE_PAYLOAD_SENDS	2	/* messages one probe may send */
#define PACE_HOST_BURST		(PACE_COST_CONNECT + PACE_COST_PAYLOAD)
#define PACE_ARP_TRIES		2	/* an ARP request and one retry */
#define PACE_ARP_WAIT_MS	1000	/* wait for an ARP reply */
#define PACE_SNMP_WAIT_MS	2000	/* wait for an SNMP reply */
#define PACE_CLOSE_WAIT_MS	500	/* wait for the peer's FIN */
#define PACE_TICK_MIN_MS	2	/* the pacing tick's shortest wait */
#define PACE_TICK_MAX_MS	50	/* ... and its longest */

/*
 * The packets one probe of kind costs (PACE_COST_*); 0 for a kind the
 * model does not know.  Pure.
 */
unsigned pace_cost(enum safety_kind kind);

/*
 * The audit log's name of kind ("arp", "tcp-connect", "tcp-payload",
 * "udp"; static), or NULL for a kind the model does not know.  Pure.
 */
const char *pace_audit_name(enum safety_kind kind);

/*
 * The kind an audit row's kind string names, into *kind.  Return 0, or
 * IOMT_EINVAL for a string that names no probe (then *kind is untouched).
 * Pure.
 */
int	pace_audit_kind(const char *name, enum safety_kind *kind);

/* The packets an audit row of the kind string name stands for; 0 for a
 * string that names no probe.  Pure. */
unsigned pace_audit_cost(const char *name);

/* Start the scan-wide bucket: global_pps, a burst of a tenth of a second
 * but at least one connect, full at now_ns. */
void	pace_global_init(struct ratelimit *rl, double global_pps,
	    uint64_t now_ns);

/* Start a host's bucket: pps (0: no cap), a burst of PACE_HOST_BURST,
 * full at now_ns. */
void	pace_host_init(struct ratelimit *rl, double pps, uint64_t now_ns);

/*
 * May a probe of cost packets leave now_ns?  Only when the host's gap has
 * passed (next_ns) and both the global bucket and the host's bucket (NULL
 * while the host is not known to be up) hold cost whole tokens.  Return
 * 1 or 0; refills the buckets.
 */
int	pace_may_send(struct ratelimit *global, struct ratelimit *host,
	    uint64_t next_ns, unsigned cost, uint64_t now_ns);

/*
 * Pay cost packets at now_ns from the global bucket and the host's (may
 * be NULL), and return the earliest time of the host's next probe: now_ns
 * plus gap_ms.
 */
uint64_t pace_spend(struct ratelimit *global, struct ratelimit *host,
	    unsigned cost, unsigned gap_ms, uint64_t now_ns);

/*
 * Charge (or, for negative n, refund) n packets that were not a probe of
 * their own (an ACK, the kernel's ARP request, an unused part of a
 * connect) to the global bucket and the host's (may be NULL).
 */
void	pace_charge(struct ratelimit *global, struct ratelimit *host,
	    double n, uint64_t now_ns);

/* Milliseconds until the pacing tick should run again: until the global
 * bucket holds one connect, kept within PACE_TICK_MIN_MS..MAX_MS.  Pure. */
uint64_t pace_tick_ms(const struct ratelimit *global, uint64_t now_ns);

/*
 * Seconds between two connects to one host at pps packets/s with gap_ms
 * between probes: the longer of the two.  Pure.
 */
double	pace_connect_step_s(double pps, unsigned gap_ms);

/*
 * The most packets one host may be sent: the ARP tries (arp != 0), or a
 * connect to each of n_disc discovery ports, plus a connect to each of
 * n_tcp ports, PACE_PAYLOAD_SENDS messages to each of n_payload ports and
 * n_udp datagrams.  Pure.
 */
uint64_t pace_host_packets(int arp, size_t n_disc, size_t n_tcp,
	    size_t n_payload, size_t n_udp);

/*
 * The most packets a host capped at pps may see within any one second:
 * the rate, a full burst, and one in flight.  Pure.
 */
double	pace_window_limit(double pps);

/* ------------------------------------------------------------------ */
/*
 * safety.h - how much each host may be probed, decided before probing.
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

#include <stddef.h>
#include <stdint.h>


struct policy;

/* Probe kinds a profile may forbid (bit set). */
#define POLICY_F_UDP		0x0001	/* any UDP (SNMP included) */
#define POLICY_F_BROADCAST	0x0002	/* broadcast/multicast */
#define POLICY_F_FTP		0x0004	/* any contact with 21 */
#define POLICY_F_TELNET		0x0008	/* any contact with 23 */
#define POLICY_F_TLS		0x0010	/* TLS handshakes */
#define POLICY_F_PAYLOAD	0x0020	/* any application bytes */
#define POLICY_F_ARP_ONLY	0x0040	/* nothing beyond ARP */

/*
 * What a site policy line or a profile may allow beyond a maker class's
 * built-in defaults (bit set).  An allow lifts only a built-in default:
 * a "forbid" from any profile or site line, and the level, always win
 * (docs/POLICY.md, "Allowing SNMP").
 */
#define POLICY_A_SNMP		0x0001	/* SNMP (udp/161) despite no-UDP */

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
	uint32_t	 allow;		/* POLICY_A_*: lifts of the defaults */
	int		 excluded;	/* never send anything (not even ARP
					 * once known) */
	char		 profile[64];	/* matching profile id, or "" */
	char		 reason[256];	/* why, for people */
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
	const struct observation *obs;	/* earlier observations */
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
/* Exclusion rules ("exclude ...") of the site policy file.  NULL-safe. */
size_t	policy_exclude_count(const struct policy *p);
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
 * Return a new jansson string for s (NULL: ""), for the JSON the safety
 * layer and its commands write.  jansson takes only UTF-8: a byte that
 * is not part of a well-formed sequence becomes the code point of the
 * same value (U+0080-U+00FF), as the "\u00XX" escapes of the earlier
 * writer read.  The caller owns the reference; NULL only on OOM.
 */
struct json_t *policy_json_string(const char *s);

/*
 * Return 1 if level/ports/forbid/rates of a are all at most those of b
 * (a is as strict as b or stricter), else 0.  For tests and "check".
 */

/*
 * Return 1 if a allows nothing that b does not: a level no higher, no
 * higher rate or connection cap, no shorter gap, every kind b forbids
 * forbidden, and (when b restricts ports) only ports of b; an excluded a
 * is within anything.  0 otherwise.
 */
int	policy_within(const struct host_policy *a, const struct host_policy *b);

/* ------------------------------------------------------------------ */
/*
 * safety.h - fragile-device profiles: what breaks a device, how to spot
 * it, and how little it may be probed.
 *
 * A profile is a reviewed, sourced record (data/profiles.conf, format in
 * docs/PROFILES.md): the vendor and product it covers, the signals that
 * identify it (OUI prefixes of any length, ports seen in use, banner and
 * HTTP patterns, DICOM implementation UID roots, SNMP sysObjectID
 * prefixes, an earlier identity), the hazard, and the policy to apply when
 * it matches (highest safety level, allowed ports, forbidden probe kinds,
 * rate and connection caps).  The shipped set is data, not code, so a
 * clinical engineer can read and review it; a site adds or overrides
 * profiles in its own local file without editing the shipped one.
 *
 * Files are parsed strictly: any unknown keyword, malformed value or
 * missing required field stops the load with "file:line: reason", because a
 * silently skipped profile is a device probed harder than it should be.
 * Regular expressions (POSIX ERE, case-insensitive) are compiled once at
 * load and matched against at most PROFILE_MATCH_MAX bytes of a value.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>


#define PROFILE_FORMAT		1	/* the "format" this parser reads */
#define PROFILE_ID_MAX		64	/* id length, NUL included */
#define PROFILE_MAX_SIGS	64	/* signals per profile */
#define PROFILE_MAX		1024	/* profiles per set */
#define PROFILE_LINE_MAX	CONF_LINE_MAX	/* bytes per line */
#define PROFILE_RE_MAX		256	/* bytes per pattern */
#define PROFILE_MATCH_MAX	1024	/* bytes of a value a pattern sees */
#define PROFILE_FILE_MAX	(1024 * 1024)

/* Kinds of identifying signal. */
enum profile_sig_kind {
	PROFILE_SIG_OUI = 1,	/* MAC prefix, 6..12 hex digits */
	PROFILE_SIG_PORT,	/* proto/port seen open or in use */
	PROFILE_SIG_OBS,	/* observation key ~ ERE (banner, http.*) */
	PROFILE_SIG_DICOM_ROOT,	/* dicom.impl_uid under a UID root */
	PROFILE_SIG_OID_PREFIX,	/* snmp.sysobjectid under an OID */
	PROFILE_SIG_VENDOR,	/* OUI registry or earlier vendor ~ ERE */
	PROFILE_SIG_CLASS	/* earlier identity's device_class */
};

struct profile_sig;	/* compiled signal; opaque */

/*
 * One profile.  Every string is owned by the set and NUL-terminated;
 * optional ones are "" when absent.
 */
struct profile {
	char		 id[PROFILE_ID_MAX];	/* [a-z0-9][a-z0-9.-]* */
	char		*vendor;
	char		*product;
	char		*versions;
	char		*device_class;	/* taxonomy class, or "" */
	char		*hazard;	/* what breaks it, for people */
	char		*note;		/* caveats, "(verify)" items */
	char		*source;	/* advisory ids, CVEs, vendor notes */
	char		 reviewed[11];	/* YYYY-MM-DD */
	char		 origin[256];	/* "file:line" of its "profile" */
	int		 local;		/* 1: from the site's local file */
	int		 match_all;	/* 1: every signal kind must match */

	/* The policy applied when the profile matches. */
	enum safety_level level;	/* highest level allowed */
	int		 restrict_ports;	/* 1: only ports[] */
	uint16_t	 ports[POLICY_MAX_PORTS];	/* tcp ports */
	size_t		 n_ports;
	uint32_t	 forbid;	/* POLICY_F_* */
	uint32_t	 allow;		/* POLICY_A_*: "allow snmp" (a
					 * gateway that tolerates it) */
	double		 pps;		/* per-host cap; 0: no cap */
	int		 conns;		/* 0: no cap */
	unsigned	 gap_ms;	/* 0: no floor */

	struct profile_sig *sigs;	/* compiled signals */
	size_t		 n_sigs;
};

struct profile_set;

/* Return a new, empty set.  Never fails; free with profile_set_free(). */
struct profile_set *profile_set_new(void);

/* Free ps and every profile in it.  NULL-safe; returns NULL. */
struct profile_set *profile_set_free(struct profile_set *ps);

/*
 * Parse the profile file at path and add its profiles to ps.  With local
 * 0 (the shipped file) an id already in ps is an error; with local 1 (the
 * site's file) a profile replaces the one with the same id, which is how a
 * site overrides a shipped profile.  Return 0; -errno when the file cannot
 * be read; IOMT_EINVAL with "path:line: reason" in err (size errlen) when
 * it is malformed; IOMT_ELIMIT when it is too large.  On any error ps is
 * unchanged.  Blocks on file I/O.
 */
int	profile_set_load(struct profile_set *ps, const char *path, int local,
	    char *err, size_t errlen);

/*
 * As profile_set_load(), from the len bytes at buf (need not be
 * NUL-terminated), named name in messages.  Used by tests and the fuzzer.
 */
int	profile_set_load_buf(struct profile_set *ps, const char *name,
	    const char *buf, size_t len, int local, char *err, size_t errlen);

/* Number of profiles in ps (0 for NULL). */
size_t	profile_set_count(const struct profile_set *ps);

/* Profile i (0 <= i < count), in file order, overrides in place. */
const struct profile *profile_set_get(const struct profile_set *ps,
	    size_t i);

/* The profile with id, or NULL. */
const struct profile *profile_set_find(const struct profile_set *ps,
	    const char *id);

/*
 * Return 1 if pr matches what is known about a host: the facts f (MAC,
 * earlier identity and profile, earlier observations and ports) plus, when
 * extra is not NULL, one new observation.  A profile matched in an earlier
 * scan (f->prior_profile names it) always matches.  Otherwise, with
 * match_all 0 any one signal suffices; with match_all 1 every kind of
 * signal the profile lists must be met (by any of its values).  On a
 * match, a short account of the signals that matched ("oui 0009FB",
 * "banner ~ VxWorks on tcp/21") is written to why (size whylen; may be
 * NULL).  Pure; never allocates.
 */
int	profile_match(const struct profile *pr, const struct policy_facts *f,
	    const struct observation *extra, char *why, size_t whylen);

/*
 * Write the POLICY_F_* bits of forbid as the file's words ("udp ftp
 * payload"), or "-" for none, into buf.  Return buf.
 */
char	*profile_forbid_str(uint32_t forbid, char *buf, size_t len);

/*
 * Parse one forbid word ("udp", "broadcast", "ftp", "telnet", "tls",
 * "payload", "arp-only").  Return its POLICY_F_* bit, or 0 if unknown.
 */
uint32_t profile_forbid_parse(const char *word);

/*
 * Write the POLICY_A_* bits of allow as words ("snmp"), or "-" for none,
 * into buf.  Return buf.
 */
char	*profile_allow_str(uint32_t allow, char *buf, size_t len);

/* Parse one allow word ("snmp").  Return its POLICY_A_* bit, or 0. */
uint32_t profile_allow_parse(const char *word);

/*
 * Write the signals of pr as the file writes them, one per line with the
 * given indent, to buf.  Return buf.  For "profiles show".
 */
char	*profile_sigs_str(const struct profile *pr, const char *indent,
	    char *buf, size_t len);

/*
 * Return 1 if mac starts with the hex prefix hex (6 to 12 hex digits,
 * case-insensitive; separators ':', '-', '.' ignored), else 0.  Return 0
 * for a malformed prefix.
 */
int	profile_oui_match(const char *hex, const uint8_t mac[6]);

/*
 * Parse a hex MAC prefix of 6..12 digits (':' '-' '.' allowed between
 * them) into oui (the digits left-aligned) and *nibbles.  Return 0 or
 * IOMT_EINVAL.
 */
int	profile_oui_parse(const char *hex, uint8_t oui[6], unsigned *nibbles);

/*
 * conf.c - the line-based configuration files, the profile file (here)
 * and the site policy file (src/safety/policy-file.c), read, split, cut
 * and reported the same way.
 */

#define CONF_LINE_MAX		1024	/* longest line either format takes */

/* Where a parser is: for "name:line: reason" messages. */
struct conf_ctx {
	const char	*name;		/* file name as given */
	size_t		 line;		/* 1-based; 0 before the first */
	char		*err;		/* message buffer, errlen bytes */
	size_t		 errlen;
};

/*
 * Write "name:line: " and fmt into c->err (truncated to fit, always
 * NUL-terminated; nothing when errlen is 0).  Return IOMT_EINVAL, so a
 * parser can return it as its error.
 */
int	conf_err(struct conf_ctx *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Read the file at path (at most max bytes) into a new NUL-terminated
 * buffer *bufp (free() it) of *lenp bytes.  Return 0, or IOMT_ELIMIT or
 * -errno with "path: reason" in err (size errlen).  Blocks on the read.
 */
int	conf_file_read(const char *path, size_t max, char **bufp,
	    size_t *lenp, char *err, size_t errlen);

/*
 * Split the len bytes at buf into lines and call fn(arg, line) on each,
 * with c->line set to its number.  The line is NUL-terminated and
 * writable, without its "\n" or "\r\n".  A NUL, DEL or control byte other
 * than TAB, or a line over line_max (at most CONF_LINE_MAX) bytes, stops
 * with a message in c->err.  Return 0 after the last line, the first
 * nonzero result of fn, or IOMT_EINVAL.  c->line is then the number of
 * the last line read.
 */
int	conf_lines(struct conf_ctx *c, const char *buf, size_t len,
	    size_t line_max, int (*fn)(void *arg, char *line), void *arg);

/*
 * Cut a " # comment" (a '#' at the start or after a blank) and then the
 * trailing blanks off s, in place.  With quotes 1, a '#' between double
 * quotes is kept (the policy file); with quotes 0 quotes mean nothing
 * (the profile file, whose patterns may hold a quote).
 */
void	conf_cut_comment(char *s, int quotes);

/*
 * Return the next blank-separated word of *sp, NUL-terminated in place,
 * and advance *sp past it (and past the one blank after it); return NULL
 * when only blanks are left.  *sp must point into a writable string.
 */
char	*conf_word(char **sp);

/* ------------------------------------------------------------------ */
/*
 * safety.h - everything the inventory knows about one host, in the
 * shape the policy engine wants (struct policy_facts).
 *
 * The promise "a device identified as a pump last week is treated as a
 * pump from the first packet this week" needs one place that turns the
 * inventory rows of a host (its MAC, the identity and fragile profile an
 * earlier scan stored, its observations and open ports) into policy facts.
 * "profiles test", "plan", "check" and "listen" use it, and so can the
 * engine before it decides a host's policy.  It only reads the database.
 */

#include <stddef.h>
#include <stdint.h>


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
	struct observation *obs;		/* strings owned by the struct */
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

/* ------------------------------------------------------------------ */
/*
 * devclass.c - the one device-class taxonomy (docs/DEVICE-CLASSES.md).
 */

/* The NULL-terminated list of device classes, for docs and checks. */
const char *const *device_classes(void);

/* 1 if name is a device class, else 0 (NULL is not).  Pure. */
int	device_class_valid(const char *name);

#define DEVCLASS_OTHER		0
#define DEVCLASS_MEDICAL	1	/* a medical device (monitor, pump, ...) */
#define DEVCLASS_CLINICAL_IT	2	/* PACS, DICOM node, HL7 interface */

/*
 * What kind of equipment class name is: DEVCLASS_MEDICAL,
 * DEVCLASS_CLINICAL_IT or DEVCLASS_OTHER (also for NULL and unknown
 * names).  Pure.  Reports use it to set medical devices apart.
 */
int	device_class_kind(const char *name);

/* The device class implied by a curated OUI class name ("medical" ->
 * "medical-device"), or NULL for none or an unknown name.  Pure. */
const char *device_class_from_oui(const char *oui_class);

/*
 * The entry of the NULL-terminated list known closest to name (at most 3
 * edits away), for "did you mean" messages, or NULL.  Pure.
 */
const char *name_closest(const char *name, const char *const *known);

#endif /* IOMT_SAFETY_H */
