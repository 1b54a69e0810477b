// Upstream: struct ofpact_unroll_xlate and format_UNROLL_XLATE() of lib/ofp-actions.c (OVS 3.1), as behaviour.
//
// An internal action that never goes on the wire as an action: in a continuation's frozen actions it restores the
// table and rule cookie that later actions (outputs, controller actions, relative resubmits) report or depend on.
// A continuation carries it as table-id and cookie properties in front of each group of actions
// (ContinuationActions).
using System.Globalization;
using System.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed class UnrollXlateAct(byte tableId, ulong cookie) : OfpAct
{
    public byte TableId { get; } = tableId;

    /// <summary>The rule cookie in host order.</summary>
    public ulong Cookie { get; } = cookie;

    public override OfpActKind Kind => OfpActKind.UnrollXlate;

    public override void Format(StringBuilder s, OfpActFormatOptions o) =>
        s.Append(CultureInfo.InvariantCulture, $"unroll_xlate(table={TableId}, cookie={Cookie})");
}
