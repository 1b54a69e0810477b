// Upstream: lib/ofp-port.c, ofputil_encode_port_status() (OVS 3.1)
//
// OFPT_PORT_STATUS: a reason (add, delete, modify), seven bytes of padding, then the port description in the
// message's version. Asynchronous, so its xid is zero.
using System.Buffers;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class PortStatus
{
    public const byte ReasonAdd = 0;
    public const byte ReasonDelete = 1;
    public const byte ReasonModify = 2;

    public static byte[] Encode(byte version, byte reason, PhyPort port)
    {
        OfpRaw raw = version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpt10PortStatus,
            <= (byte)OfpVersion.Of13 => OfpRaw.Ofpt11PortStatus,
            _ => OfpRaw.Ofpt14PortStatus,
        };
        int portSize = SwitchFeatures.PortSize(version);
        var writer = new ArrayBufferWriter<byte>(OfpHeader.Size + 8 + portSize);
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, 0, 8 + portSize, out int total);
        body.Clear();
        body[0] = reason;
        SwitchFeatures.WritePort(version, port, body[8..]);
        writer.Advance(total);
        return writer.WrittenSpan.ToArray();
    }
}
