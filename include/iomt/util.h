/*
 * util.h - the bottom layer (src/util/): error codes, diagnostics,
 * allocation, bounded string and number helpers, a bounds-checked reader
 * over untrusted bytes, observations, text and buffers.  JSON is
 * jansson's, never written by hand.  Depends on nothing else
 * in iomtscan; every other layer may use it.
 */
#ifndef IOMT_UTIL_LAYER_H
#define IOMT_UTIL_LAYER_H

#include <stdio.h>

/* ------------------------------------------------------------------ */
/*
 * util.h - error codes shared by every iomtscan subsystem.
 *
 * Functions return 0 on success and a negative code on failure, in the
 * manner of libuv and OpenSSH: -errno for system errors, and the IOMT_E*
 * values below (a reserved range far from errno) for domain errors.  One
 * function, iomt_strerror(), turns either kind into text, so callers never
 * need to know which kind they hold.
 */

#define IOMT_EBASE	(-10000)
#define IOMT_ETRUNC	(IOMT_EBASE - 1)	/* input ended early */
#define IOMT_EPROTO	(IOMT_EBASE - 2)	/* malformed protocol data */
#define IOMT_ELIMIT	(IOMT_EBASE - 3)	/* a safety or size limit hit */
#define IOMT_EINVAL	(IOMT_EBASE - 4)	/* bad argument or option */
#define IOMT_EDB	(IOMT_EBASE - 5)	/* database error */
#define IOMT_EDENIED	(IOMT_EBASE - 6)	/* refused by safety policy */
#define IOMT_ENOTFOUND	(IOMT_EBASE - 7)	/* no such object */
#define IOMT_ESCRIPT	(IOMT_EBASE - 8)	/* Lua script failed */
#define IOMT_EPRIV	(IOMT_EBASE - 9)	/* lacking privileges */
#define IOMT_EDAMAGED	(IOMT_EBASE - 10)	/* the database file is damaged */
#define IOMT_ELAST	(IOMT_EBASE - 11)

/*
 * Return a static, human-readable description of err, which is either a
 * negative errno value or an IOMT_E* code.  Never returns NULL; unknown
 * codes yield "unknown error".  Thread-safe.
 */
const char	*iomt_strerror(int err);

/* ------------------------------------------------------------------ */
/*
 * util.h - diagnostics to stderr.
 *
 * One place decides how messages look and which are shown, so that the
 * scanner's stdout stays clean for tables, JSON and CSV.  Messages carry
 * the function name at debug level only; warnings and errors are written
 * for a hospital engineer, not for the developer.
 */

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN = 1,
	LOG_LVL_INFO = 2,
	LOG_LVL_DEBUG = 3
};

/*
 * Set the most verbose level that is printed (default LOG_LVL_WARN).
 * Not thread-safe; call from main() before the loop starts.
 */
void	log_set_level(enum log_level level);

/* Return the current level. */
enum log_level log_get_level(void);

/*
 * Print one message at level, prefixed with "iomtscan: " (and "warning: "
 * or "error: " as fits).  If err is non-zero its iomt_strerror() text is
 * appended.  Never allocates; long messages are cut at 1 KiB.
 */
void	log_msg(enum log_level level, const char *func, int err,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define log_err(...)	log_msg(LOG_LVL_ERROR, __func__, 0, __VA_ARGS__)
#define log_err_r(r, ...) log_msg(LOG_LVL_ERROR, __func__, (r), __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __func__, 0, __VA_ARGS__)
#define log_warn_r(r, ...) log_msg(LOG_LVL_WARN, __func__, (r), __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __func__, 0, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __func__, 0, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/*
 * util.h - allocation that cannot fail.
 *
 * The scanner's own bookkeeping (host tables, queues) treats running out
 * of memory as fatal, as OpenSSH and ZMap do: there is no sensible way to
 * go on scanning a hospital with half a host table.  Parsers of network
 * data never use these; they work in caller-supplied, bounded buffers.
 */

#include <stddef.h>

/*
 * Allocate size bytes (xmalloc), nmemb * size zeroed bytes (xcalloc) or
 * resize ptr to nmemb * size bytes (xreallocarray).  Multiplications are
 * overflow-checked.  On failure print the request and abort().  A size of
 * zero is treated as one.  The caller owns the result and frees it with
 * free().
 */
void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);

/* Duplicate the NUL-terminated string s; abort on failure. */
char	*xstrdup(const char *s);

/* ------------------------------------------------------------------ */
/*
 * util.h - small string and number helpers used everywhere.
 *
 * These replace the banned libc functions (strcpy, strcat, atoi, ...)
 * with bounded, error-reporting versions, so no file needs its own.
 */

#include <stddef.h>
#include <stdint.h>

