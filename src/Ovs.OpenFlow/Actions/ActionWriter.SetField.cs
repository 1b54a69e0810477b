// Upstream: the encode_*() functions of lib/ofp-actions.c for actions that write a field (set_field, reg_load,
// mod_nw_*, set_mpls_*, mod_tp_*), OVS 3.1: the field-setting family, in whichever encoding the version has.
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionWriter
{
    private void PutIpByte(SetIpByteAct ib)
    {
        switch (ib.Kind)
        {
            case OfpActKind.SetIpDscp:
                if (HasSetField)
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.IpDscpShifted), [(byte)(ib.Value >> 2)]);
                }
                else
                {
                    int s = Of(IsOf10 ? 8 : 7);
                    U8(ib.Value);
                    PatchLength(s);
                }

                break;
            case OfpActKind.SetIpEcn:
                if (IsOf11)
                {
                    int s = Of(8);
                    U8(ib.Value);
                    PatchLength(s);
                }
                else if (HasSetField)
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.IpEcn), [ib.Value]);
                }
                else
                {
                    PutRegLoad(new Subfield(FieldTable.Get(FieldId.IpEcn), 0, 2), ib.Value);
                }

                break;
            default:
                if (IsOf10)
                {
                    PutRegLoad(new Subfield(FieldTable.Get(FieldId.IpTtl), 0, 8), ib.Value);
                }
                else
                {
                    int s = Of(23);
                    U8(ib.Value);
                    PatchLength(s);
                }

                break;
        }
    }

    private void PutSetMpls(SetMplsAct m)
    {
        switch (m.Kind)
        {
            case OfpActKind.SetMplsLabel:
                if (IsOf10)
                {
                    int s = Nx(30);
                    Zeros(2);
                    U32(m.Value);
                    PatchLength(s);
                }
                else if (IsOf11)
                {
                    int s = Of(13);
                    U32(m.Value);
                    PatchLength(s);
                }
                else
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.MplsLabel), BigEndian32(m.Value));
                }

                break;
            case OfpActKind.SetMplsTc:
                if (IsOf10)
                {
                    int s = Nx(31);
                    U8((int)m.Value);
                    PatchLength(s);
                }
                else if (IsOf11)
                {
                    int s = Of(14);
                    U8((int)m.Value);
                    PatchLength(s);
                }
                else
                {
                    PutSetFieldValue(FieldTable.Get(FieldId.MplsTc), [(byte)m.Value]);
                }

                break;
            default:
                {
                    int s = IsOf10 ? Nx(25) : Of(15);
                    U8((int)m.Value);
                    PatchLength(s);
                    break;
                }
        }
    }

    private void PutRegLoad(Subfield dst, ulong value)
    {
        int s = Nx(7);
        U16(OfsNbits(dst.Offset, dst.Bits));
        U32(NxmHeaderWord(dst.Field));
        U64(value);
        PatchLength(s);
    }

    /// <summary>An exact set_field (OpenFlow 1.2+), with the field's OXM header for this version.</summary>
    private void PutSetFieldValue(FieldInfo field, ReadOnlySpan<byte> value)
    {
        int s = Of(25);
        Header(field, Version);
        Bytes(value);
        PatchLength(s);
    }

    private void PutSetField(SetFieldAct sf)
    {
        if (Version >= 6)
        {
            // OpenFlow 1.5 has only Set-Field: reg_load is redundant there and is sent as set_field too.
            int s = Of(25);
            Header(sf.Field, Version, masked: !sf.IsExact);
            Bytes(sf.Value);
            if (!sf.IsExact)
            {
                Bytes(sf.Mask);
            }

            PatchLength(s);
        }
        else if (sf.FromRegLoad2)
        {
            // It came in as reg_load2: it goes out the same way.
            PutRegLoad2(sf);
        }
        else if (sf.FromRegLoad)
        {
            PutSetFieldNx(sf);
        }
        else if (!HasSetField)
        {
            if (!PutLegacy(sf))
            {
                PutSetFieldNx(sf);
            }
        }
        else if (sf.IsExact)
        {
            PutSetFieldValue(sf.Field, sf.Value);
        }
        else
        {
            // OpenFlow 1.2 to 1.4 cannot set part of a field with Set-Field: upstream sends reg_load segments where
            // the field has an NXM header (so it reads back as "load:"), else reg_load2.
            PutSetFieldNx(sf);
        }
    }

    /// <summary>reg_load segments when the field has an NXM header, else reg_load2 with its OXM header.</summary>
    private void PutSetFieldNx(SetFieldAct sf)
    {
        if (HasNxm32(sf.Field) && sf.Field.Bits <= 128 && !sf.Field.VariableLength)
        {
            foreach ((int offset, int bits) in sf.LoadSegments())
            {
                PutRegLoad(new Subfield(sf.Field, offset, bits), OfpActText.ReadBits(sf.Value, offset, bits));
            }

            return;
        }

        PutRegLoad2(sf);
    }

    /// <summary>NXAST_REG_LOAD2: the field's NXM header where it has one, else its OXM header.</summary>
    private void PutRegLoad2(SetFieldAct sf)
    {
        int s = Nx(33);
        Header(sf.Field, 0, masked: !sf.IsExact);
        Bytes(sf.Value);
        if (!sf.IsExact)
        {
            Bytes(sf.Mask);
        }

        PatchLength(s);
    }

    /// <summary>set_field_to_legacy_openflow(): OpenFlow 1.0/1.1 actions for the fields they can set.</summary>
    private bool PutLegacy(SetFieldAct sf)
    {
        if (!sf.IsExact)
        {
            return false;
        }

        byte[] v = sf.Value;
        switch (sf.Field.Id)
        {
            case FieldId.VlanVid:
                {
                    int s = Of(1);
                    U16(((v[0] << 8) | v[1]) & 0xfff);
                    PatchLength(s);
                    return true;
                }

            case FieldId.VlanPcp:
                {
                    int s = Of(2);
                    U8(v[0]);
                    PatchLength(s);
                    return true;
                }

            case FieldId.EthSrc or FieldId.EthDst:
                {
                    bool dst = sf.Field.Id == FieldId.EthDst;
                    int s = Of(dst ? (IsOf10 ? 5 : 4) : (IsOf10 ? 4 : 3));
                    Bytes(v);
                    PatchLength(s);
                    return true;
                }

            case FieldId.Ipv4Src or FieldId.Ipv4Dst:
                {
                    bool dst = sf.Field.Id == FieldId.Ipv4Dst;
                    int s = Of(dst ? (IsOf10 ? 7 : 6) : (IsOf10 ? 6 : 5));
                    Bytes(v);
                    PatchLength(s);
                    return true;
                }

            case FieldId.IpDscp or FieldId.IpDscpShifted:
                {
                    int s = Of(IsOf10 ? 8 : 7);
                    U8(sf.Field.Id == FieldId.IpDscp ? v[0] : v[0] << 2);
                    PatchLength(s);
                    return true;
                }

            case FieldId.IpEcn when IsOf11:
                {
                    int s = Of(8);
                    U8(v[0]);
                    PatchLength(s);
                    return true;
                }

            case FieldId.IpTtl when IsOf11:
                {
                    int s = Of(23);
                    U8(v[0]);
                    PatchLength(s);
                    return true;
                }

            case FieldId.TcpSrc or FieldId.UdpSrc or FieldId.SctpSrc or FieldId.TcpDst or FieldId.UdpDst or FieldId.SctpDst:
                {
                    bool dst = sf.Field.Id is FieldId.TcpDst or FieldId.UdpDst or FieldId.SctpDst;
                    int s = Of(dst ? 10 : 9);
                    Bytes(v);
                    PatchLength(s);
                    return true;
                }

            case FieldId.MplsLabel when IsOf11:
                {
                    int s = Of(13);
                    Bytes(v);
                    PatchLength(s);
                    return true;
                }

            case FieldId.MplsTc when IsOf11:
                {
                    int s = Of(14);
                    U8(v[0]);
                    PatchLength(s);
                    return true;
                }

            default:
                return false;
        }
    }

    // OpenFlow 1.2+ writes the port of the flow's transport protocol with set_field; when the protocol is not known
    // (the action was not checked against a TCP, UDP or SCTP match) the old OFPAT_SET_TP_* action is used.
    private void PutSetL4Port(SetL4PortAct l4)
    {
        FieldId? field = l4.FlowIpProto switch
        {
            6 => l4.Dst ? FieldId.TcpDst : FieldId.TcpSrc,
            17 => l4.Dst ? FieldId.UdpDst : FieldId.UdpSrc,
            132 => l4.Dst ? FieldId.SctpDst : FieldId.SctpSrc,
            _ => null,
        };
        if (HasSetField && field is { } id)
        {
            PutSetFieldValue(FieldTable.Get(id), [(byte)(l4.Port >> 8), (byte)l4.Port]);
            return;
        }

        int s = Of(l4.Dst ? 10 : 9);
        U16(l4.Port);
        PatchLength(s);
    }
}
