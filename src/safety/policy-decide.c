/*
 * src/safety/policy-decide.c - what one host may receive: exclusions, the
 * decision from all sources, tightening as facts arrive, and the check
 * the engine makes before every send (see safety.h and docs/POLICY.md).
 *
 * Exclusions always win and leave the host at "passive" with nothing
 * allowed at all.  Otherwise the built-in defaults, every matching
 * profile and the site's subnet rules are merged, strictest wins, and the
 * reason names the source that decided the level.  An "allow snmp" (site
 * line or profile) then lifts a built-in no-UDP default for udp/161 only,
 * unless a profile or site line forbids udp or the level is below
 * standard; the reason says which.  The result is written
 * to the inventory as JSON (jansson) so `iomtscan check` can compare what
 * was sent against it later.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "iomt/safety.h"
#include "policy-int.h"

/* snprintf through a va_list: a cut reason is fine, and says so. */
static void sfmt(char *dst, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sfmt(char *dst, size_t len, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}


static int
vendor_has(const char *hay, const char *needle)
{
	size_t	 n = strlen(needle), i;

	if (hay == NULL || n == 0)
		return 0;
	for (i = 0; hay[i] != '\0'; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Do the profile-dependent exclusions hit profile pr? */
static int
exclude_hits_profile(const struct policy_exclude *e, const struct profile *pr)
{
	switch (e->kind) {
	case EX_PROFILE:
		return strcmp(e->arg, pr->id) == 0;
	case EX_CLASS:
		return strcmp(e->arg, pr->device_class) == 0;
	case EX_VENDOR:
		return vendor_has(pr->vendor, e->arg);
	default:
		return 0;
	}
}

static int
exclude_hits(const struct policy *p, const struct policy_exclude *e,
    const struct policy_facts *f)
{
	uint8_t	 mac[6];
	size_t	 i;

	switch (e->kind) {
	case EX_ADDR:
		return target_set_contains(&e->ts, f->ip);
	case EX_MAC:
		if (f->mac == NULL || mac_parse(e->arg, mac) != 0)
			return 0;
		return memcmp(mac, f->mac, 6) == 0;
	case EX_OUI:
		return f->mac != NULL && profile_oui_match(e->arg, f->mac);
	case EX_VENDOR:
		if (vendor_has(f->oui_vendor, e->arg) ||
		    vendor_has(f->prior_vendor, e->arg))
			return 1;
		break;
	case EX_CLASS:
		if (f->prior_class != NULL && strcmp(f->prior_class,
		    e->arg) == 0)
			return 1;
		if (f->oui_class != OUI_CLASS_NONE &&
		    strcmp(oui_class_name(f->oui_class), e->arg) == 0)
			return 1;
		break;
	case EX_PROFILE:
		break;
	}
	for (i = 0; i < profile_set_count(p->profiles); i++) {
		const struct profile *pr = profile_set_get(p->profiles, i);

		if (exclude_hits_profile(e, pr) &&
		    profile_match(pr, f, NULL, NULL, 0))
			return 1;
	}
	return 0;
}

int
policy_excluded_facts(const struct policy *p, const struct policy_facts *f,
    char *why, size_t whylen)
{
	size_t	 i;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (p == NULL)
		return 0;
	for (i = 0; i < p->n_ex; i++)
		if (exclude_hits(p, &p->ex[i], f)) {
			if (why != NULL)
				strlcpy(why, p->ex[i].text, whylen);
			return 1;
		}
	return 0;
}

int
policy_excluded(const struct policy *p, uint32_t ip, const uint8_t *mac)
{
	size_t	 i;
	uint8_t	 m[6];

	if (p == NULL)
		return 0;
	for (i = 0; i < p->n_ex; i++) {
		const struct policy_exclude *e = &p->ex[i];

		if (e->kind == EX_ADDR && target_set_contains(&e->ts, ip))
			return 1;
		if (e->kind == EX_MAC && mac != NULL &&
		    mac_parse(e->arg, m) == 0 && memcmp(m, mac, 6) == 0)
			return 1;
		if (e->kind == EX_OUI && mac != NULL &&
		    profile_oui_match(e->arg, mac))
			return 1;
	}
	return 0;
}

/*
 * Add "; note" to reason (size len), cutting the end of the old reason
 * if it must so the note always shows whole.
 */
static void
reason_append(char *reason, size_t len, const char *note)
{
	size_t	 n = strlen(note) + 2;

	if (n >= len) {
		strlcpy(reason, note, len);
		return;
	}
	if (strlen(reason) + n >= len)
		reason[len - n - 1] = '\0';
	strlcpy(reason + strlen(reason), "; ", len - strlen(reason));
	strlcpy(reason + strlen(reason), note, len - strlen(reason));
}

/*
 * Settle an "allow snmp" from src (a profile or a site line, "" if none)
 * against the rest of out.  An allow only lifts a built-in no-UDP
 * default: a "forbid udp" from a profile or site line (forbid_udp) wins,
 * and so does a level below standard, which sends no UDP at all.
 */
static void
allow_settle(struct host_policy *out, const char *src, int forbid_udp)
{
	char	 note[sizeof(out->reason)];

	if (src[0] == '\0' || (out->forbid & POLICY_F_UDP) == 0)
		return;
	if (forbid_udp)
		sfmt(note, sizeof(note), "SNMP allow by %s not applied: a "
		    "'forbid udp' wins", src);
	else if (out->level < LEVEL_STANDARD)
		sfmt(note, sizeof(note), "SNMP allow by %s not applied: "
		    "level %s sends no UDP", src,
		    safety_level_name(out->level));
	else {
		out->allow |= POLICY_A_SNMP;
		sfmt(note, sizeof(note), "SNMP allowed by %s", src);
	}
	reason_append(out->reason, sizeof(out->reason), note);
}

void
policy_decide(const struct policy *p, enum safety_level scan_level,
    double scan_pps, int scan_conns, unsigned scan_gap_ms,
    const struct policy_facts *f, struct host_policy *out)
{
	struct explain	 ex;
	char		 why[192], allow_src[PROFILE_ID_MAX + sizeof(why) + 32];
	size_t		 i;
	int		 forbid_udp = 0;

	allow_src[0] = '\0';
	memset(out, 0, sizeof(*out));
	memset(&ex, 0, sizeof(ex));
	out->level = scan_level;
	out->pps = scan_pps;
	out->conns = scan_conns;
	out->gap_ms = scan_gap_ms;

	policy_class_defaults(f, out, &ex);
	for (i = 0; p != NULL && i < profile_set_count(p->profiles); i++) {
		const struct profile *pr = profile_set_get(p->profiles, i);

		if (!profile_match(pr, f, NULL, why, sizeof(why)))
			continue;
		policy_apply_profile(pr, why, out, &ex);
		forbid_udp |= (pr->forbid & POLICY_F_UDP) != 0;
		if ((pr->allow & POLICY_A_SNMP) && allow_src[0] == '\0')
			snprintf(allow_src, sizeof(allow_src),
			    "profile %s, a gateway (%s)", pr->id, why);
	}
	for (i = 0; p != NULL && i < p->n_sub; i++) {
		const struct policy_subnet *r = &p->sub[i];

		if (!target_set_contains(&r->ts, f->ip))
			continue;
		policy_limit(out, r->has_level ? r->level : LEVEL_CLINICAL,
		    r->restrict_ports, r->ports, r->n_ports, r->forbid,
		    r->pps, r->conns, r->gap_ms);
		policy_ex_add(&ex, r->has_level ? r->level : LEVEL_CLINICAL,
		    "site policy '%s'", r->text);
		forbid_udp |= (r->forbid & POLICY_F_UDP) != 0;
		if ((r->allow & POLICY_A_SNMP) && allow_src[0] == '\0')
			snprintf(allow_src, sizeof(allow_src),
			    "site policy line %zu (%s %s)", r->line,
			    r->host ? "host" : "subnet", r->spec);
	}
	if (policy_excluded_facts(p, f, why, sizeof(why))) {
		out->excluded = 1;
		out->level = LEVEL_PASSIVE;
		out->restrict_ports = 1;
		out->n_ports = 0;
		snprintf(out->reason, sizeof(out->reason),
		    "excluded by site policy '%s'", why);
		return;
	}
	if (ex.n == 0 && out->level == scan_level)
		snprintf(out->reason, sizeof(out->reason),
		    "%s by the scan's level: no fragile signal",
		    safety_level_name(out->level));
	else
		policy_ex_reason(&ex, out, scan_level, out->reason,
		    sizeof(out->reason));
	allow_settle(out, allow_src, forbid_udp);
}

int
policy_tighten(const struct policy *p, const struct policy_facts *f,
    const char *key, const char *value, uint16_t port,
    struct host_policy *hp)
{
	struct observation o;
	char		 why[192], ex_why[192];
	size_t		 i, j;
	int		 changed = 0;

	if (p == NULL || key == NULL || value == NULL || hp->excluded)
		return 0;
	memset(&o, 0, sizeof(o));
	o.proto = port == 0 ? NULL : strncmp(key, "snmp.", 5) == 0 ?
	    "udp" : "tcp";
	o.port = port;
	o.key = key;
	o.value = value;
	for (i = 0; i < profile_set_count(p->profiles); i++) {
		const struct profile *pr = profile_set_get(p->profiles, i);
		enum safety_level before = hp->level;

		if (!profile_match(pr, f, &o, why, sizeof(why)))
			continue;
		for (j = 0; j < p->n_ex; j++)
			if (exclude_hits_profile(&p->ex[j], pr)) {
				hp->excluded = 1;
				hp->level = LEVEL_PASSIVE;
				hp->restrict_ports = 1;
				hp->n_ports = 0;
				strlcpy(hp->profile, pr->id,
				    sizeof(hp->profile));
				strlcpy(ex_why, p->ex[j].text, sizeof(ex_why));
				sfmt(hp->reason, sizeof(hp->reason),
				    "excluded by site policy '%s' (profile %s "
				    "matched %s)", ex_why, pr->id, why);
				return 1;
			}
		if ((pr->forbid & POLICY_F_UDP) &&
		    (hp->allow & POLICY_A_SNMP)) {
			char	 note[sizeof(hp->reason)];

			hp->allow &= ~(uint32_t)POLICY_A_SNMP;
			changed = 1;
			sfmt(note, sizeof(note), "SNMP allow withdrawn: "
			    "profile %s forbids udp", pr->id);
			reason_append(hp->reason, sizeof(hp->reason), note);
		}
		if (!policy_limit(hp, pr->level, pr->restrict_ports,
		    pr->ports, pr->n_ports, pr->forbid, pr->pps, pr->conns,
		    pr->gap_ms))
			continue;
		changed = 1;
		if (hp->profile[0] == '\0' || hp->level < before)
			strlcpy(hp->profile, pr->id, sizeof(hp->profile));
		if (hp->level < before) {
			char	 old[sizeof(hp->reason)];

			strlcpy(old, hp->reason, sizeof(old));
			sfmt(hp->reason, sizeof(hp->reason),
			    "%s by profile %s (%s); was: %s",
			    safety_level_name(hp->level), pr->id, why, old);
		} else
			snprintf(hp->reason + strlen(hp->reason),
			    sizeof(hp->reason) - strlen(hp->reason),
			    "; tightened by profile %s (%s)", pr->id, why);
	}
	return changed;
}


/* Ports where the identification probe would be a TLS ClientHello. */
static const uint16_t tls_ports[] = {
	443, 8443, 2762, 8883, 636, 993, 995, 5986, 0
};


static int
tls_port(uint16_t port)
{
	size_t	 i;

	for (i = 0; tls_ports[i] != 0; i++)
		if (tls_ports[i] == port)
			return 1;
	return 0;
}

int
policy_allows(const struct host_policy *hp, enum safety_kind kind,
    const char *proto, uint16_t port, const char **why)
{
	size_t		 i;
	const char	*reason = NULL;
	int		 udp = proto != NULL && strcmp(proto, "udp") == 0;

	if (hp->excluded)
		reason = "host excluded by site policy";
	else if (kind == SAFETY_K_ARP)
		reason = NULL;
	else if (hp->level == LEVEL_PASSIVE)
		reason = "host policy is passive: nothing is sent";
	else if (hp->forbid & POLICY_F_ARP_ONLY)
		reason = "host policy allows ARP only";
	else if (hp->level == LEVEL_DISCOVERY)
		reason = "host policy is discovery: no service checks";
	else if (udp && (hp->forbid & POLICY_F_UDP) &&
	    !(port == 161 && (hp->allow & POLICY_A_SNMP)))
		reason = "host policy forbids UDP";
	else if ((udp || kind == SAFETY_K_UDP) && hp->level < LEVEL_STANDARD)
		reason = "UDP requests need level standard";
	else if (kind == SAFETY_K_PAYLOAD && (hp->forbid & POLICY_F_PAYLOAD))
		reason = "host policy forbids application payloads";
	else if (kind == SAFETY_K_PAYLOAD && hp->level < LEVEL_STANDARD)
		reason = "payloads need level standard";
	else if (kind == SAFETY_K_PAYLOAD && !udp && tls_port(port) &&
	    (hp->forbid & POLICY_F_TLS))
		reason = "host policy forbids TLS handshakes";
	else if (!udp && port == 21 && (hp->forbid & POLICY_F_FTP))
		reason = "host policy forbids FTP";
	else if (!udp && port == 23 && (hp->forbid & POLICY_F_TELNET))
		reason = "host policy forbids Telnet";
	else if (!udp && hp->restrict_ports) {
		reason = "port not on this host's allowed list";
		for (i = 0; i < hp->n_ports; i++)
			if (hp->ports[i] == port)
				reason = NULL;
	}
	if (why != NULL)
		*why = reason;
	return reason == NULL;
}


/* ------------------------------------------------------------------ */
/* Matching for reports                                                */

int
policy_match_profiles(const struct policy *p, const struct policy_facts *f,
    int (*cb)(void *arg, const struct profile *pr, const char *why),
    void *arg)
{
	char	 why[256];
	size_t	 i;
	int	 n = 0;

	for (i = 0; p != NULL && i < profile_set_count(p->profiles); i++) {
		const struct profile *pr = profile_set_get(p->profiles, i);

		if (!profile_match(pr, f, NULL, why, sizeof(why)))
			continue;
		n++;
		if (cb != NULL && cb(arg, pr, why) != 0)
			break;
	}
	return n;
}

json_t *
policy_json_string(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	json_t		*j;
	size_t		 i, n, len;
	uint32_t	 cp;

	if (s == NULL)
		s = "";
	if ((j = json_string(s)) != NULL)
		return j;
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n > 0) {
			buf_addn(&b, s + i, n);
			continue;
		}
		n = 1;
		buf_addc(&b, (char)(0xc0 | ((unsigned char)s[i] >> 6)));
		buf_addc(&b, (char)(0x80 | ((unsigned char)s[i] & 0x3f)));
	}
	j = json_stringn(buf_str(&b), b.len);
	buf_free(&b);
	return j;
}

int
policy_to_json(const struct host_policy *hp, char *buf, size_t len)
{
	char	 forbid[128], num[32], *s, *w;
	json_t	*o, *a;
	size_t	 i, n;
	int	 r = IOMT_ELIMIT;

	o = json_object();
	json_object_set_new(o, "level",
	    json_string(safety_level_name(hp->level)));
	if (!hp->restrict_ports)
		json_object_set_new(o, "ports", json_null());
	else {
		a = json_array();
		for (i = 0; i < hp->n_ports; i++)
			json_array_append_new(a, json_integer(hp->ports[i]));
		json_object_set_new(o, "ports", a);
	}
	a = json_array();
	profile_forbid_str(hp->forbid, forbid, sizeof(forbid));
	s = strcmp(forbid, "-") != 0 ? forbid : NULL;
	while ((w = strsep(&s, " ")) != NULL)
		json_array_append_new(a, json_string(w));
	json_object_set_new(o, "forbid", a);
	a = json_array();
	if (hp->allow & POLICY_A_SNMP)
		json_array_append_new(a, json_string("snmp"));
	json_object_set_new(o, "allow", a);
	/* One decimal, rounded as everywhere else a rate is shown. */
	snprintf(num, sizeof(num), "%.1f", hp->pps);
	json_object_set_new(o, "pps", json_real(strtod(num, NULL)));
	json_object_set_new(o, "conns", json_integer(hp->conns));
	json_object_set_new(o, "gap_ms", json_integer(hp->gap_ms));
	json_object_set_new(o, "excluded", json_boolean(hp->excluded));
	json_object_set_new(o, "profile", hp->profile[0] != '\0' ?
	    policy_json_string(hp->profile) : json_null());
	json_object_set_new(o, "reason", policy_json_string(hp->reason));
	n = json_dumpb(o, buf, len, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	if (n == 0 || n >= len)
		goto out;
	buf[n] = '\0';
	r = 0;
 out:
	if (r != 0)
		strlcpy(buf, "{}", len);
	json_decref(o);
	return r;
}

int
policy_within(const struct host_policy *a, const struct host_policy *b)
{
	size_t	 i;

	if (b->excluded && !a->excluded)
		return 0;
	if (a->excluded)
		return 1;
	if (a->level > b->level || a->pps > b->pps || a->conns > b->conns ||
	    a->gap_ms < b->gap_ms || (a->forbid & b->forbid) != b->forbid ||
	    (a->allow & ~b->allow) != 0)
		return 0;
	if (b->restrict_ports) {
		if (!a->restrict_ports)
			return 0;
		for (i = 0; i < a->n_ports; i++)
			if (!port_in(b->ports, b->n_ports, a->ports[i]))
				return 0;
	}
	return 1;
}

struct frag_match {
	char		 ids[256];
	char		 why[256];
	const struct profile *first;
};

static int
policy_frag_cb(void *arg, const struct profile *pr, const char *why)
{
	struct frag_match *fm = arg;

	if (fm->first == NULL || pr->level < fm->first->level) {
		fm->first = pr;
		strlcpy(fm->why, why, sizeof(fm->why));
	}
	if (fm->ids[0] != '\0')
		strlcpy(fm->ids + strlen(fm->ids), ",",
		    sizeof(fm->ids) - strlen(fm->ids));
	strlcpy(fm->ids + strlen(fm->ids), pr->id,
	    sizeof(fm->ids) - strlen(fm->ids));
	return 0;
}

int
policy_fragile_summary(const struct policy *p, const struct policy_facts *f,
    char *ids, size_t idslen, const char **hazard, char *why, size_t whylen)
{
	struct frag_match fm;
	int		 n;

	memset(&fm, 0, sizeof(fm));
	n = policy_match_profiles(p, f, policy_frag_cb, &fm);
	strlcpy(ids, fm.ids, idslen);
	strlcpy(why, fm.why, whylen);
	*hazard = fm.first != NULL ? fm.first->hazard : NULL;
	return fm.first != NULL ? n : 0;
}
