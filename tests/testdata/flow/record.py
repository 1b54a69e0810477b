#!/usr/bin/env python3
# Records the golden files used by tests/Ovs.Flow.Tests from Debian's ovs-ofctl (OVS 3.1): every line of our
# corpus goes through `ovs-ofctl [--strict] parse-nx-match` and `ovs-ofctl [--strict] parse-oxm OpenFlow1X`, one
# process per line (a malformed line makes ovs-ofctl exit, which would lose the lines after it).
# The corpus is ours and is generated here from ovs-fields(7) facts: for every NXM/OXM header name of every field,
# the field exact, masked (partial, all-ones, all-zeros) and with bad values, bad masks, inconsistent
# wildcards, missing prerequisites and duplicates. Run from anywhere: python3 record.py
import json, os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))

# (name, bytes, significant bits, maskable, prerequisite) for every NXM/OXM header name.
# Widths and maskability are from ovs-fields(7).
def fields():
    out = []
    def add(names, nbytes, sig, maskable, prereq, value=None):
        for n in names.split():
            out.append((n, nbytes, sig, maskable, prereq, value))
    add("OXM_OF_PACKET_TYPE", 4, 32, False, "none", "00010800")
    add("NXM_NX_DP_HASH NXOXM_ET_DP_HASH", 4, 32, True, "none")
    add("NXM_NX_RECIRC_ID", 4, 32, False, "none")
    add("NXM_NX_CONJ_ID", 4, 32, False, "none")
    add("NXM_NX_TUN_ID OXM_OF_TUNNEL_ID", 8, 64, True, "none")
    add("NXM_NX_TUN_IPV4_SRC NXM_NX_TUN_IPV4_DST", 4, 32, True, "none")
    add("NXM_NX_TUN_IPV6_SRC NXM_NX_TUN_IPV6_DST", 16, 128, True, "none")
    add("NXM_NX_TUN_FLAGS", 2, 1, True, "none")
    add("NXM_NX_TUN_GBP_ID", 2, 16, True, "none")
    add("NXM_NX_TUN_GBP_FLAGS", 1, 8, True, "none")
    add("NXOXM_ET_ERSPAN_IDX", 4, 20, True, "none")
    add("NXOXM_ET_ERSPAN_VER", 1, 4, True, "none")
    add("NXOXM_ET_ERSPAN_DIR", 1, 1, True, "none")
    add("NXOXM_ET_ERSPAN_HWID", 1, 6, True, "none")
    add("NXOXM_ET_GTPU_FLAGS NXOXM_ET_GTPU_MSGTYPE", 1, 8, True, "none")
    add("NXM_NX_METADATA OXM_OF_METADATA", 8, 64, True, "none")
    add("NXM_OF_IN_PORT", 2, 16, False, "none")
    add("OXM_OF_IN_PORT", 4, 32, False, "none", "00000005")
    add("ONFOXM_ET_ACTSET_OUTPUT OXM_OF_ACTSET_OUTPUT", 4, 32, False, "none", "00000007")
    add("NXM_NX_PKT_MARK", 4, 32, True, "none")
    add("NXM_NX_CT_STATE", 4, 8, True, "none", "00000021")
    add("NXM_NX_CT_ZONE", 2, 16, False, "none")
    add("NXM_NX_CT_MARK", 4, 32, True, "none")
    add("NXM_NX_CT_LABEL", 16, 128, True, "none")
    add("NXM_NX_CT_NW_PROTO", 1, 8, False, "ct")
    add("NXM_NX_CT_NW_SRC NXM_NX_CT_NW_DST", 4, 32, True, "ct")
    add("NXM_NX_CT_IPV6_SRC NXM_NX_CT_IPV6_DST", 16, 128, True, "ct")
    add("NXM_NX_CT_TP_SRC NXM_NX_CT_TP_DST", 2, 16, True, "ct")
    add(" ".join("NXM_NX_REG%d" % i for i in range(16)), 4, 32, True, "none")
    add(" ".join("OXM_OF_PKT_REG%d" % i for i in range(8)), 8, 64, True, "none")
    add(" ".join("NXM_NX_XXREG%d" % i for i in range(4)), 16, 128, True, "none")
    add("NXM_OF_ETH_SRC NXM_OF_ETH_DST OXM_OF_ETH_SRC OXM_OF_ETH_DST", 6, 48, True, "eth")
    add("NXM_OF_ETH_TYPE OXM_OF_ETH_TYPE", 2, 16, False, "eth", "0800")
    add("NXM_OF_VLAN_TCI", 2, 16, True, "eth", "1005")
    add("OXM_OF_VLAN_VID", 2, 13, True, "eth", "1005")
    add("OXM_OF_VLAN_PCP", 1, 3, False, "vlan", "03")
    add("OXM_OF_MPLS_LABEL", 4, 20, False, "mpls")
    add("OXM_OF_MPLS_TC", 1, 3, False, "mpls")
    add("OXM_OF_MPLS_BOS", 1, 1, False, "mpls")
    add("NXM_NX_MPLS_TTL", 1, 8, False, "mpls")
    add("NXM_OF_IP_SRC NXM_OF_IP_DST OXM_OF_IPV4_SRC OXM_OF_IPV4_DST", 4, 32, True, "ipv4")
    add("NXM_NX_IPV6_SRC NXM_NX_IPV6_DST OXM_OF_IPV6_SRC OXM_OF_IPV6_DST", 16, 128, True, "ipv6")
    add("NXM_NX_IPV6_LABEL OXM_OF_IPV6_FLABEL", 4, 20, True, "ipv6")
    add("NXM_OF_IP_PROTO OXM_OF_IP_PROTO", 1, 8, False, "ip")
    add("NXM_OF_IP_TOS", 1, 8, False, "ip", "a8")
    add("OXM_OF_IP_DSCP", 1, 6, False, "ip")
    add("NXM_NX_IP_ECN OXM_OF_IP_ECN", 1, 2, False, "ip")
    add("NXM_NX_IP_TTL", 1, 8, False, "ip")
    add("NXM_NX_IP_FRAG", 1, 2, True, "ip")
    add("NXM_OF_ARP_OP OXM_OF_ARP_OP", 2, 8, False, "arp")
    add("NXM_OF_ARP_SPA NXM_OF_ARP_TPA OXM_OF_ARP_SPA OXM_OF_ARP_TPA", 4, 32, True, "arp")
    add("NXM_NX_ARP_SHA NXM_NX_ARP_THA OXM_OF_ARP_SHA OXM_OF_ARP_THA", 6, 48, True, "arp")
    add("NXM_OF_TCP_SRC NXM_OF_TCP_DST OXM_OF_TCP_SRC OXM_OF_TCP_DST", 2, 16, True, "tcp")
    add("NXM_NX_TCP_FLAGS ONFOXM_ET_TCP_FLAGS OXM_OF_TCP_FLAGS", 2, 12, True, "tcp")
    add("NXM_OF_UDP_SRC NXM_OF_UDP_DST OXM_OF_UDP_SRC OXM_OF_UDP_DST", 2, 16, True, "udp")
    add("OXM_OF_SCTP_SRC OXM_OF_SCTP_DST", 2, 16, True, "sctp")
    add("NXM_OF_ICMP_TYPE NXM_OF_ICMP_CODE OXM_OF_ICMPV4_TYPE OXM_OF_ICMPV4_CODE", 1, 8, False, "icmp")
    add("NXM_NX_ICMPV6_TYPE NXM_NX_ICMPV6_CODE OXM_OF_ICMPV6_TYPE OXM_OF_ICMPV6_CODE", 1, 8, False, "icmp6")
    add("NXM_NX_ND_TARGET OXM_OF_IPV6_ND_TARGET", 16, 128, True, "nd")
    add("NXM_NX_ND_SLL OXM_OF_IPV6_ND_SLL", 6, 48, True, "ns")
    add("NXM_NX_ND_TLL OXM_OF_IPV6_ND_TLL", 6, 48, True, "na")
    add("ERICOXM_OF_ICMPV6_ND_RESERVED", 4, 32, False, "nd")
    add("ERICOXM_OF_ICMPV6_ND_OPTIONS_TYPE", 1, 8, False, "nd")
    add("NXOXM_NSH_FLAGS NXOXM_NSH_NP", 1, 8, True, "nsh")
    add("NXOXM_NSH_TTL", 1, 6, True, "nsh")
    add("NXOXM_NSH_MDTYPE", 1, 8, False, "nsh", "01")
    add("NXOXM_NSH_SPI", 4, 24, True, "nsh")
    add("NXOXM_NSH_SI", 1, 8, True, "nsh")
    add("NXOXM_NSH_C1 NXOXM_NSH_C2 NXOXM_NSH_C3 NXOXM_NSH_C4", 4, 32, True, "nsh")
    add("NXM_NX_SKB_PRIORITY", 4, 32, False, "none")
    return out

