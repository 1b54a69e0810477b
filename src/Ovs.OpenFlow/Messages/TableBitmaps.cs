// Upstream: lib/ofp-table.c (the OpenFlow 1.0 and 1.1 wildcard maps), lib/nx-match.c (oxm_bitmap_to_mf_bitmap and
// oxm_bitmap_from_mf_bitmap) and lib/ofp-actions.c (the OFPAT and OFPIT bitmap maps) (OVS 3.1)
//
// Translations between the bitmaps OpenFlow uses to describe what a table supports and Open vSwitch's own:
// one bit per meta-flow field (FieldId), one per action kind (OfpActKind), one per instruction (TableInstruction).
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>Open vSwitch's instruction numbering (OVSINST_*), which is also the order it prints them in.</summary>
internal enum TableInstruction
{
    Meter,
    ApplyActions,
    ClearActions,
    WriteActions,
    WriteMetadata,
    GotoTable,
}

internal static class TableBitmaps
{
    private const ushort OxmBasicClass = 0x8000;

    // OFPFW10_* bits (the IP address wildcards are 6-bit fields; any bit of them names the field).
    private static readonly (uint Bits, FieldId Field)[] s_of10 =
    [
        (1u << 0, FieldId.InPort), (1u << 1, FieldId.VlanVid), (1u << 2, FieldId.EthSrc), (1u << 3, FieldId.EthDst),
        (1u << 4, FieldId.EthType), (1u << 5, FieldId.IpProto), (1u << 6, FieldId.TcpSrc), (1u << 7, FieldId.TcpDst),
        (0x3fu << 8, FieldId.Ipv4Src), (0x3fu << 14, FieldId.Ipv4Dst), (1u << 20, FieldId.VlanPcp), (1u << 21, FieldId.IpDscp),
    ];

    // OFPFMF11_* bits; bit 10 (OFPFMF11_TYPE) has no field.
    private static readonly (uint Bits, FieldId Field)[] s_of11 =
    [
        (1u << 0, FieldId.InPort), (1u << 1, FieldId.VlanVid), (1u << 2, FieldId.VlanPcp), (1u << 3, FieldId.EthType),
        (1u << 4, FieldId.IpDscp), (1u << 5, FieldId.IpProto), (1u << 6, FieldId.TcpSrc), (1u << 7, FieldId.TcpDst),
        (1u << 8, FieldId.MplsLabel), (1u << 9, FieldId.MplsTc), (1u << 11, FieldId.EthSrc), (1u << 12, FieldId.EthDst),
        (1u << 13, FieldId.Ipv4Src), (1u << 14, FieldId.Ipv4Dst), (1u << 15, FieldId.Metadata),
    ];

    // OFPAT_* numbers per version family.
    private static readonly (OfpActKind Kind, int Type)[] s_actions10 =
    [
        (OfpActKind.Output, 0), (OfpActKind.SetVlanVid, 1), (OfpActKind.SetVlanPcp, 2), (OfpActKind.StripVlan, 3),
        (OfpActKind.SetEthSrc, 4), (OfpActKind.SetEthDst, 5), (OfpActKind.SetIpv4Src, 6), (OfpActKind.SetIpv4Dst, 7),
        (OfpActKind.SetIpDscp, 8), (OfpActKind.SetL4SrcPort, 9), (OfpActKind.SetL4DstPort, 10), (OfpActKind.Enqueue, 11),
    ];

    private static readonly (OfpActKind Kind, int Type)[] s_actions11 =
    [
        (OfpActKind.Output, 0), (OfpActKind.SetVlanVid, 1), (OfpActKind.SetVlanPcp, 2), (OfpActKind.SetEthSrc, 3),
        (OfpActKind.SetEthDst, 4), (OfpActKind.SetIpv4Src, 5), (OfpActKind.SetIpv4Dst, 6), (OfpActKind.SetIpDscp, 7),
        (OfpActKind.SetIpEcn, 8), (OfpActKind.SetL4SrcPort, 9), (OfpActKind.SetL4DstPort, 10),
        (OfpActKind.SetMplsLabel, 13), (OfpActKind.SetMplsTc, 14), (OfpActKind.SetMplsTtl, 15),
        (OfpActKind.DecMplsTtl, 16), (OfpActKind.PushVlan, 17), (OfpActKind.StripVlan, 18), (OfpActKind.PushMpls, 19),
        (OfpActKind.PopMpls, 20), (OfpActKind.SetQueue, 21), (OfpActKind.Group, 22), (OfpActKind.SetIpTtl, 23),
        (OfpActKind.DecTtl, 24),
    ];

    private static readonly (OfpActKind Kind, int Type)[] s_actions12 =
    [
        (OfpActKind.Output, 0), (OfpActKind.SetMplsTtl, 15), (OfpActKind.DecMplsTtl, 16), (OfpActKind.PushVlan, 17),
        (OfpActKind.StripVlan, 18), (OfpActKind.PushMpls, 19), (OfpActKind.PopMpls, 20), (OfpActKind.SetQueue, 21),
        (OfpActKind.Group, 22), (OfpActKind.SetIpTtl, 23), (OfpActKind.DecTtl, 24), (OfpActKind.SetField, 25),
    ];

    // OFPIT_* numbers: 1.1, 1.2 and 1.5 have no meter instruction in their bitmaps; 1.3 and 1.4 do.
    private static readonly (TableInstruction Instruction, int Type)[] s_instructions =
    [
        (TableInstruction.GotoTable, 1), (TableInstruction.WriteMetadata, 2), (TableInstruction.WriteActions, 3),
        (TableInstruction.ApplyActions, 4), (TableInstruction.ClearActions, 5), (TableInstruction.Meter, 6),
    ];

