#!/usr/bin/env python3
"""Records the OpenFlow golden files from Debian's ovs-ofctl 3.1.0.

Builds a corpus of OpenFlow messages (every message family Ovs.OpenFlow formats, in every version, plus truncated,
over-long and malformed variants), runs the reference `ovs-ofctl` on each, and writes what it printed:

  ofp-print-cases.json           ofp-print HEX [VERBOSITY]: stdout and the '%c|%p|%m' console log
  print-error-cases.json         print-error NAME for every error name upstream knows
  encode-error-reply-cases.json  encode-error-reply NAME REQUEST
  encode-hello-cases.json        encode-hello BITMAP

Usage: tests/testdata/openflow/record.py [OVS_OFCTL]   (default /usr/bin/ovs-ofctl)
"""
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OFCTL = sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/ovs-ofctl"
NX = 0x00002320
ONF = 0x4F4E4600


def run(*args):
    p = subprocess.run([OFCTL, "-vPATTERN:console:%c|%p|%m", *args], capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "OVS_RUNDIR": "/nonexistent", "OVS_LOGDIR": "/nonexistent"})
    return p.returncode, p.stdout, p.stderr


def hexs(b):
    return b.hex()


def msg(version, type_, body=b"", xid=1, length=None):
    n = 8 + len(body) if length is None else length
    return struct.pack("!BBHI", version, type_, n, xid) + body


def nxt(version, subtype, body=b"", vendor=NX, xid=2):
    return msg(version, 4, struct.pack("!II", vendor, subtype) + body, xid)


def stats(version, reply, stat, body=b"", flags=0, xid=3):
    if version == 1:
        return msg(version, 17 if reply else 16, struct.pack("!HH", stat, flags) + body, xid)
    return msg(version, 19 if reply else 18, struct.pack("!HH4x", stat, flags) + body, xid)


def vstats(version, reply, vendor, subtype, body=b"", flags=0, xid=4):
    if version == 1:
        return msg(version, 17 if reply else 16, struct.pack("!HHII4x", 0xFFFF, flags, vendor, subtype) + body, xid)
    return msg(version, 19 if reply else 18, struct.pack("!HH4xII", 0xFFFF, flags, vendor, subtype) + body, xid)


def fix_len(m):
    return m[:2] + struct.pack("!H", len(m)) + m[4:]


def name16(s):
    return s.encode().ljust(16, b"\0")


def port10(no, name, config=0, state=0, curr=0x28F, adv=0x28F, sup=0x28F, peer=0):
    return struct.pack("!H6s16sIIIIII", no, bytes([0x50, 0x54, 0, 0, 0, no & 0xFF]), name16(name),
                       config, state, curr, adv, sup, peer)


def port11(no, name, config=0, state=0, curr=0x2808, adv=0x280F, sup=0x280F, peer=0, cs=100000, ms=100000):
    return struct.pack("!I4x6s2x16sIIIIIIII", no, bytes([0x50, 0x54, 0, 0, 0, no & 0xFF]), name16(name),
                       config, state, curr, adv, sup, peer, cs, ms)


def port14(no, name, config=0, state=0, *_, props=None):
    if props is None:
        props = struct.pack("!HH4xIIIIII", 0, 32, 0x2808, 0x280F, 0x280F, 0, 100000, 100000)
    return struct.pack("!IH2x6s2x16sII", no, 40 + len(props), bytes([0x50, 0x54, 0, 0, 0, no & 0xFF]),
                       name16(name), config, state) + props


def ports(version, entries):
    if version == 1:
        return b"".join(port10(*e) for e in entries)
    if version < 5:
        return b"".join(port11(*e) for e in entries)
    return b"".join(port14(*e) for e in entries)


def features(version, caps, actions=0xFFF, entries=(), aux=0, xid=5):
    body = struct.pack("!QIBB2xII", 0x505400000001, 256, 254, aux, caps, actions if version == 1 else 0)
    return msg(version, 6, body + ports(version, entries), xid)


