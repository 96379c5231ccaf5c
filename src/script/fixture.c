/*
 * src/script/fixture.c - recorded fixtures for testing a probe script
 * offline (`iomtscan script test`, docs/WRITING-PROBES.md).
 *
 * A fixture directory holds host.json (what the engine knew about a
 * host), optionally exchanges.json (the device's recorded replies) and
 * expect.json (the identity the script must produce).  Vendors write
 * these files by hand and send them in with their scripts, so they are
 * read like any other untrusted input: each file is capped at
 * FIXTURE_MAX bytes before parsing, parsed with jansson (duplicate keys
 * refused, depth bounded by jansson), every member's type is checked
 * explicitly, counts are capped, and every error names the file and,
 * for syntax errors, the line and column.  The offline io answers a
 * script's exchanges from exchanges.json in order, through the same
 * script_run_host() a live scan uses.  tests/fuzz/fuzz-fixture.c feeds
 * arbitrary bytes to script_fixture_parse().
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/script.h"

/* Keys of expect.json; the first five are the identity fields. */
static const char *const expect_keys[] = {
	"vendor", "model", "device_class", "firmware", "os",
	"confidence_min", "confidence_max", "findings", NULL
};

struct script_fixture *
script_fixture_new(const char *dir)
{
	struct script_fixture	*fx = xcalloc(1, sizeof(*fx));

	if (dir != NULL)
		strlcpy(fx->dir, dir, sizeof(fx->dir));
	return fx;
}

struct script_fixture *
script_fixture_free(struct script_fixture *fx)
{
	size_t	 i;

	if (fx == NULL)
		return NULL;
	for (i = 0; i < fx->nx; i++) {
		free(fx->x[i].send);
		free(fx->x[i].reply);
	}
	free(fx->x);
	free(fx->svc);
	free(fx->obs);
	json_decref(fx->host_js);
	json_decref(fx->xchg_js);
	json_decref(fx->expect_js);
	free(fx);
	return NULL;
}

/* Read DIR/name whole.  Return 0, IOMT_ENOTFOUND, or another error. */
static int
fx_read(const char *dir, const char *name, char **buf, size_t *len,
    char *err, size_t errlen)
{
	char	 path[4200];
	int	 r;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((r = file_read(path, FIXTURE_MAX, buf, len)) == 0)
		return 0;
	if (r == -ENOENT) {
		snprintf(err, errlen, "%.400s: %s", path, iomt_strerror(r));
		return IOMT_ENOTFOUND;
	}
	if (r == IOMT_ELIMIT)
		snprintf(err, errlen, "%.400s: larger than %zu bytes", path,
		    FIXTURE_MAX);
	else
		snprintf(err, errlen, "%.400s: %s", path, iomt_strerror(r));
	return r;
}

