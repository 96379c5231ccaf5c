/*
 * src/db/schema.c - the inventory's schema: the migrations that create and
 * upgrade it, and the SQL of every statement the layer prepares.
 *
 * The schema is created and upgraded by the migrations in db_migrations[],
 * keyed on PRAGMA user_version: migration N takes the schema from version
 * N - 1 to N, so a change appends migration N + 1 and raises
 * DB_SCHEMA_VERSION; a shipped migration is never edited.  Keeping the
 * statements next to the tables they touch lets a reviewer check a query
 * against its columns in one file (docs/SCHEMA.md explains each table).
 */
#include "config.h"

#include <stdio.h>

#include "db-int.h"

/*
 * Migrations.  db_migrations[i] takes the schema from version i to i + 1.
 * Never edit a shipped migration; append a new one and raise
 * DB_SCHEMA_VERSION (docs/SCHEMA.md explains each table).
 */
static const char *const db_migrations[] = {
	/* 1: everything. */
	"CREATE TABLE scans ("
	" id INTEGER PRIMARY KEY,"
	" started INTEGER NOT NULL,"
	" finished INTEGER,"
	" status TEXT NOT NULL DEFAULT 'running',"
	" targets TEXT NOT NULL DEFAULT '',"
	" options TEXT NOT NULL DEFAULT '{}',"
	" stats TEXT,"
	" version TEXT NOT NULL,"
	" pid INTEGER);"
	"CREATE TABLE hosts ("
	" id INTEGER PRIMARY KEY,"
	" ip TEXT NOT NULL UNIQUE,"
	" mac TEXT,"
	" oui_vendor TEXT,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" first_scan INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" last_scan INTEGER REFERENCES scans(id) ON DELETE SET NULL);"
	"CREATE TABLE host_scans ("
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	" state TEXT NOT NULL,"
	" reason TEXT,"
	" how TEXT,"
	" PRIMARY KEY (host_id, scan_id)) WITHOUT ROWID;"
	"CREATE INDEX host_scans_scan ON host_scans(scan_id);"
	"CREATE TABLE services ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" proto TEXT NOT NULL,"
	" port INTEGER NOT NULL,"
	" state TEXT NOT NULL,"
	" service TEXT,"
	" banner TEXT,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" first_scan INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" last_scan INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" UNIQUE (host_id, proto, port));"
	"CREATE TABLE observations ("
	" id INTEGER PRIMARY KEY,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE CASCADE,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" proto TEXT,"
	" port INTEGER NOT NULL DEFAULT 0,"
	" probe TEXT,"
	" key TEXT NOT NULL,"
	" value TEXT,"
	" t INTEGER NOT NULL);"
	"CREATE INDEX observations_host ON observations(host_id, scan_id);"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE CASCADE,"
	" t_us INTEGER NOT NULL,"
	" ip TEXT NOT NULL,"
	" proto TEXT,"
	" port INTEGER NOT NULL DEFAULT 0,"
	" kind TEXT NOT NULL,"
	" bytes INTEGER NOT NULL DEFAULT 0,"
	" detail TEXT);"
	"CREATE INDEX audit_ip_t ON audit(ip, t_us);"
	"CREATE TABLE errors ("
	" id INTEGER PRIMARY KEY,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE CASCADE,"
	" t INTEGER NOT NULL,"
	" source TEXT NOT NULL,"
	" message TEXT NOT NULL);"
	"CREATE TABLE identities ("
	" host_id INTEGER PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" vendor TEXT,"
	" model TEXT,"
	" device_class TEXT,"
	" firmware TEXT,"
	" os TEXT,"
	" confidence INTEGER NOT NULL DEFAULT 0,"
	" evidence TEXT NOT NULL DEFAULT '[]',"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE findings ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" finding_id TEXT NOT NULL,"
	" severity TEXT NOT NULL,"
	" port INTEGER NOT NULL DEFAULT 0,"
	" title TEXT NOT NULL,"
	" detail TEXT,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" UNIQUE (host_id, finding_id, port));"
	"CREATE TABLE host_fragile ("
	" host_id INTEGER PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,"
	" profile_id TEXT NOT NULL,"
	" hazard TEXT,"
	" policy TEXT,"
	" matched_on TEXT,"
	" scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,"
	" updated INTEGER NOT NULL);"
	"PRAGMA application_id = 1229933908;",	/* DB_APPLICATION_ID */
	/* 2: each service's state in each scan; addresses a scan held back. */
	"CREATE TABLE service_scans ("
	" service_id INTEGER NOT NULL REFERENCES services(id)"
	" ON DELETE CASCADE,"
	" scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	" state TEXT NOT NULL,"
	" t INTEGER NOT NULL,"
	" PRIMARY KEY (service_id, scan_id)) WITHOUT ROWID;"
	"CREATE INDEX service_scans_scan ON service_scans(scan_id);"
	"INSERT INTO service_scans (service_id, scan_id, state, t)"
	" SELECT id, last_scan, state, last_seen FROM services"
	" WHERE last_scan IS NOT NULL;"
	"CREATE TABLE scan_held ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	" ip TEXT NOT NULL,"
	" state TEXT NOT NULL,"
	" reason TEXT,"
	" PRIMARY KEY (scan_id, ip)) WITHOUT ROWID;",
	/* 3: annotations people give hosts, and their history. */
	"CREATE TABLE annotations ("
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" field TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" who TEXT,"
	" updated INTEGER NOT NULL,"
	" PRIMARY KEY (host_id, field)) WITHOUT ROWID;"
	"CREATE TABLE annotation_history ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" field TEXT NOT NULL,"
	" before TEXT,"
	" after TEXT,"
	" source TEXT NOT NULL,"
	" who TEXT,"
	" t INTEGER NOT NULL);"
	"CREATE INDEX annotation_history_host ON annotation_history(host_id);",
	/* 4: each time the inventory was compared with the ledger. */
	"CREATE TABLE reconcile_runs ("
	" id INTEGER PRIMARY KEY,"
	" t INTEGER NOT NULL,"
	" ledger TEXT NOT NULL,"
	" rows INTEGER NOT NULL,"
	" matched INTEGER NOT NULL,"
	" unmanaged INTEGER NOT NULL,"
	" missing INTEGER NOT NULL,"
	" not_checked INTEGER NOT NULL,"
	" applied INTEGER NOT NULL,"
	" who TEXT);",
	/*
	 * 5: advisories (CSAF 2.0) as imported: one row per tracking id (the
	 * newest revision), its products, vulnerabilities and what each
	 * vulnerability says about each product (src/db/advisory.c).
	 */
	"CREATE TABLE advisories ("
	" id INTEGER PRIMARY KEY,"
	" tracking_id TEXT NOT NULL UNIQUE,"
	" version TEXT NOT NULL,"
	" status TEXT NOT NULL,"
	" initial_release TEXT NOT NULL,"
	" current_release TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" category TEXT NOT NULL,"
	" publisher TEXT NOT NULL,"
	" publisher_ns TEXT,"
	" file TEXT NOT NULL,"
	" imported INTEGER NOT NULL);"
	"CREATE TABLE advisory_products ("
	" advisory_id INTEGER NOT NULL REFERENCES advisories(id)"
	" ON DELETE CASCADE,"
	" product_id TEXT NOT NULL,"
	" vendor TEXT,"
	" product TEXT,"
	" version TEXT,"
	" version_range TEXT,"
	" full_name TEXT NOT NULL,"
	" PRIMARY KEY (advisory_id, product_id)) WITHOUT ROWID;"
	"CREATE TABLE advisory_vulns ("
	" id INTEGER PRIMARY KEY,"
	" advisory_id INTEGER NOT NULL REFERENCES advisories(id)"
	" ON DELETE CASCADE,"
	" cve TEXT,"
	" title TEXT);"
	"CREATE INDEX advisory_vulns_advisory ON advisory_vulns(advisory_id);"
	"CREATE TABLE advisory_status ("
	" vuln_id INTEGER NOT NULL REFERENCES advisory_vulns(id)"
	" ON DELETE CASCADE,"
	" product_id TEXT NOT NULL,"
	" status TEXT NOT NULL,"
	" cvss REAL,"
	" vector TEXT,"
	" remediation TEXT,"
	" PRIMARY KEY (vuln_id, product_id, status)) WITHOUT ROWID;",
	/*
	 * 6: the makers' documents for a model (src/db/devdocs.c): MDS2 forms
	 * with their answers, vendor SBOMs with their components, one of
	 * each per normalised vendor and model, with provenance.
	 */
	"CREATE TABLE mds2_docs ("
	" id INTEGER PRIMARY KEY,"
	" vendor TEXT NOT NULL,"
	" vendor_key TEXT NOT NULL,"
	" model TEXT NOT NULL,"
	" model_key TEXT NOT NULL,"
	" version TEXT,"
	" doc_id TEXT,"
	" doc_date TEXT,"
	" revision TEXT NOT NULL,"
	" format TEXT NOT NULL,"
	" file TEXT NOT NULL,"
	" imported INTEGER NOT NULL,"
	" UNIQUE (vendor_key, model_key));"
	"CREATE TABLE mds2_answers ("
	" doc INTEGER NOT NULL REFERENCES mds2_docs(id) ON DELETE CASCADE,"
	" qid TEXT NOT NULL,"
	" answer INTEGER NOT NULL,"
	" text TEXT,"
	" question TEXT,"
	" note TEXT,"
	" row INTEGER NOT NULL,"
	" PRIMARY KEY (doc, qid)) WITHOUT ROWID;"
	"CREATE TABLE sbom_docs ("
	" id INTEGER PRIMARY KEY,"
	" vendor TEXT NOT NULL,"
	" vendor_key TEXT NOT NULL,"
	" model TEXT NOT NULL,"
	" model_key TEXT NOT NULL,"
	" version TEXT,"
	" format TEXT NOT NULL,"
	" serial TEXT,"
	" file TEXT NOT NULL,"
	" imported INTEGER NOT NULL,"
	" UNIQUE (vendor_key, model_key));"
	"CREATE TABLE sbom_components ("
	" sbom INTEGER NOT NULL REFERENCES sbom_docs(id) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" version TEXT,"
	" purl TEXT,"
	" cpe TEXT,"
	" supplier TEXT,"
	" type TEXT,"
	" PRIMARY KEY (sbom, idx)) WITHOUT ROWID;",
	/* 7: what each scan saw of a host (MAC, identity), the findings each
	 * scan made, and the address ranges each scan covered. */
	"ALTER TABLE host_scans ADD COLUMN mac TEXT;"
	"ALTER TABLE host_scans ADD COLUMN vendor TEXT;"
	"ALTER TABLE host_scans ADD COLUMN model TEXT;"
	"ALTER TABLE host_scans ADD COLUMN device_class TEXT;"
	"ALTER TABLE host_scans ADD COLUMN firmware TEXT;"
	"ALTER TABLE host_scans ADD COLUMN os TEXT;"
	"ALTER TABLE host_scans ADD COLUMN snap INTEGER;"
	"CREATE TABLE finding_scans ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	" finding_row INTEGER NOT NULL REFERENCES findings(id)"
	" ON DELETE CASCADE,"
	" PRIMARY KEY (scan_id, finding_row)) WITHOUT ROWID;"
	"CREATE INDEX finding_scans_row ON finding_scans(finding_row);"
	"INSERT INTO finding_scans (scan_id, finding_row)"
	" SELECT scan_id, id FROM findings WHERE scan_id IS NOT NULL"
	" AND scan_id IN (SELECT id FROM scans);"
	"CREATE TABLE scan_scope ("
	" scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL,"
	" lo INTEGER NOT NULL,"
	" hi INTEGER NOT NULL);"
	"CREATE INDEX scan_scope_scan ON scan_scope(scan_id);",
	/* 8: the product identification helper of each advisory product
	 * (CPE, package URL), matched against SBOM components. */
	"ALTER TABLE advisory_products"
	" ADD COLUMN cpe TEXT;"
	"ALTER TABLE advisory_products"
	" ADD COLUMN purl TEXT;",
};

