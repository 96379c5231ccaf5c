/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/target.h"

void
target_set_init(struct target_set *ts)
{
}

void
target_set_free(struct target_set *ts)
{
}

int
target_set_add(struct target_set *ts, const char *spec, char *err, size_t errlen)
{
	return IOMT_EINVAL;
}

int
target_set_add_file(struct target_set *ts, const char *path, char *err, size_t errlen)
{
	return IOMT_EINVAL;
}

void
target_set_finish(struct target_set *ts)
{
}

uint64_t
target_set_count(const struct target_set *ts)
{
	return IOMT_EINVAL;
}

int
target_set_contains(const struct target_set *ts, uint32_t ip)
{
	return IOMT_EINVAL;
}

int
target_expand(const struct target_set *incl, const struct target_set *excl, uint64_t max, uint32_t **ipsp, size_t *np)
{
	return IOMT_EINVAL;
}

void
target_shuffle(uint32_t *ips, size_t n, uint64_t seed)
{
}

int
target_aton(const char *s, uint32_t *ip)
{
	return IOMT_EINVAL;
}
