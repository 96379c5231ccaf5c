/*
 * src/db/store.c - the SQLite connection of the inventory: open (pragmas,
 * WAL, the checks that a file is an inventory this program may use),
 * close, write batches and the SQLite helpers the layer shares; and the
 * views people and programs read (the hosts table, one host in full, JSON,
 * CSV and the audit log).
 *
 * A database whose user_version is newer than this program is refused
 * rather than misread, and a file that is not an iomtscan inventory is
 * never written to.  Schema and statements: schema.c.
 *
 * Durability: the journal is in WAL mode and the engine writes inside
 * db_begin()/db_commit() batches, so a scan killed at any moment (kill -9
 * included) leaves the database as of its last committed batch; SQLite's
 * WAL recovery discards the half-written one.  A scan left "running" by a
 * process that no longer exists is marked "aborted" by the next read-write
 * open.  synchronous=NORMAL: a power cut may lose the last batches, never
 * consistency.
 *
 * Privilege drop: the scanner opens the database as root and then switches
 * to an unprivileged user (nobody) that may not create files in the
 * database's directory.  So db_open() leaves the connection needing no new
 * file: after switching to WAL it sets SQLITE_FCNTL_PERSIST_WAL (the -wal
 * and -shm files are kept, not unlinked and recreated, when the connection
 * closes; journal_size_limit truncates the -wal instead), uses in-memory
 * temporary storage, and runs a read so that the -wal and -shm files are
 * already open.  The descriptors opened as root stay usable after setuid(),
 * which the unit test db_privdrop_write checks.
 *
 * Device strings are hostile: the JSON writer escapes control characters
 * as \u00XX and replaces bytes that are not UTF-8 with U+FFFD; embedded
 * JSON (identity evidence, scan options) is parsed and re-emitted, not
 * copied; CSV cells are quoted per RFC 4180 and cells that a spreadsheet
 * would run as a formula get a leading apostrophe; the terminal views
 * escape control characters so a banner cannot drive the terminal.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "db-int.h"
#include "iomt/safety.h"

#define DB_BUSY_MS		5000
#define DB_WAL_LIMIT		(4 * 1024 * 1024)
#define DB_OBS_SHOWN		20	/* observations in db_print_host */
#define DB_PORTS_SHOWN		40	/* OPEN PORTS column of the table */
#define DB_JSON_SCHEMA		"iomtscan-inventory/1"
#define JSON_MAXDEPTH		32	/* embedded JSON we re-emit */
#define JW_MAXDEPTH		16

/* ---- strings ---------------------------------------------------------- */

static void
utf8_put(struct buf *b, uint32_t cp)
{
	char	 u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_addn(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_addn(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_addn(b, u, 4);
	}
}

/*
 * Append s (n bytes, NULs allowed) as a JSON string literal: quotes,
 * backslashes and control characters escaped, U+2028/U+2029 and C1
 * controls as \uXXXX, bytes that are not UTF-8 as \ufffd.
 */
static void
sb_json_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	buf_addc(b, '"');
	while (i < n) {
		unsigned char	 c = p[i];

		if (c < 0x80) {
			switch (c) {
			case '"':
				buf_add(b, "\\\"");
				break;
			case '\\':
				buf_add(b, "\\\\");
				break;
			case '\b':
				buf_add(b, "\\b");
				break;
			case '\f':
				buf_add(b, "\\f");
				break;
			case '\n':
				buf_add(b, "\\n");
				break;
			case '\r':
				buf_add(b, "\\r");
				break;
			case '\t':
				buf_add(b, "\\t");
				break;
			default:
				if (c < 0x20 || c == 0x7f)
					buf_addf(b, "\\u%04x", c);
				else
					buf_addc(b, (char)c);
				break;
			}
			i++;
			continue;
		}
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			buf_add(b, "\\ufffd");
			i++;
			continue;
		}
		if (cp < 0xa0 || cp == 0x2028 || cp == 0x2029)
			buf_addf(b, "\\u%04x", (unsigned)cp);
		else
			buf_addn(b, s + i, l);
		i += l;
	}
	buf_addc(b, '"');
}

/*
 * A re-emitter for JSON held in the database (evidence, scan options):
 * parses strictly (depth-limited) and writes a compact copy whose strings
 * went through sb_json_escape(), so the export stays valid JSON whatever the
 * column holds.
 */
struct jp {
	const unsigned char	*p;
	size_t			 n;
	size_t			 i;
	int			 depth;
	int			 only_objects;	/* see jp_container() */
	struct buf		*out;
	struct buf		 tmp;
};

static int	jp_value(struct jp *);

static void
jp_ws(struct jp *j)
{
	while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\t' ||
	    j->p[j->i] == '\n' || j->p[j->i] == '\r'))
		j->i++;
}

