// encode-hello against Debian's: the bytes of the hello for each bitmap, and how ofp-print then shows it.
using System.Buffers;
using Ovs.Json;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Tests.Messages;

[Trait("upstream", "tests/ofp-util.at")]
public sealed class HelloGoldenTests
{
    private const string File = "encode-hello-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodeHelloMatchesDebian(int index)
    {
        JsonObject c = TestData.Case(File, index);
        string b = c.Text("bitmap");
        uint bitmap = b.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToUInt32(b[2..], 16)
            : b.StartsWith('0') ? Convert.ToUInt32(b, 8) : uint.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
        var writer = new ArrayBufferWriter<byte>();
        Hello.Encode(bitmap, 1, writer);

        string text = HexDump.Format(writer.WrittenSpan, ascii: false) + OfpPrinter.ToText(writer.WrittenSpan, new OfpPrintContext(0, null));

        Assert.Equal(c.Text("stdout"), text);
    }

    [Theory]
    [InlineData(0x02u)]
    [InlineData(0x12u)]
    [InlineData(0x7eu)]
    [InlineData(0x40u)]
    public void DecodeOfEncodeGivesTheBitmapBack(uint bitmap)
    {
        var writer = new ArrayBufferWriter<byte>();
        Hello.Encode(bitmap, 7, writer);
        Hello hello = Hello.Decode(writer.WrittenSpan);
        Assert.Equal(bitmap, hello.AllowedVersions);
        Assert.True(hello.Complete);
    }

    [Theory]
    [InlineData(0x7eu, 0x12u, 4)]
    [InlineData(0x02u, 0x7cu, 0)]
    [InlineData(0x1eu, 0x1eu, 4)]
    public void NegotiationPicksTheHighestCommonVersion(uint ours, uint theirs, int expected) =>
        Assert.Equal(expected, Hello.Negotiate(ours, theirs));
}
