/*
 * src/report/html.c - `iomtscan export --format html`: the inventory as
 * one self-contained HTML5 page a hospital manager can read, in Japanese
 * or English (html-text.c holds the words).
 *
 * Few hospitals have their networked medical devices on paper, and the
 * people who answer for them (医療機器安全管理責任者, IT staff) are rarely
 * network specialists; this page is for them: summary counts, a device
 * table that sorts and filters, each finding in plain language with what
 * to do, the network diagram (diagram.c's SVG, inline), the scans' safety
 * record (what was sent, what was held back, which devices stopped
 * answering) and the checklist.  It is one file to mail or print: no
 * external script, style, font, image or link, and a Content-Security-
 * Policy that forbids loading anything, so a copy opened anywhere cannot
 * call out.
 *
 * Every string a device sent, and everything people typed into the
 * inventory, is hostile: it goes through html_esc(), which escapes the
 * five HTML metacharacters, replaces bytes that are not UTF-8, control
 * characters and bidirectional overrides with U+FFFD and writes
 * U+2028/U+2029 as references.  Attribute values are always quoted and
 * escaped the same way.  No device text is ever put inside the <script>:
 * the script is a constant (its SHA-256 is in the policy, so an injected
 * script would not run even if escaping failed) and sorts the rows it
 * finds in the DOM, by each cell's data-sort attribute or text.  The
 * SVG is embedded only after its prolog, DOCTYPE and comments are cut
 * and it is checked to hold one <svg> element and no script, link or
 * foreign content.
 *
 * The page is built in a buffer flushed to fp every HTML_FLUSH bytes, so
 * memory stays bounded by the inventory, not by the page.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/net.h"
#include "report-int.h"

#define HTML_FLUSH	65536	/* bytes buffered before a write */
#define HTML_CELL_MAX	160	/* bytes of one device string in a cell */
#define HTML_LIST_MAX	50	/* addresses listed per scan and kind */
#define HTML_SCANS_MAX	20	/* scans shown in the safety record */

/* The page being written. */
struct html {
	FILE			*fp;
	struct buf		 o;	/* pending output */
	int			 ja;
	int			 err;	/* a write failed */
	struct db		*db;
	const struct report_opts *ro;
	struct inventory	*inv;
	struct report_fragile	*frs;	/* per host */
	unsigned char		*remote;	/* per host: offers remote access */
	int			 filtered;
};

static void
html_flush(struct html *w)
{
	if (w->o.len > 0 && fwrite(w->o.p, 1, w->o.len, w->fp) != w->o.len)
		w->err = 1;
	buf_truncate(&w->o, 0);
}

/* Markup, written as it is: only constants and numbers go here. */
static void
put(struct html *w, const char *s)
{
	buf_add(&w->o, s);
	if (w->o.len >= HTML_FLUSH)
		html_flush(w);
}

