/*
 * src/db/read.c - the row readers of the inventory: one host, its
 * identity, its services and observations, and the walks the safety
 * reports (profiles test, plan, check) make over hosts, fragile matches,
 * the audit log, host states and scans; plus row counts and the
 * integrity check.
 *
 * Rows are handed to a callback and borrowed for the call only, so a
 * reader never copies what the caller does not keep.  The per-host
 * readers step prepared statements (they run in the scan loop); the
 * report-side walks prepare a statement per call so that they can nest.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db-int.h"

/* Copy column i of st into b; return its offset, or SIZE_MAX for NULL. */
static size_t
col_keep(struct buf *b, sqlite3_stmt *st, int i)
{
	const char	*s = db_col_text(st, i);
	size_t		 off = b->len;

	if (s == NULL)
		return SIZE_MAX;
	buf_addn(b, s, strlen(s));
	buf_addc(b, '\0');
	return off;
}

static const char *
kept_at(struct buf *b, size_t off)
{
	return off == SIZE_MAX ? NULL : b->p + off;
}

int
db_host_find(struct db *db, const char *ip, int64_t *host_id)
{
	sqlite3_stmt	*st;
	int		 rc, r = IOMT_ENOTFOUND;

	if (host_id != NULL)
		*host_id = 0;
	if (db == NULL || !db_ip_ok(ip) || host_id == NULL)
		return IOMT_EINVAL;
	st = db->st[ST_HOST_FIND];
	db_bind_text(st, 1, ip, DB_TEXT_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*host_id = db_col_int(st, 0);
		r = 0;
	} else if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot look the host up");
	db_st_done(st);
	return r;
}

int
db_host_get(struct db *db, int64_t host_id, struct db_host *out)
{
	sqlite3_stmt	*st;
	size_t		 o_ip, o_mac, o_vendor;
	int		 rc, r = IOMT_ENOTFOUND;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (db == NULL || out == NULL)
		return IOMT_EINVAL;
	st = db->st[ST_HOST_GET];
	sqlite3_bind_int64(st, 1, host_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_truncate(&db->host_buf, 0);
		out->id = db_col_int(st, 0);
		o_ip = col_keep(&db->host_buf, st, 1);
		o_mac = col_keep(&db->host_buf, st, 2);
		o_vendor = col_keep(&db->host_buf, st, 3);
		out->first_seen = db_col_int(st, 4);
		out->last_seen = db_col_int(st, 5);
		out->first_scan = db_col_int(st, 6);
		out->last_scan = db_col_int(st, 7);
		out->ip = kept_at(&db->host_buf, o_ip);
		out->mac = kept_at(&db->host_buf, o_mac);
		out->oui_vendor = kept_at(&db->host_buf, o_vendor);
		r = 0;
	} else if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot read the host");
	db_st_done(st);
	return r;
}

int
db_host_identity_get(struct db *db, int64_t host_id, struct db_identity *out)
{
	sqlite3_stmt	*st;
	size_t		 o[6];
	int		 rc, r = IOMT_ENOTFOUND, i;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (db == NULL || out == NULL)
		return IOMT_EINVAL;
	st = db->st[ST_ID_OF];
	sqlite3_bind_int64(st, 1, host_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_truncate(&db->id_buf, 0);
		for (i = 0; i < 5; i++)
			o[i] = col_keep(&db->id_buf, st, i);
		o[5] = col_keep(&db->id_buf, st, 6);
		out->vendor = kept_at(&db->id_buf, o[0]);
		out->model = kept_at(&db->id_buf, o[1]);
		out->device_class = kept_at(&db->id_buf, o[2]);
		out->firmware = kept_at(&db->id_buf, o[3]);
		out->os = kept_at(&db->id_buf, o[4]);
		out->confidence = (int)db_col_int(st, 5);
		out->evidence_json = kept_at(&db->id_buf, o[5]);
		r = 0;
	} else if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot read the identity");
	db_st_done(st);
	return r;
}

/* The caller's callback and its argument, for a row converter. */
struct row_iter {
	union {
		db_host_cb	 host;
		db_fragile_cb	 fragile;
		db_audit_cb	 audit;
		db_host_scan_cb	 host_scan;
		db_scan_cb	 scan;
		db_service_cb	 service;
		db_obs_cb	 obs;
		db_held_cb	 held;
	}		 cb;
	void		*arg;
	int64_t		*scan_id;	/* db_identity_scan() only */
};

