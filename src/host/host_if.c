/* IF-MIB (RFC 2863) as Net-SNMP 5.9's snmpd serves it on Linux: ifNumber,
 * ifTable, ifXTable and ifTableLastChange (snmpd serves no ifStackTable,
 * ifRcvAddressTable or ifTestTable there), linkUp and linkDown.
 *
 * The source is read as snmpd reads it (agent/mibgroup/if-mib/
 * data_access/interface_linux.c): /proc/net/dev names the interfaces and
 * gives their counters; what snmpd asks ioctls for (index, hardware type
 * and address, flags, MTU) comes from the same kernel values in
 * /sys/class/net/NAME, and the Ethernet speed from ethtool as snmpd asks
 * it (from sysfs under a recorded tree, which has no ioctls).  The rows live
 * across reloads as snmpd's ifTable container does (ifTable_data_access.c): a
 * row keeps its ifLastChange until its ifOperStatus changes, an interface that
 * goes away stays (down) for interface_fadeout seconds, and what a manager set
 * (ifAlias, ifLinkUpDownTrapEnable) stays with the row. */
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "host_if.h"
#include "host_priv.h"

#define IF_CACHE_MS 3000    /* IFTABLE_CACHE_TIMEOUT, seconds in snmpd */
#define IF_FADEOUT_S 300    /* IFTABLE_REMOVE_MISSING_AFTER */
#define IF_MONITOR_MS 60000 /* linkUpDownNotifications: `monitor -r 60` */
#define IF_ALIAS_MAX 64     /* ifAlias: DisplayString (SIZE(0..64)) */

enum { ADMIN_UP = 1, ADMIN_DOWN = 2, OPER_UP = 1, OPER_DOWN = 2 };

/* One ifTable/ifXTable row. */
typedef struct if_row {
  uint32_t index;
  int32_t type, mtu, admin, oper;
  uint32_t speed, high_speed;
  uint32_t last_change;   /* ifLastChange, sysUpTime ticks */
  uint32_t discontinuity; /* ifCounterDiscontinuityTime */
  int32_t trap_enable;    /* ifLinkUpDownTrapEnable; 0: never set */
  uint64_t in_octets, in_all, in_mcast, out_octets, out_ucast;
  uint64_t in_errs, in_drop, out_errs, out_drop;
  bool promisc, connector;
  bool missing; /* gone from the kernel, kept until the fadeout */
  bool fresh;   /* added by this reload */
  uint8_t paddr_len, name_len, descr_len, alias_len;
  uint8_t paddr[6];
  char name[SNMPX__HOST_IF_NAME_MAX + 1];  /* ifName: kept from the first */
  char descr[SNMPX__HOST_IF_NAME_MAX + 1]; /* ifDescr: the current name */
  char alias[IF_ALIAS_MAX + 1];
} if_row;

typedef struct if_override {
  char name[SNMPX__HOST_IF_NAME_MAX + 1];
  int32_t type;
  uint64_t speed;
} if_override;

/* linkUpDownNotifications: one sampled interface and its two triggers'
 * armed flags (DISMAN-EVENT-MIB boolean tests, mteTrigger.c). */
#define ARMED_UP 1
#define ARMED_DOWN 2
typedef struct if_watch {
  uint32_t index;
  uint8_t armed;
} if_watch;

typedef struct if_state {
  snmpx_host *h;
  snmpx_agent *agent;
  snmpx_table *t_if, *t_ifx;
  snmpx__host_cache cache;
  if_row *rows;
  size_t n_rows;
  snmpx__host_if_dev *devs; /* scratch of a reload */
  size_t devs_cap;
  snmpx__host_buf text, value;
  bool live;          /* the real host (no root): ethtool may be asked */
  int sock;           /* for the ethtool ioctl; -1 until needed */
  bool loaded;        /* the first reload is done (snmpd's _first_load) */
  bool warned_source; /* /proc/net/dev missing was logged */
  bool warned_dup;    /* a duplicate ifIndex was logged */
  uint32_t table_last_change;
  /* snmpd.conf */
  if_override *overrides;
  size_t n_overrides;
  regex_t *include;
  size_t n_include;
  int32_t max_ifaces; /* ifmib_max_num_ifaces; 0: no limit */
  uint32_t fadeout_s;
  bool replace_old;
  bool link_notify;
  /* the linkUp/linkDown monitor */
  if_watch *watch;
  size_t n_watch;
  bool sampled;
  uint64_t next_monitor;
} if_state;

static const snmpx_mem *mem_of(const if_state *st)
{
  return snmpx__host_mem(st->h);
}

static uint32_t uptime(const if_state *st)
{
  return st->agent != NULL ? snmpx_agent_uptime(st->agent) : 0;
}

/* ---- Notifications ----------------------------------------------------- */

static const uint32_t link_down_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 3};
static const uint32_t link_up_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 4};

/* linkUp or linkDown for |r| (RFC 2863 6): ifIndex, ifAdminStatus and
 * ifOperStatus of the interface, as snmpd sends both. */
