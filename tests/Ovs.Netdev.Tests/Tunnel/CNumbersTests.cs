// The C library's number parsing as the tunnel options use it (glibc's strtol/strtoull/atoi behaviour).
using Ovs.Netdev.Tunnel;

namespace Ovs.Netdev.Tests.Tunnel;

public sealed class CNumbersTests
{
    [Theory]
    [InlineData("12", 0, 12L, 2)]
    [InlineData("0x1f", 0, 31L, 4)]
    [InlineData("010", 0, 8L, 3)]
    [InlineData("  -7z", 10, -7L, 4)]
    [InlineData("1f", 16, 31L, 2)]
    [InlineData("0x", 0, 0L, 1)]
    [InlineData("abc", 10, 0L, 0)]
    [InlineData("", 0, 0L, 0)]
    [InlineData("99999999999999999999", 10, long.MaxValue, 20)]
    [InlineData("-99999999999999999999", 10, long.MinValue, 21)]
    public void StrToLStopsWhereCDoes(string s, int numberBase, long value, int end)
    {
        Assert.Equal(value, CNumbers.StrToL(s, numberBase, out int stop));
        Assert.Equal(end, stop);
    }

    [Theory]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("0x10", 16ul)]
    [InlineData("18446744073709551616", ulong.MaxValue)]
    public void StrToUllWrapsNegativesAndSaturates(string s, ulong value) =>
        Assert.Equal(value, CNumbers.StrToULL(s, 0, out _, out _));

    [Theory]
    [InlineData("300", 300)]
    [InlineData("5x", 5)]
    [InlineData("x", 0)]
    public void AtoiReadsTheLeadingNumber(string s, int value) => Assert.Equal(value, CNumbers.Atoi(s));

    [Theory]
    [InlineData("65535", true)]
    [InlineData("0x8847", true)]
    [InlineData("12 ", false)]
    [InlineData("", false)]
    [InlineData("99999999999", false)]
    public void StrToIntNeedsTheWholeString(string s, bool ok) => Assert.Equal(ok, CNumbers.TryStrToInt(s, out _));
}
