// Upstream: dpctl_add_dp(), dpctl_del_dp(), dps_for_each(), dpctl_dump_dps(), dpctl_show() and show_dpif() in
// lib/dpctl.c (OVS 3.1).
using System.Globalization;
using Ovs.Common;
using Ovs.Netdev;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public int AddDp(string[] argv)
    {
        IDpif? dpif = OpenDatapath(argv[1], true, out int error);
        if (dpif is null)
        {
            Error(error, "add_dp");
            return error;
        }

        dpif.Dispose();
        return argv.Length > 2 ? AddIf(argv) : 0;
    }

    public int DelDp(string[] argv)
    {
        IDpif? dpif = OpenDatapath(argv[1], false, out int error);
        if (dpif is null)
        {
            Error(error, "opening datapath");
            return error;
        }

        using (dpif)
        {
            error = dpif.Destroy();
            if (error != 0)
            {
                Error(error, "del_dp");
            }
        }

        return error;
    }

    public int DumpDps() => ForEachDatapath(dpif => Print(FullName(dpif) + "\n"));

    public int Show(string[] argv)
    {
        if (argv.Length == 1)
        {
            return ForEachDatapath(ShowDatapath);
        }

        int lastError = 0;
        foreach (string name in argv.AsSpan(1))
        {
            IDpif? dpif = OpenDatapath(name, false, out int error);
            if (dpif is null)
            {
                Error(error, $"opening datapath {name} failed");
                lastError = error;
                continue;
            }

            using (dpif)
            {
                ShowDatapath(dpif);
            }
        }

        return lastError;
    }

    /// <summary>
    /// dps_for_each: runs action on every datapath of every type. An error opening one is reported and returned;
    /// an error listing a type's datapaths matters only when no datapath was found at all.
    /// </summary>
    private int ForEachDatapath(Action<IDpif> action)
    {
        int openError = 0;
        int enumerateError = 0;
        bool any = false;
        foreach (string type in TypesInUpstreamOrder())
        {
            int error = EnumerateNames(type, out IReadOnlyList<string> names);
            if (error != 0)
            {
                enumerateError = error;
            }

            foreach (string name in names)
            {
                any = true;
                IDpif? dpif = OpenDatapath($"{type}@{name}", false, out error);
                if (dpif is null)
                {
                    openError = error;
                    Error(error, $"opening datapath {name} failed");
                    continue;
                }

                using (dpif)
                {
                    action(dpif);
                }
            }
        }

        return openError != 0 ? openError : any ? 0 : enumerateError;
    }

    private void ShowDatapath(IDpif dpif)
    {
        var text = new System.Text.StringBuilder();
        text.Append(FullName(dpif)).Append(":\n");
        DpifDpStats stats = dpif.GetStats();
        text.Append(s_inv, $"  lookups: hit:{stats.Hit} missed:{stats.Missed} lost:{stats.Lost}\n  flows: {stats.Flows}\n");
        if (stats.Masks is { } masks)
        {
            ulong packets = stats.Hit + stats.Missed;
            ulong maskHit = stats.MaskHit ?? 0;
            double average = packets != 0 ? (double)maskHit / packets : 0.0;
            text.Append(s_inv, $"  masks: hit:{maskHit} total:{masks} hit/pkt:{average:F2}\n");
            if (stats.CacheHit is { } cacheHit)
            {
                double rate = packets != 0 ? (double)cacheHit / packets * 100 : 0.0;
                text.Append(s_inv, $"  cache: hit:{cacheHit} hit-rate:{rate:F2}%\n");
            }
        }

        var ports = new List<DpifPort>(dpif.PortDump());
        ports.Sort(static (a, b) => a.PortNumber.CompareTo(b.PortNumber));
        foreach (DpifPort listed in ports)
        {
            if (dpif.PortQueryByNumber(listed.PortNumber, out DpifPort? port) != 0 || port is null)
            {
                continue;
            }

            text.Append(s_inv, $"  port {port.PortNumber}: {port.Name}");
            if (port.Type != "system")
            {
                text.Append(" (").Append(port.Type);
                AppendPortConfig(text, port);
                text.Append(')');
            }

            text.Append('\n');
            if (Options.PrintStatistics)
            {
                AppendPortStats(text, port);
            }
        }

        Print(text.ToString());
    }

    private void AppendPortConfig(System.Text.StringBuilder text, DpifPort port)
    {
        int error = Netdevs.Open(port.Name, port.Type, out INetdev? netdev);
        if (error != 0)
        {
            text.Append(": open failed (").Append(OvsErrno.StrError(error)).Append(')');
            return;
        }

        try
        {
            var config = new List<KeyValuePair<string, string>>(netdev!.GetConfig());
            config.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            for (int i = 0; i < config.Count; i++)
            {
                text.Append(i == 0 ? ':' : ',').Append(' ').Append(config[i].Key).Append('=').Append(config[i].Value);
            }
        }
        finally
        {
            Netdevs.Close(netdev!);
        }
    }

    private void AppendPortStats(System.Text.StringBuilder text, DpifPort port)
    {
        int error = Netdevs.Open(port.Name, port.Type, out INetdev? netdev);
        if (error != 0)
        {
            text.Append(", open failed (").Append(OvsErrno.StrError(error)).Append(')');
            return;
        }

        NetdevStats s;
        try
        {
            error = netdev!.GetStats(out s);
        }
        finally
        {
            Netdevs.Close(netdev!);
        }

        if (error != 0)
        {
            text.Append(", could not retrieve stats (").Append(OvsErrno.StrError(error)).Append(')');
            return;
        }

        Stat(text, "    RX packets:", s.RxPackets);
        Stat(text, " errors:", s.RxErrors);
        Stat(text, " dropped:", s.RxDropped);
        Stat(text, " overruns:", s.RxOverErrors);
        Stat(text, " frame:", s.RxFrameErrors);
        text.Append('\n');
        Stat(text, "    TX packets:", s.TxPackets);
        Stat(text, " errors:", s.TxErrors);
        Stat(text, " dropped:", s.TxDropped);
        Stat(text, " aborted:", s.TxAbortedErrors);
        Stat(text, " carrier:", s.TxCarrierErrors);
        text.Append('\n');
        Stat(text, "    collisions:", s.Collisions);
        text.Append('\n');
        Stat(text, "    RX bytes:", s.RxBytes);
        HumanSize(text, s.RxBytes);
        Stat(text, "  TX bytes:", s.TxBytes);
        HumanSize(text, s.TxBytes);
        text.Append('\n');
    }

    /// <summary>print_stat: the value, or "?" for a counter the device does not keep.</summary>
    private static void Stat(System.Text.StringBuilder text, string leader, ulong value)
    {
        text.Append(leader);
        if (value != NetdevStats.Unsupported)
        {
            text.Append(value.ToString(s_inv));
        }
        else
        {
            text.Append('?');
        }
    }

    /// <summary>print_human_size: " (1.5 KiB)" and so on from 1 KiB up.</summary>
    private static void HumanSize(System.Text.StringBuilder text, ulong value)
    {
        const double Kib = 1024.0;
        if (value == NetdevStats.Unsupported || value < 1024)
        {
            return;
        }

        (double scaled, string unit) = value switch
        {
            >= 1024UL * 1024 * 1024 * 1024 => (value / (Kib * Kib * Kib * Kib), "TiB"),
            >= 1024UL * 1024 * 1024 => (value / (Kib * Kib * Kib), "GiB"),
            >= 1024UL * 1024 => (value / (Kib * Kib), "MiB"),
            _ => (value / Kib, "KiB"),
        };
        text.Append(s_inv, $" ({scaled:F1} {unit})");
    }
}
