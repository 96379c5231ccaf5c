/*
 * src/probe/http.c - the http-get probe: one GET of "/" with Connection: close.
 *
 * Embedded web servers in medical devices are fragile (an ESP8266 resets
 * on a plain nmap scan, cesanta/mongoose-os#281), so iomtscan asks exactly
 * one plain question: a well-formed HTTP/1.1 GET of "/" that tells the
 * server to close, and reads at most http_body_max bytes of the body.  No
 * crawling, no forms, no favicon, no second request on the connection.
 * From the reply it keeps what identifies the device: status, Server,
 * X-Powered-By, the WWW-Authenticate realm, Location, Content-Type, the
 * names (never values) of cookies, the <title> and whether the page holds
 * a password field (cleartext login finding).
 *
 * A probe cannot reconnect, so a same-host redirect (301/302/303/307/308
 * to a relative or same host:port URL) is reported as the observation
 * "probe.again" = path; the engine may then run the probe once more on a
 * new connection after http_set_path() (via proto_again()).  That second
 * run never asks again, so at most one redirect is followed; off-host
 * redirects are never followed.  The response is parsed from the raw
 * bytes whatever the framing: Content-Length, chunked or close-delimited
 * bodies only decide when enough has arrived.  HTTPS needs a TLS library
 * and is not handled here.
 *
 * Reference: RFC 9110 (semantics), RFC 9112 (HTTP/1.1 message syntax):
 *
 *	HTTP/1.1 200 OK\r\n		status-line
 *	Server: GoAhead-Webs\r\n	field-line ...
 *	\r\n				end of the header section
 *	<html>...			body (Content-Length, chunked or EOF)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "iomt/util.h"
#include "iomt/net.h"
#include "iomt/probe.h"

#define HTTP_BODY_DEF	16384
#define HTTP_HDR_MAX	8192	/* header bytes we wait for */
#define HTTP_MAX_REPLY	(HTTP_HDR_MAX + 16384)
#define HTTP_TITLE_MAX	256
#define HTTP_COOKIES_MAX 256
#define NPOS		((size_t)-1)

struct http_state {
	char		 path[HTTP_PATH_MAX];
	int		 followup;	/* this run follows a redirect */
};

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Case-insensitive search for needle in h[0..n); offset or NPOS. */
static size_t
ci_find(const uint8_t *h, size_t n, const char *needle)
{
	size_t	 i, j, m = strlen(needle);

	if (m == 0 || m > n)
		return NPOS;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (lc(h[i + j]) != lc((unsigned char)needle[j]))
				break;
		if (j == m)
			return i;
	}
	return NPOS;
}

static int
path_char_ok(int c)
{
	return c > 0x20 && c < 0x7f && c != '\\' && c != '"';
}

static int
path_ok(const char *path)
{
	size_t	 i, n;

	if (path == NULL || path[0] != '/')
		return 0;
	n = strlen(path);
	if (n >= HTTP_PATH_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!path_char_ok((unsigned char)path[i]))
			return 0;
	return 1;
}

ssize_t
http_build_get(uint8_t *buf, size_t buflen, const char *host, uint16_t port,
    const char *path)
{
	char	 hostport[80];
	int	 n;

	if (path == NULL)
		path = "/";
	if (!path_ok(path) || host == NULL || host[0] == '\0' ||
	    strlen(host) > 64 || strpbrk(host, " \r\n/") != NULL)
		return IOMT_EINVAL;
	if (port == 80 || port == 0)
		snprintf(hostport, sizeof(hostport), "%s", host);
	else
		snprintf(hostport, sizeof(hostport), "%s:%u", host, port);
	n = snprintf((char *)buf, buflen,
	    "GET %s HTTP/1.1\r\n"
	    "Host: %s\r\n"
	    "User-Agent: iomtscan/0.1 (+device-safe inventory)\r\n"
	    "Accept: */*\r\n"
	    "Connection: close\r\n"
	    "\r\n", path, hostport);
	if (n < 0 || (size_t)n >= buflen)
		return IOMT_ELIMIT;
	return n;
}

