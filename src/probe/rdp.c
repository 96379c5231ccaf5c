/*
 * src/probe/rdp.c - the rdp-x224 probe: which security protocol RDP selects.
 *
 * Remote-maintenance access is a finding on clinical networks, and whether
 * an RDP server insists on Network Level Authentication (CredSSP, "hybrid")
 * says how exposed it is.  The first message of an RDP connection, the
 * X.224 Connection Request with an RDP Negotiation Request, answers that:
 * the Connection Confirm carries the protocol the server selected, or a
 * negotiation failure code.  The probe sends that one 19-byte request
 * (asking for TLS or CredSSP, without nmap's "Cookie: mstshash=" line),
 * reads the confirm and closes; it never starts TLS, CredSSP or any
 * BlueKeep/MS12-020 check.
 *
 * References: [MS-RDPBCGR] 2.2.1.1 (Client X.224 Connection Request),
 * 2.2.1.1.1 (RDP_NEG_REQ), 2.2.1.2 (Server X.224 Connection Confirm),
 * 2.2.1.2.1 (RDP_NEG_RSP), 2.2.1.2.2 (RDP_NEG_FAILURE); RFC 1006 (TPKT);
 * ITU-T X.224 13.3/13.4 (CR/CC TPDUs):
 *
 *	TPKT     03 00 <length, 16-bit BE, whole packet>
 *	X.224    LI (header length - 1) | code (E0 CR, D0 CC, 80 DR)
 *	         dst-ref(2) src-ref(2) class(1)
 *	RDP_NEG  type(1: 01 req, 02 rsp, 03 failure) flags(1)
 *	         length(2, LE, = 8) value(4, LE)
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define TPKT_MAX	512	/* a confirm is 11 or 19 bytes */
#define X224_CC		0xd0
#define X224_DR		0x80
#define NEG_RSP		0x02
#define NEG_FAILURE	0x03

static const uint8_t rdp_cr[19] = {
	0x03, 0x00, 0x00, 0x13,			/* TPKT, length 19 */
	0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, /* X.224 CR, class 0 */
	0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00 /* NEG_REQ SSL|HYBRID */
};

ssize_t
rdp_build_cr(uint8_t *buf, size_t buflen)
{
	if (buflen < sizeof(rdp_cr))
		return IOMT_ELIMIT;
	memcpy(buf, rdp_cr, sizeof(rdp_cr));
	return (ssize_t)sizeof(rdp_cr);
}

static const char *
rdp_protocol_name(uint32_t p)
{
	switch (p) {
	case 0x00000000:
		return "rdp";
	case 0x00000001:
		return "tls";
	case 0x00000002:
		return "hybrid";
	case 0x00000004:
		return "rdstls";
	case 0x00000008:
		return "hybrid_ex";
	default:
		return "unknown";
	}
}

static const char *
rdp_failure_name(uint32_t f)
{
	switch (f) {
	case 1:
		return "ssl-required-by-server";
	case 2:
		return "ssl-not-allowed-by-server";
	case 3:
		return "ssl-cert-not-on-server";
	case 4:
		return "inconsistent-flags";
	case 5:
		return "hybrid-required-by-server";
	case 6:
		return "ssl-with-user-auth-required-by-server";
	default:
		return "unknown";
	}
}

