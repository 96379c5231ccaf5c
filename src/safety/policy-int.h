/*
 * src/safety/policy-int.h - what the policy files in src/safety/ share
 * and nothing else uses: the loaded site policy, and the merge and
 * explanation steps every source of limits goes through.
 *
 * policy.c holds the built-in defaults and loading, policy-file.c parses
 * the site policy file (docs/POLICY.md), policy-decide.c turns a host's
 * facts into its struct host_policy.
 */
#ifndef IOMT_POLICY_INT_H
#define IOMT_POLICY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/net.h"
#include "iomt/safety.h"

#define POLICY_FORMAT		1	/* the "format" the parser reads */
#define POLICY_FILE_MAX		(1024 * 1024)
#define POLICY_RULES_MAX	4096	/* subnet or exclude rules */
#define POLICY_CONTRIB_MAX	8	/* sources named in one reason */

/* A "subnet" rule of the site file. */
struct policy_subnet {
	struct target_set ts;
	char		 text[192];	/* the rule as written */
	char		 spec[64];	/* the address block as written */
	size_t		 line;		/* line in the site file */
	int		 host;		/* 1: a "host ADDR" line */
	int		 has_level;
	enum safety_level level;
	int		 restrict_ports;
	uint16_t	 ports[POLICY_MAX_PORTS];
	size_t		 n_ports;
	uint32_t	 forbid;
	uint32_t	 allow;		/* POLICY_A_* */
	double		 pps;
	int		 conns;
	unsigned	 gap_ms;
};

/* What an "exclude" rule names. */
enum policy_ex_kind {
	EX_ADDR = 1,
	EX_MAC,
	EX_OUI,
	EX_VENDOR,
	EX_CLASS,
	EX_PROFILE
};

/* An "exclude" rule of the site file. */
struct policy_exclude {
	enum policy_ex_kind kind;
	struct target_set ts;		/* EX_ADDR */
	char		 arg[128];	/* hex, vendor text, class, id */
	char		 text[192];	/* the rule as written */
};

/* The loaded policy: profiles and site rules. */
struct policy {
	struct profile_set *profiles;
	struct policy_subnet *sub;
	size_t		 n_sub;
	struct policy_exclude *ex;
	size_t		 n_ex;
};

/* What each source did, to explain the result. */
struct contrib {
	enum safety_level level;
	char		 text[160];
};

struct explain {
	struct contrib	 c[POLICY_CONTRIB_MAX];
	size_t		 n;
};


/*
 * Parse the site policy file at path into p's rules.  Return 0, or an
 * error with "file:line: reason" in err (size errlen); p may then hold
 * the rules read before the error (the caller frees it).  Blocks on the
 * read.
 */
int	policy_file_load(struct policy *p, const char *path, char *err,
	    size_t errlen);

/*
 * Lower hp by one source's limits (strictest wins): level, ports (a first
 * restriction sets the list, later ones intersect it), forbidden kinds,
 * rate, connections and gap.  Return 1 if anything got stricter.
 */
int	policy_limit(struct host_policy *hp, enum safety_level level,
	    int restrict_ports, const uint16_t *ports, size_t n_ports,
	    uint32_t forbid, double pps, int conns, unsigned gap_ms);

/* Note that a source set level, for the reason text; full ex drops it. */
void	policy_ex_add(struct explain *ex, enum safety_level level,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Write the reason for hp into buf (size len): "passive by profile X
 * (...); A; B", naming the source that set the level first.
 */
void	policy_ex_reason(const struct explain *ex, const struct host_policy *hp,
	    enum safety_level scan_level, char *buf, size_t len);

/*
 * Apply the built-in defaults of the host's maker class (from its OUI or
 * an earlier identity) to out, and note them in ex.
 */
void	policy_class_defaults(const struct policy_facts *f,
	    struct host_policy *out, struct explain *ex);

/* Apply profile pr (matched because of why) to out; ex may be NULL. */
void	policy_apply_profile(const struct profile *pr, const char *why,
	    struct host_policy *out, struct explain *ex);

#endif /* IOMT_POLICY_INT_H */
