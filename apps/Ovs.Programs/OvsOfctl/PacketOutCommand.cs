// Upstream: ofctl_packet_out() of utilities/ovs-ofctl.c and parse_ofp_packet_out_str() of lib/ofp-packet.c (OVS 3.1)
//
// `ovs-ofctl packet-out SWITCH "in_port=PORT packet=HEX actions=ACTIONS"` (pipeline fields may be given too), or
// the older `ovs-ofctl packet-out SWITCH IN_PORT ACTIONS PACKET...` that sends one packet-out per packet. The
// protocol is negotiated as for a flow mod (the actions may need a newer one), and each message is followed by a
// barrier so that the switch's error, if any, is reported.
using System.Buffers;
using Ovs.Cli;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.Netdev.Dummy;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Programs.OvsOfctl;

internal static class PacketOutCommand
{
    public static void PacketOut(OfctlContext ctx)
    {
        string target = ctx.Args[0];
        if (ctx.Args.Count > 3)
        {
            PacketOutOldSyntax(ctx);
            return;
        }

        if (ctx.Args.Count != 2)
        {
            throw new CliException($"Too many arguments ({ctx.Args.Count + 1})");
        }

        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        string? error = Parse(ctx.Args[1], ports, out PacketOut po, out ProtocolSet usable);
        if (error is not null)
        {
            throw new CliException(error);
        }

        Send(ctx, [po], usable);
    }

    private static void PacketOutOldSyntax(OfctlContext ctx)
    {
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(ctx.Args[0], ctx.Options);
        string? error = OfpActions.ParseActions(ctx.Args[2], out List<OfpAct> actions, ports);
        if (error is not null)
        {
            throw new CliException(error);
        }

        if (!OfpPortText.TryParse(ctx.Args[1], out ushort inPort) && (ports is null || !ports.TryGetValue(ctx.Args[1], out inPort)))
        {
            throw new CliException($"{ctx.Args[0]}: unknown port `{ctx.Args[1]}'");
        }

        var messages = new List<PacketOut>();
        for (int i = 3; i < ctx.Args.Count; i++)
        {
            byte[] packet = DummyCommands.ParseHexFrame(ctx.Args[i], out string? packetError)
                ?? throw new CliException(packetError ?? "bad packet");
            var po = new PacketOut { Actions = actions, Packet = packet };
            po.SetInPort(inPort);
            messages.Add(po);
        }

        Send(ctx, messages, Usable(messages.Count > 0 ? messages[0] : new PacketOut { Actions = actions }));
    }

    /// <summary>parse_ofp_packet_out_str(): returns null or upstream's error text.</summary>
    internal static string? Parse(string text, IReadOnlyDictionary<string, ushort>? ports, out PacketOut po, out ProtocolSet usable)
    {
        po = new PacketOut();
        usable = ProtocolSet.Any;
        po.SetInPort(OfpPorts.None);
        string rest = text;
        string? actionText = FlowModParser.ExtractActions(ref rest);
        if (actionText is null)
        {
            return "must specify actions";
        }

        byte[]? packet = null;
        int position = 0;
        while (MatchParser.TryNextKeyValue(rest, ref position, out string name, out string value))
        {
            if (value.Length == 0)
            {
                return $"field {name} missing value";
            }

            switch (name)
            {
                case "in_port":
                    if (!OfpPortText.TryParse(value, out ushort inPort) && (ports is null || !ports.TryGetValue(value, out inPort)))
                    {
                        return $"{value} is not a valid OpenFlow port";
                    }

                    if (inPort > OfpPorts.Max && inPort is not OfpPorts.Local and not OfpPorts.None and not OfpPorts.Controller)
                    {
                        return $"{value} is not a valid OpenFlow port for PACKET_OUT";
                    }

                    po.SetInPort(inPort);
                    break;
                case "packet":
                    packet = DummyCommands.ParseHexFrame(value, out string? packetError);
                    if (packet is null)
                    {
                        return $"{name}: {packetError}";
                    }

                    break;
                default:
                    if (name == "packet_type" && !value.StartsWith('('))
                    {
                        // "packet_type(NS,TYPE)" arrives as key and parenthesised value.
                        value = "(" + value + ")";
                    }

                    if (FieldTable.FromName(name) is not FieldInfo field)
                    {
                        return $"unknown keyword {name}";
                    }

                    if (!MatchParser.TryApply(name, value, ref po.FlowMetadata, ref usable, out string? fieldError) || fieldError is not null)
                    {
                        return fieldError ?? $"unknown keyword {name}";
                    }

                    if (!Flow.Nxm.NxmDecoder.IsPipelineField(field))
                    {
                        return $"{name} is not a valid pipeline field for PACKET_OUT";
                    }

                    break;
            }
        }

        if (packet is null || packet.Length == 0)
        {
            return "must specify packet";
        }

        string? actionError = OfpActions.ParseActions(actionText, out List<OfpAct> actions, ports);
        if (actionError is not null)
        {
            return actionError;
        }

        po.Actions = actions;
        po.Packet = packet;
        usable &= Usable(po);
        return null;
    }

    /// <summary>
    /// The protocols that can carry the actions of <paramref name="po"/> as parsing tells them: upstream checks a
    /// packet-out's actions against its packet only in the switch, so an action inconsistent with the (empty)
    /// metadata match, such as dec_ttl, does not narrow the choice to OpenFlow 1.0 here.
    /// </summary>
    private static ProtocolSet Usable(PacketOut po) => ActionUsability.Of(po.Actions, instructions: false);

    private static void Send(OfctlContext ctx, List<PacketOut> messages, ProtocolSet usable)
    {
        OfctlVconn.CheckFlowModProtocols(usable, ctx.Options.AllowedProtocols);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        vconn.SetProtocolForFlowMod(usable);
        foreach (PacketOut po in messages)
        {
            var writer = new ArrayBufferWriter<byte>();
            po.Encode(vconn.Version, 0, writer);
            vconn.TransactNoReply([writer.WrittenSpan.ToArray()]);
        }
    }
}
