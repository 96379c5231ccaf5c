/*
 * src/db/store.c - the SQLite connection of the inventory: open (pragmas,
 * WAL, the checks that a file is an inventory this program may use),
 * close, write batches and the SQLite helpers the layer shares.
 *
 * A database whose user_version is newer than this program is refused
 * rather than misread, and a file that is not an iomtscan inventory is
 * never written to.  Schema and statements: schema.c.
 *
 * Durability: the journal is in WAL mode and the engine writes inside
 * db_begin()/db_commit() batches, so a scan killed at any moment (kill -9
 * included) leaves the database as of its last committed batch; SQLite's
 * WAL recovery discards the half-written one.  A scan left "running" by a
 * process that no longer exists is marked "aborted" by the next read-write
 * open.  synchronous=NORMAL: a power cut may lose the last batches, never
 * consistency.
 *
 * Privilege drop: the scanner opens the database as root and then switches
 * to an unprivileged user (nobody) that may not create files in the
 * database's directory.  So db_open() leaves the connection needing no new
 * file: after switching to WAL it sets SQLITE_FCNTL_PERSIST_WAL (the -wal
 * and -shm files are kept, not unlinked and recreated, when the connection
 * closes; journal_size_limit truncates the -wal instead), uses in-memory
 * temporary storage, and runs a read so that the -wal and -shm files are
 * already open.  The descriptors opened as root stay usable after setuid(),
 * which the unit test db_privdrop_write checks.  db_close() of a
 * read-write connection goes back to a rollback journal, so a clean exit
 * leaves no -wal or -shm (when the user may still remove them).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "db-int.h"

#define DB_BUSY_MS		5000
#define DB_WAL_LIMIT		(4 * 1024 * 1024)
/* Longest quick check at open; 4,000 hosts take 0.1 s (SCHEMA.md). */
#define DB_QUICK_CHECK_MS	2000

/* ---- SQLite helpers ----------------------------------------------------- */

int64_t
db_now(const struct db *db)
{
	return db->now != 0 ? db->now : (int64_t)time(NULL);
}

/* Remember SQLite's message for rc and return IOMT_EDB. */
int
db_sqlerr(struct db *db, int rc, const char *what)
{
	const char	*msg;
	int		 damaged = 0;

	if ((rc & 0xff) == SQLITE_NOTADB) {
		msg = "file is not a database (not an SQLite file, or corrupt)";
		damaged = 1;
	} else if ((rc & 0xff) == SQLITE_CORRUPT) {
		msg = "database disk image is malformed (corrupt)";
		damaged = 1;
	} else
		msg = sqlite3_errmsg(db->h);
	snprintf(db->err, sizeof(db->err), "%s: %s", what, msg);
	log_debug("%s (code %d)", db->err, rc);
	if (damaged) {
		db->damaged = 1;
		return IOMT_EDAMAGED;
	}
	return IOMT_EDB;
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

size_t
db_col_len(sqlite3_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st, i);
}

int64_t
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return sqlite3_bind_null(st, i);
	n = strlen(s);
	if (n > max) {
		/* Cut on a character boundary. */
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

int
db_bind_scan(sqlite3_stmt *st, int i, int64_t scan_id)
{
	if (scan_id <= 0)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, scan_id);
}

/* Reset st for its next use (and drop its bindings). */
void
db_st_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/*
 * Step the bound statement k to completion, then reset it.  Return 0 or
 * IOMT_EDB.
 */
