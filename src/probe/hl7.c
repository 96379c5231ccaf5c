/*
 * src/probe/hl7.c - HL7 v2 over MLLP: the passive hl7-mllp probe and the
 * opt-in hl7-nmq probe.
 *
 * Any HL7 message an interface engine accepts is processed: routed
 * downstream, queued as an error, alerted on, acknowledged.  So by default
 * iomtscan sends nothing to an HL7 port (hl7-mllp, level gentle): it
 * connects, waits two seconds for anything the listener volunteers, and
 * closes.  An MLLP listener normally stays silent, so a silent port from
 * the configured HL7 port list is labelled "hl7-mllp" by port alone, and
 * the observation hl7.classified_by=port says so.  If the peer does send
 * an MLLP frame, its MSH header is parsed and the label rests on the
 * protocol instead.
 *
 * The only message iomtscan can ever send is hl7-nmq (level clinical,
 * off unless the scan level is raised to clinical with the interface team
 * informed): one Application Management Query NMQ^N01 (HL7 v2 chapter 14,
 * operational, not patient HL7; processing id T), never ADT/ORM/ORU, never
 * a PID segment.  The ACK or NMR is parsed for MSH-3/4/9/12, MSA-1/3 and
 * ERR.
 *
 * MLLP framing (HL7 v2 Implementation Guide, MLLP release 1):
 *
 *	0x0B  <segments, each ending in 0x0D>  0x1C 0x0D
 *
 * MSH: "MSH" then the field separator (MSH-1, normally '|'), then the
 * encoding characters (MSH-2), then MSH-3 sending application, MSH-4
 * sending facility, ... MSH-9 message type, MSH-10 control id, MSH-12
 * version.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define MLLP_SB		0x0b
#define MLLP_EB		0x1c
#define MLLP_CR		0x0d
#define HL7_MAX_REPLY	8192
#define HL7_WAIT_MS	2000

struct hl7_state {
	int		 sent;
};

static int
hl7_ctrl_ok(const char *s)
{
	size_t	 i, n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n == 0 || n > 20)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

ssize_t
hl7_build_nmq(uint8_t *buf, size_t buflen, const char *ts,
    const char *control_id)
{
	size_t	 i;
	int	 n;

	if (ts == NULL || strlen(ts) != 14 || !hl7_ctrl_ok(control_id))
		return IOMT_EINVAL;
	for (i = 0; i < 14; i++)
		if (ts[i] < '0' || ts[i] > '9')
			return IOMT_EINVAL;
	n = snprintf((char *)buf, buflen,
	    "\x0bMSH|^~\\&|IOMTSCAN|SECOPS|||%s||NMQ^N01^NMQ_N01|%s|T|2.5\r"
	    "NCK|%s\r\x1c\r", ts, control_id, ts);
	if (n < 0 || (size_t)n >= buflen)
		return IOMT_ELIMIT;
	return n;
}

/* Field idx (0 = segment name) of seg[0..n) split on sep. */
static int
hl7_field(const uint8_t *seg, size_t n, uint8_t sep, int idx,
    const uint8_t **fp, size_t *fn)
{
	size_t	 i, start = 0;
	int	 f = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || seg[i] == sep) {
			if (f == idx) {
				*fp = seg + start;
				*fn = i - start;
				return 1;
			}
			f++;
			start = i + 1;
		}
	}
	return 0;
}

static void
hl7_obs_field(struct kvset *obs, const char *key, const uint8_t *seg,
    size_t n, uint8_t sep, int idx, size_t max)
{
	const uint8_t	*fp;
	size_t		 fn;

	if (hl7_field(seg, n, sep, idx, &fp, &fn) && fn > 0)
		kv_add_bytes(obs, key, fp, fn, max);
}

