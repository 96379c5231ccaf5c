/*
 * src/probe/tls.c - the tls-handshake probe: one TLS handshake with
 * OpenSSL, the certificate's facts, an HTTPS GET / on web ports, then
 * close_notify.
 *
 * OpenSSL never sees a socket.  The probe keeps an SSL object on two
 * memory BIOs: input() writes the bytes the engine received into the read
 * BIO and hands whatever OpenSSL wrote into the write BIO back to the
 * engine as the next message, so every byte goes out through the engine's
 * paced, audited, gated send path (src/engine/tcp.c) and is bounded by its
 * byte cap (max_reply) and per-step timer like any other probe.  On top of
 * that the probe bounds the certificate list (TLS_CERT_LIST_MAX, which
 * OpenSSL enforces on the Certificate message header, so a 1 MB
 * certificate is refused when its length arrives) and the number of
 * messages it sends (TLS_MAX_SENDS).
 *
 * The context accepts what legacy devices speak: TLS 1.0 to 1.3, security
 * level 0 (RSA 1024, SHA-1), servers without the renegotiation
 * indication; no client certificate; verification off, its result
 * recorded.  SNI only when the target has a name.  No version loop: one
 * ClientHello, whatever the server picks (RFC 8446 4.1.2; RFC 5246 7.4.1.2).
 *
 *	record (RFC 5246 6.2.1, RFC 8446 5.1):
 *	+------+---------+---------+------------------------+
 *	| type | version | length  | fragment (length bytes) |
 *	|  1   |    2    |  2 (BE) |  <= 2^14 (+2048)        |
 *	+------+---------+---------+------------------------+
 *	type 0x16 handshake, 0x15 alert, 0x17 application data;
 *	version 0x0300 SSLv3 ... 0x0303 (TLS 1.3 records say 0x0303).
 *
 * Certificate facts follow RFC 5280 (4.1.2.4 issuer, 4.1.2.5 validity,
 * 4.1.2.6 subject, 4.2.1.6 subjectAltName); they are recorded as
 * observations (tls.*, docs/PROBES.md) from which probes/tls-certificate.lua
 * makes the plain-language findings.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define TLS_MAX_REPLY	(64 * 1024)	/* every byte the server may send */
#define TLS_HTTP_MAX	(8192 + 16384)	/* decrypted HTTP response kept */
#define TLS_NAME_MAX	256		/* subject/issuer text kept */
#define TLS_SAN_MAX	512		/* subjectAltName text kept */

enum tls_phase {
	TLS_HANDSHAKE = 0,
	TLS_HTTP,
	TLS_CLOSING
};

struct tls_state {
	SSL		*ssl;		/* owns both BIOs */
	BIO		*rbio;		/* device -> OpenSSL */
	BIO		*wbio;		/* OpenSSL -> device */
	size_t		 fed;		/* bytes of buf given to rbio */
	unsigned	 sends;		/* messages asked of the engine */
	enum tls_phase	 phase;
	int		 http;		/* GET / after the handshake */
	int		 facts;		/* certificate facts recorded */
	int		 peer_closed;	/* close_notify received */
	uint8_t		*plain;		/* decrypted bytes, TLS_HTTP_MAX */
	size_t		 plen;
};

static SSL_CTX	*tls_ctx;

/* The one client context, made on first use and kept for the process. */
static SSL_CTX *
tls_context(void)
{
	SSL_CTX	*ctx;

	if (tls_ctx != NULL)
		return tls_ctx;
	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_security_level(ctx, 0);
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0") != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT |
	    SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
	    SSL_OP_NO_TICKET | SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	(void)SSL_CTX_set_default_verify_paths(ctx);
	SSL_CTX_set_max_cert_list(ctx, TLS_CERT_LIST_MAX);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	ERR_clear_error();
	tls_ctx = ctx;
	return ctx;
}

int
tls_init(void)
{
	return tls_context() != NULL ? 0 : IOMT_ELIMIT;
}

const char *
tls_service_name(uint16_t port, int http)
{
	if (port == 2762)
		return "dicom-tls";
	if (port == 8883)
		return "mqtts";
	return http ? "https" : "tls";
}

int
tls_record_sniff(const uint8_t *buf, size_t len)
{
	if (len < 3)
		return 0;
	if (buf[0] != 0x15 && buf[0] != 0x16)
		return 0;
	return buf[1] == 0x03 && buf[2] <= 0x04;
}

