// Upstream: xlate_output_action(), compose_output_action__(), check_output_prerequisites(), flood_packets(),
// xlate_enqueue_action(), xlate_group_action(), xlate_group_bucket(), group_first_live_bucket(),
// xlate_write_actions(), xlate_action_set(), clone_xlate_actions() of ofproto/ofproto-dpif-xlate.c and
// ofpacts_execute_action_set() of lib/ofp-actions.c (OVS 3.1).
// Where packets go: outputs to ports (committing pending header changes first), floods, groups, and the action
// set that runs when the pipeline ends.
using System.Globalization;
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const ushort OfppAny = 0xffff;
    private const uint GroupAny = 0xffffffff;
    private const int MaxLivenessRecursion = 32;

    private void OutputAction(ushort port, ushort maxLen, bool mayPacketIn, bool last, bool groupBucket)
    {
        switch (port)
        {
            case OfpPorts.InPort:
                ComposeOutput(InPort);
                break;
            case OfpPorts.Table:
                TableAction(InPort, 0, mayPacketIn, honorTableMiss: true, isLast: false);
                break;
            case OfpPorts.Normal:
                NormalAction();
                break;
            case OfpPorts.Flood:
                Flood(all: false);
                break;
            case OfpPorts.All:
                Flood(all: true);
                break;
            case OfpPorts.Controller:
                byte reason = InPacketOut ? PacketInReasons.PacketOut
                    : groupBucket ? PacketInReasons.Group : _inActionSet ? PacketInReasons.ActionSet : PacketInReasons.Action;
                ControllerAction(maxLen, reason, 0, []);
                break;
            case OfpPorts.None:
                break;
            default:
                if (port != InPort)
                {
                    ComposeOutput(port);
                }
                else
                {
                    Report(TraceNodeType.Warn, "skipping output to input port");
                }

                break;
        }

        _ = last;
    }

    /// <summary>compose_output_action(): commit the flow's changes, then output to the port's datapath number.</summary>
    private void ComposeOutput(ushort ofPort)
    {
        XlatePort? port = _bridge.Ports.ByOfPort(ofPort);
        if (port is null)
        {
            Report(TraceNodeType.Warn, "Nonexistent output port");
            return;
        }

        if ((port.Config & XlatePortConfig.NoFwd) != 0)
        {
            Report(TraceNodeType.Detail, "OFPPC_NO_FWD set, skipping output");
            return;
        }

        if (port.Tunnel is not null)
        {
            TunnelOutput(port, port.Tunnel);
            MirrorEgress(ofPort);
            return;
        }

        if (_flow.U32(FlowLayout.PacketType) != 0)
        {
            Report(TraceNodeType.Warn, "Trying to send non-Ethernet packet through legacy L2 port. Dropping packet.");
            return;
        }

        Commit();
        SnoopNeighbors(port);
        PutMirrorTruncate();
        _odp.PutU32(OdpActionAttr.Output, port.DpPort);
        MirrorEgress(ofPort);
    }

    /// <summary>flood_packets(): every port but the input one (and, for FLOOD, not those with no-flood set).</summary>
    private void Flood(bool all)
    {
        foreach (XlatePort port in _bridge.Ports.FloodOrder)
        {
            if (port.OfPort == InPort)
            {
                continue;
            }

            if (all || (port.Config & XlatePortConfig.NoFlood) == 0)
            {
                ComposeOutput(port.OfPort);
            }
        }
    }

    /// <summary>xlate_enqueue_action(): output with the queue's priority, restoring the priority afterwards.</summary>
    private void EnqueueAction(EnqueueAct e)
    {
        ushort port = e.Port;
        if (port == OfpPorts.InPort)
        {
            port = InPort;
        }
        else if (port == InPort)
        {
            return;
        }

        uint saved = _flow.U32(FlowLayout.SkbPriority);
        _flow.SetU32(FlowLayout.SkbPriority, QueueToPriority(e.Queue));
        ComposeOutput(port);
        _flow.SetU32(FlowLayout.SkbPriority, saved);
    }

    /// <summary>
    /// xlate_controller_action(): a userspace action whose cookie tells the upcall handler to send a packet-in,
    /// with a recirculation id for the state to resume from. The packet-in itself is a side effect for the caller.
    /// </summary>
    private void ControllerAction(ushort maxLen, byte reason, ushort controllerId, byte[] userdata)
    {
        Commit();
        if (reason == PacketInReasons.Action && _rule is { Priority: 0 } rule && rule.Match.IsCatchAll && !RuleIsInternal)
        {
            reason = ReasonExplicitMiss;
        }

        uint recircId = FrozenStateRecircId(userdata);
        if (recircId == 0)
        {
            ReportError("Failed to allocate recirculation id");
            _error = XlateError.NoRecirculationContext;
            return;
        }

        PutControllerUserAction(reason, recircId, maxLen, controllerId, continuation: false);
        if (_sideEffects)
        {
            _packetIns.Add(new PacketInRequest(reason, _tableId, _ruleCookie, maxLen, controllerId, userdata));
        }
    }

    /// <summary>put_controller_user_action(): the userspace action whose upcall sends the packet-in.</summary>
    private void PutControllerUserAction(byte reason, uint recircId, ushort maxLen, ushort controllerId, bool continuation)
    {
        Span<byte> cookie = stackalloc byte[UserActionCookie.Size];
        UserActionCookie.Init(cookie, UserActionCookie.Controller);
        _bridge.Uuid.TryWriteBytes(cookie.Slice(4, 16));
        cookie[20] = _sideEffects ? (byte)0 : (byte)1;
        cookie[21] = continuation ? (byte)1 : (byte)0;
        UserActionCookie.WriteU16(cookie, 22, reason);
        UserActionCookie.WriteU32(cookie, 24, recircId);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(cookie[28..], _ruleCookie);
        UserActionCookie.WriteU16(cookie, 36, controllerId);
        UserActionCookie.WriteU16(cookie, 38, maxLen);
        int nested = _odp.BeginNested(OdpActionAttr.Userspace);
        _odp.PutU32(OdpUserspaceAttr.Pid, 0);
        _odp.PutBytes(OdpUserspaceAttr.Userdata, cookie);
        _odp.EndNested(nested);
    }

    /// <summary>
    /// recirc_alloc_id_ctx(): identical frozen states (same table, packet metadata, stack and userdata) share an
    /// id while this translation holds it; a new state takes a new id from the bridge.
    /// </summary>
    private uint FrozenStateRecircId(byte[] userdata)
    {
        var key = new StringBuilder();
        key.Append(_tableId).Append('/');
        key.Append(Convert.ToHexString(_flow.ReadOnlyBytes[..FlowLayout.PacketType])).Append('/');
        foreach (byte[] e in _stack)
        {
            key.Append(Convert.ToHexString(e)).Append(',');
        }

        key.Append('/').Append(Convert.ToHexString(userdata));
        string k = key.ToString();
        if (!_recircIds.TryGetValue(k, out uint id))
        {
            id = _bridge.AllocateRecircId(new FrozenState(_flow, _tableId, userdata));
            if (id != 0)
            {
                _recircIds[k] = id;
            }
        }

        return id;
    }

    /// <summary>xlate_group_action(): false when the group does not exist (the action list stops).</summary>
    private bool GroupAction(uint groupId, bool last)
    {
        if (!CheckResubmitResources())
        {
            return true;
        }

        XlateGroup? group = _bridge.Groups.Find(groupId);
        if (group is null)
        {
            Report(TraceNodeType.Warn, string.Create(CultureInfo.InvariantCulture, $"output to nonexistent group {groupId}"));
            return false;
        }

        switch (group.Type)
        {
            case XlateGroupType.All or XlateGroupType.Indirect:
                for (int i = 0; i < group.Buckets.Count; i++)
                {
                    GroupBucket(group.Buckets[i], last && i == group.Buckets.Count - 1);
                }

                CacheGroup(group, null);

                break;
            case XlateGroupType.FastFailover or XlateGroupType.Select:
                XlateBucket? bucket = group.Type == XlateGroupType.Select ? PickSelectBucket(group) : FirstLiveBucket(group, 0, report: true);
                if (bucket is null)
                {
                    Report(TraceNodeType.Detail, "no live bucket");
                }
                else
                {
                    Report(TraceNodeType.Detail, string.Create(CultureInfo.InvariantCulture, $"using bucket {bucket.BucketId}"));
                    GroupBucket(bucket, last);
                    CacheGroup(group, bucket);
                }

                break;
        }

        return true;
    }

    private void GroupBucket(XlateBucket bucket, bool last)
    {
        List<TraceNode> oldTrace = _trace;
        if (_tracing)
        {
            _trace = Report(TraceNodeType.Bucket, string.Create(CultureInfo.InvariantCulture, $"bucket {bucket.BucketId}")).Children;
        }

        FlowData oldFlow = _flow;
        bool oldWasMpls = _wasMpls;
        _depth++;
        DoActions(ActionSetOrder(bucket.Actions), last, groupBucket: true);
        _depth--;
        if (_freezing)
        {
            FinishFreezing();
        }

        _flow = oldFlow;
        _wasMpls = oldWasMpls;
        _exit = false;
        if (_error is XlateError.TooManyMplsLabels or XlateError.UnsupportedPacketType)
        {
            _error = XlateError.None;
        }

        _trace = oldTrace;
    }

    private XlateBucket? FirstLiveBucket(XlateGroup group, int depth, bool report)
    {
        foreach (XlateBucket b in group.Buckets)
        {
            if (BucketIsAlive(group, b, depth))
            {
                return b;
            }

            if (report && _tracing)
            {
                ReportBucketNotLive(b);
            }
        }

        return null;
    }

    private bool BucketIsAlive(XlateGroup group, XlateBucket b, int depth)
    {
        if (depth >= MaxLivenessRecursion)
        {
            ReportError(string.Create(CultureInfo.InvariantCulture, $"bucket chaining exceeded {MaxLivenessRecursion} links"));
            return false;
        }

        if (group.Type == XlateGroupType.Select && b.Weight == 0)
        {
            return false;
        }

        bool hasLiveness = b.WatchPort != OfppAny || b.WatchGroup != GroupAny;
        if (!hasLiveness)
        {
            return true;
        }

        if (b.WatchPort != OfppAny && b.WatchPort != OfpPorts.Controller && _bridge.Ports.ByOfPort(b.WatchPort) is { LinkUp: true })
        {
            return true;
        }

        if (b.WatchGroup != GroupAny && _bridge.Groups.Find(b.WatchGroup) is XlateGroup watched)
        {
            return FirstLiveBucket(watched, depth + 1, report: false) is not null;
        }

        return false;
    }

    private void ReportBucketNotLive(XlateBucket b)
    {
        var s = new StringBuilder();
        if (b.WatchPort != OfppAny)
        {
            s.Append("port ").Append(Ovs.Flow.Text.OfpPortText.Format(b.WatchPort));
        }

        if (b.WatchGroup != GroupAny)
        {
            if (s.Length > 0)
            {
                s.Append(" and ");
            }

            s.Append(CultureInfo.InvariantCulture, $"group {b.WatchGroup}");
        }

        Report(TraceNodeType.Detail, $"bucket {b.BucketId}: not live due to {s}");
    }

    /// <summary>xlate_write_actions(): the write_actions instruction adds to the action set.</summary>
    private void WriteActions(IReadOnlyList<OfpAct> actions)
    {
        bool hasGroup = _actionSet.Exists(a => a.Kind == OfpActKind.Group);
        if (!hasGroup)
        {
            foreach (OfpAct a in actions)
            {
                if (a is OutputAct o)
                {
                    _flow.SetU16(FlowLayout.ActsetOutput, o.Port);
                }
                else if (a.Kind == OfpActKind.Group)
                {
                    _flow.SetU16(FlowLayout.ActsetOutput, OfpPorts.Unset);
                    break;
                }
            }
        }

        _actionSet.AddRange(actions);
    }

    private void ReportActionSet(string verb)
    {
        if (!_tracing)
        {
            return;
        }

        List<OfpAct> ordered = ActionSetOrder(_actionSet);
        Report(TraceNodeType.Detail, ordered.Count > 0
            ? $"action set {verb}: {OfpActions.Format(ordered)}"
            : $"action set {verb} empty");
    }

    /// <summary>xlate_action_set(): run the action set in the order the OpenFlow specification gives.</summary>
    private void ExecuteActionSet()
    {
        List<OfpAct> list = ActionSetOrder(_actionSet);
        _actionSet = [];
        if (list.Count == 0)
        {
            return;
        }

        _inActionSet = true;
        List<TraceNode> oldTrace = _trace;
        if (_tracing)
        {
            _trace = Report(TraceNodeType.Table, "--. Executing action set:").Children;
        }

        DoActions(list, isLast: true);
        _trace = oldTrace;
        _inActionSet = false;
    }

    /// <summary>ofpacts_execute_action_set(): one of each kind in the specification's order; nothing without an output.</summary>
    private static List<OfpAct> ActionSetOrder(IReadOnlyList<OfpAct> set)
    {
        var list = new List<OfpAct>();
        foreach (OfpActKind kind in s_setOrderBeforeFields)
        {
            CopyLast(set, list, kind);
        }

        foreach (OfpAct a in set)
        {
            if (IsSetOrMove(a.Kind))
            {
                list.Add(a);
            }
        }

        CopyLast(set, list, OfpActKind.SetQueue);
        if (!CopyLast(set, list, OfpActKind.Group) && !CopyLast(set, list, OfpActKind.Output)
            && !CopyLast(set, list, OfpActKind.Resubmit) && !CopyLast(set, list, OfpActKind.Ct))
        {
            list.Clear();
        }

        return list;
    }

    private static readonly OfpActKind[] s_setOrderBeforeFields =
    [
        OfpActKind.StripVlan, OfpActKind.PopMpls, OfpActKind.Decap, OfpActKind.Encap, OfpActKind.PushMpls,
        OfpActKind.PushVlan, OfpActKind.DecTtl, OfpActKind.DecMplsTtl, OfpActKind.DecNshTtl,
    ];

    private static bool CopyLast(IReadOnlyList<OfpAct> set, List<OfpAct> list, OfpActKind kind)
    {
        for (int i = set.Count - 1; i >= 0; i--)
        {
            if (set[i].Kind == kind)
            {
                list.Add(set[i]);
                return true;
            }
        }

        return false;
    }

    private static bool IsSetOrMove(OfpActKind kind) => kind is OfpActKind.SetField or OfpActKind.RegMove
        or OfpActKind.SetEthDst or OfpActKind.SetEthSrc or OfpActKind.SetIpDscp or OfpActKind.SetIpEcn
        or OfpActKind.SetIpTtl or OfpActKind.SetIpv4Dst or OfpActKind.SetIpv4Src or OfpActKind.SetL4DstPort
        or OfpActKind.SetL4SrcPort or OfpActKind.SetMplsLabel or OfpActKind.SetMplsTc or OfpActKind.SetMplsTtl
        or OfpActKind.SetTunnel or OfpActKind.SetVlanPcp or OfpActKind.SetVlanVid;

    /// <summary>
    /// xlate_check_pkt_larger(): the datapath's check_pkt_len action, holding the rest of the action list translated
    /// once with the result bit set (packet larger) and once with it clear; without datapath support the bit stays
    /// clear and the flow needs the slow path.
    /// </summary>
    private void CheckPktLarger(CheckPktLargerAct a, List<OfpAct> rest)
    {
        byte[] one = new byte[a.Dst.Field.Size];
        one[^1] = 1;
        byte[] zero = new byte[a.Dst.Field.Size];
        if (!_bridge.Support.CheckPktLen)
        {
            FlowEdit.WriteSubfield(ref _flow, a.Dst, zero);
            _slow |= SlowPathReasons.Action;
            return;
        }

        Commit();
        PipelineState saved = SaveState();
        int outer = _odp.BeginNested(OdpActionAttr.CheckPktLen);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(_odp.Put(OdpCheckPktLenAttr.PktLen, 2), a.PacketLength);
        bool oldExit = false;
        foreach ((ushort branch, byte[] bit) in (ReadOnlySpan<(ushort, byte[])>)[(OdpCheckPktLenAttr.ActionsIfGreater, one), (OdpCheckPktLenAttr.ActionsIfLessEqual, zero)])
        {
            int nested = _odp.BeginNested(branch);
            FlowEdit.WriteSubfield(ref _flow, a.Dst, bit);
            DoActions(rest, isLast: true);
            ExecuteActionSetOrFinishFreezing();
            _odp.EndNested(nested);
            // Between the branches upstream gives back the flow but not the action set (which the first branch's
            // execution emptied) nor the stack; both come back only at the end.
            RestoreState(saved, restoreBase: true, restoreSets: branch != OdpCheckPktLenAttr.ActionsIfGreater);
            if (branch == OdpCheckPktLenAttr.ActionsIfGreater)
            {
                oldExit = _exit;
                _exit = false;
            }
        }

        _odp.EndNested(outer);
        _exit = oldExit;
    }

    /// <summary>What a nested translation (clone, check_pkt_len branch) may change and must give back.</summary>
    private readonly record struct PipelineState(FlowData Flow, FlowData Base, List<OfpAct> ActionSet, List<byte[]> Stack, bool WasMpls);

    private PipelineState SaveState() => new(_flow, _base, [.. _actionSet], [.. _stack], _wasMpls);

    private void RestoreState(PipelineState s, bool restoreBase, bool restoreSets = true)
    {
        _flow = s.Flow;
        if (restoreBase)
        {
            _base = s.Base;
            _wasMpls = s.WasMpls;
        }

        if (!restoreSets)
        {
            return;
        }

        _actionSet = [.. s.ActionSet];
        _stack.Clear();
        _stack.AddRange(s.Stack);
    }

    /// <summary>clone_xlate_actions(): the nested actions see a copy of the packet; afterwards the flow is restored.</summary>
    private void CloneAction(IReadOnlyList<OfpAct> actions, bool last)
    {
        PipelineState saved = SaveState();
        DoActions(actions, last);
        ExecuteActionSetOrFinishFreezing();
        RestoreState(saved, restoreBase: false);
    }
}
