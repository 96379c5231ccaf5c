/*
 * src/safety/oui.c - MAC address vendor lookup from the IEEE registry CSV files, and
 * the hand-curated table of device-maker classes (see safety.h).
 *
 * The scanner loads the registries at every start (about 46,000 rows in
 * Debian's ieee-data), so loading is one pass over each file read whole
 * into memory: a small CSV state machine (RFC 4180 quoting, doubled
 * quotes, CRLF line ends and newlines inside quoted address fields, all
 * of which the real files contain) copies only the organisation name into
 * one growing string pool; no allocation per row.  Entries go into one
 * array per prefix length (24, 28 and 36 bits), sorted once and searched
 * by bisection.  Lookup tries 36 bits (MA-S and IAB) first, then 28
 * (MA-M), then 24 (MA-L), because the IEEE registers the MA-L blocks that
 * MA-S and IAB are carved from (70B3D5, 8C1F64, 0050C2, 40D855) to itself.
 * Where a file lists an assignment twice (oui.csv has two), the first row
 * wins.
 *
 * Locally administered (0x02 in the first octet: randomised or virtual)
 * and multicast (0x01) addresses have no vendor, and neither has the
 * all-zero address, which the engine never sees from a real interface.
 *
 * The curated class table (data/device-ouis.txt) is separate on purpose:
 * matching registry names ("Philips", "Alaris") misclassifies look-alikes,
 * so the safety policy only trusts prefixes a person has checked.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iomt/util.h"
#include "iomt/safety.h"

#define OUI_FILE_MAX	(64UL * 1024 * 1024)	/* larger is not a registry */
#define OUI_NAME_MAX	256			/* longer names are cut */
#define OUI_HEADER	"Registry,Assignment,Organization Name," \
			    "Organization Address"

/* Index of each prefix length in the per-length tables. */
enum {
	OUI_T36 = 0,		/* MA-S, IAB: 9 hex digits */
	OUI_T28,		/* MA-M: 7 hex digits */
	OUI_T24,		/* MA-L: 6 hex digits */
	OUI_NT
};

static const unsigned oui_bits[OUI_NT] = { 36, 28, 24 };

struct oui_ent {
	uint64_t	key;		/* the prefix, right-aligned */
	uint32_t	str;		/* offset of the name in the pool */
	uint32_t	cls;		/* enum oui_class (class table only) */
};

struct oui_tab {
	struct oui_ent	*e;
	size_t		 n;
	size_t		 cap;
};

struct oui_pool {
	char		*buf;
	size_t		 len;
	size_t		 cap;
};

struct oui_db {
	struct oui_tab	 reg[OUI_NT];	/* IEEE registries */
	struct oui_tab	 cls[OUI_NT];	/* curated classes */
	struct oui_pool	 pool;		/* every name and label */
	size_t		 nreg;
};

/* The registry files, in no particular order: lookup sorts it out. */
static const char *const oui_files[] = {
	"oui.csv", "mam.csv", "oui36.csv", "iab.csv"
};

static uint32_t
oui_pool_add(struct oui_pool *p, const char *s, size_t len)
{
	uint32_t	 off;

	if (p->len + len + 1 > p->cap) {
		while (p->len + len + 1 > p->cap)
			p->cap = p->cap == 0 ? 65536 : p->cap * 2;
		p->buf = xreallocarray(p->buf, p->cap, 1);
	}
	off = (uint32_t)p->len;
	memcpy(p->buf + p->len, s, len);
	p->buf[p->len + len] = '\0';
	p->len += len + 1;
	return off;
}

static void
oui_tab_add(struct oui_tab *t, uint64_t key, uint32_t str, uint32_t cls)
{
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 1024 : t->cap * 2;
		t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
	}
	t->e[t->n].key = key;
	t->e[t->n].str = str;
	t->e[t->n].cls = cls;
	t->n++;
}

static int
oui_ent_cmp(const void *a, const void *b)
{
	const struct oui_ent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	/* pool offsets grow in load order: the first row sorts first */
	if (x->str != y->str)
		return x->str < y->str ? -1 : 1;
	return 0;
}