/* ---- certificate facts -------------------------------------------- */

/* Render an X.509 name as RFC 2253 text (UTF-8 kept) under key. */
static void
tls_name_obs(struct kvset *obs, const char *key, const X509_NAME *nm)
{
	BIO	*b;
	char	*p = NULL;
	long	 n;

	if (nm == NULL || (b = BIO_new(BIO_s_mem())) == NULL)
		return;
	if (X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253 &
	    ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(b, &p);
		if (n > 0 && p != NULL)
			kv_add_bytes(obs, key, (const uint8_t *)p, (size_t)n,
			    TLS_NAME_MAX);
	}
	BIO_free(b);
}

/* The CN of nm, for the short fields show prints. */
static void
tls_cn_obs(struct kvset *obs, const char *key, const X509_NAME *nm)
{
	const ASN1_STRING *s;
	int		 i;

	if (nm == NULL)
		return;
	i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	if (i < 0)
		return;
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i));
	if (s != NULL && ASN1_STRING_length(s) > 0)
		kv_add_bytes(obs, key, ASN1_STRING_get0_data(s),
		    (size_t)ASN1_STRING_length(s), TLS_NAME_MAX);
}

/* subjectAltName as "DNS:a, IP:1.2.3.4, ..." (RFC 5280 4.2.1.6). */
static void
tls_san_obs(struct kvset *obs, X509 *x)
{
	GENERAL_NAMES	*gens;
	char		 txt[TLS_SAN_MAX + 1], one[80];
	size_t		 used = 0;
	int		 i, n;

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (gens == NULL)
		return;
	txt[0] = '\0';
	n = sk_GENERAL_NAME_num(gens);
	for (i = 0; i < n && used < TLS_SAN_MAX; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const ASN1_STRING *s = NULL;
		const char	*tag = NULL;
		size_t		 j, l;

		one[0] = '\0';
		if (g->type == GEN_DNS) {
			tag = "DNS:";
			s = g->d.dNSName;
		} else if (g->type == GEN_EMAIL) {
			tag = "email:";
			s = g->d.rfc822Name;
		} else if (g->type == GEN_URI) {
			tag = "URI:";
			s = g->d.uniformResourceIdentifier;
		} else if (g->type == GEN_IPADD) {
			const unsigned char *ip = ASN1_STRING_get0_data(
			    g->d.iPAddress);

			if (ASN1_STRING_length(g->d.iPAddress) == 4)
				snprintf(one, sizeof(one), "IP:%u.%u.%u.%u",
				    ip[0], ip[1], ip[2], ip[3]);
			else
				snprintf(one, sizeof(one), "IP:(%d bytes)",
				    ASN1_STRING_length(g->d.iPAddress));
		} else
			continue;
		if (tag != NULL && s != NULL) {
			const unsigned char *d = ASN1_STRING_get0_data(s);

			strlcpy(one, tag, sizeof(one));
			l = strlen(one);
			for (j = 0; j < (size_t)ASN1_STRING_length(s) &&
			    l + 1 < sizeof(one); j++)
				one[l++] = (char)d[j];
			one[l] = '\0';
		}
		if (one[0] == '\0')
			continue;
		used += (size_t)snprintf(txt + used, sizeof(txt) - used,
		    "%s%s", used > 0 ? ", " : "", one);
		if (used >= sizeof(txt))
			used = sizeof(txt) - 1;
	}
	GENERAL_NAMES_free(gens);
	if (used > 0)
		kv_add_bytes(obs, "tls.san", (const uint8_t *)txt, used,
		    TLS_SAN_MAX);
}

/* An ASN1_TIME as "YYYY-MM-DDTHH:MM:SSZ"; *t gets Unix seconds. */
static int
tls_time_obs(struct kvset *obs, const char *key, const ASN1_TIME *at,
    int64_t *t)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (at == NULL || ASN1_TIME_to_tm(at, &tm) != 1)
		return IOMT_EPROTO;
	kv_addf(obs, key, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	*t = (int64_t)timegm(&tm);
	return 0;
}

