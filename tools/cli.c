/* Shared plumbing of the snmpx subcommands (see cli.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <pthread.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "setval.h"
#include "tls_conf.h"

/* Net-SNMP's snmp_errstring texts for RFC 3416 error-status values, so our
 * "Reason:" lines match its tools byte for byte. */
static const char *const errstat_text[] = {
  "(noError) No Error",
  "(tooBig) Response message would have been too large.",
  "(noSuchName) There is no such variable name in this MIB.",
  "(badValue) The value given has the wrong type or length.",
  "(readOnly) The two parties used do not have access to use the specified "
  "SNMP PDU.",
  "(genError) A general failure occured",
  "noAccess",
  "wrongType (The set datatype does not match the data type the agent "
  "expects)",
  "wrongLength (The set value has an illegal length from what the agent "
  "expects)",
  "wrongEncoding",
  "wrongValue (The set value is illegal or unsupported in some way)",
  "noCreation (That table does not support row creation or that object can "
  "not ever be created)",
  "inconsistentValue (The set value is illegal or unsupported in some way)",
  "resourceUnavailable (This is likely a out-of-memory failure within the "
  "agent)",
  "commitFailed",
  "undoFailed",
  "authorizationError (access denied to that object)",
  "notWritable (That object does not support modification)",
  "inconsistentName (That object can not currently be created)",
};

static const char common_help[] =
  "  Version:  " SNMPX_VERSION_STRING " (snmpx)\n"
  "\n"
  "OPTIONS:\n"
  "  -h, --help\t\tdisplay this help message\n"
  "  -v 1|2c|3\t\tspecifies SNMP version to use\n"
  "  -V, --version\t\tdisplay package version number\n"
  "SNMP Version 1 or 2c specific\n"
  "  -c COMMUNITY\t\tset the community string\n"
  "SNMP Version 3 specific\n"
  "  -a PROTOCOL\t\tset authentication protocol "
  "(MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512)\n"
  "  -A PASSPHRASE\t\tset authentication protocol pass phrase\n"
  "  -e ENGINE-ID\t\tset security engine ID (e.g. 800000020109840301)\n"
  "  -E ENGINE-ID\t\tset context engine ID (e.g. 800000020109840301)\n"
  "  -l LEVEL\t\tset security level (noAuthNoPriv|authNoPriv|authPriv)\n"
  "  -n CONTEXT\t\tset context name (e.g. bridge1)\n"
  "  -u USER-NAME\t\tset security name (e.g. bert)\n"
  "  -x PROTOCOL\t\tset privacy protocol "
  "(DES|3DES|AES|AES-192|AES-256|AES-192-C|AES-256-C)\n"
  "  -X PASSPHRASE\t\tset privacy protocol pass phrase\n"
  "  -Z BOOTS,TIME\t\tset destination engine boots/time\n"
  "  -T NAME=VALUE\t\tTLS/DTLS: localCert, peerCert, trust_cert or\n"
  "\t\t\t  their_hostname (certificate: fingerprint, file name\n"
  "\t\t\t  in tls/certs of $SNMPCONFPATH, or a path)\n"
  "  --WORD=VALUE\t\tan snmp.conf TSM word: defSecurityModel, localCert,\n"
  "\t\t\t  peerCert, trustCert, tsmUseTransportPrefix,\n"
  "\t\t\t  serverCert, clientCert\n"
  "  -3m MASTERAUTHKEY\tset authentication master key (hex)\n"
  "  -3M MASTERPRIVKEY\tset privacy master key (hex)\n"
  "  -3k LOCALIZEDAUTHKEY\tset authentication localized key (hex)\n"
  "  -3K LOCALIZEDPRIVKEY\tset privacy localized key (hex)\n"
  "General communication options\n"
  "  -r RETRIES\t\tset the number of retries\n"
  "  -t TIMEOUT\t\tset the request timeout (in seconds)\n"
  "General options\n"
  "  -m MIB[:...]\t\tload given list of MIBs (ALL loads everything)\n"
  "  -M DIR[:...]\t\tlook in given list of directories for MIBs\n"
  "  -I R\t\t\trandom access to OID labels (-IR)\n"
  "  -O OUTOPTS\t\tToggle various defaults controlling output display:\n"
  "\t\t\t  a:  print all strings in ascii format\n"
  "\t\t\t  b:  do not break OID indexes down\n"
  "\t\t\t  e:  print enums numerically\n"
  "\t\t\t  E:  escape quotes in string indices\n"
  "\t\t\t  f:  print full OIDs on output\n"
  "\t\t\t  n:  print OIDs numerically\n"
  "\t\t\t  q:  quick print for easier parsing\n"
  "\t\t\t  Q:  quick print with equal-signs\n"
  "\t\t\t  s:  print only last symbolic element of OID\n"
  "\t\t\t  S:  print MIB module-id plus last element\n"
  "\t\t\t  t:  print timeticks unparsed as numeric integers\n"
  "\t\t\t  T:  print human-readable text along with hex strings\n"
  "\t\t\t  u:  print OIDs using UCD-style prefix suppression\n"
  "\t\t\t  U:  don't print units\n"
  "\t\t\t  v:  print values only (not OID = value)\n"
  "\t\t\t  x:  print all strings in hex format\n"
  "\t\t\t  X:  extended index format\n";

/* How the running command was invoked ("snmpx get", "snmpget"); empty
 * until cli_set_invocation. */
static char invoked_name[64];

void cli_set_invocation(const char *prefix, const char *command)
{
  const char *base = strrchr(command, '/');
  base = base ? base + 1 : command;
  snprintf(invoked_name, sizeof(invoked_name), "%s%s%s",
           prefix ? prefix : "", prefix ? " " : "", base);
}

const char *cli_invoked_name(const char *fallback)
{
  return invoked_name[0] ? invoked_name : fallback;
}

void cli_usage_to(FILE *out, const cli_app *app)
{
  fprintf(out, "USAGE: %s [OPTIONS] %s\n\n%s",
          cli_invoked_name(app->name), app->args_usage, common_help);
  if (app->appopts_help != NULL)
    fprintf(out,
            "  -C APPOPTS\t\tSet various application specific "
            "behaviours:\n%s",
            app->appopts_help);
}

static bool quiet_usage;

bool cli_set_quiet_usage(bool quiet)
{
  bool was = quiet_usage;
  quiet_usage = quiet;
  return was;
}

void cli_usage(const cli_app *app)
{
  if (!quiet_usage)
    cli_usage_to(stderr, app);
}

static int parse_appopts(const cli_app *app, const char *s)
{
  while (*s) {
    char letter = *s++;
    int used = app->appopt ? app->appopt(app->app, letter, s) : -1;
    if (used < 0)
      return -1;
    s += used;
  }
  return 0;
}

static int parse_version(cli *c, const char *v)
{
  if (strcmp(v, "1") == 0)
    c->version = SNMPX_VERSION_1;
  else if (strcmp(v, "2c") == 0 || strcmp(v, "2C") == 0)
    c->version = SNMPX_VERSION_2C;
  else if (strcmp(v, "3") == 0)
    c->version = SNMPX_VERSION_3;
  else {
    fprintf(stderr, "Invalid version specified after -v flag: %s\n", v);
    return -1;
  }
  return 0;
}

static int parse_number(const char *s, long *out)
{
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0')
    return -1;
  *out = v;
  return 0;
}

/* The longest -t snmpx takes: a day.  Net-SNMP reads any positive
 * number of seconds (its microseconds overflow past 9.2e12); a request
 * waiting longer than a day is a typo. */
