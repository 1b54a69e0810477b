#!/usr/bin/env python3
"""Generates ODP flow key and action strings for record.sh (our own generator, seeded, deterministic).

Each output line is KEY<TAB>ACTIONS. Lines starting with '!' are expected to be rejected (error texts).
"""
import random

rng = random.Random(20261126)


def mac():
    return ":".join("%02x" % rng.randrange(256) for _ in range(6))


def ip4():
    return "%d.%d.%d.%d" % (rng.choice([10, 172, 192, 1]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))


def ip6():
    groups = ["%x" % rng.randrange(0x10000) for _ in range(8)]
    if rng.random() < 0.5:
        groups[2:6] = ["0"] * 4
    return ":".join(groups)


def mask4():
    n = rng.choice([8, 16, 24, 28, 32])
    v = (0xffffffff << (32 - n)) & 0xffffffff
    return "%d.%d.%d.%d" % (v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255)


def maybe(p, s):
    return s if rng.random() < p else None


def opt_mask(value, mask_fn, p=0.3):
    return value + "/" + mask_fn() if rng.random() < p else value


def metadata():
    parts = []
    if rng.random() < 0.3:
        parts.append("skb_priority(%#x)" % rng.randrange(1, 1 << 16))
    if rng.random() < 0.3:
        parts.append("skb_mark(%#x%s)" % (rng.randrange(1, 1 << 20), rng.choice(["", "/0xffff", "/0xff00"])))
    if rng.random() < 0.3:
        parts.append("recirc_id(%#x)" % rng.randrange(0, 100))
    if rng.random() < 0.2:
        parts.append("dp_hash(%#x/%#x)" % (rng.randrange(1, 16), 0xf))
    if rng.random() < 0.3:
        flags = [f for f in ["new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"] if rng.random() < 0.3] or ["trk"]
        if rng.random() < 0.5:
            parts.append("ct_state(" + "|".join(flags) + ")")
        else:
            parts.append("ct_state(" + "".join(rng.choice("+-") + f for f in flags) + ")")
    if rng.random() < 0.2:
        parts.append("ct_zone(%#x)" % rng.randrange(1, 1000))
    if rng.random() < 0.2:
        parts.append("ct_mark(%#x%s)" % (rng.randrange(1, 1 << 16), rng.choice(["", "/0xff"])))
    if rng.random() < 0.15:
        parts.append("ct_label(%#x%s)" % (rng.randrange(1, 1 << 40), rng.choice(["", "/0xffff"])))
    if rng.random() < 0.2:
        t = ["tun_id=%#x" % rng.randrange(1 << 24)]
        if rng.random() < 0.7:
            t.append("src=" + ip4())
            t.append("dst=" + ip4())
        else:
            t.append("ipv6_src=" + ip6())
            t.append("ipv6_dst=" + ip6())
        if rng.random() < 0.5:
            t.append("tos=%#x" % rng.randrange(256))
        if rng.random() < 0.5:
            t.append("ttl=%d" % rng.randrange(1, 256))
        if rng.random() < 0.4:
            t.append("tp_src=%d" % rng.randrange(1, 65536))
            t.append("tp_dst=%d" % rng.choice([4789, 6081, 4790]))
        if rng.random() < 0.2:
            t.append("vxlan(gbp(id=%d,flags=%d))" % (rng.randrange(65536), rng.randrange(256)))
        if rng.random() < 0.2:
            t.append("geneve({class=%#x,type=%#x,len=4,%#x})" % (rng.randrange(65536), rng.randrange(256), rng.randrange(1 << 32)))
        flags = [f for f in ["df", "csum", "key", "oam"] if rng.random() < 0.4]
        if rng.random() < 0.5:
            t.append("flags(" + "|".join(flags) + ")")
        elif flags:
            t.append("flags(" + "".join(rng.choice("+-") + f for f in flags) + ")")
        parts.append("tunnel(" + ",".join(t) + ")")
    return parts


