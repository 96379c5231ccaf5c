/*
 * src/script/identity.c - combine the claims of several scripts into one identity.
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

struct ebuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 full;
	size_t	 n;
};

static void
ebuf_add(struct ebuf *b, const char *field, const char *value,
    const char *source, const char *script)
{
	char	 item[1024];
	size_t	 o = 0, need;

	if (b->full)
		return;
	o += (size_t)snprintf(item + o, sizeof(item) - o, "%s{\"field\":",
	    b->n > 0 ? "," : "");
	o += json_escape(item + o, sizeof(item) - o, field, strlen(field));
	o += (size_t)snprintf(item + o, sizeof(item) - o, ",\"value\":");
	if (o < sizeof(item))
		o += json_escape(item + o, sizeof(item) - o, value,
		    strlen(value));
	if (o < sizeof(item))
		o += (size_t)snprintf(item + o, sizeof(item) - o,
		    ",\"source\":");
	if (o < sizeof(item))
		o += json_escape(item + o, sizeof(item) - o, source,
		    strlen(source));
	if (script != NULL && o < sizeof(item)) {
		o += (size_t)snprintf(item + o, sizeof(item) - o,
		    ",\"script\":");
		if (o < sizeof(item))
			o += json_escape(item + o, sizeof(item) - o, script,
			    strlen(script));
	}
	if (o < sizeof(item))
		o += (size_t)snprintf(item + o, sizeof(item) - o, "}");
	if (o >= sizeof(item))
		return;		/* cannot happen with capped fields */
	need = b->len + o + 2;	/* "]" and NUL */
	if (need > IDENT_EVIDENCE_JSON_MAX) {
		b->full = 1;
		return;
	}
	if (need > b->cap) {
		b->cap = need * 2 < IDENT_EVIDENCE_JSON_MAX ? need * 2 :
		    IDENT_EVIDENCE_JSON_MAX;
		b->p = xreallocarray(b->p, 1, b->cap);
	}
	memcpy(b->p + b->len, item, o);
	b->len += o;
	b->p[b->len] = '\0';
	b->n++;
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
	struct ebuf	 eb;
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
	memset(&eb, 0, sizeof(eb));
	eb.cap = 256;
	eb.p = xmalloc(eb.cap);
	eb.p[0] = '[';
	eb.len = 1;
	eb.p[1] = '\0';
	for (k = 0; k < IDENT_NFIELDS; k++) {
		const char	*name = ident_field_names[k];

		if (out->winner[k] == NULL)
			continue;
		if (best[k] == NULL) {
			ebuf_add(&eb, name, out->value[k],
			    k == IDENT_CLASS ? "oui.class" : "oui", NULL);
			continue;
		}
		for (j = 0; j < best[k]->n_ev; j++)
			if (best[k]->ev[j].field == (enum ident_field)k)
				ebuf_add(&eb, name, best[k]->ev[j].value,
				    best[k]->ev[j].source,
				    best[k]->script_id);
	}
	eb.p[eb.len] = ']';
	eb.p[eb.len + 1] = '\0';
	out->evidence_json = eb.p;
	return 0;
}

void
ident_result_free(struct ident_result *r)
{
	if (r == NULL)
		return;
	free(r->evidence_json);
	r->evidence_json = NULL;
}
