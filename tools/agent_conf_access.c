/* snmpx agent: snmpd.conf's access-control words (snmpd.conf(5) "ACCESS
 * CONTROL", as Net-SNMP 5.9's vacm_conf.c reads them) onto the VACM of
 * RFC 3415 and the community table of RFC 3584 5.1. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent_conf_int.h"
#include "cli.h"

/* The view types of authcommunity, authuser... (snmpd.conf(5) "Typed-View
 * Configuration"); log, execute and net are snmptrapd's, which an agent
 * has no use for but accepts as snmpd does. */
#define T_READ 1
#define T_WRITE 2
#define T_NOTIFY 4

/* Where an access entry applies: snmpd's optional CONTEXT field. */
typedef struct ctx_spec {
  const char *name; /* "" when none */
  bool prefix;      /* "NAME*", or no field at all (every context) */
} ctx_spec;

static int parse_types(agent_conf *c, const char *s, unsigned *out)
{
  char buf[128];
  if (strlen(s) >= sizeof(buf))
    return agent_conf_fail(c, "bad view types '%s'", s);
  strcpy(buf, s);
  *out = 0;
  for (char *save = NULL, *t = strtok_r(buf, ",", &save); t != NULL;
       t = strtok_r(NULL, ",", &save)) {
    if (strcasecmp(t, "read") == 0)
      *out |= T_READ;
    else if (strcasecmp(t, "write") == 0)
      *out |= T_WRITE;
    else if (strcasecmp(t, "notify") == 0)
      *out |= T_NOTIFY;
    else if (strcasecmp(t, "log") != 0 && strcasecmp(t, "execute") != 0 &&
             strcasecmp(t, "net") != 0)
      return agent_conf_fail(c,
                             "bad view type '%s' (read, write, notify, "
                             "log, execute, net)",
                             t);
  }
  return 0;
}

static int parse_model(const char *s, int *out)
{
  static const struct {
    const char *name;
    int model;
  } models[] = {{"any", SNMPX_SECMODEL_ANY},
                {"v1", SNMPX_SECMODEL_V1},
                {"v2c", SNMPX_SECMODEL_V2C},
                {"usm", SNMPX_SECMODEL_USM},
                {"tsm", SNMPX_SECMODEL_TSM}};
  for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
    if (strcasecmp(s, models[i].name) == 0) {
      *out = models[i].model;
      return 0;
    }
  return -1;
}

/* A netmask written as an address (255.255.255.0): its prefix length, or
 * -1 when the ones are not contiguous. */
static int mask_bits(const char *s, bool v6)
{
  uint8_t b[16];
  size_t n = v6 ? 16 : 4;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, s, b) != 1)
    return -1;
  int bits = 0;
  size_t i = 0;
  for (; i < n && b[i] == 0xff; i++)
    bits += 8;
  if (i < n) {
    uint8_t x = b[i];
    while (x & 0x80) {
      bits++;
      x = (uint8_t)(x << 1);
    }
    if (x != 0)
      return -1;
    for (i++; i < n; i++)
      if (b[i] != 0)
        return -1;
  }
  return bits;
}

/* A host name to its first address of the family (snmpd resolves SOURCE
 * names when it reads the line).  Offline (the fuzz target) looks no
 * name up. */
static int resolve(const agent_conf *c, const char *host, bool v6,
                   snmpx_addr *a)
{
  if (c->offline)
    return -1;
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = v6 ? AF_INET6 : AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
    return -1;
  if (res->ai_addrlen <= sizeof(a->u))
    memcpy(&a->u, res->ai_addr, res->ai_addrlen);
  a->len = (socklen_t)res->ai_addrlen;
  freeaddrinfo(res);
  return 0;
}

/* SOURCE: "default" (anywhere), a host (address or name), NET/BITS or
 * NET/MASK.  @return 0 with *any set, or -1. */
