/* The standard objects every agent serves: SNMPv2-MIB (RFC 3418) system
 * group, sysORTable and snmp group; SNMP-FRAMEWORK-MIB (RFC 3411)
 * snmpEngine; SNMP-MPD-MIB (RFC 3412) snmpMPDStats; SNMP-TARGET-MIB
 * (RFC 3413) snmpUnavailableContexts/snmpUnknownContexts;
 * SNMP-USER-BASED-SM-MIB (RFC 3414) usmStats; snmpSetSerialNo (RFC 3418
 * 2, a TestAndIncr).  Counters are read live from the agent and its
 * engine. */
#include "agent_priv.h"

typedef struct scalar_def scalar_def;
typedef snmpx_value (*scalar_fn)(snmpx_agent *a, const scalar_def *d);

/* One scalar object: its OID (instance .0 is added) and how to read it. */
struct scalar_def {
  uint32_t arcs[12];
  size_t len;
  scalar_fn read;
  size_t field; /* offsetof a counter in the agent or engine stats */
};

typedef struct scalar_reg {
  snmpx_agent *a;
  const scalar_def *def;
} scalar_reg;

typedef struct sysor_row {
  int32_t index;
  snmpx_oid id;
  char *descr;
  uint32_t uptime;
} sysor_row;

struct agent_std {
  scalar_reg *scalars;
  size_t n_scalars;
  snmpx_table *sysor;
  sysor_row *rows;
  size_t n_rows;
  bool owns_last_change; /* sysORLastChange is the standard one, not
                            recorded data */
  bool has_serial_no;     /* set_serial_no is drawn */
  int32_t set_serial_no;  /* snmpSetSerialNo, 0..2147483647 */
};

/* ---- Readers ---------------------------------------------------------- */

static snmpx_value counter32(uint64_t v)
{
  return snmpx_value_uint(SNMPX_TYPE_COUNTER32, v & UINT32_MAX);
}

static snmpx_value read_agent_counter(snmpx_agent *a, const scalar_def *d)
{
  uint64_t v;
  memcpy(&v, (const uint8_t *)&a->stats + d->field, sizeof(v));
  return counter32(v);
}

static snmpx_value read_engine_counter(snmpx_agent *a, const scalar_def *d)
{
  snmpx_engine_stats s;
  memset(&s, 0, sizeof(s));
  if (a->engine != NULL)
    snmpx_engine_get_stats(a->engine, &s);
  uint64_t v;
  memcpy(&v, (const uint8_t *)&s + d->field, sizeof(v));
  return counter32(v);
}

/* snmpProxyDrops: this agent is no proxy. */
static snmpx_value read_zero(snmpx_agent *a, const scalar_def *d)
{
  (void)a;
  (void)d;
  return counter32(0);
}

static snmpx_value read_uptime(snmpx_agent *a, const scalar_def *d)
{
  (void)d;
  return snmpx_value_uint(SNMPX_TYPE_TIMETICKS, snmpx_agent_uptime(a));
}

static snmpx_value read_auth_traps(snmpx_agent *a, const scalar_def *d)
{
  (void)a;
  (void)d;
  return snmpx_value_int(SNMPX_TYPE_INTEGER, 2); /* disabled(2) */
}

/* snmpSetSerialNo: RFC 2579's TestAndIncr starts at a pseudo-random value
 * when the agent starts (as snmpd's does), drawn from the engine's RNG
 * (or the system's, with no engine yet) when first used. */
static int32_t *serial_no(snmpx_agent *a)
{
  agent_std *s = a->std;
  if (!s->has_serial_no) {
    uint32_t v = 0;
    if (a->engine != NULL)
      v = (uint32_t)snmpx__engine_random_id(a->engine);
    else
      snmpx__random_getrandom(NULL, &v, sizeof(v));
    s->set_serial_no = (int32_t)(v & 0x7fffffff);
    s->has_serial_no = true;
  }
  return &s->set_serial_no;
}

static snmpx_value read_serial_no(snmpx_agent *a, const scalar_def *d)
{
  (void)d;
  return snmpx_value_int(SNMPX_TYPE_INTEGER, *serial_no(a));
}

/* snmpEngineID, snmpEngineBoots, snmpEngineTime, snmpEngineMaxMessageSize
 * (RFC 3411 5); without an engine there is no instance. */
