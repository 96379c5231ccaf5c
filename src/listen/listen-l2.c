/*
 * src/listen/listen-l2.c - passive decoders of the link-local
 * announcements: ARP (RFC 826), LLDP (IEEE 802.1AB), CDP (Cisco Discovery
 * Protocol) and DHCP (RFC 2131, options RFC 2132).
 *
 * These are the protocols that tie a MAC address to an IPv4 address or to
 * a name: ARP and DHCP state both, LLDP and CDP name the sender and its
 * management address.  Each reads through struct reader, never past len,
 * and adds records through the helpers in listen-int.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "iomt/listen.h"
#include "listen-int.h"

/* ------------------------------------------------------------------ */
/* Layer 2                                                             */

/*
 * ARP for IPv4 over Ethernet (RFC 826):
 *   htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2)
 *   sha(6) spa(4) tha(6) tpa(4)
 */
int
listen_parse_arp(const uint8_t *p, size_t len, struct listen_result *res)
{
	struct reader	 r;
	uint16_t	 htype, ptype, op;
	uint8_t		 hlen, plen;
	const uint8_t	*sha;
	uint32_t	 spa;
	struct listen_rec *rec;

	reader_init(&r, p, len);
	reader_be16(&r, &htype);
	reader_be16(&r, &ptype);
	reader_u8(&r, &hlen);
	reader_u8(&r, &plen);
	reader_be16(&r, &op);
	reader_bytes(&r, &sha, 6);
	reader_be32(&r, &spa);
	if (r.err != 0)
		return IOMT_ETRUNC;
	if (htype != 1 || ptype != ETHERTYPE_IPV4 || hlen != 6 || plen != 4 ||
	    (op != 1 && op != 2))
		return IOMT_EPROTO;
	if ((rec = lrec_new(res)) == NULL)
		return 0;
	lrec_mac(rec, sha);
	lrec_ip(rec, spa);
	if (!rec->has_mac)
		res->n--;
	return 0;
}

/*
 * LLDP (IEEE 802.1AB-2016 §8): TLVs of type(7 bits) length(9 bits):
 *   1 chassis ID (subtype, id)   2 port ID (subtype, id)
 *   5 system name                6 system description
 *   8 management address (len, subtype, address, ...)   0 end
 */
int
listen_parse_lldp(const uint8_t *p, size_t len, const uint8_t *smac,
    struct listen_result *res)
{
	struct reader	 r, v;
	struct listen_rec *rec;
	char		 buf[32];
	int		 n = 0;

	if ((rec = lrec_new(res)) == NULL)
		return 0;
	lrec_mac(rec, smac);
	reader_init(&r, p, len);
	while (reader_remaining(&r) >= 2) {
		uint16_t	 hdr, tlen;
		uint8_t		 type, sub, alen;
		const uint8_t	*b;
		uint32_t	 ip;

		reader_be16(&r, &hdr);
		type = (uint8_t)(hdr >> 9);
		tlen = hdr & 0x1ff;
		if (type == 0)
			break;
		if (reader_sub(&r, &v, tlen) != 0)
			goto bad;
		n++;
		switch (type) {
		case 1:
		case 2:
			if (reader_u8(&v, &sub) != 0 ||
			    reader_remaining(&v) == 0)
				goto bad;
			reader_bytes(&v, &b, reader_remaining(&v));
			if ((type == 1 && sub == 4 && tlen == 7) ||
			    (type == 2 && sub == 3 && tlen == 7)) {
				mac_ntoa(b, buf, sizeof(buf));
				kv_add(&rec->obs, type == 1 ?
				    "lldp.chassis_id" : "lldp.port_id", buf);
			} else if (type == 1 && sub == 5 && tlen == 6 &&
			    b[0] == 1) {
				/* network address: family 1 (IPv4) */
				ip = lrec_ip_from(b + 1);
				target_ntoa(ip, buf, sizeof(buf));
				kv_add(&rec->obs, "lldp.chassis_id", buf);
			} else
				lrec_text(&rec->obs, type == 1 ?
				    "lldp.chassis_id" : "lldp.port_id", b,
				    tlen - 1);
			break;
		case 5:
		case 6:
			reader_bytes(&v, &b, tlen);
			lrec_text(&rec->obs, type == 5 ? "lldp.sysname" :
			    "lldp.sysdescr", b, tlen);
			break;
		case 8:
			if (reader_u8(&v, &alen) != 0 ||
			    reader_u8(&v, &sub) != 0)
				goto bad;
			if (sub == 1 && alen == 5 && reader_be32(&v, &ip) == 0)
				lrec_addr(rec, "lldp.mgmt_ip", ip);
			break;
		default:
			break;
		}
	}
	if (r.err != 0)
		goto bad;
	if (n == 0 || (rec->obs.n == 0 && !rec->has_ip)) {
		res->n--;
		return n == 0 ? IOMT_EPROTO : 0;
	}
	return 0;
 bad:
	res->n--;
	return IOMT_EPROTO;
}

