/*
 * src/report/diagram.c - `iomtscan export --format dot|svg`: a network
 * diagram of the inventory, drawn with Graphviz's libraries (libcgraph
 * builds the graph, libgvc lays it out and renders SVG).
 *
 * Few hospitals have their medical devices on a network diagram, and
 * most diagrams are drawn by vendors.  This one is drawn from what the
 * network showed: each /24 a cluster, inside it one box per device with
 * its address, vendor, model and class, medical devices filled red,
 * clinical IT (PACS, DICOM, HL7) blue, everything else grey; a device
 * matching a fragile profile gets a thick border and its profile id,
 * one offering remote access (VNC, RDP, SSH, Telnet, TeamViewer,
 * AnyDesk, a vendor gateway: report_remote_kinds()) a "remote:" line,
 * findings a count.  The scanner is a node of its own joined to every
 * subnet.  There is no topology to draw (a scan
 * does not see cables), so nodes are set out in columns of at most
 * DIAG_COLUMN by invisible edges, and a class with more than
 * DIAG_GROUP_MAX devices in one subnet becomes one summary box (count,
 * address range, how many fragile or remote): a 250-host subnet stays
 * a readable page instead of a hairball.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "iomt/net.h"
#include "iomt/safety.h"
#include "report-int.h"

#define DIAG_COLUMN	8	/* boxes stacked per column */
#define DIAG_GROUP_MAX	12	/* more of one class per subnet: one box */

static const char *
diag_class(const struct inv_host *h)
{
	/* only taxonomy names: they become node names and labels as they are */
	if (h->identity != NULL &&
	    device_class_valid(h->identity->device_class))
		return h->identity->device_class;
	return "unknown";
}

/* The /24 of ip ("198.18.0.0/24"). */
static void
diag_subnet(const char *ip, char *dst, size_t dsize)
{
	uint32_t	 a;
	char		 t[16];

	if (target_aton(ip, &a) != 0) {
		strlcpy(dst, "other", dsize);
		return;
	}
	target_ntoa(a & 0xffffff00u, t, sizeof(t));
	snprintf(dst, dsize, "%s/24", t);
}

/* Graphviz 2.42's API takes char * for strings it never writes. */
static char *
gs(const char *s)
{
	return (char *)(uintptr_t)s;
}

static void
set(void *obj, const char *k, const char *v)
{
	agsafeset(obj, gs(k), gs(v), gs(""));
}

static const char *
diag_fill(const char *cls)
{
	switch (device_class_kind(cls)) {
	case DEVCLASS_MEDICAL:
		return "#f8c8c8";
	case DEVCLASS_CLINICAL_IT:
		return "#c8dcf8";
	default:
		return "#e8e8e8";
	}
}

/*
 * Text for a label: device strings cleaned, no control characters, and
 * every backslash doubled.  A Graphviz label is an escString ("\n" breaks
 * the line, "\N" is the node name) and agwrite() escapes quotes but not
 * backslashes, so a vendor name ending in "\" would escape the closing
 * quote of the DOT string and let the rest of the name be read as DOT.
 */
static void
diag_text(struct buf *b, const char *s)
{
	struct buf	 t = { NULL, 0, 0 };

	if (s == NULL || s[0] == '\0')
		return;
	text_term(&t, s, strlen(s), 40);
	for (size_t i = 0; i < t.len; i++) {
		if (t.p[i] == '\\')
			buf_addc(b, '\\');
		buf_addc(b, t.p[i]);
	}
	buf_free(&t);
}

/* The node for one host in g. */
static Agnode_t *
diag_host(Agraph_t *g, const struct inv_host *h,
    const struct report_fragile *fr)
{
	struct buf	 l = { NULL, 0, 0 };
	char		 r[160];
	const struct inv_identity *id = h->identity;
	const char	*cls = diag_class(h);
	Agnode_t	*n = agnode(g, gs(h->ip), 1);

	buf_add(&l, h->ip);
	buf_addc(&l, '\n');
	diag_text(&l, id != NULL && id->vendor != NULL ? id->vendor :
	    h->oui_vendor);
	if (id != NULL && id->model != NULL && id->model[0] != '\0') {
		buf_addc(&l, ' ');
		diag_text(&l, id->model);
	}
	buf_addf(&l, "\n[%s]", cls);
	if (fr->n > 0)
		buf_addf(&l, "\nfragile: %s", fr->ids);
	if (report_remote_kinds(h, REPORT_REMOTE_OPEN, r, sizeof(r))[0] !=
	    '\0')
		buf_addf(&l, "\nremote: %s", r);
	if (h->n_finding > 0)
		buf_addf(&l, "\n%zu finding%s", h->n_finding,
		    h->n_finding == 1 ? "" : "s");
	set(n, "label", buf_str(&l));
	set(n, "shape", "box");
	set(n, "style", device_class_kind(cls) == DEVCLASS_MEDICAL ?
	    "filled,rounded" : "filled");
	set(n, "fillcolor", diag_fill(cls));
	if (fr->n > 0) {
		set(n, "penwidth", "3");
		set(n, "color", "#c00000");
	}
	if (r[0] != '\0')
		set(n, "peripheries", "2");
	buf_free(&l);
	return n;
}

