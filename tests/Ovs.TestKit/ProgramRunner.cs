// Runs one of our programs (from out/bin, or $OVS_TEST_BINDIR) or a reference program (Debian's /usr/bin) to
// completion with a time limit, capturing its output.
using System.Diagnostics;

namespace Ovs.TestKit;

public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr);

public static class ProgramRunner
{
    /// <summary>Where our programs are: $OVS_TEST_BINDIR, else out/bin at the repository root.</summary>
    public static string OurBinDir
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("OVS_TEST_BINDIR");
            if (!string.IsNullOrEmpty(env))
            {
                return env;
            }

            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? ".", "out", "bin");
        }
    }

    /// <summary>The path of our build of <paramref name="program"/>, or null if it has not been built.</summary>
    public static string? Ours(string program)
    {
        string path = Path.Combine(OurBinDir, program);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The path of Debian's <paramref name="program"/>, or null if it is not installed.</summary>
    public static string? Reference(string program)
    {
        foreach (string dir in new[] { "/usr/bin", "/usr/sbin" })
        {
            string path = Path.Combine(dir, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static ProgramResult Run(
        string path,
        IEnumerable<string> args,
        Sandbox? sandbox = null,
        string? stdin = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = sandbox?.Directory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (sandbox is not null)
        {
            foreach (KeyValuePair<string, string> kv in sandbox.Environment)
            {
                psi.Environment[kv.Key] = kv.Value;
            }
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {path}");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', args)} did not finish in time");
        }

        p.WaitForExit();
        return new ProgramResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