static int
jp_hex4(struct jp *j, uint32_t *v)
{
	size_t	 k;

	*v = 0;
	if (j->n - j->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		unsigned char	 c = j->p[j->i + k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	j->i += 4;
	return 0;
}

static int
jp_string(struct jp *j)
{
	buf_truncate(&j->tmp, 0);
	j->i++;				/* the opening quote */
	for (;;) {
		unsigned char	 c;
		uint32_t	 cp, lo;

		if (j->i >= j->n)
			return -1;
		c = j->p[j->i++];
		if (c == '"')
			break;
		if (c != '\\') {
			buf_addc(&j->tmp, (char)c);
			continue;
		}
		if (j->i >= j->n)
			return -1;
		c = j->p[j->i++];
		switch (c) {
		case '"':
		case '\\':
		case '/':
			buf_addc(&j->tmp, (char)c);
			break;
		case 'b':
			buf_addc(&j->tmp, '\b');
			break;
		case 'f':
			buf_addc(&j->tmp, '\f');
			break;
		case 'n':
			buf_addc(&j->tmp, '\n');
			break;
		case 'r':
			buf_addc(&j->tmp, '\r');
			break;
		case 't':
			buf_addc(&j->tmp, '\t');
			break;
		case 'u':
			if (jp_hex4(j, &cp) != 0)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff && j->n - j->i >= 6 &&
			    j->p[j->i] == '\\' && j->p[j->i + 1] == 'u') {
				size_t	 save = j->i;

				j->i += 2;
				if (jp_hex4(j, &lo) == 0 && lo >= 0xdc00 &&
				    lo <= 0xdfff)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					j->i = save;
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			utf8_put(&j->tmp, cp);
			break;
		default:
			return -1;
		}
	}
	sb_json_escape(j->out, j->tmp.p != NULL ? j->tmp.p : "", j->tmp.len);
	return 0;
}

static int
jp_number(struct jp *j)
{
	size_t	 start = j->i, d;

	if (j->i < j->n && j->p[j->i] == '-')
		j->i++;
	if (j->i >= j->n)
		return -1;
	if (j->p[j->i] == '0')
		j->i++;
	else if (j->p[j->i] >= '1' && j->p[j->i] <= '9')
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
	else
		return -1;
	if (j->i < j->n && j->p[j->i] == '.') {
		j->i++;
		d = j->i;
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
		if (j->i == d)
			return -1;
	}
	if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-'))
			j->i++;
		d = j->i;
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
		if (j->i == d)
			return -1;
	}
	buf_addn(j->out, (const char *)j->p + start, j->i - start);
	return 0;
}

static int
jp_literal(struct jp *j, const char *lit)
{
	size_t	 l = strlen(lit);

	if (j->n - j->i < l || memcmp(j->p + j->i, lit, l) != 0)
		return -1;
	j->i += l;
	buf_add(j->out, lit);
	return 0;
}

static int
jp_container(struct jp *j)
{
	char	 close = j->p[j->i] == '{' ? '}' : ']';
	int	 obj = close == '}', kept = 0, filter;

	if (++j->depth > JSON_MAXDEPTH)
		return -1;
	/* evidence: keep only the objects of the top-level array. */
	filter = j->only_objects && j->depth == 1 && !obj;
	buf_addc(j->out, (char)j->p[j->i]);
	j->i++;
	jp_ws(j);
	if (j->i < j->n && j->p[j->i] == (unsigned char)close) {
		j->i++;
		buf_addc(j->out, close);
		j->depth--;
		return 0;
	}
	for (;;) {
		size_t	 mark = j->out->len, start;

		if (kept > 0)
			buf_addc(j->out, ',');
		start = j->out->len;
		if (obj) {
			jp_ws(j);
			if (j->i >= j->n || j->p[j->i] != '"' ||
			    jp_string(j) != 0)
				return -1;
			jp_ws(j);
			if (j->i >= j->n || j->p[j->i] != ':')
				return -1;
			j->i++;
			buf_addc(j->out, ':');
		}
		if (jp_value(j) != 0)
			return -1;
		if (filter && j->out->p[start] != '{') {
			j->out->len = mark;
			j->out->p[mark] = '\0';
		} else
			kept++;
		jp_ws(j);
		if (j->i >= j->n)
			return -1;
		if (j->p[j->i] == ',') {
			j->i++;
			continue;
		}
		if (j->p[j->i] != (unsigned char)close)
			return -1;
		j->i++;
		buf_addc(j->out, close);
		break;
	}
	j->depth--;
	return 0;
}

static int
jp_value(struct jp *j)
{
	jp_ws(j);
	if (j->i >= j->n)
		return -1;
	switch (j->p[j->i]) {
	case '{':
	case '[':
		return jp_container(j);
	case '"':
		return jp_string(j);
	case 't':
		return jp_literal(j, "true");
	case 'f':
		return jp_literal(j, "false");
	case 'n':
		return jp_literal(j, "null");
	default:
		return jp_number(j);
	}
}

/*
 * Append the JSON text s (n bytes) to out, re-emitted; want is '{', '['
 * or 0 (any value), or 'o' for an array of which only the object
 * elements are kept (evidence).  Return 0, or -1 (out unchanged) if s is
 * not one well-formed JSON value of that kind.
 */
static int
json_clean(struct buf *out, const char *s, size_t n, char want)
{
	struct jp	 j;
	size_t		 mark = out->len;
	int		 r;

	memset(&j, 0, sizeof(j));
	j.p = (const unsigned char *)s;
	j.n = n;
	j.out = out;
	if (want == 'o') {
		j.only_objects = 1;
		want = '[';
	}
	jp_ws(&j);
	if (want != 0 && (j.i >= j.n || j.p[j.i] != (unsigned char)want))
		r = -1;
	else
		r = jp_value(&j);
	if (r == 0) {
		jp_ws(&j);
		if (j.i != j.n)
			r = -1;
	}
	buf_free(&j.tmp);
	if (r != 0) {
		out->len = mark;
		if (out->p != NULL)
			out->p[mark] = '\0';
	}
	return r;
}




/*
 * Append one CSV cell (RFC 4180): comma first unless first, the text
 * quoted with quotes doubled, control characters other than \t \r \n and
 * bytes that are not UTF-8 replaced with U+FFFD, and a leading apostrophe
 * before = + - @ \t \r so spreadsheets do not run the cell as a formula.
 * A NULL s is an empty cell.
 */
static void
csv_cell(struct buf *b, const char *s, size_t n, int first)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	if (!first)
		buf_addc(b, ',');
	if (s == NULL)
		return;
	buf_addc(b, '"');
	if (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
		buf_addc(b, '\'');
	while (i < n) {
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 0 || (cp < 0x20 && cp != '\t' && cp != '\r' &&
		    cp != '\n') || (cp >= 0x7f && cp < 0xa0)) {
			buf_add(b, "\xef\xbf\xbd");
			i += l == 0 ? 1 : l;
			continue;
		}
		if (cp == '"')
			buf_add(b, "\"\"");
		else
			buf_addn(b, s + i, l);
		i += l;
	}
	buf_addc(b, '"');
}

static void
csv_int(struct buf *b, int64_t v, int first)
{
	if (!first)
		buf_addc(b, ',');
	buf_addf(b, "%" PRId64, v);
}

/* ---- JSON writer -------------------------------------------------------- */

struct jw {
	FILE		*fp;
	struct buf	 out;
	int		 depth;
	int		 n[JW_MAXDEPTH];	/* items written at a depth */
	int		 flat[JW_MAXDEPTH];	/* container on one line */
};

static void
jw_flush(struct jw *w)
{
	if (w->out.len > 0)
		fwrite(w->out.p, 1, w->out.len, w->fp);
	buf_truncate(&w->out, 0);
}

/* Separator, indentation and "key": before a value. */
static void
jw_sep(struct jw *w, const char *key)
{
	int	 d = w->depth, k;

	if (d > 0) {
		if (w->flat[d]) {
			if (w->n[d] > 0)
				buf_add(&w->out, ", ");
		} else {
			if (w->n[d] > 0)
				buf_addc(&w->out, ',');
			buf_addc(&w->out, '\n');
			for (k = 0; k < d; k++)
				buf_add(&w->out, "  ");
		}
		w->n[d]++;
	}
	if (key != NULL) {
		sb_json_escape(&w->out, key, strlen(key));
		buf_add(&w->out, ": ");
	}
}

static void
jw_open(struct jw *w, const char *key, char c, int flat)
{
	jw_sep(w, key);
	buf_addc(&w->out, c);
	if (w->depth + 1 >= JW_MAXDEPTH)
		abort();
	w->depth++;
	w->n[w->depth] = 0;
	w->flat[w->depth] = flat || w->flat[w->depth - 1];
}

static void
jw_close(struct jw *w, char c)
{
	int	 had = w->n[w->depth], flat = w->flat[w->depth], k;

	w->depth--;
	if (!flat && had > 0) {
		buf_addc(&w->out, '\n');
		for (k = 0; k < w->depth; k++)
			buf_add(&w->out, "  ");
	}
	buf_addc(&w->out, c);
	if (w->out.len > 65536)
		jw_flush(w);
}

static void
jw_strn(struct jw *w, const char *key, const char *s, size_t n)
{
	jw_sep(w, key);
	if (s == NULL)
		buf_add(&w->out, "null");
	else
		sb_json_escape(&w->out, s, n);
}

static void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_strn(w, key, s, s != NULL ? strlen(s) : 0);
}

static void
jw_int(struct jw *w, const char *key, int64_t v)
{
	jw_sep(w, key);
	buf_addf(&w->out, "%" PRId64, v);
}

static void
jw_null(struct jw *w, const char *key)
{
	jw_sep(w, key);
	buf_add(&w->out, "null");
}

/* A time as ISO 8601 UTC, or null when unknown (0). */
static void
jw_time(struct jw *w, const char *key, int64_t t)
{
	char	 buf[32];

	if (t <= 0)
		jw_null(w, key);
	else
		jw_str(w, key, time_iso8601(buf, sizeof(buf), t));
}

/*
 * Stored JSON text s (n bytes, may be NULL) re-emitted; if it is not a
 * well-formed value of kind want, write fallback ("null", "[]") instead.
 */
static void
jw_json(struct jw *w, const char *key, const char *s, size_t n, char want,
    const char *fallback)
{
	jw_sep(w, key);
	if (s == NULL || json_clean(&w->out, s, n, want) != 0)
		buf_add(&w->out, fallback);
}

/* ---- SQLite helpers ----------------------------------------------------- */

int64_t
db_now(const struct db *db)
{
	return db->now != 0 ? db->now : (int64_t)time(NULL);
}

/* Remember SQLite's message for rc and return IOMT_EDB. */
int
db_sqlerr(struct db *db, int rc, const char *what)
{
	const char	*msg;

	if ((rc & 0xff) == SQLITE_NOTADB)
		msg = "file is not a database (not an SQLite file, or corrupt)";
	else if ((rc & 0xff) == SQLITE_CORRUPT)
		msg = "database disk image is malformed (corrupt)";
	else
		msg = sqlite3_errmsg(db->h);
	snprintf(db->err, sizeof(db->err), "%s: %s", what, msg);
	log_debug("%s (code %d)", db->err, rc);
	return IOMT_EDB;
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

size_t
db_col_len(sqlite3_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st, i);
}