_Static_assert(sizeof(db_migrations) / sizeof(db_migrations[0]) ==
    DB_SCHEMA_VERSION, "one migration per schema version");

const char *const db_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SCAN_INSERT] =
	    "INSERT INTO scans (started, status, targets, options, version,"
	    " pid) VALUES (?1, 'running', ?2, ?3, ?4, ?5)",
	[ST_SCAN_END] =
	    "UPDATE scans SET finished = ?2, status = ?3, stats = ?4"
	    " WHERE id = ?1",
	[ST_SCAN_RUNNING] =
	    "SELECT id, pid FROM scans WHERE status = 'running'",
	[ST_SCAN_ABORT] =
	    "UPDATE scans SET status = 'aborted'"
	    " WHERE id = ?1 AND status = 'running'",
	[ST_SCANS_ALL] =
	    "SELECT id, started, finished, status, targets, options, stats,"
	    " version FROM scans ORDER BY id",
	[ST_HOST_UPSERT] =
	    "INSERT INTO hosts (ip, mac, oui_vendor, first_seen, last_seen,"
	    " first_scan, last_scan) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?5)"
	    " ON CONFLICT (ip) DO UPDATE SET"
	    " mac = CASE WHEN excluded.mac IS NULL THEN mac"
	    " ELSE excluded.mac END,"
	    " oui_vendor = CASE WHEN excluded.mac IS NULL THEN oui_vendor"
	    " ELSE excluded.oui_vendor END,"
	    " last_seen = excluded.last_seen,"
	    " first_scan = COALESCE(first_scan, excluded.first_scan),"
	    " last_scan = COALESCE(excluded.last_scan, last_scan)"
	    " RETURNING id",
	[ST_HOST_FIND] = "SELECT id FROM hosts WHERE ip = ?1",
	[ST_HOST_GET] =
	    "SELECT id, ip, mac, oui_vendor, first_seen, last_seen,"
	    " first_scan, last_scan FROM hosts WHERE id = ?1",
	[ST_HOST_LIST] = "SELECT id, ip FROM hosts",
	[ST_HS_LINK] =
	    "INSERT INTO host_scans (host_id, scan_id, state, how, mac, snap)"
	    " VALUES (?1, ?2, 'up', ?3, ?4, 1) ON CONFLICT (host_id, scan_id)"
	    " DO UPDATE SET how = COALESCE(how, excluded.how),"
	    " mac = COALESCE(excluded.mac, mac), snap = 1",
	[ST_HS_STATE] =
	    "INSERT INTO host_scans (host_id, scan_id, state, reason, snap)"
	    " VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (host_id, scan_id)"
	    " DO UPDATE SET state = excluded.state, reason = excluded.reason",
	[ST_HS_IDENTITY] =
	    "UPDATE host_scans SET vendor = i.vendor, model = i.model,"
	    " device_class = i.device_class, firmware = i.firmware, os = i.os"
	    " FROM identities i WHERE i.host_id = ?1"
	    " AND host_scans.host_id = ?1 AND host_scans.scan_id = ?2",
	[ST_HS_LAST] =
	    "SELECT scan_id, state, reason FROM host_scans WHERE host_id = ?1"
	    " ORDER BY scan_id DESC LIMIT 1",
	[ST_HS_OF] =
	    "SELECT h.scan_id, s.started, s.status, h.state, h.reason, h.how"
	    " FROM host_scans h JOIN scans s ON s.id = h.scan_id"
	    " WHERE h.host_id = ?1 ORDER BY h.scan_id",
	[ST_SVC_UPSERT] =
	    "INSERT INTO services (host_id, proto, port, state, service,"
	    " banner, first_seen, last_seen, first_scan, last_scan)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?8)"
	    " ON CONFLICT (host_id, proto, port) DO UPDATE SET"
	    " state = excluded.state,"
	    " service = COALESCE(excluded.service, service),"
	    " banner = COALESCE(excluded.banner, banner),"
	    " last_seen = excluded.last_seen,"
	    " first_scan = COALESCE(first_scan, excluded.first_scan),"
	    " last_scan = COALESCE(excluded.last_scan, last_scan)",
	[ST_SVC_OF] =
	    "SELECT proto, port, state, service, banner, first_seen,"
	    " last_seen, last_scan,"
	    " (SELECT max(scan_id) FROM service_scans x"
	    " WHERE x.service_id = services.id),"
	    " (SELECT max(scan_id) FROM service_scans x"
	    " WHERE x.service_id = services.id AND x.state = 'open')"
	    " FROM services WHERE host_id = ?1 ORDER BY proto, port",
	[ST_SS_SET] =
	    "INSERT INTO service_scans (service_id, scan_id, state, t)"
	    " SELECT id, ?2, ?3, ?4 FROM services"
	    " WHERE host_id = ?1 AND proto = ?5 AND port = ?6"
	    " ON CONFLICT (service_id, scan_id) DO UPDATE SET"
	    " state = excluded.state, t = excluded.t",
	[ST_SS_SILENT] =
	    "INSERT INTO service_scans (service_id, scan_id, state, t)"
	    " SELECT s.id, ?2, CASE s.proto WHEN 'udp' THEN 'open|filtered'"
	    " ELSE 'closed' END, ?4 FROM services s WHERE s.host_id = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM service_scans x"
	    " WHERE x.service_id = s.id AND x.scan_id = ?2)"
	    " AND EXISTS (SELECT 1 FROM audit a WHERE a.ip = ?3"
	    " AND a.scan_id = ?2 AND a.proto = s.proto AND a.port = s.port"
	    " AND a.kind IN ('tcp-connect', 'udp'))"
	    " ON CONFLICT (service_id, scan_id) DO NOTHING",
	[ST_SS_APPLY] =
	    "UPDATE services SET state = x.state, last_scan = x.scan_id"
	    " FROM service_scans x WHERE x.service_id = services.id"
	    " AND x.scan_id = ?2 AND services.host_id = ?1"
	    " AND x.state <> 'open'",
	[ST_SS_OF] =
	    "SELECT s.proto, s.port, x.scan_id, x.state, x.t"
	    " FROM service_scans x JOIN services s ON s.id = x.service_id"
	    " WHERE s.host_id = ?1 ORDER BY s.proto, s.port, x.scan_id",
	[ST_HELD_SET] =
	    "INSERT INTO scan_held (scan_id, ip, state, reason)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (scan_id, ip) DO UPDATE SET"
	    " state = excluded.state, reason = excluded.reason",
	[ST_HELD_FIND] =
	    "SELECT state, reason FROM scan_held WHERE scan_id = ?1 AND ip = ?2",
	[ST_OBS_INSERT] =
	    "INSERT INTO observations (scan_id, host_id, proto, port, probe,"
	    " key, value, t) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_OBS_EACH] =
	    "SELECT scan_id, proto, port, probe, key, value, t"
	    " FROM observations WHERE host_id = ?1"
	    " ORDER BY scan_id DESC, id",
	[ST_OBS_LATEST] =
	    "SELECT scan_id, proto, port, probe, key, value, t"
	    " FROM observations WHERE host_id = ?1 ORDER BY id DESC LIMIT ?2",
	[ST_OBS_COUNT] =
	    "SELECT count(*) FROM observations WHERE host_id = ?1",
	[ST_AUDIT_INSERT] =
	    "INSERT INTO audit (scan_id, t_us, ip, proto, port, kind, bytes,"
	    " detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE ip = ?1",
	[ST_ERROR_INSERT] =
	    "INSERT INTO errors (scan_id, t, source, message)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[ST_ID_UPSERT] =
	    "INSERT INTO identities (host_id, scan_id, vendor, model,"
	    " device_class, firmware, os, confidence, evidence, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
	    " ON CONFLICT (host_id) DO UPDATE SET scan_id = excluded.scan_id,"
	    " vendor = excluded.vendor, model = excluded.model,"
	    " device_class = excluded.device_class,"
	    " firmware = excluded.firmware, os = excluded.os,"
	    " confidence = excluded.confidence,"
	    " evidence = excluded.evidence, updated = excluded.updated",
	[ST_ID_OF] =
	    "SELECT vendor, model, device_class, firmware, os, confidence,"
	    " evidence, updated, scan_id FROM identities WHERE host_id = ?1",
	[ST_FIND_UPSERT] =
	    "INSERT INTO findings (host_id, scan_id, finding_id, severity,"
	    " port, title, detail, first_seen, last_seen)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
	    " ON CONFLICT (host_id, finding_id, port) DO UPDATE SET"
	    " scan_id = excluded.scan_id, severity = excluded.severity,"
	    " title = excluded.title, detail = excluded.detail,"
	    " last_seen = excluded.last_seen",
	[ST_FS_LINK] =
	    "INSERT INTO finding_scans (scan_id, finding_row)"
	    " SELECT ?4, id FROM findings WHERE host_id = ?1"
	    " AND finding_id = ?2 AND port = ?3"
	    " ON CONFLICT (scan_id, finding_row) DO NOTHING",
	[ST_SCOPE_ADD] =
	    "INSERT INTO scan_scope (scan_id, kind, lo, hi)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[ST_FIND_OF] =
	    "SELECT finding_id, severity, port, title, detail, first_seen,"
	    " last_seen FROM findings WHERE host_id = ?1 ORDER BY"
	    " CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1"
	    " WHEN 'low' THEN 2 ELSE 3 END, port, finding_id",
	[ST_FRAG_UPSERT] =
	    "INSERT INTO host_fragile (host_id, profile_id, hazard, policy,"
	    " matched_on, scan_id, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (host_id) DO UPDATE SET"
	    " profile_id = excluded.profile_id, hazard = excluded.hazard,"
	    " policy = excluded.policy, matched_on = excluded.matched_on,"
	    " scan_id = excluded.scan_id, updated = excluded.updated",
	[ST_FRAG_OF] =
	    "SELECT profile_id, hazard, policy, matched_on, scan_id, updated"
	    " FROM host_fragile WHERE host_id = ?1",
	[ST_INTEGRITY] = "PRAGMA integrity_check",
	[ST_FKCHECK] = "PRAGMA foreign_key_check",
	[ST_COUNT_SCANS] = "SELECT count(*) FROM scans",
	[ST_COUNT_HOSTS] = "SELECT count(*) FROM hosts",
	[ST_COUNT_HOST_SCANS] = "SELECT count(*) FROM host_scans",
	[ST_COUNT_SERVICES] = "SELECT count(*) FROM services",
	[ST_COUNT_OBSERVATIONS] = "SELECT count(*) FROM observations",
	[ST_COUNT_AUDIT] = "SELECT count(*) FROM audit",
	[ST_COUNT_ERRORS] = "SELECT count(*) FROM errors",
	[ST_COUNT_IDENTITIES] = "SELECT count(*) FROM identities",
	[ST_COUNT_FINDINGS] = "SELECT count(*) FROM findings",
	[ST_COUNT_HOST_FRAGILE] = "SELECT count(*) FROM host_fragile",
	[ST_COUNT_SERVICE_SCANS] = "SELECT count(*) FROM service_scans",
	[ST_COUNT_SCAN_HELD] = "SELECT count(*) FROM scan_held",
	[ST_COUNT_FINDING_SCANS] = "SELECT count(*) FROM finding_scans",
	[ST_COUNT_SCAN_SCOPE] = "SELECT count(*) FROM scan_scope",
};

