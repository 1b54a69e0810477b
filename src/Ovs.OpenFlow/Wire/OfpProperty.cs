// Upstream: lib/ofp-prop.c, ofpprop_pull() and the ofpprop_parse_*() helpers (OVS 3.1).
// OpenFlow properties: a 4-byte header (type, length including the header), the payload, padding to 8. Types from
// 0xffff up are experimenter properties whose header adds an experimenter id and type.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Wire;

internal static class OfpProperty
{
    /// <summary>
    /// Pulls one property off the front of data. type is the 16-bit type, or for experimenter properties
    /// (experimenter id &lt;&lt; 32 | experimenter type). payload excludes the header and the padding.
    /// </summary>
    public static OfpError TryPull(scoped ref ReadOnlySpan<byte> data, out ulong type, out ReadOnlySpan<byte> payload, int alignment = 8, int minExperimenter = 0xffff)
    {
        type = 0;
        payload = default;
        if (data.Length < 4)
        {
            return OfpError.OfpbpcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        int padded = (length + alignment - 1) / alignment * alignment;
        if (length < 4 || padded > data.Length)
        {
            return OfpError.OfpbpcBadLen;
        }

        ushort t = BinaryPrimitives.ReadUInt16BigEndian(data);
        int headerSize = 4;
        if (t < minExperimenter)
        {
            type = t;
        }
        else
        {
            if (length < 12)
            {
                return OfpError.OfpbpcBadLen;
            }

            uint experimenter = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            if (experimenter == 0)
            {
                return OfpError.OfpbpcBadExperimenter;
            }

            type = ((ulong)experimenter << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
            headerSize = 12;
        }

        payload = data[headerSize..length];
        data = data[padded..];
        return OfpError.None;
    }

    /// <summary>ofpprop_parse_u8: at least one byte.</summary>
    public static OfpError ParseU8(ReadOnlySpan<byte> payload, out byte value)
    {
        value = payload.IsEmpty ? (byte)0 : payload[0];
        return payload.IsEmpty ? OfpError.OfpbpcBadLen : OfpError.None;
    }

    /// <summary>ofpprop_parse_u32: exactly four bytes.</summary>
    public static OfpError ParseU32(ReadOnlySpan<byte> payload, out uint value)
    {
        value = payload.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : 0;
        return payload.Length == 4 ? OfpError.None : OfpError.OfpbpcBadLen;
    }

    /// <summary>ofpprop_parse_be64/u64 of a 4-byte-header property: 4 bytes of padding, then the value.</summary>
    public static OfpError ParseU64(ReadOnlySpan<byte> payload, out ulong value)
    {
        value = payload.Length == 12 ? BinaryPrimitives.ReadUInt64BigEndian(payload[4..]) : 0;
        return payload.Length == 12 ? OfpError.None : OfpError.OfpbpcBadLen;
    }

    /// <summary>Writes a property with its header and padding to 8.</summary>
    public static void Put(IBufferWriter<byte> writer, ushort type, ReadOnlySpan<byte> payload)
    {
        int length = 4 + payload.Length;
        int padded = (length + 7) & ~7;
        Span<byte> span = writer.GetSpan(padded)[..padded];
        span.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(span, type);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        payload.CopyTo(span[4..]);
        writer.Advance(padded);
    }

    public static void PutU8(IBufferWriter<byte> writer, ushort type, byte value) => Put(writer, type, [value]);

    public static void PutU32(IBufferWriter<byte> writer, ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        Put(writer, type, b);
    }

    public static void PutU64(IBufferWriter<byte> writer, ushort type, ulong value)
    {
        Span<byte> b = stackalloc byte[12];
        b.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(b[4..], value);
        Put(writer, type, b);
    }
}
