// Upstream: the encode_*() functions of lib/ofp-actions.c (OVS 3.1): one action to the wire for this version.
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionWriter
{
    private bool IsOf10 => Version == 1;

    private bool IsOf11 => Version == 2;

    private bool HasSetField => Version >= 3;

    private void Put(OfpAct a)
    {
        switch (a)
        {
            case OutputAct o:
                PutOutput(o.Port, o.MaxLen);
                break;
            case GroupAct g:
                if (IsOf10)
                {
                    int s = Nx(40);
                    Zeros(2);
                    U32(g.GroupId);
                    PatchLength(s);
                }
                else
                {
                    int s = Of(22);
                    U32(g.GroupId);
                    PatchLength(s);
                }

                break;
            case ControllerAct c:
                PutController(c);
                break;
            case EnqueueAct e:
                if (IsOf10)
                {
                    int s = Of(11);
                    U16(e.Port);
                    Zeros(6);
                    U32(e.Queue);
                    PatchLength(s);
                }
                else
                {
                    int s = Of(21);
                    U32(e.Queue);
                    PatchLength(s);
                    PutOutput(e.Port, 0);
                    PatchLength(Nx(5));
                }

                break;
            case OutputRegAct r:
                if (!r.Extended && HasNxm32(r.Src.Field))
                {
                    int s = Nx(15);
                    U16(OfsNbits(r.Src.Offset, r.Src.Bits));
                    U32(NxmHeaderWord(r.Src.Field));
                    U16(r.MaxLen);
                    Zeros(6);
                    PatchLength(s);
                }
                else
                {
                    int s = Nx(32);
                    U16(OfsNbits(r.Src.Offset, r.Src.Bits));
                    U16(r.MaxLen);
                    Header(r.Src.Field, 0);
                    PatchLength(s);
                }

                break;
            case BundleAct b:
                {
                    int s = Nx(b.Dst is null ? 12 : 13);
                    U16(b.Algorithm);
                    U16(b.Fields);
                    U16(b.Basis);
                    U32(2);
                    U16(b.Members.Length);
                    if (b.Dst is { } d)
                    {
                        U16(OfsNbits(d.Offset, d.Bits));
                        U32(NxmHeaderWord(d.Field));
                    }
                    else
                    {
                        Zeros(6);
                    }

                    Zeros(4);
                    foreach (ushort m in b.Members)
                    {
                        U16(m);
                    }

                    PatchLength(s);
                    break;
                }

            case SetFieldAct sf:
                PutSetField(sf);
                break;
            case SetVlanVidAct v:
                PushVlanIfNeeded(v.PushIfNeeded, v.FlowHasVlan);
                if (HasSetField)
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.VlanVid), [(byte)(0x10 | (v.Vid >> 8)), (byte)v.Vid]);
                }
                else
                {
                    int s = Of(1);
                    U16(v.Vid);
                    PatchLength(s);
                }

                break;
            case SetVlanPcpAct p:
                PushVlanIfNeeded(p.PushIfNeeded, p.FlowHasVlan);
                if (HasSetField)
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.VlanPcp), [p.Pcp]);
                }
                else
                {
                    int s = Of(2);
                    U8(p.Pcp);
                    PatchLength(s);
                }

                break;
            case StripVlanAct:
                PatchLength(Of(IsOf10 ? 3 : 18));
                break;
            case PushVlanAct pv:
                if (!IsOf10)
                {
                    int s = Of(17);
                    U16(pv.Ethertype);
                    PatchLength(s);
                }

                break;
            case SetEthAct e:
                if (HasSetField)
                {
                    var mac = new byte[6];
                    e.Mac.Write(mac);
                    PutSetFieldValue(FieldTable.Get(e.Dst ? FieldId.EthDst : FieldId.EthSrc), mac);
                }
                else
                {
                    int s = Of(e.Dst ? (IsOf10 ? 5 : 4) : (IsOf10 ? 4 : 3));
                    Mac(e.Mac);
                    PatchLength(s);
                }

                break;
            case SetIpv4Act ip:
                if (HasSetField)
                {
                    PutSetFieldValue(FieldTable.Get(ip.Dst ? FieldId.Ipv4Dst : FieldId.Ipv4Src), BigEndian32(ip.Address));
                }
                else
                {
                    int s = Of(ip.Dst ? (IsOf10 ? 7 : 6) : (IsOf10 ? 6 : 5));
                    U32(ip.Address);
                    PatchLength(s);
                }

                break;
            case SetIpByteAct ib:
                PutIpByte(ib);
                break;
            case SetL4PortAct l4:
                PutSetL4Port(l4);
                break;
            case RegMoveAct mv:
                PutRegMove(mv);
                break;
            case StackAct st:
                {
                    int s = Nx(st.Push ? 27 : 28);
                    U16(st.Field.Offset);
                    U32(NxmHeaderWord(st.Field.Field));
                    U16(st.Field.Bits);
                    Zeros(6);
                    PatchLength(s);
                    break;
                }

            case DecTtlAct d:
                if (d.WithIds || d.ControllerIds.Length != 1 || d.ControllerIds[0] != 0)
                {
                    int s = Nx(21);
                    U16(d.ControllerIds.Length);
                    Zeros(4);
                    foreach (ushort id in d.ControllerIds)
                    {
                        U16(id);
                    }

                    PatchLength(s);
                }
                else if (IsOf10)
                {
                    PatchLength(Nx(18));
                }
                else
                {
                    PatchLength(Of(24));
                }

                break;
            case SetMplsAct m:
                PutSetMpls(m);
                break;
            case SimpleAct { Kind: OfpActKind.DecMplsTtl }:
                PatchLength(IsOf10 ? Nx(26) : Of(16));
                break;
            case MplsEthertypeAct me:
                {
                    int s = IsOf10 ? Nx(me.Push ? 23 : 24) : Of(me.Push ? 19 : 20);
                    U16(me.Ethertype);
                    PatchLength(s);
                    break;
                }

            case SimpleAct simple:
                PutSimple(simple.Kind);
                break;
            case DeleteFieldAct df:
                {
                    int s = Nx(50);
                    Header(df.Field, 0);
                    Zeros(Math.Max(0, 24 - (_out.Count - s)));
                    PatchLength(s);
                    break;
                }

            case EncapAct en:
                {
                    int s = Nx(46);
                    U16(en.HdrSize);
                    U32(en.PacketType);
                    foreach (EncapProperty p in en.Properties)
                    {
                        int ps = _out.Count;
                        U16(p.Class);
                        U8(p.Type);
                        U8(4 + p.Body.Length);
                        Bytes(p.Body);
                        while ((_out.Count - ps) % 8 != 0)
                        {
                            _out.Add(0);
                        }
                    }

                    PatchLength(s);
                    break;
                }

            case DecapAct de:
                {
                    int s = Nx(47);
                    Zeros(2);
                    U32(de.PacketType);
                    PatchLength(s);
                    break;
                }

            case SetTunnelAct t when HasSetField:
                PutSetFieldValue(FieldTable.Get(FieldId.TunId), BigEndian64(t.TunnelId));
                break;
            case SetTunnelAct t:
                if (!t.Is64 && t.TunnelId <= uint.MaxValue)
                {
                    int s = Nx(2);
                    Zeros(2);
                    U32((uint)t.TunnelId);
                    PatchLength(s);
                }
                else
                {
                    int s = Nx(9);
                    Zeros(6);
                    U64(t.TunnelId);
                    PatchLength(s);
                }

                break;
            case SetQueueAct q:
                if (IsOf10)
                {
                    int s = Nx(4);
                    Zeros(2);
                    U32(q.Queue);
                    PatchLength(s);
                }
                else
                {
                    int s = Of(21);
                    U32(q.Queue);
                    PatchLength(s);
                }

                break;
            case FinTimeoutAct f:
                {
                    int s = Nx(19);
                    U16(f.Idle);
                    U16(f.Hard);
                    PatchLength(s);
                    break;
                }

            case ResubmitAct r:
                {
                    if (!r.WithCt && r.Table == ResubmitAct.AllTables && !r.TableForm)
                    {
                        int s = Nx(1);
                        U16(r.InPort);
                        PatchLength(s);
                    }
                    else
                    {
                        int s = Nx(r.WithCt ? 44 : 14);
                        U16(r.InPort);
                        U8(r.Table);
                        PatchLength(s);
                    }

                    break;
                }

            case LearnAct l:
                PutLearn(l);
                break;
            case ConjunctionAct cj:
                {
                    int s = Nx(34);
                    U8(cj.Clause);
                    U8(cj.NClauses);
                    U32(cj.Id);
                    PatchLength(s);
                    break;
                }

            case MultipathAct mp:
                {
                    int s = Nx(10);
                    U16(mp.Fields);
                    U16(mp.Basis);
                    Zeros(2);
                    U16(mp.Algorithm);
                    U16(mp.MaxLink);
                    U32(mp.Arg);
                    Zeros(2);
                    U16(OfsNbits(mp.Dst.Offset, mp.Dst.Bits));
                    U32(NxmHeaderWord(mp.Dst.Field));
                    PatchLength(s);
                    break;
                }

            case NoteAct n:
                {
                    int s = Nx(8);
                    Bytes(n.Data);
                    PatchLength(s);
                    break;
                }

            case SampleAct sa:
                {
                    int raw = sa.Raw == 3 || sa.Direction != 0 ? 41 : sa.Raw == 2 || sa.SamplingPort != OfpPorts.None ? 38 : 29;
                    int s = Nx(raw);
                    U16(sa.Probability);
                    U32(sa.CollectorSetId);
                    U32(sa.ObsDomainId);
                    U32(sa.ObsPointId);
                    if (raw != 29)
                    {
                        U16(sa.SamplingPort);
                        U8(raw == 41 ? sa.Direction : 0);
                    }

                    PatchLength(s);
                    break;
                }

            case CtAct ct:
                {
                    int s = Nx(35);
                    U16(ct.Flags);
                    if (ct.ZoneSrc is { } z)
                    {
                        U32(NxmHeaderWord(z.Field));
                        U16(OfsNbits(z.Offset, z.Bits));
                    }
                    else
                    {
                        U32(0);
                        U16(ct.ZoneImm);
                    }

                    U8(ct.RecircTable);
                    Zeros(3);
                    U16(ct.Alg);
                    PutActions(ct.Actions);
                    PatchLength(s);
                    break;
                }

            case NatAct nat:
                PutNat(nat);
                break;
            case OutputTruncAct ot:
                {
                    int s = Nx(39);
                    U16(ot.Port);
                    U32(ot.MaxLen);
                    PatchLength(s);
                    break;
                }

            case NestedAct { Kind: OfpActKind.Clone } cl:
                {
                    int s = Nx(42);
                    Zeros(6);
                    PutActions(cl.Actions);
                    PatchLength(s);
                    break;
                }

            case CheckPktLargerAct cp:
                {
                    int s = Nx(49);
                    U16(cp.PacketLength);
                    U16(cp.Dst.Offset);
                    Header(cp.Dst.Field, 0);
                    PatchLength(s);
                    break;
                }

            case MeterAct m when Version >= 6:
                {
                    int s = Of(29);
                    U32(m.MeterId);
                    PatchLength(s);
                    break;
                }

            case WriteMetadataAct wm when IsOf10:
                {
                    int s = Nx(22);
                    Zeros(6);
                    U64(wm.Metadata);
                    U64(wm.Mask);
                    PatchLength(s);
                    break;
                }

            case GotoTableAct g when IsOf10:
                {
                    int s = Nx(14);
                    U16(OfpPorts.InPort);
                    U8(g.Table);
                    PatchLength(s);
                    break;
                }

            default:
                // Instructions have no action form in this version (OpenFlow 1.1+ puts them in PutInstructions).
                break;
        }
    }

    private static int OfsNbits(int offset, int bits) => (offset << 6) | (bits - 1);

    private static byte[] BigEndian64(ulong v) => [.. BigEndian32((uint)(v >> 32)), .. BigEndian32((uint)v)];

    private static byte[] BigEndian32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private void PutOutput(ushort port, ushort maxLen)
    {
        if (IsOf10)
        {
            int s = Of(0);
            U16(port);
            U16(maxLen);
            PatchLength(s);
        }
        else
        {
            int s = Of(0);
            U32(port < OfpPorts.Max ? port : port + 0xffff0000u);
            U16(maxLen);
            PatchLength(s);
        }
    }

    private void PutController(ControllerAct c)
    {
        if (c.Userdata.Length > 0 || c.Pause || c.MeterId != ControllerAct.NoMeter || c.Controller2)
        {
            int s = Nx(37);
            Zeros(6);
            if (c.MaxLen != ushort.MaxValue)
            {
                Prop(0, [(byte)(c.MaxLen >> 8), (byte)c.MaxLen, 0, 0]);
            }

            if (c.ControllerId != 0)
            {
                Prop(1, [(byte)(c.ControllerId >> 8), (byte)c.ControllerId, 0, 0]);
            }

            if (c.Reason != PacketInReasons.Action)
            {
                Prop(2, [c.Reason]);
            }

            if (c.Userdata.Length > 0)
            {
                Prop(3, c.Userdata);
            }

            if (c.Pause)
            {
                Prop(4, []);
            }

            if (c.MeterId != ControllerAct.NoMeter)
            {
                Prop(5, BigEndian32(c.MeterId));
            }

            PatchLength(s);
        }
        else if (c.ControllerId == 0 && c.Reason == PacketInReasons.Action && !c.NxController)
        {
            PutOutput(OfpPorts.Controller, c.MaxLen);
        }
        else
        {
            int s = Nx(20);
            U16(c.MaxLen);
            U16(c.ControllerId);
            U8(c.Reason);
            PatchLength(s);
        }
    }

    private void Prop(int type, ReadOnlySpan<byte> body)
    {
        int start = _out.Count;
        U16(type);
        U16(4 + body.Length);
        Bytes(body);
        while ((_out.Count - start) % 8 != 0)
        {
            _out.Add(0);
        }
    }

    private void PutSimple(OfpActKind kind)
    {
        int subtype = kind switch
        {
            OfpActKind.PopQueue => 5,
            OfpActKind.Exit => 17,
            OfpActKind.CtClear => 43,
            OfpActKind.DecNshTtl => 48,
            OfpActKind.DebugSlow => 254,
            OfpActKind.DebugRecirc => 255,
            _ => -1,
        };
        if (subtype >= 0)
        {
            PatchLength(Nx(subtype));
        }
        else if (kind == OfpActKind.ClearActions || kind == OfpActKind.UnrollXlate)
        {
            // Instructions and internal actions have no action encoding.
        }
    }

    // mod_vlan_vid/mod_vlan_pcp on an untagged flow add a tag; OpenFlow 1.1+ says so with an explicit push_vlan.
    private void PushVlanIfNeeded(bool pushIfNeeded, bool flowHasVlan)
    {
        if (!IsOf10 && pushIfNeeded && !flowHasVlan)
        {
            int s = Of(17);
            U16(0x8100);
            PatchLength(s);
        }
    }

    private void PutRegMove(RegMoveAct mv)
    {
        if (Version >= 6)
        {
            int s = Of(28);
            U16(mv.Src.Bits);
            U16(mv.Src.Offset);
            U16(mv.Dst.Offset);
            Zeros(2);
            Header(mv.Src.Field, Version);
            Header(mv.Dst.Field, Version);
            PatchLength(s);
            return;
        }

        if (Version == 4 && mv.OnfCopyField)
        {
            int s = _out.Count;
            U16(0xffff);
            U16(0);
            U32(RawActionTable.OnfVendor);
            U16(3200);
            Zeros(2);
            U16(mv.Src.Bits);
            U16(mv.Src.Offset);
            U16(mv.Dst.Offset);
            Zeros(2);
            Header(mv.Src.Field, Version);
            Header(mv.Dst.Field, Version);
            PatchLength(s);
            return;
        }

        int n = Nx(6);
        U16(mv.Src.Bits);
        U16(mv.Src.Offset);
        U16(mv.Dst.Offset);
        Header(mv.Src.Field, 0);
        Header(mv.Dst.Field, 0);
        PatchLength(n);
    }

}
