// Upstream: lib/ovsdb-idl.c and lib/ovsdb-cs.c, the client-side replica (OVS 3.1)
//
// A replica of selected tables and columns of one database on a remote server. The caller registers what it
// wants, then drives the IDL with RunAsync: each call connects (or reconnects, with the reconnect FSM's backoff
// and rotation over several remotes), fetches the schema, starts a monitor and applies whatever updates arrived.
// ChangeSeqNo increases whenever the replica's contents or the connection's state changed, which is how callers
// know to look again (upstream's ovsdb_idl_get_seqno()).
//
// Monitoring uses monitor_cond_since when the server has it, and falls back to monitor_cond and then to monitor
// when the server answers "unknown method", as upstream does. After a reconnect, monitor_cond_since sends the id
// of the last transaction seen, so the server may send only what changed; otherwise the replica is rebuilt from
// the initial contents.
//
// Inactivity probes, as upstream's jsonrpc sessions: on a connection that needs them (tcp: and ssl:, not unix:)
// the IDL sends an "echo" request after ProbeInterval (5 s by default) without receiving anything, and drops the
// connection (to reconnect as the reconnect FSM decides) when another interval passes without any message.
//
// Threading: one caller at a time (the program's main loop). The connection's reader task only queues
// notifications; they are applied inside RunAsync/CommitAsync on the caller's thread, in arrival order.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Rpc;
using Ovs.Transport.Reconnect;

namespace Ovs.Ovsdb.Client.Idl;