static void send_link(const if_state *st, const if_row *r, bool up)
{
  uint32_t arcs[3][11];
  snmpx_varbind vb[3];
  const int32_t vals[3] = {(int32_t)r->index, r->admin, r->oper};
  for (uint32_t i = 0; i < 3; i++) {
    static const uint32_t col[3] = {1, 7, 8};
    static const uint32_t if_entry[] = {1, 3, 6, 1, 2, 1, 2, 2, 1};
    memcpy(arcs[i], if_entry, sizeof(if_entry));
    arcs[i][9] = col[i];
    arcs[i][10] = r->index;
    vb[i].name = (snmpx_oidv){arcs[i], 11};
    vb[i].value = snmpx_value_int(SNMPX_TYPE_INTEGER, vals[i]);
  }
  snmpx__host_notify(
      st->h, up ? SNMPX_OIDV(link_up_oid) : SNMPX_OIDV(link_down_oid), vb, 3);
}

/* The monitor snmpd's `linkUpDownNotifications yes` sets up
 * (mteTriggerConf.c): two boolean triggers on ifOperStatus sampled every
 * 60 s, "!= 2" sending linkUp and "== 2" sending linkDown, without
 * startup events (-S).  A trigger fires when its test turns true for an
 * instance, and for an instance that appears true after the first sample;
 * the first sample only arms (DISMAN-EVENT-MIB mteTriggerBooleanStartup
 * false).  linkUp's trigger is evaluated before linkDown's. */
static int monitor(if_state *st)
{
  if_watch *w = NULL;
  if (st->n_rows > 0) {
    w = snmpx__calloc(mem_of(st), st->n_rows, sizeof(*w));
    if (w == NULL)
      return SNMPX_ENOMEM;
  }
  size_t j = 0;
  for (size_t i = 0; i < st->n_rows; i++) {
    w[i].index = st->rows[i].index;
    w[i].armed = ARMED_UP | ARMED_DOWN; /* a new instance is armed */
    while (j < st->n_watch && st->watch[j].index < w[i].index)
      j++;
    if (j < st->n_watch && st->watch[j].index == w[i].index)
      w[i].armed = st->watch[j].armed;
  }
  for (int pass = 0; pass < 2; pass++) {
    uint8_t bit = pass == 0 ? ARMED_UP : ARMED_DOWN;
    for (size_t i = 0; i < st->n_rows; i++) {
      const if_row *r = &st->rows[i];
      bool hit = pass == 0 ? r->oper != OPER_DOWN : r->oper == OPER_DOWN;
      if (!hit) {
        w[i].armed |= bit;
      } else if (w[i].armed & bit) {
        w[i].armed &= (uint8_t)~bit;
        if (st->sampled)
          send_link(st, r, pass == 0);
      }
    }
  }
  snmpx__free(mem_of(st), st->watch);
  st->watch = w;
  st->n_watch = st->n_rows;
  st->sampled = true;
  return 0;
}

/* ---- Reading the interfaces ------------------------------------------- */

/* A small sysfs file of interface |name| into st->value.  @return its
 * text (NUL-terminated), or NULL when it cannot be read. */
static const char *sysfs(if_state *st, const char *name, const char *file)
{
  if (snmpx__host_readf(st->h, &st->value, "/sys/class/net/%s/%s", name, file) <
      0)
    return NULL;
  return st->value.data;
}

static bool sysfs_int(if_state *st, const char *name, const char *file,
                      int64_t *out)
{
  const char *s = sysfs(st, name, file);
  return s != NULL && snmpx__host_if_parse_int(s, st->value.len, out);
}

static bool included(const if_state *st, const char *name)
{
  if (st->n_include == 0)
    return true; /* no include_ifmib_iface_prefix: every interface */
  for (size_t i = 0; i < st->n_include; i++)
    if (regexec(&st->include[i], name, 0, NULL, 0) == 0)
      return true;
  return false;
}

static const if_override *override_of(const if_state *st, const char *name)
{
  /* The last `interface` line for a name wins, as in snmpd (its list is
   * built newest first). */
  for (size_t i = st->n_overrides; i-- > 0;)
    if (strcmp(st->overrides[i].name, name) == 0)
      return &st->overrides[i];
  return NULL;
}

static void set_string(char *dst, uint8_t *len, const char *src, size_t cap)
{
  size_t n = strlen(src);
  if (n > cap)
    n = cap;
  memcpy(dst, src, n);
  dst[n] = '\0';
  *len = (uint8_t)n;
}

/* Operational state as SIOCGIFFLAGS gives it to snmpd: IFF_RUNNING is
 * set when the interface is up and its operstate is "up" or "unknown"
 * (the kernel's dev_get_flags and netif_oper_up); sysfs's `flags` file
 * shows the flags without it. */
static bool running(if_state *st, const char *name, int64_t flags)
{
  if (!(flags & IFF_UP))
    return false;
  const char *s = sysfs(st, name, "operstate");
  return s != NULL &&
         (strncmp(s, "up", 2) == 0 || strncmp(s, "unknown", 7) == 0);
}

/* ETHTOOL_GLINKSETTINGS as Net-SNMP's netsnmp_get_link_settings asks
 * it: a handshake for the mask size, then the settings when the masks
 * fit in 4 words each.  @return the ioctl's result (speed in *|mbps|). */
