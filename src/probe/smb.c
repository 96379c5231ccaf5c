/*
 * src/probe/smb.c - the smb-negotiate probe: dialect, signing and SMB1 support.
 *
 * Windows-based modalities and workstations were the medical devices
 * WannaCry hit (SMBv1, MS17-010), so the dialect a host negotiates and
 * whether it still speaks SMB1 are inventory facts.  The probe sends only
 * NEGOTIATE requests, never SESSION_SETUP, tree connects or any
 * vulnerability check, and closes after the reply.
 *
 * Exchange (the multi-protocol negotiate of [MS-SMB2] 3.2.4.2.2.1 and
 * 3.3.5.3.1): one SMB1 NEGOTIATE offering "NT LM 0.12", "SMB 2.002" and
 * "SMB 2.???".  A server that only speaks SMB1 picks "NT LM 0.12" (SMB1 is
 * enabled: the legacy case that matters most); an SMB 2.0.2-only server
 * answers with an SMB2 NEGOTIATE response for dialect 0x0202; a newer one
 * answers with the wildcard 0x02FF, and the probe then sends one SMB2
 * NEGOTIATE (dialects 2.0.2 to 3.1.1, MessageId 1) on the same connection
 * and records the real dialect, security mode, server GUID and time.  A
 * server that chose SMB2 may still accept SMB1, which only a separate
 * SMB1-only negotiate can tell ([MS-SMB2] 3.3.5.3.1; docs/PROBES.md,
 * "smb-negotiate"): the probe asks the engine for that second run with
 * "probe.again" = "smb1", and smb.smb1 is recorded by that run (absent
 * means not determined).
 *
 * Framing: direct TCP transport ([MS-SMB2] 2.1): a 4-byte header, zero
 * then a 24-bit big-endian length, before each SMB message.
 *
 *	+------+-----------------+------------------------------------
 *	| 0x00 | length (24, BE) | FF 'SMB' (SMB1) or FE 'SMB' (SMB2) ...
 *	+------+-----------------+------------------------------------
 *
 * References: [MS-CIFS] 2.2.3.1 (SMB header), 2.2.4.52 (NEGOTIATE);
 * [MS-SMB2] 2.2.1 (header), 2.2.3 (NEGOTIATE request, 2.2.3.1.1
 * preauthentication integrity), 2.2.4 (NEGOTIATE response).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define SMB_MSG_MAX	65536
#define SMB_WILDCARD	0x02ff
#define SMB1_NEGOTIATE	0x72
#define SMB1_FLAGS_REPLY 0x80
#define SMB1_FLAGS2_UNICODE 0x8000
#define SMB1_CAP_EXTSEC	0x80000000u
#define SMB2_FLAGS_REPLY 0x00000001u

/* Probe phases. */
#define SS_WAIT_NEG1	0
#define SS_WAIT_NEG2	1

struct smb_state {
	size_t		 off;
	int		 phase;
	int		 smb1_only;
};

static void
put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static void
put_nb(uint8_t *p, size_t len)
{
	p[0] = 0;
	p[1] = (uint8_t)(len >> 16);
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
}

ssize_t
smb_build_negotiate1(uint8_t *buf, size_t buflen, int smb1_only)
{
	static const char *const dialects[] = { "NT LM 0.12", "SMB 2.002",
	    "SMB 2.???" };
	size_t	 nd = smb1_only ? 1 : 3, i, bc = 0, total, o;

	for (i = 0; i < nd; i++)
		bc += 1 + strlen(dialects[i]) + 1;
	total = 4 + 32 + 1 + 2 + bc;
	if (buflen < total)
		return IOMT_ELIMIT;
	memset(buf, 0, total);
	put_nb(buf, total - 4);
	memcpy(buf + 4, "\xffSMB", 4);
	buf[4 + 4] = SMB1_NEGOTIATE;
	buf[4 + 9] = 0x18;		/* case-insensitive, canonical paths */
	/* Flags2: Unicode, NT status codes, long names; no extended
	 * security, so an NT LM 0.12 reply carries domain and server. */
	put_le16(buf + 4 + 10, 0xc001);
	put_le16(buf + 4 + 24, 0xffff);	/* TID */
	put_le16(buf + 4 + 26, 0xfeff);	/* PIDLow */
	buf[4 + 32] = 0;		/* WordCount */
	put_le16(buf + 4 + 33, (uint16_t)bc);
	o = 4 + 35;
	for (i = 0; i < nd; i++) {
		buf[o++] = 0x02;	/* buffer format: dialect string */
		memcpy(buf + o, dialects[i], strlen(dialects[i]) + 1);
		o += strlen(dialects[i]) + 1;
	}
	return (ssize_t)o;
}

