// Upstream: the OFPAT_RAW_* / NXAST_RAW_* / ONFACT_RAW_* list of lib/ofp-actions.c (OVS 3.1)
//
// Every wire encoding of an action that upstream 3.1 decodes: the OpenFlow versions it exists in, its vendor and
// type (or subtype), its name as upstream logs it, and its length limits.
using System.Collections.Frozen;

namespace Ovs.OpenFlow.Actions;

/// <summary>One wire encoding of an action.</summary>
internal enum RawAct : byte
{
    Of10Output, Of10SetVlanVid, Of10SetVlanPcp, Of10StripVlan, SetDlSrc, SetDlDst, SetNwSrc, SetNwDst, SetNwTos,
    SetNwEcn, SetTpSrc, SetTpDst, Of10Enqueue,
    Of11Output, Of11SetVlanVid, Of11SetVlanPcp, Of11SetMplsLabel, Of11SetMplsTc, Of11SetMplsTtl, Of11DecMplsTtl,
    Of11PushVlan, Of11PopVlan, Of11PushMpls, Of11PopMpls, Of11SetQueue, Of11Group, Of11SetNwTtl, Of11DecNwTtl,
    Of12SetField, Of15CopyField, Of15Meter,
    NxResubmit, NxSetTunnel, NxSetQueue, NxPopQueue, NxRegMove, NxRegLoad, NxNote, NxSetTunnel64, NxMultipath,
    NxBundle, NxBundleLoad, NxResubmitTable, NxOutputReg, NxLearn, NxExit, NxDecTtl, NxFinTimeout, NxController,
    NxDecTtlCntIds, NxWriteMetadata, NxPushMpls, NxPopMpls, NxSetMplsTtl, NxDecMplsTtl, NxStackPush, NxStackPop,
    NxSample, NxSetMplsLabel, NxSetMplsTc, NxOutputReg2, NxRegLoad2, NxConjunction, NxCt, NxNat, NxController2,
    NxSample2, NxOutputTrunc, NxGroup, NxSample3, NxClone, NxCtClear, NxResubmitTableCt, NxLearn2, NxEncap, NxDecap,
    NxDecNshTtl, NxCheckPktLarger, NxDeleteField, NxDebugSlow, NxDebugRecirc,
    Onf13CopyField,
}

internal sealed record RawActInfo(RawAct Raw, string Name, byte MinVersion, byte MaxVersion, uint Vendor, ushort Type, int MinLength, int MaxLength)
{
    /// <summary>
    /// The OpenFlow 1.1 actions that OpenFlow 1.2 replaced by set_field: still decoded from 1.2 on, with a note
    /// that they are deprecated there.
    /// </summary>
    public bool DeprecatedIn(byte version) => version >= 3 && Vendor == 0 && MinVersion == 2 && MaxVersion == 6 && Type is (>= 1 and <= 10) or 13 or 14 or 15;
}

internal static class RawActionTable
{
    public const uint NxVendor = 0x00002320;
    public const uint OnfVendor = 0x4f4e4600;
    private const int Var = 0xfff8;

