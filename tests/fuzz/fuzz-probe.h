/*
 * fuzz-probe.h - drive a probe's start()/input() as the engine does, for
 * the libFuzzer targets in this directory.
 *
 * Besides the isolated parsers, every fuzzer runs the whole probe state
 * machine over the input: delivered in one piece, then in small pieces (as
 * TCP may deliver it), then ended by EOF, exactly as src/engine/tcp.c calls a
 * probe.  It aborts (so libFuzzer reports a crash) when a probe breaks
 * its contract: a send larger than the buffer, an unknown return value,
 * no finish after repeated EOFs, or an observation value holding a byte
 * that is not printable ASCII (device bytes must be escaped).  Included
 * by one fuzzer each; everything is static.
 */
#ifndef IOMT_FUZZ_PROBE_H
#define IOMT_FUZZ_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/probe.h"

static _Alignas(max_align_t) uint8_t fz_state[4096];
static struct kvset fz_obs;
static uint8_t fz_out[2048];

/* Abort unless every observation value is printable ASCII. */
static inline void
fuzz_check_obs(const struct kvset *o)
{
	const unsigned char	*v;
	size_t			 i, j, n, l;
	uint32_t		 cp;

	/* Stored text is valid UTF-8 without controls, C1 or bidi marks. */
	for (i = 0; i < o->n; i++) {
		v = (const unsigned char *)kv_val(o, i);
		n = strlen((const char *)v);
		for (j = 0; j < n; j += l) {
			if ((l = utf8_decode(v + j, n - j, &cp)) == 0)
				abort();
			if (cp < 0x20 || cp == 0x7f ||
			    (cp >= 0x80 && cp < 0xa0) ||
			    (cp >= 0x200e && cp <= 0x200f) ||
			    (cp >= 0x2028 && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				abort();
		}
	}
}

static inline int
fuzz_step(const struct probe_ops *p, const struct probe_target *t,
    const uint8_t *data, size_t len, unsigned flags)
{
	size_t	 outn = 0;
	int	 r;

	r = p->input(fz_state, t, data, len, flags, &fz_obs, fz_out,
	    sizeof(fz_out), &outn);
	if (outn > sizeof(fz_out))
		abort();
	if (r != PROBE_DONE && r != PROBE_MORE && r != PROBE_SEND &&
	    r != PROBE_FIN && r >= 0)
		abort();
	if (r == PROBE_SEND && outn == 0)
		abort();
	return r;
}

/*
 * Run probe name over data delivered step bytes at a time (0: all at
 * once), then EOF.  again, if not NULL, is passed to proto_again() first.
 */
static inline void
fuzz_probe(const char *name, const uint8_t *data, size_t size, size_t step,
    const char *again)
{
	static const char *const comms[] = { "public", NULL };
	const struct probe_ops *p = probe_find(name);
	struct probe_config cfg = { "ANY-SCP", "IOMTSCAN", comms, 16384 };
	struct probe_target t;
	size_t	 len = 0, outn = 0;
	int	 r, i;

	if (p == NULL || p->state_size > sizeof(fz_state))
		abort();
	memset(&t, 0, sizeof(t));
	t.ip = 0x7f000001;
	t.ip_str = "127.0.0.1";
	t.port = p->ports != NULL ? p->ports[0] : 22;
	t.proto = (p->flags & PROBE_F_UDP) ? "udp" : "tcp";
	t.cfg = &cfg;
	if (size > p->max_reply)
		size = p->max_reply;
	memset(fz_state, 0, sizeof(fz_state));
	kv_reset(&fz_obs);
	if (again != NULL && proto_again(p, fz_state, again) != 0)
		abort();
	r = p->start(fz_state, &t, fz_out, sizeof(fz_out), &outn);
	if (r < 0 || outn > sizeof(fz_out))
		abort();
	if (r == PROBE_FIN || r == PROBE_DONE)
		goto out;
	if (p->flags & PROBE_F_UDP) {
		fuzz_step(p, &t, data, size, 0);
		fuzz_check_obs(&fz_obs);
		return;
	}
	if (step == 0)
		step = size > 0 ? size : 1;
	while (len < size) {
		len = size - len < step ? size : len + step;
		r = fuzz_step(p, &t, data, len, 0);
		if (r == PROBE_DONE || r == PROBE_FIN || r < 0)
			goto out;
	}
	for (i = 0; i < 8; i++) {
		r = fuzz_step(p, &t, data, size, i % 2 ? PROBE_IN_TIMEOUT :
		    PROBE_IN_EOF);
		if (r == PROBE_DONE || r == PROBE_FIN || r == PROBE_MORE ||
		    r < 0)
			goto out;
	}
	abort();			/* keeps sending after the end */
out:
	if (p->fini != NULL)
		p->fini(fz_state);
	fuzz_check_obs(&fz_obs);
}

/* The three deliveries every probe fuzzer uses. */
static inline void
fuzz_probe_all(const char *name, const uint8_t *data, size_t size,
    const char *again)
{
	fuzz_probe(name, data, size, 0, again);
	fuzz_probe(name, data, size, size <= 512 ? 1 : size / 64 + 1, again);
	fuzz_probe(name, data, size, 7, again);
}

/* A NUL-terminated copy of at most cap - 1 bytes of data, in buf. */
static inline const char *
fuzz_cstr(char *buf, size_t cap, const uint8_t *data, size_t size)
{
	if (size >= cap)
		size = cap - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	return buf;
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* IOMT_FUZZ_PROBE_H */