def l4(proto, v6):
    if proto == 6:
        s = ["tcp(src=%d,dst=%d)" % (rng.randrange(1, 65536), rng.randrange(1, 65536)),
             "tcp(src=%d/0xff00)" % rng.randrange(1, 65536), "tcp(dst=%d)" % rng.randrange(65536)]
        out = [rng.choice(s)]
        if rng.random() < 0.4:
            out.append("tcp_flags(%s)" % rng.choice(["syn", "syn|ack", "+syn-ack", "fin|psh|urg", "0x%03x" % rng.randrange(4096), "-rst"]))
        return out
    if proto == 17:
        return ["udp(src=%d,dst=%d)" % (rng.randrange(1, 65536), rng.randrange(1, 65536))]
    if proto == 132:
        return ["sctp(src=%d,dst=%d)" % (rng.randrange(1, 65536), rng.randrange(1, 65536))]
    if proto == 1:
        return ["icmp(type=%d,code=%d)" % (rng.randrange(20), rng.randrange(5))]
    if proto == 58:
        t = rng.choice([128, 129, 135, 136, 1])
        out = ["icmpv6(type=%d,code=0)" % t]
        if t in (135, 136) and rng.random() < 0.7:
            out.append("nd(target=%s%s)" % (ip6(), rng.choice(["", ",sll=" + mac(), ",tll=" + mac()])))
        return out
    return []


def l3(eth_type):
    if eth_type == "0x0800":
        proto = rng.choice([6, 17, 1, 132, 47])
        frag = rng.choice(["no", "no", "first", "later"])
        fields = ["src=" + opt_mask(ip4(), mask4), "dst=" + opt_mask(ip4(), mask4), "proto=%d" % proto]
        if rng.random() < 0.5:
            fields.append("tos=%#x" % rng.randrange(256))
        if rng.random() < 0.5:
            fields.append("ttl=%d" % rng.randrange(1, 256))
        fields.append("frag=" + frag)
        rng.shuffle(fields) if rng.random() < 0.1 else None
        out = ["ipv4(" + ",".join(fields) + ")"]
        return out + (l4(proto, False) if frag != "later" else [])
    if eth_type == "0x86dd":
        proto = rng.choice([6, 17, 58, 132])
        fields = ["src=" + ip6(), "dst=" + ip6()]
        if rng.random() < 0.4:
            fields.append("label=%#x" % rng.randrange(1 << 20))
        fields.append("proto=%d" % proto)
        if rng.random() < 0.4:
            fields.append("tclass=%#x" % rng.randrange(256))
        if rng.random() < 0.4:
            fields.append("hlimit=%d" % rng.randrange(256))
        fields.append("frag=no")
        return ["ipv6(" + ",".join(fields) + ")"] + l4(proto, True)
    if eth_type == "0x0806":
        fields = []
        for name, gen in (("sip", ip4), ("tip", ip4), ("op", lambda: str(rng.randrange(1, 3))), ("sha", mac), ("tha", mac)):
            if rng.random() < 0.6:
                fields.append(name + "=" + gen())
        return ["arp(" + ",".join(fields) + ")"]
    if eth_type in ("0x8847", "0x8848"):
        return ["mpls(label=%d,tc=%d,ttl=%d,bos=%d)" % (rng.randrange(1 << 20), rng.randrange(8), rng.randrange(256), rng.randrange(2))]
    if eth_type == "0x894f":
        return ["nsh(flags=%d,ttl=%d,mdtype=1,np=3,spi=%#x,si=%d,c1=%#x,c2=0x2,c3=0x3,c4=0x4)" % (rng.randrange(4), rng.randrange(64), rng.randrange(1 << 24), rng.randrange(256), rng.randrange(1 << 32))]
    return []


