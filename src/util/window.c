/*
 * src/util/window.c - scan windows: parse "Mon-Fri 22:00-06:00,Sat-Sun
 * 00:00-24:00" and say whether a moment falls inside (see util.h).
 *
 * Hospitals allow scans only at night or at weekends, when a slow
 * reply costs nobody anything.  "scan --window" keeps a scan inside such
 * a window: the engine asks window_open_at() on its pacing tick and never
 * sends outside.  Parser and evaluator are pure and take the time as an
 * argument, so tests can run them at any moment with any TZ.  Times are
 * local (localtime_r, mktime), computed from the calendar fields so a day
 * of a clock change is still handled by the C library.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "iomt/util.h"

#define DAY_S		86400
#define ALL_DAYS	0x7fu

static const char *const wday_names[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

/* Weekday name (3 letters, any case) at *p to 0..6, or -1. */
static int
window_wday(const char *p, size_t n)
{
	int	 d;

	if (n != 3)
		return -1;
	for (d = 0; d < 7; d++)
		if (strncasecmp(p, wday_names[d], 3) == 0)
			return d;
	return -1;
}

/* "H:MM", "HH:MM" or "HH:MM:SS" in the n bytes at p to seconds after
 * midnight (24:00 allowed; the caller decides where).  Return -1 if not. */
static int
window_time(const char *p, size_t n)
{
	int	 v[3] = { 0, 0, 0 }, k = 0, digits = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)p[i])) {
			if (++digits > 2)
				return -1;
			v[k] = v[k] * 10 + (p[i] - '0');
		} else if (p[i] == ':' && digits > 0 && k < 2) {
			if (k > 0 && digits != 2)
				return -1;
			k++;
			digits = 0;
		} else
			return -1;
	}
	if (k == 0 || digits != 2)
		return -1;
	if (v[1] > 59 || v[2] > 59 || v[0] > 24 ||
	    (v[0] == 24 && (v[1] != 0 || v[2] != 0)))
		return -1;
	return v[0] * 3600 + v[1] * 60 + v[2];
}

/* Parse one span in the n bytes at p (trimmed) into *sp. */
static int
window_span_parse(const char *p, size_t n, struct window_span *sp,
    char *err, size_t errlen)
{
	const char	*sp_at, *dash;
	size_t		 tn;
	int		 d0, d1, d;

	memset(sp, 0, sizeof(*sp));
	sp->days = ALL_DAYS;
	sp_at = memchr(p, ' ', n);
	if (sp_at == NULL && isalpha((unsigned char)p[0]))
		sp_at = p + n;		/* days and no times */
	if (sp_at != NULL) {
		size_t dn = (size_t)(sp_at - p);

		dash = memchr(p, '-', dn);
		d0 = window_wday(p, dash != NULL ? (size_t)(dash - p) : dn);
		d1 = dash != NULL ? window_wday(dash + 1,
		    dn - (size_t)(dash + 1 - p)) : d0;
		if (d0 < 0 || d1 < 0) {
			snprintf(err, errlen, "\"%.*s\": not a weekday or "
			    "range of weekdays (Mon..Sun, e.g. Mon-Fri)",
			    (int)dn, p);
			return IOMT_EINVAL;
		}
		sp->days = 0;
		for (d = d0;; d = (d + 1) % 7) {
			sp->days |= 1u << d;
			if (d == d1)
				break;
		}
		while (sp_at < p + n && *sp_at == ' ')
			sp_at++;
		if (sp_at == p + n) {
			snprintf(err, errlen, "\"%.*s\": weekdays without a "
			    "time span (e.g. \"%.*s 22:00-06:00\")", (int)dn, p,
			    (int)dn, p);
			return IOMT_EINVAL;
		}
		n -= (size_t)(sp_at - p);
		p = sp_at;
	}
	dash = memchr(p, '-', n);
	if (dash == NULL) {
		snprintf(err, errlen, "\"%.*s\": a span is START-END, e.g. "
		    "22:00-06:00", (int)n, p);
		return IOMT_EINVAL;
	}
	tn = (size_t)(dash - p);
	sp->start = window_time(p, tn);
	sp->end = window_time(dash + 1, n - tn - 1);
	if (sp->start < 0 || sp->start >= DAY_S) {
		snprintf(err, errlen, "\"%.*s\": not a start time (00:00 to "
		    "23:59[:59])", (int)tn, p);
		return IOMT_EINVAL;
	}
	if (sp->end < 0) {
		snprintf(err, errlen, "\"%.*s\": not an end time (00:00 to "
		    "24:00)", (int)(n - tn - 1), dash + 1);
		return IOMT_EINVAL;
	}
	if (sp->end == sp->start) {
		snprintf(err, errlen, "\"%.*s\": the span is empty", (int)n, p);
		return IOMT_EINVAL;
	}
	if (sp->end < sp->start)
		sp->end += DAY_S;	/* crosses midnight */
	return 0;
}

