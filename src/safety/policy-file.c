/*
 * src/safety/policy-file.c - parse the site policy file (format in
 * docs/POLICY.md): per-subnet and per-host ("host ADDR") levels, rates,
 * ports, forbidden kinds and allows ("allow snmp"), and exclusions by
 * address, MAC, OUI prefix, vendor, device class or profile.
 *
 * A site writes it once and reviews every change, so it is parsed as
 * strictly as the profiles: lines are read and checked by conf.c, every
 * keyword and value must be known and valid, and the first bad line stops
 * the load with "file:line: reason" rather than being skipped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "iomt/safety.h"
#include "policy-int.h"

struct pparse {
	struct conf_ctx	 cc;		/* file name, line, message */
	int		 have_format;
	struct policy	*p;
};

/* "80,443" or "tcp/80,tcp/443" or "none". */
static int
pf_ports(struct pparse *pp, const char *v, struct policy_subnet *r)
{
	char		 buf[CONF_LINE_MAX], *s = buf, *tok;
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
			return conf_err(&pp->cc, "ports takes tcp port numbers "
			    "separated by commas (or 'none'), not '%s'", tok);
		if (r->n_ports >= POLICY_MAX_PORTS)
			return conf_err(&pp->cc, "more than %d ports",
			    POLICY_MAX_PORTS);
		r->ports[r->n_ports++] = (uint16_t)port;
	}
	return 0;
}

/*
 * A "subnet SPEC k v ..." line, or with host set a "host ADDR k v ..."
 * line, which names exactly one address.
 */
static int
pf_subnet(struct pparse *pp, char *rest, const char *line, int host)
{
	struct policy		*p = pp->p;
	struct policy_subnet	 r;
	char			*spec, *k, *v, terr[256];
	const char		*kind;
	int			 settings = 0, l, rc;
	long long		 n;
	double			 d;

	memset(&r, 0, sizeof(r));
	target_set_init(&r.ts);
	strlcpy(r.text, line, sizeof(r.text));
	r.line = pp->cc.line;
	r.host = host;
	kind = host ? "host" : "subnet";
	if ((spec = conf_word(&rest)) == NULL) {
		rc = host ? conf_err(&pp->cc, "host needs one address such "
		    "as 198.18.5.7") : conf_err(&pp->cc, "subnet needs an "
		    "address block such as 198.18.5.0/24");
		goto fail;
	}
	if (host && (strlen(spec) >= sizeof(r.spec) ||
	    strspn(spec, "0123456789.") != strlen(spec))) {
		rc = conf_err(&pp->cc, "host takes one address such as "
		    "198.18.5.7, not '%s' (use subnet for a block)", spec);
		goto fail;
	}
	if (target_set_add(&r.ts, spec, terr, sizeof(terr)) != 0) {
		rc = conf_err(&pp->cc, "%s: %s", kind, terr);
		goto fail;
	}
	target_set_finish(&r.ts);
	strlcpy(r.spec, spec, sizeof(r.spec));
	while ((k = conf_word(&rest)) != NULL) {
		if ((v = conf_word(&rest)) == NULL) {
			rc = conf_err(&pp->cc, "%s: '%s' needs a value", kind,
			    k);
			goto fail;
		}
		settings++;
		if (strcmp(k, "level") == 0) {
			if ((l = safety_level_parse(v)) < 0) {
				rc = conf_err(&pp->cc, "unknown level '%s'", v);
				goto fail;
			}
			r.has_level = 1;
			r.level = (enum safety_level)l;
		} else if (strcmp(k, "rate") == 0) {
			if (parse_double(v, 0.1, 1000, &d) != 0) {
				rc = conf_err(&pp->cc,
				    "rate must be packets/s in "
				    "0.1..1000, not '%s'", v);
				goto fail;
			}
			r.pps = d;
		} else if (strcmp(k, "conns") == 0) {
			if (parse_ll(v, 1, 4, &n) != 0) {
				rc = conf_err(&pp->cc,
				    "conns must be 1..4, not '%s'",
				    v);
				goto fail;
			}
			r.conns = (int)n;
		} else if (strcmp(k, "gap") == 0) {
			if (parse_ll(v, 100, 3600000, &n) != 0) {
				rc = conf_err(&pp->cc,
				    "gap must be 100..3600000 ms, "
				    "not '%s'", v);
				goto fail;
			}
			r.gap_ms = (unsigned)n;
		} else if (strcmp(k, "ports") == 0) {
			if ((rc = pf_ports(pp, v, &r)) != 0)
				goto fail;
		} else if (strcmp(k, "forbid") == 0) {
			char	 buf[CONF_LINE_MAX], *s = buf, *tok;

			strlcpy(buf, v, sizeof(buf));
			while (s != NULL) {
				uint32_t bit;

				tok = s;
				s = strchr(s, ',');
				if (s != NULL)
					*s++ = '\0';
				if ((bit = profile_forbid_parse(tok)) == 0) {
					rc = conf_err(&pp->cc,
					    "unknown forbid word "
					    "'%s'", tok);
					goto fail;
				}
				r.forbid |= bit;
			}
		} else if (strcmp(k, "allow") == 0) {
			uint32_t bit = profile_allow_parse(v);

			if (bit == 0) {
				rc = conf_err(&pp->cc, "unknown allow word "
				    "'%s' (snmp)", v);
				goto fail;
			}
			r.allow |= bit;
		} else {
			rc = conf_err(&pp->cc,
			    "unknown %s setting '%s' (level, "
			    "rate, conns, gap, ports, forbid, allow)", kind, k);
			goto fail;
		}
	}
	if (settings == 0) {
		rc = conf_err(&pp->cc, "%s %s sets nothing", kind, spec);
		goto fail;
	}
	if ((r.allow & POLICY_A_SNMP) && (r.forbid & POLICY_F_UDP)) {
		rc = conf_err(&pp->cc, "%s %s: 'allow snmp' and 'forbid udp' "
		    "on one line contradict each other", kind, spec);
		goto fail;
	}
	if (p->n_sub >= POLICY_RULES_MAX) {
		rc = conf_err(&pp->cc,
		    "more than %d subnet rules", POLICY_RULES_MAX);
		goto fail;
	}
	p->sub = xreallocarray(p->sub, p->n_sub + 1, sizeof(*p->sub));
	p->sub[p->n_sub++] = r;
	return 0;
 fail:
	target_set_free(&r.ts);
	return rc;
}

