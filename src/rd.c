/*
 * rd.c - the bounds-checked, sticky-error reader (see rd.h).
 *
 * All reads funnel through rd_take(), the only place that compares a
 * length with what remains, so the bound is checked in exactly one spot.
 */
#include "config.h"

#include <string.h>

#include "iomt/error.h"
#include "iomt/rd.h"

void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = p != NULL ? len : 0;
	r->off = 0;
	r->err = 0;
}

/* Return a pointer to the next n bytes and advance, or NULL (sticky). */
static const uint8_t *
rd_take(struct rd *r, size_t n)
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
rd_u8(struct rd *r, uint8_t *v)
{
	const uint8_t	*q = rd_take(r, 1);

	*v = q != NULL ? q[0] : 0;
	return q != NULL ? 0 : r->err;
}

int
rd_be16(struct rd *r, uint16_t *v)
{
	const uint8_t	*q = rd_take(r, 2);

	*v = q != NULL ? (uint16_t)(q[0] << 8 | q[1]) : 0;
	return q != NULL ? 0 : r->err;
}

int
rd_be32(struct rd *r, uint32_t *v)
{
	const uint8_t	*q = rd_take(r, 4);

	*v = q != NULL ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
	    (uint32_t)q[2] << 8 | q[3] : 0;
	return q != NULL ? 0 : r->err;
}

int
rd_le16(struct rd *r, uint16_t *v)
{
	const uint8_t	*q = rd_take(r, 2);

	*v = q != NULL ? (uint16_t)(q[1] << 8 | q[0]) : 0;
	return q != NULL ? 0 : r->err;
}

int
rd_le32(struct rd *r, uint32_t *v)
{
	const uint8_t	*q = rd_take(r, 4);

	*v = q != NULL ? (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 |
	    (uint32_t)q[1] << 8 | q[0] : 0;
	return q != NULL ? 0 : r->err;
}

int
rd_le64(struct rd *r, uint64_t *v)
{
	const uint8_t	*q = rd_take(r, 8);
	int		 i;

	*v = 0;
	if (q == NULL)
		return r->err;
	for (i = 7; i >= 0; i--)
		*v = *v << 8 | q[i];
	return 0;
}

int
rd_bytes(struct rd *r, const uint8_t **p, size_t n)
{
	*p = rd_take(r, n);
	return *p != NULL ? 0 : r->err;
}

int
rd_skip(struct rd *r, size_t n)
{
	return rd_take(r, n) != NULL ? 0 : r->err;
}

int
rd_sub(struct rd *r, struct rd *sub, size_t n)
{
	const uint8_t	*q = rd_take(r, n);

	rd_init(sub, q, q != NULL ? n : 0);
	if (q == NULL)
		sub->err = r->err;
	return q != NULL ? 0 : r->err;
}

size_t
rd_remaining(const struct rd *r)
{
	return r->err != 0 ? 0 : r->len - r->off;
}
