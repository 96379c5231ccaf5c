/*
 * src/report/mds2.c - what the maker disclosed (MDS2 form, vendor SBOM)
 * against what the network shows, in every view.
 *
 * A disclosure is worth most where it is wrong.  When a host is linked
 * to its model's MDS2 (src/db/devdocs.c), four answers are checked
 * against the inventory, and each contradiction becomes a finding in
 * plain language:
 *
 *   RMOT-1 "No" (no remote service)  remote access is open (remote.c:
 *                                    VNC, RDP, SSH, Telnet, TeamViewer...)
 *   CONN-2 lists the ports (note)    other ports are open
 *   TXCF-2 / CONN-7 "Yes" (encrypted cleartext HTTP, Telnet, FTP or DICOM
 *     in transit, TLS)               is open
 *   CSUP-2 names the OS (or "No")    the wire's identity names another
 *
 * The findings are derived when a view loads the inventory
 * (report_inventory_load(), report_host_load()), not stored, so a new
 * scan or a new import changes them at once and `hosts`, `show`, the
 * JSON, CSV, xlsx and CycloneDX exports and the --finding filter all see
 * the same ones.  A host without an MDS2 gets none: having no form on
 * file is a gap, not a clean bill.  docs/MDS2.md.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report-int.h"

#define MAX_LISTED	8	/* services named in one finding */
#define MAX_PORTS	256	/* ports one CONN-2 note may list */

/* The answer of qid in m, MDS2_A_NONE when the form does not have it. */
static int
answer(const struct inv_mds2 *m, const char *qid)
{
	const struct inv_mds2_item *it = db_mds2_item(m, qid);

	return it != NULL ? it->answer : MDS2_A_NONE;
}

/* "the maker's MDS2 (FILE, HN 1-2019)" and how it is linked, into b. */
static void
source(const struct inv_host *h, struct buf *b)
{
	const struct inv_mds2 *m = h->mds2;
	const char	*f = strrchr(m->file, '/');

	buf_add(b, "The maker's MDS2 for ");
	buf_add(b, m->vendor);
	buf_add(b, " ");
	buf_add(b, m->model);
	buf_add(b, " (");
	buf_add(b, f != NULL ? f + 1 : m->file);
	buf_add(b, ", ");
	buf_add(b, m->revision);
	buf_add(b, ")");
	if (strcmp(h->mds2_link, "class") == 0)
		buf_add(b, ", linked by maker and device class because the "
		    "model was not identified,");
}

static void
add(struct inventory *inv, struct inv_host *h, const char *id,
    const char *sev, int port, const char *title, const char *detail)
{
	struct inv_finding f = { 0 };

	f.id = id;
	f.severity = sev;
	f.port = port;
	f.title = title;
	f.detail = detail;
	f.first_seen = h->mds2->imported;
	f.last_seen = h->last_seen;
	db_inv_finding_add(inv, h, &f);
}

static void
check_remote(struct inventory *inv, struct inv_host *h)
{
	struct report_remote rr[MAX_LISTED];
	struct buf	 t = { NULL, 0, 0 }, d = { NULL, 0, 0 };
	size_t		 n;
	char		 num[32];

	if (answer(h->mds2, "RMOT-1") != MDS2_A_NO)
		return;
	if ((n = report_remote_list(h, REPORT_REMOTE_OPEN, rr,
	    MAX_LISTED)) == 0)
		return;
	if (n > MAX_LISTED)
		n = MAX_LISTED;
	buf_add(&t, "MDS2 says no remote service, but ");
	buf_add(&t, rr[0].name);
	snprintf(num, sizeof(num), " is open (tcp/%d)", rr[0].svc->port);
	buf_add(&t, num);
	source(h, &d);
	buf_add(&d, " answers RMOT-1 (remote service connections) with No, "
	    "yet the network shows remote access on this device: ");
	for (size_t i = 0; i < n; i++) {
		buf_add(&d, i ? ", " : "");
		buf_add(&d, rr[i].name);
		snprintf(num, sizeof(num), " on tcp/%d", rr[i].svc->port);
		buf_add(&d, num);
	}
	buf_add(&d, ". Ask the vendor what the service is for and who "
	    "connects to it; if it is a maintenance line, record it "
	    "(iomtscan annotate --remote) and have the MDS2 corrected.");
	add(inv, h, "mds2-remote-contradiction", "high", rr[0].svc->port,
	    buf_str(&t), buf_str(&d));
	buf_free(&t);
	buf_free(&d);
}

