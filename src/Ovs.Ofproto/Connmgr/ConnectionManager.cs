// Upstream: ofproto/connmgr.c, connmgr_set_controllers(), the "service controller" part of ofservice_create(), and
// connmgr_run()'s accept and dispatch loop (OVS 3.1)
//
// A switch's OpenFlow connections. Each service target ("punix:$OVS_RUNDIR/BR.mgmt", passive Controller targets) is a
// listener; each accepted connection becomes a VconnSession whose hello exchange (with the bridge's allowed
// versions) and framing run on background tasks. Their events arrive on one channel, and the manager hands each to
// the main loop through the post delegate, so the switch handles messages one at a time on its own thread, in the
// order each connection sent them.
// Threading: SetServices, Disconnect and Dispose run on the main loop; the accept loops and the event pump are tasks
// that only post work to it.
using System.Threading.Channels;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ofproto.Vconn;
using Ovs.Transport.Streams;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("connmgr");

    private readonly string _name;
    private readonly Action<Action> _post;
    private readonly Action<OfConnection, byte[]> _handler;
    private readonly TimeProvider _time;
    private readonly Channel<VconnEvent> _events = Channel.CreateUnbounded<VconnEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Service> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<VconnSession, OfConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    /// <param name="name">The switch's name, which starts connmgr's log lines.</param>
    /// <param name="post">Runs an action on the main loop.</param>
    /// <param name="handler">Handles one message from a connection, on the main loop.</param>
    /// <param name="time">The daemon's clock: reconnection backoff and inactivity probes follow it.</param>
    public ConnectionManager(string name, Action<Action> post, Action<OfConnection, byte[]> handler, TimeProvider time)
    {
        _name = name;
        _post = post;
        _handler = handler;
        _time = time;
        _pump = Task.Run(PumpAsync);
    }

    public IReadOnlyCollection<OfConnection> Connections => _connections.Values;

    /// <summary>Listens on exactly <paramref name="targets"/> as service connections (the management socket).</summary>
    public void SetServices(IReadOnlyCollection<string> targets, uint allowedVersions) =>
        SetControllers([.. targets.Select(t => new ControllerSettings(t) { AllowedVersions = allowedVersions })]);

    /// <summary>
    /// connmgr_set_controllers(): serves exactly <paramref name="controllers"/>. New targets are opened ("added
    /// primary controller", "added service controller"), dropped ones closed ("removed ... controller"), and the
    /// others take their new settings. Passive targets listen; a target that cannot be opened is logged and tried
    /// again at the next call. Active targets connect and keep reconnecting (ConnectionManager.Controllers.cs).
    /// </summary>
    public void SetControllers(IReadOnlyList<ControllerSettings> controllers)
    {
        var wanted = new Dictionary<string, ControllerSettings>(StringComparer.Ordinal);
        foreach (ControllerSettings settings in controllers)
        {
            wanted.TryAdd(settings.Target, settings);
        }

        foreach ((string target, ControllerSettings settings) in wanted)
        {
            if (_services.ContainsKey(target) || _controllers.ContainsKey(target))
            {
                continue;
            }

            if (StreamFactory.IsActiveName(target))
            {
                AddActive(settings);
            }
            else
            {
                AddService(settings);
            }
        }

        foreach (string target in _services.Keys.ToList())
        {
            Service service = _services[target];
            if (!wanted.TryGetValue(target, out ControllerSettings? settings))
            {
                s_log.Info($"{_name}: removed {TypeName(service.Settings)} controller \"{target}\"");
                RemoveService(target);
            }
            else if (settings != service.Settings)
            {
                // The versions and the connection type are fixed when a listener is opened, so a change reopens it.
                RemoveService(target);
                AddService(settings, quiet: true);
            }
        }

        UpdateActive(wanted);
        UpdateFailOpen();
    }

    private static string TypeName(ControllerSettings settings) => settings.IsPrimary ? "primary" : "service";

    private void AddService(ControllerSettings settings, bool quiet = false)
    {
        (PassiveVconn? listener, int error) = PassiveVconn.Listen(settings.Target, settings.AllowedVersions);
        if (listener is null)
        {
            s_log.Err($"{_name}: {settings.Target}: invalid service controller ({OvsErrno.StrError(error)})");
            return;
        }

        if (!quiet)
        {
            s_log.Info($"{_name}: added {TypeName(settings)} controller \"{settings.Target}\"");
        }

        var service = new Service(listener, settings);
        _services.Add(settings.Target, service);
        service.AcceptLoop = Task.Run(() => AcceptAsync(listener, vconn => AddServiceConnection(service, vconn)));
    }

    /// <summary>
    /// Drops every connection (bridge/reconnect, a datapath ID change); listeners stay and active controllers connect
    /// again.
    /// </summary>
    public void DisconnectAll()
    {
        foreach (OfConnection connection in _connections.Values.ToList())
        {
            if (!_sessionOwners.ContainsKey(connection.Session))
            {
                Close(connection.Session);
            }
        }

        ReconnectActive();
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (string target in _services.Keys.ToList())
        {
            RemoveService(target);
        }

        SetSnoops([]);
        StopActive();
        DisconnectAll();
        _events.Writer.TryComplete();
    }

    private void RemoveService(string target)
    {
        if (_services.Remove(target, out Service? service))
        {
            CloseListener(service.Listener, target);
        }
    }

    private static void CloseListener(PassiveVconn listener, string target)
    {
        listener.Dispose();
        if (target.StartsWith("punix:", StringComparison.Ordinal))
        {
            // The socket file goes with the listener, as upstream's punix does.
            TryDelete(target["punix:".Length..]);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Already gone, or not ours to remove.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove.
        }
    }

    /// <summary>Accepts connections on <paramref name="listener"/>, handing each to <paramref name="accepted"/> on the main loop.</summary>
    private async Task AcceptAsync(PassiveVconn listener, Action<Vconn.Vconn> accepted)
    {
        while (!_stop.IsCancellationRequested)
        {
            (Vconn.Vconn? vconn, int error) = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            if (vconn is null)
            {
                if (error is OvsErrno.EAGAIN or OvsErrno.EINTR)
                {
                    continue;
                }

                return;
            }

            _post(() =>
            {
                if (_stop.IsCancellationRequested)
                {
                    _ = vconn.DisposeAsync();
                    return;
                }

                accepted(vconn);
            });
        }
    }

    private void AddServiceConnection(Service service, Vconn.Vconn vconn)
    {
        VconnSession session = VconnSession.Start(vconn, _events.Writer);
        _connections.Add(session, new OfConnection(session, isService: !service.Settings.IsPrimary)
        {
            EnableAsyncMessages = service.Settings.EnableAsyncMessages,
        });
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (VconnEvent e in _events.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                _post(() => Dispatch(e));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Dispatch(VconnEvent e)
    {
        if (DispatchMonitor(e))
        {
            return;
        }

        if (!_connections.TryGetValue(e.Session, out OfConnection? connection))
        {
            return;
        }

        _sessionOwners.TryGetValue(e.Session, out ActiveController? owner);
        switch (e.Kind)
        {
            case VconnEventKind.Connected when owner is not null:
                OnActiveConnected(owner);
                break;
            case VconnEventKind.Message when e.Message is not null:
                if (owner is not null)
                {
                    owner.Rconn.Activity(NowMs, received: true);
                    owner.Rconn.Received(NowMs, Admits(e.Message));
                    owner.Monitors.Copy(e.Message);
                    MaybeRecoverFailOpen();
                }

                _handler(connection, e.Message);
                break;
            case VconnEventKind.Disconnected when owner is not null:
                OnActiveLost(owner, e.Error);
                break;
            case VconnEventKind.Disconnected:
                Close(e.Session);
                break;
            default:
                break;
        }

        UpdateWantsPacketInOnMiss();
    }

    private void Close(VconnSession session)
    {
        if (_connections.Remove(session, out OfConnection? connection))
        {
            if (connection.FlowMods.Format(Environment.TickCount64) is { } report)
            {
                s_log.Info($"{_name}<->{session.Vconn.Name}: {report}");
            }

            _ = session.DisposeAsync().AsTask();
            UpdateWantsPacketInOnMiss();
        }
    }

    private sealed class Service(PassiveVconn listener, ControllerSettings settings)
    {
        public PassiveVconn Listener { get; } = listener;

        public ControllerSettings Settings { get; } = settings;

        public Task? AcceptLoop { get; set; }
    }
}