static void putf(struct html *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct html *w, const char *fmt, ...)
{
	char	 tmp[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(w, tmp);
}

/*
 * Append s (NULL: nothing) to b escaped for HTML text and quoted
 * attribute values alike, at most max bytes of it (0: all; a cut ends in
 * "…" at a character boundary).  See the top of the file.
 */
static void
html_esc_buf(struct buf *b, const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, i = 0, l;
	uint32_t		 cp;

	if (s == NULL)
		return;
	n = strlen(s);
	while (i < n) {
		if (max > 0 && i >= max) {
			buf_add(b, "\xe2\x80\xa6");
			break;
		}
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 0) {
			buf_add(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		i += l;
		switch (cp) {
		case '&': buf_add(b, "&amp;"); continue;
		case '<': buf_add(b, "&lt;"); continue;
		case '>': buf_add(b, "&gt;"); continue;
		case '"': buf_add(b, "&quot;"); continue;
		case '\'': buf_add(b, "&#39;"); continue;
		case '\t': case '\n': case '\r': buf_addc(b, ' '); continue;
		case 0x2028: buf_add(b, "&#x2028;"); continue;
		case 0x2029: buf_add(b, "&#x2029;"); continue;
		default:
			break;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		    cp == 0x200f || cp == 0x061c || cp == 0xfeff)
			buf_add(b, "\xef\xbf\xbd");
		else
			buf_addn(b, s + i - l, l);
	}
}

static void
esc(struct html *w, const char *s)
{
	html_esc_buf(&w->o, s, HTML_CELL_MAX);
	if (w->o.len >= HTML_FLUSH)
		html_flush(w);
}

/* Text of the report's own (labels, finding texts), escaped all the same. */
static void
esc_all(struct html *w, const char *s)
{
	html_esc_buf(&w->o, s, 0);
	if (w->o.len >= HTML_FLUSH)
		html_flush(w);
}

/* A label of the report (html-text.c). */
static void
lbl(struct html *w, const char *key)
{
	html_esc_buf(&w->o, report_html_label(key, w->ja), 0);
}

/*
 * The label prefix.value ("cls.infusion-pump") when the report has one,
 * else value itself (escaped; NULL writes nothing): stored words people
 * read (device classes, host and scan states) in the page's language.
 */
static void
word(struct html *w, const char *prefix, const char *value)
{
	char	 key[96];

	if (value == NULL)
		return;
	snprintf(key, sizeof(key), "%s.%s", prefix, value);
	if (strlen(value) < 64 &&
	    strcmp(report_html_label(key, w->ja), key) != 0)
		lbl(w, key);
	else
		esc(w, value);
}

/* Severity rank: high 3 .. info 0; -1 for anything else. */
static int
sev_rank(const char *s)
{
	static const char *const names[] = { "info", "low", "medium", "high" };

	for (int i = 3; s != NULL && i >= 0; i--)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static const char *
sev_name(int rank)
{
	static const char *const names[] = { "info", "low", "medium", "high" };

	return rank >= 0 && rank <= 3 ? names[rank] : "info";
}

static void
sev_badge(struct html *w, const char *severity)
{
	char	 key[32];
	int	 r = sev_rank(severity);

	snprintf(key, sizeof(key), "sev.%s", sev_name(r));
	putf(w, "<span class=\"sev %s\">", sev_name(r));
	if (r < 0)
		esc(w, severity);
	else
		lbl(w, key);
	put(w, "</span>");
}

static const char *
host_class(const struct inv_host *h)
{
	return h->identity != NULL ? h->identity->device_class : NULL;
}

/* What people call h: its annotated name, else a name it gave itself. */
static const char *
host_name(const struct inv_host *h)
{
	static const char *const keys[] = { "dhcp.hostname", "mdns.hostname",
	    "lldp.sysname", "cdp.device_id", "mdns.instance" };
	const char	*n = db_inv_annotation(h, "name");

	for (size_t i = 0; n == NULL && i < sizeof(keys) / sizeof(keys[0]);
	    i++)
		n = report_name(h, keys[i]);
	return n;
}

/* ---- summary ---------------------------------------------------- */

static void
card(struct html *w, const char *key, size_t n, int warn)
{
	char	 hint[32];

	snprintf(hint, sizeof(hint), "h.%s", key + 2);
	putf(w, "<div class=\"card%s\" data-count=\"%s\"><div class=\"n\">"
	    "%zu</div>", warn && n > 0 ? " warn" : "", key + 2, n);
	lbl(w, key);
	if (strcmp(report_html_label(hint, w->ja), hint) != 0) {
		put(w, "<small>");
		lbl(w, hint);
		put(w, "</small>");
	}
	put(w, "</div>\n");
}

static void
html_summary(struct html *w)
{
	const struct inventory *inv = w->inv;
	size_t	 medical = 0, fragile = 0, unmanaged = 0, remote = 0;
	size_t	 sev[4] = { 0, 0, 0, 0 };

	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		medical += device_class_kind(host_class(h)) == DEVCLASS_MEDICAL;
		fragile += w->frs[i].n > 0;
		unmanaged += db_inv_annotation(h, "ledger_id") == NULL;
		remote += w->remote[i];
		for (size_t k = 0; k < h->n_finding; k++) {
			int r = sev_rank(h->finding[k].severity);

			sev[r < 0 ? 0 : r]++;
		}
	}
	put(w, "<section id=\"summary\"><h2>");
	lbl(w, "s.summary");
	put(w, "</h2>\n<div class=\"cards\">\n");
	card(w, "c.devices", inv->n_host, 0);
	card(w, "c.medical", medical, 0);
	card(w, "c.fragile", fragile, 1);
	card(w, "c.unmanaged", unmanaged, 1);
	card(w, "c.remote", remote, 1);
	put(w, "</div>\n<h3>");
	lbl(w, "sev.title");
	put(w, "</h3>\n<div class=\"cards\">\n");
	for (int r = 3; r >= 0; r--) {
		putf(w, "<div class=\"card%s\" data-count=\"findings-%s\">"
		    "<div class=\"n\">%zu</div>", r >= 2 && sev[r] > 0 ?
		    " warn" : "", sev_name(r), sev[r]);
		sev_badge(w, sev_name(r));
		put(w, "</div>\n");
	}
	put(w, "</div>\n</section>\n");
}

/* ---- device table ----------------------------------------------- */

static void
th(struct html *w, const char *col, const char *key, int num)
{
	putf(w, "<th data-col=\"%s\"%s aria-sort=\"none\"><button "
	    "type=\"button\">", col, num ? " data-type=\"num\"" : "");
	lbl(w, key);
	put(w, "</button></th>");
}

/* A finding's title as the report says it (localised when known). */
static const char *
finding_title(const struct html *w, const struct inv_finding *f)
{
	const struct report_html_finding *t =
	    report_html_finding_text(f->id, w->ja);

	return t != NULL ? t->title : f->title != NULL ? f->title : f->id;
}

static void
html_device_row(struct html *w, size_t i)
{
	const struct inv_host	*h = &w->inv->host[i];
	const struct inv_identity *id = h->identity;
	struct buf		 t = { NULL, 0, 0 };
	uint32_t		 a = 0;
	size_t			 nopen = 0;
	int			 top = -1;

	putf(w, "<tr%s>", device_class_kind(host_class(h)) ==
	    DEVCLASS_MEDICAL ? " class=\"medical\"" : "");
	(void)target_aton(h->ip, &a);
	putf(w, "<td data-sort=\"%" PRIu32 "\">", a);
	esc(w, h->ip);
	put(w, "</td><td>");
	esc(w, h->mac);
	put(w, "</td><td>");
	esc(w, host_name(h));
	put(w, "</td><td>");
	text_vendor_model(&t, id != NULL && id->vendor != NULL ? id->vendor :
	    h->oui_vendor, id != NULL ? id->model : NULL);
	esc(w, buf_str(&t));
	put(w, "</td><td>");
	word(w, "cls", host_class(h));
	put(w, "</td><td>");
	if (id != NULL) {
		esc(w, id->firmware);
		if (id->firmware != NULL && id->os != NULL)
			put(w, " / ");
		esc(w, id->os);
	}
	buf_truncate(&t, 0);
	for (size_t k = 0; k < h->n_svc; k++)
		if (h->svc[k].state != NULL &&
		    strcmp(h->svc[k].state, "open") == 0) {
			buf_addf(&t, "%s%d/%s", t.len ? " " : "",
			    h->svc[k].port, h->svc[k].proto != NULL ?
			    h->svc[k].proto : "?");
			nopen++;
		}
	putf(w, "</td><td data-sort=\"%zu\">", nopen);
	esc(w, buf_str(&t));
	if (w->remote[i]) {
		char kinds[128];

		put(w, "<br><b>");
		lbl(w, "remote");
		put(w, ":</b> ");
		esc(w, report_remote_kinds(h, REPORT_REMOTE_OPEN, kinds,
		    sizeof(kinds)));
	}
	put(w, "</td><td>");
	if (w->frs[i].n > 0)
		esc(w, w->frs[i].ids);
	for (size_t k = 0; k < h->n_finding; k++)
		if (sev_rank(h->finding[k].severity) > top)
			top = sev_rank(h->finding[k].severity);
	putf(w, "</td><td data-sort=\"%d\">", h->n_finding > 0 ?
	    (top + 1) * 1000 + (int)(h->n_finding > 999 ? 999 :
	    h->n_finding) : 0);
	for (size_t k = 0; k < h->n_finding; k++) {
		if (k > 0)
			put(w, "<br>");
		sev_badge(w, h->finding[k].severity);
		put(w, " ");
		esc(w, finding_title(w, &h->finding[k]));
	}
	put(w, "</td><td>");
	esc(w, db_inv_annotation(h, "owner"));
	if (db_inv_annotation(h, "owner") != NULL &&
	    db_inv_annotation(h, "location") != NULL)
		put(w, " / ");
	esc(w, db_inv_annotation(h, "location"));
	put(w, "</td></tr>\n");
	buf_free(&t);
}

static void
html_devices(struct html *w)
{
	put(w, "<section id=\"devices\"><h2>");
	lbl(w, "s.devices");
	put(w, "</h2>\n<p id=\"devices-tools\" hidden><label>");
	lbl(w, "filter");
	put(w, " <input id=\"devices-filter\" type=\"search\" placeholder=\"");
	lbl(w, "filter.hint");
	putf(w, "\"></label> <span id=\"devices-count\">%zu</span> ",
	    w->inv->n_host);
	lbl(w, "shown");
	lbl(w, "sep");
	lbl(w, "sort.hint");
	put(w, "</p>\n<table id=\"devices-table\">\n<thead><tr>");
	th(w, "ip", "col.ip", 1);
	th(w, "mac", "col.mac", 0);
	th(w, "name", "col.name", 0);
	th(w, "vendor", "col.vendor", 0);
	th(w, "class", "col.class", 0);
	th(w, "firmware", "col.fw", 0);
	th(w, "ports", "col.ports", 1);
	th(w, "fragile", "col.fragile", 0);
	th(w, "findings", "col.findings", 1);
	th(w, "owner", "col.owner", 0);
	put(w, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < w->inv->n_host; i++)
		html_device_row(w, i);
	put(w, "</tbody></table>\n</section>\n");
}

/* ---- findings --------------------------------------------------- */

/* One finding id and where it was raised. */
struct html_fid {
	const char		*id;
	int			 sev;		/* the highest raised */
	const struct inv_finding *first;	/* for stored text */
	size_t			 n;
};

static int
fid_cmp(const void *a, const void *b)
{
	const struct html_fid *x = a, *y = b;

	if (x->sev != y->sev)
		return y->sev - x->sev;
	return strcmp(x->id, y->id);
}

static void
html_finding_where(struct html *w, const char *fid)
{
	size_t	 shown = 0, total = 0;

	put(w, "<p><b>");
	lbl(w, "f.where");
	put(w, ":</b> ");
	for (size_t i = 0; i < w->inv->n_host; i++) {
		const struct inv_host *h = &w->inv->host[i];

		for (size_t k = 0; k < h->n_finding; k++) {
			if (h->finding[k].id == NULL ||
			    strcmp(h->finding[k].id, fid) != 0)
				continue;
			if (total++ >= 200)
				continue;
			if (shown++ > 0)
				put(w, ", ");
			put(w, "<code>");
			esc(w, h->ip);
			if (h->finding[k].port > 0)
				putf(w, ":%d", h->finding[k].port);
			put(w, "</code>");
			if (host_name(h) != NULL) {
				put(w, " (");
				esc(w, host_name(h));
				put(w, ")");
			}
		}
	}
	if (total > shown)
		putf(w, " … (+%zu)", total - shown);
	put(w, "</p>\n");
}

static void
html_findings(struct html *w)
{
	struct html_fid	*ids = NULL;
	size_t		 n = 0, cap = 0;

	for (size_t i = 0; i < w->inv->n_host; i++) {
		const struct inv_host *h = &w->inv->host[i];

		for (size_t k = 0; k < h->n_finding; k++) {
			const struct inv_finding *f = &h->finding[k];
			size_t m;

			if (f->id == NULL)
				continue;
			for (m = 0; m < n && strcmp(ids[m].id, f->id) != 0; m++)
				;
			if (m == n) {
				if (n == cap) {
					cap = cap ? cap * 2 : 16;
					ids = xreallocarray(ids, cap,
					    sizeof(*ids));
				}
				ids[n].id = f->id;
				ids[n].sev = -1;
				ids[n].first = f;
				ids[n].n = 0;
				n++;
			}
			ids[m].n++;
			if (sev_rank(f->severity) > ids[m].sev)
				ids[m].sev = sev_rank(f->severity);
		}
	}
	if (n > 1)
		qsort(ids, n, sizeof(*ids), fid_cmp);
	put(w, "<section id=\"findings\"><h2>");
	lbl(w, "s.findings");
	put(w, "</h2>\n");
	if (n == 0) {
		put(w, "<p>");
		lbl(w, "f.none");
		put(w, "</p>\n");
	}
	for (size_t m = 0; m < n; m++) {
		const struct report_html_finding *t =
		    report_html_finding_text(ids[m].id, w->ja);

		put(w, "<div class=\"finding\" data-finding=\"");
		esc(w, ids[m].id);
		putf(w, "\" data-count=\"%zu\"><h3>", ids[m].n);
		sev_badge(w, sev_name(ids[m].sev));
		put(w, " ");
		if (t != NULL) {
			esc_all(w, t->title);
			putf(w, " <span class=\"note\">(%zu)</span></h3>\n"
			    "<p><b>", ids[m].n);
			lbl(w, "f.what");
			put(w, ":</b> ");
			esc_all(w, t->what);
			put(w, "</p>\n<p><b>");
			lbl(w, "f.todo");
			put(w, ":</b> ");
			esc_all(w, t->todo);
			put(w, "</p>\n");
		} else {
			esc(w, ids[m].first->title != NULL ?
			    ids[m].first->title : ids[m].id);
			putf(w, " <span class=\"note\">(%zu)</span></h3>\n"
			    "<p class=\"note\">", ids[m].n);
			lbl(w, "f.script");
			put(w, " <code>");
			esc(w, ids[m].id);
			put(w, "</code></p>\n<p>");
			html_esc_buf(&w->o, ids[m].first->detail, 1024);
			put(w, "</p>\n");
		}
		html_finding_where(w, ids[m].id);
		put(w, "</div>\n");
	}
	put(w, "</section>\n");
	free(ids);
}

/* ---- diagram ---------------------------------------------------- */

/* The first occurrence of needle in hay, ignoring ASCII case. */
static const char *
find_nocase(const char *hay, const char *needle)
{
	size_t	 l = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, l) == 0)
			return hay;
	return NULL;
}

