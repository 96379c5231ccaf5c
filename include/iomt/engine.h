/*
 * engine.h - the scan engine layer (src/engine/): the libuv scan loop and
 * the dry-run plan that shares its decisions.  Depends on every layer
 * below it, never on the command line.
 */
#ifndef IOMT_ENGINE_H
#define IOMT_ENGINE_H

/* ------------------------------------------------------------------ */
/*
 * engine.h - the scan engine: discovery, service checks, identification.
 *
 * One libuv loop drives everything; nothing blocks in a callback.  The
 * engine decides what may be sent (safety_check(), the host's level),
 * when (global and per-host token buckets, one connection per host, a
 * minimum gap between probes to a host, shuffled host order), and records
 * every probe in the audit log before it leaves.  A per-host circuit
 * breaker leaves a host alone after consecutive timeouts or resets.
 * Discovery uses ARP (libdnet to send, libpcap on a uv_poll_t to read) on
 * attached subnets and a TCP connect to a few likely ports elsewhere.
 * Service checks are full TCP connects closed gracefully, never half-open
 * SYNs.  See docs/ENGINE.md and docs/RATELIMIT.md.
 */

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "iomt/probe.h"
#include "iomt/safety.h"
#include "iomt/net.h"
#include "iomt/util.h"

struct db;
struct oui_db;
struct plan;
struct policy;

/* Defaults and hard ceilings (docs/RATELIMIT.md explains each). */
#define SCAN_DEF_GLOBAL_PPS	300.0	/* runZero OT templates: 300-500 */
#define SCAN_MAX_GLOBAL_PPS	1000.0	/* runZero default */
#define SCAN_DEF_HOST_PPS	10.0	/* packets/s to one host */
#define SCAN_MAX_HOST_PPS	40.0	/* runZero per-host default */
#define SCAN_DEF_HOST_CONNS	1
#define SCAN_MAX_HOST_CONNS	4	/* angryip/ipscan#467: 4-slot cards */
#define SCAN_DEF_GAP_MS		400	/* nmap -T2 scan delay */
#define SCAN_MIN_GAP_MS		100
#define SCAN_DEF_CONNECT_MS	2000
#define SCAN_DEF_BANNER_MS	2000
#define SCAN_DEF_BREAKER	3	/* consecutive timeouts/resets */
#define SCAN_DEF_MAX_HOSTS	65536	/* a /16; --max-hosts raises to 2^20 */
#define SCAN_DEF_GROUP		256	/* hosts probed at the same time */

struct scan_opts {
	struct target_set targets;	/* owned by the caller */
	struct target_set excludes;
	const char	*targets_text;	/* for the scans table */
	uint16_t	*tcp_ports;	/* NULL: default list */
	size_t		 n_tcp_ports;
	int		 snmp;		/* send SNMP GETs to udp/161 */
	double		 global_pps;
	double		 host_pps;
	int		 host_conns;
	unsigned	 gap_ms;
	unsigned	 connect_ms;
	unsigned	 banner_ms;
	int		 breaker;
	uint64_t	 max_hosts;
	size_t		 group;
	uint64_t	 seed;		/* 0: random */
	enum safety_level level;	/* highest level for every host */
	const char	*iface;		/* NULL: choose by route */
	const char	*user;		/* drop root to this user; NULL: nobody */
	int		 no_arp;	/* connect-only discovery */
	int		 progress;	/* progress line on stderr */
	struct probe_config pcfg;
	const char	*oui_dir;	/* IEEE registry directory */
	const char	*oui_classes;	/* curated device-ouis.txt */
	const char	*probes_dir;	/* Lua probe scripts; NULL: none */
	const char	*lua_dir;	/* their library (require) */
	int		 no_scripts;	/* skip identification scripts */
	struct policy	*policy;	/* profiles + site policy (borrowed);
					 * NULL: built-in defaults only */
	const struct plan *plan;	/* --plan: never exceed it; or NULL */
	const struct window *window;	/* --window: send only inside it;
					 * NULL: any time (util.h) */
	const char	*window_text;	/* its spec, for the scans table */
	time_t		(*clock)(void);	/* wall clock the window is read
					 * with; NULL: time() (tests) */
};

/* Fill o with the documented defaults.  Never fails. */
void	scan_opts_default(struct scan_opts *o);

/*
 * Return the default TCP port list (0-terminated, static) and, through
 * reasons (may be NULL), a parallel array of one-line reasons.
 */
const uint16_t *scan_default_ports(const char *const **reasons);

/* Summary of a finished scan. */
struct scan_stats {
	int64_t		 scan_id;	/* its row in scans; 0: none recorded */
	uint64_t	 targets;	/* addresses considered */
	uint64_t	 hosts_up;
	uint64_t	 open_ports;
	uint64_t	 packets;	/* probes sent (audit rows) */
	uint64_t	 breaker_trips;
	uint64_t	 refused;	/* probes the never-list/policy refused */
	uint64_t	 identified;	/* hosts given an identity */
	uint64_t	 held;		/* hosts policy kept from probing */
	uint64_t	 script_errors;	/* script failures (scripts disabled) */
	int		 interrupted;
	int		 paused;	/* the --window closed first */
	uint64_t	 hosts_done;	/* addresses finished */
	double		 seconds;
};

