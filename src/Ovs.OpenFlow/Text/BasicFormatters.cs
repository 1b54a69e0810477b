// Upstream: lib/ofp-print.c (hello, error, echo, switch config, description, small Nicira messages) (OVS 3.1)
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class BasicFormatters
{
    public static OfpError Hello(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        Hello hello = Messages.Hello.Decode(message);
        if ((hello.Warnings & HelloWarnings.ClaimsVersionZero) != 0)
        {
            context.Warning("ofp_util", "peer claims to support invalid OpenFlow version 0x00");
        }

        if ((hello.Warnings & HelloWarnings.NoVersions) != 0)
        {
            context.Warning("ofp_util", "peer does not support any OpenFlow version (between 0x01 and 0x1f)");
        }

        sb.Append("\n version bitmap: ");
        AppendVersionBitmap(sb, hello.AllowedVersions);
        if (!hello.Complete)
        {
            sb.Append("\n unknown data in hello:\n");
            HexDump.Append(sb, message, 0, true);
        }

        return OfpError.None;
    }

    /// <summary>Each version in the bitmap as "0x%02x", comma separated.</summary>
    public static void AppendVersionBitmap(StringBuilder sb, uint bitmap)
    {
        bool first = true;
        for (int v = 0; v < 32; v++)
        {
            if ((bitmap & (1u << v)) != 0)
            {
                if (!first)
                {
                    sb.Append(", ");
                }

                first = false;
                sb.Append("0x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            }
        }
    }

    public static OfpError Error(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = OfpErrorMessage.Decode(message[0], body, out ReadOnlySpan<byte> payload);
        if (error == OfpError.None)
        {
            return OfpError.OfpbrcBadLen;
        }

        sb.Append(' ').Append(OfpErrorTable.Name(error)).Append('\n');
        if (error is OfpError.OfphfcIncompatible or OfpError.OfphfcEperm)
        {
            AppendPrintable(sb, payload);
        }
        else
        {
            OfpPrinter.Append(sb, payload, context with { Verbosity = 1 });
        }

        return OfpError.None;
    }

    /// <summary>Printable ASCII as is; anything else, backslash and double quote as a 3-digit octal escape.</summary>
    public static void AppendPrintable(StringBuilder sb, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (b < 0x20 || b > 0x7e || b == '\\' || b == '"')
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
            else
            {
                sb.Append((char)b);
            }
        }
    }

    public static OfpError Echo(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(' ').Append(body.Length).Append(" bytes of payload\n");
        if (context.Verbosity > 1)
        {
            HexDump.Append(sb, body, 0, true);
        }

        return OfpError.None;
    }

    public static OfpError GetConfigReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        AppendSwitchConfig(sb, SwitchConfig.Decode(message[0], body));
        return OfpError.None;
    }

    public static OfpError SetConfig(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        SwitchConfig config = SwitchConfig.Decode(message[0], body);
        if (!config.FlagsValid)
        {
            return OfpError.OfpscfcBadFlags;
        }

        AppendSwitchConfig(sb, config);
        return OfpError.None;
    }

    private static void AppendSwitchConfig(StringBuilder sb, SwitchConfig config)
    {
        sb.Append(" frags=").Append(config.Fragments switch
        {
            FragmentHandling.Normal => "normal",
            FragmentHandling.Drop => "drop",
            FragmentHandling.Reassemble => "reassemble",
            _ => "nx-match",
        });
        if (config.InvalidTtlToController == true)
        {
            sb.Append(" invalid_ttl_to_controller");
        }

        sb.Append(" miss_send_len=").Append(config.MissSendLength).Append('\n');
    }

    public static OfpError DescReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append('\n');
        AppendFixedString(sb, "Manufacturer: ", body[..256]);
        AppendFixedString(sb, "Hardware: ", body[256..512]);
        AppendFixedString(sb, "Software: ", body[512..768]);
        AppendFixedString(sb, "Serial Num: ", body[768..800]);
        AppendFixedString(sb, "DP Description: ", body[800..1056]);
        return OfpError.None;
    }

    // "%.*s" of a fixed-size, possibly unterminated field: up to the first NUL.
    private static void AppendFixedString(StringBuilder sb, string label, ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        ReadOnlySpan<byte> text = end < 0 ? field : field[..end];
        sb.Append(label);
        foreach (byte b in text)
        {
            sb.Append((char)b);
        }

        sb.Append('\n');
    }

    public static OfpError SetControllerId(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        // struct nx_controller_id: 6 bytes of zeros, then the 16-bit id.
        sb.Append(" id=").Append(BinaryPrimitives.ReadUInt16BigEndian(body[6..]));
        return OfpError.None;
    }

    public static OfpError CtFlushZone(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        // struct nx_zone_id: 6 bytes of zeros, then the 16-bit zone.
        sb.Append(" zone_id=").Append(BinaryPrimitives.ReadUInt16BigEndian(body[6..]));
        return OfpError.None;
    }

    public static OfpError FlowModTableId(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(body[0] != 0 ? " enable" : " disable");
        return OfpError.None;
    }

    public static OfpError SetFlowFormat(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        uint format = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (format is not (0 or 2))
        {
            context.Warning("ofp_protocol", $"NXT_SET_FLOW_FORMAT message specified invalid flow format {format}");
        }

        sb.Append(" format=").Append(format switch
        {
            0 => "openflow10",
            2 => "nxm",
            _ => "(unknown)",
        });
        return OfpError.None;
    }

    public static OfpError SetPacketInFormat(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        uint format = BinaryPrimitives.ReadUInt32BigEndian(body);
        string? name = format switch
        {
            0 => "standard",
            1 => "nxt_packet_in",
            2 => "nxt_packet_in2",
            _ => null,
        };
        if (name is null)
        {
            context.Warning("ofp_packet", $"NXT_SET_PACKET_IN_FORMAT message specified invalid packet-in format {format}");
            return OfpError.OfpbrcEperm;
        }

        sb.Append(" format=").Append(name);
        return OfpError.None;
    }

    public static OfpError FlowMonitorCancel(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(" id=").Append(BinaryPrimitives.ReadUInt32BigEndian(body));
        return OfpError.None;
    }
}
