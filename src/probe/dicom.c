/*
 * src/probe/dicom.c - the dicom-assoc probe: one DICOM association, released.
 *
 * One A-ASSOCIATE-RQ for the Verification SOP Class tells whether a port
 * speaks DICOM and, in the acceptor's A-ASSOCIATE-AC, which toolkit and
 * version it runs (User Information sub-items 0x52 and 0x55), with no
 * DIMSE message at all.  The association is then released properly
 * (A-RELEASE-RQ, wait for A-RELEASE-RP) so the node frees its slot at once
 * rather than when its ARTIM timer fires, as nmap's dicom-ping leaves it.
 * iomtscan sends its own Implementation Class UID and version name and
 * never impersonates another toolkit.  Port-only "DICOM" is mostly noise
 * (104 and 11112 often answer with something else), so replies are
 * validated strictly: a PDU type outside 01-07, a length impossible for
 * its type or above 64 KiB, or an item overrunning its PDU is IOMT_EPROTO.
 *
 * Reference: DICOM PS3.8 chapter 9 (section 9.3, Tables 9-11, 9-17, 9-18,
 * 9-21, 9-26), PS3.7 Annex D.3.3.  Every PDU starts with:
 *
 *	 0      1      2      3      4      5      6
 *	+------+------+------+------+------+------+---------------
 *	| type | rsvd |   PDU-length (big-endian) | PDU-length bytes
 *	+------+------+------+------+------+------+---------------
 *
 * A-ASSOCIATE-RQ/AC after the header: protocol-version(2) reserved(2)
 * called-AE(16) calling-AE(16) reserved(32), then items, each
 * type(1) reserved(1) length(2, BE) value.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define DICOM_APP_CONTEXT	"1.2.840.10008.3.1.1.1"
#define DICOM_VERIFICATION	"1.2.840.10008.1.1"
#define DICOM_IMPLICIT_LE	"1.2.840.10008.1.2"
#define DICOM_PC_ID		1

/* PDU types (PS3.8 section 9.3.1). */
#define PDU_ASSOC_RQ	0x01
#define PDU_ASSOC_AC	0x02
#define PDU_ASSOC_RJ	0x03
#define PDU_P_DATA	0x04
#define PDU_RELEASE_RQ	0x05
#define PDU_RELEASE_RP	0x06
#define PDU_ABORT	0x07

/* Probe phases. */
#define DS_WAIT_AC	0
#define DS_WAIT_RP	1
#define DS_CLOSING	2	/* sent A-ABORT; finish on the next event */

struct dicom_state {
	size_t		 off;		/* bytes of the stream consumed */
	int		 phase;
	int		 any_ae;	/* called AE was "ANY-SCP" */
	char		 called[DICOM_AE_MAX + 1];
};

static const uint8_t release_rq[10] = {
	0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00
};
static const uint8_t release_rp[10] = {
	0x06, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00
};
static const uint8_t abort_pdu[10] = {
	0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00
};

/* An AE title: 1-16 printable ASCII characters, no '\', not all spaces. */
static int
dicom_ae_valid(const char *ae)
{
	size_t	 i, n;
	int	 nonspace = 0;

	if (ae == NULL)
		return 0;
	n = strlen(ae);
	if (n == 0 || n > DICOM_AE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (ae[i] < 0x20 || ae[i] > 0x7e || ae[i] == '\\')
			return 0;
		if (ae[i] != ' ')
			nonspace = 1;
	}
	return nonspace;
}

/* Append an item header: type, reserved, 16-bit big-endian length. */
static uint8_t *
put_item(uint8_t *p, uint8_t type, size_t len)
{
	p[0] = type;
	p[1] = 0;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	return p + 4;
}

static uint8_t *
put_str_item(uint8_t *p, uint8_t type, const char *s)
{
	size_t	 n = strlen(s);

	p = put_item(p, type, n);
	memcpy(p, s, n);
	return p + n;
}

