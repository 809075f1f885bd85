"""Type stubs of the C extension (python/src/*.c).

The public classes are typed for user programs checked with mypy
--strict: a Manager is generic in what its requests give when called
without wait= (a ResponsePDU, a RequestHandle, or on an AsyncEngine a
Future of the ResponsePDU); wait=True and wait=False give a ResponsePDU and
a RequestHandle."""

from typing import (TYPE_CHECKING, Any, AsyncIterator, Callable, Dict,
                    Generic, Iterator, Literal, Optional, Sequence, Tuple,
                    TypeVar, Union, overload)

from .types import OID, ResponsePDU, Value, VarBind

if TYPE_CHECKING:
    from .engine import Engine as _PyEngine

OIDLike = Union[str, OID, Sequence[int]]
SetValue = Union[Value, OID, int, bytes, str]
VarBindLike = Union[VarBind, Tuple[OIDLike, SetValue]]
Octets = Union[bytes, bytearray, memoryview, str]
# What a manager's request gives without wait=: ResponsePDU, RequestHandle
# or asyncio.Future[ResponsePDU].
_R_co = TypeVar("_R_co", covariant=True)
Address = Tuple[str, int]
# What the receiver and responder callables get: (pduType, version,
# source, community, securityName, securityLevel, engineID,
# contextEngineID, contextName, requestID, errorStatus, errorIndex,
# VarBindList, v1 fields (enterprise, agentAddr, generic, specific,
# timeStamp) or None).
Incoming = Tuple[int, int, Address, Optional[bytes], Optional[bytes], int,
                 Optional[bytes], Optional[bytes], Optional[bytes], int, int,
                 int, Any, Optional[Tuple[OID, bytes, int, int, int]]]
# The responder's answer: (pduType, errorStatus, errorIndex, varbinds),
# or None to send nothing.
Answer = Optional[Tuple[int, int, int, Sequence[VarBindLike]]]

LIBSNMPX_VERSION: str
POLL_IN: int
POLL_OUT: int
POLL_REMOVE: int
SNMPX_ETIMEDOUT: int
SNMPX_EAGENT_ERROR: int
SNMPX_EWALK_NOT_INCREASING: int
SNMPX_EUSM_WRONG_DIGEST: int
SNMPX_EUSM_UNKNOWN_USER: int
SNMPX_EUSM_DISCOVERY_TIMEOUT: int
SNMPX_EREPORT: int
SNMPX_EOID_BADPREFIX: int
SNMPX_EOID_BADINDEX: int
INDEX_INTEGER: int
INDEX_UNSIGNED: int
INDEX_STRING: int
INDEX_STRING_FIXED: int
INDEX_STRING_IMPLIED: int
INDEX_IPADDRESS: int
INDEX_OID: int
INDEX_OID_IMPLIED: int


def strerror(code: int) -> str: ...
def errname(code: int) -> str: ...
def auth_from_name(name: str) -> int: ...
def priv_from_name(name: str) -> int: ...
def auth_digest_len(auth: int) -> int: ...
def parse_oid(text: str) -> OID: ...
def oid_text(oid: Sequence[int]) -> str: ...
def encode_index(oid: OIDLike,
                 items: Sequence[Tuple[int, int, Any]]) -> OID: ...
def decode_index(oid: OIDLike, prefix: OIDLike,
                 specs: Sequence[Tuple[int, int]]) -> Union[
                     Tuple[Any, ...], int]: ...
def _setup(oid: type, varbind: type, varbindlist: type, response: type,
           make_error: Callable[[int, Optional[ResponsePDU]], Exception],
           async_walk: Callable[["Walk"], AsyncIterator[VarBind]],
           values: Dict[Optional[int], type],
           improper: Optional[Callable[[ResponsePDU, str, int],
                                       Exception]] = ...,
           slots: Dict[int, str] = ...) -> None: ...


