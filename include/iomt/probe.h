/*
 * probe.h - the C protocol probe layer (src/probe/): request builders and
 * reply parsers of the standard probes, no I/O.  Depends on util and safety.
 */
#ifndef IOMT_PROBE_H
#define IOMT_PROBE_H

/* ------------------------------------------------------------------ */
/*
 * probe.h - C protocol probes: build requests, parse replies, no I/O.
 *
 * A probe holds one short conversation with one (host, port): it says what
 * to send first, then reads whatever has arrived and decides whether to
 * wait for more, send a next message (DICOM A-RELEASE-RQ after an
 * A-ASSOCIATE-AC, MQTT DISCONNECT after CONNACK) or finish.  It never
 * touches a socket, timer or the database: the engine (src/engine/tcp.c) connects,
 * paces, enforces the never-list and the host's safety level on every
 * send, caps what is read at max_reply, and stores the observations.  All
 * callbacks run on the loop thread and must not block or allocate without
 * a bound.  Parsers must accept input cut at any byte.  See docs/PROBES.md.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "iomt/util.h"
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
	const char	*name;		/* host name when known (TLS SNI), or NULL */
	const struct probe_config *cfg;
};

/* Results of start() and input(). */
#define PROBE_DONE	0	/* finished: close gracefully */
#define PROBE_MORE	1	/* wait for more bytes (or EOF/timeout) */
#define PROBE_SEND	2	/* send out[0..*outn), then keep reading */
#define PROBE_FIN	3	/* send out[0..*outn), then close gracefully */

/* Flags for input(). */
#define PROBE_IN_EOF	0x01	/* peer closed; buf holds all there is */
#define PROBE_IN_TIMEOUT 0x02	/* read timer fired; buf holds all there is */

/* Flags of a probe. */
#define PROBE_F_TCP	0x0001	/* runs over a TCP connection */
#define PROBE_F_UDP	0x0002	/* one UDP request, one reply */
#define PROBE_F_PAYLOAD	0x0004	/* sends bytes (else passive read only) */
#define PROBE_F_TLS	0x0008	/* a TLS handshake: never where TLS is forbidden */

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
	unsigned	 sends;		/* most messages one run sends; 0 means
					 * PACE_PAYLOAD_SENDS (the plan's cost) */

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
		    struct kvset *obs, uint8_t *out, size_t outlen, size_t *outn);

	/*
	 * Optional (NULL: the probe never asks for a second run).  Prepare
	 * a fresh, zeroed state for the second run the previous run asked
	 * for with the observation "probe.again" = arg.  arg came from a
	 * device: check it again.  Return 0, or IOMT_EINVAL when arg is not
	 * acceptable (then nothing runs).  Called through proto_again().
	 */
	int	(*again)(void *state, const char *arg);

	/*
	 * Optional (NULL: none).  The probe whose second run this probe may
	 * ask for on the same port with the observation "probe.next" = that
	 * name (http-get: "tls-handshake" when a web port answers plain
	 * HTTP as a TLS server).  The engine runs it once per host, as a
	 * second run with an empty argument, if the host's policy allows
	 * it; the plan charges it.
	 */
	const char *next;

	/*
	 * Optional (NULL: nothing to free).  Release what start() or
	 * input() allocated in state (an OpenSSL session).  Called once per
	 * run, after the last input() or when the connection dies, whether
	 * or not start() succeeded; state stays zeroed-or-filled as the
	 * probe left it.  Must not fail.
	 */
	void	(*fini)(void *state);

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

/* ------------------------------------------------------------------ */
/*
 * probe.h - request builders and reply parsers of the standard probes.
 *
 * The C probes (dicom-assoc, http-get, snmp-get, smb-negotiate, rdp-x224,
 * mqtt-connect, hl7-mllp, hl7-nmq) are registered in src/probe/registry.c and driven by
 * the engine through struct probe_ops.  Their builders and parsers are
 * exported here as plain functions so that the Lua bindings, the fuzzers
 * and the unit tests can call them directly, without a connection.  Every
 * parser takes untrusted device bytes: it reads through struct reader, never
 * past len, never allocates, and reports what it learned as observations
 * (docs/PROBES.md lists each key).  Builders write into a caller's buffer
 * and never allocate either.  Nothing here blocks or does I/O.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct kvset;
struct probe_ops;

/*
 * Prepare a fresh (zeroed) state of probe p for a second run asked for by
 * its previous run through the observation "probe.again" = arg, by calling
 * p->again.  The engine calls this between zeroing the state and calling
 * start(), at most once per (host, port), and only on a new connection.
 * http-get takes a same-host path (see http_set_path()), smb-negotiate
 * takes "smb1" (an SMB1-only negotiate that tells whether SMBv1 is
 * enabled).  Return 0, or IOMT_EINVAL when p has no again() or refuses
 * arg (then run nothing).
 */
