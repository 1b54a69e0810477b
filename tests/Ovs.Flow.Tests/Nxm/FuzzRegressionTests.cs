// Inputs found by fuzz/Ovs.Fuzz that used to throw instead of being rejected. Each now gets the error upstream
// gives for it.
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;

namespace Ovs.Flow.Tests.Nxm;

public sealed class FuzzRegressionTests
{
    [Fact]
    public void Cookie_header_with_the_wrong_length_is_an_unknown_field_not_the_cookie()
    {
        // NXM_NX_COOKIE is class 1, field 30, length 8; with length 1 the same field number is NXM_NX_MPLS_TTL,
        // which is missing its MPLS prerequisite here, and with length 2 it is nothing at all.
        byte[] twoBytes = Convert.FromHexString("00013c020102");
        Assert.Equal(NxmError.BadField, NxmDecoder.DecodeEntries(twoBytes, strict: true, allowCookie: true, out _, out _, out _));
        byte[] cookie = Convert.FromHexString("00013c080000000000000007");
        Assert.Equal(NxmError.None, NxmDecoder.DecodeEntries(cookie, strict: true, allowCookie: true, out _, out ulong value, out ulong mask));
        Assert.Equal(7UL, value);
        Assert.Equal(ulong.MaxValue, mask);
    }

    [Fact]
    public void Tunnel_metadata_longer_than_its_field_is_rejected()
    {
        // NXM_NX_TUN_METADATA0 holds at most 124 bytes.
        byte[] entry = new byte[4 + 128];
        Convert.FromHexString("00015080").CopyTo(entry, 0);
        Assert.Equal(NxmError.BadField, NxmDecoder.DecodeEntries(entry, strict: true, allowCookie: false, out _, out _, out _));
    }

    [Fact]
    public void Negative_starting_bit_gets_upstreams_message()
    {
        Assert.Equal(
            "reg0[-8..11]: starting bit -8 is not valid because field is only 32 bits wide",
            Subfield.TryParse("reg0[-8..11]", out _));
    }
}
