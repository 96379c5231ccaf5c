/*
 * src/safety/policy.c - the built-in per-host safety policy and loading
 * the sources that may tighten it (see safety.h, docs/SAFETY.md and
 * docs/POLICY.md).
 *
 * Built-in defaults (docs/SAFETY.md, "Defaults by maker class"): a host
 * whose MAC belongs to a medical-device maker gets at most "standard" and
 * only the short list of ports such a device handles every day (DICOM,
 * HTTP, HL7), one connection at a time at the lowest per-host rate, and
 * no UDP (Contec CMS8000, ICSMA-22-244-01 / CVE-2022-38100, and Philips
 * IntelliVue, ICSMA-18-156-01, fail on unexpected UDP); a serial-bridge
 * maker gets "gentle" on its management ports only (never a byte to a
 * data port); a printer maker keeps the scan's level but never a payload
 * to its raw ports (the never-list already forbids that).  A device
 * identified in an earlier scan (an infusion pump last week) gets its
 * class's defaults from the first packet, even when its MAC says nothing.
 *
 * On top of those, the fragile-device profiles (src/safety/profile*.c)
 * and the site policy file (src/safety/policy-file.c) can only lower what
 * is allowed: every source goes through the same "strictest wins" merge,
 * policy_limit(), so the order of the sources changes the explanation,
 * never the result (policy-decide.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "iomt/safety.h"
#include "policy-int.h"

/* Clinical and management ports a medical device handles every day. */
static const uint16_t medical_ports[] = {
	80, 443, 104, 11112, 4242, 2575, 8080, 8443, 0
};

/* Management ports of serial-to-Ethernet bridges (never data ports). */
static const uint16_t serial_ports[] = { 80, 443, 0 };


/* Device classes (earlier identities) that get the medical defaults. */
static const char *const medical_classes[] = {
	"patient-monitor", "infusion-pump", "ventilator",
	"anesthesia-machine", "imaging-modality", "ultrasound",
	"lab-analyzer", "medical-device", NULL
};

#define POLICY_MEDICAL_PPS	2.0
#define POLICY_MEDICAL_GAP_MS	1000

/* ------------------------------------------------------------------ */
/* Loading                                                             */

int
policy_load(const char *profiles_path, const char *local_profiles,
    const char *policy_file, struct policy **out, char *err, size_t errlen)
{
	struct policy	*p;
	int		 r;

	*out = NULL;
	if (errlen > 0)
		err[0] = '\0';
	p = xcalloc(1, sizeof(*p));
	p->profiles = profile_set_new();
	if (profiles_path != NULL && (r = profile_set_load(p->profiles,
	    profiles_path, 0, err, errlen)) != 0)
		goto out;
	if (local_profiles != NULL && (r = profile_set_load(p->profiles,
	    local_profiles, 1, err, errlen)) != 0)
		goto out;
	if (policy_file != NULL &&
	    (r = policy_file_load(p, policy_file, err, errlen)) != 0)
		goto out;
	*out = p;
	p = NULL;
	r = 0;
 out:
	policy_free(p);
	return r;
}

struct policy *
policy_free(struct policy *p)
{
	size_t	 i;

	if (p == NULL)
		return NULL;
	profile_set_free(p->profiles);
	for (i = 0; i < p->n_sub; i++)
		target_set_free(&p->sub[i].ts);
	for (i = 0; i < p->n_ex; i++)
		target_set_free(&p->ex[i].ts);
	free(p->sub);
	free(p->ex);
	free(p);
	return NULL;
}

const struct profile_set *
policy_profiles(const struct policy *p)
{
	return p != NULL ? p->profiles : NULL;
}

size_t
policy_subnet_count(const struct policy *p)
{
	return p != NULL ? p->n_sub : 0;
}

size_t
policy_exclude_count(const struct policy *p)
{
	return p != NULL ? p->n_ex : 0;
}

const char *
policy_subnet_text(const struct policy *p, size_t i)
{
	return p != NULL && i < p->n_sub ? p->sub[i].text : "";
}

