/*
 * src/db/advmatch.c - which imported advisories concern which host.
 *
 * A CSAF product tree names a vendor, a product and versions; a host has
 * what identification concluded (vendor, model, device class, firmware)
 * and the maker its MAC address is registered to.  The two rarely spell
 * things alike: "Baxter International Inc" and "Baxter", "DATEX DIVISION
 * OF" (GE's anaesthesia NICs) and "GE Healthcare", "BD (Alaris)" and
 * "Becton, Dickinson and Company (BD)".  So vendor names are folded to a
 * key through a table of known makers; product names and models are
 * compared as sets of significant words ("Sigma Spectrum" is in "Sigma
 * Spectrum Infusion System"); versions go through vers.c.
 *
 * Each link is one of three, and says why:
 *   affected      vendor, product and version match;
 *   possible      vendor and device class match, but the model or the
 *                 version is not known (or the advisory's range is not
 *                 understood): the reason says what would settle it;
 *   not_affected  the product matches, the version is outside the range
 *                 (kept: knowing a device was checked is worth something).
 * Vendor alone never links: without the model the device class must
 * match the class the product's name suggests, so a Philips MRI advisory
 * is never pinned on a Philips patient monitor.  Software a host showed
 * on the wire (firmware "DCMTK 3.6.7") links to an advisory naming that
 * software whoever made the box.  Links are computed when the inventory
 * is loaded, so a new scan or a new import changes them at once; nothing
 * here is stored.  docs/ADVISORIES.md.
 *
 * SBOM components are matched too (advmatch_comp): a component's CPE or
 * purl against the product_identification_helper of each advisory
 * product (advid.c), the version by the identifier or the product's
 * range.  A host linked to an SBOM takes its components' links (the
 * stronger one when its identity linked the same advisory).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-int.h"
#include "iomt/safety.h"

#define KEY_MAX		96
#define WORDS_MAX	16

/* Known makers: the key, then names that fold to it. */
static const struct {
	const char	*key;
	const char	*names[12];
} makers[] = {
	{ "baxter", { "baxter", "baxter international", "baxter healthcare",
	    "hill rom", "hillrom", NULL } },
	{ "philips", { "philips", "koninklijke philips", "philips medical",
	    "philips medical systems", "philips patient monitoring",
	    "philips healthcare", NULL } },
	{ "ge-healthcare", { "ge healthcare", "ge", "gehc",
	    "general electric", "ge medical systems", "datex ohmeda",
	    "datex", "ohmeda", "datex division", NULL } },
	{ "draeger", { "draeger", "drager", "draegerwerk", "dragerwerk",
	    "draeger medical", NULL } },
	{ "siemens-healthineers", { "siemens healthineers", "siemens",
	    "siemens healthcare", "siemens medical solutions", NULL } },
	{ "bd", { "bd", "becton dickinson", "becton dickinson bd",
	    "carefusion", "alaris", "alaris medical systems", "bd alaris",
	    NULL } },
	{ "b-braun", { "b braun", "b braun melsungen", "braun", NULL } },
	{ "medtronic", { "medtronic", "covidien", NULL } },
	{ "smiths-medical", { "smiths medical", "smiths", NULL } },
	{ "icu-medical", { "icu medical", "hospira", NULL } },
	{ "nihon-kohden", { "nihon kohden", NULL } },
	{ "fukuda-denshi", { "fukuda denshi", "fukuda", NULL } },
	{ "mindray", { "mindray", "shenzhen mindray", NULL } },
	{ "offis", { "offis", "dcmtk", "offis dcmtk toolkit", NULL } },
	{ "hp", { "hp", "hewlett packard", "hp inc", "hewlett packard "
	    "enterprise", NULL } },
	{ "lantronix", { "lantronix", NULL } },
};

/* Words dropped from vendor names before they are compared. */
static const char *const corp_words[] = {
	"inc", "incorporated", "corp", "corporation", "co", "company",
	"ltd", "limited", "gmbh", "ag", "kgaa", "llc", "plc", "sa", "nv",
	"bv", "international", "and", "the", "of", "division", "se", "kk",
	"ab", "oy", "spa", "srl", NULL
};

/* Words that say nothing about which product it is. */
static const char *const generic_words[] = {
	"infusion", "system", "systems", "pump", "pumps", "monitor",
	"monitors", "patient", "unit", "series", "family", "model",
	"software", "firmware", "device", "devices", "server", "module",
	"the", "and", "for", "with", "all", "version", "versions", "of",
	"medical", "product", "products", NULL
};

