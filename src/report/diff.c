/*
 * src/report/diff.c - what changed on the network between two scans.
 *
 * Half the hospitals in the study behind this project did not notice
 * when a device was added or replaced; a weekly scan is only worth its
 * packets if someone reads what changed since last week.  The hard part
 * is not to cry wolf: a device the later scan held passive (a fragile
 * profile) or excluded was not looked at, so it is "not checked", never
 * "removed"; an address outside the later scan's targets is not
 * compared at all; a service is "closed" only when the later scan
 * probed its port and got no answer; an identity field or a MAC that a
 * scan did not record (NULL, older versions) is unknown and never
 * counts as a change; a device whose MAC turns up on another address is
 * reported once as "moved" rather than as one removed and one added.
 *
 * Both scans are read as snapshots (src/db/snapshot.c: six queries
 * each), then compared in memory: the hosts of each are sorted by
 * address, so every lookup is a binary search, and pairing moved
 * devices sorts the added and removed lists by MAC.  diff-out.c prints
 * the result as text or JSON.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report-int.h"

/* 1 when h answered in its scan (up, or up and then left alone). */
static int
seen(const struct snap_host *h)
{
	return h != NULL && (strcmp(h->state, "up") == 0 ||
	    strcmp(h->state, "breaker") == 0);
}

/* A string owned by d. */
static const char *
dstr(struct diff *d, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (d->n_str == d->cap_str) {
		d->cap_str = d->cap_str != 0 ? d->cap_str * 2 : 64;
		d->str = xreallocarray(d->str, d->cap_str, sizeof(*d->str));
	}
	d->str[d->n_str++] = s;
	return s;
}

static struct diff_host *
list_add(struct diff_list *l, const char *ip, const char *mac)
{
	struct diff_host	*h;
	struct in_addr		 a;

	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 32;
		l->h = xreallocarray(l->h, l->cap, sizeof(*l->h));
	}
	h = &l->h[l->n++];
	memset(h, 0, sizeof(*h));
	h->ip = ip;
	h->mac = mac;
	if (ip != NULL && inet_pton(AF_INET, ip, &a) == 1)
		h->addr = ntohl(a.s_addr);
	return h;
}

static void
change_add(struct diff_host *h, size_t *cap, enum diff_kind kind,
    const char *field, const char *before, const char *after)
{
	struct diff_change	*c;

	if (h->n_ch == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 4;
		h->ch = xreallocarray(h->ch, *cap, sizeof(*h->ch));
	}
	c = &h->ch[h->n_ch++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->field = field;
	c->before = before;
	c->after = after;
}

static int
cmp_svc(const struct snap_service *a, const struct snap_service *b)
{
	int	 c = strcmp(a->proto, b->proto);

	if (c != 0)
		return c;
	return a->port < b->port ? -1 : a->port > b->port;
}

/* 1 when host h of a snapshot holds finding (id, port). */
static int
has_finding(const struct snap_host *h, const struct snap_finding *f)
{
	for (size_t i = 0; i < h->n_finding; i++)
		if (h->finding[i].port == f->port &&
		    strcmp(h->finding[i].id, f->id) == 0)
			return 1;
	return 0;
}

/*
 * Append to dh what changed from f (earlier scan) to t (later scan):
 * the address when moved, the MAC, each identity field both scans
 * recorded, each service opened or closed, each new finding.
 */
static void
compare(struct diff *d, struct diff_host *dh, const struct snap_host *f,
    const struct snap_host *t, int moved)
{
	static const char *const fields[] = { "vendor", "model",
	    "device_class", "firmware", "os" };
	const char	*fv[5] = { f->vendor, f->model, f->device_class,
	    f->firmware, f->os };
	const char	*tv[5] = { t->vendor, t->model, t->device_class,
	    t->firmware, t->os };
	size_t		 cap = dh->n_ch, i = 0, j = 0, k;

	if (moved)
		change_add(dh, &cap, DIFF_MOVED, "ip", f->ip, t->ip);
	else if (f->mac != NULL && t->mac != NULL &&
	    strcasecmp(f->mac, t->mac) != 0)
		change_add(dh, &cap, DIFF_REPLACED, "mac", f->mac, t->mac);
	for (k = 0; k < 5; k++)
		if (fv[k] != NULL && tv[k] != NULL && strcmp(fv[k], tv[k]) != 0)
			change_add(dh, &cap, DIFF_IDENTITY, fields[k], fv[k],
			    tv[k]);
	/* Both lists are ordered by proto, port. */
	while (i < f->n_svc || j < t->n_svc) {
		const struct snap_service *a = i < f->n_svc ? &f->svc[i] :
		    NULL;
		const struct snap_service *b = j < t->n_svc ? &t->svc[j] :
		    NULL;
		int c = a == NULL ? 1 : b == NULL ? -1 : cmp_svc(a, b);

		if (c < 0) {
			/* Not probed by the later scan: unknown. */
			i++;
			continue;
		}
		if (c > 0) {
			if (strcmp(b->state, "open") == 0)
				change_add(dh, &cap, DIFF_SERVICE, dstr(d,
				    "%s/%d", b->proto, b->port), NULL, "open");
			j++;
			continue;
		}
		if ((strcmp(a->state, "open") == 0) !=
		    (strcmp(b->state, "open") == 0))
			change_add(dh, &cap, DIFF_SERVICE, dstr(d, "%s/%d",
			    b->proto, b->port), a->state, b->state);
		i++;
		j++;
	}
	if (!f->recorded || !t->recorded)
		return;
	for (k = 0; k < t->n_finding; k++) {
		const struct snap_finding *fi = &t->finding[k];

		if (has_finding(f, fi))
			continue;
		change_add(dh, &cap, DIFF_FINDING, "finding", NULL,
		    fi->port != 0 ? dstr(d, "%s:%d", fi->id, fi->port) :
		    fi->id);
		dh->ch[dh->n_ch - 1].finding = fi;
	}
}

/* Order of diff hosts: by address, then address text. */
static int
cmp_dh(const void *a, const void *b)
{
	const struct diff_host	*x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->ip, y->ip);
}