/* A string member, or NULL when absent or null; sets *bad if mistyped. */
static const char *
fx_str(const json_t *obj, const char *key, int *bad)
{
	const json_t	*v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

/*
 * The integer v (also an integral real, as 80.0) in [min, max] into
 * *out.  Return 0, or -1 when v is absent, not a number or out of range.
 */
static int
fx_int(const json_t *v, long long min, long long max, long long *out)
{
	double	 d;

	if (json_is_integer(v)) {
		if (json_integer_value(v) < min || json_integer_value(v) > max)
			return -1;
		*out = (long long)json_integer_value(v);
		return 0;
	}
	if (!json_is_real(v))
		return -1;
	d = json_real_value(v);
	if (d != floor(d) || d < (double)min || d > (double)max)
		return -1;
	*out = (long long)d;
	return 0;
}

static int
fx_relpath_ok(const char *p)
{
	return p[0] != '\0' && p[0] != '/' && strstr(p, "..") == NULL;
}

static int
fx_load_host(struct script_fixture *fx, char *err, size_t errlen)
{
	const json_t		*h = fx->host_js, *a, *e;
	struct script_host	*host = &fx->host;
	long long		 v;
	const char		*lvl;
	size_t			 i, n;
	int			 bad = 0, l;

	if (!json_is_object(h)) {
		snprintf(err, errlen, "host.json must be an object");
		return IOMT_EPROTO;
	}
	host->ip = fx_str(h, "ip", &bad);
	host->mac = fx_str(h, "mac", &bad);
	host->oui_vendor = fx_str(h, "oui_vendor", &bad);
	host->oui_class = fx_str(h, "oui_class", &bad);
	host->oui_label = fx_str(h, "oui_label", &bad);
	lvl = fx_str(h, "level", &bad);
	l = lvl != NULL ? safety_level_parse(lvl) : LEVEL_STANDARD;
	if (bad || host->ip == NULL || l < 0) {
		snprintf(err, errlen, "host.json: needs \"ip\"; ip, mac, "
		    "oui_vendor, oui_class, oui_label and level must be "
		    "strings, level a safety level name");
		return IOMT_EPROTO;
	}
	host->level = (enum safety_level)l;

	a = json_object_get(h, "services");
	if (a != NULL && (!json_is_array(a) ||
	    json_array_size(a) > FIXTURE_MAX_FACTS)) {
		snprintf(err, errlen, "host.json: services must be an array");
		return IOMT_EPROTO;
	}
	n = a != NULL ? json_array_size(a) : 0;
	fx->svc = xcalloc(n + 1, sizeof(*fx->svc));
	for (i = 0; i < n; i++) {
		struct script_fact_service *s = &fx->svc[i];

		e = json_array_get(a, i);
		s->proto = fx_str(e, "proto", &bad);
		s->state = fx_str(e, "state", &bad);
		s->service = fx_str(e, "service", &bad);
		s->banner = fx_str(e, "banner", &bad);
		if (!json_is_object(e) || bad || s->proto == NULL ||
		    fx_int(json_object_get(e, "port"), 0, 65535, &v) != 0) {
			snprintf(err, errlen, "host.json: services[%zu] needs "
			    "proto and port (state, service, banner "
			    "optional)", i);
			return IOMT_EPROTO;
		}
		if (s->state == NULL)
			s->state = "open";
		s->port = (int)v;
	}
	host->svc = fx->svc;
	host->n_svc = n;

	a = json_object_get(h, "obs");
	if (a != NULL && (!json_is_array(a) ||
	    json_array_size(a) > FIXTURE_MAX_FACTS)) {
		snprintf(err, errlen, "host.json: obs must be an array");
		return IOMT_EPROTO;
	}
	n = a != NULL ? json_array_size(a) : 0;
	fx->obs = xcalloc(n + 1, sizeof(*fx->obs));
	for (i = 0; i < n; i++) {
		struct observation *o = &fx->obs[i];

		e = json_array_get(a, i);
		o->proto = fx_str(e, "proto", &bad);
		o->probe = fx_str(e, "probe", &bad);
		o->key = fx_str(e, "key", &bad);
		o->value = fx_str(e, "value", &bad);
		v = 0;
		if (json_object_get(e, "port") != NULL &&
		    fx_int(json_object_get(e, "port"), 0, 65535, &v) != 0)
			bad = 1;
		if (!json_is_object(e) || bad || o->key == NULL ||
		    o->value == NULL) {
			snprintf(err, errlen, "host.json: obs[%zu] needs key "
			    "and value strings (proto, port, probe "
			    "optional)", i);
			return IOMT_EPROTO;
		}
		if (o->proto == NULL)
			o->proto = "tcp";
		o->port = (int)v;
	}
	host->obs = fx->obs;
	host->n_obs = n;

	e = json_object_get(h, "identity");
	if (json_is_object(e)) {
		fx->prior.vendor = fx_str(e, "vendor", &bad);
		fx->prior.model = fx_str(e, "model", &bad);
		fx->prior.device_class = fx_str(e, "device_class", &bad);
		fx->prior.firmware = fx_str(e, "firmware", &bad);
		fx->prior.os = fx_str(e, "os", &bad);
		if (fx_int(json_object_get(e, "confidence"), 0, 100, &v) == 0)
			fx->prior.confidence = (int)v;
		host->prior = &fx->prior;
	} else if (e != NULL && !json_is_null(e))
		bad = 1;
	if (bad) {
		snprintf(err, errlen, "host.json: identity must be null or an "
		    "object of strings");
		return IOMT_EPROTO;
	}
	return 0;
}

/* Copy the string member key of e (NULs allowed) into *dst, *len. */
static void
fx_bytes(const json_t *e, const char *key, char **dst, size_t *len)
{
	const json_t	*v = json_object_get(e, key);

	*len = json_string_length(v);
	*dst = xmalloc(*len + 1);
	memcpy(*dst, json_string_value(v), *len);
	(*dst)[*len] = '\0';
}

static int
fx_load_xchg(struct script_fixture *fx, char *err, size_t errlen)
{
	const json_t		*a = fx->xchg_js, *e;
	const char		*s, *file;
	char			*buf;
	size_t			 i, len;
	long long		 v;
	int			 bad = 0, r;

	if (a == NULL)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > FIXTURE_MAX_XCHG) {
		snprintf(err, errlen, "exchanges.json must be an array of at "
		    "most %d objects", FIXTURE_MAX_XCHG);
		return IOMT_EPROTO;
	}
	fx->x = xcalloc(json_array_size(a) + 1, sizeof(*fx->x));
	for (i = 0; i < json_array_size(a); i++) {
		struct fixture_xchg	*x = &fx->x[i];

		e = json_array_get(a, i);
		fx->nx = i + 1;
		s = fx_str(e, "proto", &bad);
		strlcpy(x->proto, s != NULL ? s : "tcp", sizeof(x->proto));
		if (!json_is_object(e) ||
		    fx_int(json_object_get(e, "port"), 1, 65535, &v) != 0 ||
		    (strcmp(x->proto, "tcp") != 0 &&
		    strcmp(x->proto, "udp") != 0)) {
			snprintf(err, errlen, "exchanges.json[%zu]: needs "
			    "proto (tcp/udp) and port", i);
			return IOMT_EPROTO;
		}
		x->port = (int)v;
		if (fx_str(e, "send", &bad) != NULL)
			fx_bytes(e, "send", &x->send, &x->send_len);
		else if ((s = fx_str(e, "send_hex", &bad)) != NULL &&
		    hex_decode(s, strlen(s), &x->send, &x->send_len) != 0)
			bad = 1;
		if ((s = fx_str(e, "error", &bad)) != NULL)
			strlcpy(x->error, s, sizeof(x->error));
		else if (fx_str(e, "reply", &bad) != NULL)
			fx_bytes(e, "reply", &x->reply, &x->reply_len);
		else if ((s = fx_str(e, "reply_hex", &bad)) != NULL) {
			if (hex_decode(s, strlen(s), &x->reply,
			    &x->reply_len) != 0)
				bad = 1;
		} else if ((file = fx_str(e, "reply_file", &bad)) != NULL) {
			if (!fx_relpath_ok(file) || fx->dir[0] == '\0') {
				snprintf(err, errlen, "exchanges.json[%zu]: "
				    "reply_file must be a relative path inside "
				    "the fixture", i);
				return IOMT_EPROTO;
			}
			r = fx_read(fx->dir, file, &buf, &len, err, errlen);
			if (r != 0)
				return r;
			x->reply = buf;
			x->reply_len = len;
		} else
			bad = 1;
		if (bad) {
			snprintf(err, errlen, "exchanges.json[%zu]: send/"
			    "send_hex must be strings (or null for any) and "
			    "one of reply, reply_hex, reply_file or error is "
			    "required", i);
			return IOMT_EPROTO;
		}
	}
	return 0;
}

