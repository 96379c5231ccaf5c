/*
 * test-proto.c - golden-fixture and unit tests of the standard probes.
 *
 * Each directory tests/fixtures/proto/<probe>/ holds recorded or hand-built
 * replies, <case>.bin (every byte the server sent on the connection, or
 * one datagram for UDP), each with <case>.expect:
 *
 *	# comment
 *	@port=8080		target port (default: the probe's first)
 *	@end=timeout		how the reply ends: eof (default) or timeout
 *	@again=smb1		proto_again() argument before start()
 *	@snmp_id=439041101	SNMP request-id the probe must use
 *	@community=private	first SNMP community
 *	@called_ae=STORESCP	DICOM called AE title
 *	result=done		how input() finished: done, error, ignored
 *	error=EPROTO		... or with which error (EPROTO, ETRUNC)
 *	nsent=1			number of messages input() asked to send
 *	sent.0=05000000...	exact bytes of that message (hex)
 *	sentprefix.0=fe534d42	its first bytes
 *	key=value		observation that must be present, exactly
 *	!key			observation that must be absent
 *
 * Every case is replayed as the engine (src/engine/tcp.c) drives a probe: all
 * bytes at once, then byte by byte; both must meet the expectations.
 * Every case is also cut at every offset and ended early, which must
 * finish cleanly with printable observations.  Requests are checked
 * against the exact bytes in docs/PROBES.md and the specifications each
 * probe file cites.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"
#include "runner.h"

/* The copyable example probe, docs/probe-template.c (not registered). */
extern const struct probe_ops probe_template;

#define FX_MAX		(70 * 1024)
#define FX_SENDS	8
#define FX_LINES	64

struct fx_run {
	int		 r;		/* last input() result */
	int		 ignored;	/* UDP reply not ours (PROBE_MORE) */
	int		 nsent;
	uint8_t		 sent[FX_SENDS][256];
	size_t		 sentn[FX_SENDS];
	struct kvset	 obs;
};

struct fx_opts {
	uint16_t	 port;
	unsigned	 end;		/* PROBE_IN_EOF or PROBE_IN_TIMEOUT */
	char		 again[HTTP_PATH_MAX];
	int32_t		 snmp_id;
	char		 community[64];
	char		 called_ae[20];
};

static _Alignas(max_align_t) uint8_t fx_state[4096];

/* A small decimal number from test data, or -1. */
static int
atoi_ok(const char *s)
{
	long long	 x;

	return parse_ll(s, 0, 1 << 30, &x) == 0 ? (int)x : -1;
}

static int
read_file(const char *path, uint8_t *buf, size_t cap, size_t *n)
{
	FILE	*f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	*n = fread(buf, 1, cap, f);
	fclose(f);
	return 0;
}

/* Every observation value printable ASCII (device bytes escaped). */
static int
obs_printable(const struct kvset *o)
{
	size_t	 i;
	const char *v;

	for (i = 0; i < o->n; i++)
		for (v = kv_val(o, i); *v != '\0'; v++)
			if ((unsigned char)*v < 0x20 ||
			    (unsigned char)*v > 0x7e)
				return 0;
	return 1;
}

/*
 * Replay data through probe p as the engine would: step bytes at a time
 * (0: all at once), then the end event.  Return 0, or -1 if the probe
 * broke the interface contract.
 */
