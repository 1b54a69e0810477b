using System.Buffers.Binary;

namespace Ovs.Netdev.Tests.Packets;

/// <summary>
/// Builds the frames of one direction of a TCP connection with correct checksums, and cuts a GSO super-frame the
/// way Linux's TCP segmentation does (a slow reference, written from RFC 793/791/8200 and the virtio-net GSO rules:
/// each segment gets the headers of the super-frame with its own L3 length, IPv4 identification first + k, sequence
/// number first + k * size, PSH only on the last, and fresh checksums).
/// </summary>
internal sealed class TcpStream
{
    private uint _sequence = 0x10203040;
    private ushort _ipId = 0xfff0;

    public bool Ipv6 { get; init; }

    public int VlanTags { get; init; }

    /// <summary>TCP option bytes (a multiple of 4), e.g. a timestamp option.</summary>
    public byte[] Options { get; init; } = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2];

    public byte Ttl { get; set; } = 64;

    public ushort Window { get; set; } = 502;

    public uint Ack { get; set; } = 0x0a0b0c0d;

    public byte Flags { get; set; } = 0x10;

    public int L3Offset => 14 + (4 * VlanTags);

    public int L4Offset => L3Offset + (Ipv6 ? 40 : 20);

    public int HeaderLength => L4Offset + 20 + Options.Length;

    /// <summary>The next segment carrying <paramref name="payload"/> bytes; advances sequence and IPv4 id.</summary>
    public byte[] Next(int payload, byte? flags = null)
    {
        byte[] f = new byte[HeaderLength + payload];
        f[0] = 0x02;
        f[5] = 0x22;
        f[6] = 0x02;
        f[11] = 0x11;
        int offset = 12;
        for (int t = 0; t < VlanTags; t++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(offset), t == 0 && VlanTags == 2 ? (ushort)0x88a8 : (ushort)0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(offset + 2), (ushort)(100 + t));
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(offset), Ipv6 ? (ushort)0x86dd : (ushort)0x0800);
        int l3 = L3Offset;
        if (Ipv6)
        {
            f[l3] = 0x60;
            f[l3 + 1] = 0x01;
            f[l3 + 2] = 0x23;
            f[l3 + 3] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l3 + 4), (ushort)(f.Length - l3 - 40));
            f[l3 + 6] = 6;
            f[l3 + 7] = Ttl;
            f[l3 + 8] = 0xfd;
            f[l3 + 23] = 1;
            f[l3 + 24] = 0xfd;
            f[l3 + 39] = 2;
        }
        else
        {
            f[l3] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l3 + 2), (ushort)(f.Length - l3));
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l3 + 4), _ipId++);
            f[l3 + 6] = 0x40;
            f[l3 + 8] = Ttl;
            f[l3 + 9] = 6;
            f[l3 + 12] = 10;
            f[l3 + 15] = 1;
            f[l3 + 16] = 10;
            f[l3 + 19] = 2;
        }

        int l4 = L4Offset;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l4), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l4 + 2), 5201);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(l4 + 4), _sequence);
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(l4 + 8), Ack);
        f[l4 + 12] = (byte)((20 + Options.Length) / 4 << 4);
        f[l4 + 13] = flags ?? Flags;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l4 + 14), Window);
        Options.CopyTo(f.AsSpan(l4 + 20));
        for (int i = HeaderLength; i < f.Length; i++)
        {
            f[i] = (byte)((_sequence + (uint)(i - HeaderLength)) * 7);
        }

        _sequence += (uint)payload;
        FixChecksums(f, l3, l4, Ipv6);
        return f;
    }

    /// <summary>Cuts <paramref name="super"/> into segments of <paramref name="size"/> payload bytes.</summary>
    public static List<byte[]> Segment(byte[] super, int l3, int headerLength, int size, bool ipv6)
    {
        int l4 = l3 + (ipv6 ? 40 : 20);
        var segments = new List<byte[]>();
        int payload = super.Length - headerLength;
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(super.AsSpan(l4 + 4));
        ushort id = ipv6 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(super.AsSpan(l3 + 4));
        byte flags = super[l4 + 13];
        for (int done = 0, k = 0; done < payload; done += size, k++)
        {
            int n = Math.Min(size, payload - done);
            byte[] s = new byte[headerLength + n];
            super.AsSpan(0, headerLength).CopyTo(s);
            super.AsSpan(headerLength + done, n).CopyTo(s.AsSpan(headerLength));
            if (ipv6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(l3 + 4), (ushort)(s.Length - l3 - 40));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(l3 + 2), (ushort)(s.Length - l3));
                BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(l3 + 4), (ushort)(id + k));
            }

            BinaryPrimitives.WriteUInt32BigEndian(s.AsSpan(l4 + 4), sequence + (uint)done);
            bool last = done + n >= payload;
            s[l4 + 13] = last ? flags : (byte)(flags & ~0x08);
            FixChecksums(s, l3, l4, ipv6);
            segments.Add(s);
        }

        return segments;
    }

    /// <summary>The checksum a receiver computes over the TCP segment with its pseudo-header (0 when it holds).</summary>
    public static ushort TcpChecksumResidue(byte[] f, int l3, int l4, bool ipv6)
    {
        uint sum = PseudoHeader(f, l3, l4, ipv6);
        return Fold(Sum(f.AsSpan(l4), sum));
    }

    public static void FixChecksums(byte[] f, int l3, int l4, bool ipv6)
    {
        if (!ipv6)
        {
            f[l3 + 10] = f[l3 + 11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l3 + 10), Fold(Sum(f.AsSpan(l3, 20), 0)));
        }

        f[l4 + 16] = f[l4 + 17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(l4 + 16), Fold(Sum(f.AsSpan(l4), PseudoHeader(f, l3, l4, ipv6))));
    }

    public static uint PseudoHeader(byte[] f, int l3, int l4, bool ipv6) => ipv6
        ? Sum(f.AsSpan(l3 + 8, 32), 0) + 6 + (uint)(f.Length - l4)
        : Sum(f.AsSpan(l3 + 12, 8), 0) + 6 + (uint)(f.Length - l4);

    public static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)data[^1] << 8;
        }

        return sum;
    }

    public static ushort Fold(uint sum)
    {
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
