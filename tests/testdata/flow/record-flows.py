#!/usr/bin/env python3
# Records tests/testdata/flow/flow-match-cases.json from Debian's ovs-ofctl (OVS 3.1): each match of our corpus
# goes through `ovs-ofctl -F nxm parse-flow "MATCH,actions=drop"` (one process per line). The tests compare the
# match text printed in the NXT_FLOW_MOD line, the "pre:" match that ovs-ofctl logs when normalization changes
# it, and error messages.
# The corpus is generated from ovs-fields(7) (installed with Debian's openvswitch-common): every field under its
# name and alias, with its prerequisites, in several valid and invalid value syntaxes of its format.
# Run from anywhere: python3 record-flows.py
import json, os, re, subprocess
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))

def man_fields():
    text = subprocess.run(["man", "7", "ovs-fields"], capture_output=True, text=True,
                          env=dict(os.environ, MANWIDTH="200")).stdout
    text = re.sub(".\b", "", text)
    fields, cur = [], None
    for line in text.splitlines():
        m = re.match(r"\s+(Name|Width|Format|Masking|Prerequisites|Access):\s+(.*)$", line)
        if not m:
            continue
        k, v = m.group(1), m.group(2).strip()
        if k == "Name":
            names = v.replace(")", "").split(" (aka ")
            cur = {"names": names}
            fields.append(cur)
        cur[k] = v
    # Fields ovs-fields(7) does not describe.
    for name, fmt, mask, pre in [("dl_vlan", "decimal", "not maskable", "Ethernet"),
                                 ("dl_vlan_pcp", "decimal", "not maskable", "Ethernet"),
                                 ("dp_hash", "hexadecimal", "arbitrary bitwise masks", "none"),
                                 ("recirc_id", "decimal", "not maskable", "none"),
                                 ("tun_ttl", "decimal", "not maskable", "none"),
                                 ("tun_tos", "decimal", "not maskable", "none"),
                                 ("reg15", "hexadecimal", "arbitrary bitwise masks", "none"),
                                 ("xreg7", "hexadecimal", "arbitrary bitwise masks", "none"),
                                 ("xxreg3", "hexadecimal", "arbitrary bitwise masks", "none")]:
        fields.append({"names": [name], "Format": fmt, "Masking": mask, "Prerequisites": pre, "Width": "32 bits"})
    return fields

PREREQ = {
    "none": "", "Ethernet": "", "IPv4": "ip,", "IPv6": "ipv6,", "IPv4/IPv6": "ip,", "ARP": "arp,", "TCP": "tcp,",
    "UDP": "udp,", "SCTP": "sctp,", "ICMPv4": "icmp,", "ICMPv6": "icmp6,", "MPLS": "mpls,", "NSH": "dl_type=0x894f,",
    "CT": "ct_state=+trk+new,", "VLAN VID": "dl_vlan=5,", "ND": "icmp6,icmp_type=135,icmp_code=0,",
    "ND solicit": "icmp6,icmp_type=135,icmp_code=0,", "ND advert": "icmp6,icmp_type=136,icmp_code=0,",
}

VALUES = {
    "decimal": ["5", "0x5", "010", "0", "abc", "99999999999999999999999", "5x", "0x1f/0x0f"],
    "hexadecimal": ["0x1234", "0x1234/0xff00", "0", "0x", "0xfffffffffffffffffffffffffffffffffffff", "12", "0x12/zz"],
    "Ethernet": ["01:02:03:04:05:06", "01:00:00:00:00:00/01:00:00:00:00:00", "0a:0b:0c:0d:0e:0f/ff:ff:ff:00:00:00",
                 "1:2:3:4:5:6", "01:02", "01:02:03:04:05:06/ff"],
    "IPv4": ["10.0.0.1", "10.0.0.0/8", "10.1.0.0/255.255.0.0", "10.0.0.1/255.0.255.0", "0.0.0.0/0", "10.0.0",
             "10.0.0.0/33", "10.0.0.1/x", "256.1.1.1"],
    "IPv6": ["2001:db8::1", "2001:db8::/32", "::/0", "::1", "2001:db8::/ffff:ffff::", "::ffff:1.2.3.4",
             "fe80::1:0:0:1/64", "2001:::1", "2001:db8::/129", "2001:db8::/ffff:g::"],
    "OpenFlow 1.0 port": ["1", "LOCAL", "local", "65534", "CONTROLLER", "NONE", "foo", "-1", "65536", "4294967294"],
    "OpenFlow 1.1+ port": ["1", "LOCAL", "IN_PORT", "foo", "65536"],
    "frag": ["no", "yes", "first", "later", "not_later", "maybe"],
    "TCP flags": ["+syn-ack", "syn|ack", "0x002/0x012", "+foo", "+syn+syn", "syn", "0x1000", "fin|0x40", "-rst"],
    "ct state": ["+trk+new", "trk|new", "-trk", "0x21/0x21", "+foo", "+trk+trk", "0", "trk", "+trk-new+est"],
    "packet type": ["(1,0x800)", "(0,0)", "(1,", "1,0x800", "(0x1,0x894f)"],
    "tunnel flags": ["+oam", "oam", "-oam", "+df", "0x1/0x1"],
}

