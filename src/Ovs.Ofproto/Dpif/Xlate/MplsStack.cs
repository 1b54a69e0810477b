// Upstream: flow_count_mpls_labels(), flow_count_common_mpls_labels(), flow_push_mpls(), flow_pop_mpls() of
// lib/flow.c and commit_mpls_action() of lib/odp-util.c (OVS 3.1).
// The flow's MPLS label stack entries (up to three) as translation changes them, and the datapath actions that
// bring the packet's stack in line with the flow's.
using System.Buffers.Binary;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Packets;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class MplsStack
{
    public const int Max = 3;
    public const uint LabelMask = 0xfffff000, TcMask = 0x00000e00, BosMask = 0x00000100, TtlMask = 0x000000ff;

    private static int Offset(int i) => i switch
    {
        0 => FlowLayout.MplsLse,
        1 => FlowLayout.MplsLse1,
        _ => FlowLayout.MplsLse2,
    };

    public static uint Get(in FlowData flow, int i) => flow.U32(Offset(i));

    public static void Set(ref FlowData flow, int i, uint lse) => flow.SetU32(Offset(i), lse);

    public static void OrMask(ref FlowWildcards wc, int i, uint bits) => Set(ref wc.Masks, i, Get(in wc.Masks, i) | bits);

    /// <summary>flow_count_mpls_labels(): entries up to the bottom of stack; the BOS bits looked at join the megaflow.</summary>
    public static int Count(in FlowData flow, ref FlowWildcards wc, bool track = true)
    {
        if (!EthType.IsMpls(flow.U16(FlowLayout.DlType)))
        {
            return 0;
        }

        int count = 0;
        for (int i = 0; i < Max; i++)
        {
            if (track)
            {
                OrMask(ref wc, i, BosMask);
            }

            uint lse = Get(in flow, i);
            if ((lse & BosMask) != 0)
            {
                return i + 1;
            }

            if (lse != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>flow_push_mpls(): a new outer entry, copied from the old outer one or made from the IP header.</summary>
    public static void Push(ref FlowData flow, int n, ushort ethertype, ref FlowWildcards wc, bool track, bool clearL3)
    {
        if (n > 0)
        {
            for (int i = 0; i < n && track; i++)
            {
                Set(ref wc.Masks, i, uint.MaxValue);
            }

            for (int i = n; i >= 1; i--)
            {
                Set(ref flow, i, Get(in flow, i - 1));
            }

            Set(ref flow, 0, Get(in flow, 1) & ~BosMask);
        }
        else
        {
            ushort dlType = flow.U16(FlowLayout.DlType);
            uint label = dlType == EthType.Ipv6 ? 2u : 0u;
            uint tc = 0, ttl = 64;
            if (EthType.IsIp(dlType))
            {
                tc = (uint)(flow.U8(FlowLayout.NwTos) & 0xfc) >> 2;
                if (track)
                {
                    wc.Masks.SetU8(FlowLayout.NwTos, (byte)(wc.Masks.U8(FlowLayout.NwTos) | 0xfc));
                    wc.Masks.SetU8(FlowLayout.NwTtl, 0xff);
                }

                if (flow.U8(FlowLayout.NwTtl) != 0)
                {
                    ttl = flow.U8(FlowLayout.NwTtl);
                }
            }

            Set(ref flow, 0, (label << 12) | ((tc & 7) << 9) | BosMask | (ttl & 0xff));
            if (clearL3)
            {
                flow.Bytes[FlowLayout.NwSrc..FlowLayout.TunMetadataPresent].Clear();
                flow.SetU32(FlowLayout.DpHash, 0);
            }
        }

        flow.SetU16(FlowLayout.DlType, ethertype);
    }

    /// <summary>flow_pop_mpls(): false when there is nothing to pop (or the stack is too deep to know its bottom).</summary>
    public static bool Pop(ref FlowData flow, int n, ushort ethertype, ref FlowWildcards wc, bool track)
    {
        if (n == 0)
        {
            return false;
        }

        if (n == Max)
        {
            if (track)
            {
                OrMask(ref wc, n - 1, BosMask);
            }

            if ((Get(in flow, n - 1) & BosMask) == 0)
            {
                return false;
            }
        }

        for (int i = 1; i < n && track; i++)
        {
            Set(ref wc.Masks, i, uint.MaxValue);
        }

        for (int i = 1; i < n; i++)
        {
            Set(ref flow, i - 1, Get(in flow, i));
        }

        Set(ref flow, n - 1, 0);
        flow.SetU16(FlowLayout.DlType, ethertype);
        return true;
    }

    /// <summary>commit_mpls_action(): pop, set or push entries until the packet's stack is the flow's.</summary>
    public static void Commit(in FlowData flow, ref FlowData baseFlow, OdpActionBuffer actions)
    {
        FlowWildcards none = default;
        int baseN = Count(in baseFlow, ref none, track: false);
        int flowN = Count(in flow, ref none, track: false);
        int commonN = 0;
        for (int i = 0; i < Math.Min(baseN, flowN); i++)
        {
            if (Get(in baseFlow, baseN - 1 - i) != Get(in flow, flowN - 1 - i))
            {
                break;
            }

            commonN++;
        }

        ushort flowType = flow.U16(FlowLayout.DlType);
        while (baseN > commonN)
        {
            if (baseN - 1 == commonN && flowN > commonN)
            {
                uint lse = Get(in flow, flowN - baseN);
                int nested = actions.BeginNested(OdpActionAttr.Set);
                BinaryPrimitives.WriteUInt32BigEndian(actions.Put(OdpKeyAttr.Mpls, 4), lse);
                actions.EndNested(nested);
                Set(ref baseFlow, 0, lse);
                commonN++;
            }
            else
            {
                ushort type = !EthType.IsMpls(flowType) && baseN > 1 ? EthType.Mpls : flowType;
                actions.PutBe16(OdpActionAttr.PopMpls, type);
                Pop(ref baseFlow, baseN, flowType, ref none, track: false);
                baseN--;
            }
        }

        while (baseN < flowN)
        {
            Span<byte> p = actions.Put(OdpActionAttr.PushMpls, 6);
            uint lse = Get(in flow, flowN - baseN - 1);
            BinaryPrimitives.WriteUInt32BigEndian(p, lse);
            BinaryPrimitives.WriteUInt16BigEndian(p[4..], flowType);
            Push(ref baseFlow, baseN, flowType, ref none, track: false, clearL3: false);
            Set(ref baseFlow, 0, lse);
            baseN++;
        }
    }
}
