/* snmpx agent configuration: snmpd.conf's words for addresses, engine,
 * communities, users, VACM and the system group. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "agent_conf.h"
#include "cli.h"
#include "conf_read.h"
#include "tls_conf.h"

#define MAX_WORDS 16

const char agent_conf_help[] =
    "Configuration directives (one per line, words as in snmpd.conf: quotes\n"
    "\" or ' group, \\ makes the next character plain, a word starting "
    "with #\n"
    "begins a comment; a line that cannot be taken stops the agent with\n"
    "FILE:LINE: REASON):\n"
    "  agentAddress ADDR[,ADDR...]   listen (udp:127.0.0.1:1161, "
    "udp6:[::1]:1161;\n"
    "                                udp:PORT: every IPv4 address; "
    "tcp:, tcp6:,\n"
    "                                unix:PATH, tlstcp: (tls:), dtlsudp: "
    "(dtls:))\n"
    "  engineID HEX                  snmpEngineID (default: state file or "
    "random)\n"
    "  stateFile FILE                keep engine ID and boots here\n"
    "  agentuser USER, agentgroup GROUP   run as USER and GROUP (names or "
    "numbers)\n"
    "                                once listening (as -u, -g)\n"
    "  rocommunity COMM [SOURCE [OID]]   read-only community (SOURCE: "
    "default,\n"
    "  rwcommunity COMM [SOURCE [OID]]   a host or a NET/BITS network)\n"
    "  rocommunity6 / rwcommunity6   the same for IPv6 sources\n"
    "  com2sec SECNAME SOURCE COMM   community to security name (use with "
    "group)\n"
    "  com2secunix SECNAME PATH COMM the same for the UNIX socket PATH (its\n"
    "                                only way in, as in snmpd)\n"
    "  createUser [-e ENGINEID] NAME [AUTH PASS [PRIV [PASS]]]   a USM user\n"
    "                                (AUTH: MD5 SHA SHA-224 SHA-256 SHA-384 "
    "SHA-512;\n"
    "                                PRIV: DES 3DES AES AES-192 AES-256 "
    "AES-192-C\n"
    "                                AES-256-C; PRIV's PASS defaults to "
    "AUTH's)\n"
    "  rouser [-s usm|tsm] NAME [noauth|auth|priv [OID]]   read access for "
    "a user\n"
    "                                (default auth; -s tsm: a TLS/DTLS "
    "client's\n"
    "                                certSecName)\n"
    "  rwuser [-s usm|tsm] NAME [noauth|auth|priv [OID]]   read-write "
    "access\n"
    "  [snmp] localCert CERT         the certificate TLS/DTLS listeners "
    "present\n"
    "                                (default: the one named snmpd); CERT: "
    "a\n"
    "                                fingerprint, a file name in tls/certs "
    "of\n"
    "                                $SNMPCONFPATH, or a path\n"
    "  [snmp] trustCert CERT         a CA (or certificate) clients' "
    "certificates\n"
    "                                are verified with (repeatable)\n"
    "  certSecName PRI [--shaNN] FP --sn NAME|--rfc822|--dns|--ip|--cn|"
    "--any\n"
    "                                a client certificate (or its CA) to a "
    "TSM\n"
    "                                securityName (RFC 6353)\n"
    "  tsmUseTransportPrefix yes|no  securityNames as tls:NAME / dtls:NAME\n"
    "  [snmp] peerCert, serverCert, clientCert   as in snmpd.conf (the "
    "last two\n"
    "                                deprecated); \"[snmp]\" alone on a "
    "line: the\n"
    "                                lines after it are snmp.conf words\n"
    "  view NAME included|excluded OID [MASK]   a view family (MASK in hex)\n"
    "  group GROUP v1|v2c|usm|tsm SECNAME\n"
    "  access GROUP CONTEXT any|v1|v2c|usm|tsm noauth|auth|priv exact|prefix "
    "READ WRITE NOTIFY\n"
    "                                (a view name 'none' means no view; "
    "\"\" is an empty context)\n"
    "  sysDescr|sysContact|sysName|sysLocation TEXT   (sysContact, sysName,\n"
    "                                sysLocation are writable by rw "
    "access)\n"
    "  sysServices N, sysObjectID OID\n"
    "  maxGetbulkResponses NUM       most varbinds a GETBULK's repetitions "
    "bring\n"
    "                                (default 100; -1: no limit)\n"
    "  maxGetbulkRepeats NUM         most repetitions of a GETBULK "
    "(default: no\n"
    "                                limit but maxGetbulkResponses')\n"
    "  data FILE [CONTEXT]           serve a .snmprec file\n"
    "  pass_persist [-p PRI] [-t MS] OID PROG [ARGS...]   serve OID's subtree "
    "by\n"
    "                                PROG (Net-SNMP's pass_persist protocol);\n"
    "                                -t: answer for it after MS "
    "milliseconds\n"
    "                                (default 5000); -p is accepted and "
    "ignored\n"
    "  hostData yes|no               serve this host's IF-MIB, IP-MIB, "
    "TCP-MIB,\n"
    "                                UDP-MIB, HOST-RESOURCES-MIB and "
    "UCD-SNMP-MIB\n"
    "                                objects as snmpd does (default: yes, "
    "but no\n"
    "                                when a data file is served)\n";

static int fail(const agent_conf *c, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "snmpx agent: %s: ", c->where ? c->where : "config");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return -1;
}

/* The text after the directive's first word, trimmed; quotes around the
 * whole of it are removed. */
