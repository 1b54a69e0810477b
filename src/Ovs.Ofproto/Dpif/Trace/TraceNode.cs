// Upstream: struct oftrace_node and enum oftrace_node_type in ofproto/ofproto-dpif-trace.h (OVS 3.1).
// The tree that translation builds when asked to explain itself: one node per bridge, table lookup, action and
// remark, in the order they happened. Table lookups made by an action (resubmit, goto_table) follow that action
// in the same list and own the nodes of the actions they run.
namespace Ovs.Ofproto.Dpif.Trace;

internal enum TraceNodeType : byte
{
    Bridge,
    Table,
    Thaw,
    Action,
    Detail,
    Warn,
    Error,
    Bucket,
}

internal sealed class TraceNode(TraceNodeType type, string text)
{
    public TraceNodeType Type { get; } = type;

    public string Text { get; } = text;

    public List<TraceNode> Children { get; } = [];

    /// <summary>Actions, remarks and buckets are leaves of the printed layout: they always indent (oftrace_node_type_is_terminal).</summary>
    public bool IsTerminal => Type is TraceNodeType.Action or TraceNodeType.Detail or TraceNodeType.Warn or TraceNodeType.Error or TraceNodeType.Bucket;
}
