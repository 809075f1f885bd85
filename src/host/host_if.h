/* Internal to src/host: IF-MIB's pure readers (host_if_parse.c), so the
 * unit tests and the fuzz target reach them without a host: the
 * /proc/net/dev text, sysfs values, snmpd.conf's `interface` line, and
 * the ifType and ifSpeed rules of Net-SNMP 5.9's Linux interface code
 * (agent/mibgroup/if-mib/data_access/interface_linux.c, interface.c,
 * interface_ioctl.c). */
#ifndef SNMPX_HOST_IF_H
#define SNMPX_HOST_IF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest interface name kept (the kernel's IFNAMSIZ is 16; a recorded
 * tree may hold longer ones, which are cut). */
#define SNMPX__HOST_IF_NAME_MAX 63

/* One line of /proc/net/dev. */
typedef struct snmpx__host_if_dev {
  char name[SNMPX__HOST_IF_NAME_MAX + 1];
  bool has_stats; /* false: "No statistics available" or a bad line */
  uint64_t rx_bytes, rx_packets, rx_errs, rx_drop, rx_mcast;
  uint64_t tx_bytes, tx_packets, tx_errs, tx_drop, colls;
} snmpx__host_if_dev;

/* Parse the text of /proc/net/dev (|len| bytes, need not be terminated):
 * two header lines, then one line per interface, "NAME: counters".  The
 * second header decides the layout as Net-SNMP does: one that mentions
 * "compressed" (Linux 2.2 on) has 16 counters, an older one 11.  Lines
 * without a name or a ':' are skipped; a line whose counters do not scan
 * keeps its interface with has_stats false (snmpd keeps the row with
 * zero counters).  Lines after the |cap|-th interface are not read.
 * @return the number of interfaces put in |out|. */
size_t snmpx__host_if_parse_dev(const char *text, size_t len,
                                snmpx__host_if_dev *out, size_t cap);

/* The ifPhysAddress of a sysfs `address` file ("02:fc:00:00:00:01"):
 * snmpd reads it with SIOCGIFHWADDR, which gives the first 6 octets
 * (zero-padded), and serves an empty string when all 6 are zero.
 * @return 6 with the octets in |out|, or 0 (empty). */
size_t snmpx__host_if_parse_hwaddr(const char *text, size_t len,
                                   uint8_t out[6]);

/* A sysfs number ("1500\n", "0x1003\n", "-1\n"): C syntax (base 0),
 * optional sign, then only white space.  @return true with *|out|. */
bool snmpx__host_if_parse_int(const char *text, size_t len, int64_t *out);

/* IANAifType for a Linux ARPHRD_* type (netsnmp_convert_arphrd_type):
 * ether 6, loopback 24, tunnels 131, ppp 23, slip 28, infiniband 199,
 * fddi 15, arcnet 35, localtalk 42, hippi 47, atm 37, else other(1). */
int32_t snmpx__host_if_type_of_arphrd(int64_t arphrd);

/* IANAifType guessed from the name, for an interface whose hardware type
 * cannot be read (netsnmp_guess_interface_type): "lo" 24, "eth" 6... */
int32_t snmpx__host_if_type_of_name(const char *name);

/* ifSpeed and ifHighSpeed as Net-SNMP sets them.  ethernetCsmacd(6):
 * the link speed in Mb/s from ethtool (|mbps|, when |known|; -1, 0xffff
 * and 0xffffffff mean unknown) times 10^6; unknown or no ethtool: 0
 * (snmpd's default there is 0, as it tests IFF_RUNNING before it has read
 * the flags).  Other types: snmpd's guess, softwareLoopback(24) 10^7,
 * iso88025TokenRing(9) 4*10^6, else 0.  ifSpeed is capped at 4294967295;
 * ifHighSpeed is the speed in Mb/s. */
void snmpx__host_if_speed(int32_t iftype, bool known, int64_t mbps,
                          uint32_t *speed, uint32_t *high);

/* snmpd.conf `interface NAME TYPE SPEED` (the arguments after the word):
 * TYPE an IANAifType (C syntax, >= 0), SPEED bits per second (C syntax,
 * unsigned 64-bit).  @return 0 with the parts; -1 with a message in |err|
 * (|cap| bytes) as snmpd's ("Missing TYPE parameter", "Bad SPEED
 * value"). */
int snmpx__host_if_parse_override(const char *args, char *name, size_t name_cap,
                                  int32_t *type, uint64_t *speed, char *err,
                                  size_t cap);

#endif
