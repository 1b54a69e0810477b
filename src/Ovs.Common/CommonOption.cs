// Upstream: lib/vlog.h VLOG_LONG_OPTIONS, lib/daemon.h DAEMON_LONG_OPTIONS (OVS 3.1)
namespace Ovs.Common;

/// <summary>Whether a common option takes an argument, in getopt_long's three forms.</summary>
public enum CommonOptionArgument
{
    None,
    Required,
    Optional,
}

/// <summary>
/// One option that Ovs.Common handles for every program (logging, daemon). Programs add these rows to their
/// getopt table and pass matches back to the owning handler (<c>VlogOptions.Handle</c>, <c>DaemonOptions.Handle</c>).
/// <see cref="ShortName"/> is '\0' when there is no short form.
/// </summary>
public sealed record CommonOption(string LongName, char ShortName, CommonOptionArgument Argument);
