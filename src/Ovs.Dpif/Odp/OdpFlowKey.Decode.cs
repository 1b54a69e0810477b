// Upstream: odp_flow_key_to_flow(), odp_flow_key_to_mask() and their helpers parse_flow_nlattrs(),
// parse_ethertype(), parse_8021q_onward() and parse_l2_5_onward() in lib/odp-util.c (OVS 3.1).
// Decoding collects the top-level attributes (a duplicate or a wrong fixed size is an error; unknown types are
// ignored), reads metadata, then follows the protocol chain the flow's own values select, noting which attributes
// it expected. Attributes present but not expected make the fit TOO_MUCH; expected but absent, TOO_LITTLE.
// A mask is decoded with the same chain, selected by the already decoded flow; absent mask attributes are
// wildcards, except recirc_id, which is exact when the mask does not mention it.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Flow;
using Ovs.Flow.Packets;
using L = Ovs.Flow.FlowLayout;

namespace Ovs.Dpif.Odp;

internal static partial class OdpFlowKey
{
    /// <summary>Decodes a datapath key into flow (cleared first).</summary>
    public static OdpKeyFitness ToFlow(ReadOnlySpan<byte> key, out FlowData flow)
    {
        flow = default;
        FlowData none = default;
        return Decode(key, ref flow, in none, false);
    }

    /// <summary>Decodes the mask attributes that go with flow into mask (cleared first).</summary>
    public static OdpKeyFitness ToMask(ReadOnlySpan<byte> maskAttrs, in FlowData flow, out FlowData mask)
    {
        mask = default;
        return Decode(maskAttrs, ref mask, in flow, true);
    }

    private ref struct Attrs
    {
        public ulong Present;
        public ulong Expected;
        public Span<int> Offsets;
        public Span<int> Sizes;
        public ReadOnlySpan<byte> Data;

        public readonly bool Has(ushort type) => (Present & (1UL << type)) != 0;

        public readonly ReadOnlySpan<byte> Get(ushort type) => Data.Slice(Offsets[type], Sizes[type]);

        public void Expect(ushort type) => Expected |= 1UL << type;
    }

    private static bool Collect(ReadOnlySpan<byte> data, ref Attrs attrs)
    {
        attrs.Present = 0;
        attrs.Expected = 0;
        attrs.Data = data;
        var reader = new NlAttrReader(data);
        while (reader.MoveNext())
        {
            NlAttr a = reader.Current;
            if (a.Type > OdpKeyAttr.Max)
            {
                continue;
            }

            int expected = OdpKeyAttr.ExpectedSize(a.Type);
            if ((expected >= 0 && a.Size != expected) || attrs.Has(a.Type))
            {
                return false;
            }

            attrs.Present |= 1UL << a.Type;
            attrs.Sizes[a.Type] = a.Size;
            attrs.Offsets[a.Type] = reader.Offset - NlAttr.Align(NlAttr.HeaderSize + a.Size) + NlAttr.HeaderSize;
        }

        return reader.Leftover == 0;
    }

