/* What the IP module serves: one loader per source, each turning the
 * kernel's text (or netlink dump) into a snapshot of names and values
 * under ip (1.3.6.1.2.1.4) or icmp (1.3.6.1.2.1.5), with the rows,
 * indexes and values Net-SNMP 5.9's snmpd serves on Linux. */
#include <linux/rtnetlink.h>
#include <linux/neighbour.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "host_ip_priv.h"

#define COUNTER32(x) snmpx_value_uint(SNMPX_TYPE_COUNTER32, (x)&0xffffffffu)
#define COUNTER64(x) snmpx_value_uint(SNMPX_TYPE_COUNTER64, (x))
#define GAUGE32(x) snmpx_value_uint(SNMPX_TYPE_GAUGE32, (x)&0xffffffffu)
#define INTEGER(x) snmpx_value_int(SNMPX_TYPE_INTEGER, (x))

static void emit1(ipx_snap *s, uint32_t a, snmpx_value v)
{
  uint32_t n[2] = {a, 0};
  snmpx__ip_emit(s, n, 2, v);
}

/* A name: |pre| (column prefix) then |idx|. */
static size_t name_of(uint32_t *out, const uint32_t *pre, size_t np,
                      const uint32_t *idx, size_t ni)
{
  memcpy(out, pre, np * sizeof(uint32_t));
  memcpy(out + np, idx, ni * sizeof(uint32_t));
  return np + ni;
}

/* The accessible columns of snmpd's MFD and iterator tables (a GET of
 * another column answers noSuchObject); 0: any (its MIB-II tables). */
static const struct {
  uint32_t t1, t2;
  uint8_t lo, hi;
} col_range[] = {{24, 4, 1, 16}, {24, 7, 7, 17}, {29, 1, 2, 5}, {30, 1, 3, 4},
                 {31, 1, 3, 47}, {31, 3, 3, 47}, {32, 1, 5, 9}, {34, 1, 3, 11},
                 {35, 1, 4, 8},  {36, 1, 2, 13}, {37, 1, 4, 5}};

static unsigned col_bound(const uint32_t *pre, bool hi)
{
  for (size_t i = 0; i < sizeof(col_range) / sizeof(col_range[0]); i++)
    if (col_range[i].t1 == pre[0] && col_range[i].t2 == pre[1])
      return hi ? col_range[i].hi : col_range[i].lo;
  return 0;
}

static unsigned col_lo(const uint32_t *pre)
{
  return col_bound(pre, false);
}

static unsigned col_hi(const uint32_t *pre)
{
  return col_bound(pre, true);
}

static void emit_col(ipx_snap *s, uint32_t t1, uint32_t t2, uint32_t t3,
                     uint32_t col, const uint32_t *idx, size_t ni,
                     snmpx_value v)
{
  uint32_t pre[4] = {t1, t2, t3, col}, nm[SNMPX_OID_MAX_LEN];
  size_t np = t3 != 0 ? 4 : 3;
  if (t3 == 0)
    pre[2] = col;
  if (np + ni > SNMPX_OID_MAX_LEN)
    return;
  snmpx__ip_emit(s, nm, name_of(nm, pre, np, idx, ni), v);
  snmpx__ip_set_column(s, np, col_lo(pre), col_hi(pre));
}

static void emit_col_bytes(ipx_snap *s, uint32_t t1, uint32_t t2, uint32_t t3,
                           uint32_t col, const uint32_t *idx, size_t ni,
                           snmpx_type t, const void *p, size_t len)
{
  uint32_t pre[4] = {t1, t2, t3, col}, nm[SNMPX_OID_MAX_LEN];
  size_t np = t3 != 0 ? 4 : 3;
  if (t3 == 0)
    pre[2] = col;
  if (np + ni > SNMPX_OID_MAX_LEN)
    return;
  snmpx__ip_emit_bytes(s, nm, name_of(nm, pre, np, idx, ni), t, p, len);
  snmpx__ip_set_column(s, np, col_lo(pre), col_hi(pre));
}

static void emit_col_oid(ipx_snap *s, uint32_t t1, uint32_t t2, uint32_t t3,
                         uint32_t col, const uint32_t *idx, size_t ni,
                         const uint32_t *arcs, size_t len)
{
  uint32_t pre[4] = {t1, t2, t3, col}, nm[SNMPX_OID_MAX_LEN];
  size_t np = t3 != 0 ? 4 : 3;
  if (t3 == 0)
    pre[2] = col;
  if (np + ni > SNMPX_OID_MAX_LEN)
    return;
  snmpx__ip_emit_oid(s, nm, name_of(nm, pre, np, idx, ni), arcs, len);
  snmpx__ip_set_column(s, np, col_lo(pre), col_hi(pre));
}

/* Address bytes as index arcs: |len| then the bytes (RFC 2578 7.7 for a
 * variable-length OCTET STRING), or just the bytes when |fixed|. */
static size_t addr_arcs(uint32_t *out, const uint8_t *a, size_t len, bool fixed)
{
  size_t n = 0;
  if (!fixed)
    out[n++] = (uint32_t)len;
  for (size_t i = 0; i < len; i++)
    out[n++] = a[i];
  return n;
}

static bool field(const char *t, size_t len, const char *g, const char *name,
                  uint64_t *v)
{
  return t != NULL && snmpx__ip_pair_field(t, len, g, name, v);
}

/* ---- ip scalars (RFC 4293 ipForwarding..ipFragCreates, mibII/ip.c) ---- */

static const char *const ip_fields[19] = {
    "Forwarding",   "DefaultTTL",    "InReceives",      "InHdrErrors",
    "InAddrErrors", "ForwDatagrams", "InUnknownProtos", "InDiscards",
    "InDelivers",   "OutRequests",   "OutDiscards",     "OutNoRoutes",
    "ReasmTimeout", "ReasmReqds",    "ReasmOKs",        "ReasmFails",
    "FragOKs",      "FragFails",     "FragCreates"};

static bool read_sys_int(ipx_state *st, const char *path, int64_t *out)
{
  size_t len;
  const char *t = snmpx__ip_read(st, 1, path, &len);
  if (t == NULL)
    return false;
  long long v;
  if (sscanf(t, "%lld", &v) != 1)
    return false;
  *out = v;
  return true;
}

