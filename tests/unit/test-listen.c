/*
 * test-listen.c - unit tests of the passive-inventory decoders.
 *
 * The frames come from tests/fixtures/listen/capture.pcap (written by
 * make-capture.py next to it, which lists them by index), read with
 * libpcap as "iomtscan listen -r" reads them.  Each decoder is checked on
 * its frame, on every truncation of every frame and on crafted malformed
 * input; the whole capture must build the expected inventory; and the HL7
 * message's patient data must not appear anywhere in what is kept.
 */
#include "config.h"

#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/listen.h"
#include "iomt/net.h"
#include "runner.h"

#define MAX_FRAMES	32

struct frames {
	uint8_t		*p[MAX_FRAMES];
	size_t		 len[MAX_FRAMES];
	size_t		 n;
};

static int
frames_load(struct frames *fr)
{
	char		 path[1024], errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *ph;
	const u_char	*data;
	pcap_t		*p;

	memset(fr, 0, sizeof(*fr));
	snprintf(path, sizeof(path), "%s/tests/fixtures/listen/capture.pcap",
	    test_srcdir());
	if ((p = pcap_open_offline(path, errbuf)) == NULL) {
		fprintf(stderr, "  %s\n", errbuf);
		return -1;
	}
	while (fr->n < MAX_FRAMES && pcap_next_ex(p, &ph, &data) == 1) {
		fr->p[fr->n] = malloc(ph->caplen ? ph->caplen : 1);
		memcpy(fr->p[fr->n], data, ph->caplen);
		fr->len[fr->n] = ph->caplen;
		fr->n++;
	}
	pcap_close(p);
	return 0;
}

static void
frames_free(struct frames *fr)
{
	size_t	 i;

	for (i = 0; i < fr->n; i++)
		free(fr->p[i]);
}

static uint32_t
ip_of(const char *s)
{
	uint32_t ip = 0;

	target_aton(s, &ip);
	return ip;
}

/* Decode frame i; the result goes to a static buffer. */
static struct listen_result *
decode(const struct frames *fr, size_t i, int *rc)
{
	static struct listen_result res;

	listen_result_init(&res);
	*rc = listen_parse_frame(LISTEN_DLT_EN10MB, fr->p[i], fr->len[i],
	    &res);
	return &res;
}

static const char *
rec_get(const struct listen_rec *r, const char *key)
{
	return kv_get(&r->obs, key);
}

