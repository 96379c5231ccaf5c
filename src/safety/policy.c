/*
 * src/safety/policy.c - per-host safety policy (see safety.h, docs/SAFETY.md and
 * docs/POLICY.md).
 *
 * Built-in defaults follow fragile-devices.md §5: a host whose MAC belongs
 * to a medical-device maker gets at most "standard" and only the short list
 * of ports such a device handles every day (DICOM, HTTP, HL7), one
 * connection at a time at the lowest per-host rate, and no UDP (Contec
 * CMS8000, Philips IntelliVue crash on unexpected UDP); a serial-bridge
 * maker gets "gentle" on its management ports only (never a byte to a data
 * port); a printer maker keeps the scan's level but never a payload to its
 * raw ports (the never-list already forbids that).  A device identified in
 * an earlier scan (an infusion pump last week) gets its class's defaults
 * from the first packet, even when its MAC says nothing.
 *
 * On top of those, the fragile-device profiles (src/safety/profile.c) and the site
 * policy file (parsed here) can only lower what is allowed: every source
 * is applied with the same "strictest wins" merge, so the order of the
 * sources changes the explanation, never the result.  Exclusions always
 * win and leave the host at "passive" with nothing allowed at all.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/net.h"

#define POLICY_FORMAT		1
#define POLICY_LINE_MAX		1024
#define POLICY_FILE_MAX		(1024 * 1024)
#define POLICY_RULES_MAX	4096
#define POLICY_CONTRIB_MAX	8

struct policy_subnet {
	struct target_set ts;
	char		 text[192];	/* the rule as written */
	int		 has_level;
	enum safety_level level;
	int		 restrict_ports;
	uint16_t	 ports[POLICY_MAX_PORTS];
	size_t		 n_ports;
	uint32_t	 forbid;
	double		 pps;
	int		 conns;
	unsigned	 gap_ms;
};

enum policy_ex_kind {
	EX_ADDR = 1,
	EX_MAC,
	EX_OUI,
	EX_VENDOR,
	EX_CLASS,
	EX_PROFILE
};

struct policy_exclude {
	enum policy_ex_kind kind;
	struct target_set ts;		/* EX_ADDR */
	char		 arg[128];	/* hex, vendor text, class, id */
	char		 text[192];	/* the rule as written */
};

struct policy {
	struct profile_set *profiles;
	struct policy_subnet *sub;
	size_t		 n_sub;
	struct policy_exclude *ex;
	size_t		 n_ex;
};

/* Clinical and management ports a medical device handles every day. */
static const uint16_t medical_ports[] = {
	80, 443, 104, 11112, 4242, 2575, 8080, 8443, 0
};

/* Management ports of serial-to-Ethernet bridges (never data ports). */
static const uint16_t serial_ports[] = { 80, 443, 0 };

/* Ports where the identification probe would be a TLS ClientHello. */
static const uint16_t tls_ports[] = {
	443, 8443, 2762, 8883, 636, 993, 995, 5986, 0
};

/* Device classes (earlier identities) that get the medical defaults. */
static const char *const medical_classes[] = {
	"patient-monitor", "infusion-pump", "ventilator",
	"anesthesia-machine", "imaging-modality", "ultrasound",
	"lab-analyzer", "medical-device", NULL
};

#define POLICY_MEDICAL_PPS	2.0
#define POLICY_MEDICAL_GAP_MS	1000

/* ------------------------------------------------------------------ */
/* The policy file                                                     */

struct pparse {
	const char	*name;
	size_t		 line;
	char		*err;
	size_t		 errlen;
	int		 have_format;
	struct policy	*p;
};

static int pf_err(struct pparse *pp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
pf_err(struct pparse *pp, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	va_start(ap, fmt);
	r = profile_verr(pp->err, pp->errlen, pp->name, pp->line, fmt, ap);
	va_end(ap);
	return r;
}

/* 6..12 hex digits, ':' '-' '.' allowed between them. */
static int
hex_prefix_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ':' || *s == '-' || *s == '.')
			continue;
		if (!isxdigit((unsigned char)*s))
			return 0;
		n++;
	}
	return n >= 6 && n <= 12;
}

