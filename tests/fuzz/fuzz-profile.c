/*
 * fuzz-profile.c - libFuzzer target for the fragile-device profile parser
 * and matcher (src/safety/profile-parse.c, profile-match.c) and the
 * saved-plan reader (src/engine/plan.c).
 *
 * Profiles and plans are files a site edits by hand; a typo must give a
 * "file:line" error, never a crash, and patterns that would make regcomp
 * blow up must be refused.  Each input is parsed as a profile file, then
 * every profile it yields is matched against a few fixed facts; the same
 * bytes are also read as a saved plan.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "iomt/engine.h"
#include "iomt/safety.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile_set *ps;
	struct policy_facts f;
	struct observation o[2];
	struct policy_port port = { 1, 24005 };
	struct plan	*pl = NULL;
	uint8_t		 mac[6] = { 0x00, 0x09, 0xfb, 0x01, 0x02, 0x03 };
	char		 err[256], why[256];
	size_t		 i;

	ps = profile_set_new();
	profile_set_load_buf(ps, "fuzz", (const char *)data, size,
	    (size & 1) != 0, err, sizeof(err));
	memset(&f, 0, sizeof(f));
	memset(o, 0, sizeof(o));
	f.mac = mac;
	f.prior_class = "infusion-pump";
	f.prior_vendor = "Baxter";
	o[0].proto = "tcp";
	o[0].port = 21;
	o[0].key = "banner";
	o[0].value = "220 VxWorks FTP server ready";
	o[1].proto = "tcp";
	o[1].port = 104;
	o[1].key = "dicom.impl_uid";
	o[1].value = "1.3.46.670589.11";
	f.obs = o;
	f.n_obs = 2;
	f.open = &port;
	f.n_open = 1;
	for (i = 0; i < profile_set_count(ps); i++) {
		const struct profile *pr = profile_set_get(ps, i);

		profile_match(pr, &f, &o[0], why, sizeof(why));
		profile_sigs_str(pr, "  ", err, sizeof(err));
	}
	profile_set_free(ps);
	if (plan_load_buf((const char *)data, size, &pl, err,
	    sizeof(err)) == 0) {
		plan_permits(pl, 0xc6120005, "tcp", 80, SAFETY_K_CONNECT);
		plan_permits(pl, 0xc6120005, NULL, 0, SAFETY_K_ARP);
	}
	plan_free(pl);
	return 0;
}
