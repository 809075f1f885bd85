/* Readers of the kernel's IP sources (see host_ip_parse.h). */
#include "host_ip_parse.h"

#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

bool snmpx__ip_line(const char *text, size_t len, size_t *pos,
                    const char **line, size_t *n)
{
  if (*pos >= len)
    return false;
  const char *s = text + *pos;
  const char *nl = memchr(s, '\n', len - *pos);
  size_t l = nl != NULL ? (size_t)(nl - s) : len - *pos;
  *line = s;
  *n = l;
  *pos += l + (nl != NULL ? 1 : 0);
  return true;
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* The next blank-separated word of line[0..n) from *i. */
static bool next_word(const char *line, size_t n, size_t *i, const char **w,
                      size_t *wl)
{
  while (*i < n && is_space(line[*i]))
    (*i)++;
  if (*i >= n)
    return false;
  size_t s = *i;
  while (*i < n && !is_space(line[*i]))
    (*i)++;
  *w = line + s;
  *wl = *i - s;
  return true;
}

static bool word_is(const char *w, size_t wl, const char *s)
{
  return strlen(s) == wl && memcmp(w, s, wl) == 0;
}

/* A decimal number (optionally negative) filling the whole word. */
static bool parse_dec(const char *w, size_t wl, uint64_t *out)
{
  bool neg = wl > 0 && w[0] == '-';
  size_t i = neg ? 1 : 0;
  if (i >= wl)
    return false;
  uint64_t v = 0;
  for (; i < wl; i++) {
    if (w[i] < '0' || w[i] > '9')
      return false;
    v = v * 10 + (uint64_t)(w[i] - '0');
  }
  *out = neg ? (uint64_t)0 - v : v;
  return true;
}

bool snmpx__ip_pair_field(const char *text, size_t len, const char *group,
                          const char *name, uint64_t *out)
{
  size_t gl = strlen(group), pos = 0, n;
  const char *line;
  while (snmpx__ip_line(text, len, &pos, &line, &n)) {
    if (n <= gl || memcmp(line, group, gl) != 0 || line[gl] != ':')
      continue;
    /* The header: find the field's column, then read that column of the
     * value line that follows. */
    size_t i = gl + 1, col = 0, wl;
    const char *w;
    bool found = false;
    while (next_word(line, n, &i, &w, &wl)) {
      if (word_is(w, wl, name)) {
        found = true;
        break;
      }
      col++;
    }
    const char *vline;
    size_t vn;
    if (!snmpx__ip_line(text, len, &pos, &vline, &vn))
      return false;
    if (!found)
      continue;
    if (vn <= gl || memcmp(vline, group, gl) != 0 || vline[gl] != ':')
      return false;
    i = gl + 1;
    for (size_t c = 0; next_word(vline, vn, &i, &w, &wl); c++)
      if (c == col)
        return parse_dec(w, wl, out);
    return false;
  }
  return false;
}

bool snmpx__ip_snmp6_field(const char *text, size_t len, const char *name,
                           uint64_t *out)
{
  size_t pos = 0, n;
  const char *line;
  while (snmpx__ip_line(text, len, &pos, &line, &n)) {
    size_t i = 0, wl;
    const char *w;
    if (!next_word(line, n, &i, &w, &wl) || !word_is(w, wl, name))
      continue;
    return next_word(line, n, &i, &w, &wl) && parse_dec(w, wl, out);
  }
  return false;
}

static int hexval(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* A hex word of at most 8 digits as a number. */
static bool parse_hex32(const char *w, size_t wl, uint32_t *out)
{
  if (wl == 0 || wl > 8)
    return false;
  uint32_t v = 0;
  for (size_t i = 0; i < wl; i++) {
    int d = hexval(w[i]);
    if (d < 0)
      return false;
    v = v << 4 | (uint32_t)d;
  }
  *out = v;
  return true;
}

/* Exactly 2*|n| hex digits as |n| bytes in text order. */
static bool parse_hexbytes(const char *w, size_t wl, uint8_t *out, size_t n)
{
  if (wl != 2 * n)
    return false;
  for (size_t i = 0; i < n; i++) {
    int hi = hexval(w[2 * i]), lo = hexval(w[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  return true;
}

static bool copy_name(char *dst, size_t cap, const char *w, size_t wl)
{
  if (wl == 0 || wl >= cap)
    return false;
  memcpy(dst, w, wl);
  dst[wl] = '\0';
  return true;
}

/* /proc/net/route prints addresses as the hex of a 32-bit word in host
 * order (little-endian on the hosts that matter: "010200C0" is
 * 192.0.2.1), as the kernel's %08X of the __be32. */
static void word_to_addr(uint32_t v, uint8_t out[4])
{
  uint32_t be = v;
  memcpy(out, &be, 4);
}

bool snmpx__ip_parse_route4(const char *line, size_t n, snmpx__ip_route4 *r)
{
  size_t i = 0, wl;
  const char *w;
  uint32_t v[7];
  memset(r, 0, sizeof(*r));
  if (!next_word(line, n, &i, &w, &wl) ||
      !copy_name(r->ifname, sizeof(r->ifname), w, wl))
    return false;
  /* Destination Gateway Flags RefCnt Use Metric Mask (hex, then decimal
   * for RefCnt, Use and Metric: read as Net-SNMP does). */
  for (int k = 0; k < 7; k++) {
    if (!next_word(line, n, &i, &w, &wl))
      return false;
    uint64_t d;
    if (k >= 3 && k <= 5) {
      if (!parse_dec(w, wl, &d))
        return false;
      v[k] = (uint32_t)d;
    } else if (!parse_hex32(w, wl, &v[k])) {
      return false;
    }
  }
  word_to_addr(v[0], r->dest);
  word_to_addr(v[1], r->gateway);
  r->flags = v[2];
  r->metric = (int32_t)v[5];
  word_to_addr(v[6], r->mask);
  return true;
}

bool snmpx__ip_parse_route6(const char *line, size_t n, snmpx__ip_route6 *r)
{
  size_t i = 0, wl;
  const char *w[10];
  size_t l[10];
  memset(r, 0, sizeof(*r));
  for (int k = 0; k < 10; k++)
    if (!next_word(line, n, &i, &w[k], &l[k]))
      return false;
  uint8_t src[16];
  uint32_t srclen, refcnt, use;
  return parse_hexbytes(w[0], l[0], r->dest, 16) &&
         parse_hex32(w[1], l[1], &r->pfxlen) && r->pfxlen <= 128 &&
         parse_hexbytes(w[2], l[2], src, 16) &&
         parse_hex32(w[3], l[3], &srclen) &&
         parse_hexbytes(w[4], l[4], r->nexthop, 16) &&
         parse_hex32(w[5], l[5], &r->metric) &&
         parse_hex32(w[6], l[6], &refcnt) && parse_hex32(w[7], l[7], &use) &&
         parse_hex32(w[8], l[8], &r->flags) &&
         copy_name(r->ifname, sizeof(r->ifname), w[9], l[9]) &&
         !next_word(line, n, &i, &w[0], &wl);
}

bool snmpx__ip_parse_inet6(const char *line, size_t n, snmpx__ip_inet6 *a)
{
  size_t i = 0, wl;
  const char *w[6];
  size_t l[6];
  memset(a, 0, sizeof(*a));
  for (int k = 0; k < 6; k++)
    if (!next_word(line, n, &i, &w[k], &l[k]))
      return false;
  return parse_hexbytes(w[0], l[0], a->addr, 16) &&
         parse_hex32(w[1], l[1], &a->ifindex) &&
         parse_hex32(w[2], l[2], &a->pfxlen) &&
         parse_hex32(w[3], l[3], &a->scope) &&
         parse_hex32(w[4], l[4], &a->flags) &&
         copy_name(a->ifname, sizeof(a->ifname), w[5], l[5]) &&
         !next_word(line, n, &i, &w[0], &wl);
}

/* A dotted quad filling the word. */
static bool parse_quad(const char *w, size_t wl, uint8_t out[4])
{
  size_t i = 0;
  for (int k = 0; k < 4; k++) {
    unsigned v = 0, digits = 0;
    while (i < wl && w[i] >= '0' && w[i] <= '9' && digits < 4) {
      v = v * 10 + (unsigned)(w[i++] - '0');
      digits++;
    }
    if (digits == 0 || v > 255)
      return false;
    out[k] = (uint8_t)v;
    if (k < 3 && (i >= wl || w[i++] != '.'))
      return false;
  }
  return i == wl;
}

bool snmpx__ip_parse_arp(const char *line, size_t n, snmpx__ip_arp *a)
{
  size_t i = 0;
  const char *w[6];
  size_t l[6];
  uint32_t hwtype;
  memset(a, 0, sizeof(*a));
  for (int k = 0; k < 6; k++)
    if (!next_word(line, n, &i, &w[k], &l[k]))
      return false;
  if (!parse_quad(w[0], l[0], a->addr) || l[1] < 3 || l[2] < 3 ||
      w[1][0] != '0' || w[1][1] != 'x' || w[2][0] != '0' || w[2][1] != 'x' ||
      !parse_hex32(w[1] + 2, l[1] - 2, &hwtype) ||
      !parse_hex32(w[2] + 2, l[2] - 2, &a->flags))
    return false;
  /* "02:fc:00:00:00:05": pairs of hex digits separated by colons. */
  for (size_t k = 0; k < l[3]; k += 3) {
    if (a->hw_len >= sizeof(a->hw) || k + 2 > l[3] ||
        (k + 2 < l[3] && w[3][k + 2] != ':'))
      return false;
    int hi = hexval(w[3][k]), lo = hexval(w[3][k + 1]);
    if (hi < 0 || lo < 0)
      return false;
    a->hw[a->hw_len++] = (uint8_t)(hi << 4 | lo);
  }
  return copy_name(a->ifname, sizeof(a->ifname), w[5], l[5]);
}

unsigned snmpx__ip_mask_len(const uint8_t *mask, size_t n)
{
  unsigned len = 0;
  for (size_t i = 0; i < n; i++)
    for (int b = 7; b >= 0; b--) {
      if (!(mask[i] >> b & 1))
        return len;
      len++;
    }
  return len;
}

/* ---- Netlink ------------------------------------------------------------ */

/* Copy an attribute's payload of exactly |n| bytes (or at most, when
 * |upto|) into |dst|.  @return the bytes copied, 0 when it does not fit. */
static size_t attr_copy(const struct rtattr *a, void *dst, size_t n, bool upto)
{
  size_t pl = RTA_PAYLOAD(a);
  if (pl > n || (!upto && pl != n))
    return 0;
  memcpy(dst, RTA_DATA(a), pl);
  return pl;
}

static void decode_addr(const struct nlmsghdr *nh, snmpx__ip_nladdr *o,
                        bool *ok)
{
  const struct ifaddrmsg *ifa = NLMSG_DATA(nh);
  size_t alen;
  memset(o, 0, sizeof(*o));
  o->family = ifa->ifa_family;
  o->pfxlen = ifa->ifa_prefixlen;
  o->scope = ifa->ifa_scope;
  o->flags = ifa->ifa_flags;
  o->ifindex = ifa->ifa_index;
  o->preferred = o->valid = 0xffffffffu;
  if (o->family == AF_INET)
    alen = 4;
  else if (o->family == AF_INET6)
    alen = 16;
  else
    return;
  bool have_local = false, have_addr = false;
  int rl = (int)IFA_PAYLOAD(nh);
  for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, rl);
       a = RTA_NEXT(a, rl)) {
    switch (a->rta_type) {
    case IFA_LOCAL:
      have_local = attr_copy(a, o->addr, alen, false) == alen;
      break;
    case IFA_ADDRESS:
      if (!have_local)
        have_addr = attr_copy(a, o->addr, alen, false) == alen;
      break;
    case IFA_BROADCAST:
      o->has_bcast = attr_copy(a, o->bcast, alen, false) == alen;
      break;
    case IFA_FLAGS:
      (void)attr_copy(a, &o->flags, 4, false);
      break;
    case IFA_CACHEINFO: {
      struct ifa_cacheinfo ci;
      if (attr_copy(a, &ci, sizeof(ci), false) == sizeof(ci)) {
        o->preferred = ci.ifa_prefered;
        o->valid = ci.ifa_valid;
      }
      break;
    }
    default:
      break;
    }
  }
  *ok = have_local || have_addr;
}

static void decode_neigh(const struct nlmsghdr *nh, snmpx__ip_nlneigh *o,
                         bool *ok)
{
  const struct ndmsg *nd = NLMSG_DATA(nh);
  size_t alen;
  memset(o, 0, sizeof(*o));
  o->family = nd->ndm_family;
  o->state = nd->ndm_state;
  o->flags = nd->ndm_flags;
  o->ifindex = (uint32_t)nd->ndm_ifindex;
  if (o->family == AF_INET)
    alen = 4;
  else if (o->family == AF_INET6)
    alen = 16;
  else
    return;
  bool have_dst = false;
  int rl = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
  for (const struct rtattr *a =
           (const struct rtattr *)((const char *)nd + NLMSG_ALIGN(sizeof(*nd)));
       RTA_OK(a, rl); a = RTA_NEXT(a, rl)) {
    switch (a->rta_type) {
    case NDA_DST:
      have_dst = attr_copy(a, o->addr, alen, false) == alen;
      break;
    case NDA_LLADDR:
      o->lladdr_len = attr_copy(a, o->lladdr, sizeof(o->lladdr), true);
      break;
    case NDA_CACHEINFO: {
      struct nda_cacheinfo ci;
      if (attr_copy(a, &ci, sizeof(ci), false) == sizeof(ci)) {
        o->updated = ci.ndm_updated;
        o->has_cacheinfo = true;
      }
      break;
    }
    default:
      break;
    }
  }
  *ok = have_dst;
}

static void decode_route(const struct nlmsghdr *nh, snmpx__ip_nlroute *o,
                         bool *ok)
{
  const struct rtmsg *rt = NLMSG_DATA(nh);
  memset(o, 0, sizeof(*o));
  o->family = rt->rtm_family;
  o->dst_len = rt->rtm_dst_len;
  o->flags = rt->rtm_flags;
  o->oif = -1;
  int rl = (int)RTM_PAYLOAD(nh);
  for (const struct rtattr *a = RTM_RTA(rt); RTA_OK(a, rl);
       a = RTA_NEXT(a, rl)) {
    switch (a->rta_type) {
    case RTA_OIF:
      (void)attr_copy(a, &o->oif, 4, false);
      break;
    case RTA_GATEWAY:
      o->gateway_len = attr_copy(a, o->gateway, sizeof(o->gateway), true);
      break;
    case RTA_CACHEINFO: {
      struct rta_cacheinfo ci;
      if (attr_copy(a, &ci, sizeof(ci), false) == sizeof(ci))
        o->expires = ci.rta_expires;
      break;
    }
    default:
      break;
    }
  }
  *ok = o->family == AF_INET || o->family == AF_INET6;
}

int snmpx__ip_nl_walk(const uint8_t *buf, size_t len, uint16_t type,
                      void (*cb)(void *ud, const void *item), void *ud)
{
  /* Messages are 4-byte aligned in the kernel's buffer; a copy made by a
   * caller may not be, so each header is copied out before use. */
  size_t off = 0;
  while (len - off >= sizeof(struct nlmsghdr)) {
    struct nlmsghdr hdr;
    memcpy(&hdr, buf + off, sizeof(hdr));
    if (hdr.nlmsg_len < sizeof(hdr) || hdr.nlmsg_len > len - off)
      return -1;
    if (hdr.nlmsg_type == NLMSG_DONE)
      return 1;
    if (hdr.nlmsg_type == NLMSG_ERROR)
      return -1;
    /* An aligned copy of the message for the RTA_* macros. */
    union {
      struct nlmsghdr h;
      uint8_t b[8192];
    } m;
    if (cb != NULL && hdr.nlmsg_type == type && hdr.nlmsg_len <= sizeof(m.b)) {
      memcpy(m.b, buf + off, hdr.nlmsg_len);
      bool ok = false;
      if (type == RTM_NEWADDR &&
          hdr.nlmsg_len >= NLMSG_LENGTH(sizeof(struct ifaddrmsg))) {
        snmpx__ip_nladdr a;
        decode_addr(&m.h, &a, &ok);
        if (ok)
          cb(ud, &a);
      } else if (type == RTM_NEWROUTE &&
                 hdr.nlmsg_len >= NLMSG_LENGTH(sizeof(struct rtmsg))) {
        snmpx__ip_nlroute r;
        decode_route(&m.h, &r, &ok);
        if (ok)
          cb(ud, &r);
      } else if (type == RTM_NEWNEIGH &&
                 hdr.nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg))) {
        snmpx__ip_nlneigh nb;
        decode_neigh(&m.h, &nb, &ok);
        if (ok)
          cb(ud, &nb);
      }
    }
    size_t step = NLMSG_ALIGN(hdr.nlmsg_len);
    if (step > len - off)
      break;
    off += step;
  }
  return 0;
}
