/*
 * src/listen/listen.c - passive inventory: the records a frame yields, and
 * the frame walk that hands each payload to its protocol's decoder.
 *
 * Every decoder (listen-l2.c, listen-disco.c, listen-clinical.c,
 * listen-remote.c) reads
 * through struct reader (util.h) so no length field in a frame can make it
 * read past what was captured.  None of them allocates: values go into the
 * fixed arena of a struct kvset, cut at LISTEN_VAL_MAX bytes and made
 * printable with str_printable().  They decode only the announcements and
 * headers a device sends to introduce itself (ARP, DHCP, mDNS, SSDP, LLDP,
 * CDP, IntelliVue connect indications, the DICOM association header, the
 * HL7 MSH segment, the SSH and VNC greetings of a remote-maintenance
 * session) and skip everything else, so listening to a clinical
 * network never stores clinical content.  The records are shared through
 * listen-int.h; the table of hosts is in listen-table.c.
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

void
listen_result_init(struct listen_result *res)
{
	res->n = 0;
}

/* A new record in res, or NULL when full. */
struct listen_rec *
lrec_new(struct listen_result *res)
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

void
lrec_mac(struct listen_rec *r, const uint8_t *mac)
{
	static const uint8_t zero[6];

	if (mac == NULL || (mac[0] & 0x01) != 0 ||
	    memcmp(mac, zero, 6) == 0)
		return;
	memcpy(r->mac, mac, 6);
	r->has_mac = 1;
}

void
lrec_ip(struct listen_rec *r, uint32_t ip)
{
	/* 0.0.0.0, 255.255.255.255, multicast and loopback are nobody. */
	if (ip == 0 || ip == 0xffffffffu || (ip >> 28) == 0xe ||
	    (ip >> 24) == 127)
		return;
	r->ip = ip;
	r->has_ip = 1;
}

void
lrec_svc(struct listen_rec *r, const char *proto, uint16_t port,
    const char *name)
{
	strlcpy(r->svc_proto, proto, sizeof(r->svc_proto));
	r->svc_port = port;
	strlcpy(r->svc_name, name, sizeof(r->svc_name));
}

void
lrec_addr(struct listen_rec *r, const char *key, uint32_t ip)
{
	char	 buf[16];

	if (key != NULL)
		kv_add(&r->obs, key, target_ntoa(ip, buf, sizeof(buf)));
	if (!r->has_ip)
		lrec_ip(r, ip);
}

/* Record a host from the frame's sender: IP, and MAC when trustworthy. */
struct listen_rec *
lrec_sender(const struct listen_pkt *pk, struct listen_result *res)
{
	struct listen_rec *r = lrec_new(res);

	if (r == NULL)
		return NULL;
	lrec_ip(r, pk->sip);
	if (pk->l2_group)
		lrec_mac(r, pk->smac);
	return r;
}

/* Add len device bytes as a printable value (cut at LISTEN_VAL_MAX). */
void
lrec_text(struct kvset *o, const char *key, const uint8_t *p, size_t len)
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
uint32_t
lrec_ip_from(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
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
	return listen_parse_remote(&pk, pay, plen, res);
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
