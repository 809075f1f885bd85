/* TCP-MIB and UDP-MIB: readers of /proc/net/snmp, /proc/net/snmp6,
 * /proc/net/{tcp,tcp6,udp,udp6} and /proc/PID/fd links (pure functions,
 * see host_tcpudp.h). */
#include <stdlib.h>
#include <string.h>

#include "host_tcpudp.h"

/* ---- Tokens -------------------------------------------------------------- */

/* A span of text: bytes [p, p + n). */
typedef struct span {
  const char *p;
  size_t n;
} span;

static bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Next line of |text| from *|pos|, without its newline.  @return false
 * at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, span *out)
{
  if (*pos >= len)
    return false;
  const char *start = text + *pos;
  const char *nl = memchr(start, '\n', len - *pos);
  size_t n = nl != NULL ? (size_t)(nl - start) : len - *pos;
  out->p = start;
  out->n = n;
  *pos += n + (nl != NULL ? 1 : 0);
  return true;
}

/* Next blank-separated token of *|s| (which is advanced past it).
 * @return false when only blanks are left. */
static bool next_token(span *s, span *tok)
{
  while (s->n > 0 && is_blank(*s->p)) {
    s->p++;
    s->n--;
  }
  if (s->n == 0)
    return false;
  tok->p = s->p;
  while (s->n > 0 && !is_blank(*s->p)) {
    s->p++;
    s->n--;
  }
  tok->n = (size_t)(s->p - tok->p);
  return true;
}

static bool span_is(span s, const char *word)
{
  size_t n = strlen(word);
  return s.n == n && memcmp(s.p, word, n) == 0;
}

/* A number as atol() reads it: optional sign, then decimal digits up to
 * the first other byte; saturates as strtol does. */
static int64_t span_atol(span s)
{
  size_t i = 0;
  bool neg = false;
  if (i < s.n && (s.p[i] == '-' || s.p[i] == '+'))
    neg = s.p[i++] == '-';
  uint64_t v = 0;
  bool over = false;
  for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++) {
    unsigned d = (unsigned)(s.p[i] - '0');
    if (v > (UINT64_MAX - d) / 10)
      over = true;
    else
      v = v * 10 + d;
  }
  if (neg)
    return over || v > (uint64_t)INT64_MAX + 1 ? INT64_MIN : (int64_t)(0 - v);
  return over || v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* |n| (1..8) hex digits of |p| as a number.  @return false on another
 * byte. */
static bool hex_u32(const char *p, size_t n, uint32_t *out)
{
  if (n == 0 || n > 8)
    return false;
  uint32_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = hex_digit(p[i]);
    if (d < 0)
      return false;
    v = (v << 4) | (uint32_t)d;
  }
  *out = v;
  return true;
}

/* ---- /proc/net/snmp ------------------------------------------------------ */

static const char *const tcp_names[SNMPX__TU_TCP_ARCS] = {
    NULL,          "RtoAlgorithm", "RtoMin",       "RtoMax",
    "MaxConn",     "ActiveOpens",  "PassiveOpens", "AttemptFails",
    "EstabResets", "CurrEstab",    "InSegs",       "OutSegs",
    "RetransSegs", NULL,           "InErrs",       "OutRsts"};

static const char *const udp_names[SNMPX__TU_UDP_ARCS] = {
    NULL, "InDatagrams", "NoPorts", "InErrors", "OutDatagrams"};

static int arc_of(const char *const *names, size_t n, span name)
{
  for (size_t i = 0; i < n; i++)
    if (names[i] != NULL && span_is(name, names[i]))
      return (int)i;
  return -1;
}

static void tcp_value(snmpx__tu_stats *st, span name, span val)
{
  int arc = arc_of(tcp_names, SNMPX__TU_TCP_ARCS, name);
  if (arc < 0)
    return;
  st->tcp[arc] = span_atol(val);
  st->tcp_seen |= 1u << arc;
  if (arc == 10)
    st->tcp_in_segs = (uint64_t)st->tcp[arc];
  else if (arc == 11)
    st->tcp_out_segs = (uint64_t)st->tcp[arc];
}

static void udp_value(snmpx__tu_stats *st, span name, span val)
{
  int arc = arc_of(udp_names, SNMPX__TU_UDP_ARCS, name);
  if (arc >= 0)
    st->udp[arc] = span_atol(val);
}

/* One pair: |names| "Tcp: RtoAlgorithm RtoMin ...", |vals| "Tcp: 1 200
 * ..."; the values line's own first word is not checked (snmpd does
 * not either). */
static void snmp_pair(snmpx__tu_stats *st, span names, span vals)
{
  span group, skip, name, val;
  if (!next_token(&names, &group) || !next_token(&vals, &skip))
    return;
  bool tcp = span_is(group, "Tcp:"), udp = span_is(group, "Udp:");
  if (!tcp && !udp)
    return;
  if (tcp)
    st->has_tcp = true;
  else
    st->has_udp = true;
  while (next_token(&names, &name) && next_token(&vals, &val)) {
    if (tcp)
      tcp_value(st, name, val);
    else
      udp_value(st, name, val);
  }
}

void snmpx__tu_parse_snmp(const char *text, size_t len, snmpx__tu_stats *st)
{
  memset(st, 0, sizeof(*st));
  size_t pos = 0;
  span names, vals;
  while (next_line(text, len, &pos, &names) &&
         next_line(text, len, &pos, &vals))
    snmp_pair(st, names, vals);
  /* RFC 4022: 0 is not a tcpRtoAlgorithm; snmpd says other(1). */
  if (st->tcp[1] == 0)
    st->tcp[1] = 1;
}

