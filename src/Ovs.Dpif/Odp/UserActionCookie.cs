// Upstream: struct user_action_cookie in lib/odp-util.h (OVS 3.1).
// The 48-byte userdata that ofproto puts in userspace() actions so that an upcall tells why it happened. It is
// private to one running Open vSwitch, so it is laid out in host byte order (except the VLAN TCI and the rule
// cookie, which are network order), exactly as ovs-vswitchd lays it out:
//   0 u16 type, 2 u16 ofp_in_port, 4 uuid ofproto_uuid (16 bytes), 20.. per-type union (see the offsets below).
using System.Buffers.Binary;

namespace Ovs.Dpif.Odp;

internal static class UserActionCookie
{
    public const int Size = 48;

    public const ushort Unspec = 0;
    public const ushort Sflow = 1;
    public const ushort SlowPath = 2;
    public const ushort FlowSample = 3;
    public const ushort Ipfix = 4;
    public const ushort Controller = 5;

    /// <summary>OFPP_NONE, the in_port of cookies that dpctl builds from text.</summary>
    public const ushort OfppNone = 0xffff;

    public static string? SlowPathReason(uint bit) => bit switch
    {
        0x01 => "cfm",
        0x02 => "bfd",
        0x04 => "lacp",
        0x08 => "stp",
        0x10 => "lldp",
        0x20 => "action",
        0x40 => "match",
        _ => null,
    };

    public static ushort Type(ReadOnlySpan<byte> c) => ReadU16(c, 0);

    public static ushort ReadU16(ReadOnlySpan<byte> c, int offset) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(c[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(c[offset..]);

    public static uint ReadU32(ReadOnlySpan<byte> c, int offset) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(c[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(c[offset..]);

    public static void WriteU16(Span<byte> c, int offset, ushort value) => BitConverter.TryWriteBytes(c[offset..], value);

    public static void WriteU32(Span<byte> c, int offset, uint value) => BitConverter.TryWriteBytes(c[offset..], value);

    /// <summary>Starts a cookie of the given type for ofproto "none" (what text parsing produces).</summary>
    public static void Init(Span<byte> c, ushort type)
    {
        c[..Size].Clear();
        WriteU16(c, 0, type);
        WriteU16(c, 2, OfppNone);
    }
}
