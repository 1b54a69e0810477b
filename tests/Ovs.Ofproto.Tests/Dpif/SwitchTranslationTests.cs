// Translation wired to real switches: a bridge over the userspace datapath (type "dummy" on dummy devices, as
// upstream's tests run ofproto-dpif) whose flow tables are a test double filled from ovs-ofctl text. Covers the
// upcall handler (megaflow key, mask and actions, the unassociated-port drop flow, packet-ins of controller
// actions), ofproto/trace's two argument forms and errors, dpif/show and dpif/dump-flows, and packet-out execution.
using System.Text;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev;
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Upcall;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.Tests.Core;
using Ovs.Ofproto.Tests.Dpif.Xlate;
using Ovs.Ofproto.Unixctl;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Tests.Dpif;

public sealed class SwitchTranslationTests : IDisposable
{
    // An IPv4/TCP frame from 50:54:00:00:00:01 to 50:54:00:00:00:02, 10.0.0.1:1234 -> 10.0.0.2:80.
    private const string TcpFrame =
        "5054000000025054000000010800450000280000000040060000" + "0a0000010a00000204d2005000000000000000005002000000000000";

    private readonly NetdevRegistry _netdevs = NetdevRegistry.CreateDefault();
    private readonly DpifRegistry _datapaths = new();
    private readonly OfprotoContext _context;
    private readonly Ofproto.Core.Ofproto _br0;
    private readonly TestBridge _tables = new();