static int
fx_replay(const struct probe_ops *p, const struct fx_opts *fo,
    const uint8_t *data, size_t size, size_t step, struct fx_run *run)
{
	const char	*comms[2] = { "public", NULL };
	struct probe_config cfg = { "ANY-SCP", "IOMTSCAN", comms, 16384 };
	struct probe_target t;
	uint8_t		 out[2048];
	size_t		 outn = 0, len = 0;
	int		 i, r;
	unsigned	 flags;

	memset(run, 0, sizeof(*run));
	kv_reset(&run->obs);
	if (fo->community[0] != '\0')
		comms[0] = fo->community;
	if (fo->called_ae[0] != '\0')
		cfg.dicom_called_ae = fo->called_ae;
	memset(&t, 0, sizeof(t));
	t.ip = 0xc6120005;		/* 198.18.0.5 */
	t.ip_str = "198.18.0.5";
	t.port = fo->port != 0 ? fo->port : p->ports[0];
	t.proto = (p->flags & PROBE_F_UDP) ? "udp" : "tcp";
	t.cfg = &cfg;
	memset(fx_state, 0, sizeof(fx_state));
	if (fo->again[0] != '\0' && proto_again(p, fx_state, fo->again) != 0)
		return -1;
	if (fo->snmp_id != 0)
		snmp_set_request_id(fx_state, fo->snmp_id);
	r = p->start(fx_state, &t, out, sizeof(out), &outn);
	if (r < 0)
		return -1;
	if (p->flags & PROBE_F_UDP) {
		/* One datagram, or (size 0) the read timer firing. */
		run->r = p->input(fx_state, &t, data, size, size > 0 ? 0 :
		    fo->end, &run->obs, out, sizeof(out), &outn);
		run->ignored = run->r == PROBE_MORE;
		return obs_printable(&run->obs) ? 0 : -1;
	}
	if (size > p->max_reply)
		size = p->max_reply;
	if (step == 0)
		step = size > 0 ? size : 1;
	flags = 0;
	for (i = 0; i < 4 * FX_MAX; i++) {
		if (len < size)
			len = size - len < step ? size : len + step;
		else if (flags == 0 && run->r != PROBE_SEND)
			flags = fo->end;
		outn = 0;
		r = p->input(fx_state, &t, data, len, flags, &run->obs, out,
		    sizeof(out), &outn);
		run->r = r;
		if (outn > sizeof(out))
			return -1;
		if (r == PROBE_SEND) {
			if (outn == 0 || run->nsent >= FX_SENDS)
				return -1;
			run->sentn[run->nsent] = outn < 256 ? outn : 256;
			memcpy(run->sent[run->nsent], out,
			    run->sentn[run->nsent]);
			run->nsent++;
			continue;
		}
		if (r == PROBE_MORE && flags != 0) {
			run->r = PROBE_DONE;	/* as the engine does */
			break;
		}
		if (r == PROBE_DONE || r < 0)
			break;
		if (r != PROBE_MORE)
			return -1;
	}
	if (i == 4 * FX_MAX)
		return -1;
	return obs_printable(&run->obs) ? 0 : -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Compare run's message i (or its prefix) with hex text. */
static int
sent_matches(const struct fx_run *run, int i, const char *hex, int prefix)
{
	size_t	 n = strlen(hex) / 2, k;

	if (i < 0 || i >= run->nsent)
		return 0;
	if (prefix ? n > run->sentn[i] : n != run->sentn[i])
		return 0;
	for (k = 0; k < n; k++)
		if (hexval(hex[2 * k]) * 16 + hexval(hex[2 * k + 1]) !=
		    run->sent[i][k])
			return 0;
	return 1;
}

static const char *
err_name(int r)
{
	switch (r) {
	case IOMT_EPROTO:
		return "EPROTO";
	case IOMT_ETRUNC:
		return "ETRUNC";
	case IOMT_ELIMIT:
		return "ELIMIT";
	case IOMT_EINVAL:
		return "EINVAL";
	default:
		return "other";
	}
}

/* Check one expectation line against a run; print why on failure. */
static int
fx_check_line(const char *name, const char *mode, const char *line,
    const struct fx_run *run)
{
	const char	*eq = strchr(line, '='), *v;
	char		 key[64];
	size_t		 kl;

	if (line[0] == '!') {
		if (kv_get(&run->obs, line + 1) == NULL)
			return 0;
		fprintf(stderr, "  %s (%s): %s present: %s\n", name, mode,
		    line + 1, kv_get(&run->obs, line + 1));
		return -1;
	}
	if (eq == NULL || (kl = (size_t)(eq - line)) >= sizeof(key)) {
		fprintf(stderr, "  %s: bad expect line: %s\n", name, line);
		return -1;
	}
	memcpy(key, line, kl);
	key[kl] = '\0';
	v = eq + 1;
	if (strcmp(key, "result") == 0) {
		const char *got = run->ignored ? "ignored" :
		    run->r == PROBE_DONE ? "done" : run->r < 0 ? "error" :
		    "other";

		if (strcmp(got, v) == 0)
			return 0;
		fprintf(stderr, "  %s (%s): result %s, want %s (r=%d)\n", name,
		    mode, got, v, run->r);
		return -1;
	}
	if (strcmp(key, "error") == 0) {
		if (run->r < 0 && strcmp(err_name(run->r), v) == 0)
			return 0;
		fprintf(stderr, "  %s (%s): r=%d (%s), want error %s\n", name,
		    mode, run->r, run->r < 0 ? err_name(run->r) : "-", v);
		return -1;
	}
	if (strcmp(key, "nsent") == 0) {
		if (run->nsent == atoi_ok(v))
			return 0;
		fprintf(stderr, "  %s (%s): nsent %d, want %s\n", name, mode,
		    run->nsent, v);
		return -1;
	}
	if (strncmp(key, "sent.", 5) == 0 || strncmp(key, "sentprefix.", 11) ==
	    0) {
		int	 pre = key[4] != '.';
		int	 i = atoi_ok(key + (pre ? 11 : 5));

		if (sent_matches(run, i, v, pre))
			return 0;
		fprintf(stderr, "  %s (%s): %s differs\n", name, mode, key);
		return -1;
	}
	if (kv_get(&run->obs, key) != NULL &&
	    strcmp(kv_get(&run->obs, key), v) == 0)
		return 0;
	fprintf(stderr, "  %s (%s): %s = \"%s\", want \"%s\"\n", name, mode,
	    key, kv_get(&run->obs, key) ? kv_get(&run->obs, key) : "(none)",
	    v);
	return -1;
}

struct fx_expect {
	struct fx_opts	 opts;
	char		 lines[FX_LINES][HTTP_PATH_MAX + 64];
	int		 n;
	int		 want_error;	/* an error result is expected */
};

static int
fx_load_expect(const char *path, struct fx_expect *ex)
{
	FILE		*f = fopen(path, "r");
	char		 line[sizeof(ex->lines[0])];
	long long	 x;

	memset(ex, 0, sizeof(*ex));
	ex->opts.end = PROBE_IN_EOF;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (strncmp(line, "@port=", 6) == 0 &&
		    parse_ll(line + 6, 1, 65535, &x) == 0)
			ex->opts.port = (uint16_t)x;
		else if (strcmp(line, "@end=timeout") == 0)
			ex->opts.end = PROBE_IN_TIMEOUT;
		else if (strcmp(line, "@end=eof") == 0)
			ex->opts.end = PROBE_IN_EOF;
		else if (strncmp(line, "@again=", 7) == 0)
			strlcpy(ex->opts.again, line + 7,
			    sizeof(ex->opts.again));
		else if (strncmp(line, "@snmp_id=", 9) == 0 &&
		    parse_ll(line + 9, 1, INT32_MAX, &x) == 0)
			ex->opts.snmp_id = (int32_t)x;
		else if (strncmp(line, "@community=", 11) == 0)
			strlcpy(ex->opts.community, line + 11,
			    sizeof(ex->opts.community));
		else if (strncmp(line, "@called_ae=", 11) == 0)
			strlcpy(ex->opts.called_ae, line + 11,
			    sizeof(ex->opts.called_ae));
		else if (line[0] == '@') {
			fclose(f);
			return -1;
		} else if (ex->n < FX_LINES) {
			if (strncmp(line, "error=", 6) == 0 ||
			    strcmp(line, "result=error") == 0)
				ex->want_error = 1;
			strlcpy(ex->lines[ex->n++], line, sizeof(ex->lines[0]));
		}
	}
	fclose(f);
	return 0;
}

