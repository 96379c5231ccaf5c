/*
 * test-ledger.c - the ledger reader on ledgers as hospitals keep them.
 *
 * The fixtures (tests/fixtures/ledger/, written by make-fixtures.py) hold
 * the same five devices in CP932 with a title row, UTF-8 with a BOM,
 * English headers in another order, UTF-16 "Unicode text" and .xlsx with
 * furigana; every format must read to the same rows.  The bad-* files
 * must each be refused with the row named.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "iomt/ledger.h"
#include "iomt/util.h"
#include "runner.h"

static struct ledger *
load(const char *name, const struct ledger_map *map, size_t nmap, int *rp,
    char *err, size_t errlen)
{
	char path[1024];
	struct ledger *l = NULL;

	snprintf(path, sizeof(path), "%s/tests/fixtures/ledger/%s",
	    test_srcdir(), name);
	*rp = ledger_load(path, map, nmap, &l, err, errlen);
	return l;
}

/* The five demo devices, whatever the format. */
static int
check_rows(const struct ledger *l)
{
	char m[18];

	ASSERT_EQ(l->nrows, 5);
	ASSERT_STR_EQ(l->rows[0].field[LEDGER_F_ID], "ME-0001");
	ASSERT_STR_EQ(l->rows[0].field[LEDGER_F_NAME], "輸液ポンプ");
	ASSERT_EQ(l->rows[0].nip, 1);
	ASSERT_STR_EQ(l->rows[0].ip[0], "198.18.1.21");
	ASSERT_STR_EQ(mac_ntoa(l->rows[0].mac[0], m, sizeof(m)),
	    "00:09:5c:12:00:12");
	/* full-width digits and dots */
	ASSERT_STR_EQ(l->rows[1].ip[0], "198.18.1.22");
	ASSERT_STR_EQ(mac_ntoa(l->rows[1].mac[0], m, sizeof(m)),
	    "00:09:5c:12:00:13");
	/* leading zeros, Cisco dots */
	ASSERT_STR_EQ(l->rows[2].ip[0], "198.18.1.30");
	ASSERT_STR_EQ(mac_ntoa(l->rows[2].mac[0], m, sizeof(m)),
	    "00:09:5c:12:00:30");
	/* no IP, bare hex MAC */
	ASSERT_EQ(l->rows[3].nip, 0);
	ASSERT_STR_EQ(mac_ntoa(l->rows[3].mac[0], m, sizeof(m)),
	    "00:09:5c:12:00:40");
	/* "-" means no value */
	ASSERT_EQ(l->rows[4].nip, 0);
	ASSERT_EQ(l->rows[4].nmac, 0);
	ASSERT_STR_EQ(l->rows[4].field[LEDGER_F_VENDOR], "日本光電");
	return 0;
}

TEST_IMPL(ledger_formats_read_alike)
{
	static const char *const files[] = {
		"cp932-title.csv", "utf8-bom.csv", "english.csv",
		"unicode-text.txt", "ledger.xlsx",
	};
	static const char *const enc[] = {
		"cp932", "utf-8-bom", "utf-8", "utf-16le", "utf-8",
	};
	static const size_t header[] = { 4, 1, 1, 1, 3 };
	char err[512];
	int r;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ledger *l = load(files[i], NULL, 0, &r, err,
		    sizeof(err));

		if (r != 0)
			fprintf(stderr, "%s\n", err);
		ASSERT_EQ(r, 0);
		ASSERT_STR_EQ(l->encoding, enc[i]);
		ASSERT_EQ(l->header_row, header[i]);
		if (check_rows(l) != 0) {
			fprintf(stderr, "in %s\n", files[i]);
			ledger_free(l);
			return 1;
		}
		if (i != 2) {	/* Japanese headers carry these columns */
			ASSERT_STR_EQ(l->colname[LEDGER_F_OWNER], "管理部署");
			ASSERT_STR_EQ(l->rows[0].field[LEDGER_F_CONTRACT],
			    "あり");
			ASSERT_STR_EQ(l->rows[2].field[LEDGER_F_NOTE],
			    "複数行の\n備考");
		}
		ledger_free(l);
	}
	return 0;
}

TEST_IMPL(ledger_map_names_columns)
{
	struct ledger_map map[] = {
		{ "ネットワーク", LEDGER_F_IP }, { "D", LEDGER_F_MAC },
		{ "番号", LEDGER_F_ID },
	};
	char err[512];
	int r;
	struct ledger *l = load("custom-header.csv", NULL, 0, &r, err,
	    sizeof(err));

	ASSERT_EQ(r, IOMT_EINVAL);
	ASSERT(strstr(err, "--map") != NULL);
	l = load("custom-header.csv", map, 3, &r, err, sizeof(err));
	ASSERT_EQ(r, 0);
	ASSERT_EQ(l->nrows, 1);
	ASSERT_STR_EQ(l->rows[0].field[LEDGER_F_ID], "X-1");
	ASSERT_STR_EQ(l->rows[0].ip[0], "198.18.1.21");
	ASSERT_EQ(l->rows[0].nmac, 1);
	ledger_free(l);
	return 0;
}

