/*
 * docs/probe-template.c - a complete, minimal C probe to copy when adding
 * one (docs/HACKING.md, "Add a C probe in 6 steps").
 *
 * It speaks an invented line protocol so that nothing here is mistaken for
 * a real one: the probe sends "HELLO\r\n" and expects one line back,
 * "+OK <product>/<version>\r\n".  Everything a real probe needs is here:
 * private state, a builder that writes into the engine's buffer, a parser
 * that accepts input cut at any byte and never reads past len, findings as
 * observations, a selftest with canned replies, and the descriptor.
 *
 * This file is compiled into the unit runner (tests/unit/test-proto.c runs
 * its selftest and drives it like the engine does), so it cannot rot, but
 * it is never listed in src/probe/probes.def: it never reaches a device
 * and never shows in --list-probes.  A real probe lives in
 * src/probe/<name>.c and cites its specification here, with a diagram of
 * the bytes on the wire:
 *
 *	C: HELLO CR LF
 *	S: "+OK " product "/" version CR LF	(at most 128 bytes)
 *	S: "-ERR " text CR LF			(refused: still evidence)
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define TEMPLATE_LINE_MAX	128

/* Private state: the engine allocates state_size zeroed bytes. */
struct template_state {
	int	 sent;
};

/* ---- builder and parser ------------------------------------------- */

/* Write the request; return its length or IOMT_ELIMIT. */
static ssize_t
template_build(uint8_t *buf, size_t buflen)
{
	static const char req[] = "HELLO\r\n";

	if (buflen < sizeof(req) - 1)
		return IOMT_ELIMIT;
	memcpy(buf, req, sizeof(req) - 1);
	return (ssize_t)(sizeof(req) - 1);
}

/*
 * Parse the reply line.  Return 0 with observations added, IOMT_ETRUNC
 * while no complete line has arrived, IOMT_EPROTO for anything else.
 * Observations are added only on 0.
 */
static int
template_parse(const uint8_t *buf, size_t len, struct kvset *obs)
{
	const uint8_t	*nl, *slash;
	size_t		 line;

	nl = memchr(buf, '\n', len);
	if (nl == NULL)
		return len < TEMPLATE_LINE_MAX ? IOMT_ETRUNC : IOMT_EPROTO;
	line = (size_t)(nl - buf);
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	if (line >= 5 && memcmp(buf, "-ERR ", 5) == 0) {
		kv_add(obs, "template.refused", "yes");
		kv_add(obs, "service", "template");
		return 0;
	}
	if (line < 4 || memcmp(buf, "+OK ", 4) != 0)
		return IOMT_EPROTO;
	slash = memchr(buf + 4, '/', line - 4);
	if (slash == NULL || slash == buf + 4)
		return IOMT_EPROTO;
	/* Device bytes: kv_add_bytes() escapes and bounds them. */
	kv_add_bytes(obs, "template.product", buf + 4,
	    (size_t)(slash - buf) - 4, 64);
	kv_add_bytes(obs, "template.version", slash + 1,
	    line - (size_t)(slash + 1 - buf), 64);
	kv_add(obs, "service", "template");
	return 0;
}

/* ---- the probe ---------------------------------------------------- */

static int
template_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct template_state *st = state;
	ssize_t		 n;

	(void)t;
	*outn = 0;
	n = template_build(out, outlen);
	if (n < 0)
		return (int)n;
	st->sent = 1;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
template_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	int	 rc;

	(void)state;
	(void)t;
	(void)out;
	(void)outlen;
	*outn = 0;
	rc = template_parse(buf, len, obs);
	if (rc == IOMT_ETRUNC) {
		if ((flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) == 0)
			return PROBE_MORE;
		return len == 0 ? PROBE_DONE : IOMT_ETRUNC;
	}
	if (rc < 0)
		return rc;
	return PROBE_DONE;
}

/* ---- selftest ----------------------------------------------------- */

/* Canned replies, including one cut short; 0 on success. */
static int
template_selftest(void)
{
	static const uint8_t ok[] = "+OK AcmeMon/2.1\r\n";
	struct template_state st;
	struct probe_target t = { .port = 49999, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[16];
	size_t		 n;
	const char	*v;

	memset(&st, 0, sizeof(st));
	if (template_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n != 7 || memcmp(out, "HELLO\r\n", 7) != 0)
		return -1;
	kv_reset(&o);
	if (template_input(&st, &t, ok, 6, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE || kv_get(&o, "service") != NULL)
		return -1;
	if (template_input(&st, &t, ok, sizeof(ok) - 1, 0, &o, out,
	    sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "template.version");
	if (v == NULL || strcmp(v, "2.1") != 0)
		return -1;
	kv_reset(&o);
	if (template_input(&st, &t, (const uint8_t *)"SSH-2.0\r\n", 9, 0, &o,
	    out, sizeof(out), &n) != IOMT_EPROTO)
		return -1;
	return 0;
}

/*
 * The descriptor.  A real probe is named probe_<name with '_' for '-'>
 * and is listed as PROBE(<that>) in src/probe/probes.def.
 */
const struct probe_ops probe_template = {
	.name = "template",
	.service = NULL,	/* "service" is added once a reply proves it */
	.summary = "template: HELLO, one +OK product/version line",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 49999, 0 },
	.max_reply = TEMPLATE_LINE_MAX,
	.state_size = sizeof(struct template_state),
	.timeout_ms = 5000,
	.start = template_start,
	.input = template_input,
	.again = NULL,		/* no second run */
	.selftest = template_selftest,
};
