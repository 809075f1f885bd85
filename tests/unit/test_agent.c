/* The agent core: hand-made requests in, Response PDUs out, no engine.
 * GET/GETNEXT/GETBULK across values, tables and handlers; SET's
 * test/commit/undo/cleanup; SNMPv1 mapping; VACM per security model;
 * communities; contexts; the standard objects; .snmprec lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#include "agent_test_util.h"

static snmpx_value str(const char *s)
{
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, s, strlen(s));
}

static snmpx_value integer(int64_t i)
{
  return snmpx_value_int(SNMPX_TYPE_INTEGER, i);
}

static void add_value(snmpx_mib *m, const char *oid, snmpx_value v,
                      unsigned flags)
{
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  assert_int_equal(snmpx_mib_add_value(m, snmpx_oid_view(&o), &v, flags), 0);
}

static void expect_str(const snmpx_value *v, const char *s)
{
  assert_int_equal(v->type, SNMPX_TYPE_OCTET_STRING);
  assert_int_equal(v->v.bytes.len, strlen(s));
  assert_memory_equal(v->v.bytes.ptr, s, strlen(s));
}

/* ---- A world: VACM with an open and a restricted identity ----------- */

typedef struct world {
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_mib *mib;
} world;

/* "public"/"admin": read everything; "private": read and write all;
 * "limited"/"limited" user: the system group minus sysName. */
static void world_init(world *w)
{
  w->vacm = snmpx_vacm_new(NULL);
  assert_non_null(w->vacm);
  add_view(w->vacm, "all", "1", true);
  add_view(w->vacm, "sys", "1.3.6.1.2.1.1", true);
  add_view(w->vacm, "sys", "1.3.6.1.2.1.1.5", false);
  add_community(w->vacm, "public", "pub", NULL, 0);
  add_community(w->vacm, "private", "priv", NULL, 0);
  add_community(w->vacm, "limited", "limited", NULL, 0);
  add_group_all_models(w->vacm, "pub", "ro");
  add_group_all_models(w->vacm, "admin", "rw");
  add_group_all_models(w->vacm, "priv", "rw");
  add_group_all_models(w->vacm, "limited", "lim");
  add_access(w->vacm, "ro", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             NULL);
  add_access(w->vacm, "rw", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             "all");
  add_access(w->vacm, "lim", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "sys",
             "sys");
  fake_clock_set(1000);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = w->vacm;
  cfg.clock = fake_clock;
  w->agent = snmpx_agent_new(&cfg);
  assert_non_null(w->agent);
  w->mib = snmpx_agent_context(w->agent, NULL, 0, false);
  assert_non_null(w->mib);
}

static void world_free(world *w)
{
  snmpx_agent_free(w->agent);
  snmpx_vacm_free(w->vacm);
}

/* The system group as plain values, plus a Counter64. */
static void add_system(world *w)
{
  add_value(w->mib, "1.3.6.1.2.1.1.1.0", str("descr"), 0);
  add_value(w->mib, "1.3.6.1.2.1.1.4.0", str("contact"), SNMPX_MIB_WRITABLE);
  add_value(w->mib, "1.3.6.1.2.1.1.5.0", str("name"), SNMPX_MIB_WRITABLE);
  add_value(w->mib, "1.3.6.1.2.1.1.6.0", str("location"), SNMPX_MIB_WRITABLE);
  add_value(w->mib, "1.3.6.1.2.1.1.7.0", integer(72), 0);
  add_value(w->mib, "1.3.6.1.2.1.31.1.1.1.6.1",
            snmpx_value_uint(SNMPX_TYPE_COUNTER64, 1ULL << 40), 0);
  add_value(w->mib, "1.3.6.1.2.1.31.1.1.1.6.2",
            snmpx_value_uint(SNMPX_TYPE_COUNTER64, 7), 0);
}

static void process_ok(world *w, test_req *r, snmpx_pdu *resp)
{
  assert_int_equal(snmpx_agent_process(w->agent, &r->in, resp), 0);
  assert_int_equal(resp->request_id, 4242);
}

/* ---- GET / GETNEXT ---------------------------------------------------- */

static void test_agent_get_values_and_exceptions(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.5.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.2.0", snmpx_value_null());   /* no object */
  req_add(&r, "1.3.6.1.2.1.1.5.0.1", snmpx_value_null()); /* no instance */
  req_add(&r, "1.3.6.1.2.1.1.7.0", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.type, SNMPX_PDU_RESPONSE);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(resp.n_varbinds, 4);
  expect_str(&resp.varbinds[0].value, "name");
  assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_NOSUCHOBJECT);
  assert_int_equal(resp.varbinds[2].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(resp.varbinds[3].value.v.i, 72);
  expect_name(&resp.varbinds[2], ".1.3.6.1.2.1.1.5.0.1");
  world_free(&w);
}

/* A subtree handler: .1.3.6.1.4.1.99.N.0 = N*10 for N in 1..3. */
static snmpx_errstat sub_get(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                             snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  if (name.len == 9 && name.arcs[7] >= 1 && name.arcs[7] <= 3 &&
      name.arcs[8] == 0)
    *out = integer(name.arcs[7] * 10);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat sub_next(void *ctx, snmpx_mib_req *rq, snmpx_oidv after,
                              snmpx_oid *name, snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  for (uint32_t n = 1; n <= 3; n++) {
    snmpx_oid c;
    snmpx_oid_parse(&c, "1.3.6.1.4.1.99");
    snmpx_oid_append(&c, n);
    snmpx_oid_append(&c, 0);
    if (snmpx_oidv_compare(snmpx_oid_view(&c), after) > 0) {
      *name = c;
      *out = integer(n * 10);
      return SNMPX_ERRSTAT_NO_ERROR;
    }
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops sub_ops = {sub_get, sub_next, NULL,
                                      NULL,    NULL,     NULL};

static void register_sub(snmpx_mib *m)
{
  snmpx_oid p;
  snmpx_oid_parse(&p, "1.3.6.1.4.1.99");
  assert_int_equal(snmpx_mib_register(m, snmpx_oid_view(&p), &sub_ops, NULL),
                   0);
}

/* Walk the whole tree with GETNEXT, collecting names into |out|. */
static size_t walk(world *w, snmpx_version v, const char *community,
                   char out[][64], size_t max)
{
  snmpx_oid at;
  snmpx_oid_parse(&at, "0");
  size_t n = 0;
  for (;;) {
    test_req r;
    req_init(&r, v, community, SNMPX_PDU_GETNEXT);
    char start[512];
    snmpx_oid_format(snmpx_oid_view(&at), start, sizeof(start));
    req_add(&r, start, snmpx_value_null());
    snmpx_pdu resp;
    process_ok(w, &r, &resp);
    if (resp.error_status != 0 ||
        resp.varbinds[0].value.type == SNMPX_TYPE_ENDOFMIBVIEW)
      return n;
    assert_true(n < max);
    assert_true(snmpx_oidv_compare(resp.varbinds[0].name, snmpx_oid_view(&at)) >
                0);
    snmpx_oid_set(&at, resp.varbinds[0].name);
    snmpx_oid_format(resp.varbinds[0].name, out[n], 64);
    n++;
  }
}

static void test_agent_getnext_across_handlers(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  register_sub(w.mib);
  add_value(w.mib, "1.3.6.1.4.1.100.1.0", integer(5), 0);
  char names[32][64];
  size_t n = walk(&w, SNMPX_VERSION_2C, "public", names, 32);
  assert_int_equal(n, 11);
  assert_string_equal(names[0], ".1.3.6.1.2.1.1.1.0");
  assert_string_equal(names[4], ".1.3.6.1.2.1.1.7.0");
  assert_string_equal(names[5], ".1.3.6.1.2.1.31.1.1.1.6.1");
  assert_string_equal(names[7], ".1.3.6.1.4.1.99.1.0");
  assert_string_equal(names[9], ".1.3.6.1.4.1.99.3.0");
  assert_string_equal(names[10], ".1.3.6.1.4.1.100.1.0");
  /* GETNEXT from inside the handler's subtree and from its prefix. */
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, "1.3.6.1.4.1.99", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.99.2.0.7", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.100.1.0", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  expect_name(&resp.varbinds[0], ".1.3.6.1.4.1.99.1.0");
  assert_int_equal(resp.varbinds[0].value.v.i, 10);
  expect_name(&resp.varbinds[1], ".1.3.6.1.4.1.99.3.0");
  assert_int_equal(resp.varbinds[2].value.type, SNMPX_TYPE_ENDOFMIBVIEW);
  expect_name(&resp.varbinds[2], ".1.3.6.1.4.1.100.1.0");
  world_free(&w);
}

static snmpx_errstat none_next(void *ctx, snmpx_mib_req *rq, snmpx_oidv after,
                               snmpx_oid *name, snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  (void)after;
  (void)name;
  (void)out;
  return SNMPX_ERRSTAT_NO_ERROR; /* nothing here: endOfMibView */
}

static const snmpx_mib_ops empty_ops = {sub_get, none_next, NULL,
                                        NULL,    NULL,      NULL};

static void test_agent_register_overlap(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  register_sub(w.mib);
  snmpx_oid o;
  snmpx_value v = integer(1);
  snmpx_oid_parse(&o, "1.3.6.1.4.1.99.1.0");
  assert_int_equal(snmpx_mib_add_value(w.mib, snmpx_oid_view(&o), &v, 0),
                   SNMPX_EMIB_OVERLAP);
  snmpx_oid_parse(&o, "1.3.6.1.4.1");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&o), &sub_ops, NULL),
      SNMPX_EMIB_OVERLAP);
  snmpx_oid_parse(&o, "1.3.6.1.4.1.99");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&o), &sub_ops, NULL),
      SNMPX_EMIB_OVERLAP);
  assert_int_equal(snmpx_mib_unregister(w.mib, snmpx_oid_view(&o)), 0);
  assert_int_equal(snmpx_mib_count(w.mib), 0);
  /* Values may nest (agents return such instances); a handler may sit
   * below a value but not above or on one. */
  add_value(w.mib, "1.3.6.1.4.1.99.1", integer(1), 0);
  add_value(w.mib, "1.3.6.1.4.1.99.1.5", integer(2), 0);
  add_value(w.mib, "1.3.6.1.4.1.99.1.5.1", integer(3), 0);
  snmpx_oid_parse(&o, "1.3.6.1.4.1.99.1.6");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&o), &empty_ops, NULL), 0);
  snmpx_oid_parse(&o, "1.3.6.1.4.1.99.1.5");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&o), &sub_ops, NULL),
      SNMPX_EMIB_OVERLAP);
  snmpx_oid_parse(&o, "1.3.6.1.4.1.99.1.6.2");
  assert_int_equal(snmpx_mib_add_value(w.mib, snmpx_oid_view(&o), &v, 0),
                   SNMPX_EMIB_OVERLAP);
  char names[8][64];
  assert_int_equal(walk(&w, SNMPX_VERSION_2C, "public", names, 8), 3);
  assert_string_equal(names[1], ".1.3.6.1.4.1.99.1.5");
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.4.1.99.1.5", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.99.1.4", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.varbinds[0].value.v.i, 2);
  assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  world_free(&w);
}

