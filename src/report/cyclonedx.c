/*
 * src/report/cyclonedx.c - `iomtscan export --format cyclonedx`: the
 * inventory as a CycloneDX 1.6 device BOM (https://cyclonedx.org/
 * docs/1.6/json/).
 *
 * Hospitals are asked for an SBOM of what they run and get none from
 * most vendors; what the network shows is the part they can have today.
 * One component of type "device" per host (name, manufacturer, firmware
 * as version, and namespaced "iomtscan:" properties for address, MAC,
 * class, confidence, fragile profile, findings), with the software seen
 * on the wire nested below it: the operating system the identification
 * found, SSH and HTTP servers from their banners, the DICOM
 * implementation version, each with a CPE 2.3 name where the product is
 * one we can name with confidence and a generic purl otherwise.  A
 * product is only ever derived from what a device sent; nothing is
 * guessed from a vendor name.  The BOM is validated against the official
 * 1.6 schema in tests/lab/t-cyclonedx.sh.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report-int.h"

#define CDX_MAX_SW	8	/* software components per device */

/* What a device said about one piece of its software. */
struct cdx_sw {
	const char	*type;		/* "application", "operating-system" */
	char		 name[64];
	char		 version[64];
	char		 cpe[160];	/* "" when unknown */
	char		 source[96];	/* the observation it came from */
};

/* Products named by a banner or Server header, and their CPE parts. */
static const struct {
	const char	*token;		/* as it appears, before '/' or '_' */
	const char	*name;
	const char	*cpe_vendor;
	const char	*cpe_product;
} cdx_products[] = {
	{ "OpenSSH", "OpenSSH", "openbsd", "openssh" },
	{ "dropbear", "Dropbear SSH", "dropbear_ssh_project", "dropbear_ssh" },
	{ "Apache", "Apache HTTP Server", "apache", "http_server" },
	{ "nginx", "nginx", "f5", "nginx" },
	{ "lighttpd", "lighttpd", "lighttpd", "lighttpd" },
	{ "Microsoft-IIS", "Microsoft IIS", "microsoft",
	    "internet_information_services" },
	{ "GoAhead-Webs", "GoAhead", "embedthis", "goahead" },
	{ "Boa", "Boa", "boa", "boa" },
	{ "mini_httpd", "mini_httpd", "acme", "mini_httpd" },
	{ "Orthanc", "Orthanc", "orthanc-server", "orthanc" },
	{ "CherryPy", "CherryPy", "cherrypy", "cherrypy" },
};

/* A version is digits, dots, letters and dashes only (no spaces). */
static void
cdx_version(const char *s, size_t n, char *dst, size_t dsize)
{
	size_t	 i, k = 0;

	for (i = 0; i < n && k + 1 < dsize; i++) {
		char	 c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '_'))
			break;
		dst[k++] = c;
	}
	dst[k] = '\0';
}

/* A CPE 2.3 component: lower case, with the specials escaped. */
static void
cdx_cpe_part(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		char	 c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 'a' - 'A');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == '-'))
			buf_addc(b, '\\');
		buf_addc(b, c);
	}
}

static void
cdx_set_cpe(struct cdx_sw *sw, const char *part, const char *vendor,
    const char *product)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_addf(&b, "cpe:2.3:%s:", part);
	cdx_cpe_part(&b, vendor);
	buf_addc(&b, ':');
	cdx_cpe_part(&b, product);
	buf_addc(&b, ':');
	if (sw->version[0] != '\0')
		cdx_cpe_part(&b, sw->version);
	else
		buf_addc(&b, '*');
	buf_add(&b, ":*:*:*:*:*:*:*");
	strlcpy(sw->cpe, buf_str(&b), sizeof(sw->cpe));
	buf_free(&b);
}

/*
 * Find a known product token in text (a banner or Server header) and
 * fill sw with its name, the version after '/' or '_', and the CPE.
 * Return 1 when one was found.
 */
static int
cdx_product(const char *text, struct cdx_sw *sw)
{
	for (size_t i = 0; i < sizeof(cdx_products) / sizeof(cdx_products[0]);
	    i++) {
		const char	*p = strstr(text, cdx_products[i].token);
		size_t		 n = strlen(cdx_products[i].token);

		if (p == NULL)
			continue;
		strlcpy(sw->name, cdx_products[i].name, sizeof(sw->name));
		p += n;
		if (*p == '/' || *p == '_' || *p == ' ')
			p++;
		cdx_version(p, strlen(p), sw->version, sizeof(sw->version));
		sw->type = "application";
		cdx_set_cpe(sw, "a", cdx_products[i].cpe_vendor,
		    cdx_products[i].cpe_product);
		return 1;
	}
	return 0;
}

