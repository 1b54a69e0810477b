using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Tests;

/// <summary>An in-memory vswitch database with helpers to run "transact" operation lists against it.</summary>
internal sealed class EngineFixture
{
    private static readonly Lazy<DatabaseSchema> s_vswitch = new(() =>
    {
        OvsdbError? error = DatabaseSchema.TryParse(File.ReadAllText(Repo.Schema("vswitch.ovsschema")), out DatabaseSchema schema);
        return error is null ? schema : throw new InvalidOperationException(error.ToString());
    });

    public EngineFixture()
    {
        Database = new Database(s_vswitch.Value);
    }

    public static DatabaseSchema VswitchSchema => s_vswitch.Value;

    public Database Database { get; }

    public TxnChanges LastChanges { get; private set; } = TxnChanges.None;

    /// <summary>Executes and, on success, applies; returns the reply as ovsdb-tool prints it (sorted members).</summary>
    public string Transact(string operations, ExecutionOptions? options = null)
    {
        ExecutionResult result = Execute(operations, options);
        Assert.False(result.IsRetry);
        if (result.Transaction is not null)
        {
            result.Transaction.Apply();
            LastChanges = result.Changes;
        }

        return result.Reply!.ToString(JsonWriteOptions.Sort);
    }

    public ExecutionResult Execute(string operations, ExecutionOptions? options = null) =>
        Executor.Execute(Database, JsonParser.Parse("[" + operations + "]").AsArray(), options ?? ExecutionOptions.Tool);

    public Table Table(string name) => Database.GetTable(name) ?? throw new ArgumentException(name);
}
