// Upstream: compose_mpls_push_action(), compose_mpls_pop_action(), compose_set_mpls_*_action(),
// compose_dec_mpls_ttl_action() and recirc_for_mpls() of ofproto/ofproto-dpif-xlate.c (OVS 3.1).
// MPLS actions. After the last label is popped the datapath must re-parse the packet before anything looks at
// its L3 header: translation freezes and recirculates (Xlator.Freeze.cs).
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private void PushMpls(ushort ethertype)
    {
        int n = MplsStack.Count(in _flow, ref _wc);
        if (n == 0)
        {
            Commit();
        }
        else if (n >= MplsStack.Max)
        {
            _error = XlateError.TooManyMplsLabels;
            return;
        }

        MplsStack.Push(ref _flow, n, ethertype, ref _wc, track: true, clearL3: true);
    }

    private void PopMpls(ushort ethertype)
    {
        int n = MplsStack.Count(in _flow, ref _wc);
        if (MplsStack.Pop(ref _flow, n, ethertype, ref _wc, track: true))
        {
            if (!EthType.IsMpls(ethertype) && _bridge.Support.Recirc)
            {
                _wasMpls = true;
            }
        }
        else if (n >= MplsStack.Max)
        {
            _error = XlateError.TooManyMplsLabels;
            _odp.Truncate(0);
        }
    }

    private void SetMpls(SetMplsAct a)
    {
        if (!EthType.IsMpls(_flow.U16(FlowLayout.DlType)))
        {
            return;
        }

        (uint mask, int shift) = a.Kind switch
        {
            OfpActKind.SetMplsLabel => (MplsStack.LabelMask, 12),
            OfpActKind.SetMplsTc => (MplsStack.TcMask, 9),
            _ => (MplsStack.TtlMask, 0),
        };
        MplsStack.OrMask(ref _wc, 0, mask);
        uint lse = MplsStack.Get(in _flow, 0);
        MplsStack.Set(ref _flow, 0, (lse & ~mask) | ((a.Value << shift) & mask));
    }

    /// <summary>compose_dec_mpls_ttl_action(): true when the TTL ran out (or the packet is not MPLS).</summary>
    private bool DecMplsTtl()
    {
        if (EthType.IsMpls(_flow.U16(FlowLayout.DlType)))
        {
            uint lse = MplsStack.Get(in _flow, 0);
            uint ttl = lse & MplsStack.TtlMask;
            MplsStack.OrMask(ref _wc, 0, MplsStack.TtlMask);
            if (ttl > 1)
            {
                MplsStack.Set(ref _flow, 0, (lse & ~MplsStack.TtlMask) | (ttl - 1));
                return false;
            }

            ControllerAction(ushort.MaxValue, PacketInReasons.InvalidTtl, 0, []);
        }

        Report(TraceNodeType.Warn, "MPLS decrement TTL exception");
        return true;
    }

    /// <summary>recirc_for_mpls(): after popping the last label, actions that need the L3 header need a recirculation.</summary>
    private void RecircForMpls(OfpAct a)
    {
        if (_exit || !_wasMpls)
        {
            return;
        }

        switch (a)
        {
            case OutputAct or OutputTruncAct or EnqueueAct or OutputRegAct or SetVlanVidAct or SetVlanPcpAct or SetEthAct
                or SetTunnelAct or SetQueueAct or GroupAct:
                return;
            case SetFieldAct sf when !IsL3OrHigher(sf.Field):
                return;
        }

        TriggerFreeze();
    }

    /// <summary>mf_is_l3_or_higher(): the fields from ip_src on, in upstream's field order.</summary>
    private static bool IsL3OrHigher(FieldInfo field) => field.Id >= FieldId.Ipv4Src;
}
