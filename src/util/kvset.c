/*
 * src/util/obs.c - capped key/value observations (see util.h).
 *
 * A fixed arena inside the struct means parsers of hostile replies can
 * record what they find without ever allocating: a device that sends a
 * thousand headers fills the arena and the rest is dropped and flagged.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "iomt/util.h"

#define OBS_VAL_MAX	1024

void
kv_reset(struct kvset *o)
{
	o->n = 0;
	o->used = 0;
	o->truncated = 0;
}

int
kv_add(struct kvset *o, const char *key, const char *val)
{
	size_t	 i, len;

	len = strnlen(val, OBS_VAL_MAX);
	if (strlen(key) >= KV_KEY_MAX) {
		o->truncated = 1;
		return IOMT_ELIMIT;
	}
	if (o->used + len + 1 > KV_ARENA) {
		o->truncated = 1;
		return IOMT_ELIMIT;
	}
	for (i = 0; i < o->n; i++)
		if (strcmp(o->f[i].key, key) == 0)
			break;
	if (i == o->n) {
		if (o->n == KV_MAX_FIELDS) {
			o->truncated = 1;
			return IOMT_ELIMIT;
		}
		strlcpy(o->f[i].key, key, sizeof(o->f[i].key));
		o->n++;
	}
	/* A replaced value leaves its old bytes unused; the arena is small
	 * and short-lived, so compaction is not worth it. */
	memcpy(o->arena + o->used, val, len);
	o->arena[o->used + len] = '\0';
	o->f[i].off = (uint16_t)o->used;
	o->f[i].len = (uint16_t)len;
	o->used += len + 1;
	return 0;
}

int
kv_addf(struct kvset *o, const char *key, const char *fmt, ...)
{
	char	 buf[OBS_VAL_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return kv_add(o, key, buf);
}

int
kv_add_bytes(struct kvset *o, const char *key, const uint8_t *p, size_t len,
    size_t max)
{
	char	 buf[OBS_VAL_MAX];

	if (len > max)
		len = max;
	str_printable(buf, sizeof(buf), p, len);
	return kv_add(o, key, buf);
}

const char *
kv_get(const struct kvset *o, const char *key)
{
	size_t	 i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->f[i].key, key) == 0)
			return o->arena + o->f[i].off;
	return NULL;
}

const char *
kv_val(const struct kvset *o, size_t i)
{
	return o->arena + o->f[i].off;
}
