/* snmpx agent: the notification originator of snmpd (Net-SNMP's
 * agent_trap.c): the sinks of trapsink, trap2sink, informsink and
 * trapsess, and the notifications snmpd sends to them. */
#include <stdlib.h>
#include <string.h>

#include "agent_conf_int.h"
#include "agent_notify.h"
#include "cli.h"

#define MAX_SINKS 32
#define MAX_SESS_WORDS 32

typedef enum { SINK_V1, SINK_V2, SINK_INFORM } sink_kind;

typedef struct sink {
  sink_kind kind;
  char where[512]; /* the line, for messages at start */
  /* trapsink, trap2sink, informsink: HOST [COMMUNITY [PORT]] */
  char *host;
  char *community;
  char *port;
  /* trapsess: snmptrap's options and HOST, through cli */
  char *words[MAX_SESS_WORDS + 1];
  int n_words;
  bool inform_flag; /* -Ci */
  cli_app *app;     /* the parser keeps it for the session's life */
  cli cl;
  bool cl_open;
  bool ok;
  snmpx_target t;
} sink;

struct agent_notify {
  sink *sinks[MAX_SINKS];
  int n_sinks;
  char *trap_community; /* trapcommunity (default "public") */
  bool auth_traps;      /* snmpEnableAuthenTraps enabled(1) */
  bool auth_configured; /* authtrapenable given: not writable, as snmpd */
  bool auth_changed;    /* set by a SET since agent_notify_auth_changed */
  snmpx_engine *engine;
  snmpx_agent *agent;
  snmpx_oid sys_object_id;
  void (*log)(const char *);
  uint64_t seen_auth_fail;    /* snmpInBadCommunityNames seen */
  uint64_t seen_wrong_digest; /* usmStatsWrongDigests seen */
};

static agent_notify *get(agent_conf *c)
{
  if (c->notify == NULL)
    c->notify = calloc(1, sizeof(agent_notify));
  return c->notify;
}

static sink *new_sink(agent_conf *c, sink_kind kind)
{
  agent_notify *n = get(c);
  if (n == NULL || n->n_sinks == MAX_SINKS) {
    agent_conf_fail(c, n == NULL ? "out of memory"
                                 : "at most 32 notification sinks");
    return NULL;
  }
  sink *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    agent_conf_fail(c, "out of memory");
    return NULL;
  }
  s->kind = kind;
  snprintf(s->where, sizeof(s->where), "%s", c->where ? c->where : "config");
  n->sinks[n->n_sinks++] = s;
  return s;
}

static char *dup_or_null(const char *s)
{
  return s != NULL ? strdup(s) : NULL;
}

/* trapsink / trap2sink / informsink HOST [COMMUNITY [PORT]] */
static int do_sink(agent_conf *c, char **w, int n, sink_kind kind)
{
  if (n < 2 || n > 4)
    return agent_conf_fail(c, "usage: %s HOST [COMMUNITY [PORT]]", w[0]);
  if (n > 3) {
    agent_conf_warn(c, "the separate port argument for sinks is deprecated "
                       "(HOST:PORT), as snmpd says");
    char *end;
    long port = strtol(w[3], &end, 10);
    if (*end != '\0' || port < 1 || port > 65535)
      return agent_conf_fail(c, "%s: bad port '%s'", w[0], w[3]);
  }
  sink *s = new_sink(c, kind);
  if (s == NULL)
    return -1;
  s->host = strdup(w[1]);
  s->community = dup_or_null(n > 2 ? w[2] : NULL);
  s->port = dup_or_null(n > 3 ? w[3] : NULL);
  return s->host == NULL ? agent_conf_fail(c, "out of memory") : 0;
}

/* trapsess [SNMPCMD_ARGS] HOST: snmptrap's options (-v, -c, -u, -l, -a,
 * -A, -x, -X, -e, -Ci for informs); read by the tools' parser when the
 * agent starts. */
