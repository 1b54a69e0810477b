// The daemons a switch test needs: our ovsdb-server with a fresh Open_vSwitch database in the sandbox, and the
// ovs-vsctl and ovs-appctl invocations that drive them.
using Ovs.TestKit;

namespace Ovs.Vswitchd.Tests;

internal static class SwitchDaemons
{
    public static DaemonHarness StartServer(Sandbox sandbox)
    {
        string schema = Path.Combine(ProgramRunner.OurBinDir, "..", "..", "schemas", "vswitch.ovsschema");
        Assert.Equal(0, ProgramRunner.Run(ProgramRunner.Ours("ovsdb-tool")!, ["create", "conf.db", schema], sandbox).ExitCode);
        DaemonHarness server = DaemonHarness.Start(ProgramRunner.Ours("ovsdb-server")!, sandbox, [$"--remote=punix:{sandbox.PathOf("db.sock")}", "conf.db"]);
        Assert.Equal(0, Vsctl(sandbox, "--no-wait", "init").ExitCode);
        return server;
    }

    public static ProgramResult Vsctl(Sandbox sandbox, params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Ours("ovs-vsctl")!, ["--timeout=10", .. args], sandbox, timeout: TimeSpan.FromSeconds(20));

    public static ProgramResult Appctl(Sandbox sandbox, params string[] args)
    {
        ProgramResult r = ProgramRunner.Run(ProgramRunner.Ours("ovs-appctl")!, ["--timeout=10", "-t", "ovs-vswitchd", .. args], sandbox, timeout: TimeSpan.FromSeconds(20));
        return r.ExitCode == 0 ? r : r with { Stdout = r.Stderr.Split('\n')[0] + "\n" };
    }
}
