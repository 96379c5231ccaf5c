/*
 * db.h - the inventory layer (src/db/): the SQLite store and its read
 * model; advisories and makers' documents (MDS2, SBOM) have their own
 * header in the same layer, db-docs.h.  Depends on util, net and safety.  What people read of it is
 * printed by the report layer (report.h) from the read model below.
 */
#ifndef IOMT_DB_H
#define IOMT_DB_H

/* ------------------------------------------------------------------ */
/*
 * db.h - the SQLite inventory.
 *
 * One database file holds every scan, host, service, observation, identity,
 * finding and a log of every probe sent (the audit), so a clinical engineer
 * can line up any device alarm with what the scanner did at that moment.
 * src/db/ is the only folder that includes <sqlite3.h>.  The connection is
 * owned by the loop thread; statements are prepared once at open; every
 * string that came from a device is bound, never formatted into SQL.  The
 * engine writes inside db_begin()/db_commit() batches it commits every
 * 250 ms, so an interrupted scan (SIGINT, SIGTERM, kill -9) loses at most
 * the last batch and never leaves half a row.  Schema and migrations:
 * docs/SCHEMA.md.
 *
 * All functions return 0 on success or a negative code (IOMT_EDB with a
 * message from db_errmsg(), -errno, IOMT_EINVAL) unless stated otherwise;
 * any of them returns IOMT_EDAMAGED instead of IOMT_EDB when SQLite
 * reports the file corrupt or not a database (db_damaged()).
 * A scan_id of 0 means "not during a scan" (e.g. `iomtscan script test`):
 * the row is stored without a scan and no host-to-scan link is made.
 */

#include "iomt/util.h"
#include <stddef.h>
#include <stdint.h>

struct db;

#define DB_RDONLY	0x01	/* open read-only (hosts, show, export) */

/* Current schema version (PRAGMA user_version after migration). */
#define DB_SCHEMA_VERSION 8

/*
 * Open (creating if needed, unless DB_RDONLY) the database at path,
 * switch it to WAL, enable foreign keys, migrate the schema to
 * DB_SCHEMA_VERSION, prepare all statements, and mark scans that were
 * left "running" by a killed process as "aborted".  Refuses a database
 * whose user_version is newer than this program knows (IOMT_EDB).  Runs
 * SQLite's quick check (bounded in time, see store.c) before anything is
 * written: a damaged file, or one that is not SQLite, gives IOMT_EDAMAGED
 * with what SQLite said in errbuf and is left untouched.  On failure *out
 * is NULL and a message is in errbuf (size errlen).
 */
int	db_open(const char *path, int flags, struct db **out, char *errbuf,
	    size_t errlen);

/*
 * Commit anything pending, finalize every statement and close.  NULL-safe;
 * returns NULL.
 */
struct db *db_close(struct db *db);

/* The last SQLite error message for db (static text if db is NULL). */
const char *db_errmsg(const struct db *db);

/*
 * 1 once SQLite has said the file is damaged (SQLITE_CORRUPT,
 * SQLITE_NOTADB, or a failed quick check) on this connection, else 0
 * (also for NULL).  Every function that met it returned IOMT_EDAMAGED.
 */
int	db_damaged(const struct db *db);

/* Start / commit a write batch.  Nested begins are counted. */
int	db_begin(struct db *db);
int	db_commit(struct db *db);

/*
 * Record the start of a scan: targets (the command line's targets, joined
 * with spaces), options (a JSON object of the effective settings) and the
 * scanner version.  *scan_id receives the new id.  Commits at once.
 */
int	db_scan_begin(struct db *db, const char *targets, const char *options,
	    int64_t *scan_id);

/*
 * Record the end of a scan with status "complete", "interrupted",
 * "paused" (its --window closed) or "failed" and a JSON object of
 * counters.  Commits at once.
 */
int	db_scan_end(struct db *db, int64_t scan_id, const char *status,
	    const char *stats_json);

/*
 * Record the address ranges scan scan_id covers: incl (the targets) and
 * excl (the exclusions, may be NULL), both finished target sets
 * (target_set_finish()), so that a later diff can tell an address the
 * scan probed and found silent from one it never covered.  Borrows both
 * for the call; writes one row per range in one batch.  Return 0,
 * IOMT_EINVAL or IOMT_EDB.
 */
struct target_set;
int	db_scan_scope(struct db *db, int64_t scan_id,
	    const struct target_set *incl, const struct target_set *excl);

/*
 * Insert or update the host with address ip (dotted quad).  mac may be
 * NULL (not on-link); when given it replaces the stored MAC and oui_vendor
 * (may be NULL).  how is the discovery method ("arp", "connect",
 * "passive").  Sets first_seen on insert and last_seen always to the
 * current time, links the host to scan_id (recording mac, when given, as
 * the MAC this scan saw there), and returns the host's id in *host_id.
 * Never creates a second row for the same ip.
 */
