/*
 * devclass.c - the device-class taxonomy, once.
 *
 * A device class ("patient-monitor", "infusion-pump", ...) is what scripts
 * claim, what identity resolution settles on, what fragile profiles and
 * the site policy match ("exclude class infusion-pump") and what views
 * show.  Before this file the list was copied between the identity code
 * and the profile parser; now every layer asks here, so a class added for
 * one is known to all.  docs/DEVICE-CLASSES.md describes each class.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "iomt/safety.h"

static const char *const classes[] = {
	"patient-monitor", "infusion-pump", "imaging-modality", "ultrasound",
	"pacs", "dicom-node", "hl7-interface", "ventilator",
	"anesthesia-machine", "lab-analyzer", "serial-bridge", "printer",
	"workstation", "server", "network-device", "iot-gateway",
	"mqtt-broker", "medical-device", "unknown", NULL
};

const char *const *
device_classes(void)
{
	return classes;
}

int
device_class_kind(const char *name)
{
	static const char *const medical[] = {
		"patient-monitor", "infusion-pump", "imaging-modality",
		"ultrasound", "ventilator", "anesthesia-machine",
		"lab-analyzer", "medical-device", NULL
	};
	static const char *const clinical[] = {
		"pacs", "dicom-node", "hl7-interface", NULL
	};

	if (name == NULL)
		return DEVCLASS_OTHER;
	for (size_t i = 0; medical[i] != NULL; i++)
		if (strcmp(name, medical[i]) == 0)
			return DEVCLASS_MEDICAL;
	for (size_t i = 0; clinical[i] != NULL; i++)
		if (strcmp(name, clinical[i]) == 0)
			return DEVCLASS_CLINICAL_IT;
	return DEVCLASS_OTHER;
}

int
device_class_valid(const char *name)
{
	size_t	 i;

	if (name == NULL)
		return 0;
	for (i = 0; classes[i] != NULL; i++)
		if (strcmp(name, classes[i]) == 0)
			return 1;
	return 0;
}

const char *
device_class_from_oui(const char *oui_class)
{
	if (oui_class == NULL)
		return NULL;
	if (strcmp(oui_class, "medical") == 0)
		return "medical-device";
	if (strcmp(oui_class, "serial-bridge") == 0)
		return "serial-bridge";
	if (strcmp(oui_class, "printer") == 0)
		return "printer";
	return NULL;
}

/* Levenshtein distance of a and b, capped at 9 (names are short). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j;
	size_t	 row[64], prev, tmp;

	if (la >= sizeof(row) / sizeof(row[0]) || lb >= 63)
		return 9;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
			    1 + (prev < row[j] ? (prev < row[j - 1] ? prev :
			    row[j - 1]) : (row[j] < row[j - 1] ? row[j] :
			    row[j - 1]));
			prev = tmp;
		}
	}
	return row[lb] > 9 ? 9 : row[lb];
}

const char *
name_closest(const char *name, const char *const *known)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = 4;

	if (name == NULL)
		return NULL;
	for (i = 0; known[i] != NULL; i++) {
		d = edit_distance(name, known[i]);
		if (d < bestd) {
			bestd = d;
			best = known[i];
		}
	}
	return best;
}