static int parse_source(const agent_conf *c, const char *s, bool v6,
                        snmpx_addr *a, unsigned *bits, bool *any)
{
  *any = strcmp(s, "default") == 0;
  if (*any)
    return 0;
  char host[256];
  const char *slash = strchr(s, '/');
  size_t hl = slash ? (size_t)(slash - s) : strlen(s);
  if (hl == 0 || hl >= sizeof(host))
    return -1;
  memcpy(host, s, hl);
  host[hl] = '\0';
  memset(a, 0, sizeof(*a));
  if (!v6 && inet_pton(AF_INET, host, &a->u.in4.sin_addr) == 1) {
    a->u.in4.sin_family = AF_INET;
    a->len = sizeof(a->u.in4);
  } else if (v6 && inet_pton(AF_INET6, host, &a->u.in6.sin6_addr) == 1) {
    a->u.in6.sin6_family = AF_INET6;
    a->len = sizeof(a->u.in6);
  } else if (resolve(c, host, v6, a) < 0) {
    return -1;
  }
  *bits = v6 ? 128 : 32;
  if (slash != NULL) {
    char *end;
    unsigned long b = strtoul(slash + 1, &end, 10);
    if (*end == '\0' && end != slash + 1 && b <= *bits) {
      *bits = (unsigned)b;
    } else {
      int m = mask_bits(slash + 1, v6);
      if (m < 0)
        return -1;
      *bits = (unsigned)m;
    }
  }
  return 0;
}

/* The community entry COMMUNITY -> SECNAME in context |ctx| for requests
 * from |src| (NULL: any IP peer). */
static int put_community(agent_conf *c, const char *community,
                         const char *secname, const char *ctx,
                         const snmpx_addr *src, unsigned bits)
{
  snmpx_vacm_community vc;
  memset(&vc, 0, sizeof(vc));
  vc.community = (const uint8_t *)community;
  vc.community_len = strlen(community);
  vc.security_name = (const uint8_t *)secname;
  vc.security_name_len = strlen(secname);
  vc.context_name = (const uint8_t *)ctx;
  vc.context_name_len = ctx != NULL ? strlen(ctx) : 0;
  vc.source = src;
  vc.source_prefix = bits;
  if (snmpx_vacm_add_community(c->vacm, &vc) < 0)
    return agent_conf_fail(c, "cannot add community '%s'", community);
  return 0;
}

static int add_community(agent_conf *c, const char *community,
                         const char *secname, const char *ctx,
                         const char *source, bool v6)
{
  snmpx_addr src;
  unsigned bits = 0;
  bool any = true;
  if (source != NULL && source[0] == '!')
    return agent_conf_fail(c,
                           "source '%s': denying a source (!) is not "
                           "supported: list the sources allowed",
                           source);
  if (source != NULL && parse_source(c, source, v6, &src, &bits, &any) < 0)
    return agent_conf_fail(c,
                           "bad source '%s' (default, a host, NET/BITS "
                           "or NET/MASK)",
                           source);
  return put_community(c, community, secname, ctx, any ? NULL : &src, bits);
}

/* com2secunix: requests with COMMUNITY that came in on the UNIX socket
 * SOCKPATH (Net-SNMP's snmpUnixDomain.c; the only way a UNIX socket's
 * peers are admitted, as in snmpd). */
static int add_unix_community(agent_conf *c, const char *community,
                              const char *secname, const char *ctx,
                              const char *path)
{
  snmpx_addr src;
  memset(&src, 0, sizeof(src));
  if (strlen(path) >= sizeof(src.u.un.sun_path))
    return agent_conf_fail(c, "socket path too long '%s'", path);
  src.domain = SNMPX_DOMAIN_UNIX;
  src.u.un.sun_family = AF_UNIX;
  strcpy(src.u.un.sun_path, path);
  src.len = sizeof(src.u.un);
  return put_community(c, community, secname, ctx, &src, 0);
}

/* The subtree |oid| as a view of its own (NULL: everything), named in
 * |name| (at least 32 bytes). */
static int make_view(agent_conf *c, const char *oid, char *name)
{
  snmpx_oid o;
  if (snmpx_oid_parse(&o, oid ? oid : ".1") < 0 || o.len == 0)
    return agent_conf_fail(c, "bad OID '%s'", oid);
  snprintf(name, 32, "_view%d", c->serial);
  if (snmpx_vacm_add_view(c->vacm, name, snmpx_oid_view(&o), NULL, 0, true) < 0)
    return agent_conf_fail(c, "cannot add view");
  return 0;
}