static int do_trapsess(agent_conf *c, char **w, int n)
{
  if (n < 2 || n - 1 > MAX_SESS_WORDS - 1)
    return agent_conf_fail(c, "usage: trapsess [-v 1|2c|3] [-Ci] [OPTIONS] "
                              "HOST");
  if (w[n - 1][0] == '-')
    return agent_conf_fail(c,
                           "trapsess: the last word must be the HOST, "
                           "not '%s'",
                           w[n - 1]);
  sink *s = new_sink(c, SINK_V2);
  if (s == NULL)
    return -1;
  s->words[0] = strdup("snmptrap");
  for (int i = 1; i < n; i++) {
    if (strcmp(w[i], "-Ci") == 0) {
      s->inform_flag = true;
      continue;
    }
    s->words[++s->n_words] = strdup(w[i]);
  }
  s->n_words++;
  for (int i = 0; i < s->n_words; i++)
    if (s->words[i] == NULL)
      return agent_conf_fail(c, "out of memory");
  return 0;
}

int agent_conf_notify(agent_conf *c, char **w, int n)
{
  const char *d = w[0];
  if (strcmp(d, "trapsink") == 0)
    return do_sink(c, w, n, SINK_V1) < 0 ? -1 : 1;
  if (strcmp(d, "trap2sink") == 0)
    return do_sink(c, w, n, SINK_V2) < 0 ? -1 : 1;
  if (strcmp(d, "informsink") == 0)
    return do_sink(c, w, n, SINK_INFORM) < 0 ? -1 : 1;
  if (strcmp(d, "trapsess") == 0)
    return do_trapsess(c, w, n) < 0 ? -1 : 1;
  if (strcmp(d, "trapcommunity") == 0) {
    agent_notify *a = get(c);
    if (n != 2 || a == NULL)
      return agent_conf_fail(c, "usage: trapcommunity COMMUNITY");
    free(a->trap_community);
    a->trap_community = strdup(w[1]);
    return 1;
  }
  if (strcmp(d, "authtrapenable") == 0) {
    agent_notify *a = get(c);
    /* snmpEnableAuthenTraps: enabled(1), disabled(2) (RFC 3418) */
    if (n != 2 || a == NULL ||
        (strcmp(w[1], "1") != 0 && strcmp(w[1], "2") != 0))
      return agent_conf_fail(c, "usage: authtrapenable 1|2 (1: send "
                                "authenticationFailure)");
    a->auth_traps = w[1][0] == '1';
    a->auth_configured = true;
    return 1;
  }
  return 0;
}

/* ---- Start ----------------------------------------------------------- */

static void logf_sink(agent_notify *n, const sink *s, const char *what)
{
  char msg[800];
  snprintf(msg, sizeof(msg), "%s: %s: not used", s->where, what);
  if (n->log != NULL)
    n->log(msg);
}

static int open_simple(agent_notify *n, sink *s)
{
  char spec[600];
  snprintf(spec, sizeof(spec), "%s%s%s", s->host, s->port ? ":" : "",
           s->port ? s->port : "");
  memset(&s->t, 0, sizeof(s->t));
  if (snmpx_addr_parse(&s->t.addr, spec, 162) != 0) {
    logf_sink(n, s, "cannot resolve the sink's address");
    return -1;
  }
  const char *comm = s->community        ? s->community
                     : n->trap_community ? n->trap_community
                                         : "public";
  s->t.version = s->kind == SINK_V1 ? SNMPX_VERSION_1 : SNMPX_VERSION_2C;
  s->t.community = (const uint8_t *)comm;
  s->t.community_len = strlen(comm);
  return 0;
}

static int appopt(void *app, char letter, const char *rest)
{
  (void)rest;
  if (letter == 'i') {
    ((sink *)app)->inform_flag = true;
    return 0;
  }
  return -1;
}

