/* TCP-MIB (RFC 4022) and UDP-MIB (RFC 4113) as snmpd 5.9 serves them on
 * Linux:
 *
 *   tcp scalars 1..12, 14, 15   /proc/net/snmp "Tcp:"         cache 5 s
 *   tcpHCInSegs, tcpHCOutSegs   the same, unmasked (Counter64)
 *   tcpConnTable (deprecated)   /proc/net/tcp, every state     cache 5 s
 *   tcpConnectionTable          /proc/net/tcp{,6}, not listen  cache 60 s
 *   tcpListenerTable            /proc/net/tcp{,6}, listen      cache 60 s
 *   udp scalars 1..4            "Udp:" + snmp6's Udp6          cache 5 s
 *   udpTable (deprecated)       /proc/net/udp, unconnected     cache 5 s
 *   udpEndpointTable            /proc/net/udp{,6}              cache 60 s
 *
 * The lifetimes are snmpd's (MIB_STATS_CACHE_TIMEOUT and the
 * *_CACHE_TIMEOUT of tcp-mib and udp-mib).  The process columns come
 * from the socket inodes of /proc/PID/fd, read before each load of a
 * table that has one.  Each table keeps its current rows and the ones
 * before (values handed out may point into them until the response is
 * sent), sorted in index order so they are appended to the agent's
 * table cheaply and looked up by binary search.  Nothing can be set
 * (a SET of tcpConnectionState fails as in snmpd). */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_priv.h"
#include "host_tcpudp.h"

#define STATS_TTL_MS 5000u  /* MIB_STATS_CACHE_TIMEOUT */
#define CONN_TTL_MS 5000u   /* tcpTable.c, udpTable.c: the same */
#define TABLE_TTL_MS 60000u /* TCPCONNECTIONTABLE_CACHE_TIMEOUT... */

typedef enum tu_kind {
  K_TCPCONN,       /* tcpConnTable (RFC 4022 deprecated, RFC 1213) */
  K_UDP,           /* udpTable (RFC 4113 deprecated) */
  K_TCPCONNECTION, /* tcpConnectionTable */
  K_TCPLISTENER,   /* tcpListenerTable */
  K_UDPENDPOINT,   /* udpEndpointTable */
  K_COUNT
} tu_kind;

typedef struct tu_snap {
  snmpx__tu_sock *rows;
  size_t n, cap;
} tu_snap;

struct tu_state;

typedef struct tu_table {
  struct tu_state *s;
  tu_kind kind;
  snmpx_table *t;
  snmpx__host_cache cache;
  tu_snap snap[2]; /* current and previous */
  int cur;
} tu_table;

/* One scalar object: tcp (arc 1..18) or udp (1..4). */
typedef struct tu_scalar {
  struct tu_state *s;
  uint32_t oid[8]; /* the object; its instance is .0 */
} tu_scalar;

#define N_TCP_SCALARS 16 /* 1..12, 14, 15, 17, 18 */
#define N_UDP_SCALARS 4
#define N_SCALARS (N_TCP_SCALARS + N_UDP_SCALARS)

typedef struct tu_state {
  snmpx_host *h;
  snmpx__host_buf buf;
  snmpx__host_cache stats_cache;
  snmpx__tu_stats stats;
  bool stats_ok;           /* /proc/net/snmp was read */
  snmpx__tu_owner *owners; /* inode to pid, rebuilt for each table load */
  size_t n_owners, cap_owners;
  tu_table tables[K_COUNT];
  tu_scalar scalars[N_SCALARS];
} tu_state;

/* ---- The scalars --------------------------------------------------------- */

static void stats_refresh(tu_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->stats_cache))
    return;
  s->stats_ok = snmpx__host_read(s->h, "/proc/net/snmp", &s->buf) == 0;
  if (s->stats_ok) {
    snmpx__tu_parse_snmp(s->buf.data, s->buf.len, &s->stats);
    /* No IPv6: the udp counters are IPv4's alone, as in snmpd. */
    if (snmpx__host_read(s->h, "/proc/net/snmp6", &s->buf) == 0)
      snmpx__tu_parse_snmp6(s->buf.data, s->buf.len, &s->stats);
  } else {
    memset(&s->stats, 0, sizeof(s->stats));
  }
  snmpx__host_cache_loaded(s->h, &s->stats_cache);
}

