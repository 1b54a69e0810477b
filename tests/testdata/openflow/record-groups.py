#!/usr/bin/env python3
"""Records group-message goldens from Debian's ovs-ofctl 3.1.0 (see record.py for the other OpenFlow goldens).

The corpus is ours: group mods (NXT_GROUP_MOD in OpenFlow 1.0, OFPT_GROUP_MOD in 1.1-1.5) whose bytes come from
Debian's own encoder (`parse-group` at verbosity 5 prints a hex dump), so decoding and re-encoding them must give the
same bytes; the same groups as group description replies; group statistics replies and requests; request-forwards
carrying group mods; a bundle carrying one; and malformed variants of each (truncations, bad lengths, properties,
ids, watches, commands). Writes:

  group-print-cases.json   ofp-print HEX: stdout and the '%c|%p|%m' console log, and whether the message is
                           canonical (re-encoding it must reproduce it byte for byte)
  group-parse-cases.json   parse-group TEXT: the error ovs-ofctl reports, or the group mod it encodes in OpenFlow
                           1.0, 1.1 and 1.5 (hex) with its printed form

Usage: tests/testdata/openflow/record-groups.py [OVS_OFCTL]   (default /usr/bin/ovs-ofctl)
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
ENV = {"PATH": "/usr/bin:/bin", "OVS_RUNDIR": "/nonexistent", "OVS_LOGDIR": "/nonexistent"}
VERSIONS = [1, 2, 3, 4, 5, 6]


def run(*args):
    p = subprocess.run([OFCTL, "-vPATTERN:console:%c|%p|%m", *args], capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def dump_bytes(text):
    """Bytes of an ovs_hex_dump without ASCII ("00000000  00 01 ...")."""
    out = b""
    for line in text.splitlines():
        if line[:8].strip() and all(c in "0123456789abcdef" for c in line[:8]):
            out += bytes.fromhex(line[10:58].replace("-", " "))
    return out


def parse_group(version, text):
    """Debian's group mod (ADD) for a group in ovs-ofctl syntax, in wire version 'version'."""
    rc, out, err = run("-mmmmm", f"-OOpenFlow1{version - 1}", "parse-group", text)
    if "no usable protocol" in err:
        return None
    assert rc == 0, (text, out, err)
    data = dump_bytes(out)
    assert data and data[0] == version, (text, out)
    return data


def msg(version, type_, body=b"", xid=1):
    return struct.pack("!BBHI", version, type_, 8 + len(body), xid) + body


def nxt(version, subtype, body=b"", xid=2):
    return msg(version, 4, struct.pack("!II", NX, subtype) + body, xid)


def onft(version, subtype, body=b"", xid=2):
    return msg(version, 4, struct.pack("!II", ONF, subtype) + body, xid)


def stats(version, stat, body=b"", xid=3, reply=False):
    if version == 1:
        return msg(version, 17 if reply else 16, struct.pack("!HH", stat, 0) + body, xid)
    return msg(version, 19 if reply else 18, struct.pack("!HH4x", stat, 0) + body, xid)


def nxst(stat, body=b"", xid=4, reply=False):
    return msg(1, 17 if reply else 16, struct.pack("!HHII4x", 0xFFFF, 0, NX, stat) + body, xid)


def header_size(data):
    return 16 if data[0] == 1 else 8


def mod_body(data):
    return data[header_size(data):]


def with_body(data, body):
    """The message 'data' with its body (after its own headers) replaced and its length fixed."""
    h = bytearray(data[:header_size(data)])
    h[2:4] = struct.pack("!H", len(h) + len(body))
    return bytes(h) + body


def set_command(data, command, bucket_id=None):
    body = bytearray(mod_body(data))
    body[0:2] = struct.pack("!H", command)
    if bucket_id is not None:
        body[12:16] = struct.pack("!I", bucket_id)
    return with_body(data, bytes(body))


def v15(version):
    return version in (1, 6)


def desc_entry(version, mod):
    """A group description entry holding the group of group mod 'mod'."""
    body = mod_body(mod)
    type_, group_id = body[2], struct.unpack("!I", body[4:8])[0]
    if v15(version):
        rest = body[16:]
        list_len = struct.unpack("!H", body[8:10])[0]
        return struct.pack("!HBxIH6x", 16 + len(rest), type_, group_id, list_len) + rest
    rest = body[8:]
    return struct.pack("!HBxI", 8 + len(rest), type_, group_id) + rest


