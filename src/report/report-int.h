/*
 * src/report/report-int.h - helpers the views and exports of src/report/
 * share: terminal-safe text, and reading the JSON the database stores.
 */
#ifndef IOMT_REPORT_INT_H
#define IOMT_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/report.h"
#include "iomt/safety.h"
#include "iomt/util.h"

/*
 * s (NULL shows as "-") made safe for a terminal with text_term(), cut to
 * maxcols columns when maxcols > 3, in b (emptied first).  Returns b's
 * text, valid until b changes.
 */
const char *report_clean(struct buf *b, const char *s, size_t maxcols);

/* ro, or options that are all zero when ro is NULL. */
const struct report_opts *report_opts_get(const struct report_opts *ro);

/* The fragile-device profiles a host matches, as `plan` sees them. */
struct report_fragile {
	int		 n;		/* matching profiles; 0: none */
	char		 ids[256];	/* "printer-raw-ports,..." */
	const char	*hazard;	/* of the strictest; owned by the policy */
	char		 why[256];	/* the signals that matched */
};

/*
 * Match h against ro->pol with the facts `plan` and `profiles test` use
 * (hostfacts_load(): MAC, stored identity, observations, open services)
 * into *out.  Without ro->pol, the match the last scan stored.  Return 0
 * or IOMT_EDB.
 */
int	report_fragile(struct db *db, const struct report_opts *ro,
	    const struct inv_host *h, struct report_fragile *out);

/* The passive name of h under key ("dhcp.hostname"), or NULL. */
const char *report_name(const struct inv_host *h, const char *key);

/* What people call key in `show`: "DHCP host name", ... (never NULL). */
const char *report_name_label(const char *key);

/* Which JSON values report_json_stored() accepts. */
#define REPORT_JSON_ANY		0	/* any value */
#define REPORT_JSON_OBJECT	1	/* an object */
#define REPORT_JSON_OBJECTS	2	/* an array; only its objects kept */

/*
 * Parse JSON text s (NULL gives NULL) that the database stores.  Bytes
 * that are not UTF-8 become U+FFFD and escaped lone surrogates \uFFFD
 * before parsing, so a device string cannot make an otherwise sound
 * document unreadable; \u0000 is allowed; nesting deeper than 32 levels
 * is refused.  Returns a new reference, or NULL when s is not one
 * well-formed value of the kind want.
 */
json_t	*report_json_stored(const char *s, int want);

/*
 * A new JSON string holding s (json_null() for NULL) with every byte
 * that is not UTF-8 replaced by U+FFFD.  Never fails (aborts on OOM).
 */
json_t	*report_json_str(const char *s);

/* An ISO 8601 UTC time, or json_null() when t is 0 (unknown). */
json_t	*report_json_time(int64_t t);

/*
 * Write v to fp as JSON indented by two spaces, keys in insertion order,
 * UTF-8 as it is, with DEL, C1 controls and U+2028/U+2029 escaped as
 * \u00XX / \u20XX (jansson escapes C0 controls itself).  flags are added
 * to jansson's (JSON_COMPACT for one line).  Return 0 or -EIO.
 */
int	report_json_write(json_t *v, FILE *fp, size_t flags);

/* As report_json_write() with JSON_COMPACT, into b (emptied first). */
void	report_json_compact(json_t *v, struct buf *b);

/*
 * Append one CSV cell to b (export-csv.c): a comma first unless first,
 * then s quoted per RFC 4180 with quotes doubled; a cell a spreadsheet
 * would run as a formula (starting = + - @ TAB CR) gets a leading
 * apostrophe; control characters other than TAB, CR, LF and bytes that
 * are not UTF-8 become U+FFFD.  A NULL s is an empty cell.  Never fails.
 */
void	report_csv_cell(struct buf *b, const char *s, int first);

/* Annotations in the views (annot.c). */

/*
 * Append h's name and location annotations ("name @ location") to the
 * NOTE cell *cell (malloc'd; replaced by a new malloc'd string).  Leaves
 * *cell alone when h has neither.
 */
