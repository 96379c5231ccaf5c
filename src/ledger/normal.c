/*
 * normal.c - reading what people type into a ledger's cells.
 *
 * Japanese input methods produce full-width digits and letters
 * ("１９８．１８．０．５"), an ideographic space, and a choice of dash
 * look-alikes (the katakana prolonged-sound mark ー is typed for a hyphen
 * more often than one would think).  MAC addresses arrive as
 * 00:09:5C:12:00:12, 00-09-5c-12-00-12, Cisco's 0009.5c12.0012 or bare
 * 00095c120012.  Header names vary by hospital: 管理番号 or 資産番号,
 * 製造販売業者 or メーカー, "IP Address" or IPアドレス.  Everything here
 * folds such text to one comparable form; nothing here guesses a value
 * that is not there.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-int.h"

void
ledger_fold(struct buf *b, const char *s, size_t n, int key)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);

		if (k == 0) {
			buf_addc(b, (char)p[i++]);
			continue;
		}
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		else if (cp == 0x3000)
			cp = ' ';
		else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
		    cp == 0x30fc || cp == 0xff70)
			cp = '-';
		if (cp < 0x80) {
			int c = (int)cp;

			if (key) {
				if (c == ' ' || c == '\t' || c == '_' ||
				    c == '-' || c == '.' || c == '/' ||
				    c == '\n' || c == '\r' || c == '(' ||
				    c == ')' || c == ':')
					c = 0;
				else if (c >= 'A' && c <= 'Z')
					c += 'a' - 'A';
			}
			if (c != 0)
				buf_addc(b, (char)c);
		} else if (key && (cp == 0x30fb || cp == 0xff08 ||
		    cp == 0xff09 || cp == 0xff1a))
			;	/* ・（）： in header names */
		else
			buf_addn(b, p + i, k);
		i += k;
	}
}

void
ledger_colname(size_t col, char dst[4])
{
	char tmp[4];
	size_t n = 0, i = 0;

	col++;
	while (col > 0 && n < 3) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n > 0)
		dst[i++] = tmp[--n];
	dst[i] = '\0';
}

