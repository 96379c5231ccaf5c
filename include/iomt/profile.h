/*
 * profile.h - fragile-device profiles: what breaks a device, how to spot
 * it, and how little it may be probed.
 *
 * A profile is a reviewed, sourced record (data/profiles.conf, format in
 * docs/PROFILES.md): the vendor and product it covers, the signals that
 * identify it (OUI prefixes of any length, ports seen in use, banner and
 * HTTP patterns, DICOM implementation UID roots, SNMP sysObjectID
 * prefixes, an earlier identity), the hazard, and the policy to apply when
 * it matches (highest safety level, allowed ports, forbidden probe kinds,
 * rate and connection caps).  The shipped set is data, not code, so a
 * clinical engineer can read and review it; a site adds or overrides
 * profiles in its own local file without editing the shipped one.
 *
 * Files are parsed strictly: any unknown keyword, malformed value or
 * missing required field stops the load with "file:line: reason", because a
 * silently skipped profile is a device probed harder than it should be.
 * Regular expressions (POSIX ERE, case-insensitive) are compiled once at
 * load and matched against at most PROFILE_MATCH_MAX bytes of a value.
 */
#ifndef IOMT_PROFILE_H
#define IOMT_PROFILE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "iomt/policy.h"
#include "iomt/safety.h"

#define PROFILE_FORMAT		1	/* the "format" this parser reads */
#define PROFILE_ID_MAX		64	/* id length, NUL included */
#define PROFILE_MAX_SIGS	64	/* signals per profile */
#define PROFILE_MAX		1024	/* profiles per set */
#define PROFILE_LINE_MAX	1024	/* bytes per line */
#define PROFILE_RE_MAX		256	/* bytes per pattern */
#define PROFILE_MATCH_MAX	1024	/* bytes of a value a pattern sees */
#define PROFILE_FILE_MAX	(1024 * 1024)

/* Kinds of identifying signal. */
enum profile_sig_kind {
	PROFILE_SIG_OUI = 1,	/* MAC prefix, 6..12 hex digits */
	PROFILE_SIG_PORT,	/* proto/port seen open or in use */
	PROFILE_SIG_OBS,	/* observation key ~ ERE (banner, http.*) */
	PROFILE_SIG_DICOM_ROOT,	/* dicom.impl_uid under a UID root */
	PROFILE_SIG_OID_PREFIX,	/* snmp.sysobjectid under an OID */
	PROFILE_SIG_VENDOR,	/* OUI registry or earlier vendor ~ ERE */
	PROFILE_SIG_CLASS	/* earlier identity's device_class */
};

struct profile_sig;	/* compiled signal; opaque */

/*
 * One profile.  Every string is owned by the set and NUL-terminated;
 * optional ones are "" when absent.
 */
struct profile {
	char		 id[PROFILE_ID_MAX];	/* [a-z0-9][a-z0-9.-]* */
	char		*vendor;
	char		*product;
	char		*versions;
	char		*device_class;	/* taxonomy class, or "" */
	char		*hazard;	/* what breaks it, for people */
	char		*note;		/* caveats, "(verify)" items */
	char		*source;	/* advisory ids, CVEs, vendor notes */
	char		 reviewed[11];	/* YYYY-MM-DD */
	char		 origin[256];	/* "file:line" of its "profile" */
	int		 local;		/* 1: from the site's local file */
	int		 match_all;	/* 1: every signal kind must match */

	/* The policy applied when the profile matches. */
	enum safety_level level;	/* highest level allowed */
	int		 restrict_ports;	/* 1: only ports[] */
	uint16_t	 ports[POLICY_MAX_PORTS];	/* tcp ports */
	size_t		 n_ports;
	uint32_t	 forbid;	/* POLICY_F_* */
	double		 pps;		/* per-host cap; 0: no cap */
	int		 conns;		/* 0: no cap */
	unsigned	 gap_ms;	/* 0: no floor */

	struct profile_sig *sigs;	/* compiled signals */
	size_t		 n_sigs;
};

struct profile_set;

/* Return a new, empty set.  Never fails; free with profile_set_free(). */
struct profile_set *profile_set_new(void);

/* Free ps and every profile in it.  NULL-safe; returns NULL. */
struct profile_set *profile_set_free(struct profile_set *ps);

