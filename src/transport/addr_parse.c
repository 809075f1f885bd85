/* Net-SNMP style transport address parsing: [transport:]host[:port], and
 * for listening addresses also [transport:]port. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <strings.h>
#include <sys/un.h>

#include "internal.h"

static int parse_port(const char *s, uint16_t *out)
{
  if (*s == '\0')
    return SNMPX_EADDR;
  unsigned long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return SNMPX_EADDR;
    v = v * 10 + (unsigned long)(*p - '0');
    if (v > 65535)
      return SNMPX_EADDR;
  }
  *out = (uint16_t)v;
  return 0;
}

static int resolve(snmpx_addr *out, const char *host, uint16_t port,
                   int family)
{
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = family;
  hints.ai_socktype = SOCK_DGRAM;
  /* Numeric addresses never touch the resolver. */
  struct in6_addr tmp;
  if (inet_pton(family, host, &tmp) == 1)
    hints.ai_flags = AI_NUMERICHOST;
  if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
    return SNMPX_EADDR;
  memset(out, 0, sizeof(*out));
  if (res->ai_addrlen > sizeof(out->u)) {
    freeaddrinfo(res);
    return SNMPX_EADDR;
  }
  memcpy(&out->u, res->ai_addr, res->ai_addrlen);
  out->len = (uint32_t)res->ai_addrlen;
  freeaddrinfo(res);
  if (family == AF_INET)
    out->u.in4.sin_port = htons(port);
  else
    out->u.in6.sin6_port = htons(port);
  return 0;
}

/* What an address's prefix asks for: a domain, and a family (0: IPv4
 * unless the address is an IPv6 literal). */
typedef struct spelling {
  int domain;
  int family;
} spelling;

/* Split off a known transport prefix ("udp:", "tcp6:", "unix:"...), as
 * Net-SNMP's transports register them (snmplib/transports/snmp*Domain.c),
 * and say what it asks for.  No prefix: UDP, or UNIX for an address that
 * starts with '/' (as Net-SNMP's netsnmp_tdomain_transport_tspec). */
static void take_transport(const char **spec, spelling *sp)
{
  static const struct {
    const char *name;
    spelling sp;
  } known[] = {
      {"udp", {SNMPX_DOMAIN_UDP, AF_INET}},
      {"udp6", {SNMPX_DOMAIN_UDP, AF_INET6}},
      {"udpv6", {SNMPX_DOMAIN_UDP, AF_INET6}},
      {"udpipv6", {SNMPX_DOMAIN_UDP, AF_INET6}},
      {"ipv6", {SNMPX_DOMAIN_UDP, AF_INET6}},
      {"tcp", {SNMPX_DOMAIN_TCP, AF_INET}},
      {"tcp6", {SNMPX_DOMAIN_TCP, AF_INET6}},
      {"tcpv6", {SNMPX_DOMAIN_TCP, AF_INET6}},
      {"tcpipv6", {SNMPX_DOMAIN_TCP, AF_INET6}},
      {"unix", {SNMPX_DOMAIN_UNIX, AF_UNIX}},
      {"tlstcp", {SNMPX_DOMAIN_TLS, 0}},
      {"tls", {SNMPX_DOMAIN_TLS, 0}},
      {"dtlsudp", {SNMPX_DOMAIN_DTLS, 0}},
      {"dtls", {SNMPX_DOMAIN_DTLS, 0}},
      {"dtlsudp6", {SNMPX_DOMAIN_DTLS, AF_INET6}},
      {"dtls6", {SNMPX_DOMAIN_DTLS, AF_INET6}},
  };
  sp->domain = SNMPX_DOMAIN_UDP;
  sp->family = 0;
  if (**spec == '/') {
    sp->domain = SNMPX_DOMAIN_UNIX;
    sp->family = AF_UNIX;
    return;
  }
  const char *colon = strchr(*spec, ':');
  if (colon == NULL)
    return;
  size_t n = (size_t)(colon - *spec);
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
    if (strlen(known[i].name) == n &&
        strncasecmp(*spec, known[i].name, n) == 0) {
      *sp = known[i].sp;
      *spec = colon + 1;
      return;
    }
  }
}

/* RFC 6353 10: TLS and DTLS have ports of their own, snmptls and
 * snmpdtls 10161, snmptlstrap and snmpdtlstrap 10162 (Net-SNMP's default
 * targets for "snmp" and "snmptrap" say the same). */
static uint16_t domain_port(int domain, uint16_t default_port)
{
  if (domain != SNMPX_DOMAIN_TLS && domain != SNMPX_DOMAIN_DTLS)
    return default_port;
  if (default_port == 161)
    return 10161;
  if (default_port == 162)
    return 10162;
  return default_port;
}

