/*
 * test-policy.c - unit tests of the fragile-device profiles, the policy
 * engine and saved plans.
 *
 * These are the rules that keep fragile devices safe, so each is tested
 * the way it could fail: a profile file that is subtly wrong must be
 * refused with its line number; matching must work on OUI prefixes of
 * every registry length, banner patterns and DICOM UID roots and nothing
 * else; a new observation may only ever tighten a policy; exclusions and
 * passive subnets must beat everything; and a saved plan must not permit
 * more than it planned.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/net.h"
#include "runner.h"

#define HEAD "format 1\n"

/* A minimal valid profile with extra lines inserted. */
#define PROF(id, extra)							\
	"profile " id "\n"						\
	"  vendor   V\n"						\
	"  product  P\n"						\
	"  hazard   H\n"						\
	"  level    passive\n"						\
	"  source   S\n"						\
	"  reviewed 2026-11-25\n"					\
	extra								\
	"end\n"

static int
load(struct profile_set *ps, const char *text, int local, char *err,
    size_t errlen)
{
	return profile_set_load_buf(ps, "t.conf", text, strlen(text), local,
	    err, errlen);
}

/* Write text to a new temporary file; the path goes to buf. */
static int
tmpfile_with(const char *text, char *buf, size_t len)
{
	int	 fd;
	size_t	 n = strlen(text);

	snprintf(buf, len, "/tmp/iomt-test-XXXXXX");
	if ((fd = mkstemp(buf)) < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

TEST_IMPL(profile_parse_good)
{
	struct profile_set *ps = profile_set_new();
	const struct profile *pr;
	char		 err[256], buf[2048];

	ASSERT_EQ(load(ps, HEAD "# comment\n\n"
	    "profile philips-x\n"
	    "  vendor     Philips\n"
	    "  product    IntelliVue   # trailing comment\n"
	    "  versions   Rev B..M\n"
	    "  class      patient-monitor\n"
	    "  match-oui  0009FB 00:09:5c\n"
	    "  match-port udp/24005\n"
	    "  match-banner ^220 .*VxWorks # not a comment\n"
	    "  match-dicom-uid-root 1.3.46.670589\n"
	    "  match-sysobjectid-prefix 1.3.6.1.4.1.9999\n"
	    "  hazard     crashes\n"
	    "  hazard     on UDP\n"
	    "  level      gentle\n"
	    "  ports      tcp/80 tcp/443\n"
	    "  forbid     udp ftp\n"
	    "  forbid     tls\n"
	    "  rate       1.5\n"
	    "  conns      1\n"
	    "  gap        2000\n"
	    "  source     ICSMA-18-156-01\n"
	    "  note       (verify)\n"
	    "  reviewed   2026-11-25\n"
	    "end\n", 0, err, sizeof(err)), 0);
	ASSERT_EQ(profile_set_count(ps), 1);
	pr = profile_set_find(ps, "philips-x");
	ASSERT_NOT_NULL(pr);
	ASSERT_STR_EQ(pr->vendor, "Philips");
	ASSERT_STR_EQ(pr->product, "IntelliVue");
	ASSERT_STR_EQ(pr->hazard, "crashes on UDP");
	ASSERT_STR_EQ(pr->device_class, "patient-monitor");
	ASSERT_STR_EQ(pr->reviewed, "2026-11-25");
	ASSERT_STR_EQ(pr->origin, "t.conf:4");
	ASSERT_EQ(pr->level, LEVEL_GENTLE);
	ASSERT_EQ(pr->restrict_ports, 1);
	ASSERT_EQ(pr->n_ports, 2);
	ASSERT_EQ(pr->ports[1], 443);
	ASSERT_EQ(pr->forbid, POLICY_F_UDP | POLICY_F_FTP | POLICY_F_TLS);
	ASSERT(pr->pps > 1.49 && pr->pps < 1.51);
	ASSERT_EQ(pr->conns, 1);
	ASSERT_EQ(pr->gap_ms, 2000);
	ASSERT_EQ(pr->n_sigs, 6);
	profile_sigs_str(pr, "", buf, sizeof(buf));
	ASSERT_NOT_NULL(strstr(buf, "^220 .*VxWorks # not a comment"));
	ASSERT_NOT_NULL(strstr(buf, "0009FB 00:09:5c"));
	profile_set_free(ps);
	return 0;
}

TEST_IMPL(profile_parse_errors)
{
	static const struct {
		const char	*text;
		const char	*want;	/* "t.conf:N: ..." fragment */
	} cases[] = {
		{ PROF("a", ""), "t.conf:1: the file must start with" },
		{ "format 2\n", "t.conf:1: format 2 is not supported" },
		{ HEAD "vendor X\n", "t.conf:2: 'vendor' outside a profile" },
		{ HEAD "profile Bad_Id\n", "t.conf:2: bad profile id" },
		{ HEAD PROF("a", "  colour red\n"),
		    "t.conf:9: unknown keyword 'colour'" },
		{ HEAD PROF("a", "  level loud\n"),
		    "t.conf:9: level given twice" },
		{ HEAD "profile a\n  level loud\n",
		    "t.conf:3: unknown level 'loud'" },
		{ HEAD PROF("a", "  match-oui 0009F\n"),
		    "t.conf:9: match-oui needs 6 to 12 hex digits" },
		{ HEAD PROF("a", "  match-oui 0009FG\n"),
		    "t.conf:9: match-oui needs 6 to 12 hex digits" },
		{ HEAD PROF("a", "  match-port tcp/0\n"),
		    "t.conf:9: match-port needs tcp/PORT" },
		{ HEAD PROF("a", "  match-port sctp/80\n"),
		    "t.conf:9: match-port needs tcp/PORT" },
		{ HEAD PROF("a", "  match-banner (unclosed\n"),
		    "t.conf:9: match-banner: bad pattern" },
		{ HEAD PROF("a", "  match-banner (a{1,200}){1,200}\n"),
		    "t.conf:9: match-banner pattern: repetition bounds" },
		{ HEAD PROF("a", "  match-dicom-uid-root 1..2\n"),
		    "t.conf:9: match-dicom-uid-root needs dotted numbers" },
		{ HEAD PROF("a", "  match-class toaster\n"),
		    "t.conf:9: unknown device class 'toaster'" },
		{ HEAD PROF("a", "  forbid everything\n"),
		    "t.conf:9: unknown forbid word 'everything'" },
		{ HEAD PROF("a", "  rate 5000\n"),
		    "t.conf:9: rate must be packets/s" },
		{ HEAD PROF("a", "  conns 9\n"), "t.conf:9: conns must be" },
		{ HEAD PROF("a", "  ports udp/161\n"),
		    "t.conf:9: ports lists tcp/PORT" },
		{ HEAD "profile a\n  match-oui 0009FB\nend\n",
		    "t.conf:4: profile a has no vendor" },
		{ HEAD "profile a\n  vendor V\n  product P\n  level passive\n"
		    "  source S\n  reviewed 2026-01-01\n  match-oui 0009FB\n"
		    "end\n", "t.conf:9: profile a has no hazard" },
		{ HEAD PROF("a", ""), "t.conf:9: profile a has no match-*" },
		{ HEAD PROF("a", "  match-oui 0009FB\n") PROF("a",
		    "  match-oui 0009FB\n"),
		    "t.conf:11: profile a defined twice (first at t.conf:2)" },
		{ HEAD "profile a\n  vendor V\n",
		    "t.conf:3: profile a is not closed" },
		{ HEAD "profile a\nprofile b\n",
		    "t.conf:3: profile a is not closed" },
		{ HEAD "profile a\n  reviewed 25.11.2026\n",
		    "t.conf:3: reviewed must be a date" },
		{ HEAD "profile a\n  vendor \x01\n",
		    "t.conf:3: control character 0x01" },
		{ NULL, NULL }
	};
	struct profile_set *ps;
	char		 err[512];
	size_t		 i;

	for (i = 0; cases[i].text != NULL; i++) {
		ps = profile_set_new();
		if (load(ps, cases[i].text, 0, err, sizeof(err)) !=
		    IOMT_EINVAL || strstr(err, cases[i].want) == NULL) {
			fprintf(stderr, "  case %zu: got \"%s\", want \"%s\"\n",
			    i, err, cases[i].want);
			profile_set_free(ps);
			return 1;
		}
		ASSERT_EQ(profile_set_count(ps), 0);
		profile_set_free(ps);
	}
	return 0;
}

TEST_IMPL(profile_long_line)
{
	struct profile_set *ps = profile_set_new();
	char		*text, err[256];
	size_t		 n = PROFILE_LINE_MAX + 64;

	text = malloc(n + 32);
	ASSERT_NOT_NULL(text);
	snprintf(text, n + 32, HEAD "profile a\n  vendor ");
	memset(text + strlen(text), 'x', n);
	text[n + 10] = '\0';
	ASSERT_EQ(load(ps, text, 0, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_NOT_NULL(strstr(err, "t.conf:3: line longer than"));
	free(text);
	profile_set_free(ps);
	return 0;
}

static int
match_mac(const struct profile_set *ps, const char *id, const char *macs)
{
	struct policy_facts f;
	uint8_t		 mac[6];

	memset(&f, 0, sizeof(f));
	if (mac_parse(macs, mac) != 0)
		return -1;
	f.mac = mac;
	return profile_match(profile_set_find(ps, id), &f, NULL, NULL, 0);
}

TEST_IMPL(profile_match_oui_lengths)
{
	struct profile_set *ps = profile_set_new();
	char		 err[256];

	ASSERT_EQ(load(ps, HEAD
	    PROF("mal", "  match-oui 0009FB\n")
	    PROF("mam", "  match-oui 50A0308\n")
	    PROF("mas", "  match-oui 70B3D536A\n")
	    PROF("full", "  match-oui 00:09:fb:01:02:03\n"),
	    0, err, sizeof(err)), 0);
	/* MA-L: 24 bits */
	ASSERT_EQ(match_mac(ps, "mal", "00:09:fb:aa:bb:cc"), 1);
	ASSERT_EQ(match_mac(ps, "mal", "00:09:fc:aa:bb:cc"), 0);
	/* MA-M: 28 bits; the 7th digit matters, the 8th does not */
	ASSERT_EQ(match_mac(ps, "mam", "50:a0:30:8f:ff:ff"), 1);
	ASSERT_EQ(match_mac(ps, "mam", "50:a0:30:80:00:00"), 1);
	ASSERT_EQ(match_mac(ps, "mam", "50:a0:30:9f:ff:ff"), 0);
	/* MA-S: 36 bits */
	ASSERT_EQ(match_mac(ps, "mas", "70:b3:d5:36:af:ff"), 1);
	ASSERT_EQ(match_mac(ps, "mas", "70:b3:d5:36:bf:ff"), 0);
	ASSERT_EQ(match_mac(ps, "mas", "70:b3:d5:37:a0:00"), 0);
	/* a whole MAC */
	ASSERT_EQ(match_mac(ps, "full", "00:09:fb:01:02:03"), 1);
	ASSERT_EQ(match_mac(ps, "full", "00:09:fb:01:02:04"), 0);
	/* no MAC, no OUI match */
	{
		struct policy_facts f;

		memset(&f, 0, sizeof(f));
		ASSERT_EQ(profile_match(profile_set_find(ps, "mal"), &f, NULL,
		    NULL, 0), 0);
	}
	ASSERT_EQ(profile_oui_match("0009fb", (const uint8_t *)
	    "\x00\x09\xfb\x00\x00\x00"), 1);
	ASSERT_EQ(profile_oui_match("0009f", (const uint8_t *)
	    "\x00\x09\xfb\x00\x00\x00"), 0);
	profile_set_free(ps);
	return 0;
}

TEST_IMPL(profile_match_locally_administered)
{
	struct profile_set *ps = profile_set_new();
	char		 err[256];

	/* 02:... is a random/virtual MAC: it names no maker. */
	ASSERT_EQ(load(ps, HEAD PROF("la", "  match-oui 020000\n"), 0, err,
	    sizeof(err)), 0);
	ASSERT_EQ(match_mac(ps, "la", "02:00:00:01:02:03"), 0);
	profile_set_free(ps);
	return 0;
}

static int
match_obs(const struct profile_set *ps, const char *id, const char *proto,
    uint16_t port, const char *key, const char *value, char *why,
    size_t whylen)
{
	struct policy_facts f;
	struct observation o;

	memset(&f, 0, sizeof(f));
	memset(&o, 0, sizeof(o));
	o.proto = proto;
	o.port = port;
	o.key = key;
	o.value = value;
	return profile_match(profile_set_find(ps, id), &f, &o, why, whylen);
}

TEST_IMPL(profile_match_banner)
{
	struct profile_set *ps = profile_set_new();
	char		 err[256], why[256];

	ASSERT_EQ(load(ps, HEAD
	    PROF("vx", "  match-banner VxWorks|Wind River FTP server\n"
	    "  match-http-server ^WindWeb/\n")
	    PROF("obs", "  match-obs dhcp.vendor_class ^Contec\n"),
	    0, err, sizeof(err)), 0);
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 21, "banner",
	    "220 VxWorks (5.4) FTP server ready", why, sizeof(why)), 1);
	ASSERT_NOT_NULL(strstr(why, "on tcp/21"));
	/* case-insensitive, and keys ending in ".banner" count */
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 23, "telnet.banner",
	    "vxworks login:", NULL, 0), 1);
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 80, "http.server",
	    "WindWeb/1.0", NULL, 0), 1);
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 80, "http.server",
	    "Apache WindWeb/1.0", NULL, 0), 0);
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 21, "banner",
	    "220 ProFTPD ready", NULL, 0), 0);
	/* a banner pattern does not look at other keys */
	ASSERT_EQ(match_obs(ps, "vx", "tcp", 80, "http.title", "VxWorks",
	    NULL, 0), 0);
	ASSERT_EQ(match_obs(ps, "obs", "udp", 68, "dhcp.vendor_class",
	    "Contec CMS8000", NULL, 0), 1);
	ASSERT_EQ(match_obs(ps, "obs", "udp", 68, "dhcp.hostname",
	    "Contec CMS8000", NULL, 0), 0);
	profile_set_free(ps);
	return 0;
}

