/*
 * src/util/xmalloc.c - allocation that cannot fail (see util.h for why).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomt/util.h"

static void
xfatal(size_t nmemb, size_t size)
{
	fprintf(stderr, "iomtscan: error: out of memory (%zu x %zu bytes)\n",
	    nmemb, size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		xfatal(1, size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		xfatal(nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		xfatal(nmemb, size);
	p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1);
	if (p == NULL)
		xfatal(nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*p = xmalloc(n);

	memcpy(p, s, n);
	return p;
}
