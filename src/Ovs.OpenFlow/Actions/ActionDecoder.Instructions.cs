// Upstream: ofpacts_pull_openflow_instructions() and decode_openflow11_instructions() of lib/ofp-actions.c
// (OVS 3.1)
//
// OpenFlow 1.1+ instructions: each instruction type at most once, in any order on the wire; the decoded list puts
// them in canonical order (meter, apply-actions, clear-actions, write-actions, write-metadata, goto-table).
// OpenFlow 1.0 has no instructions: its "instructions" are a plain action list that may include the Nicira
// write_metadata and the other instruction-like actions.
using System.Globalization;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionDecoder
{
    private const ushort ItGotoTable = 1;
    private const ushort ItWriteMetadata = 2;
    private const ushort ItWriteActions = 3;
    private const ushort ItApplyActions = 4;
    private const ushort ItClearActions = 5;
    private const ushort ItMeter = 6;

    public OfpError DecodeInstructions(ReadOnlySpan<byte> data, List<OfpAct> output)
    {
        if (Version == 1)
        {
            return DecodeActions(data, AllInstructions, null, output);
        }

        if (data.Length % 8 != 0)
        {
            Warn(string.Create(CultureInfo.InvariantCulture, $"OpenFlow message instructions length {data.Length} is not a multiple of 8"));
            return OfpError.OfpbicBadLen;
        }

        // Offsets of each instruction type seen, by type (1..6).
        Span<int> at = [-1, -1, -1, -1, -1, -1, -1];
        int pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 8)
            {
                return OfpError.OfpbicBadLen;
            }

            ushort type = U16(data, pos);
            int len = U16(data, pos + 2);
            if (len == 0 || len % 8 != 0 || len > data.Length - pos)
            {
                Warn(string.Create(CultureInfo.InvariantCulture, $"bad instruction format at offset {pos}"));
                return OfpError.OfpbicBadLen;
            }

            if (type == 0xffff)
            {
                return OfpError.OfpbicBadExperimenter;
            }

            bool ok = type switch
            {
                ItGotoTable or ItClearActions or ItMeter => len == 8,
                ItWriteMetadata => len == 24,
                ItWriteActions or ItApplyActions => len >= 8,
                _ => true,
            };
            if (type is 0 or > ItMeter || (type == ItMeter && Version >= 6))
            {
                return OfpError.OfpbicUnknownInst;
            }

            if (!ok)
            {
                return OfpError.OfpbicBadLen;
            }

            if (at[type] >= 0)
            {
                return OfpError.OfpbicDupInst;
            }

            at[type] = pos;
            pos += len;
        }

        if (at[ItMeter] >= 0)
        {
            output.Add(new MeterAct(U32(data, at[ItMeter] + 4)));
        }

        if (at[ItApplyActions] >= 0)
        {
            int p = at[ItApplyActions];
            OfpError error = DecodeList(data.Slice(p + 8, U16(data, p + 2) - 8), output, null);
            if (error != OfpError.None)
            {
                return error;
            }
        }

        if (at[ItClearActions] >= 0)
        {
            output.Add(new SimpleAct(OfpActKind.ClearActions));
        }

        if (at[ItWriteActions] >= 0)
        {
            int p = at[ItWriteActions];
            var nested = new List<OfpAct>();
            OfpError error = DecodeList(data.Slice(p + 8, U16(data, p + 2) - 8), nested, OfpActKind.WriteActions);
            if (error == OfpError.None)
            {
                error = VerifyActionSet(nested);
            }

            if (error != OfpError.None)
            {
                return error;
            }

            output.Add(new NestedAct(OfpActKind.WriteActions, nested));
        }

        if (at[ItWriteMetadata] >= 0)
        {
            int p = at[ItWriteMetadata];
            output.Add(new WriteMetadataAct(U64(data, p + 8), U64(data, p + 16)));
        }

        if (at[ItGotoTable] >= 0)
        {
            output.Add(new GotoTableAct(data[at[ItGotoTable] + 4]));
        }

        return Verify(output, AllInstructions, null);
    }

    /// <summary>
    /// ofpacts_decode_for_action_set(): an action set holds at most one action of each kind (a few kinds may
    /// repeat) and only the kinds an action set can carry.
    /// </summary>
    private OfpError VerifyActionSet(List<OfpAct> actions)
    {
        OfpError error = Verify(actions, ApplyActionsOnly, OfpActKind.WriteActions);
        if (error != OfpError.None)
        {
            return error;
        }

        foreach (OfpAct a in actions)
        {
            bool allowed = a.Kind switch
            {
                OfpActKind.Output or OfpActKind.Group or OfpActKind.SetField or OfpActKind.SetVlanVid
                    or OfpActKind.SetVlanPcp or OfpActKind.StripVlan or OfpActKind.PushVlan or OfpActKind.SetEthSrc
                    or OfpActKind.SetEthDst or OfpActKind.SetIpv4Src or OfpActKind.SetIpv4Dst or OfpActKind.SetIpDscp
                    or OfpActKind.SetIpEcn or OfpActKind.SetIpTtl or OfpActKind.SetL4SrcPort or OfpActKind.SetL4DstPort
                    or OfpActKind.DecTtl or OfpActKind.SetMplsLabel or OfpActKind.SetMplsTc or OfpActKind.SetMplsTtl
                    or OfpActKind.DecMplsTtl or OfpActKind.PushMpls or OfpActKind.PopMpls or OfpActKind.SetTunnel
                    or OfpActKind.SetQueue or OfpActKind.Controller or OfpActKind.Enqueue or OfpActKind.OutputReg
                    or OfpActKind.OutputTrunc or OfpActKind.RegMove or OfpActKind.Ct or OfpActKind.CtClear or OfpActKind.Nat
                    or OfpActKind.Clone or OfpActKind.Encap or OfpActKind.Decap or OfpActKind.DecNshTtl => true,
                _ => false,
            };
            if (!allowed)
            {
                Warn("disallowed action in action set");
                return OfpError.OfpbacBadType;
            }
        }

        return OfpError.None;
    }
}
