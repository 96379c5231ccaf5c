/*
 * test-lua.c - the Lua runtime: sandbox escapes and budgets, metadata and
 * result validation, identity resolution, the exchange path, `script`.
 *
 * Each sandbox test loads a
 * small script from tests/fixtures/lua/ next to a well-behaved one
 * (sandbox-good.lua) and checks that the escape attempt fails with a
 * message naming file and line, that only that script is disabled, that
 * the run completes with the good script's answer, and that every byte
 * the Lua allocator handed out is returned when the states are closed.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/script.h"

/* ---------------------------------------------------------------- */
/* Fixtures */

static const struct script_fact_service test_svc[] = {
	{ "tcp", 22, "open", "ssh", "SSH-2.0-OpenSSH_8.4" },
	{ "tcp", 80, "open", "http", NULL },
	{ "tcp", 443, "closed", NULL, NULL },
	{ "tcp", 7, "open", NULL, NULL },
	{ "tcp", 9100, "open", NULL, NULL },
	{ "udp", 161, "open", "snmp", NULL },
};

static const struct observation test_obs[] = {
	{ "tcp", 80, "http-get", "http.server", "AcmeWeb fw/2.4.1", 0, 0 },
	{ "tcp", 8080, "http-get", "http.server", "Other", 0, 0 },
};

static void
test_host(struct script_host *h)
{
	memset(h, 0, sizeof(*h));
	h->ip = "198.18.0.10";
	h->mac = "00:09:fb:01:02:03";
	h->oui_vendor = "Philips Medical Systems";
	h->oui_class = "medical";
	h->oui_label = NULL;
	h->level = LEVEL_STANDARD;
	h->svc = test_svc;
	h->n_svc = sizeof(test_svc) / sizeof(test_svc[0]);
	h->obs = test_obs;
	h->n_obs = sizeof(test_obs) / sizeof(test_obs[0]);
}

/* The engine's side for the tests. */
struct tio {
	int		 calls;
	int		 defer;		/* keep the request, answer later */
	const char	*reply;		/* NULL: answer "timeout" */
	void		*token;
	script_xdone_fn	 done;
	char		 last_send[256];
	int		 last_port;
};

static int
tio_exchange(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	struct tio	*t = ctx;
	size_t		 n = req->send_len < sizeof(t->last_send) - 1 ?
	    req->send_len : sizeof(t->last_send) - 1;

	t->calls++;
	t->last_port = req->port;
	memcpy(t->last_send, req->send != NULL ? (const char *)req->send : "",
	    req->send != NULL ? n : 0);
	t->last_send[req->send != NULL ? n : 0] = '\0';
	if (t->defer) {
		t->token = token;
		t->done = done;
		return 0;
	}
	if (t->reply == NULL)
		done(token, -ETIMEDOUT, "timeout", NULL, 0);
	else
		done(token, 0, NULL, (const uint8_t *)t->reply,
		    strlen(t->reply));
	return 0;
}

/* A copy of a run's result. */
struct tres {
	int		 calls;
	struct script_result res;
	char		 evidence[4096];
	struct script_finding fd[8];
};

static void
tres_done(void *arg, const struct script_result *res)
{
	struct tres	*t = arg;
	size_t		 i;

	t->calls++;
	t->res = *res;
	strlcpy(t->evidence, res->evidence_json, sizeof(t->evidence));
	t->res.evidence_json = t->evidence;
	for (i = 0; i < res->n_findings && i < 8; i++)
		t->fd[i] = res->findings[i];
	t->res.findings = t->fd;
}

static void
path_of(char *dst, size_t dsize, const char *file)
{
	snprintf(dst, dsize, "%s/tests/fixtures/lua/%s", test_srcdir(), file);
}

/* Load tests/fixtures/lua/<names...> (NULL-terminated) with limits lim. */
static struct script_env *
load_env(const struct script_limits *lim, const char *const *names)
{
	static char		 paths[16][512];
	const char		*pp[16];
	char			 libdir[512];
	struct script_env	*env = NULL;
	size_t			 n;

	for (n = 0; names[n] != NULL && n < 16; n++) {
		path_of(paths[n], sizeof(paths[n]), names[n]);
		pp[n] = paths[n];
	}
	snprintf(libdir, sizeof(libdir), "%s/tests/fixtures/lua/lib", test_srcdir());
	if (script_env_load_files(pp, n, libdir, lim, NULL, 0, &env) != 0)
		return NULL;
	return env;
}

static const struct script_info *
info(const struct script_env *env, size_t i)
{
	static struct script_info si;

	memset(&si, 0, sizeof(si));
	script_env_info(env, i, &si);
	return &si;
}

/*
 * Run sandbox-good.lua and tests/fixtures/lua/<name>.lua on the test host; check
 * the escape script is disabled with an error that starts with
 * "lua/<name>.lua:<line>:" (line > 0), starts with "lua/<name>.lua"
 * (line 0) or names it anywhere (line < 0, e.g. "called from"), and
 * contains want; that the good one answered; and that nothing leaked.
 */
