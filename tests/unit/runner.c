/*
 * runner.c - runs every unit test in a forked child with a time limit.
 *
 * Usage: runner [NAME...]  (no names: all).  Prints "ok NAME" or
 * "FAIL NAME" per test and ends with "N passed, N failed".  Exit status 0
 * only if every test passed.  Forking isolates crashes (an ASAN report or
 * a segfault fails one test, not the run) as libuv's runner does.
 */
#include "config.h"

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iomt/db.h"
#include "runner.h"

#define TEST_ENTRY(name) int test_##name(void);
#include "test-list.h"
#undef TEST_ENTRY

struct test_entry {
	const char	*name;
	int		(*fn)(void);
};

static const struct test_entry tests[] = {
#define TEST_ENTRY(name) { #name, test_##name },
#include "test-list.h"
#undef TEST_ENTRY
	{ NULL, NULL }
};

const char *
test_srcdir(void)
{
	const char	*s = getenv("IOMT_SRCDIR");

	return s != NULL ? s : IOMT_SRCDIR;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
test_rmtree(const char *dir)
{
	return nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

static int
run_one(const struct test_entry *t)
{
	pid_t	 pid;
	int	 status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		alarm(60);
		_exit(t->fn() == 0 ? 0 : 1);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "  killed by signal %d\n", WTERMSIG(status));
		return 1;
	}
	return WEXITSTATUS(status) != 0;
}

int
main(int argc, char **argv)
{
	int	 passed = 0, failed = 0;
	size_t	 i;

	for (i = 0; tests[i].name != NULL; i++) {
		int	 want = argc < 2, j;

		for (j = 1; j < argc && !want; j++)
			if (strcmp(argv[j], tests[i].name) == 0)
				want = 1;
		if (!want)
			continue;
		if (run_one(&tests[i]) == 0) {
			printf("ok %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL %s\n", tests[i].name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

int
test_annotate(struct db *db, int64_t host, const char *field,
    const char *value)
{
	struct db_annotation_change ch;

	memset(&ch, 0, sizeof(ch));
	ch.host_id = host;
	ch.field = field;
	ch.value = value;
	ch.source = "annotate";
	if (db_annotations_set(db, &ch, 1, NULL) != 0)
		return -1;
	free(ch.before);
	return 0;
}