/* "unix:/path": the path, whole (no port). */
static int parse_unix(snmpx_addr *out, const char *path)
{
  size_t n = strlen(path);
  memset(out, 0, sizeof(*out));
  if (n == 0 || n >= sizeof(out->u.un.sun_path))
    return SNMPX_EADDR;
  out->domain = SNMPX_DOMAIN_UNIX;
  out->u.un.sun_family = AF_UNIX;
  memcpy(out->u.un.sun_path, path, n + 1);
  out->len = (uint32_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
  return 0;
}

/* "host[:port]", "[v6]:port" or a bare IPv6 literal of |sp|'s domain. */
static int parse_ip(snmpx_addr *out, const char *spec, spelling sp,
                    uint16_t default_port)
{
  int family = sp.family;
  char host[256];
  uint16_t port = domain_port(sp.domain, default_port);
  const char *port_s = NULL;
  size_t hlen;
  if (spec[0] == '[') {
    const char *end = strchr(spec, ']');
    if (end == NULL)
      return SNMPX_EADDR;
    hlen = (size_t)(end - spec - 1);
    spec++;
    if (end[1] == ':')
      port_s = end + 2;
    else if (end[1] != '\0')
      return SNMPX_EADDR;
    if (family == 0)
      family = AF_INET6;
  } else {
    const char *colon = strchr(spec, ':');
    if (colon != NULL && strchr(colon + 1, ':') != NULL) {
      /* Two or more colons and no brackets: a bare IPv6 address. */
      hlen = strlen(spec);
      if (family == 0)
        family = AF_INET6;
    } else {
      hlen = colon ? (size_t)(colon - spec) : strlen(spec);
      if (colon)
        port_s = colon + 1;
    }
  }
  if (hlen == 0 || hlen >= sizeof(host))
    return SNMPX_EADDR;
  memcpy(host, spec, hlen);
  host[hlen] = '\0';
  if (port_s != NULL && parse_port(port_s, &port) != 0)
    return SNMPX_EADDR;
  if (family == 0)
    family = AF_INET;
  int rv = resolve(out, host, port, family);
  if (rv == 0)
    out->domain = (uint16_t)sp.domain;
  return rv;
}

int snmpx_addr_parse(snmpx_addr *out, const char *spec,
                     uint16_t default_port)
{
  if (out == NULL || spec == NULL)
    return SNMPX_EINVAL;
  spelling sp;
  take_transport(&spec, &sp);
  if (sp.domain == SNMPX_DOMAIN_UNIX)
    return parse_unix(out, spec);
  return parse_ip(out, spec, sp, default_port);
}

/* Every address of |family| (0.0.0.0 or ::), port |port|. */
static void wildcard(snmpx_addr *out, int domain, int family, uint16_t port)
{
  memset(out, 0, sizeof(*out));
  out->domain = (uint16_t)domain;
  if (family == AF_INET6) {
    out->len = sizeof(out->u.in6);
    out->u.in6.sin6_family = AF_INET6;
    out->u.in6.sin6_addr = in6addr_any;
    out->u.in6.sin6_port = htons(port);
  } else {
    out->len = sizeof(out->u.in4);
    out->u.in4.sin_family = AF_INET;
    out->u.in4.sin_addr.s_addr = htonl(INADDR_ANY);
    out->u.in4.sin_port = htons(port);
  }
}

int snmpx_addr_parse_listen(snmpx_addr *out, const char *spec,
                            uint16_t default_port)
{
  if (out == NULL || spec == NULL)
    return SNMPX_EINVAL;
  const char *rest = spec;
  spelling sp;
  take_transport(&rest, &sp);
  if (sp.domain == SNMPX_DOMAIN_UNIX)
    return parse_unix(out, rest);
  /* Net-SNMP (netsnmp_sockaddr_in2/in6_2): an address that is all digits
   * is a port on the wildcard address, so snmpd.conf's "agentAddress
   * udp:161" listens on every IPv4 address.  Left to snmpx_addr_parse,
   * "161" would be the IPv4 address 0.0.0.161. */
  if (*rest != '\0' && strspn(rest, "0123456789") == strlen(rest)) {
    uint16_t port;
    if (parse_port(rest, &port) != 0)
      return SNMPX_EADDR;
    wildcard(out, sp.domain, sp.family == 0 ? AF_INET : sp.family, port);
    return 0;
  }
  return parse_ip(out, rest, sp, default_port);
}