TEST_IMPL(ledger_bad_files_name_the_row)
{
	static const struct {
		const char	*file;
		const char	*want;
	} bad[] = {
		{ "bad-mac.csv", "row 4, column H (MACアドレス)" },
		{ "bad-dupmac.csv", "rows 2 and 4 both list MAC" },
		{ "bad-noheader.csv", "no header row" },
		{ "bad-ambiguous.csv", "columns B (IPアドレス) and D (IP)" },
		{ "bad-binary.csv", "not a CSV" },
		{ "bad-quote.csv", "row 3: a quoted field is never closed" },
		{ "bad-notzip.xlsx", "not a readable .xlsx" },
	};
	char err[512];
	int r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ledger *l = load(bad[i].file, NULL, 0, &r, err,
		    sizeof(err));

		ASSERT_NULL(l);
		ASSERT(r < 0);
		if (strstr(err, bad[i].want) == NULL) {
			fprintf(stderr, "%s: got '%s', want '%s'\n",
			    bad[i].file, err, bad[i].want);
			return 1;
		}
		ASSERT(strstr(err, bad[i].file) != NULL);
	}
	return 0;
}

TEST_IMPL(ledger_addresses_any_notation)
{
	static const char *const macs[] = {
		"00:09:5C:12:00:12", "00-09-5c-12-00-12", "0009.5c12.0012",
		"00095c120012", "００：０９：５Ｃ：１２：００：１２",
		" 00:09:5c:12:00:12 ",
	};
	static const char *const notmacs[] = {
		"00:09:5C:12:00", "00:09-5C:12:00:12", "0009.5c12.00120",
		"zz:09:5C:12:00:12", "", "00:09:5C:12:00:12:34",
		"000:9:5C:12:00:12",
	};
	uint8_t m[6], want[6] = { 0x00, 0x09, 0x5c, 0x12, 0x00, 0x12 };
	char ip[46];

	for (size_t i = 0; i < sizeof(macs) / sizeof(macs[0]); i++) {
		ASSERT_EQ(ledger_mac_parse(macs[i], m), 0);
		ASSERT(memcmp(m, want, 6) == 0);
	}
	for (size_t i = 0; i < sizeof(notmacs) / sizeof(notmacs[0]); i++)
		ASSERT_EQ(ledger_mac_parse(notmacs[i], m), IOMT_EINVAL);
	ASSERT_EQ(ledger_ip_parse("１９８．１８．０．５", ip, sizeof(ip)), 0);
	ASSERT_STR_EQ(ip, "198.18.0.5");
	ASSERT_EQ(ledger_ip_parse("198.018.000.005", ip, sizeof(ip)), 0);
	ASSERT_STR_EQ(ip, "198.18.0.5");
	ASSERT_EQ(ledger_ip_parse("2001:DB8::1", ip, sizeof(ip)), 0);
	ASSERT_STR_EQ(ip, "2001:db8::1");
	ASSERT_EQ(ledger_ip_parse("198.18.0.256", ip, sizeof(ip)), IOMT_EINVAL);
	ASSERT_EQ(ledger_ip_parse("198.18.0", ip, sizeof(ip)), IOMT_EINVAL);
	ASSERT_EQ(ledger_ip_parse("198.18.0.5.1", ip, sizeof(ip)), IOMT_EINVAL);
	ASSERT_EQ(ledger_ip_parse("1980.18.0.5", ip, sizeof(ip)), IOMT_EINVAL);
	return 0;
}

static const char *
covered_demo(void *arg, const char *ip)
{
	(void)arg;
	if (ip == NULL)
		return "no IP address in the ledger";
	/* the demo scan held 198.18.1.30 passive */
	return strcmp(ip, "198.18.1.30") == 0 ? "held passive" : NULL;
}

TEST_IMPL(ledger_reconcile_mac_then_ip)
{
	/* 0: ME-0001 by MAC at a new address (moved)
	 * 1: ME-0002's address with another MAC (replaced): by IP
	 * 2: not in the ledger: unmanaged */
	uint8_t m0[6] = { 0x00, 0x09, 0x5c, 0x12, 0x00, 0x12 };
	uint8_t m1[6] = { 0x00, 0x09, 0x5c, 0x99, 0x99, 0x99 };
	uint8_t m2[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	struct ledger_host h[] = {
		{ "198.18.1.77", m0, NULL },
		{ "198.18.1.22", m1, NULL },
		{ "198.18.1.200", m2, NULL },
	};
	struct ledger_result res;
	char err[512];
	int r;
	struct ledger *l = load("utf8-bom.csv", NULL, 0, &r, err, sizeof(err));

	ASSERT_EQ(r, 0);
	ledger_reconcile(l, h, 3, covered_demo, NULL, &res);
	ASSERT_EQ(res.nmatched, 2);
	ASSERT_EQ(res.matched[0].host, 0);
	ASSERT_EQ(res.matched[0].row, 0);
	ASSERT_STR_EQ(res.matched[0].by, "mac");
	ASSERT_EQ(res.matched[1].host, 1);
	ASSERT_EQ(res.matched[1].row, 1);
	ASSERT_STR_EQ(res.matched[1].by, "ip");
	ASSERT_EQ(res.nunmanaged, 1);
	ASSERT_EQ(res.unmanaged[0], 2);
	/* ME-0003 held passive; ME-0004 (MAC only) and ME-0005 (no
	 * address) cannot be told missing */
	ASSERT_EQ(res.nnot_checked, 3);
	ASSERT_STR_EQ(res.not_checked_why[0], "held passive");
	ASSERT_EQ(res.nmissing, 0);
	ledger_result_free(&res);
	ledger_reconcile(l, h, 3, NULL, NULL, &res);
	ASSERT_EQ(res.nmissing, 3);
	ledger_result_free(&res);
	ledger_free(l);
	return 0;
}