def desc_reply(version, entries, xid=5):
    body = b"".join(entries)
    return nxst(8, body, xid, reply=True) if version == 1 else stats(version, 7, body, xid, reply=True)


def stats_entry(version, group_id, ref, packets, nbytes, counters, sec=18, nsec=500000000):
    duration = version == 1 or version >= 4
    base = 40 if duration else 32
    e = struct.pack("!H2xII4xQQ", base + 16 * len(counters), group_id, ref, packets, nbytes)
    if duration:
        e += struct.pack("!II", sec, nsec)
    return e + b"".join(struct.pack("!QQ", p, b) for p, b in counters)


def stats_reply(version, entries, xid=6):
    body = b"".join(entries)
    return nxst(7, body, xid, reply=True) if version == 1 else stats(version, 6, body, xid, reply=True)


def requestforward(version, inner):
    if version < 4:
        return nxt(version, 132, inner, xid=0)
    if version == 4:
        return onft(version, 2350, inner, xid=0)
    return msg(version, 32, inner, xid=0)


GROUPS = [
    ("all", "group_id=1,type=all,bucket=actions=output:1,bucket=actions=output:2"),
    ("all-empty", "group_id=2,type=all"),
    ("select", "group_id=2271560481,type=select,bucket=weight:100,actions=output:1,bucket=weight:200,actions=output:2"),
    ("select-default", "group_id=3,type=select,bucket=actions=mod_dl_src:00:11:22:33:44:55,output:LOCAL"),
    ("select-hash", "group_id=4,type=select,selection_method=hash,fields(ip_dst=255.255.255.0,nw_proto,tcp_src),"
                    "bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2"),
    ("select-hash-one", "group_id=5,type=select,selection_method=hash,fields=eth_dst,bucket=actions=output:1"),
    ("select-hash-param", "group_id=6,type=select,selection_method=hash,selection_method_param=7,"
                          "fields(ipv6_src=ffff:ffff::,ip_src,udp_dst=0xff00),bucket=actions=output:3"),
    ("select-dp-hash", "group_id=7,type=select,selection_method=dp_hash,selection_method_param=0x1234,"
                       "bucket=actions=output:1,bucket=weight:0,actions=output:2"),
    ("indirect", "group_id=8,type=indirect,bucket=actions=set_field:10.0.0.1->ip_dst,output:IN_PORT"),
    ("ff", "group_id=9,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_group:5,actions=group:5,"
           "bucket=watch_port:3,watch_group:4,actions=drop"),
    ("ff-reserved", "group_id=10,type=ff,bucket=watch_port:65000,actions=output:2"),
    ("bucket-ids", "group_id=11,type=all,bucket=bucket_id:7,actions=output:1,bucket=actions=output:2,"
                   "bucket=bucket_id:0,actions=output:3,bucket=actions=output:4"),
    ("actions", "group_id=12,type=all,bucket=actions=mod_vlan_vid:5,mod_nw_dst:10.0.0.1,resubmit(,3),"
                "output:CONTROLLER,bucket=actions=push_vlan:0x8100,set_field:4196->vlan_vid"),
]


