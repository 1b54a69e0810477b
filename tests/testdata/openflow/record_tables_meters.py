#!/usr/bin/env python3
"""Records the meter and table golden file from Debian's ovs-ofctl 3.1.0.

Builds a corpus of meter messages (OFPT_METER_MOD, meter statistics, configuration and features requests and
replies) and table messages (OFPST_TABLE replies in every version, table features requests and replies, table
description, OFPT_TABLE_MOD and OFPT_TABLE_STATUS), each well formed and in truncated or malformed variants, runs the
reference `ovs-ofctl ofp-print HEX` on each and writes what it printed to table-meter-print-cases.json, in the same
shape as ofp-print-cases.json (stdout, and the '%c|%p|%m' console log as stderr).

Usage: tests/testdata/openflow/record_tables_meters.py [OVS_OFCTL]   (default /usr/bin/ovs-ofctl)
"""
import json
import os
import struct

from record import HERE, OFCTL, fix_len, hexs, msg, run, stats

OFPMP_METER, OFPMP_METER_CONFIG, OFPMP_METER_FEATURES = 9, 10, 11
OFPMP_TABLE, OFPMP_TABLE_FEATURES, OFPMP_TABLE_DESC = 3, 12, 14


# Meters.
def band(type_, rate, burst, prec=0, length=16):
    return struct.pack("!HHIIB3x", type_, length, rate, burst, prec)


def meter_mod(version, command, flags, meter, bands=b"", xid=7):
    return msg(version, 29, struct.pack("!HHI", command, flags, meter) + bands, xid)


def meter_config(flags, meter, bands, length=None):
    n = 8 + len(bands) if length is None else length
    return struct.pack("!HHI", n, flags, meter) + bands


def meter_stats(meter, flows, pkts, byts, sec, nsec, bands, length=None):
    n = 40 + 16 * len(bands) if length is None else length
    body = struct.pack("!IH6xIQQII", meter, n, flows, pkts, byts, sec, nsec)
    return body + b"".join(struct.pack("!QQ", p, b) for p, b in bands)


# Tables.
def name32(s):
    return s.encode().ljust(32, b"\0")


def table10(tid, name, wildcards, max_entries, active, lookup, matched):
    return struct.pack("!B3x32sIIIQQ", tid, name32(name), wildcards, max_entries, active, lookup, matched)


def table11(tid, name, wildcards, match, insts, write, apply, config, max_entries, active, lookup, matched):
    return struct.pack("!B7x32sIIIIIIIIQQ", tid, name32(name), wildcards, match, insts, write, apply, config,
                       max_entries, active, lookup, matched)


def table12(tid, name, match, wildcards, write, apply, wsf, asf, mmatch, mwrite, insts, config, max_entries, active,
            lookup, matched):
    return struct.pack("!B7x32sQQIIQQQQIIIIQQ", tid, name32(name), match, wildcards, write, apply, wsf, asf, mmatch,
                       mwrite, insts, config, max_entries, active, lookup, matched)


def table13(tid, active, lookup, matched):
    return struct.pack("!B3xIQQ", tid, active, lookup, matched)


def prop(type_, payload):
    n = 4 + len(payload)
    return struct.pack("!HH", type_, n) + payload + b"\0" * (-n % 8)


def ids(numbers, size=4):
    return b"".join(struct.pack("!HH", n, size) + b"\0" * (size - 4) for n in numbers)


def oxm(cls, field, length, mask=False, exp=None):
    h = struct.pack("!HBB", cls, (field << 1) | (1 if mask else 0), length)
    return h + (struct.pack("!I", exp) if exp is not None else b"")


BASIC_MATCH = b"".join(oxm(0x8000, f, n) for f, n in [(0, 4), (3, 6), (4, 6), (5, 2), (6, 2), (7, 1), (10, 1),
                                                          (11, 4), (12, 4), (13, 2), (14, 2)])


