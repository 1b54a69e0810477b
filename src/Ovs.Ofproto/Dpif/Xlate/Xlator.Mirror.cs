// Upstream: mirror_packet(), mirror_ingress_packet(), the mirror parts of xlate_actions(),
// compose_output_action__() and xlate_normal_flood() of ofproto/ofproto-dpif-xlate.c (OVS 3.1), behaviour only.
// Port mirroring in translation. A packet is mirrored when it enters a bundle a mirror selects as a source (before
// the pipeline runs) and each time it is output to a bundle a mirror selects as a destination (after that output).
// A copy goes to the mirror's output bundle, or to every bundle that carries the mirror's output VLAN, with the
// VLAN tags that bundle calls for, truncated to the mirror's snaplen. Each destination gets one copy per
// translation: the mirrors already served (and those sharing their output) are remembered.
using System.Numerics;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    /// <summary>Mirrors this translation already sent a copy to (upstream ctx->mirrors).</summary>
    private uint _mirrored;

    /// <summary>The snaplen of the mirror being output to, 0 outside mirror outputs (upstream ctx->mirror_snaplen).</summary>
    private int _mirrorSnaplen;

    private XlateMirrorSet? ActiveMirrors => _bridge.Mirrors is { IsEmpty: false } set && _bridge.Normal is not null ? set : null;

    /// <summary>
    /// A packet received on a bundle some mirror outputs to is dropped (after the rule lookup); reports it and returns
    /// true then.
    /// </summary>
    private bool ReceivedOnMirrorOutput()
    {
        if (ActiveMirrors is not { } set || _bridge.Normal!.BundleOf(InPort) is not { } bundle || set.OutputMask(bundle.Name) == 0)
        {
            return false;
        }

        ReportError($"dropping packet received on port {bundle.Name}, which is reserved exclusively for mirroring");
        return true;
    }

    /// <summary>mirror_ingress_packet(): mirrors that select the input bundle get the packet as it arrived.</summary>
    private void MirrorIngress()
    {
        if (ActiveMirrors is { } set && _bridge.Normal!.BundleOf(InPort) is { } bundle)
        {
            MirrorPacket(set, bundle, set.SourceMask(bundle.Name));
        }
    }

    /// <summary>After an output to ofPort: mirrors that select its bundle as a destination get the packet too.</summary>
    private void MirrorEgress(ushort ofPort)
    {
        if (ActiveMirrors is { } set && _bridge.Normal!.BundleOf(ofPort) is { } bundle)
        {
            MirrorPacket(set, bundle, set.DestinationMask(bundle.Name));
        }
    }

    /// <summary>Bundles that a mirror outputs to are not flooded to.</summary>
    private bool IsMirrorOutput(XlateBundle bundle) => ActiveMirrors is { } set && set.OutputMask(bundle.Name) != 0;

    /// <summary>The datapath's trunc action before a mirror copy's output, when the mirror has a snaplen.</summary>
    private void PutMirrorTruncate()
    {
        if (_mirrorSnaplen is > 0 and < ushort.MaxValue)
        {
            _odp.PutU32(OdpActionAttr.Trunc, (uint)_mirrorSnaplen);
        }
    }

    /// <summary>mirror_packet(): sends the packet, as seen on bundle, to each of candidates not yet served.</summary>
    private void MirrorPacket(XlateMirrorSet set, XlateBundle bundle, uint candidates)
    {
        XVlan inVlan = ExtractVlans(in _flow);
        if (!InputVidIsValid(inVlan.Vid0, bundle))
        {
            return;
        }

        XVlan xvlan = InputTranslate(bundle, inVlan);
        candidates &= ~_mirrored;
        uint used = 0;
        while (candidates != 0)
        {
            int index = BitOperations.TrailingZeroCount(candidates);
            uint bit = 1u << index;
            if (set.At(index) is not { } mirror)
            {
                candidates &= ~bit;
                continue;
            }

            if (mirror.Vlans is not null)
            {
                VlanHeaders.SetTci(ref _wc.Masks, 0, (ushort)(VlanHeaders.Tci(in _wc.Masks, 0) | VlanVidMask | VlanHeaders.Cfi));
                if (!mirror.Vlans.Contains(xvlan.Vid0))
                {
                    candidates &= ~bit;
                    continue;
                }
            }

            used |= bit;

            // Marked before the copies go out, so that their own egress mirroring does not come back here.
            _mirrored |= set.DuplicatesOf(index);
            _mirrorSnaplen = mirror.Snaplen;
            OutputMirrorCopy(set, mirror, xvlan);
            candidates &= ~_mirrored;
            _mirrorSnaplen = 0;
        }

        if (used != 0)
        {
            _xcache?.Add(set, unchecked((int)used));
        }
    }

    private void OutputMirrorCopy(XlateMirrorSet set, XlateMirror mirror, XVlan xvlan)
    {
        IXlateNormal normal = _bridge.Normal!;
        if (mirror.OutBundle is not null)
        {
            if (normal.BundleNamed(mirror.OutBundle) is { } outBundle)
            {
                OutputNormal(outBundle, xvlan);
            }

            return;
        }

        if (xvlan.Vid0 == mirror.OutVlan || IsReservedProtocolMac(Mac(in _flow, FlowLayout.DlDst)))
        {
            return;
        }

        XVlan outVlan = xvlan;
        outVlan.Vid0 = (ushort)mirror.OutVlan;
        foreach (XlateBundle b in normal.Bundles)
        {
            if (IncludesVlan(b, outVlan) && set.OutputMask(b.Name) == 0)
            {
                OutputNormal(b, outVlan);
            }
        }
    }

    /// <summary>eth_addr_is_reserved_protocol(): 01:80:c2:00:00:00 through 01:80:c2:00:00:0f.</summary>
    private static bool IsReservedProtocolMac(ulong mac) => (mac & ~0xfUL) == 0x0180c2000000UL;
}