int
db_run(struct db *db, enum db_st k, const char *what)
{
	sqlite3_stmt	*st = db->st[k];
	int		 rc;

	if (db->damaged) {
		db_st_done(st);
		return IOMT_EDAMAGED;
	}
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* Step a "SELECT count(*)"-like statement: one integer. */
int
db_run_int(struct db *db, enum db_st k, int64_t *out, const char *what)
{
	sqlite3_stmt	*st = db->st[k];
	int		 rc;

	*out = 0;
	if (db->damaged) {
		db_st_done(st);
		return IOMT_EDAMAGED;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = db_col_int(st, 0);
		rc = SQLITE_DONE;
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* Run one statement outside the prepared set (open time only). */
int
db_exec(struct db *db, const char *sql)
{
	int	 rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot set up the database");
	return 0;
}

/* Read one integer with a one-off statement (open time only). */
int
db_pragma_int(struct db *db, const char *sql, int64_t *out, int *rcp)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*out = 0;
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rcp != NULL)
		*rcp = rc;
	if (rc != SQLITE_OK) {
		int	 r = db_sqlerr(db, rc, "cannot read the database");

		sqlite3_finalize(st);
		return r;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Begin a read transaction for a consistent view, unless in a batch. */
int
db_read_begin(struct db *db)
{
	int	 r;

	if (db->depth > 0 || db->reading)
		return 0;
	if ((r = db_run(db, ST_BEGIN_READ, "cannot read")) != 0)
		return r;
	db->reading = 1;
	return 0;
}

void
db_read_end(struct db *db)
{
	if (!db->reading)
		return;
	db->reading = 0;
	if (db_run(db, ST_COMMIT, "cannot end the read") != 0)
		db_run(db, ST_ROLLBACK, "cannot end the read");
}

/*
 * Mark scans whose process is gone as "aborted".  A scan whose pid is
 * still alive (another scan writing into the same file right now) is
 * left alone; its own db_scan_end() will settle it.
 */
static int
db_mark_aborted(struct db *db)
{
	sqlite3_stmt	*st = db->st[ST_SCAN_RUNNING];
	int64_t		 ids[64];
	size_t		 n = 0, i;
	int		 rc, r;

	for (;;) {
		int64_t	 pid;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		pid = db_col_int(st, 1);
		if (pid == (int64_t)getpid())
			continue;
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		if (n < sizeof(ids) / sizeof(ids[0]))
			ids[n++] = db_col_int(st, 0);
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, "cannot read the scans");
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(db->st[ST_SCAN_ABORT], 1, ids[i]);
		if ((r = db_run(db, ST_SCAN_ABORT,
		    "cannot mark a killed scan aborted")) != 0)
			return r;
		log_info("scan %lld was left running by a process that is "
		    "gone; marked aborted", (long long)ids[i]);
	}
	return 0;
}

/*
 * Open the connection with SQLite flags oflags and check, reading only,
 * that the file is an iomtscan inventory this program may use.  *version
 * receives its schema version.
 */
static int
db_connect(struct db *db, const char *path, int oflags, int64_t *version,
    int *rcp)
{
	int64_t	 appid, ntables;
	int	 rc;

	*rcp = SQLITE_OK;
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		int	 e = db->h != NULL ? sqlite3_system_errno(db->h) : 0;

		*rcp = rc;
		if (e != 0)
			snprintf(db->err, sizeof(db->err), "%s (%s)",
			    db->h != NULL ? sqlite3_errmsg(db->h) :
			    "unable to open database file", strerror(e));
		else
			snprintf(db->err, sizeof(db->err), "%s",
			    db->h != NULL ? sqlite3_errmsg(db->h) :
			    "out of memory");
		return IOMT_EDB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	if (db_pragma_int(db, "PRAGMA user_version", version, rcp) != 0 ||
	    db_pragma_int(db, "PRAGMA application_id", &appid, rcp) != 0 ||
	    db_pragma_int(db, "SELECT count(*) FROM sqlite_master", &ntables,
	    rcp) != 0)
		return IOMT_EDB;
	log_debug("%s: schema version %lld, application id 0x%llx, %lld "
	    "schema objects", path, (long long)*version,
	    (unsigned long long)appid, (long long)ntables);
	if (appid != DB_APPLICATION_ID && (appid != 0 || *version != 0 ||
	    ntables != 0)) {
		snprintf(db->err, sizeof(db->err), "not an iomtscan inventory "
		    "(an SQLite database of another program); refusing to "
		    "use it");
		return IOMT_EDB;
	}
	if (*version > DB_SCHEMA_VERSION) {
		snprintf(db->err, sizeof(db->err), "the database has schema "
		    "version %lld, newer than this iomtscan understands "
		    "(%d); use a newer iomtscan or another --db file",
		    (long long)*version, DB_SCHEMA_VERSION);
		return IOMT_EDB;
	}
	if (!(oflags & SQLITE_OPEN_READWRITE) || db->rdonly) {
		if (*version == 0) {
			snprintf(db->err, sizeof(db->err), "the database is "
			    "empty (no scan has been recorded in it)");
			return IOMT_EDB;
		}
		if (*version < DB_SCHEMA_VERSION) {
			snprintf(db->err, sizeof(db->err), "schema version "
			    "%lld is older than this iomtscan's (%d); run a "
			    "scan into it once to upgrade it",
			    (long long)*version, DB_SCHEMA_VERSION);
			return IOMT_EDB;
		}
	}
	return 0;
}

/* Can rc be cured by opening another way (not a bad or missing file)? */
static int
db_retryable(int rc)
{
	return (rc & 0xff) == SQLITE_CANTOPEN ||
	    (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_BUSY;
}

/* Is the WAL file of path absent or empty (nothing uncommitted to miss)? */
static int
db_wal_empty(const char *path)
{
	char		 wal[4096];
	struct stat	 sb;

	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal))
		return 0;
	if (stat(wal, &sb) != 0)
		return errno == ENOENT;
	return sb.st_size == 0;
}

/*
 * Open path for reading only.  A WAL database can be read only through
 * its -shm file, which a user who may not write the directory cannot
 * create.  So: read-only first; then read-write without creating (a
 * -shm this user may write), with query_only set; then, when the -wal
 * holds nothing, as an immutable file, which needs no -shm at all.
 */
static int
db_open_readonly(struct db *db, const char *path, int64_t *version)
{
	char	 first[sizeof(db->err)];
	int	 r, rc, one = 1;

	r = db_connect(db, path, SQLITE_OPEN_READONLY, version, &rc);
	if (r == 0 || !db_retryable(rc) || access(path, F_OK) != 0)
		return r;
	strlcpy(first, db->err, sizeof(first));
	sqlite3_close_v2(db->h);
	db->h = NULL;
	r = db_connect(db, path, SQLITE_OPEN_READWRITE, version, &rc);
	if (r == 0) {
		sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &one);
		return db_exec(db, "PRAGMA query_only = ON");
	}
	if (db_retryable(rc) && db_wal_empty(path)) {
		struct buf	 uri = { NULL, 0, 0 };
		const char	*p;

		sqlite3_close_v2(db->h);
		db->h = NULL;
		buf_add(&uri, "file:");
		for (p = path; *p != '\0'; p++) {
			if (*p == '%' || *p == '?' || *p == '#' ||
			    (unsigned char)*p <= 0x20)
				buf_addf(&uri, "%%%02X", (unsigned char)*p);
			else
				buf_addc(&uri, *p);
		}
		buf_add(&uri, "?immutable=1");
		r = db_connect(db, uri.p, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, version, &rc);
		buf_free(&uri);
		if (r == 0)
			return 0;
	}
	if (db_retryable(rc))
		snprintf(db->err, sizeof(db->err), "cannot read it as this "
		    "user: its -shm file is missing or not accessible and "
		    "the directory is not writable (run as the user that "
		    "scanned, or give read access) [%.200s]", first);
	return r;
}

