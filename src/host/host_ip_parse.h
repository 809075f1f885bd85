/* Readers of the kernel's IP sources for the IP module (host_ip.c): pure
 * functions over a buffer (the text of a /proc file, the messages of a
 * netlink dump), so they can be unit-tested on recorded text and fuzzed
 * (fuzz/fuzz_host_ip.c).  None allocates; none needs a NUL at the end. */
#ifndef SNMPX_HOST_IP_PARSE_H
#define SNMPX_HOST_IP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One field of a /proc/net/snmp or /proc/net/netstat style file: a
 * header line "Group: Name1 Name2..." followed by a value line
 * "Group: v1 v2...".  A negative value ("-1": TCP's MaxConn) is returned
 * as its two's complement.  @return true when found (*out set). */
bool snmpx__ip_pair_field(const char *text, size_t len, const char *group,
                          const char *name, uint64_t *out);

/* One field of /proc/net/snmp6 or /proc/net/dev_snmp6/IF ("Name value"
 * lines).  @return true when found. */
bool snmpx__ip_snmp6_field(const char *text, size_t len, const char *name,
                           uint64_t *out);

/* The next line of |text| from *|pos|: its start in *|line|, its length
 * (without the newline) in *|n|.  @return false at the end. */
bool snmpx__ip_line(const char *text, size_t len, size_t *pos,
                    const char **line, size_t *n);

/* A line of /proc/net/route (the header line gives false). */
typedef struct snmpx__ip_route4 {
  char ifname[16];
  uint8_t dest[4], gateway[4], mask[4]; /* network order */
  uint32_t flags;                       /* RTF_* */
  int32_t metric;
} snmpx__ip_route4;
bool snmpx__ip_parse_route4(const char *line, size_t n, snmpx__ip_route4 *r);

/* A line of /proc/net/ipv6_route. */
typedef struct snmpx__ip_route6 {
  char ifname[16];
  uint8_t dest[16], nexthop[16];
  uint32_t pfxlen, metric, flags;
} snmpx__ip_route6;
bool snmpx__ip_parse_route6(const char *line, size_t n, snmpx__ip_route6 *r);

/* A line of /proc/net/arp ("IP HWtype Flags HWaddr Mask Device"). */
typedef struct snmpx__ip_arp {
  uint8_t addr[4];
  uint32_t flags; /* ATF_* */
  uint8_t hw[32];
  size_t hw_len;
  char ifname[16];
} snmpx__ip_arp;
bool snmpx__ip_parse_arp(const char *line, size_t n, snmpx__ip_arp *a);

/* A line of /proc/net/if_inet6 ("addr ifindex plen scope flags name",
 * numbers in hex). */
typedef struct snmpx__ip_inet6 {
  uint8_t addr[16];
  uint32_t ifindex, pfxlen, scope, flags;
  char ifname[16];
} snmpx__ip_inet6;
bool snmpx__ip_parse_inet6(const char *line, size_t n, snmpx__ip_inet6 *a);

/* ---- Netlink (RFC 3549) dumps ------------------------------------------
 * A dump's messages in |buf|, walked message by message; a truncated or
 * malformed message ends the walk. */

/* An address (RTM_NEWADDR): family AF_INET or AF_INET6. */
typedef struct snmpx__ip_nladdr {
  uint8_t family, pfxlen, scope;
  uint32_t flags; /* IFA_F_*, from IFA_FLAGS when present */
  uint32_t ifindex;
  uint8_t addr[16];  /* IFA_LOCAL (v4) or IFA_ADDRESS */
  uint8_t bcast[16]; /* IFA_BROADCAST; zero when absent */
  bool has_bcast;
  uint32_t preferred, valid; /* IFA_CACHEINFO lifetimes (s) */
} snmpx__ip_nladdr;

/* A neighbour (RTM_NEWNEIGH). */
typedef struct snmpx__ip_nlneigh {
  uint8_t family;
  uint16_t state; /* NUD_* */
  uint8_t flags;  /* NTF_* */
  uint32_t ifindex;
  uint8_t addr[16];
  uint8_t lladdr[32];
  size_t lladdr_len;
  uint32_t updated; /* NDA_CACHEINFO ndm_updated (ticks ago) */
  bool has_cacheinfo;
} snmpx__ip_nlneigh;

/* A route (RTM_NEWROUTE). */
typedef struct snmpx__ip_nlroute {
  uint8_t family, dst_len;
  uint32_t flags; /* rtm_flags: RTM_F_CLONED... */
  uint8_t gateway[16];
  size_t gateway_len; /* 0: no RTA_GATEWAY */
  int32_t oif;        /* RTA_OIF; -1 when absent */
  uint32_t expires;   /* RTA_CACHEINFO rta_expires (clock ticks) */
} snmpx__ip_nlroute;

/* Walk a dump: |cb| gets every message of type |type| decoded into the
 * struct for that type (snmpx__ip_nladdr for RTM_NEWADDR,
 * snmpx__ip_nlneigh for RTM_NEWNEIGH, snmpx__ip_nlroute for
 * RTM_NEWROUTE; |cb| NULL: none, the walk only
 * looks for the end).  @return 1 when NLMSG_DONE was
 * seen, 0 when more messages are to come, <0 on NLMSG_ERROR or a
 * malformed message. */
int snmpx__ip_nl_walk(const uint8_t *buf, size_t len, uint16_t type,
                      void (*cb)(void *ud, const void *item), void *ud);

/* Prefix length of a netmask (count of leading one bits; a mask with a
 * hole counts up to the hole, as Net-SNMP does). */
unsigned snmpx__ip_mask_len(const uint8_t *mask, size_t n);

#endif