/*
 * Convert the current row of st and deliver it through it.  Return 0 to
 * go on (a malformed row is skipped that way); anything else stops the
 * walk and is returned by db_walk().
 */
typedef int (*row_fn)(sqlite3_stmt *st, struct row_iter *it);

/*
 * Step st (already bound) and call row for each row until it returns
 * non-zero.  Leaves resetting or finalizing st to the caller.  Return
 * row's last value, or IOMT_EDB (with what in the message) when stepping
 * failed.
 */
static int
db_walk(struct db *db, sqlite3_stmt *st, row_fn row, struct row_iter *it,
    const char *what)
{
	int	 rc, r = 0;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		r = row(st, it);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, what);
	return r;
}

static int
service_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_service_row	 row;

	row.proto = db_col_text(st, 0);
	row.port = (int)db_col_int(st, 1);
	row.state = db_col_text(st, 2);
	row.service = db_col_text(st, 3);
	row.banner = db_col_text(st, 4);
	row.first_seen = db_col_int(st, 5);
	row.last_seen = db_col_int(st, 6);
	row.last_scan = db_col_int(st, 7);
	return it->cb.service(it->arg, &row);
}

static int
obs_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct observation	 row;

	row.scan_id = db_col_int(st, 0);
	row.proto = db_col_text(st, 1);
	row.port = (int)db_col_int(st, 2);
	row.probe = db_col_text(st, 3);
	row.key = db_col_text(st, 4);
	row.value = db_col_text(st, 5);
	row.t = db_col_int(st, 6);
	if (row.key == NULL)
		row.key = "";
	return it->cb.obs(it->arg, &row);
}

/* Run the prepared statement idx for host_id through row. */
static int
db_foreach_of_host(struct db *db, int idx, int64_t host_id, row_fn row,
    struct row_iter *it, const char *what)
{
	sqlite3_stmt	*st = db->st[idx];
	int		 r;

	if (sqlite3_stmt_busy(st))
		return IOMT_EINVAL;
	sqlite3_bind_int64(st, 1, host_id);
	r = db_walk(db, st, row, it, what);
	db_st_done(st);
	return r;
}

int
db_foreach_service(struct db *db, int64_t host_id, db_service_cb cb,
    void *arg)
{
	struct row_iter	 it = { .cb.service = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return db_foreach_of_host(db, ST_SVC_OF, host_id, service_row, &it,
	    "cannot read the services");
}

int
db_foreach_observation(struct db *db, int64_t host_id, db_obs_cb cb,
    void *arg)
{
	struct row_iter	 it = { .cb.obs = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return db_foreach_of_host(db, ST_OBS_EACH, host_id, obs_row, &it,
	    "cannot read the observations");
}

int
db_count(struct db *db, const char *table, int64_t *n)
{
	size_t	 i;

	if (n != NULL)
		*n = 0;
	if (db == NULL || table == NULL || n == NULL)
		return IOMT_EINVAL;
	for (i = 0; i < db_ntables; i++)
		if (strcmp(table, db_tables[i].name) == 0)
			return db_run_int(db, db_tables[i].st, n,
			    "cannot count rows");
	return IOMT_EINVAL;
}

int
db_check(struct db *db, char *errbuf, size_t errlen)
{
	sqlite3_stmt	*st;
	const char	*t;
	int		 rc, r = 0;

	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (db == NULL)
		return IOMT_EINVAL;
	st = db->st[ST_INTEGRITY];
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t = db_col_text(st, 0);
		if (t == NULL || strcmp(t, "ok") != 0) {
			snprintf(db->err, sizeof(db->err), "integrity check: "
			    "%s", t != NULL ? t : "failed");
			r = IOMT_EDB;
		}
	} else
		r = db_sqlerr(db, rc, "integrity check");
	db_st_done(st);
	if (r == 0) {
		st = db->st[ST_FKCHECK];
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			t = db_col_text(st, 0);
			snprintf(db->err, sizeof(db->err), "foreign key check: "
			    "a row of %s refers to a missing row",
			    t != NULL ? t : "a table");
			r = IOMT_EDB;
		} else if (rc != SQLITE_DONE)
			r = db_sqlerr(db, rc, "foreign key check");
		db_st_done(st);
	}
	if (r != 0 && errbuf != NULL)
		snprintf(errbuf, errlen, "%s", db->err);
	return r;
}

