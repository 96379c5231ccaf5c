/*
 * test-window.c - scan windows (src/util/window.c): the parser refuses
 * what a person could misread, and the evaluator says open or closed,
 * and until when, for midnight wraps, weekday ranges and whole days, in
 * local time under a TZ the test sets (UTC and JST-9).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iomt/util.h"
#include "runner.h"

static void
tz_set(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* Local time y-m-d H:M:S as an epoch. */
static time_t
at(int y, int mo, int d, int h, int mi, int s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int
parses(const char *spec)
{
	struct window	 w;
	char		 err[256];

	return window_parse(spec, &w, err, sizeof(err)) == 0;
}

TEST_IMPL(window_parse_good_and_bad)
{
	struct window	 w;
	char		 err[256];

	ASSERT_EQ(window_parse("22:00-06:00", &w, err, sizeof(err)), 0);
	ASSERT_EQ(w.n, 1);
	ASSERT_EQ(w.span[0].days, 0x7f);
	ASSERT_EQ(w.span[0].start, 22 * 3600);
	ASSERT_EQ(w.span[0].end, 30 * 3600);
	ASSERT_EQ(window_parse("Mon-Fri 22:00-06:00, sat-SUN 00:00-24:00",
	    &w, err, sizeof(err)), 0);
	ASSERT_EQ(w.n, 2);
	ASSERT_EQ(w.span[0].days, 0x3e);	/* Mon..Fri */
	ASSERT_EQ(w.span[1].days, 0x41);	/* Sat, Sun */
	ASSERT_EQ(w.span[1].end, 86400);
	ASSERT_EQ(window_parse("Fri-Mon 9:30-10:00:30", &w, err,
	    sizeof(err)), 0);
	ASSERT_EQ(w.span[0].days, 0x63);	/* Sun Mon Fri Sat */
	ASSERT_EQ(w.span[0].start, 9 * 3600 + 1800);
	ASSERT_EQ(w.span[0].end, 10 * 3600 + 30);
	ASSERT(parses("Wed 00:00-24:00"));

	ASSERT_EQ(window_parse("25:00-06:00", &w, err, sizeof(err)),
	    IOMT_EINVAL);
	ASSERT(strstr(err, "25:00") != NULL);
	ASSERT_EQ(w.n, 0);
	ASSERT_EQ(window_parse("Mon-Foo 22:00-06:00", &w, err, sizeof(err)),
	    IOMT_EINVAL);
	ASSERT(strstr(err, "Mon-Foo") != NULL);
	ASSERT_EQ(window_parse("", &w, err, sizeof(err)), IOMT_EINVAL);
	ASSERT(strstr(err, "empty") != NULL);
	ASSERT(!parses(NULL));
	ASSERT(!parses("22:00-06:00,"));
	ASSERT(!parses("Mon-Foo"));
	ASSERT(!parses("Mon"));
	ASSERT(!parses("22:00"));
	ASSERT(!parses("12:60-13:00"));
	ASSERT(!parses("24:00-06:00"));	/* 24:00 ends a day only */
	ASSERT(!parses("10:00-24:01"));
	ASSERT(!parses("10:00-10:00"));
	ASSERT(!parses("10:0-11:00"));
	ASSERT(!parses("100:00-11:00"));
	ASSERT(!parses("10:00-11:00:5"));
	ASSERT(!parses("Monday 10:00-11:00"));
	ASSERT(!parses("-10:00"));
	ASSERT(!parses("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"));
	ASSERT(parses("00:00-01:00,01:00-02:00,02:00-03:00,03:00-04:00,"
	    "04:00-05:00,05:00-06:00,06:00-07:00,07:00-08:00,08:00-09:00,"
	    "09:00-10:00,10:00-11:00,11:00-12:00,12:00-13:00,13:00-14:00,"
	    "14:00-15:00,15:00-16:00"));
	ASSERT(!parses("00:00-01:00,01:00-02:00,02:00-03:00,03:00-04:00,"
	    "04:00-05:00,05:00-06:00,06:00-07:00,07:00-08:00,08:00-09:00,"
	    "09:00-10:00,10:00-11:00,11:00-12:00,12:00-13:00,13:00-14:00,"
	    "14:00-15:00,15:00-16:00,16:00-17:00"));
	return 0;
}

TEST_IMPL(window_midnight_wrap)
{
	struct window	 w;
	char		 err[256];
	time_t		 u;

	tz_set("UTC");
	ASSERT_EQ(window_parse("22:00-06:00", &w, err, sizeof(err)), 0);
	/* 2026-12-04 is a Friday. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 4, 21, 59, 59), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 4, 22, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 4, 22, 0, 0), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 5, 6, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 5, 3, 0, 0), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 5, 6, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 5, 6, 0, 0), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 5, 22, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 5, 12, 0, 0), NULL), 0);

	/* Local time: the same spec in Tokyo is nine hours earlier in UTC. */
	tz_set("JST-9");
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 4, 23, 0, 0), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 5, 6, 0, 0));
	tz_set("UTC");
	ASSERT_EQ(u, at(2026, 12, 4, 21, 0, 0));
	return 0;
}

TEST_IMPL(window_weekdays)
{
	struct window	 w;
	char		 err[256];
	time_t		 u;

	tz_set("UTC");
	ASSERT_EQ(window_parse("Mon-Fri 22:00-06:00", &w, err, sizeof(err)),
	    0);
	/* Friday night belongs to Friday: open into Saturday morning. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 5, 5, 0, 0), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 5, 6, 0, 0));
	/* Saturday night does not open; next is Monday 22:00. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 5, 23, 0, 0), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 7, 22, 0, 0));
	/* Monday 03:00 is Sunday's night: closed. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 7, 3, 0, 0), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 7, 22, 0, 0));
	/* Tuesday 03:00 is Monday's night: open. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 8, 3, 0, 0), &u), 1);

	/* A range through the week's end. */
	ASSERT_EQ(window_parse("Fri-Mon 10:00-11:00", &w, err, sizeof(err)),
	    0);
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 6, 10, 30, 0), NULL), 1);
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 7, 10, 30, 0), NULL), 1);
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 8, 10, 30, 0), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 11, 10, 0, 0));
	return 0;
}

TEST_IMPL(window_whole_days_join)
{
	struct window	 w;
	char		 err[256];
	time_t		 u;

	tz_set("UTC");
	ASSERT_EQ(window_parse("Mon-Fri 22:00-06:00,Sat-Sun 00:00-24:00", &w,
	    err, sizeof(err)), 0);
	/* Friday 23:00: Friday's night runs into the weekend, which runs
	 * into Sunday's 24:00 = Monday 00:00. */
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 4, 23, 0, 0), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 7, 0, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 6, 23, 59, 59), &u), 1);
	ASSERT_EQ(u, at(2026, 12, 7, 0, 0, 0));
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 7, 0, 0, 0), &u), 0);
	ASSERT_EQ(u, at(2026, 12, 7, 22, 0, 0));

	/* Always open: closes a week on at most, never loops. */
	ASSERT_EQ(window_parse("00:00-24:00", &w, err, sizeof(err)), 0);
	ASSERT_EQ(window_open_at(&w, at(2026, 12, 4, 12, 0, 0), &u), 1);
	ASSERT(u > at(2026, 12, 4, 12, 0, 0));
	ASSERT(u <= at(2026, 12, 12, 0, 0, 0));
	return 0;
}