    private static OdpKeyFitness Decode(ReadOnlySpan<byte> data, ref FlowData flow, in FlowData src, bool isMask)
    {
        Span<int> offsets = stackalloc int[OdpKeyAttr.Max + 1];
        Span<int> sizes = stackalloc int[OdpKeyAttr.Max + 1];
        var attrs = new Attrs { Offsets = offsets, Sizes = sizes };
        if (!Collect(data, ref attrs))
        {
            return OdpKeyFitness.Error;
        }

        bool tooMuch = false;
        DecodeU32(ref attrs, ref flow, OdpKeyAttr.RecircId, L.RecircId);
        if (!attrs.Has(OdpKeyAttr.RecircId) && isMask)
        {
            flow.SetU32(L.RecircId, uint.MaxValue);
        }

        DecodeU32(ref attrs, ref flow, OdpKeyAttr.DpHash, L.DpHash);
        DecodeU32(ref attrs, ref flow, OdpKeyAttr.Priority, L.SkbPriority);
        DecodeU32(ref attrs, ref flow, OdpKeyAttr.SkbMark, L.PktMark);
        if (attrs.Has(OdpKeyAttr.CtState))
        {
            uint state = UserActionCookie.ReadU32(attrs.Get(OdpKeyAttr.CtState), 0);
            flow.SetU8(L.CtState, (byte)state);
            attrs.Expect(OdpKeyAttr.CtState);
        }

        if (attrs.Has(OdpKeyAttr.CtZone))
        {
            flow.SetU16(L.CtZone, UserActionCookie.ReadU16(attrs.Get(OdpKeyAttr.CtZone), 0));
            attrs.Expect(OdpKeyAttr.CtZone);
        }

        DecodeU32(ref attrs, ref flow, OdpKeyAttr.CtMark, L.CtMark);
        if (attrs.Has(OdpKeyAttr.CtLabels))
        {
            OdpKeyFormatter.HostU128ToBigEndian(attrs.Get(OdpKeyAttr.CtLabels), flow.Bytes.Slice(L.CtLabel, 16));
            attrs.Expect(OdpKeyAttr.CtLabels);
        }

        if (attrs.Has(OdpKeyAttr.CtOrigTupleIpv4))
        {
            ReadOnlySpan<byte> ct = attrs.Get(OdpKeyAttr.CtOrigTupleIpv4);
            ct[..8].CopyTo(flow.Bytes[L.CtNwSrc..]);
            ct.Slice(8, 4).CopyTo(flow.Bytes[L.CtTpSrc..]);
            flow.SetU8(L.CtNwProto, ct[12]);
            attrs.Expect(OdpKeyAttr.CtOrigTupleIpv4);
        }

        if (attrs.Has(OdpKeyAttr.CtOrigTupleIpv6))
        {
            ReadOnlySpan<byte> ct = attrs.Get(OdpKeyAttr.CtOrigTupleIpv6);
            ct[..32].CopyTo(flow.Bytes[L.CtIpv6Src..]);
            ct.Slice(32, 4).CopyTo(flow.Bytes[L.CtTpSrc..]);
            flow.SetU8(L.CtNwProto, ct[36]);
            attrs.Expect(OdpKeyAttr.CtOrigTupleIpv6);
        }

        if (attrs.Has(OdpKeyAttr.Tunnel))
        {
            OdpKeyFitness fit = DecodeTunnel(attrs.Get(OdpKeyAttr.Tunnel), ref flow);
            if (fit == OdpKeyFitness.Error)
            {
                return fit;
            }

            if (fit == OdpKeyFitness.Perfect)
            {
                attrs.Expect(OdpKeyAttr.Tunnel);
            }
        }

        if (attrs.Has(OdpKeyAttr.InPort))
        {
            uint port = UserActionCookie.ReadU32(attrs.Get(OdpKeyAttr.InPort), 0);
            if (!isMask && port > InPortNone)
            {
                return OdpKeyFitness.Error;
            }

            flow.SetU16(L.InPort, isMask && port == uint.MaxValue ? (ushort)0xffff : (ushort)port);
            attrs.Expect(OdpKeyAttr.InPort);
        }
        else if (!isMask)
        {
            flow.SetU16(L.InPort, InPortNone);
        }

        if (attrs.Has(OdpKeyAttr.PacketType))
        {
            uint pt = BinaryPrimitives.ReadUInt32BigEndian(attrs.Get(OdpKeyAttr.PacketType));
            flow.SetU32(L.PacketType, pt);
            attrs.Expect(OdpKeyAttr.PacketType);
            if ((src.U32(L.PacketType) >> 16) == 1 || (!isMask && (pt >> 16) == 1))
            {
                flow.SetU16(L.DlType, (ushort)pt);
            }
        }

        if (attrs.Has(OdpKeyAttr.Ethernet))
        {
            ReadOnlySpan<byte> eth = attrs.Get(OdpKeyAttr.Ethernet);
            eth[..6].CopyTo(flow.Bytes[L.DlSrc..]);
            eth.Slice(6, 6).CopyTo(flow.Bytes[L.DlDst..]);
            if (!isMask)
            {
                flow.SetU32(L.PacketType, 0);
            }

            attrs.Expect(OdpKeyAttr.Ethernet);
        }
        else if (attrs.Has(OdpKeyAttr.Ethertype) && !isMask && !attrs.Has(OdpKeyAttr.PacketType))
        {
            flow.SetU32(L.PacketType, 0x10000u | BinaryPrimitives.ReadUInt16BigEndian(attrs.Get(OdpKeyAttr.Ethertype)));
        }

        OdpKeyFitness l2 = DecodeFromEthertype(ref attrs, ref flow, src, isMask, true, ref tooMuch);
        return Combine(l2, attrs, tooMuch);
    }

    private static OdpKeyFitness Combine(OdpKeyFitness fit, in Attrs attrs, bool tooMuch)
    {
        if (fit != OdpKeyFitness.Perfect)
        {
            return fit;
        }

        if ((attrs.Expected & ~attrs.Present) != 0)
        {
            return OdpKeyFitness.TooLittle;
        }

        return (attrs.Present & ~attrs.Expected) != 0 || tooMuch ? OdpKeyFitness.TooMuch : OdpKeyFitness.Perfect;
    }

    private static void DecodeU32(ref Attrs attrs, ref FlowData flow, ushort type, int offset)
    {
        if (attrs.Has(type))
        {
            flow.SetU32(offset, UserActionCookie.ReadU32(attrs.Get(type), 0));
            attrs.Expect(type);
        }
    }

