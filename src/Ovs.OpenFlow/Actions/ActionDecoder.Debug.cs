// Upstream: enable_debug and ofpact_dummy_enable() of lib/ofp-actions.c (OVS 3.1).
// The debugging actions debug_recirc and debug_slow decode only in a switch started with --enable-dummy (for the
// test suite); elsewhere they are OFPBAC_BAD_VENDOR_TYPE.
namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionDecoder
{
    private static volatile bool s_debugActions;

    /// <summary>Whether debug_recirc and debug_slow decode (set once at startup, as upstream's ofpact_dummy_enable()).</summary>
    public static bool DebugActionsEnabled
    {
        get => s_debugActions;
        set => s_debugActions = value;
    }
}
