/*
 * src/report/filter.c - which hosts `hosts` and `export` show: one filter
 * (struct report_filter) applied to the read model before any view sees
 * it, so the table, the JSON and the CSV of one command line list the
 * same hosts.
 *
 * Values are parsed and checked here, once, so each option refuses a bad
 * value with one clear message before the database is opened: a class
 * outside the taxonomy (with a "did you mean"), a subnet that is not
 * a.b.c.d/len, a finding that is neither a severity nor a finding id
 * shape, a date or duration that cannot be read.  Every criterion given
 * must hold (AND).  A duration for --seen-since counts back from the
 * inventory's own clock (struct inventory.generated), the clock the
 * scans' times were written with.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "iomt/safety.h"
#include "report-int.h"

static const char *const severities[] = {
	"info", "low", "medium", "high", NULL
};

static int
severity_rank(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && severities[i] != NULL; i++)
		if (strcmp(s, severities[i]) == 0)
			return i;
	return -1;
}

int
report_filter_active(const struct report_filter *f)
{
	return f != NULL && (f->device_class != NULL || f->vendor != NULL ||
	    f->subnet_set || f->finding != NULL || f->fragile ||
	    f->unmanaged || f->since_set);
}

/* Parse "a.b.c.d/len" (or a bare address: /32) into net and mask. */
static int
parse_subnet(const char *s, uint32_t *net, uint32_t *mask)
{
	char		 a[32], *end;
	const char	*slash = strchr(s, '/');
	struct in_addr	 in;
	long		 len = 32;
	size_t		 n = slash != NULL ? (size_t)(slash - s) : strlen(s);

	if (n == 0 || n >= sizeof(a))
		return -1;
	memcpy(a, s, n);
	a[n] = '\0';
	if (inet_pton(AF_INET, a, &in) != 1)
		return -1;
	if (slash != NULL) {
		errno = 0;
		len = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || errno != 0 ||
		    len < 0 || len > 32 || !isdigit((unsigned char)slash[1]))
			return -1;
	}
	*mask = len == 0 ? 0 : 0xffffffffu << (32 - len);
	*net = ntohl(in.s_addr) & *mask;
	return 0;
}

/*
 * Parse "YYYY-MM-DD" (UTC midnight), "YYYY-MM-DDTHH:MM:SSZ", or a
 * duration "N" followed by m, h, d or w.
 */
