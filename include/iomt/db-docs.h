/*
 * db-docs.h - what is published about devices, kept in the inventory
 * layer (src/db/): offline security advisories (the CSAF 2.0 reader,
 * version ranges, stored advisories and their links to hosts) and the
 * makers' documents per model (MDS2 forms, vendor SBOMs).  A subsystem
 * of its own so the SQLite store's API (db.h) stays one readable file;
 * the links are computed when the read model is loaded, so every view
 * gives one answer.  docs/ADVISORIES.md, docs/MDS2.md.
 */
#ifndef IOMT_DB_DOCS_H
#define IOMT_DB_DOCS_H

#include "iomt/db.h"

/* ------------------------------------------------------------------ */
/*
 * Version ranges (src/db/vers.c): the `vers:` syntax and the free text
 * advisories use ("v6.x", "<= 20D32", "prior to 1.5.8", "8.2 and prior",
 * "versions 1.0 through 2.3", "all versions").  Pure functions: no
 * state, no allocation.
 */
#define VERS_MAX_TERMS	16	/* intervals in one range */
#define VERS_TEXT_MAX	256	/* longest range text understood */

/* One end of an interval: version text without 'v' or the wildcard. */
struct vers_bound {
	char	 v[64];
	int	 set;		/* 0: open (minus or plus infinity) */
	int	 incl;		/* the bound itself is in */
	int	 wild;		/* "6.x": compare only its segments */
};

/* One interval lo..hi, or with neg an excluded version ("!=2.0"). */
struct vers_term {
	struct vers_bound lo, hi;
	int	 neg;
};

/* A range: the union of its terms, or every version. */
struct vers_range {
	int	 all;
	int	 n;
	struct vers_term t[VERS_MAX_TERMS];
};

#define VERS_OUT	0	/* the version is outside the range */
#define VERS_IN		1	/* inside */
#define VERS_UNKNOWN	2	/* the version is not a version */

/*
 * Compare version strings a and b segment by segment (digit runs as
 * numbers, letter runs case-insensitively, other bytes separate).
 * Returns <0, 0 or >0; NULL sorts first.
 */
int	vers_cmp(const char *a, const char *b);

/*
 * Parse range text s (a `vers:` string or free text) into *out (cleared
 * first).  Return 0, IOMT_EPROTO when the text is not understood (then
 * *out is empty) or IOMT_EINVAL for NULL arguments.
 */
int	vers_range_parse(const char *s, struct vers_range *out);

/*
 * The version in text s ("Firmware V8.00.01 (build 7)" gives "8.00.01")
 * copied into dst (size dsize).  Return 0, IOMT_EPROTO when s holds no
 * version, IOMT_ELIMIT when it does not fit, IOMT_EINVAL.
 */
int	vers_clean(const char *s, char *dst, size_t dsize);

/*
 * Whether the version in text version is in range r: VERS_IN, VERS_OUT,
 * or VERS_UNKNOWN when version holds no version (or is NULL).
 */
int	vers_range_match(const struct vers_range *r, const char *version);

/* r for people ("<= 8.00.01 or 9.x") into dst (size dsize). */
void	vers_range_describe(const struct vers_range *r, char *dst,
	    size_t dsize);

/* ------------------------------------------------------------------ */
/*
 * Product identifiers (src/db/advid.c): CPE names (2.3 formatted
 * strings "cpe:2.3:a:openssl:openssl:1.0.2k:*:..." and 2.2 URIs
 * "cpe:/a:openssl:openssl:1.0.2k") and package URLs
 * ("pkg:deb/debian/openssl@1.1.1n?arch=amd64"), normalised and compared
 * so an SBOM component meets the advisory product that names it.  Pure
 * functions: no state, no allocation.
 */
#define ADVID_FIELD_MAX	128	/* bytes of one normalised field */

/* The fields of a CPE that say what and which version, lower case and
 * unescaped; "*" any, "-" not applicable ("" is "*"). */
struct advid_cpe {
	char	 part[4];
	char	 vendor[ADVID_FIELD_MAX];
	char	 product[ADVID_FIELD_MAX];
	char	 version[ADVID_FIELD_MAX];
};

/* A package URL without qualifiers and subpath; type lower case,
 * namespace and name percent-decoded; version "" when none. */
