// Upstream: lib/reconnect.c, enum state and enum reconnect_action (OVS 3.1)
namespace Ovs.Transport.Reconnect;

/// <summary>The states of <see cref="ReconnectFsm"/>; <see cref="ReconnectFsm.StateName"/> gives upstream's names.</summary>
public enum ReconnectState
{
    /// <summary>Disabled, or out of retries.</summary>
    Void,

    /// <summary>Waiting before the next connection attempt.</summary>
    Backoff,

    /// <summary>A connection attempt is in progress ("CONNECTING").</summary>
    ConnectInProgress,

    /// <summary>Connected and recently heard from.</summary>
    Active,

    /// <summary>Connected, an inactivity probe has been sent and no reply has come yet.</summary>
    Idle,

    /// <summary>Connected, but the client asked for a fresh connection.</summary>
    Reconnect,

    /// <summary>Passive: listening for connections.</summary>
    Listening,
}

/// <summary>What <see cref="ReconnectFsm.Run"/> asks the client to do.</summary>
public enum ReconnectAction
{
    None,

    /// <summary>Start a connection (or listening) attempt, then call Connecting/Connected/ConnectFailed.</summary>
    Connect,

    /// <summary>Drop the connection or abandon the attempt, then call Disconnected.</summary>
    Disconnect,

    /// <summary>Send an inactivity probe (an "echo" request for JSON-RPC).</summary>
    Probe,
}
