// Upstream: nx_put_raw(), nx_put_match() and oxm_put_match() of lib/nx-match.c (OVS 3.1).
// Encodes a Match as NXM (version 0) or OXM (OpenFlow 1.2+ wire version) entries. The order of the entries and
// which fields appear is fixed by the flow's structure, not by how the match was built: packet type first, then
// metadata, Ethernet, VLAN, MPLS, L3/L4 (only those the Ethernet type and IP protocol make meaningful), tunnel,
// NSH, registers, mark, conntrack, metadata, cookie. A field is written exact when its mask is all ones, masked
// when partly set and not at all when wildcarded. When no written field implies Ethernet but the match requires
// the default Ethernet packet type, an explicit packet_type entry goes first.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Nxm;

internal static class NxmEncoder
{
    /// <summary>Writes the entries for match (no header, no padding) and returns their length in bytes.</summary>
    public static int EncodeEntries(IBufferWriter<byte> output, in Match match, int version, ulong cookie = 0, ulong cookieMask = 0)
    {
        var w = new EntryWriter(version);
        Put(ref w, in match, version);
        if (cookieMask != 0)
        {
            Span<byte> c = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(c, cookie & cookieMask);
            BinaryPrimitives.WriteUInt64BigEndian(c[8..], cookieMask);
            var header = new OxmHeader(1, 30, false, 8, 0);
            w.Raw(header, c[..8], cookieMask != ulong.MaxValue ? c[8..] : default);
        }

        if (match.HasDefaultPacketType && !w.ImpliedEthernet)
        {
            Span<byte> zero = stackalloc byte[4];
            zero.Clear();
            w.PrependPacketType(FieldTable.Get(FieldId.PacketType), zero);
        }

        return w.Flush(output);
    }

    /// <summary>nx_put_match: entries padded with zeros to a multiple of 8; returns the unpadded length.</summary>
    public static int EncodeNxMatch(IBufferWriter<byte> output, in Match match, ulong cookie = 0, ulong cookieMask = 0)
    {
        int length = EncodeEntries(output, in match, 0, cookie, cookieMask);
        Pad(output, length);
        return length;
    }

