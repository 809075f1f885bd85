"""Credentials: CommunityData (SNMPv1/v2c) and UsmUserData (SNMPv3 USM)
with pysnmp's protocol constants (OIDs, as pysnmp names them)."""

import random
from typing import Optional, Tuple, Union

__all__ = [
    "CommunityData", "UsmUserData",
    "USM_AUTH_NONE", "USM_AUTH_HMAC96_MD5", "USM_AUTH_HMAC96_SHA",
    "USM_AUTH_HMAC128_SHA224", "USM_AUTH_HMAC192_SHA256",
    "USM_AUTH_HMAC256_SHA384", "USM_AUTH_HMAC384_SHA512",
    "USM_PRIV_NONE", "USM_PRIV_CBC56_DES", "USM_PRIV_CBC168_3DES",
    "USM_PRIV_CFB128_AES", "USM_PRIV_CFB192_AES", "USM_PRIV_CFB256_AES",
    "USM_PRIV_CFB192_AES_BLUMENTHAL", "USM_PRIV_CFB256_AES_BLUMENTHAL",
    "USM_KEY_TYPE_PASSPHRASE", "USM_KEY_TYPE_MASTER",
    "USM_KEY_TYPE_LOCALIZED",
    "usmNoAuthProtocol", "usmHMACMD5AuthProtocol", "usmHMACSHAAuthProtocol",
    "usmHMAC128SHA224AuthProtocol", "usmHMAC192SHA256AuthProtocol",
    "usmHMAC256SHA384AuthProtocol", "usmHMAC384SHA512AuthProtocol",
    "usmNoPrivProtocol", "usmDESPrivProtocol", "usm3DESEDEPrivProtocol",
    "usmAesCfb128Protocol", "usmAesCfb192Protocol", "usmAesCfb256Protocol",
    "usmAesBlumenthalCfb192Protocol", "usmAesBlumenthalCfb256Protocol",
    "usmKeyTypePassphrase", "usmKeyTypeMaster", "usmKeyTypeLocalized",
]

Oid = Tuple[int, ...]
_AUTH = (1, 3, 6, 1, 6, 3, 10, 1, 1)
_PRIV = (1, 3, 6, 1, 6, 3, 10, 1, 2)
_CISCO = (1, 3, 6, 1, 4, 1, 9, 12, 6, 1)

USM_AUTH_NONE: Oid = _AUTH + (1,)
USM_AUTH_HMAC96_MD5: Oid = _AUTH + (2,)
USM_AUTH_HMAC96_SHA: Oid = _AUTH + (3,)
USM_AUTH_HMAC128_SHA224: Oid = _AUTH + (4,)
USM_AUTH_HMAC192_SHA256: Oid = _AUTH + (5,)
USM_AUTH_HMAC256_SHA384: Oid = _AUTH + (6,)
USM_AUTH_HMAC384_SHA512: Oid = _AUTH + (7,)
USM_PRIV_NONE: Oid = _PRIV + (1,)
USM_PRIV_CBC56_DES: Oid = _PRIV + (2,)
USM_PRIV_CBC168_3DES: Oid = _PRIV + (3,)
USM_PRIV_CFB128_AES: Oid = _PRIV + (4,)
# pysnmp's AES-192/256 with Reeder's key extension (Net-SNMP's
# AES-192-C/AES-256-C) and with Blumenthal's (Net-SNMP's AES-192/256).
USM_PRIV_CFB192_AES: Oid = _CISCO + (101,)
USM_PRIV_CFB256_AES: Oid = _CISCO + (102,)
USM_PRIV_CFB192_AES_BLUMENTHAL: Oid = _CISCO + (1,)
USM_PRIV_CFB256_AES_BLUMENTHAL: Oid = _CISCO + (2,)
USM_KEY_TYPE_PASSPHRASE = 0
USM_KEY_TYPE_MASTER = 1
USM_KEY_TYPE_LOCALIZED = 2

usmNoAuthProtocol = USM_AUTH_NONE
usmHMACMD5AuthProtocol = USM_AUTH_HMAC96_MD5
usmHMACSHAAuthProtocol = USM_AUTH_HMAC96_SHA
usmHMAC128SHA224AuthProtocol = USM_AUTH_HMAC128_SHA224
usmHMAC192SHA256AuthProtocol = USM_AUTH_HMAC192_SHA256
usmHMAC256SHA384AuthProtocol = USM_AUTH_HMAC256_SHA384
usmHMAC384SHA512AuthProtocol = USM_AUTH_HMAC384_SHA512
usmNoPrivProtocol = USM_PRIV_NONE
usmDESPrivProtocol = USM_PRIV_CBC56_DES
usm3DESEDEPrivProtocol = USM_PRIV_CBC168_3DES
usmAesCfb128Protocol = USM_PRIV_CFB128_AES
usmAesCfb192Protocol = USM_PRIV_CFB192_AES
usmAesCfb256Protocol = USM_PRIV_CFB256_AES
usmAesBlumenthalCfb192Protocol = USM_PRIV_CFB192_AES_BLUMENTHAL
usmAesBlumenthalCfb256Protocol = USM_PRIV_CFB256_AES_BLUMENTHAL
usmKeyTypePassphrase = USM_KEY_TYPE_PASSPHRASE
usmKeyTypeMaster = USM_KEY_TYPE_MASTER
usmKeyTypeLocalized = USM_KEY_TYPE_LOCALIZED