static uint8_t fx_data[FX_MAX];

/*
 * Run every case in tests/fixtures/proto/<probe>/.  Return the number of
 * failures; *ncases counts the cases.
 */
static int
fx_run_dir(const char *probe, int *ncases)
{
	const struct probe_ops *p = probe_find(probe);
	struct fx_expect *ex;
	struct fx_run	*run;
	struct dirent	**names = NULL;
	char		 dir[1024], path[1200], ename[1200];
	size_t		 size, cut;
	int		 n, i, j, fails = 0;

	*ncases = 0;
	if (p == NULL) {
		fprintf(stderr, "  no probe %s\n", probe);
		return 1;
	}
	ex = calloc(1, sizeof(*ex));
	run = calloc(1, sizeof(*run));
	if (ex == NULL || run == NULL)
		abort();
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/proto/%s", test_srcdir(),
	    probe);
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "  cannot read %s\n", dir);
		fails = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		size_t	 l = strlen(nm);

		if (l < 5 || strcmp(nm + l - 4, ".bin") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, nm);
		snprintf(ename, sizeof(ename), "%s/%.*s.expect", dir,
		    (int)(l - 4), nm);
		if (read_file(path, fx_data, sizeof(fx_data), &size) != 0 ||
		    fx_load_expect(ename, ex) != 0) {
			fprintf(stderr, "  %s: missing or bad .expect\n", nm);
			fails++;
			continue;
		}
		(*ncases)++;
		/* All at once, then byte by byte (TCP only). */
		for (cut = 0; cut < 2; cut++) {
			const char *mode = cut == 0 ? "whole" : "bytewise";

			if (cut == 1 && ((p->flags & PROBE_F_UDP) ||
			    size > 4096))
				break;
			if (fx_replay(p, &ex->opts, fx_data, size, cut, run) !=
			    0) {
				fprintf(stderr, "  %s (%s): contract broken\n",
				    nm, mode);
				fails++;
				continue;
			}
			if (!ex->want_error && run->r < 0)
				fprintf(stderr, "  %s (%s): error %s\n", nm,
				    mode, err_name(run->r));
			for (j = 0; j < ex->n; j++)
				if (fx_check_line(nm, mode, ex->lines[j],
				    run) != 0)
					fails++;
		}
		/* Cut everywhere: must end cleanly, never hang or crash. */
		for (cut = 0; cut < size && cut < 2048; cut++) {
			if (fx_replay(p, &ex->opts, fx_data, cut, 0, run) == 0)
				continue;
			fprintf(stderr, "  %s: cut at %zu broke the "
			    "contract\n", nm, cut);
			fails++;
			break;
		}
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ex);
	free(run);
	return fails;
}

