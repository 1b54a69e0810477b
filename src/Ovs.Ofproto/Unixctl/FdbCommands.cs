// Upstream: "fdb/show", "fdb/flush", "fdb/add", "fdb/del", "fdb/stats-show" and "fdb/stats-clear"
// (ofproto_unixctl_fdb_*() of ofproto/ofproto-dpif.c) (OVS 3.1), behaviour only.
// The MAC learning tables of the bridges: listing (least recently used first; a bundle is shown by the OpenFlow
// number of its first port), flushing, static entries and statistics, with upstream's texts and errors.
// Handlers run on the main loop.
using System.Globalization;
using System.Text;
using Ovs.Flow.Text;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.L2;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Unixctl;

internal static class FdbCommands
{
    private const string NoSuchBridge = "no such bridge";

    public static void Register(UnixctlCommands commands, OfprotoContext context)
    {
        ArgumentNullException.ThrowIfNull(commands);
        commands.Register("fdb/add", "bridge port vlan mac", 4, 4, (c, a) => Reply(c, Add(context, a[0], a[1], a[2], a[3], out string? e), e));
        commands.Register("fdb/del", "bridge vlan mac", 3, 3, (c, a) => Reply(c, Delete(context, a[0], a[1], a[2], out string? e), e));
        commands.Register("fdb/flush", "[bridge]", 0, 1, (c, a) => Reply(c, Flush(context, a.Length > 0 ? a[0] : null, out string? e), e));
        commands.Register("fdb/show", "bridge", 1, 1, (c, a) => Reply(c, Show(context, a[0], out string? e), e));
        commands.Register("fdb/stats-clear", "[bridge]", 0, 1, (c, a) => Reply(c, StatsClear(context, a.Length > 0 ? a[0] : null, out string? e), e));
        commands.Register("fdb/stats-show", "bridge", 1, 1, (c, a) => Reply(c, StatsShow(context, a[0], out string? e), e));
    }

    private static void Reply(UnixctlConnection connection, string? output, string? error)
    {
        if (error is not null)
        {
            connection.ReplyError(error);
        }
        else
        {
            connection.Reply(output ?? string.Empty);
        }
    }

    public static string? Show(OfprotoContext context, string bridge, out string? error)
    {
        error = null;
        if (!context.Switches.TryGetValue(bridge, out Core.Ofproto? ofproto))
        {
            error = NoSuchBridge;
            return null;
        }

        var s = new StringBuilder(" port  VLAN  MAC                Age\n");
        foreach (MacEntryInfo e in ofproto.Normal.Macs.Entries())
        {
            s.Append(CultureInfo.InvariantCulture, $"{PortOf(ofproto, e.Port),5}  {e.Vlan,4}  {Xlator.FormatMac(e.Mac)}  ");
            s.Append(e.AgeSeconds is int age ? age.ToString(CultureInfo.InvariantCulture).PadLeft(3) : "static").Append('\n');
        }

        return s.ToString();
    }

    public static string? Flush(OfprotoContext context, string? bridge, out string? error)
    {
        error = null;
        foreach (Core.Ofproto ofproto in Selected(context, bridge, ref error))
        {
            ofproto.Normal.Macs.Flush();
            ofproto.Normal.Run();
        }

        return error is null ? "table successfully flushed" : null;
    }

    public static string? StatsClear(OfprotoContext context, string? bridge, out string? error)
    {
        error = null;
        foreach (Core.Ofproto ofproto in Selected(context, bridge, ref error))
        {
            ofproto.Normal.Macs.ClearStatistics();
        }

        return error is null ? "statistics successfully cleared" : null;
    }

