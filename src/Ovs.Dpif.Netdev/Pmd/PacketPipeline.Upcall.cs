// Upstream: the miss half of fast_path_processing(), handle_packet_upcall() and dp_execute_userspace_action() in
// lib/dpif-netdev.c (OVS 3.1).
//
// A packet no cache knows is looked up once more in the classifier (a handler on another thread may have installed
// its flow meanwhile), then sent to the upcall handler with its flow key and a UFID hashed from the key. The handler
// answers with actions for this packet and, optionally, a flow to install; the packet runs those actions at once.
// Without a handler, or when the handler fails, the packet is dropped and counted as lost ("miss with failed upcall").
using System.Runtime.InteropServices;
using Ovs.Common.Diagnostics;
using Ovs.Common.Logging;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Pmd;

internal sealed partial class PacketPipeline
{
    private static readonly VlogModule s_log = VlogModule.Get("dpif_netdev");
    private static readonly VlogRateLimit s_upcallRateLimit = new(1, 5);
    private static readonly CoverageCounter s_dropUpcallError = CoverageCounter.Get("datapath_drop_upcall_error");
    private static readonly CoverageCounter s_dropUserspaceError = CoverageCounter.Get("datapath_drop_userspace_action_error");

    private void HandleMisses(Scratch s, uint missing, int depth)
    {
        for (uint m = missing; m != 0; m &= m - 1)
        {
            int i = System.Numerics.BitOperations.TrailingZeroCount(m);
            ref NetdevFlowKey key = ref s.Keys[i];
            s.Rule.Rules[0] = null;
            uint unmatched = _dp.FlowTable.Classifier.Lookup(
                MemoryMarshal.CreateReadOnlySpan(ref key, 1), 1, s.Rule.Rules, ref _relookupLookups);
            if (unmatched == 0 && s.Rule.Rules[0] is DpNetdevFlow { IsDead: false } found)
            {
                s.Flows[i] = found;
                Volatile.Write(ref _relookupHits, _relookupHits + 1);
                _cache.Emc.ProbabilisticInsert(key, found);
                _cache.Smc?.Insert(key, found);
                continue;
            }

            DpPacket packet = s.Input[i];
            s.Flows[i] = null;
            FlowData flow = key.ToFlow();
            if (Upcall(DpifUpcallType.Miss, packet, flow, ReadOnlyMemory<byte>.Empty, depth, out DpifUpcallResult? result))
            {
                Volatile.Write(ref _missUpcallOk, _missUpcallOk + 1);
                if (result!.FlowPut is { } put)
                {
                    _dp.PutUpcallFlow(put);
                }

                RunUpcallActions(packet, result.Actions.Span, depth);
            }
            else
            {
                Volatile.Write(ref _missUpcallFailed, _missUpcallFailed + 1);
                s_dropUpcallError.Hit();
                packet.Release();
            }
        }
    }

    /// <summary>The userspace() action: each packet goes up with the action's userdata; the answer's actions run on it.</summary>
    private void ExecuteUserspace(DpPacketBatch batch, ReadOnlySpan<byte> payload)
    {
        ReadOnlyMemory<byte> userdata = ReadOnlyMemory<byte>.Empty;
        if (Netlink.NlAttrReader.TryFind(payload, Dpif.Odp.OdpUserspaceAttr.Userdata, out Netlink.NlAttr attr))
        {
            userdata = attr.Payload.ToArray();
        }

        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket packet = batch[i];
            var md = new Flow.Extract.PacketMetadata
            {
                InPort = (ushort)packet.InPort,
                RecircId = packet.RecircId,
                DpHash = packet.DpHash,
                SkbPriority = packet.SkbPriority,
                PktMark = packet.PktMark,
            };
            var flow = default(FlowData);
            var offsets = default(Flow.Extract.LayerOffsets);
            Flow.Extract.FlowExtractor.Extract(packet.Data, md, ref flow, ref offsets);
            if (_depth < MaxRecircDepth
                && Upcall(DpifUpcallType.Action, packet, flow, userdata, _depth, out DpifUpcallResult? result))
            {
                RunUpcallActions(packet, result!.Actions.Span, _depth + 1);
            }
            else
            {
                s_dropUserspaceError.Hit();
                packet.Release();
            }
        }

        batch.Clear();
    }

    private bool Upcall(
        DpifUpcallType type, DpPacket packet, in FlowData flow, ReadOnlyMemory<byte> userdata, int depth, out DpifUpcallResult? result)
    {
        result = null;
        IDpifUpcallHandler? handler = _dp.UpcallHandler;
        if (handler is null)
        {
            return false;
        }

        var upcall = new DpifUpcall(type, packet.Data.ToArray(), DpNetdev.EncodeKey(flow), Ufid.FromFlow(flow), userdata);
        if (DpNetdev.LogsFlowChanges)
        {
            _dp.LogUpcall(type, upcall.Key.Span, upcall.Packet.Span);
        }

        try
        {
            result = handler.HandleUpcall(upcall);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The handler is another layer's code running on this datapath thread: its failure loses this packet,
            // never the thread.
            s_log.Log(VlogLevel.Warn, s_upcallRateLimit, $"{_dp.Name}: upcall handler failed at depth {depth}: {e.Message}");
            return false;
        }

        return result is not null;
    }

    private void RunUpcallActions(DpPacket packet, ReadOnlySpan<byte> actions, int depth)
    {
        DpPacketBatch single = _levels[Math.Min(depth, MaxRecircDepth)].Single;
        single.Add(packet);
        int saved = _depth;
        _depth = depth;
        OdpExecutor.Execute(single, actions, this);
        _depth = saved;
        single.ReleaseAll();
    }
}
