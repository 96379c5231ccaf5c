/*
 * src/net/privdrop.c - give up root once the raw handles are open (net.h).
 *
 * Order matters: supplementary groups, then the group, then the user, and
 * then a check that setuid(0) now fails, as OpenSSH's permanently_set_uid
 * does.  Capability detection reads /proc so that a binary installed with
 * `setcap cap_net_raw+p` is recognised without linking libcap.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "iomt/util.h"
#include "iomt/net.h"

int
privdrop(const char *user)
{
	struct passwd	*pw;

	if (geteuid() != 0)
		return 0;
	if (user == NULL)
		user = "nobody";
	pw = getpwnam(user);
	if (pw == NULL)
		return IOMT_EINVAL;
	if (pw->pw_uid == 0)
		return 0;	/* --user root: explicitly kept */
	if (setgroups(1, &pw->pw_gid) != 0)
		return -errno;
	if (setgid(pw->pw_gid) != 0)
		return -errno;
	if (setuid(pw->pw_uid) != 0)
		return -errno;
	if (setuid(0) == 0)
		return IOMT_EPRIV;	/* root could be regained */
	return 0;
}

int
privdrop_have_raw(void)
{
	FILE			*fp;
	char			 line[256];
	unsigned long long	 caps = 0;
	int			 have = 0;

	if (geteuid() == 0)
		return 1;
	fp = fopen("/proc/self/status", "r");
	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "CapEff:", 7) == 0 &&
		    sscanf(line + 7, "%llx", &caps) == 1) {
			have = (caps & (1ULL << 13)) != 0;	/* CAP_NET_RAW */
			break;
		}
	}
	fclose(fp);
	return have;
}
