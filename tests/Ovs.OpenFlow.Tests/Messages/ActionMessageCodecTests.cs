// Encoding from values (not from decoded bytes) for packet-out, flow statistics and flow monitor messages: what an
// encoder must do that a round trip of canonical bytes cannot show (unknown counts, saturated ages, flag
// translation), checked by decoding or printing the result.
using System.Buffers;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

public sealed class ActionMessageCodecTests
{
    private static readonly OfpPrintContext s_print = new(2, null);

    // Verbosity 0 leaves out the flow of a packet-out's packet.
    private static readonly OfpPrintContext s_brief = new(0, null);

    [Theory]
    [InlineData(1, "OFPT_PACKET_OUT (xid=0x7): in_port=LOCAL actions=output:2,resubmit(,3) data_len=4\n")]
    [InlineData(4, "OFPT_PACKET_OUT (OF1.3) (xid=0x7): in_port=LOCAL actions=output:2,resubmit(,3) data_len=4\n")]
    [InlineData(6, "OFPT_PACKET_OUT (OF1.5) (xid=0x7): in_port=LOCAL actions=output:2,resubmit(,3) data_len=4\n")]
    public void PacketOutEncodesInEveryLayout(byte version, string expected)
    {
        var po = new PacketOut { Actions = [new OutputAct(2, 0), new ResubmitAct(0xfff8, 3, false, true)], Packet = [1, 2, 3, 4] };
        po.SetInPort(0xfffe);
        var output = new ArrayBufferWriter<byte>();

        po.Encode(version, 7, output);

        Assert.Equal(expected, OfpPrinter.ToText(output.WrittenSpan, s_brief));
    }

    [Fact]
    public void BufferedPacketOutCarriesNoData()
    {
        var po = new PacketOut { BufferId = 0x42, Packet = [1, 2, 3] };
        po.SetInPort(1);
        var output = new ArrayBufferWriter<byte>();

        po.Encode(1, 0, output);

        Assert.Equal(16, output.WrittenCount);
        Assert.Equal("OFPT_PACKET_OUT (xid=0x0): in_port=1 actions=drop buffer=0x00000042\n", OfpPrinter.ToText(output.WrittenSpan, s_print));
    }

    [Theory]
    [InlineData((int)OfpRaw.Ofpst10FlowReply, 1, "n_packets=0, n_bytes=0, ")]
    [InlineData((int)OfpRaw.Ofpst11FlowReply, 3, "n_packets=0, n_bytes=0, ")]
    [InlineData((int)OfpRaw.NxstFlowReply, 1, "n_packets=?, n_bytes=?, idle_age=65534, ")]
    [InlineData((int)OfpRaw.Ofpst15FlowReply, 6, "n_packets=?, n_bytes=?, idle_age=70000, ")]
    public void FlowStatsKeepOrDropUnknownCountsAsEachLayoutCan(int rawValue, byte version, string expected)
    {
        var raw = (OfpRaw)rawValue;
        var fs = new FlowStats { PacketCount = ulong.MaxValue, ByteCount = ulong.MaxValue, IdleAge = 70000, HardAge = 5, DurationSec = 5 };
        var output = new ArrayBufferWriter<byte>();

        FlowStats.EncodeReply(raw, version, 1, [fs], output);

        string text = OfpPrinter.ToText(output.WrittenSpan, s_print);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hard_age", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, (int)(OfpFlowModFlags.SendFlowRem | OfpFlowModFlags.CheckOverlap), (ushort)3)]
    [InlineData(1, (int)(OfpFlowModFlags.ResetCounts | OfpFlowModFlags.Emerg), (ushort)4)]
    [InlineData(3, (int)(OfpFlowModFlags.ResetCounts | OfpFlowModFlags.NoPacketCounts), (ushort)4)]
    [InlineData(4, (int)(OfpFlowModFlags.NoPacketCounts | OfpFlowModFlags.NoByteCounts), (ushort)24)]
    public void FlowModFlagsUseTheBitsOfTheirVersion(byte version, int flagBits, ushort raw)
    {
        var flags = (OfpFlowModFlags)flagBits;
        Assert.Equal(raw, OfpFlowModFlagCodec.Encode(flags, version));
        Assert.Equal(OfpError.None, OfpFlowModFlagCodec.Decode(raw, version, out OfpFlowModFlags decoded));
        Assert.Equal(raw, OfpFlowModFlagCodec.Encode(decoded, version));
        Assert.Equal(OfpError.OfpfmfcBadFlags, OfpFlowModFlagCodec.Decode(0x20, version, out _));
    }

    [Theory]
    [InlineData(1, (int)OfpRaw.NxstFlowMonitorRequest)]
    [InlineData(4, (int)OfpRaw.Onfst13FlowMonitorRequest)]
    [InlineData(5, (int)OfpRaw.Ofpst14FlowMonitorRequest)]
    public void FlowMonitorFlagsSurviveEveryForm(byte version, int rawValue)
    {
        var raw = (OfpRaw)rawValue;
        const ushort flags = FlowMonitorRequest.Initial | FlowMonitorRequest.Add | FlowMonitorRequest.OnlyOwn;
        var rq = new FlowMonitorRequest { Id = 9, Flags = flags, OutPort = 3, TableId = 1 };
        var output = new ArrayBufferWriter<byte>();

        FlowMonitorRequest.EncodeRequest(version, 5, [rq], output);

        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(output.WrittenSpan, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(raw, info!.Raw);
        Assert.Equal(OfpError.None, FlowMonitorRequest.TryDecodeNext(raw, ref body, null, out FlowMonitorRequest? decoded));
        Assert.Equal(flags, decoded!.Flags);
        Assert.Equal((ushort)3, decoded.OutPort);
        Assert.True(body.IsEmpty);
    }

    [Fact]
    public void NiciraMonitorRepliesSendInitialAsAdded()
    {
        var update = new FlowUpdate { Event = FlowUpdateEvent.Initial, TableId = 2, Actions = [new OutputAct(1, 0)] };
        var output = new ArrayBufferWriter<byte>();

        FlowUpdate.EncodeReply(OfpRaw.NxstFlowMonitorReply, 1, 4, [update], output);

        Assert.Equal("NXST_FLOW_MONITOR reply (xid=0x4):\n event=ADDED table=2 cookie=0 actions=output:1\n", OfpPrinter.ToText(output.WrittenSpan, s_print));
        Assert.Throws<InvalidOperationException>(() =>
            FlowUpdate.EncodeReply(OfpRaw.NxstFlowMonitorReply, 1, 4, [new FlowUpdate { Event = FlowUpdateEvent.Paused }], new ArrayBufferWriter<byte>()));
    }
}