/* Folded header names (ledger_fold(key=1)) and their fields. */
static const struct {
	const char	*key;
	int		 field;
} headers[] = {
	{ "管理番号", LEDGER_F_ID }, { "資産番号", LEDGER_F_ID },
	{ "機器番号", LEDGER_F_ID }, { "固定資産番号", LEDGER_F_ID },
	{ "備品番号", LEDGER_F_ID }, { "台帳番号", LEDGER_F_ID },
	{ "管理no", LEDGER_F_ID }, { "資産no", LEDGER_F_ID },
	{ "assetid", LEDGER_F_ID }, { "assetno", LEDGER_F_ID },
	{ "assetnumber", LEDGER_F_ID }, { "assettag", LEDGER_F_ID },
	{ "ledgerid", LEDGER_F_ID }, { "id", LEDGER_F_ID },
	{ "機器名称", LEDGER_F_NAME }, { "機器名", LEDGER_F_NAME },
	{ "品名", LEDGER_F_NAME }, { "名称", LEDGER_F_NAME },
	{ "一般的名称", LEDGER_F_NAME }, { "装置名", LEDGER_F_NAME },
	{ "devicename", LEDGER_F_NAME }, { "name", LEDGER_F_NAME },
	{ "device", LEDGER_F_NAME }, { "description", LEDGER_F_NAME },
	{ "製造販売業者", LEDGER_F_VENDOR }, { "メ-カ-", LEDGER_F_VENDOR },
	{ "メカ名", LEDGER_F_VENDOR }, { "製造業者", LEDGER_F_VENDOR },
	{ "製造元", LEDGER_F_VENDOR }, { "販売元", LEDGER_F_VENDOR },
	{ "manufacturer", LEDGER_F_VENDOR }, { "vendor", LEDGER_F_VENDOR },
	{ "maker", LEDGER_F_VENDOR },
	{ "型式", LEDGER_F_MODEL }, { "型番", LEDGER_F_MODEL },
	{ "機種", LEDGER_F_MODEL }, { "モデル", LEDGER_F_MODEL },
	{ "model", LEDGER_F_MODEL }, { "modelnumber", LEDGER_F_MODEL },
	{ "製造番号", LEDGER_F_SERIAL }, { "シリアル番号", LEDGER_F_SERIAL },
	{ "シリアル", LEDGER_F_SERIAL }, { "serial", LEDGER_F_SERIAL },
	{ "serialnumber", LEDGER_F_SERIAL }, { "sn", LEDGER_F_SERIAL },
	{ "設置場所", LEDGER_F_LOCATION }, { "場所", LEDGER_F_LOCATION },
	{ "所在", LEDGER_F_LOCATION }, { "所在地", LEDGER_F_LOCATION },
	{ "location", LEDGER_F_LOCATION }, { "room", LEDGER_F_LOCATION },
	{ "管理部署", LEDGER_F_OWNER }, { "管理部門", LEDGER_F_OWNER },
	{ "使用部署", LEDGER_F_OWNER }, { "所管部署", LEDGER_F_OWNER },
	{ "部署", LEDGER_F_OWNER }, { "診療科", LEDGER_F_OWNER },
	{ "department", LEDGER_F_OWNER }, { "owner", LEDGER_F_OWNER },
	{ "dept", LEDGER_F_OWNER },
	{ "ipアドレス", LEDGER_F_IP }, { "ip", LEDGER_F_IP },
	{ "ipaddress", LEDGER_F_IP }, { "ipv4", LEDGER_F_IP },
	{ "ipv4アドレス", LEDGER_F_IP }, { "ipaddr", LEDGER_F_IP },
	{ "macアドレス", LEDGER_F_MAC }, { "mac", LEDGER_F_MAC },
	{ "macaddress", LEDGER_F_MAC }, { "物理アドレス", LEDGER_F_MAC },
	{ "macaddr", LEDGER_F_MAC },
	{ "保守契約", LEDGER_F_CONTRACT }, { "保守", LEDGER_F_CONTRACT },
	{ "保守契約有無", LEDGER_F_CONTRACT }, { "保守業者", LEDGER_F_CONTRACT },
	{ "保守契約先", LEDGER_F_CONTRACT },
	{ "maintenance", LEDGER_F_CONTRACT },
	{ "maintenancecontract", LEDGER_F_CONTRACT },
	{ "supportcontract", LEDGER_F_CONTRACT },
	{ "備考", LEDGER_F_NOTE }, { "メモ", LEDGER_F_NOTE },
	{ "note", LEDGER_F_NOTE }, { "notes", LEDGER_F_NOTE },
	{ "remarks", LEDGER_F_NOTE }, { "comment", LEDGER_F_NOTE },
	/* as folded: the long-vowel mark ー is a dash, and goes */
	{ "リモトメンテナンス", LEDGER_F_REMOTE },
	{ "リモトメンテナンス保守", LEDGER_F_REMOTE },
	{ "リモトメンテナンス回線", LEDGER_F_REMOTE },
	{ "リモトメンテ", LEDGER_F_REMOTE }, { "リモト保守", LEDGER_F_REMOTE },
	{ "遠隔保守", LEDGER_F_REMOTE }, { "リモト接続", LEDGER_F_REMOTE },
	{ "remotemaintenance", LEDGER_F_REMOTE },
	{ "remoteaccess", LEDGER_F_REMOTE }, { "remoteservice", LEDGER_F_REMOTE },
	{ "remote", LEDGER_F_REMOTE },
};

int
ledger_header_field(const char *key)
{
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (strcmp(key, headers[i].key) == 0)
			return headers[i].field;
	return -1;
}

