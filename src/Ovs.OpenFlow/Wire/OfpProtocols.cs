// Upstream: lib/ofp-protocol.c, the flow protocols and their names (OVS 3.1)
//
// A "protocol" is an OpenFlow version plus the flow-match format used with it: OpenFlow 1.0 with standard or NXM
// matches, each with or without the table-id extension, OpenFlow 1.1 standard matches, or OXM in 1.2 through 1.5.
// Protocols form a bitmap; these helpers parse and print it as ovs-ofctl's -F and its messages do.
using System.Text;

namespace Ovs.OpenFlow.Wire;

[Flags]
internal enum OfpProtocols : uint
{
    None = 0,
    Of10Std = 1 << 0,
    Of10StdTid = 1 << 1,
    Of10Nxm = 1 << 2,
    Of10NxmTid = 1 << 3,
    Of11Std = 1 << 4,
    Of12Oxm = 1 << 5,
    Of13Oxm = 1 << 6,
    Of14Oxm = 1 << 7,
    Of15Oxm = 1 << 8,
    Of10StdAny = Of10Std | Of10StdTid,
    Of10NxmAny = Of10Nxm | Of10NxmTid,
    AnyOxm = Of12Oxm | Of13Oxm | Of14Oxm | Of15Oxm,
    Any = Of10StdAny | Of10NxmAny | Of11Std | AnyOxm,
}

internal static class OfpProtocolNames
{
    private static readonly (OfpProtocols Protocol, string Name)[] s_single =
    [
        (OfpProtocols.Of10Std, "OpenFlow10-table_id"),
        (OfpProtocols.Of10StdTid, "OpenFlow10+table_id"),
        (OfpProtocols.Of10Nxm, "NXM-table_id"),
        (OfpProtocols.Of10NxmTid, "NXM+table_id"),
        (OfpProtocols.Of11Std, "OpenFlow11"),
        (OfpProtocols.Of12Oxm, "OXM-OpenFlow12"),
        (OfpProtocols.Of13Oxm, "OXM-OpenFlow13"),
        (OfpProtocols.Of14Oxm, "OXM-OpenFlow14"),
        (OfpProtocols.Of15Oxm, "OXM-OpenFlow15"),
    ];

    private static readonly (OfpProtocols Protocol, string Name)[] s_abbreviations =
    [
        (OfpProtocols.Any, "any"),
        (OfpProtocols.Of10StdAny, "OpenFlow10"),
        (OfpProtocols.Of10NxmAny, "NXM"),
        (OfpProtocols.AnyOxm, "OXM"),
    ];

    private static readonly string[] s_versionNames = ["OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15"];

    /// <summary>One protocol name or abbreviation (case-insensitive), or None.</summary>
    public static OfpProtocols ParseOne(ReadOnlySpan<char> name)
    {
        foreach ((OfpProtocols p, string n) in s_single)
        {
            if (name.Equals(n, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        foreach ((OfpProtocols p, string n) in s_abbreviations)
        {
            if (name.Equals(n, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return OfpProtocols.None;
    }

    /// <summary>The comma-separated form, using abbreviations where a whole group is present; "none" for none.</summary>
    public static string Format(OfpProtocols protocols)
    {
        if (protocols == OfpProtocols.None)
        {
            return "none";
        }

        var sb = new StringBuilder();
        while (protocols != OfpProtocols.None)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            bool matched = false;
            foreach ((OfpProtocols p, string n) in s_abbreviations)
            {
                if ((protocols & p) == p)
                {
                    sb.Append(n);
                    protocols &= ~p;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                foreach ((OfpProtocols p, string n) in s_single)
                {
                    if ((protocols & p) != 0)
                    {
                        sb.Append(n);
                        protocols &= ~p;
                        break;
                    }
                }
            }
        }

        return sb.ToString();
    }

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
    public static OfpProtocols FromVersionBitmap(uint bitmap)
    {
        OfpProtocols p = OfpProtocols.None;
        p |= (bitmap & (1u << 1)) != 0 ? OfpProtocols.Of10StdAny | OfpProtocols.Of10NxmAny : 0;
        p |= (bitmap & (1u << 2)) != 0 ? OfpProtocols.Of11Std : 0;
        p |= (bitmap & (1u << 3)) != 0 ? OfpProtocols.Of12Oxm : 0;
        p |= (bitmap & (1u << 4)) != 0 ? OfpProtocols.Of13Oxm : 0;
        p |= (bitmap & (1u << 5)) != 0 ? OfpProtocols.Of14Oxm : 0;
        p |= (bitmap & (1u << 6)) != 0 ? OfpProtocols.Of15Oxm : 0;
        return p;
    }

    /// <summary>The versions that the protocols in <paramref name="protocols"/> use, as a bitmap.</summary>
    public static uint ToVersionBitmap(OfpProtocols protocols)
    {
        uint bitmap = 0;
        bitmap |= (protocols & (OfpProtocols.Of10StdAny | OfpProtocols.Of10NxmAny)) != 0 ? 1u << 1 : 0;
        bitmap |= (protocols & OfpProtocols.Of11Std) != 0 ? 1u << 2 : 0;
        bitmap |= (protocols & OfpProtocols.Of12Oxm) != 0 ? 1u << 3 : 0;
        bitmap |= (protocols & OfpProtocols.Of13Oxm) != 0 ? 1u << 4 : 0;
        bitmap |= (protocols & OfpProtocols.Of14Oxm) != 0 ? 1u << 5 : 0;
        bitmap |= (protocols & OfpProtocols.Of15Oxm) != 0 ? 1u << 6 : 0;
        return bitmap;
    }
}
