/*
 * src/db/db-int.h - what the files of the inventory layer share and
 * nothing outside src/db/ may see: the connection, the table of prepared
 * statements and the small SQLite helpers.
 *
 * The folder src/db/ is the only place that includes <sqlite3.h>.  Every
 * statement the layer runs after the schema is in place is prepared once in
 * db_open() (the table db_sql[] in schema.c, indexed by enum db_st) and
 * finalized in db_close(); every string that came from a device is bound
 * as a parameter, never formatted into SQL.  The files:
 *   store.c   open (pragmas, WAL, the privilege-drop rules), close, batches
 *   schema.c  the migrations and the statement table
 *   write.c   recording scans, hosts, services, observations, the audit
 *   read.c    row readers (db_host_get, db_foreach_*) and checks
 *   inventory.c  the read model the views are built from
 *   facts.c   inventory rows to policy facts
 *   annotate.c   annotations people and ledgers give hosts
 *   csaf.c    the CSAF 2.0 advisory reader (with limits)
 *   vers.c    version ranges ("vers:", "prior to 1.5.8", "v6.x")
 *   advisory.c   imported advisories: revisions, provenance
 *   advmatch.c   which advisories concern which host (and SBOM component)
 *   advid.c   CPE and package URL normalise and compare
 *   devdocs.c    MDS2 forms and vendor SBOMs per model, linked to hosts
 *   sbom.c    the CycloneDX / SPDX reader (with limits)
 *   snapshot.c   one scan as it was, for diff
 */
#ifndef IOMT_DB_INT_H
#define IOMT_DB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"

#define DB_APPLICATION_ID	0x494f4d54	/* "IOMT" */
#define DB_VALUE_MAX		4096	/* observation values, banners */
#define DB_TEXT_MAX		(64 * 1024)	/* any other bound string */

enum db_st {
	ST_BEGIN, ST_BEGIN_READ, ST_COMMIT, ST_ROLLBACK,
	ST_SCAN_INSERT, ST_SCAN_END, ST_SCAN_RUNNING, ST_SCAN_ABORT,
	ST_SCANS_ALL,
	ST_HOST_UPSERT, ST_HOST_FIND, ST_HOST_GET, ST_HOST_LIST,
	ST_HS_LINK, ST_HS_STATE, ST_HS_IDENTITY, ST_HS_LAST, ST_HS_OF,
	ST_SVC_UPSERT, ST_SVC_OF,
	ST_SS_SET, ST_SS_SILENT, ST_SS_APPLY, ST_SS_OF,
	ST_HELD_SET, ST_HELD_FIND,
	ST_OBS_INSERT, ST_OBS_EACH, ST_OBS_LATEST, ST_OBS_COUNT,
	ST_AUDIT_INSERT, ST_AUDIT_COUNT,
	ST_ERROR_INSERT,
	ST_ID_UPSERT, ST_ID_OF,
	ST_FIND_UPSERT, ST_FS_LINK, ST_SCOPE_ADD, ST_FIND_OF,
	ST_FRAG_UPSERT, ST_FRAG_OF,
	ST_INTEGRITY, ST_FKCHECK,
	ST_COUNT_SCANS, ST_COUNT_HOSTS, ST_COUNT_HOST_SCANS,
	ST_COUNT_SERVICES, ST_COUNT_OBSERVATIONS, ST_COUNT_AUDIT,
	ST_COUNT_ERRORS, ST_COUNT_IDENTITIES, ST_COUNT_FINDINGS,
	ST_COUNT_HOST_FRAGILE, ST_COUNT_SERVICE_SCANS, ST_COUNT_SCAN_HELD,
	ST_COUNT_FINDING_SCANS, ST_COUNT_SCAN_SCOPE,
	ST__COUNT
};

/* The SQL of each statement, and the tables db_count() knows (schema.c). */
extern const char *const db_sql[ST__COUNT];
struct db_table {
	const char	*name;
	enum db_st	 st;
};
extern const struct db_table db_tables[];
extern const size_t db_ntables;

struct db {
	sqlite3		*h;
	sqlite3_stmt	*st[ST__COUNT];
	int		 depth;		/* db_begin() nesting */
	int		 reading;	/* a read transaction of ours is open */
	int		 rdonly;
	int64_t		 now;		/* fixed clock for tests, or 0 */
	int		 damaged;	/* SQLite said corrupt / not a db */
	char		 err[512];
	struct buf	 host_buf;	/* strings of db_host_get() */
	struct buf	 id_buf;	/* strings of db_host_identity_get() */
	/*
	 * The advisories as last loaded for matching (advmatch.c), kept
	 * while PRAGMA data_version says no other connection wrote and
	 * this one imported nothing, so loading host after host (an
	 * export) reads them once.
	 */
	struct advisory_set *adv_cache;
	int64_t		 adv_dv;
};

