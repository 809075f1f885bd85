"""MIB modules from Python, over libsnmpx's MIB compiler.

A MibDatabase loads MIB modules as Net-SNMP's tools do (-M, -m, $MIBDIRS,
$MIBS, snmp.conf; the modules shipped with snmpx searched last) through
the compiled cache the ``snmpx`` command uses, then turns names into OIDs
and back, describes objects and prints values as ``snmpx walk`` (and
pysnmp's prettyPrint) shows them:

    from snmpx.mib import MibDatabase
    db = MibDatabase(mibs="IF-MIB")
    oid = db.resolve("IF-MIB::ifDescr.3")          # OID(1, 3, 6, ...)
    str(db.lookup(oid))                            # 'IF-MIB::ifDescr.3'
    db.object("ifAdminStatus").enums["up"]         # 1

Loading releases the GIL; after loading, every query may run from any
number of threads (queries never change the database; one that comes
while another thread loads waits for that load).

``snmpx.mib.default()`` is a database loaded with Net-SNMP's defaults on
first use; the Manager calls use it for names (``mgr.get("sysDescr.0")``),
which are looked at only when the text is not a numeric OID.
"""

import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _snmpx
from .types import (OID, Counter32, Counter64, Gauge32, Integer,
                    IpAddress, OctetString, Opaque, TimeTicks, Value)  # noqa

__all__ = ["MibDatabase", "MibError", "MibName", "ObjectInfo", "default"]

#: What names an OID: text (a name or numeric), an OID, a tuple of ints.
OIDLike = Union[str, OID, Sequence[int]]
#: A value: an snmpx value, or a plain int, bytes or str.
ValueLike = Union[Value, OID, int, bytes, str]
#: An index item for resolve_parts.
IndexLike = Union[int, str, bytes, Value, OID, Sequence[int]]

# snmpx_mibdb_parse_oid flags (include/snmpx/mib.h)
_RANDOM = 0x1
_FALLBACK_RANDOM = 0x4
# snmpx_mibdb_style
_STYLES = {"S": 0, "s": 1, "f": 2, "n": 3, "u": 4}
# SNMPX_MIBDB_FMT_* flags
_FMT_FLAGS = {"b": 0x1, "X": 0x2, "E": 0x4, "q": 0x8}

# snmpx_mibdb_type, in order, as the SMI (or Net-SNMP) names them
_TYPE_NAMES = (
    None, "OBJECT IDENTIFIER", "OCTET STRING", "INTEGER", "NetworkAddress",
    "IpAddress", "Counter32", "Gauge32", "TimeTicks", "Opaque", "NULL",
    "Counter64", "BITS", "NsapAddress", "UInteger32", "Unsigned32",
    "Integer32", "TRAP-TYPE", "NOTIFICATION-TYPE", "OBJECT-GROUP",
    "NOTIFICATION-GROUP", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES",
    "MODULE-IDENTITY", "OBJECT-IDENTITY")
_T_OBJID, _T_OCTETSTR, _T_INTEGER, _T_NETADDR, _T_IPADDR, _T_COUNTER, \
    _T_GAUGE, _T_TIMETICKS, _T_OPAQUE, _T_NULL, _T_COUNTER64, _T_BITS, \
    _T_NSAP, _T_UINTEGER, _T_UNSIGNED32, _T_INTEGER32 = range(1, 17)


