// A switch's management socket as an OpenFlow client sees it: our Vconn connects over a Unix socket, sends requests
// and reads the switch's replies, which must print as Debian's ovs-vswitchd's replies do (texts recorded with
// ovs-ofctl against Debian's daemon; xids removed as upstream's tests remove them).
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using OfVconn = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class ManagementConnectionTests : IDisposable
{
    private readonly SwitchHarness _switch = new();

    public void Dispose() => _switch.Dispose();

    [Fact]
    public async Task FeaturesReplyDescribesTheSwitchAsUpstreamsDoes()
    {
        string reply = await TransactAsync(OfVconn.DefaultVersions & 0x2, OfpRaw.OfptFeaturesRequest, []);
        Assert.Equal(
            "OFPT_FEATURES_REPLY: dpid:fedcba9876543210\n" +
            "n_tables:254, n_buffers:0\n" +
            "capabilities: FLOW_STATS TABLE_STATS PORT_STATS QUEUE_STATS ARP_MATCH_IP\n" +
            "actions: output enqueue set_vlan_vid set_vlan_pcp strip_vlan mod_dl_src mod_dl_dst mod_nw_src mod_nw_dst mod_nw_tos mod_tp_src mod_tp_dst\n" +
            " LOCAL(br0): addr:aa:55:aa:55:00:00\n" +
            "     config:     0\n" +
            "     state:      0\n" +
            "     speed: 0 Mbps now, 0 Mbps max\n",
            reply);
    }

    [Fact]
    public async Task GetConfigReplyShowsNormalFragmentsAndNoMissSendLength()
    {
        Assert.Equal("OFPT_GET_CONFIG_REPLY: frags=normal miss_send_len=0\n", await TransactAsync(0x2, OfpRaw.OfptGetConfigRequest, []));
    }

    [Fact]
    public async Task EchoIsAnsweredWithTheSameData()
    {
        Assert.Equal("OFPT_ECHO_REPLY (OF1.3): 0 bytes of payload\n", await TransactAsync(0x10, OfpRaw.OfptEchoRequest, []));
    }

    [Fact]
    public async Task UnsupportedRequestGetsUpstreamsError()
    {
        string reply = await TransactAsync(0x10, OfpRaw.NxtTlvTableRequest, []);
        Assert.StartsWith("OFPT_ERROR (OF1.3): OFPBRC_BAD_TYPE\n", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00000005fffd0000", "OFPBRC_BUFFER_UNKNOWN")]
    [InlineData("ffffffffff010000", "OFPBRC_BAD_PORT")]
    public async Task PacketOutErrorsAreUpstreams(string hexBody, string error)
    {
        string reply = await TransactAsync(0x2, OfpRaw.Ofpt10PacketOut, Convert.FromHexString(hexBody));
        Assert.StartsWith($"OFPT_ERROR: {error}\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupsAddedOverTheSocketAreDescribedAsDebianDescribesThem()
    {
        string reply = await TransactAsync(0x40, OfpRaw.Ofpst15GroupDescRequest, [0, 0, 0x04, 0xd2, 0, 0, 0, 0], version => GroupMods(version,
            "group_id=1233,type=select,selection_method=hash,bucket=output:10,bucket=output:11",
            "group_id=1234,type=select,selection_method=hash,fields(eth_dst,ip_dst,tcp_dst),bucket=output:10,bucket=output:11"));
        Assert.Equal(
            "OFPST_GROUP_DESC reply (OF1.5):\n" +
            " group_id=1234,type=select,selection_method=hash,fields(eth_dst,ip_dst,tcp_dst),bucket=bucket_id:0,actions=output:10,bucket=bucket_id:1,actions=output:11\n",
            reply);
    }

    [Fact]
    public async Task AddingAGroupTwiceIsGroupExists()
    {
        string reply = await TransactAsync(0x10, OfpRaw.OfptEchoRequest, [], version => GroupMods(version,
            "group_id=1235,type=indirect,bucket=output:10", "group_id=1235,type=indirect,bucket=output:11"));
        Assert.StartsWith("OFPT_ERROR (OF1.3): OFPGMFC_GROUP_EXISTS\n", reply, StringComparison.Ordinal);
    }

    private static IEnumerable<byte[]> GroupMods(byte version, params string[] groups)
    {
        uint xid = 100;
        foreach (string text in groups)
        {
            Assert.Null(GroupParser.Parse(text, GroupCommand.Add, out GroupMod? gm));
            yield return GroupCodec.EncodeGroupMod(gm!, version, xid++);
        }
    }

    /// <summary>
    /// Connects with <paramref name="versions"/>, sends the <paramref name="setup"/> messages (for the negotiated
    /// version), then one message, and returns the reply as ofp-print shows it: the first reply a setup message draws
    /// (an error), if any, else the reply to the message.
    /// </summary>
    private async Task<string> TransactAsync(uint versions, OfpRaw raw, byte[] body, Func<byte, IEnumerable<byte[]>>? setup = null)
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(versions);
        if (setup is not null)
        {
            using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
            VconnMessage outcome = await client.Vconn.TransactNoReplyAsync(setup(client.Vconn.Version).Select(static m => (ReadOnlyMemory<byte>)m), cancel.Token);
            Assert.Equal(0, outcome.Error);
            if (outcome.Message is { } early)
            {
                return OfpPrinter.ToText(early, new OfpPrintContext(1, null)).Replace(" (xid=0x65)", string.Empty, StringComparison.Ordinal);
            }
        }

        return await client.TransactAsync(raw, body);
    }
}
