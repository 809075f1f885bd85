/* libFuzzer target: the MIB compiled-cache reader (src/mib/mib_cache.c).
 * The input is a cache image, read from memory.  It is tried as it is
 * (its checksum must refuse almost every mutation), then with its last 8
 * bytes replaced by the right checksum, so mutations reach the checks of
 * the layout and of every index and link.  The check of the image's source
 * files is skipped (an image in memory has none).  A refused image must
 * leave the database as it was; an accepted one must be safe to walk,
 * print and search.  abort() on any broken invariant. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mib/mib_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_mib_cache: %s\n", what);
    abort();
  }
}

static void visit(snmpx_mibdb *m, snmpx_mibdb_node n, int depth)
{
  for (; n != SNMPX_MIBDB_NODE_NONE && depth < 130;
       n = snmpx_mibdb_next_sibling(m, n)) {
    snmpx_oid oid, back;
    char name[512], why[128];
    if (snmpx_mibdb_node_oid(m, n, &oid) == 0) {
      snmpx_oidv v = snmpx_oid_view(&oid);
      for (int style = 0; style <= SNMPX_MIBDB_STYLE_UCD; style++)
        snmpx_mibdb_format_oid(m, v, (snmpx_mibdb_style)style,
                               SNMPX_MIBDB_FMT_EXTENDED_INDEX, name,
                               sizeof(name));
      snmpx_mibdb_format_oid(m, v, SNMPX_MIBDB_STYLE_MODULE, 0, name,
                             sizeof(name));
      snmpx_mibdb_parse_oid(m, name, SNMPX_MIBDB_RANDOM, &back, why,
                            sizeof(why));
      size_t matched;
      snmpx_mibdb_find(m, v, &matched);
      snmpx_mibdb_info in;
      if (snmpx_mibdb_info_get(m, n, &in) == 0) {
        for (size_t i = 0; i < in.n_enums && i < 64; i++) {
          const char *label;
          int64_t value;
          snmpx_mibdb_enum_at(m, n, i, &label, &value);
        }
        for (size_t i = 0; i < in.n_ranges && i < 64; i++) {
          int64_t lo, hi;
          snmpx_mibdb_range_at(m, n, i, &lo, &hi);
        }
        for (size_t i = 0; i < in.n_index && i < 64; i++)
          snmpx_mibdb_index_at(m, n, i, NULL);
        for (size_t i = 0; snmpx_mibdb_module_at(m, n, i) != NULL && i < 64;
             i++)
          ;
      }
    }
    visit(m, snmpx_mibdb_first_child(m, n), depth + 1);
  }
}

static void try_image(const uint8_t *buf, size_t len)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  if (m == NULL)
    return;
  size_t before = snmpx_mibdb_node_count(m);
  int rv = snmpx__mibdb_cache_parse(m, buf, len, NULL);
  if (rv != 0) {
    check(rv == SNMPX_EMIB_CACHE || rv == SNMPX_ENOMEM, "unexpected error");
    check(snmpx_mibdb_node_count(m) == before, "a refused cache changed m");
  } else {
    visit(m, snmpx_mibdb_first_child(m, SNMPX_MIBDB_NODE_NONE), 0);
  }
  snmpx_mibdb_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size > (4u << 20))
    return 0;
  try_image(data, size);
  if (size < 16)
    return 0;
  uint8_t *copy = malloc(size);
  if (copy == NULL)
    return 0;
  memcpy(copy, data, size);
  uint64_t sum = snmpx__mibdb_cache_checksum(copy, size - 8);
  memcpy(copy + size - 8, &sum, sizeof(sum));
  try_image(copy, size);
  free(copy);
  return 0;
}
