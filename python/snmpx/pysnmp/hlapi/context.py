"""ContextData: the SNMPv3 contextEngineId and contextName of requests."""

from typing import Optional, Union

__all__ = ["ContextData"]


class ContextData:
    """contextEngineId (None: the agent's) and contextName (b"")."""

    def __init__(self, contextEngineId: Optional[bytes] = None,
                 contextName: Union[bytes, str] = b"") -> None:
        self.contextEngineId = contextEngineId
        self.contextName = contextName.encode() if isinstance(
            contextName, str) else bytes(contextName)

    def __repr__(self) -> str:
        return "ContextData(contextEngineId=%r, contextName=%r)" % (
            self.contextEngineId, self.contextName)