struct advid_purl {
	char	 type[32];
	char	 ns[ADVID_FIELD_MAX];
	char	 name[ADVID_FIELD_MAX];
	char	 version[ADVID_FIELD_MAX];
};

#define ADVID_NONE	0	/* a different product */
#define ADVID_OUT	1	/* the product, another version */
#define ADVID_IN	2	/* the product and the version */
#define ADVID_UNKNOWN	3	/* the product; the version is not known */

/*
 * Parse CPE s (2.3 formatted string or 2.2 URI; the prefix
 * case-insensitive) into *out.  Return 0, IOMT_EPROTO when s is not a
 * CPE or a field is longer than ADVID_FIELD_MAX, IOMT_EINVAL for NULL.
 */
int	advid_cpe_parse(const char *s, struct advid_cpe *out);

/*
 * Parse package URL s ("pkg:TYPE/NAMESPACE/NAME@VERSION?Q#SUB") into
 * *out, ignoring qualifiers and subpath.  Return 0, IOMT_EPROTO when s
 * is not a purl or a part is too long, IOMT_EINVAL for NULL.
 */
int	advid_purl_parse(const char *s, struct advid_purl *out);

/*
 * Does the component identified by CPE ccpe (version cver when its own
 * is "*" or "-"; cver may be NULL) fall under the advisory product
 * identified by CPE acpe, whose versions are arange (a range text for
 * vers.c, or NULL) or aver (a version, or NULL) when acpe's version is
 * "*" or "-"?  Part, vendor and product must be equal (ASCII case
 * folded; "*" matches anything, but an advisory product of "*" never
 * matches); the version equal by vers_cmp(), or in the range.  An
 * advisory naming no version at all covers every version.  Returns
 * ADVID_*; ADVID_NONE when either does not parse.
 */
int	advid_cpe_match(const char *acpe, const char *arange,
	    const char *aver, const char *ccpe, const char *cver);

/*
 * As advid_cpe_match() for package URLs apurl and cpurl: type,
 * namespace and name equal (ASCII case folded), qualifiers ignored.
 */
int	advid_purl_match(const char *apurl, const char *arange,
	    const char *aver, const char *cpurl, const char *cver);

/* ------------------------------------------------------------------ */
/*
 * CSAF 2.0 advisories (src/db/csaf.c): the reader, with limits.  A
 * document is either read whole or refused with the JSON path and the
 * reason; nothing of a refused document is kept.
 */
#define CSAF_FILE_MAX	(8 * 1024 * 1024)	/* bytes of one document */

/* A product of the product tree, with what its branches said. */
struct csaf_product {
	char	*id;		/* product_id */
	char	*vendor;	/* branch "vendor", or NULL */
	char	*name;		/* "product_name" (or "product_family") */
	char	*version;	/* "product_version", or NULL */
	char	*range;		/* "product_version_range", or NULL */
	char	*full_name;	/* the product's own name */
	char	*cpe;		/* product_identification_helper, or NULL */
	char	*purl;		/* product_identification_helper, or NULL */
};

#define CSAF_ST_AFFECTED	1	/* known/first/last_affected */
#define CSAF_ST_NOT_AFFECTED	2	/* known_not_affected */
#define CSAF_ST_FIXED		3	/* fixed, first_fixed, recommended */
#define CSAF_ST_INVESTIGATING	4	/* under_investigation */

/* What a vulnerability says about one product. */
struct csaf_pstatus {
	char	*product_id;
	int	 status;	/* CSAF_ST_* */
	double	 cvss;		/* highest CVSS 3 base score; -1 none */
	char	*vector;	/* its vector string, or NULL */
	char	*remediation;	/* "vendor_fix: ...", lines; or NULL */
};

struct csaf_vuln {
	char	*cve;		/* or NULL */
	char	*title;		/* or NULL */
	struct csaf_pstatus *st;
	size_t	 n_st;
};

struct csaf_doc {
	char	*tracking_id;
	char	*version;	/* tracking version, "3" or "1.2.0" */
	char	*status;	/* "final", "interim", "draft" */
	char	*initial_release;	/* ISO 8601 as written */
	char	*current_release;
	char	*title;
	char	*category;	/* "csaf_security_advisory", ... */
	char	*publisher;
	char	*publisher_ns;	/* or NULL */
	struct csaf_product *prod;
	size_t	 n_prod;
	struct csaf_vuln *vuln;
	size_t	 n_vuln;
};