/*
 * Take the schema of the open connection from version from to
 * DB_SCHEMA_VERSION, one migration per transaction (schema.c).  Return 0
 * or IOMT_EDB with the message in db->err.
 */
int	db_migrate(struct db *db, int64_t from);

/* The clock every timestamp is taken from (db_set_now()), Unix seconds. */
int64_t	db_now(const struct db *db);

/*
 * Remember SQLite's message for rc as "what: message"; return IOMT_EDB,
 * or IOMT_EDAMAGED (and set db->damaged) when rc says the file is
 * corrupt or not a database.
 */
int	db_sqlerr(struct db *db, int rc, const char *what);

/* Column i of the current row: text (NULL for NULL), its length, integer. */
const char *db_col_text(sqlite3_stmt *st, int i);
size_t	db_col_len(sqlite3_stmt *st, int i);
int64_t	db_col_int(sqlite3_stmt *st, int i);

/*
 * Bind s (NULL binds NULL) to parameter i, cut to max bytes on a
 * character boundary.  Return SQLite's code.
 */
int	db_bind_text(sqlite3_stmt *st, int i, const char *s, size_t max);

/* Bind scan_id, or NULL when it is not a scan (<= 0). */
int	db_bind_scan(sqlite3_stmt *st, int i, int64_t scan_id);

/* Reset st for its next use and drop its bindings. */
void	db_st_done(sqlite3_stmt *st);

/*
 * Step the bound prepared statement k to completion, then reset it.
 * Return 0 or IOMT_EDB (what names the action in the message).
 */
int	db_run(struct db *db, enum db_st k, const char *what);

/* As db_run() for a one-integer query ("SELECT count(*)"): into *out. */
int	db_run_int(struct db *db, enum db_st k, int64_t *out,
	    const char *what);

/* Run sql outside the prepared set (open time only).  0 or IOMT_EDB. */
int	db_exec(struct db *db, const char *sql);

/*
 * Read one integer with a one-off statement (open time only) into *out;
 * SQLite's code goes to *rcp when rcp is not NULL.  0 or IOMT_EDB.
 */
int	db_pragma_int(struct db *db, const char *sql, int64_t *out, int *rcp);

/*
 * Begin a read transaction so that a view sees one consistent state,
 * unless a write batch or a read is already open; db_read_end() ends it.
 * Return 0 or IOMT_EDB.
 */
int	db_read_begin(struct db *db);
void	db_read_end(struct db *db);

/*
 * Leave a write opened with db_begin(): commit when r is 0, otherwise
 * roll back at the top level.  Return r, or the commit's error.
 */
int	db_leave(struct db *db, int r);

/* Commit what the current batch holds so far and go on batching. */
int	db_flush(struct db *db);

/* 1 if s is one of the NULL-terminated set, else 0 (NULL is not). */
int	db_one_of(const char *s, const char *const *set);

/* 1 if ip is an acceptable address text (non-empty, short), else 0. */
int	db_ip_ok(const char *ip);

/*
 * A copy of s (NULL gives NULL) owned by inv's pool (inventory.c): lives
 * until db_inventory_free().
 */
const char *db_inv_keep(struct inventory *inv, const char *s);

/*
 * Attach the current annotations to the hosts of inv (annotate.c): every
 * host's annot/n_annot.  Runs inside the loader's read transaction.
 * Return 0 or IOMT_EDB.
 */
int	db_annot_attach(struct db *db, struct inventory *inv);

/*
 * Attach the imported advisories that concern each host of inv
 * (inv_host.adv, advmatch.c), inside the loader's read transaction.
 * Return 0 or IOMT_EDB.
 */
int	db_adv_attach(struct db *db, struct inventory *inv);

/*
 * Load the imported MDS2 forms and SBOMs into inv (inv->mds2, inv->sbom)
 * and link each host of inv to its model's (inv_host.mds2, .sbom),
 * inside the loader's read transaction.  Return 0 or IOMT_EDB.
 */
int	db_devdocs_attach(struct db *db, struct inventory *inv);

/* Free what db_devdocs_attach() added to inv.  Never fails. */
void	db_devdocs_free(struct inventory *inv);

#endif /* IOMT_DB_INT_H */
