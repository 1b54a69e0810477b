// Upstream: ofpacts_put_openflow_actions(), ofpacts_put_openflow_instructions() and the encode_*() functions of
// lib/ofp-actions.c (OVS 3.1)
//
// The list back to the wire for one version. Each kind picks the encoding that version has (an OpenFlow action,
// a Nicira or ONF extension, or set_field), and keeps the form it was decoded from where upstream does.
using System.Buffers.Binary;
using Ovs.Flow.Fields;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionWriter(byte version)
{
    private readonly List<byte> _out = [];

    public byte Version { get; } = version;

    public byte[] ToArray() => [.. _out];

    public void PutActions(IReadOnlyList<OfpAct> actions)
    {
        foreach (OfpAct a in actions)
        {
            Put(a);
        }
    }

    /// <summary>Instructions for 1.1+: runs of plain actions go into apply-actions instructions.</summary>
    public void PutInstructions(IReadOnlyList<OfpAct> actions)
    {
        if (Version == 1)
        {
            PutActions(actions);
            return;
        }

        int i = 0;
        while (i < actions.Count)
        {
            if (IsApplyAction(actions[i]))
            {
                int start = _out.Count;
                U16(4);
                U16(0);
                Zeros(4);
                while (i < actions.Count && IsApplyAction(actions[i]))
                {
                    Put(actions[i]);
                    i++;
                }

                PatchLength(start);
                continue;
            }

            PutInstruction(actions[i]);
            i++;
        }
    }

    private bool IsApplyAction(OfpAct a) => !a.Kind.IsInstruction() || (a.Kind == OfpActKind.Meter && Version >= 6);

    private void PutInstruction(OfpAct a)
    {
        switch (a)
        {
            case MeterAct m when Version is 4 or 5:
                U16(6);
                U16(8);
                U32(m.MeterId);
                break;
            case SimpleAct { Kind: OfpActKind.ClearActions }:
                U16(5);
                U16(8);
                Zeros(4);
                break;
            case NestedAct { Kind: OfpActKind.WriteActions } w when w.Actions.Count > 0:
                {
                    int start = _out.Count;
                    U16(3);
                    U16(0);
                    Zeros(4);
                    PutActions(w.Actions);
                    PatchLength(start);
                    break;
                }

            case WriteMetadataAct wm:
                U16(2);
                U16(24);
                Zeros(4);
                U64(wm.Metadata);
                U64(wm.Mask);
                break;
            case GotoTableAct g:
                U16(1);
                U16(8);
                U8(g.Table);
                Zeros(3);
                break;
            default:
                break;
        }
    }

    // --- primitive writers ---
    private void U8(int v) => _out.Add((byte)v);

    private void U16(int v)
    {
        _out.Add((byte)(v >> 8));
        _out.Add((byte)v);
    }

    private void U32(uint v)
    {
        U16((int)(v >> 16));
        U16((int)(v & 0xffff));
    }

    private void U64(ulong v)
    {
        U32((uint)(v >> 32));
        U32((uint)v);
    }

    private void Zeros(int n)
    {
        for (int i = 0; i < n; i++)
        {
            _out.Add(0);
        }
    }

    private void Bytes(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            _out.Add(b);
        }
    }

    private void Mac(Ovs.Flow.Packets.EthAddr mac)
    {
        Span<byte> b = stackalloc byte[6];
        mac.Write(b);
        Bytes(b);
    }

    /// <summary>Pads from <paramref name="start"/> to a multiple of 8 and stores the length at start + 2.</summary>
    private void PatchLength(int start)
    {
        while ((_out.Count - start) % 8 != 0)
        {
            _out.Add(0);
        }

        int len = _out.Count - start;
        _out[start + 2] = (byte)(len >> 8);
        _out[start + 3] = (byte)len;
    }

    /// <summary>Starts an OpenFlow action of <paramref name="type"/>; returns its offset for PatchLength.</summary>
    private int Of(int type)
    {
        int start = _out.Count;
        U16(type);
        U16(0);
        return start;
    }

    /// <summary>Starts a Nicira extension action with <paramref name="subtype"/>; returns its offset.</summary>
    private int Nx(int subtype)
    {
        int start = _out.Count;
        U16(0xffff);
        U16(0);
        U32(RawActionTable.NxVendor);
        U16(subtype);
        return start;
    }

    /// <summary>Writes an NXM/OXM header for <paramref name="field"/> as chosen for this version (0 = NXM first).</summary>
    private void Header(FieldInfo field, int headerVersion, bool masked = false)
    {
        OxmHeader h = field.Header(headerVersion) ?? default;
        int payload = h.PayloadSize;
        if (masked)
        {
            h = h.WithMask(true, payload * 2);
        }

        Span<byte> b = stackalloc byte[8];
        h.Write(b);
        Bytes(b[..h.HeaderSize]);
    }

    private static uint NxmHeaderWord(FieldInfo field)
    {
        OxmHeader? h = field.Header(0);
        return h is { } x && !x.IsExperimenter ? x.FirstWord : 0;
    }

    private static bool HasNxm32(FieldInfo field) => field.Header(0) is { IsExperimenter: false };

    private static void Put16(Span<byte> s, ushort v) => BinaryPrimitives.WriteUInt16BigEndian(s, v);
}
