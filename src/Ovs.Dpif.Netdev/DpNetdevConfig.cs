// Upstream: dpif_netdev_set_config() and set_pmd_auto_lb() in lib/dpif-netdev.c (OVS 3.1).
//
// The Open_vSwitch other_config keys the userspace datapath reads, with upstream's defaults, bounds and log lines:
// pmd-cpu-mask, pmd-rxq-assign (roundrobin, cycles, group), pmd-rxq-isolate, the pmd-auto-lb family and
// pmd-maxsleep. Apply logs each change as upstream does and tells whether the PMD threads or the queue assignment
// must be redone. The load-based sleep value is kept and reported only: this datapath's idle threads already wait on
// their queues instead of spinning.
using System.Globalization;
using Ovs.Common.Logging;

namespace Ovs.Dpif.Netdev;

/// <summary>How receive queues are spread over PMD threads (pmd-rxq-assign).</summary>
internal enum RxqAssignType
{
    RoundRobin,
    Cycles,
    Group,
}

internal sealed class DpNetdevConfig
{
    /// <summary>PMD_RCU_QUIESCE_INTERVAL: the largest pmd-maxsleep, in microseconds.</summary>
    public const ulong MaxSleepLimitUs = 10_000;

    private const ulong DefaultRebalanceIntervalMin = 1;
    private const ulong MaxRebalanceIntervalMin = 20_000;
    private const uint DefaultImprovementThreshold = 25;
    private const uint DefaultLoadThreshold = 95;

    private static readonly VlogModule s_log = VlogModule.Get("dpif_netdev");
    private static int s_configured;

    /// <summary>pmd-cpu-mask as written, or null.</summary>
    public string? PmdCpuMask { get; private set; }

    public RxqAssignType AssignType { get; private set; } = RxqAssignType.Cycles;

    /// <summary>pmd-rxq-isolate: whether a core given queues by pmd-rxq-affinity polls only those.</summary>
    public bool Isolate { get; private set; } = true;

    public bool AutoLbEnabled { get; private set; }

    /// <summary>pmd-auto-lb-rebal-interval in minutes (0 before the first configuration).</summary>
    public ulong RebalanceIntervalMin { get; private set; }

    public uint ImprovementThreshold { get; private set; }

    public uint LoadThreshold { get; private set; }

    /// <summary>pmd-maxsleep in microseconds.</summary>
    public ulong MaxSleepUs { get; private set; }

    public static string Name(RxqAssignType type) => type switch
    {
        RxqAssignType.RoundRobin => "roundrobin",
        RxqAssignType.Group => "group",
        _ => "cycles",
    };

    /// <summary>Applies <paramref name="otherConfig"/>; true when the PMD threads or queue assignment must be redone.</summary>
    public bool Apply(IReadOnlyDictionary<string, string> otherConfig)
    {
        bool reconfigure = false;
        string? mask = otherConfig.GetValueOrDefault("pmd-cpu-mask");
        if (mask != PmdCpuMask)
        {
            PmdCpuMask = mask;
            reconfigure = true;
        }

        string assign = otherConfig.GetValueOrDefault("pmd-rxq-assign") ?? "cycles";
        RxqAssignType type;
        switch (assign)
        {
            case "roundrobin":
                type = RxqAssignType.RoundRobin;
                break;
            case "cycles":
                type = RxqAssignType.Cycles;
                break;
            case "group":
                type = RxqAssignType.Group;
                break;
            default:
                s_log.Warn("Unsupported rx queue to PMD assignment mode in pmd-rxq-assign. Defaulting to 'cycles'.");
                type = RxqAssignType.Cycles;
                break;
        }

        if (type != AssignType)
        {
            AssignType = type;
            s_log.Info($"Rxq to PMD assignment mode changed to: '{Name(type)}'.");
            reconfigure = true;
        }

        bool isolate = GetBool(otherConfig, "pmd-rxq-isolate", true);
        if (type != RxqAssignType.Group && !isolate)
        {
            s_log.Warn("pmd-rxq-isolate can only be set false when using pmd-rxq-assign=group");
            isolate = true;
        }

        if (isolate != Isolate)
        {
            Isolate = isolate;
            s_log.Info(isolate ? "pmd-rxq-affinity isolates PMD core" : "pmd-rxq-affinity does not isolate PMD core");
            reconfigure = true;
        }

        ApplyAutoLb(otherConfig);
        ApplyMaxSleep(otherConfig);
        return reconfigure;
    }