TEST_IMPL(listen_arp_dhcp)
{
	struct frames	 fr;
	struct listen_result *res;
	int		 rc;

	ASSERT_EQ(frames_load(&fr), 0);
	ASSERT_GE(fr.n, 14);
	res = decode(&fr, 0, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].has_mac, 1);
	ASSERT_EQ(res->rec[0].mac[2], 0xfb);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.21"));
	/* DHCP REQUEST: the client's MAC and the address it asks for */
	res = decode(&fr, 2, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.40"));
	ASSERT_EQ(res->rec[0].mac[0], 0x58);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dhcp.hostname"), "pump-icu-7");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dhcp.vendor_class"),
	    "BaxterSpectrumIQ");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dhcp.prl"), "1,3,6,15,28");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dhcp.client_id"),
	    "015846e1000001");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dhcp.msg"), "request");
	/* DHCP ACK: the client's address, and the server on udp/67 */
	res = decode(&fr, 3, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 2);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.40"));
	ASSERT_NULL(rec_get(&res->rec[0], "dhcp.hostname"));
	ASSERT_EQ(res->rec[1].ip, ip_of("198.18.0.1"));
	ASSERT_EQ(res->rec[1].svc_port, 67);
	ASSERT_STR_EQ(res->rec[1].svc_proto, "udp");
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_mdns_ssdp)
{
	struct frames	 fr;
	struct listen_result *res;
	int		 rc;

	ASSERT_EQ(frames_load(&fr), 0);
	res = decode(&fr, 4, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.50"));
	ASSERT_EQ(res->rec[0].has_mac, 1);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "mdns.service"), "_ipp._tcp");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "mdns.instance"), "Ward Printer");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "mdns.hostname"),
	    "wardprinter.local");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "mdns.txt"),
	    "ty=Brother HL-L2350DW,product=(HL-L2350DW)");
	ASSERT_EQ(res->rec[0].svc_port, 631);
	ASSERT_STR_EQ(res->rec[0].svc_name, "ipp");
	res = decode(&fr, 5, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.60"));
	ASSERT_STR_EQ(rec_get(&res->rec[0], "ssdp.server"),
	    "Linux/4.9 UPnP/1.0 ExampleMed-Gateway/2.1");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "ssdp.location"),
	    "http://198.18.0.60:8080/desc.xml");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "ssdp.nt"), "upnp:rootdevice");
	ASSERT_NOT_NULL(rec_get(&res->rec[0], "ssdp.usn"));
	ASSERT_EQ(res->rec[0].svc_port, 1900);
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_lldp_cdp_intellivue)
{
	struct frames	 fr;
	struct listen_result *res;
	int		 rc;

	ASSERT_EQ(frames_load(&fr), 0);
	res = decode(&fr, 6, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.2"));
	ASSERT_STR_EQ(rec_get(&res->rec[0], "lldp.sysname"), "ward3-sw1");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "lldp.chassis_id"),
	    "00:11:22:33:44:55");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "lldp.port_id"), "Gi1/0/7");
	ASSERT_NOT_NULL(rec_get(&res->rec[0], "lldp.sysdescr"));
	res = decode(&fr, 7, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.3"));
	ASSERT_STR_EQ(rec_get(&res->rec[0], "cdp.device_id"), "ward3-sw2");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "cdp.platform"),
	    "cisco WS-C2960X-24PS-L");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "cdp.port_id"),
	    "GigabitEthernet1/0/1");
	res = decode(&fr, 8, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.21"));
	ASSERT_EQ(res->rec[0].has_mac, 1);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "intellivue.connect"), "yes");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "intellivue.size"), "64");
	ASSERT_STR_EQ(res->rec[0].obs_proto, "udp");
	ASSERT_EQ(res->rec[0].obs_port, 24005);
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_dicom_hl7)
{
	struct frames	 fr;
	struct listen_result *res;
	size_t		 i, j;
	int		 rc;

	ASSERT_EQ(frames_load(&fr), 0);
	/* A-ASSOCIATE-RQ: the client's AE and implementation; the server
	 * is on tcp/104.  TCP is unicast: no MAC is trusted. */
	res = decode(&fr, 9, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 2);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.70"));
	ASSERT_EQ(res->rec[0].has_mac, 0);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dicom.ae_title"), "CT_CONSOLE");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dicom.impl_uid"),
	    "1.3.12.2.1107.5.1.4");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dicom.impl_version"),
	    "SIEMENS_CT_VA4");
	ASSERT_EQ(res->rec[1].ip, ip_of("198.18.0.80"));
	ASSERT_EQ(res->rec[1].svc_port, 104);
	ASSERT_STR_EQ(rec_get(&res->rec[1], "dicom.ae_title"), "PACS_MAIN");
	res = decode(&fr, 10, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.80"));
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dicom.impl_uid"),
	    "1.2.276.0.7230010.3.0.3.6.7");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "dicom.impl_version"),
	    "OFFIS_DCMTK_367");
	/* HL7: MSH-3, -4, -12 of the sender; the listener's port. */
	res = decode(&fr, 11, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 2);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.90"));
	ASSERT_STR_EQ(rec_get(&res->rec[0], "hl7.sending_app"), "LABSYS");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "hl7.sending_facility"),
	    "CITYHOSP");
	ASSERT_STR_EQ(rec_get(&res->rec[0], "hl7.version"), "2.5.1");
	ASSERT_EQ(res->rec[1].ip, ip_of("198.18.0.91"));
	ASSERT_EQ(res->rec[1].svc_port, 2575);
	/* Nothing after MSH is kept: no patient name or identifier, no
	 * message type or control id either. */
	for (i = 0; i < res->n; i++)
		for (j = 0; j < res->rec[i].obs.n; j++) {
			const char *v = kv_val(&res->rec[i].obs, j);

			ASSERT_NULL(strstr(v, "TESTPATIENT"));
			ASSERT_NULL(strstr(v, "PATID"));
			ASSERT_NULL(strstr(v, "ORU"));
			ASSERT_NULL(strstr(v, "Heart"));
		}
	/* A bare SYN and a truncated IPv4 header */
	res = decode(&fr, 12, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 0);
	res = decode(&fr, 13, &rc);
	ASSERT(rc == IOMT_ETRUNC || rc == IOMT_EPROTO);
	ASSERT_EQ(res->n, 0);
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_pcap_inventory)
{
	struct frames	 fr;
	struct listen_table *t = listen_table_new();
	struct listen_result res;
	const struct listen_host *h;
	size_t		 i, live = 0;

	ASSERT_EQ(frames_load(&fr), 0);
	for (i = 0; i < fr.n; i++) {
		listen_result_init(&res);
		if (listen_parse_frame(LISTEN_DLT_EN10MB, fr.p[i], fr.len[i],
		    &res) == 0)
			listen_table_add(t, &res);
	}
	for (i = 0; i < listen_table_count(t); i++) {
		h = listen_table_get(t, i);
		if (!h->dead && h->has_ip)
			live++;
	}
	ASSERT_EQ(live, 12);
	/* ARP + IntelliVue merged into one host with its MAC */
	h = listen_table_find(t, ip_of("198.18.0.21"));
	ASSERT_NOT_NULL(h);
	ASSERT_EQ(h->has_mac, 1);
	ASSERT_EQ(h->frames, 2);
	ASSERT_STR_EQ(listen_host_value(h, "intellivue.connect"), "yes");
	/* DHCP request and ack: one host */
	h = listen_table_find(t, ip_of("198.18.0.40"));
	ASSERT_NOT_NULL(h);
	ASSERT_EQ(h->frames, 2);
	ASSERT_STR_EQ(listen_host_value(h, "dhcp.hostname"), "pump-icu-7");
	h = listen_table_find(t, ip_of("198.18.0.80"));
	ASSERT_NOT_NULL(h);
	ASSERT_EQ(h->n_svc, 1);
	ASSERT_EQ(h->svc[0].port, 104);
	ASSERT_STR_EQ(listen_host_value(h, "dicom.impl_version"),
	    "OFFIS_DCMTK_367");
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.1")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.2")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.3")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.30")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.50")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.60")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.70")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.90")));
	ASSERT_NOT_NULL(listen_table_find(t, ip_of("198.18.0.91")));
	ASSERT_NULL(listen_table_find(t, ip_of("198.18.0.99")));
	listen_table_free(t);
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_table_mac_then_ip)
{
	struct listen_table *t = listen_table_new();
	struct listen_result res;
	const struct listen_host *h;
	static const uint8_t mac[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };

	/* First seen by MAC only (an LLDP without address)... */
	listen_result_init(&res);
	res.n = 1;
	memset(&res.rec[0], 0, sizeof(res.rec[0]));
	memcpy(res.rec[0].mac, mac, 6);
	res.rec[0].has_mac = 1;
	kv_reset(&res.rec[0].obs);
	kv_add(&res.rec[0].obs, "lldp.sysname", "sw");
	listen_table_add(t, &res);
	/* ...then by IP alone, then both: one host in the end. */
	res.rec[0].has_mac = 0;
	res.rec[0].has_ip = 1;
	res.rec[0].ip = ip_of("198.18.0.2");
	kv_reset(&res.rec[0].obs);
	listen_table_add(t, &res);
	res.rec[0].has_mac = 1;
	listen_table_add(t, &res);
	h = listen_table_find(t, ip_of("198.18.0.2"));
	ASSERT_NOT_NULL(h);
	ASSERT_EQ(h->has_mac, 1);
	ASSERT_STR_EQ(listen_host_value(h, "lldp.sysname"), "sw");
	ASSERT_EQ(h->frames, 3);
	listen_table_free(t);
	return 0;
}

