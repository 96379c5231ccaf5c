/*
 * src/report/advisories.c - imported advisories as people read them:
 * `advisories list`, `advisories show ID`, the Advisories section of
 * `show`, and the JSON every export shares for a host's advisories.
 *
 * Every link comes with its reason and its source (the file, publisher,
 * tracking version and release date), because a clinical engineer who
 * is told a pump is affected must be able to check it against the
 * advisory itself.  A host with no advisory on file is shown as "none on
 * file", never as safe.  All text from an advisory is cleaned for the
 * terminal (report_clean()); the importer has already refused control
 * characters, this is the second fence.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-int.h"

/* "9.8" or "-" for a score. */
static const char *
score(char *dst, size_t dsize, double s)
{
	if (s < 0)
		strlcpy(dst, "-", dsize);
	else
		snprintf(dst, dsize, "%.1f", s);
	return dst;
}

/* The last part of a path, for tables. */
static const char *
base(const char *path)
{
	const char	*s;

	if (path == NULL)
		return NULL;
	s = strrchr(path, '/');
	return s != NULL ? s + 1 : path;
}

/* Count the links of tracking id id over inv by match: [1..3]. */
static void
count_links(const struct inventory *inv, const char *id, size_t cnt[4])
{
	memset(cnt, 0, 4 * sizeof(cnt[0]));
	for (size_t i = 0; inv != NULL && i < inv->n_host; i++)
		for (size_t k = 0; k < inv->host[i].n_adv; k++)
			if (strcmp(inv->host[i].adv[k].id, id) == 0 &&
			    inv->host[i].adv[k].match >= 1 &&
			    inv->host[i].adv[k].match <= 3)
				cnt[inv->host[i].adv[k].match]++;
}

int
report_advisories(struct db *db, FILE *fp)
{
	struct advisory_set	*set = NULL;
	struct inventory	*inv = NULL;
	struct buf		 b = { 0 };
	int			 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = db_advisories_load(db, NULL, &set)) != 0 ||
	    (r = db_inventory_load(db, &inv)) != 0)
		goto out;
	if (set->n == 0) {
		fprintf(fp, "No advisories imported (iomtscan advisories "
		    "import FILE|DIR).\n");
		r = ferror(fp) ? -EIO : 0;
		goto out;
	}
	fprintf(fp, "%-18s %-7s %-10s %4s %8s %8s %8s  %s\n", "ID", "VERSION",
	    "RELEASED", "CVES", "AFFECTED", "POSSIBLE", "NOT-AFF", "TITLE");
	for (size_t i = 0; i < set->n; i++) {
		const struct csaf_doc	*d = set->adv[i].doc;
		size_t			 cnt[4], ncve = 0;
		char			 day[11];

		for (size_t v = 0; v < d->n_vuln; v++)
			if (d->vuln[v].cve != NULL)
				ncve++;
		count_links(inv, d->tracking_id, cnt);
		strlcpy(day, d->current_release, sizeof(day));
		fprintf(fp, "%-18s ", report_clean(&b, d->tracking_id, 18));
		fprintf(fp, "%-7s ", report_clean(&b, d->version, 7));
		fprintf(fp, "%-10s %4zu %8zu %8zu %8zu  ", report_clean(&b, day,
		    10), ncve, cnt[ADV_AFFECTED], cnt[ADV_POSSIBLE],
		    cnt[ADV_NOT_AFFECTED]);
		fprintf(fp, "%s\n", report_clean(&b, d->title, 70));
	}
	fprintf(fp, "%zu advisories.  Details and linked hosts: iomtscan "
	    "advisories show ID\n", set->n);
	r = ferror(fp) ? -EIO : 0;
 out:
	db_advisories_free(set);
	db_inventory_free(inv);
	buf_free(&b);
	return r;
}