int	proto_again(const struct probe_ops *p, void *state, const char *arg);

/*
 * Return a 64-bit pseudo-random number for request ids, client ids and
 * salts (never for keys).  Seeded once from getrandom(2) or the clock.
 * Not thread-safe; the loop thread calls it.
 */
uint64_t proto_random(void);

/* ---- DICOM Upper Layer (PS3.8 chapter 9) -------------------------- */

/* iomtscan's own identity in the A-ASSOCIATE-RQ (docs/PROBES.md). */
#define DICOM_IMPL_UID		"2.25.161545251079387365572242257946759849825"
#define DICOM_IMPL_VERSION	"IOMTSCAN_010"
#define DICOM_OUR_MAX_PDU	16384	/* our Maximum Length (item 0x51) */
#define DICOM_PDU_MAX		65536	/* largest PDU-length we accept */
#define DICOM_AE_MAX		16

/*
 * Write an A-ASSOCIATE-RQ for the Verification SOP Class (one
 * presentation context, ID 1, Implicit VR Little Endian) from calling_ae
 * to called_ae into buf.  AE titles are 1-16 printable ASCII characters
 * without backslash, not all spaces; they are space-padded.  Return the
 * length written, IOMT_EINVAL for a bad AE title or IOMT_ELIMIT when
 * buflen is too small.
 */
ssize_t	dicom_build_assoc_rq(uint8_t *buf, size_t buflen,
	    const char *called_ae, const char *calling_ae);

/*
 * Look at the PDU header at buf (len bytes available).  Return the total
 * size of the PDU (6 + PDU-length) once the 6-byte header is present and
 * plausible, even if fewer bytes have arrived; IOMT_ETRUNC if fewer than 6
 * bytes are there and those are a plausible start; IOMT_EPROTO if the type
 * is not 01-07 or the length is impossible for the type or above
 * DICOM_PDU_MAX.
 */
ssize_t	dicom_pdu_size(const uint8_t *buf, size_t len);

/*
 * Parse one complete PDU at buf (extra bytes after it are ignored) and add
 * observations for A-ASSOCIATE-AC (dicom.state=ac, dicom.impl_uid, ...),
 * A-ASSOCIATE-RJ (dicom.state=rj, dicom.rj_*) and A-ABORT (dicom.state=
 * abort, dicom.abort_*), plus service=dicom for those three.  Other types
 * are only checked for length.  Observations are added only when the
 * whole PDU is well formed.  Return the PDU type (1-7), IOMT_ETRUNC if
 * the PDU is incomplete or IOMT_EPROTO if it is malformed.
 */
int	dicom_parse_pdu(const uint8_t *buf, size_t len, struct kvset *obs);

/* ---- HTTP/1.1 (RFC 9110, RFC 9112) -------------------------------- */

#define HTTP_PATH_MAX	256

/*
 * Write "GET path HTTP/1.1" with Host (host, plus ":port" unless port is
 * 80), the iomtscan User-Agent, Accept and Connection: close into buf.
 * path must start with '/' and hold only printable ASCII without spaces
 * (NULL means "/").  Return the length, IOMT_EINVAL or IOMT_ELIMIT.
 */
ssize_t	http_build_get(uint8_t *buf, size_t buflen, const char *host,
	    uint16_t port, const char *path);

/*
 * Parse the HTTP response in buf (len bytes received so far).  complete
 * is nonzero when no more bytes will come (EOF, timeout or the byte cap).
 * Body bytes beyond body_max are not examined.  Adds http.status,
 * http.version, http.server, http.title, http.realm, http.auth_scheme,
 * http.location, http.content_type, http.cookies, http.powered_by,
 * http.login_form and service=http (see docs/PROBES.md).  Return 0 when
 * the response is complete enough to stop (or complete is set and a
 * status line was read), IOMT_ETRUNC when more bytes are needed (or, with
 * complete set, not even a status line arrived), IOMT_EPROTO when the
 * bytes are not an HTTP/1.x response.  Observations are added only on 0.
 */
