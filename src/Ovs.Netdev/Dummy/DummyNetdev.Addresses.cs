// Upstream: netdev_dummy_set_in4()/set_in6(), get_addr_list() and the ARP responder in netdev_dummy_send() of
// lib/netdev-dummy.c (OVS 3.1)
//
// A dummy device may be given an IPv4 and an IPv6 address (netdev-dummy/ip4addr and ip6addr), which tunnel and
// routing code reads back. With an IPv4 address set, the device answers ARP requests for it that it is asked to
// send: the reply (from the device's MAC, to the requester's Ethernet source) enters receive queue 0 as if a host
// behind the device had answered, which lets tests resolve next hops without a real network.
using System.Buffers.Binary;
using Ovs.Flow.Packets;
using Ovs.Netdev.Routing;

namespace Ovs.Netdev.Dummy;

internal sealed partial class DummyNetdev : INetdevAddresses
{
    private const ushort EthTypeArp = 0x0806;
    private const int ArpPacketSize = 42;

    private uint _ipv4;
    private uint _ipv4Mask;
    private Ipv6Address _ipv6;
    private Ipv6Address _ipv6Mask;

    /// <summary>Sets the IPv4 address and mask (host order); 0 removes the address.</summary>
    public void SetIpv4(uint address, uint mask)
    {
        lock (_sync)
        {
            _ipv4 = address;
            _ipv4Mask = mask;
        }

        Changed();
    }

    public void SetIpv6(Ipv6Address address, Ipv6Address mask)
    {
        lock (_sync)
        {
            _ipv6 = address;
            _ipv6Mask = mask;
        }

        Changed();
    }

    /// <summary>The configured addresses with their masks, IPv4 first, as upstream's get_addr_list.</summary>
    public IReadOnlyList<(Ipv6Address Address, Ipv6Address Mask)> GetAddresses()
    {
        var list = new List<(Ipv6Address, Ipv6Address)>(2);
        lock (_sync)
        {
            if (_ipv4 != 0)
            {
                list.Add((MapIpv4(_ipv4), MapIpv4(_ipv4Mask)));
            }

            if (_ipv6 != Ipv6Address.Zero)
            {
                list.Add((_ipv6, _ipv6Mask));
            }
        }

        return list;
    }

    // ::ffff:a.b.c.d, the IPv4-mapped form upstream's address lists use.
    private static Ipv6Address MapIpv4(uint address)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        bytes[10] = 0xff;
        bytes[11] = 0xff;
        BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], address);
        return Ipv6Address.Read(bytes);
    }

    // Called under _sync for each frame Send accepted.
    private void AnswerArpLocked(ReadOnlySpan<byte> frame)
    {
        if (_ipv4 == 0)
        {
            return;
        }

        int offset = 12;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        while ((type == 0x8100 || type == 0x88a8) && frame.Length >= offset + 6)
        {
            offset += 4;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }

        offset += 2;
        if (type != EthTypeArp || frame.Length < offset + 28)
        {
            return;
        }

        ReadOnlySpan<byte> arp = frame.Slice(offset, 28);
        bool ethernetIpv4 = BinaryPrimitives.ReadUInt16BigEndian(arp) == 1
            && BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) == 0x0800
            && arp[4] == 6 && arp[5] == 4;
        if (!ethernetIpv4 || BinaryPrimitives.ReadUInt16BigEndian(arp[6..]) != 1
            || BinaryPrimitives.ReadUInt32BigEndian(arp[24..]) != _ipv4)
        {
            return;
        }

        Span<byte> reply = stackalloc byte[ArpPacketSize];
        reply.Clear();
        frame.Slice(6, 6).CopyTo(reply);
        _mac.Write(reply[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(reply[12..], EthTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(reply[14..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(reply[16..], 0x0800);
        reply[18] = 6;
        reply[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(reply[20..], 2);
        _mac.Write(reply[22..]);
        BinaryPrimitives.WriteUInt32BigEndian(reply[28..], _ipv4);
        frame.Slice(6, 6).CopyTo(reply[32..]);
        arp.Slice(14, 4).CopyTo(reply[38..]);
        InjectLocked(reply, 0);
    }
}
