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

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("connmgr");

    private readonly string _name;
    private readonly Action<Action> _post;
    private readonly Action<OfConnection, byte[]> _handler;
    private readonly Channel<VconnEvent> _events = Channel.CreateUnbounded<VconnEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Service> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<VconnSession, OfConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private uint _allowedVersions = Vconn.Vconn.DefaultVersions;

    /// <param name="name">The switch's name, which starts connmgr's log lines.</param>
    /// <param name="post">Runs an action on the main loop.</param>
    /// <param name="handler">Handles one message from a connection, on the main loop.</param>
    public ConnectionManager(string name, Action<Action> post, Action<OfConnection, byte[]> handler)
    {
        _name = name;
        _post = post;
        _handler = handler;
        _pump = Task.Run(PumpAsync);
    }

    public IReadOnlyCollection<OfConnection> Connections => _connections.Values;

    /// <summary>
    /// Listens on exactly <paramref name="targets"/> with <paramref name="allowedVersions"/>: new targets are opened
    /// ("added service controller"), dropped ones closed. A target that cannot be opened is logged and tried again
    /// at the next call.
    /// </summary>
    public void SetServices(IReadOnlyCollection<string> targets, uint allowedVersions)
    {
        if (allowedVersions != _allowedVersions)
        {
            // The versions are fixed when a listener is opened, so a change reopens every listener.
            _allowedVersions = allowedVersions;
            foreach (string target in _services.Keys.ToList())
            {
                RemoveService(target);
            }
        }

        foreach (string target in _services.Keys.ToList())
        {
            if (!targets.Contains(target))
            {
                RemoveService(target);
            }
        }

        foreach (string target in targets)
        {
            if (_services.ContainsKey(target))
            {
                continue;
            }

            (PassiveVconn? listener, int error) = PassiveVconn.Listen(target, allowedVersions);
            if (listener is null)
            {
                s_log.Err($"{_name}: {target}: invalid service controller ({OvsErrno.StrError(error)})");
                continue;
            }

            s_log.Info($"{_name}: added service controller \"{target}\"");
            var service = new Service(listener);
            _services.Add(target, service);
            service.AcceptLoop = Task.Run(() => AcceptAsync(service));
        }
    }

    /// <summary>Drops every connection (bridge/reconnect, a datapath ID change); listeners stay.</summary>
    public void DisconnectAll()
    {
        foreach (OfConnection connection in _connections.Values.ToList())
        {
            Close(connection.Session);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (string target in _services.Keys.ToList())
        {
            RemoveService(target);
        }

        DisconnectAll();
        _events.Writer.TryComplete();
    }

    private void RemoveService(string target)
    {
        if (_services.Remove(target, out Service? service))
        {
            service.Listener.Dispose();
            if (target.StartsWith("punix:", StringComparison.Ordinal))
            {
                // The socket file goes with the listener, as upstream's punix does.
                TryDelete(target["punix:".Length..]);
            }
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

    private async Task AcceptAsync(Service service)
    {
        while (!_stop.IsCancellationRequested)
        {
            (Vconn.Vconn? vconn, int error) = await service.Listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
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

                VconnSession session = VconnSession.Start(vconn, _events.Writer);
                _connections.Add(session, new OfConnection(session, isService: true));
            });
        }
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
        if (!_connections.TryGetValue(e.Session, out OfConnection? connection))
        {
            return;
        }

        switch (e.Kind)
        {
            case VconnEventKind.Message when e.Message is not null:
                _handler(connection, e.Message);
                break;
            case VconnEventKind.Disconnected:
                Close(e.Session);
                break;
            default:
                break;
        }
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
        }
    }

    private sealed class Service(PassiveVconn listener)
    {
        public PassiveVconn Listener { get; } = listener;

        public Task? AcceptLoop { get; set; }
    }
}
