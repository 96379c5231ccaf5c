/*
 * src/db/csaf.c - the reader of CSAF 2.0 security advisories (OASIS
 * "Common Security Advisory Framework Version 2.0", 2022-11-18): the
 * documents CISA publishes for medical devices (ICSMA) and that makers
 * publish in their own feeds.
 *
 * What is read, and where it sits in the document (section numbers of
 * the specification):
 *
 *   document (3.2.1)        csaf_version "2.0", category, title,
 *     publisher               {category, name, namespace}
 *     tracking                {id, version, status,
 *                              initial_release_date, current_release_date}
 *   product_tree (3.2.2)
 *     branches[]              {category, name, branches[] | product}
 *                             category vendor > product_family >
 *                             product_name > product_version |
 *                             product_version_range; product
 *                             {name, product_id}
 *     full_product_names[]    {name, product_id,
 *                              product_identification_helper{cpe, purl}}
 *                             (the helper is read on every product)
 *     relationships[]         {category, product_reference,
 *                              relates_to_product_reference,
 *                              full_product_name}
 *     product_groups[]        {group_id, product_ids[]}
 *   vulnerabilities[] (3.2.3) {cve, title, product_status{known_affected,
 *                              first_affected, last_affected,
 *                              known_not_affected, fixed, first_fixed,
 *                              recommended, under_investigation},
 *                              scores[]{products[], cvss_v3{baseScore,
 *                              vectorString}}, remediations[]{category,
 *                              details, product_ids[], group_ids[]}}
 *
 * An advisory comes from outside (a USB stick on an isolated clinical
 * VLAN), so the reader trusts nothing: the file is at most CSAF_FILE_MAX
 * bytes, nesting is checked on the raw bytes before jansson builds a tree
 * (so a file of a million '[' costs nothing), every count and string
 * length has a cap, control characters (terminal escapes) and
 * bidirectional overrides are refused, and every product id a
 * vulnerability names must be defined in the product tree.  A refusal
 * names the JSON path ("/vulnerabilities/2/cve") and the reason; nothing
 * of a refused document is returned.  Fuzzed by tests/fuzz/fuzz-csaf.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"

#define CSAF_DEPTH_MAX		40	/* JSON nesting */
#define CSAF_BRANCH_DEPTH	16	/* product_tree branches */
#define CSAF_ID_MAX		256	/* product ids, tracking id, CVE */
#define CSAF_NAME_MAX		1024	/* names, titles */
#define CSAF_CPE_MAX		1024	/* product_identification_helper */
#define CSAF_TEXT_MAX		(32 * 1024)	/* remediation details */
#define CSAF_PRODUCTS_MAX	5000
#define CSAF_VULNS_MAX		2000
#define CSAF_REFS_MAX		20000	/* product ids in one list */
#define CSAF_ROWS_MAX		200000	/* (vulnerability, product) pairs */
#define CSAF_REFS_TOTAL		500000	/* product ids referenced in all */

/* Product ids sorted, for bsearch once the tree is read. */
struct pidx {
	const char	*id;
	size_t		 i;		/* index in d->prod */
};

/* What one vulnerability says per product (read_vulns). */
struct pfacts {
	double		 cvss;		/* -1 none */
	const char	*vector;	/* borrowed from the JSON tree */
	struct buf	 rem;
};

struct rd {
	struct csaf_doc	*d;
	char		*err;
	size_t		 errlen;
	size_t		 n_rows;
	size_t		 n_refs;	/* product ids referenced in all */
	json_t		*groups;	/* product_groups */
	struct pidx	*idx;		/* NULL while the tree is read */
	struct pfacts	*pf;		/* one per product */
	size_t		 n_pf;
};

static int
fail(struct rd *rd, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct rd *rd, const char *path, const char *fmt, ...)
{
	char	 m[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	if (rd->err != NULL && rd->errlen > 0)
		snprintf(rd->err, rd->errlen, "%s: %s", path[0] != '\0' ?
		    path : "/", m);
	return IOMT_EPROTO;
}

/*
 * Refuse s when it is longer than max or holds a control character (tab,
 * newline and CR only where text is 1), DEL, a C1 control or a
 * bidirectional override.  jansson has checked it is UTF-8 without NUL.
 */
static int
str_ok(struct rd *rd, const char *path, const char *s, size_t max, int text)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0, l;
	uint32_t		 cp;

	if (n > max)
		return fail(rd, path, "string of %zu bytes (at most %zu)", n,
		    max);
	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			return fail(rd, path, "not UTF-8");
		if ((cp < 0x20 && !(text && (cp == '\t' || cp == '\n' ||
		    cp == '\r'))) || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return fail(rd, path, "control character U+%04X "
			    "refused", (unsigned)cp);
		i += l;
	}
	return 0;
}

