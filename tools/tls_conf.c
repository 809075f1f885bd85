/* TLS/DTLS configuration as Net-SNMP's programs read it (see tls_conf.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "conf_read.h"
#include "tls_conf.h"

const char *tls_conf_path(char *buf, size_t cap)
{
  /* read_config.c get_configuration_directory: SNMPCONFPATH, else the
   * compiled-in SNMPCONFPATH:SNMPSHAREPATH:SNMPLIBPATH:$HOME/.snmp
   * (Debian's). */
  const char *env = getenv("SNMPCONFPATH");
  if (env != NULL) {
    snprintf(buf, cap, "%s", env);
  } else {
    const char *home = getenv("HOME");
    snprintf(buf, cap,
             "/etc/snmp:/usr/share/snmp:/usr/lib/x86_64-linux-gnu/snmp:"
             "%s/.snmp",
             home != NULL ? home : "");
  }
  return buf;
}

int tls_conf_index(snmpx_io *io, const char *prog)
{
  char path[4096];
  tls_conf_path(path, sizeof(path));
  /* cert_util.c _cert_indexes_load: each directory of the path, in
   * order; an empty entry names none. */
  for (char *save = NULL, *d = strtok_r(path, ":", &save); d != NULL;
       d = strtok_r(NULL, ":", &save)) {
    int rv = snmpx_io_tls_add_confdir(io, d);
    if (rv < 0) {
      fprintf(stderr, "%s%s/tls: %s\n", prog, d, snmpx_strerror(rv));
      return -1;
    }
  }
  return 0;
}

const char *tls_conf_word(const char *word, bool agent)
{
  static const char *const words[] = {
      "localCert",  "peerCert",   "trustCert",  "tsmUseTransportPrefix",
      "serverCert", "clientCert", "certSecName"};
  size_t n = sizeof(words) / sizeof(words[0]) - (agent ? 0 : 1);
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(word, words[i]) == 0)
      return words[i];
  return NULL;
}

const char *tls_conf_untag(const char *line)
{
  const char *p = line + strspn(line, " \t");
  if (strncmp(p, "[snmp]", 6) != 0)
    return line;
  p += 6;
  return p + strspn(p, " \t");
}

bool tls_conf_is_context(const char *line, bool *snmp)
{
  const char *p = line + strspn(line, " \t");
  if (*p != '[')
    return false;
  const char *end = strchr(p, ']');
  if (end == NULL || end == p + 1)
    return false;
  const char *rest = end + 1;
  rest += strspn(rest, " \t\r");
  if (*rest != '\0')
    return false;
  *snmp = end - p == 5 && strncmp(p + 1, "snmp", 4) == 0;
  return true;
}

int tls_conf_feed(snmpx_io *io, const char *word, const char *args,
                  const char *file, unsigned line, const char *prog)
{
  char err[512];
  err[0] = '\0';
  int rv = snmpx_io_tls_conf_line(io, word, args, file, line, err, sizeof(err));
  if (rv == 1)
    return 0;
  if (rv == 0)
    snprintf(err, sizeof(err), "%s:%u: %s: not a TLS word", file ? file : "",
             line, word);
  else if (err[0] == '\0')
    snprintf(err, sizeof(err), "%s: %s", word, snmpx_strerror(rv));
  fprintf(stderr, "%s%s\n", prog, err);
  return -1;
}

int tls_conf_secmodel(const char *value)
{
  if (strcasecmp(value, "usm") == 0)
    return SNMPX_SECMODEL_USM;
  if (strcasecmp(value, "tsm") == 0)
    return SNMPX_SECMODEL_TSM;
  return -1;
}

/* One line of snmp.conf: a TSM word to |io|, defSecurityModel into
 * *|def_model|; every other word is not this reader's. */
static int snmp_conf_line(snmpx_io *io, int *def_model, conf_reader *r,
                          const char *prog)
{
  char *buf = strdup(tls_conf_untag(r->line));
  if (buf == NULL) {
    fprintf(stderr, "%s%s: out of memory\n", prog, r->where);
    return -1;
  }
  char *w[2];
  /* The word alone: its arguments are the rest of the original line. */
  char *first = buf + strspn(buf, " \t");
  first[strcspn(first, " \t\r")] = '\0';
  int n = cli_split_words(first, w, 2);
  int rv = 0;
  if (n >= 1) {
    const char *args = conf_skip_words(tls_conf_untag(r->line), 1);
    const char *word = tls_conf_word(w[0], false);
    if (word != NULL && io != NULL) {
      rv = tls_conf_feed(io, word, args, r->name, (unsigned)r->lineno, prog);
    } else if (strcasecmp(w[0], "defSecurityModel") == 0) {
      char *v = strdup(args);
      char *vw[2];
      int m = v != NULL ? cli_split_words(v, vw, 2) : -1;
      int model = m == 1 ? tls_conf_secmodel(vw[0]) : -1;
      if (model < 0) {
        fprintf(stderr, "%s%s: defSecurityModel: usm or tsm\n", prog, r->where);
        rv = -1;
      } else {
        *def_model = model;
      }
      free(v);
    }
  }
  free(buf);
  return rv;
}

int tls_conf_read_snmp_conf(snmpx_io *io, int *def_model, const char *prog)
{
  char path[4096];
  tls_conf_path(path, sizeof(path));
  static const char *const names[] = {"snmp.conf", "snmp.local.conf"};
  for (char *save = NULL, *d = strtok_r(path, ":", &save); d != NULL;
       d = strtok_r(NULL, ":", &save)) {
    for (size_t i = 0; i < 2; i++) {
      char file[4200];
      snprintf(file, sizeof(file), "%s/%s", d, names[i]);
      FILE *probe = fopen(file, "r");
      if (probe == NULL)
        continue; /* Net-SNMP reads the files that are there */
      fclose(probe);
      conf_reader r;
      if (conf_reader_open(&r, file, prog) < 0)
        return -1;
      int got, rv = 0;
      while (rv == 0 && (got = conf_reader_next(&r)) != 0)
        rv = got < 0 ? -1 : snmp_conf_line(io, def_model, &r, prog);
      conf_reader_close(&r);
      if (rv < 0)
        return -1;
    }
  }
  return 0;
}

/* The length of a TLS/DTLS transport prefix at the start of |spec|,
 * colon included; 0 when there is none. */
static size_t secure_prefix_len(const char *spec)
{
  static const char *const prefixes[] = {
      "tlstcp:", "tls:", "dtlsudp6:", "dtls6:", "dtlsudp:", "dtls:"};
  for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
    size_t n = strlen(prefixes[i]);
    if (strncasecmp(spec, prefixes[i], n) == 0)
      return n;
  }
  return 0;
}

bool tls_conf_is_secure_spec(const char *spec)
{
  return spec != NULL && secure_prefix_len(spec) > 0;
}

const char *tls_conf_host(const char *spec, char *out, size_t cap)
{
  const char *h = spec + secure_prefix_len(spec);
  size_t n;
  if (*h == '[') {
    /* An IPv6 literal: what the brackets hold. */
    h++;
    n = strcspn(h, "]");
  } else {
    /* snmpDTLSUDPDomain.c / snmpTLSTCPDomain.c: up to the last ':'. */
    const char *colon = strrchr(h, ':');
    n = colon != NULL ? (size_t)(colon - h) : strlen(h);
  }
  snprintf(out, cap, "%.*s", (int)n, h);
  return out;
}
