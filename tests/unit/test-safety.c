/*
 * test-safety.c - unit tests for the compiled-in never-list and the names
 * of the safety levels (src/safety/neverlist.c).
 *
 * The never-list is the last line of defence between a user's --ports or
 * a vendor script and a fragile device, so every rule is tested for every
 * probe kind: nothing to 7/9/13/17/19, no bytes to printer raw or
 * serial-bridge data ports (a bare connect is fine), UDP only to SNMP.
 */
#include "config.h"

#include <stddef.h>

#include "iomt/util.h"
#include "iomt/safety.h"
#include "runner.h"

static const enum safety_kind all_kinds[] = {
	SAFETY_K_CONNECT, SAFETY_K_PAYLOAD, SAFETY_K_UDP
};

static const char *
proto_of(enum safety_kind k)
{
	return k == SAFETY_K_UDP ? "udp" : "tcp";
}

TEST_IMPL(safety_never_list)
{
	static const uint16_t simple[] = { 7, 9, 13, 17, 19 };
	static const uint16_t printer[] = { 9100, 9101, 9104, 9107, 515,
	    9999 };
	static const uint16_t serial[] = { 4001, 4016, 10001, 10016, 2101,
	    950, 966 };
	const char	*why;
	size_t		 i, k;

	/* 7/9/13/17/19: refused for every kind, either protocol */
	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		for (k = 0; k < sizeof(all_kinds) / sizeof(all_kinds[0]);
		    k++) {
			why = NULL;
			ASSERT_EQ(safety_check(all_kinds[k],
			    proto_of(all_kinds[k]), simple[i], &why),
			    IOMT_EDENIED);
			ASSERT_NOT_NULL(why);
			ASSERT(strstr(why, "ICSMA-18-233-01") != NULL);
			ASSERT_EQ(safety_check(all_kinds[k], "tcp",
			    simple[i], NULL), IOMT_EDENIED);
			ASSERT_EQ(safety_check(all_kinds[k], "udp",
			    simple[i], NULL), IOMT_EDENIED);
		}
	}
	/* port 0 is never probed */
	ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", 0, NULL),
	    IOMT_EDENIED);

	/* printer raw ports: a connect is allowed, a byte is not */
	for (i = 0; i < sizeof(printer) / sizeof(printer[0]); i++) {
		ASSERT(safety_is_printer_raw(printer[i]));
		why = "x";
		ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", printer[i],
		    &why), 0);
		ASSERT_NULL(why);
		ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", printer[i],
		    &why), IOMT_EDENIED);
		ASSERT(strstr(why, "printer") != NULL);
		ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", printer[i],
		    NULL), IOMT_EDENIED);
	}
	ASSERT(!safety_is_printer_raw(9108));
	ASSERT(!safety_is_printer_raw(9099));

	/* serial-bridge data ports: likewise */
	for (i = 0; i < sizeof(serial) / sizeof(serial[0]); i++) {
		ASSERT(safety_is_serial_data(serial[i]));
		ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", serial[i],
		    NULL), 0);
		why = NULL;
		ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", serial[i],
		    &why), IOMT_EDENIED);
		ASSERT_NOT_NULL(why);
		ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", serial[i],
		    NULL), IOMT_EDENIED);
	}
	ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", 10001, &why),
	    IOMT_EDENIED);
	ASSERT(strstr(why, "serial") != NULL);
	ASSERT(!safety_is_serial_data(4000));
	ASSERT(!safety_is_serial_data(10017));

	/* UDP: only SNMP */
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 161, NULL), 0);
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 53, &why), IOMT_EDENIED);
	ASSERT(strstr(why, "161") != NULL);
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 162, NULL), IOMT_EDENIED);
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 123, NULL), IOMT_EDENIED);
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 5353, NULL),
	    IOMT_EDENIED);
	ASSERT_EQ(safety_check(SAFETY_K_UDP, "udp", 24005, NULL),
	    IOMT_EDENIED);

	/* ordinary services: payload allowed */
	ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", 80, &why), 0);
	ASSERT_NULL(why);
	ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", 80, NULL), 0);
	ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", 104, NULL), 0);
	ASSERT_EQ(safety_check(SAFETY_K_PAYLOAD, "tcp", 11112, NULL), 0);
	ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", 2575, NULL), 0);
	ASSERT_EQ(safety_check(SAFETY_K_CONNECT, "tcp", 65535, NULL), 0);

	/* ARP has no port and is never refused here */
	ASSERT_EQ(safety_check(SAFETY_K_ARP, NULL, 0, &why), 0);
	ASSERT_NULL(why);
	return 0;
}

TEST_IMPL(safety_levels)
{
	static const char *const names[] = {
		"passive", "discovery", "gentle", "standard", "clinical"
	};
	int	 l;

	ASSERT_EQ(LEVEL_PASSIVE, 0);
	ASSERT(LEVEL_PASSIVE < LEVEL_DISCOVERY);
	ASSERT(LEVEL_DISCOVERY < LEVEL_GENTLE);
	ASSERT(LEVEL_GENTLE < LEVEL_STANDARD);
	ASSERT(LEVEL_STANDARD < LEVEL_CLINICAL);
	for (l = LEVEL_PASSIVE; l <= LEVEL_CLINICAL; l++) {
		ASSERT_STR_EQ(safety_level_name((enum safety_level)l),
		    names[l]);
		ASSERT_EQ(safety_level_parse(names[l]), l);
		ASSERT_EQ(safety_level_parse(safety_level_name(
		    (enum safety_level)l)), l);
	}
	ASSERT_STR_EQ(safety_level_name((enum safety_level)5), "unknown");
	ASSERT_STR_EQ(safety_level_name((enum safety_level)-1), "unknown");
	ASSERT_EQ(safety_level_parse("aggressive"), -1);
	ASSERT_EQ(safety_level_parse("unknown"), -1);
	ASSERT_EQ(safety_level_parse(""), -1);
	ASSERT_EQ(safety_level_parse("Passive"), -1);
	ASSERT_EQ(safety_level_parse("gentle "), -1);
	return 0;
}
