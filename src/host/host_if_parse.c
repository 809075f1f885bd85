/* IF-MIB's pure readers: /proc/net/dev, sysfs values, the `interface`
 * line, and Net-SNMP 5.9's ifType and ifSpeed rules (see host_if.h).
 * Nothing here reads a file or a clock, so all of it is fuzzed
 * (fuzz/fuzz_host_if.c). */
#include <stdio.h>
#include <string.h>

#include "host_if.h"

/* ---- Small scanners over (p, end) ---------------------------------- */

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

static const char *skip_space(const char *p, const char *end)
{
  while (p < end && is_space(*p))
    p++;
  return p;
}

/* An unsigned decimal as sscanf's %ju takes it after white space; one
 * too large saturates, as strtoumax does (the kernel never prints one).
 * @return the end of the number, or NULL. */
static const char *scan_u64(const char *p, const char *end, uint64_t *out)
{
  p = skip_space(p, end);
  if (p < end && *p == '+')
    p++;
  if (p >= end || *p < '0' || *p > '9')
    return NULL;
  uint64_t v = 0;
  for (; p < end && *p >= '0' && *p <= '9'; p++) {
    unsigned d = (unsigned)(*p - '0');
    v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
  }
  *out = v;
  return p;
}

/* ---- /proc/net/dev --------------------------------------------------- */

/* The counters after "NAME:", in the layout of Linux 2.2 on (16 fields)
 * or of Linux 2.0 (11), read into |d| as Net-SNMP's _parse_stats reads
 * them.  @return false when they do not scan. */
static bool parse_counters(const char *p, const char *end, bool v22,
                           snmpx__host_if_dev *d)
{
  /* Which of the fields are kept: 2.2: bytes packets errs drop fifo
   * frame compressed multicast | bytes packets errs drop fifo colls
   * carrier compressed.  2.0: packets errs drop fifo frame | packets
   * errs drop fifo colls carrier. */
  static const int8_t map22[] = {0, 1, 2, 3, -1, -1, -1, 4, 5, 6, 7, 8, -1, 9};
  static const int8_t map20[] = {1, 2, -1, -1, -1, 6, 7, -1, -1, 9};
  const int8_t *map = v22 ? map22 : map20;
  size_t n = v22 ? sizeof(map22) : sizeof(map20);
  uint64_t v[10];
  memset(v, 0, sizeof(v));
  for (size_t i = 0; i < n; i++) {
    uint64_t x;
    p = scan_u64(p, end, &x);
    if (p == NULL)
      return false;
    if (map[i] >= 0)
      v[map[i]] = x;
  }
  d->rx_bytes = v[0];
  d->rx_packets = v[1];
  d->rx_errs = v[2];
  d->rx_drop = v[3];
  d->rx_mcast = v[4];
  d->tx_bytes = v[5];
  d->tx_packets = v[6];
  d->tx_errs = v[7];
  d->tx_drop = v[8];
  d->colls = v[9];
  /* Linux before 1.3.13 could miss transmitted loopback packets: snmpd
   * counts them as received ones then. */
  if (strcmp(d->name, "lo") == 0 && d->rx_packets > 0 && d->tx_packets == 0)
    d->tx_packets = d->rx_packets;
  return true;
}

/* One interface line: "  eth0: 123 ...".  @return false to skip it. */
static bool parse_dev_line(const char *p, const char *end, bool v22,
                           snmpx__host_if_dev *d)
{
  while (p < end && *p == ' ')
    p++;
  /* The name ends at the line's last ':' (as snmpd's strrchr): names
   * cannot hold one, counters never do. */
  const char *colon = NULL;
  for (const char *q = p; q < end; q++)
    if (*q == ':')
      colon = q;
  if (p >= end || colon == NULL || colon == p)
    return false;
  size_t n = (size_t)(colon - p);
  if (n > SNMPX__HOST_IF_NAME_MAX)
    n = SNMPX__HOST_IF_NAME_MAX;
  memset(d, 0, sizeof(*d));
  memcpy(d->name, p, n);
  d->name[n] = '\0';
  if (memchr(d->name, '\0', n) != NULL)
    return false; /* a NUL inside: not a name */
  d->has_stats = parse_counters(colon + 1, end, v22, d);
  return true;
}

