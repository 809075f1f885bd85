/* Net-SNMP's configuration words for TLS and TSM (snmp.conf, snmpd.conf,
 * and the tools' -T flags that set the same): localCert, peerCert,
 * trustCert, certSecName, tsmUseTransportPrefix, and the deprecated
 * serverCert and clientCert. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tsm/tsm_priv.h"

#define TOK_MAX 512

static int conf_err(char *err, size_t cap, const char *file, unsigned line,
                    const char *word, const char *fmt, ...)
{
  va_list ap;
  int n = 0;

  if (!err || cap == 0)
    return SNMPX_EINVAL;
  if (file)
    n = snprintf(err, cap, "%s:%u: ", file, line);
  if (n >= 0 && (size_t)n < cap)
    n += snprintf(err + n, cap - (size_t)n, "%s: ", word);
  if (n >= 0 && (size_t)n < cap) {
    va_start(ap, fmt);
    vsnprintf(err + n, cap - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return SNMPX_EINVAL;
}

/* The next word of *|p|: whitespace separated, or in double quotes.
 * Returns false at the end of the line (or a word too long). */
static bool next_tok(const char **p, char *tok, size_t cap)
{
  const char *s = *p;
  size_t n = 0;
  char quote = 0;

  while (*s && isspace((unsigned char)*s))
    s++;
  if (!*s)
    return false;
  if (*s == '"')
    quote = *s++;
  while (*s && (quote ? *s != quote : !isspace((unsigned char)*s))) {
    if (n + 1 >= cap)
      return false;
    tok[n++] = *s++;
  }
  if (quote && *s == quote)
    s++;
  tok[n] = '\0';
  *p = s;
  return true;
}

static bool at_end(const char *p)
{
  while (*p && isspace((unsigned char)*p))
    p++;
  return *p == '\0';
}

/* localCert, peerCert, serverCert, clientCert: one certificate SPEC. */
static int set_spec(char **slot, const char *args, const char *file,
                    unsigned line, const char *word, char *err, size_t cap)
{
  char tok[TOK_MAX];
  const char *p = args ? args : "";
  char *s;

  if (!next_tok(&p, tok, sizeof(tok)))
    return conf_err(err, cap, file, line, word,
                    "expects a certificate (fingerprint or file name)");
  if (!at_end(p))
    return conf_err(err, cap, file, line, word, "one certificate only");
  s = strdup(tok);
  if (!s)
    return SNMPX_ENOMEM;
  free(*slot);
  *slot = s;
  return 1;
}

static int add_trust(snmpx__tsm *t, const char *args, const char *file,
                     unsigned line, char *err, size_t cap)
{
  char tok[TOK_MAX];
  const char *p = args ? args : "";
  char **v;

  if (!next_tok(&p, tok, sizeof(tok)) || !at_end(p))
    return conf_err(err, cap, file, line, "trustCert",
                    "expects one certificate (fingerprint or file name)");
  v = realloc(t->trust, (t->n_trust + 1) * sizeof(*v));
  if (!v)
    return SNMPX_ENOMEM;
  t->trust = v;
  if (!(v[t->n_trust] = strdup(tok)))
    return SNMPX_ENOMEM;
  t->n_trust++;
  X509_STORE_free(t->trusted); /* rebuilt when next needed */
  t->trusted = NULL;
  return 1;
}

/* Net-SNMP's booleans (read_config.c): yes/true/1, no/false/0. */
static int set_bool(bool *slot, const char *args, const char *file,
                    unsigned line, const char *word, char *err, size_t cap)
{
  char tok[TOK_MAX];
  const char *p = args ? args : "";

  if (!next_tok(&p, tok, sizeof(tok)) || !at_end(p))
    return conf_err(err, cap, file, line, word, "expects yes or no");
  if (!strcasecmp(tok, "yes") || !strcasecmp(tok, "true") ||
      !strcmp(tok, "1"))
    *slot = true;
  else if (!strcasecmp(tok, "no") || !strcasecmp(tok, "false") ||
           !strcmp(tok, "0"))
    *slot = false;
  else
    return conf_err(err, cap, file, line, word,
                    "'%s' is not yes/no/true/false/1/0", tok);
  return 1;
}

static int map_type(const char *tok, snmpx__tsm_map_type *type)
{
  static const struct {
    const char *flag;
    snmpx__tsm_map_type type;
  } types[] = {{"--sn", SNMPX__TSM_MAP_SPECIFIED},
               {"--rfc822", SNMPX__TSM_MAP_RFC822},
               {"--dns", SNMPX__TSM_MAP_DNS},
               {"--ip", SNMPX__TSM_MAP_IP},
               {"--any", SNMPX__TSM_MAP_ANY},
               {"--cn", SNMPX__TSM_MAP_CN}};

  for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
    if (strcmp(tok, types[i].flag) == 0) {
      *type = types[i].type;
      return 0;
    }
  return SNMPX_EINVAL;
}

/* The fingerprint of a certSecName line: a certificate known by that
 * SPEC (its fingerprint under |hash|), else the hex fingerprint itself,
 * which must be as long as the hash. */
