using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Tests.Storage;

/// <summary>
/// How a database file name that is a symbolic link or a directory is treated. The expectations are what Debian's
/// ovsdb-tool 3.1.0 does: "create" through a dangling link creates the link's target (and locks next to it),
/// "compact" replaces the target and keeps the link, and a directory fails with EISDIR, at the first read when
/// opened read-only and at open when opened for writing (as ovsdb-tool's "db-name" and "transact" report it).
/// </summary>
[Trait("upstream", "tests/ovsdb-tool.at")]
public sealed class SymlinkAndDirectoryTests : IDisposable
{
    private const string Schema = """{"name": "ordinals", "tables": {"ordinals": {"columns": {"number": {"type": "integer"}}}}}""";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_through_dangling_symlink_creates_the_target_and_compaction_keeps_the_link()
    {
        Directory.CreateDirectory(_dir.File("dir"));
        string link = _dir.File("db");
        File.CreateSymbolicLink(link, "dir/db");
        Assert.Null(DatabaseSchema.TryParse(Schema, out DatabaseSchema schema));

        Assert.Null(StandaloneStorage.Create(link, schema));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.True(File.Exists(_dir.File("dir/db")));
        Assert.True(File.Exists(_dir.File("dir/.db.~lock~")));
        Assert.False(File.Exists(_dir.File(".db.~lock~")));

        Assert.Null(StandaloneStorage.Open(link, readOnly: false, out StandaloneStorage? storage));
        using (storage)
        {
            for (int i = 0; i < 3; i++)
            {
                ExecutionResult result = storage!.Transact(
                    JsonParser.Parse($$$"""["ordinals",{"op":"insert","table":"ordinals","row":{"number":{{{i}}}}}]""").AsArray().Skip(1).ToList(),
                    ExecutionOptions.Tool);
                Assert.DoesNotContain("error", result.Reply!.ToString(), StringComparison.Ordinal);
            }

            Assert.Null(storage!.Compact(null));
            Assert.Equal("db", storage.Name[(storage.Name.LastIndexOf('/') + 1)..]);
        }

        Assert.Equal("dir/db", new FileInfo(link).LinkTarget);
        Assert.True(File.Exists(_dir.File("dir/.db.tmp.~lock~")));
        Assert.False(File.Exists(_dir.File("dir/db.tmp")));
        Assert.Null(StandaloneStorage.Open(link, readOnly: true, out StandaloneStorage? reopened));
        using (reopened)
        {
            Assert.Equal(3, reopened!.Database.GetTable("ordinals")!.Count);
        }
    }

    [Fact]
    public void Create_through_existing_symlink_fails_with_file_exists()
    {
        File.WriteAllText(_dir.File("target"), "x");
        string link = _dir.File("db");
        File.CreateSymbolicLink(link, "target");
        StorageError? error = LogFile.Open(link, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: false, out LogFile? log);
        Assert.Null(log);
        Assert.Equal($"I/O error: {link}: create failed (File exists)", error?.ToString());
    }

    [Theory]
    [InlineData(nameof(LogOpenMode.ReadOnly), "read error (Is a directory)")]
    [InlineData(nameof(LogOpenMode.ReadWrite), "open failed (Is a directory)")]
    [InlineData(nameof(LogOpenMode.CreateExclusive), "create failed (File exists)")]
    public void Directory_gives_upstream_errors(string modeName, string expected)
    {
        LogOpenMode mode = Enum.Parse<LogOpenMode>(modeName);
        string name = _dir.File("sub");
        Directory.CreateDirectory(name);
        StorageError? error = LogFile.Open(name, LogHeader.StandaloneMagic, mode, locking: false, out LogFile? log);
        Assert.Null(log);
        Assert.Equal($"I/O error: {name}: {expected}", error?.ToString());
    }

    [Fact]
    public void Reading_the_schema_of_a_directory_reports_a_read_error()
    {
        OvsdbError? error = StandaloneStorage.ReadSchema(_dir.Path, out _);
        Assert.Equal($"I/O error: {_dir.Path}: read error (Is a directory)", error?.ToString());
    }
}
