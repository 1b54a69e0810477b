// Upstream: the decode_OFPAT_RAW*() / decode_NXAST_RAW_*() functions of lib/ofp-actions.c (OVS 3.1)
//
// One action, already length-checked against its table row, to the list. Offsets are the wire offsets of each
// struct (OpenFlow actions start with type/len; vendor actions with type/len/vendor/subtype, 10 bytes).
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.Flow.Packets;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionDecoder
{
    private OfpError Decode(RawAct raw, ReadOnlySpan<byte> a, OfpActKind? outer, List<OfpAct> output)
    {
        OfpError error = OfpError.None;
        OfpAct? act = null;
        switch (raw)
        {
            case RawAct.Of10Output:
                {
                    ushort port = U16(a, 4);
                    error = CheckOutputPort(port, OfpPorts.Max);
                    act = new OutputAct(port, U16(a, 6));
                    break;
                }

            case RawAct.Of11Output:
                {
                    error = PortFromOf11(U32(a, 4), out ushort port);
                    if (error == OfpError.None)
                    {
                        error = CheckOutputPort(port, OfpPorts.Max);
                    }

                    act = new OutputAct(port, U16(a, 8));
                    break;
                }

            case RawAct.Of10SetVlanVid or RawAct.Of11SetVlanVid:
                {
                    ushort vid = U16(a, 4);
                    error = (vid & ~0xfff) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                    act = new SetVlanVidAct(vid, raw == RawAct.Of10SetVlanVid);
                    break;
                }

            case RawAct.Of10SetVlanPcp or RawAct.Of11SetVlanPcp:
                {
                    byte pcp = a[4];
                    error = (pcp & ~7) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                    act = new SetVlanPcpAct(pcp, raw == RawAct.Of10SetVlanPcp);
                    break;
                }

            case RawAct.Of10StripVlan:
                act = new StripVlanAct(ofp10: true);
                break;
            case RawAct.Of11PopVlan:
                act = new StripVlanAct(ofp10: false);
                break;
            case RawAct.Of11PushVlan:
                {
                    ushort ethertype = U16(a, 4);
                    error = ethertype is 0x8100 or 0x88a8 ? OfpError.None : OfpError.OfpbacBadArgument;
                    act = new PushVlanAct(ethertype);
                    break;
                }

            case RawAct.SetDlSrc or RawAct.SetDlDst:
                act = new SetEthAct(raw == RawAct.SetDlDst, Mac(a, 4));
                break;
            case RawAct.SetNwSrc or RawAct.SetNwDst:
                act = new SetIpv4Act(raw == RawAct.SetNwDst, U32(a, 4));
                break;
            case RawAct.SetNwTos:
                error = (a[4] & ~0xfc) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                act = new SetIpByteAct(OfpActKind.SetIpDscp, a[4]);
                break;
            case RawAct.SetNwEcn:
                error = (a[4] & ~3) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                act = new SetIpByteAct(OfpActKind.SetIpEcn, a[4]);
                break;
            case RawAct.Of11SetNwTtl:
                act = new SetIpByteAct(OfpActKind.SetIpTtl, a[4]);
                break;
            case RawAct.SetTpSrc or RawAct.SetTpDst:
                act = new SetL4PortAct(raw == RawAct.SetTpDst, U16(a, 4));
                break;
            case RawAct.Of10Enqueue:
                {
                    ushort port = U16(a, 4);
                    error = port < OfpPorts.Max || port is OfpPorts.InPort or OfpPorts.Local ? OfpError.None : OfpError.OfpbacBadOutPort;
                    act = new EnqueueAct(port, U32(a, 12));
                    break;
                }

            case RawAct.Of11SetMplsLabel:
                act = new SetMplsAct(OfpActKind.SetMplsLabel, U32(a, 4));
                error = (U32(a, 4) & ~0xfffffu) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                break;
            case RawAct.NxSetMplsLabel:
                act = new SetMplsAct(OfpActKind.SetMplsLabel, U32(a, 12));
                error = (U32(a, 12) & ~0xfffffu) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                break;
            case RawAct.Of11SetMplsTc or RawAct.NxSetMplsTc:
                {
                    byte tc = raw == RawAct.NxSetMplsTc ? a[10] : a[4];
                    error = (tc & ~7) != 0 ? OfpError.OfpbacBadArgument : OfpError.None;
                    act = new SetMplsAct(OfpActKind.SetMplsTc, tc);
                    break;
                }

            case RawAct.Of11SetMplsTtl:
                act = new SetMplsAct(OfpActKind.SetMplsTtl, a[4]);
                break;
            case RawAct.NxSetMplsTtl:
                act = new SetMplsAct(OfpActKind.SetMplsTtl, a[10]);
                break;
            case RawAct.Of11DecMplsTtl or RawAct.NxDecMplsTtl:
                act = new SimpleAct(OfpActKind.DecMplsTtl);
                break;
            case RawAct.Of11PushMpls or RawAct.NxPushMpls:
                {
                    ushort ethertype = U16(a, raw == RawAct.NxPushMpls ? 10 : 4);
                    error = ethertype is 0x8847 or 0x8848 ? OfpError.None : OfpError.OfpbacBadArgument;
                    act = new MplsEthertypeAct(push: true, ethertype);
                    break;
                }

            case RawAct.Of11PopMpls or RawAct.NxPopMpls:
                act = new MplsEthertypeAct(push: false, U16(a, raw == RawAct.NxPopMpls ? 10 : 4));
                break;
            case RawAct.Of11SetQueue:
                act = new SetQueueAct(U32(a, 4));
                break;
            case RawAct.NxSetQueue:
                act = new SetQueueAct(U32(a, 12));
                break;
            case RawAct.NxPopQueue:
                act = new SimpleAct(OfpActKind.PopQueue);
                break;
            case RawAct.Of11Group:
                act = new GroupAct(U32(a, 4));
                break;
            case RawAct.NxGroup:
                act = new GroupAct(U32(a, 12));
                break;
            case RawAct.Of11DecNwTtl:
                act = new DecTtlAct([0], withIds: false);
                break;
            case RawAct.NxDecTtl:
                act = new DecTtlAct([0], withIds: false);
                break;
            case RawAct.NxDecTtlCntIds:
                {
                    int n = U16(a, 10);
                    if (!AllZero(a.Slice(12, 4)))
                    {
                        error = OfpError.NxbrcMustBeZero;
                        break;
                    }

                    if (16 + (2 * n) > a.Length)
                    {
                        Warn($"NXAST_DEC_TTL_CNT_IDS: {n} controller ids does not fit in {a.Length} bytes");
                        error = OfpError.OfpbacBadLen;
                        break;
                    }

                    var ids = new ushort[n];
                    for (int i = 0; i < n; i++)
                    {
                        ids[i] = U16(a, 16 + (2 * i));
                    }

                    act = new DecTtlAct(ids, withIds: true);
                    break;
                }

            case RawAct.Of12SetField:
                error = DecodeSetField(a[4..], mayMask: Version >= 6, fromRegLoad2: false, out act);
                break;
            case RawAct.NxRegLoad2:
                error = DecodeSetField(a[10..], mayMask: true, fromRegLoad2: true, out act);
                break;
            case RawAct.NxRegLoad:
                {
                    int ofsNbits = U16(a, 10);
                    error = SubfieldFromHeader(U32(a, 12), ofsNbits >> 6, (ofsNbits & 0x3f) + 1, out Subfield dst);
                    if (error == OfpError.None)
                    {
                        error = CheckDst(dst);
                    }

                    ulong value = U64(a, 16);
                    if (error == OfpError.None && dst.Bits < 64 && (value >> dst.Bits) != 0)
                    {
                        error = OfpError.OfpbacBadArgument;
                    }

                    if (error == OfpError.None)
                    {
                        act = LoadToSetField(dst, value);
                    }

                    break;
                }

            case RawAct.NxRegMove:
                {
                    // The two headers follow the fixed part; either may be an 8-byte experimenter header.
                    int bits = U16(a, 10);
                    error = PullHeader(a[16..], out FieldInfo? srcField, out _, out int srcUsed);
                    Subfield src = default, dst = default;
                    FieldInfo? dstField = null;
                    int dstUsed = 0;
                    if (error == OfpError.None)
                    {
                        error = PullHeader(a[(16 + srcUsed)..], out dstField, out _, out dstUsed);
                    }

                    if (error == OfpError.None && !AllZero(a[(16 + srcUsed + dstUsed)..]))
                    {
                        error = OfpError.NxbrcMustBeZero;
                    }

                    if (error == OfpError.None)
                    {
                        error = CheckedSubfield(srcField!, U16(a, 12), bits, out src);
                    }

                    if (error == OfpError.None)
                    {
                        error = CheckedSubfield(dstField!, U16(a, 14), bits, out dst, "destination");
                    }

                    if (error == OfpError.None)
                    {
                        error = CheckDst(dst);
                    }

                    act = error == OfpError.None ? new RegMoveAct(src, dst) : null;
                    break;
                }

            case RawAct.Of15CopyField or RawAct.Onf13CopyField:
                error = DecodeCopyField(a, raw == RawAct.Onf13CopyField ? 12 : 4, out act);
                break;
            case RawAct.Of15Meter:
                act = new MeterAct(U32(a, 4));
                break;
            case RawAct.NxResubmit:
                act = new ResubmitAct(U16(a, 10), ResubmitAct.AllTables, withCt: false, tableForm: false);
                break;
            case RawAct.NxResubmitTable or RawAct.NxResubmitTableCt:
                if (!AllZero(a.Slice(13, 3)))
                {
                    error = OfpError.OfpbacBadArgument;
                    break;
                }

                act = new ResubmitAct(U16(a, 10), a[12], raw == RawAct.NxResubmitTableCt, tableForm: true);
                break;
            case RawAct.NxSetTunnel:
                act = new SetTunnelAct(U32(a, 12), is64: false);
                break;
            case RawAct.NxSetTunnel64:
                act = new SetTunnelAct(U64(a, 16), is64: true);
                break;
            case RawAct.NxNote:
                act = new NoteAct(a[10..].ToArray());
                break;
            case RawAct.NxExit:
                act = new SimpleAct(OfpActKind.Exit);
                break;
            case RawAct.NxCtClear:
                act = new SimpleAct(OfpActKind.CtClear);
                break;
            case RawAct.NxDecNshTtl:
                act = new SimpleAct(OfpActKind.DecNshTtl);
                break;
            case RawAct.NxDebugSlow or RawAct.NxDebugRecirc:
                // Upstream only accepts the debugging actions from its own test programs and --enable-dummy.
                if (DebugActionsEnabled)
                {
                    act = new SimpleAct(raw == RawAct.NxDebugSlow ? OfpActKind.DebugSlow : OfpActKind.DebugRecirc);
                }
                else
                {
                    error = OfpError.OfpbacBadVendorType;
                }

                break;
            case RawAct.NxFinTimeout:
                act = new FinTimeoutAct(U16(a, 10), U16(a, 12));
                break;
            case RawAct.NxController:
                act = new ControllerAct { MaxLen = U16(a, 10), ControllerId = U16(a, 12), Reason = a[14], NxController = true };
                break;
            case RawAct.NxController2:
                error = DecodeController2(a, out act);
                break;
            case RawAct.NxWriteMetadata:
                if (!AllZero(a.Slice(10, 6)))
                {
                    error = OfpError.NxbrcMustBeZero;
                    break;
                }

                act = new WriteMetadataAct(U64(a, 16), U64(a, 24));
                break;
            case RawAct.NxOutputReg:
                {
                    if (!AllZero(a.Slice(18, 6)))
                    {
                        error = OfpError.OfpbacBadArgument;
                        break;
                    }

                    int ofsNbits = U16(a, 10);
                    error = SubfieldFromHeader(U32(a, 12), ofsNbits >> 6, (ofsNbits & 0x3f) + 1, out Subfield src);
                    act = error == OfpError.None ? new OutputRegAct(src, U16(a, 16), extended: false) : null;
                    break;
                }

            case RawAct.NxOutputReg2:
                {
                    int ofsNbits = U16(a, 10);
                    error = PullHeader(a[14..], out FieldInfo? field, out bool masked, out int used);
                    if (error == OfpError.None && (masked || !AllZero(a[(14 + used)..])))
                    {
                        error = OfpError.NxbrcMustBeZero;
                    }

                    if (error == OfpError.None)
                    {
                        var src = new Subfield(field!, ofsNbits >> 6, (ofsNbits & 0x3f) + 1);
                        error = src.Offset + src.Bits > field!.Bits ? OfpError.OfpbacBadSetLen : OfpError.None;
                        act = new OutputRegAct(src, U16(a, 12), extended: true);
                    }

                    break;
                }

            case RawAct.NxStackPush or RawAct.NxStackPop:
                {
                    if (!AllZero(a.Slice(18, 6)))
                    {
                        error = OfpError.NxbrcMustBeZero;
                        break;
                    }

                    error = SubfieldFromHeader(U32(a, 12), U16(a, 10), U16(a, 16), out Subfield field);
                    act = error == OfpError.None ? new StackAct(raw == RawAct.NxStackPush, field) : null;
                    break;
                }

            case RawAct.NxSample or RawAct.NxSample2 or RawAct.NxSample3:
                error = DecodeSample(raw, a, out act);
                break;
            case RawAct.NxConjunction:
                {
                    byte clause = a[10], n = a[11];
                    if (n is < 2 or > 64 || clause >= n)
                    {
                        error = OfpError.NxbacBadConjunction;
                        break;
                    }

                    act = new ConjunctionAct(U32(a, 12), clause, n);
                    break;
                }

            case RawAct.NxOutputTrunc:
                {
                    ushort port = U16(a, 10);
                    uint maxLen = U32(a, 12);
                    error = CheckOutputPort(port, OfpPorts.Max);
                    if (error == OfpError.None && maxLen < 14)
                    {
                        error = OfpError.OfpbacBadArgument;
                    }

                    act = new OutputTruncAct(port, maxLen);
                    break;
                }

            case RawAct.NxClone:
                {
                    var nested = new List<OfpAct>();
                    error = DecodeList(a[16..], nested, OfpActKind.Clone);
                    if (error == OfpError.None)
                    {
                        error = Verify(nested, ApplyActionsOnly, NestedOuter(outer, OfpActKind.Clone));
                    }

                    act = new NestedAct(OfpActKind.Clone, nested);
                    break;
                }

            case RawAct.NxCt:
                error = DecodeCt(a, out act);
                break;
            case RawAct.NxNat:
                error = DecodeNat(a, out act);
                break;
            case RawAct.NxMultipath:
                error = DecodeMultipath(a, out act);
                break;
            case RawAct.NxBundle or RawAct.NxBundleLoad:
                error = DecodeBundle(a, raw == RawAct.NxBundleLoad, out act);
                break;
            case RawAct.NxLearn or RawAct.NxLearn2:
                error = DecodeLearn(a, raw == RawAct.NxLearn2, out act);
                break;
            case RawAct.NxCheckPktLarger:
                {
                    error = PullHeader(a[14..], out FieldInfo? field, out _, out int used);
                    if (error == OfpError.None && !AllZero(a[(14 + used)..]))
                    {
                        error = OfpError.NxbrcMustBeZero;
                    }

                    if (error == OfpError.None)
                    {
                        var dst = new Subfield(field!, U16(a, 12), 1);
                        error = dst.Offset >= field!.Bits ? OfpError.OfpbacBadSetLen : CheckDst(dst);
                        act = new CheckPktLargerAct(U16(a, 10), dst);
                    }

                    break;
                }

            case RawAct.NxDeleteField:
                {
                    error = PullHeader(a[10..], out FieldInfo? field, out bool masked, out int used);
                    if (error == OfpError.None && (masked || !AllZero(a[(10 + used)..])))
                    {
                        error = OfpError.NxbrcMustBeZero;
                    }

                    act = error == OfpError.None ? new DeleteFieldAct(field!) : null;
                    break;
                }

            case RawAct.NxEncap or RawAct.NxDecap:
                error = DecodeEncapDecap(raw, a, out act);
                break;
            default:
                error = OfpError.OfpbacBadType;
                break;
        }

        if (error == OfpError.None && act is not null)
        {
            output.Add(act);
        }

        return error == OfpError.None && act is null ? OfpError.OfpbacBadType : error;
    }

    private OfpError DecodeSetField(ReadOnlySpan<byte> body, bool mayMask, bool fromRegLoad2, out OfpAct? act)
    {
        act = null;
        var reader = new NxmReader(body);
        NxmError nxm = reader.TryRead(false, out OxmHeader header, out FieldInfo? field, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mask);
        if (nxm == NxmError.None && header.HasMask && !mayMask)
        {
            nxm = NxmError.BadMask;
        }

        if (nxm == NxmError.BadField && (FieldTable.TryGetByHeader(header, out _, out _) || header.Length != 0))
        {
            // A known field with the wrong length, or an unknown field that claims a payload.
            nxm = NxmError.BadLen;
        }

        if (nxm == NxmError.BadWildcards)
        {
            warn?.Invoke("nx_match", Text.OfpLogLevel.Warn, $"Rejecting NXM/OXM entry {header.Experimenter}:{header.Class}:{header.Field}:{(header.HasMask ? 1 : 0)}:{header.Length} with 1-bits in value for bits wildcarded by the mask.");
            return OfpError.OfpbmcBadWildcards;
        }

        if (nxm != NxmError.None)
        {
            return nxm switch
            {
                NxmError.BadMask => OfpError.OfpbacBadSetMask,
                NxmError.BadField => OfpError.OfpbacBadSetType,
                NxmError.BadLen => OfpError.OfpbacBadSetLen,
                NxmError.BadWildcards => OfpError.OfpbacBadSetMask,
                _ => OfpError.OfpbacBadSetArgument,
            };
        }

        if (field is null)
        {
            return OfpError.OfpbacBadSetType;
        }

        int used = body.Length - reader.Remaining;
        if (!AllZero(body[used..]))
        {
            return OfpError.OfpbacBadSetArgument;
        }

        if (!field.Writable)
        {
            warn?.Invoke("meta_flow", Text.OfpLogLevel.Warn, $"destination field {field.Name} is not writable");
            return OfpError.OfpbacBadSetArgument;
        }

        byte[] m = header.HasMask ? mask.ToArray() : Enumerable.Repeat((byte)0xff, value.Length).ToArray();
        byte[] v = value.ToArray();
        if ((field.Id == FieldId.VlanVid && (m[0] & 0x10) != 0 && (v[0] & 0x10) == 0 && !fromRegLoad2) || !FieldAccess.IsValueValid(field, v))
        {
            Warn($"Invalid value for set field {field.Name}: {Ovs.Flow.Text.FieldFormatter.Format(field, v)}");
            return OfpError.OfpbacBadSetArgument;
        }

        act = new SetFieldAct(field, v, m, fromRegLoad: false, fromRegLoad2);
        return OfpError.None;
    }

    private OfpError DecodeCopyField(ReadOnlySpan<byte> a, int start, out OfpAct? act)
    {
        act = null;
        if (a.Length < start + 8)
        {
            return OfpError.OfpbacBadLen;
        }

        int bits = U16(a, start), srcOfs = U16(a, start + 2), dstOfs = U16(a, start + 4);
        int pos = start + 8;
        OfpError error = PullHeader(a[pos..], out FieldInfo? srcField, out bool m1, out int used);
        if (error != OfpError.None)
        {
            return error;
        }

        pos += used;
        error = PullHeader(a[pos..], out FieldInfo? dstField, out bool m2, out used);
        if (error != OfpError.None)
        {
            return error;
        }

        pos += used;
        if (m1 || m2 || !AllZero(a[pos..]))
        {
            return OfpError.NxbrcMustBeZero;
        }

        var src = new Subfield(srcField!, srcOfs, bits);
        var dst = new Subfield(dstField!, dstOfs, bits);
        if (bits == 0 || srcOfs + bits > srcField!.Bits || dstOfs + bits > dstField!.Bits)
        {
            return OfpError.OfpbacBadSetLen;
        }

        error = CheckDst(dst);
        act = new RegMoveAct(src, dst, onfCopyField: start != 4);
        return error;
    }

    private OfpError DecodeSample(RawAct raw, ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        byte direction = 0;
        ushort port = OfpPorts.None;
        if (raw != RawAct.NxSample)
        {
            port = U16(a, 24);
            if (raw == RawAct.NxSample3)
            {
                direction = a[26];
                if (direction > 2)
                {
                    Warn($"invalid sample direction {direction}");
                    return OfpError.OfpbacBadArgument;
                }
            }
        }

        ushort probability = U16(a, 10);
        if (probability == 0)
        {
            return OfpError.OfpbacBadArgument;
        }

        act = new SampleAct
        {
            Probability = probability,
            CollectorSetId = U32(a, 12),
            ObsDomainId = U32(a, 16),
            ObsPointId = U32(a, 20),
            SamplingPort = port,
            Direction = direction,
            Raw = (byte)(raw == RawAct.NxSample ? 1 : raw == RawAct.NxSample2 ? 2 : 3),
        };
        return OfpError.None;
    }

    private OfpError DecodeCt(ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        ushort flags = U16(a, 10);
        if ((flags & CtAct.FlagForce) != 0 && (flags & CtAct.FlagCommit) == 0)
        {
            Warn("The force flag requires the commit flag.");
            return OfpError.OfpbacBadArgument;
        }

        uint zoneHeader = U32(a, 12);
        ushort zoneWord = U16(a, 16);
        Subfield? zoneSrc = null;
        ushort zoneImm = 0;
        if (zoneHeader != 0)
        {
            OfpError zerr = SubfieldFromHeader(zoneHeader, zoneWord >> 6, (zoneWord & 0x3f) + 1, out Subfield zone);
            if (zerr != OfpError.None)
            {
                return zerr;
            }

            if (zone.Bits != 16)
            {
                return OfpError.OfpbacBadSetLen;
            }

            zoneSrc = zone;
        }
        else
        {
            zoneImm = zoneWord;
        }

        byte table = a[18];
        if (table != CtAct.NoRecirc && !AllZero(a.Slice(19, 3)))
        {
            return OfpError.NxbrcMustBeZero;
        }

        var nested = new List<OfpAct>();
        OfpError error = DecodeList(a[24..], nested, OfpActKind.Ct);
        if (error == OfpError.None)
        {
            error = Verify(nested, ApplyActionsOnly, OfpActKind.Ct);
        }

        if (error != OfpError.None)
        {
            return error;
        }

        act = new CtAct
        {
            Flags = flags,
            ZoneSrc = zoneSrc,
            ZoneImm = zoneImm,
            RecircTable = table,
            Alg = U16(a, 22),
            Actions = nested,
        };
        return OfpError.None;
    }

    private static OfpError DecodeNat(ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        ushort flags = U16(a, 12);
        ushort present = U16(a, 14);
        if ((flags & (NatAct.FlagSrc | NatAct.FlagDst)) == (NatAct.FlagSrc | NatAct.FlagDst) || (present & ~0x3f) != 0)
        {
            return OfpError.OfpbacBadArgument;
        }

        int pos = 16;
        uint v4min = 0, v4max = 0;
        Ipv6Address v6min = default, v6max = default;
        ushort pmin = 0, pmax = 0;
        byte family = 0;
        if ((present & 1) != 0)
        {
            if (pos + 4 > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            v4min = U32(a, pos);
            pos += 4;
            family = 4;
        }

        if ((present & 2) != 0)
        {
            if (pos + 4 > a.Length || family != 4)
            {
                return pos + 4 > a.Length ? OfpError.OfpbacBadLen : OfpError.OfpbacBadArgument;
            }

            v4max = U32(a, pos);
            pos += 4;
        }

        if ((present & 4) != 0)
        {
            if (pos + 16 > a.Length || family != 0)
            {
                return pos + 16 > a.Length ? OfpError.OfpbacBadLen : OfpError.OfpbacBadArgument;
            }

            v6min = Ipv6Address.Read(a[pos..]);
            pos += 16;
            family = 6;
        }

        if ((present & 8) != 0)
        {
            if (pos + 16 > a.Length || family != 6)
            {
                return pos + 16 > a.Length ? OfpError.OfpbacBadLen : OfpError.OfpbacBadArgument;
            }

            v6max = Ipv6Address.Read(a[pos..]);
            pos += 16;
        }

        if ((present & 0x10) != 0)
        {
            if (pos + 2 > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            pmin = U16(a, pos);
            pos += 2;
        }

        if ((present & 0x20) != 0)
        {
            if (pos + 2 > a.Length || pmin == 0)
            {
                return pos + 2 > a.Length ? OfpError.OfpbacBadLen : OfpError.OfpbacBadArgument;
            }

            pmax = U16(a, pos);
        }

        if ((family == 4 && (present & 2) != 0 && v4max < v4min)
            || (family == 6 && (present & 8) != 0 && Ipv6Less(v6max, v6min))
            || ((present & 0x20) != 0 && pmax < pmin))
        {
            return OfpError.OfpbacBadArgument;
        }

        act = new NatAct
        {
            Flags = flags,
            Family = family,
            Ipv4Min = v4min,
            Ipv4Max = v4max,
            Ipv6Min = v6min,
            Ipv6Max = v6max,
            ProtoMin = pmin,
            ProtoMax = pmax,
        };
        return OfpError.None;
    }

    private static bool Ipv6Less(Ipv6Address a, Ipv6Address b) => a.High < b.High || (a.High == b.High && a.Low < b.Low);

    private OfpError DecodeMultipath(ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        ushort fields = U16(a, 10), algorithm = U16(a, 16), maxLink = U16(a, 18);
        int ofsNbits = U16(a, 26);
        if (!HashFields.IsValid(fields) || algorithm > 3)
        {
            return OfpError.OfpbacBadArgument;
        }

        OfpError error = SubfieldFromHeader(U32(a, 28), ofsNbits >> 6, (ofsNbits & 0x3f) + 1, out Subfield dst);
        if (error != OfpError.None)
        {
            return error;
        }

        if (dst.Bits < 64 && maxLink + 1 > (1 << Math.Min(dst.Bits, 30)))
        {
            return OfpError.OfpbacBadArgument;
        }

        act = new MultipathAct { Fields = fields, Basis = U16(a, 12), Algorithm = algorithm, MaxLink = maxLink, Arg = U32(a, 20), Dst = dst };
        return OfpError.None;
    }

    private OfpError DecodeBundle(ReadOnlySpan<byte> a, bool load, out OfpAct? act)
    {
        act = null;
        ushort algorithm = U16(a, 10), fields = U16(a, 12), basis = U16(a, 14);
        uint memberType = U32(a, 16);
        int n = U16(a, 20);
        int ofsNbits = U16(a, 22);
        uint dstHeader = U32(a, 24);
        OfpError error = OfpError.None;
        if (!HashFields.IsValid(fields))
        {
            Warn($"unsupported fields {fields}");
            error = OfpError.OfpbacBadArgument;
        }
        else if (algorithm > 1)
        {
            Warn($"unsupported algorithm {algorithm}");
            error = OfpError.OfpbacBadArgument;
        }
        else if (memberType != 0x00000002)
        {
            Warn($"unsupported member type {memberType}");
            error = OfpError.OfpbacBadArgument;
        }

        if (!AllZero(a.Slice(28, 4)))
        {
            Warn("reserved field is nonzero");
            error = OfpError.OfpbacBadArgument;
        }

        Subfield? dst = null;
        if (load)
        {
            if (SubfieldFromHeader(dstHeader, ofsNbits >> 6, (ofsNbits & 0x3f) + 1, out Subfield d) is var derr && derr != OfpError.None)
            {
                error = error == OfpError.None ? derr : error;
            }
            else
            {
                dst = d;
                if (d.Bits < 16)
                {
                    Warn($"bundle_load action requires at least 16 bit destination.");
                    error = OfpError.OfpbacBadArgument;
                }
            }
        }
        else if (ofsNbits != 0 || dstHeader != 0)
        {
            Warn("bundle action has nonzero reserved fields");
            error = OfpError.OfpbacBadArgument;
        }

        if (32 + (2 * n) > a.Length)
        {
            Warn($"Nicira action {(load ? "bundle_load" : "bundle")} only has {a.Length} bytes allocated for members.  {32 + (2 * n)} bytes are required for {n} members.");
            error = OfpError.OfpbacBadLen;
        }

        if (error != OfpError.None)
        {
            return error;
        }

        var members = new ushort[n];
        for (int i = 0; i < n; i++)
        {
            members[i] = U16(a, 32 + (2 * i));
        }

        act = new BundleAct { Fields = fields, Basis = basis, Algorithm = algorithm, Dst = dst, Members = members };
        return OfpError.None;
    }

    private OfpError DecodeController2(ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        if (!AllZero(a.Slice(10, 6)))
        {
            return OfpError.NxbrcMustBeZero;
        }

        ushort maxLen = ushort.MaxValue, id = 0;
        byte reason = PacketInReasons.Action;
        bool pause = false;
        uint meter = ControllerAct.NoMeter;
        byte[] userdata = [];
        int pos = 16;
        while (pos < a.Length)
        {
            if (pos + 4 > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            ushort type = U16(a, pos), len = U16(a, pos + 2);
            int padded = (len + 7) & ~7;
            if (len < 4 || pos + padded > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            ReadOnlySpan<byte> body = a.Slice(pos + 4, len - 4);
            switch (type)
            {
                case 0 when body.Length is 2 or 4:
                    maxLen = U16(body, 0);
                    break;
                case 1 when body.Length is 2 or 4:
                    id = U16(body, 0);
                    break;
                case 2 when body.Length == 1:
                    reason = body[0];
                    break;
                case 3:
                    userdata = body.ToArray();
                    break;
                case 4 when body.Length == 0:
                    pause = true;
                    break;
                case 5 when body.Length == 4:
                    meter = U32(body, 0);
                    break;
                case <= 5:
                    return OfpError.OfpbacBadLen;
                default:
                    Warn($"unknown NXAC_CONTROLLER2 property type {type}");
                    return OfpError.OfpbpcBadType;
            }

            pos += padded;
        }

        act = new ControllerAct { MaxLen = maxLen, ControllerId = id, Reason = reason, Pause = pause, MeterId = meter, Userdata = userdata, Controller2 = true };
        return OfpError.None;
    }

    private static OfpError DecodeEncapDecap(RawAct raw, ReadOnlySpan<byte> a, out OfpAct? act)
    {
        act = null;
        if (raw == RawAct.NxDecap)
        {
            act = new DecapAct(U32(a, 12));
            return AllZero(a.Slice(10, 2)) ? OfpError.None : OfpError.NxbrcMustBeZero;
        }

        ushort hdrSize = U16(a, 10);
        uint packetType = U32(a, 12);
        var props = new List<EncapProperty>();
        int pos = 16;
        while (pos < a.Length)
        {
            if (pos + 4 > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            ushort pclass = U16(a, pos);
            byte ptype = a[pos + 2], plen = a[pos + 3];
            int padded = (plen + 7) & ~7;
            if (plen < 4 || pos + padded > a.Length)
            {
                return OfpError.OfpbacBadLen;
            }

            props.Add(new EncapProperty(pclass, ptype, a.Slice(pos + 4, plen - 4).ToArray()));
            pos += padded;
        }

        act = new EncapAct(hdrSize, packetType, props);
        return OfpError.None;
    }
}
