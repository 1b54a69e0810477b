// Upstream: utilities/ovs-ofctl.c, ofctl_parse_nxm(), ofctl_parse_oxm(), ofctl_parse_ofp10_match(),
// ofctl_parse_ofp11_match() and ofctl_check_vlan() (OVS 3.1)
//
// The undocumented test commands that exercise the match codecs: each reads matches (text or hex) from standard
// input, line by line, runs them through a codec and back and prints what came out.
using System.Buffers;
using System.Globalization;
using System.Text;
using Ovs.Cli;
using Ovs.Common.Logging;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;

namespace Ovs.Programs.OvsOfctl;

internal static class MatchCommands
{
    // Upstream's nx-match and ofp-match modules log through a limiter of 1 a minute with bursts of 5.
    private static readonly VlogRateLimit s_nxmRate = new(1, 5);
    private static readonly VlogRateLimit s_matchRate = new(1, 5);
    private static readonly VlogRateLimit s_portRate = new(1, 5);

    private static readonly OfpWarningSink s_warn = static (module, level, message) =>
    {
        VlogRateLimit rate = module switch
        {
            "nx_match" => s_nxmRate,
            "ofp_port" => s_portRate,
            _ => s_matchRate,
        };
        VlogModule log = VlogModule.Get(module);
        if (level == OfpLogLevel.Warn)
        {
            log.Warn(rate, message);
        }
        else
        {
            log.Info(rate, message);
        }
    };

    /// <summary>"parse-nx-match" / "parse-nxm": NXM text in, canonical NXM text out.</summary>
    public static void ParseNxm(OfctlContext ctx) => ParseNxmLines(ctx, oxm: false, 0);

    /// <summary>"parse-oxm VERSION": OXM text in, canonical OXM text for VERSION out.</summary>
    public static void ParseOxm(OfctlContext ctx)
    {
        byte version = VersionFromString(ctx.Args[0]);
        if (version < 3)
        {
            throw new CliException($"{ctx.Args[0]}: not a valid version for OXM");
        }

        ParseNxmLines(ctx, oxm: true, version);
    }

    /// <summary>"parse-ofp10-match": ofp10_match hex in ('x' for don't care), the match and any differences out.</summary>
    public static void ParseOfp10Match(OfctlContext ctx)
    {
        var sb = new StringBuilder();
        while (ReadPreprocessedLine() is { } line)
        {
            byte[] expected = ParseHexMatch(line.Replace('x', '0'), Ofp10Match.Size);
            byte[] input = ParseHexMatch(RandomizeDontCare(line), Ofp10Match.Size);
            Match match = Ofp10Match.Decode(input);
            sb.Append(MatchFormatter.Format(in match)).Append('\n');

            byte[] output = new byte[Ofp10Match.Size];
            Ofp10Match.Encode(in match, output);
            AppendDifferences(sb, string.Empty, expected, output);

            Match normal = match;
            if (MatchNormalizer.Normalize(ref normal))
            {
                LogNormalization(in match, in normal);
            }

            byte[] normalBytes = new byte[Ofp10Match.Size];
            Ofp10Match.Encode(in normal, normalBytes);
            AppendDifferences(sb, "normal: ", output, normalBytes);
            sb.Append('\n');
            ctx.Out.Write(sb.ToString());
            sb.Clear();
        }
    }

    /// <summary>"parse-ofp11-match": ofp11_match hex in, the match (or its error) and any differences out.</summary>
    public static void ParseOfp11Match(OfctlContext ctx)
    {
        var sb = new StringBuilder();
        while (ReadPreprocessedLine() is { } line)
        {
            byte[] input = ParseHexMatch(line, Ofp11Match.Size);
            OfpError error = Ofp11Match.TryDecode(input, s_warn, out Match match);
            if (error != OfpError.None)
            {
                sb.Append("bad ofp11_match: ").Append(OfpErrorTable.Name(error)).Append("\n\n");
            }
            else
            {
                sb.Append(MatchFormatter.Format(in match)).Append('\n');
                byte[] output = new byte[Ofp11Match.Size];
                Ofp11Match.Encode(in match, output);
                AppendDifferences(sb, string.Empty, input, output);
                sb.Append('\n');
            }

            ctx.Out.Write(sb.ToString());
            sb.Clear();
        }
    }