/* Product words -> device class, first hit wins (specific first). */
static const struct {
	const char	*cls;
	const char	*words[14];
} class_words[] = {
	{ "pacs", { "pacs", "orthanc", "vna", NULL } },
	{ "dicom-node", { "dcmtk", "dicom", NULL } },
	{ "server", { "manager", "central", "portal", "gateway", NULL } },
	{ "infusion-pump", { "infusion", "pump", "pumps", "spectrum",
	    "alaris", "plum", "medfusion", "perfusor", "infusomat",
	    "syringe", "pca", NULL } },
	{ "ventilator", { "ventilator", "ventilators", "evita", "savina",
	    "puritan", NULL } },
	{ "anesthesia-machine", { "anesthesia", "anaesthesia", "aisys",
	    "avance", "perseus", "fabius", NULL } },
	{ "patient-monitor", { "monitor", "monitors", "monitoring",
	    "intellivue", "carescape", "infinity", "efficia", "telemetry",
	    "dash", NULL } },
	{ "ultrasound", { "ultrasound", "acuson", "vivid", "logiq", "epiq",
	    NULL } },
	{ "imaging-modality", { "ct", "mri", "mr", "xray", "radiography",
	    "somatom", "magnetom", "fluoroscopy", "angiography",
	    "mammography", "scanner", NULL } },
	{ "serial-bridge", { "uds1100", "uds2100", "xport", "nport",
	    "serial", NULL } },
	{ "lab-analyzer", { "analyzer", "analyser", "rapidpoint", NULL } },
	{ "printer", { "printer", "laserjet", NULL } },
	{ "hl7-interface", { "hl7", NULL } },
	{ "workstation", { "workstation", "viewer", NULL } },
};

/* A list of folded words. */
struct words {
	char	 w[WORDS_MAX][32];
	int	 n;
};

/*
 * The strings of a link that depend only on the product, copied once
 * into the inventory the links are made for (or the matcher's pool).
 */
struct kept {
	int		 done;
	const char	*id, *title, *product, *cves, *vector, *rem, *file,
			*publisher, *version, *released;
};

/* What the matcher keeps of one product. */
struct mprod {
	const struct advisory	*adv;
	const struct csaf_product *p;
	char		 vkey[KEY_MAX];	/* vendor key ("" unknown) */
	struct words	 name;		/* significant words of the name */
	const char	*cls;		/* suggested class, or NULL */
	int		 range_ok;	/* the range text was understood */
	struct vers_range range;
	const char	*range_text;	/* NULL: the advisory gives none */
	int		 st;		/* strongest status; 0 none */
	char		*cves;		/* affecting CVEs, or NULL */
	double		 cvss;		/* highest score among them; -1 */
	const char	*vector;
	char		*rem;		/* their remedies, or NULL */
	struct kept	 kept;
};

struct advmatch {
	struct mprod	*p;
	size_t		 n;
	size_t		*first;		/* advisory i's products start here */
	char		**pool;		/* strings handed out without an inv */
	size_t		 n_pool, cap_pool;
	struct inventory *kept_for;	/* whose pool mprod.kept points into */
	int		 kept_ok;	/* 0: forget mprod.kept first */
};

const char *
adv_match_name(int match)
{
	switch (match) {
	case ADV_AFFECTED:
		return "affected";
	case ADV_POSSIBLE:
		return "possible";
	case ADV_NOT_AFFECTED:
		return "not_affected";
	default:
		return "none";
	}
}

/*
 * Fold s into words: ASCII lower case, German and accented vowels to
 * their base letter ("Dräger" is "drager", so both spellings of the
 * maker meet in the table), anything else not a letter or digit a
 * separator.
 */
