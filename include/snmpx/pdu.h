/* snmpx: PDUs (RFC 3416, RFC 1157 Trap-PDU) and SNMPv1/v2c community
 * messages (RFC 1157, RFC 1901). */
#ifndef SNMPX_PDU_H
#define SNMPX_PDU_H

#include "common.h"
#include "mem.h"
#include "value.h"

typedef enum snmpx_pdu_type {
  SNMPX_PDU_GET = 0xa0,
  SNMPX_PDU_GETNEXT = 0xa1,
  SNMPX_PDU_RESPONSE = 0xa2,
  SNMPX_PDU_SET = 0xa3,
  SNMPX_PDU_TRAP_V1 = 0xa4,
  SNMPX_PDU_GETBULK = 0xa5,
  SNMPX_PDU_INFORM = 0xa6,
  SNMPX_PDU_TRAP_V2 = 0xa7,
  SNMPX_PDU_REPORT = 0xa8
} snmpx_pdu_type;

/** RFC 3416 error-status values (data, not library errors). */
typedef enum snmpx_errstat {
  SNMPX_ERRSTAT_NO_ERROR = 0,
  SNMPX_ERRSTAT_TOO_BIG = 1,
  SNMPX_ERRSTAT_NO_SUCH_NAME = 2,
  SNMPX_ERRSTAT_BAD_VALUE = 3,
  SNMPX_ERRSTAT_READ_ONLY = 4,
  SNMPX_ERRSTAT_GEN_ERR = 5,
  SNMPX_ERRSTAT_NO_ACCESS = 6,
  SNMPX_ERRSTAT_WRONG_TYPE = 7,
  SNMPX_ERRSTAT_WRONG_LENGTH = 8,
  SNMPX_ERRSTAT_WRONG_ENCODING = 9,
  SNMPX_ERRSTAT_WRONG_VALUE = 10,
  SNMPX_ERRSTAT_NO_CREATION = 11,
  SNMPX_ERRSTAT_INCONSISTENT_VALUE = 12,
  SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE = 13,
  SNMPX_ERRSTAT_COMMIT_FAILED = 14,
  SNMPX_ERRSTAT_UNDO_FAILED = 15,
  SNMPX_ERRSTAT_AUTHORIZATION_ERROR = 16,
  SNMPX_ERRSTAT_NOT_WRITABLE = 17,
  SNMPX_ERRSTAT_INCONSISTENT_NAME = 18
} snmpx_errstat;

typedef enum snmpx_version {
  SNMPX_VERSION_1 = 0,
  SNMPX_VERSION_2C = 1,
  SNMPX_VERSION_3 = 3
} snmpx_version;

/** A PDU.  For GETBULK, error_status is non-repeaters and error_index is
 *  max-repetitions (RFC 3416 4.2.3).  The v1 trap fields are used only for
 *  SNMPX_PDU_TRAP_V1.  |varbinds| is borrowed: in a decoded PDU it points
 *  into the decoder's storage, in a PDU to encode it is the caller's. */
typedef struct snmpx_pdu {
  snmpx_pdu_type type;
  int32_t request_id;
  int32_t error_status;
  int32_t error_index;
  snmpx_oidv enterprise;   /* v1 trap */
  uint8_t agent_addr[4];   /* v1 trap */
  int32_t generic_trap;    /* v1 trap */
  int32_t specific_trap;   /* v1 trap */
  uint32_t time_stamp;     /* v1 trap */
  snmpx_varbind *varbinds;
  size_t n_varbinds;
} snmpx_pdu;

/** A message: version, community (v1/v2c), PDU; for SNMPv3 (as the engine
 *  hands a response to a callback) also the security name and the scoped
 *  PDU's context.  Unused fields are NULL/0. */