void snmpx__tu_parse_snmp6(const char *text, size_t len, snmpx__tu_stats *st)
{
  size_t pos = 0;
  span line, name, val;
  while (next_line(text, len, &pos, &line)) {
    if (!next_token(&line, &name) || !next_token(&line, &val))
      continue;
    if (name.n <= 4 || memcmp(name.p, "Udp6", 4) != 0)
      continue;
    name.p += 4;
    name.n -= 4;
    int arc = arc_of(udp_names, SNMPX__TU_UDP_ARCS, name);
    if (arc >= 0)
      st->udp[arc] =
          (int64_t)((uint64_t)st->udp[arc] + (uint64_t)span_atol(val));
  }
}

/* ---- Socket lines -------------------------------------------------------- */

/* "HEX:PORT" with |alen| address bytes: each 8 hex digits are a 32-bit
 * word the kernel printed from memory in host order, so its bytes in
 * memory are the address's bytes in network order. */
static bool parse_endpoint(span tok, size_t alen, uint8_t *addr, uint16_t *port)
{
  size_t hex = alen * 2;
  if (tok.n < hex + 2 || tok.p[hex] != ':')
    return false;
  for (size_t w = 0; w < alen / 4; w++) {
    uint32_t word;
    if (!hex_u32(tok.p + w * 8, 8, &word))
      return false;
    memcpy(addr + w * 4, &word, 4);
  }
  uint32_t p;
  if (!hex_u32(tok.p + hex + 1, tok.n - hex - 1, &p))
    return false;
  *port = (uint16_t)p; /* snmpd: (unsigned short) */
  return true;
}

/* "12:", the line number snmpd skips with "%*d:". */
static bool is_slot(span tok)
{
  if (tok.n < 2 || tok.p[tok.n - 1] != ':')
    return false;
  for (size_t i = 0; i + 1 < tok.n; i++)
    if (tok.p[i] < '0' || tok.p[i] > '9')
      return false;
  return true;
}

bool snmpx__tu_parse_sock(const char *line, size_t len, size_t alen,
                          snmpx__tu_sock *out)
{
  if (alen != 4 && alen != 16)
    return false;
  memset(out, 0, sizeof(*out));
  out->alen = (uint8_t)alen;
  span s = {line, len}, tok;
  if (!next_token(&s, &tok) || !is_slot(tok))
    return false;
  if (!next_token(&s, &tok) ||
      !parse_endpoint(tok, alen, out->laddr, &out->lport))
    return false;
  if (!next_token(&s, &tok) ||
      !parse_endpoint(tok, alen, out->raddr, &out->rport))
    return false;
  if (!next_token(&s, &tok) || !hex_u32(tok.p, tok.n, &out->st))
    return false;
  /* tx_queue:rx_queue tr:tm->when retrnsmt uid timeout, then inode. */
  for (int i = 0; i < 5; i++)
    if (!next_token(&s, &tok))
      return false;
  if (!next_token(&s, &tok))
    return false;
  uint64_t inode = 0;
  for (size_t i = 0; i < tok.n; i++) {
    if (tok.p[i] < '0' || tok.p[i] > '9' || inode > UINT64_MAX / 10 - 1)
      return false;
    inode = inode * 10 + (uint64_t)(tok.p[i] - '0');
  }
  out->inode = inode;
  return true;
}

int snmpx__tu_tcp_state(uint32_t st)
{
  /* snmpd's linux_states[]: closed(1) established(5) synSent(3)
   * synReceived(4) finWait1(6) finWait2(7) timeWait(11) closed(1)
   * closeWait(8) lastAck(9) listen(2) closing(10). */
  static const int map[12] = {1, 5, 3, 4, 6, 7, 11, 1, 8, 9, 2, 10};
  uint32_t k = st & 0xf;
  return k < 12 ? map[k] : 2;
}

/* ---- /proc/PID/fd -------------------------------------------------------- */

static uint64_t decimal_prefix(const char *p, size_t n)
{
  uint64_t v = 0;
  for (size_t i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
    if (v > (UINT64_MAX - 9) / 10)
      return 0;
    v = v * 10 + (uint64_t)(p[i] - '0');
  }
  return v;
}

uint64_t snmpx__tu_link_inode(const char *link, size_t len)
{
  if (len > 8 && memcmp(link, "socket:[", 8) == 0)
    return decimal_prefix(link + 8, len - 8);
  if (len > 7 && memcmp(link, "[0000]:", 7) == 0)
    return decimal_prefix(link + 7, len - 7);
  return 0;
}

static int owner_cmp(const void *a, const void *b)
{
  const snmpx__tu_owner *x = a, *y = b;
  if (x->inode != y->inode)
    return x->inode < y->inode ? -1 : 1;
  if (x->pid != y->pid)
    return x->pid < y->pid ? -1 : 1;
  return 0;
}

size_t snmpx__tu_owner_sort(snmpx__tu_owner *o, size_t n)
{
  if (n == 0)
    return 0;
  qsort(o, n, sizeof(*o), owner_cmp);
  size_t out = 0;
  for (size_t i = 0; i < n; i++) {
    if (out > 0 && o[out - 1].inode == o[i].inode)
      o[out - 1] = o[i]; /* sorted by pid: the later is higher */
    else
      o[out++] = o[i];
  }
  return out;
}

uint32_t snmpx__tu_owner_find(const snmpx__tu_owner *o, size_t n,
                              uint64_t inode)
{
  if (inode == 0)
    return 0;
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (o[mid].inode < inode)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && o[lo].inode == inode ? o[lo].pid : 0;
}
