/* Shared plumbing of the snmpx subcommands: Net-SNMP's common options,
 * the session (engine, I/O, manager), blocking requests, and the error
 * lines Net-SNMP's tools print.  Public libsnmpx API only. */
#ifndef SNMPX_TOOLS_CLI_H
#define SNMPX_TOOLS_CLI_H

#include <stdio.h>

#include <snmpx/snmpx.h>

#include "format.h"

/** Handles one -C letter; |arg| points at the rest of the -C string after
 *  the letter, and the handler returns how many of those bytes it used, or
 *  -1 after printing an error. */
typedef int (*cli_appopt_fn)(void *app, char letter, const char *rest);

typedef struct cli_app {
  const char *name;       /* Net-SNMP's name: "snmpget", "snmpwalk"... */
  const char *args_usage; /* "AGENT OID [OID]..." */
  const char *appopts_help; /* lines for -C, or NULL when there is no -C */
  cli_appopt_fn appopt;
  void *app;
  /* Net-SNMP's tools differ in small ways; these say how this one does. */
  const char *error_heading;  /* "Error in packet" (snmpget) or with '.' */
  const char *timeout_suffix; /* "." after the peer (get, getnext) or "" */
  bool no_permute;            /* options end at the agent (snmpset) */
} cli_app;

typedef struct cli {
  const cli_app *app;
  const char *peername;   /* the agent argument as typed */
  uint16_t default_port;  /* AGENT without a port (0: 161); set after
                             cli_init */
  snmpx_version version;
  const char *community;
  int retries;
  long timeout_ms;
  fmt_opts fmt;
  /* SNMPv3 (-u -l -a -A -x -X -e -E -n -3m -3M -3k -3K) */
  const char *sec_name;
  snmpx_seclevel level;
  snmpx_usm_auth auth;
  bool auth_given; /* -a (or -3a) was given */
  snmpx_usm_priv priv;
  snmpx_usm_secret auth_secret;
  snmpx_usm_secret priv_secret;
  uint8_t engine_id[32];
  size_t engine_id_len;     /* 0: discover */
  uint8_t ctx_engine_id[32];
  size_t ctx_engine_id_len; /* 0: the authoritative engine's */
  bool ctx_engine_id_set;
  const char *context;
  bool boots_time_set;      /* -Z */
  bool local_authoritative; /* a trap: the authoritative engine is ours,
                               nothing to discover (cli_make_target_at) */
  uint32_t boots;
  uint32_t time;
  uint8_t keybuf[2][64];    /* -3m/-3k and -3M/-3K keys */
  bool engine_keys;         /* leave password hashing to the engine's key
                               cache (one hash per password over many
                               targets: poll), not two threads up front */
  /* MIBs: -m, -M, -IR (see docs/mibs.md) */
  const char *mibs_opt;
  const char *mibdirs_opt;
  bool random_access;
  snmpx_mibdb *mib; /* what -m/-M/MIBS/MIBDIRS/snmp.conf load */
  /* TLS and DTLS (RFC 6353), as Net-SNMP's -T NAME=VALUE names them,
   * and the TSM words given as --WORD=VALUE (snmp.conf's words on the
   * command line, applied after the snmp.conf files) */
  const char *tls_local_cert; /* -T localCert= / our_identity= */
  const char *tls_peer_cert;  /* -T peerCert= / their_identity= */
  const char *tls_trust_cert; /* -T trust_cert= / trustCert= */
  const char *tls_hostname;   /* -T their_hostname= / peerHostname= */
  bool tls_t_given;           /* any -T */
  const char *long_words[16]; /* --WORD=VALUE: canonical WORD... */
  const char *long_values[16]; /* ...and its VALUE ("1" when none) */
  int n_long;
  int def_model;    /* defSecurityModel: 0, SNMPX_SECMODEL_USM or _TSM */
  bool level_given; /* -l was given (TSM's default is authPriv) */
  char **args;            /* operands after the agent */
  int nargs;
  snmpx_engine *engine;
  snmpx_io *io;
  snmpx_manager *manager;
} cli;

