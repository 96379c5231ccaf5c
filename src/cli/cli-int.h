/*
 * src/cli/cli-int.h - what the files of src/cli/ share and nothing else
 * sees: the parts of one command split across files.
 */
#ifndef IOMT_CLI_INT_H
#define IOMT_CLI_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct db;
struct ledger;
struct ledger_result;

/* The inventory host behind ledger_result host index i (reconcile.c). */
struct reconcile_target {
	int64_t		 host_id;
	const char	*ip;
};

/*
 * `reconcile --apply` (reconcile-apply.c): copy the owner, location,
 * ledger ID, name, remote-maintenance line and maintenance contract of
 * every matched ledger row of res into the
 * annotations of its host (hosts[pair.host]) in one transaction, with
 * the source "reconcile LEDGER row N" (ledger_name as the user gave it).
 * Empty cells change nothing; line breaks and tabs inside a cell become
 * one space.  Return 0 and in *applied a new JSON array of what changed
 * ({ip, field, before, after, source}; empty when nothing did), or
 * IOMT_EINVAL with a message naming the row in err (a cell that cannot
 * be an annotation: nothing written), or IOMT_EDB (nothing written;
 * db_errmsg()).  Blocks on the database.
 */
int	reconcile_apply(struct db *db, const struct ledger *l,
	    const char *ledger_name, const struct ledger_result *res,
	    const struct reconcile_target *hosts, json_t **applied,
	    char *err, size_t errlen);

#endif /* IOMT_CLI_INT_H */
