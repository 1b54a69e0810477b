// Upstream: struct nsh_hdr and its accessors in include/openvswitch/nsh.h, odp_nsh_hdr_from_attr() and
// odp_set_nsh() in lib/odp-util.c and lib/odp-execute.c (OVS 3.1).
// The Network Service Header (RFC 8300): 16 bits of version, O/U flags, TTL and length in 4-byte words, the MD type,
// the next protocol and the service path header (SPI in the upper 24 bits, SI in the lower 8), then MD type 1's four
// context words or MD type 2's TLVs. push_nsh builds a header from ODP key attributes; set(nsh(...)) rewrites flags,
// TTL, path header and (for MD type 1) the context words of the header at L3. MD type 2 metadata is never rewritten.
using System.Buffers.Binary;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class NshHeader
{
    public const byte NextProtoIpv4 = 1;
    public const byte NextProtoIpv6 = 2;
    public const byte NextProtoEthernet = 3;
    public const byte NextProtoNsh = 4;

    public const int BaseSize = 8;
    public const int MaxSize = 252;

    private const byte MdType1 = 1;
    private const byte MdType2 = 2;
    private const int Md1Size = 16;
    private const ushort FlagsMask = 0x3000;
    private const ushort TtlMask = 0x0fc0;

    /// <summary>nsh_hdr_len(): the header length in bytes from its length field.</summary>
    public static int Length(ReadOnlySpan<byte> nsh) => (BinaryPrimitives.ReadUInt16BigEndian(nsh) & 0x3f) * 4;

    /// <summary>
    /// Builds the header push_nsh carries (its payload is one nsh key attribute with base and md1 or md2) into
    /// destination; returns its size, or -1 when the attributes do not describe a header.
    /// </summary>
    public static int Build(ReadOnlySpan<byte> pushPayload, Span<byte> destination)
    {
        var outer = new NlAttrReader(pushPayload);
        if (!outer.MoveNext())
        {
            return -1;
        }

        destination[..MaxSize].Clear();
        byte flags = 0, ttl = 63;
        int mdSize = 0;
        bool md1 = false, md2 = false;
        foreach (NlAttr a in outer.Current.Nested)
        {
            switch (a.Type)
            {
                case OdpNshAttr.Base when a.Size == 8:
                    flags = a.Payload[0];
                    ttl = a.Payload[1];
                    destination[2] = a.Payload[2];
                    destination[3] = a.Payload[3];
                    a.Payload.Slice(4, 4).CopyTo(destination[4..]);
                    break;
                case OdpNshAttr.Md1 when a.Size == Md1Size:
                    md1 = true;
                    mdSize = Md1Size;
                    a.Payload.CopyTo(destination[BaseSize..]);
                    break;
                case OdpNshAttr.Md2 when a.Size + BaseSize <= MaxSize:
                    md2 = true;
                    mdSize = a.Size;
                    a.Payload.CopyTo(destination[BaseSize..]);
                    break;
                default:
                    return -1;
            }
        }

        if ((md1 && destination[2] != MdType1) || (md2 && destination[2] != MdType2))
        {
            return -1;
        }

        int size = BaseSize + mdSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(((flags << 12) & FlagsMask) | ((ttl << 6) & TtlMask) | ((size / 4) & 0x3f)));
        return size;
    }

    /// <summary>set(nsh(...)) and its masked form; nested holds base and md1 attributes (each key then mask when masked).</summary>
    public static void Set(DpPacket p, ReadOnlySpan<byte> nested, bool masked)
    {
        if (p.L3Offset == DpPacket.NoOffset || p.Size - p.L3Offset < BaseSize
            || (p.PacketType != PacketLayers.PacketTypeNsh && PacketLayers.NetworkType(p) != PacketLayers.EthTypeNsh))
        {
            return;
        }

        Span<byte> nsh = p.Data[p.L3Offset..];
        foreach (NlAttr a in new NlAttrReader(nested))
        {
            int keySize = masked ? a.Size / 2 : a.Size;
            ReadOnlySpan<byte> key = a.Payload[..keySize];
            ReadOnlySpan<byte> mask = masked ? a.Payload[keySize..] : default;
            if (a.Type == OdpNshAttr.Base && keySize == 8)
            {
                SetBase(nsh, key, mask, masked);
            }
            else if (a.Type == OdpNshAttr.Md1 && keySize == Md1Size && (nsh[2] & 0x0f) == MdType1 && nsh.Length >= BaseSize + Md1Size)
            {
                for (int i = 0; i < 4; i++)
                {
                    Span<byte> word = nsh[(BaseSize + (4 * i))..];
                    uint k = BinaryPrimitives.ReadUInt32BigEndian(key[(4 * i)..]);
                    uint m = masked ? BinaryPrimitives.ReadUInt32BigEndian(mask[(4 * i)..]) : uint.MaxValue;
                    BinaryPrimitives.WriteUInt32BigEndian(word, k | (BinaryPrimitives.ReadUInt32BigEndian(word) & ~m));
                }
            }
        }
    }

    private static void SetBase(Span<byte> nsh, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool masked)
    {
        ushort hv = BinaryPrimitives.ReadUInt16BigEndian(nsh);
        int flags = (hv & FlagsMask) >> 12;
        int ttl = (hv & TtlMask) >> 6;
        uint keyPath = BinaryPrimitives.ReadUInt32BigEndian(key[4..]);
        uint path = BinaryPrimitives.ReadUInt32BigEndian(nsh[4..]);
        if (!masked)
        {
            flags = key[0];
            ttl = key[1];
            path = keyPath;
        }
        else
        {
            flags = key[0] | (flags & ~mask[0]);
            ttl = key[1] | (ttl & ~mask[1]);
            uint maskPath = BinaryPrimitives.ReadUInt32BigEndian(mask[4..]);
            uint spiMask = maskPath >> 8;
            uint siMask = maskPath & 0xff;

            // A full 24-bit SPI mask replaces the whole SPI, as upstream widens it to all ones.
            uint spi = (keyPath >> 8) | ((path >> 8) & ~(spiMask == 0x00ffffff ? uint.MaxValue : spiMask));
            uint si = (keyPath & 0xff) | (path & 0xff & ~siMask);
            path = (spi << 8) | (si & 0xff);
        }

        BinaryPrimitives.WriteUInt16BigEndian(nsh, (ushort)((hv & ~(FlagsMask | TtlMask)) | ((flags << 12) & FlagsMask) | ((ttl << 6) & TtlMask)));
        BinaryPrimitives.WriteUInt32BigEndian(nsh[4..], path);
    }
}