int64_t
db_col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s, size_t max)
{
	size_t	 n;

	if (s == NULL)
		return sqlite3_bind_null(st, i);
	n = strlen(s);
	if (n > max) {
		/* Cut on a character boundary. */
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

int
db_bind_scan(sqlite3_stmt *st, int i, int64_t scan_id)
{
	if (scan_id <= 0)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, scan_id);
}

/* Reset st for its next use (and drop its bindings). */
void
db_st_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/*
 * Step the bound statement k to completion, then reset it.  Return 0 or
 * IOMT_EDB.
 */
int
db_run(struct db *db, enum db_st k, const char *what)
{
	sqlite3_stmt	*st = db->st[k];
	int		 rc;

	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* Step a "SELECT count(*)"-like statement: one integer. */
int
db_run_int(struct db *db, enum db_st k, int64_t *out, const char *what)
{
	sqlite3_stmt	*st = db->st[k];
	int		 rc;

	*out = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = db_col_int(st, 0);
		rc = SQLITE_DONE;
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, what);
	return 0;
}

/* Run one statement outside the prepared set (open time only). */
int
db_exec(struct db *db, const char *sql)
{
	int	 rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_sqlerr(db, rc, "cannot set up the database");
	return 0;
}

/* Read one integer with a one-off statement (open time only). */
int
db_pragma_int(struct db *db, const char *sql, int64_t *out, int *rcp)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*out = 0;
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rcp != NULL)
		*rcp = rc;
	if (rc != SQLITE_OK) {
		db_sqlerr(db, rc, "cannot read the database");
		sqlite3_finalize(st);
		return IOMT_EDB;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Begin a read transaction for a consistent view, unless in a batch. */
int
db_read_begin(struct db *db)
{
	int	 r;

	if (db->depth > 0 || db->reading)
		return 0;
	if ((r = db_run(db, ST_BEGIN_READ, "cannot read")) != 0)
		return r;
	db->reading = 1;
	return 0;
}

void
db_read_end(struct db *db)
{
	if (!db->reading)
		return;
	db->reading = 0;
	if (db_run(db, ST_COMMIT, "cannot end the read") != 0)
		db_run(db, ST_ROLLBACK, "cannot end the read");
}

/*
 * Mark scans whose process is gone as "aborted".  A scan whose pid is
 * still alive (another scan writing into the same file right now) is
 * left alone; its own db_scan_end() will settle it.
 */
static int
db_mark_aborted(struct db *db)
{
	sqlite3_stmt	*st = db->st[ST_SCAN_RUNNING];
	int64_t		 ids[64];
	size_t		 n = 0, i;
	int		 rc, r;

	for (;;) {
		int64_t	 pid;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		pid = db_col_int(st, 1);
		if (pid == (int64_t)getpid())
			continue;
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		if (n < sizeof(ids) / sizeof(ids[0]))
			ids[n++] = db_col_int(st, 0);
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlerr(db, rc, "cannot read the scans");
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(db->st[ST_SCAN_ABORT], 1, ids[i]);
		if ((r = db_run(db, ST_SCAN_ABORT,
		    "cannot mark a killed scan aborted")) != 0)
			return r;
		log_info("scan %lld was left running by a process that is "
		    "gone; marked aborted", (long long)ids[i]);
	}
	return 0;
}

/*
 * Open the connection with SQLite flags oflags and check, reading only,
 * that the file is an iomtscan inventory this program may use.  *version
 * receives its schema version.
 */
static int
db_connect(struct db *db, const char *path, int oflags, int64_t *version,
    int *rcp)
{
	int64_t	 appid, ntables;
	int	 rc;

	*rcp = SQLITE_OK;
	rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		int	 e = db->h != NULL ? sqlite3_system_errno(db->h) : 0;

		*rcp = rc;
		if (e != 0)
			snprintf(db->err, sizeof(db->err), "%s (%s)",
			    db->h != NULL ? sqlite3_errmsg(db->h) :
			    "unable to open database file", strerror(e));
		else
			snprintf(db->err, sizeof(db->err), "%s",
			    db->h != NULL ? sqlite3_errmsg(db->h) :
			    "out of memory");
		return IOMT_EDB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	if (db_pragma_int(db, "PRAGMA user_version", version, rcp) != 0 ||
	    db_pragma_int(db, "PRAGMA application_id", &appid, rcp) != 0 ||
	    db_pragma_int(db, "SELECT count(*) FROM sqlite_master", &ntables,
	    rcp) != 0)
		return IOMT_EDB;
	log_debug("%s: schema version %lld, application id 0x%llx, %lld "
	    "schema objects", path, (long long)*version,
	    (unsigned long long)appid, (long long)ntables);
	if (appid != DB_APPLICATION_ID && (appid != 0 || *version != 0 ||
	    ntables != 0)) {
		snprintf(db->err, sizeof(db->err), "not an iomtscan inventory "
		    "(an SQLite database of another program); refusing to "
		    "use it");
		return IOMT_EDB;
	}
	if (*version > DB_SCHEMA_VERSION) {
		snprintf(db->err, sizeof(db->err), "the database has schema "
		    "version %lld, newer than this iomtscan understands "
		    "(%d); use a newer iomtscan or another --db file",
		    (long long)*version, DB_SCHEMA_VERSION);
		return IOMT_EDB;
	}
	if (!(oflags & SQLITE_OPEN_READWRITE) || db->rdonly) {
		if (*version == 0) {
			snprintf(db->err, sizeof(db->err), "the database is "
			    "empty (no scan has been recorded in it)");
			return IOMT_EDB;
		}
		if (*version < DB_SCHEMA_VERSION) {
			snprintf(db->err, sizeof(db->err), "schema version "
			    "%lld is older than this iomtscan's (%d); run a "
			    "scan into it once to upgrade it",
			    (long long)*version, DB_SCHEMA_VERSION);
			return IOMT_EDB;
		}
	}
	return 0;
}

/* Can rc be cured by opening another way (not a bad or missing file)? */
static int
db_retryable(int rc)
{
	return (rc & 0xff) == SQLITE_CANTOPEN ||
	    (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_BUSY;
}

/* Is the WAL file of path absent or empty (nothing uncommitted to miss)? */
static int
db_wal_empty(const char *path)
{
	char		 wal[4096];
	struct stat	 sb;

	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal))
		return 0;
	if (stat(wal, &sb) != 0)
		return errno == ENOENT;
	return sb.st_size == 0;
}

/*
 * Open path for reading only.  A WAL database can be read only through
 * its -shm file, which a user who may not write the directory cannot
 * create.  So: read-only first; then read-write without creating (a
 * -shm this user may write), with query_only set; then, when the -wal
 * holds nothing, as an immutable file, which needs no -shm at all.
 */
static int
db_open_readonly(struct db *db, const char *path, int64_t *version)
{
	char	 first[sizeof(db->err)];
	int	 r, rc, one = 1;

	r = db_connect(db, path, SQLITE_OPEN_READONLY, version, &rc);
	if (r == 0 || !db_retryable(rc) || access(path, F_OK) != 0)
		return r;
	strlcpy(first, db->err, sizeof(first));
	sqlite3_close_v2(db->h);
	db->h = NULL;
	r = db_connect(db, path, SQLITE_OPEN_READWRITE, version, &rc);
	if (r == 0) {
		sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &one);
		return db_exec(db, "PRAGMA query_only = ON");
	}
	if (db_retryable(rc) && db_wal_empty(path)) {
		struct buf	 uri = { NULL, 0, 0 };
		const char	*p;

		sqlite3_close_v2(db->h);
		db->h = NULL;
		buf_add(&uri, "file:");
		for (p = path; *p != '\0'; p++) {
			if (*p == '%' || *p == '?' || *p == '#' ||
			    (unsigned char)*p <= 0x20)
				buf_addf(&uri, "%%%02X", (unsigned char)*p);
			else
				buf_addc(&uri, *p);
		}
		buf_add(&uri, "?immutable=1");
		r = db_connect(db, uri.p, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, version, &rc);
		buf_free(&uri);
		if (r == 0)
			return 0;
	}
	if (db_retryable(rc))
		snprintf(db->err, sizeof(db->err), "cannot read it as this "
		    "user: its -shm file is missing or not accessible and "
		    "the directory is not writable (run as the user that "
		    "scanned, or give read access) [%.200s]", first);
	return r;
}

