// Runs the reference (Debian OVS 3.1.0) binaries for fidelity tests, with a time bound.
using System.Diagnostics;

namespace Ovs.Ovsdb.Engine.Tests;

internal static class DebianTools
{
    public const string OvsdbTool = "/usr/bin/ovsdb-tool";

    public const string OvsdbServer = "/usr/sbin/ovsdb-server";

    public static bool HaveOvsdbTool => File.Exists(OvsdbTool);

    public static (int ExitCode, string Stdout, string Stderr) Run(string program, string workDir, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OVS_RUNDIR"] = workDir;
        info.Environment["OVS_LOGDIR"] = workDir;
        info.Environment["OVS_DBDIR"] = workDir;
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 30 s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static (int ExitCode, string Stdout, string Stderr) Tool(string workDir, params string[] args) =>
        Run(OvsdbTool, workDir, args);
}

/// <summary>A fact that is skipped, with the reason, when Debian's ovsdb-tool is not installed.</summary>
internal sealed class RequiresOvsdbToolFactAttribute : FactAttribute
{
    public RequiresOvsdbToolFactAttribute()
    {
        if (!DebianTools.HaveOvsdbTool)
        {
            Skip = $"{DebianTools.OvsdbTool} is not installed (Debian package openvswitch-common)";
        }
    }
}

/// <summary>A fact that is skipped, with the reason, when Debian's ovsdb-tool or ovsdb-server is not installed.</summary>
internal sealed class RequiresOvsdbServerFactAttribute : FactAttribute
{
    public RequiresOvsdbServerFactAttribute()
    {
        if (!DebianTools.HaveOvsdbTool || !File.Exists(DebianTools.OvsdbServer))
        {
            Skip = $"{DebianTools.OvsdbTool} or {DebianTools.OvsdbServer} is not installed (Debian openvswitch packages)";
        }
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("ovs-engine-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp cleaner removes leftovers.
        }
    }
}

/// <summary>Locates files of the repository (schemas, test data) from the test binary's directory.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Schema(string name) => Path.Combine(Root, "schemas", name);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenVSwitch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