int	db_host_seen(struct db *db, int64_t scan_id, const char *ip,
	    const uint8_t *mac, const char *oui_vendor, const char *how,
	    int64_t *host_id);

/*
 * Look up a host by ip.  Return 0 and its id in *host_id, or
 * IOMT_ENOTFOUND.
 */
int	db_host_find(struct db *db, const char *ip, int64_t *host_id);

/*
 * Record the host's state in this scan: "up", "breaker" (left alone after
 * consecutive timeouts or resets: "possibly affected - check device"),
 * "held" (policy kept it from probing), "excluded".  reason is text for
 * people (may be NULL).  For "up", the host's stored identity is copied
 * into its row of the scan: its identity as of this scan, which `diff`
 * compares.
 */
int	db_host_state(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *state, const char *reason);

/*
 * Insert or update a service (host_id, proto, port): state "open",
 * "closed", "filtered" or "open|filtered"; service name and banner may be
 * NULL (a NULL does not erase an earlier value); the banner is cut at
 * 4 KiB.  Maintains first_seen and last_seen, and records the state as
 * the service's state in scan_id (service_scans) when scan_id > 0.
 */
int	db_service(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *proto, int port, const char *state,
	    const char *service, const char *banner);

/*
 * The scan scan_id is done with host_id (address ip), which answered and
 * was not left alone by the breaker: every known service of the host
 * whose port this scan probed (an audit row of kind "tcp-connect" or
 * "udp" to ip and that port in scan_id) and that did not answer in this
 * scan (no db_service() for it in scan_id) is recorded as "closed" (TCP)
 * or "open|filtered" (UDP) in this scan, and that becomes its current
 * state.  A service whose port was not probed keeps its state and date.
 * Return 0, IOMT_EINVAL or IOMT_EDB.
 */
int	db_services_settle(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *ip);

/*
 * Record that scan scan_id sent nothing to address ip: state "held"
 * (passive by policy or profile) or "excluded" (an exclusion rule), with
 * reason text for people (may be NULL).  Recorded whether or not ip is in
 * the inventory; once per scan and address (a second call replaces).
 */
int	db_scan_held(struct db *db, int64_t scan_id, const char *ip,
	    const char *state, const char *reason);

/*
 * Store an observation made by probe about (host, proto, port): key and
 * value text, value cut at 4 KiB.  port 0 for host-level observations.
 */
int	db_observation(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *proto, int port, const char *probe, const char *key,
	    const char *value);

/*
 * Append to the audit log: at time t_us (Unix microseconds) the scanner
 * sent ip a probe of kind ("arp", "tcp-connect", "tcp-payload",
 * "udp", "tcp-close"), proto/port (0 for ARP), of bytes bytes (payload
 * bytes, or the frame size for ARP), with detail (probe name; may be
 * NULL).
 */
int	db_audit(struct db *db, int64_t scan_id, int64_t t_us, const char *ip,
	    const char *proto, int port, const char *kind, size_t bytes,
	    const char *detail);

/*
 * Record a problem that did not stop the scan (a disabled Lua script, a
 * refused probe): source ("lua:probes/foo.lua:12", "policy"), message.
 */
int	db_error(struct db *db, int64_t scan_id, const char *source,
	    const char *message);

/*
 * Identity of a host (from identification): any string may be NULL.
 * evidence_json is a JSON array of {field, value, source} objects.
 * Replaces the previous identity of host_id and, when scan_id > 0, the
 * identity recorded in the host's row of that scan.
 */
struct db_identity {
	const char	*vendor;
	const char	*model;
	const char	*device_class;
	const char	*firmware;
	const char	*os;
	int		 confidence;	/* 0..100 */
	const char	*evidence_json;
};
int	db_identity_set(struct db *db, int64_t scan_id, int64_t host_id,
	    const struct db_identity *id);

/*
 * Add a finding for host_id: id is a stable slug ("remote-access-vnc"),
 * severity "info" | "low" | "medium" | "high", title one line, detail the
 * plain-language explanation, port 0 if host-wide.  A finding with the
 * same (host, id, port) is updated, not duplicated; when scan_id > 0 it
 * is also recorded as made by that scan (finding_scans), so `diff` can
 * tell a new finding from one an earlier scan already made.
 */
int	db_finding(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *id, const char *severity, int port, const char *title,
	    const char *detail);

