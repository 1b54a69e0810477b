// "ovs-ofctl monitor SWITCH watch:SPEC" (parse_flow_monitor_request()): the defaults, the "!" flags, filters and
// match keywords, the errors, and the request each gives on the wire. The golden bytes are our encoding, checked
// with Debian's "ovs-ofctl ofp-print" (its text is the expected print).
using System.Buffers;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Text;

public sealed class FlowMonitorParserTests
{
    [Fact]
    public void DefaultsAskForEverythingIncludingOwnChangesInFull()
    {
        Assert.Null(FlowMonitorParser.TryParse(string.Empty, null, out FlowMonitorRequest rq, out ProtocolSet usable));
        Assert.Equal(0x5f, rq.Flags);
        Assert.Equal((ushort)0xffff, rq.OutPort);
        Assert.Equal(FlowMonitorRequest.GroupAny, rq.OutGroup);
        Assert.Equal((byte)0xff, rq.TableId);
        Assert.True(rq.Match.IsCatchAll);
        Assert.Equal(ProtocolSet.Any, usable);
    }

    [Fact]
    public void EachRequestGetsTheNextId()
    {
        Assert.Null(FlowMonitorParser.TryParse(string.Empty, null, out FlowMonitorRequest a, out _));
        Assert.Null(FlowMonitorParser.TryParse(string.Empty, null, out FlowMonitorRequest b, out _));
        Assert.True(b.Id > a.Id);
    }

    [Theory]
    [InlineData("!initial", 0x5e)]
    [InlineData("!add", 0x5d)]
    [InlineData("!delete", 0x5b)]
    [InlineData("!modify", 0x57)]
    [InlineData("!actions", 0x4f)]
    [InlineData("!own", 0x1f)]
    [InlineData("!abbrev", 0x5f)]
    public void BangKeywordsClearTheirFlag(string spec, int flags)
    {
        Assert.Null(FlowMonitorParser.TryParse(spec, null, out FlowMonitorRequest rq, out _));
        Assert.Equal(flags, rq.Flags);
    }

    [Theory]
    [InlineData("bogus=1", "bogus=1: unknown keyword bogus")]
    [InlineData("x,out_port", "x,out_port: field x missing value")]
    [InlineData("table=abc", "unknown table \"abc\"")]
    [InlineData("tcp_dst=80", null)]
    public void ErrorsAreUpstreams(string spec, string? error) =>
        Assert.Equal(error, FlowMonitorParser.TryParse(spec, null, out _, out _));

    [Fact]
    public void FiltersAndMatchAreEncodedInTheNiciraForm()
    {
        Assert.Null(FlowMonitorParser.TryParse("!own,out_port=2,table=1,udp,udp_dst=8", null, out FlowMonitorRequest rq, out ProtocolSet usable));
        Assert.NotEqual(ProtocolSet.None, usable & ProtocolSet.Of10NxmAny);
        rq.Id = 7;
        var output = new ArrayBufferWriter<byte>();
        FlowMonitorRequest.EncodeRequest(1, 3, [rq], output);

        Assert.Equal(
            "NXST_FLOW_MONITOR request (xid=0x3):\n id=7 flags=initial,add,delete,modify,actions out_port=2 table=1 udp,tp_dst=8\n",
            OfpPrinter.ToText(output.WrittenSpan, new OfpPrintContext(2, null)));
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(output.WrittenSpan, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpError.None, FlowMonitorRequest.TryDecodeNext(info!.Raw, ref body, null, out FlowMonitorRequest? back));
        Assert.Equal((7u, (ushort)0x1f, (ushort)2, (byte)1), (back!.Id, back.Flags, back.OutPort, back.TableId));
        Assert.Equal(Golden, Convert.ToHexStringLower(output.WrittenSpan));
    }

    private const string Golden = "0110004000000003ffff000000002320000000020000000000000007001f0002001101000000000000000602080000000c011100001802000800000000000000";
}