static int
sandbox_case(const char *file, int line, const char *want,
    const struct script_limits *lim)
{
	const char		*names[] = { "sandbox-good.lua", file, NULL };
	struct script_env	*env;
	struct script_host	 host;
	struct tres		 tr;
	const struct script_info *si;
	char			 loc[128];
	uint64_t		 t0 = now_ns();

	memset(&tr, 0, sizeof(tr));
	test_host(&host);
	env = load_env(lim, names);
	ASSERT_NOT_NULL(env);
	ASSERT_EQ(script_env_count(env), 2);
	ASSERT_EQ(info(env, 0)->disabled, 0);
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);		/* the run completed */
	ASSERT_STR_EQ(tr.res.vendor, "Good Vendor");
	ASSERT_GE(tr.res.n_errors, 1);
	si = info(env, 1);
	ASSERT_EQ(si->disabled, 1);
	if (line > 0)
		snprintf(loc, sizeof(loc), "lua/%s:%d:", file, line);
	else
		snprintf(loc, sizeof(loc), "lua/%s", file);
	if ((line >= 0 ? strncmp(si->error, loc, strlen(loc)) != 0 :
	    strstr(si->error, loc) == NULL) ||
	    strstr(si->error, want) == NULL) {
		fprintf(stderr, "  error \"%s\" lacks \"%s\" or \"%s\"\n",
		    si->error, loc, want);
		return 1;
	}
	/* A second host: the disabled script stays disabled. */
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(tr.res.n_run, 1);
	ASSERT_STR_EQ(tr.res.vendor, "Good Vendor");
	ASSERT_EQ(script_env_active_runs(env), 0);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 5000);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Sandbox escapes */

TEST_IMPL(lua_sandbox_os_execute)
{
	ASSERT_EQ(access("/tmp/iomtscan-sandbox-escaped", F_OK), -1);
	ASSERT_EQ(sandbox_case("sandbox-os-execute.lua", 9,
	    "'os' is not available", NULL), 0);
	ASSERT_EQ(access("/tmp/iomtscan-sandbox-escaped", F_OK), -1);
	return 0;
}

TEST_IMPL(lua_sandbox_io_open)
{
	return sandbox_case("sandbox-io-open.lua", 9, "'io' is not available",
	    NULL);
}

TEST_IMPL(lua_sandbox_require_os)
{
	return sandbox_case("sandbox-require-os.lua", 9,
	    "require 'os': not available", NULL);
}

TEST_IMPL(lua_sandbox_string_dump)
{
	return sandbox_case("sandbox-string-dump.lua", 9,
	    "string.dump is not available", NULL);
}

TEST_IMPL(lua_sandbox_load_binary)
{
	return sandbox_case("sandbox-load-binary.lua", 9,
	    "binary (precompiled) chunks are not allowed", NULL);
}

TEST_IMPL(lua_sandbox_loadfile)
{
	return sandbox_case("sandbox-loadfile.lua", 9,
	    "loadfile is not available", NULL);
}

TEST_IMPL(lua_sandbox_dofile)
{
	return sandbox_case("sandbox-dofile.lua", 9,
	    "dofile is not available", NULL);
}

TEST_IMPL(lua_sandbox_collectgarbage)
{
	return sandbox_case("sandbox-collectgarbage.lua", 9,
	    "collectgarbage is not available", NULL);
}

TEST_IMPL(lua_sandbox_string_metatable)
{
	return sandbox_case("sandbox-string-metatable.lua", 9,
	    "attempt to index a boolean value", NULL);
}

TEST_IMPL(lua_sandbox_global_write)
{
	return sandbox_case("sandbox-global-write.lua", 9,
	    "assignment to undeclared global 'leaked'", NULL);
}

TEST_IMPL(lua_sandbox_global_read)
{
	return sandbox_case("sandbox-global-read.lua", 9,
	    "read of undeclared global 'undeclared_variable'", NULL);
}

TEST_IMPL(lua_sandbox_rawset_env)
{
	return sandbox_case("sandbox-rawset-env.lua", 9,
	    "rawset on a protected table", NULL);
}

TEST_IMPL(lua_sandbox_gc_metamethod)
{
	return sandbox_case("sandbox-gc-metamethod.lua", 9,
	    "__gc metamethods are not allowed", NULL);
}

TEST_IMPL(lua_sandbox_close_metamethod)
{
	return sandbox_case("sandbox-close-metamethod.lua", 9,
	    "__close metamethods are not allowed", NULL);
}

TEST_IMPL(lua_sandbox_lib_readonly)
{
	ASSERT_EQ(sandbox_case("sandbox-lib-write.lua", 9,
	    "library tables are read-only", NULL), 0);
	ASSERT_EQ(sandbox_case("sandbox-lib-rawset.lua", 9,
	    "rawset on a protected table", NULL), 0);
	return sandbox_case("sandbox-lib-setmetatable.lua", 9,
	    "cannot change a protected metatable", NULL);
}

TEST_IMPL(lua_sandbox_xpcall_works)
{
	/* The script ends in error("xpcall ok: ...") when all is well. */
	return sandbox_case("sandbox-xpcall-works.lua", -1,
	    "xpcall ok: handled boom", NULL);
}

TEST_IMPL(lua_sandbox_load_text_env)
{
	/* The loaded chunk has its own private _ENV: line 1 of "(load)". */
	return sandbox_case("sandbox-load-text-env.lua", -1,
	    "(load):1: assignment to undeclared global 'leaked'", NULL);
}