    /// <summary>oxm_put_match: ofp11_match_header (type OFPMT_OXM), entries, padding; returns the unpadded length.</summary>
    public static int EncodeOxmMatch(IBufferWriter<byte> output, in Match match, int version)
    {
        var body = new ArrayBufferWriter<byte>(64);
        int length = EncodeEntries(body, in match, version) + 4;
        Span<byte> h = output.GetSpan(4);
        BinaryPrimitives.WriteUInt16BigEndian(h, 1);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)length);
        output.Advance(4);
        output.Write(body.WrittenSpan);
        Pad(output, length);
        return length;
    }

    private static void Pad(IBufferWriter<byte> output, int length)
    {
        int pad = ((length + 7) & ~7) - length;
        if (pad > 0)
        {
            output.GetSpan(pad)[..pad].Clear();
            output.Advance(pad);
        }
    }

    private static void Put(ref EntryWriter w, in Match match, int oxm)
    {
        ref readonly FlowData f = ref match.Flow;
        ref readonly FlowData m = ref match.Wildcards.Masks;
        ushort dlType = match.DlType;

        if (m.U32(FlowLayout.PacketType) != 0 && !match.HasDefaultPacketType)
        {
            w.Field(in match, FieldId.PacketType);
        }

        w.Field(in match, FieldId.DpHash);
        w.Exact(in match, FieldId.RecircId);
        w.Exact(in match, FieldId.ConjId);
        w.Exact(in match, oxm != 0 ? FieldId.InPortOxm : FieldId.InPort);
        w.Exact(in match, FieldId.ActsetOutput);

        w.Field(in match, FieldId.EthSrc);
        w.Field(in match, FieldId.EthDst);
        w.Field(in match, FieldId.EthType);

        if (oxm != 0)
        {
            ushort vidMask = (ushort)(m.U16(FlowLayout.VlanTci) & 0x1fff);
            ushort vid = (ushort)(f.U16(FlowLayout.VlanTci) & 0x1fff);
            if (vidMask != 0)
            {
                // VID plus CFI fully masked is an exact match on vlan_vid.
                w.Field(in match, FieldId.VlanVid, widenFullMask: 0x1fff);
            }

            if (vid != 0 && (m.U16(FlowLayout.VlanTci) & 0xe000) != 0)
            {
                w.ExactValue(FieldId.VlanPcp, (byte)(f.U16(FlowLayout.VlanTci) >> 13));
            }
        }
        else
        {
            w.Field(in match, FieldId.VlanTci);
        }

        if (EthType.IsMpls(dlType))
        {
            w.Exact(in match, FieldId.MplsTc);
            w.Exact(in match, FieldId.MplsBos);
            w.Exact(in match, FieldId.MplsTtl);
            w.Exact(in match, FieldId.MplsLabel);
        }

        if (Prerequisites.IsIpAny(dlType))
        {
            PutIp(ref w, in match, oxm, dlType);
        }
        else if (EthType.IsArp(dlType))
        {
            w.Exact(in match, FieldId.ArpOp);
            w.Field(in match, FieldId.ArpSpa);
            w.Field(in match, FieldId.ArpTpa);
            w.Field(in match, FieldId.ArpSha);
            w.Field(in match, FieldId.ArpTha);
        }

        w.Field(in match, FieldId.TunId);
        w.Field(in match, FieldId.TunFlags);
        w.Field(in match, FieldId.TunSrc);
        w.Field(in match, FieldId.TunDst);
        w.Field(in match, FieldId.TunIpv6Src);
        w.Field(in match, FieldId.TunIpv6Dst);
        w.Field(in match, FieldId.TunGbpId);
        w.Field(in match, FieldId.TunGbpFlags);
        PutTunMetadata(ref w, in match);
        w.Field(in match, FieldId.TunErspanIdx);
        w.Field(in match, FieldId.TunErspanVer);
        w.Field(in match, FieldId.TunErspanDir);
        w.Field(in match, FieldId.TunErspanHwid);
        w.Field(in match, FieldId.TunGtpuFlags);
        w.Field(in match, FieldId.TunGtpuMsgtype);

        w.Field(in match, FieldId.NshFlags);
        w.Field(in match, FieldId.NshTtl);
        w.Field(in match, FieldId.NshMdtype);
        w.Field(in match, FieldId.NshNp);
        w.Field(in match, FieldId.NshSpi, widenFullMask: 0x00ffffff);
        w.Field(in match, FieldId.NshSi);
        for (FieldId c = FieldId.NshC1; c <= FieldId.NshC4; c++)
        {
            w.Field(in match, c);
        }

        if (oxm < 6)
        {
            for (FieldId r = FieldId.Reg0; r <= FieldId.Reg15; r++)
            {
                w.Field(in match, r);
            }
        }
        else
        {
            for (FieldId r = FieldId.Xreg0; r <= FieldId.Xreg7; r++)
            {
                w.Field(in match, r);
            }
        }

        w.Field(in match, FieldId.PktMark);
        w.Field(in match, FieldId.CtState);
        w.Field(in match, FieldId.CtZone);
        w.Field(in match, FieldId.CtMark);
        w.Field(in match, FieldId.CtLabel);
        w.Field(in match, FieldId.CtNwSrc);
        w.Field(in match, FieldId.CtIpv6Src);
        w.Field(in match, FieldId.CtNwDst);
        w.Field(in match, FieldId.CtIpv6Dst);
        if (f.U8(FlowLayout.CtNwProto) != 0)
        {
            w.Field(in match, FieldId.CtNwProto);
            w.Field(in match, FieldId.CtTpSrc);
            w.Field(in match, FieldId.CtTpDst);
        }

        w.Field(in match, FieldId.Metadata);
    }

    // tun_metadata_to_nx_match: present options in index order, each as long as the match laid it out.
    private static void PutTunMetadata(ref EntryWriter w, in Match match)
    {
        ulong present = match.Wildcards.Masks.U64(FlowLayout.TunMetadataPresent);
        for (int i = 0; i < 64; i++)
        {
            if ((present & (1UL << i)) == 0)
            {
                continue;
            }

            FieldInfo field = FieldTable.Get((FieldId)((int)FieldId.TunMetadata0 + i));
            ReadOnlySpan<byte> value = FieldAccess.TunMetadataBytes(in match, i, mask: false, out bool masked);
            ReadOnlySpan<byte> mask = FieldAccess.TunMetadataBytes(in match, i, mask: true, out _);
            w.Raw(field.Header(w.Version)!.Value, value, masked ? mask : default, masked);
        }
    }

    private static void PutIp(ref EntryWriter w, in Match match, int oxm, ushort dlType)
    {
        ref readonly FlowData f = ref match.Flow;
        ref readonly FlowData m = ref match.Wildcards.Masks;
        if (dlType == EthType.Ip)
        {
            w.Field(in match, FieldId.Ipv4Src);
            w.Field(in match, FieldId.Ipv4Dst);
        }
        else
        {
            w.Field(in match, FieldId.Ipv6Src);
            w.Field(in match, FieldId.Ipv6Dst);
        }

        // ip_frag: a mask covering both fragment bits is written as exact.
        byte fragMask = (byte)(m.U8(FlowLayout.NwFrag) & 3);
        if (fragMask != 0)
        {
            w.Masked(FieldId.IpFrag, (byte)(f.U8(FlowLayout.NwFrag) & 3), fragMask == 3 ? (byte)0xff : fragMask);
        }

        if ((m.U8(FlowLayout.NwTos) & 0xfc) != 0)
        {
            if (oxm != 0)
            {
                w.ExactValue(FieldId.IpDscpShifted, (byte)(f.U8(FlowLayout.NwTos) >> 2));
            }
            else
            {
                w.ExactValue(FieldId.IpDscp, (byte)(f.U8(FlowLayout.NwTos) & 0xfc));
            }
        }

        if ((m.U8(FlowLayout.NwTos) & 3) != 0)
        {
            w.ExactValue(FieldId.IpEcn, (byte)(f.U8(FlowLayout.NwTos) & 3));
        }

        w.Exact(in match, FieldId.IpTtl);
        w.Field(in match, FieldId.Ipv6Label);
        if (m.U8(FlowLayout.NwProto) == 0)
        {
            return;
        }

        w.ExactValue(FieldId.IpProto, f.U8(FlowLayout.NwProto));
        byte proto = f.U8(FlowLayout.NwProto);
        ushort tpSrc = f.U16(FlowLayout.TpSrc);
        switch (proto)
        {
            case IpProto.Tcp:
                w.Field(in match, FieldId.TcpSrc);
                w.Field(in match, FieldId.TcpDst);
                w.Field(in match, FieldId.TcpFlags);
                break;
            case IpProto.Udp:
                w.Field(in match, FieldId.UdpSrc);
                w.Field(in match, FieldId.UdpDst);
                break;
            case IpProto.Sctp:
                w.Field(in match, FieldId.SctpSrc);
                w.Field(in match, FieldId.SctpDst);
                break;
            case IpProto.Icmp when dlType == EthType.Ip:
                w.Exact(in match, FieldId.Icmpv4Type);
                w.Exact(in match, FieldId.Icmpv4Code);
                break;
            case IpProto.Icmpv6 when dlType == EthType.Ipv6:
                w.Exact(in match, FieldId.Icmpv6Type);
                w.Exact(in match, FieldId.Icmpv6Code);
                if (f.U16(FlowLayout.TpDst) == 0 && tpSrc is IpProto.NdNeighborSolicit or IpProto.NdNeighborAdvert)
                {
                    w.Exact(in match, FieldId.NdReserved);
                    w.Field(in match, FieldId.NdTarget);
                    w.Exact(in match, FieldId.NdOptionsType);
                    if (tpSrc == IpProto.NdNeighborSolicit)
                    {
                        w.Field(in match, FieldId.NdSll);
                    }
                    else
                    {
                        w.Field(in match, FieldId.NdTll);
                    }
                }

                break;
        }
    }

    // Collects entries in a small growable buffer (so that packet_type can still go in front) and tracks whether any
    // written field implies Ethernet.
    private ref struct EntryWriter
    {
        private readonly int _version;
        private byte[] _buffer;
        private int _length;
        private int _prefixLength;
        private byte[]? _prefix;

        public EntryWriter(int version)
        {
            _version = version;
            _buffer = new byte[256];
        }

        public bool ImpliedEthernet { get; private set; }

        public readonly int Version => _version;

        /// <summary>Writes the field from the match: skipped if wildcarded, exact if fully masked, else masked.</summary>
        public void Field(in Match match, FieldId id, uint widenFullMask = 0)
        {
            FieldInfo field = FieldTable.Get(id);
            Span<byte> value = stackalloc byte[16];
            Span<byte> mask = stackalloc byte[16];
            value = value[..field.Size];
            mask = mask[..field.Size];
            FieldAccess.GetValue(in match, field, value);
            FieldAccess.GetMask(in match, field, mask);
            if (widenFullMask != 0 && (mask.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(mask) : BinaryPrimitives.ReadUInt16BigEndian(mask)) == widenFullMask)
            {
                mask.Fill(0xff);
            }

            if (!mask.ContainsAnyExcept((byte)0))
            {
                return;
            }

            Put(field, value, mask.ContainsAnyExcept((byte)0xff) ? mask : default);
        }

        /// <summary>Writes the field's value, unmasked, if any of its mask bits are set.</summary>
        public void Exact(in Match match, FieldId id)
        {
            FieldInfo field = FieldTable.Get(id);
            if (FieldAccess.IsAllWild(in match, field))
            {
                return;
            }

            Span<byte> value = stackalloc byte[16];
            value = value[..field.Size];
            FieldAccess.GetValue(in match, field, value);
            Put(field, value, default);
        }

        public void ExactValue(FieldId id, byte v)
        {
            Span<byte> value = [v];
            Put(FieldTable.Get(id), value, default);
        }

        public void Masked(FieldId id, byte v, byte m)
        {
            Span<byte> value = [v];
            Span<byte> mask = [m];
            Put(FieldTable.Get(id), value, m == 0xff ? default : mask);
        }

        public void Raw(OxmHeader header, scoped ReadOnlySpan<byte> value, scoped ReadOnlySpan<byte> mask) =>
            Raw(header, value, mask, !mask.IsEmpty);

        // hasMask is explicit because a zero-length tun_metadata option can still be masked.
        public void Raw(OxmHeader header, scoped ReadOnlySpan<byte> value, scoped ReadOnlySpan<byte> mask, bool hasMask)
        {
            OxmHeader h = header.WithMask(hasMask, value.Length * (hasMask ? 2 : 1));
            Span<byte> dst = Reserve(h.HeaderSize + h.PayloadSize);
            h.Write(dst);
            value.CopyTo(dst[h.HeaderSize..]);
            mask.CopyTo(dst[(h.HeaderSize + value.Length)..]);
        }

        public void PrependPacketType(FieldInfo field, scoped ReadOnlySpan<byte> value)
        {
            OxmHeader h = field.Header(_version)!.Value.WithMask(false, value.Length);
            _prefix = new byte[h.HeaderSize + value.Length];
            h.Write(_prefix);
            value.CopyTo(_prefix.AsSpan(h.HeaderSize));
            _prefixLength = _prefix.Length;
        }

        public readonly int Flush(IBufferWriter<byte> output)
        {
            if (_prefix is not null)
            {
                output.Write(_prefix);
            }

            output.Write(_buffer.AsSpan(0, _length));
            return _prefixLength + _length;
        }

        private void Put(FieldInfo field, scoped ReadOnlySpan<byte> value, scoped ReadOnlySpan<byte> mask)
        {
            if (field.Header(_version) is not OxmHeader header)
            {
                return;
            }

            Raw(header, value, mask);
            if (field.Prereq != FieldPrereq.None)
            {
                ImpliedEthernet = true;
            }
        }

        private Span<byte> Reserve(int size)
        {
            if (_length + size > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
            }

            Span<byte> s = _buffer.AsSpan(_length, size);
            _length += size;
            return s;
        }
    }
}