/*
 * 1 when the tag at t (from '<' to its '>', len bytes) is one of the
 * elements Graphviz's SVG uses, without an event handler or a link.
 */
static int
svg_tag_ok(const char *t, size_t len)
{
	static const char *const names[] = { "svg", "g", "title", "polygon",
	    "polyline", "path", "ellipse", "text", "desc", NULL };
	char	 tag[512];
	size_t	 i, l;

	if (len < 3 || len >= sizeof(tag))
		return 0;
	memcpy(tag, t, len);
	tag[len] = '\0';
	i = tag[1] == '/' ? 2 : 1;
	l = strcspn(tag + i, " \t\r\n/>");
	for (size_t k = 0; names[k] != NULL; k++)
		if (strlen(names[k]) == l && strncmp(tag + i, names[k], l) ==
		    0) {
			if (find_nocase(tag, "href") != NULL ||
			    find_nocase(tag, "url(") != NULL)
				return 0;
			for (char *p = tag; *p != '\0'; p++)
				if ((*p == ' ' || *p == '\t' || *p == '\n' ||
				    *p == '\r') && strncasecmp(p + 1, "on",
				    2) == 0)
					return 0;
			return 1;
		}
	return 0;
}

/*
 * Cut Graphviz's SVG document down to its <svg> element for inline use
 * into b: the XML prolog, DOCTYPE and comments go.  Return 0, or -1 when
 * what is left is not one <svg> element made of the elements Graphviz
 * draws with (no script, style, link, event handler or foreign content;
 * then nothing is embedded).  Device text in it is Graphviz's to escape:
 * a '<' in a label is written as "&lt;", so any '<' here starts a tag.
 */
