/*
 * plan.h - what a scan would send, worked out without sending anything.
 *
 * A change board approves a scan of clinical networks before it runs.
 * plan_build() answers, from the targets, the scan options, the policy
 * (profiles and the site policy file) and what the inventory already
 * knows, for every subnet and every known host: the safety level, the
 * probes, the most packets that could be sent, the peak per-host rate, the
 * hosts held back and by which rule, and how long the scan will take.  It
 * opens no capture handle, no raw socket and no connection: it reads
 * files and the database only.
 *
 * A plan saved as JSON (plan_write_json()) can pin a scheduled scan:
 * plan_load() reads it back and plan_permits() answers, for each packet
 * the engine is about to send, whether the approved plan covers it, so a
 * scan can refuse to do more than was approved (docs/SAFETY.md).
 */
#ifndef IOMT_PLAN_H
#define IOMT_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iomt/safety.h"

struct db;
struct oui_db;
struct policy;
struct scan_opts;

#define PLAN_FORMAT		"iomtscan-plan/1"
#define PLAN_PAYLOAD_SENDS	2	/* messages one probe may send */

/* An attached IPv4 network (ARP reaches it). */
struct plan_net {
	uint32_t	 addr;		/* our address, host order */
	uint32_t	 mask;
};

/* Everything a plan is built from; nothing here is modified. */
struct plan_input {
	const struct scan_opts *opts;	/* targets, excludes, options */
	const struct policy *pol;	/* may be NULL: built-in defaults */
	struct db	*db;		/* inventory, may be NULL */
	const struct oui_db *oui;	/* may be NULL */
	const struct plan_net *nets;	/* attached networks */
	size_t		 n_nets;
	const char	*targets_text;	/* for the report */
};

struct plan;

/*
 * Work out the plan for in.  Return 0 and a new plan in *out, or
 * IOMT_ELIMIT (too many addresses for opts->max_hosts) or IOMT_EDB with a
 * reason in err (size errlen).  Reads the database; sends nothing.  Free
 * with plan_free().
 */
int	plan_build(const struct plan_input *in, struct plan **out, char *err,
	    size_t errlen);

/* Free pl.  NULL-safe; returns NULL. */
struct plan *plan_free(struct plan *pl);

/* Write pl for people (per subnet, per known host, totals) to fp. */
void	plan_write_text(const struct plan *pl, FILE *fp);

/* Write pl as JSON (docs/SAFETY.md, "Saved plans") to fp. */
void	plan_write_json(const struct plan *pl, FILE *fp);

/*
 * Read a plan saved with plan_write_json() from path.  Return 0 and the
 * plan in *out, -errno when the file cannot be read, IOMT_EPROTO when it
 * is not a plan (the reason is logged).  Blocks on file I/O.
 */
int	plan_load(const char *path, struct plan **out);

/* As plan_load(), from len bytes at buf; the reason goes to err. */
int	plan_load_buf(const char *buf, size_t len, struct plan **out,
	    char *err, size_t errlen);

/*
 * Return 1 if the plan pl covers sending a probe of kind to ip (host
 * order) on proto ("tcp"/"udp"; ignored for ARP) port, else 0: an address
 * the plan does not cover, an excluded or passive host, a port or kind
 * beyond what was planned for it.  Pure; for the engine's --plan check.
 */
int	plan_permits(const struct plan *pl, uint32_t ip, const char *proto,
	    uint16_t port, enum safety_kind kind);

/* Totals, for tests and summaries. */
struct plan_totals {
	uint64_t	 addresses;	/* targets after exclusions */
	uint64_t	 held;		/* addresses that get nothing */
	uint64_t	 max_packets;	/* the most the scan could send */
	double		 seconds;	/* expected duration */
	double		 seconds_max;	/* every probe timing out */
	size_t		 groups;
	size_t		 hosts;		/* known hosts listed */
};
void	plan_totals(const struct plan *pl, struct plan_totals *t);

#endif /* IOMT_PLAN_H */
