// Upstream: lib/ofp-group.c ofputil_decode_group_features_reply() and ofputil_encode_group_features_reply();
// lib/ofp-actions.c ofpact_bitmap_from_openflow(), ofpact_bitmap_to_openflow() and ofpact_bitmap_format() (OVS 3.1).
//
// The group features reply: the group types and capabilities supported, and for each of the four types the
// maximum number of groups and the actions its buckets may use. Actions travel as a bitmap of OFPAT numbers, which
// differ between OpenFlow 1.0, 1.1 and 1.2+; the model keeps the version-independent set.
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>Kinds of action a group features reply can name, in the order ovs-ofctl prints them.</summary>
[Flags]
internal enum GroupActionSet : uint
{
    None = 0,
    Output = 1u << 0,
    Group = 1u << 1,
    Enqueue = 1u << 2,
    SetField = 1u << 3,
    SetVlanVid = 1u << 4,
    SetVlanPcp = 1u << 5,
    StripVlan = 1u << 6,
    PushVlan = 1u << 7,
    SetEthSrc = 1u << 8,
    SetEthDst = 1u << 9,
    SetIpv4Src = 1u << 10,
    SetIpv4Dst = 1u << 11,
    SetIpDscp = 1u << 12,
    SetIpEcn = 1u << 13,
    SetIpTtl = 1u << 14,
    SetL4SrcPort = 1u << 15,
    SetL4DstPort = 1u << 16,
    DecTtl = 1u << 17,
    SetMplsLabel = 1u << 18,
    SetMplsTc = 1u << 19,
    SetMplsTtl = 1u << 20,
    DecMplsTtl = 1u << 21,
    PushMpls = 1u << 22,
    PopMpls = 1u << 23,
    SetQueue = 1u << 24,
}

/// <summary>A group features reply: per group type (all, select, indirect, fast failover) its limits and actions.</summary>
internal sealed record GroupFeatures(uint Types, uint Capabilities, uint[] MaxGroups, GroupActionSet[] Actions)
{
    public const int BodySize = 40;

    private static readonly string[] s_names =
    [
        "output", "group", "enqueue", "set_field", "set_vlan_vid", "set_vlan_pcp", "strip_vlan", "push_vlan", "mod_dl_src",
        "mod_dl_dst", "mod_nw_src", "mod_nw_dst", "mod_nw_tos", "mod_nw_ecn", "mod_nw_ttl", "mod_tp_src", "mod_tp_dst",
        "dec_ttl", "set_mpls_label", "set_mpls_tc", "set_mpls_ttl", "dec_mpls_ttl", "push_mpls", "pop_mpls", "set_queue",
    ];

    // OFPAT numbers of each version for the actions above (OpenFlow 1.1 has no copy-TTL actions here, 1.2+ moved
    // the header rewrites into set_field).
    private static readonly (int Bit, GroupActionSet Action)[] s_of10 =
    [
        (0, GroupActionSet.Output), (1, GroupActionSet.SetVlanVid), (2, GroupActionSet.SetVlanPcp), (3, GroupActionSet.StripVlan),
        (4, GroupActionSet.SetEthSrc), (5, GroupActionSet.SetEthDst), (6, GroupActionSet.SetIpv4Src), (7, GroupActionSet.SetIpv4Dst),
        (8, GroupActionSet.SetIpDscp), (9, GroupActionSet.SetL4SrcPort), (10, GroupActionSet.SetL4DstPort), (11, GroupActionSet.Enqueue),
    ];