PREREQ = {
    "none": "", "eth": "", "ct": "NXM_NX_CT_STATE_W(00000021/00000021) ",
    "vlan": "OXM_OF_VLAN_VID(1005) ", "mpls": "NXM_OF_ETH_TYPE(8847) ",
    "ipv4": "NXM_OF_ETH_TYPE(0800) ", "ipv6": "NXM_OF_ETH_TYPE(86dd) ", "ip": "NXM_OF_ETH_TYPE(0800) ",
    "arp": "NXM_OF_ETH_TYPE(0806) ", "tcp": "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(06) ",
    "udp": "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(11) ", "sctp": "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(84) ",
    "icmp": "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(01) ", "icmp6": "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) ",
    "nd": "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) NXM_NX_ICMPV6_TYPE(87) NXM_NX_ICMPV6_CODE(00) ",
    "ns": "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) NXM_NX_ICMPV6_TYPE(87) NXM_NX_ICMPV6_CODE(00) ",
    "na": "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) NXM_NX_ICMPV6_TYPE(88) NXM_NX_ICMPV6_CODE(00) ",
    "nsh": "NXM_OF_ETH_TYPE(894f) ",
}

PATTERN = bytes.fromhex("a1b2c3d4e5f60718293a4b5c6d7e8f90")

def limit(b, sig):
    """Clears the bits above the low 'sig' bits of big-endian bytes b."""
    v = int.from_bytes(b, "big") & ((1 << sig) - 1)
    return v.to_bytes(len(b), "big")