void snmpx__ip_load_ip_scalars(ipx_state *st, ipx_snap *s)
{
  size_t len = 0;
  const char *t = snmpx__ip_read(st, 0, "/proc/net/snmp", &len);
  for (uint32_t i = 0; i < 19; i++) {
    uint64_t v;
    if (!field(t, len, "Ip", ip_fields[i], &v))
      continue;
    bool integer = i == 0 || i == 1 || i == 12;
    emit1(s, i + 1, integer ? INTEGER((int64_t)(int32_t)v) : COUNTER32(v));
  }
  /* ipRoutingDiscards: Linux counts none; snmpd serves 0. */
  if (t != NULL)
    emit1(s, 23, COUNTER32(0));
  int64_t v;
  if (read_sys_int(st, "/proc/sys/net/ipv6/conf/all/forwarding", &v))
    emit1(s, 25, INTEGER(v == 1 ? 1 : 2));
  if (read_sys_int(st, "/proc/sys/net/ipv6/conf/default/hop_limit", &v))
    emit1(s, 26, INTEGER(v));
  emit1(s, 33, INTEGER(st->spinlock));
}

/* ---- icmp (RFC 4293 icmp group, icmpStatsTable, icmpMsgStatsTable) ----- */

static const char *const icmp_fields[26] = {
    "InMsgs",         "InErrors",       "InDestUnreachs",  "InTimeExcds",
    "InParmProbs",    "InSrcQuenchs",   "InRedirects",     "InEchos",
    "InEchoReps",     "InTimestamps",   "InTimestampReps", "InAddrMasks",
    "InAddrMaskReps", "OutMsgs",        "OutErrors",       "OutDestUnreachs",
    "OutTimeExcds",   "OutParmProbs",   "OutSrcQuenchs",   "OutRedirects",
    "OutEchos",       "OutEchoReps",    "OutTimestamps",   "OutTimestampReps",
    "OutAddrMasks",   "OutAddrMaskReps"};

/* icmpMsgStatsTable's IPv4 rows as snmpd 5.9.3 serves them on Linux:
 * the RFC 1213 message types, counted by the Icmp line (its
 * linux_read_mibII_stats never reports the IcmpMsg line as read, so
 * mibII/icmp.c always takes this branch). */
static const struct {
  uint32_t type;
  const char *in, *out;
} icmp4_types[] = {{0, "InEchoReps", "OutEchoReps"},
                   {3, "InDestUnreachs", "OutDestUnreachs"},
                   {4, "InSrcQuenchs", "OutSrcQuenchs"},
                   {5, "InRedirects", "OutRedirects"},
                   {8, "InEchos", "OutEchos"},
                   {11, "InTimeExcds", "OutTimeExcds"},
                   {12, "InParmProbs", "OutParmProbs"},
                   {13, "InTimestamps", "OutTimestamps"},
                   {14, "InTimestampReps", "OutTimestampReps"},
                   {17, "InAddrMasks", "OutAddrMasks"},
                   {18, "InAddrMaskReps", "OutAddrMaskReps"}};

/* icmpMsgStatsTable's IPv6 rows: one per Icmp6InTypeN / Icmp6OutTypeN
 * line of /proc/net/snmp6 with a count, read in one pass; a column only
 * where its direction counted (mibII/icmp.c).  @return whether the file
 * has such lines at all (else snmpd serves icmp6_fixed). */
static bool icmp_v6_msgs(ipx_snap *s, const char *t6, size_t len6)
{
  bool any = false;
  size_t pos = 0, n;
  const char *line;
  while (snmpx__ip_line(t6, len6, &pos, &line, &n)) {
    static const char in[] = "Icmp6InType", out[] = "Icmp6OutType";
    uint32_t col;
    size_t i;
    if (n > sizeof(in) - 1 && memcmp(line, in, sizeof(in) - 1) == 0) {
      col = 3;
      i = sizeof(in) - 1;
    } else if (n > sizeof(out) - 1 && memcmp(line, out, sizeof(out) - 1) == 0) {
      col = 4;
      i = sizeof(out) - 1;
    } else {
      continue;
    }
    uint32_t type = 0;
    size_t digits = 0;
    for (; i < n && line[i] >= '0' && line[i] <= '9' && digits < 4; i++) {
      type = type * 10 + (uint32_t)(line[i] - '0');
      digits++;
    }
    uint64_t v;
    char name[32];
    any = true;
    if (digits == 0 || type > 255 ||
        (size_t)snprintf(name, sizeof(name), "%.*s", (int)i, line) >=
            sizeof(name) ||
        !snmpx__ip_snmp6_field(line, n, name, &v) || v == 0)
      continue;
    uint32_t idx[2] = {2, type};
    emit_col(s, 30, 1, 0, col, idx, 2, COUNTER32(v));
  }
  return any;
}

/* mibII/icmp.c's IPv6 rows when snmp6 has no per-type lines: the
 * message types of RFC 4443 and 4861 counted by name (no Out column for
 * MLD queries and router advertisements). */
static const struct {
  uint32_t type;
  const char *in, *out;
} icmp6_fixed[] = {
    {1, "Icmp6InDestUnreachs", "Icmp6OutDestUnreachs"},
    {2, "Icmp6InPktTooBigs", "Icmp6OutPktTooBigs"},
    {3, "Icmp6InTimeExcds", "Icmp6OutTimeExcds"},
    {4, "Icmp6InParmProblems", "Icmp6OutParmProblems"},
    {128, "Icmp6InEchos", "Icmp6OutEchos"},
    {129, "Icmp6InEchoReplies", "Icmp6OutEchoReplies"},
    {130, "Icmp6InGroupMembQueries", NULL},
    {131, "Icmp6InGroupMembResponses", "Icmp6OutGroupMembResponses"},
    {132, "Icmp6InGroupMembReductions", "Icmp6OutGroupMembReductions"},
    {133, "Icmp6InRouterSolicits", "Icmp6OutRouterSolicits"},
    {134, "Icmp6InRouterAdvertisements", NULL},
    {135, "Icmp6InNeighborSolicits", "Icmp6OutNeighborSolicits"},
    {136, "Icmp6InNeighborAdvertisements", "Icmp6OutNeighborAdvertisements"},
    {137, "Icmp6InRedirects", "Icmp6OutRedirects"}};

static void icmp_v6_fixed(ipx_snap *s, const char *t6, size_t len6)
{
  for (size_t k = 0; k < sizeof(icmp6_fixed) / sizeof(icmp6_fixed[0]); k++) {
    uint32_t idx[2] = {2, icmp6_fixed[k].type};
    uint64_t vi = 0, vo = 0;
    (void)snmpx__ip_snmp6_field(t6, len6, icmp6_fixed[k].in, &vi);
    emit_col(s, 30, 1, 0, 3, idx, 2, COUNTER32(vi));
    if (icmp6_fixed[k].out == NULL)
      continue;
    (void)snmpx__ip_snmp6_field(t6, len6, icmp6_fixed[k].out, &vo);
    emit_col(s, 30, 1, 0, 4, idx, 2, COUNTER32(vo));
  }
}

