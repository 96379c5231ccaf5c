/*
 * fuzz-http.c - libFuzzer target for the HTTP response parser.
 *
 * Runs http_parse_response() on partial and complete input, the redirect
 * decision http_redirect_path() on the input as a Location value, and the
 * http-get probe (also as a redirect follow-up run) over the bytes.
 */
#include "config.h"

#include "fuzz-probe.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 s[1024], path[HTTP_PATH_MAX];

	kv_reset(&fz_obs);
	(void)http_parse_response(data, size, 0, 16384, &fz_obs);
	fuzz_check_obs(&fz_obs);
	kv_reset(&fz_obs);
	(void)http_parse_response(data, size, 1, 100, &fz_obs);
	fuzz_check_obs(&fz_obs);
	fuzz_cstr(s, sizeof(s), data, size);
	if (http_redirect_path(s, "127.0.0.1", 80, path, sizeof(path)) == 0 &&
	    (path[0] != '/' || strlen(path) >= HTTP_PATH_MAX))
		abort();
	fuzz_probe_all("http-get", data, size, NULL);
	fuzz_probe("http-get", data, size, 0, "/login.htm");
	return 0;
}
