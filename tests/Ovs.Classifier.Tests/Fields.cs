// Test helpers: set fields of matches and flows by FlowLayout offset, keeping Match's invariant (values are
// zero outside the mask).
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

internal static class Fields
{
    public static void Set(ref Match match, int offset, int size, UInt128 value, UInt128 mask)
    {
        SetBits(ref match.Flow, offset, size, value & mask);
        SetBits(ref match.Wildcards.Masks, offset, size, mask);
    }

    public static void Exact(ref Match match, int offset, int size, UInt128 value) => Set(ref match, offset, size, value, Ones(size));

    /// <summary>A CIDR prefix of length bits on a field of size bytes.</summary>
    public static void Prefix(ref Match match, int offset, int size, UInt128 value, int length) =>
        Set(ref match, offset, size, value, PrefixMask(size, length));

    public static UInt128 PrefixMask(int size, int length) =>
        length == 0 ? UInt128.Zero : Ones(size) & ~(Ones(size) >> length);

    public static UInt128 Ones(int size) => size == 16 ? UInt128.MaxValue : (UInt128.One << (8 * size)) - 1;

    public static void SetBits(ref FlowData data, int offset, int size, UInt128 value)
    {
        Span<byte> bytes = data.Bytes.Slice(offset, size);
        for (int i = size - 1; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }
    }

    public static UInt128 Get(in FlowData data, int offset, int size)
    {
        UInt128 value = 0;
        foreach (byte b in data.ReadOnlyBytes.Slice(offset, size))
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>A flow with in_port, dl_type and IPv4 addresses set (the shape most tests need).</summary>
    public static FlowData Ipv4Flow(ushort inPort, uint src, uint dst, byte proto = 6, ushort tpDst = 80)
    {
        var flow = default(FlowData);
        flow.SetU16(FlowLayout.InPort, inPort);
        flow.SetU16(FlowLayout.DlType, 0x0800);
        flow.SetU32(FlowLayout.NwSrc, src);
        flow.SetU32(FlowLayout.NwDst, dst);
        flow.SetU8(FlowLayout.NwProto, proto);
        flow.SetU16(FlowLayout.TpDst, tpDst);
        return flow;
    }

    public static uint Ip(byte a, byte b, byte c, byte d) => ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
}