typedef struct snmpx_msg {
  snmpx_version version;
  const uint8_t *community;
  size_t community_len;
  snmpx_pdu pdu;
  const uint8_t *security_name;     /* v3: msgUserName */
  size_t security_name_len;
  const uint8_t *context_engine_id; /* v3: contextEngineID */
  size_t context_engine_id_len;
  const uint8_t *context_name;      /* v3: contextName */
  size_t context_name_len;
} snmpx_msg;

/** Storage a decoder fills: varbinds and OID arcs.  Sizes for a datagram of
 *  |len| bytes come from snmpx_pdu_decode_bounds, so a caller can allocate
 *  once (or keep one scratch area for the largest datagram). */
typedef struct snmpx_decode_space {
  snmpx_varbind *varbinds;
  size_t varbinds_cap;
  uint32_t *arcs;
  size_t arcs_cap;
} snmpx_decode_space;

/** Upper bounds of varbinds and arcs any message of |len| bytes can hold
 *  (len / 7 varbinds, len arcs: see the proof in src/pdu/pdu_codec.c). */
SNMPX_EXTERN void snmpx_pdu_decode_bounds(size_t len, size_t *max_varbinds,
                                          size_t *max_arcs);

/** Decode a PDU (tag and all) from |r|'s next TLV.  Views point into the
 *  reader's buffer and |space|.  request-id, error-status, error-index,
 *  generic-trap and specific-trap must fit int32 (else SNMPX_EBER_RANGE).
 *  A v1 agent-addr shorter than 4 bytes is zero-filled, as Net-SNMP does.
 *  @return 0; SNMPX_EINVAL, SNMPX_EMSG_PDU_TYPE,
 *  SNMPX_EMSG_TOO_MANY_VARBINDS (|space| too small), SNMPX_EOID_TOOLONG,
 *  and every SNMPX_EBER_* decode error. */
struct snmpx_ber_reader;
SNMPX_EXTERN int snmpx_pdu_decode(struct snmpx_ber_reader *r, snmpx_pdu *out,
                                  snmpx_decode_space *space);

/** Decode a whole v1/v2c message from buf[0..len).  Trailing bytes after
 *  the message are an error.  Views point into |buf| and |space|.
 *  @return 0; SNMPX_EMSG_VERSION (any version but 0 and 1, including v3:
 *  use snmpx_msg_peek_version first), SNMPX_EBER_TRAILING and the errors of
 *  snmpx_pdu_decode. */
SNMPX_EXTERN int snmpx_msg_decode(const uint8_t *buf, size_t len,
                                  snmpx_msg *out, snmpx_decode_space *space);

/** The msgVersion of a message without decoding the rest.
 *  @return 0 (v1), 1 (v2c), 3 (v3) or another value found; any
 *  SNMPX_EBER_* error (SNMPX_EBER_RANGE for a version outside
 *  0..INT32_MAX); SNMPX_EINVAL for a NULL buffer. */
SNMPX_EXTERN int snmpx_msg_peek_version(const uint8_t *buf, size_t len);

struct snmpx_ber_writer;
/** Prepend the encoding of |pdu| to |w| (errors land in w->err: the
 *  SNMPX_ENOSPACE, SNMPX_EOID_* and SNMPX_EMSG_VALUE_TYPE of the value
 *  writers). */
SNMPX_EXTERN void snmpx_pdu_encode(struct snmpx_ber_writer *w,
                                   const snmpx_pdu *pdu);

/** Encode a v1/v2c message into buf[0..cap); the encoding starts at buf[0]
 *  and is *|out_len| bytes.  SNMPv1 forbids GETBULK, INFORM, SNMPv2-Trap and
 *  REPORT; SNMPv2c forbids the v1 Trap-PDU; v1 also forbids Counter64 values.
 *  @return 0; SNMPX_EINVAL, SNMPX_EMSG_VERSION, SNMPX_EMSG_PDU_TYPE,
 *  SNMPX_EMSG_VALUE_TYPE, SNMPX_ENOSPACE, SNMPX_EOID_ARC_RANGE,
 *  SNMPX_EOID_SYNTAX, SNMPX_EOID_TOOLONG, SNMPX_EBER_RANGE and
 *  SNMPX_EBER_LENGTH (values out of range for their type, see
 *  snmpx_ber_write_value). */