#define FX_TEST(name, probe, min)					\
TEST_IMPL(name)								\
{									\
	int	 ncases;						\
									\
	ASSERT_EQ(fx_run_dir(probe, &ncases), 0);			\
	ASSERT_GE(ncases, min);						\
	return 0;							\
}

FX_TEST(proto_fixtures_dicom, "dicom-assoc", 10)
FX_TEST(proto_fixtures_http, "http-get", 8)
FX_TEST(proto_fixtures_snmp, "snmp-get", 6)
FX_TEST(proto_fixtures_smb, "smb-negotiate", 6)
FX_TEST(proto_fixtures_rdp, "rdp-x224", 5)
FX_TEST(proto_fixtures_mqtt, "mqtt-connect", 5)
FX_TEST(proto_fixtures_hl7_mllp, "hl7-mllp", 4)
FX_TEST(proto_fixtures_hl7_nmq, "hl7-nmq", 3)

/* ---- requests: exact bytes ---------------------------------------- */

static int
bytes_eq_file(const uint8_t *b, size_t n, const char *rel)
{
	static uint8_t	 want[4096];
	char		 path[1024];
	size_t		 wn;

	snprintf(path, sizeof(path), "%s/tests/fixtures/proto/%s", test_srcdir(),
	    rel);
	if (read_file(path, want, sizeof(want), &wn) != 0) {
		fprintf(stderr, "  cannot read %s\n", path);
		return 0;
	}
	if (wn != n || memcmp(want, b, n) != 0) {
		fprintf(stderr, "  %s: %zu bytes built, %zu expected\n", rel, n,
		    wn);
		return 0;
	}
	return 1;
}

TEST_IMPL(proto_request_bytes)
{
	static const char *const sys3[] = { "1.3.6.1.2.1.1.1.0",
	    "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0" };
	static const char *const sys4[] = { "1.3.6.1.2.1.1.1.0",
	    "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0" };
	static const uint8_t rdp[] = { 0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x03, 0x00,
	    0x00, 0x00 };
	uint8_t		 b[1024], salt[32];
	ssize_t		 n;
	size_t		 i;

	/* DICOM: 175 + L bytes of PDU-length (PS3.8 9.3.2, docs/PROBES.md). */
	n = dicom_build_assoc_rq(b, sizeof(b), "ANY-SCP", "IOMTSCAN");
	ASSERT_EQ(n, 181 + strlen(DICOM_IMPL_UID));
	ASSERT_EQ(b[5], 175 + strlen(DICOM_IMPL_UID));
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/dicom-assoc-rq.bin"));
	ASSERT_EQ(dicom_build_assoc_rq(b, sizeof(b), "", "IOMTSCAN"),
	    IOMT_EINVAL);
	ASSERT_EQ(dicom_build_assoc_rq(b, sizeof(b), "SEVENTEEN-CHARS-X",
	    "IOMTSCAN"), IOMT_EINVAL);
	ASSERT_EQ(dicom_build_assoc_rq(b, sizeof(b), "A\\B", "IOMTSCAN"),
	    IOMT_EINVAL);
	ASSERT_EQ(dicom_build_assoc_rq(b, 100, "ANY-SCP", "IOMTSCAN"),
	    IOMT_ELIMIT);
	/* SNMP: the 71-byte v1 reference (docs/PROBES.md), and ours. */
	n = snmp_build_get(b, sizeof(b), SNMP_V1, "public", 0x1a2b3c4d, sys3,
	    3);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/snmp-v1-ref.bin"));
	n = snmp_build_get(b, sizeof(b), SNMP_V2C, "public", 0x1a2b3c4d, sys4,
	    4);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/snmp-get-v2c.bin"));
	ASSERT_EQ(snmp_build_get(b, 40, SNMP_V2C, "public", 1, sys4, 4),
	    IOMT_ELIMIT);
	ASSERT_EQ(snmp_build_get(b, sizeof(b), 3, "public", 1, sys4, 4),
	    IOMT_EINVAL);
	/* HTTP. */
	n = http_build_get(b, sizeof(b), "198.18.0.5", 8080, NULL);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/http-get-8080.txt"));
	ASSERT_EQ(http_build_get(b, sizeof(b), "198.18.0.5", 80, "/a b"),
	    IOMT_EINVAL);
	ASSERT_EQ(http_build_get(b, sizeof(b), "198.18.0.5", 80, "x"),
	    IOMT_EINVAL);
	/* SMB. */
	n = smb_build_negotiate1(b, sizeof(b), 0);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/smb1-negotiate.bin"));
	n = smb_build_negotiate1(b, sizeof(b), 1);
	ASSERT(bytes_eq_file(b, (size_t)n,
	    "requests/smb1-negotiate-only.bin"));
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	n = smb_build_negotiate2(b, sizeof(b), salt, 1);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/smb2-negotiate.bin"));
	/* RDP: [MS-RDPBCGR] 2.2.1.1, as in docs/PROBES.md. */
	n = rdp_build_cr(b, sizeof(b));
	ASSERT_EQ(n, sizeof(rdp));
	ASSERT(memcmp(b, rdp, sizeof(rdp)) == 0);
	/* MQTT. */
	n = mqtt_build_connect(b, sizeof(b), "iomtscan0badf00d", 10);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/mqtt-connect.bin"));
	ASSERT_EQ(mqtt_build_connect(b, sizeof(b), "iomtscan-x", 10),
	    IOMT_EINVAL);
	/* HL7: the 101-byte frame of docs/PROBES.md, "hl7-nmq". */
	n = hl7_build_nmq(b, sizeof(b), "20260101120000", "IOMTSCAN-0001");
	ASSERT_EQ(n, 101);
	ASSERT(bytes_eq_file(b, (size_t)n, "requests/hl7-nmq.bin"));
	ASSERT_EQ(hl7_build_nmq(b, sizeof(b), "2026", "IOMTSCAN-0001"),
	    IOMT_EINVAL);
	return 0;
}

