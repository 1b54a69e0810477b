// Our ovsdb-server on a fresh database in a sandbox, for the robustness tests.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.Robustness;

internal sealed class OurServer : IDisposable
{
    private DaemonHarness? _daemon;

    public OurServer(string schemaFile)
    {
        Sandbox = new Sandbox("ovsr");
        ProgramResult created = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-tool")!, ["create", DbPath, schemaFile], Sandbox);
        Assert.True(created.ExitCode == 0, created.Stderr);
        Start();
    }

    public Sandbox Sandbox { get; }

    public string DbPath => Sandbox.PathOf("db");

    public string SocketPath => Sandbox.PathOf("db.sock");

    public DaemonHarness Daemon => _daemon ?? throw new InvalidOperationException("not running");

    public static string Schema(string name)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? ".", "tests", "testdata", "robustness", name);
    }

    public void Start()
    {
        _daemon = DaemonHarness.Start(ProgramRunner.Ours("ovsdb-server")!, Sandbox, ["--remote=punix:" + SocketPath, DbPath]);
    }

    /// <summary>SIGKILL: no chance to flush anything that was not already durable.</summary>
    public void Kill()
    {
        _daemon?.Kill();
        _daemon = null;
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        Sandbox.Dispose();
    }
}