static int ethtool_glinksettings(int fd, struct ifreq *ifr, uint32_t *mbps)
{
  enum { MASK_WORDS = 4 };
  _Alignas(8) uint8_t buf[sizeof(struct ethtool_link_settings) +
                          3 * MASK_WORDS * sizeof(uint32_t)];
  struct ethtool_link_settings ls;
  memset(buf, 0, sizeof(buf));
  memset(&ls, 0, sizeof(ls));
  ls.cmd = ETHTOOL_GLINKSETTINGS;
  memcpy(buf, &ls, sizeof(ls));
  ifr->ifr_data = (char *)buf;
  int err = ioctl(fd, SIOCETHTOOL, ifr);
  memcpy(&ls, buf, sizeof(ls));
  if (ls.link_mode_masks_nwords < 0 &&
      -ls.link_mode_masks_nwords <= MASK_WORDS) {
    ls.link_mode_masks_nwords = (int8_t)-ls.link_mode_masks_nwords;
    memcpy(buf, &ls, sizeof(ls));
    err = ioctl(fd, SIOCETHTOOL, ifr);
    memcpy(&ls, buf, sizeof(ls));
  }
  *mbps = ls.speed;
  return err;
}

/* The link speed (Mb/s) ethtool gives for |name|, as snmpd's
 * netsnmp_linux_interface_get_if_speed asks it, down interfaces
 * included: ETHTOOL_GLINKSETTINGS, else the older ETHTOOL_GSET.
 * @return false when neither answers (snmpd then tries MII registers,
 * which snmpx does not: the speed is snmpd's default, 0). */
static bool ethtool_speed(if_state *st, const char *name, int64_t *mbps)
{
  if (st->sock < 0)
    st->sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  size_t n = strlen(name);
  if (st->sock < 0 || n >= IFNAMSIZ)
    return false;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  memcpy(ifr.ifr_name, name, n);
  uint32_t speed = 0;
  if (ethtool_glinksettings(st->sock, &ifr, &speed) >= 0) {
    *mbps = speed;
    return true;
  }
  struct ethtool_cmd cmd;
  memset(&cmd, 0, sizeof(cmd));
  cmd.cmd = ETHTOOL_GSET;
  ifr.ifr_data = (char *)&cmd;
  if (ioctl(st->sock, SIOCETHTOOL, &ifr) < 0)
    return false;
  *mbps = (uint32_t)cmd.speed | (uint32_t)cmd.speed_hi << 16;
  return true;
}

/* The Ethernet speed in Mb/s: ethtool on the live host; under a
 * recorded tree, sysfs's `speed`, which the kernel fills from the same
 * ethtool call but only for an interface that is up (EINVAL otherwise,
 * so the file is not opened for one that is down). */
static bool link_speed(if_state *st, const char *name, int64_t flags,
                       int64_t *mbps)
{
  if (st->live)
    return ethtool_speed(st, name, mbps);
  return (flags & IFF_UP) && sysfs_int(st, name, "speed", mbps);
}

/* Interface |d| of /proc/net/dev into |r| as snmpd's
 * netsnmp_arch_interface_container_load builds its entry.  @return false
 * when it is left out (filtered, or gone before it could be read). */
static bool read_dev(if_state *st, const snmpx__host_if_dev *d, if_row *r)
{
  const char *name = d->name;
  if (name[0] == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
      strcmp(name, "..") == 0 || !included(st, name))
    return false;
  int64_t v;
  if (!sysfs_int(st, name, "ifindex", &v) || v <= 0 || v > INT32_MAX)
    return false; /* snmpd: "network interface is gone" */
  if (st->max_ifaces > 0 && v > st->max_ifaces)
    return false;
  memset(r, 0, sizeof(*r));
  r->index = (uint32_t)v;
  set_string(r->name, &r->name_len, name, SNMPX__HOST_IF_NAME_MAX);
  set_string(r->descr, &r->descr_len, name, SNMPX__HOST_IF_NAME_MAX);
  r->type = sysfs_int(st, name, "type", &v) ? snmpx__host_if_type_of_arphrd(v)
                                            : snmpx__host_if_type_of_name(name);
  const char *addr = sysfs(st, name, "address");
  if (addr != NULL)
    r->paddr_len =
        (uint8_t)snmpx__host_if_parse_hwaddr(addr, st->value.len, r->paddr);
  int64_t flags = 0;
  if (!sysfs_int(st, name, "flags", &flags))
    flags = 0;
  bool known = r->type == 6 && link_speed(st, name, flags, &v);
  snmpx__host_if_speed(r->type, known, known ? v : 0, &r->speed,
                       &r->high_speed);
  r->admin = flags & IFF_UP ? ADMIN_UP : ADMIN_DOWN;
  r->oper = running(st, name, flags) ? OPER_UP : OPER_DOWN;
  r->connector = !(flags & IFF_LOOPBACK);
  r->promisc = (flags & IFF_PROMISC) != 0;
  r->mtu = sysfs_int(st, name, "mtu", &v) && v >= 0 && v <= INT32_MAX
               ? (int32_t)v
               : 0;
  const if_override *o = override_of(st, name);
  if (o != NULL) { /* netsnmp_access_interface_entry_overrides */
    r->type = o->type;
    r->speed = o->speed > 0xffffffffu ? 0xffffffffu : (uint32_t)o->speed;
    r->high_speed = (uint32_t)(o->speed / 1000000u);
  }
  if (d->has_stats) {
    r->in_octets = d->rx_bytes;
    r->in_all = d->rx_packets;
    r->in_mcast = d->rx_mcast;
    r->in_errs = d->rx_errs;
    r->in_drop = d->rx_drop;
    r->out_octets = d->tx_bytes;
    r->out_ucast = d->tx_packets;
    r->out_errs = d->tx_errs;
    r->out_drop = d->tx_drop;
  }
  return true;
}