#define CLI_MAX_TIMEOUT_S 86400

/* Net-SNMP's tools take -t in seconds with a fraction ("0.5").
 * @return 0; -1 for what Net-SNMP refuses too (not a positive number);
 * -2 for a number above CLI_MAX_TIMEOUT_S. */
static int parse_timeout(const char *s, long *ms)
{
  char *end;
  double v = strtod(s, &end);
  /* !(v > 0) also holds for NaN. */
  /* Net-SNMP keeps microseconds in a long: beyond it (inf, 1e30) it
   * refuses as it refuses 0. */
  if (*s == '\0' || *end != '\0' || !(v > 0) || v > LONG_MAX / 1e6)
    return -1;
  if (v > CLI_MAX_TIMEOUT_S)
    return -2;
  *ms = (long)(v * 1000 + 0.5);
  if (*ms == 0)
    *ms = 1;
  return 0;
}

/* -r RETRIES: digits only (Net-SNMP refuses a sign or anything but a
 * digit first, and a count its int cannot hold).  @return 0 or -1. */
static int parse_retries(const char *s, int *out)
{
  long v;
  if (!isdigit((unsigned char)s[0]) || parse_number(s, &v) != 0 ||
      v > INT_MAX)
    return -1;
  *out = (int)v;
  return 0;
}

/* Hex text ("0x8000...", "8000...") into |out|.  @return the length, or
 * -1 when it is not whole hex octets or does not fit. */
int cli_parse_hex(const char *s, uint8_t *out, size_t cap)
{
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;
  size_t n = strlen(s);
  if (n == 0 || n % 2 != 0 || n / 2 > cap)
    return -1;
  for (size_t i = 0; i < n / 2; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1 || !isxdigit((unsigned char)s[2 * i]) ||
        !isxdigit((unsigned char)s[2 * i + 1]))
      return -1;
    out[i] = (uint8_t)v;
  }
  return (int)(n / 2);
}

int cli_parse_level(const char *s, snmpx_seclevel *out)
{
  /* Net-SNMP's spellings, case-insensitive. */
  static const struct {
    const char *name;
    snmpx_seclevel level;
  } names[] = {
    {"noAuthNoPriv", SNMPX_SECLEVEL_NOAUTH},
    {"noauth", SNMPX_SECLEVEL_NOAUTH},
    {"nanp", SNMPX_SECLEVEL_NOAUTH},
    {"1", SNMPX_SECLEVEL_NOAUTH},
    {"authNoPriv", SNMPX_SECLEVEL_AUTHNOPRIV},
    {"auth", SNMPX_SECLEVEL_AUTHNOPRIV},
    {"anp", SNMPX_SECLEVEL_AUTHNOPRIV},
    {"2", SNMPX_SECLEVEL_AUTHNOPRIV},
    {"authPriv", SNMPX_SECLEVEL_AUTHPRIV},
    {"priv", SNMPX_SECLEVEL_AUTHPRIV},
    {"ap", SNMPX_SECLEVEL_AUTHPRIV},
    {"3", SNMPX_SECLEVEL_AUTHPRIV},
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if (strcasecmp(s, names[i].name) == 0) {
      *out = names[i].level;
      return 0;
    }
  }
  return -1;
}

static void set_password(snmpx_usm_secret *s, const char *pass)
{
  s->kind = SNMPX_USM_SECRET_PASSWORD;
  s->data = (const uint8_t *)pass;
  s->len = strlen(pass);
}

/* -e/-E: hex, optional 0x, 5..32 octets (RFC 3411 SnmpEngineID).
 * @return the length, or -1 after Net-SNMP's message and the usage. */
static int parse_engine_id(cli *c, int flag, const char *arg, uint8_t *out)
{
  const char *digits = arg;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    digits += 2;
  int n = *digits ? cli_parse_hex(arg, out, SNMPX_USM_MAX_ENGINE_ID) : 0;
  if (n < 0 || (n == 0 && *digits)) {
    fprintf(stderr, "Bad engine ID value after -3%c flag.\n", flag);
  } else if (n < 5) {
    fprintf(stderr, "Invalid engine ID value after -%c flag.\n", flag);
    n = -1;
  } else {
    return n;
  }
  cli_usage(c->app);
  return -1;
}

/* One -Z number: digits only, 0..2^31-1 (RFC 3414 2.2.1: snmpEngineBoots
 * and snmpEngineTime are 0..2147483647).  Sets *end past the digits.
 * @return 0; -1 when no digit starts |s|; -2 when out of range. */
static int boots_time_number(const char *s, const char **end, uint32_t *out)
{
  if (!isdigit((unsigned char)*s)) {
    *end = s;
    return -1;
  }
  char *e;
  errno = 0;
  unsigned long v = strtoul(s, &e, 10);
  *end = e;
  if (errno != 0 || v > INT32_MAX)
    return -2;
  *out = (uint32_t)v;
  return 0;
}

/* The argc of the command line parse_options is reading (-Z looks at
 * what follows its argument). */
static int parse_argc;

/* Where Net-SNMP's strtoul finds no number at all (it takes " 1", "+1"
 * and "-1"). */
static bool strtoul_takes_nothing(const char *s)
{
  char *e;
  (void)strtoul(s, &e, 10);
  return e == s;
}

/* -Z BOOTS,TIME: the authoritative engine's clock, known beforehand.
 * Net-SNMP (snmpv3.c, snmpv3_parse_arg) refuses a BOOTS or a TIME that
 * does not start with a number, with the words below; it takes a
 * negative, oversized or trailing-junk value silently (and "-Z BOOTS"
 * alone reads TIME from the next argument without consuming it).  snmpx
 * takes exactly BOOTS,TIME and refuses the rest naming the argument. */
static int parse_boots_time(cli *c, const char *arg)
{
  const char *end;
  uint32_t boots = 0, time = 0;
  int rv = boots_time_number(arg, &end, &boots);
  if (rv == -1 && strtoul_takes_nothing(arg)) {
    fprintf(stderr, "Need engine boots value after -3Z flag.\n");
    cli_usage(c->app);
    return -1;
  }
  if (rv == 0 && *end != ',' && *end != '\0')
    rv = -1;
  if (rv == 0 && *end == '\0') {
    /* Net-SNMP then reads TIME from the next argument, if any, leaving it
     * in place as an operand too ("-Z 5 127.0.0.1" would take 127): snmpx
     * refuses, with Net-SNMP's words for a next argument that is not a
     * number. */
    if (optind < parse_argc)
      fprintf(stderr, "Need engine time after \"-Z engineBoot\".\n");
    else
      fprintf(stderr, "Need engine time after \"-3Z engineBoot,\".\n");
    cli_usage(c->app);
    return -1;
  }
  if (rv == 0) {
    const char *t = end + 1;
    rv = boots_time_number(t, &end, &time);
    if (rv == -1 && strtoul_takes_nothing(t)) {
      fprintf(stderr, "Need engine time after \"-3Z engineBoot,\".\n");
      cli_usage(c->app);
      return -1;
    }
    if (rv == 0 && *end != '\0')
      rv = -1;
  }
  if (rv != 0) {
    fprintf(stderr,
            "Invalid -Z value: %s (BOOTS,TIME: two numbers from 0 to "
            "2147483647)\n",
            arg);
    cli_usage(c->app);
    return -1;
  }
  c->boots_time_set = true;
  c->boots = boots;
  c->time = time;
  return 0;
}

