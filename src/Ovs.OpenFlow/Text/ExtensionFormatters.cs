// Upstream: lib/ofp-bundle.c ofputil_format_bundle_ctrl_request() and lib/ofp-ipfix.c (OVS 3.1)
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class ExtensionFormatters
{
    private const int IpfixStatsSize = 88;

    private static readonly string?[] s_bundleFlagNames = ["atomic", "ordered"];

    private static readonly string[] s_bundleTypes =
        ["OPEN_REQUEST", "OPEN_REPLY", "CLOSE_REQUEST", "CLOSE_REPLY", "COMMIT_REQUEST", "COMMIT_REPLY", "DISCARD_REQUEST", "DISCARD_REPLY"];

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpt14BundleControl, BundleControl);
        table.Add(OfpRaw.Onft13BundleControl, BundleControl);
        table.Add(OfpRaw.Ofpt14BundleAddMessage, BundleAdd);
        table.Add(OfpRaw.Onft13BundleAddMessage, BundleAdd);
        table.Add(OfpRaw.NxstIpfixBridgeReply, IpfixBridgeReply);
        table.Add(OfpRaw.NxstIpfixFlowReply, IpfixFlowReply);
    }

    private static OfpError BundleControl(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        uint id = BinaryPrimitives.ReadUInt32BigEndian(body);
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(body[6..]);
        sb.Append("\n bundle_id=").Append(id == 0 ? "0" : $"0x{id:x}").Append(" type=");
        if (type < s_bundleTypes.Length)
        {
            sb.Append(s_bundleTypes[type]);
        }

        sb.Append(" flags=");
        PortFormatters.AppendBitNames(sb, flags, s_bundleFlagNames);
        return OfpError.None;
    }

    // A bundled message must have the bundle's version and xid, fit in the bundle, decode, and be one of the
    // messages a bundle may carry: port, flow and group mods and packet-outs.
    private static OfpError BundleAdd(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError checkError = Messages.BundleAdd.TryOpen(message, body, out uint id, out Messages.BundleFlags bundleFlags, out ReadOnlySpan<byte> inner);
        if (checkError != OfpError.None)
        {
            return checkError;
        }

        ushort flags = (ushort)bundleFlags;
        OfpError error = OfpRawDecoder.TryDecode(inner, out OfpRawInfo? info, out _, out OfpDecodeProblem problem);
        OfpPrinter.Report(context, problem);
        if (error != OfpError.None)
        {
            context.Warning("ofp_bundle", $"OFPT14_BUNDLE_ADD_MESSAGE contained message is unparsable ({OfpErrorTable.Name(error)})");
            return OfpError.OfpbfcMsgUnsup;
        }

        if (!Messages.BundleAdd.IsBundlable(info!.Raw))
        {
            context.Warning("ofp_bundle", $"{info.Name} message not allowed inside OFPT14_BUNDLE_ADD_MESSAGE");
            return OfpError.OfpbfcMsgUnsup;
        }

        sb.Append("\n bundle_id=").Append(id == 0 ? "0" : $"0x{id:x}").Append(" flags=");
        PortFormatters.AppendBitNames(sb, flags, s_bundleFlagNames);
        sb.Append('\n');
        OfpPrinter.Append(sb, inner, context);
        return OfpError.None;
    }

    private static OfpError IpfixBridgeReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        for (ReadOnlySpan<byte> rest = body; rest.Length >= IpfixStatsSize; rest = rest[IpfixStatsSize..])
        {
            sb.Append("\n  bridge ipfix: ");
            AppendIpfixStats(sb, rest, 16);
        }

        return OfpError.None;
    }

    private static OfpError IpfixFlowReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(' ').Append(body.Length / IpfixStatsSize).Append(" ids\n");
        for (ReadOnlySpan<byte> rest = body; rest.Length >= IpfixStatsSize; rest = rest[IpfixStatsSize..])
        {
            sb.Append("  id ").Append(BinaryPrimitives.ReadUInt32BigEndian(rest[80..]).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(3)).Append(": ");
            AppendIpfixStats(sb, rest, 10);
        }

        return OfpError.None;
    }

    // struct nx_ipfix_stats_reply: ten 64-bit counters (total flows, current flows, packets, IPv4, IPv6, errors, IPv4
    // errors, IPv6 errors, sent, send errors), then the collector set id.
    private static void AppendIpfixStats(StringBuilder sb, ReadOnlySpan<byte> s, int indent)
    {
        Stat(sb, "flows=", s, 0, true);
        Stat(sb, "current flows=", s, 1, true);
        Stat(sb, "sampled pkts=", s, 2, true);
        Stat(sb, "ipv4 ok=", s, 3, true);
        Stat(sb, "ipv6 ok=", s, 4, true);
        Stat(sb, "tx pkts=", s, 8, false);
        sb.Append(' ', indent);
        Stat(sb, "pkts errs=", s, 5, true);
        Stat(sb, "ipv4 errs=", s, 6, true);
        Stat(sb, "ipv6 errs=", s, 7, true);
        Stat(sb, "tx errs=", s, 9, false);
    }

    private static void Stat(StringBuilder sb, string leader, ReadOnlySpan<byte> s, int index, bool more)
    {
        ulong value = BinaryPrimitives.ReadUInt64BigEndian(s[(index * 8)..]);
        sb.Append(leader);
        if (value == ulong.MaxValue)
        {
            sb.Append('?');
        }
        else
        {
            sb.Append(value);
        }

        sb.Append(more ? ", " : "\n");
    }
}
