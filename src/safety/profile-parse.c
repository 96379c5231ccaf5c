/*
 * src/safety/profile-parse.c - parse fragile-device profile files
 * (format in docs/PROFILES.md) into a profile set.
 *
 * The format is line-based so that a clinical engineer can review a diff
 * of it, and parsed strictly so that a typo can never silently drop a
 * protection: every line is a known keyword with a valid value, or the
 * whole file is refused with "file:line: reason" (lines are read by
 * conf.c, as the site policy's are).  A file is parsed into a scratch
 * list first and merged only when all of it is good, so a failed load
 * leaves the set as it was.  Patterns are POSIX EREs compiled once;
 * nested or large bounded repetitions are refused at load (regcomp can
 * take exponential memory on them).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "profile-int.h"

/* "tcp/80" -> udp 0, port 80.  Return 0 or IOMT_EINVAL. */
static int
proto_port_parse(const char *s, uint8_t *udp, uint16_t *port)
{
	long long	 v;

	if (strncmp(s, "tcp/", 4) == 0)
		*udp = 0;
	else if (strncmp(s, "udp/", 4) == 0)
		*udp = 1;
	else
		return IOMT_EINVAL;
	if (parse_ll(s + 4, 1, 65535, &v) != 0)
		return IOMT_EINVAL;
	*port = (uint16_t)v;
	return 0;
}