/* The stored advisories and the hosts each concerns, as one JSON value. */
static json_t *
advisories_json(const struct advisory_set *set, const struct inventory *inv)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < set->n; i++) {
		const struct advisory	*a = &set->adv[i];
		const struct csaf_doc	*d = a->doc;
		json_t	*o, *cves = json_array(), *prods = json_array();
		json_t	*hosts = json_object();

		for (size_t v = 0; v < d->n_vuln; v++)
			if (d->vuln[v].cve != NULL)
				json_array_append_new(cves,
				    report_json_str(d->vuln[v].cve));
		for (size_t k = 0; k < d->n_prod; k++) {
			const struct csaf_product *p = &d->prod[k];

			json_array_append_new(prods, json_pack(
			    "{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
			    "product_id", report_json_str(p->id),
			    "vendor", report_json_str(p->vendor),
			    "product", report_json_str(p->name),
			    "version", report_json_str(p->version),
			    "version_range", report_json_str(p->range),
			    "full_name", report_json_str(p->full_name),
			    "cpe", report_json_str(p->cpe),
			    "purl", report_json_str(p->purl)));
		}
		for (int m = ADV_AFFECTED; m >= ADV_NOT_AFFECTED; m--)
			json_object_set_new(hosts, adv_match_name(m),
			    json_array());
		for (size_t h = 0; inv != NULL && h < inv->n_host; h++)
			for (size_t k = 0; k < inv->host[h].n_adv; k++) {
				const struct inv_advisory *l =
				    &inv->host[h].adv[k];

				if (strcmp(l->id, d->tracking_id) != 0 ||
				    l->match < ADV_NOT_AFFECTED ||
				    l->match > ADV_AFFECTED)
					continue;
				json_array_append_new(json_object_get(hosts,
				    adv_match_name(l->match)),
				    report_json_str(inv->host[h].ip));
			}
		o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
		    "id", report_json_str(d->tracking_id),
		    "version", report_json_str(d->version),
		    "status", report_json_str(d->status),
		    "title", report_json_str(d->title),
		    "publisher", report_json_str(d->publisher),
		    "initial_release_date", report_json_str(d->initial_release),
		    "current_release_date", report_json_str(d->current_release),
		    "file", report_json_str(a->file),
		    "imported", report_json_time(a->imported),
		    "cves", cves);
		if (o == NULL)
			abort();
		json_object_set_new(o, "products", prods);
		json_object_set_new(o, "hosts", hosts);
		json_array_append_new(arr, o);
	}
	return json_pack("{s:o}", "advisories", arr);
}

int
report_advisories_json(struct db *db, FILE *fp)
{
	struct advisory_set	*set = NULL;
	struct inventory	*inv = NULL;
	json_t			*doc = NULL;
	int			 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = db_advisories_load(db, NULL, &set)) != 0 ||
	    (r = db_inventory_load(db, &inv)) != 0)
		goto out;
	doc = advisories_json(set, inv);
	if ((r = report_json_write(doc, fp, 0)) == 0 && ferror(fp))
		r = -EIO;
 out:
	json_decref(doc);
	db_advisories_free(set);
	db_inventory_free(inv);
	return r;
}

/* The status of product id in vulnerability v, or NULL. */
static const char *
status_of(const struct csaf_vuln *v, const char *id)
{
	for (size_t k = 0; k < v->n_st; k++)
		if (strcmp(v->st[k].product_id, id) == 0)
			return db_advisory_status_name(v->st[k].status);
	return NULL;
}

/* Print text (several lines) indented by ind, each line cleaned. */
static void
print_lines(FILE *fp, struct buf *b, const char *ind, const char *text)
{
	const char	*p = text;

	while (p != NULL && *p != '\0') {
		const char	*e = strchr(p, '\n');
		size_t		 n = e != NULL ? (size_t)(e - p) : strlen(p);
		char		*line = xmalloc(n + 1);

		memcpy(line, p, n);
		line[n] = '\0';
		fprintf(fp, "%s%s\n", ind, report_clean(b, line, 1000));
		free(line);
		p = e != NULL ? e + 1 : NULL;
	}
}

