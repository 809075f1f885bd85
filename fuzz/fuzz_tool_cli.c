/* libFuzzer target: the command-line parser every query tool shares
 * (tools/cli.c: snmp_parse_args's options, -t -r -Z -e -E -3k -3m -l -a
 * -x -C -O -I, the agent address, OID operands by number and by name with
 * -IR).  The input is argv, one word per line; its first byte picks the
 * tool whose rules apply (get-like, bulk, set with options ending at the
 * agent).  A parsed line goes on as a tool would: every operand through
 * cli_parse_oid against a small MIB, the agent through the address parser
 * (numeric only: no DNS), and the target with its SNMPv3 user built on a
 * private engine.  Nothing is sent.  The same bytes also go, as a
 * datagram, through cli_bad_value_tag. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz_tool_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

static int fuzz_appopt(void *app, char letter, const char *rest)
{
  /* snmpget's f, snmpbulkget's n<NUM> r<NUM>, snmpset's q. */
  (void)app;
  if (letter == 'f' || letter == 'q')
    return 0;
  if (letter == 'n' || letter == 'r') {
    char *end;
    (void)strtol(rest, &end, 10);
    return end == rest ? -1 : (int)(end - rest);
  }
  return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static bool ready;
  if (!ready) {
    fuzz_tool_setup();
    ready = true;
  }
  if (size < 1 || size > 4096)
    return 0;
  /* The bytes as a received datagram too: what the tools look into for
   * Net-SNMP's "bad type returned" line. */
  (void)cli_bad_value_tag(data, size);
  cli_app app = {"snmpget", "AGENT OID [OID]...", "", fuzz_appopt, NULL,
                 "Error in packet", ".", (data[0] & 1) != 0};
  /* Words: the rest, split at newlines (a NUL ends a word early, as in a
   * real argv). */
  char *text = malloc(size);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  char *argv[MAX_WORDS + 2];
  int argc = 0;
  argv[argc++] = "snmpget";
  for (char *p = text; argc <= MAX_WORDS;) {
    argv[argc++] = p;
    char *nl = strchr(p, '\n');
    if (nl == NULL)
      break;
    *nl = '\0';
    p = nl + 1;
  }
  argv[argc] = NULL;

  cli c;
  if (cli_init(&c, &app, argc, argv) < 0) {
    for (int i = 0; i < c.nargs; i++) {
      snmpx_oid oid;
      (void)cli_parse_oid(&c, c.args[i], &oid);
      uint8_t hex[64];
      (void)cli_parse_hex(c.args[i], hex, sizeof(hex));
      snmpx_seclevel level;
      (void)cli_parse_level(c.args[i], &level);
    }
    snmpx_addr addr;
    if (cli_resolve(&c, &addr) == 0) {
      snmpx_engine *e = snmpx_engine_new(NULL);
      if (e != NULL) {
        snmpx_target t;
        c.engine_keys = true; /* no password hashing up front */
        (void)cli_make_target_at(&c, e, NULL, &addr, &t);
        snmpx_engine_free(e);
      }
    }
    cli_close(&c);
  }
  free(text);
  return 0;
}
