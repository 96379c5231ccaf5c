/*
 * src/db/sbom.c - a vendor's software bill of materials: CycloneDX 1.4,
 * 1.5 and 1.6 JSON (https://cyclonedx.org/docs/1.6/json/) and SPDX 2.3
 * JSON (https://spdx.github.io/spdx-spec/v2.3/), read with jansson.
 *
 * What is kept is what matching and people need: for the device the
 * document describes (CycloneDX metadata.component and its manufacturer
 * or supplier; the SPDX package the document DESCRIBES) its name,
 * version and maker, and for every other component or package its name,
 * version, purl, CPE, supplier and type:
 *
 *	CycloneDX                       SPDX 2.3
 *	components[].name               packages[].name
 *	components[].version            packages[].versionInfo
 *	components[].purl               externalRefs[] referenceType "purl"
 *	components[].cpe                externalRefs[] "cpe23Type"/"cpe22Type"
 *	components[].supplier.name      packages[].supplier ("Organization: X")
 *	components[].type               packages[].primaryPackagePurpose
 *
 * Vendor files are input like any other: the document is refused whole,
 * with the JSON path and the reason, when it is larger than
 * SBOM_FILE_MAX, nested deeper than SBOM_DEPTH_MAX (checked on the bytes
 * before jansson recurses), has more than SBOM_MAX_COMPONENTS, a string
 * over SBOM_STR_MAX bytes or holding control characters, or a component
 * without a name.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db-int.h"

struct rd {
	struct sbom_doc	*d;
	size_t		 cap;
	char		*err;
	size_t		 errlen;
};

static int
fail(struct rd *rd, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct rd *rd, const char *path, const char *fmt, ...)
{
	char	 m[300];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	if (rd->err != NULL && rd->errlen > 0)
		snprintf(rd->err, rd->errlen, "%s: %s", path[0] ? path : "/",
		    m);
	return IOMT_EPROTO;
}

/* 1 when the JSON text never nests deeper than SBOM_DEPTH_MAX. */
static int
depth_ok(const char *p, size_t n)
{
	int	 depth = 0, in_str = 0;

	for (size_t i = 0; i < n; i++) {
		char	 c = p[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"')
			in_str = 1;
		else if (c == '[' || c == '{') {
			if (++depth > SBOM_DEPTH_MAX)
				return 0;
		} else if (c == ']' || c == '}')
			depth--;
	}
	return 1;
}

/*
 * The string member key of o copied into *dst (NULL when absent or
 * empty); refused when it is not a string, too long or holds control
 * characters.
 */
static int
get_str(struct rd *rd, const json_t *o, const char *path, const char *key,
    char **dst)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;
	size_t		 n;

	*dst = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return fail(rd, path, "\"%s\" is not a string", key);
	s = json_string_value(v);
	n = json_string_length(v);
	if (n > SBOM_STR_MAX)
		return fail(rd, path, "\"%s\" is longer than %d bytes", key,
		    SBOM_STR_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xa0))
			return fail(rd, path, "\"%s\" holds control characters",
			    key);
	}
	if (n > 0)
		*dst = xstrdup(s);
	return 0;
}

static struct sbom_comp *
comp_new(struct rd *rd)
{
	struct sbom_doc	*d = rd->d;

	if (d->n_comp == rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 32;
		d->comp = xreallocarray(d->comp, rd->cap, sizeof(*d->comp));
	}
	memset(&d->comp[d->n_comp], 0, sizeof(d->comp[0]));
	return &d->comp[d->n_comp++];
}

/* The name of a CycloneDX organizationalEntity member key of o. */
static int
cdx_org(struct rd *rd, const json_t *o, const char *path, const char *key,
    char **dst)
{
	const json_t	*e = json_object_get(o, key);
	char		 p[160];

	*dst = NULL;
	if (e == NULL)
		return 0;
	snprintf(p, sizeof(p), "%s/%s", path, key);
	if (!json_is_object(e))
		return fail(rd, p, "not an object");
	return get_str(rd, e, p, "name", dst);
}