/*
 * DICOM implementation version names (PS3.7 D.3.3.2.3) as toolkits
 * write them: "OFFIS_DCMTK_367" is DCMTK 3.6.7; anything else is kept as
 * the name it is, without a CPE.
 */
static void
cdx_dicom(const char *v, struct cdx_sw *sw)
{
	sw->type = "application";
	if (strncmp(v, "OFFIS_DCMTK_", 12) == 0 && strlen(v + 12) >= 3) {
		const char	*d = v + 12;

		strlcpy(sw->name, "DCMTK", sizeof(sw->name));
		snprintf(sw->version, sizeof(sw->version), "%c.%c.%s", d[0],
		    d[1], d + 2);
		cdx_set_cpe(sw, "a", "offis", "dcmtk");
		return;
	}
	if (cdx_product(v, sw))
		return;
	strlcpy(sw->name, v, sizeof(sw->name));
	sw->version[0] = '\0';
}

/* Add sw to list unless one with the same name is there already. */
static void
cdx_add(struct cdx_sw *list, size_t *n, const struct cdx_sw *sw)
{
	if (*n >= CDX_MAX_SW || sw->name[0] == '\0')
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i].name, sw->name) == 0)
			return;
	list[(*n)++] = *sw;
}

/* The software host h showed on the wire, into list (at most CDX_MAX_SW). */
static size_t
cdx_software(const struct inv_host *h, struct cdx_sw *list)
{
	struct cdx_sw	 sw;
	size_t		 n = 0;

	if (h->identity != NULL && h->identity->os != NULL &&
	    h->identity->os[0] != '\0') {
		memset(&sw, 0, sizeof(sw));
		sw.type = "operating-system";
		strlcpy(sw.name, h->identity->os, sizeof(sw.name));
		strlcpy(sw.source, "identity", sizeof(sw.source));
		cdx_add(list, &n, &sw);
	}
	for (size_t i = 0; i < h->n_obs; i++) {
		const struct observation *o = &h->obs[i];

		if (o->key == NULL || o->value == NULL)
			continue;
		memset(&sw, 0, sizeof(sw));
		if (strcmp(o->key, "dicom.impl_version") == 0 &&
		    o->value[0] != '\0')
			cdx_dicom(o->value, &sw);
		else if ((strcmp(o->key, "http.server") == 0 ||
		    strcmp(o->key, "banner") == 0) && !cdx_product(o->value, &sw))
			continue;
		else if (strcmp(o->key, "http.server") != 0 &&
		    strcmp(o->key, "banner") != 0 &&
		    strcmp(o->key, "dicom.impl_version") != 0)
			continue;
		snprintf(sw.source, sizeof(sw.source), "%s on %s/%d", o->key,
		    o->proto != NULL ? o->proto : "tcp", o->port);
		cdx_add(list, &n, &sw);
	}
	return n;
}

static void
prop(json_t *a, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		json_array_append_new(a, json_pack("{s:s,s:o}", "name", name,
		    "value", report_json_str(value)));
}

static json_t *
sw_json(const char *hostref, size_t i, const struct cdx_sw *sw)
{
	json_t		*c, *props = json_array();
	char		 ref[128];
	struct buf	 purl = { NULL, 0, 0 };

	snprintf(ref, sizeof(ref), "%s/sw/%zu", hostref, i);
	c = json_pack("{s:s,s:s,s:o}", "type", sw->type, "bom-ref", ref,
	    "name", report_json_str(sw->name));
	if (sw->version[0] != '\0')
		json_object_set_new(c, "version", json_string(sw->version));
	if (sw->cpe[0] != '\0')
		json_object_set_new(c, "cpe", json_string(sw->cpe));
	else if (strcmp(sw->type, "application") == 0) {
		/* a generic purl: the name lower-cased, URL-safe */
		buf_add(&purl, "pkg:generic/");
		for (const char *p = sw->name; *p != '\0'; p++) {
			char	 ch = *p;

			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch + 'a' - 'A');
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			    ch == '.' || ch == '-' || ch == '_')
				buf_addc(&purl, ch);
			else
				buf_addf(&purl, "%%%02X", (unsigned char)ch);
		}
		if (sw->version[0] != '\0')
			buf_addf(&purl, "@%s", sw->version);
		json_object_set_new(c, "purl", json_string(buf_str(&purl)));
		buf_free(&purl);
	}
	prop(props, "iomtscan:evidence", sw->source);
	json_object_set_new(c, "properties", props);
	return c;
}