def features_props(insts=(1, 2, 3, 4, 5), nxt=range(1, 254), write=(0, 22, 25), apply=(0, 17, 18, 25),
                   match=BASIC_MATCH, wild=BASIC_MATCH, wsf=None, asf=None, miss=None, skip=()):
    wsf = BASIC_MATCH[4:20] if wsf is None else wsf
    asf = BASIC_MATCH[:12] if asf is None else asf
    props = [(0, ids(insts)), (2, bytes(nxt)), (4, ids(write)), (6, ids(apply)), (8, match), (10, wild),
             (12, wsf), (14, asf)]
    props += miss or []
    return b"".join(prop(t, p) for t, p in props if t not in skip)


def tf_entry(tid, name, props, mmatch=0xFFFFFFFFFFFFFFFF, mwrite=0, caps=0, max_entries=1000000, command=0,
             length=None):
    n = 64 + len(props) if length is None else length
    return struct.pack("!HBB4x32sQQII", n, tid, command, name32(name), mmatch, mwrite, caps, max_entries) + props


def table_desc(tid, config, props=b"", length=None):
    n = 8 + len(props) if length is None else length
    return struct.pack("!HBxI", n, tid, config) + props


def corpus():
    cases = []

    def add(name, data, verbosity=None):
        cases.append({"name": name, "hex": hexs(data), "verbosity": verbosity})

    # OFPT_METER_MOD.
    for v in (4, 5, 6):
        add(f"meter-mod-add-{v}", meter_mod(v, 0, 0xD, 5, band(1, 1024, 128)))
        add(f"meter-mod-modify-{v}", meter_mod(v, 1, 0x6, 7, band(2, 2048, 64, 3) + band(1, 100, 0)))
        add(f"meter-mod-delete-{v}", meter_mod(v, 2, 0x5, 9, band(1, 1, 1)))
        add(f"meter-mod-no-bands-{v}", meter_mod(v, 0, 0x1, 1))
    for meter in (0, 0xFFFF0000, 0xFFFF0001, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF):
        add(f"meter-mod-id-{meter:x}", meter_mod(4, 0, 0x2, meter, band(1, 10, 0)))
    for flags in (0, 0x3, 0x7, 0x10, 0x8008, 0xFFF0, 0xFFFF):
        add(f"meter-mod-flags-{flags:x}", meter_mod(4, 0, flags, 3, band(1, 10, 20)))
    for cmd in (3, 8, 0xFFFF):
        add(f"meter-mod-bad-command-{cmd}", meter_mod(4, cmd, 0x1, 1, band(1, 10, 20)))
    add("meter-mod-bad-flags-delete", meter_mod(4, 2, 0x3, 1))
    add("meter-mod-band-experimenter", meter_mod(4, 0, 0x1, 1, band(0xFFFF, 10, 20)))
    add("meter-mod-band-zero-type", meter_mod(4, 0, 0x1, 1, band(0, 10, 20)))
    add("meter-mod-band-type-3", meter_mod(4, 0, 0x1, 1, band(3, 10, 20)))
    add("meter-mod-band-bad-length", meter_mod(4, 0, 0x1, 1, band(1, 10, 20, length=24) + b"\0" * 8))
    add("meter-mod-band-short-length", meter_mod(4, 0, 0x1, 1, band(1, 10, 20, length=8)))
    add("meter-mod-band-tail", meter_mod(4, 0, 0x1, 1, band(1, 10, 20) + b"\0" * 8))
    add("meter-mod-bad-band-then-tail", meter_mod(4, 0, 0x1, 1, band(5, 10, 20) + b"\0" * 8))
    add("meter-mod-dscp-prec", meter_mod(4, 0, 0xC, 1, band(2, 10, 20, 255)))
    add("meter-mod-drop-with-prec", meter_mod(4, 0, 0x4, 1, band(1, 10, 20, 9)))
    add("meter-mod-short", meter_mod(4, 0, 0x1, 1)[:12])
    add("meter-mod-short-fixed", fix_len(meter_mod(4, 0, 0x1, 1)[:14]))
    add("meter-mod-of12", meter_mod(3, 0, 0x1, 1, band(1, 10, 20)))
    add("meter-mod-verbose", meter_mod(4, 0, 0x5, 1, band(1, 10, 20)), 5)
    # Meter requests.
    for stat in (OFPMP_METER, OFPMP_METER_CONFIG):
        for meter in (1, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFF0005):
            add(f"meter-request-{stat}-{meter:x}", stats(4, False, stat, struct.pack("!I4x", meter)))
        add(f"meter-request-{stat}-short", stats(4, False, stat, struct.pack("!I", 1)))
        add(f"meter-request-{stat}-v6", stats(6, False, stat, struct.pack("!I4x", 2)))
    add("meter-features-request-body", stats(4, False, OFPMP_METER_FEATURES, b"\0" * 8))
    # Meter features reply.
    for bt, caps in [(6, 0xF), (0, 0), (0xFFFFFFFF, 0xFFFFFFFF), (2, 0x10), (0x80000001, 1)]:
        add(f"meter-features-{bt:x}-{caps:x}", stats(4, True, OFPMP_METER_FEATURES,
                                                      struct.pack("!IIIBB2x", 65536, bt, caps, 16, 2)))
    add("meter-features-v5", stats(5, True, OFPMP_METER_FEATURES, struct.pack("!IIIBB2x", 1, 2, 3, 255, 0)))
    add("meter-features-short", stats(4, True, OFPMP_METER_FEATURES, struct.pack("!III", 1, 2, 3)))
    # Meter config reply.
    two = meter_config(0x5, 1, band(1, 65536, 1280) + band(2, 1048576, 61440, 0)) + meter_config(0x9, 2, band(1, 131072, 0))
    add("meter-config-reply", stats(4, True, OFPMP_METER_CONFIG, two))
    add("meter-config-reply-more", stats(4, True, OFPMP_METER_CONFIG, two, flags=1))
    add("meter-config-reply-empty", stats(4, True, OFPMP_METER_CONFIG))
    add("meter-config-reply-no-bands", stats(5, True, OFPMP_METER_CONFIG, meter_config(0x2, 0xFFFFFFFE, b"")))
    add("meter-config-reply-unknown-flags", stats(4, True, OFPMP_METER_CONFIG, meter_config(0xF0, 3, band(2, 5, 6, 7))))
    add("meter-config-reply-leftover", stats(4, True, OFPMP_METER_CONFIG, meter_config(0x1, 1, band(1, 1, 1)) + b"\0" * 4))
    add("meter-config-reply-length-short", stats(4, True, OFPMP_METER_CONFIG, meter_config(0x1, 1, band(1, 1, 1), length=4)))
    add("meter-config-reply-length-long", stats(4, True, OFPMP_METER_CONFIG, meter_config(0x1, 1, band(1, 1, 1), length=40)))
    add("meter-config-reply-length-odd", stats(4, True, OFPMP_METER_CONFIG, meter_config(0x1, 1, band(1, 1, 1), length=20) + b"\0" * 4))
    add("meter-config-reply-bad-band", stats(4, True, OFPMP_METER_CONFIG, two + meter_config(0x1, 3, band(9, 1, 1))))
    # Meter statistics reply.
    st = meter_stats(1, 5, 4096, 143360, 394, 174990148, [(126, 13363), (231, 37934)]) \
        + meter_stats(2, 2, 512, 12288, 391, 170094148, [(42, 1075)])
    add("meter-stats-reply", stats(4, True, OFPMP_METER, st))
    add("meter-stats-reply-empty", stats(4, True, OFPMP_METER))
    add("meter-stats-reply-durations", stats(6, True, OFPMP_METER, meter_stats(0xFFFFFFFF, 0, 0, 0, 7, 0, [])
                                             + meter_stats(3, 1, 2, 3, 0, 5000000, []) + meter_stats(4, 1, 2, 3, 1, 1, [])))
    add("meter-stats-reply-leftover", stats(4, True, OFPMP_METER, st + b"\0" * 8))
    add("meter-stats-reply-length-short", stats(4, True, OFPMP_METER, meter_stats(1, 1, 1, 1, 1, 1, [], length=8)))
    add("meter-stats-reply-length-long", stats(4, True, OFPMP_METER, meter_stats(1, 1, 1, 1, 1, 1, [(1, 1)], length=72)))
    add("meter-stats-reply-length-odd", stats(4, True, OFPMP_METER, meter_stats(1, 1, 1, 1, 1, 1, [(1, 1)], length=48)))

    # OFPST_TABLE replies.
    wc10 = 0x3FFFFF
    add("table-reply-10", stats(1, True, OFPMP_TABLE, table10(0, "classifier", wc10, 1048576, 11, 0, 0)))
    add("table-reply-10-few", stats(1, True, OFPMP_TABLE, table10(0, "classifier", 0x3000F1, 100, 1, 2, 3)
                                    + table10(1, "", 0x3000F1, 100, 1, 2, 3) + table10(2, "", 0x3000F1, 100, 1, 2, 3)
                                    + table10(3, "", 0x3000F1, 100, 4, 2, 3) + table10(4, "t4", 0, 0, 0, 0, 0)
                                    + table10(5, "", 0, 0, 0, 0, 0)))
    add("table-reply-10-ditto-run", stats(1, True, OFPMP_TABLE, b"".join(table10(i, "", 0x3000F1, 100, 1, 2, 3) for i in range(6))))
    add("table-reply-10-long-name", stats(1, True, OFPMP_TABLE, table10(9, "x" * 32, 0x100, 7, 1, 2, 3)))
    add("table-reply-10-empty", stats(1, True, OFPMP_TABLE))
    add("table-reply-10-cut", stats(1, True, OFPMP_TABLE, table10(0, "c", wc10, 1, 1, 1, 1)[:60]))
    for config in (0, 1, 2, 3, 7):
        add(f"table-reply-11-config-{config}", stats(2, True, OFPMP_TABLE,
                                                    table11(0, "t0", 0xFFFF, 0xFFFF, 0x3E, 0x1FFFFFF, 0x1, config, 1000, 1, 2, 3)))
    add("table-reply-11-two", stats(2, True, OFPMP_TABLE, table11(0, "", 0x0F, 0xF0F0, 0x2, 0x3, 0x7, 2, 10, 1, 2, 3)
                                    + table11(1, "", 0x0F, 0xF0F0, 0x2, 0x3, 0x7, 2, 10, 1, 2, 3)
                                    + table11(2, "", 0x0F, 0xF0F0, 0x6, 0x3, 0x7, 2, 10, 1, 2, 3)))
    add("table-reply-11-nothing", stats(2, True, OFPMP_TABLE, table11(0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                                        + table11(1, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
    mid12 = dict(match=0xFFFFFFFFF, wildcards=0xFFFFFFFFF, write=0, apply=0, wsf=0xFFFFFFFFF, asf=0xFFFFFFFFF,
                 mmatch=0, mwrite=0, insts=0x6, config=0, max_entries=1000000)
    add("table-reply-12", stats(3, True, OFPMP_TABLE, table12(0, "classifier", *mid12.values(), 1, 74614, 106024)
                                + b"".join(table12(i, f"table{i}", *mid12.values(), 0, 0, 0) for i in range(1, 5))
                                + table12(5, "", *mid12.values(), 0, 0, 0) + table12(6, "", *mid12.values(), 0, 0, 0)
                                + table12(254, "table254", *mid12.values(), 2, 0, 0)))
    add("table-reply-12-actions", stats(3, True, OFPMP_TABLE, table12(0, "", 0x3, 0x1, 0x3FFFFFF, 0x2000001, 0x10, 0x20,
                                                                     0xFF, 0xF0, 0x7E, 1, 5, 1, 2, 3)
                                        + table12(1, "", 0x3, 0x1, 0x3FFFFFF, 0x3FFFFFF, 0x10, 0x10, 0xFF, 0xF0, 0x7E, 2, 5, 1, 2, 3)
                                        + table12(2, "", 0x3, 0x1, 0x3FFFFFF, 0x3FFFFFF, 0x10, 0x10, 0xFF, 0xF0, 0x7E, 2, 5, 1, 2, 3)))
    add("table-reply-12-high-bits", stats(3, True, OFPMP_TABLE, table12(0, "", 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0, 0,
                                                                       0xFFFFFFFFFFFFFFFF, 0, 0, 0, 0, 3, 0, 0, 0, 0)))
    add("table-reply-13", stats(4, True, OFPMP_TABLE, table13(0, 11, 512, 256) + table13(1, 12, 513, 257)))
    for v in (4, 5, 6):
        add(f"table-reply-{v}-ditto", stats(v, True, OFPMP_TABLE, b"".join(table13(i, 1, 2, 3) for i in range(5))
                                            + table13(5, 0, 0, 0) + table13(200, 0, 0, 0)))
        add(f"table-reply-{v}-cut", stats(v, True, OFPMP_TABLE, table13(0, 1, 2, 3) + table13(1, 1, 2, 3)[:16]))
    add("table-reply-13-more", stats(4, True, OFPMP_TABLE, table13(0, 11, 512, 256), flags=1))

    # Table features.
    props = features_props()
    add("table-features-reply-13", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "table0", props), flags=1))
    add("table-features-request-empty-13", stats(4, False, OFPMP_TABLE_FEATURES))
    # Tables 1-8 unnamed and alike (each reaches the tables after it): one ditto run, then named dittos.
    add("table-features-reply-13-many", stats(4, True, OFPMP_TABLE_FEATURES, b"".join(
        tf_entry(i, "" if 0 < i < 9 else f"t{i}", features_props(nxt=range(i + 1, 254))) for i in range(12))))
    miss = [(1, ids((4,))), (3, bytes([7, 9, 10, 11, 200])), (5, ids(())), (7, ids((0,))),
            (13, b""), (15, oxm(0x8000, 3, 6))]
    add("table-features-reply-13-miss", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(1, "", features_props(miss=miss))))
    add("table-features-reply-13-masks", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(2, "", features_props(
        match=BASIC_MATCH + oxm(0x8000, 11, 8, True) + oxm(1, 0, 8, True) + oxm(0x8000, 38, 16, True),
        wild=oxm(0x8000, 5, 2) + oxm(0x8000, 0, 4) + oxm(1, 33, 4) + oxm(1, 34, 4) + oxm(1, 35, 4)),
        mmatch=0, mwrite=0x00FF00FF00FF00FF)))
    add("table-features-reply-13-regs", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(3, "regs", features_props(
        match=b"".join(oxm(1, r, 4) for r in range(0, 8)) + b"".join(oxm(1, r, 4) for r in (9, 11)) + oxm(0xFFFF, 0, 8, exp=0x005AD650),
        wild=b"", wsf=b"", asf=b""), mmatch=0)))
    for v in (5, 6):
        add(f"table-features-reply-{v}-caps", stats(v, True, OFPMP_TABLE_FEATURES, tf_entry(4, "c", props, caps=0xC)
                                                    + tf_entry(5, "", props, caps=0x4) + tf_entry(6, "", props, caps=0)))
    for command in (0, 1, 2, 3, 4):
        add(f"table-features-reply-15-command-{command}", stats(6, True, OFPMP_TABLE_FEATURES, tf_entry(0, "x", props, command=command)))
    add("table-features-reply-15-no-props", stats(6, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", b"") + tf_entry(1, "", b"")))
    add("table-features-reply-13-no-props", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", b"")))
    add("table-features-reply-15-request", stats(6, False, OFPMP_TABLE_FEATURES, tf_entry(0, "", b"", command=1, mmatch=0, max_entries=0)))
    add("table-features-missing-prop", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(skip=(10, 12)))))
    add("table-features-dup-prop", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + prop(0, ids((1,))))))
    add("table-features-bad-table", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(255, "", props)))
    add("table-features-bad-length", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props, length=60)))
    add("table-features-odd-length", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props, length=68) + b"\0" * 4))
    add("table-features-long-length", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props, length=64 + len(props) + 8)))
    add("table-features-short", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props) + b"\0" * 8))
    add("table-features-next-255", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(nxt=[1, 255]))))
    add("table-features-next-none", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(nxt=[]))))
    add("table-features-wildcard-mask", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(wild=oxm(0x8000, 11, 8, True)))))
    add("table-features-setfield-mask", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(wsf=oxm(0x8000, 11, 8, True)))))
    add("table-features-unknown-field", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(match=oxm(0x8000, 100, 4) + oxm(0x8000, 3, 5) + BASIC_MATCH))))
    add("table-features-oxm-short", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(match=BASIC_MATCH + b"\x80\x00"))))
    add("table-features-oxm-exp-short", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(match=BASIC_MATCH + oxm(0xFFFF, 1, 2)))))
    add("table-features-unknown-inst", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(insts=(1, 6, 7, 99, 0xFFFF)))))
    add("table-features-inst-bad-len", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(insts=(1,)) + prop(1, struct.pack("!HH", 1, 2)))))
    add("table-features-inst-long-len", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(insts=(1,)) + prop(1, struct.pack("!HH", 1, 12)))))
    add("table-features-actions-high", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", features_props(write=(0, 11, 12, 26, 27, 40, 0xFFFF), apply=range(0, 32)))))
    add("table-features-unknown-prop", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + prop(9, b"abc") + prop(0xFFFE, b""))))
    add("table-features-experimenter-prop", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + prop(0xFFFF, struct.pack("!II", 0x2320, 1)))))
    add("table-features-experimenter-zero", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + prop(0xFFFF, struct.pack("!II", 0, 1)))))
    add("table-features-experimenter-short", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + prop(0xFFFF, struct.pack("!I", 0x2320)))))
    add("table-features-prop-bad-len", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + struct.pack("!HH4x", 0, 2))))
    add("table-features-prop-overrun", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props + struct.pack("!HH4x", 0, 16))))
    add("table-features-verbose", stats(4, True, OFPMP_TABLE_FEATURES, tf_entry(0, "", props)), 5)

    # Table description and status.
    evict = prop(2, struct.pack("!I", 0x7))
    vac = prop(3, struct.pack("!BBBx", 20, 80, 50))
    for v in (5, 6):
        add(f"table-desc-reply-{v}", stats(v, True, OFPMP_TABLE_DESC, table_desc(0, 0xC, evict + vac) + table_desc(1, 0)
                                           + table_desc(2, 0x4, prop(2, struct.pack("!I", 0x18))) + table_desc(254, 0x8)))
        add(f"table-desc-request-{v}", stats(v, False, OFPMP_TABLE_DESC))
    add("table-desc-reply-flags-zero", stats(5, True, OFPMP_TABLE_DESC, table_desc(3, 0x4, prop(2, struct.pack("!I", 0)))))
    add("table-desc-reply-unknown-prop", stats(5, True, OFPMP_TABLE_DESC, table_desc(3, 0, prop(7, b"abcd") + evict)))
    add("table-desc-reply-bad-evict", stats(5, True, OFPMP_TABLE_DESC, table_desc(3, 0, prop(2, struct.pack("!H", 1)))))
    add("table-desc-reply-bad-vacancy", stats(5, True, OFPMP_TABLE_DESC, table_desc(3, 0x8, prop(3, struct.pack("!BBBxI", 1, 2, 3, 4)))))
    add("table-desc-reply-leftover", stats(5, True, OFPMP_TABLE_DESC, table_desc(0, 0) + b"\0" * 4))
    add("table-desc-reply-length-short", stats(5, True, OFPMP_TABLE_DESC, table_desc(0, 0, length=4)))
    add("table-desc-reply-length-long", stats(5, True, OFPMP_TABLE_DESC, table_desc(0, 0, evict, length=24)))
    add("table-desc-reply-prop-bad", stats(5, True, OFPMP_TABLE_DESC, table_desc(0, 0, struct.pack("!HH4x", 2, 2))))
    for v in (5, 6):
        for reason in (3, 4):
            add(f"table-status-{v}-{reason}", msg(v, 31, struct.pack("!B7x", reason) + table_desc(1, 0xC, evict + vac)))
    add("table-status-bad-reason", msg(5, 31, struct.pack("!B7x", 1) + table_desc(1, 0xC, evict + vac)))
    add("table-status-no-props", msg(5, 31, struct.pack("!B7x", 3) + table_desc(7, 0)))
    add("table-status-no-desc", msg(5, 31, struct.pack("!B7x", 3)))
    add("table-status-vacancy-off", msg(5, 31, struct.pack("!B7x", 4) + table_desc(1, 0x4, vac)))

    # OFPT_TABLE_MOD.
    for v in (2, 3, 4):
        for config in (0, 1, 2, 3, 4, 0xFF):
            for tid in (0, 0xFF):
                add(f"table-mod-{v}-{config:x}-{tid}", msg(v, 17, struct.pack("!B3xI", tid, config)))
    for v in (5, 6):
        for config in (0, 4, 8, 0xC, 0x3):
            add(f"table-mod-{v}-{config:x}", msg(v, 17, struct.pack("!B3xI", 3, config)))
        add(f"table-mod-{v}-vacancy", msg(v, 17, struct.pack("!B3xI", 3, 0x8) + prop(3, struct.pack("!BBBx", 10, 90, 0))))
        add(f"table-mod-{v}-evict-prop", msg(v, 17, struct.pack("!B3xI", 3, 0x4) + prop(2, struct.pack("!I", 2))))
    for name, p in [("evict-1", prop(2, struct.pack("!I", 1))), ("evict-5", prop(2, struct.pack("!I", 5))),
                    ("evict-0", prop(2, struct.pack("!I", 0))), ("evict-short", prop(2, struct.pack("!H", 1))),
                    ("vacancy-down-up", prop(3, struct.pack("!BBBx", 90, 10, 0))),
                    ("vacancy-over-100", prop(3, struct.pack("!BBBx", 10, 101, 0))),
                    ("vacancy-current", prop(3, struct.pack("!BBBx", 10, 20, 5))),
                    ("vacancy-long", prop(3, struct.pack("!BBBxI", 10, 20, 0, 0))),
                    ("vacancy-when-off", prop(3, struct.pack("!BBBx", 10, 20, 0))),
                    ("unknown-prop", prop(9, b"")), ("experimenter-prop", prop(0xFFFF, struct.pack("!II", 0x2320, 1))),
                    ("prop-bad-len", struct.pack("!HH4x", 2, 3)), ("prop-overrun", struct.pack("!HH4x", 2, 16))]:
        add(f"table-mod-5-{name}", msg(5, 17, struct.pack("!B3xI", 3, 0x4) + p))
    add("table-mod-5-short", msg(5, 17, struct.pack("!B3x", 3)))
    return cases


def main():
    cases = corpus()
    for case in cases:
        args = ["ofp-print", case["hex"]] + ([str(case["verbosity"])] if case["verbosity"] is not None else [])
        rc, out, err = run(*args)
        case.update({"exit": rc, "stdout": out, "stderr": err})
    with open(os.path.join(HERE, "table-meter-print-cases.json"), "w") as f:
        json.dump({"recorded_with": OFCTL + " (Open vSwitch 3.1.0)", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} ofp-print cases")


if __name__ == "__main__":
    main()
