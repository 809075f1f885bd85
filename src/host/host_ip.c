/* IP-MIB (RFC 4293), IP-FORWARD-MIB (RFC 4292) and the ICMP group, as
 * Net-SNMP's snmpd serves them on Linux: the framework (snapshots,
 * registration, kernel reads).  What is served is built by the loaders
 * in host_ip_tables.c; see host_ip_priv.h for the design. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "host_ip_priv.h"

static const uint32_t ip_root[] = {1, 3, 6, 1, 2, 1, 4};
static const uint32_t icmp_root[] = {1, 3, 6, 1, 2, 1, 5};
#define ROOT_LEN 7

/* ---- Snapshot building ------------------------------------------------ */

static bool grow(const snmpx_mem *mem, void **p, size_t *cap, size_t need,
                 size_t size)
{
  if (need <= *cap)
    return true;
  size_t c = *cap ? *cap : 64;
  while (c < need)
    c *= 2;
  void *q = snmpx__realloc(mem, *p, c * size);
  if (q == NULL)
    return false;
  *p = q;
  *cap = c;
  return true;
}

static ipx_ent *add_ent(ipx_snap *s, const uint32_t *suffix, size_t n)
{
  if (s->oom || n == 0 || n > SNMPX_OID_MAX_LEN - ROOT_LEN)
    return NULL;
  if (!grow(s->mem, (void **)&s->ents, &s->cap, s->n + 1, sizeof(ipx_ent)) ||
      !grow(s->mem, (void **)&s->arcs, &s->cap_arcs, s->n_arcs + n,
            sizeof(uint32_t))) {
    s->oom = true;
    return NULL;
  }
  ipx_ent *e = &s->ents[s->n++];
  memset(e, 0, sizeof(*e));
  e->name_off = (uint32_t)s->n_arcs;
  e->name_len = (uint16_t)n;
  e->obj_len = (uint16_t)(n - 1);
  memcpy(s->arcs + s->n_arcs, suffix, n * sizeof(uint32_t));
  s->n_arcs += n;
  return e;
}

void snmpx__ip_emit(ipx_snap *s, const uint32_t *suffix, size_t n,
                    snmpx_value v)
{
  ipx_ent *e = add_ent(s, suffix, n);
  if (e != NULL)
    e->v = v;
}

void snmpx__ip_emit_bytes(ipx_snap *s, const uint32_t *suffix, size_t n,
                          snmpx_type t, const void *p, size_t len)
{
  ipx_ent *e = add_ent(s, suffix, n);
  if (e == NULL)
    return;
  if (!grow(s->mem, (void **)&s->bytes, &s->cap_bytes, s->n_bytes + len + 1,
            1)) {
    s->oom = true;
    s->n--;
    return;
  }
  if (len > 0)
    memcpy(s->bytes + s->n_bytes, p, len);
  e->val_off = (uint32_t)s->n_bytes;
  s->n_bytes += len;
  e->v.type = t;
  e->v.v.bytes.len = len;
}

void snmpx__ip_emit_oid(ipx_snap *s, const uint32_t *suffix, size_t n,
                        const uint32_t *arcs, size_t len)
{
  ipx_ent *e = add_ent(s, suffix, n);
  if (e == NULL)
    return;
  if (!grow(s->mem, (void **)&s->arcs, &s->cap_arcs, s->n_arcs + len,
            sizeof(uint32_t))) {
    s->oom = true;
    s->n--;
    return;
  }
  memcpy(s->arcs + s->n_arcs, arcs, len * sizeof(uint32_t));
  e->val_off = (uint32_t)s->n_arcs;
  s->n_arcs += len;
  e->v.type = SNMPX_TYPE_OID;
  e->v.v.oid.len = len;
}

void snmpx__ip_set_column(ipx_snap *s, size_t len, unsigned lo, unsigned hi)
{
  if (s->n > 0 && len > 0 && len < s->ents[s->n - 1].name_len) {
    ipx_ent *e = &s->ents[s->n - 1];
    e->obj_len = (uint16_t)len;
    e->column = true;
    e->col_lo = (uint8_t)lo;
    e->col_hi = (uint8_t)hi;
  }
}

