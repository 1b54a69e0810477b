// The error table against Debian's ovs-ofctl: print-error's encodings of every error name, and encode-error-reply's
// bytes for every error in every version (including the fallbacks for unknown versions and unencodable errors).
using System.Buffers;
using Ovs.Json;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Errors;

[Trait("upstream", "tests/ofp-errors.at")]
public sealed class ErrorGoldenTests
{
    private const string PrintFile = "print-error-cases.json";
    private const string EncodeFile = "encode-error-reply-cases.json";

    public static TheoryData<int> PrintCases() => TestData.Indexes(PrintFile);

    public static TheoryData<int> EncodeCases() => TestData.Indexes(EncodeFile);

    [Theory]
    [MemberData(nameof(PrintCases))]
    public void PrintErrorMatchesDebian(int index)
    {
        JsonObject c = TestData.Case(PrintFile, index);
        bool known = OfpErrorTable.TryParse(c.Text("error"), out OfpError error);
        Assert.Equal(c["exit"]!.AsInteger() == 0, known);
        if (known)
        {
            Assert.Equal(c.Text("stdout"), ErrorText.FormatEncodings(error));
            Assert.Equal(c.Text("error"), OfpErrorTable.Name(error));
        }
    }

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void EncodeErrorReplyMatchesDebian(int index)
    {
        JsonObject c = TestData.Case(EncodeFile, index);
        if (c["exit"]!.AsInteger() != 0)
        {
            // Debian refused the input (unknown name, bad hex or a request whose length field disagrees).
            byte[]? request = TryHex(c.Text("request"));
            Assert.True(!OfpErrorTable.TryParse(c.Text("error"), out _) || request is null || request.Length < 8 || OfpHeader.Read(request).Length != request.Length);
            return;
        }

        Assert.True(OfpErrorTable.TryParse(c.Text("error"), out OfpError error));
        byte[] bytes = TestData.Hex(c.Text("request").Replace(" ", string.Empty, StringComparison.Ordinal));
        var writer = new ArrayBufferWriter<byte>();
        OfpErrorEncodeNote note = OfpErrorMessage.EncodeReply(error, bytes, writer);

        Assert.Equal(c.Text("stdout"), HexDump.Format(writer.WrittenSpan, ascii: false));
        Assert.Equal(c.Text("stderr").Contains("|ERR|cannot encode", StringComparison.Ordinal), note != OfpErrorEncodeNote.None);
    }

    private static byte[]? TryHex(string text)
    {
        var bytes = new List<byte>();
        return HexParser.Parse(text, bytes) == text.Length ? [.. bytes] : null;
    }
}
