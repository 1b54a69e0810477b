// Upstream: do_xlate_actions() and the per-action helpers of ofproto/ofproto-dpif-xlate.c (OVS 3.1).
// One pass over a rule's actions (or a bucket's, or the action set's): each changes the flow and the megaflow
// as upstream does, outputs commit the changes, resubmits and goto_table recurse into other tables.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const byte IpDscpMask = 0xfc;
    private const byte IpEcnMask = 0x03;

    private void DoActions(IReadOnlyList<OfpAct> actions, bool isLast, bool groupBucket = false)
    {
        if (actions.Count == 0)
        {
            Report(TraceNodeType.Action, "drop");
            return;
        }

        for (int i = 0; i < actions.Count; i++)
        {
            OfpAct a = actions[i];
            bool last = isLast && i == actions.Count - 1 && _actionSet.Count == 0;
            if (_error != XlateError.None)
            {
                break;
            }

            RecircForMpls(a);
            if (_exit)
            {
                if (_freezing)
                {
                    FreezeUnroll(actions, i);
                }

                break;
            }

            if (_tracing)
            {
                Report(TraceNodeType.Action, a.ToString());
            }

            if (a is CheckPktLargerAct check)
            {
                CheckPktLarger(check, actions.Skip(i + 1).ToList());
                if (_bridge.Support.CheckPktLen)
                {
                    // Both branches translated the rest of the list.
                    break;
                }

                continue;
            }

            if (a is ControllerAct { Pause: true } pause)
            {
                Pause(pause);
                FreezeUnroll(actions, i + 1);
                break;
            }

            if (!DoAction(a, last, groupBucket))
            {
                return;
            }

            // A resubmit or goto_table that froze has run: only the actions after it are left.
            if (_error == XlateError.None && _exit && FirstFrozenAction && a is not (ResubmitAct or GotoTableAct))
            {
                FreezeUnroll(actions, a is SimpleAct { Kind: OfpActKind.DebugRecirc } ? i + 1 : i);
                break;
            }
        }
    }

    /// <summary>Translates one action; false stops the current action list (dec_ttl exception, missing group).</summary>
    private bool DoAction(OfpAct a, bool last, bool groupBucket)
    {
        switch (a)
        {
            case OutputAct o:
                OutputAction(o.Port, o.MaxLen, mayPacketIn: true, last, groupBucket);
                break;
            case GroupAct g:
                return GroupAction(g.GroupId, last);
            case ControllerAct c:
                ControllerAction(c.MaxLen, c.Reason, c.ControllerId, c.Userdata);
                break;
            case EnqueueAct e:
                FlowEdit.Unwildcard(ref _wc, FlowLayout.SkbPriority, 4);
                EnqueueAction(e);
                break;
            case SetVlanVidAct v:
                SetVlanBits((ushort)(0x0fff | VlanHeaders.Cfi), (ushort)(v.Vid | VlanHeaders.Cfi), v.PushIfNeeded);
                break;
            case SetVlanPcpAct p:
                SetVlanBits((ushort)(0xe000 | VlanHeaders.Cfi), (ushort)((p.Pcp << 13) | VlanHeaders.Cfi), p.PushIfNeeded);
                break;
            case StripVlanAct:
                VlanHeaders.Pop(ref _flow, ref _wc);
                break;
            case PushVlanAct pv:
                VlanHeaders.Push(ref _flow, ref _wc);
                VlanHeaders.SetTpid(ref _flow, 0, pv.Ethertype);
                VlanHeaders.SetTci(ref _flow, 0, VlanHeaders.Cfi);
                break;
            case SetEthAct eth:
                int ethOffset = eth.Dst ? FlowLayout.DlDst : FlowLayout.DlSrc;
                FlowEdit.Unwildcard(ref _wc, ethOffset, 6);
                eth.Mac.Write(_flow.Bytes.Slice(ethOffset, 6));
                break;
            case SetIpv4Act ip:
                if (_flow.U16(FlowLayout.DlType) == EthType.Ip)
                {
                    int ipOffset = ip.Dst ? FlowLayout.NwDst : FlowLayout.NwSrc;
                    FlowEdit.Unwildcard(ref _wc, ipOffset, 4);
                    FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
                    _flow.SetU32(ipOffset, ip.Address);
                }

                break;
            case SetIpByteAct b:
                SetIpByte(b);
                break;
            case SetL4PortAct l4:
                if (FlowEdit.IsIpAny(in _flow) && !FlowEdit.IsLaterFragment(in _flow))
                {
                    int portOffset = l4.Dst ? FlowLayout.TpDst : FlowLayout.TpSrc;
                    FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
                    FlowEdit.Unwildcard(ref _wc, portOffset, 2);
                    _flow.SetU16(portOffset, l4.Port);
                }

                break;
            case ResubmitAct r:
                ResubmitAction(r, last);
                break;
            case GotoTableAct gt:
                TableAction(InPort, gt.Table, mayPacketIn: true, honorTableMiss: true, last);
                break;
            case SetTunnelAct t:
                _flow.SetU64(FlowLayout.TunId, t.TunnelId);
                break;
            case SetQueueAct q:
                FlowEdit.Unwildcard(ref _wc, FlowLayout.SkbPriority, 4);
                _flow.SetU32(FlowLayout.SkbPriority, QueueToPriority(q.Queue));
                break;
            case SimpleAct { Kind: OfpActKind.PopQueue }:
                FlowEdit.Unwildcard(ref _wc, FlowLayout.SkbPriority, 4);
                if (_flow.U32(FlowLayout.SkbPriority) != OrigSkbPriority)
                {
                    _flow.SetU32(FlowLayout.SkbPriority, OrigSkbPriority);
                    Report(TraceNodeType.Detail, string.Create(CultureInfo.InvariantCulture, $"queue = {FormatHex(OrigSkbPriority)}"));
                }

                break;
            case RegMoveAct mv:
                FlowEdit.Copy(mv.Src, mv.Dst, ref _flow, ref _wc);
                ReportSubfield(mv.Dst);
                break;
            case SetFieldAct sf:
                SetFieldAction(sf);
                break;
            case StackAct { Push: true } push:
                StackPush(push.Field);
                break;
            case StackAct pop:
                StackPop(pop.Field);
                break;
            case DecTtlAct d:
                FlowEdit.Unwildcard(ref _wc, FlowLayout.NwTtl, 1);
                FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
                return !DecTtl(d);
            case MplsEthertypeAct { Push: true } pushMpls:
                PushMpls(pushMpls.Ethertype);
                break;
            case MplsEthertypeAct popMpls:
                PopMpls(popMpls.Ethertype);
                break;
            case SetMplsAct setMpls:
                SetMpls(setMpls);
                break;
            case SimpleAct { Kind: OfpActKind.DecMplsTtl }:
                return !DecMplsTtl();
            case NoteAct:
                break;
            case OutputRegAct or:
                OutputRegAction(or, last, groupBucket);
                break;
            case UnrollXlateAct u:
                UnrollXlate(u);
                break;
            case SimpleAct { Kind: OfpActKind.Exit }:
                _exit = true;
                break;
            case SimpleAct { Kind: OfpActKind.ClearActions }:
                ReportActionSet("was");
                _actionSet = [];
                _flow.SetU16(FlowLayout.ActsetOutput, OfpPorts.Unset);
                break;
            case NestedAct { Kind: OfpActKind.WriteActions } wa:
                WriteActions(wa.Actions);
                ReportActionSet("is");
                break;
            case WriteMetadataAct md:
                _flow.SetU64(FlowLayout.Metadata, (_flow.U64(FlowLayout.Metadata) & ~md.Mask) | (md.Metadata & md.Mask));
                break;
            case NestedAct { Kind: OfpActKind.Clone } clone:
                CloneAction(clone.Actions, last);
                break;
            case LearnAct learn:
                LearnAction(learn);
                break;
            case FinTimeoutAct fin:
                FinTimeoutAction(fin);
                break;
            case ConjunctionAct:
                ReportError("executing no-op conjunction action");
                break;
            case SimpleAct { Kind: OfpActKind.DebugRecirc }:
                TriggerFreeze();
                break;
            case SimpleAct { Kind: OfpActKind.DebugSlow }:
                _slow |= SlowPathReasons.Action;
                break;
            case MeterAct:
                // Meters are not translated (no meter table here); the packet passes as if unmetered.
                break;
            default:
                Report(TraceNodeType.Warn, $"{a.Kind.Name()} is not translated by this implementation");
                break;
        }

        return true;
    }

    private static uint QueueToPriority(uint queue) => queue;

    private static string FormatHex(uint value) => value == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");

    /// <summary>set_vlan_vid / set_vlan_pcp: rewrite bits of the outer VLAN header, pushing one if asked to.</summary>
    private void SetVlanBits(ushort bits, ushort value, bool pushIfNeeded)
    {
        _wc.Masks.SetU16(FlowLayout.VlanTci, (ushort)(_wc.Masks.U16(FlowLayout.VlanTci) | bits));
        ushort tci = VlanHeaders.Tci(in _flow, 0);
        if ((tci & VlanHeaders.Cfi) != 0 || pushIfNeeded)
        {
            if (VlanHeaders.Tpid(in _flow, 0) == 0)
            {
                VlanHeaders.SetTpid(ref _flow, 0, EthType.Vlan8021Q);
            }

            VlanHeaders.SetTci(ref _flow, 0, (ushort)((tci & ~bits) | value));
        }
    }

    private void SetIpByte(SetIpByteAct b)
    {
        if (!FlowEdit.IsIpAny(in _flow))
        {
            return;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
        switch (b.Kind)
        {
            case OfpActKind.SetIpDscp:
                _wc.Masks.SetU8(FlowLayout.NwTos, (byte)(_wc.Masks.U8(FlowLayout.NwTos) | IpDscpMask));
                _flow.SetU8(FlowLayout.NwTos, (byte)((_flow.U8(FlowLayout.NwTos) & ~IpDscpMask) | b.Value));
                break;
            case OfpActKind.SetIpEcn:
                _wc.Masks.SetU8(FlowLayout.NwTos, (byte)(_wc.Masks.U8(FlowLayout.NwTos) | IpEcnMask));
                _flow.SetU8(FlowLayout.NwTos, (byte)((_flow.U8(FlowLayout.NwTos) & ~IpEcnMask) | b.Value));
                break;
            case OfpActKind.SetIpTtl:
                _wc.Masks.SetU8(FlowLayout.NwTtl, 0xff);
                _flow.SetU8(FlowLayout.NwTtl, b.Value);
                break;
        }
    }

    private void ResubmitAction(ResubmitAct r, bool last)
    {
        bool internalRule = RuleIsInternal;
        ushort inPort = r.InPort == OfpPorts.InPort ? InPort : r.InPort;
        byte table = r.Table == 255 ? _tableId : r.Table;
        if (r.WithCt)
        {
            ReportError("resubmit(ct) with non-tracked or non-IP packet!");
            return;
        }

        TableAction(inPort, table, internalRule, internalRule, last);
    }

    /// <summary>set_field and load: only when the packet has the field.</summary>
    private void SetFieldAction(SetFieldAct sf)
    {
        FieldInfo field = sf.Field;
        if (!FlowEdit.ArePrereqsOk(field.Prereq, in _flow, ref _wc))
        {
            Report(TraceNodeType.Warn, $"unmet prerequisites for {field.Name}, set_field ignored");
            return;
        }

        if (FlowEdit.IsIpAny(in _flow) && field.Id is FieldId.Ipv4Src or FieldId.Ipv4Dst or FieldId.Ipv6Src or FieldId.Ipv6Dst
            or FieldId.Ipv6Label or FieldId.IpDscp or FieldId.IpEcn or FieldId.IpTtl)
        {
            FlowEdit.Unwildcard(ref _wc, FlowLayout.NwProto, 1);
        }
        else if (_flow.U16(FlowLayout.DlType) == EthType.Arp
            && field.Id is FieldId.ArpOp or FieldId.ArpSha or FieldId.ArpTha or FieldId.ArpSpa or FieldId.ArpTpa)
        {
            _wc.Masks.SetU8(FlowLayout.NwProto, 0xff);
        }

        FlowEdit.Unwildcard(ref _wc, field, sf.Mask);
        FlowEdit.SetValueMasked(ref _flow, field, sf.Value, sf.Mask);
    }

    private void StackPush(Subfield sf)
    {
        FlowEdit.UnwildcardSubfield(ref _wc, sf);
        byte[] value = new byte[(sf.Bits + 7) / 8];
        FlowEdit.ReadSubfield(in _flow, sf, value);
        _stack.Add(value);
    }

    private void StackPop(Subfield sf)
    {
        if (_stack.Count == 0)
        {
            Report(TraceNodeType.Warn, "stack underflow");
            return;
        }

        byte[] top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        FlowEdit.UnwildcardSubfield(ref _wc, sf);
        byte[] value = new byte[sf.Field.Size];
        int n = Math.Min(top.Length, value.Length);
        top.AsSpan(top.Length - n).CopyTo(value.AsSpan(value.Length - n));
        FlowEdit.WriteSubfield(ref _flow, sf, value);
        ReportSubfield(sf);
    }

    /// <summary>compose_dec_ttl(): true when the TTL ran out and the current action list stops.</summary>
    private bool DecTtl(DecTtlAct d)
    {
        if (!FlowEdit.IsIpAny(in _flow))
        {
            return false;
        }

        byte ttl = _flow.U8(FlowLayout.NwTtl);
        if (ttl > 1)
        {
            _flow.SetU8(FlowLayout.NwTtl, (byte)(ttl - 1));
            return false;
        }

        foreach (ushort id in d.ControllerIds)
        {
            ControllerAction(ushort.MaxValue, PacketInReasons.InvalidTtl, id, []);
        }

        Report(TraceNodeType.Warn, $"IPv{(_flow.U16(FlowLayout.DlType) == EthType.Ip ? 4 : 6)} decrement TTL exception");
        return true;
    }

    /// <summary>xlate_report_subfield(): "-> FIELD is now VALUE".</summary>
    private void ReportSubfield(Subfield sf)
    {
        if (!_tracing)
        {
            return;
        }

        var s = new StringBuilder();
        sf.AppendTo(s);
        s.Append(" is now ");
        if (sf.Offset == 0 && sf.Bits >= sf.Field.Bits)
        {
            Span<byte> value = stackalloc byte[sf.Field.Size];
            FlowEdit.GetValue(in _flow, sf.Field, value);
            FieldFormatter.Append(s, sf.Field, value);
        }
        else
        {
            Span<byte> value = stackalloc byte[(sf.Bits + 7) / 8];
            FlowEdit.ReadSubfield(in _flow, sf, value);
            AppendHex(s, value);
        }

        Report(TraceNodeType.Detail, s.ToString());
    }

    /// <summary>ds_put_hex(): "0x" and the value without leading zeros ("0x0" for zero).</summary>
    private static void AppendHex(StringBuilder s, ReadOnlySpan<byte> value)
    {
        int i = value.IndexOfAnyExcept((byte)0);
        if (i < 0)
        {
            s.Append("0x0");
            return;
        }

        s.Append(CultureInfo.InvariantCulture, $"0x{value[i]:x}");
        for (i++; i < value.Length; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"{value[i]:x2}");
        }
    }

    private void OutputRegAction(OutputRegAct or, bool last, bool groupBucket)
    {
        ulong port = FlowEdit.ReadSubfieldU64(in _flow, or.Src);
        if (port > ushort.MaxValue)
        {
            Report(TraceNodeType.Warn, string.Create(CultureInfo.InvariantCulture, $"output port {port} is out of range"));
            return;
        }

        Report(TraceNodeType.Detail, string.Create(CultureInfo.InvariantCulture, $"output port is {port}"));
        FlowEdit.UnwildcardSubfield(ref _wc, or.Src);
        OutputAction((ushort)port, or.MaxLen, mayPacketIn: false, last, groupBucket);
    }

}
