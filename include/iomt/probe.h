/*
 * probe.h - C protocol probes: build requests, parse replies, no I/O.
 *
 * A probe holds one short conversation with one (host, port): it says what
 * to send first, then reads whatever has arrived and decides whether to
 * wait for more, send a next message (DICOM A-RELEASE-RQ after an
 * A-ASSOCIATE-AC, MQTT DISCONNECT after CONNACK) or finish.  It never
 * touches a socket, timer or the database: the engine (scan.c) connects,
 * paces, enforces the never-list and the host's safety level on every
 * send, caps what is read at max_reply, and stores the observations.  All
 * callbacks run on the loop thread and must not block or allocate without
 * a bound.  Parsers must accept input cut at any byte.  See docs/PROBES.md.
 */
#ifndef IOMT_PROBE_H
#define IOMT_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "iomt/obs.h"
#include "iomt/safety.h"

/* Per-scan settings a probe may read (owned by the engine). */
struct probe_config {
	const char	*dicom_called_ae;	/* default "ANY-SCP" */
	const char	*dicom_calling_ae;	/* default "IOMTSCAN" */
	const char	*const *snmp_communities; /* NULL-terminated; default {"public"} */
	size_t		 http_body_max;		/* default 16 KiB */
};

/* The (host, port) a conversation is with. */
struct probe_target {
	uint32_t	 ip;		/* host byte order */
	const char	*ip_str;	/* dotted quad */
	uint16_t	 port;
	const char	*proto;		/* "tcp" or "udp" */
	const struct probe_config *cfg;
};

/* Results of start() and input(). */
#define PROBE_DONE	0	/* finished: close gracefully */
#define PROBE_MORE	1	/* wait for more bytes (or EOF/timeout) */
#define PROBE_SEND	2	/* send out[0..*outn), then keep reading */

/* Flags for input(). */
#define PROBE_IN_EOF	0x01	/* peer closed; buf holds all there is */
#define PROBE_IN_TIMEOUT 0x02	/* read timer fired; buf holds all there is */

/* Flags of a probe. */
#define PROBE_F_TCP	0x0001	/* runs over a TCP connection */
#define PROBE_F_UDP	0x0002	/* one UDP request, one reply */
#define PROBE_F_PAYLOAD	0x0004	/* sends bytes (else passive read only) */

struct probe_ops {
	const char	*name;		/* "dicom-assoc": [a-z0-9-]+ */
	const char	*service;	/* service name recorded on success */
	const char	*summary;	/* one line for docs and --list-probes */
	uint32_t	 flags;		/* PROBE_F_* */
	enum safety_level level;	/* lowest host level that may run it */
	const uint16_t	*ports;		/* default ports, 0-terminated */
	size_t		 max_reply;	/* bytes kept; the engine cuts the rest */
	size_t		 state_size;	/* bytes of zeroed private state */
	unsigned	 timeout_ms;	/* read timeout per step */

	/*
	 * Called once the connection is up (TCP) or before the datagram is
	 * sent (UDP).  May write the first request into out (size outlen)
	 * and set *outn.  Return PROBE_SEND, PROBE_MORE (send nothing, wait
	 * for the peer to speak first), or a negative code.
	 */
	int	(*start)(void *state, const struct probe_target *t,
		    uint8_t *out, size_t outlen, size_t *outn);

	/*
	 * Called whenever bytes arrive (and on EOF or timeout, see flags).
	 * For TCP, buf holds everything received on this connection so far
	 * (at most max_reply bytes); for UDP, one datagram.  Add findings to
	 * obs.  Return PROBE_MORE, PROBE_SEND (with *outn bytes in out),
	 * PROBE_DONE, or a negative code (IOMT_EPROTO for a malformed reply;
	 * the engine records it and closes).  Never read past len.
	 */
	int	(*input)(void *state, const struct probe_target *t,
		    const uint8_t *buf, size_t len, unsigned flags,
		    struct obs *obs, uint8_t *out, size_t outlen, size_t *outn);

	/* Run canned replies through the parser; 0 on success. Required. */
	int	(*selftest)(void);
};

/*
 * Return the NULL-terminated registry of every compiled-in probe.  The
 * array is static.
 */
const struct probe_ops *const *probe_registry(void);

/* Return the probe named name, or NULL. */
const struct probe_ops *probe_find(const char *name);

/*
 * Return the probe to run on an open proto/port for a host at level, or
 * NULL when none applies (the engine then only records the port, or reads
 * a banner passively if level allows).  A probe applies when port is in
 * its list and its level is <= level.
 */
const struct probe_ops *probe_for_port(const char *proto, uint16_t port,
	    enum safety_level level);

/*
 * Run every probe's selftest; print failures to stderr.  Return the number
 * of probes that failed (0 on success).
 */
int	probe_selftest_all(void);

#endif /* IOMT_PROBE_H */
