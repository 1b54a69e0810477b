// Upstream: dp_execute_cb() and dp_execute_output_action() in lib/dpif-netdev.c (OVS 3.1).
// The actions OdpExecutor cannot run by itself. Output queues packets per port (sent as one batch per port when the
// received batch is done, or earlier when a port's queue is full); recirc runs the packets through the datapath again
// with the new recirculation id, up to MaxRecircDepth deep; userspace sends them to the upcall handler; meter drops
// the packets that exceed the meter's bands and leaves the others in the batch. Tunnel push/pop, conntrack and
// balanced-bond output are not implemented by this datapath yet: their packets are dropped and counted.
using Ovs.Common.Diagnostics;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Pmd;

internal sealed partial class PacketPipeline
{
    private static readonly CoverageCounter s_dropInvalidPort = CoverageCounter.Get("datapath_drop_invalid_port");
    private static readonly CoverageCounter s_dropRecircError = CoverageCounter.Get("datapath_drop_recirc_error");
    private static readonly CoverageCounter s_dropUnsupported = CoverageCounter.Get("datapath_drop_action_unsupported");

    private readonly List<PendingOutput> _pending = [];
    private PendingOutput? _lastOutput;
    private uint _lastOutputPort;

    public void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action)
    {
        var reader = new NlAttrReader(action);
        if (!reader.MoveNext())
        {
            DropAll(batch, s_dropUnsupported);
            return;
        }

        NlAttr attr = reader.Current;
        switch (attr.Type)
        {
            case OdpActionAttr.Output when attr.Size == 4:
                Output(batch, attr.U32);
                break;
            case OdpActionAttr.Recirc when attr.Size == 4:
                Recirculate(batch, attr.U32);
                break;
            case OdpActionAttr.Userspace:
                ExecuteUserspace(batch, attr.Payload);
                break;
            case OdpActionAttr.Meter when attr.Size == 4:
                // In place: the packets within the meter's bands stay in the batch for the actions that follow.
                _dp.Meters.Run(batch, attr.U32, _dp.NowUs);
                break;
            default:
                DropAll(batch, s_dropUnsupported);
                break;
        }
    }

    private void Output(DpPacketBatch batch, uint portNumber)
    {
        // The port of the previous output of this received batch is remembered until FlushOutput: a port removed
        // meanwhile is only released once every thread is between batches (DpNetdev waits for quiescence).
        PendingOutput? pending = _lastOutput;
        if (pending is null || _lastOutputPort != portNumber)
        {
            DpNetdevPort? port = _dp.FindPort(portNumber);
            if (port is null)
            {
                DropAll(batch, s_dropInvalidPort);
                return;
            }

            pending = PendingFor(port);
            _lastOutput = pending;
            _lastOutputPort = portNumber;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            if (pending.Batch.IsFull)
            {
                Send(pending);
            }

            pending.Batch.Add(batch[i]);
        }

        batch.Clear();
    }

    private void Recirculate(DpPacketBatch batch, uint recircId)
    {
        if (_depth >= MaxRecircDepth)
        {
            DropAll(batch, s_dropRecircError);
            return;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].RecircId = recircId;
        }

        Volatile.Write(ref _recirculations, _recirculations + batch.Count);

        // Process takes the packets into its own storage, so the caller's batch may be reused meanwhile.
        Process(batch, _depth + 1);
    }

    private void DropAll(DpPacketBatch batch, CoverageCounter reason)
    {
        reason.Add(batch.Count);
        Volatile.Write(ref _actionDrops, _actionDrops + batch.Count);
        batch.ReleaseAll();
    }

    private PendingOutput PendingFor(DpNetdevPort port)
    {
        foreach (PendingOutput p in _pending)
        {
            if (ReferenceEquals(p.Port, port))
            {
                return p;
            }
        }

        var created = new PendingOutput(port);
        _pending.Add(created);
        return created;
    }

    /// <summary>Sends every queued output batch; forgets ports once many have been seen (ports come and go).</summary>
    private void FlushOutput()
    {
        _lastOutput = null;
        foreach (PendingOutput p in _pending)
        {
            if (!p.Batch.IsEmpty)
            {
                Send(p);
            }
        }

        if (_pending.Count > 64)
        {
            _pending.Clear();
        }
    }

    private void Send(PendingOutput pending)
    {
        int count = pending.Batch.Count;
        Volatile.Write(ref _sentPackets, _sentPackets + count);
        Volatile.Write(ref _sentBatches, _sentBatches + 1);
        int error = pending.Port.Send(ThreadIndex, pending.Batch);
        if (error != 0)
        {
            // Devices stop at the first packet they refuse and drop the rest of the batch with it.
            Volatile.Write(ref _txErrors, _txErrors + 1);
        }

        pending.Batch.ReleaseAll();
    }

    private sealed class PendingOutput(DpNetdevPort port)
    {
        public DpNetdevPort Port { get; } = port;

        public DpPacketBatch Batch { get; } = new();
    }
}
