// The path comparison behind the self-confinement of Unix socket controllers: runs of slashes are equal to each
// other, and only the prefix's first characters must match.
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Tests.Bridges;

public sealed class ControllerPathTests
{
    [Theory]
    [InlineData("unix:/run/ovs/ctl", "unix:/run/ovs/", true)]
    [InlineData("unix:/run//ovs///ctl", "unix:/run/ovs/", true)]
    [InlineData("unix:/run/ovsx/ctl", "unix:/run/ovs/", false)]
    [InlineData("unix:/tmp/ctl", "unix:/run/ovs/", false)]
    [InlineData("unix:/run/ovs", "unix:/run/ovs/", false)]
    [InlineData("punix:/run/ovs/br0.snoop", "punix:/run/ovs/br0.", true)]
    [InlineData("punix:/run/ovs/br1.snoop", "punix:/run/ovs/br0.", false)]
    public void PrefixWithSlashRunsCollapsed(string path, string prefix, bool equal) =>
        Assert.Equal(equal, OfprotoBridge.EqualPathnames(path, prefix, prefix.Length));
}