void snmpx__ip_set_lone(ipx_snap *s)
{
  if (s->n > 0)
    s->ents[s->n - 1].no_others = true;
}

static int ent_cmp(const void *a, const void *b)
{
  const ipx_ent *x = a, *y = b;
  snmpx_oidv ox = {x->name, x->name_len}, oy = {y->name, y->name_len};
  return snmpx_oidv_compare(ox, oy);
}

/* The pools no longer move: point the entries into them, sort by name
 * and drop duplicates (the first loaded wins, as a Net-SNMP container
 * refuses a second insert of a key). */
static void finish(ipx_snap *s)
{
  if (s->n == 0)
    return; /* nothing read: s->ents may still be NULL */
  for (size_t i = 0; i < s->n; i++) {
    ipx_ent *e = &s->ents[i];
    e->name = s->arcs + e->name_off;
    if (e->v.type == SNMPX_TYPE_OID)
      e->v.v.oid.arcs = s->arcs + e->val_off;
    else if (e->v.type == SNMPX_TYPE_OCTET_STRING ||
             e->v.type == SNMPX_TYPE_IPADDRESS)
      e->v.v.bytes.ptr = s->bytes + e->val_off;
  }
  /* A stable order for duplicates: entries are added in load order, and
   * qsort is not stable, so the insertion position breaks ties. */
  for (size_t i = 0; i < s->n; i++)
    s->ents[i].name_off = (uint32_t)i;
  qsort(s->ents, s->n, sizeof(ipx_ent), ent_cmp);
  size_t w = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (w > 0 && ent_cmp(&s->ents[w - 1], &s->ents[i]) == 0) {
      if (s->ents[i].name_off < s->ents[w - 1].name_off)
        s->ents[w - 1] = s->ents[i];
      continue;
    }
    s->ents[w++] = s->ents[i];
  }
  s->n = w;
}

static void snap_free(ipx_snap *s)
{
  const snmpx_mem *mem = s->mem;
  snmpx__free(mem, s->ents);
  snmpx__free(mem, s->arcs);
  snmpx__free(mem, s->bytes);
  memset(s, 0, sizeof(*s));
  s->mem = mem;
}

/* ---- Sections ----------------------------------------------------------- */

/* The section's current snapshot, reloaded into the other one when the
 * cache expired (the one it replaces stays until the next reload: values
 * of this request may point into it). */
static const ipx_snap *section_snap(ipx_state *st, ipx_section *sec)
{
  if (snmpx__host_cache_stale(st->h, &sec->cache)) {
    int next = 1 - sec->cur;
    ipx_snap *s = &sec->snap[next];
    s->n = s->n_arcs = s->n_bytes = 0;
    s->oom = false;
    sec->load(st, s);
    if (s->oom) {
      snmpx__host_log(st->h, "IP-MIB: %s: out of memory", sec->what);
      s->n = 0;
    }
    finish(s);
    sec->cur = next;
    snmpx__host_cache_loaded(st->h, &sec->cache);
  }
  return &sec->snap[sec->cur];
}

