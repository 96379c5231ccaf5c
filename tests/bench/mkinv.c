/*
 * mkinv.c - build a large inventory and a matching ledger for the
 * inventory benchmarks (tests/bench/run.sh, part "inventory").
 *
 * A 4,000-host lab scan takes long and measures the scanner, not the
 * readers; this writes the same rows a scan writes, through the same db
 * API (db_scan_begin, db_host_seen, db_service, db_identity_set,
 * db_finding, db_audit, db_services_settle, db_scan_held, db_scan_end),
 * so `reconcile`, `diff`, `hosts` and `export` read a real inventory file.
 * Two complete scans of 198.18.0.0/15 are written; in the second, of
 * every 100 hosts 1 is gone, 1 moved (same MAC, new address), 1 replaced
 * (new MAC), 1 has a new model, 1 a new finding, 1 is held passive, 1 new
 * host answers, and 2 in 100 have stopped answering on telnet, so that
 * diff has work to do: for N hosts (a multiple of 100) it must report
 * N/100 added, N/100 removed, N/100 not checked and 6N/100 changed.  The ledger is a CSV in UTF-8
 * with Japanese headers: rows for most hosts (by MAC, some by IP only),
 * rows for devices that are not on the network, and hosts it omits.
 *
 * usage: mkinv DB LEDGER HOSTS ROWS
 * Addresses come from 198.18.0.0/15; nothing is sent anywhere.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/net.h"
#include "iomt/util.h"

static void
ip_of(long i, char *dst, size_t dsize)
{
	/* 198.18.0.0/15: 131,072 addresses, .0 and .255 avoided */
	long o3 = i / 254, o4 = i % 254 + 1;

	snprintf(dst, dsize, "198.%ld.%ld.%ld", 18 + o3 / 256, o3 % 256, o4);
}