class Engine:
    @property
    def pending(self) -> int: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...
    def run_once(self, timeout: Optional[float] = ...) -> None: ...
    def stats(self) -> Dict[str, int]: ...
    def _add_user(self, namespace: str, name: bytes, auth: int,
                  auth_kind: int, auth_secret: Optional[bytes], priv: int,
                  priv_kind: int, priv_secret: Optional[bytes],
                  engine_id: Optional[bytes] = ...) -> None: ...
    def _manager(self, address: str, version: int = ...,
                 community: Optional[bytes] = ..., timeout_ms: int = ...,
                 retries: int = ..., user: Optional[bytes] = ...,
                 namespace: Optional[str] = ..., level: int = ...,
                 engine_id: Optional[bytes] = ...,
                 context_name: Optional[bytes] = ...,
                 autowait: bool = ...,
                 cls: type = ...,
                 security_model: int = ...) -> Any: ...
    def _set_loop(self, loop: Any, on_socket: Callable[[int, int], None],
                  on_timer: Callable[[int], None]) -> None: ...
    def _set_pacing(self, agent_window: int, retry_jitter: int) -> None: ...
    def _on_readable(self, fd: int) -> None: ...
    def _on_writable(self, fd: int) -> None: ...
    def _on_timeout(self) -> None: ...
    def _on_timer_due(self) -> None: ...
    def _timer_rearm(self) -> None: ...
    def _listen(self, address: str, default_port: int) -> Address: ...
    def _set_receiver(
        self, fn: Optional[Callable[[Incoming], Any]]) -> None: ...
    def _set_responder(
        self, fn: Optional[Callable[[Incoming], Answer]]) -> None: ...
    def _set_local(self, engine_id: Optional[bytes], boots: int,
                   namespace: str) -> None: ...
    def _local(self) -> Tuple[bytes, int, int]: ...
    def _tls_add_confdir(self, confdir: str) -> int: ...
    def _tls_conf_line(self, word: str, args: str, file: Optional[str],
                       line: int) -> bool: ...
    def _tls_set_opts(self, local_cert: Optional[str],
                      app_name: Optional[str]) -> None: ...
    def _tls_peer(self, address: str, peer_cert: Optional[str],
                  hostname: Optional[str]) -> None: ...
    def _tls_error(self) -> str: ...
    def _tls_stats(self) -> Dict[str, int]: ...
    def _tsm_prefix(self, on: bool) -> None: ...