static int
html_svg_inline(struct buf *b, const char *svg)
{
	const char	*s = find_nocase(svg, "<svg"), *e, *c;
	size_t		 nsvg = 0, depth = 0;
	int		 r = -1;

	buf_truncate(b, 0);
	if (s == NULL)
		return -1;
	while ((c = strstr(s, "<!--")) != NULL) {
		buf_addn(b, s, (size_t)(c - s));
		if ((e = strstr(c + 4, "-->")) == NULL)
			goto out;
		s = e + 3;
	}
	buf_add(b, s);
	for (e = buf_str(b); (c = strchr(e, '<')) != NULL; e = s + 1) {
		if ((s = strchr(c, '>')) == NULL ||
		    !svg_tag_ok(c, (size_t)(s - c + 1)))
			goto out;
		if (strncmp(c, "<svg", 4) == 0) {
			if (nsvg++ > 0)
				goto out;
			depth = 1;
		} else if (strncmp(c, "</svg", 5) == 0) {
			depth = 0;
			if (strspn(s + 1, " \t\r\n") != strlen(s + 1))
				goto out;
		} else if (depth == 0)
			goto out;
	}
	r = nsvg == 1 && depth == 0 ? 0 : -1;
 out:
	if (r != 0)
		buf_truncate(b, 0);
	return r;
}