    /// <summary>"check-vlan VID MASK": a vlan_tci match through text, NXM, OXM, OpenFlow 1.0 and 1.1 and back.</summary>
    public static void CheckVlan(OfctlContext ctx)
    {
        var match = default(Match);
        match.Flow.SetU16(FlowLayout.VlanTci, (ushort)StrToULHex(ctx.Args[0]));
        match.Wildcards.Masks.SetU16(FlowLayout.VlanTci, (ushort)StrToULHex(ctx.Args[1]));
        TextWriter o = ctx.Out;

        // Text and back, as a flow_mod's match.
        string text = MatchFormatter.Format(in match);
        o.Write(text + " -> ");
        o.Flush();
        Match parsed = ParseMatchText(text);
        o.Write(TciText(in parsed) + "\n");

        // NXM and back.
        var nxm = new ArrayBufferWriter<byte>();
        int nxmLength = NxmEncoder.EncodeNxMatch(nxm, in match);
        OfpError error = MatchCodec.PullNxMatch(nxm.WrittenSpan, nxmLength, strict: true, s_warn, out Match fromNxm, out _, out _);
        o.Write("NXM: " + NxmText.Format(nxm.WrittenSpan[..nxmLength]) + " -> ");
        o.Write((error != OfpError.None ? OfpErrorTable.Info(error).Description : TciText(in fromNxm)) + "\n");

        // OXM (OpenFlow 1.2) and back.
        var oxm = new ArrayBufferWriter<byte>();
        int oxmLength = NxmEncoder.EncodeOxmMatch(oxm, in match, 3);
        error = MatchCodec.PullOxmMatch(oxm.WrittenSpan, strict: true, s_warn, out Match fromOxm, out _);
        o.Write("OXM: " + NxmText.FormatOxm(oxm.WrittenSpan[..oxmLength]) + " -> ");
        if (error != OfpError.None)
        {
            o.Write(OfpErrorTable.Info(error).Description + "\n");
        }
        else
        {
            ushort tci = fromOxm.Flow.U16(FlowLayout.VlanTci);
            ushort tciMask = fromOxm.Wildcards.Masks.U16(FlowLayout.VlanTci);
            ushort vid = (ushort)(tci & 0x1fff);
            ushort vidMask = (ushort)(tciMask & 0x1fff);
            o.Write(string.Create(CultureInfo.InvariantCulture, $"{vid:x4}/{vidMask:x4},"));
            o.Write(vid != 0 && (tciMask >> 13) != 0 ? string.Create(CultureInfo.InvariantCulture, $"{tci >> 13:d2}\n") : "--\n");
        }

        // OpenFlow 1.0 and back.
        byte[] of10 = new byte[Ofp10Match.Size];
        Ofp10Match.Encode(in match, of10);
        Match fromOf10 = Ofp10Match.Decode(of10);
        uint wc10 = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(of10);
        o.Write(string.Create(CultureInfo.InvariantCulture,
            $"OF1.0: {(of10[18] << 8) | of10[19]:x4}/{((wc10 & Ofp10Match.DlVlan) != 0 ? 1 : 0)},{of10[20]:x2}/{((wc10 & Ofp10Match.DlVlanPcp) != 0 ? 1 : 0)} -> {TciText(in fromOf10)}\n"));

        // OpenFlow 1.1 and back.
        byte[] of11 = new byte[Ofp11Match.Size];
        Ofp11Match.Encode(in match, of11);
        Ofp11Match.TryDecode(of11, s_warn, out Match fromOf11);
        uint wc11 = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(of11.AsSpan(8));
        o.Write(string.Create(CultureInfo.InvariantCulture,
            $"OF1.1: {(of11[36] << 8) | of11[37]:x4}/{((wc11 & Ofp11Match.DlVlan) != 0 ? 1 : 0)},{of11[38]:x2}/{((wc11 & Ofp11Match.DlVlanPcp) != 0 ? 1 : 0)} -> {TciText(in fromOf11)}\n"));
    }

    private static void ParseNxmLines(OfctlContext ctx, bool oxm, byte version)
    {
        bool strict = ctx.Options.Strict;
        while (ReadTestLine(ctx.Out) is { } line)
        {
            var entries = new ArrayBufferWriter<byte>();
            string? fatal = NxmText.TryParse(line, entries, out _);
            if (fatal is not null)
            {
                throw new CliException(fatal);
            }

            OfpError error = MatchCodec.PullEntries(entries.WrittenSpan, strict, allowCookie: !oxm, s_warn, out Match match, out ulong cookie, out ulong cookieMask);
            if (error != OfpError.None)
            {
                ctx.Out.Write("nx_pull_match() returned error " + OfpErrorTable.Name(error) + "\n");
                continue;
            }

            var output = new ArrayBufferWriter<byte>();
            string text;
            if (oxm)
            {
                int length = NxmEncoder.EncodeOxmMatch(output, in match, version);
                text = NxmText.FormatOxm(output.WrittenSpan[..length]);
            }
            else
            {
                int length = NxmEncoder.EncodeNxMatch(output, in match, cookie, cookieMask);
                text = NxmText.Format(output.WrittenSpan[..length]);
            }

            ctx.Out.Write(text + "\n");
            if (ctx.Options.Verbosity > 0)
            {
                ctx.Out.Write(HexDump.Format(output.WrittenSpan, ascii: false));
            }
        }
    }