void snmpx__ip_load_icmp(ipx_state *st, ipx_snap *s)
{
  size_t len = 0, len6 = 0;
  const char *t = snmpx__ip_read(st, 0, "/proc/net/snmp", &len);
  const char *t6 = snmpx__ip_read(st, 2, "/proc/net/snmp6", &len6);
  uint64_t v;
  for (uint32_t i = 0; i < 26; i++)
    if (field(t, len, "Icmp", icmp_fields[i], &v))
      emit1(s, i + 1, COUNTER32(v));
  /* icmpStatsTable: InMsgs, InErrors, OutMsgs, OutErrors per version. */
  static const char *const stat4[4] = {"InMsgs", "InErrors", "OutMsgs",
                                       "OutErrors"};
  /* IPv6's OutErrors is the sum of the error messages sent, as
   * mibII/icmp.c computes it (not Icmp6OutErrors). */
  static const char *const stat6[4] = {"Icmp6InMsgs", "Icmp6InErrors",
                                       "Icmp6OutMsgs", NULL};
  static const char *const err6[4] = {"Icmp6OutDestUnreachs",
                                      "Icmp6OutPktTooBigs", "Icmp6OutTimeExcds",
                                      "Icmp6OutParmProblems"};
  for (uint32_t c = 0; c < 4; c++) {
    uint32_t i4 = 1, i6 = 2;
    if (field(t, len, "Icmp", stat4[c], &v))
      emit_col(s, 29, 1, 0, c + 2, &i4, 1, COUNTER32(v));
    if (t6 == NULL)
      continue;
    if (stat6[c] != NULL) {
      if (snmpx__ip_snmp6_field(t6, len6, stat6[c], &v))
        emit_col(s, 29, 1, 0, c + 2, &i6, 1, COUNTER32(v));
      continue;
    }
    uint64_t sum = 0;
    for (int k = 0; k < 4; k++)
      if (snmpx__ip_snmp6_field(t6, len6, err6[k], &v))
        sum += v;
    emit_col(s, 29, 1, 0, c + 2, &i6, 1, COUNTER32(sum));
  }
  if (t != NULL)
    for (size_t k = 0; k < sizeof(icmp4_types) / sizeof(icmp4_types[0]); k++) {
      uint32_t idx[2] = {1, icmp4_types[k].type};
      uint64_t vi = 0, vo = 0;
      (void)field(t, len, "Icmp", icmp4_types[k].in, &vi);
      (void)field(t, len, "Icmp", icmp4_types[k].out, &vo);
      emit_col(s, 30, 1, 0, 3, idx, 2, COUNTER32(vi));
      emit_col(s, 30, 1, 0, 4, idx, 2, COUNTER32(vo));
    }
  if (t6 != NULL && !icmp_v6_msgs(s, t6, len6))
    icmp_v6_fixed(s, t6, len6);
}

/* ---- ipSystemStatsTable (RFC 4293 4.31.1) -------------------------------
 * As ip-mib/data_access/systemstats_linux.c: IPv4 from /proc/net/snmp's
 * Ip line and /proc/net/netstat's IpExt line, IPv6 from /proc/net/snmp6;
 * InForwDatagrams, OutFragReqds and OutTransmits computed as
 * systemstats_common.c's _calculate_entries does.  A column is served
 * only when its source was read (columnAvail). */

enum {
  SS_INRECEIVES,
  SS_INOCTETS,
  SS_INHDRERRORS,
  SS_INNOROUTES,
  SS_INADDRERRORS,
  SS_INUNKNOWNPROTOS,
  SS_INTRUNCATED,
  SS_INFORW,
  SS_REASMREQDS,
  SS_REASMOKS,
  SS_REASMFAILS,
  SS_INDISCARDS,
  SS_INDELIVERS,
  SS_OUTREQUESTS,
  SS_OUTNOROUTES,
  SS_OUTFORW,
  SS_OUTDISCARDS,
  SS_OUTFRAGREQDS,
  SS_OUTFRAGOKS,
  SS_OUTFRAGFAILS,
  SS_OUTFRAGCREATES,
  SS_OUTTRANSMITS,
  SS_OUTOCTETS,
  SS_INMCASTPKTS,
  SS_INMCASTOCTETS,
  SS_OUTMCASTPKTS,
  SS_OUTMCASTOCTETS,
  SS_INBCASTPKTS,
  SS_OUTBCASTPKTS,
  SS_N
};

typedef struct ipx_sstats {
  uint64_t v[SS_N];
  bool has[SS_N];
} ipx_sstats;

/* The columns of ipSystemStatsEntry: which counter, and whether the
 * column is the 32-bit one (served as a Counter32 of the low bits) or
 * the HC one. */
static const struct {
  uint32_t col;
  int stat;
  bool hc;
} ss_cols[] = {{3, SS_INRECEIVES, false},      {4, SS_INRECEIVES, true},
               {5, SS_INOCTETS, false},        {6, SS_INOCTETS, true},
               {7, SS_INHDRERRORS, false},     {8, SS_INNOROUTES, false},
               {9, SS_INADDRERRORS, false},    {10, SS_INUNKNOWNPROTOS, false},
               {11, SS_INTRUNCATED, false},    {12, SS_INFORW, false},
               {13, SS_INFORW, true},          {14, SS_REASMREQDS, false},
               {15, SS_REASMOKS, false},       {16, SS_REASMFAILS, false},
               {17, SS_INDISCARDS, false},     {18, SS_INDELIVERS, false},
               {19, SS_INDELIVERS, true},      {20, SS_OUTREQUESTS, false},
               {21, SS_OUTREQUESTS, true},     {22, SS_OUTNOROUTES, false},
               {23, SS_OUTFORW, false},        {24, SS_OUTFORW, true},
               {25, SS_OUTDISCARDS, false},    {26, SS_OUTFRAGREQDS, false},
               {27, SS_OUTFRAGOKS, false},     {28, SS_OUTFRAGFAILS, false},
               {29, SS_OUTFRAGCREATES, false}, {30, SS_OUTTRANSMITS, false},
               {31, SS_OUTTRANSMITS, true},    {32, SS_OUTOCTETS, false},
               {33, SS_OUTOCTETS, true},       {34, SS_INMCASTPKTS, false},
               {35, SS_INMCASTPKTS, true},     {36, SS_INMCASTOCTETS, false},
               {37, SS_INMCASTOCTETS, true},   {38, SS_OUTMCASTPKTS, false},
               {39, SS_OUTMCASTPKTS, true},    {40, SS_OUTMCASTOCTETS, false},
               {41, SS_OUTMCASTOCTETS, true},  {42, SS_INBCASTPKTS, false},
               {43, SS_INBCASTPKTS, true},     {44, SS_OUTBCASTPKTS, false},
               {45, SS_OUTBCASTPKTS, true}};

