/* Fuzz target: arbitrary datagrams into an engine whose command responder
 * is an snmpx_agent with communities, USM users (SHA/AES with the keys of
 * fuzz_v3_keys.h, so seeds made with them pass the USM checks), VACM views
 * with an excluded subtree, writable values, a table and the standard
 * objects.  Every answer is decoded again (v1/v2c) to check it is well
 * formed.  Built with -DFUZZ_AGENT_VERBOSE, it prints each answer and what
 * was deferred, to check that new seeds are answered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "fuzz_engine_util.h"
#include "fuzz_v3_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Answers must decode: a v1/v2c answer through snmpx_msg_decode. */
static void check_answer(void *ud, const uint8_t *d, size_t len,
                         const snmpx_addr *to)
{
  (void)to;
  static snmpx_varbind vbs[2048];
  static uint32_t arcs[65536];
  snmpx_decode_space sp = {vbs, 2048, arcs, 65536};
  snmpx_msg m;
  int v = snmpx_msg_peek_version(d, len);
  if (v == 0 || v == 1) {
    if (snmpx_msg_decode(d, len, &m, &sp) != 0)
      abort();
  }
  *(size_t *)ud += len;
#ifdef FUZZ_AGENT_VERBOSE /* to check that every seed gets an answer */
  fprintf(stderr, "answer: version %d, %zu bytes\n", v, len);
#endif
}

static void add_user(snmpx_engine *e, const char *name, bool priv)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)name;
  u.name_len = strlen(name);
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED, auth_key,
                                     sizeof(auth_key)};
  if (priv) {
    u.priv = SNMPX_USM_PRIV_AES128;
    u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED, priv_key,
                                       sizeof(priv_key)};
  }
  snmpx_engine_add_user(e, &u);
}

static void add_view(snmpx_vacm *v, const char *view, const char *oid, bool inc)
{
  snmpx_oid o;
  snmpx_oid_parse(&o, oid);
  snmpx_vacm_add_view(v, view, snmpx_oid_view(&o), NULL, 0, inc);
}

static void grant(snmpx_vacm *v, const char *name, int model,
                  snmpx_seclevel level, const char *group, const char *rd,
                  const char *wr)
{
  snmpx_vacm_add_group(v, model, (const uint8_t *)name, strlen(name), group);
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = group;
  a.security_model = model;
  a.level = level;
  a.read_view = rd;
  a.write_view = wr;
  snmpx_vacm_add_access(v, &a);
}

static void add_community(snmpx_vacm *v, const char *community,
                          const char *name)
{
  snmpx_vacm_community c;
  memset(&c, 0, sizeof(c));
  c.community = (const uint8_t *)community;
  c.community_len = strlen(community);
  c.security_name = (const uint8_t *)name;
  c.security_name_len = strlen(name);
  snmpx_vacm_add_community(v, &c);
}

static void setup_vacm(snmpx_vacm *v)
{
  add_view(v, "all", "1", true);
  add_view(v, "some", "1.3.6.1.2.1.1", true);
  add_view(v, "some", "1.3.6.1.2.1.1.5", false);
  add_community(v, "public", "ro");
  add_community(v, "private", "rw");
  add_community(v, "some", "some");
  for (int m = SNMPX_SECMODEL_V1; m <= SNMPX_SECMODEL_V2C; m++) {
    grant(v, "ro", m, SNMPX_SECLEVEL_NOAUTH, "g_ro", "all", NULL);
    grant(v, "rw", m, SNMPX_SECLEVEL_NOAUTH, "g_rw", "all", "all");
    grant(v, "some", m, SNMPX_SECLEVEL_NOAUTH, "g_some", "some", "some");
  }
  grant(v, "fuzz", SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_AUTHNOPRIV, "g_rw", "all",
        "all");
  grant(v, "auth", SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_AUTHNOPRIV, "g_some",
        "some", "some");
}

