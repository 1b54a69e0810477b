// Meter codecs: decode → encode reproduces the bytes, and malformed meter mods give upstream's errors.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

public sealed class MeterRoundTripTests
{
    [Theory]
    [InlineData("041d0020 00000002 0000000d 00000005 00010010 00000400 00000080 00000000")] // add kbps burst stats, drop
    [InlineData("051d0030 00000007 00010006 00000007 00020010 00000800 00000040 03000000 00010010 00000064 00000000 00000000")] // modify, dscp_remark + drop
    [InlineData("061d0010 00000009 00020000 00000009")] // delete: no flags, no bands
    public void MeterModRoundTrips(string hex)
    {
        byte[] message = Fix(hex);
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out _, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpError.None, MeterMod.TryDecode(body, out MeterMod? mod));
        var writer = new ArrayBufferWriter<byte>();
        mod!.Encode(message[0], OfpHeader.Read(message).Xid, writer);
        Assert.Equal(message, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("00000003 00000001 00010010 00000002 00000002 00000000", "OFPMMFC_BAD_FLAGS")] // kbps and pktps
    [InlineData("00040000 00000001", "OFPMMFC_BAD_COMMAND")] // no command 4
    [InlineData("00000001 00000001 ffff0010 00000002 00000002 00000000", "OFPMMFC_BAD_BAND")] // experimenter band
    [InlineData("00000001 00000001 00010018 00000002 00000002 00000000 00000000 00000000", "OFPBRC_BAD_LEN")] // 24-byte band
    [InlineData("00000001 00000001 00010010 00000002 00000002 00000000 00000000 00000000", "OFPBRC_BAD_LEN")] // short tail
    public void MalformedMeterModsGiveUpstreamErrors(string hex, string expected)
    {
        byte[] body = Hex(hex);
        Assert.Equal(expected, OfpErrorTable.Name(MeterMod.TryDecode(body, out _)));
    }

    [Fact]
    public void MeterConfigAndStatsRepliesRoundTrip()
    {
        MeterConfig[] configs =
        [
            new(1, MeterFlags.Kbps | MeterFlags.Burst, [new(MeterBandType.Drop, 65536, 1280, 0), new(MeterBandType.DscpRemark, 1048576, 61440, 3)]),
            new(2, MeterFlags.Pktps | MeterFlags.Stats, []),
        ];
        var writer = new ArrayBufferWriter<byte>();
        MeterConfig.EncodeReply(configs, 4, 9, writer);
        byte[] message = writer.WrittenSpan.ToArray();
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpRaw.Ofpst13MeterConfigReply, info!.Raw);
        var decoded = new List<MeterConfig>();
        while (!body.IsEmpty)
        {
            Assert.Equal(OfpError.None, MeterConfig.TryPullEntry(ref body, null, out MeterConfig? c));
            decoded.Add(c!);
        }

        var again = new ArrayBufferWriter<byte>();
        MeterConfig.EncodeReply(decoded, 4, 9, again);
        Assert.Equal(message, again.WrittenSpan.ToArray());

        MeterStats[] stats = [new(1, 5, 4096, 143360, 394, 174990148, [new(126, 13363), new(231, 37934)]), new(7, 0, 0, 0, 1, 0, [])];
        writer.Clear();
        MeterStats.EncodeReply(stats, 5, 10, writer);
        message = writer.WrittenSpan.ToArray();
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out _, out body, out _));
        var decodedStats = new List<MeterStats>();
        while (!body.IsEmpty)
        {
            Assert.Equal(OfpError.None, MeterStats.TryPullEntry(ref body, null, out MeterStats? s));
            decodedStats.Add(s!);
        }

        again.Clear();
        MeterStats.EncodeReply(decodedStats, 5, 10, again);
        Assert.Equal(message, again.WrittenSpan.ToArray());
    }

    [Fact]
    public void MeterFeaturesAndRequestsRoundTrip()
    {
        var writer = new ArrayBufferWriter<byte>();
        new MeterFeatures(65536, 6, 0xf, 16, 2).EncodeReply(4, 2, writer);
        Assert.Equal(Hex("04130020 00000002 000b0000 00000000 00010000 00000006 0000000f 10020000"), writer.WrittenSpan.ToArray());
        Assert.Equal(new MeterFeatures(65536, 6, 0xf, 16, 2), MeterFeatures.Decode(writer.WrittenSpan[16..]));

        writer.Clear();
        MeterFeatures.EncodeRequest(OfpRaw.Ofpst13MeterRequest, 4, 2, 1, writer);
        Assert.Equal(Hex("04120018 00000002 00090000 00000000 00000001 00000000"), writer.WrittenSpan.ToArray());
    }

    // Hex with the message length patched in, so cases can be written without counting bytes.
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Fix(string hex)
    {
        byte[] m = Hex(hex);
        m[2] = (byte)(m.Length >> 8);
        m[3] = (byte)m.Length;
        return m;
    }
}
