// Upstream: lib/ofp-print.c, ofp_to_string() (OVS 3.1)
//
// Turns the bytes of one OpenFlow message into ofp-print's text. The frame comes first: an empty or too-short
// buffer, a truncated message (its name, when the headers identify it) or one shorter than the buffer get a note and
// a hex dump. A whole message prints "NAME (OF1.x) (xid=0x..):" and then its body through the formatter registered
// for its OfpRaw. A decode failure appends "***decode error: NAME***" and a hex dump, as does verbosity 5 or more.
// Messages whose body formatter is not written yet are reported the same way, with the error upstream gives for a
// message it cannot handle, so the output stays honest.
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static partial class OfpPrinter
{
    public static string ToText(ReadOnlySpan<byte> data, OfpPrintContext context)
    {
        var sb = new StringBuilder();
        Append(sb, data, context);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, ReadOnlySpan<byte> data, OfpPrintContext context)
    {
        if (data.Length == 0)
        {
            sb.Append("OpenFlow message is empty\n");
            return;
        }

        if (data.Length < OfpHeader.Size)
        {
            sb.Append("OpenFlow packet too short (only ").Append(data.Length).Append(" bytes):\n");
            HexDump.Append(sb, data, 0, true);
            return;
        }

        OfpHeader header = OfpHeader.Read(data);
        if (header.Length > data.Length)
        {
            OfpError partial = OfpRawDecoder.TryClassify(data, out OfpRawInfo? partialInfo, out OfpDecodeProblem partialProblem);
            Report(context, partialProblem);
            if (partial == OfpError.None)
            {
                AppendHeaderLine(sb, header, partialInfo!);
                sb.Append('\n');
            }

            sb.Append("(***truncated to ").Append(data.Length).Append(" bytes from ").Append(header.Length).Append("***)\n");
            HexDump.Append(sb, data, 0, true);
            return;
        }

        if (header.Length < data.Length)
        {
            sb.Append("(***only uses ").Append(header.Length).Append(" bytes out of ").Append(data.Length).Append("***)\n");
            HexDump.Append(sb, data, 0, true);
            return;
        }

        OfpError error = OfpRawDecoder.TryDecode(data, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out OfpDecodeProblem problem);
        Report(context, problem);
        if (error == OfpError.None)
        {
            AppendHeaderLine(sb, header, info!);
            int headerLength = sb.Length;
            error = FormatBody(sb, context, info!, data, body);
            if (error != OfpError.None)
            {
                if (sb.Length > headerLength)
                {
                    Chomp(sb, ' ');
                    AddNewline(sb);
                }
                else
                {
                    sb.Append(' ');
                }

                AppendDecodeError(sb, error);
            }
            else
            {
                Chomp(sb, ' ');
            }
        }
        else
        {
            AppendDecodeError(sb, error);
        }

        if (context.Verbosity >= 5 || error != OfpError.None)
        {
            AddNewline(sb);
            HexDump.Append(sb, data, 0, true);
        }

        AddNewline(sb);
    }

    /// <summary>"NAME (OF1.x) (xid=0x..):" as ofp-print starts every message.</summary>
    public static void AppendHeaderLine(StringBuilder sb, OfpHeader header, OfpRawInfo info) =>
        sb.Append(info.Name).Append(OfpVersions.PrintSuffix(header.Version)).Append(" (xid=0x").Append(header.Xid.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("):");

    internal static void AppendDecodeError(StringBuilder sb, OfpError error) =>
        sb.Append("***decode error: ").Append(OfpErrorTable.Name(error)).Append("***\n");

    internal static void Report(OfpPrintContext context, in OfpDecodeProblem problem)
    {
        if (problem.FormatWarning() is { } warning)
        {
            context.Warning("ofp_msgs", warning);
        }
    }

    internal static void AddNewline(StringBuilder sb)
    {
        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }
    }

    private static void Chomp(StringBuilder sb, char c)
    {
        if (sb.Length > 0 && sb[^1] == c)
        {
            sb.Length--;
        }
    }

    private static OfpError FormatBody(StringBuilder sb, OfpPrintContext context, OfpRawInfo info, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        if (info.IsStats)
        {
            AppendStatsFlags(sb, message);
        }

        if (s_formatters.TryGetValue(info.Raw, out MessageFormatter? formatter))
        {
            return formatter(sb, context, message, body);
        }

        // No formatter yet: say so the way upstream reports a message it cannot interpret.
        return info.Kind switch
        {
            OfpRawKind.Ofpt => OfpError.OfpbrcBadType,
            OfpRawKind.Ofpst => OfpError.OfpbrcBadStat,
            _ => OfpError.OfpbrcBadSubtype,
        };
    }

    /// <summary>
    /// Formats only the body of <paramref name="inner"/>, a whole message carried inside another, through the
    /// formatter registered for it (as request-forward prints a meter mod).
    /// </summary>
    internal static OfpError FormatInnerBody(StringBuilder sb, OfpPrintContext context, OfpRawInfo info, ReadOnlySpan<byte> inner) =>
        FormatBody(sb, context, info, inner, inner[info.HeaderSize(inner[0])..]);

    private static void AppendStatsFlags(StringBuilder sb, ReadOnlySpan<byte> message)
    {
        int flags = (message[10] << 8) | message[11];
        if (flags == 0)
        {
            return;
        }

        sb.Append(" flags=");
        bool request = OfpRawDecoder.IsStatsRequestType(message[0], message[1]);
        if ((!request || message[0] >= (byte)OfpVersion.Of13) && (flags & 1) != 0)
        {
            sb.Append("[more]");
            flags &= ~1;
        }

        if (flags != 0)
        {
            sb.Append("[***unknown flags 0x").Append(flags.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append("***]");
        }
    }
}