/* The public key's type, size and (for EC) curve; weak ones flagged. */
static void
tls_key_obs(struct kvset *obs, X509 *x)
{
	EVP_PKEY	*pk = X509_get0_pubkey(x);
	const char	*type = "other";
	char		 group[64];
	size_t		 glen = 0;
	int		 bits, weak = 0;

	if (pk == NULL)
		return;
	bits = EVP_PKEY_get_bits(pk);
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		type = "rsa";
		weak = bits < 2048;
		break;
	case EVP_PKEY_DSA:
		type = "dsa";
		weak = bits < 2048;
		break;
	case EVP_PKEY_EC:
		type = "ec";
		weak = bits < 224;
		if (EVP_PKEY_get_utf8_string_param(pk,
		    OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
		    &glen) == 1 && glen > 0)
			kv_add_bytes(obs, "tls.key_curve",
			    (const uint8_t *)group, glen, sizeof(group));
		break;
	case EVP_PKEY_ED25519:
		type = "ed25519";
		break;
	case EVP_PKEY_ED448:
		type = "ed448";
		break;
	default:
		break;
	}
	kv_add(obs, "tls.key_type", type);
	if (bits > 0)
		kv_addf(obs, "tls.key_bits", "%d", bits);
	if (weak)
		kv_add(obs, "tls.weak_key", "yes");
}

/* The signature algorithm; MD2/MD4/MD5 and SHA-1 flagged. */
static void
tls_sig_obs(struct kvset *obs, X509 *x)
{
	int	 nid = X509_get_signature_nid(x), mdnid = NID_undef;
	const char *sn = nid != NID_undef ? OBJ_nid2ln(nid) : NULL;

	kv_add(obs, "tls.sig_alg", sn != NULL ? sn : "unknown");
	if (X509_get_signature_info(x, &mdnid, NULL, NULL, NULL) != 1)
		mdnid = NID_undef;
	if (mdnid == NID_md5 || mdnid == NID_md4 || mdnid == NID_md2 ||
	    mdnid == NID_md5_sha1)
		kv_add(obs, "tls.weak_sig", "md5");
	else if (mdnid == NID_sha1)
		kv_add(obs, "tls.weak_sig", "sha1");
}

/* Every fact of one parsed certificate, judged at Unix time now. */
static void
tls_x509_facts(X509 *x, int64_t now, struct kvset *obs)
{
	int64_t	 nb = 0, na = 0;
	int	 have_nb, have_na;

	tls_name_obs(obs, "tls.subject", X509_get_subject_name(x));
	tls_name_obs(obs, "tls.issuer", X509_get_issuer_name(x));
	tls_cn_obs(obs, "tls.subject_cn", X509_get_subject_name(x));
	tls_san_obs(obs, x);
	have_nb = tls_time_obs(obs, "tls.not_before", X509_get0_notBefore(x),
	    &nb) == 0;
	have_na = tls_time_obs(obs, "tls.not_after", X509_get0_notAfter(x),
	    &na) == 0;
	if (have_na && now > na)
		kv_add(obs, "tls.expired", "yes");
	if (have_nb && now < nb)
		kv_add(obs, "tls.not_yet_valid", "yes");
	tls_key_obs(obs, x);
	tls_sig_obs(obs, x);
	kv_add(obs, "tls.self_signed", X509_self_signed(x, 1) == 1 ? "yes" :
	    "no");
	ERR_clear_error();
}

int
tls_cert_facts(const uint8_t *der, size_t len, int64_t now,
    struct kvset *obs)
{
	const unsigned char *p = der;
	X509	*x;

	if (der == NULL || len == 0)
		return IOMT_EPROTO;
	if (len > TLS_CERT_LIST_MAX)
		return IOMT_ELIMIT;
	x = d2i_X509(NULL, &p, (long)len);
	if (x == NULL || p != der + len) {
		X509_free(x);
		ERR_clear_error();
		return IOMT_EPROTO;
	}
	kv_addf(obs, "tls.cert_bytes", "%zu", len);
	tls_x509_facts(x, now, obs);
	X509_free(x);
	return 0;
}

/* ---- the driver --------------------------------------------------- */

/* The protocol name OpenSSL negotiated, and the legacy flag. */
static void
tls_session_obs(struct tls_state *st, uint16_t port, struct kvset *obs)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(st->ssl);
	int		 v = SSL_version(st->ssl);
	long		 vr;

	kv_add(obs, "tls.version", SSL_get_version(st->ssl));
	if (v == SSL3_VERSION || v == TLS1_VERSION || v == TLS1_1_VERSION)
		kv_add(obs, "tls.legacy_version", "yes");
	if (c != NULL)
		kv_add(obs, "tls.cipher", SSL_CIPHER_get_name(c));
	vr = SSL_get_verify_result(st->ssl);
	kv_add(obs, "tls.verify", vr == X509_V_OK ? "ok" :
	    X509_verify_cert_error_string(vr));
	kv_add(obs, "service", tls_service_name(port, 0));
}

