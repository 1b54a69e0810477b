// OFPT_ERROR: decode → encode reproduces the bytes in each of the three wire shapes, and malformed bodies decode
// to no error at all (which ofp-print reports as OFPBRC_BAD_LEN).
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Errors;

public sealed class OfpErrorMessageTests
{
    public static TheoryData<int, byte> EncodableErrors()
    {
        var data = new TheoryData<int, byte>();
        foreach (OfpErrorInfo info in OfpErrorTable.Rows)
        {
            for (byte v = OfpVersions.Min; v <= OfpVersions.Max; v++)
            {
                if (OfpErrorTable.TryGetMapping(info.Error, v, out _))
                {
                    data.Add((int)info.Error, v);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EncodableErrors))]
    public void DecodeOfEncodeReproducesTheBytes(int errorNumber, byte version)
    {
        var error = (OfpError)errorNumber;
        byte[] request = [version, OfpMessageTypes.EchoRequest, 0, 12, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4];
        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(OfpErrorEncodeNote.None, OfpErrorMessage.EncodeReply(error, request, writer));
        byte[] reply = writer.WrittenSpan.ToArray();

        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(reply, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpRaw.OfptError, info!.Raw);
        OfpError decoded = OfpErrorMessage.Decode(version, body, out ReadOnlySpan<byte> payload);
        Assert.True(payload.SequenceEqual(request));

        // Errors that share an encoding in this version decode to the first of them, which encodes identically.
        var again = new ArrayBufferWriter<byte>();
        OfpErrorMessage.EncodeReply(decoded, request, again);
        Assert.Equal(reply, again.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(1, "0001")] // no code
    [InlineData(1, "b0c20000 00002320 0001")] // Nicira vendor error cut short
    [InlineData(3, "ffff0002")] // experimenter error without its id
    [InlineData(1, "000103e7")] // no such code
    [InlineData(4, "ffff0002 00002320")] // a Nicira experimenter type that does not exist in 1.3... is NXM_INVALID
    public void MalformedOrUnknownErrorsDecodeToNone(byte version, string hex)
    {
        byte[] body = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        OfpError decoded = OfpErrorMessage.Decode(version, body, out _);
        if (hex == "ffff0002 00002320")
        {
            Assert.Equal(OfpError.NxbrcNxmInvalid, decoded);
        }
        else
        {
            Assert.Equal(OfpError.None, decoded);
        }
    }

    [Fact]
    public void UnencodableErrorsBecomeNxbrcUnencodableError()
    {
        var writer = new ArrayBufferWriter<byte>();
        OfpErrorEncodeNote note = OfpErrorMessage.EncodeReply(OfpError.OfpbrcMultipartBadSched, [1, 2, 0, 8, 0, 0, 0, 1], writer);
        Assert.Equal(OfpErrorEncodeNote.Unencodable, note);
        Assert.Equal(OfpError.NxbrcUnencodableError, OfpErrorMessage.Decode(1, writer.WrittenSpan[8..], out _));
    }

    [Fact]
    public void TableHasEveryUpstreamErrorOnce()
    {
        Assert.Equal(198, OfpErrorTable.Rows.Length);
        for (int i = 0; i < OfpErrorTable.Rows.Length; i++)
        {
            Assert.Equal((OfpError)(i + 1), OfpErrorTable.Rows[i].Error);
        }
    }
}