ssize_t
dicom_build_assoc_rq(uint8_t *buf, size_t buflen, const char *called_ae,
    const char *calling_ae)
{
	size_t	 total, pc_len, ui_len;
	uint8_t	*p;

	if (!dicom_ae_valid(called_ae) || !dicom_ae_valid(calling_ae))
		return IOMT_EINVAL;
	pc_len = 4 + (4 + strlen(DICOM_VERIFICATION)) +
	    (4 + strlen(DICOM_IMPLICIT_LE));
	ui_len = (4 + 4) + (4 + strlen(DICOM_IMPL_UID)) +
	    (4 + strlen(DICOM_IMPL_VERSION));
	total = 6 + 68 + (4 + strlen(DICOM_APP_CONTEXT)) + (4 + pc_len) +
	    (4 + ui_len);
	if (buflen < total)
		return IOMT_ELIMIT;
	memset(buf, 0, 74);
	buf[0] = PDU_ASSOC_RQ;
	buf[2] = (uint8_t)((total - 6) >> 24);
	buf[3] = (uint8_t)((total - 6) >> 16);
	buf[4] = (uint8_t)((total - 6) >> 8);
	buf[5] = (uint8_t)(total - 6);
	buf[7] = 0x01;			/* protocol version 1 */
	memset(buf + 10, ' ', 32);
	memcpy(buf + 10, called_ae, strlen(called_ae));
	memcpy(buf + 26, calling_ae, strlen(calling_ae));
	/* buf[42..73]: 32 reserved bytes, all zero. */
	p = put_str_item(buf + 74, 0x10, DICOM_APP_CONTEXT);
	p = put_item(p, 0x20, pc_len);
	p[0] = DICOM_PC_ID;
	p[1] = p[2] = p[3] = 0;
	p = put_str_item(p + 4, 0x30, DICOM_VERIFICATION);
	p = put_str_item(p, 0x40, DICOM_IMPLICIT_LE);
	p = put_item(p, 0x50, ui_len);
	p = put_item(p, 0x51, 4);
	p[0] = (uint8_t)(DICOM_OUR_MAX_PDU >> 24);
	p[1] = (uint8_t)(DICOM_OUR_MAX_PDU >> 16);
	p[2] = (uint8_t)(DICOM_OUR_MAX_PDU >> 8);
	p[3] = (uint8_t)DICOM_OUR_MAX_PDU;
	p = put_str_item(p + 4, 0x52, DICOM_IMPL_UID);
	p = put_str_item(p, 0x55, DICOM_IMPL_VERSION);
	return (ssize_t)(p - buf);
}

ssize_t
dicom_pdu_size(const uint8_t *buf, size_t len)
{
	uint32_t	 pl;
	uint8_t		 type;

	if (len == 0)
		return IOMT_ETRUNC;
	type = buf[0];
	if (type < PDU_ASSOC_RQ || type > PDU_ABORT)
		return IOMT_EPROTO;
	if (len < 6)
		return IOMT_ETRUNC;
	pl = (uint32_t)buf[2] << 24 | (uint32_t)buf[3] << 16 |
	    (uint32_t)buf[4] << 8 | buf[5];
	if (pl > DICOM_PDU_MAX)
		return IOMT_EPROTO;
	switch (type) {
	case PDU_ASSOC_RQ:
	case PDU_ASSOC_AC:
		if (pl < 68)
			return IOMT_EPROTO;
		break;
	case PDU_P_DATA:
		if (pl < 6)		/* one PDV: length(4) id(1) hdr(1) */
			return IOMT_EPROTO;
		break;
	default:			/* RJ, release RQ/RP, abort */
		if (pl != 4)
			return IOMT_EPROTO;
		break;
	}
	return (ssize_t)(6 + (size_t)pl);
}

/* Length of s[0..n) without trailing spaces and NULs (padding). */
static size_t
dicom_trim(const uint8_t *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		n--;
	return n;
}