    public static string? StatsShow(OfprotoContext context, string bridge, out string? error)
    {
        error = null;
        if (!context.Switches.TryGetValue(bridge, out Core.Ofproto? ofproto))
        {
            error = NoSuchBridge;
            return null;
        }

        MacLearningStats st = ofproto.Normal.Macs.Statistics();
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"Statistics for bridge \"{bridge}\":\n");
        s.Append(CultureInfo.InvariantCulture, $"  Current/maximum MAC entries in the table: {st.Count}/{st.MaxEntries}\n");
        s.Append(CultureInfo.InvariantCulture, $"  Current static MAC entries in the table : {st.StaticEntries}\n");
        s.Append(CultureInfo.InvariantCulture, $"  Total number of learned MAC entries     : {st.Learned}\n");
        s.Append(CultureInfo.InvariantCulture, $"  Total number of expired MAC entries     : {st.Expired}\n");
        s.Append(CultureInfo.InvariantCulture, $"  Total number of evicted MAC entries     : {st.Evicted}\n");
        s.Append(CultureInfo.InvariantCulture, $"  Total number of port moved MAC entries  : {st.Moved}\n");
        return s.ToString();
    }

    /// <summary>The bridge, VLAN and MAC address fdb/add and fdb/del name, or upstream's error for them.</summary>
    private static bool TryParseEntry(
        OfprotoContext context, string bridge, string vlanText, string macText,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Core.Ofproto? ofproto, out int vlan, out ulong mac, out string? error)
    {
        error = null;
        vlan = 0;
        mac = 0;
        if (!context.Switches.TryGetValue(bridge, out ofproto))
        {
            error = NoSuchBridge;
            return false;
        }

        vlan = (ushort)CAtoi(vlanText);
        if (!TryParseMac(macText, out mac))
        {
            error = "bad MAC address";
            return false;
        }

        return true;
    }

    /// <summary>fdb/add BRIDGE PORT VLAN MAC: a static entry on the bundle of interface PORT.</summary>
    public static string? Add(OfprotoContext context, string bridge, string portName, string vlanText, string macText, out string? error)
    {
        if (!TryParseEntry(context, bridge, vlanText, macText, out Core.Ofproto? ofproto, out int vlan, out ulong mac, out error))
        {
            return null;
        }

        if (ofproto.FindPort(portName) is not { } port)
        {
            error = "software error, odp port is present but no ofp port";
            return null;
        }

        var s = new StringBuilder();
        MacLearningTable macs = ofproto.Normal.Macs;
        if (macs.Find(mac, vlan) is { } existing && (existing.Port != portName || !existing.IsStatic))
        {
            s.Append(CultureInfo.InvariantCulture,
                $"Overriding already existing {(existing.IsStatic ? "static" : "dynamic")} entry on {PortOf(ofproto, existing.Port)}\n");
        }

        if (ofproto.Normal.BundleOf(port.OfpPort) is not { } bundle)
        {
            error = "could not add static mac entry\n";
            return null;
        }

        macs.AddStatic(mac, vlan, bundle.Name);
        ofproto.Normal.Run();
        return s.ToString();
    }

    /// <summary>fdb/del BRIDGE VLAN MAC: removes a static entry.</summary>
    public static string? Delete(OfprotoContext context, string bridge, string vlanText, string macText, out string? error)
    {
        if (!TryParseEntry(context, bridge, vlanText, macText, out Core.Ofproto? ofproto, out int vlan, out ulong mac, out error))
        {
            return null;
        }

        if (!ofproto.Normal.Macs.DeleteStatic(mac, vlan))
        {
            error = "could not find static mac entry\n";
            return null;
        }

        ofproto.Normal.Run();
        return string.Empty;
    }

    private static List<Core.Ofproto> Selected(OfprotoContext context, string? bridge, ref string? error)
    {
        if (bridge is null)
        {
            return [.. context.Switches.Values];
        }

        if (context.Switches.TryGetValue(bridge, out Core.Ofproto? ofproto))
        {
            return [ofproto];
        }

        error = NoSuchBridge;
        return [];
    }

    /// <summary>The OpenFlow number (as ofputil_port_to_string() writes it) of the bundle's first port.</summary>
    private static string PortOf(Core.Ofproto ofproto, string bundleName)
    {
        XlateBundle? bundle = ofproto.Normal.BundleNamed(bundleName);
        ushort ofPort = bundle is { Ports.Count: > 0 } ? bundle.Ports[0] : ofproto.FindPort(bundleName)?.OfpPort ?? 0xffff;
        return OfpPortText.Format(ofPort);
    }

    /// <summary>eth_addr_from_string(): six colon-separated groups of one or two hex digits.</summary>
    internal static bool TryParseMac(string text, out ulong mac)
    {
        mac = 0;
        string[] parts = text.Split(':');
        if (parts.Length != 6)
        {
            return false;
        }

        foreach (string part in parts)
        {
            if (part.Length is < 1 or > 2 || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }

            mac = (mac << 8) | b;
        }

        return true;
    }

    /// <summary>C's atoi(): leading blanks, an optional sign and digits; 0 when there are none.</summary>
    private static long CAtoi(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart();
        int end = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        while (end < s.Length && end < 18 && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return long.TryParse(s[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : 0;
    }
}