/* Deterministic noise for the mutation test. */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

TEST_IMPL(listen_truncated_and_mutated)
{
	struct frames	 fr;
	struct listen_result res;
	uint8_t		 buf[2048];
	size_t		 i, n, k;
	uint32_t	 seed = 1;

	ASSERT_EQ(frames_load(&fr), 0);
	for (i = 0; i < fr.n; i++) {
		ASSERT(fr.len[i] <= sizeof(buf));
		/* Every prefix, copied so ASAN sees reads past it. */
		for (n = 0; n <= fr.len[i]; n++) {
			uint8_t	*cp = malloc(n ? n : 1);

			memcpy(cp, fr.p[i], n);
			listen_result_init(&res);
			listen_parse_frame(LISTEN_DLT_EN10MB, cp, n, &res);
			listen_result_init(&res);
			listen_parse_frame(LISTEN_DLT_LINUX_SLL, cp, n, &res);
			free(cp);
		}
		/* Random byte flips. */
		for (k = 0; k < 300; k++) {
			uint8_t	*cp = malloc(fr.len[i]);
			int	 flips = 1 + (int)(lcg(&seed) % 8);

			memcpy(cp, fr.p[i], fr.len[i]);
			while (flips-- > 0)
				cp[lcg(&seed) % fr.len[i]] =
				    (uint8_t)lcg(&seed);
			listen_result_init(&res);
			listen_parse_frame(LISTEN_DLT_EN10MB, cp, fr.len[i],
			    &res);
			ASSERT_LE(res.n, LISTEN_RECS_MAX);
			free(cp);
		}
	}
	frames_free(&fr);
	return 0;
}