/* The port numbers written in s ("TCP 80, 443; UDP 161") into p[]. */
static size_t
ports_in(const char *s, int *p, size_t max)
{
	size_t	 n = 0;

	for (const char *c = s; c != NULL && *c != '\0' && n < max;) {
		long	 v = 0;
		size_t	 k = 0;

		if (!isdigit((unsigned char)*c)) {
			c++;
			continue;
		}
		while (isdigit((unsigned char)c[k]) && k < 6)
			v = v * 10 + (c[k++] - '0');
		/* Part of a version ("2.1") or a word ("HN1") is no port. */
		if ((c > s && (isalpha((unsigned char)c[-1]) || c[-1] == '.')) ||
		    c[k] == '.' || isdigit((unsigned char)c[k]) || v < 1 ||
		    v > 65535) {
			c += k;
			continue;
		}
		p[n++] = (int)v;
		c += k;
	}
	return n;
}

static void
check_ports(struct inventory *inv, struct inv_host *h)
{
	const struct inv_mds2_item *it = db_mds2_item(h->mds2, "CONN-2");
	int		 listed[MAX_PORTS];
	size_t		 nl = 0, extra = 0;
	struct buf	 t = { NULL, 0, 0 }, d = { NULL, 0, 0 }, l = { NULL,
	    0, 0 };
	int		 first = 0;
	char		 num[48];

	if (it == NULL || it->answer == MDS2_A_NO)
		return;
	nl = ports_in(it->note, listed, MAX_PORTS);
	if (it->answer == MDS2_A_TEXT)
		nl += ports_in(it->text, listed + nl, MAX_PORTS - nl);
	if (nl == 0)
		return;
	for (size_t i = 0; i < nl; i++) {
		snprintf(num, sizeof(num), "%s%d", i ? ", " : "", listed[i]);
		buf_add(&l, num);
	}
	for (size_t i = 0; i < h->n_svc; i++) {
		const struct inv_service *s = &h->svc[i];
		size_t	 k;

		if (s->state == NULL || strcmp(s->state, "open") != 0)
			continue;
		for (k = 0; k < nl && listed[k] != s->port; k++)
			;
		if (k < nl)
			continue;
		if (extra++ == 0)
			first = s->port;
		if (extra <= MAX_LISTED) {
			snprintf(num, sizeof(num), "%s%s/%d", extra > 1 ?
			    ", " : "", s->proto, s->port);
			buf_add(&t, num);
		}
	}
	if (extra == 0)
		goto out;
	if (extra > MAX_LISTED) {
		snprintf(num, sizeof(num), " and %zu more", extra - MAX_LISTED);
		buf_add(&t, num);
	}
	source(h, &d);
	buf_add(&d, " lists the network ports as ");
	buf_add(&d, buf_str(&l));
	buf_add(&d, " (CONN-2), yet ");
	buf_add(&d, buf_str(&t));
	buf_add(&d, extra > 1 ? " are" : " is");
	buf_add(&d, " open too. An undisclosed service is either missing "
	    "from the form or was not meant to be there: ask the vendor, "
	    "and close it if it is not needed.");
	buf_truncate(&l, 0);
	buf_add(&l, "Open port");
	buf_add(&l, extra > 1 ? "s" : "");
	buf_add(&l, " the MDS2 does not list: ");
	buf_add(&l, buf_str(&t));
	add(inv, h, "mds2-undisclosed-ports", "medium", extra == 1 ? first : 0,
	    buf_str(&l), buf_str(&d));
 out:
	buf_free(&t);
	buf_free(&d);
	buf_free(&l);
}

/* The cleartext protocol service s speaks, or NULL. */
static const char *
cleartext(const struct inv_host *h, const struct inv_service *s)
{
	struct report_remote rr;

	if (s->state == NULL || strcmp(s->state, "open") != 0 ||
	    strcmp(s->proto, "tcp") != 0)
		return NULL;
	if (report_remote_classify(h, s, &rr) && rr.cleartext)
		return rr.name;
	if (s->service != NULL) {
		if (strcmp(s->service, "http") == 0)
			return "HTTP";
		if (strcmp(s->service, "ftp") == 0)
			return "FTP";
		if (strcmp(s->service, "telnet") == 0)
			return "Telnet";
		if (strcmp(s->service, "dicom") == 0 && s->port != 2762)
			return "DICOM without TLS";
		return NULL;
	}
	switch (s->port) {
	case 21:
		return "FTP";
	case 23:
		return "Telnet";
	case 80:
		return "HTTP";
	default:
		return NULL;
	}
}

