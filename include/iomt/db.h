/*
 * db.h - the SQLite inventory.
 *
 * One database file holds every scan, host, service, observation, identity,
 * finding and a log of every probe sent (the audit), so a clinical engineer
 * can line up any device alarm with what the scanner did at that moment.
 * db.c is the only file that includes <sqlite3.h>.  The connection is
 * owned by the loop thread; statements are prepared once at open; every
 * string that came from a device is bound, never formatted into SQL.  The
 * engine writes inside db_begin()/db_commit() batches it commits every
 * 250 ms, so an interrupted scan (SIGINT, SIGTERM, kill -9) loses at most
 * the last batch and never leaves half a row.  Schema and migrations:
 * docs/SCHEMA.md; the JSON export: docs/JSON-SCHEMA.md.
 *
 * All functions return 0 on success or a negative code (IOMT_EDB with a
 * message from db_errmsg(), -errno, IOMT_EINVAL) unless stated otherwise.
 */
#ifndef IOMT_DB_H
#define IOMT_DB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct db;

#define DB_RDONLY	0x01	/* open read-only (hosts, show, export) */

/* Current schema version (PRAGMA user_version after migration). */
#define DB_SCHEMA_VERSION 1

/*
 * Open (creating if needed, unless DB_RDONLY) the database at path,
 * switch it to WAL, enable foreign keys, migrate the schema to
 * DB_SCHEMA_VERSION, prepare all statements, and mark scans that were
 * left "running" by a killed process as "aborted".  Refuses a database
 * whose user_version is newer than this program knows (IOMT_EDB) and a
 * file that is not SQLite (IOMT_EDB, "file is not a database").  On
 * failure *out is NULL and a message is in errbuf (size errlen).
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
 * Record the end of a scan with status "complete", "interrupted" or
 * "failed" and a JSON object of counters.  Commits at once.
 */
int	db_scan_end(struct db *db, int64_t scan_id, const char *status,
	    const char *stats_json);

/*
 * Insert or update the host with address ip (dotted quad).  mac may be
 * NULL (not on-link); when given it replaces the stored MAC and oui_vendor
 * (may be NULL).  how is the discovery method ("arp", "connect",
 * "passive").  Sets first_seen on insert and last_seen always to the
 * current time, links the host to scan_id, and returns the host's id in
 * *host_id.  Never creates a second row for the same ip.
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
 * people (may be NULL).
 */
int	db_host_state(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *state, const char *reason);

/*
 * Insert or update a service (host_id, proto, port): state "open",
 * "closed", "filtered" or "open|filtered"; service name and banner may be
 * NULL (a NULL does not erase an earlier value).  Maintains first_seen and
 * last_seen.
 */
int	db_service(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *proto, int port, const char *state,
	    const char *service, const char *banner);

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
 * Identity of a host (issue 3 fills it): any string may be NULL.
 * evidence_json is a JSON array of {field, value, source} objects.
 * Replaces the previous identity of host_id.
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
 * same (host, id, port) is updated, not duplicated.
 */
int	db_finding(struct db *db, int64_t scan_id, int64_t host_id,
	    const char *id, const char *severity, int port, const char *title,
	    const char *detail);

/*
 * Print the inventory as an aligned table (ip, mac, vendor, open ports,
 * identity, last seen) to fp.  Return 0 or an error.
 */
int	db_print_hosts(struct db *db, FILE *fp);

/*
 * Print everything known about the host ip to fp.  IOMT_ENOTFOUND if the
 * inventory has no such host.
 */
int	db_print_host(struct db *db, const char *ip, FILE *fp);

/* Write the inventory as JSON (docs/JSON-SCHEMA.md) or CSV to fp. */
int	db_export_json(struct db *db, FILE *fp);
int	db_export_csv(struct db *db, FILE *fp);

/*
 * Print the audit log for ip (every packet and connection, oldest first)
 * to fp; all hosts when ip is NULL.
 */
int	db_print_audit(struct db *db, const char *ip, FILE *fp);

#endif /* IOMT_DB_H */
