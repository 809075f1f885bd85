/* snmpx trap / snmpx inform: Net-SNMP's snmptrap and snmpinform.
 *
 *   snmptrap -v1 [OPTIONS] AGENT enterprise-oid agent generic specific
 *            uptime [OID TYPE VALUE]...
 *   snmptrap -v2c|-v3 [OPTIONS] AGENT uptime trapoid [OID TYPE VALUE]...
 *
 * An empty enterprise is Net-SNMP's (.1.3.6.1.4.1.3.1.1), an empty agent
 * this host's first non-loopback IPv4 address, an empty uptime the
 * system's.  Traps go out once; informs (snmpinform, or -Ci) are retried
 * until acknowledged.  For SNMPv3 traps, -e names this (the sending,
 * authoritative) engine; for informs the receiver's. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/notify.h>

#include "cli.h"
#include "commands.h"
#include "setval.h"

/* Net-SNMP's default enterprise for snmptrap -v1 with '' (ucdavis.1.1). */
static const uint32_t default_enterprise[] = {1, 3, 6, 1, 4, 1, 3, 1, 1};

typedef struct trap_app {
  bool inform; /* -Ci, or invoked as snmpinform */
} trap_app;

static int trap_appopt(void *app, char letter, const char *rest)
{
  trap_app *t = app;
  (void)rest;
  if (letter == 'i') {
    t->inform = true;
    return 0;
  }
  fprintf(stderr, "Unknown flag passed to -C: %c\n", letter);
  return -1;
}

/* What the command line asked for, parsed. */
typedef struct trap_req {
  snmpx_pdu pdu;
  snmpx_oid enterprise;
  snmpx_oid trap_oid;
  size_t n; /* OID TYPE VALUE triples */
  snmpx_oid *oids;
  setval *vals;
  snmpx_varbind *vbs; /* n + 2 (room for sysUpTime.0, snmpTrapOID.0) */
} trap_req;

static void trap_req_clear(trap_req *q)
{
  if (q->vals != NULL)
    for (size_t i = 0; i < q->n; i++)
      setval_clear(&q->vals[i]);
  free(q->oids);
  free(q->vals);
  free(q->vbs);
}

/* Net-SNMP's get_uptime(): the system's uptime in hundredths. */
static uint64_t system_uptime(void)
{
  FILE *f = fopen("/proc/uptime", "r");
  double secs = 0;
  if (f != NULL) {
    if (fscanf(f, "%lf", &secs) != 1)
      secs = 0;
    fclose(f);
  }
  return (uint64_t)(secs * 100);
}

/* The uptime operand: '' is the system's; otherwise digits as strtoul
 * reads them.  TimeTicks keep 32 bits, with the reference's warning. */
static uint32_t parse_uptime(const char *text)
{
  uint64_t v = *text ? strtoull(text, NULL, 10) : system_uptime();
  if ((int64_t)v > (int64_t)UINT32_MAX || (int64_t)v < INT32_MIN)
    fprintf(stderr, "truncating integer value > 32 bits\n");
  return (uint32_t)v;
}

/* Net-SNMP's get_myaddr(): the first IPv4 address of an interface that is
 * up and not the loopback; 0.0.0.0 when there is none. */
static void local_ipv4(uint8_t out[4])
{
  struct ifaddrs *list, *i;
  memset(out, 0, 4);
  if (getifaddrs(&list) != 0)
    return;
  for (i = list; i != NULL; i = i->ifa_next) {
    if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
        !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
      continue;
    memcpy(out, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, 4);
    break;
  }
  freeifaddrs(list);
}

/* The agent-addr operand: '' is this host; else an IPv4 name or address.
 * @return 0 or -1 after the reference's message. */
