// Upstream: lib/ofp-util.c, ofputil_decode_hello() and ofputil_encode_hello() (OVS 3.1)
//
// A hello announces the versions its sender speaks: with no elements, every version up to the header's; with a
// version-bitmap element (type 1), exactly the versions whose bits are set in its first 32-bit word. Elements are
// padded to 8 bytes. Decoding always yields a bitmap; Complete is false when some element could not be understood,
// and Warnings lists what upstream's ofp_util module would warn about.
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>What a hello's version bitmap said that upstream warns about.</summary>
[Flags]
internal enum HelloWarnings : byte
{
    None = 0,
    ClaimsVersionZero = 1,
    NoVersions = 2,
}

internal readonly record struct Hello(uint AllowedVersions, bool Complete, HelloWarnings Warnings)
{
    private const ushort ElementVersionBitmap = 1;

    /// <summary>Decodes the hello <paramref name="message"/> (the whole message).</summary>
    public static Hello Decode(ReadOnlySpan<byte> message)
    {
        byte version = message[0];
        uint allowed = OfpVersions.BitmapUpTo(version);
        HelloWarnings warnings = HelloWarnings.None;
        var reader = new OfpReader(message[OfpHeader.Size..]);
        bool complete = true;
        while (reader.Remaining > 0)
        {
            ReadOnlySpan<byte> element = reader.Rest;
            if (element.Length < 4)
            {
                return new Hello(allowed, false, warnings);
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(element);
            ushort length = BinaryPrimitives.ReadUInt16BigEndian(element[2..]);
            if (length < 4 || !reader.TrySkip((length + 7) & ~7))
            {
                return new Hello(allowed, false, warnings);
            }

            if (type != ElementVersionBitmap || !TryDecodeBitmap(element[4..length], ref allowed, ref warnings))
            {
                complete = false;
            }
        }

        return new Hello(allowed, complete, warnings);
    }

    /// <summary>
    /// Encodes a hello for <paramref name="allowedVersions"/> with xid <paramref name="xid"/>: the header carries the
    /// highest version, and a bitmap element follows unless the set is exactly 1 through that version.
    /// </summary>
    public static void Encode(uint allowedVersions, uint xid, IBufferWriter<byte> writer)
    {
        byte version = (byte)(31 - BitOperations.LeadingZeroCount(allowedVersions));
        bool needsBitmap = !BitOperations.IsPow2((allowedVersions >> 1) + 1);
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.OfptHello, version, xid, needsBitmap ? 8 : 0, out int total);
        if (needsBitmap)
        {
            BinaryPrimitives.WriteUInt16BigEndian(body, ElementVersionBitmap);
            BinaryPrimitives.WriteUInt16BigEndian(body[2..], 8);
            BinaryPrimitives.WriteUInt32BigEndian(body[4..], allowedVersions);
        }

        writer.Advance(total);
    }

    /// <summary>The highest version both bitmaps allow, or 0 when they share none (version negotiation).</summary>
    public static byte Negotiate(uint ours, uint theirs)
    {
        uint common = ours & theirs;
        return common == 0 ? (byte)0 : (byte)(31 - BitOperations.LeadingZeroCount(common));
    }

    private static bool TryDecodeBitmap(ReadOnlySpan<byte> bitmap, ref uint allowed, ref HelloWarnings warnings)
    {
        if (bitmap.Length == 0 || bitmap.Length % 4 != 0)
        {
            return false;
        }

        // Only the first word matters until some OpenFlow version exceeds 31.
        uint versions = BinaryPrimitives.ReadUInt32BigEndian(bitmap);
        if ((versions & 1) != 0)
        {
            warnings |= HelloWarnings.ClaimsVersionZero;
            versions &= ~1u;
        }

        if (versions == 0)
        {
            warnings |= HelloWarnings.NoVersions;
            return false;
        }

        allowed = versions;
        return true;
    }
}