static void
fold(const char *s, struct words *out, const char *const *drop)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, l;
	char			 cur[32];
	size_t			 k = 0;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return;
	n = strlen(s);
	for (;;) {
		int	 c = -1;	/* -1: separator */
		uint32_t cp = 0;

		if (i >= n)
			l = 0;
		else if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			l = 1, cp = 0;
		if (l != 0) {
			if (cp < 0x80 && isalnum((int)cp))
				c = tolower((int)cp);
			else if (cp >= 0xe0 && cp <= 0xe5)
				c = 'a';
			else if (cp >= 0xc0 && cp <= 0xc5)
				c = 'a';
			else if ((cp >= 0xf2 && cp <= 0xf6) || cp == 0xf8 ||
			    (cp >= 0xd2 && cp <= 0xd6) || cp == 0xd8)
				c = 'o';
			else if ((cp >= 0xf9 && cp <= 0xfc) ||
			    (cp >= 0xd9 && cp <= 0xdc))
				c = 'u';
			else if ((cp >= 0xe8 && cp <= 0xeb) ||
			    (cp >= 0xc8 && cp <= 0xcb))
				c = 'e';
			i += l;
		}
		if (c >= 0 && k + 1 < sizeof(cur)) {
			cur[k++] = (char)c;
			continue;
		}
		if (c >= 0)
			continue;	/* over-long word: cut */
		if (k > 0) {
			int	 dropped = 0;

			cur[k] = '\0';
			for (size_t d = 0; drop != NULL && drop[d] != NULL; d++)
				if (strcmp(cur, drop[d]) == 0)
					dropped = 1;
			if (!dropped && out->n < WORDS_MAX)
				strlcpy(out->w[out->n++], cur,
				    sizeof(out->w[0]));
			k = 0;
		}
		if (l == 0)
			break;
	}
}

/* The words of w joined by single blanks into dst. */
static void
join(const struct words *w, int from, char *dst, size_t dsize)
{
	size_t	 l = 0;

	dst[0] = '\0';
	for (int i = from; i < w->n && l + 1 < dsize; i++) {
		if (i > from)
			dst[l++] = ' ';
		l += strlcpy(dst + l, w->w[i], dsize - l);
		if (l >= dsize)
			l = dsize - 1;
	}
	dst[l] = '\0';
}

void
advmatch_vendor_key(const char *s, char *dst, size_t dsize)
{
	struct words	 w;
	char		 all[KEY_MAX * 2];
	size_t		 best = 0;
	const char	*key = NULL;

	if (dst == NULL || dsize == 0)
		return;
	dst[0] = '\0';
	fold(s, &w, corp_words);
	if (w.n == 0)
		return;
	join(&w, 0, all, sizeof(all));
	/* The longest known name that starts the folded name, word-wise. */
	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++)
		for (size_t k = 0; makers[i].names[k] != NULL; k++) {
			const char	*nm = makers[i].names[k];
			size_t		 l = strlen(nm);

			if (strncmp(all, nm, l) == 0 && (all[l] == '\0' ||
			    all[l] == ' ') && l > best) {
				best = l;
				key = makers[i].key;
			}
		}
	strlcpy(dst, key != NULL ? key : all, dsize);
}

static int
has_word(const struct words *w, const char *x)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->w[i], x) == 0)
			return 1;
	return 0;
}

const char *
advmatch_product_class(const char *name)
{
	struct words	 w;

	fold(name, &w, NULL);
	for (size_t i = 0; i < sizeof(class_words) / sizeof(class_words[0]);
	    i++)
		for (size_t k = 0; class_words[i].words[k] != NULL; k++)
			if (has_word(&w, class_words[i].words[k]))
				return class_words[i].cls;
	return NULL;
}

/*
 * Drop from w the words of the vendor's name ("Baxter Sigma" is "sigma"),
 * unless nothing would be left.
 */
static void
drop_vendor(struct words *w, const char *vendor)
{
	struct words	 v;
	int		 n = 0;

	fold(vendor, &v, corp_words);
	for (int i = 0; i < w->n; i++)
		if (!has_word(&v, w->w[i]))
			n++;
	/* "Orthanc" made by Orthanc: the name is all there is. */
	if (n == 0)
		return;
	n = 0;
	for (int i = 0; i < w->n; i++)
		if (!has_word(&v, w->w[i]))
			memmove(w->w[n++], w->w[i], sizeof(w->w[0]));
	w->n = n;
}

/* Is every word of a in b? (a non-empty) */
static int
subset(const struct words *a, const struct words *b)
{
	if (a->n == 0)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (!has_word(b, a->w[i]))
			return 0;
	return 1;
}

/* Does a word of w hold a letter and have at least 3 characters? */
static int
telling(const struct words *w)
{
	for (int i = 0; i < w->n; i++) {
		size_t	 l = strlen(w->w[i]);

		for (size_t k = 0; l >= 3 && k < l; k++)
			if (isalpha((unsigned char)w->w[i][k]))
				return 1;
	}
	return 0;
}

/*
 * What the vulnerabilities say about mp: its strongest status, and the
 * CVEs, highest score and remedies of those that affect it.
 */
