/*
 * src/db/vers.c - version strings and version ranges as advisories write
 * them: the `vers:` syntax and the free text CISA and device makers use.
 *
 * A CSAF product_version_range should be a `vers:` string
 * ("vers:generic/>=1.0|<2.0", github.com/package-url/purl-spec VERSION-RANGE-
 * SPEC), but the advisories hospitals receive mostly say it in words:
 * "v6.x", "<= 20D32", "prior to 1.5.8", "8.2 and prior", "versions 1.0
 * through 2.3", "all versions".  Both are parsed here into at most
 * VERS_MAX_TERMS intervals whose union is the range; text that is not
 * understood is refused (IOMT_EPROTO) so that the caller says "possible,
 * the range is not understood" instead of guessing.  Versions are
 * compared segment by segment: digit runs as numbers (so 8.00.01 equals
 * 8.0.1), letter runs case-insensitively (20D32 < 20E1), a shorter
 * version before a longer one with the same start.  A bound with a
 * trailing wildcard ("6.x", "6.*") compares only its leading segments.
 * This file has no state and allocates nothing; it is fuzzed by
 * tests/fuzz/fuzz-vers.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"
#include "iomt/util.h"

/* One segment of a version: a digit run or a letter run. */
struct seg {
	const char	*p;
	size_t		 n;
	int		 num;
};

/* Next segment of s at *i (n bytes); 0 at the end. */
static int
next_seg(const char *s, size_t n, size_t *i, struct seg *sg)
{
	while (*i < n && !isalnum((unsigned char)s[*i]))
		(*i)++;
	if (*i >= n)
		return 0;
	sg->p = s + *i;
	sg->num = isdigit((unsigned char)s[*i]) != 0;
	while (*i < n && isalnum((unsigned char)s[*i]) &&
	    (isdigit((unsigned char)s[*i]) != 0) == sg->num)
		(*i)++;
	sg->n = (size_t)(s + *i - sg->p);
	return 1;
}

static int
seg_cmp(const struct seg *a, const struct seg *b)
{
	if (a->num && b->num) {
		const char	*x = a->p, *y = b->p;
		size_t		 nx = a->n, ny = b->n;

		while (nx > 1 && *x == '0') {
			x++;
			nx--;
		}
		while (ny > 1 && *y == '0') {
			y++;
			ny--;
		}
		if (nx != ny)
			return nx < ny ? -1 : 1;
		for (size_t k = 0; k < nx; k++)
			if (x[k] != y[k])
				return x[k] < y[k] ? -1 : 1;
		return 0;
	}
	if (a->num != b->num)
		return a->num ? 1 : -1;
	for (size_t k = 0; k < a->n && k < b->n; k++) {
		int	 ca = tolower((unsigned char)a->p[k]);
		int	 cb = tolower((unsigned char)b->p[k]);

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return 0;
}

/* Compare a and b on at most max segments of each. */
static int
cmp_n(const char *a, const char *b, size_t max)
{
	size_t		 ia = 0, ib = 0, na = strlen(a), nb = strlen(b), k;
	struct seg	 sa, sb;

	for (k = 0; k < max; k++) {
		int	 ha = next_seg(a, na, &ia, &sa);
		int	 hb = next_seg(b, nb, &ib, &sb);
		int	 c;

		if (!ha || !hb)
			return ha == hb ? 0 : ha ? 1 : -1;
		if ((c = seg_cmp(&sa, &sb)) != 0)
			return c;
	}
	return 0;
}

int
vers_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b ? 0 : a == NULL ? -1 : 1;
	return cmp_n(a, b, SIZE_MAX);
}

/* Number of segments of s. */
static size_t
nsegs(const char *s)
{
	size_t		 i = 0, n = strlen(s), k = 0;
	struct seg	 sg;

	while (next_seg(s, n, &i, &sg))
		k++;
	return k;
}

/* Compare version v with bound b (prefix-only when b has a wildcard). */
static int
bound_cmp(const char *v, const struct vers_bound *b)
{
	return cmp_n(v, b->v, b->wild ? nsegs(b->v) : SIZE_MAX);
}

