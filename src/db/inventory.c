/*
 * src/db/inventory.c - the read model: the inventory loaded into plain
 * structs (include/iomt/db.h, struct inventory) for the views and exports.
 *
 * The hosts table, `show`, the JSON and the CSV export used to walk the
 * tables each in its own way; now they all print what one loader read in
 * one read transaction, so a host or a service cannot be counted one way
 * in the table and another in the export.  Every string is copied into
 * the inventory's pool, because SQLite hands column text out only until
 * the next step.  Hosts are ordered by numeric IPv4 address (text order
 * for anything else), which is how people read a subnet.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

/* Every string of one inventory, freed together. */
struct inv_pool {
	char		**s;
	size_t		 n, cap;
};

const char *
db_inv_keep(struct inventory *inv, const char *s)
{
	struct inv_pool	*p = inv->pool;
	char		*c;

	if (s == NULL)
		return NULL;
	if (p->n == p->cap) {
		p->cap = p->cap != 0 ? p->cap * 2 : 256;
		p->s = xreallocarray(p->s, p->cap, sizeof(*p->s));
	}
	c = xstrdup(s);
	p->s[p->n++] = c;
	return c;
}

/* A copy of column i owned by inv (NULL for NULL). */
static const char *
keep(struct inventory *inv, sqlite3_stmt *st, int i)
{
	return db_inv_keep(inv, db_col_text(st, i));
}

/* Grow the array *v of *n elements of size sz by one; return the new one. */
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

/* Free what host h owns outside the pool. */
static void
host_parts_free(struct inv_host *h)
{
	for (size_t j = 0; j < h->n_svc; j++)
		free(h->svc[j].hist);
	free(h->svc);
	free(h->identity);
	free(h->fragile);
	free(h->finding);
	free(h->name);
	free(h->scan);
	free(h->obs);
	free(h->annot);
	free(h->adv);
}

void
db_inventory_select(struct inventory *inv,
    int (*wanted)(void *, const struct inv_host *), void *arg)
{
	size_t	 i, n = 0;

	if (inv == NULL || wanted == NULL)
		return;
	for (i = 0; i < inv->n_host; i++) {
		if (!wanted(arg, &inv->host[i])) {
			host_parts_free(&inv->host[i]);
			continue;
		}
		if (n != i)
			inv->host[n] = inv->host[i];
		n++;
	}
	inv->n_host = n;
}

static int
sev_rank(const char *s)
{
	static const char *const sev[] = { "high", "medium", "low", NULL };

	for (int i = 0; s != NULL && sev[i] != NULL; i++)
		if (strcmp(s, sev[i]) == 0)
			return i;
	return 3;
}

void
db_inv_finding_add(struct inventory *inv, struct inv_host *h,
    const struct inv_finding *f)
{
	struct inv_finding	 c = *f;
	size_t			 at;

	c.id = db_inv_keep(inv, f->id);
	c.severity = db_inv_keep(inv, f->severity);
	c.title = db_inv_keep(inv, f->title);
	c.detail = db_inv_keep(inv, f->detail);
	for (at = 0; at < h->n_finding; at++)
		if (sev_rank(h->finding[at].severity) > sev_rank(c.severity))
			break;
	h->finding = xreallocarray(h->finding, h->n_finding + 1,
	    sizeof(*h->finding));
	memmove(&h->finding[at + 1], &h->finding[at],
	    (h->n_finding - at) * sizeof(*h->finding));
	h->finding[at] = c;
	h->n_finding++;
}

struct inventory *
db_inventory_free(struct inventory *inv)
{
	size_t	 i;

	if (inv == NULL)
		return NULL;
	for (i = 0; i < inv->n_host; i++)
		host_parts_free(&inv->host[i]);
	free(inv->host);
	free(inv->scan);
	db_devdocs_free(inv);
	if (inv->pool != NULL) {
		for (i = 0; i < inv->pool->n; i++)
			free(inv->pool->s[i]);
		free(inv->pool->s);
		free(inv->pool);
	}
	free(inv);
	return NULL;
}

static struct inventory *
inv_new(struct db *db)
{
	struct inventory	*inv = xcalloc(1, sizeof(*inv));

	inv->pool = xcalloc(1, sizeof(*inv->pool));
	inv->generated = db_now(db);
	return inv;
}

/* Step st (bound) to the end; rc is SQLite's last code. */
#define EACH_ROW(st, rc) \
	while (((rc) = sqlite3_step(st)) == SQLITE_ROW)

/*
 * Finish a walk of the prepared statement k: reset it, map SQLite's last
 * code rc (SQLITE_ROW when only the first row was wanted) to 0 or
 * IOMT_EDB.
 */