/*
 * Parse the CSAF 2.0 document in buf (len bytes) into a new *out.
 * Return 0, or IOMT_EPROTO with "JSON-PATH: reason" in err (size
 * errlen) when it is refused: not JSON, not CSAF 2.0, a missing or
 * mistyped member, more than CSAF_FILE_MAX bytes, nested too deep, too
 * many products or statuses, an over-long string or one holding control
 * characters, a product id used but not defined.  IOMT_EINVAL for NULL
 * arguments.  On failure *out is NULL.  Allocates in proportion to the
 * document (bounded by the limits); never aborts on input.
 */
int	csaf_parse(const char *buf, size_t len, struct csaf_doc **out,
	    char *err, size_t errlen);

/*
 * As csaf_parse() for the file at path (read whole, at most
 * CSAF_FILE_MAX bytes).  Returns -errno when it cannot be read.
 */
int	csaf_read(const char *path, struct csaf_doc **out, char *err,
	    size_t errlen);

/* Free d.  NULL-safe; returns NULL. */
struct csaf_doc *csaf_free(struct csaf_doc *d);

/* ------------------------------------------------------------------ */
/*
 * Imported advisories (src/db/advisory.c) and their links to hosts
 * (src/db/advmatch.c).  docs/ADVISORIES.md.
 */

/* What db_advisory_import() did with a document. */
#define DB_ADV_NEW	1	/* first revision of its tracking id */
#define DB_ADV_UPDATED	2	/* newer than the stored one: replaced it */
#define DB_ADV_SAME	3	/* the stored revision: nothing changed */
#define DB_ADV_OLDER	4	/* older than the stored one: left out */

/*
 * Store document d, read from file (the name kept as its provenance), in
 * one transaction: a new tracking id is inserted; a newer revision
 * (tracking version, then current_release_date) replaces the stored one
 * with all its products and vulnerabilities; the same or an older one
 * changes nothing.  *outcome (may be NULL) receives DB_ADV_*; had (may
 * be NULL, size hadlen) the stored revision ("version 1 of DATE") when
 * there was one.  Return 0, IOMT_EINVAL (read-only db) or IOMT_EDB (then
 * nothing of d is stored).
 */
int	db_advisory_import(struct db *db, const struct csaf_doc *d,
	    const char *file, int *outcome, char *had, size_t hadlen);

/*
 * Order two revisions: version va with current release da against vb,
 * db_.  Returns >0 when a is newer, 0 the same, <0 older.  Pure.
 */
int	db_advisory_newer(const char *va, const char *da, const char *vb,
	    const char *db_);

/* "affected", "not_affected", "fixed", "under_investigation". */
const char *db_advisory_status_name(int status);

/* One stored advisory: the document as read back, and its provenance. */
struct advisory {
	int64_t		 id;
	char		*file;		/* the file it was imported from */
	int64_t		 imported;	/* when, Unix seconds */
	struct csaf_doc	*doc;
};

struct advmatch;

/* The stored advisories, by id (import order). */
struct advisory_set {
	struct advisory	*adv;
	size_t		 n;
	struct advmatch	*m;	/* the matcher's index, built on first use */
};

/*
 * Load every stored advisory (tracking_id NULL) or the one with that
 * tracking id into a new *out (free with db_advisories_free()).  Runs in
 * the caller's read transaction when one is open.  Return 0,
 * IOMT_ENOTFOUND (no such tracking id), IOMT_EINVAL or IOMT_EDB; on
 * failure *out is NULL.
 */
int	db_advisories_load(struct db *db, const char *tracking_id,
	    struct advisory_set **out);

/* Free set.  NULL-safe; returns NULL. */
struct advisory_set *db_advisories_free(struct advisory_set *set);

/* How an advisory relates to a host, best first. */
#define ADV_NOT_AFFECTED	1	/* product matches, version outside */
#define ADV_POSSIBLE		2	/* vendor and class match; unsettled */
#define ADV_AFFECTED		3	/* vendor, product and version match */

/* "affected", "possible", "not_affected" (or "none"). */
const char *adv_match_name(int match);

