/*
 * net.h - the network plumbing layer (src/net/): targets and exclusions,
 * interfaces and routes, ARP in and out, and the privilege drop.  Depends
 * only on util.
 */
#ifndef IOMT_NET_H
#define IOMT_NET_H

/* ------------------------------------------------------------------ */
/*
 * net.h - what to scan and what never to touch.
 *
 * Targets arrive as single IPv4 addresses, CIDR blocks, ranges
 * ("198.18.0.10-40" or "198.18.0.10-198.18.1.5") or files of those.  The
 * same parser reads exclusions, and an excluded address is removed before
 * any packet (ARP included) is planned.  Host names are refused: a
 * scanner of clinical networks must not depend on, or leak to, DNS.
 * IPv4 only for now.
 */

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

/* ------------------------------------------------------------------ */
/*
 * net.h - which interface reaches a target, and is it on-link?
 *
 * ARP only works for addresses on a directly attached subnet; everything
 * else is discovered by TCP connect.  This asks the kernel's interface
 * table (libdnet intf) once at start and answers per address.
 */

#include <stdint.h>

struct netif {
	char		name[32];
	uint32_t	addr;		/* our address, host order */
	uint32_t	mask;		/* host order */
	uint8_t		mac[6];
	int		up;
};

/*
 * Find the interface whose subnet contains ip (host order), or the one
 * named name when name is not NULL.  Return 0 and fill *out, or
 * IOMT_ENOTFOUND.  Loopback and interfaces without an IPv4 address or a
 * MAC are ignored.
 */
int	netif_for(uint32_t ip, const char *name, struct netif *out);

/* Return 1 if ip is on nif's subnet (and not its network/broadcast). */
int	netif_onlink(const struct netif *nif, uint32_t ip);

/* ------------------------------------------------------------------ */
/*
 * net.h - ARP requests out (libdnet), ARP replies in (libpcap).
 *
 * Building and parsing are kept apart from I/O so the parser can be fuzzed
 * and tested against recorded frames.  Replies are read from a non-blocking
 * pcap handle whose selectable descriptor sits on a uv_poll_t in src/engine/arp.c.
 */

#include <stddef.h>
#include <stdint.h>

#define ARP_FRAME_LEN	42	/* Ethernet + ARP for IPv4, unpadded */

/*
 * Build a broadcast ARP request from (src_mac, src_ip) for tip into buf
 * (at least ARP_FRAME_LEN bytes).  Return the frame length.
 */
size_t	arp_build_request(uint8_t *buf, const uint8_t src_mac[6],
	    uint32_t src_ip, uint32_t tip);

/*
 * Parse an Ethernet frame of len bytes.  If it is an ARP reply (or a
 * request, which also proves the sender is alive) for IPv4 over Ethernet,
 * set *sip (host order) and smac to the sender and return 0; otherwise
 * IOMT_EPROTO or IOMT_ETRUNC.  Never reads past len.
 */
int	arp_parse(const uint8_t *frame, size_t len, uint32_t *sip,
	    uint8_t smac[6]);

/* ------------------------------------------------------------------ */
/*
 * net.h - give up root once the raw handles are open.
 *
 * The scanner needs root (or CAP_NET_RAW) only to open the pcap and libdnet
 * handles.  It drops to an unprivileged user before it reads a single byte
 * a device sent, so a parser bug cannot become a root compromise.
 */

/*
 * If running as root, empty the capability bounding set, then switch to
 * user (setgroups, setgid, setuid) and verify that root cannot be
 * regained.  user NULL means "nobody".  When not root, give up every
 * capability the process holds (a binary installed with setcap, or a
 * systemd unit's AmbientCapabilities).  Return 0, IOMT_EINVAL for an
 * unknown user, or -errno.
 */
int	privdrop(const char *user);

/*
 * Look up user (NULL: "nobody") without changing anything, so a command
 * can refuse an unknown --user before it creates a file or sends a
 * packet.  Return 0 or IOMT_EINVAL.
 */
int	privdrop_check_user(const char *user);

/*
 * Confine the process for the rest of its life, as OpenSSH's privilege-
 * separated child does: set no_new_privs and install a seccomp filter
 * that allows only what the event loop, the capture and raw handles
 * already open, TCP/UDP sockets, SQLite on files already open and the Lua
 * scripts need.  Anything else kills the process (SIGSYS): a parser that
 * was made to exec a shell, trace a process or open a netlink socket
 * ends the scan, never reaches the host.  Opening a file for writing,
 * unlinking or renaming fail with EACCES instead (SQLite copes).  Call it
 * after every file and handle the run needs is open and before the first
 * byte from a device is parsed.  The environment variable IOMT_SECCOMP=log
 * logs (audit) instead of killing, for diagnosing a denied call; sanitizer
 * builds skip the filter unless IOMT_SECCOMP=on.  Return 0,
 * or a negative error when the filter cannot be installed (the caller
 * decides whether to go on).
 */
int	privdrop_confine(void);

/* Return 1 if the process may open raw sockets (root or CAP_NET_RAW). */
int	privdrop_have_raw(void);

#endif /* IOMT_NET_H */
