/* snmpx host MIBs: the objects snmpd serves about the machine it runs on
 * (IF-MIB, IP-MIB, IP-FORWARD-MIB, TCP-MIB, UDP-MIB, HOST-RESOURCES-MIB,
 * UCD-SNMP-MIB), read from Linux's /proc, /sys and netlink and served
 * through an agent's MIB tree.
 *
 * Each group of objects is a module that reads its source into a cache
 * with a lifetime as snmpd's (a few seconds), so a walk sees a consistent
 * table and a burst of requests reads the source once.  Reading never
 * blocks for long: the sources are kernel files; programs (extend, exec)
 * are run by the caller, not here.
 *
 * Usage:
 *
 *   snmpx_host *h = snmpx_host_new(NULL);
 *   snmpx_host_conf_line(h, "disk", "/ 10%", err, sizeof(err));  // snmpd.conf
 *   snmpx_host_attach(h, agent, snmpx_agent_context(agent, NULL, 0, false));
 *   ... serve; call snmpx_host_tick when snmpx_host_next_tick says ...
 *   snmpx_agent_free(agent);  // first: the tree calls into |h|
 *   snmpx_host_free(h);
 *
 * Not thread-safe: one thread serves an agent and its host modules. */
#ifndef SNMPX_HOST_H
#define SNMPX_HOST_H

#include "agent.h"
#include "common.h"
#include "engine.h"
#include "mem.h"
#include "value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct snmpx_host snmpx_host;

/** A notification a module sends (linkUp, linkDown...): |trap_oid| is
 *  snmpTrapOID.0's value, |vbs| the varbinds after sysUpTime.0 and
 *  snmpTrapOID.0 (all borrowed for the call). */
typedef void (*snmpx_host_notify_cb)(void *ud, snmpx_oidv trap_oid,
                                     const snmpx_varbind *vbs, size_t n);

/** A message for the operator's log (a source that cannot be read, a
 *  threshold crossed); borrowed for the call. */
typedef void (*snmpx_host_log_cb)(void *ud, const char *msg);

typedef struct snmpx_host_config {
  const snmpx_mem *mem; /* NULL: libc */
  /* Prefix put before every absolute path read ("/proc/net/dev" is read
   * as ROOT "/proc/net/dev"); NULL or "": the real ones.  Tests point it
   * at a recorded tree. */
  const char *root;
  snmpx_clock_cb clock; /* ms, for the caches; NULL: CLOCK_MONOTONIC */
  void *clock_ud;
  snmpx_host_notify_cb notify; /* NULL: notifications are not sent */
  void *notify_ud;
  snmpx_host_log_cb log; /* NULL: no log */
  void *log_ud;
} snmpx_host_config;

/** A host with every module (|cfg| copied; NULL: the defaults).
 *  @return NULL on out of memory. */
SNMPX_EXTERN snmpx_host *snmpx_host_new(const snmpx_host_config *cfg);

/** Free |h| and its caches.  Free (or detach) the agent first: its tree
 *  holds handlers that read |h|.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_host_free(snmpx_host *h);

/** One snmpd.conf directive a host module takes (`disk`, `load`, `proc`,
 *  `swap`, `file`, `linkUpDownNotifications`, `interface`,
 *  `includeAllDisks`...): |word| the directive (case-insensitive as
 *  snmpd), |args| the rest of the line.  Call before snmpx_host_attach.
 *  On an error a message for the operator is put in |err| (|cap| bytes,
 *  without the file:line, which the caller knows).
 *  @return 1 taken; 0 not a host directive; SNMPX_EINVAL bad arguments
 *  (message in |err|); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_host_conf_line(snmpx_host *h, const char *word,
                                      const char *args, char *err,
                                      size_t cap);

/** Register every module's objects in |m| (the default context's tree of
 *  |a|) and their sysORTable rows in |a|.  A module whose subtree is
 *  already registered in |m| (recorded data served there, say) is left
 *  out, and says so through the log callback.  |a| and |m| are borrowed:
 *  they must outlive the registrations (free the agent before |h|).
 *  @return 0; SNMPX_EINVAL (NULL, attached already); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_host_attach(snmpx_host *h, snmpx_agent *a,
                                   snmpx_mib *m);

/** Work a module does on its own clock (watching links for linkUp and
 *  linkDown, sampling CPU for the load and ssCpu objects).  Call at
 *  snmpx_host_next_tick.  @return 0. */
SNMPX_EXTERN int snmpx_host_tick(snmpx_host *h);

/** When snmpx_host_tick is next wanted, on the host clock (ms); -1 when
 *  no module needs it. */
SNMPX_EXTERN int64_t snmpx_host_next_tick(const snmpx_host *h);

/** The host clock in ms (the config's, or CLOCK_MONOTONIC). */
SNMPX_EXTERN uint64_t snmpx_host_now(const snmpx_host *h);

#ifdef __cplusplus
}
#endif

#endif
