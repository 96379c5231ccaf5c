/*
 * src/safety/profile-match.c - which fragile-device profiles a host's
 * facts match, and why (docs/PROFILES.md, "Matching").
 *
 * A profile matches when any of its signals is met by what the inventory
 * knows: the MAC prefix, a port seen in use, an observation matching a
 * pattern, a DICOM implementation UID or SNMP sysObjectID under a root,
 * an earlier identity.  Each match says which signal met it, in words a
 * clinical engineer can check.  A pattern never sees more than
 * PROFILE_MATCH_MAX bytes of a value, so matching time is bounded.
 */
#include "config.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "profile-int.h"

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

/* regexec on at most PROFILE_MATCH_MAX bytes of value. */
static int
pat_match(const regex_t *re, const char *value)
{
	char	 buf[PROFILE_MATCH_MAX + 1];

	strlcpy(buf, value, sizeof(buf));
	return regexec(re, buf, 0, NULL, 0) == 0;
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
		    !profile_oui_prefix(sg->oui, sg->nibbles, f->mac))
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
