// Messages that carry actions other than flow_mod and group messages (packet-out, flow statistics replies, flow
// monitor replies) and their companions (flow monitor requests, the OpenFlow 1.5 aggregate reply): every case of
// action-message-cases.json (recorded from Debian's ovs-ofctl by tests/testdata/openflow/record-action-messages.py)
// must print as Debian printed it, with the same warnings; the canonical ones must re-encode to the same bytes; and no
// truncation or corruption of any case may make a decoder throw.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class ActionMessageGoldenTests
{
    private const string File = "action-message-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    public static TheoryData<int> CanonicalCases() => GoldenPrint.CanonicalIndexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsDebian(int index) => GoldenPrint.AssertPrintsAsDebian(TestData.Case(File, index));

    [Theory]
    [MemberData(nameof(CanonicalCases))]
    public void ReencodesToTheSameBytes(int index)
    {
        byte[] data = TestData.Hex(TestData.Case(File, index).Text("hex"));
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(data, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        OfpHeader header = OfpHeader.Read(data);
        byte version = header.Version;
        ushort statsFlags = info!.IsStats ? (ushort)((data[10] << 8) | data[11]) : (ushort)0;
        var output = new ArrayBufferWriter<byte>();
        OfpRaw raw = info.Raw;
        if (raw is OfpRaw.Ofpt10PacketOut or OfpRaw.Ofpt11PacketOut or OfpRaw.Ofpt15PacketOut)
        {
            Assert.Equal(OfpError.None, PacketOut.TryDecode(raw, version, body, null, out PacketOut po));
            po.Encode(version, header.Xid, output);
        }
        else if (FlowStats.IsFlowStatsReply(raw))
        {
            var entries = new List<FlowStats>();
            while (true)
            {
                Assert.Equal(OfpError.None, FlowStats.TryDecodeNext(raw, version, ref body, null, out FlowStats? fs));
                if (fs is null)
                {
                    break;
                }

                entries.Add(fs);
            }

            FlowStats.EncodeReply(raw, version, header.Xid, entries, output, statsFlags);
        }
        else if (raw is OfpRaw.NxstFlowMonitorRequest or OfpRaw.Onfst13FlowMonitorRequest or OfpRaw.Ofpst14FlowMonitorRequest)
        {
            var monitors = new List<FlowMonitorRequest>();
            while (true)
            {
                Assert.Equal(OfpError.None, FlowMonitorRequest.TryDecodeNext(raw, ref body, null, out FlowMonitorRequest? rq));
                if (rq is null)
                {
                    break;
                }

                monitors.Add(rq);
            }

            Assert.Equal(raw, FlowMonitorRequest.RawFor(version));
            FlowMonitorRequest.EncodeRequest(version, header.Xid, monitors, output);
        }
        else if (raw is OfpRaw.NxstFlowMonitorReply or OfpRaw.Onfst13FlowMonitorReply or OfpRaw.Ofpst14FlowMonitorReply)
        {
            var updates = new List<FlowUpdate>();
            while (true)
            {
                Assert.Equal(OfpError.None, FlowUpdate.TryDecodeNext(raw, version, ref body, null, out FlowUpdate? update));
                if (update is null)
                {
                    break;
                }

                updates.Add(update);
            }

            FlowUpdate.EncodeReply(raw, version, header.Xid, updates, output, statsFlags);
        }
        else
        {
            Assert.Equal(OfpRaw.Ofpst15AggregateReply, raw);
            Assert.Equal(OfpError.None, OxsStats.TryDecode(body, out OxsStats stats, out _));
            var oxs = new ArrayBufferWriter<byte>();
            stats.Encode(oxs);
            BodyMessage.Write(output, raw, version, header.Xid, oxs.WrittenSpan, statsFlags);
        }

        Assert.Equal(Convert.ToHexString(data), Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void NoCorruptionMakesADecoderThrow() => GoldenPrint.PrintDamagedCases(File, 1, 128, [0x00, 0xff, 0x7f, 0x09, 0x10]);
}
