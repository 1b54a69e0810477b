// Upstream: utilities/ovs-ofctl.c, ofctl_queue_get_config(), and lib/ofp-queue.c
// ofputil_encode_queue_get_config_request() (OVS 3.1)
//
// "queue-get-config SWITCH [PORT [QUEUE]]": OpenFlow 1.0 to 1.3 ask with OFPT_QUEUE_GET_CONFIG_REQUEST for a port,
// 1.4 and later with an OFPMP_QUEUE_DESC request for a port and queue. OpenFlow 1.0 cannot ask about every port at
// once, so for "any" the ports are listed first and each ordinary port is asked about over a second connection.
using System.Buffers.Binary;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class QueueCommands
{
    private const ushort PortAny = 0xffff;
    private const ushort PortMax = 0xff00;

    public static void QueueGetConfig(OfctlContext ctx)
    {
        string portName = ctx.Args.Count > 1 ? ctx.Args[1] : "any";
        ushort port = OnlineCommands.PortNumber(ctx, portName);
        string queueName = ctx.Args.Count > 2 ? ctx.Args[2] : "all";
        uint queue = queueName.Equals("all", StringComparison.OrdinalIgnoreCase) ? uint.MaxValue : unchecked((uint)OnlineCommands.Atoi(queueName));

        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        if (port == PortAny && vconn.Version == (byte)OfpVersion.Of10)
        {
            using OfctlVconn second = OfctlVconn.Open(ctx.Args[0], ctx.Options);
            foreach (PhyPort p in vconn.DumpPorts())
            {
                if (p.PortNumber < PortMax)
                {
                    second.DumpTransaction(Request(second, p.PortNumber, queue), ctx.Out);
                }
            }

            return;
        }

        vconn.DumpTransaction(Request(vconn, port, queue), ctx.Out);
    }

    private static byte[] Request(OfctlVconn vconn, ushort port, uint queue) => vconn.Version switch
    {
        (byte)OfpVersion.Of10 => vconn.Encode(OfpRaw.Ofpt10QueueGetConfigRequest, 4, body => BinaryPrimitives.WriteUInt16BigEndian(body, port)),
        < (byte)OfpVersion.Of14 => vconn.Encode(OfpRaw.Ofpt11QueueGetConfigRequest, 8, body => BinaryPrimitives.WriteUInt32BigEndian(body, SwitchFeatures.PortTo11(port))),
        _ => vconn.Encode(OfpRaw.Ofpst14QueueDescRequest, 8, body =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, SwitchFeatures.PortTo11(port));
            BinaryPrimitives.WriteUInt32BigEndian(body[4..], queue);
        }),
    };
}