/* ------------------------------------------------------------------ */
/*
 * The read model (src/db/inventory.c): the inventory as the views and
 * exports show it, one struct per concept, loaded in one read
 * transaction so that the hosts table, `show`, the JSON and the CSV
 * export give one answer.  The views (src/report/) never run SQL.  Every
 * string is owned by the struct inventory it was loaded into and may be
 * NULL where the column may be NULL; times are Unix seconds (0 unknown).
 */

/* A service's state in one scan (service_scans). */
struct inv_service_scan {
	int64_t		 scan_id;
	const char	*state;		/* "open", "closed", "open|filtered" */
	int64_t		 t;		/* when it was recorded */
};

/*
 * One service of a host (any state, from any scan).  state is what is
 * true now: its state in state_scan, the last scan that probed its port
 * (a scan that did not probe the port changes nothing).  last_seen is
 * when it last answered.
 */
struct inv_service {
	const char	*proto;		/* "tcp", "udp" */
	int		 port;
	const char	*state;		/* "open", "closed", ... */
	const char	*service;
	const char	*banner;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 last_scan;	/* 0 if unknown */
	int64_t		 state_scan;	/* scan state refers to; 0 unknown */
	int64_t		 open_scan;	/* last scan it was open in; 0 none */
	/* Filled by db_host_load() only: its state per scan, oldest first. */
	struct inv_service_scan *hist;
	size_t		 n_hist;
};

/* What identification concluded about a host. */
struct inv_identity {
	const char	*vendor;
	const char	*model;
	const char	*device_class;
	const char	*firmware;
	const char	*os;
	int		 confidence;	/* 0..100 */
	const char	*evidence_json;	/* as stored; may be malformed */
	int64_t		 updated;
	int64_t		 scan_id;	/* 0 when stored outside a scan */
};

/* The fragile-device profile a host matched. */
struct inv_fragile {
	const char	*profile_id;
	const char	*hazard;
	const char	*policy_json;	/* as stored; may be malformed */
	const char	*matched_on;
	int64_t		 scan_id;
	int64_t		 updated;
};

/* One finding. */
struct inv_finding {
	const char	*id;		/* "cleartext-http" */
	const char	*severity;
	int		 port;		/* 0 if host-wide */
	const char	*title;
	const char	*detail;
	int64_t		 first_seen;
	int64_t		 last_seen;
};

/* The host's state in one scan, with the scan's start and status. */
struct inv_host_scan {
	int64_t		 scan_id;
	int64_t		 started;
	const char	*scan_status;
	const char	*state;		/* "up", "breaker", "held", ... */
	const char	*reason;
	const char	*how;		/* "arp", "connect", ... */
};

/* One annotation a person or a ledger gave a host (src/db/annotate.c). */
struct inv_annotation {
	const char	*field;		/* "owner", "location", "ledger_id", ... */
	const char	*value;		/* UTF-8, never empty */
	const char	*source;	/* "annotate", "reconcile FILE row N" */
	const char	*who;		/* login name, or NULL */
	int64_t		 updated;
};

/*
 * A maker's MDS2 form as imported (devdocs.c), shared by every host of
 * its model.  answer is MDS2_A_*.
 */
struct inv_mds2_item {
	const char	*qid;		/* "RMOT-1" */
	int		 answer;
	const char	*text;		/* the answer as written, or NULL */
	const char	*question;	/* or NULL */
	const char	*note;		/* or NULL */
	int64_t		 row;		/* row in the imported file */
};

struct inv_mds2 {
	int64_t		 id;
	const char	*vendor;	/* as the form writes it */
	const char	*model;
	const char	*version;	/* software revision, or NULL */
	const char	*doc_id;	/* or NULL */
	const char	*doc_date;	/* or NULL */
	const char	*revision;	/* "HN 1-2019", "HN 1-2013",
					   "JAHIS/JIRA MDS/SDS" */
	const char	*format;	/* "xlsx", "csv", "tsv" */
	const char	*file;		/* provenance */
	int64_t		 imported;
	struct inv_mds2_item *item;	/* by qid as imported */
	size_t		 n_item;
};

/* One component of a vendor SBOM. */
struct inv_sbom_comp {
	const char	*name;
	const char	*version;	/* each may be NULL but name */
	const char	*purl;
	const char	*cpe;
	const char	*supplier;
	const char	*type;		/* "library", "operating-system", ... */
	/* Advisories whose product's CPE or purl names this component
	 * (advmatch.c), best first; match ADV_AFFECTED or
	 * ADV_NOT_AFFECTED (ADV_POSSIBLE when the version is unknown). */
	struct inv_advisory *adv;
	size_t		 n_adv;
};

struct inv_sbom {
	int64_t		 id;
	const char	*vendor;
	const char	*model;
	const char	*version;	/* or NULL */
	const char	*format;	/* "CycloneDX 1.5", "SPDX-2.3" */
	const char	*serial;	/* serialNumber / documentNamespace */
	const char	*file;
	int64_t		 imported;
	struct inv_sbom_comp *comp;
	size_t		 n_comp;
};

