// Upstream: utilities/ovs-ofctl.c, ofctl_monitor(), ofctl_snoop(), set_packet_in_format() and
// monitor_set_invalid_ttl_to_controller() (OVS 3.1)
//
// "monitor SWITCH [MISS-LEN] [invalid_ttl] [watch:...] [resume]" connects, applies its arguments in order (a
// miss_send_len, invalid-TTL packet-ins, a flow monitor, answering continuations with NXT_RESUME (OfctlResume)),
// picks the packet-in format (-P, else NXT_PACKET_IN2 if the switch takes it, else NXT_PACKET_IN on OpenFlow 1.0)
// and then prints what arrives (OfctlMonitor). "snoop" connects to SWITCH.snoop and prints what the switch's
// controller connections carry, without answering echoes. With --detach the process detaches before connecting
// (.NET cannot fork after connecting), so failures to connect are reported by the detached process, whose standard
// error is still the caller's until it is ready.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Cli;
using Ovs.Common.Hosting;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class MonitorCommands
{
    private const uint InvalidTtlVersions = (1u << 1) | (1u << 2) | (1u << 3);

    public static void Monitor(OfctlContext ctx)
    {
        OfctlOptions options = ctx.Options;
        if (ctx.Args.Skip(1).Contains("invalid_ttl"))
        {
            // Only OpenFlow 1.0 (as an extension) through 1.2 can send invalid-TTL packet-ins.
            if ((options.AllowedVersions & InvalidTtlVersions) == 0)
            {
                throw new CliException($"invalid_ttl requires one of the OpenFlow versions {Ovs.OpenFlow.Wire.OfpProtocolNames.FormatVersionNames(InvalidTtlVersions)} but none is enabled (use -O)");
            }

            options.MaskAllowedVersions(InvalidTtlVersions);
        }

        Daemon.Start(options.Daemon);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], options);
        bool resume = false;
        foreach (string arg in ctx.Args.Skip(1))
        {
            if (arg.Length > 0 && char.IsAsciiDigit(arg[0]))
            {
                SwitchConfig config = OnlineCommands.FetchConfig(vconn);
                SetConfig(vconn, config with { MissSendLength = (ushort)OnlineCommands.Atoi(arg) });
            }
            else if (arg == "invalid_ttl")
            {
                SetInvalidTtlToController(vconn);
            }
            else if (arg.StartsWith("watch:", StringComparison.Ordinal))
            {
                Watch(ctx, vconn, arg["watch:".Length..]);
            }
            else if (arg == "resume")
            {
                // Undocumented, for tests: every packet-in, so that continuations can be resumed.
                resume = true;
                SwitchConfig config = OnlineCommands.FetchConfig(vconn);
                SetConfig(vconn, config with { MissSendLength = ushort.MaxValue });
            }
            else
            {
                throw new CliException($"{arg}: unsupported \"monitor\" argument");
            }
        }

        if (options.PacketInFormat is { } format)
        {
            vconn.TransactNoReply([SetPacketInFormat(vconn, format switch { "standard" => 0u, "nxt_packet_in" => 1u, _ => 2u })]);
        }
        else if (!TrySetPacketInFormat(vconn, 2) && vconn.Version == (byte)OfpVersion.Of10)
        {
            TrySetPacketInFormat(vconn, 1);
        }

        OfctlMonitor.Run(vconn, replyToEcho: true, resume);
    }

    /// <summary>Sends the flow monitor request "watch:SPEC" describes and prints the reply, the flows it sees now.</summary>
    private static void Watch(OfctlContext ctx, OfctlVconn vconn, string spec)
    {
        string? error = FlowMonitorParser.TryParse(spec, ActionCommands.Warn, out FlowMonitorRequest request, out ProtocolSet usable);
        if (error is not null)
        {
            throw new CliException(error);
        }

        OfctlVconn.CheckFlowModProtocols(usable, ctx.Options.AllowedProtocols);
        var writer = new ArrayBufferWriter<byte>();
        FlowMonitorRequest.EncodeRequest(vconn.Version, OfpXid.Next(), [request], writer);
        byte[] message = writer.WrittenSpan.ToArray();
        if (ctx.Options.Verbosity > 0)
        {
            ctx.Out.Write(OfctlVconn.ToText(message, ctx.Options.Verbosity + 2));
        }

        vconn.DumpTransaction(message, ctx.Out);
        ctx.Out.Flush();
    }

    public static void Snoop(OfctlContext ctx)
    {
        Daemon.Start(ctx.Options.Daemon);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options, snoop: true);
        OfctlMonitor.Run(vconn, replyToEcho: false);
    }

    private static bool TrySetPacketInFormat(OfctlVconn vconn, uint format)
    {
        VconnMessage outcome = OfctlVconn.Wait(vconn.Vconn.TransactNoReplyAsync([SetPacketInFormat(vconn, format)], CancellationToken.None));
        if (outcome.Error != 0)
        {
            throw new CliException($"talking to {vconn.Name}", outcome.Error);
        }

        return outcome.Message is null;
    }

    private static byte[] SetPacketInFormat(OfctlVconn vconn, uint format) =>
        vconn.Encode(OfpRaw.NxtSetPacketInFormat, 4, body => BinaryPrimitives.WriteUInt32BigEndian(body, format));

    private static void SetInvalidTtlToController(OfctlVconn vconn)
    {
        SwitchConfig config = OnlineCommands.FetchConfig(vconn);
        if (config.InvalidTtlToController == true)
        {
            return;
        }

        SetConfig(vconn, config with { InvalidTtlToController = true });
        if (OnlineCommands.FetchConfig(vconn).InvalidTtlToController != true)
        {
            throw new CliException("setting invalid_ttl_to_controller failed (this switch probably doesn't support this flag)");
        }
    }

    private static void SetConfig(OfctlVconn vconn, SwitchConfig config)
    {
        var writer = new ArrayBufferWriter<byte>();
        config.Encode(OfpRaw.OfptSetConfig, vconn.Version, OfpXid.Next(), writer);
        vconn.TransactNoReply([writer.WrittenSpan.ToArray()]);
    }
}
