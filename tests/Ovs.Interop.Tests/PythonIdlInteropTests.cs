// Open vSwitch's Python IDL (python3-openvswitch, ovs.db.idl) against our ovsdb-server: a scenario of our own
// (tests/testdata/interop/idl_driver.py) modelled on tests/ovsdb-idl.at, compared with the same scenario
// against Debian's ovsdb-server.
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

[Trait("upstream", "tests/ovsdb-idl.at")]
public sealed class PythonIdlInteropTests
{
    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server", "ovsdb-tool", "python3"])]
    public void PythonIdlSeesTheSameReplicaAsWithDebiansServer()
    {
        string schema = ServerPair.TestData("interop/idl.ovsschema");
        string driver = ServerPair.TestData("interop/idl_driver.py");
        string Scenario(Sandbox sb, string remote)
        {
            ProgramResult r = ProgramRunner.Run("/usr/bin/python3", [driver, remote, schema], sb, timeout: TimeSpan.FromSeconds(60));
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            return UuidFilter.Apply(r.Stdout);
        }

        string expected = ServerPair.RunAgainst(ProgramRunner.Reference("ovsdb-server")!, schema, Scenario);
        string actual = ServerPair.RunAgainst(ProgramRunner.Ours("ovsdb-server")!, schema, Scenario);
        Assert.Contains("-- drop strong reference (leaf garbage-collected, weak ref cleared): success", expected, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }
}
