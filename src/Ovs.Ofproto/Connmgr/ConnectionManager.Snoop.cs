// Upstream: ofproto/connmgr.c, connmgr_set_snoops(), snoop_preference() and add_snooper(), with the monitor
// connections of lib/rconn.c (rconn_add_monitor(), copy_to_monitor()) (OVS 3.1)
//
// Snooping: the bridge listens on "punix:$OVS_RUNDIR/BR.snoop" (beside BR.mgmt), and every connection accepted there
// becomes a monitor of one active controller: it receives a copy of every OpenFlow message the switch sends to that
// controller or receives from it, after the hellos (ovs-ofctl snoop prints them). The controller chosen is the one
// whose current connection has the most interesting role (primary, then equal, then secondary, then not connected);
// with no active controller the connection is closed ("no controller connection to snoop"). A monitor belongs to
// the controller target, not to one connection, so it sees every later connection too, until the snooper goes away
// or the controller is removed. At most 8 monitors watch one controller. Whatever a snooper sends is ignored.
// Messages from the controller are copied when the main loop takes them up, and the switch's answers when they are
// queued, so a snooper sees each request before its reply, as the switch handled them.
// Threading: main loop, except SnoopTap.Copy, which runs on whichever thread sends or receives.
using Ovs.Common.Logging;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager
{
    private const int MaxMonitors = 8;

    private static readonly VlogModule s_rconnLog = VlogModule.Get("rconn");
    private static readonly VlogRateLimit s_snoopLimit = new(5, 5);

    private readonly Dictionary<string, PassiveVconn> _snoops = new(StringComparer.Ordinal);
    private readonly Dictionary<VconnSession, ActiveController> _monitorOwners = [];

    /// <summary>Whether any snoop listener is open (connmgr_has_snoops()).</summary>
    public bool HasSnoops => _snoops.Count > 0;

    /// <summary>How many snoop connections watch a controller now.</summary>
    public int MonitorCount => _monitorOwners.Count;

    /// <summary>
    /// connmgr_set_snoops(): listens for snoopers on exactly <paramref name="targets"/>. A target that cannot be
    /// opened is logged and left out.
    /// </summary>
    public void SetSnoops(IReadOnlyCollection<string> targets)
    {
        foreach ((string target, PassiveVconn listener) in _snoops.ToList())
        {
            if (!targets.Contains(target))
            {
                _snoops.Remove(target);
                CloseListener(listener, target);
            }
        }

        foreach (string target in targets)
        {
            if (_snoops.ContainsKey(target) || _stop.IsCancellationRequested)
            {
                continue;
            }

            (PassiveVconn? listener, int error) = PassiveVconn.Listen(target, 0);
            if (listener is null)
            {
                s_log.Err($"failed to listen on {target}: {Ovs.Common.OvsErrno.StrError(error)}");
                continue;
            }

            _snoops.Add(target, listener);
            _ = Task.Run(() => AcceptAsync(listener, AddSnooper));
        }
    }

    /// <summary>add_snooper(): attaches an accepted snoop connection to the most interesting active controller.</summary>
    private void AddSnooper(Vconn.Vconn vconn)
    {
        ActiveController? best = null;
        foreach (ActiveController controller in _controllers.Values)
        {
            if (best is null || SnoopPreference(controller) > SnoopPreference(best))
            {
                best = controller;
            }
        }

        if (best is null)
        {
            s_log.Info(s_snoopLimit, "no controller connection to snoop");
            _ = vconn.DisposeAsync().AsTask();
            return;
        }

        if (best.Monitors.Count >= MaxMonitors)
        {
            s_rconnLog.Dbg($"too many monitor connections, discarding {vconn.Name}");
            _ = vconn.DisposeAsync().AsTask();
            return;
        }

        s_rconnLog.Info($"new monitor connection from {vconn.Name}");
        VconnSession session = VconnSession.Start(vconn, _events.Writer);
        best.Monitors.Add(session);
        _monitorOwners.Add(session, best);
    }

    /// <summary>snoop_preference(): the role of the controller's current connection, higher is better.</summary>
    private static int SnoopPreference(ActiveController controller) => controller.Connection is { } connection && controller.Rconn.IsConnected
        ? connection.Role switch
        {
            ControllerRole.Primary => 3,
            ControllerRole.Equal => 2,
            ControllerRole.Secondary => 1,
            _ => 0,
        }
        : 0;

    /// <summary>Handles an event of a monitor session: it only ever ends. False for other sessions.</summary>
    private bool DispatchMonitor(VconnEvent e)
    {
        if (!_monitorOwners.TryGetValue(e.Session, out ActiveController? owner))
        {
            return false;
        }

        if (e.Kind == VconnEventKind.Disconnected)
        {
            s_rconnLog.Dbg($"{owner.Rconn.Name}: closing monitor connection to {e.Session.Vconn.Name}: {Ovs.Common.OvsErrno.RetvalToString(e.Error)}");
            CloseMonitor(owner, e.Session);
        }

        return true;
    }

    /// <summary>Closes every monitor of a controller that goes away (rconn_destroy()).</summary>
    private void CloseMonitors(ActiveController controller)
    {
        foreach (VconnSession session in controller.Monitors.Sessions)
        {
            CloseMonitor(controller, session);
        }
    }

    private void CloseMonitor(ActiveController controller, VconnSession session)
    {
        controller.Monitors.Remove(session);
        _monitorOwners.Remove(session);
        _ = session.DisposeAsync().AsTask();
    }

    /// <summary>
    /// The monitors of one controller target: the sessions that get a copy of its traffic. Copy may run on any
    /// thread; the list changes on the main loop and is replaced whole, so a copy sees one version of it.
    /// </summary>
    internal sealed class SnoopTap
    {
        private VconnSession[] _sessions = [];

        public int Count => Volatile.Read(ref _sessions).Length;

        public IReadOnlyList<VconnSession> Sessions => Volatile.Read(ref _sessions);

        public void Add(VconnSession session) => Volatile.Write(ref _sessions, [.. _sessions, session]);

        public void Remove(VconnSession session) => Volatile.Write(ref _sessions, [.. _sessions.Where(s => s != session)]);

        /// <summary>copy_to_monitor(): queues <paramref name="message"/> on every monitor; a full queue drops it.</summary>
        public void Copy(byte[] message)
        {
            foreach (VconnSession session in Volatile.Read(ref _sessions))
            {
                session.TrySend(message);
            }
        }
    }
}
