// Upstream: ofproto/connmgr.c, ofservice_create()/ofservice_reconfigure()/ofservice_destroy() for active targets,
// connmgr_get_controller_info() and connmgr_reconnect(), with the rconn driving of lib/rconn.c (OVS 3.1)
//
// Active controllers: for each "tcp:", "ssl:" or "unix:" target the switch connects to the controller and keeps
// reconnecting, with the backoff and inactivity probes of an Rconn. Each attempt opens the stream on a background
// task and posts the outcome to the main loop; a connected stream runs as a VconnSession like an accepted one, so
// its messages go through the same handler, and its OfConnection is a primary one (packet-ins by default) that is
// made afresh for every connection, as upstream resets an ofconn's role and settings when it reconnects. One timer
// on the daemon's clock wakes the main loop at the earliest deadline of any controller (next attempt, connect
// timeout, probe), so time/warp drives reconnection and probes as it does upstream.
// Threading: main loop only; the open tasks and the timer only post to it.
using System.Buffers;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager
{
    private readonly Dictionary<string, ActiveController> _controllers = new(StringComparer.Ordinal);
    private readonly Dictionary<VconnSession, ActiveController> _sessionOwners = [];
    private ITimer? _controllerTimer;

    private long NowMs => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    /// <summary>Whether any primary controller is configured, connected or not (connmgr_has_controllers()).</summary>
    public bool HasControllers => _controllers.Count > 0 || _services.Values.Any(static s => s.Settings.IsPrimary);

    /// <summary>The status of every active controller, for the Controller rows (connmgr_get_controller_info()).</summary>
    public IReadOnlyList<ControllerStatus> ControllerStatuses()
    {
        long now = NowMs;
        var list = new List<ControllerStatus>(_controllers.Count);
        foreach (ActiveController controller in _controllers.Values)
        {
            string? role = controller.Connection is { } connection && controller.Rconn.IsConnected ? RoleName(connection.Role) : null;
            list.Add(new ControllerStatus(controller.Settings.Target, controller.Rconn.IsConnected, role, controller.Rconn.Status(now)));
        }

        return list;
    }

    /// <summary>The Controller role column's words (upstream's ofp12_controller_role_to_str()).</summary>
    private static string? RoleName(ControllerRole role) => role switch
    {
        ControllerRole.Equal => "other",
        ControllerRole.Primary => "master",
        ControllerRole.Secondary => "slave",
        _ => null,
    };

    private void AddActive(ControllerSettings settings)
    {
        var controller = new ActiveController(settings, new Rconn($"{_name}<->{settings.Target}"));
        ApplySettings(controller, settings);
        _controllers.Add(settings.Target, controller);
        controller.Rconn.Start(NowMs);
        BeginOpen(controller);
        s_log.Info($"{_name}: added {TypeName(settings)} controller \"{settings.Target}\"");
        ArmControllerTimer();
    }

    /// <summary>Removes the active controllers that are no longer wanted and gives the others their new settings.</summary>
    private void UpdateActive(Dictionary<string, ControllerSettings> wanted)
    {
        foreach ((string target, ActiveController controller) in _controllers.ToList())
        {
            if (!wanted.TryGetValue(target, out ControllerSettings? settings))
            {
                s_log.Info($"{_name}: removed {TypeName(controller.Settings)} controller \"{target}\"");
                StopController(controller);
                CloseMonitors(controller);
                _controllers.Remove(target);
            }
            else if (settings.AllowedVersions != controller.Settings.AllowedVersions)
            {
                // The versions are announced in the hello, so the connection starts again with the new ones.
                s_log.Info($"{_name}: Changes to controller \"{target}\" expects re-initialization: Re-initializing now.");
                StopController(controller);
                CloseMonitors(controller);
                _controllers.Remove(target);
                AddActive(settings);
            }
            else
            {
                ApplySettings(controller, settings);
            }
        }

        ArmControllerTimer();
    }

    private void ApplySettings(ActiveController controller, ControllerSettings settings)
    {
        controller.Settings = settings;
        controller.Rconn.SetMaxBackoff(settings.MaxBackoff, NowMs);

        // Unix sockets need no inactivity probes (upstream's stream_or_pstream_needs_probes()).
        controller.Rconn.ProbeInterval = settings.Target.StartsWith("unix:", StringComparison.Ordinal) ? 0 : Math.Max(0, settings.ProbeInterval);
        if (controller.Connection is { } connection)
        {
            connection.EnableAsyncMessages = settings.EnableAsyncMessages;
        }
    }

    /// <summary>Starts opening the stream of <paramref name="controller"/>'s next attempt on a background task.</summary>
    private void BeginOpen(ActiveController controller)
    {
        var cancel = new CancellationTokenSource();
        controller.Opening = cancel;
        int attempt = ++controller.Attempt;
        string target = controller.Settings.Target;
        uint versions = controller.Settings.AllowedVersions;
        _ = Task.Run(async () =>
        {
            (Vconn.Vconn? vconn, int error) = (null, OvsErrno.ECONNABORTED);
            try
            {
                (vconn, error) = await Vconn.Vconn.OpenAsync(target, versions, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Timed out or stopped: the main loop has moved on.
            }

            _post(() => OnOpened(controller, attempt, vconn, error));
        });
    }

    private void OnOpened(ActiveController controller, int attempt, Vconn.Vconn? vconn, int error)
    {
        if (_stop.IsCancellationRequested || attempt != controller.Attempt || controller.Rconn.State != RconnState.Connecting
            || !_controllers.TryGetValue(controller.Settings.Target, out ActiveController? current) || current != controller)
        {
            if (vconn is not null)
            {
                _ = vconn.DisposeAsync().AsTask();
            }

            return;
        }

        controller.Opening?.Dispose();
        controller.Opening = null;
        if (vconn is null)
        {
            controller.Rconn.OpenFailed(NowMs, error);
            ArmControllerTimer();
            return;
        }

        VconnSession session = VconnSession.Start(vconn, _events.Writer);
        session.Tap = controller.Monitors.Copy;
        var connection = new OfConnection(session, isService: !controller.Settings.IsPrimary)
        {
            EnableAsyncMessages = controller.Settings.EnableAsyncMessages,
        };
        controller.Connection = connection;
        _connections.Add(session, connection);
        _sessionOwners.Add(session, controller);
    }

    private void OnActiveConnected(ActiveController controller)
    {
        controller.Rconn.Connected(NowMs);
        RunFailOpen();
        ArmControllerTimer();
    }

    /// <summary>The session of <paramref name="controller"/> ended: a failed hello, or a connection lost.</summary>
    private void OnActiveLost(ActiveController controller, int error)
    {
        if (controller.Rconn.State == RconnState.Connecting)
        {
            controller.Rconn.ConnectFailed(NowMs, error);
        }
        else if (controller.Rconn.IsConnected)
        {
            controller.Rconn.Dropped(NowMs, error);
        }

        CloseActiveSession(controller);
        ArmControllerTimer();
    }

    /// <summary>bridge/reconnect for the active controllers: each live connection is dropped and made again.</summary>
    private void ReconnectActive()
    {
        foreach (ActiveController controller in _controllers.Values)
        {
            if (controller.Rconn.Reconnect(NowMs))
            {
                CloseActiveSession(controller);
            }
        }

        ArmControllerTimer();
    }

    private void StopActive()
    {
        foreach (ActiveController controller in _controllers.Values)
        {
            StopController(controller);
            CloseMonitors(controller);
        }

        _controllers.Clear();
        _controllerTimer?.Dispose();
        _controllerTimer = null;
    }

    private void StopController(ActiveController controller)
    {
        controller.Attempt++;
        controller.Opening?.Cancel();
        controller.Opening?.Dispose();
        controller.Opening = null;
        CloseActiveSession(controller);
    }

    private void CloseActiveSession(ActiveController controller)
    {
        if (controller.Connection is { } connection)
        {
            _sessionOwners.Remove(connection.Session);
            Close(connection.Session);
            controller.Connection = null;
        }
    }

    /// <summary>Runs every active controller's state machine up to now, then waits for the next deadline.</summary>
    private void RunControllers()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        long now = NowMs;
        foreach (ActiveController controller in _controllers.Values)
        {
            RconnAction action;
            while ((action = controller.Rconn.Run(now)) != RconnAction.None)
            {
                switch (action)
                {
                    case RconnAction.Connect:
                        BeginOpen(controller);
                        break;
                    case RconnAction.Probe:
                        SendEchoRequest(controller);
                        break;
                    case RconnAction.Close:
                        controller.Attempt++;
                        controller.Opening?.Cancel();
                        CloseActiveSession(controller);
                        break;
                    default:
                        break;
                }
            }
        }

        RunFailOpen();
        ArmControllerTimer();
    }

    private void SendEchoRequest(ActiveController controller)
    {
        if (controller.Connection is not { } connection)
        {
            return;
        }

        var writer = new ArrayBufferWriter<byte>(8);
        OfpEncoder.Begin(writer, OfpRaw.OfptEchoRequest, connection.Version, OfpXid.Next(), 0, out int total);
        writer.Advance(total);
        connection.Session.TrySend(writer.WrittenSpan.ToArray());
    }

    /// <summary>Sets the one timer to the earliest deadline of any active controller.</summary>
    private void ArmControllerTimer()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        long next = FailOpenDeadline();
        foreach (ActiveController controller in _controllers.Values)
        {
            next = Math.Min(next, controller.Rconn.NextDeadline);
        }

        if (next == long.MaxValue)
        {
            _controllerTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        TimeSpan due = TimeSpan.FromMilliseconds(Math.Max(0, next - NowMs));
        _controllerTimer ??= _time.CreateTimer(_ => _post(RunControllers), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _controllerTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>One active controller target (upstream's ofservice with an rconn).</summary>
    private sealed class ActiveController(ControllerSettings settings, Rconn rconn)
    {
        public ControllerSettings Settings { get; set; } = settings;

        public Rconn Rconn { get; } = rconn;

        /// <summary>The connection of the current attempt once its stream is open, else null.</summary>
        public OfConnection? Connection { get; set; }

        /// <summary>Cancels the stream being opened, while one is.</summary>
        public CancellationTokenSource? Opening { get; set; }

        /// <summary>The snoopers watching this controller's connections.</summary>
        public SnoopTap Monitors { get; } = new();

        /// <summary>Counts attempts, so that the outcome of an abandoned one is ignored.</summary>
        public int Attempt { get; set; }
    }
}
