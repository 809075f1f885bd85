/* Internal to src/host: the module interface, the caches and the file
 * reading every module shares. */
#ifndef SNMPX_HOST_PRIV_H
#define SNMPX_HOST_PRIV_H

#include <snmpx/host.h>

#include "internal.h"

/* One group of host objects (IF-MIB, IP-MIB...).  |state| is the
 * module's own, made by init and freed by free. */
typedef struct snmpx__host_module {
  const char *name; /* for messages: "IF-MIB" */
  int (*init)(snmpx_host *h, void **state);
  /* An snmpd.conf directive: 1 taken, 0 not this module's, <0 an error
   * (message in err).  NULL: the module takes none. */
  int (*conf)(snmpx_host *h, void *state, const char *word, const char *args,
              char *err, size_t cap);
  /* Register the module's objects in |m| and sysORTable rows in |a|. */
  int (*attach)(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m);
  /* Optional: work on the module's own clock; returns when next wanted
   * (host clock, ms), or -1. */
  int64_t (*tick)(snmpx_host *h, void *state, uint64_t now);
  void (*free)(snmpx_host *h, void *state);
} snmpx__host_module;

/* The modules, one file each (src/host/host_<name>.c). */
extern const snmpx__host_module snmpx__host_if;     /* IF-MIB */
extern const snmpx__host_module snmpx__host_ip;     /* IP-MIB, IP-FORWARD */
extern const snmpx__host_module snmpx__host_tcpudp; /* TCP-MIB, UDP-MIB */
extern const snmpx__host_module snmpx__host_hr;     /* HOST-RESOURCES */
extern const snmpx__host_module snmpx__host_ucd;    /* UCD-SNMP-MIB */

const snmpx_mem *snmpx__host_mem(const snmpx_host *h);

/* Log a message through the config's callback (printf format). */
void snmpx__host_log(const snmpx_host *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Send a notification through the config's callback (if any). */
void snmpx__host_notify(const snmpx_host *h, snmpx_oidv trap_oid,
                        const snmpx_varbind *vbs, size_t n);

/* ---- Caches ------------------------------------------------------------
 * A snapshot of a source, reloaded when older than its lifetime.  A
 * module keeps the snapshot before the current one alive until the next
 * reload (values returned may point into it until the response is sent,
 * see snmpx_table_def.refresh). */
typedef struct snmpx__host_cache {
  uint64_t loaded; /* host clock, ms */
  uint32_t ttl_ms;
  bool valid;
} snmpx__host_cache;

/* True when the cache must be reloaded (never loaded, or expired); the
 * caller reloads, then calls snmpx__host_cache_loaded. */
bool snmpx__host_cache_stale(const snmpx_host *h, const snmpx__host_cache *c);
void snmpx__host_cache_loaded(const snmpx_host *h, snmpx__host_cache *c);

/* ---- Reading files ------------------------------------------------------
 * A whole file read into a buffer owned by the caller (reused from read
 * to read), NUL-terminated.  /proc files report size 0: read to EOF. */
typedef struct snmpx__host_buf {
  char *data;
  size_t len;
  size_t cap;
} snmpx__host_buf;

/* Most bytes a file may hold (larger ones are cut there). */
#define SNMPX__HOST_MAX_FILE (16u << 20)

/* Read |path| (absolute, put under the config's root).  @return 0;
 * SNMPX_ENOTFOUND (missing or unreadable: errno kept); SNMPX_ENOMEM. */
int snmpx__host_read(const snmpx_host *h, const char *path,
                     snmpx__host_buf *b);
/* The same for a printf-formatted path. */
int snmpx__host_readf(const snmpx_host *h, snmpx__host_buf *b,
                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void snmpx__host_buf_free(const snmpx_host *h, snmpx__host_buf *b);

/* |path| under the config's root into |out| (|cap| bytes), for opendir,
 * statvfs and the like.  @return |out|, or NULL when it does not fit. */
const char *snmpx__host_path(const snmpx_host *h, const char *path, char *out,
                             size_t cap);

/* Next line of |b| from *|pos| (modified in place: the newline becomes
 * NUL).  @return the line, or NULL at the end. */
char *snmpx__host_next_line(snmpx__host_buf *b, size_t *pos);

#endif
