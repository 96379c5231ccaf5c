/*
 * ledger.h - reading the hospital's asset ledger (台帳).
 *
 * Hospitals keep their device ledger by hand in Excel.  What reaches us
 * is whatever Excel wrote: a CSV file in CP932 (Shift-JIS) or UTF-8 with
 * or without a byte-order mark, "Unicode text" (UTF-16 with tabs), or
 * the .xlsx workbook itself; a title row or two above the header, the
 * columns in any order, named in Japanese or English, full-width digits
 * in addresses and MACs written four different ways.  This layer turns
 * such a file into one list of rows with named, normalised fields, or
 * refuses with a message naming the row, so that reconciliation never
 * works on a half-read ledger.
 *
 * The layer reads files only; it knows nothing of the inventory (the
 * reconcile command in the CLI joins the two).  Every limit below is a
 * hard cap: ledgers are user input and may be anything.
 */
#ifndef IOMT_LEDGER_H
#define IOMT_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#define LEDGER_MAX_FILE		((size_t)64 * 1024 * 1024)
#define LEDGER_MAX_ROWS		200000
#define LEDGER_MAX_COLS		256
#define LEDGER_MAX_CELL		65536
#define LEDGER_HEADER_SCAN	30	/* rows searched for the header */
#define LEDGER_MAX_ADDR		4	/* addresses kept per row and kind */

/* The fields reconciliation understands. */
enum ledger_field {
	LEDGER_F_ID = 0,	/* 管理番号 / asset number */
	LEDGER_F_NAME,		/* 機器名称 / device name */
	LEDGER_F_VENDOR,	/* 製造販売業者 / manufacturer */
	LEDGER_F_MODEL,		/* 型式 / model */
	LEDGER_F_SERIAL,	/* 製造番号 / serial number */
	LEDGER_F_LOCATION,	/* 設置場所 / location */
	LEDGER_F_OWNER,		/* 管理部署 / owning department */
	LEDGER_F_IP,		/* IPアドレス */
	LEDGER_F_MAC,		/* MACアドレス */
	LEDGER_F_CONTRACT,	/* 保守契約 / maintenance contract */
	LEDGER_F_NOTE,		/* 備考 / notes */
	LEDGER_F_REMOTE,	/* リモートメンテナンス / remote-maintenance
				   line: what it is for, who operates it */
	LEDGER_F_MAX
};

/* One explicit column assignment from `--map COLUMN=FIELD`. */
struct ledger_map {
	const char	*column;	/* header text, or a column letter */
	enum ledger_field field;
};

struct ledger_row {
	size_t		 row;		/* 1-based row in the sheet or file */
	char		*field[LEDGER_F_MAX];	/* UTF-8, NULL when empty */
	uint8_t		 mac[LEDGER_MAX_ADDR][6];
	size_t		 nmac;
	char		 ip[LEDGER_MAX_ADDR][46];	/* canonical text */
	size_t		 nip;
};

struct ledger {
	char		*path;
	const char	*format;	/* "csv", "tsv", "xlsx" */
	const char	*encoding;	/* "utf-8", "utf-8-bom", "cp932", ... */
	size_t		 header_row;	/* 1-based */
	int		 col[LEDGER_F_MAX];	/* 0-based column, -1 absent */
	char		*colname[LEDGER_F_MAX];	/* header text as written */
	struct ledger_row *rows;
	size_t		 nrows;
	char		**warnings;	/* human-readable, UTF-8 */
	size_t		 nwarnings;
};

/*
 * Read the ledger at path (CSV, TSV or .xlsx, told apart by content, not
 * by name), find its header, apply the nmap explicit column assignments
 * in map (may be NULL when nmap is 0), and normalise every row.  Return
 * 0 and a new ledger in *out (free with ledger_free()), or a negative
 * code with a one-line UTF-8 message in err naming the file and, where
 * there is one, the row and column: IOMT_EPROTO for a file that is not a
 * ledger or a value that cannot be read, IOMT_EINVAL for a header that
 * cannot be found or is ambiguous, or a duplicate MAC, IOMT_ELIMIT past a
 * size cap, -errno when the file cannot be read.  *out is NULL on error.
 */
int	ledger_load(const char *path, const struct ledger_map *map,
	    size_t nmap, struct ledger **out, char *err, size_t errlen);

/*
 * As ledger_load(), from len bytes at data already in memory; name is
 * used in messages only.  The fuzz target enters here.
 */
int	ledger_load_mem(const char *name, const uint8_t *data, size_t len,
	    const struct ledger_map *map, size_t nmap, struct ledger **out,
	    char *err, size_t errlen);

