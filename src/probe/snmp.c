/*
 * src/probe/snmp.c - the snmp-get probe: one SNMP v2c GET of the system group.
 *
 * sysDescr, sysObjectID, sysName and sysLocation name most managed devices
 * (gateways, printers, serial bridges, workstations) in one datagram.  The
 * probe sends one GetRequest with the first configured community (default
 * "public"): one request per community the hospital supplied, never a
 * guessing loop, because guessing communities is a login attempt.  The
 * engine sends one datagram per start(); a v1 retry when v2c got no answer
 * is a second, separate request (snmp_set_version()).  Replies are matched
 * by request-id, kept in the state, so stray or spoofed datagrams are
 * ignored.
 *
 * The BER decoder is strict: single-byte tags only, definite lengths of at
 * most four length octets (indefinite form and longer are IOMT_EPROTO),
 * every length checked against its parent, minimal OID arcs of at most 32
 * bits.  Nothing is allocated; values are rendered into fixed buffers.
 *
 * References: RFC 1157 (v1), RFC 3416 (v2c PDUs), RFC 1901 (community
 * message), RFC 1213 (MIB-II system group), ITU-T X.690 (BER):
 *
 *	Message ::= SEQUENCE { version INTEGER (0 = v1, 1 = v2c),
 *	    community OCTET STRING, data PDU }
 *	PDU ::= [A0 get | A2 response] SEQUENCE { request-id INTEGER,
 *	    error-status INTEGER, error-index INTEGER,
 *	    variable-bindings SEQUENCE OF SEQUENCE { name OID, value } }
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

#define BER_INTEGER	0x02
#define BER_OCTETS	0x04
#define BER_NULL	0x05
#define BER_OID		0x06
#define BER_SEQUENCE	0x30
#define BER_IPADDR	0x40
#define BER_COUNTER32	0x41
#define BER_GAUGE32	0x42
#define BER_TIMETICKS	0x43
#define BER_OPAQUE	0x44
#define BER_COUNTER64	0x46
#define BER_NOSUCHOBJ	0x80
#define BER_NOSUCHINST	0x81
#define BER_ENDOFVIEW	0x82
#define PDU_GET		0xa0
#define PDU_RESPONSE	0xa2

#define SNMP_OID_BIN_MAX 64
#define SNMP_VALUE_MAX	512

struct snmp_state {
	int32_t		 id;
	int		 id_set;
	int		 version;
	int		 version_set;
};

static const char *const snmp_probe_oids[] = {
	"1.3.6.1.2.1.1.1.0",	/* sysDescr */
	"1.3.6.1.2.1.1.2.0",	/* sysObjectID */
	"1.3.6.1.2.1.1.5.0",	/* sysName */
	"1.3.6.1.2.1.1.6.0",	/* sysLocation */
};

static const struct {
	const char	*oid;
	const char	*key;
} snmp_known[] = {
	{ "1.3.6.1.2.1.1.1.0", "snmp.sysdescr" },
	{ "1.3.6.1.2.1.1.2.0", "snmp.sysobjectid" },
	{ "1.3.6.1.2.1.1.3.0", "snmp.sysuptime" },
	{ "1.3.6.1.2.1.1.4.0", "snmp.syscontact" },
	{ "1.3.6.1.2.1.1.5.0", "snmp.sysname" },
	{ "1.3.6.1.2.1.1.6.0", "snmp.syslocation" },
};

/* ---- BER encoding ------------------------------------------------- */

static size_t
ber_len_size(size_t n)
{
	if (n < 0x80)
		return 1;
	if (n <= 0xff)
		return 2;
	return 3;			/* we never build 64 KiB messages */
}

static uint8_t *
ber_put_hdr(uint8_t *p, uint8_t tag, size_t n)
{
	*p++ = tag;
	if (n < 0x80)
		*p++ = (uint8_t)n;
	else if (n <= 0xff) {
		*p++ = 0x81;
		*p++ = (uint8_t)n;
	} else {
		*p++ = 0x82;
		*p++ = (uint8_t)(n >> 8);
		*p++ = (uint8_t)n;
	}
	return p;
}

