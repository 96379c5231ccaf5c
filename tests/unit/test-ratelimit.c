/*
 * test-ratelimit.c - unit tests for the token buckets (src/safety/ratelimit.c)
 * and the cost-and-pacing model built on them (src/safety/pace.c).
 *
 * The limiter takes the clock as an argument, so these tests drive a
 * simulated minute (or hour) in nanoseconds without any real time
 * passing.  They pin down the two promises docs/RATELIMIT.md makes to a
 * clinical engineer: over any minute a bucket pays out no more than
 * rate x 60 + burst tokens, and a clock that stalls, jumps or runs
 * backwards never produces a catch-up burst.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "iomt/safety.h"
#include "runner.h"

#define NS	1000000000ULL
#define MS	1000000ULL
#define T0	(1000 * NS)	/* an arbitrary, non-zero start */

/* Small deterministic PRNG for irregular clock steps (xorshift64). */
static uint64_t
step_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct spend {
	uint64_t	t;
	int64_t		n;
};

/*
 * Simulate a caller that leaves the bucket alone for idle seconds, then
 * for active seconds looks at it in irregular steps of 1 ns to maxstep ns
 * and spends every whole token it offers.  The last look is exactly at
 * the end.  Return 0 and, in *maxwin, the most tokens spent within any
 * 60-second window and, in *last, those spent in the final 60 seconds.
 */
static int
simulate(double rate, double burst, uint64_t maxstep, uint64_t seed,
    unsigned idle, unsigned active, int64_t *maxwin, int64_t *last)
{
	struct ratelimit rl;
	struct spend	*ev;
	uint64_t	 now = T0, end, s = seed | 1;
	size_t		 n = 0, cap, i, j;
	int64_t		 a, sum = 0;

	cap = (size_t)(rate * (idle + active) + burst) + 1;
	if ((ev = calloc(cap, sizeof(*ev))) == NULL)
		return -1;
	ratelimit_init(&rl, rate, burst, now);
	now += (uint64_t)idle * NS;
	end = now + (uint64_t)active * NS;
	for (;;) {
		a = ratelimit_avail(&rl, now);
		if (a > 0) {
			ratelimit_drain(&rl, (double)a, now);
			if (n == cap) {
				free(ev);
				return -1;	/* paid out far too much */
			}
			ev[n].t = now;
			ev[n].n = a;
			n++;
		}
		if (now == end)
			break;
		now += 1 + step_rand(&s) % maxstep;
		if (now > end)
			now = end;
	}
	*maxwin = 0;
	*last = 0;
	for (i = 0, j = 0; j < n; j++) {
		sum += ev[j].n;
		while (ev[i].t + 60 * NS < ev[j].t)
			sum -= ev[i++].n;
		if (sum > *maxwin)
			*maxwin = sum;
		if (ev[j].t >= end - 60 * NS)
			*last += ev[j].n;
	}
	free(ev);
	return 0;
}

TEST_IMPL(ratelimit_minute_bound)
{
	static const struct {
		double	 rate, burst;
	} cfg[] = {
		{ 10, 5 }, { 1, 1 }, { 2.5, 1 }, { 0.5, 2 }, { 40, 40 },
		{ 300, 30 }, { 1000, 50 }
	};
	size_t		 i;
	uint64_t	 seed, fine;
	int64_t		 maxwin, last, hi, lo;

	for (i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++) {
		hi = (int64_t)(cfg[i].rate * 60 + cfg[i].burst);
		lo = (int64_t)(cfg[i].rate * 60) - 1;
		for (seed = 1; seed <= 5; seed++) {
			/*
			 * Coarse, irregular polling (up to 3 s between
			 * looks) after 90 idle seconds: no minute may pay
			 * out more than rate x 60 + burst, whatever the
			 * caller does.
			 */
			ASSERT_EQ(simulate(cfg[i].rate, cfg[i].burst, 3 * NS,
			    seed, 90, 150, &maxwin, &last), 0);
			ASSERT_LE(maxwin, hi);
			/*
			 * Polling often enough that the bucket never
			 * overflows between looks (a step adds at most half
			 * the headroom above one token, or 1/100 token when
			 * the burst is 1): the limiter must then pay out
			 * the whole rate, i.e. it is not just stuck.
			 */
			fine = (uint64_t)((cfg[i].burst >= 2 ?
			    (cfg[i].burst - 1) * 0.5 : 0.01) / cfg[i].rate *
			    (double)NS);
			ASSERT_EQ(simulate(cfg[i].rate, cfg[i].burst, fine,
			    seed, 90, 150, &maxwin, &last), 0);
			ASSERT_LE(maxwin, hi);
			ASSERT_LE(last, hi);
			ASSERT_GE(last, lo);
		}
	}
	return 0;
}