TEST_IMPL(profile_match_dicom_root)
{
	struct profile_set *ps = profile_set_new();
	char		 err[256];

	ASSERT_EQ(load(ps, HEAD
	    PROF("ph", "  match-dicom-uid-root 1.3.46.670589\n")
	    PROF("oid", "  match-sysobjectid-prefix 1.3.6.1.4.1.9\n"),
	    0, err, sizeof(err)), 0);
	ASSERT_EQ(match_obs(ps, "ph", "tcp", 104, "dicom.impl_uid",
	    "1.3.46.670589", NULL, 0), 1);
	ASSERT_EQ(match_obs(ps, "ph", "tcp", 104, "dicom.impl_uid",
	    "1.3.46.670589.11.0.0.51.4", NULL, 0), 1);
	/* not on a component boundary */
	ASSERT_EQ(match_obs(ps, "ph", "tcp", 104, "dicom.impl_uid",
	    "1.3.46.6705890.1", NULL, 0), 0);
	ASSERT_EQ(match_obs(ps, "ph", "tcp", 104, "dicom.impl_uid",
	    "1.2.276.0.7230010.3.0.3.6.7", NULL, 0), 0);
	ASSERT_EQ(match_obs(ps, "ph", "tcp", 104, "dicom.impl_version",
	    "1.3.46.670589", NULL, 0), 0);
	ASSERT_EQ(match_obs(ps, "oid", "udp", 161, "snmp.sysobjectid",
	    ".1.3.6.1.4.1.9.1.516", NULL, 0), 1);
	ASSERT_EQ(match_obs(ps, "oid", "udp", 161, "snmp.sysobjectid",
	    "1.3.6.1.4.1.99.1", NULL, 0), 0);
	profile_set_free(ps);
	return 0;
}