ssize_t
smb_build_negotiate2(uint8_t *buf, size_t buflen, const uint8_t salt[32],
    uint64_t message_id)
{
	static const uint16_t dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302,
	    0x0311 };
	uint8_t	*h = buf + 4, *b = buf + 4 + 64;
	size_t	 i, total = 4 + 64 + 36 + 10 + 2 + 8 + 38;

	if (buflen < total)
		return IOMT_ELIMIT;
	memset(buf, 0, total);
	put_nb(buf, total - 4);
	memcpy(h, "\xfeSMB", 4);
	put_le16(h + 4, 64);		/* StructureSize */
	put_le16(h + 12, 0);		/* Command: NEGOTIATE */
	put_le16(h + 14, 1);		/* CreditRequest */
	put_le32(h + 24, (uint32_t)message_id);
	put_le32(h + 28, (uint32_t)(message_id >> 32));
	put_le32(h + 32, 0xfeff);	/* ProcessId */
	put_le16(b, 36);		/* StructureSize */
	put_le16(b + 2, 5);		/* DialectCount */
	put_le16(b + 4, 0x0001);	/* SecurityMode: signing enabled */
	put_le32(b + 8, 0);		/* Capabilities */
	memcpy(b + 12, salt + 16, 16);	/* ClientGuid */
	put_le32(b + 28, 112);		/* NegotiateContextOffset */
	put_le16(b + 32, 1);		/* NegotiateContextCount */
	for (i = 0; i < 5; i++)
		put_le16(b + 36 + 2 * i, dialects[i]);
	/* b + 46: two bytes of padding to an 8-byte boundary (112). */
	b = h + 112;
	put_le16(b, 0x0001);		/* PREAUTH_INTEGRITY_CAPABILITIES */
	put_le16(b + 2, 38);		/* DataLength */
	put_le16(b + 8, 1);		/* HashAlgorithmCount */
	put_le16(b + 10, 32);		/* SaltLength */
	put_le16(b + 12, 0x0001);	/* SHA-512 */
	memcpy(b + 14, salt, 32);
	return (ssize_t)total;
}

ssize_t
smb_msg_size(const uint8_t *buf, size_t len)
{
	size_t	 n;

	if (len == 0)
		return IOMT_ETRUNC;
	if (buf[0] != 0x00)
		return IOMT_EPROTO;	/* not a session message */
	if (len < 4)
		return IOMT_ETRUNC;
	n = (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3];
	if (n > SMB_MSG_MAX || n < 4)
		return IOMT_EPROTO;
	return (ssize_t)(4 + n);
}

static const char *
smb2_dialect_name(uint16_t d, char *tmp, size_t tmplen)
{
	switch (d) {
	case 0x0202:
		return "2.0.2";
	case 0x0210:
		return "2.1";
	case 0x0300:
		return "3.0";
	case 0x0302:
		return "3.0.2";
	case 0x0311:
		return "3.1.1";
	case SMB_WILDCARD:
		return "2.???";
	default:
		snprintf(tmp, tmplen, "0x%04x", d);
		return tmp;
	}
}

static void
smb_obs_guid(struct kvset *obs, const uint8_t *g)
{
	struct reader	 r;
	uint32_t	 d1;
	uint16_t	 d2, d3;

	reader_init(&r, g, 16);
	reader_le32(&r, &d1);
	reader_le16(&r, &d2);
	reader_le16(&r, &d3);
	kv_addf(obs, "smb.server_guid",
	    "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    (unsigned long)d1, d2, d3, g[8], g[9], g[10], g[11], g[12], g[13],
	    g[14], g[15]);
}

/* FILETIME (100 ns since 1601) as ISO 8601, if plausible. */
static void
smb_obs_time(struct kvset *obs, const char *key, uint64_t ft)
{
	char		 s[32];
	int64_t		 t;

	if (ft == 0)
		return;
	t = (int64_t)(ft / 10000000ULL) - 11644473600LL;
	if (t < 0 || t > 32503680000LL)		/* before 1970, after 2999 */
		return;
	kv_add(obs, key, time_iso8601(s, sizeof(s), t));
}

