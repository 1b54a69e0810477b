// Upstream: the unixctl_command_register() calls of netdev_dummy_register() in lib/netdev-dummy.c and its
// eth_from_flow_str() (OVS 3.1)
//
// The netdev-dummy/* commands of an ovs-vswitchd started with --enable-dummy. Their logic lives with the dummy
// devices (DummyCommands); this file wires it to unixctl and supplies what the device layer cannot: turning an ODP
// flow ("in_port(1),eth(...),ipv4(...)") into a frame, through the ODP key parser and the flow composer. Without
// --len the frame carries upstream's 64 payload bytes where a payload goes; with --len the frame is composed with
// as much payload as makes it that long, padded with zeros where the protocol takes no payload, and a flow whose
// headers alone are longer is refused.
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsVswitchd;

internal static class DummyDeviceCommands
{
    private const int KeyBufferSize = 4096;
    private const int DefaultPayloadSize = 64;

    public static void Register(UnixctlCommands commands, NetdevRegistry netdevs)
    {
        commands.Register("netdev-dummy/receive", "name [--qid queue_id] packet|flow [--len packet_len]", 2, int.MaxValue,
            (connection, args) => Reply(connection, DummyCommands.Receive(netdevs, args, FlowToFrame)));
        commands.Register("netdev-dummy/set-admin-state", "[netdev] up|down", 1, 2,
            (connection, args) => Reply(connection, DummyCommands.SetAdminState(netdevs, args)));
        commands.Register("netdev-dummy/conn-state", "[netdev]", 0, 1,
            (connection, args) => Reply(connection, DummyCommands.ConnState(netdevs, args)));
        commands.Register("netdev-dummy/ip4addr", "[netdev] ipaddr/mask-prefix-len", 2, 2,
            (connection, args) => Reply(connection, DummyCommands.Ip4Addr(netdevs, args)));
        commands.Register("netdev-dummy/ip6addr", "[netdev] ip6addr", 2, 2,
            (connection, args) => Reply(connection, DummyCommands.Ip6Addr(netdevs, args)));
    }

    private static void Reply(UnixctlConnection connection, DummyCommandResult result)
    {
        if (result.IsError)
        {
            connection.ReplyError(result.Reply ?? string.Empty);
        }
        else
        {
            connection.Reply(result.Reply ?? string.Empty);
        }
    }

    private static string? FlowToFrame(string text, int size, out byte[]? frame)
    {
        frame = null;
        var key = new NlWriter(new byte[KeyBufferSize]);
        var mask = new NlWriter(new byte[KeyBufferSize]);
        if (OdpKeyParser.Parse(text, ref key, ref mask) is string error)
        {
            return error;
        }

        if (OdpFlowKey.ToFlow(key.Written, out FlowData flow) == OdpKeyFitness.Error)
        {
            return "flow key could not be converted to a flow";
        }

        if (size == 0)
        {
            frame = FlowComposer.Compose(in flow, DefaultPayloadSize);
            return null;
        }

        byte[] bare = FlowComposer.Compose(in flow, 0);
        if (bare.Length > size)
        {
            return "too small packet len";
        }

        byte[] withPayload = FlowComposer.Compose(in flow, size - bare.Length);
        frame = withPayload.Length == size ? withPayload : [.. bare, .. new byte[size - bare.Length]];
        return null;
    }
}
