// Upstream: lib/vlog.c, struct vlog_module and VLOG_DEFINE_THIS_MODULE (OVS 3.1)
//
// Design: a module is a named set of three levels, one per destination. Code that logs keeps one instance in a
// static readonly field, obtained once with Get(), so the hot check IsEnabled() is a single volatile read of a
// cached "most verbose level that any active destination would show" and a compare. The cache is recomputed under
// Vlog's lock whenever levels change or the log file opens or closes (the file destination only counts while a
// file is open, as upstream). The registry is what vlog/list shows: upstream lists every module linked into the
// binary; we list the modules created so far, and programs pre-register the ones they want listed with Register().
using System.Collections.Concurrent;

namespace Ovs.Common.Logging;

/// <summary>
/// A vlog module: <c>private static readonly VlogModule s_log = VlogModule.Get("jsonrpc");</c>. Thread-safe.
/// </summary>
public sealed partial class VlogModule
{
    private static readonly ConcurrentDictionary<string, VlogModule> s_modules = new(StringComparer.Ordinal);

    private readonly VlogLevel[] _levels = new VlogLevel[VlogNames.DestinationCount];
    private volatile int _minLevel;
    private volatile bool _honorRateLimits = true;

    private VlogModule(string name)
    {
        Name = name;
        Vlog.InitializeModuleLevels(this);
    }

    /// <summary>The module name as printed by %c and vlog/list ("ovsdb_server").</summary>
    public string Name { get; }

    /// <summary>False after vlog/disable-rate-limit for this module: its rate limiters then let everything through.</summary>
    public bool HonorRateLimits
    {
        get => _honorRateLimits;
        internal set => _honorRateLimits = value;
    }

    /// <summary>Returns the module with this name, creating and registering it on first use.</summary>
    public static VlogModule Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return s_modules.TryGetValue(name, out VlogModule? module) ? module : s_modules.GetOrAdd(name, static n => new VlogModule(n));
    }

    /// <summary>Creates the named modules so that vlog/list and vlog/set know them before they first log.</summary>
    public static void Register(params string[] names)
    {
        foreach (string name in names)
        {
            Get(name);
        }
    }

    /// <summary>Finds a registered module by name, ignoring case as vlog/set does; null when unknown.</summary>
    public static VlogModule? Find(string name)
    {
        if (s_modules.TryGetValue(name, out VlogModule? exact))
        {
            return exact;
        }

        foreach (VlogModule module in s_modules.Values)
        {
            if (string.Equals(module.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return module;
            }
        }

        return null;
    }

    /// <summary>All registered modules sorted by name (ordinal), the order of vlog/list.</summary>
    public static IReadOnlyList<VlogModule> All
    {
        get
        {
            List<VlogModule> list = [.. s_modules.Values];
            list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return list;
        }
    }

    /// <summary>True when a message at <paramref name="level"/> would reach at least one destination.</summary>
    public bool IsEnabled(VlogLevel level) => level != VlogLevel.Off && (int)level <= _minLevel;

    public VlogLevel GetLevel(VlogDestination destination) => _levels[(int)destination];

    /// <summary>Sets one destination's level; called under Vlog's lock, which then refreshes the cache.</summary>
    internal void SetLevelUnlocked(VlogDestination destination, VlogLevel level) => _levels[(int)destination] = level;

    internal void RefreshMinLevel(bool fileOpen)
    {
        int min = 0;
        for (int d = 0; d < _levels.Length; d++)
        {
            if (d == (int)VlogDestination.File && !fileOpen)
            {
                continue;
            }

            min = Math.Max(min, (int)_levels[d]);
        }

        _minLevel = min;
    }

    /// <summary>Logs <paramref name="message"/> at <paramref name="level"/> if enabled.</summary>
    public void Log(VlogLevel level, string message)
    {
        if (IsEnabled(level))
        {
            Vlog.Write(this, level, message);
        }
    }

    /// <summary>Logs at <paramref name="level"/> subject to <paramref name="rateLimit"/>.</summary>
    public void Log(VlogLevel level, VlogRateLimit rateLimit, string message)
    {
        if (IsEnabled(level) && !rateLimit.ShouldDrop(this, level))
        {
            Vlog.Write(this, level, message);
        }
    }

    public override string ToString() => Name;
}