TEST_IMPL(lua_sandbox_runtime_error)
{
	return sandbox_case("sandbox-runtime-error.lua", 9,
	    "attempt to index a nil value (local 't')", NULL);
}

/* ---------------------------------------------------------------- */
/* Budgets */

TEST_IMPL(lua_sandbox_loop)
{
	struct script_limits	 lim = { 0, 0, 100 };
	uint64_t		 t0 = now_ns();

	ASSERT_EQ(sandbox_case("sandbox-loop.lua", 9, "budget exceeded",
	    &lim), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 1000);
	return 0;
}

TEST_IMPL(lua_sandbox_loop_pcall)
{
	struct script_limits	 lim = { 0, 0, 100 };
	uint64_t		 t0 = now_ns();

	ASSERT_EQ(sandbox_case("sandbox-loop-pcall.lua", 9, "budget exceeded",
	    &lim), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 1000);
	return 0;
}

TEST_IMPL(lua_sandbox_xpcall_handler_loop)
{
	/* The handler of a tripped call never runs; the run ends in time. */
	struct script_limits	 lim = { 0, 0, 100 };
	uint64_t		 t0 = now_ns();

	ASSERT_EQ(sandbox_case("sandbox-xpcall-handler-loop.lua", 9,
	    "budget exceeded", &lim), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 1000);
	return 0;
}

TEST_IMPL(lua_sandbox_time_budget)
{
	/* A huge instruction budget: the wall-clock deadline must stop it. */
	struct script_limits	 lim = { 0, 1ULL << 40, 50 };
	uint64_t		 t0 = now_ns();

	ASSERT_EQ(sandbox_case("sandbox-loop-pcall.lua", 9,
	    "time budget exceeded (50 ms", &lim), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 1000);
	return 0;
}

TEST_IMPL(lua_sandbox_memory)
{
	return sandbox_case("sandbox-memory.lua", 9, "memory limit exceeded",
	    NULL);
}

TEST_IMPL(lua_sandbox_memory_pcall)
{
	return sandbox_case("sandbox-memory-pcall.lua", 0,
	    "memory limit exceeded", NULL);
}

TEST_IMPL(lua_sandbox_pattern_budget)
{
	struct script_limits	 lim = { 0, 0, 200 };
	uint64_t		 t0 = now_ns();

	ASSERT_EQ(sandbox_case("sandbox-pattern.lua", 9, "budget exceeded",
	    &lim), 0);
	ASSERT_LE((now_ns() - t0) / 1000000, 1500);
	return 0;
}

TEST_IMPL(lua_sandbox_table_move_budget)
{
	return sandbox_case("sandbox-table-move.lua", 9,
	    "instruction budget exceeded", NULL);
}

