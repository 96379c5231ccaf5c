/*
 * ident.h - one identity per host from many scripts' claims.
 *
 * Several probe scripts may speak about the same host: a DICOM script
 * says "dicom-node, DCMTK", a vendor script says "Philips, IntelliVue
 * MX450, patient-monitor", the OUI says "Philips Medical Systems".  They
 * may disagree.  This module combines them by fixed, documented rules
 * (docs/IDENTIFICATION.md) so the answer never depends on the order the
 * scripts ran or were loaded:
 *
 *  - per field (vendor, model, device_class, firmware, os) the claim with
 *    the highest confidence wins; ties go to the claim whose evidence for
 *    that field has the best source rank (active protocol reply > passive
 *    banner > OUI/profile > no evidence), then to the script id that
 *    sorts first (strcmp);
 *  - model and firmware belong to a vendor: once a vendor has won, claims
 *    naming a different vendor are not considered for model or firmware;
 *  - the identity's confidence is the higher of the confidences of the
 *    winning vendor claim and the winning device_class claim;
 *  - a field no script claims is filled from the OUI when possible:
 *    vendor from the curated label (confidence 20) or the IEEE registry
 *    name (confidence 10), device_class from the curated maker class
 *    (medical -> medical-device, serial-bridge -> serial-bridge,
 *    printer -> printer).
 *
 * The device_class taxonomy is fixed here (ident_class_valid()).
 */
#ifndef IOMT_IDENT_H
#define IOMT_IDENT_H

#include <stddef.h>

#define IDENT_STR_MAX		256	/* longest field value, bytes */
#define IDENT_SRC_MAX		80	/* longest evidence source */
#define IDENT_CONF_OUI_LABEL	20
#define IDENT_CONF_OUI_VENDOR	10
#define IDENT_EVIDENCE_JSON_MAX	16384

enum ident_field {
	IDENT_VENDOR = 0,
	IDENT_MODEL,
	IDENT_CLASS,
	IDENT_FIRMWARE,
	IDENT_OS,
	IDENT_NFIELDS
};

/* Source ranks (ident_source_rank()). */
#define IDENT_RANK_NONE		0
#define IDENT_RANK_OUI		1	/* "oui", "oui.*", "profile*", "mac" */
#define IDENT_RANK_BANNER	2	/* "banner", "*.banner", "passive*" */
#define IDENT_RANK_ACTIVE	3	/* any other observation or reply */

struct ident_evidence {
	enum ident_field field;
	char		 value[IDENT_STR_MAX + 1];
	char		 source[IDENT_SRC_MAX];
};

/* What one script says about a host.  All pointers are borrowed. */
struct ident_claim {
	const char	*script_id;		/* unique, [a-z0-9-]+ */
	const char	*value[IDENT_NFIELDS];	/* NULL or "" = no claim */
	int		 confidence;		/* 0..100 */
	const struct ident_evidence *ev;
	size_t		 n_ev;
};

/* What the MAC says (all may be NULL). */
struct ident_oui {
	const char	*vendor;	/* IEEE registry name */
	const char	*label;		/* curated short label */
	const char	*class_name;	/* "medical", "serial-bridge", ... */
};

struct ident_result {
	/* Field values; "" when unknown. */
	char		 value[IDENT_NFIELDS][IDENT_STR_MAX + 1];
	int		 field_conf[IDENT_NFIELDS];
	const char	*winner[IDENT_NFIELDS];	/* script id, "oui" or NULL */
	int		 confidence;		/* 0..100; 0 when nothing */
	char		*evidence_json;		/* JSON array; owned */
};

/*
 * Resolve n claims (in any order) and the OUI facts (may be NULL) into
 * *out, which must be released with ident_result_free().  evidence_json
 * is a JSON array of {"field","value","source","script"} objects for the
 * evidence behind each winning field, at most IDENT_EVIDENCE_JSON_MAX
 * bytes.  The result does not depend on the order of claims.  winner[]
 * points into claims (valid as long as they are).  Return 0; allocation
 * failure is fatal (xmalloc).
 */
int	ident_resolve(const struct ident_claim *claims, size_t n,
	    const struct ident_oui *oui, struct ident_result *out);

/* Free what ident_resolve() allocated in r.  NULL-safe. */
void	ident_result_free(struct ident_result *r);

/* Rank of an evidence source such as "http.title@tcp/80" (see above). */
int	ident_source_rank(const char *source);

/* 1 if name is in the fixed device_class taxonomy, else 0. */
int	ident_class_valid(const char *name);

/* The NULL-terminated taxonomy, for docs and `script check`. */
const char *const *ident_classes(void);

/* device_class for a curated OUI class name, or NULL ("none"/unknown). */
const char *ident_class_from_oui(const char *oui_class);

/* "vendor", "model", "device_class", "firmware", "os"; parse: -1 if not. */
const char *ident_field_name(enum ident_field f);
int	ident_field_parse(const char *name);

#endif /* IOMT_IDENT_H */
