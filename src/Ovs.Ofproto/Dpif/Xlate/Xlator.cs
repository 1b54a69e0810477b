// Upstream: xlate_actions(), xlate_wc_init(), xlate_wc_finish(), xlate_table_action(), xlate_recursively(),
// xlate_resubmit_resource_check() of ofproto/ofproto-dpif-xlate.c and rule_dpif_lookup_from_table() of
// ofproto/ofproto-dpif.c (OVS 3.1).
// Translation of one packet's flow through a bridge's OpenFlow tables into datapath actions. One Xlator is one
// translation: it owns the evolving flow, the "base" flow (what the datapath's copy of the packet looks like after
// the actions emitted so far), the megaflow wildcards, the action set and the trace tree. Partial classes: the
// action dispatch (Xlator.Actions.cs) and outputs, groups and the action set (Xlator.Output.cs).
using System.Globalization;
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    /// <summary>Most nested resubmits into a table at or before the current one (upstream MAX_DEPTH).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most table lookups of one translation (upstream MAX_RESUBMITS).</summary>
    public const int MaxResubmits = MaxDepth * MaxDepth;

    private const byte InternalTable = 254;
    private const byte FragAny = 1;

    /// <summary>Packet-in reasons that OpenFlow does not expose (upstream OFPR_EXPLICIT_MISS, OFPR_IMPLICIT_MISS).</summary>
    private const byte ReasonExplicitMiss = 6, ReasonImplicitMiss = 7;

    /// <summary>The rule a miss runs when a packet-in is called for (upstream's miss_rule).</summary>
    internal static readonly XlateRule MissRule = new(default, 0, 0, [new ControllerAct { Reason = ReasonImplicitMiss }]);

    /// <summary>The rule a miss runs otherwise: drop (upstream's no_packet_in_rule).</summary>
    internal static readonly XlateRule NoPacketInRule = new(default, 0, 0, []);

    private readonly IXlateBridge _bridge;
    private readonly bool _tracing;
    private readonly bool _sideEffects;
    private readonly OdpActionBuffer _odp = new();
    private readonly List<PacketInRequest> _packetIns = [];
    private readonly List<byte[]> _stack = [];
    private readonly Dictionary<string, uint> _recircIds = new(StringComparer.Ordinal);
    private readonly List<TraceNode> _traceRoot = [];
    private List<TraceNode> _trace;
    private FlowData _flow;
    private FlowData _base;
    private FlowWildcards _wc;
    private byte _tableId;
    private XlateRule? _rule;
    private ulong _ruleCookie;
    private int _depth;
    private int _resubmits;
    private bool _exit;
    private bool _inActionSet;
    private bool _wasMpls;
    private XlateError _error;
    private SlowPathReasons _slow;
    private List<OfpAct> _actionSet = [];
    private IReadOnlyList<OfpAct>? _ofpacts;
    private XlateCache? _xcache;

    private Xlator(IXlateBridge bridge, in FlowData flow, bool tracing, bool sideEffects)
    {
        _bridge = bridge;
        _tracing = tracing;
        _sideEffects = sideEffects;
        _flow = flow;
        _trace = _traceRoot;
    }

    /// <summary>
    /// Translates flow (a packet received on flow's in_port) through bridge's tables. With sideEffects, the result
    /// lists the packet-ins to send (a real packet); without, as for ofproto/trace, controller actions are still
    /// translated but marked "don't send".
    /// </summary>
    /// <remarks>
    /// <paramref name="learn"/> (default: as sideEffects) lets the translation change state from the packet: NORMAL's
    /// MAC learning, learn and fin_timeout actions (these also need sideEffects). Revalidation passes false for a
    /// flow that saw no packets since the last round.
    /// </remarks>
    public static XlateResult Translate(
        IXlateBridge bridge, in FlowData flow, bool trace = false, bool sideEffects = false, bool? learn = null, XlateCache? cache = null)
    {
        var x = new Xlator(bridge, in flow, trace, sideEffects) { _mayLearn = learn ?? sideEffects, _xcache = cache };
        return x.Run();
    }

    /// <summary>
    /// Translates <paramref name="actions"/> for a packet with flow, instead of looking flow up in the tables (a
    /// packet-out's actions, upstream's xin.ofpacts). The actions may still resubmit to tables.
    /// </summary>
    public static XlateResult TranslateActions(
        IXlateBridge bridge, in FlowData flow, IReadOnlyList<OfpAct> actions, bool trace = false, bool sideEffects = false,
        XlateCache? cache = null)
    {
        // No rule runs these actions: packet-ins they cause carry no cookie (all-ones).
        var x = new Xlator(bridge, in flow, trace, sideEffects) { _ofpacts = actions, _ruleCookie = ulong.MaxValue, _mayLearn = sideEffects, _xcache = cache };
        return x.Run();
    }

    private uint OrigSkbPriority { get; set; }

    private ushort InPort => _flow.U16(FlowLayout.InPort);

    private XlateResult Run()
    {
        // xlate_in_init(): the action set starts with no output.
        _flow.SetU16(FlowLayout.ActsetOutput, OfpPorts.Unset);
        FlowData initial = _flow;
        OrigSkbPriority = _flow.U32(FlowLayout.SkbPriority);
        _base = _flow;
        _base.Bytes[..FlowLayout.Metadata].Clear();
        InitWildcards();
        TunnelInput();

        TraceNode bridgeNode = Report(TraceNodeType.Bridge, $"bridge(\"{_bridge.Name}\")");
        _trace = bridgeNode.Children;

        if (_thaw is not null)
        {
            Thaw(_thaw);
        }

        if (_flow.U32(FlowLayout.RecircId) != 0 && (_ofpacts is not null || !Thaw()))
        {
            if (_error == XlateError.None)
            {
                ReportError("Recirculation conflict (actions)!");
                _error = XlateError.RecirculationConflict;
            }
        }
        else if (_ofpacts is not null)
        {
            if (!ReceivedOnMirrorOutput() && ProcessTunnelEcn())
            {
                MirrorIngress();
                DoActions(_ofpacts, isLast: true);
            }

            if (_error == XlateError.None)
            {
                ExecuteActionSetOrFinishFreezing();
                FinishWildcards(in initial);
            }
        }
        else
        {
            XlatePort? inPort = _bridge.Ports.ByOfPort(InPort);
            _rule = LookupFromTable(ref _tableId, InPort, mayPacketIn: true, honorTableMiss: true);
            ReportTable(_rule, _tableId);
            if (!ReceivedOnMirrorOutput() && ProcessTunnelEcn() && (inPort is null || (inPort.Config & XlatePortConfig.NoRecv) == 0))
            {
                _ruleCookie = _rule.Cookie;
                MirrorIngress();
                DoActions(_rule.Actions, isLast: true);
                if (_error == XlateError.None)
                {
                    ExecuteActionSetOrFinishFreezing();
                }
            }

            if (_error == XlateError.None)
            {
                FinishWildcards(in initial);
            }
        }

        MarkUninstallableActions();
        if (_error != XlateError.None)
        {
            _slow = SlowPathReasons.None;
            _odp.Truncate(0);
        }

        if (_odp.Length == 0 && _bridge.Support.ExplicitDrop)
        {
            _odp.PutU32(OdpActionAttr.Drop, (uint)_error);
        }

        return new XlateResult
        {
            OdpActions = _odp.ToArray(),
            Megaflow = _wc,
            InitialFlow = initial,
            FinalFlow = _flow,
            Slow = _slow,
            AvoidCaching = _avoidCaching,
            Error = _error,
            PacketIns = _packetIns,
            Trace = _traceRoot,
            MacInvalidations = _macInvalidations,
        };
    }

    /// <summary>
    /// Actions too big for a Netlink attribute, or with more (load-balanced) outputs than the kernel's backlog
    /// (netdev_max_backlog, 1000 unless the system says otherwise), cannot be installed: the flow stays in the slow
    /// path.
    /// </summary>
    private void MarkUninstallableActions()
    {
        const int NlAttrHeader = 4;
        int backlog = MaxBacklog.Value;
        if (_odp.Length > ushort.MaxValue - NlAttrHeader
            || (_odp.Length / 4 > backlog
                && _odp.CountTopLevel(OdpActionAttr.Output) + _odp.CountTopLevel(OdpActionAttr.LbOutput) > backlog))
        {
            _slow |= SlowPathReasons.Action;
        }
    }

    /// <summary>xlate_wc_init(): the fields every datapath flow matches.</summary>
    private void InitWildcards()
    {
        _wc = default;
        FlowEdit.Unwildcard(ref _wc, FlowLayout.PacketType, 4);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.InPort, 2);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.DlType, 2);
        if (FlowEdit.IsIpAny(in _flow))
        {
            _wc.Masks.SetU8(FlowLayout.NwFrag, 3);
        }

        if (_bridge.Support.Recirc)
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.RecircId, 4);
        }

        TunnelWildcards();
    }

    /// <summary>xlate_wc_finish(): drop what the datapath cannot or need not match.</summary>
    private void FinishWildcards(in FlowData initial)
    {
        Span<byte> m = _wc.Masks.Bytes;
        m.Slice(FlowLayout.Metadata, 8 + (16 * 4)).Clear();
        m.Slice(FlowLayout.ActsetOutput, 2).Clear();
        m.Slice(FlowLayout.ConjId, 4).Clear();
        if (initial.U32(FlowLayout.PacketType) != 0)
        {
            m.Slice(FlowLayout.DlDst, 12).Clear();
        }

        byte proto = initial.U8(FlowLayout.NwProto);
        ushort dlType = initial.U16(FlowLayout.DlType);
        if ((dlType == Ovs.Flow.Packets.EthType.Ip && proto == Ovs.Flow.Packets.IpProto.Icmp)
            || (dlType == Ovs.Flow.Packets.EthType.Ipv6 && proto == Ovs.Flow.Packets.IpProto.Icmpv6))
        {
            _wc.Masks.SetU16(FlowLayout.TpSrc, (ushort)(_wc.Masks.U16(FlowLayout.TpSrc) & 0xff));
            _wc.Masks.SetU16(FlowLayout.TpDst, (ushort)(_wc.Masks.U16(FlowLayout.TpDst) & 0xff));
        }

        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            if (VlanHeaders.Tci(in _wc.Masks, i) != 0)
            {
                VlanHeaders.SetTci(ref _wc.Masks, i, (ushort)(VlanHeaders.Tci(in _wc.Masks, i) | VlanHeaders.Cfi));
            }
        }

        if (FlowEdit.IsLaterFragment(in _flow))
        {
            m.Slice(FlowLayout.TpSrc, 4).Clear();
        }

        if (!Ovs.Flow.Packets.EthType.IsMpls(dlType))
        {
            m.Slice(FlowLayout.MplsLse, 4).Clear();
            m.Slice(FlowLayout.MplsLse1, 8).Clear();
        }

        for (int i = 0; i < VlanHeaders.Max; i++)
        {
            ushort tpid = VlanHeaders.Tpid(in initial, i);
            if (tpid is not (Ovs.Flow.Packets.EthType.Vlan8021Q or Ovs.Flow.Packets.EthType.Vlan8021AD))
            {
                VlanHeaders.SetQtag(ref _wc.Masks, i, 0);
            }
        }

        if (initial.IsZero(FlowLayout.TunSrc, 8) && initial.IsZero(FlowLayout.TunIpv6Src, 32))
        {
            m[..FlowLayout.Metadata].Clear();
            m.Slice(FlowLayout.TunMetadataPresent, 8 + FlowLayout.TunMetadataOptsSize).Clear();
        }
    }

    /// <summary>rule_dpif_lookup_from_table(): the rule for the flow in tableId (or a later table on a miss that continues).</summary>
    private XlateRule LookupFromTable(ref byte tableId, ushort inPort, bool mayPacketIn, bool honorTableMiss)
    {
        ushort oldTpSrc = _flow.U16(FlowLayout.TpSrc), oldTpDst = _flow.U16(FlowLayout.TpDst);
        ushort oldInPort = InPort;
        if ((_flow.U8(FlowLayout.NwFrag) & FragAny) != 0)
        {
            // Fragment handling "normal": lookups see fragments without transport ports.
            _flow.SetU16(FlowLayout.TpSrc, 0);
            _flow.SetU16(FlowLayout.TpDst, 0);
        }

        _flow.SetU16(FlowLayout.InPort, inPort);
        TableMissConfig miss = TableMissConfig.Continue;
        XlateRule? rule = null;
        IXlateTables tables = _bridge.Tables;
        for (int next = tableId; next < tables.TableCount; next += next + 1 == InternalTable ? 2 : 1)
        {
            tableId = (byte)next;
            rule = tables.Lookup((byte)next, in _flow, ref _wc);
            CacheLookup(tables, (byte)next, rule);
            if (rule is not null)
            {
                break;
            }

            if (honorTableMiss)
            {
                miss = tables.MissConfig((byte)next);
                if (miss == TableMissConfig.Continue)
                {
                    continue;
                }
            }

            break;
        }

        if (rule is null)
        {
            rule = NoPacketInRule;
            if (mayPacketIn)
            {
                if (miss is TableMissConfig.Continue or TableMissConfig.Controller)
                {
                    XlatePort? port = _bridge.Ports.ByOfPort(oldInPort);
                    if (port is not null && (port.Config & XlatePortConfig.NoPacketIn) == 0)
                    {
                        rule = MissRule;
                    }
                }
                else if (miss == TableMissConfig.Default && tables.WantsPacketInOnMiss)
                {
                    rule = MissRule;
                }
            }
        }

        _flow.SetU16(FlowLayout.TpSrc, oldTpSrc);
        _flow.SetU16(FlowLayout.TpDst, oldTpDst);
        _flow.SetU16(FlowLayout.InPort, oldInPort);
        return rule;
    }

    /// <summary>xlate_resubmit_resource_check().</summary>
    private bool CheckResubmitResources()
    {
        if (_depth >= MaxDepth)
        {
            ReportError($"over max translation depth {MaxDepth}");
            _error = XlateError.RecursionTooDeep;
        }
        else if (_resubmits >= MaxResubmits)
        {
            ReportError($"over {MaxResubmits} resubmit actions");
            _error = XlateError.TooManyResubmits;
        }
        else if (_odp.Length > ushort.MaxValue)
        {
            ReportError("resubmits yielded over 64 kB of actions");
            _exit = true;
        }
        else if (StackSize >= 65536)
        {
            ReportError("resubmits yielded over 64 kB of stack");
            _error = XlateError.StackTooDeep;
        }
        else
        {
            return true;
        }

        return false;
    }

    private int StackSize
    {
        get
        {
            int n = 0;
            foreach (byte[] e in _stack)
            {
                n += e.Length + 1;
            }

            return n;
        }
    }

    /// <summary>xlate_table_action(): resubmit and goto_table.</summary>
    private void TableAction(ushort inPort, byte tableId, bool mayPacketIn, bool honorTableMiss, bool isLast)
    {
        if (_wasMpls)
        {
            TriggerFreeze();
            return;
        }

        if (!CheckResubmitResources())
        {
            return;
        }

        byte oldTable = _tableId;
        _tableId = tableId;
        XlateRule rule = LookupFromTable(ref _tableId, inPort, mayPacketIn, honorTableMiss);
        List<TraceNode> oldTrace = _trace;
        ReportTable(rule, tableId);
        bool deepens = tableId <= oldTable;
        XlateRule? oldRule = _rule;
        ulong oldCookie = _ruleCookie;
        _resubmits++;
        _depth += deepens ? 1 : 0;
        _rule = rule;
        _ruleCookie = rule.Cookie;
        DoActions(rule.Actions, isLast);
        _ruleCookie = oldCookie;
        _rule = oldRule;
        _depth -= deepens ? 1 : 0;
        _trace = oldTrace;
        _tableId = oldTable;
    }

    private bool RuleIsInternal => ReferenceEquals(_rule, MissRule) || ReferenceEquals(_rule, NoPacketInRule);

    private void Commit()
    {
        CommitPacketType();
        _slow |= OdpCommit.Commit(in _flow, ref _base, _odp, ref _wc, _bridge.Support.MaskedSet);
    }

    private TraceNode Report(TraceNodeType type, string text)
    {
        var node = new TraceNode(type, text);
        if (_tracing)
        {
            _trace.Add(node);
        }

        return node;
    }

    private void ReportError(string text) => Report(TraceNodeType.Error, text);

    /// <summary>xlate_report_table(): the table line of the trace; later nodes go under it.</summary>
    private void ReportTable(XlateRule rule, byte tableId)
    {
        if (!_tracing)
        {
            return;
        }

        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{tableId,2}. ");
        if (ReferenceEquals(rule, MissRule))
        {
            s.Append("No match, and a \"packet-in\" is called for.");
        }
        else if (ReferenceEquals(rule, NoPacketInRule))
        {
            s.Append("No match.");
        }
        else
        {
            Match match = rule.Match;
            MatchFormatter.Append(s, in match);
            if (s[^1] != ' ')
            {
                s.Append(", ");
            }

            s.Append(CultureInfo.InvariantCulture, $"priority {rule.Priority}");
            if (rule.Cookie != 0)
            {
                s.Append(CultureInfo.InvariantCulture, $", cookie 0x{rule.Cookie:x}");
            }
        }

        TraceNode node = Report(TraceNodeType.Table, s.ToString());
        _trace = node.Children;
    }
}
