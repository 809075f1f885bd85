/* libFuzzer target: snmpx trapd's configuration reader (tools/trapd_conf.c
 * over tools/conf_read.c).  The input is an snmptrapd.conf read from
 * memory into a fresh engine, then each of its lines alone; what it
 * accepted is applied to a receiver, which must take it all (the reader
 * checks sources at their line, so applying can no longer fail on them).
 * snmpTrapdAddr looks no name up (trapd_conf.offline).  The TSM words
 * (certSecName, trustCert, [snmp] localCert...) go to an io that indexes
 * no directory and opens no socket.  Everything is freed after each
 * input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trapd_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_notification(void *ud, const snmpx_notification *n)
{
  (void)ud;
  (void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  trapd_conf c;
  memset(&c, 0, sizeof(c));
  c.offline = true;
  snmpx_engine *e = snmpx_engine_new(NULL);
  if (e == NULL)
    return 0;
  snmpx_io *io = snmpx_io_new(e, NULL);
  c.io = io;
  (void)trapd_conf_load_text(&c, "fuzz.conf", data, size, e);
  /* Then each line alone, on top of what the file made: the lines after
   * the first error are tried too. */
  for (size_t i = 0; i < size;) {
    const uint8_t *nl = memchr(data + i, '\n', size - i);
    size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
    (void)trapd_conf_load_text(&c, "line", data + i, len, e);
    i += len + 1;
  }
  /* Whatever was taken, the receiver takes too. */
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.cb = on_notification;
  rc.authorize_all = c.disable_auth;
  snmpx_receiver *r = snmpx_receiver_new(e, &rc);
  if (r != NULL && trapd_conf_apply(&c, r) != 0) {
    fprintf(stderr, "fuzz_tool_trapd_conf: accepted, then not applied\n");
    abort();
  }
  snmpx_receiver_free(r);
  trapd_conf_clear(&c);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return 0;
}