def extra_key():
    """Rarer shapes: masks on every kind of field, ct tuples, ND, MPLS stacks, truncated VLANs."""
    parts = metadata()
    parts.append("in_port(%d)" % rng.randrange(1, 10))
    k = rng.randrange(10)
    if k == 0:
        parts += ["ct_state(+trk)", "ct_tuple4(src=%s,dst=%s,proto=6,tp_src=%d,tp_dst=%d)" % (ip4(), ip4(), rng.randrange(65536), rng.randrange(65536)),
                  "eth()", "eth_type(0x0800)", "ipv4(proto=6,frag=no)", "tcp()"]
    elif k == 1:
        parts += ["ct_state(+trk)", "ct_tuple6(src=%s,dst=%s,proto=17,tp_src=%d,tp_dst=%d)" % (ip6(), ip6(), rng.randrange(65536), rng.randrange(65536)),
                  "eth()", "eth_type(0x86dd)", "ipv6(proto=17,frag=no)", "udp()"]
    elif k == 2:
        parts += ["eth(dst=%s/ff:ff:00:00:00:00)" % mac(), "eth_type(0x0800)",
                  "ipv4(src=%s/%s,tos=0x%02x/0xfc,ttl=%d/0xf0,proto=6/0x0f,frag=no)" % (ip4(), mask4(), rng.randrange(256), rng.randrange(256))]
    elif k == 3:
        parts += ["eth()", "eth_type(0x86dd)",
                  "ipv6(src=%s/ffff:ffff:ffff::,dst=%s,label=0x%x/0xff,proto=58,hlimit=255,frag=no)" % (ip6(), ip6(), rng.randrange(1 << 20)),
                  "icmpv6(type=%d,code=0)" % rng.choice([135, 136]),
                  "nd(target=%s,sll=%s)" % (ip6(), mac())]
        if rng.random() < 0.5:
            parts.append("nd_ext(nd_reserved=0x%x,nd_options_type=%d)" % (rng.randrange(1 << 32), rng.randrange(1, 5)))
    elif k == 4:
        parts += ["eth()", "eth_type(0x8847)", "mpls(label=%d,tc=%d,ttl=%d,bos=0,label=%d,tc=0,ttl=64,bos=1)" % (rng.randrange(1 << 20), rng.randrange(8), rng.randrange(256), rng.randrange(1 << 20))]
    elif k == 5:
        parts += ["eth()", "eth_type(0x8100)", "vlan(vid=0,pcp=0,cfi=0)", "encap()"]
    elif k == 6:
        parts += ["eth()", "eth_type(0x0806)", "arp(sip=%s/255.255.0.0,tip=%s,op=%d)" % (ip4(), ip4(), rng.randrange(1, 3))]
    elif k == 7:
        parts += ["packet_type(ns=1,id=0x86dd)", "eth_type(0x86dd)", "ipv6(src=%s,proto=17,frag=no)" % ip6(), "udp(dst=%d/0xfff0)" % rng.randrange(65536)]
    elif k == 8:
        parts += ["eth(src=%s)" % mac(), "eth_type(0x0800)", "ipv4(proto=6,frag=no)",
                  "tcp(src=%d/0xff00,dst=%d)" % (rng.randrange(65536), rng.randrange(65536)),
                  "tcp_flags(%s)" % rng.choice(["+syn-ack", "-fin-rst", "+psh", "0x012/0x0ff"])]
    else:
        parts += ["eth()", "eth_type(0x8100)", "vlan(vid=%d/0xff0,pcp=%d)" % (rng.randrange(1, 4096), rng.randrange(8)),
                  "encap(eth_type(0x86dd),ipv6(proto=6,frag=%s),tcp(dst=%d))" % (rng.choice(["no", "first"]), rng.randrange(65536))]
    return parts


def key():
    parts = metadata()
    parts.append("in_port(%d)" % rng.randrange(1, 10))
    if rng.random() < 0.1:
        parts.append("packet_type(ns=1,id=0x800)")
        parts.append("eth_type(0x0800)")
        parts += l3("0x0800")
        return parts
    e = []
    if rng.random() < 0.7:
        e.append("src=" + mac() + rng.choice(["", "", "/ff:ff:ff:00:00:00"]))
    if rng.random() < 0.7:
        e.append("dst=" + mac() + rng.choice(["", "", "/01:00:00:00:00:00"]))
    parts.append("eth(" + ",".join(e) + ")")
    et = rng.choice(["0x0800", "0x0800", "0x86dd", "0x0806", "0x8847", "0x894f", "0x1234"])
    if rng.random() < 0.15:
        parts.append("eth_type(0x8100)")
        parts.append("vlan(vid=%d,pcp=%d)" % (rng.randrange(1, 4095), rng.randrange(8)))
        inner = ["eth_type(%s)" % et] + l3(et)
        parts.append("encap(" + ",".join(inner) + ")")
        return parts
    parts.append("eth_type(%s)" % et)
    parts += l3(et)
    return parts