def corpus():
    cases = []

    def add(name, data, verbosity=None):
        cases.append({"name": name, "hex": hexs(data), "verbosity": verbosity})

    versions = range(1, 7)
    # Frames: empty, short, truncated, over-long, wrong versions.
    add("empty", b"")
    add("too-short", bytes.fromhex("aabb"))
    add("unknown-version", bytes.fromhex("00bb0008eeff0011"))
    add("truncated", bytes.fromhex("0110ccddeeff0011"))
    add("only-uses-part", bytes.fromhex("01100009eeff00112233"))
    add("header-too-short-length", bytes.fromhex("01050004eeff0011"))
    for v in (7, 0x0F, 0x40, 0xFF):
        add(f"hello-v{v}", msg(v, 0))
        add(f"features-request-v{v}", msg(v, 5))
    # Hello.
    for v in versions:
        add(f"hello-{v}", msg(v, 0))
        add(f"hello-bitmap-{v}", msg(v, 0, struct.pack("!HHI", 1, 8, 0x52)))
        add(f"hello-extra-{v}", msg(v, 0, b"extra data\n"))
    add("hello-bitmap-long", msg(1, 0, struct.pack("!HHII", 1, 12, 0xAAAAAAAA, 0xAAAAAAAA) + b"\0" * 4))
    add("hello-unknown-element", msg(1, 0, bytes.fromhex("ffff000601020000") + struct.pack("!HHI", 1, 8, 0xF0) + b"abc"))
    add("hello-bitmap-zero", msg(1, 0, struct.pack("!HHI", 1, 8, 0)))
    add("hello-bitmap-only-zero", msg(1, 0, struct.pack("!HHI", 1, 8, 1)))
    add("hello-bitmap-with-zero", msg(1, 0, struct.pack("!HHI", 1, 8, 0xF1)))
    add("hello-bitmap-odd-length", msg(1, 0, struct.pack("!HH", 1, 6) + b"\x01\x02\0\0"))
    add("hello-element-short", msg(1, 0, b"\0\x01"))
    add("hello-element-zero-length", msg(1, 0, struct.pack("!HHI", 1, 0, 0)))
    # Echo.
    for v in versions:
        for t in (2, 3):
            add(f"echo-{t}-{v}", msg(v, t))
            add(f"echo-{t}-{v}-payload", msg(v, t, bytes(range(0x30, 0x50))))
            add(f"echo-{t}-{v}-payload-v1", msg(v, t, b"hello"), 1)
    # Bodiless requests, in every version where they exist; also with a stray byte.
    for v in versions:
        add(f"features-request-{v}", msg(v, 5))
        add(f"features-request-{v}-long", msg(v, 5, b"\0\0\0\0"))
        add(f"get-config-request-{v}", msg(v, 7))
        add(f"barrier-request-{v}", msg(v, 18 if v == 1 else 20))
        add(f"barrier-reply-{v}", msg(v, 19 if v == 1 else 21))
        add(f"barrier-reply-{v}-long", msg(v, 19 if v == 1 else 21, b"\0"))
        add(f"desc-request-{v}", stats(v, False, 0))
        add(f"desc-request-{v}-more", stats(v, False, 0, flags=1))
        add(f"desc-request-{v}-flags", stats(v, False, 0, flags=6))
        add(f"table-request-{v}", stats(v, False, 3))
        add(f"flow-age-{v}", nxt(v, 18))
        add(f"tlv-table-request-{v}", nxt(v, 25))
        add(f"ipfix-bridge-request-{v}", vstats(v, False, NX, 3))
        add(f"ipfix-flow-request-{v}", vstats(v, False, NX, 4))
        if v >= 4:
            add(f"meter-features-request-{v}", stats(v, False, 11))
            add(f"get-async-request-{v}", msg(v, 26))
        if v >= 3:
            add(f"group-features-request-{v}", stats(v, False, 8))
        else:
            add(f"nx-group-features-request-{v}", vstats(v, False, NX, 9))
        if v <= 3:
            add(f"nx-flow-monitor-paused-{v}", nxt(v, 22))
            add(f"nx-flow-monitor-resumed-{v}", nxt(v, 23))
            add(f"nx-flow-monitor-cancel-{v}", nxt(v, 21, struct.pack("!I", 123456)))
        if v == 4:
            add("onf-flow-monitor-paused", nxt(v, 1871, vendor=ONF))
            add("onf-flow-monitor-resumed", nxt(v, 1872, vendor=ONF))
            add("onf-flow-monitor-cancel", nxt(v, 1870, struct.pack("!I", 7), vendor=ONF))
    # Switch config.
    for v in versions:
        for flags in range(0, 8):
            body = struct.pack("!HH", flags, 128 + flags)
            add(f"get-config-reply-{v}-{flags}", msg(v, 8, body))
            add(f"set-config-{v}-{flags}", msg(v, 9, body))
        add(f"set-config-{v}-bad-flags", msg(v, 9, struct.pack("!HH", 0x8000, 0xFFFF)))
        add(f"set-config-{v}-short", msg(v, 9, b"\0\0"))
    # Description reply.
    desc = b"Nicira, Inc.".ljust(256, b"\0") + b"hw".ljust(256, b"\0") + b"3.1.0".ljust(256, b"\0") \
        + b"None".ljust(32, b"\0") + b"br0".ljust(256, b"\0")
    for v in versions:
        add(f"desc-reply-{v}", stats(v, True, 0, desc))
        add(f"desc-reply-{v}-more", stats(v, True, 0, desc, flags=1))
        add(f"desc-reply-{v}-short", stats(v, True, 0, desc[:100]))
    # Features reply and ports.
    for v in versions:
        local = 0xFFFFFFFE if v > 1 else 0xFFFE
        entries = [(3, "eth0"), (1, "eth1", 0, 1), (2, "eth2", 0x65, 0x301), (local, "br0", 1, 1)] if v <= 3 else []
        for caps in (0, 0xC7, 0xFFF, 0x100):
            add(f"features-reply-{v}-{caps:x}", features(v, caps, entries=entries))
        add(f"features-reply-{v}-aux", features(v, 0x47, aux=3, entries=entries))
        if v == 1:
            add("features-reply-1-actions", features(v, 0x87, actions=0x801))
            add("features-reply-1-no-actions", features(v, 0x87, actions=0))
        if v <= 3:
            f = features(v, 0x87, entries=entries)
            add(f"features-reply-{v}-cut", fix_len(f[:-10]))
    for v in versions:
        no = 0xFFFFFFFE if v > 1 else 0xFFFE
        pl = [(5, "p5", 0, 0, 0x2808 if v > 1 else 0x28F), (no, "local")]
        for reason in (0, 1, 2, 3):
            body = struct.pack("!B7x", reason) + ports(v, [pl[0]])
            add(f"port-status-{v}-{reason}", msg(v, 12, body))
        add(f"port-status-{v}-local", msg(v, 12, struct.pack("!B7x", 2) + ports(v, [pl[1]])))
        add(f"port-desc-reply-{v}", stats(v, True, 13, ports(v, [(7, "seven"), pl[1], (2, "two", 0x7F, 0x303)])))
        add(f"port-desc-reply-{v}-empty", stats(v, True, 13))
        add(f"port-desc-request-{v}", stats(v, False, 13, struct.pack("!I4x", 0xFFFFFFFF) if v == 6 else b""))
    add("port-desc-request-6-port", stats(6, False, 13, struct.pack("!I4x", 9)))
    add("port-desc-request-6-bad-port", stats(6, False, 13, struct.pack("!I4x", 0xFF80)))
    add("port-status-2-bad-port", msg(2, 12, struct.pack("!B7x", 0) + port11(0xFF80, "bad")))
    add("port-status-5-bad-prop-len", msg(5, 12, struct.pack("!B7x", 0) + port14(1, "p", props=struct.pack("!HH4x", 0, 8))))
    add("port-status-5-unknown-prop", msg(5, 12, struct.pack("!B7x", 0) + port14(1, "p", props=struct.pack("!HH4x", 5, 8))))
    add("port-status-5-no-props", msg(5, 12, struct.pack("!B7x", 1) + port14(1, "p", props=b"")))
    add("port-status-5-bad-port-len", msg(5, 12, struct.pack("!B7x", 0) + port14(1, "p")[:4] + b"\0\x10" + port14(1, "p")[6:]))
    add("port-status-1-speeds", msg(1, 12, struct.pack("!B7x", 0) + port10(1, "fast", 0, 0, 0x40, 0x7F, 0xFFF, 0x3)))
    add("port-status-1-stp", msg(1, 12, struct.pack("!B7x", 0) + port10(1, "stp", 0x7F, 0x201)))
    add("port-status-1-name-unprintable", msg(1, 12, struct.pack("!B7x", 0) + port10(1, "ab\x01cd")))
    # Roles.
    for v in range(3, 7):
        for role in range(0, 5):
            add(f"role-request-{v}-{role}", msg(v, 24, struct.pack("!I4xQ", role, 3)))
            add(f"role-reply-{v}-{role}", msg(v, 25, struct.pack("!I4xQ", role, 3)))
        add(f"role-reply-{v}-no-gen", msg(v, 25, struct.pack("!I4xQ", 2, 0xFFFFFFFFFFFFFFFF)))
    for v in versions:
        for role in range(0, 4):
            add(f"nx-role-request-{v}-{role}", nxt(v, 10, struct.pack("!I", role)))
            add(f"nx-role-reply-{v}-{role}", nxt(v, 11, struct.pack("!I", role)))
    # Small Nicira messages.
    for v in versions:
        add(f"set-controller-id-{v}", nxt(v, 20, struct.pack("!6xH", 1234)))
        add(f"ct-flush-zone-{v}", nxt(v, 29, struct.pack("!6xH", 13)))
        add(f"flow-mod-table-id-{v}", nxt(v, 15, b"\x01" + b"\0" * 7))
        add(f"flow-mod-table-id-off-{v}", nxt(v, 15, b"\0" * 8))
        for fmt in (0, 1, 2, 9):
            add(f"set-packet-in-format-{v}-{fmt}", nxt(v, 16, struct.pack("!I", fmt)))
    for fmt in (0, 1, 2, 5):
        add(f"set-flow-format-{fmt}", nxt(1, 12, struct.pack("!I", fmt)))
    add("set-flow-format-long", nxt(1, 12, struct.pack("!II", 0, 0)))
    # Statistics requests naming a port, queue, group or meter; aggregate replies; role status; bundles; IPFIX.
    for v in versions:
        if v == 1:
            for port in (1, 0xFFFE, 0xFFFF, 0xFFFC):
                add(f"port-stats-request-1-{port:x}", stats(1, False, 4, struct.pack("!H6x", port)))
                add(f"queue-stats-request-1-{port:x}", stats(1, False, 5, struct.pack("!H2xI", port, 0xFFFFFFFF if port == 1 else 7)))
                add(f"queue-get-config-request-1-{port:x}", msg(1, 20, struct.pack("!H2x", port)))
            add("nx-group-request-1", vstats(1, False, NX, 7, struct.pack("!I4x", 0xFFFFFFFC)))
            add("nx-group-desc-request-1", vstats(1, False, NX, 8, struct.pack("!I4x", 1)))
        else:
            for port in (1, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFC, 0xFF80):
                add(f"port-stats-request-{v}-{port:x}", stats(v, False, 4, struct.pack("!I4x", port)))
                add(f"queue-stats-request-{v}-{port:x}", stats(v, False, 5, struct.pack("!II", port, 0xFFFFFFFF if port == 1 else 7)))
                if v <= 4:
                    add(f"queue-get-config-request-{v}-{port:x}", msg(v, 22, struct.pack("!I4x", port)))
                else:
                    add(f"queue-desc-request-{v}-{port:x}", stats(v, False, 15, struct.pack("!II", port, 0xFFFFFFFF if port == 1 else 3)))
            for group in (1, 0xFFFFFFFC, 0xFFFFFFFF, 0xFFFFFF00):
                add(f"group-request-{v}-{group:x}", stats(v, False, 6, struct.pack("!I4x", group)))
            add(f"group-desc-request-{v}", stats(v, False, 7, struct.pack("!I4x", 5) if v == 6 else b""))
        if v >= 4:
            for meter in (1, 0xFFFF0000, 0xFFFF0001, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF):
                add(f"meter-request-{v}-{meter:x}", stats(v, False, 9, struct.pack("!I4x", meter)))
                add(f"meter-config-request-{v}-{meter:x}", stats(v, False, 10, struct.pack("!I4x", meter)))
        if v <= 5:
            add(f"aggregate-reply-{v}", stats(v, True, 2, struct.pack("!QQI4x", 386, 37752, 4)))
        if v == 1:
            add("nx-aggregate-reply-1", vstats(1, True, NX, 1, struct.pack("!QQI4x", 1, 2, 3)))
        if v >= 4:
            for role in range(0, 5):
                for reason in range(0, 4):
                    body = struct.pack("!IB3xQ", role, reason, 0xFFFFFFFFFFFFFFFF if reason == 1 else 7)
                    if v == 4:
                        add(f"onf-role-status-{role}-{reason}", nxt(v, 1911, body, vendor=ONF))
                    else:
                        add(f"role-status-{v}-{role}-{reason}", msg(v, 30, body))
            for btype in range(0, 9):
                for flags in (0, 1, 2, 3, 4):
                    body = struct.pack("!IHH", btype * 0x101, btype, flags)
                    if v == 4:
                        add(f"onf-bundle-control-{btype}-{flags}", nxt(v, 2300, body, vendor=ONF))
                    else:
                        add(f"bundle-control-{v}-{btype}-{flags}", msg(v, 33, body))
        ipfix = struct.pack("!QQQQQQQQQQI4x", 1, 16, 120, 240, 0, 160, 2, 3, 4, 5, 9)
        add(f"ipfix-bridge-reply-{v}", vstats(v, True, NX, 3, ipfix))
        add(f"ipfix-bridge-reply-{v}-unknown", vstats(v, True, NX, 3, b"\xff" * 80 + b"\0" * 8))
        add(f"ipfix-flow-reply-{v}", vstats(v, True, NX, 4, ipfix + ipfix[:80] + struct.pack("!I4x", 123)))
        add(f"ipfix-flow-reply-{v}-empty", vstats(v, True, NX, 4))
    # Port and queue statistics replies, at verbosity 0 and the default.
    for v in versions:
        counters = [103766, 136, 39651480, 11512, 1, 2, 3, 4, 5, 6, 7, 8]
        if v == 1:
            entries = [struct.pack("!H6x12Q", p, *counters) for p in (2, 0xFFFE, 1, 12)]
            qentries = [struct.pack("!H2xI3Q", p, q, 302, 1, 0) for p, q in ((3, 1), (0xFFFE, 2), (12, 0xFFFFFFFF))]
        elif v < 5:
            entries = [struct.pack("!I4x12Q", p, *counters) + (struct.pack("!II", 100, 500000000) if v == 4 else b"")
                       for p in (2, 0xFFFFFFFE, 1, 12)]
            qentries = [struct.pack("!II3Q", p, q, 302, 1, 0) + (struct.pack("!II", 100, 1500 if q == 2 else 0) if v == 4 else b"")
                        for p, q in ((3, 1), (0xFFFFFFFE, 2), (12, 0xFFFFFFFF))]
        else:
            eth = struct.pack("!HH4x4Q", 0, 40, 252, 253, 254, 255)
            entries = [struct.pack("!H2xIII8Q", 80 + len(eth if p != 1 else b""), p, 1, (1000000 * p) % 1000000000, *counters[:8]) + (eth if p != 1 else b"")
                       for p in (2, 0xFFFFFFFE, 1)]
            qentries = [struct.pack("!H6xII3QII", 48, p, q, 302, 1, 0, 100, 123456789) for p, q in ((3, 1), (0xFFFFFFFE, 2))]
        add(f"port-stats-reply-{v}", stats(v, True, 4, b"".join(entries)))
        add(f"port-stats-reply-{v}-v0", stats(v, True, 4, b"".join(entries)), 0)
        add(f"port-stats-reply-{v}-empty", stats(v, True, 4))
        add(f"queue-stats-reply-{v}", stats(v, True, 5, b"".join(qentries)))
        add(f"queue-stats-reply-{v}-v0", stats(v, True, 5, b"".join(qentries)), 0)
        if v >= 5:
            add(f"port-stats-reply-{v}-cut", stats(v, True, 4, b"".join(entries)[:-8]))
            add(f"port-stats-reply-{v}-bad-len", stats(v, True, 4, b"\0\x10" + b"".join(entries)[2:]))
            add(f"queue-stats-reply-{v}-bad-len", stats(v, True, 5, b"\0\x08" + b"".join(qentries)[2:]))
        else:
            add(f"port-stats-reply-{v}-bad-port", stats(v, True, 4, struct.pack("!I4x12Q", 0xFF80, *counters) + (b"\0" * 8 if v == 4 else b"")) if v > 1 else stats(v, True, 4, b""))
    # Port mod and queue configuration replies.
    mac = bytes([0x50, 0x54, 0, 0, 0, 1])
    for v in versions:
        for config, mask, adv in ((1, 1, 0), (0x7F, 0x65, 0x28F), (0x64, 0x7F, 0xFFFF), (0, 0, 1)):
            if v == 1:
                body = struct.pack("!H6sIII4x", 3, mac, config, mask, adv)
                add(f"port-mod-1-{config:x}-{mask:x}-{adv:x}", msg(1, 15, body))
            elif v < 5:
                body = struct.pack("!I4x6s2xIII4x", 3, mac, config, mask, adv)
                add(f"port-mod-{v}-{config:x}-{mask:x}-{adv:x}", msg(v, 16, body))
            else:
                props = struct.pack("!HHI", 0, 8, adv) if adv else b""
                body = struct.pack("!I4x6s2xII", 0xFFFFFFFE, mac, config, mask) + props
                add(f"port-mod-{v}-{config:x}-{mask:x}-{adv:x}", msg(v, 16, body))
        if v >= 2:
            add(f"port-mod-{v}-bad-port", msg(v, 16, struct.pack("!I4x6s2xII", 0xFF80, mac, 0, 0) + (b"\0" * 8 if v < 5 else b"")))
        if v >= 5:
            add(f"port-mod-{v}-bad-prop", msg(v, 16, struct.pack("!I4x6s2xII", 1, mac, 0, 0) + struct.pack("!HHI", 0, 12, 1) + b"\0" * 4))
            add(f"port-mod-{v}-unknown-prop", msg(v, 16, struct.pack("!I4x6s2xII", 1, mac, 0, 0) + struct.pack("!HHI", 9, 8, 1)))
        if v <= 4:
            def rate(prop, r):
                return struct.pack("!HH4xH6x", prop, 16, r)
            def queue(q, props):
                if v < 3:
                    return struct.pack("!IH2x", q, 8 + len(props)) + props
                return struct.pack("!IIH6x", q, 1, 16 + len(props)) + props
            qs = queue(0x5555, rate(1, 500) + rate(2, 750)) + queue(0x4444, b"") + queue(7, rate(1, 1001) + rate(2, 0xFFFF)) \
                + queue(8, struct.pack("!HH4x", 9, 8))
            if v == 1:
                add("queue-get-config-reply-1", msg(1, 21, struct.pack("!H6x", 1) + qs))
                add("queue-get-config-reply-1-port0", msg(1, 21, struct.pack("!H6x", 0) + qs))
                add("queue-get-config-reply-1-none", msg(1, 21, struct.pack("!H6x", 1)))
                add("queue-get-config-reply-1-bad", msg(1, 21, struct.pack("!H6x", 1) + struct.pack("!IH2x", 1, 12) + b"\0" * 8))
            else:
                add(f"queue-get-config-reply-{v}", msg(v, 23, struct.pack("!I4x", 1) + qs))
                add(f"queue-get-config-reply-{v}-local", msg(v, 23, struct.pack("!I4x", 0xFFFFFFFE) + qs))
                add(f"queue-get-config-reply-{v}-bad-rate", msg(v, 23, struct.pack("!I4x", 1) + queue(1, struct.pack("!HH4x", 1, 8))))
    # Group features (OpenFlow 1.0 action bits), table mod, bundle add.
    add("nx-group-features-reply-1", vstats(1, True, NX, 9, struct.pack("!II4I4I", 0xF, 0xF, 1, 2, 3, 0, 1, 7, 0xF, 0x801)))
    add("nx-group-features-reply-1-some", vstats(1, True, NX, 9, struct.pack("!II4I4I", 0x5, 0, 0x100, 2, 3, 4, 0, 7, 0xF, 0x1F)))
    for v in range(2, 7):
        for config in ((0, 1, 2, 3) if v < 5 else (0, 4, 8, 12)):
            add(f"table-mod-{v}-{config}", msg(v, 17, struct.pack("!B3xI", 2, config)))
        add(f"table-mod-{v}-all", msg(v, 17, struct.pack("!B3xI", 0xFF, 0)))
        if v >= 5:
            for ev in (0, 1, 2, 3):
                add(f"table-mod-{v}-eviction-{ev}", msg(v, 17, struct.pack("!B3xI", 1, 4) + struct.pack("!HHI", 2, 8, ev)))
            add(f"table-mod-{v}-unknown-prop", msg(v, 17, struct.pack("!B3xI", 1, 0) + struct.pack("!HHI", 7, 8, 0)))
            add(f"table-mod-{v}-bad-prop", msg(v, 17, struct.pack("!B3xI", 1, 0) + struct.pack("!HH", 2, 2) + b"\0" * 4))
    for v in (4, 5, 6):
        def badd(inner, xid=3, bid=1, flags=1):
            body = struct.pack("!IHH", bid, 0, flags) + inner
            if v == 4:
                return nxt(v, 2301, body, vendor=ONF)
            return msg(v, 34, body, xid=xid)
        pm = msg(v, 16, struct.pack("!I4x6s2xII", 3, mac, 1, 1) + (struct.pack("!HHI", 0, 8, 1) if v >= 5 else b"\0" * 8), xid=3 if v > 4 else 2)
        add(f"bundle-add-{v}-port-mod", badd(pm))
        add(f"bundle-add-{v}-port-mod-ordered", badd(pm, bid=0, flags=3))
        add(f"bundle-add-{v}-hello", badd(msg(v, 0, b"\0" * 8, xid=3 if v > 4 else 2)))
        add(f"bundle-add-{v}-echo", badd(msg(v, 2, xid=3 if v > 4 else 2)))
        add(f"bundle-add-{v}-bad-version", badd(msg(1, 2, xid=3 if v > 4 else 2)))
        add(f"bundle-add-{v}-bad-xid", badd(msg(v, 2, xid=99)))
        add(f"bundle-add-{v}-short", badd(b"\0" * 4))
        add(f"bundle-add-{v}-inner-long", badd(msg(v, 2, xid=3 if v > 4 else 2, length=40)))
        add(f"bundle-add-{v}-inner-bad", badd(msg(v, 99, xid=3 if v > 4 else 2)))
    # Unknown messages and vendors.
    add("unknown-type", msg(1, 99))
    add("unknown-type-4", msg(4, 99))
    add("unknown-stat", stats(1, False, 99))
    add("unknown-stat-4", stats(4, True, 99))
    add("unknown-vendor", nxt(1, 1, vendor=0x1234))
    add("unknown-nx-subtype", nxt(1, 999))
    add("unknown-onf-subtype", nxt(4, 999, vendor=ONF))
    add("vendor-short", msg(1, 4, b"\0\0\x23\x20"))
    add("stats-short", msg(1, 16, b"\0"))
    add("stats-short-4", msg(4, 18, b"\0\0\0\0"))
    add("vendor-stats-short", msg(1, 16, struct.pack("!HH", 0xFFFF, 0)))
    add("vendor-stats-unknown", vstats(1, False, 0x1234, 0))
    add("vendor-stats-onf-1", vstats(1, False, ONF, 1870))
    add("vendor-stats-unknown-4", vstats(4, False, 0x1234, 0))
    add("vendor-stats-nx-unknown-4", vstats(4, False, NX, 99))
    # Errors: every error in every version that can encode it, echoing an echo request, and malformed errors.
    return cases