TEST_IMPL(ratelimit_stalled_clock_no_burst)
{
	struct ratelimit rl;
	uint64_t	 now = T0;
	int64_t		 a, total = 0;
	int		 i;

	ratelimit_init(&rl, 10, 5, now);
	a = ratelimit_avail(&rl, now);
	ASSERT_EQ(a, 5);
	ratelimit_drain(&rl, (double)a, now);

	/* a frozen clock pays nothing, however often it is asked */
	for (i = 0; i < 100000; i++)
		ASSERT_EQ(ratelimit_avail(&rl, now), 0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, now), 100);

	/* then the clock jumps forward an hour (suspend, a stuck disk) */
	now += 3600 * NS;
	a = ratelimit_avail(&rl, now);
	ASSERT_LE(a, 5);
	ASSERT_GE(a, 1);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 5, now), 0);
	ratelimit_drain(&rl, (double)a, now);
	total += a;
	ASSERT_EQ(ratelimit_avail(&rl, now), 0);

	/* the next second pays the plain rate, no catch-up */
	for (i = 1; i <= 1000; i++) {
		a = ratelimit_avail(&rl, now + (uint64_t)i * MS);
		if (a > 0) {
			ratelimit_drain(&rl, (double)a, now + (uint64_t)i * MS);
			total += a;
		}
	}
	ASSERT_LE(total, 5 + 10);

	/* two jumps in a row still pay one burst at most */
	now += 1 * NS + 7200 * NS;
	ASSERT_LE(ratelimit_avail(&rl, now), 5);
	now += 3600 * NS;
	ASSERT_LE(ratelimit_avail(&rl, now), 5);
	return 0;
}

TEST_IMPL(ratelimit_backwards_clock)
{
	struct ratelimit rl;
	uint64_t	 now = 100 * NS;
	int64_t		 a;

	ratelimit_init(&rl, 10, 5, now);
	ratelimit_drain(&rl, 5, now);
	ASSERT_EQ(ratelimit_avail(&rl, now), 0);

	/* the clock steps back 50 s: nothing is added */
	ASSERT_EQ(ratelimit_avail(&rl, 50 * NS), 0);
	ASSERT_GE(ratelimit_wait_ms(&rl, 1, 50 * NS), 100);
	/* spending on the old clock is still charged */
	ratelimit_drain(&rl, 1, 50 * NS);
	/*
	 * When the clock comes back to 100.5 s, only the half second past
	 * the last refill counts, not the 50.5 s since the backwards step:
	 * 5 tokens earned minus the 1 already owed.
	 */
	a = ratelimit_avail(&rl, 100 * NS + 500 * MS);
	ASSERT_EQ(a, 4);
	/* a clock that goes back to 0 adds nothing either */
	ratelimit_drain(&rl, (double)a, 100 * NS + 500 * MS);
	ASSERT_EQ(ratelimit_avail(&rl, 0), 0);
	ASSERT_EQ(ratelimit_avail(&rl, 100 * NS + 500 * MS), 0);
	ASSERT_EQ(ratelimit_avail(&rl, 100 * NS + 600 * MS), 1);
	return 0;
}

