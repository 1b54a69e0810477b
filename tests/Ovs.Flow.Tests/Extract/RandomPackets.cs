// Random packets for the differential and round-trip tests, built with the test kit's PacketBuilder: mostly
// well-formed frames of every protocol FlowExtractor knows (with VLAN tags, LLC/SNAP, IP options, IPv6 extension
// headers, fragments, ND options, MPLS stacks, NSH), a share with wrong lengths or fields, and helpers to truncate
// and to corrupt them. Deterministic for a given seed.
using Ovs.TestKit;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Flow.Tests.Extract;

internal sealed class RandomPackets(int seed)
{
    private readonly Random _r = new(seed);

    public Random Random => _r;

    public byte[] Bytes(int n)
    {
        byte[] b = new byte[n];
        _r.NextBytes(b);
        return b;
    }

    private T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

    private bool Chance(double p) => _r.NextDouble() < p;

    private ushort U16() => (ushort)_r.Next(65536);

    private byte U8() => (byte)_r.Next(256);

    /// <summary>A frame that is well formed most of the time.</summary>
    public byte[] Frame()
    {
        (ushort type, byte[] payload) = _r.Next(12) switch
        {
            0 or 1 or 2 => ((ushort)0x0800, Ipv4Packet()),
            3 or 4 or 5 => ((ushort)0x86dd, Ipv6Packet()),
            6 => (Pick<ushort>(0x0806, 0x8035), ArpPacket()),
            7 => (Pick<ushort>(0x8847, 0x8848), MplsPacket()),
            8 => ((ushort)0x894f, NshPacket()),
            _ => (Pick<ushort>(0x88cc, 0x9000, 0x0600, 0x05ff, 0x0000, 0x0800), Bytes(_r.Next(60))),
        };
        var vlans = new (ushort, ushort)[Pick(0, 0, 0, 1, 1, 2, 3)];
        for (int i = 0; i < vlans.Length; i++)
        {
            vlans[i] = (Pick<ushort>(0x8100, 0x88a8), U16());
        }

        byte[] dst = Chance(0.5) ? Bytes(6) : Mac("ff:ff:ff:ff:ff:ff");
        if (Chance(0.06))
        {
            byte[] snap = Chance(0.8) ? Mac("aa:aa:03:00:00:00") : Bytes(6);
            return Ethernet(dst, Bytes(6), (ushort)(payload.Length + 8), Concat(snap, [(byte)(type >> 8), (byte)type], payload), vlans);
        }

        return Ethernet(dst, Bytes(6), type, payload, vlans);
    }

    public byte[] Ipv4Packet()
    {
        byte proto = Pick<byte>(6, 6, 17, 17, 132, 1, 2, 47, U8());
        byte[] l4 = Transport(proto);
        ushort fragment = Pick<ushort>(0, 0, 0, 0x4000, 0x2000, 0x2000 | 20, 20, 0x8000);
        byte[] options = Bytes(4 * Pick(0, 0, 0, 1, 2, 10));
        int? total = Chance(0.08) ? Pick(_r.Next(65536), 20 + options.Length + l4.Length + 3, 10) : null;
        int? words = Chance(0.04) ? Pick(0, 4, 15) : null;
        byte[] ip = Ipv4(Bytes(4), Bytes(4), proto, l4, U8(), U8(), fragment, options, total, words);
        return Chance(0.2) ? Concat(ip, Bytes(_r.Next(1, 20))) : ip;
    }

    public byte[] Ipv6Packet()
    {
        byte proto = Pick<byte>(6, 17, 132, 58, 58, 58, 59, U8());
        byte[] payload = proto == 58 ? Icmpv6Message() : Transport(proto);
        byte next = proto;
        for (int i = Pick(0, 0, 0, 1, 2, 3); i > 0; i--)
        {
            byte kind = Pick<byte>(0, 43, 60, 51, 44);
            payload = kind switch
            {
                44 => Ipv6Fragment(next, Pick<ushort>(0, 0, 1, 100), Chance(0.6), (uint)_r.Next(), payload),
                51 => Ipv6Ah(next, Pick(1, 2, 4), payload),
                _ => Ipv6Options(next, Pick(0, 0, 1, 3), payload, U8()),
            };
            next = kind;
        }

        int? length = Chance(0.06) ? Pick(payload.Length + 5, Math.Max(0, payload.Length - 4), 0) : null;
        byte[] ip = Ipv6(Bytes(16), Bytes(16), next, payload, U8(), (uint)_r.Next(), U8(), length);
        return Chance(0.2) ? Concat(ip, Bytes(_r.Next(1, 20))) : ip;
    }

    private byte[] Transport(byte proto) => proto switch
    {
        6 => Chance(0.05)
            ? Tcp(U16(), U16(), U16(), Bytes(4 * _r.Next(3)), Bytes(_r.Next(10)), Pick(0, 4, 15))
            : Tcp(U16(), U16(), Chance(0.5) ? (ushort)_r.Next(4096) : Pick<ushort>(2, 0x12, 0x10, 0x11, 4), Bytes(4 * Pick(0, 0, 1, 3)), Bytes(Pick(0, 0, 10))),
        17 => Udp(U16(), Pick<ushort>(53, 4789, U16()), Bytes(Pick(0, 4, 30))),
        132 => Sctp(U16(), U16(), (uint)_r.Next(), Bytes(Pick(0, 16))),
        1 => IcmpLike(Pick<byte>(0, 8, 3, 11, U8()), Pick<byte>(0, 0, 1, U8()), (uint)_r.Next(), Bytes(Pick(0, 8))),
        2 => IcmpLike(Pick<byte>(0x11, 0x16, 0x17, 0x22), U8(), (uint)_r.Next(), Bytes(Pick(0, 0, 4))),
        _ => Bytes(Pick(0, 4, 12)),
    };