/* One host and what is known about it. */
/*
 * A name a host gave itself on the network (DHCP host name and vendor
 * class, mDNS, LLDP, CDP), as `listen` or a scan stored it: the newest
 * value of each key.
 */
struct inv_name {
	const char	*key;		/* "dhcp.hostname", "dhcp.vendor_class",
					   "mdns.hostname", "mdns.instance",
					   "lldp.sysname", "cdp.device_id",
					   "cdp.platform" */
	const char	*value;
	int64_t		 scan_id;
	int64_t		 t;
};

struct inv_host {
	int64_t		 id;
	const char	*ip;
	const char	*mac;
	const char	*oui_vendor;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 first_scan;	/* 0 if unknown */
	int64_t		 last_scan;
	const char	*state;		/* in the last scan that saw it */
	const char	*state_reason;
	int64_t		 probes_sent;	/* audit rows to its address */
	struct inv_service *svc;	/* by proto, port */
	size_t		 n_svc;
	struct inv_identity *identity;	/* NULL: not identified */
	struct inv_fragile *fragile;	/* NULL: no profile matched */
	struct inv_finding *finding;	/* most severe first */
	size_t		 n_finding;
	struct inv_name	*name;		/* passive names, by key */
	size_t		 n_name;
	/* Filled by db_host_load() only (empty in db_inventory_load()): */
	struct inv_host_scan *scan;	/* oldest scan first */
	size_t		 n_scan;
	struct observation *obs;	/* newest first, at most max_obs */
	size_t		 n_obs;
	int64_t		 obs_total;	/* observations stored in all */
	struct inv_annotation *annot;	/* by field name; current values */
	size_t		 n_annot;
	struct inv_advisory *adv;	/* imported advisories, best first */
	size_t		 n_adv;
	/* The maker's documents for its model (devdocs.c), or NULL: */
	const struct inv_mds2 *mds2;	/* owned by the inventory */
	const char	*mds2_link;	/* "model", or "class" (vendor and
					   device class; model unknown) */
	const struct inv_sbom *sbom;
	const char	*sbom_link;
};

/* One scan. */
struct inv_scan {
	int64_t		 id;
	int64_t		 started;
	int64_t		 finished;	/* 0 while running */
	const char	*status;
	const char	*targets;
	const char	*options;	/* JSON text as stored */
	const char	*stats;		/* JSON text or NULL */
	const char	*version;
};

struct inv_pool;

/* The whole inventory, or one host in full. */
struct inventory {
	int64_t		 generated;	/* the db clock when it was loaded */
	struct inv_scan	*scan;		/* oldest first */
	size_t		 n_scan;
	struct inv_host	*host;		/* by numeric IPv4 address */
	size_t		 n_host;
	struct inv_mds2	*mds2;		/* imported MDS2 forms, by id */
	size_t		 n_mds2;
	struct inv_sbom	*sbom;		/* imported vendor SBOMs, by id */
	size_t		 n_sbom;
	struct inv_pool	*pool;		/* owns every string above */
};

/*
 * Load every scan and every host (with services, identity, fragile
 * profile, findings, last state and probe count) into a new *out, in one
 * read transaction.  Free it with db_inventory_free().  Return 0 or
 * IOMT_EDB (message in db_errmsg()); on failure *out is NULL.  Blocks on
 * the database; allocates in proportion to the inventory.
 */
int	db_inventory_load(struct db *db, struct inventory **out);

/*
 * Load the host ip in full into a new *out holding that one host (no
 * scans): everything db_inventory_load() gives plus its state in every
 * scan, each service's state in every scan (inv_service.hist) and its
 * max_obs newest observations.  Return 0, IOMT_ENOTFOUND,
 * IOMT_EINVAL or IOMT_EDB; on failure *out is NULL.
 */
int	db_host_load(struct db *db, const char *ip, size_t max_obs,
	    struct inventory **out);

/*
 * Keep only the hosts of inv for which wanted(arg, host) returns
 * non-zero, in their order; free what the others own.  wanted must not
 * change inv.
 * NULL-safe; never fails.
 */
void	db_inventory_select(struct inventory *inv,
	    int (*wanted)(void *, const struct inv_host *), void *arg);

/*
 * Add finding f (its strings copied into inv's pool) to host h of inv,
 * after the findings at least as severe: for findings the views derive
 * from what is loaded (an MDS2 contradicted by the network) rather than
 * read from the findings table.  Never fails (aborts on OOM).
 */
void	db_inv_finding_add(struct inventory *inv, struct inv_host *h,
	    const struct inv_finding *f);