static void ss_set(ipx_sstats *x, int k, bool ok, uint64_t v)
{
  if (ok) {
    x->v[k] = v;
    x->has[k] = true;
  }
}

/* systemstats_common.c _calculate_entries. */
static void ss_calculate(ipx_sstats *x)
{
  if (!x->has[SS_INFORW] && x->has[SS_OUTFORW] && x->has[SS_INNOROUTES])
    ss_set(x, SS_INFORW, true, x->v[SS_INNOROUTES] + x->v[SS_OUTFORW]);
  if (!x->has[SS_OUTFRAGREQDS] && x->has[SS_OUTFRAGOKS] &&
      x->has[SS_OUTFRAGFAILS])
    ss_set(x, SS_OUTFRAGREQDS, true,
           x->v[SS_OUTFRAGOKS] + x->v[SS_OUTFRAGFAILS]);
  if (!x->has[SS_OUTTRANSMITS] && x->has[SS_OUTREQUESTS] &&
      x->has[SS_OUTFORW] && x->has[SS_OUTFRAGREQDS] && x->has[SS_OUTNOROUTES] &&
      x->has[SS_OUTFRAGCREATES] && x->has[SS_OUTDISCARDS])
    ss_set(x, SS_OUTTRANSMITS, true,
           x->v[SS_OUTREQUESTS] + x->v[SS_OUTFORW] + x->v[SS_OUTFRAGCREATES] -
               x->v[SS_OUTFRAGREQDS] - x->v[SS_OUTNOROUTES] -
               x->v[SS_OUTDISCARDS]);
}

static void ss_v4(const char *t, size_t len, const char *n, size_t nlen,
                  ipx_sstats *x)
{
  static const struct {
    const char *name;
    int k;
  } ip[] = {{"InReceives", SS_INRECEIVES},
            {"InHdrErrors", SS_INHDRERRORS},
            {"InAddrErrors", SS_INADDRERRORS},
            {"ForwDatagrams", SS_OUTFORW},
            {"InUnknownProtos", SS_INUNKNOWNPROTOS},
            {"InDiscards", SS_INDISCARDS},
            {"InDelivers", SS_INDELIVERS},
            {"OutRequests", SS_OUTREQUESTS},
            {"OutDiscards", SS_OUTDISCARDS},
            {"OutNoRoutes", SS_OUTNOROUTES},
            {"ReasmReqds", SS_REASMREQDS},
            {"ReasmOKs", SS_REASMOKS},
            {"ReasmFails", SS_REASMFAILS},
            {"FragOKs", SS_OUTFRAGOKS},
            {"FragFails", SS_OUTFRAGFAILS},
            {"FragCreates", SS_OUTFRAGCREATES}};
  static const struct {
    const char *name;
    int k;
  } ext[] = {{"InNoRoutes", SS_INNOROUTES},
             {"InTruncatedPkts", SS_INTRUNCATED},
             {"InMcastPkts", SS_INMCASTPKTS},
             {"OutMcastPkts", SS_OUTMCASTPKTS},
             {"InBcastPkts", SS_INBCASTPKTS},
             {"OutBcastPkts", SS_OUTBCASTPKTS},
             {"InOctets", SS_INOCTETS},
             {"OutOctets", SS_OUTOCTETS},
             {"InMcastOctets", SS_INMCASTOCTETS},
             {"OutMcastOctets", SS_OUTMCASTOCTETS}};
  uint64_t v;
  for (size_t i = 0; i < sizeof(ip) / sizeof(ip[0]); i++) {
    bool ok = field(t, len, "Ip", ip[i].name, &v);
    ss_set(x, ip[i].k, ok, v);
  }
  for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
    bool ok = field(n, nlen, "IpExt", ext[i].name, &v);
    ss_set(x, ext[i].k, ok, v);
  }
}

/* The names of /proc/net/snmp6 (and dev_snmp6/IF) for the stats. */
static void ss_v6(const char *t, size_t len, ipx_sstats *x)
{
  static const struct {
    const char *name;
    int k;
  } f[] = {{"Ip6InReceives", SS_INRECEIVES},
           {"Ip6InHdrErrors", SS_INHDRERRORS},
           {"Ip6InNoRoutes", SS_INNOROUTES},
           {"Ip6InAddrErrors", SS_INADDRERRORS},
           {"Ip6InUnknownProtos", SS_INUNKNOWNPROTOS},
           {"Ip6InTruncatedPkts", SS_INTRUNCATED},
           {"Ip6InDiscards", SS_INDISCARDS},
           {"Ip6InDelivers", SS_INDELIVERS},
           {"Ip6OutForwDatagrams", SS_OUTFORW},
           {"Ip6OutRequests", SS_OUTREQUESTS},
           {"Ip6OutDiscards", SS_OUTDISCARDS},
           {"Ip6OutNoRoutes", SS_OUTNOROUTES},
           {"Ip6ReasmReqds", SS_REASMREQDS},
           {"Ip6ReasmOKs", SS_REASMOKS},
           {"Ip6ReasmFails", SS_REASMFAILS},
           {"Ip6FragOKs", SS_OUTFRAGOKS},
           {"Ip6FragFails", SS_OUTFRAGFAILS},
           {"Ip6FragCreates", SS_OUTFRAGCREATES},
           {"Ip6InMcastPkts", SS_INMCASTPKTS},
           {"Ip6OutMcastPkts", SS_OUTMCASTPKTS},
           {"Ip6InOctets", SS_INOCTETS},
           {"Ip6OutOctets", SS_OUTOCTETS},
           {"Ip6InMcastOctets", SS_INMCASTOCTETS},
           {"Ip6OutMcastOctets", SS_OUTMCASTOCTETS}};
  uint64_t v;
  for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
    bool ok = snmpx__ip_snmp6_field(t, len, f[i].name, &v);
    ss_set(x, f[i].k, ok, v);
  }
}

