/* TCP-MIB (RFC 4022) and UDP-MIB (RFC 4113): the readers of Linux's
 * /proc text, pure functions over a buffer (fuzzed by
 * fuzz/fuzz_host_tcpudp.c, tested on recorded text by
 * tests/unit/test_host_tcpudp.c).  Values are read as snmpd 5.9 reads
 * them (agent/mibgroup/mibII/kernel_linux.c, tcp-mib/data_access/
 * tcpConn_linux.c, udp-mib/data_access/udp_endpoint_linux.c). */
#ifndef SNMPX_HOST_TCPUDP_H
#define SNMPX_HOST_TCPUDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- /proc/net/snmp and /proc/net/snmp6 ---------------------------------- */

/* The tcp group's scalars by their arc under tcp (1.3.6.1.2.1.6): 1
 * tcpRtoAlgorithm .. 12 tcpRetransSegs, 14 tcpInErrs, 15 tcpOutRsts (13
 * is tcpConnTable).  The udp group's by theirs under udp: 1
 * udpInDatagrams .. 4 udpOutDatagrams. */
#define SNMPX__TU_TCP_ARCS 16
#define SNMPX__TU_UDP_ARCS 5

typedef struct snmpx__tu_stats {
  /* Each as atol() reads it (snmpd stores the columns that way): a
   * counter is served modulo 2^32. */
  int64_t tcp[SNMPX__TU_TCP_ARCS];
  /* tcpInSegs, tcpOutSegs unmasked, for tcpHCInSegs, tcpHCOutSegs. */
  uint64_t tcp_in_segs, tcp_out_segs;
  uint32_t tcp_seen; /* bit (1 << arc): the column was in the file */
  /* Udp: plus Udp6 (snmpd adds /proc/net/snmp6's Udp6 counters). */
  int64_t udp[SNMPX__TU_UDP_ARCS];
  bool has_tcp; /* a "Tcp:" pair of lines was read */
  bool has_udp; /* a "Udp:" pair of lines was read */
} snmpx__tu_stats;

/* Read /proc/net/snmp's text (|len| bytes, need not be NUL-terminated)
 * into |st| (cleared first).  Lines come in pairs, names then values,
 * both starting with the group ("Tcp:"); unknown groups and names are
 * skipped, a missing value reads as 0.  tcpRtoAlgorithm 0 (illegal)
 * becomes 1 (other), as snmpd does. */
void snmpx__tu_parse_snmp(const char *text, size_t len, snmpx__tu_stats *st);

/* Add /proc/net/snmp6's Udp6InDatagrams, Udp6NoPorts, Udp6InErrors and
 * Udp6OutDatagrams ("NAME  VALUE" lines) to |st|'s udp counters. */
void snmpx__tu_parse_snmp6(const char *text, size_t len, snmpx__tu_stats *st);

/* ---- /proc/net/{tcp,tcp6,udp,udp6} --------------------------------------- */

typedef struct snmpx__tu_sock {
  uint8_t laddr[16]; /* network order; 4 or 16 bytes used (alen) */
  uint8_t raddr[16];
  uint64_t inode; /* 0: no socket (TIME_WAIT) */
  uint32_t pid;   /* the owner (snmpx__tu_owner_find), 0 for none */
  uint32_t seq;   /* line number in the file, for ties */
  uint16_t lport, rport;
  uint8_t alen; /* 4 (tcp, udp) or 16 (tcp6, udp6) */
  uint32_t st;  /* the kernel's state, the "st" column */
} snmpx__tu_sock;

/* Parse one socket line ("  0: 0100007F:0277 00000000:0000 0A ... inode
 * ...") of a file whose addresses have |alen| bytes (4: tcp, udp; 16:
 * tcp6, udp6) into |out|.  The kernel prints each 32-bit word of an
 * address as a host-order number: the bytes are put back in network
 * order as snmpd's netsnmp_addrstr_hton does.
 * @return true; false for the header or a line that does not parse. */
bool snmpx__tu_parse_sock(const char *line, size_t len, size_t alen,
                          snmpx__tu_sock *out);

/* RFC 4022 tcpConnectionState (and RFC 1213 tcpConnState) of a kernel
 * state, mapped as snmpd's linux_states[] does: 10 LISTEN is listen(2),
 * 1 ESTABLISHED established(5), 6 TIME_WAIT timeWait(11)...; a state
 * of 12 and above (low nibble) reads as listen(2), as in snmpd. */
int snmpx__tu_tcp_state(uint32_t st);

/* ---- /proc/PID/fd links -------------------------------------------------- */

/* The socket inode a /proc/PID/fd link names ("socket:[1234]", or
 * "[0000]:1234" on old kernels), 0 for anything else. */
uint64_t snmpx__tu_link_inode(const char *link, size_t len);

/* Which process holds a socket: a snapshot sorted by inode. */
typedef struct snmpx__tu_owner {
  uint64_t inode;
  uint32_t pid;
} snmpx__tu_owner;

/* Sort |o|[0..n) by inode and keep one entry per inode: the highest pid
 * (snmpd keeps the last it read, and /proc lists pids in ascending
 * order).  @return the entries kept. */
size_t snmpx__tu_owner_sort(snmpx__tu_owner *o, size_t n);

/* The pid holding |inode| in a sorted snapshot (binary search), 0 for
 * none or inode 0. */
uint32_t snmpx__tu_owner_find(const snmpx__tu_owner *o, size_t n,
                              uint64_t inode);

#endif
