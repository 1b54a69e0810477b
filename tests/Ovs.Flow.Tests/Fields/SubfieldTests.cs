// Subfield syntax. The formatted forms are what Debian's ovs-ofctl prints for move actions written with the
// inputs (e.g. "move:reg0[0..3]->reg1[4..7]" prints "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]").
using Ovs.Flow.Fields;

namespace Ovs.Flow.Tests.Fields;

public sealed class SubfieldTests
{
    [Theory]
    [InlineData("reg0[0..3]", "NXM_NX_REG0[0..3]")]
    [InlineData("reg1[4..7]", "NXM_NX_REG1[4..7]")]
    [InlineData("eth_src[]", "NXM_OF_ETH_SRC[]")]
    [InlineData("NXM_NX_REG2[5]", "NXM_NX_REG2[5]")]
    [InlineData("tun_id[0]", "NXM_NX_TUN_ID[0]")]
    [InlineData("ip_dscp", "OXM_OF_IP_DSCP[]")]
    [InlineData("reg3[0..5]", "NXM_NX_REG3[0..5]")]
    [InlineData("in_port_oxm", "OXM_OF_IN_PORT[]")]
    [InlineData("xxreg0[]", "NXM_NX_XXREG0[]")]
    [InlineData("ct_label", "NXM_NX_CT_LABEL[]")]
    [InlineData("pkt_mark", "NXM_NX_PKT_MARK[]")]
    public void ParsesAndFormatsLikeOvsOfctl(string text, string expected)
    {
        Assert.Null(Subfield.TryParse(text, out Subfield sf));
        Assert.Equal(expected, sf.ToString());
    }

    [Fact]
    public void PrefixStopsAtArrow()
    {
        int position = 0;
        Assert.Null(Subfield.TryParsePrefix("reg0[0..3]->reg1[]", ref position, out Subfield sf));
        Assert.Equal(10, position);
        Assert.Equal(4, sf.Bits);
    }

    [Theory]
    [InlineData("foo[1]", "foo[1]: unknown field `foo'")]
    [InlineData("reg0[4..2]", "reg0[4..2]: starting bit 4 is after ending bit 2")]
    [InlineData("reg0[40]", "reg0[40]: starting bit 40 is not valid because field is only 32 bits wide")]
    [InlineData("reg0[0..40]", "reg0[0..40]: ending bit 40 is not valid because field is only 32 bits wide")]
    [InlineData("reg0[x]", "reg0[x]: syntax error expecting [] or [<bit>] or [<start>..<end>]")]
    [InlineData("reg0[]x", "unexpected input following field syntax")]
    public void RejectsWithUpstreamMessages(string text, string expected) => Assert.Equal(expected, Subfield.TryParse(text, out _));

    [Fact]
    public void BitHelpersCountFromTheLeastSignificantBit()
    {
        byte[] v = new byte[4];
        Subfield.SetBits(v, 4, 4);
        Assert.Equal(new byte[] { 0, 0, 0, 0xf0 }, v);
        Subfield.CopyBits(new byte[] { 0, 0, 0, 5 }, 0, v, 8, 4);
        Assert.Equal(new byte[] { 0, 0, 5, 0xf0 }, v);
        Assert.True(Subfield.AreBitsZero(v, 12, 20));
        Assert.False(Subfield.AreBitsZero(v, 4, 4));
    }
}
