"""Exceptions of the snmpx package.

SnmpxError is the base of every failure a request can end with; its
``code`` is libsnmpx's error code and ``name`` its symbolic name.

- Timeout: no answer within the retries (SNMPv3: also to discovery).
- ErrorResponse: the agent answered with an error-status; ``errorStatus``
  (an ErrorStatus), ``errorIndex`` (1-based, 0 when it names no varbind),
  ``variableBinding`` (the varbind it names, or None) and ``response``.
  NoSuchName (SNMPv1's way of saying "no such object") is a subclass.
- UsmError: an SNMPv3 request ended with the agent's USM Report
  (unknown user, wrong digest, decryption error...).
- WalkError: the agent returned an OID that does not increase.
- ImproperResponse: the agent's answer does not answer the request
  (python-snmp's name): other names or another count than a Get or Set
  asked for, a GetNext or GetBulk answer whose names do not follow the
  ones asked for; ``variableBindings`` and ``response`` hold the answer.
"""

from __future__ import annotations

from typing import Optional, Union

from . import _snmpx
from .types import OID, ErrorStatus, ResponsePDU, VarBind

__all__ = ["SnmpxError", "Timeout", "ErrorResponse", "NoSuchName",
           "UsmError", "WalkError", "ImproperResponse"]


class SnmpxError(Exception):
    """A request failed; ``code`` is the libsnmpx error code."""

    code: Optional[int]
    name: str

    def __init__(self, code: int, message: Optional[str] = None) -> None:
        self.code = code
        self.name = _snmpx.errname(code)
        super().__init__(message or _snmpx.strerror(code))


class Timeout(SnmpxError):
    """No response arrived within the timeout and retries."""


class UsmError(SnmpxError):
    """SNMPv3: the agent reported a USM error (unknown user name, wrong
    digest, unsupported security level, decryption error, not in time
    window, unknown engine ID)."""


class WalkError(SnmpxError):
    """A walk stopped because the agent's OIDs did not increase."""


class ImproperResponse(SnmpxError):
    """The response does not answer the request (RFC 3416 4.2): a Get or
    Set answered with other names or another count of varbinds, a GetNext
    with names that do not follow the ones requested, a GetBulk with more
    varbinds than asked for or names that do not follow the one before in
    their column.  ``response`` is the ResponsePDU, ``variableBindings``
    its varbinds, ``index`` the 0-based varbind at fault (for a wrong
    count, the first one missing or extra).  ``code`` is None: libsnmpx delivered the answer."""

    def __init__(self, response: ResponsePDU, reason: str,
                 index: int) -> None:
        self.response = response
        self.variableBindings = response.variableBindings
        self.index = index
        self.code = None
        self.name = "ImproperResponse"
        Exception.__init__(self, "improper response: %s (at varbind index "
                           "%d of %d)" % (reason, index,
                                          len(response.variableBindings)))


class ErrorResponse(SnmpxError):
    """The agent answered with a non-zero error-status."""

    errorStatus: Union[ErrorStatus, int]

    def __init__(self, response: ResponsePDU) -> None:
        self.response = response
        try:
            self.errorStatus = ErrorStatus(response.errorStatus)
        except ValueError:
            self.errorStatus = response.errorStatus
        self.errorIndex = response.errorIndex
        vbs = response.variableBindings
        self.variableBinding: Optional[VarBind] = (
            vbs[self.errorIndex - 1] if 0 < self.errorIndex <= len(vbs)
            else None)
        status = getattr(self.errorStatus, "name", str(self.errorStatus))
        where = ("" if self.variableBinding is None
                 else " (%s)" % (self.variableBinding.name,))
        super().__init__(_snmpx.SNMPX_EAGENT_ERROR,
                         "%s at index %d%s" % (status, self.errorIndex,
                                               where))

    @property
    def oid(self) -> Optional[OID]:
        """The name of the varbind errorIndex points at, or None."""
        vb = self.variableBinding
        return None if vb is None else vb.name


class NoSuchName(ErrorResponse):
    """errorStatus noSuchName (2): SNMPv1's "no such object"."""


_USM_CODES = frozenset(getattr(_snmpx, n) for n in dir(_snmpx)
                       if n.startswith("SNMPX_EUSM_") or n == "SNMPX_EREPORT")


def make_error(code: int, response: Optional[ResponsePDU] = None
               ) -> SnmpxError:
    """The exception for libsnmpx code |code| (and the agent's response).
    Used by the extension."""
    if response is not None and code == _snmpx.SNMPX_EAGENT_ERROR:
        if response.errorStatus == ErrorStatus.noSuchName:
            return NoSuchName(response)
        return ErrorResponse(response)
    if code in (_snmpx.SNMPX_ETIMEDOUT, _snmpx.SNMPX_EUSM_DISCOVERY_TIMEOUT):
        return Timeout(code)
    if code in _USM_CODES:
        return UsmError(code)
    if code == _snmpx.SNMPX_EWALK_NOT_INCREASING:
        return WalkError(code)
    return SnmpxError(code)