/* An access entry: |view| for the |types| asked, in |ctx|. */
static int add_access(agent_conf *c, const char *group, int model,
                      snmpx_seclevel level, const ctx_spec *ctx,
                      const char *view, unsigned types)
{
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = group;
  a.security_model = model;
  a.level = level;
  a.context_prefix = (const uint8_t *)ctx->name;
  a.context_prefix_len = strlen(ctx->name);
  a.prefix_match = ctx->prefix;
  /* A type not granted gets a view that holds nothing: a SET through a
   * read-only community is then notInView, noAccess (RFC 3416 4.2.5), as
   * snmpd answers, not an authorizationError for a missing view. */
  static const uint32_t iso[] = {1};
  if (snmpx_vacm_add_view(c->vacm, "_none", SNMPX_OIDV(iso), NULL, 0, false) <
      0)
    return agent_conf_fail(c, "cannot add view");
  a.read_view = types & T_READ ? view : "_none";
  a.write_view = types & T_WRITE ? view : "_none";
  a.notify_view = types & T_NOTIFY ? view : "_none";
  if (snmpx_vacm_add_access(c->vacm, &a) < 0)
    return agent_conf_fail(c, "cannot add access entry");
  /* A context named is served (empty unless `data` fills it). */
  if (ctx->name[0] != '\0' &&
      snmpx_agent_context(c->agent, a.context_prefix, a.context_prefix_len,
                          true) == NULL)
    return agent_conf_fail(c, "bad context '%s'", ctx->name);
  c->n_access++;
  return 0;
}

/* The tail "[OID | -V VIEW [CONTEXT]]" of the simple forms, from w[i]:
 * the view's name into |view| (32 bytes; made for an OID or none),
 * the context into *ctx (its text kept in |ctxbuf|, 40 bytes).
 * @return 0 or -1 (printed). */
static int view_tail(agent_conf *c, char **w, int n, int i, char *view,
                     ctx_spec *ctx, char *ctxbuf)
{
  ctx->name = "";
  ctx->prefix = true; /* no CONTEXT: every context (vacm_conf.c) */
  if (i < n && strcmp(w[i], "-V") == 0) {
    if (i + 1 >= n || strlen(w[i + 1]) >= 32)
      return agent_conf_fail(c, "%s: -V takes a view name", w[0]);
    strcpy(view, w[i + 1]);
    i += 2;
  } else {
    if (make_view(c, i < n ? w[i] : NULL, view) < 0)
      return -1;
    i += i < n ? 1 : 0;
  }
  if (i < n) {
    size_t len = strlen(w[i]);
    if (len > 33)
      return agent_conf_fail(c, "context '%s' longer than 32 octets", w[i]);
    memcpy(ctxbuf, w[i], len + 1);
    ctx->prefix = len > 0 && ctxbuf[len - 1] == '*';
    if (ctx->prefix)
      ctxbuf[len - 1] = '\0';
    ctx->name = ctxbuf;
    i++;
  }
  if (i < n)
    return agent_conf_fail(c, "%s: '%s': too many words", w[0], w[i]);
  return 0;
}

/* rocommunity/rwcommunity[6] and authcommunity: COMMUNITY [SOURCE [OID |
 * -V VIEW [CONTEXT]]] from w[i], as snmpd's vacm_create_simple: a
 * security name for the community, a group for it under v1 and v2c, an
 * access entry at noAuthNoPriv. */
