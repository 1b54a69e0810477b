// "input too big": the largest action lists Debian's ovs-ofctl 3.1 still parses (N copies of one action, found by
// bisection with `ovs-ofctl parse-flows`), and where the refusal comes relative to other errors.
using Ovs.OpenFlow.Actions;

namespace Ovs.OpenFlow.Tests.Actions;

[Trait("upstream", "tests/ofp-actions.at")]
public sealed class ActionFootprintTests
{
    private static string Repeat(string action, int n) => string.Join(",", Enumerable.Repeat(action, n));

    [Theory]
    [InlineData("output:1", 4095)]
    [InlineData("strip_vlan", 8191)]
    [InlineData("group:1", 8191)]
    [InlineData("load:1->NXM_NX_REG0[]", 2047)]
    [InlineData("set_field:1->xxreg0", 1365)]
    [InlineData("set_field:1->tun_metadata0", 240)]
    [InlineData("move:NXM_NX_REG0[]->NXM_NX_REG1[]", 1638)]
    [InlineData("note:00.00.00.00.00.00.00.00.00", 2047)]
    [InlineData("controller(userdata=01)", 2047)]
    [InlineData("controller(userdata=01.02.03.04.05.06.07.08.09)", 1638)]
    [InlineData("bundle(eth_src,0,hrw,ofport,members:1,2,3)", 1170)]
    [InlineData("bundle(eth_src,0,hrw,ofport,members:1,2,3,4,5)", 1023)]
    [InlineData("learn(NXM_OF_VLAN_TCI[0..11],output:NXM_OF_IN_PORT[])", 511)]
    [InlineData("learn(load:0x1234567890->NXM_NX_XXREG0[])", 630)]
    [InlineData("dec_ttl(1,2,3,4,5,6,7,8)", 2730)]
    [InlineData("clone(1,1)", 1638)]
    [InlineData("sample(probability=1)", 2047)]
    public void TheLargestListDebianAcceptsIsTheLargestWeAccept(string action, int most)
    {
        Assert.Null(OfpActions.ParseInstructions(Repeat(action, most), out _));
        Assert.Equal("input too big", OfpActions.ParseInstructions(Repeat(action, most + 1), out _));
    }

    [Fact]
    public void TheActionThatCrossesTheLimitIsRefusedBeforeAnyLaterError()
    {
        Assert.Equal("input too big", OfpActions.ParseInstructions(Repeat("1", 4096) + ",xyzzy", out _));
        Assert.Equal("unknown action xyzzy", OfpActions.ParseInstructions(Repeat("1", 4095) + ",xyzzy", out _));
        Assert.Equal("unknown action xyzzy", OfpActions.ParseInstructions("xyzzy," + Repeat("1", 4096), out _));
    }

    [Fact]
    public void NestedListsCountWithTheirContainer()
    {
        Assert.Null(OfpActions.ParseInstructions($"clone({Repeat("1", 4095)})", out _));
        Assert.Equal("input too big", OfpActions.ParseInstructions($"clone({Repeat("1", 4096)},xyzzy)", out _));
        Assert.Equal("unknown action xyzzy", OfpActions.ParseInstructions($"clone({Repeat("1", 4095)},xyzzy)", out _));
        Assert.Equal("input too big", OfpActions.ParseInstructions($"{Repeat("1", 4094)},clone(1,1)", out _));
        Assert.Null(OfpActions.ParseInstructions($"{Repeat("1", 4093)},clone(1,1)", out _));
    }

    [Fact]
    public void GroupBucketsAreActionListsToo()
    {
        Assert.Equal("input too big", OfpActions.ParseActions(Repeat("1", 4096), out _));
        Assert.Null(OfpActions.ParseActions(Repeat("1", 4095), out _));
    }
}
