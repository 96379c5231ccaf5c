/*
 * src/db/devdocs.c - the makers' documents for a model: MDS2 forms and
 * vendor SBOMs, stored per normalised vendor and model and linked to the
 * hosts of that model when the inventory is loaded.
 *
 * A hospital gets one MDS2 (and maybe one SBOM) per product, not per
 * device, so the documents are kept under the maker and model they
 * describe and every host identified as that model shares them.  Vendor
 * names are folded with the advisory matcher's table of makers
 * (advmatch_vendor_key(): "DATEX DIVISION OF" is GE Healthcare), models
 * to letters and digits; a host whose model is not known is linked by
 * vendor and device class ("class"), never by vendor alone.  Importing a
 * form for a model already on file replaces it whole, in one
 * transaction, so a half-read document never sits next to a good one.
 * Links are computed at load time, so a new scan or a new import changes
 * them at once.  docs/MDS2.md.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

#define KEY_MAX	128

const char *
mds2_answer_name(int answer)
{
	switch (answer) {
	case MDS2_A_YES:
		return "yes";
	case MDS2_A_NO:
		return "no";
	case MDS2_A_NA:
		return "n/a";
	case MDS2_A_SEE_NOTE:
		return "see note";
	case MDS2_A_TEXT:
		return "text";
	default:
		return "";
	}
}

struct mds2_doc *
mds2_doc_free(struct mds2_doc *d)
{
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < d->n_item; i++) {
		free(d->item[i].qid);
		free(d->item[i].text);
		free(d->item[i].question);
		free(d->item[i].note);
	}
	free(d->item);
	free(d->vendor);
	free(d->model);
	free(d->version);
	free(d->doc_id);
	free(d->doc_date);
	free(d->revision);
	free(d);
	return NULL;
}

const struct inv_mds2_item *
db_mds2_item(const struct inv_mds2 *m, const char *qid)
{
	if (m == NULL || qid == NULL)
		return NULL;
	for (size_t i = 0; i < m->n_item; i++)
		if (strcasecmp(m->item[i].qid, qid) == 0)
			return &m->item[i];
	return NULL;
}

void
devdocs_model_key(const char *s, char *dst, size_t dsize)
{
	size_t	 n = 0;

	if (dsize == 0)
		return;
	for (; s != NULL && *s != '\0' && n + 1 < dsize; s++)
		if (isalnum((unsigned char)*s))
			dst[n++] = (char)tolower((unsigned char)*s);
	dst[n] = '\0';
}

/* 1 when every ASCII word of a (letters and digits) is a word of b. */
static int
words_in(const char *a, const char *b)
{
	char	 w[64];
	size_t	 n = 0, seen = 0;

	for (const char *p = a;; p++) {
		if (*p != '\0' && isalnum((unsigned char)*p)) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)tolower((unsigned char)*p);
			continue;
		}
		if (n > 0) {
			const char	*q = b;
			int		 found = 0;

			w[n] = '\0';
			while (*q != '\0' && !found) {
				size_t	 k = 0;

				while (*q != '\0' && !isalnum((unsigned char)*q))
					q++;
				while (q[k] != '\0' &&
				    isalnum((unsigned char)q[k]))
					k++;
				if (k == n && strncasecmp(q, w, n) == 0)
					found = 1;
				q += k;
			}
			if (!found)
				return 0;
			seen++;
			n = 0;
		}
		if (*p == '\0')
			break;
	}
	return seen > 0;
}

const char *
devdocs_link(const char *vendor, const char *model, const char *cls,
    const char *doc_vendor, const char *doc_model)
{
	char	 hv[KEY_MAX], dv[KEY_MAX], hm[KEY_MAX], dm[KEY_MAX];
	const char *dcls;

	advmatch_vendor_key(vendor, hv, sizeof(hv));
	advmatch_vendor_key(doc_vendor, dv, sizeof(dv));
	if (hv[0] == '\0' || strcmp(hv, dv) != 0)
		return NULL;
	devdocs_model_key(model, hm, sizeof(hm));
	devdocs_model_key(doc_model, dm, sizeof(dm));
	if (hm[0] != '\0') {
		if (strcmp(hm, dm) == 0 || words_in(model, doc_model) ||
		    words_in(doc_model, model))
			return "model";
		return NULL;
	}
	if (cls == NULL || (dcls = advmatch_product_class(doc_model)) == NULL)
		return NULL;
	if (strcmp(cls, dcls) == 0)
		return "class";
	return NULL;
}

/* The link of a document to h: by identity vendor, then OUI vendor. */
static const char *
host_link(const struct inv_host *h, const char *dvendor, const char *dmodel)
{
	const struct inv_identity *id = h->identity;
	const char	*l = NULL;

	if (id != NULL)
		l = devdocs_link(id->vendor, id->model, id->device_class,
		    dvendor, dmodel);
	if (l == NULL && h->oui_vendor != NULL)
		l = devdocs_link(h->oui_vendor, id ? id->model : NULL,
		    id ? id->device_class : NULL, dvendor, dmodel);
	return l;
}

