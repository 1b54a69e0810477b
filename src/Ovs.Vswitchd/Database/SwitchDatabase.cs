// Upstream: vswitchd/bridge.c, bridge_init(), bridge_run() and the status write-back of bridge_reconfigure(),
// discover_types() and lib/dpdk-stub.c's dpdk_status() (OVS 3.1)
//
// ovs-vswitchd's side of the database. It keeps an IDL replica of the tables it needs over a reconnecting
// connection, takes the "ovs_vswitchd" lock as upstream does (so that a second ovs-vswitchd on the same database
// stays idle: "another ovs-vswitchd process is running..."), and whenever the replica changed while the lock is
// held it
//   1. reads the desired state (ConfigReader) and applies it with the BridgeReconciler on the main loop;
//   2. writes back, in one transaction: the interfaces' ofport/error, and in the Open_vSwitch row
//      cur_cfg = next_cfg (what ovs-vsctl --wait waits for), datapath_types and iface_types (the provider's),
//      dpdk_initialized = false and dpdk_version = "none" (this build has no DPDK), and an empty statistics
//      column unless other_config:enable-statistics asks for statistics.
// Like upstream, it does not write ovs_version, db_version, system_type or system_version: those come from the
// start-up script (ovs-ctl), and Debian's ovs-vswitchd leaves them empty. The first completed write-back makes
// the daemon ready (the --detach parent exits) and logs "ovs-vswitchd (Open vSwitch) VERSION", even on an empty
// database, as upstream does.
//
// Threading: RunAsync is the only code that touches the IDL; it is one sequential async flow (its continuations
// run on pool threads, one at a time). The reconciler runs on the main loop through Post, with the flow waiting
// for it, so the IDL and the bridges are never used at the same time. A failed write-back is tried again after a
// second (upstream's STATUS_CHECK_AGAIN_MSEC).
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;
using Ovs.Transport.Streams;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Database;

internal sealed class SwitchDatabase : IAsyncDisposable
{
    public const string LockName = "ovs_vswitchd";

    private static readonly TimeSpan s_retryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_statusPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_statisticsInterval = TimeSpan.FromSeconds(5);
    private static readonly VlogModule s_log = VlogModule.Get("bridge");
    private static readonly VlogRateLimit s_contendedLimit = new(1, 1);

    private readonly OvsdbIdl _idl;
    private readonly MainLoop _loop;
    private readonly BridgeReconciler _reconciler;
    private readonly Action _onReady;
    private long _cells;
    private bool _ready;
    private ulong _statusSeq;
    private string? _appliedFingerprint;
    private long _nextStatisticsMs = long.MinValue;

    /// <param name="remote">The DATABASE argument: one or more comma-separated remotes.</param>
    /// <param name="onReady">Called once, on the main loop, when the first configuration is written back.</param>
    public SwitchDatabase(string remote, MainLoop loop, BridgeReconciler reconciler, Action onReady)
    {
        _idl = new OvsdbIdl(remote.Split(','), "Open_vSwitch", retry: true, loop.Time);
        foreach ((string table, string[] columns) in ConfigReader.Columns)
        {
            _idl.RegisterColumns(table, columns);
        }

        _idl.SetLock(LockName);
        _loop = loop;
        _reconciler = reconciler;
        _onReady = onReady;
    }

    /// <summary>Cells in the replica, as of the last change (for memory/show); safe from any thread.</summary>
    public long IdlCells => Interlocked.Read(ref _cells);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ulong? seen = null;
        bool retry = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            await RunIdlAsync(retry ? s_retryInterval : _ready ? s_statusPollInterval : null, cancellationToken).ConfigureAwait(false);
            if (seen == _idl.ChangeSeqNo && !retry)
            {
                if (_ready && _idl.HasLock && _idl.IsSynced)
                {
                    await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            seen = _idl.ChangeSeqNo;
            Interlocked.Exchange(ref _cells, ConfigReader.CountCells(_idl));
            if (_idl.IsLockContended)
            {
                s_log.Err(s_contendedLimit, $"another ovs-vswitchd process is running, disabling this process (pid {Environment.ProcessId}) until it goes away");
                await OnLoopAsync(() => _reconciler.DestroyAll(deleteDatapaths: false), cancellationToken).ConfigureAwait(false);
                _appliedFingerprint = null;
                continue;
            }

            if (!_idl.HasLock || !_idl.IsSynced)
            {
                continue;
            }

            SwitchConfig config = ConfigReader.Read(_idl);
            string fingerprint = ConfigReader.Fingerprint(config);
            if (!retry && fingerprint == _appliedFingerprint)
            {
                continue;
            }

            retry = !await ReconfigureAsync(config, cancellationToken).ConfigureAwait(false);
            _appliedFingerprint = retry ? null : fingerprint;
        }
    }