static void
list_sort(struct diff_list *l)
{
	if (l->n > 1)
		qsort(l->h, l->n, sizeof(*l->h), cmp_dh);
}

/* Order of pointers to diff hosts by MAC (any case). */
static int
cmp_dh_mac(const void *a, const void *b)
{
	const struct diff_host	*const *x = a, *const *y = b;

	return strcasecmp((*x)->mac, (*y)->mac);
}

/* The hosts of l that have a MAC, sorted by it (*n of them; free it). */
static struct diff_host **
by_mac(struct diff_list *l, size_t *n)
{
	struct diff_host	**v = xcalloc(l->n + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->h[i].mac != NULL && l->h[i].mac[0] != '\0')
			v[(*n)++] = &l->h[i];
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_dh_mac);
	return v;
}

/* Drop the hosts of l whose ip was set to NULL. */
static void
list_compact(struct diff_list *l)
{
	size_t	 n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->h[i].ip != NULL)
			l->h[n++] = l->h[i];
	l->n = n;
}

/*
 * A MAC that left one address and answered on another (each MAC once in
 * each list, so a MAC shared by a router's proxy ARP pairs nothing)
 * is one moved device: a changed host at its new address.
 */
static void
pair_moved(struct diff *d)
{
	struct diff_host	**rm, **ad;
	size_t			 nr, na, i = 0, j = 0;

	rm = by_mac(&d->removed, &nr);
	ad = by_mac(&d->added, &na);
	while (i < nr && j < na) {
		int c = strcasecmp(rm[i]->mac, ad[j]->mac);
		int dup = (i + 1 < nr && strcasecmp(rm[i + 1]->mac,
		    rm[i]->mac) == 0) || (j + 1 < na &&
		    strcasecmp(ad[j + 1]->mac, ad[j]->mac) == 0);

		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		if (!dup) {
			struct diff_host *ch = list_add(&d->changed,
			    ad[j]->ip, ad[j]->mac);

			ch->from = rm[i]->from;
			ch->to = ad[j]->to;
			compare(d, ch, ch->from, ch->to, 1);
			rm[i]->ip = NULL;
			ad[j]->ip = NULL;
			i++;
			j++;
			continue;
		}
		/* Skip every entry of this MAC on both sides. */
		{
			const char *m = rm[i]->mac;

			while (i < nr && strcasecmp(rm[i]->mac, m) == 0)
				i++;
			while (j < na && strcasecmp(ad[j]->mac, m) == 0)
				j++;
		}
	}
	free(rm);
	free(ad);
	list_compact(&d->removed);
	list_compact(&d->added);
}

static int
held_state(const struct snap_host *h)
{
	return h != NULL && (strcmp(h->state, "held") == 0 ||
	    strcmp(h->state, "excluded") == 0);
}

