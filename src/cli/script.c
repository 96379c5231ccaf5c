/*
 * src/cli/script.c - "iomtscan script": list, check and test probe scripts.
 *
 * These three commands are what a vendor engineer uses to write a probe
 * script without a device or a network (docs/WRITING-PROBES.md): `check`
 * compiles a script in the same sandbox the scanner uses and validates
 * its metadata; `test` runs it against a recorded fixture - the host's
 * facts in host.json, the device's replies in exchanges.json - through
 * the very code path a live scan uses (script_run_host() with an io
 * function that answers from the fixture instead of the network), and
 * compares the identity with expect.json; `list` shows what is installed.
 * Exit status: 0 ok, 1 a script is broken or a result does not match,
 * 2 usage error, unreadable file or broken fixture (cli.h).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/script.h"

#define FIXTURE_MAX		((size_t)1024 * 1024)	/* any fixture file */
#define FIXTURE_MAX_XCHG	256			/* exchanges.json */
#define FIXTURE_MAX_FACTS	4096			/* services, obs */

static void
script_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan script list [--dir DIR] [--lua-dir DIR]\n"
"       iomtscan script check [--lua-dir DIR] FILE...\n"
"       iomtscan script test FILE --fixture DIR [--json] [--lua-dir DIR]\n"
"\n"
"Work with the Lua probe scripts that identify devices (docs/LUA-API.md,\n"
"docs/WRITING-PROBES.md).\n"
"\n"
"  list    show every installed script: id, vendor, safety level, ports\n"
"  check   compile each FILE in the sandbox and validate its metadata\n"
"  test    run FILE offline against a recorded fixture directory (host.json,\n"
"          exchanges.json, expect.json) and print the identity it yields\n"
"\n"
"Options:\n"
"  --dir DIR, --probes-dir DIR   probe scripts (default: installed probes/)\n"
"  --lua-dir DIR                 the iomt.* Lua library (default: lua/)\n"
"  --fixture DIR                 fixture directory for test\n"
"  --json                        test: print the result as JSON\n"
"  -v, --verbose                 show script log messages (repeat for debug)\n"
"  -h, --help                    this help\n"
"\n"
"Data directories are looked up in $IOMT_DATADIR, then the source tree, then\n"
"the install directory.\n"
"Exit status: 0 ok, 1 a script is broken or a test does not match its\n"
"expectation, 2 usage error, unreadable file or broken fixture.\n");
}

struct script_opts {
	const char	*dir;
	const char	*lua_dir;
	const char	*fixture;
	int		 json;
	int		 verbose;
	char		 dirbuf[4096];
	char		 luabuf[4096];
};

static int
script_bad(const char *what, const char *arg)
{
	return cmd_usage_error("script", "%s%s%s", what,
	    arg != NULL ? " " : "", arg != NULL ? arg : "");
}

/* Parse options of argv (argv[0] = the action); -1 on a usage error. */
static int
script_getopt(int argc, char **argv, struct script_opts *o)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "probes-dir", required_argument, NULL, 'd' },
		{ "lua-dir", required_argument, NULL, 'l' },
		{ "fixture", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	optind = 1;
	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, ":vh", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'd':
			o->dir = optarg;
			break;
		case 'l':
			o->lua_dir = optarg;
			break;
		case 'f':
			o->fixture = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			script_usage(stdout);
			return 1;
		case ':':
			script_bad("option needs a value:", argv[optind - 1]);
			return -1;
		default:
			script_bad("unknown option", argv[optind - 1]);
			return -1;
		}
	}
	if (o->verbose == 1)
		log_set_level(LOG_LVL_INFO);
	else if (o->verbose > 1)
		log_set_level(LOG_LVL_DEBUG);
	if (o->lua_dir == NULL &&
	    cmd_datafile("lua", o->luabuf, sizeof(o->luabuf)) == 0)
		o->lua_dir = o->luabuf;
	return 0;
}

/* ---------------------------------------------------------------- */
/* list */

