"""pysnmp.proto.rfc1905: the SNMPv2 exception values and errorStatus
(RFC 3416 3)."""

from typing import Mapping

from .rfc1902 import Integer, Null, NullBase, noValue

__all__ = ["NoSuchObject", "NoSuchInstance", "EndOfMibView", "errorStatus",
           "noSuchObject", "noSuchInstance", "endOfMibView", "ErrorStatus",
           "UnSpecified", "unSpecified"]


class _Exception(NullBase):
    """A varbind exception: a NULL-like value that prettyPrint()s as
    pysnmp's message (str() is "")."""
    _text = ""

    def prettyPrint(self, scope: int = 0) -> str:
        return self._text


class NoSuchObject(_Exception):
    """noSuchObject [0]."""
    _text = "No Such Object currently exists at this OID"


class NoSuchInstance(_Exception):
    """noSuchInstance [1]."""
    _text = "No Such Instance currently exists at this OID"


class EndOfMibView(_Exception):
    """endOfMibView [2]."""
    _text = "No more variables left in this MIB View"


class UnSpecified(Null):
    """The value of a request's varbind."""


noSuchObject = NoSuchObject("")
noSuchInstance = NoSuchInstance("")
endOfMibView = EndOfMibView("")
unSpecified = UnSpecified("")

_STATUS = ("noError", "tooBig", "noSuchName", "badValue", "readOnly",
           "genErr", "noAccess", "wrongType", "wrongLength",
           "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
           "resourceUnavailable", "commitFailed", "undoFailed",
           "authorizationError", "notWritable", "inconsistentName")


class ErrorStatus(Integer):
    """error-status (RFC 3416 3): prettyPrint() gives its name."""
    namedValues: Mapping[str, int] = {n: i for i, n in enumerate(_STATUS)}


errorStatus = ErrorStatus(noValue)
