/*
 * src/safety/profile.c - parse and match fragile-device profiles (see safety.h and
 * docs/PROFILES.md).
 *
 * The format is line-based so that a clinical engineer can review a diff
 * of it, and parsed strictly so that a typo can never silently drop a
 * protection: every line is a known keyword with a valid value, or the
 * whole file is refused with "file:line: reason".  A file is parsed into a
 * scratch list first and merged only when all of it is good, so a failed
 * load leaves the set as it was.  Patterns are POSIX EREs compiled once;
 * nested or large bounded repetitions are refused at load (regcomp can
 * take exponential memory on them), and a pattern never sees more than
 * PROFILE_MATCH_MAX bytes of a value, so matching time is bounded.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"

/*
 * Largest {n,m} bound a pattern may use, how many bounds, and the largest
 * product of all its bounds: glibc's regcomp copies a bounded subpattern
 * once per count, so nested bounds multiply (a fuzzer found 4 nested
 * bounds of 16 taking over 2 GB).
 */
#define PROFILE_RE_BOUND_MAX	16
#define PROFILE_RE_BOUNDS_MAX	4
#define PROFILE_RE_PRODUCT_MAX	256
#define PROFILE_RE_DUPS_MAX	12	/* '+' and bounds in one pattern */

struct profile_sig {
	enum profile_sig_kind kind;
	char		 field[56];	/* keyword it came from */
	char		 key[KV_KEY_MAX];	/* observation key (OBS) */
	int		 key_suffix;	/* also keys ending ".<key>" */
	char		 text[PROFILE_RE_MAX + 1];	/* value as written */
	uint8_t		 oui[6];
	unsigned	 nibbles;
	uint8_t		 udp;
	uint16_t	 port;
	regex_t		 re;
	int		 has_re;
};

struct profile_set {
	struct profile	**p;
	size_t		 n;
	size_t		 cap;
};

/* Device classes (the identification taxonomy, docs/PROFILES.md). */
static const struct {
	const char	*word;
	uint32_t	 bit;
} forbid_words[] = {
	{ "udp", POLICY_F_UDP },
	{ "broadcast", POLICY_F_BROADCAST },
	{ "ftp", POLICY_F_FTP },
	{ "telnet", POLICY_F_TELNET },
	{ "tls", POLICY_F_TLS },
	{ "payload", POLICY_F_PAYLOAD },
	{ "arp-only", POLICY_F_ARP_ONLY },
	{ NULL, 0 }
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

uint32_t
profile_forbid_parse(const char *word)
{
	size_t	 i;

	for (i = 0; forbid_words[i].word != NULL; i++)
		if (strcmp(word, forbid_words[i].word) == 0)
			return forbid_words[i].bit;
	return 0;
}

char *
profile_forbid_str(uint32_t forbid, char *buf, size_t len)
{
	size_t	 i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; forbid_words[i].word != NULL; i++) {
		if ((forbid & forbid_words[i].bit) == 0)
			continue;
		if (buf[0] != '\0')
			strlcpy(buf + strlen(buf), " ", len - strlen(buf));
		strlcpy(buf + strlen(buf), forbid_words[i].word,
		    len - strlen(buf));
	}
	if (buf[0] == '\0')
		strlcpy(buf, "-", len);
	return buf;
}

/* Parse a hex MAC prefix of 6..12 digits.  Return 0 or IOMT_EINVAL. */
static int
oui_parse(const char *hex, uint8_t oui[6], unsigned *nibbles)
{
	unsigned	 n = 0;
	const char	*s;

	memset(oui, 0, 6);
	for (s = hex; *s != '\0'; s++) {
		int	 v;

		if (*s == ':' || *s == '-' || *s == '.')
			continue;
		if ((v = hex_value(*s)) < 0 || n >= 12)
			return IOMT_EINVAL;
		if (n % 2 == 0)
			oui[n / 2] = (uint8_t)(v << 4);
		else
			oui[n / 2] |= (uint8_t)v;
		n++;
	}
	if (n < 6)
		return IOMT_EINVAL;
	*nibbles = n;
	return 0;
}

