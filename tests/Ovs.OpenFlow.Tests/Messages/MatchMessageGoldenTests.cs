// Messages that carry a match (flow removed, flow/aggregate statistics requests, packet-in in every form) and the
// asynchronous configuration that shares their reasons: every
// case of match-print-cases.json (recorded from Debian's ovs-ofctl by tests/testdata/openflow/record-matches.py)
// must print as Debian printed it, with the same warnings; the canonical ones must re-encode to the same bytes;
// and no truncation or corruption of any case may make a decoder throw.
using System.Buffers;
using System.Text;
using Ovs.Json;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class MatchMessageGoldenTests
{
    private const string File = "match-print-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    public static TheoryData<int> CanonicalCases()
    {
        var data = new TheoryData<int>();
        JsonArray cases = TestData.Cases(File);
        for (int i = 0; i < cases.Count; i++)
        {
            if (cases[i].AsObject()["canonical"]!.AsBoolean())
            {
                data.Add(i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsDebian(int index)
    {
        JsonObject c = TestData.Case(File, index);
        var warnings = new StringBuilder();
        int verbosity = c["verbosity"]!.IsNull ? 2 : (int)c["verbosity"]!.AsInteger();
        var context = new OfpPrintContext(verbosity, (module, level, message) => warnings.Append(module).Append(level == OfpLogLevel.Warn ? "|WARN|" : "|INFO|").Append(message).Append('\n'));

        string text = OfpPrinter.ToText(TestData.Hex(c.Text("hex")), context);

        Assert.Equal(c.Text("stdout"), text);
        Assert.Equal(c.Text("stderr"), warnings.ToString());
    }

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
    public void NoCorruptionMakesADecoderThrow()
    {
        var context = new OfpPrintContext(3, null);
        JsonArray cases = TestData.Cases(File);
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] data = TestData.Hex(cases[i].AsObject().Text("hex"));
            for (int cut = OfpHeader.Size; cut < data.Length; cut++)
            {
                byte[] t = data[..cut];
                t[2] = (byte)(cut >> 8);
                t[3] = (byte)cut;
                _ = OfpPrinter.ToText(t, context);
            }

            for (int at = 8; at < Math.Min(data.Length, 96); at++)
            {
                foreach (byte value in (ReadOnlySpan<byte>)[0x00, 0xff, 0x7f, 0x09])
                {
                    byte[] t = (byte[])data.Clone();
                    t[at] = value;
                    _ = OfpPrinter.ToText(t, context);
                }
            }
        }
    }
}
