/*
 * src/listen/listen.c - decoders for passive inventory (see listen.h).
 *
 * One function per protocol, each reading through struct reader (util.h) so no
 * length field in a frame can make it read past what was captured.  None
 * of them allocates: values go into the fixed arena of a struct kvset, cut
 * at LISTEN_VAL_MAX bytes and made printable with str_printable().  They
 * decode only the announcements and headers a device sends to introduce
 * itself (ARP, DHCP, mDNS, SSDP, LLDP, CDP, IntelliVue connect
 * indications, the DICOM association header, the HL7 MSH segment) and
 * skip everything else, so listening to a clinical network never stores
 * clinical content.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/listen.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_ARP	0x0806
#define ETHERTYPE_VLAN	0x8100
#define ETHERTYPE_QINQ	0x88a8
#define ETHERTYPE_LLDP	0x88cc

#define DNS_MAX_RR	64	/* resource records decoded per message */
#define DNS_MAX_JUMPS	16	/* compression pointers followed per name */
#define DNS_NAME_MAX	256

void
listen_result_init(struct listen_result *res)
{
	res->n = 0;
}

/* A new record in res, or NULL when full. */
static struct listen_rec *
rec_new(struct listen_result *res)
{
	struct listen_rec *r;

	if (res->n >= LISTEN_RECS_MAX)
		return NULL;
	r = &res->rec[res->n++];
	memset(r->mac, 0, sizeof(r->mac));
	r->has_mac = 0;
	r->ip = 0;
	r->has_ip = 0;
	r->svc_proto[0] = '\0';
	r->svc_port = 0;
	r->svc_name[0] = '\0';
	r->obs_proto[0] = '\0';
	r->obs_port = 0;
	kv_reset(&r->obs);
	return r;
}

static void
rec_mac(struct listen_rec *r, const uint8_t *mac)
{
	static const uint8_t zero[6];

	if (mac == NULL || (mac[0] & 0x01) != 0 ||
	    memcmp(mac, zero, 6) == 0)
		return;
	memcpy(r->mac, mac, 6);
	r->has_mac = 1;
}

static void
rec_ip(struct listen_rec *r, uint32_t ip)
{
	/* 0.0.0.0, 255.255.255.255, multicast and loopback are nobody. */
	if (ip == 0 || ip == 0xffffffffu || (ip >> 28) == 0xe ||
	    (ip >> 24) == 127)
		return;
	r->ip = ip;
	r->has_ip = 1;
}

static void
rec_svc(struct listen_rec *r, const char *proto, uint16_t port,
    const char *name)
{
	strlcpy(r->svc_proto, proto, sizeof(r->svc_proto));
	r->svc_port = port;
	strlcpy(r->svc_name, name, sizeof(r->svc_name));
}

/* Record a host from the frame's sender: IP, and MAC when trustworthy. */
static struct listen_rec *
rec_sender(const struct listen_pkt *pk, struct listen_result *res)
{
	struct listen_rec *r = rec_new(res);

	if (r == NULL)
		return NULL;
	rec_ip(r, pk->sip);
	if (pk->l2_group)
		rec_mac(r, pk->smac);
	return r;
}

/* Add len device bytes as a printable value (cut at LISTEN_VAL_MAX). */
static void
obs_text(struct kvset *o, const char *key, const uint8_t *p, size_t len)
{
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\0' ||
	    p[len - 1] == '\r' || p[len - 1] == '\n' || p[len - 1] == '\t'))
		len--;
	while (len > 0 && (p[0] == ' ' || p[0] == '\t')) {
		p++;
		len--;
	}
	if (len == 0)
		return;
	kv_add_bytes(o, key, p, len, LISTEN_VAL_MAX);
}