int
report_advisory(struct db *db, const char *id, FILE *fp)
{
	struct advisory_set	*set = NULL;
	struct inventory	*inv = NULL;
	struct buf		 b = { 0 };
	const struct advisory	*a;
	const struct csaf_doc	*d;
	char			 t[32], sc[16];
	size_t			 nlinks = 0;
	int			 r;

	if (db == NULL || id == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = db_advisories_load(db, id, &set)) != 0 ||
	    (r = db_inventory_load(db, &inv)) != 0)
		goto out;
	a = &set->adv[0];
	d = a->doc;
	fprintf(fp, "Advisory %s\n", report_clean(&b, d->tracking_id, 0));
	fprintf(fp, "  %-12s %s\n", "Title", report_clean(&b, d->title, 200));
	fprintf(fp, "  %-12s %s", "Publisher", report_clean(&b, d->publisher,
	    100));
	if (d->publisher_ns != NULL)
		fprintf(fp, " (%s)", report_clean(&b, d->publisher_ns, 100));
	fprintf(fp, "\n  %-12s %s", "Version", report_clean(&b, d->version,
	    20));
	fprintf(fp, " (%s)\n", report_clean(&b, d->status, 20));
	fprintf(fp, "  %-12s %s\n", "Released", report_clean(&b,
	    d->initial_release, 40));
	fprintf(fp, "  %-12s %s\n", "Current", report_clean(&b,
	    d->current_release, 40));
	fprintf(fp, "  %-12s %s\n", "Source", report_clean(&b, a->file, 300));
	fprintf(fp, "  %-12s %s\n", "Imported", time_local(t, sizeof(t),
	    a->imported));
	fprintf(fp, "\nProducts\n");
	for (size_t i = 0; i < d->n_prod; i++) {
		const struct csaf_product *p = &d->prod[i];

		fprintf(fp, "  %s", report_clean(&b, p->id, 40));
		fprintf(fp, "  %s", report_clean(&b, p->vendor, 60));
		fprintf(fp, " | %s", report_clean(&b, p->name, 80));
		if (p->range != NULL)
			fprintf(fp, " | versions %s", report_clean(&b,
			    p->range, 120));
		else if (p->version != NULL)
			fprintf(fp, " | version %s", report_clean(&b,
			    p->version, 60));
		else
			fprintf(fp, " | no version given");
		if (p->cpe != NULL)
			fprintf(fp, " | %s", report_clean(&b, p->cpe, 200));
		if (p->purl != NULL)
			fprintf(fp, " | %s", report_clean(&b, p->purl, 200));
		fputc('\n', fp);
	}
	fprintf(fp, "\nVulnerabilities\n");
	for (size_t v = 0; v < d->n_vuln; v++) {
		const struct csaf_vuln	*cv = &d->vuln[v];
		double			 best = -1;
		const char		*vec = NULL;
		const char		*rem = NULL;

		for (size_t k = 0; k < cv->n_st; k++) {
			if (cv->st[k].cvss > best) {
				best = cv->st[k].cvss;
				vec = cv->st[k].vector;
			}
			if (rem == NULL && cv->st[k].remediation != NULL)
				rem = cv->st[k].remediation;
		}
		fprintf(fp, "  %s", report_clean(&b, cv->cve != NULL ? cv->cve :
		    "(no CVE)", 40));
		fprintf(fp, "  CVSS %s", score(sc, sizeof(sc), best));
		if (vec != NULL)
			fprintf(fp, " %s", report_clean(&b, vec, 100));
		fprintf(fp, "\n    %s\n", report_clean(&b, cv->title, 200));
		for (size_t i = 0; i < d->n_prod; i++) {
			const char *s = status_of(cv, d->prod[i].id);

			if (s != NULL)
				fprintf(fp, "    %-19s %s\n", s, report_clean(&b,
				    d->prod[i].full_name, 160));
		}
		print_lines(fp, &b, "    remedy: ", rem);
	}
	fprintf(fp, "\nHosts\n");
	for (size_t i = 0; inv != NULL && i < inv->n_host; i++) {
		const struct inv_host	*h = &inv->host[i];

		for (size_t k = 0; k < h->n_adv; k++) {
			if (strcmp(h->adv[k].id, d->tracking_id) != 0)
				continue;
			fprintf(fp, "  %-15s %-12s ", report_clean(&b, h->ip,
			    15), adv_match_name(h->adv[k].match));
			fprintf(fp, "%s\n", report_clean(&b, h->adv[k].reason,
			    400));
			nlinks++;
		}
	}
	if (nlinks == 0)
		fprintf(fp, "  none in the inventory (no host's vendor and "
		    "product or class match)\n");
	r = ferror(fp) ? -EIO : 0;
 out:
	db_advisories_free(set);
	db_inventory_free(inv);
	buf_free(&b);
	return r;
}

