/*
 * xlsx.c - a worksheet of an Excel workbook (Office Open XML): the first
 * for ledgers, any for MDS2 forms.
 *
 * An .xlsx file is a zip archive of XML parts (ECMA-376 Part 1):
 * xl/workbook.xml lists the sheets, xl/_rels/workbook.xml.rels maps a
 * sheet's r:id to its part, xl/sharedStrings.xml holds the text cells
 * use by index, and xl/worksheets/sheetN.xml holds the rows:
 *
 *	<row r="3"><c r="B3" t="s"><v>7</v></c> ... </row>
 *
 * t="s" is a shared-string index, "inlineStr" carries <is><t>, "str" a
 * formula's text, "b" a boolean, none a number.  Japanese workbooks add
 * phonetic runs (<rPh>, furigana) inside shared strings: they are not
 * the cell's text and are skipped.  The archive is read with libzip and
 * the XML with libxml2 (both from Debian) rather than by hand: zip and
 * XML are formats where a home-made reader is the bug.  Each part is
 * capped at LEDGER_MAX_FILE bytes whatever its header claims (zip
 * bombs), and the XML parser runs without network access, DTD loading
 * or entity substitution.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "ledger-int.h"

#define XML_OPTS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
			 XML_PARSE_NOWARNING)

int
ledger_is_zip(const uint8_t *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

/* Read the archive member name, at most LEDGER_MAX_FILE bytes. */
static int
part_read(zip_t *z, const char *name, struct buf *out)
{
	zip_file_t *f;
	char tmp[16384];
	zip_int64_t k;
	int r = IOMT_ENOTFOUND;

	if ((f = zip_fopen(z, name, 0)) == NULL)
		return r;
	while ((k = zip_fread(f, tmp, sizeof(tmp))) > 0) {
		if (out->len + (size_t)k > LEDGER_MAX_FILE) {
			r = IOMT_ELIMIT;
			goto out;
		}
		buf_addn(out, tmp, (size_t)k);
	}
	r = k < 0 ? IOMT_EPROTO : 0;
 out:
	zip_fclose(f);
	return r;
}

static xmlDocPtr
part_xml(zip_t *z, const char *name, int *rp)
{
	struct buf b = { NULL, 0, 0 };
	xmlDocPtr d = NULL;

	if ((*rp = part_read(z, name, &b)) == 0) {
		if (b.len > (size_t)0x7fffffff)
			*rp = IOMT_ELIMIT;
		else if ((d = xmlReadMemory(buf_str(&b), (int)b.len, name,
		    NULL, XML_OPTS)) == NULL)
			*rp = IOMT_EPROTO;
	}
	buf_free(&b);
	return d;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* Append the text of every <t> under n, skipping phonetic runs. */
static void
text_of(const xmlNode *n, struct buf *b)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "rPh") || is(c, "phoneticPr"))
			continue;
		if (is(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);

			if (s != NULL)
				buf_add(b, (const char *)s);
			xmlFree(s);
		} else
			text_of(c, b);
	}
}

/*
 * The worksheet part of the workbook's sheet idx (0 the first) into dst.
 * Return 0, or IOMT_ENOTFOUND when the workbook lists fewer sheets (for
 * idx 0 the conventional xl/worksheets/sheet1.xml is still tried).
 */
static int
nth_sheet(zip_t *z, size_t idx, char *dst, size_t dsize)
{
	xmlDocPtr wb = NULL, rels = NULL;
	const xmlNode *n;
	xmlChar *rid = NULL;
	size_t k = 0;
	int r, found = 0;

	strlcpy(dst, "xl/worksheets/sheet1.xml", dsize);
	if ((wb = part_xml(z, "xl/workbook.xml", &r)) == NULL)
		goto out;
	for (n = child(child(xmlDocGetRootElement(wb), "sheets"), "sheet");
	    n != NULL; n = n->next)
		if (is(n, "sheet") && k++ == idx)
			break;
	if (n == NULL)
		goto out;
	found = 1;
	rid = xmlGetNsProp(n, (const xmlChar *)"id", (const xmlChar *)
	    "http://schemas.openxmlformats.org/officeDocument/2006/"
	    "relationships");
	if (rid == NULL ||
	    (rels = part_xml(z, "xl/_rels/workbook.xml.rels", &r)) == NULL)
		goto out;
	for (n = xmlDocGetRootElement(rels)->children; n; n = n->next) {
		xmlChar *id, *target;

		if (!is(n, "Relationship"))
			continue;
		id = xmlGetProp(n, (const xmlChar *)"Id");
		target = xmlGetProp(n, (const xmlChar *)"Target");
		if (id && target && xmlStrcmp(id, rid) == 0 &&
		    strstr((const char *)target, "..") == NULL) {
			if (target[0] == '/')
				strlcpy(dst, (const char *)target + 1, dsize);
			else
				snprintf(dst, dsize, "xl/%s", target);
		}
		xmlFree(id);
		xmlFree(target);
	}
 out:
	xmlFree(rid);
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	return !found && idx > 0 ? IOMT_ENOTFOUND : 0;
}

/* Column index of a cell reference such as "AB12", or -1. */
static long
ref_col(const char *ref)
{
	long c = 0;
	size_t i;

	for (i = 0; ref[i] >= 'A' && ref[i] <= 'Z' && i < 3; i++)
		c = c * 26 + (ref[i] - 'A' + 1);
	return i == 0 ? -1 : c - 1;
}

int
ledger_xlsx_read(const uint8_t *p, size_t n, struct ledger_table *t,
    char *err, size_t errlen)
{
	return ledger_xlsx_sheet(p, n, 0, t, err, errlen);
}