static void
product_facts(struct mprod *mp)
{
	const struct csaf_doc	*d = mp->adv->doc;
	struct buf		 cves = { 0 }, rem = { 0 };

	mp->cvss = -1;
	for (size_t v = 0; v < d->n_vuln; v++) {
		const struct csaf_vuln *cv = &d->vuln[v];

		for (size_t k = 0; k < cv->n_st; k++) {
			const struct csaf_pstatus *s = &cv->st[k];

			if (strcmp(s->product_id, mp->p->id) != 0)
				continue;
			if (s->status == CSAF_ST_AFFECTED)
				mp->st = CSAF_ST_AFFECTED;
			else if (mp->st != CSAF_ST_AFFECTED && (mp->st == 0 ||
			    s->status == CSAF_ST_INVESTIGATING))
				mp->st = s->status;
			if (s->status != CSAF_ST_AFFECTED)
				continue;
			if (cv->cve != NULL && strstr(buf_str(&cves),
			    cv->cve) == NULL) {
				if (cves.len > 0)
					buf_addc(&cves, ' ');
				buf_add(&cves, cv->cve);
			}
			if (s->cvss > mp->cvss) {
				mp->cvss = s->cvss;
				mp->vector = s->vector;
			}
			if (s->remediation != NULL && rem.len < 16384 &&
			    strstr(buf_str(&rem), s->remediation) == NULL) {
				if (rem.len > 0)
					buf_addc(&rem, '\n');
				buf_add(&rem, s->remediation);
			}
		}
	}
	mp->cves = cves.len > 0 ? buf_steal(&cves) : NULL;
	mp->rem = rem.len > 0 ? buf_steal(&rem) : NULL;
	buf_free(&cves);
	buf_free(&rem);
}

static void
build(struct advisory_set *set)
{
	struct advmatch	*m = xcalloc(1, sizeof(*m));
	size_t		 n = 0, k = 0;

	for (size_t i = 0; i < set->n; i++)
		n += set->adv[i].doc->n_prod;
	m->p = xcalloc(n + 1, sizeof(*m->p));
	m->first = xcalloc(set->n + 1, sizeof(*m->first));
	for (size_t i = 0; i < set->n; i++) {
		const struct advisory *a = &set->adv[i];

		m->first[i] = k;
		for (size_t j = 0; j < a->doc->n_prod; j++) {
			struct mprod		*mp = &m->p[k++];
			const struct csaf_product *p = &a->doc->prod[j];
			const char		*nm = p->name != NULL ?
			    p->name : p->full_name;
			char			 both[2100];

			mp->adv = a;
			mp->p = p;
			if (p->vendor != NULL)
				advmatch_vendor_key(p->vendor, mp->vkey,
				    sizeof(mp->vkey));
			else
				advmatch_vendor_key(p->full_name, mp->vkey,
				    sizeof(mp->vkey));
			fold(nm, &mp->name, generic_words);
			drop_vendor(&mp->name, p->vendor);
			snprintf(both, sizeof(both), "%s %s", nm != NULL ? nm :
			    "", p->full_name != NULL ? p->full_name : "");
			mp->cls = advmatch_product_class(both);
			mp->range_text = p->range != NULL ? p->range :
			    p->version;
			if (mp->range_text == NULL) {
				mp->range.all = 1;
				mp->range_ok = 1;
			} else
				mp->range_ok = vers_range_parse(mp->range_text,
				    &mp->range) == 0;
			product_facts(mp);
		}
	}
	m->first[set->n] = k;
	m->n = k;
	set->m = m;
}

struct advmatch *
advmatch_free(struct advmatch *m)
{
	if (m == NULL)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		free(m->p[i].cves);
		free(m->p[i].rem);
	}
	for (size_t i = 0; i < m->n_pool; i++)
		free(m->pool[i]);
	free(m->pool);
	free(m->first);
	free(m->p);
	free(m);
	return NULL;
}

/* A copy of s owned by inv's pool, or by m's when inv is NULL. */
static const char *
keep(struct advmatch *m, struct inventory *inv, const char *s)
{
	char	*c;

	if (s == NULL)
		return NULL;
	if (inv != NULL)
		return db_inv_keep(inv, s);
	if (m->n_pool == m->cap_pool) {
		m->cap_pool = m->cap_pool != 0 ? m->cap_pool * 2 : 64;
		m->pool = xreallocarray(m->pool, m->cap_pool,
		    sizeof(*m->pool));
	}
	c = xstrdup(s);
	m->pool[m->n_pool++] = c;
	return c;
}