static void
html_diagram(struct html *w)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*svg = NULL;
	size_t		 len = 0;

	put(w, "<section id=\"diagram\"><h2>");
	lbl(w, "s.diagram");
	put(w, "</h2>\n<p class=\"note\">");
	lbl(w, "d.legend");
	put(w, "</p>\n");
	if (w->inv->n_host == 0) {
		put(w, "<p>");
		lbl(w, "d.none");
		put(w, "</p>\n</section>\n");
		return;
	}
	if (report_diagram_svg(w->inv, w->frs,
	    report_html_label("d.title", w->ja), &svg, &len) != 0 ||
	    html_svg_inline(&b, svg) != 0) {
		put(w, "<p class=\"bad\">");
		lbl(w, "d.failed");
		put(w, "</p>\n</section>\n");
		free(svg);
		return;
	}
	put(w, "<div class=\"diagram\">\n");
	html_flush(w);
	if (fwrite(b.p, 1, b.len, w->fp) != b.len)
		w->err = 1;
	put(w, "</div>\n</section>\n");
	free(svg);
	buf_free(&b);
}

/* ---- safety record ---------------------------------------------- */

static const char *const html_kinds[] = {
	"arp", "tcp-connect", "tcp-payload", "udp", "tcp-close", NULL
};
#define HTML_NKIND	6	/* the kinds above and "other" */

