namespace Ovs.Dpif.Tests;

public class UfidTests
{
    [Fact]
    public void Ufid_text_round_trips()
    {
        const string text = "ufid:0d0e0a0d-beef-4000-8000-000000000001";
        Assert.Equal(text.Length, Ufid.TryParsePrefix(text + ",in_port(1)", out Ufid ufid));
        Assert.Equal(text, ufid.ToString());
    }

    [Theory]
    [InlineData("in_port(1)", 0)]
    [InlineData("ufid:123", -1)]
    [InlineData("ufid:0d0e0a0d-beef-4000-8000-00000000000g", -1)]
    public void Non_ufids_are_told_apart(string text, int expected) => Assert.Equal(expected, Ufid.TryParsePrefix(text, out _));
}