def corpus():
    lines = ["", "priority=5", "ip", "tcp6", "udp,tp_dst=53", "eth", "icmp6,icmp_type=135", "arp,arp_op=2",
             "ip,nw_proto=6", "dl_type=0x0800,nw_proto=17", "dl_type=0x86dd,nw_proto=58", "dl_type=0x0806",
             "dl_type=0x8035", "dl_type=0x8847", "dl_type=0x8848", "dl_type=0x1234", "rarp", "mplsm",
             "sctp,tp_src=1", "ip,nw_proto=99", "ipv6,nw_proto=99", "foo=1", "foo", "tcp,tcp_src=80,tcp_dst=443",
             "in_port=1,dl_vlan=5,dl_vlan_pcp=3", "vlan_tci=0x1005/0x1fff", "vlan_tci=0", "dl_vlan=0xffff",
             "vlan_tci=0xf005", "vlan_tci=0x0005/0x0fff", "dl_vlan_pcp=7", "vlan_pcp=3", "vlan_vid=0x1005",
             "nw_src=1.2.3.4", "tcp_src=80", "reg0=1,tcp_src=80", "ct_state=-trk+new,ct_state=+est",
             "ip,nw_tos=0xa8,nw_ecn=3", "ip,ip_dscp=42", "ip,nw_frag=later,nw_proto=6,tp_src=1",
             "mpls,mpls_label=5,mpls_tc=3,mpls_bos=1,mpls_ttl=64", "priority=0,ip", "priority=65535",
             "ipv6,ipv6_label=0x12345", "ipv6,ipv6_label=0x12345/0xf0000", "icmp,icmp_type=8,icmp_code=0",
             "icmp6,icmp_type=136,icmp_code=0,nd_target=::1,nd_tll=01:02:03:04:05:06",
             "icmp6,icmp_type=135,nd_sll=01:02:03:04:05:06", "tun_erspan_ver=1,tun_erspan_idx=0x10",
             "tun_erspan_ver=2,tun_erspan_dir=1,tun_erspan_hwid=0x3", "dl_type=0x894f,nsh_mdtype=1,nsh_c1=0x5",
             "dl_type=0x894f,nsh_spi=0x123,nsh_si=5", "packet_type=(1,0x800),nw_src=1.2.3.4",
             "packet_type=(1,0x806),arp_op=1", "ip,reg3=0x5/0xff,metadata=0x1/0x1,pkt_mark=0x10,ct_mark=5",
             "ct_label=0x1", "ct_label=0x1/0x3", "ct_zone=5", "ct_state=+trk+new,ct_nw_proto=6,ct_tp_src=80",
             "ct_state=+trk+new,ct_nw_src=1.2.3.4,ct_ipv6_dst=::1", "actset_output=1", "skb_priority=5",
             "conj_id=7", "recirc_id=5", "dp_hash=0x5/0xf", "tun_id=0x5,tun_src=1.1.1.1,tun_dst=2.2.2.2/24",
             "tun_ipv6_src=::1,tun_gbp_id=5,tun_gbp_flags=1,tun_flags=+oam", "tun_tos=5,tun_ttl=64",
             "xreg0=0x1/0x3,reg2=5", "xxreg1=0x1", "tun_gtpu_flags=1,tun_gtpu_msgtype=254",
             "ip,in_port=2,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=5",
             "tcp,tcp_flags=+syn-ack,nw_frag=no", "ip , nw_src=1.2.3.4", "ip nw_src=1.2.3.4", "nw_src:1.2.3.4,ip",
             "ip,nw_src=", "ip,nw_src", "ip,nw_src=*", "dl_dst=*",
             # Subfields.
             "reg0[0..3]=5", "reg0[1]=1", "reg0[]=0x5", "reg0[0..3]=0x1f", "reg0[4..2]=1", "reg0[40]=1",
             "reg0[0..40]=1", "reg0[x]=1", "NXM_NX_REG0[0..3]=5", "foo[1]=1", "reg0[0..3]=abc", "eth_dst[40]=1",
             "ip,nw_src[24..31]=10", "reg0[0..3]=5,reg0[8..11]=3", "reg0[0..3]", "tcp,tcp_dst[0..7]=0x50",
             "vlan_tci[0..11]=5", "in_port[0..3]=1", "metadata[0..7]=0xff,metadata[60..63]=0x1",
             "reg0=0x100/0x100,reg0[0..3]=5", "NXM_OF_ETH_DST_W[40]=1", "reg0[0..3]junk=1", "ip,nw_dst[0..7]=5/3",
             # Tunnel metadata laid out by the match itself.
             "tun_metadata0=0x01020304,tun_metadata3=0x5/0xf,tun_metadata1=0", "tun_metadata1=0,tun_metadata1=3",
             "tun_metadata5", "tun_metadata5=0/0", "tun_metadata63=0x" + "ab" * 124,
             "tun_metadata0=0x" + "ab" * 124 + ",tun_metadata1=0x" + "cd" * 124 + ",tun_metadata2=0x" + "ef" * 10,
             "tun_metadata2=0x1,tun_metadata1=0x2,tun_id=5", "tun_metadata0=0x10/0x10"]
    for f in man_fields():
        pre = PREREQ[f["Prerequisites"]]
        values = VALUES[f["Format"]]
        maskable = f["Masking"] != "not maskable"
        for i, name in enumerate(f["names"]):
            vals = values if i == 0 else values[:2]
            for v in vals:
                if "/" in v and not maskable and i == 0:
                    pass  # kept: shows the invalid-mask error
                lines.append("%s%s=%s" % (pre, name, v))
            if i == 0:
                lines.append("%s=%s" % (name, values[0]))   # without prerequisites
    return lines