static int open_session(agent_notify *n, sink *s)
{
  static cli_app app = {"snmptrap",         "AGENT", NULL, appopt, NULL,
                        "Error in packet.", "",      true};
  cli_app *a = malloc(sizeof(*a));
  if (a == NULL)
    return -1;
  *a = app;
  a->app = s;
  s->app = a;
  bool quiet = cli_set_quiet_usage(true);
  int rv = cli_init(&s->cl, a, s->n_words, s->words);
  cli_set_quiet_usage(quiet);
  if (rv >= 0) {
    logf_sink(n, s, "trapsess: bad options");
    return -1;
  }
  s->cl_open = true;
  s->cl.default_port = 162;
  s->cl.local_authoritative = true; /* a trap's engine is ours */
  s->cl.engine_id_len = 0;
  if (cli_make_target(&s->cl, n->engine, "trapsess", &s->t) != 0) {
    logf_sink(n, s, "trapsess: cannot make the session");
    return -1;
  }
  if (s->inform_flag)
    s->kind = SINK_INFORM;
  else if (s->cl.version == SNMPX_VERSION_1)
    s->kind = SINK_V1;
  return 0;
}

int agent_notify_start(agent_notify *n, snmpx_engine *e, snmpx_agent *agent,
                       snmpx_oidv sys_object_id, void (*log)(const char *))
{
  if (n == NULL)
    return 0;
  n->engine = e;
  n->agent = agent;
  n->log = log;
  if (snmpx_oid_set(&n->sys_object_id, sys_object_id) != 0)
    n->sys_object_id.len = 0;
  for (int i = 0; i < n->n_sinks; i++) {
    sink *s = n->sinks[i];
    s->ok = (s->host != NULL ? open_simple(n, s) : open_session(n, s)) == 0;
  }
  snmpx_agent_stats st;
  snmpx_agent_get_stats(agent, &st);
  n->seen_auth_fail = st.in_bad_community_names;
  snmpx_engine_stats es;
  snmpx_engine_get_stats(e, &es);
  n->seen_wrong_digest = es.usm_wrong_digests;
  return 0;
}

/* ---- Sending --------------------------------------------------------- */

static const uint32_t trap_enterprise[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0};

/* An SNMPv1 Trap-PDU for |pdu| as snmpd sends it to a trapsink: RFC 3584
 * 3.2's enterprise, generic and specific trap, and the varbinds without
 * snmpTrapEnterprise.0 (Net-SNMP's convert_v2pdu_to_v1 drops it: its
 * value is the enterprise field already). */
static int send_v1(agent_notify *n, sink *s, const snmpx_pdu *pdu)
{
  snmpx_pdu v1;
  int rv = snmpx_pdu_trap_v2_to_v1(pdu, NULL, 0, &v1);
  if (rv < 0)
    return rv;
  snmpx_varbind kept[40];
  size_t k = 0;
  for (size_t i = 0; i < v1.n_varbinds && k < 40; i++)
    if (snmpx_oidv_compare(v1.varbinds[i].name, SNMPX_OIDV(trap_enterprise)) !=
        0)
      kept[k++] = v1.varbinds[i];
  v1.varbinds = kept;
  v1.n_varbinds = k;
  s->t.version = SNMPX_VERSION_1;
  return snmpx_notify_send_trap(n->engine, &s->t, &v1);
}

/* An inform's outcome: logged when no acknowledgement came (a callback,
 * not a detached request, whose result the engine would keep). */
static void inform_done(snmpx_engine *e, int64_t handle, int status,
                        const snmpx_msg *resp, void *user_data)
{
  agent_notify *n = user_data;
  (void)e;
  (void)handle;
  (void)resp;
  if (status < 0 && status != SNMPX_ECANCELED && n->log != NULL) {
    char msg[200];
    snprintf(msg, sizeof(msg), "inform not acknowledged: %s",
             snmpx_strerror(status));
    n->log(msg);
  }
}

static void send_one(agent_notify *n, sink *s, snmpx_pdu *pdu)
{
  int rv;
  if (s->kind == SINK_V1) {
    pdu->type = SNMPX_PDU_TRAP_V2;
    rv = send_v1(n, s, pdu);
  } else if (s->kind == SINK_INFORM) {
    pdu->type = SNMPX_PDU_INFORM;
    int64_t id =
        snmpx_notify_send_inform(n->engine, &s->t, pdu, inform_done, n);
    rv = id < 0 ? (int)id : 0;
  } else {
    pdu->type = SNMPX_PDU_TRAP_V2;
    rv = snmpx_notify_send_trap(n->engine, &s->t, pdu);
  }
  if (rv < 0 && n->log != NULL) {
    char msg[700];
    snprintf(msg, sizeof(msg), "%s: notification not sent: %s", s->where,
             snmpx_strerror(rv));
    n->log(msg);
  }
}