int
hl7_parse_frame(const uint8_t *buf, size_t len, struct kvset *obs)
{
	const uint8_t	*msg, *seg, *end;
	size_t		 i, mlen, slen, off;
	uint8_t		 sep;
	int		 have_err = 0;

	if (len == 0)
		return IOMT_ETRUNC;
	if (buf[0] != MLLP_SB)
		return IOMT_EPROTO;
	/* The message must start with MSH and a field separator. */
	for (i = 1; i < len && i < 5; i++)
		if ((i < 4 && buf[i] != (uint8_t)"MSH"[i - 1]) ||
		    (i == 4 && (buf[i] < 0x21 || buf[i] > 0x7e ||
		    (buf[i] >= '0' && buf[i] <= '9') ||
		    (buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= 'a' && buf[i] <= 'z'))))
			return IOMT_EPROTO;
	end = NULL;
	for (i = 1; i + 1 < len; i++)
		if (buf[i] == MLLP_EB && buf[i + 1] == MLLP_CR) {
			end = buf + i;
			break;
		}
	if (end == NULL)
		return IOMT_ETRUNC;
	msg = buf + 1;
	mlen = (size_t)(end - msg);
	if (mlen < 4)
		return IOMT_EPROTO;
	sep = msg[3];
	kv_add(obs, "service", "hl7-mllp");
	for (off = 0; off < mlen; off += slen + 1) {
		seg = msg + off;
		for (slen = 0; off + slen < mlen && seg[slen] != MLLP_CR &&
		    seg[slen] != '\n'; slen++)
			;
		if (slen < 3)
			continue;
		if (memcmp(seg, "MSH", 3) == 0 && off == 0) {
			hl7_obs_field(obs, "hl7.msh_app", seg, slen, sep,
			    2, 128);
			hl7_obs_field(obs, "hl7.msh_facility", seg, slen,
			    sep, 3, 128);
			hl7_obs_field(obs, "hl7.msg_type", seg, slen, sep, 8,
			    64);
			hl7_obs_field(obs, "hl7.version", seg, slen, sep, 11,
			    32);
		} else if (memcmp(seg, "MSA", 3) == 0) {
			hl7_obs_field(obs, "hl7.ack_code", seg, slen, sep, 1,
			    8);
			hl7_obs_field(obs, "hl7.ack_text", seg, slen, sep, 3,
			    200);
		} else if (memcmp(seg, "ERR", 3) == 0 && !have_err) {
			kv_add_bytes(obs, "hl7.error", seg, slen, 200);
			have_err = 1;
		}
	}
	return (int)(end - buf) + 2;
}

/* ---- hl7-mllp: passive ------------------------------------------- */

static int
hl7_mllp_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	*outn = 0;
	return PROBE_MORE;		/* send nothing; wait */
}

/* Something arrived unasked: parse a frame or keep the first line. */
static int
hl7_unsolicited(const uint8_t *buf, size_t len, int ended, struct kvset *obs)
{
	const uint8_t	*nl;
	size_t		 line;
	int		 e;

	if (buf[0] == MLLP_SB) {
		/* An empty frame (nmap's "hl7-mlp" match): MLLP framing
		 * without a message still identifies the listener. */
		if (len >= 3 && buf[1] == MLLP_EB && buf[2] == MLLP_CR) {
			kv_add(obs, "service", "hl7-mllp");
			kv_add(obs, "hl7.mllp", "data");
			kv_add(obs, "hl7.frame", "empty");
			kv_add(obs, "hl7.classified_by", "framing");
			return PROBE_DONE;
		}
		e = hl7_parse_frame(buf, len, obs);
		if (e == IOMT_ETRUNC && !ended && len < HL7_MAX_REPLY)
			return PROBE_MORE;
		kv_add(obs, "hl7.mllp", "data");
		if (e >= 0) {
			kv_add(obs, "hl7.classified_by", "protocol");
			return PROBE_DONE;
		}
		if (e != IOMT_EPROTO)
			return e;
	}
	nl = memchr(buf, '\n', len);
	if (nl == NULL && !ended && len < 256)
		return PROBE_MORE;
	line = nl != NULL ? (size_t)(nl - buf) : len;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	kv_add(obs, "hl7.mllp", "data");
	kv_add_bytes(obs, "banner", buf, line, 256);
	return PROBE_DONE;
}

/* Nothing arrived: silent (timeout) or closed (EOF). */
static void
hl7_nothing(unsigned flags, struct kvset *obs)
{
	if (flags & PROBE_IN_EOF) {
		kv_add(obs, "hl7.mllp", "closed");
		return;
	}
	kv_add(obs, "hl7.mllp", "silent");
	kv_add(obs, "service", "hl7-mllp");
	kv_add(obs, "hl7.classified_by", "port");
}

static int
hl7_mllp_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	int	 ended = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0;

	*outn = 0;
	if (len == 0) {
		if (!ended)
			return PROBE_MORE;
		hl7_nothing(flags, obs);
		return PROBE_DONE;
	}
	return hl7_unsolicited(buf, len, ended, obs);
}

/* ---- hl7-nmq: opt-in, clinical level ----------------------------- */

