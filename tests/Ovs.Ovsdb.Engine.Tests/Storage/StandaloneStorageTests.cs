using Ovs.Json;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Tests.Storage;

[Trait("upstream", "tests/ovsdb-file.at")]
public sealed class StandaloneStorageTests : IDisposable
{
    private const string Ovs = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string Br = "bbbbbbbb-0000-0000-0000-000000000001";

    // Transactions with explicit UUIDs, so the records Debian and we write can be compared member by member.
    private static readonly string[] s_transactions =
    [
        $$$"""{"op":"insert","table":"Open_vSwitch","uuid":"{{{Ovs}}}","row":{"bridges":["uuid","{{{Br}}}"]}},{"op":"insert","table":"Bridge","uuid":"{{{Br}}}","row":{"name":"br0"}},{"op":"comment","comment":"hello"}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"external_ids":["map",[["a","b"]]],"flood_vlans":["set",[1,2]]}}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"external_ids":["map",[["a","c"],["d","e"]]],"flood_vlans":["set",[2,3]],"datapath_type":"netdev"}}""",
        """{"op":"update","table":"Open_vSwitch","where":[],"row":{"next_cfg":5}},{"op":"update","table":"Bridge","where":[],"row":{"status":["map",[["x","y"]]]}}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"fail_mode":"secure"}}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"fail_mode":"standalone"}}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"fail_mode":["set",[]]}}""",
        """{"op":"update","table":"Open_vSwitch","where":[],"row":{"bridges":["set",[]]}}""",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresOvsdbToolFact]
    public void Records_match_debian_records_member_for_member()
    {
        string debianDb = _dir.File("debian.db");
        string ourDb = _dir.File("ours.db");
        Assert.Equal(0, DebianTools.Tool(_dir.Path, "create", debianDb, Repo.Schema("vswitch.ovsschema")).ExitCode);
        Assert.Null(StandaloneStorage.Create(ourDb, EngineFixture.VswitchSchema));
        foreach (string txn in s_transactions)
        {
            Assert.Equal(0, DebianTools.Tool(_dir.Path, "transact", debianDb, "[\"Open_vSwitch\"," + txn + "]").ExitCode);
            Transact(ourDb, txn);
        }

        AssertSameRecords(debianDb, ourDb);
        Assert.Null(StandaloneStorage.Open(debianDb, readOnly: true, out StandaloneStorage? debianStorage));
        using (StandaloneStorage opened = debianStorage!)
        {
            Assert.Null(opened.TailError);
            Assert.Equal(s_transactions.Length, opened.RecordCount);
        }

        Assert.Equal(0, DebianTools.Tool(_dir.Path, "compact", debianDb).ExitCode);
        Assert.Null(StandaloneStorage.Open(ourDb, readOnly: false, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.Null(opened.Compact("compacted by ovsdb-tool 3.1.0"));
        }

        Assert.False(File.Exists(ourDb + ".tmp"));
        AssertSameRecords(debianDb, ourDb);
        var show = DebianTools.Tool(_dir.Path, "show-log", ourDb);
        Assert.Contains("record 1: ", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"compacted by ovsdb-tool 3.1.0\"", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_rebuilds_the_database_and_compaction_keeps_it()
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        foreach (string txn in s_transactions[..4])
        {
            Transact(path, txn);
        }

        string before = Query(path);
        Assert.Contains("\"next_cfg\":5", before, StringComparison.Ordinal);
        Assert.Contains("[\"a\",\"c\"]", before, StringComparison.Ordinal);
        Assert.Contains("\"flood_vlans\":[\"set\",[2,3]]", before, StringComparison.Ordinal);

        Assert.Null(StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.Equal(4, opened.RecordCount);
            Assert.Null(opened.Compact(null));
            Assert.Equal(1, opened.RecordCount);
            ExecutionResult result = opened.Transact(
                [JsonParser.Parse("""{"op":"update","table":"Open_vSwitch","where":[],"row":{"next_cfg":6}}""")],
                ExecutionOptions.Tool);
            Assert.Equal("""[{"count":1}]""", result.Reply!.ToString());
        }

        string after = Query(path);
        Assert.Equal(before.Replace("\"next_cfg\":5", "\"next_cfg\":6", StringComparison.Ordinal), after);
    }

    [Fact]
    public void Ephemeral_columns_are_not_stored()
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        Transact(path, s_transactions[0]);
        Transact(path, """{"op":"update","table":"Bridge","where":[],"row":{"status":["map",[["x","y"]]]}}""");
        Assert.Null(StandaloneStorage.Open(path, readOnly: true, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.Equal(1, opened.RecordCount);
        }
    }

    [Fact]
    public void Torn_tail_is_reported_then_cut_by_the_next_commit()
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        Transact(path, s_transactions[0]);
        Transact(path, s_transactions[1]);
        long size = new FileInfo(path).Length;
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(size - 10);
        }

        Assert.Null(StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.NotNull(opened.TailError);
            Assert.Matches($"^I/O error: {System.Text.RegularExpressions.Regex.Escape(path)}: error reading [0-9]+ bytes starting at offset [0-9]+ \\(End of file\\)$", opened.TailError.ToString());
            Assert.Equal(1, opened.RecordCount);
            opened.Transact([JsonParser.Parse("""{"op":"update","table":"Open_vSwitch","where":[],"row":{"next_cfg":7}}""")], ExecutionOptions.Tool);
        }

        Assert.Null(StandaloneStorage.Open(path, readOnly: true, out StandaloneStorage? reopened));
        using (StandaloneStorage opened = reopened!)
        {
            Assert.Null(opened.TailError);
            Assert.Equal(2, opened.RecordCount);
        }

        if (DebianTools.HaveOvsdbTool)
        {
            Assert.Equal(0, DebianTools.Tool(_dir.Path, "show-log", path).ExitCode);
        }
    }

