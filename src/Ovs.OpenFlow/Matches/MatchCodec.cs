// Upstream: nx_pull_match(), oxm_pull_match() and their _loose variants (lib/nx-match.c) and
// ofputil_pull_ofp11_match() (lib/ofp-match.c), OVS 3.1.
// The matches OpenFlow messages carry, as the OpenFlow layer sees them: Ovs.Flow's NXM/OXM decoder with its
// errors mapped to OfpError and the warning upstream logs for a value with 1-bits outside its mask, and the
// OpenFlow 1.1+ match that is either the standard 88-byte structure or OXM.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Matches;

internal static class MatchCodec
{
    public static OfpError ToOfpError(NxmError error) => error switch
    {
        NxmError.None => OfpError.None,
        NxmError.BadType => OfpError.OfpbmcBadType,
        NxmError.BadLen => OfpError.OfpbmcBadLen,
        NxmError.BadField => OfpError.OfpbmcBadField,
        NxmError.BadWildcards => OfpError.OfpbmcBadWildcards,
        NxmError.BadMask => OfpError.OfpbmcBadMask,
        NxmError.BadValue => OfpError.OfpbmcBadValue,
        NxmError.BadPrereq => OfpError.OfpbmcBadPrereq,
        NxmError.DupField => OfpError.OfpbmcDupField,
        NxmError.PipelineFieldsOnly => OfpError.OfpbrcPipelineFieldsOnly,
        _ => OfpError.OfpbmcBadField,
    };

    /// <summary>Decodes bare NXM/OXM entries (no header, no padding).</summary>
    public static OfpError PullEntries(
        ReadOnlySpan<byte> entries, bool strict, bool allowCookie, OfpWarningSink? warn, out Match match, out ulong cookie, out ulong cookieMask)
    {
        NxmError error = NxmDecoder.DecodeEntries(entries, strict, allowCookie, out match, out cookie, out cookieMask);
        WarnAbout(error, entries, allowCookie, warn);
        return ToOfpError(error);
    }

    /// <summary>
    /// An nx_match of matchLength bytes, padded to a multiple of 8 in data (Nicira messages). Without
    /// <paramref name="allowCookie"/> (a message with nowhere to put a cookie) the cookie pseudo-field is an unknown field.
    /// </summary>
    public static OfpError PullNxMatch(
        ReadOnlySpan<byte> data, int matchLength, bool strict, OfpWarningSink? warn, out Match match, out ulong cookie, out ulong cookieMask,
        bool allowCookie = true)
    {
        match = default;
        cookie = cookieMask = 0;
        int padded = (matchLength + 7) & ~7;
        if (padded > data.Length)
        {
            return OfpError.OfpbmcBadLen;
        }

        return PullEntries(data[..matchLength], strict, allowCookie, warn, out match, out cookie, out cookieMask);
    }

    /// <summary>
    /// An OXM match: ofp11_match_header of type OFPMT_OXM, entries, padding; consumed is the padded length. With
    /// <paramref name="pipelineFieldsOnly"/> a field other than packet metadata (as a packet-out carries) is an error.
    /// </summary>
    public static OfpError PullOxmMatch(
        ReadOnlySpan<byte> data, bool strict, OfpWarningSink? warn, out Match match, out int consumed, bool pipelineFieldsOnly = false)
    {
        NxmError error = NxmDecoder.DecodeOxmMatch(data, strict, out match, out consumed, pipelineFieldsOnly);
        if (error is NxmError.BadWildcards or NxmError.BadValue)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            WarnAbout(error, data[4..length], false, warn);
        }

