// Upstream: mf_get_value(), mf_set_flow_value_masked(), mf_mask_field_masked(), mf_are_prereqs_ok() with
// wildcards, mf_subfield_copy() and mf_write_subfield_flow() of lib/meta-flow.c (OVS 3.1).
// Reads and writes fields of a packet's flow during translation, recording in the megaflow what was looked at:
// a field that is written joins the megaflow (its old value no longer matters to the datapath's copy, but the
// commit that rewrites it needs to know which bits were set), and checking a field's prerequisites looks at the
// protocol fields that decide them.
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class FlowEdit
{
    public static void GetValue(in FlowData flow, FieldInfo field, Span<byte> value)
    {
        var m = new Match { Flow = flow };
        FieldAccess.GetValue(in m, field, value);
    }

    /// <summary>Writes value into flow on the bits of mask (whole field when mask is empty), as an action does.</summary>
    public static void SetValueMasked(ref FlowData flow, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        Span<byte> current = stackalloc byte[field.Size];
        GetValue(in flow, field, current);
        for (int i = 0; i < current.Length; i++)
        {
            byte m = mask.IsEmpty ? (byte)0xff : mask[i];
            current[i] = (byte)((current[i] & ~m) | (value[i] & m));
        }

        var match = new Match { Flow = flow };
        FieldAccess.SetExact(ref match, field, current);
        flow = match.Flow;
        if (IsVlanField(field.Id) && VlanHeaders.Tpid(in flow, 0) == 0 && VlanHeaders.Tci(in flow, 0) != 0)
        {
            // flow_fix_vlan_tpid(): a VLAN header written by a field action is an 802.1Q one.
            VlanHeaders.SetTpid(ref flow, 0, EthType.Vlan8021Q);
        }
    }

    /// <summary>Adds the bits of mask (whole field when empty) to the megaflow.</summary>
    public static void Unwildcard(ref FlowWildcards wc, FieldInfo field, ReadOnlySpan<byte> mask)
    {
        Span<byte> full = stackalloc byte[field.Size];
        full.Fill(0xff);
        ReadOnlySpan<byte> m = mask.IsEmpty ? full : mask;
        var match = default(Match);
        if (m.ContainsAnyExcept((byte)0xff))
        {
            FieldAccess.SetMasked(ref match, field, m, m);
        }
        else
        {
            FieldAccess.SetExact(ref match, field, full);
        }

        if (field.Id == FieldId.Ipv6Label)
        {
            // Only the label's 20 bits can be wildcarded (upstream IPV6_LABEL_MASK).
            match.Wildcards.Masks.SetU32(FlowLayout.Ipv6Label, match.Wildcards.Masks.U32(FlowLayout.Ipv6Label) & 0xfffff);
        }

        Span<ulong> dst = wc.Masks.WordSpan;
        ReadOnlySpan<ulong> src = match.Wildcards.Masks.ReadOnlyWords;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] |= src[i];
        }
    }

    public static void Unwildcard(ref FlowWildcards wc, int offset, int size) => wc.Masks.Bytes.Slice(offset, size).Fill(0xff);

    /// <summary>Adds bits [offset, offset+bits) of a field to the megaflow.</summary>
    public static void UnwildcardSubfield(ref FlowWildcards wc, Subfield sf)
    {
        Span<byte> mask = stackalloc byte[sf.Field.Size];
        mask.Clear();
        Subfield.SetBits(mask, sf.Offset, sf.Bits);
        Unwildcard(ref wc, sf.Field, mask);
    }

    /// <summary>Writes the low sf.Bits bits of value (a field-sized big-endian number) into the subfield.</summary>
    public static void WriteSubfield(ref FlowData flow, Subfield sf, ReadOnlySpan<byte> value)
    {
        Span<byte> v = stackalloc byte[sf.Field.Size];
        Span<byte> mask = stackalloc byte[sf.Field.Size];
        v.Clear();
        mask.Clear();
        Subfield.CopyBits(value, 0, v, sf.Offset, sf.Bits);
        Subfield.SetBits(mask, sf.Offset, sf.Bits);
        SetValueMasked(ref flow, sf.Field, v, mask);
    }

    /// <summary>Reads a subfield as a number (its low bits aligned to bit 0) into value (any size, big-endian).</summary>
    public static void ReadSubfield(in FlowData flow, Subfield sf, Span<byte> value)
    {
        Span<byte> v = stackalloc byte[sf.Field.Size];
        GetValue(in flow, sf.Field, v);
        value.Clear();
        Subfield.CopyBits(v, sf.Offset, value, 0, Math.Min(sf.Bits, value.Length * 8));
    }

    public static ulong ReadSubfieldU64(in FlowData flow, Subfield sf)
    {
        Span<byte> v = stackalloc byte[8];
        if (sf.Bits > 64)
        {
            Span<byte> wide = stackalloc byte[(sf.Bits + 7) / 8];
            ReadSubfield(in flow, sf, wide);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(wide[^8..]);
        }

        ReadSubfield(in flow, sf, v);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(v);
    }

    /// <summary>mf_subfield_copy(): the move action.</summary>
    public static void Copy(Subfield src, Subfield dst, ref FlowData flow, ref FlowWildcards wc)
    {
        if (!ArePrereqsOk(dst.Field.Prereq, in flow, ref wc) || !ArePrereqsOk(src.Field.Prereq, in flow, ref wc))
        {
            return;
        }

        UnwildcardSubfield(ref wc, src);
        UnwildcardSubfield(ref wc, dst);
        Span<byte> sv = stackalloc byte[src.Field.Size];
        Span<byte> dv = stackalloc byte[dst.Field.Size];
        GetValue(in flow, src.Field, sv);
        GetValue(in flow, dst.Field, dv);
        Span<byte> dmask = stackalloc byte[dst.Field.Size];
        dmask.Clear();
        Subfield.CopyBits(sv, src.Offset, dv, dst.Offset, src.Bits);
        Subfield.SetBits(dmask, dst.Offset, dst.Bits);
        SetValueMasked(ref flow, dst.Field, dv, dmask);
    }

    /// <summary>mf_are_prereqs_ok() on a packet's flow: the protocol fields consulted join the megaflow.</summary>
    public static bool ArePrereqsOk(FieldPrereq prereq, in FlowData flow, ref FlowWildcards wc)
    {
        ushort dlType = DlType(in flow);
        bool ethernet = flow.U32(FlowLayout.PacketType) == 0;
        switch (prereq)
        {
            case FieldPrereq.None:
                return true;
            case FieldPrereq.Ethernet:
                Unwildcard(ref wc, FlowLayout.PacketType, 4);
                return ethernet;
            case FieldPrereq.Arp:
                return EthType.IsArp(dlType);
            case FieldPrereq.Ipv4:
                return dlType == EthType.Ip;
            case FieldPrereq.Ipv6:
                return dlType == EthType.Ipv6;
            case FieldPrereq.VlanVid:
                Unwildcard(ref wc, FlowLayout.PacketType, 4);
                if (!ethernet)
                {
                    return false;
                }

                wc.Masks.SetU16(FlowLayout.VlanTci, (ushort)(wc.Masks.U16(FlowLayout.VlanTci) | VlanHeaders.Cfi));
                return (flow.U16(FlowLayout.VlanTci) & VlanHeaders.Cfi) != 0;
            case FieldPrereq.Mpls:
                return EthType.IsMpls(dlType);
            case FieldPrereq.Ip:
                return EthType.IsIp(dlType);
            case FieldPrereq.Nsh:
                return dlType == EthType.Nsh;
            case FieldPrereq.Tcp:
                return IsIpProto(in flow, IpProto.Tcp, ref wc) && !IsLaterFragment(in flow);
            case FieldPrereq.Udp:
                return IsIpProto(in flow, IpProto.Udp, ref wc) && !IsLaterFragment(in flow);
            case FieldPrereq.Sctp:
                return IsIpProto(in flow, IpProto.Sctp, ref wc) && !IsLaterFragment(in flow);
            case FieldPrereq.Icmpv4:
                return dlType == EthType.Ip && IsIpProto(in flow, IpProto.Icmp, ref wc);
            case FieldPrereq.Icmpv6:
                return dlType == EthType.Ipv6 && IsIpProto(in flow, IpProto.Icmpv6, ref wc);
            case FieldPrereq.Nd:
                return IsNd(in flow, ref wc);
            case FieldPrereq.NdSolicit:
                return IsNd(in flow, ref wc) && flow.U16(FlowLayout.TpSrc) == IpProto.NdNeighborSolicit;
            case FieldPrereq.NdAdvert:
                return IsNd(in flow, ref wc) && flow.U16(FlowLayout.TpSrc) == IpProto.NdNeighborAdvert;
            default:
                // Conntrack validity: translation has no conntrack state, so never valid.
                return false;
        }
    }

    public static ushort DlType(in FlowData flow)
    {
        uint pt = flow.U32(FlowLayout.PacketType);
        if (pt == 0)
        {
            return flow.U16(FlowLayout.DlType);
        }

        return (pt >> 16) == 1 ? (ushort)pt : EthType.None;
    }

    public static bool IsIpAny(in FlowData flow) => EthType.IsIp(flow.U16(FlowLayout.DlType));

    public static bool IsLaterFragment(in FlowData flow) => (flow.U8(FlowLayout.NwFrag) & 2) != 0;

    private static bool IsIpProto(in FlowData flow, byte proto, ref FlowWildcards wc)
    {
        if (!IsIpAny(in flow))
        {
            return false;
        }

        Unwildcard(ref wc, FlowLayout.NwProto, 1);
        return flow.U8(FlowLayout.NwProto) == proto;
    }

    private static bool IsNd(in FlowData flow, ref FlowWildcards wc)
    {
        if (flow.U16(FlowLayout.DlType) != EthType.Ipv6 || !IsIpProto(in flow, IpProto.Icmpv6, ref wc))
        {
            return false;
        }

        wc.Masks.SetU16(FlowLayout.TpDst, 0xffff);
        if (flow.U16(FlowLayout.TpDst) != 0)
        {
            return false;
        }

        wc.Masks.SetU16(FlowLayout.TpSrc, 0xffff);
        return flow.U16(FlowLayout.TpSrc) is IpProto.NdNeighborSolicit or IpProto.NdNeighborAdvert;
    }

    private static bool IsVlanField(FieldId id) =>
        id is FieldId.DlVlan or FieldId.VlanVid or FieldId.DlVlanPcp or FieldId.VlanPcp or FieldId.VlanTci;
}