/* ---- Tables ----------------------------------------------------------- */

/* A table indexed by (OCTET STRING, IMPLIED OBJECT IDENTIFIER): column 2
 * reads the row's number, column 3 the first index value (the decoded
 * string) it was called with; row 2 has no column 3. */
static snmpx_errstat tbl_get(void *ctx, snmpx_mib_req *rq,
                             const snmpx_table_row *row, uint32_t column,
                             snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  int num = *(int *)row->row;
  if (column == 2)
    *out = integer(num);
  else if (num == 2) /* a hole: row 2 has no column 3 */
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  else
    *out = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, row->index[0].v.bytes.ptr,
                             row->index[0].v.bytes.len);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void test_agent_table_index_and_order(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  static const snmpx_index_spec specs[] = {{SNMPX_INDEX_STRING, 0},
                                           {SNMPX_INDEX_OID_IMPLIED, 0}};
  static const uint8_t cols[] = {SNMPX_COLUMN_NONE, SNMPX_COLUMN_READ,
                                 SNMPX_COLUMN_READ};
  static const uint32_t entry[] = {1, 3, 6, 1, 4, 1, 77, 1, 1};
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = SNMPX_OIDV(entry);
  def.index = specs;
  def.n_index = 2;
  def.columns = cols;
  def.n_columns = 3;
  def.get = tbl_get;
  snmpx_table *t = snmpx_mib_add_table(w.mib, &def);
  assert_non_null(t);
  static int nums[] = {1, 2, 3};
  static const uint32_t o1[] = {1, 3}, o2[] = {2};
  /* "ab".{1.3} sorts after "b".{2}: the length comes first. */
  snmpx_value i1[] = {str("ab"), snmpx_value_oid(SNMPX_OIDV(o1))};
  snmpx_value i2[] = {str("b"), snmpx_value_oid(SNMPX_OIDV(o2))};
  snmpx_value i3[] = {str("b"), snmpx_value_oid(SNMPX_OIDV(o1))};
  assert_int_equal(snmpx_table_add_row(t, i1, &nums[0]), 0);
  assert_int_equal(snmpx_table_add_row(t, i2, &nums[1]), 0);
  assert_int_equal(snmpx_table_add_row(t, i3, &nums[2]), 0);
  snmpx_value bad[] = {integer(1), integer(2)};
  assert_int_equal(snmpx_table_add_row(t, bad, &nums[0]), SNMPX_EINVAL);
  char names[16][64];
  size_t n = walk(&w, SNMPX_VERSION_2C, "public", names, 16);
  assert_int_equal(n, 5);
  assert_string_equal(names[0], ".1.3.6.1.4.1.77.1.1.2.1.98.1.3");
  assert_string_equal(names[1], ".1.3.6.1.4.1.77.1.1.2.1.98.2");
  assert_string_equal(names[2], ".1.3.6.1.4.1.77.1.1.2.2.97.98.1.3");
  assert_string_equal(names[3], ".1.3.6.1.4.1.77.1.1.3.1.98.1.3");
  assert_string_equal(names[4], ".1.3.6.1.4.1.77.1.1.3.2.97.98.1.3");
  /* GET decodes the index for the callback; column 1 is not-accessible,
   * a missing row is noSuchInstance. */
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.4.1.77.1.1.3.2.97.98.1.3", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.77.1.1.1.2.97.98.1.3", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.77.1.1.2.2.97.99.1.3", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.77.1.1.3.1.98.2", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  expect_str(&resp.varbinds[0].value, "ab");
  assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_NOSUCHOBJECT);
  assert_int_equal(resp.varbinds[2].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(resp.varbinds[3].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  /* GETNEXT of entry.0 and entry.0.x starts at column 2's first row (the
   * first readable column), not past the table. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, "1.3.6.1.4.1.77.1.1.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.4.1.77.1.1.0.7", snmpx_value_null());
  process_ok(&w, &r, &resp);
  for (int i = 0; i < 2; i++) {
    char text[64];
    snmpx_oid_format(resp.varbinds[i].name, text, sizeof(text));
    assert_string_equal(text, ".1.3.6.1.4.1.77.1.1.2.1.98.1.3");
  }
  /* Removing a row. */
  assert_int_equal(snmpx_table_remove_row(t, i3), 0);
  assert_int_equal(snmpx_table_remove_row(t, i3), SNMPX_ENOTFOUND);
  n = walk(&w, SNMPX_VERSION_2C, "public", names, 16);
  assert_int_equal(n, 3);
  world_free(&w);
}

/* Column 2 is empty except in the last row. */
#define SPARSE_ROWS 10000
static snmpx_errstat sparse_get(void *ctx, snmpx_mib_req *rq,
                                const snmpx_table_row *row, uint32_t column,
                                snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  (void)column;
  int num = *(int *)row->row;
  if (num == SPARSE_ROWS - 1)
    *out = integer(num);
  else
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* GETNEXTs that pass thousands of empty cells decode each row into the
 * same request scratch: 20 of them in one request all find the last row,
 * not genErr when the scratch runs out. */
static void test_agent_table_long_sparse_column(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  static const snmpx_index_spec specs[] = {{SNMPX_INDEX_INTEGER, 0}};
  static const uint8_t cols[] = {SNMPX_COLUMN_NONE, SNMPX_COLUMN_READ};
  static const uint32_t entry[] = {1, 3, 6, 1, 4, 1, 78, 1, 1};
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = SNMPX_OIDV(entry);
  def.index = specs;
  def.n_index = 1;
  def.columns = cols;
  def.n_columns = 2;
  def.get = sparse_get;
  snmpx_table *t = snmpx_mib_add_table(w.mib, &def);
  assert_non_null(t);
  static int nums[SPARSE_ROWS];
  for (int i = 0; i < SPARSE_ROWS; i++) {
    nums[i] = i;
    snmpx_value idx = integer(i);
    assert_int_equal(snmpx_table_add_row(t, &idx, &nums[i]), 0);
  }
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  for (int i = 0; i < 20; i++)
    req_add(&r, "1.3.6.1.4.1.78.1.1.2", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  for (int i = 0; i < 20; i++)
    assert_int_equal(resp.varbinds[i].value.v.i, SPARSE_ROWS - 1);
  world_free(&w);
}

/* ---- GETBULK ---------------------------------------------------------- */

static void test_agent_getbulk(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETBULK);
  r.in.msg.pdu.error_status = 1; /* non-repeaters */
  r.in.msg.pdu.error_index = 3;  /* max-repetitions */
  req_add(&r, "1.3.6.1.2.1.1.6.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.31.1.1.1.6.1", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(resp.n_varbinds, 7);
  expect_name(&resp.varbinds[0], ".1.3.6.1.2.1.1.7.0");
  expect_name(&resp.varbinds[1], ".1.3.6.1.2.1.1.4.0");
  expect_name(&resp.varbinds[2], ".1.3.6.1.2.1.31.1.1.1.6.2");
  expect_name(&resp.varbinds[3], ".1.3.6.1.2.1.1.5.0");
  assert_int_equal(resp.varbinds[4].value.type, SNMPX_TYPE_ENDOFMIBVIEW);
  expect_name(&resp.varbinds[4], ".1.3.6.1.2.1.31.1.1.1.6.2");
  expect_name(&resp.varbinds[5], ".1.3.6.1.2.1.1.6.0");
  assert_int_equal(resp.varbinds[6].value.type, SNMPX_TYPE_ENDOFMIBVIEW);

  /* Every repeater at the end: the answer stops after that repetition. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETBULK);
  r.in.msg.pdu.error_index = 50;
  req_add(&r, "1.3.6.1.2.1.31.1.1.1.6.1", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.n_varbinds, 2);
  assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_ENDOFMIBVIEW);

  /* Negative fields count as 0; a small msgMaxSize cuts the answer. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETBULK);
  r.in.msg.pdu.error_status = -5;
  r.in.msg.pdu.error_index = 1000000;
  req_add(&r, "0", snmpx_value_null());
  r.in.max_size = 120;
  process_ok(&w, &r, &resp);
  assert_true(resp.n_varbinds >= 1 && resp.n_varbinds < 7);
  world_free(&w);
}

/* A GETBULK of |n_rep| repeaters (after |n_nonrep| non-repeaters) under
 * 1.3.6.1.4.1.99 with max-repetitions |maxrep|: how many varbinds. */
static size_t bulk_count(world *w, const char *community, int n_nonrep,
                         int n_rep, int32_t maxrep)
{
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, community, SNMPX_PDU_GETBULK);
  r.in.msg.pdu.error_status = n_nonrep;
  r.in.msg.pdu.error_index = maxrep;
  for (int i = 0; i < n_nonrep + n_rep; i++)
    req_add(&r, "1.3.6.1.4.1.99", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  return resp.n_varbinds;
}

/* snmpd's maxGetbulkResponses (default 100) and maxGetbulkRepeats: a
 * 39-byte request with max-repetitions 10000 gets 100 varbinds, not
 * whatever fits in 64 KB; non-repeaters are not counted. */
static void test_agent_getbulk_limits(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  for (int i = 1; i <= 3000; i++) {
    char oid[64];
    snprintf(oid, sizeof(oid), "1.3.6.1.4.1.99.%d.0", i);
    add_value(w.mib, oid, integer(i), SNMPX_MIB_READONLY);
  }
  assert_int_equal(bulk_count(&w, "public", 0, 1, 10000), 100);
  assert_int_equal(bulk_count(&w, "public", 0, 3, 10000), 99);
  assert_int_equal(bulk_count(&w, "public", 2, 3, 10000), 2 + 99);
  assert_int_equal(bulk_count(&w, "public", 0, 1, 40), 40);
  /* More repeaters than the limit: no repetition at all, as snmpd. */
  assert_int_equal(bulk_count(&w, "public", 1, 60, 10000), 1 + 60);
  assert_int_equal(snmpx_agent_set_bulk_limits(w.agent, 0, 0), 0);
  assert_int_equal(bulk_count(&w, "public", 0, 60, 2), 60);
  assert_int_equal(snmpx_agent_set_bulk_limits(w.agent, 0, 7), 0);
  assert_int_equal(bulk_count(&w, "public", 0, 2, 10000), 14);
  assert_int_equal(snmpx_agent_set_bulk_limits(w.agent, 20, 0), 0);
  assert_int_equal(bulk_count(&w, "public", 0, 1, 10000), 20);
  assert_int_equal(snmpx_agent_set_bulk_limits(w.agent, 20, 3), 0);
  assert_int_equal(bulk_count(&w, "public", 0, 1, 10000), 3);
  /* Unlimited: what fits in the message. */
  assert_int_equal(
      snmpx_agent_set_bulk_limits(w.agent, SNMPX_AGENT_UNLIMITED, 0), 0);
  size_t n = bulk_count(&w, "public", 0, 1, 10000);
  assert_true(n > 1000);
  assert_int_equal(snmpx_agent_set_bulk_limits(NULL, 0, 0), SNMPX_EINVAL);
  /* A view that hides most of the subtree: hidden instances are skipped,
   * never counted or answered; the answer holds 100 of those shown. */
  assert_int_equal(snmpx_agent_set_bulk_limits(w.agent, 0, 0), 0);
  add_view(w.vacm, "odd", "1.3.6.1.4.1.99", true);
  for (int i = 2; i <= 3000; i += 2) {
    char oid[64];
    snprintf(oid, sizeof(oid), "1.3.6.1.4.1.99.%d", i);
    add_view(w.vacm, "odd", oid, false);
  }
  add_community(w.vacm, "odd", "odd", NULL, 0);
  add_group_all_models(w.vacm, "odd", "oddg");
  add_access(w.vacm, "oddg", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "odd",
             NULL);
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "odd", SNMPX_PDU_GETBULK);
  r.in.msg.pdu.error_index = 10000;
  req_add(&r, "1.3.6.1.4.1.99", snmpx_value_null());
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.n_varbinds, 100);
  for (size_t i = 0; i < resp.n_varbinds; i++)
    assert_int_equal(resp.varbinds[i].value.v.i, 2 * (int64_t)i + 1);
  world_free(&w);
}

/* ---- SET -------------------------------------------------------------- */

static void expect_kept(world *w, const char *oid, const char *s)
{
  snmpx_oid o;
  snmpx_value v;
  snmpx_oid_parse(&o, oid);
  assert_int_equal(snmpx_mib_get_value(w->mib, snmpx_oid_view(&o), &v), 0);
  expect_str(&v, s);
}

static void test_agent_set_one_bad_varbind_changes_nothing(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  static const struct {
    const char *oid;
    snmpx_value v;
    int status;
  } bad[] = {
      {"1.3.6.1.2.1.1.6.0",
       {SNMPX_TYPE_INTEGER, {.i = 1}},
       SNMPX_ERRSTAT_WRONG_TYPE},
      {"1.3.6.1.2.1.1.1.0",
       {SNMPX_TYPE_OCTET_STRING, {.u = 0}},
       SNMPX_ERRSTAT_NOT_WRITABLE},
      {"1.3.6.1.2.1.1.99.0",
       {SNMPX_TYPE_OCTET_STRING, {.u = 0}},
       SNMPX_ERRSTAT_NOT_WRITABLE},
  };
  for (size_t k = 0; k < 3; k++) {
    test_req r;
    req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
    req_add(&r, "1.3.6.1.2.1.1.4.0", str("new contact"));
    req_add(&r, "1.3.6.1.2.1.1.5.0", str("new name"));
    req_add(&r, bad[k].oid, bad[k].v);
    snmpx_pdu resp;
    process_ok(&w, &r, &resp);
    assert_int_equal(resp.error_status, bad[k].status);
    assert_int_equal(resp.error_index, 3);
    assert_int_equal(resp.n_varbinds, 3);
    expect_str(&resp.varbinds[0].value, "new contact");
    expect_kept(&w, "1.3.6.1.2.1.1.4.0", "contact");
    expect_kept(&w, "1.3.6.1.2.1.1.5.0", "name");
  }
  /* The same SET without the bad varbind changes both. */
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.2.1.1.4.0", str("new contact"));
  req_add(&r, "1.3.6.1.2.1.1.5.0", str("new name"));
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(resp.error_index, 0);
  expect_kept(&w, "1.3.6.1.2.1.1.4.0", "new contact");
  expect_kept(&w, "1.3.6.1.2.1.1.5.0", "new name");
  snmpx_agent_stats st;
  snmpx_agent_get_stats(w.agent, &st);
  assert_int_equal(st.in_total_set_vars, 2);
  assert_int_equal(st.in_set_requests, 4);

  /* A SET of nothing succeeds and changes nothing. */
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(resp.n_varbinds, 0);
  /* A read-only community may not write: authorizationError. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.2.1.1.4.0", str("x"));
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_AUTHORIZATION_ERROR);
  assert_int_equal(resp.error_index, 0);
  expect_kept(&w, "1.3.6.1.2.1.1.4.0", "new contact");
  world_free(&w);
}

/* A handler whose commit or undo can be made to fail; it logs calls. */
typedef struct flaky {
  int value;
  bool fail_commit;
  bool fail_undo;
  char log[128];
} flaky;

static void flog(flaky *f, const char *s)
{
  strncat(f->log, s, sizeof(f->log) - strlen(f->log) - 1);
}

static snmpx_errstat fl_get(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                            snmpx_value *out)
{
  (void)rq;
  (void)name;
  *out = integer(((flaky *)ctx)->value);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat fl_next(void *ctx, snmpx_mib_req *rq, snmpx_oidv after,
                             snmpx_oid *name, snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  (void)after;
  (void)name;
  (void)out;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat fl_test(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                             const snmpx_value *v, void **st)
{
  (void)rq;
  (void)name;
  flog(ctx, "T");
  *st = ctx;
  return v->type == SNMPX_TYPE_INTEGER ? SNMPX_ERRSTAT_NO_ERROR
                                       : SNMPX_ERRSTAT_WRONG_TYPE;
}

static snmpx_errstat fl_commit(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                               const snmpx_value *v, void **st)
{
  (void)rq;
  (void)name;
  (void)st;
  flaky *f = ctx;
  flog(f, "C");
  if (f->fail_commit)
    return SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE;
  f->value = (int)v->v.i;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat fl_undo(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                             void **st)
{
  (void)rq;
  (void)name;
  (void)st;
  flaky *f = ctx;
  flog(f, "U");
  return f->fail_undo ? SNMPX_ERRSTAT_UNDO_FAILED : SNMPX_ERRSTAT_NO_ERROR;
}

static void fl_cleanup(void *ctx, snmpx_mib_req *rq, snmpx_oidv name, void **st,
                       bool committed)
{
  (void)rq;
  (void)name;
  assert_ptr_equal(*st, ctx);
  flog(ctx, committed ? "K" : "X");
}

static const snmpx_mib_ops flaky_ops = {fl_get,    fl_next, fl_test,
                                        fl_commit, fl_undo, fl_cleanup};

static void test_agent_set_commit_failure_undoes(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  flaky f[2];
  memset(f, 0, sizeof(f));
  snmpx_oid p;
  snmpx_oid_parse(&p, "1.3.6.1.4.1.50");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&p), &flaky_ops, &f[0]), 0);
  snmpx_oid_parse(&p, "1.3.6.1.4.1.51");
  assert_int_equal(
      snmpx_mib_register(w.mib, snmpx_oid_view(&p), &flaky_ops, &f[1]), 0);
  f[1].fail_commit = true;
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.2.1.1.6.0", str("moved"));
  req_add(&r, "1.3.6.1.4.1.50.0", integer(5));
  req_add(&r, "1.3.6.1.4.1.51.0", integer(6));
  snmpx_pdu resp;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_COMMIT_FAILED);
  assert_int_equal(resp.error_index, 3);
  assert_string_equal(f[0].log, "TCUX");
  assert_string_equal(f[1].log, "TCX");
  expect_kept(&w, "1.3.6.1.2.1.1.6.0", "location"); /* undone */
  /* An undo that fails too: undoFailed, index 0. */
  memset(f[0].log, 0, sizeof(f[0].log));
  memset(f[1].log, 0, sizeof(f[1].log));
  f[0].fail_undo = true;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_UNDO_FAILED);
  assert_int_equal(resp.error_index, 0);
  /* SNMPv1 sees genErr (RFC 3584 4.4). */
  r.in.msg.version = SNMPX_VERSION_1;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_GEN_ERR);
  /* Success: every cleanup says committed. */
  f[1].fail_commit = false;
  f[0].fail_undo = false;
  memset(f[0].log, 0, sizeof(f[0].log));
  r.in.msg.version = SNMPX_VERSION_2C;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  assert_string_equal(f[0].log, "TCK");
  assert_int_equal(f[0].value, 5);
  assert_int_equal(f[1].value, 6);
  expect_kept(&w, "1.3.6.1.2.1.1.6.0", "moved");
  /* The first commit fails with a check's status: nothing changed, so
   * that status is the answer (as if its test had failed). */
  f[0].fail_commit = true;
  memset(f[0].log, 0, sizeof(f[0].log));
  memset(f[1].log, 0, sizeof(f[1].log));
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.4.1.50.0", integer(7));
  req_add(&r, "1.3.6.1.4.1.51.0", integer(8));
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE);
  assert_int_equal(resp.error_index, 1);
  assert_string_equal(f[0].log, "TCX");
  assert_string_equal(f[1].log, "TX");
  assert_int_equal(f[1].value, 6);
  world_free(&w);
}