def action():
    a = []
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(24)
        if k == 0:
            a.append(str(rng.randrange(1, 100)))
        elif k == 1:
            a.append("userspace(pid=%d)" % rng.randrange(1, 1000))
        elif k == 2:
            a.append("userspace(pid=%d,sFlow(vid=%d,pcp=%d,output=%d))" % (rng.randrange(1000), rng.randrange(4096), rng.randrange(8), rng.randrange(1 << 20)))
        elif k == 3:
            a.append("userspace(pid=%d,slow_path(%s))" % (rng.randrange(1000), rng.choice(["cfm", "lacp", "stp", "bfd", "controller", "match", "action"])))
        elif k == 4:
            a.append("userspace(pid=%d,userdata(%s))" % (rng.randrange(1000), "".join("%02x" % rng.randrange(256) for _ in range(rng.randrange(1, 12)))))
        elif k == 5:
            a.append("set(ipv4(src=%s,dst=%s,proto=6,tos=0,ttl=%d,frag=no))" % (ip4(), ip4(), rng.randrange(1, 256)))
        elif k == 6:
            a.append("set(ipv4(src=%s/%s))" % (ip4(), mask4()))
        elif k == 7:
            a.append("set(eth(src=%s,dst=%s))" % (mac(), mac()))
        elif k == 8:
            a.append("push_vlan(vid=%d,pcp=%d)" % (rng.randrange(4096), rng.randrange(8)))
        elif k == 9:
            a.append("pop_vlan")
        elif k == 10:
            a.append("add_mpls(label=%d,tc=%d,ttl=%d,bos=1,eth_type=0x8847)" % (rng.randrange(1 << 20), rng.randrange(8), rng.randrange(256)))
        elif k == 11:
            a.append("push_vlan(tpid=0x88a8,vid=%d,pcp=%d)" % (rng.randrange(4096), rng.randrange(8)))
        elif k == 12:
            a.append("recirc(%d)" % rng.randrange(1, 1000))
        elif k == 13:
            a.append("userspace(pid=%d,%s)" % (rng.randrange(1000), rng.choice(["ipfix(output_port=%d)" % rng.randrange(10), "actions", "tunnel_out_port=%d" % rng.randrange(10),
                     "flow_sample(probability=%d,collector_set_id=%d,obs_domain_id=%d,obs_point_id=%d,output_port=%d)" % tuple(rng.randrange(1, 100) for _ in range(5))])))
        elif k == 14:
            a.append("sample(sample=%s%%,actions(%d))" % (rng.choice(["50.0", "10.0", "100.0", "0.0"]), rng.randrange(1, 10)))
        elif k == 15:
            a.append("clone(%s)" % rng.choice(["1", "2,3", "pop_vlan,4", "drop"]))
        elif k == 16:
            a.append(rng.choice(["ct", "ct(commit)", "ct(zone=%d)" % rng.randrange(100), "ct(commit,mark=0x1/0xff)",
                                 "ct(commit,nat(src=10.0.0.1-10.0.0.9:100-200,random))", "ct(nat)", "ct(helper=ftp)",
                                 "ct(commit,label=0x1/0x1)", "ct(force_commit)"]))
        elif k == 17:
            a.append("ct_clear")
        elif k == 18:
            a.append("trunc(%d)" % rng.randrange(60, 2000))
        elif k == 19:
            a.append("meter(%d)" % rng.randrange(100))
        elif k == 20:
            a.append("check_pkt_len(size=%d,gt(%d),le(%d))" % (rng.randrange(64, 1500), rng.randrange(1, 5), rng.randrange(1, 5)))
        elif k == 21:
            a.append(rng.choice(["set(ipv6(src=%s))" % ip6(), "set(udp(dst=%d/0xff00))" % rng.randrange(65536), "set(ct_state(0x1))", "set(eth(dst=%s/ff:ff:ff:00:00:00))" % mac()]))
        elif k == 22:
            a.append("set(tcp(src=%d,dst=%d))" % (rng.randrange(65536), rng.randrange(65536)))
        elif k == 23:
            a.append(rng.choice(["tnl_pop(%d)" % rng.randrange(1, 10), "lb_output(%d)" % rng.randrange(10), "drop",
                                 "set(skb_mark(%#x))" % rng.randrange(1, 1000), "set(tunnel(tun_id=0x5,dst=1.1.1.1,ttl=64,flags(df|key)))"]))
    if "drop" in a and len(a) > 1:
        a.remove("drop")
    return ",".join(a)