static int
cdx_components(struct rd *rd, const json_t *a, const char *path)
{
	size_t		 i;
	const json_t	*c;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return fail(rd, path, "not an array");
	json_array_foreach(a, i, c) {
		struct sbom_comp *sc;
		char		 p[200];
		int		 r;

		snprintf(p, sizeof(p), "%.150s/%zu", path, i);
		if (!json_is_object(c))
			return fail(rd, p, "not an object");
		if (rd->d->n_comp >= SBOM_MAX_COMPONENTS)
			return fail(rd, p, "more than %d components",
			    SBOM_MAX_COMPONENTS);
		sc = comp_new(rd);
		if ((r = get_str(rd, c, p, "name", &sc->name)) != 0 ||
		    (r = get_str(rd, c, p, "version", &sc->version)) != 0 ||
		    (r = get_str(rd, c, p, "purl", &sc->purl)) != 0 ||
		    (r = get_str(rd, c, p, "cpe", &sc->cpe)) != 0 ||
		    (r = get_str(rd, c, p, "type", &sc->type)) != 0 ||
		    (r = cdx_org(rd, c, p, "supplier", &sc->supplier)) != 0)
			return r;
		if (sc->supplier == NULL && (r = get_str(rd, c, p,
		    "publisher", &sc->supplier)) != 0)
			return r;
		if (sc->name == NULL)
			return fail(rd, p, "a component without a name");
		snprintf(p, sizeof(p), "%.150s/%zu/components", path, i);
		if ((r = cdx_components(rd, json_object_get(c, "components"),
		    p)) != 0)
			return r;
	}
	return 0;
}

static int
read_cdx(struct rd *rd, const json_t *root)
{
	const char	*sv = json_string_value(json_object_get(root,
	    "specVersion"));
	const json_t	*md, *mc;
	char		 f[32];
	int		 r;

	if (sv == NULL || (strcmp(sv, "1.4") != 0 && strcmp(sv, "1.5") != 0 &&
	    strcmp(sv, "1.6") != 0))
		return fail(rd, "/specVersion", "CycloneDX %s is not read "
		    "(1.4, 1.5 or 1.6)", sv != NULL ? sv : "without a version");
	snprintf(f, sizeof(f), "CycloneDX %s", sv);
	rd->d->format = xstrdup(f);
	if ((r = get_str(rd, root, "", "serialNumber", &rd->d->serial)) != 0)
		return r;
	if ((md = json_object_get(root, "metadata")) != NULL) {
		if (!json_is_object(md))
			return fail(rd, "/metadata", "not an object");
		if ((mc = json_object_get(md, "component")) != NULL) {
			if (!json_is_object(mc))
				return fail(rd, "/metadata/component",
				    "not an object");
			if ((r = get_str(rd, mc, "/metadata/component", "name",
			    &rd->d->model)) != 0 ||
			    (r = get_str(rd, mc, "/metadata/component",
			    "version", &rd->d->version)) != 0 ||
			    (r = cdx_org(rd, mc, "/metadata/component",
			    "manufacturer", &rd->d->vendor)) != 0)
				return r;
			if (rd->d->vendor == NULL && (r = cdx_org(rd, mc,
			    "/metadata/component", "supplier",
			    &rd->d->vendor)) != 0)
				return r;
			if ((r = cdx_components(rd, json_object_get(mc,
			    "components"), "/metadata/component/components")) !=
			    0)
				return r;
		}
		if (rd->d->vendor == NULL && ((r = cdx_org(rd, md, "/metadata",
		    "manufacturer", &rd->d->vendor)) != 0 ||
		    (rd->d->vendor == NULL && (r = cdx_org(rd, md, "/metadata",
		    "supplier", &rd->d->vendor)) != 0)))
			return r;
	}
	return cdx_components(rd, json_object_get(root, "components"),
	    "/components");
}

