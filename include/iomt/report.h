/*
 * report.h - the report layer (src/report/): what people and programs
 * read out of the inventory.  The terminal views (`hosts`, `show`,
 * `audit`), the JSON export (docs/JSON-SCHEMA.md, written with jansson)
 * and the CSV export.  Depends on db and util; never runs SQL itself:
 * every view prints the read model db_inventory_load() / db_host_load()
 * give, so the table, `show` and the exports give one answer.
 *
 * Device strings are hostile.  The terminal views pass every string
 * through text_term() so a banner cannot drive the terminal; the JSON
 * export keeps UTF-8 as UTF-8, replaces bytes that are not UTF-8 with
 * U+FFFD and escapes control characters (C0, DEL, C1) and U+2028/U+2029;
 * JSON stored in the database (identity evidence, scan options, policy)
 * is parsed and re-emitted, never copied; CSV cells are quoted per
 * RFC 4180 and a cell a spreadsheet would run as a formula gets a
 * leading apostrophe.
 *
 * Every function returns 0, IOMT_EINVAL for bad arguments, IOMT_EDB
 * (message in db_errmsg()) when reading failed, or -EIO when fp could not
 * be written.  They block on the database and write only to fp.
 */
#ifndef IOMT_REPORT_H
#define IOMT_REPORT_H

#include <stdint.h>
#include <stdio.h>

struct db;
struct oui_db;
struct policy;
struct report_filter;

/*
 * What a view needs besides the database (a NULL pointer to it means all
 * zero).  Borrowed for the length of the call.
 */
struct report_opts {
	const struct policy	*pol;	/* the profiles `plan` matches; NULL:
					   the match the last scan stored */
	const struct oui_db	*oui;	/* maker classes for pol; may be NULL */
	int			 bom;	/* CSV: a UTF-8 byte-order mark first */
};

/*
 * Print the inventory as an aligned table (ip, mac, vendor, open ports,
 * identity, last seen, note), sorted by address, to fp.
 */
int	report_hosts(struct db *db, const struct report_opts *ro, FILE *fp);

/*
 * Print everything known about the host ip to fp.  IOMT_ENOTFOUND if the
 * inventory has no such host.
 */
int	report_host(struct db *db, const struct report_opts *ro,
	    const char *ip, FILE *fp);

/*
 * Print the imported advisories as a table (id, version, release date,
 * CVEs, hosts affected / possible / not affected, title) to fp.
 * Return 0, -EIO or IOMT_EDB.
 */
int	report_advisories(struct db *db, FILE *fp);

/*
 * As report_advisories() as JSON: {"advisories": [{id, version, status,
 * title, publisher, initial_release_date, current_release_date, file,
 * imported, cves, products, hosts: {affected, possible, not_affected}}]}
 * (docs/ADVISORIES.md).
 */
int	report_advisories_json(struct db *db, FILE *fp);

/*
 * Print the advisory with tracking id id in full (provenance, products,
 * vulnerabilities with scores and remedies, linked hosts with reasons)
 * to fp.  IOMT_ENOTFOUND when none has that id.
 */
int	report_advisory(struct db *db, const char *id, FILE *fp);

/*
 * Print the audit log for ip (every packet and connection, oldest first)
 * to fp; all hosts when ip is NULL.
 */
int	report_audit(struct db *db, const char *ip, FILE *fp);

/* Write the whole inventory as JSON (docs/JSON-SCHEMA.md) to fp. */
int	report_export_json(struct db *db, const struct report_opts *ro,
	    FILE *fp);

/*
 * Write the inventory as CSV, one row per service, to fp; with ro->bom
 * the UTF-8 byte-order mark EF BB BF first, which Excel needs to read
 * the file as UTF-8 rather than the local code page.
 */
int	report_export_csv(struct db *db, const struct report_opts *ro,
	    FILE *fp);

/*
 * Write the inventory as a CycloneDX 1.6 JSON BOM to fp: one "device"
 * component per host, the software it showed on the wire nested below
 * (src/report/cyclonedx.c).  Only the hosts f matches (NULL: all); the
 * metadata still names every scan.  Reads each host in full
 * (db_host_load()).
 */
