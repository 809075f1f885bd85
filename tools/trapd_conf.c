/* snmpx trapd: snmptrapd.conf directives (see trapd_conf.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trapd_conf.h"
#include "cli.h"
#include "conf_read.h"
#include "tls_conf.h"

#define MAX_TOKENS 128

typedef struct conf_line {
  const char *path;
  int lineno;
  char *tok[MAX_TOKENS];
  int n;
} conf_line;

static int conf_error(const conf_line *l, const char *what)
{
  fprintf(stderr, "snmpx trapd: %s:%d: %s\n", l->path, l->lineno, what);
  return -1;
}

static int push_access(trapd_access **list, size_t *n, const char *name,
                       const char *source, snmpx_seclevel level)
{
  trapd_access *grown = realloc(*list, (*n + 1) * sizeof(**list));
  if (grown == NULL)
    return -1;
  *list = grown;
  trapd_access *a = &grown[*n];
  a->name = strdup(name);
  a->source = source ? strdup(source) : NULL;
  a->level = level;
  if (a->name == NULL || (source && a->source == NULL)) {
    free(a->name);
    free(a->source);
    return -1;
  }
  (*n)++;
  return 0;
}

/* TYPES of authCommunity and authUser: log, execute and net, separated
 * by commas (snmptrapd.conf(5)); snmptrapd refuses any other word. */
static int check_types(const conf_line *l)
{
  char types[256];
  char msg[300];
  if (strlen(l->tok[1]) >= sizeof(types))
    return conf_error(l, "bad TYPES (log, execute, net, comma-separated)");
  strcpy(types, l->tok[1]);
  char *save = NULL;
  char *t = strtok_r(types, ",", &save);
  if (t == NULL)
    return conf_error(l, "bad TYPES (log, execute, net, comma-separated)");
  for (; t != NULL; t = strtok_r(NULL, ",", &save)) {
    if (strcmp(t, "log") != 0 && strcmp(t, "execute") != 0 &&
        strcmp(t, "net") != 0) {
      snprintf(msg, sizeof(msg),
               "%s: unknown type '%s' (log, execute, net, comma-separated)",
               l->tok[0], t);
      return conf_error(l, msg);
    }
  }
  return 0;
}

/* SOURCE as snmpx_receiver_allow_community takes it: ADDR or ADDR/BITS,
 * numeric IPv4 or IPv6.  Checked here, where the file and line are
 * known. */
static bool valid_source(const char *s)
{
  char host[64];
  uint8_t a[16];
  const char *slash = strchr(s, '/');
  size_t hl = slash ? (size_t)(slash - s) : strlen(s);
  if (hl == 0 || hl >= sizeof(host))
    return false;
  memcpy(host, s, hl);
  host[hl] = '\0';
  unsigned long max;
  if (inet_pton(AF_INET, host, a) == 1)
    max = 32;
  else if (inet_pton(AF_INET6, host, a) == 1)
    max = 128;
  else
    return false;
  if (slash == NULL)
    return true;
  char *end;
  unsigned long bits = strtoul(slash + 1, &end, 10);
  return isdigit((unsigned char)slash[1]) && *end == '\0' && bits <= max;
}

/* authCommunity TYPES COMMUNITY [SOURCE] */
static int auth_community(const conf_line *l, trapd_conf *c)
{
  if (l->n < 3)
    return conf_error(l, "usage: authCommunity TYPES COMMUNITY [SOURCE]");
  if (l->n > 4)
    return conf_error(l, "authCommunity: a view (OID or -v VIEW) is not "
                         "supported; usage: authCommunity TYPES COMMUNITY "
                         "[SOURCE]");
  if (check_types(l) != 0)
    return -1;
  const char *source =
      l->n > 3 && strcmp(l->tok[3], "default") != 0 ? l->tok[3] : NULL;
  if (source != NULL && !valid_source(source)) {
    char msg[160];
    snprintf(msg, sizeof(msg),
             "authCommunity: bad source '%.64s' (default, ADDR or ADDR/BITS, "
             "numeric)",
             source);
    return conf_error(l, msg);
  }
  if (push_access(&c->communities, &c->n_communities, l->tok[2], source,
                  SNMPX_SECLEVEL_NOAUTH) != 0)
    return conf_error(l, "out of memory");
  return 0;
}

/* authUser TYPES [-s usm|tsm] NAME [LEVEL].  The receiver allows a
 * name whatever model brought it: a TSM name (a TLS/DTLS sender's
 * certSecName) is allowed as a USM one is. */