static json_t *
device_json(const struct inv_host *h, const struct report_fragile *fr)
{
	const struct inv_identity *id = h->identity;
	struct cdx_sw	 sw[CDX_MAX_SW];
	json_t		*c, *props = json_array(), *subs = json_array();
	char		 ref[64], num[32];
	const char	*vendor = id != NULL && id->vendor != NULL ?
			    id->vendor : h->oui_vendor;
	size_t		 n;
	struct buf	 name = { NULL, 0, 0 };

	snprintf(ref, sizeof(ref), "host/%s", h->ip);
	if (id != NULL && id->model != NULL && id->model[0] != '\0')
		buf_add(&name, id->model);
	else if (vendor != NULL && vendor[0] != '\0')
		buf_addf(&name, "%s device", vendor);
	else
		buf_add(&name, h->ip);
	c = json_pack("{s:s,s:s,s:o}", "type", "device", "bom-ref", ref,
	    "name", report_json_str(buf_str(&name)));
	buf_free(&name);
	if (vendor != NULL && vendor[0] != '\0')
		json_object_set_new(c, "manufacturer", json_pack("{s:o}",
		    "name", report_json_str(vendor)));
	if (id != NULL && id->firmware != NULL && id->firmware[0] != '\0')
		json_object_set_new(c, "version",
		    report_json_str(id->firmware));
	for (size_t i = 0; db_annotation_fields[i] != NULL; i++) {
		char	 k[64];

		snprintf(k, sizeof(k), "iomtscan:annotation:%s",
		    db_annotation_fields[i]);
		prop(props, k, db_inv_annotation(h, db_annotation_fields[i]));
	}
	prop(props, "iomtscan:ip", h->ip);
	prop(props, "iomtscan:mac", h->mac);
	prop(props, "iomtscan:oui_vendor", h->oui_vendor);
	if (id != NULL) {
		prop(props, "iomtscan:model", id->model);
		prop(props, "iomtscan:class", id->device_class);
		snprintf(num, sizeof(num), "%d", id->confidence);
		prop(props, "iomtscan:identity_confidence", num);
	}
	if (fr->n > 0) {
		/* the matcher plan uses (report_fragile()): one answer */
		prop(props, "iomtscan:fragile_profile", fr->ids);
		prop(props, "iomtscan:fragile_hazard", fr->hazard);
	}
	for (size_t i = 0; i < h->n_finding; i++) {
		struct buf	 f = { NULL, 0, 0 };

		buf_addf(&f, "%s (%s): %s", h->finding[i].id,
		    h->finding[i].severity, h->finding[i].title);
		prop(props, "iomtscan:finding", buf_str(&f));
		buf_free(&f);
	}
	for (size_t i = 0; i < h->n_svc; i++) {
		if (h->svc[i].state == NULL ||
		    strcmp(h->svc[i].state, "open") != 0)
			continue;
		snprintf(num, sizeof(num), "%s/%d", h->svc[i].proto,
		    h->svc[i].port);
		prop(props, "iomtscan:open_port", num);
	}
	if (h->mds2 != NULL) {
		struct buf	 m = { NULL, 0, 0 };

		buf_addf(&m, "%s %s (%s, linked by %s): %s", h->mds2->vendor,
		    h->mds2->model, h->mds2->revision, h->mds2_link,
		    h->mds2->file);
		prop(props, "iomtscan:mds2", buf_str(&m));
		for (size_t i = 0; i < h->mds2->n_item; i++) {
			const struct inv_mds2_item *it = &h->mds2->item[i];

			if (it->answer == MDS2_A_NONE ||
			    it->answer == MDS2_A_TEXT)
				continue;
			buf_truncate(&m, 0);
			buf_addf(&m, "iomtscan:mds2:%s", it->qid);
			prop(props, buf_str(&m), mds2_answer_name(it->answer));
		}
		buf_free(&m);
	}
	if (h->sbom != NULL) {
		struct buf	 m = { NULL, 0, 0 };

		buf_addf(&m, "%s %s (%s, %zu components, linked by %s): %s",
		    h->sbom->vendor, h->sbom->model, h->sbom->format,
		    h->sbom->n_comp, h->sbom_link, h->sbom->file);
		prop(props, "iomtscan:sbom", buf_str(&m));
		buf_free(&m);
	}
	n = cdx_software(h, sw);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(subs, sw_json(ref, i, &sw[i]));
	json_object_set_new(c, "properties", props);
	if (n > 0)
		json_object_set_new(c, "components", subs);
	else
		json_decref(subs);
	return c;
}

