/* Cross-layer internal API (snmpx__*).  Not installed. */
#ifndef SNMPX_INTERNAL_H
#define SNMPX_INTERNAL_H

#include <string.h>

#include <snmpx/snmpx.h>

/* Allocation through an optional snmpx_mem (NULL: libc).  malloc of 0
 * returns a unique pointer; calloc checks for overflow. */
void *snmpx__malloc(const snmpx_mem *mem, size_t size);
void *snmpx__calloc(const snmpx_mem *mem, size_t n, size_t size);
void *snmpx__realloc(const snmpx_mem *mem, void *ptr, size_t size);
void snmpx__free(const snmpx_mem *mem, void *ptr);


/* The allocator an engine was made with (NULL: libc). */
const snmpx_mem *snmpx__engine_mem(const snmpx_engine *e);
/* A positive 31-bit number from the engine's RNG (an unconfirmed
 * notification's request-id). */
int32_t snmpx__engine_random_id(snmpx_engine *e);

/* While the send callback runs for an answer (a Response, a Report, an
 * inform acknowledgement, now or for a held request): the local address
 * its request arrived on, so the transport answers from the same socket.
 * NULL for everything else the engine sends (its own requests, traps). */
const snmpx_addr *snmpx__engine_answer_from(const snmpx_engine *e);

/* While the send callback runs for the answer to a message of the
 * Transport Security Model: that message's tmStateReference (RFC 5591 4.2
 * step 1, tmSameSecurity), whose session_id names the (D)TLS session the
 * answer must go out on; the transport drops the answer when that session
 * is gone (RFC 6353 5.2 step 1: snmpTlstmSessionNoSessions).  NULL for
 * everything else. */
const snmpx_tm_state *snmpx__engine_answer_tm(const snmpx_engine *e);

/* A bound on requests in flight, shared by a manager's requests
 * (engine_window.c).  Waiting requests queue on it in submit order. */
typedef struct snmpx__window {
  uint32_t limit;          /* 0: none */
  uint32_t in_flight;      /* on the wire, or past this window */
  struct snmpx__request *head, *tail;
  bool released;           /* its owner is gone: free when empty */
} snmpx__window;

/* A window of |limit| for a manager's requests; NULL on out of memory. */
snmpx__window *snmpx__window_new(snmpx_engine *e, uint32_t limit);
/* The owner lets go: freed now, or when its last request completes. */
void snmpx__window_release(snmpx_engine *e, snmpx__window *w);
/* snmpx_engine_submit, counted against |w| (may be NULL). */
int64_t snmpx__engine_submit_in(snmpx_engine *e, const snmpx_target *target,
                                const snmpx_pdu *pdu, snmpx_response_cb cb,
                                void *user_data, snmpx__window *w);

/* Default clock (CLOCK_MONOTONIC, ms) and entropy (getrandom). */
uint64_t snmpx__clock_monotonic_ms(void *ud);
void snmpx__random_getrandom(void *ud, void *buf, size_t len);

/* A buffer of kernel randomness, the default RNG of an engine. */
typedef struct snmpx__entropy {
  uint8_t buf[256];
  size_t pos;
} snmpx__entropy;
void snmpx__entropy_init(snmpx__entropy *en);
/* An snmpx_random_cb over an snmpx__entropy (the user data). */
void snmpx__entropy_read(void *ud, void *buf, size_t len);

/* ---- BER (src/ber) ------------------------------------------------- */

/** INTEGER content (1..8 octets, sign-extended) into |out|.
 *  @return 0; SNMPX_EBER_LENGTH (empty), SNMPX_EBER_RANGE (> 8 octets). */
int snmpx__ber_parse_int(snmpx_ber_view c, int64_t *out);

/** Unsigned content (1..8 octets, or 9 with a leading 0x00; never
 *  sign-extended, as Net-SNMP 5.9.3 reads it) into |out|.
 *  @return as snmpx__ber_parse_int. */
int snmpx__ber_parse_uint(snmpx_ber_view c, uint64_t *out);

/** Record |err| in |w| unless an error is already recorded. */
void snmpx__ber_set_err(snmpx_ber_writer *w, int err);

/** Prepend a minimal definite length (SNMPX_EBER_LENGTH over 2^32-1). */
void snmpx__ber_write_length(snmpx_ber_writer *w, size_t len);

/* ---- OID and values (src/oid) --------------------------------------- */

/** True when |a| and |b| have the same type and value (bytes and arcs
 *  compared by content; floats by bit pattern). */
bool snmpx__oid_value_equal(const snmpx_value *a, const snmpx_value *b);

/** True for the types whose value is octets (v.bytes): OCTET STRING,
 *  IpAddress, Opaque. */
bool snmpx__oid_value_has_bytes(snmpx_type t);

/** Bytes a copy of |v|'s octets or arcs takes (0 for types with
 *  neither); SIZE_MAX when |v| is inconsistent (a view NULL with a
 *  length, an OID longer than SNMPX_OID_MAX_LEN). */
size_t snmpx__oid_value_extra(const snmpx_value *v);

/** *|out| = *|in|, with |in|'s octets or arcs (whatever their number)
 *  copied into |dst|, which has room for them (and for arcs is aligned
 *  for uint32_t); |out| may be |in|.  |in| has no view NULL with a
 *  length. */
void snmpx__oid_value_copy_to(const snmpx_value *in, snmpx_value *out,
                              void *dst);

/* ---- PDU (src/pdu) --------------------------------------------------- */

/** True when two PDUs carry the same fields and varbinds (the v1 trap
 *  fields only for SNMPX_PDU_TRAP_V1, the request fields otherwise). */
bool snmpx__pdu_equal(const snmpx_pdu *a, const snmpx_pdu *b);

#endif
