// Upstream: the OFPACTS list of include/openvswitch/ofp-actions.h, ofpact_name() (OVS 3.1)
//
// The kinds of decoded action, in upstream's order: that order is also the order of instructions (apply_actions
// kinds first, then meter, clear_actions, write_actions, write_metadata, goto_table), which instruction ordering
// checks rely on.
namespace Ovs.OpenFlow.Actions;

/// <summary>What an <see cref="OfpAct"/> does; <see cref="OfpActKinds.Name"/> gives upstream's name for it.</summary>
internal enum OfpActKind : byte
{
    Output,
    Group,
    Controller,
    Enqueue,
    OutputReg,
    Bundle,
    SetField,
    SetVlanVid,
    SetVlanPcp,
    StripVlan,
    PushVlan,
    SetEthSrc,
    SetEthDst,
    SetIpv4Src,
    SetIpv4Dst,
    SetIpDscp,
    SetIpEcn,
    SetIpTtl,
    SetL4SrcPort,
    SetL4DstPort,
    RegMove,
    StackPush,
    StackPop,
    DecTtl,
    SetMplsLabel,
    SetMplsTc,
    SetMplsTtl,
    DecMplsTtl,
    PushMpls,
    PopMpls,
    DecNshTtl,
    DeleteField,
    Encap,
    Decap,
    SetTunnel,
    SetQueue,
    PopQueue,
    FinTimeout,
    Resubmit,
    Learn,
    Conjunction,
    Multipath,
    Note,
    Exit,
    Sample,
    UnrollXlate,
    Ct,
    CtClear,
    Nat,
    OutputTrunc,
    Clone,
    CheckPktLarger,
    DebugRecirc,
    DebugSlow,

    // Instructions (OpenFlow 1.1+), in the order they must appear.
    Meter,
    ClearActions,
    WriteActions,
    WriteMetadata,
    GotoTable,
}

internal static class OfpActKinds
{
    private static readonly string[] s_names =
    [
        "output", "group", "controller", "enqueue", "output_reg", "bundle", "set_field", "set_vlan_vid",
        "set_vlan_pcp", "strip_vlan", "push_vlan", "set_eth_src", "set_eth_dst", "set_ipv4_src", "set_ipv4_dst",
        "set_ip_dscp", "set_ip_ecn", "set_ip_ttl", "set_l4_src_port", "set_l4_dst_port", "reg_move", "stack_push",
        "stack_pop", "dec_ttl", "set_mpls_label", "set_mpls_tc", "set_mpls_ttl", "dec_mpls_ttl", "push_mpls",
        "pop_mpls", "dec_nsh_ttl", "delete_field", "encap", "decap", "set_tunnel", "set_queue", "pop_queue",
        "fin_timeout", "resubmit", "learn", "conjunction", "multipath", "note", "exit", "sample", "unroll_xlate",
        "ct", "ct_clear", "nat", "output_trunc", "clone", "check_pkt_larger", "debug_recirc", "debug_slow", "meter",
        "clear_actions", "write_actions", "write_metadata", "goto_table",
    ];

    /// <summary>Upstream's ofpact_name(): "output", "set_field", "goto_table", ...</summary>
    public static string Name(this OfpActKind kind) => s_names[(int)kind];

    /// <summary>True for the kinds that are OpenFlow 1.1+ instructions rather than actions.</summary>
    public static bool IsInstruction(this OfpActKind kind) => kind >= OfpActKind.Meter;

    /// <summary>Upstream's instruction name for an instruction kind ("meter", "clear_actions", ...).</summary>
    public static string InstructionName(this OfpActKind kind) => kind.IsInstruction() ? kind.Name() : "apply_actions";

    /// <summary>Upstream's instruction order: meter, apply_actions, clear_actions, write_actions, write_metadata, goto_table.</summary>
    public static int InstructionRank(this OfpActKind slot) => slot switch
    {
        OfpActKind.Meter => 0,
        OfpActKind.ClearActions => 2,
        OfpActKind.WriteActions => 3,
        OfpActKind.WriteMetadata => 4,
        OfpActKind.GotoTable => 5,
        _ => 1,
    };

    /// <summary>The instruction slot a kind belongs to: apply_actions for every plain action.</summary>
    public static OfpActKind InstructionSlot(this OfpActKind kind) => kind.IsInstruction() ? kind : OfpActKind.Output;
}