    private static readonly RawActInfo[] s_rows =
    [
        new(RawAct.Of10Output, "OFPAT_OUTPUT", 1, 1, 0, 0, 8, 8),
        new(RawAct.Of10SetVlanVid, "OFPAT_SET_VLAN_VID", 1, 1, 0, 1, 8, 8),
        new(RawAct.Of10SetVlanPcp, "OFPAT_SET_VLAN_PCP", 1, 1, 0, 2, 8, 8),
        new(RawAct.Of10StripVlan, "OFPAT_STRIP_VLAN", 1, 1, 0, 3, 8, 8),
        new(RawAct.SetDlSrc, "OFPAT_SET_DL_SRC", 1, 1, 0, 4, 16, 16),
        new(RawAct.SetDlDst, "OFPAT_SET_DL_DST", 1, 1, 0, 5, 16, 16),
        new(RawAct.SetNwSrc, "OFPAT_SET_NW_SRC", 1, 1, 0, 6, 8, 8),
        new(RawAct.SetNwDst, "OFPAT_SET_NW_DST", 1, 1, 0, 7, 8, 8),
        new(RawAct.SetNwTos, "OFPAT_SET_NW_TOS", 1, 1, 0, 8, 8, 8),
        new(RawAct.SetTpSrc, "OFPAT_SET_TP_SRC", 1, 1, 0, 9, 8, 8),
        new(RawAct.SetTpDst, "OFPAT_SET_TP_DST", 1, 1, 0, 10, 8, 8),
        new(RawAct.Of10Enqueue, "OFPAT_ENQUEUE", 1, 1, 0, 11, 16, 16),

        new(RawAct.Of11Output, "OFPAT_OUTPUT", 2, 6, 0, 0, 16, 16),
        new(RawAct.Of11SetVlanVid, "OFPAT_SET_VLAN_VID", 2, 6, 0, 1, 8, 8),
        new(RawAct.Of11SetVlanPcp, "OFPAT_SET_VLAN_PCP", 2, 6, 0, 2, 8, 8),
        new(RawAct.SetDlSrc, "OFPAT_SET_DL_SRC", 2, 6, 0, 3, 16, 16),
        new(RawAct.SetDlDst, "OFPAT_SET_DL_DST", 2, 6, 0, 4, 16, 16),
        new(RawAct.SetNwSrc, "OFPAT_SET_NW_SRC", 2, 6, 0, 5, 8, 8),
        new(RawAct.SetNwDst, "OFPAT_SET_NW_DST", 2, 6, 0, 6, 8, 8),
        new(RawAct.SetNwTos, "OFPAT_SET_NW_TOS", 2, 6, 0, 7, 8, 8),
        new(RawAct.SetNwEcn, "OFPAT_SET_NW_ECN", 2, 6, 0, 8, 8, 8),
        new(RawAct.SetTpSrc, "OFPAT_SET_TP_SRC", 2, 6, 0, 9, 8, 8),
        new(RawAct.SetTpDst, "OFPAT_SET_TP_DST", 2, 6, 0, 10, 8, 8),
        new(RawAct.Of11SetMplsLabel, "OFPAT_SET_MPLS_LABEL", 2, 6, 0, 13, 8, 8),
        new(RawAct.Of11SetMplsTc, "OFPAT_SET_MPLS_TC", 2, 6, 0, 14, 8, 8),
        new(RawAct.Of11SetMplsTtl, "OFPAT_SET_MPLS_TTL", 2, 6, 0, 15, 8, 8),
        new(RawAct.Of11DecMplsTtl, "OFPAT_DEC_MPLS_TTL", 2, 6, 0, 16, 8, 8),
        new(RawAct.Of11PushVlan, "OFPAT_PUSH_VLAN", 2, 6, 0, 17, 8, 8),
        new(RawAct.Of11PopVlan, "OFPAT_POP_VLAN", 2, 6, 0, 18, 8, 8),
        new(RawAct.Of11PushMpls, "OFPAT_PUSH_MPLS", 2, 6, 0, 19, 8, 8),
        new(RawAct.Of11PopMpls, "OFPAT_POP_MPLS", 2, 6, 0, 20, 8, 8),
        new(RawAct.Of11SetQueue, "OFPAT_SET_QUEUE", 2, 6, 0, 21, 8, 8),
        new(RawAct.Of11Group, "OFPAT_GROUP", 2, 6, 0, 22, 8, 8),
        new(RawAct.Of11SetNwTtl, "OFPAT_SET_NW_TTL", 2, 6, 0, 23, 8, 8),
        new(RawAct.Of11DecNwTtl, "OFPAT_DEC_NW_TTL", 2, 6, 0, 24, 8, 8),
        new(RawAct.Of12SetField, "OFPAT_SET_FIELD", 3, 6, 0, 25, 8, Var),
        new(RawAct.Of15CopyField, "OFPAT_COPY_FIELD", 6, 6, 0, 28, 16, Var),
        new(RawAct.Of15Meter, "OFPAT_METER", 6, 6, 0, 29, 8, 8),

        Nx(RawAct.NxResubmit, "NXAST_RESUBMIT", 1, 16, 16),
        Nx(RawAct.NxSetTunnel, "NXAST_SET_TUNNEL", 2, 16, 16),
        new(RawAct.NxSetQueue, "NXAST_SET_QUEUE", 1, 1, NxVendor, 4, 16, 16),
        Nx(RawAct.NxPopQueue, "NXAST_POP_QUEUE", 5, 16, 16),
        Nx(RawAct.NxRegMove, "NXAST_REG_MOVE", 6, 24, Var),
        Nx(RawAct.NxRegLoad, "NXAST_REG_LOAD", 7, 24, 24),
        Nx(RawAct.NxNote, "NXAST_NOTE", 8, 16, Var),
        Nx(RawAct.NxSetTunnel64, "NXAST_SET_TUNNEL64", 9, 24, 24),
        Nx(RawAct.NxMultipath, "NXAST_MULTIPATH", 10, 32, 32),
        Nx(RawAct.NxBundle, "NXAST_BUNDLE", 12, 32, Var),
        Nx(RawAct.NxBundleLoad, "NXAST_BUNDLE_LOAD", 13, 32, Var),
        Nx(RawAct.NxResubmitTable, "NXAST_RESUBMIT_TABLE", 14, 16, 16),
        Nx(RawAct.NxOutputReg, "NXAST_OUTPUT_REG", 15, 24, 24),
        Nx(RawAct.NxLearn, "NXAST_LEARN", 16, 32, Var),
        Nx(RawAct.NxExit, "NXAST_EXIT", 17, 16, 16),
        new(RawAct.NxDecTtl, "NXAST_DEC_TTL", 1, 1, NxVendor, 18, 16, 16),
        Nx(RawAct.NxFinTimeout, "NXAST_FIN_TIMEOUT", 19, 16, 16),
        Nx(RawAct.NxController, "NXAST_CONTROLLER", 20, 16, 16),
        Nx(RawAct.NxDecTtlCntIds, "NXAST_DEC_TTL_CNT_IDS", 21, 16, Var),
        Nx(RawAct.NxWriteMetadata, "NXAST_WRITE_METADATA", 22, 32, 32),
        new(RawAct.NxPushMpls, "NXAST_PUSH_MPLS", 1, 1, NxVendor, 23, 16, 16),
        new(RawAct.NxPopMpls, "NXAST_POP_MPLS", 1, 1, NxVendor, 24, 16, 16),
        new(RawAct.NxSetMplsTtl, "NXAST_SET_MPLS_TTL", 1, 1, NxVendor, 25, 16, 16),
        new(RawAct.NxDecMplsTtl, "NXAST_DEC_MPLS_TTL", 1, 1, NxVendor, 26, 16, 16),
        Nx(RawAct.NxStackPush, "NXAST_STACK_PUSH", 27, 24, 24),
        Nx(RawAct.NxStackPop, "NXAST_STACK_POP", 28, 24, 24),
        Nx(RawAct.NxSample, "NXAST_SAMPLE", 29, 24, 24),
        new(RawAct.NxSetMplsLabel, "NXAST_SET_MPLS_LABEL", 1, 1, NxVendor, 30, 16, 16),
        new(RawAct.NxSetMplsTc, "NXAST_SET_MPLS_TC", 1, 1, NxVendor, 31, 16, 16),
        Nx(RawAct.NxOutputReg2, "NXAST_OUTPUT_REG2", 32, 24, Var),
        new(RawAct.NxRegLoad2, "NXAST_REG_LOAD2", 1, 5, NxVendor, 33, 16, Var),
        Nx(RawAct.NxConjunction, "NXAST_CONJUNCTION", 34, 16, 16),
        Nx(RawAct.NxCt, "NXAST_CT", 35, 24, Var),
        Nx(RawAct.NxNat, "NXAST_NAT", 36, 16, Var),
        Nx(RawAct.NxController2, "NXAST_CONTROLLER2", 37, 16, Var),
        Nx(RawAct.NxSample2, "NXAST_SAMPLE2", 38, 32, 32),
        Nx(RawAct.NxOutputTrunc, "NXAST_OUTPUT_TRUNC", 39, 16, 16),
        new(RawAct.NxGroup, "NXAST_GROUP", 1, 1, NxVendor, 40, 16, 16),
        Nx(RawAct.NxSample3, "NXAST_SAMPLE3", 41, 32, 32),
        Nx(RawAct.NxClone, "NXAST_CLONE", 42, 16, Var),
        Nx(RawAct.NxCtClear, "NXAST_CT_CLEAR", 43, 16, 16),
        Nx(RawAct.NxResubmitTableCt, "NXAST_RESUBMIT_TABLE_CT", 44, 16, 16),
        Nx(RawAct.NxLearn2, "NXAST_LEARN2", 45, 40, Var),
        new(RawAct.NxEncap, "NXAST_ENCAP", 4, 6, NxVendor, 46, 16, Var),
        new(RawAct.NxDecap, "NXAST_DECAP", 4, 6, NxVendor, 47, 16, 16),
        new(RawAct.NxDecNshTtl, "NXAST_DEC_NSH_TTL", 4, 6, NxVendor, 48, 16, 16),
        Nx(RawAct.NxCheckPktLarger, "NXAST_CHECK_PKT_LARGER", 49, 24, 24),
        Nx(RawAct.NxDeleteField, "NXAST_DELETE_FIELD", 50, 24, 24),
        Nx(RawAct.NxDebugSlow, "NXAST_DEBUG_SLOW", 254, 16, 16),
        Nx(RawAct.NxDebugRecirc, "NXAST_DEBUG_RECIRC", 255, 16, 16),

        new(RawAct.Onf13CopyField, "ONFACT_COPY_FIELD", 4, 5, OnfVendor, 3200, 24, Var),
    ];