/* One of -u -l -a -A -x -X -e -E -n, with Net-SNMP's messages. */
static int parse_v3_option(cli *c, int ch, const char *arg)
{
  int n;
  switch (ch) {
  case 'u':
    c->sec_name = arg;
    return 0;
  case 'l':
    if (cli_parse_level(arg, &c->level) == 0) {
      c->level_given = true;
      return 0;
    }
    fprintf(stderr, "Invalid security level specified after -3l flag: %s\n",
            arg);
    cli_usage(c->app);
    return -1;
  case 'a':
    if (snmpx_usm_auth_from_name(arg, &c->auth) == 0 &&
        c->auth != SNMPX_USM_AUTH_NONE) {
      c->auth_given = true;
      return 0;
    }
    fprintf(stderr, "Invalid authentication protocol specified after -3a "
                    "flag: %s\n",
            arg);
    cli_usage(c->app);
    return -1;
  case 'x':
    if (snmpx_usm_priv_from_name(arg, &c->priv) == 0 &&
        c->priv != SNMPX_USM_PRIV_NONE)
      return 0;
    fprintf(stderr, "Invalid privacy protocol specified after -3x flag: %s\n",
            arg);
    cli_usage(c->app);
    return -1;
  case 'A':
    set_password(&c->auth_secret, arg);
    return 0;
  case 'X':
    set_password(&c->priv_secret, arg);
    return 0;
  case 'e':
  case 'E':
    n = parse_engine_id(c, ch, arg,
                        ch == 'e' ? c->engine_id : c->ctx_engine_id);
    if (n < 0)
      return -1;
    if (ch == 'e') {
      c->engine_id_len = (size_t)n;
    } else {
      c->ctx_engine_id_len = (size_t)n;
      c->ctx_engine_id_set = true;
    }
    return 0;
  case 'Z':
    return parse_boots_time(c, arg);
  default: /* 'n' */
    c->context = arg;
    return 0;
  }
}

/* -3m/-3M (master keys) and -3k/-3K (localized keys): the key is the next
 * argument, in hex. */
static int parse_v3_key(cli *c, const char *which, int argc, char **argv)
{
  bool priv = which[0] == 'M' || which[0] == 'K';
  bool master = which[0] == 'm' || which[0] == 'M';
  /* which[0] first: "-3 ''" has no which[1]. */
  if (which[0] == '\0' || which[1] != '\0' ||
      strchr("mMkKulaAxXeEnZ", which[0]) == NULL) {
    fprintf(stderr, "Unknown -3 option: %s\n", which);
    return -1;
  }
  if (optind >= argc) {
    fprintf(stderr, "Missing argument after -3%s\n", which);
    return -1;
  }
  /* Every v3 flag has a -3 form: -3u NAME is -u NAME. */
  if (strchr("mMkK", which[0]) == NULL)
    return parse_v3_option(c, which[0], argv[optind++]);
  uint8_t *buf = c->keybuf[priv];
  int n = cli_parse_hex(argv[optind++], buf, sizeof(c->keybuf[0]));
  if (n <= 0) {
    fprintf(stderr, "Bad key value after -3%s flag.\n", which);
    cli_usage(c->app);
    return -1;
  }
  snmpx_usm_secret *s = priv ? &c->priv_secret : &c->auth_secret;
  s->kind = master ? SNMPX_USM_SECRET_MASTER : SNMPX_USM_SECRET_LOCALIZED;
  s->data = buf;
  s->len = (size_t)n;
  return 0;
}

/* Net-SNMP turns -A and -X into keys (Ku) as soon as the options are read,
 * whatever the version and the security level, the -A one first, and
 * refuses passphrases shorter than 8 octets (RFC 3414 11.2).  It hashes
 * -X with the -a protocol, or with the default one that -A sets: with
 * neither -a nor -A it has no hash function and says only this. */
static int check_passphrases(cli *c)
{
  const snmpx_usm_secret *s[2] = {&c->auth_secret, &c->priv_secret};
  static const char *const what[2] = {"authentication", "privacy"};
  for (int i = 0; i < 2; i++) {
    if (i == 1 && s[1]->data != NULL &&
        s[1]->kind == SNMPX_USM_SECRET_PASSWORD && !c->auth_given &&
        (s[0]->data == NULL || s[0]->kind != SNMPX_USM_SECRET_PASSWORD)) {
      fprintf(stderr,
              "%s: \nError generating a key (Ku) from the supplied privacy "
              "pass phrase. \n",
              c->app->name);
      return -1;
    }
    if (s[i]->data != NULL && s[i]->kind == SNMPX_USM_SECRET_PASSWORD &&
        s[i]->len < 8) {
      fprintf(stderr,
              "Error: passphrase chosen is below the length requirements of "
              "the USM (min=8).\n"
              "%s:  (The supplied password length is too short.)\n"
              "Error generating a key (Ku) from the supplied %s pass "
              "phrase. \n",
              c->app->name, what[i]);
      return -1;
    }
  }
  return 0;
}

typedef struct ku_job {
  snmpx_usm_auth auth;
  const snmpx_usm_secret *secret;
  uint8_t *ku;
  size_t ku_len;
  int rv;
} ku_job;

static void *ku_thread(void *arg)
{
  ku_job *j = arg;
  j->rv = snmpx_usm_password_to_key(j->auth, j->secret->data,
                                    j->secret->len, j->ku, 64, &j->ku_len);
  return NULL;
}

/* RFC 3414 A.2's password-to-key hashes a megabyte per password; with an
 * auth and a priv password, a one-shot command spends most of its time
 * there.  Hash the two at once on two cores and hand the engine the master
 * keys (Ku): the same keys, half the wait. */
static void derive_master_keys(cli *c, snmpx_user *u)
{
  if (c->engine_keys || u->auth_secret.kind != SNMPX_USM_SECRET_PASSWORD ||
      u->priv_secret.kind != SNMPX_USM_SECRET_PASSWORD ||
      u->priv_secret.data == NULL)
    return;
  ku_job a = {u->auth, &u->auth_secret, c->keybuf[0], 0, -1};
  ku_job p = {u->auth, &u->priv_secret, c->keybuf[1], 0, -1};
  pthread_t t;
  bool threaded = pthread_create(&t, NULL, ku_thread, &p) == 0;
  ku_thread(&a);
  if (threaded)
    pthread_join(t, NULL);
  if (a.rv != 0 || p.rv != 0)
    return; /* let the engine derive them and report what fails */
  u->auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_MASTER, a.ku, a.ku_len};
  u->priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_MASTER, p.ku, p.ku_len};
}

/* Keys the level needs but that were not given (or have the wrong length)
 * stop Net-SNMP's tools before any packet, with these words. */
static const char *missing_secret(const cli *c)
{
  if (c->level < SNMPX_SECLEVEL_AUTHNOPRIV)
    return NULL;
  const snmpx_usm_secret *a = &c->auth_secret;
  /* authPriv with neither -A nor -X: snmp_parse_args has no key to check,
   * and the USM refuses the user as a whole. */
  if (c->level == SNMPX_SECLEVEL_AUTHPRIV && a->data == NULL &&
      c->priv_secret.data == NULL)
    return "USM generic error";
  size_t dlen = snmpx_usm_auth_digest_len(c->auth);
  if (a->data == NULL || (a->kind == SNMPX_USM_SECRET_LOCALIZED &&
                          a->len != dlen))
    return "USM authentication failure (incorrect password or key)";
  if (a->kind == SNMPX_USM_SECRET_MASTER && a->len != dlen)
    return "";
  if (c->level == SNMPX_SECLEVEL_AUTHPRIV && c->priv_secret.data == NULL)
    return "USM generic error";
  return NULL;
}