/* What an A-ASSOCIATE-AC said; pointers into the PDU. */
struct dicom_ac {
	uint16_t	 version;
	const uint8_t	*called, *calling;
	const uint8_t	*app_ctx;
	size_t		 app_ctx_len;
	int		 have_ui;
	int		 n_pc, n_pc_ok;
	int		 verif_result;		/* -1: context 1 absent */
	const uint8_t	*ts;
	size_t		 ts_len;
	int		 have_max;
	uint32_t	 max_pdu;
	const uint8_t	*impl_uid, *impl_ver;
	size_t		 impl_uid_len, impl_ver_len;
	int		 have_async;
	uint16_t	 async_inv, async_perf;
	int		 n_roles;
	int		 have_uid_rsp;
	uint16_t	 uid_rsp_len;
};

static const char *
dicom_pc_result_text(int r)
{
	switch (r) {
	case 0:
		return "acceptance";
	case 1:
		return "user-rejection";
	case 2:
		return "no-reason";
	case 3:
		return "abstract-syntax-not-supported";
	case 4:
		return "transfer-syntaxes-not-supported";
	default:
		return "unknown";
	}
}

/*
 * The next item of a PDU or item body: type (1), reserved (1), length
 * (2, big-endian), then that many bytes, handed out as sub.  Every A-
 * ASSOCIATE-AC variable item and sub-item has this shape (PS3.8 9.3.3.3).
 */
static int
dicom_item(struct reader *r, uint8_t *type, struct reader *sub,
    uint16_t *len)
{
	uint8_t	 rsv;

	reader_u8(r, type);
	reader_u8(r, &rsv);
	reader_be16(r, len);
	return reader_sub(r, sub, *len) != 0 ? IOMT_EPROTO : 0;
}

/* Presentation context item 0x21 body (PS3.8 Table 9-18). */
static int
dicom_parse_pc(struct reader *r, struct dicom_ac *ac)
{
	struct reader	 sub;
	uint8_t		 id, result, type;
	uint16_t	 len;

	reader_u8(r, &id);
	reader_skip(r, 1);
	reader_u8(r, &result);
	reader_skip(r, 1);
	if (r->err != 0)
		return IOMT_EPROTO;
	ac->n_pc++;
	if (result == 0)
		ac->n_pc_ok++;
	if (id == DICOM_PC_ID)
		ac->verif_result = result;
	while (reader_remaining(r) > 0) {
		if (dicom_item(r, &type, &sub, &len) != 0)
			return IOMT_EPROTO;
		if (type == 0x40 && id == DICOM_PC_ID && result == 0) {
			ac->ts = sub.p;
			ac->ts_len = len;
		}
	}
	return 0;
}

/* User Information item 0x50 (PS3.8 Annex D.1, PS3.7 Annex D.3.3). */
static int
dicom_parse_ui(struct reader *r, struct dicom_ac *ac)
{
	struct reader	 sub;
	uint8_t		 type;
	uint16_t	 len;

	ac->have_ui = 1;
	while (reader_remaining(r) > 0) {
		if (dicom_item(r, &type, &sub, &len) != 0)
			return IOMT_EPROTO;
		switch (type) {
		case 0x51:		/* Maximum Length */
			if (len != 4)
				return IOMT_EPROTO;
			reader_be32(&sub, &ac->max_pdu);
			ac->have_max = 1;
			break;
		case 0x52:		/* Implementation Class UID */
			ac->impl_uid = sub.p;
			ac->impl_uid_len = len;
			break;
		case 0x53:		/* Asynchronous Operations Window */
			if (len != 4)
				return IOMT_EPROTO;
			reader_be16(&sub, &ac->async_inv);
			reader_be16(&sub, &ac->async_perf);
			ac->have_async = 1;
			break;
		case 0x54:		/* SCP/SCU Role Selection */
			ac->n_roles++;
			break;
		case 0x55:		/* Implementation Version Name */
			ac->impl_ver = sub.p;
			ac->impl_ver_len = len;
			break;
		case 0x59:		/* User Identity server response */
			if (len < 2 || reader_be16(&sub, &ac->uid_rsp_len) != 0 ||
			    ac->uid_rsp_len != len - 2)
				return IOMT_EPROTO;
			ac->have_uid_rsp = 1;
			break;
		default:		/* unknown sub-items are skipped */
			break;
		}
	}
	return 0;
}

