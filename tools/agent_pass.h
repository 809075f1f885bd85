/* snmpx agent: subtrees served by external programs over Net-SNMP's
 * pass_persist protocol (snmpd.conf(5)), without ever blocking the agent:
 * the program's pipes are watched by the agent's loop, every query is a
 * deferred handler answer (snmpx_mib_req_defer) with its own deadline, and
 * a program that dies is started again at the next query. */
#ifndef SNMPX_TOOLS_AGENT_PASS_H
#define SNMPX_TOOLS_AGENT_PASS_H

#include <snmpx/snmpx.h>

typedef struct agent_pass agent_pass;

/** Log sink for program starts, deaths and protocol errors. */
typedef void (*agent_pass_log)(const char *msg);

/** A set of pass_persist programs serving subtrees of |agent| through
 *  |io| (both borrowed; free this first).  @return NULL on no memory. */
agent_pass *agent_pass_new(snmpx_agent *agent, snmpx_io *io,
                           agent_pass_log log);

/** Stop every program (SIGTERM, then reaped) and free.  NULL: no-op. */
void agent_pass_free(agent_pass *p);

/** Serve |prefix| of |mib| by the program |argv| (copied; run with
 *  execvp, started at the first query), answering for it after
 *  |timeout_ms| per query.  @return 0; -1 after printing why. */
int agent_pass_add(agent_pass *p, snmpx_mib *mib, snmpx_oidv prefix,
                   char *const *argv, int argc, uint32_t timeout_ms);

/** As agent_pass_add; |oneshot|: snmpd.conf's `pass` instead of
 *  pass_persist: one run of the program per query ("PROG -g OID",
 *  "PROG -n OID", "PROG -s OID TYPE VALUE"), its output read as the
 *  agent's loop sees it come, never blocking.  @return 0; -1 (printed). */
int agent_pass_add_mode(agent_pass *p, snmpx_mib *mib, snmpx_oidv prefix,
                        char *const *argv, int argc, uint32_t timeout_ms,
                        bool oneshot);

/** Read |data| as a program's output (a test and fuzzing entry point):
 *  64 queries of every kind are owed, in an order the first byte picks,
 *  and each line is read as a running program's would be (no program
 *  runs; the answers go nowhere).  @return the queries answered, or -1
 *  when the output broke the protocol (a running program would have been
 *  stopped). */
int agent_pass_replay(snmpx_agent *agent, const char *data, size_t len);

#endif