/* The IPv4 address in the 4 network-order bytes at b (the caller checked). */
static uint32_t
ip_from(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

static void
fmt_ip(char *dst, size_t len, uint32_t ip)
{
	snprintf(dst, len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff,
	    (ip >> 8) & 0xff, ip & 0xff);
}

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
	if ((rec = rec_new(res)) == NULL)
		return 0;
	rec_mac(rec, sha);
	rec_ip(rec, spa);
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

	if ((rec = rec_new(res)) == NULL)
		return 0;
	rec_mac(rec, smac);
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
			if (reader_u8(&v, &sub) != 0 || reader_remaining(&v) == 0)
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
				ip = ip_from(b + 1);
				fmt_ip(buf, sizeof(buf), ip);
				kv_add(&rec->obs, "lldp.chassis_id", buf);
			} else
				obs_text(&rec->obs, type == 1 ?
				    "lldp.chassis_id" : "lldp.port_id", b,
				    tlen - 1);
			break;
		case 5:
		case 6:
			reader_bytes(&v, &b, tlen);
			obs_text(&rec->obs, type == 5 ? "lldp.sysname" :
			    "lldp.sysdescr", b, tlen);
			break;
		case 8:
			if (reader_u8(&v, &alen) != 0 || reader_u8(&v, &sub) != 0)
				goto bad;
			if (sub == 1 && alen == 5 && reader_be32(&v, &ip) == 0) {
				fmt_ip(buf, sizeof(buf), ip);
				kv_add(&rec->obs, "lldp.mgmt_ip", buf);
				if (!rec->has_ip)
					rec_ip(rec, ip);
			}
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
	char		 buf[32];

	reader_init(&r, p, len);
	if (reader_u8(&r, &ver) != 0 || reader_skip(&r, 3) != 0)
		return IOMT_ETRUNC;
	if (ver != 1 && ver != 2)
		return IOMT_EPROTO;
	if ((rec = rec_new(res)) == NULL)
		return 0;
	rec_mac(rec, smac);
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
			obs_text(&rec->obs, type == 1 ? "cdp.device_id" :
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
				if (ptype == 1 && plen == 1 &&
				    proto[0] == 0xcc && alen == 4) {
					uint32_t ip = ip_from(addr);

					fmt_ip(buf, sizeof(buf), ip);
					if (kv_get(&rec->obs,
					    "cdp.mgmt_ip") == NULL)
						kv_add(&rec->obs,
						    "cdp.mgmt_ip", buf);
					if (!rec->has_ip)
						rec_ip(rec, ip);
				}
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
	if ((cl = rec_new(res)) == NULL)
		return 0;
	if (htype == 1 && hlen == 6)
		rec_mac(cl, chaddr);
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
				obs_text(&cl->obs, "dhcp.hostname", b, olen);
			break;
		case 60:
			if (op == 1)
				obs_text(&cl->obs, "dhcp.vendor_class", b,
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
				reqip = ip_from(b);
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
		rec_ip(cl, yiaddr != 0 ? yiaddr : ciaddr);
	else
		rec_ip(cl, ciaddr != 0 ? ciaddr : reqip);
	if (op == 1 && dhcp_msg_name(msgtype) != NULL)
		kv_add(&cl->obs, "dhcp.msg", dhcp_msg_name(msgtype));
	if (!cl->has_mac && !cl->has_ip)
		res->n--;
	/* A reply comes from a DHCP server (or relay) on udp/67. */
	if (op == 2 && pk != NULL && pk->sport == 67 &&
	    (srv = rec_sender(pk, res)) != NULL) {
		rec_svc(srv, "udp", 67, "dhcp");
		if (!srv->has_ip)
			res->n--;
	}
	return 0;
 bad:
	res->n = n0;
	return IOMT_EPROTO;
}

/* ------------------------------------------------------------------ */
/* mDNS / DNS-SD                                                       */

/*
 * Decode the (possibly compressed, RFC 1035 §4.1.4) name at off in the
 * message msg[0..len) into out as dotted text.  Set *next to the offset
 * after the name as it appears at off.  Return 0 or IOMT_EPROTO (loops,
 * over-long names, pointers out of range).
 */
static int
dns_name(const uint8_t *msg, size_t len, size_t off, char *out,
    size_t outlen, size_t *next)
{
	size_t	 o = 0, pos = off;
	int	 jumps = 0, jumped = 0;

	out[0] = '\0';
	for (;;) {
		uint8_t	 l;

		if (pos >= len)
			return IOMT_ETRUNC;
		l = msg[pos];
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len)
				return IOMT_ETRUNC;
			if (!jumped)
				*next = pos + 2;
			jumped = 1;
			if (++jumps > DNS_MAX_JUMPS)
				return IOMT_EPROTO;
			pos = ((size_t)(l & 0x3f) << 8) | msg[pos + 1];
			continue;
		}
		if ((l & 0xc0) != 0)
			return IOMT_EPROTO;
		if (l == 0) {
			if (!jumped)
				*next = pos + 1;
			break;
		}
		if (pos + 1 + l > len)
			return IOMT_ETRUNC;
		if (o + l + 2 > outlen || o + l + 1 > DNS_NAME_MAX)
			return IOMT_EPROTO;
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, msg + pos + 1, l);
		o += l;
		out[o] = '\0';
		pos += 1 + (size_t)l;
	}
	/* Names stay text: a NUL inside a label would cut it. */
	if (strlen(out) != o)
		return IOMT_EPROTO;
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Append item to the comma list in buf unless present. */
static void
list_add(char *buf, size_t len, const char *item)
{
	const char	*s = buf;
	size_t		 n = strlen(item);

	if (n == 0)
		return;
	while (*s != '\0') {
		size_t	 w = strcspn(s, ",");

		if (w == n && strncmp(s, item, n) == 0)
			return;
		s += w;
		if (*s == ',')
			s++;
	}
	if (strlen(buf) + n + 2 > len)
		return;
	if (buf[0] != '\0')
		strlcpy(buf + strlen(buf), ",", len - strlen(buf));
	strlcpy(buf + strlen(buf), item, len - strlen(buf));
}

/*
 * The service type in a DNS-SD name: "_ipp._tcp.local" and "Ward
 * Printer._ipp._tcp.local" give "_ipp._tcp"; "" if there is none.
 */