TEST_IMPL(listen_malformed_crafted)
{
	struct listen_result res;
	struct listen_pkt pk;
	/* mDNS response whose answer name points at itself */
	static const uint8_t loop[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4
	};
	/* a name pointing past the end */
	static const uint8_t far[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc3, 0xff
	};
	/* LLDP TLV claiming 511 bytes */
	static const uint8_t lldp[] = { 0x03, 0xff, 0, 0 };
	/* CDP TLV with a length below its header */
	static const uint8_t cdp[] = { 2, 180, 0, 0, 0, 1, 0, 2 };
	/* DICOM PDU with a huge length and a short body */
	uint8_t		 dicom[80];
	/* DHCP with an option running past the end */
	uint8_t		 dhcp[242];
	/* HL7 with a letter as field separator */
	static const uint8_t hl7[] = "\x0bMSHA^~\\&AX";

	memset(&pk, 0, sizeof(pk));
	pk.sip = 0xc6120001;
	pk.dip = 0xc6120002;
	pk.sport = 5353;
	pk.dport = 5353;
	listen_result_init(&res);
	ASSERT(listen_parse_mdns(&pk, loop, sizeof(loop), &res) < 0);
	ASSERT_EQ(res.n, 0);
	ASSERT(listen_parse_mdns(&pk, far, sizeof(far), &res) < 0);
	ASSERT_EQ(res.n, 0);
	ASSERT(listen_parse_lldp(lldp, sizeof(lldp), NULL, &res) < 0);
	ASSERT_EQ(res.n, 0);
	ASSERT(listen_parse_cdp(cdp, sizeof(cdp), NULL, &res) < 0);
	ASSERT_EQ(res.n, 0);
	memset(dicom, 0, sizeof(dicom));
	dicom[0] = 1;
	dicom[2] = 0x7f;
	dicom[7] = 1;
	pk.sport = 50000;
	pk.dport = 104;
	pk.tcp = 1;
	ASSERT(listen_parse_dicom(&pk, dicom, sizeof(dicom), &res) < 0);
	ASSERT_EQ(res.n, 0);
	memset(dhcp, 0, sizeof(dhcp));
	dhcp[0] = 1;
	dhcp[1] = 1;
	dhcp[2] = 6;
	dhcp[236] = 0x63;
	dhcp[237] = 0x82;
	dhcp[238] = 0x53;
	dhcp[239] = 0x63;
	dhcp[240] = 12;
	dhcp[241] = 200;
	pk.sport = 68;
	pk.dport = 67;
	pk.tcp = 0;
	ASSERT(listen_parse_dhcp(&pk, dhcp, sizeof(dhcp), &res) < 0);
	ASSERT_EQ(res.n, 0);
	ASSERT(listen_parse_hl7(&pk, hl7, sizeof(hl7) - 1, &res) < 0);
	ASSERT_EQ(res.n, 0);
	ASSERT_EQ(listen_parse_frame(99, hl7, sizeof(hl7), &res), IOMT_EINVAL);
	return 0;
}

/*
 * One Ethernet/IPv4/TCP frame from sip:sport to dip:dport carrying pay
 * into buf (at least 54 + n bytes); returns its length.
 */
static size_t
tcp_frame(uint8_t *buf, const char *sip, uint16_t sport, const char *dip,
    uint16_t dport, const char *pay, size_t n)
{
	static const uint8_t hdr[14] = { 0x02, 0, 0, 0, 0, 1,
	    0x00, 0x40, 0x97, 0x1a, 0x2b, 0x19, 0x08, 0x00 };
	uint32_t	 s = ip_of(sip), d = ip_of(dip);
	uint8_t		*ip = buf + 14, *tcp = buf + 34;

	memcpy(buf, hdr, 14);
	memset(ip, 0, 40);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + n) >> 8);
	ip[3] = (uint8_t)(40 + n);
	ip[8] = 64;
	ip[9] = 6;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)(s >> (24 - 8 * i));
		ip[16 + i] = (uint8_t)(d >> (24 - 8 * i));
	}
	tcp[0] = (uint8_t)(sport >> 8);
	tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8);
	tcp[3] = (uint8_t)dport;
	tcp[12] = 0x50;
	tcp[13] = 0x18;
	memcpy(buf + 54, pay, n);
	return 54 + n;
}