static void
check_encryption(struct inventory *inv, struct inv_host *h)
{
	const struct inv_mds2 *m = h->mds2;
	const char	*qid = NULL, *what;
	struct buf	 t = { NULL, 0, 0 }, d = { NULL, 0, 0 };
	size_t		 n = 0;
	int		 first = 0;
	char		 num[48];

	if (answer(m, "TXCF-2") == MDS2_A_YES)
		qid = "TXCF-2 (data encrypted before it is sent)";
	else if (answer(m, "CONN-7") == MDS2_A_YES)
		qid = "CONN-7 (TLS used)";
	else
		for (size_t i = 0; i < m->n_item && qid == NULL; i++)
			if (strncmp(m->item[i].qid, "ENCR-", 5) == 0 &&
			    m->item[i].answer == MDS2_A_YES)
				qid = m->item[i].qid;
	if (qid == NULL)
		return;
	for (size_t i = 0; i < h->n_svc; i++) {
		if ((what = cleartext(h, &h->svc[i])) == NULL)
			continue;
		if (n++ == 0) {
			first = h->svc[i].port;
			buf_add(&t, "MDS2 says data is encrypted in transit, but ");
			buf_add(&t, what);
			snprintf(num, sizeof(num), " on tcp/%d is cleartext",
			    first);
			buf_add(&t, num);
		}
		if (n <= MAX_LISTED) {
			if (n == 1) {
				source(h, &d);
				buf_add(&d, " answers ");
				buf_add(&d, qid);
				buf_add(&d, " with Yes, yet the device offers "
				    "services that carry data readable on the "
				    "wire: ");
			} else
				buf_add(&d, ", ");
			buf_add(&d, what);
			snprintf(num, sizeof(num), " on tcp/%d",
			    h->svc[i].port);
			buf_add(&d, num);
		}
	}
	if (n == 0)
		return;
	buf_add(&d, ". Ask the vendor whether these can be switched to TLS "
	    "or off, and keep the device on a segment where the traffic "
	    "cannot be read.");
	add(inv, h, "mds2-cleartext-contradiction", "medium", first,
	    buf_str(&t), buf_str(&d));
	buf_free(&t);
	buf_free(&d);
}

/* The operating-system family text s names, or NULL. */
static const char *
os_family(const char *s)
{
	static const struct {
		const char	*word, *family;
	} fam[] = {
		{ "windows", "Windows" }, { "win32", "Windows" },
		{ "linux", "Linux" }, { "ubuntu", "Linux" },
		{ "debian", "Linux" }, { "red hat", "Linux" },
		{ "android", "Android" }, { "vxworks", "VxWorks" },
		{ "qnx", "QNX" }, { "integrity", "INTEGRITY" },
		{ "nucleus", "Nucleus" }, { "threadx", "ThreadX" },
		{ "freertos", "FreeRTOS" }, { "cisco ios", "Cisco IOS" },
		{ "macos", "macOS" }, { "mac os", "macOS" },
		{ "freebsd", "FreeBSD" }, { "solaris", "Solaris" },
	};
	char	 low[256];
	size_t	 i;

	if (s == NULL)
		return NULL;
	for (i = 0; s[i] != '\0' && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(fam) / sizeof(fam[0]); i++)
		if (strstr(low, fam[i].word) != NULL)
			return fam[i].family;
	return NULL;
}

