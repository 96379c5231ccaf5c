/*
 * src/db/write.c - recording what a scan finds: scans and the ranges
 * they cover, hosts and their state (MAC, identity) in each scan,
 * services, observations, the audit log of every probe sent, errors,
 * identities, findings (and which scans made them) and fragile-profile
 * matches.
 *
 * Each writer checks its enumerations (states, protocols, severities)
 * before SQLite sees them, binds every string (cut to DB_TEXT_MAX, values
 * and banners to DB_VALUE_MAX) and steps one prepared statement.  The
 * engine calls them inside db_begin()/db_commit() batches; only the scan's
 * start and end commit at once, so another process sees a scan while it
 * runs.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "iomt/net.h"
#include "db-int.h"

int
db_scan_begin(struct db *db, const char *targets, const char *options,
    int64_t *scan_id)
{
	sqlite3_stmt	*st;
	int		 r;

	if (scan_id != NULL)
		*scan_id = 0;
	if (db == NULL || scan_id == NULL || db->rdonly)
		return IOMT_EINVAL;
	st = db->st[ST_SCAN_INSERT];
	sqlite3_bind_int64(st, 1, db_now(db));
	db_bind_text(st, 2, targets != NULL ? targets : "", DB_TEXT_MAX);
	db_bind_text(st, 3, options != NULL ? options : "{}", DB_TEXT_MAX);
	db_bind_text(st, 4, PACKAGE_VERSION, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 5, (int64_t)getpid());
	if ((r = db_run(db, ST_SCAN_INSERT, "cannot record the scan")) != 0)
		return r;
	*scan_id = sqlite3_last_insert_rowid(db->h);
	return db_flush(db);
}

int
db_scan_end(struct db *db, int64_t scan_id, const char *status,
    const char *stats_json)
{
	static const char *const statuses[] = { "complete", "interrupted",
	    "paused", "failed", NULL };
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || scan_id <= 0 || !db_one_of(status, statuses))
		return IOMT_EINVAL;
	st = db->st[ST_SCAN_END];
	sqlite3_bind_int64(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, db_now(db));
	db_bind_text(st, 3, status, DB_TEXT_MAX);
	db_bind_text(st, 4, stats_json, DB_TEXT_MAX);
	if ((r = db_run(db, ST_SCAN_END, "cannot record the scan's end")) !=
	    0)
		return r;
	return db_flush(db);
}

int
db_ip_ok(const char *ip)
{
	return ip != NULL && ip[0] != '\0' && strlen(ip) < 64;
}

int
db_host_seen(struct db *db, int64_t scan_id, const char *ip,
    const uint8_t *mac, const char *oui_vendor, const char *how,
    int64_t *host_id)
{
	sqlite3_stmt	*st;
	char		 macs[32];
	int64_t		 id = 0;
	int		 r, rc;

	if (host_id != NULL)
		*host_id = 0;
	if (db == NULL || !db_ip_ok(ip) || host_id == NULL)
		return IOMT_EINVAL;
	if ((r = db_begin(db)) != 0)
		return r;
	st = db->st[ST_HOST_UPSERT];
	db_bind_text(st, 1, ip, DB_TEXT_MAX);
	db_bind_text(st, 2, mac != NULL ? mac_ntoa(mac, macs, sizeof(macs)) :
	    NULL, DB_TEXT_MAX);
	db_bind_text(st, 3, mac != NULL ? oui_vendor : NULL, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 4, db_now(db));
	db_bind_scan(st, 5, scan_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = db_col_int(st, 0);
		rc = sqlite3_step(st);
	}
	db_st_done(st);
	if (rc != SQLITE_DONE || id == 0) {
		r = db_sqlerr(db, rc, "cannot record the host");
		goto out;
	}
	if (scan_id > 0) {
		st = db->st[ST_HS_LINK];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, scan_id);
		db_bind_text(st, 3, how, DB_TEXT_MAX);
		db_bind_text(st, 4, mac != NULL ? macs : NULL, DB_TEXT_MAX);
		if ((r = db_run(db, ST_HS_LINK, "cannot link the host to the "
		    "scan")) != 0)
			goto out;
	}
	*host_id = id;
	r = 0;
 out:
	return db_leave(db, r);
}

/* Copy host_id's current identity into its host_scans row of scan_id. */
static int
hs_identity(struct db *db, int64_t scan_id, int64_t host_id)
{
	sqlite3_stmt	*st = db->st[ST_HS_IDENTITY];

	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int64(st, 2, scan_id);
	return db_run(db, ST_HS_IDENTITY, "cannot record the host's identity "
	    "in the scan");
}

