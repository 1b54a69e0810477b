// NXM/OXM codec properties: canonical bytes decode and re-encode to the same bytes, the OXM match header is
// checked, malformed input gives the exact error, and decoding, comparing and hashing allocate nothing.
using System.Buffers;
using Ovs.Flow.Nxm;

namespace Ovs.Flow.Tests.Nxm;

public sealed class NxmCodecTests
{
    private static byte[] Bytes(string text)
    {
        var w = new ArrayBufferWriter<byte>();
        Assert.Null(NxmText.TryParse(text, w, out _));
        return w.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData("NXM_OF_IN_PORT(0001), NXM_OF_ETH_TYPE(0800), NXM_OF_IP_SRC_W(0a000000/ff000000), NXM_OF_IP_PROTO(06), NXM_OF_TCP_DST(0050)", 0)]
    [InlineData("OXM_OF_IN_PORT(00000001), OXM_OF_ETH_TYPE(86dd), OXM_OF_IPV6_SRC_W(20010db8000000000000000000000000/ffffffff000000000000000000000000)", 4)]
    [InlineData("OXM_OF_ETH_TYPE(0800), OXM_OF_IP_PROTO(06), OXM_OF_TCP_FLAGS_W(0002/0012), OXM_OF_PKT_REG0(0000000100000002)", 6)]
    [InlineData("NXM_NX_REG0_W(00000005/000000ff), NXM_NX_CT_STATE_W(00000021/00000021)", 3)]
    public void CanonicalEntriesRoundTrip(string text, int version)
    {
        byte[] input = Bytes(text);
        Assert.Equal(NxmError.None, NxmDecoder.DecodeEntries(input, strict: true, allowCookie: false, out Match match, out _, out _));
        var output = new ArrayBufferWriter<byte>();
        int length = NxmEncoder.EncodeEntries(output, in match, version);
        Assert.Equal(input, output.WrittenSpan[..length].ToArray());
    }

    [Fact]
    public void OxmMatchHeaderAndPadding()
    {
        var match = default(Match);
        Assert.Equal(NxmError.None, NxmDecoder.DecodeEntries(Bytes("OXM_OF_ETH_TYPE(0800)"), true, false, out match, out _, out _));
        var output = new ArrayBufferWriter<byte>();
        int length = NxmEncoder.EncodeOxmMatch(output, in match, 4);
        Assert.Equal(10, length);
        Assert.Equal(new byte[] { 0, 1, 0, 10, 0x80, 0, 0x0a, 2, 0x08, 0x00, 0, 0, 0, 0, 0, 0 }, output.WrittenSpan.ToArray());
        Assert.Equal(NxmError.None, NxmDecoder.DecodeOxmMatch(output.WrittenSpan, true, out Match back, out int consumed));
        Assert.Equal(16, consumed);
        Assert.Equal(match, back);
        Assert.Equal("OXM_OF_ETH_TYPE(0800)", NxmText.FormatOxm(output.WrittenSpan[..length]));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0 }, "OFPBMC_BAD_LEN")]
    [InlineData(new byte[] { 0, 2, 0, 4 }, "OFPBMC_BAD_TYPE")]
    [InlineData(new byte[] { 0, 1, 0, 3 }, "OFPBMC_BAD_LEN")]
    [InlineData(new byte[] { 0, 1, 0, 12, 0x80, 0, 0x0a, 2, 8, 0, 0, 0 }, "OFPBMC_BAD_LEN")]
    public void OxmMatchHeaderErrors(byte[] data, string expected) =>
        Assert.Equal(expected, NxmDecoder.DecodeOxmMatch(data, true, out _, out _).Name());

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x00 }, "OFPBMC_BAD_LEN")]                                // partial header
    [InlineData(new byte[] { 0x00, 0x00, 0x06, 0x02, 0x08 }, "OFPBMC_BAD_LEN")]                    // partial payload
    [InlineData(new byte[] { 0xff, 0xff, 0x00, 0x08, 0x00, 0x00 }, "OFPBMC_BAD_LEN")]              // partial experimenter header
    [InlineData(new byte[] { 0xff, 0xff, 0x00, 0x02, 0x00, 0x00, 0x23, 0x20 }, "OFPBMC_BAD_LEN")]  // length below experimenter id
    [InlineData(new byte[] { 0x00, 0x00, 0x0e, 0x04, 0x0a, 0x00, 0x00, 0x01 }, "OFPBMC_BAD_PREREQ")]  // ip_src without eth_type
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x01, 0x05 }, "OFPBMC_BAD_FIELD")]  // reg0 with an 8-bit length
    [InlineData(new byte[] { 0x00, 0x00, 0x01, 0x04, 0x01, 0x00, 0x00, 0xff }, "OFPBMC_BAD_WILDCARDS")]  // 1-bit outside the mask
    [InlineData(new byte[] { 0x00, 0x00, 0x01, 0x04, 0x00, 0x01, 0x00, 0xff }, "OFPBMC_BAD_MASK")]  // in_port cannot be masked
    [InlineData(new byte[] { 0x00, 0x00, 0x06, 0x02, 0x08, 0x00, 0x00, 0x00, 0x06, 0x02, 0x08, 0x00 }, "OFPBMC_DUP_FIELD")]
    public void MalformedEntriesGiveExactErrors(byte[] data, string expected) =>
        Assert.Equal(expected, NxmDecoder.DecodeEntries(data, strict: true, allowCookie: false, out _, out _, out _).Name());

    [Fact]
    public void DecodeCompareAndHashDoNotAllocate()
    {
        byte[] input = Bytes("NXM_OF_IN_PORT(0001), NXM_OF_ETH_TYPE(0800), NXM_OF_IP_SRC_W(0a000000/ff000000), NXM_OF_IP_PROTO(06), NXM_OF_TCP_DST(0050), NXM_NX_REG3(00000007)");
        NxmDecoder.DecodeEntries(input, true, false, out Match first, out _, out _);

        // A first run lets tiered compilation settle (its bookkeeping may allocate); the second is measured.
        Run(input, in first, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(input, in first, out int equal, out ulong hash);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(10_000, equal);
        Assert.NotEqual(0UL, hash);
        Assert.Equal(0, after - before);
    }

    private static void Run(byte[] input, in Match first, out int equal, out ulong hash)
    {
        equal = 0;
        hash = 0;
        for (int i = 0; i < 10_000; i++)
        {
            NxmDecoder.DecodeEntries(input, true, false, out Match m, out _, out _);
            equal += m.Equals(first) ? 1 : 0;
            hash += m.Flow.HashMasked(in m.Wildcards.Masks) + (ulong)m.GetHashCode();
        }
    }
}
