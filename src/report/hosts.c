/*
 * src/report/hosts.c - `iomtscan hosts`: the inventory as one aligned
 * table, a host a line, sorted by address.
 *
 * The table is what a clinical engineer scans by eye, so each cell is cut
 * to a readable width (vendor 24 columns, identity 44, open ports 40, ending
 * in "…" where it was cut) and the NOTE column says what needs attention
 * first: a host the breaker left alone ("! check device"), a host the
 * policy held or excluded, otherwise the fragile-device profile it
 * matched.  Widths are display widths, so wide characters line up.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

#define HT_COLS		7
#define PORTS_SHOWN	40	/* OPEN PORTS column */

/* "22,80,104/tcp 161/udp" for the open services of h. */
static void
open_ports(const struct inv_host *h, struct buf *b)
{
	const char	*proto = NULL;
	size_t		 i, cut;

	buf_truncate(b, 0);
	for (i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];

		if (s->proto == NULL || s->state == NULL ||
		    strcmp(s->state, "open") != 0)
			continue;
		if (proto == NULL || strcmp(s->proto, proto) != 0) {
			if (proto != NULL)
				buf_addf(b, "/%.7s ", proto);
			proto = s->proto;
		} else
			buf_addc(b, ',');
		buf_addf(b, "%d", s->port);
	}
	if (proto != NULL)
		buf_addf(b, "/%.7s", proto);
	/* Keep the table readable: cut at a separator, show the cut. */
	if (b->len > PORTS_SHOWN) {
		cut = PORTS_SHOWN - 1;
		while (cut > 0 && b->p[cut] != ',' && b->p[cut] != ' ')
			cut--;
		buf_truncate(b, cut);
		buf_add(b, "\xe2\x80\xa6");	/* U+2026 */
	}
}

/* "vendor model / class", cleaned; without an identity the passive name
 * ("pump-icu-7 (dhcp)"); else "-". */
static void
identity_line(const struct inv_host *h, struct buf *b)
{
	struct buf	 raw = { NULL, 0, 0 };
	const struct inv_identity *id = h->identity;

	buf_truncate(b, 0);
	if (id != NULL) {
		text_vendor_model(&raw, id->vendor, id->model);
		if (id->device_class != NULL && id->device_class[0] != '\0') {
			if (raw.len > 0)
				buf_add(&raw, " / ");
			buf_add(&raw, id->device_class);
		}
	}
	/* No identity: the name the host gave itself, and where from. */
	if (raw.len == 0) {
		static const char *const keys[] = { "dhcp.vendor_class",
		    "dhcp.hostname", "mdns.hostname", "lldp.sysname",
		    "cdp.device_id", NULL };
		const char	*v = NULL;
		size_t		 k;

		for (k = 0; keys[k] != NULL && v == NULL; k++)
			if ((v = report_name(h, keys[k])) != NULL)
				buf_addf(&raw, "%s (%.4s)", v, keys[k]);
	}
	if (raw.len == 0)
		buf_add(b, "-");
	else
		text_term(b, raw.p, raw.len, 44);
	buf_free(&raw);
}

/* The NOTE cell of h (may be ""); *checkdev set for a breaker host. */
static char *
note(const struct inv_host *h, const struct report_fragile *fr,
    int *checkdev, struct buf *b)
{
	const char	*st = h->state != NULL ? h->state : "";

	if (strcmp(st, "breaker") == 0) {
		*checkdev = 1;
		return xstrdup("! check device");
	}
	if (strcmp(st, "held") == 0)
		return xstrdup("held by policy");
	if (strcmp(st, "excluded") == 0)
		return xstrdup("excluded");
	buf_truncate(b, 0);
	if (fr->n > 0) {
		buf_add(b, "fragile: ");
		text_term(b, fr->ids, strlen(fr->ids), 40);
	}
	return xstrdup(buf_str(b));
}