/* ---- units -------------------------------------------------------- */

TEST_IMPL(proto_rd_sticky)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	    0x08, 0x09 };
	struct reader	 r, sub;
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u32;
	uint64_t	 u64;
	const uint8_t	*p;

	reader_init(&r, b, sizeof(b));
	ASSERT_EQ(reader_be16(&r, &u16), 0);
	ASSERT_EQ(u16, 0x0102);
	ASSERT_EQ(reader_le16(&r, &u16), 0);
	ASSERT_EQ(u16, 0x0403);
	ASSERT_EQ(reader_be32(&r, &u32), 0);
	ASSERT_EQ(u32, 0x05060708);
	ASSERT_EQ(reader_remaining(&r), 1);
	ASSERT_EQ(reader_le32(&r, &u32), IOMT_ETRUNC);
	ASSERT_EQ(u32, 0);
	/* Sticky: a 1-byte read now fails too. */
	ASSERT_EQ(reader_u8(&r, &u8), IOMT_ETRUNC);
	ASSERT_EQ(reader_remaining(&r), 0);
	reader_init(&r, b, sizeof(b));
	ASSERT_EQ(reader_le64(&r, &u64), 0);
	ASSERT_EQ(u64, 0x0807060504030201ULL);
	ASSERT_EQ(reader_sub(&r, &sub, 2), IOMT_ETRUNC);
	ASSERT_EQ(reader_remaining(&sub), 0);
	reader_init(&r, b, sizeof(b));
	ASSERT_EQ(reader_sub(&r, &sub, 3), 0);
	ASSERT_EQ(reader_skip(&sub, 3), 0);
	ASSERT_EQ(reader_u8(&sub, &u8), IOMT_ETRUNC);
	ASSERT_EQ(reader_u8(&r, &u8), 0);
	ASSERT_EQ(u8, 0x04);
	ASSERT_EQ(reader_bytes(&r, &p, 5), 0);
	ASSERT(p == b + 4);
	ASSERT_EQ(reader_bytes(&r, &p, 1), IOMT_ETRUNC);
	ASSERT_NULL(p);
	/* Huge lengths never wrap around. */
	reader_init(&r, b, sizeof(b));
	ASSERT_EQ(reader_skip(&r, 1), 0);
	ASSERT_EQ(reader_skip(&r, (size_t)-1), IOMT_ETRUNC);
	reader_init(&r, NULL, 5);
	ASSERT_EQ(reader_remaining(&r), 0);
	ASSERT_EQ(reader_bytes(&r, &p, 0), 0);
	return 0;
}

