/*
 * src/db/advid.c - product identifiers as advisories and SBOMs write
 * them, normalised and compared: CPE names (NISTIR 7695, the 2.3
 * formatted string "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*",
 * with backslash escapes; and the 2.2 URI "cpe:/a:openssl:openssl:1.0.2k",
 * percent-encoded, missing fields meaning "any") and package URLs
 * (github.com/package-url/purl-spec: "pkg:TYPE/NAMESPACE/NAME@VERSION
 * ?QUALIFIERS#SUBPATH").
 *
 * A CSAF product's product_identification_helper gives one of these; a
 * CycloneDX or SPDX component gives them too.  Only what says which
 * product and which version is compared: CPE part, vendor, product and
 * version (update, edition and the rest are ignored); purl type,
 * namespace, name and version (qualifiers such as ?arch=amd64 and the
 * subpath are ignored).  Names are compared with ASCII case folded: the
 * purl types most SBOMs use (deb, rpm, pypi, npm, github, generic) are
 * case-insensitive or lower case in practice, and CPE dictionaries are
 * lower case.  A "*" field (CPE ANY) matches every value; "-" (NA)
 * matches "-" as a name and, as a version, means "no version given".
 * When the advisory's identifier gives no version, the range of the
 * product tree (product_version_range, through vers.c) or its
 * product_version decides; an advisory that names no version at all
 * covers every version.  No state, no allocation.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"

/* Append c to dst (size dsize, length *n); 0 when full. */
static int
put(char *dst, size_t dsize, size_t *n, char c)
{
	if (*n + 1 >= dsize)
		return 0;
	dst[(*n)++] = (char)tolower((unsigned char)c);
	dst[*n] = '\0';
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Copy the field of s starting at *i into dst (lower case, unescaped:
 * backslash in 2.3, percent in 2.2), stopping at an unescaped ':' or
 * the end; *i then points past the ':'.  0, or -1 when it does not fit.
 */
static int
cpe_field(const char *s, size_t *i, int uri, char *dst, size_t dsize)
{
	size_t	 n = 0;

	dst[0] = '\0';
	while (s[*i] != '\0' && s[*i] != ':') {
		char	 c = s[*i];

		if (!uri && c == '\\' && s[*i + 1] != '\0') {
			c = s[*i + 1];
			(*i)++;
		} else if (uri && c == '%' && hexval((unsigned char)s[*i + 1]) >=
		    0 && hexval((unsigned char)s[*i + 2]) >= 0) {
			c = (char)(hexval((unsigned char)s[*i + 1]) * 16 +
			    hexval((unsigned char)s[*i + 2]));
			*i += 2;
		}
		if (!put(dst, dsize, &n, c))
			return -1;
		(*i)++;
	}
	if (s[*i] == ':')
		(*i)++;
	if (n == 0)
		strlcpy(dst, "*", dsize);
	return 0;
}

int
advid_cpe_parse(const char *s, struct advid_cpe *out)
{
	size_t	 i;
	int	 uri;

	if (s == NULL || out == NULL)
		return IOMT_EINVAL;
	memset(out, 0, sizeof(*out));
	if (strncasecmp(s, "cpe:2.3:", 8) == 0) {
		uri = 0;
		i = 8;
	} else if (strncasecmp(s, "cpe:/", 5) == 0) {
		uri = 1;
		i = 5;
	} else
		return IOMT_EPROTO;
	if (cpe_field(s, &i, uri, out->part, sizeof(out->part)) != 0 ||
	    cpe_field(s, &i, uri, out->vendor, sizeof(out->vendor)) != 0 ||
	    cpe_field(s, &i, uri, out->product, sizeof(out->product)) != 0 ||
	    cpe_field(s, &i, uri, out->version, sizeof(out->version)) != 0) {
		memset(out, 0, sizeof(*out));
		return IOMT_EPROTO;
	}
	if (strchr("aoh*", out->part[0]) == NULL || out->part[1] != '\0') {
		memset(out, 0, sizeof(*out));
		return IOMT_EPROTO;
	}
	return 0;
}

/* Percent-decode s[0..len) into dst (size dsize), lower case when fold. */
static int
pct_copy(const char *s, size_t len, int fold, char *dst, size_t dsize)
{
	size_t	 n = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		char	 c = s[i];

		if (c == '%' && i + 2 < len &&
		    hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			c = (char)(hexval((unsigned char)s[i + 1]) * 16 +
			    hexval((unsigned char)s[i + 2]));
			i += 2;
		}
		if (n + 1 >= dsize)
			return -1;
		dst[n++] = fold ? (char)tolower((unsigned char)c) : c;
		dst[n] = '\0';
	}
	return 0;
}