/* The peer's certificate facts, once, as soon as OpenSSL has them. */
static void
tls_peer_obs(struct tls_state *st, struct kvset *obs)
{
	STACK_OF(X509)	*chain;
	X509		*x;
	unsigned char	*der = NULL;
	int		 n;

	if (st->facts || (x = SSL_get0_peer_certificate(st->ssl)) == NULL)
		return;
	st->facts = 1;
	n = i2d_X509(x, &der);
	if (n > 0)
		kv_addf(obs, "tls.cert_bytes", "%d", n);
	OPENSSL_free(der);
	chain = SSL_get_peer_cert_chain(st->ssl);
	if (chain != NULL)
		kv_addf(obs, "tls.chain_len", "%d", sk_X509_num(chain));
	tls_x509_facts(x, (int64_t)time(NULL), obs);
}

/* Move what OpenSSL wrote into out; IOMT_ELIMIT if it does not fit. */
static int
tls_drain(struct tls_state *st, uint8_t *out, size_t outlen, size_t *outn)
{
	size_t	 pend = BIO_ctrl_pending(st->wbio);
	int	 n;

	*outn = 0;
	if (pend == 0)
		return 0;
	if (pend > outlen)
		return IOMT_ELIMIT;
	n = BIO_read(st->wbio, out, (int)pend);
	if (n <= 0)
		return IOMT_EPROTO;
	*outn = (size_t)n;
	return 0;
}

/* Record OpenSSL's reason for a failed handshake or read. */
static void
tls_error_obs(struct kvset *obs, const char *what)
{
	unsigned long	 e = ERR_peek_last_error();
	const char	*r = e != 0 ? ERR_reason_error_string(e) : NULL;

	kv_addf(obs, "tls.error", "%s: %s", what, r != NULL ? r :
	    "connection failed");
	ERR_clear_error();
}

/* One more message for the engine, within TLS_MAX_SENDS. */
static int
tls_send(struct tls_state *st, struct kvset *obs, int r)
{
	if (++st->sends > TLS_MAX_SENDS) {
		kv_addf(obs, "tls.limit", "more than %d messages needed",
		    TLS_MAX_SENDS);
		return PROBE_DONE;
	}
	return r;
}

/* Say goodbye: close_notify (RFC 8446 6.1), then FIN. */
static int
tls_close(struct tls_state *st, struct kvset *obs, uint8_t *out,
    size_t outlen, size_t *outn)
{
	st->phase = TLS_CLOSING;
	(void)SSL_shutdown(st->ssl);
	ERR_clear_error();
	if (tls_drain(st, out, outlen, outn) != 0 || *outn == 0)
		return PROBE_DONE;
	return tls_send(st, obs, PROBE_FIN);
}

/* Decrypt what has arrived into st->plain; 1 once the peer is done. */
static int
tls_read_plain(struct tls_state *st)
{
	int	 n, e;

	while (st->plen < TLS_HTTP_MAX) {
		n = SSL_read(st->ssl, st->plain + st->plen,
		    (int)(TLS_HTTP_MAX - st->plen));
		if (n > 0) {
			st->plen += (size_t)n;
			continue;
		}
		e = SSL_get_error(st->ssl, n);
		ERR_clear_error();
		if (e == SSL_ERROR_WANT_READ)
			return 0;
		if (e == SSL_ERROR_ZERO_RETURN)
			st->peer_closed = 1;
		return 1;
	}
	return 1;
}

/* The HTTP response over TLS: parse with the HTTP probe's parser. */
static int
tls_http(struct tls_state *st, const struct probe_target *t, int complete,
    struct kvset *obs, uint8_t *out, size_t outlen, size_t *outn)
{
	struct kvset	 ho;
	size_t		 body_max = 16384, i;
	int		 e;