# pysnmp's protocol OIDs -> libsnmpx's (Net-SNMP's) names.
AUTH_NAMES = {USM_AUTH_HMAC96_MD5: "MD5", USM_AUTH_HMAC96_SHA: "SHA",
              USM_AUTH_HMAC128_SHA224: "SHA-224",
              USM_AUTH_HMAC192_SHA256: "SHA-256",
              USM_AUTH_HMAC256_SHA384: "SHA-384",
              USM_AUTH_HMAC384_SHA512: "SHA-512"}
PRIV_NAMES = {USM_PRIV_CBC56_DES: "DES", USM_PRIV_CBC168_3DES: "3DES",
              USM_PRIV_CFB128_AES: "AES",
              USM_PRIV_CFB192_AES_BLUMENTHAL: "AES-192",
              USM_PRIV_CFB256_AES_BLUMENTHAL: "AES-256",
              USM_PRIV_CFB192_AES: "AES-192-C",
              USM_PRIV_CFB256_AES: "AES-256-C"}

Text = Union[str, bytes]


def _text(v: Text) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


class CommunityData:
    """SNMPv1 (mpModel=0) or SNMPv2c (mpModel=1, the default) community."""

    def __init__(self, communityIndex: Text,
                 communityName: Optional[Text] = None,
                 mpModel: Optional[int] = None,
                 contextEngineId: Optional[bytes] = None,
                 contextName: Optional[bytes] = None,
                 tag: Optional[bytes] = None,
                 securityName: Optional[str] = None) -> None:
        if communityName is None:
            communityName, communityIndex = communityIndex, \
                "s%d" % random.randrange(1 << 63)
        self.communityIndex = _text(communityIndex)
        self.communityName = communityName
        self.mpModel = 1 if mpModel is None else mpModel
        if self.mpModel not in (0, 1):
            raise ValueError("mpModel must be 0 (SNMPv1) or 1 (SNMPv2c), "
                             "not %r" % (mpModel,))
        self.contextEngineId = contextEngineId
        self.contextName = b"" if contextName is None else contextName
        self.tag = b"" if tag is None else tag
        self.securityName = securityName or self.communityIndex

    def __repr__(self) -> str:
        return ("CommunityData(communityIndex=%r, communityName=<COMMUNITY>, "
                "mpModel=%r, contextEngineId=%r, contextName=%r, tag=%r, "
                "securityName=%r)" % (self.communityIndex, self.mpModel,
                                      self.contextEngineId, self.contextName,
                                      self.tag, self.securityName))

    def key(self) -> Tuple[object, ...]:
        return ("community", self.mpModel, self.communityName)


class UsmUserData:
    """An SNMPv3 USM user: authKey given without authProtocol means
    HMAC-MD5-96, privKey without privProtocol CBC-DES, and a protocol
    without its key is none (as pysnmp)."""

    def __init__(self, userName: Text, authKey: Optional[Text] = None,
                 privKey: Optional[Text] = None,
                 authProtocol: Optional[Oid] = None,
                 privProtocol: Optional[Oid] = None,
                 securityEngineId: Optional[bytes] = None,
                 securityName: Optional[Text] = None,
                 authKeyType: int = USM_KEY_TYPE_PASSPHRASE,
                 privKeyType: int = USM_KEY_TYPE_PASSPHRASE) -> None:
        self.userName = _text(userName)
        self.securityName = _text(securityName) if securityName else \
            self.userName
        # As pysnmp: no key means no protocol, whatever protocol is given.
        if authKey is None:
            authProtocol = USM_AUTH_NONE
        elif authProtocol is None:
            authProtocol = USM_AUTH_HMAC96_MD5
        if privKey is None:
            privProtocol = USM_PRIV_NONE
        elif privProtocol is None:
            privProtocol = USM_PRIV_CBC56_DES
        self.authProtocol = tuple(authProtocol)
        self.privProtocol = tuple(privProtocol)
        if self.authProtocol != USM_AUTH_NONE and \
                self.authProtocol not in AUTH_NAMES:
            raise ValueError("unknown authProtocol %r" % (authProtocol,))
        if self.privProtocol != USM_PRIV_NONE and \
                self.privProtocol not in PRIV_NAMES:
            raise ValueError("unknown privProtocol %r" % (privProtocol,))
        self.authKey = authKey
        self.privKey = privKey
        self.securityEngineId = securityEngineId
        self.authKeyType = authKeyType
        self.privKeyType = privKeyType

    @property
    def securityLevel(self) -> str:
        if self.authProtocol == USM_AUTH_NONE:
            return "noAuthNoPriv"
        return "authNoPriv" if self.privProtocol == USM_PRIV_NONE \
            else "authPriv"

    def __repr__(self) -> str:
        return ("UsmUserData(userName=%r, authKey=<AUTHKEY>, "
                "privKey=<PRIVKEY>, authProtocol=%r, privProtocol=%r, "
                "securityEngineId=%r, securityName=%r, authKeyType=%r, "
                "privKeyType=%r)" % (
                    self.userName, self.authProtocol, self.privProtocol,
                    "<DEFAULT>" if self.securityEngineId is None
                    else self.securityEngineId, self.securityName,
                    self.authKeyType, self.privKeyType))

    def key(self) -> Tuple[object, ...]:
        return ("usm", self.userName, self.authProtocol, self.authKey,
                self.authKeyType, self.privProtocol, self.privKey,
                self.privKeyType, self.securityEngineId)
