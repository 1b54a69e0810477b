// Network-order value types: wire bytes in, wire bytes out, and text forms as glibc/ovs-ofctl print them.
using Ovs.Flow.Packets;

namespace Ovs.Flow.Tests.Packets;

public sealed class ValueTypeTests
{
    [Fact]
    public void Be16KeepsWireOrder()
    {
        Be16 v = Be16.Read([0x08, 0x00]);
        Assert.Equal(0x0800, v.Value);
        Span<byte> b = stackalloc byte[2];
        v.Write(b);
        Assert.Equal(new byte[] { 0x08, 0x00 }, b.ToArray());
        Assert.Equal(new Be16(0x0800), v);
        Assert.Equal(0x0800 & 0x0f00, (v & new Be16(0x0f00)).Value);
    }

    [Fact]
    public void Be32AndBe64RoundTrip()
    {
        Assert.Equal(0x0a000001u, Be32.Read([10, 0, 0, 1]).Value);
        Assert.Equal(0x0102030405060708UL, Be64.Read([1, 2, 3, 4, 5, 6, 7, 8]).Value);
    }

    [Theory]
    [InlineData("01:02:03:04:05:06", "01:02:03:04:05:06")]
    [InlineData("a:b:c:d:e:f", "0a:0b:0c:0d:0e:0f")]
    [InlineData("FF:FF:FF:FF:FF:FF", "ff:ff:ff:ff:ff:ff")]
    public void EthAddrParsesAndFormats(string text, string expected)
    {
        Assert.True(EthAddr.TryParse(text, out EthAddr a));
        Assert.Equal(expected, a.ToString());
    }

    [Theory]
    [InlineData("01:02:03:04:05")]
    [InlineData("01:02:03:04:05:06:07")]
    [InlineData("01:02:03:04:05:xx")]
    [InlineData("")]
    public void EthAddrRejects(string text) => Assert.False(EthAddr.TryParse(text, out _));

    // Expected texts are what inet_ntop(3) prints for the same addresses.
    [Theory]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("::ffff:1.2.3.4", "::ffff:1.2.3.4")]
    [InlineData("::1.2.3.4", "::1.2.3.4")]
    [InlineData("fe80::", "fe80::")]
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]
    [InlineData("ffff:ffff::", "ffff:ffff::")]
    public void Ipv6FormatsLikeInetNtop(string text, string expected)
    {
        Assert.True(Ipv6Address.TryParse(text, out Ipv6Address a));
        Assert.Equal(expected, a.ToString());
    }

    [Theory]
    [InlineData("2001:::1")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("12345::")]
    [InlineData(":1")]
    [InlineData("1:")]
    [InlineData("")]
    public void Ipv6Rejects(string text) => Assert.False(Ipv6Address.TryParse(text, out _));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(64, 64)]
    [InlineData(65, 65)]
    [InlineData(128, 128)]
    public void Ipv6PrefixMasksAreCidr(int prefix, int expected) => Assert.Equal(expected, Ipv6Address.PrefixMask(prefix).CidrLength());

    [Fact]
    public void Ipv6NonCidrMaskIsDetected()
    {
        Assert.True(Ipv6Address.TryParse("ffff:0:ffff::", out Ipv6Address m));
        Assert.Equal(-1, m.CidrLength());
    }

    [Fact]
    public void Ipv4TextRoundTrips()
    {
        Assert.True(Ipv4Text.TryParse("192.168.1.20", out uint a));
        Assert.Equal(0xc0a80114u, a);
        Assert.Equal("192.168.1.20", Ipv4Text.Format(a));
        Assert.False(Ipv4Text.TryParse("1.2.3", out _));
    }
}
