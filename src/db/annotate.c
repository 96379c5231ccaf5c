/*
 * src/db/annotate.c - annotations: the owner, location, ledger ID, name,
 * note and remote-maintenance line people (or the hospital's ledger,
 * through `reconcile --apply`) give a host.
 *
 * A scan can find a device's maker and firmware but not which department
 * owns it or where it stands; that is what the ledger knows and what the
 * inventory needs to be read by a person.  Annotations hang off the host
 * row, which is keyed by address and kept across scans, so they survive
 * rescans.  The table annotations holds the current value of each field;
 * annotation_history keeps every change with its source and author so a
 * wrong value can be traced back to the ledger row or the person that
 * wrote it.  A batch of changes is one transaction: a reconcile that
 * fails half way leaves the inventory as it was.  The statements here run
 * a few times per command, so they are prepared per call rather than in
 * the table db_open() prepares.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db-int.h"

const char *const db_annotation_fields[] = {
	"owner", "location", "ledger_id", "name", "note", "remote",
	"contract", "os_support", NULL
};

int
db_annotation_value_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, l;
	uint32_t		 cp;

	if (s == NULL || s[0] == '\0')
		return 0;
	n = strlen(s);
	if (n > DB_ANNOTATION_MAX)
		return 0;
	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			return 0;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return 0;
		i += l;
	}
	return 1;
}

const char *
db_inv_annotation(const struct inv_host *h, const char *field)
{
	size_t	 i;

	if (h == NULL || field == NULL)
		return NULL;
	for (i = 0; i < h->n_annot; i++)
		if (strcmp(h->annot[i].field, field) == 0)
			return h->annot[i].value;
	return NULL;
}

/* Prepare sql on db's connection into *st; 0 or IOMT_EDB. */
static int
prep(struct db *db, const char *sql, sqlite3_stmt **st)
{
	int	 rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL)) != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot prepare an annotation query");
	return 0;
}

/* Apply one change inside the open transaction. */
static int
apply_one(struct db *db, struct db_annotation_change *c, sqlite3_stmt *get,
    sqlite3_stmt *put, sqlite3_stmt *del, sqlite3_stmt *hist,
    sqlite3_stmt *host)
{
	const char	*old;
	int64_t		 now = db_now(db);
	int		 rc;

	sqlite3_bind_int64(host, 1, c->host_id);
	rc = sqlite3_step(host);
	db_st_done(host);
	if (rc == SQLITE_DONE)
		return IOMT_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return db_sqlerr(db, rc, "cannot find the host");

	sqlite3_bind_int64(get, 1, c->host_id);
	db_bind_text(get, 2, c->field, DB_TEXT_MAX);
	rc = sqlite3_step(get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_st_done(get);
		return db_sqlerr(db, rc, "cannot read the annotation");
	}
	old = rc == SQLITE_ROW ? db_col_text(get, 0) : NULL;
	if ((old == NULL && c->value == NULL) ||
	    (old != NULL && c->value != NULL && strcmp(old, c->value) == 0)) {
		db_st_done(get);
		return 0;
	}
	c->before = old != NULL ? xstrdup(old) : NULL;
	db_st_done(get);

	if (c->value != NULL) {
		sqlite3_bind_int64(put, 1, c->host_id);
		db_bind_text(put, 2, c->field, DB_TEXT_MAX);
		db_bind_text(put, 3, c->value, DB_TEXT_MAX);
		db_bind_text(put, 4, c->source, DB_TEXT_MAX);
		db_bind_text(put, 5, c->who, DB_TEXT_MAX);
		sqlite3_bind_int64(put, 6, now);
		rc = sqlite3_step(put);
		db_st_done(put);
	} else {
		sqlite3_bind_int64(del, 1, c->host_id);
		db_bind_text(del, 2, c->field, DB_TEXT_MAX);
		rc = sqlite3_step(del);
		db_st_done(del);
	}
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, "cannot store the annotation");
	sqlite3_bind_int64(hist, 1, c->host_id);
	db_bind_text(hist, 2, c->field, DB_TEXT_MAX);
	db_bind_text(hist, 3, c->before, DB_TEXT_MAX);
	db_bind_text(hist, 4, c->value, DB_TEXT_MAX);
	db_bind_text(hist, 5, c->source, DB_TEXT_MAX);
	db_bind_text(hist, 6, c->who, DB_TEXT_MAX);
	sqlite3_bind_int64(hist, 7, now);
	rc = sqlite3_step(hist);
	db_st_done(hist);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, "cannot record the annotation's "
		    "history");
	c->changed = 1;
	return 0;
}