static snmpx_value read_engine(snmpx_agent *a, const scalar_def *d)
{
  snmpx_value v;
  v.type = SNMPX_TYPE_NOSUCHINSTANCE;
  const uint8_t *id;
  size_t id_len;
  uint32_t boots, time;
  if (a->engine == NULL ||
      snmpx_engine_get_local(a->engine, &id, &id_len, &boots, &time) < 0)
    return v;
  switch (d->field) {
  case 1:
    return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, id, id_len);
  case 2:
    return snmpx_value_int(SNMPX_TYPE_INTEGER, boots);
  case 3:
    return snmpx_value_int(SNMPX_TYPE_INTEGER, time);
  default:
    return snmpx_value_int(SNMPX_TYPE_INTEGER, SNMPX_MAX_DATAGRAM);
  }
}

#define AGENT(f) offsetof(snmpx_agent_stats, f)
#define ENGINE(f) offsetof(snmpx_engine_stats, f)
#define SNMP_GROUP 1, 3, 6, 1, 2, 1, 11
#define USM_STATS 1, 3, 6, 1, 6, 3, 15, 1, 1
#define MPD_STATS 1, 3, 6, 1, 6, 3, 11, 2, 1
#define ENGINE_GROUP 1, 3, 6, 1, 6, 3, 10, 2, 1
#define TARGET_OBJECTS 1, 3, 6, 1, 6, 3, 12, 1

static const scalar_def scalars[] = {
    {{1, 3, 6, 1, 2, 1, 1, 3}, 8, read_uptime, 0},
    /* RFC 3418 snmp group (with the RFC 1213 counters Net-SNMP keeps) */
    {{SNMP_GROUP, 1}, 8, read_engine_counter, ENGINE(in_pkts)},
    {{SNMP_GROUP, 2}, 8, read_engine_counter, ENGINE(out_pkts)},
    {{SNMP_GROUP, 3}, 8, read_engine_counter, ENGINE(in_bad_versions)},
    {{SNMP_GROUP, 4}, 8, read_agent_counter, AGENT(in_bad_community_names)},
    {{SNMP_GROUP, 5}, 8, read_agent_counter, AGENT(in_bad_community_uses)},
    {{SNMP_GROUP, 6}, 8, read_engine_counter, ENGINE(in_asn_parse_errs)},
    {{SNMP_GROUP, 13}, 8, read_agent_counter, AGENT(in_total_req_vars)},
    {{SNMP_GROUP, 14}, 8, read_agent_counter, AGENT(in_total_set_vars)},
    {{SNMP_GROUP, 15}, 8, read_agent_counter, AGENT(in_get_requests)},
    {{SNMP_GROUP, 16}, 8, read_agent_counter, AGENT(in_get_nexts)},
    {{SNMP_GROUP, 17}, 8, read_agent_counter, AGENT(in_set_requests)},
    {{SNMP_GROUP, 20}, 8, read_agent_counter, AGENT(out_too_bigs)},
    {{SNMP_GROUP, 21}, 8, read_agent_counter, AGENT(out_no_such_names)},
    {{SNMP_GROUP, 22}, 8, read_agent_counter, AGENT(out_bad_values)},
    {{SNMP_GROUP, 24}, 8, read_agent_counter, AGENT(out_gen_errs)},
    {{SNMP_GROUP, 28}, 8, read_agent_counter, AGENT(out_get_responses)},
    {{SNMP_GROUP, 30}, 8, read_auth_traps, 0},
    {{SNMP_GROUP, 31}, 8, read_agent_counter, AGENT(silent_drops)},
    {{SNMP_GROUP, 32}, 8, read_zero, 0},
    /* RFC 3418 2 snmpSet group: snmpSetSerialNo (writable: serial_ops) */
    {{1, 3, 6, 1, 6, 3, 1, 1, 6, 1}, 10, read_serial_no, 0},
    /* RFC 3411 snmpEngine */
    {{ENGINE_GROUP, 1}, 10, read_engine, 1},
    {{ENGINE_GROUP, 2}, 10, read_engine, 2},
    {{ENGINE_GROUP, 3}, 10, read_engine, 3},
    {{ENGINE_GROUP, 4}, 10, read_engine, 4},
    /* RFC 3412 snmpMPDStats */
    {{MPD_STATS, 1}, 10, read_engine_counter, ENGINE(unknown_security_models)},
    {{MPD_STATS, 2}, 10, read_engine_counter, ENGINE(invalid_msgs)},
    {{MPD_STATS, 3}, 10, read_engine_counter, ENGINE(unknown_pdu_handlers)},
    /* RFC 3413 SNMP-TARGET-MIB */
    {{TARGET_OBJECTS, 4}, 9, read_agent_counter, AGENT(unavailable_contexts)},
    {{TARGET_OBJECTS, 5}, 9, read_agent_counter, AGENT(unknown_contexts)},
    /* RFC 3414 usmStats */
    {{USM_STATS, 1},
     10,
     read_engine_counter,
     ENGINE(usm_unsupported_sec_levels)},
    {{USM_STATS, 2}, 10, read_engine_counter, ENGINE(usm_not_in_time_windows)},
    {{USM_STATS, 3}, 10, read_engine_counter, ENGINE(usm_unknown_user_names)},
    {{USM_STATS, 4}, 10, read_engine_counter, ENGINE(usm_unknown_engine_ids)},
    {{USM_STATS, 5}, 10, read_engine_counter, ENGINE(usm_wrong_digests)},
    {{USM_STATS, 6}, 10, read_engine_counter, ENGINE(usm_decryption_errors)},
};