    [Theory]
    [InlineData("""{"invalid":{}}""", "syntax \"{\"invalid\":{}}\": unknown table: No table named invalid.")]
    [InlineData(
        """{"Bridge":{"bbbbbbbb-0000-0000-0000-000000000001":{"bogus":1}}}""",
        "syntax \"{\"bogus\":1}\": unknown column: No column bogus in table Bridge.")]
    [Trait("upstream", "tests/ovsdb-server.at: truncating database log with bad transaction")]
    public void Bad_transaction_in_the_tail_is_reported_with_upstreams_tag_and_cut_by_the_next_commit(string record, string expected)
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        Transact(path, s_transactions[0]);
        AppendRecord(path, record);

        Assert.Null(StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.Equal(expected, opened.TailError?.ToString());
            Assert.Equal(1, opened.RecordCount);
            opened.Transact([JsonParser.Parse("""{"op":"update","table":"Open_vSwitch","where":[],"row":{"next_cfg":7}}""")], ExecutionOptions.Tool);
        }

        Assert.Null(StandaloneStorage.Open(path, readOnly: true, out StandaloneStorage? reopened));
        using (StandaloneStorage opened = reopened!)
        {
            Assert.Null(opened.TailError);
            Assert.Equal(2, opened.RecordCount);
        }
    }

    [Fact]
    public void Offline_readers_refuse_a_bad_transaction_with_its_syntax()
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        AppendRecord(path, """{"invalid":{}}""");
        StorageError? error = DatabaseContents.ReadStandalone(path, out _);
        Assert.Equal("syntax \"{\"invalid\":{}}\": unknown table: No table named invalid.", error?.ToString());
    }

    // Appends one well-formed log record (header with length and SHA-1, then the JSON text and a new-line).
    private static void AppendRecord(string path, string json)
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes(json + "\n");
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(body));
        using var f = new FileStream(path, FileMode.Append);
        f.Write(System.Text.Encoding.ASCII.GetBytes($"OVSDB JSON {body.Length} {hash}\n"));
        f.Write(body);
    }

    [RequiresOvsdbToolFact]
    public void Clustered_files_are_refused()
    {
        string path = _dir.File("c.db");
        Assert.Equal(0, DebianTools.Tool(_dir.Path, "create-cluster", path, Repo.Schema("vswitch.ovsschema"), "tcp:127.0.0.1:6641").ExitCode);
        Assert.Equal(
            $"ovsdb error: {path}: cannot apply this operation to clustered database file",
            StandaloneStorage.Open(path, readOnly: true, out _)!.ToString());
    }

    [Fact]
    public void Automatic_compaction_waits_for_commits_or_time_and_growth()
    {
        string path = _dir.File("db");
        Assert.Null(StandaloneStorage.Create(path, EngineFixture.VswitchSchema));
        var clock = new ManualTime();
        Assert.Null(StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage, clock));
        using StandaloneStorage opened = storage!;
        opened.Transact(JsonParser.Parse("[" + s_transactions[0] + "]").AsArray(), ExecutionOptions.Tool);
        Assert.False(opened.ShouldCompact());

        // Small file: neither 100 commits nor 24 hours make it worth compacting until both hold.
        for (int i = 0; i < 100; i++)
        {
            opened.Transact([JsonParser.Parse($$$"""{"op":"update","table":"Open_vSwitch","where":[],"row":{"next_cfg":{{{i + 1}}}}}""")], ExecutionOptions.Tool);
        }

        Assert.False(opened.ShouldCompact());
        clock.Advance(TimeSpan.FromHours(24));
        Assert.True(opened.ShouldCompact());
        Assert.Null(opened.Compact(null));
        Assert.False(opened.ShouldCompact());
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private static void Transact(string path, string operations)
    {
        Assert.Null(StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            ExecutionResult result = opened.Transact(JsonParser.Parse("[" + operations + "]").AsArray(), ExecutionOptions.Tool);
            Assert.DoesNotContain("error", result.Reply!.ToString(), StringComparison.Ordinal);
        }
    }

    private static string Query(string path)
    {
        Assert.Null(StandaloneStorage.Open(path, readOnly: true, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            ExecutionResult result = Executor.Execute(
                opened.Database,
                JsonParser.Parse("""[{"op":"select","table":"Open_vSwitch","where":[],"columns":["bridges","next_cfg"]},{"op":"select","table":"Bridge","where":[],"columns":["_uuid","name","external_ids","flood_vlans","datapath_type"]}]""").AsArray(),
                ExecutionOptions.Tool);
            return result.Reply!.ToString(JsonWriteOptions.Sort);
        }
    }

    private static void AssertSameRecords(string expectedPath, string actualPath)
    {
        List<JsonObject> expected = ReadRecords(expectedPath);
        List<JsonObject> actual = ReadRecords(actualPath);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"record {i}\nexpected: {expected[i]}\nactual:   {actual[i]}");
        }
    }

    private static List<JsonObject> ReadRecords(string path)
    {
        Assert.Null(LogFile.Open(path, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log));
        var records = new List<JsonObject>();
        using (LogFile opened = log!)
        {
            while (opened.Read(out JsonObject? record) is null && record is not null)
            {
                record.Remove("_date");
                records.Add(record);
            }

            Assert.Null(opened.ReadError);
        }

        return records;
    }
}
