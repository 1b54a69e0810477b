// Upstream: struct udpif_key of ofproto/ofproto-dpif-upcall.c (OVS 3.1)
//
// What the switch remembers about one datapath flow it installed (or found in the datapath and adopted): its UFID,
// key and mask as installed, the flow the key stands for, the mask and actions the last translation gave, the
// statistics cache of that translation, the flow's statistics at the last push, and the table generation the
// translation is valid for.
// Threading: created by an upcall handler thread and published in the dispatcher's ukey map; after that only the
// revalidator (main loop) reads and changes it.
using Ovs.Dpif;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Upcall;

internal sealed class Ukey(Ufid ufid, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> mask, in FlowData flow, long createdMs, long createdRound)
{
    private readonly FlowData _flow = flow;

    public Ufid Ufid { get; } = ufid;

    /// <summary>The datapath key attributes the flow was installed with.</summary>
    public ReadOnlyMemory<byte> Key { get; } = key;

    /// <summary>The datapath mask attributes the flow was installed with.</summary>
    public ReadOnlyMemory<byte> Mask { get; } = mask;

    /// <summary>The datapath flow the key stands for (datapath port numbers).</summary>
    public ref readonly FlowData Flow => ref _flow;

    /// <summary>The bits the installed flow matches (the translation's mask, or the dumped mask when adopted).</summary>
    public FlowData Masks { get; set; }

    /// <summary>The datapath actions installed.</summary>
    public ReadOnlyMemory<byte> Actions { get; set; }

    /// <summary>What the last translation touched; stats deltas go there.</summary>
    public XlateCache Cache { get; set; } = new();

    /// <summary>The table generation Actions were translated with (-1: never translated by us).</summary>
    public long Generation { get; set; } = -1;

    /// <summary>The datapath's statistics for the flow as of the last push.</summary>
    public DpifFlowStats Stats { get; set; }

    /// <summary>When the ukey was made (monotonic milliseconds): a flow never used is idle from then.</summary>
    public long CreatedMs { get; } = createdMs;

    /// <summary>The revalidation round that was last started when the ukey was made.</summary>
    public long CreatedRound { get; } = createdRound;

    /// <summary>The last round whose dump showed the flow (-1: never seen yet).</summary>
    public long SeenRound { get; set; } = -1;
}