/* CVSS severity words of CycloneDX for a base score. */
static const char *
cdx_severity(double s)
{
	if (s >= 9.0)
		return "critical";
	if (s >= 7.0)
		return "high";
	if (s >= 4.0)
		return "medium";
	if (s > 0.0)
		return "low";
	return "none";
}

/* A new vulnerability entry for advisory a as matched (VEX-like). */
static json_t *
cdx_vuln_new(const struct inv_advisory *a, const char *ref)
{
	static const char *const state[] = { "", "not_affected", "in_triage",
		"exploitable" };
	static const char *const said[] = { "",
		"iomtscan: the product matches, the version is outside the "
		"affected range (or is the fixed one)",
		"iomtscan: vendor and device class match, or the product does, "
		"but the model or version is not known; see iomtscan:reason",
		"iomtscan: vendor, product and version match the advisory" };
	json_t	*v, *refs = json_array(), *props = json_array();
	const char *p = a->cves;

	v = json_pack("{s:s,s:o,s:{s:o}}", "bom-ref", ref,
	    "id", report_json_str(a->id),
	    "source", "name", report_json_str(a->publisher));
	if (v == NULL)
		abort();
	while (p != NULL && *p != '\0') {
		const char	*e = strchr(p, ' ');
		size_t		 n = e != NULL ? (size_t)(e - p) : strlen(p);

		json_array_append_new(refs, json_pack("{s:o,s:{s:s}}", "id",
		    json_stringn(p, n), "source", "name", "CVE"));
		p = e != NULL ? e + 1 : NULL;
	}
	if (json_array_size(refs) > 0)
		json_object_set_new(v, "references", refs);
	else
		json_decref(refs);
	if (a->cvss >= 0) {
		json_t	*r = json_pack("{s:{s:o},s:f,s:s}", "source", "name",
		    report_json_str(a->publisher), "score", a->cvss,
		    "severity", cdx_severity(a->cvss));

		if (a->vector != NULL) {
			json_object_set_new(r, "method", json_string(
			    strncmp(a->vector, "CVSS:3.1/", 9) == 0 ?
			    "CVSSv31" : strncmp(a->vector, "CVSS:3.0/", 9) == 0 ?
			    "CVSSv3" : "other"));
			json_object_set_new(r, "vector",
			    report_json_str(a->vector));
		}
		json_object_set_new(v, "ratings", json_pack("[o]", r));
	}
	json_object_set_new(v, "description", report_json_str(a->title));
	if (a->remediation != NULL)
		json_object_set_new(v, "recommendation",
		    report_json_str(a->remediation));
	json_object_set_new(v, "analysis", json_pack("{s:s,s:s}", "state",
	    state[a->match], "detail", said[a->match]));
	json_object_set_new(v, "affects", json_array());
	prop(props, "iomtscan:match", adv_match_name(a->match));
	prop(props, "iomtscan:advisory_file", a->file);
	prop(props, "iomtscan:tracking_version", a->version);
	prop(props, "iomtscan:current_release_date", a->released);
	json_object_set_new(v, "properties", props);
	return v;
}

/*
 * The vulnerabilities of the BOM: one entry per imported advisory and
 * kind of match, naming the devices it concerns (affects) with the
 * firmware each showed, and why (iomtscan:reason per device).
 */
