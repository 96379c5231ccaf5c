/*
 * scan.h - the scan engine: discovery, service checks, identification.
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
#ifndef IOMT_SCAN_H
#define IOMT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/probe.h"
#include "iomt/safety.h"
#include "iomt/target.h"

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
	double		 seconds;
};

/*
 * Run one scan with opts into db (open, writable).  Opens capture and raw
 * handles, drops privileges, then runs the loop until every host is done
 * or SIGINT/SIGTERM arrives (then finishes the open batch and records the
 * scan as interrupted).  Return 0 on a finished scan (interrupted or not;
 * see stats), or a negative code when the scan could not start (message
 * already logged).  Must be called from the main thread; installs its own
 * signal handlers for the duration.
 */
int	scan_run(const struct scan_opts *opts, struct db *db,
	    struct scan_stats *stats);

#endif /* IOMT_SCAN_H */
