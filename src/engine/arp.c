/*
 * src/engine/arp.c - ARP discovery for the scan engine: the capture and
 * raw handles, ARP requests and the replies that bring hosts up.
 *
 * On attached networks ARP finds hosts that answer no TCP port and costs
 * one frame.  libdnet sends the requests; libpcap, polled from the libuv
 * loop, reads the replies with an "arp" filter, so nothing else on the
 * wire is parsed.  The handles are opened while the scanner still has its
 * privileges, before they are dropped.
 */
#include "config.h"

#include <errno.h>
#include <pcap.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "iomt/net.h"
#include "iomt/compat-dnet.h"
#include "iomt/util.h"
#include "iomt/engine.h"
#include "engine-int.h"

struct host *
scan_host_by_ip(struct scan *s, uint32_t ip)
{
	size_t	 lo = 0, hi = s->n_hosts;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		uint32_t v = s->hosts[s->by_ip[mid]].ip;

		if (v == ip)
			return &s->hosts[s->by_ip[mid]];
		if (v < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
scan_pcap_frame(u_char *arg, const struct pcap_pkthdr *ph,
    const u_char *bytes)
{
	struct scan	*s = (struct scan *)arg;
	struct host	*h;
	uint32_t	 sip;
	uint8_t		 mac[6];

	if (arp_parse(bytes, ph->caplen, &sip, mac) != 0)
		return;
	if (s->have_nif && sip == s->nif.addr)
		return;
	h = scan_host_by_ip(s, sip);
	if (h == NULL || h->phase != H_ARP)
		return;		/* not ours, or not asked: ignored */
	memcpy(h->mac, mac, 6);
	h->has_mac = 1;
	host_up(h, "arp");
}

static void
scan_pcap_readable(uv_poll_t *p, int status, int events)
{
	struct scan	*s = p->data;
	int		 n;

	(void)events;
	if (status < 0)
		return;
	/* Drain; spurious wakeups return 0 at once. */
	do {
		n = pcap_dispatch(s->pcap, 64, scan_pcap_frame, (u_char *)s);
	} while (n > 0);
	scan_kick(s);
}

int
scan_send_arp(struct host *h)
{
	struct scan	*s = h->scan;
	uint8_t		 frame[64];
	size_t		 len;

	len = arp_build_request(frame, s->nif.mac, s->nif.addr, h->ip);
	scan_audit(h, "arp", 0, pace_audit_name(SAFETY_K_ARP), len, NULL);
	if (eth_send(s->eth, frame, len) < 0)
		return -errno;
	return 0;
}


/* Open pcap and libdnet handles on s->nif.  Return 0 or an error. */
int
scan_open_raw(struct scan *s)
{
	char		 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program bpf;
	int		 r = IOMT_EPRIV, fd;

	s->pcap = pcap_create(s->nif.name, errbuf);
	if (s->pcap == NULL)
		goto out;
	if (pcap_set_snaplen(s->pcap, 128) != 0 ||
	    pcap_set_promisc(s->pcap, 0) != 0 ||
	    pcap_set_immediate_mode(s->pcap, 1) != 0 ||
	    pcap_set_timeout(s->pcap, 10) != 0)
		goto out;
	if (pcap_activate(s->pcap) < 0) {
		log_debug("pcap_activate: %s", pcap_geterr(s->pcap));
		goto out;
	}
	if (pcap_compile(s->pcap, &bpf, "arp", 1, PCAP_NETMASK_UNKNOWN) != 0)
		goto out;
	if (pcap_setfilter(s->pcap, &bpf) != 0) {
		pcap_freecode(&bpf);
		goto out;
	}
	pcap_freecode(&bpf);
	if (pcap_setnonblock(s->pcap, 1, errbuf) != 0)
		goto out;
	fd = pcap_get_selectable_fd(s->pcap);
	if (fd < 0)
		goto out;
	s->eth = eth_open(s->nif.name);
	if (s->eth == NULL)
		goto out;
	if (uv_poll_init(&s->loop, &s->pcap_poll, fd) != 0)
		goto out;
	s->pcap_poll.data = s;
	uv_poll_start(&s->pcap_poll, UV_READABLE, scan_pcap_readable);
	s->pcap_polling = 1;
	r = 0;
 out:
	if (r != 0) {
		if (s->pcap != NULL)
			pcap_close(s->pcap);
		s->pcap = NULL;
		if (s->eth != NULL)
			eth_close(s->eth);
		s->eth = NULL;
	}
	return r;
}