/* One row of ipSystemStatsTable or ipIfStatsTable: index |idx|. */
static void ss_emit(ipx_snap *s, uint32_t table, const uint32_t *idx, size_t ni,
                    ipx_sstats *x)
{
  ss_calculate(x);
  for (size_t i = 0; i < sizeof(ss_cols) / sizeof(ss_cols[0]); i++) {
    int k = ss_cols[i].stat;
    /* ipIfStatsTable has no OutNoRoutes column (RFC 4293: 22 is
     * ipSystemStatsOutNoRoutes only). */
    if (!x->has[k] || (table == 3 && ss_cols[i].col == 22))
      continue;
    snmpx_value v = ss_cols[i].hc ? COUNTER64(x->v[k]) : COUNTER32(x->v[k]);
    emit_col(s, 31, table, 1, ss_cols[i].col, idx, ni, v);
  }
  /* DiscontinuityTime 0 (never reset); RefreshRate: the cache's
   * lifetime as snmpd states it (IPSYSTEMSTATSTABLE_CACHE_TIMEOUT, ms). */
  emit_col(s, 31, table, 1, 46, idx, ni,
           snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0));
  emit_col(s, 31, table, 1, 47, idx, ni, GAUGE32(60000));
}

/* ipIfStatsTable: IPv6 rows from /proc/net/dev_snmp6/IF, as
 * systemstats_linux.c's _ipifstats_v6 (IPv4 has no per-interface
 * counters on Linux). */
static void if_stats(ipx_state *st, ipx_snap *s)
{
  char dir[4096];
  if (snmpx__host_path(st->h, "/proc/net/dev_snmp6", dir, sizeof(dir)) == NULL)
    return;
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strlen(e->d_name) >= 64)
      continue;
    char path[96];
    snprintf(path, sizeof(path), "/proc/net/dev_snmp6/%s", e->d_name);
    size_t len;
    const char *t = snmpx__ip_read(st, 2, path, &len);
    uint64_t ifindex;
    if (t == NULL || !snmpx__ip_snmp6_field(t, len, "ifIndex", &ifindex) ||
        ifindex == 0 || ifindex > 0x7fffffff)
      continue;
    ipx_sstats x;
    memset(&x, 0, sizeof(x));
    ss_v6(t, len, &x);
    uint32_t idx[2] = {2, (uint32_t)ifindex};
    ss_emit(s, 3, idx, 2, &x);
  }
  closedir(d);
}

void snmpx__ip_load_stats(ipx_state *st, ipx_snap *s)
{
  size_t len = 0, nlen = 0, len6 = 0;
  const char *t = snmpx__ip_read(st, 0, "/proc/net/snmp", &len);
  const char *n = snmpx__ip_read(st, 1, "/proc/net/netstat", &nlen);
  if (t != NULL) {
    ipx_sstats x;
    memset(&x, 0, sizeof(x));
    ss_v4(t, len, n, nlen, &x);
    uint32_t idx = 1;
    ss_emit(s, 1, &idx, 1, &x);
  }
  const char *t6 = snmpx__ip_read(st, 2, "/proc/net/snmp6", &len6);
  if (t6 != NULL) {
    ipx_sstats x;
    memset(&x, 0, sizeof(x));
    ss_v6(t6, len6, &x);
    uint32_t idx = 2;
    ss_emit(s, 1, &idx, 1, &x);
  }
  if_stats(st, s);
  /* ipIfStatsTableLastChange. */
  uint32_t z[2] = {31, 2};
  uint32_t nm[3] = {z[0], z[1], 0};
  snmpx__ip_emit(s, nm, 3, snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0));
}

/* ---- Routes (ipRouteTable, ipCidrRouteTable, inetCidrRouteTable) -------- */

#define ROUTE_MAX 4096

typedef struct route4_row {
  snmpx__ip_route4 r;
  uint32_t ifindex;
} route4_row;

/* ipRouteTable (RFC 1213, mibII/var_route.c on Linux): every line of
 * /proc/net/route, indexed by destination; a route that is not up is
 * invalid(2); an interface with no index gives 0. */
static void iproute_emit(ipx_snap *s, const route4_row *rr)
{
  const snmpx__ip_route4 *r = &rr->r;
  bool gw = (r->flags & RTF_GATEWAY) != 0;
  bool up = (r->flags & RTF_UP) != 0;
  static const uint32_t zero_oid[2] = {0, 0};
  uint32_t idx[4];
  size_t ni = addr_arcs(idx, r->dest, 4, true);
  emit_col_bytes(s, 21, 1, 0, 1, idx, ni, SNMPX_TYPE_IPADDRESS, r->dest, 4);
  emit_col(s, 21, 1, 0, 2, idx, ni, INTEGER(rr->ifindex));
  emit_col(s, 21, 1, 0, 3, idx, ni, INTEGER(gw ? 1 : 0));
  emit_col_bytes(s, 21, 1, 0, 7, idx, ni, SNMPX_TYPE_IPADDRESS, r->gateway, 4);
  emit_col(s, 21, 1, 0, 8, idx, ni, INTEGER(!up ? 2 : gw ? 4 : 3));
  emit_col(s, 21, 1, 0, 9, idx, ni, INTEGER((r->flags & RTF_DYNAMIC) ? 4 : 2));
  emit_col_bytes(s, 21, 1, 0, 11, idx, ni, SNMPX_TYPE_IPADDRESS, r->mask, 4);
  emit_col_oid(s, 21, 1, 0, 13, idx, ni, zero_oid, 2);
}