static void
mac_of(long i, uint8_t mac[6])
{
	static const uint8_t ouis[4][3] = {
		{ 0x00, 0x09, 0xfb }, { 0x00, 0x40, 0x97 },
		{ 0x00, 0xd0, 0x75 }, { 0x00, 0x80, 0xa3 },
	};

	memcpy(mac, ouis[i % 4], 3);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

static int
scan(struct db *db, long hosts, int second)
{
	static const char *const classes[] = {
		"patient-monitor", "serial-bridge", "infusion-pump", "printer",
	};
	int64_t sid, hid;
	char ip[32];
	uint8_t mac[6];
	int r;

	struct target_set all;
	char err[128];

	if ((r = db_scan_begin(db, "198.18.0.0/15", "{}", &sid)) != 0)
		return r;
	target_set_init(&all);
	target_set_add(&all, "198.18.0.0/15", err, sizeof(err));
	target_set_finish(&all);
	r = db_scan_scope(db, sid, &all, NULL);
	target_set_free(&all);
	if (r != 0 || (r = db_begin(db)) != 0)
		return r;
	for (long i = 0; i < hosts + (second ? hosts : 0); i++) {
		struct db_identity id;
		long at = i;

		if (i >= hosts) {
			if (i % 100 != 70)
				continue;
			at = hosts + i;		/* new */
		} else if (second && i % 100 == 7)
			continue;		/* gone */
		else if (second && i % 100 == 60) {
			ip_of(i, ip, sizeof(ip));	/* held passive */
			if ((r = db_host_find(db, ip, &hid)) != 0 ||
			    (r = db_host_state(db, sid, hid, "held",
			    "passive by profile bench")) != 0 ||
			    (r = db_scan_held(db, sid, ip, "held",
			    "passive by profile bench")) != 0)
				return r;
			continue;
		} else if (second && i % 100 == 13)
			at = hosts + i;		/* moved */
		ip_of(at, ip, sizeof(ip));
		mac_of(second && i % 100 == 21 ? i + 1000000 : i, mac);
		if ((r = db_host_seen(db, sid, ip, mac, "Bench Vendor", "arp",
		    &hid)) != 0 ||
		    (r = db_audit(db, sid, i, ip, "tcp", 80, "tcp-connect", 0,
		    NULL)) != 0 ||
		    (r = db_audit(db, sid, i, ip, "tcp", 23, "tcp-connect", 0,
		    NULL)) != 0 ||
		    (r = db_service(db, sid, hid, "tcp", 80, "open", "http",
		    "Server: bench")) != 0 ||
		    (!(second && i % 50 == 3) && (r = db_service(db, sid, hid,
		    "tcp", 23, "open", "telnet", NULL)) != 0))
			return r;
		memset(&id, 0, sizeof(id));
		id.vendor = "Bench Medical";
		id.model = second && i % 100 == 42 ? "Model 2" : "Model 1";
		id.device_class = classes[i % 4];
		id.firmware = "1.0";
		id.confidence = 80;
		id.evidence_json = "[]";
		if ((r = db_identity_set(db, sid, hid, &id)) != 0 ||
		    (i % 4 == 1 && (r = db_finding(db, sid, hid,
		    "remote-access-telnet", "high", 23, "Telnet open",
		    NULL)) != 0) ||
		    (second && i % 100 == 55 && (r = db_finding(db, sid, hid,
		    "cleartext-http", "medium", 80, "HTTP without TLS",
		    NULL)) != 0) ||
		    (r = db_services_settle(db, sid, hid, ip)) != 0 ||
		    (r = db_host_state(db, sid, hid, "up", NULL)) != 0)
			return r;
		if (i % 500 == 0 && (r = db_commit(db)) == 0)
			r = db_begin(db);
		if (r != 0)
			return r;
	}
	if ((r = db_commit(db)) != 0)
		return r;
	return db_scan_end(db, sid, "complete", "{}");
}

int
main(int argc, char **argv)
{
	struct db *db = NULL;
	FILE *fp;
	long hosts, rows;
	char err[256], ip[32], m[18];
	uint8_t mac[6];
	int r;

	/* Addresses used: hosts [0, N), moved [N, 2N), new [2N, 3N), ledger
	 * rows not on the network [3N, ROWS + 2N): all in 198.18.0.0/15. */
	if (argc != 5 || (hosts = strtol(argv[3], NULL, 10)) <= 0 ||
	    (rows = strtol(argv[4], NULL, 10)) <= 0 || hosts > 40000 ||
	    rows > 40000 || 3 * hosts > 512 * 254 ||
	    rows + 2 * hosts > 512 * 254) {
		fprintf(stderr, "usage: mkinv DB LEDGER HOSTS ROWS (HOSTS, "
		    "ROWS at most 40000, 3 HOSTS and ROWS + 2 HOSTS within "
		    "198.18.0.0/15)\n");
		return 2;
	}
	if ((r = db_open(argv[1], 0, &db, err, sizeof(err))) != 0) {
		fprintf(stderr, "mkinv: %s: %s\n", argv[1], err);
		return 1;
	}
	if ((r = scan(db, hosts, 0)) != 0 || (r = scan(db, hosts, 1)) != 0) {
		fprintf(stderr, "mkinv: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	db_close(db);
	if ((fp = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	fputs("医療機器台帳（ベンチマーク）\r\n\r\n管理番号,機器名称,メーカー,型式,"
	    "設置場所,管理部署,IPアドレス,MACアドレス\r\n", fp);
	for (long i = 0; i < rows; i++) {
		long h = i < hosts ? i : i + 2 * hosts;	/* past: not on the net */

		if (i < hosts && i % 10 == 9)
			continue;			/* unmanaged hosts */
		ip_of(h, ip, sizeof(ip));
		mac_of(h, mac);
		fprintf(fp, "ME-%06ld,輸液ポンプ %ld,ベンチ医療,TE-%ld,%ld階病棟,"
		    "臨床工学部,%s,%s\r\n", i, i, i % 7, i % 12, ip,
		    i % 3 == 0 ? "-" : mac_ntoa(mac, m, sizeof(m)));
	}
	if (fclose(fp) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