int
db_host_state(struct db *db, int64_t scan_id, int64_t host_id,
    const char *state, const char *reason)
{
	static const char *const states[] = { "up", "breaker", "held",
	    "excluded", NULL };
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || scan_id <= 0 || host_id <= 0 ||
	    !db_one_of(state, states))
		return IOMT_EINVAL;
	st = db->st[ST_HS_STATE];
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int64(st, 2, scan_id);
	db_bind_text(st, 3, state, DB_TEXT_MAX);
	db_bind_text(st, 4, reason, DB_TEXT_MAX);
	if ((r = db_run(db, ST_HS_STATE, "cannot record the host's state")) !=
	    0 || strcmp(state, "up") != 0)
		return r;
	/* The identity as of this scan: what is stored now, whether this
	 * scan or an earlier one found it. */
	return hs_identity(db, scan_id, host_id);
}

int
db_service(struct db *db, int64_t scan_id, int64_t host_id,
    const char *proto, int port, const char *state, const char *service,
    const char *banner)
{
	static const char *const states[] = { "open", "closed", "filtered",
	    "open|filtered", NULL };
	static const char *const protos[] = { "tcp", "udp", NULL };
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || host_id <= 0 || port < 0 || port > 65535 ||
	    !db_one_of(proto, protos) || !db_one_of(state, states))
		return IOMT_EINVAL;
	st = db->st[ST_SVC_UPSERT];
	sqlite3_bind_int64(st, 1, host_id);
	db_bind_text(st, 2, proto, DB_TEXT_MAX);
	sqlite3_bind_int(st, 3, port);
	db_bind_text(st, 4, state, DB_TEXT_MAX);
	db_bind_text(st, 5, service, DB_TEXT_MAX);
	db_bind_text(st, 6, banner, DB_VALUE_MAX);
	sqlite3_bind_int64(st, 7, db_now(db));
	db_bind_scan(st, 8, scan_id);
	if ((r = db_run(db, ST_SVC_UPSERT, "cannot record the service")) != 0 ||
	    scan_id <= 0)
		return r;
	st = db->st[ST_SS_SET];
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int64(st, 2, scan_id);
	db_bind_text(st, 3, state, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 4, db_now(db));
	db_bind_text(st, 5, proto, DB_TEXT_MAX);
	sqlite3_bind_int(st, 6, port);
	return db_run(db, ST_SS_SET, "cannot record the service's state");
}

int
db_services_settle(struct db *db, int64_t scan_id, int64_t host_id,
    const char *ip)
{
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || scan_id <= 0 || host_id <= 0 || !db_ip_ok(ip))
		return IOMT_EINVAL;
	st = db->st[ST_SS_SILENT];
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int64(st, 2, scan_id);
	db_bind_text(st, 3, ip, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 4, db_now(db));
	if ((r = db_run(db, ST_SS_SILENT, "cannot record silent services")) != 0)
		return r;
	st = db->st[ST_SS_APPLY];
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int64(st, 2, scan_id);
	return db_run(db, ST_SS_APPLY, "cannot record silent services");
}