void	report_annot_note(const struct inv_host *h, char **cell);

/* Print the "Annotations" section of `show` for h to fp; b is scratch. */
void	report_annot_print(const struct inv_host *h, FILE *fp, struct buf *b);

/*
 * A new JSON object of h's annotations: a key per field that has a
 * value, in the order of db_annotation_fields.  Never fails.
 */
json_t	*report_annot_json(const struct inv_host *h);

/* The HTML report (html.c, html-text.c). */

/*
 * Draw the network diagram of inv (frs[i]: the fragile match of host i)
 * under the heading title (NULL: export's English one; the caller's text,
 * not a device's) and render it as SVG with libgvc into *out (malloc'd,
 * NUL-terminated, *outlen bytes; the caller frees it).  Return 0, or
 * IOMT_EINVAL when Graphviz could not lay it out (then *out is NULL).
 * Uses one Graphviz context per process.  diagram.c.
 */
int	report_diagram_svg(const struct inventory *inv,
	    const struct report_fragile *frs, const char *title, char **out,
	    size_t *outlen);

/* The plain-language text of a finding, for people who run a ward. */
struct report_html_finding {
	const char	*title;		/* what it is, one line */
	const char	*what;		/* what it means */
	const char	*todo;		/* what to do */
};

/*
 * The text of finding id in Japanese (ja) or English, or NULL when the
 * report has none for id (then the stored title and detail are shown).
 * Pure; static storage.
 */
const struct report_html_finding *report_html_finding_text(const char *id,
	    int ja);

/*
 * The page's style sheet and its one script, constants.  The
 * Content-Security-Policy allows the script by its SHA-256 (base64),
 * REPORT_HTML_SCRIPT_HASH: change the script and the hash together
 * (tests/cli/t-html.sh recomputes it).
 */
extern const char report_html_style[];
extern const char report_html_script[];
#define REPORT_HTML_SCRIPT_HASH	"IRFP4KDBWI6EmKp4BE8vTmZu5bLmCfAd+SK4oSQO3qQ="

/* The report's label key in Japanese (ja) or English; key itself when
 * unknown.  Pure; static storage. */
const char *report_html_label(const char *key, int ja);

/* The checklist's fixed texts (checklist-texts.c). */

/* The items, in the order they are built and shown. */
enum {
	CHECKLIST_I_INVENTORY, CHECKLIST_I_LEDGER, CHECKLIST_I_DIAGRAM,
	CHECKLIST_I_REMOTE, CHECKLIST_I_LEGACY, CHECKLIST_I_CLEARTEXT,
	CHECKLIST_I_DEFAULTS, CHECKLIST_I_KNOWLEDGE
};

/*
 * The fixed part of an item: its id, MHLW checklist number (NULL when
 * the item comes from the guide), where it comes from, its text, and
 * what to do for each status (indexed by enum checklist_status; "" for
 * a status the item never has).
 */
struct checklist_def {
	const char	*id;
	const char	*mhlw;
	const char	*ref_en, *ref_ja;
	const char	*text_en, *text_ja;
	const char	*todo_en[4], *todo_ja[4];
};

extern const struct checklist_def checklist_defs[CHECKLIST_NITEMS];

/*
 * 1 when os names a system out of support (checklist.c): what the
 * scripts mark "(legacy)"; Windows 2000, XP, Vista, 7, 8, Server
 * 2003/2008/2012 by name; Windows NT versions up to 6.3 (as SNMP reports
 * them); Windows CE; Linux 2.x and 3.x kernels, whose upstream support
 * ended by 2020.  0 for NULL.  Pure.
 */
int	report_os_legacy(const char *os);

/* Advisories in the views (advisories.c). */

/* Print the "Advisories" section of `show` for h to fp; b is scratch. */
void	report_adv_print(const struct inv_host *h, FILE *fp, struct buf *b);

/*
 * Append h's advisory counts ("advisories: 1 affected, 2 possible") to
 * the NOTE cell *cell (malloc'd; replaced by a new malloc'd string).
 * Leaves *cell alone when no advisory is affected or possible.
 */
