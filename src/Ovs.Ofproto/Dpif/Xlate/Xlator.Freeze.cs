// Upstream: ctx_trigger_freeze(), ctx_cancel_freeze(), finish_freezing(), freeze_unroll_actions(),
// freeze_put_unroll_xlate(), xlate_ofpact_unroll_xlate(), the frozen-state part of xlate_actions() and
// xlate_resume() of ofproto/ofproto-dpif-xlate.c (OVS 3.1), for controller(pause).
//
// Pausing: a controller action with "pause" stops the translation. The actions that were still to run (those after
// the pause in its list, then those after each resubmit or goto_table that led there, outermost last) are frozen
// with unroll_xlate markers that restore the table and rule cookie where later actions depend on them; goto_table
// becomes a resubmit to that table and write_metadata a set_field of metadata, since frozen actions are actions, not
// instructions. When the pipeline (or a clone, or a group bucket) ends while freezing, the frozen state (the flow's
// metadata, the stack, the frozen actions, the action set and the pause's userdata) gets a recirculation id and the
// datapath actions end with a userspace(controller(continuation=1, ...)) action: its upcall sends the packet-in
// that carries the continuation. Resuming (NXT_RESUME) translates the frozen actions again from that state (no
// table lookup, even when there are no actions), so the packet continues where it paused.
using System.Text;
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
    private bool _freezing;
    private ControllerAct? _pause;
    private UnrollXlateAct? _frozenUnroll;
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

    /// <summary>The frozen-state part of xlate_actions(): the stack and the action set come back; table 0 is current.</summary>
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

    /// <summary>The end of a pipeline (or of a clone): the action set runs, unless freezing, which finishes instead.</summary>
    private void FinishPipeline()
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

    /// <summary>controller(pause): translation stops after this action and freezes what remains.</summary>
    private void Pause(ControllerAct pause)
    {
        _pause = pause;
        _freezing = true;
        _exit = true;
    }

    /// <summary>freeze_unroll_actions(): keeps actions[start..] for after the thaw.</summary>
    private void FreezeUnroll(IReadOnlyList<OfpAct> actions, int start)
    {
        for (int i = start; i < actions.Count; i++)
        {
            OfpAct a = actions[i];
            switch (a)
            {
                case OutputAct or OutputRegAct or OutputTruncAct or GroupAct or ControllerAct or DecTtlAct
                    or SimpleAct { Kind: OfpActKind.DecMplsTtl or OfpActKind.DecNshTtl }:
                    // These may send asynchronous messages, which tell the table and the rule cookie.
                    PutUnroll();
                    break;
                case ResubmitAct { Table: ResubmitAct.AllTables }:
                    // Relative to the current table.
                    PutUnroll();
                    break;
                case GotoTableAct gt:
                    _frozenActions.Add(new ResubmitAct(OfpPorts.InPort, gt.Table, withCt: false, tableForm: true));
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

    /// <summary>freeze_put_unroll_xlate(): an unroll_xlate for the current table and cookie, unless the last one says so.</summary>
    private void PutUnroll()
    {
        if (_frozenUnroll is null || _frozenUnroll.TableId != _tableId || _frozenUnroll.Cookie != _ruleCookie)
        {
            _frozenUnroll = new UnrollXlateAct(_tableId, _ruleCookie);
            _frozenActions.Add(_frozenUnroll);
        }
    }

    /// <summary>xlate_ofpact_unroll_xlate(): back to the table and cookie of the rule the frozen actions came from.</summary>
    private void UnrollXlate(UnrollXlateAct u)
    {
        _tableId = u.TableId;
        _ruleCookie = u.Cookie;
        Report(TraceNodeType.Detail, $"restored state: table={u.TableId}, cookie=0x{u.Cookie:x}");
    }

    /// <summary>
    /// finish_freezing(): commits the flow, freezes the state under a recirculation id and ends the datapath actions
    /// with the controller action that sends the continuation, then stops freezing. A translation without side
    /// effects and without a cache (ofproto/trace) sends nothing.
    /// </summary>
    private void FinishFreezing()
    {
        Commit();
        if (_pause is { } pause && (_sideEffects || _xcache is not null))
        {
            var state = new FrozenState(_flow, 0, pause.Userdata)
            {
                Continuation = true,
                Stack = [.. _stack],
                Actions = [.. _frozenActions],
                ActionSet = [.. _actionSet],
            };
            uint recircId = _bridge.AllocateRecircId(state with { Key = FrozenKey(state) });
            if (recircId == 0)
            {
                ReportError("Failed to allocate recirculation id");
                _error = XlateError.NoRecirculationContext;
            }
            else
            {
                PutControllerUserAction(pause.Reason, recircId, pause.MaxLen, pause.ControllerId, continuation: true);
            }
        }

        _freezing = false;
        _frozenActions.Clear();
        _frozenUnroll = null;
        _pause = null;
    }

    /// <summary>What makes two frozen states the same (upstream's recirc_alloc_id_ctx() reuses the id of an equal state).</summary>
    private string FrozenKey(FrozenState state)
    {
        var key = new StringBuilder();
        key.Append(_bridge.Uuid).Append('/');
        key.Append(Convert.ToHexString(state.Flow.ReadOnlyBytes[..FlowLayout.PacketType])).Append('/');
        foreach (byte[] e in state.Stack)
        {
            key.Append(Convert.ToHexString(e)).Append(',');
        }

        key.Append('/').Append(string.Join(',', state.Actions)).Append('/').Append(string.Join(',', state.ActionSet));
        key.Append('/').Append(Convert.ToHexString(state.Userdata));
        return key.ToString();
    }
}
