// Upstream: ofp10_match_to_string() and its print_wild() helpers in lib/ofp-match.c (OVS 3.1).
//
// The raw text of an ofp10_match, as ofp-print shows an OpenFlow 1.0 flow_mod at verbosity 3 and up: straight from
// the wire structure (no normalization), every field in a fixed order, "*" for a wildcarded field (wildcarded fields
// are left out below verbosity 2), nw_src/nw_dst as address/prefix, and ip/tcp/udp/... in place of dl_type and
// nw_proto when they are exact.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Matches;

namespace Ovs.OpenFlow.Text;

internal static class Ofp10MatchText
{
    public static void Append(StringBuilder s, ReadOnlySpan<byte> om, int verbosity)
    {
        int start = s.Length;
        uint w = BinaryPrimitives.ReadUInt32BigEndian(om);
        ushort dlType = BinaryPrimitives.ReadUInt16BigEndian(om[22..]);
        byte nwProto = om[25];
        bool skipType = false, skipProto = false;
        if ((w & Ofp10Match.DlType) == 0)
        {
            skipType = true;
            string? shorthand = dlType switch
            {
                EthType.Arp => "arp",
                EthType.Rarp => "rarp",
                EthType.Mpls => "mpls",
                EthType.MplsMulticast => "mplsm",
                _ => null,
            };
            if (dlType == EthType.Ip)
            {
                shorthand = "ip";
                if ((w & Ofp10Match.NwProto) == 0)
                {
                    skipProto = true;
                    switch (nwProto)
                    {
                        case IpProto.Icmp: shorthand = "icmp"; break;
                        case IpProto.Tcp: shorthand = "tcp"; break;
                        case IpProto.Udp: shorthand = "udp"; break;
                        case IpProto.Sctp: shorthand = "sctp"; break;
                        default: skipProto = false; break;
                    }
                }
            }

            if (shorthand is null)
            {
                skipType = false;
            }
            else
            {
                s.Append(shorthand).Append(',');
            }
        }

        Wild(s, "in_port=", (w & Ofp10Match.InPort) != 0, verbosity, OfpPortText.Format(U16(om, 4)));
        Wild(s, "dl_vlan=", (w & Ofp10Match.DlVlan) != 0, verbosity, U16(om, 18).ToString(CultureInfo.InvariantCulture));
        Wild(s, "dl_vlan_pcp=", (w & Ofp10Match.DlVlanPcp) != 0, verbosity, om[20].ToString(CultureInfo.InvariantCulture));
        Wild(s, "dl_src=", (w & Ofp10Match.DlSrc) != 0, verbosity, EthAddr.Read(om[6..]).ToString());
        Wild(s, "dl_dst=", (w & Ofp10Match.DlDst) != 0, verbosity, EthAddr.Read(om[12..]).ToString());
        if (!skipType)
        {
            Wild(s, "dl_type=", (w & Ofp10Match.DlType) != 0, verbosity, "0x" + dlType.ToString("x4", CultureInfo.InvariantCulture));
        }

        IpNetmask(s, "nw_src=", BinaryPrimitives.ReadUInt32BigEndian(om[28..]), (int)((w >> Ofp10Match.NwSrcShift) & 0x3f), verbosity);
        IpNetmask(s, "nw_dst=", BinaryPrimitives.ReadUInt32BigEndian(om[32..]), (int)((w >> Ofp10Match.NwDstShift) & 0x3f), verbosity);
        if (!skipProto)
        {
            string leader = dlType is EthType.Arp or EthType.Rarp ? "arp_op=" : "nw_proto=";
            Wild(s, leader, (w & Ofp10Match.NwProto) != 0, verbosity, nwProto.ToString(CultureInfo.InvariantCulture));
        }

        Wild(s, "nw_tos=", (w & Ofp10Match.NwTos) != 0, verbosity, om[24].ToString(CultureInfo.InvariantCulture));
        bool icmp = nwProto == IpProto.Icmp;
        Wild(s, icmp ? "icmp_type=" : "tp_src=", (w & Ofp10Match.TpSrc) != 0, verbosity, U16(om, 36).ToString(CultureInfo.InvariantCulture));
        Wild(s, icmp ? "icmp_code=" : "tp_dst=", (w & Ofp10Match.TpDst) != 0, verbosity, U16(om, 38).ToString(CultureInfo.InvariantCulture));
        if (s.Length > start && s[^1] == ',')
        {
            s.Length--;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> om, int offset) => BinaryPrimitives.ReadUInt16BigEndian(om[offset..]);

    private static void Wild(StringBuilder s, string leader, bool wild, int verbosity, string value)
    {
        if (wild && verbosity < 2)
        {
            return;
        }

        s.Append(leader).Append(wild ? "*" : value).Append(',');
    }

    private static void IpNetmask(StringBuilder s, string leader, uint ip, int wildBits, int verbosity)
    {
        if (wildBits >= 32 && verbosity < 2)
        {
            return;
        }

        s.Append(leader);
        if (wildBits < 32)
        {
            Ipv4Text.Append(s, ip);
            if (wildBits != 0)
            {
                s.Append('/').Append(32 - wildBits);
            }
        }
        else
        {
            s.Append('*');
        }

        s.Append(',');
    }
}
