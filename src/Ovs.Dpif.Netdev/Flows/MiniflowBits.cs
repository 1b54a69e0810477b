// Upstream: the "dp-extra-info:miniflow_bits(N,M)" text of lib/dpif-netdev.c (dp_netdev_flow_add() with
// netdev_flow_mask_init() and flow_wc_map() of lib/flow.c), over the layout of struct flow in
// include/openvswitch/flow.h (FLOW_WC_SEQ 42, 64-bit build) (OVS 3.1)
//
// Upstream's userspace datapath keeps a flow's mask as a miniflow: the 64-bit words of struct flow that are both
// relevant to the flow (flow_wc_map: the metadata and L2 fields always, L3/L4 fields by Ethertype and protocol,
// tunnel fields when the tunnel destination is set) and non-zero in the mask, with in_port left out (each in_port
// has its own classifier there, so in_port is wildcarded in the stored mask). dpctl/dump-flows -m shows how many
// such words fall in each 64-word unit of the map. Our FlowData is laid out differently, so the mask is first
// placed at upstream's offsets (the table below) and the words are counted there.
using System.Buffers.Binary;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Flows;

internal static class MiniflowBits
{
    // sizeof(struct flow) on a 64-bit build: 84 words, two 64-bit map units.
    private const int UpstreamSize = 672;
    private const int UnitWords = 64;

    private const ushort EthTypeIp = 0x0800;
    private const ushort EthTypeIpv6 = 0x86dd;
    private const ushort EthTypeArp = 0x0806;
    private const ushort EthTypeRarp = 0x8035;
    private const ushort EthTypeMpls = 0x8847;
    private const ushort EthTypeMplsMcast = 0x8848;
    private const ushort EthTypeNsh = 0x894f;
    private const byte IpProtoIgmp = 2;
    private const byte IpProtoIcmpv6 = 58;

    // Upstream offsets of the struct flow members that flow_wc_map() names.
    private const int UTunnel = 0;
    private const int UTunnelMetadata = 72;
    private const int USkbPriority = 416;
    private const int UDpHash = 424;
    private const int URecircId = 432;
    private const int UCtState = 436;
    private const int UCtNwProto = 437;
    private const int UCtMark = 440;
    private const int UPacketType = 444;
    private const int UCtLabel = 448;
    private const int UDlDst = 472;
    private const int UVlans = 488;
    private const int UMplsLse = 496;
    private const int UNwSrc = 512;
    private const int UCtNwSrc = 520;
    private const int UIpv6Src = 528;
    private const int UCtIpv6Src = 560;
    private const int UIpv6Label = 592;
    private const int UNdTarget = 600;
    private const int UArpSha = 616;
    private const int UNsh = 632;
    private const int UTpSrc = 656;
    private const int UIgmpGroup = 664;