    /// <summary>parse_ethertype, then the VLAN layer (outermost only) or L2.5 onward.</summary>
    private static OdpKeyFitness DecodeFromEthertype(ref Attrs attrs, ref FlowData flow, in FlowData src, bool isMask, bool outer, ref bool tooMuch)
    {
        if (attrs.Has(OdpKeyAttr.Ethertype))
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(attrs.Get(OdpKeyAttr.Ethertype));
            if (!isMask && type < 0x600)
            {
                return OdpKeyFitness.Error;
            }

            flow.SetU16(L.DlType, type);
            attrs.Expect(OdpKeyAttr.Ethertype);
        }
        else if (!isMask)
        {
            flow.SetU16(L.DlType, attrs.Has(OdpKeyAttr.Ipv4) ? EthType.Ip : attrs.Has(OdpKeyAttr.Ipv6) ? EthType.Ipv6
                : attrs.Has(OdpKeyAttr.Mpls) ? EthType.Mpls : EthType.None);
        }
        else if (src.U32(L.PacketType) != 0)
        {
            // The Ethertype is what tells one non-Ethernet packet from another: always exact.
            flow.SetU16(L.DlType, 0xffff);
        }
        else if (src.U16(L.DlType) < 0x600)
        {
            // An 802.3 frame's key has no Ethertype, so its mask must say explicitly that the (absent) type is
            // matched; upstream rejects the mask ("mask expected for non-Ethernet II frame").
            return OdpKeyFitness.Error;
        }

        ushort dlType = (isMask ? src : flow).U16(L.DlType);
        bool vlan = outer && (isMask ? src.U16(L.VlanTci) != 0 : IsVlan(dlType) && attrs.Has(OdpKeyAttr.Vlan));
        if (!vlan)
        {
            return DecodeL25(ref attrs, ref flow, src, isMask, ref tooMuch);
        }

        return DecodeVlan(ref attrs, ref flow, src, isMask, ref tooMuch);
    }

    /// <summary>parse_8021q_onward for the one VLAN header FlowData holds.</summary>
    private static OdpKeyFitness DecodeVlan(ref Attrs attrs, ref FlowData flow, in FlowData src, bool isMask, ref bool tooMuch)
    {
        attrs.Expect(OdpKeyAttr.Vlan);
        attrs.Expect(OdpKeyAttr.Encap);

        // The outer Ethertype (or its mask) is the header's TPID.
        ushort tpid = flow.U16(L.DlType);
        ushort tci = attrs.Has(OdpKeyAttr.Vlan) ? BinaryPrimitives.ReadUInt16BigEndian(attrs.Get(OdpKeyAttr.Vlan)) : (ushort)0;
        if (!isMask)
        {
            if (!attrs.Has(OdpKeyAttr.Vlan) || !attrs.Has(OdpKeyAttr.Encap))
            {
                return OdpKeyFitness.TooLittle;
            }

            if (tci == 0)
            {
                // A truncated 802.1Q header: no VLAN, the TPID stays as dl_type, and the encap must be empty.
                return attrs.Sizes[OdpKeyAttr.Encap] == 0 ? Combine(OdpKeyFitness.Perfect, attrs, tooMuch) : OdpKeyFitness.Error;
            }

            if ((tci & 0x1000) == 0)
            {
                return OdpKeyFitness.Error;
            }
        }

        flow.SetU16(L.VlanTci, tci);
        flow.SetU16(L.VlanTpid, tpid);
        if (isMask)
        {
            // The ethertype mask at this level belongs to the TPID; the inner one comes from the encap.
            flow.SetU16(L.DlType, 0);
        }

        if (!attrs.Has(OdpKeyAttr.Encap))
        {
            return OdpKeyFitness.Perfect;
        }

        ulong outerPresent = attrs.Present & ~((1UL << OdpKeyAttr.Encap) | (1UL << OdpKeyAttr.Vlan) | (1UL << OdpKeyAttr.Ethertype));
        ulong outerExpected = attrs.Expected;
        Span<int> offsets = stackalloc int[OdpKeyAttr.Max + 1];
        Span<int> sizes = stackalloc int[OdpKeyAttr.Max + 1];
        var inner = new Attrs { Offsets = offsets, Sizes = sizes };
        if (!Collect(attrs.Get(OdpKeyAttr.Encap), ref inner))
        {
            return OdpKeyFitness.Error;
        }

        OdpKeyFitness fit = DecodeFromEthertype(ref inner, ref flow, src, isMask, false, ref tooMuch);
        if (!isMask && IsVlan(flow.U16(L.DlType)))
        {
            // A second VLAN header: FlowData has room for one only.
            tooMuch = true;
        }

        fit = Combine(fit, inner, tooMuch);
        if (fit != OdpKeyFitness.Perfect)
        {
            return fit;
        }

        // The outer level must not carry L3 attributes of its own.
        attrs.Present = outerPresent | (1UL << OdpKeyAttr.Encap) | (attrs.Present & ((1UL << OdpKeyAttr.Vlan) | (1UL << OdpKeyAttr.Ethertype)));
        attrs.Expected = outerExpected;
        return OdpKeyFitness.Perfect;
    }
}