static int by_index(const void *a, const void *b)
{
  uint32_t x = ((const if_row *)a)->index, y = ((const if_row *)b)->index;
  return x < y ? -1 : x > y;
}

/* Every interface the kernel shows now, sorted by ifIndex, into a new
 * array *|out| (the caller's).  @return the count; SNMPX_ENOTFOUND (no
 * /proc/net/dev); SNMPX_ENOMEM. */
static int64_t read_all(if_state *st, if_row **out)
{
  int rv = snmpx__host_read(st->h, "/proc/net/dev", &st->text);
  if (rv < 0) {
    if (rv == SNMPX_ENOTFOUND && !st->warned_source) {
      snmpx__host_log(st->h, "IF-MIB: cannot read /proc/net/dev");
      st->warned_source = true;
    }
    return rv;
  }
  size_t lines = 1;
  for (size_t i = 0; i < st->text.len; i++)
    lines += st->text.data[i] == '\n';
  if (lines > st->devs_cap) {
    snmpx__host_if_dev *d =
        snmpx__realloc(mem_of(st), st->devs, lines * sizeof(*d));
    if (d == NULL)
      return SNMPX_ENOMEM;
    st->devs = d;
    st->devs_cap = lines;
  }
  size_t n = snmpx__host_if_parse_dev(st->text.data, st->text.len, st->devs,
                                      st->devs_cap);
  if_row *rows = snmpx__calloc(mem_of(st), n > 0 ? n : 1, sizeof(*rows));
  if (rows == NULL)
    return SNMPX_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (read_dev(st, &st->devs[i], &rows[k]))
      k++;
  qsort(rows, k, sizeof(*rows), by_index);
  /* Two names with one index (a rename while reading): snmpd keeps the
   * first and logs it once. */
  size_t u = 0;
  for (size_t i = 0; i < k; i++) {
    if (u > 0 && rows[u - 1].index == rows[i].index) {
      if (!st->warned_dup)
        snmpx__host_log(st->h, "IF-MIB: interface with index %u twice",
                        (unsigned)rows[i].index);
      st->warned_dup = true;
      continue;
    }
    rows[u++] = rows[i];
  }
  *out = rows;
  return (int64_t)u;
}

/* ---- Merging a reading into the rows (ifTable_container_load) --------- */

/* A row still in the kernel: its new values, keeping what belongs to
 * the row (ifName, ifLastChange, ifAlias, ifLinkUpDownTrapEnable). */
static void update_row(if_state *st, if_row *r, const if_row *now, uint32_t up)
{
  if (r->missing) { /* back again: counters start over */
    r->missing = false;
    r->discontinuity = up;
  }
  bool changed = r->oper != now->oper;
  if_row keep = *r;
  *r = *now;
  memcpy(r->name, keep.name, sizeof(r->name));
  r->name_len = keep.name_len;
  memcpy(r->alias, keep.alias, sizeof(r->alias));
  r->alias_len = keep.alias_len;
  r->trap_enable = keep.trap_enable;
  r->discontinuity = keep.discontinuity;
  r->last_change = changed ? up : keep.last_change;
  r->fresh = false;
  if (changed && r->trap_enable == 1 &&
      (r->oper == OPER_UP || r->oper == OPER_DOWN))
    send_link(st, r, r->oper == OPER_UP);
}

/* A row gone from the kernel: down, then dropped after the fadeout.
 * @return false to drop it. */
static bool lose_row(if_state *st, if_row *r, uint32_t up)
{
  if (!r->missing) {
    r->missing = true;
    bool changed = r->oper != OPER_DOWN;
    r->admin = ADMIN_DOWN;
    r->oper = OPER_DOWN;
    r->last_change = up; /* snmpd counts this as a change either way */
    if (changed && r->trap_enable == 1)
      send_link(st, r, false);
  }
  return (up - r->last_change) / 100 < st->fadeout_s;
}

/* The rows after a reading |now| (|n| rows, sorted) into a new array.
 * @return the count; SNMPX_ENOMEM. */
static int64_t merge(if_state *st, const if_row *now, size_t n, if_row **out)
{
  if_row *next = snmpx__calloc(
      mem_of(st), st->n_rows + n > 0 ? st->n_rows + n : 1, sizeof(*next));
  if (next == NULL)
    return SNMPX_ENOMEM;
  uint32_t up = uptime(st);
  size_t i = 0, j = 0, k = 0;
  while (i < st->n_rows || j < n) {
    if (j >= n || (i < st->n_rows && st->rows[i].index < now[j].index)) {
      next[k] = st->rows[i++];
      next[k].fresh = false;
      if (lose_row(st, &next[k], up))
        k++;
    } else if (i >= st->n_rows || now[j].index < st->rows[i].index) {
      next[k] = now[j++];
      next[k].fresh = true;
      if (st->loaded) { /* after the first reading: a new interface */
        next[k].last_change = up;
        st->table_last_change = up;
      }
      k++;
    } else {
      next[k] = st->rows[i++];
      update_row(st, &next[k++], &now[j++], up);
    }
  }
  if (st->replace_old) { /* interface_replace_old: a new row with an old
                            row's name takes its place */
    size_t u = 0;
    for (size_t a = 0; a < k; a++) {
      bool drop = false;
      for (size_t b = 0; b < k && !next[a].fresh && !drop; b++)
        drop = next[b].fresh && strcmp(next[b].name, next[a].name) == 0;
      if (!drop)
        next[u++] = next[a];
    }
    k = u;
  }
  *out = next;
  return (int64_t)k;
}