TEST_IMPL(ratelimit_wait_ms)
{
	struct ratelimit rl, copy;

	ratelimit_init(&rl, 10, 5, T0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0), 0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 5, T0), 0);
	ratelimit_drain(&rl, 5, T0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0), 100);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0 + 50 * MS), 50);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0 + 100 * MS), 0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 2, T0 + 100 * MS), 100);
	/* asking for more than the burst waits for a full bucket only */
	ASSERT_EQ(ratelimit_wait_ms(&rl, 50, T0), 500);
	/* waiting never exceeds the time to fill the bucket, however late */
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0 + 3600 * NS), 0);

	/* wait_ms does not modify the bucket */
	memcpy(&copy, &rl, sizeof(rl));
	(void)ratelimit_wait_ms(&rl, 3, T0 + 20 * MS);
	ASSERT(memcmp(&copy, &rl, sizeof(rl)) == 0);

	/* debt: a probe that cost more than was there delays the next */
	ratelimit_init(&rl, 10, 5, T0);
	ratelimit_drain(&rl, 7, T0);
	ASSERT_EQ(ratelimit_avail(&rl, T0), 0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0), 300);
	/* a refund never lifts the balance past the burst */
	ratelimit_drain(&rl, -100, T0);
	ASSERT_EQ(ratelimit_avail(&rl, T0), 5);

	/* slow buckets: 0.5 per second means 2 s per token */
	ratelimit_init(&rl, 0.5, 1, T0);
	ratelimit_drain(&rl, 1, T0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0), 2000);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0 + 1500 * MS), 500);

	/* after sleeping exactly wait_ms, the token is there */
	ratelimit_init(&rl, 3, 1, T0);
	ratelimit_drain(&rl, 1, T0);
	ASSERT_EQ(ratelimit_avail(&rl, T0 + ratelimit_wait_ms(&rl, 1, T0) *
	    MS), 1);
	return 0;
}

TEST_IMPL(ratelimit_unlimited)
{
	struct ratelimit rl;
	int		 i;

	ratelimit_init(&rl, 0, 1, T0);
	for (i = 0; i < 100000; i++) {
		ASSERT_GE(ratelimit_avail(&rl, T0), 1);
		ratelimit_drain(&rl, 1000, T0);
		ASSERT_EQ(ratelimit_wait_ms(&rl, 1000, T0), 0);
	}
	/* and a backwards clock changes nothing */
	ASSERT_GE(ratelimit_avail(&rl, 0), 1);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, 0), 0);

	/* a negative rate means unlimited too; burst is at least 1 */
	ratelimit_init(&rl, -5, 0, T0);
	ASSERT_EQ(ratelimit_wait_ms(&rl, 1, T0), 0);
	ASSERT_EQ(ratelimit_avail(&rl, T0), 1);
	ratelimit_init(&rl, 10, 0.2, T0);
	ASSERT_EQ(ratelimit_avail(&rl, T0), 1);
	return 0;
}

/* The costs the engine, plan and check share, and the audit kind names. */
TEST_IMPL(pace_costs_and_names)
{
	enum safety_kind k = SAFETY_K_UDP;

	ASSERT_EQ(pace_cost(SAFETY_K_ARP), 1);
	ASSERT_EQ(pace_cost(SAFETY_K_CONNECT), 3);
	ASSERT_EQ(pace_cost(SAFETY_K_PAYLOAD), 2);
	ASSERT_EQ(pace_cost(SAFETY_K_UDP), 1);
	ASSERT_EQ(pace_cost((enum safety_kind)0), 0);
	ASSERT_STR_EQ(pace_audit_name(SAFETY_K_CONNECT), "tcp-connect");
	ASSERT_STR_EQ(pace_audit_name(SAFETY_K_PAYLOAD), "tcp-payload");
	ASSERT(pace_audit_name((enum safety_kind)99) == NULL);
	ASSERT_EQ(pace_audit_kind("tcp-payload", &k), 0);
	ASSERT_EQ(k, SAFETY_K_PAYLOAD);
	ASSERT_EQ(pace_audit_kind("tcp-close", &k), IOMT_EINVAL);
	ASSERT_EQ(k, SAFETY_K_PAYLOAD);
	ASSERT_EQ(pace_audit_kind(NULL, &k), IOMT_EINVAL);
	ASSERT_EQ(pace_audit_cost("tcp-connect"), 3);
	ASSERT_EQ(pace_audit_cost("arp"), 1);
	ASSERT_EQ(pace_audit_cost("tcp-close"), 0);
	/* every kind's name maps back to it */
	for (k = SAFETY_K_ARP; k <= SAFETY_K_UDP; k++) {
		enum safety_kind back;

		ASSERT_EQ(pace_audit_kind(pace_audit_name(k), &back), 0);
		ASSERT_EQ(back, k);
		ASSERT_EQ(pace_audit_cost(pace_audit_name(k)), pace_cost(k));
	}
	return 0;
}