static void set_v3_names(cli *c, snmpx_target *t);

/* Add the -u user to the engine and point the target at it. */
static int setup_v3(cli *c, snmpx_engine *e, snmpx_target *t)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.user_namespace = t->user_namespace;
  u.name = (const uint8_t *)c->sec_name;
  u.name_len = strlen(c->sec_name);
  if (c->level >= SNMPX_SECLEVEL_AUTHNOPRIV) {
    u.auth = c->auth;
    u.auth_secret = c->auth_secret;
  }
  if (c->level == SNMPX_SECLEVEL_AUTHPRIV) {
    u.priv = c->priv;
    u.priv_secret = c->priv_secret;
    derive_master_keys(c, &u);
  }
  int rv = snmpx_engine_add_user(e, &u);
  if (rv != 0)
    return rv;
  t->user = u.name;
  t->user_len = u.name_len;
  t->level = c->level;
  set_v3_names(c, t);
  return 0;
}

/* The MIB databases of this process, one per (-m, -M) pair.  A tool that
 * parses many command lines (snmpx poll) loads each pair once and keeps
 * every database until exit: a target prints with its own line's, after
 * later lines have loaded others.  Freed at exit so that every early
 * return stays leak-free. */
typedef struct loaded_mib {
  snmpx_mibdb *mib;
  char *mibs, *dirs;
  struct loaded_mib *next;
} loaded_mib;

static loaded_mib *loaded;

/* A database every command line uses whatever its -m and -M say
 * (cli_set_mib_source: fuzzers), borrowed; NULL: load per (-m, -M). */
static snmpx_mibdb *mib_source;

void cli_set_mib_source(snmpx_mibdb *shared)
{
  mib_source = shared;
}

static void free_process_mibs(void)
{
  while (loaded != NULL) {
    loaded_mib *l = loaded;
    loaded = l->next;
    snmpx_mibdb_free(l->mib);
    free(l->mibs);
    free(l->dirs);
    free(l);
  }
}

static bool same_opt(const char *a, const char *b)
{
  return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static snmpx_mibdb *process_mib(const char *mibs, const char *dirs)
{
  if (mib_source != NULL)
    return mib_source;
  for (loaded_mib *l = loaded; l != NULL; l = l->next)
    if (same_opt(l->mibs, mibs) && same_opt(l->dirs, dirs))
      return l->mib;
  static bool registered;
  if (!registered) {
    atexit(free_process_mibs);
    registered = true;
  }
  loaded_mib *l = calloc(1, sizeof(*l));
  if (l == NULL)
    return NULL;
  l->mib = cli_load_mib(mibs, dirs);
  l->mibs = mibs ? strdup(mibs) : NULL;
  l->dirs = dirs ? strdup(dirs) : NULL;
  if (l->mib == NULL || (mibs && l->mibs == NULL) ||
      (dirs && l->dirs == NULL)) {
    snmpx_mibdb_free(l->mib);
    free(l->mibs);
    free(l->dirs);
    free(l);
    return NULL;
  }
  l->next = loaded;
  loaded = l;
  return l->mib;
}

/* getopt_long's code for --help (not a letter: -h prints elsewhere). */
#define CLI_LONG_HELP 0x101
/* getopt_long's codes for the TSM words of snmp.conf given as --WORD:
 * CLI_LONG_WORD + their index in long_word_names. */
#define CLI_LONG_WORD 0x200

/* snmp.conf's TSM words the tools take as --WORD=VALUE, as Net-SNMP's
 * snmp_parse_args hands any "--WORD=VALUE" to its configuration reader
 * (handle_long_opt): the command line's lines come after the files'. */
static const char *const long_word_names[] = {
    "defSecurityModel", "localCert",  "peerCert",  "trustCert",
    "tsmUseTransportPrefix", "serverCert", "clientCert"};
#define N_LONG_WORDS (sizeof(long_word_names) / sizeof(long_word_names[0]))

/* -T NAME=VALUE (snmp_parse_args.c; the names snmpTLSBaseDomain.c's
 * netsnmp_tlsbase_config knows; others are kept by Net-SNMP and ignored
 * by its TLS transports, so here too).  @return 0, or -1 after Net-SNMP's
 * message for a word without '='. */
static int parse_transport_opt(cli *c, const char *arg)
{
  const char *eq = strchr(arg, '=');
  if (eq == NULL) {
    fprintf(stderr, "-T expects a NAME=VALUE pair.\n");
    cli_usage(c->app);
    return -1;
  }
  size_t n = (size_t)(eq - arg);
  const char *v = eq + 1;
#define T_IS(name) (n == strlen(name) && strncmp(arg, name, n) == 0)
  if (T_IS("localCert") || T_IS("our_identity"))
    c->tls_local_cert = v;
  else if (T_IS("peerCert") || T_IS("their_identity"))
    c->tls_peer_cert = v;
  else if (T_IS("peerHostname") || T_IS("their_hostname"))
    c->tls_hostname = v;
  else if (T_IS("trust_cert") || T_IS("trustCert"))
    c->tls_trust_cert = v;
#undef T_IS
  c->tls_t_given = true;
  return 0;
}

/* --WORD[=VALUE]: Net-SNMP reads "--WORD" alone as "WORD 1". */
static int parse_long_word(cli *c, int which, const char *value)
{
  const char *word = long_word_names[which];
  const char *v = value != NULL ? value : "1";
  if (which == 0) {
    int model = tls_conf_secmodel(v);
    if (model < 0) {
      fprintf(stderr, "Invalid security model after --defSecurityModel: %s "
                      "(usm or tsm)\n",
              v);
      return -1;
    }
    c->def_model = model;
    return 0;
  }
  if (c->n_long == (int)(sizeof(c->long_words) / sizeof(c->long_words[0]))) {
    fprintf(stderr, "Too many --%s options\n", word);
    return -1;
  }
  c->long_words[c->n_long] = word;
  c->long_values[c->n_long++] = v;
  return 0;
}

/* Returns 0 to go on, or an exit status. */
static int parse_options(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
    {"help", no_argument, NULL, CLI_LONG_HELP},
    {"version", no_argument, NULL, 'V'},
    {"defSecurityModel", optional_argument, NULL, CLI_LONG_WORD + 0},
    {"localCert", optional_argument, NULL, CLI_LONG_WORD + 1},
    {"peerCert", optional_argument, NULL, CLI_LONG_WORD + 2},
    {"trustCert", optional_argument, NULL, CLI_LONG_WORD + 3},
    {"tsmUseTransportPrefix", optional_argument, NULL, CLI_LONG_WORD + 4},
    {"serverCert", optional_argument, NULL, CLI_LONG_WORD + 5},
    {"clientCert", optional_argument, NULL, CLI_LONG_WORD + 6},
    {NULL, 0, NULL, 0}};
  int ch, rv;
  /* glibc's getopt lets options follow operands, as Net-SNMP's tools do;
   * snmpset does not (a value such as -5 must stay an operand). */
  const char *optstring = c->app->no_permute
                              ? "+hVv:c:r:t:O:C:m:M:I:u:l:a:A:x:X:e:E:n:Z:3:T:"
                              : "hVv:c:r:t:O:C:m:M:I:u:l:a:A:x:X:e:E:n:Z:3:T:";
  /* 0, not 1: glibc then starts afresh, forgetting where a previous
   * parse (an earlier line of poll's file) stopped inside a word. */
  optind = 0;
  parse_argc = argc;
  while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
    switch (ch) {
    case 'h': /* as Net-SNMP: the usage on stderr (but exit 0) */
      cli_usage_to(stderr, c->app);
      return 0x100; /* exit 0 */
    case CLI_LONG_HELP: /* --help: on stdout, to page or grep */
      cli_usage_to(stdout, c->app);
      return 0x100;
    case 'V':
      fprintf(stderr, "snmpx version: %s\n", SNMPX_VERSION_STRING);
      return 0x100;
    case 'v':
      if (parse_version(c, optarg) != 0) {
        cli_usage(c->app);
        return 1;
      }
      break;
    case 'c':
      c->community = optarg;
      break;
    case 'r':
      if (parse_retries(optarg, &c->retries) != 0) {
        fprintf(stderr, "Invalid number of retries after -r flag.\n");
        cli_usage(c->app);
        return 1;
      }
      break;
    case 't':
      rv = parse_timeout(optarg, &c->timeout_ms);
      if (rv == -2)
        fprintf(stderr, "Invalid timeout in seconds after -t flag: %s "
                        "(at most %d)\n", optarg, CLI_MAX_TIMEOUT_S);
      else if (rv != 0)
        fprintf(stderr, "Invalid timeout in seconds after -t flag.\n");
      if (rv != 0) {
        cli_usage(c->app);
        return 1;
      }
      break;
    case 'O': {
      int bad = fmt_opts_parse(&c->fmt, optarg);
      if (bad != 0) {
        fprintf(stderr, "Unknown output option passed to -O: %c.\n", bad);
        cli_usage(c->app);
        return 1;
      }
      break;
    }
    case 'C':
      if (parse_appopts(c->app, optarg) != 0)
        return 1;
      break;
    case 'u':
    case 'l':
    case 'a':
    case 'A':
    case 'x':
    case 'X':
    case 'e':
    case 'E':
    case 'n':
    case 'Z':
      if (parse_v3_option(c, ch, optarg) != 0)
        return 1;
      break;
    case '3':
      if (parse_v3_key(c, optarg, argc, argv) != 0)
        return 1;
      break;
    case 'T':
      if (parse_transport_opt(c, optarg) != 0)
        return 1;
      break;
    case 'm':
      c->mibs_opt = optarg;
      break;
    case 'M':
      c->mibdirs_opt = optarg;
      break;
    case 'I': {
      int bad = cli_parse_inopts(optarg, &c->random_access, NULL);
      if (bad != 0) {
        cli_bad_inopt(bad);
        cli_usage(c->app);
        return 1;
      }
      break;
    }
    default:
      if (ch >= CLI_LONG_WORD && ch < CLI_LONG_WORD + (int)N_LONG_WORDS) {
        if (parse_long_word(c, ch - CLI_LONG_WORD, optarg) != 0)
          return 1;
        break;
      }
      cli_usage(c->app);
      return 1;
    }
  }
  return 0;
}

