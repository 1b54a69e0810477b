// Upstream: struct xlate_out, enum xlate_error and xlate_strerror() of ofproto/ofproto-dpif-xlate.h/.c (OVS 3.1).
// What translating one flow produces: datapath actions, the megaflow, the flow as the actions left it, why the
// flow must stay in the slow path, and the side effects a caller acts on (packet-ins), plus the trace tree when
// one was asked for.
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>Why a translation failed; the numbers are upstream's (the datapath's explicit drop action carries them).</summary>
internal enum XlateError : uint
{
    None = 0,
    BridgeNotFound = 1,
    RecursionTooDeep = 2,
    TooManyResubmits = 3,
    StackTooDeep = 4,
    NoRecirculationContext = 5,
    RecirculationConflict = 6,
    TooManyMplsLabels = 7,
    InvalidTunnelMetadata = 8,
    UnsupportedPacketType = 9,
    CongestionDrop = 10,
    ForwardingDisabled = 11,
}

internal static class XlateErrors
{
    public static string Describe(XlateError error) => error switch
    {
        XlateError.None => "OK",
        XlateError.BridgeNotFound => "Bridge not found",
        XlateError.RecursionTooDeep => "Recursion too deep",
        XlateError.TooManyResubmits => "Too many resubmits",
        XlateError.StackTooDeep => "Stack too deep",
        XlateError.NoRecirculationContext => "No recirculation context",
        XlateError.RecirculationConflict => "Recirculation conflict",
        XlateError.TooManyMplsLabels => "Too many MPLS labels",
        XlateError.InvalidTunnelMetadata => "Invalid tunnel metadata",
        XlateError.UnsupportedPacketType => "Unsupported packet type",
        XlateError.CongestionDrop => "Congestion Drop",
        XlateError.ForwardingDisabled => "Forwarding is disabled",
        _ => "Unknown error",
    };
}

/// <summary>A packet-in that translation asks the caller to send (controller action, table miss, TTL exception).</summary>
internal sealed record PacketInRequest(byte Reason, byte TableId, ulong Cookie, ushort MaxLen, ushort ControllerId, byte[] Userdata);

internal sealed class XlateResult
{
    /// <summary>Datapath actions, netlink-encoded (OdpActionFormatter prints them).</summary>
    public required byte[] OdpActions { get; init; }

    /// <summary>Every bit of the flow the translation depended on.</summary>
    public required FlowWildcards Megaflow { get; init; }

    /// <summary>The flow as translation received it.</summary>
    public required FlowData InitialFlow { get; init; }

    /// <summary>The flow after the actions changed it.</summary>
    public required FlowData FinalFlow { get; init; }

    public required SlowPathReasons Slow { get; init; }

    /// <summary>The result depends on something that did not happen (a limited learn without side effects): do not cache it.</summary>
    public bool AvoidCaching { get; init; }

    public required XlateError Error { get; init; }

    public required IReadOnlyList<PacketInRequest> PacketIns { get; init; }

    /// <summary>The trace tree (empty unless tracing was asked for).</summary>
    public required IReadOnlyList<TraceNode> Trace { get; init; }

    /// <summary>How many times NORMAL's MAC learning retired the datapath flows during this translation.</summary>
    public int MacInvalidations { get; init; }
}
