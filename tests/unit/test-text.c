/*
 * test-text.c - UTF-8 text end to end: what a device sends in Japanese is
 * stored as UTF-8 (only invalid bytes and dangerous characters escaped),
 * terminal output keeps it but neutralises control characters and escape
 * sequences, and column widths count East Asian wide characters twice.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iomt/util.h"
#include "runner.h"

static const char *
printable(const char *s, size_t len, char *dst, size_t dsize)
{
	str_printable(dst, dsize, (const uint8_t *)s, len);
	return dst;
}

TEST_IMPL(text_utf8_kept_invalid_escaped)
{
	char	 out[256];

	/* An infusion-pump management page title, as the device sends it. */
	ASSERT_STR_EQ(printable("輸液ポンプ管理", strlen("輸液ポンプ管理"),
	    out, sizeof(out)), "輸液ポンプ管理");
	/* Invalid bytes (a Shift-JIS "ポ" and a lone continuation byte). */
	ASSERT_STR_EQ(printable("a\x83\x7c\x80z", 5, out, sizeof(out)),
	    "a\\x83|\\x80z");
	/* Controls, escape sequences, C1 and bidi overrides are escaped. */
	ASSERT_STR_EQ(printable("\x1b[2Jx\r\n", 7, out, sizeof(out)),
	    "\\x1b[2Jx\\r\\n");
	ASSERT_STR_EQ(printable("\xc2\x9b" "1m", 4, out, sizeof(out)),
	    "\\xc2\\x9b1m");
	ASSERT_STR_EQ(printable("ab\xe2\x80\xae" "cd", 7, out, sizeof(out)),
	    "ab\\xe2\\x80\\xaecd");
	ASSERT_STR_EQ(printable("a\\b", 3, out, sizeof(out)), "a\\\\b");
	/* Overlong and surrogate forms are not UTF-8. */
	ASSERT_STR_EQ(printable("\xc0\xaf", 2, out, sizeof(out)),
	    "\\xc0\\xaf");
	ASSERT_STR_EQ(printable("\xed\xa0\x80", 3, out, sizeof(out)),
	    "\\xed\\xa0\\x80");
	return 0;
}

TEST_IMPL(text_printable_never_splits)
{
	char	 out[8];
	size_t	 n;

	/* "管理" is 6 bytes; a 5-byte buffer holds only the first. */
	n = str_printable(out, 5, (const uint8_t *)"管理", 6);
	ASSERT_EQ(n, 3);
	ASSERT_STR_EQ(out, "管");
	/* An escape is never cut either. */
	n = str_printable(out, 6, (const uint8_t *)"a\x01\x02", 3);
	ASSERT_EQ(n, 2);
	ASSERT_STR_EQ(out, "a\\x01");
	return 0;
}

TEST_IMPL(text_width_east_asian)
{
	ASSERT_EQ(text_width("輸液ポンプ管理"), 14);
	ASSERT_EQ(text_width("ｱｲｳ"), 3);	/* halfwidth katakana */
	ASSERT_EQ(text_width("ＡＢ"), 4);	/* fullwidth latin */
	ASSERT_EQ(text_width("Pump 1"), 6);
	ASSERT_EQ(text_width("e\xcc\x81"), 1);	/* e + combining acute */
	return 0;
}

TEST_IMPL(text_term_neutralises_and_cuts)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*s = "\x1b]0;owned\x07輸液\\x01";

	text_term(&b, s, strlen(s), 0);
	ASSERT_STR_EQ(buf_str(&b), "\\x1b]0;owned\\x07輸液\\x01");
	buf_truncate(&b, 0);
	/* Cut to 9 columns: 4 wide characters (8) + "…" (1) */
	text_term(&b, "輸液ポンプ管理", strlen("輸液ポンプ管理"), 9);
	ASSERT_STR_EQ(buf_str(&b), "輸液ポン…");
	ASSERT_EQ(text_width(buf_str(&b)), 9);
	/* A cut never splits a wide character: 8 columns keep 3 of them. */
	buf_truncate(&b, 0);
	text_term(&b, "輸液ポンプ管理", strlen("輸液ポンプ管理"), 8);
	ASSERT_STR_EQ(buf_str(&b), "輸液ポ…");
	ASSERT_EQ(text_width(buf_str(&b)), 7);
	buf_free(&b);
	return 0;
}

TEST_IMPL(text_local_time_offset)
{
	char	 out[40];

	setenv("TZ", "JST-9", 1);	/* POSIX form: needs no tzdata */
	tzset();
	ASSERT_STR_EQ(time_local(out, sizeof(out), 1764701730),
	    "2025-12-03 03:55:30 +0900");
	setenv("TZ", "UTC0", 1);
	tzset();
	ASSERT_STR_EQ(time_local(out, sizeof(out), 1764701730),
	    "2025-12-02 18:55:30 +0000");
	setenv("TZ", "JST-9", 1);
	tzset();
	ASSERT_STR_EQ(time_local_ms(out, sizeof(out),
	    INT64_C(1764701730042000)), "2025-12-03 03:55:30.042 +0900");
	ASSERT_STR_EQ(time_local_ms(out, 10, INT64_C(1764701730042000)), "");
	unsetenv("TZ");
	tzset();
	return 0;
}

TEST_IMPL(text_vendor_model_once)
{
	static const struct {
		const char	*vendor, *model, *want;
	} c[] = {
		{ "HP", "HP LaserJet 4250", "HP LaserJet 4250" },
		{ "Orthanc", "Orthanc", "Orthanc" },
		{ "hp", "HP LaserJet", "HP LaserJet" },
		{ "HP", "HPE Switch", "HP HPE Switch" },
		{ "Philips", "IntelliVue MX800", "Philips IntelliVue MX800" },
		{ "Philips", NULL, "Philips" },
		{ NULL, "MX800", "MX800" },
		{ "", "", "" },
	};
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		buf_truncate(&b, 0);
		text_vendor_model(&b, c[i].vendor, c[i].model);
		ASSERT_STR_EQ(buf_str(&b), c[i].want);
	}
	buf_free(&b);
	return 0;
}
