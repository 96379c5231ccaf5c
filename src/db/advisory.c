/*
 * src/db/advisory.c - imported security advisories: storing a CSAF
 * document with its provenance, revisions, and reading them back.
 *
 * An advisory is kept under its tracking id, once: the newest revision
 * wins.  Revisions are ordered by tracking version (compared as a
 * version, so "10" follows "9" and "1.10.0" follows "1.2.0") and then by
 * current_release_date; importing the same
 * revision again changes nothing, a newer one replaces the older (its
 * products, vulnerabilities and statuses go with it, ON DELETE CASCADE),
 * an older one is left out and said so.  Each document is one
 * transaction, so an import that fails half way leaves the database as
 * it was.  The statements run once per document, not per scanned
 * packet, so they are prepared per call (as annotate.c does) rather than
 * in the table db_open() prepares.  docs/ADVISORIES.md.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db-int.h"

static const char *const st_names[] = {
	[CSAF_ST_AFFECTED] = "affected",
	[CSAF_ST_NOT_AFFECTED] = "not_affected",
	[CSAF_ST_FIXED] = "fixed",
	[CSAF_ST_INVESTIGATING] = "under_investigation",
};

static int
st_from_name(const char *s)
{
	for (int i = CSAF_ST_AFFECTED; i <= CSAF_ST_INVESTIGATING; i++)
		if (s != NULL && strcmp(s, st_names[i]) == 0)
			return i;
	return 0;
}

static int
prep(struct db *db, const char *sql, sqlite3_stmt **st)
{
	int	 rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL)) != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot prepare an advisory query");
	return 0;
}

/* Step st once expecting SQLITE_DONE, then reset it. */
static int
step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	int	 rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* "2099-04-10T12:00:00.000Z" and "2099-04-10 12:00:00" compare alike. */
static void
date_key(const char *s, char *dst, size_t dsize)
{
	size_t	 i;

	strlcpy(dst, s != NULL ? s : "", dsize);
	for (i = 0; dst[i] != '\0' && i < 19; i++)
		if (dst[i] == ' ')
			dst[i] = 'T';
	if (strlen(dst) > 19)
		dst[19] = '\0';
}

int
db_advisory_newer(const char *va, const char *da, const char *vb,
    const char *db_)
{
	char	 ka[32], kb[32];
	int	 c = vers_cmp(va, vb);

	if (c != 0)
		return c;
	date_key(da, ka, sizeof(ka));
	date_key(db_, kb, sizeof(kb));
	return strcmp(ka, kb);
}