/* ---- SNMPv1 (RFC 3584) ------------------------------------------------- */

static void test_agent_v1_mapping(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  test_req r;
  snmpx_pdu resp;
  /* GET of a missing object: noSuchName at its index, request echoed. */
  req_init(&r, SNMPX_VERSION_1, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.2.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_SUCH_NAME);
  assert_int_equal(resp.error_index, 2);
  assert_int_equal(resp.varbinds[0].value.type, SNMPX_TYPE_NULL);
  /* Counter64 is invisible: GET says noSuchName, GETNEXT skips it. */
  req_init(&r, SNMPX_VERSION_1, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.31.1.1.1.6.1", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_SUCH_NAME);
  req_init(&r, SNMPX_VERSION_1, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, "1.3.6.1.2.1.1.7.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_SUCH_NAME);
  assert_int_equal(resp.error_index, 1);
  /* SET wrongType is badValue; notWritable is noSuchName. */
  req_init(&r, SNMPX_VERSION_1, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.2.1.1.6.0", integer(3));
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_BAD_VALUE);
  req_init(&r, SNMPX_VERSION_1, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", str("x"));
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_SUCH_NAME);
  /* No GETBULK in SNMPv1. */
  req_init(&r, SNMPX_VERSION_1, "public", SNMPX_PDU_GETBULK);
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_EAGENT_PDU_TYPE);
  /* tooBig keeps the request's varbinds in v1, none in v2c. */
  req_init(&r, SNMPX_VERSION_1, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_toobig(w.agent, &r.in, &resp), 0);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_TOO_BIG);
  assert_int_equal(resp.n_varbinds, 1);
  r.in.msg.version = SNMPX_VERSION_2C;
  assert_int_equal(snmpx_agent_toobig(w.agent, &r.in, &resp), 0);
  assert_int_equal(resp.n_varbinds, 0);
  assert_int_equal(resp.error_index, 0);
  world_free(&w);
}