TEST_IMPL(profile_match_all_and_prior)
{
	struct profile_set *ps = profile_set_new();
	struct policy_facts f;
	struct policy_port open[1];
	const struct profile *pr;
	uint8_t		 mac[6] = { 0x00, 0x09, 0xfb, 1, 2, 3 };
	char		 err[256];

	ASSERT_EQ(load(ps, HEAD PROF("both", "  match all\n"
	    "  match-oui 0009FB 7C94B2\n  match-port tcp/21\n"), 0, err,
	    sizeof(err)), 0);
	pr = profile_set_find(ps, "both");
	memset(&f, 0, sizeof(f));
	f.mac = mac;
	ASSERT_EQ(profile_match(pr, &f, NULL, NULL, 0), 0);
	open[0].udp = 0;
	open[0].port = 21;
	f.open = open;
	f.n_open = 1;
	ASSERT_EQ(profile_match(pr, &f, NULL, NULL, 0), 1);
	f.mac = NULL;
	ASSERT_EQ(profile_match(pr, &f, NULL, NULL, 0), 0);
	/* matched in an earlier scan: matches from the first packet */
	f.prior_profile = "other,both";
	ASSERT_EQ(profile_match(pr, &f, NULL, NULL, 0), 1);
	f.prior_profile = "bothx";
	ASSERT_EQ(profile_match(pr, &f, NULL, NULL, 0), 0);
	profile_set_free(ps);
	return 0;
}