int	report_export_cyclonedx(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);

/*
 * Write the network diagram of the inventory to fp, format "dot"
 * (Graphviz source) or "svg" (laid out and rendered with libgvc):
 * subnets as clusters, one box per device (a summary box for a class
 * with many devices in one subnet), medical devices, fragile profiles
 * and remote access marked (src/report/diagram.c).  Only the hosts f
 * matches (NULL: all).
 */
int	report_export_diagram(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, const char *format, FILE *fp);

/*
 * Write the inventory as an Excel workbook (.xlsx) to fp: a ledger-shaped
 * device sheet (the columns reconcile reads, frozen header, autofilter)
 * and a findings sheet; headers in Japanese, or English when lang is
 * "en" (src/report/xlsx.c).  The device and findings sheets hold the
 * hosts f matches (NULL: all); the changes sheet is the whole diff.  Uses
 * a temporary file under /tmp.
 */
int	report_export_xlsx(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, const char *lang, FILE *fp);

/*
 * Write the inventory (the hosts f matches; NULL: all) as one
 * self-contained HTML5 page to fp, in Japanese (lang "ja") or English:
 * summary counts, a device table that sorts and filters, the findings in
 * plain language with what to do, the network diagram as inline SVG, the
 * scans' safety record and the checklist section (src/report/html.c).
 * Loads nothing from outside (a Content-Security-Policy says so); every
 * device string is HTML-escaped.  Blocks on the database.
 */
int	report_export_html(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, const char *lang, FILE *fp);

/*
 * What changed between scan from and the later scan to (src/report/
 * diff.c): hosts added, removed (covered by to's targets, probed,
 * silent), not checked (held passive or excluded by to: never counted as
 * removed) and changed (services opened or closed, identity, a new MAC
 * on a known address, a known MAC on a new address, new findings).
 * format is "text" (for a person) or "json" (docs/JSON-SCHEMA.md).  When
 * from or to is 0, the last two complete scans are compared.  Return 0;
 * IOMT_EINVAL with a message for people in err (size errlen) when a scan
 * does not exist, did not complete, both are the same scan, or there are
 * fewer than two complete scans; IOMT_EDB (db_errmsg()); -EIO.
 */
int	report_diff(struct db *db, int64_t from, int64_t to,
	    const char *format, FILE *fp, char *err, size_t errlen);

/*
 * The report language the environment asks for: "ja" when LC_ALL,
 * LC_MESSAGES or LANG (the first one set) starts with "ja", else "en".
 */
const char *report_lang_default(void);

/* ------------------------------------------------------------------ */
/*
 * filter.c - which hosts `hosts` and `export` show.  Every criterion set
 * must hold.  Fill it (zeroed first) with report_filter_set(); strings
 * are borrowed from the caller (argv) and must outlive the filter.
 */
struct report_filter {
	const char	*device_class;	/* identity's class is this */
	const char	*vendor;	/* in identity or OUI vendor, any case */
	int		 subnet_set;
	uint32_t	 net, mask;	/* host order */
	const char	*finding;	/* a finding id, or a lowest severity */
	int		 fragile;	/* matches a fragile-device profile
					   (as the views show it) */
	int		 unmanaged;	/* no ledger_id annotation */
	int		 since_set;
	int64_t		 since_abs;	/* last seen at or after (Unix s) */
	int64_t		 since_dur;	/* or within this many seconds of
					   the inventory's clock */
};

struct inventory;
struct inv_host;

/*
 * Set the criterion of the option name ("class", "vendor", "subnet",
 * "finding", "fragile", "unmanaged", "seen-since"; arg ignored for the
 * last two flags) from arg.  Return 0, or IOMT_EINVAL with a one-line
 * message for people in err (size errlen) naming the option.  Pure.
 */
int	report_filter_set(struct report_filter *f, const char *name,
	    const char *arg, char *err, size_t errlen);

/* 1 when f (may be NULL) holds any criterion.  Pure. */
int	report_filter_active(const struct report_filter *f);

/*
 * 1 when host h meets every criterion of f (NULL: all hosts do); now is
 * the clock a --seen-since duration counts back from.  Pure.
 */