void agent_notify_send(agent_notify *n, snmpx_oidv trap_oid,
                       const snmpx_varbind *vbs, size_t nvb)
{
  if (n == NULL || n->engine == NULL)
    return;
  snmpx_varbind all[40];
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  if (snmpx_notify_build_v2(&pdu, SNMPX_PDU_TRAP_V2,
                            snmpx_agent_uptime(n->agent), trap_oid, vbs, nvb,
                            all, sizeof(all) / sizeof(all[0])) != 0)
    return;
  for (int i = 0; i < n->n_sinks; i++)
    if (n->sinks[i]->ok)
      send_one(n, n->sinks[i], &pdu);
}

/* A generic notification as snmpd sends it (agent_trap.c's
 * send_enterprise_trap_vars): snmpTrapEnterprise.0 = |enterprise| after
 * sysUpTime.0 and snmpTrapOID.0. */
static void send_generic(agent_notify *n, snmpx_oidv trap_oid,
                         snmpx_oidv enterprise)
{
  snmpx_varbind vb;
  vb.name = SNMPX_OIDV(trap_enterprise);
  vb.value = snmpx_value_oid(enterprise);
  agent_notify_send(n, trap_oid, &vb, 1);
}

static snmpx_oidv sys_oid(const agent_notify *n)
{
  static const uint32_t zero_dot_zero[] = {0, 0};
  return n->sys_object_id.len > 0 ? snmpx_oid_view(&n->sys_object_id)
                                  : SNMPX_OIDV(zero_dot_zero);
}

void agent_notify_cold_start(agent_notify *n)
{
  static const uint32_t cold_start[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1};
  if (n != NULL)
    send_generic(n, SNMPX_OIDV(cold_start), sys_oid(n));
}

void agent_notify_shutdown(agent_notify *n)
{
  /* NET-SNMP-AGENT-MIB nsNotifyShutdown, enterprise
   * netSnmpNotificationPrefix (.1.3.6.1.4.1.8072.4) */
  static const uint32_t shutdown[] = {1, 3, 6, 1, 4, 1, 8072, 4, 0, 2};
  static const uint32_t prefix[] = {1, 3, 6, 1, 4, 1, 8072, 4};
  if (n != NULL)
    send_generic(n, SNMPX_OIDV(shutdown), SNMPX_OIDV(prefix));
}

void agent_notify_restart(agent_notify *n)
{
  static const uint32_t restart[] = {1, 3, 6, 1, 4, 1, 8072, 4, 0, 3};
  static const uint32_t prefix[] = {1, 3, 6, 1, 4, 1, 8072, 4};
  if (n != NULL)
    send_generic(n, SNMPX_OIDV(restart), SNMPX_OIDV(prefix));
}

void agent_notify_poll_auth(agent_notify *n)
{
  static const uint32_t auth_fail[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 5};
  if (n == NULL || n->agent == NULL)
    return;
  snmpx_agent_stats st;
  snmpx_agent_get_stats(n->agent, &st);
  uint64_t now = st.in_bad_community_names;
  /* One notification per failed request, as snmpd sends them: for an
   * unknown community, and for an SNMPv3 message whose digest is wrong
   * (an unknown user name sends none, in snmpd neither). */
  for (; n->seen_auth_fail < now; n->seen_auth_fail++)
    if (n->auth_traps)
      send_generic(n, SNMPX_OIDV(auth_fail), sys_oid(n));
  snmpx_engine_stats es;
  snmpx_engine_get_stats(n->engine, &es);
  for (; n->seen_wrong_digest < es.usm_wrong_digests; n->seen_wrong_digest++)
    if (n->auth_traps)
      send_generic(n, SNMPX_OIDV(auth_fail), sys_oid(n));
}

/* ---- snmpEnableAuthenTraps (RFC 3418), writable --------------------- */

