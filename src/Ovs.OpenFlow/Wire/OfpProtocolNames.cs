// Upstream: lib/ofp-protocol.c, the flow protocols and their names (OVS 3.1)
//
// A "protocol" is an OpenFlow version plus the flow-match format used with it: OpenFlow 1.0 with standard or NXM
// matches, each with or without the table-id extension, OpenFlow 1.1 standard matches, or OXM in 1.2 through 1.5.
// Protocols form a bitmap (Ovs.Flow's ProtocolSet, since which protocols can carry a match is a property of its
// fields); these helpers parse and print it as ovs-ofctl's -F and its messages do.
using System.Text;
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Wire;

internal static class OfpProtocolNames
{
    private static readonly (ProtocolSet Protocol, string Name)[] s_single =
    [
        (ProtocolSet.Of10Std, "OpenFlow10-table_id"),
        (ProtocolSet.Of10StdTid, "OpenFlow10+table_id"),
        (ProtocolSet.Of10Nxm, "NXM-table_id"),
        (ProtocolSet.Of10NxmTid, "NXM+table_id"),
        (ProtocolSet.Of11Std, "OpenFlow11"),
        (ProtocolSet.Of12Oxm, "OXM-OpenFlow12"),
        (ProtocolSet.Of13Oxm, "OXM-OpenFlow13"),
        (ProtocolSet.Of14Oxm, "OXM-OpenFlow14"),
        (ProtocolSet.Of15Oxm, "OXM-OpenFlow15"),
    ];

    private static readonly (ProtocolSet Protocol, string Name)[] s_abbreviations =
    [
        (ProtocolSet.Any, "any"),
        (ProtocolSet.Of10StdAny, "OpenFlow10"),
        (ProtocolSet.Of10NxmAny, "NXM"),
        (ProtocolSet.AnyOxm, "OXM"),
    ];

    private static readonly string[] s_versionNames = ["OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15"];

    /// <summary>One protocol name or abbreviation (case-insensitive), or None.</summary>
    public static ProtocolSet ParseOne(ReadOnlySpan<char> name)
    {
        foreach ((ProtocolSet p, string n) in s_single)
        {
            if (name.Equals(n, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        foreach ((ProtocolSet p, string n) in s_abbreviations)
        {
            if (name.Equals(n, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return ProtocolSet.None;
    }

    /// <summary>The comma-separated form, using abbreviations where a whole group is present; "none" for none.</summary>
    public static string Format(ProtocolSet protocols) => protocols.ToText();

    /// <summary>"OpenFlow10" ... "OpenFlow15" (case-insensitive) to its version, or 0.</summary>
    public static byte ParseVersion(ReadOnlySpan<char> name)
    {
        for (int i = 0; i < s_versionNames.Length; i++)
        {
            if (name.Equals(s_versionNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return (byte)(i + 1);
            }
        }

        return 0;
    }

    public static string VersionName(byte version) => s_versionNames[version - 1];

    /// <summary>The versions in a bitmap by name, comma and space separated.</summary>
    public static string FormatVersionNames(uint bitmap)
    {
        var names = new List<string>();
        for (int v = OfpVersions.Min; v <= OfpVersions.Max; v++)
        {
            if ((bitmap & (1u << v)) != 0)
            {
                names.Add(VersionName((byte)v));
            }
        }

        return string.Join(", ", names);
    }

    /// <summary>The protocols usable with the versions in <paramref name="bitmap"/>.</summary>
    public static ProtocolSet FromVersionBitmap(uint bitmap)
    {
        ProtocolSet p = ProtocolSet.None;
        p |= (bitmap & (1u << 1)) != 0 ? ProtocolSet.Of10StdAny | ProtocolSet.Of10NxmAny : 0;
        p |= (bitmap & (1u << 2)) != 0 ? ProtocolSet.Of11Std : 0;
        p |= (bitmap & (1u << 3)) != 0 ? ProtocolSet.Of12Oxm : 0;
        p |= (bitmap & (1u << 4)) != 0 ? ProtocolSet.Of13Oxm : 0;
        p |= (bitmap & (1u << 5)) != 0 ? ProtocolSet.Of14Oxm : 0;
        p |= (bitmap & (1u << 6)) != 0 ? ProtocolSet.Of15Oxm : 0;
        return p;
    }

    /// <summary>The versions that the protocols in <paramref name="protocols"/> use, as a bitmap.</summary>
    public static uint ToVersionBitmap(ProtocolSet protocols)
    {
        uint bitmap = 0;
        bitmap |= (protocols & (ProtocolSet.Of10StdAny | ProtocolSet.Of10NxmAny)) != 0 ? 1u << 1 : 0;
        bitmap |= (protocols & ProtocolSet.Of11Std) != 0 ? 1u << 2 : 0;
        bitmap |= (protocols & ProtocolSet.Of12Oxm) != 0 ? 1u << 3 : 0;
        bitmap |= (protocols & ProtocolSet.Of13Oxm) != 0 ? 1u << 4 : 0;
        bitmap |= (protocols & ProtocolSet.Of14Oxm) != 0 ? 1u << 5 : 0;
        bitmap |= (protocols & ProtocolSet.Of15Oxm) != 0 ? 1u << 6 : 0;
        return bitmap;
    }
}
