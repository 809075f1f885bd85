/* Internal to the IP module (host_ip*.c): flat snapshots of a subtree.
 *
 * The IP and ICMP groups are many small tables and scalars read from a
 * few kernel sources.  Each source is a "section": a loader turns the
 * source into a snapshot of (name, value) pairs under the registration's
 * root, sorted by name, so GET is a binary search and GETNEXT the entry
 * after one.  A section owns some first arcs under the root (ipAddrTable
 * is arc 20 of ip); a request only reloads the sections it reads. */
#ifndef SNMPX_HOST_IP_PRIV_H
#define SNMPX_HOST_IP_PRIV_H

#include "host_ip_parse.h"
#include "host_priv.h"

typedef struct ipx_ent {
  const uint32_t *name; /* suffix under the root (into the arcs pool) */
  uint32_t name_off;
  uint16_t name_len;
  uint16_t obj_len; /* arcs of the name naming the object (the column) */
  bool column;      /* a table's column (else a scalar) */
  /* A GET of another instance answers noSuchInstance (snmpd's handler
   * for the object exists), else noSuchObject: for a column, one of the
   * table's columns col_lo..col_hi (0..0: any column); for a scalar
   * when |no_others| is false. */
  uint8_t col_lo, col_hi;
  bool no_others;
  uint32_t val_off; /* bytes or arcs of a string/OID value */
  snmpx_value v;
} ipx_ent;

typedef struct ipx_snap {
  ipx_ent *ents;
  size_t n, cap;
  uint32_t *arcs;
  size_t n_arcs, cap_arcs;
  uint8_t *bytes;
  size_t n_bytes, cap_bytes;
  bool oom;
  const snmpx_mem *mem;
} ipx_snap;

typedef struct ipx_state ipx_state;
struct ipx_section;

typedef struct ipx_section {
  const char *what; /* for the log */
  uint64_t arcs_lo; /* first arcs 0..63 owned (bit i: arc i) */
  uint32_t ttl_ms;
  /* Fill |s| (empty) from the source; what fails to read is left out. */
  void (*load)(ipx_state *st, ipx_snap *s);
  snmpx__host_cache cache;
  ipx_snap snap[2]; /* the current one, and the one before */
  int cur;
} ipx_section;

/* A registration (ip or icmp) and its sections. */
typedef struct ipx_group {
  ipx_state *st;
  const uint32_t *root;
  ipx_section *secs;
  size_t n_secs;
} ipx_group;

#define IPX_N_IP 5 /* sections under ip */

struct ipx_state {
  snmpx_host *h;
  snmpx__host_buf f[4]; /* file reads (a loader uses them in turn) */
  uint8_t *nl;          /* a netlink dump, or its recording */
  size_t nl_len, nl_cap;
  int32_t spinlock; /* ipAddressSpinLock */
  ipx_section ip[IPX_N_IP];
  ipx_section icmp;
  ipx_group grp[2];
};

/* The loaders (host_ip_tables.c). */
void snmpx__ip_load_ip_scalars(ipx_state *st, ipx_snap *s);
void snmpx__ip_load_addrs(ipx_state *st, ipx_snap *s);
void snmpx__ip_load_routes(ipx_state *st, ipx_snap *s);
void snmpx__ip_load_neigh(ipx_state *st, ipx_snap *s);
void snmpx__ip_load_stats(ipx_state *st, ipx_snap *s);
void snmpx__ip_load_icmp(ipx_state *st, ipx_snap *s);

/* Read |path| into st->f[|slot|].  @return its text (NUL-terminated),
 * or NULL when missing. */
const char *snmpx__ip_read(ipx_state *st, int slot, const char *path,
                           size_t *len);

/* ifIndex of interface |name| (/sys/class/net/NAME/ifindex); 0 when
 * unknown. */
uint32_t snmpx__ip_ifindex(ipx_state *st, const char *name);

/* A netlink dump (RTM_GETADDR, RTM_GETROUTE or RTM_GETNEIGH) into
 * st->nl.  With a config root (tests), the recording ROOT/netlink/addr,
 * /route or /neigh is read instead.  @return 0, or <0 when it could not be had.
 */
int snmpx__ip_nl_dump(ipx_state *st, uint16_t type);

/* Builders: |suffix| is the name under the root. */
void snmpx__ip_emit(ipx_snap *s, const uint32_t *suffix, size_t n,
                    snmpx_value v);
void snmpx__ip_emit_bytes(ipx_snap *s, const uint32_t *suffix, size_t n,
                          snmpx_type t, const void *p, size_t len);
void snmpx__ip_emit_oid(ipx_snap *s, const uint32_t *suffix, size_t n,
                        const uint32_t *arcs, size_t len);

/* The last entry added is a table's column of |len| arcs, the rest its
 * instance, in a table whose accessible columns are |lo|..|hi| (0, 0:
 * any, as snmpd's MIB-II tables answer).  ipx_emit's default: a scalar,
 * all arcs but the last .0. */
void snmpx__ip_set_column(ipx_snap *s, size_t len, unsigned lo, unsigned hi);
/* The last entry added is a scalar whose other instances are no object
 * (snmpd's instance registrations: inetCidrRouteNumber). */
void snmpx__ip_set_lone(ipx_snap *s);

#endif
