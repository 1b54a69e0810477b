// Upstream: ofproto/ofproto-dpif-upcall.c: upcall_receive() (finding the bridge of the input port through
// xlate_lookup()), upcall_xlate(), ukey_create_from_upcall() (the megaflow key and mask from the translation's
// wildcards) and handle_upcalls() (install the flow, run the actions on the packet), and the ENODEV case of
// recv_upcalls() for a packet on a datapath port no bridge owns (OVS 3.1)
//
// The upcall handler of one shared datapath. A missed packet's datapath key becomes a flow; the bridge owning its
// input port translates it; the answer is the datapath actions for the packet and a megaflow to install: the key
// and a mask of every bit the translation looked at. A packet on a port no bridge owns gets an exact-match flow
// with no actions (drop), as upstream does. Userspace-action upcalls are the datapath running a userspace()
// action; the controller packet-ins they stand for are handed to PacketIn when someone listens.
//
// Each installed flow gets a ukey (Ukey.cs) that remembers what its translation touched; the miss packet itself is
// counted on those rules, tables and groups at once, and the revalidator (UpcallDispatcher.Revalidate.cs) pushes the
// datapath's later counts and translates the flows again when the bridges' ports, tables or groups change
// (Invalidate()). A translation that began before an invalidation does not install its flow.
// Threading: HandleUpcall runs on datapath threads; Attach, Detach, PortsChanged, Invalidate and the revalidator on
// the main loop. The bridge list is an immutable array replaced on change; ukeys live in a concurrent map.
using Ovs.Common.Logging;
using Ovs.Dpif;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Upcall;

internal sealed partial class UpcallDispatcher : IDpifUpcallHandler
{
    private static readonly VlogModule s_log = VlogModule.Get("ofproto_dpif_upcall");
    private static readonly VlogRateLimit s_rateLimit = new(1, 5);
    private static readonly VlogRateLimit s_traceRateLimit = new(1, 1);
    private static readonly DpifUpcallResult s_drop = new(ReadOnlyMemory<byte>.Empty, null);

    private readonly IDpifFlows _flows;
    private readonly object _gate = new();
    private IXlateBridge[] _bridges = [];
    private uint _nextRecircId;
    private long _generation;

    /// <summary>How many frozen states are remembered (upstream frees them with the flows that use them).</summary>
    private const int MaxFrozen = 65536;

    private readonly Dictionary<uint, FrozenState> _frozen = [];
    private readonly Queue<uint> _frozenOrder = new();

    public UpcallDispatcher(IDpifFlows flows) => _flows = flows;

    /// <summary>
    /// Called for each packet-in a userspace(controller(...)) action asks for: the bridge whose UUID the cookie
    /// names, the packet as the datapath passed it, and the controller cookie's fields.
    /// </summary>
    public Action<IXlateBridge, ReadOnlyMemory<byte>, ControllerCookie, FrozenState?>? PacketIn { get; set; }

    /// <summary>The bridges whose ports are in this datapath.</summary>
    public IReadOnlyList<IXlateBridge> Bridges => Volatile.Read(ref _bridges);

    public void Attach(IXlateBridge bridge)
    {
        lock (_gate)
        {
            Volatile.Write(ref _bridges, [.. _bridges, bridge]);
        }

        Invalidate();
    }

    public void Detach(IXlateBridge bridge)
    {
        lock (_gate)
        {
            Volatile.Write(ref _bridges, Array.FindAll(_bridges, b => !ReferenceEquals(b, bridge)));
        }

        Invalidate();
    }

    /// <summary>A bridge's ports changed: flows translated with the old ports go.</summary>
    public void PortsChanged() => Invalidate();