static int
script_list(int argc, char **argv)
{
	struct script_opts	 o;
	struct script_env	*env = NULL;
	struct script_info	 si;
	size_t			 i, n, wid = 2, wv = 6;
	int			 r, broken = 0;

	memset(&o, 0, sizeof(o));
	if ((r = script_getopt(argc, argv, &o)) != 0)
		return r < 0 ? EXIT_USAGE : EXIT_OK;
	if (optind != argc)
		return script_bad("list takes no arguments; got",
		    argv[optind]);
	if (o.dir == NULL) {
		if (cmd_datafile("probes", o.dirbuf, sizeof(o.dirbuf)) != 0) {
			fprintf(stderr, "iomtscan script: no probes directory "
			    "found (set IOMT_DATADIR or use --dir)\n");
			return EXIT_USAGE;
		}
		o.dir = o.dirbuf;
	}
	if (script_env_load(o.dir, o.lua_dir, NULL, NULL, 0, &env) != 0) {
		fprintf(stderr, "iomtscan script: cannot read %s\n", o.dir);
		return EXIT_USAGE;
	}
	n = script_env_count(env);
	for (i = 0; i < n; i++) {
		script_env_info(env, i, &si);
		if (strlen(si.id) > wid)
			wid = strlen(si.id);
		if (strlen(si.vendor) > wv)
			wv = strlen(si.vendor);
	}
	if (wv > 28)
		wv = 28;
	printf("%-*s  %-*s  %-9s %s\n", (int)wid, "ID", (int)wv, "VENDOR",
	    "SAFETY", "PORTS");
	for (i = 0; i < n; i++) {
		script_env_info(env, i, &si);
		if (si.disabled) {
			broken++;
			printf("%-*s  %-*.*s  %-9s %s\n", (int)wid,
			    si.id[0] != '\0' ? si.id : si.name, (int)wv,
			    (int)wv, "(broken)", "-", "-");
			fprintf(stderr, "%s\n", si.error);
			continue;
		}
		printf("%-*s  %-*.*s  %-9s %s\n", (int)wid, si.id, (int)wv,
		    (int)wv, si.vendor, safety_level_name(si.level),
		    si.ports[0] != '\0' ? si.ports :
		    si.has_rule ? "(rule)" : "(any host)");
	}
	printf("%zu scripts, %d broken\n", n, broken);
	script_env_free(env);
	return broken == 0 ? EXIT_OK : EXIT_PROBLEMS;
}

/* ---------------------------------------------------------------- */
/* check */

static int
script_check(int argc, char **argv)
{
	struct script_opts	 o;
	struct script_env	*env = NULL;
	struct script_info	 si;
	struct stat		 st;
	const char		**files = NULL;
	size_t			 i, n = 0;
	int			 r, bad = 0, unreadable = 0;

	memset(&o, 0, sizeof(o));
	if ((r = script_getopt(argc, argv, &o)) != 0)
		return r < 0 ? EXIT_USAGE : EXIT_OK;
	if (optind == argc)
		return script_bad("check needs at least one FILE", NULL);
	files = xcalloc((size_t)(argc - optind), sizeof(*files));
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if (stat(argv[i], &st) != 0 || !S_ISREG(st.st_mode)) {
			fprintf(stderr, "%s: cannot read: %s\n", argv[i],
			    errno != 0 ? strerror(errno) : "not a file");
			unreadable = 1;
			continue;
		}
		files[n++] = argv[i];
	}
	script_env_load_files(files, n, o.lua_dir, NULL, NULL, 0, &env);
	for (i = 0; i < script_env_count(env); i++) {
		script_env_info(env, i, &si);
		if (si.disabled) {
			printf("%s\n", si.error);
			bad = 1;
			continue;
		}
		printf("%s: ok (id %s, vendor %s, safety %s, %s%s)\n",
		    si.name, si.id, si.vendor, safety_level_name(si.level),
		    si.ports[0] != '\0' ? "ports " : "",
		    si.ports[0] != '\0' ? si.ports : si.has_rule ? "rule" :
		    "runs on every host");
		if (si.ports[0] == '\0' && !si.has_rule)
			printf("%s: warning: no ports and no rule: identify() "
			    "runs on every host; keep it cheap\n", si.name);
		if (si.level == LEVEL_CLINICAL)
			printf("%s: warning: safety \"clinical\": its "
			    "exchanges run only where the operator chose the "
			    "clinical level\n", si.name);
	}
	script_env_free(env);
	free(files);
	if (unreadable)
		return EXIT_USAGE;
	return bad ? EXIT_PROBLEMS : EXIT_OK;
}

