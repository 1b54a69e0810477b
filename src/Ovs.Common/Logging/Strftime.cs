// Upstream: lib/timeval.c, strftime_msec() (OVS 3.1)
//
// The subset of strftime(3) in the C locale that log patterns use, plus vlog's extension: a run of '#' expands to
// that many leading digits of the milliseconds. The time zone is whatever offset the DateTimeOffset carries.
using System.Globalization;
using System.Text;

namespace Ovs.Common.Logging;

internal static class Strftime
{
    private static readonly string[] s_days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] s_fullDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] s_months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] s_fullMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(string format, DateTimeOffset time)
    {
        var sb = new StringBuilder();
        Append(sb, format, time);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, string format, DateTimeOffset t)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c == '#')
            {
                int run = 1;
                while (i + run < format.Length && format[i + run] == '#')
                {
                    run++;
                }

                string ms = t.Millisecond.ToString("D3", inv);
                sb.Append(run <= 3 ? ms[..run] : ms.PadRight(run, '0'));
                i += run - 1;
                continue;
            }

            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }

            char spec = format[++i];
            switch (spec)
            {
                case 'Y': sb.Append(t.Year.ToString(inv)); break;
                case 'y': sb.Append((t.Year % 100).ToString("D2", inv)); break;
                case 'C': sb.Append((t.Year / 100).ToString("D2", inv)); break;
                case 'm': sb.Append(t.Month.ToString("D2", inv)); break;
                case 'd': sb.Append(t.Day.ToString("D2", inv)); break;
                case 'e': sb.Append(t.Day.ToString(inv).PadLeft(2)); break;
                case 'H': sb.Append(t.Hour.ToString("D2", inv)); break;
                case 'I': sb.Append((((t.Hour + 11) % 12) + 1).ToString("D2", inv)); break;
                case 'M': sb.Append(t.Minute.ToString("D2", inv)); break;
                case 'S': sb.Append(t.Second.ToString("D2", inv)); break;
                case 'j': sb.Append(t.DayOfYear.ToString("D3", inv)); break;
                case 'p': sb.Append(t.Hour < 12 ? "AM" : "PM"); break;
                case 'a': sb.Append(s_days[(int)t.DayOfWeek]); break;
                case 'A': sb.Append(s_fullDays[(int)t.DayOfWeek]); break;
                case 'b' or 'h': sb.Append(s_months[t.Month - 1]); break;
                case 'B': sb.Append(s_fullMonths[t.Month - 1]); break;
                case 'T': Append(sb, "%H:%M:%S", t); break;
                case 'R': Append(sb, "%H:%M", t); break;
                case 'F': Append(sb, "%Y-%m-%d", t); break;
                case 'D': Append(sb, "%m/%d/%y", t); break;
                case 'c': Append(sb, "%a %b %e %H:%M:%S %Y", t); break;
                case 's': sb.Append(t.ToUnixTimeSeconds().ToString(inv)); break;
                case 'u': sb.Append(t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek); break;
                case 'w': sb.Append((int)t.DayOfWeek); break;
                case 'z': AppendOffset(sb, t.Offset); break;
                case 'Z': sb.Append(t.Offset == TimeSpan.Zero ? "UTC" : TimeZoneInfo.Local.StandardName); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case '%': sb.Append('%'); break;
                default: sb.Append('%').Append(spec); break;
            }
        }
    }

    private static void AppendOffset(StringBuilder sb, TimeSpan offset)
    {
        sb.Append(offset < TimeSpan.Zero ? '-' : '+');
        TimeSpan abs = offset.Duration();
        sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
    }
}
