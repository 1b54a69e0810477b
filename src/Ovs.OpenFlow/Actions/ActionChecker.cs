// Upstream: ofpacts_check(), ofpact_check__() and the check_*() functions of lib/ofp-actions.c, mf_check_src() and
// mf_check_dst() of lib/meta-flow.c (OVS 3.1).
//
// Checks a flow's actions against its match, the way a switch checks a flow_mod and ovs-ofctl checks a parsed flow.
// Some mismatches are errors (a set_field whose prerequisites the match does not establish, ct on non-IP traffic,
// goto_table backwards, an output port out of range). Others only narrow the protocols that can carry the flow:
// OpenFlow 1.0 and NXM let a switch drop an action that does not apply (mod_nw_src on ARP), OpenFlow 1.1+ does not,
// so such a flow is "inconsistent" and limited to OpenFlow 1.0 and NXM.
//
// Actions change the packet as they go, so the checker works on a copy of the match and updates it: push_vlan and
// mod_vlan_vid add a tag for the actions after them, strip_vlan removes it, push_mpls/pop_mpls change the Ethernet
// type. The checker is a struct, so checking allocates nothing (its copy of the match lives on the stack). It also
// records, in the actions that need it for encoding later, what it learned: the IP protocol
// a mod_tp_src/dst applies to (OpenFlow 1.2+ encodes it as tcp_src, udp_src or sctp_src).
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal struct ActionChecker
{
    private const ushort VlanCfi = 0x1000;
    private const uint MaxMeterId = 0xffff0000;
    private const byte CtStateInvalid = 0x10;

    private readonly ushort _maxPorts;
    private readonly byte _tableId;
    private readonly OfpWarningSink? _warn;
    private Match _match;

    private ActionChecker(in Match match, ushort maxPorts, byte tableId, OfpWarningSink? warn)
    {
        _match = match;
        _maxPorts = maxPorts;
        _tableId = tableId;
        _warn = warn;
    }

    /// <summary>The protocols that can carry the actions with this match (narrowed by inconsistent actions).</summary>
    public ProtocolSet Usable { get; private set; } = ProtocolSet.Any;

    /// <summary>
    /// Checks <paramref name="actions"/> for a flow with <paramref name="match"/> in table <paramref name="tableId"/>.
    /// Returns None or the error; <paramref name="usable"/> gets the protocols that can carry the flow.
    /// </summary>
    public static OfpError Check(
        IReadOnlyList<OfpAct> actions, in Match match, byte tableId, out ProtocolSet usable, OfpWarningSink? warn = null,
        ushort maxPorts = OfpPorts.Max)
    {
        var checker = new ActionChecker(in match, maxPorts, tableId, warn);
        OfpError error = checker.CheckList(actions);
        usable = checker.Usable;
        return error;
    }

    private OfpError CheckList(IReadOnlyList<OfpAct> actions)
    {
        // The packet changes only within this list: nested lists see the changes and then forget them.
        Match saved = _match;
        Usable = ProtocolSet.Any;
        OfpError error = OfpError.None;
        for (int i = 0; i < actions.Count; i++)
        {
            error = CheckOne(actions[i]);
            if (error != OfpError.None)
            {
                break;
            }
        }

        _match = saved;
        return error;
    }

    private ushort DlType => _match.Flow.U16(FlowLayout.DlType);

    private byte NwProto => _match.Flow.U8(FlowLayout.NwProto);

    private bool HasVlan => (_match.Flow.U16(FlowLayout.VlanTci) & VlanCfi) != 0;

    private void Inconsistent() => Usable &= ProtocolSet.Of10StdAny | ProtocolSet.Of10NxmAny;

    private OfpError CheckOne(OfpAct a)
    {
        switch (a)
        {
            case OutputAct o:
                return ActionDecoder.CheckOutputPort(o.Port, _maxPorts);
            case OutputTruncAct t:
                return ActionDecoder.CheckOutputPort(t.Port, _maxPorts);
            case EnqueueAct e:
                return e.Port >= _maxPorts && e.Port is not OfpPorts.InPort and not OfpPorts.Local ? OfpError.OfpbacBadOutPort : OfpError.None;
            case OutputRegAct r:
                return CheckSubfield(r.Src, "source");
            case BundleAct b:
                return CheckBundle(b);
            case MultipathAct m:
                return CheckDst(m.Dst);
            case RegMoveAct mv:
                {
                    OfpError error = CheckSubfield(mv.Src, "source");
                    return error != OfpError.None ? error : CheckDst(mv.Dst);
                }

            case StackAct st:
                return st.Push ? CheckSubfield(st.Field, "source") : CheckDst(st.Field);
            case SetFieldAct sf:
                return CheckSetField(sf);
            case SetVlanVidAct v:
                v.FlowHasVlan = HasVlan;
                CheckSetVlan(v.PushIfNeeded);
                return OfpError.None;
            case SetVlanPcpAct p:
                p.FlowHasVlan = HasVlan;
                CheckSetVlan(p.PushIfNeeded);
                return OfpError.None;
            case StripVlanAct:
                if (!HasVlan)
                {
                    Inconsistent();
                }

                _match.Flow.SetU16(FlowLayout.VlanTci, _match.Flow.U16(FlowLayout.Vlan1Tci));
                _match.Flow.SetU16(FlowLayout.Vlan1Tci, 0);
                return OfpError.None;
            case PushVlanAct:
                if ((_match.Flow.U16(FlowLayout.Vlan1Tci) & VlanCfi) != 0)
                {
                    // Every VLAN header the flow can describe is already in use.
                    return OfpError.OfpbacBadTag;
                }

                _match.Flow.SetU16(FlowLayout.Vlan1Tci, _match.Flow.U16(FlowLayout.VlanTci));
                _match.Flow.SetU16(FlowLayout.VlanTci, VlanCfi);
                return OfpError.None;
            case SetIpv4Act:
                if (DlType != EthType.Ip)
                {
                    Inconsistent();
                }

                return OfpError.None;
            case SetIpByteAct:
            case DecTtlAct:
                if (!EthType.IsIp(DlType))
                {
                    Inconsistent();
                }

                return OfpError.None;
            case SetL4PortAct l4:
                if (!EthType.IsIp(DlType) || (_match.Flow.U8(FlowLayout.NwFrag) & 2) != 0
                    || NwProto is not (IpProto.Tcp or IpProto.Udp or IpProto.Sctp))
                {
                    Inconsistent();
                }

                l4.FlowIpProto = NwProto;
                return OfpError.None;
            case SetMplsAct:
                if (!EthType.IsMpls(DlType))
                {
                    Inconsistent();
                }

                return OfpError.None;
            case MplsEthertypeAct mpls:
                if (!mpls.Push && !EthType.IsMpls(DlType))
                {
                    Inconsistent();
                }

                _match.Flow.SetU16(FlowLayout.DlType, mpls.Ethertype);
                return OfpError.None;
            case SimpleAct { Kind: OfpActKind.DecMplsTtl }:
                if (!EthType.IsMpls(DlType))
                {
                    Inconsistent();
                }

                return OfpError.None;
            case FinTimeoutAct:
                if (NwProto != IpProto.Tcp)
                {
                    Inconsistent();
                }

                return OfpError.None;
            case CtAct ct:
                return CheckCt(ct);
            case NatAct nat:
                return CheckNat(nat);
            case NestedAct { Kind: OfpActKind.WriteActions } w:
                {
                    // An action set cannot be checked for consistency with the match, so only errors count.
                    ProtocolSet usable = Usable;
                    OfpError error = CheckList(w.Actions);
                    Usable = usable & Usable;
                    return error;
                }

            case NestedAct n:
                return CheckList(n.Actions);
            case GotoTableAct g:
                // Table 255 means the flow's table is not known yet (a parsed "add" without table=).
                return _tableId != 255 && g.Table <= _tableId ? OfpError.OfpbicBadTableId : OfpError.None;
            case MeterAct meter:
                return meter.MeterId is 0 or > MaxMeterId ? OfpError.OfpmmfcInvalidMeter : OfpError.None;
            default:
                return OfpError.None;
        }
    }

    // mod_vlan_vid/pcp may push a tag (OpenFlow 1.0 semantics); set_vlan_vid/pcp need one. Either way the actions
    // after it see a tagged packet.
    private void CheckSetVlan(bool pushIfNeeded)
    {
        if (!HasVlan && !pushIfNeeded)
        {
            Inconsistent();
        }

        _match.Flow.SetU16(FlowLayout.VlanTci, (ushort)(_match.Flow.U16(FlowLayout.VlanTci) | VlanCfi));
    }

    private OfpError CheckSetField(SetFieldAct sf)
    {
        FieldInfo field = sf.Field;
        if (!Prerequisites.AreMet(in _match, field) || (field.Id == FieldId.VlanVid && !HasVlan))
        {
            _warn?.Invoke("ofp_actions", OfpLogLevel.Warn, $"set_field {field.Name} lacks correct prerequisites");
            return OfpError.OfpbacMatchInconsistent;
        }

        if (field.Id == FieldId.VlanTci && sf.IsExact)
        {
            // Setting the whole TCI may add or remove the tag.
            _match.Flow.SetU16(FlowLayout.VlanTci, (ushort)((sf.Value[0] << 8) | sf.Value[1]));
        }

        return OfpError.None;
    }

    private OfpError CheckBundle(BundleAct b)
    {
        if (b.Dst is { } dst)
        {
            OfpError error = CheckDst(dst);
            if (error != OfpError.None)
            {
                return error;
            }
        }

        foreach (ushort member in b.Members)
        {
            OfpError error = ActionDecoder.CheckOutputPort(member, _maxPorts);
            if (error != OfpError.None)
            {
                return error;
            }
        }

        return OfpError.None;
    }

    private OfpError CheckCt(CtAct ct)
    {
        byte ctState = _match.Flow.U8(FlowLayout.CtState);

        // A datapath cannot install inconsistent conntrack actions, so these are errors even for OpenFlow 1.0.
        if (!EthType.IsIp(DlType)
            || ((ctState & CtStateInvalid) != 0 && (ct.Flags & CtAct.FlagCommit) != 0)
            || (ct.Alg == 21 && NwProto != IpProto.Tcp)
            || (ct.Alg == 69 && NwProto != IpProto.Udp))
        {
            return OfpError.OfpbacMatchInconsistent;
        }

        return ct.ZoneSrc is { } zone ? CheckSubfield(zone, "source") : CheckList(ct.Actions);
    }

    private OfpError CheckNat(NatAct nat)
    {
        ushort dlType = DlType;
        if (!EthType.IsIp(dlType) || (nat.Family == 4 && dlType != EthType.Ip) || (nat.Family == 6 && dlType != EthType.Ipv6))
        {
            return OfpError.OfpbacMatchInconsistent;
        }

        return OfpError.None;
    }

    private OfpError CheckDst(Subfield dst)
    {
        OfpError error = CheckSubfield(dst, "destination");
        if (error == OfpError.None && !dst.Field.Writable)
        {
            _warn?.Invoke("meta_flow", OfpLogLevel.Warn, $"destination field {dst.Field.Name} is not writable");
            return OfpError.OfpbacBadSetArgument;
        }

        return error;
    }

    private OfpError CheckSubfield(Subfield sf, string role)
    {
        if (!Prerequisites.AreMet(in _match, sf.Field))
        {
            _warn?.Invoke("meta_flow", OfpLogLevel.Warn, $"{role} field {sf.Field.Name} lacks correct prerequisites");
            return OfpError.OfpbacMatchInconsistent;
        }

        return OfpError.None;
    }
}