    public static Bitmap256 FromOf10Wildcards(uint wildcards) => FromWildcards(wildcards, s_of10);

    public static uint ToOf10Wildcards(Bitmap256 fields) => ToWildcards(fields, s_of10);

    public static Bitmap256 FromOf11Wildcards(uint wildcards) => FromWildcards(wildcards, s_of11);

    public static uint ToOf11Wildcards(Bitmap256 fields) => ToWildcards(fields, s_of11);

    /// <summary>The fields whose OXM header in <paramref name="version"/> is a basic-class bit of an OpenFlow 1.2 bitmap.</summary>
    public static Bitmap256 FromOxmBitmap(ulong oxm, byte version)
    {
        var fields = default(Bitmap256);
        foreach (FieldInfo f in FieldTable.All)
        {
            if (TryOxmBit(f, version, out int bit) && (oxm & (1UL << bit)) != 0)
            {
                fields.Set((int)f.Id);
            }
        }

        return fields;
    }

    public static ulong ToOxmBitmap(Bitmap256 fields, byte version)
    {
        ulong oxm = 0;
        for (int id = fields.NextSet(0); id >= 0; id = fields.NextSet(id + 1))
        {
            if (FieldTable.Get((FieldId)id).Header(version) is { } h && h.Class == OxmBasicClass && h.Field < 64)
            {
                oxm |= 1UL << h.Field;
            }
        }

        return oxm;
    }

    /// <summary>A bitmap of OFPAT_* numbers of <paramref name="version"/> as a bitmap of OfpActKind bits.</summary>
    public static ulong ActionsFromOpenFlow(uint types, byte version)
    {
        ulong kinds = 0;
        foreach ((OfpActKind kind, int type) in ActionMap(version))
        {
            if ((types & (1u << type)) != 0)
            {
                kinds |= 1UL << (int)kind;
            }
        }

        return kinds;
    }

    /// <summary>Upstream's ofpact_name() for the kinds a table can advertise, as table features print them.</summary>
    public static string ActionName(OfpActKind kind) => kind switch
    {
        OfpActKind.SetEthSrc => "mod_dl_src",
        OfpActKind.SetEthDst => "mod_dl_dst",
        OfpActKind.SetIpv4Src => "mod_nw_src",
        OfpActKind.SetIpv4Dst => "mod_nw_dst",
        OfpActKind.SetIpDscp => "mod_nw_tos",
        OfpActKind.SetIpEcn => "mod_nw_ecn",
        OfpActKind.SetIpTtl => "mod_nw_ttl",
        OfpActKind.SetL4SrcPort => "mod_tp_src",
        OfpActKind.SetL4DstPort => "mod_tp_dst",
        _ => kind.Name(),
    };

    public static uint ActionsToOpenFlow(ulong kinds, byte version)
    {
        uint types = 0;
        foreach ((OfpActKind kind, int type) in ActionMap(version))
        {
            if ((kinds & (1UL << (int)kind)) != 0)
            {
                types |= 1u << type;
            }
        }

        return types;
    }

    /// <summary>The instruction an OFPIT_* number names, whatever the version (table features instruction ids).</summary>
    public static bool TryInstructionFromType(int type, out TableInstruction instruction)
    {
        foreach ((TableInstruction i, int t) in s_instructions)
        {
            if (t == type)
            {
                instruction = i;
                return true;
            }
        }

        instruction = default;
        return false;
    }

    public static int InstructionType(TableInstruction instruction)
    {
        foreach ((TableInstruction i, int t) in s_instructions)
        {
            if (i == instruction)
            {
                return t;
            }
        }

        return -1;
    }

    public static uint InstructionsFromOpenFlow(uint types, byte version)
    {
        uint result = 0;
        foreach ((TableInstruction i, int t) in s_instructions)
        {
            if ((t != 6 || HasMeterInstruction(version)) && (types & (1u << t)) != 0)
            {
                result |= 1u << (int)i;
            }
        }

        return result;
    }

    public static uint InstructionsToOpenFlow(uint instructions, byte version)
    {
        uint types = 0;
        foreach ((TableInstruction i, int t) in s_instructions)
        {
            if ((t != 6 || HasMeterInstruction(version)) && (instructions & (1u << (int)i)) != 0)
            {
                types |= 1u << t;
            }
        }

        return types;
    }

    private static bool HasMeterInstruction(byte version) => version is (byte)OfpVersion.Of13 or (byte)OfpVersion.Of14;

    private static bool TryOxmBit(FieldInfo f, byte version, out int bit)
    {
        bit = 0;
        if (f.Header(version) is not { } h || version < h.Version || h.Class != OxmBasicClass || h.Field >= 64)
        {
            return false;
        }

        bit = h.Field;
        return true;
    }

    private static (OfpActKind Kind, int Type)[] ActionMap(byte version) => version switch
    {
        (byte)OfpVersion.Of10 => s_actions10,
        (byte)OfpVersion.Of11 => s_actions11,
        _ => s_actions12,
    };

    private static Bitmap256 FromWildcards(uint wildcards, (uint Bits, FieldId Field)[] map)
    {
        var fields = default(Bitmap256);
        foreach ((uint bits, FieldId field) in map)
        {
            if ((wildcards & bits) != 0)
            {
                fields.Set((int)field);
            }
        }

        return fields;
    }

    private static uint ToWildcards(Bitmap256 fields, (uint Bits, FieldId Field)[] map)
    {
        uint wildcards = 0;
        foreach ((uint bits, FieldId field) in map)
        {
            if (fields[(int)field])
            {
                wildcards |= bits;
            }
        }

        return wildcards;
    }
}