def corpus():
    cases = []

    def add(name, data, canonical=False):
        cases.append({"name": name, "hex": data.hex(), "verbosity": None, "canonical": canonical})

    mods = {}
    for version in VERSIONS:
        for name, text in GROUPS:
            if name == "bucket-ids" and not v15(version):
                continue
            data = parse_group(version, text)
            if data is None:
                continue
            mods[(version, name)] = data
            add(f"group-mod-{version}-{name}", data, canonical=True)

    # Other commands.
    for version in VERSIONS:
        base = mods[(version, "select")]
        empty = with_body(base, mod_body(base)[:16] if v15(version) else mod_body(base)[:8])
        if v15(version):
            empty = set_command(empty, 0)
            b = bytearray(mod_body(empty))
            b[8:10] = b"\0\0"
            empty = with_body(empty, bytes(b))
        add(f"group-mod-{version}-modify", set_command(base, 1), canonical=True)
        add(f"group-mod-{version}-add-or-mod", set_command(base, 0x8000), canonical=True)
        add(f"group-mod-{version}-delete", set_command(empty, 2), canonical=True)
        add(f"group-mod-{version}-delete-with-buckets", set_command(base, 2), canonical=version < 4 or v15(version))
        add(f"group-mod-{version}-unknown-command", set_command(base, 7))
        if v15(version):
            for label, bid in (("first", 0xFFFFFFFD), ("last", 0xFFFFFFFE), ("id", 5)):
                add(f"group-mod-{version}-insert-{label}", set_command(base, 3, bid), canonical=True)
                add(f"group-mod-{version}-remove-{label}", set_command(empty, 5, bid), canonical=True)
            add(f"group-mod-{version}-remove-all", set_command(empty, 5, 0xFFFFFFFF), canonical=True)
            add(f"group-mod-{version}-remove-with-buckets", set_command(base, 5, 0xFFFFFFFF))
            add(f"group-mod-{version}-insert-all", set_command(base, 3, 0xFFFFFFFF))
            add(f"group-mod-{version}-add-bucket-id", set_command(base, 0, 3))
            add(f"group-mod-{version}-insert-bad-id", set_command(base, 3, 0xFFFFFF01))
            hashed = mods[(version, "select-hash")]
            add(f"group-mod-{version}-modify-hash", set_command(hashed, 1), canonical=True)
            add(f"group-mod-{version}-delete-hash", set_command(hashed, 2))
            add(f"group-mod-{version}-insert-hash", set_command(hashed, 3, 0xFFFFFFFD))
        else:
            add(f"group-mod-{version}-insert-bucket", set_command(base, 3))
            add(f"group-mod-{version}-remove-bucket", set_command(empty, 5))

    # Semantic checks on the group and its buckets.
    for version in VERSIONS:
        def retype(data, type_):
            b = bytearray(mod_body(data))
            b[2] = type_
            return with_body(data, bytes(b))
        add(f"group-mod-{version}-weight-in-all", retype(mods[(version, "select")], 0))
        add(f"group-mod-{version}-ff-no-watch", retype(mods[(version, "all")], 3))
        add(f"group-mod-{version}-all-with-watch", retype(mods[(version, "ff")], 0))
        add(f"group-mod-{version}-indirect-two", retype(mods[(version, "all")], 2))
        add(f"group-mod-{version}-select-with-watch", retype(mods[(version, "ff")], 1), canonical=not v15(version))
        add(f"group-mod-{version}-bad-type", retype(mods[(version, "all")], 5))
        add(f"group-mod-{version}-hash-in-all", retype(mods[(version, "select-hash")], 0))

    # Malformed buckets, OpenFlow 1.1 layout.
    for version in (2, 4):
        base = mods[(version, "all")]
        body = mod_body(base)
        b1 = bytearray(body)
        b1[8:10] = struct.pack("!H", 8)
        add(f"group-mod-{version}-bucket-len-short", with_body(base, bytes(b1)))
        b2 = bytearray(body)
        b2[8:10] = struct.pack("!H", 0x200)
        add(f"group-mod-{version}-bucket-len-long", with_body(base, bytes(b2)))
        add(f"group-mod-{version}-bucket-leftover", with_body(base, body + bytes(8)))
        b3 = bytearray(body)
        b3[12:16] = struct.pack("!I", 0xFF00)
        add(f"group-mod-{version}-bad-watch-port", with_body(base, bytes(b3)))
        b4 = bytearray(body)
        b4[8:10] = struct.pack("!H", 36)
        add(f"group-mod-{version}-bucket-actions-odd", with_body(base, bytes(b4)))
        b5 = bytearray(body)
        b5[24:26] = struct.pack("!H", 0x55)
        add(f"group-mod-{version}-bad-action", with_body(base, bytes(b5)))
        add(f"group-mod-{version}-no-body", with_body(base, body[:8]), canonical=True)

    # Malformed buckets and properties, OpenFlow 1.5 layout (and NXT_GROUP_MOD).
    for version in (1, 6):
        base = mods[(version, "ff")]
        body = mod_body(base)
        list_len = struct.unpack("!H", body[8:10])[0]

        def patch(off, fmt, value, src=body):
            b = bytearray(src)
            struct.pack_into(fmt, b, off, value)
            return bytes(b)
        add(f"group-mod-{version}-list-len-long", with_body(base, patch(8, "!H", list_len + 8)))
        add(f"group-mod-{version}-list-len-short", with_body(base, patch(8, "!H", list_len - 8)))
        add(f"group-mod-{version}-list-len-huge", with_body(base, patch(8, "!H", 0x7000)))
        add(f"group-mod-{version}-bucket-len-short", with_body(base, patch(16, "!H", 4)))
        add(f"group-mod-{version}-bucket-len-long", with_body(base, patch(16, "!H", 0x100)))
        add(f"group-mod-{version}-actions-len-long", with_body(base, patch(18, "!H", 0x80)))
        add(f"group-mod-{version}-actions-len-odd", with_body(base, patch(18, "!H", 12)))
        add(f"group-mod-{version}-bucket-id-too-big", with_body(base, patch(20, "!I", 0xFFFFFF01)))
        add(f"group-mod-{version}-duplicate-bucket-id", with_body(base, patch(20, "!I", 1)))
        first_len = struct.unpack("!H", body[16:18])[0]
        prop_at = 16 + 8 + struct.unpack("!H", body[18:20])[0]
        add(f"group-mod-{version}-unknown-bucket-prop", with_body(base, patch(prop_at, "!H", 7)))
        add(f"group-mod-{version}-bucket-prop-len", with_body(base, patch(prop_at + 2, "!H", 2)))
        add(f"group-mod-{version}-bucket-prop-len-5", with_body(base, patch(prop_at + 2, "!H", 5)))
        add(f"group-mod-{version}-watch-port-bad", with_body(base, patch(prop_at + 4, "!I", 0xFFFF0000)))
        add(f"group-mod-{version}-exp-bucket-prop", with_body(base, patch(prop_at, "!H", 0xFFFF)))
        assert first_len > 0
        sel = mods[(version, "select-default")]
        sbody = mod_body(sel)
        wat = 16 + 8 + struct.unpack("!H", sbody[18:20])[0]
        add(f"group-mod-{version}-weight-prop-4", with_body(sel, patch(wat + 2, "!H", 4, sbody)))
        add(f"group-mod-{version}-weight-prop-5", with_body(sel, patch(wat + 2, "!H", 5, sbody)))
        # Group properties after the selection method.
        h = mods[(version, "select-hash")]
        hb = mod_body(h)
        hl = struct.unpack("!H", hb[8:10])[0]
        pat = 16 + hl
        add(f"group-mod-{version}-hash-compat-vendor", with_body(h, patch(pat + 4, "!I", 0x1540, hb)))
        add(f"group-mod-{version}-hash-other-vendor", with_body(h, patch(pat + 4, "!I", 0x2320, hb)))
        add(f"group-mod-{version}-hash-zero-vendor", with_body(h, patch(pat + 4, "!I", 0, hb)))
        add(f"group-mod-{version}-hash-exp-type", with_body(h, patch(pat + 8, "!I", 2, hb)))
        add(f"group-mod-{version}-hash-bad-method", with_body(h, patch(pat + 16, "!4s", b"rand", hb)))
        add(f"group-mod-{version}-hash-unterminated", with_body(h, patch(pat + 16, "!16s", b"hashhashhashhash", hb)))
        add(f"group-mod-{version}-hash-short-prop", with_body(h, patch(pat + 2, "!H", 36, hb)))
        add(f"group-mod-{version}-hash-prop-len-long", with_body(h, patch(pat + 2, "!H", 0x200, hb)))
        add(f"group-mod-{version}-hash-dp-with-fields", with_body(h, patch(pat + 16, "!8s", b"dp_hash\0", hb)))
        add(f"group-mod-{version}-hash-masked-field", with_body(h, patch(pat + 42, "!B", hb[pat + 42] | 1, hb)))
        add(f"group-mod-{version}-hash-unknown-field", with_body(h, patch(pat + 40, "!H", 0x7777, hb)))
        add(f"group-mod-{version}-hash-bad-field-len", with_body(h, patch(pat + 43, "!B", 9, hb)))
        dup = bytearray(hb)
        dup[pat + 48:pat + 52] = dup[pat + 40:pat + 44]
        add(f"group-mod-{version}-hash-dup-field", with_body(h, bytes(dup)))
        add(f"group-mod-{version}-unknown-group-prop", with_body(h, patch(pat, "!H", 3, hb)))
        add(f"group-mod-{version}-group-prop-short", with_body(h, hb[:pat] + struct.pack("!HH4x", 0xFFFF, 6)))
        add(f"group-mod-{version}-hash-in-delete", set_command(h, 2))
        dp = mods[(version, "select-hash-one")]
        add(f"group-mod-{version}-hash-one", dp, canonical=True)

    # Truncations (the header length says so).
    for key in ((1, "select-hash"), (2, "ff"), (4, "select"), (6, "select-hash"), (6, "ff")):
        data = mods[key]
        for cut in (12, 16, 20, 24, 32, 40, 56, 64, 88):
            if cut < len(data):
                t = bytearray(data[:cut])
                t[2:4] = struct.pack("!H", cut)
                add(f"group-mod-{key[0]}-{key[1]}-cut{cut}", bytes(t))

    # Group description replies.
    for version in VERSIONS:
        names = ["select", "ff", "indirect", "select-hash", "all-empty"]
        if v15(version):
            names.append("bucket-ids")
        entries = [desc_entry(version, mods[(version, n)]) for n in names]
        add(f"group-desc-{version}", desc_reply(version, entries), canonical=True)
        add(f"group-desc-{version}-one", desc_reply(version, entries[:1]), canonical=True)
        add(f"group-desc-{version}-empty", desc_reply(version, []), canonical=True)
        e = entries[0]
        add(f"group-desc-{version}-leftover", desc_reply(version, [e, e[:6]]))
        bad = bytearray(e)
        bad[0:2] = struct.pack("!H", 4)
        add(f"group-desc-{version}-len-short", desc_reply(version, [e, bytes(bad)]))
        bad = bytearray(e)
        bad[0:2] = struct.pack("!H", len(e) + 8)
        add(f"group-desc-{version}-len-long", desc_reply(version, [bytes(bad)]))
        bad = bytearray(e)
        bad[2] = 9
        add(f"group-desc-{version}-unknown-type", desc_reply(version, [bytes(bad)]), canonical=True)
        if v15(version):
            bad = bytearray(e)
            bad[8:10] = struct.pack("!H", len(e))
            add(f"group-desc-{version}-list-len-long", desc_reply(version, [bytes(bad)]))
            h = desc_entry(version, mods[(version, "select-hash")])
            bad = bytearray(h)
            bad[2] = 0
            add(f"group-desc-{version}-hash-in-all", desc_reply(version, [bytes(bad)]))
        else:
            bad = bytearray(e)
            bad[8:10] = struct.pack("!H", 24)
            add(f"group-desc-{version}-bucket-len-bad", desc_reply(version, [bytes(bad)]))
        wb = bytearray(desc_entry(version, mods[(version, "ff")]))
        add(f"group-desc-{version}-ff", desc_reply(version, [bytes(wb)]), canonical=True)

    # Group statistics replies and requests.
    for version in VERSIONS:
        e1 = stats_entry(version, 0x87654321, 4, 0x8888, 0x777777, [(0x1111, 0x222222), (0x1111, 0x222222)])
        e2 = stats_entry(version, 5, 2, 1, 2, [], sec=16, nsec=1000)
        e3 = stats_entry(version, 6, 0, 0, 0, [(2**64 - 1, 5), (3, 4)], sec=0, nsec=0)
        add(f"group-stats-{version}", stats_reply(version, [e1, e2, e3]), canonical=True)
        add(f"group-stats-{version}-empty", stats_reply(version, []), canonical=True)
        add(f"group-stats-{version}-leftover", stats_reply(version, [e1, e2[:12]]))
        for length in (4, 8, 24, 36):
            bad = bytearray(e2)
            bad[0:2] = struct.pack("!H", length)
            add(f"group-stats-{version}-len-{length}", stats_reply(version, [e1, bytes(bad)]))
        bad = bytearray(e1)
        bad[0:2] = struct.pack("!H", len(e1) + 16)
        add(f"group-stats-{version}-len-long", stats_reply(version, [bytes(bad)]))
        bad = bytearray(e1)
        bad[0:2] = struct.pack("!H", len(e1) + 8)
        add(f"group-stats-{version}-len-odd", stats_reply(version, [bytes(bad), e2]))
        for gid in (0, 7, 0xFFFFFFFC, 0xFFFFFFFF):
            req = struct.pack("!I4x", gid)
            m = nxst(7, req) if version == 1 else stats(version, 6, req)
            add(f"group-stats-request-{version}-{gid:x}", m, canonical=True)
            if version == 1:
                add(f"group-desc-request-{version}-{gid:x}", nxst(8, req), canonical=True)
            elif version == 6:
                add(f"group-desc-request-{version}-{gid:x}", stats(version, 7, req), canonical=True)
        if 1 < version < 6:
            add(f"group-desc-request-{version}", stats(version, 7), canonical=True)

    # Request-forwards carrying group mods.
    for version in VERSIONS:
        for name in ("select", "all-empty", "ff", "select-hash"):
            inner = bytearray(mods[(version, name)])
            inner[4:8] = struct.pack("!I", 0x11223344)
            add(f"requestforward-{version}-{name}", requestforward(version, bytes(inner)), canonical=True)
        inner = bytearray(mods[(version, "select")])
        add(f"requestforward-{version}-trailing", requestforward(version, bytes(inner) + bytes(8)))
        add(f"requestforward-{version}-modify", requestforward(version, set_command(bytes(inner), 1)), canonical=True)
        add(f"requestforward-{version}-bad-inner", requestforward(version, set_command(bytes(inner), 9)))
        other = bytearray(inner)
        other[0] = 1 if version != 1 else 2
        add(f"requestforward-{version}-version", requestforward(version, bytes(other)))
        short = bytearray(inner)
        short[2:4] = struct.pack("!H", 4)
        add(f"requestforward-{version}-inner-short", requestforward(version, bytes(short)))
        long_ = bytearray(inner)
        long_[2:4] = struct.pack("!H", len(inner) + 8)
        add(f"requestforward-{version}-inner-long", requestforward(version, bytes(long_)))
        add(f"requestforward-{version}-echo", requestforward(version, msg(version, 2, bytes(8))))
        odd = bytearray(inner[:len(inner) - 4])
        odd[2:4] = struct.pack("!H", len(odd))
        add(f"requestforward-{version}-inner-bad-len", requestforward(version, bytes(odd) + bytes(4)))
        if version >= 2:
            add(f"requestforward-{version}-empty", requestforward(version, b"")[:-0 or None])
    # Request-forward with too little body.
    add("requestforward-5-short", msg(5, 32, bytes(8), xid=0)[:8] + b"")

    # Group features replies (NXST_GROUP_FEATURES before OpenFlow 1.2) and requests.
    maps = {1: 0xFFF, 2: 0x1FFE7FF, 3: 0x3FF8001}
    for version in VERSIONS:
        full = maps[min(version, 3)]
        for label, types, acts, canon in (("full", 0xF, [1, full, full & 0x5555, full & 0xAAAA], True),
                                           ("some", 0x5, [0, 0, 0x20001, 0xFFFFFFFF], False),
                                           ("none", 0, [full, full, full, full], True)):
            body = struct.pack("!II4I4I", types, 0xF, 0, 2, 0x10, 0xFFFFFFFF, *acts)
            m = nxst(9, body, reply=True) if version < 3 else stats(version, 8, body, reply=True)
            if version == 2:
                m = msg(2, 19, struct.pack("!HH4xII", 0xFFFF, 0, NX, 9) + body, 4)
            add(f"group-features-{version}-{label}", m, canonical=canon)
        req = msg(2, 18, struct.pack("!HH4xII", 0xFFFF, 0, NX, 9), 4) if version == 2 else (
            nxst(9) if version == 1 else stats(version, 8))
        add(f"group-features-request-{version}", req)

    # A bundle carrying a group mod.
    for version in (5, 6):
        inner = bytearray(mods[(version, "select-hash")])
        inner[4:8] = struct.pack("!I", 3)
        add(f"bundle-add-{version}-group-mod", msg(version, 34, struct.pack("!IHH", 1, 0, 1) + bytes(inner), xid=3))
    return cases