def tnl_push():
    eth = "eth(dst=%s,src=%s,dl_type=0x%s)" % (mac(), mac(), "%s")
    v6 = rng.random() < 0.4
    if v6:
        l3 = "ipv6(src=%s,dst=%s,label=%d,proto=%s,tclass=0x%x,hlimit=%d)" % (ip6(), ip6(), rng.randrange(1 << 20), "%d", rng.randrange(256), rng.randrange(256))
        size3 = 40
        eth = eth % "86dd"
    else:
        l3 = "ipv4(src=%s,dst=%s,proto=%s,tos=%#x,ttl=%d,frag=0x4000)" % (ip4(), ip4(), "%d", rng.randrange(256), rng.randrange(1, 256))
        size3 = 20
        eth = eth % "0800"
    k = rng.randrange(4)
    udp = "udp(src=%d,dst=%d,csum=0x%x)" % (rng.randrange(65536), rng.choice([4789, 6081]), rng.choice([0, 0xffff]))
    if k == 0:
        tail, size, typ = udp + ",vxlan(flags=0x8000000,vni=0x%x)" % rng.randrange(1 << 24), 14 + size3 + 16, 4
        l3 = l3 % 17
    elif k == 1:
        opts = ""
        extra = 0
        if rng.random() < 0.5:
            opts = ",options({class=0x%x,type=0x%x,len=4,0x%x})" % (rng.randrange(65536), rng.randrange(256), rng.randrange(1, 1 << 32))
            extra = 8
        tail, size, typ = udp + ",geneve(%svni=0x%x%s)" % (rng.choice(["", "oam,", "crit,", "oam,crit,"]), rng.randrange(1 << 24), opts), 14 + size3 + 16 + extra, 5
        l3 = l3 % 17
    else:
        flags = rng.choice([0, 0x2000, 0xa000, 0x3000, 0xb000])
        parts = ""
        n = 4
        if flags & 0x8000:
            parts += ",csum=0x%x" % rng.randrange(65536)
            n += 4
        if flags & 0x2000:
            parts += ",key=0x%x" % rng.randrange(1 << 32)
            n += 4
        if flags & 0x1000:
            parts += ",seq=0x%x" % rng.randrange(1 << 32)
            n += 4
        tail, size, typ = "gre((flags=0x%x,proto=0x6558)%s)" % (flags, parts), 14 + size3 + n, 109 if v6 else 3
        l3 = l3 % 47
    return "tnl_push(tnl_port(%d),header(size=%d,type=%d,%s,%s,%s),out_port(%d))" % (rng.randrange(1, 9), size, typ, eth, l3, tail, rng.randrange(1, 9))


def push_nsh():
    if rng.random() < 0.6:
        fields = ["flags=%d" % rng.randrange(4), "ttl=%d" % rng.randrange(64), "mdtype=1", "np=%d" % rng.choice([1, 2, 3]),
                  "spi=0x%x" % rng.randrange(1 << 24), "si=%d" % rng.randrange(256)] + ["c%d=0x%x" % (i, rng.randrange(1 << 32)) for i in range(1, 5)]
        rng.shuffle(fields)
        fields = [f for f in fields if rng.random() < 0.8]
    else:
        fields = ["mdtype=2", "np=1", "spi=0x%x" % rng.randrange(1 << 24), "si=%d" % rng.randrange(256),
                  "md2=0x" + "".join("%02x" % rng.randrange(256) for _ in range(rng.randrange(1, 12)))]
    return "push_nsh(%s),%d" % (",".join(fields), rng.randrange(1, 9))