int
db_annotations_set(struct db *db, struct db_annotation_change *ch, size_t n,
    size_t *nchanged)
{
	sqlite3_stmt	*get = NULL, *put = NULL, *del = NULL, *hist = NULL;
	sqlite3_stmt	*host = NULL;
	size_t		 i, k = 0;
	int		 r;

	if (nchanged != NULL)
		*nchanged = 0;
	if (db == NULL || (ch == NULL && n > 0) || db->rdonly)
		return IOMT_EINVAL;
	for (i = 0; i < n; i++) {
		ch[i].changed = 0;
		ch[i].before = NULL;
		if (!db_one_of(ch[i].field, db_annotation_fields) ||
		    ch[i].source == NULL || (ch[i].value != NULL &&
		    !db_annotation_value_ok(ch[i].value)))
			return IOMT_EINVAL;
	}
	if ((r = prep(db, "SELECT value FROM annotations"
	    " WHERE host_id = ?1 AND field = ?2", &get)) != 0 ||
	    (r = prep(db, "INSERT INTO annotations (host_id, field, value,"
	    " source, who, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (host_id, field) DO UPDATE SET"
	    " value = excluded.value, source = excluded.source,"
	    " who = excluded.who, updated = excluded.updated", &put)) != 0 ||
	    (r = prep(db, "DELETE FROM annotations"
	    " WHERE host_id = ?1 AND field = ?2", &del)) != 0 ||
	    (r = prep(db, "INSERT INTO annotation_history (host_id, field,"
	    " before, after, source, who, t)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &hist)) != 0 ||
	    (r = prep(db, "SELECT 1 FROM hosts WHERE id = ?1", &host)) != 0)
		goto out;
	if ((r = db_begin(db)) != 0)
		goto out;
	for (i = 0; i < n && r == 0; i++)
		r = apply_one(db, &ch[i], get, put, del, hist, host);
	r = db_leave(db, r);
	if (r != 0) {
		for (i = 0; i < n; i++) {
			free(ch[i].before);
			ch[i].before = NULL;
			ch[i].changed = 0;
		}
		goto out;
	}
	for (i = 0; i < n; i++)
		k += ch[i].changed != 0;
	if (nchanged != NULL)
		*nchanged = k;
 out:
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	sqlite3_finalize(hist);
	sqlite3_finalize(host);
	return r;
}

int
db_host_find_mac(struct db *db, const char *mac, int64_t *host_id, char *ip,
    size_t ipsize)
{
	sqlite3_stmt	*st = NULL;
	int		 r, rc, n = 0;

	if (host_id != NULL)
		*host_id = 0;
	if (db == NULL || mac == NULL || host_id == NULL || ip == NULL ||
	    ipsize == 0)
		return IOMT_EINVAL;
	ip[0] = '\0';
	if ((r = prep(db, "SELECT id, ip FROM hosts"
	    " WHERE lower(mac) = lower(?1) ORDER BY id", &st)) != 0)
		return r;
	db_bind_text(st, 1, mac, DB_TEXT_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0) {
			*host_id = db_col_int(st, 0);
			strlcpy(ip, db_col_text(st, 1) != NULL ?
			    db_col_text(st, 1) : "", ipsize);
		}
	}
	if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot look the MAC up");
	else if (n == 0)
		r = IOMT_ENOTFOUND;
	else if (n > 1) {
		*host_id = 0;
		r = IOMT_ELIMIT;
	} else
		r = 0;
	sqlite3_finalize(st);
	return r;
}

int
db_foreach_annotation_event(struct db *db, int64_t host_id,
    db_annotation_cb cb, void *arg)
{
	struct db_annotation_event ev;
	sqlite3_stmt	*st = NULL;
	int		 r, rc;

	if (db == NULL || cb == NULL)
		return IOMT_EINVAL;
	if ((r = prep(db, "SELECT field, before, after, source, who, t"
	    " FROM annotation_history WHERE host_id = ?1 ORDER BY id",
	    &st)) != 0)
		return r;
	sqlite3_bind_int64(st, 1, host_id);
	r = 0;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.field = db_col_text(st, 0);
		ev.before = db_col_text(st, 1);
		ev.after = db_col_text(st, 2);
		ev.source = db_col_text(st, 3);
		ev.who = db_col_text(st, 4);
		ev.t = db_col_int(st, 5);
		if (ev.field == NULL || ev.source == NULL)
			continue;
		r = cb(arg, &ev);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot read the annotation history");
	sqlite3_finalize(st);
	return r;
}

/* Host index by id, for attaching rows that come ordered by host id. */
struct annot_idx {
	int64_t	 id;
	size_t	 i;
};

static int
idx_cmp(const void *a, const void *b)
{
	const struct annot_idx	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int
db_annot_attach(struct db *db, struct inventory *inv)
{
	struct annot_idx *idx = NULL, key, *hit;
	sqlite3_stmt	*st = NULL;
	size_t		 i, *cap = NULL;
	int		 r, rc;

	if (inv->n_host == 0)
		return 0;
	if ((r = prep(db, inv->n_host == 1 ?
	    "SELECT host_id, field, value, source, who, updated"
	    " FROM annotations WHERE host_id = ?1 ORDER BY field" :
	    "SELECT host_id, field, value, source, who, updated"
	    " FROM annotations ORDER BY host_id, field", &st)) != 0)
		return r;
	idx = xcalloc(inv->n_host, sizeof(*idx));
	cap = xcalloc(inv->n_host, sizeof(*cap));
	for (i = 0; i < inv->n_host; i++) {
		idx[i].id = inv->host[i].id;
		idx[i].i = i;
	}
	qsort(idx, inv->n_host, sizeof(*idx), idx_cmp);
	if (inv->n_host == 1)
		sqlite3_bind_int64(st, 1, inv->host[0].id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct inv_host		*h;
		struct inv_annotation	*a;
		size_t			 k;

		key.id = db_col_int(st, 0);
		hit = bsearch(&key, idx, inv->n_host, sizeof(*idx), idx_cmp);
		if (hit == NULL || db_col_text(st, 1) == NULL ||
		    db_col_text(st, 2) == NULL)
			continue;
		k = hit->i;
		h = &inv->host[k];
		if (h->n_annot == cap[k]) {
			cap[k] = cap[k] != 0 ? cap[k] * 2 : 4;
			h->annot = xreallocarray(h->annot, cap[k],
			    sizeof(*h->annot));
		}
		a = &h->annot[h->n_annot++];
		a->field = db_inv_keep(inv, db_col_text(st, 1));
		a->value = db_inv_keep(inv, db_col_text(st, 2));
		a->source = db_inv_keep(inv, db_col_text(st, 3));
		a->who = db_inv_keep(inv, db_col_text(st, 4));
		a->updated = db_col_int(st, 5);
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc, "cannot read the "
	    "annotations");
	sqlite3_finalize(st);
	free(idx);
	free(cap);
	return r;
}

/*
 * Ledger comparisons.  The checklist needs to say when the inventory was
 * last held against the ledger; nothing else records it, since a plain
 * `reconcile` changes no annotation.
 */
int
db_reconcile_record(struct db *db, const struct db_reconcile_run *run)
{
	sqlite3_stmt	*st = NULL;
	int		 r, rc;

	if (db == NULL || run == NULL || run->ledger == NULL || db->rdonly)
		return IOMT_EINVAL;
	if ((r = prep(db, "INSERT INTO reconcile_runs (t, ledger, rows,"
	    " matched, unmanaged, missing, not_checked, applied, who)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st)) != 0)
		return r;
	sqlite3_bind_int64(st, 1, db_now(db));
	db_bind_text(st, 2, run->ledger, DB_TEXT_MAX);
	sqlite3_bind_int64(st, 3, run->rows);
	sqlite3_bind_int64(st, 4, run->matched);
	sqlite3_bind_int64(st, 5, run->unmanaged);
	sqlite3_bind_int64(st, 6, run->missing);
	sqlite3_bind_int64(st, 7, run->not_checked);
	sqlite3_bind_int64(st, 8, run->applied);
	db_bind_text(st, 9, run->who, DB_TEXT_MAX);
	if ((r = db_begin(db)) != 0)
		goto out;
	rc = sqlite3_step(st);
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc,
	    "cannot record the reconcile");
	r = db_leave(db, r);
 out:
	sqlite3_finalize(st);
	return r;
}

/* Copy s (NULL stays NULL) into buf at *off; the copy, cut to fit. */
static const char *
keep_in(char *buf, size_t buflen, size_t *off, const char *s)
{
	char	*d;

	if (s == NULL || *off >= buflen)
		return NULL;
	d = buf + *off;
	if (strlcpy(d, s, buflen - *off) >= buflen - *off) {
		size_t	 n = strlen(d);

		/* Cut on a character boundary, not inside one. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		d[n] = '\0';
	}
	*off += strlen(d) + 1;
	return d;
}

int
db_reconcile_last(struct db *db, struct db_reconcile_run *out,
    int64_t *count, char *buf, size_t buflen)
{
	sqlite3_stmt	*st = NULL;
	size_t		 off = 0;
	int		 r, rc;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (count != NULL)
		*count = 0;
	if (db == NULL || out == NULL || buf == NULL || buflen == 0)
		return IOMT_EINVAL;
	buf[0] = '\0';
	/* A file of an older schema opened read-only has no such table. */
	if ((r = prep(db, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
	    " AND name = 'reconcile_runs'", &st)) != 0)
		return r;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE)
		return IOMT_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return db_sqlerr(db, rc, "cannot read the schema");
	if ((r = prep(db, "SELECT t, ledger, rows, matched, unmanaged,"
	    " missing, not_checked, applied, who,"
	    " (SELECT count(*) FROM reconcile_runs)"
	    " FROM reconcile_runs ORDER BY t DESC, id DESC LIMIT 1",
	    &st)) != 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = IOMT_ENOTFOUND;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = db_sqlerr(db, rc, "cannot read the reconcile runs");
		goto out;
	}
	out->t = db_col_int(st, 0);
	out->ledger = keep_in(buf, buflen, &off, db_col_text(st, 1));
	if (out->ledger == NULL)
		out->ledger = "";
	out->rows = db_col_int(st, 2);
	out->matched = db_col_int(st, 3);
	out->unmanaged = db_col_int(st, 4);
	out->missing = db_col_int(st, 5);
	out->not_checked = db_col_int(st, 6);
	out->applied = db_col_int(st, 7);
	out->who = keep_in(buf, buflen, &off, db_col_text(st, 8));
	if (count != NULL)
		*count = db_col_int(st, 9);
	r = 0;
 out:
	sqlite3_finalize(st);
	return r;
}