/* Insert d (no row of its tracking id exists) inside the transaction. */
static int
insert_doc(struct db *db, const struct csaf_doc *d, const char *file)
{
	sqlite3_stmt	*adv = NULL, *prod = NULL, *vul = NULL, *sta = NULL;
	int64_t		 aid;
	int		 r;

	if ((r = prep(db, "INSERT INTO advisories (tracking_id, version,"
	    " status, initial_release, current_release, title, category,"
	    " publisher, publisher_ns, file, imported) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &adv)) != 0 ||
	    (r = prep(db, "INSERT INTO advisory_products (advisory_id,"
	    " product_id, vendor, product, version, version_range,"
	    " full_name, cpe, purl) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9)", &prod)) != 0 ||
	    (r = prep(db, "INSERT INTO advisory_vulns (advisory_id, cve,"
	    " title) VALUES (?1, ?2, ?3)", &vul)) != 0 ||
	    (r = prep(db, "INSERT OR IGNORE INTO advisory_status (vuln_id,"
	    " product_id, status, cvss, vector, remediation)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &sta)) != 0)
		goto out;
	db_bind_text(adv, 1, d->tracking_id, DB_TEXT_MAX);
	db_bind_text(adv, 2, d->version, DB_TEXT_MAX);
	db_bind_text(adv, 3, d->status, DB_TEXT_MAX);
	db_bind_text(adv, 4, d->initial_release, DB_TEXT_MAX);
	db_bind_text(adv, 5, d->current_release, DB_TEXT_MAX);
	db_bind_text(adv, 6, d->title, DB_TEXT_MAX);
	db_bind_text(adv, 7, d->category, DB_TEXT_MAX);
	db_bind_text(adv, 8, d->publisher, DB_TEXT_MAX);
	db_bind_text(adv, 9, d->publisher_ns, DB_TEXT_MAX);
	db_bind_text(adv, 10, file, DB_TEXT_MAX);
	sqlite3_bind_int64(adv, 11, db_now(db));
	if ((r = step_done(db, adv, "cannot store the advisory")) != 0)
		goto out;
	aid = sqlite3_last_insert_rowid(db->h);
	for (size_t i = 0; i < d->n_prod; i++) {
		const struct csaf_product *p = &d->prod[i];

		sqlite3_bind_int64(prod, 1, aid);
		db_bind_text(prod, 2, p->id, DB_TEXT_MAX);
		db_bind_text(prod, 3, p->vendor, DB_TEXT_MAX);
		db_bind_text(prod, 4, p->name, DB_TEXT_MAX);
		db_bind_text(prod, 5, p->version, DB_TEXT_MAX);
		db_bind_text(prod, 6, p->range, DB_TEXT_MAX);
		db_bind_text(prod, 7, p->full_name, DB_TEXT_MAX);
		db_bind_text(prod, 8, p->cpe, DB_TEXT_MAX);
		db_bind_text(prod, 9, p->purl, DB_TEXT_MAX);
		if ((r = step_done(db, prod, "cannot store a product")) != 0)
			goto out;
	}
	for (size_t i = 0; i < d->n_vuln; i++) {
		const struct csaf_vuln *v = &d->vuln[i];
		int64_t		 vid;

		sqlite3_bind_int64(vul, 1, aid);
		db_bind_text(vul, 2, v->cve, DB_TEXT_MAX);
		db_bind_text(vul, 3, v->title, DB_TEXT_MAX);
		if ((r = step_done(db, vul, "cannot store a vulnerability")) !=
		    0)
			goto out;
		vid = sqlite3_last_insert_rowid(db->h);
		for (size_t k = 0; k < v->n_st; k++) {
			const struct csaf_pstatus *s = &v->st[k];

			sqlite3_bind_int64(sta, 1, vid);
			db_bind_text(sta, 2, s->product_id, DB_TEXT_MAX);
			db_bind_text(sta, 3, st_names[s->status], DB_TEXT_MAX);
			if (s->cvss >= 0)
				sqlite3_bind_double(sta, 4, s->cvss);
			db_bind_text(sta, 5, s->vector, DB_TEXT_MAX);
			db_bind_text(sta, 6, s->remediation, DB_TEXT_MAX);
			if ((r = step_done(db, sta, "cannot store a product "
			    "status")) != 0)
				goto out;
		}
	}
	r = 0;
 out:
	sqlite3_finalize(adv);
	sqlite3_finalize(prod);
	sqlite3_finalize(vul);
	sqlite3_finalize(sta);
	return r;
}

int
db_advisory_import(struct db *db, const struct csaf_doc *d, const char *file,
    int *outcome, char *had, size_t hadlen)
{
	sqlite3_stmt	*get = NULL, *del = NULL;
	int		 r, rc, oc = 0;

	if (outcome != NULL)
		*outcome = 0;
	if (had != NULL && hadlen > 0)
		had[0] = '\0';
	if (db == NULL || d == NULL || file == NULL || db->rdonly)
		return IOMT_EINVAL;
	if ((r = db_begin(db)) != 0)
		return r;
	db->adv_cache = db_advisories_free(db->adv_cache);
	if ((r = prep(db, "SELECT id, version, current_release FROM"
	    " advisories WHERE tracking_id = ?1", &get)) != 0 ||
	    (r = prep(db, "DELETE FROM advisories WHERE id = ?1", &del)) != 0)
		goto out;
	db_bind_text(get, 1, d->tracking_id, DB_TEXT_MAX);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW) {
		int	 c = db_advisory_newer(d->version, d->current_release,
		    db_col_text(get, 1), db_col_text(get, 2));

		if (had != NULL)
			snprintf(had, hadlen, "version %s of %s",
			    db_col_text(get, 1) != NULL ? db_col_text(get, 1) :
			    "?", db_col_text(get, 2) != NULL ?
			    db_col_text(get, 2) : "?");
		if (c <= 0) {
			oc = c == 0 ? DB_ADV_SAME : DB_ADV_OLDER;
			r = 0;
			goto out;
		}
		sqlite3_bind_int64(del, 1, db_col_int(get, 0));
		sqlite3_reset(get);
		if ((r = step_done(db, del, "cannot replace the advisory")) !=
		    0)
			goto out;
		oc = DB_ADV_UPDATED;
	} else if (rc != SQLITE_DONE) {
		r = db_sqlerr(db, rc, "cannot read the advisories");
		goto out;
	} else
		oc = DB_ADV_NEW;
	sqlite3_reset(get);
	r = insert_doc(db, d, file);
 out:
	sqlite3_finalize(get);
	sqlite3_finalize(del);
	r = db_leave(db, r);
	if (r == 0 && outcome != NULL)
		*outcome = oc;
	return r;
}

/* A copy of column i (NULL for NULL). */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const char	*s = db_col_text(st, i);

	return s != NULL ? xstrdup(s) : NULL;
}

static struct advisory *
find_adv(struct advisory_set *set, int64_t id)
{
	size_t	 lo = 0, hi = set->n;

	/* Rows come ordered by id, so the set is sorted by id. */
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (set->adv[mid].id == id)
			return &set->adv[mid];
		if (set->adv[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Grow array *v (of *n, capacity *cap, element sz) by one zeroed element. */
static void *
grow(void *vp, size_t *n, size_t *cap, size_t sz)
{
	void	**v = vp;
	char	 *e;

	if (*n == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, sz);
	}
	e = (char *)*v + (*n)++ * sz;
	memset(e, 0, sz);
	return e;
}

static int
load_rows(struct db *db, struct advisory_set *set, const char *tracking_id)
{
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	int		 r, rc;
	const char	*w = tracking_id != NULL ?
	    " WHERE a.tracking_id = ?1" : "";
	char		 sql[512];

	snprintf(sql, sizeof(sql), "SELECT a.id, a.tracking_id, a.version,"
	    " a.status, a.initial_release, a.current_release, a.title,"
	    " a.category, a.publisher, a.publisher_ns, a.file, a.imported"
	    " FROM advisories a%s ORDER BY a.id", w);
	if ((r = prep(db, sql, &st)) != 0)
		return r;
	if (tracking_id != NULL)
		db_bind_text(st, 1, tracking_id, DB_TEXT_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct advisory	*a = grow(&set->adv, &set->n, &cap,
		    sizeof(*a));
		struct csaf_doc	*d = xcalloc(1, sizeof(*d));

		a->doc = d;
		a->id = db_col_int(st, 0);
		d->tracking_id = col_dup(st, 1);
		d->version = col_dup(st, 2);
		d->status = col_dup(st, 3);
		d->initial_release = col_dup(st, 4);
		d->current_release = col_dup(st, 5);
		d->title = col_dup(st, 6);
		d->category = col_dup(st, 7);
		d->publisher = col_dup(st, 8);
		d->publisher_ns = col_dup(st, 9);
		a->file = col_dup(st, 10);
		a->imported = db_col_int(st, 11);
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc, "cannot read the "
	    "advisories");
	sqlite3_finalize(st);
	return r;
}

static int
load_products(struct db *db, struct advisory_set *set, const char *tid)
{
	sqlite3_stmt	*st = NULL;
	size_t		*cap = NULL;
	int		 r, rc;

	if ((r = prep(db, tid != NULL ?
	    "SELECT p.advisory_id, p.product_id, p.vendor, p.product,"
	    " p.version, p.version_range, p.full_name, p.cpe, p.purl"
	    " FROM advisory_products p"
	    " JOIN advisories a ON a.id = p.advisory_id"
	    " WHERE a.tracking_id = ?1 ORDER BY p.advisory_id, p.product_id" :
	    "SELECT advisory_id, product_id, vendor, product, version,"
	    " version_range, full_name, cpe, purl FROM advisory_products"
	    " ORDER BY advisory_id, product_id", &st)) != 0)
		return r;
	if (tid != NULL)
		db_bind_text(st, 1, tid, DB_TEXT_MAX);
	cap = xcalloc(set->n + 1, sizeof(*cap));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct advisory	*a = find_adv(set, db_col_int(st, 0));
		struct csaf_doc	*d;
		struct csaf_product *p;

		if (a == NULL)
			continue;
		d = a->doc;
		p = grow(&d->prod, &d->n_prod, &cap[a - set->adv], sizeof(*p));
		p->id = col_dup(st, 1);
		p->vendor = col_dup(st, 2);
		p->name = col_dup(st, 3);
		p->version = col_dup(st, 4);
		p->range = col_dup(st, 5);
		p->full_name = col_dup(st, 6);
		p->cpe = col_dup(st, 7);
		p->purl = col_dup(st, 8);
		if (p->id == NULL)
			p->id = xstrdup("");
		if (p->full_name == NULL)
			p->full_name = xstrdup("");
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc, "cannot read the "
	    "advisories' products");
	sqlite3_finalize(st);
	free(cap);
	return r;
}

static int
load_vulns(struct db *db, struct advisory_set *set, const char *tid)
{
	sqlite3_stmt	*st = NULL;
	size_t		*cap = NULL, scap = 0;
	int64_t		 last_vid = -1;
	struct csaf_vuln *v = NULL;
	int		 r, rc;

	if ((r = prep(db, tid != NULL ?
	    "SELECT v.advisory_id, v.id, v.cve, v.title, s.product_id,"
	    " s.status, s.cvss, s.vector, s.remediation"
	    " FROM advisory_vulns v JOIN advisories a ON a.id = v.advisory_id"
	    " LEFT JOIN advisory_status s ON s.vuln_id = v.id"
	    " WHERE a.tracking_id = ?1 ORDER BY v.advisory_id, v.id" :
	    "SELECT v.advisory_id, v.id, v.cve, v.title, s.product_id,"
	    " s.status, s.cvss, s.vector, s.remediation"
	    " FROM advisory_vulns v"
	    " LEFT JOIN advisory_status s ON s.vuln_id = v.id"
	    " ORDER BY v.advisory_id, v.id", &st)) != 0)
		return r;
	if (tid != NULL)
		db_bind_text(st, 1, tid, DB_TEXT_MAX);
	cap = xcalloc(set->n + 1, sizeof(*cap));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct advisory	*a = find_adv(set, db_col_int(st, 0));
		struct csaf_pstatus *s;

		if (a == NULL)
			continue;
		if (db_col_int(st, 1) != last_vid) {
			struct csaf_doc	*d = a->doc;

			last_vid = db_col_int(st, 1);
			v = grow(&d->vuln, &d->n_vuln, &cap[a - set->adv],
			    sizeof(*v));
			v->cve = col_dup(st, 2);
			v->title = col_dup(st, 3);
			scap = 0;
		}
		if (db_col_text(st, 4) == NULL)
			continue;
		s = grow(&v->st, &v->n_st, &scap, sizeof(*s));
		s->product_id = col_dup(st, 4);
		s->status = st_from_name(db_col_text(st, 5));
		s->cvss = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 :
		    sqlite3_column_double(st, 6);
		s->vector = col_dup(st, 7);
		s->remediation = col_dup(st, 8);
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc, "cannot read the "
	    "advisories' vulnerabilities");
	sqlite3_finalize(st);
	free(cap);
	return r;
}

int
db_advisories_load(struct db *db, const char *tracking_id,
    struct advisory_set **out)
{
	struct advisory_set *set = NULL;
	int		 r, mine;

	if (out != NULL)
		*out = NULL;
	if (db == NULL || out == NULL)
		return IOMT_EINVAL;
	/* Inside the inventory loader's read, the read stays the loader's. */
	mine = db->depth == 0 && !db->reading;
	if ((r = db_read_begin(db)) != 0)
		return r;
	set = xcalloc(1, sizeof(*set));
	if ((r = load_rows(db, set, tracking_id)) != 0)
		goto out;
	if (tracking_id != NULL && set->n == 0) {
		r = IOMT_ENOTFOUND;
		goto out;
	}
	if (set->n > 0 && ((r = load_products(db, set, tracking_id)) != 0 ||
	    (r = load_vulns(db, set, tracking_id)) != 0))
		goto out;
	*out = set;
	set = NULL;
	r = 0;
 out:
	if (mine)
		db_read_end(db);
	db_advisories_free(set);
	return r;
}

struct advisory_set *
db_advisories_free(struct advisory_set *set)
{
	if (set == NULL)
		return NULL;
	for (size_t i = 0; i < set->n; i++) {
		csaf_free(set->adv[i].doc);
		free(set->adv[i].file);
	}
	free(set->adv);
	advmatch_free(set->m);
	free(set);
	return NULL;
}

const char *
db_advisory_status_name(int status)
{
	if (status < CSAF_ST_AFFECTED || status > CSAF_ST_INVESTIGATING)
		return "unknown";
	return st_names[status];
}
