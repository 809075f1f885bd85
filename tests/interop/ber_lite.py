"""Hand-written BER for the scripted peers of the interop tests
(fake_agent.py, usm_report_agent.py): only what they need, no checks
beyond Python's own (a malformed datagram raises IndexError or
ValueError, which the peers catch and drop)."""


def tlv(tag, body):
    """|tag|, the definite length of |body| (short or long form), |body|."""
    n = len(body)
    if n < 128:
        head = bytes([n])
    elif n < 256:
        head = bytes([0x81, n])
    else:
        head = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + head + body


def enc_int(v, tag=0x02):
    """A minimal two's-complement INTEGER (or |tag|) of |v|."""
    b = v.to_bytes(9, "big", signed=True)
    while len(b) > 1 and ((b[0] == 0 and b[1] < 0x80) or
                          (b[0] == 0xFF and b[1] >= 0x80)):
        b = b[1:]
    return tlv(tag, b)


def enc_oid(arcs):
    """An OBJECT IDENTIFIER of the tuple |arcs|."""
    out = bytearray([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        part = [a & 0x7F]
        a >>= 7
        while a:
            part.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(part))
    return tlv(0x06, bytes(out))


def read_tlv(buf, pos):
    """The TLV at |buf|[|pos|]: (tag, content, position after it)."""
    tag = buf[pos]
    n = buf[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    return tag, buf[pos:pos + n], pos + n


def items(body):
    """The TLVs one after another in |body|: [(tag, content)...]."""
    pos, out = 0, []
    while pos < len(body):
        tag, val, pos = read_tlv(body, pos)
        out.append((tag, val))
    return out


def dec_int(body):
    """The INTEGER content |body| as a Python int."""
    return int.from_bytes(body, "big", signed=True)


def dec_oid(body):
    """The OBJECT IDENTIFIER content |body| as a tuple of arcs."""
    first = body[0]
    top = min(first // 40, 2)
    arcs = [top, first - 40 * top]
    v = 0
    for b in body[1:]:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    return tuple(arcs)