PARSE_TEXTS = [text for _, text in GROUPS] + [
    "group_id=1,type=select,bucket=weight:0,actions=output:1",
    "group_id=1,type=fast_failover,bucket=watch_port:2,watch_group:3,output:4",
    "group_id=1,type=all,bucket=output:1,mod_nw_tos:4,bucket=actions=drop",
    "group_id=4294967296,type=all",
    "group_id=+5,type=all",
    "group_id=0x10,type=all",
    "group_id=010,type=all",
    "group_id=,type=all",
    "group_id=08,type=all",
    "group_id=18446744073709551616,type=all",
    "group_id=1,type=select,selection_method=hash,selection_method_param=-2,bucket=actions=1",
    "group_id=1,type=all,bucket=actions=output:1,output:2",
    "group_id=1,type=all,BUCKET_ID=3,bucket=Weight=0,Actions=output:1",
    "group_id=1,type=select,selection_method=hash,fields(eth_src,ip_dst=255.0.255.0,ipv6_dst=ffff::),bucket=actions=1",
    "group_id=1,type=select,selection_method=hash,fields=eth_dst=ff:00:00:00:00:01,bucket=actions=1",
    "group_id=1,type=select,selection_method=hash,bucket=actions=1",
    "group_id=4294967040,type=all",
    "group_id=all,type=all",
    "  group_id=1  type=indirect  bucket=actions=1",
    "group_id=1,type=all,bucket=bucket_id:4294967040,actions=1",
    # Errors.
    "type=all",
    "group_id=1",
    "group_id=1,type=foo",
    "group_id=4294967041,type=all",
    "group_id=abc,type=all",
    "group_id=1,type=all,frobnicate=2",
    "group_id=1,type=all,command_bucket_id=1",
    "group_id=1,type=all,selection_method=0123456789abcdef",
    "group_id=1,type=all,selection_method_param=5",
    "group_id=1,type=all,selection_method_param=x",
    "group_id=1,type=select,selection_method=dp_hash,fields=ip_dst",
    "group_id=1,type=select,fields(ip_dst=0.0.0.0,nw_proto)",
    "group_id=1,type=select,fields=ip_dst=0.0.0.0",
    "group_id=1,type=select,fields(nw_proto,xyz,tcp_src)",
    "group_id=1,type=select,fields(nw_proto,nw_proto)",
    "group_id=1,type=select,fields(ip_dst=*)",
    "group_id=1,type=select,fields(ip_dst=1.2.3.4/255.0.0.0)",
    "group_id=1,type=select,fields(ip_dst=banana)",
    "group_id=1,type=select,fields(vlan_tci=0x1000,in_port=0x7)",
    "group_id=1,type=all,bucket=weight:2,actions=1",
    "group_id=1,type=select,bucket=weight:70000,actions=1",
    "group_id=1,type=select,bucket=weight:x,actions=1",
    "group_id=1,type=all,bucket=watch_port:LOCAL,actions=1",
    "group_id=1,type=all,bucket=watch_port:65280,actions=1",
    "group_id=1,type=all,bucket=watch_port:foo,actions=1",
    "group_id=1,type=ff,bucket=watch_port:CONTROLLER,actions=1",
    "group_id=1,type=ff,bucket=watch_port:ANY,actions=1",
    "group_id=1,type=ff,bucket=watch_group:4294967041,actions=1",
    "group_id=1,type=ff,bucket=watch_group:x,actions=1",
    "group_id=1,type=all,bucket=bucket_id:4294967041,actions=1",
    "group_id=1,type=all,bucket=bucket_id:-1,actions=1",
    "group_id=1,type=all,bucket=watch_port:1",
    "group_id=1,type=all,bucket=",
    "group_id=1,type=ff,bucket=actions=1",
    "group_id=1,type=indirect,bucket=actions=1,bucket=actions=2",
    "group_id=1,type=all,bucket=actions=frobnicate",
    "group_id=1,type=select,bucket=actions=clear_actions",
]


def record_parse():
    cases = []
    for text in PARSE_TEXTS:
        case = {"text": text}
        rc, out, err = run("parse-group", text)
        case["exit"] = rc
        if rc != 0:
            case["error"] = err
        else:
            for version in (1, 2, 6):
                rc, out, err = run("-mmmmm", f"-OOpenFlow1{version - 1}", "parse-group", text)
                case[f"of1{version - 1}"] = {"exit": rc, "hex": dump_bytes(out).hex() if rc == 0 else None,
                                              "stdout": out, "stderr": err}
        cases.append(case)
    with open(os.path.join(HERE, "group-parse-cases.json"), "w") as f:
        json.dump({"recorded_with": OFCTL + " (Open vSwitch 3.1.0)", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} group-parse cases")


def main():
    cases = corpus()
    for case in cases:
        rc, out, err = run("ofp-print", case["hex"])
        case.update({"exit": rc, "stdout": out, "stderr": err})
    with open(os.path.join(HERE, "group-print-cases.json"), "w") as f:
        json.dump({"recorded_with": OFCTL + " (Open vSwitch 3.1.0)", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} group-message cases")
    record_parse()


if __name__ == "__main__":
    main()