int
ledger_xlsx_sheet(const uint8_t *p, size_t n, size_t sheet,
    struct ledger_table *t, char *err, size_t errlen)
{
	zip_source_t *src = NULL;
	zip_t *z = NULL;
	zip_error_t ze;
	xmlDocPtr sst = NULL, sh = NULL;
	char **strs = NULL, part[256];
	size_t nstrs = 0, lastrow = 0;
	const xmlNode *data;
	struct buf b = { NULL, 0, 0 };
	int r = IOMT_EPROTO;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(p, n, 0, &ze)) == NULL ||
	    (z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		snprintf(err, errlen, "not a readable .xlsx workbook (%s)",
		    zip_error_strerror(&ze));
		goto out;
	}
	if ((sst = part_xml(z, "xl/sharedStrings.xml", &r)) == NULL &&
	    r != IOMT_ENOTFOUND) {
		snprintf(err, errlen, "xl/sharedStrings.xml: %s", r ==
		    IOMT_ELIMIT ? "too large" : "malformed XML");
		goto out;
	}
	if (sst != NULL) {
		for (const xmlNode *si = xmlDocGetRootElement(sst)->children;
		    si; si = si->next) {
			if (!is(si, "si"))
				continue;
			if (nstrs >= (size_t)LEDGER_MAX_ROWS * 8) {
				snprintf(err, errlen, "xl/sharedStrings.xml: "
				    "too many strings");
				r = IOMT_ELIMIT;
				goto out;
			}
			buf_truncate(&b, 0);
			text_of(si, &b);
			strs = xreallocarray(strs, nstrs + 1, sizeof(*strs));
			strs[nstrs++] = xstrdup(buf_str(&b));
		}
	}
	if ((r = nth_sheet(z, sheet, part, sizeof(part))) != 0) {
		snprintf(err, errlen, "the workbook has no sheet %zu",
		    sheet + 1);
		goto out;
	}
	if ((sh = part_xml(z, part, &r)) == NULL) {
		snprintf(err, errlen, "%s: %s", part, r == IOMT_ENOTFOUND ?
		    "no such worksheet: not an Excel workbook" :
		    r == IOMT_ELIMIT ? "too large" : "malformed XML");
		if (r != IOMT_ELIMIT)
			r = IOMT_EPROTO;
		goto out;
	}
	data = child(xmlDocGetRootElement(sh), "sheetData");
	for (const xmlNode *row = data ? data->children : NULL; row;
	    row = row->next) {
		xmlChar *rr;
		long long rowno;
		long col = -1;

		if (!is(row, "row"))
			continue;
		rr = xmlGetProp(row, (const xmlChar *)"r");
		if (rr == NULL || parse_ll((const char *)rr, 1, 1048576,
		    &rowno) != 0)
			rowno = (long long)lastrow + 1;
		xmlFree(rr);
		if ((size_t)rowno <= lastrow) {
			snprintf(err, errlen, "%s: row %lld out of order", part,
			    rowno);
			r = IOMT_EPROTO;
			goto out;
		}
		lastrow = (size_t)rowno;
		if ((r = ledger_table_row(t, lastrow)) != 0)
			goto limit;
		for (const xmlNode *c = row->children; c; c = c->next) {
			xmlChar *ref, *type;
			const xmlNode *v;

			if (!is(c, "c"))
				continue;
			ref = xmlGetProp(c, (const xmlChar *)"r");
			type = xmlGetProp(c, (const xmlChar *)"t");
			col = ref ? ref_col((const char *)ref) : col + 1;
			xmlFree(ref);
			buf_truncate(&b, 0);
			if (type && xmlStrcmp(type, (const xmlChar *)
			    "inlineStr") == 0) {
				if ((v = child(c, "is")) != NULL)
					text_of(v, &b);
			} else if ((v = child(c, "v")) != NULL) {
				xmlChar *s = xmlNodeGetContent(v);
				long long idx;

				if (type && xmlStrcmp(type,
				    (const xmlChar *)"s") == 0) {
					if (s == NULL || parse_ll((const char *)
					    s, 0, (long long)nstrs - 1,
					    &idx) != 0) {
						xmlFree(s);
						xmlFree(type);
						snprintf(err, errlen, "row %zu: a "
						    "cell names a shared string "
						    "that does not exist",
						    lastrow);
						r = IOMT_EPROTO;
						goto out;
					}
					buf_add(&b, strs[idx]);
				} else if (type && xmlStrcmp(type,
				    (const xmlChar *)"b") == 0)
					buf_add(&b, s && s[0] == '1' ?
					    "TRUE" : "FALSE");
				else if (s != NULL)
					buf_add(&b, (const char *)s);
				xmlFree(s);
			}
			xmlFree(type);
			if (col < 0) {
				snprintf(err, errlen, "row %zu: a cell "
				    "reference is not a column", lastrow);
				r = IOMT_EPROTO;
				goto out;
			}
			if (b.len > 0 && memchr(b.p, '\0', b.len) == NULL &&
			    (r = ledger_table_cell(t, (size_t)col, b.p,
			    b.len)) != 0)
				goto limit;
		}
	}
	r = 0;
	goto out;
 limit:
	snprintf(err, errlen, "row %zu: too many rows, columns or characters "
	    "in a cell", lastrow);
 out:
	for (size_t i = 0; i < nstrs; i++)
		free(strs[i]);
	free(strs);
	buf_free(&b);
	xmlFreeDoc(sst);
	xmlFreeDoc(sh);
	if (z != NULL)
		zip_discard(z);
	else if (src != NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return r;
}
