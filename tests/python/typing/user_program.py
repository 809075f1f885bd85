"""A user's program over snmpx's public API, checked by mypy --strict in
tests/python/test_typing.py (never run): blocking, handles, poll(),
asyncio, per-request settings, notifications, an agent, values and
exceptions.  The test also passes --disallow-any-expr: no expression
here may be of type Any, so the annotations below are checked against
real types."""

import asyncio
from typing import List, Optional

import snmpx
from snmpx import (OID, Aes128Cfb, AsyncEngine, AsyncManager, Counter64,
                   Engine,
                   ErrorResponse, ErrorStatus, HmacSha256, ImproperResponse,
                   Integer, IpAddress, Manager, Notification, OctetString,
                   RequestHandle, ResponsePDU, SnmpxError, Timeout, VarBind,
                   authNoPriv)


def blocking(address: str) -> List[str]:
    out: List[str] = []
    with Engine(defaultVersion=2, timeout=0.5, retries=1) as engine:
        engine.addUser("admin", authProtocol=HmacSha256,
                       authSecret=b"auth pass", privProtocol=Aes128Cfb,
                       privSecret="priv pass")
        mgr: Manager[ResponsePDU] = engine.Manager(address)
        resp = mgr.get("1.3.6.1.2.1.1.1.0", OID(1, 3, 6, 1, 2, 1, 1, 5, 0))
        for name, value in resp.variableBindings:
            out.append("%s = %r" % (name, value))
        vb: VarBind = resp.variableBindings[0]
        oid: OID = vb.name
        out.append(str(oid.extend(1)))
        nxt = mgr.getNext("1.3.6.1.2.1.1", community="private", timeout=2,
                          retries=0)
        bulk = mgr.getBulk("1.3.6.1.2.1.2.2.1.2", nonRepeaters=0,
                           maxRepetitions=10)
        out.append(str(len(nxt.variableBindings) +
                       len(bulk.variableBindings)))
        mgr.set(("1.3.6.1.2.1.1.6.0", OctetString(b"rack 4")),
                ("1.3.6.1.4.1.99990.1.0", Integer(7)), ("1.3.6.1.4.1.1", 5))
        for item in mgr.walk("1.3.6.1.2.1.1", community="public"):
            out.append(str(item.value))
        for name, value in mgr.bulkWalk("1.3.6.1.2.1.2", maxRepetitions=25):
            if isinstance(value, OctetString):
                out.append(value.data.decode())
        v3 = engine.Manager(address, version=3, user="admin")
        v3.get("1.3.6.1.2.1.1.3.0", securityLevel=authNoPriv,
               context=b"ctx")
        try:
            mgr.get("1.3.6.1.2.1.1.1.0")
        except ImproperResponse as exc:
            out.append("%d %d" % (exc.index, len(exc.variableBindings)))
        except ErrorResponse as exc:
            status: ErrorStatus | int = exc.errorStatus
            where: Optional[OID] = exc.oid
            out.append("%s %s" % (status, where))
        except Timeout:
            out.append("timeout")
        except SnmpxError as exc:
            out.append(exc.name)
        mgr.trap("1.3.6.1.4.1.8072.2.3.0.1",
                 ("1.3.6.1.4.1.8072.2.3.2.1", Integer(42)), uptime=1234)
    return out


def handles(addresses: List[str]) -> List[int]:
    sizes: List[int] = []
    with Engine(autowait=False) as engine:
        mgrs = [engine.Manager(a, version="2c") for a in addresses]
        hs: List[RequestHandle] = [m.get("1.3.6.1.2.1.1.3.0") for m in mgrs]
        one: ResponsePDU = mgrs[0].get("1.3.6.1.2.1.1.3.0", wait=True)
        sizes.append(len(one.variableBindings))
        poller = engine.poll(*hs)
        while poller:
            for h in poller.wait(timeout=1.0):
                try:
                    sizes.append(len(h.wait().variableBindings))
                except Timeout:
                    sizes.append(0)
    with Engine() as blocking_engine:
        m = blocking_engine.Manager(addresses[0], version=2)
        h2: RequestHandle = m.get("1.3.6.1.2.1.1.3.0", wait=False)
        h2.cancel()
    return sizes


async def with_asyncio(address: str) -> int:
    async with AsyncEngine(defaultVersion=2) as engine:
        mgr: AsyncManager = engine.Manager(address, timeout=1.0)
        resp: ResponsePDU = await mgr.get("1.3.6.1.2.1.1.5.0")
        futures = [mgr.get("1.3.6.1.2.1.1.3.0", community="public")
                   for _ in range(10)]            # all in flight
        many = [await f for f in futures]
        count = len(resp.variableBindings) + len(many)
        async for name, value in mgr.bulkWalk("1.3.6.1.2.1.2.2.1.2"):
            count += len(name)
        named = engine.Manager("localhost:161")
        count += len((await named.getNext("1.3.6")).variableBindings)
        return count


def receive_and_serve() -> None:
    def on_notification(n: Notification) -> None:
        uptime: Optional[int] = n.uptime
        print(n.source, n.version, n.trapOID, uptime)
        for name, value in n.variableBindings:
            print(name, value)

    with Engine() as engine:
        rcv = engine.NotificationReceiver("127.0.0.1:0", on_notification,
                                          communities=["public"])
        port: int = rcv.port
        agent = engine.Agent(("127.0.0.1", 0),
                             communities={"public": "read"})
        data = {"1.3.6.1.4.1.99999.1.0": OctetString(b"hello"),
                "1.3.6.1.4.1.99999.2.0": Counter64(1 << 40)}
        agent.register("1.3.6.1.4.1.99999", data)
        engine.serve(timeout=0.1 + port * 0)


def values() -> None:
    ip = IpAddress("192.0.2.1")
    text: str = ip.value
    n: int = Integer(5).value
    row = OID.parse("1.3.6.1.2.1.2.2.1.2").appendIndex(Integer(3), ip)
    idx = row.extractIndex("1.3.6.1.2.1.2.2.1.2", Integer, IpAddress)
    print(text, n, idx, snmpx.__version__, snmpx.authPriv)


if __name__ == "__main__":
    print(blocking("127.0.0.1:161"), handles(["127.0.0.1:161"]))
    print(asyncio.run(with_asyncio("127.0.0.1:161")))
    receive_and_serve()
    values()