static json_t *
cdx_vulns(const struct inventory *inv)
{
	json_t	*arr = json_array(), *byref = json_object();

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host	*h = &inv->host[i];
		const struct inv_identity *id = h->identity;

		for (size_t k = 0; k < h->n_adv; k++) {
			const struct inv_advisory *a = &h->adv[k];
			struct buf	 ref = { NULL, 0, 0 }, why = { 0 };
			json_t		*v, *aff;
			char		 host[64];

			if (a->match < ADV_NOT_AFFECTED ||
			    a->match > ADV_AFFECTED)
				continue;
			buf_addf(&ref, "advisory/%s/%s", a->id,
			    adv_match_name(a->match));
			if ((v = json_object_get(byref, buf_str(&ref))) ==
			    NULL) {
				v = cdx_vuln_new(a, buf_str(&ref));
				json_array_append_new(arr, v);
				json_object_set(byref, buf_str(&ref), v);
			}
			snprintf(host, sizeof(host), "host/%s", h->ip);
			aff = json_pack("{s:s}", "ref", host);
			if (id != NULL && id->firmware != NULL &&
			    id->firmware[0] != '\0')
				json_object_set_new(aff, "versions",
				    json_pack("[{s:o,s:s}]", "version",
				    report_json_str(id->firmware), "status",
				    a->match == ADV_AFFECTED ? "affected" :
				    a->match == ADV_NOT_AFFECTED ? "unaffected" :
				    "unknown"));
			json_array_append_new(json_object_get(v, "affects"),
			    aff);
			buf_addf(&why, "%s: %s", h->ip, a->reason);
			prop(json_object_get(v, "properties"), "iomtscan:reason",
			    buf_str(&why));
			buf_free(&ref);
			buf_free(&why);
		}
	}
	json_decref(byref);
	return arr;
}

/* A random (version 4) UUID for the BOM's serial number. */
static void
cdx_uuid(char dst[37])
{
	uint8_t	 u[16];
	int	 fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, u, sizeof(u)) != (ssize_t)sizeof(u)) {
		uint64_t	 t = now_ns();

		for (size_t i = 0; i < sizeof(u); i++)
			u[i] = (uint8_t)(t >> ((i % 8) * 8)) ^ (uint8_t)(i * 37);
	}
	if (fd >= 0)
		close(fd);
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	snprintf(dst, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

int
report_export_cyclonedx(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, FILE *fp)
{
	struct inventory *inv = NULL;
	json_t		*doc = NULL, *comps, *mprops;
	char		 uuid[37], serial[64];
	struct buf	 scans = { NULL, 0, 0 };
	int		 r;

	if (db == NULL || fp == NULL)
		return IOMT_EINVAL;
	if ((r = report_inventory_load_opts(db, ro, f, &inv)) != 0)
		goto out;
	comps = json_array();
	for (size_t i = 0; i < inv->n_host; i++) {
		struct inventory *one = NULL;
		struct report_fragile fr;

		/* one host in full: observations carry the software */
		if ((r = report_host_load(db, inv->host[i].ip, 256, &one)) != 0 ||
		    (r = report_fragile(db, ro, &one->host[0], &fr)) != 0) {
			db_inventory_free(one);
			json_decref(comps);
			goto out;
		}
		json_array_append_new(comps, device_json(&one->host[0], &fr));
		db_inventory_free(one);
	}
	for (size_t i = 0; i < inv->n_scan; i++)
		buf_addf(&scans, "%s%lld", i ? "," : "",
		    (long long)inv->scan[i].id);
	mprops = json_array();
	prop(mprops, "iomtscan:scans", buf_str(&scans));
	prop(mprops, "iomtscan:note", "devices as the network showed them; "
	    "software from what each device sent (banners, headers, DICOM "
	    "implementation versions), not from vendor documentation");
	cdx_uuid(uuid);
	snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
	doc = json_pack("{s:s,s:s,s:s,s:i,s:{s:o,s:{s:[{s:s,s:s,s:s}]},s:o},"
	    "s:o}",
	    "bomFormat", "CycloneDX", "specVersion", "1.6",
	    "serialNumber", serial, "version", 1,
	    "metadata", "timestamp", report_json_time(inv->generated),
	    "tools", "components", "type", "application", "name", "iomtscan",
	    "version", PACKAGE_VERSION, "properties", mprops,
	    "components", comps);
	if (doc == NULL)
		abort();
	{
		json_t	*vul = cdx_vulns(inv);

		if (json_array_size(vul) > 0)
			json_object_set_new(doc, "vulnerabilities", vul);
		else
			json_decref(vul);
	}
	if ((r = report_json_write(doc, fp, 0)) == 0 && ferror(fp))
		r = -EIO;
 out:
	buf_free(&scans);
	json_decref(doc);
	db_inventory_free(inv);
	return r;
}
