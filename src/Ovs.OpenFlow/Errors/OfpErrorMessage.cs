// Upstream: lib/ofp-errors.c, ofperr_decode_msg(), ofperr_encode_reply() and ofperr_encode_hello() (OVS 3.1)
//
// OFPT_ERROR on the wire has three shapes. A standard error is (type, code). A Nicira error in OpenFlow 1.0 and 1.1
// is type NXET_VENDOR (0xb0c2), code NXVC_VENDOR_ERROR (0) followed by (vendor, type, code). An extension error in
// OpenFlow 1.2 and later is type OFPET12_EXPERIMENTER (0xffff) with the experimenter's type in the code field,
// followed by the experimenter (vendor) id. Whatever follows is the payload: usually the start of the offending
// request, or text for hello failures.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Errors;

/// <summary>Why an error reply does not carry exactly the requested error in the requested version.</summary>
internal enum OfpErrorEncodeNote : byte
{
    None,

    /// <summary>The version is not one we know, so the reply uses OpenFlow 1.0.</summary>
    UnknownVersion,

    /// <summary>The error has no encoding in the version, so NXBRC_UNENCODABLE_ERROR went instead.</summary>
    Unencodable,
}

internal static class OfpErrorMessage
{
    public const ushort TypeNiciraVendor = 0xb0c2;
    public const ushort CodeNiciraVendorError = 0;
    public const ushort TypeExperimenter = 0xffff;

    /// <summary>
    /// Decodes the error in <paramref name="body"/>, the body of an OFPT_ERROR of version <paramref name="version"/>.
    /// Returns None when the body is too short for its shape or names no error known in that version.
    /// </summary>
    public static OfpError Decode(byte version, ReadOnlySpan<byte> body, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var reader = new OfpReader(body);
        if (!reader.TryReadUInt16(out ushort type) || !reader.TryReadUInt16(out ushort code))
        {
            return OfpError.None;
        }

        uint vendor = 0;
        if (type == TypeNiciraVendor && code == CodeNiciraVendorError)
        {
            if (!reader.TryReadUInt32(out vendor) || !reader.TryReadUInt16(out type) || !reader.TryReadUInt16(out code))
            {
                return OfpError.None;
            }
        }
        else if (type == TypeExperimenter)
        {
            if (!reader.TryReadUInt32(out vendor))
            {
                return OfpError.None;
            }

            type = code;
            code = 0;
        }

        OfpError error = OfpErrorTable.Decode(version, vendor, type, code);
        if (error != OfpError.None)
        {
            payload = reader.Rest;
        }

        return error;
    }

    /// <summary>
    /// Writes the OFPT_ERROR that answers <paramref name="request"/> (a whole message) with <paramref name="error"/>:
    /// same version and xid, carrying the request itself (as much as fits in a message).
    /// </summary>
    public static OfpErrorEncodeNote EncodeReply(OfpError error, ReadOnlySpan<byte> request, IBufferWriter<byte> writer)
    {
        OfpHeader header = OfpHeader.Read(request);
        return Encode(error, header.Version, header.Xid, request[..Math.Min(request.Length, header.Length)], writer);
    }

    /// <summary>Writes an OFPT_ERROR with xid 0 whose payload is <paramref name="text"/>, as hello failures carry.</summary>
    public static OfpErrorEncodeNote EncodeHello(OfpError error, byte version, ReadOnlySpan<byte> text, IBufferWriter<byte> writer) =>
        Encode(error, version, 0, text, writer);

    public static OfpErrorEncodeNote Encode(OfpError error, byte version, uint xid, ReadOnlySpan<byte> data, IBufferWriter<byte> writer)
    {
        OfpErrorEncodeNote note = OfpErrorEncodeNote.None;
        if (!OfpVersions.IsKnown(version))
        {
            note = OfpErrorEncodeNote.UnknownVersion;
            version = OfpVersions.Min;
        }

        if (!OfpErrorTable.TryGetMapping(error, version, out OfpErrorMapping mapping))
        {
            note = OfpErrorEncodeNote.Unencodable;
            OfpErrorTable.TryGetMapping(OfpError.NxbrcUnencodableError, version, out mapping);
        }

        int fixedSize = OfpHeader.Size + 4 + mapping.Vendor switch
        {
            OfpErrorVendor.Of => 0,
            _ when version <= (byte)OfpVersion.Of11 => 8,
            _ => 4,
        };
        int dataSize = Math.Min(data.Length, ushort.MaxValue - fixedSize);
        int size = fixedSize + dataSize;
        Span<byte> span = writer.GetSpan(size)[..size];
        new OfpHeader(version, OfpMessageTypes.Error, (ushort)size, xid).Write(span);
        Span<byte> p = span[OfpHeader.Size..];
        if (mapping.Vendor == OfpErrorVendor.Of)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, mapping.Type);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], mapping.Code);
            p = p[4..];
        }
        else if (version <= (byte)OfpVersion.Of11)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, TypeNiciraVendor);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], CodeNiciraVendorError);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], (uint)mapping.Vendor);
            BinaryPrimitives.WriteUInt16BigEndian(p[8..], mapping.Type);
            BinaryPrimitives.WriteUInt16BigEndian(p[10..], mapping.Code);
            p = p[12..];
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, TypeExperimenter);
            BinaryPrimitives.WriteUInt16BigEndian(p[2..], mapping.Type);
            BinaryPrimitives.WriteUInt32BigEndian(p[4..], (uint)mapping.Vendor);
            p = p[8..];
        }

        data[..dataSize].CopyTo(p);
        writer.Advance(size);
        return note;
    }
}
