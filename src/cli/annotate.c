/*
 * src/cli/annotate.c - "iomtscan annotate IP|MAC": what people know about
 * a device that no scan finds out (owner, location, ledger ID, name, a
 * note, its remote-maintenance line), stored with the host in the
 * inventory.
 *
 * A host is named by its address, or by its MAC when that is what the
 * label on the device shows; a MAC that two hosts share (a device that
 * moved and whose old address is still in the inventory) is refused, so
 * a note never lands on the wrong device.  Values are kept as the user
 * typed them (Japanese included); control characters are refused rather
 * than cleaned, because a note that silently changed is worse than one
 * refused.  With no field given it prints the host's annotations and
 * their history.  Exit status: 0 ok, 1 the output could not be written
 * or the database failed, 2 bad options or values, an unknown or
 * ambiguous host, a missing database.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iomt/cli.h"
#include "iomt/db.h"
#include "iomt/ledger.h"
#include "iomt/util.h"

#define ANN_NFIELDS	8

static void
annotate_usage(FILE *fp)
{
	fprintf(fp,
"usage: iomtscan annotate IP|MAC [--db FILE] [--owner TEXT]\n"
"                         [--location TEXT] [--ledger-id TEXT] [--name TEXT]\n"
"                         [--note TEXT] [--remote TEXT] [--contract TEXT]\n"
"                         [--os-support TEXT] [--clear FIELD]...\n"
"\n"
"Record what the network cannot tell: who owns the device, where it\n"
"stands, its ledger (台帳) number, its name, a note and its\n"
"remote-maintenance line (リモートメンテナンス回線).  They stay with\n"
"the host across scans and show in hosts, show and every export; every\n"
"change is kept with who made it and when.  A MAC names the one host\n"
"with that MAC.  With no field, print the host's annotations and their\n"
"history.\n"
"\n"
"  --owner TEXT       owning department (管理部署)\n"
"  --location TEXT    where it stands (設置場所)\n"
"  --ledger-id TEXT   its number in the ledger (管理番号); a host with\n"
"                     one is \"managed\" (hosts --unmanaged)\n"
"  --name TEXT        its name (機器名称)\n"
"  --note TEXT        anything else\n"
"  --remote TEXT      its remote-maintenance line: what it is for and\n"
"                     who operates it (iomtscan remote shows it)\n"
"  --contract TEXT    its maintenance contract (保守契約): who, until when\n"
"  --os-support TEXT  its operating system's support status (OSサポート\n"
"                     状況), as the maker states it: \"supported until\n"
"                     2028-03\", \"ended; isolated VLAN\"\n"
"  --clear FIELD      remove owner, location, ledger-id, name, note,\n"
"                     remote, contract or os-support\n"
"                     (repeatable)\n"
"  --db FILE          inventory database (default ./iomtscan.db, or\n"
"                     $IOMT_DB)\n"
"  -h, --help         this help\n"
"\n"
"Text is UTF-8, at most %d bytes, without control characters.\n"
"Exit status: 0 ok, 1 the database failed, 2 usage error, a bad value,\n"
"or a host that is not (or not only one) in the inventory.\n",
	    DB_ANNOTATION_MAX);
}

enum {
	OPT_OWNER = 1, OPT_LOCATION, OPT_LEDGER_ID, OPT_NAME, OPT_NOTE,
	OPT_REMOTE, OPT_CONTRACT, OPT_OS_SUPPORT, OPT_CLEAR
};

static const struct option annotate_longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ "location", required_argument, NULL, OPT_LOCATION },
	{ "ledger-id", required_argument, NULL, OPT_LEDGER_ID },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "contract", required_argument, NULL, OPT_CONTRACT },
	{ "os-support", required_argument, NULL, OPT_OS_SUPPORT },
	{ "clear", required_argument, NULL, OPT_CLEAR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* The option spelling of field f (db_annotation_fields order). */
static const char *const ann_optname[ANN_NFIELDS] = {
	"owner", "location", "ledger-id", "name", "note", "remote",
	"contract", "os-support"
};

/* The field index of an option spelling or field name, or -1. */
static int
ann_field(const char *s)
{
	int	 i;

	for (i = 0; i < ANN_NFIELDS; i++)
		if (strcmp(s, ann_optname[i]) == 0 ||
		    strcmp(s, db_annotation_fields[i]) == 0)
			return i;
	return -1;
}

/* Why s cannot be stored, or NULL when it can. */
static const char *
ann_bad_value(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0, l;
	uint32_t		 cp;

	if (n == 0)
		return "is empty (use --clear to remove a field)";
	if (n > DB_ANNOTATION_MAX)
		return "is too long";
	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			return "is not UTF-8 text (convert it, e.g. from CP932 "
			    "with iconv)";
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return "holds a control character (newline, tab, "
			    "escape ...), which is not allowed";
		i += l;
	}
	if (!db_annotation_value_ok(s))
		return "cannot be stored";
	return NULL;
}

