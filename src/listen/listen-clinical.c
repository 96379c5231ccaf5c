/*
 * src/listen/listen-clinical.c - passive decoders of clinical TCP traffic:
 * the DICOM association header (DICOM PS3.8 section 9.3.2, A-ASSOCIATE-RQ
 * and -AC) and the MSH segment of HL7 v2 over MLLP (HL7 v2 chapter 2).
 *
 * A conversation seen on the wire shows which host is a DICOM or HL7
 * server, and the association or MSH header names the applications.
 * Nothing after the DICOM association items or the MSH segment is read,
 * so no images or patient data are ever copied.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/listen.h"
#include "listen-int.h"

/* ------------------------------------------------------------------ */
/* DICOM and HL7 on TCP                                                */

/* The side of a TCP conversation that is the server: the lower port. */
static int
dst_is_server(const struct listen_pkt *pk)
{
	return pk->dport <= pk->sport;
}

static struct listen_rec *
rec_ip_only(struct listen_result *res, uint32_t ip)
{
	struct listen_rec *rec = lrec_new(res);

	if (rec == NULL)
		return NULL;
	lrec_ip(rec, ip);
	if (!rec->has_ip) {
		res->n--;
		return NULL;
	}
	return rec;
}

/*
 * A-ASSOCIATE-RQ (type 1) / -AC (type 2), PS3.8 §9.3.2-9.3.3:
 *   type(1) 00 length(4) version(2)=0001 reserved(2)
 *   called AE(16) calling AE(16) reserved(32) items...
 *   item: type(1) 00 length(2) value; 0x50 user information holds
 *   0x52 implementation class UID and 0x55 implementation version.
 * Only the first segment is seen; items cut by it are skipped.
 */
int
listen_parse_dicom(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct reader	 r, item, sub;
	uint8_t		 type, rsv, itype;
	uint16_t	 version, ilen;
	uint32_t	 pdulen;
	const uint8_t	*called, *calling, *b;
	struct listen_rec *client, *server, *self;

	reader_init(&r, p, len);
	reader_u8(&r, &type);
	reader_u8(&r, &rsv);
	reader_be32(&r, &pdulen);
	reader_be16(&r, &version);
	reader_skip(&r, 2);
	reader_bytes(&r, &called, 16);
	reader_bytes(&r, &calling, 16);
	reader_skip(&r, 32);
	if (r.err != 0)
		return IOMT_ETRUNC;
	if ((type != 1 && type != 2) || rsv != 0 || (version & 1) == 0 ||
	    pdulen < 68 || pdulen > 65536)
		return IOMT_EPROTO;
	/* Items: bounded by the PDU length and by what was captured. */
	if (reader_remaining(&r) > pdulen - 68)
		r.len = r.off + (pdulen - 68);
	if (type == 1) {
		client = rec_ip_only(res, pk->sip);
		server = rec_ip_only(res, pk->dip);
		self = client;
		if (client != NULL)
			lrec_text(&client->obs, "dicom.ae_title", calling, 16);
		if (server != NULL) {
			lrec_svc(server, "tcp", pk->dport, "dicom");
			strlcpy(server->obs_proto, "tcp",
			    sizeof(server->obs_proto));
			server->obs_port = pk->dport;
			lrec_text(&server->obs, "dicom.ae_title", called, 16);
		}
	} else {
		server = rec_ip_only(res, pk->sip);
		self = server;
		if (server != NULL) {
			lrec_svc(server, "tcp", pk->sport, "dicom");
			strlcpy(server->obs_proto, "tcp",
			    sizeof(server->obs_proto));
			server->obs_port = pk->sport;
			lrec_text(&server->obs, "dicom.ae_title", called, 16);
		}
	}
	while (self != NULL && reader_remaining(&r) >= 4) {
		reader_u8(&r, &itype);
		reader_skip(&r, 1);
		reader_be16(&r, &ilen);
		if (reader_sub(&r, &item, ilen) != 0)
			break;		/* cut by the segment: stop */
		if (itype != 0x50)
			continue;
		while (reader_remaining(&item) >= 4) {
			reader_u8(&item, &itype);
			reader_skip(&item, 1);
			reader_be16(&item, &ilen);
			if (reader_sub(&item, &sub, ilen) != 0)
				break;
			if (itype != 0x52 && itype != 0x55)
				continue;
			if (ilen == 0 || ilen > 64)
				continue;
			reader_bytes(&sub, &b, ilen);
			lrec_text(&self->obs, itype == 0x52 ?
			    "dicom.impl_uid" : "dicom.impl_version", b, ilen);
		}
	}
	return 0;
}

/*
 * HL7 v2 over MLLP: 0x0b, then segments ending in \r, then 0x1c 0x0d.
 * Only the MSH segment is read: MSH-1 is the field separator, MSH-2 the
 * encoding characters, MSH-3 sending application, MSH-4 sending
 * facility, MSH-12 version.  The rest of the message (where patient data
 * lives) is never looked at.
 */
int
listen_parse_hl7(const struct listen_pkt *pk, const uint8_t *p, size_t len,
    struct listen_result *res)
{
	struct listen_rec *snd, *srv;
	uint8_t		 sep;
	size_t		 end, off, field = 0, start;
	const size_t	 cap = 1024;

	if (len < 9 || p[0] != 0x0b || memcmp(p + 1, "MSH", 3) != 0)
		return IOMT_EPROTO;
	sep = p[4];
	if (sep < 0x21 || sep > 0x7e || (sep >= '0' && sep <= '9') ||
	    (sep >= 'A' && sep <= 'Z') || (sep >= 'a' && sep <= 'z'))
		return IOMT_EPROTO;
	/* The MSH segment ends at \r (or \n, or the MLLP trailer). */
	for (end = 1; end < len && end < cap; end++)
		if (p[end] == '\r' || p[end] == '\n' || p[end] == 0x1c)
			break;
	if ((snd = rec_ip_only(res, pk->sip)) == NULL)
		return 0;
	/* Field 0 is "MSH"; MSH-1 is the separator itself, so after the
	 * first separator comes MSH-2 (field 1), then MSH-3 (field 2) ... */
	off = 5;
	field = 1;
	start = off;
	for (; off <= end; off++) {
		if (off < end && p[off] != sep)
			continue;
		if (field == 2 || field == 3 || field == 11)
			lrec_text(&snd->obs, field == 2 ? "hl7.sending_app" :
			    field == 3 ? "hl7.sending_facility" :
			    "hl7.version", p + start,
			    off - start > 64 ? 64 : off - start);
		field++;
		start = off + 1;
		if (field > 11)
			break;
	}
	srv = dst_is_server(pk) ? rec_ip_only(res, pk->dip) : snd;
	if (srv != NULL)
		lrec_svc(srv, "tcp", dst_is_server(pk) ? pk->dport : pk->sport,
		    "hl7");
	return 0;
}
