/*
 * src/safety/profile.c - the set of fragile-device profiles (see safety.h
 * and docs/PROFILES.md): creating, freeing and finding profiles, the
 * forbidden probe kinds by name, and MAC prefixes of any length.
 *
 * A profile set is data a clinical engineer reviews; profile-parse.c
 * builds it from the shipped and the site's files, strictly, and
 * profile-match.c tells which profiles a host's facts match.  This file
 * holds what both of them and the policy rely on.
 */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "profile-int.h"

/* A word of the files and its bit. */
struct word_bit {
	const char	*word;
	uint32_t	 bit;
};

/* The probe kinds a profile or policy may forbid (docs/PROFILES.md). */
static const struct word_bit forbid_words[] = {
	{ "udp", POLICY_F_UDP },
	{ "broadcast", POLICY_F_BROADCAST },
	{ "ftp", POLICY_F_FTP },
	{ "telnet", POLICY_F_TELNET },
	{ "tls", POLICY_F_TLS },
	{ "payload", POLICY_F_PAYLOAD },
	{ "arp-only", POLICY_F_ARP_ONLY },
	{ NULL, 0 }
};

/* What a profile or policy line may allow (docs/POLICY.md). */
static const struct word_bit allow_words[] = {
	{ "snmp", POLICY_A_SNMP },
	{ NULL, 0 }
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */

static uint32_t
word_parse(const struct word_bit *t, const char *word)
{
	size_t	 i;

	for (i = 0; t[i].word != NULL; i++)
		if (strcmp(word, t[i].word) == 0)
			return t[i].bit;
	return 0;
}

static char *
word_str(const struct word_bit *t, uint32_t bits, char *buf, size_t len)
{
	size_t	 i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; t[i].word != NULL; i++) {
		if ((bits & t[i].bit) == 0)
			continue;
		if (buf[0] != '\0')
			strlcpy(buf + strlen(buf), " ", len - strlen(buf));
		strlcpy(buf + strlen(buf), t[i].word, len - strlen(buf));
	}
	if (buf[0] == '\0')
		strlcpy(buf, "-", len);
	return buf;
}

uint32_t
profile_forbid_parse(const char *word)
{
	return word_parse(forbid_words, word);
}

char *
profile_forbid_str(uint32_t forbid, char *buf, size_t len)
{
	return word_str(forbid_words, forbid, buf, len);
}

uint32_t
profile_allow_parse(const char *word)
{
	return word_parse(allow_words, word);
}

char *
profile_allow_str(uint32_t allow, char *buf, size_t len)
{
	return word_str(allow_words, allow, buf, len);
}

/* Parse a hex MAC prefix of 6..12 digits.  Return 0 or IOMT_EINVAL. */
int
profile_oui_parse(const char *hex, uint8_t oui[6], unsigned *nibbles)
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

int
profile_oui_prefix(const uint8_t *oui, unsigned nibbles, const uint8_t mac[6])
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

	if (hex == NULL || mac == NULL || profile_oui_parse(hex, oui, &n) != 0)
		return 0;
	return profile_oui_prefix(oui, n, mac);
}

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

void
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

void
profile_set_push(struct profile_set *ps, struct profile *pr)
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