/*
 * The string member key of object o as a new copy in *out (NULL when
 * absent and not required).  Path of o in path.
 */
static int
get_str(struct rd *rd, json_t *o, const char *path, const char *key,
    int required, size_t max, int text, char **out)
{
	char	 p[512];
	json_t	*v = json_object_get(o, key);
	int	 r;

	*out = NULL;
	snprintf(p, sizeof(p), "%s/%s", path, key);
	if (v == NULL) {
		if (required)
			return fail(rd, p, "missing");
		return 0;
	}
	if (!json_is_string(v))
		return fail(rd, p, "not a string");
	if ((r = str_ok(rd, p, json_string_value(v), max, text)) != 0)
		return r;
	if (required && json_string_value(v)[0] == '\0')
		return fail(rd, p, "empty");
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* An ISO 8601 date-time, loosely: YYYY-MM-DD, then [T ]... */
static int
date_ok(const char *s)
{
	static const char	*fmt = "dddd-dd-dd";

	if (strlen(s) > 40)
		return 0;
	for (size_t i = 0; fmt[i] != '\0'; i++) {
		if (fmt[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != fmt[i])
			return 0;
	}
	for (size_t i = 10; s[i] != '\0'; i++)
		if (strchr("0123456789T:.+-Z ", s[i]) == NULL)
			return 0;
	return 1;
}

/*
 * Nesting depth of the JSON text buf (len bytes), strings skipped; stops
 * counting past CSAF_DEPTH_MAX.
 */
static int
depth_ok(const char *buf, size_t len)
{
	int	 depth = 0, in_str = 0;

	for (size_t i = 0; i < len; i++) {
		char	 c = buf[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > CSAF_DEPTH_MAX)
				return 0;
		} else if (c == ']' || c == '}')
			depth--;
	}
	return 1;
}

static int
pidx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pidx *)a)->id,
	    ((const struct pidx *)b)->id);
}

/* Product id's index in d->prod, or -1 (by bsearch once rd->idx is). */
static ssize_t
product_at(struct rd *rd, const char *id)
{
	struct csaf_doc	*d = rd->d;

	if (rd->idx != NULL) {
		struct pidx	 key = { id, 0 }, *hit;

		if (d->n_prod == 0)
			return -1;
		hit = bsearch(&key, rd->idx, d->n_prod, sizeof(*rd->idx),
		    pidx_cmp);
		return hit != NULL ? (ssize_t)hit->i : -1;
	}
	for (size_t i = 0; i < d->n_prod; i++)
		if (strcmp(d->prod[i].id, id) == 0)
			return (ssize_t)i;
	return -1;
}

static struct csaf_product *
find_product(struct rd *rd, const char *id)
{
	ssize_t	 i = product_at(rd, id);

	return i >= 0 ? &rd->d->prod[i] : NULL;
}

/* Sort the product ids for product_at() once the tree is complete. */
static void
index_products(struct rd *rd)
{
	struct csaf_doc	*d = rd->d;

	rd->idx = xcalloc(d->n_prod + 1, sizeof(*rd->idx));
	for (size_t i = 0; i < d->n_prod; i++) {
		rd->idx[i].id = d->prod[i].id;
		rd->idx[i].i = i;
	}
	if (d->n_prod > 1)
		qsort(rd->idx, d->n_prod, sizeof(*rd->idx), pidx_cmp);
	rd->pf = xcalloc(d->n_prod + 1, sizeof(*rd->pf));
	rd->n_pf = d->n_prod;
}