    private void ApplyAutoLb(IReadOnlyDictionary<string, string> otherConfig)
    {
        bool logState = false;
        ulong interval = GetULong(otherConfig, "pmd-auto-lb-rebal-interval", DefaultRebalanceIntervalMin);
        if (interval > MaxRebalanceIntervalMin)
        {
            interval = DefaultRebalanceIntervalMin;
        }

        interval = interval == 0 ? 1 : interval;
        if (interval != RebalanceIntervalMin)
        {
            RebalanceIntervalMin = interval;
            s_log.Info($"PMD auto load balance interval set to {interval} mins\n");
            logState = true;
        }

        uint improvement = GetUInt(otherConfig, "pmd-auto-lb-improvement-threshold", DefaultImprovementThreshold);
        improvement = improvement > 100 ? DefaultImprovementThreshold : improvement;
        if (improvement != ImprovementThreshold)
        {
            ImprovementThreshold = improvement;
            s_log.Info($"PMD auto load balance improvement threshold set to {improvement}%");
            logState = true;
        }

        uint load = GetUInt(otherConfig, "pmd-auto-lb-load-threshold", DefaultLoadThreshold);
        load = load > 100 ? DefaultLoadThreshold : load;
        if (load != LoadThreshold)
        {
            LoadThreshold = load;
            s_log.Info($"PMD auto load balance load threshold set to {load}%");
            logState = true;
        }

        bool enabled = GetBool(otherConfig, "pmd-auto-lb", false);
        if (enabled != AutoLbEnabled || logState)
        {
            AutoLbEnabled = enabled;
            s_log.Info(enabled
                ? $"PMD auto load balance is enabled, interval {RebalanceIntervalMin} mins, pmd load threshold {LoadThreshold}%, improvement threshold {ImprovementThreshold}%."
                : "PMD auto load balance is disabled.");
        }
    }

    private void ApplyMaxSleep(IReadOnlyDictionary<string, string> otherConfig)
    {
        ulong maxSleep = Math.Min(GetULong(otherConfig, "pmd-maxsleep", 0), MaxSleepLimitUs);

        // As upstream, the first configuration in the process logs the value even when it is the default.
        bool first = Interlocked.Exchange(ref s_configured, 1) == 0;
        if (first || maxSleep != MaxSleepUs)
        {
            MaxSleepUs = maxSleep;
            s_log.Info($"PMD max sleep request is {maxSleep} usecs.");
            s_log.Info($"PMD load based sleeps are {(maxSleep != 0 ? "enabled" : "disabled")}.");
        }
    }

    /// <summary>smap_get_bool: "true" is true, anything else false; absent gives the default.</summary>
    internal static bool GetBool(IReadOnlyDictionary<string, string> map, string key, bool defaultValue) =>
        map.TryGetValue(key, out string? value) ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : defaultValue;

    /// <summary>smap_get_ullong: a decimal unsigned value, else the default.</summary>
    private static ulong GetULong(IReadOnlyDictionary<string, string> map, string key, ulong defaultValue) =>
        map.TryGetValue(key, out string? value)
            && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed) ? parsed : defaultValue;

    /// <summary>smap_get_uint: a decimal value that fits an unsigned int, else the default.</summary>
    private static uint GetUInt(IReadOnlyDictionary<string, string> map, string key, uint defaultValue) =>
        map.TryGetValue(key, out string? value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? (uint)parsed : defaultValue;
}
