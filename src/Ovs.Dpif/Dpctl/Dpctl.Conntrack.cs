// Upstream: the conntrack, fragment reassembly, cache and offload commands of lib/dpctl.c (OVS 3.1):
// dpctl_dump_conntrack(), dpctl_flush_conntrack(), dpctl_ct_stats_show(), dpctl_ct_bkts(), dpctl_ct_*maxconns(),
// dpctl_ct_get_nconns(), dpctl_ct_*_tcp_seq_chk(), dpctl_ct_*_limits(), dpctl_ipf_*(), dpctl_cache_*() and
// dpctl_offload_stats_show().
// Each parses its arguments and opens its datapath as upstream does. Connection tracker settings go through
// IDpifConntrack when the datapath has it; connection dumps, zone limits, fragment reassembly, datapath caches and
// offload statistics belong to no datapath of this build, so those commands end in upstream's failure message with
// EOPNOTSUPP ("Operation not supported"), which is what upstream prints for a datapath class without them.
using Ovs.Common;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    private const int Unsupported = OvsErrno.EOPNOTSUPP;

    public int DumpConntrack(string[] argv)
    {
        if (argv.Length > 1 && TryScanZone(argv[^1], out _))
        {
            argv = argv[..^1];
        }

        return FailAfterOpen(argv, 2, "starting conntrack dump");
    }

    public int CtStatsShow(string[] argv)
    {
        int argc = argv.Length;
        int lastArgc = 0;
        while (argc > 1 && lastArgc != argc)
        {
            lastArgc = argc;
            if (argv[argc - 1].StartsWith("verbose", StringComparison.Ordinal)
                || (argv[argc - 1].StartsWith("zone=", StringComparison.Ordinal) && TryScanZone(argv[argc - 1], out _)))
            {
                argc--;
            }
        }

        return FailAfterOpen(argv[..argc], 2, "starting conntrack dump");
    }

    public int CtBuckets(string[] argv)
    {
        if (argv.Length > 1 && argv[^1].StartsWith("gt=", StringComparison.Ordinal) && TryScanU32(argv[^1][3..], out uint gt) && gt <= ushort.MaxValue)
        {
            argv = argv[..^1];
        }

        return FailAfterOpen(argv, 2, "starting conntrack dump");
    }

    public int FlushConntrack(string[] argv)
    {
        int args = argv.Length - 1;
        ushort? zone = null;
        if (args > 0 && argv[1].StartsWith("zone=", StringComparison.Ordinal))
        {
            if (!TryScanZone(argv[1], out ushort z))
            {
                Error(Einval, "failed to parse zone");
                return Einval;
            }

            zone = z;
            args--;
        }

        // The original and reply tuples ("ct_nw_src=...,ct_nw_proto=..."): as upstream, the argument after the
        // zone is read as a tuple even when it names the datapath. Only their shape is checked, since no datapath
        // here can flush by tuple.
        bool tuples = false;
        for (int i = 0; i < 2 && args > 0; i++, args--)
        {
            string tuple = argv[argv.Length - args];
            if (tuple.Length > 0 && CheckConntrackTuple(tuple) is string tupleError)
            {
                Error(Einval, tupleError);
                return Einval;
            }

            tuples |= tuple.Length > 0;
        }

        if (args > 1)
        {
            Error(Einval, "invalid arguments");
            return Einval;
        }

        IDpif? dpif = OptDpifOpen(argv, 5, out int error);
        if (dpif is null)
        {
            Error(error, "Cannot open dpif");
            return error;
        }

        using (dpif)
        {
            error = !tuples && dpif is IDpifConntrack conntrack ? conntrack.Flush(zone) : Unsupported;
            if (error != 0)
            {
                Error(error, "failed to flush conntrack");
            }

            return error;
        }
    }

    public int CtSetMaxConns(string[] argv) => WithConntrack(argv, 3, conntrack =>
    {
        if (!TryScanU32(argv[^1], out uint max))
        {
            Error(Einval, "maxconns missing or malformed");
            return Einval;
        }

        int error = conntrack?.SetMaxConnections(max) ?? Unsupported;
        Report(error, "setting maxconns successful", "ct set maxconns failed");
        return error;
    });

    public int CtGetMaxConns(string[] argv) => WithConntrack(argv, 2, conntrack =>
    {
        uint max = 0;
        int error = conntrack?.GetMaxConnections(out max) ?? Unsupported;
        Report(error, $"{max}\n", "maxconns could not be retrieved");
        return error;
    });

    public int CtGetConnCount(string[] argv) => WithConntrack(argv, 2, conntrack =>
    {
        uint count = 0;
        int error = conntrack?.GetConnectionCount(out count) ?? Unsupported;
        Report(error, $"{count}\n", "nconns could not be retrieved");
        return error;
    });

    public int CtSetTcpSeqCheck(string[] argv, bool enabled) => WithConntrack(argv, 3, conntrack =>
    {
        string verb = enabled ? "enabling" : "disabling";
        int error = conntrack?.SetTcpSequenceChecking(enabled) ?? Unsupported;
        Report(error, $"{verb} TCP sequence checking successful", $"{verb} TCP sequence checking failed");
        return error;
    });

    public int CtGetTcpSeqCheck(string[] argv) => WithConntrack(argv, 2, conntrack =>
    {
        bool enabled = false;
        int error = conntrack?.GetTcpSequenceChecking(out enabled) ?? Unsupported;
        Report(error, $"TCP sequence checking: {(enabled ? "enabled" : "disabled")}\n", "TCP sequence checking query failed");
        return error;
    });

    public int CtSetLimits(string[] argv)
    {
        int first = DpArgExists(argv) ? 2 : 1;
        IDpif? dpif = OptDpifOpen(argv, int.MaxValue, out int error);
        if (dpif is null)
        {
            return error;
        }

        dpif.Dispose();
        if (first < argv.Length && argv[first].StartsWith("default=", StringComparison.Ordinal) && !TryScanU32(argv[first][8..], out _))
        {
            Error(Einval, "invalid default limit");
            return Einval;
        }

        Error(Unsupported, "failed to set conntrack limit");
        return Unsupported;
    }

    public int CtDelLimits(string[] argv) => FailAfterOpen(argv, 3, "failed to delete conntrack limit");

    public int CtGetLimits(string[] argv) =>
        FailAfterOpen(argv, 3, $"failed to get conntrack limit {OvsErrno.StrError(Unsupported)}");

    public int IpfSetEnabled(string[] argv, bool enabled) => WithDatapath(argv, 4, () =>
    {
        if (!IsIpVersion(argv[^1]))
        {
            Error(Einval, "parameter missing: 'v4' for IPv4 or 'v6' for IPv6");
            return Einval;
        }

        Error(Unsupported, $"{(enabled ? "enabling" : "disabling")} fragmentation reassembly failed");
        return Unsupported;
    });

    public int IpfSetMinFragment(string[] argv) => WithDatapath(argv, 4, () =>
    {
        if (!IsIpVersion(argv[^2]))
        {
            Error(Einval, "parameter missing: v4 for IPv4 or v6 for IPv6");
            return Einval;
        }

        if (!TryScanU32(argv[^1], out _))
        {
            Error(Einval, "parameter missing for minimum fragment size");
            return Einval;
        }

        Error(Unsupported, "requested minimum fragment size too small; see documentation");
        return Unsupported;
    });

    public int IpfSetMaxFragments(string[] argv) => WithDatapath(argv, 3, () =>
    {
        if (!TryScanU32(argv[^1], out _))
        {
            Error(Einval, "parameter missing for maximum fragments");
            return Einval;
        }

        Error(Unsupported, "setting maximum fragments failed");
        return Unsupported;
    });

    public int IpfGetStatus(string[] argv) => FailAfterOpen(argv, 2, "ipf status could not be retrieved");

    public int OffloadStatsShow(string[] argv) => FailAfterOpen(argv, 2, "retrieving offload statistics");

    /// <summary>cache-get-size: each datapath's name; no datapath here has caches to list under it.</summary>
    public int CacheGetSize(string[] argv)
    {
        if (argv.Length == 1)
        {
            return ForEachDatapath(dpif => Print(FullName(dpif) + ":\n"));
        }

        IDpif? dpif = OpenDatapath(argv[1], false, out int error);
        if (dpif is null)
        {
            Error(error, $"Opening datapath {argv[1]} failed");
            return error;
        }

        using (dpif)
        {
            Print(FullName(dpif) + ":\n");
        }

        return 0;
    }

    public int CacheSetSize(string[] argv)
    {
        if (!TryScanU32(argv[3], out _))
        {
            Error(Einval, "size is malformed");
            return Einval;
        }

        IDpif? dpif = OpenDatapath(argv[1], false, out int error);
        if (dpif is null)
        {
            Error(error, $"Opening datapath {argv[1]} failed");
            return error;
        }

        dpif.Dispose();
        Error(Unsupported, "Setting caches not supported");
        return Unsupported;
    }

    private int WithDatapath(string[] argv, int maxArgs, Func<int> action)
    {
        IDpif? dpif = OptDpifOpen(argv, maxArgs, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            return action();
        }
    }

    private int WithConntrack(string[] argv, int maxArgs, Func<IDpifConntrack?, int> action)
    {
        IDpif? dpif = OptDpifOpen(argv, maxArgs, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            return action(dpif as IDpifConntrack);
        }
    }

    private int FailAfterOpen(string[] argv, int maxArgs, string message) => WithDatapath(argv, maxArgs, () =>
    {
        Error(Unsupported, message);
        return Unsupported;
    });

    private void Report(int error, string success, string failure)
    {
        if (error == 0)
        {
            Print(success);
        }
        else
        {
            Error(error, failure);
        }
    }

    /// <summary>ofp_ct_tuple_parse's first check: every field of a tuple needs a value.</summary>
    private static string? CheckConntrackTuple(string tuple)
    {
        int position = 0;
        while (Flow.Text.MatchParser.TryNextKeyValue(tuple, ref position, out string key, out string value))
        {
            if (value.Length == 0)
            {
                return $"field {key} missing value";
            }
        }

        return null;
    }

    /// <summary>ovs_scan "zone=%hu".</summary>
    private static bool TryScanZone(string arg, out ushort zone)
    {
        zone = 0;
        if (!arg.StartsWith("zone=", StringComparison.Ordinal) || !TryScanU32(arg[5..], out uint value) || value > ushort.MaxValue)
        {
            return false;
        }

        zone = (ushort)value;
        return true;
    }

    /// <summary>ovs_scan "%2s" then a "v4" or "v6" prefix check.</summary>
    private static bool IsIpVersion(string arg)
    {
        ReadOnlySpan<char> s = arg.AsSpan().TrimStart(" \t\n\v\f\r");
        return s.StartsWith("v4", StringComparison.Ordinal) || s.StartsWith("v6", StringComparison.Ordinal);
    }
}
