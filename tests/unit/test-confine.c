/*
 * test-confine.c - the seccomp confinement (privdrop_confine()) really
 * stops what a compromised parser would try, and lets the scan go on.
 *
 * Each case forks: the child confines itself and then makes the calls, so
 * a kill ends the child (the parent sees SIGSYS), never the runner.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/net.h"
#include "runner.h"

/* Run fn in a confined child; return its wait status, or -1. */
static int
confined(int (*fn)(void))
{
	pid_t	 pid;
	int	 st;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		setenv("IOMT_SECCOMP", "on", 1);
		if (privdrop_confine() != 0)
			_exit(99);
		_exit(fn());
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

/* What the engine does after confinement must keep working. */
static int
allowed_calls(void)
{
	char	 path[] = "/tmp/iomt-confine-XXXXXX";
	int	 fd, s;

	if ((s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0)
		return 1;
	close(s);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return 2;
	close(s);
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		return 3;
	close(fd);
	if (write(STDOUT_FILENO, "", 0) != 0)
		return 4;
	/* New files cannot be made: EACCES, not death. */
	if (open(path, O_WRONLY | O_CREAT | O_EXCL, 0600) >= 0 ||
	    errno != EACCES)
		return 5;
	if (mkstemp(path) >= 0 || errno != EACCES)
		return 6;
	return 0;
}

static int
try_exec(void)
{
	char	*argv[] = { (char *)"/bin/true", NULL };

	execv("/bin/true", argv);
	return 0;	/* not reached when the filter works */
}

static int
try_netlink(void)
{
	(void)socket(AF_NETLINK, SOCK_RAW, 0);
	return 0;
}

static int
try_raw_socket(void)
{
	(void)socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	return 0;
}

static int
try_fork(void)
{
	pid_t	 p = fork();

	if (p == 0)
		_exit(0);
	return 0;
}

TEST_IMPL(confine_allows_the_engine)
{
	int	 st = confined(allowed_calls);

	ASSERT(WIFEXITED(st));
	ASSERT_EQ(WEXITSTATUS(st), 0);
	return 0;
}

TEST_IMPL(confine_kills_exec_netlink_raw_fork)
{
	int	 st;

	st = confined(try_exec);
	ASSERT(WIFSIGNALED(st));
	ASSERT_EQ(WTERMSIG(st), SIGSYS);
	st = confined(try_netlink);
	ASSERT(WIFSIGNALED(st));
	ASSERT_EQ(WTERMSIG(st), SIGSYS);
	st = confined(try_raw_socket);
	ASSERT(WIFSIGNALED(st));
	ASSERT_EQ(WTERMSIG(st), SIGSYS);
	st = confined(try_fork);
	ASSERT(WIFSIGNALED(st));
	ASSERT_EQ(WTERMSIG(st), SIGSYS);
	return 0;
}