/* "exclude profile ID" naming no loaded profile: the error, and the
 * closest profile id. */
static int
unknown_profile(struct pparse *pp, const char *id)
{
	const struct profile_set *ps = pp->p->profiles;
	size_t		 n = profile_set_count(ps), i;
	const char	**ids = xcalloc(n + 1, sizeof(*ids)), *near;
	int		 rc;

	for (i = 0; i < n; i++)
		ids[i] = profile_set_get(ps, i)->id;
	near = name_closest(id, ids);
	rc = conf_err(&pp->cc, "exclude profile: no profile '%s'%s%s%s "
	    "(iomtscan profiles list)", id, near ? " (did you mean '" : "",
	    near ? near : "", near ? "'?)" : "");
	free(ids);
	return rc;
}

static int
pf_exclude(struct pparse *pp, char *rest, const char *line)
{
	struct policy		*p = pp->p;
	struct policy_exclude	 e;
	const char		*what;
	char			 terr[256];
	uint8_t			 mac[6], oui[6];
	unsigned		 nibbles;
	int			 rc;

	memset(&e, 0, sizeof(e));
	target_set_init(&e.ts);
	strlcpy(e.text, line, sizeof(e.text));
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest == '\0') {
		rc = conf_err(&pp->cc,
		    "exclude needs an address, range, or one of "
		    "mac, oui, vendor, class, profile");
		goto fail;
	}
	what = rest;
	if (strncmp(rest, "range ", 6) == 0 || strncmp(rest, "mac ", 4) == 0 ||
	    strncmp(rest, "oui ", 4) == 0 || strncmp(rest, "vendor ", 7) == 0 ||
	    strncmp(rest, "class ", 6) == 0 ||
	    strncmp(rest, "profile ", 8) == 0) {
		what = conf_word(&rest);
		while (*rest == ' ' || *rest == '\t')
			rest++;
	} else if ((*rest >= 'a' && *rest <= 'z') &&
	    strpbrk(rest, " \t") != NULL) {
		static const char *const kinds[] = { "range", "mac", "oui",
		    "vendor", "class", "profile", NULL };
		const char	*w = conf_word(&rest), *near;

		near = name_closest(w, kinds);
		rc = conf_err(&pp->cc, "exclude: unknown kind '%s'%s%s%s "
		    "(range, mac, oui, vendor, class, profile, or an address)",
		    w, near ? " (did you mean '" : "", near ? near : "",
		    near ? "'?)" : "");
		goto fail;
	} else
		what = "address";
	if (*rest == '\0') {
		rc = conf_err(&pp->cc, "exclude %s needs a value", what);
		goto fail;
	}
	if (strcmp(what, "address") == 0 || strcmp(what, "range") == 0) {
		char	*spec = conf_word(&rest);

		if (*rest != '\0') {
			rc = conf_err(&pp->cc,
			    "exclude takes one address or range "
			    "per line");
			goto fail;
		}
		if (target_set_add(&e.ts, spec, terr, sizeof(terr)) != 0) {
			rc = conf_err(&pp->cc, "exclude: %s", terr);
			goto fail;
		}
		target_set_finish(&e.ts);
		e.kind = EX_ADDR;
	} else if (strcmp(what, "mac") == 0) {
		if (mac_parse(rest, mac) != 0) {
			rc = conf_err(&pp->cc,
			    "exclude mac: bad MAC address '%s'",
			    rest);
			goto fail;
		}
		e.kind = EX_MAC;
		snprintf(e.arg, sizeof(e.arg), "%02X%02X%02X%02X%02X%02X",
		    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	} else if (strcmp(what, "oui") == 0) {
		if (profile_oui_parse(rest, oui, &nibbles) != 0 ||
		    strlen(rest) >= sizeof(e.arg)) {
			rc = conf_err(&pp->cc,
			    "exclude oui needs 6 to 12 hex digits, "
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
				rc = conf_err(&pp->cc,
				    "exclude vendor: unbalanced "
				    "quotes");
				goto fail;
			}
			rest[n - 1] = '\0';
			rest++;
		}
		if (strlen(rest) >= sizeof(e.arg)) {
			rc = conf_err(&pp->cc, "exclude vendor: name too long");
			goto fail;
		}
		strlcpy(e.arg, rest, sizeof(e.arg));
		e.kind = EX_VENDOR;
	} else if (strcmp(what, "class") == 0 ||
	    strcmp(what, "profile") == 0) {
		char	*w = conf_word(&rest);

		if (*rest != '\0' || strlen(w) >= sizeof(e.arg)) {
			rc = conf_err(&pp->cc,
			    "exclude %s takes one word", what);
			goto fail;
		}
		if (what[0] == 'c' && !device_class_valid(w)) {
			const char *near = name_closest(w, device_classes());

			rc = conf_err(&pp->cc, "exclude class: unknown device "
			    "class '%s'%s%s%s (docs/DEVICE-CLASSES.md)", w,
			    near ? " (did you mean '" : "", near ? near : "",
			    near ? "'?)" : "");
			goto fail;
		}
		if (what[0] == 'p' && profile_set_find(p->profiles, w) == NULL) {
			rc = unknown_profile(pp, w);
			goto fail;
		}
		strlcpy(e.arg, w, sizeof(e.arg));
		e.kind = what[0] == 'c' ? EX_CLASS : EX_PROFILE;
	}
	if (p->n_ex >= POLICY_RULES_MAX) {
		rc = conf_err(&pp->cc,
		    "more than %d exclusions", POLICY_RULES_MAX);
		goto fail;
	}
	p->ex = xreallocarray(p->ex, p->n_ex + 1, sizeof(*p->ex));
	p->ex[p->n_ex++] = e;
	return 0;
 fail:
	target_set_free(&e.ts);
	return rc;
}