static char *rest_of_line(const char *line)
{
  const char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  while (*p != '\0' && *p != ' ' && *p != '\t')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  size_t n = strlen(p);
  while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' ||
                   p[n - 1] == '\t'))
    n--;
  if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
    p++;
    n -= 2;
  }
  char *s = malloc(n + 1);
  if (s != NULL) {
    memcpy(s, p, n);
    s[n] = '\0';
  }
  return s;
}

/* SOURCE: "default" (anywhere), "HOST" or "NET/BITS" as numeric
 * addresses.  @return 0 with *any set, or -1. */
static int parse_source(const char *s, bool v6, snmpx_addr *a, unsigned *bits,
                        bool *any)
{
  *any = strcmp(s, "default") == 0;
  if (*any)
    return 0;
  char host[64];
  const char *slash = strchr(s, '/');
  size_t hl = slash ? (size_t)(slash - s) : strlen(s);
  if (hl >= sizeof(host))
    return -1;
  memcpy(host, s, hl);
  host[hl] = '\0';
  memset(a, 0, sizeof(*a));
  if (!v6 && inet_pton(AF_INET, host, &a->u.in4.sin_addr) == 1) {
    a->u.in4.sin_family = AF_INET;
    a->len = sizeof(a->u.in4);
    *bits = 32;
  } else if (v6 && inet_pton(AF_INET6, host, &a->u.in6.sin6_addr) == 1) {
    a->u.in6.sin6_family = AF_INET6;
    a->len = sizeof(a->u.in6);
    *bits = 128;
  } else {
    return -1;
  }
  if (slash != NULL) {
    char *end;
    unsigned long b = strtoul(slash + 1, &end, 10);
    if (*end != '\0' || end == slash + 1 || b > *bits)
      return -1;
    *bits = (unsigned)b;
  }
  return 0;
}

static int parse_model(const char *s, int *out)
{
  if (strcasecmp(s, "any") == 0)
    *out = SNMPX_SECMODEL_ANY;
  else if (strcasecmp(s, "v1") == 0)
    *out = SNMPX_SECMODEL_V1;
  else if (strcasecmp(s, "v2c") == 0)
    *out = SNMPX_SECMODEL_V2C;
  else if (strcasecmp(s, "usm") == 0)
    *out = SNMPX_SECMODEL_USM;
  else if (strcasecmp(s, "tsm") == 0)
    *out = SNMPX_SECMODEL_TSM; /* RFC 5591 */
  else
    return -1;
  return 0;
}