/* Are host class hc and product class pc the same kind of device? */
static int
class_fits(const char *hc, const char *pc)
{
	if (hc == NULL || pc == NULL || strcmp(hc, "unknown") == 0)
		return 0;
	if (strcmp(hc, pc) == 0)
		return 1;
	/* "medical-device" is what identity says before it knows more. */
	if (strcmp(hc, "medical-device") == 0 &&
	    device_class_kind(pc) == DEVCLASS_MEDICAL)
		return 1;
	/* A PACS is a DICOM node too. */
	if ((strcmp(hc, "pacs") == 0 && strcmp(pc, "dicom-node") == 0) ||
	    (strcmp(hc, "dicom-node") == 0 && strcmp(pc, "pacs") == 0))
		return 1;
	return 0;
}

/* What a host offers the matcher, folded once. */
struct mhost {
	char		 vkey[2][KEY_MAX];
	struct words	 model;
	struct words	 sw;		/* firmware and OS text */
	const char	*cls;
	const char	*vendor;	/* for reasons */
	const char	*model_text;
	const char	*firmware;
};

/* One candidate link while a host is matched. */
struct cand {
	int		 match;
	char		 reason[512];
	struct mprod	*mp;
};


/*
 * Decide the link of host mh to product mp; 0 when none.  *fit says how
 * well the product names the host: 2 when all the product's words are in
 * the model (or the software shown), 1 when only the model's words are
 * in the product's ("Sigma Spectrum" in "Sigma Spectrum Wireless Battery
 * Module"), 0 without a model.
 */
static int
judge(const struct mhost *mh, const struct mprod *mp, char *why,
    size_t wsize, int *fit)
{
	const char	*pname = mp->p->name != NULL ? mp->p->name :
	    mp->p->full_name;
	char		 rng[160], fw[64];
	int		 vendor = 0, sw = 0, model = 0, st, in;

	*fit = 0;

	for (int i = 0; i < 2; i++)
		if (mh->vkey[i][0] != '\0' && mp->vkey[0] != '\0' &&
		    strcmp(mh->vkey[i], mp->vkey) == 0)
			vendor = 1;
	/* Software on the wire: "DCMTK 3.6.7" names the product DCMTK. */
	if (telling(&mp->name) && subset(&mp->name, &mh->sw))
		sw = 1;
	if (!vendor && !sw)
		return 0;
	/*
	 * The class contradicts the product: no link.  Software shown on
	 * the wire is exempt (DCMTK on a workstation is still DCMTK).
	 */
	if (!sw && mh->cls != NULL && mp->cls != NULL &&
	    !class_fits(mh->cls, mp->cls) && strcmp(mh->cls, "unknown") != 0)
		return 0;
	*fit = sw ? 2 : 0;
	if (mh->model.n > 0) {
		if (subset(&mp->name, &mh->model)) {
			model = 1;
			*fit = 2;
		} else if (subset(&mh->model, &mp->name)) {
			model = 1;
			if (*fit < 1)
				*fit = 1;
		}
	}
	if (vendor && !sw && mh->model.n > 0 && !model)
		return 0;	/* another product of the same maker */
	st = mp->st;
	if (st == 0)
		return 0;	/* the advisory says nothing about it */
	if (mp->range_ok)
		vers_range_describe(&mp->range, rng, sizeof(rng));
	else
		snprintf(rng, sizeof(rng), "\"%s\"", mp->range_text);
	if (!model && !sw) {
		if (!class_fits(mh->cls, mp->cls))
			return 0;	/* vendor alone */
		snprintf(why, wsize, "vendor %s and class %s match %s (%s %s);"
		    " the model is not known: identify the model and firmware"
		    " (a scan that reaches the device, or its label) to settle"
		    " it", mh->vendor, mh->cls, pname,
		    db_advisory_status_name(st), rng);
		return st == CSAF_ST_AFFECTED || st == CSAF_ST_INVESTIGATING ?
		    ADV_POSSIBLE : 0;
	}
	/* The product matches (by model or by the software shown). */
	if (mp->range_ok && mp->range.all && st == CSAF_ST_AFFECTED) {
		snprintf(why, wsize, "%s %s matches %s, and the advisory %s",
		    sw ? "software" : "model", sw ? mh->firmware :
		    mh->model_text, pname, mp->range_text != NULL ?
		    "covers all versions" : "gives no version (so all)");
		return ADV_AFFECTED;
	}
	if (mh->firmware == NULL || vers_clean(mh->firmware, fw,
	    sizeof(fw)) != 0) {
		if (st != CSAF_ST_AFFECTED && st != CSAF_ST_INVESTIGATING)
			return 0;
		snprintf(why, wsize, "%s matches %s; the firmware version is "
		    "not known: read it from the device to settle it "
		    "(affected: %s)", sw ? "the software shown" : "the model",
		    pname, rng);
		return ADV_POSSIBLE;
	}
	if (!mp->range_ok) {
		if (st != CSAF_ST_AFFECTED && st != CSAF_ST_INVESTIGATING)
			return 0;
		snprintf(why, wsize, "%s matches %s; the advisory's versions "
		    "%s are not understood: compare firmware %s by hand",
		    sw ? "the software shown" : "the model", pname, rng, fw);
		return ADV_POSSIBLE;
	}
	in = vers_range_match(&mp->range, fw);
	if (in == VERS_IN && st == CSAF_ST_AFFECTED) {
		snprintf(why, wsize, "%s %s matches %s and version %s is in "
		    "the affected range %s", sw ? "software" : "model",
		    sw ? mh->firmware : mh->model_text, pname, fw, rng);
		return ADV_AFFECTED;
	}
	if (in == VERS_IN && st == CSAF_ST_INVESTIGATING) {
		snprintf(why, wsize, "%s version %s is under investigation by "
		    "the vendor (%s)", pname, fw, rng);
		return ADV_POSSIBLE;
	}
	if (in == VERS_IN) {
		snprintf(why, wsize, "%s version %s is listed as %s (%s)",
		    pname, fw, db_advisory_status_name(st), rng);
		return ADV_NOT_AFFECTED;
	}
	if (in == VERS_OUT && st == CSAF_ST_AFFECTED) {
		snprintf(why, wsize, "%s matches, but version %s is outside "
		    "the affected range %s", pname, fw, rng);
		return ADV_NOT_AFFECTED;
	}
	return 0;
}

