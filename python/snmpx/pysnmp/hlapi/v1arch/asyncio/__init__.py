"""pysnmp.hlapi.v1arch.asyncio on the snmpx engine: SnmpDispatcher,
Slim, CommunityData and the command and notification calls without a
ContextData (SNMPv1/v2c)."""

from ....proto.rfc1902 import *  # noqa: F401,F403
from ....smi.rfc1902 import *  # noqa: F401,F403
from .auth import *  # noqa: F401,F403
from .cmdgen import *  # noqa: F401,F403
from .dispatch import *  # noqa: F401,F403
from .ntforg import *  # noqa: F401,F403
from .slim import *  # noqa: F401,F403
from .transport import *  # noqa: F401,F403
from . import auth as auth
from . import cmdgen as cmdgen
from . import dispatch as dispatch
from . import ntforg as ntforg
from . import slim as slim
from . import transport as transport
