/*
 * src/db/snapshot.c - what one scan saw, read back for `iomtscan diff`.
 *
 * The inventory (inventory.c) keeps the latest state of every host; to
 * say what changed between two scans, diff needs each scan as it was:
 * the hosts it recorded with their state, MAC and identity in that scan,
 * the services whose ports it probed, the findings it made, what it held
 * back and which addresses it covered.  A snapshot is read with six
 * queries, each walking one scan's rows through the scan_id indexes, so
 * two 4,000-host scans load in well under a second whatever the length
 * of the history; services and findings of all hosts live in one array
 * each (hosts point into them), strings in a chunked pool, so a
 * snapshot costs a few large allocations rather than one per row.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/net.h"
#include "db-int.h"

#define SNAP_CHUNK	(64 * 1024)

/* Strings of one snapshot: chunks of SNAP_CHUNK bytes, or one each for
 * a longer string. */
struct snap_pool {
	char		**chunk;
	size_t		 n, cap;
	size_t		 used;		/* bytes used in the last chunk */
};

/* A copy of s (NULL for NULL) owned by p. */
static const char *
pool_keep(struct snap_pool *p, const char *s)
{
	size_t	 len;
	char	*dst;

	if (s == NULL)
		return NULL;
	len = strlen(s) + 1;
	if (p->n == p->cap) {
		p->cap = p->cap != 0 ? p->cap * 2 : 16;
		p->chunk = xreallocarray(p->chunk, p->cap, sizeof(*p->chunk));
	}
	if (len > SNAP_CHUNK / 4) {
		/* Own chunk, inserted before the current one. */
		dst = xmalloc(len);
		if (p->n > 0) {
			p->chunk[p->n] = p->chunk[p->n - 1];
			p->chunk[p->n - 1] = dst;
		} else {
			p->chunk[0] = dst;
			p->used = SNAP_CHUNK;
		}
		p->n++;
	} else {
		if (p->n == 0 || p->used + len > SNAP_CHUNK) {
			p->chunk[p->n++] = xmalloc(SNAP_CHUNK);
			p->used = 0;
		}
		dst = p->chunk[p->n - 1] + p->used;
		p->used += len;
	}
	memcpy(dst, s, len);
	return dst;
}

static const char *
keep(struct scan_snapshot *s, sqlite3_stmt *st, int i)
{
	return pool_keep(s->pool, db_col_text(st, i));
}

/* Numeric IPv4 address of ip text in host order; 0 when it is not. */
static uint32_t
addr_of(const char *ip)
{
	struct in_addr	 a;

	if (ip == NULL || inet_pton(AF_INET, ip, &a) != 1)
		return 0;
	return ntohl(a.s_addr);
}

/* Order by address, then by text (only non-IPv4 texts share addr 0). */
static int
cmp_addr_ip(uint32_t a1, const char *ip1, uint32_t a2, const char *ip2)
{
	if (a1 != a2)
		return a1 < a2 ? -1 : 1;
	return strcmp(ip1, ip2);
}

static int
cmp_host(const void *a, const void *b)
{
	const struct snap_host	*x = a, *y = b;

	return cmp_addr_ip(x->addr, x->ip, y->addr, y->ip);
}

static int
cmp_held(const void *a, const void *b)
{
	const struct snap_held	*x = a, *y = b;

	return cmp_addr_ip(x->addr, x->ip, y->addr, y->ip);
}

static int
cmp_host_id(const void *a, const void *b)
{
	const struct snap_host	*x = a, *y = b;

	return x->host_id < y->host_id ? -1 : x->host_id > y->host_id;
}

/* The host of s with id host_id while s->host is ordered by id. */
static struct snap_host *
by_id(struct scan_snapshot *s, int64_t host_id)
{
	struct snap_host	 key;

	if (s->n_host == 0)
		return NULL;
	key.host_id = host_id;
	return bsearch(&key, s->host, s->n_host, sizeof(*s->host),
	    cmp_host_id);
}

/* Prepare sql with scan_id bound to ?1 into *st.  0 or IOMT_EDB. */
static int
prep(struct db *db, const char *sql, int64_t scan_id, sqlite3_stmt **st)
{
	int	 rc;

	*st = NULL;
	rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);
	if (rc != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot prepare a snapshot query");
	sqlite3_bind_int64(*st, 1, scan_id);
	return 0;
}

/* Finish a walk of st whose last step gave rc; finalize st. */
static int
done(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	int	 r = 0;

	if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, what);
	sqlite3_finalize(st);
	return r;
}

