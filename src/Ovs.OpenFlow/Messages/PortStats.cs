// Upstream: lib/ofp-port.c, ofputil_decode_port_stats_request(), ofputil_append_port_stat() and its per-version
// helpers, and the Intel experimenter properties of include/openflow/intel-ext.h (OVS 3.1)
//
// One port's counters as OFPST_PORT / OFPMP_PORT_STATS carries them. OpenFlow 1.0 to 1.3 have twelve fixed counters
// (1.3 adds the duration); 1.4 and later have eight, then an Ethernet property with the other four, Intel's RFC 2819
// property (21 size-bucket and error counters) and, when the device has any, Intel's custom-counter property (each a
// length-prefixed name and a 64-bit value). A counter a device does not keep is all ones ("?" when printed).
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class PortStats
{
    public const int CounterCount = 12;
    public const int Rfc2819Count = 21;
    public const uint IntelVendorId = 0x0000AA01;
    public const uint IntelRfc2819 = 1;
    public const uint IntelCustom = 2;

    public PortStats(ushort port) => Port = port;

    public ushort Port { get; }

    /// <summary>Wire order: rx/tx packets, rx/tx bytes, rx/tx dropped, rx/tx errors, frame, over, crc, collisions.</summary>
    public ulong[] Counters { get; } = Filled(CounterCount);

    public uint DurationSec { get; set; } = uint.MaxValue;

    public uint DurationNsec { get; set; } = uint.MaxValue;

    /// <summary>RFC 2819 counters in Intel's wire order: 7 rx size buckets, 7 tx ones, then tx multicast, rx and tx
    /// broadcast, rx undersized, oversize, fragmented and jabber errors.</summary>
    public ulong[] Rfc2819 { get; } = Filled(Rfc2819Count);

    public List<KeyValuePair<string, ulong>> Custom { get; } = [];

    /// <summary>The port a port stats request asks for (OFPP_ANY for all), or an error for a bad port number.</summary>
    public static OfpError TryDecodeRequest(byte version, ReadOnlySpan<byte> body, out ushort port)
    {
        if (version == OfpVersions.Min)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(body);
            return OfpError.None;
        }

        return PhyPort.TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(body), out port) ? OfpError.None : OfpError.OfpbacBadOutPort;
    }

    /// <summary>Size of this entry in <paramref name="version"/>.</summary>
    public int Size(byte version) => version switch
    {
        < (byte)OfpVersion.Of13 => 104,
        (byte)OfpVersion.Of13 => 112,
        _ => 80 + 40 + 184 + CustomSize(),
    };

    /// <summary>Writes this entry in <paramref name="version"/>'s layout; <paramref name="destination"/> holds <see cref="Size"/> bytes.</summary>
    public void Write(byte version, Span<byte> destination)
    {
        destination.Clear();
        if (version >= (byte)OfpVersion.Of14)
        {
            Write14(destination);
            return;
        }

        if (version == OfpVersions.Min)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, Port);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, SwitchFeatures.PortTo11(Port));
        }

        for (int i = 0; i < CounterCount; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[(8 + (i * 8))..], Counters[i]);
        }

        if (version == (byte)OfpVersion.Of13)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[104..], DurationSec);
            BinaryPrimitives.WriteUInt32BigEndian(destination[108..], DurationNsec);
        }
    }

    /// <summary>Encodes a port stats reply of <paramref name="version"/> holding <paramref name="entries"/>.</summary>
    public static void EncodeReply(byte version, uint xid, IReadOnlyList<PortStats> entries, IBufferWriter<byte> writer)
    {
        OfpRaw raw = version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpst10PortReply,
            < (byte)OfpVersion.Of13 => OfpRaw.Ofpst11PortReply,
            (byte)OfpVersion.Of13 => OfpRaw.Ofpst13PortReply,
            _ => OfpRaw.Ofpst14PortReply,
        };
        int size = 0;
        foreach (PortStats entry in entries)
        {
            size += entry.Size(version);
        }

        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, size, out int total);
        foreach (PortStats entry in entries)
        {
            int n = entry.Size(version);
            entry.Write(version, body[..n]);
            body = body[n..];
        }

        writer.Advance(total);
    }

    /// <summary>
    /// Reads the Intel experimenter properties of an OpenFlow 1.4 entry (<paramref name="experimenter"/> and
    /// <paramref name="expType"/> from its header, <paramref name="payload"/> after it). Unknown ones are skipped.
    /// </summary>
    public OfpError TryReadIntelProperty(uint experimenter, uint expType, ReadOnlySpan<byte> payload)
    {
        if (experimenter != IntelVendorId)
        {
            return OfpError.None;
        }

        if (expType == IntelRfc2819)
        {
            if (payload.Length < 4 + (Rfc2819Count * 8))
            {
                return OfpError.OfpbpcBadLen;
            }

            for (int i = 0; i < Rfc2819Count; i++)
            {
                Rfc2819[i] = BinaryPrimitives.ReadUInt64BigEndian(payload[(4 + (i * 8))..]);
            }
        }
        else if (expType == IntelCustom)
        {
            if (payload.Length < 4)
            {
                return OfpError.OfpbpcBadLen;
            }

            int count = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
            ReadOnlySpan<byte> rest = payload[4..];
            for (int i = 0; i < count; i++)
            {
                if (rest.IsEmpty || rest.Length < 1 + rest[0] + 8)
                {
                    Custom.Clear();
                    return OfpError.OfpbpcBadLen;
                }

                int nameLength = rest[0];
                string name = Encoding.ASCII.GetString(rest.Slice(1, Math.Min(nameLength, 63)));
                Custom.Add(new(name, BinaryPrimitives.ReadUInt64BigEndian(rest[(1 + nameLength)..])));
                rest = rest[(1 + nameLength + 8)..];
            }
        }

        return OfpError.None;
    }

    private int CustomSize()
    {
        if (Custom.Count == 0)
        {
            return 0;
        }

        int length = 16;
        foreach (KeyValuePair<string, ulong> counter in Custom)
        {
            length += 1 + Encoding.ASCII.GetByteCount(counter.Key) + 8;
        }

        return (length + 7) & ~7;
    }

    private void Write14(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)d.Length);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], SwitchFeatures.PortTo11(Port));
        BinaryPrimitives.WriteUInt32BigEndian(d[8..], DurationSec);
        BinaryPrimitives.WriteUInt32BigEndian(d[12..], DurationNsec);
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(d[(16 + (i * 8))..], Counters[i]);
        }

        // OFPPSPT14_ETHERNET: frame, over, crc, collisions.
        Span<byte> eth = d[80..120];
        BinaryPrimitives.WriteUInt16BigEndian(eth, 0);
        BinaryPrimitives.WriteUInt16BigEndian(eth[2..], 40);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(eth[(8 + (i * 8))..], Counters[8 + i]);
        }

        Span<byte> rfc = d[120..304];
        WriteExperimenterHeader(rfc, 184, IntelRfc2819);
        for (int i = 0; i < Rfc2819Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(rfc[(16 + (i * 8))..], Rfc2819[i]);
        }

        if (Custom.Count == 0)
        {
            return;
        }

        Span<byte> custom = d[304..];
        BinaryPrimitives.WriteUInt16BigEndian(custom[14..], (ushort)Custom.Count);
        int at = 16;
        foreach (KeyValuePair<string, ulong> counter in Custom)
        {
            int n = Encoding.ASCII.GetBytes(counter.Key, custom[(at + 1)..]);
            custom[at] = (byte)n;
            BinaryPrimitives.WriteUInt64BigEndian(custom[(at + 1 + n)..], counter.Value);
            at += 1 + n + 8;
        }

        WriteExperimenterHeader(custom, at, IntelCustom);
    }

    private static void WriteExperimenterHeader(Span<byte> property, int length, uint expType)
    {
        BinaryPrimitives.WriteUInt16BigEndian(property, 0xffff);
        BinaryPrimitives.WriteUInt16BigEndian(property[2..], (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(property[4..], IntelVendorId);
        BinaryPrimitives.WriteUInt32BigEndian(property[8..], expType);
    }

    private static ulong[] Filled(int count)
    {
        var values = new ulong[count];
        Array.Fill(values, ulong.MaxValue);
        return values;
    }
}