/*
 * Run one scan with opts into db (open, writable).  Opens capture and raw
 * handles, drops privileges, then runs the loop until every host is done
 * or SIGINT/SIGTERM arrives (then finishes the open batch and records the
 * scan as interrupted).  With opts->window it sends nothing until the
 * window opens (it waits, saying until when) and at the window's end
 * starts no new host or probe, lets open connections finish and records
 * the scan as paused (stats->paused, stats->hosts_done).  Return 0 on a finished scan (interrupted or not;
 * see stats), or a negative code when the scan could not start (message
 * already logged).  IOMT_EDAMAGED when the database said it is damaged
 * (at the start, before any packet, or later: then the scan stops and
 * writes nothing more; db_errmsg() says what SQLite said).  Must be called from the main thread; installs its own
 * signal handlers for the duration.
 */
int	scan_run(const struct scan_opts *opts, struct db *db,
	    struct scan_stats *stats);

/* ------------------------------------------------------------------ */
/*
 * engine.h - what a scan would send, worked out without sending anything.
 *
 * A change board approves a scan of clinical networks before it runs.
 * plan_build() answers, from the targets, the scan options, the policy
 * (profiles and the site policy file) and what the inventory already
 * knows, for every subnet and every known host: the safety level, the
 * probes, the most packets that could be sent, the peak per-host rate, the
 * hosts held back and by which rule, and how long the scan will take.  It
 * opens no capture handle, no raw socket and no connection: it reads
 * files and the database only.
 *
 * A plan saved as JSON (plan_write_json()) can pin a scheduled scan:
 * plan_load() reads it back and plan_permits() answers, for each packet
 * the engine is about to send, whether the approved plan covers it, so a
 * scan can refuse to do more than was approved (docs/SAFETY.md).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>


struct db;
struct oui_db;
struct policy;
struct scan_opts;

#define PLAN_FORMAT		"iomtscan-plan/1"

/* An attached IPv4 network (ARP reaches it). */
struct plan_net {
	uint32_t	 addr;		/* our address, host order */
	uint32_t	 mask;
};

/* Everything a plan is built from; nothing here is modified. */
struct plan_input {
	const struct scan_opts *opts;	/* targets, excludes, options */
	const struct policy *pol;	/* may be NULL: built-in defaults */
	struct db	*db;		/* inventory, may be NULL */
	const struct oui_db *oui;	/* may be NULL */
	const struct plan_net *nets;	/* attached networks */
	size_t		 n_nets;
	const char	*targets_text;	/* for the report */
};

struct plan;

/*
 * Work out the plan for in.  Return 0 and a new plan in *out, or
 * IOMT_ELIMIT (too many addresses for opts->max_hosts) or IOMT_EDB with a
 * reason in err (size errlen).  Reads the database; sends nothing.  Free
 * with plan_free().
 */
int	plan_build(const struct plan_input *in, struct plan **out, char *err,
	    size_t errlen);

/* Free pl.  NULL-safe; returns NULL. */
struct plan *plan_free(struct plan *pl);

/* Write pl for people (per subnet, per known host, totals) to fp. */
void	plan_write_text(const struct plan *pl, FILE *fp);

/* Write pl as JSON (docs/SAFETY.md, "Saved plans") to fp. */
void	plan_write_json(const struct plan *pl, FILE *fp);

/*
 * Read a plan saved with plan_write_json() from path.  Return 0 and the
 * plan in *out, -errno when the file cannot be read, IOMT_EPROTO when it
 * is not a plan (the reason is logged).  Blocks on file I/O.
 */
int	plan_load(const char *path, struct plan **out);

/* As plan_load(), from len bytes at buf; the reason goes to err. */
int	plan_load_buf(const char *buf, size_t len, struct plan **out,
	    char *err, size_t errlen);

/*
 * Return 1 if the plan pl covers sending a probe of kind to ip (host
 * order) on proto ("tcp"/"udp"; ignored for ARP) port, else 0: an address
 * the plan does not cover, an excluded or passive host, a port or kind
 * beyond what was planned for it.  Pure; for the engine's --plan check.
 */
int	plan_permits(const struct plan *pl, uint32_t ip, const char *proto,
	    uint16_t port, enum safety_kind kind);

/*
 * Return 0 if the saved plan covers everything fresh (the plan of the scan
 * about to run, built with plan_build() from its own options) would send:
 * every address, no higher level, the same ARP/routed discovery, no TCP
 * port beyond the saved one.  Otherwise IOMT_EDENIED with the first
 * difference, in words, in err (size errlen).  Pure.
 */
int	plan_covers(const struct plan *saved, const struct plan *fresh,
	    char *err, size_t errlen);

/* Totals, for tests and summaries. */
struct plan_totals {
	uint64_t	 addresses;	/* targets after exclusions */
	uint64_t	 held;		/* addresses that get nothing */
	uint64_t	 max_packets;	/* the most the scan could send */
	double		 seconds;	/* expected duration */
	double		 seconds_max;	/* every probe timing out */
	size_t		 groups;
	size_t		 hosts;		/* known hosts listed */
};
void	plan_totals(const struct plan *pl, struct plan_totals *t);

#endif /* IOMT_ENGINE_H */