/* Minimal two's-complement INTEGER contents length of v. */
static size_t
ber_int_size(int32_t v)
{
	size_t	 n = 4;
	uint32_t u = (uint32_t)v;

	while (n > 1) {
		uint32_t top = u >> ((n - 1) * 8 - 1) & 0x1ff;

		if (top != 0 && top != 0x1ff)
			break;
		n--;
	}
	return n;
}

static uint8_t *
ber_put_int(uint8_t *p, int32_t v)
{
	size_t	 n = ber_int_size(v), i;

	p = ber_put_hdr(p, BER_INTEGER, n);
	for (i = 0; i < n; i++)
		*p++ = (uint8_t)((uint32_t)v >> ((n - 1 - i) * 8));
	return p;
}

ssize_t
snmp_oid_encode(const char *dotted, uint8_t *out, size_t outlen)
{
	unsigned long long arcs[2] = { 0, 0 }, v;
	const char	*s = dotted;
	size_t		 o = 0, narcs = 0;
	int		 k;
	uint8_t		 tmp[5];

	if (dotted == NULL)
		return IOMT_EINVAL;
	for (;;) {
		if (*s < '0' || *s > '9')
			return IOMT_EINVAL;
		v = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (unsigned long long)(*s - '0');
			if (v > 0xffffffffULL)
				return IOMT_EINVAL;
			s++;
		}
		if (narcs < 2)
			arcs[narcs] = v;
		if (narcs == 1) {
			if (arcs[0] > 2 || (arcs[0] < 2 && v >= 40) ||
			    arcs[0] * 40 + v > 0xffffffffULL)
				return IOMT_EINVAL;
			v = arcs[0] * 40 + v;
		}
		if (narcs >= 1) {
			k = 0;
			do {
				tmp[k++] = (uint8_t)(v & 0x7f);
				v >>= 7;
			} while (v != 0);
			if (o + (size_t)k > outlen)
				return IOMT_ELIMIT;
			while (k > 0) {
				k--;
				out[o++] = (uint8_t)(tmp[k] | (k > 0 ? 0x80 :
				    0));
			}
		}
		narcs++;
		if (*s == '\0')
			break;
		if (*s != '.')
			return IOMT_EINVAL;
		s++;
	}
	if (narcs < 2)
		return IOMT_EINVAL;
	return (ssize_t)o;
}

ssize_t
snmp_build_get(uint8_t *buf, size_t buflen, int version,
    const char *community, int32_t request_id, const char *const *oids,
    size_t noids)
{
	uint8_t		 enc[16][SNMP_OID_BIN_MAX];
	size_t		 elen[16], i, clen, vbs = 0, pdu, msg, total;
	ssize_t		 n;
	uint8_t		*p;

	if ((version != SNMP_V1 && version != SNMP_V2C) || community == NULL ||
	    noids == 0 || noids > 16)
		return IOMT_EINVAL;
	clen = strlen(community);
	if (clen > 255)
		return IOMT_EINVAL;
	for (i = 0; i < noids; i++) {
		n = snmp_oid_encode(oids[i], enc[i], sizeof(enc[i]));
		if (n < 0)
			return n == IOMT_ELIMIT ? IOMT_EINVAL : n;
		elen[i] = (size_t)n;
		/* varbind: SEQUENCE { OID, NULL } */
		vbs += 1 + ber_len_size(2 + elen[i] + 2) + 2 + elen[i] + 2;
	}
	pdu = 2 + ber_int_size(request_id) + 3 + 3 +
	    1 + ber_len_size(vbs) + vbs;
	msg = 3 + 1 + ber_len_size(clen) + clen + 1 + ber_len_size(pdu) + pdu;
	total = 1 + ber_len_size(msg) + msg;
	if (total > buflen)
		return IOMT_ELIMIT;
	p = ber_put_hdr(buf, BER_SEQUENCE, msg);
	p = ber_put_int(p, version);
	p = ber_put_hdr(p, BER_OCTETS, clen);
	memcpy(p, community, clen);
	p += clen;
	p = ber_put_hdr(p, PDU_GET, pdu);
	p = ber_put_int(p, request_id);
	p = ber_put_int(p, 0);		/* error-status */
	p = ber_put_int(p, 0);		/* error-index */
	p = ber_put_hdr(p, BER_SEQUENCE, vbs);
	for (i = 0; i < noids; i++) {
		p = ber_put_hdr(p, BER_SEQUENCE, 2 + elen[i] + 2);
		p = ber_put_hdr(p, BER_OID, elen[i]);
		memcpy(p, enc[i], elen[i]);
		p += elen[i];
		*p++ = BER_NULL;
		*p++ = 0;
	}
	return (ssize_t)(p - buf);
}