int	report_filter_match(const struct report_filter *f,
	    const struct inv_host *h, int64_t now);

/*
 * db_inventory_load(), then report_mds2_derive() (so every view and the
 * --finding filter see the MDS2 contradictions), then dropping the hosts
 * f does not match (scans are kept).  f->fragile holds for a host the views' fragile
 * column marks: the matcher `plan` uses, with ro's policy (without
 * ro->pol, the match the last scan stored).  Returns as
 * db_inventory_load(); on an error *out is NULL.
 */
int	report_inventory_load_opts(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, struct inventory **out);

/* report_inventory_load_opts() with no options. */
int	report_inventory_load(struct db *db, const struct report_filter *f,
	    struct inventory **out);

/*
 * db_host_load() followed by report_mds2_derive(): what `show` and the
 * per-host exports load.  Returns as db_host_load().
 */
int	report_host_load(struct db *db, const char *ip, size_t max_obs,
	    struct inventory **out);

/*
 * Add to every host of inv linked to an MDS2 form the findings where the
 * form and the network disagree (src/report/mds2.c): remote service
 * denied but open ("mds2-remote-contradiction", high), open ports the
 * form does not list ("mds2-undisclosed-ports"), encryption in transit
 * claimed but cleartext services open ("mds2-cleartext-contradiction"),
 * an operating system the wire contradicts ("mds2-os-contradiction"),
 * each in plain language.  Called by report_inventory_load() and
 * report_host_load(), so every view shows the same ones.  NULL-safe.
 */
void	report_mds2_derive(struct inventory *inv);

/*
 * `mds2 list` / `sbom list` (kind "mds2" or "sbom"): the imported
 * documents with how many hosts each is linked to, format "text" or
 * "json", to fp.
 */
int	report_devdocs_list(struct db *db, const char *kind,
	    const char *format, FILE *fp);

/*
 * `mds2 show MODEL` / `sbom show MODEL`: every imported document whose
 * model folds to model's key, in full (answers and notes, or
 * components), with the hosts linked to it.  IOMT_ENOTFOUND when there
 * is none.
 */
int	report_devdocs_show(struct db *db, const char *kind,
	    const char *model, FILE *fp);

/* As report_hosts(), report_export_json() and report_export_csv(), for
 * the hosts f matches only (NULL: all). */
int	report_hosts_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);
int	report_export_json_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);
int	report_export_csv_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);

/* ------------------------------------------------------------------ */
/*
 * remote.c - the remote-access services of a host (VNC, RDP, SSH,
 * Telnet, rlogin/rsh/rexec, TeamViewer, AnyDesk, Radmin, pcAnywhere,
 * DameWare, vendor remote-service gateways): the one list `remote`, the
 * diagram and the other views use.  A service's banner outranks its
 * service name, which outranks the host's identity, which outranks the
 * port number; a service that named itself as something else is not
 * remote access because of its port.  TCP only.  docs/REMOTE.md.
 */
struct inv_service;

struct report_remote {
	const struct inv_service *svc;	/* borrowed from the host */
	const char	*kind;		/* "vnc", "rdp", "ssh", "telnet",
					   "rlogin", "rsh", "rexec",
					   "teamviewer", "anydesk", "radmin",
					   "pcanywhere", "dameware",
					   "vendor-gateway" */
	const char	*name;		/* for people: "Remote Desktop (RDP)" */
	const char	*basis;		/* what it rests on: "banner",
					   "service", "identity", "port" */
	const char	*product;	/* "Secomea SiteManager", or NULL */
	int		 cleartext;	/* logins cross the wire readable */
};

/*
 * 1 when service s of host h (h may be NULL: no identity known) is
 * remote access, with *out filled (static strings and s borrowed);
 * 0 when it is not (then *out is zeroed).  Looks at s's proto, banner,
 * service name and port and h's identity, never at its state.  Pure.
 */
int	report_remote_classify(const struct inv_host *h,
	    const struct inv_service *s, struct report_remote *out);

#define REPORT_REMOTE_OPEN	0x01	/* only services whose state is
					   "open" now */