/* Sort t and drop later duplicates of a key. */
static void
oui_tab_finish(struct oui_tab *t)
{
	size_t	 i, out = 0;

	if (t->n == 0)
		return;
	qsort(t->e, t->n, sizeof(*t->e), oui_ent_cmp);
	for (i = 1; i < t->n; i++)
		if (t->e[i].key != t->e[out].key)
			t->e[++out] = t->e[i];
	t->n = out + 1;
}

static const struct oui_ent *
oui_tab_find(const struct oui_tab *t, uint64_t key)
{
	size_t	 lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->e[mid].key == key)
			return &t->e[mid];
		if (t->e[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}


/* Parse exactly len hex digits at s into *out; 0 or IOMT_EINVAL. */
static int
oui_hex(const char *s, size_t len, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;
	int		 d;

	for (i = 0; i < len; i++) {
		if ((d = hex_value((unsigned char)s[i])) < 0)
			return IOMT_EINVAL;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* Map a prefix of ndigits hex digits to its table, or -1. */
static int
oui_tab_for_digits(size_t ndigits)
{
	switch (ndigits) {
	case 9:
		return OUI_T36;
	case 7:
		return OUI_T28;
	case 6:
		return OUI_T24;
	default:
		return -1;
	}
}

/* A cursor over one CSV file in memory. */
struct oui_csv {
	const char	*p;
	const char	*end;
	int		 eor;		/* the last field ended its record */
};

/*
 * Read one field at c->p into dst (size dsize, may be 0 to skip it),
 * undoing RFC 4180 quoting and trimming blanks and a trailing CR.  Too
 * long a value is cut.  Sets c->eor when the field ended its record.
 * Return the length written.
 */
static size_t
oui_csv_field(struct oui_csv *c, char *dst, size_t dsize)
{
	const char	*p = c->p, *end = c->end;
	size_t		 n = 0;
	int		 ch;

	c->eor = 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p == '"') {
		p++;
		while (p < end) {
			ch = *p++;
			if (ch == '"') {
				if (p < end && *p == '"')
					p++;	/* a doubled quote */
				else
					break;
			}
			if (n + 1 < dsize)
				dst[n++] = (char)ch;
		}
		/* anything between the closing quote and the separator */
		while (p < end && *p != ',' && *p != '\n')
			p++;
	} else {
		while (p < end && *p != ',' && *p != '\n') {
			if (n + 1 < dsize)
				dst[n++] = *p;
			p++;
		}
	}
	if (p >= end || *p == '\n')
		c->eor = 1;
	if (p < end)
		p++;
	c->p = p;
	while (n > 0 && (dst[n - 1] == '\r' || dst[n - 1] == ' ' ||
	    dst[n - 1] == '\t'))
		n--;
	if (dsize > 0)
		dst[n] = '\0';
	return n;
}

/* Skip to the start of the next record. */
static void
oui_csv_skip_record(struct oui_csv *c)
{
	while (!c->eor && c->p < c->end)
		oui_csv_field(c, NULL, 0);
}

/* Load one registry CSV file (already in memory) into db. */
static int
oui_load_csv(struct oui_db *db, const char *path, const char *buf,
    size_t len)
{
	struct oui_csv	 c;
	char		 reg[8], asg[16], name[OUI_NAME_MAX], line[128];
	size_t		 nasg, nname, rows = 0, bad = 0, hlen;
	uint64_t	 key;
	int		 t;

	c.p = buf;
	c.end = buf + len;
	c.eor = 0;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;	/* a UTF-8 byte order mark */
	hlen = strcspn(c.p, "\n");
	if (hlen >= sizeof(line))
		hlen = sizeof(line) - 1;
	memcpy(line, c.p, hlen);
	line[hlen] = '\0';
	if (hlen > 0 && line[hlen - 1] == '\r')
		line[--hlen] = '\0';
	if (strcmp(line, OUI_HEADER) != 0) {
		log_warn("%s: not an IEEE registry CSV (first line is not "
		    "\"%s\")", path, OUI_HEADER);
		return IOMT_EPROTO;
	}
	c.p += strcspn(c.p, "\n");
	if (c.p < c.end)
		c.p++;
	while (c.p < c.end) {
		oui_csv_field(&c, reg, sizeof(reg));
		if (c.eor && reg[0] == '\0')
			continue;	/* a blank line */
		if (c.eor) {
			bad++;
			continue;
		}
		nasg = oui_csv_field(&c, asg, sizeof(asg));
		if (c.eor) {
			bad++;
			continue;
		}
		nname = oui_csv_field(&c, name, sizeof(name));
		oui_csv_skip_record(&c);
		t = oui_tab_for_digits(nasg);
		if (t < 0 || oui_hex(asg, nasg, &key) != 0 ||
		    (t == OUI_T24 && strcmp(reg, "MA-L") != 0) ||
		    (t == OUI_T28 && strcmp(reg, "MA-M") != 0) ||
		    (t == OUI_T36 && strcmp(reg, "MA-S") != 0 &&
		    strcmp(reg, "IAB") != 0) || nname == 0) {
			bad++;
			continue;
		}
		oui_tab_add(&db->reg[t], key,
		    oui_pool_add(&db->pool, name, nname), OUI_CLASS_NONE);
		rows++;
	}
	if (bad > 0)
		log_debug("%s: skipped %zu malformed rows", path, bad);
	log_debug("%s: %zu assignments", path, rows);
	return 0;
}

static int
oui_class_parse(const char *s)
{
	if (strcmp(s, "medical") == 0)
		return OUI_CLASS_MEDICAL;
	if (strcmp(s, "serial-bridge") == 0)
		return OUI_CLASS_SERIAL;
	if (strcmp(s, "printer") == 0)
		return OUI_CLASS_PRINTER;
	return -1;
}

/*
 * Load the curated class table: "PREFIX CLASS Label text" per line, '#'
 * comments.  A malformed line is skipped with a warning naming it (the
 * test suite checks the shipped file, so this only guards local edits).
 * A missing file is not an error: the policy then knows no makers.
 */
static void
oui_load_classes(struct oui_db *db, const char *path)
{
	char		*buf = NULL, *line, *next, *p, *hex, *word;
	size_t		 len, nhex, nlabel, lineno = 0, n = 0;
	uint64_t	 key;
	int		 r, t, cls;

	if ((r = file_read(path, OUI_FILE_MAX, &buf, &len)) != 0) {
		log_warn_r(r, "device-maker table %s not loaded: medical "
		    "device makers will not be recognised by MAC", path);
		return;
	}
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line + strspn(line, " \t\r");
		if (*p == '\0')
			continue;
		hex = p;
		nhex = strcspn(p, " \t\r");
		p += nhex;
		if (*p != '\0')
			*p++ = '\0';
		p += strspn(p, " \t\r");
		word = p;
		p += strcspn(p, " \t\r");
		if (*p != '\0')
			*p++ = '\0';
		p += strspn(p, " \t\r");
		nlabel = strlen(p);
		while (nlabel > 0 && isspace((unsigned char)p[nlabel - 1]))
			nlabel--;
		t = oui_tab_for_digits(nhex);
		cls = oui_class_parse(word);
		if (t < 0 || oui_hex(hex, nhex, &key) != 0 || cls < 0 ||
		    nlabel == 0) {
			log_warn("%s line %zu: expected \"PREFIX CLASS "
			    "Label\" with a 6, 7 or 9 hex digit prefix and "
			    "class medical, serial-bridge or printer",
			    path, lineno);
			continue;
		}
		oui_tab_add(&db->cls[t], key, oui_pool_add(&db->pool, p,
		    nlabel), (uint32_t)cls);
		n++;
	}
	log_debug("%s: %zu device-maker prefixes", path, n);
	free(buf);
}

int
oui_load(const char *dir, const char *classpath, struct oui_db **out)
{
	struct oui_db	*db;
	char		 path[4096], *buf = NULL;
	size_t		 i, len, loaded = 0;
	int		 r, first_err = -ENOENT;

	*out = NULL;
	if (dir == NULL)
		return IOMT_EINVAL;
	db = xcalloc(1, sizeof(*db));
	for (i = 0; i < sizeof(oui_files) / sizeof(oui_files[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    oui_files[i]) >= sizeof(path)) {
			r = -ENAMETOOLONG;
			goto out;
		}
		if ((r = file_read(path, OUI_FILE_MAX, &buf, &len)) != 0) {
			if (r == IOMT_ELIMIT)
				goto out;
			log_debug("%s: %s (skipped)", path,
			    iomt_strerror(r));
			if (loaded == 0 && first_err == -ENOENT)
				first_err = r;
			continue;
		}
		r = oui_load_csv(db, path, buf, len);
		free(buf);
		buf = NULL;
		if (r != 0)
			goto out;
		loaded++;
	}
	if (loaded == 0 && classpath == NULL) {
		r = first_err;
		goto out;
	}
	for (i = 0; i < OUI_NT; i++) {
		oui_tab_finish(&db->reg[i]);
		db->nreg += db->reg[i].n;
	}
	if (classpath != NULL)
		oui_load_classes(db, classpath);
	for (i = 0; i < OUI_NT; i++)
		oui_tab_finish(&db->cls[i]);
	*out = db;
	db = NULL;
	r = 0;
 out:
	free(buf);
	oui_free(db);
	return r;
}

struct oui_db *
oui_free(struct oui_db *db)
{
	size_t	 i;

	if (db == NULL)
		return NULL;
	for (i = 0; i < OUI_NT; i++) {
		free(db->reg[i].e);
		free(db->cls[i].e);
	}
	free(db->pool.buf);
	free(db);
	return NULL;
}

/* Return 1 if mac can carry a registered vendor at all. */
static int
oui_mac_global(const uint8_t mac[6])
{
	if (mac[0] & 0x03)
		return 0;	/* multicast or locally administered */
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) != 0;
}

