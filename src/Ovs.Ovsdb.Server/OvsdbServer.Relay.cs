// Upstream: ovsdb/ovsdb-server.c, open_db() for "relay:" names, and ovsdb/relay.c's database updates (OVS 3.1)
//
// The server side of relay databases (Relay/RelayClient): a positional database argument or add-db name of the
// form relay:DB_NAME:REMOTE[,REMOTE...] serves DB_NAME from memory. Until the remote's schema arrives the database
// exists with no tables; a new schema replaces the in-memory copy (its clients are told as for a conversion).
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Relay;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer
{
    private const string RelayPrefix = "relay:";

    private static bool IsRelaySpec(string name) => name.StartsWith(RelayPrefix, StringComparison.Ordinal);

    /// <summary>Adds a relay database from "relay:DB_NAME:REMOTE[,REMOTE...]".</summary>
    private OvsdbError? AddRelayDatabase(string spec)
    {
        string rest = spec[RelayPrefix.Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == rest.Length - 1)
        {
            return new OvsdbError(OvsdbErrorTags.OvsdbError, $"{spec}: invalid syntax");
        }

        string name = rest[..colon];
        if (_databases.ContainsKey(name))
        {
            return new OvsdbError(OvsdbErrorTags.OvsdbError, $"{spec}: duplicate database name");
        }

        var db = new ServedDatabase(new Database(new DatabaseSchema(name)), null);
        db.Relay = new RelayClient(this, db, rest[(colon + 1)..]);

        // A relay's transactions carry its source's IDs, which it passes on to its own clients.
        db.EnableHistory(new Monitors.TxnHistory());
        _databases.Add(name, db);
        DisconnectUnaware();
        RefreshServerDatabase();
        DatabasesChanged?.Invoke();
        return null;
    }

    /// <summary>Replaces a relay database's copy by an empty one with <paramref name="schema"/>.</summary>
    public void SetRelaySchema(ServedDatabase db, DatabaseSchema schema)
    {
        Database old = db.Database;
        db.ReplaceDatabase(new Database(schema));
        db.EnableHistory(new Monitors.TxnHistory());
        if (old.Schema.Tables.Count > 0)
        {
            DetachClients(db, old);
        }

        RefreshServerDatabase();
    }

    private Action? _onRelaysSynced;

    /// <summary>
    /// Calls <paramref name="ready"/> once every relay database holds its remote's contents, or after
    /// <paramref name="limit"/>, whichever comes first. The daemon tells a waiting --detach parent it is ready
    /// through this, so a client started right after it finds the relay in step with its remote (upstream detaches
    /// at once and leaves that race to its faster start-up).
    /// </summary>
    public void WhenRelaysSynced(TimeSpan limit, Action ready)
    {
        bool called = false;
        void Once()
        {
            if (!called)
            {
                called = true;
                _onRelaysSynced = null;
                ready();
            }
        }

        if (_databases.Values.All(d => d.Relay is null or { IsSynced: true }))
        {
            Once();
            return;
        }

        _onRelaysSynced = () =>
        {
            if (_databases.Values.All(d => d.Relay is null or { IsSynced: true }))
            {
                Once();
            }
        };
        Loop.Schedule(limit, Once);
    }

    /// <summary>A relay (re)synchronized or lost its remote: update _Server and retry waiting transactions.</summary>
    public void OnRelayStateChanged(ServedDatabase db)
    {
        RefreshServerDatabase();
        _onRelaysSynced?.Invoke();
        if (db.Triggers.Count > 0)
        {
            Loop.Post(() => RunTriggers(db));
        }
    }

    /// <summary>
    /// For a relay database, forwards a writing transaction or holds any transaction until the copy is in sync;
    /// null if <paramref name="trigger"/> is not on a relay database and should run locally.
    /// </summary>
    private static bool? TryRunOnRelay(TransactTrigger trigger)
    {
        if (trigger.Database.Relay is not { } relay)
        {
            return null;
        }

        if (!relay.IsSynced)
        {
            return false;
        }

        if (!RelayClient.HasWrites(trigger.Operations))
        {
            return null;
        }

        trigger.IsDone = relay.TryForward(trigger);
        return trigger.IsDone;
    }
}
