// Database files written by one implementation and read by the other: our ovsdb-tool writes standalone and
// clustered files that Debian's ovsdb-tool reads back to the same answers as its own files, and the reverse.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.OvsdbTool;

[Trait("upstream", "tests/ovsdb-tool.at")]
public sealed class FileInteropTests
{
    // One select per row: the order of several rows in a reply is upstream's hash order.
    private const string SelectAll =
        """["ordinals",{"op":"select","table":"ordinals","where":[["number","==",0]],"columns":["name","number"]},""" +
        """{"op":"select","table":"ordinals","where":[["number","==",1]],"columns":["name","number"]},""" +
        """{"op":"select","table":"ordinals","where":[["number","==",2]],"columns":["name","number"]}]""";

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void StandaloneFileWrittenByOursReadsInDebians() =>
        AssertWriterReaderPair(writer: Ours, reader: Reference);

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void StandaloneFileWrittenByDebiansReadsInOurs() =>
        AssertWriterReaderPair(writer: Reference, reader: Ours);

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void ClusteredFileWrittenByOursReadsInDebians() =>
        AssertClusterPair(writer: Ours, reader: Reference);

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void ClusteredFileWrittenByDebiansReadsInOurs() =>
        AssertClusterPair(writer: Reference, reader: Ours);

    /// <summary>
    /// A database reached through a dangling symlink (and a symlinked lock file) is created at the link's target,
    /// and compacting or converting it in place keeps the link, as upstream's "ovsdb-tool compact" test requires.
    /// </summary>
    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void SymlinkedDatabaseStaysASymlink()
    {
        using var sandbox = new Sandbox("ovts");
        File.WriteAllText(sandbox.PathOf("schema"), ToolScenario.OrdinalSchema);
        Directory.CreateDirectory(sandbox.PathOf("dir"));
        File.CreateSymbolicLink(sandbox.PathOf("db"), "dir/db");
        File.CreateSymbolicLink(sandbox.PathOf(".db.~lock~"), "dir/.db.~lock~");

        Assert.Equal("exit 0\n", Step(Ours, sandbox, "create", "db", "schema").Split('\n', 2)[1]);
        Step(Ours, sandbox, "transact", "db", ToolScenario.Insert("zero", 0));
        Assert.EndsWith("exit 0\n", Step(Ours, sandbox, "compact", "db"), StringComparison.Ordinal);
        Assert.EndsWith("exit 0\n", Step(Ours, sandbox, "convert", "db", "schema"), StringComparison.Ordinal);

        Assert.NotNull(new FileInfo(sandbox.PathOf("db")).LinkTarget);
        Assert.True(File.Exists(sandbox.PathOf("dir/db")));
        Assert.Equal(
            "$ query db " + SelectAll + "\n[{\"rows\":[{\"name\":\"zero\",\"number\":0}]},{\"rows\":[]},{\"rows\":[]}]\nexit 0\n",
            Step(Reference, sandbox, "query", "db", SelectAll));
    }

    private static string Ours => ProgramRunner.Ours("ovsdb-tool")!;

    private static string Reference => ProgramRunner.Reference("ovsdb-tool")!;

    /// <summary>
    /// The writer creates a database and commits transactions (including a compaction in the middle); the reader
    /// then queries and appends to it. The transcript must equal the one where Debian's tool does everything.
    /// </summary>
    private static void AssertWriterReaderPair(string writer, string reader)
    {
        Assert.Equal(StandaloneTranscript(Reference, Reference), StandaloneTranscript(writer, reader));
    }

    private static string StandaloneTranscript(string writer, string reader)
    {
        using var sandbox = new Sandbox("ovti");
        File.WriteAllText(sandbox.PathOf("schema"), ToolScenario.OrdinalSchema);
        string db = sandbox.PathOf("db");
        var log = new List<string>
        {
            Step(writer, sandbox, "create", db, "schema"),
            Step(writer, sandbox, "transact", db, ToolScenario.Insert("zero", 0)),
            Step(writer, sandbox, "compact", db),
            Step(writer, sandbox, "transact", db, ToolScenario.Insert("one", 1)),
            Step(reader, sandbox, "db-name", db),
            Step(reader, sandbox, "query", db, SelectAll),
            Step(reader, sandbox, "transact", db, ToolScenario.Insert("two", 2)),
            Step(writer, sandbox, "query", db, SelectAll),
            Step(reader, sandbox, "show-log", "-m", db),
        };
        return ToolScenario.Normalize(string.Join("", log).Replace(sandbox.Directory, "$DIR", StringComparison.Ordinal));
    }

    private static void AssertClusterPair(string writer, string reader)
    {
        Assert.Equal(ClusterTranscript(Reference, Reference), ClusterTranscript(writer, reader));
    }

    private static string ClusterTranscript(string writer, string reader)
    {
        using var sandbox = new Sandbox("ovtc");
        File.WriteAllText(sandbox.PathOf("schema"), ToolScenario.OrdinalSchema);
        var log = new List<string>
        {
            Step(writer, sandbox, "create", "db", "schema"),
            Step(writer, sandbox, "transact", "db", ToolScenario.Insert("zero", 0)),
            Step(writer, sandbox, "create-cluster", "cluster", "db", "unix:s1.raft"),
            Step(writer, sandbox, "join-cluster", "joining", "ordinals", "unix:a", "unix:b"),
            Step(reader, sandbox, "db-is-clustered", "cluster"),
            Step(reader, sandbox, "db-name", "cluster"),
            Step(reader, sandbox, "db-local-address", "cluster"),
            Step(reader, sandbox, "db-cid", "joining"),
            Step(reader, sandbox, "show-log", "-mm", "cluster"),
            Step(reader, sandbox, "cluster-to-standalone", "standalone", "cluster"),
            Step(writer, sandbox, "query", "standalone", SelectAll),
        };
        return ToolScenario.Normalize(string.Join("", log).Replace(sandbox.Directory, "$DIR", StringComparison.Ordinal));
    }

    private static string Step(string tool, Sandbox sandbox, params string[] args)
    {
        ProgramResult result = ProgramRunner.Run(tool, args, sandbox);
        return $"$ {string.Join(' ', args)}\n{result.Stdout}{result.Stderr}exit {result.ExitCode}\n";
    }
}