def error_names():
    names = []
    src = os.path.join(HERE, "error-names.txt")
    with open(src) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                names.append(line)
    return names


def main():
    names = error_names()
    ofp = corpus()
    # Error messages: encode each error for each version with Debian's own encoder, then print them.
    replies = []
    for name in names:
        for v in range(1, 7):
            request = msg(v, 2, b"", xid=0x11111111 + v)
            rc, out, err = run("encode-error-reply", name, hexs(request))
            replies.append({"error": name, "request": hexs(request), "exit": rc, "stdout": out, "stderr": err})
            if rc == 0:
                data = bytes.fromhex("".join(line[10:].replace("-", " ") for line in out.splitlines()))
                ofp.append({"name": f"error-{name}-{v}", "hex": hexs(data), "verbosity": None})
    for v in range(1, 7):
        ofp.append({"name": f"error-hello-failed-{v}", "hex": hexs(msg(v, 1, struct.pack("!HH", 0, 1) + b"extra data\n\\\"")), "verbosity": None})
        ofp.append({"name": f"error-short-{v}", "hex": hexs(msg(v, 1, b"\0\x01")), "verbosity": None})
        ofp.append({"name": f"error-unknown-code-{v}", "hex": hexs(msg(v, 1, struct.pack("!HH", 1, 999))), "verbosity": None})
        ofp.append({"name": f"error-nx-vendor-{v}", "hex": hexs(msg(v, 1, struct.pack("!HHIHH", 0xB0C2, 0, NX, 1, 260) + msg(1, 2))), "verbosity": None})
        ofp.append({"name": f"error-nx-vendor-short-{v}", "hex": hexs(msg(v, 1, struct.pack("!HHI", 0xB0C2, 0, NX))), "verbosity": None})
        ofp.append({"name": f"error-experimenter-{v}", "hex": hexs(msg(v, 1, struct.pack("!HHI", 0xFFFF, 2600, ONF) + msg(v, 5))), "verbosity": None})
        ofp.append({"name": f"error-experimenter-short-{v}", "hex": hexs(msg(v, 1, struct.pack("!HH", 0xFFFF, 2))), "verbosity": None})
        ofp.append({"name": f"error-truncated-inner-{v}", "hex": hexs(msg(v, 1, struct.pack("!HH", 1, 6) + msg(v, 6, b"\0" * 24, length=0xE0))), "verbosity": None})
    # Extra encode-error-reply cases: unknown version, unencodable error, long requests, bad input.
    for name, req in [("OFPBRC_BAD_LEN", "0700000800000001"), ("OFPBRC_MULTIPART_BAD_SCHED", "0100000800000001"),
                      ("OFPBRC_BAD_LEN", hexs(msg(1, 2, bytes(range(200))))), ("OFPBRC_BAD_LEN", "01000008000000"),
                      ("OFPBRC_BAD_LEN", "0100000a00000001"), ("OFPBRC_BAD_LEN", "010000080000000100"),
                      ("OFPBRC_BAD_LEN", "01 00 00 08 00 00 00 01"), ("NOT_AN_ERROR", "0100000800000001"),
                      ("OFPBRC_BAD_LEN", "0100000800000001zz")]:
        rc, out, err = run("encode-error-reply", name, req)
        replies.append({"error": name, "request": req, "exit": rc, "stdout": out, "stderr": err})
    for case in ofp:
        args = ["ofp-print", case["hex"]] + ([str(case["verbosity"])] if case["verbosity"] is not None else [])
        rc, out, err = run(*args)
        case.update({"exit": rc, "stdout": out, "stderr": err})
    errors = []
    for name in names + ["OFPBRC_NOPE"]:
        rc, out, err = run("print-error", name)
        errors.append({"error": name, "exit": rc, "stdout": out, "stderr": err})
    hellos = []
    for bitmap in ["0x2", "0x6", "0xe", "0x1e", "0x3e", "0x7e", "0xc", "0xa", "0x8", "0x4", "0x40", "0x54", "0x7f", "2", "014"]:
        rc, out, err = run("encode-hello", bitmap)
        hellos.append({"bitmap": bitmap, "exit": rc, "stdout": out, "stderr": err})
    for fname, data in [("ofp-print-cases.json", ofp), ("print-error-cases.json", errors),
                        ("encode-error-reply-cases.json", replies), ("encode-hello-cases.json", hellos)]:
        with open(os.path.join(HERE, fname), "w") as f:
            json.dump({"recorded_with": OFCTL + " (Open vSwitch 3.1.0)", "cases": data}, f, indent=1)
            f.write("\n")
    print(f"{len(ofp)} ofp-print, {len(errors)} print-error, {len(replies)} encode-error-reply, {len(hellos)} encode-hello cases")


if __name__ == "__main__":
    main()
