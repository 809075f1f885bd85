/* Net-SNMP style transport address parsing: [transport:]host[:port], and
 * for listening addresses also [transport:]port. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

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

/* Split off a known transport prefix ("udp:", "udp6:"...) and say which
 * family it asks for; 0 when there is no prefix. */
static int take_transport(const char **spec, int *family)
{
  static const struct {
    const char *name;
    int family;
  } known[] = {{"udp", AF_INET},     {"udp6", AF_INET6},
               {"udpv6", AF_INET6},  {"udpipv6", AF_INET6},
               {"tcp", -1},          {"tcp6", -1},
               {"tcpv6", -1},        {"tcpipv6", -1},
               {"unix", -1}};
  const char *colon = strchr(*spec, ':');
  if (colon == NULL)
    return 0;
  size_t n = (size_t)(colon - *spec);
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
    if (strlen(known[i].name) == n &&
        strncasecmp(*spec, known[i].name, n) == 0) {
      if (known[i].family < 0)
        return SNMPX_EADDR; /* TCP and UNIX come with the TCP transport */
      *family = known[i].family;
      *spec = colon + 1;
      return 0;
    }
  }
  return 0;
}

int snmpx_addr_parse(snmpx_addr *out, const char *spec,
                     uint16_t default_port)
{
  if (out == NULL || spec == NULL)
    return SNMPX_EINVAL;
  int family = 0;
  int rv = take_transport(&spec, &family);
  if (rv != 0)
    return rv;
  char host[256];
  uint16_t port = default_port;
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
  return resolve(out, host, port, family);
}

/* Every address of |family| (0.0.0.0 or ::), port |port|. */
static void wildcard(snmpx_addr *out, int family, uint16_t port)
{
  memset(out, 0, sizeof(*out));
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
  int family = 0;
  int rv = take_transport(&rest, &family);
  if (rv != 0)
    return rv;
  /* Net-SNMP (netsnmp_sockaddr_in2/in6_2): an address that is all digits
   * is a port on the wildcard address, so snmpd.conf's "agentAddress
   * udp:161" listens on every IPv4 address.  Left to snmpx_addr_parse,
   * "161" would be the IPv4 address 0.0.0.161. */
  if (*rest != '\0' && strspn(rest, "0123456789") == strlen(rest)) {
    uint16_t port;
    if (parse_port(rest, &port) != 0)
      return SNMPX_EADDR;
    wildcard(out, family == 0 ? AF_INET : family, port);
    return 0;
  }
  return snmpx_addr_parse(out, spec, default_port);
}