	if (tls_read_plain(st))
		complete = 1;
	if (t->cfg != NULL && t->cfg->http_body_max > 0)
		body_max = t->cfg->http_body_max;
	if (st->plen == 0 && !complete)
		return PROBE_MORE;
	kv_reset(&ho);
	e = http_parse_response(st->plain, st->plen, complete, body_max, &ho);
	if (e == IOMT_ETRUNC && !complete)
		return PROBE_MORE;
	if (e == 0) {
		for (i = 0; i < ho.n; i++)
			if (strcmp(ho.f[i].key, "service") != 0)
				kv_add(obs, ho.f[i].key, kv_val(&ho, i));
		kv_add(obs, "http.tls", "yes");
		kv_add(obs, "http.path", "/");
		kv_add(obs, "service", tls_service_name(t->port, 1));
	} else if (st->plen > 0)
		kv_add(obs, "tls.http", "not an HTTP response");
	return tls_close(st, obs, out, outlen, outn);
}

/* Handshake done: record, then GET / or close. */
static int
tls_established(struct tls_state *st, const struct probe_target *t,
    struct kvset *obs, uint8_t *out, size_t outlen, size_t *outn)
{
	uint8_t		 req[1024];
	ssize_t		 n;
	size_t		 have;
	int		 r;

	tls_peer_obs(st, obs);
	tls_session_obs(st, t->port, obs);
	if (!st->http)
		return tls_close(st, obs, out, outlen, outn);
	n = http_build_get(req, sizeof(req), t->ip_str != NULL ? t->ip_str :
	    "-", t->port, "/");
	if (n < 0 || SSL_write(st->ssl, req, (int)n) != (int)n) {
		ERR_clear_error();
		return tls_close(st, obs, out, outlen, outn);
	}
	st->phase = TLS_HTTP;
	st->plain = malloc(TLS_HTTP_MAX);
	if (st->plain == NULL)
		return IOMT_ELIMIT;
	/* The client's Finished (TLS 1.3) may still be in wbio: one send. */
	if ((r = tls_drain(st, out, outlen, &have)) != 0)
		return r;
	*outn = have;
	return tls_send(st, obs, PROBE_SEND);
}

static int
tls_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct tls_state *st = state;
	SSL_CTX		*ctx = tls_context();
	int		 r;

	*outn = 0;
	if (ctx == NULL)
		return IOMT_ELIMIT;
	st->ssl = SSL_new(ctx);
	st->rbio = BIO_new(BIO_s_mem());
	st->wbio = BIO_new(BIO_s_mem());
	if (st->ssl == NULL || st->rbio == NULL || st->wbio == NULL) {
		BIO_free(st->rbio);
		BIO_free(st->wbio);
		st->rbio = st->wbio = NULL;
		ERR_clear_error();
		return IOMT_ELIMIT;
	}
	BIO_set_mem_eof_return(st->rbio, -1);
	SSL_set_bio(st->ssl, st->rbio, st->wbio);
	SSL_set_connect_state(st->ssl);
	if (t->name != NULL && t->name[0] != '\0')
		(void)SSL_set_tlsext_host_name(st->ssl, t->name);
	st->http = t->port != 2762 && t->port != 8883;
	r = SSL_do_handshake(st->ssl);
	if (r == 1 || SSL_get_error(st->ssl, r) != SSL_ERROR_WANT_READ) {
		ERR_clear_error();
		return IOMT_EPROTO;
	}
	if ((r = tls_drain(st, out, outlen, outn)) != 0)
		return r;
	if (*outn == 0)
		return IOMT_EPROTO;
	st->sends = 1;
	return PROBE_SEND;
}