void	report_adv_note(const struct inv_host *h, char **cell);

/*
 * A new JSON array of h's advisories: {id, title, match, reason,
 * product, cves, cvss, cvss_vector, remediation, source} each
 * (docs/JSON-SCHEMA.md).  Never fails.
 */
json_t	*report_adv_json(const struct inv_host *h);

/* The maker's documents in the views (mds2.c). */

/* Print the "MDS2" and "SBOM" sections of `show` for h; b is scratch. */
void	report_mds2_print(const struct inv_host *h, FILE *fp, struct buf *b);

/*
 * New JSON values for h's "mds2" and "sbom" members: the linked
 * document (docs/JSON-SCHEMA.md) or null.  Never fail.
 */
json_t	*report_mds2_json(const struct inv_host *h);
json_t	*report_sbom_json(const struct inv_host *h);

/* ------------------------------------------------------------------ */
/* What changed between two scans (diff.c computes, diff-out.c prints). */

/* Kinds of change, in the order a host's changes are listed. */
enum diff_kind {
	DIFF_MOVED,		/* field "ip": a known MAC on a new address */
	DIFF_REPLACED,		/* field "mac": a new MAC on a known address */
	DIFF_IDENTITY,		/* "vendor", "model", "device_class", ... */
	DIFF_SERVICE,		/* "tcp/443": opened or closed */
	DIFF_FINDING		/* "finding": a finding the earlier scan
				   did not make */
};

/* One change; strings owned by the struct diff it belongs to. */
struct diff_change {
	enum diff_kind		 kind;
	const char		*field;
	const char		*before;	/* NULL: none / not open */
	const char		*after;
	const struct snap_finding *finding;	/* DIFF_FINDING only */
};

/*
 * One host in a list of the diff.  from and to are its rows in each
 * snapshot (either may be NULL: added hosts have no from, removed and
 * not-checked ones may have no to); for a moved host from is the row of
 * its old address.
 */
struct diff_host {
	const char		*ip;
	uint32_t		 addr;		/* host order, for sorting */
	const char		*mac;
	const struct snap_host	*from;
	const struct snap_host	*to;
	const char		*state;		/* not checked: "held" or
						   "excluded" */
	const char		*reason;	/* not checked: why */
	struct diff_change	*ch;		/* changed hosts only */
	size_t			 n_ch;
};

struct diff_list {
	struct diff_host	*h;		/* by address */
	size_t			 n, cap;
};

struct diff {
	struct scan_snapshot	*from, *to;
	struct diff_list	 added, removed, not_checked, changed;
	size_t			 outside;	/* seen in from, not covered by
						   to's targets: not compared */
	size_t			 unknown;	/* seen in from, to's targets
						   unknown: not compared */
	char			**str;		/* strings the changes own */
	size_t			 n_str, cap_str;
};

/*
 * Compare snapshot from (the earlier scan) with to into a new *out,
 * which takes ownership of both snapshots.  Pure computation, in time
 * O(n log n) in the number of hosts.  Never fails; free with
 * diff_free().
 */
void	diff_compute(struct scan_snapshot *from, struct scan_snapshot *to,
	    struct diff **out);

/* Free d, its snapshots and its strings.  NULL-safe; returns NULL. */
struct diff *diff_free(struct diff *d);

/*
 * The diff of the last two complete scans into a new *out, or *out NULL
 * when there are fewer than two.  Return 0 or IOMT_EDB.
 */
int	diff_latest(struct db *db, struct diff **out);

/*
 * Append to b what a person needs to recognise host h (raw text: clean
 * it for its output): "vendor model (class) tcp/80 tcp/443".
 */
void	diff_host_summary(struct buf *b, const struct snap_host *h);

/* The diff as the JSON object docs/JSON-SCHEMA.md describes (new ref). */
json_t	*diff_json(const struct diff *d);

/* The diff as text for a person (a morning e-mail) to fp.  0 or -EIO. */
int	diff_text(const struct diff *d, FILE *fp);

#endif /* IOMT_REPORT_INT_H */