/*
 * CDP: version(1) ttl(1) checksum(2), then TLVs type(2) length(2,
 * including these 4 bytes): 0x0001 device ID, 0x0002 addresses,
 * 0x0003 port ID, 0x0005 software version, 0x0006 platform.
 * An address entry: ptype(1) plen(1) proto(plen) alen(2) addr(alen);
 * IPv4 is ptype 1, plen 1, proto 0xcc, alen 4.
 */
int
listen_parse_cdp(const uint8_t *p, size_t len, const uint8_t *smac,
    struct listen_result *res)
{
	struct reader	 r, v;
	struct listen_rec *rec;
	uint8_t		 ver;

	reader_init(&r, p, len);
	if (reader_u8(&r, &ver) != 0 || reader_skip(&r, 3) != 0)
		return IOMT_ETRUNC;
	if (ver != 1 && ver != 2)
		return IOMT_EPROTO;
	if ((rec = lrec_new(res)) == NULL)
		return 0;
	lrec_mac(rec, smac);
	while (reader_remaining(&r) >= 4) {
		uint16_t	 type, tlen;
		const uint8_t	*b;
		uint32_t	 count, i;

		reader_be16(&r, &type);
		reader_be16(&r, &tlen);
		if (tlen < 4 || reader_sub(&r, &v, tlen - 4) != 0)
			goto bad;
		tlen -= 4;
		switch (type) {
		case 0x0001:
		case 0x0003:
		case 0x0005:
		case 0x0006:
			reader_bytes(&v, &b, tlen);
			lrec_text(&rec->obs, type == 1 ? "cdp.device_id" :
			    type == 3 ? "cdp.port_id" : type == 5 ?
			    "cdp.software" : "cdp.platform", b, tlen);
			break;
		case 0x0002:
			if (reader_be32(&v, &count) != 0)
				goto bad;
			for (i = 0; i < count && i < 16; i++) {
				uint8_t		 ptype, plen;
				uint16_t	 alen;
				const uint8_t	*proto, *addr;

				reader_u8(&v, &ptype);
				reader_u8(&v, &plen);
				reader_bytes(&v, &proto, plen);
				reader_be16(&v, &alen);
				reader_bytes(&v, &addr, alen);
				if (v.err != 0)
					goto bad;
				/* The first address is the one recorded. */
				if (ptype == 1 && plen == 1 &&
				    proto[0] == 0xcc && alen == 4)
					lrec_addr(rec, kv_get(&rec->obs,
					    "cdp.mgmt_ip") == NULL ?
					    "cdp.mgmt_ip" : NULL,
					    lrec_ip_from(addr));
			}
			break;
		default:
			break;
		}
	}
	if (r.err != 0)
		goto bad;
	if (rec->obs.n == 0 && !rec->has_ip)
		res->n--;
	return 0;
 bad:
	res->n--;
	return IOMT_EPROTO;
}

/* ------------------------------------------------------------------ */
/* DHCP                                                                */

static const char *
dhcp_msg_name(uint8_t t)
{
	static const char *const names[] = {
		NULL, "discover", "offer", "request", "decline", "ack", "nak",
		"release", "inform"
	};

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : NULL;
}

