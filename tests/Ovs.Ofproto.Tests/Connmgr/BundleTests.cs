// OpenFlow bundles as a client of the switch's management socket sees them: the control state machine's replies
// and errors (texts as Debian ovs-vswitchd 3.1 gives them in upstream's ofproto.at), and commits that apply all of a
// bundle or none of it.
using System.Buffers;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class BundleTests : IDisposable
{
    private const uint Of13 = 1u << 4;
    private const uint Of14 = 1u << 5;
    private const BundleFlags AtomicOrdered = BundleFlags.Atomic | BundleFlags.Ordered;

    private readonly SwitchHarness _switch = new();

    public void Dispose() => _switch.Dispose();

    [Fact]
    public async Task OpenCloseAndDoubleCloseAnswerAsUpstream()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of14);
        Assert.Equal(["OFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0x1 type=OPEN_REPLY flags=0\n"], await ControlAsync(client, BundleControlType.OpenRequest));
        Assert.Equal(["OFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0x1 type=CLOSE_REPLY flags=0\n"], await ControlAsync(client, BundleControlType.CloseRequest));
        Assert.Equal(
            ["OFPT_ERROR (OF1.4): OFPBFC_BUNDLE_CLOSED\nOFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0x1 type=CLOSE_REQUEST flags=ordered\n"],
            await ControlAsync(client, BundleControlType.CloseRequest));

        // The failed close threw the bundle away.
        Assert.Equal(
            ["OFPT_ERROR (OF1.4): OFPBFC_BAD_ID\nOFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0x1 type=COMMIT_REQUEST flags=ordered\n"],
            await ControlAsync(client, BundleControlType.CommitRequest));
    }

    [Fact]
    public async Task DoubleOpenAndFlagMismatchAreRefused()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of13);
        Assert.Equal(["ONFT_BUNDLE_CONTROL (OF1.3):\n bundle_id=0x1 type=OPEN_REPLY flags=0\n"], await ControlAsync(client, BundleControlType.OpenRequest));
        Assert.Equal(
            ["OFPT_ERROR (OF1.3): OFPBFC_BAD_ID\nONFT_BUNDLE_CONTROL (OF1.3):\n bundle_id=0x1 type=OPEN_REQUEST flags=ordered\n"],
            await ControlAsync(client, BundleControlType.OpenRequest));

        await ControlAsync(client, BundleControlType.OpenRequest);
        Assert.Equal(
            ["OFPT_ERROR (OF1.3): OFPBFC_BAD_FLAGS\nONFT_BUNDLE_CONTROL (OF1.3):\n bundle_id=0x1 type=COMMIT_REQUEST flags=atomic\n"],
            await ControlAsync(client, BundleControlType.CommitRequest, BundleFlags.Atomic));
        Assert.Equal(
            ["OFPT_ERROR (OF1.3): OFPBFC_BAD_ID\nONFT_BUNDLE_CONTROL (OF1.3):\n bundle_id=0x1 type=DISCARD_REQUEST flags=ordered\n"],
            await ControlAsync(client, BundleControlType.DiscardRequest));
    }

    [Fact]
    public async Task CommitAppliesGroupsAndFlowsTogether()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of14);
        await client.SendAsync(new BundleControl(0, BundleControlType.OpenRequest, AtomicOrdered).Encode(5, 1));
        await client.SendAsync(AddGroup(client, "group_id=1,type=all,bucket=output:10", 2));
        await client.SendAsync(AddFlow(client, "in_port=1 actions=group:1", 3));
        await client.SendAsync(AddFlow(client, "in_port=2 actions=drop", 4));
        await client.SendAsync(AddFlow(client, "delete in_port=2", 5));

        // Nothing is applied before the commit.
        Assert.Equal(["OFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0 type=OPEN_REPLY flags=0\n"], await client.DrainAsync());
        _switch.OnLoop(() => Assert.Equal(0, _switch.Ofproto.Tables.RuleCount));
        _switch.OnLoop(() => Assert.Equal(0, _switch.Ofproto.Groups.Count));

        await client.SendAsync(new BundleControl(0, BundleControlType.CommitRequest, AtomicOrdered).Encode(5, 6));
        Assert.Equal(["OFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0 type=COMMIT_REPLY flags=0\n"], await client.DrainAsync());
        _switch.OnLoop(() =>
        {
            Assert.Equal(1, _switch.Ofproto.Groups.Count);
            Assert.Equal(1, _switch.Ofproto.Tables.RuleCount);
            Assert.Single(_switch.Ofproto.Groups.RulesOf(1));
        });
    }

    [Fact]
    public async Task FailingCommitAppliesNothingAndNamesTheFailingMessage()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of14);
        await client.SendAsync(new BundleControl(0, BundleControlType.OpenRequest, AtomicOrdered).Encode(5, 1));
        await client.SendAsync(AddGroup(client, "group_id=1,type=all,bucket=output:10", 2));
        await client.SendAsync(AddFlow(client, "in_port=1 actions=group:1", 3));
        await client.SendAsync(AddFlow(client, "in_port=7 actions=group:2", 4));
        await client.DrainAsync();

        await client.SendAsync(new BundleControl(0, BundleControlType.CommitRequest, AtomicOrdered).Encode(5, 5));
        List<string> replies = await client.DrainAsync();
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("OFPT_ERROR (OF1.4): OFPBAC_BAD_OUT_GROUP\nOFPT_BUNDLE_ADD_MESSAGE (OF1.4):\n bundle_id=0 flags=atomic ordered\nOFPT_FLOW_MOD (OF1.4): ADD in_port=7 actions=group:2", replies[0], StringComparison.Ordinal);
        Assert.StartsWith("OFPT_ERROR (OF1.4): OFPBFC_MSG_FAILED\nOFPT_BUNDLE_CONTROL (OF1.4):\n bundle_id=0 type=COMMIT_REQUEST", replies[1], StringComparison.Ordinal);
        _switch.OnLoop(() =>
        {
            Assert.Equal(0, _switch.Ofproto.Tables.RuleCount);
            Assert.Equal(0, _switch.Ofproto.Groups.Count);
        });
    }

    [Fact]
    public async Task AddToTheInternalTableIsRefusedAtOnce()
    {
        await using SwitchHarness.Client client = await _switch.ConnectAsync(Of13);
        await client.SendAsync(AddFlow(client, "in_port=1 actions=drop", 2));
        await client.SendAsync(AddFlow(client, "table=254 actions=drop", 3));
        List<string> replies = await client.DrainAsync();
        Assert.Single(replies);
        Assert.StartsWith("OFPT_ERROR (OF1.3): OFPBRC_EPERM\nONFT_BUNDLE_ADD_MESSAGE (OF1.3):", replies[0], StringComparison.Ordinal);

        // The bundle the first add opened still commits, with its one flow.
        await client.SendAsync(new BundleControl(0, BundleControlType.CommitRequest, AtomicOrdered).Encode(4, 4));
        Assert.Equal(["ONFT_BUNDLE_CONTROL (OF1.3):\n bundle_id=0 type=COMMIT_REPLY flags=0\n"], await client.DrainAsync());
        _switch.OnLoop(() => Assert.Equal(1, _switch.Ofproto.Tables.RuleCount));
    }

    [Fact]
    public void BundleAddRoundTripsAndChecksTheCarriedMessage()
    {
        byte[] barrier = [5, 20, 0, 8, 0, 0, 0, 9];
        byte[] add = BundleAdd.Encode(5, 3, AtomicOrdered, barrier);
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(add, out _, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpError.None, BundleAdd.TryOpen(add, body, out uint id, out BundleFlags flags, out ReadOnlySpan<byte> inner));
        Assert.Equal((3u, AtomicOrdered), (id, flags));
        Assert.Equal(barrier, inner.ToArray());

        // A barrier may not be bundled; a carried message with another xid is refused.
        Assert.Equal(OfpError.OfpbfcMsgUnsup, BundleAdd.TryDecode(add, body, out _, out _, out _, out _));
        add[7] = 8;
        Assert.Equal(OfpError.OfpbfcMsgBadXid, BundleAdd.TryOpen(add, body[..], out _, out _, out _));
    }

    private static async Task<List<string>> ControlAsync(SwitchHarness.Client client, BundleControlType type, BundleFlags flags = BundleFlags.Ordered)
    {
        await client.SendAsync(new BundleControl(1, type, flags).Encode(client.Vconn.Version, 10));
        return await client.DrainAsync();
    }

    private static byte[] AddFlow(SwitchHarness.Client client, string text, uint xid)
    {
        Assert.Null(FlowModParser.Parse(text, null, out FlowMod fm, out _));
        ProtocolSet protocol = client.Vconn.Version == 4 ? ProtocolSet.Of13Oxm : ProtocolSet.Of14Oxm;
        var writer = new ArrayBufferWriter<byte>();
        fm.Encode(protocol, xid, writer);
        return BundleAdd.Encode(client.Vconn.Version, 0, AtomicOrdered, writer.WrittenSpan);
    }

    private static byte[] AddGroup(SwitchHarness.Client client, string text, uint xid)
    {
        Assert.Null(GroupParser.Parse(text, GroupCommand.Add, out GroupMod? gm));
        return BundleAdd.Encode(client.Vconn.Version, 0, AtomicOrdered, GroupCodec.EncodeGroupMod(gm!, client.Vconn.Version, xid));
    }
}
