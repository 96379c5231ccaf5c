/*
 * fuzz-listen.c - libFuzzer target for every passive-inventory decoder
 * (src/listen/listen*.c).
 *
 * "iomtscan listen" decodes whatever arrives on a wire it does not
 * control, so each decoder must survive any bytes.  The first input byte
 * picks the decoder (the whole-frame dispatcher for Ethernet or Linux
 * cooked captures, or one protocol parser directly, with the rest as its
 * payload), so the fuzzer reaches every parser, not only those a valid
 * frame header leads to.  Decoded records are fed to the host table too.
 * Invariants: never more than LISTEN_RECS_MAX records, and none left
 * behind by a frame reported malformed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "iomt/listen.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct listen_result res;
	struct listen_table *t;
	struct listen_pkt pk;
	const uint8_t	*p;
	size_t		 n;
	int		 r;

	if (size < 1)
		return 0;
	p = data + 1;
	n = size - 1;
	memset(&pk, 0, sizeof(pk));
	pk.sip = 0xc6120001;
	pk.dip = 0xc6120002;
	pk.sport = 40000;
	pk.dport = 104;
	pk.l2_group = data[0] & 0x80 ? 1 : 0;
	pk.smac = (const uint8_t *)"\x00\x09\xfb\x01\x02\x03";
	listen_result_init(&res);
	switch (data[0] % 11) {
	case 0:
		r = listen_parse_frame(LISTEN_DLT_EN10MB, p, n, &res);
		break;
	case 1:
		r = listen_parse_frame(LISTEN_DLT_LINUX_SLL, p, n, &res);
		break;
	case 2:
		r = listen_parse_arp(p, n, &res);
		break;
	case 3:
		r = listen_parse_lldp(p, n, pk.smac, &res);
		break;
	case 4:
		r = listen_parse_cdp(p, n, pk.smac, &res);
		break;
	case 5:
		pk.sport = 67;
		pk.dport = 68;
		r = listen_parse_dhcp(&pk, p, n, &res);
		break;
	case 6:
		r = listen_parse_mdns(&pk, p, n, &res);
		break;
	case 7:
		pk.sport = 1900;
		r = listen_parse_ssdp(&pk, p, n, &res);
		break;
	case 8:
		r = listen_parse_intellivue(&pk, p, n, &res);
		break;
	case 9:
		pk.tcp = 1;
		r = listen_parse_dicom(&pk, p, n, &res);
		break;
	default:
		pk.tcp = 1;
		pk.dport = 2575;
		r = listen_parse_hl7(&pk, p, n, &res);
		break;
	}
	if (res.n > LISTEN_RECS_MAX)
		abort();
	if (data[0] % 11 <= 1 && r < 0 && res.n != 0)
		abort();
	t = listen_table_new();
	listen_table_add(t, &res);
	listen_table_add(t, &res);
	listen_table_free(t);
	return 0;
}
