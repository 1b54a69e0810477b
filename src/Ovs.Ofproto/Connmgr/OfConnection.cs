// Upstream: struct ofconn in ofproto/connmgr.c (OVS 3.1)
//
// One OpenFlow connection to the switch and the per-connection settings controllers change with messages: the role,
// the flow format (NXT_SET_FLOW_FORMAT), the packet-in format, the controller id, miss_send_len and whether OpenFlow
// 1.0 flow_mods carry a table id. Threading: main loop only (the session behind it is thread-safe).
using System.Buffers;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

internal sealed class OfConnection(VconnSession session, bool isService)
{
    public VconnSession Session { get; } = session;

    /// <summary>A service connection (management socket, passive Controller target) rather than a primary one.</summary>
    public bool IsService { get; } = isService;

    public byte Version => Session.Vconn.Version;

    public ControllerRole Role { get; set; } = ControllerRole.Equal;

    /// <summary>NXT_SET_FLOW_FORMAT's value: 0 for OpenFlow 1.0 matches, 2 for NXM.</summary>
    public uint FlowFormat { get; set; }

    /// <summary>NXT_SET_PACKET_IN_FORMAT's value: 0 standard, 1 NXT_PACKET_IN, 2 NXT_PACKET_IN2.</summary>
    public uint PacketInFormat { get; set; }

    public ushort ControllerId { get; set; }

    /// <summary>Upstream's default: service connections get no packet-ins (0), primary ones 128 bytes.</summary>
    public ushort MissSendLength { get; set; } = (ushort)(isService ? 0 : 128);

    /// <summary>NXT_FLOW_MOD_TABLE_ID: OpenFlow 1.0 flow_mods carry a table id in the command's high byte.</summary>
    public bool FlowModTableId { get; set; }

    /// <summary>Queues an encoded message; a full queue drops it, as rconn drops what it cannot send.</summary>
    public void Send(ArrayBufferWriter<byte> message) => Session.TrySend(message.WrittenSpan.ToArray());
}