TEST_IMPL(profile_local_override)
{
	struct profile_set *ps = profile_set_new();
	const struct profile *pr;
	char		 err[256];

	ASSERT_EQ(load(ps, HEAD PROF("a", "  match-oui 0009FB\n")
	    PROF("b", "  match-oui 001221\n"), 0, err, sizeof(err)), 0);
	/* The shipped file cannot redefine; a local one overrides. */
	ASSERT_EQ(load(ps, HEAD PROF("a", "  match-oui 0009FB\n"), 0, err,
	    sizeof(err)), IOMT_EINVAL);
	ASSERT_NOT_NULL(strstr(err, "already defined"));
	ASSERT_EQ(load(ps, HEAD
	    "profile a\n  vendor Site\n  product P\n  hazard H\n"
	    "  level gentle\n  source S\n  reviewed 2026-12-01\n"
	    "  match-oui 0009FB\nend\n" PROF("c", "  match-oui 00A09A\n"), 1,
	    err, sizeof(err)), 0);
	ASSERT_EQ(profile_set_count(ps), 3);
	pr = profile_set_get(ps, 0);
	ASSERT_STR_EQ(pr->id, "a");
	ASSERT_STR_EQ(pr->vendor, "Site");
	ASSERT_EQ(pr->local, 1);
	ASSERT_EQ(pr->level, LEVEL_GENTLE);
	ASSERT_STR_EQ(profile_set_get(ps, 2)->id, "c");
	/* A bad local file changes nothing. */
	ASSERT_EQ(load(ps, HEAD PROF("b", "  match-oui 001221\n")
	    "profile d\n", 1, err, sizeof(err)), IOMT_EINVAL);
	ASSERT_EQ(profile_set_count(ps), 3);
	ASSERT_STR_EQ(profile_set_find(ps, "b")->vendor, "V");
	ASSERT_EQ(profile_set_find(ps, "b")->local, 0);
	profile_set_free(ps);
	return 0;
}

/* A policy from profile text and policy-file text (either may be NULL). */
static struct policy *
mkpolicy(const char *profiles, const char *site, char *err, size_t errlen)
{
	char		 p1[64], p2[64];
	struct policy	*p = NULL;
	int		 r;

	p1[0] = p2[0] = '\0';
	if (profiles != NULL && tmpfile_with(profiles, p1, sizeof(p1)) != 0)
		return NULL;
	if (site != NULL && tmpfile_with(site, p2, sizeof(p2)) != 0)
		return NULL;
	r = policy_load(p1[0] ? p1 : NULL, NULL, p2[0] ? p2 : NULL, &p, err,
	    errlen);
	if (p1[0])
		unlink(p1);
	if (p2[0])
		unlink(p2);
	return r == 0 ? p : NULL;
}

static const char *vx_profiles = HEAD
    "profile vx\n  vendor Wind River\n  product P\n  hazard H\n"
    "  level gentle\n  forbid payload\n  rate 2\n  ports tcp/80 tcp/21\n"
    "  source S\n  reviewed 2026-11-25\n  match-banner VxWorks\nend\n"
    "profile loose\n  vendor L\n  product P\n  hazard H\n"
    "  level clinical\n  rate 40\n  source S\n  reviewed 2026-11-25\n"
    "  match-banner Apache\nend\n"
    "profile pump\n  vendor Baxter\n  product Spectrum\n  hazard H\n"
    "  class infusion-pump\n  level passive\n  source S\n"
    "  reviewed 2026-11-25\n  match-oui 5846E1\nend\n";

TEST_IMPL(policy_tighten_only_lowers)
{
	struct policy	*p;
	struct policy_facts f;
	struct host_policy hp, before;
	char		 err[256];

	p = mkpolicy(vx_profiles, NULL, err, sizeof(err));
	ASSERT_NOT_NULL(p);
	memset(&f, 0, sizeof(f));
	f.ip = 0xc6120005;
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_STANDARD);
	ASSERT_EQ(hp.restrict_ports, 0);
	/* A looser profile (clinical, 40/s) changes nothing. */
	before = hp;
	ASSERT_EQ(policy_tighten(p, &f, "banner", "Apache/2.4", 80, &hp), 0);
	ASSERT_EQ(hp.level, before.level);
	ASSERT(hp.pps == before.pps);
	ASSERT(policy_within(&hp, &before));
	/* A VxWorks banner lowers it. */
	ASSERT_EQ(policy_tighten(p, &f, "banner", "220 VxWorks FTP", 21,
	    &hp), 1);
	ASSERT_EQ(hp.level, LEVEL_GENTLE);
	ASSERT(hp.pps <= 2.0);
	ASSERT_EQ(hp.restrict_ports, 1);
	ASSERT_EQ(hp.n_ports, 2);
	ASSERT_STR_EQ(hp.profile, "vx");
	ASSERT_NOT_NULL(strstr(hp.reason, "profile vx"));
	ASSERT(policy_within(&hp, &before));
	ASSERT(!policy_within(&before, &hp));
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_PAYLOAD, "tcp", 80, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 443, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 80, NULL), 1);
	/* Same again: nothing new. */
	before = hp;
	ASSERT_EQ(policy_tighten(p, &f, "banner", "220 VxWorks FTP", 21,
	    &hp), 0);
	ASSERT_EQ(memcmp(&before, &hp, sizeof(hp)), 0);
	/* A medical host's clinical list intersects with the profile's. */
	f.oui_class = OUI_CLASS_MEDICAL;
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.restrict_ports, 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 21, NULL), 0);
	ASSERT_EQ(policy_tighten(p, &f, "banner", "VxWorks", 80, &hp), 1);
	ASSERT_EQ(hp.n_ports, 1);
	ASSERT_EQ(hp.ports[0], 80);
	policy_free(p);
	return 0;
}