static int
prep(struct db *db, const char *sql, sqlite3_stmt **st)
{
	int	 rc;

	*st = NULL;
	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL)) != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot prepare a document query");
	return 0;
}

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

/*
 * Delete the document of table (mds2_docs, sbom_docs) for the keys,
 * setting *replaced when there was one.
 */
static int
drop_old(struct db *db, const char *sql, const char *vk, const char *mk,
    int *replaced)
{
	sqlite3_stmt	*st = NULL;
	int		 r;

	if ((r = prep(db, sql, &st)) != 0)
		return r;
	db_bind_text(st, 1, vk, DB_TEXT_MAX);
	db_bind_text(st, 2, mk, DB_TEXT_MAX);
	r = step_done(db, st, "cannot replace the stored document");
	if (r == 0 && sqlite3_changes(db->h) > 0 && replaced != NULL)
		*replaced = 1;
	sqlite3_finalize(st);
	return r;
}

int
db_mds2_import(struct db *db, const struct mds2_doc *d, const char *file,
    int *replaced)
{
	sqlite3_stmt	*doc = NULL, *ans = NULL;
	char		 vk[KEY_MAX], mk[KEY_MAX];
	int64_t		 id;
	int		 r;

	if (replaced != NULL)
		*replaced = 0;
	if (db == NULL || d == NULL || file == NULL || d->vendor == NULL ||
	    d->model == NULL || d->revision == NULL || d->format == NULL ||
	    db->rdonly)
		return IOMT_EINVAL;
	advmatch_vendor_key(d->vendor, vk, sizeof(vk));
	devdocs_model_key(d->model, mk, sizeof(mk));
	if (vk[0] == '\0' || mk[0] == '\0')
		return IOMT_EINVAL;
	if ((r = db_begin(db)) != 0)
		return r;
	if ((r = drop_old(db, "DELETE FROM mds2_docs WHERE vendor_key = ?1"
	    " AND model_key = ?2", vk, mk, replaced)) != 0 ||
	    (r = prep(db, "INSERT INTO mds2_docs (vendor, vendor_key, model,"
	    " model_key, version, doc_id, doc_date, revision, format, file,"
	    " imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	    &doc)) != 0 ||
	    (r = prep(db, "INSERT INTO mds2_answers (doc, qid, answer, text,"
	    " question, note, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    &ans)) != 0)
		goto out;
	db_bind_text(doc, 1, d->vendor, DB_TEXT_MAX);
	db_bind_text(doc, 2, vk, DB_TEXT_MAX);
	db_bind_text(doc, 3, d->model, DB_TEXT_MAX);
	db_bind_text(doc, 4, mk, DB_TEXT_MAX);
	db_bind_text(doc, 5, d->version, DB_TEXT_MAX);
	db_bind_text(doc, 6, d->doc_id, DB_TEXT_MAX);
	db_bind_text(doc, 7, d->doc_date, DB_TEXT_MAX);
	db_bind_text(doc, 8, d->revision, DB_TEXT_MAX);
	db_bind_text(doc, 9, d->format, DB_TEXT_MAX);
	db_bind_text(doc, 10, file, DB_TEXT_MAX);
	sqlite3_bind_int64(doc, 11, db_now(db));
	if ((r = step_done(db, doc, "cannot store the MDS2 form")) != 0)
		goto out;
	id = sqlite3_last_insert_rowid(db->h);
	for (size_t i = 0; i < d->n_item; i++) {
		const struct mds2_item *it = &d->item[i];

		sqlite3_bind_int64(ans, 1, id);
		db_bind_text(ans, 2, it->qid, DB_TEXT_MAX);
		sqlite3_bind_int(ans, 3, it->answer);
		db_bind_text(ans, 4, it->text, DB_TEXT_MAX);
		db_bind_text(ans, 5, it->question, DB_TEXT_MAX);
		db_bind_text(ans, 6, it->note, DB_TEXT_MAX);
		sqlite3_bind_int64(ans, 7, (int64_t)it->row);
		if ((r = step_done(db, ans, "cannot store an MDS2 answer")) !=
		    0)
			goto out;
	}
	r = 0;
 out:
	sqlite3_finalize(doc);
	sqlite3_finalize(ans);
	return db_leave(db, r);
}

int
db_sbom_import(struct db *db, const struct sbom_doc *d, const char *vendor,
    const char *model, const char *file, int *replaced)
{
	sqlite3_stmt	*doc = NULL, *comp = NULL;
	char		 vk[KEY_MAX], mk[KEY_MAX];
	int64_t		 id;
	int		 r;

	if (replaced != NULL)
		*replaced = 0;
	if (db == NULL || d == NULL || file == NULL || db->rdonly)
		return IOMT_EINVAL;
	if (vendor == NULL)
		vendor = d->vendor;
	if (model == NULL)
		model = d->model;
	advmatch_vendor_key(vendor, vk, sizeof(vk));
	devdocs_model_key(model, mk, sizeof(mk));
	if (vk[0] == '\0' || mk[0] == '\0')
		return IOMT_EINVAL;
	if ((r = db_begin(db)) != 0)
		return r;
	if ((r = drop_old(db, "DELETE FROM sbom_docs WHERE vendor_key = ?1"
	    " AND model_key = ?2", vk, mk, replaced)) != 0 ||
	    (r = prep(db, "INSERT INTO sbom_docs (vendor, vendor_key, model,"
	    " model_key, version, format, serial, file, imported)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &doc)) != 0 ||
	    (r = prep(db, "INSERT INTO sbom_components (sbom, idx, name,"
	    " version, purl, cpe, supplier, type)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &comp)) != 0)
		goto out;
	db_bind_text(doc, 1, vendor, DB_TEXT_MAX);
	db_bind_text(doc, 2, vk, DB_TEXT_MAX);
	db_bind_text(doc, 3, model, DB_TEXT_MAX);
	db_bind_text(doc, 4, mk, DB_TEXT_MAX);
	db_bind_text(doc, 5, d->version, DB_TEXT_MAX);
	db_bind_text(doc, 6, d->format, DB_TEXT_MAX);
	db_bind_text(doc, 7, d->serial, DB_TEXT_MAX);
	db_bind_text(doc, 8, file, DB_TEXT_MAX);
	sqlite3_bind_int64(doc, 9, db_now(db));
	if ((r = step_done(db, doc, "cannot store the SBOM")) != 0)
		goto out;
	id = sqlite3_last_insert_rowid(db->h);
	for (size_t i = 0; i < d->n_comp; i++) {
		const struct sbom_comp *c = &d->comp[i];

		sqlite3_bind_int64(comp, 1, id);
		sqlite3_bind_int64(comp, 2, (int64_t)i);
		db_bind_text(comp, 3, c->name, DB_TEXT_MAX);
		db_bind_text(comp, 4, c->version, DB_TEXT_MAX);
		db_bind_text(comp, 5, c->purl, DB_TEXT_MAX);
		db_bind_text(comp, 6, c->cpe, DB_TEXT_MAX);
		db_bind_text(comp, 7, c->supplier, DB_TEXT_MAX);
		db_bind_text(comp, 8, c->type, DB_TEXT_MAX);
		if ((r = step_done(db, comp, "cannot store a component")) != 0)
			goto out;
	}
	r = 0;
 out:
	sqlite3_finalize(doc);
	sqlite3_finalize(comp);
	return db_leave(db, r);
}

/* Grow array *v (n elements of sz, capacity *cap) by one zeroed slot. */
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
load_mds2(struct db *db, struct inventory *inv)
{
	sqlite3_stmt	*st = NULL, *an = NULL;
	size_t		 cap = 0;
	int		 rc, r;

	if ((r = prep(db, "SELECT id, vendor, model, version, doc_id,"
	    " doc_date, revision, format, file, imported FROM mds2_docs"
	    " ORDER BY id", &st)) != 0 ||
	    (r = prep(db, "SELECT qid, answer, text, question, note, row"
	    " FROM mds2_answers WHERE doc = ?1 ORDER BY row, qid", &an)) != 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct inv_mds2	*m = grow(&inv->mds2, &inv->n_mds2, &cap,
		    sizeof(*m));
		size_t		 icap = 0;

		m->id = db_col_int(st, 0);
		m->vendor = db_inv_keep(inv, db_col_text(st, 1));
		m->model = db_inv_keep(inv, db_col_text(st, 2));
		m->version = db_inv_keep(inv, db_col_text(st, 3));
		m->doc_id = db_inv_keep(inv, db_col_text(st, 4));
		m->doc_date = db_inv_keep(inv, db_col_text(st, 5));
		m->revision = db_inv_keep(inv, db_col_text(st, 6));
		m->format = db_inv_keep(inv, db_col_text(st, 7));
		m->file = db_inv_keep(inv, db_col_text(st, 8));
		m->imported = db_col_int(st, 9);
		sqlite3_bind_int64(an, 1, m->id);
		while ((rc = sqlite3_step(an)) == SQLITE_ROW) {
			struct inv_mds2_item *it = grow(&m->item, &m->n_item,
			    &icap, sizeof(*it));

			it->qid = db_inv_keep(inv, db_col_text(an, 0));
			it->answer = (int)db_col_int(an, 1);
			it->text = db_inv_keep(inv, db_col_text(an, 2));
			it->question = db_inv_keep(inv, db_col_text(an, 3));
			it->note = db_inv_keep(inv, db_col_text(an, 4));
			it->row = db_col_int(an, 5);
		}
		sqlite3_reset(an);
		if (rc != SQLITE_DONE) {
			r = db_sqlerr(db, rc, "cannot read the MDS2 answers");
			goto out;
		}
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc,
	    "cannot read the MDS2 forms");
 out:
	sqlite3_finalize(st);
	sqlite3_finalize(an);
	return r;
}

static int
load_sbom(struct db *db, struct inventory *inv)
{
	sqlite3_stmt	*st = NULL, *cs = NULL;
	size_t		 cap = 0;
	int		 rc, r;

	if ((r = prep(db, "SELECT id, vendor, model, version, format, serial,"
	    " file, imported FROM sbom_docs ORDER BY id", &st)) != 0 ||
	    (r = prep(db, "SELECT name, version, purl, cpe, supplier, type"
	    " FROM sbom_components WHERE sbom = ?1 ORDER BY idx", &cs)) != 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct inv_sbom	*s = grow(&inv->sbom, &inv->n_sbom, &cap,
		    sizeof(*s));
		size_t		 ccap = 0;

		s->id = db_col_int(st, 0);
		s->vendor = db_inv_keep(inv, db_col_text(st, 1));
		s->model = db_inv_keep(inv, db_col_text(st, 2));
		s->version = db_inv_keep(inv, db_col_text(st, 3));
		s->format = db_inv_keep(inv, db_col_text(st, 4));
		s->serial = db_inv_keep(inv, db_col_text(st, 5));
		s->file = db_inv_keep(inv, db_col_text(st, 6));
		s->imported = db_col_int(st, 7);
		sqlite3_bind_int64(cs, 1, s->id);
		while ((rc = sqlite3_step(cs)) == SQLITE_ROW) {
			struct inv_sbom_comp *c = grow(&s->comp, &s->n_comp,
			    &ccap, sizeof(*c));

			c->name = db_inv_keep(inv, db_col_text(cs, 0));
			c->version = db_inv_keep(inv, db_col_text(cs, 1));
			c->purl = db_inv_keep(inv, db_col_text(cs, 2));
			c->cpe = db_inv_keep(inv, db_col_text(cs, 3));
			c->supplier = db_inv_keep(inv, db_col_text(cs, 4));
			c->type = db_inv_keep(inv, db_col_text(cs, 5));
		}
		sqlite3_reset(cs);
		if (rc != SQLITE_DONE) {
			r = db_sqlerr(db, rc, "cannot read the SBOM components");
			goto out;
		}
	}
	r = rc == SQLITE_DONE ? 0 : db_sqlerr(db, rc, "cannot read the SBOMs");
 out:
	sqlite3_finalize(st);
	sqlite3_finalize(cs);
	return r;
}

int
db_devdocs_attach(struct db *db, struct inventory *inv)
{
	int	 r;

	if ((r = load_mds2(db, inv)) != 0 || (r = load_sbom(db, inv)) != 0)
		return r;
	for (size_t i = 0; i < inv->n_host; i++) {
		struct inv_host	*h = &inv->host[i];
		const char	*l;

		/* A model link outranks a class link. */
		for (size_t k = 0; k < inv->n_mds2; k++) {
			const struct inv_mds2 *m = &inv->mds2[k];

			if ((l = host_link(h, m->vendor, m->model)) == NULL)
				continue;
			if (h->mds2 == NULL || (strcmp(l, "model") == 0 &&
			    strcmp(h->mds2_link, "model") != 0)) {
				h->mds2 = m;
				h->mds2_link = l;
			}
		}
		for (size_t k = 0; k < inv->n_sbom; k++) {
			const struct inv_sbom *s = &inv->sbom[k];

			if ((l = host_link(h, s->vendor, s->model)) == NULL)
				continue;
			if (h->sbom == NULL || (strcmp(l, "model") == 0 &&
			    strcmp(h->sbom_link, "model") != 0)) {
				h->sbom = s;
				h->sbom_link = l;
			}
		}
	}
	return 0;
}

void
db_devdocs_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n_mds2; i++)
		free(inv->mds2[i].item);
	free(inv->mds2);
	for (size_t i = 0; i < inv->n_sbom; i++) {
		for (size_t k = 0; k < inv->sbom[i].n_comp; k++)
			free(inv->sbom[i].comp[k].adv);
		free(inv->sbom[i].comp);
	}
	free(inv->sbom);
	inv->mds2 = NULL;
	inv->sbom = NULL;
	inv->n_mds2 = inv->n_sbom = 0;
}