/* Check expect.json's keys and their types (the values are compared
 * after the run, script_fixture_expect()). */
static int
fx_check_expect(const json_t *ex, char *err, size_t errlen)
{
	const char	*key;
	const json_t	*v, *id;
	long long	 n;
	size_t		 k, i;

	if (!json_is_object(ex)) {
		snprintf(err, errlen, "expect.json must be an object");
		return IOMT_EPROTO;
	}
	json_object_foreach((json_t *)ex, key, v) {
		for (k = 0; expect_keys[k] != NULL; k++)
			if (strcmp(key, expect_keys[k]) == 0)
				break;
		if (expect_keys[k] == NULL) {
			snprintf(err, errlen, "expect.json: unknown key "
			    "\"%.100s\" (allowed: vendor, model, device_class, "
			    "firmware, os, confidence_min, confidence_max, "
			    "findings)", key);
			return IOMT_EPROTO;
		}
		if (k < 5 && !json_is_null(v) && !json_is_string(v)) {
			snprintf(err, errlen, "expect.json: %s must be a "
			    "string or null", key);
			return IOMT_EPROTO;
		}
		if ((k == 5 || k == 6) && fx_int(v, 0, 100, &n) != 0) {
			snprintf(err, errlen, "expect.json: %s must be 0..100",
			    key);
			return IOMT_EPROTO;
		}
		if (k != 7)
			continue;
		if (!json_is_array(v)) {
			snprintf(err, errlen, "expect.json: findings must be "
			    "an array of ids");
			return IOMT_EPROTO;
		}
		json_array_foreach(v, i, id)
			if (!json_is_string(id)) {
				snprintf(err, errlen, "expect.json: findings "
				    "must be an array of ids");
				return IOMT_EPROTO;
			}
	}
	return 0;
}