/* What the audit log says each scan sent. */
struct html_sent {
	struct html	*w;
	int64_t		 count[HTML_SCANS_MAX][HTML_NKIND];
	int64_t		 bytes[HTML_SCANS_MAX][HTML_NKIND];
	size_t		 first;		/* index of the oldest scan shown */
};

static int
html_sent_cb(void *arg, const struct db_audit_row *row)
{
	struct html_sent *st = arg;
	const struct inventory *inv = st->w->inv;
	size_t		 k;

	for (size_t i = st->first; i < inv->n_scan; i++) {
		if (inv->scan[i].id != row->scan_id)
			continue;
		for (k = 0; html_kinds[k] != NULL && (row->kind == NULL ||
		    strcmp(html_kinds[k], row->kind) != 0); k++)
			;
		st->count[i - st->first][k]++;
		st->bytes[i - st->first][k] += row->bytes;
		break;
	}
	return 0;
}

/* Addresses one scan held back, or left alone after no answer. */
struct html_list {
	struct html	*w;
	size_t		 n;
	int64_t		*host_ids;	/* breaker: host ids to name */
	size_t		 cap;
};

static int
html_held_cb(void *arg, const struct db_held_row *row)
{
	struct html_list *l = arg;
	struct html	*w = l->w;

	if (l->n++ >= HTML_LIST_MAX)
		return 0;
	put(w, "<li><code>");
	esc(w, row->ip);
	put(w, "</code> ");
	lbl(w, row->state != NULL && strcmp(row->state, "excluded") == 0 ?
	    "sf.held.excluded" : "sf.held.held");
	if (row->reason != NULL && row->reason[0] != '\0') {
		put(w, ": ");
		esc(w, row->reason);
	}
	put(w, "</li>\n");
	return 0;
}

static int
html_breaker_cb(void *arg, const struct db_host_scan_row *row)
{
	struct html_list *l = arg;

	if (row->state == NULL || strcmp(row->state, "breaker") != 0)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->host_ids = xreallocarray(l->host_ids, l->cap,
		    sizeof(*l->host_ids));
	}
	l->host_ids[l->n++] = row->host_id;
	return 0;
}

static void
stat_line(struct html *w, json_t *stats, const char *name, const char *key)
{
	json_t	*v = json_object_get(stats, name);

	if (!json_is_number(v))
		return;
	put(w, "<li>");
	lbl(w, key);
	if (json_is_integer(v))
		putf(w, ": %" JSON_INTEGER_FORMAT "</li>\n",
		    json_integer_value(v));
	else
		putf(w, ": %.2f</li>\n", json_number_value(v));
}