/* Free a ledger and everything it owns.  NULL is a no-op; returns NULL. */
struct ledger *ledger_free(struct ledger *l);

/*
 * The field called name ("id", "name", "vendor", "model", "serial",
 * "location", "owner", "ip", "mac", "contract", "note", "remote"), or -1.
 */
int	ledger_field_byname(const char *name);

/* The field's name as ledger_field_byname() accepts it. */
const char *ledger_field_name(enum ledger_field f);

/*
 * Parse a MAC address written in any common notation (colons, hyphens,
 * Cisco dots, bare hex, full-width characters) into mac.  Return 0, or
 * IOMT_EINVAL when s is not one MAC address.
 */
int	ledger_mac_parse(const char *s, uint8_t mac[6]);

/*
 * Parse an IPv4 (leading zeros allowed, full-width digits and dots
 * accepted) or IPv6 address into its canonical text in dst.  Return 0,
 * or IOMT_EINVAL when s is not one address.
 */
int	ledger_ip_parse(const char *s, char *dst, size_t dsize);

/* ------------------------------------------------------------------ */
/*
 * mds2.c - the maker's MDS2 form (ANSI/NEMA HN 1-2019 or 2013, or the
 * Japanese JAHIS/JIRA MDS/SDS) read from its .xlsx workbook (the sheet
 * with the most question IDs) or CSV export, as ledgers are read.  The
 * result is the db layer's struct mds2_doc (include/iomt/db.h), which
 * db_mds2_import() stores.  docs/MDS2.md.
 */
struct mds2_doc;

/*
 * Read the MDS2 form at path into a new *out (free with mds2_doc_free()).
 * Return 0, or IOMT_EPROTO with a one-line UTF-8 message in err naming
 * the file and, where there is one, the row: not a spreadsheet, no
 * question IDs, an answer that is not Yes/No/N/A/See note (or はい,
 * いいえ, 該当なし, 備考参照) outside the DOC rows, an ID given twice,
 * no manufacturer or model, control characters, a text over
 * MDS2_TEXT_MAX; IOMT_ELIMIT past a ledger cap; -errno when the file
 * cannot be read.  *out is NULL on error.
 */
int	ledger_mds2_load(const char *path, struct mds2_doc **out, char *err,
	    size_t errlen);

/* As ledger_mds2_load() from len bytes at data; name is for messages. */
int	ledger_mds2_load_mem(const char *name, const uint8_t *data, size_t len,
	    struct mds2_doc **out, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/*
 * match.c - the ledger against what the network showed.
 *
 * The caller (the reconcile command) hands the inventory's hosts in
 * this neutral shape so that this layer needs no database.
 */
struct ledger_host {
	const char	*ip;
	const uint8_t	*mac;		/* NULL when no MAC is known */
	const char	*not_checked;	/* why the last scan held it, or NULL */
};

struct ledger_pair {
	size_t		 host;		/* index into the hosts given */
	size_t		 row;		/* index into ledger->rows */
	const char	*by;		/* "mac" or "ip" */
};

struct ledger_result {
	struct ledger_pair *matched;
	size_t		 nmatched;
	size_t		*unmanaged;	/* host indexes in no ledger row */
	size_t		 nunmanaged;
	size_t		*missing;	/* row indexes of devices not seen */
	size_t		 nmissing;
	size_t		*not_checked;	/* row indexes the scan did not probe */
	const char	**not_checked_why;
	size_t		 nnot_checked;
};

/*
 * Decide for a ledger row that matched no host whether the scans looked
 * for it: return NULL when its address was probed and stayed silent (the
 * device is missing), or a reason ("held passive", "excluded by policy",
 * "outside the scanned targets") when it was not.  ip may be NULL (the
 * row has only a MAC).
 */
typedef const char *(*ledger_covered_fn)(void *arg, const char *ip);

/*
 * Match the nhosts hosts against the ledger: by MAC first, then by IP
 * among what is left (a ledger IP listed on two rows never matches).
 * Rows left over are missing, or not checked when covered() says the
 * scans did not look (covered may be NULL: every row is missing).
 * Fill *out (free with ledger_result_free()).  Pure; never fails.
 */
void	ledger_reconcile(const struct ledger *l, const struct ledger_host *hosts,
	    size_t nhosts, ledger_covered_fn covered, void *arg,
	    struct ledger_result *out);

/* Free what ledger_reconcile() filled; out is empty afterwards. */
void	ledger_result_free(struct ledger_result *out);

#endif /* IOMT_LEDGER_H */