/* How agent names become addresses: snmpx_addr_parse, or a fuzzer's
 * stand-in (cli_set_resolver). */
static cli_resolver_fn resolver = snmpx_addr_parse;

void cli_set_resolver(cli_resolver_fn fn)
{
  resolver = fn ? fn : snmpx_addr_parse;
}

int cli_resolve(const cli *c, snmpx_addr *out)
{
  uint16_t port = c->default_port ? c->default_port : 161;
  return resolver(out, c->peername, port);
}

static bool is_secure(const snmpx_addr *addr)
{
  return addr->domain == SNMPX_DOMAIN_TLS || addr->domain == SNMPX_DOMAIN_DTLS;
}

bool cli_uses_tsm(const cli *c, const snmpx_addr *addr)
{
  /* The address as written counts too: one that did not resolve (a poll
   * line whose host is unknown is still checked) is zeroed, but the
   * command line was read for the TSM (no -u needed). */
  return is_secure(addr) || c->def_model == SNMPX_SECMODEL_TSM ||
         (c->peername != NULL && tls_conf_is_secure_spec(c->peername));
}

/* snmp.conf's TSM words, then the command line's --WORD=VALUE ones (as
 * Net-SNMP applies remembered command-line lines after the files). */
static int tls_words(cli *c, char *prog)
{
  if (tls_conf_read_snmp_conf(c->io, &c->def_model, prog) != 0)
    return -1;
  for (int i = 0; i < c->n_long; i++) {
    char where[160];
    snprintf(where, sizeof(where), "%s: --%s=%s: ", c->app->name,
             c->long_words[i], c->long_values[i]);
    if (tls_conf_feed(c->io, c->long_words[i], c->long_values[i], NULL, 0,
                      where) != 0)
      return -1;
  }
  return 0;
}

int cli_tls_prepare(cli *c, const snmpx_addr *addr)
{
  if (c->io == NULL)
    return 0;
  char prog[96];
  snprintf(prog, sizeof(prog), "%s: ", c->app->name);
  if (!is_secure(addr)) {
    /* snmp_api.c: a transport without configuration refuses -T. */
    if (c->tls_t_given) {
      fprintf(stderr, "%s: Configuration data found but the transport "
                      "can't be configured\n",
              c->app->name);
      return 1;
    }
    return 0;
  }
  if (tls_conf_index(c->io, prog) != 0 || tls_words(c, prog) != 0)
    return 1;
  if (c->tls_trust_cert != NULL &&
      tls_conf_feed(c->io, "trustCert", c->tls_trust_cert, NULL, 0,
                    "-T trust_cert: ") != 0)
    return 1;
  snmpx_io_tls_opts o = {c->tls_local_cert, "snmp"};
  char host[256];
  tls_conf_host(c->peername, host, sizeof(host));
  if (snmpx_io_set_tls_opts(c->io, &o) != 0 ||
      snmpx_io_tls_peer(c->io, addr, c->tls_peer_cert,
                        c->tls_hostname != NULL ? c->tls_hostname
                                                : host) != 0) {
    fprintf(stderr, "%s: out of memory\n", c->app->name);
    return 1;
  }
  return 0;
}

static uint64_t monotonic_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Net-SNMP's TLS transport finishes its handshake when the session opens
 * (SSL_connect in netsnmp_tlstcp_open_client): wait as long for the TLS
 * session to |addr|'s server to open, so that a refused certificate shows
 * here, and a trap is not left queued behind the handshake when the tool
 * exits.  The connection's ClientHello is already queued.
 * @return 0; SNMPX_ETLS_CERT (the server refused, or refused by us);
 * SNMPX_ETLS (the connection ended first); SNMPX_ETIMEDOUT. */
static int wait_tls_session(cli *c)
{
  snmpx_tlstm_stats t0, t;
  snmpx_io_stats s0, s;
  snmpx_io_get_tlstm_stats(c->io, &t0);
  snmpx_io_get_stats(c->io, &s0);
  long limit = c->timeout_ms > 0 ? c->timeout_ms : 1000;
  limit *= (long)c->retries + 1;
  uint64_t end = monotonic_ms() + (uint64_t)limit;
  for (;;) {
    uint64_t now = monotonic_ms();
    if (now >= end)
      return SNMPX_ETIMEDOUT;
    uint64_t left = end - now;
    if (snmpx_io_run_once(c->io, left < 100 ? (int)left : 100) < 0)
      return SNMPX_ETLS;
    snmpx_io_get_tlstm_stats(c->io, &t);
    snmpx_io_get_stats(c->io, &s);
    if (t.session_opens > t0.session_opens)
      return 0;
    if (t.session_open_errors > t0.session_open_errors)
      return SNMPX_ETLS_CERT;
    if (s.stream_failed > s0.stream_failed ||
        s.stream_closed > s0.stream_closed)
      return SNMPX_ETLS;
  }
}