int
db_scan_held(struct db *db, int64_t scan_id, const char *ip,
    const char *state, const char *reason)
{
	static const char *const states[] = { "held", "excluded", NULL };
	sqlite3_stmt	*st;

	if (db == NULL || scan_id <= 0 || !db_ip_ok(ip) ||
	    !db_one_of(state, states))
		return IOMT_EINVAL;
	st = db->st[ST_HELD_SET];
	sqlite3_bind_int64(st, 1, scan_id);
	db_bind_text(st, 2, ip, DB_TEXT_MAX);
	db_bind_text(st, 3, state, DB_TEXT_MAX);
	db_bind_text(st, 4, reason, DB_TEXT_MAX);
	return db_run(db, ST_HELD_SET, "cannot record a held address");
}

int
db_observation(struct db *db, int64_t scan_id, int64_t host_id,
    const char *proto, int port, const char *probe, const char *key,
    const char *value)
{
	sqlite3_stmt	*st;

	if (db == NULL || host_id <= 0 || key == NULL || port < 0 ||
	    port > 65535)
		return IOMT_EINVAL;
	st = db->st[ST_OBS_INSERT];
	db_bind_scan(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, host_id);
	db_bind_text(st, 3, proto, DB_TEXT_MAX);
	sqlite3_bind_int(st, 4, port);
	db_bind_text(st, 5, probe, DB_TEXT_MAX);
	db_bind_text(st, 6, key, DB_TEXT_MAX);
	db_bind_text(st, 7, value, DB_VALUE_MAX);
	sqlite3_bind_int64(st, 8, db_now(db));
	return db_run(db, ST_OBS_INSERT, "cannot record an observation");
}

int
db_audit(struct db *db, int64_t scan_id, int64_t t_us, const char *ip,
    const char *proto, int port, const char *kind, size_t bytes,
    const char *detail)
{
	sqlite3_stmt	*st;

	if (db == NULL || !db_ip_ok(ip) || kind == NULL || port < 0 ||
	    port > 65535)
		return IOMT_EINVAL;
	st = db->st[ST_AUDIT_INSERT];
	db_bind_scan(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, t_us);
	db_bind_text(st, 3, ip, DB_TEXT_MAX);
	db_bind_text(st, 4, proto, DB_TEXT_MAX);
	sqlite3_bind_int(st, 5, port);
	db_bind_text(st, 6, kind, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 7, (int64_t)(bytes > INT64_MAX ? INT64_MAX :
	    bytes));
	db_bind_text(st, 8, detail, DB_TEXT_MAX);
	return db_run(db, ST_AUDIT_INSERT, "cannot write the audit log");
}

int
db_error(struct db *db, int64_t scan_id, const char *source,
    const char *message)
{
	sqlite3_stmt	*st;

	if (db == NULL || source == NULL || message == NULL)
		return IOMT_EINVAL;
	st = db->st[ST_ERROR_INSERT];
	db_bind_scan(st, 1, scan_id);
	sqlite3_bind_int64(st, 2, db_now(db));
	db_bind_text(st, 3, source, DB_TEXT_MAX);
	db_bind_text(st, 4, message, DB_TEXT_MAX);
	return db_run(db, ST_ERROR_INSERT, "cannot record an error");
}

int
db_identity_set(struct db *db, int64_t scan_id, int64_t host_id,
    const struct db_identity *id)
{
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || host_id <= 0 || id == NULL || id->confidence < 0 ||
	    id->confidence > 100)
		return IOMT_EINVAL;
	st = db->st[ST_ID_UPSERT];
	sqlite3_bind_int64(st, 1, host_id);
	db_bind_scan(st, 2, scan_id);
	db_bind_text(st, 3, id->vendor, DB_TEXT_MAX);
	db_bind_text(st, 4, id->model, DB_TEXT_MAX);
	db_bind_text(st, 5, id->device_class, DB_TEXT_MAX);
	db_bind_text(st, 6, id->firmware, DB_TEXT_MAX);
	db_bind_text(st, 7, id->os, DB_TEXT_MAX);
	sqlite3_bind_int(st, 8, id->confidence);
	db_bind_text(st, 9, id->evidence_json != NULL ? id->evidence_json : "[]",
	    DB_TEXT_MAX);
	sqlite3_bind_int64(st, 10, db_now(db));
	if ((r = db_run(db, ST_ID_UPSERT, "cannot record the identity")) != 0 ||
	    scan_id <= 0)
		return r;
	return hs_identity(db, scan_id, host_id);
}