/* Switch a read-write connection to WAL, ready for a privilege drop. */
static int
db_setup_wal(struct db *db)
{
	sqlite3_stmt	*st = NULL;
	const char	*mode;
	int		 rc, one = 1, r = IOMT_EDB;
	char		 sql[64];

	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_sqlerr(db, rc, "cannot switch the database to WAL mode");
		goto out;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		snprintf(db->err, sizeof(db->err), "cannot switch the "
		    "database to WAL mode (journal mode is %s)",
		    mode != NULL ? mode : "unknown");
		goto out;
	}
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit = %d",
	    DB_WAL_LIMIT);
	if ((r = db_exec(db, sql)) != 0 ||
	    (r = db_exec(db, "PRAGMA synchronous = NORMAL")) != 0)
		goto out;
	r = 0;
 out:
	sqlite3_finalize(st);
	return r;
}

static void
db_free(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(db->st[i]);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	buf_free(&db->host_buf);
	buf_free(&db->id_buf);
	free(db);
}

int
db_open(const char *path, int flags, struct db **out, char *errbuf,
    size_t errlen)
{
	struct db	*db = NULL;
	int64_t		 version = 0, n;
	int		 r = IOMT_EDB, rc;
	size_t		 i;

	if (out != NULL)
		*out = NULL;
	if (errbuf != NULL && errlen > 0)
		errbuf[0] = '\0';
	if (path == NULL || out == NULL || path[0] == '\0') {
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "no database path");
		return IOMT_EINVAL;
	}
	db = xcalloc(1, sizeof(*db));
	db->rdonly = (flags & DB_RDONLY) != 0;
	if (db->rdonly) {
		if ((r = db_open_readonly(db, path, &version)) != 0)
			goto out;
	} else {
		if ((r = db_connect(db, path, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_CREATE, &version, &rc)) != 0)
			goto out;
		if (sqlite3_db_readonly(db->h, "main") == 1) {
			snprintf(db->err, sizeof(db->err), "the database file "
			    "is not writable (%s)", strerror(EACCES));
			r = IOMT_EDB;
			goto out;
		}
		if ((r = db_setup_wal(db)) != 0)
			goto out;
	}
	if ((r = db_exec(db, "PRAGMA foreign_keys = ON")) != 0 ||
	    (r = db_exec(db, "PRAGMA temp_store = MEMORY")) != 0)
		goto out;
	if (!db->rdonly && (r = db_migrate(db, version)) != 0)
		goto out;
	for (i = 0; i < ST__COUNT; i++) {
		rc = sqlite3_prepare_v3(db->h, db_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL);
		if (rc != SQLITE_OK) {
			r = db_sqlerr(db, rc, "cannot prepare a statement");
			log_debug("statement %zu: %s", i, db_sql[i]);
			goto out;
		}
	}
	if (!db->rdonly && (r = db_mark_aborted(db)) != 0)
		goto out;
	/* A read now opens the -wal and -shm files (see the top). */
	if ((r = db_run_int(db, ST_COUNT_SCANS, &n, "cannot read the "
	    "database")) != 0)
		goto out;
	*out = db;
	db = NULL;
	r = 0;
 out:
	if (db != NULL) {
		if (errbuf != NULL)
			snprintf(errbuf, errlen, "%s", db->err[0] != '\0' ?
			    db->err : "cannot open the database");
		db_free(db);
	}
	return r;
}

struct db *
db_close(struct db *db)
{
	if (db == NULL)
		return NULL;
	db_read_end(db);
	if (db->depth > 0) {
		db->depth = 1;
		if (db_commit(db) != 0)
			log_warn("database: %s", db->err);
	}
	/*
	 * Fold the WAL into the database now: SQLite's own checkpoint at
	 * close is skipped when it cannot stat() the file's path, as after
	 * the privilege drop in a directory only root may enter.  Passive,
	 * so a reader never makes close wait.
	 */
	if (!db->rdonly)
		sqlite3_wal_checkpoint_v2(db->h, "main",
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	db_free(db);
	return NULL;
}

const char *
db_errmsg(const struct db *db)
{
	if (db == NULL)
		return "no database";
	return db->err[0] != '\0' ? db->err : "no error";
}

void
db_set_now(struct db *db, int64_t now)
{
	if (db != NULL)
		db->now = now;
}

/* ---- write batches ------------------------------------------------------ */

int
db_begin(struct db *db)
{
	int	 r;

	if (db == NULL || db->rdonly)
		return IOMT_EINVAL;
	if (db->depth == 0) {
		db_read_end(db);
		if ((r = db_run(db, ST_BEGIN, "cannot start a write")) != 0)
			return r;
	}
	db->depth++;
	return 0;
}

int
db_commit(struct db *db)
{
	int	 r;

	if (db == NULL || db->depth == 0)
		return IOMT_EINVAL;
	if (--db->depth > 0)
		return 0;
	if ((r = db_run(db, ST_COMMIT, "cannot commit")) != 0) {
		/* Never leave a half-committed batch open. */
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_step(db->st[ST_ROLLBACK]);
		sqlite3_reset(db->st[ST_ROLLBACK]);
	}
	return r;
}

/* Leave a nested write: commit on success, roll back at the top level. */
int
db_leave(struct db *db, int r)
{
	if (r == 0)
		return db_commit(db);
	if (db->depth == 1) {
		db->depth = 0;
		sqlite3_step(db->st[ST_ROLLBACK]);
		sqlite3_reset(db->st[ST_ROLLBACK]);
	} else if (db->depth > 1)
		db->depth--;
	return r;
}

/* Commit what the current batch holds so far and go on batching. */
int
db_flush(struct db *db)
{
	int	 depth = db->depth, r;

	if (depth == 0)
		return 0;
	db->depth = 1;
	r = db_commit(db);
	if (db_begin(db) == 0)
		db->depth = depth;
	return r;
}

int
db_one_of(const char *s, const char *const *set)
{
	if (s == NULL)
		return 0;
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* Append the C string s to b for a terminal (text_term()). */
static void
term_add(struct buf *b, const char *s, size_t maxcols)
{
	text_term(b, s, strlen(s), maxcols);
}

/* ---- the host list, sorted by address ----------------------------------- */

struct hostref {
	int64_t		 id;
	uint32_t	 ipn;
	int		 v4;
	char		*ip;
};

static int
hostref_cmp(const void *a, const void *b)
{
	const struct hostref	*x = a, *y = b;

	if (x->v4 != y->v4)
		return x->v4 ? -1 : 1;
	if (x->v4 && x->ipn != y->ipn)
		return x->ipn < y->ipn ? -1 : 1;
	return strcmp(x->ip, y->ip);
}

static void
hostrefs_free(struct hostref *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(h[i].ip);
	free(h);
}

/* Every host, ordered by numeric IPv4 address. */
static int
db_hostrefs(struct db *db, struct hostref **out, size_t *np)
{
	sqlite3_stmt	*st = db->st[ST_HOST_LIST];
	struct hostref	*h = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc;

	*out = NULL;
	*np = 0;
	for (;;) {
		struct in_addr	 a;
		const char	*ip;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			h = xreallocarray(h, cap, sizeof(*h));
		}
		ip = db_col_text(st, 1);
		h[n].id = db_col_int(st, 0);
		h[n].ip = xstrdup(ip != NULL ? ip : "");
		h[n].v4 = inet_pton(AF_INET, h[n].ip, &a) == 1;
		h[n].ipn = h[n].v4 ? ntohl(a.s_addr) : 0;
		n++;
	}
	db_st_done(st);
	if (rc != SQLITE_DONE) {
		hostrefs_free(h, n);
		return db_sqlerr(db, rc, "cannot list the hosts");
	}
	if (n > 1)
		qsort(h, n, sizeof(*h), hostref_cmp);
	*out = h;
	*np = n;
	return 0;
}

/* The host's state in the last scan that saw it, with the reason. */
static void
db_last_state(struct db *db, int64_t host_id, struct buf *state,
    struct buf *reason)
{
	sqlite3_stmt	*st = db->st[ST_HS_LAST];
	const char	*s;

	buf_truncate(state, 0);
	if (reason != NULL)
		buf_truncate(reason, 0);
	sqlite3_bind_int64(st, 1, host_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = db_col_text(st, 1);
		if (s != NULL)
			buf_add(state, s);
		s = db_col_text(st, 2);
		if (reason != NULL && s != NULL)
			buf_add(reason, s);
	}
	db_st_done(st);
}

static int64_t
db_probes_sent(struct db *db, const char *ip)
{
	int64_t	 n = 0;

	db_bind_text(db->st[ST_AUDIT_COUNT], 1, ip, DB_TEXT_MAX);
	db_run_int(db, ST_AUDIT_COUNT, &n, "cannot count probes");
	return n;
}

/* "22,80,104/tcp 161/udp" for the open services of host_id. */
static void
db_open_ports(struct db *db, int64_t host_id, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_SVC_OF];
	char		 proto[8] = "";

	buf_truncate(b, 0);
	sqlite3_bind_int64(st, 1, host_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char	*p = db_col_text(st, 0), *state = db_col_text(st, 2);

		if (p == NULL || state == NULL || strcmp(state, "open") != 0)
			continue;
		if (strcmp(p, proto) != 0) {
			if (proto[0] != '\0')
				buf_addf(b, "/%s ", proto);
			strlcpy(proto, p, sizeof(proto));
		} else
			buf_addc(b, ',');
		buf_addf(b, "%d", (int)db_col_int(st, 1));
	}
	db_st_done(st);
	if (proto[0] != '\0')
		buf_addf(b, "/%s", proto);
	/* Keep the table readable: cut at a separator, show the cut. */
	if (b->len > DB_PORTS_SHOWN) {
		size_t	 cut = DB_PORTS_SHOWN - 3;

		while (cut > 0 && b->p[cut] != ',' && b->p[cut] != ' ')
			cut--;
		b->len = cut;
		b->p[cut] = '\0';
		buf_add(b, "...");
	}
}