/* ---- BER decoding ------------------------------------------------- */

/*
 * Read a tag and definite length; make sub a reader over the contents.
 * Return 0, IOMT_EPROTO (multi-byte tag, indefinite or over-long length)
 * or IOMT_ETRUNC (contents run past the enclosing reader).
 */
static int
ber_next(struct reader *r, uint8_t *tag, struct reader *sub)
{
	uint8_t		 b, x;
	size_t		 len = 0;
	int		 i;

	if (reader_u8(r, tag) != 0 || reader_u8(r, &b) != 0)
		return IOMT_ETRUNC;
	if ((*tag & 0x1f) == 0x1f)
		return IOMT_EPROTO;
	if (b < 0x80)
		len = b;
	else if (b == 0x80 || b > 0x84)
		return IOMT_EPROTO;
	else {
		for (i = 0; i < (b & 0x7f); i++) {
			if (reader_u8(r, &x) != 0)
				return IOMT_ETRUNC;
			len = len << 8 | x;
		}
	}
	if (len > reader_remaining(r))
		return IOMT_ETRUNC;
	return reader_sub(r, sub, len);
}

static int
ber_expect(struct reader *r, uint8_t want, struct reader *sub)
{
	uint8_t	 tag;
	int	 e;

	if ((e = ber_next(r, &tag, sub)) != 0)
		return e;
	return tag == want ? 0 : IOMT_EPROTO;
}

/* INTEGER contents (1-8 bytes) into *v, sign-extended. */
static int
ber_int_val(const struct reader *sub, int64_t *v)
{
	size_t	 i, n = sub->len;
	uint64_t u;

	if (n == 0 || n > 8)
		return IOMT_EPROTO;
	u = (sub->p[0] & 0x80) ? ~(uint64_t)0 : 0;
	for (i = 0; i < n; i++)
		u = u << 8 | sub->p[i];
	*v = (int64_t)u;
	return 0;
}

/* Unsigned contents (Counter, Gauge, TimeTicks, Counter64). */
static int
ber_uint_val(const struct reader *sub, uint64_t *v)
{
	size_t	 i, n = sub->len;

	if (n == 0 || n > 9 || (n == 9 && sub->p[0] != 0))
		return IOMT_EPROTO;
	*v = 0;
	for (i = 0; i < n; i++)
		*v = *v << 8 | sub->p[i];
	return 0;
}

static int
ber_int(struct reader *r, int64_t *v)
{
	struct reader	 sub;
	int		 e;

	if ((e = ber_expect(r, BER_INTEGER, &sub)) != 0)
		return e;
	return ber_int_val(&sub, v);
}

int
snmp_oid_decode(const uint8_t *p, size_t len, char *dst, size_t dsize)
{
	size_t		 i, o = 0;
	uint64_t	 v = 0;
	int		 first = 1, start = 1, n;

	if (len == 0 || dsize == 0)
		return len == 0 ? IOMT_EPROTO : IOMT_ELIMIT;
	dst[0] = '\0';
	for (i = 0; i < len; i++) {
		if (start && p[i] == 0x80)
			return IOMT_EPROTO;	/* non-minimal arc */
		start = 0;
		v = v << 7 | (p[i] & 0x7f);
		if (v > 0xffffffffULL)
			return IOMT_EPROTO;
		if (p[i] & 0x80)
			continue;
		if (first) {
			unsigned long x = v < 40 ? 0 : v < 80 ? 1 : 2;

			n = snprintf(dst + o, dsize - o, "%lu.%lu", x,
			    (unsigned long)(v - 40 * x));
			first = 0;
		} else
			n = snprintf(dst + o, dsize - o, ".%lu",
			    (unsigned long)v);
		if (n < 0 || (size_t)n >= dsize - o)
			return IOMT_ELIMIT;
		o += (size_t)n;
		v = 0;
		start = 1;
	}
	if (!start)
		return IOMT_EPROTO;		/* last arc unterminated */
	return 0;
}