static int
tls_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct tls_state *st = state;
	int		 complete, r, e;

	*outn = 0;
	if (st->ssl == NULL)
		return IOMT_EPROTO;
	complete = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0;
	if (len > 0)
		kv_addf(obs, "tls.bytes_in", "%zu", len);
	if (len >= TLS_MAX_REPLY)
		kv_addf(obs, "tls.limit", "byte cap reached (%d bytes)",
		    TLS_MAX_REPLY);
	if (len > st->fed) {
		if (BIO_write(st->rbio, buf + st->fed,
		    (int)(len - st->fed)) != (int)(len - st->fed))
			return IOMT_ELIMIT;
		st->fed = len;
	}
	if (st->phase == TLS_CLOSING)
		return PROBE_DONE;
	if (st->phase == TLS_HTTP)
		return tls_http(st, t, complete, obs, out, outlen, outn);
	r = SSL_do_handshake(st->ssl);
	if (r == 1)
		return tls_established(st, t, obs, out, outlen, outn);
	e = SSL_get_error(st->ssl, r);
	tls_peer_obs(st, obs);
	if (e == SSL_ERROR_WANT_READ) {
		if ((r = tls_drain(st, out, outlen, outn)) != 0)
			return r;
		if (*outn > 0)
			return tls_send(st, obs, PROBE_SEND);
		if (!complete)
			return PROBE_MORE;
		kv_add(obs, "tls.error", flags & PROBE_IN_TIMEOUT ?
		    "handshake incomplete: no answer in time" :
		    "handshake incomplete: connection closed");
		if (len > 0 && tls_record_sniff(buf, len))
			kv_add(obs, "service", tls_service_name(t->port, 0));
		return PROBE_DONE;
	}
	tls_error_obs(obs, "handshake failed");
	if (len > 0 && tls_record_sniff(buf, len))
		kv_add(obs, "service", tls_service_name(t->port, 0));
	/* OpenSSL wrote a fatal alert: send it and close, as a client
	 * should (RFC 8446 6.2). */
	if (tls_drain(st, out, outlen, outn) == 0 && *outn > 0 &&
	    !complete) {
		st->phase = TLS_CLOSING;
		return tls_send(st, obs, PROBE_FIN);
	}
	*outn = 0;
	return PROBE_DONE;
}

/* A second run another probe asked for ("probe.next"): no argument. */
static int
tls_again(void *state, const char *arg)
{
	(void)state;
	return arg != NULL && arg[0] == '\0' ? 0 : IOMT_EINVAL;
}

static void
tls_fini(void *state)
{
	struct tls_state *st = state;

	SSL_free(st->ssl);		/* frees both BIOs */
	st->ssl = NULL;
	st->rbio = st->wbio = NULL;
	free(st->plain);
	st->plain = NULL;
	ERR_clear_error();
}

/* ---- selftest ----------------------------------------------------- */

static int
tls_selftest(void)
{
	/* A fatal handshake_failure alert, as a server without a common
	 * cipher sends it. */
	static const uint8_t alert[] = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02,
	    0x28 };
	static const char http[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
	struct probe_target t = { .ip = 0x0a000001, .ip_str = "10.0.0.1",
	    .port = 443, .proto = "tcp" };
	struct tls_state st;
	struct kvset	 o;
	uint8_t		 out[2048];
	size_t		 n;
	int		 r, ok = -1;

	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	if (tls_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n < 50 || out[0] != 0x16 || out[1] != 0x03 || out[5] != 0x01)
		goto out;
	r = tls_input(&st, &t, alert, sizeof(alert), 0, &o, out, sizeof(out),
	    &n);
	if ((r != PROBE_DONE && r != PROBE_FIN) ||
	    kv_get(&o, "tls.error") == NULL ||
	    kv_get(&o, "service") == NULL ||
	    strcmp(kv_get(&o, "service"), "tls") != 0)
		goto out;
	tls_fini(&st);
	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	if (tls_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND)
		goto out;
	(void)tls_input(&st, &t, (const uint8_t *)http, sizeof(http) - 1,
	    PROBE_IN_EOF, &o, out, sizeof(out), &n);
	if (kv_get(&o, "tls.error") == NULL || kv_get(&o, "service") != NULL)
		goto out;
	if (tls_record_sniff(alert, sizeof(alert)) != 1 ||
	    tls_record_sniff((const uint8_t *)http, 5) != 0)
		goto out;
	ok = 0;
out:
	tls_fini(&st);
	return ok;
}

const struct probe_ops probe_tls_handshake = {
	.name = "tls-handshake",
	.service = NULL,	/* "service" is added once TLS is proven */
	.summary = "one TLS handshake (TLS 1.0-1.3, no client certificate); "
	    "certificate facts, version, cipher; HTTPS GET / on web ports; "
	    "close_notify",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD | PROBE_F_TLS,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 443, 8443, 2762, 8883, 0 },
	.max_reply = TLS_MAX_REPLY,
	.state_size = sizeof(struct tls_state),
	.timeout_ms = 5000,
	.sends = TLS_MAX_SENDS,
	.start = tls_start,
	.input = tls_input,
	.again = tls_again,
	.fini = tls_fini,
	.selftest = tls_selftest,
};