/* "vendor model / class", cleaned, or "-". */
static void
db_identity_line(struct db *db, int64_t host_id, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_ID_OF];
	struct buf	 raw = { NULL, 0, 0 };
	const char	*s;

	buf_truncate(b, 0);
	sqlite3_bind_int64(st, 1, host_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = db_col_text(st, 0);
		if (s != NULL && s[0] != '\0')
			buf_add(&raw, s);
		s = db_col_text(st, 1);
		if (s != NULL && s[0] != '\0') {
			if (raw.len > 0)
				buf_addc(&raw, ' ');
			buf_add(&raw, s);
		}
		s = db_col_text(st, 2);
		if (s != NULL && s[0] != '\0') {
			if (raw.len > 0)
				buf_add(&raw, " / ");
			buf_add(&raw, s);
		}
	}
	db_st_done(st);
	if (raw.len == 0)
		buf_add(b, "-");
	else
		term_add(b, raw.p, 44);
	buf_free(&raw);
}

/* ---- hosts table -------------------------------------------------------- */

#define HT_COLS	7

/* db_foreach_fragile callback: "fragile: <profile ids>". */
static int
hosts_fragile_cb(void *arg, const struct db_fragile_row *row)
{
	struct buf	*b = arg;

	if (row->profile_id != NULL && row->profile_id[0] != '\0') {
		buf_add(b, "fragile: ");
		term_add(b, row->profile_id, 40);
	}
	return 1;
}

int
db_print_hosts(struct db *db, FILE *fp)
{
	static const char *const head[HT_COLS] = { "IP", "MAC", "VENDOR",
	    "OPEN PORTS", "IDENTITY", "LAST SEEN", "NOTE" };
	struct hostref	*hosts = NULL;
	char		**cell = NULL;
	size_t		 n = 0, i, c, width[HT_COLS];
	struct buf	 b = { NULL, 0, 0 }, state = { NULL, 0, 0 };
	struct db_host	 h;
	int		 r, notes = 0, checkdev = 0;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if ((r = db_hostrefs(db, &hosts, &n)) != 0)
		goto out;
	if (n == 0) {
		fprintf(fp, "The inventory has no hosts yet.\n");
		r = 0;
		goto out;
	}
	cell = xcalloc(n * HT_COLS, sizeof(*cell));
	for (i = 0; i < n; i++) {
		char	**row = cell + i * HT_COLS, tbuf[32];

		if ((r = db_host_get(db, hosts[i].id, &h)) != 0)
			goto out;
		buf_truncate(&b, 0);
		term_add(&b, h.ip != NULL ? h.ip : "?", 0);
		row[0] = xstrdup(b.p);
		buf_truncate(&b, 0);
		term_add(&b, h.mac != NULL ? h.mac : "-", 0);
		row[1] = xstrdup(b.p);
		buf_truncate(&b, 0);
		term_add(&b, h.oui_vendor != NULL ? h.oui_vendor : "-", 24);
		row[2] = xstrdup(b.p);
		db_open_ports(db, hosts[i].id, &b);
		row[3] = xstrdup(b.len > 0 ? b.p : "-");
		db_identity_line(db, hosts[i].id, &b);
		row[4] = xstrdup(b.p);
		row[5] = xstrdup(time_iso8601(tbuf, sizeof(tbuf),
		    h.last_seen));
		db_last_state(db, hosts[i].id, &state, NULL);
		if (strcmp(buf_str(&state), "breaker") == 0) {
			row[6] = xstrdup("! check device");
			checkdev = 1;
		}
		else if (strcmp(buf_str(&state), "held") == 0)
			row[6] = xstrdup("held by policy");
		else if (strcmp(buf_str(&state), "excluded") == 0)
			row[6] = xstrdup("excluded");
		else
			row[6] = NULL;
		/* Otherwise say which fragile-device profile it matches. */
		if (row[6] == NULL) {
			buf_truncate(&b, 0);
			db_foreach_fragile(db, hosts[i].id, hosts_fragile_cb,
			    &b);
			row[6] = xstrdup(b.len > 0 ? b.p : "");
		}
		if (row[6][0] != '\0')
			notes = 1;
	}
	for (c = 0; c < HT_COLS; c++) {
		width[c] = text_width(head[c]);
		for (i = 0; i < n; i++)
			if (text_width(cell[i * HT_COLS + c]) > width[c])
				width[c] = text_width(cell[i * HT_COLS + c]);
	}
	for (i = 0; i <= n; i++) {
		size_t	 last = notes ? HT_COLS - 1 : HT_COLS - 2, w;

		buf_truncate(&b, 0);
		for (c = 0; c <= last; c++) {
			const char *s = i == 0 ? head[c] :
			    cell[(i - 1) * HT_COLS + c];

			buf_add(&b, s);
			if (c == last)
				break;
			for (w = text_width(s); w < width[c] + 2; w++)
				buf_addc(&b, ' ');
		}
		while (b.len > 0 && b.p[b.len - 1] == ' ')
			b.p[--b.len] = '\0';
		fprintf(fp, "%s\n", b.p);
	}
	fprintf(fp, "\n%zu host%s.%s\n", n, n == 1 ? "" : "s", checkdev ?
	    "  \"! check device\": the host stopped answering during a "
	    "scan\nand was left alone; make sure it is working." : "");
	r = ferror(fp) ? -EIO : 0;
 out:
	db_read_end(db);
	if (cell != NULL)
		for (i = 0; i < n * HT_COLS; i++)
			free(cell[i]);
	free(cell);
	hostrefs_free(hosts, n);
	buf_free(&b);
	buf_free(&state);
	return r;
}

