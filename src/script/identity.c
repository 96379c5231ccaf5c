/*
 * src/script/identity.c - combine the claims of several scripts into one
 * identity.
 *
 * The rules are in script.h and docs/IDENTIFICATION.md.  The point of
 * writing them as a total order (confidence, then source rank, then
 * script id) is determinism: a scan of the same network with the same
 * scripts gives the same inventory whatever order the scripts were
 * loaded, scheduled or answered in, and a reader of the evidence can
 * work out why a field has the value it has.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "iomt/script.h"
#include "iomt/util.h"

static const char *const ident_field_names[IDENT_NFIELDS] = {
	"vendor", "model", "device_class", "firmware", "os"
};

const char *
ident_field_name(enum ident_field f)
{
	if ((unsigned)f >= IDENT_NFIELDS)
		return "?";
	return ident_field_names[f];
}

int
ident_field_parse(const char *name)
{
	int	 i;

	for (i = 0; i < IDENT_NFIELDS; i++)
		if (strcmp(name, ident_field_names[i]) == 0)
			return i;
	return -1;
}

static int
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t	 m = strlen(suf);

	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

int
ident_source_rank(const char *source)
{
	size_t	 n;

	if (source == NULL || *source == '\0')
		return IDENT_RANK_NONE;
	/* Only the key matters: "http.title@tcp/80" -> "http.title". */
	n = strcspn(source, "@");
	if ((n == 3 && strncmp(source, "oui", 3) == 0) ||
	    strncmp(source, "oui.", 4) == 0 ||
	    strncmp(source, "profile", 7) == 0 ||
	    (n == 3 && strncmp(source, "mac", 3) == 0))
		return IDENT_RANK_OUI;
	if ((n == 6 && strncmp(source, "banner", 6) == 0) ||
	    has_suffix(source, n, ".banner") ||
	    strncmp(source, "passive", 7) == 0)
		return IDENT_RANK_BANNER;
	return IDENT_RANK_ACTIVE;
}

static int
claim_rank(const struct ident_claim *c, enum ident_field f)
{
	size_t	 i;
	int	 r, best = IDENT_RANK_NONE;

	for (i = 0; i < c->n_ev; i++) {
		if (c->ev[i].field != f)
			continue;
		r = ident_source_rank(c->ev[i].source);
		if (r > best)
			best = r;
	}
	return best;
}

/* Does a beat b for field f?  A strict total order on distinct ids. */
static int
claim_beats(const struct ident_claim *a, const struct ident_claim *b,
    enum ident_field f)
{
	int	 ra, rb, c;

	if (a->confidence != b->confidence)
		return a->confidence > b->confidence;
	ra = claim_rank(a, f);
	rb = claim_rank(b, f);
	if (ra != rb)
		return ra > rb;
	c = strcmp(a->script_id, b->script_id);
	if (c != 0)
		return c < 0;
	return strcmp(a->value[f], b->value[f]) < 0;
}

static int
claimed(const struct ident_claim *c, enum ident_field f)
{
	const char	*v = c->value[f];

	if (v == NULL || *v == '\0')
		return 0;
	if (f == IDENT_CLASS && strcmp(v, "unknown") == 0)
		return 0;
	return 1;
}

/*
 * The evidence array being built and its size as compact JSON: "[",
 * the items and their commas (the "]" is added at the end).
 */
struct evbuf {
	json_t	*arr;
	size_t	 len;
	int	 full;
};

json_t *
script_json_string(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	json_t		*v;

	if ((v = json_string(s)) != NULL)
		return v;
	text_term(&b, s, strlen(s), 0);
	v = json_string(buf_str(&b));
	buf_free(&b);
	return v;
}

/*
 * Append {"field","value","source"[,"script"]} to e->arr unless the
 * array would grow past IDENT_EVIDENCE_JSON_MAX bytes (with "]" and the
 * NUL); from then on nothing more is added.  Out of memory counts as
 * full: the evidence is cut, the identity is not affected.
 */