/* Give both tables the rows of st->rows. */
static void publish(if_state *st)
{
  snmpx_table_clear(st->t_if);
  snmpx_table_clear(st->t_ifx);
  for (size_t i = 0; i < st->n_rows; i++) {
    snmpx_value idx =
        snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)st->rows[i].index);
    /* Cannot fail but for memory: the row is then missing until the next
     * reload, which is what a failed reading of it would do too. */
    if (st->t_if != NULL)
      snmpx_table_add_row(st->t_if, &idx, &st->rows[i]);
    if (st->t_ifx != NULL)
      snmpx_table_add_row(st->t_ifx, &idx, &st->rows[i]);
  }
}

/* Read the interfaces again and bring the rows up to date.  Values
 * handed out earlier were copied (see column_string), so the old rows
 * can go at once. */
static void reload(if_state *st)
{
  if_row *now = NULL, *next = NULL;
  int64_t n = read_all(st, &now);
  if (n < 0) {
    /* Keep the rows served so far; try again in a cache lifetime. */
    snmpx__host_cache_loaded(st->h, &st->cache);
    return;
  }
  int64_t k = merge(st, now, (size_t)n, &next);
  snmpx__free(mem_of(st), now);
  if (k < 0)
    return;
  snmpx__free(mem_of(st), st->rows);
  st->rows = next;
  st->n_rows = (size_t)k;
  st->loaded = true;
  publish(st);
  snmpx__host_cache_loaded(st->h, &st->cache);
}

static void refresh_if_stale(if_state *st)
{
  if (snmpx__host_cache_stale(st->h, &st->cache))
    reload(st);
}

static if_row *find_row(if_state *st, uint32_t index)
{
  size_t lo = 0, hi = st->n_rows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (st->rows[mid].index < index)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < st->n_rows && st->rows[lo].index == index ? &st->rows[lo] : NULL;
}

/* ---- ifTable and ifXTable ------------------------------------------- */

/* A string value copied into the request's scratch, so it stays valid
 * until the response is sent whatever reloads happen meanwhile (a
 * request may wait for another handler while ticks reload). */
static snmpx_errstat column_string(snmpx_mib_req *req, const void *p, size_t n,
                                   snmpx_value *out)
{
  void *copy = snmpx_mib_req_alloc(req, n > 0 ? n : 1);
  if (copy == NULL)
    return SNMPX_ERRSTAT_GEN_ERR;
  if (n > 0)
    memcpy(copy, p, n);
  *out = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, copy, n);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_value counter32(uint64_t v)
{
  /* Counter32 is the low 32 bits of the kernel's 64-bit counter, as
   * snmpd's stats.*.low. */
  return snmpx_value_uint(SNMPX_TYPE_COUNTER32, (uint32_t)v);
}

static const uint32_t zero_dot_zero[] = {0, 0};

static snmpx_errstat if_get(void *ctx, snmpx_mib_req *req,
                            const snmpx_table_row *row, uint32_t column,
                            snmpx_value *out)
{
  (void)ctx;
  const if_row *r = row->row;
  switch (column) {
  case 1: /* ifIndex */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)r->index);
    break;
  case 2: /* ifDescr */
    return column_string(req, r->descr, r->descr_len, out);
  case 3: /* ifType */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->type);
    break;
  case 4: /* ifMtu */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->mtu);
    break;
  case 5: /* ifSpeed */
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, r->speed);
    break;
  case 6: /* ifPhysAddress */
    return column_string(req, r->paddr, r->paddr_len, out);
  case 7: /* ifAdminStatus */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->admin);
    break;
  case 8: /* ifOperStatus */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->oper);
    break;
  case 9: /* ifLastChange */
    *out = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, r->last_change);
    break;
  case 10: /* ifInOctets */
    *out = counter32(r->in_octets);
    break;
  case 11: /* ifInUcastPkts: received less multicast (snmpd's
              CALCULATE_UCAST; the kernel counts no broadcasts) */
    *out = counter32(r->in_all - r->in_mcast);
    break;
  case 12: /* ifInNUcastPkts: multicast + broadcast */
    *out = counter32(r->in_mcast);
    break;
  case 13: /* ifInDiscards */
    *out = counter32(r->in_drop);
    break;
  case 14: /* ifInErrors */
    *out = counter32(r->in_errs);
    break;
  case 16: /* ifOutOctets */
    *out = counter32(r->out_octets);
    break;
  case 17: /* ifOutUcastPkts: every packet sent (no multicast count) */
    *out = counter32(r->out_ucast);
    break;
  case 19: /* ifOutDiscards */
    *out = counter32(r->out_drop);
    break;
  case 20: /* ifOutErrors */
    *out = counter32(r->out_errs);
    break;
  case 15: /* ifInUnknownProtos: Linux counts none */
  case 18: /* ifOutNUcastPkts: nor outgoing multicast or broadcast */
    *out = counter32(0);
    break;
  case 21: /* ifOutQLen: snmpd reads no queue length on Linux */
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, 0);
    break;
  case 22: /* ifSpecific: zeroDotZero (RFC 2863: no media MIB) */
    *out = snmpx_value_oid(SNMPX_OIDV(zero_dot_zero));
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
    break;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ifx_get(void *ctx, snmpx_mib_req *req,
                             const snmpx_table_row *row, uint32_t column,
                             snmpx_value *out)
{
  (void)ctx;
  const if_row *r = row->row;
  switch (column) {
  case 1: /* ifName */
    return column_string(req, r->name, r->name_len, out);
  case 2: /* ifInMulticastPkts */
    *out = counter32(r->in_mcast);
    break;
  case 3: /* ifInBroadcastPkts */
  case 4: /* ifOutMulticastPkts */
  case 5: /* ifOutBroadcastPkts: /proc/net/dev has none of these */
    *out = counter32(0);
    break;
  case 6: /* ifHCInOctets */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, r->in_octets);
    break;
  case 7: /* ifHCInUcastPkts */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, r->in_all - r->in_mcast);
    break;
  case 8: /* ifHCInMulticastPkts */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, r->in_mcast);
    break;
  case 10: /* ifHCOutOctets */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, r->out_octets);
    break;
  case 11: /* ifHCOutUcastPkts */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, r->out_ucast);
    break;
  case 9:  /* ifHCInBroadcastPkts */
  case 12: /* ifHCOutMulticastPkts */
  case 13: /* ifHCOutBroadcastPkts */
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, 0);
    break;
  case 14: /* ifLinkUpDownTrapEnable: snmpd has none until one is set */
    if (r->trap_enable == 0)
      out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    else
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->trap_enable);
    break;
  case 15: /* ifHighSpeed */
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, r->high_speed != 0
                                                    ? r->high_speed
                                                    : r->speed / 1000000u);
    break;
  case 16: /* ifPromiscuousMode: TruthValue */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->promisc ? 1 : 2);
    break;
  case 17: /* ifConnectorPresent: TruthValue, false for loopback */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->connector ? 1 : 2);
    break;
  case 18: /* ifAlias */
    return column_string(req, r->alias, r->alias_len, out);
  case 19: /* ifCounterDiscontinuityTime */
    *out = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, r->discontinuity);
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
    break;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* ---- SET of ifAlias and ifLinkUpDownTrapEnable -------------------------
 * What snmpd lets a manager change and keeps in its rows (ifAdminStatus,
 * which snmpd turns into an ioctl on the interface, is not writable
 * here: snmpx does not change the host).  The row is looked up again by
 * its ifIndex at commit and undo, as a reload may have come between. */

