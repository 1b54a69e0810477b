// A switch's management socket as an OpenFlow client sees it: our Vconn connects over a Unix socket, sends requests
// and reads the switch's replies, which must print as Debian's ovs-vswitchd's replies do (texts recorded with
// ovs-ofctl against Debian's daemon; xids removed as upstream's tests remove them).
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

    /// <summary>Connects with <paramref name="versions"/>, sends one message and returns the reply as ofp-print shows it.</summary>
    private async Task<string> TransactAsync(uint versions, OfpRaw raw, byte[] body)
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(versions);
        return await client.TransactAsync(raw, body);
    }
}
