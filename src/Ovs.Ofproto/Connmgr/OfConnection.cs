// Upstream: struct ofconn in ofproto/connmgr.c (OVS 3.1)
//
// One OpenFlow connection to the switch and the per-connection settings controllers change with messages: the role,
// the flow format (NXT_SET_FLOW_FORMAT), the packet-in format, the controller id, miss_send_len and whether OpenFlow
// 1.0 flow_mods carry a table id. Threading: main loop only (the session behind it is thread-safe).
using System.Buffers;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

/// <summary>The asynchronous message types, as indexes into AsyncConfig's masks.</summary>
internal static class AsyncTypes
{
    public const int PacketIn = 0;
    public const int PortStatus = 1;
    public const int FlowRemoved = 2;
    public const int RoleStatus = 3;
    public const int TableStatus = 4;
    public const int RequestForward = 5;
}

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

    /// <summary>The flow_mods this connection made, for the log line when it goes away.</summary>
    public FlowModReport FlowMods { get; } = new();

    /// <summary>The bundles this connection opened and has not committed or discarded, by id.</summary>
    public Dictionary<uint, OfBundle> Bundles { get; } = [];

    /// <summary>The flow monitors this connection set up and the updates collected for it.</summary>
    public FlowMonitorSet FlowMonitors { get; } = new();

    /// <summary>The Controller row's enable_async_messages: false sends this connection no asynchronous messages.</summary>
    public bool EnableAsyncMessages { get; set; } = true;

    /// <summary>The asynchronous-message masks a controller set (OFPT_SET_ASYNC, ...), or null for the defaults.</summary>
    public AsyncConfig? Async { get; set; }

    /// <summary>
    /// ofconn_get_async_config(): the masks in effect, upstream's per-version defaults until the controller sets
    /// its own. The defaults give primary connections every packet-in reason but invalid TTL, every port status
    /// reason to either role, and every flow-removed reason of the version to the primary.
    /// </summary>
    public AsyncConfig GetAsyncConfig()
    {
        if (Async is { } config)
        {
            return config;
        }

        var defaults = new AsyncConfig();
        defaults.Primary[AsyncTypes.PacketIn] = 0x3fu & ~(1u << 2) | (1u << 6) | (Version <= 3 ? 1u << 7 : 0);
        defaults.Primary[AsyncTypes.PortStatus] = 0x7;
        defaults.Secondary[AsyncTypes.PortStatus] = 0x7;
        defaults.Primary[AsyncTypes.FlowRemoved] = Version >= 5 ? 0x3fu : Version == 4 ? 0xfu : 0x7u;
        return defaults;
    }

    /// <summary>
    /// ofconn_set_async_config(): before OpenFlow 1.4 the "action" packet-in reason also stands for the reasons 1.4
    /// split out of it (action set, group, packet-out).
    /// </summary>
    public void SetAsyncConfig(AsyncConfig config)
    {
        if (Version < 5)
        {
            foreach (uint[] masks in (ReadOnlySpan<uint[]>)[config.Primary, config.Secondary])
            {
                if ((masks[AsyncTypes.PacketIn] & (1u << 1)) != 0)
                {
                    masks[AsyncTypes.PacketIn] |= 0x38;
                }
            }
        }

        Async = config;
    }

    /// <summary>
    /// ofconn_receives_async_msg(): whether this connection wants an asynchronous message of <paramref name="type"/>
    /// (an AsyncTypes value) for <paramref name="reason"/>. Service connections get none until they set a nonzero
    /// miss_send_len; otherwise the mask of the connection's role decides.
    /// </summary>
    public bool ReceivesAsync(int type, int reason)
    {
        if (!EnableAsyncMessages || (IsService && MissSendLength == 0))
        {
            return false;
        }

        AsyncConfig config = GetAsyncConfig();
        uint[] masks = Role == ControllerRole.Secondary ? config.Secondary : config.Primary;
        return (masks[type] & (1u << reason)) != 0;
    }

    /// <summary>Queues an encoded message; a full queue drops it, as rconn drops what it cannot send.</summary>
    public void Send(ArrayBufferWriter<byte> message) => Session.TrySend(message.WrittenSpan.ToArray());
}
