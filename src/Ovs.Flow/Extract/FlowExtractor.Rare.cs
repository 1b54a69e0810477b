// Upstream: miniflow_extract()'s helpers in lib/flow.c (OVS 3.1): parse_vlan(), parse_ethertype(), parse_mpls(),
// parse_ipv6_ext_hdrs__(), parse_icmpv6(), parse_nsh() and the metadata part of miniflow_extract().
// The less common layers of FlowExtractor, kept out of line so the Ethernet/IPv4/TCP path stays compact.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Extract;

internal static partial class FlowExtractor
{
    private const byte Ipv6HopByHop = 0;
    private const byte Ipv6Routing = 43;
    private const byte Ipv6Fragment = 44;
    private const byte Ipv6DestOptions = 60;
    private const byte Ipv6Ah = 51;
    private const int ArpEthSize = 28;
    private const int NshBaseSize = 8;
    private const int NshMd1Size = 24;
    private const byte NdOptSourceLinkAddr = 1;
    private const byte NdOptTargetLinkAddr = 2;
    private const int MaxMplsLabels = 3;

    private static void StoreMetadata(Span<byte> f, in PacketMetadata md)
    {
        if (md.HasTunnel)
        {
            StoreTunnel(f, in md);
        }

        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.SkbPriority..], md.SkbPriority);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.PktMark..], md.PktMark);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.DpHash..], md.DpHash);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.RecircId..], md.RecircId);
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.InPort..], md.InPort);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.PacketType..], md.PacketType);
        if (md.CtState != 0)
        {
            StoreConntrack(f, in md);
        }
    }

    // Upstream copies the conntrack zone, mark and label only for packets that went through conntrack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreConntrack(Span<byte> f, in PacketMetadata md)
    {
        f[FlowLayout.CtState] = md.CtState;
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.CtZone..], md.CtZone);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.CtMark..], md.CtMark);
        BinaryPrimitives.WriteUInt128BigEndian(f[FlowLayout.CtLabel..], md.CtLabel);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreTunnel(Span<byte> f, in PacketMetadata md)
    {
        BinaryPrimitives.WriteUInt64BigEndian(f[FlowLayout.TunId..], md.TunId);
        md.TunIpv6Src.Write(f[FlowLayout.TunIpv6Src..]);
        md.TunIpv6Dst.Write(f[FlowLayout.TunIpv6Dst..]);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.TunSrc..], md.TunSrc);
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.TunDst..], md.TunDst);
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.TunFlags..], md.TunFlags);
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.TunGbpId..], md.TunGbpId);
        f[FlowLayout.TunTos] = md.TunTos;
        f[FlowLayout.TunTtl] = md.TunTtl;
        f[FlowLayout.TunGbpFlags] = md.TunGbpFlags;
        f[FlowLayout.TunErspanVer] = md.TunErspanVer;
        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.TunErspanIdx..], md.TunErspanIdx);
        f[FlowLayout.TunErspanDir] = md.TunErspanDir;
        f[FlowLayout.TunErspanHwid] = md.TunErspanHwid;
        f[FlowLayout.TunGtpuFlags] = md.TunGtpuFlags;
        f[FlowLayout.TunGtpuMsgtype] = md.TunGtpuMsgtype;
    }

    // The original direction's addresses go into the key only when conntrack recorded a protocol for them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreCtOrigIpv4(Span<byte> f, in PacketMetadata md, ref ushort ctTpSrc, ref ushort ctTpDst)
    {
        f[FlowLayout.CtNwProto] = md.CtOrigProto;
        if (md.CtOrigProto != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.CtNwSrc..], md.CtOrigIpv4Src);
            BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.CtNwDst..], md.CtOrigIpv4Dst);
            ctTpSrc = md.CtOrigSrcPort;
            ctTpDst = md.CtOrigDstPort;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreCtOrigIpv6(Span<byte> f, in PacketMetadata md, ref ushort ctTpSrc, ref ushort ctTpDst)
    {
        f[FlowLayout.CtNwProto] = md.CtOrigProto;
        if (md.CtOrigProto != 0)
        {
            md.CtOrigIpv6Src.Write(f[FlowLayout.CtIpv6Src..]);
            md.CtOrigIpv6Dst.Write(f[FlowLayout.CtIpv6Dst..]);
            ctTpSrc = md.CtOrigSrcPort;
            ctTpDst = md.CtOrigDstPort;
        }
    }

    // Up to two tags, each needing its 4 bytes plus the 2 of the type after it; the CFI bit is set in the key to
    // mean "header present". Returns the type after the last tag taken, with pos at that type.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ushort ParseVlans(ReadOnlySpan<byte> frame, ref int pos, Span<byte> f, ushort tpid)
    {
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.VlanTpid..], tpid);
        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.VlanTci..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[(pos + 2)..]) | VlanCfi));
        pos += 4;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[pos..]);
        if (IsVlan(type) && frame.Length - pos >= 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.Vlan1Tpid..], type);
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.Vlan1Tci..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[(pos + 2)..]) | VlanCfi));
            pos += 4;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[pos..]);
        }

        return type;
    }

    // An 802.3 length instead of a type: only an LLC/SNAP header with the Ethernet OUI (RFC 1042) names a type.
    // pos is just after the length; the SNAP header is consumed whenever it is one, even if its type is too small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ushort ParseLlcSnap(ReadOnlySpan<byte> frame, ref int pos)
    {
        ReadOnlySpan<byte> llc = frame[pos..];
        if (llc.Length < 8 || llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03 || llc[3] != 0 || llc[4] != 0 || llc[5] != 0)
        {
            return EthType.None;
        }

        pos += 8;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(llc[6..]);
        return type >= EthTypeMin ? type : EthType.None;
    }

    // The whole stack is skipped (to the entry with the bottom-of-stack bit, or the end of the frame); the first
    // three entries are kept.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ParseMpls(ReadOnlySpan<byte> frame, ref int pos, Span<byte> f)
    {
        int count = 0;
        while (frame.Length - pos >= 4)
        {
            if (count < MaxMplsLabels)
            {
                int slot = count == 0 ? FlowLayout.MplsLse : count == 1 ? FlowLayout.MplsLse1 : FlowLayout.MplsLse2;
                Copy32(frame, pos, f, slot);
            }

            count++;
            bool bottom = (frame[pos + 2] & 0x01) != 0;
            pos += 4;
            if (bottom)
            {
                break;
            }
        }
    }

    private static bool ParseIpv6(
        ReadOnlySpan<byte> frame, ref int pos, out int end, Span<byte> f, in PacketMetadata md, ref LayerOffsets offsets,
        out byte nwProto, out byte nwTos, out byte nwTtl, out byte nwFrag, ref ushort ctTpSrc, ref ushort ctTpDst)
    {
        ReadOnlySpan<byte> ip = frame[pos..];
        nwProto = nwTos = nwTtl = nwFrag = 0;
        end = pos;
        if (ip.Length < Ipv6HeaderSize)
        {
            return false;
        }

        int payloadSize = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (payloadSize + Ipv6HeaderSize > ip.Length || ip.Length - (payloadSize + Ipv6HeaderSize) > ushort.MaxValue)
        {
            return false;
        }

        offsets.L2PadSize = (ushort)(ip.Length - Ipv6HeaderSize - payloadSize);
        Copy128(ip, 8, f, FlowLayout.Ipv6Src);
        Copy128(ip, 24, f, FlowLayout.Ipv6Dst);
        if (md.CtState != 0 && md.CtOrigTupleIpv6)
        {
            StoreCtOrigIpv6(f, in md, ref ctTpSrc, ref ctTpDst);
        }

        uint tcFlow = BinaryPrimitives.ReadUInt32BigEndian(ip);
        nwTos = (byte)(tcFlow >> 20);
        nwTtl = ip[7];
        nwProto = ip[6];
        pos += Ipv6HeaderSize;
        end = pos + payloadSize;
        if (!ParseIpv6Extensions(frame[pos..end], ref pos, ref nwProto, ref nwFrag))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(f[FlowLayout.Ipv6Label..], tcFlow & 0x000fffff);
        return true;
    }

    // Walks hop-by-hop, routing, destination options, AH and fragment headers to the first other header, whose
    // number becomes nw_proto. A non-first fragment stops the walk with nw_proto 44 (there is no transport header
    // in it). Each extension header must have at least 8 bytes; a header running past the payload fails the walk.
    private static bool ParseIpv6Extensions(ReadOnlySpan<byte> payload, ref int pos, ref byte nwProto, ref byte nwFrag)
    {
        if (nwProto is not (Ipv6HopByHop or Ipv6Routing or Ipv6DestOptions or Ipv6Ah or Ipv6Fragment))
        {
            return true;
        }

        return ParseIpv6ExtensionChain(payload, ref pos, ref nwProto, ref nwFrag);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ParseIpv6ExtensionChain(ReadOnlySpan<byte> payload, ref int pos, ref byte nwProto, ref byte nwFrag)
    {
        int at = 0;
        while (nwProto is Ipv6HopByHop or Ipv6Routing or Ipv6DestOptions or Ipv6Ah or Ipv6Fragment)
        {
            ReadOnlySpan<byte> ext = payload[at..];
            if (ext.Length < 8)
            {
                return false;
            }

            byte next = ext[0];
            int size;
            if (nwProto == Ipv6Fragment)
            {
                size = 8;
                nwProto = next;
                at += size;
                pos += size;
                int offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(ext[2..]);
                if (offsetAndFlags != 0)
                {
                    nwFrag = FragAny;
                    if ((offsetAndFlags & 0xfff8) != 0)
                    {
                        nwFrag |= FragLater;
                        nwProto = Ipv6Fragment;
                        return true;
                    }
                }

                continue;
            }

            size = nwProto == Ipv6Ah ? (ext[1] + 2) * 4 : (ext[1] + 1) * 8;
            nwProto = next;
            if (size > ext.Length)
            {
                return false;
            }

            at += size;
            pos += size;
        }

        return true;
    }

    // Upstream accepts only Ethernet/IPv4 ARP; anything else leaves the ARP fields zero.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ParseArp(ReadOnlySpan<byte> arp, Span<byte> f)
    {
        if (arp.Length < ArpEthSize || BinaryPrimitives.ReadUInt16BigEndian(arp) != 1
            || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != EthType.Ip || arp[4] != 6 || arp[5] != 4)
        {
            return;
        }

        Copy32(arp, 14, f, FlowLayout.NwSrc);
        Copy32(arp, 24, f, FlowLayout.NwDst);
        ushort op = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        if (op <= 0xff)
        {
            // Only the low 8 bits of the opcode are matchable (arp_op shares nw_proto).
            f[FlowLayout.NwProto] = (byte)op;
        }

        Copy48(arp, 8, f, FlowLayout.ArpSha);
        Copy48(arp, 18, f, FlowLayout.ArpTha);
    }

    // NSH version 0 only; MD type 1 must be exactly 24 bytes and gives the four context words, other MD types
    // leave them zero.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ParseNsh(ReadOnlySpan<byte> nsh, Span<byte> f)
    {
        if (nsh.Length < NshBaseSize)
        {
            return;
        }

        int first = BinaryPrimitives.ReadUInt16BigEndian(nsh);
        int size = (first & 0x003f) * 4;
        if (size > nsh.Length || (first >> 14) != 0)
        {
            return;
        }

        byte mdType = nsh[2];
        if (mdType == 1 && size != NshMd1Size)
        {
            return;
        }

        if (mdType == 2 && size < NshBaseSize)
        {
            return;
        }

        f[FlowLayout.NshFlags] = (byte)((first >> 12) & 0x3);
        f[FlowLayout.NshTtl] = (byte)((first >> 6) & 0x3f);
        f[FlowLayout.NshMdtype] = mdType;
        f[FlowLayout.NshNp] = nsh[3];
        Copy32(nsh, 4, f, FlowLayout.NshPathHdr);
        if (mdType == 1)
        {
            Copy128(nsh, 8, f, FlowLayout.NshContext);
        }
    }

    // ICMPv6: neighbour solicitations and advertisements (code 0) carry a target address and link-layer address
    // options; their 32-bit word after the checksum (R/S/O flags and reserved bits) goes to nd_reserved and the
    // type of the first address option seen to nd_options_type. Other messages are plain type/code.
    private static void ParseIcmpv6(ReadOnlySpan<byte> l4, Span<byte> f, ushort ctTpSrc, ushort ctTpDst)
    {
        byte type = l4[0], code = l4[1];
        if (code != 0 || (type != IpProto.NdNeighborSolicit && type != IpProto.NdNeighborAdvert))
        {
            StoreTypeCode(l4, f, ctTpSrc, ctTpDst);
            return;
        }

        ParseNd(l4, f);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ParseNd(ReadOnlySpan<byte> l4, Span<byte> f)
    {
        f[FlowLayout.TpSrc + 1] = l4[0];
        f[FlowLayout.TpDst + 1] = l4[1];
        Copy32(l4, 4, f, FlowLayout.IgmpGroupIp4);
        ReadOnlySpan<byte> rest = l4[Icmpv6DataHeaderSize..];
        if (rest.Length < 16)
        {
            return;
        }

        byte optionType = 0;
        bool haveSll = false, haveTll = false, invalid = false;
        ReadOnlySpan<byte> options = rest[16..];
        ulong sll = 0, tll = 0;
        while (options.Length >= 8)
        {
            int size = options[1] * 8;
            if (size == 0 || size > options.Length)
            {
                break;
            }

            byte kind = options[0];
            if (size == 8 && (kind == NdOptSourceLinkAddr || kind == NdOptTargetLinkAddr))
            {
                // A repeated address option makes the packet invalid; an all-zero address counts as not seen.
                ref bool seen = ref kind == NdOptSourceLinkAddr ? ref haveSll : ref haveTll;
                ref ulong address = ref kind == NdOptSourceLinkAddr ? ref sll : ref tll;
                if (seen)
                {
                    invalid = true;
                    break;
                }

                address = EthAddr.Read(options[2..]).Bits;
                seen = address != 0;
                if (optionType == 0)
                {
                    optionType = kind;
                }
            }

            options = options[size..];
        }

        if (optionType != 0)
        {
            f[FlowLayout.TcpFlags + 1] = optionType;
        }

        if (invalid)
        {
            return;
        }

        Copy128(rest, 0, f, FlowLayout.NdTarget);
        EthAddr.FromBits(sll).Write(f[FlowLayout.ArpSha..]);
        EthAddr.FromBits(tll).Write(f[FlowLayout.ArpTha..]);
    }
}