/* "Organization: Philips (x@y)" gives "Philips"; NOASSERTION nothing. */
static void
spdx_who(char **s)
{
	char	*p = *s, *q;

	if (p == NULL)
		return;
	if (strcmp(p, "NOASSERTION") == 0) {
		free(p);
		*s = NULL;
		return;
	}
	if ((q = strchr(p, ':')) != NULL &&
	    (strncmp(p, "Organization", 12) == 0 ||
	    strncmp(p, "Person", 6) == 0)) {
		q++;
		while (*q == ' ')
			q++;
		memmove(p, q, strlen(q) + 1);
	}
	if ((q = strchr(p, '(')) != NULL)
		*q = '\0';
	for (q = p + strlen(p); q > p && q[-1] == ' '; q--)
		q[-1] = '\0';
	if (*p == '\0') {
		free(p);
		*s = NULL;
	}
}

static int
spdx_refs(struct rd *rd, const json_t *pkg, const char *path,
    struct sbom_comp *c)
{
	const json_t	*a = json_object_get(pkg, "externalRefs"), *e;
	size_t		 i;
	char		 p[200];

	if (a == NULL)
		return 0;
	snprintf(p, sizeof(p), "%.150s/externalRefs", path);
	if (!json_is_array(a))
		return fail(rd, p, "not an array");
	json_array_foreach(a, i, e) {
		const char	*t;
		char		*loc = NULL, q[240];
		int		 r;

		snprintf(q, sizeof(q), "%s/%zu", p, i);
		if (!json_is_object(e))
			return fail(rd, q, "not an object");
		t = json_string_value(json_object_get(e, "referenceType"));
		if ((r = get_str(rd, e, q, "referenceLocator", &loc)) != 0)
			return r;
		if (t != NULL && loc != NULL && strcmp(t, "purl") == 0 &&
		    c->purl == NULL) {
			c->purl = loc;
			loc = NULL;
		} else if (t != NULL && loc != NULL && c->cpe == NULL &&
		    (strcmp(t, "cpe23Type") == 0 ||
		    strcmp(t, "cpe22Type") == 0)) {
			c->cpe = loc;
			loc = NULL;
		}
		free(loc);
	}
	return 0;
}

/* Lower-case SPDX purposes ("OPERATING-SYSTEM" -> "operating-system"). */
static void
lower(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
		else if (*s == '_')
			*s = '-';
}

static int
read_spdx(struct rd *rd, const json_t *root)
{
	const char	*sv = json_string_value(json_object_get(root,
	    "spdxVersion"));
	const json_t	*pk = json_object_get(root, "packages"), *p;
	const json_t	*desc = json_object_get(root, "documentDescribes");
	const char	*dev = NULL;
	size_t		 i;
	int		 r;

	if (sv == NULL || (strcmp(sv, "SPDX-2.3") != 0 &&
	    strcmp(sv, "SPDX-2.2") != 0))
		return fail(rd, "/spdxVersion", "%s is not read (SPDX-2.3)",
		    sv != NULL ? sv : "no version");
	rd->d->format = xstrdup(sv);
	if ((r = get_str(rd, root, "", "documentNamespace",
	    &rd->d->serial)) != 0)
		return r;
	if (pk == NULL || !json_is_array(pk))
		return fail(rd, "/packages", "missing or not an array");
	if (json_array_size(pk) > SBOM_MAX_COMPONENTS)
		return fail(rd, "/packages", "more than %d packages",
		    SBOM_MAX_COMPONENTS);
	if (json_is_array(desc) && json_array_size(desc) > 0)
		dev = json_string_value(json_array_get(desc, 0));
	if (dev == NULL && json_is_array(json_object_get(root,
	    "relationships"))) {
		const json_t	*rel;

		json_array_foreach(json_object_get(root, "relationships"), i,
		    rel) {
			const char *t = json_string_value(json_object_get(rel,
			    "relationshipType"));
			const char *a = json_string_value(json_object_get(rel,
			    "spdxElementId"));

			if (t != NULL && a != NULL &&
			    strcmp(t, "DESCRIBES") == 0 &&
			    strcmp(a, "SPDXRef-DOCUMENT") == 0) {
				dev = json_string_value(json_object_get(rel,
				    "relatedSpdxElement"));
				break;
			}
		}
	}
	json_array_foreach(pk, i, p) {
		struct sbom_comp c = { 0 };
		const char	*id;
		char		 path[64];

		snprintf(path, sizeof(path), "/packages/%zu", i);
		if (!json_is_object(p))
			return fail(rd, path, "not an object");
		id = json_string_value(json_object_get(p, "SPDXID"));
		if ((r = get_str(rd, p, path, "name", &c.name)) != 0 ||
		    (r = get_str(rd, p, path, "versionInfo", &c.version)) != 0 ||
		    (r = get_str(rd, p, path, "supplier", &c.supplier)) != 0 ||
		    (r = get_str(rd, p, path, "primaryPackagePurpose",
		    &c.type)) != 0 ||
		    (r = spdx_refs(rd, p, path, &c)) != 0 || c.name == NULL) {
			free(c.name);
			free(c.version);
			free(c.supplier);
			free(c.type);
			free(c.purl);
			free(c.cpe);
			return r != 0 ? r : fail(rd, path, "a package without "
			    "a name");
		}
		spdx_who(&c.supplier);
		lower(c.type);
		if (rd->d->model == NULL && ((dev != NULL && id != NULL &&
		    strcmp(id, dev) == 0) || (dev == NULL && i == 0))) {
			rd->d->model = c.name;
			rd->d->version = c.version;
			rd->d->vendor = c.supplier;
			free(c.type);
			free(c.purl);
			free(c.cpe);
			continue;
		}
		*comp_new(rd) = c;
	}
	return 0;
}