static void
service_type(const char *name, char *out, size_t len)
{
	const char	*t, *s;
	size_t		 n;

	out[0] = '\0';
	if (strncasecmp(name, "_services.", 10) == 0)
		return;
	if ((t = strstr(name, "._tcp")) == NULL &&
	    (t = strstr(name, "._udp")) == NULL)
		return;
	if (t[5] != '\0' && t[5] != '.')
		return;
	for (s = t; s > name && s[-1] != '.'; s--)
		;
	if (*s != '_' || s == t)
		return;
	n = (size_t)(t - s) + 5;
	if (n + 1 > len)
		return;
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * DNS message (RFC 1035 §4.1): id(2) flags(2) qd(2) an(2) ns(2) ar(2),
 * questions (name, type(2), class(2)), then resource records (name,
 * type(2), class(2), ttl(4), rdlength(2), rdata).  Only responses are
 * decoded; PTR (12), SRV (33), TXT (16) and A (1) records are kept.
 */
int
listen_parse_mdns(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct reader	 r, v;
	uint16_t	 flags, qd, an, ns, ar;
	char		 name[DNS_NAME_MAX + 2], tgt[DNS_NAME_MAX + 2];
	char		 services[LISTEN_VAL_MAX] = "";
	char		 instances[LISTEN_VAL_MAX] = "";
	char		 hostname[LISTEN_VAL_MAX] = "";
	char		 txt[LISTEN_VAL_MAX] = "";
	char		 st[64];
	struct listen_rec *rec;
	size_t		 next, i, total, n0 = res->n;
	uint16_t	 srv_port = 0;
	int		 srv_udp = 0;
	char		 srv_name[16] = "mdns";

	reader_init(&r, p, len);
	reader_skip(&r, 2);
	reader_be16(&r, &flags);
	reader_be16(&r, &qd);
	reader_be16(&r, &an);
	reader_be16(&r, &ns);
	reader_be16(&r, &ar);
	if (r.err != 0)
		return IOMT_ETRUNC;
	if ((flags & 0x8000) == 0)
		return 0;		/* a query: says nothing about us */
	if ((flags & 0x7800) != 0)
		return IOMT_EPROTO;	/* opcode must be 0 */
	for (i = 0; i < qd && i < DNS_MAX_RR; i++) {
		if (dns_name(p, len, r.off, name, sizeof(name), &next) != 0)
			return IOMT_EPROTO;
		reader_skip(&r, next - r.off);
		reader_skip(&r, 4);
		if (r.err != 0)
			return IOMT_ETRUNC;
	}
	total = (size_t)an + ns + ar;
	if ((rec = rec_sender(pk, res)) == NULL)
		return 0;
	for (i = 0; i < total && i < DNS_MAX_RR; i++) {
		uint16_t	 type, rdlen, port;
		const uint8_t	*b;
		size_t		 reader_off;

		if (dns_name(p, len, r.off, name, sizeof(name), &next) != 0)
			goto bad;
		reader_skip(&r, next - r.off);
		reader_be16(&r, &type);
		reader_skip(&r, 6);
		reader_be16(&r, &rdlen);
		reader_off = r.off;
		if (reader_sub(&r, &v, rdlen) != 0)
			goto bad;
		switch (type) {
		case 12:	/* PTR */
			if (dns_name(p, reader_off + rdlen, reader_off, tgt,
			    sizeof(tgt), &next) != 0)
				goto bad;
			if (ends_with(name, ".in-addr.arpa")) {
				list_add(hostname, sizeof(hostname), tgt);
				break;
			}
			service_type(name, st, sizeof(st));
			if (strncasecmp(name, "_services.", 10) == 0)
				service_type(tgt, st, sizeof(st));
			list_add(services, sizeof(services), st);
			if (st[0] != '\0' && strncasecmp(name, "_services.",
			    10) != 0 && strlen(tgt) > strlen(name) + 1) {
				tgt[strlen(tgt) - strlen(name) - 1] = '\0';
				list_add(instances, sizeof(instances), tgt);
			}
			break;
		case 33:	/* SRV: priority weight port target */
			if (reader_skip(&v, 4) != 0 || reader_be16(&v, &port) != 0 ||
			    dns_name(p, reader_off + rdlen, reader_off + 6, tgt,
			    sizeof(tgt), &next) != 0)
				goto bad;
			list_add(hostname, sizeof(hostname), tgt);
			service_type(name, st, sizeof(st));
			list_add(services, sizeof(services), st);
			if (srv_port == 0 && port != 0 && st[0] != '\0') {
				srv_port = port;
				srv_udp = strstr(st, "._udp") != NULL;
				strlcpy(srv_name, st + 1, sizeof(srv_name));
				srv_name[strcspn(srv_name, ".")] = '\0';
			}
			break;
		case 16:	/* TXT: length-prefixed strings */
			while (reader_remaining(&v) > 0) {
				uint8_t	 sl;
				char	 item[LISTEN_VAL_MAX];

				if (reader_u8(&v, &sl) != 0 ||
				    reader_bytes(&v, &b, sl) != 0)
					goto bad;
				if (sl == 0)
					continue;
				str_printable(item, sizeof(item), b, sl);
				list_add(txt, sizeof(txt), item);
			}
			break;
		case 1:		/* A */
			if (rdlen == 4 && reader_bytes(&v, &b, 4) == 0) {
				uint32_t ip = ip_from(b);

				if (ip == pk->sip || !rec->has_ip)
					list_add(hostname, sizeof(hostname),
					    name);
				if (!rec->has_ip)
					rec_ip(rec, ip);
			}
			break;
		default:
			break;
		}
	}
	if (r.err != 0)
		goto bad;
	if (services[0] != '\0')
		obs_text(&rec->obs, "mdns.service", (const uint8_t *)services,
		    strlen(services));
	if (instances[0] != '\0')
		obs_text(&rec->obs, "mdns.instance",
		    (const uint8_t *)instances, strlen(instances));
	if (hostname[0] != '\0')
		obs_text(&rec->obs, "mdns.hostname",
		    (const uint8_t *)hostname, strlen(hostname));
	if (txt[0] != '\0')
		kv_add(&rec->obs, "mdns.txt", txt);
	if (srv_port != 0 && rec->has_ip)
		rec_svc(rec, srv_udp ? "udp" : "tcp", srv_port, srv_name);
	if (!rec->has_ip || (rec->obs.n == 0 && rec->svc_port == 0))
		res->n--;
	return 0;
 bad:
	res->n = n0;
	return IOMT_EPROTO;
}

/* ------------------------------------------------------------------ */
/* SSDP                                                                */

/*
 * SSDP (UPnP Device Architecture 2.0 §1): HTTP over UDP.  A NOTIFY
 * ("NOTIFY * HTTP/1.1") or a search response ("HTTP/1.1 200 OK") with
 * headers SERVER, LOCATION, NT or ST, USN.  M-SEARCH requests (a client
 * looking) say nothing about the sender's services and are skipped.
 */
int
listen_parse_ssdp(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	static const struct {
		const char	*hdr;
		const char	*key;
	} hdrs[] = {
		{ "server", "ssdp.server" }, { "location", "ssdp.location" },
		{ "nt", "ssdp.nt" }, { "st", "ssdp.st" }, { "usn", "ssdp.usn" },
		{ NULL, NULL }
	};
	struct listen_rec *rec;
	size_t		 off = 0, i;
	int		 notify, first = 1;

	if (len >= 9 && memcmp(p, "NOTIFY * ", 9) == 0)
		notify = 1;
	else if (len >= 12 && memcmp(p, "HTTP/1.1 200", 12) == 0)
		notify = 0;
	else if (len >= 9 && memcmp(p, "M-SEARCH ", 9) == 0)
		return 0;
	else
		return IOMT_EPROTO;
	if ((rec = rec_sender(pk, res)) == NULL)
		return 0;
	while (off < len) {
		size_t		 eol = off, colon, vs, ve;

		while (eol < len && p[eol] != '\n')
			eol++;
		ve = eol;
		if (ve > off && p[ve - 1] == '\r')
			ve--;
		if (first) {
			first = 0;
			off = eol + 1;
			continue;
		}
		if (ve == off)
			break;		/* end of headers */
		for (colon = off; colon < ve && p[colon] != ':'; colon++)
			;
		if (colon < ve) {
			vs = colon + 1;
			for (i = 0; hdrs[i].hdr != NULL; i++)
				if (colon - off == strlen(hdrs[i].hdr) &&
				    strncasecmp((const char *)p + off,
				    hdrs[i].hdr, colon - off) == 0)
					obs_text(&rec->obs, hdrs[i].key, p + vs,
					    ve - vs);
		}
		off = eol + 1;
	}
	if (notify && pk->sport == 1900)
		rec_svc(rec, "udp", 1900, "ssdp");
	if (!rec->has_ip || rec->obs.n == 0)
		res->n--;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Philips IntelliVue                                                  */

/*
 * Connect indications (Philips Data Export Interface Programming Guide,
 * "Connect Indication Event"): a monitor broadcasts them to UDP 24005.
 * iomtscan never answers and never decodes them: their sender and size
 * are enough to know an IntelliVue monitor is there.
 */
int
listen_parse_intellivue(const struct listen_pkt *pk, const uint8_t *p,
    size_t len, struct listen_result *res)
{
	struct listen_rec *rec;

	(void)p;
	if (len == 0)
		return IOMT_ETRUNC;
	if ((rec = rec_sender(pk, res)) == NULL)
		return 0;
	strlcpy(rec->obs_proto, "udp", sizeof(rec->obs_proto));
	rec->obs_port = 24005;
	kv_add(&rec->obs, "intellivue.connect", "yes");
	kv_addf(&rec->obs, "intellivue.size", "%zu", len);
	if (!rec->has_ip && !rec->has_mac)
		res->n--;
	return 0;
}

/* ------------------------------------------------------------------ */
/* DICOM and HL7 on TCP                                                */

/* The side of a TCP conversation that is the server: the lower port. */
static int
dst_is_server(const struct listen_pkt *pk)
{
	return pk->dport <= pk->sport;
}

static struct listen_rec *
rec_ip_only(struct listen_result *res, uint32_t ip)
{
	struct listen_rec *rec = rec_new(res);

	if (rec == NULL)
		return NULL;
	rec_ip(rec, ip);
	if (!rec->has_ip) {
		res->n--;
		return NULL;
	}
	return rec;
}

/*
 * A-ASSOCIATE-RQ (type 1) / -AC (type 2), PS3.8 §9.3.2-9.3.3:
 *   type(1) 00 length(4) version(2)=0001 reserved(2)
 *   called AE(16) calling AE(16) reserved(32) items...
 *   item: type(1) 00 length(2) value; 0x50 user information holds
 *   0x52 implementation class UID and 0x55 implementation version.
 * Only the first segment is seen; items cut by it are skipped.
 */
int
listen_parse_dicom(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct reader	 r, item, sub;
	uint8_t		 type, rsv, itype;
	uint16_t	 version, ilen;
	uint32_t	 pdulen;
	const uint8_t	*called, *calling, *b;
	struct listen_rec *client, *server, *self;

	reader_init(&r, p, len);
	reader_u8(&r, &type);
	reader_u8(&r, &rsv);
	reader_be32(&r, &pdulen);
	reader_be16(&r, &version);
	reader_skip(&r, 2);
	reader_bytes(&r, &called, 16);
	reader_bytes(&r, &calling, 16);
	reader_skip(&r, 32);
	if (r.err != 0)
		return IOMT_ETRUNC;
	if ((type != 1 && type != 2) || rsv != 0 || (version & 1) == 0 ||
	    pdulen < 68 || pdulen > 65536)
		return IOMT_EPROTO;
	/* Items: bounded by the PDU length and by what was captured. */
	if (reader_remaining(&r) > pdulen - 68)
		r.len = r.off + (pdulen - 68);
	if (type == 1) {
		client = rec_ip_only(res, pk->sip);
		server = rec_ip_only(res, pk->dip);
		self = client;
		if (client != NULL)
			obs_text(&client->obs, "dicom.ae_title", calling, 16);
		if (server != NULL) {
			rec_svc(server, "tcp", pk->dport, "dicom");
			strlcpy(server->obs_proto, "tcp",
			    sizeof(server->obs_proto));
			server->obs_port = pk->dport;
			obs_text(&server->obs, "dicom.ae_title", called, 16);
		}
	} else {
		server = rec_ip_only(res, pk->sip);
		self = server;
		if (server != NULL) {
			rec_svc(server, "tcp", pk->sport, "dicom");
			strlcpy(server->obs_proto, "tcp",
			    sizeof(server->obs_proto));
			server->obs_port = pk->sport;
			obs_text(&server->obs, "dicom.ae_title", called, 16);
		}
	}
	while (self != NULL && reader_remaining(&r) >= 4) {
		reader_u8(&r, &itype);
		reader_skip(&r, 1);
		reader_be16(&r, &ilen);
		if (reader_sub(&r, &item, ilen) != 0)
			break;		/* cut by the segment: stop */
		if (itype != 0x50)
			continue;
		while (reader_remaining(&item) >= 4) {
			reader_u8(&item, &itype);
			reader_skip(&item, 1);
			reader_be16(&item, &ilen);
			if (reader_sub(&item, &sub, ilen) != 0)
				break;
			if (itype != 0x52 && itype != 0x55)
				continue;
			if (ilen == 0 || ilen > 64)
				continue;
			reader_bytes(&sub, &b, ilen);
			obs_text(&self->obs, itype == 0x52 ?
			    "dicom.impl_uid" : "dicom.impl_version", b, ilen);
		}
	}
	return 0;
}

/*
 * HL7 v2 over MLLP: 0x0b, then segments ending in \r, then 0x1c 0x0d.
 * Only the MSH segment is read: MSH-1 is the field separator, MSH-2 the
 * encoding characters, MSH-3 sending application, MSH-4 sending
 * facility, MSH-12 version.  The rest of the message (where patient data
 * lives) is never looked at.
 */
int
listen_parse_hl7(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct listen_rec *snd, *srv;
	uint8_t		 sep;
	size_t		 end, off, field = 0, start;
	const size_t	 cap = 1024;

	if (len < 9 || p[0] != 0x0b || memcmp(p + 1, "MSH", 3) != 0)
		return IOMT_EPROTO;
	sep = p[4];
	if (sep < 0x21 || sep > 0x7e || (sep >= '0' && sep <= '9') ||
	    (sep >= 'A' && sep <= 'Z') || (sep >= 'a' && sep <= 'z'))
		return IOMT_EPROTO;
	/* The MSH segment ends at \r (or \n, or the MLLP trailer). */
	for (end = 1; end < len && end < cap; end++)
		if (p[end] == '\r' || p[end] == '\n' || p[end] == 0x1c)
			break;
	if ((snd = rec_ip_only(res, pk->sip)) == NULL)
		return 0;
	/* Field 0 is "MSH"; MSH-1 is the separator itself, so after the
	 * first separator comes MSH-2 (field 1), then MSH-3 (field 2) ... */
	off = 5;
	field = 1;
	start = off;
	for (; off <= end; off++) {
		if (off < end && p[off] != sep)
			continue;
		if (field == 2 || field == 3 || field == 11)
			obs_text(&snd->obs, field == 2 ? "hl7.sending_app" :
			    field == 3 ? "hl7.sending_facility" :
			    "hl7.version", p + start,
			    off - start > 64 ? 64 : off - start);
		field++;
		start = off + 1;
		if (field > 11)
			break;
	}
	srv = dst_is_server(pk) ? rec_ip_only(res, pk->dip) : snd;
	if (srv != NULL)
		rec_svc(srv, "tcp", dst_is_server(pk) ? pk->dport : pk->sport,
		    "hl7");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Frames                                                              */

static int
is_dicom_port(uint16_t port)
{
	return port == 104 || port == 11112 || port == 4242;
}

static int
parse_ipv4(const uint8_t *p, size_t len, const uint8_t *smac, int l2_group,
    struct listen_result *res)
{
	struct reader	 r, l4;
	uint8_t		 vihl, proto;
	uint16_t	 total, frag, ulen, offflags;
	struct listen_pkt pk;
	const uint8_t	*pay;
	size_t		 hl, plen;

	memset(&pk, 0, sizeof(pk));
	reader_init(&r, p, len);
	reader_u8(&r, &vihl);
	reader_skip(&r, 1);
	reader_be16(&r, &total);
	reader_skip(&r, 2);
	reader_be16(&r, &frag);
	reader_skip(&r, 1);
	reader_u8(&r, &proto);
	reader_skip(&r, 2);
	reader_be32(&r, &pk.sip);
	reader_be32(&r, &pk.dip);
	if (r.err != 0)
		return IOMT_ETRUNC;
	hl = (size_t)(vihl & 0x0f) * 4;
	if ((vihl >> 4) != 4 || hl < 20 || total < hl)
		return IOMT_EPROTO;
	if ((frag & 0x3fff) != 0)
		return 0;		/* fragments: not reassembled */
	if (total > len)
		total = (uint16_t)len;	/* captured short (snaplen) */
	reader_init(&r, p, total);
	if (reader_skip(&r, hl) != 0)
		return IOMT_ETRUNC;
	pk.smac = smac;
	pk.l2_group = l2_group || (pk.dip >> 28) == 0xe ||
	    pk.dip == 0xffffffffu;
	if (proto == 17) {
		reader_be16(&r, &pk.sport);
		reader_be16(&r, &pk.dport);
		reader_be16(&r, &ulen);
		reader_skip(&r, 2);
		if (r.err != 0)
			return IOMT_ETRUNC;
		if (ulen < 8)
			return IOMT_EPROTO;
		plen = reader_remaining(&r);
		if (plen > (size_t)ulen - 8)
			plen = (size_t)ulen - 8;
		reader_bytes(&r, &pay, plen);
		if ((pk.sport == 67 || pk.sport == 68) &&
		    (pk.dport == 67 || pk.dport == 68))
			return listen_parse_dhcp(&pk, pay, plen, res);
		if (pk.sport == 5353 || pk.dport == 5353)
			return listen_parse_mdns(&pk, pay, plen, res);
		if (pk.dport == 1900 || pk.sport == 1900)
			return listen_parse_ssdp(&pk, pay, plen, res);
		if (pk.dport == 24005)
			return listen_parse_intellivue(&pk, pay, plen, res);
		return 0;
	}
	if (proto != 6)
		return 0;
	pk.tcp = 1;
	reader_be16(&r, &pk.sport);
	reader_be16(&r, &pk.dport);
	reader_skip(&r, 8);
	reader_be16(&r, &offflags);
	if (r.err != 0)
		return IOMT_ETRUNC;
	hl = (size_t)(offflags >> 12) * 4;
	if (hl < 20)
		return IOMT_EPROTO;
	if (reader_skip(&r, hl - 14) != 0)
		return IOMT_ETRUNC;
	plen = reader_remaining(&r);
	if (plen == 0)
		return 0;
	if (reader_sub(&r, &l4, plen) != 0)
		return IOMT_ETRUNC;
	reader_bytes(&l4, &pay, plen);
	/* TCP data is unicast: the MAC may be a router's, never use it. */
	pk.smac = NULL;
	pk.l2_group = 0;
	if (pay[0] == 0x0b && plen >= 4 && memcmp(pay + 1, "MSH", 3) == 0)
		return listen_parse_hl7(&pk, pay, plen, res);
	if ((is_dicom_port(pk.sport) || is_dicom_port(pk.dport)) &&
	    (pay[0] == 1 || pay[0] == 2))
		return listen_parse_dicom(&pk, pay, plen, res);
	return 0;
}

static int
parse_llc(const uint8_t *p, size_t len, const uint8_t *smac,
    struct listen_result *res)
{
	static const uint8_t cdp_snap[] = {
		0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00
	};

	if (len < sizeof(cdp_snap) || memcmp(p, cdp_snap, sizeof(cdp_snap)))
		return 0;
	return listen_parse_cdp(p + sizeof(cdp_snap), len - sizeof(cdp_snap),
	    smac, res);
}

int
listen_parse_frame(int dlt, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct reader	 r;
	const uint8_t	*dmac = NULL, *smac = NULL, *rest, *addr;
	uint16_t	 type, halen;
	int		 tags = 0, rc = 0, group = 0;
	size_t		 n0 = res->n;

	reader_init(&r, p, len);
	if (dlt == LISTEN_DLT_EN10MB) {
		reader_bytes(&r, &dmac, 6);
		reader_bytes(&r, &smac, 6);
		reader_be16(&r, &type);
		while (r.err == 0 && (type == ETHERTYPE_VLAN ||
		    type == ETHERTYPE_QINQ) && tags++ < 2) {
			reader_skip(&r, 2);
			reader_be16(&r, &type);
		}
		if (r.err != 0)
			return IOMT_ETRUNC;
		group = (dmac[0] & 0x01) != 0;
		if (type <= 1500) {
			/* IEEE 802.3 length: LLC follows (CDP) */
			size_t	 n = reader_remaining(&r);

			if (n > type)
				n = type;
			reader_bytes(&r, &rest, n);
			rc = parse_llc(rest, n, smac, res);
			goto out;
		}
	} else if (dlt == LISTEN_DLT_LINUX_SLL) {
		uint16_t pkttype;

		reader_be16(&r, &pkttype);
		reader_skip(&r, 2);
		reader_be16(&r, &halen);
		reader_bytes(&r, &addr, 8);
		reader_be16(&r, &type);
		if (r.err != 0)
			return IOMT_ETRUNC;
		if (halen == 6)
			smac = addr;
		/* 1: broadcast, 2: multicast (to us) */
		group = pkttype == 1 || pkttype == 2;
		if (type == 0x0004) {
			size_t	 n = reader_remaining(&r);

			reader_bytes(&r, &rest, n);
			rc = parse_llc(rest, n, smac, res);
			goto out;
		}
	} else
		return IOMT_EINVAL;
	rest = p + r.off;
	switch (type) {
	case ETHERTYPE_ARP:
		rc = listen_parse_arp(rest, reader_remaining(&r), res);
		break;
	case ETHERTYPE_LLDP:
		rc = listen_parse_lldp(rest, reader_remaining(&r), smac, res);
		break;
	case ETHERTYPE_IPV4:
		rc = parse_ipv4(rest, reader_remaining(&r), smac, group, res);
		break;
	default:
		break;
	}
 out:
	if (rc < 0)
		res->n = n0;
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------------ */
/* The table of hosts                                                  */

struct listen_table {
	struct listen_host *h;
	size_t		 n, cap;
	uint32_t	*by_ip;		/* open addressing: index + 1 */
	uint32_t	*by_mac;
	size_t		 slots;		/* power of two */
	uint64_t	 dropped;
};

static uint64_t
mac_key(const uint8_t *m)
{
	return (uint64_t)m[0] << 40 | (uint64_t)m[1] << 32 |
	    (uint64_t)m[2] << 24 | (uint64_t)m[3] << 16 |
	    (uint64_t)m[4] << 8 | m[5];
}

static size_t
slot_of(uint64_t k, size_t slots)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)(k & (slots - 1));
}

static void
index_put(uint32_t *tab, size_t slots, uint64_t k, uint32_t idx,
    const struct listen_table *t, int mac)
{
	size_t	 s = slot_of(k, slots);

	while (tab[s] != 0) {
		const struct listen_host *o = &t->h[tab[s] - 1];

		if (mac ? mac_key(o->mac) == k : o->ip == k) {
			tab[s] = idx + 1;	/* newest entry wins */
			return;
		}
		s = (s + 1) & (slots - 1);
	}
	tab[s] = idx + 1;
}

static struct listen_host *
index_get(const struct listen_table *t, const uint32_t *tab, uint64_t k,
    int mac)
{
	size_t	 s;

	if (t->slots == 0)
		return NULL;
	for (s = slot_of(k, t->slots); tab[s] != 0;
	    s = (s + 1) & (t->slots - 1)) {
		struct listen_host *o = &t->h[tab[s] - 1];

		if (mac ? o->has_mac && mac_key(o->mac) == k :
		    o->has_ip && o->ip == k)
			return o;
	}
	return NULL;
}

static void
table_reindex(struct listen_table *t)
{
	size_t	 i;

	free(t->by_ip);
	free(t->by_mac);
	t->slots = t->slots ? t->slots * 2 : 64;
	t->by_ip = xcalloc(t->slots, sizeof(*t->by_ip));
	t->by_mac = xcalloc(t->slots, sizeof(*t->by_mac));
	for (i = 0; i < t->n; i++) {
		if (t->h[i].dead)
			continue;
		if (t->h[i].has_ip)
			index_put(t->by_ip, t->slots, t->h[i].ip,
			    (uint32_t)i, t, 0);
		if (t->h[i].has_mac)
			index_put(t->by_mac, t->slots, mac_key(t->h[i].mac),
			    (uint32_t)i, t, 1);
	}
}

struct listen_table *
listen_table_new(void)
{
	return xcalloc(1, sizeof(struct listen_table));
}

struct listen_table *
listen_table_free(struct listen_table *t)
{
	size_t	 i, j;

	if (t == NULL)
		return NULL;
	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->h[i].n_kv; j++)
			free(t->h[i].kv[j].value);
	free(t->h);
	free(t->by_ip);
	free(t->by_mac);
	free(t);
	return NULL;
}

static struct listen_host *
table_new_host(struct listen_table *t)
{
	if (t->n >= LISTEN_MAX_HOSTS) {
		t->dropped++;
		return NULL;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->h = xreallocarray(t->h, t->cap, sizeof(*t->h));
	}
	/* Keep the index at most half full. */
	if ((t->n + 1) * 2 > t->slots)
		table_reindex(t);
	memset(&t->h[t->n], 0, sizeof(t->h[0]));
	return &t->h[t->n++];
}

static void
host_kv(struct listen_host *h, const char *proto, uint16_t port,
    const char *key, const char *value)
{
	size_t	 i;

	for (i = 0; i < h->n_kv; i++)
		if (h->kv[i].port == port &&
		    strcmp(h->kv[i].proto, proto) == 0 &&
		    strcmp(h->kv[i].key, key) == 0 &&
		    strcmp(h->kv[i].value, value) == 0)
			return;
	if (h->n_kv >= LISTEN_HOST_KV_MAX)
		return;
	strlcpy(h->kv[h->n_kv].proto, proto, sizeof(h->kv[0].proto));
	h->kv[h->n_kv].port = port;
	strlcpy(h->kv[h->n_kv].key, key, sizeof(h->kv[0].key));
	h->kv[h->n_kv].value = xstrdup(value);
	h->n_kv++;
}

static void
host_svc(struct listen_host *h, const char *proto, uint16_t port,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < h->n_svc; i++)
		if (h->svc[i].port == port &&
		    strcmp(h->svc[i].proto, proto) == 0)
			return;
	if (h->n_svc >= LISTEN_HOST_SVC_MAX)
		return;
	strlcpy(h->svc[h->n_svc].proto, proto, sizeof(h->svc[0].proto));
	h->svc[h->n_svc].port = port;
	strlcpy(h->svc[h->n_svc].name, name, sizeof(h->svc[0].name));
	h->n_svc++;
}