static int parse_agent_addr(const char *text, uint8_t out[4])
{
  if (*text == '\0') {
    local_ipv4(out);
    return 0;
  }
  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(text, NULL, &hints, &res) != 0) {
    fprintf(stderr, "unknown host: %s\n", text);
    return -1;
  }
  memcpy(out, &((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr, 4);
  freeaddrinfo(res);
  return 0;
}

/* One TYPE VALUE pair.  snmptrap takes Counter32 ('c') and Counter64 ('C')
 * besides snmpset's letters.  @return 0 or -1 (message in |err|). */
static int parse_value(setval *sv, char type, const char *text, char *err,
                       size_t errlen)
{
  if (type == 'c' || type == 'C') {
    if (setval_parse(sv, type == 'c' ? 'u' : 'U', text, err, errlen) != 0)
      return -1;
    sv->value.type = type == 'c' ? SNMPX_TYPE_COUNTER32 : SNMPX_TYPE_COUNTER64;
    return 0;
  }
  if (type == '\0' || strchr("iu3taosxdbnIUFD", type) == NULL) {
    snprintf(err, errlen, "Bad variable type (\"%c\")", type);
    return -1;
  }
  return setval_parse(sv, type, text, err, errlen);
}

/* The OID TYPE VALUE triples from args[0..nargs).  @return 0 or -1 after
 * the reference's message. */
static int parse_varbinds(cli *c, char **args, int nargs, trap_req *q)
{
  q->n = (size_t)(nargs + 2) / 3;
  q->oids = calloc(q->n + 1, sizeof(*q->oids));
  q->vals = calloc(q->n + 1, sizeof(*q->vals));
  q->vbs = calloc(q->n + 2, sizeof(*q->vbs));
  if (q->oids == NULL || q->vals == NULL || q->vbs == NULL) {
    fprintf(stderr, "%s: out of memory\n", c->app->name);
    return -1;
  }
  for (size_t i = 0; i < q->n; i++) {
    char err[256];
    const char *name = args[3 * i];
    if (cli_parse_oid(c, name, &q->oids[i]) != 0)
      return -1;
    if (3 * i + 2 >= (size_t)nargs) {
      fprintf(stderr, "%s: Missing type/value for variable\n", name);
      return -1;
    }
    if (parse_value(&q->vals[i], args[3 * i + 1][0], args[3 * i + 2], err,
                    sizeof(err)) != 0) {
      fprintf(stderr, "%s: %s\n", name, err);
      return -1;
    }
    if (q->vals[i].warning != NULL)
      fprintf(stderr, "%s\n", q->vals[i].warning);
    q->vbs[i + 2].name = snmpx_oid_view(&q->oids[i]);
    q->vbs[i + 2].value = q->vals[i].value;
  }
  return 0;
}

/* -v1: enterprise-oid agent generic specific uptime [OID TYPE VALUE]...
 * @return 0 or an exit status. */
static int parse_v1(cli *c, trap_req *q)
{
  static const char *const missing[] = {
      "Missing enterprise-oid parameter", "Missing agent parameter",
      "Missing generic-trap parameter", "Missing specific-trap parameter",
      "Missing uptime parameter"};
  for (int i = 0; i < 5; i++) {
    if (c->nargs <= i) {
      fprintf(stderr, "%s\n", missing[i]);
      cli_usage(c->app);
      return 1;
    }
  }
  char **a = c->args;
  if (*a[0] == '\0') {
    snmpx_oid_set(&q->enterprise, SNMPX_OIDV(default_enterprise));
  } else if (cli_parse_oid(c, a[0], &q->enterprise) != 0) {
    cli_usage(c->app);
    return 1;
  }
  uint8_t addr[4];
  if (parse_agent_addr(a[1], addr) != 0)
    return 1;
  /* Net-SNMP reads the numbers with atol and sends what it gets, even
   * outside 0..6: so does this command (the library's builder checks). */
  int32_t generic = (int32_t)atol(a[2]);
  int32_t specific = (int32_t)atol(a[3]);
  uint32_t stamp = parse_uptime(a[4]);
  if (parse_varbinds(c, a + 5, c->nargs - 5, q) != 0)
    return 1;
  memset(&q->pdu, 0, sizeof(q->pdu));
  q->pdu.type = SNMPX_PDU_TRAP_V1;
  q->pdu.enterprise = snmpx_oid_view(&q->enterprise);
  memcpy(q->pdu.agent_addr, addr, 4);
  q->pdu.generic_trap = generic;
  q->pdu.specific_trap = specific;
  q->pdu.time_stamp = stamp;
  q->pdu.varbinds = q->vbs + 2;
  q->pdu.n_varbinds = q->n;
  return 0;
}

/* -v2c/-v3: uptime trapoid [OID TYPE VALUE]...  @return 0 or a status. */
static int parse_v2(cli *c, const trap_app *t, trap_req *q)
{
  if (c->nargs < 1) {
    fprintf(stderr, "Missing up-time parameter\n");
    cli_usage(c->app);
    return 1;
  }
  if (c->nargs < 2) {
    fprintf(stderr, "Missing trap-oid parameter\n");
    cli_usage(c->app);
    return 1;
  }
  uint32_t uptime = parse_uptime(c->args[0]);
  if (cli_parse_oid(c, c->args[1], &q->trap_oid) != 0 ||
      parse_varbinds(c, c->args + 2, c->nargs - 2, q) != 0)
    return 1;
  int rv = snmpx_notify_build_v2(
      &q->pdu, t->inform ? SNMPX_PDU_INFORM : SNMPX_PDU_TRAP_V2, uptime,
      snmpx_oid_view(&q->trap_oid), q->vbs + 2, q->n, q->vbs, q->n + 2);
  if (rv != 0) {
    fprintf(stderr, "%s: %s\n", c->app->name, snmpx_strerror(rv));
    return 1;
  }
  return 0;
}

/* A v3 trap's authoritative engine is this one: -e names it (Net-SNMP's
 * snmptrap does the same); without -e the engine makes a random ID. */
static int set_local_engine(cli *c)
{
  if (c->version != SNMPX_VERSION_3 || c->engine_id_len == 0)
    return 0;
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  local.engine_id = c->engine_id;
  local.engine_id_len = c->engine_id_len;
  local.boots = c->boots_time_set ? c->boots : 0;
  return snmpx_engine_set_local(c->engine, &local);
}

/* The engine and I/O of one send, in |c| (cli_close frees them). */
static int open_engine(cli *c)
{
  c->engine = snmpx_engine_new(NULL);
  c->io = c->engine ? snmpx_io_new(c->engine, NULL) : NULL;
  if (c->io == NULL) {
    fprintf(stderr, "%s: out of memory\n", c->app->name);
    return 1;
  }
  return 0;
}

static int send_trap(cli *c, trap_req *q)
{
  snmpx_target t;
  int rv = open_engine(c);
  if (rv != 0)
    return rv;
  /* For a trap, -e names the local engine, not the peer's. */
  size_t eid_len = c->engine_id_len;
  c->engine_id_len = 0;
  c->local_authoritative = true;
  rv = cli_make_target(c, c->engine, NULL, &t);
  c->engine_id_len = eid_len;
  if (rv != 0)
    return rv;
  int st = set_local_engine(c);
  if (st == 0)
    st = snmpx_notify_send_trap(c->engine, &t, &q->pdu);
  if (st != 0) {
    cli_print_failure(c, st);
    return 1;
  }
  return 0;
}

static int send_inform(cli *c, trap_req *q)
{
  snmpx_target t;
  int rv = open_engine(c);
  if (rv == 0)
    rv = cli_make_target(c, c->engine, NULL, &t);
  if (rv != 0)
    return rv;
  snmpx_result r;
  memset(&r, 0, sizeof(r));
  int64_t h =
      snmpx_notify_send_inform(c->engine, &t, &q->pdu, snmpx_result_cb, &r);
  snmpx_io_wait_handle(c->io, h, &r);
  if (r.status == SNMPX_ETIMEDOUT) {
    fprintf(stderr, "%s: Timeout\n", c->app->name);
    return 1;
  }
  if (r.status != 0) {
    cli_print_failure(c, r.status);
    return 1;
  }
  snmpx_pdu_free(r.resp, NULL);
  return 0;
}

static int run(int argc, char **argv, bool inform)
{
  trap_app t = {inform};
  cli_app app = {inform ? "snmpinform" : "snmptrap",
                 "AGENT TRAP-PARAMETERS",
                 "\t\t\t  i:  send an INFORM instead of a TRAP\n\n"
                 "  -v 1 TRAP-PARAMETERS:\n"
                 "\t enterprise-oid agent trap-type specific-type uptime "
                 "[OID TYPE VALUE]...\n"
                 "  or\n"
                 "  -v 2 TRAP-PARAMETERS:\n"
                 "\t uptime trapoid [OID TYPE VALUE] ...\n",
                 trap_appopt,
                 &t,
                 "Error in packet.",
                 "",
                 true}; /* values such as "i -42" stay operands */
  cli c;
  int rv = cli_init(&c, &app, argc, argv);
  if (rv >= 0)
    return rv;
  c.default_port = 162; /* SNMP-TRAP (RFC 3417 3) */
  if (t.inform && c.version == SNMPX_VERSION_1) {
    fprintf(stderr, "Cannot send INFORM as SNMPv1 PDU\n");
    return 1;
  }
  trap_req q;
  memset(&q, 0, sizeof(q));
  rv = c.version == SNMPX_VERSION_1 ? parse_v1(&c, &q) : parse_v2(&c, &t, &q);
  if (rv == 0)
    rv = t.inform ? send_inform(&c, &q) : send_trap(&c, &q);
  trap_req_clear(&q);
  cli_close(&c);
  return rv;
}

int cmd_trap(int argc, char **argv)
{
  return run(argc, argv, false);
}

int cmd_inform(int argc, char **argv)
{
  return run(argc, argv, true);
}