/* The value of scalar |sc| now.  @return false when it is not served
 * (no /proc/net/snmp, no such column: snmpd's noSuchObject). */
static bool scalar_value(const tu_scalar *sc, snmpx_value *out)
{
  const snmpx__tu_stats *st = &sc->s->stats;
  uint32_t arc = sc->oid[7];
  if (!sc->s->stats_ok)
    return false;
  if (sc->oid[6] == 7) { /* udp */
    if (!st->has_udp)
      return false;
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER32, (uint32_t)st->udp[arc]);
    return true;
  }
  if (!st->has_tcp)
    return false;
  switch (arc) {
  case 1:
  case 2:
  case 3:
  case 4: /* tcpRtoAlgorithm .. tcpMaxConn */
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)st->tcp[arc]);
    return true;
  case 9: /* tcpCurrEstab */
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, (uint32_t)st->tcp[arc]);
    return true;
  case 14:
  case 15: /* tcpInErrs, tcpOutRsts: only when the kernel has them */
    if (!(st->tcp_seen & (1u << arc)))
      return false;
    break;
  case 17:
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, st->tcp_in_segs);
    return true;
  case 18:
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, st->tcp_out_segs);
    return true;
  default:
    break;
  }
  *out = snmpx_value_uint(SNMPX_TYPE_COUNTER32, (uint32_t)st->tcp[arc]);
  return true;
}

