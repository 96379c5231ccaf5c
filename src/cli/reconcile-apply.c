/*
 * src/cli/reconcile-apply.c - `iomtscan reconcile --apply`: the ledger's
 * owner, location, ledger ID, name, remote-maintenance line and
 * maintenance contract copied
 * into the inventory's
 * annotations of the hosts the ledger rows matched.
 *
 * The ledger is what the hospital maintains by hand; once a row is
 * matched to a device, the inventory can show the device by the name
 * and place people know it by, and `hosts --unmanaged` can tell the
 * devices no ledger row knows.  Every change of one run is one
 * transaction (db_annotations_set()): a cell that cannot be stored
 * (a control character, an over-long value) or a database error leaves
 * the inventory exactly as it was.  Each change records its row, so a
 * wrong location can be traced back to the line of the ledger it came
 * from.  Running it again with the same ledger changes nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/ledger.h"
#include "iomt/util.h"
#include "cli-int.h"

/* Ledger fields copied, and the annotation each becomes. */
static const struct {
	enum ledger_field lf;
	const char	*field;
} apply_fields[] = {
	{ LEDGER_F_OWNER, "owner" },
	{ LEDGER_F_LOCATION, "location" },
	{ LEDGER_F_ID, "ledger_id" },
	{ LEDGER_F_NAME, "name" },
	{ LEDGER_F_REMOTE, "remote" },
	{ LEDGER_F_CONTRACT, "contract" },
};
#define APPLY_NFIELDS	(sizeof(apply_fields) / sizeof(apply_fields[0]))

/*
 * The cell s with line breaks and tabs (Alt+Enter in Excel) folded into
 * single spaces and trimmed; a new string, or NULL when nothing is left.
 */
static char *
fold(const char *s)
{
	char	*o = xmalloc(strlen(s) + 1), *p = o;
	int	 space = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t' || *s == ' ') {
			space = p != o;
			continue;
		}
		if (space)
			*p++ = ' ';
		space = 0;
		*p++ = *s;
	}
	*p = '\0';
	if (o[0] == '\0') {
		free(o);
		return NULL;
	}
	return o;
}

int
reconcile_apply(struct db *db, const struct ledger *l,
    const char *ledger_name, const struct ledger_result *res,
    const struct reconcile_target *hosts, json_t **applied, char *err,
    size_t errlen)
{
	struct db_annotation_change *ch = NULL;
	char		**vals = NULL, **srcs = NULL;
	size_t		 n = 0, i, f, cap;
	int		 r;

	*applied = NULL;
	cap = res->nmatched * APPLY_NFIELDS;
	ch = xcalloc(cap + 1, sizeof(*ch));
	vals = xcalloc(cap + 1, sizeof(*vals));
	srcs = xcalloc(res->nmatched + 1, sizeof(*srcs));
	for (i = 0; i < res->nmatched; i++) {
		const struct ledger_row *row = &l->rows[res->matched[i].row];
		const struct reconcile_target *h = &hosts[res->matched[i].host];
		struct buf src = { NULL, 0, 0 };
		size_t	 k;

		/* A host two rows matched takes the first row's values. */
		for (k = 0; k < i; k++)
			if (res->matched[k].host == res->matched[i].host)
				break;
		if (k < i)
			continue;
		buf_addf(&src, "reconcile %s row %zu", ledger_name, row->row);
		srcs[i] = xstrdup(buf_str(&src));
		buf_free(&src);
		for (f = 0; f < APPLY_NFIELDS; f++) {
			const char *cell = row->field[apply_fields[f].lf];
			char	*v;

			if (cell == NULL || (v = fold(cell)) == NULL)
				continue;
			vals[n] = v;
			if (!db_annotation_value_ok(v)) {
				snprintf(err, errlen, "%s: row %zu: the %s "
				    "cell cannot be copied into the inventory "
				    "(%s); nothing was changed", ledger_name,
				    row->row, ledger_field_name(
				    apply_fields[f].lf), strlen(v) >
				    DB_ANNOTATION_MAX ? "longer than 1024 "
				    "bytes" : "it holds a control character");
				n++;
				r = IOMT_EINVAL;
				goto out;
			}
			ch[n].host_id = h->host_id;
			ch[n].field = apply_fields[f].field;
			ch[n].value = v;
			ch[n].source = srcs[i];
			ch[n].who = NULL;
			n++;
		}
	}
	{
		const char *who = getenv("SUDO_USER");

		if (who == NULL || who[0] == '\0')
			who = getenv("USER");
		for (i = 0; i < n; i++)
			ch[i].who = who;
	}
	if ((r = db_annotations_set(db, ch, n, NULL)) != 0) {
		snprintf(err, errlen, "%s; nothing was changed", r == IOMT_EDB ?
		    db_errmsg(db) : iomt_strerror(r));
		goto out;
	}
	*applied = json_array();
	for (i = 0; i < n; i++) {
		size_t k;

		if (!ch[i].changed)
			continue;
		for (k = 0; k < res->nmatched; k++)
			if (hosts[res->matched[k].host].host_id ==
			    ch[i].host_id)
				break;
		json_array_append_new(*applied, json_pack("{s:s,s:s,s:o,s:s,"
		    "s:s}", "ip", hosts[res->matched[k].host].ip, "field",
		    ch[i].field, "before", ch[i].before != NULL ?
		    json_string(ch[i].before) : json_null(), "after",
		    ch[i].value, "source", ch[i].source));
	}
	r = 0;
 out:
	for (i = 0; i < n; i++) {
		free(ch[i].before);
		free(vals[i]);
	}
	for (i = 0; i < res->nmatched; i++)
		free(srcs[i]);
	free(srcs);
	free(vals);
	free(ch);
	return r;
}