/* A view of the one subtree |oid| (NULL: everything); its name in |name|
 * (at least 32 bytes). */
static int make_view(agent_conf *c, const char *oid, char *name)
{
  snmpx_oid o;
  if (snmpx_oid_parse(&o, oid ? oid : ".1") < 0 || o.len == 0)
    return fail(c, "bad OID '%s'", oid);
  snprintf(name, 32, "_view%d", c->serial);
  if (snmpx_vacm_add_view(c->vacm, name, snmpx_oid_view(&o), NULL, 0, true) < 0)
    return fail(c, "cannot add view");
  return 0;
}

/* One group and access entry for a community's or user's security name:
 * what rocommunity/rwcommunity/rouser/rwuser mean in snmpd.conf. */
static int grant(agent_conf *c, const char *secname, const int *models,
                 int n_models, snmpx_seclevel level, bool write,
                 const char *oid)
{
  char group[32], view[32];
  c->serial++;
  snprintf(group, sizeof(group), "_grp%d", c->serial);
  if (make_view(c, oid, view) < 0)
    return -1;
  for (int i = 0; i < n_models; i++)
    if (snmpx_vacm_add_group(c->vacm, models[i], (const uint8_t *)secname,
                             strlen(secname), group) < 0)
      return fail(c, "bad security name '%s'", secname);
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = group;
  a.security_model = n_models == 1 ? models[0] : SNMPX_SECMODEL_ANY;
  a.level = level;
  a.read_view = view;
  a.write_view = write ? view : NULL;
  if (snmpx_vacm_add_access(c->vacm, &a) < 0)
    return fail(c, "cannot add access entry");
  c->n_access++;
  return 0;
}

/* The community entry COMMUNITY -> SECNAME for requests from |src| (NULL:
 * any IP peer). */
static int put_community(agent_conf *c, const char *community,
                         const char *secname, const snmpx_addr *src,
                         unsigned bits)
{
  snmpx_vacm_community vc;
  memset(&vc, 0, sizeof(vc));
  vc.community = (const uint8_t *)community;
  vc.community_len = strlen(community);
  vc.security_name = (const uint8_t *)secname;
  vc.security_name_len = strlen(secname);
  vc.source = src;
  vc.source_prefix = bits;
  if (snmpx_vacm_add_community(c->vacm, &vc) < 0)
    return fail(c, "cannot add community '%s'", community);
  return 0;
}

static int add_community(agent_conf *c, const char *community,
                         const char *secname, const char *source, bool v6)
{
  snmpx_addr src;
  unsigned bits = 0;
  bool any = true;
  if (source != NULL && parse_source(source, v6, &src, &bits, &any) < 0)
    return fail(c, "bad source '%s' (default, an address or NET/BITS)", source);
  return put_community(c, community, secname, any ? NULL : &src, bits);
}

/* com2secunix SECNAME SOCKPATH COMMUNITY: requests with COMMUNITY that
 * came in on the UNIX socket SOCKPATH (Net-SNMP's snmpUnixDomain.c; the
 * only way a UNIX socket's peers are admitted, as in snmpd). */
static int add_unix_community(agent_conf *c, const char *community,
                              const char *secname, const char *path)
{
  snmpx_addr src;
  memset(&src, 0, sizeof(src));
  if (strlen(path) >= sizeof(src.u.un.sun_path))
    return fail(c, "socket path too long '%s'", path);
  src.domain = SNMPX_DOMAIN_UNIX;
  src.u.un.sun_family = AF_UNIX;
  strcpy(src.u.un.sun_path, path);
  src.len = sizeof(src.u.un);
  return put_community(c, community, secname, &src, 0);
}