/* Switch a read-write connection to WAL, ready for a privilege drop. */
static int
db_setup_wal(struct db *db)
{
	sqlite3_stmt	*st = NULL;
	const char	*mode;
	int		 rc, one = 1, r = IOMT_EDB;
	char		 sql[64];

	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_sqlerr(db, rc, "cannot switch the database to WAL mode");
		goto out;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		snprintf(db->err, sizeof(db->err), "cannot switch the "
		    "database to WAL mode (journal mode is %s)",
		    mode != NULL ? mode : "unknown");
		goto out;
	}
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit = %d",
	    DB_WAL_LIMIT);
	if ((r = db_exec(db, sql)) != 0 ||
	    (r = db_exec(db, "PRAGMA synchronous = NORMAL")) != 0)
		goto out;
	r = 0;
 out:
	sqlite3_finalize(st);
	return r;
}

/* Stop a quick check that has run past its deadline (CLOCK_MONOTONIC). */
struct db_qc {
	struct timespec	 deadline;
	int		 cut;
};

static int
db_qc_progress(void *arg)
{
	struct db_qc	*q = arg;
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > q->deadline.tv_sec ||
	    (now.tv_sec == q->deadline.tv_sec &&
	    now.tv_nsec >= q->deadline.tv_nsec)) {
		q->cut = 1;
		return 1;
	}
	return 0;
}

