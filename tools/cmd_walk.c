/* snmpx walk and bulkwalk: Net-SNMP's snmpwalk and snmpbulkwalk. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "snmprec_out.h"

typedef struct walk_app {
  bool bulk;
  bool print_count;       /* -Cp */
  bool include_requested; /* -Ci */
  bool no_get_requested;  /* -CI */
  bool no_check;          /* -Cc */
  long non_repeaters;     /* bulkwalk -Cn */
  long max_repetitions;   /* bulkwalk -Cr */
  bool snmprec;           /* --output snmprec */
} walk_app;

typedef struct walk_state {
  cli *c;
  walk_app *w;
  snmpx_oidv root;
  unsigned printed;
  bool finished;
  int exitval;
  bool got_response; /* Net-SNMP's "status == STAT_SUCCESS" at the end */
} walk_state;

static int take_number(const char *rest, long *out)
{
  char *end;
  long v = strtol(rest, &end, 10);
  if (end == rest) {
    fprintf(stderr, "No number given after -C flag\n");
    return -1;
  }
  *out = v;
  return (int)(end - rest);
}

static int walk_appopt(void *app, char letter, const char *rest)
{
  walk_app *w = app;
  switch (letter) {
  case 'p':
    w->print_count = true;
    return 0;
  case 'i':
    w->include_requested = true;
    return 0;
  case 'I':
    if (w->bulk)
      break;
    w->no_get_requested = true;
    return 0;
  case 'c':
    w->no_check = true;
    return 0;
  case 'n':
    if (!w->bulk)
      break;
    return take_number(rest, &w->non_repeaters);
  case 'r':
    if (!w->bulk)
      break;
    return take_number(rest, &w->max_repetitions);
  default:
    break;
  }
  fprintf(stderr, "Unknown flag passed to -C: %c\n", letter);
  return -1;
}

/* One varbind, as Net-SNMP prints it or as a .snmprec line. */
static void print_varbind(walk_state *s, const snmpx_varbind *vb)
{
  if (s->w->snmprec)
    snmprec_print_varbind(stdout, vb);
  else
    fmt_print_varbind(stdout, &s->c->fmt, vb);
}

/* snmp_get_and_print: a GET of |oid| whose varbinds are printed when the
 * agent answers without error; nothing is printed otherwise. */
static void get_and_print(walk_state *s, snmpx_oidv oid)
{
  snmpx_result r;
  int64_t h = snmpx_manager_get(s->c->manager, &oid, 1, snmpx_result_cb, &r);
  snmpx_io_wait_handle(s->c->io, h, &r);
  if (r.status != 0)
    return;
  if (r.resp->error_status == SNMPX_ERRSTAT_NO_ERROR)
    for (size_t i = 0; i < r.resp->n_varbinds; i++)
      print_varbind(s, &r.resp->varbinds[i]);
  snmpx_pdu_free(r.resp, NULL);
}

static bool on_varbind(void *ud, const snmpx_varbind *vb)
{
  walk_state *s = ud;
  s->got_response = true;
  s->printed++;
  print_varbind(s, vb);
  return true;
}

/* The rest of the response that ended the walk, by snmpwalk's own loop:
 * varbinds outside the subtree are skipped, the others printed (exceptions
 * too: endOfMibView echoes a name inside it), and each non-exception one is
 * checked to increase (over |last|, the OID it must exceed).  snmpbulkwalk thus
 * prints every endOfMibView of its last response; for snmpwalk there is only
 * the one varbind. */
static void print_rest(walk_state *s, const snmpx_pdu *resp, size_t from,
                       const snmpx_oid *last)
{
  snmpx_oid prev = *last;
  for (size_t i = from; i < resp->n_varbinds; i++) {
    const snmpx_varbind *vb = &resp->varbinds[i];
    if (!snmpx_oidv_has_prefix(vb->name, s->root))
      continue;
    s->printed++;
    print_varbind(s, vb);
    if (snmpx_value_is_exception(&vb->value))
      continue;
    if (!s->w->no_check &&
        snmpx_oidv_compare(snmpx_oid_view(&prev), vb->name) >= 0) {
      fflush(stdout);
      fprintf(stderr, "Error: OID not increasing: ");
      fmt_print_oid(stderr, &s->c->fmt, snmpx_oid_view(&prev));
      fprintf(stderr, "\n >= ");
      fmt_print_oid(stderr, &s->c->fmt, vb->name);
      fprintf(stderr, "\n\n");
      s->exitval = 1;
    }
    /* snmpwalk moves on to each OID; snmpbulkwalk keeps comparing with
     * the OID it asked for until the response is done. */
    if (!s->w->bulk)
      snmpx_oid_set(&prev, vb->name);
  }
}

