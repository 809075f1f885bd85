/* snmpx agent configuration: snmpd.conf's words for addresses, engine,
 * communities, users, VACM and the system group. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_conf_int.h"
#include "cli.h"
#include "conf_read.h"
#include "tls_conf.h"

#define MAX_WORDS 64 /* trapsess with every flag fits */

const char agent_conf_help[] =
    "Configuration directives (one per line, words as in snmpd.conf: quotes\n"
    "\" or ' group, \\ makes the next character plain, a word starting "
    "with #\n"
    "begins a comment; names are case-insensitive; an unknown directive is "
    "a\n"
    "warning, FILE:LINE: warning: ...; a known one that cannot be taken "
    "stops\n"
    "the agent with FILE:LINE: REASON):\n"
    "  agentAddress ADDR[,ADDR...]   listen (udp:127.0.0.1:1161, "
    "udp6:[::1]:1161;\n"
    "                                udp:PORT: every IPv4 address; "
    "tcp:, tcp6:,\n"
    "                                unix:PATH, tlstcp: (tls:), dtlsudp: "
    "(dtls:))\n"
    "  engineID TEXT                 snmpEngineID 80001f8804+TEXT, as "
    "snmpd\n"
    "  exactEngineID HEX             snmpEngineID as given (default: state "
    "file\n"
    "                                or random)\n"
    "  engineIDType 1|2|3, engineIDNic IFACE   from the host's IPv4 "
    "address (1,\n"
    "                                2) or IFACE's MAC address (3; default "
    "eth0)\n"
    "  stateFile FILE                keep engine ID and boots here\n"
    "  rocommunity COMM [SOURCE [OID | -V VIEW [CONTEXT]]]   read-only "
    "community\n"
    "  rwcommunity COMM [SOURCE [OID | -V VIEW [CONTEXT]]]   (SOURCE: "
    "default, a\n"
    "                                host, NET/BITS or NET/MASK; CONTEXT*: "
    "a prefix)\n"
    "  rocommunity6 / rwcommunity6   the same for IPv6 sources\n"
    "  com2sec[6] [-Cn CTX] SECNAME SOURCE COMM   community to security "
    "name\n"
    "  com2secunix [-Cn CTX] SECNAME PATH COMM   the same for the UNIX "
    "socket\n"
    "                                PATH (its only way in, as in snmpd)\n"
    "  createUser [-e ENGINEID] NAME [AUTH PASS [PRIV [PASS]]]   a USM user\n"
    "                                (AUTH: MD5 SHA SHA-224 SHA-256 SHA-384 "
    "SHA-512;\n"
    "                                PRIV: DES 3DES AES AES-192 AES-256 "
    "AES-192-C\n"
    "                                AES-256-C; PRIV's PASS defaults to "
    "AUTH's)\n"
    "  rouser [-s MODEL] NAME [LEVEL [OID | -V VIEW [CONTEXT]]]   read "
    "access\n"
    "                                for a user (LEVEL noauth|auth|priv, "
    "default\n"
    "                                auth; -s tsm: a TLS/DTLS client's "
    "certSecName)\n"
    "  rwuser [-s MODEL] NAME [LEVEL [OID | -V VIEW [CONTEXT]]]   "
    "read-write\n"
    "  authcommunity TYPES COMM [SOURCE [OID | -V VIEW [CONTEXT]]]\n"
    "  authuser TYPES [-s MODEL] USER [LEVEL [OID | -V VIEW [CONTEXT]]]\n"
    "  authgroup TYPES [-s MODEL] GROUP [LEVEL [OID | -V VIEW [CONTEXT]]]\n"
    "  authaccess TYPES [-s MODEL] GROUP VIEW [LEVEL [CONTEXT]]\n"
    "  setaccess GROUP CONTEXT MODEL LEVEL exact|prefix VIEW TYPES\n"
    "                                (TYPES: read,write,notify)\n"
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
    "access; SET\n"
    "                                values persist as snmpd's, in\n"
    "                                $SNMP_PERSISTENT_DIR/snmpd.conf)\n"
    "  sysServices N, sysObjectID OID\n"
    "  trapsink|trap2sink|informsink HOST[:PORT] [COMMUNITY [PORT]]   send "
    "SNMPv1\n"
    "                                traps, SNMPv2c traps, SNMPv2c informs "
    "there\n"
    "                                (coldStart, authenticationFailure,\n"
    "                                nsNotifyShutdown, linkUp, linkDown)\n"
    "  trapsess [-v 1|2c|3] [-Ci] [snmptrap's flags] HOST   a sink of any "
    "version\n"
    "  trapcommunity COMM            a sink's default community (public)\n"
    "  authtrapenable 1|2            authenticationFailure on a bad "
    "community\n"
    "  agentSecName NAME             kept (for internal queries)\n"
    "  includeFile FILE, includeDir DIR   read FILE (next to this file), "
    "DIR's\n"
    "                                *.conf files (by name)\n"
    "  agentuser USER, agentgroup GROUP   who to run as after binding\n"
    "  leave_pidfile yes|no          keep the pid file at exit\n"
    "  dontLogTCPWrappersConnects yes|no   accepted (no TCP wrappers here)\n"
    "  master agentx, proxy ...      warnings: not served yet\n"
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
    "  pass [-p PRI] [-t MS] OID PROG [ARGS...]   the same, one run of PROG "
    "per\n"
    "                                query (PROG -g OID, -n OID, -s OID TYPE "
    "VALUE);\n"
    "                                -t: answer for it after MS "
    "milliseconds\n"
    "                                (default 5000); -p is accepted and "
    "ignored\n"
    "  extend [-cacheTime S] [-execType exec|sh] [.OID] NAME PROG [ARGS]\n"
    "                                serve PROG's output and exit status in\n"
    "                                NET-SNMP-EXTEND-MIB, as snmpd (run when\n"
    "                                asked, at most every S seconds, default "
    "5;\n"
    "                                requests wait for it without blocking "
    "others);\n"
    "                                extend-sh runs the line by /bin/sh\n"
    "  exec NAME PROG [ARGS]         the same, also in UCD-SNMP-MIB's "
    "extTable\n"
    "                                (sh NAME PROG [ARGS]: by /bin/sh)\n"
    "  hostData yes|no               serve this host's IF-MIB, IP-MIB, "
    "TCP-MIB,\n"
    "                                UDP-MIB, HOST-RESOURCES-MIB and "
    "UCD-SNMP-MIB\n"
    "                                objects as snmpd does (default: yes, "
    "but no\n"
    "                                when a data file is served)\n";

