/* snmpx trapd: how a notification is printed.
 *
 *  - text: byte for byte what Net-SNMP 5.9's snmptrapd logs by default
 *    (snmptrapd -f -Lo, no MIBs; see docs/notifications.md for the
 *    observed rules);
 *  - json: one object per line;
 *  - handler: what Net-SNMP gives a traphandle program on stdin (host,
 *    transport, then one "OID VALUE" line per varbind). */
#ifndef SNMPX_TOOLS_TRAPD_FORMAT_H
#define SNMPX_TOOLS_TRAPD_FORMAT_H

#include <stdio.h>
#include <time.h>

#include <snmpx/snmpx.h>

#include "format.h"

/* Reverse lookups are slow: remember the last few. */
#define TRAPD_NAME_CACHE 16

typedef struct trapd_name {
  snmpx_addr addr; /* port ignored */
  char name[256];
  bool used;
} trapd_name;

typedef struct trapd_fmt {
  fmt_opts fmt;
  bool numeric_hosts; /* -n: no reverse lookups */
  snmpx_addr local4;  /* the IPv4 address notifications arrive on */
  bool have_local4;
  trapd_name names[TRAPD_NAME_CACHE];
  unsigned next_name;
  time_t date_when; /* the second date_text is for */
  char date_text[32];
  char ipc_name[128]; /* "Local IPC: PATH", a UNIX sender's host name */
} trapd_fmt;

/** Defaults: Net-SNMP's output options, host names looked up. */
void trapd_fmt_init(trapd_fmt *f);

/** The host name snmptrapd prints for a sender: the reverse lookup of an
 *  IPv4 address, over UDP or TCP (the address itself when there is none,
 *  or with -n); "<UNKNOWN>" for IPv6; for a UNIX socket "Local IPC: PATH",
 *  PATH the socket it came in on (|to|), as snmptrapd 5.9 prints. */
const char *trapd_host_name(trapd_fmt *f, const snmpx_addr *from,
                            const snmpx_addr *to);

/** snmptrapd's transport text: "UDP: [SRC]:PORT->[DST]:PORT" (IPv4) or
 *  "UDP/IPv6: [SRC]:PORT".  DST is |to| (the datagram's destination, len
 *  0 when unknown), else the address listened on.  Over TCP, as
 *  snmptrapd 5.9 (which does not know an accepted connection's local
 *  end): "TCP: [SRC]:PORT->[0.0.0.0]:0" or "TCP/IPv6: [SRC]:PORT"; over
 *  a UNIX socket "Local IPC: PATH" (the socket's path, |to|). */
void trapd_print_transport(FILE *out, const trapd_fmt *f,
                           const snmpx_addr *from, const snmpx_addr *to);

/** One notification as snmptrapd logs it, received at |when|. */
void trapd_print_text(FILE *out, trapd_fmt *f, const snmpx_notification *n,
                      time_t when);

/** One notification as a JSON object and '\n'; |when_ms| is the wall
 *  clock in milliseconds. */
void trapd_print_json(FILE *out, trapd_fmt *f, const snmpx_notification *n,
                      int64_t when_ms);

/** A traphandle program's standard input. */
void trapd_print_handler(FILE *out, trapd_fmt *f, const snmpx_notification *n);

#endif
