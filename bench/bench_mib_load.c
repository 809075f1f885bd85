/* Loading every MIB module of a directory list ("ALL"), in process:
 * parsing from the sources each time versus reading the compiled cache.
 * Usage: bench_mib_load MIBDIRS [N].  Prints milliseconds per load (wall
 * and CPU) and their ratio; asserts nothing about speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

#include "bench_clock.h"

static size_t load_once(const char *dirs, const char *cache, bool *cached)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  snmpx_mibdb_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mibdirs = dirs;
  cfg.mibs = "ALL";
  cfg.cache_dir = cache;
  cfg.no_conf = true;
  if (m == NULL || snmpx_mibdb_load_netsnmp(m, &cfg) != 0) {
    fprintf(stderr, "load failed\n");
    exit(1);
  }
  size_t nodes = snmpx_mibdb_node_count(m);
  *cached = snmpx_mibdb_is_from_cache(m);
  snmpx_mibdb_free(m);
  return nodes;
}

static void run(const char *what, const char *dirs, const char *cache, int n,
                double *wall_ms)
{
  bool cached = false;
  size_t nodes = 0;
  double w0 = wall_us(), c0 = cpu_us();
  for (int i = 0; i < n; i++)
    nodes = load_once(dirs, cache, &cached);
  double w = (wall_us() - w0) / n / 1000, c = (cpu_us() - c0) / n / 1000;
  printf("snmpx   load ALL %-13s %8.3f ms wall %8.3f ms CPU  (%zu nodes%s)\n",
         what, w, c, nodes, cached ? ", from cache" : "");
  *wall_ms = w;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: %s MIBDIRS [N]\n", argv[0]);
    return 2;
  }
  int n = argc > 2 ? atoi(argv[2]) : 20;
  char cache[] = "/tmp/snmpx-bench-mib.XXXXXX";
  if (n < 1 || mkdtemp(cache) == NULL)
    return 2;
  double parse_ms, cache_ms;
  bool cached;
  run("(parse)", argv[1], "", n, &parse_ms);
  load_once(argv[1], cache, &cached); /* writes the cache */
  run("(cached)", argv[1], cache, n, &cache_ms);
  printf("ratio   parse/cached: %.1fx\n",
         cache_ms > 0 ? parse_ms / cache_ms : 0);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
  return system(cmd) == 0 ? 0 : 1;
}