static int simple_community(agent_conf *c, char **w, int n, int i,
                            unsigned types, bool v6)
{
  static const int models[] = {SNMPX_SECMODEL_V1, SNMPX_SECMODEL_V2C};
  if (n - i < 1)
    return agent_conf_fail(c,
                           "usage: %s COMMUNITY [SOURCE [OID | -V VIEW "
                           "[CONTEXT]]]",
                           w[0]);
  char secname[32], group[32], view[32], ctxbuf[40];
  ctx_spec ctx;
  c->serial++;
  snprintf(secname, sizeof(secname), "_comm%d", c->serial);
  snprintf(group, sizeof(group), "_grp%d", c->serial);
  if (view_tail(c, w, n, i + 2 < n ? i + 2 : n, view, &ctx, ctxbuf) < 0 ||
      add_community(c, w[i], secname, ctx.prefix ? NULL : ctx.name,
                    i + 1 < n ? w[i + 1] : NULL, v6) < 0)
    return -1;
  for (int k = 0; k < 2; k++)
    if (snmpx_vacm_add_group(c->vacm, models[k], (const uint8_t *)secname,
                             strlen(secname), group) < 0)
      return agent_conf_fail(c, "cannot add group");
  return add_access(c, group, SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, &ctx,
                    view, types);
}

/* "-s MODEL" at w[*i] (usm when absent; rouser takes usm or tsm). */
static int model_flag(agent_conf *c, char **w, int n, int *i, int *model)
{
  *model = SNMPX_SECMODEL_USM;
  if (*i + 1 < n && strcmp(w[*i], "-s") == 0) {
    if (parse_model(w[*i + 1], model) < 0 || *model == SNMPX_SECMODEL_ANY)
      return agent_conf_fail(c, "%s -s: '%s' is not usm, tsm, v1 or v2c", w[0],
                             w[*i + 1]);
    *i += 2;
  }
  return 0;
}

/* rouser/rwuser, authuser (|is_group| false) and authgroup (true):
 * [-s MODEL] NAME [LEVEL [OID | -V VIEW [CONTEXT]]] from w[i]. */
static int simple_user(agent_conf *c, char **w, int n, int i, unsigned types,
                       bool is_group)
{
  int model;
  snmpx_seclevel level = SNMPX_SECLEVEL_AUTHNOPRIV; /* snmpd's default */
  if (model_flag(c, w, n, &i, &model) < 0)
    return -1;
  if (n - i < 1 || (i + 1 < n && cli_parse_level(w[i + 1], &level) < 0))
    return agent_conf_fail(c,
                           "usage: %s [-s MODEL] %s [noauth|auth|priv "
                           "[OID | -V VIEW [CONTEXT]]]",
                           w[0], is_group ? "GROUP" : "USER");
  char group[32], view[32], ctxbuf[40];
  ctx_spec ctx;
  c->serial++;
  if (view_tail(c, w, n, i + 2 < n ? i + 2 : n, view, &ctx, ctxbuf) < 0)
    return -1;
  if (is_group) {
    if (strlen(w[i]) >= sizeof(group))
      return agent_conf_fail(c, "group name '%s' too long", w[i]);
    strcpy(group, w[i]);
  } else {
    snprintf(group, sizeof(group), "_grp%d", c->serial);
    if (snmpx_vacm_add_group(c->vacm, model, (const uint8_t *)w[i],
                             strlen(w[i]), group) < 0)
      return agent_conf_fail(c, "bad security name '%s'", w[i]);
  }
  return add_access(c, group, model, level, &ctx, view, types);
}

/* authaccess TYPES [-s MODEL] GROUP VIEW [LEVEL [CONTEXT]] */
static int do_authaccess(agent_conf *c, char **w, int n)
{
  unsigned types;
  int model, i = 2;
  snmpx_seclevel level = SNMPX_SECLEVEL_AUTHNOPRIV;
  if (n < 2 || parse_types(c, w[1], &types) < 0 ||
      model_flag(c, w, n, &i, &model) < 0)
    return n < 2 ? agent_conf_fail(c, "usage: authaccess TYPES [-s MODEL] "
                                      "GROUP VIEW [LEVEL [CONTEXT]]")
                 : -1;
  if (n - i < 2 || n - i > 4 ||
      (n - i > 2 && cli_parse_level(w[i + 2], &level) < 0))
    return agent_conf_fail(c, "usage: authaccess TYPES [-s MODEL] GROUP "
                              "VIEW [LEVEL [CONTEXT]]");
  char ctxbuf[40];
  ctx_spec ctx = {"", false}; /* no CONTEXT: the default one only */
  if (n - i == 4) {
    size_t len = strlen(w[i + 3]);
    if (len > 33)
      return agent_conf_fail(c, "context '%s' too long", w[i + 3]);
    memcpy(ctxbuf, w[i + 3], len + 1);
    ctx.prefix = len > 0 && ctxbuf[len - 1] == '*';
    if (ctx.prefix)
      ctxbuf[len - 1] = '\0';
    ctx.name = ctxbuf;
  }
  return add_access(c, w[i], model, level, &ctx, w[i + 1], types);
}