static snmpx_errstat scalar_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                snmpx_value *out)
{
  (void)req;
  tu_scalar *sc = ctx;
  stats_refresh(sc->s);
  if (!scalar_value(sc, out)) {
    *out = snmpx_value_null();
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
  } else if (name.len != 9 || name.arcs[8] != 0) {
    *out = snmpx_value_null();
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat scalar_next(void *ctx, snmpx_mib_req *req,
                                 snmpx_oidv after, snmpx_oid *name,
                                 snmpx_value *out)
{
  (void)req;
  tu_scalar *sc = ctx;
  uint32_t inst[9];
  memcpy(inst, sc->oid, sizeof(sc->oid));
  inst[8] = 0;
  snmpx_oidv iv = {inst, 9};
  stats_refresh(sc->s);
  if (snmpx_oidv_compare(after, iv) >= 0 || !scalar_value(sc, out) ||
      snmpx_oid_set(name, iv) < 0) {
    *out = snmpx_value_null();
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops scalar_ops = {scalar_get, scalar_next, NULL,
                                         NULL,       NULL,        NULL};

/* ---- Socket owners ------------------------------------------------------- */

static bool all_digits(const char *s)
{
  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

static int owner_push(tu_state *s, uint64_t inode, uint32_t pid)
{
  if (s->n_owners == s->cap_owners) {
    size_t cap = s->cap_owners ? s->cap_owners * 2 : 256;
    snmpx__tu_owner *o =
        snmpx__realloc(snmpx__host_mem(s->h), s->owners, cap * sizeof(*o));
    if (o == NULL)
      return SNMPX_ENOMEM;
    s->owners = o;
    s->cap_owners = cap;
  }
  s->owners[s->n_owners++] = (snmpx__tu_owner){inode, pid};
  return 0;
}

/* The socket inodes of one process's /proc/PID/fd. */
static int owners_of(tu_state *s, int proc_fd, const char *pid_name)
{
  char sub[64];
  size_t n = strlen(pid_name);
  if (n + 4 > sizeof(sub))
    return 0;
  memcpy(sub, pid_name, n);
  memcpy(sub + n, "/fd", 4);
  int fd = openat(proc_fd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return 0; /* gone, or not ours to read: as snmpd, no owner */
  DIR *d = fdopendir(fd);
  if (d == NULL) {
    close(fd);
    return 0;
  }
  uint32_t pid = (uint32_t)strtoul(pid_name, NULL, 10);
  int rv = 0;
  struct dirent *e;
  while (rv == 0 && (e = readdir(d)) != NULL) {
    char link[128];
    ssize_t got = readlinkat(fd, e->d_name, link, sizeof(link));
    uint64_t inode = got > 0 ? snmpx__tu_link_inode(link, (size_t)got) : 0;
    if (inode != 0)
      rv = owner_push(s, inode, pid);
  }
  closedir(d);
  return rv;
}

/* snmpd's netsnmp_get_pid_from_inode_init: every /proc/PID/fd link to a
 * socket, read afresh before each table load (a map shared between
 * tables would miss the sockets opened in between). */
static void owners_load(tu_state *s)
{
  s->n_owners = 0;
  char path[4096];
  int proc_fd = -1;
  DIR *d = NULL;
  if (snmpx__host_path(s->h, "/proc", path, sizeof(path)) != NULL)
    proc_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int list_fd = proc_fd >= 0 ? dup(proc_fd) : -1; /* closedir closes it */
  if (list_fd >= 0 && (d = fdopendir(list_fd)) == NULL)
    close(list_fd);
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
      if (all_digits(e->d_name) && owners_of(s, proc_fd, e->d_name) < 0)
        break;
    closedir(d);
  }
  if (proc_fd >= 0)
    close(proc_fd);
  s->n_owners = snmpx__tu_owner_sort(s->owners, s->n_owners);
}

/* ---- Loading a table ----------------------------------------------------- */

static int snap_push(tu_state *s, tu_snap *sn, const snmpx__tu_sock *r)
{
  if (sn->n == sn->cap) {
    size_t cap = sn->cap ? sn->cap * 2 : 64;
    snmpx__tu_sock *rows =
        snmpx__realloc(snmpx__host_mem(s->h), sn->rows, cap * sizeof(*rows));
    if (rows == NULL)
      return SNMPX_ENOMEM;
    sn->rows = rows;
    sn->cap = cap;
  }
  sn->rows[sn->n++] = *r;
  return 0;
}

/* Does a table of |kind| show this socket? */
static bool wanted(tu_kind kind, const snmpx__tu_sock *r)
{
  switch (kind) {
  case K_UDP:
    return r->st == 7; /* udpTable.c: TCP_CLOSE, an unconnected socket */
  case K_TCPCONNECTION:
    return snmpx__tu_tcp_state(r->st) != 2; /* LOAD_NOLISTEN */
  case K_TCPLISTENER:
    return snmpx__tu_tcp_state(r->st) == 2; /* LOAD_ONLYLISTEN */
  default:
    return true;
  }
}

/* Append the wanted lines of |path| (addresses of |alen| bytes).
 * @return 0; SNMPX_ENOTFOUND (no file); SNMPX_ENOMEM. */
static int load_file(tu_table *tt, tu_snap *sn, const char *path, size_t alen,
                     uint32_t *seq)
{
  tu_state *s = tt->s;
  int rv = snmpx__host_read(s->h, path, &s->buf);
  if (rv < 0)
    return rv;
  size_t pos = 0;
  char *line;
  while ((line = snmpx__host_next_line(&s->buf, &pos)) != NULL) {
    snmpx__tu_sock r;
    if (!snmpx__tu_parse_sock(line, strlen(line), alen, &r) ||
        !wanted(tt->kind, &r))
      continue;
    r.seq = (*seq)++;
    if (snap_push(s, sn, &r) < 0)
      return SNMPX_ENOMEM;
  }
  return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
  return a < b ? -1 : a > b;
}

/* Index order of the rows of every kind (the OID order of the encoded
 * INDEX: address type first, then address bytes, port...). */
static int key_cmp(tu_kind kind, const snmpx__tu_sock *a,
                   const snmpx__tu_sock *b)
{
  int c = cmp_u64(a->alen, b->alen);
  if (c == 0)
    c = memcmp(a->laddr, b->laddr, a->alen);
  if (c == 0)
    c = cmp_u64(a->lport, b->lport);
  if (c != 0 || kind == K_UDP || kind == K_TCPLISTENER)
    return c;
  c = memcmp(a->raddr, b->raddr, a->alen);
  if (c == 0)
    c = cmp_u64(a->rport, b->rport);
  if (c == 0 && kind == K_UDPENDPOINT)
    c = cmp_u64((uint32_t)a->inode, (uint32_t)b->inode);
  return c;
}

/* Ties: snmpd's table containers keep the first line of a duplicate
 * index; its tcpConnTable iterates a list built in reverse, so the last
 * line shows there. */
#define SORT_CMP(name, kind, later_wins)                                       \
  static int name(const void *x, const void *y)                                \
  {                                                                            \
    const snmpx__tu_sock *a = x, *b = y;                                       \
    int c = key_cmp(kind, a, b);                                               \
    if (c == 0)                                                                \
      c = later_wins ? cmp_u64(b->seq, a->seq) : cmp_u64(a->seq, b->seq);      \
    return c;                                                                  \
  }
SORT_CMP(cmp_tcpconn, K_TCPCONN, 1)
SORT_CMP(cmp_udp, K_UDP, 0)
SORT_CMP(cmp_tcpconnection, K_TCPCONNECTION, 0)
SORT_CMP(cmp_tcplistener, K_TCPLISTENER, 0)
SORT_CMP(cmp_udpendpoint, K_UDPENDPOINT, 0)

static int (*const sort_cmp[K_COUNT])(const void *, const void *) = {
    cmp_tcpconn, cmp_udp, cmp_tcpconnection, cmp_tcplistener, cmp_udpendpoint};

/* Sort |sn| in index order and drop the duplicates. */
static void sort_rows(tu_kind kind, tu_snap *sn)
{
  if (sn->n == 0)
    return;
  qsort(sn->rows, sn->n, sizeof(*sn->rows), sort_cmp[kind]);
  size_t out = 1;
  for (size_t i = 1; i < sn->n; i++)
    if (key_cmp(kind, &sn->rows[out - 1], &sn->rows[i]) != 0)
      sn->rows[out++] = sn->rows[i];
  sn->n = out;
}

/* RFC 4001 InetAddressType: ipv4(1), ipv6(2). */
static int64_t addr_type(const snmpx__tu_sock *r)
{
  return r->alen == 4 ? 1 : 2;
}

static int add_row(tu_table *tt, snmpx__tu_sock *r)
{
  snmpx_value v[7];
  size_t alen = r->alen;
  switch (tt->kind) {
  case K_TCPCONN:
    v[0] = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->laddr, 4);
    v[1] = snmpx_value_int(SNMPX_TYPE_INTEGER, r->lport);
    v[2] = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->raddr, 4);
    v[3] = snmpx_value_int(SNMPX_TYPE_INTEGER, r->rport);
    break;
  case K_UDP:
    v[0] = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->laddr, 4);
    v[1] = snmpx_value_int(SNMPX_TYPE_INTEGER, r->lport);
    break;
  default:
    v[0] = snmpx_value_int(SNMPX_TYPE_INTEGER, addr_type(r));
    v[1] = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, r->laddr, alen);
    v[2] = snmpx_value_uint(SNMPX_TYPE_GAUGE32, r->lport);
    v[3] = snmpx_value_int(SNMPX_TYPE_INTEGER, addr_type(r));
    v[4] = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, r->raddr, alen);
    v[5] = snmpx_value_uint(SNMPX_TYPE_GAUGE32, r->rport);
    /* udpEndpointInstance: snmpd's (u_int)inode. */
    v[6] = snmpx_value_uint(SNMPX_TYPE_GAUGE32, (uint32_t)r->inode);
    break;
  }
  return snmpx_table_add_row(tt->t, v, r);
}

