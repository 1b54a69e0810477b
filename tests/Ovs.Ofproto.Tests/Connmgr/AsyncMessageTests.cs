// Asynchronous messages and their configuration, port and queue statistics, and port-mod, as a client of the
// switch's management socket sees them. Expected texts are Debian ovs-vswitchd 3.1's (recorded with its
// ovs-ofctl monitor and ofctl/send, or taken from upstream's ofproto.at), without xids.
using System.Buffers.Binary;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class AsyncMessageTests : IDisposable
{
    private const uint Of10 = 1u << 1;
    private const uint Of12 = 1u << 3;
    private const uint Of13 = 1u << 4;
    private const uint Of14 = 1u << 5;

    private readonly SwitchHarness _switch = new();

    public void Dispose() => _switch.Dispose();

    [Fact]
    public async Task GetAsyncReplyShowsUpstreamsDefaults()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of13);
        Assert.Equal(
            "OFPT_GET_ASYNC_REPLY (OF1.3):\n" +
            " primary:\n" +
            "       PACKET_IN: no_match action\n" +
            "     PORT_STATUS: add delete modify\n" +
            "    FLOW_REMOVED: idle hard delete group_delete\n" +
            "     ROLE_STATUS: (off)\n" +
            "    TABLE_STATUS: (off)\n" +
            "  REQUESTFORWARD: (off)\n" +
            "\n" +
            " secondary:\n" +
            "       PACKET_IN: (off)\n" +
            "     PORT_STATUS: add delete modify\n" +
            "    FLOW_REMOVED: (off)\n" +
            "     ROLE_STATUS: (off)\n" +
            "    TABLE_STATUS: (off)\n" +
            "  REQUESTFORWARD: (off)\n",
            await client.TransactAsync(OfpRaw.Ofpt13GetAsyncRequest, []));
    }

    [Fact]
    public async Task ServiceConnectionGetsPortStatusOnlyAfterSettingMissSendLength()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of13);
        _switch.AddDummyPort("p1");
        Assert.Empty(await client.DrainAsync());

        await client.SendAsync(client.Encode(OfpRaw.OfptSetConfig, [0, 0, 0, 0x80]));
        await client.DrainAsync();
        ushort port = _switch.AddDummyPort("p2");
        List<string> added = await client.DrainAsync();
        Assert.Equal(
            [
                $"OFPT_PORT_STATUS (OF1.3): ADD: {port}(p2): addr:X\n     config:     0\n     state:      0\n     speed: 0 Mbps now, 0 Mbps max\n",
                $"OFPT_PORT_STATUS (OF1.3): MOD: {port}(p2): addr:X\n     config:     0\n     state:      LIVE\n     speed: 0 Mbps now, 0 Mbps max\n",
            ],
            added.Select(Mask));

        _switch.OnLoop(() => _switch.Ofproto.DeletePort(port));
        Assert.Equal(
            [$"OFPT_PORT_STATUS (OF1.3): DEL: {port}(p2): addr:X\n     config:     0\n     state:      LIVE\n     speed: 0 Mbps now, 0 Mbps max\n"],
            (await client.DrainAsync()).Select(Mask));
    }

    [Fact]
    public async Task SecondaryWithSetAsyncConfigGetsOnlyWhatItAskedFor()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of12);

        // Upstream's ofproto.at: become secondary, then NXT_SET_ASYNC_CONFIG with a patchwork of masks (port status:
        // delete only, for the secondary role).
        await client.SendAsync(Convert.FromHexString("031800180000000200000003000000000000000000000001"));
        Assert.Equal(["OFPT_ROLE_REPLY (OF1.2): role=secondary generation_id=1\n"], await client.DrainAsync());
        await client.SendAsync(Convert.FromHexString("03040028000000020000232000000013000000020000000500000005000000020000000200000005"));
        await client.DrainAsync();

        ushort port = _switch.AddDummyPort("p1");
        Assert.Empty(await client.DrainAsync());
        _switch.OnLoop(() => _switch.Ofproto.DeletePort(port));
        Assert.Equal([$"OFPT_PORT_STATUS (OF1.2): DEL: {port}(p1): addr:X\n     config:     0\n     state:      LIVE\n     speed: 0 Mbps now, 0 Mbps max\n"], (await client.DrainAsync()).Select(Mask));
    }

    [Fact]
    public async Task NewPrimaryDemotesTheOldOneWithARoleStatus()
    {
        await using SwitchHarness.Client c1 = await _switch.ConnectAsync(Of14);
        await using SwitchHarness.Client c2 = await _switch.ConnectAsync(Of14);

        await c1.SendAsync(Convert.FromHexString("051800180000000300000003000000008000000000000002"));
        Assert.Equal(["OFPT_ROLE_REPLY (OF1.4): role=secondary generation_id=9223372036854775810\n"], await c1.DrainAsync());
        await c2.SendAsync(Convert.FromHexString("051800180000000300000002000000008000000000000003"));
        Assert.Equal(["OFPT_ROLE_REPLY (OF1.4): role=primary generation_id=9223372036854775811\n"], await c2.DrainAsync());

        // A stale generation id is refused; a newer one makes c1 primary and tells c2.
        await c1.SendAsync(Convert.FromHexString("051800180000000400000002000000000000000000000003"));
        Assert.StartsWith("OFPT_ERROR (OF1.4): OFPRRFC_STALE\n", (await c1.DrainAsync())[0], StringComparison.Ordinal);
        await c1.SendAsync(Convert.FromHexString("051800180000000500000002000000000000000000000001"));
        Assert.Equal(["OFPT_ROLE_REPLY (OF1.4): role=primary generation_id=1\n"], await c1.DrainAsync());
        Assert.Equal(["OFPT_ROLE_STATUS (OF1.4): role=secondary generation_id=1 reason=primary_request\n"], await c2.DrainAsync());
    }

    [Fact]
    public async Task PortStatsOfOpenFlow10ShowUnknownCountersAsQuestionMarks()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of10);
        Assert.Equal(
            "OFPST_PORT reply: 1 ports\n" +
            "  port LOCAL: rx pkts=0, bytes=0, drop=?, errs=?, frame=?, over=?, crc=?\n" +
            "           tx pkts=0, bytes=0, drop=?, errs=?, coll=?\n",
            await client.TransactAsync(OfpRaw.Ofpst10PortRequest, [0xff, 0xff, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public async Task PortStatsOfOpenFlow14CarryTheDummyDevicesCustomCounters()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of14);
        string reply = await client.TransactAsync(OfpRaw.Ofpst11PortRequest, [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
        Assert.Equal(
            "OFPST_PORT reply (OF1.4): 1 ports\n" +
            "  port LOCAL: rx pkts=0, bytes=0, drop=?, errs=?, frame=?, over=?, crc=?\n" +
            "           tx pkts=0, bytes=0, drop=?, errs=?, coll=?\n" +
            "           duration=?s\n" +
            "           CUSTOM Statistics\n" +
            "                      rx_custom_packets_1=0, rx_custom_packets_2=0, rx_q0_bytes=0,\n" +
            "                      rx_q0_packets=0, tx_q0_bytes=0, tx_q0_packets=0,\n",
            System.Text.RegularExpressions.Regex.Replace(reply, "duration=[0-9.]+s", "duration=?s"));
    }

    [Theory]
    [InlineData(0xfffffffeu, 0xffffffffu, "OFPST_QUEUE reply (OF1.3): 1 queues\n  port LOCAL queue 0: bytes=?, pkts=?, errors=?, duration=?\n")]
    [InlineData(0xffffffffu, 0u, "OFPST_QUEUE reply (OF1.3): 1 queues\n  port LOCAL queue 0: bytes=?, pkts=?, errors=?, duration=?\n")]
    [InlineData(0xfffffffeu, 5u, "OFPT_ERROR (OF1.3): OFPQOFC_BAD_QUEUE\n")]
    [InlineData(10u, 0xffffffffu, "OFPT_ERROR (OF1.3): OFPQOFC_BAD_PORT\n")]
    public async Task QueueStatsListTheDummyDevicesQueueZero(uint port, uint queue, string expected)
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of13);
        byte[] body = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(body, port);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), queue);
        Assert.StartsWith(expected, await client.TransactAsync(OfpRaw.Ofpst11QueueRequest, body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueConfigOfOpenFlow12ListsEachPortsQueue()
    {
        _switch.AddDummyPort("p1");
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of12);
        Assert.Equal("OFPT_QUEUE_GET_CONFIG_REPLY (OF1.2): port=1\nqueue 0:\n", await client.TransactAsync(OfpRaw.Ofpt11QueueGetConfigRequest, [0, 0, 0, 1, 0, 0, 0, 0]));
        Assert.Equal("OFPT_QUEUE_GET_CONFIG_REPLY (OF1.2): port=ANY\nqueue 0:\nqueue 0:\n", await client.TransactAsync(OfpRaw.Ofpt11QueueGetConfigRequest, [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
        Assert.StartsWith("OFPT_ERROR (OF1.2): OFPQOFC_BAD_PORT\n", await client.TransactAsync(OfpRaw.Ofpt11QueueGetConfigRequest, [0, 0, 0, 10, 0, 0, 0, 0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortModDownIsAnnouncedThenTheLinkGoesDown()
    {
        ushort port = _switch.AddDummyPort("p1");
        await using SwitchHarness.Client watcher = await _switch.ConnectAsync(Of13);
        await watcher.SendAsync(watcher.Encode(OfpRaw.OfptSetConfig, [0, 0, 0, 0x80]));
        await watcher.DrainAsync();
        await using SwitchHarness.Client changer = await _switch.ConnectAsync(Of13);

        // OFPT_PORT_MOD: port, pad, hw_addr X, pad, config PORT_DOWN, mask PORT_DOWN, advertise 0.
        byte[] body = Convert.FromHexString("0000000000000000000000000000000000000001000000010000000000000000");
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), port);
        _switch.OnLoop(() =>
        {
            _switch.Ofproto.FindPort(port)!.Netdev.GetEtherAddress(out Flow.Packets.EthAddr mac);
            BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), (ushort)(mac.Bits >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(10), (uint)mac.Bits);
        });
        Assert.Empty(await changer.DrainAsync());
        await changer.SendAsync(changer.Encode(OfpRaw.Ofpt11PortMod, body));
        Assert.Empty(await changer.DrainAsync());
        Assert.Equal(
            [
                $"OFPT_PORT_STATUS (OF1.3): MOD: {port}(p1): addr:X\n     config:     PORT_DOWN\n     state:      0\n     speed: 0 Mbps now, 0 Mbps max\n",
                $"OFPT_PORT_STATUS (OF1.3): MOD: {port}(p1): addr:X\n     config:     PORT_DOWN\n     state:      LINK_DOWN\n     speed: 0 Mbps now, 0 Mbps max\n",
            ],
            (await watcher.DrainAsync()).Select(Mask));

        // A wrong hardware address is refused.
        body[13] ^= 0x77;
        await changer.SendAsync(changer.Encode(OfpRaw.Ofpt11PortMod, body));
        Assert.StartsWith("OFPT_ERROR (OF1.3): OFPPMFC_BAD_HW_ADDR\n", (await changer.DrainAsync())[0], StringComparison.Ordinal);
    }

    // Dummy ports take their MAC from a counter of the devices made so far; the texts leave it out.
    private static string Mask(string text) => System.Text.RegularExpressions.Regex.Replace(text, "addr:[0-9a-f:]{17}", "addr:X");
}