/* Forget strings kept for another inventory than inv. */
static void
kept_for(struct advisory_set *set, struct inventory *inv)
{
	if (set->m == NULL)
		build(set);
	/* The kept strings belong to one inventory's pool at a time. */
	if (!set->m->kept_ok || set->m->kept_for != inv) {
		for (size_t i = 0; i < set->m->n; i++)
			set->m->p[i].kept.done = 0;
		set->m->kept_for = inv;
		set->m->kept_ok = 1;
	}
}

/* Append the link of advisory a through product mp to *res (*nres). */
static void
add_link(struct advisory_set *set, struct inventory *inv,
    const struct advisory *a, struct mprod *mp, int match,
    const char *reason, struct inv_advisory **res, size_t *nres)
{
	struct inv_advisory	*ia;

	if (!mp->kept.done) {
		struct kept	*k = &mp->kept;

		k->id = keep(set->m, inv, a->doc->tracking_id);
		k->title = keep(set->m, inv, a->doc->title);
		k->product = keep(set->m, inv, mp->p->full_name);
		k->cves = keep(set->m, inv, mp->cves);
		k->vector = keep(set->m, inv, mp->vector);
		k->rem = keep(set->m, inv, mp->rem);
		k->file = keep(set->m, inv, a->file);
		k->publisher = keep(set->m, inv, a->doc->publisher);
		k->version = keep(set->m, inv, a->doc->version);
		k->released = keep(set->m, inv, a->doc->current_release);
		k->done = 1;
	}
	if (*nres % 8 == 0)
		*res = xreallocarray(*res, *nres + 8, sizeof(**res));
	ia = &(*res)[(*nres)++];
	memset(ia, 0, sizeof(*ia));
	ia->id = mp->kept.id;
	ia->title = mp->kept.title;
	ia->match = match;
	ia->reason = keep(set->m, inv, reason);
	ia->product = mp->kept.product;
	ia->cves = mp->kept.cves;
	ia->cvss = mp->cvss;
	ia->vector = mp->kept.vector;
	ia->remediation = mp->kept.rem;
	ia->file = mp->kept.file;
	ia->publisher = mp->kept.publisher;
	ia->version = mp->kept.version;
	ia->released = mp->kept.released;
}

/* Best match first, then the highest score, then the id. */
static void
sort_links(struct inv_advisory *res, size_t nres)
{
	for (size_t i = 1; i < nres; i++) {
		struct inv_advisory	 x = res[i];
		size_t			 j = i;

		while (j > 0 && (res[j - 1].match < x.match ||
		    (res[j - 1].match == x.match && (res[j - 1].cvss <
		    x.cvss || (res[j - 1].cvss == x.cvss &&
		    strcmp(res[j - 1].id, x.id) > 0))))) {
			res[j] = res[j - 1];
			j--;
		}
		res[j] = x;
	}
}

