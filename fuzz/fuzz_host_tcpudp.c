/* libFuzzer target: the TCP-MIB and UDP-MIB readers of /proc text
 * (src/host/host_tcpudp_parse.c).  The input is read as /proc/net/snmp,
 * as /proc/net/snmp6, line by line as /proc/net/tcp and tcp6, and as a
 * /proc/PID/fd link; a parsed socket must make sense. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_tcpudp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sock_lines(const char *text, size_t size, size_t alen)
{
  size_t pos = 0;
  while (pos < size) {
    const char *line = text + pos;
    const char *nl = memchr(line, '\n', size - pos);
    size_t n = nl != NULL ? (size_t)(nl - line) : size - pos;
    snmpx__tu_sock r;
    if (snmpx__tu_parse_sock(line, n, alen, &r)) {
      int st = snmpx__tu_tcp_state(r.st);
      if (r.alen != alen || st < 1 || st > 11)
        abort();
    }
    pos += n + 1;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  snmpx__tu_stats st;
  snmpx__tu_parse_snmp(text, size, &st);
  if (st.tcp[1] == 0) /* 0 always reads as other(1) */
    abort();
  snmpx__tu_parse_snmp6(text, size, &st);
  sock_lines(text, size, 4);
  sock_lines(text, size, 16);
  snmpx__tu_owner o[4] = {
      {snmpx__tu_link_inode(text, size), 1}, {size, 2}, {size, 3}, {0, 4}};
  size_t n = snmpx__tu_owner_sort(o, 4);
  if (n == 0 || n > 4 || snmpx__tu_owner_find(o, n, 0) != 0)
    abort();
  if (size != 0 && snmpx__tu_owner_find(o, n, size) != 3)
    abort();
  return 0;
}