def hexs(b):
    return b.hex()

def corpus():
    lines = ["<any>", "", "NXM_OF_IN_PORT(0001), NXM_OF_ETH_TYPE(0800)"]
    for name, n, sig, maskable, prereq, fixed in fields():
        pre = PREREQ[prereq]
        value = bytes.fromhex(fixed) if fixed else limit(PATTERN[:n], sig)
        lines.append("%s%s(%s)" % (pre, name, hexs(value)))
        lines.append("%s(%s)" % (name, hexs(value)))                      # without prerequisites
        lines.append("%s%s(%s) %s(%s)" % (pre, name, hexs(value), name, hexs(value)))  # duplicate
        if sig < n * 8:
            bad = bytes([0x80]) + bytes(n - 1)
            lines.append("%s%s(%s)" % (pre, name, hexs(bad)))             # value out of range
        if maskable:
            mask = limit(bytes([0xf0, 0x0f] * 8)[:n], sig)
            lines.append("%s%s_W(%s/%s)" % (pre, name, hexs(bytes(a & b for a, b in zip(value, mask))), hexs(mask)))
            lines.append("%s%s_W(%s/%s)" % (pre, name, hexs(value), "ff" * n))
            lines.append("%s%s_W(%s/%s)" % (pre, name, "00" * n, "00" * n))
            lines.append("%s%s_W(%s/%s)" % (pre, name, "ff" * n, "0f" * n))   # 1-bits outside the mask
        else:
            lines.append("%s%s_W(%s/%s)" % (pre, name, hexs(value), "ff" * n))  # no _W name: unknown field
    # Hand-written cases: raw headers, wrong lengths, cookies, ordering, shared storage.
    lines += [
        "00000002(0001)", "00000003(000001)", "00000102(01/ff)", "80000004(00000001)",
        "0000000a(00000000000000000000)", "ffff0408 00002320(00000001)", "ffff0000 00002320()",
        "00020004(00000001)", "7fff0004(00000001)",
        "NXM_NX_COOKIE(0000000000000001)", "NXM_NX_COOKIE_W(0000000000000001/00000000ffffffff)",
        "NXM_NX_COOKIE(0000000000000001) NXM_NX_COOKIE(0000000000000002)",
        "NXM_OF_ETH_TYPE(0806) NXM_OF_ARP_OP(0001) NXM_OF_IP_PROTO(01)",
        "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(06) NXM_OF_UDP_SRC(0050)",
        "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(11) NXM_OF_TCP_SRC(0050)",
        "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_TOS(a8) OXM_OF_IP_DSCP(2a)",
        "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_TOS(a8) NXM_NX_IP_ECN(03)",
        "NXM_OF_ETH_TYPE(0800) NXM_NX_IP_FRAG_W(01/03)",
        "NXM_OF_ETH_TYPE(0800) NXM_NX_IP_FRAG_W(02/02) NXM_OF_IP_PROTO(06) NXM_OF_TCP_SRC(0050)",
        "NXM_NX_REG0(00000001) OXM_OF_PKT_REG0(0000000200000003)",
        "NXM_NX_REG0(00000001) NXM_NX_REG1(00000002) NXM_NX_XXREG1(000000010000000200000003000000004)",
        "NXM_NX_XXREG0_W(00000001000000020000000300000004/ffffffffffffffff0000000000000000)",
        "OXM_OF_VLAN_VID(0000)", "OXM_OF_VLAN_VID_W(1000/1000)", "OXM_OF_VLAN_VID_W(1000/1000) OXM_OF_VLAN_PCP(05)",
        "NXM_OF_VLAN_TCI(0000)", "NXM_OF_VLAN_TCI_W(1000/1000)", "NXM_OF_VLAN_TCI_W(f000/f000)", "NXM_OF_VLAN_TCI(b005)",
        "OXM_OF_PACKET_TYPE(00010800) NXM_OF_IP_SRC(0a000001)",
        "OXM_OF_PACKET_TYPE(00010800) NXM_OF_ETH_TYPE(0800)",
        "OXM_OF_PACKET_TYPE(00000000)", "OXM_OF_PACKET_TYPE(00010806) NXM_OF_ARP_OP(0002)",
        "NXM_NX_CT_STATE_W(00000020/00000030) NXM_NX_CT_NW_SRC(0a000001)",
        "NXM_NX_CT_NW_PROTO(06) NXM_NX_CT_TP_SRC(0050)", "NXM_NX_CT_TP_SRC(0050)",
        "OXM_OF_IN_PORT(ffffff00)", "OXM_OF_IN_PORT(fffffffd)", "OXM_OF_IN_PORT(0000ff00)", "OXM_OF_IN_PORT(00010000)",
        "NXM_OF_IN_PORT(fffe)", "NXM_OF_IN_PORT(ff00)",
        "NXM_OF_ETH_TYPE(894f) NXOXM_NSH_SPI_W(00000005/00ffffff)",
        "NXM_OF_ETH_TYPE(894f) NXOXM_NSH_SPI_W(00000005/000000ff)",
        "NXM_OF_ETH_TYPE(894f) NXOXM_NSH_MDTYPE(03)", "NXM_OF_ETH_TYPE(894f) NXOXM_NSH_TTL(40)",
        "NXM_OF_ETH_TYPE(8847) OXM_OF_MPLS_LABEL(00000005) OXM_OF_MPLS_TC(03) OXM_OF_MPLS_BOS(01) NXM_NX_MPLS_TTL(40)",
        "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) NXM_NX_ICMPV6_TYPE(87) NXM_NX_ND_TARGET(20010db8000000000000000000000001) NXM_NX_ND_SLL(0a0b0c0d0e0f)",
        "NXM_OF_ETH_TYPE(86dd) NXM_OF_IP_PROTO(3a) NXM_NX_ICMPV6_TYPE(87) NXM_NX_ICMPV6_CODE(00) NXM_NX_ND_TLL(0a0b0c0d0e0f)",
        "NXM_OF_ETH_TYPE(0800), NXM_OF_IP_SRC(0a000001)", "NXM_OF_ETH_TYPE(0800),NXM_OF_IP_SRC(0a000001)",
        "NXM_OF_ETH_TYPE( 08 00 )", "NXM_OF_ETH_TYPE(08.00)", "NXM_OF_ETH_TYPE(0800", "NXM_OF_ETH_TYPE", "NXM_OF_ETH_TYPE(08)",
        "NXM_OF_ETH_TYPE(080000)", "NXM_NX_REG0_W(00000001)", "NXM_NX_REG0_W(00000001/)", "NXM_NX_REG0_W(00000001/0000)",
        "NXM_NX_REG0_W(00000001 / 000000ff)", "FOO(00)", "NXM_NX_TUN_METADATA0(01020304)",
        "NXM_OF_ETH_DST_W(01000000/01000000)", "NXM_OF_ETH_DST_W(010000000000/010000000000)",
        "NXM_OF_ETH_TYPE(0800) NXM_OF_IP_PROTO(06) NXM_OF_TCP_SRC(0050) NXM_OF_TCP_DST(0016) NXM_NX_TCP_FLAGS_W(0002/0fff) NXM_OF_IP_SRC_W(0a000000/ff000000) NXM_NX_REG3(00000003) NXM_NX_PKT_MARK(00000001) NXM_OF_IN_PORT(0003) NXM_NX_TUN_ID(0000000000000005)",
    ]
    return lines

