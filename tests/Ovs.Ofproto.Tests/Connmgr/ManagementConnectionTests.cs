// A switch's management socket as an OpenFlow client sees it: our Vconn connects over a Unix socket, sends requests
// and reads the switch's replies, which must print as Debian's ovs-vswitchd's replies do (texts recorded with
// ovs-ofctl against Debian's daemon; xids removed as upstream's tests remove them).
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tests.Core;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using OfVconn = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class ManagementConnectionTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly Lock _loop = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("ofmgmt").FullName;
    private readonly NetdevRegistry _netdevs = NetdevRegistry.CreateDefault();
    private readonly Ofproto.Core.Ofproto _ofproto;

    public ManagementConnectionTests()
    {
        var datapaths = new DpifRegistry();
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(datapaths, _netdevs, new DpNetdevCatalog()));

        // The "main loop" of this test: posted actions run one at a time under a lock.
        var context = new OfprotoContext(datapaths, _netdevs, new ManualTime()) { Post = a => { lock (_loop) { a(); } } };
        Assert.Equal(0, Ofproto.Core.Ofproto.Create("br0", "dummy", context, out Ofproto.Core.Ofproto? ofproto));
        _ofproto = ofproto!;
        _ofproto.DatapathId = 0xfedcba9876543210;
        lock (_loop)
        {
            Assert.Equal(0, _netdevs.Open("br0", _ofproto.PortOpenType("internal"), out INetdev? local));
            local!.SetEtherAddress(Flow.Packets.EthAddr.FromBits(0xaa55aa550000));
            Assert.Equal(0, _ofproto.AddPort(local, null, out _));
            _netdevs.Close(local);
            _ofproto.Connections!.SetServices([$"punix:{SocketPath}"], OfVconn.DefaultVersions);
        }
    }

    private string SocketPath => Path.Combine(_directory, "br0.mgmt");

    public void Dispose()
    {
        lock (_loop)
        {
            _ofproto.Destroy(delete: true);
        }

        Directory.Delete(_directory, recursive: true);
    }

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
        string reply = await TransactAsync(0x10, OfpRaw.Ofpt13GetAsyncRequest, []);
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
        using var cancel = new CancellationTokenSource(s_timeout);
        (OfVconn? vconn, int error) = await OfVconn.OpenAsync($"unix:{SocketPath}", versions, cancel.Token);
        Assert.Equal(0, error);
        await using (vconn!)
        {
            Assert.Equal(0, await vconn!.ConnectAsync(cancel.Token));
            if (setup is not null)
            {
                VconnMessage outcome = await vconn.TransactNoReplyAsync(setup(vconn.Version).Select(static m => (ReadOnlyMemory<byte>)m), cancel.Token);
                Assert.Equal(0, outcome.Error);
                if (outcome.Message is { } early)
                {
                    return OfpPrinter.ToText(early, new OfpPrintContext(1, null)).Replace(" (xid=0x65)", string.Empty, StringComparison.Ordinal);
                }
            }

            var writer = new ArrayBufferWriter<byte>();
            Span<byte> span = OfpEncoder.Begin(writer, raw, vconn.Version, 7, body.Length, out int total);
            body.CopyTo(span);
            writer.Advance(total);
            VconnMessage reply = await vconn.TransactAsync(writer.WrittenMemory, cancel.Token);
            Assert.True(reply.IsSuccess);
            Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(reply.Message.AsSpan(4)));
            return OfpPrinter.ToText(reply.Message, new OfpPrintContext(1, null)).Replace(" (xid=0x7)", string.Empty, StringComparison.Ordinal);
        }
    }
}