static void
ev_add(struct evbuf *e, const char *field, const char *value,
    const char *source, const char *script)
{
	json_t	*o;
	size_t	 need, comma = json_array_size(e->arr) > 0;

	if (e->full)
		return;
	o = json_object();
	if (o == NULL ||
	    json_object_set_new(o, "field", script_json_string(field)) != 0 ||
	    json_object_set_new(o, "value", script_json_string(value)) != 0 ||
	    json_object_set_new(o, "source", script_json_string(source)) != 0 ||
	    (script != NULL &&
	    json_object_set_new(o, "script", script_json_string(script)) != 0))
		goto full;
	need = json_dumpb(o, NULL, 0, JSON_COMPACT);
	if (need == 0 || e->len + comma + need + 2 > IDENT_EVIDENCE_JSON_MAX ||
	    json_array_append_new(e->arr, o) != 0)
		goto full;
	e->len += comma + need;
	return;
 full:
	json_decref(o);
	e->full = 1;
}

int
ident_resolve(const struct ident_claim *claims, size_t n,
    const struct ident_oui *oui, struct ident_result *out)
{
	/* Vendor first: model and firmware depend on it. */
	static const enum ident_field order[IDENT_NFIELDS] = {
		IDENT_VENDOR, IDENT_CLASS, IDENT_OS, IDENT_MODEL,
		IDENT_FIRMWARE
	};
	const struct ident_claim *best[IDENT_NFIELDS];
	struct evbuf	 eb;
	char		*js;
	const char	*cls;
	size_t		 i, k, j;
	int		 c;

	memset(out, 0, sizeof(*out));
	memset(best, 0, sizeof(best));
	for (k = 0; k < IDENT_NFIELDS; k++) {
		enum ident_field f = order[k];

		for (i = 0; i < n; i++) {
			const struct ident_claim *cl = &claims[i];

			if (!claimed(cl, f))
				continue;
			if ((f == IDENT_MODEL || f == IDENT_FIRMWARE) &&
			    best[IDENT_VENDOR] != NULL &&
			    claimed(cl, IDENT_VENDOR) &&
			    strcasecmp(cl->value[IDENT_VENDOR],
			    best[IDENT_VENDOR]->value[IDENT_VENDOR]) != 0)
				continue;
			if (best[f] == NULL || claim_beats(cl, best[f], f))
				best[f] = cl;
		}
		if (best[f] != NULL) {
			strlcpy(out->value[f], best[f]->value[f],
			    sizeof(out->value[f]));
			out->field_conf[f] = best[f]->confidence;
			out->winner[f] = best[f]->script_id;
		}
	}

	/* The OUI fills what no script claimed. */
	if (oui != NULL && out->winner[IDENT_VENDOR] == NULL) {
		if (oui->label != NULL && *oui->label != '\0') {
			strlcpy(out->value[IDENT_VENDOR], oui->label,
			    sizeof(out->value[IDENT_VENDOR]));
			out->field_conf[IDENT_VENDOR] = IDENT_CONF_OUI_LABEL;
			out->winner[IDENT_VENDOR] = "oui";
		} else if (oui->vendor != NULL && *oui->vendor != '\0') {
			strlcpy(out->value[IDENT_VENDOR], oui->vendor,
			    sizeof(out->value[IDENT_VENDOR]));
			out->field_conf[IDENT_VENDOR] = IDENT_CONF_OUI_VENDOR;
			out->winner[IDENT_VENDOR] = "oui";
		}
	}
	if (oui != NULL && out->winner[IDENT_CLASS] == NULL &&
	    (cls = device_class_from_oui(oui->class_name)) != NULL) {
		strlcpy(out->value[IDENT_CLASS], cls,
		    sizeof(out->value[IDENT_CLASS]));
		out->field_conf[IDENT_CLASS] = IDENT_CONF_OUI_LABEL;
		out->winner[IDENT_CLASS] = "oui";
	}

	c = 0;
	if (out->winner[IDENT_VENDOR] != NULL)
		c = out->field_conf[IDENT_VENDOR];
	if (out->winner[IDENT_CLASS] != NULL &&
	    out->field_conf[IDENT_CLASS] > c)
		c = out->field_conf[IDENT_CLASS];
	out->confidence = c;

	/* Evidence of the winners, in field order. */
	eb.arr = json_array();
	eb.len = 1;
	eb.full = eb.arr == NULL;
	for (k = 0; k < IDENT_NFIELDS; k++) {
		const char	*name = ident_field_names[k];

		if (out->winner[k] == NULL)
			continue;
		if (best[k] == NULL) {
			ev_add(&eb, name, out->value[k],
			    k == IDENT_CLASS ? "oui.class" : "oui", NULL);
			continue;
		}
		for (j = 0; j < best[k]->n_ev; j++)
			if (best[k]->ev[j].field == (enum ident_field)k)
				ev_add(&eb, name, best[k]->ev[j].value,
				    best[k]->ev[j].source,
				    best[k]->script_id);
	}
	js = eb.arr != NULL ? json_dumps(eb.arr, JSON_COMPACT) : NULL;
	out->evidence_json = xstrdup(js != NULL ? js : "[]");
	free(js);
	json_decref(eb.arr);
	return 0;
}

