/*
 * ledger-int.h - what the ledger readers share: a table of UTF-8 cells.
 *
 * Each file format (CSV/TSV in src/ledger/csv.c, .xlsx in
 * src/ledger/xlsx.c) only turns bytes into rows of cells; finding the
 * header, naming the columns and normalising values happen once, in
 * src/ledger/ledger.c and src/ledger/normal.c, whatever the format.
 */
#ifndef IOMT_LEDGER_INT_H
#define IOMT_LEDGER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "iomt/ledger.h"
#include "iomt/util.h"

struct ledger_trow {
	size_t		 row;		/* 1-based, as the spreadsheet numbers it */
	char		**cell;		/* UTF-8, NUL-ended; NULL for empty */
	size_t		 ncell;
};

struct ledger_table {
	struct ledger_trow *rows;
	size_t		 nrows;
	size_t		 cap;
};

/*
 * Append an empty row numbered row.  Return 0, or IOMT_ELIMIT past
 * LEDGER_MAX_ROWS.
 */
int	ledger_table_row(struct ledger_table *t, size_t row);

/*
 * Set cell col (0-based) of the last row to a copy of the n bytes at s,
 * which must be valid UTF-8 without NUL.  Return 0, or IOMT_ELIMIT past
 * LEDGER_MAX_COLS or LEDGER_MAX_CELL.
 */
int	ledger_table_cell(struct ledger_table *t, size_t col, const char *s,
	    size_t n);

/* Free every row and cell; the table is empty afterwards. */
void	ledger_table_free(struct ledger_table *t);

/*
 * Read CSV or TSV bytes (encoding and delimiter detected) into t.  Set
 * *format ("csv" or "tsv") and *encoding.  Return 0, or IOMT_EPROTO with
 * a message in err (binary data, bytes valid in no supported encoding,
 * an unterminated quote), IOMT_ELIMIT past a cap.
 */
int	ledger_csv_read(const uint8_t *p, size_t n, struct ledger_table *t,
	    const char **format, const char **encoding, char *err,
	    size_t errlen);

/* 1 when the n bytes at p begin like a zip archive (an .xlsx). */
int	ledger_is_zip(const uint8_t *p, size_t n);

/*
 * Read the first worksheet of the .xlsx workbook in the n bytes at p
 * into t.  Return 0, or IOMT_EPROTO with a message in err (not a
 * workbook, a part missing or malformed), IOMT_ELIMIT past a cap.
 */
int	ledger_xlsx_read(const uint8_t *p, size_t n, struct ledger_table *t,
	    char *err, size_t errlen);

/*
 * As ledger_xlsx_read() for sheet idx (0 the first) of the workbook.
 * Also returns IOMT_ENOTFOUND when the workbook has no such sheet.
 */
int	ledger_xlsx_sheet(const uint8_t *p, size_t n, size_t idx,
	    struct ledger_table *t, char *err, size_t errlen);

/*
 * Append to b the n bytes of UTF-8 at s with full-width ASCII forms
 * (U+FF01..U+FF5E) and the ideographic space folded to ASCII, and the
 * dash look-alikes (U+2010..U+2015, U+2212, U+30FC, U+FF70) folded to
 * '-'.  With key set, also lower-case ASCII and drop spaces, '_', '-',
 * '.', '/' and '・' so that header names compare loosely.
 */
void	ledger_fold(struct buf *b, const char *s, size_t n, int key);

/* The spreadsheet name of 0-based column col ("A", "AB") in dst[4]. */
void	ledger_colname(size_t col, char dst[4]);

/*
 * The field a folded header key names, or -1.  Japanese and English
 * names as hospitals write them.
 */
int	ledger_header_field(const char *key);

/* 1 when the cell says "no value" (-, 不明, なし, n/a, ...). */
int	ledger_is_blank(const char *s);

#endif /* IOMT_LEDGER_INT_H */
