/* snmpx: one command, Net-SNMP's tools as subcommands. */
#include <stdio.h>
#include <string.h>

#include <snmpx/snmpx.h>

#include "cli.h"
#include "commands.h"

typedef struct subcommand {
  const char *name;
  const char *netsnmp; /* the Net-SNMP tool it stands in for */
  int (*run)(int argc, char **argv);
  const char *summary;
} subcommand;

static const subcommand subcommands[] = {
  {"get", "snmpget", cmd_get, "GET the given OIDs"},
  {"getnext", "snmpgetnext", cmd_getnext, "GETNEXT the given OIDs"},
  {"bulkget", "snmpbulkget", cmd_bulkget, "one GETBULK request"},
  {"walk", "snmpwalk", cmd_walk, "walk a subtree with GETNEXT"},
  {"bulkwalk", "snmpbulkwalk", cmd_bulkwalk, "walk a subtree with GETBULK"},
  {"set", "snmpset", cmd_set, "SET values"},
  {"poll", NULL, cmd_poll, "GET from many agents at once"},
  {"translate", "snmptranslate", cmd_translate, "names to numbers and back"},
  {"trap", "snmptrap", cmd_trap, "send a notification (trap)"},
  {"inform", "snmpinform", cmd_inform, "send an inform, await its ack"},
  {"trapd", "snmptrapd", cmd_trapd, "receive and print notifications"},
  {"agent", NULL, cmd_agent,
   "serve SNMP (v1, v2c, v3); snmpd.conf directives, own flags"},
};

static void usage(FILE *out)
{
  fprintf(out, "usage: snmpx COMMAND [OPTIONS] AGENT ARGS...\n\n"
               "Commands (\"like TOOL\": that Net-SNMP tool's flags, those "
               "snmpx implements;\npoll and agent have flags of their own, "
               "and agent reads snmpd.conf's\ndirectives, not snmpd's "
               "flags):\n");
  for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
    if (subcommands[i].netsnmp != NULL)
      fprintf(out, "  %-10s %-31s like %s\n", subcommands[i].name,
              subcommands[i].summary, subcommands[i].netsnmp);
    else
      fprintf(out, "  %-10s %s\n", subcommands[i].name,
              subcommands[i].summary);
  fprintf(out, "  %-10s %s\n", "help", "this list, or 'help COMMAND': its "
               "options");
  fprintf(out, "\nExample: snmpx walk -v2c -c public -On 127.0.0.1:161 "
               "1.3.6.1.2.1.1\n"
               "'snmpx help COMMAND' or 'snmpx COMMAND --help' lists the "
               "options of a command\n(-h too, on stderr as Net-SNMP's "
               "tools print it).\n");
}

static const subcommand *find(const char *name)
{
  for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
    if (strcmp(name, subcommands[i].name) == 0 ||
        (subcommands[i].netsnmp != NULL &&
         strcmp(name, subcommands[i].netsnmp) == 0))
      return &subcommands[i];
  return NULL;
}

/* snmpx help [COMMAND]: this list, or COMMAND --help. */
static int help(int argc, char **argv)
{
  if (argc < 3) {
    usage(stdout);
    return 0;
  }
  const subcommand *sc = find(argv[2]);
  if (sc == NULL || argc > 3) {
    if (sc == NULL)
      fprintf(stderr, "snmpx help: unknown command '%s'\n\n", argv[2]);
    else
      fprintf(stderr, "snmpx help: one command at a time\n\n");
    usage(stderr);
    return 1;
  }
  char *sub_argv[] = {argv[2], "--help", NULL};
  cli_set_invocation("snmpx", argv[2]);
  return sc->run(2, sub_argv);
}

int main(int argc, char **argv)
{
  /* Installed as a link named snmpget, snmpwalk...: behave as that tool. */
  const char *base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];
  const subcommand *sc = find(base);
  if (sc != NULL) {
    cli_set_invocation(NULL, base);
    return sc->run(argc, argv);
  }
  if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "--help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 1 : 0;
  }
  if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
    printf("snmpx %s\n", SNMPX_VERSION_STRING);
    return 0;
  }
  if (strcmp(argv[1], "help") == 0)
    return help(argc, argv);
  sc = find(argv[1]);
  if (sc == NULL) {
    fprintf(stderr, "snmpx: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 1;
  }
  cli_set_invocation("snmpx", argv[1]);
  return sc->run(argc - 1, argv + 1);
}
