/*
 * src/probe/stack.c - name the embedded TCP/IP stack or web server a banner
 * reveals.
 *
 * Whole vulnerability families live in a handful of embedded stacks:
 * VxWorks/IPnet (URGENT/11), Treck (Ripple20), Nucleus (NAME:WRECK,
 * NUCLEUS:13), and the embedded web servers shipped with them (RomPager,
 * GoAhead, WindWeb).  Their FTP, Telnet and HTTP banners name them (the
 * match lines of nmap's nmap-service-probes; the advisories are cited by
 * the vxworks-ipnet-stack, treck-stack and nucleus-stack profiles of
 * data/profiles.conf, e.g. ICSA-20-168-01 for Ripple20), so a banner
 * already read costs nothing more to classify.  The finding rules and
 * the fragile-profile policy use the family name; this file only matches
 * text.  Matching is case-insensitive on whole words, so "Nucleus" inside
 * an unrelated word does not count.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "iomt/probe.h"

struct stack_sig {
	const char	*word;		/* lower case */
	const char	*family;
};

/* Most specific first: "WindWeb" before the VxWorks words. */
static const struct stack_sig stack_sigs[] = {
	{ "windweb", "windweb" },
	{ "vxworks", "vxworks" },
	{ "tornado-vxworks", "vxworks" },
	{ "wind river ftp", "vxworks" },
	{ "treck", "treck" },
	{ "nucleus ftp", "nucleus" },
	{ "nucleus webserv", "nucleus" },
	{ "nucleus/", "nucleus" },
	{ "rompager", "rompager" },
	{ "allegro-software-rompager", "rompager" },
	{ "goahead-webs", "goahead" },
	{ "goahead-http", "goahead" },
	{ "goahead", "goahead" },
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Does word occur in text with no letter or digit glued to either end? */
static int
has_word(const char *text, const char *word)
{
	size_t	 n = strlen(text), m = strlen(word), i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (lower((unsigned char)text[i + j]) != word[j])
				break;
		if (j < m)
			continue;
		if (i > 0 && is_alnum((unsigned char)text[i - 1]))
			continue;
		/* A word ending in '/' may be followed by a version. */
		if (word[m - 1] != '/' && i + m < n &&
		    is_alnum((unsigned char)text[i + m]))
			continue;
		return 1;
	}
	return 0;
}

const char *
stack_family(const char *text)
{
	size_t	 i;

	if (text == NULL)
		return NULL;
	for (i = 0; i < sizeof(stack_sigs) / sizeof(stack_sigs[0]); i++)
		if (has_word(text, stack_sigs[i].word))
			return stack_sigs[i].family;
	return NULL;
}