static void
check_os(struct inventory *inv, struct inv_host *h)
{
	const struct inv_mds2_item *it = db_mds2_item(h->mds2, "CSUP-2");
	const char	*wire, *wf, *df = NULL, *said = NULL;
	struct buf	 t = { NULL, 0, 0 }, d = { NULL, 0, 0 };

	if (it == NULL || h->identity == NULL ||
	    (wire = h->identity->os) == NULL || (wf = os_family(wire)) == NULL)
		return;
	if (it->answer != MDS2_A_NO) {
		said = it->note != NULL ? it->note : it->text;
		if ((df = os_family(said)) == NULL || strcmp(df, wf) == 0)
			return;
	}
	source(h, &d);
	if (df == NULL) {
		buf_add(&t, "MDS2 says no operating system, but the wire "
		    "shows ");
		buf_add(&t, wire);
		buf_add(&d, " answers CSUP-2 (contains an operating system) "
		    "with No, yet the device identified itself on the network "
		    "as ");
	} else {
		buf_add(&t, "MDS2 names ");
		buf_add(&t, df);
		buf_add(&t, ", but the wire shows ");
		buf_add(&t, wire);
		buf_add(&d, " names the operating system as \"");
		text_term(&d, said, strlen(said), 80);
		buf_add(&d, "\" (CSUP-2), yet the device identified itself on "
		    "the network as ");
	}
	buf_add(&d, wire);
	buf_add(&d, ". Either the form describes another model or software "
	    "release, or the device runs something the maker did not "
	    "disclose; patches and end-of-support dates depend on which.");
	add(inv, h, "mds2-os-contradiction", "medium", 0, buf_str(&t),
	    buf_str(&d));
	buf_free(&t);
	buf_free(&d);
}

void
report_mds2_derive(struct inventory *inv)
{
	for (size_t i = 0; inv != NULL && i < inv->n_host; i++) {
		struct inv_host *h = &inv->host[i];

		if (h->mds2 == NULL)
			continue;
		check_remote(inv, h);
		check_ports(inv, h);
		check_encryption(inv, h);
		check_os(inv, h);
	}
}

int
report_host_load(struct db *db, const char *ip, size_t max_obs,
    struct inventory **out)
{
	int	 r;

	if ((r = db_host_load(db, ip, max_obs, out)) == 0)
		report_mds2_derive(*out);
	return r;
}

static const char *
ymd(char *dst, size_t n, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		strlcpy(dst, "-", n);
	else
		strftime(dst, n, "%Y-%m-%d %H:%M", &tm);
	return dst;
}

/* The answers of the questions people ask first. */
static const char *const key_qids[] = { "RMOT-1", "CONN-2", "TXCF-2",
	"CONN-7", "CSUP-2", "MLDP-2", "MLDP-4", "PAUT-4", "SAHD-13", "SBOM-1",
	NULL };

void
report_mds2_print(const struct inv_host *h, FILE *fp, struct buf *b)
{
	const struct inv_mds2 *m = h->mds2;
	const struct inv_sbom *s = h->sbom;
	char	 tb[32];

	if (m == NULL)
		fprintf(fp, "\nMDS2: none on file (a gap: iomtscan mds2 import "
		    "FILE)\n");
	else {
		fprintf(fp, "\nMDS2: %s", report_clean(b, m->vendor, 60));
		fprintf(fp, " %s", report_clean(b, m->model, 60));
		if (m->version != NULL)
			fprintf(fp, " %s", report_clean(b, m->version, 40));
		fprintf(fp, " (%s", report_clean(b, m->revision, 30));
		fprintf(fp, ", linked by %s)\n", strcmp(h->mds2_link,
		    "model") == 0 ? "model" : "maker and device class");
		fprintf(fp, "  file %s", report_clean(b, m->file, 200));
		fprintf(fp, ", imported %s\n", ymd(tb, sizeof(tb),
		    m->imported));
		for (size_t i = 0; key_qids[i] != NULL; i++) {
			const struct inv_mds2_item *it = db_mds2_item(m,
			    key_qids[i]);

			if (it == NULL)
				continue;
			fprintf(fp, "  %-8s %s", it->qid,
			    mds2_answer_name(it->answer));
			if (it->note != NULL)
				fprintf(fp, "%*s %s", (int)(8 - strlen(
				    mds2_answer_name(it->answer))), "",
				    report_clean(b, it->note, 120));
			fprintf(fp, "\n");
		}
	}
	if (s == NULL) {
		fprintf(fp, "\nSBOM: none on file (iomtscan sbom import "
		    "FILE)\n");
		return;
	}
	fprintf(fp, "\nSBOM: %s", report_clean(b, s->vendor, 60));
	fprintf(fp, " %s", report_clean(b, s->model, 60));
	fprintf(fp, " (%s, %zu components, linked by %s)\n",
	    report_clean(b, s->format, 30), s->n_comp, strcmp(h->sbom_link,
	    "model") == 0 ? "model" : "maker and device class");
	fprintf(fp, "  file %s", report_clean(b, s->file, 200));
	fprintf(fp, ", imported %s\n", ymd(tb, sizeof(tb), s->imported));
	for (size_t i = 0; i < s->n_comp && i < 20; i++) {
		const struct inv_sbom_comp *c = &s->comp[i];

		fprintf(fp, "  %s", report_clean(b, c->name, 60));
		if (c->version != NULL)
			fprintf(fp, " %s", report_clean(b, c->version, 40));
		if (c->cpe != NULL || c->purl != NULL)
			fprintf(fp, "  %s", report_clean(b, c->cpe != NULL ?
			    c->cpe : c->purl, 120));
		fprintf(fp, "\n");
	}
	if (s->n_comp > 20)
		fprintf(fp, "  ... and %zu more (iomtscan sbom show %s)\n",
		    s->n_comp - 20, report_clean(b, s->model, 60));
}