public sealed partial class OvsdbIdl : IAsyncDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_idl");

    private readonly string[] _remotes;
    private readonly Dictionary<string, HashSet<string>?> _registrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IdlTable> _tables = new(StringComparer.Ordinal);
    private readonly ReconnectFsm _fsm;
    private readonly TimeProvider _time;
    private OvsdbClient? _client;
    private int _remoteIndex;
    private bool _synced;
    private Guid _lastId;
    private string? _serverNames;
    private string _monitorMethod = "monitor_cond_since";
    private int? _probeInterval;
    private long _lastReceived;

    /// <param name="remotes">One or more remotes ("unix:FILE", "tcp:IP:PORT", "ssl:IP:PORT"), tried in turn.</param>
    /// <param name="database">The database to replicate.</param>
    /// <param name="retry">Keep trying when connecting fails; otherwise one attempt per remote, then give up.</param>
    public OvsdbIdl(IReadOnlyList<string> remotes, string database, bool retry, TimeProvider? time = null)
    {
        if (remotes.Count == 0)
        {
            throw new ArgumentException("at least one remote is needed", nameof(remotes));
        }

        _remotes = [.. remotes];
        Database = database;
        _time = time ?? TimeProvider.System;
        _fsm = new ReconnectFsm(_remotes[0], Now);
        if (!retry)
        {
            _fsm.SetMaxTries(_remotes.Length);
            _fsm.SetBackoff(0, 0);
        }

        _fsm.SetProbeInterval(DefaultProbeInterval(_remotes[0]));
        _fsm.Enable(Now);
    }

    public string Database { get; }

    /// <summary>The schema in use for <see cref="Database"/>: the compiled one, or the server's once fetched.</summary>
    public DatabaseSchema? Schema { get; private set; }

    /// <summary>
    /// The schema the program was built with, as upstream's IDL class: when set, the server's schema is read only
    /// for the names of its tables and columns (what it lacks is not monitored, with upstream's warning) and the
    /// types come from here, so the server's schema is not turned into a DatabaseSchema at every connection.
    /// </summary>
    public DatabaseSchema? CompiledSchema { get; init; }

    /// <summary>Increases whenever the replica or the connection changed.</summary>
    public ulong ChangeSeqNo { get; private set; }

    /// <summary>True once the initial contents of the current connection's monitor are in the replica.</summary>
    public bool IsSynced => _synced;

    public bool IsConnected => _client is not null;

    /// <summary>False once the IDL gave up (no retry and every attempt failed).</summary>
    public bool IsAlive => _fsm.State != ReconnectState.Void;

    /// <summary>The errno of the last connection failure, or 0.</summary>
    public int LastError { get; private set; }

    /// <summary>The remote currently used (or last tried).</summary>
    public string CurrentRemote => _remotes[_remoteIndex];

    /// <summary>Milliseconds without a message before an inactivity probe (0: none; at least 1000 otherwise).</summary>
    public int ProbeInterval => _fsm.ProbeInterval;

    /// <summary>Sets the inactivity probe interval for every remote (0 disables probes), as ovsdb_idl_set_probe_interval.</summary>
    public void SetProbeInterval(int milliseconds)
    {
        _probeInterval = milliseconds;
        _fsm.SetProbeInterval(milliseconds);
    }

    /// <summary>Upstream's default: 5 s for remotes that need probes (tcp, ssl), none for unix sockets.</summary>
    public static int DefaultProbeInterval(string remote) =>
        remote.StartsWith("unix:", StringComparison.Ordinal) ? 0 : ReconnectFsm.DefaultProbeInterval;

    /// <summary>The lock to take on every connection, or null (see <see cref="SetLock"/>).</summary>
    public string? LockName { get; private set; }

    public bool HasLock { get; private set; }

    /// <summary>True when another client holds the lock we asked for.</summary>
    public bool IsLockContended { get; private set; }

    /// <summary>Replicates every column of <paramref name="table"/>.</summary>
    public void RegisterTable(string table) => _registrations[table] = null;

    /// <summary>Replicates <paramref name="columns"/> of <paramref name="table"/> (adding to earlier calls).</summary>
    public void RegisterColumns(string table, params IEnumerable<string> columns)
    {
        if (_registrations.TryGetValue(table, out HashSet<string>? existing) && existing is null)
        {
            return;
        }

        existing ??= new HashSet<string>(StringComparer.Ordinal);
        existing.UnionWith(columns);
        _registrations[table] = existing;
    }

    /// <summary>
    /// Reads the connection on the caller's thread, blocking, instead of through a background reader, for one-shot
    /// programs that do nothing else while they wait (ovs-vsctl): no extra threads. Used for connections without
    /// inactivity probes (unix: remotes by default); the others keep the background reader.
    /// </summary>
    public bool SingleThreaded { get; init; }

    /// <summary>Replicates every table and column of the database.</summary>
    public bool RegisterAll { get; set; }

    /// <summary>Asks for <paramref name="lockName"/> on every connection (null to stop asking).</summary>
    public void SetLock(string? lockName)
    {
        LockName = lockName;
        HasLock = false;
        IsLockContended = false;
    }

    /// <summary>The table named <paramref name="name"/> (once the schema is known), or null.</summary>
    public IdlTable? GetTable(string name) => _tables.GetValueOrDefault(name);

    public IEnumerable<IdlTable> Tables => _tables.Values;

    internal OvsdbClient? Client => _synced ? _client : null;

    internal IdlTransaction? OpenTransaction { get; set; }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Does one round of work: connects if needed, then applies queued updates. When there was nothing to do it
    /// waits (at most until the next reconnect attempt) for something to happen. Never throws for connection
    /// trouble; see <see cref="IsAlive"/> and <see cref="LastError"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            await ConnectStepAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (ApplyQueued())
        {
            NoteActivity();
            return;
        }

        if (_client is not { } client)
        {
            return;
        }

        if (_fsm.ProbeInterval == 0)
        {
            if (!await client.WaitForNotificationsAsync(cancellationToken).ConfigureAwait(false))
            {
                Disconnect(client.ClosedError);
                return;
            }
        }
        else if (!await WaitOrProbeAsync(client, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        ApplyQueued();
    }

    /// <summary>Counts any message received since the last look as activity for the reconnect FSM.</summary>
    private void NoteActivity()
    {
        if (_client is { } client && client.MessagesReceived != _lastReceived)
        {
            _lastReceived = client.MessagesReceived;
            _fsm.Activity(Now);
        }
    }

    /// <summary>
    /// Waits for a notification, at most until the probe timer expires; then sends the probe or, when the last one
    /// went unanswered, drops the connection. Returns false when the connection was dropped.
    /// </summary>
    private async Task<bool> WaitOrProbeAsync(OvsdbClient client, CancellationToken cancellationToken)
    {
        NoteActivity();
        switch (_fsm.Run(Now))
        {
            case ReconnectAction.Probe:
                _ = client.EchoAsync([], CancellationToken.None);
                break;
            case ReconnectAction.Disconnect:
                Disconnect(Ovs.Common.OvsErrno.ETIMEDOUT);
                return false;
        }

        long wait = _fsm.Timeout(Now) ?? long.MaxValue;
        Task<bool> ready = client.Notifications.WaitToReadAsync(cancellationToken).AsTask();
        if (wait < int.MaxValue)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = Task.Delay(TimeSpan.FromMilliseconds(Math.Max(wait, 1)), _time, stopDelay.Token);
            await Task.WhenAny(ready, delay).ConfigureAwait(false);
            await stopDelay.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!ready.IsCompleted)
            {
                return true;
            }
        }

        if (!await ready.ConfigureAwait(false))
        {
            Disconnect(client.ClosedError);
            return false;
        }

        return true;
    }

    /// <summary>Runs until <paramref name="condition"/> holds or the IDL gives up; returns whether it holds.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (!IsAlive)
            {
                return false;
            }

            await RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task ConnectStepAsync(CancellationToken cancellationToken)
    {
        long now = Now;
        ReconnectAction action = _fsm.Run(now);
        if (action != ReconnectAction.Connect)
        {
            if (_fsm.Timeout(now) is long wait && wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), _time, cancellationToken).ConfigureAwait(false);
            }
            else if (_fsm.State == ReconnectState.Void)
            {
                return;
            }

            return;
        }

        _fsm.Name = _remotes[_remoteIndex];
        _fsm.SetProbeInterval(_probeInterval ?? DefaultProbeInterval(_remotes[_remoteIndex]));
        _fsm.Connecting(now);
        bool pumped = SingleThreaded && _fsm.ProbeInterval == 0;
        ConnectResult result = await OvsdbClient.ConnectAsync(_remotes[_remoteIndex], cancellationToken, pumped).ConfigureAwait(false);
        if (result.Client is not { } client)
        {
            LastError = result.Error;
            _fsm.ConnectFailed(Now, result.Error);
            _remoteIndex = (_remoteIndex + 1) % _remotes.Length;
            ChangeSeqNo++;
            return;
        }

        _client = client;
        _lastReceived = 0;
        _fsm.Connected(Now);
        string? failure = await StartMonitorAsync(client, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            s_log.Warn($"{client.Name}: {failure}");
            Disconnect(client.ClosedError == 0 ? Ovs.Common.OvsErrno.EPROTO : client.ClosedError);
            return;
        }

        ChangeSeqNo++;
    }

    private void Disconnect(int error)
    {
        if (_client is { } client)
        {
            _client = null;
            _ = client.DisposeAsync().AsTask();
        }

        _synced = false;
        HasLock = false;
        LastError = error;
        _fsm.Disconnected(Now, error);
        _remoteIndex = (_remoteIndex + 1) % _remotes.Length;
        ChangeSeqNo++;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