static int
load_scan(struct db *db, struct scan_snapshot *s, int64_t scan_id)
{
	sqlite3_stmt	*st;
	int		 r, rc, found = 1;

	if ((r = prep(db, "SELECT id, started, finished, status, targets,"
	    " options, stats, version FROM scans WHERE id = ?1", scan_id,
	    &st)) != 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->scan.id = db_col_int(st, 0);
		s->scan.started = db_col_int(st, 1);
		s->scan.finished = db_col_int(st, 2);
		s->scan.status = keep(s, st, 3);
		s->scan.targets = keep(s, st, 4);
		s->scan.options = keep(s, st, 5);
		s->scan.stats = keep(s, st, 6);
		s->scan.version = keep(s, st, 7);
		rc = sqlite3_step(st);
	} else if (rc == SQLITE_DONE)
		found = 0;
	r = done(db, st, rc, "cannot read the scan");
	if (r == 0 && !found)
		r = IOMT_ENOTFOUND;
	if (r == 0 && s->scan.status == NULL)
		s->scan.status = "";
	return r;
}

static int
load_hosts(struct db *db, struct scan_snapshot *s)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 r, rc;

	if ((r = prep(db, "SELECT h.id, h.ip, x.state, x.reason, x.how,"
	    " x.mac, x.vendor, x.model, x.device_class, x.firmware, x.os,"
	    " x.snap FROM host_scans x JOIN hosts h ON h.id = x.host_id"
	    " WHERE x.scan_id = ?1 ORDER BY h.id", s->scan.id, &st)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct snap_host *h;

		if (db_col_text(st, 1) == NULL || db_col_text(st, 2) == NULL)
			continue;
		if (s->n_host == cap) {
			cap = cap != 0 ? cap * 2 : 256;
			s->host = xreallocarray(s->host, cap,
			    sizeof(*s->host));
		}
		h = &s->host[s->n_host++];
		memset(h, 0, sizeof(*h));
		h->host_id = db_col_int(st, 0);
		h->ip = keep(s, st, 1);
		h->addr = addr_of(h->ip);
		h->state = keep(s, st, 2);
		h->reason = keep(s, st, 3);
		h->how = keep(s, st, 4);
		h->mac = keep(s, st, 5);
		h->vendor = keep(s, st, 6);
		h->model = keep(s, st, 7);
		h->device_class = keep(s, st, 8);
		h->firmware = keep(s, st, 9);
		h->os = keep(s, st, 10);
		h->recorded = db_col_int(st, 11) != 0;
	}
	return done(db, st, rc, "cannot read the scan's hosts");
}

/*
 * Services and findings of every host (s->host ordered by id) are read
 * the same way: one query over the scan's rows ordered by host, one
 * array of elsize-byte elements, and each host pointed at its adjacent
 * run.  A struct snap_rows says how one kind is read and attached.
 */
struct snap_rows {
	const char	*sql;		/* first column host_id, ?1 scan id */
	const char	*what;		/* for the error message */
	size_t		 elsize;
	/* Fill element el from the row's columns 1.. */
	void		(*fill)(struct scan_snapshot *, sqlite3_stmt *, void *el);
	/* Point h at its n elements starting at first. */
	void		(*attach)(struct snap_host *h, void *first, size_t n);
};

static void
fill_service(struct scan_snapshot *s, sqlite3_stmt *st, void *el)
{
	struct snap_service	*v = el;

	v->proto = keep(s, st, 1);
	v->port = (int)db_col_int(st, 2);
	v->state = keep(s, st, 3);
	v->service = keep(s, st, 4);
}

static void
attach_services(struct snap_host *h, void *first, size_t n)
{
	h->svc = first;
	h->n_svc = n;
}

static void
fill_finding(struct scan_snapshot *s, sqlite3_stmt *st, void *el)
{
	struct snap_finding	*v = el;

	v->id = keep(s, st, 1);
	v->severity = keep(s, st, 2);
	v->port = (int)db_col_int(st, 3);
	v->title = keep(s, st, 4);
}

static void
attach_findings(struct snap_host *h, void *first, size_t n)
{
	h->finding = first;
	h->n_finding = n;
}

static const struct snap_rows snap_services = {
	"SELECT s.host_id, s.proto, s.port, x.state,"
	" s.service FROM service_scans x"
	" JOIN services s ON s.id = x.service_id WHERE x.scan_id = ?1"
	" ORDER BY s.host_id, s.proto, s.port",
	"cannot read the scan's services", sizeof(struct snap_service),
	fill_service, attach_services
};

