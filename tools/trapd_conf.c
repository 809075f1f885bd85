/* snmpx trapd: snmptrapd.conf directives (see trapd_conf.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trapd_conf.h"
#include "cli.h"

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

/* authUser TYPES [-s usm] NAME [LEVEL [...]] */
static int auth_user(const conf_line *l, trapd_conf *c)
{
  int i = 2;
  if (i + 1 < l->n && strcmp(l->tok[i], "-s") == 0)
    i += 2;
  if (i >= l->n)
    return conf_error(l, "authUser: no user name");
  snmpx_seclevel level = SNMPX_SECLEVEL_AUTHNOPRIV;
  if (i + 1 < l->n && cli_parse_level(l->tok[i + 1], &level) != 0)
    return conf_error(l, "authUser: bad security level");
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
  if (l->n < 2)
    return conf_error(l, "snmpTrapdAddr: no address");
  for (char *s = strtok(l->tok[1], ","); s; s = strtok(NULL, ",")) {
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

/* traphandle default COMMAND...: the rest of the line is the command. */
static int trap_handle(const conf_line *l, trapd_conf *c, const char *raw)
{
  if (l->n < 3 || strcmp(l->tok[1], "default") != 0)
    return conf_error(l, "traphandle: only 'traphandle default COMMAND' "
                         "is supported");
  const char *cmd = strstr(raw, "default") + strlen("default");
  while (isspace((unsigned char)*cmd))
    cmd++;
  free(c->exec);
  c->exec = strdup(cmd);
  if (c->exec == NULL)
    return conf_error(l, "out of memory");
  c->exec[strcspn(c->exec, "\r\n")] = '\0';
  return 0;
}

static int directive(conf_line *l, trapd_conf *c, snmpx_engine *e,
                     const char *raw)
{
  const char *d = l->tok[0];
  if (strcasecmp(d, "authCommunity") == 0) {
    if (l->n < 3)
      return conf_error(l, "authCommunity TYPES COMMUNITY [SOURCE]");
    if (push_access(&c->communities, &c->n_communities, l->tok[2],
                    l->n > 3 && strcmp(l->tok[3], "default") != 0 ? l->tok[3]
                                                                  : NULL,
                    SNMPX_SECLEVEL_NOAUTH) != 0)
      return conf_error(l, "out of memory");
    return 0;
  }
  if (strcasecmp(d, "createUser") == 0) {
    char why[160];
    return cli_conf_create_user(e, l->tok, l->n, why, sizeof(why)) == 0
               ? 0
               : conf_error(l, why);
  }
  if (strcasecmp(d, "authUser") == 0)
    return auth_user(l, c);
  if (strcasecmp(d, "disableAuthorization") == 0) {
    c->disable_auth = l->n > 1 && (strcasecmp(l->tok[1], "yes") == 0 ||
                                   strcmp(l->tok[1], "1") == 0);
    return 0;
  }
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

int trapd_conf_load(trapd_conf *c, const char *path, snmpx_engine *e)
{
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "snmpx trapd: cannot open %s\n", path);
    return -1;
  }
  char buf[4096], raw[4096];
  conf_line l = {path, 0, {NULL}, 0};
  int rv = 0;
  while (rv == 0 && fgets(buf, sizeof(buf), f) != NULL) {
    l.lineno++;
    memcpy(raw, buf, sizeof(raw));
    l.n = cli_split_words(buf, l.tok, MAX_TOKENS);
    if (l.n < 0)
      rv = conf_error(&l, "too many words");
    else if (l.n > 0)
      rv = directive(&l, c, e, raw);
  }
  fclose(f);
  return rv;
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
  for (size_t i = 0; i < c->n_users; i++)
    if (snmpx_receiver_allow_user(r, c->users[i].name, c->users[i].level) != 0)
      return -1;
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