static json_t *
mds2_json(const struct inv_mds2 *m, const char *link)
{
	json_t	*o = json_object(), *a = json_array();

	json_object_set_new(o, "vendor", report_json_str(m->vendor));
	json_object_set_new(o, "model", report_json_str(m->model));
	json_object_set_new(o, "version", report_json_str(m->version));
	json_object_set_new(o, "document_id", report_json_str(m->doc_id));
	json_object_set_new(o, "release_date", report_json_str(m->doc_date));
	json_object_set_new(o, "revision", report_json_str(m->revision));
	json_object_set_new(o, "file", report_json_str(m->file));
	json_object_set_new(o, "imported", report_json_time(m->imported));
	if (link != NULL)
		json_object_set_new(o, "link", json_string(link));
	for (size_t i = 0; i < m->n_item; i++) {
		const struct inv_mds2_item *it = &m->item[i];
		json_t	*q = json_object();

		json_object_set_new(q, "id", report_json_str(it->qid));
		json_object_set_new(q, "answer", it->answer == MDS2_A_NONE ?
		    json_null() : json_string(mds2_answer_name(it->answer)));
		json_object_set_new(q, "text", report_json_str(it->text));
		json_object_set_new(q, "note", report_json_str(it->note));
		json_array_append_new(a, q);
	}
	json_object_set_new(o, "answers", a);
	return o;
}

