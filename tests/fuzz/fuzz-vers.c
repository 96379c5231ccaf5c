/*
 * fuzz-vers.c - libFuzzer target for the version-range parser
 * (src/db/vers.c): the `vers:` syntax and the free text advisories use.
 *
 * Range text comes from advisories and version text from devices, both
 * from outside.  The input is split at its first NUL (or newline) into a
 * range and a version; the range is parsed, described, and matched
 * against the version and a few fixed ones; the version is cleaned and
 * compared.  Any result but VERS_IN, VERS_OUT or VERS_UNKNOWN, or a
 * description that is not NUL-terminated, aborts.  Run: CC=clang
 * ./configure --enable-fuzzing && make tests/fuzz/fuzz-vers &&
 * ./tests/fuzz/fuzz-vers -dict=tests/fuzz/vers.dict tests/fuzz/corpus/vers
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/db.h"
#include "iomt/db-docs.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int m)
{
	if (m != VERS_IN && m != VERS_OUT && m != VERS_UNKNOWN)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = { "1.0", "8.00.01", "20D32",
		"VB40", "v6.4.1", "DCMTK 3.6.7", "" };
	struct vers_range	 r;
	char			 rng[1024], ver[1024], desc[512], clean[80];
	size_t			 i, n;

	if (size >= sizeof(rng))
		return 0;
	for (i = 0; i < size && data[i] != '\0' && data[i] != '\n'; i++)
		;
	memcpy(rng, data, i);
	rng[i] = '\0';
	n = i < size ? size - i - 1 : 0;
	memcpy(ver, data + size - n, n);
	ver[n] = '\0';
	/* Embedded NULs end the strings where C sees them. */
	(void)vers_range_parse(rng, &r);
	vers_range_describe(&r, desc, sizeof(desc));
	if (memchr(desc, '\0', sizeof(desc)) == NULL)
		abort();
	check(vers_range_match(&r, ver));
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		check(vers_range_match(&r, fixed[i]));
		(void)vers_cmp(ver, fixed[i]);
	}
	if (vers_clean(ver, clean, sizeof(clean)) == 0 &&
	    memchr(clean, '\0', sizeof(clean)) == NULL)
		abort();
	return 0;
}