int
db_finding(struct db *db, int64_t scan_id, int64_t host_id, const char *id,
    const char *severity, int port, const char *title, const char *detail)
{
	static const char *const severities[] = { "info", "low", "medium",
	    "high", NULL };
	sqlite3_stmt	*st;
	int		 r;

	if (db == NULL || host_id <= 0 || id == NULL || id[0] == '\0' ||
	    title == NULL || !db_one_of(severity, severities) || port < 0 ||
	    port > 65535)
		return IOMT_EINVAL;
	st = db->st[ST_FIND_UPSERT];
	sqlite3_bind_int64(st, 1, host_id);
	db_bind_scan(st, 2, scan_id);
	db_bind_text(st, 3, id, DB_TEXT_MAX);
	db_bind_text(st, 4, severity, DB_TEXT_MAX);
	sqlite3_bind_int(st, 5, port);
	db_bind_text(st, 6, title, DB_TEXT_MAX);
	db_bind_text(st, 7, detail, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 8, db_now(db));
	if ((r = db_run(db, ST_FIND_UPSERT, "cannot record the finding")) !=
	    0 || scan_id <= 0)
		return r;
	st = db->st[ST_FS_LINK];
	sqlite3_bind_int64(st, 1, host_id);
	db_bind_text(st, 2, id, DB_TEXT_MAX);
	sqlite3_bind_int(st, 3, port);
	sqlite3_bind_int64(st, 4, scan_id);
	return db_run(db, ST_FS_LINK, "cannot record the finding in the scan");
}

int
db_scan_scope(struct db *db, int64_t scan_id, const struct target_set *incl,
    const struct target_set *excl)
{
	const struct target_set *sets[2] = { incl, excl };
	static const char *const kinds[2] = { "target", "exclude" };
	int		 r = 0;

	if (db == NULL || scan_id <= 0 || incl == NULL || db->rdonly)
		return IOMT_EINVAL;
	if ((r = db_begin(db)) != 0)
		return r;
	for (size_t k = 0; k < 2 && r == 0; k++) {
		for (size_t i = 0; sets[k] != NULL && i < sets[k]->n; i++) {
			sqlite3_stmt *st = db->st[ST_SCOPE_ADD];

			sqlite3_bind_int64(st, 1, scan_id);
			db_bind_text(st, 2, kinds[k], DB_TEXT_MAX);
			sqlite3_bind_int64(st, 3, sets[k]->r[i].lo);
			sqlite3_bind_int64(st, 4, sets[k]->r[i].hi);
			if ((r = db_run(db, ST_SCOPE_ADD, "cannot record the "
			    "scan's targets")) != 0)
				break;
		}
	}
	return db_leave(db, r);
}

int
db_fragile_set(struct db *db, int64_t scan_id, int64_t host_id,
    const char *profile_id, const char *hazard, const char *policy_json,
    const char *matched_on)
{
	sqlite3_stmt	*st;

	if (db == NULL || host_id <= 0 || profile_id == NULL ||
	    profile_id[0] == '\0')
		return IOMT_EINVAL;
	st = db->st[ST_FRAG_UPSERT];
	sqlite3_bind_int64(st, 1, host_id);
	db_bind_text(st, 2, profile_id, DB_TEXT_MAX);
	db_bind_text(st, 3, hazard, DB_TEXT_MAX);
	db_bind_text(st, 4, policy_json, DB_TEXT_MAX);
	db_bind_text(st, 5, matched_on, DB_TEXT_MAX);
	db_bind_scan(st, 6, scan_id);
	sqlite3_bind_int64(st, 7, db_now(db));
	return db_run(db, ST_FRAG_UPSERT, "cannot record the fragile match");
}
