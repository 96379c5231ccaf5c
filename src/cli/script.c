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

#include <jansson.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/script.h"

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
/* test */

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

static void
print_field(const char *k, const char *v)
{
	printf("%-12s%s\n", k, v[0] != '\0' ? v : "-");
}

/* Set obj[k] to the string v, or to null when v is NULL or "". */
static void
jset_str(json_t *obj, const char *k, const char *v)
{
	json_object_set_new(obj, k, v == NULL || v[0] == '\0' ?
	    json_null() : script_json_string(v));
}

static void
print_json(const struct script_info *si, const struct script_fixture *fx,
    const struct script_result *res, int expect_state, const char *mm)
{
	json_t		*top, *o, *a, *ex;
	const char	*p, *q;
	size_t		 i;

	top = json_object();
	jset_str(top, "script", si->id);
	jset_str(top, "file", si->name);
	jset_str(top, "host", fx->host.ip);
	o = json_object();
	jset_str(o, "vendor", res->vendor);
	jset_str(o, "model", res->model);
	jset_str(o, "device_class", res->device_class);
	jset_str(o, "firmware", res->firmware);
	jset_str(o, "os", res->os);
	json_object_set_new(o, "confidence", json_integer(res->confidence));
	json_object_set_new(top, "identity", o);
	a = json_loads(res->evidence_json, 0, NULL);
	json_object_set_new(top, "evidence", a != NULL ? a : json_array());
	a = json_array();
	for (i = 0; i < res->n_findings; i++) {
		const struct script_finding *f = &res->findings[i];

		o = json_object();
		jset_str(o, "id", f->id);
		jset_str(o, "severity", f->severity);
		json_object_set_new(o, "port", json_integer(f->port));
		jset_str(o, "title", f->title);
		jset_str(o, "detail", f->detail);
		jset_str(o, "source", f->source);
		json_array_append_new(a, o);
	}
	json_object_set_new(top, "findings", a);
	a = json_array();
	for (i = 0; i < fx->nlog; i++) {
		const struct fixture_log *l = &fx->log[i];

		o = json_object();
		jset_str(o, "proto", l->proto);
		json_object_set_new(o, "port", json_integer(l->port));
		json_object_set_new(o, "send_len",
		    json_integer((json_int_t)l->send_len));
		json_object_set_new(o, "fixture_entry", l->entry >= 0 ?
		    json_integer(l->entry) : json_null());
		jset_str(o, "outcome", l->outcome);
		json_array_append_new(a, o);
	}
	json_object_set_new(top, "exchanges", a);
	o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	    "run", (json_int_t)res->n_run,
	    "results", (json_int_t)res->n_results,
	    "errors", (json_int_t)res->n_errors,
	    "invalid", (json_int_t)res->n_invalid,
	    "refused", (json_int_t)res->n_refused,
	    "exchanges", (json_int_t)res->n_exchanges,
	    "cached", (json_int_t)res->n_cached);
	json_object_set_new(top, "stats", o);
	jset_str(top, "error", si->disabled ? si->error : NULL);
	if (expect_state < 0)
		ex = json_null();
	else {
		ex = json_object();
		json_object_set_new(ex, "ok", json_boolean(expect_state));
		a = json_array();
		for (p = mm; *p != '\0'; p = q + 1) {
			q = strchr(p, '\n');
			if (q == NULL)
				break;
			json_array_append_new(a, json_stringn(p,
			    (size_t)(q - p)));
		}
		json_object_set_new(ex, "mismatches", a);
	}
	json_object_set_new(top, "expect", ex);
	if (json_dumpf(top, stdout, JSON_COMPACT) != 0)
		fprintf(stderr, "iomtscan script test: out of memory\n");
	printf("\n");
	json_decref(top);
}

static void
print_text(const struct script_info *si, const struct script_fixture *fx,
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
		const struct fixture_log *l = &fx->log[i];

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
	struct script_fixture	*fx = NULL;
	struct fx_result	 out;
	struct script_io	 io;
	struct oui_db		*oui = NULL;
	const char		*file;
	char			 err[600], mm[2048];
	int			 r, st = -1;

	memset(&o, 0, sizeof(o));
	memset(&out, 0, sizeof(out));
	if ((r = script_getopt(argc, argv, &o)) != 0)
		return r < 0 ? EXIT_USAGE : EXIT_OK;
	if (optind != argc - 1)
		return script_bad("test needs exactly one FILE", NULL);
	if (o.fixture == NULL)
		return script_bad("test needs --fixture DIR", NULL);
	file = argv[optind];
	r = EXIT_USAGE;
	if (script_fixture_load(o.fixture, &fx, err, sizeof(err)) != 0) {
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
	script_fixture_io(fx, &io);
	if (script_run_host(env, &fx->host, &io, fx_done, &out) != 0 ||
	    !out.done) {
		fprintf(stderr, "iomtscan script test: the run did not "
		    "complete (a bug)\n");
		goto out;
	}
	script_env_info(env, 0, &si);
	st = script_fixture_expect(fx, &out.res, mm, sizeof(mm));
	if (st < 0)
		st = -1;	/* no expect.json */
	if (o.json)
		print_json(&si, fx, &out.res, st, mm);
	else
		print_text(&si, fx, &out.res, st, mm);
	if (si.disabled)
		r = EXIT_USAGE;
	else
		r = st == 0 ? EXIT_PROBLEMS : EXIT_OK;
 out:
	free(out.evidence);
	free(out.fd);
	script_env_free(env);
	oui_free(oui);
	script_fixture_free(fx);
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