/* ---- report-side walks --------------------------------------------------
 *
 * Report commands (profiles test, plan, check) walk hosts and, for each,
 * their audit rows; the prepared statements of db->st[] cannot be stepped
 * twice at once, so these readers prepare a statement per call and
 * finalize it before returning.  They run a handful of times per command,
 * never in the scan loop.  Every walk is one query run by walk_query(): a
 * row converter turns the current row into the reader's row struct and
 * hands it to the caller's callback, kept in a struct row_iter.
 */

/*
 * Prepare sql, bind id to ?1 and text to ?2 where the statement has them,
 * and call row for each row until it returns non-zero.  Finalize before
 * returning.  Return row's last value, or IOMT_EDB (with what in the
 * error) when the query cannot be prepared or stepped.
 */
static int
walk_query(struct db *db, const char *sql, int64_t id, const char *text,
    row_fn row, struct row_iter *it, const char *what)
{
	sqlite3_stmt	*st = NULL;
	int		 np, rc, r = 0;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot prepare a report query");
	np = sqlite3_bind_parameter_count(st);
	if (np >= 1)
		sqlite3_bind_int64(st, 1, id);
	if (np >= 2)
		db_bind_text(st, 2, text, DB_TEXT_MAX);
	r = db_walk(db, st, row, it, what);
	sqlite3_finalize(st);
	return r;
}

static int
host_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_host	 row;

	memset(&row, 0, sizeof(row));
	row.id = db_col_int(st, 0);
	row.ip = db_col_text(st, 1);
	row.mac = db_col_text(st, 2);
	row.oui_vendor = db_col_text(st, 3);
	row.first_seen = db_col_int(st, 4);
	row.last_seen = db_col_int(st, 5);
	row.first_scan = db_col_int(st, 6);
	row.last_scan = db_col_int(st, 7);
	if (row.ip == NULL)
		return 0;
	return it->cb.host(it->arg, &row);
}

int
db_foreach_host(struct db *db, db_host_cb cb, void *arg)
{
	struct row_iter	 it = { .cb.host = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT id, ip, mac, oui_vendor, first_seen,"
	    " last_seen, first_scan, last_scan FROM hosts ORDER BY id", 0,
	    NULL, host_row, &it, "cannot list the hosts");
}

static int
fragile_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_fragile_row	 row;

	row.host_id = db_col_int(st, 0);
	row.profile_id = db_col_text(st, 1);
	row.hazard = db_col_text(st, 2);
	row.policy_json = db_col_text(st, 3);
	row.matched_on = db_col_text(st, 4);
	row.scan_id = db_col_int(st, 5);
	row.updated = db_col_int(st, 6);
	if (row.profile_id == NULL)
		return 0;
	return it->cb.fragile(it->arg, &row);
}

int
db_foreach_fragile(struct db *db, int64_t host_id, db_fragile_cb cb,
    void *arg)
{
	struct row_iter	 it = { .cb.fragile = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT host_id, profile_id, hazard, policy,"
	    " matched_on, scan_id, updated FROM host_fragile"
	    " WHERE ?1 = 0 OR host_id = ?1 ORDER BY host_id", host_id, NULL,
	    fragile_row, &it, "cannot read the fragile matches");
}

static int
audit_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_audit_row	 row;

	row.scan_id = db_col_int(st, 0);
	row.t_us = db_col_int(st, 1);
	row.ip = db_col_text(st, 2);
	row.proto = db_col_text(st, 3);
	row.port = (int)db_col_int(st, 4);
	row.kind = db_col_text(st, 5);
	row.bytes = db_col_int(st, 6);
	row.detail = db_col_text(st, 7);
	if (row.ip == NULL || row.kind == NULL)
		return 0;
	return it->cb.audit(it->arg, &row);
}

int
db_foreach_audit(struct db *db, int64_t scan_id, const char *ip,
    db_audit_cb cb, void *arg)
{
	struct row_iter	 it = { .cb.audit = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT scan_id, t_us, ip, proto, port, kind,"
	    " bytes, detail FROM audit WHERE (?1 = 0 OR scan_id = ?1)"
	    " AND (?2 IS NULL OR ip = ?2) ORDER BY t_us, id", scan_id, ip,
	    audit_row, &it, "cannot read the audit log");
}

