/*
 * src/safety/conf.c - reading the line-based configuration files: the
 * fragile-device profiles (docs/PROFILES.md) and the site policy
 * (docs/POLICY.md).
 *
 * Both formats are reviewed by people and parsed strictly, so both must
 * split, check, cut and report a line the same way: one bounded file
 * read, one rule for line endings and control characters, one length cap,
 * one comment rule and one "file:line: reason" message.  The parsers only
 * see clean, NUL-terminated lines and decide what the words mean.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "iomt/util.h"
#include "iomt/safety.h"

int
conf_err(struct conf_ctx *c, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;

	if (c->errlen == 0)
		return IOMT_EINVAL;
	snprintf(c->err, c->errlen, "%s:%zu: ", c->name, c->line);
	n = strlen(c->err);
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return IOMT_EINVAL;
}

int
conf_file_read(const char *path, size_t max, char **bufp, size_t *lenp,
    char *err, size_t errlen)
{
	int	 r;

	*bufp = NULL;
	*lenp = 0;
	r = file_read(path, max, bufp, lenp);
	if (r == IOMT_ELIMIT)
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
	else if (r != 0)
		snprintf(err, errlen, "%s: %s", path, iomt_strerror(r));
	return r;
}

int
conf_lines(struct conf_ctx *c, const char *buf, size_t len, size_t line_max,
    int (*fn)(void *arg, char *line), void *arg)
{
	char	 line[CONF_LINE_MAX + 1];
	size_t	 off = 0;
	int	 r = 0;

	if (line_max > CONF_LINE_MAX)
		line_max = CONF_LINE_MAX;
	c->line = 0;
	while (off < len) {
		size_t	 n = 0;

		c->line++;
		while (off < len && buf[off] != '\n') {
			unsigned char ch = (unsigned char)buf[off++];

			if (ch == '\r' && (off == len || buf[off] == '\n'))
				continue;
			if (ch == '\0') {
				r = conf_err(c, "NUL byte (a binary or UTF-16 "
				    "file? save it as UTF-8 text)");
				goto out;
			}
			if ((ch < 0x20 && ch != '\t') ||
			    ch == 0x7f) {
				r = conf_err(c, "control character 0x%02x", ch);
				goto out;
			}
			if (n >= line_max) {
				r = conf_err(c, "line longer than %zu bytes",
				    line_max);
				goto out;
			}
			line[n++] = (char)ch;
		}
		line[n] = '\0';
		if (off < len)
			off++;		/* the '\n' */
		if ((r = fn(arg, line)) != 0)
			goto out;
	}
	r = 0;
 out:
	return r;
}

void
conf_cut_comment(char *s, int quotes)
{
	char	*p;
	int	 q = 0;
	size_t	 n;

	for (p = s; *p != '\0'; p++) {
		if (quotes && *p == '"')
			q = !q;
		else if (!q && *p == '#' && (p == s || p[-1] == ' ' ||
		    p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

char *
conf_word(char **sp)
{
	char	*s = *sp, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*sp = s;
		return NULL;
	}
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*sp = s;
	return w;
}
