/*
 * compat-dnet.h - the one place that includes libdnet.
 *
 * Debian ships libdnet as "libdumbnet" (dumbnet.h, -ldumbnet) to avoid a
 * clash with DECnet; upstream and the BSDs install dnet.h.  configure
 * defines HAVE_DUMBNET_H or HAVE_DNET_H; nothing else includes either.
 */
#ifndef IOMT_COMPAT_DNET_H
#define IOMT_COMPAT_DNET_H

#include "config.h"

#if defined(HAVE_DUMBNET_H)
#include <dumbnet.h>
#elif defined(HAVE_DNET_H)
#include <dnet.h>
#else
#error "configure found neither dumbnet.h nor dnet.h"
#endif

#endif /* IOMT_COMPAT_DNET_H */
