/*
 * listen.h - the passive layer (src/listen/): what frames on a wire say
 * about the devices that sent them.  Depends on util and net.
 */
#ifndef IOMT_LISTEN_H
#define IOMT_LISTEN_H

/* ------------------------------------------------------------------ */
/*
 * listen.h - passive inventory: what the frames on a wire say about the
 * hosts that sent them, without sending a single one.
 *
 * A cautious hospital can start with "iomtscan listen": a capture file or
 * a live, non-promiscuous capture is decoded here into records (a host's
 * MAC and/or IPv4 address, a service seen in use, and observations such
 * as dhcp.hostname, mdns.service, ssdp.server, lldp.sysname,
 * intellivue.connect) that src/cli/listen.c writes into the same inventory a
 * scan uses.  Each protocol has its own parser so each can be fuzzed and
 * tested on crafted frames.  Parsers read through struct reader and never past
 * the length given, never allocate, and return IOMT_EPROTO/IOMT_ETRUNC on
 * malformed input (the frame is then ignored).
 *
 * Attribution rules: a MAC is tied to an IPv4 address only when the
 * protocol states both (ARP, DHCP) or the frame went to a broadcast or
 * multicast address (so its sender is on this segment, not behind a
 * router).  HL7 MLLP traffic is decoded only as far as MSH-3, MSH-4 and
 * MSH-12: nothing after the MSH segment is read, so no patient data is
 * ever copied.  IntelliVue connect indications (UDP 24005) are treated as
 * opaque: only their sender and size are recorded.
 */

#include <stddef.h>
#include <stdint.h>

#include "iomt/util.h"

#define LISTEN_RECS_MAX		4	/* records one frame may yield */
#define LISTEN_VAL_MAX		256	/* bytes of one decoded value */

/* Link types accepted by listen_parse_frame() (pcap DLT values). */
#define LISTEN_DLT_EN10MB	1
#define LISTEN_DLT_LINUX_SLL	113

/* What one frame says about one host. */
struct listen_rec {
	uint8_t		 mac[6];
	int		 has_mac;
	uint32_t	 ip;		/* host order */
	int		 has_ip;
	char		 svc_proto[4];	/* service seen in use: "tcp"/"udp" */
	uint16_t	 svc_port;	/* its server-side port, 0: none */
	char		 svc_name[16];	/* "dicom", "hl7", "dhcp", ... */
	char		 obs_proto[4];	/* what the observations are about */
	uint16_t	 obs_port;	/* 0: the host as a whole */
	struct kvset	 obs;		/* keys: docs/PROFILES.md, listen */
};

struct listen_result {
	struct listen_rec rec[LISTEN_RECS_MAX];
	size_t		 n;
};

/* The addressing of the frame a payload came in, for the L7 parsers. */
struct listen_pkt {
	const uint8_t	*smac;		/* NULL if unknown */
	int		 l2_group;	/* dst was broadcast/multicast */
	uint32_t	 sip, dip;	/* host order */
	uint16_t	 sport, dport;
	int		 tcp;		/* 1: TCP, 0: UDP */
};

/* Empty res.  Never fails. */
void	listen_result_init(struct listen_result *res);

/*
 * Decode one captured frame of link type dlt (LISTEN_DLT_*): Ethernet
 * (with up to two VLAN tags) or Linux cooked capture; ARP, LLDP, CDP,
 * IPv4 UDP (DHCP, mDNS, SSDP, IntelliVue) and TCP (DICOM, HL7 MLLP, and
 * the SSH, VNC, RDP and Telnet of remote-maintenance sessions).
 * Records found are appended to res (which the caller emptied).  Return 0
 * (also for frames of no interest: res unchanged), or IOMT_EPROTO /
 * IOMT_ETRUNC for a malformed frame (then res is emptied again: nothing
 * from a malformed frame is kept).
 */
int	listen_parse_frame(int dlt, const uint8_t *p, size_t len,
	    struct listen_result *res);

/* ARP (RFC 826) over Ethernet/IPv4, p at the ARP header: the sender. */
int	listen_parse_arp(const uint8_t *p, size_t len,
	    struct listen_result *res);

