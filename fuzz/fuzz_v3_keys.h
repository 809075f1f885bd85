/* The engine ID and localized keys (SHA auth, AES-128 or DES priv) that
 * fuzz_v3_recv configures and gen_v3_seeds signs and encrypts its seeds
 * with: one definition, so the seeds keep passing the USM checks.  Keys are
 * given localized, so no input pays for password hashing. */
#ifndef SNMPX_FUZZ_V3_KEYS_H
#define SNMPX_FUZZ_V3_KEYS_H

#include <stdint.h>

static const uint8_t engine_id[] = {0x80, 0x00, 0x1f, 0x88, 0x80, 0xaa, 0xbb,
                                    0xcc, 0xdd, 0x00, 0x11, 0x22, 0x33};
static const uint8_t auth_key[20] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                     11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
static const uint8_t priv_key[16] = {9, 8, 7, 6, 5, 4, 3, 2,
                                     1, 0, 1, 2, 3, 4, 5, 6};

#endif
