"""pysnmp.proto.errind: the errorIndication values (what went wrong
below the PDU: a timeout, a USM failure...).  Each class has a module
instance of its name in lower camel case (``requestTimedOut``); an
indication equals its instances and its own name, is true, and str()
gives pysnmp's message."""

from typing import Optional

__all__ = ["ErrorIndication",
           "SerializationError",
           "serializationError",
           "DeserializationError",
           "deserializationError",
           "ParseError",
           "parseError",
           "UnsupportedMsgProcessingModel",
           "unsupportedMsgProcessingModel",
           "UnknownPDUHandler",
           "unknownPDUHandler",
           "UnsupportedPDUtype",
           "unsupportedPDUtype",
           "RequestTimedOut",
           "requestTimedOut",
           "EmptyResponse",
           "emptyResponse",
           "NonReportable",
           "nonReportable",
           "DataMismatch",
           "dataMismatch",
           "EngineIDMismatch",
           "engineIDMismatch",
           "UnknownEngineID",
           "unknownEngineID",
           "TooBig",
           "tooBig",
           "LoopTerminated",
           "loopTerminated",
           "InvalidMsg",
           "invalidMsg",
           "UnknownCommunityName",
           "unknownCommunityName",
           "NoEncryption",
           "noEncryption",
           "EncryptionError",
           "encryptionError",
           "DecryptionError",
           "decryptionError",
           "NoAuthentication",
           "noAuthentication",
           "AuthenticationError",
           "authenticationError",
           "AuthenticationFailure",
           "authenticationFailure",
           "UnsupportedAuthProtocol",
           "unsupportedAuthProtocol",
           "UnsupportedPrivProtocol",
           "unsupportedPrivProtocol",
           "UnknownSecurityName",
           "unknownSecurityName",
           "UnsupportedSecurityModel",
           "unsupportedSecurityModel",
           "UnsupportedSecurityLevel",
           "unsupportedSecurityLevel",
           "NotInTimeWindow",
           "notInTimeWindow",
           "UnknownUserName",
           "unknownUserName",
           "WrongDigest",
           "wrongDigest",
           "ReportPduReceived",
           "reportPduReceived",
           "NoSuchView",
           "noSuchView",
           "NoAccessEntry",
           "noAccessEntry",
           "NoGroupName",
           "noGroupName",
           "NoSuchContext",
           "noSuchContext",
           "NotInView",
           "notInView",
           "AccessAllowed",
           "accessAllowed",
           "OtherError",
           "otherError",
           "OidNotIncreasing",
           "oidNotIncreasing"]


class ErrorIndication(Exception):
    """The base of every error indication."""

    def __init__(self, descr: Optional[str] = None) -> None:
        name = type(self).__name__
        self._value = name[0].lower() + name[1:]
        self._descr = descr or self._value
        super().__init__(self._descr)

    def _other(self, other: object) -> object:
        return other._value if isinstance(other, ErrorIndication) else other

    def __eq__(self, other: object) -> bool:
        return self._value == self._other(other)

    def __ne__(self, other: object) -> bool:
        return self._value != self._other(other)

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return self._descr

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self._descr)


# The classes and instances pysnmp 7.1 defines, with its messages.


class SerializationError(ErrorIndication):
    """errorIndication serializationError."""


serializationError = SerializationError('SNMP message serialization error')


class DeserializationError(ErrorIndication):
    """errorIndication deserializationError."""


deserializationError = DeserializationError('SNMP message deserialization error')


class ParseError(DeserializationError):
    """errorIndication parseError."""


parseError = ParseError('SNMP message deserialization error')


class UnsupportedMsgProcessingModel(ErrorIndication):
    """errorIndication unsupportedMsgProcessingModel."""


unsupportedMsgProcessingModel = UnsupportedMsgProcessingModel('Unknown SNMP message processing model ID encountered')


class UnknownPDUHandler(ErrorIndication):
    """errorIndication unknownPDUHandler."""


unknownPDUHandler = UnknownPDUHandler('Unhandled PDU type encountered')


class UnsupportedPDUtype(ErrorIndication):
    """errorIndication unsupportedPDUtype."""


unsupportedPDUtype = UnsupportedPDUtype('Unsupported SNMP PDU type encountered')


class RequestTimedOut(ErrorIndication):
    """errorIndication requestTimedOut."""


requestTimedOut = RequestTimedOut('No SNMP response received before timeout')


class EmptyResponse(ErrorIndication):
    """errorIndication emptyResponse."""


emptyResponse = EmptyResponse('Empty SNMP response message')


class NonReportable(ErrorIndication):
    """errorIndication nonReportable."""


nonReportable = NonReportable('Report PDU generation not attempted')


class DataMismatch(ErrorIndication):
    """errorIndication dataMismatch."""