TEST_IMPL(proto_snmp_oid)
{
	static const uint8_t nsnmp[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0xbf,
	    0x08, 0x03, 0x02, 0x0a };
	static const uint8_t bad_lead[] = { 0x2b, 0x80, 0x01 };
	static const uint8_t unterminated[] = { 0x2b, 0x86 };
	static const uint8_t too_big[] = { 0x2b, 0x90, 0x80, 0x80, 0x80,
	    0x00 };
	uint8_t		 b[64];
	char		 t[SNMP_OID_TEXT_MAX];
	ssize_t		 n;

	ASSERT_EQ(snmp_oid_decode(nsnmp, sizeof(nsnmp), t, sizeof(t)), 0);
	ASSERT_STR_EQ(t, "1.3.6.1.4.1.8072.3.2.10");
	n = snmp_oid_encode("1.3.6.1.4.1.8072.3.2.10", b, sizeof(b));
	ASSERT_EQ(n, sizeof(nsnmp));
	ASSERT(memcmp(b, nsnmp, sizeof(nsnmp)) == 0);
	ASSERT_EQ(snmp_oid_decode(bad_lead, sizeof(bad_lead), t, sizeof(t)),
	    IOMT_EPROTO);
	ASSERT_EQ(snmp_oid_decode(unterminated, sizeof(unterminated), t,
	    sizeof(t)), IOMT_EPROTO);
	ASSERT_EQ(snmp_oid_decode(too_big, sizeof(too_big), t, sizeof(t)),
	    IOMT_EPROTO);
	ASSERT_EQ(snmp_oid_decode(nsnmp, 0, t, sizeof(t)), IOMT_EPROTO);
	ASSERT_EQ(snmp_oid_decode(nsnmp, sizeof(nsnmp), t, 8), IOMT_ELIMIT);
	n = snmp_oid_encode("2.999.4294967295", b, sizeof(b));
	ASSERT_GE(n, 1);
	ASSERT_EQ(snmp_oid_decode(b, (size_t)n, t, sizeof(t)), 0);
	ASSERT_STR_EQ(t, "2.999.4294967295");
	ASSERT_EQ(snmp_oid_encode("1", b, sizeof(b)), IOMT_EINVAL);
	ASSERT_EQ(snmp_oid_encode("3.1", b, sizeof(b)), IOMT_EINVAL);
	ASSERT_EQ(snmp_oid_encode("1.40", b, sizeof(b)), IOMT_EINVAL);
	ASSERT_EQ(snmp_oid_encode("1.3..6", b, sizeof(b)), IOMT_EINVAL);
	ASSERT_EQ(snmp_oid_encode("1.3.4294967296", b, sizeof(b)),
	    IOMT_EINVAL);
	ASSERT_EQ(snmp_oid_encode("1.3.6.1", b, 2), IOMT_ELIMIT);
	return 0;
}

TEST_IMPL(proto_snmp_ber_strict)
{
	/* Indefinite length on the outer SEQUENCE. */
	static const uint8_t indef[] = { 0x30, 0x80, 0x02, 0x01, 0x01, 0x00,
	    0x00 };
	/* A five-octet length (claims about 4 GB). */
	static const uint8_t longlen[] = { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00,
	    0x00, 0x02, 0x01, 0x01 };
	/* A four-octet length claiming 4 GB. */
	static const uint8_t huge[] = { 0x30, 0x84, 0xff, 0xff, 0xff, 0xff,
	    0x02, 0x01, 0x01 };
	/* Multi-byte tag. */
	static const uint8_t hightag[] = { 0x3f, 0x81, 0x01, 0x00 };
	struct kvset	 o;

	kv_reset(&o);
	ASSERT_EQ(snmp_parse_response(indef, sizeof(indef), NULL, &o),
	    IOMT_EPROTO);
	ASSERT_EQ(snmp_parse_response(longlen, sizeof(longlen), NULL, &o),
	    IOMT_EPROTO);
	ASSERT_EQ(snmp_parse_response(huge, sizeof(huge), NULL, &o),
	    IOMT_ETRUNC);
	ASSERT_EQ(snmp_parse_response(hightag, sizeof(hightag), NULL, &o),
	    IOMT_EPROTO);
	ASSERT_EQ(snmp_parse_response(NULL, 0, NULL, &o), IOMT_ETRUNC);
	ASSERT_EQ(o.n, 0);
	return 0;
}

