/*
 * src/engine/plan-json.c - a plan as JSON: written for a change board or a
 * scheduled scan (plan --save), read back to pin a scan (scan --plan).
 *
 * A saved plan comes from outside the scanner: it may have been edited,
 * cut short or replaced on its way to a scheduled scan, and the scan then
 * trusts it to say what may be sent.  So it is read with jansson, strictly
 * (no duplicate keys, valid UTF-8, at most PLAN_MAX_INPUT bytes), every
 * field checked for type and range, and anything that is not a plan is
 * refused with a reason; tests/fuzz/fuzz-plan.c reads arbitrary bytes
 * with it.  The writer keeps the format docs/SAFETY.md ("Saved plans")
 * describes: compact, keys in a fixed order, rates with one decimal.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/net.h"
#include "engine-int.h"

#define PLAN_MAX_INPUT	((size_t)16 * 1024 * 1024)
#define PLAN_DUMP	(JSON_COMPACT | JSON_PRESERVE_ORDER | \
			 JSON_REAL_PRECISION(15))

/* ------------------------------------------------------------------ */
/* Writing                                                             */

/* A number shown with one decimal, as the text report shows it. */
static json_t *
real1(double v)
{
	char	 num[64];

	snprintf(num, sizeof(num), "%.1f", v);
	return json_real(strtod(num, NULL));
}

