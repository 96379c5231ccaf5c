/*
 * ratelimit.h - token buckets with an injected clock.
 *
 * Every packet and connection the scanner makes is paid for from one or
 * more of these buckets (global, per host).  The clock is an argument, not
 * a call, so the unit tests drive a simulated minute in microseconds and
 * the engine passes uv_hrtime().  After a stall (suspend, a slow disk) the
 * bucket refills only up to its burst: no catch-up burst ever follows.
 * See docs/RATELIMIT.md.
 */
#ifndef IOMT_RATELIMIT_H
#define IOMT_RATELIMIT_H

#include <stdint.h>

struct ratelimit {
	double		rate;		/* tokens per second; 0 = unlimited */
	double		burst;		/* most tokens that may accumulate */
	double		tokens;		/* current balance; may go negative */
	uint64_t	ts_ns;		/* time of last refill, caller's clock */
};

/*
 * Initialise rl with rate tokens per second and a bucket of burst tokens
 * (at least 1), full at time now_ns.  A rate of 0 means unlimited.
 */
void	ratelimit_init(struct ratelimit *rl, double rate, double burst,
	    uint64_t now_ns);

/*
 * Refill for the time elapsed up to now_ns and return the whole tokens
 * available (0 when in debt).  A clock that stalls or goes backwards adds
 * nothing.
 */
int64_t	ratelimit_avail(struct ratelimit *rl, uint64_t now_ns);

/*
 * Spend n tokens at now_ns.  May drive the balance negative (a probe that
 * costs more than is available is still paid for in full), which delays
 * the next spend accordingly.  A negative n refunds tokens (a probe
 * that turned out to send less than it was charged), never beyond the
 * burst.
 */
void	ratelimit_drain(struct ratelimit *rl, double n, uint64_t now_ns);

/*
 * Return how many milliseconds from now_ns until n tokens will be
 * available (0 if they already are).  Does not modify rl.
 */
uint64_t ratelimit_wait_ms(const struct ratelimit *rl, double n,
	    uint64_t now_ns);

#endif /* IOMT_RATELIMIT_H */