/* Longest-prefix match of mac in tabs; NULL if none. */
static const struct oui_ent *
oui_match(const struct oui_tab tabs[OUI_NT], const uint8_t mac[6])
{
	const struct oui_ent	*e;
	uint64_t		 m = 0;
	size_t			 i;

	for (i = 0; i < 6; i++)
		m = (m << 8) | mac[i];
	for (i = 0; i < OUI_NT; i++)
		if ((e = oui_tab_find(&tabs[i], m >> (48 - oui_bits[i]))) !=
		    NULL)
			return e;
	return NULL;
}

const char *
oui_lookup(const struct oui_db *db, const uint8_t mac[6])
{
	const struct oui_ent	*e;

	if (db == NULL || mac == NULL || !oui_mac_global(mac))
		return NULL;
	if ((e = oui_match(db->reg, mac)) == NULL)
		return NULL;
	return db->pool.buf + e->str;
}

enum oui_class
oui_class(const struct oui_db *db, const uint8_t mac[6], const char **label)
{
	const struct oui_ent	*e = NULL;

	if (db != NULL && mac != NULL && oui_mac_global(mac))
		e = oui_match(db->cls, mac);
	if (label != NULL)
		*label = e != NULL ? db->pool.buf + e->str : NULL;
	return e != NULL ? (enum oui_class)e->cls : OUI_CLASS_NONE;
}

const char *
oui_class_name(enum oui_class c)
{
	switch (c) {
	case OUI_CLASS_MEDICAL:
		return "medical";
	case OUI_CLASS_SERIAL:
		return "serial-bridge";
	case OUI_CLASS_PRINTER:
		return "printer";
	case OUI_CLASS_NONE:
	default:
		return "none";
	}
}

size_t
oui_count(const struct oui_db *db)
{
	return db != NULL ? db->nreg : 0;
}

int
mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t	 m[6];
	size_t	 i, len;
	int	 hi, lo, sep;

	if (s == NULL)
		return IOMT_EINVAL;
	len = strlen(s);
	if (len == 12)
		sep = 0;
	else if (len == 17 && (s[2] == ':' || s[2] == '-'))
		sep = s[2];
	else
		return IOMT_EINVAL;
	for (i = 0; i < 6; i++) {
		const char	*p = s + (sep ? i * 3 : i * 2);

		hi = hex_value((unsigned char)p[0]);
		lo = hex_value((unsigned char)p[1]);
		if (hi < 0 || lo < 0)
			return IOMT_EINVAL;
		if (sep && i < 5 && p[2] != sep)
			return IOMT_EINVAL;	/* mixed or missing separator */
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, m, 6);
	return 0;
}