TEST_IMPL(proto_http_redirect)
{
	char	 p[HTTP_PATH_MAX];

	ASSERT_EQ(http_redirect_path("/login.htm", "198.18.0.5", 80, p,
	    sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/login.htm");
	ASSERT_EQ(http_redirect_path("http://198.18.0.5/a?b=1#frag",
	    "198.18.0.5", 80, p, sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/a?b=1");
	ASSERT_EQ(http_redirect_path("HTTP://198.18.0.5:8080", "198.18.0.5",
	    8080, p, sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/");
	ASSERT_EQ(http_redirect_path("http://198.18.0.5:80/x", "198.18.0.5",
	    80, p, sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/x");
	ASSERT_EQ(http_redirect_path("index.html", "198.18.0.5", 80, p,
	    sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/index.html");
	ASSERT_EQ(http_redirect_path("//198.18.0.5/y", "198.18.0.5", 80, p,
	    sizeof(p)), 0);
	ASSERT_STR_EQ(p, "/y");
	/* Off-host, other port, other scheme, user info: never followed. */
	ASSERT_EQ(http_redirect_path("http://198.18.0.6/", "198.18.0.5", 80,
	    p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("http://198.18.0.5:8080/", "198.18.0.5",
	    80, p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("https://198.18.0.5/", "198.18.0.5", 80,
	    p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("http://x@198.18.0.5/", "198.18.0.5", 80,
	    p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("http://198.18.0.50/", "198.18.0.5", 80,
	    p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("//evil.example/", "198.18.0.5", 80, p,
	    sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("javascript:alert(1)", "198.18.0.5", 80,
	    p, sizeof(p)), IOMT_EDENIED);
	ASSERT_EQ(http_redirect_path("/a b", "198.18.0.5", 80, p, sizeof(p)),
	    IOMT_EINVAL);
	ASSERT_EQ(http_redirect_path("/\\x", "198.18.0.5", 80, p, sizeof(p)),
	    IOMT_EINVAL);
	return 0;
}

TEST_IMPL(proto_stack_family)
{
	ASSERT_STR_EQ(stack_family("220 VxWorks (5.4.2) FTP server ready"),
	    "vxworks");
	ASSERT_STR_EQ(stack_family("220 Tornado-vxWorks (VxWorks5.5) FTP"),
	    "vxworks");
	ASSERT_STR_EQ(stack_family("220 Wind River FTP server 6.6 ready"),
	    "vxworks");
	ASSERT_STR_EQ(stack_family("VxWorks login:"), "vxworks");
	ASSERT_STR_EQ(stack_family("WindWeb/2.0"), "windweb");
	ASSERT_STR_EQ(stack_family("220 Treck FTP server ready."), "treck");
	ASSERT_STR_EQ(stack_family("220 Nucleus FTP Server (Version 1.7) "
	    "ready."), "nucleus");
	ASSERT_STR_EQ(stack_family("Nucleus WebServ"), "nucleus");
	ASSERT_STR_EQ(stack_family("Nucleus/4.3 UPnP/1.0 Virata-EmWeb/R6"),
	    "nucleus");
	ASSERT_STR_EQ(stack_family("Allegro-Software-RomPager/4.07"),
	    "rompager");
	ASSERT_STR_EQ(stack_family("GoAhead-Webs"), "goahead");
	ASSERT_STR_EQ(stack_family("GoAhead-http"), "goahead");
	ASSERT_NULL(stack_family("Apache/2.4.57 (Debian)"));
	ASSERT_NULL(stack_family("nucleusx"));
	ASSERT_NULL(stack_family("Nucleus of the team"));
	ASSERT_NULL(stack_family("streckfus"));
	ASSERT_NULL(stack_family(""));
	ASSERT_NULL(stack_family(NULL));
	return 0;
}

TEST_IMPL(proto_again_dispatch)
{
	uint8_t		 st[4096], out[512];
	size_t		 n;
	struct probe_config cfg = { "ANY-SCP", "IOMTSCAN", NULL, 16384 };
	struct probe_target t = { .ip = 0xc6120005, .ip_str = "198.18.0.5",
	    .port = 80, .proto = "tcp", .cfg = &cfg };
	const struct probe_ops *http = probe_find("http-get");
	const struct probe_ops *smb = probe_find("smb-negotiate");
	const struct probe_ops *dicom = probe_find("dicom-assoc");

	ASSERT_NOT_NULL(http);
	ASSERT_NOT_NULL(smb);
	memset(st, 0, sizeof(st));
	ASSERT_EQ(proto_again(http, st, "/cgi-bin/login?x=1"), 0);
	ASSERT_EQ(http->start(st, &t, out, sizeof(out), &n), PROBE_SEND);
	ASSERT(memcmp(out, "GET /cgi-bin/login?x=1 HTTP/1.1\r\n", 33) == 0);
	memset(st, 0, sizeof(st));
	ASSERT_EQ(proto_again(http, st, "//evil/"), IOMT_EINVAL);
	ASSERT_EQ(proto_again(http, st, "http://198.18.0.5/"), IOMT_EINVAL);
	memset(st, 0, sizeof(st));
	ASSERT_EQ(proto_again(smb, st, "smb1"), 0);
	t.port = 445;
	ASSERT_EQ(smb->start(st, &t, out, sizeof(out), &n), PROBE_SEND);
	ASSERT_EQ(n, 51);		/* only "NT LM 0.12" offered */
	ASSERT_EQ(proto_again(smb, st, "smb2"), IOMT_EINVAL);
	ASSERT_EQ(proto_again(dicom, st, "x"), IOMT_EINVAL);
	return 0;
}

TEST_IMPL(proto_registry_ports)
{
	const struct probe_ops *p;

	p = probe_for_port("tcp", 104, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "dicom-assoc") == 0);
	p = probe_for_port("tcp", 11112, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "dicom-assoc") == 0);
	p = probe_for_port("tcp", 4242, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "dicom-assoc") == 0);
	p = probe_for_port("tcp", 8042, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "http-get") == 0);
	p = probe_for_port("udp", 161, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "snmp-get") == 0);
	p = probe_for_port("tcp", 445, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "smb-negotiate") == 0);
	p = probe_for_port("tcp", 3389, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "rdp-x224") == 0);
	p = probe_for_port("tcp", 1883, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "mqtt-connect") == 0);
	/* HL7: passive unless the scan is at the clinical level. */
	p = probe_for_port("tcp", 2575, LEVEL_STANDARD);
	ASSERT(p != NULL && strcmp(p->name, "hl7-mllp") == 0);
	p = probe_for_port("tcp", 2575, LEVEL_GENTLE);
	ASSERT(p != NULL && strcmp(p->name, "hl7-mllp") == 0);
	p = probe_for_port("tcp", 2575, LEVEL_CLINICAL);
	ASSERT(p != NULL && strcmp(p->name, "hl7-nmq") == 0);
	/* Below standard, payload probes give way to the banner read. */
	p = probe_for_port("tcp", 104, LEVEL_GENTLE);
	ASSERT(p != NULL && strcmp(p->name, "banner") == 0);
	/* No TLS library: HTTPS ports are not http-get's. */
	p = probe_for_port("tcp", 443, LEVEL_STANDARD);
	ASSERT(p == NULL || strcmp(p->name, "http-get") != 0);
	/* Every payload probe says so; every probe has a selftest. */
	ASSERT(probe_find("dicom-assoc")->flags & PROBE_F_PAYLOAD);
	ASSERT((probe_find("hl7-mllp")->flags & PROBE_F_PAYLOAD) == 0);
	ASSERT(probe_find("hl7-nmq")->flags & PROBE_F_PAYLOAD);
	return 0;
}

TEST_IMPL(proto_selftests)
{
	static const char *const names[] = { "dicom-assoc", "http-get",
	    "snmp-get", "smb-negotiate", "rdp-x224", "mqtt-connect",
	    "hl7-mllp", "hl7-nmq", "tls-handshake", "banner" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct probe_ops *p = probe_find(names[i]);

		ASSERT_NOT_NULL(p);
		ASSERT_NOT_NULL(p->selftest);
		if (p->selftest() != 0)
			TEST_FAIL_("selftest of %s failed", names[i]);
		ASSERT(p->state_size <= sizeof(fx_state));
	}
	/* The engine keeps SNMP state in 256 bytes (src/engine/engine-int.h). */
	ASSERT(probe_find("snmp-get")->state_size <= 256);
	/* docs/probe-template.c builds and works, but is never registered. */
	ASSERT_EQ(probe_template.selftest(), 0);
	ASSERT_NULL(probe_find(probe_template.name));
	for (i = 0; probe_registry()[i] != NULL; i++)
		ASSERT(probe_registry()[i] != &probe_template);
	return 0;
}

TEST_IMPL(proto_banner_service)
{
	static const struct {
		const char	*text;
		uint16_t	 port;
		const char	*svc;
	} cases[] = {
		{ "220 mail.example ESMTP Postfix\r\n", 2525, "smtp" },
		{ "220 VxWorks (5.4.2) FTP server ready\r\n", 2121, "ftp" },
		{ "220 ready\r\n", 25, "smtp" },
		{ "220 ready\r\n", 21, "ftp" },
		{ "220-Welcome to the FTP\r\n", 2100, "ftp" },
		{ "SSH-2.0-dropbear_2019.78\r\n", 2222, "ssh" },
		{ "RFB 003.008\n", 5900, "vnc" },
		{ "2200 nonsense\r\n", 21, NULL },
	};
	const struct probe_ops *p = probe_find("banner");
	struct probe_target t = { .ip_str = "198.18.0.5", .proto = "tcp" };
	struct kvset	 o;
	uint8_t		 out[16];
	size_t		 i, n;

	ASSERT_NOT_NULL(p);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t.port = cases[i].port;
		kv_reset(&o);
		ASSERT_EQ(p->input(NULL, &t, (const uint8_t *)cases[i].text,
		    strlen(cases[i].text), PROBE_IN_EOF, &o, out, sizeof(out),
		    &n), PROBE_DONE);
		if (cases[i].svc == NULL)
			ASSERT_NULL(kv_get(&o, "service"));
		else
			ASSERT_STR_EQ(kv_get(&o, "service"), cases[i].svc);
	}
	return 0;
}
