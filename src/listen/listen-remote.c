/*
 * src/listen/listen-remote.c - remote-maintenance sessions seen on the
 * wire: SSH, VNC, Telnet and RDP conversations.
 *
 * The devices most likely to have a vendor's remote-maintenance line are
 * the fragile ones a scan holds passive or limits to their web port (a
 * GE CARESCAPE monitor's VNC, a pump's Telnet, a serial bridge's Telnet
 * console): the scanner never opens those ports.  When the vendor's
 * engineer uses the line, the session crosses the network, and `listen`
 * can record the service without sending a byte.  What is kept:
 *
 *   SSH  the identification string each side sends first,
 *        "SSH-protoversion-softwareversion" CR LF (RFC 4253 section 4.2);
 *        the server's is kept as the banner.
 *   VNC  the 12-byte ProtocolVersion message "RFB xxx.yyy" LF both sides
 *        send first (RFC 6143 section 7.1.1); the server's is the banner.
 *   RDP  a TPKT header (RFC 1006: version 3, reserved 0, length) on
 *        tcp/3389, which starts every RDP PDU ([MS-RDPBCGR] 2.2.1).
 *   Telnet  any data to or from tcp/23 (RFC 854).  No text is kept: a
 *        segment in the middle of a session may hold what was typed or
 *        shown, and without TCP state there is no telling it from the
 *        greeting.
 *
 * The server is the side with the lower port, as for DICOM and HL7.
 * Nothing after the SSH or VNC greeting is read.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"
#include "iomt/listen.h"
#include "listen-int.h"

/* A record for ip, which must be a usable address, or NULL. */
static struct listen_rec *
rec_at(struct listen_result *res, uint32_t ip)
{
	struct listen_rec *rec = lrec_new(res);

	if (rec == NULL)
		return NULL;
	lrec_ip(rec, ip);
	if (!rec->has_ip) {
		res->n--;
		return NULL;
	}
	return rec;
}

/* "RFB 003.008\n": three digits, a dot, three digits (RFC 6143 7.1.1). */
static int
is_rfb(const uint8_t *p, size_t len)
{
	static const char d[] = "RFB ddd.ddd\n";

	if (len != 12)
		return 0;
	for (size_t i = 0; i < 12; i++)
		if (d[i] == 'd' ? (p[i] < '0' || p[i] > '9') : p[i] !=
		    (uint8_t)d[i])
			return 0;
	return 1;
}

/* "SSH-" followed by a printable line (RFC 4253 4.2: at most 255). */
static size_t
ssh_line(const uint8_t *p, size_t len)
{
	size_t	 i;

	if (len < 8 || memcmp(p, "SSH-", 4) != 0)
		return 0;
	for (i = 4; i < len && i < 255; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			return i;
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	}
	return 0;
}

int
listen_parse_remote(const struct listen_pkt *pk, const uint8_t *p,
    size_t len, struct listen_result *res)
{
	const char	*name = NULL;
	size_t		 banner = 0;
	int		 from_server = pk->sport < pk->dport;
	uint16_t	 port = from_server ? pk->sport : pk->dport;
	struct listen_rec *srv;

	if (!pk->tcp || len == 0)
		return 0;
	if ((banner = ssh_line(p, len)) > 0)
		name = "ssh";
	else if (is_rfb(p, len)) {
		name = "vnc";
		banner = 11;
	} else if (port == 3389 && len >= 4 && p[0] == 3 && p[1] == 0 &&
	    ((size_t)p[2] << 8 | p[3]) >= 4)
		name = "rdp";
	else if (port == 23)
		name = "telnet";
	if (name == NULL)
		return 0;
	if ((srv = rec_at(res, from_server ? pk->sip : pk->dip)) == NULL)
		return 0;
	lrec_svc(srv, "tcp", port, name);
	strlcpy(srv->obs_proto, "tcp", sizeof(srv->obs_proto));
	srv->obs_port = port;
	if (from_server && banner > 0)
		lrec_text(&srv->obs, "banner", p, banner);
	return 0;
}