/* One summary box for the n hosts of class cls at idx[] in subnet g. */
static Agnode_t *
diag_group(Agraph_t *g, const struct inventory *inv,
    const struct report_fragile *frs, const size_t *idx, size_t n,
    const char *cls, const char *subnet)
{
	struct buf	 l = { NULL, 0, 0 };
	size_t		 frag = 0, remote = 0, find = 0;
	char		 name[128];
	Agnode_t	*nd;

	for (size_t i = 0; i < n; i++) {
		const struct inv_host *h = &inv->host[idx[i]];

		frag += frs[idx[i]].n > 0;
		remote += report_remote_list(h, REPORT_REMOTE_OPEN, NULL,
		    0) > 0;
		find += h->n_finding > 0;
	}
	snprintf(name, sizeof(name), "%s %s", subnet, cls);
	nd = agnode(g, name, 1);
	buf_addf(&l, "%zu x [%s]\n%s .. %s", n, cls, inv->host[idx[0]].ip,
	    inv->host[idx[n - 1]].ip);
	if (frag > 0)
		buf_addf(&l, "\n%zu fragile", frag);
	if (remote > 0)
		buf_addf(&l, "\n%zu with remote access", remote);
	if (find > 0)
		buf_addf(&l, "\n%zu with findings", find);
	set(nd, "label", buf_str(&l));
	set(nd, "shape", "box3d");
	set(nd, "style", "filled");
	set(nd, "fillcolor", diag_fill(cls));
	if (frag > 0) {
		set(nd, "penwidth", "3");
		set(nd, "color", "#c00000");
	}
	buf_free(&l);
	return nd;
}

/* Boxes set out in columns of DIAG_COLUMN by invisible edges. */
struct diag_cols {
	Agraph_t	*g;
	Agnode_t	*col[DIAG_COLUMN];	/* last box of each row */
	size_t		 placed;
	Agnode_t	*first;			/* the scanner's edge ends here */
};

