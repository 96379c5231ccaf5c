/*
 * src/engine/plan-text.c - a plan for people: what `iomtscan plan` prints
 * for the change board that approves a scan.
 *
 * Per subnet rule, per known host and in total: the level and why, the
 * discovery, the TCP connects and payload probes, the most packets, the
 * rate, burst, connections and gap, the hosts held back and by which
 * rule, and how long the scan will take (and at most, if every probe
 * times out).  The numbers are the plan's (plan.c), counted with the
 * engine's own pacing model.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "iomt/engine.h"
#include "iomt/net.h"
#include "engine-int.h"

/* "198.18.0.0/24" when r is one aligned block, else "a-b". */
static void
range_str(const struct target_range *r, char *buf, size_t len)
{
	char		 a[16], b[16];
	uint64_t	 size = (uint64_t)r->hi - r->lo + 1;
	int		 bits = 32;

	while (bits > 0 && ((uint64_t)1 << (32 - bits)) < size)
		bits--;
	target_ntoa(r->lo, a, sizeof(a));
	if (((uint64_t)1 << (32 - bits)) == size &&
	    (r->lo & (uint32_t)(size - 1)) == 0 && size > 1) {
		snprintf(buf, len, "%s/%d", a, bits);
		return;
	}
	if (size == 1) {
		snprintf(buf, len, "%s", a);
		return;
	}
	target_ntoa(r->hi, b, sizeof(b));
	snprintf(buf, len, "%s-%s", a, b);
}

static void
fmt_secs(double s, char *buf, size_t len)
{
	long	 t = (long)ceil(s);

	if (t < 60)
		snprintf(buf, len, "%lds", t);
	else if (t < 3600)
		snprintf(buf, len, "%ldm %02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%ldh %02ldm", t / 3600, (t % 3600) / 60);
}

static void
ports_str(const uint16_t *v, size_t n, char *buf, size_t len)
{
	size_t	 i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%u",
		    i ? "," : "", v[i]);
	if (n == 0)
		strlcpy(buf, "none", len);
}

static void
entry_text(const struct plan_entry *e, FILE *fp)
{
	char	 ports[1024];

	fprintf(fp, "    level %s", safety_level_name(e->level));
	if (e->excluded) {
		fprintf(fp, ": EXCLUDED, nothing is ever sent\n");
		return;
	}
	if (e->pkts == 0) {
		fprintf(fp, ": nothing is sent (not even ARP)\n");
		fprintf(fp, "    why: %s\n", e->reason);
		return;
	}
	fprintf(fp, "\n    why: %s\n", e->reason);
	fprintf(fp, "    discovery: %s", e->arp ? "ARP request (+1 retry)" :
	    "");
	if (!e->arp) {
		ports_str(e->disc, e->n_disc, ports, sizeof(ports));
		fprintf(fp, "TCP connect to %s until one answers", ports);
	}
	fputc('\n', fp);
	if (e->level == LEVEL_DISCOVERY) {
		fprintf(fp, "    no service checks (level discovery)\n");
	} else {
		ports_str(e->tcp, e->n_tcp, ports, sizeof(ports));
		fprintf(fp, "    TCP connects (%zu): %s\n", e->n_tcp, ports);
		fprintf(fp, "    payload probes: %s\n", e->probes[0] != '\0' ?
		    e->probes : e->level < LEVEL_STANDARD ?
		    "none (banner reads only)" : "none");
		if (e->n_udp > 0)
			fprintf(fp, "    UDP: SNMP GET to udp/161\n");
	}
	fprintf(fp, "    most packets per host: %llu; rate <= %.1f/s "
	    "(burst %d), %d connection%s, %u ms between probes\n",
	    (unsigned long long)e->pkts, e->pps, PACE_HOST_BURST, e->conns,
	    e->conns == 1 ? "" : "s", e->gap_ms);
}

/* Two or three lines for a known host. */
static void
entry_brief(const struct plan_entry *e, FILE *fp)
{
	char	 ports[1024];

	if (e->excluded) {
		fprintf(fp, "    EXCLUDED: nothing is ever sent (%s)\n",
		    e->reason);
		return;
	}
	if (e->pkts == 0) {
		fprintf(fp, "    passive: nothing is sent (not even ARP)\n");
		fprintf(fp, "    why: %s\n", e->reason);
		return;
	}
	ports_str(e->tcp, e->n_tcp, ports, sizeof(ports));
	fprintf(fp, "    %s: %s, %zu TCP connect%s",
	    safety_level_name(e->level), e->arp ? "ARP" : "connect discovery",
	    e->n_tcp, e->n_tcp == 1 ? "" : "s");
	if (e->n_tcp > 0 && e->n_tcp <= 12)
		fprintf(fp, " (%s)", ports);
	fprintf(fp, ", %zu payload probe%s%s; at most %llu packets, "
	    "%.1f/s, %u ms gap\n", e->n_payload, e->n_payload == 1 ? "" : "s",
	    e->n_udp > 0 ? ", SNMP" : "", (unsigned long long)e->pkts,
	    e->pps, e->gap_ms);
	fprintf(fp, "    why: %s\n", e->reason);
}