/* "80,443" or "tcp/80,tcp/443" or "none". */
static int
pf_ports(struct pparse *pp, const char *v, struct policy_subnet *r)
{
	char		 buf[POLICY_LINE_MAX], *s = buf, *tok;
	long long	 port;

	r->restrict_ports = 1;
	r->n_ports = 0;
	if (strcmp(v, "none") == 0)
		return 0;
	strlcpy(buf, v, sizeof(buf));
	while (s != NULL) {
		tok = s;
		s = strchr(s, ',');
		if (s != NULL)
			*s++ = '\0';
		if (strncmp(tok, "tcp/", 4) == 0)
			tok += 4;
		if (parse_ll(tok, 1, 65535, &port) != 0)
			return pf_err(pp, "ports takes tcp port numbers "
			    "separated by commas (or 'none'), not '%s'", tok);
		if (r->n_ports >= POLICY_MAX_PORTS)
			return pf_err(pp, "more than %d ports",
			    POLICY_MAX_PORTS);
		r->ports[r->n_ports++] = (uint16_t)port;
	}
	return 0;
}

static int
pf_subnet(struct pparse *pp, char *rest, const char *line)
{
	struct policy		*p = pp->p;
	struct policy_subnet	 r;
	char			*spec, *k, *v, terr[256];
	int			 settings = 0, l, rc;
	long long		 n;
	double			 d;

	memset(&r, 0, sizeof(r));
	target_set_init(&r.ts);
	strlcpy(r.text, line, sizeof(r.text));
	if ((spec = profile_word(&rest)) == NULL) {
		rc = pf_err(pp, "subnet needs an address block such as "
		    "198.18.5.0/24");
		goto fail;
	}
	if (target_set_add(&r.ts, spec, terr, sizeof(terr)) != 0) {
		rc = pf_err(pp, "subnet: %s", terr);
		goto fail;
	}
	target_set_finish(&r.ts);
	while ((k = profile_word(&rest)) != NULL) {
		if ((v = profile_word(&rest)) == NULL) {
			rc = pf_err(pp, "subnet: '%s' needs a value", k);
			goto fail;
		}
		settings++;
		if (strcmp(k, "level") == 0) {
			if ((l = safety_level_parse(v)) < 0) {
				rc = pf_err(pp, "unknown level '%s'", v);
				goto fail;
			}
			r.has_level = 1;
			r.level = (enum safety_level)l;
		} else if (strcmp(k, "rate") == 0) {
			if (parse_double(v, 0.1, 1000, &d) != 0) {
				rc = pf_err(pp, "rate must be packets/s in "
				    "0.1..1000, not '%s'", v);
				goto fail;
			}
			r.pps = d;
		} else if (strcmp(k, "conns") == 0) {
			if (parse_ll(v, 1, 4, &n) != 0) {
				rc = pf_err(pp, "conns must be 1..4, not '%s'",
				    v);
				goto fail;
			}
			r.conns = (int)n;
		} else if (strcmp(k, "gap") == 0) {
			if (parse_ll(v, 100, 3600000, &n) != 0) {
				rc = pf_err(pp, "gap must be 100..3600000 ms, "
				    "not '%s'", v);
				goto fail;
			}
			r.gap_ms = (unsigned)n;
		} else if (strcmp(k, "ports") == 0) {
			if ((rc = pf_ports(pp, v, &r)) != 0)
				goto fail;
		} else if (strcmp(k, "forbid") == 0) {
			char	 buf[POLICY_LINE_MAX], *s = buf, *tok;

			strlcpy(buf, v, sizeof(buf));
			while (s != NULL) {
				uint32_t bit;

				tok = s;
				s = strchr(s, ',');
				if (s != NULL)
					*s++ = '\0';
				if ((bit = profile_forbid_parse(tok)) == 0) {
					rc = pf_err(pp, "unknown forbid word "
					    "'%s'", tok);
					goto fail;
				}
				r.forbid |= bit;
			}
		} else {
			rc = pf_err(pp, "unknown subnet setting '%s' (level, "
			    "rate, conns, gap, ports, forbid)", k);
			goto fail;
		}
	}
	if (settings == 0) {
		rc = pf_err(pp, "subnet %s sets nothing", spec);
		goto fail;
	}
	if (p->n_sub >= POLICY_RULES_MAX) {
		rc = pf_err(pp, "more than %d subnet rules", POLICY_RULES_MAX);
		goto fail;
	}
	p->sub = xreallocarray(p->sub, p->n_sub + 1, sizeof(*p->sub));
	p->sub[p->n_sub++] = r;
	return 0;
 fail:
	target_set_free(&r.ts);
	return rc;
}