SNMPX_EXTERN int snmpx_msg_encode(const snmpx_msg *m, uint8_t *buf,
                                  size_t cap, size_t *out_len);

/** Deep-copy |pdu| into one allocation from |mem| (NULL: libc): varbinds,
 *  arcs and bytes all inside.  @return the copy, or NULL on out of memory
 *  or when |pdu| is NULL or holds a NULL view with a non-zero length.
 *  Free with snmpx_pdu_free(copy, mem). */
SNMPX_EXTERN snmpx_pdu *snmpx_pdu_dup(const snmpx_pdu *pdu,
                                      const snmpx_mem *mem);

/** Free a PDU made by snmpx_pdu_dup; NULL is a no-op. */
SNMPX_EXTERN void snmpx_pdu_free(snmpx_pdu *pdu, const snmpx_mem *mem);

/** RFC 3416 name of an error-status ("noSuchName"), "??" when unknown. */
SNMPX_EXTERN const char *snmpx_errstat_name(int status);

/* ---- Notifications: RFC 3584 section 3, SNMPv1 <-> SNMPv2 ------------
 * An SNMPv2-Trap or InformRequest carries sysUpTime.0 and snmpTrapOID.0 as
 * its first two varbinds (RFC 3416 4.2.6); an SNMPv1 Trap-PDU carries the
 * same facts in its own fields.  These functions turn one form into the
 * other without allocating: the results are views into their inputs, the
 * static OIDs below and the caller's storage. */

/** Well-known OIDs of notifications (RFC 3418, RFC 3584). */
typedef enum snmpx_notify_oid_id {
  SNMPX_OID_SYSUPTIME_0,           /* 1.3.6.1.2.1.1.3.0 */
  SNMPX_OID_SNMPTRAPOID_0,         /* 1.3.6.1.6.3.1.1.4.1.0 */
  SNMPX_OID_SNMPTRAPENTERPRISE_0,  /* 1.3.6.1.6.3.1.1.4.3.0 */
  SNMPX_OID_SNMPTRAPADDRESS_0,     /* 1.3.6.1.6.3.18.1.3.0 */
  SNMPX_OID_SNMPTRAPCOMMUNITY_0,   /* 1.3.6.1.6.3.18.1.4.0 */
  SNMPX_OID_SNMPTRAPS              /* 1.3.6.1.6.3.1.1.5 (coldStart is .1) */
} snmpx_notify_oid_id;

/** A view of the well-known OID |id| (static storage); the empty OID for
 *  an unknown id. */
SNMPX_EXTERN snmpx_oidv snmpx_notify_oid(snmpx_notify_oid_id id);

/** RFC 3584 3.1 (4): the translation is done by a proxy forwarding a
 *  received trap: append snmpTrapAddress.0 (agent-addr, unless 0.0.0.0),
 *  snmpTrapCommunity.0 (the community) and snmpTrapEnterprise.0 (the
 *  enterprise), each only when the v1 varbinds do not already hold it.
 *  For snmpx_pdu_trap_v2_to_v1: take agent-addr from snmpTrapAddress.0
 *  (RFC 3584 3.2 (2), second case). */
#define SNMPX_V1V2_PROXY 0x1u
/** v1 -> v2 only: append snmpTrapEnterprise.0 when absent even when not a
 *  proxy (what Net-SNMP's receiver does, so that the enterprise of a
 *  generic trap is not lost). */
#define SNMPX_V1V2_ENTERPRISE 0x2u

/** Varbinds a v1 -> v2 translation adds at most (sysUpTime.0,
 *  snmpTrapOID.0 and the three of SNMPX_V1V2_PROXY). */
#define SNMPX_V1V2_EXTRA_VARBINDS 5