/* Free inv and everything it owns.  NULL-safe; returns NULL. */
struct inventory *db_inventory_free(struct inventory *inv);

/* ------------------------------------------------------------------ */
/*
 * Scan snapshots (src/db/snapshot.c): what one scan saw, for `diff`.
 * The inventory above is the latest state of every host; a snapshot is
 * the state of the hosts in one scan as that scan recorded it: each
 * host's state, MAC and identity in that scan (host_scans), the state
 * of each service the scan probed (service_scans), the findings it made
 * (finding_scans), the addresses it held back (scan_held) and the
 * ranges it covered (scan_scope, or its targets text for scans recorded
 * before the ranges were).  A column an older version did not record
 * reads NULL (recorded is 0 for such a host): unknown, never "none".
 * Strings are owned by the snapshot.
 */

/* One service port in the scan. */
struct snap_service {
	const char	*proto;		/* "tcp", "udp" */
	int		 port;
	const char	*state;		/* "open", "closed", "open|filtered" */
	const char	*service;	/* may be NULL */
};

/* One finding the scan made. */
struct snap_finding {
	const char	*id;
	const char	*severity;
	int		 port;		/* 0 if host-wide */
	const char	*title;
};

/* One host the scan recorded a state for. */
struct snap_host {
	int64_t		 host_id;
	const char	*ip;
	uint32_t	 addr;		/* host order; 0 when ip is not IPv4 */
	const char	*state;		/* "up", "breaker", "held", "excluded" */
	const char	*reason;
	const char	*how;
	const char	*mac;		/* as the scan saw it; NULL unknown */
	const char	*vendor;	/* identity as of the scan; NULL */
	const char	*model;		/*   unknown */
	const char	*device_class;
	const char	*firmware;
	const char	*os;
	int		 recorded;	/* 1: MAC, identity and findings were
					   recorded per scan for this row */
	struct snap_service *svc;	/* by proto, port */
	size_t		 n_svc;
	struct snap_finding *finding;	/* by port, id */
	size_t		 n_finding;
};

/* One address the scan held back. */
struct snap_held {
	const char	*ip;
	uint32_t	 addr;
	const char	*state;		/* "held", "excluded" */
	const char	*reason;	/* may be NULL */
};

/* How a snapshot knows the addresses its scan covered. */
#define SNAP_SCOPE_UNKNOWN	0	/* neither ranges nor readable text */
#define SNAP_SCOPE_RANGES	1	/* scan_scope rows */
#define SNAP_SCOPE_TEXT		2	/* parsed from scans.targets */

struct snap_pool;

struct scan_snapshot {
	struct inv_scan	 scan;
	struct snap_host *host;		/* by address */
	size_t		 n_host;
	struct snap_held *held;		/* by address */
	size_t		 n_held;
	int		 scope;		/* SNAP_SCOPE_* */
	struct target_set *targets;	/* finished; empty when unknown */
	struct target_set *excludes;	/* finished; may be empty */
	struct snap_pool *pool;		/* owns every string above */
};

/*
 * Load the snapshot of scan scan_id into a new *out in one read
 * transaction: six queries whatever the number of hosts, memory in
 * proportion to what the scan recorded.  Return 0, IOMT_ENOTFOUND when
 * there is no such scan, IOMT_EINVAL or IOMT_EDB; on failure *out is
 * NULL.  Free with db_snapshot_free().
 */
int	db_snapshot_load(struct db *db, int64_t scan_id,
	    struct scan_snapshot **out);

/* Free s and everything it owns.  NULL-safe; returns NULL. */
struct scan_snapshot *db_snapshot_free(struct scan_snapshot *s);

/* The host of s with address text ip, or NULL.  Pure (binary search). */
const struct snap_host *db_snapshot_host(const struct scan_snapshot *s,
	    const char *ip);

/* The held-back address ip of s, or NULL.  Pure (binary search). */
const struct snap_held *db_snapshot_held(const struct scan_snapshot *s,
	    const char *ip);

/*
 * Whether s's scan covered address ip: SNAP_COVERED (in its targets and
 * not excluded), SNAP_EXCLUDED (in its targets but excluded by
 * --exclude), SNAP_OUTSIDE (not a target, or not IPv4),
 * SNAP_UNCOVERED_UNKNOWN (the scan's targets are not known).  Pure.
 */
#define SNAP_OUTSIDE		0
#define SNAP_COVERED		1
#define SNAP_EXCLUDED		2
#define SNAP_UNCOVERED_UNKNOWN	3
int	db_snapshot_covers(const struct scan_snapshot *s, const char *ip);

