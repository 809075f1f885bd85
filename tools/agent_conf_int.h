/* snmpx agent: what the files of the configuration reader share (not for
 * other tools). */
#ifndef SNMPX_TOOLS_AGENT_CONF_INT_H
#define SNMPX_TOOLS_AGENT_CONF_INT_H

#include "agent_conf.h"

/** Print "snmpx agent: WHERE: message" to stderr.  @return -1. */
int agent_conf_fail(const agent_conf *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Print "snmpx agent: WHERE: warning: message" to stderr (the agent goes
 *  on, as snmpd does after its "Warning:" lines). */
void agent_conf_warn(const agent_conf *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** The access-control words of snmpd.conf(5) (rocommunity, rwcommunity,
 *  rocommunity6, rwcommunity6, com2sec, com2sec6, com2secunix, rouser,
 *  rwuser, group, view, access, authcommunity, authuser, authgroup,
 *  authaccess, setaccess), |w|[0] already lower-cased.
 *  @return 1 taken, 0 not one of them, -1 refused (printed). */
int agent_conf_access(agent_conf *c, char **w, int n);

/** The notification words (trapsink, trap2sink, informsink, trapsess,
 *  trapcommunity, authtrapenable, agentSecName...; see agent_notify.h),
 *  |w|[0] lower-cased.  @return 1 taken, 0 not one of them, -1 refused. */
int agent_conf_notify(agent_conf *c, char **w, int n);

#endif