int cli_open_transport(cli *c, const snmpx_addr *addr)
{
  if (c->io == NULL)
    return 0;
  /* Net-SNMP's snmp_sess_open connects a stream transport at once, and a
   * failure reads "snmpget: Unknown host (tcp:127.0.0.1:1) (Connection
   * refused)". */
  int rv = snmpx_io_connect(c->io, addr, c->timeout_ms > 0 ? (int)c->timeout_ms
                                                           : -1);
  if (rv == 0 && addr->domain == SNMPX_DOMAIN_TLS)
    rv = wait_tls_session(c);
  if (rv == 0)
    return 0;
  if (rv == SNMPX_ENODOMAIN)
    fprintf(stderr, "%s: Transport domain \"%s\" is not available (%s)\n",
            c->app->name, snmpx_domain_name(addr->domain), c->peername);
  else if (rv == SNMPX_ESOCKET)
    fprintf(stderr, "%s: Unknown host (%s) (%s)\n", c->app->name,
            c->peername, strerror(snmpx_io_last_error(c->io)));
  else {
    /* A TLS/DTLS session that could not be had: first why, as Net-SNMP
     * logs its "error finding client identity keys" or "No matching
     * names in the certificate..." before the tool's line. */
    const char *why = snmpx_io_tls_error(c->io);
    if (is_secure(addr) && why[0] != '\0')
      fprintf(stderr, "%s\n", why);
    fprintf(stderr, "%s: Unknown host (%s) (%s)\n", c->app->name,
            c->peername, snmpx_strerror(rv));
  }
  return 1;
}

int cli_make_target(cli *c, snmpx_engine *e, const char *user_namespace,
                    snmpx_target *t)
{
  snmpx_addr addr;
  if (cli_resolve(c, &addr) != 0) {
    fprintf(stderr, "%s: Unknown host (%s)\n", c->app->name, c->peername);
    return 1;
  }
  if (cli_tls_prepare(c, &addr) != 0 || cli_open_transport(c, &addr) != 0)
    return 1;
  return cli_make_target_at(c, e, user_namespace, &addr, t);
}

/* Net-SNMP's snmp_sess_open discovers the agent's engine ID (RFC 3414 4)
 * before its USM looks at the user's keys, unless -e names the engine or
 * the tool sends a trap (its own engine is the authoritative one): with
 * no answer, snmpget prints "snmpget: Timeout" whatever the keys.  False
 * only when the discovery of |t|'s agent timed out; only the session's
 * own engine (and loop) discovers here, not snmpx poll's. */
static bool agent_answers_discovery(cli *c, snmpx_engine *e,
                                    const snmpx_target *t)
{
  if (c->engine_id_len != 0 || c->local_authoritative || c->io == NULL ||
      e != c->engine)
    return true;
  snmpx_result r;
  memset(&r, 0, sizeof(r));
  int st = snmpx_io_wait_handle(
      c->io, snmpx_engine_discover(e, t, snmpx_result_cb, &r), &r);
  snmpx_pdu_free(r.resp, NULL);
  return st != SNMPX_EUSM_DISCOVERY_TIMEOUT;
}

/* The engine and context a v3 target names (-e, -Z, -E, -n). */
static void set_v3_names(cli *c, snmpx_target *t)
{
  if (c->engine_id_len) {
    t->engine_id = c->engine_id;
    t->engine_id_len = c->engine_id_len;
    t->engine_time_set = c->boots_time_set;
    t->engine_boots = c->boots;
    t->engine_time = c->time;
  }
  if (c->ctx_engine_id_set) {
    t->context_engine_id = c->ctx_engine_id;
    t->context_engine_id_len = c->ctx_engine_id_len;
  }
  if (c->context != NULL) {
    t->context_name = (const uint8_t *)c->context;
    t->context_name_len = strlen(c->context);
  }
}

/* RFC 5591 TSM, as Net-SNMP's (D)TLS session sets itself up
 * (snmpTLSBaseDomain.c, netsnmp_tlsbase_session_init): SNMPv3 whatever
 * -v said, the TSM whatever model was asked for, -u as the securityName
 * ("__BOGUS__" without one), -l as the level (authPriv without one). */
static int tsm_target(cli *c, const snmpx_addr *addr, snmpx_target *t)
{
  if (c->version != SNMPX_VERSION_3 && is_secure(addr))
    fprintf(stderr, "A SNMP version other than 3 was requested with "
                    "(D)TLS; using 3 anyways\n");
  static const char bogus[] = "__BOGUS__";
  const char *name = c->sec_name != NULL ? c->sec_name : bogus;
  t->version = SNMPX_VERSION_3;
  t->community = NULL;
  t->community_len = 0;
  t->security_model = SNMPX_SECMODEL_TSM;
  t->transport_prefix = addr->domain == SNMPX_DOMAIN_TLS    ? "tls"
                        : addr->domain == SNMPX_DOMAIN_DTLS ? "dtls"
                                                            : NULL;
  t->user = (const uint8_t *)name;
  t->user_len = strlen(name);
  t->level = c->level_given ? c->level : SNMPX_SECLEVEL_AUTHPRIV;
  set_v3_names(c, t);
  return 0;
}

int cli_make_target_at(cli *c, snmpx_engine *e, const char *user_namespace,
                       const snmpx_addr *addr, snmpx_target *t)
{
  memset(t, 0, sizeof(*t));
  t->addr = *addr;
  t->version = c->version;
  if (c->community != NULL) {
    t->community = (const uint8_t *)c->community;
    t->community_len = strlen(c->community);
  }
  t->timeout_ms = (uint32_t)c->timeout_ms;
  t->retries = c->retries;
  if (cli_uses_tsm(c, addr))
    return tsm_target(c, addr, t);
  if (c->version != SNMPX_VERSION_3)
    return 0;
  const char *why = missing_secret(c);
  if (why != NULL) {
    if (!agent_answers_discovery(c, e, t))
      why = "Timeout";
    fprintf(stderr, "%s: %s\n", c->app->name, why);
    return 1;
  }
  t->user_namespace = user_namespace;
  int rv = setup_v3(c, e, t);
  if (rv != 0) {
    cli_print_failure(c, rv);
    return 1;
  }
  return 0;
}

/* The value tags Net-SNMP's snmp_pdu_parse takes (snmp_api.c): the SMI's,
 * and NsapAddress, UInteger32, BIT STRING and the three exceptions. */
static bool netsnmp_takes_tag(uint8_t tag)
{
  static const uint8_t ok[] = {0x02, 0x03, 0x04, 0x05, 0x06, 0x40, 0x41,
                               0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x80,
                               0x81, 0x82};
  return memchr(ok, tag, sizeof(ok)) != NULL;
}