/*
 * Is word w (n bytes) a version?  It starts with a digit, or with one or
 * two letters and a digit ("v6", "VB30", "R3"), and holds only letters,
 * digits, '.', '-', '_' and a trailing wildcard ("6.x", "6.*").
 */
static int
is_version(const char *w, size_t n)
{
	size_t	 i = 0;

	while (i < n && i < 2 && isalpha((unsigned char)w[i]))
		i++;
	if (i >= n || !isdigit((unsigned char)w[i]))
		return 0;
	for (; i < n; i++)
		if (!isalnum((unsigned char)w[i]) && w[i] != '.' &&
		    w[i] != '-' && w[i] != '_' && w[i] != '*')
			return 0;
	return 1;
}

/* Fill bound b from version word w (n bytes): strip 'v', find a wildcard. */
static int
set_bound(struct vers_bound *b, const char *w, size_t n, int incl)
{
	if (n > 1 && (w[0] == 'v' || w[0] == 'V') &&
	    isdigit((unsigned char)w[1]))
		w++, n--;
	/* "6.x", "6.X", "6.*", "6.x.x": cut at the wildcard. */
	for (size_t i = 0; i < n; i++) {
		if ((w[i] == 'x' || w[i] == 'X' || w[i] == '*') &&
		    i > 0 && w[i - 1] == '.') {
			for (size_t j = i; j < n; j++)
				if (w[j] != 'x' && w[j] != 'X' && w[j] != '*' &&
				    w[j] != '.')
					return IOMT_EPROTO;
			n = i - 1;
			b->wild = 1;
			break;
		}
		if (w[i] == '*')
			return IOMT_EPROTO;
	}
	if (n == 0 || n >= sizeof(b->v))
		return IOMT_EPROTO;
	memcpy(b->v, w, n);
	b->v[n] = '\0';
	b->set = 1;
	b->incl = incl;
	return 0;
}

/* Append an empty term; NULL when full. */
static struct vers_term *
add_term(struct vers_range *r)
{
	struct vers_term	*t;

	if (r->n >= VERS_MAX_TERMS)
		return NULL;
	t = &r->t[r->n++];
	memset(t, 0, sizeof(*t));
	return t;
}