/* One line of the file (conf_lines() callback; arg is the parser). */
static int
pf_line(void *arg, char *line)
{
	struct pparse	*pp = arg;
	char	 copy[CONF_LINE_MAX + 1], *rest, *kw;
	long long v;

	conf_cut_comment(line, 1);
	rest = line + strspn(line, " \t");
	strlcpy(copy, rest, sizeof(copy));
	kw = conf_word(&rest);
	if (kw == NULL || kw[0] == '#')
		return 0;
	if (strcmp(kw, "format") == 0) {
		if (pp->have_format)
			return conf_err(&pp->cc, "format given twice");
		if (parse_ll(conf_word(&rest), 1, 1000, &v) != 0 ||
		    *rest != '\0')
			return conf_err(&pp->cc, "format needs a number");
		if (v != POLICY_FORMAT)
			return conf_err(&pp->cc,
			    "format %lld is not supported (this "
			    "iomtscan reads format %d)", v, POLICY_FORMAT);
		pp->have_format = 1;
		return 0;
	}
	if (!pp->have_format)
		return conf_err(&pp->cc, "the file must start with 'format %d'",
		    POLICY_FORMAT);
	if (strcmp(kw, "subnet") == 0)
		return pf_subnet(pp, rest, copy, 0);
	if (strcmp(kw, "host") == 0)
		return pf_subnet(pp, rest, copy, 1);
	if (strcmp(kw, "exclude") == 0)
		return pf_exclude(pp, rest, copy);
	{
		static const char *const kws[] = { "format", "subnet", "host",
		    "exclude", NULL };
		const char	*near = name_closest(kw, kws);

		return conf_err(&pp->cc, "unknown keyword '%s'%s%s%s (format, "
		    "subnet, host, exclude)", kw, near ? " (did you mean '" : "",
		    near ? near : "", near ? "'?)" : "");
	}
}

int
policy_file_load(struct policy *p, const char *path, char *err,
    size_t errlen)
{
	struct pparse	 pp;
	char		*buf = NULL;
	size_t		 len;
	int		 r;

	memset(&pp, 0, sizeof(pp));
	pp.cc.name = path;
	pp.cc.err = err;
	pp.cc.errlen = errlen;
	pp.p = p;
	if ((r = conf_file_read(path, POLICY_FILE_MAX, &buf, &len, err,
	    errlen)) != 0)
		goto out;
	if ((r = conf_lines(&pp.cc, buf, len, CONF_LINE_MAX, pf_line,
	    &pp)) != 0)
		goto out;
	if (!pp.have_format) {
		pp.cc.line = pp.cc.line ? pp.cc.line : 1;
		r = conf_err(&pp.cc, "the file must start with 'format %d'",
		    POLICY_FORMAT);
		goto out;
	}
	r = 0;
 out:
	free(buf);
	return r;
}
