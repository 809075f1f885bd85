"""pysnmp.hlapi.v3arch.asyncio on the snmpx engine: the names a pysnmp
7.1 hlapi program imports (``from pysnmp.hlapi.v3arch.asyncio import
*``), with their camelCase aliases."""

from ..._engine import SnmpEngine as SnmpEngine
from ...auth import *  # noqa: F401,F403
from ...cmdgen import *  # noqa: F401,F403
from ...context import *  # noqa: F401,F403
from ...ntforg import *  # noqa: F401,F403
from ...transport import *  # noqa: F401,F403
from ....proto.rfc1902 import *  # noqa: F401,F403
from ....proto.rfc1905 import EndOfMibView as EndOfMibView
from ....proto.rfc1905 import NoSuchInstance as NoSuchInstance
from ....proto.rfc1905 import NoSuchObject as NoSuchObject
from ....smi.rfc1902 import *  # noqa: F401,F403
from . import auth as auth
from . import cmdgen as cmdgen
from . import context as context
from . import ntforg as ntforg
from . import transport as transport
