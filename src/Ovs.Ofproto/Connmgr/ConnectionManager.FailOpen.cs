// Upstream: ofproto/fail-open.c, and update_fail_open(), connmgr_get_max_probe_interval(),
// connmgr_failure_duration(), connmgr_is_any_controller_connected()/_admitted() of ofproto/connmgr.c, with
// is_admitted_msg() of lib/rconn.c (OVS 3.1)
//
// Fail-open: a switch in standalone fail mode that has controllers, none of which has admitted it for three times the
// longest inactivity probe interval of its primary controllers, stops waiting for them. It flushes its flows and
// gets a hidden flow (priority 0xf0f0f0, actions=NORMAL, seen by bridge/dump-flows but not by OpenFlow), so it acts
// as a learning switch. While it is in fail-open and some controller is connected, it sends that controller a bogus
// packet-in (a RARP from a random Nicira address, in_port LOCAL) every 2 s, so that a controller that accepts the
// switch answers with a message beyond the handshake; the first such message ends fail-open and deletes the hidden
// flow. A controller counts as admitting the switch once it sends such a message, or after 30 s connected (Rconn).
// Secure mode never fails open. The switch does the flow work (IFailOpenSwitch); the timing lives here.
// Threading: main loop only.
using Ovs.Common.Logging;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

/// <summary>What fail-open asks of the switch.</summary>
internal interface IFailOpenSwitch
{
    /// <summary>ofproto_flush_flows(): deletes every flow, then calls FailOpenFlushed.</summary>
    void FlushFlows();

    /// <summary>Adds the hidden catch-all NORMAL flow.</summary>
    void AddFailOpenFlow();

    /// <summary>Deletes the hidden catch-all NORMAL flow.</summary>
    void DeleteFailOpenFlow();

    /// <summary>Sends the connected controllers the bogus packet-in of fail-open.</summary>
    void SendBogusPacketIn();
}

internal sealed partial class ConnectionManager
{
    /// <summary>The priority of the hidden fail-open flow (beyond OpenFlow's 16 bits).</summary>
    public const int FailOpenPriority = 0xf0f0f0;

    private static readonly VlogModule s_failOpenLog = VlogModule.Get("fail_open");

    private static readonly HashSet<OfpRaw> s_handshakeMessages =
    [
        OfpRaw.OfptHello, OfpRaw.OfptError, OfpRaw.OfptEchoRequest, OfpRaw.OfptEchoReply,
        OfpRaw.OfptFeaturesRequest, OfpRaw.Ofpt10FeaturesReply, OfpRaw.Ofpt11FeaturesReply, OfpRaw.Ofpt13FeaturesReply,
        OfpRaw.OfptGetConfigRequest, OfpRaw.OfptGetConfigReply, OfpRaw.OfptSetConfig,
        OfpRaw.Ofpt10QueueGetConfigRequest, OfpRaw.Ofpt11QueueGetConfigRequest,
        OfpRaw.Ofpt10QueueGetConfigReply, OfpRaw.Ofpt11QueueGetConfigReply,
        OfpRaw.Ofpt13GetAsyncRequest, OfpRaw.Ofpt14GetAsyncRequest, OfpRaw.Ofpt13GetAsyncReply, OfpRaw.Ofpt14GetAsyncReply,
        OfpRaw.NxstGroupRequest, OfpRaw.Ofpst11GroupRequest, OfpRaw.NxstGroupReply, OfpRaw.Ofpst11GroupReply, OfpRaw.Ofpst13GroupReply,
        OfpRaw.NxstGroupDescRequest, OfpRaw.Ofpst11GroupDescRequest, OfpRaw.Ofpst15GroupDescRequest,
        OfpRaw.NxstGroupDescReply, OfpRaw.Ofpst11GroupDescReply,
        OfpRaw.NxstGroupFeaturesRequest, OfpRaw.Ofpst12GroupFeaturesRequest, OfpRaw.NxstGroupFeaturesReply, OfpRaw.Ofpst12GroupFeaturesReply,
        OfpRaw.Ofpst13TableFeaturesRequest, OfpRaw.Ofpst13TableFeaturesReply, OfpRaw.Ofpst14TableDescRequest, OfpRaw.Ofpst14TableDescReply,
    ];

    private bool _standalone;
    private bool _failOpenEnabled;
    private int _lastDisconnSecs;
    private long _nextBogusPacketIn = long.MaxValue;

    /// <summary>The switch fail-open works on; without one there is no fail-open.</summary>
    public IFailOpenSwitch? FailOpenSwitch { get; set; }

    /// <summary>Whether the switch is in fail-open now.</summary>
    public bool IsFailOpen => _lastDisconnSecs != 0;

    /// <summary>connmgr_set_fail_mode()'s part here: fail-open exists only in standalone mode.</summary>
    public void SetFailMode(bool standalone)
    {
        _standalone = standalone;
        UpdateFailOpen();
    }

    /// <summary>
    /// connmgr_flushed()'s fail-open part: after the switch deleted every flow, puts the hidden flow back when the
    /// controllers have been gone long enough.
    /// </summary>
    public void FailOpenFlushed()
    {
        if (_failOpenEnabled && FailureDuration() >= TriggerDuration())
        {
            FailOpenSwitch?.AddFailOpenFlow();
        }
    }