/* Move what src knows into dst and retire src. */
static void
host_merge(struct listen_host *dst, struct listen_host *src)
{
	size_t	 i;

	for (i = 0; i < src->n_svc; i++)
		host_svc(dst, src->svc[i].proto, src->svc[i].port,
		    src->svc[i].name);
	for (i = 0; i < src->n_kv; i++)
		host_kv(dst, src->kv[i].proto, src->kv[i].port,
		    src->kv[i].key, src->kv[i].value);
	dst->frames += src->frames;
	src->dead = 1;
	src->has_ip = 0;
	src->has_mac = 0;
}

static struct listen_host *
table_host_for(struct listen_table *t, const struct listen_rec *r)
{
	struct listen_host *e = NULL, *m = NULL;
	size_t		 idx;

	if (r->has_mac)
		m = index_get(t, t->by_mac, mac_key(r->mac), 1);
	if (r->has_ip) {
		e = index_get(t, t->by_ip, r->ip, 0);
		if (e == NULL && m != NULL && !m->has_ip) {
			e = m;
			e->has_ip = 1;
			e->ip = r->ip;
			index_put(t->by_ip, t->slots, e->ip,
			    (uint32_t)(e - t->h), t, 0);
		}
		if (e == NULL) {
			if ((e = table_new_host(t)) == NULL)
				return NULL;
			/* table_new_host may have moved the array. */
			if (r->has_mac)
				m = index_get(t, t->by_mac, mac_key(r->mac),
				    1);
			e->has_ip = 1;
			e->ip = r->ip;
			idx = (size_t)(e - t->h);
			index_put(t->by_ip, t->slots, e->ip, (uint32_t)idx,
			    t, 0);
		}
		if (r->has_mac && !e->has_mac) {
			memcpy(e->mac, r->mac, 6);
			e->has_mac = 1;
			if (m != NULL && m != e && !m->has_ip)
				host_merge(e, m);
			index_put(t->by_mac, t->slots, mac_key(e->mac),
			    (uint32_t)(e - t->h), t, 1);
		}
		return e;
	}
	if (!r->has_mac)
		return NULL;
	if (m != NULL)
		return m;
	if ((e = table_new_host(t)) == NULL)
		return NULL;
	memcpy(e->mac, r->mac, 6);
	e->has_mac = 1;
	index_put(t->by_mac, t->slots, mac_key(e->mac), (uint32_t)(e - t->h),
	    t, 1);
	return e;
}