#if !HAVE_DECL_STRLCPY
/*
 * Copy src into dst of size dsize, always NUL-terminating when dsize > 0.
 * Return strlen(src); truncation happened if the result >= dsize.
 */
size_t	strlcpy(char *dst, const char *src, size_t dsize);
#endif

/*
 * Parse the whole of s as a decimal integer in [minval, maxval] into
 * *out.  Return 0 on success, IOMT_EINVAL if s is empty, has trailing
 * characters or is out of range (then *out is unchanged).
 */
int	parse_ll(const char *s, long long minval, long long maxval,
	    long long *out);

/*
 * Parse the whole of s as a non-negative decimal number with an optional
 * fraction ("2.5") into *out, range [minval, maxval].  Return 0 or
 * IOMT_EINVAL.
 */
int	parse_double(const char *s, double minval, double maxval, double *out);

/*
 * Write a printable, single-line copy of the len bytes at p into dst
 * (size dsize, NUL-terminated): printable ASCII and valid UTF-8 text
 * (Japanese titles, names) kept as they are; a backslash doubled; \r \n
 * \t written as \r, \n, \t; other control characters, DEL, C1
 * controls, bidirectional marks and overrides, and every byte that is not
 * valid UTF-8 written as \xHH per byte.  Never splits a UTF-8 sequence or
 * an escape: stops before one that would not fit.  Return the number of
 * input bytes consumed.  Used for every string a device sends before it is
 * shown or stored as text.
 */
size_t	str_printable(char *dst, size_t dsize, const uint8_t *p, size_t len);

/* Return monotonic time in nanoseconds (uv_hrtime). */
uint64_t now_ns(void);

/*
 * Format the Unix time t (seconds) as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"
 * into dst (at least 21 bytes).  Return dst.
 */
char	*time_iso8601(char *dst, size_t dsize, int64_t t);

/*
 * Format Unix time t for people: local time with its UTC offset,
 * "2026-12-03 03:55:30 +0900" (TZ decides the zone, as for date(1)).
 * JSON and CSV keep time_iso8601()'s UTC form.  Returns dst; "" on error.
 */
char	*time_local(char *dst, size_t dsize, int64_t t);

/*
 * As time_local() for t_us microseconds, with milliseconds:
 * "2026-12-03 03:55:30.123 +0900" (dst at least 32 bytes).  Returns dst;
 * "" on error.
 */
char	*time_local_ms(char *dst, size_t dsize, int64_t t_us);

/* ------------------------------------------------------------------ */
/*
 * util.h - a bounds-checked reader over untrusted bytes with a sticky error.
 *
 * Every protocol parser reads device replies through struct reader, never by
 * indexing the buffer itself, so no parser can read past the end of what
 * arrived, whatever length fields claim.  The error is sticky (as SQLite's
 * mallocFailed): once a read runs short, every later read fails too and
 * yields zero, so a parser may do a run of reads and check r->err once at
 * the end instead of after each call.  Integers are assembled byte by byte,
 * so the buffer needs no alignment (tcpdump's GET_* macros in extract.h,
 * without the longjmp).  Nothing here allocates.
 */

#include <stddef.h>
#include <stdint.h>

struct reader {
	const uint8_t	*p;	/* borrowed; never written */
	size_t		 len;
	size_t		 off;
	int		 err;	/* 0, or IOMT_ETRUNC once a read ran short */
};

/*
 * Start reading the len bytes at p (p may be NULL when len is 0).  The
 * reader borrows p; it must outlive every read.  Never fails.
 */
void	reader_init(struct reader *r, const uint8_t *p, size_t len);

/*
 * Read one unsigned integer of the named size and byte order into *v and
 * advance.  Return 0, or IOMT_ETRUNC (set *v to 0, advance nothing and set
 * r->err) when fewer bytes remain or an earlier read failed.
 */
int	reader_u8(struct reader *r, uint8_t *v);
int	reader_be16(struct reader *r, uint16_t *v);
int	reader_be32(struct reader *r, uint32_t *v);
int	reader_le16(struct reader *r, uint16_t *v);
int	reader_le32(struct reader *r, uint32_t *v);
int	reader_le64(struct reader *r, uint64_t *v);

/*
 * Point *p at the next n bytes (inside the buffer; not copied) and advance.
 * Return 0, or IOMT_ETRUNC as above (then *p is NULL).
 */
int	reader_bytes(struct reader *r, const uint8_t **p, size_t n);

/* Skip n bytes.  Return 0 or IOMT_ETRUNC as above. */
int	reader_skip(struct reader *r, size_t n);

/*
 * Make sub a reader over the next n bytes of r and advance r past them,
 * for a length-prefixed item whose contents must not spill into what
 * follows.  Return 0, or IOMT_ETRUNC (sub is then an empty reader with its
 * error set).
 */