/* Read the sources of |tt| into |sn|.  @return 0; <0 when a source the
 * table needs is missing (the table is then empty, as snmpd's). */
static int load_sources(tu_table *tt, tu_snap *sn)
{
  uint32_t seq = 0;
  switch (tt->kind) {
  case K_TCPCONN:
    return load_file(tt, sn, "/proc/net/tcp", 4, &seq);
  case K_UDP:
    return load_file(tt, sn, "/proc/net/udp", 4, &seq);
  case K_TCPCONNECTION:
  case K_TCPLISTENER: {
    int rv = load_file(tt, sn, "/proc/net/tcp", 4, &seq);
    if (rv < 0)
      return rv;
    /* tcpConn_linux.c: no tcp6 is no IPv6, not an error. */
    rv = load_file(tt, sn, "/proc/net/tcp6", 16, &seq);
    return rv == SNMPX_ENOTFOUND ? 0 : rv;
  }
  case K_UDPENDPOINT: {
    int rv = load_file(tt, sn, "/proc/net/udp", 4, &seq);
    if (rv < 0)
      return rv;
    /* snmpd empties the whole table when udp6 is missing; a host
     * without IPv6 still has its IPv4 endpoints, so they are kept. */
    rv = load_file(tt, sn, "/proc/net/udp6", 16, &seq);
    return rv == SNMPX_ENOTFOUND ? 0 : rv;
  }
  default:
    return SNMPX_EINVAL;
  }
}

