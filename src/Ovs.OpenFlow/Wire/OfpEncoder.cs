// Upstream: lib/ofp-msgs.c, ofpraw_alloc_xid() and ofpraw_put__() (OVS 3.1)
//
// Messages are encoded in one pass into an IBufferWriter: the encoder computes the total size first (bodies here are
// small and their sizes known), so every header, including the length, is written before the body and nothing is
// copied or back-patched.
using System.Buffers;
using System.Buffers.Binary;

namespace Ovs.OpenFlow.Wire;

internal static class OfpEncoder
{
    /// <summary>
    /// Reserves a message of <paramref name="raw"/> in <paramref name="version"/> with a body of
    /// <paramref name="bodySize"/> bytes, writes all its headers, and returns the zeroed body to fill. The caller then
    /// calls <c>writer.Advance(total)</c>.
    /// </summary>
    public static Span<byte> Begin(IBufferWriter<byte> writer, OfpRaw raw, byte version, uint xid, int bodySize, out int total, ushort statsFlags = 0)
    {
        OfpRawInfo info = OfpRawDecoder.Info(raw);
        int headerSize = info.HeaderSize(version);
        total = headerSize + bodySize;
        if (total > ushort.MaxValue)
        {
            throw new InvalidOperationException($"{info.Name} of {total} bytes does not fit in one message");
        }

        Span<byte> span = writer.GetSpan(total)[..total];
        span.Clear();
        new OfpHeader(version, info.HeaderType(version), (ushort)total, xid).Write(span);
        switch (info.Kind)
        {
            case OfpRawKind.Nxt:
            case OfpRawKind.Onft:
                BinaryPrimitives.WriteUInt32BigEndian(span[8..], info.Vendor);
                BinaryPrimitives.WriteUInt32BigEndian(span[12..], info.Number);
                break;
            case OfpRawKind.Ofpst:
                BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)info.Number);
                BinaryPrimitives.WriteUInt16BigEndian(span[10..], statsFlags);
                break;
            case OfpRawKind.Nxst:
            case OfpRawKind.Onfst:
                BinaryPrimitives.WriteUInt16BigEndian(span[8..], 0xffff);
                BinaryPrimitives.WriteUInt16BigEndian(span[10..], statsFlags);
                int vendorOffset = version == OfpVersions.Min ? 12 : 16;
                BinaryPrimitives.WriteUInt32BigEndian(span[vendorOffset..], info.Vendor);
                BinaryPrimitives.WriteUInt32BigEndian(span[(vendorOffset + 4)..], info.Number);
                break;
            default:
                break;
        }

        return span[headerSize..];
    }
}