int
rdp_parse_cc(const uint8_t *buf, size_t len, struct kvset *obs)
{
	struct reader	 r;
	uint16_t	 tlen, nlen, dref, sref;
	uint32_t	 val;
	uint8_t		 ver, rsv, li, code, cls, ntype, nflags;

	if (len >= 1 && buf[0] != 0x03)
		return IOMT_EPROTO;
	if (len < 4)
		return IOMT_ETRUNC;
	reader_init(&r, buf, len);
	reader_u8(&r, &ver);
	reader_u8(&r, &rsv);
	reader_be16(&r, &tlen);
	if (rsv != 0 || tlen < 11 || tlen > TPKT_MAX)
		return IOMT_EPROTO;
	if (len < tlen)
		return IOMT_ETRUNC;
	reader_init(&r, buf + 4, (size_t)tlen - 4);
	reader_u8(&r, &li);
	reader_u8(&r, &code);
	reader_be16(&r, &dref);
	reader_be16(&r, &sref);
	reader_u8(&r, &cls);
	/* LI counts the header after itself; it must fill the TPKT. */
	if (r.err != 0 || (size_t)li + 1 != (size_t)tlen - 4 || li < 6)
		return IOMT_EPROTO;
	if ((code & 0xf0) != X224_CC)
		return IOMT_EPROTO;	/* DR or anything else */
	ntype = 0;
	nflags = 0;
	val = 0;
	if (reader_remaining(&r) > 0) {
		reader_u8(&r, &ntype);
		reader_u8(&r, &nflags);
		reader_le16(&r, &nlen);
		reader_le32(&r, &val);
		if (r.err != 0 || nlen != 8 || reader_remaining(&r) != 0 ||
		    (ntype != NEG_RSP && ntype != NEG_FAILURE))
			return IOMT_EPROTO;
	}
	kv_add(obs, "service", "rdp");
	if (ntype == 0) {
		/* No negotiation data: a pre-RDP 5.2 server, standard RDP
		 * security only. */
		kv_add(obs, "rdp.selected_protocol", "rdp");
		kv_add(obs, "rdp.negotiation", "none");
		kv_add(obs, "rdp.nla", "no");
	} else if (ntype == NEG_RSP) {
		kv_add(obs, "rdp.selected_protocol", rdp_protocol_name(val));
		kv_addf(obs, "rdp.neg_flags", "0x%02x", nflags);
		kv_add(obs, "rdp.nla", val == 2 || val == 8 ? "yes" : "no");
	} else {
		kv_add(obs, "rdp.neg_failure", rdp_failure_name(val));
		if (val == 2) {
			/* We asked for TLS/CredSSP; only standard RDP
			 * security is allowed. */
			kv_add(obs, "rdp.selected_protocol", "rdp");
			kv_add(obs, "rdp.nla", "no");
		} else if (val == 5)
			kv_add(obs, "rdp.nla", "yes");
	}
	return (int)tlen;
}

/* ---- the probe ---------------------------------------------------- */

static int
rdp_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	ssize_t	 n;

	*outn = 0;
	n = rdp_build_cr(out, outlen);
	if (n < 0)
		return (int)n;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
rdp_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	int	 e;

	*outn = 0;
	e = rdp_parse_cc(buf, len, obs);
	if (e == IOMT_ETRUNC) {
		if ((flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) == 0)
			return PROBE_MORE;
		return len == 0 ? PROBE_DONE : IOMT_ETRUNC;
	}
	return e < 0 ? e : PROBE_DONE;
}

/* ---- selftest ----------------------------------------------------- */

static int
rdp_selftest(void)
{
	/* Windows with NLA: NEG_RSP selecting PROTOCOL_HYBRID. */
	static const uint8_t cc[] = {
		0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34,
		0x00, 0x02, 0x1f, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00
	};
	struct probe_target t = { .port = 3389, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[32];
	size_t		 n;
	const char	*v;

	if (rdp_start(NULL, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n != 19 || memcmp(out, rdp_cr, 19) != 0)
		return -1;
	kv_reset(&o);
	if (rdp_input(NULL, &t, cc, 10, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE)
		return -1;
	if (rdp_input(NULL, &t, cc, sizeof(cc), 0, &o, out, sizeof(out),
	    &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "rdp.selected_protocol");
	if (v == NULL || strcmp(v, "hybrid") != 0)
		return -1;
	v = kv_get(&o, "rdp.nla");
	if (v == NULL || strcmp(v, "yes") != 0)
		return -1;
	return 0;
}

const struct probe_ops probe_rdp_x224 = {
	.name = "rdp-x224",
	.service = NULL,	/* "service" is added once RDP is proven */
	.summary = "X.224 Connection Request with RDP_NEG_REQ (TLS|CredSSP); "
	    "selected protocol, NLA",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 3389, 0 },
	.max_reply = TPKT_MAX,
	.state_size = 0,
	.timeout_ms = 5000,
	.start = rdp_start,
	.input = rdp_input,
	.selftest = rdp_selftest,
};