def run(line):
    arg = (line + ",actions=drop") if line else "actions=drop"
    r = subprocess.run(["ovs-ofctl", "-F", "nxm", "parse-flow", arg], capture_output=True, text=True)
    pre = [m.group(1) for m in re.finditer(r"\|ofp_match\|INFO\| pre: (.*)", r.stderr)]
    post = [m.group(1) for m in re.finditer(r"\|ofp_match\|INFO\|post: (.*)", r.stderr)]
    err = "\n".join(l for l in r.stderr.splitlines() if not re.match(r"\d{4}-\d\d-\d\dT", l))
    mod, decode_error, usable = "", None, None
    for l in r.stdout.splitlines():
        if l.startswith("usable protocols: "):
            usable = l[len("usable protocols: "):]
        m = re.match(r"NXT_FLOW_MOD \(xid=0x1\): ADD (.*?) ?actions=drop$", l)
        if m:
            mod = m.group(1)
        m = re.match(r"NXT_FLOW_MOD \(xid=0x1\): \*\*\*decode error: (\S+)\*\*\*", l)
        if m:
            decode_error = m.group(1)
    return {"input": line, "match": mod, "decode_error": decode_error, "usable": usable, "pre": pre[0] if pre else None, "post": post[0] if post else None,
            "err": err, "rc": r.returncode}

# set_field actions print the value with mf_format(): every writable field, each value syntax of its format,
# through `ovs-ofctl -O OpenFlow15 parse-flow "PREREQS,actions=set_field:VALUE->FIELD"`.
def set_field_corpus():
    out = []
    for f in man_fields():
        if f.get("Access") != "read/write":
            continue
        pre = PREREQ[f["Prerequisites"]]
        for v in VALUES[f["Format"]]:
            out.append((pre, v, f["names"][0]))
    return out

def run_set_field(case):
    pre, value, name = case
    r = subprocess.run(["ovs-ofctl", "-O", "OpenFlow15", "parse-flow", "%sactions=set_field:%s->%s" % (pre, value, name)],
                       capture_output=True, text=True)
    printed = None
    for l in r.stdout.splitlines():
        m = re.search(r" actions=set_field:(.*)->([a-z0-9_]+)$", l)
        if m:
            printed = m.group(1)
    err = "\n".join(l for l in r.stderr.splitlines() if not re.match(r"\d{4}-\d\d-\d\dT", l))
    return {"field": name, "value": value, "printed": printed, "err": err, "rc": r.returncode}

def write(name, cases):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("[\n")
        f.write(",\n".join(" " + json.dumps(c) for c in cases))
        f.write("\n]\n")
    print("%s: %d cases" % (name, len(cases)))

def main():
    lines = list(dict.fromkeys(corpus()))
    with ThreadPoolExecutor(max_workers=2) as pool:
        write("flow-match-cases.json", list(pool.map(run, lines)))
        write("set-field-cases.json", list(pool.map(run_set_field, set_field_corpus())))

if __name__ == "__main__":
    main()