    // Upstream's ds_get_test_line(): lines starting with '#' are echoed, a '#' elsewhere starts a comment, and lines
    // left blank print an empty line.
    private static string? ReadTestLine(TextWriter echo)
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                echo.Write(line + "\n");
                continue;
            }

            int comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            if (line.AsSpan().TrimStart(" \t\n").IsEmpty)
            {
                echo.Write('\n');
                continue;
            }

            return line;
        }

        return null;
    }

    // Upstream's ds_get_preprocessed_line(): comments removed, blank lines skipped.
    private static string? ReadPreprocessedLine()
    {
        while (Console.In.ReadLine() is { } line)
        {
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            if (!line.AsSpan().TrimStart(" \t\n").IsEmpty)
            {
                return line;
            }
        }

        return null;
    }

    private static byte[] ParseHexMatch(string text, int size)
    {
        var bytes = new List<byte>();
        if (HexParser.Parse(text, bytes) != text.Length)
        {
            throw new CliException("Trailing garbage in hex data");
        }

        if (bytes.Count != size)
        {
            throw new CliException($"Input is {bytes.Count} bytes, expected {size}");
        }

        return [.. bytes];
    }

    private static string RandomizeDontCare(string line)
    {
        char[] chars = line.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] == 'x')
            {
                chars[i] = "0123456789abcdef"[Random.Shared.Next(16)];
            }
        }

        return new string(chars);
    }

    private static void AppendDifferences(StringBuilder sb, string prefix, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int i = 0; i < common; i++)
        {
            if (a[i] != b[i])
            {
                sb.Append(CultureInfo.InvariantCulture, $"{prefix}{i,2}: {a[i]:x2} -> {b[i]:x2}\n");
            }
        }

        for (int i = common; i < a.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}{i,2}: {a[i]:x2} -> (none)\n");
        }

        for (int i = common; i < b.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}{i,2}: (none) -> {b[i]:x2}\n");
        }
    }

    private static void LogNormalization(in Match before, in Match after)
    {
        if (!VlogModule.Get("ofp_match").IsEnabled(VlogLevel.Info))
        {
            return;
        }

        // One limiter token covers the three lines, as upstream checks the limit once before logging them.
        if (s_matchRate.ShouldDrop(VlogModule.Get("ofp_match"), VlogLevel.Info))
        {
            return;
        }

        VlogModule log = VlogModule.Get("ofp_match");
        log.Info("normalization changed ofp_match, details:");
        log.Info(" pre: " + MatchFormatter.Format(in before));
        log.Info("post: " + MatchFormatter.Format(in after));
    }

    private static Match ParseMatchText(string text)
    {
        var match = default(Match);
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
        {
            if (!MatchParser.TryApply(key, value, ref match, out string? error))
            {
                throw new CliException($"unknown keyword {key}");
            }

            if (error is not null)
            {
                throw new CliException(error);
            }
        }

        return match;
    }

    private static string TciText(in Match match) => string.Create(CultureInfo.InvariantCulture,
        $"{match.Flow.U16(FlowLayout.VlanTci):x4}/{match.Wildcards.Masks.U16(FlowLayout.VlanTci):x4}");

    private static byte VersionFromString(string s) => s.ToUpperInvariant() switch
    {
        "OPENFLOW10" => 1,
        "OPENFLOW11" => 2,
        "OPENFLOW12" => 3,
        "OPENFLOW13" => 4,
        "OPENFLOW14" => 5,
        "OPENFLOW15" => 6,
        _ => 0,
    };

    // strtoul(s, NULL, 16): optional white space, optional 0x, hex digits up to the first other character.
    private static ulong StrToULHex(string s)
    {
        ReadOnlySpan<char> t = s.AsSpan().TrimStart();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }

        ulong value = 0;
        foreach (char c in t)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                break;
            }

            value = (value << 4) | (uint)Convert.ToInt32(c.ToString(), 16);
        }

        return value;
    }
}