static void
diag_place(struct diag_cols *pl, Agnode_t *nd)
{
	size_t	 row = pl->placed++ % DIAG_COLUMN;

	if (pl->col[row] != NULL)
		set(agedge(pl->g, pl->col[row], nd, NULL, 1), "style",
		    "invis");
	pl->col[row] = nd;
	if (pl->first == NULL)
		pl->first = nd;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Build the whole diagram of inv. */
static Agraph_t *
diag_build(const struct inventory *inv, const struct report_fragile *frs,
    const char *title)
{
	Agraph_t	*g = agopen(gs("iomtscan"), Agdirected, NULL);
	Agnode_t	*scanner;
	size_t		*idx = xcalloc(inv->n_host + 1, sizeof(*idx));
	char		 sub[32], prev[32] = "";

	set(g, "rankdir", "LR");
	set(g, "compound", "true");
	set(g, "fontname", "sans-serif");
	set(g, "label", title != NULL ? title : "Networked devices as "
	    "iomtscan saw them (red: medical devices, blue: clinical IT, "
	    "thick red border: fragile profile, double border: remote "
	    "access)");
	set(g, "labelloc", "t");
	agattr(g, AGNODE, gs("fontname"), gs("sans-serif"));
	agattr(g, AGNODE, gs("fontsize"), gs("10"));
	scanner = agnode(g, gs("iomtscan"), 1);
	set(scanner, "shape", "doubleoctagon");
	set(scanner, "label", "iomtscan\nsensor");
	/* inv->host is in numeric address order: subnets come in runs */
	for (size_t i = 0; i < inv->n_host; ) {
		size_t		 j = i, ncls = 0;
		const char	**cls;
		Agraph_t	*c;
		char		 cname[64], clabel[96];

		diag_subnet(inv->host[i].ip, prev, sizeof(prev));
		while (j < inv->n_host) {
			diag_subnet(inv->host[j].ip, sub, sizeof(sub));
			if (strcmp(sub, prev) != 0)
				break;
			j++;
		}
		snprintf(cname, sizeof(cname), "cluster %s", prev);
		c = agsubg(g, cname, 1);
		snprintf(clabel, sizeof(clabel), "%s  (%zu device%s)", prev,
		    j - i, j - i == 1 ? "" : "s");
		set(c, "label", clabel);
		set(c, "style", "rounded");
		cls = xcalloc(j - i + 1, sizeof(*cls));
		for (size_t k = i; k < j; k++) {
			const char *cl = diag_class(&inv->host[k]);
			size_t m;

			for (m = 0; m < ncls && strcmp(cls[m], cl) != 0; m++)
				;
			if (m == ncls)
				cls[ncls++] = cl;
		}
		qsort(cls, ncls, sizeof(*cls), cmp_str);
		{
			struct diag_cols pl;

			memset(&pl, 0, sizeof(pl));
			pl.g = c;

			for (size_t m = 0; m < ncls; m++) {
				size_t n = 0;

				for (size_t k = i; k < j; k++)
					if (strcmp(diag_class(&inv->host[k]),
					    cls[m]) == 0)
						idx[n++] = k;
				if (n > DIAG_GROUP_MAX) {
					diag_place(&pl, diag_group(c, inv, frs,
					    idx, n, cls[m], prev));
					continue;
				}
				for (size_t k = 0; k < n; k++)
					diag_place(&pl, diag_host(c,
					    &inv->host[idx[k]], &frs[idx[k]]));
			}
			if (pl.first != NULL) {
				Agedge_t *e = agedge(g, scanner, pl.first, NULL,
				    1);

				set(e, "lhead", cname);
			}
		}
		free(cls);
		i = j;
	}
	free(idx);
	return g;
}

/*
 * One Graphviz context for the process, made on first use and kept: the
 * text-layout plugin (pango) keeps a pointer to the font name of the
 * context that last measured text, so a second context in the same
 * process after gvFreeContext() of the first reads freed memory.
 */
static GVC_t *
diag_gvc(void)
{
	static GVC_t	*gvc;

	if (gvc == NULL)
		gvc = gvContext();
	return gvc;
}

int
report_diagram_svg(const struct inventory *inv,
    const struct report_fragile *frs, const char *title, char **out,
    size_t *outlen)
{
	Agraph_t	*g;
	GVC_t		*gvc;
	char		*data = NULL;
	unsigned int	 len = 0;
	int		 r = IOMT_EINVAL;

	*out = NULL;
	*outlen = 0;
	g = diag_build(inv, frs, title);
	gvc = diag_gvc();
	if (gvLayout(gvc, g, gs("dot")) != 0)
		goto out;
	if (gvRenderData(gvc, g, gs("svg"), &data, &len) == 0) {
		*out = xmalloc((size_t)len + 1);
		memcpy(*out, data, len);
		(*out)[len] = '\0';
		*outlen = len;
		r = 0;
	}
	gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
 out:
	agclose(g);
	return r;
}

int
report_export_diagram(struct db *db, const struct report_opts *ro,
    const struct report_filter *f, const char *format, FILE *fp)
{
	struct report_fragile *frs = NULL;
	struct inventory *inv = NULL;
	Agraph_t	*g = NULL;
	char		*data = NULL;
	size_t		 len = 0;
	int		 r;

	if (db == NULL || fp == NULL || format == NULL ||
	    (strcmp(format, "dot") != 0 && strcmp(format, "svg") != 0))
		return IOMT_EINVAL;
	if ((r = report_inventory_load_opts(db, ro, f, &inv)) != 0)
		goto out;
	/* the profiles each host matches, as plan sees them */
	frs = xcalloc(inv->n_host + 1, sizeof(*frs));
	for (size_t i = 0; i < inv->n_host; i++)
		if ((r = report_fragile(db, ro, &inv->host[i], &frs[i])) != 0)
			goto out;
	if (strcmp(format, "dot") == 0) {
		g = diag_build(inv, frs, NULL);
		r = agwrite(g, fp) == 0 && !ferror(fp) ? 0 : -EIO;
		goto out;
	}
	if ((r = report_diagram_svg(inv, frs, NULL, &data, &len)) != 0)
		goto out;
	r = fwrite(data, 1, len, fp) == len && !ferror(fp) ? 0 : -EIO;
 out:
	if (g != NULL)
		agclose(g);
	free(data);
	free(frs);
	db_inventory_free(inv);
	return r;
}