static void
dicom_obs_text(struct kvset *obs, const char *key, const uint8_t *p, size_t n,
    size_t max)
{
	n = dicom_trim(p, n);
	kv_add_bytes(obs, key, p, n, max);
}

static int
dicom_parse_ac(struct reader *r, struct kvset *obs)
{
	struct dicom_ac	 ac;
	struct reader	 sub;
	uint8_t		 type;
	uint16_t	 len;
	int		 e;

	memset(&ac, 0, sizeof(ac));
	ac.verif_result = -1;
	reader_be16(r, &ac.version);
	reader_skip(r, 2);
	reader_bytes(r, &ac.called, 16);
	reader_bytes(r, &ac.calling, 16);
	reader_skip(r, 32);
	if (r->err != 0)
		return IOMT_EPROTO;
	while (reader_remaining(r) > 0) {
		if (dicom_item(r, &type, &sub, &len) != 0)
			return IOMT_EPROTO;
		e = 0;
		switch (type) {
		case 0x10:
			ac.app_ctx = sub.p;
			ac.app_ctx_len = len;
			break;
		case 0x21:
			e = dicom_parse_pc(&sub, &ac);
			break;
		case 0x50:
			e = dicom_parse_ui(&sub, &ac);
			break;
		default:		/* PS3.8 9.3.1: ignore unknown items */
			break;
		}
		if (e != 0)
			return e;
	}
	/* PS3.8 Table 9-17: one application context, at least one
	 * presentation context and one user information item. */
	if (ac.app_ctx == NULL || ac.app_ctx_len == 0 || ac.n_pc == 0 ||
	    !ac.have_ui)
		return IOMT_EPROTO;

	kv_add(obs, "service", "dicom");
	kv_add(obs, "dicom.state", "ac");
	kv_addf(obs, "dicom.protocol_version", "%u", ac.version);
	dicom_obs_text(obs, "dicom.ac_called_ae", ac.called, 16, 16);
	dicom_obs_text(obs, "dicom.ac_calling_ae", ac.calling, 16, 16);
	dicom_obs_text(obs, "dicom.app_context", ac.app_ctx, ac.app_ctx_len,
	    64);
	kv_add(obs, "dicom.verification_accepted",
	    ac.verif_result == 0 ? "yes" : "no");
	if (ac.verif_result >= 0)
		kv_add(obs, "dicom.verification_result",
		    dicom_pc_result_text(ac.verif_result));
	kv_addf(obs, "dicom.contexts_accepted", "%d/%d", ac.n_pc_ok,
	    ac.n_pc);
	if (ac.ts != NULL)
		dicom_obs_text(obs, "dicom.transfer_syntax", ac.ts, ac.ts_len,
		    64);
	if (ac.have_max)
		kv_addf(obs, "dicom.max_pdu", "%lu",
		    (unsigned long)ac.max_pdu);
	if (ac.impl_uid != NULL)
		dicom_obs_text(obs, "dicom.impl_uid", ac.impl_uid,
		    ac.impl_uid_len, 64);
	if (ac.impl_ver != NULL)
		dicom_obs_text(obs, "dicom.impl_version", ac.impl_ver,
		    ac.impl_ver_len, 16);
	if (ac.have_async)
		kv_addf(obs, "dicom.async_ops", "%u/%u", ac.async_inv,
		    ac.async_perf);
	if (ac.n_roles > 0)
		kv_addf(obs, "dicom.role_selections", "%d", ac.n_roles);
	if (ac.have_uid_rsp)
		kv_addf(obs, "dicom.user_identity_response", "%u",
		    ac.uid_rsp_len);
	return 0;
}