/* access GROUP CONTEXT MODEL LEVEL exact|prefix READ WRITE NOTIFY, and
 * setaccess GROUP CONTEXT MODEL LEVEL exact|prefix VIEW TYPES. */
static int do_access(agent_conf *c, char **w, int n, bool typed)
{
  int model;
  snmpx_seclevel level;
  unsigned types = 0;
  if (n != (typed ? 8 : 9) || parse_model(w[3], &model) < 0 ||
      cli_parse_level(w[4], &level) < 0 ||
      (strcasecmp(w[5], "exact") != 0 && strcasecmp(w[5], "prefix") != 0) ||
      (typed && parse_types(c, w[7], &types) < 0))
    return agent_conf_fail(
        c, typed ? "usage: setaccess GROUP CONTEXT any|v1|v2c|usm|tsm "
                   "noauth|auth|priv exact|prefix VIEW TYPES"
                 : "usage: access GROUP CONTEXT any|v1|v2c|usm|tsm "
                   "noauth|auth|priv exact|prefix READ WRITE NOTIFY");
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = w[1];
  a.security_model = model;
  a.level = level;
  a.context_prefix = (const uint8_t *)w[2];
  a.context_prefix_len = strlen(w[2]);
  a.prefix_match = strcasecmp(w[5], "prefix") == 0;
  if (typed) {
    a.read_view = types & T_READ ? w[6] : NULL;
    a.write_view = types & T_WRITE ? w[6] : NULL;
    a.notify_view = types & T_NOTIFY ? w[6] : NULL;
  } else {
    /* A view named "none" is no view (snmpd has no view of that name). */
    a.read_view = strcmp(w[6], "none") == 0 ? NULL : w[6];
    a.write_view = strcmp(w[7], "none") == 0 ? NULL : w[7];
    a.notify_view = strcmp(w[8], "none") == 0 ? NULL : w[8];
  }
  if (snmpx_vacm_add_access(c->vacm, &a) < 0)
    return agent_conf_fail(c, "bad access entry");
  if (snmpx_agent_context(c->agent, a.context_prefix, a.context_prefix_len,
                          true) == NULL)
    return agent_conf_fail(c, "bad context '%s'", w[2]);
  c->n_access++;
  return 0;
}

/* view NAME included|excluded OID [MASK] */
static int do_view(agent_conf *c, char **w, int n)
{
  snmpx_oid o;
  uint8_t mask[SNMPX_VACM_MASK_MAX];
  int mask_len = 0;
  bool inc = n > 2 && strcasecmp(w[2], "included") == 0;
  if (n < 4 || n > 5 || (!inc && strcasecmp(w[2], "excluded") != 0))
    return agent_conf_fail(c, "usage: view NAME included|excluded OID "
                              "[MASK]");
  if (snmpx_oid_parse(&o, w[3]) < 0)
    return agent_conf_fail(c, "bad OID '%s'", w[3]);
  if (n == 5 && (mask_len = cli_parse_hex(w[4], mask, sizeof(mask))) < 0)
    return agent_conf_fail(c, "bad mask '%s' (hex, at most 16 octets)", w[4]);
  if (snmpx_vacm_add_view(c->vacm, w[1], snmpx_oid_view(&o), mask,
                          (size_t)mask_len, inc) < 0)
    return agent_conf_fail(c, "cannot add view '%s'", w[1]);
  return 0;
}

