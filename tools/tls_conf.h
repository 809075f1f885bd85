/* TLS and DTLS (RFC 6353) configuration as Net-SNMP's programs read it,
 * shared by the tools, snmpx agent and snmpx trapd: the certificate
 * directories under each directory of the configuration path, and the
 * Transport Security Model words (localCert, peerCert, trustCert,
 * certSecName, tsmUseTransportPrefix, the deprecated serverCert and
 * clientCert) handed to the io (snmpx_io_tls_conf_line).  Public libsnmpx
 * API only. */
#ifndef SNMPX_TOOLS_TLS_CONF_H
#define SNMPX_TOOLS_TLS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include <snmpx/snmpx.h>

/** Net-SNMP's configuration path: $SNMPCONFPATH, else its default
 *  (/etc/snmp:/usr/share/snmp:/usr/lib/x86_64-linux-gnu/snmp:$HOME/.snmp),
 *  written to buf[0..cap).  @return |buf|. */
const char *tls_conf_path(char *buf, size_t cap);

/** Index tls/certs, tls/ca-certs and tls/private of every directory of
 *  the configuration path in |io| (snmpx_io_tls_add_confdir), as
 *  Net-SNMP's cert_util does before it reads any certificate word.
 *  @return 0, or -1 after "PROG: message" on stderr (out of memory). */
int tls_conf_index(snmpx_io *io, const char *prog);

/** The word's canonical spelling when |word| is one of the TSM words
 *  snmp.conf takes (localCert, peerCert, trustCert, tsmUseTransportPrefix,
 *  serverCert, clientCert) or, with |agent|, also certSecName, which only
 *  snmpd.conf and snmptrapd.conf take; Net-SNMP matches words in any case.
 *  @return the spelling, or NULL for another word. */
const char *tls_conf_word(const char *word, bool agent);

/** A line |line| that starts with Net-SNMP's "[snmp]" tag (snmp_config(5):
 *  an snmp.conf word inside snmpd.conf or snmptrapd.conf) without it.
 *  @return the text after the tag and its white space, or |line|. */
const char *tls_conf_untag(const char *line);

/** Whether |line| is only a "[snmp]" (true, *snmp = true) or another
 *  "[NAME]" tag (true, *snmp = false): a switch of context for the lines
 *  that follow. */
bool tls_conf_is_context(const char *line, bool *snmp);

/** Hand one line of a configuration file to |io|: |word| (a word
 *  tls_conf_word takes) and the rest of the line |args|, from FILE:LINE
 *  (|file| NULL: the command line).  A line refused is reported as
 *  "PROGFILE:LINE: WORD: why" on stderr.
 *  @return 0, or -1 (printed). */
int tls_conf_feed(snmpx_io *io, const char *word, const char *args,
                  const char *file, unsigned line, const char *prog);

/** defSecurityModel's value: "usm" or "tsm" (any case; Net-SNMP's names
 *  of the two models snmpx has).  @return SNMPX_SECMODEL_USM or
 *  SNMPX_SECMODEL_TSM, or -1 for another value. */
int tls_conf_secmodel(const char *value);

/** Read the snmp.conf and snmp.local.conf files of the configuration path
 *  in order, as Net-SNMP's tools do, taking only their TSM words: those of
 *  tls_conf_word go to |io| (NULL: not read), defSecurityModel into
 *  *|def_model| (left alone when no line sets it).  Other words are not
 *  this reader's (the MIB words are read by the MIB loader).  A missing
 *  file is skipped.
 *  @return 0, or -1 after "PROGFILE:LINE: why" on stderr. */
int tls_conf_read_snmp_conf(snmpx_io *io, int *def_model, const char *prog);

/** Whether the address text |spec| names a TLS or DTLS transport
 *  ("tls:", "tlstcp:", "dtls:", "dtlsudp:", "dtlsudp6:", "dtls6:", any
 *  case), as snmpx_addr_parse would read it. */
bool tls_conf_is_secure_spec(const char *spec);

/** The host part of the agent argument |spec| as the user typed it, for
 *  the server certificate's name check (RFC 6353 5.3.1 step 2, Net-SNMP's
 *  their_hostname): the transport prefix and the port are left out, and
 *  an IPv6 literal's brackets.  Written to out[0..cap).  @return |out|. */
const char *tls_conf_host(const char *spec, char *out, size_t cap);

#endif
