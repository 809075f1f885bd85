/* libFuzzer target: snmpx translate's name and regular-expression lookups
 * (tools/cmd_translate.c) over a small in-memory MIB: -TB (every match),
 * -Ib (best match, several OIDs sharing the "seen" flags), -IR (a label
 * anywhere), plain names with indexes, -Td and -Tp of what they find.
 * The first input byte picks the mode, the rest is up to seven arguments,
 * one per line.  stdout goes to /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

#include "commands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char mib_text[] =
    "FUZZ-TR-MIB DEFINITIONS ::= BEGIN\n"
    "IMPORTS OBJECT-TYPE, NOTIFICATION-TYPE, Integer32 FROM SNMPv2-SMI;\n"
    "org OBJECT IDENTIFIER ::= { iso 3 }\n"
    "dod OBJECT IDENTIFIER ::= { org 6 }\n"
    "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
    "mgmt OBJECT IDENTIFIER ::= { internet 2 }\n"
    "mib-2 OBJECT IDENTIFIER ::= { mgmt 1 }\n"
    "system OBJECT IDENTIFIER ::= { mib-2 1 }\n"
    "sysDescr OBJECT-TYPE SYNTAX OCTET STRING (SIZE (0..255))\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"d\" ::= { system 1 }\n"
    "ifTable OBJECT-TYPE SYNTAX SEQUENCE OF IfEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"t\" ::= { mib-2 2 }\n"
    "ifEntry OBJECT-TYPE SYNTAX IfEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"e\" INDEX { ifIndex, ifName }\n"
    "  ::= { ifTable 1 }\n"
    "IfEntry ::= SEQUENCE { ifIndex Integer32, ifName OCTET STRING,\n"
    "  ifType INTEGER }\n"
    "ifIndex OBJECT-TYPE SYNTAX Integer32 (1..2147483647)\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"i\" ::= { ifEntry 1 "
    "}\n"
    "ifName OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"n\" ::= { ifEntry 2 }\n"
    "ifType OBJECT-TYPE SYNTAX INTEGER { other(1), ethernet(6), loop(24) }\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"\" ::= { ifEntry 3 }\n"
    "linkDown NOTIFICATION-TYPE OBJECTS { ifIndex } STATUS current\n"
    "  DESCRIPTION \"l\" ::= { mib-2 3 }\n"
    "END\n";

static snmpx_mibdb *mib;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  if (freopen("/dev/null", "w", stdout) == NULL)
    abort();
  mib = snmpx_mibdb_new(NULL);
  if (mib == NULL || snmpx_mibdb_set_dirs(mib, "") != 0)
    abort();
  /* SNMPv2-SMI is not there: its import warnings do not matter here. */
  snmpx_mibdb_load_buffer(mib, "fuzz", mib_text, strlen(mib_text));
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const modes[][2] = {
      {"-TB", NULL}, {"-Ib", NULL}, {"-IR", NULL},  {"-On", NULL},
      {"-Td", NULL}, {"-Tp", NULL}, {"-IR", "-Td"}, {"-Ib", "-On"},
      {"-Of", NULL}, {"-OX", NULL}, {"-Tp", "-IR"}, {"-Tl", NULL},
  };
  if (size < 1 || size > 512)
    return 0;
  const char *const *mode = modes[data[0] % (sizeof(modes) / sizeof(modes[0]))];
  char *text = malloc(size);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  char *argv[12];
  int argc = 0;
  argv[argc++] = "translate";
  for (int i = 0; i < 2 && mode[i] != NULL; i++)
    argv[argc++] = (char *)mode[i];
  argv[argc++] = "--";
  for (char *p = text; argc < 11;) {
    char *nl = strchr(p, '\n');
    if (nl != NULL)
      *nl = '\0';
    argv[argc++] = p;
    if (nl == NULL)
      break;
    p = nl + 1;
  }
  argv[argc] = NULL;
  cmd_translate_with(argc, argv, mib);
  fflush(stdout);
  free(text);
  return 0;
}
