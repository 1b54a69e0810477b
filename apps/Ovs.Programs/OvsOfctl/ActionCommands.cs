// Upstream: utilities/ovs-ofctl.c, ofctl_parse_actions(), ofctl_parse_instructions() and ofctl_parse_ofpacts()
// (OVS 3.1)
//
// The hidden test commands that drive the action codec: each input line is hex (optionally "TABLE," first); it is
// decoded for the version given, printed as "actions=...", re-encoded, and every byte that differs from the input
// is listed.
using System.Buffers;
using System.Globalization;
using System.Text;
using Ovs.Cli;
using Ovs.Common.Logging;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class ActionCommands
{
    // lib/ofp-actions.c logs through one rate limiter (1 a minute, bursts of 5); meta_flow and ofp_match have their own.
    private static readonly Dictionary<string, VlogRateLimit> s_limits = new(StringComparer.Ordinal)
    {
        ["ofp_actions"] = new VlogRateLimit(1, 5),
        ["meta_flow"] = new VlogRateLimit(1, 5),
        ["ofp_match"] = new VlogRateLimit(1, 5),
    };

    internal static readonly OfpWarningSink Warn = static (module, level, message) =>
    {
        VlogModule log = VlogModule.Get(module);
        VlogRateLimit limit = s_limits.TryGetValue(module, out VlogRateLimit? l) ? l : s_limits["ofp_actions"];
        if (level == OfpLogLevel.WarnUnlimited)
        {
            log.Warn(message);
        }
        else if (level == OfpLogLevel.Warn)
        {
            log.Warn(limit, message);
        }
        else
        {
            log.Info(limit, message);
        }
    };

    public static void ParseActions(OfctlContext ctx) => ParseOfpacts(ctx, instructions: false);

    public static void ParseInstructions(OfctlContext ctx) => ParseOfpacts(ctx, instructions: true);

    private static void ParseOfpacts(OfctlContext ctx, bool instructions)
    {
        string versionName = ctx.Args[0];
        byte version = OfpProtocolNames.ParseVersion(versionName);
        if (version == 0)
        {
            throw new CliException($"{versionName}: not a valid OpenFlow version");
        }

        string what = instructions ? "instructions" : "actions";
        while (ReadTestLine(Console.In) is { } line)
        {
            string hex = line;
            int tableId = 0;
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma >= 0)
            {
                tableId = AtoI(line[..comma]);
                hex = line[(comma + 1)..];
            }

            var input = new List<byte>();
            if (HexParser.Parse(hex, input) != hex.Length)
            {
                ctx.Out.Flush();
                throw new CliException("Trailing garbage in hex data");
            }

            byte[] data = [.. input];
            OfpError error = instructions
                ? OfpActions.DecodeInstructions(data, version, out List<OfpAct> acts, Warn)
                : OfpActions.DecodeActions(data, version, out acts, Warn);
            if (error == OfpError.None && instructions)
            {
                error = OfpActions.CheckConsistency(acts, version, (byte)tableId);
            }

            var sb = new StringBuilder();
            if (error != OfpError.None)
            {
                sb.Append("bad ").Append(OfpProtocolNames.VersionName(version)).Append(' ').Append(what).Append(": ")
                    .Append(OfpErrorTable.Name(error)).Append("\n\n");
                ctx.Out.Write(sb.ToString());
                continue;
            }

            sb.Append("actions=").Append(OfpActions.Format(acts)).Append('\n');
            var output = new ArrayBufferWriter<byte>();
            if (instructions)
            {
                OfpActions.EncodeInstructions(acts, version, output);
            }
            else
            {
                OfpActions.EncodeActions(acts, version, output);
            }

            AppendDifferences(sb, data, output.WrittenSpan);
            sb.Append('\n');
            ctx.Out.Write(sb.ToString());
        }
    }

    /// <summary>Every byte position where <paramref name="a"/> and <paramref name="b"/> differ, as print_differences().</summary>
    private static void AppendDifferences(StringBuilder sb, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int i = 0; i < common; i++)
        {
            if (a[i] != b[i])
            {
                sb.Append(CultureInfo.InvariantCulture, $"{i,2}: {a[i]:x2} -> {b[i]:x2}\n");
            }
        }

        for (int i = a.Length; i < b.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i,2}: (none) -> {b[i]:x2}\n");
        }

        for (int i = b.Length; i < a.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i,2}: {a[i]:x2} -> (none)\n");
        }
    }

    /// <summary>ds_get_test_line(): the next line without its '#' comment and surrounding blanks, skipping empty ones.</summary>
    internal static string? ReadTestLine(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.Length > 0)
            {
                return line;
            }
        }

        return null;
    }

    private static int AtoI(string s)
    {
        s = s.TrimStart();
        int i = 0;
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
}
