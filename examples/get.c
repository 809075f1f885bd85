/* A blocking SNMPv2c GET with libsnmpx's public API.
 *
 *   cc get.c $(pkg-config --cflags --libs snmpx) -o get
 *   ./get 127.0.0.1:161 public 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.5.0
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <snmpx/snmpx.h>

static void print_value(const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    printf("INTEGER %" PRId64 "\n", v->v.i);
    break;
  case SNMPX_TYPE_OCTET_STRING:
    printf("STRING %.*s\n", (int)v->v.bytes.len, (const char *)v->v.bytes.ptr);
    break;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_COUNTER64:
    printf("%s %" PRIu64 "\n", snmpx_type_name(v->type), v->v.u);
    break;
  default:
    printf("%s\n", snmpx_type_name(v->type));
    break;
  }
}

int main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: %s AGENT COMMUNITY OID...\n", argv[0]);
    return 1;
  }
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  if (snmpx_addr_parse(&t.addr, argv[1], 161) != 0) {
    fprintf(stderr, "bad agent address: %s\n", argv[1]);
    return 1;
  }
  t.version = SNMPX_VERSION_2C;
  t.community = (const uint8_t *)argv[2];
  t.community_len = strlen(argv[2]);
  t.retries = 1;

  enum { MAX = 16 };
  snmpx_oid oids[MAX];
  snmpx_oidv views[MAX];
  size_t n = 0;
  for (int i = 3; i < argc && n < MAX; i++, n++) {
    int rv = snmpx_oid_parse(&oids[n], argv[i]);
    if (rv != 0) {
      fprintf(stderr, "%s: %s\n", argv[i], snmpx_strerror(rv));
      return 1;
    }
    views[n] = snmpx_oid_view(&oids[n]);
  }

  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_manager *m = snmpx_manager_new(e, &t);
  snmpx_result r;
  int64_t h = snmpx_manager_get(m, views, n, snmpx_result_cb, &r);
  int rv = snmpx_io_wait_handle(io, h, &r);
  if (rv == 0) {
    for (size_t i = 0; i < r.resp->n_varbinds; i++) {
      char name[512];
      snmpx_oid_format(r.resp->varbinds[i].name, name, sizeof(name));
      printf("%s = ", name);
      print_value(&r.resp->varbinds[i].value);
    }
    snmpx_pdu_free(r.resp, NULL);
  } else {
    fprintf(stderr, "%s: %s\n", argv[1], snmpx_strerror(rv));
  }
  snmpx_manager_free(m);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return rv == 0 ? 0 : 1;
}
