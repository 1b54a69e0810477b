// Upstream: nx_pull_raw(), nx_pull_match(), oxm_pull_match() and their _loose variants in lib/nx-match.c
// (OVS 3.1).
// Decodes an nx_match or OXM match into a Match. Strict decoding (what a switch does with a peer's flow_mod)
// checks prerequisites; loose decoding skips unknown fields. The result is the first error met, as upstream
// reports it; decoding is allocation-free.
using System.Buffers.Binary;
using Ovs.Flow.Fields;

namespace Ovs.Flow.Nxm;

internal static class NxmDecoder
{
    /// <summary>Decodes a bare sequence of NXM/OXM entries (no ofp11_match_header, no padding).</summary>
    public static NxmError DecodeEntries(
        ReadOnlySpan<byte> entries, bool strict, bool allowCookie, out Match match, out ulong cookie, out ulong cookieMask,
        bool pipelineFieldsOnly = false)
    {
        match = default;
        cookie = 0;
        cookieMask = 0;
        Span<byte> maskBuffer = stackalloc byte[128];
        Span<byte> optionValue = stackalloc byte[128];
        Span<byte> optionMask = stackalloc byte[128];
        var reader = new NxmReader(entries);
        while (reader.Remaining > 0)
        {
            NxmError error = reader.TryRead(allowCookie, out OxmHeader header, out FieldInfo? field, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mask);
            if (error == NxmError.BadField && !strict)
            {
                continue;
            }

            if (error != NxmError.None)
            {
                return error;
            }

            if (field is null)
            {
                // The cookie pseudo-field: allowed once.
                if (cookieMask != 0)
                {
                    return NxmError.DupField;
                }

                cookie = BinaryPrimitives.ReadUInt64BigEndian(value);
                cookieMask = header.HasMask ? BinaryPrimitives.ReadUInt64BigEndian(mask) : ulong.MaxValue;
                continue;
            }

            scoped ReadOnlySpan<byte> fullMask = mask;
            if (!header.HasMask)
            {
                maskBuffer.Fill(0xff);
                fullMask = maskBuffer[..value.Length];
            }

            if (!FieldAccess.IsMaskValid(field, fullMask))
            {
                return NxmError.BadMask;
            }

            if (!FieldAccess.IsValueValid(field, value))
            {
                return NxmError.BadValue;
            }

            if (strict && !Prerequisites.AreMet(in match, field))
            {
                return NxmError.BadPrereq;
            }

            if (!FieldAccess.IsAllWild(in match, field))
            {
                return NxmError.DupField;
            }

            if (pipelineFieldsOnly && !IsPipelineField(field))
            {
                return NxmError.PipelineFieldsOnly;
            }

            if (FieldAccess.IsTunMetadata(field))
            {
                // Options come with their own length; the match lays them out (no TLV table here).
                Span<byte> paddedValue = optionValue[..field.Size];
                Span<byte> paddedMask = optionMask[..field.Size];
                paddedValue.Clear();
                value.CopyTo(paddedValue[(field.Size - value.Length)..]);
                bool exact = !header.HasMask;
                if (!exact)
                {
                    paddedMask.Clear();
                    mask.CopyTo(paddedMask[(field.Size - mask.Length)..]);
                }

                if (FieldAccess.SetTunMetadata(ref match, field, paddedValue, exact ? default : paddedMask) is not null)
                {
                    return NxmError.BadValue;
                }

                continue;
            }

            FieldAccess.Set(ref match, field, value, fullMask);
            if (field.Prereq != FieldPrereq.None)
            {
                match.SetDefaultPacketType();
            }
        }

        return NxmError.None;
    }

    /// <summary>Decodes an nx_match of matchLength bytes padded to 8 at the start of data (NXT_FLOW_MOD style).</summary>
    public static NxmError DecodeNxMatch(ReadOnlySpan<byte> data, int matchLength, bool strict, out Match match, out ulong cookie, out ulong cookieMask)
    {
        match = default;
        cookie = cookieMask = 0;
        if (matchLength > 0 && ((matchLength + 7) & ~7) > data.Length)
        {
            return NxmError.BadLen;
        }

        return DecodeEntries(data[..matchLength], strict, allowCookie: true, out match, out cookie, out cookieMask);
    }

    /// <summary>Decodes an OXM match (ofp11_match_header of type OFPMT_OXM, entries, padding to 8).</summary>
    public static NxmError DecodeOxmMatch(ReadOnlySpan<byte> data, bool strict, out Match match, out int consumed, bool pipelineFieldsOnly = false)
    {
        match = default;
        consumed = 0;
        if (data.Length < 4)
        {
            return NxmError.BadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (length < 4)
        {
            return NxmError.BadLen;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(data) != 1)
        {
            return NxmError.BadType;
        }

        int padded = (length + 7) & ~7;
        if (padded > data.Length)
        {
            return NxmError.BadLen;
        }

        consumed = padded;
        return DecodeEntries(data[4..length], strict, allowCookie: false, out match, out _, out _, pipelineFieldsOnly);
    }

    // Upstream mf_is_pipeline_field: metadata that survives between tables and across a controller round trip.
    internal static bool IsPipelineField(FieldInfo field) => field.Id switch
    {
        FieldId.TunId or FieldId.TunSrc or FieldId.TunDst or FieldId.TunIpv6Src or FieldId.TunIpv6Dst or FieldId.TunFlags
            or FieldId.TunGbpId or FieldId.TunGbpFlags or FieldId.TunErspanVer or FieldId.TunErspanIdx or FieldId.TunErspanDir
            or FieldId.TunErspanHwid or FieldId.TunGtpuFlags or FieldId.TunGtpuMsgtype or FieldId.Metadata or FieldId.InPort
            or FieldId.InPortOxm or FieldId.PacketType => true,
        >= FieldId.TunMetadata0 and <= FieldId.TunMetadata63 => true,
        >= FieldId.Reg0 and <= FieldId.Xxreg3 => true,
        _ => false,
    };
}