/* One advisory linked to a host (the read model and advmatch_host()). */
struct inv_advisory {
	const char	*id;		/* tracking id */
	const char	*title;
	int		 match;		/* ADV_* */
	const char	*reason;	/* for people: why, and what settles it */
	const char	*product;	/* the advisory's product that matched */
	const char	*cves;		/* "CVE-... CVE-...", or NULL */
	double		 cvss;		/* highest CVSS 3 base score; -1 none */
	const char	*vector;	/* its vector, or NULL */
	const char	*remediation;	/* or NULL */
	const char	*file;		/* provenance: the imported file */
	const char	*publisher;
	const char	*version;	/* tracking version */
	const char	*released;	/* current_release_date */
};

/*
 * The advisories of set that concern host h (identity vendor, model,
 * device class and firmware; OUI vendor), best match first, into a new
 * array *out of *n (free() it; its strings belong to set or to inv's
 * pool when inv is not NULL, else to set's matcher, which lives until
 * db_advisories_free()).  A host is linked only when the vendor matches
 * and the product or the device class does, or when the software the
 * host showed (firmware text) names the product; vendor alone never
 * links.  Never fails; builds set's index on first use.
 */
void	advmatch_host(struct advisory_set *set, const struct inv_host *h,
	    struct inventory *inv, struct inv_advisory **out, size_t *n);

/* Free the matcher's index.  NULL-safe; returns NULL. */
struct advmatch *advmatch_free(struct advmatch *m);

/*
 * The canonical key of vendor name s ("Philips Medical Systems" and
 * "Philips Patient Monitoring" give "philips", "DATEX DIVISION OF" and
 * "GE Healthcare" give "ge-healthcare") into dst (size dsize): a known
 * maker's key, else s folded (lower case, no punctuation or company
 * suffix).  Empty when s is NULL or folds to nothing.  Pure.
 */
void	advmatch_vendor_key(const char *s, char *dst, size_t dsize);

/*
 * The device class a product name suggests ("infusion-pump" for "Sigma
 * Spectrum Infusion System"), or NULL when it says none.  Pure.
 */
const char *advmatch_product_class(const char *name);

/* ------------------------------------------------------------------ */
/*
 * The maker's documents for a model (src/db/devdocs.c): the MDS2 form
 * (ANSI/NEMA HN 1-2019 and 2013, and the Japanese JAHIS/JIRA MDS/SDS
 * with the same question IDs) and the vendor's SBOM (CycloneDX, SPDX).
 * The readers build these structs (the MDS2 form in the ledger layer,
 * which reads spreadsheets; the SBOM in src/db/sbom.c); this layer
 * stores them per vendor and model, with provenance, and links them to
 * hosts by normalised vendor and model when the inventory is loaded.
 * docs/MDS2.md.
 */
#define MDS2_A_NONE	0	/* no answer given */
#define MDS2_A_YES	1
#define MDS2_A_NO	2
#define MDS2_A_NA	3	/* N/A, 該当なし */
#define MDS2_A_SEE_NOTE	4
#define MDS2_A_TEXT	5	/* free text (DOC-* rows) */

#define MDS2_MAX_ITEMS	4000	/* questions in one form */
#define MDS2_TEXT_MAX	8192	/* bytes of one answer, question, note */

struct mds2_item {
	char	*qid;
	int	 answer;	/* MDS2_A_* */
	char	*text;		/* the answer as written, or NULL */
	char	*question;	/* or NULL */
	char	*note;		/* or NULL */
	size_t	 row;		/* 1-based row of the file */
};

struct mds2_doc {
	char	*vendor;	/* required */
	char	*model;		/* required */
	char	*version;	/* the rest may be NULL */
	char	*doc_id;
	char	*doc_date;
	char	*revision;	/* required */
	const char *format;	/* static: "xlsx", "csv", "tsv" */
	struct mds2_item *item;
	size_t	 n_item;
};

/* Free d and what it owns.  NULL-safe; returns NULL. */
struct mds2_doc *mds2_doc_free(struct mds2_doc *d);

/* "yes", "no", "n/a", "see note", "text" or "" for MDS2_A_*.  Pure. */
const char *mds2_answer_name(int answer);

/*
 * The item of m whose question ID is qid (case-insensitive), or NULL.
 * Pure.
 */