/*
 * The ids of the last two scans whose status is "complete" (of those
 * with an id below before, when before > 0), passive `listen` sessions
 * (options "mode": "listen") left out: they probe nothing, so their
 * silence says nothing.  The newer in *to, the one before it in *from
 * (0 when there is none).  Return 0, IOMT_EINVAL or IOMT_EDB.
 */
int	db_scans_last_complete(struct db *db, int64_t before, int64_t *from,
	    int64_t *to);

/* Readers of the inventory, and a clock for tests (src/db/read.c). */

/*
 * Use now (Unix seconds) instead of the system clock for every timestamp
 * db writes from here on; 0 restores the system clock.  For tests, which
 * need two scans to happen at different times without sleeping.
 */
void	db_set_now(struct db *db, int64_t now);

/*
 * Record that host_id matched a fragile-device profile (the policy
 * fills it): profile_id ("F14"), hazard (one line for people), policy_json (a
 * JSON object of the limits applied; may be NULL) and matched_on (what
 * matched, e.g. "oui 00:09:fb"; may be NULL).  Replaces the previous
 * match of the host.
 */
int	db_fragile_set(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *profile_id, const char *hazard,
	    const char *policy_json, const char *matched_on);

/*
 * One host as stored.  Strings may be NULL (mac, oui_vendor); times are
 * Unix seconds; scans are ids (0 if unknown).
 */
struct db_host {
	int64_t		 id;
	const char	*ip;
	const char	*mac;		/* "00:09:fb:01:02:03" */
	const char	*oui_vendor;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 first_scan;
	int64_t		 last_scan;
};

/*
 * Fill *out with the host host_id.  The strings are owned by db and stay
 * valid until the next db_host_get() or db_close().  Return 0,
 * IOMT_ENOTFOUND, or IOMT_EDB.
 */
int	db_host_get(struct db *db, int64_t host_id, struct db_host *out);

/*
 * Fill *out with the identity stored for host_id (what an earlier scan or
 * an earlier script found), evidence_json included.  The strings are owned
 * by db and stay valid until the next db_host_identity_get() or
 * db_close().  Return 0, IOMT_ENOTFOUND when the host has no identity, or
 * IOMT_EDB.
 */
int	db_host_identity_get(struct db *db, int64_t host_id,
	    struct db_identity *out);

/* One service row, as db_foreach_service() hands it out. */
struct db_service_row {
	const char	*proto;		/* "tcp", "udp" */
	int		 port;
	const char	*state;		/* "open", "closed", ... */
	const char	*service;	/* may be NULL */
	const char	*banner;	/* may be NULL */
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 last_scan;	/* the scan that last saw it, or 0 */
};

/*
 * Row callbacks.  The row and its strings are borrowed for the call only.
 * Return 0 to go on, anything else to stop; db_foreach_*() then returns
 * that value.  A callback may call the db_* write functions but not
 * db_begin(), db_commit() or the same db_foreach_*() again.
 */
typedef int (*db_service_cb)(void *arg, const struct db_service_row *row);
typedef int (*db_obs_cb)(void *arg, const struct observation *row);

/*
 * Call cb for every service of host_id (any state, from any scan; check
 * last_scan to keep only the current scan's), ordered by proto, port.
 * Return 0, the callback's non-zero value, IOMT_EINVAL when called from
 * inside its own callback, or IOMT_EDB.
 */
int	db_foreach_service(struct db *db, int64_t host_id, db_service_cb cb,
	    void *arg);

/*
 * Call cb for every observation of host_id: the newest scan's first, and
 * within a scan in the order they were recorded (those of the scan under
 * way included, committed or not).  Return as db_foreach_service().
 */
int	db_foreach_observation(struct db *db, int64_t host_id, db_obs_cb cb,
	    void *arg);

/*
 * Count the rows of table (one of "scans", "hosts", "host_scans",
 * "services", "observations", "audit", "errors", "identities",
 * "findings", "host_fragile", "service_scans", "scan_held",
 * "finding_scans", "scan_scope") into *n.  Return 0, IOMT_EINVAL for any
 * other name, or IOMT_EDB.
 */
int	db_count(struct db *db, const char *table, int64_t *n);

/*
 * Run SQLite's integrity and foreign-key checks.  Return 0 when both are
 * clean, IOMT_EDB with the first problem in errbuf (size errlen)
 * otherwise.  Reads the whole file: for tests and diagnostics, not for
 * the scan loop.
 */
int	db_check(struct db *db, char *errbuf, size_t errlen);

/* Readers for the safety reports (profiles test, plan, check). */

/*
 * These report-side readers prepare their statement per call (they run a
 * few times per command, never in the scan loop) so that they can nest:
 * a db_foreach_audit() may run inside a db_foreach_host() callback.  Rows
 * and their strings are borrowed for the callback only.  A callback
 * returns 0 to go on; anything else stops the walk and is returned.
 * Otherwise each returns 0, IOMT_EINVAL or IOMT_EDB.
 */