/*
 * Run SQLite's quick check (every page and index entry read, no index
 * cross-check) on the file as it is, before anything writes to it.  The
 * check reads the whole file; it is cut after DB_QUICK_CHECK_MS so that
 * opening a very large inventory stays bounded (then the damage is still
 * caught by SQLITE_CORRUPT on the page that is read).  Return 0,
 * IOMT_EDAMAGED with SQLite's first complaint in db->err, or IOMT_EDB.
 */
static int
db_quick_check(struct db *db)
{
	sqlite3_stmt	*st = NULL;
	struct db_qc	 q = { { 0, 0 }, 0 };
	const char	*res;
	int		 rc, r = 0;

	clock_gettime(CLOCK_MONOTONIC, &q.deadline);
	q.deadline.tv_sec += DB_QUICK_CHECK_MS / 1000;
	q.deadline.tv_nsec += (long)(DB_QUICK_CHECK_MS % 1000) * 1000000L;
	if (q.deadline.tv_nsec >= 1000000000L) {
		q.deadline.tv_sec++;
		q.deadline.tv_nsec -= 1000000000L;
	}
	sqlite3_progress_handler(db->h, 1000, db_qc_progress, &q);
	rc = sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res = (const char *)sqlite3_column_text(st, 0);
		if (res == NULL || strcmp(res, "ok") != 0) {
			char	*p;

			snprintf(db->err, sizeof(db->err), "quick check: %s",
			    res != NULL ? res : "no answer");
			for (p = db->err; *p != '\0'; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			db->damaged = 1;
			r = IOMT_EDAMAGED;
		}
	} else if ((rc & 0xff) == SQLITE_INTERRUPT && q.cut)
		log_info("the quick check of the database was cut after "
		    "%d ms (a large file); damage is still detected on "
		    "every page read", DB_QUICK_CHECK_MS);
	else
		r = db_sqlerr(db, rc, "cannot check the database");
	sqlite3_finalize(st);
	sqlite3_progress_handler(db->h, 0, NULL, NULL);
	return r;
}

static void
db_free(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(db->st[i]);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	buf_free(&db->host_buf);
	buf_free(&db->id_buf);
	db_advisories_free(db->adv_cache);
	free(db);
}

int
db_open(const char *path, int flags, struct db **out, char *errbuf,
    size_t errlen)
{
	struct db	*db = NULL;
	int64_t		 version = 0, n;
	int		 r = IOMT_EDB, rc;
	size_t		 i;

	if (out != NULL)
		*out = NULL;
	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (path == NULL || out == NULL || path[0] == '\0') {
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "no database path");
		return IOMT_EINVAL;
	}
	db = xcalloc(1, sizeof(*db));
	db->rdonly = (flags & DB_RDONLY) != 0;
	if (db->rdonly) {
		if ((r = db_open_readonly(db, path, &version)) != 0 ||
		    (r = db_quick_check(db)) != 0)
			goto out;
	} else {
		if ((r = db_connect(db, path, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_CREATE, &version, &rc)) != 0)
			goto out;
		/* Before the first byte is written (WAL switch included). */
		if ((r = db_quick_check(db)) != 0)
			goto out;
		if (sqlite3_db_readonly(db->h, "main") == 1) {
			snprintf(db->err, sizeof(db->err), "the database file "
			    "is not writable (%s)", strerror(EACCES));
			r = IOMT_EDB;
			goto out;
		}
		if ((r = db_setup_wal(db)) != 0)
			goto out;
	}
	if ((r = db_exec(db, "PRAGMA foreign_keys = ON")) != 0 ||
	    (r = db_exec(db, "PRAGMA temp_store = MEMORY")) != 0)
		goto out;
	if (!db->rdonly && (r = db_migrate(db, version)) != 0)
		goto out;
	for (i = 0; i < ST__COUNT; i++) {
		rc = sqlite3_prepare_v3(db->h, db_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL);
		if (rc != SQLITE_OK) {
			r = db_sqlerr(db, rc, "cannot prepare a statement");
			log_debug("statement %zu: %s", i, db_sql[i]);
			goto out;
		}
	}
	if (!db->rdonly && (r = db_mark_aborted(db)) != 0)
		goto out;
	/* A read now opens the -wal and -shm files (see the top). */
	if ((r = db_run_int(db, ST_COUNT_SCANS, &n, "cannot read the "
	    "database")) != 0)
		goto out;
	*out = db;
	db = NULL;
	r = 0;
 out:
	if (db != NULL) {
		if (db->damaged)
			r = IOMT_EDAMAGED;
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "%s", db->err[0] != '\0' ?
			    db->err : "cannot open the database");
		db_free(db);
	}
	return r;
}

