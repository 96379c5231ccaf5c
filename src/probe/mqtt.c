/*
 * src/probe/mqtt.c - the mqtt-connect probe: does a broker accept anonymous
 * clients?
 *
 * MQTT brokers relay device telemetry (IoT gateways, nurse-call and
 * building systems); one that accepts a client without credentials lets
 * anyone on the network read and inject messages.  The probe sends one
 * MQTT 3.1.1 CONNECT (clean session, keepalive 10 s, no will, no user name
 * or password), reads the CONNACK and, if the broker accepted, sends
 * DISCONNECT (e0 00) so the broker drops the session cleanly.  It never
 * subscribes or publishes (nmap's mqtt-subscribe reads $SYS; iomtscan does
 * not).  The client identifier is "iomtscan" plus 8 hex digits: unique per
 * run so no real client with a fixed id is kicked off, and only
 * [0-9a-zA-Z], which MQTT 3.1.1 3.1.3-5 obliges every broker to accept.
 *
 * Reference: OASIS MQTT 3.1.1 (2014), 2.2 fixed header, 3.1 CONNECT,
 * 3.2 CONNACK, 3.14 DISCONNECT:
 *
 *	CONNECT  10 <remaining length> 00 04 'M' 'Q' 'T' 'T' 04 <flags 02>
 *	         <keepalive, 2 BE> <client id length, 2 BE> <client id>
 *	CONNACK  20 02 <ack flags: bit 0 session present> <return code>
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define MQTT_CONNACK	0x20
#define MQTT_KEEPALIVE	10

/* Probe phases. */
#define MS_WAIT_CONNACK	0
#define MS_CLOSING	1

struct mqtt_state {
	int		 phase;
};

static const uint8_t mqtt_disconnect[2] = { 0xe0, 0x00 };

static int
mqtt_id_ok(const char *id)
{
	size_t	 i, n;

	if (id == NULL)
		return 0;
	n = strlen(id);
	if (n == 0 || n > 23)
		return 0;
	for (i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= 'A' && id[i] <= 'Z')))
			return 0;
	return 1;
}

ssize_t
mqtt_build_connect(uint8_t *buf, size_t buflen, const char *client_id,
    uint16_t keepalive)
{
	size_t	 idlen, rem;

	if (!mqtt_id_ok(client_id))
		return IOMT_EINVAL;
	idlen = strlen(client_id);
	rem = 10 + 2 + idlen;		/* < 128: one length byte */
	if (buflen < 2 + rem)
		return IOMT_ELIMIT;
	buf[0] = 0x10;
	buf[1] = (uint8_t)rem;
	memcpy(buf + 2, "\x00\x04MQTT\x04\x02", 8);
	buf[10] = (uint8_t)(keepalive >> 8);
	buf[11] = (uint8_t)keepalive;
	buf[12] = 0;
	buf[13] = (uint8_t)idlen;
	memcpy(buf + 14, client_id, idlen);
	return (ssize_t)(2 + rem);
}

static const char *
mqtt_rc_text(int rc)
{
	switch (rc) {
	case 0:
		return "accepted";
	case 1:
		return "unacceptable-protocol-version";
	case 2:
		return "identifier-rejected";
	case 3:
		return "server-unavailable";
	case 4:
		return "bad-user-name-or-password";
	case 5:
		return "not-authorized";
	default:
		return "reserved";
	}
}

int
mqtt_parse_connack(const uint8_t *buf, size_t len, struct kvset *obs)
{
	int	 rc;

	if (len >= 1 && buf[0] != MQTT_CONNACK)
		return IOMT_EPROTO;
	if (len >= 2 && buf[1] != 0x02)
		return IOMT_EPROTO;
	if (len >= 3 && (buf[2] & 0xfe) != 0)
		return IOMT_EPROTO;	/* reserved ack flags */
	if (len < 4)
		return IOMT_ETRUNC;
	rc = buf[3];
	if (rc > 5)
		return IOMT_EPROTO;	/* 3.1.1 defines 0-5 only */
	kv_add(obs, "service", "mqtt");
	kv_addf(obs, "mqtt.connack", "%d", rc);
	kv_add(obs, "mqtt.result", mqtt_rc_text(rc));
	kv_add(obs, "mqtt.session_present", (buf[2] & 1) ? "yes" : "no");
	if (rc == 0)
		kv_add(obs, "mqtt.anonymous", "yes");
	else if (rc == 4 || rc == 5)
		kv_add(obs, "mqtt.anonymous", "no");
	if (rc == 1)
		kv_add(obs, "mqtt.protocol", "not-3.1.1");
	return rc;
}