int cli_bad_value_tag(const uint8_t *data, size_t len)
{
  snmpx_ber_reader msg, top, pdu, list, vb;
  snmpx_ber_view v;
  uint8_t tag;
  int64_t version;
  snmpx_ber_reader_init(&msg, data, len);
  if (snmpx_ber_enter(&msg, 0x30, &top) != 0 ||
      snmpx_ber_read_int(&top, SNMPX_TYPE_INTEGER, &version) != 0 ||
      (version != 0 && version != 1) ||
      snmpx_ber_read_tlv(&top, &tag, &v) != 0 || tag != 0x04)
    return -1; /* SNMPv3's PDU may be encrypted: not looked into */
  size_t at = top.pos;
  if (snmpx_ber_read_tlv(&top, &tag, &v) != 0 || (tag & 0xe0) != 0xa0)
    return -1;
  top.pos = at;
  if (snmpx_ber_enter(&top, tag, &pdu) != 0)
    return -1;
  for (int i = 0; i < 3; i++) /* request-id, error-status, error-index */
    if (snmpx_ber_read_tlv(&pdu, &tag, &v) != 0)
      return -1;
  if (snmpx_ber_enter(&pdu, 0x30, &list) != 0)
    return -1;
  while (!snmpx_ber_reader_done(&list)) {
    if (snmpx_ber_enter(&list, 0x30, &vb) != 0 ||
        snmpx_ber_read_tlv(&vb, &tag, &v) != 0 ||
        snmpx_ber_read_tlv(&vb, &tag, &v) != 0)
      return -1;
    if (!netsnmp_takes_tag(tag))
      return tag;
  }
  return -1;
}

/* A datagram the engine dropped: Net-SNMP's parser reports the first value
 * of a type it does not know, once per datagram, and then waits on as
 * snmpx does (snmp_api.c, snmp_pdu_parse: "bad type returned (%x)"). */
static void report_dropped(void *ud, int reason, const uint8_t *data,
                           size_t len, const snmpx_addr *from)
{
  (void)ud;
  (void)reason;
  (void)from;
  int tag = cli_bad_value_tag(data, len);
  if (tag >= 0)
    fprintf(stderr, "bad type returned (%x)\n", (unsigned)tag);
}

static int open_session(cli *c)
{
  snmpx_target t;
  c->engine = snmpx_engine_new(NULL);
  c->io = c->engine ? snmpx_io_new(c->engine, NULL) : NULL;
  if (c->io == NULL) {
    fprintf(stderr, "%s: out of memory\n", c->app->name);
    return 1;
  }
  snmpx_engine_set_drop_cb(c->engine, report_dropped, c);
  int rv = cli_make_target(c, c->engine, NULL, &t);
  if (rv != 0)
    return rv;
  c->manager = snmpx_manager_new(c->engine, &t);
  if (c->manager == NULL) {
    fprintf(stderr, "%s: out of memory\n", c->app->name);
    return 1;
  }
  return 0;
}

int cli_init(cli *c, const cli_app *app, int argc, char **argv)
{
  memset(c, 0, sizeof(*c));
  c->app = app;
  c->version = SNMPX_VERSION_3; /* Net-SNMP 5.9's built-in default */
  c->level = SNMPX_SECLEVEL_NOAUTH;
  c->auth = SNMPX_USM_AUTH_MD5;   /* Net-SNMP's defaults */
  c->priv = SNMPX_USM_PRIV_DES;
  c->retries = 5;
  c->timeout_ms = 1000;
  fmt_opts_init(&c->fmt);
  int rv = parse_options(c, argc, argv);
  if (rv != 0)
    return rv == 0x100 ? 0 : rv;
  if (check_passphrases(c) != 0)
    return 1;
  /* Net-SNMP reads its MIBs once the options are known. */
  c->mib = process_mib(c->mibs_opt, c->mibdirs_opt);
  if (c->mib == NULL) {
    fprintf(stderr, "%s: out of memory\n", app->name);
    return 1;
  }
  /* With no module loaded the plain printer prints the same lines. */
  c->fmt.mib = snmpx_mibdb_module_count(c->mib) ? c->mib : NULL;
  if (optind >= argc) {
    fprintf(stderr, "No hostname specified.\n");
    cli_usage(app);
    return 1;
  }
  c->peername = argv[optind];
  c->args = argv + optind + 1;
  c->nargs = argc - optind - 1;
  /* A TLS/DTLS agent, or the TSM by default, needs no -u: Net-SNMP's
   * (D)TLS session names itself "__BOGUS__" (snmpTLSBaseDomain.c), and
   * its snmp_api.c asks for a securityName only outside the TSM. */
  if (c->def_model == 0 && !tls_conf_is_secure_spec(c->peername) &&
      c->version == SNMPX_VERSION_3 && c->sec_name == NULL &&
      tls_conf_read_snmp_conf(NULL, &c->def_model, "") != 0)
    return 1;
  bool tsm = c->def_model == SNMPX_SECMODEL_TSM ||
             tls_conf_is_secure_spec(c->peername);
  if (c->version == SNMPX_VERSION_3) {
    if (c->sec_name == NULL && !tsm) {
      fprintf(stderr, "%s: No securityName specified\n", app->name);
      return 1;
    }
    return -1;
  }
  if (c->community == NULL) {
    fprintf(stderr, "No community name specified.\n");
    cli_usage(app);
    return 1;
  }
  return -1; /* parsed: the caller checks operands, then cli_open */
}

int cli_open(cli *c)
{
  return open_session(c);
}

void cli_close(cli *c)
{
  snmpx_manager_free(c->manager);
  snmpx_io_free(c->io);
  snmpx_engine_free(c->engine);
  c->manager = NULL;
  c->io = NULL;
  c->engine = NULL;
  c->fmt.mib = NULL;
  c->mib = NULL; /* the process keeps it (process_mib) */
}

static void print_mib_diag(void *ud, const char *text)
{
  (void)ud;
  fprintf(stderr, "%s\n", text);
}

snmpx_mibdb *cli_load_mib(const char *mibs, const char *dirs)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  if (m == NULL)
    return NULL;
  snmpx_mibdb_set_diag(m, print_mib_diag, NULL);
  snmpx_mibdb_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mibs = mibs;
  cfg.mibdirs = dirs;
  if (snmpx_mibdb_load_netsnmp(m, &cfg) == SNMPX_ENOMEM) {
    snmpx_mibdb_free(m);
    return NULL;
  }
  return m;
}

int cli_parse_inopts(const char *letters, bool *random, bool *best)
{
  for (const char *p = letters; *p; p++) {
    if (*p == 'R')
      *random = !*random;
    else if (*p == 'b' && best != NULL)
      *best = true;
    else
      return (unsigned char)*p;
  }
  return 0;
}

void cli_bad_inopt(int letter)
{
  if (letter != 0 && strchr("bhrusS", letter) != NULL)
    fprintf(stderr, "snmpx: -I%c is not supported here.\n", letter);
  else
    fprintf(stderr, "Unknown input option passed to -I: %c.\n", letter);
}

int cli_parse_oid(cli *c, const char *text, snmpx_oid *out)
{
  char err[256];
  if (setval_parse_oid(out, text, err, sizeof(err)) == 0)
    return 0;
  if (c->mib != NULL) {
    /* Names: as snmp_parse_oid, a path from the top, then the label
     * anywhere; MODULE::name loads MODULE when needed. */
    char why[256];
    unsigned flags = SNMPX_MIBDB_AUTOLOAD | (c->random_access
                                             ? SNMPX_MIBDB_RANDOM
                                             : SNMPX_MIBDB_FALLBACK_RANDOM);
    int rv = snmpx_mibdb_parse_oid(c->mib, text, flags, out, why, sizeof(why));
    if (snmpx_mibdb_module_count(c->mib))
      c->fmt.mib = c->mib; /* MODULE::name may have loaded MODULE */
    if (rv == 0)
      return 0;
    if (why[0] != '\0')
      fprintf(stderr, "%s: Unknown Object Identifier (%s)\n", text, why);
    else
      fprintf(stderr, "%s: Unknown Object Identifier\n", text);
    return -1;
  }
  fprintf(stderr, "%s: %s\n", text, err);
  return -1;
}

