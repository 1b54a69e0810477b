// Upstream: enum ovs_action_attr and the nested enums of actions in include/linux/openvswitch.h (OVS 3.1).
// Types 23 and above are userspace-only (tnl_push, tnl_pop, drop, lb_output); OVS 3.1 has no dec_ttl action.
namespace Ovs.Dpif.Odp;

internal static class OdpActionAttr
{
    public const ushort Output = 1;
    public const ushort Userspace = 2;
    public const ushort Set = 3;
    public const ushort PushVlan = 4;
    public const ushort PopVlan = 5;
    public const ushort Sample = 6;
    public const ushort Recirc = 7;
    public const ushort Hash = 8;
    public const ushort PushMpls = 9;
    public const ushort PopMpls = 10;
    public const ushort SetMasked = 11;
    public const ushort Ct = 12;
    public const ushort Trunc = 13;
    public const ushort PushEth = 14;
    public const ushort PopEth = 15;
    public const ushort CtClear = 16;
    public const ushort PushNsh = 17;
    public const ushort PopNsh = 18;
    public const ushort Meter = 19;
    public const ushort Clone = 20;
    public const ushort CheckPktLen = 21;
    public const ushort AddMpls = 22;
    public const ushort TunnelPush = 23;
    public const ushort TunnelPop = 24;
    public const ushort Drop = 25;
    public const ushort LbOutput = 26;
    public const ushort Max = 26;

    /// <summary>odp_action_len's answer for unspec and types past Max, which no size can match.</summary>
    public const int Invalid = -3;

    /// <summary>Fixed payload size of an action, or OdpKeyAttr.Variable / Nested, or Invalid for unknown types.</summary>
    public static int ExpectedSize(ushort type) => type switch
    {
        0 or > Max => Invalid,
        Output or Recirc or Trunc or Meter or TunnelPop or Drop or LbOutput => 4,
        Userspace or Sample or Ct or Clone or CheckPktLen or PushNsh or Set or SetMasked => OdpKeyAttr.Nested,
        PushVlan => 4,
        PopVlan or PopEth or CtClear or PopNsh => 0,
        Hash => 8,
        PushMpls => 6,
        PopMpls => 2,
        PushEth => 12,
        AddMpls => 8,
        _ => OdpKeyAttr.Variable,
    };
}

internal static class OdpUserspaceAttr
{
    public const ushort Pid = 1;
    public const ushort Userdata = 2;
    public const ushort EgressTunPort = 3;
    public const ushort Actions = 4;
}

internal static class OdpSampleAttr
{
    public const ushort Probability = 1;
    public const ushort Actions = 2;
}

internal static class OdpCtAttr
{
    public const ushort Commit = 1;
    public const ushort Zone = 2;
    public const ushort Mark = 3;
    public const ushort Labels = 4;
    public const ushort Helper = 5;
    public const ushort Nat = 6;
    public const ushort ForceCommit = 7;
    public const ushort Eventmask = 8;
    public const ushort Timeout = 9;
}

internal static class OdpNatAttr
{
    public const ushort Src = 1;
    public const ushort Dst = 2;
    public const ushort IpMin = 3;
    public const ushort IpMax = 4;
    public const ushort ProtoMin = 5;
    public const ushort ProtoMax = 6;
    public const ushort Persistent = 7;
    public const ushort ProtoHash = 8;
    public const ushort ProtoRandom = 9;
}

internal static class OdpCheckPktLenAttr
{
    public const ushort PktLen = 1;
    public const ushort ActionsIfGreater = 2;
    public const ushort ActionsIfLessEqual = 3;
}