    /// <summary>Each of our FlowLayout members: (our offset, size, offset of the same member in struct flow).</summary>
    private static readonly (int Ours, int Size, int Upstream)[] s_members =
    [
        (FlowLayout.TunDst, 4, 0), (FlowLayout.TunIpv6Dst, 16, 4), (FlowLayout.TunSrc, 4, 20),
        (FlowLayout.TunIpv6Src, 16, 24), (FlowLayout.TunId, 8, 40), (FlowLayout.TunFlags, 2, 48),
        (FlowLayout.TunTos, 1, 50), (FlowLayout.TunTtl, 1, 51), (FlowLayout.TunGbpId, 2, 56),
        (FlowLayout.TunGbpFlags, 1, 58), (FlowLayout.TunErspanVer, 1, 59), (FlowLayout.TunErspanIdx, 4, 60),
        (FlowLayout.TunErspanDir, 1, 64), (FlowLayout.TunErspanHwid, 1, 65), (FlowLayout.TunGtpuFlags, 1, 66),
        (FlowLayout.TunGtpuMsgtype, 1, 67), (FlowLayout.TunMetadataPresent, 8, 72),
        (FlowLayout.TunMetadataOpts, FlowLayout.TunMetadataOptsSize, 88),
        (FlowLayout.Metadata, 8, 344), (FlowLayout.Regs, 64, 352), (FlowLayout.SkbPriority, 4, 416),
        (FlowLayout.PktMark, 4, 420), (FlowLayout.DpHash, 4, 424), (FlowLayout.InPort, 2, 430),
        (FlowLayout.RecircId, 4, 432), (FlowLayout.CtState, 1, 436), (FlowLayout.CtNwProto, 1, 437),
        (FlowLayout.CtZone, 2, 438), (FlowLayout.CtMark, 4, 440), (FlowLayout.PacketType, 4, 444),
        (FlowLayout.CtLabel, 16, 448), (FlowLayout.ConjId, 4, 464), (FlowLayout.ActsetOutput, 2, 470),
        (FlowLayout.DlDst, 6, 472), (FlowLayout.DlSrc, 6, 478), (FlowLayout.DlType, 2, 484),
        (FlowLayout.VlanTpid, 2, 488), (FlowLayout.VlanTci, 2, 490), (FlowLayout.Vlan1Tpid, 2, 492),
        (FlowLayout.Vlan1Tci, 2, 494), (FlowLayout.MplsLse, 4, 496), (FlowLayout.MplsLse1, 4, 500),
        (FlowLayout.MplsLse2, 4, 504), (FlowLayout.NwSrc, 4, 512), (FlowLayout.NwDst, 4, 516),
        (FlowLayout.CtNwSrc, 4, 520), (FlowLayout.CtNwDst, 4, 524), (FlowLayout.Ipv6Src, 16, 528),
        (FlowLayout.Ipv6Dst, 16, 544), (FlowLayout.CtIpv6Src, 16, 560), (FlowLayout.CtIpv6Dst, 16, 576),
        (FlowLayout.Ipv6Label, 4, 592), (FlowLayout.NwFrag, 1, 596), (FlowLayout.NwTos, 1, 597),
        (FlowLayout.NwTtl, 1, 598), (FlowLayout.NwProto, 1, 599), (FlowLayout.NdTarget, 16, 600),
        (FlowLayout.ArpSha, 6, 616), (FlowLayout.ArpTha, 6, 622), (FlowLayout.TcpFlags, 2, 628),
        (FlowLayout.NshFlags, 1, 632), (FlowLayout.NshTtl, 1, 633), (FlowLayout.NshMdtype, 1, 634),
        (FlowLayout.NshNp, 1, 635), (FlowLayout.NshPathHdr, 4, 636), (FlowLayout.NshContext, 16, 640),
        (FlowLayout.TpSrc, 2, 656), (FlowLayout.TpDst, 2, 658), (FlowLayout.CtTpSrc, 2, 660),
        (FlowLayout.CtTpDst, 2, 662), (FlowLayout.IgmpGroupIp4, 4, 664),
    ];

    /// <summary>"miniflow_bits(N,M)" for a flow with this (masked) key and mask.</summary>
    public static string Format(in FlowData key, in FlowData mask)
    {
        (int unit0, int unit1) = Count(key, mask);
        return $"miniflow_bits({unit0},{unit1})";
    }

    /// <summary>How many relevant non-zero mask words fall in each of the two map units.</summary>
    public static (int Unit0, int Unit1) Count(in FlowData key, in FlowData mask)
    {
        Span<byte> upstream = stackalloc byte[UpstreamSize];
        upstream.Clear();
        ReadOnlySpan<byte> ours = mask.ReadOnlyBytes;
        foreach ((int o, int size, int u) in s_members)
        {
            if (o != FlowLayout.InPort)
            {
                ours.Slice(o, size).CopyTo(upstream[u..]);
            }
        }

        ulong map0 = 0;
        ulong map1 = 0;
        foreach ((int start, int end) in RelevantRanges(key))
        {
            for (int word = start / 8; word <= (end - 1) / 8; word++)
            {
                if (BinaryPrimitives.ReadUInt64LittleEndian(upstream[(word * 8)..]) == 0)
                {
                    continue;
                }

                if (word < UnitWords)
                {
                    map0 |= 1UL << word;
                }
                else
                {
                    map1 |= 1UL << (word - UnitWords);
                }
            }
        }

        return (System.Numerics.BitOperations.PopCount(map0), System.Numerics.BitOperations.PopCount(map1));
    }