typedef int (*db_host_cb)(void *arg, const struct db_host *row);

/* Call cb for every host, in the order they were first recorded. */
int	db_foreach_host(struct db *db, db_host_cb cb, void *arg);

/* One host_fragile row (the profile a host matched). */
struct db_fragile_row {
	int64_t		 host_id;
	const char	*profile_id;
	const char	*hazard;	/* may be NULL */
	const char	*policy_json;	/* may be NULL */
	const char	*matched_on;	/* may be NULL */
	int64_t		 scan_id;	/* 0 if unknown */
	int64_t		 updated;	/* Unix seconds */
};
typedef int (*db_fragile_cb)(void *arg, const struct db_fragile_row *row);

/* Call cb for the fragile-profile row of host_id (all hosts when 0). */
int	db_foreach_fragile(struct db *db, int64_t host_id, db_fragile_cb cb,
	    void *arg);

/* One audit row: a probe sent. */
struct db_audit_row {
	int64_t		 scan_id;	/* 0 if not during a scan */
	int64_t		 t_us;		/* Unix microseconds */
	const char	*ip;
	const char	*proto;		/* may be NULL (ARP) */
	int		 port;
	const char	*kind;		/* "arp", "tcp-connect", ... */
	int64_t		 bytes;
	const char	*detail;	/* may be NULL */
};
typedef int (*db_audit_cb)(void *arg, const struct db_audit_row *row);

/*
 * Call cb for every audit row of scan_id (every scan when 0) and of ip
 * (every address when NULL), oldest first.
 */
int	db_foreach_audit(struct db *db, int64_t scan_id, const char *ip,
	    db_audit_cb cb, void *arg);

/* One host's state in one scan (host_scans). */
struct db_host_scan_row {
	int64_t		 host_id;
	int64_t		 scan_id;
	const char	*state;		/* "up", "breaker", "held", ... */
	const char	*reason;	/* may be NULL */
	const char	*how;		/* may be NULL */
};
typedef int (*db_host_scan_cb)(void *arg,
	    const struct db_host_scan_row *row);

/* Call cb for every host of scan_id (of every scan when 0). */
int	db_foreach_host_scan(struct db *db, int64_t scan_id,
	    db_host_scan_cb cb, void *arg);

/* One scan. */
struct db_scan_row {
	int64_t		 id;
	int64_t		 started;	/* Unix seconds */
	int64_t		 finished;	/* 0 while running */
	const char	*status;
	const char	*targets;
	const char	*options;	/* JSON object */
	const char	*stats;		/* JSON object or NULL */
};
typedef int (*db_scan_cb)(void *arg, const struct db_scan_row *row);

/* Call cb for every scan, newest first. */
int	db_foreach_scan(struct db *db, db_scan_cb cb, void *arg);

/*
 * Look up whether scan scan_id held back address ip (db_scan_held()).
 * Return 0 and copy its state ("held", "excluded") and reason ("" when
 * none) into state (size statelen) and reason (size reasonlen; either
 * may be NULL), IOMT_ENOTFOUND when the scan did send to ip or never had
 * it as a target, IOMT_EINVAL or IOMT_EDB.
 */
int	db_scan_held_find(struct db *db, int64_t scan_id, const char *ip,
	    char *state, size_t statelen, char *reason, size_t reasonlen);

/* One address a scan held back (scan_held). */
struct db_held_row {
	int64_t		 scan_id;
	const char	*ip;
	const char	*state;		/* "held", "excluded" */
	const char	*reason;	/* may be NULL */
};
typedef int (*db_held_cb)(void *arg, const struct db_held_row *row);

/* Call cb for every address scan_id held back, by address text. */
int	db_foreach_held(struct db *db, int64_t scan_id, db_held_cb cb,
	    void *arg);

/*
 * Set *scan_id to the scan that stored host_id's identity (0 when it was
 * stored outside a scan).  Return 0, IOMT_ENOTFOUND when the host has no
 * identity, or IOMT_EDB.  "check" uses it to tell what was known before
 * a scan from what the scan itself found.
 */
int	db_identity_scan(struct db *db, int64_t host_id, int64_t *scan_id);

/* ------------------------------------------------------------------ */
/*
 * Annotations (src/db/annotate.c): what people know about a host that no
 * scan can find out -- its owner, location, ledger ID, name and a note.
 * They belong to the host (keyed by address), so they stay across scans;
 * every change is kept in a history with who made it, when, and from
 * where ("annotate", or "reconcile LEDGERFILE row N").
 */

