// Upstream: the hash action of odp_execute_actions() (lib/odp-execute.c), flow_hash_5tuple(),
// flow_hash_symmetric_l3l4() and flow_hash_symmetric_l2() of lib/flow.c, and hash_add()/hash_finish() of lib/hash.h
// (the portable MurmurHash3-based versions) (OVS 3.1).
// The dp_hash a hash(l4(basis)) or hash(sym_l4(basis)) action stores in the packet. The values are upstream's:
// select groups pick buckets by them, so the same packet must land in the same bucket as with upstream. Flow fields
// are fed to the hash as the 32- or 64-bit words they form in memory on a little-endian machine (network-order bytes
// read little-endian), which is what upstream's casts of struct flow members amount to on x86.
using System.Buffers.Binary;
using System.Numerics;
using Ovs.Flow;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class DpHash
{
    public const uint AlgorithmL4 = 0;
    public const uint AlgorithmSymmetricL4 = 1;

    private const byte FragmentAny = 1;

    /// <summary>The dp_hash for the packet, or false for an unknown algorithm.</summary>
    public static bool TryCompute(DpPacket p, uint algorithm, uint basis, out uint hash)
    {
        hash = 0;
        if (algorithm == AlgorithmL4 && (p.Offloads & DpPacketOffloads.RssHash) != 0)
        {
            // The NIC's RSS hash stands in for the 5-tuple, as upstream does for speed.
            hash = Finish(Add(Add(p.RssHash, 0), basis), 8);
            return true;
        }

        if (algorithm is not AlgorithmL4 and not AlgorithmSymmetricL4)
        {
            return false;
        }

        // Extraction refreshes the layer offsets too, which the actions that follow can only profit from.
        FlowData flow = default;
        PacketLayers.Parse(p, ref flow);
        hash = algorithm == AlgorithmL4 ? FiveTuple(in flow, basis) : SymmetricL3L4(in flow, basis);
        return true;
    }

    /// <summary>flow_hash_5tuple().</summary>
    public static uint FiveTuple(in FlowData flow, uint basis)
    {
        uint hash = basis;
        ReadOnlySpan<byte> f = flow.ReadOnlyBytes;
        ushort dlType = flow.U16(FlowLayout.DlType);
        if (dlType == PacketLayers.EthTypeIpv6)
        {
            for (int i = 0; i < 4; i++)
            {
                hash = Add64(hash, BinaryPrimitives.ReadUInt64LittleEndian(f[(FlowLayout.Ipv6Src + (8 * i))..]));
            }
        }
        else if (dlType is PacketLayers.EthTypeIpv4 or PacketLayers.EthTypeArp)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(f[FlowLayout.NwSrc..]));
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(f[FlowLayout.NwDst..]));
        }
        else
        {
            return Finish(hash, 42);
        }

        byte proto = f[FlowLayout.NwProto];
        hash = Add(hash, proto);
        if (proto is PacketLayers.ProtoTcp or PacketLayers.ProtoUdp or PacketLayers.ProtoSctp or PacketLayers.ProtoIcmp
            or PacketLayers.ProtoIcmpv6)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(f[FlowLayout.TpSrc..]));
        }

        return Finish(hash, 42);
    }

    /// <summary>flow_hash_symmetric_l3l4() without UDP ports, falling back to the symmetric L2 hash for non-IP.</summary>
    public static uint SymmetricL3L4(in FlowData flow, uint basis)
    {
        uint hash = basis;
        ReadOnlySpan<byte> f = flow.ReadOnlyBytes;
        ushort dlType = flow.U16(FlowLayout.DlType);
        if (dlType == PacketLayers.EthTypeIpv4)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(f[FlowLayout.NwSrc..]) ^ BinaryPrimitives.ReadUInt32LittleEndian(f[FlowLayout.NwDst..]));
        }
        else if (dlType == PacketLayers.EthTypeIpv6)
        {
            for (int i = 0; i < 2; i++)
            {
                hash = Add64(hash, BinaryPrimitives.ReadUInt64LittleEndian(f[(FlowLayout.Ipv6Src + (8 * i))..])
                    ^ BinaryPrimitives.ReadUInt64LittleEndian(f[(FlowLayout.Ipv6Dst + (8 * i))..]));
            }
        }
        else
        {
            return SymmetricL2(in flow, basis);
        }

        byte proto = f[FlowLayout.NwProto];
        hash = Add(hash, proto);
        if ((f[FlowLayout.NwFrag] & FragmentAny) == 0 && proto is PacketLayers.ProtoTcp or PacketLayers.ProtoSctp)
        {
            hash = Add(hash, (uint)(BinaryPrimitives.ReadUInt16LittleEndian(f[FlowLayout.TpSrc..]) ^ BinaryPrimitives.ReadUInt16LittleEndian(f[FlowLayout.TpDst..])));
        }

        return Finish(hash, basis);
    }

    /// <summary>flow_hash_symmetric_l2(): Ethernet type, the VIDs, and the XOR of the two MAC addresses.</summary>
    public static uint SymmetricL2(in FlowData flow, uint basis)
    {
        if (flow.U32(FlowLayout.PacketType) != PacketLayers.PacketTypeEthernet)
        {
            return 0;
        }

        ReadOnlySpan<byte> f = flow.ReadOnlyBytes;
        Span<byte> fields = stackalloc byte[12];
        f.Slice(FlowLayout.DlType, 2).CopyTo(fields);
        ushort vid = (ushort)((flow.U16(FlowLayout.VlanTci) ^ flow.U16(FlowLayout.Vlan1Tci)) & 0x0fff);
        BinaryPrimitives.WriteUInt16BigEndian(fields[2..], vid);
        for (int i = 0; i < 6; i++)
        {
            fields[4 + i] = (byte)(f[FlowLayout.DlSrc + i] ^ f[FlowLayout.DlDst + i]);
        }

        fields[10] = 0;
        fields[11] = 0;
        uint hash = basis;
        for (int i = 0; i < 3; i++)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(fields[(4 * i)..]));
        }

        return Finish(hash, basis);
    }

    /// <summary>hash_add(): one MurmurHash3 mixing round.</summary>
    public static uint Add(uint hash, uint data)
    {
        data *= 0xcc9e2d51;
        data = BitOperations.RotateLeft(data, 15);
        data *= 0x1b873593;
        hash ^= data;
        hash = BitOperations.RotateLeft(hash, 13);
        return (hash * 5) + 0xe6546b64;
    }

    public static uint Add64(uint hash, ulong data) => Add(Add(hash, (uint)data), (uint)(data >> 32));

    /// <summary>hash_finish(): MurmurHash3's final avalanche after mixing in <paramref name="final"/>.</summary>
    public static uint Finish(uint hash, uint final)
    {
        hash ^= final;
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