dataMismatch = DataMismatch('SNMP request/response parameters mismatched')


class EngineIDMismatch(ErrorIndication):
    """errorIndication engineIDMismatch."""


engineIDMismatch = EngineIDMismatch('SNMP engine ID mismatch encountered')


class UnknownEngineID(ErrorIndication):
    """errorIndication unknownEngineID."""


unknownEngineID = UnknownEngineID('Unknown SNMP engine ID encountered')


class TooBig(ErrorIndication):
    """errorIndication tooBig."""


tooBig = TooBig('SNMP message will be too big')


class LoopTerminated(ErrorIndication):
    """errorIndication loopTerminated."""


loopTerminated = LoopTerminated('Infinite SNMP entities talk terminated')


class InvalidMsg(ErrorIndication):
    """errorIndication invalidMsg."""


invalidMsg = InvalidMsg('Invalid SNMP message header parameters encountered')


class UnknownCommunityName(ErrorIndication):
    """errorIndication unknownCommunityName."""


unknownCommunityName = UnknownCommunityName('Unknown SNMP community name encountered')


class NoEncryption(ErrorIndication):
    """errorIndication noEncryption."""


noEncryption = NoEncryption('No encryption services configured')


class EncryptionError(ErrorIndication):
    """errorIndication encryptionError."""


encryptionError = EncryptionError('Ciphering services not available')


class DecryptionError(ErrorIndication):
    """errorIndication decryptionError."""


decryptionError = DecryptionError('Ciphering services not available or ciphertext is broken')


class NoAuthentication(ErrorIndication):
    """errorIndication noAuthentication."""


noAuthentication = NoAuthentication('No authentication services configured')


class AuthenticationError(ErrorIndication):
    """errorIndication authenticationError."""


authenticationError = AuthenticationError('Ciphering services not available or bad parameters')


class AuthenticationFailure(ErrorIndication):
    """errorIndication authenticationFailure."""


authenticationFailure = AuthenticationFailure('Authenticator mismatched')


class UnsupportedAuthProtocol(ErrorIndication):
    """errorIndication unsupportedAuthProtocol."""


unsupportedAuthProtocol = UnsupportedAuthProtocol('Authentication protocol is not supported')


class UnsupportedPrivProtocol(ErrorIndication):
    """errorIndication unsupportedPrivProtocol."""


unsupportedPrivProtocol = UnsupportedPrivProtocol('Privacy protocol is not supported')


class UnknownSecurityName(ErrorIndication):
    """errorIndication unknownSecurityName."""


unknownSecurityName = UnknownSecurityName('Unknown SNMP security name encountered')


class UnsupportedSecurityModel(ErrorIndication):
    """errorIndication unsupportedSecurityModel."""


unsupportedSecurityModel = UnsupportedSecurityModel('Unsupported SNMP security model')


class UnsupportedSecurityLevel(ErrorIndication):
    """errorIndication unsupportedSecurityLevel."""


unsupportedSecurityLevel = UnsupportedSecurityLevel('Unsupported SNMP security level')


class NotInTimeWindow(ErrorIndication):
    """errorIndication notInTimeWindow."""


notInTimeWindow = NotInTimeWindow('SNMP message timing parameters not in windows of trust')


class UnknownUserName(ErrorIndication):
    """errorIndication unknownUserName."""


unknownUserName = UnknownUserName('Unknown USM user')


class WrongDigest(ErrorIndication):
    """errorIndication wrongDigest."""


wrongDigest = WrongDigest('Wrong SNMP PDU digest')


class ReportPduReceived(ErrorIndication):
    """errorIndication reportPduReceived."""


reportPduReceived = ReportPduReceived('Remote SNMP engine reported error')


class NoSuchView(ErrorIndication):
    """errorIndication noSuchView."""


noSuchView = NoSuchView('No such MIB view currently exists')


class NoAccessEntry(ErrorIndication):
    """errorIndication noAccessEntry."""


noAccessEntry = NoAccessEntry('Access to MIB node denied')


class NoGroupName(ErrorIndication):
    """errorIndication noGroupName."""


noGroupName = NoGroupName('No such VACM group configured')


class NoSuchContext(ErrorIndication):
    """errorIndication noSuchContext."""


noSuchContext = NoSuchContext('SNMP context now found')


class NotInView(ErrorIndication):
    """errorIndication notInView."""


notInView = NotInView('Requested OID is out of MIB view')


class AccessAllowed(ErrorIndication):
    """errorIndication accessAllowed."""


accessAllowed = AccessAllowed('accessAllowed')


class OtherError(ErrorIndication):
    """errorIndication otherError."""


otherError = OtherError('Unspecified SNMP engine error occurred')


class OidNotIncreasing(ErrorIndication):
    """errorIndication oidNotIncreasing."""


oidNotIncreasing = OidNotIncreasing('OID not increasing')