    private static readonly (int Bit, GroupActionSet Action)[] s_of11 =
    [
        (0, GroupActionSet.Output), (1, GroupActionSet.SetVlanVid), (2, GroupActionSet.SetVlanPcp), (3, GroupActionSet.SetEthSrc),
        (4, GroupActionSet.SetEthDst), (5, GroupActionSet.SetIpv4Src), (6, GroupActionSet.SetIpv4Dst), (7, GroupActionSet.SetIpDscp),
        (8, GroupActionSet.SetIpEcn), (9, GroupActionSet.SetL4SrcPort), (10, GroupActionSet.SetL4DstPort),
        (13, GroupActionSet.SetMplsLabel), (14, GroupActionSet.SetMplsTc), (15, GroupActionSet.SetMplsTtl),
        (16, GroupActionSet.DecMplsTtl), (17, GroupActionSet.PushVlan), (18, GroupActionSet.StripVlan), (19, GroupActionSet.PushMpls),
        (20, GroupActionSet.PopMpls), (21, GroupActionSet.SetQueue), (22, GroupActionSet.Group), (23, GroupActionSet.SetIpTtl),
        (24, GroupActionSet.DecTtl),
    ];

    private static readonly (int Bit, GroupActionSet Action)[] s_of12 =
    [
        (0, GroupActionSet.Output), (15, GroupActionSet.SetMplsTtl), (16, GroupActionSet.DecMplsTtl), (17, GroupActionSet.PushVlan),
        (18, GroupActionSet.StripVlan), (19, GroupActionSet.PushMpls), (20, GroupActionSet.PopMpls), (21, GroupActionSet.SetQueue),
        (22, GroupActionSet.Group), (23, GroupActionSet.SetIpTtl), (24, GroupActionSet.DecTtl), (25, GroupActionSet.SetField),
    ];

    /// <summary>Decodes the 40-byte body of a group features reply of wire version <paramref name="version"/>.</summary>
    public static GroupFeatures Decode(ReadOnlySpan<byte> body, byte version)
    {
        var max = new uint[4];
        var actions = new GroupActionSet[4];
        for (int i = 0; i < 4; i++)
        {
            max[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(8 + (4 * i))..]);
            actions[i] = FromOpenFlow(BinaryPrimitives.ReadUInt32BigEndian(body[(24 + (4 * i))..]), version);
        }

        return new GroupFeatures(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]), max, actions);
    }

    /// <summary>The reply for <paramref name="version"/> (NXST_GROUP_FEATURES before OpenFlow 1.2).</summary>
    public byte[] Encode(byte version, uint xid)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        OfpRaw raw = version < (byte)OfpVersion.Of12 ? OfpRaw.NxstGroupFeaturesReply : OfpRaw.Ofpst12GroupFeaturesReply;
        Span<byte> body = OfpEncoder.Begin(output, raw, version, xid, BodySize, out int total);
        BinaryPrimitives.WriteUInt32BigEndian(body, Types);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], Capabilities);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body[(8 + (4 * i))..], MaxGroups[i]);
            BinaryPrimitives.WriteUInt32BigEndian(body[(24 + (4 * i))..], ToOpenFlow(Actions[i], version));
        }

        output.Advance(total);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The action names, space separated, or "&lt;none&gt;".</summary>
    public static void AppendActions(StringBuilder sb, GroupActionSet actions)
    {
        if (actions == GroupActionSet.None)
        {
            sb.Append("<none>");
            return;
        }

        bool first = true;
        for (int i = 0; i < s_names.Length; i++)
        {
            if (((uint)actions & (1u << i)) != 0)
            {
                sb.Append(first ? string.Empty : " ").Append(s_names[i]);
                first = false;
            }
        }
    }

    private static (int Bit, GroupActionSet Action)[] Map(byte version) => version switch
    {
        OfpVersions.Min => s_of10,
        (byte)OfpVersion.Of11 => s_of11,
        _ => s_of12,
    };

    private static GroupActionSet FromOpenFlow(uint bitmap, byte version)
    {
        GroupActionSet set = GroupActionSet.None;
        foreach ((int bit, GroupActionSet action) in Map(version))
        {
            if ((bitmap & (1u << bit)) != 0)
            {
                set |= action;
            }
        }

        return set;
    }

    private static uint ToOpenFlow(GroupActionSet set, byte version)
    {
        uint bitmap = 0;
        foreach ((int bit, GroupActionSet action) in Map(version))
        {
            if ((set & action) != 0)
            {
                bitmap |= 1u << bit;
            }
        }

        return bitmap;
    }
}
