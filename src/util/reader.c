/*
 * src/util/reader.c - the bounds-checked, sticky-error reader (see util.h).
 *
 * All reads funnel through reader_take(), the only place that compares a
 * length with what remains, so the bound is checked in exactly one spot.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"

void
reader_init(struct reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = p != NULL ? len : 0;
	r->off = 0;
	r->err = 0;
}

/* Return a pointer to the next n bytes and advance, or NULL (sticky). */
static const uint8_t *
reader_take(struct reader *r, size_t n)
{
	static const uint8_t empty[1];
	const uint8_t	*q;

	if (r->err != 0)
		return NULL;
	if (n > r->len - r->off) {
		r->err = IOMT_ETRUNC;
		return NULL;
	}
	/* An empty reader may have p == NULL: never offset a null pointer. */
	q = r->p != NULL ? r->p + r->off : empty;
	r->off += n;
	return q;
}

int
reader_u8(struct reader *r, uint8_t *v)
{
	const uint8_t	*q = reader_take(r, 1);

	*v = q != NULL ? q[0] : 0;
	return q != NULL ? 0 : r->err;
}

int
reader_be16(struct reader *r, uint16_t *v)
{
	const uint8_t	*q = reader_take(r, 2);

	*v = q != NULL ? (uint16_t)(q[0] << 8 | q[1]) : 0;
	return q != NULL ? 0 : r->err;
}

int
reader_be32(struct reader *r, uint32_t *v)
{
	const uint8_t	*q = reader_take(r, 4);

	*v = q != NULL ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	    (uint32_t)q[2] << 8 | q[3] : 0;
	return q != NULL ? 0 : r->err;
}

int
reader_le16(struct reader *r, uint16_t *v)
{
	const uint8_t	*q = reader_take(r, 2);

	*v = q != NULL ? (uint16_t)(q[1] << 8 | q[0]) : 0;
	return q != NULL ? 0 : r->err;
}

int
reader_le32(struct reader *r, uint32_t *v)
{
	const uint8_t	*q = reader_take(r, 4);

	*v = q != NULL ? (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 |
	    (uint32_t)q[1] << 8 | q[0] : 0;
	return q != NULL ? 0 : r->err;
}

int
reader_le64(struct reader *r, uint64_t *v)
{
	const uint8_t	*q = reader_take(r, 8);
	int		 i;

	*v = 0;
	if (q == NULL)
		return r->err;
	for (i = 7; i >= 0; i--)
		*v = *v << 8 | q[i];
	return 0;
}

int
reader_bytes(struct reader *r, const uint8_t **p, size_t n)
{
	*p = reader_take(r, n);
	return *p != NULL ? 0 : r->err;
}

int
reader_skip(struct reader *r, size_t n)
{
	return reader_take(r, n) != NULL ? 0 : r->err;
}

int
reader_sub(struct reader *r, struct reader *sub, size_t n)
{
	const uint8_t	*q = reader_take(r, n);

	reader_init(sub, q, q != NULL ? n : 0);
	if (q == NULL)
		sub->err = r->err;
	return q != NULL ? 0 : r->err;
}

size_t
reader_remaining(const struct reader *r)
{
	return r->err != 0 ? 0 : r->len - r->off;
}