int	http_parse_response(const uint8_t *buf, size_t len, int complete,
	    size_t body_max, struct kvset *obs);

/*
 * Decide whether the redirect target location (a Location header value)
 * stays on host (dotted quad as sent in Host) and port.  Relative
 * references, "//host[:port]/..." and "http://host[:port]/..." with the
 * same host and port qualify.  On success write the path (with query,
 * without fragment; "/" if empty) into path (size pathlen) and return 0;
 * return IOMT_EDENIED for another host, port or scheme and IOMT_EINVAL
 * for a path that is too long or has characters we would not send.
 */
int	http_redirect_path(const char *location, const char *host,
	    uint16_t port, char *path, size_t pathlen);

/*
 * Make the http-get state (zeroed, state_size bytes) fetch path instead of
 * "/" and mark it as the one redirect follow-up, so that run never asks
 * for another.  Call before start().  An invalid path leaves "/".
 */
void	http_set_path(void *state, const char *path);

/* ---- SNMP v1/v2c (RFC 1157, RFC 3416, BER per X.690) -------------- */

#define SNMP_V1		0
#define SNMP_V2C	1
#define SNMP_OID_TEXT_MAX 160	/* longest dotted OID we render */

/*
 * Write a GetRequest (version SNMP_V1 or SNMP_V2C) for the noids dotted
 * OIDs (each with a NULL value) with community and request_id into buf.
 * Return the length, IOMT_EINVAL for a bad version, community (over 255
 * bytes) or OID, or IOMT_ELIMIT when buf is too small.
 */
ssize_t	snmp_build_get(uint8_t *buf, size_t buflen, int version,
	    const char *community, int32_t request_id,
	    const char *const *oids, size_t noids);

/*
 * Parse one SNMP v1/v2c message.  If it is a GetResponse whose request-id
 * equals *want_id (any id when want_id is NULL), add snmp.version,
 * snmp.error_status (when nonzero), snmp.sysdescr, snmp.sysobjectid,
 * snmp.enterprise, snmp.sysuptime, snmp.syscontact, snmp.sysname,
 * snmp.syslocation (those present and not noSuchObject/noSuchInstance/
 * endOfMibView) and service=snmp, and return 0.  Return IOMT_ENOTFOUND for
 * a well-formed response to another request-id (keep waiting),
 * IOMT_EPROTO for anything malformed, not a response, or using indefinite
 * or over-long (more than 4 length octets) BER lengths, IOMT_ETRUNC when
 * the message is cut short.  Observations are added only on 0.
 */
int	snmp_parse_response(const uint8_t *buf, size_t len,
	    const int32_t *want_id, struct kvset *obs);

/*
 * Encode the dotted OID text ("1.3.6.1.2.1.1.1.0") as BER OID contents
 * (no tag or length) into out.  Return the length, IOMT_EINVAL for a
 * malformed OID (fewer than two arcs, first arc > 2, arcs above 2^32-1)
 * or IOMT_ELIMIT when out is too small.
 */
ssize_t	snmp_oid_encode(const char *dotted, uint8_t *out, size_t outlen);

/*
 * Decode len bytes of BER OID contents into dotted text in dst (size
 * dsize).  Return 0, IOMT_EPROTO for an empty, unterminated or over-long
 * (beyond 32 bits) arc, or IOMT_ELIMIT when dst is too small.
 */
int	snmp_oid_decode(const uint8_t *p, size_t len, char *dst, size_t dsize);

/*
 * Make the snmp-get state (zeroed) send version (SNMP_V1 or SNMP_V2C)
 * instead of v2c, for a v1 retry on a new request.  Call before start().
 */
void	snmp_set_version(void *state, int version);

/*
 * Make the snmp-get state (zeroed) use request_id (nonzero) instead of a
 * random one, for reproducible runs and recorded-reply tests.  Call
 * before start().
 */
void	snmp_set_request_id(void *state, int32_t request_id);

/* ---- SMB negotiate ([MS-SMB2] 2.2.3/2.2.4, [MS-CIFS] 2.2.4.52) ----- */

/*
 * Write a NetBIOS-framed SMB1 NEGOTIATE into buf offering "NT LM 0.12",
 * "SMB 2.002" and "SMB 2.???" (smb1_only zero), or only "NT LM 0.12"
 * (smb1_only nonzero).  Return the length or IOMT_ELIMIT.
 */
