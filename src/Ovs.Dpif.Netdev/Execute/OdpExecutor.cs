// Upstream: odp_execute_actions(), odp_execute_sample(), odp_execute_clone() and odp_execute_check_pkt_len() in
// lib/odp-execute.c (OVS 3.1).
// Runs a list of ODP actions (netlink attributes, as a datapath flow carries them) on a batch of packets. Actions
// that only change packets run here; the ones that need the datapath go to the host (IOdpExecuteHost). The batch is
// consumed: on return it is empty and every packet has been sent, queued or released.
//
// Ownership: the executor owns the batch's packets. A host action that is the last of its list gets the batch
// itself; one followed by more actions gets a copy, so the rest of the list still sees the packets as they were.
// sample, clone and check_pkt_len run their nested list on the packets themselves when they are last, and on copies
// otherwise. Packets left at the end of the list are released (an implicit drop).
//
// Allocation: none per packet on the paths that only edit packets. Copies come from the packet's pool, and the
// batches that carry copies and nested-list packets are per-thread scratch batches, one per nesting level (a host
// that runs actions again, as recirculation does, nests deeper rather than reusing a level in use). A host must
// therefore not keep a batch it is handed past its Execute call; it moves the packets out.
//
// Thread-safety: stateless apart from the per-thread scratch batches; any number of datapath threads may run it.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class OdpExecutor
{
    private const int TruncMinimum = 14;

    private static readonly Func<uint> s_defaultRandom = () => (uint)Random.Shared.NextInt64(0, 1L << 32);

    [ThreadStatic]
    private static DpPacketBatch[]? s_scratch;

    [ThreadStatic]
    private static int s_depth;

    /// <summary>Runs actions on the batch; packets still held after the last action are dropped (released).</summary>
    public static void Execute(DpPacketBatch batch, ReadOnlySpan<byte> actions, IOdpExecuteHost host) =>
        Execute(batch, actions, host, s_defaultRandom);

    /// <summary>
    /// As <see cref="Execute(DpPacketBatch, ReadOnlySpan{byte}, IOdpExecuteHost)"/>, with the source of the uniform
    /// 32-bit random numbers sample's probability is compared against (tests pass a deterministic one).
    /// </summary>
    public static void Execute(DpPacketBatch batch, ReadOnlySpan<byte> actions, IOdpExecuteHost host, Func<uint> random)
    {
        int depth = s_depth;
        try
        {
            Run(batch, actions, host, random, depth);
        }
        finally
        {
            s_depth = depth;
        }
    }

    /// <summary>Whether the action needs the datapath (ports, recirculation, userspace, tunnels, conntrack, meters).</summary>
    public static bool NeedsHost(ushort type) => type switch
    {
        OdpActionAttr.Output or OdpActionAttr.LbOutput or OdpActionAttr.Recirc or OdpActionAttr.Userspace
            or OdpActionAttr.TunnelPush or OdpActionAttr.TunnelPop or OdpActionAttr.Ct or OdpActionAttr.CtClear
            or OdpActionAttr.Meter => true,
        _ => false,
    };

    private static void Run(DpPacketBatch batch, ReadOnlySpan<byte> actions, IOdpExecuteHost host, Func<uint> random, int depth)
    {
        // Levels up to depth are in use by the frames above; a host that runs actions again starts past them.
        s_depth = Math.Max(s_depth, depth + 1);
        var reader = new NlAttrReader(actions);
        int offset = 0;
        while (!batch.IsEmpty && reader.MoveNext())
        {
            int start = offset;
            offset = reader.Offset;
            NlAttr attr = reader.Current;
            bool last = reader.Leftover == 0;
            if (attr.Type == OdpActionAttr.Meter)
            {
                // The host drops what exceeds the meter and leaves the rest in the batch for the next actions.
                host.Execute(batch, actions[start..offset]);
                continue;
            }

            if (NeedsHost(attr.Type))
            {
                ReadOnlySpan<byte> whole = actions[start..offset];
                if (last)
                {
                    host.Execute(batch, whole);
                    batch.Clear();
                    return;
                }

                DpPacketBatch copy = Scratch(depth);
                CopyInto(batch, copy);
                host.Execute(copy, whole);
                copy.ReleaseAll();
                continue;
            }

            switch (attr.Type)
            {
                case OdpActionAttr.Sample:
                case OdpActionAttr.CheckPktLen:
                    PerPacketNested(batch, attr, last, host, random, depth);
                    if (last)
                    {
                        return;
                    }

                    break;
                case OdpActionAttr.Clone:
                    Clone(batch, attr.Payload, last, host, random, depth);
                    if (last)
                    {
                        return;
                    }

                    break;
                case OdpActionAttr.Drop:
                    DropActionCounters.Count(attr.Payload, batch.Count);
                    batch.ReleaseAll();
                    return;
                case OdpActionAttr.PopNsh:
                    PopNsh(batch, depth);
                    break;
                default:
                    ExecuteSimple(batch, attr);
                    break;
            }
        }

        batch.ReleaseAll();
    }

    /// <summary>The actions that change each packet of the batch on their own.</summary>
    private static void ExecuteSimple(DpPacketBatch batch, NlAttr attr)
    {
        ReadOnlySpan<byte> a = attr.Payload;
        int expected = OdpActionAttr.ExpectedSize(attr.Type);
        if (expected >= 0 && a.Length != expected)
        {
            return;
        }

        switch (attr.Type)
        {
            case OdpActionAttr.Set:
            case OdpActionAttr.SetMasked:
                bool masked = attr.Type == OdpActionAttr.SetMasked;
                for (int i = 0; i < batch.Count; i++)
                {
                    OdpSetAction.Execute(batch[i], a, masked);
                }

                break;
            case OdpActionAttr.PushVlan:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PushVlan(batch[i], BinaryPrimitives.ReadUInt16BigEndian(a), BinaryPrimitives.ReadUInt16BigEndian(a[2..]));
                }

                break;
            case OdpActionAttr.PopVlan:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PopVlan(batch[i]);
                }

                break;
            case OdpActionAttr.PushMpls:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PushMpls(batch[i], BinaryPrimitives.ReadUInt16BigEndian(a[4..]), BinaryPrimitives.ReadUInt32BigEndian(a));
                }

                break;
            case OdpActionAttr.AddMpls:
                bool l3 = (HostU16(a[6..]) & 1) != 0;
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.AddMpls(batch[i], BinaryPrimitives.ReadUInt16BigEndian(a[4..]), BinaryPrimitives.ReadUInt32BigEndian(a), l3);
                }

                break;
            case OdpActionAttr.PopMpls:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PopMpls(batch[i], BinaryPrimitives.ReadUInt16BigEndian(a));
                }

                break;
            case OdpActionAttr.PushEth:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PushEth(batch[i], a[6..12], a[..6]);
                }

                break;
            case OdpActionAttr.PopEth:
                for (int i = 0; i < batch.Count; i++)
                {
                    PacketEncap.PopEth(batch[i]);
                }

                break;
            case OdpActionAttr.PushNsh:
                PushNsh(batch, a);
                break;
            case OdpActionAttr.Hash:
                uint algorithm = HostU32(a), basis = HostU32(a[4..]);
                for (int i = 0; i < batch.Count; i++)
                {
                    if (DpHash.TryCompute(batch[i], algorithm, basis, out uint hash))
                    {
                        batch[i].DpHash = hash;
                    }
                }

                break;
            case OdpActionAttr.Trunc:
                Trunc(batch, HostU32(a));
                break;
        }
    }

    /// <summary>trunc(max_len): marks how much each packet loses when it is sent; the bytes stay until then.</summary>
    private static void Trunc(DpPacketBatch batch, uint maxLength)
    {
        batch.Truncated = true;
        maxLength = Math.Max(maxLength, TruncMinimum);
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket p = batch[i];
            p.CutLen = maxLength >= (uint)p.Size ? 0 : (uint)p.Size - maxLength;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PushNsh(DpPacketBatch batch, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[NshHeader.MaxSize];
        int size = NshHeader.Build(payload, header);
        if (size < 0)
        {
            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            PacketEncap.PushNsh(batch[i], header[..size]);
        }
    }

    /// <summary>pop_nsh: packets whose inner protocol is unknown are dropped; the others keep their order.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PopNsh(DpPacketBatch batch, int depth)
    {
        DpPacketBatch kept = Scratch(depth);
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket p = batch[i];
            if (PacketEncap.PopNsh(p))
            {
                kept.Add(p);
            }
            else
            {
                p.Release();
            }
        }

        bool truncated = batch.Truncated;
        batch.Clear();
        for (int i = 0; i < kept.Count; i++)
        {
            batch.Add(kept[i]);
        }

        batch.Truncated = truncated;
        kept.Clear();
    }

    /// <summary>sample and check_pkt_len: each packet (or its copy) runs a nested list chosen for it alone.</summary>
    private static void PerPacketNested(DpPacketBatch batch, NlAttr attr, bool last, IOdpExecuteHost host, Func<uint> random, int depth)
    {
        DpPacketBatch single = Scratch(depth);
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket p = batch[i];
            bool run = attr.Type == OdpActionAttr.Sample
                ? SampleChoose(attr.Payload, random, out ReadOnlySpan<byte> nested)
                : CheckPktLenChoose(attr.Payload, p, out nested);
            if (!run)
            {
                if (last)
                {
                    p.Release();
                }

                continue;
            }

            DpPacket? subject = last ? p : Copy(p);
            if (subject is null)
            {
                continue;
            }

            single.Add(subject);
            Run(single, nested, host, random, depth + 1);
        }

        if (last)
        {
            batch.Clear();
        }
    }

    private static bool SampleChoose(ReadOnlySpan<byte> payload, Func<uint> random, out ReadOnlySpan<byte> nested)
    {
        nested = default;
        foreach (NlAttr a in new NlAttrReader(payload))
        {
            if (a.Type == OdpSampleAttr.Probability && a.Size == 4)
            {
                if (random() >= a.U32)
                {
                    return false;
                }
            }
            else if (a.Type == OdpSampleAttr.Actions)
            {
                nested = a.Payload;
            }
        }

        return true;
    }

    private static bool CheckPktLenChoose(ReadOnlySpan<byte> payload, DpPacket p, out ReadOnlySpan<byte> nested)
    {
        nested = default;
        if (!NlAttrReader.TryFindLast(payload, OdpCheckPktLenAttr.PktLen, out NlAttr length) || length.Size != 2)
        {
            return false;
        }

        long size = (long)p.Size - p.CutLen - p.L2PadSize;
        ushort which = size > length.U16 ? OdpCheckPktLenAttr.ActionsIfGreater : OdpCheckPktLenAttr.ActionsIfLessEqual;
        if (NlAttrReader.TryFindLast(payload, which, out NlAttr chosen))
        {
            nested = chosen.Payload;
        }

        return true;
    }

    /// <summary>clone: the nested list runs on the batch itself when clone is last, else on copies of it.</summary>
    private static void Clone(DpPacketBatch batch, ReadOnlySpan<byte> nested, bool last, IOdpExecuteHost host, Func<uint> random, int depth)
    {
        if (last)
        {
            Run(batch, nested, host, random, depth + 1);
            return;
        }

        DpPacketBatch copy = Scratch(depth);
        CopyInto(batch, copy);

        // The copies keep the pending truncation; the originals go on untruncated, as upstream resets their cut.
        if (batch.Truncated)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                batch[i].CutLen = 0;
            }

            batch.Truncated = false;
        }

        Run(copy, nested, host, random, depth + 1);
    }

    private static void CopyInto(DpPacketBatch batch, DpPacketBatch copy)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket? clone = Copy(batch[i]);
            if (clone is not null)
            {
                copy.Add(clone);
            }
        }

        copy.Truncated = batch.Truncated;
    }

    /// <summary>dp_packet_clone(): a copy from the packet's pool, or a new packet when it has none or it is empty.</summary>
    private static DpPacket? Copy(DpPacket packet)
    {
        DpPacket clone = packet.Pool?.Rent() ?? new DpPacket(Math.Max(packet.Capacity - packet.Headroom0, packet.Size), packet.Headroom0);
        if (packet.TryCopyTo(clone))
        {
            return clone;
        }

        clone.Release();
        return null;
    }

    /// <summary>The scratch batch of a nesting level; levels are created on first use and kept for the thread.</summary>
    private static DpPacketBatch Scratch(int depth)
    {
        DpPacketBatch[] levels = s_scratch ??= new DpPacketBatch[8];
        if (depth >= levels.Length)
        {
            Array.Resize(ref levels, Math.Max(levels.Length * 2, depth + 1));
            s_scratch = levels;
        }

        DpPacketBatch batch = levels[depth] ??= new DpPacketBatch();
        batch.Clear();
        return batch;
    }

    private static uint HostU32(ReadOnlySpan<byte> b) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static ushort HostU16(ReadOnlySpan<byte> b) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
}