/* ---------------------------------------------------------------- */
/* test: fixtures */

struct fx_xchg {
	char		 proto[4];
	int		 port;
	char		*send;		/* NULL: any */
	size_t		 send_len;
	char		*reply;
	size_t		 reply_len;
	char		 error[64];	/* "" unless an error is recorded */
	int		 used;
};

/* What the offline io did, for the report. */
struct fx_log {
	char		 proto[4];
	int		 port;
	size_t		 send_len;
	int		 entry;		/* index in exchanges.json or -1 */
	char		 outcome[80];
};

struct fixture {
	char		 dir[4096];
	struct json	*host_js;
	struct json	*xchg_js;
	struct json	*expect_js;
	struct script_host host;
	struct script_fact_service *svc;
	struct observation *obs;
	struct db_identity prior;
	int		 has_prior;
	struct fx_xchg	*x;
	size_t		 nx;
	struct fx_log	 log[64];
	size_t		 nlog;
	size_t		 nmissing;
};

/* Read DIR/name whole.  Return 0, IOMT_ENOTFOUND, or 2-style errors. */
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

static int
fx_json(const char *dir, const char *name, int required, struct json **out,
    char *err, size_t errlen)
{
	char	*buf = NULL, jerr[200];
	size_t	 len;
	int	 r;

	*out = NULL;
	r = fx_read(dir, name, &buf, &len, err, errlen);
	if (r == IOMT_ENOTFOUND && !required)
		return 0;
	if (r != 0)
		return r;
	r = json_parse(buf, len, out, jerr, sizeof(jerr));
	if (r != 0)
		snprintf(err, errlen, "%s/%s: %s", dir, name, jerr);
	free(buf);
	return r;
}

/* A string member, or NULL when absent or null; -1 in *bad if mistyped. */
static const char *
fx_str(const struct json *obj, const char *key, int *bad)
{
	const struct json	*v = json_get(obj, key);

	if (v == NULL || v->type == JSON_NULL)
		return NULL;
	if (v->type != JSON_STRING) {
		*bad = 1;
		return NULL;
	}
	return v->str;
}



static int
fx_relpath_ok(const char *p)
{
	return p[0] != '\0' && p[0] != '/' && strstr(p, "..") == NULL;
}