/* What the header section said; pointers into the reply. */
struct http_hdrs {
	int		 status;
	char		 version[4];
	const uint8_t	*server, *powered, *ctype, *location, *auth;
	size_t		 server_len, powered_len, ctype_len, location_len;
	size_t		 auth_len;
	char		 cookies[HTTP_COOKIES_MAX];
	int		 ncookies;
	int		 have_clen;
	unsigned long long clen;
	int		 chunked;
	int		 truncated;	/* header section cut short */
};

/* Trim spaces and tabs around p[0..*n). */
static const uint8_t *
trim(const uint8_t *p, size_t *n)
{
	while (*n > 0 && (p[0] == ' ' || p[0] == '\t')) {
		p++;
		(*n)--;
	}
	while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t' ||
	    p[*n - 1] == '\r'))
		(*n)--;
	return p;
}

static int
name_is(const uint8_t *name, size_t n, const char *want)
{
	size_t	 i;

	if (n != strlen(want))
		return 0;
	for (i = 0; i < n; i++)
		if (lc(name[i]) != lc((unsigned char)want[i]))
			return 0;
	return 1;
}

static void
add_cookie(struct http_hdrs *h, const uint8_t *v, size_t n)
{
	size_t	 i, used = strlen(h->cookies);

	for (i = 0; i < n && v[i] != '=' && v[i] != ';'; i++)
		;
	n = i;
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n == 0 || h->ncookies >= 16)
		return;
	if (used + n + 2 > sizeof(h->cookies))
		return;
	if (used > 0)
		h->cookies[used++] = ',';
	for (i = 0; i < n; i++)
		h->cookies[used++] = (v[i] > 0x20 && v[i] < 0x7f &&
		    v[i] != ',') ? (char)v[i] : '?';
	h->cookies[used] = '\0';
	h->ncookies++;
}

/*
 * Parse the status line at p[0..n) (no line end).  Return 0 or
 * IOMT_EPROTO.
 */
static int
http_status_line(const uint8_t *p, size_t n, struct http_hdrs *h)
{
	if (n < 12 || memcmp(p, "HTTP/", 5) != 0)
		return IOMT_EPROTO;
	if (p[5] < '0' || p[5] > '9' || p[6] != '.' || p[7] < '0' ||
	    p[7] > '9' || p[8] != ' ')
		return IOMT_EPROTO;
	if (p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' ||
	    p[11] < '0' || p[11] > '9')
		return IOMT_EPROTO;
	if (n > 12 && p[12] != ' ')
		return IOMT_EPROTO;
	h->version[0] = (char)p[5];
	h->version[1] = '.';
	h->version[2] = (char)p[7];
	h->version[3] = '\0';
	h->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	return 0;
}

static void
http_field(struct http_hdrs *h, const uint8_t *line, size_t n)
{
	const uint8_t	*colon, *v;
	size_t		 nl, vl;

	colon = memchr(line, ':', n);
	if (colon == NULL)
		return;			/* not a field line; ignore */
	nl = (size_t)(colon - line);
	v = colon + 1;
	vl = n - nl - 1;
	v = trim(v, &vl);
	if (name_is(line, nl, "server") && h->server == NULL) {
		h->server = v;
		h->server_len = vl;
	} else if (name_is(line, nl, "x-powered-by") && h->powered == NULL) {
		h->powered = v;
		h->powered_len = vl;
	} else if (name_is(line, nl, "content-type") && h->ctype == NULL) {
		h->ctype = v;
		h->ctype_len = vl;
	} else if (name_is(line, nl, "location") && h->location == NULL) {
		h->location = v;
		h->location_len = vl;
	} else if (name_is(line, nl, "www-authenticate") && h->auth == NULL) {
		h->auth = v;
		h->auth_len = vl;
	} else if (name_is(line, nl, "set-cookie")) {
		add_cookie(h, v, vl);
	} else if (name_is(line, nl, "content-length")) {
		unsigned long long x = 0;
		size_t	 i;

		for (i = 0; i < vl && v[i] >= '0' && v[i] <= '9'; i++)
			if (x < 1000000000000ULL)
				x = x * 10 + (v[i] - '0');
		if (i > 0 && i == vl) {
			h->have_clen = 1;
			h->clen = x;
		}
	} else if (name_is(line, nl, "transfer-encoding")) {
		if (ci_find(v, vl, "chunked") != NPOS)
			h->chunked = 1;
	}
}

