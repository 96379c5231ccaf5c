/*
 * test-snmp-allow.c - unit tests of "allow snmp" (docs/POLICY.md,
 * "Allowing SNMP"): the site policy's subnet and host lines and the
 * fragile profiles' directive parse, bad ones are refused with file:line,
 * and the decision lets udp/161 through to a medical-maker host only when
 * something allows it and no forbid or low level says otherwise.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/net.h"
#include "runner.h"

/* A gateway profile matching OUI 00:09:FB, and a forbidding one. */
static const char *gw_profiles = "format 1\n"
    "profile gw\n  vendor Philips\n  product IntelliVue gateway\n"
    "  hazard H\n  level standard\n  allow snmp\n  source S\n"
    "  reviewed 2026-11-25\n  match-oui 0009FB\nend\n"
    "profile mute\n  vendor M\n  product P\n  hazard H\n"
    "  level standard\n  forbid udp\n  source S\n  reviewed 2026-11-25\n"
    "  match-oui 5846E1\nend\n";

/* A policy from profile and site text (either NULL); err on failure. */
static struct policy *
snmp_policy(const char *profiles, const char *site, char *err, size_t errlen)
{
	const char	*text[2] = { profiles, site };
	char		 path[2][64];
	struct policy	*p = NULL;
	size_t		 i, n;
	int		 fd, r;

	for (i = 0; i < 2; i++) {
		path[i][0] = '\0';
		if (text[i] == NULL)
			continue;
		snprintf(path[i], sizeof(path[i]), "/tmp/iomt-snmp-XXXXXX");
		if ((fd = mkstemp(path[i])) < 0)
			return NULL;
		n = strlen(text[i]);
		r = write(fd, text[i], n) == (ssize_t)n ? 0 : -1;
		close(fd);
		if (r != 0)
			return NULL;
	}
	r = policy_load(path[0][0] ? path[0] : NULL, NULL,
	    path[1][0] ? path[1] : NULL, &p, err, errlen);
	for (i = 0; i < 2; i++)
		if (path[i][0] != '\0')
			unlink(path[i]);
	return r == 0 ? p : NULL;
}

static int
snmp_ok(const struct host_policy *hp)
{
	return policy_allows(hp, SAFETY_K_UDP, "udp", 161, NULL);
}

TEST_IMPL(snmp_allow_parse)
{
	static const struct {
		const char	*site;
		const char	*want;
	} bad[] = {
		{ "format 1\nsubnet 198.18.3.0/24 allow\n",
		    ":2: subnet: 'allow' needs a value" },
		{ "format 1\nsubnet 198.18.3.0/24 allow dicom\n",
		    ":2: unknown allow word 'dicom' (snmp)" },
		{ "format 1\n\nsubnet 198.18.3.0/24 allow snmp forbid udp\n",
		    ":3: subnet 198.18.3.0/24: 'allow snmp' and 'forbid udp' "
		    "on one line contradict each other" },
		{ "format 1\nhost 198.18.3.0/24 allow snmp\n",
		    ":2: host takes one address such as 198.18.5.7, not "
		    "'198.18.3.0/24'" },
		{ "format 1\nhost\n", ":2: host needs one address" },
		{ "format 1\nhost 198.18.3.7\n",
		    ":2: host 198.18.3.7 sets nothing" },
		{ "format 1\nhost 198.18.3.7 colour red\n",
		    ":2: unknown host setting 'colour'" },
		{ "format 1\nhots 198.18.3.7 allow snmp\n",
		    ":2: unknown keyword 'hots' (did you mean 'host'?)" },
		{ NULL, NULL }
	};
	static const char *bad_prof[] = {
		"  allow\n", "  allow snmp telnet\n", NULL
	};
	struct profile_set *ps;
	const struct profile *pr;
	struct policy	*p;
	char		 err[512], text[1024], words[64];
	size_t		 i;

	p = snmp_policy(gw_profiles, "format 1\n"
	    "subnet 198.18.3.0/24 level standard allow snmp\n"
	    "host 198.18.4.9 allow snmp rate 1\n", err, sizeof(err));
	if (p == NULL)
		fprintf(stderr, "  %s\n", err);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(policy_subnet_count(p), 2);
	ASSERT_STR_EQ(policy_subnet_text(p, 1),
	    "host 198.18.4.9 allow snmp rate 1");
	policy_free(p);
	for (i = 0; bad[i].site != NULL; i++) {
		p = snmp_policy(NULL, bad[i].site, err, sizeof(err));
		if (p != NULL || strstr(err, bad[i].want) == NULL) {
			fprintf(stderr, "  case %zu: got \"%s\", want \"%s\"\n",
			    i, err, bad[i].want);
			policy_free(p);
			return 1;
		}
	}
	/* The profile directive, and its words. */
	ps = profile_set_new();
	ASSERT_EQ(profile_set_load_buf(ps, "t.conf", gw_profiles,
	    strlen(gw_profiles), 0, err, sizeof(err)), 0);
	ASSERT_NOT_NULL(pr = profile_set_find(ps, "gw"));
	ASSERT_EQ(pr->allow, POLICY_A_SNMP);
	ASSERT_STR_EQ(profile_allow_str(pr->allow, words, sizeof(words)),
	    "snmp");
	ASSERT_EQ(profile_set_find(ps, "mute")->allow, 0);
	ASSERT_STR_EQ(profile_allow_str(0, words, sizeof(words)), "-");
	profile_set_free(ps);
	for (i = 0; bad_prof[i] != NULL; i++) {
		snprintf(text, sizeof(text), "format 1\nprofile x\n  vendor V\n"
		    "  product P\n  hazard H\n  level gentle\n%s  source S\n"
		    "  reviewed 2026-11-25\n  match-oui 001221\nend\n",
		    bad_prof[i]);
		ps = profile_set_new();
		ASSERT(profile_set_load_buf(ps, "t.conf", text, strlen(text),
		    0, err, sizeof(err)) != 0);
		ASSERT_NOT_NULL(strstr(err, "t.conf:7: "));
		ASSERT_NOT_NULL(strstr(err, "allow"));
		profile_set_free(ps);
	}
	return 0;
}

