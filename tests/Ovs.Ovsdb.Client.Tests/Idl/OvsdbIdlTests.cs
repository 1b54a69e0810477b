using Ovs.Json;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Ovsdb.Client.Tests.Idl;

[Trait("upstream", "tests/ovsdb-idl.at")]
public sealed class OvsdbIdlTests : IDisposable
{
    private readonly IdlServer _server = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _timeout.Dispose();
        _server.Dispose();
    }

    private async Task<OvsdbIdl> ConnectAsync(bool all = true, bool singleThreaded = false)
    {
        var idl = new OvsdbIdl([_server.Remote], "idltest", retry: false) { RegisterAll = all, SingleThreaded = singleThreaded };
        Assert.True(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
        return idl;
    }

    private async Task<JsonValue> TransactAsync(string ops)
    {
        ConnectResult c = await OvsdbClient.ConnectAsync(_server.Remote, _timeout.Token);
        await using OvsdbClient client = c.Client!;
        JsonArray parameters = JsonParser.Parse(ops).AsArray();
        Rpc.RpcReply reply = await client.TransactAsync(parameters, _timeout.Token);
        return reply.Result!;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InitialContentsAndLaterUpdatesReachTheReplica(bool singleThreaded)
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":1,"s":"one"}}]""");
        await using OvsdbIdl idl = await ConnectAsync(singleThreaded: singleThreaded);
        IdlTable simple = idl.GetTable("Simple")!;
        IdlRow row = Assert.Single(simple.Rows);
        Assert.Equal("one", row.Get("s").Keys[0].AsString);

        ulong seqno = idl.ChangeSeqNo;
        await TransactAsync("""["idltest",{"op":"update","table":"Simple","where":[],"row":{"s":"uno","u":["set",[7]]}}]""");
        Assert.True(await idl.WaitUntilAsync(() => idl.ChangeSeqNo != seqno, _timeout.Token));
        row = Assert.Single(simple.Rows);
        Assert.Equal("uno", row.Get("s").Keys[0].AsString);
        Assert.Equal(7, row.Get("u").Keys[0].AsInteger);
        Assert.Equal(1, row.Get("i").Keys[0].AsInteger);
    }

    [Fact]
    public async Task CompiledSchemaTakesOnlyTheNamesFromTheServer()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":3,"s":"three"}}]""");

        // Built with a newer schema than the server's: one more column and one more table.
        string newer = IdlServer.Schema
            .Replace("\"s\":{\"type\":\"string\"},", "\"s\":{\"type\":\"string\"},\"extra\":{\"type\":\"string\"},", StringComparison.Ordinal)
            .Replace("\"Simple\":{", "\"Gone\":{\"columns\":{\"g\":{\"type\":\"integer\"}}},\"Simple\":{", StringComparison.Ordinal);
        Assert.Null(Ovsdb.DatabaseSchema.TryFromJson(JsonParser.Parse(newer), out Ovsdb.DatabaseSchema compiled));
        var idl = new OvsdbIdl([_server.Remote], "idltest", retry: false) { RegisterAll = true, CompiledSchema = compiled, SingleThreaded = true };
        await using (idl)
        {
            Assert.True(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
            Assert.Same(compiled, idl.Schema);
            IdlTable simple = idl.GetTable("Simple")!;
            Assert.Equal("three", Assert.Single(simple.Rows).Get("s").Keys[0].AsString);
            Assert.False(simple.IsMonitored(compiled.GetTable("Simple")!.GetColumn("extra")!));
            Assert.True(simple.IsMonitored(compiled.GetTable("Simple")!.GetColumn("s")!));
            Assert.Empty(idl.GetTable("Gone")!.Rows);
        }
    }

    [Fact]
    public async Task OnlyRegisteredColumnsAreReplicated()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":5,"s":"five"}}]""");
        var idl = new OvsdbIdl([_server.Remote], "idltest", retry: false);
        await using (idl)
        {
            idl.RegisterColumns("Simple", "i");
            Assert.True(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
            Assert.False(idl.GetTable("Root")!.IsMonitored(idl.GetTable("Root")!.Schema.GetColumn("next_cfg")!));
            IdlRow row = Assert.Single(idl.GetTable("Simple")!.Rows);
            Assert.Equal(5, row.Get("i").Keys[0].AsInteger);
            Assert.Equal(string.Empty, row.Get("s").Keys[0].AsString);
        }
    }

    [Fact]
    public async Task InsertWithReferencesCommitsAndReportsRealUuids()
    {
        await using OvsdbIdl idl = await ConnectAsync();
        IdlTable root = idl.GetTable("Root")!;
        IdlTable child = idl.GetTable("Child")!;
        using var txn = new IdlTransaction(idl);
        IdlRow r = txn.Insert(root);
        IdlRow c = txn.Insert(child);
        txn.Write(c, child.Schema.GetColumn("name")!, Datum.Scalar(Atom.String("kid")));
        txn.Write(r, root.Schema.GetColumn("children")!, Datum.CreateSet([Atom.Uuid(c.Uuid)]));
        Assert.Equal(2, child.Rows.Count() + root.Rows.Count());

        Assert.Equal(IdlTxnStatus.Success, await txn.CommitAsync(_timeout.Token));
        Guid realChild = txn.GetInsertedUuid(c)!.Value;
        Assert.NotEqual(c.Uuid, realChild);
        Assert.Empty(child.Rows);

        Assert.True(await idl.WaitUntilAsync(() => child.Find(realChild) is not null, _timeout.Token));
        IdlRow committed = Assert.Single(root.Rows);
        Assert.Equal(realChild, committed.Get("children").Keys[0].AsUuid);
    }

    [Fact]
    public async Task CallerChosenUuidIsKept()
    {
        await using OvsdbIdl idl = await ConnectAsync();
        var uuid = Guid.Parse("12345678-1234-1234-1234-123456789abc");
        using var txn = new IdlTransaction(idl);
        IdlRow row = txn.Insert(idl.GetTable("Simple")!, uuid, persistUuid: true);
        txn.Write(row, row.Table.Schema.GetColumn("i")!, Datum.Scalar(Atom.Integer(3)));
        Assert.Equal(IdlTxnStatus.Success, await txn.CommitAsync(_timeout.Token));
        Assert.Equal(uuid, txn.GetInsertedUuid(row));
        Assert.True(await idl.WaitUntilAsync(() => idl.GetTable("Simple")!.Find(uuid) is not null, _timeout.Token));
    }

    [Fact]
    public async Task VerifyFailsWithTryAgainWhenTheColumnChanged()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":1}}]""");
        await using OvsdbIdl idl = await ConnectAsync();
        IdlTable simple = idl.GetTable("Simple")!;
        IdlRow row = Assert.Single(simple.Rows);
        ColumnSchema i = simple.Schema.GetColumn("i")!;
        ColumnSchema s = simple.Schema.GetColumn("s")!;

        using (var txn = new IdlTransaction(idl))
        {
            txn.Verify(row, i);
            txn.Write(row, s, Datum.Scalar(Atom.String("x")));
            await TransactAsync("""["idltest",{"op":"update","table":"Simple","where":[],"row":{"i":2}}]""");
            Assert.Equal(IdlTxnStatus.TryAgain, await txn.CommitAsync(_timeout.Token));
        }

        Assert.True(await idl.WaitUntilAsync(() => row.Get(i).Keys[0].AsInteger == 2, _timeout.Token));
        using (var txn = new IdlTransaction(idl))
        {
            txn.Verify(row, i);
            txn.Write(row, s, Datum.Scalar(Atom.String("x")));
            Assert.Equal(IdlTxnStatus.Success, await txn.CommitAsync(_timeout.Token));
        }
    }

    [Fact]
    public async Task WritesOfUnchangedValuesAndVerifiesAloneAreNotSent()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":4}}]""");
        await using OvsdbIdl idl = await ConnectAsync();
        IdlRow row = Assert.Single(idl.GetTable("Simple")!.Rows);
        using var txn = new IdlTransaction(idl);
        txn.Verify(row, row.Table.Schema.GetColumn("s")!);
        txn.Write(row, row.Table.Schema.GetColumn("i")!, Datum.Scalar(Atom.Integer(4)));
        Assert.Equal(IdlTxnStatus.Unchanged, await txn.CommitAsync(_timeout.Token));
    }

    [Fact]
    public async Task IncrementReturnsTheNewValue()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Root","row":{"next_cfg":41}}]""");
        await using OvsdbIdl idl = await ConnectAsync();
        IdlRow root = Assert.Single(idl.GetTable("Root")!.Rows);
        using var txn = new IdlTransaction(idl);
        txn.Increment(root, root.Table.Schema.GetColumn("next_cfg")!, force: true);
        txn.AddComment("bump");
        Assert.Equal(IdlTxnStatus.Success, await txn.CommitAsync(_timeout.Token));
        Assert.Equal(42, txn.IncrementNewValue);
    }

    [Fact]
    public async Task DryRunChangesNothing()
    {
        await using OvsdbIdl idl = await ConnectAsync();
        using (var txn = new IdlTransaction(idl) { DryRun = true })
        {
            txn.Insert(idl.GetTable("Simple")!);
            Assert.Equal(IdlTxnStatus.Success, await txn.CommitAsync(_timeout.Token));
        }

        JsonValue result = await TransactAsync("""["idltest",{"op":"select","table":"Simple","where":[]}]""");
        Assert.Equal("""[{"rows":[]}]""", result.ToString());
        Assert.Empty(idl.GetTable("Simple")!.Rows);
    }

    [Fact]
    public async Task ConstraintViolationIsAnErrorWithTheServersText()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Root","row":{}}]""");
        await using OvsdbIdl idl = await ConnectAsync();
        using var txn = new IdlTransaction(idl);
        txn.Insert(idl.GetTable("Root")!);
        Assert.Equal(IdlTxnStatus.Error, await txn.CommitAsync(_timeout.Token));
        Assert.Contains("\"error\":\"constraint violation\"", txn.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAndAbortRollBack()
    {
        await TransactAsync("""["idltest",{"op":"insert","table":"Simple","row":{"i":9}}]""");
        await using OvsdbIdl idl = await ConnectAsync();
        IdlTable simple = idl.GetTable("Simple")!;
        IdlRow row = Assert.Single(simple.Rows);
        var txn = new IdlTransaction(idl);
        txn.Delete(row);
        Assert.Empty(simple.Rows);
        txn.Abort();
        Assert.Single(simple.Rows);

        using var txn2 = new IdlTransaction(idl);
        txn2.Delete(row);
        Assert.Equal(IdlTxnStatus.Success, await txn2.CommitAsync(_timeout.Token));
        Assert.True(await idl.WaitUntilAsync(() => simple.CommittedCount == 0, _timeout.Token));
    }

    [Fact]
    public async Task ConnectionFailureWithoutRetryGivesUp()
    {
        var idl = new OvsdbIdl(["unix:" + _server.Sandbox.PathOf("nonexistent.sock")], "idltest", retry: false);
        await using (idl)
        {
            Assert.False(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
            Assert.False(idl.IsAlive);
            Assert.Equal(Ovs.Common.OvsErrno.ENOENT, idl.LastError);
        }
    }

    [Fact]
    public async Task LockIsTakenOnConnect()
    {
        var idl = new OvsdbIdl([_server.Remote], "idltest", retry: false) { RegisterAll = true };
        await using (idl)
        {
            idl.SetLock("my-lock");
            Assert.True(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
            Assert.True(idl.HasLock);
        }
    }
}