/*
 * Parse the header section starting at p[0..n).  Set *body to the offset
 * of the body, or NPOS if the section has not ended.  Return 0 or
 * IOMT_EPROTO (status line bad).  With no line end yet, returns
 * IOMT_ETRUNC unless complete.
 */
static int
http_header_section(const uint8_t *p, size_t n, int complete,
    struct http_hdrs *h, size_t *body)
{
	size_t	 off = 0, eol, ll;
	const uint8_t *nl;
	int	 first = 1, e;

	*body = NPOS;
	for (;;) {
		nl = memchr(p + off, '\n', n - off);
		if (nl == NULL) {
			if (!complete && n < HTTP_HDR_MAX)
				return IOMT_ETRUNC;
			h->truncated = 1;
			eol = n;
		} else
			eol = (size_t)(nl - p);
		ll = eol - off;
		if (ll > 0 && p[off + ll - 1] == '\r')
			ll--;
		if (first) {
			if ((e = http_status_line(p + off, ll, h)) != 0)
				return e;
			first = 0;
		} else if (ll == 0) {
			*body = eol + 1;
			return 0;
		} else if (p[off] != ' ' && p[off] != '\t')
			http_field(h, p + off, ll);
		if (nl == NULL)
			return 0;
		off = eol + 1;
		if (off >= n) {
			if (!complete && n < HTTP_HDR_MAX)
				return IOMT_ETRUNC;
			h->truncated = 1;
			return 0;
		}
	}
}

/*
 * Copy the <title> text, whitespace collapsed, into dst (raw bytes, not a
 * C string: device bytes may hold NULs).  Return its length, 0 if none.
 */
static size_t
http_title(const uint8_t *b, size_t n, uint8_t *dst, size_t dsize)
{
	size_t	 s, gt, e, i, o = 0;
	int	 sp = 0;

	s = ci_find(b, n, "<title");
	if (s == NPOS)
		return 0;
	s += 6;
	if (s < n && b[s] != '>' && b[s] != ' ' && b[s] != '\t' &&
	    b[s] != '\r' && b[s] != '\n')
		return 0;		/* <titlefoo>: not a title */
	gt = s;
	while (gt < n && b[gt] != '>')
		gt++;
	if (gt >= n)
		return 0;
	s = gt + 1;
	e = ci_find(b + s, n - s, "</title");
	e = e == NPOS ? n : s + e;
	if (e - s > HTTP_TITLE_MAX)
		e = s + HTTP_TITLE_MAX;
	for (i = s; i < e && o + 1 < dsize; i++) {
		uint8_t	 c = b[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			sp = o > 0;
			continue;
		}
		if (sp && o + 2 < dsize)
			dst[o++] = ' ';
		sp = 0;
		dst[o++] = c;
	}
	return o;
}


/*
 * Undo chunked transfer coding (RFC 9112 section 7.1) of b[0..n) into
 * dst; stop at the last chunk, a malformed size line, the end of the
 * input or a full dst.  Return the bytes written.
 */
