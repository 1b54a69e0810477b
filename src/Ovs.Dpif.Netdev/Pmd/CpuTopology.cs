// Upstream: lib/ovs-numa.c (OVS 3.1): ovs_numa_init(), ovs_numa_set_dummy(), ovs_numa_dump_cores_with_cmask() and
// ovs_numa_dump_n_cores_per_numa().
//
// The CPU cores and NUMA nodes PMD threads are placed on. ovs-vswitchd discovers them once at start (from sysfs, or
// from --dummy-numa "0,0,1,1", which gives core i the i-th NUMA id) and logs what it found; datapaths then pick their
// PMD cores from it: the cores of pmd-cpu-mask, or the first core of every NUMA node. Threads are not pinned to the
// cores: a core id only names a PMD thread and places it on a NUMA node for queue assignment.
using System.Globalization;
using Ovs.Common.Logging;

namespace Ovs.Dpif.Netdev.Pmd;

/// <summary>One CPU core and its NUMA node.</summary>
internal readonly record struct CpuCore(uint CoreId, int NumaId);

internal sealed class CpuTopology
{
    /// <summary>MAX_NUMA_NODES: NUMA ids at or above it are rejected.</summary>
    public const int MaxNumaNodes = 128;

    private static readonly VlogModule s_log = VlogModule.Get("ovs_numa");
    private static CpuTopology? s_current;

    private readonly CpuCore[] _cores;

    /// <summary>The cores, by increasing core id.</summary>
    public CpuTopology(IEnumerable<CpuCore> cores)
    {
        _cores = [.. cores.OrderBy(c => c.CoreId)];
    }

    /// <summary>The process's topology: the one Initialize set, else one NUMA node with this machine's cores.</summary>
    public static CpuTopology Current => Volatile.Read(ref s_current) ?? Single(Environment.ProcessorCount);

    public IReadOnlyList<CpuCore> Cores => _cores;

    /// <summary>The NUMA ids, in increasing order.</summary>
    public IReadOnlyList<int> NumaIds => [.. _cores.Select(c => c.NumaId).Distinct().Order()];

    /// <summary>A topology of <paramref name="count"/> cores on NUMA node 0.</summary>
    public static CpuTopology Single(int count) => new(Enumerable.Range(0, Math.Max(1, count)).Select(i => new CpuCore((uint)i, 0)));

    /// <summary>
    /// ovs_numa_init: discovers the topology (from <paramref name="dummyConfig"/> when given) and logs it, once per
    /// process; later calls return the topology found first.
    /// </summary>
    public static CpuTopology Initialize(string? dummyConfig)
    {
        CpuTopology? existing = Volatile.Read(ref s_current);
        if (existing is not null)
        {
            return existing;
        }

        CpuTopology found = dummyConfig is null ? Discover() : ParseDummy(dummyConfig);
        foreach (int numa in found.NumaIds)
        {
            int n = found._cores.Count(c => c.NumaId == numa);
            s_log.Info($"Discovered {n} CPU cores on NUMA node {numa}");
        }

        s_log.Info($"Discovered {found.NumaIds.Count} NUMA nodes and {found._cores.Length} CPU cores");
        return Interlocked.CompareExchange(ref s_current, found, null) ?? found;
    }

    /// <summary>--dummy-numa: the NUMA id of each core, comma-separated (invalid ids are warned about and skipped).</summary>
    public static CpuTopology ParseDummy(string config)
    {
        var cores = new List<CpuCore>();
        uint next = 0;
        foreach (string item in config.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            long numa = LeadingInteger(item.Trim());
            if (numa is < 0 or >= MaxNumaNodes)
            {
                s_log.Warn($"Invalid numa node {numa}");
                continue;
            }

            cores.Add(new CpuCore(next++, (int)numa));
        }

        return new CpuTopology(cores);
    }

    /// <summary>The cores whose bits are set in <paramref name="mask"/> (hex, "0x" optional); bad digits count as 0.</summary>
    public IReadOnlyList<CpuCore> CoresWithMask(string mask)
    {
        int start = mask.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        var result = new List<CpuCore>();
        uint coreId = 0;
        for (int i = mask.Length - 1; i >= start; i--)
        {
            int value = HexValue(mask[i]);
            if (value < 0)
            {
                s_log.Warn($"Invalid cpu mask: {mask[i]}");
                value = 0;
            }

            for (int bit = 0; bit < 4; bit++, coreId++)
            {
                if ((value >> bit & 1) != 0 && Find(coreId) is CpuCore core)
                {
                    result.Add(core);
                }
            }
        }

        return result;
    }

    /// <summary>The first <paramref name="perNuma"/> cores of every NUMA node.</summary>
    public IReadOnlyList<CpuCore> CoresPerNuma(int perNuma)
    {
        var result = new List<CpuCore>();
        foreach (int numa in NumaIds)
        {
            result.AddRange(_cores.Where(c => c.NumaId == numa).Take(perNuma));
        }

        return result;
    }

    public CpuCore? Find(uint coreId)
    {
        foreach (CpuCore core in _cores)
        {
            if (core.CoreId == coreId)
            {
                return core;
            }
        }

        return null;
    }

    private static CpuTopology Discover()
    {
        var cores = new List<CpuCore>();
        try
        {
            var nodes = new DirectoryInfo("/sys/devices/system/node");
            if (nodes.Exists)
            {
                foreach (DirectoryInfo node in nodes.EnumerateDirectories("node*"))
                {
                    if (!int.TryParse(node.Name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int numa))
                    {
                        continue;
                    }

                    foreach (DirectoryInfo cpu in node.EnumerateDirectories("cpu*"))
                    {
                        if (uint.TryParse(cpu.Name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out uint core))
                        {
                            cores.Add(new CpuCore(core, numa));
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cores.Clear();
        }

        return cores.Count > 0 ? new CpuTopology(cores) : Single(Environment.ProcessorCount);
    }

    private static long LeadingInteger(string text)
    {
        int end = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return long.TryParse(text.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
