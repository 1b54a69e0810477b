// Upstream: lib/ofp-msgs.c, ofphdrs_decode(), ofpraw_pull() and ofpraw_decode_partial() (OVS 3.1)
//
// Classifies a message by its headers: the version and type, then for statistics messages the stats type, and for
// vendor messages the vendor and subtype (only Nicira and ONF are known; Nicira alone in OpenFlow 1.0 statistics).
// The result is the catalogue row; a full decode also checks the length against the row's body shape. Lookup is one
// frozen-dictionary probe on a small struct key, so classification allocates nothing.
using System.Buffers.Binary;
using System.Collections.Frozen;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Wire;

internal static class OfpRawDecoder
{
    private const ushort StatVendor = 0xffff;

    private static readonly FrozenDictionary<Key, OfpRawInfo> s_index = BuildIndex();

    /// <summary>The catalogue row of <paramref name="raw"/>.</summary>
    public static OfpRawInfo Info(OfpRaw raw) => OfpRawTable.Rows[(int)raw - 1];

    /// <summary>
    /// Identifies <paramref name="message"/> (of which only the headers need be present) without checking its
    /// length, as for the possibly truncated copy of a request inside an error reply.
    /// </summary>
    public static OfpError TryClassify(ReadOnlySpan<byte> message, out OfpRawInfo? info, out OfpDecodeProblem problem)
    {
        info = null;
        problem = default;
        OfpError error = ReadHeaders(message, out Key key, out bool isStats);
        if (error != OfpError.None)
        {
            if (error == OfpError.OfpbrcBadVendor)
            {
                problem = new OfpDecodeProblem(OfpDecodeProblemKind.UnknownVendor, key.Version, key.Type, isStats, key.Stat, key.Vendor, 0, null, message.Length, 0);
            }

            return error;
        }

        if (s_index.TryGetValue(key, out info))
        {
            return OfpError.None;
        }

        problem = new OfpDecodeProblem(OfpDecodeProblemKind.UnknownMessage, key.Version, key.Type, isStats, key.Stat, key.Vendor, key.Subtype, null, message.Length, 0);
        return key.Vendor != 0 ? OfpError.OfpbrcBadSubtype : isStats ? OfpError.OfpbrcBadStat : OfpError.OfpbrcBadType;
    }

    /// <summary>
    /// Identifies the whole message <paramref name="message"/> and checks that its size suits its type. On success
    /// <paramref name="body"/> is what follows the headers.
    /// </summary>
    public static OfpError TryDecode(ReadOnlySpan<byte> message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out OfpDecodeProblem problem)
    {
        body = default;
        OfpError error = TryClassify(message, out info, out problem);
        if (error != OfpError.None)
        {
            return error;
        }

        byte version = message[0];
        int headerSize = info!.HeaderSize(version);
        int minSize = headerSize + info.MinBody;
        bool ok = info.ExtraMultiple switch
        {
            0 => message.Length == minSize,
            1 => message.Length >= minSize,
            _ => message.Length >= minSize && (message.Length - minSize) % info.ExtraMultiple == 0,
        };
        if (!ok)
        {
            problem = new OfpDecodeProblem(OfpDecodeProblemKind.BadLength, version, message[1], info.IsStats, 0, 0, 0, info, message.Length, minSize);
            info = null;
            return OfpError.OfpbrcBadLen;
        }

        body = message[headerSize..];
        return OfpError.None;
    }

    /// <summary>Whether a message of this version and type is a statistics request or reply.</summary>
    public static bool IsStatsType(byte version, byte type) =>
        version == OfpVersions.Min ? type is 16 or 17 : type is 18 or 19;

    /// <summary>Whether a message of this version and type is a statistics request.</summary>
    public static bool IsStatsRequestType(byte version, byte type) => type == (version == OfpVersions.Min ? 16 : 18);

    private static OfpError ReadHeaders(ReadOnlySpan<byte> m, out Key key, out bool isStats)
    {
        key = default;
        isStats = false;
        if (m.Length < OfpHeader.Size)
        {
            return OfpError.OfpbrcBadLen;
        }

        byte version = m[0];
        byte type = m[1];
        key = new Key(version, type, 0, 0, 0);
        if (type == OfpHeader.TypeVendor)
        {
            if (m.Length < 16)
            {
                return OfpError.OfpbrcBadLen;
            }

            uint vendor = BinaryPrimitives.ReadUInt32BigEndian(m[8..]);
            key = key with { Vendor = vendor };
            if (vendor is not (OfpRawInfo.NiciraVendor or OfpRawInfo.OnfVendor))
            {
                return OfpError.OfpbrcBadVendor;
            }

            key = key with { Subtype = BinaryPrimitives.ReadUInt32BigEndian(m[12..]) };
            return OfpError.None;
        }

        if (!IsStatsType(version, type))
        {
            return OfpError.None;
        }

        isStats = true;
        bool v10 = version == OfpVersions.Min;
        if (m.Length < (v10 ? 12 : 16))
        {
            return OfpError.OfpbrcBadLen;
        }

        ushort stat = BinaryPrimitives.ReadUInt16BigEndian(m[8..]);
        key = key with { Stat = stat };
        if (stat != StatVendor)
        {
            return OfpError.None;
        }

        // OpenFlow 1.0 reads the vendor from a 16-byte header and needs the subtype only for Nicira; later versions
        // need the whole 24-byte vendor statistics header before looking at the vendor.
        int vendorOffset = v10 ? 12 : 16;
        if (m.Length < (v10 ? 16 : 24))
        {
            return OfpError.OfpbrcBadLen;
        }

        uint statsVendor = BinaryPrimitives.ReadUInt32BigEndian(m[vendorOffset..]);
        key = key with { Vendor = statsVendor };
        if (!(statsVendor == OfpRawInfo.NiciraVendor || (!v10 && statsVendor == OfpRawInfo.OnfVendor)))
        {
            return OfpError.OfpbrcBadVendor;
        }

        if (m.Length < 24)
        {
            return OfpError.OfpbrcBadLen;
        }

        key = key with { Subtype = BinaryPrimitives.ReadUInt32BigEndian(m[(vendorOffset + 4)..]) };
        return OfpError.None;
    }

    private static FrozenDictionary<Key, OfpRawInfo> BuildIndex()
    {
        var index = new Dictionary<Key, OfpRawInfo>();
        foreach (OfpRawInfo info in OfpRawTable.Rows)
        {
            for (int v = info.MinVersion; v <= info.MaxVersion; v++)
            {
                byte version = (byte)v;
                byte type = info.HeaderType(version);
                Key key = info.Kind switch
                {
                    OfpRawKind.Ofpt => new Key(version, type, 0, 0, 0),
                    OfpRawKind.Nxt or OfpRawKind.Onft => new Key(version, type, 0, info.Vendor, info.Number),
                    OfpRawKind.Ofpst => new Key(version, type, (ushort)info.Number, 0, 0),
                    _ => new Key(version, type, StatVendor, info.Vendor, info.Number),
                };
                index.Add(key, info);
            }
        }

        return index.ToFrozenDictionary();
    }

    private readonly record struct Key(byte Version, byte Type, ushort Stat, uint Vendor, uint Subtype);
}
