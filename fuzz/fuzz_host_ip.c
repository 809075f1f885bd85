/* libFuzzer target: the IP module's readers (src/host/host_ip_parse.c)
 * over one input taken as each of their sources: /proc/net/snmp and
 * netstat (pair lines), snmp6, route, ipv6_route, arp, if_inet6 lines,
 * and a netlink dump of addresses, neighbours and routes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "host/host_ip_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_item(void *ud, const void *item)
{
  (void)item;
  (*(size_t *)ud)++;
}

static void lines(const char *t, size_t n)
{
  size_t pos = 0, len;
  const char *line;
  while (snmpx__ip_line(t, n, &pos, &line, &len)) {
    if (line < t || line + len > t + n)
      abort();
    snmpx__ip_route4 r4;
    snmpx__ip_route6 r6;
    snmpx__ip_arp a;
    snmpx__ip_inet6 i6;
    (void)snmpx__ip_parse_route4(line, len, &r4);
    if (snmpx__ip_parse_route6(line, len, &r6) && r6.pfxlen > 128)
      abort();
    if (snmpx__ip_parse_arp(line, len, &a) && a.hw_len > sizeof(a.hw))
      abort();
    (void)snmpx__ip_parse_inet6(line, len, &i6);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *t = (const char *)data;
  uint64_t v;
  static const char *const groups[] = {"Ip", "IpExt", "Icmp", "Tcp"};
  static const char *const names[] = {"Forwarding", "InReceives", "OutMsgs",
                                      "InOctets", "MaxConn"};
  for (size_t g = 0; g < 4; g++)
    for (size_t k = 0; k < 5; k++)
      (void)snmpx__ip_pair_field(t, size, groups[g], names[k], &v);
  (void)snmpx__ip_snmp6_field(t, size, "Ip6InReceives", &v);
  (void)snmpx__ip_snmp6_field(t, size, "ifIndex", &v);
  lines(t, size);
  if (size >= 4 && snmpx__ip_mask_len(data, 4) > 32)
    abort();
  size_t n = 0;
  (void)snmpx__ip_nl_walk(data, size, RTM_NEWADDR, on_item, &n);
  (void)snmpx__ip_nl_walk(data, size, RTM_NEWNEIGH, on_item, &n);
  (void)snmpx__ip_nl_walk(data, size, RTM_NEWROUTE, on_item, &n);
  return 0;
}
