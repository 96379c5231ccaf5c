/*
 * fuzz-fixture.c - libFuzzer target for the fixture reader of
 * `iomtscan script test` (src/script/fixture.c).
 *
 * Fixtures are written by hand by vendors and arrive with their scripts,
 * so the reader must refuse any file cleanly.  An input is split at its
 * first two NUL bytes into host.json, exchanges.json and expect.json
 * (raw NULs are never valid JSON, so no document loses anything); each
 * non-empty part is parsed in that order with script_fixture_parse(),
 * stopping at the first error, and a fixture with an expect.json is
 * compared with an empty result.  The fixture has no directory, so a
 * reply_file entry is refused rather than read.  Crashes, sanitizer
 * reports and leaks are bugs.  Run: CC=clang ./configure --enable-fuzzing
 * && make tests/fuzz/fuzz-fixture && ./tests/fuzz/fuzz-fixture
 * ../tests/fuzz/corpus/fixture (docs/HACKING.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/script.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"host.json", "exchanges.json", "expect.json"
	};
	struct script_fixture	*fx;
	struct script_result	 res;
	const char		*s = (const char *)data, *q;
	char			 err[600], mm[2048];
	size_t			 i, off = 0, n;

	fx = script_fixture_new(NULL);
	for (i = 0; i < 3 && off <= size; i++) {
		n = size - off;
		if (i < 2 && (q = memchr(s + off, '\0', n)) != NULL)
			n = (size_t)(q - (s + off));
		if (n > 0 && script_fixture_parse(fx, names[i], s + off, n,
		    err, sizeof(err)) != 0)
			goto out;
		off += n + 1;
	}
	memset(&res, 0, sizeof(res));
	res.evidence_json = "[]";
	script_fixture_expect(fx, &res, mm, sizeof(mm));
 out:
	script_fixture_free(fx);
	return 0;
}