    private static readonly FrozenDictionary<(byte Version, uint Vendor, ushort Type), RawActInfo> s_byWire = BuildByWire();

    private static readonly FrozenDictionary<(RawAct Raw, byte Version), RawActInfo> s_byRaw = BuildByRaw();

    public static RawActInfo? Find(byte version, uint vendor, ushort type) => s_byWire.GetValueOrDefault((version, vendor, type));

    /// <summary>The wire encoding of <paramref name="raw"/> in <paramref name="version"/>, or null if it has none.</summary>
    public static RawActInfo? Encoding(RawAct raw, byte version) => s_byRaw.GetValueOrDefault((raw, version));

    private static RawActInfo Nx(RawAct raw, string name, ushort subtype, int min, int max) => new(raw, name, 1, 6, NxVendor, subtype, min, max);

    private static FrozenDictionary<(byte, uint, ushort), RawActInfo> BuildByWire()
    {
        var d = new Dictionary<(byte, uint, ushort), RawActInfo>();
        foreach (RawActInfo row in s_rows)
        {
            for (byte v = row.MinVersion; v <= row.MaxVersion; v++)
            {
                d[(v, row.Vendor, row.Type)] = row;
            }
        }

        return d.ToFrozenDictionary();
    }

    private static FrozenDictionary<(RawAct, byte), RawActInfo> BuildByRaw()
    {
        var d = new Dictionary<(RawAct, byte), RawActInfo>();
        foreach (RawActInfo row in s_rows)
        {
            for (byte v = row.MinVersion; v <= row.MaxVersion; v++)
            {
                d[(row.Raw, v)] = row;
            }
        }

        return d.ToFrozenDictionary();
    }
}