int
policy_subnet_contains(const struct policy *p, size_t i, uint32_t ip)
{
	return p != NULL && i < p->n_sub &&
	    target_set_contains(&p->sub[i].ts, ip);
}

/* ------------------------------------------------------------------ */
/* Merging and explaining                                              */

/*
 * Lower hp by a source's limits.  Return 1 if anything got stricter.
 * Ports: a first restriction sets the list; later ones intersect it.
 */
int
policy_limit(struct host_policy *hp, enum safety_level level,
    int restrict_ports, const uint16_t *ports, size_t n_ports,
    uint32_t forbid, double pps, int conns, unsigned gap_ms)
{
	int	 changed = 0;
	size_t	 i, k;

	if (level < hp->level) {
		hp->level = level;
		changed = 1;
	}
	if (restrict_ports) {
		if (!hp->restrict_ports) {
			hp->restrict_ports = 1;
			hp->n_ports = 0;
			for (i = 0; i < n_ports && i < POLICY_MAX_PORTS; i++)
				hp->ports[hp->n_ports++] = ports[i];
			changed = 1;
		} else {
			for (i = 0, k = 0; i < hp->n_ports; i++)
				if (port_in(ports, n_ports, hp->ports[i]))
					hp->ports[k++] = hp->ports[i];
			if (k != hp->n_ports)
				changed = 1;
			hp->n_ports = k;
		}
	}
	if ((hp->forbid | forbid) != hp->forbid) {
		hp->forbid |= forbid;
		changed = 1;
	}
	if (pps > 0 && pps < hp->pps) {
		hp->pps = pps;
		changed = 1;
	}
	if (conns > 0 && conns < hp->conns) {
		hp->conns = conns;
		changed = 1;
	}
	if (gap_ms > hp->gap_ms) {
		hp->gap_ms = gap_ms;
		changed = 1;
	}
	return changed;
}

static size_t
ports_count(const uint16_t *ports)
{
	size_t	 n = 0;

	while (ports[n] != 0)
		n++;
	return n;
}


void
policy_ex_add(struct explain *ex, enum safety_level level, const char *fmt, ...)
{
	va_list	 ap;

	if (ex->n >= POLICY_CONTRIB_MAX)
		return;
	ex->c[ex->n].level = level;
	va_start(ap, fmt);
	vsnprintf(ex->c[ex->n].text, sizeof(ex->c[0].text), fmt, ap);
	va_end(ap);
	ex->n++;
}

/* "passive by profile X (...); also: A; B" */
void
policy_ex_reason(const struct explain *ex, const struct host_policy *hp,
    enum safety_level scan_level, char *buf, size_t len)
{
	size_t	 i, decider = ex->n;

	for (i = 0; i < ex->n; i++)
		if (ex->c[i].level == hp->level) {
			decider = i;
			break;
		}
	if (decider == ex->n || hp->level == scan_level)
		snprintf(buf, len, "%s by the scan's level",
		    safety_level_name(hp->level));
	else
		snprintf(buf, len, "%s by %s", safety_level_name(hp->level),
		    ex->c[decider].text);
	if (decider != ex->n && hp->level == scan_level) {
		/* Nothing lowered the level: name what limited the rest. */
		decider = ex->n;
	}
	for (i = 0; i < ex->n; i++) {
		if (i == decider)
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "; %s",
		    ex->c[i].text);
	}
}


/* ------------------------------------------------------------------ */
/* Built-in defaults                                                   */

static int
class_is_medical(const char *c)
{
	size_t	 i;

	for (i = 0; c != NULL && medical_classes[i] != NULL; i++)
		if (strcmp(c, medical_classes[i]) == 0)
			return 1;
	return 0;
}