void
plan_write_text(const struct plan *pl, FILE *fp)
{
	const struct plan_totals *t = &pl->tot;
	char		 buf[96], d1[32], d2[32];
	size_t		 i, j;
	int		 held = 0;

	fprintf(fp, "Plan for %s (nothing has been sent)\n", pl->targets);
	fprintf(fp, "Scan: level %s, %zu TCP ports, SNMP %s, ARP %s, "
	    "%.0f packets/s in all, %.1f/s per host, %d connection%s per "
	    "host, %u ms gap, %zu hosts at a time\n",
	    safety_level_name(pl->level), pl->n_ports, pl->snmp ? "on" :
	    "off", pl->arp ? "on" : "off", pl->global_pps, pl->host_pps,
	    pl->host_conns, pl->host_conns == 1 ? "" : "s", pl->gap_ms,
	    pl->group);
	fprintf(fp, "Policy: %zu profiles (%zu from the site), %zu site "
	    "subnet rules, %zu exclusion rules\n", pl->n_profiles, pl->n_site,
	    pl->n_rules, pl->n_ex);

	fprintf(fp, "\nAddresses not in the inventory, by subnet rule:\n");
	if (pl->ng == 0)
		fprintf(fp, "  none\n");
	for (i = 0; i < pl->ng; i++) {
		const struct plan_entry *e = &pl->g[i];

		fprintf(fp, "  ");
		for (j = 0; j < e->n_ranges && j < 4; j++) {
			range_str(&e->ranges[j], buf, sizeof(buf));
			fprintf(fp, "%s%s", j ? ", " : "", buf);
		}
		if (e->n_ranges > 4)
			fprintf(fp, ", ... (%zu ranges)", e->n_ranges);
		fprintf(fp, "  (%llu address%s, %s)\n",
		    (unsigned long long)e->addresses,
		    e->addresses == 1 ? "" : "es", e->onlink ? "on-link" :
		    "routed");
		if (e->label[0] != '\0')
			fprintf(fp, "    site policy: %s\n", e->label);
		entry_text(e, fp);
		if (e->pkts > 0)
			fprintf(fp, "    most packets for these addresses: "
			    "%llu\n", (unsigned long long)(e->pkts *
			    e->addresses));
	}
	fprintf(fp, "\nKnown hosts (from the inventory):\n");
	if (pl->nh == 0)
		fprintf(fp, "  none\n");
	for (i = 0; i < pl->nh; i++) {
		const struct plan_entry *e = &pl->h[i];

		target_ntoa(e->ip, buf, sizeof(buf));
		fprintf(fp, "  %-15s %-17s %s%s%s%s\n", buf,
		    e->mac[0] != '\0' ? e->mac : "-", e->vendor,
		    e->klass[0] != '\0' ? " (" : "", e->klass,
		    e->klass[0] != '\0' ? ")" : "");
		entry_brief(e, fp);
	}
	fprintf(fp, "\nHeld back:\n");
	for (i = 0; i < pl->ng + pl->nh; i++) {
		const struct plan_entry *e = i < pl->ng ? &pl->g[i] :
		    &pl->h[i - pl->ng];

		if (!e->excluded && e->level >= pl->level &&
		    e->profile[0] == '\0')
			continue;
		held = 1;
		if (e->is_host)
			target_ntoa(e->ip, buf, sizeof(buf));
		else if (e->n_ranges > 0)
			range_str(&e->ranges[0], buf, sizeof(buf));
		else
			strlcpy(buf, "-", sizeof(buf));
		fprintf(fp, "  %-18s%s %-9s %s\n", buf, !e->is_host &&
		    e->n_ranges > 1 ? "+" : " ", e->excluded ? "excluded" :
		    safety_level_name(e->level), e->excluded &&
		    e->label[0] != '\0' ? e->label : e->profile[0] != '\0' ?
		    e->profile : e->label[0] != '\0' ? e->label : e->reason);
	}
	if (!held)
		fprintf(fp, "  none\n");
	fmt_secs(t->seconds, d1, sizeof(d1));
	fmt_secs(t->seconds_max, d2, sizeof(d2));
	fprintf(fp, "\nTotal: %llu addresses, %llu of them get nothing; at "
	    "most %llu packets; expected duration %s (at most %s if every "
	    "probe times out).\n", (unsigned long long)t->addresses,
	    (unsigned long long)t->held, (unsigned long long)t->max_packets,
	    d1, d2);
}