int agent_conf_fail(const agent_conf *c, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "snmpx agent: %s: ", c->where ? c->where : "config");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return -1;
}

void agent_conf_warn(const agent_conf *c, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "snmpx agent: %s: warning: ",
          c->where ? c->where : "config");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

#define fail agent_conf_fail

static int parse_bool(const char *s);

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
  int v = n == 2 ? parse_bool(w[1]) : -1;
  if (v < 0)
    return fail(c, "usage: hostData yes|no");
  c->host_data = v == 1 ? 1 : 2;
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

/* extend, extend-sh, exec, sh (agent_extend.h).  @return 1 taken, 0 not
 * such a word, -1 refused (message printed). */
static int do_extend_word(agent_conf *c, const char *word, const char *line)
{
  if (c->extend == NULL)
    return 0;
  char err[256];
  int rv = agent_extend_conf(c->extend, word, conf_skip_words(line, 1), err,
                             sizeof(err));
  return rv < 0 ? fail(c, "%s", err) : rv;
}

/* pass_persist / pass [-p PRIORITY] [-t MS] OID PROG [ARGS...]
 * (snmpd.conf(5); -t is snmpx's: the deadline of each query). */
static int do_pass_persist(agent_conf *c, char **w, int n)
{
  bool oneshot = strcasecmp(w[0], "pass") == 0;
  unsigned long timeout = 5000;
  int i = 1;
  while (i + 1 < n && w[i][0] == '-') {
    char *end;
    unsigned long v = strtoul(w[i + 1], &end, 10);
    if ((strcmp(w[i], "-p") != 0 && strcmp(w[i], "-t") != 0) || *end != '\0' ||
        end == w[i + 1])
      return fail(c, "usage: %s [-p PRIORITY] [-t MS] OID PROG", w[0]);
    if (w[i][1] == 't') {
      if (v == 0 || v > 3600000)
        return fail(c, "%s: -t takes 1..3600000 ms", w[0]);
      timeout = v;
    }
    i += 2;
  }
  if (n - i < 2)
    return fail(c, "usage: %s [-p PRIORITY] [-t MS] OID PROG", w[0]);
  snmpx_oid oid;
  if (snmpx_oid_parse(&oid, w[i]) != 0 || oid.len == 0)
    return fail(c, "%s: bad OID '%s'", w[0], w[i]);
  snmpx_mib *m = snmpx_agent_context(c->agent, NULL, 0, true);
  if (c->pass == NULL || m == NULL)
    return fail(c, "%s: not available", w[0]);
  if (agent_pass_add_mode(c->pass, m, snmpx_oid_view(&oid), w + i + 1,
                          n - i - 1, (uint32_t)timeout, oneshot) < 0)
    return fail(c, "%s %s: cannot serve it", w[0], w[i]);
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
    if (strcasecmp(w[0], names[i]) == 0)
      return set_string(c, i, names[i], line);
  if (n != 2)
    return fail(c, "usage: %s VALUE", w[0]);
  if (strcasecmp(w[0], "sysObjectID") == 0) {
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

/* exactEngineID HEX: the engine ID as given. */
static int do_engine(agent_conf *c, char **w, int n)
{
  int len =
      n == 2 ? cli_parse_hex(w[1], c->engine_id, sizeof(c->engine_id)) : -1;
  if (len < 5)
    return fail(c, "usage: exactEngineID HEX (5 to 32 octets)");
  c->engine_id_len = (size_t)len;
  return 0;
}

/* engineID TEXT, as snmpd reads it (Net-SNMP's setup_engineID, type
 * text): 0x80 | Net-SNMP's enterprise number 8072, the format 4, then
 * TEXT's octets (RFC 3411 5 SnmpEngineID, at most 32 octets). */
static int do_engine_text(agent_conf *c, char **w, int n)
{
  size_t len = n == 2 ? strlen(w[1]) : 0;
  if (len == 0 || len > 27)
    return fail(c, "usage: engineID TEXT (1 to 27 characters; "
                   "exactEngineID HEX gives the octets themselves)");
  static const uint8_t head[5] = {0x80, 0x00, 0x1f, 0x88, 0x04};
  memcpy(c->engine_id, head, 5);
  memcpy(c->engine_id + 5, w[1], len);
  c->engine_id_len = 5 + len;
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
  if (strcasecmp(w[0], "maxGetbulkResponses") == 0)
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

/* includeFile PATH: a relative PATH is next to the file that names it
 * (Net-SNMP 5.9's read_config.c). */
static int include_file(agent_conf *c, const char *path)
{
  if (c->include_depth >= 16)
    return fail(c, "includeFile '%s': more than 16 files deep (a loop?)",
                path);
  char full[4096];
  const char *cur = c->file;
  const char *slash = cur != NULL ? strrchr(cur, '/') : NULL;
  if (path[0] != '/' && slash != NULL)
    snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - cur), cur, path);
  else
    snprintf(full, sizeof(full), "%s", path);
  c->include_depth++;
  int rv = agent_conf_file(c, full);
  c->include_depth--;
  return rv;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* includeDir DIR: its files whose names end in ".conf", in the order of
 * their names.  A directory that cannot be read is a warning, as snmpd
 * has it. */
static int include_dir(agent_conf *c, const char *dir)
{
  DIR *d = opendir(dir);
  if (d == NULL) {
    agent_conf_warn(c, "includeDir '%s': %s", dir, strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rv = 0;
  for (struct dirent *e; rv == 0 && (e = readdir(d)) != NULL;) {
    size_t len = strlen(e->d_name);
    if (len <= 5 || e->d_name[0] == '.' ||
        strcmp(e->d_name + len - 5, ".conf") != 0)
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      char **grown = realloc(names, cap * sizeof(*names));
      if (grown == NULL) {
        rv = fail(c, "out of memory");
        break;
      }
      names = grown;
    }
    if ((names[n] = malloc(strlen(dir) + len + 2)) == NULL) {
      rv = fail(c, "out of memory");
      break;
    }
    sprintf(names[n++], "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n > 0)
    qsort(names, n, sizeof(*names), by_name);
  for (size_t i = 0; i < n; i++) {
    if (rv == 0 && c->include_depth >= 16)
      rv = fail(c, "includeDir '%s': more than 16 files deep", dir);
    if (rv == 0) {
      c->include_depth++;
      rv = agent_conf_file(c, names[i]);
      c->include_depth--;
    }
    free(names[i]);
  }
  free(names);
  return rv;
}

/* A word kept for whoever acts on it (agentuser, agentgroup). */
static int keep_word(agent_conf *c, char **w, int n, char **slot)
{
  if (n != 2)
    return fail(c, "usage: %s NAME", w[0]);
  char *s = strdup(w[1]);
  if (s == NULL)
    return fail(c, "out of memory");
  free(*slot);
  *slot = s;
  return 0;
}

/* yes|no|true|false|1|0|on|off, as Net-SNMP's read_config reads a
 * boolean.  @return 0/1, or -1. */
static int parse_bool(const char *s)
{
  static const char *const yes[] = {"yes", "true", "on", "1"};
  static const char *const no[] = {"no", "false", "off", "0"};
  for (size_t i = 0; i < 4; i++) {
    if (strcasecmp(s, yes[i]) == 0)
      return 1;
    if (strcasecmp(s, no[i]) == 0)
      return 0;
  }
  return -1;
}

static int do_flag(agent_conf *c, char **w, int n, bool *out)
{
  int v = n == 2 ? parse_bool(w[1]) : -1;
  if (v < 0)
    return fail(c, "usage: %s yes|no", w[0]);
  *out = v == 1;
  return 0;
}

/* master WHAT / proxy ...: the words of the complete entity (AgentX,
 * proxy forwarding), not served yet: a warning, and the agent goes on. */
static int do_later(agent_conf *c, char **w, int n)
{
  if (strcasecmp(w[0], "master") == 0) {
    int v = n == 2 ? parse_bool(w[1]) : -1;
    if (n != 2 || (v < 0 && strcasecmp(w[1], "agentx") != 0 &&
                   strcasecmp(w[1], "all") != 0))
      return fail(c, "usage: master agentx|all|yes|no");
    if (v != 0)
      agent_conf_warn(c, "master %s: AgentX is not served (yet): no "
                         "subagent can connect",
                      w[1]);
    return 0;
  }
  agent_conf_warn(c, "%s: not served (yet): line ignored", w[0]);
  return 0;
}

/* engineIDType 1|2|3 and engineIDNic IFACE (snmpd.conf(5)); applied by
 * agent_conf_engine_id once every line is read. */
static int do_engine_type(agent_conf *c, char **w, int n)
{
  if (strcasecmp(w[0], "engineIDNic") == 0)
    return keep_word(c, w, n, &c->engine_id_nic);
  if (n != 2 || strlen(w[1]) != 1 || w[1][0] < '1' || w[1][0] > '3')
    return fail(c, "usage: engineIDType 1|2|3 (IPv4, IPv6, MAC address)");
  c->engine_id_type = w[1][0] - '0';
  return 0;
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
  const char *tls_word = tls_conf_word(w[0], true);
  if (tls_word != NULL)
    return do_tls_word(c, tls_word, line);
  if (c->snmp_context)
    return fail(c, "'%s' is not an snmp.conf word snmpx agent takes (after "
                   "[snmp]: localCert, peerCert, trustCert, "
                   "tsmUseTransportPrefix, serverCert, clientCert)",
                w[0]);
  /* Directive names are case-insensitive, as in Net-SNMP's read_config:
   * matched here in lower case. */
  char d[64];
  char *original = w[0];
  snprintf(d, sizeof(d), "%s", w[0]);
  for (char *p = d; *p != '\0'; p++)
    *p = (char)tolower((unsigned char)*p);
  /* The access and notification words are all lower case already: they
   * see (and name in messages) the lower-case word. */
  w[0] = d;
  int taken = agent_conf_access(c, w, n);
  if (taken == 0)
    taken = agent_conf_notify(c, w, n);
  w[0] = original;
  if (taken != 0)
    return taken < 0 ? -1 : 0;
  if (strcmp(d, "agentaddress") == 0)
    return n == 2 ? do_listen(c, w[1]) : fail(c, "usage: agentAddress ADDR");
  if (strcmp(d, "engineid") == 0)
    return do_engine_text(c, w, n);
  if (strcmp(d, "exactengineid") == 0)
    return do_engine(c, w, n);
  if (strcmp(d, "engineidtype") == 0 || strcmp(d, "engineidnic") == 0)
    return do_engine_type(c, w, n);
  if (strcmp(d, "statefile") == 0) {
    if (n != 2)
      return fail(c, "usage: stateFile FILE");
    free(c->state_file);
    c->state_file = strdup(w[1]);
    return 0;
  }
  if (strcmp(d, "maxgetbulkresponses") == 0 ||
      strcmp(d, "maxgetbulkrepeats") == 0)
    return do_bulk_limit(c, w, n);
  if (strcmp(d, "createuser") == 0) {
    char why[160];
    return cli_conf_create_user(c->engine, w, n, why, sizeof(why)) == 0
               ? 0
               : fail(c, "%s", why);
  }
  if (strcmp(d, "data") == 0)
    return do_data(c, w, n);
  if (strcmp(d, "hostdata") == 0)
    return do_host_data(c, w, n);
  if (strcmp(d, "pass_persist") == 0 || strcmp(d, "pass") == 0)
    return do_pass_persist(c, w, n);
  if (strcmp(d, "sysdescr") == 0 || strcmp(d, "syscontact") == 0 ||
      strcmp(d, "sysname") == 0 || strcmp(d, "syslocation") == 0 ||
      strcmp(d, "sysservices") == 0 || strcmp(d, "sysobjectid") == 0)
    return do_system(c, w, n, line);
  /* Offline (the fuzz target) reads no other file. */
  if (strcmp(d, "includefile") == 0)
    return n != 2 ? fail(c, "usage: includeFile FILE")
           : c->offline ? fail(c, "includeFile: not available")
                        : include_file(c, w[1]);
  if (strcmp(d, "includedir") == 0)
    return n != 2 ? fail(c, "usage: includeDir DIR")
           : c->offline ? fail(c, "includeDir: not available")
                        : include_dir(c, w[1]);
  if (strcmp(d, "agentuser") == 0)
    return keep_word(c, w, n, &c->agent_user);
  if (strcmp(d, "agentgroup") == 0)
    return keep_word(c, w, n, &c->agent_group);
  if (strcmp(d, "agentsecname") == 0)
    return keep_word(c, w, n, &c->agent_sec_name);
  if (strcmp(d, "leave_pidfile") == 0)
    return do_flag(c, w, n, &c->leave_pidfile);
  if (strcmp(d, "dontlogtcpwrappersconnects") == 0)
    return do_flag(c, w, n, &c->dont_log_tcpw);
  if (strcmp(d, "master") == 0 || strcmp(d, "proxy") == 0)
    return do_later(c, w, n);
  taken = do_extend_word(c, original, line);
  if (taken == 0)
    taken = do_host_word(c, original, line);
  if (taken != 0)
    return taken < 0 ? -1 : 0;
  /* snmpd: "Warning: Unknown token: WORD." and it goes on. */
  agent_conf_warn(c, "unknown directive '%s' (line ignored)", original);
  return 0;
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
  const char *saved_file = c->file;
  c->file = r->name;
  while (rv == 0 && (got = conf_reader_next(r)) != 0) {
    c->where = r->where;
    rv = got < 0 ? -1 : agent_conf_line(c, r->line);
  }
  c->where = saved;
  c->file = saved_file;
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

/* The MAC address of |nic| (SIOCGIFHWADDR, as Net-SNMP's getHwAddress);
 * zeros when it has none. */
static void hw_address(const char *nic, uint8_t out[6])
{
  memset(out, 0, 6);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0)
    return;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof(ifr));
  snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", nic);
  if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
    memcpy(out, ifr.ifr_hwaddr.sa_data, 6);
  close(fd);
}

/* The first IPv4 address of this host's name; 127.0.0.1 when it has
 * none (Net-SNMP's setup_engineID). */
static void host_ipv4(uint8_t out[4])
{
  static const uint8_t loopback[4] = {127, 0, 0, 1};
  memcpy(out, loopback, 4);
  char name[256];
  if (gethostname(name, sizeof(name) - 1) != 0)
    return;
  name[sizeof(name) - 1] = '\0';
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(name, NULL, &hints, &res) == 0 && res != NULL) {
    const struct sockaddr_in *sin = (const void *)res->ai_addr;
    memcpy(out, &sin->sin_addr, 4);
  }
  if (res != NULL)
    freeaddrinfo(res);
}

int agent_conf_engine_id(agent_conf *c)
{
  if (c->engine_id_len > 0 || c->engine_id_type == 0 || c->offline)
    return 0;
  static const uint8_t head[4] = {0x80, 0x00, 0x1f, 0x88};
  memcpy(c->engine_id, head, 4);
  if (c->engine_id_type == 3) {
    c->engine_id[4] = 3;
    hw_address(c->engine_id_nic ? c->engine_id_nic : "eth0",
               c->engine_id + 5);
    c->engine_id_len = 11;
  } else {
    /* Type 2 too: 5.9 asks gethostbyname, which gives IPv4 only, and
     * then falls back to type 1. */
    c->engine_id[4] = 1;
    host_ipv4(c->engine_id + 5);
    c->engine_id_len = 9;
  }
  return 0;
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
  free(c->agent_sec_name);
  free(c->engine_id_nic);
  agent_notify_free(c->notify);
  c->notify = NULL;
  agent_persist_clear(&c->persist);
  c->agent_user = c->agent_group = NULL;
  c->n_listen = 0;
}