static int
pf_exclude(struct pparse *pp, char *rest, const char *line)
{
	struct policy		*p = pp->p;
	struct policy_exclude	 e;
	const char		*what;
	char			 terr[256];
	uint8_t			 mac[6];
	int			 rc;

	memset(&e, 0, sizeof(e));
	target_set_init(&e.ts);
	strlcpy(e.text, line, sizeof(e.text));
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest == '\0') {
		rc = pf_err(pp, "exclude needs an address, range, or one of "
		    "mac, oui, vendor, class, profile");
		goto fail;
	}
	what = rest;
	if (strncmp(rest, "range ", 6) == 0 || strncmp(rest, "mac ", 4) == 0 ||
	    strncmp(rest, "oui ", 4) == 0 || strncmp(rest, "vendor ", 7) == 0 ||
	    strncmp(rest, "class ", 6) == 0 ||
	    strncmp(rest, "profile ", 8) == 0) {
		what = profile_word(&rest);
		while (*rest == ' ' || *rest == '\t')
			rest++;
	} else
		what = "address";
	if (*rest == '\0') {
		rc = pf_err(pp, "exclude %s needs a value", what);
		goto fail;
	}
	if (strcmp(what, "address") == 0 || strcmp(what, "range") == 0) {
		char	*spec = profile_word(&rest);

		if (*rest != '\0') {
			rc = pf_err(pp, "exclude takes one address or range "
			    "per line");
			goto fail;
		}
		if (target_set_add(&e.ts, spec, terr, sizeof(terr)) != 0) {
			rc = pf_err(pp, "exclude: %s", terr);
			goto fail;
		}
		target_set_finish(&e.ts);
		e.kind = EX_ADDR;
	} else if (strcmp(what, "mac") == 0) {
		if (mac_parse(rest, mac) != 0) {
			rc = pf_err(pp, "exclude mac: bad MAC address '%s'",
			    rest);
			goto fail;
		}
		e.kind = EX_MAC;
		snprintf(e.arg, sizeof(e.arg), "%02X%02X%02X%02X%02X%02X",
		    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	} else if (strcmp(what, "oui") == 0) {
		if (!hex_prefix_ok(rest) || strlen(rest) >= sizeof(e.arg)) {
			rc = pf_err(pp, "exclude oui needs 6 to 12 hex digits, "
			    "not '%s'", rest);
			goto fail;
		}
		strlcpy(e.arg, rest, sizeof(e.arg));
		e.kind = EX_OUI;
	} else if (strcmp(what, "vendor") == 0) {
		size_t	 n = strlen(rest);

		if (rest[0] == '"') {
			if (n < 3 || rest[n - 1] != '"' ||
			    memchr(rest + 1, '"', n - 2) != NULL) {
				rc = pf_err(pp, "exclude vendor: unbalanced "
				    "quotes");
				goto fail;
			}
			rest[n - 1] = '\0';
			rest++;
		}
		if (strlen(rest) >= sizeof(e.arg)) {
			rc = pf_err(pp, "exclude vendor: name too long");
			goto fail;
		}
		strlcpy(e.arg, rest, sizeof(e.arg));
		e.kind = EX_VENDOR;
	} else if (strcmp(what, "class") == 0 ||
	    strcmp(what, "profile") == 0) {
		char	*w = profile_word(&rest);

		if (*rest != '\0' || strlen(w) >= sizeof(e.arg)) {
			rc = pf_err(pp, "exclude %s takes one word", what);
			goto fail;
		}
		strlcpy(e.arg, w, sizeof(e.arg));
		e.kind = what[0] == 'c' ? EX_CLASS : EX_PROFILE;
	}
	if (p->n_ex >= POLICY_RULES_MAX) {
		rc = pf_err(pp, "more than %d exclusions", POLICY_RULES_MAX);
		goto fail;
	}
	p->ex = xreallocarray(p->ex, p->n_ex + 1, sizeof(*p->ex));
	p->ex[p->n_ex++] = e;
	return 0;
 fail:
	target_set_free(&e.ts);
	return rc;
}