    public SwitchTranslationTests()
    {
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(_datapaths, _netdevs, new DpNetdevCatalog()));
        _context = new OfprotoContext(_datapaths, _netdevs, new ManualTime());
        Assert.Equal(0, Ofproto.Core.Ofproto.Create("br0", "dummy", _context, out Ofproto.Core.Ofproto? br0));
        _br0 = br0!;
        AddPort("br0", _br0.PortOpenType("internal"));
        AddPort("p1", "dummy", 1);
        AddPort("p2", "dummy", 2);
        _tables.AddPorts([new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2")]);
        _br0.Xlate.Tables = _tables;
    }

    public void Dispose() => _br0.Destroy(delete: true);

    [Fact]
    public void AMissIsTranslatedByTheBridgeOfItsPortAndInstallsTheMegaflow()
    {
        _tables.AddFlow("in_port=1,actions=output:2");
        DpifUpcallResult result = _br0.Backer.Upcalls.HandleUpcall(Miss(1, TcpFrame));

        Assert.Equal("2", FormatActions(result.Actions.Span));
        Assert.NotNull(result.FlowPut);
        Assert.Equal("recirc_id(0),in_port(1),packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)", FormatKey(result.FlowPut!));
        Assert.Equal("2", FormatActions(result.FlowPut!.Actions.Span));
    }

    [Fact]
    public void TheMegaflowHoldsEveryFieldTheTablesLookedAt()
    {
        _tables.AddFlow("in_port=1,tcp,tp_dst=80,actions=output:2");
        DpifUpcallResult result = _br0.Backer.Upcalls.HandleUpcall(Miss(1, TcpFrame));

        Assert.Equal(
            "recirc_id(0),in_port(1),packet_type(ns=0,id=0),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=80)",
            FormatKey(result.FlowPut!));
    }

    [Fact]
    public void APacketOnAPortNoBridgeOwnsGetsAnExactDropFlow()
    {
        DpifUpcallResult result = _br0.Backer.Upcalls.HandleUpcall(Miss(7, TcpFrame));

        Assert.True(result.Actions.IsEmpty);
        Assert.NotNull(result.FlowPut);
        Assert.True(result.FlowPut!.Mask.IsEmpty);
        Assert.True(result.FlowPut.Actions.IsEmpty);
    }

    [Fact]
    public void InstalledFlowsShowInDumpFlowsAndStayWhenPortsChangeWithoutChangingTheirTranslation()
    {
        _tables.AddFlow("in_port=1,actions=output:2");
        DpifUpcallResult result = _br0.Backer.Upcalls.HandleUpcall(Miss(1, TcpFrame));
        Assert.Equal(0, _br0.Backer.Dpif.FlowPut(result.FlowPut!, out _));

        Assert.Null(OfprotoDpifCommands.DumpFlows(_context, ["br0"], 0, out string dump));
        Assert.Equal(
            "recirc_id(0),in_port(1),packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no), packets:0, bytes:0, used:never, actions:2\n",
            dump);
        Assert.Equal("no such bridge", OfprotoDpifCommands.DumpFlows(_context, ["br9"], 0, out _));

        AddPort("p3", "dummy", 3);
        Assert.Single(_br0.Backer.Dpif.FlowDump());
    }

    [Fact]
    public void AControllerActionsUpcallBecomesAPacketInWithTheFrozenMetadata()
    {
        _tables.AddFlow("in_port=1,actions=load:0x2a->NXM_NX_REG3[],controller(userdata=01.02)");
        DpifUpcallResult miss = _br0.Backer.Upcalls.HandleUpcall(Miss(1, TcpFrame));
        byte[] cookie = UserspaceCookie(miss.Actions.Span);

        var delivered = new List<(ControllerCookie Cookie, FrozenState? Frozen)>();
        _br0.Backer.Upcalls.PacketIn = (bridge, packet, c, frozen) =>
        {
            Assert.Same(_br0.Xlate, bridge);
            delivered.Add((c, frozen));
        };
        _br0.Backer.Upcalls.HandleUpcall(new DpifUpcall(DpifUpcallType.Action, Convert.FromHexString(TcpFrame), Key(1, TcpFrame), default, cookie));

        (ControllerCookie c, FrozenState? frozen) = Assert.Single(delivered);
        Assert.False(c.DontSend);
        Assert.Equal(PacketInReasons.Action, c.Reason);
        Assert.Equal(_br0.Uuid, c.Bridge);
        Assert.NotNull(frozen);
        Assert.Equal((ushort)1, frozen!.Flow.U16(FlowLayout.InPort));
        Assert.Equal(0x2au, frozen.Flow.U32(FlowLayout.Regs + (3 * 4)));
        Assert.Equal([1, 2], frozen.Userdata);
    }

    [Fact]
    public void TraceTakesABridgeAndAnOpenFlowFlowOrADatapathFlow()
    {
        _tables.AddFlow("in_port=1,actions=output:2");

        Assert.Null(TraceCommand.Run(_context, ["br0", "in_port=1"], out string byBridge));
        Assert.Contains("\nDatapath actions: 2", byBridge, StringComparison.Ordinal);
        Assert.StartsWith("Flow: in_port=1,vlan_tci=0x0000,", byBridge, StringComparison.Ordinal);

        Assert.Null(TraceCommand.Run(_context, ["in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x1234)"], out string byDatapath));
        Assert.Contains("\nDatapath actions: 2", byDatapath, StringComparison.Ordinal);
        Assert.Null(TraceCommand.Run(_context, ["ovs-dummy", "in_port(p1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x1234)"], out string named));
        Assert.Contains("\nDatapath actions: 2", named, StringComparison.Ordinal);

        // A packet's headers replace the flow's; -generate makes one from the flow.
        Assert.Null(TraceCommand.Run(_context, ["br0", "in_port=1", TcpFrame], out string withPacket));
        Assert.Contains("nw_src=10.0.0.1", withPacket, StringComparison.Ordinal);
        Assert.Null(TraceCommand.Run(_context, ["br0", "in_port=1,tcp", "-generate"], out _));
    }

    [Theory]
    [InlineData(new[] { "br9", "in_port=1" }, "br9: unknown bridge")]
    [InlineData(new[] { "in_port(9)" }, "no OpenFlow port for datapath port 9")]
    [InlineData(new[] { "br0", "in_port=1", "--bogus" }, "--bogus: unknown option")]
    [InlineData(new[] { "a", "b", "c", "d" }, "too many arguments")]
    [InlineData(new[] { "-generate" }, "Syntax error")]
    [InlineData(new[] { "br0", "in_port=1", "--l7" }, "Missing argument for option --l7")]
    [InlineData(new[] { "br0", "in_port=1", "zz" }, "Trailing garbage in packet data")]
    [InlineData(new[] { "br0", "nosuchfield=1" }, "Bad openflow flow syntax: nosuchfield=1: unknown field nosuchfield")]
    public void TraceRefusesBadArgumentsWithUpstreamsMessages(string[] args, string expected)
    {
        Assert.Equal(expected, TraceCommand.Run(_context, args, out _));
    }

    [Fact]
    public void TraceWithoutABridgeNameSaysItMayBeMissing()
    {
        string? error = TraceCommand.Run(_context, ["in_port=1"], out _);
        Assert.NotNull(error);
        Assert.EndsWith(" (or the bridge name was omitted)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DpifShowListsTheDatapathItsBridgesAndTheirPortsByName()
    {
        Assert.Equal(
            "dummy@ovs-dummy: hit:0 missed:0\n  br0:\n    br0 65534/100: (dummy-internal)\n    p1 1/1: (dummy)\n    p2 2/2: (dummy)\n",
            DpifShowCommands.Show(_context));
        Assert.Equal("dummy@br0\n", OfprotoDpifCommands.DumpDps(_context));
    }

    [Fact]
    public void PacketOutActionsRunOnTheDatapath()
    {
        Assert.Equal(0, _netdevs.Open("p2", "dummy", out INetdev? p2));
        try
        {
            Assert.Equal(0, p2!.GetStats(out NetdevStats before));
            byte[] frame = Convert.FromHexString(TcpFrame);
            var metadata = default(FlowData);
            metadata.SetU16(FlowLayout.InPort, OfpPorts.Controller);
            FlowData flow = PacketOutHandler.PacketFlow(frame, in metadata);
            XlateResult result = PacketOutHandler.Execute(_br0, frame, in flow, [new OutputAct(2, 0)]);

            Assert.Equal("2", FormatActions(result.OdpActions));
            Assert.Equal(0, p2.GetStats(out NetdevStats after));
            Assert.Equal(before.TxPackets + 1, after.TxPackets);
        }
        finally
        {
            _netdevs.Close(p2!);
        }
    }

    private void AddPort(string name, string type, ushort? request = null)
    {
        Assert.Equal(0, _netdevs.Open(name, type, out INetdev? netdev));
        Assert.Equal(0, _br0.AddPort(netdev!, request, out _));
        _netdevs.Close(netdev!);
    }

    private static DpifUpcall Miss(ushort dpPort, string frameHex) =>
        new(DpifUpcallType.Miss, Convert.FromHexString(frameHex), Key(dpPort, frameHex), default, ReadOnlyMemory<byte>.Empty);

    /// <summary>The datapath key of a frame received on datapath port <paramref name="dpPort"/>, every field exact.</summary>
    private static byte[] Key(ushort dpPort, string frameHex)
    {
        FlowData flow = default;
        LayerOffsets offsets = default;
        FlowExtractor.Extract(Convert.FromHexString(frameHex), PacketMetadata.ForPort(dpPort), ref flow, ref offsets);
        FlowData allOnes = default;
        allOnes.Bytes.Fill(0xff);
        byte[] buffer = new byte[2048];
        var writer = new NlWriter(buffer);
        OdpFlowKey.FromFlow(in flow, in allOnes, ref writer);
        return writer.Written.ToArray();
    }

    private static string FormatKey(DpifFlowPut put)
    {
        var s = new StringBuilder();
        OdpKeyFormatter.Format(s, put.Key.Span, put.Mask.Span, verbose: false);
        return s.ToString();
    }

    private static string FormatActions(ReadOnlySpan<byte> actions)
    {
        var s = new StringBuilder();
        OdpActionFormatter.Format(s, actions);
        return s.ToString();
    }

    /// <summary>The userdata of the first userspace() action in <paramref name="actions"/>.</summary>
    private static byte[] UserspaceCookie(ReadOnlySpan<byte> actions)
    {
        foreach (NlAttr a in new NlAttrReader(actions))
        {
            if (a.Type == OdpActionAttr.Userspace && NlAttrReader.TryFind(a.Payload, OdpUserspaceAttr.Userdata, out NlAttr data))
            {
                return data.Payload.ToArray();
            }
        }

        throw new InvalidOperationException("no userspace action");
    }
}
