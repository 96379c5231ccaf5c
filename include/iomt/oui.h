/*
 * oui.h - MAC address vendor lookup from the IEEE registries.
 *
 * Reads the CSV files Debian's ieee-data ships (oui.csv for MA-L, mam.csv
 * for MA-M, oui36.csv for MA-S, iab.csv for IAB) and answers with the
 * longest matching assignment: 36-bit, then 28-bit, then 24-bit, because
 * the IEEE itself holds the MA-L blocks that MA-S and IAB are carved from.
 * A second, hand-curated table (data/device-ouis.txt) marks the makers of
 * medical devices and serial-to-Ethernet bridges, which the safety policy
 * treats specially; name matching on registry text is never used for that.
 */
#ifndef IOMT_OUI_H
#define IOMT_OUI_H

#include <stddef.h>
#include <stdint.h>

struct oui_db;

/* Device-maker classes from the curated table. */
enum oui_class {
	OUI_CLASS_NONE = 0,	/* not in the curated table */
	OUI_CLASS_MEDICAL,	/* maker of medical devices or their modules */
	OUI_CLASS_SERIAL,	/* serial-to-Ethernet bridge / terminal server */
	OUI_CLASS_PRINTER	/* network printer maker */
};

/*
 * Load the registries from the directory dir (files that are missing are
 * skipped with a debug message) and the curated table from classpath (may
 * be NULL).  Return 0 and a new database in *out, -errno when no registry
 * file can be read and classpath is NULL, or IOMT_EPROTO on a file that is
 * not an IEEE registry CSV.  Without registry files but with a classpath
 * the database holds only the curated table (oui_count() is 0), so the
 * safety policy still recognises medical makers.  The caller frees with
 * oui_free().
 */
int	oui_load(const char *dir, const char *classpath, struct oui_db **out);

/* Free db.  NULL-safe; returns NULL. */
struct oui_db *oui_free(struct oui_db *db);

/*
 * Return the organisation name registered for mac, or NULL when mac is
 * locally administered (randomised or virtual), multicast, or not
 * registered.  The string is owned by db.
 */
const char *oui_lookup(const struct oui_db *db, const uint8_t mac[6]);

/*
 * Return the curated class of mac (longest prefix) and, if label is not
 * NULL, the curated short vendor label ("Philips Patient Monitoring") in
 * *label (owned by db, NULL when none).
 */
enum oui_class oui_class(const struct oui_db *db, const uint8_t mac[6],
	    const char **label);

/* Name of a class: "none", "medical", "serial-bridge", "printer". */
const char *oui_class_name(enum oui_class c);

/* Number of registry entries loaded (for tests and --version -v). */
size_t	oui_count(const struct oui_db *db);

/*
 * Parse "00:09:fb:01:02:03", "00-09-FB-01-02-03" or "0009fb010203" into
 * mac.  Return 0 or IOMT_EINVAL.
 */
int	mac_parse(const char *s, uint8_t mac[6]);

/* Format mac as "00:09:fb:01:02:03" into dst (at least 18 bytes). */
char	*mac_ntoa(const uint8_t mac[6], char *dst, size_t dsize);

#endif /* IOMT_OUI_H */