const struct inv_mds2_item *db_mds2_item(const struct inv_mds2 *m,
	    const char *qid);

/*
 * Store form d, read from file (kept as provenance with the import
 * time), in one transaction: a form for the same normalised vendor and
 * model replaces the stored one with all its answers.  *replaced (may
 * be NULL) is set to 1 when one was replaced.  Return 0, IOMT_EINVAL
 * (a required field missing, read-only db; nothing written) or IOMT_EDB
 * (nothing of d is stored).
 */
int	db_mds2_import(struct db *db, const struct mds2_doc *d,
	    const char *file, int *replaced);

#define SBOM_FILE_MAX	(16 * 1024 * 1024)	/* bytes of one document */
#define SBOM_MAX_COMPONENTS	20000
#define SBOM_DEPTH_MAX	32	/* JSON nesting */
#define SBOM_STR_MAX	2048	/* bytes of one field */

struct sbom_comp {
	char	*name;		/* required */
	char	*version;	/* the rest may be NULL */
	char	*purl;
	char	*cpe;
	char	*supplier;
	char	*type;
};

struct sbom_doc {
	char	*format;	/* "CycloneDX 1.5", "SPDX-2.3" */
	char	*serial;	/* or NULL */
	char	*vendor;	/* from the document, or NULL */
	char	*model;
	char	*version;
	struct sbom_comp *comp;
	size_t	 n_comp;
};

/*
 * Parse the CycloneDX (1.4, 1.5, 1.6) or SPDX 2.3 JSON document in buf
 * (len bytes) into a new *out: its format, serial, the device it
 * describes (CycloneDX metadata.component with its manufacturer or
 * supplier; SPDX the package the document DESCRIBES, else the first,
 * with its supplier) and every component or package but that one
 * (nested CycloneDX components included).  Return 0, or IOMT_EPROTO
 * with "JSON-PATH: reason" in err (size errlen): not JSON, neither
 * format or an unsupported version, larger than SBOM_FILE_MAX, nested
 * deeper than SBOM_DEPTH_MAX, more than SBOM_MAX_COMPONENTS, a field
 * over SBOM_STR_MAX bytes or holding control characters, a component
 * without a name.  IOMT_EINVAL for NULL arguments.  On failure *out is
 * NULL.  Never aborts on input.
 */
int	sbom_parse(const char *buf, size_t len, struct sbom_doc **out,
	    char *err, size_t errlen);

/* As sbom_parse() for the file at path; -errno when it cannot be read. */
int	sbom_read(const char *path, struct sbom_doc **out, char *err,
	    size_t errlen);

/* Free d.  NULL-safe; returns NULL. */
struct sbom_doc *sbom_free(struct sbom_doc *d);

/*
 * Store SBOM d for vendor and model (the document's own when NULL; both
 * are required one way or the other), read from file, in one
 * transaction; an SBOM for the same normalised vendor and model is
 * replaced.  *replaced as db_mds2_import().  Return 0, IOMT_EINVAL (no
 * vendor or model, read-only db) or IOMT_EDB (nothing stored).
 */
int	db_sbom_import(struct db *db, const struct sbom_doc *d,
	    const char *vendor, const char *model, const char *file,
	    int *replaced);

/*
 * The normalised key of a model name ("IntelliVue MX800" and
 * "INTELLIVUE-MX800" give "intellivuemx800") into dst (size dsize):
 * ASCII letters and digits lower-cased, everything else dropped.  Pure.
 */
void	devdocs_model_key(const char *s, char *dst, size_t dsize);

/*
 * How a host with identity vendor/OUI vendor vendor, model model (may
 * be NULL) and device class cls (may be NULL) relates to a document for
 * doc_vendor / doc_model: "model" when the vendors fold to one key and
 * the models match (same key, or every word of one model is a word of
 * the other: "LaserJet Pro M402dn" and "HP LaserJet Pro M402dn - IPP"),
 * "class" when the vendors match, the host's model is not
 * known and the class the document's model suggests is the host's;
 * NULL otherwise.  Pure.
 */
const char *devdocs_link(const char *vendor, const char *model,
	    const char *cls, const char *doc_vendor, const char *doc_model);

#endif /* IOMT_DB_DOCS_H */