static const char *
dicom_rj_text(uint8_t source, uint8_t reason)
{
	switch (source) {
	case 1:
		switch (reason) {
		case 1:
			return "service-user: no-reason-given";
		case 2:
			return "service-user: application-context-name-"
			    "not-supported";
		case 3:
			return "service-user: calling-AE-title-not-recognized";
		case 7:
			return "service-user: called-AE-title-not-recognized";
		default:
			return "service-user: reserved reason";
		}
	case 2:
		switch (reason) {
		case 1:
			return "service-provider (ACSE): no-reason-given";
		case 2:
			return "service-provider (ACSE): protocol-version-"
			    "not-supported";
		default:
			return "service-provider (ACSE): reserved reason";
		}
	case 3:
		switch (reason) {
		case 1:
			return "service-provider (presentation): temporary-"
			    "congestion";
		case 2:
			return "service-provider (presentation): local-limit-"
			    "exceeded";
		default:
			return "service-provider (presentation): reserved "
			    "reason";
		}
	default:
		return "unknown source";
	}
}

static const char *
dicom_abort_text(uint8_t source, uint8_t reason)
{
	if (source == 0)
		return "service-user";
	if (source != 2)
		return "reserved source";
	switch (reason) {
	case 0:
		return "service-provider: reason-not-specified";
	case 1:
		return "service-provider: unrecognized-PDU";
	case 2:
		return "service-provider: unexpected-PDU";
	case 4:
		return "service-provider: unrecognized-PDU-parameter";
	case 5:
		return "service-provider: unexpected-PDU-parameter";
	case 6:
		return "service-provider: invalid-PDU-parameter-value";
	default:
		return "service-provider: reserved reason";
	}
}

int
dicom_parse_pdu(const uint8_t *buf, size_t len, struct kvset *obs)
{
	struct reader	 r;
	ssize_t		 sz;
	uint8_t		 result, source, reason;
	int		 e;

	sz = dicom_pdu_size(buf, len);
	if (sz < 0)
		return (int)sz;
	if ((size_t)sz > len)
		return IOMT_ETRUNC;
	reader_init(&r, buf, (size_t)sz);
	reader_skip(&r, 6);
	switch (buf[0]) {
	case PDU_ASSOC_AC:
		if ((e = dicom_parse_ac(&r, obs)) != 0)
			return e;
		break;
	case PDU_ASSOC_RJ:
		reader_skip(&r, 1);
		reader_u8(&r, &result);
		reader_u8(&r, &source);
		reader_u8(&r, &reason);
		kv_add(obs, "service", "dicom");
		kv_add(obs, "dicom.state", "rj");
		kv_addf(obs, "dicom.rj_result", "%u", result);
		kv_add(obs, "dicom.rj_permanent",
		    result == 1 ? "yes" : "no");
		kv_addf(obs, "dicom.rj_source", "%u", source);
		kv_addf(obs, "dicom.rj_reason", "%u", reason);
		kv_add(obs, "dicom.rj_text", dicom_rj_text(source, reason));
		break;
	case PDU_ABORT:
		reader_skip(&r, 2);
		reader_u8(&r, &source);
		reader_u8(&r, &reason);
		kv_add(obs, "service", "dicom");
		kv_add(obs, "dicom.state", "abort");
		kv_addf(obs, "dicom.abort_source", "%u", source);
		kv_addf(obs, "dicom.abort_reason", "%u", reason);
		kv_add(obs, "dicom.abort_text",
		    dicom_abort_text(source, reason));
		break;
	default:
		break;
	}
	return buf[0];
}

/* ---- the probe ---------------------------------------------------- */

static int
dicom_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct dicom_state *st = state;
	const char	*called = "ANY-SCP", *calling = "IOMTSCAN";
	ssize_t		 n;

	*outn = 0;
	if (t != NULL && t->cfg != NULL) {
		if (t->cfg->dicom_called_ae != NULL)
			called = t->cfg->dicom_called_ae;
		if (t->cfg->dicom_calling_ae != NULL)
			calling = t->cfg->dicom_calling_ae;
	}
	n = dicom_build_assoc_rq(out, outlen, called, calling);
	if (n < 0)
		return (int)n;
	memset(st, 0, sizeof(*st));
	st->phase = DS_WAIT_AC;
	strlcpy(st->called, called, sizeof(st->called));
	st->any_ae = strcmp(called, "ANY-SCP") == 0;
	*outn = (size_t)n;
	return PROBE_SEND;
}