static void table_refresh(void *ctx, snmpx_table *t, snmpx_mib_req *req)
{
  (void)req;
  tu_table *tt = ctx;
  tu_state *s = tt->s;
  if (!snmpx__host_cache_stale(s->h, &tt->cache))
    return;
  /* The snapshot before the current one is no longer referenced. */
  tu_snap *sn = &tt->snap[tt->cur ^ 1];
  sn->n = 0;
  bool owned = tt->kind != K_TCPCONN && tt->kind != K_UDP;
  if (owned)
    owners_load(s); /* before the sockets are read, as snmpd */
  if (load_sources(tt, sn) < 0)
    sn->n = 0;
  if (owned)
    for (size_t i = 0; i < sn->n; i++)
      sn->rows[i].pid =
          snmpx__tu_owner_find(s->owners, s->n_owners, sn->rows[i].inode);
  sort_rows(tt->kind, sn);
  snmpx_table_clear(t);
  for (size_t i = 0; i < sn->n; i++)
    if (add_row(tt, &sn->rows[i]) < 0)
      break;
  tt->cur ^= 1;
  snmpx__host_cache_loaded(s->h, &tt->cache);
}

static snmpx_errstat table_get(void *ctx, snmpx_mib_req *req,
                               const snmpx_table_row *row, uint32_t column,
                               snmpx_value *out)
{
  (void)req;
  const tu_table *tt = ctx;
  const snmpx__tu_sock *r = row->row;
  uint32_t last = 0;
  switch (tt->kind) {
  case K_TCPCONN:
    switch (column) {
    case 1: /* tcpConnState */
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, snmpx__tu_tcp_state(r->st));
      return SNMPX_ERRSTAT_NO_ERROR;
    case 2:
      *out = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->laddr, 4);
      return SNMPX_ERRSTAT_NO_ERROR;
    case 3:
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->lport);
      return SNMPX_ERRSTAT_NO_ERROR;
    case 4:
      *out = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->raddr, 4);
      return SNMPX_ERRSTAT_NO_ERROR;
    case 5:
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->rport);
      return SNMPX_ERRSTAT_NO_ERROR;
    default:
      break;
    }
    break;
  case K_UDP:
    if (column == 1) {
      *out = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, r->laddr, 4);
      return SNMPX_ERRSTAT_NO_ERROR;
    }
    if (column == 2) {
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, r->lport);
      return SNMPX_ERRSTAT_NO_ERROR;
    }
    break;
  case K_TCPCONNECTION:
    if (column == 7) { /* tcpConnectionState */
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, snmpx__tu_tcp_state(r->st));
      return SNMPX_ERRSTAT_NO_ERROR;
    }
    last = 8; /* tcpConnectionProcess */
    break;
  case K_TCPLISTENER:
    last = 4; /* tcpListenerProcess */
    break;
  case K_UDPENDPOINT:
    last = 8; /* udpEndpointProcess */
    break;
  default:
    break;
  }
  if (last != 0 && column == last) {
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, r->pid);
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  *out = snmpx_value_null();
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* RFC 4022 tcpConnectionState is read-write: deleteTCB(12) asks for the
 * connection's end.  As snmpd on Linux (which cannot delete one,
 * tcpConn_linux.c), a value of the enumeration (1..12) is genErr, others
 * wrongValue, another type wrongType; nothing changes. */