class MibError(Exception):
    """Modules that could not be loaded; ``messages`` holds the lines
    Net-SNMP would print (with file:line where there is one)."""

    def __init__(self, message: str, messages: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.messages = list(messages)


class ObjectInfo:
    """What a MIB says of one node.

    ``syntax`` is the base type ("INTEGER", "OCTET STRING", "Counter32",
    "BITS"..., "NOTIFICATION-TYPE" for such nodes, None for plain OBJECT
    IDENTIFIER nodes), ``tc`` the TEXTUAL-CONVENTION named by SYNTAX
    ("" when none), ``enums`` label -> number (INTEGER), ``bits`` label ->
    bit number (BITS), ``hint`` the DISPLAY-HINT (its own or its TC's),
    ``index`` [(label, implied)] of a row, ``augments`` the row it augments,
    ``ranges`` [(lo, hi)] of its SIZE (``size_ranges`` True) or value range.
    Strings absent from the MIB are "".
    """

    __slots__ = ("name", "module", "label", "oid", "syntax", "tc", "access",
                 "status", "enums", "bits", "hint", "units", "index",
                 "augments", "description", "reference", "defval", "ranges",
                 "size_ranges", "objects", "_type")
    name: str
    module: str
    label: str
    oid: OID
    syntax: Optional[str]
    tc: str
    access: str
    status: str
    enums: Dict[str, int]
    bits: Dict[str, int]
    hint: str
    units: str
    index: List[Tuple[str, bool]]
    augments: str
    description: str
    reference: str
    defval: str
    ranges: List[Tuple[int, int]]
    size_ranges: bool
    objects: List[str]

    def __init__(self, d):
        self.module = d["module"]
        self.label = d["label"]
        self.name = "%s::%s" % (self.module, self.label) if self.module \
            else self.label
        self.oid = d["oid"]
        self._type = d["type"]
        self.syntax = _TYPE_NAMES[d["type"]] \
            if 0 <= d["type"] < len(_TYPE_NAMES) else None
        self.tc = d["tc"]
        self.access = d["access"]
        self.status = d["status"]
        named = dict(d["enums"])
        self.bits = named if d["type"] == _T_BITS else {}
        self.enums = named if d["type"] != _T_BITS else {}
        self.hint = d["hint"]
        self.units = d["units"]
        self.index = list(d["index"])
        self.augments = d["augments"]
        self.description = d["description"]
        self.reference = d["reference"]
        self.defval = d["defval"]
        self.ranges = list(d["ranges"])
        self.size_ranges = d["is_size"]
        self.objects = list(d["objects"])

    def __repr__(self):
        return "<ObjectInfo %s %s>" % (self.name, self.syntax)


# Names kept by MibDatabase.resolve before it starts over.
_RESOLVED_MAX = 4096


class MibName:
    """An OID by name: ``module``, ``label`` and ``node_oid`` of the deepest
    MIB node on it, and ``index``, the arcs after that node decoded by the
    row's INDEX (snmpx values: Integer, Gauge32, OctetString, IpAddress,
    OID), or, outside a table or when they do not decode, the arcs as ints.
    ``str()`` prints it as ``snmpx`` does by default ("IF-MIB::ifDescr.3").
    """

    __slots__ = ("oid", "module", "label", "node_oid", "index", "_text")

    def __init__(self, oid, module, label, node_oid, index, text):
        self.oid = oid
        self.module = module
        self.label = label
        self.node_oid = node_oid
        self.index = index
        self._text = text

    def __str__(self):
        return self._text

    def __repr__(self):
        return "MibName(%r)" % self._text

    def __eq__(self, other):
        if isinstance(other, MibName):
            return self.oid == other.oid and self._text == other._text
        return NotImplemented

    def __hash__(self):
        return hash((self.oid, self._text))


def _text(v, name, optional=False):
    if v is None and optional:
        return None
    if isinstance(v, os.PathLike):
        v = os.fspath(v)
    if not isinstance(v, str):
        raise TypeError("%s must be str%s, not %s"
                        % (name, " or None" if optional else "",
                           type(v).__name__))
    if "\0" in v:
        raise ValueError("%s must not contain NUL" % name)
    return v


def _index_kind(info, implied):
    """The libsnmpx index spec (kind, fixed size) for an INDEX object."""
    t = info._type
    if t in (_T_INTEGER, _T_INTEGER32):
        return (_snmpx.INDEX_INTEGER, 0)
    if t in (_T_COUNTER, _T_GAUGE, _T_TIMETICKS, _T_UNSIGNED32, _T_UINTEGER):
        return (_snmpx.INDEX_UNSIGNED, 0)
    if t in (_T_IPADDR, _T_NETADDR):
        return (_snmpx.INDEX_IPADDRESS, 0)
    if t == _T_OBJID:
        return (_snmpx.INDEX_OID_IMPLIED if implied else _snmpx.INDEX_OID, 0)
    if t in (_T_OCTETSTR, _T_BITS, _T_OPAQUE, _T_NSAP):
        if implied:
            return (_snmpx.INDEX_STRING_IMPLIED, 0)
        if info.size_ranges and len(info.ranges) == 1 and \
                info.ranges[0][0] == info.ranges[0][1]:
            return (_snmpx.INDEX_STRING_FIXED, info.ranges[0][0])
        return (_snmpx.INDEX_STRING, 0)
    return None


class MibDatabase:
    """MIB modules loaded as Net-SNMP's tools load them.

    ``mibdirs`` (-M), ``mibs`` (-m: ":"-separated names, "ALL", paths;
    "+" first adds them to the defaults), ``cache_dir`` (the compiled
    cache; None: the ``snmpx`` command's, "" for none); ``read_conf``
    False ignores snmp.conf.  None takes $MIBDIRS/$MIBS, then snmp.conf,
    then Net-SNMP's defaults.  ``warnings`` lists what loading reported,
    as Net-SNMP prints it.
    """

    def __init__(self, mibdirs: Optional[str] = None,
                 mibs: Optional[str] = None,
                 cache_dir: Optional[str] = None,
                 read_conf: bool = True) -> None:
        mibdirs = _text(mibdirs, "mibdirs", True)
        mibs = _text(mibs, "mibs", True)
        cache_dir = _text(cache_dir, "cache_dir", True)
        if not isinstance(read_conf, bool):
            raise TypeError("read_conf must be bool, not %s"
                            % type(read_conf).__name__)
        self._db = _snmpx.MibDb()
        # node -> ObjectInfo (a cache, filled by queries)
        self._info: Dict[int, ObjectInfo] = {}
        # node -> the INDEX specs of its row (_row_index), or None
        self._rows: Dict[int, Any] = {}
        # (text, random_access) -> OID: names resolved (resolve), and
        # (module, label, index) -> OID (resolve_parts), kept until a load
        # may change them; programs ask the same few again.
        self._resolved: Dict[Tuple[Any, ...], OID] = {}
        # node -> what py_mib_text.c renders a varbind of it by
        # (_pysnmp_plan), kept until a load
        self._plans: Dict[int, Any] = {}
        self._info_lock = threading.Lock()
        self.warnings = []
        rv, diag = self._db.netsnmp(mibdirs, mibs, cache_dir, read_conf)
        self.warnings.extend(diag)
        if rv < 0:
            raise MibError("loading MIBs: %s" % _snmpx.strerror(rv), diag)

    @property
    def from_cache(self) -> bool:
        """True when the modules came from the compiled cache."""
        return self._db.stats()["from_cache"]

    @property
    def module_count(self) -> int:
        return self._db.stats()["modules"]

    @property
    def dirs(self) -> List[str]:
        """The search path, as a list of directories."""
        return [d for d in self._db.get_dirs().split(":") if d]

    # ---- loading --------------------------------------------------------

    def load(self, *modules: str) -> None:
        """Load modules by name (searched in the path) or by file path.

        Raises MibError, whose ``messages`` carry file:line, when one is
        not found or does not parse (the others are still loaded)."""
        failed = []
        for i, mod in enumerate(modules):
            mod = _text(mod, "modules[%d]" % i)
            if os.sep in mod or os.path.isfile(mod):
                rv, diag = self._db.load_file(mod)
            else:
                rv, diag = self._db.load_module(mod)
            self.warnings.extend(diag)
            if rv < 0:
                failed.append((mod, rv, diag))
        self._forget()
        if failed:
            msgs = [line for _, _, diag in failed for line in diag]
            raise MibError("; ".join(
                "%s: %s" % (mod, "; ".join(diag) or _snmpx.strerror(rv))
                for mod, rv, diag in failed), msgs)

    def add_dirs(self, *dirs: str) -> None:
        """Append directories to the search path (a module in several
        files of the path is read from the last one)."""
        add = [_text(d, "dirs[%d]" % i) for i, d in enumerate(dirs)]
        for i, d in enumerate(add):
            if ":" in d:
                raise ValueError("dirs[%d] must not contain ':'" % i)
        if add:
            self._db.set_dirs(":".join(self.dirs + add))

    def _forget(self):
        with self._info_lock:
            self._info = {}
            self._rows = {}
            self._resolved = {}
            self._plans = {}

    # ---- names ----------------------------------------------------------

    def resolve(self, text: OIDLike, random_access: bool = True) -> OID:
        """The OID named by |text| as the snmpx command reads it:
        "SNMPv2-MIB::sysDescr.0", "sysDescr.0", "IF-MIB::ifDescr.3",
        "1.3.6.1", ".iso.org", 'ifDescr."eth0"'.  With |random_access| a
        bare label is also looked up anywhere in the tree (Net-SNMP's rule
        when the name is no path from the top); False takes paths from the
        top only.  An OID (or tuple of ints) is returned as an OID.
        Raises ValueError naming the text and Net-SNMP's reason."""
        if isinstance(text, OID):
            return text
        if isinstance(text, (tuple, list)):
            return OID(*text)
        name: str = _text(text, "text")
        key = (name, bool(random_access))
        known = self._resolved.get(key)
        if known is not None:
            return known
        flags = _FALLBACK_RANDOM if random_access else 0
        res = self._db.parse_oid(name, flags)
        if isinstance(res, str) and "::" in name:
            # "MOD::x" loads MOD when it is not loaded yet, as the tools do.
            mod = name.split("::", 1)[0]
            if mod and all(c.isalnum() or c == "-" for c in mod):
                rv, diag = self._db.load_module(mod)
                if rv == 0:
                    self.warnings.extend(diag)
                    self._forget()
                    res = self._db.parse_oid(name, flags)
        if isinstance(res, str):
            raise ValueError("%s: Unknown Object Identifier%s"
                             % (name, " (%s)" % res if res else ""))
        with self._info_lock:
            if len(self._resolved) >= _RESOLVED_MAX:
                self._resolved = {}
            self._resolved[key] = res
        return res

    def resolve_parts(self, module: str, label: str,
                      *index: IndexLike) -> OID:
        """The OID of MODULE::label followed by |index|, encoded by the
        INDEX of the row (RFC 2578 7.7): ints (or enum labels) for integer
        objects, str/bytes for strings (with their length unless IMPLIED or
        of fixed size), "a.b.c.d" for IpAddress, OIDs or names for OBJECT
        IDENTIFIER.  Outside a table each index item is one arc (int)."""
        key = (module, label, index)
        keep = type(module) is str and type(label) is str and \
            all(type(v) is int or type(v) is str for v in index)
        if keep:
            known = self._resolved.get(key)
            if known is not None:
                return known
        oid: OID = self._resolve_parts(module, label, index)
        if keep:
            with self._info_lock:
                if len(self._resolved) >= _RESOLVED_MAX:
                    self._resolved = {}
                self._resolved[key] = oid
        return oid

    def _resolve_parts(self, module, label, index):
        """resolve_parts(), every time (programs ask the same few names
        again at every request: resolve_parts keeps the answers for ints
        and strs, with resolve()'s, until a load)."""
        module = _text(module, "module")
        label = _text(label, "label")
        base = self.resolve("%s::%s" % (module, label), random_access=False)
        if not index:
            return base
        specs = self._row_index(base)
        if specs is None:
            arcs = []
            for i, v in enumerate(index):
                if isinstance(v, bool) or not isinstance(v, int):
                    raise TypeError("index[%d] must be an int (%s::%s is "
                                    "not in a table), not %s"
                                    % (i, module, label, type(v).__name__))
                arcs.append(v)
            return OID(*base, *arcs)
        if len(index) != len(specs):
            raise ValueError("%s::%s takes %d index values (%s), not %d"
                             % (module, label, len(specs),
                                ", ".join(s[0].label for s in specs),
                                len(index)))
        items = []
        for i, ((obj, kind), v) in enumerate(zip(specs, index)):
            items.append(kind + (self._index_value(obj, kind[0], v, i),))
        return _snmpx.encode_index(base, items)

    def _index_value(self, obj, kind, v, i):
        name = "index[%d]" % i
        if kind in (_snmpx.INDEX_INTEGER, _snmpx.INDEX_UNSIGNED):
            if isinstance(v, str) and v in obj.enums:
                v = obj.enums[v]
            if isinstance(v, Value):
                v = int(v.value)
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError("%s (%s) must be an int, not %s"
                                % (name, obj.label, type(v).__name__))
            return Integer(v) if kind == _snmpx.INDEX_INTEGER else Gauge32(v)
        if kind == _snmpx.INDEX_IPADDRESS:
            return v if isinstance(v, IpAddress) else IpAddress(v)
        if kind in (_snmpx.INDEX_OID, _snmpx.INDEX_OID_IMPLIED):
            if isinstance(v, (str, tuple, list)):
                return self.resolve(v)
            raise TypeError("%s (%s) must be an OID or a name, not %s"
                            % (name, obj.label, type(v).__name__))
        if isinstance(v, OctetString):
            return v
        if isinstance(v, str):
            return OctetString(v.encode())
        if isinstance(v, (bytes, bytearray, memoryview)):
            return OctetString(bytes(v))
        raise TypeError("%s (%s) must be str or bytes, not %s"
                        % (name, obj.label, type(v).__name__))

    def _row_index(self, oid):
        """[(ObjectInfo of the INDEX object, (kind, size))] of the row
        that |oid| (a column or the row) belongs to, or None."""
        found = self._db.find(oid)
        if found is None:
            return None
        node, matched = found
        if matched != len(oid):
            return None
        return self._node_row_index(node)

    def _node_row_index(self, node):
        """_row_index of the node |node|, kept: every varbind of a walk
        asks it again for the same column."""
        try:
            return self._rows[node]
        except KeyError:
            pass
        specs = self._find_row_index(node)
        with self._info_lock:
            self._rows[node] = specs
        return specs

    def _find_row_index(self, node):
        info = self._node_info(node)
        row = info if info.index or info.augments else None
        if row is None:
            parent = self._parent(node)
            if parent is not None:
                pinfo = self._node_info(parent)
                if pinfo.index or pinfo.augments:
                    row = pinfo
        if row is None:
            return None
        seen = 0
        while not row.index and row.augments and seen < 16:
            seen += 1
            try:
                row = self.object("%s::%s" % (row.module, row.augments)
                                  if "::" not in row.augments
                                  else row.augments)
            except ValueError:
                try:
                    row = self.object(row.augments)
                except ValueError:
                    return None
        specs = []
        for label, implied in row.index:
            try:
                obj = self.object("%s::%s" % (row.module, label))
            except ValueError:
                try:
                    obj = self.object(label)
                except ValueError:
                    return None
            kind = _index_kind(obj, implied)
            if kind is None:
                return None
            specs.append((obj, kind))
        return specs

    def _parent(self, node):
        d = self._db.info(node)
        return d["parent"]

    def _node_info(self, node):
        info = self._info.get(node)
        if info is None:
            d = self._db.info(node)
            if d["oid"] is not None and len(d["oid"]):
                # The module the tools name it by (IF-MIB::ifDescr, not
                # RFC1213-MIB's, when both define it).
                named = self._db.format_oid(d["oid"], 0, 0)
                if "::" in named:
                    d["module"] = named.split("::", 1)[0]
            info = ObjectInfo(d)
            with self._info_lock:
                self._info[node] = info
        return info

    def lookup(self, oid: OIDLike) -> "MibName":
        """The MibName of |oid| (an OID, a tuple of ints or text)."""
        oid = self.resolve(oid)
        return self._lookup_found(oid, self._db.find(oid))

    def _lookup_found(self, oid, found):
        """lookup() of the OID |oid| whose MibDb.find() is |found|."""
        text = self._db.format_oid(oid, 0, 0)
        if found is None:
            return MibName(oid, "", "", OID(), tuple(oid), text)
        node, matched = found
        info = self._node_info(node)
        # A non-empty prefix of an OID is an OID: no checks again.
        node_oid = tuple.__new__(OID, oid[:matched]) if matched else OID()
        rest = tuple(oid[matched:])
        index = rest
        if rest:
            specs = self._node_row_index(node)
            if specs:
                out = _snmpx.decode_index(oid, node_oid,
                                          [k for _, k in specs])
                if not isinstance(out, int):
                    index = tuple(out)
        return MibName(oid, info.module, info.label, node_oid, index, text)

    def _describe(self, oid: OID, value: ValueLike
                  ) -> Tuple["MibName", str]:
        """(lookup(oid), pretty(oid, value)) of a received varbind, with
        one search of the tree for both (snmpx.pysnmp prints each
        varbind of a response by both)."""
        found = self._db.find(oid)
        name = self._lookup_found(oid, found)
        info = self._node_info(found[0]) if found is not None else None
        return name, _pretty(self, info, _as_value(value))

    def _pysnmp_texts(self, oid: OID, value: ValueLike
                      ) -> Optional[Tuple[Optional[str], str]]:
        """(name, value text) of a received varbind as snmpx.pysnmp
        prints them (its _names: the name of lookup(oid) with the index
        as pysnmp writes it, or None when no module names |oid|; and
        pretty(oid, value)), made in one call of the extension; None when
        the extension leaves the varbind to _describe (OID and Opaque
        values, a few hints)."""
        plans = self._plans
        for _ in range(2):  # the plan of the node, made once
            res = self._db.pysnmp_texts(oid, value, plans)
            if not isinstance(res, int):
                return res
            plan = self._pysnmp_plan(res)
            with self._info_lock:
                if plans is self._plans:
                    plans[res] = plan
                else:  # a load came meanwhile: not kept
                    plans = {res: plan}
        return None

    def _pysnmp_plan(self, node):
        """What py_mib_text.c reads of |node| (the same as _describe
        reads): ("MODULE::label" or None, the row's index specs or None,
        the type, the DISPLAY-HINT, {number: label} of the enumeration
        (the first label of a number, as _pretty finds it) or None,
        {bit: label} or None)."""
        info = self._node_info(node)
        prefix = "%s::%s" % (info.module, info.label) if info.module \
            else None
        specs = self._node_row_index(node)
        enums = None
        if info.enums:
            enums = {}
            for label, num in info.enums.items():
                enums.setdefault(num, label)
        bits = {n: label for label, n in info.bits.items()} \
            if info._type == _T_BITS else None
        return (prefix, tuple(k for _, k in specs) if specs else None,
                info._type if isinstance(info._type, int) else 0,
                info.hint, enums, bits)

    def format_oid(self, oid: OIDLike, style: str = "S") -> str:
        """|oid| printed as ``snmpx`` prints names under -O|style|: one of
        S (MODULE::name, the default), s (name), f (full path), n
        (numeric), u (UCD), plus the flags b (index as numbers), X
        (name[index]), E (escaped quotes), q."""
        style = _text(style, "style")
        st, flags = 0, 0
        for c in style:
            if c in _STYLES:
                st = _STYLES[c]
            elif c in _FMT_FLAGS:
                flags ^= _FMT_FLAGS[c]
            else:
                raise ValueError("style: unknown output option %r" % c)
        return self._db.format_oid(self.resolve(oid), st, flags)

    def format_value(self, oid: OIDLike, value: ValueLike,
                     style: str = "") -> str:
        """What ``snmpx walk`` prints after " = " for |value| (an snmpx
        value; an int is an Integer, bytes or str an OctetString) under
        |oid|, by the MIB object of |oid|: enumerations, BITS names,
        DISPLAY-HINT, UNITS, "Wrong Type (should be ...)".  |style| holds
        -O letters as the command takes them (q, v, e, t, x, a, T, U, E,
        X, b, n/s/S/f/u for OID values, p<precision>).  Raises ValueError
        naming an unknown letter."""
        style = _text(style, "style")
        return self._db.format_value(self._name(oid, "oid"), value, style,
                                     False)

    def format_varbind(self, oid: OIDLike, value: ValueLike,
                       style: str = "") -> str:
        """The whole line ``snmpx walk`` prints for |oid| and |value|
        (without the newline), under the -O letters |style|."""
        style = _text(style, "style")
        return self._db.format_value(self._name(oid, "oid"), value, style,
                                     True)

    def pretty(self, oid: OIDLike, value: ValueLike) -> str:
        """|value| under |oid| as pysnmp 7.1's prettyPrint() shows it once
        resolved by the MIB: the enumeration label ("up"), the BITS names
        ("a, c"), the DISPLAY-HINT applied as pysnmp applies it, an
        OBJECT IDENTIFIER by name ("SNMPv2-MIB::snmpMIB"), other strings
        as text when every octet is printable, else "0x" and hex."""
        info = None
        found = self._db.find(self._name(oid, "oid"))
        if found is not None:
            info = self._node_info(found[0])
        return _pretty(self, info, _as_value(value))

    def _name(self, oid, what):
        if isinstance(oid, str):
            return self.resolve(oid)
        try:
            return OID(*oid) if not isinstance(oid, OID) else oid
        except TypeError:
            raise TypeError("%s must be an OID or a name, not %s"
                            % (what, type(oid).__name__)) from None

    def nodes(self) -> List["ObjectInfo"]:
        """Every node of the database (ObjectInfo), in OID order."""
        return [self._node_info(n) for n in self._db.nodes()]

    def value_for(self, oid: OIDLike,
                  value: Union[ValueLike, Sequence[str]]) -> ValueLike:
        """|value| as a SET of |oid| sends it, typed and checked by the MIB
        object as ``snmpx set`` checks it: a plain int, str, bytes (or,
        for BITS, a list of labels) becomes the object's type (Integer by
        number or enumeration label, Gauge32, TimeTicks, Counter32/64,
        IpAddress, OID by name or number, OctetString, BITS octets,
        Opaque); an snmpx value is kept.  Raises ValueError with
        snmpset's message ("Bad variable type (Type of attribute is
        INTEGER, not OCTET STRING)", "Value out of range (7 :: {(1..3)})")
        when it does not fit.  The Manager calls do this for every varbind
        named by a MIB name."""
        name = self._name(oid, "oid")
        label = oid if isinstance(oid, str) else self.format_oid(name)
        found = self._db.find(name)
        typed = value
        if found is not None and not isinstance(value, (Value, OID)):
            try:
                typed = self._typed(self._node_info(found[0]), value)
            except ValueError as exc:
                raise ValueError("%s: %s" % (label, exc)) from None
        checked: ValueLike = _as_value(typed)
        why = self._db.check_value(name, checked)
        if why is not None:
            raise ValueError("%s: %s" % (label, why))
        return typed if isinstance(typed, (Value, OID, int, bytes, str)) \
            else checked

    def _typed(self, info, v):
        t = info._type
        if isinstance(v, bool):
            raise TypeError("value must not be a bool")
        if t in (_T_INTEGER, _T_INTEGER32) and isinstance(v, str):
            if v in info.enums:
                return Integer(info.enums[v])
            try:
                return Integer(int(v, 10))
            except ValueError:
                raise ValueError("Value out of range (%s)" % v) from None
        if isinstance(v, int):
            cls = {_T_INTEGER: Integer, _T_INTEGER32: Integer,
                   _T_GAUGE: Gauge32, _T_UNSIGNED32: Gauge32,
                   _T_UINTEGER: Gauge32, _T_TIMETICKS: TimeTicks,
                   _T_COUNTER: Counter32, _T_COUNTER64: Counter64}.get(t)
            return cls(v) if cls is not None else v
        if t in (_T_IPADDR, _T_NETADDR) and isinstance(v, (str, bytes)):
            return IpAddress(v)
        if t == _T_OBJID and isinstance(v, (str, tuple, list)):
            return self.resolve(v)
        if t == _T_BITS and isinstance(v, (str, list, tuple)):
            return OctetString(self._bits(info, v))
        if t == _T_OPAQUE and isinstance(v, (bytes, bytearray)):
            return Opaque(bytes(v))
        return v

    @staticmethod
    def _bits(info, v):
        """BITS octets from labels or bit numbers (a list, or a str of
        them separated by spaces or commas)."""
        items = v.replace(",", " ").split() if isinstance(v, str) else v
        bits = []
        for item in items:
            if isinstance(item, str) and item in info.bits:
                bits.append(info.bits[item])
            elif isinstance(item, int) and not isinstance(item, bool) \
                    and 0 <= item < 2048:
                bits.append(item)
            elif isinstance(item, str) and item.isdigit() and \
                    int(item) < 2048:
                bits.append(int(item))
            else:
                raise ValueError("%r is not a bit of %s" % (item, info.name))
        out = bytearray((max(bits) // 8 + 1) if bits else 0)
        for b in bits:
            out[b // 8] |= 0x80 >> (b % 8)
        return bytes(out)

    def object(self, name_or_oid: OIDLike) -> "ObjectInfo":
        """The ObjectInfo of the deepest MIB node on |name_or_oid| (a name
        as resolve() takes it, or an OID).  Raises ValueError for a name
        or OID no module defines."""
        oid = self.resolve(name_or_oid)
        found = self._db.find(oid)
        if found is None:
            raise ValueError("%s: no MIB node" % (name_or_oid,))
        return self._node_info(found[0])


def _as_value(v):
    if isinstance(v, Value) or isinstance(v, OID):
        return v
    if isinstance(v, bool):
        raise TypeError("value must be an snmpx value, int, bytes or str, "
                        "not bool")
    if isinstance(v, int):
        return Integer(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return OctetString(bytes(v))
    if isinstance(v, str):
        return OctetString(v.encode())
    raise TypeError("value must be an snmpx value, int, bytes or str, not %s"
                    % type(v).__name__)


# pysnmp's texts for the exceptions (pysnmp.proto.rfc1905)
_PRETTY_EXCEPTIONS = {
    0x80: "No Such Object currently exists at this OID",
    0x81: "No Such Instance currently exists at this OID",
    0x82: "No more variables left in this MIB View",
}


def _pretty_octets(data):
    """pysnmp/pyasn1's OctetString without a hint: text when every octet
    is 32..126, else 0x and lower-case hex."""
    if all(32 <= b <= 126 for b in data):
        return data.decode("ascii")
    return "0x" + data.hex()


def _pretty_integer_hint(hint, n):
    """pysnmp's INTEGER DISPLAY-HINT: x, o, b, d-N; None when it refuses
    the hint."""
    parts = hint.split("-")
    if len(parts) > 2:
        return None
    kind = parts[0]
    if kind == "x":
        return "0x%x" % n
    if kind == "o":
        return "0%o" % n
    if kind == "b":
        bits = ""
        while n > 0:
            bits = "%d" % (n & 1) + bits
            n >>= 1
        return bits + "B"
    if kind == "d":
        try:
            places = int(parts[1]) if len(parts) > 1 else 0
        except ValueError:
            return None
        if places < 0:
            return None
        return "%.*f" % (places, n / 10 ** places)
    return None


def _pretty_octets_hint(hint, data):
    """An OCTET STRING DISPLAY-HINT as pysnmp applies it: the whole hint
    starts over when it runs out (RFC 2579 3.1 repeats only the last
    part); "a" drops non-ASCII octets, "t" undecodable UTF-8; x, d, o as
    numbers of their octets.  None when pysnmp refuses the hint."""
    out = []
    rest = data
    spec = hint
    at_pass = len(rest)
    while rest and spec:
        repeat, count = False, 1
        if spec[0] == "*":
            repeat, count = True, rest[0]
            spec, rest = spec[1:], rest[1:]
        digits = ""
        while spec and spec[0].isdigit():
            digits, spec = digits + spec[0], spec[1:]
        length = int(digits) if digits else len(rest)
        if not spec:
            return None
        fmt, spec = spec[0], spec[1:]
        sep = ""
        if spec and not spec[0].isdigit() and spec[0] != "*":
            sep, spec = spec[0], spec[1:]
        term = None
        if spec and sep and repeat:
            term, sep, spec = spec[0], "", spec[1:]
        while count:
            count -= 1
            chunk = rest[:length]
            if fmt == "a":
                out.append(chunk.decode("ascii", "ignore"))
            elif fmt == "t":
                out.append(chunk.decode("utf-8", "ignore"))
            elif fmt in "xdo":
                n = int.from_bytes(chunk, "big")
                out.append("%02x" % n if fmt == "x" else
                           "%03o" % n if fmt == "o" else "%d" % n)
            else:
                return None
            if rest and term:
                out.append(term)
            rest = rest[length:]
        if rest and sep:
            out.append(sep)
        if not spec:
            if rest and len(rest) == at_pass:
                return None  # a pass that takes nothing would not end
            at_pass = len(rest)
            spec = hint
    return "".join(out)


def _pretty(db, info, v):
    tag = getattr(v, "_tag", None)
    if isinstance(v, OID):
        return db.format_oid(v, "S") if len(v) else ""
    if tag in _PRETTY_EXCEPTIONS:
        return _PRETTY_EXCEPTIONS[tag]
    t = info._type if info is not None else None
    hint = info.hint if info is not None else ""
    if isinstance(v, IpAddress):
        return v.value
    if isinstance(v, OctetString):  # Opaque, BITS on the wire too
        data = v.data
        if t == _T_BITS and not isinstance(v, Opaque):
            names = {n: label for label, n in info.bits.items()}
            out = []
            for i, octet in enumerate(data):
                for j in range(8):
                    if octet & (0x80 >> j):
                        bit = i * 8 + j
                        out.append(names.get(bit, "UnknownBit-%d" % bit))
            return ", ".join(out)
        if hint and t == _T_OCTETSTR and not isinstance(v, Opaque):
            text = _pretty_octets_hint(hint, data)
            if text is not None:
                return text
        return _pretty_octets(data)
    if tag is not None and hasattr(v, "value") and \
            isinstance(v.value, int):
        n = v.value
        if isinstance(v, Integer) and info is not None and info.enums \
                and t in (_T_INTEGER, _T_INTEGER32):
            for label, num in info.enums.items():
                if num == n:
                    return label
            return str(n)
        hinted = (isinstance(v, Integer) and not (info and info.enums)
                  and t in (_T_INTEGER, _T_INTEGER32)) or \
            (isinstance(v, (Gauge32, TimeTicks)) and
             t in (_T_GAUGE, _T_UNSIGNED32, _T_TIMETICKS))
        if hint and hinted:
            text = _pretty_integer_hint(hint, n)
            if text is not None:
                return text
        return str(n)
    if tag == 0x05:
        return ""
    if hasattr(v, "value"):
        return str(v.value)
    return str(v)


_default = None
_default_lock = threading.Lock()


def default() -> MibDatabase:
    """The database loaded with Net-SNMP's defaults ($MIBS, $MIBDIRS,
    snmp.conf, the compiled cache), made on first use."""
    global _default
    db = _default
    if db is None:
        with _default_lock:
            if _default is None:
                _default = MibDatabase()
            db = _default
    return db


def _resolve_hook(text):
    """The extension's fallback for OID text that is not numeric."""
    return default().resolve(text)


def _typed_hook(text, value):
    """The value of a varbind the extension was given by a MIB name."""
    return default().value_for(text, value)


_snmpx._set_resolver(_resolve_hook, _typed_hook)
