/*
 * src/probe/banner.c - read what a service says first, send nothing.
 *
 * SSH, FTP, SMTP, Telnet and VNC announce themselves on connect.  Reading
 * that banner costs the device nothing beyond the connection, so it is the
 * gentlest identification there is (level "gentle").  Telnet option
 * negotiation (IAC ...) is never answered: the bytes are recorded and the
 * connection is closed.  The banner's first line is recorded, escaped.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define BANNER_MAX	1024

static const char *
banner_service(const uint8_t *buf, size_t len, uint16_t port)
{
	if (len >= 4 && memcmp(buf, "SSH-", 4) == 0)
		return "ssh";
	if (len >= 4 && memcmp(buf, "RFB ", 4) == 0)
		return "vnc";
	if (len >= 1 && buf[0] == 0xff)
		return "telnet";
	if (len >= 4 && memcmp(buf, "220", 3) == 0 &&
	    (buf[3] == ' ' || buf[3] == '-')) {
		const uint8_t	*nl = memchr(buf, '\n', len);
		size_t		 i, n = nl != NULL ? (size_t)(nl - buf) : len;

		/* A 220 greeting names its protocol more often than not
		 * ("ESMTP Postfix", "FTP server ready"); else the port. */
		for (i = 4; i + 3 <= n; i++) {
			if (i + 4 <= n && (buf[i] | 0x20) == 's' &&
			    (buf[i + 1] | 0x20) == 'm' &&
			    (buf[i + 2] | 0x20) == 't' &&
			    (buf[i + 3] | 0x20) == 'p')
				return "smtp";
			if ((buf[i] | 0x20) == 'f' && (buf[i + 1] | 0x20) ==
			    't' && (buf[i + 2] | 0x20) == 'p')
				return "ftp";
		}
		return port == 25 || port == 587 ? "smtp" : "ftp";
	}
	return NULL;
}

static int
banner_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	*outn = 0;
	return PROBE_MORE;
}

static int
banner_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	const char	*svc;
	const uint8_t	*nl;
	size_t		 line;

	*outn = 0;
	nl = memchr(buf, '\n', len);
	if (nl == NULL && len < BANNER_MAX && (flags &
	    (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) == 0 &&
	    !(len > 0 && buf[0] == 0xff))
		return PROBE_MORE;
	if (len == 0)
		return PROBE_DONE;
	line = nl != NULL ? (size_t)(nl - buf) : len;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	kv_add_bytes(obs, "banner", buf, line, 512);
	svc = banner_service(buf, len, t->port);
	if (svc != NULL)
		kv_add(obs, "service", svc);
	return PROBE_DONE;
}

static int
banner_selftest(void)
{
	struct kvset	 o;
	struct probe_target t = { .port = 22, .proto = "tcp" };
	uint8_t		 out[8];
	size_t		 n;
	static const uint8_t ssh[] = "SSH-2.0-OpenSSH_9.2p1 Debian\r\nxx";

	kv_reset(&o);
	if (banner_input(NULL, &t, ssh, 10, 0, &o, out, sizeof(out), &n) !=
	    PROBE_MORE)
		return -1;
	if (banner_input(NULL, &t, ssh, sizeof(ssh) - 1, 0, &o, out,
	    sizeof(out), &n) != PROBE_DONE)
		return -1;
	if (kv_get(&o, "banner") == NULL ||
	    strcmp(kv_get(&o, "banner"), "SSH-2.0-OpenSSH_9.2p1 Debian") != 0)
		return -1;
	if (kv_get(&o, "service") == NULL ||
	    strcmp(kv_get(&o, "service"), "ssh") != 0)
		return -1;
	return 0;
}

const struct probe_ops probe_banner = {
	.name = "banner",
	.service = NULL,
	.summary = "passive banner read: sends nothing, reads the first line",
	.flags = PROBE_F_TCP,
	.level = LEVEL_GENTLE,
	.ports = NULL,
	.max_reply = BANNER_MAX,
	.state_size = 0,
	.timeout_ms = 0,	/* the engine's --banner-timeout */
	.start = banner_start,
	.input = banner_input,
	.selftest = banner_selftest,
};