    /// <summary>update_fail_open(): fail-open applies with controllers in standalone mode; leaving it recovers.</summary>
    private void UpdateFailOpen()
    {
        bool enabled = HasControllers && _standalone && FailOpenSwitch is not null;
        if (!enabled && _failOpenEnabled && IsFailOpen)
        {
            Recover();
        }

        _failOpenEnabled = enabled;
        ArmControllerTimer();
    }

    /// <summary>connmgr_get_max_probe_interval() times 3, or never without controllers.</summary>
    private int TriggerDuration()
    {
        if (!HasControllers)
        {
            return int.MaxValue;
        }

        int max = 0;
        foreach (ControllerSettings settings in _controllers.Values.Select(c => c.Settings).Concat(_services.Values.Select(s => s.Settings)))
        {
            if (settings.IsPrimary)
            {
                max = Math.Max(max, settings.ProbeInterval);
            }
        }

        return max * 3;
    }

    /// <summary>connmgr_failure_duration(): the shortest time any active primary controller has not admitted us.</summary>
    private int FailureDuration()
    {
        long now = NowMs;
        int min = int.MaxValue;
        foreach (ActiveController controller in _controllers.Values)
        {
            if (controller.Settings.IsPrimary)
            {
                min = Math.Min(min, controller.Rconn.FailureDuration(now));
            }
        }

        return min == int.MaxValue ? 0 : min;
    }

    /// <summary>connmgr_is_any_controller_connected(): a primary connection is up (active or accepted).</summary>
    private bool IsAnyControllerConnected() =>
        _controllers.Values.Any(static c => c.Settings.IsPrimary && c.Rconn.IsConnected)
        || _connections.Values.Any(c => !c.IsService && !_sessionOwners.ContainsKey(c.Session));

    private bool IsAnyControllerAdmitted() => _controllers.Values.Any(static c => c.Settings.IsPrimary && c.Rconn.IsAdmitted);

    /// <summary>is_admitted_msg(): a message a controller sends only once it accepted the switch.</summary>
    private static bool Admits(byte[] message) =>
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _) == OfpError.None && info is not null
        && !s_handshakeMessages.Contains(info.Raw);

    /// <summary>fail_open_run(): enters fail-open when it is time, and schedules the bogus packet-ins.</summary>
    private void RunFailOpen()
    {
        if (!_failOpenEnabled)
        {
            return;
        }

        int disconnected = FailureDuration();
        if (disconnected > 0 && disconnected >= TriggerDuration())
        {
            if (!IsFailOpen)
            {
                s_failOpenLog.Warn($"Could not connect to controller (or switch failed controller's post-connection admission control policy) for {disconnected} seconds, failing open");
                _lastDisconnSecs = disconnected;
                FailOpenSwitch?.FlushFlows();
            }
            else if (disconnected > _lastDisconnSecs + 60)
            {
                s_failOpenLog.Info($"Still in fail-open mode after {disconnected} seconds disconnected from controller");
                _lastDisconnSecs = disconnected;
            }
        }

        if (!IsFailOpen)
        {
            return;
        }

        if (IsAnyControllerConnected())
        {
            long now = NowMs;
            bool expired = now >= _nextBogusPacketIn;
            if (expired)
            {
                FailOpenSwitch?.SendBogusPacketIn();
            }

            if (expired || _nextBogusPacketIn == long.MaxValue)
            {
                _nextBogusPacketIn = now + 2000;
            }
        }
        else
        {
            _nextBogusPacketIn = long.MaxValue;
        }
    }

    /// <summary>fail_open_maybe_recover(): a controller admitted the switch, so fail-open ends.</summary>
    private void MaybeRecoverFailOpen()
    {
        if (_failOpenEnabled && IsFailOpen && IsAnyControllerAdmitted())
        {
            Recover();
        }
    }

    private void Recover()
    {
        s_failOpenLog.Warn("No longer in fail-open mode");
        _lastDisconnSecs = 0;
        _nextBogusPacketIn = long.MaxValue;
        FailOpenSwitch?.DeleteFailOpenFlow();
    }

    /// <summary>When fail-open next needs the main loop: entering it, or the next bogus packet-in.</summary>
    private long FailOpenDeadline()
    {
        if (!_failOpenEnabled)
        {
            return long.MaxValue;
        }

        if (IsFailOpen)
        {
            return _nextBogusPacketIn;
        }

        int trigger = TriggerDuration();
        long latest = long.MinValue;
        foreach (ActiveController controller in _controllers.Values)
        {
            if (!controller.Settings.IsPrimary)
            {
                continue;
            }

            if (controller.Rconn.IsAdmitted)
            {
                return long.MaxValue;
            }

            // Failure durations are whole seconds, so the trigger is reached a whole number of seconds after admission.
            latest = Math.Max(latest, controller.Rconn.LastAdmitted + (Math.Max(1, trigger) * 1000L));
        }

        return latest == long.MinValue ? long.MaxValue : latest;
    }
}
