// Upstream: ovsdb/ovsdb-server.c, reconfigure_remotes() and the add-remote/remove-remote/list-remotes commands;
// ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_server_set_remotes() (OVS 3.1)
//
// The configured remotes (--remote options and ovsdb-server/add-remote, kept sorted as upstream lists them) and
// the endpoints serving the targets they currently expand to. Reconfigure() recomputes the target set (db:
// remotes are read from their database) and starts or stops only the endpoints that changed, so existing
// connections survive unrelated commits. The server calls it after every commit and database change.
// Thread-safety: main loop only.
using Ovs.Common.Logging;

namespace Ovs.Ovsdb.Server.Remotes;

internal sealed class RemoteManager : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");
    private static readonly VlogRateLimit s_rateLimit = new(1, 1);

    private readonly OvsdbServer _server;
    private readonly SortedSet<string> _configured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoteEndpoint> _endpoints = new(StringComparer.Ordinal);

    public RemoteManager(OvsdbServer server)
    {
        _server = server;
        server.Committed += _ => Reconfigure();
        server.DatabasesChanged += Reconfigure;
    }

    /// <summary>The configured remotes in byte order (ovsdb-server/list-remotes).</summary>
    public IReadOnlyCollection<string> Configured => _configured;

    public IReadOnlyCollection<RemoteEndpoint> Endpoints => _endpoints.Values;

    /// <summary>Adds a remote; a db: remote must name an existing string or reference column.</summary>
    public string? Add(string remote)
    {
        if (remote.StartsWith(DbRemote.Prefix, StringComparison.Ordinal) && DbRemote.Validate(_server, remote) is { } error)
        {
            return error;
        }

        _configured.Add(remote);
        return null;
    }

    public bool Remove(string remote) => _configured.Remove(remote);

    /// <summary>Brings the endpoints in line with the configured remotes.</summary>
    public void Reconfigure()
    {
        _server.Ssl.Apply(_server);
        var targets = new Dictionary<string, RemoteOptions>(StringComparer.Ordinal);
        foreach (string remote in _configured)
        {
            if (remote.StartsWith(DbRemote.Prefix, StringComparison.Ordinal))
            {
                if (DbRemote.Resolve(_server, remote, targets) is { } error)
                {
                    s_log.Warn(s_rateLimit, error);
                }
            }
            else
            {
                targets.TryAdd(remote, RemoteOptions.Default);
            }
        }

        foreach (RemoteEndpoint endpoint in _endpoints.Values.ToList())
        {
            if (!targets.TryGetValue(endpoint.Target, out RemoteOptions? options) || options != endpoint.Options)
            {
                endpoint.Dispose();
                _endpoints.Remove(endpoint.Target);
            }
        }

        foreach ((string target, RemoteOptions options) in targets)
        {
            if (!_endpoints.ContainsKey(target))
            {
                _endpoints.Add(target, RemoteEndpoint.Start(_server, target, options));
            }
        }
    }

    /// <summary>
    /// Writes each db: remote row's connection state back to its "is_connected" column, as upstream does every few
    /// seconds; only rows whose value changes are written.
    /// </summary>
    public void UpdateStatus()
    {
        foreach (string remote in _configured.Where(r => r.StartsWith(DbRemote.Prefix, StringComparison.Ordinal)).ToList())
        {
            foreach (var group in DbRemote.ReferencedRows(_server, remote).ToList().GroupBy(r => r.Database))
            {
                var transaction = new Engine.Transactions.Transaction(group.Key.Database);
                foreach ((_, Engine.Table table, Engine.Row row, string target) in group)
                {
                    if (table.Schema.GetColumn("is_connected") is not { } column || column.Type.Key.Type != AtomicType.Boolean)
                    {
                        continue;
                    }

                    bool connected = _endpoints.TryGetValue(target, out RemoteEndpoint? endpoint) && endpoint.IsConnected;
                    var value = Datum.Scalar(Atom.Boolean(connected));
                    if (!row[column].Equals(value) && transaction.Find(table, row.Uuid) is { } current)
                    {
                        transaction.Modify(table, current).Values[column.Index] = value;
                    }
                }

                if (transaction.HasChanges && transaction.Precommit(out Engine.Transactions.TxnChanges changes) is null)
                {
                    _server.Commit(group.Key, transaction, changes, durable: false);
                }
            }
        }
    }

    /// <summary>Drops every client connection (ovsdb-server/reconnect); active remotes reconnect.</summary>
    public void ReconnectAll()
    {
        foreach (RemoteEndpoint endpoint in _endpoints.Values)
        {
            endpoint.DropConnections();
        }
    }

    public void Dispose()
    {
        foreach (RemoteEndpoint endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }

        _endpoints.Clear();
    }
}
