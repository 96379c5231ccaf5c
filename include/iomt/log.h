/*
 * log.h - diagnostics to stderr.
 *
 * One place decides how messages look and which are shown, so that the
 * scanner's stdout stays clean for tables, JSON and CSV.  Messages carry
 * the function name at debug level only; warnings and errors are written
 * for a hospital engineer, not for the developer.
 */
#ifndef IOMT_LOG_H
#define IOMT_LOG_H

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN = 1,
	LOG_LVL_INFO = 2,
	LOG_LVL_DEBUG = 3
};

/*
 * Set the most verbose level that is printed (default LOG_LVL_WARN).
 * Not thread-safe; call from main() before the loop starts.
 */
void	log_set_level(enum log_level level);

/* Return the current level. */
enum log_level log_get_level(void);

/*
 * Print one message at level, prefixed with "iomtscan: " (and "warning: "
 * or "error: " as fits).  If err is non-zero its iomt_strerror() text is
 * appended.  Never allocates; long messages are cut at 1 KiB.
 */
void	log_msg(enum log_level level, const char *func, int err,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define log_err(...)	log_msg(LOG_LVL_ERROR, __func__, 0, __VA_ARGS__)
#define log_err_r(r, ...) log_msg(LOG_LVL_ERROR, __func__, (r), __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LVL_WARN, __func__, 0, __VA_ARGS__)
#define log_warn_r(r, ...) log_msg(LOG_LVL_WARN, __func__, (r), __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LVL_INFO, __func__, 0, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __func__, 0, __VA_ARGS__)

#endif /* IOMT_LOG_H */