int
advid_purl_parse(const char *s, struct advid_purl *out)
{
	const char	*p, *end, *slash, *at, *nm;
	size_t		 len;

	if (s == NULL || out == NULL)
		return IOMT_EINVAL;
	memset(out, 0, sizeof(*out));
	if (strncasecmp(s, "pkg:", 4) != 0)
		return IOMT_EPROTO;
	p = s + 4;
	while (*p == '/')
		p++;
	len = strcspn(p, "?#");
	end = p + len;
	while (end > p && end[-1] == '/')
		end--;
	if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL ||
	    slash == p)
		return IOMT_EPROTO;
	if (pct_copy(p, (size_t)(slash - p), 1, out->type,
	    sizeof(out->type)) != 0)
		goto bad;
	/* The name is after the last '/', its version after its '@'. */
	nm = end;
	while (nm > slash + 1 && nm[-1] != '/')
		nm--;
	at = memchr(nm, '@', (size_t)(end - nm));
	if ((at != NULL ? at : end) == nm)
		goto bad;
	if (nm - 1 > slash + 1 && pct_copy(slash + 1,
	    (size_t)(nm - 1 - (slash + 1)), 1, out->ns, sizeof(out->ns)) != 0)
		goto bad;
	if (pct_copy(nm, (size_t)((at != NULL ? at : end) - nm), 1,
	    out->name, sizeof(out->name)) != 0)
		goto bad;
	if (at != NULL && pct_copy(at + 1, (size_t)(end - at - 1), 0,
	    out->version, sizeof(out->version)) != 0)
		goto bad;
	return 0;
 bad:
	memset(out, 0, sizeof(*out));
	return IOMT_EPROTO;
}

/* Is v a version, not "", "*" or "-"? */
static int
concrete(const char *v)
{
	return v != NULL && v[0] != '\0' && strcmp(v, "*") != 0 &&
	    strcmp(v, "-") != 0;
}

/*
 * Decide the version: the advisory's own av (from its identifier), else
 * arange, else aver, else every version; against the component's cv.
 */
static int
decide(const char *av, const char *arange, const char *aver,
    const char *cv)
{
	struct vers_range	 r;

	if (!concrete(av) && arange != NULL && arange[0] != '\0') {
		if (vers_range_parse(arange, &r) != 0)
			return ADVID_UNKNOWN;
		if (r.all)
			return ADVID_IN;
		if (!concrete(cv))
			return ADVID_UNKNOWN;
		switch (vers_range_match(&r, cv)) {
		case VERS_IN:
			return ADVID_IN;
		case VERS_OUT:
			return ADVID_OUT;
		default:
			return ADVID_UNKNOWN;
		}
	}
	if (!concrete(av))
		av = aver;
	if (!concrete(av))
		return ADVID_IN;
	if (!concrete(cv))
		return ADVID_UNKNOWN;
	return vers_cmp(av, cv) == 0 ? ADVID_IN : ADVID_OUT;
}

/* CPE field a of the advisory against c of the component. */
static int
same(const char *a, const char *c)
{
	return strcmp(a, "*") == 0 || strcmp(c, "*") == 0 ||
	    strcmp(a, c) == 0;
}

int
advid_cpe_match(const char *acpe, const char *arange, const char *aver,
    const char *ccpe, const char *cver)
{
	struct advid_cpe	 a, c;

	if (acpe == NULL || ccpe == NULL || advid_cpe_parse(acpe, &a) != 0 ||
	    advid_cpe_parse(ccpe, &c) != 0)
		return ADVID_NONE;
	if (strcmp(a.product, "*") == 0 || strcmp(a.product, "-") == 0 ||
	    !same(a.part, c.part) || !same(a.vendor, c.vendor) ||
	    !same(a.product, c.product))
		return ADVID_NONE;
	return decide(a.version, arange, aver, concrete(c.version) ?
	    c.version : cver);
}

int
advid_purl_match(const char *apurl, const char *arange, const char *aver,
    const char *cpurl, const char *cver)
{
	struct advid_purl	 a, c;

	if (apurl == NULL || cpurl == NULL ||
	    advid_purl_parse(apurl, &a) != 0 ||
	    advid_purl_parse(cpurl, &c) != 0)
		return ADVID_NONE;
	if (strcmp(a.type, c.type) != 0 || strcmp(a.ns, c.ns) != 0 ||
	    strcmp(a.name, c.name) != 0)
		return ADVID_NONE;
	return decide(a.version, arange, aver, concrete(c.version) ?
	    c.version : cver);
}
