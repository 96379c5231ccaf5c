/*
 * fuzz-json.c - libFuzzer target for the strict JSON reader (src/util/json.c).
 *
 * The reader handles fixture files that vendors write by hand; it must
 * reject anything malformed with an error and never read out of bounds,
 * recurse without limit or leak.  Each input is parsed, walked, escaped
 * back out and freed.  Run: CC=clang ./configure --enable-fuzzing &&
 * make tests/fuzz/fuzz-json && ./tests/fuzz/fuzz-json -max_total_time=600
 * $(srcdir)/tests/fuzz/corpus/json (docs/HACKING.md).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "iomt/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
walk(const struct json *v, int depth)
{
	const struct json	*c;
	char			 buf[256];
	size_t			 n = 1;

	if (v->type == JSON_STRING)
		n += json_escape(buf, sizeof(buf), v->str, v->len);
	if (v->key != NULL)
		n += json_escape(buf, sizeof(buf), v->key, v->keylen);
	for (c = v->child; c != NULL; c = c->next)
		n += walk(c, depth + 1);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json	*v = NULL;
	char		 err[128];
	long long	 ll;

	if (json_parse((const char *)data, size, &v, err, sizeof(err)) == 0) {
		walk(v, 0);
		json_get(v, "ip");
		json_int(v, 0, 100, &ll);
		v = json_free(v);
	}
	return 0;
}