/* One value of interest, rendered as text. */
struct snmp_val {
	const char	*key;
	char		 text[SNMP_VALUE_MAX];
	int		 is_bytes;	/* text is raw: escape when adding */
	size_t		 len;
};

/* Render a varbind value; return 0, 1 (exception: no value) or < 0. */
static int
snmp_render(uint8_t tag, const struct reader *v, struct snmp_val *out)
{
	int64_t		 i;
	uint64_t	 u;
	int		 e;

	out->is_bytes = 0;
	switch (tag) {
	case BER_OCTETS:
	case BER_OPAQUE:
		out->len = v->len < sizeof(out->text) ? v->len :
		    sizeof(out->text);
		if (out->len > 0)
			memcpy(out->text, v->p, out->len);
		out->is_bytes = 1;
		return 0;
	case BER_OID:
		return snmp_oid_decode(v->p, v->len, out->text,
		    sizeof(out->text)) == 0 ? 0 : IOMT_EPROTO;
	case BER_INTEGER:
		if ((e = ber_int_val(v, &i)) != 0)
			return e;
		snprintf(out->text, sizeof(out->text), "%lld", (long long)i);
		return 0;
	case BER_COUNTER32:
	case BER_GAUGE32:
	case BER_TIMETICKS:
	case BER_COUNTER64:
		if ((e = ber_uint_val(v, &u)) != 0)
			return e;
		snprintf(out->text, sizeof(out->text), "%llu",
		    (unsigned long long)u);
		return 0;
	case BER_IPADDR:
		if (v->len != 4)
			return IOMT_EPROTO;
		snprintf(out->text, sizeof(out->text), "%u.%u.%u.%u",
		    v->p[0], v->p[1], v->p[2], v->p[3]);
		return 0;
	case BER_NULL:
	case BER_NOSUCHOBJ:
	case BER_NOSUCHINST:
	case BER_ENDOFVIEW:
		return v->len == 0 ? 1 : IOMT_EPROTO;
	default:
		return IOMT_EPROTO;
	}
}

static const char *
snmp_error_text(int64_t s)
{
	static const char *const names[] = { "noError", "tooBig",
	    "noSuchName", "badValue", "readOnly", "genErr", "noAccess",
	    "wrongType", "wrongLength", "wrongEncoding", "wrongValue",
	    "noCreation", "inconsistentValue", "resourceUnavailable",
	    "commitFailed", "undoFailed", "authorizationError", "notWritable",
	    "inconsistentName" };

	if (s < 0 || (size_t)s >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s];
}

#define SNMP_NKNOWN	(sizeof(snmp_known) / sizeof(snmp_known[0]))

int
snmp_parse_response(const uint8_t *buf, size_t len, const int32_t *want_id,
    struct kvset *obs)
{
	struct snmp_val	 vals[SNMP_NKNOWN];
	struct reader	 r, msg, comm, pdu, vbl, vb, name, val;
	char		 oid[SNMP_OID_TEXT_MAX];
	int64_t		 version, id, estat, eidx;
	uint8_t		 tag;
	size_t		 i, nvals = 0;
	int		 e;