static int
pf_line(struct pparse *pp, char *line)
{
	char	 copy[POLICY_LINE_MAX + 1], *rest, *kw;
	long long v;

	profile_cut_comment(line, 1);
	rest = line + strspn(line, " \t");
	strlcpy(copy, rest, sizeof(copy));
	kw = profile_word(&rest);
	if (kw == NULL || kw[0] == '#')
		return 0;
	if (strcmp(kw, "format") == 0) {
		if (pp->have_format)
			return pf_err(pp, "format given twice");
		if (parse_ll(profile_word(&rest), 1, 1000, &v) != 0 ||
		    *rest != '\0')
			return pf_err(pp, "format needs a number");
		if (v != POLICY_FORMAT)
			return pf_err(pp, "format %lld is not supported (this "
			    "iomtscan reads format %d)", v, POLICY_FORMAT);
		pp->have_format = 1;
		return 0;
	}
	if (!pp->have_format)
		return pf_err(pp, "the file must start with 'format %d'",
		    POLICY_FORMAT);
	if (strcmp(kw, "subnet") == 0)
		return pf_subnet(pp, rest, copy);
	if (strcmp(kw, "exclude") == 0)
		return pf_exclude(pp, rest, copy);
	return pf_err(pp, "unknown keyword '%s' (format, subnet, exclude)",
	    kw);
}

static int
policy_file_load(struct policy *p, const char *path, char *err,
    size_t errlen)
{
	struct pparse	 pp;
	FILE		*fp;
	char		 line[POLICY_LINE_MAX + 2];
	size_t		 total = 0;
	int		 r = 0;

	memset(&pp, 0, sizeof(pp));
	pp.name = path;
	pp.err = err;
	pp.errlen = errlen;
	pp.p = p;
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		size_t	 n = strlen(line), i;

		pp.line++;
		total += n;
		if (total > POLICY_FILE_MAX) {
			r = pf_err(&pp, "file larger than %d bytes",
			    POLICY_FILE_MAX);
			break;
		}
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		else if (!feof(fp)) {
			r = pf_err(&pp, "line longer than %d bytes",
			    POLICY_LINE_MAX);
			break;
		}
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		for (i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
				break;
		if (i < n) {
			r = pf_err(&pp, "control character in line");
			break;
		}
		if ((r = pf_line(&pp, line)) != 0)
			break;
	}
	if (r == 0 && !pp.have_format) {
		pp.line = pp.line ? pp.line : 1;
		r = pf_err(&pp, "the file must start with 'format %d'",
		    POLICY_FORMAT);
	}
	fclose(fp);
	return r;
}

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
/* Deciding                                                            */

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

/*
 * Lower hp by a source's limits.  Return 1 if anything got stricter.
 * Ports: a first restriction sets the list; later ones intersect it.
 */
static int
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

/* What each source did, to explain the result. */
struct contrib {
	enum safety_level level;
	char		 text[160];
};

struct explain {
	struct contrib	 c[POLICY_CONTRIB_MAX];
	size_t		 n;
};