/* Queue a fixed 10-byte PDU for sending. */
static int
dicom_send(const uint8_t pdu[10], uint8_t *out, size_t outlen, size_t *outn)
{
	if (outlen < 10)
		return IOMT_ELIMIT;
	memcpy(out, pdu, 10);
	*outn = 10;
	return PROBE_SEND;
}

/* The peer broke protocol after proving DICOM: abort, then finish. */
static int
dicom_abort(struct dicom_state *st, struct kvset *obs, const char *what,
    uint8_t *out, size_t outlen, size_t *outn)
{
	kv_add(obs, "dicom.unexpected", what);
	st->phase = DS_CLOSING;
	return dicom_send(abort_pdu, out, outlen, outn);
}

static int
dicom_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	struct dicom_state *st = state;
	const uint8_t	*p;
	size_t		 n;
	ssize_t		 sz;
	int		 e, ended;

	*outn = 0;
	ended = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0;
	if (st->phase == DS_CLOSING)
		return PROBE_DONE;
	if (st->off > len)
		return IOMT_EINVAL;
	p = buf + st->off;
	n = len - st->off;
	sz = dicom_pdu_size(p, n);
	if (sz == IOMT_ETRUNC || (sz > 0 && (size_t)sz > n)) {
		if (!ended)
			return PROBE_MORE;
		if (st->phase == DS_WAIT_AC) {
			if (len == 0) {
				kv_add(obs, "dicom.state", "none");
				return PROBE_DONE;
			}
			return IOMT_ETRUNC;
		}
		kv_add(obs, "dicom.release", n == 0 ?
		    ((flags & PROBE_IN_EOF) ? "closed" : "no-reply") :
		    "truncated");
		return PROBE_DONE;
	}
	if (sz < 0) {
		if (st->phase == DS_WAIT_AC)
			return (int)sz;
		return dicom_abort(st, obs, "malformed", out, outlen, outn);
	}
	if (st->phase == DS_WAIT_AC) {
		switch (p[0]) {
		case PDU_ASSOC_AC:
			if ((e = dicom_parse_pdu(p, (size_t)sz, obs)) < 0)
				return e;
			kv_add(obs, "dicom.called_ae_used", st->called);
			if (st->any_ae)
				kv_add(obs, "dicom.any_ae_accepted", "yes");
			st->off += (size_t)sz;
			st->phase = DS_WAIT_RP;
			return dicom_send(release_rq, out, outlen, outn);
		case PDU_ASSOC_RJ:
			if ((e = dicom_parse_pdu(p, (size_t)sz, obs)) < 0)
				return e;
			kv_add(obs, "dicom.called_ae_used", st->called);
			if (st->any_ae && p[8] == 1 && p[9] == 7)
				kv_add(obs, "dicom.any_ae_accepted", "no");
			return PROBE_DONE;
		case PDU_ABORT:
			if ((e = dicom_parse_pdu(p, (size_t)sz, obs)) < 0)
				return e;
			return PROBE_DONE;
		default:
			/* A well-formed DICOM PDU of the wrong kind. */
			kv_add(obs, "service", "dicom");
			kv_add(obs, "dicom.state", "unexpected");
			kv_addf(obs, "dicom.unexpected_pdu", "%02x", p[0]);
			st->phase = DS_CLOSING;
			return dicom_send(abort_pdu, out, outlen, outn);
		}
	}
	/* DS_WAIT_RP: only a release reply (or an abort) is expected. */
	st->off += (size_t)sz;
	switch (p[0]) {
	case PDU_RELEASE_RP:
		kv_add(obs, "dicom.release", "ok");
		return PROBE_DONE;
	case PDU_ABORT:
		kv_add(obs, "dicom.release", "aborted");
		kv_addf(obs, "dicom.abort_source", "%u", p[8]);
		kv_addf(obs, "dicom.abort_reason", "%u", p[9]);
		return PROBE_DONE;
	case PDU_RELEASE_RQ:
		/* Release collision (PS3.8 9.2.8): as requestor, answer
		 * with A-RELEASE-RP and keep waiting for the peer's. */
		kv_add(obs, "dicom.release", "collision");
		return dicom_send(release_rp, out, outlen, outn);
	default:
		kv_addf(obs, "dicom.unexpected_pdu", "%02x", p[0]);
		return dicom_abort(st, obs, "pdu", out, outlen, outn);
	}
}