static int
add_product(struct rd *rd, const char *path, json_t *prod,
    const char *const ctx[4], size_t *cap)
{
	struct csaf_doc		*d = rd->d;
	struct csaf_product	*p;
	const char		*pp = path;
	char			*id = NULL, *name = NULL, *cpe = NULL;
	char			*purl = NULL;
	json_t			*pih;
	int			 r;

	if (!json_is_object(prod))
		return fail(rd, pp, "not an object");
	if ((r = get_str(rd, prod, pp, "product_id", 1, CSAF_ID_MAX, 0,
	    &id)) != 0 ||
	    (r = get_str(rd, prod, pp, "name", 1, CSAF_NAME_MAX, 0,
	    &name)) != 0)
		goto out;
	if ((pih = json_object_get(prod, "product_identification_helper")) !=
	    NULL) {
		char	 hp[512];

		snprintf(hp, sizeof(hp), "%s/product_identification_helper",
		    pp);
		if (!json_is_object(pih)) {
			r = fail(rd, hp, "not an object");
			goto out;
		}
		if ((r = get_str(rd, pih, hp, "cpe", 0, CSAF_CPE_MAX, 0,
		    &cpe)) != 0 ||
		    (r = get_str(rd, pih, hp, "purl", 0, CSAF_CPE_MAX, 0,
		    &purl)) != 0)
			goto out;
	}
	if (find_product(rd, id) != NULL) {
		r = fail(rd, pp, "product_id \"%s\" defined twice", id);
		goto out;
	}
	if (d->n_prod >= CSAF_PRODUCTS_MAX) {
		r = fail(rd, pp, "more than %d products", CSAF_PRODUCTS_MAX);
		goto out;
	}
	if (d->n_prod == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 16;
		d->prod = xreallocarray(d->prod, *cap, sizeof(*d->prod));
	}
	p = &d->prod[d->n_prod++];
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->full_name = name;
	p->cpe = cpe;
	p->purl = purl;
	id = name = cpe = purl = NULL;
	p->vendor = ctx[0] != NULL ? xstrdup(ctx[0]) : NULL;
	p->name = ctx[1] != NULL ? xstrdup(ctx[1]) : NULL;
	p->version = ctx[2] != NULL ? xstrdup(ctx[2]) : NULL;
	p->range = ctx[3] != NULL ? xstrdup(ctx[3]) : NULL;
	r = 0;
 out:
	free(id);
	free(name);
	free(cpe);
	free(purl);
	return r;
}

/*
 * Walk the branches array a at path, depth deep; ctx holds the vendor,
 * product name, version and version range the enclosing branches named.
 */
static int
walk_branches(struct rd *rd, json_t *a, const char *path, int depth,
    const char *const ctx_in[4], size_t *cap)
{
	size_t	 i;
	json_t	*b;

	if (!json_is_array(a))
		return fail(rd, path, "not an array");
	if (depth > CSAF_BRANCH_DEPTH)
		return fail(rd, path, "branches nested deeper than %d",
		    CSAF_BRANCH_DEPTH);
	json_array_foreach(a, i, b) {
		char		 bp[440];
		char		*cat = NULL, *name = NULL;
		const char	*ctx[4];
		json_t		*sub, *prod;
		int		 r;

		snprintf(bp, sizeof(bp), "%s/%zu", path, i);
		if (!json_is_object(b))
			return fail(rd, bp, "not an object");
		if ((r = get_str(rd, b, bp, "category", 1, 64, 0, &cat)) != 0)
			return r;
		if ((r = get_str(rd, b, bp, "name", 1, CSAF_NAME_MAX, 0,
		    &name)) != 0) {
			free(cat);
			return r;
		}
		memcpy(ctx, ctx_in, sizeof(ctx));
		if (strcmp(cat, "vendor") == 0)
			ctx[0] = name;
		else if (strcmp(cat, "product_name") == 0)
			ctx[1] = name;
		else if (strcmp(cat, "product_family") == 0 && ctx[1] == NULL)
			ctx[1] = name;
		else if (strcmp(cat, "product_version") == 0)
			ctx[2] = name;
		else if (strcmp(cat, "product_version_range") == 0)
			ctx[3] = name;
		sub = json_object_get(b, "branches");
		prod = json_object_get(b, "product");
		if (sub == NULL && prod == NULL)
			r = fail(rd, bp, "a branch needs branches or a product");
		else if (sub != NULL) {
			char	 sp[512];

			snprintf(sp, sizeof(sp), "%s/branches", bp);
			r = walk_branches(rd, sub, sp, depth + 1, ctx, cap);
		}
		if (r == 0 && prod != NULL) {
			char	 pp[512];

			snprintf(pp, sizeof(pp), "%s/product", bp);
			r = add_product(rd, pp, prod, ctx, cap);
		}
		free(cat);
		free(name);
		if (r != 0)
			return r;
	}
	return 0;
}

