// Upstream: the "input too big" refusal of ofpacts_parse__() in lib/ofp-actions.c (OVS 3.1).
//
// Upstream keeps a parsed action list in one buffer whose length must fit in 16 bits, so ovs-ofctl refuses text
// whose actions would take more than 65535 bytes in that buffer, and says "input too big" as soon as the action
// that crosses the limit is parsed (an unknown action after it is never reached). The sizes below are what
// Debian's ovs-ofctl 3.1 shows: the largest N for which N copies of an action still parse (4095 outputs, 8191
// strip_vlan, 2047 set_field of a register, ...) gives each action's size; variable parts (userdata, note bytes,
// bundle members, learn specs, encap properties, set_field widths, dec_ttl ids) were measured with several lengths.
namespace Ovs.OpenFlow.Actions;

internal static class ActionFootprint
{
    /// <summary>The most bytes a parsed action list may take.</summary>
    public const int Limit = ushort.MaxValue;

    /// <summary>The bytes <paramref name="actions"/> take, nested lists included.</summary>
    public static int Of(IReadOnlyList<OfpAct> actions)
    {
        int total = 0;
        foreach (OfpAct a in actions)
        {
            total += Of(a);
        }

        return total;
    }

    /// <summary>The bytes one action takes, nested lists included.</summary>
    public static int Of(OfpAct a) => Own(a) + (a.Nested.Count > 0 ? Of(a.Nested) : 0);

    /// <summary>The bytes a container takes before its nested actions (what opening "clone(", "ct(" costs).</summary>
    public static int Header(OfpActKind kind) => kind == OfpActKind.Ct ? 32 : 8;

    /// <summary>The bytes one action takes without its nested actions.</summary>
    public static int Own(OfpAct a) => a switch
    {
        ControllerAct c => c.Userdata.Length == 0 ? 16 : Align(24 + c.Userdata.Length),
        BundleAct b => Align(40 + (4 * b.Members.Length)),
        SetFieldAct sf => 16 + (2 * Align(sf.Field.Size)),
        DecTtlAct d => Align(8 + (2 * Math.Max(1, d.ControllerIds.Length))),
        NoteAct n => 16 + Align(n.Data.Length),
        LearnAct l => 48 + l.Specs.Sum(static s => 40 + (s.SrcIsImmediate ? Align((s.NBits + 7) / 8) : 0)),
        EncapAct e => 16 + e.Properties.Sum(static p => Align(4 + p.Body.Length)),
        _ => Fixed(a.Kind),
    };

    private static int Fixed(OfpActKind kind) => kind switch
    {
        OfpActKind.Output or OfpActKind.Enqueue or OfpActKind.OutputTrunc or OfpActKind.SetEthSrc or OfpActKind.SetEthDst
            or OfpActKind.DeleteField or OfpActKind.SetTunnel or OfpActKind.Resubmit or OfpActKind.Conjunction
            or OfpActKind.Meter or OfpActKind.Controller => 16,
        OfpActKind.OutputReg or OfpActKind.StackPush or OfpActKind.StackPop or OfpActKind.WriteMetadata => 24,
        OfpActKind.Sample or OfpActKind.CheckPktLarger or OfpActKind.Ct => 32,
        OfpActKind.RegMove or OfpActKind.Multipath => 40,
        OfpActKind.Nat => 48,
        _ => 8,
    };

    private static int Align(int n) => (n + 7) & ~7;
}