ssize_t	smb_build_negotiate1(uint8_t *buf, size_t buflen, int smb1_only);

/*
 * Write a NetBIOS-framed SMB2 NEGOTIATE (MessageId message_id) offering
 * dialects 2.0.2, 2.1, 3.0, 3.0.2 and 3.1.1, with the SMB 3.1.1
 * preauthentication-integrity context (SHA-512, the 32-byte salt).
 * Return the length or IOMT_ELIMIT.
 */
ssize_t	smb_build_negotiate2(uint8_t *buf, size_t buflen,
	    const uint8_t salt[32], uint64_t message_id);

/*
 * Make the smb-negotiate state (zeroed) run the SMB1-only variant: one
 * NEGOTIATE offering only "NT LM 0.12"; a reply choosing it adds
 * smb.smb1=yes, anything else smb.smb1=no.  Call before start().
 */
void	smb_set_smb1_only(void *state);

#define SMB_REPLY_SMB1	1
#define SMB_REPLY_SMB2	2

/*
 * Return the total size (4 + length) of the NetBIOS session message at
 * buf once its 4-byte header is there, IOMT_ETRUNC before, IOMT_EPROTO for
 * a non-session-message type or a length above 64 KiB.
 */
ssize_t	smb_msg_size(const uint8_t *buf, size_t len);

/*
 * Parse one complete NetBIOS-framed NEGOTIATE response.  For SMB1 add
 * smb.dialect ("NT LM 0.12" or "none"), smb.signing, smb.system_time,
 * smb.domain, smb.server_guid, smb.capabilities and set *dialect to the
 * DialectIndex; for SMB2 add smb.dialect ("2.0.2" ... "3.1.1", "2.???"),
 * smb.signing, smb.server_guid, smb.system_time, smb.capabilities and set
 * *dialect to DialectRevision; both add service=smb.  Return
 * SMB_REPLY_SMB1 or SMB_REPLY_SMB2, IOMT_ETRUNC when incomplete or
 * IOMT_EPROTO when malformed or not a NEGOTIATE response.  Observations
 * are added only on success.
 */
int	smb_parse_negotiate(const uint8_t *buf, size_t len, struct kvset *obs,
	    uint16_t *dialect);

/* ---- RDP X.224 ([MS-RDPBCGR] 2.2.1.1/2.2.1.2, RFC 1006) ----------- */

/*
 * Write the 19-byte TPKT + X.224 Connection Request with RDP_NEG_REQ
 * (requestedProtocols PROTOCOL_SSL | PROTOCOL_HYBRID, no cookie).
 * Return 19 or IOMT_ELIMIT.
 */
ssize_t	rdp_build_cr(uint8_t *buf, size_t buflen);

/*
 * Parse the TPKT + X.224 Connection Confirm at buf and its optional
 * RDP_NEG_RSP or RDP_NEG_FAILURE.  Add rdp.selected_protocol
 * (rdp|tls|hybrid|rdstls|hybrid_ex), rdp.nla, rdp.neg_flags,
 * rdp.neg_failure and service=rdp.  Return the TPKT size consumed,
 * IOMT_ETRUNC when incomplete or IOMT_EPROTO when malformed (including an
 * X.224 Disconnect Request, which is not RDP evidence on its own).
 */
int	rdp_parse_cc(const uint8_t *buf, size_t len, struct kvset *obs);

/* ---- MQTT 3.1.1 (OASIS, 3.1 CONNECT, 3.2 CONNACK) ------------------ */

/*
 * Write a CONNECT (protocol level 4, clean session, no will, no user name
 * or password) with keepalive seconds and client_id (1-23 characters of
 * [0-9a-zA-Z]) into buf.  Return the length, IOMT_EINVAL or IOMT_ELIMIT.
 */
ssize_t	mqtt_build_connect(uint8_t *buf, size_t buflen, const char *client_id,
	    uint16_t keepalive);

/*
 * Parse a CONNACK at buf.  Add mqtt.connack, mqtt.result,
 * mqtt.anonymous (yes for 0, no for 4 and 5), mqtt.session_present and
 * service=mqtt.  Return the return code (0-255), IOMT_ETRUNC when fewer
 * than 4 bytes are there or IOMT_EPROTO when the bytes are not a CONNACK.
 */
