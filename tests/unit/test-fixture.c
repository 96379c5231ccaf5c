/*
 * test-fixture.c - the JSON fixtures `iomtscan script test` reads
 * (host.json, exchanges.json, expect.json): malformed JSON refused by
 * file, the fixture shapes checked, size caps.  test-lua.c tests the
 * runtime that runs scripts against them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#include "iomt/util.h"
#include "iomt/script.h"

/* ---------------------------------------------------------------- */
/* JSON */

TEST_IMPL(lua_json_strict)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5",
		"-", "1e", "NaN", "[1] 2", "\"\\x\"", "\"a\nb\"", "\"\\ud800\"",
		"\"\xc3\x28\"", "\"\xed\xa0\x80\"", "{\"a\":1,\"a\":2}",
		"tru", "nul", "[1e999]", "// c\n1", "\"abc", NULL
	};
	static const char	 fxgood[] = "{\"ip\":\"198.18.0.1\","
	    "\"services\":[{\"proto\":\"tcp\",\"port\":80.0}],"
	    "\"obs\":[{\"key\":\"k\",\"value\":\"a\\u0000b\"}]}";
	static const char	 fxfile[] = "[{\"port\":80,"
	    "\"reply_file\":\"r.bin\"}]";
	struct script_fixture	*fx;
	char			*big;
	char			 err[128];
	size_t			 i;

	/* The fixture reader (jansson) refuses malformed JSON, by file. */
	for (i = 0; bad[i] != NULL; i++) {
		fx = script_fixture_new(NULL);
		if (script_fixture_parse(fx, "host.json", bad[i],
		    strlen(bad[i]), err, sizeof(err)) == 0) {
			fprintf(stderr, "  fixture accepted bad JSON #%zu\n",
			    i);
			script_fixture_free(fx);
			return 1;
		}
		ASSERT(strncmp(err, "host.json: ", 11) == 0);
		script_fixture_free(fx);
	}
	fx = script_fixture_new(NULL);
	ASSERT_EQ(script_fixture_parse(fx, "host.json", fxgood,
	    strlen(fxgood), err, sizeof(err)), 0);
	ASSERT_STR_EQ(fx->host.ip, "198.18.0.1");
	ASSERT_EQ(fx->host.n_svc, 1);
	ASSERT_EQ(fx->host.svc[0].port, 80);
	ASSERT_STR_EQ(fx->host.svc[0].state, "open");
	ASSERT_EQ(fx->host.n_obs, 1);
	ASSERT_EQ(script_fixture_parse(fx, "exchanges.json", fxfile,
	    strlen(fxfile), err, sizeof(err)), IOMT_EPROTO);
	ASSERT(strstr(err, "reply_file must be a relative path") != NULL);
	ASSERT_EQ(script_fixture_parse(fx, "other.json", "{}", 2, err,
	    sizeof(err)), IOMT_EINVAL);
	ASSERT_EQ(script_fixture_parse(fx, "expect.json", "{\"os\":1}", 8,
	    err, sizeof(err)), IOMT_EPROTO);
	ASSERT_STR_EQ(err, "expect.json: os must be a string or null");
	script_fixture_free(fx);
	fx = script_fixture_new(NULL);
	big = xcalloc(FIXTURE_MAX + 1, 1);
	ASSERT_EQ(script_fixture_parse(fx, "host.json", big,
	    FIXTURE_MAX + 1, err, sizeof(err)), IOMT_ELIMIT);
	free(big);
	script_fixture_free(fx);
	return 0;
}