int
ledger_is_blank(const char *s)
{
	static const char *const blank[] = {
		"-", "--", "---", "不明", "なし", "無し", "無", "未設定",
		"未定", "n/a", "na", "none", "unknown", "tbd", "dhcp", "?",
		"該当なし", "—",
	};
	struct buf b = { NULL, 0, 0 };
	int yes = 0;

	if (s == NULL)
		return 1;
	ledger_fold(&b, s, strlen(s), 0);
	{
		/* trim and lower-case */
		char *p = b.p ? b.p : (char *)"";
		size_t n = b.len;

		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		for (size_t i = 0; i < n; i++)
			if (p[i] >= 'A' && p[i] <= 'Z')
				p[i] = (char)(p[i] + 'a' - 'A');
		if (n == 0)
			yes = 1;
		for (size_t i = 0; !yes && i < sizeof(blank) / sizeof(blank[0]);
		    i++)
			if (strlen(blank[i]) == n && memcmp(blank[i], p, n) == 0)
				yes = 1;
	}
	buf_free(&b);
	return yes;
}

int
ledger_mac_parse(const char *s, uint8_t mac[6])
{
	struct buf b = { NULL, 0, 0 };
	char hex[13];
	size_t nh = 0, i, groups = 0, glen = 0, want = 0;
	char sep = 0;
	int r = IOMT_EINVAL;

	ledger_fold(&b, s, strlen(s), 0);
	for (i = 0; i < b.len; i++) {
		char c = b.p[i];

		if (hex_value((unsigned char)c) >= 0) {
			if (nh >= 12)
				goto out;
			hex[nh++] = c;
			glen++;
			continue;
		}
		if (c == ' ' && (nh == 0 || i + 1 == b.len || b.p[i + 1] == ' '))
			continue;	/* leading and trailing blanks */
		if (c != ':' && c != '-' && c != '.' && c != ' ')
			goto out;
		if (sep != 0 && c != sep)
			goto out;	/* mixed separators */
		if (glen == 0 || (want != 0 && glen != want))
			goto out;
		want = glen;	/* every group as long as the first */
		sep = c;
		groups++;
		glen = 0;
	}
	if (nh != 12)
		goto out;
	/* aa:bb:.. (6 groups of 2), aabb.ccdd.eeff (3 of 4), or bare */
	if (sep != 0 && (glen != want || !((groups == 5 && glen == 2) ||
	    (groups == 2 && glen == 4 && sep == '.'))))
		goto out;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)(hex_value((unsigned char)hex[2 * i]) << 4 |
		    hex_value((unsigned char)hex[2 * i + 1]));
	r = 0;
 out:
	buf_free(&b);
	return r;
}

int
ledger_ip_parse(const char *s, char *dst, size_t dsize)
{
	struct buf b = { NULL, 0, 0 };
	const char *p;
	size_t n;
	int r = IOMT_EINVAL;

	ledger_fold(&b, s, strlen(s), 0);
	p = buf_str(&b);
	n = b.len;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 45)
		goto out;
	if (memchr(p, ':', n) != NULL) {
		char tmp[46];
		struct in6_addr a6;

		memcpy(tmp, p, n);
		tmp[n] = '\0';
		if (inet_pton(AF_INET6, tmp, &a6) != 1 ||
		    inet_ntop(AF_INET6, &a6, dst, (socklen_t)dsize) == NULL)
			goto out;
	} else {
		unsigned oct[4];
		size_t k = 0, i = 0;

		while (k < 4) {
			size_t digits = 0;
			unsigned v = 0;

			while (i < n && p[i] >= '0' && p[i] <= '9' &&
			    digits < 3) {
				v = v * 10 + (unsigned)(p[i++] - '0');
				digits++;
			}
			if (digits == 0 || v > 255)
				goto out;
			oct[k++] = v;
			if (k < 4) {
				if (i >= n || p[i] != '.')
					goto out;
				i++;
			}
		}
		if (i != n)
			goto out;
		snprintf(dst, dsize, "%u.%u.%u.%u", oct[0], oct[1], oct[2],
		    oct[3]);
	}
	r = 0;
 out:
	buf_free(&b);
	return r;
}