static int map_fingerprint(snmpx__tsm *t, tsm_map *m, const char *spec)
{
  tsm_cert *c = snmpx__tsm_find(t, spec);
  int n;

  if (c) {
    n = snmpx__tsm_fingerprint(c->der, c->der_len, m->hash, m->fp,
                               sizeof(m->fp));
  } else {
    n = snmpx__tsm_fp_parse(spec, m->fp, sizeof(m->fp));
    if (n > 0 && n != snmpx__tsm_hash_len(m->hash))
      n = SNMPX_EINVAL;
  }
  if (n > 0)
    m->fp_len = (size_t)n;
  return n;
}

static int map_insert(snmpx__tsm *t, const tsm_map *m)
{
  tsm_map *v;
  size_t at = 0;

  for (size_t i = 0; i < t->n_maps; i++) {
    if (t->maps[i].priority == m->priority)
      return SNMPX_EINVAL;
    if (t->maps[i].priority < m->priority)
      at = i + 1;
  }
  v = realloc(t->maps, (t->n_maps + 1) * sizeof(*v));
  if (!v)
    return SNMPX_ENOMEM;
  t->maps = v;
  memmove(v + at + 1, v + at, (t->n_maps - at) * sizeof(*v));
  v[at] = *m;
  t->n_maps++;
  return 0;
}

/* certSecName PRIORITY [--shaNN] FINGERPRINT <--sn NAME | --rfc822 | --dns
 * | --ip | --cn | --any>  (Net-SNMP's usage line; SHA-1 by default). */
static int add_map(snmpx__tsm *t, const char *args, const char *file,
                   unsigned line, char *err, size_t cap)
{
  static const char *const w = "certSecName";
  char tok[TOK_MAX];
  const char *p = args ? args : "";
  tsm_map m;
  char *end;
  unsigned long prio;
  int rv;

  memset(&m, 0, sizeof(m));
  m.hash = SNMPX__TSM_HASH_SHA1;
  if (!next_tok(&p, tok, sizeof(tok)) || !isdigit((unsigned char)tok[0]))
    return conf_err(err, cap, file, line, w, "could not parse priority");
  prio = strtoul(tok, &end, 10);
  if (*end || prio > UINT32_MAX)
    return conf_err(err, cap, file, line, w, "could not parse priority");
  m.priority = (uint32_t)prio;
  if (!next_tok(&p, tok, sizeof(tok)))
    return conf_err(err, cap, file, line, w, "expects a fingerprint");
  if (tok[0] == '-' && tok[1] == '-') {
    if ((m.hash = snmpx__tsm_hash_parse(tok + 2)) < 0)
      return conf_err(err, cap, file, line, w, "invalid hash type %s", tok);
    if (!next_tok(&p, tok, sizeof(tok)))
      return conf_err(err, cap, file, line, w, "expects a fingerprint");
  }
  rv = map_fingerprint(t, &m, tok);
  if (rv == SNMPX_ENOMEM)
    return rv;
  if (rv < 0)
    return conf_err(err, cap, file, line, w,
                    "%s is neither a known certificate nor a fingerprint "
                    "of the hash's length",
                    tok);
  if (!next_tok(&p, tok, sizeof(tok)))
    return conf_err(err, cap, file, line, w, "must specify map type");
  if (map_type(tok, &m.type) < 0)
    return conf_err(err, cap, file, line, w, "unknown argument %s", tok);
  if (m.type == SNMPX__TSM_MAP_SPECIFIED) {
    if (!next_tok(&p, tok, sizeof(tok)))
      return conf_err(err, cap, file, line, w, "must specify secName for --sn");
    if (strlen(tok) > 32)
      return conf_err(err, cap, file, line, w,
                      "secName %s is longer than 32 octets", tok);
    strcpy(m.name, tok);
  }
  if (!at_end(p))
    return conf_err(err, cap, file, line, w, "unexpected words after %s",
                    tok);
  rv = map_insert(t, &m);
  if (rv == SNMPX_EINVAL)
    return conf_err(err, cap, file, line, w,
                    "duplicate priority for certificate map");
  return rv < 0 ? rv : 1;
}

int snmpx__tsm_conf_line(snmpx__tsm *t, const char *word, const char *args,
                         const char *file, unsigned line, char *err,
                         size_t cap)
{
  if (err && cap)
    err[0] = '\0';
  if (!t || !word)
    return SNMPX_EINVAL;
  if (!strcmp(word, "localCert"))
    return set_spec(&t->local_cert, args, file, line, word, err, cap);
  if (!strcmp(word, "peerCert"))
    return set_spec(&t->peer_cert, args, file, line, word, err, cap);
  /* Deprecated in Net-SNMP 5.6 ("Clients should use localCert, servers
   * should use peerCert"), still read. */
  if (!strcmp(word, "serverCert"))
    return set_spec(&t->server_cert, args, file, line, word, err, cap);
  if (!strcmp(word, "clientCert"))
    return set_spec(&t->client_cert, args, file, line, word, err, cap);
  if (!strcmp(word, "trustCert"))
    return add_trust(t, args, file, line, err, cap);
  if (!strcmp(word, "certSecName"))
    return add_map(t, args, file, line, err, cap);
  if (!strcmp(word, "tsmUseTransportPrefix"))
    return set_bool(&t->use_prefix, args, file, line, word, err, cap);
  return 0;
}