int
script_fixture_parse(struct script_fixture *fx, const char *name,
    const char *buf, size_t len, char *err, size_t errlen)
{
	json_error_t	 je;
	json_t		**slot;
	const char	*where = fx->dir[0] != '\0' ? fx->dir : "";
	const char	*sep = fx->dir[0] != '\0' ? "/" : "";
	int		 r;

	if (strcmp(name, "host.json") == 0)
		slot = &fx->host_js;
	else if (strcmp(name, "exchanges.json") == 0)
		slot = &fx->xchg_js;
	else if (strcmp(name, "expect.json") == 0)
		slot = &fx->expect_js;
	else
		return IOMT_EINVAL;
	if (*slot != NULL) {
		snprintf(err, errlen, "%s: read twice", name);
		return IOMT_EINVAL;
	}
	if (len > FIXTURE_MAX) {
		snprintf(err, errlen, "%.400s%s%s: larger than %zu bytes",
		    where, sep, name, FIXTURE_MAX);
		return IOMT_ELIMIT;
	}
	*slot = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &je);
	if (*slot == NULL) {
		snprintf(err, errlen, "%.400s%s%s: line %d, column %d: %s",
		    where, sep, name, je.line, je.column, je.text);
		return IOMT_EPROTO;
	}
	if (slot == &fx->host_js)
		r = fx_load_host(fx, err, errlen);
	else if (slot == &fx->xchg_js)
		r = fx_load_xchg(fx, err, errlen);
	else
		r = fx_check_expect(fx->expect_js, err, errlen);
	return r;
}

/* Read and parse DIR/name; a missing optional file is not an error. */
static int
fx_file(struct script_fixture *fx, const char *name, int required,
    char *err, size_t errlen)
{
	char	*buf = NULL;
	size_t	 len;
	int	 r;

	r = fx_read(fx->dir, name, &buf, &len, err, errlen);
	if (r == IOMT_ENOTFOUND && !required)
		return 0;
	if (r != 0)
		return r;
	r = script_fixture_parse(fx, name, buf, len, err, errlen);
	free(buf);
	return r;
}

int
script_fixture_load(const char *dir, struct script_fixture **out,
    char *err, size_t errlen)
{
	struct script_fixture	*fx;
	int			 r;

	*out = NULL;
	fx = script_fixture_new(dir);
	if ((r = fx_file(fx, "host.json", 1, err, errlen)) != 0 ||
	    (r = fx_file(fx, "exchanges.json", 0, err, errlen)) != 0 ||
	    (r = fx_file(fx, "expect.json", 0, err, errlen)) != 0)
		goto out;
	*out = fx;
	fx = NULL;
	r = 0;
 out:
	script_fixture_free(fx);
	return r;
}

