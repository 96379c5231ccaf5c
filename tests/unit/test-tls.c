/*
 * test-tls.c - the tls-handshake probe against real OpenSSL servers in
 * memory, and its certificate facts on certificates made in the test.
 *
 * Certificates are generated here with the OpenSSL API (self-signed,
 * CA-issued, expired, not yet valid, RSA 1024, EC P-256, SHA-1 and MD5
 * signatures) so every expected fact is known from how the certificate
 * was built.  The handshake tests run an OpenSSL server on memory BIOs and
 * carry bytes between it and the probe's start()/input() exactly as
 * src/engine/tcp.c does: every byte the server writes is appended to the
 * buffer input() sees, every message the probe asks to send is given to
 * the server.  tests/fixtures/tls/ holds certificates in DER with the facts
 * each must give (certificate-parsing fixtures).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "iomt/util.h"
#include "iomt/probe.h"
#include "runner.h"

#define DAY	(24L * 3600L)

/* A certificate for key, signed by signkey (key itself when NULL) as
 * issuer (self-issued when NULL), valid from now+nb to now+na seconds. */
static X509 *
mk_cert(EVP_PKEY *key, EVP_PKEY *signkey, X509 *issuer, const EVP_MD *md,
    long nb, long na, const char *cn, const char *comment)
{
	X509		*x = X509_new();
	X509_NAME	*nm;
	X509_EXTENSION	*ext;
	X509V3_CTX	 v3;

	if (x == NULL)
		return NULL;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_gmtime_adj(X509_getm_notBefore(x), nb);
	X509_gmtime_adj(X509_getm_notAfter(x), na);
	X509_set_pubkey(x, key);
	nm = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_UTF8,
	    (const unsigned char *)"ACME Medical", -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : nm);
	X509V3_set_ctx(&v3, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name,
	    "DNS:pump-7.ward.example, IP:198.18.0.7");
	if (ext != NULL) {
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	if (comment != NULL) {
		ext = X509V3_EXT_conf_nid(NULL, &v3, NID_netscape_comment,
		    comment);
		if (ext != NULL) {
			X509_add_ext(x, ext, -1);
			X509_EXTENSION_free(ext);
		}
	}
	if (X509_sign(x, signkey != NULL ? signkey : key, md) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Facts of x through the public DER entry point. */
static int
facts_of(X509 *x, struct kvset *o)
{
	unsigned char	*der = NULL;
	int		 n, r;

	kv_reset(o);
	n = i2d_X509(x, &der);
	if (n <= 0)
		return -1;
	r = tls_cert_facts(der, (size_t)n, (int64_t)time(NULL), o);
	OPENSSL_free(der);
	return r;
}

TEST_IMPL(tls_cert_self_signed_expired_weak)
{
	EVP_PKEY	*k = EVP_RSA_gen(1024);
	X509		*x;
	struct kvset	 o;

	ASSERT_NOT_NULL(k);
	x = mk_cert(k, NULL, NULL, EVP_sha1(), -400 * DAY, -30 * DAY,
	    "pump-7", NULL);
	ASSERT_NOT_NULL(x);
	ASSERT_EQ(facts_of(x, &o), 0);
	ASSERT_STR_EQ(kv_get(&o, "tls.subject"), "CN=pump-7,O=ACME Medical");
	ASSERT_STR_EQ(kv_get(&o, "tls.issuer"), "CN=pump-7,O=ACME Medical");
	ASSERT_STR_EQ(kv_get(&o, "tls.subject_cn"), "pump-7");
	ASSERT_STR_EQ(kv_get(&o, "tls.san"),
	    "DNS:pump-7.ward.example, IP:198.18.0.7");
	ASSERT_STR_EQ(kv_get(&o, "tls.self_signed"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "tls.expired"), "yes");
	ASSERT_NULL(kv_get(&o, "tls.not_yet_valid"));
	ASSERT_STR_EQ(kv_get(&o, "tls.key_type"), "rsa");
	ASSERT_STR_EQ(kv_get(&o, "tls.key_bits"), "1024");
	ASSERT_STR_EQ(kv_get(&o, "tls.weak_key"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "tls.sig_alg"), "sha1WithRSAEncryption");
	ASSERT_STR_EQ(kv_get(&o, "tls.weak_sig"), "sha1");
	ASSERT_NOT_NULL(kv_get(&o, "tls.not_before"));
	ASSERT_EQ(strlen(kv_get(&o, "tls.not_after")), 20);
	ASSERT_EQ(kv_get(&o, "tls.not_after")[19], 'Z');
	X509_free(x);
	/* The same key with MD5. */
	x = mk_cert(k, NULL, NULL, EVP_md5(), -DAY, 30 * DAY, "pump-7", NULL);
	ASSERT_NOT_NULL(x);
	ASSERT_EQ(facts_of(x, &o), 0);
	ASSERT_STR_EQ(kv_get(&o, "tls.weak_sig"), "md5");
	ASSERT_NULL(kv_get(&o, "tls.expired"));
	X509_free(x);
	EVP_PKEY_free(k);
	return 0;
}

TEST_IMPL(tls_cert_ca_issued_strong)
{
	EVP_PKEY	*ca = EVP_EC_gen("P-256"), *k = EVP_RSA_gen(2048);
	X509		*cax, *x;
	struct kvset	 o;

	ASSERT_NOT_NULL(ca);
	ASSERT_NOT_NULL(k);
	cax = mk_cert(ca, NULL, NULL, EVP_sha256(), -DAY, 3650 * DAY,
	    "Ward CA", NULL);
	ASSERT_NOT_NULL(cax);
	x = mk_cert(k, ca, cax, EVP_sha256(), 10 * DAY, 400 * DAY,
	    "pacs.example", NULL);
	ASSERT_NOT_NULL(x);
	ASSERT_EQ(facts_of(x, &o), 0);
	ASSERT_STR_EQ(kv_get(&o, "tls.issuer"), "CN=Ward CA,O=ACME Medical");
	ASSERT_STR_EQ(kv_get(&o, "tls.self_signed"), "no");
	ASSERT_STR_EQ(kv_get(&o, "tls.not_yet_valid"), "yes");
	ASSERT_NULL(kv_get(&o, "tls.expired"));
	ASSERT_STR_EQ(kv_get(&o, "tls.key_bits"), "2048");
	ASSERT_NULL(kv_get(&o, "tls.weak_key"));
	ASSERT_NULL(kv_get(&o, "tls.weak_sig"));
	ASSERT_STR_EQ(kv_get(&o, "tls.sig_alg"), "ecdsa-with-SHA256");
	/* The CA's own certificate: EC P-256, self-signed. */
	ASSERT_EQ(facts_of(cax, &o), 0);
	ASSERT_STR_EQ(kv_get(&o, "tls.key_type"), "ec");
	ASSERT_STR_EQ(kv_get(&o, "tls.key_bits"), "256");
	ASSERT_STR_EQ(kv_get(&o, "tls.key_curve"), "prime256v1");
	ASSERT_STR_EQ(kv_get(&o, "tls.self_signed"), "yes");
	ASSERT_NULL(kv_get(&o, "tls.weak_key"));
	X509_free(x);
	X509_free(cax);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ca);
	return 0;
}

TEST_IMPL(tls_cert_bad_input)
{
	static const uint8_t junk[] = { 0x30, 0x82, 0xff, 0xff, 0x02, 0x01 };
	uint8_t		*big;
	struct kvset	 o;

	kv_reset(&o);
	ASSERT_EQ(tls_cert_facts(junk, sizeof(junk), 0, &o), IOMT_EPROTO);
	ASSERT_EQ(tls_cert_facts(junk, 0, 0, &o), IOMT_EPROTO);
	big = calloc(1, TLS_CERT_LIST_MAX + 1);
	ASSERT_NOT_NULL(big);
	ASSERT_EQ(tls_cert_facts(big, TLS_CERT_LIST_MAX + 1, 0, &o),
	    IOMT_ELIMIT);
	free(big);
	ASSERT_EQ(o.n, 0);
	ASSERT_EQ(tls_record_sniff((const uint8_t *)"\x16\x03\x01\x00", 4), 1);
	ASSERT_EQ(tls_record_sniff((const uint8_t *)"\x15\x03\x03", 3), 1);
	ASSERT_EQ(tls_record_sniff((const uint8_t *)"HTTP/1.1", 8), 0);
	ASSERT_EQ(tls_record_sniff((const uint8_t *)"\x16\x03", 2), 0);
	ASSERT_STR_EQ(tls_service_name(2762, 0), "dicom-tls");
	ASSERT_STR_EQ(tls_service_name(8883, 1), "mqtts");
	ASSERT_STR_EQ(tls_service_name(443, 1), "https");
	ASSERT_STR_EQ(tls_service_name(9443, 0), "tls");
	return 0;
}

/* ---- handshakes with an in-memory server -------------------------- */

struct srv {
	SSL		*ssl;
	BIO		*in, *out;
	const char	*reply;		/* HTTP response, or NULL */
	int		 replied;
	int		 got_close;	/* close_notify from the probe */
	char		 req[1024];
	size_t		 reqn;
};

/* The host name drive() gives the probe (TLS SNI), or NULL. */
static const char *drive_name;

static SSL_CTX *
srv_ctx(EVP_PKEY *k, X509 *x, int maxver)
{
	SSL_CTX	*ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
	if (maxver != 0)
		SSL_CTX_set_max_proto_version(ctx, maxver);
	SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
	if (SSL_CTX_use_certificate(ctx, x) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, k) != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Let the server act on what it has; it answers one GET. */
static void
srv_step(struct srv *s)
{
	char	 buf[2048];
	int	 n;

	if (!SSL_is_init_finished(s->ssl)) {
		if (SSL_do_handshake(s->ssl) != 1) {
			ERR_clear_error();
			return;
		}
	}
	for (;;) {
		n = SSL_read(s->ssl, buf, sizeof(buf));
		if (n <= 0) {
			if (SSL_get_error(s->ssl, n) == SSL_ERROR_ZERO_RETURN)
				s->got_close = 1;
			ERR_clear_error();
			break;
		}
		if (s->reqn + (size_t)n < sizeof(s->req)) {
			memcpy(s->req + s->reqn, buf, (size_t)n);
			s->reqn += (size_t)n;
			s->req[s->reqn] = '\0';
		}
	}
	if (s->reply != NULL && !s->replied && strstr(s->req, "\r\n\r\n")) {
		/* Connection: close, as a web server ends it. */
		SSL_write(s->ssl, s->reply, (int)strlen(s->reply));
		SSL_shutdown(s->ssl);
		s->replied = 1;
	}
}

/*
 * Run the probe on port against a server using ctx, as the engine would.
 * Returns the probe's last result; obs gets its observations; *sends the
 * messages it sent after start().
 */
static int
drive(SSL_CTX *ctx, uint16_t port, const char *reply, struct kvset *obs,
    struct srv *s, int *sends)
{
	const struct probe_ops *p = probe_find("tls-handshake");
	struct probe_config cfg = { .http_body_max = 16384 };
	struct probe_target t = { .ip = 0xc6120007, .ip_str = "198.18.0.7",
	    .port = port, .proto = "tcp", .name = drive_name, .cfg = &cfg };
	static uint8_t	 rx[128 * 1024];
	uint8_t		 out[2048];
	size_t		 rlen = 0, outn = 0, pend;
	void		*st;
	int		 r, i;

	memset(s, 0, sizeof(*s));
	s->reply = reply;
	s->ssl = SSL_new(ctx);
	s->in = BIO_new(BIO_s_mem());
	s->out = BIO_new(BIO_s_mem());
	BIO_set_mem_eof_return(s->in, -1);
	SSL_set_bio(s->ssl, s->in, s->out);
	SSL_set_accept_state(s->ssl);
	*sends = 0;
	kv_reset(obs);
	st = calloc(1, p->state_size);
	r = p->start(st, &t, out, sizeof(out), &outn);
	for (i = 0; i < 40; i++) {
		if (outn > 0)
			BIO_write(s->in, out, (int)outn);
		outn = 0;
		srv_step(s);
		if (r == PROBE_FIN || r == PROBE_DONE || r < 0)
			break;
		pend = BIO_ctrl_pending(s->out);
		if (pend > sizeof(rx) - rlen)
			pend = sizeof(rx) - rlen;
		if (pend > 0)
			rlen += (size_t)BIO_read(s->out, rx + rlen, (int)pend);
		if (rlen > p->max_reply)
			rlen = p->max_reply;
		r = p->input(st, &t, rx, rlen, rlen >= p->max_reply ?
		    PROBE_IN_EOF : i == 39 ? PROBE_IN_TIMEOUT : 0, obs, out,
		    sizeof(out), &outn);
		if (r == PROBE_SEND || r == PROBE_FIN)
			(*sends)++;

	}
	p->fini(st);
	free(st);
	return r;
}

static void
srv_free(struct srv *s)
{
	SSL_free(s->ssl);
	s->ssl = NULL;
}

TEST_IMPL(tls_handshake_https_title)
{
	static const char reply[] = "HTTP/1.1 200 OK\r\nServer: PumpWeb/2.1\r\n"
	    "Content-Type: text/html\r\nConnection: close\r\n\r\n"
	    "<html><head><title>Infusion Gateway</title></head></html>";
	EVP_PKEY	*k = EVP_EC_gen("P-256");
	X509		*x = mk_cert(k, NULL, NULL, EVP_sha256(), -DAY, 90 * DAY,
	    "gw-1", NULL);
	SSL_CTX		*ctx = srv_ctx(k, x, 0);
	struct kvset	 o;
	struct srv	 s;
	int		 r, sends;

	ASSERT_NOT_NULL(ctx);
	drive_name = "gw-1.ward.example";
	r = drive(ctx, 443, reply, &o, &s, &sends);
	drive_name = NULL;
	ASSERT_EQ(r, PROBE_FIN);
	/* SNI carried the known name. */
	ASSERT_STR_EQ(SSL_get_servername(s.ssl, TLSEXT_NAMETYPE_host_name),
	    "gw-1.ward.example");
	ASSERT_STR_EQ(kv_get(&o, "tls.version"), "TLSv1.3");
	ASSERT_NOT_NULL(kv_get(&o, "tls.cipher"));
	ASSERT_STR_EQ(kv_get(&o, "tls.subject_cn"), "gw-1");
	ASSERT_STR_EQ(kv_get(&o, "tls.self_signed"), "yes");
	ASSERT_NOT_NULL(kv_get(&o, "tls.verify"));
	ASSERT_NULL(kv_get(&o, "tls.legacy_version"));
	ASSERT_STR_EQ(kv_get(&o, "http.title"), "Infusion Gateway");
	ASSERT_STR_EQ(kv_get(&o, "http.server"), "PumpWeb/2.1");
	ASSERT_STR_EQ(kv_get(&o, "http.status"), "200");
	ASSERT_STR_EQ(kv_get(&o, "http.tls"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "service"), "https");
	ASSERT_NULL(kv_get(&o, "tls.error"));
	/* The server saw one GET / and the probe's close_notify. */
	ASSERT(strncmp(s.req, "GET / HTTP/1.1\r\nHost: 198.18.0.7:443\r\n",
	    38) == 0);
	ASSERT_EQ(s.got_close, 1);
	ASSERT_LE(sends, TLS_MAX_SENDS - 1);
	ASSERT_GE(sends, 2);
	srv_free(&s);
	SSL_CTX_free(ctx);
	X509_free(x);
	EVP_PKEY_free(k);
	return 0;
}

TEST_IMPL(tls_handshake_tls10_only)
{
	EVP_PKEY	*k = EVP_RSA_gen(1024);
	X509		*x = mk_cert(k, NULL, NULL, EVP_sha1(), -800 * DAY,
	    -400 * DAY, "old-monitor", NULL);
	SSL_CTX		*ctx = srv_ctx(k, x, TLS1_VERSION);
	struct kvset	 o;
	struct srv	 s;
	int		 r, sends;

	ASSERT_NOT_NULL(ctx);
	/* DICOM over TLS: handshake and close, no HTTP. */
	r = drive(ctx, 2762, NULL, &o, &s, &sends);
	ASSERT_EQ(r, PROBE_FIN);
	/* No name known: no SNI. */
	ASSERT_NULL(SSL_get_servername(s.ssl, TLSEXT_NAMETYPE_host_name));
	ASSERT_STR_EQ(kv_get(&o, "tls.version"), "TLSv1");
	ASSERT_STR_EQ(kv_get(&o, "tls.legacy_version"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "tls.expired"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "tls.weak_key"), "yes");
	ASSERT_STR_EQ(kv_get(&o, "tls.weak_sig"), "sha1");
	ASSERT_STR_EQ(kv_get(&o, "service"), "dicom-tls");
	ASSERT_NULL(kv_get(&o, "http.status"));
	ASSERT_EQ(s.reqn, 0);
	ASSERT_EQ(s.got_close, 1);
	srv_free(&s);
	SSL_CTX_free(ctx);
	X509_free(x);
	EVP_PKEY_free(k);
	return 0;
}

TEST_IMPL(tls_handshake_huge_certificate)
{
	EVP_PKEY	*k = EVP_EC_gen("P-256");
	char		*big = malloc(TLS_CERT_LIST_MAX + 8192);
	X509		*x;
	SSL_CTX		*ctx;
	struct kvset	 o;
	struct srv	 s;
	int		 r, sends;

	ASSERT_NOT_NULL(big);
	memset(big, 'A', TLS_CERT_LIST_MAX + 8191);
	big[TLS_CERT_LIST_MAX + 8191] = '\0';
	x = mk_cert(k, NULL, NULL, EVP_sha256(), -DAY, DAY, "huge", big);
	free(big);
	ASSERT_NOT_NULL(x);
	ctx = srv_ctx(k, x, TLS1_2_VERSION);
	ASSERT_NOT_NULL(ctx);
	r = drive(ctx, 443, NULL, &o, &s, &sends);
	ASSERT(r == PROBE_FIN || r == PROBE_DONE);
	ASSERT_NOT_NULL(kv_get(&o, "tls.error"));
	ASSERT(strstr(kv_get(&o, "tls.error"), "excessive message size"));
	ASSERT_NULL(kv_get(&o, "tls.subject"));
	ASSERT_STR_EQ(kv_get(&o, "service"), "tls");
	srv_free(&s);
	SSL_CTX_free(ctx);
	X509_free(x);
	EVP_PKEY_free(k);
	return 0;
}

TEST_IMPL(tls_handshake_bounds)
{
	const struct probe_ops *p = probe_find("tls-handshake");
	struct probe_target t = { .ip = 0xc6120007, .ip_str = "198.18.0.7",
	    .port = 8443, .proto = "tcp" };
	uint8_t		*flood, out[2048];
	size_t		 outn, i;
	struct kvset	 o;
	void		*st;
	int		 r;

	ASSERT_NOT_NULL(p);
	ASSERT(p->flags & PROBE_F_TLS);
	ASSERT_EQ(p->sends, TLS_MAX_SENDS);
	ASSERT_NOT_NULL(p->fini);
	/* Handshake records of junk up to the byte cap: cut off and said. */
	flood = malloc(p->max_reply);
	ASSERT_NOT_NULL(flood);
	for (i = 0; i + 5 <= p->max_reply; i += 5 + 1024) {
		flood[i] = 0x16;
		flood[i + 1] = 0x03;
		flood[i + 2] = 0x03;
		flood[i + 3] = 0x04;
		flood[i + 4] = 0x00;
		memset(flood + i + 5, 0x0b, i + 5 + 1024 <= p->max_reply ?
		    1024 : p->max_reply - i - 5);
	}
	st = calloc(1, p->state_size);
	kv_reset(&o);
	ASSERT_EQ(p->start(st, &t, out, sizeof(out), &outn), PROBE_SEND);
	r = p->input(st, &t, flood, p->max_reply, PROBE_IN_EOF, &o, out,
	    sizeof(out), &outn);
	ASSERT(r == PROBE_DONE || r == PROBE_FIN);
	ASSERT_NOT_NULL(kv_get(&o, "tls.limit"));
	ASSERT_NOT_NULL(kv_get(&o, "tls.error"));
	p->fini(st);
	p->fini(st);		/* twice is harmless */
	free(st);
	free(flood);
	/* Silence until the timer: recorded, no service claimed. */
	st = calloc(1, p->state_size);
	kv_reset(&o);
	ASSERT_EQ(p->start(st, &t, out, sizeof(out), &outn), PROBE_SEND);
	ASSERT_EQ(p->input(st, &t, out, 0, 0, &o, out, sizeof(out), &outn),
	    PROBE_MORE);
	ASSERT_EQ(p->input(st, &t, out, 0, PROBE_IN_TIMEOUT, &o, out,
	    sizeof(out), &outn), PROBE_DONE);
	ASSERT_STR_EQ(kv_get(&o, "tls.error"),
	    "handshake incomplete: no answer in time");
	ASSERT_NULL(kv_get(&o, "service"));
	p->fini(st);
	free(st);
	return 0;
}

/* tests/fixtures/tls/<case>.der with <case>.expect: key=value, !key. */
TEST_IMPL(tls_cert_fixtures)
{
	static const char *const cases[] = { "selfsigned-rsa1024-sha1-expired",
	    "ca-issued-rsa2048-sha256", "ec-p384-sha384", "utf8-subject",
	    NULL };
	char		 path[1024], line[512];
	uint8_t		*der;
	size_t		 n;
	struct kvset	 o;
	FILE		*f;
	size_t		 i, checked = 0;

	for (i = 0; cases[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/tests/fixtures/tls/%s.der",
		    test_srcdir(), cases[i]);
		f = fopen(path, "rb");
		if (f == NULL)
			TEST_FAIL_("cannot open %s", path);
		der = malloc(TLS_CERT_LIST_MAX);
		n = fread(der, 1, TLS_CERT_LIST_MAX, f);
		fclose(f);
		kv_reset(&o);
		/* Judged on 2026-01-01 so the fixtures do not age. */
		if (tls_cert_facts(der, n, 1767225600, &o) != 0)
			TEST_FAIL_("%s: not parsed", cases[i]);
		free(der);
		snprintf(path, sizeof(path), "%s/tests/fixtures/tls/%s.expect",
		    test_srcdir(), cases[i]);
		f = fopen(path, "r");
		if (f == NULL)
			TEST_FAIL_("cannot open %s", path);
		while (fgets(line, sizeof(line), f) != NULL) {
			char		*eq, *nl = strchr(line, '\n');
			const char	*v;

			if (nl != NULL)
				*nl = '\0';
			if (line[0] == '#' || line[0] == '\0')
				continue;
			checked++;
			if (line[0] == '!') {
				if (kv_get(&o, line + 1) != NULL) {
					fclose(f);
					TEST_FAIL_("%s: %s present", cases[i],
					    line + 1);
				}
				continue;
			}
			eq = strchr(line, '=');
			if (eq == NULL) {
				fclose(f);
				TEST_FAIL_("%s: bad line %s", cases[i], line);
			}
			*eq = '\0';
			v = kv_get(&o, line);
			if (v == NULL || strcmp(v, eq + 1) != 0) {
				fclose(f);
				TEST_FAIL_("%s: %s = \"%s\", want \"%s\"",
				    cases[i], line, v ? v : "(absent)", eq + 1);
			}
		}
		fclose(f);
	}
	ASSERT_GE(checked, 20);
	return 0;
}

/* A web port that answers plain HTTP as a TLS server hands the port to
 * tls-handshake (probe.next); that run takes no argument. */
TEST_IMPL(tls_found_by_http)
{
	static const uint8_t alert[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02,
	    0x46 };
	static const char go400[] = "HTTP/1.0 400 Bad Request\r\n\r\n"
	    "Client sent an HTTP request to an HTTPS server.\n";
	static const char plain400[] = "HTTP/1.0 400 Bad Request\r\n\r\n"
	    "bad request\n";
	const struct probe_ops *http = probe_find("http-get");
	const struct probe_ops *tls = probe_find("tls-handshake");
	struct probe_target t = { .ip = 0xc6120007, .ip_str = "198.18.0.7",
	    .port = 8080, .proto = "tcp" };
	uint8_t		 st[4096], out[2048];
	struct kvset	 o;
	size_t		 n;

	ASSERT_NOT_NULL(http);
	ASSERT_NOT_NULL(tls);
	ASSERT_STR_EQ(http->next, "tls-handshake");
	ASSERT_LE(http->state_size, sizeof(st));
	memset(st, 0, sizeof(st));
	kv_reset(&o);
	ASSERT_EQ(http->start(st, &t, out, sizeof(out), &n), PROBE_SEND);
	ASSERT_EQ(http->input(st, &t, alert, sizeof(alert), PROBE_IN_EOF, &o,
	    out, sizeof(out), &n), IOMT_EPROTO);
	ASSERT_STR_EQ(kv_get(&o, "probe.next"), "tls-handshake");
	memset(st, 0, sizeof(st));
	kv_reset(&o);
	http->start(st, &t, out, sizeof(out), &n);
	ASSERT_EQ(http->input(st, &t, (const uint8_t *)go400,
	    sizeof(go400) - 1, PROBE_IN_EOF, &o, out, sizeof(out), &n),
	    PROBE_DONE);
	ASSERT_STR_EQ(kv_get(&o, "probe.next"), "tls-handshake");
	memset(st, 0, sizeof(st));
	kv_reset(&o);
	http->start(st, &t, out, sizeof(out), &n);
	ASSERT_EQ(http->input(st, &t, (const uint8_t *)plain400,
	    sizeof(plain400) - 1, PROBE_IN_EOF, &o, out, sizeof(out), &n),
	    PROBE_DONE);
	ASSERT_NULL(kv_get(&o, "probe.next"));
	ASSERT_NULL(tls->next);
	memset(st, 0, sizeof(st));
	ASSERT_EQ(proto_again(tls, st, ""), 0);
	ASSERT_EQ(proto_again(tls, st, "smb1"), IOMT_EINVAL);
	return 0;
}