/* ---- VACM through the agent ------------------------------------------- */

static void test_agent_view_hides_per_model(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  static const snmpx_version versions[] = {SNMPX_VERSION_1, SNMPX_VERSION_2C,
                                           SNMPX_VERSION_3};
  for (size_t k = 0; k < 3; k++) {
    snmpx_version v = versions[k];
    char names[32][64];
    /* The full view sees 7 objects (5 over v1: no Counter64)... */
    size_t n =
        walk(&w, v, v == SNMPX_VERSION_3 ? "admin" : "public", names, 32);
    assert_int_equal(n, v == SNMPX_VERSION_1 ? 5 : 7);
    /* ...the restricted one the system group without sysName. */
    n = walk(&w, v, "limited", names, 32);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++)
      assert_string_not_equal(names[i], ".1.3.6.1.2.1.1.5.0");
    assert_string_equal(names[3], ".1.3.6.1.2.1.1.7.0");
    /* GET of a hidden object: noSuchObject (v1: noSuchName). */
    test_req r;
    req_init(&r, v, "limited", SNMPX_PDU_GET);
    req_add(&r, "1.3.6.1.2.1.1.4.0", snmpx_value_null());
    req_add(&r, "1.3.6.1.2.1.1.5.0", snmpx_value_null());
    snmpx_pdu resp;
    process_ok(&w, &r, &resp);
    if (v == SNMPX_VERSION_1) {
      assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_SUCH_NAME);
      assert_int_equal(resp.error_index, 2);
    } else {
      assert_int_equal(resp.error_status, 0);
      expect_str(&resp.varbinds[0].value, "contact");
      assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_NOSUCHOBJECT);
    }
    /* SET of a hidden object: noAccess (v1: noSuchName), nothing set. */
    req_init(&r, v, "limited", SNMPX_PDU_SET);
    req_add(&r, "1.3.6.1.2.1.1.4.0", str("c2"));
    req_add(&r, "1.3.6.1.2.1.1.5.0", str("n2"));
    process_ok(&w, &r, &resp);
    assert_int_equal(resp.error_status, v == SNMPX_VERSION_1
                                            ? SNMPX_ERRSTAT_NO_SUCH_NAME
                                            : SNMPX_ERRSTAT_NO_ACCESS);
    assert_int_equal(resp.error_index, 2);
    expect_kept(&w, "1.3.6.1.2.1.1.4.0", "contact");
  }
  world_free(&w);
}

