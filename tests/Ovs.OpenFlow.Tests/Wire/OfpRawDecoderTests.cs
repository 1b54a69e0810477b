// Header classification: each malformed header gives upstream's exact error, every catalogue row round-trips
// through the encoder's headers, and decoding a message allocates nothing.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Wire;

public sealed class OfpRawDecoderTests
{
    [Theory]
    [InlineData("0100", "OfpbrcBadLen")] // shorter than a header
    [InlineData("01630008 00000001", "OfpbrcBadType")] // type 99
    [InlineData("07050008 00000001", "OfpbrcBadType")] // features request in an unknown version
    [InlineData("0104000c 00000001 00002320", "OfpbrcBadLen")] // vendor header without subtype
    [InlineData("01040010 00000001 00001234 00000001", "OfpbrcBadVendor")] // unknown vendor
    [InlineData("01040010 00000001 00002320 000003e7", "OfpbrcBadSubtype")] // unknown Nicira subtype
    [InlineData("0110000a 00000001 0000", "OfpbrcBadLen")] // OF1.0 stats header cut short
    [InlineData("0110000c 00000001 00630000", "OfpbrcBadStat")] // unknown stats type
    [InlineData("01100010 00000001 ffff0000 00001234", "OfpbrcBadVendor")] // unknown stats vendor
    [InlineData("01100010 00000001 ffff0000 4f4e4600", "OfpbrcBadVendor")] // ONF stats do not exist in 1.0
    [InlineData("04120014 00000001 ffff0000 00000000 00002320", "OfpbrcBadLen")] // 1.1+ vendor stats need 24 bytes
    [InlineData("0105000c 00000001 00000000", "OfpbrcBadLen")] // features request with a body
    [InlineData("0108000a 00000001 0000", "OfpbrcBadLen")] // get-config reply too short
    [InlineData("01060028 00000001 0000000000000001 00000100 02000000 00000087 00000fff 0000000000000000", "OfpbrcBadLen")] // ports not a multiple of 48
    public void MalformedHeadersGiveTheExactError(string hex, string expected)
    {
        byte[] message = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(Enum.Parse<OfpError>(expected), OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out _, out _));
        Assert.Null(info);
    }

    public static TheoryData<int, byte> EveryRawAndVersion()
    {
        var data = new TheoryData<int, byte>();
        foreach (OfpRawInfo info in OfpRawTable.Rows)
        {
            for (int v = info.MinVersion; v <= Math.Min((int)info.MaxVersion, 8); v++)
            {
                data.Add((int)info.Raw, (byte)v);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRawAndVersion))]
    public void EncodedHeadersClassifyBackToTheirRow(int rawNumber, byte version)
    {
        var raw = (OfpRaw)rawNumber;
        OfpRawInfo info = OfpRawDecoder.Info(raw);
        int body = info.MinBody + (info.ExtraMultiple > 1 ? info.ExtraMultiple : 0);
        var writer = new ArrayBufferWriter<byte>();
        OfpEncoder.Begin(writer, raw, version, 0x12345678, body, out int total);
        writer.Advance(total);

        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(writer.WrittenSpan, out OfpRawInfo? decoded, out ReadOnlySpan<byte> rest, out _));
        Assert.Same(info, decoded);
        Assert.Equal(body, rest.Length);
        Assert.Equal(0x12345678u, OfpHeader.Read(writer.WrittenSpan).Xid);
    }

    [Fact]
    public void CatalogueHasEveryUpstreamMessageOnce()
    {
        Assert.Equal(161, OfpRawTable.Rows.Length);
        for (int i = 0; i < OfpRawTable.Rows.Length; i++)
        {
            Assert.Equal((OfpRaw)(i + 1), OfpRawTable.Rows[i].Raw);
        }
    }

    [Fact]
    public void DecodingDoesNotAllocate()
    {
        byte[] echo = Convert.FromHexString("0102001000000001" + "0011223344556677");
        byte[] stats = Convert.FromHexString("0412001000000003000d000000000000");
        OfpRawDecoder.TryDecode(echo, out _, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            sum += OfpRawDecoder.TryDecode(echo, out _, out ReadOnlySpan<byte> body, out _) == OfpError.None ? body.Length : 0;
            sum += OfpRawDecoder.TryDecode(stats, out _, out body, out _) == OfpError.None ? body.Length : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(80_000, sum);
        Assert.Equal(0, allocated);
    }
}
