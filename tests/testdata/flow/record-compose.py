#!/usr/bin/env python3
# Records compose-cases.json, the golden file of tests/Ovs.Flow.Tests/Extract/ComposeGoldenTests.cs, from Debian's
# ovs-ofctl (OVS 3.1): `ovs-ofctl compose-packet FLOW [PAYLOAD]` builds a packet from an exact flow with upstream's
# flow_compose() (64 bytes 00 01 02 ... as payload when none is given) and hex-dumps it. We keep the bytes, or the
# error when ovs-ofctl refuses the flow. The flows are ours, generated here with a fixed seed over Ethernet with
# VLANs, IPv4 (fragments), IPv6, TCP, UDP, SCTP, ICMP, ICMPv6 echo and neighbour discovery, ARP/RARP and MPLS.
# Run from anywhere: python3 record-compose.py
import json, os, random, re, subprocess
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(1126)

def mac():
    return ":".join("%02x" % R.getrandbits(8) for _ in range(6))

def ip4():
    return ".".join(str(R.getrandbits(8)) for _ in range(4))

def ip6():
    return ":".join("%x" % R.getrandbits(16) for _ in range(8))

def eth():
    parts = ["dl_src=" + mac(), "dl_dst=" + mac()]
    r = R.random()
    if r < 0.25:
        parts += ["dl_vlan=%d" % R.getrandbits(12), "dl_vlan_pcp=%d" % R.getrandbits(3)]
    elif r < 0.35:
        parts.append("vlan_tci=0x%04x" % R.getrandbits(16))
    return parts

def ip_common(v6):
    parts = ["nw_tos=%d" % (R.getrandbits(6) * 4), "nw_ecn=%d" % R.getrandbits(2), "nw_ttl=%d" % R.getrandbits(8)]
    if v6:
        parts += ["ipv6_src=" + ip6(), "ipv6_dst=" + ip6(), "ipv6_label=0x%05x" % R.getrandbits(20)]
    else:
        parts += ["nw_src=" + ip4(), "nw_dst=" + ip4()]
        if R.random() < 0.2:
            parts.append("nw_frag=" + R.choice(["first", "later", "no"]))
    return parts

def flow():
    kind = R.choice(["tcp", "tcp", "udp", "udp", "sctp", "icmp", "tcp6", "udp6", "sctp6", "icmp6", "icmp6", "nd", "arp", "rarp", "mpls", "ip", "ipv6"])
    parts = eth()
    if kind in ("tcp", "udp", "sctp", "tcp6", "udp6", "sctp6"):
        proto = kind.rstrip("6")
        parts = [kind] + parts + ip_common(kind.endswith("6"))
        if "nw_frag=later" not in parts:
            parts += ["%s_src=%d" % (proto, R.getrandbits(16)), "%s_dst=%d" % (proto, R.getrandbits(16))]
            if proto == "tcp" and R.random() < 0.7:
                parts.append("tcp_flags=0x%03x" % R.choice([0x002, 0x012, 0x010, 0x018, 0x011, 0x004, R.getrandbits(12)]))
    elif kind == "icmp":
        parts = ["icmp"] + parts + ip_common(False)
        if "nw_frag=later" not in parts:
            parts += ["icmp_type=%d" % R.choice([0, 8, 3, 11]), "icmp_code=%d" % R.choice([0, 0, 1])]
    elif kind == "icmp6":
        parts = ["icmp6"] + parts + ip_common(True)
        parts += ["icmpv6_type=%d" % R.choice([128, 129, 1, 2]), "icmpv6_code=%d" % R.choice([0, 0, 3])]
    elif kind == "nd":
        t = R.choice([135, 136])
        parts = ["icmp6"] + parts + ip_common(True) + ["icmpv6_type=%d" % t, "icmpv6_code=0", "nd_target=" + ip6()]
        if R.random() < 0.6:
            parts.append("nd_sll=" + mac())
        if R.random() < 0.6:
            parts.append("nd_tll=" + mac())
        if R.random() < 0.3:
            parts.append("nd_reserved=%d" % R.getrandbits(32))
    elif kind in ("arp", "rarp"):
        parts = [kind] + parts + ["arp_op=%d" % R.choice([1, 2, 3, 0]), "arp_spa=" + ip4(), "arp_tpa=" + ip4(),
                                  "arp_sha=" + mac(), "arp_tha=" + mac()]
    elif kind == "mpls":
        parts = [R.choice(["mpls", "mplsm"])] + parts + ["mpls_label=%d" % R.getrandbits(20), "mpls_tc=%d" % R.getrandbits(3),
                                                        "mpls_ttl=%d" % R.getrandbits(8), "mpls_bos=%d" % R.getrandbits(1)]
    elif kind == "ip":
        parts = ["ip"] + parts + ip_common(False) + ["nw_proto=%d" % R.choice([47, 2, 89])]
    else:
        parts = ["ipv6"] + parts + ip_common(True) + ["nw_proto=%d" % R.choice([59, 47])]
    payload = None
    if R.random() < 0.2:
        payload = "".join("%02x" % R.getrandbits(8) for _ in range(R.choice([0, 5, 30])))
    return ",".join(parts), payload

def fixed():
    return [
        ("tcp,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,tcp_src=1234,tcp_dst=80,tcp_flags=0x002", None),
        ("udp", None),
        ("dl_type=0x05ff", None),
        ("dl_type=0x05ff,dl_vlan=9", None),
        ("dl_type=0x88cc,dl_src=50:54:00:00:00:01", None),
        ("udp,vlan_tci=0x0005", None),
        ("mpls", None),
        ("mpls,mpls_bos=1", None),
        ("icmp,icmp_type=8,icmp_code=0", "0102"),
        ("icmp6,icmpv6_type=135,icmpv6_code=0", None),
    ]

def dump_to_hex(text):
    out = ""
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]{8}  ([0-9a-f -]*)", line)
        if m:
            out += m.group(1).replace("-", "").replace(" ", "")
    return out

def record(case):
    text, payload = case
    args = ["ovs-ofctl", "compose-packet", text] + ([payload] if payload is not None else [])
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        return {"flow": text, "payload": payload, "packet": None, "err": r.stderr.strip()}
    return {"flow": text, "payload": payload, "packet": dump_to_hex(r.stdout), "err": ""}

def main():
    cases = fixed() + [flow() for _ in range(250)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(record, cases))
    with open(os.path.join(HERE, "compose-cases.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"{len(results)} cases, {sum(1 for r in results if r['err'])} refused")

if __name__ == "__main__":
    main()
