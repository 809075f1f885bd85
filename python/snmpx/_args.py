"""Checks of the arguments of the public entry points.

Every check names the argument it refuses: TypeError for a value of the
wrong type, ValueError for one out of range.  Nothing is coerced (no
float where an int is wanted, no bool where a number is, no int where
bytes are: bytes(12) would be twelve zero octets) and nothing out of range
falls back to a default.
"""

import math
import numbers
import operator
from typing import Literal, Optional, overload

# Net-SNMP's -t takes 0 < seconds <= 86400 (the snmpx command too).
MAX_TIMEOUT = 86400.0
MAX_INT32 = (1 << 31) - 1
MAX_UINT32 = (1 << 32) - 1

# RFC 3414 11.2: pass phrases of at least 8 characters (Net-SNMP refuses
# shorter ones: "passphrase chosen is below the length requirements of
# the USM (min=8)").
MIN_PASSPHRASE = 8


def integer(v, name, lo, hi):
    """|v| as an int in lo..hi: an int or an object with __index__, not a
    bool or a float."""
    if isinstance(v, bool) or isinstance(v, float):
        raise TypeError("%s must be an int, not %s" % (name, type(v).__name__))
    try:
        i = operator.index(v)
    except TypeError:
        raise TypeError("%s must be an int, not %s"
                        % (name, type(v).__name__)) from None
    if not lo <= i <= hi:
        raise ValueError("%s must be %d..%d, not %d" % (name, lo, hi, i))
    return i


def number(v, name):
    """|v| as a finite float: an int or float, not a bool or a str."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise TypeError("%s must be a number of seconds, not %s"
                        % (name, type(v).__name__))
    try:
        f = float(v)
    except OverflowError:
        raise OverflowError("%s is too large a number of seconds"
                            % name) from None
    if math.isnan(f):
        raise ValueError("%s must be a number of seconds, not nan" % name)
    return f


def timeout(v, name="timeout"):
    """Seconds per try, 0 < v <= 86400 (Net-SNMP's -t), as milliseconds
    (at least 1)."""
    f = number(v, name)
    if not 0 < f <= MAX_TIMEOUT:
        raise ValueError("%s must be > 0 and <= %d seconds, not %r"
                         % (name, MAX_TIMEOUT, v))
    return max(1, int(round(f * 1000)))


def retries(v, name="retries"):
    """Resends after the first try: 0..2**31-1."""
    return integer(v, name, 0, MAX_INT32)


def duration(v, name="timeout"):
    """An optional wait in seconds: None (no limit) or a number >= 0."""
    if v is None:
        return None
    f = number(v, name)
    if f < 0:
        raise ValueError("%s must be >= 0 seconds or None, not %r"
                         % (name, v))
    return f


@overload
def octets(v: object, name: str, optional: Literal[False]) -> bytes: ...
@overload  # noqa: E302
def octets(v: object, name: str, optional: bool = True
           ) -> Optional[bytes]: ...


def octets(v: object, name: str, optional: bool = True  # noqa: E302
           ) -> Optional[bytes]:
    """bytes from bytes, bytearray, memoryview or str (UTF-8); None when
    |optional|.  An int is refused (bytes(12) is twelve zeros)."""
    if v is None and optional:
        return None
    if isinstance(v, bytes):
        return v
    if isinstance(v, str):
        return v.encode()
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    raise TypeError("%s must be bytes or str, not %s"
                    % (name, type(v).__name__))


def text(v, name):
    """A str."""
    if not isinstance(v, str):
        raise TypeError("%s must be str, not %s" % (name, type(v).__name__))
    return v


def function(v, name, optional=True):
    """A callable, or None when |optional|."""
    if (v is None and optional) or callable(v):
        return v
    raise TypeError("%s must be callable%s, not %s"
                    % (name, " or None" if optional else "",
                       type(v).__name__))


def enum_member(cls, v, name):
    """A member of the IntEnum |cls|: a member or its int value (not a
    bool)."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be a %s, not %s"
                        % (name, cls.__name__, type(v).__name__))
    try:
        return cls(v)
    except ValueError:
        raise ValueError("%s must be one of %s, not %r"
                         % (name, ", ".join(m.name for m in cls), v)) \
            from None
