// Upstream: xlate_normal(), xlate_normal_flood(), output_normal(), input_vid_is_valid(), xvlan_*(),
// xbundle_includes_vlan(), is_admissible(), is_gratuitous_arp(), update_learning_table() of
// ofproto/ofproto-dpif-xlate.c (OVS 3.1), behaviour only.
// The NORMAL action: a VLAN-aware learning switch. The input bundle's VLAN configuration says which VLAN the packet
// belongs to (or that it must be dropped); the source address is learned on the input bundle; the packet goes to
// the bundle its destination was learned on, or is flooded to every other floodable bundle in its VLAN; each output
// carries the VLAN tags the output bundle's configuration calls for. Bonds, mirrors and multicast snooping are not
// implemented: a bundle outputs to its first port and multicast is flooded.
using System.Globalization;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const ushort VlanVidMask = 0x0fff;
    private const ushort VlanPcpMask = 0xe000;
    private const ushort OfppNone10 = 0xffff;
    private const byte ArpOpRequest = 1, ArpOpReply = 2;

    /// <summary>The bundle of packets a controller sends from OFPP_NONE or OFPP_CONTROLLER: any VLAN, no learning.</summary>
    private static readonly XlateBundle s_noneBundle = new("OFPP_NONE", PortVlanMode.Trunk, -1, null, null, PriorityTagsMode.Never, 0);

    /// <summary>Whether this translation may change state from its packet: MAC learning, learn and fin_timeout actions.</summary>
    private bool _mayLearn;

    /// <summary>How many times this translation retired datapath flows because it changed the MAC table.</summary>
    private int _macInvalidations;

    /// <summary>A packet's VLAN stack as NORMAL reasons about it (upstream struct xvlan): TPID, VID and PCP bits.</summary>
    private struct XVlan
    {
        public ushort Tpid0, Vid0, Pcp0, Tpid1, Vid1, Pcp1;

        public void Pop()
        {
            (Tpid0, Vid0, Pcp0) = (Tpid1, Vid1, Pcp1);
            (Tpid1, Vid1, Pcp1) = (0, 0, 0);
        }

        public void PushUninit()
        {
            (Tpid1, Vid1, Pcp1) = (Tpid0, Vid0, Pcp0);
            (Tpid0, Vid0, Pcp0) = (0, 0, 0);
        }
    }

    private static ulong Mac(in FlowData flow, int offset) => ((ulong)flow.U16(offset) << 32) | flow.U32(offset + 2);

    private void NormalAction()
    {
        if (_bridge.Normal is not { } normal)
        {
            Report(TraceNodeType.Warn, "NORMAL is not available on this bridge");
            return;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlSrc, 6);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlDst, 6);
        VlanHeaders.SetTci(ref _wc.Masks, 0, (ushort)(VlanHeaders.Tci(in _wc.Masks, 0) | VlanVidMask | VlanHeaders.Cfi));

        XlatePort? inPort = _bridge.Ports.ByOfPort(InPort);
        XlateBundle? inBundle = inPort is not null ? normal.BundleOf(InPort) : null;
        if (inBundle is null && InPort is OfpPorts.Controller or OfppNone10)
        {
            inBundle = s_noneBundle;
        }

        if (inBundle is null)
        {
            ReportError(string.Create(CultureInfo.InvariantCulture, $"received packet on unknown port {InPort}"));
            Report(TraceNodeType.Warn, "no input bundle, dropping");
            return;
        }

        ushort dlType = _flow.U16(FlowLayout.DlType);
        if (dlType is Ovs.Flow.Packets.EthType.Vlan8021Q or Ovs.Flow.Packets.EthType.Vlan8021AD
            && (VlanHeaders.Tci(in _flow, 0) & VlanHeaders.Cfi) == 0)
        {
            Report(TraceNodeType.Warn, "partial VLAN tag, dropping");
            return;
        }

        XVlan inVlan = ExtractVlans(in _flow);
        if (!InputVidIsValid(inVlan.Vid0, inBundle))
        {
            Report(TraceNodeType.Warn, "disallowed VLAN VID for this input port, dropping");
            return;
        }

        XVlan xvlan = InputTranslate(inBundle, inVlan);
        int vlan = xvlan.Vid0;

        if (!normal.ForwardBpdu && IsReservedMac(Mac(in _flow, FlowLayout.DlDst)))
        {
            Report(TraceNodeType.Detail, "packet has reserved destination MAC, dropping");
            return;
        }

        bool gratuitousArp = IsGratuitousArp();
        if (_mayLearn && _flow.U32(FlowLayout.PacketType) == 0 && inPort is not null && !ReferenceEquals(inBundle, s_noneBundle))
        {
            ulong src = Mac(in _flow, FlowLayout.DlSrc);
            if (normal.Macs.Update(src, vlan, inBundle.Name, gratuitousArp, isBond: false))
            {
                _macInvalidations++;
                normal.MacTableChanged();
                Report(TraceNodeType.Detail, string.Create(CultureInfo.InvariantCulture,
                    $"learned that {FormatMac(src)} is on port {inBundle.Name} in VLAN {vlan}"));
            }
        }

        string? macPort = normal.Macs.Lookup(Mac(in _flow, FlowLayout.DlDst), vlan);
        if (macPort is null)
        {
            Report(TraceNodeType.Detail, "no learned MAC for destination, flooding");
            NormalFlood(normal, inBundle, xvlan);
            return;
        }

        XlateBundle? macBundle = normal.BundleNamed(macPort);
        if (macBundle is null)
        {
            Report(TraceNodeType.Warn, "learned port is unknown, dropping");
        }
        else if (macBundle.Name != inBundle.Name)
        {
            Report(TraceNodeType.Detail, "forwarding to learned port");
            OutputNormal(macBundle, xvlan);
        }
        else
        {
            Report(TraceNodeType.Detail, "learned port is input port, dropping");
        }
    }

    private void NormalFlood(IXlateNormal normal, XlateBundle inBundle, XVlan xvlan)
    {
        foreach (XlateBundle bundle in normal.Bundles)
        {
            if (bundle.Name != inBundle.Name && IncludesVlan(bundle, xvlan) && IsFloodable(bundle) && !IsMirrorOutput(bundle))
            {
                OutputNormal(bundle, xvlan);
            }
        }
    }

    /// <summary>A bundle is floodable unless one of its ports has OFPPC_NO_FLOOD.</summary>
    private bool IsFloodable(XlateBundle bundle)
    {
        foreach (ushort p in bundle.Ports)
        {
            if (_bridge.Ports.ByOfPort(p) is { } port && (port.Config & XlatePortConfig.NoFlood) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>output_normal(): the packet with the output bundle's VLAN tags, to the bundle's (first) port.</summary>
    private void OutputNormal(XlateBundle bundle, XVlan xvlan)
    {
        if (bundle.VlanMode == PortVlanMode.Dot1qTunnel && bundle.Cvlans is not null)
        {
            VlanHeaders.SetTci(ref _wc.Masks, 1, 0xffff);
        }

        XVlan outVlan = OutputTranslate(bundle, xvlan);
        if (bundle.PriorityTags != PriorityTagsMode.Never)
        {
            outVlan.Pcp0 = (ushort)(VlanHeaders.Tci(in _flow, 0) & VlanPcpMask);
        }

        if (bundle.Ports.Count == 0)
        {
            return;
        }

        uint oldQtag0 = VlanHeaders.Qtag(in _flow, 0), oldQtag1 = VlanHeaders.Qtag(in _flow, 1);
        PutVlans(ref _flow, outVlan, bundle.PriorityTags);
        ComposeOutput(bundle.Ports[0]);
        VlanHeaders.SetQtag(ref _flow, 0, oldQtag0);
        VlanHeaders.SetQtag(ref _flow, 1, oldQtag1);
    }

    private static XVlan ExtractVlans(in FlowData flow)
    {
        XVlan x = default;
        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            ushort tpid = VlanHeaders.Tpid(in flow, i), tci = VlanHeaders.Tci(in flow, i);
            if (tpid is not (Ovs.Flow.Packets.EthType.Vlan8021Q or Ovs.Flow.Packets.EthType.Vlan8021AD) || (tci & VlanHeaders.Cfi) == 0)
            {
                break;
            }

            if (i == 0)
            {
                (x.Tpid0, x.Vid0, x.Pcp0) = (tpid, (ushort)(tci & VlanVidMask), (ushort)(tci & VlanPcpMask));
            }
            else
            {
                (x.Tpid1, x.Vid1, x.Pcp1) = (tpid, (ushort)(tci & VlanVidMask), (ushort)(tci & VlanPcpMask));
            }
        }

        return x;
    }

    /// <summary>xvlan_put(): writes the VLAN stack into the flow.</summary>
    private static void PutVlans(ref FlowData flow, XVlan x, PriorityTagsMode priorityTags)
    {
        PutVlan(ref flow, 0, x.Tpid0, x.Vid0, x.Pcp0, priorityTags);
        PutVlan(ref flow, 1, x.Tpid1, x.Vid1, x.Pcp1, priorityTags);
    }

    private static void PutVlan(ref FlowData flow, int i, ushort tpid, ushort vid, ushort pcp, PriorityTagsMode priorityTags)
    {
        ushort tci = (ushort)(vid | (pcp & VlanPcpMask));
        if (tci != 0 || (priorityTags == PriorityTagsMode.Always && tpid != 0))
        {
            tci |= VlanHeaders.Cfi;
            VlanHeaders.SetTpid(ref flow, i, tpid != 0 ? tpid : Ovs.Flow.Packets.EthType.Vlan8021Q);
        }

        VlanHeaders.SetTci(ref flow, i, tci);
    }

    /// <summary>input_vid_is_valid().</summary>
    private bool InputVidIsValid(int vid, XlateBundle bundle)
    {
        if (ReferenceEquals(bundle, s_noneBundle))
        {
            return true;
        }

        switch (bundle.VlanMode)
        {
            case PortVlanMode.Access:
                if (vid != 0)
                {
                    ReportError(string.Create(CultureInfo.InvariantCulture,
                        $"dropping VLAN {vid} tagged packet received on port {bundle.Name} configured as VLAN {bundle.Vlan} access port"));
                    return false;
                }

                return true;
            case PortVlanMode.NativeTagged or PortVlanMode.NativeUntagged or PortVlanMode.Trunk:
                if (vid == 0 && bundle.VlanMode != PortVlanMode.Trunk)
                {
                    return true;
                }

                if (!bundle.TrunksVlan(vid))
                {
                    ReportError(string.Create(CultureInfo.InvariantCulture,
                        $"dropping VLAN {vid} packet received on port {bundle.Name} not configured for trunking VLAN {vid}"));
                    return false;
                }

                return true;
            default:
                if (!bundle.AllowsCvlan(vid))
                {
                    ReportError(string.Create(CultureInfo.InvariantCulture,
                        $"dropping VLAN {vid} packet received on dot1q-tunnel port {bundle.Name} that excludes this VLAN"));
                    return false;
                }

                return true;
        }
    }

    /// <summary>xvlan_input_translate(): the packet's VLANs inside the bridge.</summary>
    private static XVlan InputTranslate(XlateBundle bundle, XVlan input)
    {
        XVlan x = input;
        switch (bundle.VlanMode)
        {
            case PortVlanMode.Access:
                x = default;
                x.Tpid0 = input.Tpid0 != 0 ? input.Tpid0 : Ovs.Flow.Packets.EthType.Vlan8021Q;
                x.Vid0 = (ushort)bundle.Vlan;
                x.Pcp0 = input.Pcp0;
                break;
            case PortVlanMode.NativeTagged or PortVlanMode.NativeUntagged:
                if (input.Vid0 == 0)
                {
                    x.Tpid0 = input.Tpid0 != 0 ? input.Tpid0 : Ovs.Flow.Packets.EthType.Vlan8021Q;
                    x.Vid0 = (ushort)bundle.Vlan;
                }

                break;
            case PortVlanMode.Dot1qTunnel:
                x.PushUninit();
                x.Tpid0 = bundle.QinqEthType;
                x.Vid0 = (ushort)bundle.Vlan;
                break;
        }

        return x;
    }

    /// <summary>xvlan_output_translate(): the VLANs a packet leaves through <paramref name="bundle"/> with.</summary>
    private static XVlan OutputTranslate(XlateBundle bundle, XVlan x)
    {
        switch (bundle.VlanMode)
        {
            case PortVlanMode.Access:
                return default;
            case PortVlanMode.NativeUntagged:
                if (x.Vid0 == bundle.Vlan)
                {
                    x.Pop();
                }

                return x;
            case PortVlanMode.Dot1qTunnel:
                x.Pop();
                return x;
            default:
                return x;
        }
    }

    /// <summary>xbundle_includes_vlan().</summary>
    private static bool IncludesVlan(XlateBundle bundle, XVlan x) => bundle.VlanMode switch
    {
        PortVlanMode.Access => x.Vid0 == bundle.Vlan && x.Vid1 == 0,
        PortVlanMode.Dot1qTunnel => x.Vid0 == bundle.Vlan && bundle.AllowsCvlan(x.Vid1),
        _ => bundle.TrunksVlan(x.Vid0),
    };

    /// <summary>is_gratuitous_arp(): an ARP reply, or a request for the sender's own address, to broadcast.</summary>
    private bool IsGratuitousArp()
    {
        if (_flow.U16(FlowLayout.DlType) != Ovs.Flow.Packets.EthType.Arp)
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlDst, 6);
        if (Mac(in _flow, FlowLayout.DlDst) != 0xffff_ffff_ffffUL)
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
        switch (_flow.U8(FlowLayout.NwProto))
        {
            case ArpOpReply:
                return true;
            case ArpOpRequest:
                FlowEdit.Unwildcard(ref _wc, FlowLayout.NwSrc, 4);
                FlowEdit.Unwildcard(ref _wc, FlowLayout.NwDst, 4);
                return _flow.U32(FlowLayout.NwSrc) == _flow.U32(FlowLayout.NwDst);
            default:
                return false;
        }
    }

    /// <summary>eth_addr_is_reserved(): addresses of STP, pause frames and other link-local protocols.</summary>
    internal static bool IsReservedMac(ulong mac) =>
        (mac & ~0xfUL) == 0x0180c2000000UL
        || mac is 0x00e02b000000UL or 0x00e02b000004UL or 0x00e02b000006UL
        || mac is 0x01000c000000UL or 0x01000cccccccUL or 0x01000ccccccdUL or 0x01000ccdcdcdUL
        || (mac & ~0x7UL) == 0x01000cccccc0UL;

    internal static string FormatMac(ulong mac) => string.Create(CultureInfo.InvariantCulture,
        $"{(byte)(mac >> 40):x2}:{(byte)(mac >> 32):x2}:{(byte)(mac >> 24):x2}:{(byte)(mac >> 16):x2}:{(byte)(mac >> 8):x2}:{(byte)mac:x2}");
}