static void test_agent_wrong_identity_gets_nothing(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  snmpx_addr lab;
  set_addr4(&lab, 0x0a000000, 40000); /* 10.0.0.0/8 only */
  add_community(w.vacm, "lab", "pub", &lab, 8);
  test_req r;
  snmpx_pdu resp;
  /* Unknown community, or a known one from the wrong network: dropped
   * and counted. */
  req_init(&r, SNMPX_VERSION_2C, "wrong", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_EAGENT_BAD_COMMUNITY);
  req_init(&r, SNMPX_VERSION_1, "lab", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_EAGENT_BAD_COMMUNITY);
  set_addr4(&r.in.from, 0x0a010203, 40000);
  process_ok(&w, &r, &resp);
  expect_str(&resp.varbinds[0].value, "descr");
  /* A v3 user with no group, or a level below its access entry:
   * authorizationError, no data. */
  req_init(&r, SNMPX_VERSION_3, "stranger", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_AUTHORIZATION_ERROR);
  assert_int_equal(resp.varbinds[0].value.type, SNMPX_TYPE_NULL);
  add_group_all_models(w.vacm, "secure", "sec");
  add_access(w.vacm, "sec", SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_AUTHPRIV, "all",
             NULL);
  req_init(&r, SNMPX_VERSION_3, "secure", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  r.in.level = SNMPX_SECLEVEL_AUTHNOPRIV;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_AUTHORIZATION_ERROR);
  r.in.level = SNMPX_SECLEVEL_AUTHPRIV;
  process_ok(&w, &r, &resp);
  expect_str(&resp.varbinds[0].value, "descr");
  /* A community whose security name has no group: a bad use. */
  add_community(w.vacm, "orphan", "nogroup", NULL, 0);
  req_init(&r, SNMPX_VERSION_2C, "orphan", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_AUTHORIZATION_ERROR);
  snmpx_agent_stats st;
  snmpx_agent_get_stats(w.agent, &st);
  assert_int_equal(st.in_bad_community_names, 2);
  assert_int_equal(st.in_bad_community_uses, 1);
  world_free(&w);
}

static void test_agent_contexts(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_system(&w);
  snmpx_mib *lab =
      snmpx_agent_context(w.agent, (const uint8_t *)"lab", 3, true);
  assert_non_null(lab);
  add_value(lab, "1.3.6.1.2.1.1.5.0", str("lab name"), 0);
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = "rw";
  a.context_prefix = (const uint8_t *)"la";
  a.context_prefix_len = 2;
  a.prefix_match = true;
  a.level = SNMPX_SECLEVEL_NOAUTH;
  a.read_view = "all";
  assert_int_equal(snmpx_vacm_add_access(w.vacm, &a), 0);
  test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_3, "admin", SNMPX_PDU_GET);
  r.in.msg.context_name = (const uint8_t *)"lab";
  r.in.msg.context_name_len = 3;
  req_add(&r, "1.3.6.1.2.1.1.5.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  expect_str(&resp.varbinds[0].value, "lab name");
  /* An unknown context: a Report of snmpUnknownContexts. */
  r.in.msg.context_name = (const uint8_t *)"nope";
  r.in.msg.context_name_len = 4;
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.type, SNMPX_PDU_REPORT);
  expect_name(&resp.varbinds[0], ".1.3.6.1.6.3.12.1.5.0");
  assert_int_equal(resp.varbinds[0].value.v.u, 1);
  /* A community mapped to a missing context: dropped. */
  snmpx_vacm_community c;
  memset(&c, 0, sizeof(c));
  c.community = (const uint8_t *)"ghost";
  c.community_len = 5;
  c.security_name = (const uint8_t *)"pub";
  c.security_name_len = 3;
  c.context_name = (const uint8_t *)"ghost";
  c.context_name_len = 5;
  assert_int_equal(snmpx_vacm_add_community(w.vacm, &c), 0);
  req_init(&r, SNMPX_VERSION_2C, "ghost", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.5.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_EAGENT_UNKNOWN_CONTEXT);
  world_free(&w);
}

/* ---- Standard objects ------------------------------------------------- */

static void test_agent_standard_objects(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  /* A recorded sysName wins over the standard one. */
  add_value(w.mib, "1.3.6.1.2.1.1.5.0", str("recorded"), 0);
  snmpx_agent_system sys;
  memset(&sys, 0, sizeof(sys));
  sys.descr = "test agent";
  sys.name = "ignored";
  sys.location = "lab";
  sys.writable = true;
  assert_int_equal(snmpx_agent_add_standard(w.agent, &sys), 0);
  static const uint32_t cap[] = {1, 3, 6, 1, 6, 3, 1};
  fake_clock_set(3000);
  assert_int_equal(snmpx_agent_add_sysor(w.agent, SNMPX_OIDV(cap), "v2"), 1);
  fake_clock_set(5500);
  test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.1.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.3.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.5.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.8.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.9.1.3.1", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.11.4.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.2.0", snmpx_value_null());
  process_ok(&w, &r, &resp);
  expect_str(&resp.varbinds[0].value, "test agent");
  assert_int_equal(resp.varbinds[1].value.type, SNMPX_TYPE_TIMETICKS);
  assert_int_equal(resp.varbinds[1].value.v.u, 450);
  expect_str(&resp.varbinds[2].value, "recorded");
  assert_int_equal(resp.varbinds[3].value.v.u, 200);
  expect_str(&resp.varbinds[4].value, "v2");
  assert_int_equal(resp.varbinds[5].value.type, SNMPX_TYPE_COUNTER32);
  assert_int_equal(resp.varbinds[6].value.type, SNMPX_TYPE_OID);
  /* Walking the snmp group ends in it; the engine group has no instance
   * without an engine. */
  char names[64][64];
  size_t n = walk(&w, SNMPX_VERSION_2C, "public", names, 64);
  assert_true(n > 25);
  for (size_t i = 0; i < n; i++)
    assert_null(strstr(names[i], ".1.3.6.1.6.3.10.2.1."));
  world_free(&w);
}

/* A SET of |oid| = |v| by "private" in |version|: the error-status. */
static int32_t set_status(world *w, snmpx_version version, const char *oid,
                          snmpx_value v)
{
  test_req r;
  snmpx_pdu resp;
  req_init(&r, version, "private", SNMPX_PDU_SET);
  req_add(&r, oid, v);
  process_ok(w, &r, &resp);
  return resp.error_status;
}

/* RFC 3418: sysContact, sysName, sysLocation are DisplayString (SIZE
 * (0..255)): 256 octets answer wrongLength (v1 badValue), as snmpd. */