static int
parse_since(struct report_filter *f, const char *s)
{
	struct tm	 tm;
	const char	*end;
	char		*e;
	long long	 n;
	int64_t		 unit;

	if (isdigit((unsigned char)s[0]) && strlen(s) >= 10 && s[4] == '-') {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
		if (end != NULL && *end == 'T')
			end = strptime(end, "T%H:%M:%SZ", &tm);
		if (end == NULL || *end != '\0' || tm.tm_year < 70)
			return -1;
		f->since_abs = (int64_t)timegm(&tm);
		f->since_dur = 0;
		return f->since_abs < 0 ? -1 : 0;
	}
	errno = 0;
	n = strtoll(s, &e, 10);
	if (e == s || errno != 0 || n <= 0 || !isdigit((unsigned char)s[0]) ||
	    e[0] == '\0' || e[1] != '\0')
		return -1;
	switch (e[0]) {
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	if (n > INT64_MAX / unit / 2)
		return -1;
	f->since_dur = (int64_t)n * unit;
	f->since_abs = 0;
	return 0;
}

/* A finding id as the identification writes them: [a-z0-9-]+. */
static int
finding_id_ok(const char *s)
{
	if (s[0] == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

int
report_filter_set(struct report_filter *f, const char *name, const char *arg,
    char *err, size_t errlen)
{
	const char	*near;

	if (f == NULL || name == NULL || err == NULL || errlen == 0)
		return IOMT_EINVAL;
	err[0] = '\0';
	if (strcmp(name, "fragile") == 0) {
		f->fragile = 1;
		return 0;
	}
	if (strcmp(name, "unmanaged") == 0) {
		f->unmanaged = 1;
		return 0;
	}
	if (arg == NULL || arg[0] == '\0') {
		snprintf(err, errlen, "--%s needs a value", name);
		return IOMT_EINVAL;
	}
	if (strcmp(name, "class") == 0) {
		if (!device_class_valid(arg)) {
			near = name_closest(arg, device_classes());
			snprintf(err, errlen, "--class: no device class '%s'%s%s%s "
			    "(see docs/DEVICE-CLASSES.md)", arg, near != NULL ?
			    "; did you mean '" : "", near != NULL ? near : "",
			    near != NULL ? "'?" : "");
			return IOMT_EINVAL;
		}
		f->device_class = arg;
	} else if (strcmp(name, "vendor") == 0) {
		f->vendor = arg;
	} else if (strcmp(name, "subnet") == 0) {
		if (parse_subnet(arg, &f->net, &f->mask) != 0) {
			snprintf(err, errlen, "--subnet: '%s' is not an IPv4 "
			    "subnet (e.g. 198.18.0.0/24)", arg);
			return IOMT_EINVAL;
		}
		f->subnet_set = 1;
	} else if (strcmp(name, "finding") == 0) {
		if (severity_rank(arg) < 0 && !finding_id_ok(arg)) {
			snprintf(err, errlen, "--finding: '%s' is neither a "
			    "severity (info, low, medium, high) nor a finding "
			    "id (e.g. remote-access-vnc)", arg);
			return IOMT_EINVAL;
		}
		f->finding = arg;
	} else if (strcmp(name, "seen-since") == 0) {
		if (parse_since(f, arg) != 0) {
			snprintf(err, errlen, "--seen-since: '%s' is neither "
			    "a date (2026-12-01, 2026-12-01T08:00:00Z, UTC) "
			    "nor a duration (30m, 12h, 7d, 2w)", arg);
			return IOMT_EINVAL;
		}
		f->since_set = 1;
	} else {
		snprintf(err, errlen, "no filter --%s", name);
		return IOMT_EINVAL;
	}
	return 0;
}

/* 1 if needle occurs in hay, ignoring ASCII case. */
static int
has_ci(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; hay != NULL && *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

int
report_filter_match(const struct report_filter *f, const struct inv_host *h,
    int64_t now)
{
	const struct inv_identity *id = h->identity;
	size_t	 i;

	if (f == NULL)
		return 1;
	if (f->device_class != NULL && (id == NULL || id->device_class ==
	    NULL || strcmp(id->device_class, f->device_class) != 0))
		return 0;
	if (f->vendor != NULL && !has_ci(id != NULL ? id->vendor : NULL,
	    f->vendor) && !has_ci(h->oui_vendor, f->vendor))
		return 0;
	if (f->subnet_set) {
		struct in_addr	 a;

		if (inet_pton(AF_INET, h->ip, &a) != 1 ||
		    (ntohl(a.s_addr) & f->mask) != f->net)
			return 0;
	}
	if (f->finding != NULL) {
		int	 want = severity_rank(f->finding), hit = 0;

		for (i = 0; i < h->n_finding && !hit; i++)
			hit = want >= 0 ?
			    severity_rank(h->finding[i].severity) >= want :
			    h->finding[i].id != NULL &&
			    strcmp(h->finding[i].id, f->finding) == 0;
		if (!hit)
			return 0;
	}
	if (f->fragile && h->fragile == NULL)
		return 0;
	if (f->unmanaged && db_inv_annotation(h, "ledger_id") != NULL)
		return 0;
	if (f->since_set && h->last_seen < (f->since_dur > 0 ?
	    now - f->since_dur : f->since_abs))
		return 0;
	return 1;
}

/* What the db_inventory_select() callback needs. */
struct keep {
	const struct report_filter *f;
	const struct inventory	*inv;
	struct db		*db;
	const struct report_opts *ro;
	int			 err;	/* first report_fragile() error */
};

static int
keep_cb(void *arg, const struct inv_host *h)
{
	struct keep	*k = arg;
	struct report_filter g;
	struct report_fragile fr;
	int		 r;

	if (!k->f->fragile)
		return report_filter_match(k->f, h, k->inv->generated);
	/* --fragile: the profiles the views show, from the matcher `plan`
	 * uses, not only the match the scan stored before it had seen the
	 * host's open ports. */
	if ((r = report_fragile(k->db, k->ro, h, &fr)) != 0) {
		if (k->err == 0)
			k->err = r;
		return 0;
	}
	if (fr.n == 0)
		return 0;
	g = *k->f;
	g.fragile = 0;
	return report_filter_match(&g, h, k->inv->generated);
}

int
report_inventory_load_opts(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, struct inventory **out)
{
	struct keep	 k;
	int		 r;

	if ((r = db_inventory_load(db, out)) != 0)
		return r;
	report_mds2_derive(*out);
	if (!report_filter_active(f))
		return 0;
	k.f = f;
	k.inv = *out;
	k.db = db;
	k.ro = ro;
	k.err = 0;
	db_inventory_select(*out, keep_cb, &k);
	if (k.err != 0) {
		*out = db_inventory_free(*out);
		return k.err;
	}
	return 0;
}

int
report_inventory_load(struct db *db, const struct report_filter *f,
    struct inventory **out)
{
	return report_inventory_load_opts(db, NULL, f, out);
}