/* The advisories that name component c: [{id, match, reason}]. */
static json_t *
comp_adv_json(const struct inv_sbom_comp *c)
{
	json_t	*a = json_array();

	for (size_t j = 0; j < c->n_adv; j++) {
		json_t	*o = json_object();

		json_object_set_new(o, "id", report_json_str(c->adv[j].id));
		json_object_set_new(o, "match", json_string(adv_match_name(
		    c->adv[j].match)));
		json_object_set_new(o, "reason",
		    report_json_str(c->adv[j].reason));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
sbom_json(const struct inv_sbom *s, const char *link)
{
	json_t	*o = json_object(), *a = json_array();

	json_object_set_new(o, "vendor", report_json_str(s->vendor));
	json_object_set_new(o, "model", report_json_str(s->model));
	json_object_set_new(o, "version", report_json_str(s->version));
	json_object_set_new(o, "format", report_json_str(s->format));
	json_object_set_new(o, "serial", report_json_str(s->serial));
	json_object_set_new(o, "file", report_json_str(s->file));
	json_object_set_new(o, "imported", report_json_time(s->imported));
	if (link != NULL)
		json_object_set_new(o, "link", json_string(link));
	for (size_t i = 0; i < s->n_comp; i++) {
		const struct inv_sbom_comp *c = &s->comp[i];
		json_t	*q = json_object();

		json_object_set_new(q, "name", report_json_str(c->name));
		json_object_set_new(q, "version", report_json_str(c->version));
		json_object_set_new(q, "purl", report_json_str(c->purl));
		json_object_set_new(q, "cpe", report_json_str(c->cpe));
		json_object_set_new(q, "supplier",
		    report_json_str(c->supplier));
		json_object_set_new(q, "type", report_json_str(c->type));
		json_object_set_new(q, "advisories", comp_adv_json(c));
		json_array_append_new(a, q);
	}
	json_object_set_new(o, "components", a);
	return o;
}

json_t *
report_mds2_json(const struct inv_host *h)
{
	return h->mds2 != NULL ? mds2_json(h->mds2, h->mds2_link) :
	    json_null();
}

json_t *
report_sbom_json(const struct inv_host *h)
{
	return h->sbom != NULL ? sbom_json(h->sbom, h->sbom_link) :
	    json_null();
}

/* The advisories that name component c by CPE or purl, one a line. */
static void
comp_advisories(const struct inv_sbom_comp *c, FILE *fp, struct buf *b)
{
	for (size_t j = 0; j < c->n_adv; j++) {
		const struct inv_advisory *a = &c->adv[j];

		fprintf(fp, "    advisory %s", report_clean(b, a->id, 60));
		fprintf(fp, " %s", adv_match_name(a->match));
		if (a->cves != NULL)
			fprintf(fp, " (%s)", report_clean(b, a->cves, 120));
		fprintf(fp, ": %s\n", report_clean(b, a->reason, 300));
	}
}

/* How many hosts of inv link to document id of kind (0 MDS2, 1 SBOM). */
static size_t
linked(const struct inventory *inv, int kind, int64_t id)
{
	size_t	 n = 0;

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		if (kind == 0 ? h->mds2 != NULL && h->mds2->id == id :
		    h->sbom != NULL && h->sbom->id == id)
			n++;
	}
	return n;
}

int
report_devdocs_list(struct db *db, const char *kind, const char *format,
    FILE *fp)
{
	struct inventory *inv = NULL;
	struct buf	 b = { NULL, 0, 0 };
	int		 sb = strcmp(kind, "sbom") == 0, r;
	size_t		 n;
	char		 tb[32];

	if ((r = db_inventory_load(db, &inv)) != 0)
		return r;
	n = sb ? inv->n_sbom : inv->n_mds2;
	if (strcmp(format, "json") == 0) {
		json_t	*a = json_array();

		for (size_t i = 0; i < n; i++) {
			json_t	*o = sb ? sbom_json(&inv->sbom[i], NULL) :
			    mds2_json(&inv->mds2[i], NULL);

			json_object_set_new(o, "hosts", json_integer((json_int_t)
			    linked(inv, sb, sb ? inv->sbom[i].id :
			    inv->mds2[i].id)));
			json_array_append_new(a, o);
		}
		r = report_json_write(a, fp, 0);
		json_decref(a);
		goto out;
	}
	if (n == 0) {
		fprintf(fp, "No %s imported (iomtscan %s import FILE).\n",
		    sb ? "SBOM" : "MDS2 form", kind);
		goto done;
	}
	fprintf(fp, "%-24s %-28s %-20s %5s %5s  %s\n", "VENDOR", "MODEL",
	    sb ? "FORMAT" : "REVISION", sb ? "COMPS" : "ITEMS", "HOSTS",
	    "IMPORTED");
	for (size_t i = 0; i < n; i++) {
		const char	*v = sb ? inv->sbom[i].vendor : inv->mds2[i].vendor;
		const char	*m = sb ? inv->sbom[i].model : inv->mds2[i].model;

		report_clean(&b, v, 24);
		fprintf(fp, "%s%*s ", buf_str(&b), (int)(24 -
		    text_width(buf_str(&b))), "");
		report_clean(&b, m, 28);
		fprintf(fp, "%s%*s ", buf_str(&b), (int)(28 -
		    text_width(buf_str(&b))), "");
		fprintf(fp, "%-20s %5zu %5zu  %s\n", report_clean(&b, sb ?
		    inv->sbom[i].format : inv->mds2[i].revision, 20), sb ?
		    inv->sbom[i].n_comp : inv->mds2[i].n_item, linked(inv, sb,
		    sb ? inv->sbom[i].id : inv->mds2[i].id), ymd(tb,
		    sizeof(tb), sb ? inv->sbom[i].imported :
		    inv->mds2[i].imported));
	}
 done:
	r = ferror(fp) ? -EIO : 0;
 out:
	buf_free(&b);
	db_inventory_free(inv);
	return r;
}

int
report_devdocs_show(struct db *db, const char *kind, const char *model,
    FILE *fp)
{
	struct inventory *inv = NULL;
	struct buf	 b = { NULL, 0, 0 };
	int		 sb = strcmp(kind, "sbom") == 0, r;
	char		 want[128], key[128], tb[32];
	size_t		 n, shown = 0;

	if ((r = db_inventory_load(db, &inv)) != 0)
		return r;
	devdocs_model_key(model, want, sizeof(want));
	n = sb ? inv->n_sbom : inv->n_mds2;
	for (size_t i = 0; i < n; i++) {
		const char	*mm = sb ? inv->sbom[i].model : inv->mds2[i].model;
		int64_t		 id = sb ? inv->sbom[i].id : inv->mds2[i].id;

		devdocs_model_key(mm, key, sizeof(key));
		if (strcmp(key, want) != 0)
			continue;
		if (shown++ > 0)
			fprintf(fp, "\n");
		if (sb) {
			const struct inv_sbom *s = &inv->sbom[i];

			fprintf(fp, "%s", report_clean(&b, s->vendor, 80));
			fprintf(fp, " %s\n", report_clean(&b, s->model, 80));
			fprintf(fp, "  format    %s\n", report_clean(&b,
			    s->format, 40));
			if (s->version != NULL)
				fprintf(fp, "  version   %s\n", report_clean(&b,
				    s->version, 60));
			if (s->serial != NULL)
				fprintf(fp, "  serial    %s\n", report_clean(&b,
				    s->serial, 120));
			fprintf(fp, "  file      %s\n", report_clean(&b,
			    s->file, 200));
			fprintf(fp, "  imported  %s\n", ymd(tb, sizeof(tb),
			    s->imported));
			fprintf(fp, "\n  %-30s %-16s %s\n", "COMPONENT",
			    "VERSION", "CPE / PURL");
			for (size_t k = 0; k < s->n_comp; k++) {
				const struct inv_sbom_comp *c = &s->comp[k];

				fprintf(fp, "  %-30s", report_clean(&b,
				    c->name, 30));
				fprintf(fp, " %-16s", report_clean(&b,
				    c->version, 16));
				fprintf(fp, " %s\n", report_clean(&b, c->cpe ?
				    c->cpe : c->purl, 120));
				comp_advisories(c, fp, &b);
			}
		} else {
			const struct inv_mds2 *m = &inv->mds2[i];

			fprintf(fp, "%s", report_clean(&b, m->vendor, 80));
			fprintf(fp, " %s\n", report_clean(&b, m->model, 80));
			fprintf(fp, "  revision  %s\n", report_clean(&b,
			    m->revision, 40));
			if (m->version != NULL)
				fprintf(fp, "  software  %s\n", report_clean(&b,
				    m->version, 60));
			if (m->doc_id != NULL)
				fprintf(fp, "  document  %s\n", report_clean(&b,
				    m->doc_id, 80));
			if (m->doc_date != NULL)
				fprintf(fp, "  released  %s\n", report_clean(&b,
				    m->doc_date, 40));
			fprintf(fp, "  file      %s (%s)\n", report_clean(&b,
			    m->file, 200), m->format);
			fprintf(fp, "  imported  %s\n", ymd(tb, sizeof(tb),
			    m->imported));
			fprintf(fp, "\n  %-10s %-9s %s\n", "ID", "ANSWER",
			    "NOTE");
			for (size_t k = 0; k < m->n_item; k++) {
				const struct inv_mds2_item *it = &m->item[k];

				fprintf(fp, "  %-10s", report_clean(&b,
				    it->qid, 10));
				fprintf(fp, " %-9s", it->answer == MDS2_A_TEXT ?
				    report_clean(&b, it->text, 40) :
				    mds2_answer_name(it->answer));
				fprintf(fp, " %s\n", report_clean(&b,
				    it->note, 160));
			}
		}
		fprintf(fp, "\n  hosts linked: %zu\n", linked(inv, sb, id));
		for (size_t k = 0; k < inv->n_host; k++) {
			const struct inv_host *h = &inv->host[k];

			if (sb ? h->sbom == NULL || h->sbom->id != id :
			    h->mds2 == NULL || h->mds2->id != id)
				continue;
			fprintf(fp, "    %s (by %s)\n", report_clean(&b, h->ip,
			    40), sb ? h->sbom_link : h->mds2_link);
		}
	}
	r = shown == 0 ? IOMT_ENOTFOUND : ferror(fp) ? -EIO : 0;
	buf_free(&b);
	db_inventory_free(inv);
	return r;
}