static void test_agent_standard_sizes(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  snmpx_agent_system sys;
  memset(&sys, 0, sizeof(sys));
  sys.writable = true;
  assert_int_equal(snmpx_agent_add_standard(w.agent, &sys), 0);
  char big[257];
  memset(big, 'x', sizeof(big) - 1);
  big[256] = '\0';
  static const char *const writable[] = {
      "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0"};
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(set_status(&w, SNMPX_VERSION_2C, writable[i], str(big)),
                     SNMPX_ERRSTAT_WRONG_LENGTH);
    assert_int_equal(set_status(&w, SNMPX_VERSION_1, writable[i], str(big)),
                     SNMPX_ERRSTAT_BAD_VALUE);
    assert_int_equal(
        set_status(&w, SNMPX_VERSION_2C, writable[i], str(big + 1)), 0);
    assert_int_equal(set_status(&w, SNMPX_VERSION_2C, writable[i], integer(1)),
                     SNMPX_ERRSTAT_WRONG_TYPE);
  }
  /* Read-only objects: sysDescr, snmpEnableAuthenTraps (snmpx sends no
   * authenticationFailure trap, so it stays disabled(2)). */
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, "1.3.6.1.2.1.1.1.0",
                              str("x")),
                   SNMPX_ERRSTAT_NOT_WRITABLE);
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, "1.3.6.1.2.1.11.30.0",
                              integer(1)),
                   SNMPX_ERRSTAT_NOT_WRITABLE);
  world_free(&w);
}

/* An RNG of all one bits: snmpSetSerialNo starts at 2147483647. */
static void all_ones(void *ud, void *buf, size_t len)
{
  (void)ud;
  memset(buf, 0xff, len);
}

/* |oid|'s INTEGER value, read by "public". */
static int64_t get_int(world *w, const char *oid)
{
  test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, oid, snmpx_value_null());
  process_ok(w, &r, &resp);
  assert_int_equal(resp.varbinds[0].value.type, SNMPX_TYPE_INTEGER);
  return resp.varbinds[0].value.v.i;
}

/* snmpSetSerialNo (RFC 3418 2), a TestAndIncr (RFC 2579): the start value
 * comes from the engine's RNG; a SET with the value held moves it one up
 * and 2147483647 wraps to 0; any other value is inconsistentValue (v1
 * badValue), a negative one wrongValue, another type wrongType; a SET
 * that fails elsewhere leaves it; the same value twice in one SET moves it
 * once. */
static void test_agent_standard_set_serial_no(void **state)
{
  (void)state;
  static const char *const o = "1.3.6.1.6.3.1.1.6.1.0";
  world w;
  world_init(&w);
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.random = all_ones;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  assert_non_null(e);
  assert_int_equal(snmpx_agent_attach(w.agent, e), 0);
  assert_int_equal(snmpx_agent_add_standard(w.agent, NULL), 0);
  assert_int_equal(get_int(&w, o), 2147483647);
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, o, integer(2147483647)),
                   0);
  assert_int_equal(get_int(&w, o), 0);
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, o, integer(2147483647)),
                   SNMPX_ERRSTAT_INCONSISTENT_VALUE);
  assert_int_equal(set_status(&w, SNMPX_VERSION_1, o, integer(5)),
                   SNMPX_ERRSTAT_BAD_VALUE);
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, o, integer(-1)),
                   SNMPX_ERRSTAT_WRONG_VALUE);
  assert_int_equal(set_status(&w, SNMPX_VERSION_2C, o, str("0")),
                   SNMPX_ERRSTAT_WRONG_TYPE);
  assert_int_equal(
      set_status(&w, SNMPX_VERSION_2C, "1.3.6.1.6.3.1.1.6.1.1", integer(0)),
      SNMPX_ERRSTAT_NO_CREATION);
  assert_int_equal(get_int(&w, o), 0);
  test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, o, integer(0));
  req_add(&r, "1.3.6.1.2.1.1.4.0", str("x")); /* not writable here */
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NOT_WRITABLE);
  assert_int_equal(get_int(&w, o), 0);
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, o, integer(0));
  req_add(&r, o, integer(0));
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(get_int(&w, o), 1);
  /* Read-only for a community without write access. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_SET);
  req_add(&r, o, integer(1));
  process_ok(&w, &r, &resp);
  assert_int_not_equal(resp.error_status, 0);
  assert_int_equal(get_int(&w, o), 1);
  assert_int_equal(snmpx_agent_attach(w.agent, NULL), 0);
  world_free(&w);
  snmpx_engine_free(e);
}

/* A recorded sysORLastChange is kept when sysORTable gets rows. */
static void test_agent_standard_keeps_recorded_last_change(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  add_value(w.mib, "1.3.6.1.2.1.1.8.0",
            snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 777), 0);
  assert_int_equal(snmpx_agent_add_standard(w.agent, NULL), 0);
  static const uint32_t cap[] = {1, 3, 6, 1, 6, 3, 1};
  fake_clock_set(3000);
  assert_int_equal(snmpx_agent_add_sysor(w.agent, SNMPX_OIDV(cap), "v2"), 1);
  test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, "1.3.6.1.2.1.1.8.0", snmpx_value_null());
  req_add(&r, "1.3.6.1.2.1.1.9.1.4.1", snmpx_value_null());
  process_ok(&w, &r, &resp);
  assert_int_equal(resp.varbinds[0].value.type, SNMPX_TYPE_TIMETICKS);
  assert_int_equal(resp.varbinds[0].value.v.u, 777);
  assert_int_equal(resp.varbinds[1].value.v.u, 200); /* the row's time */
  world_free(&w);
}

/* ---- .snmprec ---------------------------------------------------------- */

