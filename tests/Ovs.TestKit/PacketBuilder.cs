// Builds packet bytes header by header for tests: each method takes the inner payload and returns the header plus
// payload, filling in lengths (and the IPv4 header checksum) unless a test overrides them to make a bad packet.
// Transport checksums are left zero; tests that need them compute them. Addresses are raw byte arrays so that
// this helper does not depend on the code under test.
using System.Buffers.Binary;

namespace Ovs.TestKit;

public static class PacketBuilder
{
    public static byte[] Mac(string text) => Convert.FromHexString(text.Replace(":", string.Empty, StringComparison.Ordinal));

    public static byte[] Ip4(string text) => text.Split('.').Select(byte.Parse).ToArray();

    /// <summary>An Ethernet II frame; vlans are (TPID, TCI) pairs, outermost first.</summary>
    public static byte[] Ethernet(byte[] dst, byte[] src, ushort type, byte[] payload, params (ushort Tpid, ushort Tci)[] vlans)
    {
        var b = new List<byte>(14 + (4 * vlans.Length) + payload.Length);
        b.AddRange(dst);
        b.AddRange(src);
        foreach ((ushort tpid, ushort tci) in vlans)
        {
            AddU16(b, tpid);
            AddU16(b, tci);
        }

        AddU16(b, type);
        b.AddRange(payload);
        return [.. b];
    }

