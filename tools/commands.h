/* The snmpx subcommands.  Each takes the arguments after the subcommand
 * name (argv[0] is the subcommand) and returns the process exit status. */
#ifndef SNMPX_TOOLS_COMMANDS_H
#define SNMPX_TOOLS_COMMANDS_H

int cmd_get(int argc, char **argv);
int cmd_getnext(int argc, char **argv);
int cmd_bulkget(int argc, char **argv);
int cmd_walk(int argc, char **argv);
int cmd_bulkwalk(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_poll(int argc, char **argv);
int cmd_translate(int argc, char **argv);
/* snmpx translate over |mib| (borrowed, already loaded; -m and -M are
 * then ignored): for tests and fuzz/fuzz_tool_translate.c.  NULL loads as
 * cmd_translate does. */
int cmd_translate_with(int argc, char **argv, struct snmpx_mibdb *mib);
int cmd_trap(int argc, char **argv);
int cmd_inform(int argc, char **argv);
int cmd_trapd(int argc, char **argv);
int cmd_agent(int argc, char **argv);

#endif
