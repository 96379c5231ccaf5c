/*
 * src/util/log.c - diagnostics to stderr.
 *
 * stdout belongs to the command's output (tables, JSON, CSV); everything
 * else goes to stderr through here, one line per message.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "iomt/util.h"

static enum log_level log_level = LOG_LVL_WARN;

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

void
log_msg(enum log_level level, const char *func, int err, const char *fmt,
    ...)
{
	char	 msg[1024];
	va_list	 ap;
	const char *pfx = "";

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level == LOG_LVL_ERROR)
		pfx = "error: ";
	else if (level == LOG_LVL_WARN)
		pfx = "warning: ";
	if (level == LOG_LVL_DEBUG)
		fprintf(stderr, "iomtscan: debug: %s: %s", func, msg);
	else
		fprintf(stderr, "iomtscan: %s%s", pfx, msg);
	if (err != 0)
		fprintf(stderr, ": %s", iomt_strerror(err));
	fputc('\n', stderr);
}