/* group GROUP v1|v2c|usm|tsm SECNAME */
static int do_group(agent_conf *c, char **w, int n)
{
  int model;
  if (n != 4 || parse_model(w[2], &model) < 0 || model == SNMPX_SECMODEL_ANY)
    return agent_conf_fail(c, "usage: group GROUP v1|v2c|usm|tsm SECNAME");
  if (snmpx_vacm_add_group(c->vacm, model, (const uint8_t *)w[3], strlen(w[3]),
                           w[1]) < 0)
    return agent_conf_fail(c, "bad group entry");
  return 0;
}

/* com2sec[6|unix] [-Cn CONTEXT] SECNAME SOURCE COMMUNITY */
static int do_com2sec(agent_conf *c, char **w, int n)
{
  const char *ctx = NULL;
  int i = 1;
  if (n > 2 && strcmp(w[1], "-Cn") == 0) {
    ctx = w[2];
    if (strlen(ctx) > 32)
      return agent_conf_fail(c, "context '%s' longer than 32 octets", ctx);
    i = 3;
  }
  if (n - i != 3)
    return agent_conf_fail(
        c,
        "usage: %s [-Cn CONTEXT] SECNAME %s "
        "COMMUNITY",
        w[0], strcmp(w[0], "com2secunix") == 0 ? "SOCKPATH" : "SOURCE");
  if (strcmp(w[0], "com2secunix") == 0)
    return add_unix_community(c, w[i + 2], w[i], ctx, w[i + 1]);
  /* com2sec takes an IPv6 source too, as before (com2sec6 is the form
   * snmpd documents for it). */
  bool v6 = strcmp(w[0], "com2sec6") == 0 || strchr(w[i + 1], ':') != NULL;
  return add_community(c, w[i + 2], w[i], ctx, w[i + 1], v6);
}

int agent_conf_access(agent_conf *c, char **w, int n)
{
  const char *d = w[0];
  unsigned types;
  int rv;
  if (strcmp(d, "rocommunity") == 0 || strcmp(d, "rwcommunity") == 0 ||
      strcmp(d, "rocommunity6") == 0 || strcmp(d, "rwcommunity6") == 0)
    rv = simple_community(c, w, n, 1, d[1] == 'w' ? T_READ | T_WRITE : T_READ,
                          d[11] == '6');
  else if (strcmp(d, "authcommunity") == 0)
    rv = n < 2 || parse_types(c, w[1], &types) < 0
             ? (n < 2 ? agent_conf_fail(c, "usage: authcommunity TYPES "
                                           "COMMUNITY [SOURCE [OID | -V "
                                           "VIEW [CONTEXT]]]")
                      : -1)
             : simple_community(c, w, n, 2, types, false);
  else if (strcmp(d, "rouser") == 0 || strcmp(d, "rwuser") == 0)
    rv =
        simple_user(c, w, n, 1, d[1] == 'w' ? T_READ | T_WRITE : T_READ, false);
  else if (strcmp(d, "authuser") == 0 || strcmp(d, "authgroup") == 0)
    rv = n < 2 || parse_types(c, w[1], &types) < 0
             ? (n < 2 ? agent_conf_fail(c,
                                        "usage: %s TYPES [-s MODEL] NAME "
                                        "[LEVEL [OID | -V VIEW "
                                        "[CONTEXT]]]",
                                        d)
                      : -1)
             : simple_user(c, w, n, 2, types, d[4] == 'g');
  else if (strcmp(d, "authaccess") == 0)
    rv = do_authaccess(c, w, n);
  else if (strcmp(d, "access") == 0 || strcmp(d, "setaccess") == 0)
    rv = do_access(c, w, n, d[0] == 's');
  else if (strcmp(d, "com2sec") == 0 || strcmp(d, "com2sec6") == 0 ||
           strcmp(d, "com2secunix") == 0)
    rv = do_com2sec(c, w, n);
  else if (strcmp(d, "view") == 0)
    rv = do_view(c, w, n);
  else if (strcmp(d, "group") == 0)
    rv = do_group(c, w, n);
  else
    return 0;
  return rv < 0 ? -1 : 1;
}