/*
 * Parse the profile file at path and add its profiles to ps.  With local
 * 0 (the shipped file) an id already in ps is an error; with local 1 (the
 * site's file) a profile replaces the one with the same id, which is how a
 * site overrides a shipped profile.  Return 0; -errno when the file cannot
 * be read; IOMT_EINVAL with "path:line: reason" in err (size errlen) when
 * it is malformed; IOMT_ELIMIT when it is too large.  On any error ps is
 * unchanged.  Blocks on file I/O.
 */
int	profile_set_load(struct profile_set *ps, const char *path, int local,
	    char *err, size_t errlen);

/*
 * As profile_set_load(), from the len bytes at buf (need not be
 * NUL-terminated), named name in messages.  Used by tests and the fuzzer.
 */
int	profile_set_load_buf(struct profile_set *ps, const char *name,
	    const char *buf, size_t len, int local, char *err, size_t errlen);

/* Number of profiles in ps (0 for NULL). */
size_t	profile_set_count(const struct profile_set *ps);

/* Profile i (0 <= i < count), in file order, overrides in place. */
const struct profile *profile_set_get(const struct profile_set *ps,
	    size_t i);

/* The profile with id, or NULL. */
const struct profile *profile_set_find(const struct profile_set *ps,
	    const char *id);

/*
 * Return 1 if pr matches what is known about a host: the facts f (MAC,
 * earlier identity and profile, earlier observations and ports) plus, when
 * extra is not NULL, one new observation.  A profile matched in an earlier
 * scan (f->prior_profile names it) always matches.  Otherwise, with
 * match_all 0 any one signal suffices; with match_all 1 every kind of
 * signal the profile lists must be met (by any of its values).  On a
 * match, a short account of the signals that matched ("oui 0009FB",
 * "banner ~ VxWorks on tcp/21") is written to why (size whylen; may be
 * NULL).  Pure; never allocates.
 */
int	profile_match(const struct profile *pr, const struct policy_facts *f,
	    const struct policy_obs *extra, char *why, size_t whylen);

/*
 * Write the POLICY_F_* bits of forbid as the file's words ("udp ftp
 * payload"), or "-" for none, into buf.  Return buf.
 */
char	*profile_forbid_str(uint32_t forbid, char *buf, size_t len);

/*
 * Parse one forbid word ("udp", "broadcast", "ftp", "telnet", "tls",
 * "payload", "arp-only").  Return its POLICY_F_* bit, or 0 if unknown.
 */
uint32_t profile_forbid_parse(const char *word);

/*
 * Write the signals of pr as the file writes them, one per line with the
 * given indent, to buf.  Return buf.  For "profiles show".
 */
char	*profile_sigs_str(const struct profile *pr, const char *indent,
	    char *buf, size_t len);

/*
 * Return 1 if mac starts with the hex prefix hex (6 to 12 hex digits,
 * case-insensitive; separators ':', '-', '.' ignored), else 0.  Return 0
 * for a malformed prefix.
 */
int	profile_oui_match(const char *hex, const uint8_t mac[6]);

/*
 * Line helpers shared by the two line-based configuration formats, the
 * profile file (here) and the site policy file (policy.c), so that both
 * split, cut and report a line the same way.
 */

/*
 * Write "name:line: " and then fmt formatted with ap into err (size
 * errlen; truncated to fit, always NUL-terminated).  Nothing is written
 * when errlen is 0.  Return IOMT_EINVAL, so a parser can return it as its
 * error.  Does not call va_end() on ap.
 */
int	profile_verr(char *err, size_t errlen, const char *name, size_t line,
	    const char *fmt, va_list ap);

/*
 * Cut a " # comment" (a '#' at the start or after a blank) and then the
 * trailing blanks off s, in place.  With quotes 1, a '#' between double
 * quotes is kept (the policy file); with quotes 0 quotes mean nothing
 * (the profile file, whose patterns may hold a quote).
 */
void	profile_cut_comment(char *s, int quotes);

/*
 * Return the next blank-separated word of *sp, NUL-terminated in place,
 * and advance *sp past it (and past the one blank after it); return NULL
 * when only blanks are left.  *sp must point into a writable string.
 */
char	*profile_word(char **sp);

#endif /* IOMT_PROFILE_H */
