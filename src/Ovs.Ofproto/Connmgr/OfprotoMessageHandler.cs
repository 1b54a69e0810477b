// Upstream: ofproto/ofproto.c, handle_openflow__() and the handlers of the messages below: handle_echo_request(),
// handle_features_request(), handle_get_config_request(), handle_set_config(), handle_barrier_request(),
// handle_desc_stats_request(), handle_port_desc_stats_request(), handle_role_request(),
// handle_nxt_set_flow_format(), handle_nxt_set_packet_in_format(), handle_nxt_set_controller_id(),
// handle_nxt_flow_age() and handle_nxt_flow_mod_table_id() (OVS 3.1)
//
// What a switch answers to the messages a controller sends. Dispatch is one table from message type to handler.
// A message that does not decode is answered with the decoder's OFPT_ERROR; a request the switch does not
// implement gets upstream's OFPBRC_BAD_STAT (statistics) or OFPBRC_BAD_TYPE (anything else); replies, hellos and
// errors from the peer are accepted silently. Every error echoes the start of the offending message.
// Threading: main loop only.
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using Ovs.Common;
using Ovs.Ofproto.Core;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static partial class OfprotoMessageHandler
{
    /// <summary>ofproto-dpif has 255 tables; the last is hidden, so controllers are told 254.</summary>
    public const byte VisibleTableCount = 254;

    /// <summary>Every OpenFlow 1.0 action ofproto supports (output through enqueue), as the features reply lists them.</summary>
    private const uint Actions10 = 0xfff;

    private const SwitchCapabilities Capabilities = SwitchCapabilities.FlowStats | SwitchCapabilities.TableStats
        | SwitchCapabilities.PortStats | SwitchCapabilities.QueueStats | SwitchCapabilities.GroupStats
        | SwitchCapabilities.Bundles | SwitchCapabilities.ArpMatchIp;

    /// <summary>The packet-in reason bit of OFPR_INVALID_TTL.</summary>
    private const uint InvalidTtlBit = 1u << 2;

    internal delegate OfpError Handler(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request);

    private static readonly FrozenDictionary<OfpRaw, Handler> s_handlers = new Dictionary<OfpRaw, Handler>
    {
        [OfpRaw.OfptEchoRequest] = EchoRequest,
        [OfpRaw.OfptFeaturesRequest] = FeaturesRequest,
        [OfpRaw.OfptGetConfigRequest] = GetConfigRequest,
        [OfpRaw.OfptSetConfig] = SetConfig,
        [OfpRaw.Ofpt10BarrierRequest] = BarrierRequest,
        [OfpRaw.Ofpt11BarrierRequest] = BarrierRequest,
        [OfpRaw.OfpstDescRequest] = DescRequest,
        [OfpRaw.Ofpst10PortDescRequest] = PortDescRequest,
        [OfpRaw.Ofpst15PortDescRequest] = PortDescRequest,
        [OfpRaw.Ofpt12RoleRequest] = RoleRequestHandler,
        [OfpRaw.NxtRoleRequest] = RoleRequestHandler,
        [OfpRaw.NxtSetFlowFormat] = SetFlowFormat,
        [OfpRaw.NxtSetPacketInFormat] = SetPacketInFormat,
        [OfpRaw.NxtSetControllerId] = SetControllerId,
        [OfpRaw.NxtFlowAge] = Accept,
        [OfpRaw.NxtFlowModTableId] = FlowModTableId,
        [OfpRaw.NxtGroupMod] = static (o, c, in r) => GroupMessages.Mod(o, c, r.Message),
        [OfpRaw.Ofpt11GroupMod] = static (o, c, in r) => GroupMessages.Mod(o, c, r.Message),
        [OfpRaw.Ofpt15GroupMod] = static (o, c, in r) => GroupMessages.Mod(o, c, r.Message),
        [OfpRaw.NxstGroupRequest] = static (o, c, in r) => GroupMessages.StatsRequest(o, c, r.Version, r.Xid, r.Body),
        [OfpRaw.Ofpst11GroupRequest] = static (o, c, in r) => GroupMessages.StatsRequest(o, c, r.Version, r.Xid, r.Body),
        [OfpRaw.NxstGroupDescRequest] = static (o, c, in r) => GroupMessages.DescRequest(o, c, r.Info.Raw, r.Version, r.Xid, r.Body),
        [OfpRaw.Ofpst11GroupDescRequest] = static (o, c, in r) => GroupMessages.DescRequest(o, c, r.Info.Raw, r.Version, r.Xid, r.Body),
        [OfpRaw.Ofpst15GroupDescRequest] = static (o, c, in r) => GroupMessages.DescRequest(o, c, r.Info.Raw, r.Version, r.Xid, r.Body),
        [OfpRaw.NxstGroupFeaturesRequest] = static (o, c, in r) => GroupMessages.FeaturesRequest(c, r.Version, r.Xid),
        [OfpRaw.Ofpst12GroupFeaturesRequest] = static (o, c, in r) => GroupMessages.FeaturesRequest(c, r.Version, r.Xid),
        [OfpRaw.Ofpt10FlowMod] = FlowTableHandlers.FlowModHandler,
        [OfpRaw.Ofpt11FlowMod] = FlowTableHandlers.FlowModHandler,
        [OfpRaw.NxtFlowMod] = FlowTableHandlers.FlowModHandler,
        [OfpRaw.Ofpst10FlowRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.Ofpst11FlowRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.NxstFlowRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.Ofpst10AggregateRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.Ofpst11AggregateRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.Ofpst15AggregateRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.NxstAggregateRequest] = FlowTableHandlers.FlowStatsHandler,
        [OfpRaw.Ofpt11TableMod] = FlowTableHandlers.TableModHandler,
        [OfpRaw.OfpstTableRequest] = TableStatsHandlers.TableStatsHandler,
        [OfpRaw.Ofpst13TableFeaturesRequest] = TableStatsHandlers.TableFeaturesHandler,
        [OfpRaw.Ofpst14TableDescRequest] = TableStatsHandlers.TableDescHandler,
        [OfpRaw.Ofpt14TableMod] = FlowTableHandlers.TableModHandler,
        [OfpRaw.Ofpt10PacketOut] = PacketOut,
        [OfpRaw.Ofpt11PacketOut] = PacketOut,
        [OfpRaw.Ofpt15PacketOut] = PacketOut,
        [OfpRaw.NxtResume] = static (o, c, in r) => ContinuationMessages.Resume(o, r.Version, r.Body),
        [OfpRaw.OfptHello] = Accept,
        [OfpRaw.OfptEchoReply] = Accept,
        [OfpRaw.OfptError] = Accept,
        [OfpRaw.Ofpt13SetAsync] = SetAsync,
        [OfpRaw.Ofpt14SetAsync] = SetAsync,
        [OfpRaw.NxtSetAsyncConfig] = SetAsync,
        [OfpRaw.NxtSetAsyncConfig2] = SetAsync,
        [OfpRaw.Ofpt13GetAsyncRequest] = GetAsyncRequest,
        [OfpRaw.Ofpt14GetAsyncRequest] = GetAsyncRequest,
        [OfpRaw.Ofpst10PortRequest] = PortStatsRequest,
        [OfpRaw.Ofpst11PortRequest] = PortStatsRequest,
        [OfpRaw.Ofpst10QueueRequest] = QueueStatsRequest,
        [OfpRaw.Ofpst11QueueRequest] = QueueStatsRequest,
        [OfpRaw.Ofpt10QueueGetConfigRequest] = QueueGetConfigRequest,
        [OfpRaw.Ofpt11QueueGetConfigRequest] = QueueGetConfigRequest,
        [OfpRaw.Ofpst14QueueDescRequest] = QueueGetConfigRequest,
        [OfpRaw.Ofpt10PortMod] = PortModHandler,
        [OfpRaw.Ofpt11PortMod] = PortModHandler,
        [OfpRaw.Ofpt14PortMod] = PortModHandler,
        [OfpRaw.Ofpt14BundleControl] = BundleHandlers.Control,
        [OfpRaw.Onft13BundleControl] = BundleHandlers.Control,
        [OfpRaw.Ofpt14BundleAddMessage] = BundleHandlers.Add,
        [OfpRaw.Onft13BundleAddMessage] = BundleHandlers.Add,
        [OfpRaw.NxstFlowMonitorRequest] = FlowMonitorHandlers.Request,
        [OfpRaw.Onfst13FlowMonitorRequest] = FlowMonitorHandlers.Request,
        [OfpRaw.Ofpst14FlowMonitorRequest] = FlowMonitorHandlers.Request,
        [OfpRaw.NxtFlowMonitorCancel] = FlowMonitorHandlers.Cancel,
        [OfpRaw.Onft13FlowMonitorCancel] = FlowMonitorHandlers.Cancel,
    }.ToFrozenDictionary();

    /// <summary>Handles one whole message from <paramref name="connection"/>, sending any reply or error.</summary>
    public static void Handle(Ofproto.Core.Ofproto ofproto, OfConnection connection, byte[] message)
    {
        OfpError error = OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        if (error == OfpError.None && info is not null)
        {
            var request = new Request(message, info, body.ToArray());
            error = s_handlers.TryGetValue(info.Raw, out Handler? handler)
                ? handler(ofproto, connection, in request)
                : info.IsStats && !info.IsStatsReply ? OfpError.OfpbrcBadStat : OfpError.OfpbrcBadType;
        }

        if (error != OfpError.None)
        {
            var writer = new ArrayBufferWriter<byte>();
            OfpErrorMessage.EncodeReply(error, message, writer);
            connection.Send(writer);
        }
    }

    /// <summary>
    /// The switch's ports as OpenFlow describes them, in upstream's port hash-map order (features and port
    /// description replies list them so; clients that walk the list see that order).
    /// </summary>
    public static List<PhyPort> DescribePorts(Ofproto.Core.Ofproto ofproto, uint? only = null)
    {
        var ports = new List<PhyPort>();
        foreach (OfprotoPort port in ofproto.PortsInHashOrder)
        {
            if (only is uint number && SwitchFeatures.PortTo11(port.OfpPort) != number)
            {
                continue;
            }

            ports.Add(Describe(port));
        }

        return ports;
    }

    /// <summary>
    /// The port as OpenFlow describes it now. Config is PORT_DOWN from the device's administrative state plus the
    /// bits controllers set with port-mod; state is LINK_DOWN without carrier, else LIVE unless the port is down
    /// (upstream's normalize_state()).
    /// </summary>
    internal static PhyPort Describe(OfprotoPort port)
    {
        port.Netdev.GetEtherAddress(out Flow.Packets.EthAddr mac);
        bool up = port.Netdev.UpdateFlags(Netdev.NetdevFlags.None, Netdev.NetdevFlags.None, out Netdev.NetdevFlags flags) == 0
            && (flags & Netdev.NetdevFlags.Up) != 0;
        bool carrier = Netdev.NetdevCarrier.IsUp(port.Netdev);

        // Config bit 0 is PORT_DOWN; state bit 0 is LINK_DOWN and bit 2, from OpenFlow 1.1 on, LIVE.
        uint config = (up ? 0u : 1u) | (port.Config & ~1u);
        uint state = !carrier ? 1u : up ? 4u : 0u;
        return new PhyPort(port.OfpPort, mac.Bits, port.Name, config, state, 0, 0, 0, 0, 0, 0);
    }

    private static OfpError EchoRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        var writer = new ArrayBufferWriter<byte>();
        Span<byte> body = OfpEncoder.Begin(writer, OfpRaw.OfptEchoReply, request.Version, request.Xid, request.Body.Length, out int total);
        request.Body.CopyTo(body);
        writer.Advance(total);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError FeaturesRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        var writer = new ArrayBufferWriter<byte>();
        SwitchFeatures.EncodeReply(request.Version, request.Xid, ofproto.DatapathId, 0, VisibleTableCount, Capabilities, Actions10, DescribePorts(ofproto), writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError GetConfigRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        var writer = new ArrayBufferWriter<byte>();
        bool? invalidTtl = request.Version < (byte)OfpVersion.Of13 ? (connection.GetAsyncConfig().Primary[AsyncTypes.PacketIn] & InvalidTtlBit) != 0 : null;
        new SwitchConfig(ofproto.FragmentHandling, invalidTtl, connection.MissSendLength, true)
            .Encode(OfpRaw.OfptGetConfigReply, request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError SetConfig(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        SwitchConfig config = SwitchConfig.Decode(request.Version, request.Body);
        if (connection.Role != ControllerRole.Secondary)
        {
            // Only "normal" and "drop" are possible with this datapath; upstream ignores the others.
            if (config.Fragments is FragmentHandling.Normal or FragmentHandling.Drop)
            {
                ofproto.FragmentHandling = config.Fragments;
            }
        }

        if (config.InvalidTtlToController is bool invalidTtl)
        {
            // ofconn_set_invalid_ttl_to_controller(): the flag is the primary mask's invalid-TTL packet-in reason.
            AsyncConfig async = connection.GetAsyncConfig();
            AsyncConfig updated = new();
            async.Primary.CopyTo(updated.Primary, 0);
            async.Secondary.CopyTo(updated.Secondary, 0);
            updated.Primary[AsyncTypes.PacketIn] = invalidTtl
                ? updated.Primary[AsyncTypes.PacketIn] | InvalidTtlBit
                : updated.Primary[AsyncTypes.PacketIn] & ~InvalidTtlBit;
            connection.SetAsyncConfig(updated);
        }

        connection.MissSendLength = config.MissSendLength;
        return OfpError.None;
    }

    private static OfpError BarrierRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        var writer = new ArrayBufferWriter<byte>();
        OfpRaw reply = request.Version == (byte)OfpVersion.Of10 ? OfpRaw.Ofpt10BarrierReply : OfpRaw.Ofpt11BarrierReply;
        OfpEncoder.Begin(writer, reply, request.Version, request.Xid, 0, out int total);
        writer.Advance(total);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError DescRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        var writer = new ArrayBufferWriter<byte>();
        new DescStats("Nicira, Inc.", "Open vSwitch", OvsVersion.Version, "None", "None").EncodeReply(request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError PortDescRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        uint? only = null;
        if (request.Info.Raw == OfpRaw.Ofpst15PortDescRequest)
        {
            uint port = BinaryPrimitives.ReadUInt32BigEndian(request.Body);
            only = port == uint.MaxValue ? null : port;
        }

        var writer = new ArrayBufferWriter<byte>();
        SwitchFeatures.EncodePortDescReply(request.Version, request.Xid, DescribePorts(ofproto, only), writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError SetFlowFormat(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        uint format = BinaryPrimitives.ReadUInt32BigEndian(request.Body);
        if (format is not (0 or 2))
        {
            return OfpError.OfpbrcEperm;
        }

        connection.FlowFormat = format;
        return OfpError.None;
    }

    private static OfpError SetPacketInFormat(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        uint format = BinaryPrimitives.ReadUInt32BigEndian(request.Body);
        if (format > 2)
        {
            return OfpError.OfpbrcEperm;
        }

        connection.PacketInFormat = format;
        return OfpError.None;
    }

    private static OfpError SetControllerId(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        connection.ControllerId = BinaryPrimitives.ReadUInt16BigEndian(request.Body[6..]);
        return OfpError.None;
    }

    private static OfpError FlowModTableId(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        connection.FlowModTableId = request.Body[0] != 0;
        return OfpError.None;
    }

    private static OfpError PacketOut(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request) =>
        PacketOutHandler.Handle(ofproto, connection, request.Info.Raw, request.Version, request.Body);

    private static OfpError Accept(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request) => OfpError.None;

    /// <summary>A decoded message: the whole bytes, its catalogue row and its body after all headers.</summary>
    internal readonly record struct Request(byte[] Message, OfpRawInfo Info, byte[] Body)
    {
        public byte Version => Message[0];

        public uint Xid => BinaryPrimitives.ReadUInt32BigEndian(Message.AsSpan(4));
    }
}
