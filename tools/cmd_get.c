/* snmpx get, getnext and bulkget: Net-SNMP's snmpget, snmpgetnext and
 * snmpbulkget. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

/* The most OIDs snmpget and snmpgetnext take (Net-SNMP's
 * SNMP_MAX_CMDLINE_OIDS). */
#define GET_MAX_CMDLINE_OIDS 128

typedef struct get_app {
  snmpx_pdu_type type;
  bool fix;              /* retry without the failed varbind (not -Cf) */
  long non_repeaters;    /* bulkget -Cn */
  long max_repetitions;  /* bulkget -Cr */
} get_app;

/* -C<NUM> style numbers as snmpbulkget reads them: digits right after the
 * letter. */
static int take_number(const char *rest, long *out, char letter)
{
  char *end;
  long v = strtol(rest, &end, 10);
  if (end == rest) {
    fprintf(stderr, "No %s given after -C%c\n",
            letter == 'n' ? "non-repeaters" : "max-repeaters", letter);
    return -1;
  }
  *out = v;
  return (int)(end - rest);
}

static int get_appopt(void *app, char letter, const char *rest)
{
  get_app *g = app;
  if (g->type == SNMPX_PDU_GETBULK) {
    if (letter == 'n')
      return take_number(rest, &g->non_repeaters, letter);
    if (letter == 'r')
      return take_number(rest, &g->max_repetitions, letter);
  } else if (letter == 'f') {
    g->fix = false;
    return 0;
  }
  fprintf(stderr, "Unknown flag passed to -C: %c\n", letter);
  return -1;
}

/* snmp_fix_pdu: drop the varbind the agent blamed, so the rest can be asked
 * again (SNMPv1 answers a GET with one bad name by failing them all). */
static size_t drop_failed(snmpx_oid *oids, size_t n, int32_t error_index)
{
  if (error_index <= 0 || (size_t)error_index > n)
    return 0;
  memmove(&oids[error_index - 1], &oids[error_index],
          (n - (size_t)error_index) * sizeof(oids[0]));
  return n - 1;
}

static int64_t submit(cli *c, const get_app *g, const snmpx_oid *oids,
                      size_t n, snmpx_result *r)
{
  /* One view per operand: heap, not stack, however many were given. */
  snmpx_oidv *views = malloc(n * sizeof(*views));
  if (views == NULL)
    return SNMPX_ENOMEM;
  for (size_t i = 0; i < n; i++)
    views[i] = snmpx_oid_view(&oids[i]);
  int64_t h;
  if (g->type == SNMPX_PDU_GETBULK)
    h = snmpx_manager_getbulk(c->manager, (int32_t)g->non_repeaters,
                              (int32_t)g->max_repetitions, views, n,
                              snmpx_result_cb, r);
  else if (g->type == SNMPX_PDU_GETNEXT)
    h = snmpx_manager_getnext(c->manager, views, n, snmpx_result_cb, r);
  else
    h = snmpx_manager_get(c->manager, views, n, snmpx_result_cb, r);
  free(views);
  return h;
}

/* snmp_api.c's checks of a GETBULK before it is sent (after the SNMPv1
 * one, which the library makes): negative values are refused, and so here
 * are values the PDU's fields cannot hold (RFC 3416 3: 0..max-bindings).
 * @return 0, or -1 after Net-SNMP's message. */
static int check_bulk_fields(const cli *c, const get_app *g)
{
  if (g->type != SNMPX_PDU_GETBULK || c->version == SNMPX_VERSION_1)
    return 0;
  const char *why = NULL;
  if (g->max_repetitions < 0 || g->max_repetitions > INT32_MAX)
    why = "Bad value for max-repetitions";
  else if (g->non_repeaters < 0 || g->non_repeaters > INT32_MAX)
    why = "Bad value for non-repeaters";
  if (why == NULL)
    return 0;
  fprintf(stderr, "%s: %s\n", c->app->name, why);
  return -1;
}

