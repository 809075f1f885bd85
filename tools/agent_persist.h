/* snmpx agent: the values a SET changes that snmpd keeps across restarts
 * (sysContact, sysName, sysLocation, snmpEnableAuthenTraps), in snmpd's
 * persistent file $SNMP_PERSISTENT_DIR/snmpd.conf as its psyscontact,
 * psysname, psyslocation and pauthtrapenable lines. */
#ifndef SNMPX_TOOLS_AGENT_PERSIST_H
#define SNMPX_TOOLS_AGENT_PERSIST_H

#include <stdbool.h>
#include <stddef.h>

#include <snmpx/snmpx.h>

#include "agent_notify.h"

/* The kept values, by index. */
enum {
  PERSIST_CONTACT,
  PERSIST_NAME,
  PERSIST_LOCATION,
  PERSIST_AUTHTRAP,
  PERSIST_N
};

typedef struct agent_persist {
  char *path;              /* DIR/snmpd.conf */
  char *values[PERSIST_N]; /* as last read or written; NULL: none */
  char *seen[3];           /* sysContact, sysName, sysLocation as the
                              agent served them at the last poll */
} agent_persist;

/** Read the persisted values from the |len| bytes at |text| (a whole
 *  persistent file): the last psyscontact/psysname/psyslocation/
 *  pauthtrapenable line of each wins; other lines are snmpd's and left
 *  alone.  |values| receives malloc'd strings (old ones freed).
 *  @return 0, or -1 when out of memory. */
int agent_persist_parse(const char *text, size_t len, char *values[PERSIST_N]);

/** The persistent file: $SNMP_PERSISTENT_DIR/snmpd.conf, else next to
 *  |state_file| (when given), else snmpd's /var/lib/snmp/snmpd.conf;
 *  its values read when it exists.  @return 0, or -1 with |err| set (a
 *  file that exists but cannot be read). */
int agent_persist_open(agent_persist *p, const char *state_file, char *err,
                       size_t errcap);

/** Write |values| (NULL entries: no line) to the file: every other line
 *  kept, through a temporary file, fsync and rename, so a failed write
 *  leaves the old file whole.  @return 0, or -1 with |err| set. */
int agent_persist_store(agent_persist *p, char *const values[PERSIST_N],
                        char *err, size_t errcap);

/** Note what |m| serves now (the configured or persisted values), so
 *  that only what a SET changes later is stored.  Call once the system
 *  group is registered. */
void agent_persist_baseline(agent_persist *p, snmpx_mib *m);

/** After a round of the event loop: when a SET changed sysContact,
 *  sysName or sysLocation (values of |m|, the default context) or
 *  snmpEnableAuthenTraps (|n|), store them.  A failure goes to |log|. */
void agent_persist_poll(agent_persist *p, snmpx_mib *m, agent_notify *n,
                        void (*log)(const char *));

/** Free what p holds. */
void agent_persist_clear(agent_persist *p);

#endif