/* LLDP (IEEE 802.1AB) TLVs at p, sent from smac. */
int	listen_parse_lldp(const uint8_t *p, size_t len, const uint8_t *smac,
	    struct listen_result *res);

/* CDP (Cisco) after the SNAP header (version byte at p), from smac. */
int	listen_parse_cdp(const uint8_t *p, size_t len, const uint8_t *smac,
	    struct listen_result *res);

/* DHCP/BOOTP (RFC 2131/2132) payload of a UDP 67/68 datagram. */
int	listen_parse_dhcp(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/* mDNS/DNS-SD (RFC 6762/6763) response payload (UDP 5353). */
int	listen_parse_mdns(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/* SSDP NOTIFY or M-SEARCH response payload (UDP 1900). */
int	listen_parse_ssdp(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/* Philips IntelliVue connect indication (UDP to 24005): opaque. */
int	listen_parse_intellivue(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/* DICOM A-ASSOCIATE-RQ/AC (PS3.8 §9.3.2/9.3.3) at the start of p. */
int	listen_parse_dicom(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/* HL7 v2 over MLLP: 0x0b "MSH..." at p; MSH-3, MSH-4, MSH-12 only. */
int	listen_parse_hl7(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/*
 * A remote-maintenance session in TCP payload p (listen-remote.c): an SSH
 * or VNC greeting (the server's kept as "banner"), a TPKT header on
 * tcp/3389 (RDP), any data on tcp/23 (Telnet, no text kept).  Records the
 * service on the side with the lower port.  Returns 0 (nothing recorded
 * for other payloads).
 */
int	listen_parse_remote(const struct listen_pkt *pk, const uint8_t *p,
	    size_t len, struct listen_result *res);

/*
 * The passive inventory being built: one entry per host, merged across
 * frames by IPv4 address and MAC, with the services seen in use and the
 * distinct observations (capped per host, so a chatty device cannot make
 * it grow).  A host first seen by MAC only (LLDP, CDP) is given its
 * address when a later frame ties the two.
 */
#define LISTEN_MAX_HOSTS	65536
#define LISTEN_HOST_KV_MAX	64
#define LISTEN_HOST_SVC_MAX	32

struct listen_svc {
	char		 proto[4];
	uint16_t	 port;
	char		 name[16];
};

struct listen_kv {
	char		 proto[4];	/* "" when host-wide */
	uint16_t	 port;
	char		 key[KV_KEY_MAX];
	char		*value;
};

struct listen_host {
	uint32_t	 ip;		/* host order */
	int		 has_ip;
	uint8_t		 mac[6];
	int		 has_mac;
	int		 dead;		/* merged into another entry */
	uint64_t	 frames;
	struct listen_svc svc[LISTEN_HOST_SVC_MAX];
	size_t		 n_svc;
	struct listen_kv kv[LISTEN_HOST_KV_MAX];
	size_t		 n_kv;
};

struct listen_table;

/* A new, empty table.  Never fails; free with listen_table_free(). */
struct listen_table *listen_table_new(void);

/* Free t.  NULL-safe; returns NULL. */
struct listen_table *listen_table_free(struct listen_table *t);

/*
 * Merge the records of one decoded frame into t.  Beyond LISTEN_MAX_HOSTS
 * hosts, new hosts are dropped (and counted in listen_table_dropped()).
 */
void	listen_table_add(struct listen_table *t,
	    const struct listen_result *res);

/* Number of entries (dead ones included) and entry i (0 <= i < n). */
size_t	listen_table_count(const struct listen_table *t);
const struct listen_host *listen_table_get(const struct listen_table *t,
	    size_t i);

/* The live entry with address ip (host order), or NULL. */
const struct listen_host *listen_table_find(const struct listen_table *t,
	    uint32_t ip);

/* Hosts not recorded because the table was full. */
uint64_t listen_table_dropped(const struct listen_table *t);

/* First value of key on h (any port), or NULL. */
const char *listen_host_value(const struct listen_host *h, const char *key);

#endif /* IOMT_LISTEN_H */
