/* Shared plumbing of the snmpx subcommands (see cli.h). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "setval.h"

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
  "  -v 1|2c\t\tspecifies SNMP version to use\n"
  "  -V, --version\t\tdisplay package version number\n"
  "SNMP Version 1 or 2c specific\n"
  "  -c COMMUNITY\t\tset the community string\n"
  "General communication options\n"
  "  -r RETRIES\t\tset the number of retries\n"
  "  -t TIMEOUT\t\tset the request timeout (in seconds)\n"
  "General options\n"
  "  -O OUTOPTS\t\tToggle various defaults controlling output display:\n"
  "\t\t\t  a:  print all strings in ascii format\n"
  "\t\t\t  e:  print enums numerically\n"
  "\t\t\t  n:  print OIDs numerically\n"
  "\t\t\t  q:  quick print for easier parsing\n"
  "\t\t\t  Q:  quick print with equal-signs\n"
  "\t\t\t  t:  print timeticks unparsed as numeric integers\n"
  "\t\t\t  U:  don't print units\n"
  "\t\t\t  v:  print values only (not OID = value)\n"
  "\t\t\t  x:  print all strings in hex format\n";

void cli_usage(const cli_app *app)
{
  fprintf(stderr, "USAGE: %s [OPTIONS] %s\n\n%s", app->name, app->args_usage,
          common_help);
  if (app->appopts_help != NULL)
    fprintf(stderr,
            "  -C APPOPTS\t\tSet various application specific "
            "behaviours:\n%s",
            app->appopts_help);
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

/* Net-SNMP's tools take -t in seconds with a fraction ("0.5"). */
static int parse_timeout(const char *s, long *ms)
{
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end != '\0' || v <= 0 || v > 86400)
    return -1;
  *ms = (long)(v * 1000 + 0.5);
  if (*ms == 0)
    *ms = 1;
  return 0;
}

/* Returns 0 to go on, or an exit status. */
static int parse_options(cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};
  int ch;
  long num;
  /* glibc's getopt lets options follow operands, as Net-SNMP's tools do;
   * snmpset does not (a value such as -5 must stay an operand). */
  const char *optstring =
      c->app->no_permute ? "+hVv:c:r:t:O:C:m:M:" : "hVv:c:r:t:O:C:m:M:";
  optind = 1;
  while ((ch = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
    switch (ch) {
    case 'h':
      cli_usage(c->app);
      return 0x100; /* exit 0 */
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
      if (parse_number(optarg, &num) != 0 || num < 0) {
        fprintf(stderr, "Invalid number of retries after -r flag.\n");
        return 1;
      }
      c->retries = (int)num;
      break;
    case 't':
      if (parse_timeout(optarg, &c->timeout_ms) != 0) {
        fprintf(stderr, "Invalid timeout in seconds after -t flag.\n");
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
    case 'm':
    case 'M':
      /* MIB selection: accepted for compatibility; until the MIB layer
       * exists snmpx loads no modules, so there is nothing to select. */
      break;
    default:
      cli_usage(c->app);
      return 1;
    }
  }
  return 0;
}

static int open_session(cli *c)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  if (snmpx_addr_parse(&t.addr, c->peername, 161) != 0) {
    fprintf(stderr, "%s: Unknown host (%s)\n", c->app->name, c->peername);
    return 1;
  }
  t.version = c->version;
  t.community = (const uint8_t *)c->community;
  t.community_len = strlen(c->community);
  t.timeout_ms = (uint32_t)c->timeout_ms;
  t.retries = c->retries;
  c->engine = snmpx_engine_new(NULL);
  c->io = c->engine ? snmpx_io_new(c->engine, NULL) : NULL;
  c->manager = c->io ? snmpx_manager_new(c->engine, &t) : NULL;
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
  c->retries = 5;
  c->timeout_ms = 1000;
  fmt_opts_init(&c->fmt);
  int rv = parse_options(c, argc, argv);
  if (rv != 0)
    return rv == 0x100 ? 0 : rv;
  if (optind >= argc) {
    fprintf(stderr, "No hostname specified.\n");
    cli_usage(app);
    return 1;
  }
  c->peername = argv[optind];
  c->args = argv + optind + 1;
  c->nargs = argc - optind - 1;
  if (c->version == SNMPX_VERSION_3) {
    /* Net-SNMP's words when v3 (its default) has no user; snmpx takes no
     * -u until it speaks SNMPv3, so this is always the case. */
    fprintf(stderr, "%s: No securityName specified\n", app->name);
    return 1;
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
}

int cli_parse_oid(cli *c, const char *text, snmpx_oid *out)
{
  char err[256];
  (void)c;
  if (setval_parse_oid(out, text, err, sizeof(err)) == 0)
    return 0;
  fprintf(stderr, "%s: %s\n", text, err);
  return -1;
}

void cli_print_failure(cli *c, int status)
{
  if (status == SNMPX_ETIMEDOUT)
    fprintf(stderr, "Timeout: No Response from %s%s\n", c->peername,
            c->app->timeout_suffix);
  else if (status == SNMPX_EMSG_PDU_TYPE && c->version == SNMPX_VERSION_1)
    fprintf(stderr, "%s: Cannot send V2 PDU on V1 session\n", c->app->name);
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
    fprintf(stderr, "\n");
  }
  fprintf(stderr, "\n");
}