static int run_requests(cli *c, const get_app *g, snmpx_oid *oids, size_t n)
{
  int exitval = 0;
  if (check_bulk_fields(c, g) != 0)
    return 1;
  while (n > 0) {
    snmpx_result r;
    snmpx_io_wait_handle(c->io, submit(c, g, oids, n, &r), &r);
    if (r.status != 0) {
      cli_print_failure(c, r.status);
      return 1;
    }
    if (r.resp->error_status == SNMPX_ERRSTAT_NO_ERROR) {
      for (size_t i = 0; i < r.resp->n_varbinds; i++)
        fmt_print_varbind(stdout, &c->fmt, &r.resp->varbinds[i]);
      snmpx_pdu_free(r.resp, NULL);
      break;
    }
    cli_print_packet_error(c, r.resp);
    exitval = 2;
    n = g->fix && g->type != SNMPX_PDU_GETBULK
            ? drop_failed(oids, n, r.resp->error_index)
            : 0;
    snmpx_pdu_free(r.resp, NULL);
  }
  return exitval;
}

static int run_get(int argc, char **argv, const cli_app *app, get_app *g)
{
  cli c;
  int rv = cli_init(&c, app, argc, argv);
  if (rv >= 0)
    return rv;
  if (c.nargs < 1) {
    fprintf(stderr, "Missing object name\n");
    cli_usage(app);
    return 1;
  }
  /* snmpget.c and snmpgetnext.c: SNMP_MAX_CMDLINE_OIDS (snmpbulkget has
   * no limit). */
  if (g->type != SNMPX_PDU_GETBULK && c.nargs > GET_MAX_CMDLINE_OIDS) {
    fprintf(stderr, "Too many object identifiers specified. Only %d "
                    "allowed in one request.\n",
            GET_MAX_CMDLINE_OIDS);
    cli_usage(app);
    cli_close(&c);
    return 1;
  }
  snmpx_oid *oids = calloc((size_t)c.nargs, sizeof(*oids));
  if (oids == NULL)
    return 1;
  int failures = 0;
  for (int i = 0; i < c.nargs; i++)
    if (cli_parse_oid(&c, c.args[i], &oids[i]) != 0)
      failures++;
  if (failures == 0 && (rv = cli_open(&c)) == 0)
    rv = run_requests(&c, g, oids, (size_t)c.nargs);
  else if (failures)
    rv = 1;
  cli_close(&c);
  free(oids);
  return rv;
}

static const char fix_help[] =
    "\t\t\t  f:  do not fix errors and retry the request\n";

/* Fill in what every get-style tool shares and run it. */
static int get_main(int argc, char **argv, cli_app app, get_app g)
{
  app.args_usage = "AGENT OID [OID]...";
  app.appopt = get_appopt;
  app.app = &g;
  return run_get(argc, argv, &app, &g);
}

int cmd_get(int argc, char **argv)
{
  cli_app app = {"snmpget", NULL, fix_help, NULL, NULL, "Error in packet",
                 ".", false};
  return get_main(argc, argv, app, (get_app){SNMPX_PDU_GET, true, 0, 0});
}

int cmd_getnext(int argc, char **argv)
{
  cli_app app = {"snmpgetnext", NULL, fix_help, NULL, NULL,
                 "Error in packet.", ".", false};
  return get_main(argc, argv, app, (get_app){SNMPX_PDU_GETNEXT, true, 0, 0});
}

int cmd_bulkget(int argc, char **argv)
{
  cli_app app = {"snmpbulkget", NULL,
                 "\t\t\t  n<NUM>:  set non-repeaters to <NUM>\n"
                 "\t\t\t  r<NUM>:  set max-repeaters to <NUM>\n",
                 NULL, NULL, "Error in packet.", "", false};
  return get_main(argc, argv, app,
                  (get_app){SNMPX_PDU_GETBULK, false, 0, 10});
}