static int
host_scan_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_host_scan_row	 row;

	row.host_id = db_col_int(st, 0);
	row.scan_id = db_col_int(st, 1);
	row.state = db_col_text(st, 2);
	row.reason = db_col_text(st, 3);
	row.how = db_col_text(st, 4);
	if (row.state == NULL)
		return 0;
	return it->cb.host_scan(it->arg, &row);
}

int
db_scan_held_find(struct db *db, int64_t scan_id, const char *ip,
    char *state, size_t statelen, char *reason, size_t reasonlen)
{
	sqlite3_stmt	*st;
	const char	*t;
	int		 rc, r = IOMT_ENOTFOUND;

	if (state != NULL && statelen > 0)
		state[0] = '\0';
	if (reason != NULL && reasonlen > 0)
		reason[0] = '\0';
	if (db == NULL || scan_id <= 0 || !db_ip_ok(ip))
		return IOMT_EINVAL;
	st = db->st[ST_HELD_FIND];
	sqlite3_bind_int64(st, 1, scan_id);
	db_bind_text(st, 2, ip, DB_TEXT_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (state != NULL && statelen > 0 &&
		    (t = db_col_text(st, 0)) != NULL)
			strlcpy(state, t, statelen);
		if (reason != NULL && reasonlen > 0 &&
		    (t = db_col_text(st, 1)) != NULL)
			strlcpy(reason, t, reasonlen);
		r = 0;
	} else if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot read the held addresses");
	db_st_done(st);
	return r;
}

static int
held_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_held_row	 row;

	row.scan_id = db_col_int(st, 0);
	row.ip = db_col_text(st, 1);
	row.state = db_col_text(st, 2);
	row.reason = db_col_text(st, 3);
	if (row.ip == NULL || row.state == NULL)
		return 0;
	return it->cb.held(it->arg, &row);
}

int
db_foreach_held(struct db *db, int64_t scan_id, db_held_cb cb, void *arg)
{
	struct row_iter	 it = { .cb.held = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT scan_id, ip, state, reason"
	    " FROM scan_held WHERE scan_id = ?1 ORDER BY ip", scan_id, NULL,
	    held_row, &it, "cannot read the held addresses");
}

int
db_foreach_host_scan(struct db *db, int64_t scan_id, db_host_scan_cb cb,
    void *arg)
{
	struct row_iter	 it = { .cb.host_scan = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT host_id, scan_id, state, reason, how"
	    " FROM host_scans WHERE ?1 = 0 OR scan_id = ?1"
	    " ORDER BY scan_id, host_id", scan_id, NULL, host_scan_row, &it,
	    "cannot read the host states");
}

static int
scan_row(sqlite3_stmt *st, struct row_iter *it)
{
	struct db_scan_row	 row;

	row.id = db_col_int(st, 0);
	row.started = db_col_int(st, 1);
	row.finished = db_col_int(st, 2);
	row.status = db_col_text(st, 3);
	row.targets = db_col_text(st, 4);
	row.options = db_col_text(st, 5);
	row.stats = db_col_text(st, 6);
	if (row.status == NULL)
		row.status = "";
	if (row.targets == NULL)
		row.targets = "";
	if (row.options == NULL)
		row.options = "{}";
	return it->cb.scan(it->arg, &row);
}

int
db_foreach_scan(struct db *db, db_scan_cb cb, void *arg)
{
	struct row_iter	 it = { .cb.scan = cb, .arg = arg };

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	return walk_query(db, "SELECT id, started, finished, status,"
	    " targets, options, stats FROM scans ORDER BY id DESC", 0, NULL,
	    scan_row, &it, "cannot list the scans");
}

/* Store the first row's scan id and stop: walk_query() then returns 1. */
static int
identity_row(sqlite3_stmt *st, struct row_iter *it)
{
	*it->scan_id = db_col_int(st, 0);
	return 1;
}

int
db_identity_scan(struct db *db, int64_t host_id, int64_t *scan_id)
{
	struct row_iter	 it = { .scan_id = scan_id };
	int		 r;

	if (scan_id != NULL)
		*scan_id = 0;
	if (db == NULL || scan_id == NULL)
		return IOMT_EINVAL;
	r = walk_query(db, "SELECT scan_id FROM identities WHERE host_id = ?1",
	    host_id, NULL, identity_row, &it, "cannot read the identity");
	if (r == 1)
		return 0;
	if (r == 0)
		return IOMT_ENOTFOUND;
	return r;
}