static void route4_emit(ipx_snap *s, const route4_row *rr, uint32_t nsidx)
{
  const snmpx__ip_route4 *r = &rr->r;
  bool gw = (r->flags & RTF_GATEWAY) != 0;
  static const uint32_t zero_oid[2] = {0, 0};
  uint32_t idx[32];
  /* ipCidrRouteTable (RFC 2096): dest, mask, tos 0, next hop. */
  size_t ni = addr_arcs(idx, r->dest, 4, true);
  ni += addr_arcs(idx + ni, r->mask, 4, true);
  idx[ni++] = 0;
  ni += addr_arcs(idx + ni, r->gateway, 4, true);
  int32_t type = gw ? 4 : 3, proto = (r->flags & RTF_DYNAMIC) ? 4 : 2;
  emit_col_bytes(s, 24, 4, 1, 1, idx, ni, SNMPX_TYPE_IPADDRESS, r->dest, 4);
  emit_col_bytes(s, 24, 4, 1, 2, idx, ni, SNMPX_TYPE_IPADDRESS, r->mask, 4);
  emit_col(s, 24, 4, 1, 3, idx, ni, INTEGER(0));
  emit_col_bytes(s, 24, 4, 1, 4, idx, ni, SNMPX_TYPE_IPADDRESS, r->gateway, 4);
  emit_col(s, 24, 4, 1, 5, idx, ni, INTEGER(rr->ifindex));
  emit_col(s, 24, 4, 1, 6, idx, ni, INTEGER(type));
  emit_col(s, 24, 4, 1, 7, idx, ni, INTEGER(proto));
  emit_col_oid(s, 24, 4, 1, 9, idx, ni, zero_oid, 2);
  emit_col(s, 24, 4, 1, 10, idx, ni, INTEGER(0));
  emit_col(s, 24, 4, 1, 11, idx, ni, INTEGER(r->metric));
  for (uint32_t c = 12; c <= 15; c++)
    emit_col(s, 24, 4, 1, c, idx, ni, INTEGER(-1));
  emit_col(s, 24, 4, 1, 16, idx, ni, INTEGER(1));

  /* inetCidrRouteTable: policy {0 0 ifIndex} for a route with no next
   * hop (route_linux.c tells apart default routes so), else {0 0}. */
  uint32_t pol[3] = {0, 0, rr->ifindex};
  size_t pl = 2;
  static const uint8_t none[4] = {0, 0, 0, 0};
  if (memcmp(r->gateway, none, 4) == 0)
    pl = 3;
  (void)nsidx;
  ni = 0;
  idx[ni++] = 1;
  ni += addr_arcs(idx + ni, r->dest, 4, false);
  idx[ni++] = snmpx__ip_mask_len(r->mask, 4);
  idx[ni++] = (uint32_t)pl;
  for (size_t k = 0; k < pl; k++)
    idx[ni++] = pol[k];
  idx[ni++] = 1;
  ni += addr_arcs(idx + ni, r->gateway, 4, false);
  emit_col(s, 24, 7, 1, 7, idx, ni, INTEGER(rr->ifindex));
  emit_col(s, 24, 7, 1, 8, idx, ni, INTEGER(type));
  emit_col(s, 24, 7, 1, 9, idx, ni, INTEGER(proto));
  emit_col(s, 24, 7, 1, 10, idx, ni, GAUGE32(0));
  emit_col(s, 24, 7, 1, 11, idx, ni, GAUGE32(0));
  emit_col(s, 24, 7, 1, 12, idx, ni, INTEGER(r->metric));
  for (uint32_t c = 13; c <= 16; c++)
    emit_col(s, 24, 7, 1, c, idx, ni, INTEGER(-1));
  emit_col(s, 24, 7, 1, 17, idx, ni, INTEGER(1));
}

static void route6_emit(ipx_snap *s, const snmpx__ip_route6 *r,
                        uint32_t ifindex, uint32_t nsidx)
{
  static const uint8_t none[16];
  bool gw = (r->flags & RTF_GATEWAY) != 0;
  int32_t type = gw ? 4 : 3, proto = (r->flags & RTF_DYNAMIC) ? 4 : 2;
  uint32_t idx[48];
  size_t ni = 0;
  idx[ni++] = 2;
  ni += addr_arcs(idx + ni, r->dest, 16, false);
  idx[ni++] = r->pfxlen;
  /* route_linux.c: every IPv6 route's policy is {0 0 its number}. */
  idx[ni++] = 3;
  idx[ni++] = 0;
  idx[ni++] = 0;
  idx[ni++] = nsidx;
  idx[ni++] = 2;
  ni += addr_arcs(idx + ni, r->nexthop, 16, false);
  (void)none;
  emit_col(s, 24, 7, 1, 7, idx, ni, INTEGER(ifindex));
  emit_col(s, 24, 7, 1, 8, idx, ni, INTEGER(type));
  emit_col(s, 24, 7, 1, 9, idx, ni, INTEGER(proto));
  emit_col(s, 24, 7, 1, 10, idx, ni, GAUGE32(0));
  emit_col(s, 24, 7, 1, 11, idx, ni, GAUGE32(0));
  emit_col(s, 24, 7, 1, 12, idx, ni, INTEGER((int32_t)r->metric));
  for (uint32_t c = 13; c <= 16; c++)
    emit_col(s, 24, 7, 1, c, idx, ni, INTEGER(-1));
  emit_col(s, 24, 7, 1, 17, idx, ni, INTEGER(1));
}

/* ipDefaultRouterTable (RFC 4293 4.37), as defaultrouter_linux.c: the
 * default routes through a gateway; an IPv4 one lives forever (lifetime
 * 65535 s, from /proc/net/route), an IPv6 one as long as its route
 * expires (a router advertisement's, from a netlink route dump) and is
 * left out when it does not; preference medium (0). */
static void default_router(ipx_snap *s, const route4_row *rr)
{
  static const uint8_t zero[4];
  if (memcmp(rr->r.dest, zero, 4) != 0 || memcmp(rr->r.mask, zero, 4) != 0 ||
      !(rr->r.flags & RTF_GATEWAY) || rr->ifindex == 0)
    return;
  uint32_t idx[8];
  size_t ni = 0;
  idx[ni++] = 1;
  ni += addr_arcs(idx + ni, rr->r.gateway, 4, false);
  idx[ni++] = rr->ifindex;
  emit_col(s, 37, 1, 0, 4, idx, ni, GAUGE32(65535));
  emit_col(s, 37, 1, 0, 5, idx, ni, INTEGER(0));
}

static void router6_cb(void *ud, const void *item)
{
  ipx_snap *s = ud;
  const snmpx__ip_nlroute *r = item;
  if (r->family != AF_INET6 || r->dst_len != 0 || r->gateway_len != 16 ||
      r->oif <= 0)
    return;
  long hz = sysconf(_SC_CLK_TCK);
  uint64_t life = 0;
  if (((r->flags & RTM_F_CLONED) || r->expires != 0) && hz > 0)
    life = r->expires / (uint64_t)hz;
  if (life > 65535)
    life = 65535;
  if (life == 0)
    return;
  uint32_t idx[24];
  size_t ni = 0;
  idx[ni++] = 2;
  ni += addr_arcs(idx + ni, r->gateway, 16, false);
  idx[ni++] = (uint32_t)r->oif;
  emit_col(s, 37, 1, 0, 4, idx, ni, GAUGE32(life));
  emit_col(s, 37, 1, 0, 5, idx, ni, INTEGER(0));
}