	reader_init(&r, buf, len);
	if ((e = ber_expect(&r, BER_SEQUENCE, &msg)) != 0)
		return e;
	if ((e = ber_int(&msg, &version)) != 0)
		return e;
	if (version != SNMP_V1 && version != SNMP_V2C)
		return IOMT_EPROTO;
	if ((e = ber_expect(&msg, BER_OCTETS, &comm)) != 0)
		return e;
	if ((e = ber_next(&msg, &tag, &pdu)) != 0)
		return e;
	if (tag != PDU_RESPONSE)
		return IOMT_EPROTO;
	if ((e = ber_int(&pdu, &id)) != 0 ||
	    (e = ber_int(&pdu, &estat)) != 0 ||
	    (e = ber_int(&pdu, &eidx)) != 0)
		return e;
	if (id < INT32_MIN || id > INT32_MAX)
		return IOMT_EPROTO;
	if ((e = ber_expect(&pdu, BER_SEQUENCE, &vbl)) != 0)
		return e;
	while (reader_remaining(&vbl) > 0) {
		if ((e = ber_expect(&vbl, BER_SEQUENCE, &vb)) != 0)
			return e;
		if ((e = ber_expect(&vb, BER_OID, &name)) != 0)
			return e;
		if ((e = ber_next(&vb, &tag, &val)) != 0)
			return e;
		if (reader_remaining(&vb) != 0)
			return IOMT_EPROTO;
		if (snmp_oid_decode(name.p, name.len, oid, sizeof(oid)) != 0)
			return IOMT_EPROTO;
		for (i = 0; i < SNMP_NKNOWN; i++)
			if (strcmp(oid, snmp_known[i].oid) == 0)
				break;
		if (i == SNMP_NKNOWN || nvals == SNMP_NKNOWN) {
			/* Validate the value even when unused. */
			struct snmp_val scratch;

			if (snmp_render(tag, &val, &scratch) < 0)
				return IOMT_EPROTO;
			continue;
		}
		e = snmp_render(tag, &val, &vals[nvals]);
		if (e < 0)
			return e;
		if (e == 0)
			vals[nvals++].key = snmp_known[i].key;
	}
	if (want_id != NULL && id != *want_id)
		return IOMT_ENOTFOUND;

	kv_add(obs, "service", "snmp");
	kv_add(obs, "snmp.version", version == SNMP_V1 ? "1" : "2c");
	if (estat != 0) {
		kv_addf(obs, "snmp.error_status", "%lld", (long long)estat);
		kv_add(obs, "snmp.error_text", snmp_error_text(estat));
		kv_addf(obs, "snmp.error_index", "%lld", (long long)eidx);
	}
	for (i = 0; i < nvals; i++) {
		if (vals[i].is_bytes) {
			size_t	 n = vals[i].len;

			/* Display strings often end in NUL or CR LF. */
			while (n > 0 && (vals[i].text[n - 1] == '\0' ||
			    vals[i].text[n - 1] == '\n' ||
			    vals[i].text[n - 1] == '\r'))
				n--;
			kv_add_bytes(obs, vals[i].key,
			    (const uint8_t *)vals[i].text, n, SNMP_VALUE_MAX);
		} else
			kv_add(obs, vals[i].key, vals[i].text);
		if (strcmp(vals[i].key, "snmp.sysobjectid") == 0 &&
		    strncmp(vals[i].text, "1.3.6.1.4.1.", 12) == 0) {
			char	 pen[16];
			size_t	 k;

			for (k = 0; k + 1 < sizeof(pen) &&
			    vals[i].text[12 + k] >= '0' &&
			    vals[i].text[12 + k] <= '9'; k++)
				pen[k] = vals[i].text[12 + k];
			pen[k] = '\0';
			if (k > 0)
				kv_add(obs, "snmp.enterprise", pen);
		}
	}
	return 0;
}

void
snmp_set_version(void *state, int version)
{
	struct snmp_state *st = state;

	st->version = version == SNMP_V1 ? SNMP_V1 : SNMP_V2C;
	st->version_set = 1;
}

void
snmp_set_request_id(void *state, int32_t request_id)
{
	struct snmp_state *st = state;

	if (request_id == 0)
		return;
	st->id = request_id;
	st->id_set = 1;
}

/* ---- the probe ---------------------------------------------------- */

static const char *
snmp_community(const struct probe_target *t)
{
	if (t != NULL && t->cfg != NULL && t->cfg->snmp_communities != NULL &&
	    t->cfg->snmp_communities[0] != NULL &&
	    t->cfg->snmp_communities[0][0] != '\0')
		return t->cfg->snmp_communities[0];
	return "public";
}

static int
snmp_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct snmp_state *st = state;
	ssize_t		 n;

	*outn = 0;
	if (!st->version_set)
		st->version = SNMP_V2C;
	while (!st->id_set && st->id == 0)
		st->id = (int32_t)(proto_random() & 0x7fffffff);
	n = snmp_build_get(out, outlen, st->version, snmp_community(t), st->id,
	    snmp_probe_oids, sizeof(snmp_probe_oids) /
	    sizeof(snmp_probe_oids[0]));
	if (n < 0)
		return (int)n;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