/* The record of scan inv->scan[si]; sent[] its audit counts. */
static int
html_scan_record(struct html *w, size_t si, const int64_t *count,
    const int64_t *bytes, size_t *nbreaker)
{
	const struct inv_scan *sc = &w->inv->scan[si];
	struct html_list l = { w, 0, NULL, 0 };
	json_t		*stats;
	char		 ts[32];
	int64_t		 total = 0;
	int		 r;

	putf(w, "<div class=\"finding\" data-scan=\"%" PRId64 "\"><h3>",
	    sc->id);
	lbl(w, "sf.scan");
	putf(w, " %" PRId64 " &#8212; ", sc->id);
	esc(w, time_iso8601(ts, sizeof(ts), sc->started));
	put(w, " &#8212; ");
	word(w, "scan", sc->status);
	put(w, "</h3>\n<p><b>");
	lbl(w, "sf.targets");
	put(w, ":</b> <code>");
	esc(w, sc->targets);
	put(w, "</code></p>\n");
	/* what was sent */
	put(w, "<table><thead><tr><th>");
	lbl(w, "sf.sent");
	put(w, "</th><th>");
	lbl(w, "sf.count");
	put(w, "</th><th>");
	lbl(w, "sf.bytes");
	put(w, "</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < HTML_NKIND; k++) {
		char key[32];

		if (count[k] == 0)
			continue;
		total += count[k];
		snprintf(key, sizeof(key), "k.%s", html_kinds[k] != NULL ?
		    html_kinds[k] : "other");
		putf(w, "<tr data-kind=\"%s\"><td>", html_kinds[k] != NULL ?
		    html_kinds[k] : "other");
		lbl(w, key);
		putf(w, "</td><td>%" PRId64 "</td><td>%" PRId64 "</td></tr>\n",
		    count[k], bytes[k]);
	}
	put(w, "</tbody></table>\n");
	if (total == 0) {
		put(w, "<p>");
		lbl(w, "sf.nothing");
		put(w, "</p>\n");
	}
	stats = report_json_stored(sc->stats, REPORT_JSON_OBJECT);
	if (stats != NULL) {
		put(w, "<p><b>");
		lbl(w, "sf.stats");
		put(w, ":</b></p><ul>\n");
		stat_line(w, stats, "probes", "st.probes");
		stat_line(w, stats, "hosts_up", "st.hosts_up");
		stat_line(w, stats, "refused", "st.refused");
		stat_line(w, stats, "breaker_trips", "st.breaker");
		stat_line(w, stats, "seconds", "st.seconds");
		put(w, "</ul>\n");
		json_decref(stats);
	}
	/* held back */
	put(w, "<p><b>");
	lbl(w, "sf.held");
	put(w, ":</b></p><ul>\n");
	if ((r = db_foreach_held(w->db, sc->id, html_held_cb, &l)) != 0)
		return r;
	if (l.n > HTML_LIST_MAX)
		putf(w, "<li>… (+%zu)</li>\n", l.n - HTML_LIST_MAX);
	put(w, "</ul>\n");
	if (l.n == 0) {
		put(w, "<p>");
		lbl(w, "sf.noheld");
		put(w, "</p>\n");
	}
	putf(w, "<p data-held=\"%zu\"></p>\n", l.n);
	/* left alone by the breaker */
	l.n = 0;
	if ((r = db_foreach_host_scan(w->db, sc->id, html_breaker_cb, &l)) !=
	    0) {
		free(l.host_ids);
		return r;
	}
	putf(w, "<p data-breaker=\"%zu\" class=\"%s\">", l.n,
	    l.n > 0 ? "bad" : "ok");
	lbl(w, l.n > 0 ? "sf.breaker.what" : "sf.nobreaker");
	put(w, "</p>\n");
	if (l.n > 0) {
		put(w, "<ul>\n");
		for (size_t i = 0; i < l.n && i < HTML_LIST_MAX; i++) {
			struct db_host hr;

			if (db_host_get(w->db, l.host_ids[i], &hr) != 0)
				continue;
			put(w, "<li><code>");
			esc(w, hr.ip);
			put(w, "</code></li>\n");
		}
		put(w, "</ul>\n");
	}
	*nbreaker += l.n;
	free(l.host_ids);
	put(w, "</div>\n");
	return 0;
}

static int
html_safety(struct html *w)
{
	const struct inventory *inv = w->inv;
	struct html_sent *st = xcalloc(1, sizeof(*st));
	size_t		 nbreaker = 0, nfrag = 0;
	int		 r = 0;

	put(w, "<section id=\"safety\"><h2>");
	lbl(w, "s.safety");
	put(w, "</h2>\n<p>");
	lbl(w, "sf.intro");
	put(w, "</p>\n");
	if (inv->n_scan == 0) {
		put(w, "<p>");
		lbl(w, "sf.noscan");
		put(w, "</p>\n");
	}
	st->w = w;
	st->first = inv->n_scan > HTML_SCANS_MAX ? inv->n_scan -
	    HTML_SCANS_MAX : 0;
	if (inv->n_scan > 0 &&
	    (r = db_foreach_audit(w->db, 0, NULL, html_sent_cb, st)) != 0)
		goto out;
	/* newest first */
	for (size_t i = inv->n_scan; i > st->first; i--)
		if ((r = html_scan_record(w, i - 1, st->count[i - 1 -
		    st->first], st->bytes[i - 1 - st->first], &nbreaker)) != 0)
			goto out;
	putf(w, "<p data-breaker-total=\"%zu\"></p>\n", nbreaker);
	/* fragile devices and what they got */
	put(w, "<h3>");
	lbl(w, "sf.fragile");
	put(w, "</h3>\n");
	for (size_t i = 0; i < inv->n_host; i++) {
		const struct inv_host *h = &inv->host[i];

		if (w->frs[i].n == 0)
			continue;
		if (nfrag++ == 0) {
			put(w, "<table><thead><tr><th>");
			lbl(w, "col.ip");
			put(w, "</th><th>");
			lbl(w, "col.fragile");
			put(w, "</th><th>");
			lbl(w, "sf.probes");
			put(w, "</th><th>");
			lbl(w, "sf.status");
			put(w, "</th></tr></thead><tbody>\n");
		}
		put(w, "<tr><td>");
		esc(w, h->ip);
		put(w, "</td><td>");
		esc(w, w->frs[i].ids);
		if (w->frs[i].hazard != NULL) {
			put(w, ": ");
			esc(w, w->frs[i].hazard);
		}
		putf(w, "</td><td>%" PRId64 "</td><td>", h->probes_sent);
		word(w, "state", h->state);
		put(w, "</td></tr>\n");
	}
	if (nfrag > 0)
		put(w, "</tbody></table>\n");
	else {
		put(w, "<p>");
		lbl(w, "sf.nofragile");
		put(w, "</p>\n");
	}
	put(w, "</section>\n");
 out:
	free(st);
	return r;
}

