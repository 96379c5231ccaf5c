/*
 * xmalloc.h - allocation that cannot fail.
 *
 * The scanner's own bookkeeping (host tables, queues) treats running out
 * of memory as fatal, as OpenSSH and ZMap do: there is no sensible way to
 * go on scanning a hospital with half a host table.  Parsers of network
 * data never use these; they work in caller-supplied, bounded buffers.
 */
#ifndef IOMT_XMALLOC_H
#define IOMT_XMALLOC_H

#include <stddef.h>

/*
 * Allocate size bytes (xmalloc), nmemb * size zeroed bytes (xcalloc) or
 * resize ptr to nmemb * size bytes (xreallocarray).  Multiplications are
 * overflow-checked.  On failure print the request and abort().  A size of
 * zero is treated as one.  The caller owns the result and frees it with
 * free().
 */
void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);

/* Duplicate the NUL-terminated string s; abort on failure. */
char	*xstrdup(const char *s);

#endif /* IOMT_XMALLOC_H */