snmp_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	struct snmp_state *st = state;
	const char	*c;
	int		 e;

	*outn = 0;
	if (len == 0)
		return (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) ?
		    PROBE_DONE : PROBE_MORE;
	e = snmp_parse_response(buf, len, &st->id, obs);
	if (e == IOMT_ENOTFOUND)
		return PROBE_MORE;	/* not the reply to our request */
	if (e != 0)
		return e;
	/* An answer means the community was accepted.  Record its value
	 * only when it is a well-known default: a site's own community is
	 * a secret and does not belong in the inventory. */
	c = snmp_community(t);
	if (strcmp(c, "public") == 0 || strcmp(c, "private") == 0) {
		kv_add(obs, "snmp.community_accepted", c);
		kv_add(obs, "snmp.default_community", "yes");
	} else {
		kv_add(obs, "snmp.community_accepted", "(configured)");
		kv_add(obs, "snmp.default_community", "no");
	}
	return PROBE_DONE;
}

/* ---- selftest ----------------------------------------------------- */

/*
 * A v1 GET of sysDescr, sysObjectID, sysName (RFC 1157 message, RFC 1213
 * OIDs), as in docs/PROBES.md "snmp-get".
 */
static const uint8_t st_req_v1[] = {
	0x30, 0x45, 0x02, 0x01, 0x00, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6c,
	0x69, 0x63, 0xa0, 0x38, 0x02, 0x04, 0x1a, 0x2b, 0x3c, 0x4d, 0x02,
	0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x2a, 0x30, 0x0c, 0x06, 0x08,
	0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00, 0x30,
	0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,
	0x05, 0x00, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01,
	0x01, 0x05, 0x00, 0x05, 0x00
};

static int
snmp_selftest(void)
{
	static const char *const oids[] = { "1.3.6.1.2.1.1.1.0",
	    "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0" };
	struct snmp_state st;
	struct probe_target t = { .port = 161, .proto = "udp" };
	struct kvset	 o;
	uint8_t		 buf[256], out[8];
	size_t		 n;
	ssize_t		 m;
	const char	*v;

	m = snmp_build_get(buf, sizeof(buf), SNMP_V1, "public", 0x1a2b3c4d,
	    oids, 3);
	if (m != (ssize_t)sizeof(st_req_v1) ||
	    memcmp(buf, st_req_v1, sizeof(st_req_v1)) != 0)
		return -1;
	/* Our own request turned into a response: tag A2, OID values. */
	memset(&st, 0, sizeof(st));
	if (snmp_start(&st, &t, buf, sizeof(buf), &n) != PROBE_SEND)
		return -1;
	/* 30 L 02 01 01 04 06 "public" A0: the PDU tag is at offset 13. */
	if (buf[13] != PDU_GET)
		return -1;
	buf[13] = PDU_RESPONSE;
	kv_reset(&o);
	if (snmp_input(&st, &t, buf, n, 0, &o, out, sizeof(out), &n) !=
	    PROBE_DONE)
		return -1;
	v = kv_get(&o, "snmp.version");
	if (v == NULL || strcmp(v, "2c") != 0)
		return -1;
	/* A request is not a response. */
	kv_reset(&o);
	if (snmp_parse_response(st_req_v1, sizeof(st_req_v1), NULL, &o) !=
	    IOMT_EPROTO)
		return -1;
	return 0;
}

const struct probe_ops probe_snmp_get = {
	.name = "snmp-get",
	.service = NULL,	/* "service" is added once SNMP is proven */
	.summary = "one SNMP v2c GET of sysDescr, sysObjectID, sysName, "
	    "sysLocation with the configured community",
	.flags = PROBE_F_UDP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 161, 0 },
	.max_reply = 1500,
	.state_size = sizeof(struct snmp_state),
	.timeout_ms = 2000,
	.start = snmp_start,
	.input = snmp_input,
	.selftest = snmp_selftest,
};
