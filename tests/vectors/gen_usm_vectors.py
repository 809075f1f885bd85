#!/usr/bin/env python3
"""Independent known-answer vectors for tests/unit/test_usm.c.

Keys and MACs are computed here with Python's hashlib/hmac from the texts
of RFC 3414 A.2 (password to key, localization), draft-blumenthal-aes-usm-04
3.1.2.1 and draft-reeder-snmpv3-usm-3desede 2.1 (key extension); ciphertexts
with the `openssl enc` command line (DES needs the legacy provider on
OpenSSL 3).  Prints C initializers to paste into the test:

    python3 tests/vectors/gen_usm_vectors.py > /tmp/usm_vectors.inc
"""
import hashlib
import hmac
import subprocess

HASHES = {"MD5": "md5", "SHA": "sha1", "SHA224": "sha224",
          "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}
ENGINE_ID = bytes(11) + b"\x02"
PASSWORD = b"maplesyrup"


def password_to_key(h, pw):
    stream = (pw * (1048576 // len(pw) + 1))[:1048576]
    return hashlib.new(h, stream).digest()


def localize(h, ku, eid):
    return hashlib.new(h, ku + eid + ku).digest()


def blumenthal(h, kul, need):
    key = kul
    while len(key) < need:
        key += hashlib.new(h, key).digest()
    return key[:need]


def reeder(h, kul, eid, need):
    key = kul
    while len(key) < need:
        key += localize(h, password_to_key(h, key), eid)
    return key[:need]


def c_hex(b):
    return ", ".join("0x%02x" % x for x in b)


def emit(name, b):
    print("static const uint8_t %s[] = {" % name)
    for i in range(0, len(b), 10):
        print("  " + c_hex(b[i:i + 10]) + ",")
    print("};")


def openssl_enc(cipher, key, iv, data, legacy=False):
    cmd = ["openssl", "enc", "-" + cipher, "-e", "-nopad", "-nosalt",
           "-K", key.hex(), "-iv", iv.hex()]
    if legacy:
        cmd += ["-provider", "legacy", "-provider", "default"]
    return subprocess.run(cmd, input=data, capture_output=True,
                          check=True).stdout


def main():
    for name, h in HASHES.items():
        ku = password_to_key(h, PASSWORD)
        emit("KU_" + name, ku)
        emit("KUL_" + name, localize(h, ku, ENGINE_ID))
    for name, need in (("AES192", 24), ("AES256", 32)):
        for a in ("MD5", "SHA", "SHA224"):
            h = HASHES[a]
            kul = localize(h, password_to_key(h, PASSWORD), ENGINE_ID)
            emit("BLU_%s_%s" % (name, a), blumenthal(h, kul, need))
            emit("REE_%s_%s" % (name, a), reeder(h, kul, ENGINE_ID, need))
    for a in ("MD5", "SHA"):
        h = HASHES[a]
        kul = localize(h, password_to_key(h, PASSWORD), ENGINE_ID)
        emit("DES3_KEY_%s" % a, reeder(h, kul, ENGINE_ID, 32))

    # HMAC: RFC 2202 / RFC 4231 test case 2.
    for name, h in HASHES.items():
        emit("HMAC_JEFE_" + name,
             hmac.new(b"Jefe", b"what do ya want for nothing?", h).digest())
    # A whole-message MAC: 40 octets 0x00..0x27 with the MAC field at 10
    # zeroed, keyed with KUL_<hash>.
    mac_lens = {"MD5": 12, "SHA": 12, "SHA224": 16, "SHA256": 24,
                "SHA384": 32, "SHA512": 48}
    for name, h in HASHES.items():
        kul = localize(h, password_to_key(h, PASSWORD), ENGINE_ID)
        n = mac_lens[name]
        msg = bytearray(range(10)) + bytes(n) + bytes(range(10 + n, 90))
        emit("MSG_MAC_" + name, hmac.new(kul, bytes(msg), h).digest()[:n])

    # Privacy: plaintext 0x00..0x1c (29 octets: DES pads to 32).
    pt = bytes(range(29))
    padded = pt + bytes(3)
    key16 = bytes(range(0x10, 0x20))
    key32 = bytes(range(0x20, 0x40))
    salt_des = bytes.fromhex("0000000500000007")  # boots 5, counter 7
    pre_iv = key16[8:]
    iv = bytes(a ^ b for a, b in zip(pre_iv, salt_des))
    emit("CT_DES", openssl_enc("des-cbc", key16[:8], iv, padded, True))
    iv = bytes(a ^ b for a, b in zip(key32[24:], salt_des))
    emit("CT_3DES", openssl_enc("des-ede3-cbc", key32[:24], iv, padded))
    # AES: boots 5, time 0x01020304, salt 0x1122334455667788.
    aes_iv = bytes.fromhex("00000005" "01020304" "1122334455667788")
    for bits, key in ((128, key32[:16]), (192, key32[:24]), (256, key32)):
        emit("CT_AES%d" % bits, openssl_enc("aes-%d-cfb" % bits, key,
                                            aes_iv, pt))


if __name__ == "__main__":
    main()