static snmpx_errstat state_test(void *ctx, snmpx_mib_req *req,
                                const snmpx_table_row *row, uint32_t column,
                                const snmpx_value *v, void **state)
{
  (void)ctx;
  (void)req;
  (void)row;
  (void)column;
  (void)state;
  if (v->type != SNMPX_TYPE_INTEGER)
    return SNMPX_ERRSTAT_WRONG_TYPE;
  if (v->v.i < 1 || v->v.i > 12)
    return SNMPX_ERRSTAT_WRONG_VALUE;
  return SNMPX_ERRSTAT_GEN_ERR;
}

static snmpx_errstat state_commit(void *ctx, snmpx_mib_req *req,
                                  const snmpx_table_row *row, uint32_t column,
                                  const snmpx_value *v, void **state)
{
  /* Not reached: every test fails. */
  return state_test(ctx, req, row, column, v, state);
}

/* ---- Registration -------------------------------------------------------- */

/* Index specs (macros: a const object is no constant initializer). */
#define I_INT                                                                  \
  {                                                                            \
    SNMPX_INDEX_INTEGER, 0                                                     \
  }
#define I_UNS                                                                  \
  {                                                                            \
    SNMPX_INDEX_UNSIGNED, 0                                                    \
  }
#define I_STR                                                                  \
  {                                                                            \
    SNMPX_INDEX_STRING, 0                                                      \
  }
#define I_IP                                                                   \
  {                                                                            \
    SNMPX_INDEX_IPADDRESS, 0                                                   \
  }

#define R SNMPX_COLUMN_READ
#define W SNMPX_COLUMN_WRITE
#define N SNMPX_COLUMN_NONE

typedef struct table_info {
  uint32_t entry[9];
  size_t entry_len;
  snmpx_index_spec index[7];
  size_t n_index;
  uint8_t columns[8];
  size_t n_columns;
  uint32_t ttl_ms;
} table_info;

static const table_info tables[K_COUNT] = {
    [K_TCPCONN] = {{1, 3, 6, 1, 2, 1, 6, 13, 1},
                   9,
                   {I_IP, I_INT, I_IP, I_INT},
                   4,
                   {R, R, R, R, R},
                   5,
                   CONN_TTL_MS},
    [K_UDP] = {{1, 3, 6, 1, 2, 1, 7, 5, 1},
               9,
               {I_IP, I_INT},
               2,
               {R, R},
               2,
               CONN_TTL_MS},
    [K_TCPCONNECTION] = {{1, 3, 6, 1, 2, 1, 6, 19, 1},
                         9,
                         {I_INT, I_STR, I_UNS, I_INT, I_STR, I_UNS},
                         6,
                         {N, N, N, N, N, N, W, R},
                         8,
                         TABLE_TTL_MS},
    [K_TCPLISTENER] = {{1, 3, 6, 1, 2, 1, 6, 20, 1},
                       9,
                       {I_INT, I_STR, I_UNS},
                       3,
                       {N, N, N, R},
                       4,
                       TABLE_TTL_MS},
    [K_UDPENDPOINT] = {{1, 3, 6, 1, 2, 1, 7, 7, 1},
                       9,
                       {I_INT, I_STR, I_UNS, I_INT, I_STR, I_UNS, I_UNS},
                       7,
                       {N, N, N, N, N, N, N, R},
                       8,
                       TABLE_TTL_MS},
};

#undef R
#undef W
#undef N
#undef I_INT
#undef I_UNS
#undef I_STR
#undef I_IP

