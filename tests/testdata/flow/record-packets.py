#!/usr/bin/env python3
# Records packet-extract-cases.json, the golden file of tests/Ovs.Flow.Tests/Extract/ExtractGoldenTests.cs, from
# Debian's ovs-ofctl (OVS 3.1). Each packet of our corpus is wrapped in an OpenFlow 1.0 OFPT_PACKET_IN (unbuffered,
# in_port 3) and given to `ovs-ofctl ofp-print`; the second line of its output is the flow upstream extracted from
# the packet (printed as a match) followed by the transport checksum. We keep that line.
# The corpus is generated here with a fixed seed: Ethernet frames with 0-3 VLAN tags, LLC/SNAP and 802.3 frames,
# IPv4 (options, fragments, bad lengths, padding), IPv6 (extension headers, fragments), TCP, UDP, SCTP, ICMP,
# IGMP, ICMPv6 with neighbour discovery options, ARP/RARP, MPLS stacks and NSH; then truncations of some of them
# and random garbage. Run from anywhere: python3 record-packets.py
import json, os, random, struct, subprocess
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(20261126)

def rb(n):
    return bytes(R.getrandbits(8) for _ in range(n))

def mac():
    return R.choice([rb(6), bytes.fromhex("505400000001"), bytes.fromhex("ffffffffffff"), bytes(6)])

def tcp():
    off = R.choice([5, 5, 5, 6, 8, 4, 15])
    flags = R.getrandbits(12) if R.random() < 0.5 else R.choice([0x002, 0x012, 0x010, 0x011, 0x004, 0x018])
    h = struct.pack("!HHIIHHH", R.getrandbits(16), R.choice([80, 443, R.getrandbits(16)]), R.getrandbits(32),
                    R.getrandbits(32), (off << 12) | flags, R.getrandbits(16), R.getrandbits(16)) + rb(2)
    return h + rb(max(0, off * 4 - 20)) + rb(R.choice([0, 0, 5, 30]))

def udp():
    body = rb(R.choice([0, 4, 20]))
    return struct.pack("!HHHH", R.getrandbits(16), R.choice([53, 4789, R.getrandbits(16)]), 8 + len(body), R.getrandbits(16)) + body

def sctp():
    return struct.pack("!HHII", R.getrandbits(16), R.getrandbits(16), R.getrandbits(32), R.getrandbits(32)) + rb(R.choice([0, 16]))

def icmp():
    return bytes([R.choice([0, 8, 3, 11, R.getrandbits(8)]), R.choice([0, 0, 1, R.getrandbits(8)])]) + rb(6) + rb(R.choice([0, 8]))

def igmp():
    return bytes([R.choice([0x11, 0x16, 0x17, 0x22]), R.getrandbits(8)]) + rb(2) + bytes([224, 0, 0, R.getrandbits(8)])

def nd():
    t = R.choice([135, 136, 135, 136, 133, 134])
    code = 0 if R.random() < 0.85 else R.getrandbits(8)
    body = bytes([t, code]) + rb(2) + R.choice([bytes(4), rb(4), bytes.fromhex("e0000000")])
    if R.random() < 0.9:
        body += rb(16)
        for _ in range(R.choice([0, 1, 1, 2, 2, 3])):
            kind = R.choice([1, 2, 1, 2, 3, 14])
            ln = R.choice([1, 1, 1, 2, 0, 9])
            if kind in (1, 2) and R.random() < 0.1:
                body += bytes([kind, 1]) + bytes(6)
            else:
                body += bytes([kind, ln]) + rb(6) + rb(max(0, ln * 8 - 8))
    return body

def icmp6():
    if R.random() < 0.6:
        return nd()
    return bytes([R.choice([128, 129, 1, 2, R.getrandbits(8)]), R.choice([0, 1])]) + rb(6) + rb(R.choice([0, 8]))

L4 = {6: tcp, 17: udp, 132: sctp, 1: icmp, 2: igmp}

def ipv4():
    proto = R.choice([6, 6, 17, 17, 132, 1, 2, 47, R.getrandbits(8)])
    payload = L4[proto]() if proto in L4 else rb(R.choice([0, 12]))
    ihl = R.choice([5, 5, 5, 6, 7])
    frag = R.choice([0, 0, 0x4000, 0x2000, 0x2000 | 37, 37, 0x8000])
    opts = rb((ihl - 5) * 4)
    total = ihl * 4 + len(payload)
    if R.random() < 0.1:
        total = R.choice([total + 10, ihl * 4 - 4, R.getrandbits(16)])
    ver_ihl = (R.choice([4, 4, 4, 6]) << 4) | (ihl if R.random() > 0.05 else R.choice([0, 3]))
    h = struct.pack("!BBHHHBBH4s4s", ver_ihl, R.getrandbits(8), total & 0xffff, R.getrandbits(16), frag,
                    R.choice([64, 1, 255]), proto, 0, rb(4), bytes([10, 0, 0, R.getrandbits(8)]))
    pad = rb(R.choice([0, 0, 6]))
    return 0x0800, h + opts + payload + pad