int	reader_sub(struct reader *r, struct reader *sub, size_t n);

/* Return the number of unread bytes (0 once r->err is set). */
size_t	reader_remaining(const struct reader *r);

/* ------------------------------------------------------------------ */
/*
 * util.h - observations: what a probe learned, as capped key/value text.
 *
 * Parsers of device replies never allocate: they add fields to a caller's
 * struct kvset, whose storage is a fixed arena.  A full arena silently drops
 * further fields (and sets truncated), so a hostile device cannot make the
 * scanner grow.  Keys are dotted names owned by the probe ("dicom.impl_uid",
 * "http.server"); docs/PROBES.md lists them.  Values are stored exactly as
 * added; use kv_add_bytes() for raw device bytes, which escapes them.
 */

#include <stddef.h>
#include <stdint.h>

#define KV_MAX_FIELDS	48
#define KV_ARENA	6144
#define KV_KEY_MAX	40

struct kv_field {
	char		 key[KV_KEY_MAX];
	uint16_t	 off;		/* value offset in arena */
	uint16_t	 len;		/* value length, excluding NUL */
};

struct kvset {
	struct kv_field f[KV_MAX_FIELDS];
	size_t		 n;
	size_t		 used;		/* bytes of arena in use */
	int		 truncated;	/* something was dropped */
	char		 arena[KV_ARENA];
};

/*
 * One observation about a host: key as in docs/PROBES.md ("banner",
 * "http.server", "dicom.impl_uid", "snmp.sysobjectid", "dhcp.vendor_class",
 * ...), seen on proto/port (port 0 and proto NULL: host-wide), made by
 * probe (NULL when unknown) during scan scan_id (0: outside a scan, e.g.
 * passive listening) at Unix time t (0 when unknown).  The same record is
 * read from the inventory, matched by profiles and policy, and handed to
 * scripts.  Strings are borrowed from whoever filled it in.
 */
struct observation {
	const char	*proto;		/* "tcp", "udp" or NULL */
	int		 port;		/* 0 for host-level ones */
	const char	*probe;		/* may be NULL */
	const char	*key;
	const char	*value;		/* may be NULL */
	int64_t		 scan_id;	/* 0 if not made during a scan */
	int64_t		 t;		/* Unix seconds, 0 if unknown */
};

/* Empty o.  Never fails. */
void	kv_reset(struct kvset *o);

/*
 * Add key = val (NUL-terminated text, cut at 1 KiB).  A key already present
 * is replaced.  Return 0, or IOMT_ELIMIT (and set o->truncated) when the
 * arena or field table is full.
 */
int	kv_add(struct kvset *o, const char *key, const char *val);

