// A Debian ovsdb-server 3.1.0 in a sandbox, serving tests/testdata/cli/test.ovsschema filled with test-rows.json,
// for running our ovsdb-client and Debian's against the same server state.
using Ovs.TestKit;

namespace Ovs.Cli.Tests.OvsdbClient;

public sealed class DebianServer : IDisposable
{
    private readonly DaemonHarness? _daemon;

    public DebianServer()
    {
        Sandbox = new Sandbox("ovcli");
        if (ProgramRunner.Reference("ovsdb-server") is not { } server || ProgramRunner.Reference("ovsdb-tool") is not { } tool
            || ProgramRunner.Reference("ovsdb-client") is not { } client)
        {
            return;
        }

        string db = Sandbox.PathOf("test.db");
        Check(ProgramRunner.Run(tool, ["create", db, TestData.PathOf("cli/test.ovsschema")], Sandbox));
        _daemon = DaemonHarness.Start(server, Sandbox, ["--remote=punix:" + Sandbox.PathOf("db.sock"), db]);
        Check(ProgramRunner.Run(client, ["transact", Remote, TestData.Read("cli/test-rows.json")], Sandbox));
    }

    public Sandbox Sandbox { get; }

    public string Remote => "unix:" + Sandbox.PathOf("db.sock");

    public string Log => _daemon?.Log ?? string.Empty;

    private static void Check(ProgramResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"setup failed: {result.Stdout}{result.Stderr}");
        }
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        Sandbox.Dispose();
    }
}