/* ---- the probe ---------------------------------------------------- */

static int
mqtt_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct mqtt_state *st = state;
	char		 id[24];
	ssize_t		 n;

	*outn = 0;
	st->phase = MS_WAIT_CONNACK;
	snprintf(id, sizeof(id), "iomtscan%08lx",
	    (unsigned long)(proto_random() & 0xffffffffUL));
	n = mqtt_build_connect(out, outlen, id, MQTT_KEEPALIVE);
	if (n < 0)
		return (int)n;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
mqtt_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	struct mqtt_state *st = state;
	int		 rc;

	*outn = 0;
	if (st->phase == MS_CLOSING)
		return PROBE_DONE;
	rc = mqtt_parse_connack(buf, len, obs);
	if (rc == IOMT_ETRUNC) {
		if ((flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) == 0)
			return PROBE_MORE;
		return len == 0 ? PROBE_DONE : IOMT_ETRUNC;
	}
	if (rc < 0)
		return rc;
	if (rc != 0)
		return PROBE_DONE;	/* the broker closes the connection */
	if (outlen < sizeof(mqtt_disconnect))
		return IOMT_ELIMIT;
	memcpy(out, mqtt_disconnect, sizeof(mqtt_disconnect));
	*outn = sizeof(mqtt_disconnect);
	st->phase = MS_CLOSING;
	return PROBE_SEND;
}

/* ---- selftest ----------------------------------------------------- */

static int
mqtt_selftest(void)
{
	static const uint8_t ok[] = { 0x20, 0x02, 0x00, 0x00 };
	static const uint8_t denied[] = { 0x20, 0x02, 0x00, 0x05 };
	struct mqtt_state st;
	struct probe_target t = { .port = 1883, .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[64];
	size_t		 n;
	const char	*v;

	memset(&st, 0, sizeof(st));
	if (mqtt_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n != 30 || memcmp(out, "\x10\x1c\x00\x04MQTT\x04\x02\x00\x0a"
	    "\x00\x10iomtscan", 22) != 0)
		return -1;
	kv_reset(&o);
	if (mqtt_input(&st, &t, ok, 2, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE)
		return -1;
	if (mqtt_input(&st, &t, ok, 4, 0, &o, out, sizeof(out), &n) !=
	    PROBE_SEND || n != 2 || out[0] != 0xe0)
		return -1;
	if (mqtt_input(&st, &t, ok, 4, PROBE_IN_EOF, &o, out, sizeof(out),
	    &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "mqtt.anonymous");
	if (v == NULL || strcmp(v, "yes") != 0)
		return -1;
	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	mqtt_start(&st, &t, out, sizeof(out), &n);
	if (mqtt_input(&st, &t, denied, 4, 0, &o, out, sizeof(out), &n) !=
	    PROBE_DONE)
		return -1;
	v = kv_get(&o, "mqtt.anonymous");
	if (v == NULL || strcmp(v, "no") != 0)
		return -1;
	return 0;
}

const struct probe_ops probe_mqtt_connect = {
	.name = "mqtt-connect",
	.service = NULL,	/* "service" is added once MQTT is proven */
	.summary = "MQTT 3.1.1 CONNECT without credentials, CONNACK, "
	    "DISCONNECT; anonymous access",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 1883, 0 },
	.max_reply = 64,
	.state_size = sizeof(struct mqtt_state),
	.timeout_ms = 5000,
	.start = mqtt_start,
	.input = mqtt_input,
	.selftest = mqtt_selftest,
};