static size_t
http_dechunk(const uint8_t *b, size_t n, uint8_t *dst, size_t dsize)
{
	size_t	 i = 0, o = 0, sz, take, digits;

	while (i < n && o < dsize) {
		for (sz = 0, digits = 0; i < n && hex_value(b[i]) >= 0; i++) {
			if (++digits > 8)
				return o;
			sz = sz * 16 + (size_t)hex_value(b[i]);
		}
		if (digits == 0)
			return o;
		while (i < n && b[i] != '\n')	/* chunk extensions */
			i++;
		if (i >= n || sz == 0)
			return o;
		i++;
		take = sz;
		if (take > n - i)
			take = n - i;
		if (take > dsize - o)
			take = dsize - o;
		memcpy(dst + o, b + i, take);
		o += take;
		i += take;
		if (take < sz)
			return o;
		if (i < n && b[i] == '\r')
			i++;
		if (i < n && b[i] == '\n')
			i++;
	}
	return o;
}

static int
http_has_password(const uint8_t *b, size_t n)
{
	return ci_find(b, n, "type=\"password\"") != NPOS ||
	    ci_find(b, n, "type='password'") != NPOS ||
	    ci_find(b, n, "type=password") != NPOS;
}

/* Extract scheme and realm from a WWW-Authenticate value. */
static void
http_auth(struct kvset *obs, const uint8_t *v, size_t n)
{
	size_t	 i, r, e;

	for (i = 0; i < n && v[i] != ' ' && v[i] != ','; i++)
		;
	if (i > 0)
		kv_add_bytes(obs, "http.auth_scheme", v, i, 32);
	r = ci_find(v, n, "realm=");
	if (r == NPOS)
		return;
	r += 6;
	if (r < n && v[r] == '"') {
		r++;
		for (e = r; e < n && v[e] != '"'; e++)
			if (v[e] == '\\' && e + 1 < n)
				e++;
	} else
		for (e = r; e < n && v[e] != ',' && v[e] != ' '; e++)
			;
	kv_add_bytes(obs, "http.realm", v + r, e - r, 128);
}

int
http_parse_response(const uint8_t *buf, size_t len, int complete,
    size_t body_max, struct kvset *obs)
{
	struct http_hdrs h;
	const uint8_t	*p = buf, *body;
	size_t		 n = len, boff, blen, need;
	uint8_t		 title[HTTP_TITLE_MAX + 1];
	uint8_t		 plain[HTTP_MAX_REPLY];	/* de-chunked body */
	size_t		 tlen;
	const char	*fam;
	int		 e, loops;

	if (len == 0)
		return IOMT_ETRUNC;
	for (loops = 0; ; loops++) {
		if (memcmp(p, "HTTP/", n < 5 ? n : 5) != 0)
			return IOMT_EPROTO;
		if (n < 5)
			return IOMT_ETRUNC;
		memset(&h, 0, sizeof(h));
		e = http_header_section(p, n, complete, &h, &boff);
		if (e != 0)
			return e;
		/* Skip interim 1xx responses (not 101), at most a few. */
		if (h.status >= 100 && h.status < 200 && h.status != 101 &&
		    boff != NPOS && boff < n && loops < 4) {
			p += boff;
			n -= boff;
			continue;
		}
		break;
	}
	if (h.status >= 100 && h.status < 200 && boff != NPOS && boff >= n &&
	    !complete)
		return IOMT_ETRUNC;	/* the final response is still due */
	body = boff != NPOS && boff < n ? p + boff : NULL;
	blen = body != NULL ? n - boff : 0;
	if (blen > body_max)
		blen = body_max;
	if (!complete && boff != NPOS && h.status != 204 && h.status != 304 &&
	    blen < body_max) {
		if (h.have_clen) {
			need = h.clen < body_max ? (size_t)h.clen : body_max;
			if (blen < need)
				return IOMT_ETRUNC;
		} else if (h.chunked) {
			/* Done when what arrived ends with the last chunk
			 * (no trailers; else EOF ends it).  Looking only at
			 * the tail keeps a slow drip linear. */
			if (!(blen == 5 && memcmp(body, "0\r\n\r\n", 5) == 0) &&
			    !(blen >= 7 && memcmp(body + blen - 7,
			    "\r\n0\r\n\r\n", 7) == 0))
				return IOMT_ETRUNC;
		} else
			return IOMT_ETRUNC;	/* delimited by close */
	}

	kv_add(obs, "service", "http");
	kv_addf(obs, "http.status", "%d", h.status);
	kv_add(obs, "http.version", h.version);
	if (h.server != NULL) {
		kv_add_bytes(obs, "http.server", h.server, h.server_len, 256);
		fam = stack_family(kv_get(obs, "http.server"));
		if (fam != NULL)
			kv_add(obs, "http.stack", fam);
	}
	if (h.powered != NULL)
		kv_add_bytes(obs, "http.powered_by", h.powered,
		    h.powered_len, 128);
	if (h.ctype != NULL)
		kv_add_bytes(obs, "http.content_type", h.ctype, h.ctype_len,
		    128);
	if (h.location != NULL)
		kv_add_bytes(obs, "http.location", h.location,
		    h.location_len, 512);
	if (h.auth != NULL)
		http_auth(obs, h.auth, h.auth_len);
	if (h.ncookies > 0)
		kv_add(obs, "http.cookies", h.cookies);
	if (h.truncated)
		kv_add(obs, "http.headers_truncated", "yes");
	if (body != NULL && blen > 0 && h.chunked) {
		blen = http_dechunk(body, n - boff, plain,
		    blen < sizeof(plain) ? blen : sizeof(plain));
		body = plain;
	}
	if (body != NULL && blen > 0) {
		tlen = http_title(body, blen, title, sizeof(title));
		if (tlen > 0)
			kv_add_bytes(obs, "http.title", title, tlen,
			    HTTP_TITLE_MAX);
		if (http_has_password(body, blen))
			kv_add(obs, "http.login_form", "yes");
	}
	return 0;
}