/* rocommunity / rwcommunity[6] COMMUNITY [SOURCE [OID]] */
static int do_community(agent_conf *c, char **w, int n, bool write, bool v6)
{
  static const int models[] = {SNMPX_SECMODEL_V1, SNMPX_SECMODEL_V2C};
  if (n < 2 || n > 4)
    return fail(c, "usage: %s COMMUNITY [SOURCE [OID]]", w[0]);
  char secname[32];
  snprintf(secname, sizeof(secname), "_comm%d", c->serial + 1);
  if (add_community(c, w[1], secname, n > 2 ? w[2] : NULL, v6) < 0)
    return -1;
  return grant(c, secname, models, 2, SNMPX_SECLEVEL_NOAUTH, write,
               n > 3 ? w[3] : NULL);
}

/* rouser / rwuser [-s usm|tsm] NAME [LEVEL [OID]] */
static int do_user_access(agent_conf *c, char **w, int n, bool write)
{
  int model[1] = {SNMPX_SECMODEL_USM};
  snmpx_seclevel level = SNMPX_SECLEVEL_AUTHNOPRIV; /* snmpd's default */
  const char *cmd = w[0];
  /* Net-SNMP's -s SECMODEL: the user of another security model, "tsm"
   * for names that certSecName gives (RFC 5591). */
  if (n > 2 && strcmp(w[1], "-s") == 0) {
    if (parse_model(w[2], &model[0]) < 0 ||
        (model[0] != SNMPX_SECMODEL_USM && model[0] != SNMPX_SECMODEL_TSM))
      return fail(c, "%s -s: '%s' is not usm or tsm", cmd, w[2]);
    w += 2;
    n -= 2;
  }
  if (n < 2 || n > 4 || (n > 2 && cli_parse_level(w[2], &level) < 0))
    return fail(c, "usage: %s [-s usm|tsm] NAME [noauth|auth|priv [OID]]",
                cmd);
  return grant(c, w[1], model, 1, level, write, n > 3 ? w[3] : NULL);
}

/* view NAME included|excluded OID [MASK] */
static int do_view(agent_conf *c, char **w, int n)
{
  snmpx_oid o;
  uint8_t mask[SNMPX_VACM_MASK_MAX];
  int mask_len = 0;
  bool inc = strcmp(w[n > 2 ? 2 : 0], "included") == 0;
  if (n < 4 || n > 5 || (!inc && strcmp(w[2], "excluded") != 0))
    return fail(c, "usage: view NAME included|excluded OID [MASK]");
  if (snmpx_oid_parse(&o, w[3]) < 0)
    return fail(c, "bad OID '%s'", w[3]);
  if (n == 5 && (mask_len = cli_parse_hex(w[4], mask, sizeof(mask))) < 0)
    return fail(c, "bad mask '%s' (hex, at most 16 octets)", w[4]);
  if (snmpx_vacm_add_view(c->vacm, w[1], snmpx_oid_view(&o), mask,
                          (size_t)mask_len, inc) < 0)
    return fail(c, "cannot add view '%s'", w[1]);
  return 0;
}

/* group GROUP v1|v2c|usm SECNAME */
static int do_group(agent_conf *c, char **w, int n)
{
  int model;
  if (n != 4 || parse_model(w[2], &model) < 0 || model == SNMPX_SECMODEL_ANY)
    return fail(c, "usage: group GROUP v1|v2c|usm SECNAME");
  if (snmpx_vacm_add_group(c->vacm, model, (const uint8_t *)w[3], strlen(w[3]),
                           w[1]) < 0)
    return fail(c, "bad group entry");
  return 0;
}

static const char *view_arg(const char *s)
{
  return strcmp(s, "none") == 0 ? NULL : s;
}

