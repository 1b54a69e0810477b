// Upstream: nx_pull_header__() and nx_pull_entry__() of lib/nx-match.c (OVS 3.1).
// Reads one NXM/OXM entry (header, value and optional mask) off the front of a span, with every length checked
// before it is read. Value and mask are slices of the input: nothing is copied or allocated.
using System.Buffers.Binary;
using Ovs.Flow.Fields;

namespace Ovs.Flow.Nxm;

internal ref struct NxmReader
{
    /// <summary>NXM_NX_COOKIE: class 1, field 30, 8 bytes; only valid in flow_mod and flow stats requests.</summary>
    public const ulong CookieKey = (1UL << 16) | (30UL << 9);

    private ReadOnlySpan<byte> _rest;

    public NxmReader(ReadOnlySpan<byte> data) => _rest = data;

    public readonly int Remaining => _rest.Length;

    /// <summary>
    /// Pulls one entry. On success field is the known field (or null for an unknown header, reported as
    /// BadField after the whole entry has been consumed, or for the cookie pseudo-field when allowed).
    /// </summary>
    public NxmError TryRead(bool allowCookie, out OxmHeader header, out FieldInfo? field, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mask)
    {
        field = null;
        value = default;
        mask = default;
        header = default;
        if (_rest.Length < 4)
        {
            return NxmError.BadLen;
        }

        uint first = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        uint experimenter = 0;
        if ((first >> 16) == OxmHeader.ExperimenterClass)
        {
            if (_rest.Length < 8)
            {
                return NxmError.BadLen;
            }

            experimenter = BinaryPrimitives.ReadUInt32BigEndian(_rest[4..]);
        }

        header = OxmHeader.FromWords(first, experimenter);
        if (header.Length < header.HeaderSize - 4)
        {
            return NxmError.BadLen;
        }

        _rest = _rest[header.HeaderSize..];
        NxmError headerError = NxmError.None;
        if (!TryLookup(header, out field) && !(allowCookie && IsCookie(header)))
        {
            headerError = NxmError.BadField;
        }

        int payload = header.PayloadSize;
        if (_rest.Length < payload)
        {
            return NxmError.BadLen;
        }

        ReadOnlySpan<byte> body = _rest[..payload];
        _rest = _rest[payload..];
        int width = header.FieldSize;
        value = body[..width];
        if (header.HasMask)
        {
            mask = body.Slice(width, width);
            for (int i = 0; i < width; i++)
            {
                if ((value[i] & ~mask[i]) != 0)
                {
                    return NxmError.BadWildcards;
                }
            }
        }

        return headerError;
    }

    // NXM_NX_COOKIE and NXM_NX_COOKIE_W are whole headers: another length is an unknown field.
    private static bool IsCookie(OxmHeader header) => header.Key == CookieKey && header.Length == (header.HasMask ? 16 : 8);

    /// <summary>The field a header denotes, requiring its length to be the field's (upstream nxm_field_by_header).</summary>
    public static bool TryLookup(OxmHeader header, out FieldInfo? field)
    {
        field = null;
        if (!FieldTable.TryGetByHeader(header, out FieldInfo f, out OxmHeader known))
        {
            return false;
        }

        int exact = header.FieldSize + (header.IsExperimenter ? 4 : 0);
        // A variable-length field (the tunnel metadata options) may be shorter than its maximum, never longer.
        if (f.VariableLength ? exact > known.Length : exact != known.Length)
        {
            return false;
        }

        field = f;
        return true;
    }
}