/* Gap, global bucket and host bucket each hold a probe back. */
TEST_IMPL(pace_send_decision)
{
	struct ratelimit g, h;
	uint64_t	 next;

	pace_global_init(&g, 300, T0);
	pace_host_init(&h, 10, T0);
	ASSERT_EQ(pace_may_send(&g, &h, 0, PACE_COST_CONNECT, T0), 1);
	next = pace_spend(&g, &h, PACE_COST_CONNECT, 400, T0);
	ASSERT_EQ(next, T0 + 400 * MS);
	/* the gap has not passed */
	ASSERT_EQ(pace_may_send(&g, &h, next, PACE_COST_CONNECT, T0), 0);
	/* 2 of the host's 5 tokens left: a connect waits, a payload not */
	ASSERT_EQ(pace_may_send(&g, &h, 0, PACE_COST_CONNECT, T0), 0);
	ASSERT_EQ(pace_may_send(&g, &h, 0, PACE_COST_PAYLOAD, T0), 1);
	/* without the host's bucket (not known up yet) the global decides */
	ASSERT_EQ(pace_may_send(&g, NULL, 0, PACE_COST_CONNECT, T0), 1);
	/* 100 ms at 10/s refills one token: 3 >= 3 */
	ASSERT_EQ(pace_may_send(&g, &h, next, PACE_COST_CONNECT,
	    T0 + 100 * MS), 0);
	ASSERT_EQ(pace_may_send(&g, &h, next, PACE_COST_CONNECT,
	    T0 + 400 * MS), 1);
	/* a refused connect refunds all but the SYN, never past the burst */
	pace_host_init(&h, 10, T0);
	pace_charge(&g, &h, PACE_COST_CONNECT, T0);
	pace_charge(&g, &h, (double)PACE_COST_REFUSED - PACE_COST_CONNECT,
	    T0);
	ASSERT_EQ(ratelimit_avail(&h, T0), PACE_HOST_BURST - 1);
	/* the global burst: a tenth of a second, at least one connect */
	pace_global_init(&g, 10, T0);
	ASSERT_EQ(ratelimit_avail(&g, T0), PACE_COST_CONNECT);
	pace_global_init(&g, 1000, T0);
	ASSERT_EQ(ratelimit_avail(&g, T0), 100);
	/* the tick waits 2..50 ms */
	ASSERT_EQ(pace_tick_ms(&g, T0), PACE_TICK_MIN_MS);
	pace_global_init(&g, 1, T0);
	pace_charge(&g, NULL, 3, T0);
	ASSERT_EQ(pace_tick_ms(&g, T0), PACE_TICK_MAX_MS);
	return 0;
}

/* What plan promises per host, in the engine's units. */
TEST_IMPL(pace_host_budget)
{
	ASSERT_EQ(pace_host_packets(1, 0, 0, 0, 0), 2);
	ASSERT_EQ(pace_host_packets(0, 5, 0, 0, 0), 15);
	/* ARP, 3 connects, 1 payload probe (2 messages), 1 SNMP GET */
	ASSERT_EQ(pace_host_packets(1, 0, 3, 1, 1), 2 + 9 + 4 + 1);
	ASSERT_EQ(pace_host_packets(1, 7, 0, 0, 0), 2);
	ASSERT(pace_connect_step_s(10, 400) == 0.4);
	ASSERT(pace_connect_step_s(2, 400) == 1.5);
	ASSERT(pace_connect_step_s(0, 100) == 0.1);
	ASSERT(pace_window_limit(10) == 16);
	return 0;
}
