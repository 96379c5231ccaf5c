/*
 * test-remote.c - the remote-access classification (src/report/remote.c)
 * over hand-built read-model hosts: banner before service name before
 * identity before port; a port whose service is something else is not
 * remote access; UDP never is; the open-only flag and the kinds summary
 * the diagram prints.
 */
#include "config.h"

#include <string.h>

#include "iomt/db.h"
#include "iomt/report.h"
#include "runner.h"

static struct inv_service
svc(const char *proto, int port, const char *state, const char *service,
    const char *banner)
{
	struct inv_service s;

	memset(&s, 0, sizeof(s));
	s.proto = proto;
	s.port = port;
	s.state = state;
	s.service = service;
	s.banner = banner;
	return s;
}

/* Classify one service of h; "-" when it is not remote access. */
static const char *
kind(const struct inv_host *h, struct inv_service s, const char **basis)
{
	static struct report_remote r;

	if (!report_remote_classify(h, &s, &r)) {
		*basis = "-";
		return "-";
	}
	*basis = r.basis;
	return r.kind;
}

TEST_IMPL(report_remote_classify)
{
	struct inv_host	 h;
	struct inv_identity id;
	struct report_remote r[8];
	const char	*b;
	char		 ks[64];

	memset(&h, 0, sizeof(h));
	/* Ports alone, the weakest evidence. */
	ASSERT_STR_EQ(kind(&h, svc("tcp", 22, "open", NULL, NULL), &b), "ssh");
	ASSERT_STR_EQ(b, "port");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 23, "open", NULL, NULL), &b),
	    "telnet");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 3389, "open", NULL, NULL), &b),
	    "rdp");
	for (int p = 5900; p <= 5903; p++)
		ASSERT_STR_EQ(kind(&h, svc("tcp", p, "open", NULL, NULL), &b),
		    "vnc");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 5904, "open", NULL, NULL), &b),
	    "-");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 5938, "open", NULL, NULL), &b),
	    "teamviewer");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 7070, "open", NULL, NULL), &b),
	    "anydesk");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 513, "open", NULL, NULL), &b),
	    "rlogin");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 514, "open", NULL, NULL), &b),
	    "rsh");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 80, "open", NULL, NULL), &b), "-");
	/* UDP is never remote access here (514/udp is syslog). */
	ASSERT_STR_EQ(kind(&h, svc("udp", 514, "open", NULL, NULL), &b), "-");
	ASSERT_STR_EQ(kind(&h, svc("udp", 22, "open", NULL, NULL), &b), "-");

	/* What a service said outranks its port. */
	ASSERT_STR_EQ(kind(&h, svc("tcp", 2222, "open", "ssh",
	    "SSH-2.0-OpenSSH_9.2p1 Debian-2"), &b), "ssh");
	ASSERT_STR_EQ(b, "banner");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 8000, "open", NULL,
	    "RFB 003.008"), &b), "vnc");
	ASSERT_STR_EQ(b, "banner");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 3390, "open", "ms-wbt-server",
	    NULL), &b), "rdp");
	ASSERT_STR_EQ(b, "service");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 2323, "open", "telnet",
	    "\\xff\\xfb\\x01"), &b), "telnet");
	ASSERT_STR_EQ(b, "service");
	/* 5900 answering HTTP, 22 answering FTP: not remote access. */
	ASSERT_STR_EQ(kind(&h, svc("tcp", 5900, "open", "http",
	    "nginx"), &b), "-");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 22, "open", "ftp",
	    "220 FTP server ready"), &b), "-");
	/* A gateway's product name in a banner or Server header. */
	ASSERT(report_remote_classify(&h, &(struct inv_service){ .proto =
	    "tcp", .port = 443, .state = "open", .service = "http",
	    .banner = "Secomea SiteManager" }, &r[0]));
	ASSERT_STR_EQ(r[0].kind, "vendor-gateway");
	ASSERT_STR_EQ(r[0].product, "Secomea SiteManager");
	ASSERT_STR_EQ(r[0].basis, "banner");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 80, "open", "http",
	    "eWON"), &b), "vendor-gateway");
	/* Case matters for "InSite" (a common word otherwise). */
	ASSERT_STR_EQ(kind(&h, svc("tcp", 80, "open", "http",
	    "GE InSite ExC"), &b), "vendor-gateway");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 80, "open", "http",
	    "insite-cms/1.0"), &b), "-");
	ASSERT_EQ(r[0].cleartext, 0);
	ASSERT(report_remote_classify(&h, &(struct inv_service){ .proto =
	    "tcp", .port = 23 }, &r[0]));
	ASSERT_EQ(r[0].cleartext, 1);
	ASSERT_STR_EQ(r[0].name, "Telnet");
	ASSERT_EQ(report_remote_classify(&h, NULL, &r[0]), 0);
	ASSERT_EQ(report_remote_classify(NULL, &(struct inv_service){
	    .proto = "tcp", .port = 22 }, &r[0]), 1);

	/* A host identified as a vendor gateway: each TCP port is a way in,
	 * its own service name still wins. */
	memset(&id, 0, sizeof(id));
	id.vendor = "Secomea";
	id.model = "SiteManager 3339";
	h.identity = &id;
	ASSERT_STR_EQ(kind(&h, svc("tcp", 11444, "open", "https", NULL), &b),
	    "vendor-gateway");
	ASSERT_STR_EQ(b, "identity");
	ASSERT_STR_EQ(kind(&h, svc("tcp", 22, "open", "ssh", NULL), &b),
	    "ssh");
	ASSERT_STR_EQ(kind(&h, svc("udp", 161, "open", "snmp", NULL), &b),
	    "-");
	/* A maker that is not a gateway changes nothing. */
	id.vendor = "GE Healthcare";
	id.model = "CARESCAPE B650";
	ASSERT_STR_EQ(kind(&h, svc("tcp", 80, "open", "http", NULL), &b),
	    "-");

	/* The list, open-only, and the kinds summary. */
	struct inv_service s[] = {
		svc("tcp", 22, "closed", "ssh", "SSH-2.0-x"),
		svc("tcp", 80, "open", "http", NULL),
		svc("tcp", 5900, "open", "vnc", "RFB 003.008"),
		svc("tcp", 5901, "open", NULL, NULL),
		svc("tcp", 23, "open", NULL, NULL),
		svc("udp", 161, "open", "snmp", NULL),
	};
	h.svc = s;
	h.n_svc = sizeof(s) / sizeof(s[0]);
	ASSERT_EQ(report_remote_list(&h, 0, r, 8), 4);
	ASSERT_EQ(r[0].svc, &s[0]);
	ASSERT_EQ(r[1].svc, &s[2]);
	ASSERT_EQ(report_remote_list(&h, REPORT_REMOTE_OPEN, r, 8), 3);
	ASSERT_EQ(r[0].svc, &s[2]);
	ASSERT_EQ(report_remote_list(&h, REPORT_REMOTE_OPEN, NULL, 0), 3);
	ASSERT_EQ(report_remote_list(&h, 0, r, 1), 4);
	ASSERT_STR_EQ(report_remote_kinds(&h, REPORT_REMOTE_OPEN, ks,
	    sizeof(ks)), "vnc, telnet");
	ASSERT_STR_EQ(report_remote_kinds(&h, 0, ks, sizeof(ks)),
	    "ssh, vnc, telnet");
	/* Too small: what fits, whole items only. */
	ASSERT_STR_EQ(report_remote_kinds(&h, 0, ks, 9), "ssh, vnc");
	ASSERT_STR_EQ(report_remote_kinds(&h, 0, ks, 4), "ssh");
	h.n_svc = 2;
	ASSERT_STR_EQ(report_remote_kinds(&h, REPORT_REMOTE_OPEN, ks,
	    sizeof(ks)), "");
	return 0;
}