static const struct snap_rows snap_findings = {
	"SELECT f.host_id, f.finding_id, f.severity,"
	" f.port, f.title FROM finding_scans x"
	" JOIN findings f ON f.id = x.finding_row WHERE x.scan_id = ?1"
	" ORDER BY f.host_id, f.port, f.finding_id",
	"cannot read the scan's findings", sizeof(struct snap_finding),
	fill_finding, attach_findings
};

/* Read the rows kind k describes into *all (caller frees) and attach
 * each host's run.  Return 0 or a negative IOMT_E_* code. */
static int
load_rows(struct db *db, struct scan_snapshot *s, const struct snap_rows *k,
    void **all)
{
	sqlite3_stmt	*st;
	size_t		 n = 0, cap = 0, i, j;
	int64_t		*owner = NULL;
	char		*arr = NULL;
	int		 r, rc;

	*all = NULL;
	if ((r = prep(db, k->sql, s->scan.id, &st)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 256;
			arr = xreallocarray(arr, cap, k->elsize);
			owner = xreallocarray(owner, cap, sizeof(*owner));
		}
		owner[n] = db_col_int(st, 0);
		memset(arr + n * k->elsize, 0, k->elsize);
		k->fill(s, st, arr + n * k->elsize);
		n++;
	}
	r = done(db, st, rc, k->what);
	for (i = 0; r == 0 && i < n; i = j) {
		struct snap_host *h = by_id(s, owner[i]);

		for (j = i; j < n && owner[j] == owner[i]; j++)
			;
		if (h != NULL)
			k->attach(h, arr + i * k->elsize, j - i);
	}
	free(owner);
	*all = arr;
	return r;
}

static int
load_held(struct db *db, struct scan_snapshot *s)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 r, rc;

	if ((r = prep(db, "SELECT ip, state, reason FROM scan_held"
	    " WHERE scan_id = ?1", s->scan.id, &st)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct snap_held *h;

		if (db_col_text(st, 0) == NULL)
			continue;
		if (s->n_held == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			s->held = xreallocarray(s->held, cap,
			    sizeof(*s->held));
		}
		h = &s->held[s->n_held++];
		h->ip = keep(s, st, 0);
		h->addr = addr_of(h->ip);
		h->state = keep(s, st, 1);
		h->reason = keep(s, st, 2);
	}
	r = done(db, st, rc, "cannot read the scan's held addresses");
	if (r == 0 && s->n_held > 1)
		qsort(s->held, s->n_held, sizeof(*s->held), cmp_held);
	return r;
}

/*
 * The ranges the scan covered: its scan_scope rows; for a scan recorded
 * before there were any, its targets text (command-line targets only:
 * a scan that read a target file has text that says less, and then the
 * scope stays unknown unless every token parses).
 */