/*
 * The remote-access services of h, in h->svc order (proto, port): the
 * first max of them into out (may be NULL when max is 0).  With
 * REPORT_REMOTE_OPEN in flags only those open now, else every one the
 * inventory has (each was open once).  Returns how many there are, which
 * may exceed max.  Pure.
 */
size_t	report_remote_list(const struct inv_host *h, unsigned flags,
	    struct report_remote *out, size_t max);

/*
 * The distinct kinds of h's remote access ("vnc, telnet"), in service
 * order, into dst (size dsize; a kind that does not fit is left out);
 * flags as report_remote_list().  Returns dst ("" when dsize is 0).
 * Pure.
 */
const char *report_remote_kinds(const struct inv_host *h, unsigned flags,
	    char *dst, size_t dsize);

/*
 * `iomtscan remote` (src/report/remote-view.c): every host f matches
 * (NULL: all) with remote access, by address, each of its remote-access
 * services (open now or not) with when it was first seen and whether the
 * latest scan found it open, whether the ledger knows the host (a
 * ledger_id annotation) and its recorded remote-maintenance line (the
 * "remote" annotation).  format "text" (for people), "json"
 * (docs/JSON-SCHEMA.md) or "csv" (one row per service; ro->bom honoured).
 * Also returns IOMT_EINVAL for another format.  Reads each listed host
 * in full (db_host_load()).
 */
int	report_remote(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, const char *format, FILE *fp);

/* ------------------------------------------------------------------ */
/*
 * checklist.c - the items of the MHLW 医療機関におけるサイバーセキュリティ
 * 対策チェックリスト (and of the 2023 MHLW guide for medical devices) that
 * scan data can give evidence for, each with a status, the evidence and
 * what to do, in Japanese and English (docs/CHECKLIST.md).  Built once
 * from the inventory by report_checklist_build(); written by
 * checklist-out.c as text, JSON (docs/JSON-SCHEMA.md), a standalone HTML
 * page or an HTML <section> the HTML report embeds.
 */
enum checklist_status {
	CHECKLIST_MET,		/* the scan data shows it is met */
	CHECKLIST_NOT_MET,	/* the scan data shows it is not */
	CHECKLIST_PARTLY,	/* met for some devices or in part */
	CHECKLIST_UNKNOWN	/* cannot tell from scan data */
};

/* A device named as evidence: one that still fails the item. */
struct checklist_host {
	char		*ip;
	char		*name;		/* "Vendor Model" as identified; NULL */
	char		*why_en;	/* what about it, "telnet tcp/23" */
	char		*why_ja;
};

/* A number behind the evidence ("remote_hosts" = 3). */
struct checklist_count {
	const char	*key;		/* static */
	int64_t		 n;
};

#define CHECKLIST_MAX_COUNTS	10

/*
 * One checklist item.  The texts marked static are fixed strings of
 * checklist.c; the others are owned by the struct checklist.
 */
struct checklist_item {
	const char	*id;		/* "inventory", "ledger"... (static) */
	const char	*mhlw;		/* checklist item number "2-①", or
					   NULL when the item comes from the
					   guide (static) */
	const char	*ref_en;	/* where the item comes from (static) */
	const char	*ref_ja;
	const char	*text_en;	/* the item for people (static) */
	const char	*text_ja;
	enum checklist_status status;
	char		*evidence_en;	/* counts in a sentence or two */
	char		*evidence_ja;
	const char	*todo_en;	/* what to do, for this status */
	const char	*todo_ja;
	struct checklist_count count[CHECKLIST_MAX_COUNTS];
	size_t		 n_count;
	struct checklist_host *host;	/* every device that fails it, by
					   address */
	size_t		 n_host;
};

#define CHECKLIST_NITEMS	8

/* The whole checklist for one inventory. */
struct checklist {
	int64_t		 generated;	/* the inventory's clock */
	size_t		 n_hosts;
	size_t		 n_scans;	/* scans (`listen` sessions not
					   counted) */
	size_t		 n_complete;	/* of them, status complete */
	int64_t		 last_complete;	/* start of the newest; 0 none */
	struct checklist_item item[CHECKLIST_NITEMS];
	size_t		 n_item;
};