/** Parse argv as Net-SNMP's snmp_parse_args does.
 *  @return -1 to go on (operands are in c->args); otherwise the process exit
 *  status (usage, help, version or an error already printed). */
int cli_init(cli *c, const cli_app *app, int argc, char **argv);

/** Resolve the agent and open the session.  @return 0, or the exit status
 *  after printing Net-SNMP's message. */
int cli_open(cli *c);

/** Open the transport to |addr| as Net-SNMP's snmp_sess_open does: a
 *  TCP or UNIX connection now.  Prints Net-SNMP's message on failure
 *  ("Unknown host (SPEC) (Connection refused)"), or that the domain is
 *  not available (TLS, DTLS).  @return 0, or 1 (the exit status). */
int cli_open_transport(cli *c, const snmpx_addr *addr);

/** Make the io ready for the TLS or DTLS agent at |addr|, as Net-SNMP's
 *  session does: index the certificate directories of the configuration
 *  path, read snmp.conf's TSM words, apply the --WORD=VALUE ones, the
 *  -T options (our certificate, trust_cert) and what the server must
 *  present (-T peerCert, else its host name as typed, or -T
 *  their_hostname).  For another transport, -T is refused as Net-SNMP
 *  refuses it.  @return 0, or 1 (the exit status) after a message naming
 *  FILE:LINE or the argument. */
int cli_tls_prepare(cli *c, const snmpx_addr *addr);

/** Whether the target at |addr| uses the Transport Security Model: a TLS
 *  or DTLS address, or defSecurityModel tsm (RFC 5591; Net-SNMP's
 *  snmp_api.c and snmpTLSBaseDomain.c). */
bool cli_uses_tsm(const cli *c, const snmpx_addr *addr);

/** Build the target the parsed options describe, on engine |e|: resolve
 *  the agent and, for SNMPv3, add the -u user to |e| under
 *  |user_namespace| (a TSM target has no user: -u is its securityName).  |t| borrows strings from |c| and its argv.
 *  @return 0, or an exit status after printing Net-SNMP's message. */
int cli_make_target(cli *c, snmpx_engine *e, const char *user_namespace,
                    snmpx_target *t);

/** Like cli_make_target, for the agent already resolved to |addr|
 *  (borrowed; copied into |t|). */
int cli_make_target_at(cli *c, snmpx_engine *e, const char *user_namespace,
                       const snmpx_addr *addr, snmpx_target *t);

/** Turns an agent argument into an address: snmpx_addr_parse's contract. */
typedef int (*cli_resolver_fn)(snmpx_addr *out, const char *spec,
                               uint16_t default_port);

/** Resolve the agent argument (c->peername, default port c->default_port
 *  or 161) through the resolver in use.
 *  @return 0, or what the resolver returns (SNMPX_EADDR, SNMPX_EINVAL). */
int cli_resolve(const cli *c, snmpx_addr *out);

/** Replace the resolver (NULL: back to snmpx_addr_parse).  Fuzzers use it
 *  to keep names away from DNS. */
void cli_set_resolver(cli_resolver_fn fn);

/** Make every command line parsed from now on use |shared| (borrowed; it
 *  must outlive them) whatever its -m and -M say; NULL: back to loading
 *  per (-m, -M).  Fuzzers use it to read no directory per input. */
void cli_set_mib_source(snmpx_mibdb *shared);

/** The tag of the first varbind value in the SNMPv1/v2c message |data|
 *  that Net-SNMP's parser refuses ("bad type returned (%x)").
 *  @return the tag, or -1 (none, not v1/v2c, or not decodable that far). */
int cli_bad_value_tag(const uint8_t *data, size_t len);

/** Close the session. */
void cli_close(cli *c);

/** Parse an OID operand.  Prints Net-SNMP's message on failure.
 *  @return 0 or -1. */
int cli_parse_oid(cli *c, const char *text, snmpx_oid *out);

