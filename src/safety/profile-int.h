/*
 * src/safety/profile-int.h - what the profile files in src/safety/ share
 * and nothing else uses: the compiled form of a signal, the set, and the
 * OUI-prefix helpers the parser and the matcher both need.
 *
 * profile.c owns the set (creating, freeing, finding), profile-parse.c
 * turns profile files into it (docs/PROFILES.md), profile-match.c decides
 * which profiles a host's facts match and why.
 */
#ifndef IOMT_PROFILE_INT_H
#define IOMT_PROFILE_INT_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

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

/* One identifying signal, compiled at load. */
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

/* Return 1 if the first nibbles hex digits of mac equal those of oui. */
int	profile_oui_prefix(const uint8_t *oui, unsigned nibbles,
	    const uint8_t mac[6]);

/* Free pr and everything it owns (compiled patterns included); NULL ok. */
void	profile_free(struct profile *pr);

/* Append pr to ps, which takes ownership.  Grows ps; aborts on OOM. */
void	profile_set_push(struct profile_set *ps, struct profile *pr);

#endif /* IOMT_PROFILE_INT_H */