/* Print the rows of cell (n hosts plus the head) in aligned columns. */
static void
print_table(FILE *fp, const char *const *head, char **cell, size_t n,
    int notes, struct buf *b)
{
	size_t	 width[HT_COLS], i, c, w;
	size_t	 last = notes ? HT_COLS - 1 : HT_COLS - 2;

	for (c = 0; c < HT_COLS; c++) {
		width[c] = text_width(head[c]);
		for (i = 0; i < n; i++)
			if (text_width(cell[i * HT_COLS + c]) > width[c])
				width[c] = text_width(cell[i * HT_COLS + c]);
	}
	for (i = 0; i <= n; i++) {
		buf_truncate(b, 0);
		for (c = 0; c <= last; c++) {
			const char *s = i == 0 ? head[c] :
			    cell[(i - 1) * HT_COLS + c];

			buf_add(b, s);
			if (c == last)
				break;
			for (w = text_width(s); w < width[c] + 2; w++)
				buf_addc(b, ' ');
		}
		while (b->len > 0 && b->p[b->len - 1] == ' ')
			b->p[--b->len] = '\0';
		fprintf(fp, "%s\n", buf_str(b));
	}
}

int
report_hosts(struct db *db, const struct report_opts *ro, FILE *fp)
{
	return report_hosts_where(db, ro, NULL, fp);
}

int
report_hosts_where(struct db *db, const struct report_opts *ro,
    const struct report_filter *filter, FILE *fp)
{
	static const char *const head[HT_COLS] = { "IP", "MAC", "VENDOR",
	    "OPEN PORTS", "IDENTITY", "LAST SEEN", "NOTE" };
	struct inventory *inv = NULL;
	struct report_fragile fr;
	char		**cell = NULL, tbuf[32];
	struct buf	 b = { NULL, 0, 0 };
	size_t		 n = 0, i;
	int		 r, notes = 0, checkdev = 0;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = report_inventory_load_opts(db, ro, filter, &inv)) != 0)
		goto out;
	n = inv->n_host;
	if (n == 0) {
		fprintf(fp, report_filter_active(filter) ? "No host in the "
		    "inventory matches.\n" : "The inventory has no hosts "
		    "yet.\n");
		r = ferror(fp) ? -EIO : 0;
		goto out;
	}
	cell = xcalloc(n * HT_COLS, sizeof(*cell));
	for (i = 0; i < n; i++) {
		const struct inv_host *h = &inv->host[i];
		char	**row = cell + i * HT_COLS;

		row[0] = xstrdup(report_clean(&b, h->ip, 0));
		row[1] = xstrdup(report_clean(&b, h->mac, 0));
		row[2] = xstrdup(report_clean(&b, h->oui_vendor, 24));
		open_ports(h, &b);
		row[3] = xstrdup(b.len > 0 ? b.p : "-");
		identity_line(h, &b);
		row[4] = xstrdup(buf_str(&b));
		row[5] = xstrdup(h->last_seen > 0 ? time_local(tbuf,
		    sizeof(tbuf), h->last_seen) : "-");
		if ((r = report_fragile(db, ro, h, &fr)) != 0)
			goto out;
		row[6] = note(h, &fr, &checkdev, &b);
		report_annot_note(h, &row[6]);
		report_adv_note(h, &row[6]);
		if (row[6][0] != '\0')
			notes = 1;
	}
	print_table(fp, head, cell, n, notes, &b);
	fprintf(fp, "\n%zu host%s.%s\n", n, n == 1 ? "" : "s", checkdev ?
	    "  \"! check device\": the host stopped answering during a "
	    "scan\nand was left alone; make sure it is working." : "");
	r = ferror(fp) ? -EIO : 0;
 out:
	if (cell != NULL)
		for (i = 0; i < n * HT_COLS; i++)
			free(cell[i]);
	free(cell);
	db_inventory_free(inv);
	buf_free(&b);
	return r;
}