static snmpx_errstat row_get(void *ctx, snmpx_mib_req *req,
                             const snmpx_table_row *row, uint32_t column,
                             snmpx_value *out)
{
  (void)ctx;
  (void)req;
  if (column == 2)
    *out = row->index[0];
  else
    *out = snmpx_value_uint(SNMPX_TYPE_COUNTER64, *(uint64_t *)row->row);
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* A subtree whose handler answers later (snmpx_mib_req_defer): the ids
 * and names asked, completed after the datagram was handled. */
typedef struct later_q {
  uint64_t id[32];
  snmpx_oid name[32];
  bool next[32];
  int n;
} later_q;

static later_q later;
static const uint32_t later_prefix[] = {1, 3, 6, 1, 4, 1, 9999, 3};

static bool later_keep(snmpx_mib_req *req, snmpx_oidv name, bool next)
{
  if (later.n == 32)
    return false;
  uint64_t id = snmpx_mib_req_defer(req, 1000);
  if (id == 0)
    return false;
  later.id[later.n] = id;
  later.next[later.n] = next;
  snmpx_oid_set(&later.name[later.n], name);
  later.n++;
  return true;
}

static snmpx_errstat later_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               snmpx_value *out)
{
  (void)ctx;
  if (!later_keep(req, name, false))
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat later_next(void *ctx, snmpx_mib_req *req,
                                snmpx_oidv after, snmpx_oid *name,
                                snmpx_value *out)
{
  (void)ctx;
  (void)name;
  if (!later_keep(req, after, true))
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat later_test(void *ctx, snmpx_mib_req *req,
                                snmpx_oidv name, const snmpx_value *v,
                                void **state)
{
  (void)ctx;
  (void)v;
  (void)state;
  later_keep(req, name, false);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat later_commit(void *ctx, snmpx_mib_req *req,
                                  snmpx_oidv name, const snmpx_value *v,
                                  void **state)
{
  (void)ctx;
  (void)v;
  (void)state;
  later_keep(req, name, false);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops later_ops = {later_get,    later_next, later_test,
                                        later_commit, NULL,       NULL};

/* Answer what was deferred, a few rounds (answers may ask again): values,
 * ends of the subtree and errors in turn.  The turn is counted across
 * rounds, not by position within one: a walk defers one request per
 * round, and counting from 0 each round would never end it. */
static void complete_later(snmpx_agent *a)
{
  int k = 0;
  for (int round = 0; round < 8 && later.n > 0; round++) {
    later_q q = later;
    later.n = 0;
    for (int i = 0; i < q.n; i++, k++) {
      snmpx_oid name;
      snmpx_oid_set(&name, SNMPX_OIDV(later_prefix));
      if (q.next[i] && snmpx_oidv_compare(snmpx_oid_view(&q.name[i]),
                                          SNMPX_OIDV(later_prefix)) > 0)
        name = q.name[i];
      snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, k);
      bool end = snmpx_oid_append(&name, 1) != 0 || k % 3 == 1;
      if (end)
        v.type = q.next[i] ? SNMPX_TYPE_ENDOFMIBVIEW
                           : SNMPX_TYPE_NOSUCHINSTANCE;
      snmpx_agent_complete(a, q.id[i],
                           k % 5 == 4 ? SNMPX_ERRSTAT_GEN_ERR
                                      : SNMPX_ERRSTAT_NO_ERROR,
                           snmpx_oid_view(&name), &v);
    }
  }
#ifdef FUZZ_AGENT_VERBOSE
  fprintf(stderr, "completed %d deferred, %d still deferred\n", k, later.n);
#endif
}

static void setup_mib(snmpx_agent *a)
{
  static const uint64_t counts[] = {1, 1ULL << 40, 3};
  static const snmpx_index_spec spec[] = {{SNMPX_INDEX_STRING_IMPLIED, 0}};
  static const uint8_t cols[] = {SNMPX_COLUMN_NONE, SNMPX_COLUMN_READ,
                                 SNMPX_COLUMN_READ};
  static const uint32_t entry[] = {1, 3, 6, 1, 4, 1, 9999, 2, 1};
  snmpx_mib *m = snmpx_agent_context(a, NULL, 0, false);
  snmpx_agent_system sys;
  memset(&sys, 0, sizeof(sys));
  sys.writable = true;
  snmpx_agent_add_standard(a, &sys);
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = SNMPX_OIDV(entry);
  def.index = spec;
  def.n_index = 1;
  def.columns = cols;
  def.n_columns = 3;
  def.get = row_get;
  snmpx_table *t = snmpx_mib_add_table(m, &def);
  static const char *names[] = {"a", "bc", "b"};
  for (size_t i = 0; t != NULL && i < 3; i++) {
    snmpx_value idx =
        snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, names[i], strlen(names[i]));
    snmpx_table_add_row(t, &idx, (void *)&counts[i]);
  }
  static const uint32_t w[] = {1, 3, 6, 1, 4, 1, 9999, 1, 0};
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 7);
  snmpx_mib_add_value(m, SNMPX_OIDV(w), &v, SNMPX_MIB_WRITABLE);
  snmpx_agent_add_sysor(a, SNMPX_OIDV(w), "fuzz");
  snmpx_mib_register(m, SNMPX_OIDV(later_prefix), &later_ops, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  uint32_t counter = 0;
  size_t sent = 0;
  snmpx_engine *e = fuzz_engine_new(&counter);
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = v;
  snmpx_agent *a = v ? snmpx_agent_new(&cfg) : NULL;
  if (e != NULL && a != NULL) {
    snmpx_local_engine local;
    memset(&local, 0, sizeof(local));
    local.engine_id = engine_id;
    local.engine_id_len = sizeof(engine_id);
    snmpx_engine_set_local(e, &local);
    add_user(e, "fuzz", true);
    add_user(e, "auth", false);
    setup_vacm(v);
    setup_mib(a);
    snmpx_engine_set_send(e, check_answer, &sent);
    snmpx_agent_attach(a, e);
    snmpx_addr from;
    memset(&from, 0, sizeof(from));
    from.u.in4.sin_family = AF_INET;
    from.u.in4.sin_addr.s_addr = htonl(0x7f000001);
    from.u.in4.sin_port = htons(40000);
    from.len = sizeof(from.u.in4);
    later.n = 0;
    snmpx_engine_recv(e, data, size, &from);
    complete_later(a);
#ifdef FUZZ_AGENT_VERBOSE
    fprintf(stderr, "input of %zu bytes: %zu bytes answered\n", size, sent);
#endif
  }
  snmpx_agent_free(a);
  snmpx_vacm_free(v);
  snmpx_engine_free(e);
  return 0;
}
