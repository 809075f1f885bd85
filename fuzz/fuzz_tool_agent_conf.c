/* libFuzzer target: snmpx agent's configuration reader (tools/agent_conf.c
 * over tools/conf_read.c).  The input is a configuration file read from
 * memory into a fresh engine, VACM and agent; pass_persist programs are
 * not available, `data` files are not read and agentAddress looks no name
 * up, no file is included and no engine ID read from the host
 * (agent_conf.offline).  The TSM words (localCert, certSecName,
 * trustCert, tsmUseTransportPrefix..., alone or after "[snmp]") go to an
 * io that indexes no directory and opens no socket.  The input is read as
 * one file, then each of its lines alone.  Everything is freed after each
 * input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  agent_conf c;
  memset(&c, 0, sizeof(c));
  c.offline = true;
  c.engine = snmpx_engine_new(NULL);
  c.vacm = snmpx_vacm_new(NULL);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = c.vacm;
  c.agent = c.vacm ? snmpx_agent_new(&ac) : NULL;
  c.io = c.engine != NULL ? snmpx_io_new(c.engine, NULL) : NULL;
  if (c.engine != NULL && c.agent != NULL)
    (void)agent_conf_text(&c, "fuzz.conf", data, size);
  /* Then each line alone, as -X LINE would give it: the lines after the
   * first error are tried too, on top of what the file made. */
  for (size_t i = 0; c.engine != NULL && c.agent != NULL && i < size;) {
    const uint8_t *nl = memchr(data + i, '\n', size - i);
    size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
    (void)agent_conf_text(&c, "line", data + i, len);
    i += len + 1;
  }
  snmpx_agent_free(c.agent);
  snmpx_io_free(c.io);
  snmpx_engine_free(c.engine);
  snmpx_vacm_free(c.vacm);
  agent_conf_clear(&c);
  return 0;
}