void
listen_table_add(struct listen_table *t, const struct listen_result *res)
{
	size_t	 i, j;

	for (i = 0; i < res->n; i++) {
		const struct listen_rec *r = &res->rec[i];
		struct listen_host *h = table_host_for(t, r);

		if (h == NULL)
			continue;
		h->frames++;
		if (r->svc_port != 0)
			host_svc(h, r->svc_proto, r->svc_port, r->svc_name);
		for (j = 0; j < r->obs.n; j++)
			host_kv(h, r->obs_proto, r->obs_port, r->obs.f[j].key,
			    kv_val(&r->obs, j));
	}
}

size_t
listen_table_count(const struct listen_table *t)
{
	return t->n;
}

const struct listen_host *
listen_table_get(const struct listen_table *t, size_t i)
{
	return i < t->n ? &t->h[i] : NULL;
}

const struct listen_host *
listen_table_find(const struct listen_table *t, uint32_t ip)
{
	return index_get(t, t->by_ip, ip, 0);
}

uint64_t
listen_table_dropped(const struct listen_table *t)
{
	return t->dropped;
}

const char *
listen_host_value(const struct listen_host *h, const char *key)
{
	size_t	 i;

	for (i = 0; i < h->n_kv; i++)
		if (strcmp(h->kv[i].key, key) == 0)
			return h->kv[i].value;
	return NULL;
}
