#!/usr/bin/env python3
"""Compare a walk of `snmpx agent` with two walks of snmpd on the same host.

    host_compare.py [RULES...] SNMPD1 SNMPX SNMPD2

Each file holds `snmpbulkwalk -On -Oe` lines (".1.3... = TYPE: value").
snmpd is walked before and after snmpx, so what snmpx printed must lie
between what snmpd printed around it:

  - OIDs: every OID in both snmpd walks is in snmpx's, and every OID of
    snmpx's is in at least one snmpd walk; under a --volatile prefix (rows
    that come and go: processes, connections) only the first rule holds.
  - Values: where the two snmpd walks agree, snmpx's value is the same
    (type and value); where they differ, a number lies between them and a
    string is one of the two.
  - --tolerance PREFIX=N: a number under PREFIX may be N away (a gauge
    that moves up and down between walks: free memory, load); N% of the
    snmpd value is also taken.
  - --skip-values PREFIX: only the OID and type are compared.
  - --ignore PREFIX: nothing under PREFIX is compared.
  - --may-vanish PREFIX: an OID in both snmpd walks may be missing from
    snmpx's: snmpd's cache (60 s for the connection tables) can outlive
    a row that was gone when snmpx was walked.  Values are still
    compared where all three walks have the OID.

Prints each difference (at most --max lines) and exits 1 when any."""
import argparse
import re
import sys

LINE = re.compile(r'^(\.[0-9.]+) = (?:([A-Za-z0-9 -]+): )?(.*)$')
NUMERIC = {"INTEGER", "Counter32", "Counter64", "Gauge32", "Timeticks",
           "Opaque: Float", "Opaque: Double", "Opaque: UInt64"}


def oid_key(oid):
    return tuple(int(x) for x in oid.strip('.').split('.'))


def read_walk(path):
    """{oid: (type, value)} from a walk's lines (continuation lines of a
    multi-line STRING are joined to the value they continue)."""
    out = {}
    last = None
    with open(path, encoding='utf-8', errors='replace') as f:
        for raw in f:
            line = raw.rstrip('\n')
            m = LINE.match(line)
            if m is None:
                if last is not None:
                    t, v = out[last]
                    out[last] = (t, v + '\n' + line)
                continue
            oid, typ, val = m.group(1), m.group(2) or '', m.group(3)
            if typ == '' and val.startswith('No more variables'):
                continue
            out[oid] = (typ, val)
            last = oid
    return out


def under(oid, prefixes):
    for p in prefixes:
        if oid == p or oid.startswith(p + '.'):
            return p
    return None


def number(typ, val):
    if typ == 'Timeticks':
        m = re.match(r'\(?(\d+)\)?', val)
        return int(m.group(1)) if m else None
    m = re.match(r'-?\d+(\.\d+)?', val)
    if m is None:
        return None
    return float(m.group(0)) if m.group(1) else int(m.group(0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--volatile', action='append', default=[])
    ap.add_argument('--tolerance', action='append', default=[])
    ap.add_argument('--skip-values', action='append', default=[])
    ap.add_argument('--ignore', action='append', default=[])
    ap.add_argument('--may-vanish', action='append', default=[])
    ap.add_argument('--max', type=int, default=40)
    ap.add_argument('snmpd1')
    ap.add_argument('snmpx')
    ap.add_argument('snmpd2')
    a = ap.parse_args()
    tol = {}
    for t in a.tolerance:
        p, _, n = t.partition('=')
        tol[p] = n
    d1, x, d2 = read_walk(a.snmpd1), read_walk(a.snmpx), read_walk(a.snmpd2)
    diffs = []

    def diff(msg):
        diffs.append(msg)

    for oid in sorted(set(d1) | set(x) | set(d2), key=oid_key):
        if under(oid, a.ignore):
            continue
        in1, inx, in2 = oid in d1, oid in x, oid in d2
        if in1 and in2 and not inx:
            if under(oid, a.may_vanish):
                continue
            diff(f'missing in snmpx: {oid} = {d1[oid][0]}: {d1[oid][1]}')
            continue
        if inx and not (in1 or in2):
            if not under(oid, a.volatile):
                diff(f'only in snmpx: {oid} = {x[oid][0]}: {x[oid][1]}')
            continue
        if not inx or not (in1 and in2):
            continue
        (t1, v1), (tx, vx), (t2, v2) = d1[oid], x[oid], d2[oid]
        if tx != t1 and tx != t2:
            diff(f'type: {oid}: snmpd {t1}: {v1}, snmpx {tx}: {vx}')
            continue
        if under(oid, a.skip_values):
            continue
        if vx in (v1, v2):
            continue
        n1, nx, n2 = number(t1, v1), number(tx, vx), number(t2, v2)
        if tx in NUMERIC and None not in (n1, nx, n2):
            lo, hi = min(n1, n2), max(n1, n2)
            p = under(oid, tol)
            if p is not None:
                s = tol[p]
                slack = (abs(hi) * float(s[:-1]) / 100 if s.endswith('%')
                         else float(s))
                lo, hi = lo - slack, hi + slack
            if lo <= nx <= hi:
                continue
        diff(f'value: {oid}: snmpd {t1}: {v1} then {v2}, snmpx {tx}: {vx}')
    for d in diffs[:a.max]:
        print(d)
    if len(diffs) > a.max:
        print(f'... and {len(diffs) - a.max} more')
    print(f'{len(x)} snmpx OIDs, {len(d1)} and {len(d2)} snmpd OIDs, '
          f'{len(diffs)} differences')
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