static void test_agent_snmprec_lines(void **state)
{
  (void)state;
  uint8_t buf[64];
  uint32_t arcs[16];
  snmpx_oid name;
  snmpx_value v;
#define PARSE(s)                                                               \
  snmpx_snmprec_parse_line(s, strlen(s), &name, &v, buf, sizeof(buf), arcs, 16)
  assert_int_equal(PARSE("1.3.6.1.2.1.1.1.0|4|Linux box\n"), 0);
  expect_str(&v, "Linux box");
  assert_int_equal(name.len, 9);
  assert_int_equal(PARSE("1.3.6.1.2.1.1.1.0|4x|00ff41\r\n"), 0);
  assert_int_equal(v.v.bytes.len, 3);
  assert_int_equal(v.v.bytes.ptr[1], 0xff);
  assert_int_equal(PARSE("1.3.6.1.2.1.1.1.0|4|a|b"), 0);
  expect_str(&v, "a|b");
  assert_int_equal(PARSE("1.3.6.1.2.1.1.7.0|2|-72"), 0);
  assert_int_equal(v.v.i, -72);
  assert_int_equal(PARSE("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10"), 0);
  assert_int_equal(v.type, SNMPX_TYPE_OID);
  assert_int_equal(v.v.oid.len, 10);
  assert_int_equal(PARSE("1.3.6.1.2.1.4.20.1.1.127.0.0.1|64|127.0.0.1"), 0);
  assert_int_equal(v.type, SNMPX_TYPE_IPADDRESS);
  assert_int_equal(v.v.bytes.ptr[0], 127);
  assert_int_equal(PARSE("1.3|64x|7f000001"), 0);
  assert_int_equal(PARSE("1.3|70|18446744073709551615"), 0);
  assert_int_equal(v.v.u, UINT64_MAX);
  assert_int_equal(PARSE("1.3|67|4294967295"), 0);
  assert_int_equal(PARSE("# comment"), SNMPX_ENOTFOUND);
  assert_int_equal(PARSE("   \n"), SNMPX_ENOTFOUND);
  assert_int_equal(PARSE("1.3|67|4294967296"), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(PARSE("1.3|2|12a"), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(PARSE("1.3|4x|abc"), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(PARSE("1.3|4x|zz"), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(PARSE("1.3|64|1.2.3"), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(PARSE("1.3|99|1"), SNMPX_ESNMPREC_TYPE);
  assert_int_equal(PARSE("1.3|2:numeric|1"), SNMPX_ESNMPREC_TYPE);
  assert_int_equal(PARSE("1.3|2"), SNMPX_ESNMPREC_SYNTAX);
  assert_int_equal(PARSE("x.3|2|1"), SNMPX_ESNMPREC_SYNTAX);
#undef PARSE
}

static void test_agent_snmprec_load(void **state)
{
  (void)state;
  char path[] = "/tmp/snmpx-test-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("1.3.6.1.2.1.1.1.0|4|box\n"
        "1.3.6.1.2.1.1.3.0|67|123\n"
        "# a comment\n"
        "1.3.6.1.2.1.2.2.1.6.1|4x|001122334455\n",
        f);
  fclose(f);
  snmpx_mib *m = snmpx_mib_new(NULL);
  size_t line = 99;
  assert_int_equal(snmpx_snmprec_load(m, path, 0, &line), 3);
  assert_int_equal(line, 0);
  f = fopen(path, "a");
  fputs("1.3.6.1.2.1.1.5.0|4|ok\n1.3.6.1.2.1.1.6.0|66|-1\n", f);
  fclose(f);
  snmpx_mib_free(m);
  m = snmpx_mib_new(NULL);
  assert_int_equal(snmpx_snmprec_load(m, path, 0, &line), SNMPX_ESNMPREC_VALUE);
  assert_int_equal(line, 6);
  snmpx_mib_free(m);
  unlink(path);
  m = snmpx_mib_new(NULL);
  assert_int_equal(snmpx_snmprec_load(m, path, 0, &line), SNMPX_ENOTFOUND);
  snmpx_mib_free(m);
}

/* ---- Requests that wait (snmpx_mib_req_defer) ----------------------- */

/* What the agent answers through its async callbacks; the tests keep
 * their requests alive, so holding is returning the same one. */
typedef struct held {
  int answers;
  int releases;
  snmpx_pdu *last;
} held;

static const snmpx_incoming *h_hold(void *ud, const snmpx_incoming *in)
{
  (void)ud;
  return in;
}

static void h_answer(void *ud, const snmpx_incoming *in, const snmpx_pdu *resp)
{
  held *h = ud;
  (void)in;
  h->answers++;
  snmpx_pdu_free(h->last, NULL);
  h->last = snmpx_pdu_dup(resp, NULL);
  assert_non_null(h->last);
}

static void h_release(void *ud, const snmpx_incoming *in)
{
  held *h = ud;
  (void)in;
  h->releases++;
}

static void hold_requests(world *w, held *h)
{
  memset(h, 0, sizeof(*h));
  snmpx_agent_async ops = {h_hold, h_answer, h_release, h};
  assert_int_equal(snmpx_agent_set_async(w->agent, &ops), 0);
}

/* A subtree (1.3.6.1.4.1.79) whose get, next and test answer later: the
 * ids are for snmpx_agent_complete.  Its commit succeeds at once. */
typedef struct later {
  uint64_t ids[8];
  int n;
  bool defer_commit; /* commit answers later too */
  int commits;
  int cleanups;
} later;

static const uint32_t later_prefix[] = {1, 3, 6, 1, 4, 1, 79};

static snmpx_errstat later_defer(later *lt, snmpx_mib_req *rq)
{
  uint64_t id = snmpx_mib_req_defer(rq, 1000);
  assert_true(id != 0);
  assert_true(lt->n < 8);
  lt->ids[lt->n++] = id;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat lt_get(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                            snmpx_value *out)
{
  (void)name;
  (void)out;
  return later_defer(ctx, rq);
}

static snmpx_errstat lt_next(void *ctx, snmpx_mib_req *rq, snmpx_oidv after,
                             snmpx_oid *name, snmpx_value *out)
{
  (void)after;
  (void)name;
  (void)out;
  return later_defer(ctx, rq);
}

static snmpx_errstat lt_test(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                             const snmpx_value *v, void **st)
{
  (void)name;
  (void)v;
  (void)st;
  return later_defer(ctx, rq);
}

static snmpx_errstat lt_commit(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                               const snmpx_value *v, void **st)
{
  (void)name;
  (void)v;
  (void)st;
  later *lt = ctx;
  lt->commits++;
  return lt->defer_commit ? later_defer(lt, rq) : SNMPX_ERRSTAT_NO_ERROR;
}

static void lt_cleanup(void *ctx, snmpx_mib_req *rq, snmpx_oidv name, void **st,
                       bool committed)
{
  (void)rq;
  (void)name;
  (void)st;
  (void)committed;
  ((later *)ctx)->cleanups++;
}

static const snmpx_mib_ops later_ops = {lt_get,    lt_next, lt_test,
                                        lt_commit, NULL,    lt_cleanup};

static void register_later(world *w, later *lt)
{
  memset(lt, 0, sizeof(*lt));
  assert_int_equal(
      snmpx_mib_register(w->mib, SNMPX_OIDV(later_prefix), &later_ops, lt), 0);
}

/* The answer for deferral |id|: |st|, and for a walk the instance
 * |name| with |v|. */
static void complete(world *w, uint64_t id, snmpx_errstat st, const char *name,
                     snmpx_value v)
{
  snmpx_oid o;
  memset(&o, 0, sizeof(o));
  if (name != NULL)
    assert_int_equal(snmpx_oid_parse(&o, name), 0);
  assert_int_equal(
      snmpx_agent_complete(w->agent, id, st, snmpx_oid_view(&o), &v), 0);
}

/* A table (1.3.6.1.4.1.78.1.1, INDEX INTEGER) whose columns 2 and 3 are
 * writable; its commit notes which column of which row it was given. */
typedef struct tset {
  uint32_t col;
  int row;
  int64_t index;
  int commits;
} tset;

static snmpx_errstat ts_get(void *ctx, snmpx_mib_req *rq,
                            const snmpx_table_row *row, uint32_t column,
                            snmpx_value *out)
{
  (void)ctx;
  (void)rq;
  *out = integer(*(int *)row->row * 10 + (int)column);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat ts_test(void *ctx, snmpx_mib_req *rq,
                             const snmpx_table_row *row, uint32_t column,
                             const snmpx_value *v, void **st)
{
  (void)ctx;
  (void)rq;
  (void)row;
  (void)column;
  (void)st;
  return v->type == SNMPX_TYPE_INTEGER ? SNMPX_ERRSTAT_NO_ERROR
                                       : SNMPX_ERRSTAT_WRONG_TYPE;
}

static snmpx_errstat ts_commit(void *ctx, snmpx_mib_req *rq,
                               const snmpx_table_row *row, uint32_t column,
                               const snmpx_value *v, void **st)
{
  (void)rq;
  (void)v;
  (void)st;
  tset *t = ctx;
  t->col = column;
  t->row = *(int *)row->row;
  t->index = row->index[0].v.i;
  t->commits++;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void add_tset_table(world *w, tset *t, int *rows, size_t n)
{
  static const snmpx_index_spec spec[] = {{SNMPX_INDEX_INTEGER, 0}};
  static const uint8_t cols[] = {SNMPX_COLUMN_NONE, SNMPX_COLUMN_WRITE,
                                 SNMPX_COLUMN_WRITE};
  static const uint32_t entry[] = {1, 3, 6, 1, 4, 1, 78, 1, 1};
  memset(t, 0, sizeof(*t));
  snmpx_table_def def;
  memset(&def, 0, sizeof(def));
  def.entry = SNMPX_OIDV(entry);
  def.index = spec;
  def.n_index = 1;
  def.columns = cols;
  def.n_columns = 3;
  def.get = ts_get;
  def.test = ts_test;
  def.commit = ts_commit;
  def.ctx = t;
  snmpx_table *tb = snmpx_mib_add_table(w->mib, &def);
  assert_non_null(tb);
  for (size_t i = 0; i < n; i++) {
    snmpx_value idx = integer(rows[i]);
    assert_int_equal(snmpx_table_add_row(tb, &idx, &rows[i]), 0);
  }
}

/* A table SET whose request waits for another varbind's handler keeps
 * the row and column its test found: a request served meanwhile works in
 * scratch of its own, not in the waiting one's. */
static void test_agent_waiting_set_keeps_table_state(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  held h;
  hold_requests(&w, &h);
  later lt;
  register_later(&w, &lt);
  tset t;
  int rows[] = {1, 2};
  add_tset_table(&w, &t, rows, 2);
  test_req r1, r2;
  snmpx_pdu resp;
  req_init(&r1, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r1, "1.3.6.1.4.1.78.1.1.2.1", integer(5));
  req_add(&r1, "1.3.6.1.4.1.79.1.0", integer(1));
  assert_int_equal(snmpx_agent_process(w.agent, &r1.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(lt.n, 1);
  /* Meanwhile: another column of another row, answered at once. */
  req_init(&r2, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  r2.in.msg.pdu.request_id = 4243;
  req_add(&r2, "1.3.6.1.4.1.78.1.1.3.2", integer(7));
  assert_int_equal(snmpx_agent_process(w.agent, &r2.in, &resp), 0);
  assert_int_equal(resp.error_status, 0);
  assert_int_equal(t.commits, 1);
  assert_int_equal(t.col, 3);
  assert_int_equal(t.row, 2);
  /* The waiting SET goes on to commit what it tested. */
  complete(&w, lt.ids[0], SNMPX_ERRSTAT_NO_ERROR, NULL, snmpx_value_null());
  assert_int_equal(h.answers, 1);
  assert_int_equal(h.last->error_status, 0);
  assert_int_equal(t.commits, 2);
  assert_int_equal(t.col, 2);
  assert_int_equal(t.row, 1);
  assert_int_equal(t.index, 1);
  assert_int_equal(lt.commits, 1);
  assert_int_equal(lt.cleanups, 1);
  assert_int_equal(h.releases, 1);
  snmpx_pdu_free(h.last, NULL);
  world_free(&w);
}

/* A handler that gives the answer another request waits for, as a
 * reader of a helper program's replies might while it serves a request. */
typedef struct kicker {
  world *w;
  uint64_t id;
} kicker;

static snmpx_errstat kick_get(void *ctx, snmpx_mib_req *rq, snmpx_oidv name,
                              snmpx_value *out)
{
  (void)rq;
  (void)name;
  kicker *k = ctx;
  complete(k->w, k->id, SNMPX_ERRSTAT_NO_ERROR, NULL, integer(9));
  *out = integer(1);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops kick_ops = {kick_get, none_next, NULL,
                                       NULL,     NULL,      NULL};

/* An answer given while another request is worked on is applied when
 * that request's processing ends, not at some later call. */
static void test_agent_answer_given_meanwhile_is_sent(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  held h;
  hold_requests(&w, &h);
  later lt;
  register_later(&w, &lt);
  kicker k = {&w, 0};
  static const uint32_t kick_prefix[] = {1, 3, 6, 1, 4, 1, 80};
  assert_int_equal(
      snmpx_mib_register(w.mib, SNMPX_OIDV(kick_prefix), &kick_ops, &k), 0);
  test_req r1, r2;
  snmpx_pdu resp;
  req_init(&r1, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r1, "1.3.6.1.4.1.79.1.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r1.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(lt.n, 1);
  k.id = lt.ids[0];
  req_init(&r2, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  r2.in.msg.pdu.request_id = 4243;
  req_add(&r2, "1.3.6.1.4.1.80.1.0", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r2.in, &resp), 0);
  assert_int_equal(resp.varbinds[0].value.v.i, 1);
  /* The first request was answered before the call returned. */
  assert_int_equal(h.answers, 1);
  assert_int_equal(h.last->request_id, 4242);
  assert_int_equal(h.last->varbinds[0].value.v.i, 9);
  assert_int_equal(snmpx_agent_waiting(w.agent), 0);
  assert_int_equal(h.releases, 1);
  snmpx_pdu_free(h.last, NULL);
  world_free(&w);
}

/* A waiting request keeps nothing that may move or go while it waits:
 * its view is looked up again (the VACM's view table grows and moves), and
 * a SET calls no handler whose registration went (a kept value's node is
 * freed with it, undo record and all). */
static void test_agent_waiting_request_survives_changes(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  held h;
  hold_requests(&w, &h);
  later lt;
  register_later(&w, &lt);
  test_req r;
  snmpx_pdu resp;
  /* A walk into the waiting subtree; meanwhile the view table grows. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, "1.3.6.1.4.1.79", snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  for (int i = 0; i < 40; i++) {
    char name[16];
    snprintf(name, sizeof(name), "v%d", i);
    add_view(w.vacm, name, "1.3.6.1.2", true);
  }
  complete(&w, lt.ids[0], SNMPX_ERRSTAT_NO_ERROR, "1.3.6.1.4.1.79.1.0",
           integer(5));
  assert_int_equal(h.answers, 1);
  expect_name(&h.last->varbinds[0], ".1.3.6.1.4.1.79.1.0");
  assert_int_equal(h.last->varbinds[0].value.v.i, 5);

  /* A SET of a kept value and the waiting subtree; the value is removed
   * before the commit: commitFailed at its index, nothing called on it. */
  add_value(w.mib, "1.3.6.1.4.1.77.5.0", integer(1), SNMPX_MIB_WRITABLE);
  snmpx_oid gone;
  snmpx_oid_parse(&gone, "1.3.6.1.4.1.77.5.0");
  lt.n = 0;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, "1.3.6.1.4.1.77.5.0", integer(5));
  req_add(&r, "1.3.6.1.4.1.79.1.0", integer(6));
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(snmpx_mib_unregister(w.mib, snmpx_oid_view(&gone)), 0);
  complete(&w, lt.ids[0], SNMPX_ERRSTAT_NO_ERROR, NULL, snmpx_value_null());
  assert_int_equal(h.answers, 2);
  assert_int_equal(h.last->error_status, SNMPX_ERRSTAT_COMMIT_FAILED);
  assert_int_equal(h.last->error_index, 1);
  assert_int_equal(lt.commits, 0);
  assert_int_equal(lt.cleanups, 1);

  /* Removed after its commit, while the other commit waits and then
   * fails: its undo cannot be done (undoFailed), its cleanup is not
   * called, and its undo record is freed with it. */
  add_value(w.mib, "1.3.6.1.4.1.77.5.0", str("old"), SNMPX_MIB_WRITABLE);
  lt.n = 0;
  lt.defer_commit = true;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  r.in.msg.pdu.request_id = 4243;
  req_add(&r, "1.3.6.1.4.1.77.5.0", str("new"));
  req_add(&r, "1.3.6.1.4.1.79.1.0", integer(6));
  assert_int_equal(snmpx_agent_process(w.agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  complete(&w, lt.ids[0], SNMPX_ERRSTAT_NO_ERROR, NULL, snmpx_value_null());
  assert_int_equal(lt.n, 2); /* the commit waits in turn */
  expect_kept(&w, "1.3.6.1.4.1.77.5.0", "new");
  assert_int_equal(snmpx_mib_unregister(w.mib, snmpx_oid_view(&gone)), 0);
  complete(&w, lt.ids[1], SNMPX_ERRSTAT_COMMIT_FAILED, NULL,
           snmpx_value_null());
  assert_int_equal(h.answers, 3);
  assert_int_equal(h.last->error_status, SNMPX_ERRSTAT_UNDO_FAILED);
  assert_int_equal(h.last->error_index, 0);
  assert_int_equal(lt.cleanups, 2);
  assert_int_equal(snmpx_agent_waiting(w.agent), 0);
  snmpx_pdu_free(h.last, NULL);
  world_free(&w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_agent_get_values_and_exceptions),
      cmocka_unit_test(test_agent_getnext_across_handlers),
      cmocka_unit_test(test_agent_register_overlap),
      cmocka_unit_test(test_agent_table_index_and_order),
      cmocka_unit_test(test_agent_table_long_sparse_column),
      cmocka_unit_test(test_agent_getbulk),
      cmocka_unit_test(test_agent_getbulk_limits),
      cmocka_unit_test(test_agent_standard_sizes),
      cmocka_unit_test(test_agent_standard_set_serial_no),
      cmocka_unit_test(test_agent_set_one_bad_varbind_changes_nothing),
      cmocka_unit_test(test_agent_set_commit_failure_undoes),
      cmocka_unit_test(test_agent_v1_mapping),
      cmocka_unit_test(test_agent_view_hides_per_model),
      cmocka_unit_test(test_agent_wrong_identity_gets_nothing),
      cmocka_unit_test(test_agent_contexts),
      cmocka_unit_test(test_agent_standard_objects),
      cmocka_unit_test(test_agent_standard_keeps_recorded_last_change),
      cmocka_unit_test(test_agent_snmprec_lines),
      cmocka_unit_test(test_agent_snmprec_load),
      cmocka_unit_test(test_agent_waiting_set_keeps_table_state),
      cmocka_unit_test(test_agent_answer_given_meanwhile_is_sent),
      cmocka_unit_test(test_agent_waiting_request_survives_changes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
