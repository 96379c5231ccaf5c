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
 * (src/report/cyclonedx.c).  Reads every host in full (db_host_load()).
 */
int	report_export_cyclonedx(struct db *db, const struct report_opts *ro,
	    FILE *fp);

/*
 * Write the network diagram of the inventory to fp, format "dot"
 * (Graphviz source) or "svg" (laid out and rendered with libgvc):
 * subnets as clusters, one box per device (a summary box for a class
 * with many devices in one subnet), medical devices, fragile profiles
 * and remote access marked (src/report/diagram.c).
 */
int	report_export_diagram(struct db *db, const struct report_opts *ro,
	    const char *format, FILE *fp);

/*
 * Write the inventory as an Excel workbook (.xlsx) to fp: a ledger-shaped
 * device sheet (the columns reconcile reads, frozen header, autofilter)
 * and a findings sheet; headers in Japanese, or English when lang is
 * "en" (src/report/xlsx.c).  Uses a temporary file under /tmp.
 */
int	report_export_xlsx(struct db *db, const struct report_opts *ro,
	    const char *lang, FILE *fp);

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
	int		 fragile;	/* matched a fragile-device profile */
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
 * db_inventory_load() followed by dropping the hosts f does not match
 * (scans are kept).  Returns as db_inventory_load().
 */
int	report_inventory_load(struct db *db, const struct report_filter *f,
	    struct inventory **out);

/* As report_hosts(), report_export_json() and report_export_csv(), for
 * the hosts f matches only (NULL: all). */
int	report_hosts_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);
int	report_export_json_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);
int	report_export_csv_where(struct db *db, const struct report_opts *ro,
	    const struct report_filter *f, FILE *fp);

#endif /* IOMT_REPORT_H */