static const uint32_t enable_auth[] = {1, 3, 6, 1, 2, 1, 11, 30};
static const uint32_t enable_auth_0[] = {1, 3, 6, 1, 2, 1, 11, 30, 0};

static snmpx_errstat ea_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                            snmpx_value *out)
{
  agent_notify *n = ctx;
  (void)req;
  if (snmpx_oidv_compare(name, SNMPX_OIDV(enable_auth_0)) != 0)
    *out = snmpx_value_null(), out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  else
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, n->auth_traps ? 1 : 2);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ea_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                             snmpx_oid *name, snmpx_value *out)
{
  if (snmpx_oidv_compare(after, SNMPX_OIDV(enable_auth_0)) >= 0) {
    *out = snmpx_value_null();
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  snmpx_oid_set(name, SNMPX_OIDV(enable_auth_0));
  return ea_get(ctx, req, SNMPX_OIDV(enable_auth_0), out);
}

/* RFC 3418: INTEGER { enabled(1), disabled(2) }; snmpd refuses a SET
 * when authtrapenable is in its configuration (notWritable). */
static snmpx_errstat ea_test(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                             const snmpx_value *v, void **state)
{
  agent_notify *n = ctx;
  (void)req;
  (void)state;
  if (snmpx_oidv_compare(name, SNMPX_OIDV(enable_auth_0)) != 0)
    return SNMPX_ERRSTAT_NO_CREATION;
  if (n->auth_configured)
    return SNMPX_ERRSTAT_NOT_WRITABLE;
  if (v->type != SNMPX_TYPE_INTEGER)
    return SNMPX_ERRSTAT_WRONG_TYPE;
  if (v->v.i != 1 && v->v.i != 2)
    return SNMPX_ERRSTAT_WRONG_VALUE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ea_commit(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               const snmpx_value *v, void **state)
{
  agent_notify *n = ctx;
  (void)req;
  (void)name;
  *state = n->auth_traps ? (void *)enable_auth : NULL; /* the old value */
  n->auth_traps = v->v.i == 1;
  n->auth_changed = true;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ea_undo(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                             void **state)
{
  agent_notify *n = ctx;
  (void)req;
  (void)name;
  n->auth_traps = *state != NULL;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void ea_cleanup(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                       void **state, bool committed)
{
  (void)ctx;
  (void)req;
  (void)name;
  (void)state;
  (void)committed;
}

agent_notify *agent_notify_get(agent_conf *c)
{
  return get(c);
}

int agent_notify_register(agent_notify *n, snmpx_mib *m)
{
  static const snmpx_mib_ops ops = {ea_get,    ea_next, ea_test,
                                    ea_commit, ea_undo, ea_cleanup};
  if (n == NULL || m == NULL)
    return SNMPX_EINVAL;
  return snmpx_mib_register(m, SNMPX_OIDV(enable_auth), &ops, n);
}

void agent_notify_set_auth(agent_notify *n, bool enabled)
{
  if (n != NULL && !n->auth_configured)
    n->auth_traps = enabled;
}

bool agent_notify_auth_changed(agent_notify *n)
{
  bool was = n != NULL && n->auth_changed;
  if (n != NULL)
    n->auth_changed = false;
  return was;
}

bool agent_notify_auth_enabled(const agent_notify *n)
{
  return n != NULL && n->auth_traps;
}

void agent_notify_host_cb(void *ud, snmpx_oidv trap_oid,
                          const snmpx_varbind *vbs, size_t nvb)
{
  agent_notify **slot = ud;
  if (slot != NULL)
    agent_notify_send(*slot, trap_oid, vbs, nvb);
}

void agent_notify_free(agent_notify *n)
{
  if (n == NULL)
    return;
  for (int i = 0; i < n->n_sinks; i++) {
    sink *s = n->sinks[i];
    if (s->cl_open)
      cli_close(&s->cl);
    for (int k = 0; k <= MAX_SESS_WORDS; k++)
      free(s->words[k]);
    free(s->app);
    free(s->host);
    free(s->community);
    free(s->port);
    free(s);
  }
  free(n->trap_community);
  free(n);
}