size_t snmpx__host_if_parse_dev(const char *text, size_t len,
                                snmpx__host_if_dev *out, size_t cap)
{
  const char *p = text, *end = text + len;
  bool v22 = false;
  size_t n = 0;
  for (int line = 0; p < end; line++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl != NULL ? nl : end;
    if (line == 1) {
      /* The second header names the receive and transmit fields. */
      static const char word[] = "compressed";
      for (const char *q = p; q + sizeof(word) - 1 <= eol; q++)
        if (memcmp(q, word, sizeof(word) - 1) == 0) {
          v22 = true;
          break;
        }
    } else if (line >= 2 && n < cap && parse_dev_line(p, eol, v22, &out[n])) {
      n++;
    }
    p = nl != NULL ? nl + 1 : end;
  }
  return n;
}

/* ---- sysfs values ------------------------------------------------------ */

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

size_t snmpx__host_if_parse_hwaddr(const char *text, size_t len, uint8_t out[6])
{
  const char *p = text, *end = text + len;
  memset(out, 0, 6);
  /* sysfs prints addr_len octets as two hex digits each, ':' between. */
  for (size_t i = 0; p < end && !is_space(*p); i++) {
    if (i > 0) {
      if (*p != ':')
        break;
      p++;
    }
    if (end - p < 2 || hex_digit(p[0]) < 0 || hex_digit(p[1]) < 0)
      break;
    if (i < 6)
      out[i] = (uint8_t)(hex_digit(p[0]) << 4 | hex_digit(p[1]));
    p += 2;
  }
  for (size_t i = 0; i < 6; i++)
    if (out[i] != 0)
      return 6;
  return 0;
}

bool snmpx__host_if_parse_int(const char *text, size_t len, int64_t *out)
{
  const char *p = skip_space(text, text + len), *end = text + len;
  bool neg = false;
  if (p < end && (*p == '-' || *p == '+'))
    neg = *p++ == '-';
  unsigned base = 10;
  if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  } else if (p < end && *p == '0') {
    base = 8;
  }
  uint64_t v = 0;
  const char *digits = p;
  for (; p < end; p++) {
    int d = hex_digit(*p);
    if (d < 0 || (unsigned)d >= base)
      break;
    if (v > (UINT64_MAX - (unsigned)d) / base)
      return false;
    v = v * base + (unsigned)d;
  }
  if (p == digits || skip_space(p, end) != end || v > (uint64_t)INT64_MAX)
    return false;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return true;
}

/* ---- ifType and ifSpeed --------------------------------------------- */

int32_t snmpx__host_if_type_of_arphrd(int64_t arphrd)
{
  /* linux/if_arp.h numbers, as netsnmp_convert_arphrd_type maps them. */
  switch (arphrd) {
  case 1: /* ARPHRD_ETHER */
    return 6;
  case 768: /* ARPHRD_TUNNEL */
  case 769: /* ARPHRD_TUNNEL6 */
  case 778: /* ARPHRD_IPGRE */
  case 776: /* ARPHRD_SIT */
    return 131;
  case 32: /* ARPHRD_INFINIBAND */
    return 199;
  case 256: /* ARPHRD_SLIP */
  case 257: /* ARPHRD_CSLIP */
  case 258: /* ARPHRD_SLIP6 */
  case 259: /* ARPHRD_CSLIP6 */
    return 28;
  case 512: /* ARPHRD_PPP */
    return 23;
  case 772: /* ARPHRD_LOOPBACK */
    return 24;
  case 774: /* ARPHRD_FDDI */
    return 15;
  case 7: /* ARPHRD_ARCNET */
    return 35;
  case 773: /* ARPHRD_LOCALTLK */
    return 42;
  case 780: /* ARPHRD_HIPPI */
    return 47;
  case 19: /* ARPHRD_ATM */
    return 37;
  default:
    return 1; /* other */
  }
}

