/*
 * fuzz-stored-json.c - libFuzzer target for reading the JSON the
 * inventory stores (src/report/json.c, report_json_stored()).
 *
 * Identity evidence, scan options and fragile-profile limits are JSON
 * text partly built from what devices sent, and every export and `show`
 * parses it again.  The mending before jansson parses (bad bytes to
 * U+FFFD, lone surrogate escapes to \uFFFD) walks raw bytes, so it must
 * never read past the input, and whatever it accepts must come back out
 * as JSON that reads back.  Each input is read as any value, as an object and as
 * an evidence array, written out compact and freed.  Run: CC=clang
 * ./configure --enable-fuzzing && make tests/fuzz/fuzz-stored-json &&
 * ./tests/fuzz/fuzz-stored-json tests/fuzz/corpus/stored-json
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/report/report-int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 kinds[] = { REPORT_JSON_ANY, REPORT_JSON_OBJECT,
	    REPORT_JSON_OBJECTS };
	struct buf		 b = { NULL, 0, 0 };
	char			*s;
	size_t			 k;

	/* The database holds C strings: the input up to its first NUL. */
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		json_t	*v = report_json_stored(s, kinds[k]), *again;

		if (v == NULL)
			continue;
		report_json_compact(v, &b);
		/* What comes out is JSON that reads back. */
		again = report_json_stored(buf_str(&b), REPORT_JSON_ANY);
		if (again == NULL)
			abort();
		json_decref(again);
		json_decref(v);
	}
	buf_free(&b);
	free(s);
	return 0;
}
