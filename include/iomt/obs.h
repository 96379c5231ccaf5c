/*
 * obs.h - observations: what a probe learned, as capped key/value text.
 *
 * Parsers of device replies never allocate: they add fields to a caller's
 * struct obs, whose storage is a fixed arena.  A full arena silently drops
 * further fields (and sets truncated), so a hostile device cannot make the
 * scanner grow.  Keys are dotted names owned by the probe ("dicom.impl_uid",
 * "http.server"); docs/PROBES.md lists them.  Values are stored exactly as
 * added; use obs_add_bytes() for raw device bytes, which escapes them.
 */
#ifndef IOMT_OBS_H
#define IOMT_OBS_H

#include <stddef.h>
#include <stdint.h>

#define OBS_MAX_FIELDS	48
#define OBS_ARENA	6144
#define OBS_KEY_MAX	40

struct obs_field {
	char		 key[OBS_KEY_MAX];
	uint16_t	 off;		/* value offset in arena */
	uint16_t	 len;		/* value length, excluding NUL */
};

struct obs {
	struct obs_field f[OBS_MAX_FIELDS];
	size_t		 n;
	size_t		 used;		/* bytes of arena in use */
	int		 truncated;	/* something was dropped */
	char		 arena[OBS_ARENA];
};

/* Empty o.  Never fails. */
void	obs_reset(struct obs *o);

/*
 * Add key = val (NUL-terminated text, cut at 1 KiB).  A key already present
 * is replaced.  Return 0, or IOMT_ELIMIT (and set o->truncated) when the
 * arena or field table is full.
 */
int	obs_add(struct obs *o, const char *key, const char *val);

/* As obs_add with a printf format. */
int	obs_addf(struct obs *o, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Add len raw device bytes under key, made printable with str_printable()
 * (at most max input bytes).  Return as obs_add.
 */
int	obs_add_bytes(struct obs *o, const char *key, const uint8_t *p,
	    size_t len, size_t max);

/* Return the value of key or NULL.  The string lives in o. */
const char *obs_get(const struct obs *o, const char *key);

/* Value of field i (0 <= i < o->n). */
const char *obs_val(const struct obs *o, size_t i);

#endif /* IOMT_OBS_H */