int	mqtt_parse_connack(const uint8_t *buf, size_t len, struct kvset *obs);

/* ---- HL7 v2 over MLLP (HL7 v2 ch. 2 and 14; MLLP framing) --------- */

/*
 * Write the one Application Management Query the opt-in hl7-nmq probe
 * sends: an MLLP frame holding MSH (sending application IOMTSCAN,
 * facility SECOPS, type NMQ^N01^NMQ_N01, processing id T, version 2.5) and
 * NCK, with ts (14 digits, YYYYMMDDHHMMSS) and control_id (1-20
 * characters of [A-Za-z0-9-]).  Return the length, IOMT_EINVAL or
 * IOMT_ELIMIT.
 */
ssize_t	hl7_build_nmq(uint8_t *buf, size_t buflen, const char *ts,
	    const char *control_id);

/*
 * Parse the MLLP frame at buf (0x0b, message, 0x1c 0x0d).  Add
 * hl7.msh_app (MSH-3), hl7.msh_facility (MSH-4), hl7.msg_type
 * (MSH-9), hl7.version (MSH-12), hl7.ack_code (MSA-1), hl7.ack_text
 * (MSA-3), hl7.error (first ERR segment) and service=hl7-mllp.  Return
 * the frame size consumed, IOMT_ETRUNC when the frame is incomplete or
 * IOMT_EPROTO when the bytes are not an MLLP frame starting with MSH.
 */
int	hl7_parse_frame(const uint8_t *buf, size_t len, struct kvset *obs);

/* ---- TLS (RFC 5246, RFC 8446; X.509 RFC 5280) -------------------- */

#define TLS_CERT_LIST_MAX (32 * 1024)	/* largest Certificate message taken */
#define TLS_MAX_SENDS	5	/* ClientHello (twice after an HRR), the
				 * client's second flight, GET /,
				 * close_notify */

/*
 * Parse one DER certificate (len bytes, at most TLS_CERT_LIST_MAX) and add
 * its facts: tls.subject, tls.issuer (RFC 2253 text), tls.subject_cn,
 * tls.san, tls.not_before, tls.not_after (YYYY-MM-DDTHH:MM:SSZ),
 * tls.key_type (rsa|ec|dsa|ed25519|ed448|other), tls.key_bits,
 * tls.key_curve, tls.sig_alg, tls.self_signed (yes|no), tls.cert_bytes,
 * and when they apply tls.expired, tls.not_yet_valid (judged at Unix time
 * now), tls.weak_key (RSA/DSA < 2048, EC < 224 bits), tls.weak_sig
 * (md5|sha1).  Return 0, IOMT_EPROTO when der is not one certificate, or
 * IOMT_ELIMIT when it is too large.  Allocates only inside OpenSSL, and
 * frees it before returning.
 */
int	tls_cert_facts(const uint8_t *der, size_t len, int64_t now,
	    struct kvset *obs);

/*
 * Make the process's one TLS client context (TLS 1.0-1.3, security level
 * 0, no verification, the system trust store named for the recorded
 * verification result) if not made yet.  The engine calls it before the
 * seccomp confinement, since OpenSSL reads its configuration here; the
 * probe calls it again on first use.  Return 0 or IOMT_ELIMIT when
 * OpenSSL cannot make it.  Loop thread only.
 */
int	tls_init(void);

/*
 * Return 1 when buf (len bytes) starts like a TLS handshake or alert
 * record (type 0x16 or 0x15, version 0x0300-0x0304), else 0: how a probe
 * that spoke plain text to a port learns the port speaks TLS.
 */
int	tls_record_sniff(const uint8_t *buf, size_t len);

/*
 * Return the inventory service name of TLS on port: "dicom-tls" (2762),
 * "mqtts" (8883), else "https" when HTTP answered (http nonzero) or
 * "tls".  A static string.
 */
const char *tls_service_name(uint16_t port, int http);

/* ---- Embedded TCP/IP stacks (URGENT/11, Ripple20, NAME:WRECK) ----- */

/*
 * Return the embedded stack or server family a banner or HTTP Server
 * value names: "vxworks", "windweb", "treck", "nucleus", "rompager",
 * "goahead", or NULL for none (or text NULL).  Case-insensitive whole-word
 * matching of the published signals; a static string.
 */
const char *stack_family(const char *text);

#endif /* IOMT_PROBE_H */