void snmpx__ip_load_routes(ipx_state *st, ipx_snap *s)
{
  size_t len = 0, pos = 0, n;
  const char *line;
  uint32_t nsidx = 0, shown = 0;
  /* snmpx__ip_ifindex reads into another slot than the route text. */
  const char *t = snmpx__ip_read(st, 0, "/proc/net/route", &len);
  while (t != NULL && snmpx__ip_line(t, len, &pos, &line, &n)) {
    route4_row rr;
    if (!snmpx__ip_parse_route4(line, n, &rr.r))
      continue;
    /* ipRouteTable has every line; route_linux.c (ipCidrRouteTable,
     * inetCidrRouteTable) skips a route whose interface has no index,
     * before numbering it, and the tables drop routes that are not up. */
    rr.ifindex = rr.r.ifname[0] == '*' ? 0 : snmpx__ip_ifindex(st, rr.r.ifname);
    iproute_emit(s, &rr);
    if (rr.r.ifname[0] != '*' && rr.ifindex == 0)
      continue;
    nsidx++;
    if (!(rr.r.flags & RTF_UP))
      continue;
    shown++;
    route4_emit(s, &rr, nsidx);
    default_router(s, &rr);
  }
  t = snmpx__ip_read(st, 2, "/proc/net/ipv6_route", &len);
  pos = 0;
  while (t != NULL && snmpx__ip_line(t, len, &pos, &line, &n)) {
    snmpx__ip_route6 r;
    if (!snmpx__ip_parse_route6(line, n, &r))
      continue;
    uint32_t ifindex = snmpx__ip_ifindex(st, r.ifname);
    if (ifindex == 0)
      continue;
    nsidx++;
    if (!(r.flags & RTF_UP))
      continue;
    shown++;
    route6_emit(s, &r, ifindex, nsidx);
  }
  if (snmpx__ip_nl_dump(st, RTM_GETROUTE) == 0)
    (void)snmpx__ip_nl_walk(st->nl, st->nl_len, RTM_NEWROUTE, router6_cb, s);
  /* inetCidrRouteNumber: the rows of inetCidrRouteTable. */
  if (t != NULL || shown > 0) {
    uint32_t nm[3] = {24, 6, 0};
    snmpx__ip_emit(s, nm, 3, GAUGE32(shown));
    snmpx__ip_set_lone(s);
  }
}

/* ---- Addresses (ipAddrTable, ipAddressPrefixTable, ipAddressTable) ------ */

typedef struct addr_ctx {
  ipx_snap *s;
} addr_ctx;

static void prefix_of(const uint8_t *a, size_t len, unsigned pfx, uint8_t *out)
{
  for (size_t i = 0; i < len; i++) {
    unsigned bits = pfx >= (i + 1) * 8 ? 8 : pfx > i * 8 ? pfx - i * 8 : 0;
    out[i] = (uint8_t)(a[i] & (uint8_t)(0xff00u >> bits));
  }
}

/* One row of ipAddressTable (and its prefix's row). */
static void addr_row(ipx_snap *s, const snmpx__ip_nladdr *a, const uint8_t *ad,
                     int32_t type, int32_t origin, int32_t status,
                     int32_t storage)
{
  size_t alen = a->family == AF_INET ? 4 : 16;
  uint32_t atype = a->family == AF_INET ? 1 : 2;
  uint32_t idx[24], pidx[32];
  size_t ni = 0;
  idx[ni++] = atype;
  ni += addr_arcs(idx + ni, ad, alen, false);
  uint8_t pfx[16];
  prefix_of(a->addr, alen, a->pfxlen, pfx);
  size_t np = 0;
  pidx[np++] = a->ifindex;
  pidx[np++] = atype;
  np += addr_arcs(pidx + np, pfx, alen, false);
  pidx[np++] = a->pfxlen;
  uint32_t poid[48] = {1, 3, 6, 1, 2, 1, 4, 32, 1, 5};
  memcpy(poid + 10, pidx, np * sizeof(uint32_t));
  emit_col(s, 34, 1, 0, 3, idx, ni, INTEGER(a->ifindex));
  emit_col(s, 34, 1, 0, 4, idx, ni, INTEGER(type));
  emit_col_oid(s, 34, 1, 0, 5, idx, ni, poid, 10 + np);
  emit_col(s, 34, 1, 0, 6, idx, ni, INTEGER(origin));
  emit_col(s, 34, 1, 0, 7, idx, ni, INTEGER(status));
  emit_col(s, 34, 1, 0, 8, idx, ni, snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0));
  emit_col(s, 34, 1, 0, 9, idx, ni, snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0));
  emit_col(s, 34, 1, 0, 10, idx, ni, INTEGER(1));
  emit_col(s, 34, 1, 0, 11, idx, ni, INTEGER(storage));
  if (type == 3)
    return; /* a broadcast row shares its address's prefix */
  /* ipAddressPrefixTable: origin from the address's (a link-layer
   * address's prefix is well-known). */
  int32_t porigin = origin == 5 ? 3 : origin == 6 ? 5 : origin;
  emit_col(s, 32, 1, 0, 5, pidx, np, INTEGER(porigin));
  emit_col(s, 32, 1, 0, 6, pidx, np, INTEGER(1));
  emit_col(s, 32, 1, 0, 7, pidx, np, INTEGER(2));
  emit_col(s, 32, 1, 0, 8, pidx, np, GAUGE32(a->preferred));
  emit_col(s, 32, 1, 0, 9, pidx, np, GAUGE32(a->valid));
}

static void addr_cb(void *ud, const void *item)
{
  addr_ctx *c = ud;
  ipx_snap *s = c->s;
  const snmpx__ip_nladdr *a = item;
  if (a->ifindex == 0 || a->ifindex > 0x7fffffffu)
    return;
  if (a->family == AF_INET) {
    bool apipa = a->addr[0] == 169 && a->addr[1] == 254;
    int32_t origin = apipa ? 6 : 2;
    addr_row(s, a, a->addr, 1, origin, 1, 2);
    if (a->has_bcast)
      addr_row(s, a, a->bcast, 3, origin, 1, 2);
    /* ipAddrTable (RFC 1213, mibII/ipAddr.c). */
    uint32_t idx[4];
    size_t ni = addr_arcs(idx, a->addr, 4, true);
    uint8_t mask[4];
    uint8_t ones[4] = {255, 255, 255, 255};
    prefix_of(ones, 4, a->pfxlen, mask);
    emit_col_bytes(s, 20, 1, 0, 1, idx, ni, SNMPX_TYPE_IPADDRESS, a->addr, 4);
    emit_col(s, 20, 1, 0, 2, idx, ni, INTEGER(a->ifindex));
    emit_col_bytes(s, 20, 1, 0, 3, idx, ni, SNMPX_TYPE_IPADDRESS, mask, 4);
    emit_col(s, 20, 1, 0, 4, idx, ni,
             INTEGER(a->has_bcast ? (a->bcast[3] & 1) : 0));
    return;
  }
  /* ipaddress_linux.c's IPv6 status and origin. */
  uint32_t f = a->flags;
  int32_t status = (f & IFA_F_PERMANENT) || f == 0 ? 1
                   : (f & IFA_F_TEMPORARY)         ? 1
                   : (f & IFA_F_DEPRECATED)        ? 2
                   : (f & IFA_F_TENTATIVE)         ? 8
                                                   : 5;
  bool ll = a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80;
  int32_t origin = f == 0 ? 5 : (f & IFA_F_TEMPORARY) ? 6 : ll ? 5 : 2;
  addr_row(s, a, a->addr, 1, origin, status, origin == 5 ? 4 : 2);
}