int
http_redirect_path(const char *location, const char *host, uint16_t port,
    char *path, size_t pathlen)
{
	const char	*p = location, *auth, *end, *colon;
	size_t		 hl, n, i;
	long long	 lport = 80;
	char		 tmp[8];

	if (location == NULL || host == NULL || pathlen == 0)
		return IOMT_EINVAL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "http://", 7) == 0 || strncmp(p, "//", 2) == 0) {
		auth = p + (p[0] == '/' ? 2 : 7);
		end = auth + strcspn(auth, "/?#");
		if (memchr(auth, '@', (size_t)(end - auth)) != NULL)
			return IOMT_EDENIED;
		colon = memchr(auth, ':', (size_t)(end - auth));
		hl = (size_t)((colon != NULL ? colon : end) - auth);
		if (hl != strlen(host) || strncasecmp(auth, host, hl) != 0)
			return IOMT_EDENIED;
		if (colon != NULL && colon + 1 < end) {
			n = (size_t)(end - colon - 1);
			if (n >= sizeof(tmp))
				return IOMT_EDENIED;
			memcpy(tmp, colon + 1, n);
			tmp[n] = '\0';
			if (parse_ll(tmp, 1, 65535, &lport) != 0)
				return IOMT_EDENIED;
		}
		if ((uint16_t)lport != (port == 0 ? 80 : port))
			return IOMT_EDENIED;
		p = end;
	} else {
		/* A scheme ("https:", "ftp:") before any '/' leaves. */
		n = strcspn(p, ":/?#");
		if (p[n] == ':')
			return IOMT_EDENIED;
	}
	n = strcspn(p, "#");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == 0 || p[0] == '?') {
		if (n + 2 > pathlen || n + 2 > HTTP_PATH_MAX)
			return IOMT_EINVAL;
		path[0] = '/';
		memcpy(path + 1, p, n);
		path[n + 1] = '\0';
	} else if (p[0] == '/') {
		if (n + 1 > pathlen || n + 1 > HTTP_PATH_MAX)
			return IOMT_EINVAL;
		memcpy(path, p, n);
		path[n] = '\0';
	} else {
		/* Relative to "/", the only base this probe fetches from. */
		if (n + 2 > pathlen || n + 2 > HTTP_PATH_MAX)
			return IOMT_EINVAL;
		path[0] = '/';
		memcpy(path + 1, p, n);
		path[n + 1] = '\0';
	}
	for (i = 0; path[i] != '\0'; i++)
		if (!path_char_ok((unsigned char)path[i]))
			return IOMT_EINVAL;
	return 0;
}

