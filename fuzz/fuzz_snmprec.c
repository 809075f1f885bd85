/* libFuzzer target: .snmprec loading (src/agent/snmprec.c) from memory,
 * into a fresh tree that is then walked once and freed. */
#include <stdint.h>
#include <stdlib.h>

#include <snmpx/snmpx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  snmpx_mib *m = snmpx_mib_new(NULL);
  if (m == NULL)
    return 0;
  size_t line_no = 0;
  int rv = snmpx_snmprec_load_buffer(m, (const char *)data, size, 0, &line_no);
  /* Success names no line; a syntax error names the line at fault. */
  if ((rv >= 0 && line_no != 0) ||
      (rv == SNMPX_ESNMPREC_SYNTAX && (line_no == 0 || line_no > size)))
    abort();
  snmpx_mib_free(m);
  return 0;
}