static int add_table(tu_state *s, snmpx_mib *m, tu_kind kind)
{
  const table_info *ti = &tables[kind];
  tu_table *tt = &s->tables[kind];
  tt->s = s;
  tt->kind = kind;
  tt->cache.ttl_ms = ti->ttl_ms;
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = (snmpx_oidv){ti->entry, ti->entry_len};
  def.index = ti->index;
  def.n_index = ti->n_index;
  def.columns = ti->columns;
  def.n_columns = ti->n_columns;
  def.get = table_get;
  def.refresh = table_refresh;
  if (kind == K_TCPCONNECTION) {
    def.test = state_test;
    def.commit = state_commit;
  }
  def.ctx = tt;
  tt->t = snmpx_mib_add_table(m, &def);
  if (tt->t == NULL) /* overlap (recorded data there) or out of memory */
    snmpx__host_log(s->h,
                    "TCP-MIB, UDP-MIB: table 1.3.6.1.2.1.%u.%u not "
                    "served (its subtree is taken, or no memory)",
                    (unsigned)ti->entry[6], (unsigned)ti->entry[7]);
  return 0;
}

/* The scalars in OID order, tcp's arcs then udp's. */
static const uint8_t scalar_arcs[N_SCALARS][2] = {
    {6, 1},  {6, 2},  {6, 3},  {6, 4},  {6, 5},  {6, 6},  {6, 7},
    {6, 8},  {6, 9},  {6, 10}, {6, 11}, {6, 12}, {6, 14}, {6, 15},
    {6, 17}, {6, 18}, {7, 1},  {7, 2},  {7, 3},  {7, 4}};

static int add_scalars(tu_state *s, snmpx_mib *m)
{
  for (size_t i = 0; i < N_SCALARS; i++) {
    tu_scalar *sc = &s->scalars[i];
    static const uint32_t mib2[6] = {1, 3, 6, 1, 2, 1};
    sc->s = s;
    memcpy(sc->oid, mib2, sizeof(mib2));
    sc->oid[6] = scalar_arcs[i][0];
    sc->oid[7] = scalar_arcs[i][1];
    int rv = snmpx_mib_register(m, (snmpx_oidv){sc->oid, 8}, &scalar_ops, sc);
    /* Served already (recorded data): the rest is still this host's. */
    if (rv == SNMPX_EMIB_OVERLAP)
      snmpx__host_log(s->h,
                      "TCP-MIB, UDP-MIB: 1.3.6.1.2.1.%u.%u is served "
                      "already: left out",
                      (unsigned)sc->oid[6], (unsigned)sc->oid[7]);
    else if (rv < 0)
      return rv;
  }
  return 0;
}

static int init(snmpx_host *h, void **state)
{
  tu_state *s = snmpx__calloc(snmpx__host_mem(h), 1, sizeof(*s));
  if (s == NULL)
    return SNMPX_ENOMEM;
  s->h = h;
  s->stats_cache.ttl_ms = STATS_TTL_MS;
  *state = s;
  return 0;
}

static int attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)h;
  tu_state *s = state;
  int rv = add_scalars(s, m);
  for (int k = 0; rv == 0 && k < K_COUNT; k++)
    rv = add_table(s, m, (tu_kind)k);
  if (rv < 0)
    return rv;
  /* snmpd's REGISTER_SYSOR_ENTRY in mibII/tcp.c and mibII/udp.c. */
  static const uint32_t tcp_mib[] = {1, 3, 6, 1, 2, 1, 49};
  static const uint32_t udp_mib[] = {1, 3, 6, 1, 2, 1, 50};
  rv = snmpx_agent_add_sysor(a, SNMPX_OIDV(tcp_mib),
                             "The MIB module for managing TCP implementations");
  if (rv >= 0)
    rv = snmpx_agent_add_sysor(
        a, SNMPX_OIDV(udp_mib),
        "The MIB module for managing UDP implementations");
  /* An agent without system group objects has no sysORTable. */
  return rv == SNMPX_ENOTFOUND ? 0 : rv < 0 ? rv : 0;
}

static void free_state(snmpx_host *h, void *state)
{
  tu_state *s = state;
  if (s == NULL)
    return;
  const snmpx_mem *mem = snmpx__host_mem(h);
  for (int k = 0; k < K_COUNT; k++)
    for (int i = 0; i < 2; i++)
      snmpx__free(mem, s->tables[k].snap[i].rows);
  snmpx__free(mem, s->owners);
  snmpx__host_buf_free(h, &s->buf);
  snmpx__free(mem, s);
}

const snmpx__host_module snmpx__host_tcpudp = {"TCP-MIB", init, NULL,
                                               attach,    NULL, free_state};
