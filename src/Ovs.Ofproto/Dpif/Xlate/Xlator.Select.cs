// Upstream: pick_select_group(), pick_default_select_group(), pick_hash_fields_select_group(),
// pick_dp_hash_select_group() and group_best_live_bucket() of ofproto/ofproto-dpif-xlate.c, flow_mask_hash_fields()
// (NX_HASH_FIELDS_SYMMETRIC_L4) of lib/flow.c (OVS 3.1).
//
// A select group's bucket. With dp_hash (SelectHashing.cs decides the method when the group is made) the first
// translation has no hash yet: it freezes, and the datapath hashes the packet and recirculates it; after the thaw
// the masked dp_hash indexes the group's hash-to-bucket map (the first live bucket from there on), and the
// megaflow matches those dp_hash bits. The other methods hash in translation: the symmetric L4 fields by default,
// or the group's fields (masked) with selection method "hash"; each live bucket scores hash_int(bucket_id, hash)
// scaled by its weight, and the highest score (the last one among equals) wins. The hashed fields go into the
// megaflow.
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Ofproto.Dpif.Trace;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    /// <summary>pick_select_group(): the bucket, or null (no live bucket, or translation froze for a recirculation).</summary>
    private XlateBucket? PickSelectBucket(XlateGroup group)
    {
        // Select groups may look beyond L2: after an MPLS pop the packet must be parsed again first.
        if (_wasMpls)
        {
            TriggerFreeze();
            return null;
        }

        return group.Selection.Method switch
        {
            SelectMethod.DpHash => PickByDpHash(group),
            SelectMethod.Hash => BestLiveBucket(group, HashGroupFields(group)),
            _ => BestLiveBucket(group, DefaultSelectHash()),
        };
    }

    /// <summary>pick_dp_hash_select_group().</summary>
    private XlateBucket? PickByDpHash(XlateGroup group)
    {
        // Computed dp_hash values are never 0: 0 means the datapath has not hashed this packet yet.
        uint dpHash = _flow.U32(FlowLayout.DpHash);
        SelectHashing s = group.Selection;
        if (dpHash == 0)
        {
            TriggerRecirculateWithHash(s.HashAlgorithm, s.HashBasis);
            return null;
        }

        _wc.Masks.SetU32(FlowLayout.DpHash, _wc.Masks.U32(FlowLayout.DpHash) | s.HashMask);
        for (uint i = 0; i <= s.HashMask; i++)
        {
            XlateBucket b = group.Buckets[s.HashMap[(dpHash + i) & s.HashMask]];
            if (BucketIsAlive(group, b, 0))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>pick_default_select_group(): the symmetric L4 hash, with its fields in the megaflow.</summary>
    private uint DefaultSelectHash()
    {
        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlSrc, 6);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlDst, 6);
        ushort dlType = _flow.U16(FlowLayout.DlType);
        if (dlType == EthType.Ip)
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.NwSrc, 4);
            FlowEdit.Unwildcard(ref _wc, FlowLayout.NwDst, 4);
        }
        else if (dlType == EthType.Ipv6)
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.Ipv6Src, 16);
            FlowEdit.Unwildcard(ref _wc, FlowLayout.Ipv6Dst, 16);
        }

        if (FlowEdit.IsIpAny(in _flow))
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
            byte proto = _flow.U8(FlowLayout.NwProto);
            if (proto == IpProto.Icmp)
            {
                _wc.Masks.SetU16(FlowLayout.TpSrc, (ushort)(_wc.Masks.U16(FlowLayout.TpSrc) | 0xff));
                _wc.Masks.SetU16(FlowLayout.TpDst, (ushort)(_wc.Masks.U16(FlowLayout.TpDst) | 0xff));
            }
            else if (proto != IpProto.Udp)
            {
                FlowEdit.Unwildcard(ref _wc, FlowLayout.TpSrc, 4);
            }
        }

        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            VlanHeaders.SetTci(ref _wc.Masks, i, (ushort)(VlanHeaders.Tci(in _wc.Masks, i) | 0x1fff));
        }

        return SelectHash.SymmetricL4(in _flow, 0);
    }

    /// <summary>pick_hash_fields_select_group(): the masked values of the group's fields whose prerequisites hold.</summary>
    private uint HashGroupFields(XlateGroup group)
    {
        uint basis = SelectHash.Uint64(group.Selection.Param);
        Span<byte> buffer = stackalloc byte[128]; // the largest field, tun_metadata, has 124 bytes
        foreach (Ovs.OpenFlow.Messages.GroupHashField hf in group.HashFields)
        {
            FieldInfo field = FieldTable.Get(hf.Field);
            if (!FlowEdit.ArePrereqsOk(field.Prereq, in _flow, ref _wc))
            {
                continue;
            }

            Span<byte> value = buffer[..field.Size];
            FlowEdit.GetValue(in _flow, field, value);
            for (int j = 0; j < value.Length; j++)
            {
                value[j] &= hf.Mask[j];
            }

            basis = SelectHash.Bytes(value, basis);
            if (FieldAccess.IsTunMetadata(field))
            {
                basis = SelectHash.Boolean((_flow.U64(FlowLayout.TunMetadataPresent) & (1UL << (field.Id - FieldId.TunMetadata0))) != 0, basis);
            }

            FlowEdit.Unwildcard(ref _wc, field, hf.Mask);
        }

        return basis;
    }

    /// <summary>group_best_live_bucket(): the live bucket with the highest (last highest) weighted score.</summary>
    private XlateBucket? BestLiveBucket(XlateGroup group, uint basis)
    {
        XlateBucket? best = null;
        uint bestScore = 0;
        foreach (XlateBucket b in group.Buckets)
        {
            if (BucketIsAlive(group, b, 0))
            {
                uint score = (SelectHash.Int(b.BucketId, basis) & 0xffff) * b.Weight;
                if (score >= bestScore)
                {
                    best = b;
                    bestScore = score;
                }

                Report(TraceNodeType.Detail, string.Create(CultureInfo.InvariantCulture, $"bucket {b.BucketId}: score {score}"));
            }
            else if (_tracing)
            {
                ReportBucketNotLive(b);
            }
        }

        return best;
    }
}
