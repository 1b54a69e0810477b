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
//
// Pausing (controller(pause)) freezes the same way, but the frozen state (with the pause's userdata) ends the
// datapath actions with userspace(controller(continuation=1, ...)) instead of a recirculation: its upcall sends the
// packet-in that carries the continuation. Resuming (NXT_RESUME) translates the frozen actions again from that state
// (no table lookup, even when there are no actions), so the packet continues where it paused. Frozen actions are
// actions, not instructions: goto_table becomes a resubmit to that table and write_metadata a set_field of metadata.
using System.Globalization;
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>What a controller hands back to resume a paused translation (decoded from NXT_RESUME).</summary>
/// <param name="Stack">The data stack, bottom first.</param>
/// <param name="Actions">The frozen actions, with unroll_xlate markers.</param>
/// <param name="ActionSet">The action set at the pause.</param>
internal sealed record XlateContinuation(IReadOnlyList<byte[]> Stack, IReadOnlyList<OfpAct> Actions, IReadOnlyList<OfpAct> ActionSet);

internal sealed partial class Xlator
{
    private readonly List<OfpAct> _frozenActions = [];
    private UnrollXlateAct? _frozenHeader;
    private bool _freezing;
    private bool _recircUpdateDpHash;
    private uint _dpHashAlgorithm;
    private uint _dpHashBasis;
    private ControllerAct? _pause;
    private XlateContinuation? _thaw;

    /// <summary>
    /// xlate_resume(): translates a paused packet's continuation for <paramref name="flow"/> (the packet's headers
    /// with the metadata it paused with), with side effects.
    /// </summary>
    public static XlateResult Resume(IXlateBridge bridge, in FlowData flow, XlateContinuation continuation, XlateCache? cache = null)
    {
        var x = new Xlator(bridge, in flow, false, true)
        {
            _thaw = continuation,
            _ofpacts = continuation.Actions,
            _ruleCookie = ulong.MaxValue,
            _mayLearn = true,
            _xcache = cache,
        };
        return x.Run();
    }

    /// <summary>Whether the translation is a packet-out's (not a resumed continuation's).</summary>
    private bool InPacketOut => _ofpacts is not null && _thaw is null;

    /// <summary>The frozen-state part of xlate_actions() for a continuation: the stack and the action set come back; table 0 is current.</summary>
    private void Thaw(XlateContinuation thaw)
    {
        _tableId = 0;
        _stack.AddRange(thaw.Stack);
        if (thaw.ActionSet.Count > 0)
        {
            _flow.SetU16(FlowLayout.ActsetOutput, OfpPorts.Unset);
            WriteActions(thaw.ActionSet);
        }
    }

    /// <summary>controller(pause): translation stops after this action and freezes what remains.</summary>
    private void Pause(ControllerAct pause)
    {
        _pause = pause;
        TriggerFreeze();
    }

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
            _pause = null;
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
                case WriteMetadataAct md:
                    _frozenActions.Add(MetadataSetField(md));
                    continue;
                case NoteAct or ConjunctionAct:
                    continue;
            }

            _frozenActions.Add(a);
        }
    }

    private static SetFieldAct MetadataSetField(WriteMetadataAct md)
    {
        byte[] value = new byte[8], mask = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(value, md.Metadata & md.Mask);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(mask, md.Mask);
        return new SetFieldAct(FieldTable.Get(FieldId.Metadata), value, mask, fromRegLoad: false);
    }

    /// <summary>freeze_put_unroll_xlate(): a marker of the current table and cookie, unless the last one says the same.</summary>
    private void PutUnrollXlate()
    {
        if (_frozenHeader is null || _frozenHeader.TableId != _tableId || _frozenHeader.Cookie != _ruleCookie)
        {
            _frozenHeader = new UnrollXlateAct(_tableId, _ruleCookie);
            _frozenActions.Add(_frozenHeader);
        }
    }

    /// <summary>
    /// finish_freezing(): commits the flow and freezes the state under a recirculation id; a pause's ends the datapath
    /// actions with the controller action that sends the continuation (a translation without side effects and without
    /// a cache, ofproto/trace, sends nothing), any other with hash(...) if asked and recirc(id). Then stops freezing.
    /// </summary>
    private void FinishFreezing()
    {
        Commit();
        if (_pause is { } pause && !_sideEffects && _xcache is null)
        {
            CancelFreeze();
            return;
        }

        var state = new FrozenState(_flow, 0, _pause?.Userdata ?? [])
        {
            Bridge = _bridge.Uuid,
            Continuation = _pause is not null,
            Actions = [.. _frozenActions],
            ActionSet = [.. _actionSet],
            Stack = [.. _stack],
            WasMpls = _wasMpls,
            Mirrors = _mirrored,
        };
        uint id = _bridge.AllocateRecircId(state, state.Key());
        if (id == 0)
        {
            ReportError("Failed to allocate recirculation id");
            _error = XlateError.NoRecirculationContext;
            CancelFreeze();
            return;
        }

        if (_pause is { } paused)
        {
            PutControllerUserAction(paused.Reason, id, paused.MaxLen, paused.ControllerId, continuation: true);
        }
        else
        {
            if (_recircUpdateDpHash)
            {
                Span<byte> hash = _odp.Put(OdpActionAttr.Hash, 8);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hash, _dpHashAlgorithm);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hash[4..], _dpHashBasis);
            }

            _odp.PutU32(OdpActionAttr.Recirc, id);
        }

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
        _mirrored = state.Mirrors;
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
        _tableId = a.TableId;
        _ruleCookie = a.Cookie;
        Report(TraceNodeType.Thaw, string.Create(CultureInfo.InvariantCulture, $"restored state: table={a.TableId}, cookie=0x{a.Cookie:x}"));
    }
}
