/* The compiled MIB cache reader refuses a damaged cache, whatever the
 * damage, and leaves the database as it was (issue 13: "a corrupted or
 * truncated cache must be refused, never crash").  Each case writes a
 * real cache, damages it, puts a valid checksum back (so the damage
 * reaches the layout and link checks), and loads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>

#include "mib/mib_priv.h"

static const char test_mib[] = "CACHE-TEST-MIB DEFINITIONS ::= BEGIN\n"
                               "org OBJECT IDENTIFIER ::= { iso 3 }\n"
                               "dod OBJECT IDENTIFIER ::= { org 6 }\n"
                               "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
                               "ctA OBJECT IDENTIFIER ::= { internet 1 }\n"
                               "ctB OBJECT IDENTIFIER ::= { internet 2 }\n"
                               "ctC OBJECT IDENTIFIER ::= { ctB 7 }\n"
                               "END\n";

typedef struct fixture {
  char dir[64], mib[128], cache[128];
  uint8_t *img;
  size_t len;
} fixture;

/* Offset of the node array in an image: magic, build stamp, the number of
 * arrays, then the node array's header (element size, count). */
#define NODES_AT (8 + 40 + 4 + 8)

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  snprintf(f->dir, sizeof(f->dir), "/tmp/snmpx-cachetest.XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->mib, sizeof(f->mib), "%s/CACHE-TEST-MIB.txt", f->dir);
  snprintf(f->cache, sizeof(f->cache), "%s/c.cache", f->dir);
  FILE *fp = fopen(f->mib, "w");
  assert_non_null(fp);
  fputs(test_mib, fp);
  fclose(fp);
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  assert_int_equal(snmpx_mibdb_load_file(m, f->mib), 0);
  assert_int_equal(snmpx__mibdb_cache_save(m, f->cache), 0);
  snmpx_mibdb_free(m);
  fp = fopen(f->cache, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  f->len = (size_t)ftell(fp);
  rewind(fp);
  f->img = malloc(f->len);
  assert_int_equal(fread(f->img, 1, f->len, fp), f->len);
  fclose(fp);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  unlink(f->mib);
  unlink(f->cache);
  rmdir(f->dir);
  free(f->img);
  free(f);
  return 0;
}

/* Write |len| bytes of |img| with a fresh checksum and load them over a
 * database holding one module.  @return the load's result. */
static int load_damaged(fixture *f, uint8_t *img, size_t len)
{
  if (len >= 16) {
    uint64_t sum = snmpx__mibdb_cache_checksum(img, len - 8);
    memcpy(img + len - 8, &sum, sizeof(sum));
  }
  FILE *fp = fopen(f->cache, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(img, 1, len, fp), len);
  fclose(fp);
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  size_t before = snmpx_mibdb_node_count(m);
  int rv = snmpx__mibdb_cache_load(m, f->cache, f->mib);
  if (rv != 0)
    assert_int_equal(snmpx_mibdb_node_count(m), before);
  snmpx_mibdb_free(m);
  return rv;
}

static mib_node *node_at(uint8_t *img, uint32_t i)
{
  return (mib_node *)(void *)(img + NODES_AT + (size_t)i * sizeof(mib_node));
}

/* The image itself loads (the damage below is all that is refused). */
static void test_cache_intact_loads(void **state)
{
  fixture *f = *state;
  uint8_t *img = malloc(f->len);
  memcpy(img, f->img, f->len);
  assert_int_equal(load_damaged(f, img, f->len), 0);
  free(img);
}

/* Links that loop: a sibling, a child, a hash chain, a module list, a
 * parent that is not the node a child hangs under. */
static void test_cache_loops_refused(void **state)
{
  fixture *f = *state;
  uint32_t n_nodes;
  memcpy(&n_nodes, f->img + NODES_AT - 4, sizeof(n_nodes));
  assert_true(n_nodes >= 8);
  for (int kind = 0; kind < 6; kind++) {
    uint8_t *img = malloc(f->len);
    memcpy(img, f->img, f->len);
    mib_node n;
    uint32_t last = n_nodes - 1;
    memcpy(&n, node_at(img, last), sizeof(n));
    switch (kind) {
    case 0:
      n.sibling = last;
      break; /* sibling of itself */
    case 1:
      n.child = last;
      break; /* its own child */
    case 2:
      n.hash_next = last;
      break; /* label chain loops */
    case 3:
      n.parent = 1;
      break; /* parent is not where it is */
    case 4:
      n.child = 1;
      break; /* a root is its child */
    default:
      n.parent = MIB_NONE;
      break; /* off the tree */
    }
    memcpy(node_at(img, last), &n, sizeof(n));
    assert_int_equal(load_damaged(f, img, f->len), SNMPX_EMIB_CACHE);
    free(img);
  }
}

/* Every truncation, and garbage in place of each part. */
static void test_cache_truncated_refused(void **state)
{
  fixture *f = *state;
  uint8_t *img = malloc(f->len);
  for (size_t len = 0; len < f->len; len += 1 + len / 16) {
    memcpy(img, f->img, len);
    assert_int_equal(load_damaged(f, img, len), SNMPX_EMIB_CACHE);
  }
  for (size_t at = 8; at + 16 < f->len; at += 97) {
    memcpy(img, f->img, f->len);
    memset(img + at, 0xff, 8);
    int rv = load_damaged(f, img, f->len);
    assert_true(rv == 0 || rv == SNMPX_EMIB_CACHE);
  }
  free(img);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_cache_intact_loads, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cache_loops_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_cache_truncated_refused, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
