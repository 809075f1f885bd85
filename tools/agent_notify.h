/* snmpx agent: the notifications snmpd sends (coldStart at start,
 * authenticationFailure when enabled, nsNotifyShutdown at stop, and what
 * the host modules raise: linkUp, linkDown), to the sinks of snmpd.conf's
 * trapsink, trap2sink, informsink and trapsess lines. */
#ifndef SNMPX_TOOLS_AGENT_NOTIFY_H
#define SNMPX_TOOLS_AGENT_NOTIFY_H

#include <snmpx/snmpx.h>

typedef struct agent_notify agent_notify;

/** Resolve the sinks collected from the configuration and start sending
 *  through |e| (the agent's engine: SNMPv3 sinks' users are added to it).
 *  |agent| gives sysUpTime and sysObjectID.  |log| gets a line for each
 *  sink that cannot be used (the agent goes on, as snmpd does).
 *  NULL |n| (no sink configured) is a no-op.  @return 0. */
int agent_notify_start(agent_notify *n, snmpx_engine *e, snmpx_agent *agent,
                       snmpx_oidv sys_object_id, void (*log)(const char *));

/** Send snmpTrapOID |trap_oid| with the varbinds |vbs| (borrowed) to every
 *  sink: an SNMPv2-Trap or InformRequest, or (trapsink, -v 1) an SNMPv1
 *  Trap translated by RFC 3584 3.2.  NULL |n| is a no-op. */
void agent_notify_send(agent_notify *n, snmpx_oidv trap_oid,
                       const snmpx_varbind *vbs, size_t nvb);

/** coldStart (RFC 3418), as snmpd sends it when it starts. */
void agent_notify_cold_start(agent_notify *n);

/** nsNotifyShutdown (NET-SNMP-AGENT-MIB), as snmpd sends it at stop. */
void agent_notify_shutdown(agent_notify *n);

/** nsNotifyRestart (NET-SNMP-AGENT-MIB), as snmpd sends it when SIGHUP
 *  has it read its configuration again (not warmStart: snmpd sends none).
 *  For the daemon's SIGHUP handling; NULL |n| is a no-op. */
void agent_notify_restart(agent_notify *n);

/** Look at the agent's and engine's counters of bad communities and
 *  wrong USM digests: an authenticationFailure (RFC 3418) for each new
 *  one when snmpEnableAuthenTraps is enabled, as snmpd sends them.
 *  Call after each round of the event loop. */
void agent_notify_poll_auth(agent_notify *n);

struct agent_conf;

/** The agent_notify of |c|, made when it has none (c->notify).
 *  @return NULL on out of memory. */
agent_notify *agent_notify_get(struct agent_conf *c);

/** Serve snmpEnableAuthenTraps.0 (RFC 3418) in |m| from |n|: writable
 *  (1 or 2) unless authtrapenable is configured (notWritable, as snmpd).
 *  Call before snmpx_agent_add_standard, whose read-only one it then
 *  skips.  |n| must outlive |m|'s use.  @return as snmpx_mib_register. */
int agent_notify_register(agent_notify *n, snmpx_mib *m);

/** A value persisted from an earlier run (pauthtrapenable); ignored when
 *  authtrapenable is configured. */
void agent_notify_set_auth(agent_notify *n, bool enabled);

/** Whether a SET changed snmpEnableAuthenTraps since the last call. */
bool agent_notify_auth_changed(agent_notify *n);

/** Whether snmpEnableAuthenTraps is enabled(1). */
bool agent_notify_auth_enabled(const agent_notify *n);

/** The host modules' notify callback (snmpx_host_config.notify); |ud| is
 *  the agent_conf's agent_notify ** (filled in after the host is made). */
void agent_notify_host_cb(void *ud, snmpx_oidv trap_oid,
                          const snmpx_varbind *vbs, size_t n);

/** Free the sinks.  NULL is a no-op. */
void agent_notify_free(agent_notify *n);

#endif
