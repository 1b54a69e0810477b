// Upstream: hash_int(), hash_uint64(), hash_boolean(), hash_bytes() of lib/hash.[ch] (the portable MurmurHash3-based
// versions), jhash_bytes() of lib/jhash.c and flow_hash_symmetric_l4() of lib/flow.c (OVS 3.1).
// The hashes select groups choose buckets with. Their values matter: the same flow must take the same bucket as
// with upstream. Byte strings are read as little-endian 32-bit words, as upstream's word loads are on x86.
using System.Buffers.Binary;
using System.Numerics;
using Ovs.Flow;
using Ovs.Flow.Packets;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class SelectHash
{
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

    /// <summary>hash_finish().</summary>
    public static uint Finish(uint hash, uint final)
    {
        hash ^= final;
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        return hash ^ (hash >> 16);
    }

    /// <summary>hash_int(): hash_2words(x, basis).</summary>
    public static uint Int(uint x, uint basis) => Finish(Add(Add(x, 0), basis), 8);

    /// <summary>hash_uint64(): hash_uint64_basis(x, 0).</summary>
    public static uint Uint64(ulong x) => Finish(Add(Add(0, (uint)x), (uint)(x >> 32)), 8);

    /// <summary>hash_boolean().</summary>
    public static uint Boolean(bool x, uint basis) => (x ? 0xc2b73583u : 0xe90f1258u) ^ BitOperations.RotateLeft(basis, 1);

    /// <summary>hash_bytes(): 32-bit words, the tail zero-padded, the length folded in at the end.</summary>
    public static uint Bytes(ReadOnlySpan<byte> p, uint basis)
    {
        uint hash = basis;
        int n = p.Length;
        int i = 0;
        for (; n - i >= 4; i += 4)
        {
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(p[i..]));
        }

        if (i < n)
        {
            Span<byte> tail = stackalloc byte[4];
            tail.Clear();
            p[i..].CopyTo(tail);
            hash = Add(hash, BinaryPrimitives.ReadUInt32LittleEndian(tail));
        }

        return Finish(hash, (uint)n);
    }

    /// <summary>jhash_bytes(): Bob Jenkins' lookup3 hash.</summary>
    public static uint Jenkins(ReadOnlySpan<byte> p, uint basis)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)p.Length + basis;
        while (p.Length >= 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(p);
            b += BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(p[8..]);
            Mix(ref a, ref b, ref c);
            p = p[12..];
        }

        if (p.Length > 0)
        {
            Span<byte> tail = stackalloc byte[12];
            tail.Clear();
            p.CopyTo(tail);
            a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
            b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
            Final(ref a, ref b, ref c);
        }

        return c;
    }

    /// <summary>
    /// flow_hash_symmetric_l4(): the same for both directions of a connection: the XOR of the MAC addresses, of the
    /// VIDs, of the IP addresses and (TCP and SCTP only) of the ports, with the Ethernet type and IP protocol.
    /// </summary>
    public static uint SymmetricL4(in FlowData flow, uint basis)
    {
        // The upstream struct: address union (16), eth_type, vlan_tci, tp_port, eth_addr (6), ip_proto, padding.
        Span<byte> fields = stackalloc byte[32];
        fields.Clear();
        ReadOnlySpan<byte> f = flow.ReadOnlyBytes;
        for (int i = 0; i < 6; i++)
        {
            fields[22 + i] = (byte)(f[FlowLayout.DlSrc + i] ^ f[FlowLayout.DlDst + i]);
        }

        ushort tci = 0;
        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            tci ^= (ushort)(VlanHeaders.Tci(in flow, i) & 0x0fff);
        }

        BinaryPrimitives.WriteUInt16BigEndian(fields[18..], tci);
        ushort dlType = flow.U16(FlowLayout.DlType);
        BinaryPrimitives.WriteUInt16BigEndian(fields[16..], dlType);
        int addr = dlType == EthType.Ip ? 4 : dlType == EthType.Ipv6 ? 16 : 0;
        if (addr != 0)
        {
            int src = addr == 4 ? FlowLayout.NwSrc : FlowLayout.Ipv6Src, dst = addr == 4 ? FlowLayout.NwDst : FlowLayout.Ipv6Dst;
            for (int i = 0; i < addr; i++)
            {
                fields[i] = (byte)(f[src + i] ^ f[dst + i]);
            }

            byte proto = f[FlowLayout.NwProto];
            fields[28] = proto;
            if (proto is IpProto.Tcp or IpProto.Sctp)
            {
                fields[20] = (byte)(f[FlowLayout.TpSrc] ^ f[FlowLayout.TpDst]);
                fields[21] = (byte)(f[FlowLayout.TpSrc + 1] ^ f[FlowLayout.TpDst + 1]);
            }
        }

        return Jenkins(fields, basis);
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