/* access GROUP CONTEXT MODEL LEVEL exact|prefix READ WRITE NOTIFY */
static int do_access(agent_conf *c, char **w, int n)
{
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  if (n != 9 || parse_model(w[3], &a.security_model) < 0 ||
      cli_parse_level(w[4], &a.level) < 0 ||
      (strcmp(w[5], "exact") != 0 && strcmp(w[5], "prefix") != 0))
    return fail(c, "usage: access GROUP CONTEXT any|v1|v2c|usm "
                   "noauth|auth|priv exact|prefix READ WRITE NOTIFY");
  a.group = w[1];
  a.context_prefix = (const uint8_t *)w[2];
  a.context_prefix_len = strlen(w[2]);
  a.prefix_match = strcmp(w[5], "prefix") == 0;
  a.read_view = view_arg(w[6]);
  a.write_view = view_arg(w[7]);
  a.notify_view = view_arg(w[8]);
  if (snmpx_vacm_add_access(c->vacm, &a) < 0)
    return fail(c, "bad access entry");
  if (snmpx_agent_context(c->agent, a.context_prefix, a.context_prefix_len,
                          true) == NULL)
    return fail(c, "bad context '%s'", w[2]);
  c->n_access++;
  return 0;
}

static int do_data(agent_conf *c, char **w, int n)
{
  if (n < 2 || n > 3)
    return fail(c, "usage: data FILE [CONTEXT]");
  snmpx_mib *m =
      snmpx_agent_context(c->agent, n > 2 ? (const uint8_t *)w[2] : NULL,
                          n > 2 ? strlen(w[2]) : 0, true);
  if (m == NULL)
    return fail(c, "bad context '%s'", w[2]);
  if (c->offline)
    return fail(c, "data: not available");
  /* A directory opens and reads as an empty file: refuse it. */
  struct stat st;
  if (stat(w[1], &st) != 0)
    return fail(c, "cannot read '%s': %s", w[1], strerror(errno));
  if (S_ISDIR(st.st_mode))
    return fail(c, "cannot read '%s': %s", w[1], strerror(EISDIR));
  size_t line = 0;
  c->has_data = true;
  int rv = snmpx_snmprec_load(m, w[1], SNMPX_MIB_READONLY, &line);
  if (rv == SNMPX_ENOTFOUND)
    return fail(c, "cannot read '%s'", w[1]);
  if (rv < 0)
    return fail(c, "%s:%zu: %s", w[1], line, snmpx_strerror(rv));
  return 0;
}

/* hostData yes|no: the host MIBs (snmpx's; default on unless `data`). */
static int do_host_data(agent_conf *c, char **w, int n)
{
  if (n != 2 || (strcmp(w[1], "yes") != 0 && strcmp(w[1], "no") != 0))
    return fail(c, "usage: hostData yes|no");
  c->host_data = strcmp(w[1], "yes") == 0 ? 1 : 2;
  return 0;
}

/* A directive a host module takes (disk, load, proc...).  @return 1
 * taken, 0 not a host word, -1 refused (message printed). */
static int do_host_word(agent_conf *c, const char *word, const char *line)
{
  if (c->host == NULL)
    return 0;
  char err[512];
  int rv = snmpx_host_conf_line(c->host, word, conf_skip_words(line, 1), err,
                                sizeof(err));
  if (rv > 0)
    return 1;
  if (rv == 0)
    return 0;
  fail(c, "%s: %s", word, err[0] ? err : snmpx_strerror(rv));
  return -1;
}

/* pass_persist [-p PRIORITY] [-t MS] OID PROG [ARGS...] (snmpd.conf(5);
 * -t is snmpx's: the deadline of each query). */
static int do_pass_persist(agent_conf *c, char **w, int n)
{
  unsigned long timeout = 5000;
  int i = 1;
  while (i + 1 < n && w[i][0] == '-') {
    char *end;
    unsigned long v = strtoul(w[i + 1], &end, 10);
    if ((strcmp(w[i], "-p") != 0 && strcmp(w[i], "-t") != 0) || *end != '\0' ||
        end == w[i + 1])
      return fail(c, "usage: pass_persist [-p PRIORITY] [-t MS] OID PROG");
    if (w[i][1] == 't') {
      if (v == 0 || v > 3600000)
        return fail(c, "pass_persist: -t takes 1..3600000 ms");
      timeout = v;
    }
    i += 2;
  }
  if (n - i < 2)
    return fail(c, "usage: pass_persist [-p PRIORITY] [-t MS] OID PROG");
  snmpx_oid oid;
  if (snmpx_oid_parse(&oid, w[i]) != 0 || oid.len == 0)
    return fail(c, "pass_persist: bad OID '%s'", w[i]);
  snmpx_mib *m = snmpx_agent_context(c->agent, NULL, 0, true);
  if (c->pass == NULL || m == NULL)
    return fail(c, "pass_persist: not available");
  if (agent_pass_add(c->pass, m, snmpx_oid_view(&oid), w + i + 1, n - i - 1,
                     (uint32_t)timeout) < 0)
    return fail(c, "pass_persist %s: cannot serve it", w[i]);
  return 0;
}