    public byte[] Icmpv6Message()
    {
        if (Chance(0.35))
        {
            return IcmpLike(Pick<byte>(128, 129, 1, 2, 133, 134, U8()), Pick<byte>(0, 0, 1), (uint)_r.Next(), Bytes(Pick(0, 8)));
        }

        byte type = Pick<byte>(135, 136);
        byte code = Chance(0.9) ? (byte)0 : U8();
        uint word = Pick(0u, 0xe0000000u, (uint)_r.Next());
        if (Chance(0.08))
        {
            return IcmpLike(type, code, word, Bytes(_r.Next(16)));
        }

        var body = new List<byte>(Bytes(16));
        for (int i = Pick(0, 1, 1, 2, 2, 3); i > 0; i--)
        {
            byte kind = Pick<byte>(1, 2, 1, 2, 3, 14);
            int units = Pick(1, 1, 1, 2, 0, 30);
            body.AddRange(NdOption(kind, units, Chance(0.1) ? new byte[6] : Bytes(6)));
        }

        if (Chance(0.1))
        {
            body.AddRange(Bytes(_r.Next(1, 8)));
        }

        return IcmpLike(type, code, word, [.. body]);
    }

    public byte[] ArpPacket()
    {
        ushort op = Pick<ushort>(1, 2, 3, 4, 0, 0x100, 0x1ff, 255);
        ushort hardware = Chance(0.9) ? (ushort)1 : Pick<ushort>(6, 0);
        ushort protocol = Chance(0.9) ? (ushort)0x0800 : (ushort)0x86dd;
        byte hardwareSize = Chance(0.93) ? (byte)6 : (byte)8;
        byte protocolSize = Chance(0.93) ? (byte)4 : (byte)16;
        byte[] arp = Arp(op, Bytes(6), Bytes(4), Bytes(6), Bytes(4), hardware, protocol, hardwareSize, protocolSize);
        return Chance(0.3) ? Concat(arp, Bytes(18)) : arp;
    }

    public byte[] MplsPacket()
    {
        int n = Pick(1, 2, 3, 4, 5);
        var stack = new List<byte>();
        for (int i = 0; i < n; i++)
        {
            stack.AddRange(MplsEntry((uint)_r.Next(1 << 20), _r.Next(8), i == n - 1 && Chance(0.8), U8()));
        }

        return Concat([.. stack], Chance(0.5) ? Ipv4Packet() : []);
    }

    public byte[] NshPacket()
    {
        byte md = Pick<byte>(1, 1, 2, 3);
        int words = md == 1 ? 6 : Pick(2, 4);
        if (Chance(0.1))
        {
            words = Pick(5, 63, 1, 0);
        }

        int version = Chance(0.9) ? 0 : Pick(1, 2, 3);
        return Nsh(version, _r.Next(4), _r.Next(64), words, md, Pick<byte>(1, 2, 3, 4), (uint)_r.Next(), Bytes(Math.Max(0, (words * 4) - 8) + Pick(0, 20)));
    }

    /// <summary>The frame cut at a random length (possibly empty).</summary>
    public byte[] Truncate(byte[] frame) => frame[.._r.Next(frame.Length + 1)];

    /// <summary>The frame with a few random bytes changed.</summary>
    public byte[] Corrupt(byte[] frame)
    {
        byte[] copy = (byte[])frame.Clone();
        for (int i = _r.Next(1, 4); i > 0 && copy.Length > 0; i--)
        {
            copy[_r.Next(copy.Length)] = U8();
        }

        return copy;
    }

    /// <summary>Metadata with random values for every field (tunnel and conntrack present or not).</summary>
    public Ovs.Flow.Extract.PacketMetadata Metadata()
    {
        var md = new Ovs.Flow.Extract.PacketMetadata
        {
            InPort = U16(),
            RecircId = Chance(0.5) ? 0 : (uint)_r.Next(),
            DpHash = (uint)_r.Next(),
            SkbPriority = Chance(0.5) ? 0 : (uint)_r.Next(),
            PktMark = Chance(0.5) ? 0 : (uint)_r.Next(),
            CtState = Chance(0.5) ? (byte)0 : U8(),
            CtZone = U16(),
            CtMark = (uint)_r.Next(),
            CtLabel = new UInt128((ulong)_r.NextInt64(), (ulong)_r.NextInt64()),
            CtOrigTupleIpv6 = Chance(0.5),
            CtOrigProto = Pick<byte>(0, 6, 17, 1),
            CtOrigIpv4Src = (uint)_r.Next(),
            CtOrigIpv4Dst = (uint)_r.Next(),
            CtOrigIpv6Src = new Ovs.Flow.Packets.Ipv6Address((ulong)_r.NextInt64(), (ulong)_r.NextInt64()),
            CtOrigIpv6Dst = new Ovs.Flow.Packets.Ipv6Address((ulong)_r.NextInt64(), (ulong)_r.NextInt64()),
            CtOrigSrcPort = U16(),
            CtOrigDstPort = U16(),
            TunId = (ulong)_r.NextInt64(),
            TunSrc = (uint)_r.Next(),
            TunDst = Chance(0.5) ? 0 : (uint)_r.Next(),
            TunIpv6Dst = Chance(0.8) ? default : new Ovs.Flow.Packets.Ipv6Address(1, 2),
            TunFlags = (ushort)_r.Next(2),
            TunTos = U8(),
            TunTtl = U8(),
            TunGbpId = U16(),
            TunErspanIdx = (uint)_r.Next(1 << 20),
            TunMetadataPresent = Chance(0.5) ? 0 : (ulong)_r.NextInt64(),
        };
        _r.NextBytes(md.TunMetadataOpts.Bytes);
        return md;
    }
}