/* Not checked: a host the earlier scan saw that the later held back. */
static int
not_checked(struct diff *d, const struct snap_host *f)
{
	const struct snap_held	*hd = db_snapshot_held(d->to, f->ip);
	const struct snap_host	*t = db_snapshot_host(d->to, f->ip);
	struct diff_host	*dh;

	if (hd == NULL && !held_state(t) &&
	    db_snapshot_covers(d->to, f->ip) != SNAP_EXCLUDED)
		return 0;
	dh = list_add(&d->not_checked, f->ip, t != NULL && t->mac != NULL ?
	    t->mac : f->mac);
	dh->from = f;
	dh->to = t;
	if (hd != NULL) {
		dh->state = hd->state;
		dh->reason = hd->reason;
	} else if (held_state(t)) {
		dh->state = t->state;
		dh->reason = t->reason;
	} else {
		dh->state = "excluded";
		dh->reason = "excluded from the scan (--exclude)";
	}
	return 1;
}

void
diff_compute(struct scan_snapshot *from, struct scan_snapshot *to,
    struct diff **out)
{
	struct diff	*d = xcalloc(1, sizeof(*d));
	size_t		 i;

	d->from = from;
	d->to = to;
	for (i = 0; i < to->n_host; i++) {
		const struct snap_host *t = &to->host[i];
		const struct snap_host *f;
		struct diff_host *dh;

		if (!seen(t))
			continue;
		f = db_snapshot_host(from, t->ip);
		if (!seen(f)) {
			dh = list_add(&d->added, t->ip, t->mac);
			dh->to = t;
			continue;
		}
		dh = list_add(&d->changed, t->ip, t->mac != NULL ? t->mac :
		    f->mac);
		dh->from = f;
		dh->to = t;
		compare(d, dh, f, t, 0);
		if (dh->n_ch == 0) {
			free(dh->ch);
			d->changed.n--;
		}
	}
	for (i = 0; i < from->n_host; i++) {
		const struct snap_host *f = &from->host[i];
		struct diff_host *dh;

		if (!seen(f) || seen(db_snapshot_host(to, f->ip)) ||
		    not_checked(d, f))
			continue;
		switch (db_snapshot_covers(to, f->ip)) {
		case SNAP_COVERED:
			dh = list_add(&d->removed, f->ip, f->mac);
			dh->from = f;
			break;
		case SNAP_OUTSIDE:
			d->outside++;
			break;
		default:
			d->unknown++;
			break;
		}
	}
	/* Addresses the later scan held that the inventory knew then but
	 * the earlier scan did not see answer (passive both times). */
	for (i = 0; i < to->n_held; i++) {
		const struct snap_held *hd = &to->held[i];
		const struct snap_host *f = db_snapshot_host(from, hd->ip);
		const struct snap_host *t = db_snapshot_host(to, hd->ip);
		struct diff_host *dh;

		if (seen(f) || seen(t) || (f == NULL && t == NULL))
			continue;
		dh = list_add(&d->not_checked, hd->ip, t != NULL &&
		    t->mac != NULL ? t->mac : f != NULL ? f->mac : NULL);
		dh->from = f;
		dh->to = t;
		dh->state = hd->state;
		dh->reason = hd->reason;
	}
	pair_moved(d);
	list_sort(&d->added);
	list_sort(&d->removed);
	list_sort(&d->not_checked);
	list_sort(&d->changed);
	*out = d;
}

static void
list_free(struct diff_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->h[i].ch);
	free(l->h);
}

struct diff *
diff_free(struct diff *d)
{
	if (d == NULL)
		return NULL;
	list_free(&d->added);
	list_free(&d->removed);
	list_free(&d->not_checked);
	list_free(&d->changed);
	for (size_t i = 0; i < d->n_str; i++)
		free(d->str[i]);
	free(d->str);
	db_snapshot_free(d->from);
	db_snapshot_free(d->to);
	free(d);
	return NULL;
}

/* The complete scans' ids, for a message: "2, 3, 5" (cut when long). */
struct scan_ids {
	char	 s[160];
	size_t	 n;
};

static int
scan_id_add(void *arg, const struct db_scan_row *row)
{
	struct scan_ids	*ids = arg;
	size_t		 len = strlen(ids->s);

	if (strcmp(row->status, "complete") != 0)
		return 0;
	if (len + 24 >= sizeof(ids->s)) {
		if (strstr(ids->s, "...") == NULL)
			strlcpy(ids->s + len, ", ...", sizeof(ids->s) - len);
		return 0;
	}
	snprintf(ids->s + len, sizeof(ids->s) - len, "%s%lld",
	    ids->n++ > 0 ? ", " : "", (long long)row->id);
	return 0;
}