/* Read a NUL-terminated string (UTF-16LE if uni) as ASCII into dst. */
static void
smb_str(struct reader *r, int uni, char *dst, size_t dsize)
{
	size_t		 o = 0;
	uint16_t	 c;
	uint8_t		 b;

	for (;;) {
		if (uni) {
			if (reader_le16(r, &c) != 0)
				break;
		} else {
			if (reader_u8(r, &b) != 0)
				break;
			c = b;
		}
		if (c == 0)
			break;
		if (o + 1 < dsize)
			dst[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[o] = '\0';
}

static int
smb1_parse(struct reader *r, struct kvset *obs, uint16_t *dialect)
{
	const uint8_t	*guid;
	uint32_t	 status, caps, u32;
	uint16_t	 flags2, idx, u16, bc;
	uint64_t	 ft;
	uint8_t		 cmd, flags, wc, secmode, chlen;
	char		 dom[64], srv[64];
	struct reader	 bytes;

	reader_skip(r, 4);			/* FF 'SMB' (checked by caller) */
	reader_u8(r, &cmd);
	reader_le32(r, &status);
	reader_u8(r, &flags);
	reader_le16(r, &flags2);
	reader_skip(r, 2 + 8 + 2 + 2 + 2 + 2 + 2);
	reader_u8(r, &wc);
	if (r->err != 0)
		return IOMT_ETRUNC;
	if (cmd != SMB1_NEGOTIATE || !(flags & SMB1_FLAGS_REPLY))
		return IOMT_EPROTO;
	if (status != 0) {
		kv_add(obs, "service", "smb");
		kv_addf(obs, "smb.status", "0x%08lx", (unsigned long)status);
		*dialect = 0xffff;
		return SMB_REPLY_SMB1;
	}
	if (wc == 0 || reader_le16(r, &idx) != 0)
		return IOMT_EPROTO;
	*dialect = idx;
	if (idx == 0xffff || wc != 17) {
		/* No dialect chosen, or an old (core/LANMAN) reply. */
		kv_add(obs, "service", "smb");
		kv_add(obs, "smb.dialect", idx == 0xffff ? "none" :
		    "pre-NT");
		return SMB_REPLY_SMB1;
	}
	reader_u8(r, &secmode);
	reader_le16(r, &u16);		/* MaxMpxCount */
	reader_le16(r, &u16);		/* MaxNumberVcs */
	reader_le32(r, &u32);		/* MaxBufferSize */
	reader_le32(r, &u32);		/* MaxRawSize */
	reader_le32(r, &u32);		/* SessionKey */
	reader_le32(r, &caps);
	reader_le64(r, &ft);
	reader_le16(r, &u16);		/* ServerTimeZone */
	reader_u8(r, &chlen);
	reader_le16(r, &bc);
	if (r->err != 0)
		return IOMT_EPROTO;
	if (reader_sub(r, &bytes, bc < reader_remaining(r) ? bc : reader_remaining(r)) !=
	    0)
		return IOMT_EPROTO;
	kv_add(obs, "service", "smb");
	kv_add(obs, "smb.dialect", idx == 0 ? "NT LM 0.12" : "other");
	kv_add(obs, "smb.signing", (secmode & 0x08) ? "required" :
	    (secmode & 0x04) ? "enabled" : "disabled");
	kv_addf(obs, "smb.capabilities", "0x%08lx", (unsigned long)caps);
	smb_obs_time(obs, "smb.system_time", ft);
	if (caps & SMB1_CAP_EXTSEC) {
		if (reader_bytes(&bytes, &guid, 16) == 0)
			smb_obs_guid(obs, guid);
	} else if (reader_skip(&bytes, chlen) == 0) {
		smb_str(&bytes, (flags2 & SMB1_FLAGS2_UNICODE) != 0, dom,
		    sizeof(dom));
		smb_str(&bytes, (flags2 & SMB1_FLAGS2_UNICODE) != 0, srv,
		    sizeof(srv));
		if (dom[0] != '\0')
			kv_add(obs, "smb.domain", dom);
		if (srv[0] != '\0')
			kv_add(obs, "smb.server_name", srv);
	}
	return SMB_REPLY_SMB1;
}

static int
smb2_parse(struct reader *r, struct kvset *obs, uint16_t *dialect)
{
	const uint8_t	*guid;
	char		 tmp[8];
	uint32_t	 status, flags, caps, u32;
	uint16_t	 ssize, cmd, bsize, secmode, d, u16;
	uint64_t	 ft, st;

	reader_skip(r, 4);			/* FE 'SMB' (checked by caller) */
	reader_le16(r, &ssize);
	reader_skip(r, 2);			/* CreditCharge */
	reader_le32(r, &status);
	reader_le16(r, &cmd);
	reader_skip(r, 2);			/* CreditResponse */
	reader_le32(r, &flags);
	reader_skip(r, 4 + 8 + 4 + 4 + 8 + 16);
	if (r->err != 0)
		return IOMT_ETRUNC;
	if (ssize != 64 || cmd != 0 || !(flags & SMB2_FLAGS_REPLY))
		return IOMT_EPROTO;
	if (status != 0) {
		/* An error response (StructureSize 9): still SMB2. */
		kv_add(obs, "service", "smb");
		kv_addf(obs, "smb.status", "0x%08lx", (unsigned long)status);
		*dialect = 0;
		return SMB_REPLY_SMB2;
	}
	reader_le16(r, &bsize);
	reader_le16(r, &secmode);
	reader_le16(r, &d);
	reader_le16(r, &u16);		/* NegotiateContextCount */
	reader_bytes(r, &guid, 16);
	reader_le32(r, &caps);
	reader_le32(r, &u32);		/* MaxTransactSize */
	reader_le32(r, &u32);		/* MaxReadSize */
	reader_le32(r, &u32);		/* MaxWriteSize */
	reader_le64(r, &ft);
	reader_le64(r, &st);
	if (r->err != 0 || bsize != 65)
		return IOMT_EPROTO;
	*dialect = d;
	kv_add(obs, "service", "smb");
	kv_add(obs, "smb.dialect", smb2_dialect_name(d, tmp, sizeof(tmp)));
	kv_add(obs, "smb.signing", (secmode & 0x02) ? "required" :
	    (secmode & 0x01) ? "enabled" : "disabled");
	smb_obs_guid(obs, guid);
	kv_addf(obs, "smb.capabilities", "0x%08lx", (unsigned long)caps);
	smb_obs_time(obs, "smb.system_time", ft);
	smb_obs_time(obs, "smb.start_time", st);
	return SMB_REPLY_SMB2;
}

int
smb_parse_negotiate(const uint8_t *buf, size_t len, struct kvset *obs,
    uint16_t *dialect)
{
	struct reader	 r;
	ssize_t		 sz;
	int		 e;

	*dialect = 0;
	sz = smb_msg_size(buf, len);
	if (sz < 0)
		return (int)sz;
	if ((size_t)sz > len)
		return IOMT_ETRUNC;
	reader_init(&r, buf + 4, (size_t)sz - 4);
	if (memcmp(buf + 4, "\xffSMB", 4) == 0)
		e = smb1_parse(&r, obs, dialect);
	else if (memcmp(buf + 4, "\xfeSMB", 4) == 0)
		e = smb2_parse(&r, obs, dialect);
	else
		e = IOMT_EPROTO;
	/* The message is complete, so running short inside it means the
	 * declared structure does not fit: malformed, not truncated. */
	return e == IOMT_ETRUNC ? IOMT_EPROTO : e;
}

void
smb_set_smb1_only(void *state)
{
	struct smb_state *st = state;

	st->smb1_only = 1;
}

/* ---- the probe ---------------------------------------------------- */

/* The second run: "smb1" asks for the SMB1-only negotiate. */
static int
smb_again(void *state, const char *arg)
{
	if (strcmp(arg, "smb1") != 0)
		return IOMT_EINVAL;
	smb_set_smb1_only(state);
	return 0;
}

static int
smb_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct smb_state *st = state;
	ssize_t		 n;

	*outn = 0;
	st->off = 0;
	st->phase = SS_WAIT_NEG1;
	n = smb_build_negotiate1(out, outlen, st->smb1_only);
	if (n < 0)
		return (int)n;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
smb_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	struct smb_state *st = state;
	const uint8_t	*p;
	uint8_t		 salt[32];
	uint64_t	 x;
	size_t		 n, i;
	ssize_t		 sz;
	uint16_t	 dialect;
	int		 kind, ended;

	*outn = 0;
	ended = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0;
	if (st->off > len)
		return IOMT_EINVAL;
	p = buf + st->off;
	n = len - st->off;
	sz = smb_msg_size(p, n);
	if (sz == IOMT_ETRUNC || (sz > 0 && (size_t)sz > n)) {
		if (!ended)
			return PROBE_MORE;
		if (n > 0)
			return IOMT_ETRUNC;
		if (st->smb1_only) {
			/* Windows with SMB1 off closes on an SMB1-only
			 * negotiate. */
			kv_add(obs, "smb.smb1", "no");
			kv_add(obs, "smb.smb1_evidence", (flags &
			    PROBE_IN_EOF) ? "closed" : "no-reply");
		} else if (st->phase == SS_WAIT_NEG2)
			kv_add(obs, "smb.negotiate2", "no-reply");
		return PROBE_DONE;
	}
	if (sz < 0)
		return (int)sz;
	kind = smb_parse_negotiate(p, (size_t)sz, obs, &dialect);
	if (kind < 0)
		return kind;
	st->off += (size_t)sz;
	if (st->smb1_only) {
		kv_add(obs, "smb.smb1", kind == SMB_REPLY_SMB1 &&
		    dialect == 0 ? "yes" : "no");
		kv_add(obs, "smb.smb1_evidence", kind == SMB_REPLY_SMB1 ?
		    "negotiate-reply" : "smb2-reply");
		return PROBE_DONE;
	}
	if (kind == SMB_REPLY_SMB1) {
		kv_add(obs, "smb.smb1", dialect == 0 ? "yes" : "no");
		kv_add(obs, "smb.smb1_evidence", "negotiate-reply");
		return PROBE_DONE;
	}
	if (st->phase == SS_WAIT_NEG1 && dialect == SMB_WILDCARD) {
		for (i = 0; i < sizeof(salt); i += 8) {
			x = proto_random();
			memcpy(salt + i, &x, 8);
		}
		sz = smb_build_negotiate2(out, outlen, salt, 1);
		if (sz < 0)
			return (int)sz;
		*outn = (size_t)sz;
		st->phase = SS_WAIT_NEG2;
		return PROBE_SEND;
	}
	/* SMB2 chosen: whether SMB1 is also on needs its own connection. */
	if (dialect != 0)
		kv_add(obs, "probe.again", "smb1");
	return PROBE_DONE;
}

/* ---- selftest ----------------------------------------------------- */

static int
smb_selftest(void)
{
	struct smb_state st;
	struct probe_target t = { .port = 445, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 req[256], rsp[256], out[256];
	size_t		 n, rn;
	const char	*v;

	memset(&st, 0, sizeof(st));
	if (smb_start(&st, &t, req, sizeof(req), &n) != PROBE_SEND ||
	    n != 73 || memcmp(req + 4, "\xffSMB\x72", 5) != 0)
		return -1;
	/* An SMB2 NEGOTIATE response choosing 2.0.2, built by hand. */
	memset(rsp, 0, sizeof(rsp));
	rn = 4 + 64 + 64;
	put_nb(rsp, rn - 4);
	memcpy(rsp + 4, "\xfeSMB", 4);
	put_le16(rsp + 8, 64);
	put_le32(rsp + 4 + 16, SMB2_FLAGS_REPLY);
	put_le16(rsp + 68, 65);
	put_le16(rsp + 70, 0x0003);	/* signing enabled and required */
	put_le16(rsp + 72, 0x0202);
	kv_reset(&o);
	if (smb_input(&st, &t, rsp, rn - 1, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE)
		return -1;
	if (smb_input(&st, &t, rsp, rn, 0, &o, out, sizeof(out), &n) !=
	    PROBE_DONE)
		return -1;
	v = kv_get(&o, "smb.dialect");
	if (v == NULL || strcmp(v, "2.0.2") != 0)
		return -1;
	v = kv_get(&o, "smb.signing");
	if (v == NULL || strcmp(v, "required") != 0)
		return -1;
	v = kv_get(&o, "probe.again");
	if (v == NULL || strcmp(v, "smb1") != 0)
		return -1;
	/* The wildcard answer leads to an SMB2 NEGOTIATE. */
	memset(&st, 0, sizeof(st));
	smb_start(&st, &t, req, sizeof(req), &n);
	put_le16(rsp + 72, SMB_WILDCARD);
	kv_reset(&o);
	if (smb_input(&st, &t, rsp, rn, 0, &o, out, sizeof(out), &n) !=
	    PROBE_SEND || n != 162 || memcmp(out + 4, "\xfeSMB", 4) != 0)
		return -1;
	return 0;
}

const struct probe_ops probe_smb_negotiate = {
	.name = "smb-negotiate",
	.service = NULL,	/* "service" is added once SMB is proven */
	.summary = "SMB1 multi-protocol NEGOTIATE, then SMB2 NEGOTIATE; "
	    "dialect, signing, SMB1",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 445, 0 },
	.max_reply = 8192,
	.state_size = sizeof(struct smb_state),
	.timeout_ms = 5000,
	.start = smb_start,
	.input = smb_input,
	.again = smb_again,
	.selftest = smb_selftest,
};
