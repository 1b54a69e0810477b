// Upstream: utilities/ovs-ofctl.c, ofctl_print_error(), ofctl_encode_error_reply(), ofctl_ofp_print(),
// ofctl_encode_hello() and ofctl_parse_key_value() (OVS 3.1)
//
// The commands that need no switch: they run the codec on their arguments and print its results. Decode warnings
// go to the vlog module upstream logs them under.
using System.Buffers;
using System.Globalization;
using System.Text;
using Ovs.Cli;
using Ovs.Common.Logging;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class OfflineCommands
{
    private static readonly OfpWarningSink s_warn = static (module, level, message) =>
    {
        if (level is OfpLogLevel.Warn or OfpLogLevel.WarnUnlimited)
        {
            VlogModule.Get(module).Warn(message);
        }
        else
        {
            VlogModule.Get(module).Info(message);
        }
    };

    /// <summary>"print-error ENUM": the error's vendor, type and code in every version that can encode it.</summary>
    public static void PrintError(OfctlContext ctx)
    {
        ctx.Out.Write(ErrorText.FormatEncodings(ParseError(ctx.Args[0])));
    }

    /// <summary>"encode-error-reply ENUM REQUEST": the error reply to the hex REQUEST, as a hex dump.</summary>
    public static void EncodeErrorReply(OfctlContext ctx)
    {
        OfpError error = ParseError(ctx.Args[0]);
        var request = new List<byte>();
        string hex = ctx.Args[1];
        if (HexParser.Parse(hex, request) != hex.Length)
        {
            throw new CliException("Trailing garbage in hex data");
        }

        if (request.Count < OfpHeader.Size)
        {
            throw new CliException("Request too short");
        }

        byte[] bytes = [.. request];
        if (OfpHeader.Read(bytes).Length != bytes.Length)
        {
            throw new CliException("Request size inconsistent");
        }

        var writer = new ArrayBufferWriter<byte>();
        OfpErrorEncodeNote note = OfpErrorMessage.EncodeReply(error, bytes, writer);
        LogEncodeNote(note, error, bytes[0]);
        ctx.Out.Write(HexDump.Format(writer.WrittenSpan, ascii: false));
    }

    /// <summary>"ofp-print HEX [VERBOSITY]" (or "-" to read one line of hex, or raw bytes with --raw, from stdin).</summary>
    public static void OfpPrint(OfctlContext ctx)
    {
        int verbosity = ctx.Args.Count > 1 ? AtoI(ctx.Args[1]) : 2;
        byte[] data;
        if (ctx.Args[0] == "-" && ctx.Options.Raw)
        {
            using Stream stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            data = buffer.ToArray();
        }
        else
        {
            string text = ctx.Args[0] == "-" ? Console.In.ReadLine() ?? string.Empty : ctx.Args[0];
            var bytes = new List<byte>();
            if (HexParser.Parse(text, bytes) != text.Length)
            {
                throw new CliException("trailing garbage following hex bytes");
            }

            data = [.. bytes];
        }

        ctx.Out.Write(OfpPrinter.ToText(data, new OfpPrintContext(verbosity, s_warn)));
    }

    /// <summary>"encode-hello BITMAP": the hello announcing BITMAP, as a hex dump and then as ofp-print shows it.</summary>
    public static void EncodeHello(OfctlContext ctx)
    {
        uint bitmap = (uint)StrToL(ctx.Args[0]);
        if (bitmap == 0)
        {
            // Upstream asserts here; a hello must announce at least one version.
            throw new CliException("encode-hello: the version bitmap announces no version");
        }

        var writer = new ArrayBufferWriter<byte>();
        Hello.Encode(bitmap, 1, writer);
        ctx.Out.Write(HexDump.Format(writer.WrittenSpan, ascii: false));
        ctx.Out.Write(OfpPrinter.ToText(writer.WrittenSpan, new OfpPrintContext(ctx.Options.Verbosity, s_warn)));
    }

    /// <summary>"parse-key-value ARG...": each argument's key-value pairs, one argument per line.</summary>
    public static void ParseKeyValue(OfctlContext ctx)
    {
        var sb = new StringBuilder();
        foreach (string arg in ctx.Args)
        {
            int position = 0;
            int n = 0;
            while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
            {
                if (n++ > 0)
                {
                    sb.Append(", ");
                }

                sb.Append(key);
                if (value.Length > 0)
                {
                    sb.Append('=').Append(value);
                }
            }

            sb.Append('\n');
        }

        ctx.Out.Write(sb.ToString());
    }

    private static OfpError ParseError(string name) =>
        OfpErrorTable.TryParse(name, out OfpError error) ? error : throw new CliException($"unknown error \"{name}\"");

    private static void LogEncodeNote(OfpErrorEncodeNote note, OfpError error, byte version)
    {
        VlogModule log = VlogModule.Get("ofp_errors");
        if (note == OfpErrorEncodeNote.UnknownVersion)
        {
            log.Err($"cannot encode error for unknown OpenFlow version 0x{version:x2}");
        }
        else if (note == OfpErrorEncodeNote.Unencodable)
        {
            log.Err($"cannot encode {OfpErrorTable.Name(error)} for OpenFlow {OfpVersions.DottedName(version)}");
        }
    }

    // C's atoi(): optional white space and sign, then digits; anything else ends the number (0 if none).
    private static int AtoI(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        long value = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && value < int.MaxValue)
        {
            value = (value * 10) + (s[i++] - '0');
        }

        return (int)(negative ? -value : Math.Min(value, int.MaxValue));
    }

    // C's strtol(s, NULL, 0): decimal, 0x-prefixed hex or 0-prefixed octal; stops at the first invalid character.
    private static long StrToL(string s)
    {
        string t = s.Trim();
        bool negative = t.StartsWith('-');
        if (t.StartsWith('-') || t.StartsWith('+'))
        {
            t = t[1..];
        }

        int radix = 10;
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            radix = 16;
            t = t[2..];
        }
        else if (t.StartsWith('0') && t.Length > 1)
        {
            radix = 8;
        }

        long value = 0;
        foreach (char c in t)
        {
            int digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? (c | 0x20) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                break;
            }

            value = (value * radix) + digit;
        }

        return negative ? -value : value;
    }
}