    /// <summary>An IPv4 header; fragment is the whole flags+offset field, options a multiple of 4 bytes.</summary>
    public static byte[] Ipv4(
        byte[] src, byte[] dst, byte protocol, byte[] payload, byte tos = 0, byte ttl = 64, ushort fragment = 0,
        byte[]? options = null, int? totalLength = null, int? headerWords = null)
    {
        options ??= [];
        int headerSize = 20 + options.Length;
        byte[] p = new byte[headerSize + payload.Length];
        p[0] = (byte)(0x40 | ((headerWords ?? (headerSize / 4)) & 0x0f));
        p[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)(totalLength ?? p.Length));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(6), fragment);
        p[8] = ttl;
        p[9] = protocol;
        src.CopyTo(p, 12);
        dst.CopyTo(p, 16);
        options.CopyTo(p, 20);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), InternetChecksum(p.AsSpan(0, headerSize)));
        payload.CopyTo(p, headerSize);
        return p;
    }

    public static byte[] Ipv6(
        byte[] src, byte[] dst, byte nextHeader, byte[] payload, byte trafficClass = 0, uint flowLabel = 0,
        byte hopLimit = 64, int? payloadLength = null)
    {
        byte[] p = new byte[40 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(p, (6u << 28) | ((uint)trafficClass << 20) | (flowLabel & 0xfffff));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), (ushort)(payloadLength ?? payload.Length));
        p[6] = nextHeader;
        p[7] = hopLimit;
        src.CopyTo(p, 8);
        dst.CopyTo(p, 24);
        payload.CopyTo(p, 40);
        return p;
    }

    /// <summary>A hop-by-hop, routing or destination options header of (1 + units) * 8 bytes.</summary>
    public static byte[] Ipv6Options(byte nextHeader, int units, byte[] payload, byte fill = 0)
    {
        byte[] h = new byte[((1 + units) * 8) + payload.Length];
        h[0] = nextHeader;
        h[1] = (byte)units;
        h.AsSpan(2, ((1 + units) * 8) - 2).Fill(fill);
        payload.CopyTo(h, (1 + units) * 8);
        return h;
    }

    /// <summary>An authentication header of (units + 2) * 4 bytes.</summary>
    public static byte[] Ipv6Ah(byte nextHeader, int units, byte[] payload)
    {
        int size = (units + 2) * 4;
        byte[] h = new byte[size + payload.Length];
        h[0] = nextHeader;
        h[1] = (byte)units;
        payload.CopyTo(h, size);
        return h;
    }

    public static byte[] Ipv6Fragment(byte nextHeader, ushort offset, bool more, uint id, byte[] payload)
    {
        byte[] h = new byte[8 + payload.Length];
        h[0] = nextHeader;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), (ushort)((offset << 3) | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), id);
        payload.CopyTo(h, 8);
        return h;
    }

    /// <summary>A TCP header of (20 + options) bytes; flags are the low 12 bits of the control word.</summary>
    public static byte[] Tcp(ushort src, ushort dst, ushort flags, byte[]? options = null, byte[]? payload = null, int? dataOffset = null)
    {
        options ??= [];
        payload ??= [];
        byte[] h = new byte[20 + options.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(h, src);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), dst);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), 1);
        int offset = dataOffset ?? ((20 + options.Length) / 4);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(12), (ushort)((offset << 12) | (flags & 0x0fff)));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(14), 8192);
        options.CopyTo(h, 20);
        payload.CopyTo(h, 20 + options.Length);
        return h;
    }

    public static byte[] Udp(ushort src, ushort dst, byte[]? payload = null)
    {
        payload ??= [];
        byte[] h = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(h, src);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), dst);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)h.Length);
        payload.CopyTo(h, 8);
        return h;
    }

    public static byte[] Sctp(ushort src, ushort dst, uint tag, byte[]? payload = null)
    {
        payload ??= [];
        byte[] h = new byte[12 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(h, src);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), dst);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), tag);
        payload.CopyTo(h, 12);
        return h;
    }

    /// <summary>ICMP, IGMP or ICMPv6: type, code, zero checksum, then the 4-byte word and the rest.</summary>
    public static byte[] IcmpLike(byte type, byte code, uint word, byte[]? rest = null)
    {
        rest ??= [];
        byte[] h = new byte[8 + rest.Length];
        h[0] = type;
        h[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), word);
        rest.CopyTo(h, 8);
        return h;
    }

    /// <summary>A neighbour discovery option of units * 8 bytes starting with the given bytes.</summary>
    public static byte[] NdOption(byte type, int units, byte[] body)
    {
        byte[] o = new byte[Math.Max(2 + body.Length, units * 8)];
        o[0] = type;
        o[1] = (byte)units;
        body.CopyTo(o, 2);
        return o;
    }

    public static byte[] Arp(ushort op, byte[] sha, byte[] spa, byte[] tha, byte[] tpa, ushort hardware = 1, ushort protocol = 0x0800, byte hardwareSize = 6, byte protocolSize = 4)
    {
        var b = new List<byte>(28);
        AddU16(b, hardware);
        AddU16(b, protocol);
        b.Add(hardwareSize);
        b.Add(protocolSize);
        AddU16(b, op);
        b.AddRange(sha);
        b.AddRange(spa);
        b.AddRange(tha);
        b.AddRange(tpa);
        return [.. b];
    }

    /// <summary>An MPLS label stack entry: label (20 bits), traffic class, bottom of stack, TTL.</summary>
    public static byte[] MplsEntry(uint label, int tc, bool bottom, byte ttl)
    {
        byte[] e = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(e, (label << 12) | ((uint)(tc & 7) << 9) | (bottom ? 0x100u : 0) | ttl);
        return e;
    }

    /// <summary>An NSH header: version, O/U flags, TTL, length in 4-byte words, MD type, next protocol, SPI/SI.</summary>
    public static byte[] Nsh(int version, int flags, int ttl, int lengthWords, byte mdType, byte nextProto, uint pathHeader, byte[] rest)
    {
        byte[] h = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt16BigEndian(h, (ushort)(((version & 3) << 14) | ((flags & 3) << 12) | ((ttl & 0x3f) << 6) | (lengthWords & 0x3f)));
        h[2] = mdType;
        h[3] = nextProto;
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), pathHeader);
        rest.CopyTo(h, 8);
        return h;
    }

    /// <summary>The RFC 1071 checksum of data (an odd last byte padded with zero), as stored in a header.</summary>
    public static ushort InternetChecksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (ulong)(data[i] << 8) + (i + 1 < data.Length ? data[i + 1] : 0u);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static void AddU16(List<byte> b, ushort v)
    {
        b.Add((byte)(v >> 8));
        b.Add((byte)v);
    }
}
