/* snmpx trapd: the snmptrapd.conf directives it understands.
 *
 *   authCommunity TYPES COMMUNITY [SOURCE]     v1/v2c community, from
 *                                              SOURCE (ADDR[/BITS]) only;
 *                                              TYPES: log,execute,net
 *   createUser [-e ENGINEID] NAME [AUTH PASS [PRIV [PASS]]]
 *                                              a USM user; with -e, for
 *                                              traps from that engine
 *   authUser TYPES [-s usm|tsm] NAME [LEVEL]   accept v3 from NAME at
 *                                              LEVEL (noauth|auth|priv;
 *                                              default auth); -s tsm: a
 *                                              TLS/DTLS sender's
 *                                              certSecName
 *   disableAuthorization yes|no                accept every community
 *                                              and authenticated user
 *   exactEngineID HEX                          the receiver's engine ID
 *                                              (informs are sent to it)
 *   snmpTrapdAddr ADDR[,ADDR]...               where to listen
 *   traphandle default COMMAND                 run per notification
 *   certSecName, trustCert, tsmUseTransportPrefix, and (alone or after
 *   "[snmp]") localCert, peerCert, serverCert, clientCert
 *                                              TLS/DTLS (RFC 6353) for
 *                                              tlstcp:/dtlsudp: addresses,
 *                                              handed to |io|
 *
 * Words are split as Net-SNMP splits them (cli_split_words).  Other
 * directives are reported on stderr and ignored. */
#ifndef SNMPX_TOOLS_TRAPD_CONF_H
#define SNMPX_TOOLS_TRAPD_CONF_H

#include <snmpx/snmpx.h>

typedef struct trapd_access {
  char *name;           /* community or user */
  char *source;         /* community: NULL or ADDR[/BITS] */
  snmpx_seclevel level; /* user */
} trapd_access;

typedef struct trapd_conf {
  trapd_access *communities;
  size_t n_communities;
  trapd_access *users;
  size_t n_users;
  char **listen; /* snmpTrapdAddr entries */
  size_t n_listen;
  char *exec; /* traphandle default */
  bool disable_auth;
  bool offline; /* the fuzz target's: snmpTrapdAddr is not checked (it
                   may look a name up) */
  snmpx_io *io;  /* borrowed: takes the TSM words (NULL: they are
                    refused) */
} trapd_conf;

/** Read |path|: users and the engine ID go to |e| at once, the rest into
 *  |c| (to be applied with trapd_conf_apply).  Every line is read whole
 *  (see conf_read.h); a directory or unreadable file is refused; the
 *  first bad line stops the reading with "snmpx trapd: FILE:LINE: ..." on
 *  stderr.  @return 0 or -1. */
int trapd_conf_load(trapd_conf *c, const char *path, snmpx_engine *e);

/** As trapd_conf_load, for the |len| bytes at |data| (borrowed) named
 *  |name| in messages.  @return 0 or -1 (printed). */
int trapd_conf_load_text(trapd_conf *c, const char *name, const void *data,
                         size_t len, snmpx_engine *e);

/** Give |r| the communities and users of |c|.  @return 0 or -1 (printed). */
int trapd_conf_apply(const trapd_conf *c, snmpx_receiver *r);

/** Free what |c| holds. */
void trapd_conf_clear(trapd_conf *c);

#endif