/* ---- selftest ----------------------------------------------------- */

/* storescp --refuse: A-ASSOCIATE-RJ permanent, service-user, no reason. */
static const uint8_t st_rj[] = {
	0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x01
};

/* 1 when the observation key holds exactly want. */
static int
kv_is(const struct kvset *o, const char *key, const char *want)
{
	const char	*v = kv_get(o, key);

	return v != NULL && strcmp(v, want) == 0;
}

static int
dicom_selftest(void)
{
	struct dicom_state st;
	struct probe_target t = { .port = 104, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 req[512], ac[256], out[64];
	size_t		 n, acn;

	memset(&st, 0, sizeof(st));
	if (dicom_start(&st, &t, req, sizeof(req), &n) != PROBE_SEND ||
	    n != 181 + strlen(DICOM_IMPL_UID) || req[0] != 0x01 ||
	    memcmp(req + 10, "ANY-SCP         IOMTSCAN        ", 32) != 0)
		return -1;
	/* Turn our own RQ into an AC: type 02, context item 0x21 result 0.
	 * (The AC mirrors the RQ's layout.) */
	acn = n;
	memcpy(ac, req, acn);
	ac[0] = PDU_ASSOC_AC;
	ac[74 + 25] = 0x21;
	kv_reset(&o);
	if (dicom_input(&st, &t, ac, acn - 1, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE)
		return -1;
	if (dicom_input(&st, &t, ac, acn, 0, &o, out, sizeof(out), &n) !=
	    PROBE_SEND || n != 10 || memcmp(out, release_rq, 10) != 0)
		return -1;
	memcpy(ac + acn, release_rp, 10);
	if (dicom_input(&st, &t, ac, acn + 10, 0, &o, out, sizeof(out), &n) !=
	    PROBE_DONE)
		return -1;
	if (!kv_is(&o, "dicom.impl_uid", DICOM_IMPL_UID))
		return -1;
	if (!kv_is(&o, "dicom.release", "ok"))
		return -1;
	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	dicom_start(&st, &t, req, sizeof(req), &n);
	if (dicom_input(&st, &t, st_rj, sizeof(st_rj), 0, &o, out,
	    sizeof(out), &n) != PROBE_DONE)
		return -1;
	if (!kv_is(&o, "dicom.state", "rj"))
		return -1;
	/* Not DICOM at all. */
	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	dicom_start(&st, &t, req, sizeof(req), &n);
	if (dicom_input(&st, &t, (const uint8_t *)"HTTP/1.0", 8, 0, &o, out,
	    sizeof(out), &n) != IOMT_EPROTO)
		return -1;
	return 0;
}

const struct probe_ops probe_dicom_assoc = {
	.name = "dicom-assoc",
	.service = NULL,	/* "service" is added once DICOM is proven */
	.summary = "DICOM A-ASSOCIATE-RQ (Verification), then A-RELEASE-RQ; "
	    "implementation UID and version",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 104, 11112, 4242, 0 },
	.max_reply = 6 + DICOM_PDU_MAX + 16,
	.state_size = sizeof(struct dicom_state),
	.timeout_ms = 10000,	/* ARTIM-like, DICOM PS3.8 section 9.1.5 */
	.start = dicom_start,
	.input = dicom_input,
	.selftest = dicom_selftest,
};
