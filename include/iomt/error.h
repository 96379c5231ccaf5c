/*
 * error.h - error codes shared by every iomtscan subsystem.
 *
 * Functions return 0 on success and a negative code on failure, in the
 * manner of libuv and OpenSSH: -errno for system errors, and the IOMT_E*
 * values below (a reserved range far from errno) for domain errors.  One
 * function, iomt_strerror(), turns either kind into text, so callers never
 * need to know which kind they hold.
 */
#ifndef IOMT_ERROR_H
#define IOMT_ERROR_H

#define IOMT_EBASE	(-10000)
#define IOMT_ETRUNC	(IOMT_EBASE - 1)	/* input ended early */
#define IOMT_EPROTO	(IOMT_EBASE - 2)	/* malformed protocol data */
#define IOMT_ELIMIT	(IOMT_EBASE - 3)	/* a safety or size limit hit */
#define IOMT_EINVAL	(IOMT_EBASE - 4)	/* bad argument or option */
#define IOMT_EDB	(IOMT_EBASE - 5)	/* database error */
#define IOMT_EDENIED	(IOMT_EBASE - 6)	/* refused by safety policy */
#define IOMT_ENOTFOUND	(IOMT_EBASE - 7)	/* no such object */
#define IOMT_ESCRIPT	(IOMT_EBASE - 8)	/* Lua script failed */
#define IOMT_EPRIV	(IOMT_EBASE - 9)	/* lacking privileges */
#define IOMT_ELAST	(IOMT_EBASE - 10)

/*
 * Return a static, human-readable description of err, which is either a
 * negative errno value or an IOMT_E* code.  Never returns NULL; unknown
 * codes yield "unknown error".  Thread-safe.
 */
const char	*iomt_strerror(int err);

#endif /* IOMT_ERROR_H */
