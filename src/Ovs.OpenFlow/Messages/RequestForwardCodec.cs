// Upstream: lib/ofp-monitor.c, ofputil_decode_requestforward() and ofputil_encode_requestforward() (OVS 3.1).
//
// A request forwarded to the other controllers: OFPT_REQUESTFORWARD (OpenFlow 1.4+), ONFT_REQUESTFORWARD (1.3) or
// NXT_REQUESTFORWARD (1.0-1.2), whose body is a whole group mod or meter mod of the same version, with the xid of the
// original request. The outer xid is zero.
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class RequestForwardCodec
{
    /// <summary>
    /// Checks the message carried by a request-forward (<paramref name="body"/> follows the outer headers of
    /// <paramref name="message"/>) and identifies it: it must fit, have the outer version, decode, and be a group or
    /// meter mod. On success <paramref name="inner"/> is the inner message, trailing bytes excluded.
    /// </summary>
    public static OfpError TryDecodeInner(ReadOnlySpan<byte> message, ReadOnlySpan<byte> body, OfpWarningSink? warn, out ReadOnlySpan<byte> inner, out OfpRawInfo? info)
    {
        inner = default;
        info = null;
        if (body.Length < OfpHeader.Size)
        {
            return OfpError.OfpbfcMsgBadLen;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        if (length < OfpHeader.Size || length > body.Length)
        {
            return OfpError.OfpbfcMsgBadLen;
        }

        if (body[0] != message[0])
        {
            return OfpError.OfpbrcBadVersion;
        }

        ReadOnlySpan<byte> candidate = body[..length];
        OfpError error = OfpRawDecoder.TryDecode(candidate, out info, out _, out OfpDecodeProblem problem);
        if (problem.FormatWarning() is { } warning)
        {
            warn?.Invoke("ofp_msgs", OfpLogLevel.Warn, warning);
        }

        if (error != OfpError.None)
        {
            info = null;
            return error;
        }

        if (info!.Raw is not (OfpRaw.NxtGroupMod or OfpRaw.Ofpt11GroupMod or OfpRaw.Ofpt15GroupMod or OfpRaw.Ofpt13MeterMod))
        {
            info = null;
            return OfpError.OfpbfcMsgUnsup;
        }

        inner = candidate;
        return OfpError.None;
    }

    /// <summary>Forwards <paramref name="gm"/>, encoded for <paramref name="version"/> with the original request's xid.</summary>
    public static byte[] EncodeGroupMod(GroupMod gm, byte version, uint requestXid, IReadOnlyList<GroupBucket>? newBuckets = null, int groupExisted = -1) =>
        Encode(GroupCodec.EncodeGroupMod(gm, version, requestXid, newBuckets, groupExisted), version);

    /// <summary>Wraps an already encoded group or meter mod of wire version <paramref name="version"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> innerMessage, byte version)
    {
        OfpRaw raw = version switch
        {
            < (byte)OfpVersion.Of13 => OfpRaw.NxtRequestforward,
            (byte)OfpVersion.Of13 => OfpRaw.Onft13Requestforward,
            _ => OfpRaw.Ofpt14Requestforward,
        };
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Span<byte> span = OfpEncoder.Begin(output, raw, version, 0, innerMessage.Length, out int total);
        innerMessage.CopyTo(span);
        output.Advance(total);
        return output.WrittenSpan.ToArray();
    }
}
