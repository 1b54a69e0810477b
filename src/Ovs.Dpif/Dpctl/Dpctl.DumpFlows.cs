// Upstream: dpctl_dump_flows(), populate_dump_types(), flow_passes_type_filter() and format_dpif_flow() in
// lib/dpctl.c (OVS 3.1).
// Trailing "filter=", "type=" and "pmd=" arguments are taken off the end first; what is left may name the
// datapath. Flows of a datapath with PMD threads are grouped under a "flow-dump from ..." line per thread.
using System.Globalization;
using System.Text;
using Ovs.Flow;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    [Flags]
    private enum DumpTypes
    {
        None = 0,
        Ovs = 1,
        Tc = 2,
        Dpdk = 4,
        Offloaded = 8,
        NonOffloaded = 16,
        PartiallyOffloaded = 32,
        All = Ovs | Tc | Dpdk | Offloaded | NonOffloaded | PartiallyOffloaded,
    }

    public int DumpFlows(string[] argv)
    {
        string? filter = null;
        string? typeList = null;
        uint? pmdId = null;
        bool pmdFilter = false;
        int argc = argv.Length;
        int lastArgc = 0;
        while (argc > 1 && lastArgc != argc)
        {
            lastArgc = argc;
            string arg = argv[argc - 1];
            if (arg.StartsWith("filter=", StringComparison.Ordinal) && filter is null)
            {
                filter = arg[7..];
                argc--;
            }
            else if (arg.StartsWith("type=", StringComparison.Ordinal) && typeList is null)
            {
                if (!Options.IsAppctl)
                {
                    Error(0, "Invalid argument 'type'. Use 'ovs-appctl dpctl/dump-flows' instead.");
                    return Einval;
                }

                typeList = arg[5..];
                argc--;
            }
            else if (arg.StartsWith("pmd=", StringComparison.Ordinal))
            {
                argc--;
                if (!TryScanInt(arg.AsSpan(4), out int id))
                {
                    return Einval;
                }

                pmdId = id == -1 ? DpifFlow.NonPmdCoreId : unchecked((uint)id);
                pmdFilter = true;
            }
        }

        IDpif? dpif = OptDpifOpen(argv[..argc], 2, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            Dictionary<uint, string>? names = PortNumberNames(dpif);
            DpctlFlowFilter? flowFilter = null;
            if (filter is not null)
            {
                flowFilter = DpctlFlowFilter.Parse(filter, dpif.PortDump(), out string? filterError);
                if (flowFilter is null)
                {
                    Error(0, $"Failed to parse filter ({filterError})");
                    return Einval;
                }
            }

            if (!TryParseDumpTypes(typeList, out DumpTypes types))
            {
                return Einval;
            }

            // As upstream, a thread's heading is printed with the first flow after it that is printed, so it is
            // lost when that flow does not pass the type filter.
            var text = new StringBuilder();
            var line = new StringBuilder();
            long now = NowMilliseconds();
            foreach (DpifFlow flow in dpif.FlowDump())
            {
                if (flowFilter is not null && !flowFilter.Matches(flow))
                {
                    continue;
                }

                line.Clear();
                if (!pmdFilter && pmdId != flow.PmdId)
                {
                    if (flow.PmdId == DpifFlow.NonPmdCoreId)
                    {
                        line.Append("flow-dump from the main thread:\n");
                    }
                    else
                    {
                        line.Append(CultureInfo.InvariantCulture, $"flow-dump from pmd on cpu core: {unchecked((int)flow.PmdId.GetValueOrDefault())}\n");
                    }

                    pmdId = flow.PmdId;
                }

                if (pmdId == flow.PmdId && PassesTypeFilter(flow.Attrs, types))
                {
                    DpifFlowFormatter.Format(line, flow, flow.Attrs, Options.Verbosity > 0, now, names);
                    text.Append(line).Append('\n');
                }
            }

            Print(text.ToString());
            return 0;
        }
    }

    /// <summary>populate_dump_types: a comma-separated list; no list at all means every type.</summary>
    private bool TryParseDumpTypes(string? list, out DumpTypes types)
    {
        types = list is null ? DumpTypes.All : DumpTypes.None;
        if (list is null)
        {
            return true;
        }

        string[] parts = list.Split(',');
        int count = list.EndsWith(',') ? parts.Length - 1 : parts.Length;
        for (int i = 0; i < count && list.Length > 0; i++)
        {
            DumpTypes type = parts[i] switch
            {
                "ovs" => DumpTypes.Ovs,
                "tc" => DumpTypes.Tc,
                "dpdk" => DumpTypes.Dpdk,
                "offloaded" => DumpTypes.Offloaded,
                "non-offloaded" => DumpTypes.NonOffloaded,
                "partially-offloaded" => DumpTypes.PartiallyOffloaded,
                "all" => DumpTypes.All,
                _ => DumpTypes.None,
            };
            if (type == DumpTypes.None)
            {
                Error(Einval, $"Failed to parse type ({parts[i]})");
                return false;
            }

            types |= type;
        }

        return true;
    }

    private static bool PassesTypeFilter(DpifFlowAttrs attrs, DumpTypes types)
    {
        string layer = attrs.DpLayer ?? string.Empty;
        return ((types & DumpTypes.Ovs) != 0 && layer == "ovs")
            || ((types & DumpTypes.Tc) != 0 && layer == "tc")
            || ((types & DumpTypes.Dpdk) != 0 && layer == "dpdk")
            || ((types & DumpTypes.Offloaded) != 0 && attrs.Offloaded && layer != "ovs")
            || ((types & DumpTypes.PartiallyOffloaded) != 0 && attrs.Offloaded && layer == "ovs")
            || ((types & DumpTypes.NonOffloaded) != 0 && !attrs.Offloaded);
    }

    /// <summary>ovs_scan "%d": optional blanks and sign, then at least one decimal digit; the rest is ignored.</summary>
    private static bool TryScanInt(ReadOnlySpan<char> text, out int value)
    {
        ReadOnlySpan<char> s = text.TrimStart(" \t\n\v\f\r");
        int end = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        int digitsStart = end;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        value = 0;
        return end > digitsStart && int.TryParse(s[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