static int
hl7_nmq_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct hl7_state *st = state;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 ts[16], ctrl[16];
	ssize_t		 n;

	*outn = 0;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm) != 14)
		return IOMT_EINVAL;
	snprintf(ctrl, sizeof(ctrl), "IOMTSCAN-%04u",
	    (unsigned)(proto_random() % 10000));
	n = hl7_build_nmq(out, outlen, ts, ctrl);
	if (n < 0)
		return (int)n;
	st->sent = 1;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
hl7_nmq_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	int	 ended = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0;
	int	 e;

	*outn = 0;
	if (len == 0) {
		if (!ended)
			return PROBE_MORE;
		kv_add(obs, "hl7.nmq", (flags & PROBE_IN_EOF) ? "closed" :
		    "no-reply");
		hl7_nothing(flags, obs);
		return PROBE_DONE;
	}
	e = hl7_parse_frame(buf, len, obs);
	if (e == IOMT_ETRUNC && !ended && len < HL7_MAX_REPLY)
		return PROBE_MORE;
	if (e < 0)
		return e;
	kv_add(obs, "hl7.nmq", "answered");
	kv_add(obs, "hl7.mllp", "data");
	kv_add(obs, "hl7.classified_by", "protocol");
	return PROBE_DONE;
}

/* ---- selftests ---------------------------------------------------- */

static const char hl7_ack[] =
    "\x0bMSH|^~\\&|MIRTH|HOSP|IOMTSCAN|SECOPS|20260101120001||ACK^N01|"
    "42|T|2.5\rMSA|AR|IOMTSCAN-0001|unsupported message type\r\x1c\r";

static int
hl7_mllp_selftest(void)
{
	struct probe_target t = { .port = 2575, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[8];
	size_t		 n;
	const char	*v;

	if (hl7_mllp_start(NULL, &t, out, sizeof(out), &n) != PROBE_MORE ||
	    n != 0)
		return -1;
	kv_reset(&o);
	if (hl7_mllp_input(NULL, &t, NULL, 0, PROBE_IN_TIMEOUT, &o, out,
	    sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "hl7.classified_by");
	if (v == NULL || strcmp(v, "port") != 0)
		return -1;
	kv_reset(&o);
	if (hl7_mllp_input(NULL, &t, (const uint8_t *)hl7_ack, 20, 0, &o,
	    out, sizeof(out), &n) != PROBE_MORE)
		return -1;
	if (hl7_mllp_input(NULL, &t, (const uint8_t *)hl7_ack,
	    sizeof(hl7_ack) - 1, 0, &o, out, sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "hl7.msh_app");
	if (v == NULL || strcmp(v, "MIRTH") != 0)
		return -1;
	return 0;
}

static int
hl7_nmq_selftest(void)
{
	struct hl7_state st;
	struct probe_target t = { .port = 2575, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[256];
	size_t		 n;
	const char	*v;

	memset(&st, 0, sizeof(st));
	if (hl7_nmq_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n != 101 || out[0] != MLLP_SB)
		return -1;
	kv_reset(&o);
	if (hl7_nmq_input(&st, &t, (const uint8_t *)hl7_ack,
	    sizeof(hl7_ack) - 1, 0, &o, out, sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "hl7.ack_code");
	if (v == NULL || strcmp(v, "AR") != 0)
		return -1;
	return 0;
}

const struct probe_ops probe_hl7_mllp = {
	.name = "hl7-mllp",
	.service = NULL,	/* "service" is added by the rules above */
	.summary = "HL7/MLLP by port and silence: connect, wait 2 s, send "
	    "nothing",
	.flags = PROBE_F_TCP,
	.level = LEVEL_GENTLE,
	.ports = (const uint16_t[]){ 2575, 0 },
	.max_reply = HL7_MAX_REPLY,
	.state_size = sizeof(struct hl7_state),
	.timeout_ms = HL7_WAIT_MS,
	.start = hl7_mllp_start,
	.input = hl7_mllp_input,
	.selftest = hl7_mllp_selftest,
};

const struct probe_ops probe_hl7_nmq = {
	.name = "hl7-nmq",
	.service = NULL,
	.summary = "OPT-IN (clinical level): one HL7 NMQ^N01 query, "
	    "processing id T; parses the ACK/NMR",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_CLINICAL,
	.ports = (const uint16_t[]){ 2575, 0 },
	.max_reply = HL7_MAX_REPLY,
	.state_size = sizeof(struct hl7_state),
	.timeout_ms = 5000,
	.start = hl7_nmq_start,
	.input = hl7_nmq_input,
	.selftest = hl7_nmq_selftest,
};