TEST_IMPL(policy_class_defaults)
{
	static const uint8_t dell[6] = { 0x00, 0x14, 0x22, 1, 2, 3 };
	struct policy_facts f;
	struct host_policy hp;

	memset(&f, 0, sizeof(f));
	f.ip = 0xc6120005;
	/* A MAC whose maker is not in the curated table */
	f.mac = dell;
	policy_decide(NULL, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_STANDARD);
	ASSERT_STR_EQ(hp.reason, "standard by the scan's level: no fragile "
	    "signal");
	ASSERT(hp.pps == 10);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 161, NULL), 1);
	/* No MAC at all (routed): the maker is unknown, so no UDP, FTP or
	 * Telnet and the medical pace, but the scan's ports. */
	f.mac = NULL;
	policy_decide(NULL, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_STANDARD);
	ASSERT(hp.pps <= 2.0);
	ASSERT_EQ(hp.restrict_ports, 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 161, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 22, NULL), 1);
	f.mac = dell;
	f.oui_class = OUI_CLASS_MEDICAL;
	policy_decide(NULL, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.conns, 1);
	ASSERT(hp.pps <= 2.0);
	ASSERT(hp.gap_ms >= 1000);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 104, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 22, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 161, NULL), 0);
	f.oui_class = OUI_CLASS_SERIAL;
	policy_decide(NULL, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_GENTLE);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_PAYLOAD, "tcp", 80, NULL), 0);
	/* An identity from last week counts from the first packet. */
	f.oui_class = OUI_CLASS_NONE;
	f.prior_class = "infusion-pump";
	policy_decide(NULL, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.conns, 1);
	ASSERT_EQ(hp.restrict_ports, 1);
	ASSERT_NOT_NULL(strstr(hp.reason, "earlier identity infusion-pump"));
	/* The scan's own lower level is never raised. */
	f.prior_class = NULL;
	policy_decide(NULL, LEVEL_DISCOVERY, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_DISCOVERY);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 80, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_ARP, NULL, 0, NULL), 1);
	return 0;
}

TEST_IMPL(policy_exclusions_win)
{
	struct policy	*p;
	struct policy_facts f;
	struct host_policy hp;
	uint8_t		 mac[6] = { 0x00, 0x09, 0xfb, 1, 2, 3 };
	uint8_t		 pump[6] = { 0x58, 0x46, 0xe1, 0, 0, 1 };
	char		 err[256], why[256];

	p = mkpolicy(vx_profiles, "format 1\n"
	    "exclude 198.18.0.99\n"
	    "exclude range 198.18.1.10-20\n"
	    "exclude mac 00:09:fb:01:02:03   # one monitor\n"
	    "exclude oui 001221\n"
	    "exclude vendor \"Nihon\"\n"
	    "exclude class infusion-pump\n"
	    "subnet 198.18.0.0/16 level clinical rate 40\n", err, sizeof(err));
	if (p == NULL)
		fprintf(stderr, "  %s\n", err);
	ASSERT_NOT_NULL(p);
	memset(&f, 0, sizeof(f));
	ASSERT_EQ(target_aton("198.18.0.99", &f.ip), 0);
	ASSERT_EQ(policy_excluded(p, f.ip, NULL), 1);
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.excluded, 1);
	ASSERT_EQ(hp.level, LEVEL_PASSIVE);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_ARP, NULL, 0, NULL), 0);
	ASSERT_NOT_NULL(strstr(hp.reason, "exclude 198.18.0.99"));
	ASSERT_EQ(target_aton("198.18.1.15", &f.ip), 0);
	ASSERT_EQ(policy_excluded(p, f.ip, NULL), 1);
	ASSERT_EQ(target_aton("198.18.1.21", &f.ip), 0);
	ASSERT_EQ(policy_excluded(p, f.ip, NULL), 0);
	/* by MAC and by OUI */
	ASSERT_EQ(policy_excluded(p, f.ip, mac), 1);
	mac[5] = 4;
	ASSERT_EQ(policy_excluded(p, f.ip, mac), 0);
	ASSERT_EQ(policy_excluded(p, f.ip, (const uint8_t *)
	    "\x00\x12\x21\x00\x00\x01"), 1);
	/* by vendor (registry name or earlier identity) */
	f.oui_vendor = "NIHON KOHDEN AMERICA";
	ASSERT_EQ(policy_excluded_facts(p, &f, why, sizeof(why)), 1);
	ASSERT_STR_EQ(why, "exclude vendor \"Nihon\"");
	f.oui_vendor = NULL;
	f.prior_vendor = "nihon kohden";
	ASSERT_EQ(policy_excluded_facts(p, &f, NULL, 0), 1);
	f.prior_vendor = NULL;
	/* by class: an earlier identity, or the class of a matching
	 * profile (a Baxter OUI matches the "pump" profile) */
	f.prior_class = "infusion-pump";
	ASSERT_EQ(policy_excluded_facts(p, &f, NULL, 0), 1);
	f.prior_class = NULL;
	ASSERT_EQ(policy_excluded_facts(p, &f, NULL, 0), 0);
	f.mac = pump;
	ASSERT_EQ(policy_excluded_facts(p, &f, NULL, 0), 1);
	/* Exclusion wins over a subnet rule that would allow clinical. */
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.excluded, 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 80, NULL), 0);
	/* and an exclusion by profile class found mid-scan */
	f.mac = NULL;
	policy_decide(p, LEVEL_STANDARD, 10, 1, 400, &f, &hp);
	ASSERT_EQ(hp.excluded, 0);
	policy_free(p);
	return 0;
}

