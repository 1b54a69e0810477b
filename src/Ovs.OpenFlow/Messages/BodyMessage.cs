// Upstream: ofpraw_alloc_xid() followed by ofpmsg_update_length() (lib/ofp-msgs.c, OVS 3.1).
// The last step of encoders that build their body first (its size depends on matches and actions): wrap the body in
// the headers of the message variant and write the whole message.
using System.Buffers;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class BodyMessage
{
    /// <summary>Writes <paramref name="raw"/>'s headers (with statistics flags, for a multipart message) and the body.</summary>
    public static void Write(IBufferWriter<byte> writer, OfpRaw raw, byte version, uint xid, ReadOnlySpan<byte> body, ushort statsFlags = 0)
    {
        Span<byte> span = OfpEncoder.Begin(writer, raw, version, xid, body.Length, out int total, statsFlags);
        body.CopyTo(span);
        writer.Advance(total);
    }
}
