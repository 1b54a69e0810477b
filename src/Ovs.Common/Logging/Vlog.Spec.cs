// Upstream: lib/vlog.c, vlog_set_levels_from_string(), vlog_set_verbosity(), vlog_get_levels(),
// vlog/list-pattern (OVS 3.1)
//
// A spec is a list of words separated by spaces, commas or colons, taken in any order, at most one from each
// category: a destination (syslog, console, file), a level (off ... dbg), a module name; "any" is accepted and
// ignored. Missing categories mean "all destinations", "dbg" and "all modules". Two special forms take the rest
// of the string verbatim: "PATTERN:DESTINATION:PATTERN" and "FACILITY:NAME". Error texts are upstream's exactly;
// the -v option prefixes them with 'processing "SPEC": '.
using System.Collections.Frozen;
using System.Text;

namespace Ovs.Common.Logging;

public static partial class Vlog
{
    private static readonly char[] s_separators = [' ', '\t', ',', ':'];

    private static readonly FrozenDictionary<string, int> s_facilities = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["kern"] = 0,
        ["user"] = 1,
        ["mail"] = 2,
        ["daemon"] = 3,
        ["auth"] = 4,
        ["syslog"] = 5,
        ["lpr"] = 6,
        ["news"] = 7,
        ["uucp"] = 8,
        ["clock"] = 9,
        ["authpriv"] = 10,
        ["ftp"] = 11,
        ["ntp"] = 12,
        ["audit"] = 13,
        ["alert"] = 14,
        ["clock2"] = 15,
        ["local0"] = 16,
        ["local1"] = 17,
        ["local2"] = 18,
        ["local3"] = 19,
        ["local4"] = 20,
        ["local5"] = 21,
        ["local6"] = 22,
        ["local7"] = 23,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Applies one spec (vlog/set argument or -v value). Returns null on success or upstream's error text, without
    /// a trailing newline (unixctl error replies for vlog commands end in "\n").
    /// </summary>
    public static string? Set(string spec)
    {
        string trimmed = spec.TrimStart(s_separators);
        if (StartsWithWord(trimmed, "PATTERN"))
        {
            return SetPatternSpec(trimmed);
        }

        if (StartsWithWord(trimmed, "FACILITY"))
        {
            string rest = RestAfterWord(trimmed);
            if (!s_facilities.TryGetValue(rest, out int facility))
            {
                return "invalid facility";
            }

            Volatile.Write(ref s_syslogFacility, facility);
            return null;
        }

        VlogDestination? destination = null;
        VlogLevel? level = null;
        VlogModule? module = null;
        foreach (string word in spec.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(word, "any", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (VlogNames.TryParseDestination(word, out VlogDestination d))
            {
                if (destination is not null)
                {
                    return "cannot specify multiple destinations";
                }

                destination = d;
            }
            else if (VlogNames.TryParseLevel(word, out VlogLevel l))
            {
                if (level is not null)
                {
                    return "cannot specify multiple levels";
                }

                level = l;
            }
            else if (VlogModule.Find(word) is { } m)
            {
                if (module is not null)
                {
                    return "cannot specify multiple modules";
                }

                module = m;
            }
            else
            {
                return $"no destination, level, or module \"{word}\"";
            }
        }

        SetLevels(module, destination, level ?? VlogLevel.Dbg);
        return null;
    }

    /// <summary>
    /// The -v/--verbose option: null or empty sets everything to dbg; otherwise applies the spec. Returns null or
    /// the message to pass to the fatal error path: 'processing "SPEC": ERROR'.
    /// </summary>
    public static string? SetVerbosity(string? spec)
    {
        if (string.IsNullOrEmpty(spec))
        {
            SetLevels(null, null, VlogLevel.Dbg);
            return null;
        }

        string? error = Set(spec);
        return error is null ? null : $"processing \"{spec}\": {error}";
    }

    /// <summary>The text of vlog/list: a header, then one row per registered module in name order.</summary>
    public static string ListText()
    {
        var sb = new StringBuilder();
        sb.Append("                 console    syslog    file\n");
        sb.Append("                 -------    ------    ------\n");
        foreach (VlogModule m in VlogModule.All)
        {
            sb.Append(m.Name.PadRight(16)).Append(' ')
              .Append(VlogNames.LevelName(m.GetLevel(VlogDestination.Console)).PadLeft(5)).Append(' ')
              .Append(VlogNames.LevelName(m.GetLevel(VlogDestination.Syslog)).PadLeft(10)).Append(' ')
              .Append(VlogNames.LevelName(m.GetLevel(VlogDestination.File)).PadLeft(10)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The text of vlog/list-pattern.</summary>
    public static string ListPattern()
    {
        var sb = new StringBuilder();
        sb.Append("         prefix                            format\n");
        sb.Append("         ------                            ------\n");
        lock (s_lock)
        {
            sb.Append("SYSLOG   ").Append(VlogSyslog.DirectPrefix.TrimEnd().PadRight(34)).Append(s_patterns[(int)VlogDestination.Syslog]).Append('\n');
            sb.Append("CONSOLE  ").Append("none".PadRight(34)).Append(s_patterns[(int)VlogDestination.Console]).Append('\n');
            sb.Append("FILE     ").Append("none".PadRight(34)).Append(s_patterns[(int)VlogDestination.File]).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// --syslog-target=HOST:PORT: also send every syslog message to that UDP address. Never fatal: a bad target is
    /// logged at ERR (module socket_util) as upstream does; always returns null.
    /// </summary>
    public static string? SetSyslogTarget(string target)
    {
        string? error;
        lock (s_lock)
        {
            error = VlogSyslog.SetTarget(target);
        }

        if (error is not null)
        {
            VlogModule.Get("socket_util").Err(error);
        }

        return null;
    }

    /// <summary>--syslog-method=libc|unix:FILE|udp:HOST:PORT.</summary>
    public static string? SetSyslogMethod(string method)
    {
        lock (s_lock)
        {
            return VlogSyslog.SetMethod(method);
        }
    }

    private static string? SetPatternSpec(string spec)
    {
        string rest = RestAfterWord(spec);
        int sep = rest.IndexOfAny(s_separators);
        string destinationWord = sep < 0 ? rest : rest[..sep];
        if (destinationWord.Length == 0)
        {
            return "missing destination";
        }

        VlogDestination? destination = null;
        if (!string.Equals(destinationWord, "any", StringComparison.OrdinalIgnoreCase))
        {
            if (!VlogNames.TryParseDestination(destinationWord, out VlogDestination d))
            {
                return $"unknown destination \"{destinationWord}\"";
            }

            destination = d;
        }

        SetPattern(destination, sep < 0 ? string.Empty : rest[(sep + 1)..]);
        return null;
    }

    private static bool StartsWithWord(string text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase) &&
        (text.Length == word.Length || Array.IndexOf(s_separators, text[word.Length]) >= 0);

    private static string RestAfterWord(string text)
    {
        int sep = text.IndexOfAny(s_separators);
        return sep < 0 ? string.Empty : text[(sep + 1)..];
    }
}
