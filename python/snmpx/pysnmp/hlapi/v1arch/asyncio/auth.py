"""pysnmp.hlapi.v1arch.asyncio.auth: CommunityData(communityName,
mpModel=1) (0: SNMPv1, 1: SNMPv2c)."""

from typing import Tuple, Union

from ...auth import CommunityData as _V3CommunityData

__all__ = ["CommunityData"]


class CommunityData(_V3CommunityData):
    """A community for SNMPv1 (mpModel=0) or SNMPv2c (mpModel=1)."""

    def __init__(self, communityName: Union[str, bytes],
                 mpModel: int = 1) -> None:
        super().__init__(communityName, mpModel=mpModel)

    def __repr__(self) -> str:
        return "CommunityData(communityName=<COMMUNITY>, mpModel=%r)" % (
            self.mpModel,)

    def key(self) -> Tuple[object, ...]:
        return super().key()
