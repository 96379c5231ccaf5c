/*
 * privdrop.h - give up root once the raw handles are open.
 *
 * The scanner needs root (or CAP_NET_RAW) only to open the pcap and libdnet
 * handles.  It drops to an unprivileged user before it reads a single byte
 * a device sent, so a parser bug cannot become a root compromise.
 */
#ifndef IOMT_PRIVDROP_H
#define IOMT_PRIVDROP_H

/*
 * If running as root, switch to user (setgroups, setgid, setuid) and verify
 * that root cannot be regained.  user NULL means "nobody".  Return 0 (also
 * when not root: nothing to drop), IOMT_EINVAL for an unknown user, or
 * -errno.
 */
int	privdrop(const char *user);

/* Return 1 if the process may open raw sockets (root or CAP_NET_RAW). */
int	privdrop_have_raw(void);

#endif /* IOMT_PRIVDROP_H */