/* As obs_add with a printf format. */
int	kv_addf(struct kvset *o, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Add len raw device bytes under key, made printable with str_printable()
 * (at most max input bytes).  Return as obs_add.
 */
int	kv_add_bytes(struct kvset *o, const char *key, const uint8_t *p,
	    size_t len, size_t max);

/* Return the value of key or NULL.  The string lives in o. */
const char *kv_get(const struct kvset *o, const char *key);

/* Value of field i (0 <= i < o->n). */
const char *kv_val(const struct kvset *o, size_t i);

/* ------------------------------------------------------------------ */
/*
 * buf.c - the one growable byte buffer, and the bounded whole-file read.
 */

/* A growing byte string, always NUL-terminated once anything was added.
 * Initialise with { NULL, 0, 0 }; memory comes from xmalloc. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Make room for more bytes (plus the NUL).  Aborts on absurd sizes. */
void	buf_reserve(struct buf *b, size_t more);

/* Append n bytes at s (NULs allowed). */
void	buf_addn(struct buf *b, const void *s, size_t n);

/* Append the C string s. */
void	buf_add(struct buf *b, const char *s);

/* Append one byte. */
void	buf_addc(struct buf *b, char c);

/* Append printf-formatted text. */
void	buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Cut b back to len bytes (no-op when it is not longer). */
void	buf_truncate(struct buf *b, size_t len);

/* The contents as a C string ("" when empty); owned by b. */
const char *buf_str(struct buf *b);

/* Hand the contents to the caller (free() them) and empty b. */
char	*buf_steal(struct buf *b);

/* Free the memory of b and empty it.  Safe on an empty buffer. */
void	buf_free(struct buf *b);

/*
 * Read the whole file at path into a new NUL-terminated buffer *out (free
 * it) of *outlen bytes (outlen may be NULL).  Return 0, -errno (-EISDIR
 * for a directory), or IOMT_ELIMIT when the file holds more than max
 * bytes (checked before reading a regular file, and while reading a pipe).
 * On failure *out is NULL.
 */
int	file_read(const char *path, size_t max, char **out, size_t *outlen);

/* ------------------------------------------------------------------ */
/*
 * text.c - UTF-8 decoding, display width, terminal cleaning, hex, MACs.
 */

/*
 * Length (1-4) of the well-formed UTF-8 sequence at p (n bytes available)
 * with its code point in *cp, or 0 when the bytes are not UTF-8 (overlong
 * forms, surrogates, values past U+10FFFF, a cut sequence, n == 0).
 */
size_t	utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Columns a terminal gives code point cp: 2 for East Asian wide and
 * fullwidth characters, 0 for combining marks, else 1.  Pure. */
int	text_cp_width(uint32_t cp);

/* Display width of the UTF-8 text s in terminal columns (a byte that is
 * not UTF-8 counts as one column).  Pure. */
size_t	text_width(const char *s);

/*
 * Append n bytes of s to b for a terminal: valid UTF-8 kept as it is;
 * \n, \r, \t, other control characters, DEL, C1 controls, bidirectional
 * marks and overrides, and bytes that are not UTF-8 written as visible
 * escapes (\n, \xHH), so nothing a device sent can move a cursor or
 * reorder a line.  A backslash is kept: text stored with str_printable()
 * already carries its escapes, and escaping them again would show them
 * twice.  When maxcols > 3 and the result is wider
 * than maxcols columns it is cut to fit and ends in "…" (U+2026, one
 * column).
 */
void	text_term(struct buf *b, const char *s, size_t n, size_t maxcols);

/*
 * Append "vendor model" to b (raw text; clean it for a terminal after),
 * either part may be NULL or "".  When the model already starts with the
 * vendor's name (case aside, then a blank or the end: "HP" and "HP
 * LaserJet 4250"), the model alone, so no name is printed twice.
 */
void	text_vendor_model(struct buf *b, const char *vendor,
	    const char *model);

/* Write s to fp and pad with spaces to width columns (text_width()). */
void	text_pad(FILE *fp, const char *s, size_t width);

/* The value of hex digit c (either case), or -1.  Pure. */
int	hex_value(int c);

/*
 * Decode the hex digits in the n bytes at s into a new buffer *out
 * (NUL-terminated for convenience, free it) of *outlen bytes; spaces,
 * tabs, newlines and ':' between digits are ignored.  Return 0, or
 * IOMT_EINVAL for an odd digit count or any other character (then *out is
 * NULL).
 */
int	hex_decode(const char *s, size_t n, char **out, size_t *outlen);

/* Write mac as "aa:bb:cc:dd:ee:ff" into dst (size dsize >= 18); return dst. */
char	*mac_ntoa(const uint8_t mac[6], char *dst, size_t dsize);

/* Return 1 if port is one of the n ports at ports, else 0.  Pure. */
int	port_in(const uint16_t *ports, size_t n, uint16_t port);

/* ------------------------------------------------------------------ */
/*
 * Scan windows (src/util/window.c): when a scan may send, in local time.
 * A spec is one or more comma-separated spans "[DAYS ]HH:MM[:SS]-HH:MM[:SS]"
 * where DAYS is a weekday (Mon..Sun) or a range of them (Mon-Fri, Fri-Mon)
 * and no DAYS means every day.  A span whose end is not after its start
 * crosses midnight and belongs to the weekday it starts on; 24:00 is the
 * end of the day.  Pure: no I/O, no global state but the C library's
 * local time zone (TZ).
 */
#include <stddef.h>
#include <time.h>

#define WINDOW_MAX_SPANS	16

struct window_span {
	unsigned	 days;		/* bit d: tm_wday d (0 Sunday) */
	int		 start;		/* seconds after midnight, < 86400 */
	int		 end;		/* seconds after the start day's
					 * midnight, start < end <= 2 * 86400 */
};

struct window {
	size_t		 n;
	struct window_span span[WINDOW_MAX_SPANS];
};

/*
 * Parse spec into *w.  Return 0, or IOMT_EINVAL with a one-line reason
 * naming the bad part in err (size errlen) for an empty spec, an unknown
 * weekday, a time out of range (25:00, 12:60), an empty span (10:00-10:00)
 * or more than WINDOW_MAX_SPANS spans.  *w is zeroed first.
 */
int	window_parse(const char *spec, struct window *w, char *err,
	    size_t errlen);

/*
 * Return 1 if w is open at now (local time) and set *until to when it
 * closes (following spans that touch or overlap, so Sat-Sun 00:00-24:00
 * closes Monday 00:00, at most a week on); return 0 if it is closed and
 * set *until to when it next opens.  until may be NULL.  Pure.
 */
int	window_open_at(const struct window *w, time_t now, time_t *until);

#endif /* IOMT_UTIL_LAYER_H */
