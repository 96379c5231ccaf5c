/*
 * fuzz-banner.c - libFuzzer target for the passive banner probe and the
 * embedded-stack classifier.
 *
 * The banner probe (src/probe/banner.c) is reached through the registry,
 * so no wrapper is needed; stack_family() gets the bytes as text.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 s[2048];
	const char *f;

	f = stack_family(fuzz_cstr(s, sizeof(s), data, size));
	if (f != NULL && strlen(f) == 0)
		abort();
	fuzz_probe_all("banner", data, size, NULL);
	return 0;
}
