/* Engine IDs and localized keys (SHA auth, AES-128 priv) shared by
 * fuzz_notify_recv and gen_notify_seeds.sh (which passes the same keys to
 * Net-SNMP's snmptrap/snmpinform as -3k/-3K), so the seeds pass USM. */
#ifndef SNMPX_FUZZ_NOTIFY_KEYS_H
#define SNMPX_FUZZ_NOTIFY_KEYS_H

#include <stdint.h>

/* The trap sender's engine (authoritative for its traps):
 * 0x8000000001aabbcc05 */
static const uint8_t notify_sender_engine[] = {0x80, 0x00, 0x00, 0x00, 0x01,
                                               0xaa, 0xbb, 0xcc, 0x05};
/* The receiver's own engine (authoritative for informs):
 * 0x8000000001aabbcc06 */
static const uint8_t notify_local_engine[] = {0x80, 0x00, 0x00, 0x00, 0x01,
                                              0xaa, 0xbb, 0xcc, 0x06};
/* 0x0102030405060708090a0b0c0d0e0f1011121314 */
static const uint8_t notify_auth_key[20] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
/* 0x1112131415161718191a1b1c1d1e1f20 */
static const uint8_t notify_priv_key[16] = {0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
                                            0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c,
                                            0x1d, 0x1e, 0x1f, 0x20};

#endif