int cli_split_words(char *line, char **words, int max)
{
  int n = 0;
  char *p = line;
  for (;;) {
    while (isspace((unsigned char)*p))
      p++;
    if (*p == '\0' || *p == '#')
      return n;
    if (n == max)
      return -1;
    /* The word is copied onto itself, without its quotes and backslashes:
     * |out| never passes |p|. */
    char *out = p;
    words[n++] = out;
    char quote = *p == '"' || *p == '\'' ? *p++ : '\0';
    while (*p != '\0' && (quote ? *p != quote : !isspace((unsigned char)*p))) {
      if (*p == '\\' && p[1] != '\0')
        p++;
      *out++ = *p++;
    }
    if (quote && *p == quote)
      p++; /* a word may follow the closing quote at once, as in Net-SNMP */
    else if (out == p && *p != '\0')
      p++; /* the terminator below overwrites this white space */
    *out = '\0';
  }
}

/* Net-SNMP refuses a pass phrase under 8 characters (USM_LENGTH_P_MIN)
 * and creates no user: RFC 3414 11.2 advises against short ones. */
static bool short_pass(char *why, size_t why_len, const char *name,
                       const char *which, const char *pass)
{
  if (strlen(pass) >= 8)
    return false;
  snprintf(why, why_len,
           "createUser %s: the %s pass phrase is shorter than 8 "
           "characters (the USM minimum)",
           name, which);
  return true;
}

int cli_conf_create_user(snmpx_engine *e, char *const *w, int n, char *why,
                         size_t why_len)
{
  uint8_t eid[SNMPX_USM_MAX_ENGINE_ID];
  int i = 1, eid_len;
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  /* Net-SNMP binds a user made without -e to the local engine ID (its
   * own): informs and requests to it, not traps from other engines. */
  u.local_engine_only = true;
  if (i < n && strcmp(w[i], "-e") == 0) {
    if (i + 1 >= n ||
        (eid_len = cli_parse_hex(w[i + 1], eid, sizeof(eid))) < 5) {
      snprintf(why, why_len,
               "createUser: -e takes an engine ID of 5 to 32 octets in hex");
      return -1;
    }
    u.engine_id = eid;
    u.engine_id_len = (size_t)eid_len;
    i += 2;
  }
  /* NAME, then at most AUTH PASS PRIV PASS. */
  if (i >= n || n - i > 5) {
    snprintf(why, why_len,
             "usage: createUser [-e ENGINEID] NAME [AUTH PASS [PRIV [PASS]]]");
    return -1;
  }
  const char *name = w[i++];
  u.name = (const uint8_t *)name;
  u.name_len = strlen(name);
  if (i < n) {
    if (snmpx_usm_auth_from_name(w[i], &u.auth) != 0 ||
        u.auth == SNMPX_USM_AUTH_NONE) {
      snprintf(why, why_len, "createUser: unknown authentication protocol '%s'",
               w[i]);
      return -1;
    }
    if (i + 1 >= n) {
      snprintf(why, why_len, "createUser: no pass phrase after %s", w[i]);
      return -1;
    }
    const char *pass = w[i + 1];
    if (short_pass(why, why_len, name, "authentication", pass))
      return -1;
    u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                       (const uint8_t *)pass, strlen(pass)};
    i += 2;
    if (i < n) {
      if (snmpx_usm_priv_from_name(w[i], &u.priv) != 0 ||
          u.priv == SNMPX_USM_PRIV_NONE) {
        snprintf(why, why_len, "createUser: unknown privacy protocol '%s'",
                 w[i]);
        return -1;
      }
      /* Net-SNMP: without its own pass phrase, privacy uses the
       * authentication one. */
      const char *ppass = i + 1 < n ? w[i + 1] : pass;
      if (short_pass(why, why_len, name, "privacy", ppass))
        return -1;
      u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                         (const uint8_t *)ppass, strlen(ppass)};
    }
  }
  int rv = snmpx_engine_add_user(e, &u);
  if (rv != 0) {
    snprintf(why, why_len, "createUser %s: %s", name, snmpx_strerror(rv));
    return -1;
  }
  return 0;
}

/* Net-SNMP's snmp_api error texts for the USM outcomes. */
static const char *usm_failure_text(int status)
{
  switch (status) {
  case SNMPX_EUSM_UNKNOWN_USER:
    return "Unknown user name";
  case SNMPX_EUSM_UNSUPPORTED_SECLEVEL:
    return "Unsupported security level";
  case SNMPX_EUSM_WRONG_DIGEST:
    return "Authentication failure (incorrect password, community or key)";
  case SNMPX_EUSM_DECRYPTION_ERROR:
    return "Decryption error";
  case SNMPX_EUSM_NOT_IN_TIME_WINDOW:
    return "Not in time window";
  case SNMPX_EUSM_UNKNOWN_ENGINE_ID:
    return "Unknown engine ID";
  case SNMPX_EREPORT:
    return "Unknown Report message";
  case SNMPX_EUSM_DISCOVERY_TIMEOUT:
    return "Timeout";
  default:
    return NULL;
  }
}

void cli_print_failure(cli *c, int status)
{
  /* A (D)TLS session that failed after the connection was made (the
   * server's certificate refused during the handshake) shows as a
   * timeout: first why, as Net-SNMP logs "No matching names in the
   * certificate..." before its "Timeout". */
  const char *why = c->io != NULL ? snmpx_io_tls_error(c->io) : "";
  if (status == SNMPX_ETIMEDOUT && why[0] != '\0')
    fprintf(stderr, "%s\n", why);
  if (status == SNMPX_EUSM_ANSWER_AUTH) {
    /* An answer signed with other keys than ours: Net-SNMP's USM logs
     * the failure, and the tool then reports the message it could not
     * parse. */
    fprintf(stderr, "Authentication failed for %s\n",
            c->sec_name != NULL ? c->sec_name : "");
    fprintf(stderr, "%s: Bad parse of ASN.1 type\n", c->app->name);
  } else if (status == SNMPX_ETIMEDOUT)
    fprintf(stderr, "Timeout: No Response from %s%s\n", c->peername,
            c->app->timeout_suffix);
  else if (status == SNMPX_EMSG_PDU_TYPE && c->version == SNMPX_VERSION_1)
    fprintf(stderr, "%s: Cannot send V2 PDU on V1 session\n", c->app->name);
  else if (usm_failure_text(status) != NULL)
    fprintf(stderr, "%s: %s\n", c->app->name, usm_failure_text(status));
  else
    fprintf(stderr, "%s: %s\n", c->app->name, snmpx_strerror(status));
}

void cli_print_packet_error(cli *c, const snmpx_pdu *resp)
{
  int st = resp->error_status;
  const char *reason = (st >= 0 && st < (int)(sizeof(errstat_text) /
                                              sizeof(errstat_text[0])))
                           ? errstat_text[st]
                           : "Unknown Error";
  fprintf(stderr, "%s\nReason: %s\n", c->app->error_heading, reason);
  if (resp->error_index > 0 && (size_t)resp->error_index <= resp->n_varbinds) {
    fprintf(stderr, "Failed object: ");
    fmt_print_oid(stderr, &c->fmt, resp->varbinds[resp->error_index - 1].name);
    fprintf(stderr, "\n\n");
  }
}