int
window_parse(const char *spec, struct window *w, char *err, size_t errlen)
{
	const char	*p, *e, *comma;
	int		 r = 0;

	memset(w, 0, sizeof(*w));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	p = spec != NULL ? spec : "";
	for (;;) {
		comma = strchr(p, ',');
		e = comma != NULL ? comma : p + strlen(p);
		while (p < e && isspace((unsigned char)*p))
			p++;
		while (e > p && isspace((unsigned char)e[-1]))
			e--;
		if (p == e) {
			snprintf(err, errlen, "empty window (expected e.g. "
			    "\"22:00-06:00\" or \"Mon-Fri 22:00-06:00\")");
			r = IOMT_EINVAL;
			goto out;
		}
		if (w->n == WINDOW_MAX_SPANS) {
			snprintf(err, errlen, "more than %d spans",
			    WINDOW_MAX_SPANS);
			r = IOMT_EINVAL;
			goto out;
		}
		if ((r = window_span_parse(p, (size_t)(e - p),
		    &w->span[w->n], err, errlen)) != 0)
			goto out;
		w->n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
 out:
	if (r != 0)
		w->n = 0;
	return r;
}

/* The moment sec seconds after the local midnight that begins the day
 * `day` days from the one in *base (normalized by mktime). */
static time_t
window_moment(const struct tm *base, int day, int sec)
{
	struct tm	 tm = *base;

	tm.tm_mday += day;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* If a span is open at now, set *end to its end and return 1. */
static int
window_open_span(const struct window *w, time_t now, time_t *end)
{
	struct tm	 tm;
	size_t		 i;
	int		 d, wd, found = 0;
	time_t		 s, e;

	if (localtime_r(&now, &tm) == NULL)
		return 0;
	for (d = -1; d <= 0; d++) {
		wd = ((tm.tm_wday + d) % 7 + 7) % 7;
		for (i = 0; i < w->n; i++) {
			if (!(w->span[i].days & (1u << wd)))
				continue;
			s = window_moment(&tm, d, w->span[i].start);
			e = window_moment(&tm, d, w->span[i].end);
			if (s <= now && now < e && (!found || e > *end)) {
				*end = e;
				found = 1;
			}
		}
	}
	return found;
}

int
window_open_at(const struct window *w, time_t now, time_t *until)
{
	struct tm	 tm;
	time_t		 t, e, best = (time_t)-1;
	size_t		 i;
	int		 d, k;

	if (window_open_span(w, now, &t)) {
		/* Follow spans that continue it, a week at most. */
		for (k = 0; k < 8 * WINDOW_MAX_SPANS &&
		    t - now < 7 * DAY_S; k++) {
			if (!window_open_span(w, t, &e) || e <= t)
				break;
			t = e;
		}
		if (until != NULL)
			*until = t;
		return 1;
	}
	if (localtime_r(&now, &tm) != NULL)
		for (d = 0; d <= 7; d++)
			for (i = 0; i < w->n; i++) {
				if (!(w->span[i].days &
				    (1u << ((tm.tm_wday + d) % 7))))
					continue;
				t = window_moment(&tm, d, w->span[i].start);
				if (t > now && (best == (time_t)-1 ||
				    t < best))
					best = t;
			}
	if (until != NULL)
		*until = best;
	return 0;
}
