// Upstream: ctx_trigger_freeze(), ctx_trigger_recirculate_with_hash(), ctx_cancel_freeze(), freeze_put_unroll_xlate(),
// freeze_unroll_actions(), finish_freezing__(), finish_freezing(), xlate_ofpact_unroll_xlate() and the thaw part of
// xlate_actions() of ofproto/ofproto-dpif-xlate.c, frozen_metadata_from_flow()/frozen_metadata_to_flow() of
// ofproto/ofproto-dpif-rid.h (OVS 3.1).
//
// Freezing: an action that needs the datapath to look at the packet again (debug_recirc; a dp_hash select group
// before the hash exists; a popped last MPLS label before an L3 action) stops translation. Every level of the
// translation, from the innermost out, appends the actions it had still to run to the frozen actions (with
// unroll_xlate markers that give back the table and cookie of their rule); the frozen state (these actions, the
// action set, the stack, the table and the pipeline metadata) gets a recirculation id, and translation emits
// recirc(id), preceded by hash(...) when a dp_hash select group asked for one. A packet that comes back with that
// recirculation id thaws the state: its metadata is restored and the frozen actions run (or, with none, a lookup
// in the frozen table). Identical frozen states share one id, so every packet of a megaflow recirculates the same.
using System.Globalization;
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private readonly List<OfpAct> _frozenActions = [];
    private UnrollXlateAct? _frozenHeader;
    private bool _freezing;
    private bool _recircUpdateDpHash;
    private uint _dpHashAlgorithm;
    private uint _dpHashBasis;

    /// <summary>ctx_trigger_freeze(): stop here and resume after a recirculation.</summary>
    private void TriggerFreeze()
    {
        _exit = true;
        _freezing = true;
    }

    /// <summary>ctx_trigger_recirculate_with_hash(): freeze, and have the datapath compute a dp_hash first.</summary>
    private void TriggerRecirculateWithHash(uint algorithm, uint basis)
    {
        TriggerFreeze();
        _recircUpdateDpHash = true;
        _dpHashAlgorithm = algorithm;
        _dpHashBasis = basis;
    }

    /// <summary>ctx_cancel_freeze().</summary>
    private void CancelFreeze()
    {
        if (_freezing)
        {
            _freezing = false;
            _recircUpdateDpHash = false;
            _frozenActions.Clear();
            _frozenHeader = null;
        }
    }

    /// <summary>Whether no level has yet added actions to resume with (ctx_first_frozen_action()).</summary>
    private bool FirstFrozenAction => _frozenActions.Count == 0;

    /// <summary>The action set runs only when translation did not freeze; a freeze ends in a recirculation.</summary>
    private void ExecuteActionSetOrFinishFreezing()
    {
        if (!_freezing)
        {
            ExecuteActionSet();
        }

        if (_freezing)
        {
            FinishFreezing();
        }
    }

    /// <summary>freeze_unroll_actions(): actions[from..] run after the thaw, in the table and cookie they had.</summary>
    private void FreezeUnroll(IReadOnlyList<OfpAct> actions, int from)
    {
        for (int i = from; i < actions.Count; i++)
        {
            OfpAct a = actions[i];
            switch (a)
            {
                case OutputAct or OutputRegAct or OutputTruncAct or GroupAct or ControllerAct or DecTtlAct
                    or SimpleAct { Kind: OfpActKind.DecMplsTtl or OfpActKind.DecNshTtl }:
                    // These may send asynchronous messages, which carry the table and cookie.
                    PutUnrollXlate();
                    break;
                case ResubmitAct { Table: ResubmitAct.AllTables }:
                    PutUnrollXlate();
                    break;
                case GotoTableAct gt:
                    _frozenActions.Add(new ResubmitAct(OfpPorts.InPort, gt.Table, false, true));
                    continue;
                case NoteAct or ConjunctionAct:
                    continue;
            }

            _frozenActions.Add(a);
        }
    }

    /// <summary>freeze_put_unroll_xlate(): a marker of the current table and cookie, unless the last one says the same.</summary>
    private void PutUnrollXlate()
    {
        if (_frozenHeader is null || _frozenHeader.Table != _tableId || _frozenHeader.Cookie != _ruleCookie)
        {
            _frozenHeader = new UnrollXlateAct(_tableId, _ruleCookie);
            _frozenActions.Add(_frozenHeader);
        }
    }

    /// <summary>finish_freezing(): commit the flow, then hash(...) if asked and recirc(id) for the frozen state.</summary>
    private void FinishFreezing()
    {
        Commit();
        var state = new FrozenState(_flow, 0, [])
        {
            Bridge = _bridge.Uuid,
            Actions = [.. _frozenActions],
            ActionSet = [.. _actionSet],
            Stack = [.. _stack],
            WasMpls = _wasMpls,
        };
        uint id = _bridge.AllocateRecircId(state, state.Key());
        if (id == 0)
        {
            ReportError("Failed to allocate recirculation id");
            _error = XlateError.NoRecirculationContext;
            return;
        }

        if (_recircUpdateDpHash)
        {
            Span<byte> hash = _odp.Put(OdpActionAttr.Hash, 8);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hash, _dpHashAlgorithm);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hash[4..], _dpHashBasis);
        }

        _odp.PutU32(OdpActionAttr.Recirc, id);
        CancelFreeze();
    }

    /// <summary>
    /// The thaw part of xlate_actions(): restores the state frozen under the flow's recirculation id. False when
    /// there is no such state (translation reports the error).
    /// </summary>
    private bool Thaw()
    {
        uint id = _flow.U32(FlowLayout.RecircId);
        FrozenState? state = _bridge.FindFrozen(id);
        if (state is null)
        {
            ReportError($"Recirculation context not found for ID {id:x}");
            _error = XlateError.NoRecirculationContext;
            return false;
        }

        List<TraceNode> oldTrace = _trace;
        if (_tracing)
        {
            _trace = Report(TraceNodeType.Thaw, "thaw").Children;
        }

        _tableId = state.TableId;
        Report(TraceNodeType.Thaw, string.Create(CultureInfo.InvariantCulture, $"Resuming from table {_tableId}"));
        state.RestoreMetadata(ref _flow);
        _stack.AddRange(state.Stack);
        _wasMpls = state.WasMpls;
        if (state.ActionSet.Count > 0)
        {
            ReportActions("Restoring action set", state.ActionSet);
            _flow.SetU16(FlowLayout.ActsetOutput, OfpPorts.Unset);
            WriteActions(state.ActionSet);
        }

        if (state.Actions.Count > 0)
        {
            ReportActions("Restoring actions", state.Actions);
            _ofpacts = state.Actions;
        }

        _trace = oldTrace;
        return true;
    }

    private void ReportActions(string title, IReadOnlyList<OfpAct> actions)
    {
        if (_tracing)
        {
            Report(TraceNodeType.Thaw, title + ": " + string.Join(",", actions.Select(static a => a.ToString())));
        }
    }

    /// <summary>xlate_ofpact_unroll_xlate(): back in the table and cookie of the rule the frozen actions came from.</summary>
    private void UnrollXlate(UnrollXlateAct a)
    {
        _tableId = a.Table;
        _ruleCookie = a.Cookie;
        Report(TraceNodeType.Thaw, string.Create(CultureInfo.InvariantCulture, $"restored state: table={a.Table}, cookie=0x{a.Cookie:x}"));
    }
}

/// <summary>OFPACT_UNROLL_XLATE: in frozen actions, the table and cookie of the rule the following actions belong to.</summary>
internal sealed class UnrollXlateAct(byte table, ulong cookie) : OfpAct
{
    public byte Table { get; } = table;

    public ulong Cookie { get; } = cookie;

    public override OfpActKind Kind => OfpActKind.UnrollXlate;

    public override void Format(StringBuilder s, OfpActFormatOptions o)
        => s.Append(CultureInfo.InvariantCulture, $"unroll_xlate(table={Table}, cookie={Cookie})");
}