/* The offline io: answer from exchanges.json, in order, else timeout. */
static int
fx_exchange(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	struct script_fixture	*fx = ctx;
	struct fixture_log	*lg = NULL;
	size_t			 i;

	if (fx->nlog < FIXTURE_MAX_LOG) {
		lg = &fx->log[fx->nlog++];
		strlcpy(lg->proto, req->proto, sizeof(lg->proto));
		lg->port = req->port;
		lg->send_len = req->send_len;
		lg->entry = -1;
	}
	for (i = 0; i < fx->nx; i++) {
		struct fixture_xchg	*x = &fx->x[i];

		if (x->used || x->port != req->port ||
		    strcmp(x->proto, req->proto) != 0)
			continue;
		if (x->send != NULL && (x->send_len != req->send_len ||
		    (x->send_len > 0 &&
		    memcmp(x->send, req->send, x->send_len) != 0)))
			continue;
		x->used = 1;
		if (lg != NULL) {
			lg->entry = (int)i;
			if (x->error[0] != '\0')
				snprintf(lg->outcome, sizeof(lg->outcome),
				    "error \"%s\"", x->error);
			else
				snprintf(lg->outcome, sizeof(lg->outcome),
				    "reply, %zu bytes", x->reply_len <
				    req->max ? x->reply_len : req->max);
		}
		if (x->error[0] != '\0')
			done(token, IOMT_EPROTO, x->error, NULL, 0);
		else
			done(token, 0, NULL, (const uint8_t *)x->reply,
			    x->reply_len);
		return 0;
	}
	fx->nmissing++;
	if (lg != NULL)
		strlcpy(lg->outcome, "no recorded reply: timeout",
		    sizeof(lg->outcome));
	done(token, -ETIMEDOUT, "timeout", NULL, 0);
	return 0;
}

void
script_fixture_io(struct script_fixture *fx, struct script_io *io)
{
	io->exchange = fx_exchange;
	io->ctx = fx;
}

int
script_fixture_expect(const struct script_fixture *fx,
    const struct script_result *res, char *mm, size_t mmlen)
{
	const char	*got[5] = { res->vendor, res->model,
	    res->device_class, res->firmware, res->os };
	const json_t	*ex = fx->expect_js, *v, *id;
	const char	*want;
	size_t		 i, k, j, o = 0;
	long long	 n;
	int		 ok = 1;

	if (mmlen > 0)
		mm[0] = '\0';
	if (ex == NULL)
		return IOMT_ENOTFOUND;
	for (k = 0; k < 5; k++) {
		v = json_object_get(ex, expect_keys[k]);
		if (v == NULL)
			continue;
		want = json_is_string(v) ? json_string_value(v) : "";
		if (strcmp(want, got[k]) == 0)
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "%s: expected \"%s\", got \"%s\"\n", expect_keys[k],
		    want, got[k]);
	}
	for (k = 5; k < 7; k++) {
		v = json_object_get(ex, expect_keys[k]);
		if (v == NULL || fx_int(v, 0, 100, &n) != 0)
			continue;
		if ((k == 5 && res->confidence >= n) ||
		    (k == 6 && res->confidence <= n))
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "confidence: expected %s %lld, got %d\n",
		    k == 5 ? ">=" : "<=", n, res->confidence);
	}
	v = json_object_get(ex, "findings");
	json_array_foreach(v, j, id) {
		if (!json_is_string(id))
			continue;
		for (i = 0; i < res->n_findings; i++)
			if (strcmp(res->findings[i].id,
			    json_string_value(id)) == 0)
				break;
		if (i < res->n_findings)
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "findings: expected \"%s\", not found\n",
		    json_string_value(id));
	}
	return ok;
}
