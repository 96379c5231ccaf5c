/*
 * src/net/privdrop.c - give up root, then confine what is left (net.h).
 *
 * Order matters: the capability bounding set is emptied while we still
 * hold CAP_SETPCAP, then supplementary groups, the group and the user are
 * set, and a check that setuid(0) now fails follows, as OpenSSH's
 * permanently_set_uid does.  Capability detection reads /proc so that a
 * binary installed with `setcap cap_net_raw+p` is recognised without
 * linking libcap.
 *
 * privdrop_confine() is the second wall, modelled on OpenSSH's
 * sandbox-seccomp-filter.c: no_new_privs, then a libseccomp allow-list of
 * the system calls the libuv loop, pcap, libdnet, SQLite and Lua make once
 * every file is open (gathered with strace over lab scans and kept small).
 * The default action kills the whole process, so a compromised parser
 * cannot exec, fork, ptrace, mount, load modules or open new kinds of
 * socket.  Sanitizer builds skip the filter unless IOMT_SECCOMP=on:
 * LeakSanitizer's exit-time check cannot read /proc/self/task once
 * no_new_privs is set after a setuid, and would fail every run.  The
 * plain build (what `make` and the demo use) is always confined, and the
 * lab test t-confined-scan runs a whole scan with it.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/util.h"
#include "iomt/net.h"

/* libseccomp's SCMP_A0..A5 macros leave datum_b to zero by omission. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define CONFINE_SANITIZER	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define CONFINE_SANITIZER	1
#endif
#endif
#ifndef CONFINE_SANITIZER
#define CONFINE_SANITIZER	0
#endif

int
privdrop_check_user(const char *user)
{
	if (user == NULL)
		user = "nobody";
	return getpwnam(user) != NULL ? 0 : IOMT_EINVAL;
}

/* Empty the bounding set so no later execve could gain a capability. */
static void
drop_bounding_set(void)
{
	int	 cap;

	for (cap = 0; cap <= 63; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			(void)prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
}

/*
 * Not root but holding capabilities (setcap cap_net_raw+p, or systemd's
 * AmbientCapabilities=CAP_NET_RAW): give them all up, ambient ones too.
 */
static int
drop_capabilities(void)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[2];

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (syscall(SYS_capset, &hdr, data) != 0)
		return -errno;
	return 0;
}

int
privdrop(const char *user)
{
	struct passwd	*pw;

	if (geteuid() != 0)
		return privdrop_have_raw() ? drop_capabilities() : 0;
	if (user == NULL)
		user = "nobody";
	pw = getpwnam(user);
	if (pw == NULL)
		return IOMT_EINVAL;
	if (pw->pw_uid == 0)
		return 0;	/* --user root: explicitly kept */
	drop_bounding_set();
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

/* System calls allowed without conditions. */
static const char *const allowed[] = {
	/* the event loop and time */
	"epoll_wait", "epoll_pwait", "epoll_ctl", "epoll_create1", "poll",
	"ppoll", "select", "pselect6", "clock_gettime", "clock_getres",
	"gettimeofday", "nanosleep", "clock_nanosleep", "eventfd2",
	"pipe2", "sched_yield", "futex", "set_robust_list", "rseq",
	/* memory (malloc, Lua, SQLite page cache) */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise",
	/* descriptors already open: sockets, pcap, the database */
	"read", "readv", "write", "writev", "pread64", "pwrite64", "lseek",
	"close", "fstat", "newfstatat", "statx", "fcntl", "ftruncate",
	"fsync", "fdatasync", "dup", "getdents64",
	/* sockets (creation is checked below) */
	"connect", "getsockopt", "setsockopt", "getsockname", "getpeername",
	"shutdown", "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg",
	"recvmmsg", "bind",
	/* signals, identity, randomness, leaving */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"getrandom", "uname", "tgkill", "tkill", "exit", "exit_group",
	"restart_syscall", "sysinfo", "getrusage", "prlimit64",
	/* the Lua watchdog timer (src/script/sandbox.c) */
	"timer_create", "timer_settime", "timer_gettime", "timer_delete",
	NULL
};

/* Calls that fail with EACCES instead of killing (SQLite tolerates). */
static const char *const refused[] = {
	"unlink", "unlinkat", "rename", "renameat", "renameat2", "mkdir",
	"mkdirat", "chmod", "fchmod", "fchmodat", "chown", "fchown",
	"fchownat", "link", "linkat", "symlink", "symlinkat", "access",
	"faccessat", "faccessat2", "stat", "lstat", "open", "creat",
	NULL
};

static int
rule_add(scmp_filter_ctx ctx, uint32_t action, const char *name)
{
	int	 nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;	/* not on this architecture */
	return seccomp_rule_add(ctx, action, nr, 0);
}

/* Allow socket(domain, type | flags) for one domain and type. */
static int
socket_rule(scmp_filter_ctx ctx, int domain, int type)
{
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 2,
	    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)domain),
	    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, (scmp_datum_t)type));
}

int
privdrop_confine(void)
{
	const char	*mode = getenv("IOMT_SECCOMP");
	scmp_filter_ctx	 ctx = NULL;
	uint32_t	 deny = SCMP_ACT_KILL_PROCESS;
	size_t		 i;
	int		 r;

	if (CONFINE_SANITIZER && (mode == NULL || strcmp(mode, "on") != 0)) {
		log_debug("sanitizer build: seccomp confinement skipped "
		    "(IOMT_SECCOMP=on forces it)");
		r = 0;
		goto out;
	}
	if (mode != NULL && strcmp(mode, "log") == 0)
		deny = SCMP_ACT_LOG;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		r = -errno;
		goto out;
	}
	if ((ctx = seccomp_init(deny)) == NULL) {
		r = -ENOMEM;
		goto out;
	}
	r = 0;
	for (i = 0; r == 0 && allowed[i] != NULL; i++)
		r = rule_add(ctx, SCMP_ACT_ALLOW, allowed[i]);
	for (i = 0; r == 0 && refused[i] != NULL; i++)
		r = rule_add(ctx, SCMP_ACT_ERRNO(EACCES), refused[i]);
	if (r != 0)
		goto out;
	/* TCP and UDP over IPv4 and IPv6 only: no netlink, no raw, no unix
	 * (the low four bits of the type are the socket type). */
	if ((r = socket_rule(ctx, AF_INET, SOCK_STREAM)) != 0 ||
	    (r = socket_rule(ctx, AF_INET, SOCK_DGRAM)) != 0 ||
	    (r = socket_rule(ctx, AF_INET6, SOCK_STREAM)) != 0 ||
	    (r = socket_rule(ctx, AF_INET6, SOCK_DGRAM)) != 0)
		goto out;
	/* Files open read-only (libuv's reserve descriptor, /proc reads);
	 * opening for writing or creating is refused. */
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC, 0))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
	    1, SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC,
	    O_WRONLY))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
	    1, SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
	    1, SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT))) != 0)
		goto out;
	/* ioctl: the few requests libuv and pcap make on open descriptors. */
	if ((r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, FIONBIO))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, FIONREAD))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, FIOCLEX))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, TCGETS))) != 0 ||
	    (r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, TIOCGWINSZ))) != 0)
		goto out;
	r = seccomp_load(ctx);
 out:
	if (ctx != NULL)
		seccomp_release(ctx);
	return r;
}
