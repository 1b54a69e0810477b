// Upstream: lib/dirs.c (OVS 3.1)
namespace Ovs.Common;

/// <summary>
/// The standard directories, each overridable from the environment exactly as upstream's (OVS_RUNDIR, ...).
/// Defaults are Debian's: /var/run/openvswitch, /var/log/openvswitch, /etc/openvswitch, /usr/share/openvswitch.
/// </summary>
public static class OvsPaths
{
    public static string RunDir => Env("OVS_RUNDIR") ?? "/var/run/openvswitch";

    public static string LogDir => Env("OVS_LOGDIR") ?? "/var/log/openvswitch";

    /// <summary>OVS_DBDIR, else OVS_SYSCONFDIR/openvswitch, else /etc/openvswitch.</summary>
    public static string DbDir => Env("OVS_DBDIR") ?? (Env("OVS_SYSCONFDIR") is { } sys ? Path.Combine(sys, "openvswitch") : "/etc/openvswitch");

    public static string SysConfDir => Env("OVS_SYSCONFDIR") ?? "/etc";

    public static string PkgDataDir => Env("OVS_PKGDATADIR") ?? "/usr/share/openvswitch";

    public static string BinDir => Env("OVS_BINDIR") ?? "/usr/bin";

    private static string? Env(string name)
    {
        string? v = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(v) ? null : v;
    }
}
