/* snmpx agent: the configuration directives (a subset of snmpd.conf's
 * words, so an snmpd user can reuse what they know), applied to an engine,
 * a VACM and an agent. */
#ifndef SNMPX_TOOLS_AGENT_CONF_H
#define SNMPX_TOOLS_AGENT_CONF_H

#include <stdio.h>

#include <snmpx/snmpx.h>

#include "agent_pass.h"

#define AGENT_CONF_MAX_LISTEN 16

typedef struct agent_conf {
  snmpx_engine *engine;
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  agent_pass *pass; /* pass_persist programs */
  snmpx_io *io;     /* takes the TSM words (localCert, certSecName...) */
  snmpx_host *host; /* takes the host modules' words (disk, load...) */
  int host_data;    /* hostData: 0 unset (on unless has_data), 1 yes, 2 no */
  bool has_data;    /* a data file is served */
  bool snmp_context; /* after a "[snmp]" line: snmp.conf's words only */
  /* collected, applied by the caller after every directive is read */
  char *listen[AGENT_CONF_MAX_LISTEN];
  int n_listen;
  uint8_t engine_id[32];
  size_t engine_id_len; /* 0: from the state file, or random */
  char *state_file;
  char *agent_user;  /* agentuser: the user to run as once bound */
  char *agent_group; /* agentgroup */
  char *sys_strings[4]; /* sysDescr, sysContact, sysName, sysLocation */
  snmpx_oid sys_object_id;
  int32_t sys_services;
  uint32_t bulk_varbinds; /* maxGetbulkResponses (0: default) */
  uint32_t bulk_repeats;  /* maxGetbulkRepeats (0: none) */
  int n_access;      /* communities and users given access */
  int serial;        /* names the groups and views made for them */
  const char *where; /* "FILE:LINE" of the directive, for errors */
  bool offline;      /* the fuzz target's: `data` refused, agentAddress
                        not checked (it may look a name up) */
} agent_conf;

/** Apply one directive line of any length (comments and blank lines are
 *  ignored; a quote never closed is refused).
 *  @return 0, or -1 after printing "snmpx agent: WHERE: message" to
 *  stderr. */
int agent_conf_line(agent_conf *c, const char *line);

/** Apply every line of |path|, each read whole (see conf_read.h), until
 *  the first error.  A directory or an unreadable file is refused.
 *  @return 0 or -1 (message printed, "FILE:LINE: " for a line). */
int agent_conf_file(agent_conf *c, const char *path);

/** As agent_conf_file, for the |len| bytes at |data| (borrowed) named
 *  |name| in messages.  @return 0 or -1 (message printed). */
int agent_conf_text(agent_conf *c, const char *name, const void *data,
                    size_t len);

/** Whether the host MIBs are served (hostData, or its default). */
bool agent_conf_host_data(const agent_conf *c);

/** Free what agent_conf_line collected. */
void agent_conf_clear(agent_conf *c);

/** The directives, for --help. */
extern const char agent_conf_help[];

#endif
