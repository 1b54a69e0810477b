using System.Text;
using Ovs.Json;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Tests.Storage;

public sealed class LogFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Frame_matches_upstream_bytes()
    {
        // Record 1 of a file written by Debian's ovsdb-tool 3.1.0: the length counts the trailing newline and the
        // SHA-1 covers it.
        const string json = "{\"_date\":1795644357307,\"Open_vSwitch\":{\"9ee00a08-92e4-4c85-8556-d411ed667f96\":{}},\"_is_diff\":true}";
        byte[] framed = LogFile.Frame(LogHeader.StandaloneMagic, JsonParser.Parse(json));
        Assert.Equal("OVSDB JSON 99 a01678b0641ce96d817dbf1b8dc807a938c0bb05\n" + json + "\n", Encoding.UTF8.GetString(framed));
    }

    [Fact]
    public void Written_records_read_back_in_order()
    {
        string path = _dir.File("a.db");
        using (LogFile log = OpenOk(path, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true))
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.Null(log.Write(new JsonObject { { "n", i } }, out long sequence));
                Assert.Equal(i + 1, sequence);
            }

            Assert.Equal(0, log.DurableSequence);
            Assert.Null(log.Commit());
            Assert.Equal(3, log.DurableSequence);
        }

        using (LogFile reader = OpenOk(path, null, LogOpenMode.ReadOnly, locking: false))
        {
            Assert.Equal(LogHeader.StandaloneMagic, reader.Magic);
            for (int i = 0; i < 3; i++)
            {
                Assert.Null(reader.Read(out JsonObject? record));
                Assert.Equal($"{{\"n\":{i}}}", record?.ToString());
            }

            Assert.Null(reader.Read(out JsonObject? end));
            Assert.Null(end);
            Assert.Equal(new FileInfo(path).Length, reader.GoodSize);
        }
    }

    [Fact]
    public async Task CommitAsync_advances_durable_sequence()
    {
        string path = _dir.File("a.db");
        using (LogFile log = OpenOk(path, LogHeader.StandaloneMagic, LogOpenMode.Create, locking: true))
        {
            Assert.Null(log.Write(new JsonObject { { "a", 1 } }, out long sequence));
            long durable = await log.CommitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(durable >= sequence);
        }
    }

    [Fact]
    public void Torn_tail_is_reported_and_cut_before_the_next_write()
    {
        string path = WriteLog("t.db", 3);
        long fullSize = new FileInfo(path).Length;
        using (FileStream f = new(path, FileMode.Open))
        {
            f.SetLength(fullSize - 5);
        }

        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadWrite, locking: true))
        {
            Assert.Null(log.Read(out _));
            Assert.Null(log.Read(out _));
            long goodSize = log.GoodSize;
            StorageError? error = log.Read(out JsonObject? none);
            Assert.Null(none);
            Assert.Equal($"I/O error: {path}: error reading 8 bytes starting at offset {goodSize + 54} (End of file)", error!.ToString());
            Assert.Equal(error, log.Read(out _));

            Assert.Null(log.Write(new JsonObject { { "n", 9 } }, out _));
            Assert.Null(log.Commit());
        }

        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":9}"], ReadAll(path));
    }

    [Fact]
    public void Writing_without_reading_appends_after_the_existing_records()
    {
        string path = WriteLog("w.db", 2);
        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadWrite, locking: true))
        {
            Assert.Null(log.Write(new JsonObject { { "n", 7 } }, out _));
        }

        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":7}"], ReadAll(path));
    }

    [Theory]
    [InlineData("garbage\n", "parse error at offset {0} in header line \"garbage\"")]
    [InlineData("OVSDB JSON 7", "parse error at offset {0} in header line \"OVSDB JSON\"")]
    [InlineData("OVSDB JSON 7 abc\n", "parse error at offset {0} in header line \"OVSDB JSON\"")]
    [InlineData("OVSDB JSONX 7 0000000000000000000000000000000000000000\n", "parse error at offset {0} in header line \"OVSDB JSONX\"")]
    [InlineData("OVSDBX JSON 7 h\n", "parse error at offset {0} in header line \"OVSDBX JSON 7 h\"")]
    [InlineData("OVSDB JSON 7 0000000000000000000000000000000000000000 \n", "parse error at offset {0} in header line \"OVSDB JSON\"")]
    [InlineData("OVSDB JSON 99999999999999999999999 0000000000000000000000000000000000000000\n", "parse error at offset {0} in header line \"OVSDB JSON\"")]
    [InlineData("\n", "parse error at offset {0} in header line \"\"")]
    [InlineData("OVSDB JSON 5 0000000000000000000000000000000000000000\n{\"a\":1}\n", "5 bytes starting at offset {1} have SHA-1 hash ce8a1d64be40efcf16cbd7c046f0992ee9f97823 but should have hash 0000000000000000000000000000000000000000")]
    [InlineData("OVSDB JSON 9 BC84BC0B17474F954528625C2A288594C31DF140\n{\"a\":[1,\n", "9 bytes starting at offset {1} are not valid JSON (line 1, column 0, byte 9: unexpected end of input)")]
    [InlineData("OVSDB JSON 3 f629ae44b7b3dcfed444d363e626edf411ec69a8\n[1]", "3 bytes starting at offset {1} are not a JSON object")]
    [InlineData("OVSDB JSON 07 0000000000000000000000000000000000000000\n", "")]
    public void Bad_records_give_upstream_errors(string tail, string expected)
    {
        // Expected texts recorded from Debian's "ovsdb-tool show-log" on a valid file with these bytes appended.
        string path = WriteLog("bad.db", 1);
        long offset = new FileInfo(path).Length;
        File.AppendAllText(path, tail);
        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadOnly, locking: false))
        {
            Assert.Null(log.Read(out _));
            StorageError? error = log.Read(out _);
            string message = expected.Length == 0
                ? $"I/O error: {path}: error reading 7 bytes starting at offset {offset + 55} (End of file)"
                : $"{StorageError.SyntaxErrorTag}: {path}: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, offset, offset + 54);
            Assert.Equal(message, error!.ToString());
        }
    }

    [Theory]
    [InlineData("", "cannot identify file type")]
    [InlineData("OVSDB XYZ 3 0000000000000000000000000000000000000000\n", "cannot identify file type")]
    [InlineData("hello\n", "unexpected file format")]
    [InlineData("OVSDB JSON 3 00\n", "unexpected file format")]
    [InlineData("OVSDB JSON 3 0000000000000000000000000000000000000000", "unexpected file format")]
    public void Unidentifiable_files_are_refused_at_open(string contents, string expected)
    {
        string path = _dir.File("odd.db");
        File.WriteAllText(path, contents);
        StorageError? error = LogFile.Open(path, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        Assert.Null(log);
        Assert.Equal($"ovsdb error: {path}: {expected}", error!.ToString());
    }

    [Fact]
    public void Missing_file_and_existing_file_errors()
    {
        string missing = _dir.File("none.db");
        Assert.Equal(
            $"I/O error: {missing}: open failed (No such file or directory)",
            LogFile.Open(missing, null, LogOpenMode.ReadOnly, locking: false, out _)!.ToString());
        string existing = WriteLog("e.db", 1);
        Assert.Equal(
            $"I/O error: {existing}: create failed (File exists)",
            LogFile.Open(existing, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true, out _)!.ToString());
    }

    [Fact]
    public void Lock_file_sits_next_to_the_database_and_excludes_a_second_owner()
    {
        string path = WriteLog("l.db", 1);
        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadWrite, locking: true))
        {
            string lockPath = _dir.File(".l.db.~lock~");
            Assert.True(File.Exists(lockPath));
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(lockPath) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
            StorageError? error = LogFile.Open(path, null, LogOpenMode.ReadWrite, locking: true, out _);
            Assert.Equal($"I/O error: {path}: failed to lock lockfile (Resource deadlock avoided)", error!.ToString());
        }

        OpenOk(path, null, LogOpenMode.ReadWrite, locking: true).Dispose();
    }

    [Fact]
    public void Replace_swaps_in_the_new_file_and_keeps_appending()
    {
        string path = WriteLog("r.db", 3);
        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadWrite, locking: true))
        {
            while (log.Read(out JsonObject? record) is null && record is not null)
            {
            }

            Assert.Null(log.BeginReplace(out LogFile? replacement));
            Assert.NotNull(replacement);
            Assert.Null(replacement.Write(new JsonObject { { "compacted", true } }, out _));
            Assert.Null(log.ReplaceWith(replacement));
            Assert.False(File.Exists(path + ".tmp"));
            Assert.Null(log.Write(new JsonObject { { "after", 1 } }, out _));
            Assert.Null(log.Commit());
        }

        Assert.Equal(["{\"compacted\":true}", "{\"after\":1}"], ReadAll(path));
    }

    [RequiresOvsdbToolFact]
    public void Reads_a_file_written_by_debian_ovsdb_tool()
    {
        string path = _dir.File("deb.db");
        Assert.Equal(0, DebianTools.Tool(_dir.Path, "create", path, Repo.Schema("vswitch.ovsschema")).ExitCode);
        var txn = DebianTools.Tool(_dir.Path, "transact", path, "[\"Open_vSwitch\",{\"op\":\"insert\",\"table\":\"Open_vSwitch\",\"row\":{}},{\"op\":\"comment\",\"comment\":\"hi\"}]");
        Assert.Equal(0, txn.ExitCode);
        List<string> records = ReadAll(path);
        Assert.Equal(2, records.Count);
        Assert.Contains("\"name\":\"Open_vSwitch\"", records[0], StringComparison.Ordinal);
        Assert.Contains("\"_comment\":\"hi\"", records[1], StringComparison.Ordinal);
    }

    [RequiresOvsdbToolFact]
    public void Debian_ovsdb_tool_reads_our_file_and_respects_our_lock()
    {
        string path = _dir.File("ours.db");
        JsonValue schema = JsonParser.Parse(File.ReadAllBytes(Repo.Schema("vswitch.ovsschema")));
        using (LogFile log = OpenOk(path, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true))
        {
            Assert.Null(log.Write((JsonObject)schema, out _));
            Assert.Null(log.Write(new JsonObject { { "_date", 1000 }, { "_comment", "ours" } }, out _));
            Assert.Null(log.Commit());

            var locked = DebianTools.Tool(_dir.Path, "transact", path, "[\"Open_vSwitch\"]");
            Assert.Equal(1, locked.ExitCode);
            Assert.Contains($"ovsdb-tool: I/O error: {path}: failed to lock lockfile (Resource temporarily unavailable)", locked.Stderr, StringComparison.Ordinal);
        }

        var show = DebianTools.Tool(_dir.Path, "show-log", path);
        Assert.True(show.ExitCode == 0, show.Stderr + show.Stdout);
        Assert.StartsWith("record 0: \"Open_vSwitch\" schema, version=\"8.3.1\"", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("record 1: 1970-01-01 00:16:40.000 \"ours\"", show.Stdout, StringComparison.Ordinal);
    }

    [RequiresOvsdbServerFact]
    public void Database_locked_by_debian_ovsdb_server_cannot_be_opened_for_writing()
    {
        string path = _dir.File("srv.db");
        Assert.Equal(0, DebianTools.Tool(_dir.Path, "create", path, Repo.Schema("vswitch.ovsschema")).ExitCode);
        string pidFile = _dir.File("srv.pid");
        var start = DebianTools.Run(
            DebianTools.OvsdbServer,
            _dir.Path,
            "--detach", "--no-chdir", $"--pidfile={pidFile}", $"--unixctl={_dir.File("srv.ctl")}", $"--remote=punix:{_dir.File("srv.sock")}", path);
        Assert.True(start.ExitCode == 0, start.Stderr);
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            StorageError? error = LogFile.Open(path, null, LogOpenMode.ReadWrite, locking: true, out LogFile? log);
            Assert.Null(log);
            Assert.Equal($"I/O error: {path}: failed to lock lockfile (Resource temporarily unavailable)", error!.ToString());

            // Reading without the lock works, as "ovsdb-tool query" does.
            OpenOk(path, null, LogOpenMode.ReadOnly, locking: false).Dispose();
        }
        finally
        {
            using var server = System.Diagnostics.Process.GetProcessById(pid);
            server.Kill();
            server.WaitForExit(10_000);
        }

        OpenOk(path, null, LogOpenMode.ReadWrite, locking: true).Dispose();
    }

    private string WriteLog(string name, int count)
    {
        string path = _dir.File(name);
        using (LogFile log = OpenOk(path, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: false))
        {
            for (int i = 0; i < count; i++)
            {
                Assert.Null(log.Write(new JsonObject { { "n", i } }, out _));
            }
        }

        return path;
    }

    private static LogFile OpenOk(string path, string? magic, LogOpenMode mode, bool locking)
    {
        StorageError? error = LogFile.Open(path, magic, mode, locking, out LogFile? log);
        Assert.Null(error);
        return log ?? throw new InvalidOperationException("no log");
    }

    private static List<string> ReadAll(string path)
    {
        var records = new List<string>();
        using (LogFile log = OpenOk(path, null, LogOpenMode.ReadOnly, locking: false))
        {
            while (true)
            {
                Assert.Null(log.Read(out JsonObject? record));
                if (record is null)
                {
                    return records;
                }

                records.Add(record.ToString());
            }
        }
    }
}
