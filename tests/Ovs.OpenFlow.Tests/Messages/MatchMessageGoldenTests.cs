// Messages that carry a match (flow removed, flow/aggregate statistics requests, packet-in in every form) and the
// asynchronous configuration that shares their reasons: every
// case of match-print-cases.json (recorded from Debian's ovs-ofctl by tests/testdata/openflow/record-matches.py)
// must print as Debian printed it, with the same warnings; the canonical ones must re-encode to the same bytes;
// and no truncation or corruption of any case may make a decoder throw.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class MatchMessageGoldenTests
{
    private const string File = "match-print-cases.json";

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
        var output = new ArrayBufferWriter<byte>();
        OfpRaw raw = info!.Raw;
        if (raw is OfpRaw.Ofpt10FlowRemoved or OfpRaw.Ofpt11FlowRemoved or OfpRaw.Ofpt15FlowRemoved or OfpRaw.NxtFlowRemoved)
        {
            Assert.Equal(OfpError.None, FlowRemoved.TryDecode(raw, body, null, out FlowRemoved fr));
            fr.Encode(raw, header.Version, header.Xid, output);
        }
        else if (FlowStatsRequest.IsFlowStatsRequest(raw))
        {
            Assert.Equal(OfpError.None, FlowStatsRequest.TryDecode(raw, body, null, out FlowStatsRequest fsr));
            fsr.Encode(raw, header.Version, header.Xid, output);
        }
        else if (AsyncConfig.IsAsyncConfig(raw))
        {
            Assert.Equal(OfpError.None, AsyncConfig.TryDecode(raw, header.Version, body, loose: false, null, out AsyncConfig config));
            config.Encode(raw, header.Version, header.Xid, output);
        }
        else
        {
            Assert.Equal(OfpError.None, PacketIn.TryDecode(raw, header.Version, body, null, out PacketIn pin));
            pin.Encode(raw, header.Version, header.Xid, output);
        }

        Assert.Equal(Convert.ToHexString(data), Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void NoCorruptionMakesADecoderThrow() => GoldenPrint.PrintDamagedCases(File, 1, 96, [0x00, 0xff, 0x7f, 0x09]);
}
