// Upstream: enum ofputil_protocol in include/openvswitch/ofp-protocol.h and ofputil_protocols_to_string() in
// lib/ofp-protocol.c (OVS 3.1).
// The OpenFlow "flow formats" a match can be sent in. Bit values are upstream's, so the OpenFlow layer can use
// this type directly. Kept here because which protocols can carry a match is a property of its fields.
using System.Text;

namespace Ovs.Flow.Fields;

[Flags]
internal enum ProtocolSet : ushort
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
    NxmOf11Up = Of10NxmAny | Of11Std | AnyOxm,
    NxmOxmAny = Of10NxmAny | AnyOxm,
    Of11Up = Of11Std | AnyOxm,
    Any = (1 << 9) - 1,
}

internal static class ProtocolSetText
{
    private static readonly (ProtocolSet Set, string Name)[] s_abbreviations =
    [
        (ProtocolSet.Any, "any"), (ProtocolSet.Of10StdAny, "OpenFlow10"), (ProtocolSet.Of10NxmAny, "NXM"), (ProtocolSet.AnyOxm, "OXM"),
    ];

    public static string Name(ProtocolSet single) => single switch
    {
        ProtocolSet.Of10Nxm => "NXM-table_id",
        ProtocolSet.Of10NxmTid => "NXM+table_id",
        ProtocolSet.Of10Std => "OpenFlow10-table_id",
        ProtocolSet.Of10StdTid => "OpenFlow10+table_id",
        ProtocolSet.Of11Std => "OpenFlow11",
        ProtocolSet.Of12Oxm => "OXM-OpenFlow12",
        ProtocolSet.Of13Oxm => "OXM-OpenFlow13",
        ProtocolSet.Of14Oxm => "OXM-OpenFlow14",
        ProtocolSet.Of15Oxm => "OXM-OpenFlow15",
        _ => throw new ArgumentOutOfRangeException(nameof(single)),
    };

    /// <summary>ofputil_protocols_to_string: abbreviations first ("any", "OpenFlow10", "NXM", "OXM"), then single names.</summary>
    public static string ToText(this ProtocolSet protocols)
    {
        if (protocols == ProtocolSet.None)
        {
            return "none";
        }

        var sb = new StringBuilder();
        while (protocols != ProtocolSet.None)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            bool found = false;
            foreach ((ProtocolSet set, string name) in s_abbreviations)
            {
                if ((protocols & set) == set)
                {
                    sb.Append(name);
                    protocols &= ~set;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                var bit = (ProtocolSet)((int)protocols & -(int)protocols);
                sb.Append(Name(bit));
                protocols &= ~bit;
            }
        }

        return sb.ToString();
    }
}