    /// <summary>flow_wc_map(): the byte ranges [start, end) of struct flow that matter for this flow.</summary>
    private static List<(int Start, int End)> RelevantRanges(in FlowData key)
    {
        var ranges = new List<(int, int)>
        {
            (USkbPriority, USkbPriority + 8), // skb_priority, pkt_mark
            (UDpHash, UDpHash + 8), // dp_hash, in_port
            (URecircId, URecircId + 4),
            (UCtState, UCtState + 1),
            (UCtState + 2, UCtState + 4), // ct_zone
            (UCtMark, UCtMark + 4),
            (UPacketType, UPacketType + 4),
            (UCtLabel, UCtLabel + 16),
            (UDlDst, UDlDst + 14), // dl_dst, dl_src, dl_type
            (UVlans, UVlans + 8),
        };

        if (key.U32(FlowLayout.TunDst) != 0 || !key.IsZero(FlowLayout.TunIpv6Dst, 16))
        {
            ranges.Add((UTunnel, UTunnelMetadata));
            if (key.U64(FlowLayout.TunMetadataPresent) != 0)
            {
                ranges.Add((UTunnelMetadata, UTunnelMetadata + 16 + FlowLayout.TunMetadataOptsSize));
            }
        }

        ushort dlType = key.U16(FlowLayout.DlType);
        byte nwProto = key.U8(FlowLayout.NwProto);
        switch (dlType)
        {
            case EthTypeIp:
                ranges.Add((UNwSrc, UNwSrc + 8));
                ranges.Add((UIpv6Label + 4, UIpv6Label + 8)); // nw_frag, nw_tos, nw_ttl, nw_proto
                ranges.Add((UTpSrc, UTpSrc + 4));
                ranges.Add((UCtNwProto, UCtNwProto + 1));
                ranges.Add((UCtNwSrc, UCtNwSrc + 8));
                ranges.Add((UTpSrc + 4, UTpSrc + 8)); // ct_tp_src, ct_tp_dst
                ranges.Add(nwProto == IpProtoIgmp ? (UIgmpGroup, UIgmpGroup + 4) : (UArpSha + 12, UArpSha + 14));
                break;
            case EthTypeIpv6:
                ranges.Add((UIpv6Src, UIpv6Src + 32));
                ranges.Add((UIpv6Label, UIpv6Label + 8));
                ranges.Add((UTpSrc, UTpSrc + 4));
                if (nwProto == IpProtoIcmpv6 && key.U16(FlowLayout.TpDst) == 0
                    && key.U16(FlowLayout.TpSrc) is 135 or 136)
                {
                    ranges.Add((UNdTarget, UNdTarget + 16));
                    ranges.Add((UArpSha, UArpSha + 14)); // arp_sha, arp_tha, tcp_flags
                    ranges.Add((UIgmpGroup, UIgmpGroup + 4));
                }
                else
                {
                    ranges.Add((UCtNwProto, UCtNwProto + 1));
                    ranges.Add((UCtIpv6Src, UCtIpv6Src + 32));
                    ranges.Add((UTpSrc + 4, UTpSrc + 8));
                    ranges.Add((UArpSha + 12, UArpSha + 14));
                }

                break;
            case EthTypeMpls or EthTypeMplsMcast:
                ranges.Add((UMplsLse, UMplsLse + 16));
                break;
            case EthTypeArp or EthTypeRarp:
                ranges.Add((UNwSrc, UNwSrc + 8));
                ranges.Add((UIpv6Label + 7, UIpv6Label + 8));
                ranges.Add((UArpSha, UArpSha + 12));
                break;
            case EthTypeNsh:
                ranges.Add((UNsh, UNsh + 1)); // flags
                ranges.Add((UNsh + 2, UNsh + 24)); // mdtype, np, path_hdr, context
                break;
        }

        return ranges;
    }
}
