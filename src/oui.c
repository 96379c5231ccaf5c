/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/oui.h"

int
oui_load(const char *dir, const char *classpath, struct oui_db **out)
{
	return IOMT_EINVAL;
}

struct oui_db *
oui_free(struct oui_db *db)
{
	return NULL;
}

const char *
oui_lookup(const struct oui_db *db, const uint8_t mac[6])
{
	return NULL;
}

enum oui_class
oui_class(const struct oui_db *db, const uint8_t mac[6], const char **label)
{
	return 0;
}

const char *
oui_class_name(enum oui_class c)
{
	return NULL;
}

size_t
oui_count(const struct oui_db *db)
{
	return IOMT_EINVAL;
}

int
mac_parse(const char *s, uint8_t mac[6])
{
	return IOMT_EINVAL;
}