/* ipv6ScopeZoneIndexTable (RFC 4293 4.36), as ipv6scopezone_linux.c:
 * an interface with a link-local address (/proc/net/if_inet6) has the
 * link-local zone of its ifIndex; the other scopes are zone 0. */
static void scope_zones(ipx_state *st, ipx_snap *s)
{
  size_t len = 0, pos = 0, n;
  const char *line;
  const char *t = snmpx__ip_read(st, 0, "/proc/net/if_inet6", &len);
  while (t != NULL && snmpx__ip_line(t, len, &pos, &line, &n)) {
    snmpx__ip_inet6 a;
    if (!snmpx__ip_parse_inet6(line, n, &a) || !(a.scope & 0x20) ||
        a.ifindex == 0 || a.ifindex > 0x7fffffff)
      continue;
    for (uint32_t c = 2; c <= 13; c++)
      emit_col(s, 36, 1, 0, c, &a.ifindex, 1, GAUGE32(c == 2 ? a.ifindex : 0));
  }
}

void snmpx__ip_load_addrs(ipx_state *st, ipx_snap *s)
{
  scope_zones(st, s);
  addr_ctx c = {s};
  if (snmpx__ip_nl_dump(st, RTM_GETADDR) != 0)
    return;
  (void)snmpx__ip_nl_walk(st->nl, st->nl_len, RTM_NEWADDR, addr_cb, &c);
}

/* ---- Neighbours (ipNetToMediaTable, ipNetToPhysicalTable) --------------- */

typedef struct neigh_ctx {
  ipx_snap *s;
  uint32_t now_ticks;
} neigh_ctx;

/* ipNetToPhysicalTable (RFC 4293 4.35), as ip-mib/data_access/
 * arp_netlink.c: failed and no-ARP entries are left out. */
static void neigh_cb(void *ud, const void *item)
{
  neigh_ctx *c = ud;
  const snmpx__ip_nlneigh *nb = item;
  if (nb->state == NUD_FAILED || nb->state == NUD_NOARP || nb->ifindex == 0)
    return;
  int32_t state = 6, type = 5;
  switch (nb->state) {
  case NUD_INCOMPLETE:
    state = 7;
    type = 2;
    break;
  case NUD_REACHABLE:
    state = 1;
    type = 3;
    break;
  case NUD_PERMANENT:
    state = 1;
    type = 4;
    break;
  case NUD_STALE:
    state = 2;
    type = 3;
    break;
  case NUD_DELAY:
    state = 3;
    type = 3;
    break;
  case NUD_PROBE:
    state = 4;
    type = 3;
    break;
  case NUD_NONE:
    state = 6;
    type = 2;
    break;
  default:
    break;
  }
  size_t alen = nb->family == AF_INET ? 4 : 16;
  uint32_t idx[24];
  size_t ni = 0;
  idx[ni++] = nb->ifindex;
  idx[ni++] = nb->family == AF_INET ? 1 : 2;
  ni += addr_arcs(idx + ni, nb->addr, alen, false);
  emit_col_bytes(c->s, 35, 1, 0, 4, idx, ni, SNMPX_TYPE_OCTET_STRING,
                 nb->lladdr, nb->lladdr_len);
  emit_col(c->s, 35, 1, 0, 5, idx, ni,
           snmpx_value_uint(SNMPX_TYPE_TIMETICKS, c->now_ticks));
  emit_col(c->s, 35, 1, 0, 6, idx, ni, INTEGER(type));
  emit_col(c->s, 35, 1, 0, 7, idx, ni, INTEGER(state));
  emit_col(c->s, 35, 1, 0, 8, idx, ni, INTEGER(1));
}

/* ipNetToMediaTable (RFC 1213, mibII/data_access/at_linux.c):
 * /proc/net/arp's entries but the invalidated ones (flags 0); an
 * interface with no index gives 0, as there. */
static void arp_rows(ipx_state *st, ipx_snap *s)
{
  size_t len = 0, pos = 0, n;
  const char *line;
  const char *t = snmpx__ip_read(st, 0, "/proc/net/arp", &len);
  while (t != NULL && snmpx__ip_line(t, len, &pos, &line, &n)) {
    snmpx__ip_arp a;
    if (!snmpx__ip_parse_arp(line, n, &a) || a.flags == 0)
      continue;
    uint32_t ifindex = snmpx__ip_ifindex(st, a.ifname);
    uint32_t idx[5];
    idx[0] = ifindex;
    size_t ni = 1 + addr_arcs(idx + 1, a.addr, 4, true);
    emit_col(s, 22, 1, 0, 1, idx, ni, INTEGER(ifindex));
    emit_col_bytes(s, 22, 1, 0, 2, idx, ni, SNMPX_TYPE_OCTET_STRING, a.hw,
                   a.hw_len);
    emit_col_bytes(s, 22, 1, 0, 3, idx, ni, SNMPX_TYPE_IPADDRESS, a.addr, 4);
    emit_col(s, 22, 1, 0, 4, idx, ni, INTEGER((a.flags & ATF_PERM) ? 4 : 3));
  }
}

void snmpx__ip_load_neigh(ipx_state *st, ipx_snap *s)
{
  arp_rows(st, s);
  /* ipNetToPhysicalLastUpdated: snmpd puts its sysUpTime at the cache's
   * load; ours is the host clock's centiseconds. */
  neigh_ctx c = {s, (uint32_t)(snmpx_host_now(st->h) / 10)};
  if (snmpx__ip_nl_dump(st, RTM_GETNEIGH) != 0)
    return;
  (void)snmpx__ip_nl_walk(st->nl, st->nl_len, RTM_NEWNEIGH, neigh_cb, &c);
}