static int auth_user(const conf_line *l, trapd_conf *c)
{
  int i = 2;
  if (l->n < 3)
    return conf_error(l, "usage: authUser TYPES [-s usm|tsm] NAME [LEVEL]");
  if (check_types(l) != 0)
    return -1;
  if (i + 1 < l->n && strcmp(l->tok[i], "-s") == 0) {
    if (strcasecmp(l->tok[i + 1], "usm") != 0 &&
        strcasecmp(l->tok[i + 1], "tsm") != 0)
      return conf_error(l, "authUser: -s takes usm or tsm");
    i += 2;
  }
  if (i >= l->n)
    return conf_error(l, "authUser: no user name");
  if (i + 2 < l->n)
    return conf_error(l, "authUser: a view (OID or -v VIEW) is not "
                         "supported; usage: authUser TYPES [-s usm|tsm] "
                         "NAME [LEVEL]");
  snmpx_seclevel level = SNMPX_SECLEVEL_AUTHNOPRIV;
  if (i + 1 < l->n && cli_parse_level(l->tok[i + 1], &level) != 0)
    return conf_error(l, "authUser: bad security level (noauth, auth, "
                         "priv)");
  if (push_access(&c->users, &c->n_users, l->tok[i], NULL, level) != 0)
    return conf_error(l, "out of memory");
  return 0;
}

static int set_engine_id(const conf_line *l, snmpx_engine *e)
{
  uint8_t id[32];
  int n = l->n > 1 ? cli_parse_hex(l->tok[1], id, sizeof(id)) : -1;
  if (n < 5)
    return conf_error(l, "exactEngineID: 5 to 32 octets of hex");
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  local.engine_id = id;
  local.engine_id_len = (size_t)n;
  return snmpx_engine_set_local(e, &local) == 0
             ? 0
             : conf_error(l, "exactEngineID: cannot set");
}

static int add_listen(const conf_line *l, trapd_conf *c)
{
  if (l->n != 2)
    return conf_error(l, "usage: snmpTrapdAddr ADDR[,ADDR]...");
  char *save = NULL;
  for (char *s = strtok_r(l->tok[1], ",", &save); s;
       s = strtok_r(NULL, ",", &save)) {
    /* Checked here, where the file and line are known (the fuzz target
     * looks no name up). */
    snmpx_addr addr;
    if (!c->offline && snmpx_addr_parse_listen(&addr, s, 162) != 0) {
      char msg[160];
      snprintf(msg, sizeof(msg), "snmpTrapdAddr: bad address '%.100s'", s);
      return conf_error(l, msg);
    }
    char **grown = realloc(c->listen, (c->n_listen + 1) * sizeof(char *));
    if (grown == NULL || (grown[c->n_listen] = strdup(s)) == NULL) {
      if (grown)
        c->listen = grown;
      return conf_error(l, "out of memory");
    }
    c->listen = grown;
    c->n_listen++;
  }
  return 0;
}

/* traphandle default COMMAND...: the rest of the line after "default" is
 * the command, as snmptrapd takes it. */
static int trap_handle(const conf_line *l, trapd_conf *c, const char *raw)
{
  if (l->n < 3 || strcmp(l->tok[1], "default") != 0)
    return conf_error(l, "traphandle: only 'traphandle default COMMAND' "
                         "is supported");
  free(c->exec);
  c->exec = strdup(conf_skip_words(raw, 2));
  if (c->exec == NULL)
    return conf_error(l, "out of memory");
  c->exec[strcspn(c->exec, "\r\n")] = '\0';
  return 0;
}

/* disableAuthorization yes|no: Net-SNMP's booleans (yes, true, 1; no,
 * false, 0); another word is refused rather than read as "no". */
static int disable_authorization(const conf_line *l, trapd_conf *c)
{
  static const char *const yes[] = {"yes", "true", "1"};
  static const char *const no[] = {"no", "false", "0"};
  for (int i = 0; l->n == 2 && i < 3; i++) {
    if (strcasecmp(l->tok[1], yes[i]) == 0 ||
        strcasecmp(l->tok[1], no[i]) == 0) {
      c->disable_auth = strcasecmp(l->tok[1], yes[i]) == 0;
      return 0;
    }
  }
  return conf_error(l, "usage: disableAuthorization yes|no");
}

/* A TSM word (RFC 5591/6353) to the io's certificate configuration. */
static int tls_word(const conf_line *l, trapd_conf *c, const char *word,
                    const char *raw)
{
  if (c->io == NULL) {
    char msg[96];
    snprintf(msg, sizeof(msg), "%s: no TLS configuration here", word);
    return conf_error(l, msg);
  }
  char err[512];
  err[0] = '\0';
  int rv = snmpx_io_tls_conf_line(c->io, word, conf_skip_words(raw, 1), l->path,
                                  (unsigned)l->lineno, err, sizeof(err));
  if (rv == 1)
    return 0;
  fprintf(stderr, "snmpx trapd: %s\n", err[0] ? err : snmpx_strerror(rv));
  return -1;
}

