/*
 * src/util/error.c - text for the error codes of util.h.
 *
 * Kept in one table so every message the user sees for a domain error
 * reads the same way wherever it was raised.
 */
#include "config.h"

#include <string.h>

#include "iomt/util.h"

const char *
iomt_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case IOMT_ETRUNC:
		return "input truncated";
	case IOMT_EPROTO:
		return "malformed protocol data";
	case IOMT_ELIMIT:
		return "limit exceeded";
	case IOMT_EINVAL:
		return "invalid argument";
	case IOMT_EDB:
		return "database error";
	case IOMT_EDENIED:
		return "refused by safety policy";
	case IOMT_ENOTFOUND:
		return "not found";
	case IOMT_ESCRIPT:
		return "script error";
	case IOMT_EPRIV:
		return "insufficient privileges";
	case IOMT_EDAMAGED:
		return "database is damaged";
	default:
		break;
	}
	if (err < 0 && err > IOMT_EBASE)
		return strerror(-err);
	return "unknown error";
}
