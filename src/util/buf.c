/*
 * buf.c - the one growable byte buffer, and whole-file reads.
 *
 * Exports, terminal tables, SQL text, JSON documents and fixture files are
 * all built or read into memory of unknown size; before this file four of
 * them had their own "string builder".  struct buf is that builder: always
 * NUL-terminated, grown by doubling from xmalloc (running out of memory is
 * fatal, as everywhere in iomtscan), with a hard ceiling so that a hostile
 * input cannot make it wrap.  file_read() is the one bounded whole-file
 * reader: it refuses non-regular files and files over the caller's limit
 * before reading them.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iomt/util.h"

void
buf_reserve(struct buf *b, size_t more)
{
	size_t	 need, cap;

	if (more > SIZE_MAX / 4 - b->len)
		abort();	/* a size no input can legitimately ask for */
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->p = xreallocarray(b->p, cap, 1);
	b->cap = cap;
}

void
buf_addn(struct buf *b, const void *s, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		buf_reserve(b, 0);
		return;
	}
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->p[len] = '\0';
}

const char *
buf_str(struct buf *b)
{
	buf_reserve(b, 0);
	b->p[b->len] = '\0';	/* a fresh buffer has no NUL yet */
	return b->p;
}

char *
buf_steal(struct buf *b)
{
	char	*p;

	buf_reserve(b, 0);
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int
file_read(const char *path, size_t max, char **out, size_t *outlen)
{
	struct stat	 st;
	struct buf	 b = { NULL, 0, 0 };
	ssize_t		 n;
	int		 fd, r = 0;

	*out = NULL;
	if (outlen != NULL)
		*outlen = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		r = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		r = IOMT_ELIMIT;
		goto out;
	}
	buf_reserve(&b, S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096);
	for (;;) {
		buf_reserve(&b, 4096);
		n = read(fd, b.p + b.len, b.cap - 1 - b.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			goto out;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			r = IOMT_ELIMIT;	/* grew, or a pipe */
			goto out;
		}
	}
	b.p[b.len] = '\0';
	if (outlen != NULL)
		*outlen = b.len;
	*out = buf_steal(&b);
out:
	close(fd);
	buf_free(&b);
	return r;
}