static int
fx_load_host(struct fixture *fx, char *err, size_t errlen)
{
	const struct json	*h = fx->host_js, *a, *e;
	struct script_host	*host = &fx->host;
	long long		 v;
	const char		*lvl;
	size_t			 i;
	int			 bad = 0, l;

	if (h->type != JSON_OBJECT) {
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

	a = json_get(h, "services");
	if (a != NULL && (a->type != JSON_ARRAY || a->n > FIXTURE_MAX_FACTS)) {
		snprintf(err, errlen, "host.json: services must be an array");
		return IOMT_EPROTO;
	}
	fx->svc = xcalloc(a != NULL ? a->n + 1 : 1, sizeof(*fx->svc));
	for (i = 0, e = a != NULL ? a->child : NULL; e != NULL;
	    e = e->next, i++) {
		struct script_fact_service *s = &fx->svc[i];

		s->proto = fx_str(e, "proto", &bad);
		s->state = fx_str(e, "state", &bad);
		s->service = fx_str(e, "service", &bad);
		s->banner = fx_str(e, "banner", &bad);
		if (e->type != JSON_OBJECT || bad || s->proto == NULL ||
		    json_int(json_get(e, "port"), 0, 65535, &v) != 0) {
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
	host->n_svc = i;

	a = json_get(h, "obs");
	if (a != NULL && (a->type != JSON_ARRAY || a->n > FIXTURE_MAX_FACTS)) {
		snprintf(err, errlen, "host.json: obs must be an array");
		return IOMT_EPROTO;
	}
	fx->obs = xcalloc(a != NULL ? a->n + 1 : 1, sizeof(*fx->obs));
	for (i = 0, e = a != NULL ? a->child : NULL; e != NULL;
	    e = e->next, i++) {
		struct observation *o = &fx->obs[i];

		o->proto = fx_str(e, "proto", &bad);
		o->probe = fx_str(e, "probe", &bad);
		o->key = fx_str(e, "key", &bad);
		o->value = fx_str(e, "value", &bad);
		v = 0;
		if (json_get(e, "port") != NULL &&
		    json_int(json_get(e, "port"), 0, 65535, &v) != 0)
			bad = 1;
		if (e->type != JSON_OBJECT || bad || o->key == NULL ||
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
	host->n_obs = i;

	e = json_get(h, "identity");
	if (e != NULL && e->type == JSON_OBJECT) {
		fx->prior.vendor = fx_str(e, "vendor", &bad);
		fx->prior.model = fx_str(e, "model", &bad);
		fx->prior.device_class = fx_str(e, "device_class", &bad);
		fx->prior.firmware = fx_str(e, "firmware", &bad);
		fx->prior.os = fx_str(e, "os", &bad);
		if (json_get(e, "confidence") != NULL &&
		    json_int(json_get(e, "confidence"), 0, 100, &v) == 0)
			fx->prior.confidence = (int)v;
		host->prior = &fx->prior;
	} else if (e != NULL && e->type != JSON_NULL)
		bad = 1;
	if (bad) {
		snprintf(err, errlen, "host.json: identity must be null or an "
		    "object of strings");
		return IOMT_EPROTO;
	}
	return 0;
}

static int
fx_load_xchg(struct fixture *fx, char *err, size_t errlen)
{
	const struct json	*a = fx->xchg_js, *e;
	const char		*s, *file;
	char			*buf;
	size_t			 i, len;
	long long		 v;
	int			 bad = 0, r;

	if (a == NULL)
		return 0;
	if (a->type != JSON_ARRAY || a->n > FIXTURE_MAX_XCHG) {
		snprintf(err, errlen, "exchanges.json must be an array of at "
		    "most %d objects", FIXTURE_MAX_XCHG);
		return IOMT_EPROTO;
	}
	fx->x = xcalloc(a->n + 1, sizeof(*fx->x));
	for (i = 0, e = a->child; e != NULL; e = e->next, i++) {
		struct fx_xchg	*x = &fx->x[i];

		fx->nx = i + 1;
		s = fx_str(e, "proto", &bad);
		strlcpy(x->proto, s != NULL ? s : "tcp", sizeof(x->proto));
		if (e->type != JSON_OBJECT ||
		    json_int(json_get(e, "port"), 1, 65535, &v) != 0 ||
		    (strcmp(x->proto, "tcp") != 0 &&
		    strcmp(x->proto, "udp") != 0)) {
			snprintf(err, errlen, "exchanges.json[%zu]: needs "
			    "proto (tcp/udp) and port", i);
			return IOMT_EPROTO;
		}
		x->port = (int)v;
		if ((s = fx_str(e, "send", &bad)) != NULL) {
			x->send_len = json_get(e, "send")->len;
			x->send = xmalloc(x->send_len + 1);
			memcpy(x->send, s, x->send_len);
		} else if ((s = fx_str(e, "send_hex", &bad)) != NULL &&
		    hex_decode(s, strlen(s), &x->send, &x->send_len) != 0)
			bad = 1;
		if ((s = fx_str(e, "error", &bad)) != NULL)
			strlcpy(x->error, s, sizeof(x->error));
		else if ((s = fx_str(e, "reply", &bad)) != NULL) {
			x->reply_len = json_get(e, "reply")->len;
			x->reply = xmalloc(x->reply_len + 1);
			memcpy(x->reply, s, x->reply_len);
		} else if ((s = fx_str(e, "reply_hex", &bad)) != NULL) {
			if (hex_decode(s, strlen(s), &x->reply, &x->reply_len) != 0)
				bad = 1;
		} else if ((file = fx_str(e, "reply_file", &bad)) != NULL) {
			if (!fx_relpath_ok(file)) {
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

static void
fx_free(struct fixture *fx)
{
	size_t	 i;

	for (i = 0; i < fx->nx; i++) {
		free(fx->x[i].send);
		free(fx->x[i].reply);
	}
	free(fx->x);
	free(fx->svc);
	free(fx->obs);
	json_free(fx->host_js);
	json_free(fx->xchg_js);
	json_free(fx->expect_js);
}

/* The offline io: answer from exchanges.json, in order, else timeout. */
static int
fx_exchange(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	struct fixture	*fx = ctx;
	struct fx_log	*lg = NULL;
	size_t		 i;

	if (fx->nlog < sizeof(fx->log) / sizeof(fx->log[0])) {
		lg = &fx->log[fx->nlog++];
		strlcpy(lg->proto, req->proto, sizeof(lg->proto));
		lg->port = req->port;
		lg->send_len = req->send_len;
		lg->entry = -1;
	}
	for (i = 0; i < fx->nx; i++) {
		struct fx_xchg	*x = &fx->x[i];

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

/* A copy of the result, taken in done(). */
struct fx_result {
	int		 done;
	struct script_result res;
	char		*evidence;
	struct script_finding *fd;
};

static void
fx_done(void *arg, const struct script_result *res)
{
	struct fx_result	*out = arg;

	out->done = 1;
	out->res = *res;
	out->evidence = xstrdup(res->evidence_json);
	out->res.evidence_json = out->evidence;
	out->fd = xcalloc(res->n_findings + 1, sizeof(*out->fd));
	if (res->n_findings > 0)
		memcpy(out->fd, res->findings,
		    res->n_findings * sizeof(*out->fd));
	out->res.findings = out->fd;
}

/* Compare with expect.json; append mismatches to mm (one per line). */
static int
fx_expect(const struct json *ex, const struct script_result *res,
    char *mm, size_t mmlen, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"vendor", "model", "device_class", "firmware", "os",
		"confidence_min", "confidence_max", "findings", NULL
	};
	const char		*got[5] = { res->vendor, res->model,
	    res->device_class, res->firmware, res->os };
	const struct json	*c, *v, *id;
	size_t			 i, k, o = 0;
	long long		 n;
	int			 ok = 1;

	mm[0] = '\0';
	if (ex->type != JSON_OBJECT) {
		snprintf(err, errlen, "expect.json must be an object");
		return -1;
	}
	for (c = ex->child; c != NULL; c = c->next) {
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(c->key, keys[k]) == 0)
				break;
		if (keys[k] == NULL) {
			snprintf(err, errlen, "expect.json: unknown key \"%s\" "
			    "(allowed: vendor, model, device_class, firmware, "
			    "os, confidence_min, confidence_max, findings)",
			    c->key);
			return -1;
		}
	}
	for (k = 0; k < 5; k++) {
		v = json_get(ex, keys[k]);
		if (v == NULL)
			continue;
		if (v->type != JSON_NULL && v->type != JSON_STRING) {
			snprintf(err, errlen, "expect.json: %s must be a "
			    "string or null", keys[k]);
			return -1;
		}
		if (strcmp(v->type == JSON_NULL ? "" : v->str, got[k]) == 0)
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "%s: expected \"%s\", got \"%s\"\n", keys[k],
		    v->type == JSON_NULL ? "" : v->str, got[k]);
	}
	for (k = 5; k < 7; k++) {
		v = json_get(ex, keys[k]);
		if (v == NULL)
			continue;
		if (json_int(v, 0, 100, &n) != 0) {
			snprintf(err, errlen, "expect.json: %s must be 0..100",
			    keys[k]);
			return -1;
		}
		if ((k == 5 && res->confidence >= n) ||
		    (k == 6 && res->confidence <= n))
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "confidence: expected %s %lld, got %d\n",
		    k == 5 ? ">=" : "<=", n, res->confidence);
	}
	v = json_get(ex, "findings");
	if (v != NULL && v->type != JSON_ARRAY) {
		snprintf(err, errlen, "expect.json: findings must be an array "
		    "of ids");
		return -1;
	}
	for (id = v != NULL ? v->child : NULL; id != NULL; id = id->next) {
		if (id->type != JSON_STRING) {
			snprintf(err, errlen, "expect.json: findings must be "
			    "an array of ids");
			return -1;
		}
		for (i = 0; i < res->n_findings; i++)
			if (strcmp(res->findings[i].id, id->str) == 0)
				break;
		if (i < res->n_findings)
			continue;
		ok = 0;
		o += (size_t)snprintf(mm + o, o < mmlen ? mmlen - o : 0,
		    "findings: expected \"%s\", not found\n", id->str);
	}
	return ok;
}

static void
print_field(const char *k, const char *v)
{
	printf("%-12s%s\n", k, v[0] != '\0' ? v : "-");
}

static void
json_kv(const char *k, const char *v, int comma)
{
	printf("%s", comma ? "," : "");
	json_fputs(stdout, k, strlen(k));
	printf(":");
	if (v == NULL || v[0] == '\0')
		printf("null");
	else
		json_fputs(stdout, v, strlen(v));
}

static void
print_json(const struct script_info *si, const struct fixture *fx,
    const struct script_result *res, int expect_state, const char *mm)
{
	const char	*p, *q;
	size_t		 i;

	printf("{");
	json_kv("script", si->id, 0);
	json_kv("file", si->name, 1);
	json_kv("host", fx->host.ip, 1);
	printf(",\"identity\":{");
	json_kv("vendor", res->vendor, 0);
	json_kv("model", res->model, 1);
	json_kv("device_class", res->device_class, 1);
	json_kv("firmware", res->firmware, 1);
	json_kv("os", res->os, 1);
	printf(",\"confidence\":%d}", res->confidence);
	printf(",\"evidence\":%s", res->evidence_json);
	printf(",\"findings\":[");
	for (i = 0; i < res->n_findings; i++) {
		const struct script_finding *f = &res->findings[i];

		printf("%s{", i > 0 ? "," : "");
		json_kv("id", f->id, 0);
		json_kv("severity", f->severity, 1);
		printf(",\"port\":%d", f->port);
		json_kv("title", f->title, 1);
		json_kv("detail", f->detail, 1);
		json_kv("source", f->source, 1);
		printf("}");
	}
	printf("],\"exchanges\":[");
	for (i = 0; i < fx->nlog; i++) {
		const struct fx_log *l = &fx->log[i];

		printf("%s{", i > 0 ? "," : "");
		json_kv("proto", l->proto, 0);
		printf(",\"port\":%d,\"send_len\":%zu", l->port, l->send_len);
		if (l->entry >= 0)
			printf(",\"fixture_entry\":%d", l->entry);
		else
			printf(",\"fixture_entry\":null");
		json_kv("outcome", l->outcome, 1);
		printf("}");
	}
	printf("],\"stats\":{\"run\":%u,\"results\":%u,\"errors\":%u,"
	    "\"invalid\":%u,\"refused\":%u,\"exchanges\":%u,\"cached\":%u}",
	    res->n_run, res->n_results, res->n_errors, res->n_invalid,
	    res->n_refused, res->n_exchanges, res->n_cached);
	json_kv("error", si->disabled ? si->error : NULL, 1);
	printf(",\"expect\":");
	if (expect_state < 0)
		printf("null");
	else {
		printf("{\"ok\":%s,\"mismatches\":[",
		    expect_state ? "true" : "false");
		for (p = mm, i = 0; *p != '\0'; p = q + 1, i++) {
			q = strchr(p, '\n');
			if (q == NULL)
				break;
			printf("%s", i > 0 ? "," : "");
			json_fputs(stdout, p, (size_t)(q - p));
		}
		printf("]}");
	}
	printf("}\n");
}

static void
print_text(const struct script_info *si, const struct fixture *fx,
    const struct script_result *res, int expect_state, const char *mm)
{
	const char	*p, *q;
	size_t		 i;
	char		 line[200];

	printf("%-12s%s (%s)\n", "script", si->name, si->id);
	printf("%-12s%s (level %s)\n", "host", fx->host.ip,
	    safety_level_name(fx->host.level));
	if (si->disabled)
		printf("%-12s%s\n", "ERROR", si->error);
	else if (res->n_run == 0)
		printf("%-12s%s\n", "ran", "no: its ports/rule do not match "
		    "this host");
	for (i = 0; i < fx->nlog; i++) {
		const struct fx_log *l = &fx->log[i];

		snprintf(line, sizeof(line), "%s/%d, %zu bytes sent -> %s",
		    l->proto, l->port, l->send_len, l->outcome);
		print_field(i == 0 ? "exchanges" : "", line);
	}
	if (res->n_refused > 0) {
		snprintf(line, sizeof(line), "%u refused by policy (see log)",
		    res->n_refused);
		print_field(fx->nlog == 0 ? "exchanges" : "", line);
	}
	print_field("vendor", res->vendor);
	print_field("model", res->model);
	print_field("class", res->device_class);
	print_field("firmware", res->firmware);
	print_field("os", res->os);
	printf("%-12s%d\n", "confidence", res->confidence);
	printf("%-12s%s\n", "evidence", res->evidence_json);
	for (i = 0; i < res->n_findings; i++) {
		const struct script_finding *f = &res->findings[i];

		printf("%-12s%-6s %s port %d: %s\n", "finding", f->severity,
		    f->id, f->port, f->title);
	}
	if (res->n_invalid > 0)
		printf("%-12s%u result problems (see the warnings above)\n",
		    "warning", res->n_invalid);
	if (expect_state < 0)
		printf("%-12s%s\n", "expect", "(no expect.json)");
	else if (expect_state)
		printf("%-12s%s\n", "expect", "ok");
	else {
		printf("%-12s%s\n", "expect", "MISMATCH");
		for (p = mm; *p != '\0'; p = q + 1) {
			q = strchr(p, '\n');
			if (q == NULL)
				break;
			printf("  %.*s\n", (int)(q - p), p);
		}
	}
}

static int
script_test(int argc, char **argv)
{
	struct script_opts	 o;
	struct script_env	*env = NULL;
	struct script_info	 si;
	struct fixture		 fx;
	struct fx_result	 out;
	struct script_io	 io;
	struct oui_db		*oui = NULL;
	const char		*file;
	char			 err[600], mm[2048];
	int			 r, st = -1;

	memset(&o, 0, sizeof(o));
	memset(&fx, 0, sizeof(fx));
	memset(&out, 0, sizeof(out));
	if ((r = script_getopt(argc, argv, &o)) != 0)
		return r < 0 ? EXIT_USAGE : EXIT_OK;
	if (optind != argc - 1)
		return script_bad("test needs exactly one FILE", NULL);
	if (o.fixture == NULL)
		return script_bad("test needs --fixture DIR", NULL);
	file = argv[optind];
	r = EXIT_USAGE;
	strlcpy(fx.dir, o.fixture, sizeof(fx.dir));
	if (fx_json(fx.dir, "host.json", 1, &fx.host_js, err,
	    sizeof(err)) != 0 ||
	    fx_json(fx.dir, "exchanges.json", 0, &fx.xchg_js, err,
	    sizeof(err)) != 0 ||
	    fx_json(fx.dir, "expect.json", 0, &fx.expect_js, err,
	    sizeof(err)) != 0 ||
	    fx_load_host(&fx, err, sizeof(err)) != 0 ||
	    fx_load_xchg(&fx, err, sizeof(err)) != 0) {
		fprintf(stderr, "iomtscan script test: bad fixture: %s\n",
		    err);
		goto out;
	}
	if (access(file, R_OK) != 0) {
		fprintf(stderr, "iomtscan script test: %s: %s\n", file,
		    strerror(errno));
		goto out;
	}
	script_env_load_files(&file, 1, o.lua_dir, NULL, NULL, 0, &env);
	if (oui_load("/usr/share/ieee-data", NULL, &oui) == 0)
		script_env_set_oui(env, oui);
	script_env_info(env, 0, &si);
	if (si.disabled) {
		fprintf(stderr, "%s\n", si.error);
		goto out;
	}
	io.exchange = fx_exchange;
	io.ctx = &fx;
	if (script_run_host(env, &fx.host, &io, fx_done, &out) != 0 ||
	    !out.done) {
		fprintf(stderr, "iomtscan script test: the run did not "
		    "complete (a bug)\n");
		goto out;
	}
	script_env_info(env, 0, &si);
	if (fx.expect_js != NULL) {
		st = fx_expect(fx.expect_js, &out.res, mm, sizeof(mm), err,
		    sizeof(err));
		if (st < 0) {
			fprintf(stderr, "iomtscan script test: bad fixture: "
			    "%s\n", err);
			goto out;
		}
	}
	if (o.json)
		print_json(&si, &fx, &out.res, st, mm);
	else
		print_text(&si, &fx, &out.res, st, mm);
	if (si.disabled)
		r = EXIT_USAGE;
	else
		r = st == 0 ? EXIT_PROBLEMS : EXIT_OK;
 out:
	free(out.evidence);
	free(out.fd);
	script_env_free(env);
	oui_free(oui);
	fx_free(&fx);
	return r;
}

int
cmd_script(int argc, char **argv)
{
	if (argc < 2) {
		script_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		script_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return script_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return script_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "test") == 0)
		return script_test(argc - 1, argv + 1);
	return script_bad("unknown action", argv[1]);
}