/* ---- one host in full --------------------------------------------------- */

static const char *
cleaned(struct buf *b, const char *s, size_t maxcp)
{
	buf_truncate(b, 0);
	term_add(b, s != NULL ? s : "-", maxcp);
	return b->p;
}

static void
print_identity(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_ID_OF], *ev = db->st[ST_EVIDENCE];
	static const char *const label[5] = { "Vendor", "Model", "Class",
	    "Firmware", "OS" };
	char		 tbuf[32];
	int		 i, k = 0;

	sqlite3_bind_int64(st, 1, host_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fprintf(fp, "\nIdentity: not identified yet\n");
		db_st_done(st);
		return;
	}
	fprintf(fp, "\nIdentity (confidence %d%%, updated %s",
	    (int)db_col_int(st, 5), time_iso8601(tbuf, sizeof(tbuf),
	    db_col_int(st, 7)));
	if (db_col_int(st, 8) > 0)
		fprintf(fp, ", scan %lld", (long long)db_col_int(st, 8));
	fprintf(fp, ")\n");
	for (i = 0; i < 5; i++)
		fprintf(fp, "  %-12s %s\n", label[i], cleaned(b,
		    db_col_text(st, i), 200));
	sqlite3_bind_text(ev, 1, db_col_text(st, 6) != NULL ? db_col_text(st, 6) :
	    "[]", -1, SQLITE_TRANSIENT);
	while (sqlite3_step(ev) == SQLITE_ROW) {
		fprintf(fp, "  %-12s ", k++ == 0 ? "Evidence" : "");
		fprintf(fp, "%s = ", cleaned(b, db_col_text(ev, 0), 40));
		fprintf(fp, "%s", cleaned(b, db_col_text(ev, 1), 120));
		fprintf(fp, "  [%s]\n", cleaned(b, db_col_text(ev, 2), 60));
	}
	db_st_done(ev);
	db_st_done(st);
}

static void
print_fragile(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_FRAG_OF];
	struct buf	 pol = { NULL, 0, 0 };
	const char	*s;

	sqlite3_bind_int64(st, 1, host_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(fp, "\nFragile-device profile\n");
		fprintf(fp, "  %-12s %s\n", "Profile",
		    cleaned(b, db_col_text(st, 0), 60));
		fprintf(fp, "  %-12s %s\n", "Hazard",
		    cleaned(b, db_col_text(st, 1), 300));
		fprintf(fp, "  %-12s %s\n", "Matched on",
		    cleaned(b, db_col_text(st, 3), 200));
		s = db_col_text(st, 2);
		if (s != NULL && json_clean(&pol, s, db_col_len(st, 2), 0) == 0)
			fprintf(fp, "  %-12s %s\n", "Policy",
			    cleaned(b, pol.p, 300));
	}
	db_st_done(st);
	buf_free(&pol);
}

static void
print_services(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_SVC_OF];
	char		 t1[32], t2[32], port[24];
	int		 k = 0;

	sqlite3_bind_int64(st, 1, host_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (k++ == 0)
			fprintf(fp, "\nServices\n  %-10s %-14s %-12s %-20s "
			    "%-20s %s\n", "PORT", "STATE", "SERVICE",
			    "FIRST SEEN", "LAST SEEN", "BANNER");
		snprintf(port, sizeof(port), "%d/%s", (int)db_col_int(st, 1),
		    cleaned(b, db_col_text(st, 0), 5));
		fprintf(fp, "  %-10s ", port);
		fprintf(fp, "%-14s ", cleaned(b, db_col_text(st, 2), 14));
		text_pad(fp, cleaned(b, db_col_text(st, 3), 12), 12);
		fprintf(fp, " %-20s %s", time_iso8601(t1, sizeof(t1),
		    db_col_int(st, 5)), time_iso8601(t2, sizeof(t2),
		    db_col_int(st, 6)));
		if (db_col_text(st, 4) != NULL)
			fprintf(fp, " %s", cleaned(b, db_col_text(st, 4), 100));
		fputc('\n', fp);
	}
	db_st_done(st);
	if (k == 0)
		fprintf(fp, "\nServices: none found\n");
}

static void
print_findings(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_FIND_OF];
	int		 k = 0;

	sqlite3_bind_int64(st, 1, host_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (k++ == 0)
			fprintf(fp, "\nFindings\n");
		fprintf(fp, "  %-7s", cleaned(b, db_col_text(st, 1), 7));
		fprintf(fp, " %s", cleaned(b, db_col_text(st, 0), 60));
		if (db_col_int(st, 2) > 0)
			fprintf(fp, " (port %d)", (int)db_col_int(st, 2));
		fprintf(fp, ": %s\n", cleaned(b, db_col_text(st, 3), 200));
		if (db_col_text(st, 4) != NULL)
			fprintf(fp, "          %s\n", cleaned(b,
			    db_col_text(st, 4), 1000));
	}
	db_st_done(st);
	if (k == 0)
		fprintf(fp, "\nFindings: none\n");
}

static void
print_scans(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_HS_OF];
	char		 tbuf[32];

	sqlite3_bind_int64(st, 1, host_id);
	fprintf(fp, "\nScans\n  %-6s %-20s %-12s %-9s %-8s %s\n", "SCAN",
	    "STARTED", "SCAN STATUS", "HOST", "FOUND BY", "REASON");
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(fp, "  %-6lld %-20s ", (long long)db_col_int(st, 0),
		    time_iso8601(tbuf, sizeof(tbuf), db_col_int(st, 1)));
		fprintf(fp, "%-12s ", cleaned(b, db_col_text(st, 2), 12));
		fprintf(fp, "%-9s ", cleaned(b, db_col_text(st, 3), 9));
		fprintf(fp, "%s", cleaned(b, db_col_text(st, 5), 8));
		if (db_col_text(st, 4) != NULL) {
			int	 pad = 9 - (int)text_width(b->p);

			fprintf(fp, "%*s", pad, "");
			fprintf(fp, "%s", cleaned(b, db_col_text(st, 4), 200));
		}
		fputc('\n', fp);
	}
	db_st_done(st);
}

static void
print_observations(struct db *db, int64_t host_id, FILE *fp, struct buf *b)
{
	sqlite3_stmt	*st = db->st[ST_OBS_LATEST];
	int64_t		 total = 0;
	char		 where[32];

	sqlite3_bind_int64(db->st[ST_OBS_COUNT], 1, host_id);
	db_run_int(db, ST_OBS_COUNT, &total, "cannot count observations");
	if (total == 0) {
		fprintf(fp, "\nObservations: none\n");
		return;
	}
	fprintf(fp, "\nLatest observations (%lld of %lld)\n",
	    (long long)(total < DB_OBS_SHOWN ? total : DB_OBS_SHOWN),
	    (long long)total);
	sqlite3_bind_int64(st, 1, host_id);
	sqlite3_bind_int(st, 2, DB_OBS_SHOWN);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (db_col_int(st, 2) > 0)
			snprintf(where, sizeof(where), "%d/%s",
			    (int)db_col_int(st, 2), db_col_text(st, 1) != NULL &&
			    strlen(db_col_text(st, 1)) < 8 ? db_col_text(st, 1) :
			    "?");
		else
			strlcpy(where, "host", sizeof(where));
		fprintf(fp, "  scan %-4lld %-10s ", (long long)db_col_int(st, 0),
		    cleaned(b, where, 10));
		fprintf(fp, "%-14s ", cleaned(b, db_col_text(st, 3), 14));
		fprintf(fp, "%s = ", cleaned(b, db_col_text(st, 4), 40));
		fprintf(fp, "%s\n", cleaned(b, db_col_text(st, 5), 120));
	}
	db_st_done(st);
}