/* Index of the first entry >= |name| (|n| when none). */
static size_t lower_bound(const ipx_snap *s, snmpx_oidv name)
{
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    snmpx_oidv m = {s->ents[mid].name, s->ents[mid].name_len};
    if (snmpx_oidv_compare(m, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static ipx_section *owner(ipx_group *g, uint32_t arc)
{
  if (arc >= 64)
    return NULL;
  for (size_t i = 0; i < g->n_secs; i++)
    if (g->secs[i].arcs_lo >> arc & 1)
      return &g->secs[i];
  return NULL;
}

/* True when |suf| is another instance of |e|'s object (a scalar), or a
 * row of a column of |e|'s table that snmpd's handler would serve. */
static bool same_object(const ipx_ent *e, snmpx_oidv suf)
{
  if (!e->column)
    return !e->no_others && suf.len > e->obj_len &&
           memcmp(e->name, suf.arcs, e->obj_len * sizeof(uint32_t)) == 0;
  size_t entry = e->obj_len - 1u; /* the xxxEntry under the root */
  if (suf.len <= e->obj_len ||
      memcmp(e->name, suf.arcs, entry * sizeof(uint32_t)) != 0)
    return false;
  uint32_t col = suf.arcs[entry];
  return e->col_hi == 0 || (col >= e->col_lo && col <= e->col_hi);
}

static snmpx_errstat grp_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                             snmpx_value *out)
{
  (void)req;
  ipx_group *g = ctx;
  out->type = SNMPX_TYPE_NOSUCHOBJECT;
  if (name.len <= ROOT_LEN)
    return SNMPX_ERRSTAT_NO_ERROR;
  snmpx_oidv suf = {name.arcs + ROOT_LEN, name.len - ROOT_LEN};
  ipx_section *sec = owner(g, suf.arcs[0]);
  if (sec == NULL)
    return SNMPX_ERRSTAT_NO_ERROR;
  const ipx_snap *s = section_snap(g->st, sec);
  size_t i = lower_bound(s, suf);
  if (i < s->n) {
    snmpx_oidv m = {s->ents[i].name, s->ents[i].name_len};
    if (snmpx_oidv_compare(m, suf) == 0) {
      *out = s->ents[i].v;
      return SNMPX_ERRSTAT_NO_ERROR;
    }
  }
  /* An object that exists with no such instance, as snmpd answers: a
   * neighbour of the name in the snapshot is the same scalar, or a
   * column of the same table (see ipx_ent). */
  for (size_t k = i > 0 ? i - 1 : 0; k <= i && k < s->n; k++)
    if (same_object(&s->ents[k], suf))
      out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat grp_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                              snmpx_oid *name, snmpx_value *out)
{
  (void)req;
  ipx_group *g = ctx;
  uint32_t first = 0;
  snmpx_oidv suf = {NULL, 0};
  snmpx_oidv root = {g->root, ROOT_LEN};
  if (after.len > ROOT_LEN && snmpx_oidv_has_prefix(after, root)) {
    suf = (snmpx_oidv){after.arcs + ROOT_LEN, after.len - ROOT_LEN};
    first = suf.arcs[0];
  } else if (snmpx_oidv_compare(after, root) > 0) {
    out->type = SNMPX_TYPE_ENDOFMIBVIEW; /* after the subtree */
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  /* Sections interleave (ip's scalars lie around its tables), and each
   * owns whole first arcs: look arc by arc in the owner's snapshot. */
  for (uint32_t arc = first; arc < 64; arc++) {
    ipx_section *sec = owner(g, arc);
    if (sec == NULL)
      continue;
    const ipx_snap *s = section_snap(g->st, sec);
    size_t i;
    if (arc == first && suf.len > 0) {
      i = lower_bound(s, suf);
      if (i < s->n &&
          snmpx_oidv_compare((snmpx_oidv){s->ents[i].name, s->ents[i].name_len},
                             suf) == 0)
        i++;
    } else {
      i = lower_bound(s, (snmpx_oidv){&arc, 1});
    }
    if (i >= s->n || s->ents[i].name[0] != arc)
      continue;
    memcpy(name->arcs, g->root, ROOT_LEN * sizeof(uint32_t));
    memcpy(name->arcs + ROOT_LEN, s->ents[i].name,
           s->ents[i].name_len * sizeof(uint32_t));
    name->len = ROOT_LEN + s->ents[i].name_len;
    *out = s->ents[i].v;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops grp_ops = {grp_get, grp_next, NULL,
                                      NULL,    NULL,     NULL};

/* ---- Kernel reads -------------------------------------------------------- */

const char *snmpx__ip_read(ipx_state *st, int slot, const char *path,
                           size_t *len)
{
  snmpx__host_buf *b = &st->f[slot];
  if (snmpx__host_read(st->h, path, b) != 0)
    return NULL;
  *len = b->len;
  return b->data;
}

uint32_t snmpx__ip_ifindex(ipx_state *st, const char *name)
{
  snmpx__host_buf *b = &st->f[3];
  if (strchr(name, '/') != NULL || name[0] == '.' ||
      snmpx__host_readf(st->h, b, "/sys/class/net/%s/ifindex", name) != 0)
    return 0;
  char *end;
  unsigned long v = strtoul(b->data, &end, 10);
  return end != b->data && v <= 0x7fffffffUL ? (uint32_t)v : 0;
}

static bool has_root(ipx_state *st)
{
  char p[8];
  return snmpx__host_path(st->h, "", p, sizeof(p)) == NULL || p[0] != '\0';
}

static int nl_put(ipx_state *st, const void *p, size_t n)
{
  if (!grow(snmpx__host_mem(st->h), (void **)&st->nl, &st->nl_cap,
            st->nl_len + n, 1))
    return SNMPX_ENOMEM;
  memcpy(st->nl + st->nl_len, p, n);
  st->nl_len += n;
  return 0;
}

/* Ask the kernel for a dump and gather its messages until NLMSG_DONE
 * (the kernel answers at once from its tables; a poll bounds the wait in
 * case it does not). */
static int nl_kernel_dump(ipx_state *st, uint16_t type)
{
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    return SNMPX_ENOTFOUND;
  struct {
    struct nlmsghdr nh;
    struct rtgenmsg g;
    uint8_t pad[16]; /* the rest of ifaddrmsg, rtmsg or ndmsg */
  } rq;
  memset(&rq, 0, sizeof(rq));
  /* The request's header is the family's message (zero but for the
   * family, its first byte); routes are asked for IPv6 only (IPv4's come
   * from /proc/net/route). */
  size_t body = type == RTM_GETADDR    ? sizeof(struct ifaddrmsg)
                : type == RTM_GETROUTE ? sizeof(struct rtmsg)
                                       : sizeof(struct ndmsg);
  rq.nh.nlmsg_len = NLMSG_LENGTH(body);
  rq.nh.nlmsg_type = type;
  rq.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  rq.nh.nlmsg_seq = 1;
  rq.g.rtgen_family = type == RTM_GETROUTE ? AF_INET6 : AF_UNSPEC;
  int rv = SNMPX_ENOTFOUND;
  if (send(fd, &rq, rq.nh.nlmsg_len, 0) < 0)
    goto out;
  uint8_t buf[16384];
  for (;;) {
    struct pollfd pfd = {fd, POLLIN, 0};
    if (poll(&pfd, 1, 1000) <= 0)
      goto out;
    ssize_t r = recv(fd, buf, sizeof(buf), 0);
    if (r <= 0)
      goto out;
    if (nl_put(st, buf, (size_t)r) != 0) {
      rv = SNMPX_ENOMEM;
      goto out;
    }
    int w = snmpx__ip_nl_walk(buf, (size_t)r, 0, NULL, NULL);
    if (w != 0) {
      rv = w > 0 ? 0 : SNMPX_ENOTFOUND;
      goto out;
    }
  }
out:
  close(fd);
  return rv;
}

int snmpx__ip_nl_dump(ipx_state *st, uint16_t type)
{
  st->nl_len = 0;
  if (has_root(st)) {
    size_t len;
    const char *t = snmpx__ip_read(st, 3,
                                   type == RTM_GETADDR    ? "/netlink/addr"
                                   : type == RTM_GETROUTE ? "/netlink/route"
                                                          : "/netlink/neigh",
                                   &len);
    return t != NULL ? nl_put(st, t, len) : SNMPX_ENOTFOUND;
  }
  return nl_kernel_dump(st, type);
}

/* ---- The module ---------------------------------------------------------- */

#define ARC(a) ((uint64_t)1 << (a))

static int init(snmpx_host *h, void **state)
{
  const snmpx_mem *mem = snmpx__host_mem(h);
  ipx_state *st = snmpx__calloc(mem, 1, sizeof(*st));
  if (st == NULL)
    return SNMPX_ENOMEM;
  st->h = h;
  /* ipAddressSpinLock (RFC 4293): TestAndIncr, started at a random
   * value as snmpd does. */
  st->spinlock = (int32_t)((uint32_t)time(NULL) * 2654435761u & 0x7fffffff);
  /* Lifetimes as snmpd's: the MIB-II groups (mibII/ip.c, icmp.c,
   * var_route.c, at.c) cache 5 s, the MFD tables of ip-mib and
   * ip-forward-mib 30 s (netsnmp_cache_create(30, ...)). */
  const uint64_t scal = ARC(1) | ARC(2) | ARC(3) | ARC(4) | ARC(5) | ARC(6) |
                        ARC(7) | ARC(8) | ARC(9) | ARC(10) | ARC(11) | ARC(12) |
                        ARC(13) | ARC(14) | ARC(15) | ARC(16) | ARC(17) |
                        ARC(18) | ARC(19) | ARC(23) | ARC(25) | ARC(26) |
                        ARC(33);
  st->ip[0] =
      (ipx_section){"ip scalars",     scal,  5000, snmpx__ip_load_ip_scalars,
                    {0, 5000, false}, {{0}}, 0};
  st->ip[1] = (ipx_section){"addresses",
                            ARC(20) | ARC(32) | ARC(34) | ARC(36),
                            5000,
                            snmpx__ip_load_addrs,
                            {0, 5000, false},
                            {{0}},
                            0};
  st->ip[2] = (ipx_section){"routes",
                            ARC(21) | ARC(24) | ARC(37),
                            5000,
                            snmpx__ip_load_routes,
                            {0, 5000, false},
                            {{0}},
                            0};
  st->ip[3] = (ipx_section){"neighbours",
                            ARC(22) | ARC(35),
                            5000,
                            snmpx__ip_load_neigh,
                            {0, 5000, false},
                            {{0}},
                            0};
  st->ip[4] =
      (ipx_section){"statistics",      ARC(31), 30000, snmpx__ip_load_stats,
                    {0, 30000, false}, {{0}},   0};
  st->icmp =
      (ipx_section){"icmp",           ~(uint64_t)0, 5000, snmpx__ip_load_icmp,
                    {0, 5000, false}, {{0}},        0};
  for (int i = 0; i < IPX_N_IP; i++)
    st->ip[i].snap[0].mem = st->ip[i].snap[1].mem = mem;
  st->icmp.snap[0].mem = st->icmp.snap[1].mem = mem;
  *state = st;
  return 0;
}

static int attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)h;
  ipx_state *st = state;
  st->grp[0] = (ipx_group){st, ip_root, st->ip, IPX_N_IP};
  st->grp[1] = (ipx_group){st, icmp_root, &st->icmp, 1};
  int rv = snmpx_mib_register(m, SNMPX_OIDV(ip_root), &grp_ops, &st->grp[0]);
  if (rv != 0)
    return rv;
  rv = snmpx_mib_register(m, SNMPX_OIDV(icmp_root), &grp_ops, &st->grp[1]);
  if (rv != 0 && rv != SNMPX_EMIB_OVERLAP)
    return rv;
  /* snmpd's sysORTable row of mibII/ip.c (RFC 4293's MODULE-IDENTITY). */
  static const uint32_t ip_mib[] = {1, 3, 6, 1, 2, 1, 4};
  rv = snmpx_agent_add_sysor(
      a, SNMPX_OIDV(ip_mib),
      "The MIB module for managing IP and ICMP implementations");
  return rv == SNMPX_ENOTFOUND || rv > 0 ? 0 : rv;
}

static void free_state(snmpx_host *h, void *state)
{
  ipx_state *st = state;
  if (st == NULL)
    return;
  for (int i = 0; i < 4; i++)
    snmpx__host_buf_free(h, &st->f[i]);
  for (int i = 0; i < IPX_N_IP; i++)
    for (int k = 0; k < 2; k++)
      snap_free(&st->ip[i].snap[k]);
  for (int k = 0; k < 2; k++)
    snap_free(&st->icmp.snap[k]);
  snmpx__free(snmpx__host_mem(h), st->nl);
  snmpx__free(snmpx__host_mem(h), st);
}

const snmpx__host_module snmpx__host_ip = {"IP-MIB", init, NULL,
                                           attach,   NULL, free_state};
