// Skips a test with a reason when a program it needs is missing (xunit 2 has no dynamic skip, so the check runs
// when the attribute is constructed, as Kestrel's SkipIfChromeUnavailable does).
using Xunit;

namespace Ovs.TestKit;

/// <summary>A fact that needs Debian's reference program(s) in /usr/bin.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresReferenceFactAttribute : FactAttribute
{
    public RequiresReferenceFactAttribute(params string[] programs)
    {
        Skip = Missing.Reference(programs);
    }
}

/// <summary>A theory that needs Debian's reference program(s) in /usr/bin.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresReferenceTheoryAttribute : TheoryAttribute
{
    public RequiresReferenceTheoryAttribute(params string[] programs)
    {
        Skip = Missing.Reference(programs);
    }
}

/// <summary>A fact that needs our built programs (run `make` first) and optionally Debian's.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresProgramsFactAttribute : FactAttribute
{
    public RequiresProgramsFactAttribute(string[] ours, string[]? reference = null)
    {
        Skip = Missing.Ours(ours) ?? Missing.Reference(reference ?? []);
    }
}

internal static class Missing
{
    public static string? Reference(string[] programs)
    {
        foreach (string p in programs)
        {
            if (ProgramRunner.Reference(p) is null)
            {
                return $"Debian's {p} is not installed (eng/install-deps.sh installs it)";
            }
        }

        return null;
    }

    public static string? Client(CtlKind kind) =>
        CtlScenario.Client(kind) is null ? $"{kind.Program} is not in {CtlScenario.ClientBinDir} (run make)" : null;

    public static string? Netns(string[] tools)
    {
        if (!OperatingSystem.IsLinux() || Syscall.GetEuid() != 0)
        {
            return "needs root on Linux to create network namespaces";
        }

        foreach (string tool in (string[])["ip", .. tools])
        {
            if (FindOnPath(tool) is null)
            {
                return $"{tool} is not installed (eng/install-deps.sh installs it)";
            }
        }

        return null;
    }

    private static string? FindOnPath(string program)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (string dir in (string[])[.. path.Split(':'), "/usr/sbin", "/sbin"])
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, program)))
            {
                return Path.Combine(dir, program);
            }
        }

        return null;
    }

    public static string? Ours(string[] programs)
    {
        foreach (string p in programs)
        {
            if (ProgramRunner.Ours(p) is null)
            {
                return $"{p} is not built in {ProgramRunner.OurBinDir} (run make)";
            }
        }

        return null;
    }
}

/// <summary>A theory that needs our built programs (run `make` first) and optionally Debian's.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresProgramsTheoryAttribute : TheoryAttribute
{
    public RequiresProgramsTheoryAttribute(string[] ours, string[]? reference = null)
    {
        Skip = Missing.Ours(ours) ?? Missing.Reference(reference ?? []);
    }
}

/// <summary>
/// A theory over the ovs-vsctl / vtep-ctl scenarios of the ratchet (tests/testdata/KIND/passing.txt): skipped while
/// the client under test (<see cref="CtlScenario.Client"/>) is absent, when the ovsdb-server to play against (ours, or
/// Debian's with <paramref name="ourServer"/> false) or Debian's ovsdb-tool is missing, or while the ratchet is empty.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresCtlScenariosTheoryAttribute : TheoryAttribute
{
    public RequiresCtlScenariosTheoryAttribute(string kind, bool ourServer)
    {
        CtlKind k = CtlKind.Of(kind);
        Skip = Missing.Client(k)
            ?? (ourServer ? Missing.Ours(["ovsdb-server"]) : Missing.Reference(["ovsdb-server"]))
            ?? Missing.Reference(["ovsdb-tool"])
            ?? (CtlScenario.Passing(k).Count == 0 ? $"no scenario is listed in tests/testdata/{kind}/passing.txt yet" : null);
    }
}

/// <summary>A fact that needs the ovs-vsctl / vtep-ctl under test, our ovsdb-server and Debian's ovsdb-tool.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresCtlClientFactAttribute : FactAttribute
{
    public RequiresCtlClientFactAttribute(string kind)
    {
        Skip = Missing.Client(CtlKind.Of(kind)) ?? Missing.Ours(["ovsdb-server"]) ?? Missing.Reference(["ovsdb-tool"]);
    }
}

/// <summary>
/// A fact that runs our daemons with kernel devices in network namespaces of its own: it needs root, the ip tool,
/// the given tools on PATH (ping, iperf3, ...; eng/install-deps.sh installs them) and our built programs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NetnsToolsFactAttribute : FactAttribute
{
    public NetnsToolsFactAttribute(params string[] tools)
    {
        Skip = Missing.Netns(tools) ?? Missing.Ours(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl", "ovs-dpctl"]);
    }
}