const struct db_table db_tables[] = {
	{ "scans", ST_COUNT_SCANS },
	{ "hosts", ST_COUNT_HOSTS },
	{ "host_scans", ST_COUNT_HOST_SCANS },
	{ "services", ST_COUNT_SERVICES },
	{ "observations", ST_COUNT_OBSERVATIONS },
	{ "audit", ST_COUNT_AUDIT },
	{ "errors", ST_COUNT_ERRORS },
	{ "identities", ST_COUNT_IDENTITIES },
	{ "findings", ST_COUNT_FINDINGS },
	{ "host_fragile", ST_COUNT_HOST_FRAGILE },
	{ "service_scans", ST_COUNT_SERVICE_SCANS },
	{ "scan_held", ST_COUNT_SCAN_HELD },
	{ "finding_scans", ST_COUNT_FINDING_SCANS },
	{ "scan_scope", ST_COUNT_SCAN_SCOPE },
};

const size_t db_ntables = sizeof(db_tables) / sizeof(db_tables[0]);

/*
 * Take the schema from version from to DB_SCHEMA_VERSION, one migration
 * per transaction.  The version is re-read under the write lock so two
 * processes opening a new file at once do not both migrate.
 */
int
db_migrate(struct db *db, int64_t from)
{
	int64_t	 v = from;
	int	 r = 0;

	while (v < DB_SCHEMA_VERSION) {
		char	 sql[64];

		if ((r = db_exec(db, "BEGIN IMMEDIATE")) != 0)
			return r;
		if ((r = db_pragma_int(db, "PRAGMA user_version", &v,
		    NULL)) != 0)
			goto fail;
		if (v >= DB_SCHEMA_VERSION) {
			r = db_exec(db, "COMMIT");
			break;
		}
		log_info("migrating the inventory schema to version %d",
		    (int)v + 1);
		if ((r = db_exec(db, db_migrations[v])) != 0)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    (int)v + 1);
		if ((r = db_exec(db, sql)) != 0)
			goto fail;
		if ((r = db_exec(db, "COMMIT")) != 0)
			goto fail;
		v++;
	}
	return r;
 fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return r;
}
