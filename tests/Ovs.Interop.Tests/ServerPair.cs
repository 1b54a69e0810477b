// Runs the same client scenario against Debian's ovsdb-server and against ours, each on a fresh database made
// from the same schema, so a test can compare what the client saw (UUIDs normalised).
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

internal static class ServerPair
{
    /// <summary>
    /// Creates a database from <paramref name="schema"/> with Debian's ovsdb-tool, starts the given ovsdb-server on
    /// it with a unix socket, runs <paramref name="scenario"/> with the socket's "unix:PATH" and returns its text.
    /// </summary>
    public static string RunAgainst(string serverPath, string schema, Func<Sandbox, string, string> scenario)
    {
        using var sandbox = new Sandbox("ovsi");
        string tool = ProgramRunner.Reference("ovsdb-tool")!;
        ProgramResult created = ProgramRunner.Run(tool, ["create", sandbox.PathOf("db"), schema], sandbox);
        Assert.True(created.ExitCode == 0, created.Stderr);
        string socket = sandbox.PathOf("db.sock");
        using DaemonHarness server = DaemonHarness.Start(serverPath, sandbox, ["--remote=punix:" + socket, sandbox.PathOf("db")]);
        try
        {
            return scenario(sandbox, "unix:" + socket);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"scenario failed; server log:\n{server.Log}", e);
        }
    }

    public static string TestData(string relative) => Path.Combine(RepoRoot(), "tests", "testdata", relative);

    public static string RepoFile(string relative) => Path.Combine(RepoRoot(), relative);

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? ".";
    }
}
