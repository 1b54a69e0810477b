// Upstream: lib/ofp-bundle.c, ofputil_decode_bundle_ctrl(), ofputil_encode_bundle_ctrl_request(),
// ofputil_encode_bundle_ctrl_reply(), ofputil_decode_bundle_add(), ofputil_encode_bundle_add() and
// ofputil_is_bundlable() (OVS 3.1)
//
// OpenFlow bundles: OFPT_BUNDLE_CONTROL (OpenFlow 1.4+; ONFT_BUNDLE_CONTROL, the ONF extension, in OpenFlow 1.3)
// opens, closes, commits and discards a bundle; OFPT_BUNDLE_ADD_MESSAGE (ONFT_BUNDLE_ADD_MESSAGE) carries one whole
// message into it. Both bodies start with the bundle id (32 bits) and flags (16 bits); a control message has its
// type between them, an add message padding. Properties are neither sent nor read.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>OFPBCT_*: what a bundle control message asks or answers.</summary>
internal enum BundleControlType : ushort
{
    OpenRequest = 0,
    OpenReply = 1,
    CloseRequest = 2,
    CloseReply = 3,
    CommitRequest = 4,
    CommitReply = 5,
    DiscardRequest = 6,
    DiscardReply = 7,
}

/// <summary>OFPBF_*: how a bundle is to be committed.</summary>
[Flags]
internal enum BundleFlags : ushort
{
    None = 0,
    Atomic = 1,
    Ordered = 2,
}

/// <summary>A bundle control message's body.</summary>
internal readonly record struct BundleControl(uint BundleId, BundleControlType Type, BundleFlags Flags)
{
    /// <summary>The body's fixed part: bundle id, type and flags.</summary>
    public const int BodySize = 8;

    /// <summary>Reads the body of a bundle control message (its length was checked by the raw decoder).</summary>
    public static BundleControl Decode(ReadOnlySpan<byte> body) => new(
        BinaryPrimitives.ReadUInt32BigEndian(body),
        (BundleControlType)BinaryPrimitives.ReadUInt16BigEndian(body[4..]),
        (BundleFlags)BinaryPrimitives.ReadUInt16BigEndian(body[6..]));

    /// <summary>The raw message type bundle control messages have in <paramref name="version"/> (1.3 and later).</summary>
    public static OfpRaw ControlRaw(byte version) =>
        version == (byte)OfpVersion.Of13 ? OfpRaw.Onft13BundleControl : OfpRaw.Ofpt14BundleControl;

    /// <summary>The raw message type bundle add messages have in <paramref name="version"/> (1.3 and later).</summary>
    public static OfpRaw AddRaw(byte version) =>
        version == (byte)OfpVersion.Of13 ? OfpRaw.Onft13BundleAddMessage : OfpRaw.Ofpt14BundleAddMessage;

    /// <summary>Encodes this control message in <paramref name="version"/> with <paramref name="xid"/>.</summary>
    public byte[] Encode(byte version, uint xid)
    {
        var writer = new ArrayBufferWriter<byte>();
        Span<byte> body = OfpEncoder.Begin(writer, ControlRaw(version), version, xid, BodySize, out int total);
        BinaryPrimitives.WriteUInt32BigEndian(body, BundleId);
        BinaryPrimitives.WriteUInt16BigEndian(body[4..], (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], (ushort)Flags);
        writer.Advance(total);
        return writer.WrittenSpan.ToArray();
    }
}

/// <summary>OFPT_BUNDLE_ADD_MESSAGE: one message for a bundle.</summary>
internal static class BundleAdd
{
    /// <summary>
    /// Checks the message an add message carries, as ofputil_decode_bundle_add() does: it must be a whole message of
    /// the outer version and xid (OFPBFC_MSG_BAD_LEN, OFPBFC_BAD_VERSION, OFPBFC_MSG_BAD_XID). On success
    /// <paramref name="inner"/> is the carried message, exactly its length.
    /// </summary>
    public static OfpError TryOpen(ReadOnlySpan<byte> message, ReadOnlySpan<byte> body, out uint bundleId, out BundleFlags flags, out ReadOnlySpan<byte> inner)
    {
        bundleId = BinaryPrimitives.ReadUInt32BigEndian(body);
        flags = (BundleFlags)BinaryPrimitives.ReadUInt16BigEndian(body[6..]);
        inner = body[BundleControl.BodySize..];
        if (inner.Length < OfpHeader.Size)
        {
            return OfpError.OfpbfcMsgBadLen;
        }

        OfpHeader outer = OfpHeader.Read(message);
        OfpHeader header = OfpHeader.Read(inner);
        if (header.Version != outer.Version)
        {
            return OfpError.OfpbfcBadVersion;
        }

        if (header.Length < OfpHeader.Size || header.Length > inner.Length)
        {
            return OfpError.OfpbfcMsgBadLen;
        }

        if (header.Xid != outer.Xid)
        {
            return OfpError.OfpbfcMsgBadXid;
        }

        inner = inner[..header.Length];
        return OfpError.None;
    }

    /// <summary>
    /// Decodes an add message whole: the checks of <see cref="TryOpen"/>, then the carried message must decode
    /// and be one a bundle may hold (OFPBFC_MSG_UNSUP otherwise).
    /// </summary>
    public static OfpError TryDecode(ReadOnlySpan<byte> message, ReadOnlySpan<byte> body, out uint bundleId, out BundleFlags flags, out byte[] inner, out OfpRawInfo? innerInfo)
    {
        innerInfo = null;
        inner = [];
        OfpError error = TryOpen(message, body, out bundleId, out flags, out ReadOnlySpan<byte> carried);
        if (error != OfpError.None)
        {
            return error;
        }

        if (OfpRawDecoder.TryDecode(carried, out innerInfo, out _, out _) != OfpError.None || !IsBundlable(innerInfo!.Raw))
        {
            innerInfo = null;
            return OfpError.OfpbfcMsgUnsup;
        }

        inner = carried.ToArray();
        return OfpError.None;
    }

    /// <summary>ofputil_is_bundlable(): port mods, flow mods, group mods and packet-outs.</summary>
    public static bool IsBundlable(OfpRaw raw) => raw is
        OfpRaw.Ofpt10PortMod or OfpRaw.Ofpt11PortMod or OfpRaw.Ofpt14PortMod
        or OfpRaw.Ofpt10FlowMod or OfpRaw.Ofpt11FlowMod or OfpRaw.NxtFlowMod
        or OfpRaw.NxtGroupMod or OfpRaw.Ofpt11GroupMod or OfpRaw.Ofpt15GroupMod
        or OfpRaw.Ofpt10PacketOut or OfpRaw.Ofpt11PacketOut or OfpRaw.Ofpt15PacketOut;

    /// <summary>Wraps <paramref name="inner"/> (a whole message of the same version and xid) for bundle <paramref name="bundleId"/>.</summary>
    public static byte[] Encode(byte version, uint bundleId, BundleFlags flags, ReadOnlySpan<byte> inner)
    {
        uint xid = BinaryPrimitives.ReadUInt32BigEndian(inner[4..]);
        var writer = new ArrayBufferWriter<byte>();
        Span<byte> body = OfpEncoder.Begin(writer, BundleControl.AddRaw(version), version, xid, BundleControl.BodySize + inner.Length, out int total);
        BinaryPrimitives.WriteUInt32BigEndian(body, bundleId);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], (ushort)flags);
        inner.CopyTo(body[BundleControl.BodySize..]);
        writer.Advance(total);
        return writer.WrittenSpan.ToArray();
    }
}
