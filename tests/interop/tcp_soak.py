"""The agent soak over TCP (test_agent_tcp_soak.sh): valid v2c GETs from
several clients, each on its own connection, while other connections
are opened and dropped mid-message (half a length header, half a
message), send garbage framing or a length over any limit, and, once,
stay idle past the agent's accept limit.  Every valid request must be
answered on its connection (counted exactly); the agent's descriptors
stay within its limit and come back to what they were.  Every loop and
wait is bounded; nothing is timed.

usage: tcp_soak.py PORT AGENT_PID ACCEPT_LIMIT"""
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ber_lite import dec_int, enc_int, enc_oid, items, read_tlv, tlv  # noqa

PORT, PID, LIMIT = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
CLIENTS, REQUESTS = 4, 250      # valid clients, requests each
ABUSERS, ROUNDS = 2, 120        # abusive clients, connections each
IDLE = LIMIT + 40               # idle connections, past the limit
WAIT = 60                       # bound on any one wait (s), not a timing test
SYSDESCR = (1, 3, 6, 1, 2, 1, 1, 1, 0)

lock = threading.Lock()
errors = []
count = {"answered": 0, "dropped": 0, "idle_refused": 0}


def fail(msg):
    with lock:
        errors.append(msg)


def get(req_id):
    vb = tlv(0x30, enc_oid(SYSDESCR) + b"\x05\x00")
    pdu = tlv(0xA0, enc_int(req_id) + enc_int(0) + enc_int(0) +
              tlv(0x30, vb))
    return tlv(0x30, enc_int(1) + tlv(0x04, b"public") + pdu)


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=WAIT)
    s.settimeout(WAIT)
    return s


def recv_exact(s, n):
    out = b""
    while len(out) < n:
        b = s.recv(n - len(out))
        if not b:
            raise EOFError("closed after %d of %d octets" % (len(out), n))
        out += b
    return out


def read_msg(s):
    """One whole message, framed by its BER header (RFC 3430 2.1)."""
    head = recv_exact(s, 2)
    extra = recv_exact(s, head[1] & 0x7F) if head[1] & 0x80 else b""
    msg = head + extra
    n = int.from_bytes(extra, "big") if extra else head[1]
    return msg + recv_exact(s, n)


def answer_id(msg):
    _, body, _ = read_tlv(msg, 0)
    parts = items(body)
    if parts[2][0] != 0xA2:
        raise ValueError("not a Response-PDU: tag 0x%02x" % parts[2][0])
    return dec_int(items(parts[2][1])[0][1])


def valid_client(k):
    try:
        s = connect()
        i = 0
        while i < REQUESTS:
            # Now and then two requests in one write.
            n = 2 if i % 7 == 3 and i + 1 < REQUESTS else 1
            ids = [k * 100000 + i + j + 1 for j in range(n)]
            s.sendall(b"".join(get(x) for x in ids))
            for x in ids:
                got = answer_id(read_msg(s))
                if got != x:
                    fail("client %d: answer %d to request %d" % (k, got, x))
                    return
                with lock:
                    count["answered"] += 1
            i += n
        s.close()
    except (OSError, EOFError, ValueError, IndexError) as e:
        fail("client %d after %d requests: %r" % (k, i, e))


def sees_close(s):
    """The agent closes |s| (end of stream or reset) within WAIT."""
    try:
        for _ in range(1000):
            if not s.recv(4096):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    return False


def abuse(k, r):
    whole = get(7)
    kinds = [
        b"\x30\x82\x01",                  # half a length header
        whole[:len(whole) // 2],          # half a message
        b"\x04\x05hello" + b"\xff" * 40,  # not a SEQUENCE
        b"\x30\x84\x7f\xff\xff\xff" + b"\x00" * 64,  # over any size limit
    ]
    kind = (k + r) % len(kinds)
    try:
        s = connect()
        s.sendall(kinds[kind])
        if kind >= 2:
            # The agent must drop it by itself.
            if not sees_close(s):
                fail("abuser %d round %d: kind %d not dropped" % (k, r, kind))
        elif r % 2:
            # Drop it mid-message with a reset.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
        with lock:
            count["dropped"] += 1
    except ConnectionRefusedError as e:
        fail("abuser %d round %d: %r" % (k, r, e))
    except OSError:
        # Refused at the accept limit while the idle ones hold it.
        with lock:
            count["dropped"] += 1


def fds():
    return len(os.listdir("/proc/%d/fd" % PID))


def idle_past_limit():
    """IDLE connections held open: those past the limit are closed by the
    agent, and its descriptors stay within base + LIMIT."""
    held = []
    try:
        for _ in range(IDLE):
            held.append(connect())
        closed = 0
        for s in held:
            s.settimeout(0.05)
        # Bounded: each pass looks at every connection once.
        for _ in range(400):
            closed = 0
            for s in held:
                try:
                    if s.fileno() < 0:
                        closed += 1
                    elif s.recv(1) == b"":
                        s.close()
                        closed += 1
                except socket.timeout:
                    pass
                except OSError:
                    s.close()
                    closed += 1
            if closed >= IDLE - LIMIT:
                break
        count["idle_refused"] = closed
        if closed < IDLE - LIMIT:
            fail("only %d of %d idle connections past the limit %d closed"
                 % (closed, IDLE, LIMIT))
        if fds() > BASE + LIMIT:
            fail("agent holds %d descriptors, base %d + limit %d"
                 % (fds(), BASE, LIMIT))
    finally:
        for s in held:
            s.close()


BASE = fds()
threads = [threading.Thread(target=valid_client, args=(k,))
           for k in range(CLIENTS)]
for t in threads:
    t.start()


def abuser(k):
    for r in range(ROUNDS):
        abuse(k, r)
        if k == 0 and r == ROUNDS // 2:
            idle_past_limit()


abusers = [threading.Thread(target=abuser, args=(k,)) for k in range(ABUSERS)]
for t in abusers:
    t.start()
for t in threads + abusers:
    t.join()

# Every connection of ours is closed: the agent's descriptors come back.
for _ in range(600):
    if fds() <= BASE:
        break
    time.sleep(0.1)
after = fds()
if after != BASE:
    fail("agent descriptors: %d before, %d after" % (BASE, after))
want = CLIENTS * REQUESTS
if count["answered"] != want:
    fail("answered %d of %d valid requests" % (count["answered"], want))
print("answered %d/%d dropped %d idle-refused %d fds %d->%d"
      % (count["answered"], want, count["dropped"], count["idle_refused"],
         BASE, after))
for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