typedef struct if_set {
  uint32_t index;
  int32_t old_trap;
  uint8_t old_alias_len;
  char old_alias[IF_ALIAS_MAX + 1];
} if_set;

static snmpx_errstat ifx_test(void *ctx, snmpx_mib_req *req,
                              const snmpx_table_row *row, uint32_t column,
                              const snmpx_value *v, void **state)
{
  (void)ctx;
  if (column == 14) {
    if (v->type != SNMPX_TYPE_INTEGER)
      return SNMPX_ERRSTAT_WRONG_TYPE;
    if (v->v.i != 1 && v->v.i != 2)
      return SNMPX_ERRSTAT_WRONG_VALUE;
  } else if (column == 18) {
    if (v->type != SNMPX_TYPE_OCTET_STRING)
      return SNMPX_ERRSTAT_WRONG_TYPE;
    if (v->v.bytes.len > IF_ALIAS_MAX)
      return SNMPX_ERRSTAT_WRONG_LENGTH;
  } else {
    return SNMPX_ERRSTAT_NOT_WRITABLE;
  }
  if_set *s = snmpx_mib_req_alloc(req, sizeof(*s));
  if (s == NULL)
    return SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE;
  memset(s, 0, sizeof(*s));
  s->index = (uint32_t)row->index[0].v.i;
  *state = s;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ifx_commit(void *ctx, snmpx_mib_req *req,
                                const snmpx_table_row *row, uint32_t column,
                                const snmpx_value *v, void **state)
{
  (void)req;
  (void)row;
  if_state *st = ctx;
  if_set *s = *state;
  if_row *r = find_row(st, s->index);
  if (r == NULL)
    return SNMPX_ERRSTAT_COMMIT_FAILED;
  s->old_trap = r->trap_enable;
  s->old_alias_len = r->alias_len;
  memcpy(s->old_alias, r->alias, sizeof(s->old_alias));
  if (column == 14) {
    r->trap_enable = (int32_t)v->v.i;
  } else {
    r->alias_len = (uint8_t)v->v.bytes.len;
    if (r->alias_len > 0)
      memcpy(r->alias, v->v.bytes.ptr, r->alias_len);
    r->alias[r->alias_len] = '\0';
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ifx_undo(void *ctx, snmpx_mib_req *req,
                              const snmpx_table_row *row, uint32_t column,
                              void **state)
{
  (void)req;
  (void)row;
  (void)column;
  if_state *st = ctx;
  const if_set *s = *state;
  if_row *r = find_row(st, s->index);
  if (r == NULL)
    return SNMPX_ERRSTAT_UNDO_FAILED;
  r->trap_enable = s->old_trap;
  r->alias_len = s->old_alias_len;
  memcpy(r->alias, s->old_alias, sizeof(r->alias));
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void table_refresh(void *ctx, snmpx_table *t, snmpx_mib_req *req)
{
  (void)t;
  (void)req;
  refresh_if_stale(ctx);
}

/* ---- Scalars: ifNumber and ifTableLastChange ------------------------- */

static const uint32_t if_number_oid[] = {1, 3, 6, 1, 2, 1, 2, 1};
static const uint32_t if_tlc_oid[] = {1, 3, 6, 1, 2, 1, 31, 1, 5};
static const uint32_t if_entry_oid[] = {1, 3, 6, 1, 2, 1, 2, 2, 1};
static const uint32_t ifx_entry_oid[] = {1, 3, 6, 1, 2, 1, 31, 1, 1, 1};

typedef struct if_scalar {
  if_state *st;
  snmpx_oidv oid;
  bool last_change; /* ifTableLastChange; else ifNumber */
} if_scalar;

static snmpx_value scalar_value(const if_scalar *s)
{
  refresh_if_stale(s->st);
  if (s->last_change)
    return snmpx_value_uint(SNMPX_TYPE_TIMETICKS, s->st->table_last_change);
  return snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)s->st->n_rows);
}

static snmpx_errstat scalar_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                snmpx_value *out)
{
  (void)req;
  const if_scalar *s = ctx;
  if (name.len == s->oid.len + 1 && name.arcs[s->oid.len] == 0)
    *out = scalar_value(s);
  else
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat scalar_next(void *ctx, snmpx_mib_req *req,
                                 snmpx_oidv after, snmpx_oid *name,
                                 snmpx_value *out)
{
  (void)req;
  const if_scalar *s = ctx;
  snmpx_oid inst;
  snmpx_oid_set(&inst, s->oid);
  snmpx_oid_append(&inst, 0);
  if (snmpx_oidv_compare(after, snmpx_oid_view(&inst)) < 0) {
    *name = inst;
    *out = scalar_value(s);
  } else {
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops scalar_ops = {scalar_get, scalar_next, NULL,
                                         NULL,       NULL,        NULL};

/* ---- The module --------------------------------------------------------- */

typedef struct if_module {
  if_state st;
  if_scalar number, tlc;
} if_module;

static int init(snmpx_host *h, void **state)
{
  if_module *m = snmpx__calloc(snmpx__host_mem(h), 1, sizeof(*m));
  if (m == NULL)
    return SNMPX_ENOMEM;
  m->st.h = h;
  m->st.sock = -1;
  char root[8];
  m->st.live =
      snmpx__host_path(h, "", root, sizeof(root)) != NULL && root[0] == '\0';
  m->st.cache.ttl_ms = IF_CACHE_MS;
  m->st.fadeout_s = IF_FADEOUT_S;
  *state = m;
  return 0;
}

static void free_module(snmpx_host *h, void *state)
{
  if_module *m = state;
  if (m == NULL)
    return;
  if_state *st = &m->st;
  for (size_t i = 0; i < st->n_include; i++)
    regfree(&st->include[i]);
  const snmpx_mem *mem = snmpx__host_mem(h);
  snmpx__free(mem, st->include);
  snmpx__free(mem, st->overrides);
  snmpx__free(mem, st->rows);
  snmpx__free(mem, st->devs);
  snmpx__free(mem, st->watch);
  if (st->sock >= 0)
    close(st->sock);
  snmpx__host_buf_free(h, &st->text);
  snmpx__host_buf_free(h, &st->value);
  snmpx__free(mem, m);
}

/* interface_replace_old's words, as snmpd takes them.  @return false
 * for another word. */
static bool yes_word(const char *s, bool *out)
{
  static const char *const yes[] = {"yes", "y", "true", "1"};
  static const char *const no[] = {"no", "n", "false", "0"};
  for (size_t i = 0; i < 4; i++) {
    if (strcmp(s, yes[i]) == 0 || strcmp(s, no[i]) == 0) {
      *out = strcmp(s, yes[i]) == 0;
      return true;
    }
  }
  return false;
}

static int conf_override(if_state *st, const char *args, char *err, size_t cap)
{
  if_override o;
  memset(&o, 0, sizeof(o));
  if (snmpx__host_if_parse_override(args, o.name, sizeof(o.name), &o.type,
                                    &o.speed, err, cap) < 0)
    return SNMPX_EINVAL;
  if_override *p =
      snmpx__realloc(mem_of(st), st->overrides,
                     (st->n_overrides + 1) * sizeof(*st->overrides));
  if (p == NULL)
    return SNMPX_ENOMEM;
  st->overrides = p;
  st->overrides[st->n_overrides++] = o;
  return 1;
}

/* include_ifmib_iface_prefix REGEX...: only interfaces whose name a
 * REGEX matches (anywhere, as snmpd's PCRE does). */
static int conf_include(if_state *st, const char *args, char *err, size_t cap)
{
  char word[256];
  const char *p = args;
  size_t added = 0;
  for (;;) {
    while (*p == ' ' || *p == '\t')
      p++;
    size_t n = strcspn(p, " \t");
    if (n == 0)
      break;
    if (n >= sizeof(word)) {
      snprintf(err, cap, "prefix too long");
      return SNMPX_EINVAL;
    }
    memcpy(word, p, n);
    word[n] = '\0';
    p += n;
    regex_t *r = snmpx__realloc(mem_of(st), st->include,
                                (st->n_include + 1) * sizeof(*r));
    if (r == NULL)
      return SNMPX_ENOMEM;
    st->include = r;
    int rc = regcomp(&r[st->n_include], word, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
      char msg[128];
      regerror(rc, &r[st->n_include], msg, sizeof(msg));
      snprintf(err, cap, "'%s': %s", word, msg);
      return SNMPX_EINVAL;
    }
    st->n_include++;
    added++;
  }
  if (added == 0) {
    snprintf(err, cap, "Missing NAME parameter");
    return SNMPX_EINVAL;
  }
  return 1;
}

static int conf(snmpx_host *h, void *state, const char *word, const char *args,
                char *err, size_t cap)
{
  (void)h;
  if_state *st = &((if_module *)state)->st;
  int64_t v;
  bool b;
  if (strcasecmp(word, "interface") == 0)
    return conf_override(st, args, err, cap);
  if (strcasecmp(word, "linkUpDownNotifications") == 0) {
    /* snmpd sets the monitors up for "yes..." and ignores the rest. */
    if (strncmp(args, "yes", 3) == 0)
      st->link_notify = true;
    return 1;
  }
  if (strcasecmp(word, "interface_fadeout") == 0) {
    if (!snmpx__host_if_parse_int(args, strlen(args), &v) || v < 0 ||
        v > UINT32_MAX) {
      snprintf(err, cap, "usage: interface_fadeout SECONDS");
      return SNMPX_EINVAL;
    }
    st->fadeout_s = (uint32_t)v;
    return 1;
  }
  if (strcasecmp(word, "interface_replace_old") == 0) {
    if (!yes_word(args, &b)) {
      snprintf(err, cap, "Invalid value of interface_replace_old: '%s'", args);
      return SNMPX_EINVAL;
    }
    st->replace_old = b;
    return 1;
  }
  if (strcasecmp(word, "ifmib_max_num_ifaces") == 0) {
    if (!snmpx__host_if_parse_int(args, strlen(args), &v) || v < 0 ||
        v > INT32_MAX) {
      snprintf(err, cap, "usage: ifmib_max_num_ifaces NUMBER");
      return SNMPX_EINVAL;
    }
    st->max_ifaces = (int32_t)v;
    return 1;
  }
  if (strcasecmp(word, "include_ifmib_iface_prefix") == 0)
    return conf_include(st, args, err, cap);
  return 0;
}

static const uint8_t if_columns[22] = {
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ};
static const uint8_t ifx_columns[19] = {
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,  SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,  SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,  SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_WRITE, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_WRITE, SNMPX_COLUMN_READ};
static const snmpx_index_spec if_index_spec[] = {{SNMPX_INDEX_INTEGER, 0}};

static snmpx_table *add_table(if_state *st, snmpx_mib *m, bool x)
{
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = x ? SNMPX_OIDV(ifx_entry_oid) : SNMPX_OIDV(if_entry_oid);
  def.index = if_index_spec;
  def.n_index = 1;
  def.columns = x ? ifx_columns : if_columns;
  def.n_columns = x ? sizeof(ifx_columns) : sizeof(if_columns);
  def.get = x ? ifx_get : if_get;
  if (x) {
    def.test = ifx_test;
    def.commit = ifx_commit;
    def.undo = ifx_undo;
  }
  def.ctx = st;
  def.refresh = table_refresh;
  return snmpx_mib_add_table(m, &def);
}

static int attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)h;
  if_module *mod = state;
  if_state *st = &mod->st;
  st->agent = a;
  mod->number = (if_scalar){st, SNMPX_OIDV(if_number_oid), false};
  mod->tlc = (if_scalar){st, SNMPX_OIDV(if_tlc_oid), true};
  int rv = snmpx_mib_register(m, mod->number.oid, &scalar_ops, &mod->number);
  if (rv < 0)
    return rv;
  rv = snmpx_mib_register(m, mod->tlc.oid, &scalar_ops, &mod->tlc);
  if (rv == 0) {
    st->t_if = add_table(st, m, false);
    st->t_ifx = st->t_if != NULL ? add_table(st, m, true) : NULL;
    /* snmpx_mib_add_table says NULL for an overlap and for memory alike;
     * the overlap (recorded IF-MIB data served already) is the one that
     * happens, and either way the module stays out. */
    if (st->t_ifx == NULL)
      rv = SNMPX_EMIB_OVERLAP;
  }
  if (rv < 0) {
    if (st->t_if != NULL)
      snmpx_mib_unregister(m, SNMPX_OIDV(if_entry_oid));
    snmpx_mib_unregister(m, mod->tlc.oid);
    snmpx_mib_unregister(m, mod->number.oid);
    st->t_if = st->t_ifx = NULL;
    st->agent = NULL;
    return rv;
  }
  return 0;
}

/* snmpd reloads the interfaces every cache lifetime by itself
 * (NETSNMP_CACHE_AUTO_RELOAD), which is when it notices an ifOperStatus
 * change for ifLastChange; the linkUp/linkDown monitor samples every
 * minute. */
static int64_t tick(snmpx_host *h, void *state, uint64_t now)
{
  (void)h;
  if_state *st = &((if_module *)state)->st;
  if (st->agent == NULL)
    return -1; /* left out (overlap) */
  refresh_if_stale(st);
  int64_t next = (int64_t)(now + IF_CACHE_MS);
  if (st->link_notify) {
    if (!st->sampled || now >= st->next_monitor) {
      monitor(st);
      st->next_monitor = now + IF_MONITOR_MS;
    }
    if ((int64_t)st->next_monitor < next)
      next = (int64_t)st->next_monitor;
  }
  return next;
}

const snmpx__host_module snmpx__host_if = {"IF-MIB", init, conf,
                                           attach,   tick, free_module};
