/*
 * src/report/remote.c - which services of a host are a way in from
 * outside: remote screens (VNC, RDP), remote shells (SSH, Telnet, the
 * BSD r-commands), remote-support tools (TeamViewer, AnyDesk, Radmin,
 * pcAnywhere, DameWare) and vendor remote-service gateways (Secomea,
 * Ewon, Siemens Healthineers Smart Remote Services, GE InSite, Philips
 * Remote Services, Axeda agents, BeyondTrust/Bomgar appliances).
 *
 * Hospitals are asked which devices have a remote-maintenance line
 * (MHLW checklist 2-2; MDS2 RMOT-1, CONN-4), and one answer must serve
 * `remote`, the diagram and every other view, so the list lives here
 * once.  What a service said about itself outranks its port number: a
 * banner ("SSH-", "RFB ", a gateway's product name in a banner or Server
 * header), then the service name a probe recorded, then what
 * identification concluded about the whole host (a host identified as
 * a vendor gateway offers remote service on each of its TCP ports), and
 * only then the conventional port.  A port whose service is known to be
 * something else (5900 answering HTTP) is not called remote access.
 * Each result says which of these it rests on, so a reader can weigh a
 * port-only guess.  Only TCP services count: every listed protocol is
 * TCP.  Pure functions over the read model; nothing is allocated.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "report-int.h"

/* The kinds of remote access, with what people call them. */
static const struct remote_kind {
	const char	*kind;
	const char	*name;
	int		 cleartext;
} kinds[] = {
	{ "ssh", "SSH", 0 },
	{ "telnet", "Telnet", 1 },
	{ "rlogin", "rlogin", 1 },
	{ "rsh", "rsh", 1 },
	{ "rexec", "rexec", 1 },
	{ "rdp", "Remote Desktop (RDP)", 0 },
	{ "vnc", "VNC", 0 },
	{ "teamviewer", "TeamViewer", 0 },
	{ "anydesk", "AnyDesk", 0 },
	{ "radmin", "Radmin", 0 },
	{ "pcanywhere", "pcAnywhere", 0 },
	{ "dameware", "DameWare Mini Remote Control", 0 },
	{ "vendor-gateway", "vendor remote-service gateway", 0 },
};

/* Conventional ports (IANA, nmap-services); the weakest evidence. */
static const struct {
	int		 port;
	const char	*kind;
} ports[] = {
	{ 22, "ssh" }, { 23, "telnet" }, { 512, "rexec" }, { 513, "rlogin" },
	{ 514, "rsh" }, { 3389, "rdp" }, { 4899, "radmin" },
	{ 5631, "pcanywhere" }, { 5900, "vnc" }, { 5901, "vnc" },
	{ 5902, "vnc" }, { 5903, "vnc" }, { 5938, "teamviewer" },
	{ 6129, "dameware" }, { 7070, "anydesk" },
};

/* Service names probes and nmap-services use for them. */
static const struct {
	const char	*service;
	const char	*kind;
} services[] = {
	{ "ssh", "ssh" }, { "telnet", "telnet" }, { "vnc", "vnc" },
	{ "rfb", "vnc" }, { "rdp", "rdp" }, { "ms-wbt-server", "rdp" },
	{ "teamviewer", "teamviewer" }, { "anydesk", "anydesk" },
	{ "login", "rlogin" }, { "rlogin", "rlogin" }, { "shell", "rsh" },
	{ "rsh", "rsh" }, { "exec", "rexec" }, { "rexec", "rexec" },
	{ "radmin", "radmin" }, { "pcanywheredata", "pcanywhere" },
	{ "dameware", "dameware" },
};

/*
 * Product names in a banner, Server header or identity.  icase 0 where
 * the word is common in other senses ("InSite").
 */
