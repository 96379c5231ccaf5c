/*
 * target.h - what to scan and what never to touch.
 *
 * Targets arrive as single IPv4 addresses, CIDR blocks, ranges
 * ("198.18.0.10-40" or "198.18.0.10-198.18.1.5") or files of those.  The
 * same parser reads exclusions, and an excluded address is removed before
 * any packet (ARP included) is planned.  Host names are refused: a
 * scanner of clinical networks must not depend on, or leak to, DNS.
 * IPv4 only for now.
 */
#ifndef IOMT_TARGET_H
#define IOMT_TARGET_H

#include <stddef.h>
#include <stdint.h>

struct target_range {
	uint32_t	lo;		/* host byte order, inclusive */
	uint32_t	hi;
};

struct target_set {
	struct target_range *r;		/* owned; sorted and merged by target_set_finish */
	size_t		 n;
	size_t		 cap;
};

/* Initialise an empty set.  Never fails. */
void	target_set_init(struct target_set *ts);

/* Free the ranges of ts and leave it empty.  NULL-safe. */
void	target_set_free(struct target_set *ts);

/*
 * Parse one target specification and add it to ts.  Return 0, or
 * IOMT_EINVAL with a one-line reason written to err (size errlen) when
 * spec is not an address, CIDR block or range (e.g. a host name, an
 * octet over 255, a prefix over 32, a range whose end precedes its start).
 */
int	target_set_add(struct target_set *ts, const char *spec, char *err,
	    size_t errlen);

/*
 * Add every target in the file at path: one or more specifications per
 * line separated by blanks or commas; '#' starts a comment.  Return 0,
 * -errno if the file cannot be read, or IOMT_EINVAL naming the file, line
 * and bad token in err.
 */
int	target_set_add_file(struct target_set *ts, const char *path,
	    char *err, size_t errlen);

/* Sort and merge overlapping ranges.  Call after the last add. */
void	target_set_finish(struct target_set *ts);

/* Number of addresses in ts (after target_set_finish). */
uint64_t target_set_count(const struct target_set *ts);

/* Return 1 if ip (host order) is in ts, else 0.  ts must be finished. */
int	target_set_contains(const struct target_set *ts, uint32_t ip);

/*
 * Expand incl minus excl into a new array of host-order addresses in
 * *ipsp (count in *np).  Refuse (IOMT_ELIMIT) when more than max addresses
 * would result.  Network and broadcast addresses of CIDR blocks are kept:
 * the caller filters them against the attached subnet.  The caller frees
 * *ipsp.
 */
int	target_expand(const struct target_set *incl,
	    const struct target_set *excl, uint64_t max, uint32_t **ipsp,
	    size_t *np);

/*
 * Shuffle the n addresses in ips in place with a keyed permutation from
 * seed, so that no device (or switch) sees a sequential sweep.
 */
void	target_shuffle(uint32_t *ips, size_t n, uint64_t seed);

/* Format host-order ip as dotted quad into dst (at least 16 bytes). */
char	*target_ntoa(uint32_t ip, char *dst, size_t dsize);

/* Parse a dotted quad into *ip (host order).  Return 0 or IOMT_EINVAL. */
int	target_aton(const char *s, uint32_t *ip);

#endif /* IOMT_TARGET_H */