int
sbom_parse(const char *buf, size_t len, struct sbom_doc **out, char *err,
    size_t errlen)
{
	struct rd	 rd = { NULL, 0, err, errlen };
	json_t		*root = NULL;
	json_error_t	 je;
	const char	*bf;
	int		 r;

	if (out != NULL)
		*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (buf == NULL || out == NULL)
		return IOMT_EINVAL;
	if (len > SBOM_FILE_MAX)
		return fail(&rd, "", "%zu bytes (at most %d)", len,
		    SBOM_FILE_MAX);
	if (!depth_ok(buf, len))
		return fail(&rd, "", "nested deeper than %d levels",
		    SBOM_DEPTH_MAX);
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		return fail(&rd, "", "not JSON (line %d: %s)", je.line,
		    je.text);
	rd.d = xcalloc(1, sizeof(*rd.d));
	if (!json_is_object(root)) {
		r = fail(&rd, "", "not a JSON object");
		goto out;
	}
	bf = json_string_value(json_object_get(root, "bomFormat"));
	if (bf != NULL && strcmp(bf, "CycloneDX") == 0)
		r = read_cdx(&rd, root);
	else if (json_object_get(root, "spdxVersion") != NULL)
		r = read_spdx(&rd, root);
	else
		r = fail(&rd, "", "neither CycloneDX (bomFormat) nor SPDX "
		    "(spdxVersion)");
	if (r != 0)
		goto out;
	*out = rd.d;
	rd.d = NULL;
 out:
	sbom_free(rd.d);
	json_decref(root);
	return r;
}

int
sbom_read(const char *path, struct sbom_doc **out, char *err, size_t errlen)
{
	char	*buf = NULL;
	size_t	 len = 0;
	int	 r;

	if (out != NULL)
		*out = NULL;
	if (path == NULL || out == NULL)
		return IOMT_EINVAL;
	r = file_read(path, SBOM_FILE_MAX, &buf, &len);
	if (r == IOMT_ELIMIT) {
		snprintf(err, errlen, "larger than %d bytes", SBOM_FILE_MAX);
		return IOMT_EPROTO;
	}
	if (r != 0) {
		snprintf(err, errlen, "cannot read: %s", iomt_strerror(r));
		return r;
	}
	r = sbom_parse(buf, len, out, err, errlen);
	free(buf);
	return r;
}

struct sbom_doc *
sbom_free(struct sbom_doc *d)
{
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < d->n_comp; i++) {
		free(d->comp[i].name);
		free(d->comp[i].version);
		free(d->comp[i].purl);
		free(d->comp[i].cpe);
		free(d->comp[i].supplier);
		free(d->comp[i].type);
	}
	free(d->comp);
	free(d->format);
	free(d->serial);
	free(d->vendor);
	free(d->model);
	free(d->version);
	free(d);
	return NULL;
}
