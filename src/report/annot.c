/*
 * src/report/annot.c - how the views and exports show a host's
 * annotations (owner, location, ledger ID, name, note; src/db/annotate.c).
 *
 * The table, `show` and the JSON export each show them in their own
 * shape, but from one place, so that a field added to the annotations
 * reaches every view at once.  Annotation values were checked when they
 * were stored (UTF-8, no control characters), but they are still passed
 * through text_term() for the terminal: a database may come from anywhere.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/* The label people read for a field. */
static const char *
label(const char *field)
{
	static const char *const names[][2] = {
		{ "owner", "Owner" }, { "location", "Location" },
		{ "ledger_id", "Ledger ID" }, { "name", "Name" },
		{ "note", "Note" }, { "remote", "Remote line" },
		{ "contract", "Contract" }, { "os_support", "OS support" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i][0]) == 0)
			return names[i][1];
	return field;
}

void
report_annot_note(const struct inv_host *h, char **cell)
{
	const char	*name = db_inv_annotation(h, "name");
	const char	*loc = db_inv_annotation(h, "location");
	struct buf	 b = { NULL, 0, 0 };

	if (name == NULL && loc == NULL)
		return;
	buf_add(&b, *cell);
	if (b.len > 0)
		buf_add(&b, "; ");
	if (name != NULL)
		text_term(&b, name, strlen(name), 30);
	if (name != NULL && loc != NULL)
		buf_add(&b, " @ ");
	if (loc != NULL)
		text_term(&b, loc, strlen(loc), 30);
	free(*cell);
	*cell = xstrdup(buf_str(&b));
	buf_free(&b);
}

void
report_annot_print(const struct inv_host *h, FILE *fp, struct buf *b)
{
	size_t	 f, i;

	if (h->n_annot == 0) {
		fprintf(fp, "\nAnnotations: none (iomtscan annotate %s "
		    "--owner ... --location ...)\n", report_clean(b, h->ip, 0));
		return;
	}
	fprintf(fp, "\nAnnotations\n");
	/* In the fixed field order, not the stored one. */
	for (f = 0; db_annotation_fields[f] != NULL; f++)
		for (i = 0; i < h->n_annot; i++) {
			const struct inv_annotation *a = &h->annot[i];

			if (strcmp(a->field, db_annotation_fields[f]) != 0)
				continue;
			fprintf(fp, "  %-12s %s", label(a->field),
			    report_clean(b, a->value, 200));
			fprintf(fp, "  (%s", report_clean(b, a->source, 80));
			if (a->who != NULL)
				fprintf(fp, ", %s", report_clean(b, a->who, 32));
			fprintf(fp, ")\n");
		}
}

json_t *
report_annot_json(const struct inv_host *h)
{
	json_t	*o = json_object();
	size_t	 f;

	for (f = 0; db_annotation_fields[f] != NULL; f++) {
		const char *v = db_inv_annotation(h, db_annotation_fields[f]);

		if (v != NULL)
			json_object_set_new(o, db_annotation_fields[f],
			    report_json_str(v));
	}
	return o;
}
