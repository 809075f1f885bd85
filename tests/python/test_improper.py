"""ImproperResponse: an answer whose varbinds do not answer the request
(RFC 3416 4.2) raises it, blocking, through a handle and in asyncio; a
proper answer (exceptions, endOfMibView, a GetBulk shortened to fit) does
not.  The agent is a Python agent whose answers a test alters."""

import asyncio
import threading

import pytest

from snmpx import (OID, AsyncEngine, EndOfMibView, Engine, ImproperResponse,
                   Integer, PduType, SnmpxError, VarBind)

BASE = OID.parse("1.3.6.1.4.1.99997")
A, B, C = BASE.extend(1, 0), BASE.extend(2, 0), BASE.extend(3, 0)


class Tampered:
    """A Python agent serving A, B, C in a thread; ``alter(vbs)``, when
    set, rewrites the varbinds of every answer."""

    def __init__(self):
        self.engine = Engine()
        self.alter = None
        agent = self.engine.Agent("127.0.0.1:0",
                                  communities={"public": "write"})
        agent.register(BASE, {A: 1, B: 2, C: 3},
                       setter=lambda oid, value: None)
        self.address = ("127.0.0.1", agent.port)

        def respond(raw):
            answer = agent._dispatch(raw)
            if answer is None or self.alter is None or \
                    answer[0] != PduType.Response:
                return answer
            return answer[:3] + (self.alter(list(answer[3])),)

        self.engine._set_responder(respond)
        self.thread = threading.Thread(target=self.engine.serve,
                                       kwargs=dict(timeout=60))
        self.thread.start()

    def close(self):
        self.engine.stop()
        self.thread.join()
        self.engine.close()


@pytest.fixture(scope="module")
def tampered():
    t = Tampered()
    yield t
    t.close()


@pytest.fixture
def mgr(engine, tampered):
    tampered.alter = None
    yield engine.Manager(tampered.address, version=2, timeout=0.5, retries=1)
    tampered.alter = None


def swap(vbs):
    return vbs[::-1]


def drop_last(vbs):
    return vbs[:-1]


def rename_first(vbs):
    return [VarBind(C, vbs[0][1])] + vbs[1:]


def back_to_first(vbs):
    return [VarBind(BASE, vb[1]) for vb in vbs]


@pytest.mark.parametrize("alter", [swap, drop_last, rename_first],
                         ids=["order", "count", "name"])
def test_get_and_set_answered_with_other_names(mgr, tampered, alter):
    assert [vb.name for vb in mgr.get(A, B).variableBindings] == [A, B]
    tampered.alter = alter
    with pytest.raises(ImproperResponse) as exc:
        mgr.get(A, B)
    assert isinstance(exc.value, SnmpxError)
    assert exc.value.code is None
    assert list(exc.value.variableBindings) == \
        list(exc.value.response.variableBindings)
    assert "improper response" in str(exc.value)
    with pytest.raises(ImproperResponse):
        mgr.set((A, Integer(1)), (B, Integer(2)))


def test_getnext_names_must_follow(mgr, tampered):
    resp = mgr.getNext(A, C)                     # C is the last: endOfMibView
    assert resp.variableBindings[1].value == EndOfMibView()
    tampered.alter = back_to_first
    with pytest.raises(ImproperResponse) as exc:
        mgr.getNext(A, C)
    assert exc.value.index == 0


def test_getbulk_columns_and_count(mgr, tampered):
    resp = mgr.getBulk(A, BASE, nonRepeaters=1, maxRepetitions=2)
    assert [vb.name for vb in resp.variableBindings] == [B, A, B]
    tampered.alter = drop_last                   # shortened: proper
    assert len(mgr.getBulk(A, BASE, nonRepeaters=1,
                           maxRepetitions=2).variableBindings) == 2
    tampered.alter = lambda vbs: vbs + [VarBind(C, Integer(3))]
    with pytest.raises(ImproperResponse) as exc:
        mgr.getBulk(A, BASE, nonRepeaters=1, maxRepetitions=2)
    assert exc.value.index == 3                  # the count
    tampered.alter = lambda vbs: vbs[:2] + [VarBind(A, vbs[2][1])]
    with pytest.raises(ImproperResponse) as exc:
        mgr.getBulk(A, BASE, nonRepeaters=1, maxRepetitions=2)
    assert exc.value.index == 2                  # A after A in its column


def test_handle_and_asyncio(mgr, tampered):
    tampered.alter = swap
    h = mgr.get(A, B, wait=False)
    with pytest.raises(ImproperResponse):
        h.wait()

    async def main():
        async with AsyncEngine(defaultVersion=2) as eng:
            m = eng.Manager(tampered.address, timeout=0.5, retries=1)
            with pytest.raises(ImproperResponse):
                await m.get(A, B)
            tampered.alter = None
            return await m.get(A, B)

    resp = asyncio.run(main())
    assert [vb.name for vb in resp.variableBindings] == [A, B]
