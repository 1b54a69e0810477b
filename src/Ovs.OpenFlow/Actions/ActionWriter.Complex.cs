// Upstream: encode_NAT() and encode_LEARN() of lib/ofp-actions.c (OVS 3.1): the Nicira actions with nested
// properties or specs.
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionWriter
{
    private void PutNat(NatAct nat)
    {
        int s = Nx(36);
        Zeros(2);
        U16(nat.Flags);
        int present = 0;
        if (nat.Family == 4)
        {
            present |= 1;
            if (nat.Ipv4Max != 0)
            {
                present |= 2;
            }
        }
        else if (nat.Family == 6)
        {
            present |= 4;
            if (!nat.Ipv6Max.Equals(default(Ovs.Flow.Packets.Ipv6Address)))
            {
                present |= 8;
            }
        }

        if (nat.ProtoMin != 0)
        {
            present |= 0x10;
            if (nat.ProtoMax != 0)
            {
                present |= 0x20;
            }
        }

        U16(present);
        if ((present & 1) != 0)
        {
            U32(nat.Ipv4Min);
        }

        if ((present & 2) != 0)
        {
            U32(nat.Ipv4Max);
        }

        Span<byte> b = stackalloc byte[16];
        if ((present & 4) != 0)
        {
            nat.Ipv6Min.Write(b);
            Bytes(b);
        }

        if ((present & 8) != 0)
        {
            nat.Ipv6Max.Write(b);
            Bytes(b);
        }

        if ((present & 0x10) != 0)
        {
            U16(nat.ProtoMin);
        }

        if ((present & 0x20) != 0)
        {
            U16(nat.ProtoMax);
        }

        PatchLength(s);
    }

    private void PutLearn(LearnAct l)
    {
        bool learn2 = l.Learn2 || l.Limit != 0 || l.ResultDst is not null;
        int s = Nx(learn2 ? 45 : 16);
        U16(l.IdleTimeout);
        U16(l.HardTimeout);
        U16(l.Priority);
        U64(l.Cookie);
        U16(l.Flags);
        U8(l.TableId);
        Zeros(1);
        U16(l.FinIdleTimeout);
        U16(l.FinHardTimeout);
        if (learn2)
        {
            U32(l.Limit);
            U16(l.ResultDst?.Offset ?? 0);
            Zeros(2);
            if (l.ResultDst is { } rd)
            {
                Header(rd.Field, 0);
            }
        }

        foreach (LearnSpec spec in l.Specs)
        {
            U16((spec.SrcIsImmediate ? LearnSpec.SrcImmediate : 0) | spec.DstType | spec.NBits);
            if (spec.SrcIsImmediate)
            {
                int bytes = 2 * ((spec.NBits + 15) / 16);
                var buf = new byte[bytes];
                for (int k = 0; k < spec.NBits; k++)
                {
                    OfpActText.SetBit(buf, k, OfpActText.GetBit(spec.Immediate, k));
                }

                Bytes(buf);
            }
            else
            {
                U32(NxmHeaderWord(spec.Src.Field));
                U16(spec.Src.Offset);
            }

            if (spec.DstType != LearnSpec.DstOutput)
            {
                U32(NxmHeaderWord(spec.Dst.Field));
                U16(spec.Dst.Offset);
            }
        }

        PatchLength(s);
    }
}