static int
oui_prefix_match(const uint8_t *oui, unsigned nibbles, const uint8_t mac[6])
{
	unsigned	 i;

	for (i = 0; i < nibbles; i++) {
		unsigned a = i % 2 == 0 ? oui[i / 2] >> 4 : oui[i / 2] & 0xf;
		unsigned b = i % 2 == 0 ? mac[i / 2] >> 4 : mac[i / 2] & 0xf;

		if (a != b)
			return 0;
	}
	return 1;
}

int
profile_oui_match(const char *hex, const uint8_t mac[6])
{
	uint8_t		 oui[6];
	unsigned	 n;

	if (hex == NULL || mac == NULL || oui_parse(hex, oui, &n) != 0)
		return 0;
	return oui_prefix_match(oui, n, mac);
}

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

/* Return 1 if value is root or lies under it (root + "." + ...). */
static int
dotted_under(const char *value, const char *root)
{
	size_t	 n = strlen(root);

	while (*value == '.')
		value++;
	if (strncmp(value, root, n) != 0)
		return 0;
	return value[n] == '\0' || value[n] == '.';
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

/* regexec on at most PROFILE_MATCH_MAX bytes of value. */
static int
pat_match(const regex_t *re, const char *value)
{
	char	 buf[PROFILE_MATCH_MAX + 1];

	strlcpy(buf, value, sizeof(buf));
	return regexec(re, buf, 0, NULL, 0) == 0;
}

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

static void
profile_free(struct profile *pr)
{
	size_t	 i;

	if (pr == NULL)
		return;
	for (i = 0; i < pr->n_sigs; i++)
		if (pr->sigs[i].has_re)
			regfree(&pr->sigs[i].re);
	free(pr->sigs);
	free(pr->vendor);
	free(pr->product);
	free(pr->versions);
	free(pr->device_class);
	free(pr->hazard);
	free(pr->note);
	free(pr->source);
	free(pr);
}

struct profile_set *
profile_set_new(void)
{
	return xcalloc(1, sizeof(struct profile_set));
}

struct profile_set *
profile_set_free(struct profile_set *ps)
{
	size_t	 i;

	if (ps == NULL)
		return NULL;
	for (i = 0; i < ps->n; i++)
		profile_free(ps->p[i]);
	free(ps->p);
	free(ps);
	return NULL;
}

static void
set_push(struct profile_set *ps, struct profile *pr)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 32;
		ps->p = xreallocarray(ps->p, ps->cap, sizeof(*ps->p));
	}
	ps->p[ps->n++] = pr;
}

size_t
profile_set_count(const struct profile_set *ps)
{
	return ps != NULL ? ps->n : 0;
}

const struct profile *
profile_set_get(const struct profile_set *ps, size_t i)
{
	return ps != NULL && i < ps->n ? ps->p[i] : NULL;
}

