// Upstream: the OFPTYPE_PACKET_IN case of monitor_vconn() in utilities/ovs-ofctl.c and ofputil_encode_resume() of
// lib/ofp-packet.c (OVS 3.1), as behaviour.
//
// "monitor SWITCH resume" (undocumented, for tests) answers every packet-in that carries a continuation with an
// NXT_RESUME: the packet-in's packet, table, cookie, reason and metadata, and the continuation exactly as received.
using System.Buffers;
using Ovs.Flow;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class OfctlResume
{
    /// <summary>
    /// The NXT_RESUME (xid 0, in version) for a received packet-in <paramref name="message"/>; null when it carries
    /// no continuation. A packet-in that does not decode gives its error in <paramref name="error"/>.
    /// </summary>
    public static byte[]? Build(OfpRaw raw, byte version, ReadOnlySpan<byte> body, out OfpError error)
    {
        error = PacketInView.TryDecode(raw, version, body, null, out PacketInView view, out Match metadata);
        if (error != OfpError.None || view.Continuation.IsEmpty)
        {
            return null;
        }

        var resume = new PacketIn
        {
            FlowMetadata = metadata,
            Cookie = view.Cookie,
            Reason = view.Reason,
            TableId = view.TableId,
            TotalLength = view.Packet.Length,
            Packet = view.Packet.ToArray(),
            RawContinuation = view.Continuation.ToArray(),
        };
        var writer = new ArrayBufferWriter<byte>();
        resume.Encode(OfpRaw.NxtResume, version, 0, writer);
        return writer.WrittenSpan.ToArray();
    }
}
