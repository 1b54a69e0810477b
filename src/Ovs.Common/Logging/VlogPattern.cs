// Upstream: lib/vlog.c, format_log_message() (OVS 3.1)
//
// Expands a vlog pattern ("%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m") for one message. Each escape may carry, in
// this order, '-' (left justify), '0' (pad with zeros, on whichever side the justification leaves free, which is
// what upstream does: "%-05N" gives "10000") and a minimum width; longer expansions are never truncated. An unknown
// escape character expands to itself. Time escapes take a strftime template in braces; runs of '#' inside it
// become the leading digits of the milliseconds (zero-filled past three digits). Pure apart from reading the
// process-wide facts (program name, pid, hostname) passed in VlogEvent.
using System.Text;

namespace Ovs.Common.Logging;

/// <summary>Everything a pattern can refer to for one message.</summary>
internal readonly record struct VlogEvent(
    string Module,
    VlogLevel Level,
    string Message,
    long Sequence,
    DateTimeOffset Time,
    long UptimeMs,
    string? SubprogramName,
    int SyslogFacility);

internal static class VlogPattern
{
    /// <summary>The default strftime template of %d and %D.</summary>
    public const string DefaultTimeFormat = "%Y-%m-%d %H:%M:%S.###";

    public static string Format(string pattern, in VlogEvent e)
    {
        var sb = new StringBuilder(pattern.Length + e.Message.Length + 32);
        Append(sb, pattern, e);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, string pattern, in VlogEvent e)
    {
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i++];
            if (c != '%' || i >= pattern.Length)
            {
                sb.Append(c);
                continue;
            }

            bool left = false;
            bool zero = false;
            int width = 0;
            if (pattern[i] == '-')
            {
                left = true;
                i++;
            }

            if (i < pattern.Length && pattern[i] == '0')
            {
                zero = true;
                i++;
            }

            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
            {
                width = (width * 10) + (pattern[i++] - '0');
            }

            if (i >= pattern.Length)
            {
                break;
            }

            char spec = pattern[i++];
            int start = sb.Length;
            switch (spec)
            {
                case 'A': sb.Append(OvsProgram.Name); break;
                case 'B': sb.Append((e.SyslogFacility << 3) + VlogNames.SyslogLevel(e.Level)); break;
                case 'c': sb.Append(e.Module); break;
                case 'd': AppendTime(sb, pattern, ref i, e.Time.ToLocalTime()); break;
                case 'D': AppendTime(sb, pattern, ref i, e.Time.ToUniversalTime()); break;
                case 'E': sb.Append(Vlog.HostName); break;
                case 'm': sb.Append(e.Message); break;
                case 'N': sb.Append(e.Sequence); break;
                case 'n': sb.Append('\n'); break;
                case 'p': sb.Append(VlogNames.LevelName(e.Level)); break;
                case 'P': sb.Append(Environment.ProcessId); break;
                case 'r': sb.Append(e.UptimeMs); break;
                case 't': sb.Append(e.SubprogramName ?? "main"); break;
                case 'T':
                    if (e.SubprogramName is not null)
                    {
                        sb.Append('(').Append(e.SubprogramName).Append(')');
                    }

                    break;
                default: sb.Append(spec); break;
            }

            int length = sb.Length - start;
            if (length < width)
            {
                sb.Insert(left ? sb.Length : start, zero ? "0" : " ", width - length);
            }
        }
    }

    private static void AppendTime(StringBuilder sb, string pattern, ref int i, DateTimeOffset time)
    {
        string format = DefaultTimeFormat;
        if (i < pattern.Length && pattern[i] == '{')
        {
            int close = pattern.IndexOf('}', i + 1);
            int end = close < 0 ? pattern.Length : close;
            format = pattern[(i + 1)..end];
            i = close < 0 ? pattern.Length : close + 1;
        }

        Strftime.Append(sb, format, time);
    }
}
