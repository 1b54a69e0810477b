// Upstream: lib/ofp-port.c ofputil_decode_port_stats() / ofputil_format_port_stats() and lib/ofp-queue.c
// ofputil_decode_queue_stats() / ofputil_queue_stats_reply_format() (OVS 3.1)
//
// Port and queue statistics replies: a count, then (at verbosity 1 and up) one entry per port or queue. Entries are
// fixed-size arrays up to OpenFlow 1.3 and length-prefixed with properties from 1.4 on. Counters that a version does
// not carry print as '?'; durations are absent before 1.3.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class StatsReplyFormatters
{
    private const ulong Unknown = ulong.MaxValue;

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpst10PortReply, PortReply);
        table.Add(OfpRaw.Ofpst11PortReply, PortReply);
        table.Add(OfpRaw.Ofpst13PortReply, PortReply);
        table.Add(OfpRaw.Ofpst14PortReply, PortReply);
        table.Add(OfpRaw.Ofpst10QueueReply, QueueReply);
        table.Add(OfpRaw.Ofpst11QueueReply, QueueReply);
        table.Add(OfpRaw.Ofpst13QueueReply, QueueReply);
        table.Add(OfpRaw.Ofpst14QueueReply, QueueReply);
    }

    // Upstream decodes the entries twice, once to count them and once to print them, so a bad entry's warning is
    // logged twice at verbosity 1 and up; the two passes here keep that.
    private static OfpError PortReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(' ').Append(PullPortStats(message[0], body, context, out _).Count).Append(" ports\n");
        if (context.Verbosity < 1)
        {
            return OfpError.None;
        }

        List<PortStats> entries = PullPortStats(message[0], body, context, out OfpError error);
        foreach (PortStats ps in entries)
        {
            AppendPortStats(sb, ps);
        }

        return error;
    }

    private static List<PortStats> PullPortStats(byte version, ReadOnlySpan<byte> body, OfpPrintContext context, out OfpError error)
    {
        var entries = new List<PortStats>();
        var reader = new OfpReader(body);
        error = OfpError.None;
        while (reader.Remaining > 0)
        {
            error = TryPullPortStats(version, ref reader, context, out PortStats stats);
            if (error != OfpError.None)
            {
                break;
            }

            entries.Add(stats);
        }

        return entries;
    }

    private static OfpError TryPullPortStats(byte version, ref OfpReader reader, OfpPrintContext context, out PortStats stats)
    {
        stats = null!;
        var c = new ulong[PortStats.CounterCount];
        Array.Fill(c, Unknown);
        uint sec = uint.MaxValue, nsec = uint.MaxValue;
        ushort port;
        PortStats? extended = null;
        if (version >= (byte)OfpVersion.Of14)
        {
            if (!reader.TryRead(80, out ReadOnlySpan<byte> p))
            {
                return OfpError.OfpbrcBadLen;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(p);
            if (length < 80 || length - 80 > reader.Remaining)
            {
                return OfpError.OfpbrcBadLen;
            }

            reader.TryRead(length - 80, out ReadOnlySpan<byte> properties);
            if (!TryPort(BinaryPrimitives.ReadUInt32BigEndian(p[4..]), context, out port))
            {
                return OfpError.OfpbacBadOutPort;
            }

            sec = BinaryPrimitives.ReadUInt32BigEndian(p[8..]);
            nsec = BinaryPrimitives.ReadUInt32BigEndian(p[12..]);
            extended = new PortStats(port);
            for (int i = 0; i < 8; i++)
            {
                c[i] = BinaryPrimitives.ReadUInt64BigEndian(p[(16 + (i * 8))..]);
            }

            var props = new OfpReader(properties);
            while (props.Remaining > 0)
            {
                ReadOnlySpan<byte> prop = props.Rest;
                if (prop.Length < 4)
                {
                    return OfpError.OfpbpcBadLen;
                }

                int propLength = BinaryPrimitives.ReadUInt16BigEndian(prop[2..]);
                if (propLength < 4 || !props.TrySkip((propLength + 7) & ~7))
                {
                    return OfpError.OfpbpcBadLen;
                }

                if (BinaryPrimitives.ReadUInt16BigEndian(prop) == 0xffff && propLength >= 12)
                {
                    // Experimenter properties: Intel's RFC 2819 and custom counters.
                    OfpError intel = extended.TryReadIntelProperty(
                        BinaryPrimitives.ReadUInt32BigEndian(prop[4..]), BinaryPrimitives.ReadUInt32BigEndian(prop[8..]), prop[12..propLength]);
                    if (intel != OfpError.None)
                    {
                        return intel;
                    }
                }
                else if (BinaryPrimitives.ReadUInt16BigEndian(prop) == 0)
                {
                    // The Ethernet property: frame, overrun and CRC errors, collisions.
                    if (propLength != 40)
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    for (int i = 0; i < 4; i++)
                    {
                        c[8 + i] = BinaryPrimitives.ReadUInt64BigEndian(prop[(8 + (i * 8))..]);
                    }
                }
            }
        }
        else
        {
            int size = version == (byte)OfpVersion.Of13 ? 112 : 104;
            if (!reader.TryRead(size, out ReadOnlySpan<byte> p))
            {
                context.Warning("ofp_port", $"OFPST_PORT reply has {reader.Remaining} leftover bytes at end");
                return OfpError.OfpbrcBadLen;
            }

            if (version == OfpVersions.Min)
            {
                port = BinaryPrimitives.ReadUInt16BigEndian(p);
            }
            else if (!TryPort(BinaryPrimitives.ReadUInt32BigEndian(p), context, out port))
            {
                return OfpError.OfpbacBadOutPort;
            }

            for (int i = 0; i < 12; i++)
            {
                c[i] = BinaryPrimitives.ReadUInt64BigEndian(p[(8 + (i * 8))..]);
            }

            if (size == 112)
            {
                sec = BinaryPrimitives.ReadUInt32BigEndian(p[104..]);
                nsec = BinaryPrimitives.ReadUInt32BigEndian(p[108..]);
            }
        }

        stats = extended ?? new PortStats(port);
        c.CopyTo(stats.Counters, 0);
        stats.DurationSec = sec;
        stats.DurationNsec = nsec;
        return OfpError.None;
    }

    private static void AppendPortStats(StringBuilder sb, PortStats ps)
    {
        // Wire order: rx packets, tx packets, rx bytes, tx bytes, rx dropped, tx dropped, rx errors, tx errors,
        // frame, over, crc, collisions.
        ulong[] c = ps.Counters;
        sb.Append("  port ");
        if (ps.Port < 10)
        {
            sb.Append(' ');
        }

        PortFormatters.AppendPortNumber(sb, ps.Port);
        sb.Append(": rx ");
        Stat(sb, "pkts=", c[0], true);
        Stat(sb, "bytes=", c[2], true);
        Stat(sb, "drop=", c[4], true);
        Stat(sb, "errs=", c[6], true);
        Stat(sb, "frame=", c[8], true);
        Stat(sb, "over=", c[9], true);
        Stat(sb, "crc=", c[10], false);
        sb.Append("           tx ");
        Stat(sb, "pkts=", c[1], true);
        Stat(sb, "bytes=", c[3], true);
        Stat(sb, "drop=", c[5], true);
        Stat(sb, "errs=", c[7], true);
        Stat(sb, "coll=", c[11], false);
        if (ps.DurationSec != uint.MaxValue)
        {
            sb.Append("           duration=");
            AppendDuration(sb, ps.DurationSec, ps.DurationNsec);
            sb.Append('\n');
        }

        AppendExtendedStats(sb, ps);
    }

    private static readonly (string Leader, int Index)[] s_rfc2819Rx =
    [
        ("1_to_64_packets=", 0), ("65_to_127_packets=", 1), ("128_to_255_packets=", 2), ("256_to_511_packets=", 3),
        ("512_to_1023_packets=", 4), ("1024_to_1522_packets=", 5), ("1523_to_max_packets=", 6), ("broadcast_packets=", 15),
        ("undersized_errors=", 17), ("oversize_errors=", 18), ("rx_fragmented_errors=", 19), ("rx_jabber_errors=", 20),
    ];

    private static readonly (string Leader, int Index)[] s_rfc2819Tx =
    [
        ("1_to_64_packets=", 7), ("65_to_127_packets=", 8), ("128_to_255_packets=", 9), ("256_to_511_packets=", 10),
        ("512_to_1023_packets=", 11), ("1024_to_1522_packets=", 12), ("1523_to_max_packets=", 13), ("multicast_packets=", 14),
        ("broadcast_packets=", 16),
    ];

    // The RFC 2819 counters a device keeps (rx, then tx) and its custom counters, three to a line.
    private static void AppendExtendedStats(StringBuilder sb, PortStats ps)
    {
        foreach ((string label, (string Leader, int Index)[] rows) in (ReadOnlySpan<(string, (string, int)[])>)[("rx", s_rfc2819Rx), ("tx", s_rfc2819Tx)])
        {
            var line = new StringBuilder();
            foreach ((string leader, int index) in rows)
            {
                if (ps.Rfc2819[index] != Unknown)
                {
                    line.Append(leader).Append(ps.Rfc2819[index].ToString(CultureInfo.InvariantCulture)).Append(", ");
                }
            }

            if (line.Length > 0)
            {
                sb.Append("           ").Append(label).Append(" rfc2819 ").Append(line).Append('\n');
            }
        }

        if (ps.Custom.Count == 0)
        {
            return;
        }

        sb.Append("           CUSTOM Statistics");
        for (int i = 0; i < ps.Custom.Count; i++)
        {
            if (ps.Custom[i].Key.Length > 0)
            {
                sb.Append(i % 3 == 0 ? "\n                      " : " ");
                sb.Append(ps.Custom[i].Key).Append('=').Append(ps.Custom[i].Value.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
        }

        sb.Append('\n');
    }

    private static OfpError QueueReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(' ').Append(PullQueueStats(message[0], body, context, out _).Count).Append(" queues\n");
        if (context.Verbosity < 1)
        {
            return OfpError.None;
        }

        List<QueueStats> entries = PullQueueStats(message[0], body, context, out OfpError error);
        foreach (QueueStats e in entries)
        {
            sb.Append("  port ");
            PortFormatters.AppendPortNumber(sb, e.Port);
            sb.Append(" queue ");
            StatsFormatters.AppendQueue(sb, e.Queue);
            sb.Append(": ");
            Stat(sb, "bytes=", e.Bytes, true);
            Stat(sb, "pkts=", e.Packets, true);
            Stat(sb, "errors=", e.Errors, true);
            sb.Append("duration=");
            if (e.Sec != uint.MaxValue)
            {
                AppendDuration(sb, e.Sec, e.Nsec);
            }
            else
            {
                sb.Append('?');
            }

            sb.Append('\n');
        }

        return error;
    }

    private readonly record struct QueueStats(ushort Port, uint Queue, ulong Bytes, ulong Packets, ulong Errors, uint Sec, uint Nsec);

    private static List<QueueStats> PullQueueStats(byte version, ReadOnlySpan<byte> body, OfpPrintContext context, out OfpError error)
    {
        var entries = new List<QueueStats>();
        var reader = new OfpReader(body);
        error = OfpError.None;
        while (reader.Remaining > 0)
        {
            ReadOnlySpan<byte> q;
            if (version >= (byte)OfpVersion.Of14)
            {
                if (!reader.TryRead(48, out ReadOnlySpan<byte> whole))
                {
                    error = OfpError.OfpbrcBadLen;
                    break;
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(whole);
                if (length < 48 || !reader.TrySkip(length - 48))
                {
                    error = OfpError.OfpbrcBadLen;
                    break;
                }

                q = whole[8..];
            }
            else if (!reader.TryRead(version == (byte)OfpVersion.Of13 ? 40 : 32, out q))
            {
                error = OfpError.OfpbrcBadLen;
                break;
            }

            ushort port;
            if (version == OfpVersions.Min)
            {
                port = BinaryPrimitives.ReadUInt16BigEndian(q);
            }
            else if (!TryPort(BinaryPrimitives.ReadUInt32BigEndian(q), context, out port))
            {
                error = OfpError.OfpbacBadOutPort;
                break;
            }

            bool durations = version >= (byte)OfpVersion.Of13;
            entries.Add(new QueueStats(
                port,
                BinaryPrimitives.ReadUInt32BigEndian(q[4..]),
                BinaryPrimitives.ReadUInt64BigEndian(q[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(q[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(q[24..]),
                durations ? BinaryPrimitives.ReadUInt32BigEndian(q[32..]) : uint.MaxValue,
                durations ? BinaryPrimitives.ReadUInt32BigEndian(q[36..]) : uint.MaxValue));
        }

        return entries;
    }

    private static bool TryPort(uint port11, OfpPrintContext context, out ushort port)
    {
        if (PhyPort.TryPortFrom11(port11, out port))
        {
            return true;
        }

        context.Warning("ofp_port", $"port {port11} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
        return false;
    }

    private static void Stat(StringBuilder sb, string leader, ulong value, bool more)
    {
        sb.Append(leader);
        if (value == Unknown)
        {
            sb.Append('?');
        }
        else
        {
            sb.Append(value);
        }

        sb.Append(more ? ", " : "\n");
    }

    /// <summary>Seconds, then no decimals, three (whole milliseconds), or as many as the nanoseconds need.</summary>
    public static void AppendDuration(StringBuilder sb, uint sec, uint nsec)
    {
        sb.Append(sec);
        if (nsec > 0)
        {
            uint msec = nsec / 1_000_000;
            if (msec * 1_000_000 == nsec)
            {
                sb.Append('.').Append(msec.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append('.').Append(nsec.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
        }

        sb.Append('s');
    }
}