/* A dotted numeric identifier (UID root, OID): digits and single dots. */
static int
dotted_ok(const char *s)
{
	size_t	 i, len = strlen(s);

	if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Refuse patterns regcomp could take exponential memory on. */
static int
pat_bounded(const char *pat)
{
	const char	*s;
	int		 bounds = 0, dups = 0, after_q = 0;
	long		 product = 1;

	for (s = pat; *s != '\0'; s++) {
		long	 v, most = 1;
		char	*end;
		int	 q = *s == '*' || *s == '+' || *s == '?' || *s == '{';

		if (*s == '\\' && s[1] != '\0') {
			s++;
			after_q = 0;
			continue;
		}
		/*
		 * regcomp copies the operand of '+' and of a bound, so
		 * stacked quantifiers ("a+++") and many of them double the
		 * tree each time: refuse both.
		 */
		if (q && after_q)
			return 0;
		if ((*s == '+' || *s == '{') &&
		    ++dups > PROFILE_RE_DUPS_MAX)
			return 0;
		after_q = q;
		if (*s != '{')
			continue;
		if (++bounds > PROFILE_RE_BOUNDS_MAX)
			return 0;
		s++;
		while (*s != '\0' && *s != '}') {
			if (isdigit((unsigned char)*s)) {
				v = strtol(s, &end, 10);
				if (v > PROFILE_RE_BOUND_MAX)
					return 0;
				if (v > most)
					most = v;
				s = end;
			} else
				s++;
		}
		product *= most;
		if (product > PROFILE_RE_PRODUCT_MAX)
			return 0;
		if (*s == '\0')
			break;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

struct parser {
	struct conf_ctx	 cc;		/* file name, line, message */
	int		 local;
	int		 have_format;
	struct profile	*cur;		/* open profile */
	unsigned	 seen;		/* single-valued fields present */
	struct profile_set tmp;		/* parsed, not yet merged */
};

#define SEEN_VENDOR	0x0001
#define SEEN_PRODUCT	0x0002
#define SEEN_VERSIONS	0x0004
#define SEEN_CLASS	0x0008
#define SEEN_REVIEWED	0x0010
#define SEEN_LEVEL	0x0020
#define SEEN_PORTS	0x0040
#define SEEN_RATE	0x0080
#define SEEN_CONNS	0x0100
#define SEEN_GAP	0x0200
#define SEEN_MATCH	0x0400
#define SEEN_HAZARD	0x0800
#define SEEN_SOURCE	0x1000

static int
id_ok(const char *id)
{
	size_t	 i, n = strlen(id);

	if (n == 0 || n >= PROFILE_ID_MAX)
		return 0;
	if (!islower((unsigned char)id[0]) && !isdigit((unsigned char)id[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)id[i]) &&
		    !isdigit((unsigned char)id[i]) && id[i] != '-' &&
		    id[i] != '.')
			return 0;
	return 1;
}

static int
date_ok(const char *s)
{
	long long	 y, m, d;
	char		 b[5];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	memcpy(b, s, 4);
	b[4] = '\0';
	if (parse_ll(b, 1990, 2999, &y) != 0)
		return 0;
	memcpy(b, s + 5, 2);
	b[2] = '\0';
	if (!isdigit((unsigned char)b[0]) || parse_ll(b, 1, 12, &m) != 0)
		return 0;
	memcpy(b, s + 8, 2);
	b[2] = '\0';
	if (!isdigit((unsigned char)b[0]) || parse_ll(b, 1, 31, &d) != 0)
		return 0;
	return 1;
}

/* Append text to a repeatable field, blank-separated. */
static void
field_append(char **dst, const char *text)
{
	size_t	 a = *dst != NULL ? strlen(*dst) : 0, b = strlen(text);
	char	*s = xmalloc(a + b + 2);

	s[0] = '\0';
	if (a > 0) {
		memcpy(s, *dst, a);
		s[a] = ' ';
		s[a + 1] = '\0';
	}
	strlcpy(s + strlen(s), text, b + 1);
	free(*dst);
	*dst = s;
}

static struct profile_sig *
sig_new(struct parser *ps, enum profile_sig_kind kind, const char *field)
{
	struct profile	*pr = ps->cur;
	struct profile_sig *sg;

	if (pr->n_sigs >= PROFILE_MAX_SIGS)
		return NULL;
	pr->sigs = xreallocarray(pr->sigs, pr->n_sigs + 1, sizeof(*pr->sigs));
	sg = &pr->sigs[pr->n_sigs++];
	memset(sg, 0, sizeof(*sg));
	sg->kind = kind;
	strlcpy(sg->field, field, sizeof(sg->field));
	return sg;
}

static int
sig_regex(struct parser *ps, const char *field, const char *key,
    int suffix, enum profile_sig_kind kind, const char *pat)
{
	struct profile_sig *sg;
	int		 rc;
	char		 msg[128];

	if (*pat == '\0')
		return conf_err(&ps->cc, "%s needs a pattern", field);
	if (strlen(pat) > PROFILE_RE_MAX)
		return conf_err(&ps->cc,
		    "%s pattern longer than %d bytes", field,
		    PROFILE_RE_MAX);
	if (!pat_bounded(pat))
		return conf_err(&ps->cc,
		    "%s pattern: repetition bounds above %d, "
		    "more than %d of them, or whose product is above %d, "
		    "stacked quantifiers, or more than %d '+' and bounds are "
		    "not allowed", field, PROFILE_RE_BOUND_MAX,
		    PROFILE_RE_BOUNDS_MAX, PROFILE_RE_PRODUCT_MAX,
		    PROFILE_RE_DUPS_MAX);
	if ((sg = sig_new(ps, kind, field)) == NULL)
		return conf_err(&ps->cc, "more than %d match signals",
		    PROFILE_MAX_SIGS);
	strlcpy(sg->key, key, sizeof(sg->key));
	sg->key_suffix = suffix;
	strlcpy(sg->text, pat, sizeof(sg->text));
	rc = regcomp(&sg->re, pat, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &sg->re, msg, sizeof(msg));
		ps->cur->n_sigs--;
		return conf_err(&ps->cc,
		    "%s: bad pattern '%s': %s", field, pat, msg);
	}
	sg->has_re = 1;
	return 0;
}

/* The single-valued text fields. */
static int
set_text(struct parser *ps, char **dst, unsigned bit, const char *field,
    const char *val)
{
	if (ps->seen & bit)
		return conf_err(&ps->cc, "%s given twice", field);
	if (*val == '\0')
		return conf_err(&ps->cc, "%s needs a value", field);
	ps->seen |= bit;
	free(*dst);
	*dst = xstrdup(val);
	return 0;
}

static int
parse_field(struct parser *ps, const char *kw, char *rest)
{
	struct profile	*pr = ps->cur;
	struct profile_sig *sg;
	char		*w;
	long long	 v;
	double		 d;
	int		 n = 0;

	/* Pattern fields take the rest of the line verbatim. */
	if (strcmp(kw, "match-banner") == 0)
		return sig_regex(ps, kw, "banner", 1, PROFILE_SIG_OBS, rest);
	if (strcmp(kw, "match-http-server") == 0)
		return sig_regex(ps, kw, "http.server", 0, PROFILE_SIG_OBS,
		    rest);
	if (strcmp(kw, "match-http-title") == 0)
		return sig_regex(ps, kw, "http.title", 0, PROFILE_SIG_OBS,
		    rest);
	if (strcmp(kw, "match-vendor") == 0)
		return sig_regex(ps, kw, "", 0, PROFILE_SIG_VENDOR, rest);
	if (strcmp(kw, "match-obs") == 0) {
		char	 field[56];

		w = conf_word(&rest);
		if (w == NULL || strlen(w) >= KV_KEY_MAX)
			return conf_err(&ps->cc,
			    "match-obs needs a key (at most %d "
			    "characters) and a pattern", KV_KEY_MAX - 1);
		while (*rest == ' ' || *rest == '\t')
			rest++;
		snprintf(field, sizeof(field), "match-obs %s", w);
		return sig_regex(ps, field, w, 0, PROFILE_SIG_OBS, rest);
	}

	conf_cut_comment(rest, 0);
	if (strcmp(kw, "vendor") == 0)
		return set_text(ps, &pr->vendor, SEEN_VENDOR, kw, rest);
	if (strcmp(kw, "product") == 0)
		return set_text(ps, &pr->product, SEEN_PRODUCT, kw, rest);
	if (strcmp(kw, "versions") == 0)
		return set_text(ps, &pr->versions, SEEN_VERSIONS, kw, rest);
	if (strcmp(kw, "hazard") == 0 || strcmp(kw, "note") == 0 ||
	    strcmp(kw, "source") == 0) {
		if (*rest == '\0')
			return conf_err(&ps->cc, "%s needs a value", kw);
		if (kw[0] == 'h') {
			ps->seen |= SEEN_HAZARD;
			field_append(&pr->hazard, rest);
		} else if (kw[0] == 'n')
			field_append(&pr->note, rest);
		else {
			ps->seen |= SEEN_SOURCE;
			field_append(&pr->source, rest);
		}
		return 0;
	}
	if (strcmp(kw, "class") == 0) {
		if (!device_class_valid(rest))
			return conf_err(&ps->cc,
			    "unknown device class '%s'", rest);
		return set_text(ps, &pr->device_class, SEEN_CLASS, kw, rest);
	}
	if (strcmp(kw, "reviewed") == 0) {
		if (ps->seen & SEEN_REVIEWED)
			return conf_err(&ps->cc, "reviewed given twice");
		if (!date_ok(rest))
			return conf_err(&ps->cc,
			    "reviewed must be a date YYYY-MM-DD, "
			    "not '%s'", rest);
		ps->seen |= SEEN_REVIEWED;
		strlcpy(pr->reviewed, rest, sizeof(pr->reviewed));
		return 0;
	}
	if (strcmp(kw, "match") == 0) {
		if (ps->seen & SEEN_MATCH)
			return conf_err(&ps->cc, "match given twice");
		ps->seen |= SEEN_MATCH;
		if (strcmp(rest, "any") == 0)
			pr->match_all = 0;
		else if (strcmp(rest, "all") == 0)
			pr->match_all = 1;
		else
			return conf_err(&ps->cc,
			    "match must be 'any' or 'all', not "
			    "'%s'", rest);
		return 0;
	}
	if (strcmp(kw, "level") == 0) {
		int	 l = safety_level_parse(rest);

		if (ps->seen & SEEN_LEVEL)
			return conf_err(&ps->cc, "level given twice");
		if (l < 0)
			return conf_err(&ps->cc, "unknown level '%s' (passive, "
			    "discovery, gentle, standard, clinical)", rest);
		ps->seen |= SEEN_LEVEL;
		pr->level = (enum safety_level)l;
		return 0;
	}
	if (strcmp(kw, "rate") == 0) {
		if (ps->seen & SEEN_RATE)
			return conf_err(&ps->cc, "rate given twice");
		if (parse_double(rest, 0.1, 1000, &d) != 0)
			return conf_err(&ps->cc,
			    "rate must be packets/s in 0.1..1000, "
			    "not '%s'", rest);
		ps->seen |= SEEN_RATE;
		pr->pps = d;
		return 0;
	}
	if (strcmp(kw, "conns") == 0) {
		if (ps->seen & SEEN_CONNS)
			return conf_err(&ps->cc, "conns given twice");
		if (parse_ll(rest, 1, 4, &v) != 0)
			return conf_err(&ps->cc,
			    "conns must be 1..4, not '%s'", rest);
		ps->seen |= SEEN_CONNS;
		pr->conns = (int)v;
		return 0;
	}
	if (strcmp(kw, "gap") == 0) {
		if (ps->seen & SEEN_GAP)
			return conf_err(&ps->cc, "gap given twice");
		if (parse_ll(rest, 100, 3600000, &v) != 0)
			return conf_err(&ps->cc,
			    "gap must be 100..3600000 ms, not "
			    "'%s'", rest);
		ps->seen |= SEEN_GAP;
		pr->gap_ms = (unsigned)v;
		return 0;
	}
	if (strcmp(kw, "ports") == 0) {
		if (ps->seen & SEEN_PORTS)
			return conf_err(&ps->cc, "ports given twice");
		ps->seen |= SEEN_PORTS;
		pr->restrict_ports = 1;
		if (strcmp(rest, "none") == 0)
			return 0;
		while ((w = conf_word(&rest)) != NULL) {
			uint8_t		 udp;
			uint16_t	 port;

			if (proto_port_parse(w, &udp, &port) != 0 || udp)
				return conf_err(&ps->cc,
				    "ports lists tcp/PORT words "
				    "(or 'none'), not '%s'", w);
			if (pr->n_ports >= POLICY_MAX_PORTS)
				return conf_err(&ps->cc, "more than %d ports",
				    POLICY_MAX_PORTS);
			pr->ports[pr->n_ports++] = port;
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "ports needs tcp/PORT words or "
			    "'none'");
		return 0;
	}
	if (strcmp(kw, "forbid") == 0) {
		while ((w = conf_word(&rest)) != NULL) {
			uint32_t bit = profile_forbid_parse(w);

			if (bit == 0)
				return conf_err(&ps->cc,
				    "unknown forbid word '%s' (udp "
				    "broadcast ftp telnet tls payload "
				    "arp-only)", w);
			pr->forbid |= bit;
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "forbid needs at least one word");
		return 0;
	}
	if (strcmp(kw, "allow") == 0) {
		while ((w = conf_word(&rest)) != NULL) {
			uint32_t bit = profile_allow_parse(w);

			if (bit == 0)
				return conf_err(&ps->cc,
				    "unknown allow word '%s' (snmp)", w);
			pr->allow |= bit;
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "allow needs a word (snmp)");
		return 0;
	}
	if (strcmp(kw, "match-oui") == 0) {
		while ((w = conf_word(&rest)) != NULL) {
			if ((sg = sig_new(ps, PROFILE_SIG_OUI, kw)) == NULL)
				return conf_err(&ps->cc,
				    "more than %d match signals",
				    PROFILE_MAX_SIGS);
			if (profile_oui_parse(w, sg->oui, &sg->nibbles) != 0) {
				pr->n_sigs--;
				return conf_err(&ps->cc,
				    "match-oui needs 6 to 12 hex "
				    "digits, not '%s'", w);
			}
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "match-oui needs at least one prefix");
		return 0;
	}
	if (strcmp(kw, "match-port") == 0) {
		while ((w = conf_word(&rest)) != NULL) {
			if ((sg = sig_new(ps, PROFILE_SIG_PORT, kw)) == NULL)
				return conf_err(&ps->cc,
				    "more than %d match signals",
				    PROFILE_MAX_SIGS);
			if (proto_port_parse(w, &sg->udp, &sg->port) != 0) {
				pr->n_sigs--;
				return conf_err(&ps->cc,
				    "match-port needs tcp/PORT or "
				    "udp/PORT, not '%s'", w);
			}
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "match-port needs at least one port");
		return 0;
	}
	if (strcmp(kw, "match-dicom-uid-root") == 0 ||
	    strcmp(kw, "match-sysobjectid-prefix") == 0) {
		int	 dicom = kw[6] == 'd';

		while ((w = conf_word(&rest)) != NULL) {
			if (!dotted_ok(w))
				return conf_err(&ps->cc,
				    "%s needs dotted numbers such "
				    "as 1.3.46.670589, not '%s'", kw, w);
			if ((sg = sig_new(ps, dicom ? PROFILE_SIG_DICOM_ROOT :
			    PROFILE_SIG_OID_PREFIX, kw)) == NULL)
				return conf_err(&ps->cc,
				    "more than %d match signals",
				    PROFILE_MAX_SIGS);
			strlcpy(sg->key, dicom ? "dicom.impl_uid" :
			    "snmp.sysobjectid", sizeof(sg->key));
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "%s needs at least one value", kw);
		return 0;
	}
	if (strcmp(kw, "match-class") == 0) {
		while ((w = conf_word(&rest)) != NULL) {
			if (!device_class_valid(w))
				return conf_err(&ps->cc,
				    "unknown device class '%s'",
				    w);
			if ((sg = sig_new(ps, PROFILE_SIG_CLASS, kw)) == NULL)
				return conf_err(&ps->cc,
				    "more than %d match signals",
				    PROFILE_MAX_SIGS);
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return conf_err(&ps->cc,
			    "match-class needs at least one class");
		return 0;
	}
	return conf_err(&ps->cc, "unknown keyword '%s'", kw);
}

static int
profile_close(struct parser *ps)
{
	struct profile	*pr = ps->cur;
	static const struct {
		unsigned	 bit;
		const char	*name;
	} req[] = {
		{ SEEN_VENDOR, "vendor" }, { SEEN_PRODUCT, "product" },
		{ SEEN_HAZARD, "hazard" }, { SEEN_LEVEL, "level" },
		{ SEEN_SOURCE, "source" }, { SEEN_REVIEWED, "reviewed" },
		{ 0, NULL }
	};
	size_t		 i;

	for (i = 0; req[i].name != NULL; i++)
		if ((ps->seen & req[i].bit) == 0)
			return conf_err(&ps->cc, "profile %s has no %s", pr->id,
			    req[i].name);
	if (pr->n_sigs == 0)
		return conf_err(&ps->cc,
		    "profile %s has no match-* signal", pr->id);
	if (pr->versions == NULL)
		pr->versions = xstrdup("");
	if (pr->device_class == NULL)
		pr->device_class = xstrdup("");
	if (pr->note == NULL)
		pr->note = xstrdup("");
	if (ps->tmp.n >= PROFILE_MAX)
		return conf_err(&ps->cc, "more than %d profiles", PROFILE_MAX);
	profile_set_push(&ps->tmp, pr);
	ps->cur = NULL;
	return 0;
}

/* One line of the file (conf_lines() callback; arg is the parser). */
static int
parse_line(void *arg, char *line)
{
	struct parser	*ps = arg;
	char	*rest = line, *kw;
	size_t	 i;

	kw = conf_word(&rest);
	if (kw == NULL || kw[0] == '#')
		return 0;
	while (*rest == ' ' || *rest == '\t')
		rest++;

	if (ps->cur != NULL) {
		if (strcmp(kw, "end") == 0) {
			conf_cut_comment(rest, 0);
			if (*rest != '\0')
				return conf_err(&ps->cc, "'end' takes nothing");
			return profile_close(ps);
		}
		if (strcmp(kw, "profile") == 0)
			return conf_err(&ps->cc,
			    "profile %s is not closed with 'end'",
			    ps->cur->id);
		return parse_field(ps, kw, rest);
	}
	conf_cut_comment(rest, 0);
	if (strcmp(kw, "format") == 0) {
		long long	 v;

		if (ps->have_format)
			return conf_err(&ps->cc, "format given twice");
		if (parse_ll(rest, 1, 1000, &v) != 0)
			return conf_err(&ps->cc, "format needs a number");
		if (v != PROFILE_FORMAT)
			return conf_err(&ps->cc,
			    "format %lld is not supported (this "
			    "iomtscan reads format %d)", v, PROFILE_FORMAT);
		ps->have_format = 1;
		return 0;
	}
	if (!ps->have_format)
		return conf_err(&ps->cc, "the file must start with 'format %d'",
		    PROFILE_FORMAT);
	if (strcmp(kw, "profile") != 0)
		return conf_err(&ps->cc,
		    "'%s' outside a profile (expected 'profile "
		    "ID')", kw);
	if (!id_ok(rest))
		return conf_err(&ps->cc,
		    "bad profile id '%s' (lower-case letters, "
		    "digits, '-' and '.', at most %d)", rest,
		    PROFILE_ID_MAX - 1);
	for (i = 0; i < ps->tmp.n; i++)
		if (strcmp(ps->tmp.p[i]->id, rest) == 0)
			return conf_err(&ps->cc,
			    "profile %s defined twice (first at "
			    "%s)", rest, ps->tmp.p[i]->origin);
	ps->cur = xcalloc(1, sizeof(*ps->cur));
	strlcpy(ps->cur->id, rest, sizeof(ps->cur->id));
	snprintf(ps->cur->origin, sizeof(ps->cur->origin), "%s:%zu",
	    ps->cc.name, ps->cc.line);
	ps->cur->local = ps->local;
	ps->cur->level = LEVEL_PASSIVE;
	ps->seen = 0;
	return 0;
}

int
profile_set_load_buf(struct profile_set *set, const char *name,
    const char *buf, size_t len, int local, char *err, size_t errlen)
{
	struct parser	 ps;
	size_t		 i, j;
	int		 r = IOMT_EINVAL;

	memset(&ps, 0, sizeof(ps));
	ps.cc.name = name;
	ps.cc.err = err;
	ps.cc.errlen = errlen;
	ps.local = local;
	if (errlen > 0)
		err[0] = '\0';
	if (len > PROFILE_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", name,
		    PROFILE_FILE_MAX);
		r = IOMT_ELIMIT;
		goto out;
	}
	if ((r = conf_lines(&ps.cc, buf, len, PROFILE_LINE_MAX, parse_line,
	    &ps)) != 0)
		goto out;
	if (ps.cur != NULL) {
		r = conf_err(&ps.cc, "profile %s is not closed with 'end'",
		    ps.cur->id);
		goto out;
	}
	if (!ps.have_format) {
		ps.cc.line = ps.cc.line ? ps.cc.line : 1;
		r = conf_err(&ps.cc, "the file must start with 'format %d'",
		    PROFILE_FORMAT);
		goto out;
	}
	/* Check against the set first, so a failure changes nothing. */
	for (i = 0; i < ps.tmp.n && !local; i++)
		if (profile_set_find(set, ps.tmp.p[i]->id) != NULL) {
			snprintf(err, errlen, "%s: profile %s is already "
			    "defined (%s); put overrides in the local "
			    "profiles file", ps.tmp.p[i]->origin,
			    ps.tmp.p[i]->id,
			    profile_set_find(set, ps.tmp.p[i]->id)->origin);
			r = IOMT_EINVAL;
			goto out;
		}
	if (set->n + ps.tmp.n > PROFILE_MAX) {
		snprintf(err, errlen, "%s: more than %d profiles in all",
		    name, PROFILE_MAX);
		r = IOMT_ELIMIT;
		goto out;
	}
	for (i = 0; i < ps.tmp.n; i++) {
		struct profile	*pr = ps.tmp.p[i];
		int		 replaced = 0;

		for (j = 0; j < set->n; j++)
			if (strcmp(set->p[j]->id, pr->id) == 0) {
				profile_free(set->p[j]);
				set->p[j] = pr;
				replaced = 1;
				break;
			}
		if (!replaced)
			profile_set_push(set, pr);
		ps.tmp.p[i] = NULL;
	}
	ps.tmp.n = 0;
	r = 0;
 out:
	profile_free(ps.cur);
	for (i = 0; i < ps.tmp.n; i++)
		profile_free(ps.tmp.p[i]);
	free(ps.tmp.p);
	return r;
}

int
profile_set_load(struct profile_set *set, const char *path, int local,
    char *err, size_t errlen)
{
	char	*buf = NULL;
	size_t	 n = 0;
	int	 r;

	if ((r = conf_file_read(path, PROFILE_FILE_MAX, &buf, &n, err,
	    errlen)) != 0)
		goto out;
	r = profile_set_load_buf(set, path, buf, n, local, err, errlen);
 out:
	free(buf);
	return r;
}