static json_t *
ip_json(uint32_t ip)
{
	char	 buf[16];

	target_ntoa(ip, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
ports_json(const uint16_t *v, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *
entry_json(const struct plan_entry *e)
{
	json_t	*o = json_object(), *a, *r;
	size_t	 i;

	if (e->is_host) {
		json_object_set_new(o, "ip", ip_json(e->ip));
		json_object_set_new(o, "mac", e->mac[0] != '\0' ?
		    json_string(e->mac) : json_null());
		json_object_set_new(o, "vendor", policy_json_string(e->vendor));
		json_object_set_new(o, "class", policy_json_string(e->klass));
	} else {
		a = json_array();
		for (i = 0; i < e->n_ranges; i++) {
			r = json_array();
			json_array_append_new(r, ip_json(e->ranges[i].lo));
			json_array_append_new(r, ip_json(e->ranges[i].hi));
			json_array_append_new(a, r);
		}
		json_object_set_new(o, "ranges", a);
		json_object_set_new(o, "addresses",
		    json_integer((json_int_t)e->addresses));
		json_object_set_new(o, "site_rules",
		    policy_json_string(e->label));
	}
	json_object_set_new(o, "onlink", json_boolean(e->onlink));
	json_object_set_new(o, "excluded", json_boolean(e->excluded));
	json_object_set_new(o, "level",
	    json_string(safety_level_name(e->level)));
	json_object_set_new(o, "arp", json_boolean(e->arp));
	json_object_set_new(o, "discover", ports_json(e->disc, e->n_disc));
	json_object_set_new(o, "tcp", ports_json(e->tcp, e->n_tcp));
	json_object_set_new(o, "payload", ports_json(e->payload,
	    e->n_payload));
	json_object_set_new(o, "udp", ports_json(e->udp, e->n_udp));
	json_object_set_new(o, "probes", policy_json_string(e->probes));
	json_object_set_new(o, "max_packets", json_integer((json_int_t)e->pkts));
	json_object_set_new(o, "pps", real1(e->pps));
	json_object_set_new(o, "burst", json_integer(PACE_HOST_BURST));
	json_object_set_new(o, "conns", json_integer(e->conns));
	json_object_set_new(o, "gap_ms", json_integer(e->gap_ms));
	json_object_set_new(o, "seconds", real1(e->secs));
	json_object_set_new(o, "seconds_max", real1(e->secs_max));
	json_object_set_new(o, "forbid", policy_json_string(e->forbid));
	json_object_set_new(o, "profile", e->profile[0] != '\0' ?
	    policy_json_string(e->profile) : json_null());
	json_object_set_new(o, "reason", policy_json_string(e->reason));
	return o;
}

void
plan_write_json(const struct plan *pl, FILE *fp)
{
	const struct plan_totals *t = &pl->tot;
	json_t	*root = json_object(), *o, *a;
	size_t	 i;

	json_object_set_new(root, "format", json_string(PLAN_FORMAT));
	json_object_set_new(root, "created", policy_json_string(pl->created));
	json_object_set_new(root, "targets", policy_json_string(pl->targets));
	o = json_object();
	json_object_set_new(o, "level", json_string(safety_level_name(
	    pl->level)));
	json_object_set_new(o, "global_pps", real1(pl->global_pps));
	json_object_set_new(o, "host_pps", real1(pl->host_pps));
	json_object_set_new(o, "host_conns", json_integer(pl->host_conns));
	json_object_set_new(o, "gap_ms", json_integer(pl->gap_ms));
	json_object_set_new(o, "group", json_integer((json_int_t)pl->group));
	json_object_set_new(o, "snmp", json_boolean(pl->snmp));
	json_object_set_new(o, "arp", json_boolean(pl->arp));
	json_object_set_new(o, "ports", json_integer((json_int_t)pl->n_ports));
	json_object_set_new(root, "options", o);
	o = json_object();
	json_object_set_new(o, "profiles",
	    json_integer((json_int_t)pl->n_profiles));
	json_object_set_new(o, "site_profiles",
	    json_integer((json_int_t)pl->n_site));
	json_object_set_new(o, "subnet_rules",
	    json_integer((json_int_t)pl->n_rules));
	json_object_set_new(o, "exclusions",
	    json_integer((json_int_t)pl->n_ex));
	json_object_set_new(root, "policy", o);
	a = json_array();
	for (i = 0; i < pl->ng; i++)
		json_array_append_new(a, entry_json(&pl->g[i]));
	json_object_set_new(root, "groups", a);
	a = json_array();
	for (i = 0; i < pl->nh; i++)
		json_array_append_new(a, entry_json(&pl->h[i]));
	json_object_set_new(root, "hosts", a);
	o = json_object();
	json_object_set_new(o, "addresses", json_integer((json_int_t)
	    t->addresses));
	json_object_set_new(o, "held", json_integer((json_int_t)t->held));
	json_object_set_new(o, "max_packets", json_integer((json_int_t)
	    t->max_packets));
	json_object_set_new(o, "seconds", real1(t->seconds));
	json_object_set_new(o, "seconds_max", real1(t->seconds_max));
	json_object_set_new(root, "totals", o);
	if (json_dumpf(root, fp, PLAN_DUMP) == 0)
		fputc('\n', fp);
	json_decref(root);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

/* The number v, or dflt when v is not a number; clamped to [lo, hi]. */
static double
num_clamp(const json_t *v, double dflt, double lo, double hi)
{
	double	 d = json_is_number(v) ? json_number_value(v) : dflt;

	if (isnan(d))
		return dflt;
	return d < lo ? lo : d > hi ? hi : d;
}

static int
load_ports(const json_t *v, uint16_t **out, size_t *n, uint16_t *fixed,
    size_t fixed_max, char *err, size_t errlen, const char *what)
{
	const json_t	*c;
	size_t		 i;

	*n = 0;
	if (!json_is_array(v)) {
		snprintf(err, errlen, "\"%s\" must be an array of ports", what);
		return IOMT_EPROTO;
	}
	if (fixed != NULL && json_array_size(v) > fixed_max) {
		snprintf(err, errlen, "\"%s\" has too many ports", what);
		return IOMT_EPROTO;
	}
	json_array_foreach(v, i, c) {
		double	 d = json_is_number(c) ? json_number_value(c) : -1;

		if (d < 1 || d > 65535 || d != floor(d)) {
			snprintf(err, errlen, "\"%s\" holds a bad port", what);
			return IOMT_EPROTO;
		}
		if (fixed != NULL)
			fixed[(*n)++] = (uint16_t)d;
		else
			plan_ports_push(out, n, (uint16_t)d);
	}
	return 0;
}

static int
load_ranges(const json_t *x, struct plan_entry *e, char *err,
    size_t errlen)
{
	const json_t	*pr;
	size_t		 i;

	if (!json_is_array(x)) {
		snprintf(err, errlen, "a group has no \"ranges\"");
		return IOMT_EPROTO;
	}
	json_array_foreach(x, i, pr) {
		const char	*a = json_string_value(json_array_get(pr, 0));
		const char	*b = json_string_value(json_array_get(pr, 1));
		uint32_t	 lo, hi;

		if (!json_is_array(pr) || json_array_size(pr) != 2 ||
		    a == NULL || b == NULL || target_aton(a, &lo) != 0 ||
		    target_aton(b, &hi) != 0 || hi < lo) {
			snprintf(err, errlen, "a group has a bad range");
			return IOMT_EPROTO;
		}
		if (e->n_ranges == e->cap_ranges) {
			e->cap_ranges = e->cap_ranges ? e->cap_ranges * 2 : 4;
			e->ranges = xreallocarray(e->ranges, e->cap_ranges,
			    sizeof(*e->ranges));
		}
		e->ranges[e->n_ranges].lo = lo;
		e->ranges[e->n_ranges].hi = hi;
		e->n_ranges++;
		e->addresses += (uint64_t)hi - lo + 1;
	}
	return 0;
}

static int
load_entry(const json_t *v, int is_host, struct plan_entry *e, char *err,
    size_t errlen)
{
	const char	*s;
	int		 l, r;

	memset(e, 0, sizeof(*e));
	e->is_host = is_host;
	if (!json_is_object(v)) {
		snprintf(err, errlen, "an entry is not an object");
		return IOMT_EPROTO;
	}
	if (is_host) {
		if ((s = json_string_value(json_object_get(v, "ip"))) ==
		    NULL || target_aton(s, &e->ip) != 0) {
			snprintf(err, errlen, "a host has no valid \"ip\"");
			return IOMT_EPROTO;
		}
		e->addresses = 1;
	} else if ((r = load_ranges(json_object_get(v, "ranges"), e, err,
	    errlen)) != 0)
		return r;
	if ((s = json_string_value(json_object_get(v, "level"))) == NULL ||
	    (l = safety_level_parse(s)) < 0) {
		snprintf(err, errlen, "an entry has no valid \"level\"");
		return IOMT_EPROTO;
	}
	e->level = (enum safety_level)l;
	/* Anything but an explicit false is read as excluded. */
	e->excluded = !json_is_false(json_object_get(v, "excluded"));
	e->arp = json_is_true(json_object_get(v, "arp"));
	if ((r = load_ports(json_object_get(v, "discover"), NULL, &e->n_disc,
	    e->disc, sizeof(e->disc) / sizeof(e->disc[0]), err, errlen,
	    "discover")) != 0 ||
	    (r = load_ports(json_object_get(v, "tcp"), &e->tcp, &e->n_tcp,
	    NULL, 0, err, errlen, "tcp")) != 0 ||
	    (r = load_ports(json_object_get(v, "payload"), &e->payload,
	    &e->n_payload, NULL, 0, err, errlen, "payload")) != 0 ||
	    (r = load_ports(json_object_get(v, "udp"), NULL, &e->n_udp,
	    e->udp, sizeof(e->udp) / sizeof(e->udp[0]), err, errlen,
	    "udp")) != 0)
		return r;
	e->pkts = (uint64_t)num_clamp(json_object_get(v, "max_packets"), 0, 0,
	    1e15);
	return 0;
}

static int
host_cmp(const void *a, const void *b)
{
	const struct plan_entry *x = a, *y = b;

	return x->ip < y->ip ? -1 : x->ip > y->ip;
}

/* Read the array key of root into *out / *n, entries of kind is_host. */
static int
load_entries(const json_t *root, const char *key, int is_host,
    struct plan_entry **out, size_t *n, char *err, size_t errlen)
{
	const json_t	*v = json_object_get(root, key), *c;
	size_t		 i;

	if (!json_is_array(v)) {
		snprintf(err, errlen, "the plan has no \"%s\" array", key);
		return IOMT_EPROTO;
	}
	*out = xcalloc(json_array_size(v) ? json_array_size(v) : 1,
	    sizeof(**out));
	json_array_foreach(v, i, c) {
		*n = i + 1;
		if (load_entry(c, is_host, &(*out)[i], err, errlen) != 0)
			return IOMT_EPROTO;
	}
	return 0;
}

int
plan_load_buf(const char *buf, size_t len, struct plan **out, char *err,
    size_t errlen)
{
	json_t		*root = NULL;
	json_error_t	 je;
	const json_t	*opt;
	struct plan	*pl = NULL;
	const char	*s;
	int		 r = IOMT_EPROTO, l;

	*out = NULL;
	if (len > PLAN_MAX_INPUT) {
		snprintf(err, errlen, "larger than %zu bytes", PLAN_MAX_INPUT);
		goto out;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "line %d, column %d: %s", je.line,
		    je.column, je.text);
		goto out;
	}
	if ((s = json_string_value(json_object_get(root, "format"))) ==
	    NULL || strcmp(s, PLAN_FORMAT) != 0) {
		snprintf(err, errlen, "not an iomtscan plan (format is not "
		    "\"%s\")", PLAN_FORMAT);
		goto out;
	}
	pl = xcalloc(1, sizeof(*pl));
	s = json_string_value(json_object_get(root, "targets"));
	pl->targets = xstrdup(s != NULL ? s : "");
	s = json_string_value(json_object_get(root, "created"));
	strlcpy(pl->created, s != NULL ? s : "", sizeof(pl->created));
	opt = json_object_get(root, "options");
	if ((s = json_string_value(json_object_get(opt, "level"))) == NULL ||
	    (l = safety_level_parse(s)) < 0) {
		snprintf(err, errlen, "the plan has no valid options.level");
		goto out;
	}
	pl->level = (enum safety_level)l;
	pl->global_pps = num_clamp(json_object_get(opt, "global_pps"), 0, 0,
	    1e9);
	pl->host_pps = num_clamp(json_object_get(opt, "host_pps"), 0, 0, 1e9);
	pl->host_conns = (int)num_clamp(json_object_get(opt, "host_conns"), 1,
	    0, 1e6);
	pl->gap_ms = (unsigned)num_clamp(json_object_get(opt, "gap_ms"), 0, 0,
	    1e9);
	if (load_entries(root, "groups", 0, &pl->g, &pl->ng, err,
	    errlen) != 0 ||
	    load_entries(root, "hosts", 1, &pl->h, &pl->nh, err,
	    errlen) != 0)
		goto out;
	if (pl->nh > 1)
		qsort(pl->h, pl->nh, sizeof(*pl->h), host_cmp);
	plan_sum(pl);
	*out = pl;
	pl = NULL;
	r = 0;
 out:
	plan_free(pl);
	json_decref(root);
	return r;
}

int
plan_load(const char *path, struct plan **out)
{
	char	*buf = NULL, err[256];
	size_t	 n;
	int	 r;

	*out = NULL;
	if ((r = file_read(path, PLAN_MAX_INPUT, &buf, &n)) != 0) {
		log_err("cannot read the plan %s: %s", path,
		    r == IOMT_ELIMIT ? "too large" : iomt_strerror(r));
		return r;
	}
	r = plan_load_buf(buf, n, out, err, sizeof(err));
	if (r != 0)
		log_err("%s: %s", path, err);
	free(buf);
	return r;
}