TEST_IMPL(lua_sandbox_load_loop)
{
	const char		*names[] = { "sandbox-load-loop.lua",
	    "sandbox-good.lua", NULL };
	struct script_limits	 lim = { 0, 0, 100 };
	struct script_env	*env;
	uint64_t		 t0 = now_ns();

	env = load_env(&lim, names);
	ASSERT_NOT_NULL(env);
	ASSERT_LE((now_ns() - t0) / 1000000, 1000);
	ASSERT_EQ(info(env, 0)->disabled, 1);
	ASSERT(strstr(info(env, 0)->error, "sandbox-load-loop.lua:4: ") !=
	    NULL);
	ASSERT(strstr(info(env, 0)->error, "budget exceeded") != NULL);
	ASSERT_EQ(info(env, 1)->disabled, 0);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Host object lifetime, yields */

TEST_IMPL(lua_sandbox_expired_host)
{
	const char		*names[] = { "sandbox-expired.lua", NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_STR_EQ(tr.res.vendor, "first run");
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(tr.res.n_errors, 1);
	ASSERT_EQ(info(env, 0)->disabled, 1);
	ASSERT(strstr(info(env, 0)->error, "sandbox-expired.lua:15:") !=
	    NULL);
	ASSERT(strstr(info(env, 0)->error, "expired host object") != NULL);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_sandbox_yield_forever)
{
	const char		*names[] = { "sandbox-yield.lua", NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;
	struct script_io	 io = { tio_exchange, NULL };
	struct tio		 t;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	memset(&t, 0, sizeof(t));
	memset(&tr, 0, sizeof(tr));
	t.defer = 1;
	io.ctx = &t;
	ASSERT_EQ(script_run_host(env, &host, &io, tres_done, &tr), 0);
	/* The script waits; nothing blocks; the run is not done. */
	ASSERT_EQ(t.calls, 1);
	ASSERT_EQ(tr.calls, 0);
	ASSERT_EQ(script_env_active_runs(env), 1);
	ASSERT_STR_EQ(t.last_send, "GET / HTTP/1.0\r\n\r\n");
	/* The engine's timer fires. */
	t.done(t.token, -ETIMEDOUT, "timeout", NULL, 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_STR_EQ(tr.res.model, "nil:timeout");
	ASSERT_EQ(tr.res.n_errors, 0);

	/* A late reply resumes the script with the bytes. */
	memset(&tr, 0, sizeof(tr));
	t.calls = 0;
	ASSERT_EQ(script_run_host(env, &host, &io, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 0);
	t.done(t.token, 0, NULL, (const uint8_t *)"HELLO", 5);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_STR_EQ(tr.res.model, "HELLO");
	ASSERT_EQ(tr.res.n_exchanges, 1);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Metadata */

static int
meta_case(const char *file, const char *want)
{
	const char		*names[] = { file, NULL };
	struct script_env	*env = load_env(NULL, names);
	const struct script_info *si;

	ASSERT_NOT_NULL(env);
	ASSERT_EQ(script_env_enabled(env), 0);
	si = info(env, 0);
	ASSERT_EQ(si->disabled, 1);
	if (strstr(si->error, want) == NULL ||
	    strstr(si->error, file) == NULL) {
		fprintf(stderr, "  error \"%s\" lacks \"%s\"\n", si->error,
		    want);
		return 1;
	}
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_meta_missing_id)
{
	return meta_case("meta-missing-id.lua",
	    "metadata field 'id' is missing");
}

TEST_IMPL(lua_meta_bad_safety)
{
	return meta_case("meta-bad-safety.lua", "safety must be \"passive\"");
}

TEST_IMPL(lua_meta_unknown_key)
{
	return meta_case("meta-unknown-key.lua",
	    "unknown metadata field 'categories'");
}

TEST_IMPL(lua_meta_id_mismatch)
{
	return meta_case("meta-id-mismatch.lua",
	    "must equal the file name without .lua");
}

TEST_IMPL(lua_meta_bad_ports)
{
	return meta_case("meta-bad-ports.lua", "ports[2] must be");
}

TEST_IMPL(lua_meta_syntax_error)
{
	return meta_case("meta-syntax-error.lua", ".lua:4: '}' expected");
}

TEST_IMPL(lua_meta_no_identify)
{
	return meta_case("meta-no-identify.lua",
	    "identify must be a function");
}

TEST_IMPL(lua_meta_require)
{
	const char		*names[] = { "require-bad.lua", "host-api.lua",
	    NULL };
	struct script_env	*env = load_env(NULL, names);
	char			 path[512], lib[512];
	const char		*p = path;

	ASSERT_NOT_NULL(env);
	ASSERT_EQ(info(env, 0)->disabled, 1);
	ASSERT(strstr(info(env, 0)->error, "require-bad.lua:2: require "
	    "'iomt.nope': not available") != NULL);
	ASSERT_EQ(info(env, 1)->disabled, 0);	/* iomt.match from lib/ */
	script_env_free(env);

	/* A library directory missing a module disables every script. */
	snprintf(path, sizeof(path), "%s/tests/fixtures/lua/host-api.lua",
	    test_srcdir());
	snprintf(lib, sizeof(lib), "%s/tests/fixtures/lua", test_srcdir());
	ASSERT_EQ(script_env_load_files(&p, 1, lib, NULL, NULL, 0, &env), 0);
	ASSERT_EQ(script_env_enabled(env), 0);
	ASSERT(strstr(info(env, 0)->error, "Lua library incomplete: ") !=
	    NULL);
	ASSERT(strstr(info(env, 0)->error, "banner.lua is missing") != NULL);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Host API */

TEST_IMPL(lua_host_api)
{
	const char		*names[] = { "host-api.lua", NULL };
	struct script_env	*env = load_env(NULL, names);
	struct db_identity	 prior;
	struct script_host	 host;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	memset(&prior, 0, sizeof(prior));
	prior.vendor = "Philips";
	prior.confidence = 70;
	host.prior = &prior;
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(tr.res.n_errors, 0);
	ASSERT_STR_EQ(tr.res.model, "198.18.0.10|00:09:fb:01:02:03|medical|"
	    "standard|6|true|false|true|AcmeWeb fw/2.4.1|Other|2|Philips|"
	    "01ab|515|256|nil|42|false|false");
	/* OUI fills the vendor and class nobody claimed, at <= 20. */
	ASSERT_STR_EQ(tr.res.vendor, "Philips Medical Systems");
	ASSERT_STR_EQ(tr.res.device_class, "medical-device");
	ASSERT_LE(tr.res.confidence, 20);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_ports_and_rule)
{
	const char		*names[] = { "ports-rule.lua", NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_fact_service svc[] = {
		{ "tcp", 443, "open", NULL, NULL } };
	struct script_host	 host;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	/* udp/161 open and medical: runs. */
	test_host(&host);
	memset(&tr, 0, sizeof(tr));
	script_run_host(env, &host, NULL, tres_done, &tr);
	ASSERT_EQ(tr.res.n_run, 1);
	ASSERT_STR_EQ(tr.res.vendor, "Ruled");
	/* Port matches, rule says no. */
	host.oui_class = "printer";
	memset(&tr, 0, sizeof(tr));
	script_run_host(env, &host, NULL, tres_done, &tr);
	ASSERT_EQ(tr.res.n_run, 1);
	ASSERT_EQ(tr.res.n_results, 0);
	ASSERT_STR_EQ(tr.res.device_class, "printer");	/* from the OUI */
	/* No matching port: rule() never runs. */
	host.oui_class = "medical";
	host.svc = svc;
	host.n_svc = 0;
	memset(&tr, 0, sizeof(tr));
	script_run_host(env, &host, NULL, tres_done, &tr);
	ASSERT_EQ(tr.res.n_run, 0);
	host.n_svc = 1;
	memset(&tr, 0, sizeof(tr));
	script_run_host(env, &host, NULL, tres_done, &tr);
	ASSERT_EQ(tr.res.n_run, 1);
	ASSERT_STR_EQ(tr.res.vendor, "Ruled");
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Result validation */

static int
result_case(const char *file, struct tres *tr)
{
	const char		*names[] = { file, NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	host.oui_vendor = NULL;
	host.oui_class = NULL;
	memset(tr, 0, sizeof(*tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, tr), 0);
	ASSERT_EQ(tr->calls, 1);
	ASSERT_EQ(tr->res.n_errors, 0);		/* not disabled */
	ASSERT_EQ(info(env, 0)->disabled, 0);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_result_bad_class)
{
	struct tres	 tr;

	ASSERT_EQ(result_case("result-bad-class.lua", &tr), 0);
	ASSERT_STR_EQ(tr.res.vendor, "Acme");
	ASSERT_STR_EQ(tr.res.device_class, "");
	ASSERT_EQ(tr.res.confidence, 60);
	ASSERT_EQ(tr.res.n_invalid, 1);
	return 0;
}

TEST_IMPL(lua_result_confidence)
{
	struct tres	 tr;

	ASSERT_EQ(result_case("result-confidence.lua", &tr), 0);
	ASSERT_STR_EQ(tr.res.vendor, "");	/* whole result rejected */
	ASSERT_EQ(tr.res.confidence, 0);
	ASSERT_EQ(tr.res.n_results, 0);
	ASSERT_EQ(tr.res.n_invalid, 1);
	return 0;
}

TEST_IMPL(lua_result_long_strings)
{
	struct tres	 tr;

	ASSERT_EQ(result_case("result-long-strings.lua", &tr), 0);
	ASSERT_STR_EQ(tr.res.vendor, "Acme");
	ASSERT_STR_EQ(tr.res.model, "");		/* 10 KB: dropped */
	ASSERT_STR_EQ(tr.res.firmware, "1.0");
	ASSERT_EQ(tr.res.n_findings, 0);		/* 10 KB detail */
	ASSERT_STR_EQ(tr.res.evidence_json, "[]");	/* 300-byte value */
	ASSERT_EQ(tr.res.n_invalid, 1);
	return 0;
}

TEST_IMPL(lua_result_unknown_key)
{
	struct tres	 tr;

	ASSERT_EQ(result_case("result-unknown-key.lua", &tr), 0);
	ASSERT_STR_EQ(tr.res.vendor, "Acme");
	ASSERT_EQ(tr.res.n_findings, 1);
	ASSERT_STR_EQ(tr.res.findings[0].id, "ok-finding");
	ASSERT_STR_EQ(tr.res.findings[0].source, "result-unknown-key");
	ASSERT_EQ(tr.res.findings[0].port, 80);
	return 0;
}

TEST_IMPL(lua_result_control_chars)
{
	struct tres	 tr;

	ASSERT_EQ(result_case("result-control-chars.lua", &tr), 0);
	ASSERT_STR_EQ(tr.res.vendor, "Ac\\x1b[2Jme\\x00");
	/* UTF-8 kept, a bidi override escaped. */
	ASSERT_STR_EQ(tr.res.model, "Dr\xc3\xa4ger \\xe2\\x80\\xaex");
	return 0;
}

/* ---------------------------------------------------------------- */
/* Identity resolution */

static int
ident_run(const char *const *names, struct tres *tr)
{
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	memset(tr, 0, sizeof(*tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, tr), 0);
	ASSERT_EQ(tr->calls, 1);
	ASSERT_EQ(tr->res.n_results, 2);
	script_env_free(env);
	return 0;
}

TEST_IMPL(lua_ident_determinism)
{
	const char	*ab[] = { "ident-a.lua", "ident-b.lua", NULL };
	const char	*ba[] = { "ident-b.lua", "ident-a.lua", NULL };
	struct tres	 t1, t2;

	ASSERT_EQ(ident_run(ab, &t1), 0);
	ASSERT_EQ(ident_run(ba, &t2), 0);
	/* Tie at 70: the SNMP reply (active) beats the banner (passive). */
	ASSERT_STR_EQ(t1.res.vendor, "Zenith");
	/* Model: Acme's model is not Zenith's; Zenith's model wins. */
	ASSERT_STR_EQ(t1.res.model, "Z-9");
	/* Class: banner (rank 2) beats oui (rank 1). */
	ASSERT_STR_EQ(t1.res.device_class, "infusion-pump");
	ASSERT_STR_EQ(t1.res.firmware, "9.1");
	ASSERT_EQ(t1.res.confidence, 70);
	ASSERT_STR_EQ(t1.res.vendor, t2.res.vendor);
	ASSERT_STR_EQ(t1.res.model, t2.res.model);
	ASSERT_STR_EQ(t1.res.device_class, t2.res.device_class);
	ASSERT_STR_EQ(t1.res.firmware, t2.res.firmware);
	ASSERT_STR_EQ(t1.res.evidence_json, t2.res.evidence_json);
	ASSERT_EQ(t1.res.confidence, t2.res.confidence);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_ident_resolve_rules)
{
	struct ident_evidence	 ev[2];
	struct ident_claim	 c[3], r[3];
	struct ident_oui	 oui = { "Registry Name Inc.", "Label",
	    "serial-bridge" };
	struct ident_result	 a, b;
	size_t			 i;

	memset(c, 0, sizeof(c));
	memset(ev, 0, sizeof(ev));
	ev[0].field = IDENT_VENDOR;
	strlcpy(ev[0].source, "http.title@tcp/80", sizeof(ev[0].source));
	c[0].script_id = "zeta";
	c[0].value[IDENT_VENDOR] = "Zeta";
	c[0].value[IDENT_MODEL] = "Z1";
	c[0].confidence = 60;
	c[1].script_id = "alpha";
	c[1].value[IDENT_VENDOR] = "Alpha";
	c[1].value[IDENT_MODEL] = "A1";
	c[1].confidence = 60;
	c[2].script_id = "beta";
	c[2].value[IDENT_OS] = "VxWorks";
	c[2].value[IDENT_CLASS] = "unknown";
	c[2].confidence = 90;
	/* Equal confidence and rank: the id that sorts first wins. */
	ident_resolve(c, 3, &oui, &a);
	ASSERT_STR_EQ(a.value[IDENT_VENDOR], "Alpha");
	ASSERT_STR_EQ(a.value[IDENT_MODEL], "A1");
	ASSERT_STR_EQ(a.value[IDENT_OS], "VxWorks");
	/* "unknown" is no claim: the OUI class fills it. */
	ASSERT_STR_EQ(a.value[IDENT_CLASS], "serial-bridge");
	ASSERT_STR_EQ(a.winner[IDENT_CLASS], "oui");
	ASSERT_EQ(a.confidence, 60);
	/* Any order gives the same answer. */
	for (i = 0; i < 3; i++)
		r[i] = c[2 - i];
	ident_resolve(r, 3, &oui, &b);
	ASSERT_STR_EQ(a.value[IDENT_VENDOR], b.value[IDENT_VENDOR]);
	ASSERT_STR_EQ(a.evidence_json, b.evidence_json);
	ident_result_free(&a);
	ident_result_free(&b);
	/* Evidence rank breaks the tie before the id. */
	c[0].ev = ev;
	c[0].n_ev = 1;
	ident_resolve(c, 3, &oui, &a);
	ASSERT_STR_EQ(a.value[IDENT_VENDOR], "Zeta");
	ASSERT_STR_EQ(a.value[IDENT_MODEL], "Z1");
	ASSERT(strstr(a.evidence_json, "\"source\":\"http.title@tcp/80\"") !=
	    NULL);
	ident_result_free(&a);
	/* Higher confidence beats everything. */
	c[1].confidence = 61;
	ident_resolve(c, 3, &oui, &a);
	ASSERT_STR_EQ(a.value[IDENT_VENDOR], "Alpha");
	ASSERT_EQ(a.confidence, 61);
	ident_result_free(&a);

	ASSERT_EQ(ident_source_rank("oui"), IDENT_RANK_OUI);
	ASSERT_EQ(ident_source_rank("profile:philips"), IDENT_RANK_OUI);
	ASSERT_EQ(ident_source_rank("ssh.banner@tcp/22"), IDENT_RANK_BANNER);
	ASSERT_EQ(ident_source_rank("banner@tcp/21"), IDENT_RANK_BANNER);
	ASSERT_EQ(ident_source_rank("dicom.impl_uid@tcp/104"),
	    IDENT_RANK_ACTIVE);
	ASSERT_EQ(ident_source_rank(""), IDENT_RANK_NONE);
	ASSERT(device_class_valid("patient-monitor"));
	ASSERT(!device_class_valid("toaster"));
	return 0;
}

TEST_IMPL(lua_ident_oui_only)
{
	struct ident_oui	 oui = { "Lantronix", NULL, "serial-bridge" };
	struct ident_result	 r;

	ident_resolve(NULL, 0, &oui, &r);
	ASSERT_STR_EQ(r.value[IDENT_VENDOR], "Lantronix");
	ASSERT_EQ(r.field_conf[IDENT_VENDOR], IDENT_CONF_OUI_VENDOR);
	ASSERT_STR_EQ(r.value[IDENT_CLASS], "serial-bridge");
	ASSERT_LE(r.confidence, 20);
	ASSERT_STR_EQ(r.evidence_json, "[{\"field\":\"vendor\",\"value\":"
	    "\"Lantronix\",\"source\":\"oui\"},{\"field\":\"device_class\","
	    "\"value\":\"serial-bridge\",\"source\":\"oui.class\"}]");
	ident_result_free(&r);
	oui.label = "Philips Patient Monitoring";
	oui.class_name = "medical";
	ident_resolve(NULL, 0, &oui, &r);
	ASSERT_STR_EQ(r.value[IDENT_VENDOR], "Philips Patient Monitoring");
	ASSERT_STR_EQ(r.value[IDENT_CLASS], "medical-device");
	ASSERT_EQ(r.confidence, 20);
	ident_result_free(&r);
	oui.class_name = "printer";
	ident_resolve(NULL, 0, &oui, &r);
	ASSERT_STR_EQ(r.value[IDENT_CLASS], "printer");
	ident_result_free(&r);
	ident_resolve(NULL, 0, NULL, &r);
	ASSERT_EQ(r.confidence, 0);
	ASSERT_STR_EQ(r.evidence_json, "[]");
	ident_result_free(&r);
	return 0;
}

/* ---------------------------------------------------------------- */
/* Exchanges: cache and policy */

TEST_IMPL(lua_exchange_cache)
{
	const char		*names[] = { "cache-a.lua", "cache-b.lua",
	    NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;
	struct script_io	 io = { tio_exchange, NULL };
	struct tio		 t;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	memset(&t, 0, sizeof(t));
	t.reply = "HTTP/1.0 200 OK\r\nServer: Acme/1.0\r\n\r\n";
	io.ctx = &t;
	/* Answered synchronously. */
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, &io, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(t.calls, 1);
	ASSERT_EQ(tr.res.n_exchanges, 1);
	ASSERT_EQ(tr.res.n_cached, 1);
	ASSERT_EQ(tr.res.n_results, 2);
	ASSERT_STR_EQ(tr.res.model, "a:Acme/1.0");	/* tie: "cache-a" */
	ASSERT_EQ(tr.res.n_findings, 1);		/* deduplicated */
	ASSERT_STR_EQ(tr.res.findings[0].source, "cache-a");
	/* Answered later: both wait on the one request. */
	t.calls = 0;
	t.defer = 1;
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, &io, tres_done, &tr), 0);
	ASSERT_EQ(t.calls, 1);
	ASSERT_EQ(tr.calls, 0);
	t.done(t.token, 0, NULL, (const uint8_t *)t.reply, strlen(t.reply));
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(t.calls, 1);
	ASSERT_EQ(tr.res.n_results, 2);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

static int
refuse_case(const char *file, enum safety_level level, const char *want)
{
	const char		*names[] = { file, NULL };
	struct script_env	*env = load_env(NULL, names);
	struct script_host	 host;
	struct script_io	 io = { tio_exchange, NULL };
	struct tio		 t;
	struct tres		 tr;

	ASSERT_NOT_NULL(env);
	test_host(&host);
	host.level = level;
	memset(&t, 0, sizeof(t));
	t.reply = "should never be sent";
	io.ctx = &t;
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, &io, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(t.calls, 0);			/* never reached the engine */
	if (strstr(tr.res.model, want) == NULL) {
		fprintf(stderr, "  model \"%s\" lacks \"%s\"\n", tr.res.model,
		    want);
		return 1;
	}
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_exchange_refused)
{
	ASSERT_EQ(refuse_case("refuse-printer.lua", LEVEL_CLINICAL,
	    "refused by policy: printer raw port"), 0);
	ASSERT_EQ(refuse_case("refuse-echo.lua", LEVEL_CLINICAL,
	    "refused by policy: simple TCP/UDP services"), 0);
	ASSERT_EQ(refuse_case("refuse-udp.lua", LEVEL_CLINICAL,
	    "refused by policy: UDP is sent only to SNMP"), 0);
	ASSERT_EQ(refuse_case("refuse-declared.lua", LEVEL_STANDARD,
	    "refused by policy: the script declares safety \"gentle\""), 0);
	ASSERT_EQ(refuse_case("refuse-host-level.lua", LEVEL_GENTLE,
	    "refused by policy: the host is held at safety level "
	    "\"gentle\""), 0);
	ASSERT_EQ(refuse_case("refuse-host-level.lua", LEVEL_PASSIVE,
	    "refused by policy"), 0);
	ASSERT_EQ(refuse_case("refuse-not-open.lua", LEVEL_STANDARD,
	    "not open"), 0);
	return 0;
}

TEST_IMPL(lua_exchange_refusal_recorded)
{
	const char		*names[] = { "refuse-printer.lua", NULL };
	char			 dbpath[256], err[256];
	struct script_env	*env = NULL;
	struct script_host	 host;
	struct tres		 tr;
	struct db		*db = NULL;
	int64_t			 scan_id = 0, n = 0;
	static char		 path[512];
	const char		*pp[1];

	snprintf(dbpath, sizeof(dbpath), "/tmp/iomt-test-lua-%d.db",
	    (int)getpid());
	unlink(dbpath);
	if (db_open(dbpath, 0, &db, err, sizeof(err)) != 0) {
		fprintf(stderr, "  db_open: %s (skipped)\n", err);
		return 0;
	}
	if (db_scan_begin(db, "198.18.0.10", "{}", &scan_id) != 0) {
		db_close(db);
		unlink(dbpath);
		fprintf(stderr, "  db_scan_begin unavailable (skipped)\n");
		return 0;
	}
	path_of(path, sizeof(path), names[0]);
	pp[0] = path;
	ASSERT_EQ(script_env_load_files(pp, 1, NULL, NULL, db, scan_id,
	    &env), 0);
	test_host(&host);
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.res.n_refused, 1);
	ASSERT_EQ(db_count(db, "errors", &n), 0);
	ASSERT_EQ(n, 1);			/* the refusal */
	script_env_free(env);
	/* A script broken at load time is recorded too. */
	path_of(path, sizeof(path), "meta-bad-safety.lua");
	ASSERT_EQ(script_env_load_files(pp, 1, NULL, NULL, db, scan_id,
	    &env), 0);
	ASSERT_EQ(db_count(db, "errors", &n), 0);
	ASSERT_EQ(n, 2);
	script_env_free(env);
	db_close(db);
	unlink(dbpath);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

/* ---------------------------------------------------------------- */
/* The `script` command */

static int
run_cmd(int argc, const char **argv)
{
	static char	 buf[16][600];
	char		*v[17];
	int		 i, r;

	for (i = 0; i < argc && i < 16; i++) {
		strlcpy(buf[i], argv[i], sizeof(buf[i]));
		v[i] = buf[i];
	}
	v[i] = NULL;
	fflush(stdout);
	r = cmd_script(i, v);
	fflush(stdout);
	return r;
}

/* `iomtscan script test FILE --fixture DIR --lua-dir LIB` */
static int
run_test_cmd(const char *file, const char *fx, const char *lib)
{
	const char	*argv[] = { "script", "test", file, "--fixture", fx,
	    "--lua-dir", lib, NULL };

	return run_cmd(7, argv);
}

TEST_IMPL(lua_cmd_script_test)
{
	char	 file[512], fx[512], lib[512];

	path_of(lib, sizeof(lib), "lib");
	path_of(file, sizeof(file), "fixture-http.lua");
	path_of(fx, sizeof(fx), "fixtures/fixture-http/match");
	ASSERT_EQ(run_test_cmd(file, fx, lib), EXIT_OK);
	path_of(fx, sizeof(fx), "fixtures/fixture-http/mismatch");
	ASSERT_EQ(run_test_cmd(file, fx, lib), EXIT_PROBLEMS);
	ASSERT_EQ(run_test_cmd(file, "/nonexistent-fixture", lib),
	    EXIT_USAGE);
	path_of(fx, sizeof(fx), "fixtures/fixture-http/match");
	path_of(file, sizeof(file), "sandbox-os-execute.lua");
	ASSERT_EQ(run_test_cmd(file, fx, lib), EXIT_USAGE); /* script fails */
	path_of(file, sizeof(file), "meta-bad-safety.lua");
	ASSERT_EQ(run_test_cmd(file, fx, lib), EXIT_USAGE); /* broken */
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}

TEST_IMPL(lua_cmd_script_check)
{
	char		 a[512], b[512];
	const char	*argv[5];

	/* getopt_long permutes argv: build it afresh for every call. */
	path_of(a, sizeof(a), "sandbox-good.lua");
	path_of(b, sizeof(b), "fixture-http.lua");
	argv[0] = "script";
	argv[1] = "check";
	argv[2] = a;
	argv[3] = b;
	argv[4] = NULL;
	ASSERT_EQ(run_cmd(4, argv), EXIT_OK);
	path_of(b, sizeof(b), "meta-syntax-error.lua");
	argv[2] = a;
	argv[3] = b;
	ASSERT_EQ(run_cmd(4, argv), EXIT_PROBLEMS);
	argv[2] = a;
	argv[3] = "/nonexistent.lua";
	ASSERT_EQ(run_cmd(4, argv), EXIT_USAGE);
	ASSERT_EQ(run_cmd(2, argv), EXIT_USAGE);
	return 0;
}

/*
 * Check that require's fixed table is exactly the *.lua files of lib:
 * every module's file exists, and every file is a module "iomt.<stem>".
 */
static int
lib_matches_dir(const char *lib)
{
	char		 path[1024], name[300];
	const char	*m, *f;
	struct dirent	*de;
	DIR		*d;
	size_t		 i, len, nfiles = 0;

	for (i = 0; (m = sandbox_lib_name(i)) != NULL; i++) {
		f = sandbox_lib_file(m);
		ASSERT_NOT_NULL(f);
		snprintf(path, sizeof(path), "%s/%s", lib, f);
		if (access(path, R_OK) != 0) {
			fprintf(stderr, "  %s: in require's table, not in "
			    "lua/\n", f);
			return -1;
		}
	}
	ASSERT((d = opendir(lib)) != NULL);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		nfiles++;
		snprintf(name, sizeof(name), "iomt.%.*s", (int)(len - 4),
		    de->d_name);
		f = sandbox_lib_file(name);
		if (f == NULL || strcmp(f, de->d_name) != 0) {
			fprintf(stderr, "  lua/%s: not in require's table "
			    "(src/script/sandbox-env.c)\n", de->d_name);
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	ASSERT_EQ(nfiles, i);
	return 0;
}

TEST_IMPL(lua_shipped_scripts_load)
{
	char			 dir[512], lib[512];
	struct script_env	*env = NULL;
	struct script_host	 host;
	struct tres		 tr;
	size_t			 i;

	snprintf(dir, sizeof(dir), "%s/probes", test_srcdir());
	snprintf(lib, sizeof(lib), "%s/lua", test_srcdir());
	ASSERT_EQ(lib_matches_dir(lib), 0);
	ASSERT_EQ(script_env_load(dir, lib, NULL, NULL, 0, &env), 0);
	for (i = 0; i < script_env_count(env); i++)
		if (info(env, i)->disabled)
			fprintf(stderr, "  %s\n", info(env, i)->error);
	ASSERT_EQ(script_env_enabled(env), script_env_count(env));
	/* Every script survives a host where every exchange times out. */
	test_host(&host);
	memset(&tr, 0, sizeof(tr));
	ASSERT_EQ(script_run_host(env, &host, NULL, tres_done, &tr), 0);
	ASSERT_EQ(tr.calls, 1);
	ASSERT_EQ(tr.res.n_errors, 0);
	script_env_free(env);
	ASSERT_EQ(sandbox_leaked_bytes(), 0);
	return 0;
}