void
http_set_path(void *state, const char *path)
{
	struct http_state *st = state;

	st->followup = 1;
	if (path_ok(path))
		strlcpy(st->path, path, sizeof(st->path));
}

/* ---- the probe ---------------------------------------------------- */

/*
 * The second run after a same-host redirect: arg is the path the first
 * run reported.  Re-check it, since it came from a device.
 */
static int
http_again(void *state, const char *arg)
{
	char	 path[HTTP_PATH_MAX];

	if (arg[0] != '/' ||
	    http_redirect_path(arg, "-", 80, path, sizeof(path)) != 0)
		return IOMT_EINVAL;
	http_set_path(state, path);
	return 0;
}

/* The status code recorded in obs, or 0. */
static int
http_obs_status(const struct kvset *obs)
{
	const char	*v = kv_get(obs, "http.status");
	long long	 x;

	if (v == NULL || parse_ll(v, 100, 599, &x) != 0)
		return 0;
	return (int)x;
}

/*
 * Whether a 400 response is a TLS server's answer to plain HTTP: the
 * texts of Go's net/http, nginx and Apache httpd.  Then the port speaks
 * TLS and deserves the tls-handshake probe (probe.next).
 */
static int
http_says_tls(const uint8_t *buf, size_t len)
{
	static const char *const says[] = {
		"Client sent an HTTP request to an HTTPS server",
		"The plain HTTP request was sent to HTTPS port",
		"speaking plain HTTP to an SSL-enabled server port",
		NULL
	};
	size_t	 i;

	for (i = 0; says[i] != NULL; i++)
		if (memmem(buf, len, says[i], strlen(says[i])) != NULL)
			return 1;
	return 0;
}

static int
http_start(void *state, const struct probe_target *t, uint8_t *out,
    size_t outlen, size_t *outn)
{
	struct http_state *st = state;
	char		 ip[16];
	const char	*host;
	ssize_t		 n;

	*outn = 0;
	if (st->path[0] == '\0')
		strlcpy(st->path, "/", sizeof(st->path));
	host = t->ip_str;
	if (host == NULL) {
		host = target_ntoa(t->ip, ip, sizeof(ip));
	}
	n = http_build_get(out, outlen, host, t->port, st->path);
	if (n < 0)
		return (int)n;
	*outn = (size_t)n;
	return PROBE_SEND;
}

static int
http_input(void *state, const struct probe_target *t, const uint8_t *buf,
    size_t len, unsigned flags, struct kvset *obs, uint8_t *out, size_t outlen,
    size_t *outn)
{
	struct http_state *st = state;
	char		 path[HTTP_PATH_MAX], ip[16];
	const char	*loc, *host;
	size_t		 body_max = HTTP_BODY_DEF;
	int		 complete, e;

	*outn = 0;
	complete = (flags & (PROBE_IN_EOF | PROBE_IN_TIMEOUT)) != 0 ||
	    len >= HTTP_MAX_REPLY;
	if (t->cfg != NULL && t->cfg->http_body_max > 0)
		body_max = t->cfg->http_body_max;
	if (len == 0)
		return complete ? PROBE_DONE : PROBE_MORE;
	e = http_parse_response(buf, len, complete, body_max, obs);
	if (e == IOMT_ETRUNC && !complete)
		return PROBE_MORE;
	if (e == IOMT_EPROTO && tls_record_sniff(buf, len))
		kv_add(obs, "probe.next", "tls-handshake");
	if (e != 0)
		return e;
	if (http_obs_status(obs) == 400 && http_says_tls(buf, len))
		kv_add(obs, "probe.next", "tls-handshake");
	kv_add_bytes(obs, "http.path", (const uint8_t *)st->path,
	    strlen(st->path), HTTP_PATH_MAX);
	loc = kv_get(obs, "http.location");
	e = http_obs_status(obs);
	if (loc != NULL && (e == 301 || e == 302 || e == 303 || e == 307 ||
	    e == 308)) {
		host = t->ip_str;
		if (host == NULL) {
			host = target_ntoa(t->ip, ip, sizeof(ip));
		}
		if (http_redirect_path(loc, host, t->port, path,
		    sizeof(path)) != 0)
			kv_add(obs, "http.redirect_offhost", "yes");
		else {
			kv_add(obs, "http.redirect", path);
			if (!st->followup && strcmp(path, st->path) != 0)
				kv_add(obs, "probe.again", path);
		}
	}
	return PROBE_DONE;
}