static int
load_scope(struct db *db, struct scan_snapshot *s)
{
	sqlite3_stmt	*st;
	int		 r, rc, any = 0;

	if ((r = prep(db, "SELECT kind, lo, hi FROM scan_scope"
	    " WHERE scan_id = ?1", s->scan.id, &st)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = db_col_text(st, 0);
		int64_t lo = db_col_int(st, 1), hi = db_col_int(st, 2);
		struct target_set *ts;
		char spec[40], a[16], b[16], err[128];

		if (kind == NULL || lo < 0 || hi > UINT32_MAX || lo > hi)
			continue;
		ts = strcmp(kind, "exclude") == 0 ? s->excludes : s->targets;
		snprintf(spec, sizeof(spec), "%s-%s",
		    target_ntoa((uint32_t)lo, a, sizeof(a)),
		    target_ntoa((uint32_t)hi, b, sizeof(b)));
		if (target_set_add(ts, spec, err, sizeof(err)) == 0 &&
		    ts == s->targets)
			any = 1;
	}
	if ((r = done(db, st, rc, "cannot read the scan's targets")) != 0)
		return r;
	if (any)
		s->scope = SNAP_SCOPE_RANGES;
	else if (s->scan.targets != NULL && s->scan.targets[0] != '\0') {
		char *t = xstrdup(s->scan.targets), *p = t, *tok;
		int ok = 1;

		while (ok && (tok = strsep(&p, " \t,")) != NULL) {
			char err[128];

			if (tok[0] != '\0' && target_set_add(s->targets, tok,
			    err, sizeof(err)) != 0)
				ok = 0;
		}
		free(t);
		if (ok && s->targets->n > 0)
			s->scope = SNAP_SCOPE_TEXT;
		else {
			target_set_free(s->targets);
			target_set_init(s->targets);
		}
	}
	target_set_finish(s->targets);
	target_set_finish(s->excludes);
	return 0;
}

/* What a snapshot owns outside its pool, next to its struct. */
struct snap_own {
	struct scan_snapshot	 s;
	struct target_set	 targets, excludes;
	void			*svc;		/* every host's services */
	void			*finding;	/* every host's findings */
};

int
db_snapshot_load(struct db *db, int64_t scan_id, struct scan_snapshot **out)
{
	struct snap_own	*o = NULL;
	int		 r;

	if (out != NULL)
		*out = NULL;
	if (db == NULL || out == NULL || scan_id <= 0)
		return IOMT_EINVAL;
	o = xcalloc(1, sizeof(*o));
	o->s.pool = xcalloc(1, sizeof(*o->s.pool));
	target_set_init(&o->targets);
	target_set_init(&o->excludes);
	o->s.targets = &o->targets;
	o->s.excludes = &o->excludes;
	if ((r = db_read_begin(db)) != 0)
		goto out;
	if ((r = load_scan(db, &o->s, scan_id)) != 0 ||
	    (r = load_hosts(db, &o->s)) != 0 ||
	    (r = load_rows(db, &o->s, &snap_services, &o->svc)) != 0 ||
	    (r = load_rows(db, &o->s, &snap_findings, &o->finding)) != 0 ||
	    (r = load_held(db, &o->s)) != 0 ||
	    (r = load_scope(db, &o->s)) != 0)
		goto out_read;
	if (o->s.n_host > 1)
		qsort(o->s.host, o->s.n_host, sizeof(*o->s.host), cmp_host);
	*out = &o->s;
	o = NULL;
	r = 0;
 out_read:
	db_read_end(db);
 out:
	if (o != NULL)
		db_snapshot_free(&o->s);
	return r;
}

struct scan_snapshot *
db_snapshot_free(struct scan_snapshot *s)
{
	struct snap_own	*o = (struct snap_own *)s;
	size_t		 i;

	if (s == NULL)
		return NULL;
	if (s->pool != NULL) {
		for (i = 0; i < s->pool->n; i++)
			free(s->pool->chunk[i]);
		free(s->pool->chunk);
		free(s->pool);
	}
	free(s->host);
	free(s->held);
	free(o->svc);
	free(o->finding);
	target_set_free(&o->targets);
	target_set_free(&o->excludes);
	free(o);
	return NULL;
}

const struct snap_host *
db_snapshot_host(const struct scan_snapshot *s, const char *ip)
{
	struct snap_host	 key;

	if (s == NULL || ip == NULL || s->n_host == 0)
		return NULL;
	key.ip = ip;
	key.addr = addr_of(ip);
	return bsearch(&key, s->host, s->n_host, sizeof(*s->host), cmp_host);
}

const struct snap_held *
db_snapshot_held(const struct scan_snapshot *s, const char *ip)
{
	struct snap_held	 key;

	if (s == NULL || ip == NULL || s->n_held == 0)
		return NULL;
	key.ip = ip;
	key.addr = addr_of(ip);
	return bsearch(&key, s->held, s->n_held, sizeof(*s->held), cmp_held);
}

int
db_snapshot_covers(const struct scan_snapshot *s, const char *ip)
{
	uint32_t	 a;

	if (s == NULL || s->scope == SNAP_SCOPE_UNKNOWN)
		return SNAP_UNCOVERED_UNKNOWN;
	if (ip == NULL || (a = addr_of(ip)) == 0 ||
	    !target_set_contains(s->targets, a))
		return SNAP_OUTSIDE;
	if (target_set_contains(s->excludes, a))
		return SNAP_EXCLUDED;
	return SNAP_COVERED;
}

int
db_scans_last_complete(struct db *db, int64_t before, int64_t *from,
    int64_t *to)
{
	sqlite3_stmt	*st;
	int64_t		 id[2] = { 0, 0 };
	int		 r, rc, n = 0;

	if (from != NULL)
		*from = 0;
	if (to != NULL)
		*to = 0;
	if (db == NULL || from == NULL || to == NULL)
		return IOMT_EINVAL;
	if ((r = prep(db, "SELECT id FROM scans WHERE status = 'complete'"
	    " AND (?1 <= 0 OR id < ?1) AND (CASE WHEN json_valid(options)"
	    " THEN json_extract(options, '$.mode') END) IS NOT 'listen'"
	    " ORDER BY id DESC LIMIT 2", before, &st)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 2)
		id[n++] = db_col_int(st, 0);
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	if ((r = done(db, st, rc, "cannot read the scans")) != 0)
		return r;
	*to = id[0];
	*from = id[1];
	return 0;
}