int
db_print_host(struct db *db, const char *ip, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 }, state = { NULL, 0, 0 };
	struct buf	 reason = { NULL, 0, 0 };
	struct db_host	 h;
	int64_t		 id;
	char		 tbuf[32];
	int		 r;

	if (db == NULL || fp == NULL || !db_ip_ok(ip))
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if ((r = db_host_find(db, ip, &id)) != 0 ||
	    (r = db_host_get(db, id, &h)) != 0)
		goto out;
	fprintf(fp, "Host %s\n", cleaned(&b, h.ip, 0));
	fprintf(fp, "  %-12s %s\n", "MAC", cleaned(&b, h.mac, 0));
	fprintf(fp, "  %-12s %s\n", "OUI vendor", cleaned(&b, h.oui_vendor,
	    200));
	fprintf(fp, "  %-12s %s", "First seen", time_iso8601(tbuf,
	    sizeof(tbuf), h.first_seen));
	if (h.first_scan > 0)
		fprintf(fp, " (scan %lld)", (long long)h.first_scan);
	fprintf(fp, "\n  %-12s %s", "Last seen", time_iso8601(tbuf,
	    sizeof(tbuf), h.last_seen));
	if (h.last_scan > 0)
		fprintf(fp, " (scan %lld)", (long long)h.last_scan);
	fputc('\n', fp);
	db_last_state(db, id, &state, &reason);
	if (strcmp(buf_str(&state), "breaker") == 0)
		fprintf(fp, "  %-12s breaker: possibly affected - check the "
		    "device (%s)\n", "State", cleaned(&b, reason.len > 0 ?
		    reason.p : "it stopped answering", 200));
	else if (state.len > 0) {
		fprintf(fp, "  %-12s %s", "State", cleaned(&b, state.p, 20));
		if (reason.len > 0)
			fprintf(fp, " (%s)", cleaned(&b, reason.p, 200));
		fputc('\n', fp);
	}
	fprintf(fp, "  %-12s %lld (list them: iomtscan audit %s)\n",
	    "Probes sent", (long long)db_probes_sent(db, h.ip),
	    cleaned(&b, h.ip, 0));
	print_identity(db, id, fp, &b);
	print_fragile(db, id, fp, &b);
	print_services(db, id, fp, &b);
	print_findings(db, id, fp, &b);
	print_scans(db, id, fp, &b);
	print_observations(db, id, fp, &b);
	r = ferror(fp) ? -EIO : 0;
 out:
	db_read_end(db);
	buf_free(&b);
	buf_free(&state);
	buf_free(&reason);
	return r;
}

/* ---- JSON export -------------------------------------------------------- */

static void
json_scans(struct db *db, struct jw *w)
{
	sqlite3_stmt	*st = db->st[ST_SCANS_ALL];

	jw_open(w, "scans", '[', 0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		jw_open(w, NULL, '{', 1);
		jw_int(w, "id", db_col_int(st, 0));
		jw_time(w, "started", db_col_int(st, 1));
		jw_time(w, "finished", db_col_int(st, 2));
		jw_strn(w, "status", db_col_text(st, 3), db_col_len(st, 3));
		jw_strn(w, "targets", db_col_text(st, 4), db_col_len(st, 4));
		jw_json(w, "options", db_col_text(st, 5), db_col_len(st, 5), '{',
		    "null");
		jw_json(w, "stats", db_col_text(st, 6), db_col_len(st, 6), '{',
		    "null");
		jw_strn(w, "version", db_col_text(st, 7), db_col_len(st, 7));
		jw_close(w, '}');
	}
	db_st_done(st);
	jw_close(w, ']');
}

