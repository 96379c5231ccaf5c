/*
 * src/listen/listen-disco.c - passive decoders of service discovery:
 * mDNS/DNS-SD (RFC 6762, RFC 6763, names per RFC 1035), SSDP (UPnP Device
 * Architecture 2.0) and Philips IntelliVue connect indications.
 *
 * Devices announce their names and services to the segment; these
 * decoders keep the announcing host's address, its host name and the
 * service types, and skip queries (a client looking says nothing about
 * itself).  DNS names are decompressed with a bound on pointer jumps and
 * on length, so a crafted message cannot loop.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/listen.h"
#include "listen-int.h"

#define DNS_MAX_RR	64	/* resource records decoded per message */
#define DNS_MAX_JUMPS	16	/* compression pointers followed per name */
#define DNS_NAME_MAX	256

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
	if ((rec = lrec_sender(pk, res)) == NULL)
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
			if (reader_skip(&v, 4) != 0 ||
			    reader_be16(&v, &port) != 0 ||
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
				uint32_t ip = lrec_ip_from(b);

				if (ip == pk->sip || !rec->has_ip)
					list_add(hostname, sizeof(hostname),
					    name);
				lrec_addr(rec, NULL, ip);
			}
			break;
		default:
			break;
		}
	}
	if (r.err != 0)
		goto bad;
	if (services[0] != '\0')
		lrec_text(&rec->obs, "mdns.service", (const uint8_t *)services,
		    strlen(services));
	if (instances[0] != '\0')
		lrec_text(&rec->obs, "mdns.instance",
		    (const uint8_t *)instances, strlen(instances));
	if (hostname[0] != '\0')
		lrec_text(&rec->obs, "mdns.hostname",
		    (const uint8_t *)hostname, strlen(hostname));
	if (txt[0] != '\0')
		kv_add(&rec->obs, "mdns.txt", txt);
	if (srv_port != 0 && rec->has_ip)
		lrec_svc(rec, srv_udp ? "udp" : "tcp", srv_port, srv_name);
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
	if ((rec = lrec_sender(pk, res)) == NULL)
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
					lrec_text(&rec->obs, hdrs[i].key, p + vs,
					    ve - vs);
		}
		off = eol + 1;
	}
	if (notify && pk->sport == 1900)
		lrec_svc(rec, "udp", 1900, "ssdp");
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
	if ((rec = lrec_sender(pk, res)) == NULL)
		return 0;
	strlcpy(rec->obs_proto, "udp", sizeof(rec->obs_proto));
	rec->obs_port = 24005;
	kv_add(&rec->obs, "intellivue.connect", "yes");
	kv_addf(&rec->obs, "intellivue.size", "%zu", len);
	if (!rec->has_ip && !rec->has_mac)
		res->n--;
	return 0;
}