/* ---- checklist -------------------------------------------------- */

/*
 * The MHLW checklist section: the items scan data can evidence, built by
 * report_checklist_build() (checklist.c) from the whole inventory and
 * written by its own section writer, the one `iomtscan checklist
 * --format html` uses, so both say the same.
 */
static int
html_checklist(struct html *w)
{
	struct checklist *cl = NULL;
	int		 r;

	if ((r = report_checklist_build(w->db, &cl)) != 0)
		return r;
	put(w, "<div id=\"checklist\">\n");
	html_flush(w);
	r = report_checklist_html_section(cl, w->ja ? "ja" : "en", w->fp);
	put(w, "</div>\n");
	report_checklist_free(cl);
	return r;
}

/* ---- the page --------------------------------------------------- */

static void
html_head(struct html *w)
{
	char	 ts[32];

	put(w, "<!DOCTYPE html>\n");
	putf(w, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	    w->ja ? "ja" : "en");
	put(w, "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'sha256-" REPORT_HTML_SCRIPT_HASH "'; "
	    "base-uri 'none'; form-action 'none'\">\n");
	put(w, "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"iomtscan " PACKAGE_VERSION
	    "\">\n<title>");
	lbl(w, "title");
	put(w, "</title>\n<style>\n");
	put(w, report_html_style);
	put(w, report_checklist_css());
	put(w, "</style>\n</head>\n<body data-iomt-ready=\"0\">\n<h1>");
	lbl(w, "title");
	put(w, "</h1>\n<p>");
	lbl(w, "intro");
	put(w, "</p>\n<p class=\"note\">");
	lbl(w, "generated");
	put(w, ": ");
	esc(w, time_iso8601(ts, sizeof(ts), w->inv->generated));
	put(w, " (UTC), iomtscan " PACKAGE_VERSION);
	if (w->filtered) {
		put(w, ". ");
		lbl(w, "filtered");
	}
	put(w, "</p>\n<nav><b>");
	lbl(w, "nav");
	put(w, "</b><ol>");
	{
		static const char *const s[][2] = {
			{ "summary", "s.summary" }, { "devices", "s.devices" },
			{ "findings", "s.findings" }, { "diagram", "s.diagram" },
			{ "safety", "s.safety" }, { "checklist", "s.checklist" },
		};

		for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
			putf(w, "<li><a href=\"#%s\">", s[i][0]);
			lbl(w, s[i][1]);
			put(w, "</a></li>");
		}
	}
	put(w, "</ol></nav>\n");
}

int
report_export_html(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, const char *lang, FILE *fp)
{
	struct html	 w;
	int		 r;

	if (db == NULL || fp == NULL || (lang != NULL &&
	    strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0))
		return IOMT_EINVAL;
	memset(&w, 0, sizeof(w));
	w.fp = fp;
	w.db = db;
	w.ro = ro;
	w.ja = lang != NULL && strcmp(lang, "ja") == 0;
	w.filtered = report_filter_active(f);
	if ((r = report_inventory_load(db, f, &w.inv)) != 0)
		goto out;
	w.frs = xcalloc(w.inv->n_host + 1, sizeof(*w.frs));
	w.remote = xcalloc(w.inv->n_host + 1, 1);
	for (size_t i = 0; i < w.inv->n_host; i++) {
		if ((r = report_fragile(db, ro, &w.inv->host[i],
		    &w.frs[i])) != 0)
			goto out;
		w.remote[i] = report_remote_list(&w.inv->host[i],
		    REPORT_REMOTE_OPEN, NULL, 0) > 0;
	}
	html_head(&w);
	html_summary(&w);
	html_devices(&w);
	html_findings(&w);
	html_diagram(&w);
	if ((r = html_safety(&w)) != 0)
		goto out;
	if ((r = html_checklist(&w)) != 0)
		goto out;
	put(&w, "<footer><p class=\"note\">");
	lbl(&w, "footer");
	put(&w, "</p></footer>\n<script>");
	put(&w, report_html_script);
	put(&w, "</script>\n</body>\n</html>\n");
	html_flush(&w);
	r = w.err || ferror(fp) ? -EIO : 0;
 out:
	buf_free(&w.o);
	free(w.frs);
	free(w.remote);
	db_inventory_free(w.inv);
	return r;
}
