/*
 * src/safety/ratelimit.c - token buckets with an injected clock (see safety.h).
 *
 * Time is always passed in, so tests simulate minutes in microseconds and
 * the engine never sleeps: it asks ratelimit_wait_ms() and arms a timer.
 * Refill is capped at the burst, so a stalled clock (suspend, a long disk
 * write) is followed by at most one burst's worth, never a catch-up flood
 * (masscan's throttler resets after a one-second gap for the same reason).
 */
#include "config.h"

#include <math.h>

#include "iomt/safety.h"

void
ratelimit_init(struct ratelimit *rl, double rate, double burst,
    uint64_t now_ns)
{
	rl->rate = rate > 0 ? rate : 0;
	rl->burst = burst >= 1 ? burst : 1;
	rl->tokens = rl->burst;
	rl->ts_ns = now_ns;
}

static void
ratelimit_refill(struct ratelimit *rl, uint64_t now_ns)
{
	double	 add;

	if (rl->rate == 0) {
		rl->tokens = rl->burst;
		rl->ts_ns = now_ns;
		return;
	}
	if (now_ns <= rl->ts_ns)
		return;		/* stalled or backwards clock: nothing */
	add = (double)(now_ns - rl->ts_ns) * rl->rate / 1e9;
	rl->tokens += add;
	if (rl->tokens > rl->burst)
		rl->tokens = rl->burst;
	rl->ts_ns = now_ns;
}

int64_t
ratelimit_avail(struct ratelimit *rl, uint64_t now_ns)
{
	ratelimit_refill(rl, now_ns);
	if (rl->tokens <= 0)
		return 0;
	return (int64_t)floor(rl->tokens + 1e-9);
}

void
ratelimit_drain(struct ratelimit *rl, double n, uint64_t now_ns)
{
	ratelimit_refill(rl, now_ns);
	if (rl->rate == 0)
		return;
	rl->tokens -= n;
	if (rl->tokens > rl->burst)
		rl->tokens = rl->burst;	/* a refund never exceeds the burst */
}

uint64_t
ratelimit_wait_ms(const struct ratelimit *rl, double n, uint64_t now_ns)
{
	double	 tokens, need;

	if (rl->rate == 0)
		return 0;
	tokens = rl->tokens;
	if (now_ns > rl->ts_ns)
		tokens += (double)(now_ns - rl->ts_ns) * rl->rate / 1e9;
	if (tokens > rl->burst)
		tokens = rl->burst;
	if (n > rl->burst)
		n = rl->burst;
	if (tokens >= n)
		return 0;
	need = (n - tokens) / rl->rate * 1000.0;
	return (uint64_t)ceil(need);
}
