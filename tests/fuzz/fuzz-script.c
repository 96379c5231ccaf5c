/*
 * fuzz-script.c - libFuzzer target for the path that hands device bytes
 * to the probe scripts.
 *
 * Every shipped script (the probes/ directory, with the lua/ library) is
 * loaded once into the real sandbox.  For each input, one host is run
 * through script_run_host() with the input as the value of every
 * observation the scripts look at (made printable, as the engine stores
 * them) and as the raw reply to every exchange a script asks for.  Crashes, sanitizer
 * reports and leaks are bugs in the runtime; a script disabled by an
 * error or a budget trip is a bug in that script (or library), reported
 * and aborted on when IOMT_FUZZ_STRICT is set, otherwise the scripts are
 * reloaded and fuzzing goes on.  Run: CC=clang ./configure
 * --enable-fuzzing && make tests/fuzz/fuzz-script &&
 * ./tests/fuzz/fuzz-script -max_total_time=600 (docs/HACKING.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/script.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct script_env *fz_env;

static const char *const fz_keys[] = {
	"banner", "ssh.banner", "ftp.banner", "telnet.banner", "http.status",
	"http.server", "http.title", "http.realm", "http.location",
	"http.login_form", "dicom.state", "dicom.impl_uid",
	"dicom.impl_version", "dicom.called_ae", "snmp.sysdescr",
	"snmp.sysobjectid", "snmp.sysname", "snmp.community", "mqtt.connack",
	"hl7.mllp", "smb.dialect", "rdp.protocol", "vnc.version", NULL
};

static const uint8_t	*fz_data;
static size_t		 fz_size;

static int
fz_exchange(void *ctx, const struct script_xreq *req, script_xdone_fn done,
    void *token)
{
	(void)ctx;
	(void)req;
	done(token, 0, NULL, fz_data, fz_size);
	return 0;
}

static void
fz_done(void *arg, const struct script_result *res)
{
	(void)res;
	*(int *)arg = 1;
}

static void
fz_load(void)
{
	const char	*src = getenv("IOMT_SRCDIR");
	char		 probes[4096], lua[4096];

	if (src == NULL)
		src = IOMT_SRCDIR;
	snprintf(probes, sizeof(probes), "%s/probes", src);
	snprintf(lua, sizeof(lua), "%s/lua", src);
	if (script_env_load(probes, lua, NULL, NULL, 0, &fz_env) != 0) {
		fprintf(stderr, "fuzz-script: cannot load %s\n", probes);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 text[4096];
	static const int	 tcp[] = { 21, 22, 23, 80, 104, 443, 1883,
	    2575, 3389, 4242, 445, 5900, 8042, 8080, 11112 };
	struct script_fact_service svc[sizeof(tcp) / sizeof(tcp[0]) + 1];
	struct observation	 obs[64];
	struct script_host	 host;
	struct script_io	 io = { fz_exchange, NULL };
	size_t			 i, n = 0;
	int			 done = 0;

	if (fz_env == NULL) {
		log_set_level(LOG_LVL_ERROR);
		fz_load();
	}
	fz_data = data;
	fz_size = size;
	str_printable(text, sizeof(text), data, size);

	memset(&host, 0, sizeof(host));
	host.ip = "198.18.0.99";
	host.mac = "00:09:fb:01:02:03";
	host.oui_vendor = text;
	host.oui_class = "medical";
	host.oui_label = "Fuzz Label";
	host.level = LEVEL_STANDARD;
	for (i = 0; i < sizeof(tcp) / sizeof(tcp[0]); i++) {
		svc[i].proto = "tcp";
		svc[i].port = tcp[i];
		svc[i].state = "open";
		svc[i].service = NULL;
		svc[i].banner = text;
	}
	svc[i].proto = "udp";
	svc[i].port = 161;
	svc[i].state = "open";
	svc[i].service = "snmp";
	svc[i].banner = NULL;
	host.svc = svc;
	host.n_svc = i + 1;
	for (i = 0; fz_keys[i] != NULL && n + 2 <= 64; i++) {
		obs[n].proto = "tcp";
		obs[n].port = 80;
		obs[n].probe = "fuzz";
		obs[n].key = fz_keys[i];
		obs[n].value = text;
		n++;
		obs[n] = obs[n - 1];
		obs[n].port = 104;
		n++;
	}
	host.obs = obs;
	host.n_obs = n;

	if (script_run_host(fz_env, &host, &io, fz_done, &done) != 0 || !done)
		abort();
	if (script_env_enabled(fz_env) != script_env_count(fz_env)) {
		struct script_info	 si;

		for (i = 0; i < script_env_count(fz_env); i++) {
			script_env_info(fz_env, i, &si);
			if (si.disabled)
				fprintf(stderr, "fuzz-script: %s\n", si.error);
		}
		if (getenv("IOMT_FUZZ_STRICT") != NULL)
			abort();
		fz_env = script_env_free(fz_env);
	}
	return 0;
}