/* Parse "vers:SCHEME/CONSTRAINTS" (s past "vers:"). */
static int
parse_vers(const char *s, struct vers_range *r)
{
	const char		*p = strchr(s, '/');
	struct vers_term	*open = NULL;

	if (p == NULL || p == s)
		return IOMT_EPROTO;
	p++;
	while (*p == ' ')
		p++;
	if (strcmp(p, "*") == 0) {
		r->all = 1;
		return 0;
	}
	while (*p != '\0') {
		const char	*e = strchr(p, '|');
		size_t		 n = e != NULL ? (size_t)(e - p) : strlen(p);
		char		 op[3] = "";
		struct vers_term *t;
		int		 r2;

		while (n > 0 && p[0] == ' ')
			p++, n--;
		while (n > 0 && p[n - 1] == ' ')
			n--;
		while (n > 0 && strlen(op) < 2 && strchr("<>=!", p[0]) != NULL) {
			op[strlen(op)] = p[0];
			p++, n--;
		}
		if (n == 0)
			return IOMT_EPROTO;
		if (strcmp(op, ">") == 0 || strcmp(op, ">=") == 0) {
			if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((r2 = set_bound(&t->lo, p, n, op[1] == '=')) != 0)
				return r2;
			open = t;
		} else if (strcmp(op, "<") == 0 || strcmp(op, "<=") == 0) {
			if (open == NULL && (open = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((r2 = set_bound(&open->hi, p, n, op[1] == '=')) != 0)
				return r2;
			open = NULL;
		} else if (op[0] == '\0' || strcmp(op, "=") == 0 ||
		    strcmp(op, "!=") == 0) {
			if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((r2 = set_bound(&t->lo, p, n, 1)) != 0)
				return r2;
			t->hi = t->lo;
			t->neg = op[0] == '!';
		} else
			return IOMT_EPROTO;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return r->n > 0 ? 0 : IOMT_EPROTO;
}

/* Words of free text: versions, operators and English. */
#define W_MAX	32
struct word {
	char	 s[48];
	int	 ver;	/* a version */
};

/* Split s into words; operators and commas are words of their own. */
static int
split_words(const char *s, struct word *w, size_t *nw)
{
	size_t	 n = 0, i = 0, len = strlen(s);
	int	 paren = 0;

	while (i < len) {
		size_t	 st, k;
		char	 c = s[i];

		if (c == '(') {
			paren++;
			i++;
			continue;
		}
		if (c == ')') {
			if (paren > 0)
				paren--;
			i++;
			continue;
		}
		if (paren > 0 || c == ' ' || c == '\t' || c == ':') {
			i++;
			continue;
		}
		if (n >= W_MAX)
			return IOMT_ELIMIT;
		st = i;
		if (strchr("<>=!", c) != NULL) {
			while (i < len && strchr("<>=!", s[i]) != NULL)
				i++;
		} else if (c == ',' || c == ';' || c == '&' || c == '/') {
			i++;
		} else if (c == '-' && (i + 1 >= len || s[i + 1] == ' ')) {
			i++;
		} else {
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != ',' && s[i] != ';' && s[i] != '(' &&
			    s[i] != ')' && strchr("<>=", s[i]) == NULL &&
			    !(s[i] == ':' && (i + 1 >= len || s[i + 1] == ' ')))
				i++;
		}
		k = i - st;
		/* "8.2+": a version followed by "+" is "8.2 and later". */
		if (k > 1 && s[i - 1] == '+' && isdigit((unsigned char)s[st])) {
			k--;
			if (k >= sizeof(w[n].s))
				return IOMT_EPROTO;
			memcpy(w[n].s, s + st, k);
			w[n].s[k] = '\0';
			w[n].ver = is_version(w[n].s, k);
			n++;
			if (n >= W_MAX)
				return IOMT_ELIMIT;
			strlcpy(w[n].s, "later", sizeof(w[n].s));
			w[n].ver = 0;
			n++;
			continue;
		}
		/* A trailing full stop ends a sentence, not a version. */
		while (k > 1 && s[st + k - 1] == '.')
			k--;
		if (k >= sizeof(w[n].s))
			return IOMT_EPROTO;
		memcpy(w[n].s, s + st, k);
		w[n].s[k] = '\0';
		w[n].ver = is_version(w[n].s, k);
		n++;
	}
	*nw = n;
	return 0;
}

static int
word_is(const struct word *w, const char *const *set)
{
	for (size_t i = 0; set[i] != NULL; i++)
		if (strcasecmp(w->s, set[i]) == 0)
			return 1;
	return 0;
}

static const char *const w_filler[] = {
	"version", "versions", "ver", "ver.", "v", "firmware", "software",
	"release", "releases", "build", "builds", "the", "is", "are", "only",
	"affected", "inclusive", "including", "included", "all", "any",
	"revision", "revisions", "rev", "sw", "fw", "release.", "series",
	NULL
};
static const char *const w_before[] = {
	"prior", "before", "earlier", "older", "lower", "below", "under",
	"preceding", "previous", NULL
};
static const char *const w_after[] = {
	"later", "newer", "higher", "above", "after", "greater", "onward",
	"onwards", "subsequent", "up", NULL
};
static const char *const w_to[] = {
	"through", "thru", "to", "-", "until", "till", NULL
};
static const char *const w_join[] = { "and", "or", ",", ";", "&", "/", NULL };

/* Parse free text s into r. */
static int
parse_text(const char *s, struct vers_range *r)
{
	struct word		 w[W_MAX];
	size_t			 nw = 0, i, nver = 0;
	int			 rr, any_all = 0;
	struct vers_term	*open = NULL;	/* a term with only lo */

	if ((rr = split_words(s, w, &nw)) != 0)
		return rr;
	for (i = 0; i < nw; i++) {
		if (w[i].ver)
			nver++;
		if (strcasecmp(w[i].s, "all") == 0 || strcmp(w[i].s, "*") == 0)
			any_all = 1;
	}
	if (nver == 0) {
		if (any_all) {
			r->all = 1;
			return 0;
		}
		return IOMT_EPROTO;
	}
	i = 0;
	while (i < nw) {
		struct vers_term	*t;
		const struct word	*x = &w[i];

		if (x->ver) {
			/* V ... : what follows decides. */
			size_t	 j = i + 1;
			int	 joined = 0;

			if (j < nw && word_is(&w[j], w_join) &&
			    j + 1 < nw && (word_is(&w[j + 1], w_before) ||
			    word_is(&w[j + 1], w_after))) {
				joined = 1;
				j++;
			}
			if (j < nw && word_is(&w[j], w_before) &&
			    (joined || j + 1 >= nw || !w[j + 1].ver)) {
				/* "8.2 and prior", "8.2 or earlier". */
				if (open != NULL) {
					t = open;
					open = NULL;
				} else if ((t = add_term(r)) == NULL)
					return IOMT_ELIMIT;
				if ((rr = set_bound(&t->hi, x->s,
				    strlen(x->s), 1)) != 0)
					return rr;
				i = j + 1;
				continue;
			}
			if (j < nw && word_is(&w[j], w_after)) {
				/* "8.2 and later", "8.2+". */
				if ((t = add_term(r)) == NULL)
					return IOMT_ELIMIT;
				if ((rr = set_bound(&t->lo, x->s,
				    strlen(x->s), 1)) != 0)
					return rr;
				open = t;
				i = j + 1;
				continue;
			}
			if (j < nw && word_is(&w[j], w_to) && j + 1 < nw &&
			    w[j + 1].ver) {
				/* "1.0 through 2.3", "1.0 - 2.3". */
				if ((t = add_term(r)) == NULL)
					return IOMT_ELIMIT;
				if ((rr = set_bound(&t->lo, x->s,
				    strlen(x->s), 1)) != 0 ||
				    (rr = set_bound(&t->hi, w[j + 1].s,
				    strlen(w[j + 1].s), 1)) != 0)
					return rr;
				open = NULL;
				i = j + 2;
				continue;
			}
			/* "1.0 and 2.3" after "between": an interval. */
			if (i > 0 && strcasecmp(w[i - 1].s, "between") == 0 &&
			    j + 1 < nw && strcasecmp(w[j].s, "and") == 0 &&
			    w[j + 1].ver) {
				if ((t = add_term(r)) == NULL)
					return IOMT_ELIMIT;
				if ((rr = set_bound(&t->lo, x->s,
				    strlen(x->s), 1)) != 0 ||
				    (rr = set_bound(&t->hi, w[j + 1].s,
				    strlen(w[j + 1].s), 1)) != 0)
					return rr;
				open = NULL;
				i = j + 2;
				continue;
			}
			/* A version alone: that version (or that series). */
			if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((rr = set_bound(&t->lo, x->s, strlen(x->s), 1)) != 0)
				return rr;
			t->hi = t->lo;
			open = NULL;
			i++;
			continue;
		}
		/* Operators: "<= 20D32", ">=1.0", "=< 2". */
		if (strchr("<>=!", x->s[0]) != NULL) {
			const char	*op = x->s;
			int		 lo, incl;

			if (i + 1 >= nw || !w[i + 1].ver)
				return IOMT_EPROTO;
			if (strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 ||
			    strcmp(op, "=<") == 0) {
				lo = 0;
				incl = strcmp(op, "<") != 0;
			} else if (strcmp(op, ">") == 0 ||
			    strcmp(op, ">=") == 0 || strcmp(op, "=>") == 0) {
				lo = 1;
				incl = strcmp(op, ">") != 0;
			} else if (strcmp(op, "=") == 0 ||
			    strcmp(op, "==") == 0) {
				i++;	/* the version alone, next round */
				continue;
			} else
				return IOMT_EPROTO;
			if (!lo && open != NULL) {
				t = open;
				open = NULL;
			} else if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((rr = set_bound(lo ? &t->lo : &t->hi, w[i + 1].s,
			    strlen(w[i + 1].s), incl)) != 0)
				return rr;
			open = lo ? t : NULL;
			i += 2;
			continue;
		}
		/* English before a version. */
		if (word_is(x, w_before) || strcasecmp(x->s, "up") == 0) {
			/* "prior to 1.5.8", "before 2", "up to [and including] 3". */
			int	 incl = strcasecmp(x->s, "up") == 0;
			size_t	 j = i + 1;

			while (j < nw && !w[j].ver && (word_is(&w[j],
			    (const char *const[]){ "to", "than", "and",
			    "including", "version", "versions", "v", NULL })))
				j++;
			if (j >= nw || !w[j].ver)
				return IOMT_EPROTO;
			for (size_t k = i + 1; k < j; k++)
				if (strcasecmp(w[k].s, "including") == 0)
					incl = 1;
			if (open != NULL) {
				t = open;
				open = NULL;
			} else if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((rr = set_bound(&t->hi, w[j].s, strlen(w[j].s),
			    incl)) != 0)
				return rr;
			i = j + 1;
			continue;
		}
		if (word_is(x, (const char *const[]){ "after", "since", "from",
		    "newer", "later", "greater", "higher", "above", "starting",
		    NULL })) {
			/* "after 2.0", "newer than 2.0", "from 1.0 [to 2.0]". */
			int	 incl = word_is(x, (const char *const[]){ "since",
			    "from", "starting", NULL });
			size_t	 j = i + 1;

			while (j < nw && !w[j].ver && word_is(&w[j],
			    (const char *const[]){ "than", "with", "at",
			    "version", "versions", "v", NULL }))
				j++;
			if (j >= nw || !w[j].ver)
				return IOMT_EPROTO;
			if (j + 2 < nw && word_is(&w[j + 1], w_to) &&
			    w[j + 2].ver) {
				i = j;	/* "from 1.0 to 2.0": the range rule */
				continue;
			}
			if ((t = add_term(r)) == NULL)
				return IOMT_ELIMIT;
			if ((rr = set_bound(&t->lo, w[j].s, strlen(w[j].s),
			    incl)) != 0)
				return rr;
			open = t;
			i = j + 1;
			continue;
		}
		if (word_is(x, w_join) || word_is(x, w_filler) ||
		    strcasecmp(x->s, "between") == 0 ||
		    strcmp(x->s, "*") == 0) {
			i++;
			continue;
		}
		return IOMT_EPROTO;
	}
	return r->n > 0 ? 0 : IOMT_EPROTO;
}

int
vers_range_parse(const char *s, struct vers_range *out)
{
	char	 t[VERS_TEXT_MAX + 1];
	size_t	 n;
	int	 r;

	if (out == NULL)
		return IOMT_EINVAL;
	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return IOMT_EINVAL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	if (n == 0 || n > VERS_TEXT_MAX)
		return IOMT_EPROTO;
	memcpy(t, s, n + 1);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		t[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || (unsigned char)t[i] >= 0x7f)
			t[i] = ' ';
	if (strncasecmp(t, "vers:", 5) == 0)
		r = parse_vers(t + 5, out);
	else
		r = parse_text(t, out);
	if (r != 0) {
		memset(out, 0, sizeof(*out));
		return r == IOMT_ELIMIT ? IOMT_EPROTO : r;
	}
	return 0;
}

/*
 * Is w (n bytes) a version of the letter-first kind Philips and Siemens
 * write ("M.00.03", "B.06.50", "VA50")?  Letters, digits, '.', '-', '_'
 * only, at least one digit, at most 32 bytes.
 */
static int
is_letter_version(const char *w, size_t n)
{
	int	 digit = 0;

	if (n == 0 || n > 32 || !isalpha((unsigned char)w[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i]))
			digit = 1;
		else if (!isalpha((unsigned char)w[i]) && w[i] != '.' &&
		    w[i] != '-' && w[i] != '_')
			return 0;
	}
	return digit;
}

/* Is c a separator of the words of a firmware text? */
static int
fw_sep(char c)
{
	return c == ' ' || c == '\t' || c == '(' || c == ')' || c == ',' ||
	    c == ':' || c == '/' || c == '=';
}

/*
 * Copy the first word of s (n bytes) that is a version of kind pass (0:
 * digit first, 1: letter first) into dst.  0, IOMT_ELIMIT, or
 * IOMT_EPROTO when there is none.
 */
static int
find_version(const char *s, size_t n, int pass, char *dst, size_t dsize)
{
	size_t	 i = 0, st, k;

	while (i < n) {
		while (i < n && fw_sep(s[i]))
			i++;
		st = i;
		while (i < n && !fw_sep(s[i]))
			i++;
		k = i - st;
		if (k == 0 || !(pass == 0 ? is_version(s + st, k) :
		    is_letter_version(s + st, k)))
			continue;
		if ((s[st] == 'v' || s[st] == 'V') && k > 1 &&
		    isdigit((unsigned char)s[st + 1]))
			st++, k--;
		while (k > 1 && s[st + k - 1] == '.')
			k--;
		if (k >= dsize)
			return IOMT_ELIMIT;
		memcpy(dst, s + st, k);
		dst[k] = '\0';
		return 0;
	}
	return IOMT_EPROTO;
}

int
vers_clean(const char *s, char *dst, size_t dsize)
{
	int	 r;

	if (dst == NULL || dsize == 0)
		return IOMT_EINVAL;
	dst[0] = '\0';
	if (s == NULL)
		return IOMT_EPROTO;
	/*
	 * The first word that is a version: "Firmware V8.00.01 (build 7)";
	 * failing that, the first letter-first one ("M.00.03").
	 */
	if ((r = find_version(s, strlen(s), 0, dst, dsize)) != IOMT_EPROTO)
		return r;
	return find_version(s, strlen(s), 1, dst, dsize);
}

int
vers_range_match(const struct vers_range *r, const char *version)
{
	char	 v[VERS_TEXT_MAX + 1];
	int	 in = 0;

	if (r == NULL || version == NULL ||
	    vers_clean(version, v, sizeof(v)) != 0)
		return VERS_UNKNOWN;
	if (r->all)
		return VERS_IN;
	if (r->n == 0)
		return VERS_UNKNOWN;
	for (int i = 0; i < r->n; i++) {
		const struct vers_term	*t = &r->t[i];
		int			 ok = 1, c;

		if (t->lo.set) {
			c = bound_cmp(v, &t->lo);
			if (c < 0 || (c == 0 && !t->lo.incl))
				ok = 0;
		}
		if (ok && t->hi.set) {
			c = bound_cmp(v, &t->hi);
			if (c > 0 || (c == 0 && !t->hi.incl))
				ok = 0;
		}
		if (t->neg) {
			if (ok)
				return VERS_OUT;
			continue;
		}
		if (ok)
			in = 1;
	}
	/* Only exclusions ("vers:generic/!=2.0"): everything else is in. */
	if (!in) {
		int	 pos = 0;

		for (int i = 0; i < r->n; i++)
			if (!r->t[i].neg)
				pos = 1;
		if (!pos)
			return VERS_IN;
	}
	return in ? VERS_IN : VERS_OUT;
}

void
vers_range_describe(const struct vers_range *r, char *dst, size_t dsize)
{
	struct buf	 b = { 0 };

	if (dst == NULL || dsize == 0)
		return;
	if (r == NULL || (!r->all && r->n == 0)) {
		strlcpy(dst, "?", dsize);
		return;
	}
	if (r->all) {
		strlcpy(dst, "all versions", dsize);
		return;
	}
	for (int i = 0; i < r->n; i++) {
		const struct vers_term	*t = &r->t[i];
		const char		*w1 = t->lo.wild ? ".x" : "";
		const char		*w2 = t->hi.wild ? ".x" : "";

		if (i > 0)
			buf_add(&b, " or ");
		if (t->neg)
			buf_addf(&b, "not %s%s", t->lo.v, w1);
		else if (t->lo.set && t->hi.set &&
		    strcmp(t->lo.v, t->hi.v) == 0 && t->lo.incl && t->hi.incl)
			buf_addf(&b, "%s%s", t->lo.v, w1);
		else if (t->lo.set && t->hi.set)
			buf_addf(&b, "%s %s%s and %s %s%s",
			    t->lo.incl ? ">=" : ">", t->lo.v, w1,
			    t->hi.incl ? "<=" : "<", t->hi.v, w2);
		else if (t->lo.set)
			buf_addf(&b, "%s %s%s", t->lo.incl ? ">=" : ">",
			    t->lo.v, w1);
		else
			buf_addf(&b, "%s %s%s", t->hi.incl ? "<=" : "<",
			    t->hi.v, w2);
	}
	strlcpy(dst, buf_str(&b), dsize);
	buf_free(&b);
}