struct db *
db_close(struct db *db)
{
	if (db == NULL)
		return NULL;
	db_read_end(db);
	if (db->depth > 0) {
		db->depth = 1;
		if (db_commit(db) != 0)
			log_warn("database: %s", db->err);
	}
	/*
	 * Fold the WAL into the database now: SQLite's own checkpoint at
	 * close is skipped when it cannot stat() the file's path, as after
	 * the privilege drop in a directory only root may enter.  Passive,
	 * so a reader never makes close wait.
	 */
	if (!db->rdonly) {
		int	 zero = 0;

		sqlite3_wal_checkpoint_v2(db->h, "main",
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		/* Leave no -wal/-shm behind: back to a rollback journal
		 * (the next read-write open switches to WAL again).  Fails
		 * harmlessly while another connection has the file open. */
		sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &zero);
		sqlite3_exec(db->h, "PRAGMA journal_mode = DELETE", NULL, NULL,
		    NULL);
	}
	db_free(db);
	return NULL;
}

int
db_damaged(const struct db *db)
{
	return db != NULL && db->damaged;
}

const char *
db_errmsg(const struct db *db)
{
	if (db == NULL)
		return "no database";
	return db->err[0] != '\0' ? db->err : "no error";
}

void
db_set_now(struct db *db, int64_t now)
{
	if (db != NULL)
		db->now = now;
}

/* ---- write batches ------------------------------------------------------ */

int
db_begin(struct db *db)
{
	int	 r;

	if (db == NULL || db->rdonly)
		return IOMT_EINVAL;
	if (db->depth == 0) {
		db_read_end(db);
		if ((r = db_run(db, ST_BEGIN, "cannot start a write")) != 0)
			return r;
	}
	db->depth++;
	return 0;
}

int
db_commit(struct db *db)
{
	int	 r;

	if (db == NULL || db->depth == 0)
		return IOMT_EINVAL;
	if (--db->depth > 0)
		return 0;
	if ((r = db_run(db, ST_COMMIT, "cannot commit")) != 0) {
		/* Never leave a half-committed batch open. */
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_step(db->st[ST_ROLLBACK]);
		sqlite3_reset(db->st[ST_ROLLBACK]);
	}
	return r;
}

/* Leave a nested write: commit on success, roll back at the top level. */
int
db_leave(struct db *db, int r)
{
	if (r == 0)
		return db_commit(db);
	if (db->depth == 1) {
		db->depth = 0;
		sqlite3_step(db->st[ST_ROLLBACK]);
		sqlite3_reset(db->st[ST_ROLLBACK]);
	} else if (db->depth > 1)
		db->depth--;
	return r;
}

/* Commit what the current batch holds so far and go on batching. */
int
db_flush(struct db *db)
{
	int	 depth = db->depth, r;

	if (depth == 0)
		return 0;
	db->depth = 1;
	r = db_commit(db);
	if (db_begin(db) == 0)
		db->depth = depth;
	return r;
}

int
db_one_of(const char *s, const char *const *set)
{
	if (s == NULL)
		return 0;
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}
