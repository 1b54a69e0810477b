// Upstream: ovsdb/execution.c, ovsdb_execute_compose() (OVS 3.1); RFC 7047 section 4.1.3 and 5.2
//
// Executes the operations of a "transact" request against a new Transaction, one after another, dispatching on
// "op" through a table. Each operation is parsed with OvsdbParser under the name "ovsdb operation I of N", so
// malformed operations get upstream's "Parsing ovsdb operation 2 of 3 failed: ..." texts. The first failing
// operation's error object takes its place in the reply and every later operation gets null; when all succeed,
// the commit checks run and a failure there is appended as an extra element. Client errors are values; nothing
// here throws for bad input.
using System.Collections.Frozen;
using Ovs.Json;
using Ovs.Ovsdb.Engine.Rbac;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Execution;

internal static partial class Executor
{
    private delegate OvsdbError? Operation(OperationContext context, OvsdbParser parser, JsonObject result);

    private static readonly FrozenDictionary<string, Operation> s_operations = new Dictionary<string, Operation>
    {
        ["insert"] = Insert,
        ["select"] = Select,
        ["update"] = Update,
        ["mutate"] = Mutate,
        ["delete"] = Delete,
        ["wait"] = Wait,
        ["commit"] = Commit,
        ["abort"] = Abort,
        ["comment"] = Comment,
        ["assert"] = Assert,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Executes <paramref name="operations"/> (the "transact" params after the database name).</summary>
    public static ExecutionResult Execute(Database database, IReadOnlyList<JsonValue> operations, ExecutionOptions options)
    {
        var transaction = new Transaction(database);
        var context = new OperationContext(database, transaction, new SymbolTable(database.NewUuid), options)
        {
            Rbac = RbacPolicy.Create(transaction, options.Role, options.ClientId),
        };
        var reply = new JsonArray();
        OvsdbError? error = null;
        for (int i = 0; i < operations.Count; i++)
        {
            JsonValue operation = operations[i];
            var parser = new OvsdbParser(operation, $"ovsdb operation {i + 1} of {operations.Count}");
            var result = new JsonObject();
            context.Operation = operation;
            error = parser.Error;
            if (error is null && parser.Member("op", MemberTypes.String) is JsonString name)
            {
                if (s_operations.TryGetValue(name.Value, out Operation? execute))
                {
                    error = execute(context, parser, result);
                }
                else
                {
                    parser.RaiseError($"No operation \"{name.Value}\"");
                }
            }

            if (context.RetryAfterMs is not null || context.WaitForever)
            {
                return new ExecutionResult { IsRetry = true, RetryAfterMs = context.RetryAfterMs };
            }

            // A malformed or unexpected member is reported in preference to the operation's own error.
            error = parser.Finish() ?? error;
            reply.Add(error is null ? result : error.ToJson());
            if (error is not null)
            {
                for (int j = i + 1; j < operations.Count; j++)
                {
                    reply.Add(JsonValue.Null);
                }

                return new ExecutionResult { Reply = reply };
            }
        }

        error = transaction.Precommit(out TxnChanges changes);
        if (error is not null)
        {
            reply.Add(error.ToJson());
            return new ExecutionResult { Reply = reply };
        }

        return new ExecutionResult { Reply = reply, Transaction = transaction, Changes = changes, Durable = context.Durable };
    }

    private sealed class OperationContext(Database database, Transaction transaction, SymbolTable symbols, ExecutionOptions options)
    {
        public Database Database { get; } = database;

        public Transaction Transaction { get; } = transaction;

        public SymbolTable Symbols { get; } = symbols;

        public ExecutionOptions Options { get; } = options;

        /// <summary>The client's access rules, or null when it is unrestricted.</summary>
        public RbacPolicy? Rbac { get; init; }

        /// <summary>The operation being executed, for errors that quote it.</summary>
        public JsonValue Operation { get; set; } = JsonValue.Null;

        public bool Durable { get; set; }

        /// <summary>Set by a blocked "wait" with a timeout: retry, failing once this many ms have passed.</summary>
        public long? RetryAfterMs { get; set; }

        /// <summary>Set by a blocked "wait" without a timeout.</summary>
        public bool WaitForever { get; set; }
    }
}