static int directive(conf_line *l, trapd_conf *c, snmpx_engine *e,
                     const char *raw)
{
  const char *d = l->tok[0];
  const char *tls = tls_conf_word(d, true);
  if (tls != NULL)
    return tls_word(l, c, tls, raw);
  if (strcasecmp(d, "authCommunity") == 0)
    return auth_community(l, c);
  if (strcasecmp(d, "createUser") == 0) {
    char why[160];
    return cli_conf_create_user(e, l->tok, l->n, why, sizeof(why)) == 0
               ? 0
               : conf_error(l, why);
  }
  if (strcasecmp(d, "authUser") == 0)
    return auth_user(l, c);
  if (strcasecmp(d, "disableAuthorization") == 0)
    return disable_authorization(l, c);
  if (strcasecmp(d, "exactEngineID") == 0)
    return set_engine_id(l, e);
  if (strcasecmp(d, "snmpTrapdAddr") == 0)
    return add_listen(l, c);
  if (strcasecmp(d, "traphandle") == 0)
    return trap_handle(l, c, raw);
  fprintf(stderr, "snmpx trapd: %s:%d: unknown directive '%s' (ignored)\n",
          l->path, l->lineno, d);
  return 0;
}

/* Every line |r| gives, each read whole, until the first error. */
static int read_lines(trapd_conf *c, conf_reader *r, snmpx_engine *e)
{
  conf_line l = {r->name, 0, {NULL}, 0};
  int rv = 0, got;
  while (rv == 0 && (got = conf_reader_next(r)) != 0) {
    if (got < 0) {
      rv = -1;
      break;
    }
    l.lineno = r->lineno;
    /* snmp_config(5): "[snmp]" alone switches to snmp.conf's words
     * (which the TSM words here are), "[snmptrapd]" back: both taken; a
     * "[snmp] WORD..." line is WORD's. */
    bool snmp_tag;
    if (tls_conf_is_context(r->line, &snmp_tag))
      continue;
    const char *line = tls_conf_untag(r->line);
    /* The words are split in a copy: traphandle takes the rest of the
     * original line. */
    char *buf = strdup(line);
    if (buf == NULL) {
      rv = conf_error(&l, "out of memory");
      break;
    }
    l.n = cli_split_words(buf, l.tok, MAX_TOKENS);
    if (l.n < 0)
      rv = conf_error(&l, "too many words");
    else if (l.n > 0)
      rv = directive(&l, c, e, line);
    free(buf);
  }
  conf_reader_close(r);
  return rv;
}

int trapd_conf_load(trapd_conf *c, const char *path, snmpx_engine *e)
{
  conf_reader r;
  if (conf_reader_open(&r, path, "snmpx trapd: ") != 0)
    return -1;
  return read_lines(c, &r, e);
}

int trapd_conf_load_text(trapd_conf *c, const char *name, const void *data,
                         size_t len, snmpx_engine *e)
{
  conf_reader r;
  if (conf_reader_open_mem(&r, name, data, len, "snmpx trapd: ") != 0)
    return -1;
  return read_lines(c, &r, e);
}

int trapd_conf_apply(const trapd_conf *c, snmpx_receiver *r)
{
  for (size_t i = 0; i < c->n_communities; i++) {
    if (snmpx_receiver_allow_community(r, c->communities[i].name,
                                       c->communities[i].source) != 0) {
      fprintf(stderr, "snmpx trapd: bad authCommunity source '%s'\n",
              c->communities[i].source ? c->communities[i].source : "");
      return -1;
    }
  }
  for (size_t i = 0; i < c->n_users; i++) {
    int rv = snmpx_receiver_allow_user(r, c->users[i].name, c->users[i].level);
    if (rv != 0) {
      fprintf(stderr, "snmpx trapd: authUser %s: %s\n", c->users[i].name,
              snmpx_strerror(rv));
      return -1;
    }
  }
  return 0;
}

static void free_access(trapd_access *a, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(a[i].name);
    free(a[i].source);
  }
  free(a);
}

void trapd_conf_clear(trapd_conf *c)
{
  free_access(c->communities, c->n_communities);
  free_access(c->users, c->n_users);
  for (size_t i = 0; i < c->n_listen; i++)
    free(c->listen[i]);
  free(c->listen);
  free(c->exec);
  memset(c, 0, sizeof(*c));
}