def ipv6():
    proto = R.choice([6, 17, 132, 58, 58, 58, 59])
    payload = (icmp6() if proto == 58 else L4[proto]() if proto in L4 else b"")
    nxt = proto
    # Extension headers, built from the inside out.
    for _ in range(R.choice([0, 0, 0, 1, 2, 3])):
        kind = R.choice([0, 43, 60, 51, 44])
        if kind == 44:
            off = R.choice([0, 0, 1, 5, 0])
            more = R.choice([0, 1])
            payload = struct.pack("!BBHI", nxt, 0, (off << 3) | more, R.getrandbits(32)) + payload
        elif kind == 51:
            n = R.choice([1, 2, 4])
            payload = bytes([nxt, n]) + rb((n + 2) * 4 - 2) + payload
        else:
            n = R.choice([0, 0, 1])
            payload = bytes([nxt, n]) + rb((n + 1) * 8 - 2) + payload
        nxt = kind
    plen = len(payload)
    if R.random() < 0.08:
        plen = R.choice([plen + 4, max(0, plen - 3), 0])
    flow = (6 << 28) | (R.getrandbits(8) << 20) | R.getrandbits(20)
    h = struct.pack("!IHBB", flow, plen, nxt, R.choice([64, 255])) + rb(16) + bytes.fromhex("fe80000000000000") + rb(8)
    return 0x86dd, h + payload + rb(R.choice([0, 0, 4]))

def arp():
    hrd = 1 if R.random() < 0.85 else R.choice([6, 0])
    pro = 0x0800 if R.random() < 0.9 else 0x86dd
    hln, pln = (6, 4) if R.random() < 0.9 else R.choice([(8, 4), (6, 16)])
    op = R.choice([1, 2, 3, 4, 0, 0x100, 0x1ff, 255])
    body = struct.pack("!HHBBH", hrd, pro, hln, pln, op) + mac() + rb(4) + mac() + rb(4)
    return R.choice([0x0806, 0x0806, 0x8035]), body + rb(R.choice([0, 18]))

def mpls():
    n = R.choice([1, 2, 3, 4, 5])
    out = b""
    for i in range(n):
        bos = 1 if (i == n - 1 and R.random() < 0.8) else 0
        out += struct.pack("!I", (R.getrandbits(20) << 12) | (R.getrandbits(3) << 9) | (bos << 8) | R.getrandbits(8))
    return R.choice([0x8847, 0x8848]), out + R.choice([b"", ipv4()[1][:24]])

def nsh():
    md = R.choice([1, 1, 2, 3])
    length = 6 if md == 1 else R.choice([2, 4])
    if R.random() < 0.1:
        length = R.choice([5, 63, 1])
    ver = 0 if R.random() < 0.9 else 1
    first = (ver << 14) | (R.getrandbits(2) << 12) | (R.getrandbits(6) << 6) | length
    body = struct.pack("!HBBI", first, md | (R.getrandbits(4) << 4 if R.random() < 0.1 else 0), R.choice([1, 2, 3]), R.getrandbits(32))
    return 0x894f, body + rb(max(0, length * 4 - 8)) + rb(R.choice([0, 20]))

def other():
    return R.choice([0x88cc, 0x9000, 0x0600, 0xffff]), rb(R.choice([0, 10, 46]))

def frame():
    kind = R.choice([ipv4, ipv4, ipv4, ipv6, ipv6, ipv6, arp, mpls, nsh, other])
    ethtype, payload = kind()
    head = mac() + mac()
    for _ in range(R.choice([0, 0, 0, 1, 1, 2, 3])):
        head += struct.pack("!HH", R.choice([0x8100, 0x88a8]), R.getrandbits(16))
    r = R.random()
    if r < 0.05:
        # 802.3 length followed by LLC/SNAP naming the type (RFC 1042), sometimes a bad SNAP header.
        snap = bytes.fromhex("aaaa03000000") if R.random() < 0.8 else bytes.fromhex("aaaa03000001")
        typ = ethtype if R.random() < 0.8 else 0x0100
        return head + struct.pack("!H", len(payload) + 8) + snap + struct.pack("!H", typ) + payload
    if r < 0.08:
        return head + struct.pack("!H", R.choice([0x0000, 0x05dc, 0x0040])) + bytes.fromhex("4242030000") + payload
    return head + struct.pack("!H", ethtype) + payload

def corpus():
    out = []
    for _ in range(330):
        out.append(frame())
    for _ in range(120):
        f = frame()
        out.append(f[:R.randrange(0, len(f) + 1)])
    for _ in range(50):
        out.append(rb(R.randrange(0, 90)))
    return out

def packet_in(data):
    body = struct.pack("!IHHBB", 0xffffffff, len(data), 3, 0, 0) + data
    return (struct.pack("!BBHI", 1, 10, 8 + len(body), 0) + body).hex()

def record(data):
    r = subprocess.run(["ovs-ofctl", "ofp-print", packet_in(data)], capture_output=True, text=True, check=True)
    lines = r.stdout.split("\n")
    return {"packet": data.hex(), "flow": lines[1]}

def main():
    with ThreadPoolExecutor(max_workers=2) as pool:
        cases = list(pool.map(record, corpus()))
    with open(os.path.join(HERE, "packet-extract-cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases")

if __name__ == "__main__":
    main()
