// Upstream: lib/util.c, ovs_print_version() (OVS 3.1)
namespace Ovs.Common;

/// <summary>The version we are a drop-in replacement for, as upstream programs report it.</summary>
public static class OvsVersion
{
    /// <summary>The Open vSwitch release whose behaviour and output we reproduce.</summary>
    public const string Version = "3.1.0";

    /// <summary>The line printed by <c>--version</c> and <c>version</c>: "PROGRAM (Open vSwitch) 3.1.0".</summary>
    public static string VersionLine(string program) => $"{program} (Open vSwitch) {Version}";
}
