// Upstream: struct ofp_desc_stats and handle_desc_stats_request()'s reply in ofproto/ofproto.c (OVS 3.1)
//
// The switch description reply (OFPST_DESC): five NUL-padded strings of fixed sizes. A string longer than its field
// is cut so that it keeps its terminating NUL, as strlcpy does.
using System.Buffers;
using System.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed record DescStats(string Manufacturer, string Hardware, string Software, string SerialNumber, string Datapath)
{
    private const int DescSize = 256;
    private const int SerialSize = 32;

    public void EncodeReply(byte version, uint xid, IBufferWriter<byte> writer)
    {
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.OfpstDescReply, version, xid, (4 * DescSize) + SerialSize, out int total);
        Put(Manufacturer, body[..DescSize]);
        Put(Hardware, body.Slice(DescSize, DescSize));
        Put(Software, body.Slice(2 * DescSize, DescSize));
        Put(SerialNumber, body.Slice(3 * DescSize, SerialSize));
        Put(Datapath, body.Slice((3 * DescSize) + SerialSize, DescSize));
        writer.Advance(total);
    }

    private static void Put(string text, Span<byte> field)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }
}