/*
 * Decide the link of SBOM component c to product mp through the CPE or
 * purl both give; 0 when none.
 */
static int
judge_comp(const struct inv_sbom_comp *c, const struct mprod *mp,
    char *why, size_t wsize)
{
	const struct csaf_product *p = mp->p;
	const char	*how = "CPE", *aid = "";
	struct advid_cpe ac;
	struct advid_purl ap;
	char		 rng[160];
	int		 m = ADVID_NONE, st = mp->st;

	if (st == 0)
		return 0;
	if (p->cpe != NULL && c->cpe != NULL) {
		m = advid_cpe_match(p->cpe, p->range, p->version, c->cpe,
		    c->version);
		how = "CPE";
		aid = p->cpe;
	}
	if (m == ADVID_NONE && p->purl != NULL && c->purl != NULL) {
		m = advid_purl_match(p->purl, p->range, p->version, c->purl,
		    c->version);
		how = "purl";
		aid = p->purl;
	}
	if (m == ADVID_NONE)
		return 0;
	if (strcmp(how, "CPE") == 0 && advid_cpe_parse(aid, &ac) == 0 &&
	    strcmp(ac.version, "*") != 0 && strcmp(ac.version, "-") != 0)
		strlcpy(rng, ac.version, sizeof(rng));
	else if (strcmp(how, "purl") == 0 && advid_purl_parse(aid, &ap) ==
	    0 && ap.version[0] != '\0')
		strlcpy(rng, ap.version, sizeof(rng));
	else if (mp->range_ok)
		vers_range_describe(&mp->range, rng, sizeof(rng));
	else if (mp->range_text != NULL)
		snprintf(rng, sizeof(rng), "\"%s\"", mp->range_text);
	else
		strlcpy(rng, p->version != NULL ? p->version : "as named",
		    sizeof(rng));
	switch (m) {
	case ADVID_IN:
		snprintf(why, wsize, "SBOM component %s %s matches %s %s "
		    "(versions %s, listed as %s)", c->name, c->version != NULL ?
		    c->version : "", how, aid, rng,
		    db_advisory_status_name(st));
		if (st == CSAF_ST_AFFECTED)
			return ADV_AFFECTED;
		return st == CSAF_ST_INVESTIGATING ? ADV_POSSIBLE :
		    ADV_NOT_AFFECTED;
	case ADVID_OUT:
		if (st != CSAF_ST_AFFECTED)
			return 0;
		snprintf(why, wsize, "SBOM component %s %s matches %s %s, but "
		    "the version is outside the affected versions %s",
		    c->name, c->version != NULL ? c->version : "", how, aid,
		    rng);
		return ADV_NOT_AFFECTED;
	default:
		if (st != CSAF_ST_AFFECTED && st != CSAF_ST_INVESTIGATING)
			return 0;
		snprintf(why, wsize, "SBOM component %s matches %s %s; its "
		    "version is not known or the range %s is not understood",
		    c->name, how, aid, rng);
		return ADV_POSSIBLE;
	}
}

/*
 * The advisories of set whose products name SBOM component c by CPE or
 * purl, best first, into c->adv (strings in inv's pool).
 */
static void
advmatch_comp(struct advisory_set *set, struct inventory *inv,
    struct inv_sbom_comp *c)
{
	struct inv_advisory	*res = NULL;
	size_t			 nres = 0;

	if (c->cpe == NULL && c->purl == NULL)
		return;
	for (size_t i = 0; i < set->n; i++) {
		struct mprod	*best = NULL;
		char		 bw[512], why[512];
		int		 bm = 0;

		for (size_t k = set->m->first[i]; k < set->m->first[i + 1];
		    k++) {
			int	 m = judge_comp(c, &set->m->p[k], why,
			    sizeof(why));

			if (m > bm) {
				bm = m;
				best = &set->m->p[k];
				strlcpy(bw, why, sizeof(bw));
			}
		}
		if (best != NULL)
			add_link(set, inv, &set->adv[i], best, bm, bw, &res,
			    &nres);
	}
	sort_links(res, nres);
	c->adv = res;
	c->n_adv = nres;
}

/*
 * Add the links of the components of host h's SBOM to *res: a new
 * advisory is appended, one already linked is replaced when the
 * component's link is stronger.
 */