void
report_adv_print(const struct inv_host *h, FILE *fp, struct buf *b)
{
	char	 sc[16];

	if (h->n_adv == 0) {
		fprintf(fp, "\nAdvisories: none on file for this device "
		    "(that is a gap, not a clean bill)\n");
		return;
	}
	fprintf(fp, "\nAdvisories\n");
	for (size_t i = 0; i < h->n_adv; i++) {
		const struct inv_advisory *a = &h->adv[i];

		fprintf(fp, "  %-12s %s", adv_match_name(a->match),
		    report_clean(b, a->id, 40));
		fprintf(fp, " (CVSS %s", score(sc, sizeof(sc), a->cvss));
		if (a->cves != NULL)
			fprintf(fp, "; %s", report_clean(b, a->cves, 200));
		fprintf(fp, "): %s\n", report_clean(b, a->title, 200));
		fprintf(fp, "               %s\n", report_clean(b, a->reason,
		    600));
		if (a->match != ADV_NOT_AFFECTED)
			print_lines(fp, b, "               remedy: ",
			    a->remediation);
		fprintf(fp, "               source: %s", report_clean(b,
		    a->publisher, 80));
		fprintf(fp, ", version %s", report_clean(b, a->version, 20));
		fprintf(fp, " of %s", report_clean(b, a->released, 40));
		fprintf(fp, ", %s\n", report_clean(b, base(a->file), 200));
	}
}

void
report_adv_note(const struct inv_host *h, char **cell)
{
	size_t		 cnt[4] = { 0 };
	struct buf	 b = { 0 };

	for (size_t i = 0; i < h->n_adv; i++)
		if (h->adv[i].match >= 1 && h->adv[i].match <= 3)
			cnt[h->adv[i].match]++;
	if (cnt[ADV_AFFECTED] == 0 && cnt[ADV_POSSIBLE] == 0)
		return;
	buf_add(&b, *cell);
	if (b.len > 0)
		buf_add(&b, "; ");
	buf_add(&b, "advisories:");
	if (cnt[ADV_AFFECTED] > 0)
		buf_addf(&b, " %zu affected", cnt[ADV_AFFECTED]);
	if (cnt[ADV_AFFECTED] > 0 && cnt[ADV_POSSIBLE] > 0)
		buf_addc(&b, ',');
	if (cnt[ADV_POSSIBLE] > 0)
		buf_addf(&b, " %zu possible", cnt[ADV_POSSIBLE]);
	free(*cell);
	*cell = buf_steal(&b);
}

json_t *
report_adv_json(const struct inv_host *h)
{
	json_t	*arr = json_array();

	for (size_t i = 0; i < h->n_adv; i++) {
		const struct inv_advisory *a = &h->adv[i];
		json_t	*o = json_object(), *cves = json_array(), *src;
		const char *p = a->cves;

		while (p != NULL && *p != '\0') {
			const char	*e = strchr(p, ' ');
			size_t		 n = e != NULL ? (size_t)(e - p) :
			    strlen(p);

			json_array_append_new(cves, json_stringn(p, n));
			p = e != NULL ? e + 1 : NULL;
		}
		json_object_set_new(o, "id", report_json_str(a->id));
		json_object_set_new(o, "title", report_json_str(a->title));
		json_object_set_new(o, "match", json_string(
		    adv_match_name(a->match)));
		json_object_set_new(o, "reason", report_json_str(a->reason));
		json_object_set_new(o, "product", report_json_str(a->product));
		json_object_set_new(o, "cves", cves);
		json_object_set_new(o, "cvss", a->cvss >= 0 ?
		    json_real(a->cvss) : json_null());
		json_object_set_new(o, "cvss_vector",
		    report_json_str(a->vector));
		json_object_set_new(o, "remediation",
		    report_json_str(a->remediation));
		src = json_object();
		json_object_set_new(src, "file", report_json_str(a->file));
		json_object_set_new(src, "publisher",
		    report_json_str(a->publisher));
		json_object_set_new(src, "tracking_version",
		    report_json_str(a->version));
		json_object_set_new(src, "current_release_date",
		    report_json_str(a->released));
		json_object_set_new(o, "source", src);
		json_array_append_new(arr, o);
	}
	return arr;
}
