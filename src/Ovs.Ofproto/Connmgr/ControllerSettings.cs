// Upstream: struct ofproto_controller and struct ofproto_controller_info in ofproto/ofproto.h (OVS 3.1)
//
// What the bridge layer asks of one OpenFlow controller target (a Controller row, or the management socket), and
// what the connection manager reports back about the active ones for the Controller row's status columns.
namespace Ovs.Ofproto.Connmgr;

/// <summary>One controller target: "tcp:IP[:PORT]", "ssl:...", "unix:PATH" (active) or "ptcp:", "pssl:", "punix:" (passive).</summary>
internal sealed record ControllerSettings(string Target)
{
    /// <summary>Primary connections get packet-ins by default; service ones (management socket, passive targets) do not.</summary>
    public bool IsPrimary { get; init; }

    /// <summary>The longest wait between connection attempts, in seconds (max_backoff, 8 s by default).</summary>
    public int MaxBackoff { get; init; } = 8;

    /// <summary>Seconds without traffic before an inactivity probe (inactivity_probe, 5 s by default); 0 for none.</summary>
    public int ProbeInterval { get; init; } = 5;

    /// <summary>connection_mode in-band (and other_config:disable-in-band not set).</summary>
    public bool InBand { get; init; }

    /// <summary>enable_async_messages: false keeps unasked-for messages (packet-ins, port status, ...) from this controller.</summary>
    public bool EnableAsyncMessages { get; init; } = true;

    /// <summary>The OpenFlow versions to offer (a bitmap: bit N for wire version N).</summary>
    public uint AllowedVersions { get; init; } = Vconn.Vconn.DefaultVersions;
}

/// <summary>The state of an active controller connection (upstream's ofproto_controller_info).</summary>
internal sealed record ControllerStatus(string Target, bool IsConnected, string? Role, IReadOnlyDictionary<string, string> Status);