/** Print "Timeout: No Response from PEER" (with the tool's suffix) and the
 *  like for a failed request (status < 0). */
void cli_print_failure(cli *c, int status);

/** Print Net-SNMP's error block for a response with an error-status: the
 *  tool's heading, "Reason: ..." and "Failed object: ...". */
void cli_print_packet_error(cli *c, const snmpx_pdu *resp);

/** Load the MIB modules Net-SNMP's tools would load with |mibs| (-m)
 *  and |dirs| (-M), either NULL when not given; warnings go to stderr.
 *  @return the database (possibly empty), or NULL when out of memory. */
snmpx_mibdb *cli_load_mib(const char *mibs, const char *dirs);

/** Apply the letters of one -I argument: 'R' toggles |*random|, 'b' sets
 *  |*best| (NULL: a tool that has no use for it).  Net-SNMP's other letters
 *  (h r u s S) change what is sent and are not implemented: refused
 *  rather than ignored.  @return 0, or the first letter not taken. */
int cli_parse_inopts(const char *letters, bool *random, bool *best);

/** Report a letter cli_parse_inopts did not take (Net-SNMP's words for an
 *  unknown one, a plain statement for one snmpx does not implement). */
void cli_bad_inopt(int letter);

/** Octets of a hex string ("0x0102..." or "0102..."; an even number of
 *  hex digits) into out[0..cap).  @return how many, or -1. */
int cli_parse_hex(const char *s, uint8_t *out, size_t cap);

/** A security level in any of Net-SNMP's spellings (noAuthNoPriv, noauth,
 *  nanp, 1, authNoPriv, auth, anp, 2, authPriv, priv, ap, 3;
 *  case-insensitive).  @return 0, or -1 for another word. */
int cli_parse_level(const char *s, snmpx_seclevel *out);

/** Print the usage text to stderr. */
void cli_usage(const cli_app *app);

/** With |quiet|, cli_usage prints nothing: errors in a file of command
 *  lines (poll's targets) name the line, not the usage.
 *  @return the setting before. */
bool cli_set_quiet_usage(bool quiet);

/** Print the usage text to |out| (--help: stdout). */
void cli_usage_to(FILE *out, const cli_app *app);

/** Record how the command was invoked, for the USAGE line: |prefix|
 *  "snmpx" and |command| "get" name it "snmpx get"; a NULL |prefix| and
 *  |command| "/usr/bin/snmpget" (a link) name it "snmpget".  Both
 *  borrowed (copied, at most 63 bytes). */
void cli_set_invocation(const char *prefix, const char *command);

/** The name recorded by cli_set_invocation, or |fallback| (the Net-SNMP
 *  tool's) when none was. */
const char *cli_invoked_name(const char *fallback);

/** Split |line| in place into words as Net-SNMP's configuration reader
 *  does (read_config.c, copy_nword): white space separates words; a word
 *  that starts with a double or a single quote runs to the same quote (or
 *  the end of the line) and may hold white space; a backslash makes the
 *  next character plain (\" \' \\ \# or a space); a word that starts
 *  with an unquoted '#' ends the line (a comment, as at the line's start).
 *  |words| receives pointers into |line|.
 *  @return the number of words, or -1 when there are more than |max|. */
int cli_split_words(char *line, char **words, int max);

/** The createUser directive of snmpd.conf and snmptrapd.conf, as Net-SNMP
 *  reads it: "createUser [-e ENGINEID] NAME [AUTH PASS [PRIV [PASS]]]",
 *  a privacy pass phrase left out being the authentication one.  With -e
 *  the user is bound to that engine ID (snmpx_user.engine_id).  Adds the
 *  user to |e|.  |w| (borrowed) holds the line's |n| words, w[0] being
 *  "createUser".
 *  @return 0, or -1 with a message (no file or line) in why[0..why_len). */
int cli_conf_create_user(snmpx_engine *e, char *const *w, int n, char *why,
                         size_t why_len);

#endif
