/*
 * rd.h - a bounds-checked reader over untrusted bytes with a sticky error.
 *
 * Every protocol parser reads device replies through struct rd, never by
 * indexing the buffer itself, so no parser can read past the end of what
 * arrived, whatever length fields claim.  The error is sticky (as SQLite's
 * mallocFailed): once a read runs short, every later read fails too and
 * yields zero, so a parser may do a run of reads and check r->err once at
 * the end instead of after each call.  Integers are assembled byte by byte,
 * so the buffer needs no alignment (tcpdump's GET_* macros in extract.h,
 * without the longjmp).  Nothing here allocates.
 */
#ifndef IOMT_RD_H
#define IOMT_RD_H

#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t	*p;	/* borrowed; never written */
	size_t		 len;
	size_t		 off;
	int		 err;	/* 0, or IOMT_ETRUNC once a read ran short */
};

/*
 * Start reading the len bytes at p (p may be NULL when len is 0).  The
 * reader borrows p; it must outlive every read.  Never fails.
 */
void	rd_init(struct rd *r, const uint8_t *p, size_t len);

/*
 * Read one unsigned integer of the named size and byte order into *v and
 * advance.  Return 0, or IOMT_ETRUNC (set *v to 0, advance nothing and set
 * r->err) when fewer bytes remain or an earlier read failed.
 */
int	rd_u8(struct rd *r, uint8_t *v);
int	rd_be16(struct rd *r, uint16_t *v);
int	rd_be32(struct rd *r, uint32_t *v);
int	rd_le16(struct rd *r, uint16_t *v);
int	rd_le32(struct rd *r, uint32_t *v);
int	rd_le64(struct rd *r, uint64_t *v);

/*
 * Point *p at the next n bytes (inside the buffer; not copied) and advance.
 * Return 0, or IOMT_ETRUNC as above (then *p is NULL).
 */
int	rd_bytes(struct rd *r, const uint8_t **p, size_t n);

/* Skip n bytes.  Return 0 or IOMT_ETRUNC as above. */
int	rd_skip(struct rd *r, size_t n);

/*
 * Make sub a reader over the next n bytes of r and advance r past them,
 * for a length-prefixed item whose contents must not spill into what
 * follows.  Return 0, or IOMT_ETRUNC (sub is then an empty reader with its
 * error set).
 */
int	rd_sub(struct rd *r, struct rd *sub, size_t n);

/* Return the number of unread bytes (0 once r->err is set). */
size_t	rd_remaining(const struct rd *r);

#endif /* IOMT_RD_H */