    /// <summary>
    /// The tables, groups or ports changed: every datapath flow is translated again (at the next revalidation, which
    /// this asks for) and modified or deleted when its translation changed.
    /// </summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        RequestRevalidation();
    }

    /// <summary>A fresh recirculation id, never 0 (upstream recirc_alloc_id(), shared by every bridge of the datapath).</summary>
    public uint AllocateRecircId()
    {
        uint id;
        do
        {
            id = Interlocked.Increment(ref _nextRecircId);
        }
        while (id == 0);
        return id;
    }

    /// <summary>
    /// A recirculation id for a controller action's frozen flow, remembered (the most recent MaxFrozen of them) so
    /// that the packet-in the action causes reports the flow's metadata.
    /// </summary>
    public uint Freeze(FrozenState frozen)
    {
        uint id = AllocateRecircId();
        lock (_frozen)
        {
            _frozen[id] = frozen;
            _frozenOrder.Enqueue(id);
            while (_frozenOrder.Count > MaxFrozen)
            {
                _frozen.Remove(_frozenOrder.Dequeue());
            }
        }

        return id;
    }

    /// <summary>The flow frozen under recirculation id <paramref name="id"/>, if still remembered.</summary>
    public FrozenState? Thaw(uint id)
    {
        lock (_frozen)
        {
            return _frozen.GetValueOrDefault(id);
        }
    }

    /// <summary>The bridge that owns datapath port <paramref name="dpPort"/> and that port, or null.</summary>
    public IXlateBridge? FindByDpPort(uint dpPort, out XlatePort? port)
    {
        foreach (IXlateBridge bridge in Bridges)
        {
            port = bridge.Ports.ByDpPort(dpPort);
            if (port is not null)
            {
                return bridge;
            }
        }

        port = null;
        return null;
    }

    public DpifUpcallResult HandleUpcall(DpifUpcall upcall) => upcall.Type switch
    {
        DpifUpcallType.Miss => HandleMiss(upcall),
        _ => HandleAction(upcall),
    };

    private DpifUpcallResult HandleMiss(DpifUpcall upcall)
    {
        long generation = Interlocked.Read(ref _generation);
        if (OdpFlowKey.ToFlow(upcall.Key.Span, out FlowData dpFlow) == OdpKeyFitness.Error)
        {
            s_log.Log(VlogLevel.Warn, s_rateLimit, "upcall: failed to parse the datapath flow key");
            return s_drop;
        }

        uint dpPort = dpFlow.U16(FlowLayout.InPort);
        IXlateBridge? bridge = FindInput(in dpFlow, out XlatePort? port, out string? error);
        if (bridge is null || port is null)
        {
            s_log.Log(VlogLevel.Info, s_rateLimit, $"received packet on unassociated datapath port {dpPort} ({error})");
            return new DpifUpcallResult(ReadOnlyMemory<byte>.Empty,
                new DpifFlowPut(DpifFlowPutFlags.Create, upcall.Key, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, upcall.Ufid));
        }

        FlowData flow = dpFlow;
        flow.SetU16(FlowLayout.InPort, port.OfPort);
        var cache = new XlateCache();
        XlateResult result = Xlator.Translate(bridge, in flow, trace: false, sideEffects: true, cache: cache);
        if (result.Error is XlateError.RecursionTooDeep or XlateError.TooManyResubmits)
        {
            LogFailedTranslation(bridge, in flow);
        }

        long now = NowMs;

        // The miss packet ran the flow's rules: it counts now, as upstream's translation with resubmit_stats.
        cache.Push(new XlateStats(1, (ulong)upcall.Packet.Length, now));

        // A flow that must stay in the slow path, or whose translation began before the tables changed, is not
        // installed: the packet runs its actions and the next one comes up again. Neither is one over the flow
        // limit, nor one a concurrent upcall for the same UFID installs.
        DpifFlowPut? put = null;
        // Flows retired by this translation's own MAC learning do not count against it.
        if (result.Slow == SlowPathReasons.None && !result.AvoidCaching
            && Interlocked.Read(ref _generation) == generation + result.MacInvalidations && MayInstall())
        {
            put = TrackInstall(upcall.Ufid, in dpFlow, result, cache, generation, now);
        }

        return new DpifUpcallResult(result.OdpActions, put);
    }

    private DpifUpcallResult HandleAction(DpifUpcall upcall)
    {
        ReadOnlySpan<byte> cookie = upcall.Userdata.Span;
        if (cookie.Length < UserActionCookie.Size || UserActionCookie.Type(cookie) != UserActionCookie.Controller)
        {
            return s_drop;
        }

        var controller = ControllerCookie.Read(cookie);
        if (controller.DontSend || PacketIn is not { } deliver)
        {
            return s_drop;
        }

        foreach (IXlateBridge bridge in Bridges)
        {
            if (bridge.Uuid == controller.Bridge)
            {
                FrozenState? frozen = Thaw(controller.RecircId);
                if (controller.Continuation && frozen is not null)
                {
                    // The continuation says which datapath port the packet came in on.
                    frozen = frozen with { OdpPort = InputDpPort(upcall.Key.Span) };
                }

                deliver(bridge, upcall.Packet, controller, frozen);
                break;
            }
        }

        return s_drop;
    }

    /// <summary>
    /// Translation ran into the resubmit limits: translate again with tracing and log the whole trace (a huge
    /// message, so at most once a second), as upstream's upcall_xlate() does. The second translation has no side
    /// effects.
    /// </summary>
    private static void LogFailedTranslation(IXlateBridge bridge, in FlowData flow)
    {
        if (s_log.IsEnabled(VlogLevel.Warn) && !s_traceRateLimit.ShouldDrop(s_log, VlogLevel.Warn))
        {
            s_log.Log(VlogLevel.Warn, TraceFormatter.Trace(bridge, in flow));
        }
    }

    private static uint InputDpPort(ReadOnlySpan<byte> key) =>
        OdpFlowKey.ToFlow(key, out FlowData flow) == OdpKeyFitness.Error ? 0u : flow.U16(FlowLayout.InPort);

    /// <summary>The datapath key (mask: false) or mask (mask: true) attributes of a megaflow.</summary>
    private static byte[] EncodeKey(in FlowData flow, in FlowData masks, bool mask)
    {
        byte[] buffer = new byte[2048];
        var writer = new NlWriter(buffer);
        if (mask)
        {
            OdpFlowKey.FromMask(in flow, in masks, ref writer);
        }
        else
        {
            OdpFlowKey.FromFlow(in flow, in masks, ref writer);
        }

        return writer.Written.ToArray();
    }
}
