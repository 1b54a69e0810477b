// Upstream: odp_execute_set_action() and odp_execute_masked_set_action() in lib/odp-execute.c (OVS 3.1).
// set(key) and set(key, mask) on one packet. The action's payload is one key attribute; in the masked form the
// attribute holds the key followed by a mask of the same size, and only the bits set in the mask change. An
// unmasked set is the masked one with an all-ones mask, except for the keys that only have an unmasked form (icmp,
// icmpv6, tunnel). Keys that cannot be set (in_port, vlan, ethertype, ct_*, packet_type...) and keys of the wrong
// size leave the packet unchanged, where upstream would abort: the datapath never builds such actions.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class OdpSetAction
{
    private const int MaxKeySize = 40;

    public static void Execute(DpPacket p, ReadOnlySpan<byte> setPayload, bool masked)
    {
        var reader = new NlAttrReader(setPayload);
        if (!reader.MoveNext())
        {
            return;
        }

        NlAttr attr = reader.Current;
        int expected = OdpKeyAttr.ExpectedSize(attr.Type);
        if (attr.Type is OdpKeyAttr.Tunnel or OdpKeyAttr.Nsh)
        {
            ExecuteNested(p, attr, masked);
            return;
        }

        int keySize = masked ? attr.Size / 2 : attr.Size;
        if (attr.Type == OdpKeyAttr.Mpls)
        {
            expected = 4;
        }

        if (expected <= 0 || keySize != expected || (masked && attr.Size != 2 * expected))
        {
            return;
        }

        ReadOnlySpan<byte> key = attr.Payload[..keySize];
        Span<byte> ones = stackalloc byte[MaxKeySize];
        ones.Fill(0xff);
        ReadOnlySpan<byte> mask = masked ? attr.Payload[keySize..] : ones[..keySize];
        switch (attr.Type)
        {
            case OdpKeyAttr.Priority:
                p.SkbPriority = MaskedU32(key, mask, p.SkbPriority);
                break;
            case OdpKeyAttr.SkbMark:
                p.PktMark = MaskedU32(key, mask, p.PktMark);
                break;
            case OdpKeyAttr.DpHash:
                p.DpHash = MaskedU32(key, mask, p.DpHash);
                break;
            case OdpKeyAttr.RecircId:
                p.RecircId = MaskedU32(key, mask, p.RecircId);
                break;
            case OdpKeyAttr.Ethernet:
                PacketRewrite.SetEthernet(p, key, mask);
                break;
            case OdpKeyAttr.Ipv4:
                PacketRewrite.SetIpv4(p, key, mask);
                break;
            case OdpKeyAttr.Ipv6:
                PacketRewrite.SetIpv6(p, key, mask);
                break;
            case OdpKeyAttr.Tcp:
                TransportRewrite.SetPorts(p, PacketLayers.ProtoTcp, key, mask);
                break;
            case OdpKeyAttr.Udp:
                TransportRewrite.SetPorts(p, PacketLayers.ProtoUdp, key, mask);
                break;
            case OdpKeyAttr.Sctp:
                TransportRewrite.SetPorts(p, PacketLayers.ProtoSctp, key, mask);
                break;
            case OdpKeyAttr.Icmp when !masked:
                TransportRewrite.SetIcmp(p, PacketLayers.ProtoIcmp, key[0], key[1]);
                break;
            case OdpKeyAttr.Icmpv6 when !masked:
                TransportRewrite.SetIcmp(p, PacketLayers.ProtoIcmpv6, key[0], key[1]);
                break;
            case OdpKeyAttr.Mpls:
                PacketEncap.SetMplsLse(p, BinaryPrimitives.ReadUInt32BigEndian(key), BinaryPrimitives.ReadUInt32BigEndian(mask));
                break;
            case OdpKeyAttr.Arp:
                PacketRewrite.SetArp(p, key, mask);
                break;
            case OdpKeyAttr.Nd:
                TransportRewrite.SetNd(p, key, mask);
                break;
            case OdpKeyAttr.NdExtensions:
                TransportRewrite.SetNdExtensions(p, key, mask);
                break;
        }
    }

    private static void ExecuteNested(DpPacket p, NlAttr attr, bool masked)
    {
        if (attr.Type == OdpKeyAttr.Nsh)
        {
            NshHeader.Set(p, attr.Payload, masked);
        }
        else if (!masked)
        {
            TunnelKeyReader.TryRead(attr.Payload, ref p.Tunnel);
        }
    }

    private static uint MaskedU32(ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, uint old)
    {
        // These metadata keys are host order, as the datapath interface carries plain counters.
        uint k = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(key) : BinaryPrimitives.ReadUInt32BigEndian(key);
        uint m = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(mask) : BinaryPrimitives.ReadUInt32BigEndian(mask);
        return k | (old & ~m);
    }
}