class Manager(Generic[_R_co]):
    autowait: bool
    # An asyncio engine's manager: requests give Waiters of this loop.
    _waiters: Optional[Any]
    def __class_getitem__(cls, item: object) -> Any: ...
    @property
    def address(self) -> str: ...
    @property
    def engine(self) -> "_PyEngine[object]": ...
    @property
    def version(self) -> int: ...
    @property
    def _peer(self) -> Address: ...
    @property
    def _peer_spec(self) -> str: ...
    @property
    def _target(self) -> Dict[str, Any]: ...
    @overload
    def get(self, *oids: OIDLike, wait: None = ...,
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> _R_co: ...
    @overload
    def get(self, *oids: OIDLike, wait: Literal[True],
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> ResponsePDU: ...
    @overload
    def get(self, *oids: OIDLike, wait: Literal[False],
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> "RequestHandle": ...
    @overload
    def getNext(self, *oids: OIDLike, wait: None = ...,
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> _R_co: ...
    @overload
    def getNext(self, *oids: OIDLike, wait: Literal[True],
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> ResponsePDU: ...
    @overload
    def getNext(self, *oids: OIDLike, wait: Literal[False],
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> "RequestHandle": ...
    @overload
    def getBulk(self, *oids: OIDLike, nonRepeaters: int = ...,
                maxRepetitions: int = ..., wait: None = ...,
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> _R_co: ...
    @overload
    def getBulk(self, *oids: OIDLike, nonRepeaters: int = ...,
                maxRepetitions: int = ..., wait: Literal[True],
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> ResponsePDU: ...
    @overload
    def getBulk(self, *oids: OIDLike, nonRepeaters: int = ...,
                maxRepetitions: int = ..., wait: Literal[False],
                timeout: Optional[float] = ..., retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...) -> "RequestHandle": ...
    @overload
    def set(self, *varbinds: VarBindLike, wait: None = ...,
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> _R_co: ...
    @overload
    def set(self, *varbinds: VarBindLike, wait: Literal[True],
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> ResponsePDU: ...
    @overload
    def set(self, *varbinds: VarBindLike, wait: Literal[False],
            timeout: Optional[float] = ..., retries: Optional[int] = ...,
            community: Optional[Octets] = ..., user: Optional[Octets] = ...,
            securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...) -> "RequestHandle": ...
    def walk(self, oid: OIDLike, *, allowNonIncreasing: bool = ...,
             timeout: Optional[float] = ..., retries: Optional[int] = ...,
             community: Optional[Octets] = ..., user: Optional[Octets] = ...,
             securityLevel: Optional[int] = ...,
             context: Optional[Octets] = ...) -> "Walk": ...
    def bulkWalk(self, oid: OIDLike, *, maxRepetitions: int = ...,
                 allowNonIncreasing: bool = ...,
                 timeout: Optional[float] = ..., retries: Optional[int] = ...,
                 community: Optional[Octets] = ...,
                 user: Optional[Octets] = ...,
                 securityLevel: Optional[int] = ...,
                 context: Optional[Octets] = ...) -> "Walk": ...
    def _notify(self, pdu_type: int, varbinds: Sequence[VarBindLike],
                wait: Optional[bool] = ...,
                trap_oid: Optional[OIDLike] = ..., uptime: int = ...,
                enterprise: Optional[OIDLike] = ...,
                agent_addr: Optional[bytes] = ..., generic: int = ...,
                specific: int = ..., request_id: int = ...) -> Any: ...


class RequestHandle:
    @property
    def engine(self) -> Engine: ...
    def wait(self) -> ResponsePDU: ...
    def done(self) -> bool: ...
    def cancel(self) -> bool: ...


class Walk(Iterator[VarBind]):
    @property
    def running(self) -> bool: ...
    def __iter__(self) -> "Walk": ...
    def __next__(self) -> VarBind: ...
    def __aiter__(self) -> AsyncIterator[VarBind]: ...
    def close(self) -> None: ...
    def _pop(self) -> Optional[VarBind]: ...
    def _notify(self, fn: Callable[[None], Any]) -> None: ...


# ---- py_mib.c: libsnmpx's MIB database (snmpx.mib wraps it) ------------

class MibDb:
    def __init__(self) -> None: ...
    def netsnmp(self, mibdirs: Optional[str], mibs: Optional[str],
                cache_dir: Optional[str],
                read_conf: bool) -> Tuple[int, list]: ...
    def load_module(self, name: str) -> Tuple[int, list]: ...
    def load_file(self, path: str) -> Tuple[int, list]: ...
    def set_dirs(self, dirs: str) -> None: ...
    def get_dirs(self) -> str: ...
    def stats(self) -> Dict[str, Any]: ...
    def parse_oid(self, text: str, flags: int) -> Union[OID, str]: ...
    def format_oid(self, oid: OIDLike, style: int, flags: int) -> str: ...
    def format_value(self, oid: OIDLike, value: SetValue, letters: str,
                     whole: bool) -> str: ...
    def check_value(self, oid: OIDLike, value: SetValue) -> Optional[str]: ...
    def find(self, oid: OIDLike) -> Optional[Tuple[int, int]]: ...
    # (name or None, text), the node whose plan |plans| lacks, or None
    def pysnmp_texts(self, oid: OIDLike, value: object,
                     plans: Dict[int, Any]
                     ) -> Union[Tuple[Optional[str], str], int, None]: ...
    def info(self, node: int) -> Dict[str, Any]: ...
    def nodes(self) -> list: ...


def hint_octets(hint: str, data: bytes) -> Optional[str]: ...
def hint_integer(hint: str, value: int, is_unsigned: bool) -> Optional[str]: ...
def _set_resolver(resolve: Optional[Callable[[str], OID]],
                  typed: Optional[Callable[[str, Any], Any]]) -> None: ...
