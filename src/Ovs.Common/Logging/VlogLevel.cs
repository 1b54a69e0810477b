// Upstream: lib/vlog.c, enum vlog_level and enum vlog_destination (OVS 3.1)
namespace Ovs.Common.Logging;

/// <summary>
/// Log levels in increasing verbosity. A destination set to level L shows every message whose level is at most L,
/// so <see cref="Off"/> shows nothing and <see cref="Dbg"/> shows everything.
/// </summary>
public enum VlogLevel
{
    Off = 0,
    Emer = 1,
    Err = 2,
    Warn = 3,
    Info = 4,
    Dbg = 5,
}

/// <summary>Where log messages go. The numeric values index per-destination arrays.</summary>
public enum VlogDestination
{
    Syslog = 0,
    Console = 1,
    File = 2,
}

/// <summary>Names and syslog numbers of levels and destinations, as vlog spells them.</summary>
public static class VlogNames
{
    internal const int DestinationCount = 3;

    private static readonly string[] s_levelNames = ["OFF", "EMER", "ERR", "WARN", "INFO", "DBG"];

    // syslog(3) priorities, as upstream maps them: LOG_ALERT for OFF and EMER (LOG_EMERG is left to the kernel) and
    // LOG_NOTICE for INFO, so "<%B>" gives <133> for an INFO message of facility local0, as Debian's programs print.
    private static readonly int[] s_syslogLevels = [1, 1, 3, 4, 5, 7];

    private static readonly string[] s_destinationNames = ["syslog", "console", "file"];

    /// <summary>Upper-case level name as printed by %p and vlog/list ("WARN").</summary>
    public static string LevelName(VlogLevel level) => s_levelNames[(int)level];

    public static string DestinationName(VlogDestination destination) => s_destinationNames[(int)destination];

    internal static int SyslogLevel(VlogLevel level) => s_syslogLevels[(int)level];

    /// <summary>Case-insensitive lookup of "off", "emer", "err", "warn", "info", "dbg".</summary>
    public static bool TryParseLevel(string word, out VlogLevel level)
    {
        for (int i = 0; i < s_levelNames.Length; i++)
        {
            if (string.Equals(word, s_levelNames[i], StringComparison.OrdinalIgnoreCase))
            {
                level = (VlogLevel)i;
                return true;
            }
        }

        level = VlogLevel.Off;
        return false;
    }

    /// <summary>Case-insensitive lookup of "syslog", "console", "file" (not "any").</summary>
    public static bool TryParseDestination(string word, out VlogDestination destination)
    {
        for (int i = 0; i < s_destinationNames.Length; i++)
        {
            if (string.Equals(word, s_destinationNames[i], StringComparison.OrdinalIgnoreCase))
            {
                destination = (VlogDestination)i;
                return true;
            }
        }

        destination = VlogDestination.Syslog;
        return false;
    }
}