TEST_IMPL(policy_subnet_passive)
{
	static const uint8_t dell[6] = { 0x00, 0x14, 0x22, 1, 2, 3 };
	struct policy	*p;
	struct policy_facts f;
	struct host_policy hp;
	char		 err[256];

	p = mkpolicy(vx_profiles, "format 1\n"
	    "subnet 198.18.5.0/24 level passive\n"
	    "subnet 198.18.6.0/24 rate 2 conns 1 gap 1500\n"
	    "subnet 198.18.7.0/24 level gentle ports 80,443 forbid udp,ftp\n",
	    err, sizeof(err));
	if (p == NULL)
		fprintf(stderr, "  %s\n", err);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(policy_subnet_count(p), 3);
	ASSERT_STR_EQ(policy_subnet_text(p, 0),
	    "subnet 198.18.5.0/24 level passive");
	memset(&f, 0, sizeof(f));
	ASSERT_EQ(target_aton("198.18.5.7", &f.ip), 0);
	ASSERT_EQ(policy_subnet_contains(p, 0, f.ip), 1);
	policy_decide(p, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_PASSIVE);
	ASSERT_EQ(hp.excluded, 0);
	ASSERT_NOT_NULL(strstr(hp.reason, "passive by site policy"));
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 80, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 161, NULL), 0);
	ASSERT_EQ(target_aton("198.18.6.7", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_STANDARD);
	ASSERT(hp.pps <= 2.0);
	ASSERT_EQ(hp.conns, 1);
	ASSERT_EQ(hp.gap_ms, 1500);
	ASSERT_EQ(target_aton("198.18.7.7", &f.ip), 0);
	policy_decide(p, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_GENTLE);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 443, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 22, NULL), 0);
	ASSERT_EQ(target_aton("198.18.8.7", &f.ip), 0);
	f.mac = dell;
	policy_decide(p, LEVEL_STANDARD, 10, 2, 400, &f, &hp);
	ASSERT_EQ(hp.level, LEVEL_STANDARD);
	ASSERT(hp.pps == 10);
	policy_free(p);
	return 0;
}

TEST_IMPL(policy_file_errors)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "subnet 198.18.0.0/24 level passive\n",
		    ":1: the file must start with 'format 1'" },
		{ "format 1\nsubnet 198.18.0.0/33 level passive\n",
		    ":2: subnet:" },
		{ "format 1\nsubnet 198.18.0.0/24\n", ":2: subnet "
		    "198.18.0.0/24 sets nothing" },
		{ "format 1\nsubnet 198.18.0.0/24 level loud\n",
		    ":2: unknown level 'loud'" },
		{ "format 1\nsubnet 198.18.0.0/24 rate\n",
		    ":2: subnet: 'rate' needs a value" },
		{ "format 1\nsubnet 198.18.0.0/24 colour red\n",
		    ":2: unknown subnet setting 'colour'" },
		{ "format 1\n\nexclude mac 00:09:fb\n",
		    ":3: exclude mac: bad MAC address" },
		{ "format 1\nexclude oui 0009\n",
		    ":2: exclude oui needs 6 to 12 hex digits" },
		{ "format 1\nexclude vendor \"Baxter\n",
		    ":2: exclude vendor: unbalanced quotes" },
		{ "format 1\nexclude host-name.example\n", ":2: exclude:" },
		{ "format 1\nallow everything\n",
		    ":2: unknown keyword 'allow'" },
		{ NULL, NULL }
	};
	struct policy	*p;
	char		 err[512];
	size_t		 i;

	for (i = 0; cases[i].text != NULL; i++) {
		p = mkpolicy(NULL, cases[i].text, err, sizeof(err));
		if (p != NULL || strstr(err, cases[i].want) == NULL) {
			fprintf(stderr, "  case %zu: got \"%s\", want \"%s\"\n",
			    i, err, cases[i].want);
			policy_free(p);
			return 1;
		}
	}
	return 0;
}

TEST_IMPL(policy_allows_kinds)
{
	struct host_policy hp;

	memset(&hp, 0, sizeof(hp));
	hp.level = LEVEL_GENTLE;
	hp.pps = 10;
	hp.conns = 1;
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 22, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_PAYLOAD, "tcp", 80, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_UDP, "udp", 161, NULL), 0);
	hp.level = LEVEL_STANDARD;
	hp.forbid = POLICY_F_TLS | POLICY_F_FTP;
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_PAYLOAD, "tcp", 80, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_PAYLOAD, "tcp", 443, NULL), 0);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 443, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 21, NULL), 0);
	hp.forbid = POLICY_F_ARP_ONLY;
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_ARP, NULL, 0, NULL), 1);
	ASSERT_EQ(policy_allows(&hp, SAFETY_K_CONNECT, "tcp", 80, NULL), 0);
	return 0;
}

TEST_IMPL(policy_json_shape)
{
	struct host_policy hp;
	json_t		*v;
	json_error_t	 jerr;
	char		 buf[1024];

	memset(&hp, 0, sizeof(hp));
	hp.level = LEVEL_GENTLE;
	hp.restrict_ports = 1;
	hp.ports[0] = 80;
	hp.n_ports = 1;
	hp.forbid = POLICY_F_UDP | POLICY_F_PAYLOAD;
	hp.pps = 2;
	hp.conns = 1;
	snprintf(hp.profile, sizeof(hp.profile), "vx");
	snprintf(hp.reason, sizeof(hp.reason), "a \"quoted\"\nreason");
	ASSERT_EQ(policy_to_json(&hp, buf, sizeof(buf)), 0);
	v = json_loads(buf, JSON_REJECT_DUPLICATES, &jerr);
	ASSERT_NOT_NULL(v);
	ASSERT_STR_EQ(json_string_value(json_object_get(v, "level")), "gentle");
	ASSERT_STR_EQ(json_string_value(json_object_get(v, "reason")),
	    "a \"quoted\"\nreason");
	ASSERT_EQ(json_array_size(json_object_get(v, "forbid")), 2);
	json_decref(v);
	ASSERT_STR_EQ(buf, "{\"level\":\"gentle\",\"ports\":[80],"
	    "\"forbid\":[\"udp\",\"payload\"],\"allow\":[],\"pps\":2.0,"
	    "\"conns\":1,"
	    "\"gap_ms\":0,\"excluded\":false,\"profile\":\"vx\","
	    "\"reason\":\"a \\\"quoted\\\"\\nreason\"}");
	ASSERT_EQ(policy_to_json(&hp, buf, 20), IOMT_ELIMIT);
	ASSERT_STR_EQ(buf, "{}");
	/* A byte that is not UTF-8 reads as the code point of its value. */
	snprintf(hp.reason, sizeof(hp.reason), "x\xffy");
	ASSERT_EQ(policy_to_json(&hp, buf, sizeof(buf)), 0);
	ASSERT_NOT_NULL(strstr(buf, "\"reason\":\"x\xc3\xbfy\""));
	return 0;
}