const struct profile *
profile_set_find(const struct profile_set *ps, const char *id)
{
	size_t	 i;

	if (ps == NULL || id == NULL)
		return NULL;
	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i]->id, id) == 0)
			return ps->p[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

struct parser {
	const char	*name;
	size_t		 line;
	int		 local;
	char		*err;
	size_t		 errlen;
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

static int perr(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
perr(struct parser *ps, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	va_start(ap, fmt);
	r = profile_verr(ps->err, ps->errlen, ps->name, ps->line, fmt, ap);
	va_end(ap);
	return r;
}

/* ---- line helpers shared with the policy file (see safety.h) ---- */

int
profile_verr(char *err, size_t errlen, const char *name, size_t line,
    const char *fmt, va_list ap)
{
	size_t	 n;

	if (errlen == 0)
		return IOMT_EINVAL;
	snprintf(err, errlen, "%s:%zu: ", name, line);
	n = strlen(err);
	vsnprintf(err + n, errlen - n, fmt, ap);
	return IOMT_EINVAL;
}

void
profile_cut_comment(char *s, int quotes)
{
	char	*p;
	int	 q = 0;
	size_t	 n;

	for (p = s; *p != '\0'; p++) {
		if (quotes && *p == '"')
			q = !q;
		else if (!q && *p == '#' && (p == s || p[-1] == ' ' ||
		    p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

char *
profile_word(char **sp)
{
	char	*s = *sp, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*sp = s;
		return NULL;
	}
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*sp = s;
	return w;
}

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
		return perr(ps, "%s needs a pattern", field);
	if (strlen(pat) > PROFILE_RE_MAX)
		return perr(ps, "%s pattern longer than %d bytes", field,
		    PROFILE_RE_MAX);
	if (!pat_bounded(pat))
		return perr(ps, "%s pattern: repetition bounds above %d, "
		    "more than %d of them, or whose product is above %d, "
		    "stacked quantifiers, or more than %d '+' and bounds are "
		    "not allowed", field, PROFILE_RE_BOUND_MAX,
		    PROFILE_RE_BOUNDS_MAX, PROFILE_RE_PRODUCT_MAX,
		    PROFILE_RE_DUPS_MAX);
	if ((sg = sig_new(ps, kind, field)) == NULL)
		return perr(ps, "more than %d match signals",
		    PROFILE_MAX_SIGS);
	strlcpy(sg->key, key, sizeof(sg->key));
	sg->key_suffix = suffix;
	strlcpy(sg->text, pat, sizeof(sg->text));
	rc = regcomp(&sg->re, pat, REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &sg->re, msg, sizeof(msg));
		ps->cur->n_sigs--;
		return perr(ps, "%s: bad pattern '%s': %s", field, pat, msg);
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
		return perr(ps, "%s given twice", field);
	if (*val == '\0')
		return perr(ps, "%s needs a value", field);
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

		w = profile_word(&rest);
		if (w == NULL || strlen(w) >= KV_KEY_MAX)
			return perr(ps, "match-obs needs a key (at most %d "
			    "characters) and a pattern", KV_KEY_MAX - 1);
		while (*rest == ' ' || *rest == '\t')
			rest++;
		snprintf(field, sizeof(field), "match-obs %s", w);
		return sig_regex(ps, field, w, 0, PROFILE_SIG_OBS, rest);
	}

	profile_cut_comment(rest, 0);
	if (strcmp(kw, "vendor") == 0)
		return set_text(ps, &pr->vendor, SEEN_VENDOR, kw, rest);
	if (strcmp(kw, "product") == 0)
		return set_text(ps, &pr->product, SEEN_PRODUCT, kw, rest);
	if (strcmp(kw, "versions") == 0)
		return set_text(ps, &pr->versions, SEEN_VERSIONS, kw, rest);
	if (strcmp(kw, "hazard") == 0 || strcmp(kw, "note") == 0 ||
	    strcmp(kw, "source") == 0) {
		if (*rest == '\0')
			return perr(ps, "%s needs a value", kw);
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
			return perr(ps, "unknown device class '%s'", rest);
		return set_text(ps, &pr->device_class, SEEN_CLASS, kw, rest);
	}
	if (strcmp(kw, "reviewed") == 0) {
		if (ps->seen & SEEN_REVIEWED)
			return perr(ps, "reviewed given twice");
		if (!date_ok(rest))
			return perr(ps, "reviewed must be a date YYYY-MM-DD, "
			    "not '%s'", rest);
		ps->seen |= SEEN_REVIEWED;
		strlcpy(pr->reviewed, rest, sizeof(pr->reviewed));
		return 0;
	}
	if (strcmp(kw, "match") == 0) {
		if (ps->seen & SEEN_MATCH)
			return perr(ps, "match given twice");
		ps->seen |= SEEN_MATCH;
		if (strcmp(rest, "any") == 0)
			pr->match_all = 0;
		else if (strcmp(rest, "all") == 0)
			pr->match_all = 1;
		else
			return perr(ps, "match must be 'any' or 'all', not "
			    "'%s'", rest);
		return 0;
	}
	if (strcmp(kw, "level") == 0) {
		int	 l = safety_level_parse(rest);

		if (ps->seen & SEEN_LEVEL)
			return perr(ps, "level given twice");
		if (l < 0)
			return perr(ps, "unknown level '%s' (passive, "
			    "discovery, gentle, standard, clinical)", rest);
		ps->seen |= SEEN_LEVEL;
		pr->level = (enum safety_level)l;
		return 0;
	}
	if (strcmp(kw, "rate") == 0) {
		if (ps->seen & SEEN_RATE)
			return perr(ps, "rate given twice");
		if (parse_double(rest, 0.1, 1000, &d) != 0)
			return perr(ps, "rate must be packets/s in 0.1..1000, "
			    "not '%s'", rest);
		ps->seen |= SEEN_RATE;
		pr->pps = d;
		return 0;
	}
	if (strcmp(kw, "conns") == 0) {
		if (ps->seen & SEEN_CONNS)
			return perr(ps, "conns given twice");
		if (parse_ll(rest, 1, 4, &v) != 0)
			return perr(ps, "conns must be 1..4, not '%s'", rest);
		ps->seen |= SEEN_CONNS;
		pr->conns = (int)v;
		return 0;
	}
	if (strcmp(kw, "gap") == 0) {
		if (ps->seen & SEEN_GAP)
			return perr(ps, "gap given twice");
		if (parse_ll(rest, 100, 3600000, &v) != 0)
			return perr(ps, "gap must be 100..3600000 ms, not "
			    "'%s'", rest);
		ps->seen |= SEEN_GAP;
		pr->gap_ms = (unsigned)v;
		return 0;
	}
	if (strcmp(kw, "ports") == 0) {
		if (ps->seen & SEEN_PORTS)
			return perr(ps, "ports given twice");
		ps->seen |= SEEN_PORTS;
		pr->restrict_ports = 1;
		if (strcmp(rest, "none") == 0)
			return 0;
		while ((w = profile_word(&rest)) != NULL) {
			uint8_t		 udp;
			uint16_t	 port;

			if (proto_port_parse(w, &udp, &port) != 0 || udp)
				return perr(ps, "ports lists tcp/PORT words "
				    "(or 'none'), not '%s'", w);
			if (pr->n_ports >= POLICY_MAX_PORTS)
				return perr(ps, "more than %d ports",
				    POLICY_MAX_PORTS);
			pr->ports[pr->n_ports++] = port;
			n++;
		}
		if (n == 0)
			return perr(ps, "ports needs tcp/PORT words or "
			    "'none'");
		return 0;
	}
	if (strcmp(kw, "forbid") == 0) {
		while ((w = profile_word(&rest)) != NULL) {
			uint32_t bit = profile_forbid_parse(w);

			if (bit == 0)
				return perr(ps, "unknown forbid word '%s' (udp "
				    "broadcast ftp telnet tls payload "
				    "arp-only)", w);
			pr->forbid |= bit;
			n++;
		}
		if (n == 0)
			return perr(ps, "forbid needs at least one word");
		return 0;
	}
	if (strcmp(kw, "match-oui") == 0) {
		while ((w = profile_word(&rest)) != NULL) {
			if ((sg = sig_new(ps, PROFILE_SIG_OUI, kw)) == NULL)
				return perr(ps, "more than %d match signals",
				    PROFILE_MAX_SIGS);
			if (oui_parse(w, sg->oui, &sg->nibbles) != 0) {
				pr->n_sigs--;
				return perr(ps, "match-oui needs 6 to 12 hex "
				    "digits, not '%s'", w);
			}
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return perr(ps, "match-oui needs at least one prefix");
		return 0;
	}
	if (strcmp(kw, "match-port") == 0) {
		while ((w = profile_word(&rest)) != NULL) {
			if ((sg = sig_new(ps, PROFILE_SIG_PORT, kw)) == NULL)
				return perr(ps, "more than %d match signals",
				    PROFILE_MAX_SIGS);
			if (proto_port_parse(w, &sg->udp, &sg->port) != 0) {
				pr->n_sigs--;
				return perr(ps, "match-port needs tcp/PORT or "
				    "udp/PORT, not '%s'", w);
			}
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return perr(ps, "match-port needs at least one port");
		return 0;
	}
	if (strcmp(kw, "match-dicom-uid-root") == 0 ||
	    strcmp(kw, "match-sysobjectid-prefix") == 0) {
		int	 dicom = kw[6] == 'd';

		while ((w = profile_word(&rest)) != NULL) {
			if (!dotted_ok(w))
				return perr(ps, "%s needs dotted numbers such "
				    "as 1.3.46.670589, not '%s'", kw, w);
			if ((sg = sig_new(ps, dicom ? PROFILE_SIG_DICOM_ROOT :
			    PROFILE_SIG_OID_PREFIX, kw)) == NULL)
				return perr(ps, "more than %d match signals",
				    PROFILE_MAX_SIGS);
			strlcpy(sg->key, dicom ? "dicom.impl_uid" :
			    "snmp.sysobjectid", sizeof(sg->key));
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return perr(ps, "%s needs at least one value", kw);
		return 0;
	}
	if (strcmp(kw, "match-class") == 0) {
		while ((w = profile_word(&rest)) != NULL) {
			if (!device_class_valid(w))
				return perr(ps, "unknown device class '%s'",
				    w);
			if ((sg = sig_new(ps, PROFILE_SIG_CLASS, kw)) == NULL)
				return perr(ps, "more than %d match signals",
				    PROFILE_MAX_SIGS);
			strlcpy(sg->text, w, sizeof(sg->text));
			n++;
		}
		if (n == 0)
			return perr(ps, "match-class needs at least one class");
		return 0;
	}
	return perr(ps, "unknown keyword '%s'", kw);
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
			return perr(ps, "profile %s has no %s", pr->id,
			    req[i].name);
	if (pr->n_sigs == 0)
		return perr(ps, "profile %s has no match-* signal", pr->id);
	if (pr->versions == NULL)
		pr->versions = xstrdup("");
	if (pr->device_class == NULL)
		pr->device_class = xstrdup("");
	if (pr->note == NULL)
		pr->note = xstrdup("");
	if (ps->tmp.n >= PROFILE_MAX)
		return perr(ps, "more than %d profiles", PROFILE_MAX);
	set_push(&ps->tmp, pr);
	ps->cur = NULL;
	return 0;
}

static int
parse_line(struct parser *ps, char *line)
{
	char	*rest = line, *kw;
	size_t	 i;

	kw = profile_word(&rest);
	if (kw == NULL || kw[0] == '#')
		return 0;
	while (*rest == ' ' || *rest == '\t')
		rest++;

	if (ps->cur != NULL) {
		if (strcmp(kw, "end") == 0) {
			profile_cut_comment(rest, 0);
			if (*rest != '\0')
				return perr(ps, "'end' takes nothing");
			return profile_close(ps);
		}
		if (strcmp(kw, "profile") == 0)
			return perr(ps, "profile %s is not closed with 'end'",
			    ps->cur->id);
		return parse_field(ps, kw, rest);
	}
	profile_cut_comment(rest, 0);
	if (strcmp(kw, "format") == 0) {
		long long	 v;

		if (ps->have_format)
			return perr(ps, "format given twice");
		if (parse_ll(rest, 1, 1000, &v) != 0)
			return perr(ps, "format needs a number");
		if (v != PROFILE_FORMAT)
			return perr(ps, "format %lld is not supported (this "
			    "iomtscan reads format %d)", v, PROFILE_FORMAT);
		ps->have_format = 1;
		return 0;
	}
	if (!ps->have_format)
		return perr(ps, "the file must start with 'format %d'",
		    PROFILE_FORMAT);
	if (strcmp(kw, "profile") != 0)
		return perr(ps, "'%s' outside a profile (expected 'profile "
		    "ID')", kw);
	if (!id_ok(rest))
		return perr(ps, "bad profile id '%s' (lower-case letters, "
		    "digits, '-' and '.', at most %d)", rest,
		    PROFILE_ID_MAX - 1);
	for (i = 0; i < ps->tmp.n; i++)
		if (strcmp(ps->tmp.p[i]->id, rest) == 0)
			return perr(ps, "profile %s defined twice (first at "
			    "%s)", rest, ps->tmp.p[i]->origin);
	ps->cur = xcalloc(1, sizeof(*ps->cur));
	strlcpy(ps->cur->id, rest, sizeof(ps->cur->id));
	snprintf(ps->cur->origin, sizeof(ps->cur->origin), "%s:%zu",
	    ps->name, ps->line);
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
	char		 line[PROFILE_LINE_MAX + 1];
	size_t		 off = 0, i, j;
	int		 r = IOMT_EINVAL;

	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	ps.local = local;
	ps.err = err;
	ps.errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
	if (len > PROFILE_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", name,
		    PROFILE_FILE_MAX);
		r = IOMT_ELIMIT;
		goto out;
	}
	while (off < len) {
		size_t	 n = 0;

		ps.line++;
		while (off < len && buf[off] != '\n') {
			unsigned char c = (unsigned char)buf[off++];

			if (c == '\r' && (off == len || buf[off] == '\n'))
				continue;
			if (c == '\0' || (c < 0x20 && c != '\t') || c == 0x7f) {
				r = perr(&ps, "control character 0x%02x", c);
				goto out;
			}
			if (n >= PROFILE_LINE_MAX) {
				r = perr(&ps, "line longer than %d bytes",
				    PROFILE_LINE_MAX);
				goto out;
			}
			line[n++] = (char)c;
		}
		line[n] = '\0';
		if (off < len)
			off++;		/* the '\n' */
		if ((r = parse_line(&ps, line)) != 0)
			goto out;
	}
	if (ps.cur != NULL) {
		r = perr(&ps, "profile %s is not closed with 'end'",
		    ps.cur->id);
		goto out;
	}
	if (!ps.have_format) {
		ps.line = ps.line ? ps.line : 1;
		r = perr(&ps, "the file must start with 'format %d'",
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
			set_push(set, pr);
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

	if ((r = file_read(path, PROFILE_FILE_MAX, &buf, &n)) != 0) {
		if (r == IOMT_ELIMIT)
			snprintf(err, errlen, "%s: larger than %d bytes", path,
			    PROFILE_FILE_MAX);
		else
			snprintf(err, errlen, "%s: %s", path, iomt_strerror(r));
		goto out;
	}
	r = profile_set_load_buf(set, path, buf, n, local, err, errlen);
 out:
	free(buf);
	return r;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

static int
obs_key_match(const struct profile_sig *sg, const char *key)
{
	size_t	 kl, sl;

	if (key == NULL)
		return 0;
	if (strcmp(key, sg->key) == 0)
		return 1;
	if (!sg->key_suffix)
		return 0;
	kl = strlen(key);
	sl = strlen(sg->key);
	return kl > sl + 1 && key[kl - sl - 1] == '.' &&
	    strcmp(key + kl - sl, sg->key) == 0;
}

static void
why_add(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
why_add(char *why, size_t whylen, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;

	if (why == NULL || whylen == 0)
		return;
	n = strlen(why);
	if (n > 0 && n + 2 < whylen) {
		strlcpy(why + n, ", ", whylen - n);
		n += 2;
	}
	if (n + 1 >= whylen)
		return;
	va_start(ap, fmt);
	vsnprintf(why + n, whylen - n, fmt, ap);
	va_end(ap);
}

/* Does one observation meet signal sg?  Writes why on a match. */
static int
sig_obs(const struct profile_sig *sg, const struct observation *o,
    char *why, size_t whylen)
{
	char	 val[64], where[24] = "";

	if (o == NULL || o->value == NULL)
		return 0;
	if (o->proto != NULL && o->port != 0)
		snprintf(where, sizeof(where), " on %s/%u", o->proto,
		    o->port);
	switch (sg->kind) {
	case PROFILE_SIG_PORT:
		if (o->proto == NULL || o->port != sg->port ||
		    (strcmp(o->proto, "udp") == 0) != sg->udp)
			return 0;
		why_add(why, whylen, "%s in use (%s)", sg->text, o->key);
		return 1;
	case PROFILE_SIG_OBS:
		if (!obs_key_match(sg, o->key) || !pat_match(&sg->re, o->value))
			return 0;
		str_printable(val, sizeof(val), (const uint8_t *)o->value,
		    strnlen(o->value, sizeof(val)));
		why_add(why, whylen, "%s \"%s\" ~ /%s/%s", o->key, val,
		    sg->text, where);
		return 1;
	case PROFILE_SIG_DICOM_ROOT:
	case PROFILE_SIG_OID_PREFIX:
		if (!obs_key_match(sg, o->key) ||
		    !dotted_under(o->value, sg->text))
			return 0;
		why_add(why, whylen, "%s under %s%s", sg->key, sg->text,
		    where);
		return 1;
	default:
		return 0;
	}
}

/* Does anything known meet signal sg? */
static int
sig_met(const struct profile_sig *sg, const struct policy_facts *f,
    const struct observation *extra, char *why, size_t whylen)
{
	size_t	 i;

	switch (sg->kind) {
	case PROFILE_SIG_OUI:
		/* A locally administered MAC is random or virtual: no
		 * vendor can be read from it. */
		if (f->mac == NULL || (f->mac[0] & 0x02) != 0 ||
		    !oui_prefix_match(sg->oui, sg->nibbles, f->mac))
			return 0;
		why_add(why, whylen, "oui %s", sg->text);
		return 1;
	case PROFILE_SIG_VENDOR:
		if (f->oui_vendor != NULL &&
		    pat_match(&sg->re, f->oui_vendor)) {
			why_add(why, whylen, "OUI vendor ~ /%s/", sg->text);
			return 1;
		}
		if (f->prior_vendor != NULL &&
		    pat_match(&sg->re, f->prior_vendor)) {
			why_add(why, whylen, "earlier identity vendor ~ /%s/",
			    sg->text);
			return 1;
		}
		return 0;
	case PROFILE_SIG_CLASS:
		if (f->prior_class == NULL ||
		    strcmp(f->prior_class, sg->text) != 0)
			return 0;
		why_add(why, whylen, "earlier identity class %s", sg->text);
		return 1;
	case PROFILE_SIG_PORT:
		for (i = 0; i < f->n_open && f->open != NULL; i++)
			if (f->open[i].port == sg->port &&
			    f->open[i].udp == sg->udp) {
				why_add(why, whylen, "%s seen open", sg->text);
				return 1;
			}
		break;
	default:
		break;
	}
	for (i = 0; i < f->n_obs && f->obs != NULL; i++)
		if (sig_obs(sg, &f->obs[i], why, whylen))
			return 1;
	return extra != NULL && sig_obs(sg, extra, why, whylen);
}

/* Is id one of the ids in list (comma or blank separated)? */
static int
id_in_list(const char *id, const char *list)
{
	size_t	 n = strlen(id);
	const char *s = list;

	while (s != NULL && *s != '\0') {
		size_t	 w;

		while (*s == ',' || *s == ' ')
			s++;
		w = strcspn(s, ", ");
		if (w == n && strncmp(s, id, n) == 0)
			return 1;
		s += w;
	}
	return 0;
}

int
profile_match(const struct profile *pr, const struct policy_facts *f,
    const struct observation *extra, char *why, size_t whylen)
{
	size_t	 i, j;
	int	 any = 0;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (f->prior_profile != NULL && id_in_list(pr->id, f->prior_profile)) {
		why_add(why, whylen, "matched in an earlier scan");
		return 1;
	}
	if (!pr->match_all) {
		for (i = 0; i < pr->n_sigs; i++)
			if (sig_met(&pr->sigs[i], f, extra, why, whylen))
				return 1;
		return 0;
	}
	/* match all: each keyword group needs one of its values. */
	for (i = 0; i < pr->n_sigs; i++) {
		int	 done = 0, met = 0;

		for (j = 0; j < i; j++)
			if (strcmp(pr->sigs[j].field, pr->sigs[i].field) == 0)
				done = 1;
		if (done)
			continue;
		for (j = i; j < pr->n_sigs && !met; j++)
			if (strcmp(pr->sigs[j].field, pr->sigs[i].field) == 0 &&
			    sig_met(&pr->sigs[j], f, extra, why, whylen))
				met = 1;
		if (!met) {
			if (why != NULL && whylen > 0)
				why[0] = '\0';
			return 0;
		}
		any = 1;
	}
	return any;
}

char *
profile_sigs_str(const struct profile *pr, const char *indent, char *buf,
    size_t len)
{
	size_t	 i, j;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < pr->n_sigs; i++) {
		const struct profile_sig *sg = &pr->sigs[i];
		int	 first = 1, list;

		for (j = 0; j < i; j++)
			if (strcmp(pr->sigs[j].field, sg->field) == 0)
				first = 0;
		list = sg->kind == PROFILE_SIG_OUI ||
		    sg->kind == PROFILE_SIG_PORT ||
		    sg->kind == PROFILE_SIG_DICOM_ROOT ||
		    sg->kind == PROFILE_SIG_OID_PREFIX ||
		    sg->kind == PROFILE_SIG_CLASS;
		if (list && !first)
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%-14s",
		    indent, sg->field);
		if (!list) {
			snprintf(buf + strlen(buf), len - strlen(buf),
			    " %s\n", sg->text);
			continue;
		}
		for (j = i; j < pr->n_sigs; j++)
			if (strcmp(pr->sigs[j].field, sg->field) == 0)
				snprintf(buf + strlen(buf), len - strlen(buf),
				    " %s", pr->sigs[j].text);
		snprintf(buf + strlen(buf), len - strlen(buf), "\n");
	}
	return buf;
}
