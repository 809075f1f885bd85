/* snmpx set: Net-SNMP's snmpset. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "setval_mib.h"
#include "commands.h"
#include "setval.h"

/* The most assignments snmpset takes (Net-SNMP's SNMP_MAX_CMDLINE_OIDS). */
#define SET_MAX_CMDLINE_OIDS 128

typedef struct set_app {
  bool quiet; /* -Cq */
} set_app;

static int set_appopt(void *app, char letter, const char *rest)
{
  set_app *s = app;
  (void)rest;
  if (letter == 'q') {
    s->quiet = true;
    return 0;
  }
  fprintf(stderr, "Unknown flag passed to -C: %c\n", letter);
  return -1;
}

static bool is_type_letter(char t)
{
  return t != '\0' && strchr("=iu3taosxdbIUFD", t) != NULL;
}

/* Split the operands into OID TYPE VALUE triples, with snmpset's messages
 * for a short or malformed list.  @return 0 or -1. */
static int check_triples(cli *c)
{
  for (int i = 0; i < c->nargs; i += 3) {
    if (i + 1 >= c->nargs) {
      fprintf(stderr, "%s: Needs type and value\n", c->args[i]);
      return -1;
    }
    if (!is_type_letter(c->args[i + 1][0])) {
      fprintf(stderr, "%s: Bad object type: %c\n", c->args[i],
              c->args[i + 1][0]);
      return -1;
    }
    if (i + 2 >= c->nargs) {
      fprintf(stderr, "%s: Needs value\n", c->args[i]);
      return -1;
    }
  }
  return 0;
}

static int run_set(cli *c, const set_app *s, size_t n)
{
  snmpx_oid *oids = calloc(n, sizeof(*oids));
  setval *vals = calloc(n, sizeof(*vals));
  snmpx_varbind *vbs = calloc(n, sizeof(*vbs));
  int failures = 0, rv = 1;
  if (oids == NULL || vals == NULL || vbs == NULL)
    goto out;
  for (size_t i = 0; i < n; i++) {
    char err[256];
    const char *name = c->args[3 * i];
    if (cli_parse_oid(c, name, &oids[i]) != 0) {
      failures++;
      continue;
    }
    char type = c->args[3 * i + 1][0], tbuf[1600];
    const char *text = c->args[3 * i + 2];
    setval_mib_obj obj;
    if (c->mib != NULL)
      setval_mib_lookup(c->mib, snmpx_oid_view(&oids[i]), &obj);
    if (c->mib != NULL &&
        setval_mib_prepare(c->mib, &obj, &type, &text, tbuf, sizeof(tbuf), err,
                           sizeof(err)) != 0) {
      fprintf(stderr, "%s: %s\n", name, err);
      failures++;
      continue;
    }
    if (setval_parse(&vals[i], type, text, err, sizeof(err)) != 0) {
      fprintf(stderr, "%s: %s\n", name, err);
      failures++;
      continue;
    }
    if (c->mib != NULL && vals[i].value.type == SNMPX_TYPE_OCTET_STRING &&
        setval_mib_check_size(c->mib, &obj, type, vals[i].value.v.bytes.len,
                              err, sizeof(err)) != 0) {
      fprintf(stderr, "%s: %s\n", name, err);
      failures++;
      continue;
    }
    if (vals[i].warning != NULL)
      fprintf(stderr, "%s\n", vals[i].warning);
    vbs[i].name = snmpx_oid_view(&oids[i]);
    vbs[i].value = vals[i].value;
  }
  if (failures)
    goto out;
  snmpx_result r;
  int64_t h = snmpx_manager_set(c->manager, vbs, n, snmpx_result_cb, &r);
  snmpx_io_wait_handle(c->io, h, &r);
  if (r.status != 0) {
    cli_print_failure(c, r.status);
    goto out;
  }
  if (r.resp->error_status == SNMPX_ERRSTAT_NO_ERROR) {
    if (!s->quiet)
      for (size_t i = 0; i < r.resp->n_varbinds; i++)
        fmt_print_varbind(stdout, &c->fmt, &r.resp->varbinds[i]);
    rv = 0;
  } else {
    cli_print_packet_error(c, r.resp);
    rv = 2;
  }
  snmpx_pdu_free(r.resp, NULL);
out:
  if (vals != NULL)
    for (size_t i = 0; i < n; i++)
      setval_clear(&vals[i]);
  free(oids);
  free(vals);
  free(vbs);
  return rv;
}

int cmd_set(int argc, char **argv)
{
  set_app s = {false};
  cli_app app = {"snmpset", "AGENT OID TYPE VALUE [OID TYPE VALUE]...",
                 "\t\t\t  q:  don't print results on success\n", set_appopt,
                 &s, "Error in packet.", "", true};
  cli c;
  int rv = cli_init(&c, &app, argc, argv);
  if (rv >= 0)
    return rv;
  if (c.nargs < 1) {
    fprintf(stderr, "Missing object name\n");
    cli_usage(&app);
    return 1;
  }
  /* snmpset.c: at most SNMP_MAX_CMDLINE_OIDS assignments, counted in
   * operands. */
  if (c.nargs > 3 * SET_MAX_CMDLINE_OIDS) {
    fprintf(stderr, "Too many assignments specified. Only %d allowed in "
                    "one request.\n",
            SET_MAX_CMDLINE_OIDS);
    cli_usage(&app);
    return 1;
  }
  if (check_triples(&c) != 0)
    return 1;
  rv = cli_open(&c);
  if (rv == 0)
    rv = run_set(&c, &s, (size_t)c.nargs / 3);
  cli_close(&c);
  return rv;
}
