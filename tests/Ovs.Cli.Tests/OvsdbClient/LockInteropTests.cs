// The lock commands of our ovsdb-client against Debian's ovsdb-server: the same lock/steal scenario played by two
// of our clients and by two of Debian's must print the same thing.
using Ovs.TestKit;
using static Ovs.Cli.Tests.OvsdbClient.MonitorInteropTests;

namespace Ovs.Cli.Tests.OvsdbClient;

public sealed class LockInteropTests
{
    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    public void Lock_then_steal_prints_like_debian()
    {
        using var server = new DebianServer();

        // Each side takes its own lock: the server may still count the first side's killed clients as holding theirs
        // when the second side starts. The names are made equal again for the comparison.
        (string Holder, string Thief) theirs = Play(ProgramRunner.Reference("ovsdb-client")!, server, "L1");
        (string Holder, string Thief) ours = Play(ProgramRunner.Ours("ovsdb-client")!, server, "L2");
        Assert.Equal("{\"locked\":true}\nstolen\n[\"L1\"]\n", theirs.Holder);
        Assert.Equal(theirs, (ours.Holder.Replace("L2", "L1", StringComparison.Ordinal), ours.Thief.Replace("L2", "L1", StringComparison.Ordinal)));
    }

    private static (string Holder, string Thief) Play(string client, DebianServer server, string name)
    {
        using var holder = new Watcher(client, ["lock", server.Remote, name], server.Sandbox);
        Assert.True(holder.WaitForOutput(1), "lock printed nothing");
        using var thief = new Watcher(client, ["steal", server.Remote, name], server.Sandbox);
        Assert.True(WaitUntil(() => holder.Output.Contains("stolen", StringComparison.Ordinal)), holder.Output);
        Assert.True(thief.WaitForOutput(1), "steal printed nothing");
        Thread.Sleep(300);
        return (holder.Output, thief.Output);
    }
}