#define N_SCALARS (sizeof(scalars) / sizeof(scalars[0]))

/* ---- Scalar handler: one object, instance .0 ------------------------- */

static bool is_instance(const scalar_def *d, snmpx_oidv name)
{
  return name.len == d->len + 1 && name.arcs[d->len] == 0;
}

static snmpx_errstat scalar_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                snmpx_value *out)
{
  (void)req;
  const scalar_reg *r = ctx;
  if (is_instance(r->def, name))
    *out = r->def->read(r->a, r->def);
  else
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat scalar_next(void *ctx, snmpx_mib_req *req,
                                 snmpx_oidv after, snmpx_oid *name,
                                 snmpx_value *out)
{
  (void)req;
  const scalar_reg *r = ctx;
  snmpx_oid inst;
  snmpx_oid_set(&inst, (snmpx_oidv){r->def->arcs, r->def->len});
  snmpx_oid_append(&inst, 0);
  if (snmpx_oidv_compare(after, snmpx_oid_view(&inst)) < 0) {
    snmpx_value v = r->def->read(r->a, r->def);
    if (snmpx_value_is_exception(&v))
      return SNMPX_ERRSTAT_NO_ERROR; /* stays endOfMibView */
    *name = inst;
    *out = v;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops scalar_ops = {scalar_get, scalar_next, NULL,
                                         NULL,       NULL,        NULL};

/* ---- snmpSetSerialNo: TestAndIncr (RFC 2579 2) ------------------------ */

/* RFC 2579 TestAndIncr: the value set must be the value held, or the SET
 * fails with inconsistentValue; then the value held goes one up, from
 * 2147483647 to 0.  (snmpd 5.9.3 answers wrongLength to every INTEGER
 * here, a Net-SNMP bug; its wrongType for other types is kept.) */
static snmpx_errstat serial_test(void *ctx, snmpx_mib_req *req,
                                 snmpx_oidv name, const snmpx_value *v,
                                 void **state)
{
  (void)req;
  (void)state;
  const scalar_reg *r = ctx;
  if (!is_instance(r->def, name))
    return SNMPX_ERRSTAT_NO_CREATION;
  if (v->type != SNMPX_TYPE_INTEGER)
    return SNMPX_ERRSTAT_WRONG_TYPE;
  if (v->v.i < 0 || v->v.i > INT32_MAX)
    return SNMPX_ERRSTAT_WRONG_VALUE;
  if (v->v.i != *serial_no(r->a))
    return SNMPX_ERRSTAT_INCONSISTENT_VALUE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* The value before the commit is kept in *|state|, plus one (never NULL). */
static snmpx_errstat serial_commit(void *ctx, snmpx_mib_req *req,
                                   snmpx_oidv name, const snmpx_value *v,
                                   void **state)
{
  (void)req;
  (void)name;
  const scalar_reg *r = ctx;
  int32_t *cur = serial_no(r->a);
  *state = (void *)((uintptr_t)*cur + 1);
  *cur = (int32_t)(((uint32_t)v->v.i + 1) & 0x7fffffff);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat serial_undo(void *ctx, snmpx_mib_req *req,
                                 snmpx_oidv name, void **state)
{
  (void)req;
  (void)name;
  const scalar_reg *r = ctx;
  *serial_no(r->a) = (int32_t)((uintptr_t)*state - 1);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops serial_ops = {scalar_get,    scalar_next,
                                         serial_test,   serial_commit,
                                         serial_undo,   NULL};

/* ---- sysORTable (RFC 3418) -------------------------------------------- */

static const uint32_t sysor_entry[] = {1, 3, 6, 1, 2, 1, 1, 9, 1};
static const uint32_t sysor_last_change[] = {1, 3, 6, 1, 2, 1, 1, 8, 0};
static const snmpx_index_spec sysor_index[] = {{SNMPX_INDEX_INTEGER, 0}};
static const uint8_t sysor_columns[] = {SNMPX_COLUMN_NONE, SNMPX_COLUMN_READ,
                                        SNMPX_COLUMN_READ, SNMPX_COLUMN_READ};

static snmpx_errstat sysor_get(void *ctx, snmpx_mib_req *req,
                               const snmpx_table_row *row, uint32_t column,
                               snmpx_value *out)
{
  (void)ctx;
  (void)req;
  const sysor_row *r = row->row;
  if (column == 2)
    *out = snmpx_value_oid(snmpx_oid_view(&r->id));
  else if (column == 3)
    *out =
        snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, r->descr, strlen(r->descr));
  else
    *out = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, r->uptime);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static int add_sysor_table(snmpx_agent *a, snmpx_mib *m)
{
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = SNMPX_OIDV(sysor_entry);
  def.index = sysor_index;
  def.n_index = 1;
  def.columns = sysor_columns;
  def.n_columns = sizeof(sysor_columns);
  def.get = sysor_get;
  def.ctx = a;
  a->std->sysor = snmpx_mib_add_table(m, &def);
  return 0; /* a recorded sysORTable wins: no table is fine */
}

int snmpx_agent_add_sysor(snmpx_agent *a, snmpx_oidv id, const char *descr)
{
  if (a == NULL || descr == NULL || id.len == 0 || id.len > SNMPX_OID_MAX_LEN)
    return SNMPX_EINVAL;
  agent_std *s = a->std;
  if (s == NULL || s->sysor == NULL)
    return SNMPX_ENOTFOUND;
  if (s->n_rows >= 64)
    return SNMPX_ENOMEM; /* rows are never moved once the table has them */
  if (s->rows == NULL) {
    s->rows = snmpx__calloc(a->mem, 64, sizeof(sysor_row));
    if (s->rows == NULL)
      return SNMPX_ENOMEM;
  }
  sysor_row *r = &s->rows[s->n_rows];
  size_t n = strlen(descr) + 1;
  r->descr = snmpx__malloc(a->mem, n);
  if (r->descr == NULL)
    return SNMPX_ENOMEM;
  memcpy(r->descr, descr, n);
  snmpx_oid_set(&r->id, id);
  r->index = (int32_t)s->n_rows + 1;
  r->uptime = snmpx_agent_uptime(a);
  snmpx_value idx = snmpx_value_int(SNMPX_TYPE_INTEGER, r->index);
  int rv = snmpx_table_add_row(s->sysor, &idx, r);
  if (rv < 0) {
    snmpx__free(a->mem, r->descr);
    return rv;
  }
  s->n_rows++;
  /* sysORLastChange follows the newest row, unless it is recorded data
   * (which wins, as for every standard object). */
  if (s->owns_last_change) {
    snmpx_value lc = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, r->uptime);
    snmpx_mib *m = snmpx_agent_context(a, NULL, 0, false);
    snmpx_mib_add_value(m, SNMPX_OIDV(sysor_last_change), &lc,
                        SNMPX_MIB_READONLY);
  }
  return r->index;
}

/* ---- Registration ----------------------------------------------------- */

/* snmpx has no enterprise number: sysObjectID defaults to zeroDotZero
 * (RFC 2578 2), "no identity", until the user gives one. */
static const uint32_t default_object_id[] = {0, 0};

/* Add a value unless the tree already serves that name (recorded data
 * wins over the defaults).  @return 1 when added, 0 when skipped, or an
 * error. */
static int add_if_free(snmpx_mib *m, snmpx_oidv name, const snmpx_value *v,
                       unsigned flags)
{
  mib_hit hit;
  if (snmpx__mib_find(m, name, &hit))
    return 0;
  int rv = snmpx_mib_add_value(m, name, v, flags);
  if (rv == SNMPX_EMIB_OVERLAP)
    return 0;
  return rv < 0 ? rv : 1;
}

static int add_string(snmpx_mib *m, uint32_t sub, const char *s,
                      const char *dflt, unsigned flags)
{
  uint32_t arcs[] = {1, 3, 6, 1, 2, 1, 1, sub, 0};
  const char *text = s != NULL ? s : dflt;
  snmpx_value v =
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, text, strlen(text));
  return add_if_free(m, SNMPX_OIDV(arcs), &v, flags);
}

static int add_system(agent_std *std, snmpx_mib *m,
                      const snmpx_agent_system *sys)
{
  /* RFC 3418: sysContact, sysName, sysLocation are DisplayString
   * (SIZE (0..255)). */
  unsigned w = SNMPX_MIB_DISPLAYSTRING |
               (sys->writable ? SNMPX_MIB_WRITABLE : SNMPX_MIB_READONLY);
  uint32_t oid_arcs[] = {1, 3, 6, 1, 2, 1, 1, 2, 0};
  uint32_t svc_arcs[] = {1, 3, 6, 1, 2, 1, 1, 7, 0};
  snmpx_value oid = snmpx_value_oid(
      sys->object_id.len > 0 ? sys->object_id : SNMPX_OIDV(default_object_id));
  snmpx_value svc =
      snmpx_value_int(SNMPX_TYPE_INTEGER, sys->services ? sys->services : 72);
  snmpx_value lc = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0);
  int rv;
  if ((rv = add_string(m, 1, sys->descr, "snmpx agent", 0)) < 0 ||
      (rv = add_string(m, 4, sys->contact, "", w)) < 0 ||
      (rv = add_string(m, 5, sys->name, "", w)) < 0 ||
      (rv = add_string(m, 6, sys->location, "", w)) < 0)
    return rv;
  const snmpx_oidv names[] = {SNMPX_OIDV(oid_arcs), SNMPX_OIDV(svc_arcs)};
  const snmpx_value *vals[] = {&oid, &svc};
  for (size_t i = 0; i < 2; i++) {
    rv = add_if_free(m, names[i], vals[i], SNMPX_MIB_READONLY);
    if (rv < 0)
      return rv;
  }
  rv = add_if_free(m, SNMPX_OIDV(sysor_last_change), &lc, SNMPX_MIB_READONLY);
  if (rv < 0)
    return rv;
  /* Only the standard sysORLastChange follows snmpx_agent_add_sysor. */
  std->owns_last_change = rv == 1;
  return 0;
}

int snmpx_agent_add_standard(snmpx_agent *a, const snmpx_agent_system *sys)
{
  if (a == NULL || a->std != NULL)
    return SNMPX_EINVAL;
  snmpx_agent_system dflt;
  memset(&dflt, 0, sizeof(dflt));
  if (sys == NULL)
    sys = &dflt;
  snmpx_mib *m = snmpx_agent_context(a, NULL, 0, false);
  a->std = snmpx__calloc(a->mem, 1, sizeof(agent_std));
  if (m == NULL || a->std == NULL)
    return SNMPX_ENOMEM;
  a->std->scalars = snmpx__calloc(a->mem, N_SCALARS, sizeof(scalar_reg));
  if (a->std->scalars == NULL)
    return SNMPX_ENOMEM;
  int rv = add_system(a->std, m, sys);
  if (rv < 0)
    return rv;
  for (size_t i = 0; i < N_SCALARS; i++) {
    scalar_reg *r = &a->std->scalars[a->std->n_scalars];
    r->a = a;
    r->def = &scalars[i];
    rv = snmpx_mib_register(m, (snmpx_oidv){scalars[i].arcs, scalars[i].len},
                            scalars[i].read == read_serial_no ? &serial_ops
                                                              : &scalar_ops,
                            r);
    if (rv == 0)
      a->std->n_scalars++;
    else if (rv != SNMPX_EMIB_OVERLAP)
      return rv;
  }
  return add_sysor_table(a, m);
}

void snmpx__agent_std_free(snmpx_agent *a)
{
  agent_std *s = a->std;
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n_rows; i++)
    snmpx__free(a->mem, s->rows[i].descr);
  snmpx__free(a->mem, s->rows);
  snmpx__free(a->mem, s->scalars);
  snmpx__free(a->mem, s);
  a->std = NULL;
}