/* The login name of whoever runs us, for the history. */
static const char *
ann_who(void)
{
	const char	*s = getenv("SUDO_USER");
	struct passwd	*pw;

	if (s != NULL && s[0] != '\0')
		return s;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
		return pw->pw_name;
	s = getenv("USER");
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * The host name is an address or a MAC: its id in *id and its address in
 * ip.  Prints why not and returns EXIT_USAGE or EXIT_PROBLEMS.
 */
static int
ann_resolve(struct db *db, const char *arg, int64_t *id, char *ip,
    size_t ipsize)
{
	struct in_addr	 a;
	uint8_t		 m[6];
	char		 mac[32];
	int		 r;

	if (inet_pton(AF_INET, arg, &a) == 1) {
		inet_ntop(AF_INET, &a, ip, (socklen_t)ipsize);
		if ((r = db_host_find(db, ip, id)) == IOMT_ENOTFOUND) {
			fprintf(stderr, "iomtscan annotate: %s is not in the "
			    "inventory (scan it first, or check --db)\n", ip);
			return EXIT_USAGE;
		}
		return r == 0 ? EXIT_OK : EXIT_PROBLEMS;
	}
	if (ledger_mac_parse(arg, m) != 0)
		return cmd_usage_error("annotate", "'%s' is neither an IPv4 "
		    "address nor a MAC address", arg);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0],
	    m[1], m[2], m[3], m[4], m[5]);
	r = db_host_find_mac(db, mac, id, ip, ipsize);
	if (r == IOMT_ENOTFOUND) {
		fprintf(stderr, "iomtscan annotate: no host in the inventory "
		    "has the MAC %s\n", mac);
		return EXIT_USAGE;
	}
	if (r == IOMT_ELIMIT) {
		fprintf(stderr, "iomtscan annotate: more than one host has "
		    "the MAC %s (the device moved?); name it by its IP "
		    "address\n", mac);
		return EXIT_USAGE;
	}
	return r == 0 ? EXIT_OK : EXIT_PROBLEMS;
}

static int
ann_event_cb(void *arg, const struct db_annotation_event *ev)
{
	struct buf	*b = arg;
	char		 t[32];

	int		 f = ann_field(ev->field);

	printf("  %s  %-9s ", time_iso8601(t, sizeof(t), ev->t), f >= 0 ?
	    ann_optname[f] : ev->field);
	buf_truncate(b, 0);
	text_term(b, ev->before != NULL ? ev->before : "(none)",
	    strlen(ev->before != NULL ? ev->before : "(none)"), 60);
	printf("%s -> ", buf_str(b));
	buf_truncate(b, 0);
	text_term(b, ev->after != NULL ? ev->after : "(cleared)",
	    strlen(ev->after != NULL ? ev->after : "(cleared)"), 60);
	printf("%s  [", buf_str(b));
	buf_truncate(b, 0);
	text_term(b, ev->source, strlen(ev->source), 80);
	printf("%s", buf_str(b));
	if (ev->who != NULL) {
		buf_truncate(b, 0);
		text_term(b, ev->who, strlen(ev->who), 32);
		printf(", by %s", buf_str(b));
	}
	printf("]\n");
	return 0;
}

/* Print the annotations of ip and their history. */
static int
ann_print(struct db *db, const char *ip, int64_t id)
{
	struct inventory *inv = NULL;
	struct buf	 b = { NULL, 0, 0 };
	const struct inv_host *h;
	size_t		 i;
	int		 r;

	if ((r = db_host_load(db, ip, 0, &inv)) != 0)
		goto out;
	h = &inv->host[0];
	printf("Annotations of %s\n", ip);
	if (h->n_annot == 0)
		printf("  none (add some: iomtscan annotate %s --owner ...)\n",
		    ip);
	for (i = 0; i < h->n_annot; i++) {
		const struct inv_annotation *a = &h->annot[i];
		int f = ann_field(a->field);

		buf_truncate(&b, 0);
		text_term(&b, a->value, strlen(a->value), 0);
		printf("  %-10s %s", f >= 0 ? ann_optname[f] : a->field,
		    buf_str(&b));
		buf_truncate(&b, 0);
		text_term(&b, a->source, strlen(a->source), 80);
		printf("  [%s]\n", buf_str(&b));
	}
	printf("\nHistory (oldest first)\n");
	r = db_foreach_annotation_event(db, id, ann_event_cb, &b);
 out:
	db_inventory_free(inv);
	buf_free(&b);
	return r;
}