/* sysDescr, sysContact, sysName, sysLocation: DisplayString, SIZE
 * (0..255) (RFC 3418); snmpd refuses a longer value too. */
static int set_string(agent_conf *c, int which, const char *name,
                      const char *line)
{
  char *s = rest_of_line(line);
  if (s == NULL)
    return fail(c, "out of memory");
  size_t len = strlen(s);
  if (len > 255) {
    free(s);
    return fail(c, "%s is %zu octets long: at most 255 (DisplayString)",
                name, len);
  }
  free(c->sys_strings[which]);
  c->sys_strings[which] = s;
  return 0;
}

static int do_system(agent_conf *c, char **w, int n, const char *line)
{
  static const char *names[] = {"sysDescr", "sysContact", "sysName",
                                "sysLocation"};
  for (int i = 0; i < 4; i++)
    if (strcmp(w[0], names[i]) == 0)
      return set_string(c, i, names[i], line);
  if (n != 2)
    return fail(c, "usage: %s VALUE", w[0]);
  if (strcmp(w[0], "sysObjectID") == 0) {
    if (snmpx_oid_parse(&c->sys_object_id, w[1]) < 0)
      return fail(c, "bad OID '%s'", w[1]);
    return 0;
  }
  char *end;
  long v = strtol(w[1], &end, 10);
  if (*end != '\0' || v < 0 || v > 127)
    return fail(c, "sysServices is 0..127");
  c->sys_services = (int32_t)v;
  return 0;
}

static int do_listen(agent_conf *c, const char *spec)
{
  char *copy = strdup(spec);
  if (copy == NULL)
    return fail(c, "out of memory");
  for (char *save = NULL, *a = strtok_r(copy, ",", &save); a != NULL;
       a = strtok_r(NULL, ",", &save)) {
    if (c->n_listen == AGENT_CONF_MAX_LISTEN) {
      free(copy);
      return fail(c, "at most %d listening addresses", AGENT_CONF_MAX_LISTEN);
    }
    /* Checked here, where the file and line are known (the fuzz target
     * looks no name up). */
    snmpx_addr addr;
    if (!c->offline && snmpx_addr_parse_listen(&addr, a, 161) < 0) {
      int rv = fail(c, "agentAddress: bad address '%s'", a);
      free(copy);
      return rv;
    }
    c->listen[c->n_listen] = strdup(a);
    if (c->listen[c->n_listen++] == NULL) {
      free(copy);
      return fail(c, "out of memory");
    }
  }
  free(copy);
  return 0;
}

static int do_engine(agent_conf *c, char **w, int n)
{
  int len =
      n == 2 ? cli_parse_hex(w[1], c->engine_id, sizeof(c->engine_id)) : -1;
  if (len < 5)
    return fail(c, "usage: %s HEX (5 to 32 octets)", w[0]);
  c->engine_id_len = (size_t)len;
  return 0;
}

/* maxGetbulkResponses / maxGetbulkRepeats NUM, as snmpd.conf(5): 0 the
 * default (100 varbinds; repetitions bounded by that only), -1 no limit. */