/* Decode a TCP frame; the records in a static result. */
static struct listen_result *
decode_tcp(const char *sip, uint16_t sport, const char *dip, uint16_t dport,
    const char *pay, size_t n, int *rc)
{
	static struct listen_result res;
	uint8_t		 buf[600];

	listen_result_init(&res);
	*rc = listen_parse_frame(LISTEN_DLT_EN10MB, buf, tcp_frame(buf, sip,
	    sport, dip, dport, pay, n), &res);
	return &res;
}

TEST_IMPL(listen_remote_sessions)
{
	struct listen_result *res;
	int		 rc;

	/* A VNC server's ProtocolVersion: the server's service and banner. */
	res = decode_tcp("198.18.0.25", 5900, "198.18.0.2", 40001,
	    "RFB 003.008\n", 12, &rc);
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.25"));
	ASSERT_EQ(res->rec[0].has_mac, 0);	/* TCP: no MAC trusted */
	ASSERT_STR_EQ(res->rec[0].svc_name, "vnc");
	ASSERT_EQ(res->rec[0].svc_port, 5900);
	ASSERT_EQ(res->rec[0].obs_port, 5900);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "banner"), "RFB 003.008");
	/* The client's echo names the server too, but is no banner. */
	res = decode_tcp("198.18.0.2", 40001, "198.18.0.25", 5900,
	    "RFB 003.008\n", 12, &rc);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.25"));
	ASSERT_STR_EQ(res->rec[0].svc_name, "vnc");
	ASSERT_NULL(rec_get(&res->rec[0], "banner"));
	/* SSH on any port: the identification line, without CR LF. */
	res = decode_tcp("198.18.0.102", 2222, "198.18.0.2", 50000,
	    "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 32, &rc);
	ASSERT_EQ(res->n, 1);
	ASSERT_STR_EQ(res->rec[0].svc_name, "ssh");
	ASSERT_EQ(res->rec[0].svc_port, 2222);
	ASSERT_STR_EQ(rec_get(&res->rec[0], "banner"),
	    "SSH-2.0-OpenSSH_9.2p1 Debian-2");
	/* Telnet: the service, never the text (it may be a session). */
	res = decode_tcp("198.18.0.24", 23, "198.18.0.2", 40002,
	    "\r\nSpectrum WBM\r\nlogin: ", 23, &rc);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.24"));
	ASSERT_STR_EQ(res->rec[0].svc_name, "telnet");
	ASSERT_EQ(res->rec[0].svc_port, 23);
	ASSERT_EQ(res->rec[0].obs.n, 0);
	res = decode_tcp("198.18.0.2", 40002, "198.18.0.22", 23,
	    "secret\r\n", 8, &rc);
	ASSERT_EQ(res->n, 1);
	ASSERT_EQ(res->rec[0].ip, ip_of("198.18.0.22"));
	ASSERT_EQ(res->rec[0].obs.n, 0);
	/* RDP: a TPKT header on 3389; other bytes there are not RDP. */
	res = decode_tcp("198.18.0.101", 3389, "198.18.0.2", 40003,
	    "\x03\x00\x00\x13\x0e\xd0", 6, &rc);
	ASSERT_EQ(res->n, 1);
	ASSERT_STR_EQ(res->rec[0].svc_name, "rdp");
	res = decode_tcp("198.18.0.101", 3389, "198.18.0.2", 40003,
	    "HTTP/1.1 200", 12, &rc);
	ASSERT_EQ(res->n, 0);
	/* Near misses: no record. */
	res = decode_tcp("198.18.0.25", 5900, "198.18.0.2", 40001,
	    "RFB 03.008\n!", 12, &rc);
	ASSERT_EQ(res->n, 0);
	res = decode_tcp("198.18.0.25", 5900, "198.18.0.2", 40001,
	    "RFB 003.008\nxx", 14, &rc);
	ASSERT_EQ(res->n, 0);
	res = decode_tcp("198.18.0.102", 22, "198.18.0.2", 50000,
	    "SSH-2.0-\x1b[2J\r\n", 14, &rc);
	ASSERT_EQ(res->n, 0);
	res = decode_tcp("198.18.0.102", 22, "198.18.0.2", 50000,
	    "SSH-2.0", 7, &rc);
	ASSERT_EQ(res->n, 0);
	res = decode_tcp("198.18.0.10", 80, "198.18.0.2", 40004,
	    "HTTP/1.1 200 OK\r\n", 17, &rc);
	ASSERT_EQ(res->n, 0);
	/* Loopback and broadcast are nobody. */
	res = decode_tcp("127.0.0.1", 22, "198.18.0.2", 50000,
	    "SSH-2.0-x\r\n", 11, &rc);
	ASSERT_EQ(res->n, 0);
	return 0;
}