static int
read_tree(struct rd *rd, json_t *tree)
{
	const char *const none[4] = { NULL, NULL, NULL, NULL };
	size_t		 cap = 0, i;
	json_t		*a, *e;
	int		 r;

	if (tree == NULL)
		return 0;
	if (!json_is_object(tree))
		return fail(rd, "/product_tree", "not an object");
	if ((a = json_object_get(tree, "branches")) != NULL &&
	    (r = walk_branches(rd, a, "/product_tree/branches", 1, none,
	    &cap)) != 0)
		return r;
	if ((a = json_object_get(tree, "full_product_names")) != NULL) {
		if (!json_is_array(a))
			return fail(rd, "/product_tree/full_product_names",
			    "not an array");
		json_array_foreach(a, i, e) {
			char	 p[128];

			snprintf(p, sizeof(p), "/product_tree/full_product_names"
			    "/%zu", i);
			if ((r = add_product(rd, p, e, none, &cap)) != 0)
				return r;
		}
	}
	if ((a = json_object_get(tree, "relationships")) != NULL) {
		if (!json_is_array(a))
			return fail(rd, "/product_tree/relationships",
			    "not an array");
		json_array_foreach(a, i, e) {
			char		 p[128];
			char		*ref = NULL, *rel = NULL;
			const char	*ctx[4] = { NULL, NULL, NULL, NULL };
			struct csaf_product *pr, *pl;

			snprintf(p, sizeof(p), "/product_tree/relationships/%zu",
			    i);
			if (!json_is_object(e))
				return fail(rd, p, "not an object");
			if ((r = get_str(rd, e, p, "product_reference", 1,
			    CSAF_ID_MAX, 0, &ref)) != 0)
				return r;
			if ((r = get_str(rd, e, p,
			    "relates_to_product_reference", 1, CSAF_ID_MAX, 0,
			    &rel)) != 0) {
				free(ref);
				return r;
			}
			pr = find_product(rd, ref);
			pl = find_product(rd, rel);
			if (pr == NULL || pl == NULL)
				r = fail(rd, p, "product id \"%s\" is not "
				    "defined", pr == NULL ? ref : rel);
			else {
				/*
				 * The component (product_reference) on the
				 * platform: the platform names the device,
				 * the component's version is what changes.
				 */
				ctx[0] = pl->vendor != NULL ? pl->vendor :
				    pr->vendor;
				ctx[1] = pl->name != NULL ? pl->name :
				    pl->full_name;
				ctx[2] = pr->version != NULL ? pr->version :
				    pl->version;
				ctx[3] = pr->range != NULL ? pr->range :
				    pl->range;
				char	 fp[160];

				snprintf(fp, sizeof(fp), "%s/full_product_name",
				    p);
				r = add_product(rd, fp, json_object_get(e,
				    "full_product_name"), ctx, &cap);
			}
			free(ref);
			free(rel);
			if (r != 0)
				return r;
		}
	}
	rd->groups = json_object_get(tree, "product_groups");
	return 0;
}

/* Free what rd holds besides the document. */
static void
rd_free(struct rd *rd)
{
	for (size_t i = 0; rd->pf != NULL && i < rd->n_pf; i++)
		buf_free(&rd->pf[i].rem);
	free(rd->pf);
	free(rd->idx);
}

/* Does the id list a (at path) contain id?  Also checks every entry. */
static int
ids_check(struct rd *rd, json_t *a, const char *path)
{
	size_t	 i;
	json_t	*e;

	if (!json_is_array(a))
		return fail(rd, path, "not an array");
	if (json_array_size(a) > CSAF_REFS_MAX)
		return fail(rd, path, "more than %d product ids",
		    CSAF_REFS_MAX);
	rd->n_refs += json_array_size(a);
	if (rd->n_refs > CSAF_REFS_TOTAL)
		return fail(rd, path, "more than %d product ids referenced in "
		    "all", CSAF_REFS_TOTAL);
	json_array_foreach(a, i, e) {
		char	 p[512];
		int	 r;

		snprintf(p, sizeof(p), "%s/%zu", path, i);
		if (!json_is_string(e))
			return fail(rd, p, "not a string");
		if ((r = str_ok(rd, p, json_string_value(e), CSAF_ID_MAX, 0)) !=
		    0)
			return r;
		if (find_product(rd, json_string_value(e)) == NULL)
			return fail(rd, p, "product id \"%s\" is not defined "
			    "in the product_tree", json_string_value(e));
	}
	return 0;
}