/* ---- selftest ----------------------------------------------------- */

static int
http_selftest(void)
{
	static const char ok[] =
	    "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\n"
	    "Content-Length: 44\r\n\r\n"
	    "<html><title> Pump\r\n Web </title></html>\r\n\r\n";
	static const char moved[] =
	    "HTTP/1.0 302 Found\r\nLocation: http://10.0.0.1/login.htm\r\n"
	    "\r\n";
	struct http_state st;
	struct probe_config cfg = { .http_body_max = 16384 };
	struct probe_target t = { .ip = 0x0a000001, .ip_str = "10.0.0.1",
	    .port = 80, .proto = "tcp", .cfg = &cfg };
	struct kvset	 o;
	uint8_t		 out[512];
	size_t		 n;
	const char	*v;

	memset(&st, 0, sizeof(st));
	if (http_start(&st, &t, out, sizeof(out), &n) != PROBE_SEND ||
	    n < 16 || memcmp(out, "GET / HTTP/1.1\r\nHost: 10.0.0.1\r\n",
	    32) != 0)
		return -1;
	kv_reset(&o);
	if (http_input(&st, &t, (const uint8_t *)ok, 40, 0, &o, out,
	    sizeof(out), &n) != PROBE_MORE)
		return -1;
	if (http_input(&st, &t, (const uint8_t *)ok, sizeof(ok) - 1, 0, &o,
	    out, sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "http.title");
	if (v == NULL || strcmp(v, "Pump Web") != 0)
		return -1;
	v = kv_get(&o, "http.stack");
	if (v == NULL || strcmp(v, "goahead") != 0)
		return -1;
	memset(&st, 0, sizeof(st));
	kv_reset(&o);
	http_start(&st, &t, out, sizeof(out), &n);
	if (http_input(&st, &t, (const uint8_t *)moved, sizeof(moved) - 1,
	    PROBE_IN_EOF, &o, out, sizeof(out), &n) != PROBE_DONE)
		return -1;
	v = kv_get(&o, "probe.again");
	if (v == NULL || strcmp(v, "/login.htm") != 0)
		return -1;
	if (http_input(&st, &t, (const uint8_t *)"SSH-2.0-x\r\n", 11, 0,
	    &o, out, sizeof(out), &n) != IOMT_EPROTO)
		return -1;
	return 0;
}

const struct probe_ops probe_http_get = {
	.name = "http-get",
	.service = NULL,	/* "service" is added once HTTP is proven */
	.summary = "one HTTP/1.1 GET / with Connection: close; status, "
	    "Server, realm, title",
	.flags = PROBE_F_TCP | PROBE_F_PAYLOAD,
	.level = LEVEL_STANDARD,
	.ports = (const uint16_t[]){ 80, 8080, 8042, 8000, 8008, 8081, 8888,
	    631, 0 },
	.max_reply = HTTP_MAX_REPLY,
	.state_size = sizeof(struct http_state),
	.timeout_ms = 5000,
	.start = http_start,
	.input = http_input,
	.again = http_again,
	.next = "tls-handshake",
	.selftest = http_selftest,
};
