/* snmpx walk --output snmprec: record a walk as snmpsim's .snmprec data
 * ("OID|TAG|VALUE", hex values with an 'x' after the tag), which
 * `snmpx agent -D FILE` serves back. */
#ifndef SNMPX_TOOLS_SNMPREC_OUT_H
#define SNMPX_TOOLS_SNMPREC_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include <snmpx/value.h>

/** Remove "--output FMT" / "--output=FMT" from argv (argc updated).
 *  @return 1 for snmprec, 0 when absent, -1 after printing an error for
 *  any other format. */
int snmprec_take_option(int *argc, char **argv, const char *tool);

/** Print |vb| as one .snmprec line.  Exceptions (noSuchObject...) are not
 *  data and print nothing, nor do BIT STRING, NsapAddress and UInteger32
 *  (.snmprec has no tag for them).  @return true when a line was printed. */
bool snmprec_print_varbind(FILE *out, const snmpx_varbind *vb);

#endif