    /// <summary>One reconfiguration and its write-back; false when the write-back must be tried again.</summary>
    private async Task<bool> ReconfigureAsync(SwitchConfig config, CancellationToken cancellationToken)
    {
        ApplySsl();
        (IReadOnlyList<InterfaceStatus> statuses, IReadOnlyList<BridgeStatus> bridges) = await OnLoopAsync(
            () => (_reconciler.Reconfigure(config), _reconciler.BridgeStatuses()),
            cancellationToken).ConfigureAwait(false);

        IdlTxnStatus status;
        using (var txn = new IdlTransaction(_idl))
        {
            WriteBack(txn, config, statuses);
            StatusWriter.WriteBridges(_idl, txn, bridges);
            status = await txn.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_ready)
        {
            _ready = true;
            await OnLoopAsync(() =>
            {
                _onReady();
                s_log.Info(OvsVersion.VersionLine(OvsProgram.Name));
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return status is IdlTxnStatus.Success or IdlTxnStatus.Unchanged;
    }

    /// <summary>
    /// Between reconfigurations, writes the interfaces' status again when a device changed (upstream's
    /// connectivity seq), and every five seconds of the daemon's monotonic clock (other_config:stats-update-interval's
    /// default; time/warp moves it) their statistics and the controllers' state (refresh_controller_status()).
    /// </summary>
    private async Task RefreshStatusAsync(CancellationToken cancellationToken)
    {
        ulong seq = _reconciler.Provider.ChangeSeq;
        long now = _loop.MonotonicMs;
        bool statisticsDue = now >= _nextStatisticsMs;
        if (seq == _statusSeq && !statisticsDue)
        {
            return;
        }

        _statusSeq = seq;
        if (statisticsDue)
        {
            _nextStatisticsMs = now + (long)s_statisticsInterval.TotalMilliseconds;
        }

        (IReadOnlyList<InterfaceStatus> statuses, IReadOnlyList<(Guid, Ofproto.Connmgr.ControllerStatus?)> controllers,
            IReadOnlyList<(Guid, (long, long)?)> mirrors) = await OnLoopAsync(
            () => (_reconciler.RefreshStatuses(), statisticsDue ? _reconciler.ControllerStatuses() : [], statisticsDue ? _reconciler.MirrorStatistics() : []),
            cancellationToken).ConfigureAwait(false);
        if ((statuses.Count == 0 && controllers.Count == 0 && mirrors.Count == 0) || _idl.GetTable("Interface") is not { } interfaces)
        {
            return;
        }

        using var txn = new IdlTransaction(_idl);
        foreach (InterfaceStatus status in statuses)
        {
            if (interfaces.Find(status.Uuid) is { } row)
            {
                StatusWriter.WriteInterface(txn, row, status);
            }
        }

        StatusWriter.WriteControllers(_idl, txn, controllers);
        StatusWriter.WriteMirrors(_idl, txn, mirrors);
        await txn.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void WriteBack(IdlTransaction txn, SwitchConfig config, IReadOnlyList<InterfaceStatus> statuses)
    {
        if (_idl.GetTable("Interface") is { } interfaces)
        {
            foreach (InterfaceStatus status in statuses)
            {
                if (interfaces.Find(status.Uuid) is { } row)
                {
                    StatusWriter.WriteInterface(txn, row, status);
                }
            }
        }

        if (ConfigReader.FirstOpenVswitch(_idl) is not { } ovs)
        {
            return;
        }

        Set(txn, ovs, "cur_cfg", Datum.Scalar(Atom.Integer(config.NextCfg)));
        Set(txn, ovs, "datapath_types", Datum.CreateSet(_reconciler.Provider.DatapathTypes.Select(Atom.String)));
        Set(txn, ovs, "iface_types", Datum.CreateSet(_reconciler.Provider.InterfaceTypes.Select(Atom.String)));
        Set(txn, ovs, "dpdk_initialized", Datum.Scalar(Atom.Boolean(false)));
        Set(txn, ovs, "dpdk_version", Datum.Scalar(Atom.String("none")));
        if (!(config.OtherConfig.TryGetValue("enable-statistics", out string? enable) && enable == "true"))
        {
            Set(txn, ovs, "statistics", Datum.EmptyMap);
        }
    }

    /// <summary>Writes <paramref name="value"/> unless the column already holds it, so that a steady state commits nothing.</summary>
    internal static void Set(IdlTransaction txn, IdlRow row, string column, Datum value)
    {
        ColumnSchema schema = row.Table.Schema.GetColumn(column)!;
        if (!row.Get(schema).Equals(value))
        {
            txn.Write(row, schema, value);
        }
    }

    /// <summary>SSL settings from the database, re-applied on every run as upstream does (files may have changed).</summary>
    private void ApplySsl()
    {
        if (ConfigReader.ReadSsl(_idl) is { } ssl)
        {
            SslConfiguration.SetPrivateKeyFile(ssl.PrivateKey);
            SslConfiguration.SetCertificateFile(ssl.Certificate);
            SslConfiguration.SetCaCertFile(ssl.CaCert, ssl.Bootstrap);
        }
    }

    /// <summary>Runs the IDL once; with <paramref name="timeout"/>, returns after at most that long even if idle.</summary>
    private async Task RunIdlAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is null || !_idl.IsSynced)
        {
            await _idl.RunAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout.Value);
        try
        {
            await _idl.RunAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Idle for a while: time to try the write-back again, or to look at the devices.
        }
    }

    /// <summary>Runs <paramref name="action"/> on the main loop and waits for its result.</summary>
    private Task<T> OnLoopAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        _loop.Post(() =>
        {
            try
            {
                done.TrySetResult(action());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
            finally
            {
                registration.Dispose();
            }
        });
        return done.Task;
    }

    private Task OnLoopAsync(Action action, CancellationToken cancellationToken) => OnLoopAsync(() =>
    {
        action();
        return true;
    }, cancellationToken);

    public ValueTask DisposeAsync() => _idl.DisposeAsync();
}