/* Maker class from the OUI, or else from an earlier identity. */
static enum oui_class
effective_class(const struct policy_facts *f, int *from_identity)
{
	*from_identity = 0;
	if (f->oui_class != OUI_CLASS_NONE)
		return f->oui_class;
	if (f->prior_class == NULL)
		return OUI_CLASS_NONE;
	*from_identity = 1;
	if (class_is_medical(f->prior_class))
		return OUI_CLASS_MEDICAL;
	if (strcmp(f->prior_class, "serial-bridge") == 0)
		return OUI_CLASS_SERIAL;
	if (strcmp(f->prior_class, "printer") == 0)
		return OUI_CLASS_PRINTER;
	*from_identity = 0;
	return OUI_CLASS_NONE;
}

void
policy_class_defaults(const struct policy_facts *f, struct host_policy *out,
    struct explain *ex)
{
	int		 ident;
	enum oui_class	 c = effective_class(f, &ident);
	char		 src[96];

	if (ident)
		snprintf(src, sizeof(src), "earlier identity %s",
		    f->prior_class);
	else
		snprintf(src, sizeof(src), "%s maker OUI%s%s%s",
		    c == OUI_CLASS_MEDICAL ? "medical-device" :
		    c == OUI_CLASS_SERIAL ? "serial-bridge" : "printer",
		    f->oui_vendor != NULL ? " (" : "",
		    f->oui_vendor != NULL ? f->oui_vendor : "",
		    f->oui_vendor != NULL ? ")" : "");
	switch (c) {
	case OUI_CLASS_MEDICAL:
		policy_limit(out, LEVEL_STANDARD, 1, medical_ports,
		    ports_count(medical_ports), POLICY_F_UDP |
		    POLICY_F_BROADCAST | POLICY_F_FTP | POLICY_F_TELNET,
		    POLICY_MEDICAL_PPS, 1, POLICY_MEDICAL_GAP_MS);
		policy_ex_add(ex, LEVEL_STANDARD,
		    "%s: clinical ports only, no UDP, "
		    "FTP or Telnet, lowest rate", src);
		break;
	case OUI_CLASS_SERIAL:
		policy_limit(out, LEVEL_GENTLE, 1, serial_ports,
		    ports_count(serial_ports), POLICY_F_UDP |
		    POLICY_F_PAYLOAD, POLICY_MEDICAL_PPS, 1,
		    POLICY_MEDICAL_GAP_MS);
		policy_ex_add(ex, LEVEL_GENTLE, "%s: management ports only, no "
		    "payload", src);
		break;
	case OUI_CLASS_PRINTER:
		policy_ex_add(ex, LEVEL_CLINICAL,
		    "%s: no bytes to raw print ports",
		    src);
		break;
	default:
		/*
		 * No MAC (a routed target, or a scan without raw-socket
		 * privileges) and no earlier identity: the maker is unknown,
		 * so the host may be a pump or a monitor.  Keep the ports
		 * but leave out what has crashed medical devices (UDP, FTP,
		 * Telnet) and use the medical pace, until an identity says
		 * otherwise.
		 */
		if (f->mac == NULL && f->prior_class == NULL &&
		    f->prior_vendor == NULL && f->prior_profile == NULL) {
			policy_limit(out, LEVEL_STANDARD, 0, NULL, 0,
			    POLICY_F_UDP | POLICY_F_BROADCAST | POLICY_F_FTP |
			    POLICY_F_TELNET, POLICY_MEDICAL_PPS, 1,
			    POLICY_MEDICAL_GAP_MS);
			policy_ex_add(ex, LEVEL_STANDARD,
			    "maker unknown (no MAC "
			    "seen): no UDP, FTP or Telnet, lowest rate");
		}
		break;
	}
}

void
policy_apply_profile(const struct profile *pr, const char *why,
    struct host_policy *out, struct explain *ex)
{
	enum safety_level before = out->level;

	policy_limit(out, pr->level, pr->restrict_ports, pr->ports,
	    pr->n_ports, pr->forbid, pr->pps, pr->conns, pr->gap_ms);
	if (out->profile[0] == '\0' || out->level < before)
		strlcpy(out->profile, pr->id, sizeof(out->profile));
	if (ex != NULL)
		policy_ex_add(ex, pr->level, "profile %s (%s)", pr->id, why);
}
