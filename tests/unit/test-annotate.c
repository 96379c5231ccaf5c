/*
 * test-annotate.c - annotations (src/db/annotate.c) on a real database
 * file: all-or-nothing batches, unchanged values write nothing, values
 * with control characters are refused, MAC lookup refuses a MAC two
 * hosts share, and annotations survive a rescan of the host.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/db.h"
#include "iomt/util.h"
#include "runner.h"

struct adir {
	char	 dir[64];
	char	 db[96];
};

static void
adir_free(struct adir *t)
{
	char	 p[160];

	snprintf(p, sizeof(p), "%s/inv.db-wal", t->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/inv.db-shm", t->dir);
	unlink(p);
	unlink(t->db);
	rmdir(t->dir);
}

static int
count_history(void *arg, const struct db_annotation_event *ev)
{
	(void)ev;
	(*(int *)arg)++;
	return 0;
}

TEST_IMPL(db_annotations)
{
	static const uint8_t mac[6] = { 0x00, 0x09, 0xfb, 0x01, 0x02, 0x03 };
	static const uint8_t mac2[6] = { 0x00, 0x09, 0xfb, 0x0a, 0x0b, 0x0c };
	struct db_annotation_change ch[3];
	struct inventory *inv = NULL;
	struct adir	 t;
	struct db	*db = NULL;
	int64_t		 scan, h1, h2, h3, id;
	char		 err[256], ip[64];
	size_t		 n;
	int		 events = 0;

	strlcpy(t.dir, "/tmp/iomt-ann.XXXXXX", sizeof(t.dir));
	ASSERT_NOT_NULL(mkdtemp(t.dir));
	snprintf(t.db, sizeof(t.db), "%s/inv.db", t.dir);
	ASSERT_EQ(db_open(t.db, 0, &db, err, sizeof(err)), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.10", mac, NULL, "arp",
	    &h1), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.11", mac2, NULL, "arp",
	    &h2), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.12", mac2, NULL, "arp",
	    &h3), 0);

	/* MAC lookup: one host, none, two. */
	ASSERT_EQ(db_host_find_mac(db, "00:09:FB:01:02:03", &id, ip,
	    sizeof(ip)), 0);
	ASSERT_EQ(id, h1);
	ASSERT_STR_EQ(ip, "198.18.0.10");
	ASSERT_EQ(db_host_find_mac(db, "00:00:00:00:00:01", &id, ip,
	    sizeof(ip)), IOMT_ENOTFOUND);
	ASSERT_EQ(db_host_find_mac(db, "00:09:fb:0a:0b:0c", &id, ip,
	    sizeof(ip)), IOMT_ELIMIT);
	ASSERT_EQ(id, 0);

	/* Values: UTF-8 kept, control characters refused. */
	ASSERT(db_annotation_value_ok("放射線科 3階"));
	ASSERT(!db_annotation_value_ok("a\nb"));
	ASSERT(!db_annotation_value_ok("a\x1b[2Jb"));
	ASSERT(!db_annotation_value_ok("\xc2\x85"));
	ASSERT(!db_annotation_value_ok("\xff"));
	ASSERT(!db_annotation_value_ok(""));

	/* A batch with a bad value changes nothing. */
	memset(ch, 0, sizeof(ch));
	ch[0] = (struct db_annotation_change){ h1, "owner", "放射線科",
	    "annotate", "tester", 0, NULL };
	ch[1] = (struct db_annotation_change){ h1, "note", "x\ty",
	    "annotate", "tester", 0, NULL };
	ASSERT_EQ(db_annotations_set(db, ch, 2, &n), IOMT_EINVAL);
	/* A batch naming a host that is not there changes nothing. */
	ch[1] = (struct db_annotation_change){ 999, "owner", "x",
	    "annotate", NULL, 0, NULL };
	ASSERT_EQ(db_annotations_set(db, ch, 2, &n), IOMT_ENOTFOUND);
	ASSERT_EQ(ch[0].changed, 0);
	ASSERT_EQ(db_foreach_annotation_event(db, h1, count_history,
	    &events), 0);
	ASSERT_EQ(events, 0);
	/* An unknown field is refused. */
	ch[1] = (struct db_annotation_change){ h1, "colour", "red",
	    "annotate", NULL, 0, NULL };
	ASSERT_EQ(db_annotations_set(db, ch, 2, &n), IOMT_EINVAL);

	/* Set, set again (unchanged), change, clear. */
	ch[1] = (struct db_annotation_change){ h1, "ledger_id", "ME-1",
	    "reconcile l.csv row 4", NULL, 0, NULL };
	ASSERT_EQ(db_annotations_set(db, ch, 2, &n), 0);
	ASSERT_EQ(n, 2);
	ASSERT_NULL(ch[0].before);
	ASSERT_EQ(db_annotations_set(db, ch, 2, &n), 0);
	ASSERT_EQ(n, 0);
	ch[0].value = "臨床工学部";
	ASSERT_EQ(db_annotations_set(db, ch, 1, &n), 0);
	ASSERT_EQ(n, 1);
	ASSERT_STR_EQ(ch[0].before, "放射線科");
	free(ch[0].before);
	ch[2] = (struct db_annotation_change){ h1, "note", NULL, "annotate",
	    NULL, 0, NULL };
	ASSERT_EQ(db_annotations_set(db, &ch[2], 1, &n), 0);
	ASSERT_EQ(n, 0);	/* nothing to clear */
	events = 0;
	ASSERT_EQ(db_foreach_annotation_event(db, h1, count_history,
	    &events), 0);
	ASSERT_EQ(events, 3);

	/* A rescan keeps them; the read model carries them. */
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);
	ASSERT_EQ(db_scan_begin(db, "198.18.0.0/24", "{}", &scan), 0);
	ASSERT_EQ(db_host_seen(db, scan, "198.18.0.10", mac, NULL, "arp",
	    &id), 0);
	ASSERT_EQ(id, h1);
	ASSERT_EQ(db_scan_end(db, scan, "complete", "{}"), 0);
	ASSERT_EQ(db_inventory_load(db, &inv), 0);
	ASSERT_EQ(inv->n_host, 3);
	ASSERT_STR_EQ(db_inv_annotation(&inv->host[0], "owner"),
	    "臨床工学部");
	ASSERT_STR_EQ(db_inv_annotation(&inv->host[0], "ledger_id"), "ME-1");
	ASSERT_NULL(db_inv_annotation(&inv->host[0], "note"));
	ASSERT_EQ(inv->host[1].n_annot, 0);
	inv = db_inventory_free(inv);
	ASSERT_EQ(db_host_load(db, "198.18.0.10", 0, &inv), 0);
	ASSERT_EQ(inv->host[0].n_annot, 2);
	inv = db_inventory_free(inv);
	db = db_close(db);

	/* Read-only: refused, nothing written. */
	ASSERT_EQ(db_open(t.db, DB_RDONLY, &db, err, sizeof(err)), 0);
	ch[0].value = "x";
	ASSERT_EQ(db_annotations_set(db, ch, 1, &n), IOMT_EINVAL);
	db = db_close(db);
	adir_free(&t);
	return 0;
}