/** Storage for snmpx_pdu_trap_v1_to_v2: |varbinds| holds at least the v1
 *  PDU's varbinds plus SNMPX_V1V2_EXTRA_VARBINDS. */
typedef struct snmpx_v1v2_space {
  snmpx_varbind *varbinds;
  size_t varbinds_cap;
  uint32_t trap_oid[SNMPX_OID_MAX_LEN]; /* snmpTrapOID.0's value */
} snmpx_v1v2_space;

/** Translate an SNMPv1 Trap-PDU into SNMPv2-Trap parameters (RFC 3584
 *  3.1): sysUpTime.0 = time-stamp, snmpTrapOID.0 = snmpTraps.(generic+1)
 *  for a generic trap or enterprise.0.specific for enterpriseSpecific(6),
 *  then the v1 varbinds, then what |flags| adds.  |out| becomes an
 *  SNMPX_PDU_TRAP_V2 with |v1|'s request-id (0 on the wire of a v1 trap)
 *  whose varbinds live in |space| and point into |v1|, |community| and
 *  static storage: all must outlive |out|.  |community| may be NULL
 *  (snmpTrapCommunity.0 is then the empty string).
 *  @return 0; SNMPX_EINVAL (NULL |v1|, |space| or |out|);
 *  SNMPX_ENOTIFY_NOT_TRAP (|v1| is not a Trap-PDU); SNMPX_ENOTIFY_GENERIC
 *  (generic-trap outside 0..6); SNMPX_EOID_TOOLONG (enterprise over 126
 *  arcs); SNMPX_EMSG_TOO_MANY_VARBINDS (|space| too small). */
SNMPX_EXTERN int snmpx_pdu_trap_v1_to_v2(const snmpx_pdu *v1,
                                         const uint8_t *community,
                                         size_t community_len,
                                         unsigned flags,
                                         snmpx_v1v2_space *space,
                                         snmpx_pdu *out);

/** Translate SNMPv2 notification parameters (an SNMPv2-Trap or an
 *  InformRequest) into an SNMPv1 Trap-PDU (RFC 3584 3.2).  The enterprise
 *  is snmpTrapOID without its last arc (and without a 0 before it) for a
 *  specific trap, or snmpTrapEnterprise.0 / snmpTraps for the six generic
 *  ones; agent-addr is |agent_addr| (NULL: 0.0.0.0), or with
 *  SNMPX_V1V2_PROXY the snmpTrapAddress.0 varbind (else 0.0.0.0); the
 *  varbinds are those after sysUpTime.0 and snmpTrapOID.0.  |out| points
 *  into |v2| (varbinds, enterprise) or static storage.
 *  @return 0; SNMPX_EINVAL (NULL |v2| or |out|); SNMPX_ENOTIFY_NOT_TRAP
 *  (not an SNMPv2-Trap or InformRequest); SNMPX_ENOTIFY_FORMAT (see
 *  snmpx_pdu_trap_v2_check, or a snmpTrapOID shorter than 2 arcs or whose
 *  last arc exceeds 2^31-1); SNMPX_ENOTIFY_COUNTER64 (a Counter64 varbind,
 *  which no SNMPv1 message can carry: RFC 3584 3.2 (6) and 4.2.3 say such
 *  a notification is not translated). */
SNMPX_EXTERN int snmpx_pdu_trap_v2_to_v1(const snmpx_pdu *v2,
                                         const uint8_t *agent_addr,
                                         unsigned flags, snmpx_pdu *out);

/** Check that |pdu|'s first varbind is sysUpTime.0 with a TimeTicks value
 *  and its second snmpTrapOID.0 with an OID value (RFC 3416 4.2.6, 4.2.7).
 *  @return 0; SNMPX_EINVAL (NULL); SNMPX_ENOTIFY_FORMAT. */
SNMPX_EXTERN int snmpx_pdu_trap_v2_check(const snmpx_pdu *pdu);

#endif