TEST_IMPL(plan_permits_saved)
{
	struct scan_opts o;
	struct plan_input in;
	struct plan_net	 net;
	struct plan	*pl = NULL, *back = NULL;
	struct plan_totals t;
	struct policy	*p;
	char		 err[256], *buf = NULL;
	size_t		 len = 0;
	FILE		*fp;
	uint32_t	 ip;

	p = mkpolicy(vx_profiles, "format 1\n"
	    "subnet 198.18.0.0/29 level passive\n"
	    "exclude 198.18.0.12\n", err, sizeof(err));
	ASSERT_NOT_NULL(p);
	scan_opts_default(&o);
	ASSERT_EQ(target_set_add(&o.targets, "198.18.0.0/28", err,
	    sizeof(err)), 0);
	target_set_finish(&o.targets);
	target_set_finish(&o.excludes);
	memset(&in, 0, sizeof(in));
	ASSERT_EQ(target_aton("198.18.0.1", &net.addr), 0);
	net.mask = 0xffffff00u;
	in.opts = &o;
	in.pol = p;
	in.nets = &net;
	in.n_nets = 1;
	in.targets_text = "198.18.0.0/28";
	ASSERT_EQ(plan_build(&in, &pl, err, sizeof(err)), 0);
	plan_totals(pl, &t);
	/* .0 is the network, .1 ourselves: 14 addresses planned */
	ASSERT_EQ(t.addresses, 14);
	/* .2-.7 passive, .12 excluded */
	ASSERT_EQ(t.held, 7);
	ASSERT(t.max_packets > 0);
	ASSERT(t.seconds > 0 && t.seconds_max >= t.seconds);
	fp = open_memstream(&buf, &len);
	ASSERT_NOT_NULL(fp);
	plan_write_json(pl, fp);
	fclose(fp);
	ASSERT_EQ(plan_load_buf(buf, len, &back, err, sizeof(err)), 0);
	ASSERT_EQ(target_aton("198.18.0.3", &ip), 0);
	ASSERT_EQ(plan_permits(back, ip, NULL, 0, SAFETY_K_ARP), 0);
	ASSERT_EQ(target_aton("198.18.0.12", &ip), 0);
	ASSERT_EQ(plan_permits(back, ip, NULL, 0, SAFETY_K_ARP), 0);
	ASSERT_EQ(target_aton("198.18.0.9", &ip), 0);
	ASSERT_EQ(plan_permits(back, ip, NULL, 0, SAFETY_K_ARP), 1);
	ASSERT_EQ(plan_permits(back, ip, "tcp", 22, SAFETY_K_CONNECT), 1);
	ASSERT_EQ(plan_permits(back, ip, "tcp", 7, SAFETY_K_CONNECT), 0);
	ASSERT_EQ(plan_permits(back, ip, "tcp", 9100, SAFETY_K_CONNECT), 1);
	ASSERT_EQ(plan_permits(back, ip, "tcp", 9100, SAFETY_K_PAYLOAD), 0);
	ASSERT_EQ(plan_permits(back, ip, "udp", 161, SAFETY_K_UDP), 1);
	ASSERT_EQ(plan_permits(back, ip, "udp", 53, SAFETY_K_UDP), 0);
	/* outside the plan */
	ASSERT_EQ(target_aton("198.18.0.99", &ip), 0);
	ASSERT_EQ(plan_permits(back, ip, NULL, 0, SAFETY_K_ARP), 0);
	/* not a plan */
	plan_free(back);
	back = NULL;
	ASSERT_EQ(plan_load_buf("{\"format\":\"x\"}", 14, &back, err,
	    sizeof(err)), IOMT_EPROTO);
	ASSERT_NULL(back);
	free(buf);
	plan_free(pl);
	policy_free(p);
	target_set_free(&o.targets);
	target_set_free(&o.excludes);
	return 0;
}

TEST_IMPL(shipped_profiles_load)
{
	struct profile_set *ps = profile_set_new();
	const struct profile *pr;
	char		 path[1024], err[512];
	size_t		 i;

	snprintf(path, sizeof(path), "%s/data/profiles.conf", test_srcdir());
	if (profile_set_load(ps, path, 0, err, sizeof(err)) != 0) {
		fprintf(stderr, "  %s\n", err);
		return 1;
	}
	ASSERT_GE(profile_set_count(ps), 17);
	/* Each seed family is there, with sources and a review date. */
	ASSERT_NOT_NULL(profile_set_find(ps, "philips-intellivue-monitor"));
	ASSERT_NOT_NULL(profile_set_find(ps, "ge-carescape"));
	ASSERT_NOT_NULL(profile_set_find(ps, "baxter-sigma-spectrum"));
	ASSERT_NOT_NULL(profile_set_find(ps, "contec-cms8000"));
	ASSERT_NOT_NULL(profile_set_find(ps, "printer-raw-ports"));
	for (i = 0; i < profile_set_count(ps); i++) {
		pr = profile_set_get(ps, i);
		ASSERT(pr->source[0] != '\0');
		ASSERT(pr->reviewed[0] != '\0');
	}
	/* The monitors and pumps are passive. */
	ASSERT_EQ(profile_set_find(ps, "philips-intellivue-monitor")->level,
	    LEVEL_PASSIVE);
	ASSERT_EQ(profile_set_find(ps, "bd-alaris-pcu")->level,
	    LEVEL_PASSIVE);
	profile_set_free(ps);
	return 0;
}