        return ToOfpError(error);
    }

    /// <summary>The match of an OpenFlow 1.1+ message: the standard structure (1.1) or OXM (1.2+, strict).</summary>
    public static OfpError PullOfp11Match(ReadOnlySpan<byte> data, OfpWarningSink? warn, out Match match, out int consumed)
    {
        match = default;
        consumed = 0;
        if (data.Length < 4)
        {
            return OfpError.OfpbmcBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        switch (BinaryPrimitives.ReadUInt16BigEndian(data))
        {
            case Ofp11Match.TypeStandard:
                if (length != Ofp11Match.Size || data.Length < Ofp11Match.Size)
                {
                    return OfpError.OfpbmcBadLen;
                }

                consumed = Ofp11Match.Size;
                return Ofp11Match.TryDecode(data, warn, out match);
            case Ofp11Match.TypeOxm:
                return PullOxmMatch(data, strict: true, warn, out match, out consumed);
            default:
                return OfpError.OfpbmcBadType;
        }
    }

    /// <summary>Writes match as OpenFlow 1.1 (standard) or 1.2+ (OXM) for wire version; returns the bytes written.</summary>
    public static int PutOfp11Match(IBufferWriter<byte> output, in Match match, byte version)
    {
        if (version == 2)
        {
            Span<byte> span = output.GetSpan(Ofp11Match.Size);
            Ofp11Match.Encode(in match, span);
            output.Advance(Ofp11Match.Size);
            return Ofp11Match.Size;
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        NxmEncoder.EncodeOxmMatch(buffer, in match, version);
        output.Write(buffer.WrittenSpan);
        return buffer.WrittenCount;
    }

    private static void WarnAbout(NxmError error, ReadOnlySpan<byte> entries, bool allowCookie, OfpWarningSink? warn)
    {
        if (error == NxmError.BadWildcards)
        {
            WarnInconsistentMask(entries, allowCookie, warn);
        }
        else if (error == NxmError.BadValue)
        {
            WarnBadPort(entries, allowCookie, warn);
        }
    }

    // Checking a 32-bit port field (the OXM in_port, actset_output) logs why a port is out of range, as upstream's
    // ofputil_port_from_ofp11() does; the first entry with a bad value is the one that failed the match.
    private static void WarnBadPort(ReadOnlySpan<byte> entries, bool allowCookie, OfpWarningSink? warn)
    {
        if (warn is null)
        {
            return;
        }

        var reader = new NxmReader(entries);
        while (reader.Remaining > 0)
        {
            NxmError error = reader.TryRead(allowCookie, out _, out FieldInfo? field, out ReadOnlySpan<byte> value, out _);
            if (error is not NxmError.None and not NxmError.BadField)
            {
                return;
            }

            if (error != NxmError.None || field is null || FieldAccess.IsValueValid(field, value))
            {
                continue;
            }

            if (field.Id is FieldId.InPortOxm or FieldId.ActsetOutput)
            {
                warn("ofp_port", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture,
                    $"port {BinaryPrimitives.ReadUInt32BigEndian(value)} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff"));
            }

            return;
        }
    }

    // Upstream logs the first entry whose value has 1-bits where its mask has 0-bits, as
    // "vendor:class:field:hasmask:length".
    internal static void WarnInconsistentMask(ReadOnlySpan<byte> entries, bool allowCookie, OfpWarningSink? warn)
    {
        if (warn is null)
        {
            return;
        }

        var reader = new NxmReader(entries);
        while (reader.Remaining > 0)
        {
            NxmError error = reader.TryRead(allowCookie, out OxmHeader header, out _, out _, out _);
            if (error == NxmError.BadWildcards)
            {
                string vendor = header.Experimenter == 0 ? "0" : "0x" + header.Experimenter.ToString("x", CultureInfo.InvariantCulture);
                warn("nx_match", OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture,
                    $"Rejecting NXM/OXM entry {vendor}:{header.Class}:{header.Field}:{(header.HasMask ? 1 : 0)}:{header.Length} with 1-bits in value for bits wildcarded by the mask."));
                return;
            }

            if (error is not NxmError.None and not NxmError.BadField)
            {
                return;
            }
        }
    }
}