TEST_IMPL(snmp_allow_decide)
{
	static const uint8_t philips[6] = { 0x00, 0x09, 0xfb, 1, 2, 3 };
	static const uint8_t baxter[6] = { 0x58, 0x46, 0xe1, 0, 0, 1 };
	static const uint8_t other[6] = { 0x00, 0x12, 0x21, 0, 0, 2 };
	struct policy	*p;
	struct policy_facts f;
	struct host_policy hp, before;
	char		 err[512], js[2048];

	p = snmp_policy(gw_profiles, "format 1\n"
	    "subnet 198.18.3.0/24 allow snmp\n"
	    "# per address\n"
	    "host 198.18.4.9 allow snmp\n"
	    "subnet 198.18.5.0/24 allow snmp\n"
	    "subnet 198.18.5.0/24 forbid udp\n"
	    "subnet 198.18.6.0/24 level gentle allow snmp\n"
	    "subnet 198.18.7.0/24 level passive allow snmp\n",
	    err, sizeof(err));
	if (p == NULL)
		fprintf(stderr, "  %s\n", err);
	ASSERT_NOT_NULL(p);
	memset(&f, 0, sizeof(f));
	f.mac = other;
	f.oui_class = OUI_CLASS_MEDICAL;
	f.oui_vendor = "B. Braun";

	/* Medical maker, no allow anywhere: no SNMP. */
	ASSERT_EQ(target_aton("198.18.9.1", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.allow, 0);
	ASSERT_EQ(snmp_ok(&hp), 0);
	ASSERT_NULL(strstr(hp.reason, "SNMP"));
	/* The same without any policy at all. */
	policy_decide(NULL, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 0);

	/* Allowed by a subnet line, named with its line number. */
	ASSERT_EQ(target_aton("198.18.3.20", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.allow, POLICY_A_SNMP);
	ASSERT_EQ(snmp_ok(&hp), 1);
	ASSERT_NOT_NULL(strstr(hp.reason, "SNMP allowed by site policy "
	    "line 2 (subnet 198.18.3.0/24)"));
	/* Only SNMP: other UDP, TCP limits and the pace stay. */
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 162, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 23, NULL), 0);
	ASSERT(hp.pps <= 2.0);
	ASSERT_EQ(hp.conns, 1);
	ASSERT(hp.forbid & POLICY_F_UDP);
	ASSERT_EQ(policy_to_json(&hp, js, sizeof(js)), 0);
	ASSERT_NOT_NULL(strstr(js, "\"allow\":[\"snmp\"]"));
	/* An allowed policy is not within one without the allow. */
	before = hp;
	before.allow = 0;
	ASSERT(!policy_within(&hp, &before));
	ASSERT(policy_within(&before, &hp));

	/* Allowed by address; the neighbour is not. */
	ASSERT_EQ(target_aton("198.18.4.9", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 1);
	ASSERT_NOT_NULL(strstr(hp.reason, "SNMP allowed by site policy "
	    "line 4 (host 198.18.4.9)"));
	ASSERT_EQ(target_aton("198.18.4.10", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 0);

	/* Allowed by a gateway profile (matched by its OUI). */
	f.mac = philips;
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 1);
	ASSERT_NOT_NULL(strstr(hp.reason, "SNMP allowed by profile gw"));
	f.mac = other;

	/* forbid udp on another line for the same host wins. */
	ASSERT_EQ(target_aton("198.18.5.5", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.allow, 0);
	ASSERT_EQ(snmp_ok(&hp), 0);
	ASSERT_NOT_NULL(strstr(hp.reason, "not applied: a 'forbid udp' "
	    "wins"));
	/* A profile that forbids udp beats a site allow. */
	ASSERT_EQ(target_aton("198.18.3.21", &f.ip), 0);
	f.mac = baxter;
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 0);
	f.mac = other;

	/* Gentle and passive win over the allow. */
	ASSERT_EQ(target_aton("198.18.6.6", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_GENTLE);
	ASSERT_EQ(snmp_ok(&hp), 0);
	ASSERT_NOT_NULL(strstr(hp.reason, "level gentle sends no UDP"));
	ASSERT_EQ(target_aton("198.18.7.7", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_PASSIVE);
	ASSERT_EQ(snmp_ok(&hp), 0);
	/* and so does the scan's own level */
	ASSERT_EQ(target_aton("198.18.3.20", &f.ip), 0);
	policy_decide(p, LEVEL_GENTLE, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 0);

	/* A profile matched mid-scan that forbids udp withdraws it. */
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(snmp_ok(&hp), 1);
	f.mac = baxter;
	ASSERT_EQ(policy_tighten(p, &f, "banner", "x", 80, &hp), 1);
	ASSERT_EQ(snmp_ok(&hp), 0);
	ASSERT_NOT_NULL(strstr(hp.reason, "SNMP allow withdrawn: profile "
	    "mute forbids udp"));
	policy_free(p);
	return 0;
}