/*
 * BOOTP/DHCP (RFC 2131 §2, RFC 2132):
 *   op(1) htype(1) hlen(1) hops(1) xid(4) secs(2) flags(2)
 *   ciaddr(4) yiaddr(4) siaddr(4) giaddr(4) chaddr(16) sname(64)
 *   file(128) magic(4)=63 82 53 63, options: code(1) len(1) data
 *   (0 pad, 255 end).  Kept: 12 host name, 60 vendor class, 55
 *   parameter request list, 61 client id, 50 requested address, 53 type.
 */
int
listen_parse_dhcp(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct reader	 r, v;
	uint8_t		 op, htype, hlen, msgtype = 0;
	uint32_t	 ciaddr, yiaddr, magic, reqip = 0;
	const uint8_t	*chaddr;
	struct listen_rec *cl, *srv;
	char		 buf[LISTEN_VAL_MAX];
	size_t		 n0 = res->n;

	reader_init(&r, p, len);
	reader_u8(&r, &op);
	reader_u8(&r, &htype);
	reader_u8(&r, &hlen);
	reader_skip(&r, 9);
	reader_be32(&r, &ciaddr);
	reader_be32(&r, &yiaddr);
	reader_skip(&r, 8);
	reader_bytes(&r, &chaddr, 16);
	reader_skip(&r, 192);
	reader_be32(&r, &magic);
	if (r.err != 0)
		return IOMT_ETRUNC;
	if ((op != 1 && op != 2) || magic != 0x63825363)
		return IOMT_EPROTO;
	if ((cl = lrec_new(res)) == NULL)
		return 0;
	if (htype == 1 && hlen == 6)
		lrec_mac(cl, chaddr);
	strlcpy(cl->obs_proto, "udp", sizeof(cl->obs_proto));
	cl->obs_port = 68;
	while (reader_remaining(&r) > 0) {
		uint8_t		 code, olen;
		const uint8_t	*b;
		size_t		 i;

		reader_u8(&r, &code);
		if (code == 0)
			continue;
		if (code == 255)
			break;
		if (reader_u8(&r, &olen) != 0 || reader_sub(&r, &v, olen) != 0)
			goto bad;
		reader_bytes(&v, &b, olen);
		switch (code) {
		case 12:
			if (op == 1)
				lrec_text(&cl->obs, "dhcp.hostname", b, olen);
			break;
		case 60:
			if (op == 1)
				lrec_text(&cl->obs, "dhcp.vendor_class", b,
				    olen);
			break;
		case 55:
			if (op != 1)
				break;
			buf[0] = '\0';
			for (i = 0; i < olen; i++)
				snprintf(buf + strlen(buf),
				    sizeof(buf) - strlen(buf), "%s%u",
				    i ? "," : "", b[i]);
			kv_add(&cl->obs, "dhcp.prl", buf);
			break;
		case 61:
			if (op != 1)
				break;
			buf[0] = '\0';
			for (i = 0; i < olen && i < 32; i++)
				snprintf(buf + strlen(buf),
				    sizeof(buf) - strlen(buf), "%02x", b[i]);
			kv_add(&cl->obs, "dhcp.client_id", buf);
			break;
		case 50:
			if (olen == 4)
				reqip = lrec_ip_from(b);
			break;
		case 53:
			if (olen == 1)
				msgtype = b[0];
			break;
		default:
			break;
		}
	}
	if (r.err != 0)
		goto bad;
	if (op == 2)
		lrec_ip(cl, yiaddr != 0 ? yiaddr : ciaddr);
	else
		lrec_ip(cl, ciaddr != 0 ? ciaddr : reqip);
	if (op == 1 && dhcp_msg_name(msgtype) != NULL)
		kv_add(&cl->obs, "dhcp.msg", dhcp_msg_name(msgtype));
	if (!cl->has_mac && !cl->has_ip)
		res->n--;
	/* A reply comes from a DHCP server (or relay) on udp/67. */
	if (op == 2 && pk != NULL && pk->sport == 67 &&
	    (srv = lrec_sender(pk, res)) != NULL) {
		lrec_svc(srv, "udp", 67, "dhcp");
		if (!srv->has_ip)
			res->n--;
	}
	return 0;
 bad:
	res->n = n0;
	return IOMT_EPROTO;
}