int32_t snmpx__host_if_type_of_name(const char *name)
{
  static const struct {
    int32_t type;
    const char *prefix;
  } guess[] = {{24, "lo"},   {6, "eth"},   {6, "vmnet"}, {9, "tr"},
               {62, "feth"}, {117, "gig"}, {199, "ib"},  {23, "ppp"},
               {28, "sl"},   {131, "sit"}, {20, "ippp"}, {53, "bond"},
               {53, "vad"}};
  for (size_t i = 0; i < sizeof(guess) / sizeof(guess[0]); i++)
    if (strncmp(name, guess[i].prefix, strlen(guess[i].prefix)) == 0)
      return guess[i].type;
  return 1;
}

void snmpx__host_if_speed(int32_t iftype, bool known, int64_t mbps,
                          uint32_t *speed, uint32_t *high)
{
  uint64_t bps = 0;
  if (iftype == 6) {
    /* ethtool's speed is a u32 in Mb/s; sysfs prints it as an int, so
     * SPEED_UNKNOWN reads "-1".  Unknown, or no ethtool: snmpd's default,
     * which is 0 (it tests IFF_RUNNING before reading the flags). */
    uint32_t s = (uint32_t)mbps;
    if (known && s != 0xffffu && s != 0xffffffffu)
      bps = (uint64_t)s * 1000000u;
  } else if (iftype == 24) {
    bps = 10000000; /* netsnmp_access_interface_entry_guess_speed */
  } else if (iftype == 9) {
    bps = 4000000;
  }
  *speed = bps > 0xffffffffu ? 0xffffffffu : (uint32_t)bps;
  *high = (uint32_t)(bps / 1000000u);
}

/* ---- snmpd.conf `interface NAME TYPE SPEED` ---------------------------- */

/* The next word of *|p| into |out| (|cap| bytes).  @return its length,
 * 0 when there is none. */
static size_t next_word(const char **p, char *out, size_t cap)
{
  const char *s = *p;
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = 0;
  while (s[n] != '\0' && s[n] != ' ' && s[n] != '\t')
    n++;
  if (n == 0 || n >= cap) {
    *p = s + n;
    return n;
  }
  memcpy(out, s, n);
  out[n] = '\0';
  *p = s + n;
  return n;
}

int snmpx__host_if_parse_override(const char *args, char *name, size_t name_cap,
                                  int32_t *type, uint64_t *speed, char *err,
                                  size_t cap)
{
  char t[64], s[64];
  const char *p = args;
  size_t n = next_word(&p, name, name_cap);
  if (n == 0 || n >= name_cap) {
    snprintf(err, cap, n == 0 ? "Missing NAME parameter" : "NAME too long");
    return -1;
  }
  n = next_word(&p, t, sizeof(t));
  if (n == 0 || n >= sizeof(t)) {
    snprintf(err, cap, n == 0 ? "Missing TYPE parameter" : "Bad TYPE");
    return -1;
  }
  n = next_word(&p, s, sizeof(s));
  if (n == 0 || n >= sizeof(s)) {
    snprintf(err, cap, n == 0 ? "Missing SPEED parameter" : "Bad SPEED value");
    return -1;
  }
  int64_t tv;
  if (!snmpx__host_if_parse_int(t, strlen(t), &tv) || tv < 0 ||
      tv > INT32_MAX) {
    snprintf(err, cap, "Bad TYPE");
    return -1;
  }
  /* SPEED: strtoull in snmpd, so a 64-bit unsigned in C syntax. */
  const char *q = s;
  uint64_t sv = 0;
  unsigned base = 10;
  if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
    base = 16;
    q += 2;
  } else if (q[0] == '0') {
    base = 8;
  }
  const char *digits = q;
  for (; *q != '\0'; q++) {
    int d = hex_digit(*q);
    if (d < 0 || (unsigned)d >= base || sv > (UINT64_MAX - (unsigned)d) / base)
      break;
    sv = sv * base + (unsigned)d;
  }
  if (*q != '\0' || q == digits) {
    snprintf(err, cap, "Bad SPEED value");
    return -1;
  }
  *type = (int32_t)tv;
  *speed = sv;
  return 0;
}
