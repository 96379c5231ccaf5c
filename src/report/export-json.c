/*
 * src/report/export-json.c - `iomtscan export --format json`: the whole
 * inventory as one JSON document (docs/JSON-SCHEMA.md, checked against
 * docs/json-schema/inventory.schema.json by the tests).
 *
 * The document is built as a jansson tree from the read model and
 * written in one go, keys in the documented order.  JSON the database
 * holds is parsed and re-emitted (report_json_stored()), never copied,
 * so a malformed column becomes null (options, statistics, policy) or []
 * (evidence, of which only the objects are kept) and the export stays
 * valid whatever a device or an older version stored.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "report-int.h"

#define REPORT_JSON_SCHEMA	"iomtscan-inventory/1"

/* Stored JSON text s as a value of kind want, or null. */
static json_t *
stored(const char *s, int want)
{
	json_t	*v = report_json_stored(s, want);

	return v != NULL ? v : json_null();
}

/* A scan id, or null when unknown (0). */
static json_t *
scan_ref(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *
scan_json(const struct inv_scan *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)s->id,
	    "started", report_json_time(s->started),
	    "finished", report_json_time(s->finished),
	    "status", report_json_str(s->status),
	    "targets", report_json_str(s->targets),
	    "options", stored(s->options, REPORT_JSON_OBJECT),
	    "stats", stored(s->stats, REPORT_JSON_OBJECT),
	    "version", report_json_str(s->version));
}

static json_t *
service_json(const struct inv_service *s)
{
	return json_pack("{s:o, s:i, s:o, s:o, s:o, s:o, s:o}",
	    "proto", report_json_str(s->proto),
	    "port", s->port,
	    "state", report_json_str(s->state),
	    "service", report_json_str(s->service),
	    "banner", report_json_str(s->banner),
	    "first_seen", report_json_time(s->first_seen),
	    "last_seen", report_json_time(s->last_seen));
}

static json_t *
identity_json(const struct inv_identity *id)
{
	json_t	*ev;

	if (id == NULL)
		return json_null();
	if ((ev = report_json_stored(id->evidence_json,
	    REPORT_JSON_OBJECTS)) == NULL)
		ev = json_array();
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o}",
	    "vendor", report_json_str(id->vendor),
	    "model", report_json_str(id->model),
	    "device_class", report_json_str(id->device_class),
	    "firmware", report_json_str(id->firmware),
	    "os", report_json_str(id->os),
	    "confidence", id->confidence,
	    "evidence", ev,
	    "updated", report_json_time(id->updated));
}

/* The profiles the host matches (report_fragile()); the limits and time
 * of the last scan that stored a match. */
static json_t *
fragile_json(const struct report_fragile *fr, const struct inv_fragile *f)
{
	if (fr->n == 0)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "profile_id", report_json_str(fr->ids),
	    "hazard", report_json_str(fr->hazard),
	    "policy", f != NULL ? stored(f->policy_json, REPORT_JSON_OBJECT) :
	    json_null(),
	    "matched_on", report_json_str(fr->why),
	    "updated", report_json_time(f != NULL ? f->updated : 0));
}

static json_t *
finding_json(const struct inv_finding *f)
{
	return json_pack("{s:o, s:o, s:i, s:o, s:o, s:o, s:o}",
	    "id", report_json_str(f->id),
	    "severity", report_json_str(f->severity),
	    "port", f->port,
	    "title", report_json_str(f->title),
	    "detail", report_json_str(f->detail),
	    "first_seen", report_json_time(f->first_seen),
	    "last_seen", report_json_time(f->last_seen));
}

/* The passive names of h: {"dhcp.hostname": "...", ...}. */
static json_t *
names_json(const struct inv_host *h)
{
	json_t	*o = json_object();
	size_t	 i;

	for (i = 0; i < h->n_name; i++)
		json_object_set_new(o, h->name[i].key,
		    report_json_str(h->name[i].value));
	return o;
}

static json_t *
host_json(const struct inv_host *h, const struct report_fragile *fr)
{
	json_t	*o, *svc = json_array(), *fnd = json_array();
	size_t	 i;

	for (i = 0; i < h->n_svc; i++)
		json_array_append_new(svc, service_json(&h->svc[i]));
	for (i = 0; i < h->n_finding; i++)
		json_array_append_new(fnd, finding_json(&h->finding[i]));
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
	    "ip", report_json_str(h->ip),
	    "mac", report_json_str(h->mac),
	    "oui_vendor", report_json_str(h->oui_vendor),
	    "first_seen", report_json_time(h->first_seen),
	    "last_seen", report_json_time(h->last_seen),
	    "first_scan", scan_ref(h->first_scan),
	    "last_scan", scan_ref(h->last_scan),
	    "state", report_json_str(h->state != NULL &&
	    h->state[0] != '\0' ? h->state : NULL),
	    "state_reason", report_json_str(h->state_reason != NULL &&
	    h->state_reason[0] != '\0' ? h->state_reason : NULL),
	    "probes_sent", (json_int_t)h->probes_sent);
	if (o == NULL)
		abort();
	json_object_set_new(o, "services", svc);
	json_object_set_new(o, "identity", identity_json(h->identity));
	json_object_set_new(o, "names", names_json(h));
	json_object_set_new(o, "fragile", fragile_json(fr, h->fragile));
	json_object_set_new(o, "findings", fnd);
	json_object_set_new(o, "annotations", report_annot_json(h));
	json_object_set_new(o, "advisories", report_adv_json(h));
	json_object_set_new(o, "mds2", report_mds2_json(h));
	json_object_set_new(o, "sbom", report_sbom_json(h));
	return o;
}

int
report_export_json(struct db *db, const struct report_opts *ro, FILE *fp)
{
	return report_export_json_where(db, ro, NULL, fp);
}

int
report_export_json_where(struct db *db, const struct report_opts *ro,
    const struct report_filter *filter, FILE *fp)
{
	struct inventory *inv = NULL;
	json_t		*doc = NULL, *scans, *hosts;
	struct report_fragile fr;
	size_t		 i;
	int		 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = report_inventory_load_opts(db, ro, filter, &inv)) != 0)
		goto out;
	scans = json_array();
	for (i = 0; i < inv->n_scan; i++)
		json_array_append_new(scans, scan_json(&inv->scan[i]));
	hosts = json_array();
	for (i = 0; i < inv->n_host; i++) {
		if ((r = report_fragile(db, ro, &inv->host[i], &fr)) != 0) {
			json_decref(scans);
			json_decref(hosts);
			goto out;
		}
		json_array_append_new(hosts, host_json(&inv->host[i], &fr));
	}
	doc = json_pack("{s:s, s:o, s:{s:s, s:s}, s:o, s:o}",
	    "schema", REPORT_JSON_SCHEMA,
	    "generated", report_json_time(inv->generated),
	    "scanner", "name", "iomtscan", "version", PACKAGE_VERSION,
	    "scans", scans,
	    "hosts", hosts);
	if (doc == NULL)
		abort();
	if ((r = report_json_write(doc, fp, 0)) == 0 && ferror(fp))
		r = -EIO;
 out:
	json_decref(doc);
	db_inventory_free(inv);
	return r;
}