static void ex_add(struct explain *ex, enum safety_level level,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
ex_add(struct explain *ex, enum safety_level level, const char *fmt, ...)
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
static void
ex_reason(const struct explain *ex, const struct host_policy *hp,
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

static void
class_defaults(const struct policy_facts *f, struct host_policy *out,
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
		ex_add(ex, LEVEL_STANDARD, "%s: clinical ports only, no UDP, "
		    "FTP or Telnet, lowest rate", src);
		break;
	case OUI_CLASS_SERIAL:
		policy_limit(out, LEVEL_GENTLE, 1, serial_ports,
		    ports_count(serial_ports), POLICY_F_UDP |
		    POLICY_F_PAYLOAD, POLICY_MEDICAL_PPS, 1,
		    POLICY_MEDICAL_GAP_MS);
		ex_add(ex, LEVEL_GENTLE, "%s: management ports only, no "
		    "payload", src);
		break;
	case OUI_CLASS_PRINTER:
		ex_add(ex, LEVEL_CLINICAL, "%s: no bytes to raw print ports",
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
			ex_add(ex, LEVEL_STANDARD, "maker unknown (no MAC "
			    "seen): no UDP, FTP or Telnet, lowest rate");
		}
		break;
	}
}

static void
apply_profile(const struct profile *pr, const char *why,
    struct host_policy *out, struct explain *ex)
{
	enum safety_level before = out->level;

	policy_limit(out, pr->level, pr->restrict_ports, pr->ports,
	    pr->n_ports, pr->forbid, pr->pps, pr->conns, pr->gap_ms);
	if (out->profile[0] == '\0' || out->level < before)
		strlcpy(out->profile, pr->id, sizeof(out->profile));
	if (ex != NULL)
		ex_add(ex, pr->level, "profile %s (%s)", pr->id, why);
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

void
policy_decide(const struct policy *p, enum safety_level scan_level,
    double scan_pps, int scan_conns, unsigned scan_gap_ms,
    const struct policy_facts *f, struct host_policy *out)
{
	struct explain	 ex;
	char		 why[192];
	size_t		 i;

	memset(out, 0, sizeof(*out));
	memset(&ex, 0, sizeof(ex));
	out->level = scan_level;
	out->pps = scan_pps;
	out->conns = scan_conns;
	out->gap_ms = scan_gap_ms;

	class_defaults(f, out, &ex);
	for (i = 0; p != NULL && i < profile_set_count(p->profiles); i++) {
		const struct profile *pr = profile_set_get(p->profiles, i);

		if (profile_match(pr, f, NULL, why, sizeof(why)))
			apply_profile(pr, why, out, &ex);
	}
	for (i = 0; p != NULL && i < p->n_sub; i++) {
		const struct policy_subnet *r = &p->sub[i];

		if (!target_set_contains(&r->ts, f->ip))
			continue;
		policy_limit(out, r->has_level ? r->level : LEVEL_CLINICAL,
		    r->restrict_ports, r->ports, r->n_ports, r->forbid,
		    r->pps, r->conns, r->gap_ms);
		ex_add(&ex, r->has_level ? r->level : LEVEL_CLINICAL,
		    "site policy '%s'", r->text);
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
	if (ex.n == 0 && out->level == scan_level) {
		snprintf(out->reason, sizeof(out->reason),
		    "%s by the scan's level: no fragile signal",
		    safety_level_name(out->level));
		return;
	}
	ex_reason(&ex, out, scan_level, out->reason, sizeof(out->reason));
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
	else if (udp && (hp->forbid & POLICY_F_UDP))
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

int
policy_to_json(const struct host_policy *hp, char *buf, size_t len)
{
	char	 forbid[128], q1[96], q2[600], *w;
	size_t	 i;
	int	 n;

	snprintf(buf, len, "{\"level\":\"%s\",\"ports\":",
	    safety_level_name(hp->level));
	if (!hp->restrict_ports)
		snprintf(buf + strlen(buf), len - strlen(buf), "null");
	else {
		snprintf(buf + strlen(buf), len - strlen(buf), "[");
		for (i = 0; i < hp->n_ports; i++)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%u",
			    i ? "," : "", hp->ports[i]);
		snprintf(buf + strlen(buf), len - strlen(buf), "]");
	}
	snprintf(buf + strlen(buf), len - strlen(buf), ",\"forbid\":[");
	profile_forbid_str(hp->forbid, forbid, sizeof(forbid));
	if (strcmp(forbid, "-") != 0) {
		char	*s = forbid;
		int	 first = 1;

		while ((w = strsep(&s, " ")) != NULL) {
			snprintf(buf + strlen(buf), len - strlen(buf),
			    "%s\"%s\"", first ? "" : ",", w);
			first = 0;
		}
	}
	n = snprintf(buf + strlen(buf), len - strlen(buf),
	    "],\"pps\":%.1f,\"conns\":%d,\"gap_ms\":%u,\"excluded\":%s,"
	    "\"profile\":%s,\"reason\":%s}", hp->pps, hp->conns, hp->gap_ms,
	    hp->excluded ? "true" : "false",
	    hp->profile[0] != '\0' ? json_quote(q1, sizeof(q1),
	    hp->profile) : "null", json_quote(q2, sizeof(q2), hp->reason));
	if (n < 0 || strlen(buf) + 1 >= len) {
		strlcpy(buf, "{}", len);
		return IOMT_ELIMIT;
	}
	return 0;
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
	    a->gap_ms < b->gap_ms || (a->forbid & b->forbid) != b->forbid)
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