/* The scan id's snapshot, refusing what cannot be compared. */
static int
diff_load(struct db *db, int64_t id, struct scan_snapshot **out, char *err,
    size_t errlen)
{
	struct scan_snapshot	*s = NULL;
	int			 r;

	*out = NULL;
	if ((r = db_snapshot_load(db, id, &s)) == IOMT_ENOTFOUND) {
		struct scan_ids ids;

		memset(&ids, 0, sizeof(ids));
		db_foreach_scan(db, scan_id_add, &ids);
		snprintf(err, errlen, "there is no scan %lld in the inventory "
		    "(complete scans, newest first: %s)", (long long)id,
		    ids.n > 0 ? ids.s : "none");
		r = IOMT_EINVAL;
		goto out;
	}
	if (r != 0)
		goto out;
	if (strcmp(s->scan.status, "complete") != 0) {
		snprintf(err, errlen, "scan %lld did not complete (%s): what "
		    "it did not see proves nothing, compare complete scans",
		    (long long)id, s->scan.status);
		r = IOMT_EINVAL;
		goto out;
	}
	*out = s;
	s = NULL;
	r = 0;
 out:
	db_snapshot_free(s);
	return r;
}

int
diff_latest(struct db *db, struct diff **out)
{
	struct scan_snapshot	*sf = NULL, *st = NULL;
	int64_t			 from, to;
	int			 r;

	*out = NULL;
	if ((r = db_scans_last_complete(db, 0, &from, &to)) != 0 ||
	    from == 0)
		goto out;
	if ((r = db_snapshot_load(db, from, &sf)) != 0 ||
	    (r = db_snapshot_load(db, to, &st)) != 0)
		goto out;
	diff_compute(sf, st, out);
	sf = st = NULL;
	r = 0;
 out:
	db_snapshot_free(sf);
	db_snapshot_free(st);
	return r;
}

int
report_diff(struct db *db, int64_t from, int64_t to, const char *format,
    FILE *fp, char *err, size_t errlen)
{
	struct scan_snapshot	*sf = NULL, *st = NULL;
	struct diff		*d = NULL;
	json_t			*j = NULL;
	int			 r = IOMT_EINVAL;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (db == NULL || fp == NULL || err == NULL || format == NULL ||
	    (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)) {
		if (err != NULL)
			snprintf(err, errlen, "unknown format (use text or "
			    "json)");
		return IOMT_EINVAL;
	}
	if (from == 0 || to == 0) {
		int64_t lf, lt;
		int given_from = from != 0, given_to = to != 0;

		/* --to alone: the complete scan before it. */
		if ((r = db_scans_last_complete(db, to, &lf, &lt)) != 0)
			goto out;
		if (to == 0 && from == 0) {
			to = lt;
			from = lf;
		} else if (to == 0)
			to = lt;
		else
			from = lt;
		r = IOMT_EINVAL;
		if (given_to && from == 0) {
			snprintf(err, errlen, "no complete scan before scan "
			    "%lld to compare it with (give --from)",
			    (long long)to);
			goto out;
		}
		if (given_from && to == from) {
			snprintf(err, errlen, "scan %lld is the last complete "
			    "scan: nothing later to compare it with (give --to)",
			    (long long)from);
			goto out;
		}
		if (from == 0 || to == 0) {
			snprintf(err, errlen, "fewer than two complete scans "
			    "to compare: scan the same targets again, or name "
			    "the scans with --from and --to");
			goto out;
		}
	}
	if (from == to) {
		snprintf(err, errlen, "--from and --to name the same scan "
		    "(%lld)", (long long)from);
		r = IOMT_EINVAL;
		goto out;
	}
	if ((r = diff_load(db, from, &sf, err, errlen)) != 0 ||
	    (r = diff_load(db, to, &st, err, errlen)) != 0)
		goto out;
	diff_compute(sf, st, &d);
	sf = st = NULL;
	if (strcmp(format, "json") == 0) {
		j = diff_json(d);
		r = report_json_write(j, fp, 0);
	} else
		r = diff_text(d, fp);
	if (r == 0 && fflush(fp) != 0)
		r = -EIO;
 out:
	json_decref(j);
	diff_free(d);
	db_snapshot_free(sf);
	db_snapshot_free(st);
	return r;
}