MODES = [("nxm", ["parse-nx-match"]), ("nxm-strict", ["--strict", "parse-nx-match"])] + \
    [("oxm1%d" % v, ["parse-oxm", "OpenFlow1%d" % v]) for v in (2, 3, 4, 5)] + \
    [("oxm1%d-strict" % v, ["--strict", "parse-oxm", "OpenFlow1%d" % v]) for v in (2, 3, 4, 5)]

def run(args, line):
    r = subprocess.run(["ovs-ofctl"] + args, input=line + "\n", capture_output=True, text=True)
    # Log lines (timestamped vlog warnings) are not part of the command's output.
    err = "\n".join(l for l in r.stderr.splitlines() if not re.match(r"\d{4}-\d\d-\d\dT", l))
    return {"out": r.stdout.rstrip("\n"), "err": err, "rc": r.returncode}

def main():
    lines = corpus()
    results = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for mode, args in MODES:
            outs = list(pool.map(lambda l: run(args, l), lines))
            results[mode] = [dict(input=l, **o) for l, o in zip(lines, outs)]
    # One case per line keeps the file reviewable in diffs.
    with open(os.path.join(HERE, "nx-match-cases.json"), "w") as f:
        f.write("{\n")
        for i, (mode, cases) in enumerate(results.items()):
            f.write(' "%s": [\n' % mode)
            f.write(",\n".join("  " + json.dumps(c) for c in cases))
            f.write("\n ]%s\n" % ("," if i + 1 < len(results) else ""))
        f.write("}\n")
    print("%d lines x %d modes" % (len(lines), len(MODES)))

if __name__ == "__main__":
    main()