static int
cve_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n < 13 || strncmp(s, "CVE-", 4) != 0 || s[8] != '-')
		return 0;
	for (i = 4; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (i = 9; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Check scores and remediations of vulnerability v at path. */
static int
check_vuln_parts(struct rd *rd, json_t *v, const char *path)
{
	json_t	*a, *e;
	size_t	 i;
	int	 r;

	if ((a = json_object_get(v, "scores")) != NULL) {
		if (!json_is_array(a) || json_array_size(a) > 1000)
			return fail(rd, path, "scores: not an array of at most "
			    "1000");
		json_array_foreach(a, i, e) {
			char	 p[512];
			json_t	*c, *bs, *vs;

			snprintf(p, sizeof(p), "%s/scores/%zu", path, i);
			if (!json_is_object(e))
				return fail(rd, p, "not an object");
			snprintf(p, sizeof(p), "%s/scores/%zu/products", path,
			    i);
			if ((r = ids_check(rd, json_object_get(e, "products"),
			    p)) != 0)
				return r;
			if ((c = json_object_get(e, "cvss_v3")) == NULL)
				continue;
			snprintf(p, sizeof(p), "%s/scores/%zu/cvss_v3", path, i);
			bs = json_object_get(c, "baseScore");
			vs = json_object_get(c, "vectorString");
			if (!json_is_number(bs) || json_number_value(bs) < 0 ||
			    json_number_value(bs) > 10)
				return fail(rd, p, "baseScore: not a number "
				    "from 0 to 10");
			if (!json_is_string(vs) ||
			    strncmp(json_string_value(vs), "CVSS:3", 6) != 0)
				return fail(rd, p, "vectorString: not a CVSS 3 "
				    "vector");
			if ((r = str_ok(rd, p, json_string_value(vs), 200, 0)) !=
			    0)
				return r;
		}
	}
	if ((a = json_object_get(v, "remediations")) != NULL) {
		if (!json_is_array(a) || json_array_size(a) > 1000)
			return fail(rd, path, "remediations: not an array of "
			    "at most 1000");
		json_array_foreach(a, i, e) {
			char	 p[512];
			char	*s = NULL;
			json_t	*ids;

			snprintf(p, sizeof(p), "%s/remediations/%zu", path, i);
			if (!json_is_object(e))
				return fail(rd, p, "not an object");
			if ((r = get_str(rd, e, p, "category", 1, 64, 0,
			    &s)) != 0)
				return r;
			free(s);
			if ((r = get_str(rd, e, p, "details", 1, CSAF_TEXT_MAX,
			    1, &s)) != 0)
				return r;
			free(s);
			if ((ids = json_object_get(e, "product_ids")) != NULL) {
				snprintf(p, sizeof(p), "%s/remediations/%zu/"
				    "product_ids", path, i);
				if ((r = ids_check(rd, ids, p)) != 0)
					return r;
			}
		}
	}
	return 0;
}

/* Add remedy e (category cat) to the facts of product index i. */
static void
rem_add(struct rd *rd, ssize_t i, const char *cat, json_t *e)
{
	struct buf	*b;

	if (i < 0)
		return;
	b = &rd->pf[i].rem;
	if (b->len >= CSAF_TEXT_MAX)
		return;
	if (b->len > 0)
		buf_add(b, "\n");
	buf_addf(b, "%s: %s", cat, json_string_value(json_object_get(e,
	    "details")));
	if (b->len > CSAF_TEXT_MAX) {
		/* Cut on a character boundary. */
		size_t	 n = CSAF_TEXT_MAX, k = 0, l;
		uint32_t cp;

		while (k < n && (l = utf8_decode((const unsigned char *)b->p +
		    k, n - k, &cp)) != 0)
			k += l;
		buf_truncate(b, k);
	}
}

/*
 * What vulnerability v says per product: the highest CVSS 3 score and
 * its vector, and the remedies ("category: details" lines, vendor fixes
 * first), in rd->pf.  One pass over the scores and one per remedy
 * category over the remediations, each id looked up once: the work is
 * bounded by the ids the document references (CSAF_REFS_TOTAL).
 */
static void
vuln_facts(struct rd *rd, json_t *v)
{
	static const char *const order[] = { "vendor_fix", "mitigation",
		"workaround", "no_fix_planned", "none_available", NULL };
	json_t	*a, *e, *id;
	size_t	 i, k;

	for (i = 0; i < rd->d->n_prod; i++) {
		buf_free(&rd->pf[i].rem);
		rd->pf[i].cvss = -1;
		rd->pf[i].vector = NULL;
	}
	a = json_object_get(v, "scores");
	json_array_foreach(a, i, e) {
		json_t	*c = json_object_get(e, "cvss_v3");
		double	 s;

		if (c == NULL)
			continue;
		s = json_number_value(json_object_get(c, "baseScore"));
		json_array_foreach(json_object_get(e, "products"), k, id) {
			ssize_t	 p = product_at(rd, json_string_value(id));

			if (p >= 0 && s > rd->pf[p].cvss) {
				rd->pf[p].cvss = s;
				rd->pf[p].vector = json_string_value(
				    json_object_get(c, "vectorString"));
			}
		}
	}
	a = json_object_get(v, "remediations");
	for (int pass = 0; pass <= 5; pass++) {
		json_array_foreach(a, i, e) {
			const char *cat = json_string_value(json_object_get(e,
			    "category"));
			json_t	*g, *grp, *gid;
			size_t	 j, m;
			int	 c;

			for (c = 0; order[c] != NULL; c++)
				if (strcmp(cat, order[c]) == 0)
					break;
			if (c != pass)
				continue;
			json_array_foreach(json_object_get(e, "product_ids"), k,
			    id)
				rem_add(rd, product_at(rd, json_string_value(id)),
				    cat, e);
			g = json_object_get(e, "group_ids");
			if (!json_is_array(g) || !json_is_array(rd->groups))
				continue;
			json_array_foreach(g, k, gid) {
				if (!json_is_string(gid))
					continue;
				json_array_foreach(rd->groups, j, grp) {
					json_t	*x = json_object_get(grp,
					    "group_id");

					if (!json_is_string(x) || strcmp(
					    json_string_value(x),
					    json_string_value(gid)) != 0)
						continue;
					json_array_foreach(json_object_get(grp,
					    "product_ids"), m, id)
						if (json_is_string(id))
							rem_add(rd, product_at(
							    rd, json_string_value(
							    id)), cat, e);
				}
			}
		}
	}
}

static const struct {
	const char	*key;
	int		 status;
} status_keys[] = {
	{ "known_affected", CSAF_ST_AFFECTED },
	{ "first_affected", CSAF_ST_AFFECTED },
	{ "last_affected", CSAF_ST_AFFECTED },
	{ "known_not_affected", CSAF_ST_NOT_AFFECTED },
	{ "fixed", CSAF_ST_FIXED },
	{ "first_fixed", CSAF_ST_FIXED },
	{ "recommended", CSAF_ST_FIXED },
	{ "under_investigation", CSAF_ST_INVESTIGATING },
};

static int
read_vulns(struct rd *rd, json_t *a)
{
	struct csaf_doc	*d = rd->d;
	size_t		 i;
	json_t		*v;
	int		 r;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return fail(rd, "/vulnerabilities", "not an array");
	if (json_array_size(a) > CSAF_VULNS_MAX)
		return fail(rd, "/vulnerabilities", "more than %d "
		    "vulnerabilities", CSAF_VULNS_MAX);
	d->vuln = xcalloc(json_array_size(a) + 1, sizeof(*d->vuln));
	json_array_foreach(a, i, v) {
		struct csaf_vuln *cv = &d->vuln[d->n_vuln++];
		char		 p[128];
		json_t		*ps;
		size_t		 cap = 0;

		snprintf(p, sizeof(p), "/vulnerabilities/%zu", i);
		if (!json_is_object(v))
			return fail(rd, p, "not an object");
		if ((r = get_str(rd, v, p, "cve", 0, CSAF_ID_MAX, 0,
		    &cv->cve)) != 0 ||
		    (r = get_str(rd, v, p, "title", 0, CSAF_NAME_MAX, 0,
		    &cv->title)) != 0)
			return r;
		if (cv->cve != NULL && !cve_ok(cv->cve)) {
			char	 cp[160];

			snprintf(cp, sizeof(cp), "%s/cve", p);
			return fail(rd, cp, "not a CVE id (CVE-YYYY-NNNN)");
		}
		if ((r = check_vuln_parts(rd, v, p)) != 0)
			return r;
		if ((ps = json_object_get(v, "product_status")) == NULL)
			continue;
		vuln_facts(rd, v);
		if (!json_is_object(ps)) {
			char	 sp[160];

			snprintf(sp, sizeof(sp), "%s/product_status", p);
			return fail(rd, sp, "not an object");
		}
		for (size_t k = 0; k < sizeof(status_keys) /
		    sizeof(status_keys[0]); k++) {
			json_t	*ids = json_object_get(ps, status_keys[k].key);
			json_t	*e;
			size_t	 j;
			char	 sp[256];

			if (ids == NULL)
				continue;
			snprintf(sp, sizeof(sp), "%s/product_status/%s", p,
			    status_keys[k].key);
			if ((r = ids_check(rd, ids, sp)) != 0)
				return r;
			json_array_foreach(ids, j, e) {
				struct csaf_pstatus *st;
				const char	*id = json_string_value(e);
				struct pfacts	*f = &rd->pf[product_at(rd, id)];

				if (++rd->n_rows > CSAF_ROWS_MAX)
					return fail(rd, sp, "more than %d "
					    "product statuses in all",
					    CSAF_ROWS_MAX);
				if (cv->n_st == cap) {
					cap = cap != 0 ? cap * 2 : 8;
					cv->st = xreallocarray(cv->st, cap,
					    sizeof(*cv->st));
				}
				st = &cv->st[cv->n_st++];
				memset(st, 0, sizeof(*st));
				st->product_id = xstrdup(id);
				st->status = status_keys[k].status;
				st->cvss = f->cvss;
				st->vector = f->vector != NULL ?
				    xstrdup(f->vector) : NULL;
				st->remediation = f->rem.len > 0 ?
				    xstrdup(buf_str(&f->rem)) : NULL;
			}
		}
	}
	return 0;
}

static int
read_document(struct rd *rd, json_t *doc)
{
	struct csaf_doc	*d = rd->d;
	json_t		*pub, *tr, *v;
	char		*s = NULL;
	int		 r;

	if (!json_is_object(doc))
		return fail(rd, "/document", doc == NULL ? "missing" :
		    "not an object");
	v = json_object_get(doc, "csaf_version");
	if (!json_is_string(v))
		return fail(rd, "/document/csaf_version", "missing: not a CSAF "
		    "document");
	if (strcmp(json_string_value(v), "2.0") != 0)
		return fail(rd, "/document/csaf_version", "version \"%.16s\" "
		    "(only CSAF 2.0 is read)", json_string_value(v));
	if ((r = get_str(rd, doc, "/document", "category", 1, 128, 0,
	    &d->category)) != 0 ||
	    (r = get_str(rd, doc, "/document", "title", 1, CSAF_NAME_MAX, 0,
	    &d->title)) != 0 ||
	    (r = get_str(rd, doc, "/document", "lang", 0, 64, 0, &s)) != 0)
		return r;
	free(s);
	pub = json_object_get(doc, "publisher");
	if (!json_is_object(pub))
		return fail(rd, "/document/publisher", "missing");
	if ((r = get_str(rd, pub, "/document/publisher", "name", 1,
	    CSAF_NAME_MAX, 0, &d->publisher)) != 0 ||
	    (r = get_str(rd, pub, "/document/publisher", "namespace", 0,
	    CSAF_NAME_MAX, 0, &d->publisher_ns)) != 0)
		return r;
	tr = json_object_get(doc, "tracking");
	if (!json_is_object(tr))
		return fail(rd, "/document/tracking", "missing");
	if ((r = get_str(rd, tr, "/document/tracking", "id", 1, CSAF_ID_MAX,
	    0, &d->tracking_id)) != 0 ||
	    (r = get_str(rd, tr, "/document/tracking", "version", 1, 64, 0,
	    &d->version)) != 0 ||
	    (r = get_str(rd, tr, "/document/tracking", "status", 1, 32, 0,
	    &d->status)) != 0 ||
	    (r = get_str(rd, tr, "/document/tracking",
	    "initial_release_date", 1, 64, 0, &d->initial_release)) != 0 ||
	    (r = get_str(rd, tr, "/document/tracking",
	    "current_release_date", 1, 64, 0, &d->current_release)) != 0)
		return r;
	for (const char *c = d->version; *c != '\0'; c++)
		if (strchr("0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+-", *c) == NULL ||
		    (d->version[0] < '0' || d->version[0] > '9'))
			return fail(rd, "/document/tracking/version", "not a "
			    "version (\"3\" or \"1.2.0\")");
	if (!date_ok(d->initial_release))
		return fail(rd, "/document/tracking/initial_release_date",
		    "not a date-time");
	if (!date_ok(d->current_release))
		return fail(rd, "/document/tracking/current_release_date",
		    "not a date-time");
	if (strcmp(d->status, "draft") != 0 && strcmp(d->status, "interim") !=
	    0 && strcmp(d->status, "final") != 0)
		return fail(rd, "/document/tracking/status", "not draft, "
		    "interim or final");
	return 0;
}

int
csaf_parse(const char *buf, size_t len, struct csaf_doc **out, char *err,
    size_t errlen)
{
	struct rd	 rd = { 0 };
	json_t		*root = NULL;
	json_error_t	 je;
	int		 r;

	if (out != NULL)
		*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	rd.err = err;
	rd.errlen = errlen;
	if (buf == NULL || out == NULL)
		return IOMT_EINVAL;
	if (len > CSAF_FILE_MAX)
		return fail(&rd, "", "%zu bytes (at most %d)", len,
		    CSAF_FILE_MAX);
	if (!depth_ok(buf, len))
		return fail(&rd, "", "nested deeper than %d levels",
		    CSAF_DEPTH_MAX);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		r = fail(&rd, "", "not JSON (line %d: %s)", je.line, je.text);
		goto out;
	}
	rd.d = xcalloc(1, sizeof(*rd.d));
	if (!json_is_object(root)) {
		r = fail(&rd, "", "not a JSON object");
		goto out;
	}
	if ((r = read_document(&rd, json_object_get(root, "document"))) != 0)
		goto out;
	/* Profiles 4 and 5 (section 4.4, 4.5) need both parts. */
	if (strcmp(rd.d->category, "csaf_security_advisory") == 0 ||
	    strcmp(rd.d->category, "csaf_vex") == 0) {
		if (json_object_get(root, "product_tree") == NULL) {
			r = fail(&rd, "/product_tree", "missing (a %s needs "
			    "one)", rd.d->category);
			goto out;
		}
		if (json_object_get(root, "vulnerabilities") == NULL) {
			r = fail(&rd, "/vulnerabilities", "missing (a %s needs "
			    "them)", rd.d->category);
			goto out;
		}
	}
	if (
	    (r = read_tree(&rd, json_object_get(root, "product_tree"))) != 0)
		goto out;
	index_products(&rd);
	if ((r = read_vulns(&rd, json_object_get(root, "vulnerabilities"))) !=
	    0)
		goto out;
	*out = rd.d;
	rd.d = NULL;
	r = 0;
 out:
	rd_free(&rd);
	csaf_free(rd.d);
	json_decref(root);
	return r;
}

int
csaf_read(const char *path, struct csaf_doc **out, char *err, size_t errlen)
{
	char	*buf = NULL;
	size_t	 len = 0;
	int	 r;

	if (out != NULL)
		*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (path == NULL || out == NULL)
		return IOMT_EINVAL;
	r = file_read(path, CSAF_FILE_MAX, &buf, &len);
	if (r == IOMT_ELIMIT) {
		snprintf(err, errlen, "larger than %d bytes", CSAF_FILE_MAX);
		return IOMT_EPROTO;
	}
	if (r != 0) {
		snprintf(err, errlen, "cannot read: %s", iomt_strerror(r));
		return r;
	}
	r = csaf_parse(buf, len, out, err, errlen);
	free(buf);
	return r;
}

struct csaf_doc *
csaf_free(struct csaf_doc *d)
{
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < d->n_prod; i++) {
		free(d->prod[i].id);
		free(d->prod[i].vendor);
		free(d->prod[i].name);
		free(d->prod[i].version);
		free(d->prod[i].range);
		free(d->prod[i].full_name);
		free(d->prod[i].cpe);
		free(d->prod[i].purl);
	}
	free(d->prod);
	for (size_t i = 0; i < d->n_vuln; i++) {
		struct csaf_vuln *v = &d->vuln[i];

		for (size_t k = 0; k < v->n_st; k++) {
			free(v->st[k].product_id);
			free(v->st[k].vector);
			free(v->st[k].remediation);
		}
		free(v->st);
		free(v->cve);
		free(v->title);
	}
	free(d->vuln);
	free(d->tracking_id);
	free(d->version);
	free(d->status);
	free(d->initial_release);
	free(d->current_release);
	free(d->title);
	free(d->category);
	free(d->publisher);
	free(d->publisher_ns);
	free(d);
	return NULL;
}