/* Makers a DHCP vendor class may name, longest first where one is a
 * prefix of another. */
static const char *const passive_makers[] = {
	"Nihon Kohden", "Welch Allyn", "ICU Medical", "B. Braun", "B.Braun",
	"Philips", "Siemens", "Baxter", "Medtronic", "Draeger", "Dräger",
	"Mindray", "Fukuda", "Terumo", "Hospira", "Masimo", "Spacelabs",
	"Fresenius", "Olympus", "Fujifilm", "Canon", "Carefusion", "BD",
	"GE", "HP", NULL
};

/* Length of maker m at the start of s (case aside) when what follows is
 * the end, a blank, punctuation or a capital letter; else 0. */
static size_t
maker_prefix(const char *s, const char *m)
{
	size_t	 l;
	unsigned char c;

	if (m == NULL || (l = strlen(m)) < 2 || strncasecmp(s, m, l) != 0)
		return 0;
	c = (unsigned char)s[l];
	if (c == '\0' || c == ' ' || c == '-' || c == '_' || c == '/' ||
	    c == ':' || c == '.' || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return l;
	return 0;
}

/* The first word of an IEEE registry name ("Philips Medical Systems"). */
static void
first_word(char *dst, size_t dsize, const char *s)
{
	size_t	 l = s != NULL ? strcspn(s, " ,") : 0;

	if (l >= dsize)
		l = dsize - 1;
	if (dsize > 0) {
		if (l > 0)
			memcpy(dst, s, l);
		dst[l] = '\0';
	}
}

int
ident_passive_claim(const struct observation *obs, size_t n,
    const struct ident_oui *oui, struct ident_passive *p)
{
	const char	*vc = NULL, *rest;
	char		 reg[64];
	size_t		 i, l = 0;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < n && vc == NULL; i++)
		if (obs[i].key != NULL && obs[i].value != NULL &&
		    strcmp(obs[i].key, "dhcp.vendor_class") == 0 &&
		    obs[i].value[0] != '\0')
			vc = obs[i].value;
	if (vc == NULL)
		return 0;
	first_word(reg, sizeof(reg), oui != NULL ? oui->vendor : NULL);
	if (oui != NULL && (l = maker_prefix(vc, oui->label)) > 0)
		strlcpy(p->vendor, oui->label, sizeof(p->vendor));
	else if ((l = maker_prefix(vc, reg)) > 0)
		strlcpy(p->vendor, reg, sizeof(p->vendor));
	for (i = 0; l == 0 && passive_makers[i] != NULL; i++)
		if ((l = maker_prefix(vc, passive_makers[i])) > 0)
			strlcpy(p->vendor, passive_makers[i],
			    sizeof(p->vendor));
	if (l == 0)
		return 0;
	for (rest = vc + l; *rest == ' ' || *rest == '-' || *rest == '_' ||
	    *rest == '/' || *rest == ':'; rest++)
		;
	strlcpy(p->model, rest, sizeof(p->model));
	p->ev[0].field = IDENT_VENDOR;
	snprintf(p->ev[0].value, sizeof(p->ev[0].value),
	    "dhcp vendor class %s", vc);
	strlcpy(p->ev[0].source, "passive.dhcp.vendor_class",
	    sizeof(p->ev[0].source));
	p->ev[1] = p->ev[0];
	p->ev[1].field = IDENT_MODEL;
	p->claim.script_id = "passive-dhcp";
	p->claim.value[IDENT_VENDOR] = p->vendor;
	p->claim.value[IDENT_MODEL] = p->model;
	p->claim.confidence = IDENT_CONF_PASSIVE;
	p->claim.ev = p->ev;
	p->claim.n_ev = p->model[0] != '\0' ? 2 : 1;
	return 1;
}

void
ident_result_free(struct ident_result *r)
{
	if (r == NULL)
		return;
	free(r->evidence_json);
	r->evidence_json = NULL;
}