static int
walk_end(struct db *db, enum db_st k, int rc, const char *what)
{
	db_st_done(db->st[k]);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* Bind id to ?1 of the prepared statement k and step once: the code. */
static int
first_row(struct db *db, enum db_st k, int64_t id)
{
	sqlite3_bind_int64(db->st[k], 1, id);
	return sqlite3_step(db->st[k]);
}

static int
load_services(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt	*st = db->st[ST_SVC_OF];
	size_t		 cap = 0;
	int		 rc;

	sqlite3_bind_int64(st, 1, h->id);
	EACH_ROW(st, rc) {
		struct inv_service *s = grow(&h->svc, &h->n_svc, &cap,
		    sizeof(*s));

		s->proto = keep(inv, st, 0);
		s->port = (int)db_col_int(st, 1);
		s->state = keep(inv, st, 2);
		s->service = keep(inv, st, 3);
		s->banner = keep(inv, st, 4);
		s->first_seen = db_col_int(st, 5);
		s->last_seen = db_col_int(st, 6);
		s->last_scan = db_col_int(st, 7);
		s->state_scan = db_col_int(st, 8);
		s->open_scan = db_col_int(st, 9);
	}
	return walk_end(db, ST_SVC_OF, rc, "cannot read the services");
}

/* Each service's state in every scan, onto the services already loaded. */
static int
load_service_scans(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt	*st = db->st[ST_SS_OF];
	struct inv_service *s = NULL;
	size_t		 cap = 0, i = 0;
	int		 rc;

	sqlite3_bind_int64(st, 1, h->id);
	EACH_ROW(st, rc) {
		const char		*proto = db_col_text(st, 0);
		int			 port = (int)db_col_int(st, 1);
		struct inv_service_scan	*x;

		/* Both walks are ordered by proto, port. */
		while (i < h->n_svc && (proto == NULL ||
		    h->svc[i].proto == NULL ||
		    strcmp(h->svc[i].proto, proto) != 0 ||
		    h->svc[i].port != port)) {
			i++;
			cap = 0;
		}
		if (i == h->n_svc)
			break;
		s = &h->svc[i];
		if (s->hist == NULL)
			cap = 0;
		x = grow(&s->hist, &s->n_hist, &cap, sizeof(*x));
		x->scan_id = db_col_int(st, 2);
		x->state = keep(inv, st, 3);
		x->t = db_col_int(st, 4);
	}
	return walk_end(db, ST_SS_OF, rc, "cannot read the services' "
	    "history");
}

static int
load_identity(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt		*st = db->st[ST_ID_OF];
	struct inv_identity	*id;
	int			 rc;

	if ((rc = first_row(db, ST_ID_OF, h->id)) == SQLITE_ROW) {
		id = h->identity = xcalloc(1, sizeof(*id));
		id->vendor = keep(inv, st, 0);
		id->model = keep(inv, st, 1);
		id->device_class = keep(inv, st, 2);
		id->firmware = keep(inv, st, 3);
		id->os = keep(inv, st, 4);
		id->confidence = (int)db_col_int(st, 5);
		id->evidence_json = keep(inv, st, 6);
		id->updated = db_col_int(st, 7);
		id->scan_id = db_col_int(st, 8);
	}
	return walk_end(db, ST_ID_OF, rc, "cannot read the identity");
}

static int
load_fragile(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt		*st = db->st[ST_FRAG_OF];
	struct inv_fragile	*f;
	int			 rc;

	if ((rc = first_row(db, ST_FRAG_OF, h->id)) == SQLITE_ROW) {
		f = h->fragile = xcalloc(1, sizeof(*f));
		f->profile_id = keep(inv, st, 0);
		f->hazard = keep(inv, st, 1);
		f->policy_json = keep(inv, st, 2);
		f->matched_on = keep(inv, st, 3);
		f->scan_id = db_col_int(st, 4);
		f->updated = db_col_int(st, 5);
	}
	return walk_end(db, ST_FRAG_OF, rc, "cannot read the fragile match");
}

static int
load_findings(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt	*st = db->st[ST_FIND_OF];
	size_t		 cap = 0;
	int		 rc;

	sqlite3_bind_int64(st, 1, h->id);
	EACH_ROW(st, rc) {
		struct inv_finding *f = grow(&h->finding, &h->n_finding, &cap,
		    sizeof(*f));

		f->id = keep(inv, st, 0);
		f->severity = keep(inv, st, 1);
		f->port = (int)db_col_int(st, 2);
		f->title = keep(inv, st, 3);
		f->detail = keep(inv, st, 4);
		f->first_seen = db_col_int(st, 5);
		f->last_seen = db_col_int(st, 6);
	}
	return walk_end(db, ST_FIND_OF, rc, "cannot read the findings");
}

/*
 * The newest value of each passive-name key of h.  Prepared here rather
 * than with the other statements: only the read model asks it.
 */
static int
load_names(struct db *db, struct inventory *inv, struct inv_host *h)
{
	static const char sql[] =
	    "SELECT key, value, scan_id, t, max(id) FROM observations"
	    " WHERE host_id = ?1 AND key IN ('dhcp.hostname',"
	    " 'dhcp.vendor_class', 'mdns.hostname', 'mdns.instance',"
	    " 'lldp.sysname', 'cdp.device_id', 'cdp.platform')"
	    " AND value IS NOT NULL AND value <> '' GROUP BY key ORDER BY key";
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot read the host's names");
	sqlite3_bind_int64(st, 1, h->id);
	EACH_ROW(st, rc) {
		struct inv_name	*n = grow(&h->name, &h->n_name, &cap,
		    sizeof(*n));

		n->key = keep(inv, st, 0);
		n->value = keep(inv, st, 1);
		n->scan_id = db_col_int(st, 2);
		n->t = db_col_int(st, 3);
		if (n->key == NULL || n->value == NULL)
			h->n_name--;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, "cannot read the host's names");
	return 0;
}

/* The host row, its last state and probe count, and its parts. */
static int
load_host(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt	*st = db->st[ST_HOST_GET];
	int		 rc, r;

	if ((rc = first_row(db, ST_HOST_GET, h->id)) == SQLITE_ROW) {
		h->ip = keep(inv, st, 1);
		h->mac = keep(inv, st, 2);
		h->oui_vendor = keep(inv, st, 3);
		h->first_seen = db_col_int(st, 4);
		h->last_seen = db_col_int(st, 5);
		h->first_scan = db_col_int(st, 6);
		h->last_scan = db_col_int(st, 7);
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_NOTFOUND;
	if ((r = walk_end(db, ST_HOST_GET, rc, "cannot read the host")) != 0)
		return r;
	if (h->ip == NULL)
		h->ip = "";

	st = db->st[ST_HS_LAST];
	if ((rc = first_row(db, ST_HS_LAST, h->id)) == SQLITE_ROW) {
		h->state = keep(inv, st, 1);
		h->state_reason = keep(inv, st, 2);
	}
	if ((r = walk_end(db, ST_HS_LAST, rc, "cannot read the host's "
	    "state")) != 0)
		return r;

	db_bind_text(db->st[ST_AUDIT_COUNT], 1, h->ip, DB_TEXT_MAX);
	if ((r = db_run_int(db, ST_AUDIT_COUNT, &h->probes_sent,
	    "cannot count probes")) != 0)
		return r;
	if ((r = load_services(db, inv, h)) != 0 ||
	    (r = load_identity(db, inv, h)) != 0 ||
	    (r = load_fragile(db, inv, h)) != 0 ||
	    (r = load_names(db, inv, h)) != 0)
		return r;
	return load_findings(db, inv, h);
}

static int
host_cmp(const void *a, const void *b)
{
	const struct inv_host	*x = a, *y = b;
	struct in_addr		 ax, ay;
	int			 vx, vy;

	vx = inet_pton(AF_INET, x->ip, &ax) == 1;
	vy = inet_pton(AF_INET, y->ip, &ay) == 1;
	if (vx != vy)
		return vx ? -1 : 1;
	if (vx && ax.s_addr != ay.s_addr)
		return ntohl(ax.s_addr) < ntohl(ay.s_addr) ? -1 : 1;
	return strcmp(x->ip, y->ip);
}

static int
load_scans(struct db *db, struct inventory *inv)
{
	sqlite3_stmt	*st = db->st[ST_SCANS_ALL];
	size_t		 cap = 0;
	int		 rc;

	EACH_ROW(st, rc) {
		struct inv_scan	*s = grow(&inv->scan, &inv->n_scan, &cap,
		    sizeof(*s));

		s->id = db_col_int(st, 0);
		s->started = db_col_int(st, 1);
		s->finished = db_col_int(st, 2);
		s->status = keep(inv, st, 3);
		s->targets = keep(inv, st, 4);
		s->options = keep(inv, st, 5);
		s->stats = keep(inv, st, 6);
		s->version = keep(inv, st, 7);
	}
	return walk_end(db, ST_SCANS_ALL, rc, "cannot list the scans");
}

int
db_inventory_load(struct db *db, struct inventory **out)
{
	struct inventory	*inv = NULL;
	sqlite3_stmt		*st;
	size_t			 cap = 0, i;
	int			 r, rc;

	if (out != NULL)
		*out = NULL;
	if (db == NULL || out == NULL)
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	inv = inv_new(db);
	if ((r = load_scans(db, inv)) != 0)
		goto out;
	st = db->st[ST_HOST_LIST];
	EACH_ROW(st, rc) {
		struct inv_host	*h = grow(&inv->host, &inv->n_host, &cap,
		    sizeof(*h));

		h->id = db_col_int(st, 0);
	}
	if ((r = walk_end(db, ST_HOST_LIST, rc, "cannot list the hosts")) !=
	    0)
		goto out;
	for (i = 0; i < inv->n_host; i++)
		if ((r = load_host(db, inv, &inv->host[i])) != 0)
			goto out;
	if (inv->n_host > 1)
		qsort(inv->host, inv->n_host, sizeof(*inv->host), host_cmp);
	if ((r = db_annot_attach(db, inv)) != 0 ||
	    (r = db_devdocs_attach(db, inv)) != 0 ||
	    (r = db_adv_attach(db, inv)) != 0)
		goto out;
	*out = inv;
	inv = NULL;
	r = 0;
 out:
	db_read_end(db);
	db_inventory_free(inv);
	return r;
}

static int
load_host_scans(struct db *db, struct inventory *inv, struct inv_host *h)
{
	sqlite3_stmt	*st = db->st[ST_HS_OF];
	size_t		 cap = 0;
	int		 rc;

	sqlite3_bind_int64(st, 1, h->id);
	EACH_ROW(st, rc) {
		struct inv_host_scan *s = grow(&h->scan, &h->n_scan, &cap,
		    sizeof(*s));

		s->scan_id = db_col_int(st, 0);
		s->started = db_col_int(st, 1);
		s->scan_status = keep(inv, st, 2);
		s->state = keep(inv, st, 3);
		s->reason = keep(inv, st, 4);
		s->how = keep(inv, st, 5);
	}
	return walk_end(db, ST_HS_OF, rc, "cannot read the host's scans");
}

static int
load_observations(struct db *db, struct inventory *inv, struct inv_host *h,
    size_t max_obs)
{
	sqlite3_stmt	*st = db->st[ST_OBS_LATEST];
	size_t		 cap = 0;
	int		 rc, r;

	sqlite3_bind_int64(db->st[ST_OBS_COUNT], 1, h->id);
	if ((r = db_run_int(db, ST_OBS_COUNT, &h->obs_total,
	    "cannot count observations")) != 0)
		return r;
	if (h->obs_total == 0 || max_obs == 0)
		return 0;
	sqlite3_bind_int64(st, 1, h->id);
	sqlite3_bind_int64(st, 2, max_obs > INT64_MAX ? INT64_MAX :
	    (int64_t)max_obs);
	EACH_ROW(st, rc) {
		struct observation *o = grow(&h->obs, &h->n_obs, &cap,
		    sizeof(*o));

		o->scan_id = db_col_int(st, 0);
		o->proto = keep(inv, st, 1);
		o->port = (int)db_col_int(st, 2);
		o->probe = keep(inv, st, 3);
		o->key = keep(inv, st, 4);
		o->value = keep(inv, st, 5);
		o->t = db_col_int(st, 6);
		if (o->key == NULL)
			o->key = "";
	}
	return walk_end(db, ST_OBS_LATEST, rc, "cannot read the "
	    "observations");
}

int
db_host_load(struct db *db, const char *ip, size_t max_obs,
    struct inventory **out)
{
	struct inventory	*inv = NULL;
	struct inv_host		*h;
	size_t			 cap = 0;
	int64_t			 id;
	int			 r;

	if (out != NULL)
		*out = NULL;
	if (db == NULL || out == NULL || !db_ip_ok(ip))
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if ((r = db_host_find(db, ip, &id)) != 0)
		goto out;
	inv = inv_new(db);
	h = grow(&inv->host, &inv->n_host, &cap, sizeof(*h));
	h->id = id;
	if ((r = load_host(db, inv, h)) != 0 ||
	    (r = load_host_scans(db, inv, h)) != 0 ||
	    (r = load_service_scans(db, inv, h)) != 0 ||
	    (r = load_observations(db, inv, h, max_obs)) != 0 ||
	    (r = db_annot_attach(db, inv)) != 0 ||
	    (r = db_devdocs_attach(db, inv)) != 0 ||
	    (r = db_adv_attach(db, inv)) != 0)
		goto out;
	*out = inv;
	inv = NULL;
	r = 0;
 out:
	db_read_end(db);
	db_inventory_free(inv);
	return r;
}