/* The annotation fields, NULL-terminated: "owner", "location",
 * "ledger_id", "name", "note", "remote" (the device's remote-maintenance
 * line: what it is for, who operates it). */
extern const char *const db_annotation_fields[];

/*
 * 1 when s is an acceptable annotation value: well-formed UTF-8, at most
 * DB_ANNOTATION_MAX bytes, no control characters (C0, DEL, C1), not
 * empty.  Pure.
 */
#define DB_ANNOTATION_MAX	1024
int	db_annotation_value_ok(const char *s);

/*
 * One change for db_annotations_set().  host_id and field (one of
 * db_annotation_fields) are required; value NULL clears the field.
 * source and who (may be NULL) are recorded in the history.  On return
 * changed is 1 when the stored value changed (then before holds the old
 * value, NULL when there was none, malloc'd: the caller frees it), 0 when
 * the value was already so (nothing is written for it).
 */
struct db_annotation_change {
	int64_t		 host_id;
	const char	*field;
	const char	*value;
	const char	*source;
	const char	*who;
	int		 changed;	/* out */
	char		*before;	/* out, owned by the caller */
};

/*
 * Apply the n changes in ch in one transaction: all of them or, on any
 * error, none (the database is left as it was and every changed is 0).
 * Returns 0, IOMT_EINVAL for an unknown field, a value
 * db_annotation_value_ok() refuses or a read-only db (nothing written),
 * IOMT_ENOTFOUND for a host_id not in the inventory, or IOMT_EDB.
 * *nchanged (may be NULL) receives the number of changes that changed
 * something.  Blocks on the database.
 */
int	db_annotations_set(struct db *db, struct db_annotation_change *ch,
	    size_t n, size_t *nchanged);

/*
 * Find the one host whose MAC is mac (text, any case, "00:09:fb:..."):
 * its id in *host_id and its address copied into ip (size ipsize).
 * Return 0, IOMT_ENOTFOUND when no host has it, IOMT_ELIMIT when more
 * than one has (ambiguous: *host_id is then 0), or IOMT_EDB.
 */
int	db_host_find_mac(struct db *db, const char *mac, int64_t *host_id,
	    char *ip, size_t ipsize);

/* One row of an annotation's history, oldest first. */
struct db_annotation_event {
	const char	*field;
	const char	*before;	/* NULL: it had no value */
	const char	*after;		/* NULL: it was cleared */
	const char	*source;
	const char	*who;		/* may be NULL */
	int64_t		 t;		/* Unix seconds */
};
typedef int (*db_annotation_cb)(void *arg,
	    const struct db_annotation_event *ev);

/*
 * Call cb for every history row of host_id, oldest first.  The row is
 * borrowed for the call.  Return 0, the callback's non-zero value, or
 * IOMT_EDB.  Prepares its statement per call, so it may run inside
 * another reader's callback.
 */
int	db_foreach_annotation_event(struct db *db, int64_t host_id,
	    db_annotation_cb cb, void *arg);

/*
 * One comparison of the inventory with the hospital's ledger, as
 * `reconcile` records it (table reconcile_runs): when, which ledger file
 * (as the user named it), how many rows it had and how they came out,
 * and how many annotations --apply changed (0 without --apply).
 */
struct db_reconcile_run {
	int64_t		 t;		/* Unix seconds */
	const char	*ledger;	/* never NULL when recorded */
	int64_t		 rows;
	int64_t		 matched;
	int64_t		 unmanaged;	/* hosts in no ledger row */
	int64_t		 missing;	/* rows probed and silent */
	int64_t		 not_checked;
	int64_t		 applied;	/* annotations --apply changed */
	const char	*who;		/* login name, or NULL */
};

/*
 * Record run (its t is ignored: the db clock is used) in one
 * transaction.  Return 0, IOMT_EINVAL (NULL argument, no ledger name,
 * a read-only db) or IOMT_EDB.  Blocks on the database.
 */
int	db_reconcile_record(struct db *db, const struct db_reconcile_run *run);

/*
 * Fill *out with the newest recorded run and *count (may be NULL) with
 * how many runs are recorded.  The strings are copied into buf (size
 * buflen, cut to fit) and point there.  Return 0, IOMT_ENOTFOUND when no
 * reconcile was ever recorded (*out zeroed), IOMT_EINVAL or IOMT_EDB.
 */
int	db_reconcile_last(struct db *db, struct db_reconcile_run *out,
	    int64_t *count, char *buf, size_t buflen);

/*
 * The current value of field in h's annotations (the read model), or
 * NULL when the host has none.  Pure; the result is owned by the
 * inventory h belongs to.
 */
const char *db_inv_annotation(const struct inv_host *h, const char *field);

#endif /* IOMT_DB_H */