static void
json_host(struct db *db, struct jw *w, const struct hostref *ref)
{
	sqlite3_stmt	*st;
	struct buf	 state = { NULL, 0, 0 }, reason = { NULL, 0, 0 };
	struct db_host	 h;

	if (db_host_get(db, ref->id, &h) != 0)
		return;
	jw_open(w, NULL, '{', 0);
	jw_str(w, "ip", h.ip);
	jw_str(w, "mac", h.mac);
	jw_str(w, "oui_vendor", h.oui_vendor);
	jw_time(w, "first_seen", h.first_seen);
	jw_time(w, "last_seen", h.last_seen);
	if (h.first_scan > 0)
		jw_int(w, "first_scan", h.first_scan);
	else
		jw_null(w, "first_scan");
	if (h.last_scan > 0)
		jw_int(w, "last_scan", h.last_scan);
	else
		jw_null(w, "last_scan");
	db_last_state(db, ref->id, &state, &reason);
	jw_str(w, "state", state.len > 0 ? state.p : NULL);
	jw_str(w, "state_reason", reason.len > 0 ? reason.p : NULL);
	jw_int(w, "probes_sent", db_probes_sent(db, h.ip));

	st = db->st[ST_SVC_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	jw_open(w, "services", '[', 0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		jw_open(w, NULL, '{', 1);
		jw_strn(w, "proto", db_col_text(st, 0), db_col_len(st, 0));
		jw_int(w, "port", db_col_int(st, 1));
		jw_strn(w, "state", db_col_text(st, 2), db_col_len(st, 2));
		jw_strn(w, "service", db_col_text(st, 3), db_col_len(st, 3));
		jw_strn(w, "banner", db_col_text(st, 4), db_col_len(st, 4));
		jw_time(w, "first_seen", db_col_int(st, 5));
		jw_time(w, "last_seen", db_col_int(st, 6));
		jw_close(w, '}');
	}
	db_st_done(st);
	jw_close(w, ']');

	st = db->st[ST_ID_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		jw_open(w, "identity", '{', 0);
		jw_strn(w, "vendor", db_col_text(st, 0), db_col_len(st, 0));
		jw_strn(w, "model", db_col_text(st, 1), db_col_len(st, 1));
		jw_strn(w, "device_class", db_col_text(st, 2), db_col_len(st, 2));
		jw_strn(w, "firmware", db_col_text(st, 3), db_col_len(st, 3));
		jw_strn(w, "os", db_col_text(st, 4), db_col_len(st, 4));
		jw_int(w, "confidence", db_col_int(st, 5));
		jw_json(w, "evidence", db_col_text(st, 6), db_col_len(st, 6), 'o',
		    "[]");
		jw_time(w, "updated", db_col_int(st, 7));
		jw_close(w, '}');
	} else
		jw_null(w, "identity");
	db_st_done(st);

	st = db->st[ST_FRAG_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		jw_open(w, "fragile", '{', 0);
		jw_strn(w, "profile_id", db_col_text(st, 0), db_col_len(st, 0));
		jw_strn(w, "hazard", db_col_text(st, 1), db_col_len(st, 1));
		jw_json(w, "policy", db_col_text(st, 2), db_col_len(st, 2), '{',
		    "null");
		jw_strn(w, "matched_on", db_col_text(st, 3), db_col_len(st, 3));
		jw_time(w, "updated", db_col_int(st, 5));
		jw_close(w, '}');
	} else
		jw_null(w, "fragile");
	db_st_done(st);

	st = db->st[ST_FIND_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	jw_open(w, "findings", '[', 0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		jw_open(w, NULL, '{', 1);
		jw_strn(w, "id", db_col_text(st, 0), db_col_len(st, 0));
		jw_strn(w, "severity", db_col_text(st, 1), db_col_len(st, 1));
		jw_int(w, "port", db_col_int(st, 2));
		jw_strn(w, "title", db_col_text(st, 3), db_col_len(st, 3));
		jw_strn(w, "detail", db_col_text(st, 4), db_col_len(st, 4));
		jw_time(w, "first_seen", db_col_int(st, 5));
		jw_time(w, "last_seen", db_col_int(st, 6));
		jw_close(w, '}');
	}
	db_st_done(st);
	jw_close(w, ']');
	jw_close(w, '}');
	buf_free(&state);
	buf_free(&reason);
}

int
db_export_json(struct db *db, FILE *fp)
{
	struct hostref	*hosts = NULL;
	struct jw	 w;
	size_t		 n = 0, i;
	int		 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	memset(&w, 0, sizeof(w));
	w.fp = fp;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if ((r = db_hostrefs(db, &hosts, &n)) != 0)
		goto out;
	jw_open(&w, NULL, '{', 0);
	jw_str(&w, "schema", DB_JSON_SCHEMA);
	jw_time(&w, "generated", db_now(db));
	jw_open(&w, "scanner", '{', 1);
	jw_str(&w, "name", "iomtscan");
	jw_str(&w, "version", PACKAGE_VERSION);
	jw_close(&w, '}');
	json_scans(db, &w);
	jw_open(&w, "hosts", '[', 0);
	for (i = 0; i < n; i++)
		json_host(db, &w, &hosts[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	buf_addc(&w.out, '\n');
	jw_flush(&w);
	r = ferror(fp) ? -EIO : 0;
 out:
	db_read_end(db);
	hostrefs_free(hosts, n);
	buf_free(&w.out);
	return r;
}

/* ---- CSV export --------------------------------------------------------- */

static void
csv_text(struct buf *b, sqlite3_stmt *st, int i)
{
	csv_cell(b, db_col_text(st, i), db_col_len(st, i), 0);
}

static void
csv_time(struct buf *b, int64_t t)
{
	char	 tbuf[32];

	if (t <= 0)
		csv_cell(b, NULL, 0, 0);
	else
		csv_cell(b, time_iso8601(tbuf, sizeof(tbuf), t), 20, 0);
}

/* The host columns of every row of one host. */
static void
csv_host_cols(struct db *db, const struct hostref *ref, struct buf *out)
{
	sqlite3_stmt	*st;
	struct buf	 state = { NULL, 0, 0 }, f = { NULL, 0, 0 };
	struct db_host	 h;
	int		 k = 0;

	if (db_host_get(db, ref->id, &h) != 0)
		return;
	csv_cell(out, h.ip, strlen(h.ip), 1);
	csv_cell(out, h.mac, h.mac != NULL ? strlen(h.mac) : 0, 0);
	csv_cell(out, h.oui_vendor, h.oui_vendor != NULL ?
	    strlen(h.oui_vendor) : 0, 0);
	csv_time(out, h.first_seen);
	csv_time(out, h.last_seen);
	db_last_state(db, ref->id, &state, NULL);
	csv_cell(out, state.len > 0 ? state.p : NULL, state.len, 0);
	csv_int(out, db_probes_sent(db, h.ip), 0);

	st = db->st[ST_ID_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int	 i;

		for (i = 0; i < 5; i++)
			csv_text(out, st, i);
		csv_int(out, db_col_int(st, 5), 0);
	} else {
		int	 i;

		for (i = 0; i < 6; i++)
			csv_cell(out, NULL, 0, 0);
	}
	db_st_done(st);

	st = db->st[ST_FRAG_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		csv_text(out, st, 0);
	else
		csv_cell(out, NULL, 0, 0);
	db_st_done(st);

	st = db->st[ST_FIND_OF];
	sqlite3_bind_int64(st, 1, ref->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char	*id = db_col_text(st, 0);

		if (k++ > 0)
			buf_addc(&f, ' ');
		buf_add(&f, id != NULL ? id : "");
		if (db_col_int(st, 2) > 0)
			buf_addf(&f, "/%d", (int)db_col_int(st, 2));
	}
	db_st_done(st);
	csv_cell(out, f.len > 0 ? f.p : NULL, f.len, 0);
	buf_free(&state);
	buf_free(&f);
}

int
db_export_csv(struct db *db, FILE *fp)
{
	struct hostref	*hosts = NULL;
	struct buf	 hc = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	size_t		 n = 0, i;
	int		 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if ((r = db_hostrefs(db, &hosts, &n)) != 0)
		goto out;
	fputs("ip,mac,oui_vendor,first_seen,last_seen,state,probes_sent,"
	    "vendor,model,device_class,firmware,os,confidence,"
	    "fragile_profile,findings,proto,port,service_state,service,"
	    "banner,service_first_seen,service_last_seen\r\n", fp);
	for (i = 0; i < n; i++) {
		sqlite3_stmt	*st = db->st[ST_SVC_OF];
		int		 k = 0;

		buf_truncate(&hc, 0);
		csv_host_cols(db, &hosts[i], &hc);
		if (hc.len == 0)
			continue;
		sqlite3_bind_int64(st, 1, hosts[i].id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			buf_truncate(&line, 0);
			buf_addn(&line, hc.p, hc.len);
			csv_text(&line, st, 0);
			csv_int(&line, db_col_int(st, 1), 0);
			csv_text(&line, st, 2);
			csv_text(&line, st, 3);
			csv_text(&line, st, 4);
			csv_time(&line, db_col_int(st, 5));
			csv_time(&line, db_col_int(st, 6));
			buf_add(&line, "\r\n");
			fwrite(line.p, 1, line.len, fp);
			k++;
		}
		db_st_done(st);
		if (k == 0) {
			fwrite(hc.p, 1, hc.len, fp);
			fputs(",,,,,,,\r\n", fp);
		}
	}
	r = ferror(fp) ? -EIO : 0;
 out:
	db_read_end(db);
	hostrefs_free(hosts, n);
	buf_free(&hc);
	buf_free(&line);
	return r;
}

/* ---- audit log ---------------------------------------------------------- */

int
db_print_audit(struct db *db, const char *ip, FILE *fp)
{
	sqlite3_stmt	*st;
	struct buf	 b = { NULL, 0, 0 };
	int64_t		 k = 0;
	int		 rc, r;

	if (db == NULL || fp == NULL || (ip != NULL && !db_ip_ok(ip)))
		return IOMT_EINVAL;
	if ((r = db_read_begin(db)) != 0)
		return r;
	if (ip != NULL) {
		st = db->st[ST_AUDIT_IP];
		db_bind_text(st, 1, ip, DB_TEXT_MAX);
	} else
		st = db->st[ST_AUDIT_ALL];
	for (;;) {
		int64_t		 t_us, port;
		char		 tbuf[40], where[32];
		const char	*proto;
		size_t		 l;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (k++ == 0)
			fprintf(fp, "%-24s %-15s %-10s %-12s %6s  %s\n",
			    "TIME (UTC)", "ADDRESS", "PORT", "KIND", "BYTES",
			    "DETAIL");
		t_us = db_col_int(st, 0);
		time_iso8601(tbuf, sizeof(tbuf), t_us / 1000000);
		l = strlen(tbuf);
		if (l > 0 && tbuf[l - 1] == 'Z')
			snprintf(tbuf + l - 1, sizeof(tbuf) - (l - 1),
			    ".%03dZ", (int)((t_us % 1000000) / 1000));
		proto = db_col_text(st, 2);
		port = db_col_int(st, 3);
		if (proto != NULL && port > 0)
			snprintf(where, sizeof(where), "%lld/%.8s",
			    (long long)port, proto);
		else if (proto != NULL)
			snprintf(where, sizeof(where), "%.8s", proto);
		else
			strlcpy(where, "-", sizeof(where));
		fprintf(fp, "%-24s ", tbuf);
		fprintf(fp, "%-15s ", cleaned(&b, db_col_text(st, 1), 40));
		fprintf(fp, "%-10s ", cleaned(&b, where, 0));
		fprintf(fp, "%-12s ", cleaned(&b, db_col_text(st, 4), 20));
		fprintf(fp, "%6lld", (long long)db_col_int(st, 5));
		if (db_col_text(st, 6) != NULL)
			fprintf(fp, "  %s", cleaned(&b, db_col_text(st, 6), 120));
		fputc('\n', fp);
	}
	db_st_done(st);
	if (rc != SQLITE_DONE)
		r = db_sqlerr(db, rc, "cannot read the audit log");
	else if (k == 0)
		fprintf(fp, "No probes recorded%s%s.\n", ip != NULL ?
		    " for " : "", ip != NULL ? cleaned(&b, ip, 0) : "");
	if (r == 0)
		r = ferror(fp) ? -EIO : 0;
	db_read_end(db);
	buf_free(&b);
	return r;
}