/* Build an inventory with one scan's audit rows for "check". */
static int
check_db(const char *path, int violate)
{
	struct db	*db = NULL;
	int64_t		 scan, a, b, c, old;
	uint8_t		 philips[6] = { 0x00, 0x09, 0xfb, 0x01, 0x02, 0x03 };
	const int64_t	 T = 1767268800;	/* 2026-01-01T12:00:00Z */
	char		 err[256];

	if (db_open(path, 0, &db, err, sizeof(err)) != 0)
		return -1;
	db_set_now(db, T - 86400);
	/* An earlier scan identified .7 as an infusion pump. */
	if (db_scan_begin(db, "198.18.0.0/24", "{\"level\":\"standard\"}",
	    &old) != 0 ||
	    db_host_seen(db, old, "198.18.0.7", NULL, NULL, "connect",
	    &c) != 0)
		goto fail;
	{
		struct db_identity id;

		memset(&id, 0, sizeof(id));
		id.vendor = "Baxter";
		id.device_class = "infusion-pump";
		id.confidence = 80;
		id.evidence_json = "[]";
		if (db_identity_set(db, old, c, &id) != 0)
			goto fail;
	}
	db_scan_end(db, old, "complete", "{}");
	db_set_now(db, T);
	if (db_scan_begin(db, "198.18.0.0/24", "{\"global_pps\":300.0,"
	    "\"host_pps\":10.0,\"host_conns\":1,\"gap_ms\":400,"
	    "\"level\":\"standard\"}", &scan) != 0)
		goto fail;
	/* A: a Philips monitor (passive by profile): ARP is fine. */
	if (db_host_seen(db, scan, "198.18.0.21", philips, "Philips",
	    "arp", &a) != 0 ||
	    db_audit(db, scan, T * 1000000, "198.18.0.21", "arp", 0, "arp",
	    42, NULL) != 0)
		goto fail;
	if (violate && db_audit(db, scan, T * 1000000 + 500000,
	    "198.18.0.21", "tcp", 80, "tcp-connect", 0, NULL) != 0)
		goto fail;
	/* B: a VxWorks banner at T+10 makes it gentle from then on. */
	if (db_host_seen(db, scan, "198.18.0.5", NULL, NULL, "connect",
	    &b) != 0 ||
	    db_audit(db, scan, (T + 5) * 1000000, "198.18.0.5", "tcp", 80,
	    "tcp-connect", 0, NULL) != 0 ||
	    db_audit(db, scan, (T + 5) * 1000000 + 1000, "198.18.0.5", "tcp",
	    80, "tcp-payload", 18, "http-get") != 0)
		goto fail;
	db_set_now(db, T + 10);
	if (db_observation(db, scan, b, "tcp", 21, "banner", "banner",
	    "220 VxWorks (5.4) FTP server ready") != 0)
		goto fail;
	if (violate && db_audit(db, scan, (T + 20) * 1000000, "198.18.0.5",
	    "tcp", 8080, "tcp-payload", 18, "http-get") != 0)
		goto fail;
	/* C: the pump from last week got SNMP (UDP) this week. */
	if (db_host_seen(db, scan, "198.18.0.7", NULL, NULL, "connect",
	    &c) != 0 ||
	    db_audit(db, scan, (T + 30) * 1000000, "198.18.0.7", "tcp", 443,
	    "tcp-connect", 0, NULL) != 0)
		goto fail;
	if (violate && db_audit(db, scan, (T + 31) * 1000000, "198.18.0.7",
	    "udp", 161, "udp", 40, "snmp-get") != 0)
		goto fail;
	db_host_state(db, scan, c, "breaker", "3 timeouts");
	db_scan_end(db, scan, "complete", "{}");
	db_close(db);
	return 0;
 fail:
	fprintf(stderr, "  %s\n", db_errmsg(db));
	db_close(db);
	return -1;
}

static int
run_check(const char *path, const char *out)
{
	char	 a0[] = "check", a1[] = "--db", a2[256];
	char	*argv[] = { a0, a1, a2, NULL };
	int	 r, fd, saved;

	snprintf(a2, sizeof(a2), "%s", path);
	fflush(stdout);
	saved = dup(1);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	r = cmd_check(3, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	return r;
}

static int
file_has(const char *path, const char *needle)
{
	static char	 buf[65536];
	FILE		*fp = fopen(path, "r");
	size_t		 n;

	if (fp == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return strstr(buf, needle) != NULL;
}

TEST_IMPL(check_flags_violations)
{
	char	 dir[] = "/tmp/iomt-check-XXXXXX", db1[96], db2[96], out[96];

	ASSERT_NOT_NULL(mkdtemp(dir));
	setenv("IOMT_DATADIR", test_srcdir(), 1);
	setenv("IOMT_ETCDIR", dir, 1);
	snprintf(db1, sizeof(db1), "%s/ok.db", dir);
	snprintf(db2, sizeof(db2), "%s/bad.db", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	ASSERT_EQ(check_db(db1, 0), 0);
	ASSERT_EQ(check_db(db2, 1), 0);
	/* Only what the policy of the moment allowed: exit 0. */
	ASSERT_EQ(run_check(db1, out), 0);
	ASSERT(file_has(out, "philips-intellivue-monitor"));
	ASSERT(file_has(out, "STOPPED ANSWERING"));
	ASSERT(file_has(out, "check this device"));
	ASSERT(!file_has(out, "POLICY EXCEEDED"));
	/* A connect to a passive monitor, a payload after the VxWorks
	 * banner, UDP to last week's pump: exit 1, each named. */
	ASSERT_EQ(run_check(db2, out), 1);
	ASSERT(file_has(out, "tcp-connect to tcp/80: host policy is "
	    "passive"));
	ASSERT(file_has(out, "tcp-payload to tcp/8080"));
	ASSERT(file_has(out, "udp to udp/161"));
	ASSERT(file_has(out, "3 exceeded a policy"));
	{
		static const char *const names[] = {
			"ok.db", "ok.db-wal", "ok.db-shm", "bad.db",
			"bad.db-wal", "bad.db-shm", "out", NULL
		};
		char	 f[128];
		size_t	 i;

		for (i = 0; names[i] != NULL; i++) {
			snprintf(f, sizeof(f), "%s/%s", dir, names[i]);
			unlink(f);
		}
		rmdir(dir);
	}
	return 0;
}
