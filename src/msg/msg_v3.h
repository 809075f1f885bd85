/* SNMPv3 message framing (RFC 3412 6, RFC 3414 2.4): the header, the USM
 * security parameters and the scopedPDU.  Cryptography is not done here:
 * the engine encrypts the scopedPDU, and signs the finished message at the
 * offset this layer reports. */
#ifndef SNMPX_MSG_V3_H
#define SNMPX_MSG_V3_H

#include "internal.h"

/* RFC 3412 6: msgFlags bits. */
#define SNMPX__V3_FLAG_AUTH 0x01
#define SNMPX__V3_FLAG_PRIV 0x02
#define SNMPX__V3_FLAG_REPORTABLE 0x04

/* RFC 3411 5: SnmpSecurityModel for the USM, and RFC 5591's TSM. */
#define SNMPX__SECMODEL_USM 3
#define SNMPX__SECMODEL_TSM 4

/* RFC 3412 6: msgMaxSize is 484..2^31-1. */
#define SNMPX__V3_MIN_MAX_SIZE 484

/** A decoded (or to-be-encoded) v3 message, less its scopedPDU. */
typedef struct snmpx__v3_msg {
  int32_t msg_id;
  int32_t max_size;
  uint8_t flags;
  int32_t security_model;   /* USM or TSM */
  /* UsmSecurityParameters (RFC 3414 2.4); all empty for TSM, whose
   * msgSecurityParameters is a zero-length OCTET STRING (RFC 5591 4.2
   * step 3) */
  snmpx_ber_view engine_id;
  int32_t boots;
  int32_t time;
  snmpx_ber_view user;
  snmpx_ber_view auth_params;
  snmpx_ber_view priv_params;
  /* msgData: the scopedPDU bytes (whole TLV) when plaintext, else the
   * content of the encryptedPDU OCTET STRING. */
  snmpx_ber_view data;
  bool encrypted;
} snmpx__v3_msg;

/** Decode a v3 message's framing.  Views point into |buf|.  The scopedPDU
 *  (|out|->data) is not decoded; see snmpx__v3_decode_scoped.
 *  @return 0; SNMPX_EMSG_VERSION (not 3), SNMPX_EMSG_SECMODEL (neither USM
 *  nor TSM), SNMPX_EBER_LENGTH (msgFlags not one octet, or TSM
 *  msgSecurityParameters not empty), SNMPX_EBER_TAG, SNMPX_EBER_*
 *  decode errors, SNMPX_EBER_RANGE (negative msgID, boots, time or a
 *  msgMaxSize under 484), SNMPX_EBER_TRAILING. */
int snmpx__v3_decode(const uint8_t *buf, size_t len, snmpx__v3_msg *out);

/** Decode a scopedPDU from |buf| (plaintext, or decrypted bytes: padding
 *  after the SEQUENCE is ignored, RFC 3414 8.1.1.3 pads to 8 octets).
 *  @return 0; SNMPX_EBER_* and the errors of snmpx_pdu_decode. */
int snmpx__v3_decode_scoped(const uint8_t *buf, size_t len,
                            snmpx_ber_view *context_engine_id,
                            snmpx_ber_view *context_name, snmpx_pdu *pdu,
                            snmpx_decode_space *space);

/** Encode a scopedPDU around |pdu_tlv| (an encoded PDU, copied as is)
 *  into buf[0..cap), starting at buf[0].  @return 0; SNMPX_ENOSPACE. */
int snmpx__v3_encode_scoped(const uint8_t *context_engine_id,
                            size_t context_engine_id_len,
                            const uint8_t *context_name,
                            size_t context_name_len, const uint8_t *pdu_tlv,
                            size_t pdu_len, uint8_t *buf, size_t cap,
                            size_t *out_len);

/** Encode a whole v3 message from |m| into buf[0..cap), starting at
 *  buf[0].  |m|->data is the scopedPDU TLV (plaintext) or the ciphertext
 *  (encrypted: it is wrapped in an OCTET STRING).  msgAuthenticationParameters
 *  is written as |m|->auth_params; when signing, pass |auth_len| zero bytes
 *  there and sign at *|auth_offset| afterwards.  A TSM message (security
 *  model 4) gets an empty msgSecurityParameters.
 *  @return 0; SNMPX_ENOSPACE. */
int snmpx__v3_encode(const snmpx__v3_msg *m, uint8_t *buf, size_t cap,
                     size_t *out_len, size_t *auth_offset);

#endif