/* Devices the text and HTML writers name per item before "and N more". */
#define CHECKLIST_SHOW		10

/*
 * Build the checklist of the inventory in db (db_inventory_load(), the
 * reconcile runs, the addresses the newest complete scan held back) into
 * a new *out; free it with report_checklist_free().  An empty inventory
 * gives every item, most "cannot tell".  Return 0, IOMT_EINVAL or
 * IOMT_EDB (db_errmsg()); on failure *out is NULL.  Blocks on the
 * database; allocates in proportion to the inventory.
 */
int	report_checklist_build(struct db *db, struct checklist **out);

/* Free cl and everything it owns.  NULL-safe; returns NULL. */
struct checklist *report_checklist_free(struct checklist *cl);

/* "met", "not_met", "partly", "cannot_tell" (JSON's names).  Pure. */
const char *report_checklist_status_name(enum checklist_status st);

/*
 * Write cl to fp for people, in lang ("ja"; anything else is English):
 * each item with its status, evidence, at most CHECKLIST_SHOW devices
 * ("and N more") cleaned for a terminal, and what to do.  Return 0,
 * IOMT_EINVAL or -EIO.
 */
int	report_checklist_text(const struct checklist *cl, const char *lang,
	    FILE *fp);

/*
 * Write cl to fp as JSON (schema "iomtscan-checklist/1",
 * docs/JSON-SCHEMA.md): both languages' texts, every device, lang
 * recorded as the language asked for.  Return 0, IOMT_EINVAL or -EIO.
 */
int	report_checklist_json(const struct checklist *cl, const char *lang,
	    FILE *fp);

/*
 * Write cl to fp as one HTML fragment, a <section class="iomt-checklist">
 * in lang, for a page that embeds it (its style rules are scoped to the
 * section's class): every text from a device HTML-escaped, no script, no
 * external reference.  Return 0, IOMT_EINVAL or -EIO.
 */
int	report_checklist_html_section(const struct checklist *cl,
	    const char *lang, FILE *fp);

/*
 * The CSS rules the section relies on (every selector under
 * .iomt-checklist), for the <head> of a page that embeds it.  Static.
 */
const char *report_checklist_css(void);

/*
 * Write cl to fp as a complete, self-contained HTML page (UTF-8, no
 * script, fonts or links) around report_checklist_html_section().
 * Return as that function.
 */
int	report_checklist_html(const struct checklist *cl, const char *lang,
	    FILE *fp);

/* ------------------------------------------------------------------ */
/*
 * onboard.c - the checklist `iomtscan onboard IP` prints for one device
 * just connected (docs/ONBOARD.md): what it is (each identity field with
 * its evidence), what it listens on, findings, the fragile profile,
 * advisories, MDS2/SBOM on file or not, the ledger (annotations, last
 * reconcile), and a to-do list of what the record still lacks (owner,
 * location, ledger number, maintenance contract, remote-maintenance
 * line, OS support status, MDS2) in plain Japanese and English.
 */
struct report_onboard {
	const char	*ip;		/* the one address onboarded */
	int64_t		 scan_id;	/* the scan just run; 0: none */
	int		 answered;	/* the device answered in it */
	const char	*lang;		/* "ja" or "en" (text; JSON has both) */
	const char	*format;	/* "text" or "json" */
	int		 held;		/* out: the policy or a profile held
					   it back in that scan */
};

/*
 * Write the onboarding checklist of rq->ip to fp, from the read model
 * (report_host_load(), db_reconcile_last()); a host the inventory does
 * not know gives the checklist of an empty record.  JSON follows schema
 * "iomtscan-onboard/1" (docs/json-schema/onboard.schema.json); text
 * cleans every device string with text_term().  ro->pol as for `show`.
 * Sets rq->held.
 * Return 0, IOMT_EINVAL (a bad argument or format), IOMT_EDB or -EIO.
 */
int	report_onboard(struct db *db, const struct report_opts *ro,
	    struct report_onboard *rq, FILE *fp);

#endif /* IOMT_REPORT_H */
