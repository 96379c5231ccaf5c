/* STUB: replaced by the real implementation. */
#include "config.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "iomt/error.h"
#include "iomt/db.h"

int
db_open(const char *path, int flags, struct db **out, char *errbuf, size_t errlen)
{
	return IOMT_EINVAL;
}

struct db *
db_close(struct db *db)
{
	return NULL;
}

const char *
db_errmsg(const struct db *db)
{
	return NULL;
}

int
db_begin(struct db *db)
{
	return IOMT_EINVAL;
}

int
db_commit(struct db *db)
{
	return IOMT_EINVAL;
}

int
db_scan_begin(struct db *db, const char *targets, const char *options, int64_t *scan_id)
{
	return IOMT_EINVAL;
}

int
db_scan_end(struct db *db, int64_t scan_id, const char *status, const char *stats_json)
{
	return IOMT_EINVAL;
}

int
db_host_seen(struct db *db, int64_t scan_id, const char *ip, const uint8_t *mac, const char *oui_vendor, const char *how, int64_t *host_id)
{
	return IOMT_EINVAL;
}

int
db_host_find(struct db *db, const char *ip, int64_t *host_id)
{
	return IOMT_EINVAL;
}

int
db_host_state(struct db *db, int64_t scan_id, int64_t host_id, const char *state, const char *reason)
{
	return IOMT_EINVAL;
}

int
db_service(struct db *db, int64_t scan_id, int64_t host_id, const char *proto, int port, const char *state, const char *service, const char *banner)
{
	return IOMT_EINVAL;
}

int
db_observation(struct db *db, int64_t scan_id, int64_t host_id, const char *proto, int port, const char *probe, const char *key, const char *value)
{
	return IOMT_EINVAL;
}

int
db_audit(struct db *db, int64_t scan_id, int64_t t_us, const char *ip, const char *proto, int port, const char *kind, size_t bytes, const char *detail)
{
	return IOMT_EINVAL;
}

int
db_error(struct db *db, int64_t scan_id, const char *source, const char *message)
{
	return IOMT_EINVAL;
}

int
db_identity_set(struct db *db, int64_t scan_id, int64_t host_id, const struct db_identity *id)
{
	return IOMT_EINVAL;
}

int
db_finding(struct db *db, int64_t scan_id, int64_t host_id, const char *id, const char *severity, int port, const char *title, const char *detail)
{
	return IOMT_EINVAL;
}

int
db_print_hosts(struct db *db, FILE *fp)
{
	return IOMT_EINVAL;
}

int
db_print_host(struct db *db, const char *ip, FILE *fp)
{
	return IOMT_EINVAL;
}

int
db_export_json(struct db *db, FILE *fp)
{
	return IOMT_EINVAL;
}

int
db_export_csv(struct db *db, FILE *fp)
{
	return IOMT_EINVAL;
}

int
db_print_audit(struct db *db, const char *ip, FILE *fp)
{
	return IOMT_EINVAL;
}