int
cmd_annotate(int argc, char **argv)
{
	struct db_annotation_change ch[ANN_NFIELDS];
	const char	*path = cmd_db_path(NULL), *val[ANN_NFIELDS] = { NULL };
	const char	*who = ann_who(), *why;
	int		 clear[ANN_NFIELDS] = { 0 }, given = 0, ch_opt, f, i;
	int		 rc = EXIT_USAGE, r;
	struct db	*db = NULL;
	struct stat	 sb;
	size_t		 n = 0, k, nchanged = 0;
	int64_t		 id = 0;
	char		 ip[64];
	struct buf	 b = { NULL, 0, 0 };

	memset(ch, 0, sizeof(ch));
	optind = 1;
	opterr = 0;
	while ((ch_opt = getopt_long(argc, argv, ":hd:", annotate_longopts,
	    NULL)) != -1) {
		switch (ch_opt) {
		case 'd':
			path = optarg;
			break;
		case OPT_OWNER: case OPT_LOCATION: case OPT_LEDGER_ID:
		case OPT_NAME: case OPT_NOTE: case OPT_REMOTE:
		case OPT_CONTRACT: case OPT_OS_SUPPORT:
			f = ch_opt - OPT_OWNER;
			if ((why = ann_bad_value(optarg)) != NULL) {
				fprintf(stderr, "iomtscan annotate: the value "
				    "of --%s %s\n", ann_optname[f], why);
				goto out;
			}
			val[f] = optarg;
			given = 1;
			break;
		case OPT_CLEAR:
			if ((f = ann_field(optarg)) < 0) {
				rc = cmd_usage_error("annotate", "--clear: no "
				    "field '%s' (owner, location, ledger-id, "
				    "name, note, remote, contract, "
				    "os-support)", optarg);
				goto out;
			}
			clear[f] = 1;
			given = 1;
			break;
		case 'h':
			annotate_usage(stdout);
			rc = EXIT_OK;
			goto out;
		default:
			rc = cmd_bad_option("annotate", ch_opt, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cmd_usage_error("annotate", "which host? (an IP or MAC "
		    "address, e.g. iomtscan annotate 198.18.0.12 --owner "
		    "放射線科)");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cmd_usage_error("annotate", "unexpected argument '%s'",
		    argv[optind + 1]);
		goto out;
	}
	for (i = 0; i < ANN_NFIELDS; i++)
		if (clear[i] && val[i] != NULL) {
			rc = cmd_usage_error("annotate", "--%s and --clear %s "
			    "together: which one?", ann_optname[i],
			    ann_optname[i]);
			goto out;
		}
	if (path[0] == '\0' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "iomtscan annotate: no inventory database at "
		    "%s; give the right one with --db FILE, or scan first\n",
		    path);
		goto out;
	}
	if (cmd_open_db("annotate", path, given ? 0 : DB_RDONLY, &db) != 0)
		goto out;
	if ((rc = ann_resolve(db, argv[optind], &id, ip, sizeof(ip))) !=
	    EXIT_OK) {
		if (rc == EXIT_PROBLEMS)
			fprintf(stderr, "iomtscan annotate: reading %s failed: "
			    "%s\n", path, db_errmsg(db));
		goto out;
	}
	if (!given) {
		if ((r = ann_print(db, ip, id)) != 0 ||
		    (r = fflush(stdout) != 0 ? -errno : 0) != 0) {
			fprintf(stderr, "iomtscan annotate: %s\n", r == IOMT_EDB ?
			    db_errmsg(db) : iomt_strerror(r));
			rc = EXIT_PROBLEMS;
			goto out;
		}
		rc = EXIT_OK;
		goto out;
	}
	for (i = 0; i < ANN_NFIELDS; i++) {
		if (val[i] == NULL && !clear[i])
			continue;
		ch[n].host_id = id;
		ch[n].field = db_annotation_fields[i];
		ch[n].value = val[i];
		ch[n].source = "annotate";
		ch[n].who = who;
		n++;
	}
	if ((r = db_annotations_set(db, ch, n, &nchanged)) != 0) {
		fprintf(stderr, "iomtscan annotate: nothing was changed: %s\n",
		    r == IOMT_EDB ? db_errmsg(db) : iomt_strerror(r));
		rc = r == IOMT_EDB ? EXIT_PROBLEMS : EXIT_USAGE;
		goto out;
	}
	for (k = 0; k < n; k++) {
		f = ann_field(ch[k].field);
		buf_truncate(&b, 0);
		if (!ch[k].changed)
			printf("%s: %s unchanged\n", ip, ann_optname[f]);
		else if (ch[k].value == NULL)
			printf("%s: %s cleared\n", ip, ann_optname[f]);
		else {
			text_term(&b, ch[k].value, strlen(ch[k].value), 0);
			printf("%s: %s = %s\n", ip, ann_optname[f],
			    buf_str(&b));
		}
	}
	rc = fflush(stdout) != 0 ? EXIT_PROBLEMS : EXIT_OK;
 out:
	for (k = 0; k < n; k++)
		free(ch[k].before);
	buf_free(&b);
	db_close(db);
	return rc;
}
