// Upstream: lib/ox-stat.c, oxs_pull_stat() and oxs_put_stats() (OVS 3.1).
// OpenFlow 1.5 flow statistics as OXS entries: an ofp_oxs_stat header (reserved, length), entries of class
// OFPXSC_OPENFLOW_BASIC (duration, idle time, flow count, packet count, byte count), padding to 8. A statistic that
// is absent reads as all-ones ("unknown") and is not written; unknown entries are skipped.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Messages;

internal struct OxsStats
{
    private const uint Duration = 0x80020008;
    private const uint IdleTime = 0x80020208;
    private const uint FlowCount = 0x80020604;
    private const uint PacketCount = 0x80020808;
    private const uint ByteCount = 0x80020a08;

    public uint DurationSec;
    public uint DurationNsec;
    public uint IdleAge;
    public ulong Packets;
    public ulong Bytes;
    public uint Flows;

    /// <summary>Every statistic unknown.</summary>
    public static OxsStats Unknown => new()
    {
        DurationSec = uint.MaxValue,
        DurationNsec = uint.MaxValue,
        IdleAge = uint.MaxValue,
        Packets = ulong.MaxValue,
        Bytes = ulong.MaxValue,
        Flows = uint.MaxValue,
    };

    /// <summary>Reads the statistics at the start of data; consumed is their padded length.</summary>
    public static OfpError TryDecode(ReadOnlySpan<byte> data, out OxsStats stats, out int consumed)
    {
        stats = Unknown;
        consumed = 0;
        if (data.Length < 4)
        {
            return OfpError.OfpbmcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        int padded = (length + 7) & ~7;
        if (length < 4 || padded > data.Length)
        {
            return OfpError.OfpbmcBadLen;
        }

        consumed = padded;
        ReadOnlySpan<byte> rest = data[4..length];
        while (!rest.IsEmpty)
        {
            if (rest.Length < 4)
            {
                return OfpError.OfpbmcBadLen;
            }

            uint header = BinaryPrimitives.ReadUInt32BigEndian(rest);
            bool experimenter = (header >> 16) == 0xffff;
            int headerLength = experimenter ? 8 : 4;
            int entryLength = (int)(header & 0xff);
            if (experimenter && (rest.Length < 8 || entryLength < 4))
            {
                return OfpError.OfpbmcBadLen;
            }

            int payload = entryLength - (experimenter ? 4 : 0);
            if (rest.Length < headerLength + payload)
            {
                return OfpError.OfpbmcBadLen;
            }

            ReadOnlySpan<byte> value = rest.Slice(headerLength, payload);
            rest = rest[(headerLength + payload)..];
            if (experimenter)
            {
                continue;
            }

            switch (header)
            {
                case Duration:
                    stats.DurationSec = BinaryPrimitives.ReadUInt32BigEndian(value);
                    stats.DurationNsec = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
                    break;
                case IdleTime:
                    stats.IdleAge = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case PacketCount:
                    stats.Packets = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case ByteCount:
                    stats.Bytes = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case FlowCount:
                    stats.Flows = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
            }
        }

        return OfpError.None;
    }

    /// <summary>Writes the known statistics with their header and padding.</summary>
    public readonly void Encode(IBufferWriter<byte> writer)
    {
        Span<byte> buffer = stackalloc byte[64];
        int n = 4;
        if (DurationSec != uint.MaxValue)
        {
            n = Put(buffer, n, Duration, ((ulong)DurationSec << 32) | DurationNsec, 8);
        }

        if (IdleAge != uint.MaxValue)
        {
            n = Put(buffer, n, IdleTime, (ulong)IdleAge << 32, 8);
        }

        if (Packets != ulong.MaxValue)
        {
            n = Put(buffer, n, PacketCount, Packets, 8);
        }

        if (Bytes != ulong.MaxValue)
        {
            n = Put(buffer, n, ByteCount, Bytes, 8);
        }

        if (Flows != uint.MaxValue)
        {
            n = Put(buffer, n, FlowCount, Flows, 4);
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)n);
        int padded = (n + 7) & ~7;
        buffer[n..padded].Clear();
        writer.Write(buffer[..padded]);
    }

    private static int Put(Span<byte> buffer, int at, uint header, ulong value, int size)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer[at..], header);
        if (size == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer[(at + 4)..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(at + 4)..], (uint)value);
        }

        return at + 4 + size;
    }
}