static void on_done(void *ud, int status, const snmpx_pdu *resp,
                    size_t vb_index, const snmpx_oid *last)
{
  walk_state *s = ud;
  s->finished = true;
  if (resp != NULL)
    s->got_response = true;
  switch (status) {
  case 0:
  case SNMPX_EWALK_NOT_INCREASING:
    if (resp == NULL)
      break;
    if (resp->error_status == SNMPX_ERRSTAT_NO_SUCH_NAME) {
      if (!s->w->snmprec)
        printf("End of MIB\n"); /* SNMPv1's end of the MIB */
    } else
      print_rest(s, resp, vb_index, last);
    break;
  case SNMPX_EAGENT_ERROR:
    cli_print_packet_error(s->c, resp);
    s->exitval = 2;
    break;
  default:
    s->got_response = false;
    cli_print_failure(s->c, status);
    s->exitval = 1;
    break;
  }
}

static int run_walk(cli *c, walk_app *w, snmpx_oidv root)
{
  walk_state s = {c, w, root, 0, false, 0, true};
  /* snmp_api.c refuses a negative max-repetitions before sending (and an
   * SNMPv1 session first, as the library does here); above 2^31-1 it
   * would not fit the PDU's field (RFC 3416 3: 0..max-bindings). */
  if (w->bulk && c->version != SNMPX_VERSION_1 &&
      (w->max_repetitions < 0 || w->max_repetitions > INT32_MAX)) {
    fprintf(stderr, "%s: Bad value for max-repetitions\n", c->app->name);
    return 1;
  }
  if (w->include_requested)
    get_and_print(&s, root);
  snmpx_walk_opts opts = {w->bulk, (int32_t)w->max_repetitions, w->no_check,
                          w->bulk, false};
  int rv = snmpx_manager_walk(c->manager, root, &opts, on_varbind, on_done, &s);
  if (rv != 0) {
    cli_print_failure(c, rv);
    return 1;
  }
  while (!s.finished)
    if (snmpx_io_run_once(c->io, -1) != 0)
      return 1;
  /* Nothing under the root: it may name a single instance, so ask for it. */
  if (s.printed == 0 && s.got_response && !w->no_get_requested)
    get_and_print(&s, root);
  /* A .snmprec file holds records only (snmpx agent -D refuses anything
   * else): there the count goes to stderr. */
  if (w->print_count)
    fprintf(w->snmprec ? stderr : stdout, "Variables found: %u\n", s.printed);
  return s.exitval;
}

static int walk_main(int argc, char **argv, const cli_app *app, walk_app *w)
{
  static const uint32_t mib2[] = {1, 3, 6, 1, 2, 1};
  cli c;
  int out = snmprec_take_option(&argc, argv, app->name);
  if (out < 0)
    return 1;
  w->snmprec = out == 1;
  int rv = cli_init(&c, app, argc, argv);
  if (rv >= 0)
    return rv;
  snmpx_oid root;
  snmpx_oid_set(&root, SNMPX_OIDV(mib2));
  if (c.nargs > 1) {
    fprintf(stderr, "%s: extra argument: %s\n", app->name, c.args[1]);
    cli_usage(app);
    return 1;
  }
  if (c.nargs == 1 && cli_parse_oid(&c, c.args[0], &root) != 0)
    return 1;
  if (w->bulk && c.version == SNMPX_VERSION_1) {
    fprintf(stderr, "%s: Cannot send V2 PDU on V1 session\n", app->name);
    return 1;
  }
  if (w->bulk && w->non_repeaters != 0) {
    fprintf(stderr, "%s: -Cn is not supported in a walk; use bulkget\n",
            app->name);
    return 1;
  }
  rv = cli_open(&c);
  if (rv == 0)
    rv = run_walk(&c, w, snmpx_oid_view(&root));
  cli_close(&c);
  return rv;
}

int cmd_walk(int argc, char **argv)
{
  walk_app w = {false, false, false, false, false, 0, 10, false};
  cli_app app = {
      "snmpwalk",
      "AGENT [OID]",
      "\t\t\t  p:  print the number of variables found\n"
      "\t\t\t  i:  include given OID in the search range\n"
      "\t\t\t  I:  don't include the given OID, even if no results are "
      "returned\n"
      "\t\t\t  c:  do not check returned OIDs are increasing\n"
      "  --output snmprec\tprint .snmprec lines (OID|TAG|VALUE) for "
      "snmpx agent -D\n"
      "\t\t\t(-Cp's count then goes to stderr)\n",
      walk_appopt,
      &w,
      "Error in packet.",
      "",
      false};
  return walk_main(argc, argv, &app, &w);
}

int cmd_bulkwalk(int argc, char **argv)
{
  walk_app w = {true, false, false, false, false, 0, 10, false};
  cli_app app = {"snmpbulkwalk",
                 "AGENT [OID]",
                 "\t\t\t  c:       do not check returned OIDs are increasing\n"
                 "\t\t\t  i:       include given OIDs in the search range\n"
                 "\t\t\t  p:       print the number of variables found\n"
                 "\t\t\t  r<NUM>:  set max-repeaters to <NUM>\n"
                 "  --output snmprec\tprint .snmprec lines (OID|TAG|VALUE) for "
                 "snmpx agent -D\n"
                 "\t\t\t(-Cp's count then goes to stderr)\n",
                 walk_appopt,
                 &w,
                 "Error in packet.",
                 "",
                 false};
  return walk_main(argc, argv, &app, &w);
}