static int do_bulk_limit(agent_conf *c, char **w, int n)
{
  char *end;
  errno = 0;
  long v = n == 2 ? strtol(w[1], &end, 10) : 0;
  if (n != 2 || errno != 0 || end == w[1] || *end != '\0' || v < -1 ||
      v > INT32_MAX)
    return fail(c, "usage: %s NUM (-1: no limit, 0: the default)", w[0]);
  uint32_t limit = v < 0 ? SNMPX_AGENT_UNLIMITED : (uint32_t)v;
  if (strcmp(w[0], "maxGetbulkResponses") == 0)
    c->bulk_varbinds = limit;
  else
    c->bulk_repeats = limit == SNMPX_AGENT_UNLIMITED ? 0 : limit;
  return snmpx_agent_set_bulk_limits(c->agent, c->bulk_varbinds,
                                     c->bulk_repeats) < 0
             ? fail(c, "no agent")
             : 0;
}

/* A TSM word (RFC 5591/6353) to the io's certificate configuration; the
 * io reports "WORD: why", prefixed here with FILE:LINE. */
static int do_tls_word(agent_conf *c, const char *word, const char *line)
{
  if (c->io == NULL)
    return fail(c, "%s: no TLS configuration here", word);
  char err[512];
  err[0] = '\0';
  int rv = snmpx_io_tls_conf_line(c->io, word, conf_skip_words(line, 1),
                                  NULL, 0, err, sizeof(err));
  if (rv == 1)
    return 0;
  return fail(c, "%s", err[0] ? err : snmpx_strerror(rv));
}

/* One line split into words in |buf| (a copy of |line|). */
static int directive(agent_conf *c, const char *line, char *buf)
{
  char *w[MAX_WORDS];
  int n = cli_split_words(buf, w, MAX_WORDS);
  if (n < 0)
    return fail(c, "more than %d words", MAX_WORDS);
  if (n == 0)
    return 0;
  const char *d = w[0];
  const char *tls_word = tls_conf_word(d, true);
  if (tls_word != NULL)
    return do_tls_word(c, tls_word, line);
  if (c->snmp_context)
    return fail(c, "'%s' is not an snmp.conf word snmpx agent takes (after "
                   "[snmp]: localCert, peerCert, trustCert, "
                   "tsmUseTransportPrefix, serverCert, clientCert)",
                d);
  if (strcmp(d, "agentAddress") == 0)
    return n == 2 ? do_listen(c, w[1]) : fail(c, "usage: agentAddress ADDR");
  if (strcmp(d, "engineID") == 0 || strcmp(d, "exactEngineID") == 0)
    return do_engine(c, w, n);
  if (strcmp(d, "stateFile") == 0) {
    if (n != 2)
      return fail(c, "usage: stateFile FILE");
    free(c->state_file);
    c->state_file = strdup(w[1]);
    return 0;
  }
  if (strcmp(d, "agentuser") == 0 || strcmp(d, "agentgroup") == 0) {
    if (n != 2)
      return fail(c, "usage: %s NAME|#NUMBER", d);
    char **to = d[5] == 'u' ? &c->agent_user : &c->agent_group;
    free(*to);
    /* snmpd.conf(5) writes a number as #NUMBER. */
    *to = strdup(w[1][0] == '#' ? w[1] + 1 : w[1]);
    return *to != NULL ? 0 : fail(c, "out of memory");
  }
  if (strcmp(d, "maxGetbulkResponses") == 0 ||
      strcmp(d, "maxGetbulkRepeats") == 0)
    return do_bulk_limit(c, w, n);
  if (strcmp(d, "rocommunity") == 0 || strcmp(d, "rwcommunity") == 0 ||
      strcmp(d, "rocommunity6") == 0 || strcmp(d, "rwcommunity6") == 0)
    return do_community(c, w, n, d[1] == 'w', d[11] == '6');
  if (strcmp(d, "com2sec") == 0)
    return n == 4 ? add_community(c, w[3], w[1], w[2], strchr(w[2], ':'))
                  : fail(c, "usage: com2sec SECNAME SOURCE COMMUNITY");
  if (strcmp(d, "com2secunix") == 0)
    return n == 4 ? add_unix_community(c, w[3], w[1], w[2])
                  : fail(c, "usage: com2secunix SECNAME SOCKPATH COMMUNITY");
  if (strcmp(d, "createUser") == 0) {
    char why[160];
    return cli_conf_create_user(c->engine, w, n, why, sizeof(why)) == 0
               ? 0
               : fail(c, "%s", why);
  }
  if (strcmp(d, "rouser") == 0 || strcmp(d, "rwuser") == 0)
    return do_user_access(c, w, n, d[1] == 'w');
  if (strcmp(d, "view") == 0)
    return do_view(c, w, n);
  if (strcmp(d, "group") == 0)
    return do_group(c, w, n);
  if (strcmp(d, "access") == 0)
    return do_access(c, w, n);
  if (strcmp(d, "data") == 0)
    return do_data(c, w, n);
  if (strcmp(d, "hostData") == 0)
    return do_host_data(c, w, n);
  if (strcmp(d, "pass_persist") == 0)
    return do_pass_persist(c, w, n);
  if (strcmp(d, "sysDescr") == 0 || strcmp(d, "sysContact") == 0 ||
      strcmp(d, "sysName") == 0 || strcmp(d, "sysLocation") == 0 ||
      strcmp(d, "sysServices") == 0 || strcmp(d, "sysObjectID") == 0)
    return do_system(c, w, n, line);
  int taken = do_host_word(c, d, line);
  if (taken != 0)
    return taken < 0 ? -1 : 0;
  return fail(c, "unknown directive '%s'", d);
}