def extra_action():
    k = rng.randrange(16)
    if k >= 14:
        return rng.choice([push_nsh(), "pop_nsh(),%d" % rng.randrange(1, 9)])
    if k >= 12:
        return tnl_push()
    if k == 0:
        return "userspace(pid=%d,controller(reason=%d,dont_send=%d,continuation=%d,recirc_id=%d,rule_cookie=0x%x,controller_id=%d,max_len=%d))" % (
            rng.randrange(1000), rng.randrange(8), rng.randrange(2), rng.randrange(2), rng.randrange(100), rng.randrange(1 << 40), rng.randrange(10), rng.randrange(65536))
    if k == 1:
        return "userspace(pid=%d,userdata(%s),actions,tunnel_out_port=%d)" % (rng.randrange(1000), "".join("%02x" % rng.randrange(256) for _ in range(rng.randrange(1, 20))), rng.randrange(10))
    if k == 2:
        return "ct(commit,zone=%d,nat(dst=[%s]:%d,persistent))" % (rng.randrange(1, 100), ip6(), rng.randrange(1, 65536))
    if k == 3:
        return "ct(zone=%d,timeout=tp%d,nat(dst=%s-%s))" % (rng.randrange(1, 10), rng.randrange(10), "10.0.0.1", "10.0.0.%d" % rng.randrange(2, 250))
    if k == 4:
        return "sample(sample=%s%%,actions(clone(set(eth(src=%s,dst=%s)),%d)))" % (rng.choice(["33.3", "1.5", "99.9"]), mac(), mac(), rng.randrange(1, 9))
    if k == 5:
        return "check_pkt_len(size=%d,gt(drop),le(%d,pop_vlan))" % (rng.randrange(64, 9000), rng.randrange(1, 9))
    if k == 6:
        return "set(ipv6(src=%s,dst=%s,label=%d,proto=6,tclass=0x%x,hlimit=%d,frag=no))" % (ip6(), ip6(), rng.randrange(1 << 20), rng.randrange(256), rng.randrange(256))
    if k == 7:
        return "set(tcp(src=%d/0xff)),set(ipv6(dst=%s/ffff:ffff::))" % (rng.randrange(65536), ip6())
    if k == 8:
        return "set(tunnel(tun_id=0x%x,src=%s,dst=%s,tos=0x%x,ttl=%d,tp_dst=4789,flags(df|key)))" % (rng.randrange(1 << 32), ip4(), ip4(), rng.randrange(256), rng.randrange(256))
    if k == 9:
        return "push_vlan(vid=%d,pcp=%d,cfi=0),%d" % (rng.randrange(4096), rng.randrange(8), rng.randrange(1, 9))
    if k == 10:
        return "set(skb_priority(0x%x)),set(ct_mark(0x%x)),meter(%d),recirc(%d)" % (rng.randrange(1 << 16), rng.randrange(1 << 16), rng.randrange(10), rng.randrange(1 << 20))
    return "ct(commit,mark=0x%x/0x%x,label=0x%x,helper=ftp)" % (rng.randrange(1 << 16), rng.randrange(1, 1 << 16), rng.randrange(1 << 60))


BAD_KEYS = [
    "in_port(1),foo(2)",
    "in_port(1),eth(src=00:01:02:03:04)",
    "in_port(1),eth_type(0x0800),ipv4(src=1.2.3)",
    "in_port(x)",
    "in_port(1),eth(),eth_type(0x0800),ipv4(frag=maybe)",
    "in_port(1),eth(),eth_type(0x0800),ipv4(src=10.0.0.1,bogus=3)",
    "in_port(1),ct_state(+foo)",
    "in_port(1),tcp_flags(+bad)",
    "ufid:123,in_port(1)",
    "in_port(1),eth(),eth_type(0x86dd),ipv6(src=::1/::g)",
    "in_port(1),eth(),eth_type(0x8100),vlan(vid=5),encap(eth_type(0x0800),ipv4(src=1.2.3.4",
]
BAD_ACTIONS = ["push_mpls(label=5,tc=1,ttl=3,bos=1,eth_type=0x8847)", "pop_mpls(eth_type=0x800)", "recirc(0x5)", "hash(l4(5))",
               "push_eth(src=00:01:02:03:04:05,dst=00:01:02:03:04:06)", "pop_eth", "clone(drop)", "set(ipv4(src=1.2.3.4)", "foo", "output(x)", "userspace(pid=x)", "set(bogus(1))", "push_vlan(vid=5000)", "sample(sample=200%,actions(1))",
               "ct(zone=x)", "hash(l5(1))", "1,,2", "recirc()", "trunc(x)", "clone(foo)"]


def main():
    for _ in range(160):
        print(",".join(key()) + "\t" + action())
    for _ in range(60):
        print(",".join(extra_key()) + "\t" + extra_action())
    for k in BAD_KEYS:
        print("!" + k + "\t1")
    for a in BAD_ACTIONS:
        print("!in_port(1)\t" + a)


main()