static const struct {
	const char	*needle;
	int		 icase;
	const char	*kind;
	const char	*product;
} products[] = {
	{ "TeamViewer", 1, "teamviewer", "TeamViewer" },
	{ "AnyDesk", 1, "anydesk", "AnyDesk" },
	{ "Radmin", 1, "radmin", "Radmin" },
	{ "pcAnywhere", 1, "pcanywhere", "pcAnywhere" },
	{ "DameWare", 1, "dameware", "DameWare" },
	{ "Secomea", 1, "vendor-gateway", "Secomea SiteManager" },
	{ "SiteManager", 0, "vendor-gateway", "Secomea SiteManager" },
	{ "eWON", 1, "vendor-gateway", "HMS Ewon (Talk2M)" },
	{ "Talk2M", 1, "vendor-gateway", "HMS Ewon (Talk2M)" },
	{ "Smart Remote Services", 1, "vendor-gateway",
	    "Siemens Healthineers Smart Remote Services" },
	{ "InSite", 0, "vendor-gateway", "GE Healthcare InSite" },
	{ "Philips Remote Services", 1, "vendor-gateway",
	    "Philips Remote Services" },
	{ "Axeda", 1, "vendor-gateway", "Axeda remote-service agent" },
	{ "Bomgar", 1, "vendor-gateway", "BeyondTrust (Bomgar) remote support" },
	{ "BeyondTrust", 1, "vendor-gateway",
	    "BeyondTrust (Bomgar) remote support" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct remote_kind *
kind_get(const char *kind)
{
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

static int
has(const char *hay, const char *needle, int icase)
{
	size_t	 n = strlen(needle);

	if (hay == NULL)
		return 0;
	if (!icase)
		return strstr(hay, needle) != NULL;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The product table entry s names, or -1. */
static int
product_in(const char *s)
{
	for (size_t i = 0; s != NULL && i < NELEM(products); i++)
		if (has(s, products[i].needle, products[i].icase))
			return (int)i;
	return -1;
}

static void
fill(struct report_remote *out, const struct inv_service *s,
    const char *kind, const char *basis, const char *product)
{
	const struct remote_kind *k = kind_get(kind);

	out->svc = s;
	out->kind = k->kind;
	out->name = k->name;
	out->cleartext = k->cleartext;
	out->basis = basis;
	out->product = product;
}

int
report_remote_classify(const struct inv_host *h, const struct inv_service *s,
    struct report_remote *out)
{
	const struct inv_identity *id;
	const char	*b;
	int		 p;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (s == NULL || out == NULL || s->proto == NULL ||
	    strcmp(s->proto, "tcp") != 0)
		return 0;
	b = s->banner;
	if (b != NULL && strncmp(b, "SSH-", 4) == 0) {
		fill(out, s, "ssh", "banner", NULL);
		return 1;
	}
	if (b != NULL && strncmp(b, "RFB ", 4) == 0) {
		fill(out, s, "vnc", "banner", NULL);
		return 1;
	}
	if ((p = product_in(b)) >= 0) {
		fill(out, s, products[p].kind, "banner", products[p].product);
		return 1;
	}
	if (s->service != NULL && s->service[0] != '\0') {
		for (size_t i = 0; i < NELEM(services); i++)
			if (strcmp(services[i].service, s->service) == 0) {
				fill(out, s, services[i].kind, "service",
				    NULL);
				return 1;
			}
	}
	id = h != NULL ? h->identity : NULL;
	if (id != NULL && ((p = product_in(id->model)) >= 0 ||
	    (p = product_in(id->vendor)) >= 0) &&
	    strcmp(products[p].kind, "vendor-gateway") == 0) {
		fill(out, s, products[p].kind, "identity",
		    products[p].product);
		return 1;
	}
	/* A service that named itself as something else is not remote
	 * access because of its port. */
	if (s->service != NULL && s->service[0] != '\0')
		return 0;
	for (size_t i = 0; i < NELEM(ports); i++)
		if (ports[i].port == s->port) {
			fill(out, s, ports[i].kind, "port", NULL);
			return 1;
		}
	return 0;
}

size_t
report_remote_list(const struct inv_host *h, unsigned flags,
    struct report_remote *out, size_t max)
{
	struct report_remote r;
	size_t		 n = 0;

	if (h == NULL)
		return 0;
	for (size_t i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];

		if ((flags & REPORT_REMOTE_OPEN) != 0 && (s->state == NULL ||
		    strcmp(s->state, "open") != 0))
			continue;
		if (!report_remote_classify(h, s, &r))
			continue;
		if (out != NULL && n < max)
			out[n] = r;
		n++;
	}
	return n;
}

const char *
report_remote_kinds(const struct inv_host *h, unsigned flags, char *dst,
    size_t dsize)
{
	struct report_remote r;
	size_t		 len = 0;

	if (dst == NULL || dsize == 0)
		return "";
	dst[0] = '\0';
	for (size_t i = 0; h != NULL && i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];
		const char *k;
		size_t	 kl;
		int	 dup = 0;

		if ((flags & REPORT_REMOTE_OPEN) != 0 && (s->state == NULL ||
		    strcmp(s->state, "open") != 0))
			continue;
		if (!report_remote_classify(h, s, &r))
			continue;
		k = r.kind;
		kl = strlen(k);
		/* Already listed?  Compare whole items of "a, b". */
		for (const char *c = dst; *c != '\0' && !dup;) {
			const char *e = strstr(c, ", ");
			size_t	 cl = e != NULL ? (size_t)(e - c) : strlen(c);

			dup = cl == kl && strncmp(c, k, kl) == 0;
			c = e != NULL ? e + 2 : c + cl;
		}
		if (dup || len + (len > 0 ? 2 : 0) + kl + 1 > dsize)
			continue;
		if (len > 0) {
			memcpy(dst + len, ", ", 2);
			len += 2;
		}
		memcpy(dst + len, k, kl + 1);
		len += kl;
	}
	return dst;
}
