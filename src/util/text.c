/*
 * text.c - UTF-8 text: decoding, display width, terminal cleaning, hex.
 *
 * Devices send text in any encoding and sometimes hostile bytes; staff
 * write Japanese.  Every layer that shows text on a terminal goes through
 * text_term(), which keeps valid UTF-8 as it is and writes everything that
 * could move a cursor, reorder a line or is not UTF-8 as a visible escape.
 * text_width() counts East Asian wide and fullwidth characters as two
 * columns (the ranges of Unicode's EastAsianWidth W and F classes that
 * terminals draw wide), so tables of Japanese names line up.  The small
 * hex, MAC and port-list helpers live here because before this file each
 * subsystem had its own copy.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"

size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char	 c;
	size_t		 len, i;
	uint32_t	 v, min;

	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* East Asian Wide (W) and Fullwidth (F) blocks that terminals draw wide. */
static const struct { uint32_t lo, hi; } wide[] = {
	{ 0x1100, 0x115f },	/* Hangul Jamo initials */
	{ 0x231a, 0x231b }, { 0x2329, 0x232a }, { 0x23e9, 0x23ec },
	{ 0x2e80, 0x303e },	/* CJK radicals .. CJK symbols */
	{ 0x3041, 0x33ff },	/* Hiragana, Katakana, CJK compatibility */
	{ 0x3400, 0x4dbf },	/* CJK extension A */
	{ 0x4e00, 0x9fff },	/* CJK unified ideographs */
	{ 0xa000, 0xa4cf },	/* Yi */
	{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },	/* Hangul syllables */
	{ 0xf900, 0xfaff },	/* CJK compatibility ideographs */
	{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 },	/* fullwidth forms */
	{ 0xffe0, 0xffe6 },
	{ 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff },
	{ 0x20000, 0x3fffd }	/* CJK extensions B.. */
};

int
text_cp_width(uint32_t cp)
{
	size_t	 lo = 0, hi = sizeof(wide) / sizeof(wide[0]);

	if (cp == 0)
		return 0;
	if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b ||
	    (cp >= 0x3099 && cp <= 0x309a))
		return 0;	/* combining marks, zero width space */
	while (lo < hi) {
		size_t	 mid = (lo + hi) / 2;

		if (cp < wide[mid].lo)
			hi = mid;
		else if (cp > wide[mid].hi)
			lo = mid + 1;
		else
			return 2;
	}
	return 1;
}

size_t
text_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0, w = 0, l;
	uint32_t		 cp;

	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)text_cp_width(cp);
		i += l;
	}
	return w;
}

/* Code points a terminal must never receive raw from a device. */
static int
term_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

void
text_term(struct buf *b, const char *s, size_t n, size_t maxcols)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l, k, start = b->len, w, off;
	uint32_t		 cp;

	while (i < n) {
		l = utf8_decode(p + i, n - i, &cp);
		if (l == 1 && (cp == '\n' || cp == '\r' || cp == '\t')) {
			buf_add(b, cp == '\n' ? "\\n" : cp == '\r' ? "\\r" :
			    "\\t");
		} else if (l >= 1 && !term_unsafe(cp)) {
			buf_addn(b, s + i, l);
		} else {
			size_t	 m = l == 0 ? 1 : l;

			for (k = 0; k < m; k++)
				buf_addf(b, "\\x%02x", p[i + k]);
			l = m;
		}
		i += l;
	}
	if (maxcols <= 3 || b->len == start ||
	    text_width(b->p + start) <= maxcols)
		return;
	/* Keep what fits in maxcols - 1 columns and mark the cut. */
	for (off = start, w = 0; off < b->len; off += l) {
		l = utf8_decode((const unsigned char *)b->p + off,
		    b->len - off, &cp);
		if (l == 0) {
			l = 1;
			cp = '?';
		}
		if (w + (size_t)text_cp_width(cp) > maxcols - 1)
			break;
		w += (size_t)text_cp_width(cp);
	}
	buf_truncate(b, off);
	buf_add(b, "\xe2\x80\xa6");	/* U+2026 HORIZONTAL ELLIPSIS */
}

void
text_vendor_model(struct buf *b, const char *vendor, const char *model)
{
	size_t	 vl = vendor != NULL ? strlen(vendor) : 0;
	int	 has_model = model != NULL && model[0] != '\0';

	if (vl > 0 && has_model && strncasecmp(model, vendor, vl) == 0 &&
	    (model[vl] == '\0' || model[vl] == ' '))
		vl = 0;
	if (vl > 0)
		buf_add(b, vendor);
	if (has_model) {
		if (vl > 0)
			buf_addc(b, ' ');
		buf_add(b, model);
	}
}

void
text_pad(FILE *fp, const char *s, size_t width)
{
	size_t	 w = text_width(s);

	fputs(s, fp);
	for (; w < width; w++)
		fputc(' ', fp);
}

int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(const char *s, size_t n, char **out, size_t *outlen)
{
	char	*p;
	size_t	 i, o = 0;
	int	 hi = -1, v;

	*out = NULL;
	*outlen = 0;
	p = xmalloc(n / 2 + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == ':' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\t')
			continue;
		if ((v = hex_value((unsigned char)s[i])) < 0)
			break;
		if (hi < 0)
			hi = v;
		else {
			p[o++] = (char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (i < n || hi >= 0) {
		free(p);
		return IOMT_EINVAL;
	}
	p[o] = '\0';
	*out = p;
	*outlen = o;
	return 0;
}

char *
mac_ntoa(const uint8_t mac[6], char *dst, size_t dsize)
{
	snprintf(dst, dsize, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
	return dst;
}

int
port_in(const uint16_t *ports, size_t n, uint16_t port)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ports[i] == port)
			return 1;
	return 0;
}