static void
merge_sbom(const struct inv_host *h, struct inv_advisory **res,
    size_t *nres)
{
	if (h->sbom == NULL)
		return;
	for (size_t k = 0; k < h->sbom->n_comp; k++) {
		const struct inv_sbom_comp *c = &h->sbom->comp[k];

		for (size_t j = 0; j < c->n_adv; j++) {
			const struct inv_advisory *ca = &c->adv[j];
			size_t	 i;

			for (i = 0; i < *nres; i++)
				if (strcmp((*res)[i].id, ca->id) == 0)
					break;
			if (i < *nres) {
				if (ca->match > (*res)[i].match)
					(*res)[i] = *ca;
				continue;
			}
			if (*nres % 8 == 0)
				*res = xreallocarray(*res, *nres + 8,
				    sizeof(**res));
			(*res)[(*nres)++] = *ca;
		}
	}
}

void
advmatch_host(struct advisory_set *set, const struct inv_host *h,
    struct inventory *inv, struct inv_advisory **out, size_t *n)
{
	struct mhost		 mh;
	struct inv_advisory	*res = NULL;
	size_t			 nres = 0, i;
	const struct inv_identity *id;

	*out = NULL;
	*n = 0;
	if (set == NULL || h == NULL || set->n == 0)
		return;
	kept_for(set, inv);
	id = h->identity;
	memset(&mh, 0, sizeof(mh));
	if (id != NULL) {
		char	 both[512];

		advmatch_vendor_key(id->vendor, mh.vkey[0], KEY_MAX);
		fold(id->model, &mh.model, generic_words);
		drop_vendor(&mh.model, id->vendor);
		snprintf(both, sizeof(both), "%s %s", id->firmware != NULL ?
		    id->firmware : "", id->os != NULL ? id->os : "");
		fold(both, &mh.sw, NULL);
		mh.cls = id->device_class;
		mh.vendor = id->vendor;
		mh.model_text = id->model;
		mh.firmware = id->firmware;
	}
	/*
	 * The MAC's registry names the maker of the network interface (a
	 * Lantronix module in a pump); it stands in only when identification
	 * named no vendor.
	 */
	if (mh.vkey[0][0] == '\0')
		advmatch_vendor_key(h->oui_vendor, mh.vkey[1], KEY_MAX);
	if (mh.vendor == NULL)
		mh.vendor = h->oui_vendor != NULL ? h->oui_vendor : "?";
	for (i = 0; i < set->n; i++) {
		const struct advisory	*a = &set->adv[i];
		struct cand		 best = { 0 };
		int			 bestfit = -1;

		for (size_t k = set->m->first[i]; k < set->m->first[i + 1];
		    k++) {
			struct mprod	*pm = &set->m->p[k];
			char		 why[512];
			int		 m, fit;

			why[0] = '\0';
			m = judge(&mh, pm, why, sizeof(why), &fit);
			/* The product that names the host best decides. */
			if (m > 0 && (fit > bestfit || (fit == bestfit &&
			    m > best.match))) {
				bestfit = fit;
				best.match = m;
				best.mp = pm;
				strlcpy(best.reason, why, sizeof(best.reason));
			}
		}
		if (best.match == 0)
			continue;
		add_link(set, inv, a, best.mp, best.match, best.reason, &res,
		    &nres);
	}
	merge_sbom(h, &res, &nres);
	sort_links(res, nres);
	*out = res;
	*n = nres;
}

int
db_adv_attach(struct db *db, struct inventory *inv)
{
	int64_t		 dv = -1;
	int		 r;

	if (inv->n_host == 0 && inv->n_sbom == 0)
		return 0;
	if ((r = db_pragma_int(db, "PRAGMA data_version", &dv, NULL)) != 0)
		return r;
	if (db->adv_cache == NULL || db->adv_dv != dv) {
		db->adv_cache = db_advisories_free(db->adv_cache);
		if ((r = db_advisories_load(db, NULL, &db->adv_cache)) != 0)
			return r;
		db->adv_dv = dv;
	}
	/* inv is new: nothing kept for an earlier one may be reused. */
	if (db->adv_cache->m != NULL)
		db->adv_cache->m->kept_ok = 0;
	if (db->adv_cache->n > 0) {
		kept_for(db->adv_cache, inv);
		for (size_t i = 0; i < inv->n_sbom; i++)
			for (size_t k = 0; k < inv->sbom[i].n_comp; k++)
				advmatch_comp(db->adv_cache, inv,
				    &inv->sbom[i].comp[k]);
	}
	for (size_t i = 0; i < inv->n_host; i++)
		advmatch_host(db->adv_cache, &inv->host[i], inv,
		    &inv->host[i].adv, &inv->host[i].n_adv);
	return 0;
}