int agent_conf_line(agent_conf *c, const char *line)
{
  /* snmp_config(5): "[snmp]" alone switches to snmp.conf's words for the
   * lines that follow, "[snmpd]" (or another tag) back; "[snmp] WORD..."
   * is one snmp.conf word. */
  bool snmp;
  if (tls_conf_is_context(line, &snmp)) {
    c->snmp_context = snmp;
    return 0;
  }
  const char *untagged = tls_conf_untag(line);
  if (untagged != line) {
    bool saved = c->snmp_context;
    c->snmp_context = true;
    int rv = agent_conf_line(c, untagged);
    c->snmp_context = saved;
    return rv;
  }
  /* The words are split in a copy: the system strings take the rest of
   * the original line. */
  if (conf_has_open_quote(line))
    return fail(c, "unterminated quote");
  char *buf = strdup(line);
  if (buf == NULL)
    return fail(c, "out of memory");
  int rv = directive(c, line, buf);
  free(buf);
  return rv;
}

/* Every line |r| gives, until the first error. */
static int read_lines(agent_conf *c, conf_reader *r)
{
  int rv = 0, got;
  const char *saved = c->where;
  bool saved_context = c->snmp_context;
  c->snmp_context = false; /* a context lasts to the end of its file */
  while (rv == 0 && (got = conf_reader_next(r)) != 0) {
    c->where = r->where;
    rv = got < 0 ? -1 : agent_conf_line(c, r->line);
  }
  c->where = saved;
  c->snmp_context = saved_context;
  conf_reader_close(r);
  return rv;
}

int agent_conf_file(agent_conf *c, const char *path)
{
  conf_reader r;
  if (conf_reader_open(&r, path, "snmpx agent: ") < 0)
    return -1;
  return read_lines(c, &r);
}

int agent_conf_text(agent_conf *c, const char *name, const void *data,
                    size_t len)
{
  conf_reader r;
  if (conf_reader_open_mem(&r, name, data, len, "snmpx agent: ") < 0)
    return -1;
  return read_lines(c, &r);
}

bool agent_conf_host_data(const agent_conf *c)
{
  return c->host_data == 1 || (c->host_data == 0 && !c->has_data);
}

void agent_conf_clear(agent_conf *c)
{
  for (int i = 0; i < c->n_listen; i++)
    free(c->listen[i]);
  for (int i = 0; i < 4; i++)
    free(c->sys_strings[i]);
  free(c->state_file);
  free(c->agent_user);
  free(c->agent_group);
  c->agent_user = c->agent_group = NULL;
  c->n_listen = 0;
}
