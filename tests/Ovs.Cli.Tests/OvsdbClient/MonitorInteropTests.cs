// Our ovsdb-client's monitor commands against Debian's ovsdb-server, compared with Debian's ovsdb-client watching
// the same changes: both monitors start, a fixed sequence of transactions runs, and the outputs must be equal.
using System.Diagnostics;
using System.Text;
using Ovs.TestKit;

namespace Ovs.Cli.Tests.OvsdbClient;

[Trait("upstream", "tests/ovsdb-monitor.at")]
public sealed class MonitorInteropTests
{
    private static readonly string[] s_changes =
    [
        """["Test",{"op":"insert","table":"Other","row":{"label":"new","id":1}}]""",
        """["Test",{"op":"update","table":"Other","where":[["label","==","new"]],"row":{"label":"newer"}},{"op":"update","table":"Simple","where":[["count","==",0]],"row":{"name":"nm","tags":["set",["p","q"]]}}]""",
        """["Test",{"op":"delete","table":"Other","where":[["label","==","newer"]]}]""",
    ];

    [RequiresProgramsTheory(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    [InlineData("monitor", "Test", "Other", "label", "id")]
    [InlineData("monitor", "Test", "ALL")]
    [InlineData("-f", "json", "monitor", "Test", "Other")]
    [InlineData("-f", "csv", "monitor", "Test", "Other", "label,!initial,!delete")]
    [InlineData("monitor-cond", "Test", """[["id","==",1]]""", "Other", "label")]
    [InlineData("-f", "html", "monitor-cond-since", "Test", "[]", "Other")]
    [InlineData("--format=list", "monitor-cond", "Test", "[]", "Simple", "name,tags")]
    public void Monitor_output_matches_debian(params string[] args)
    {
        using var server = new DebianServer();
        string[] full = [.. args.Take(Array.IndexOf(args, "Test")), server.Remote, .. args.Skip(Array.IndexOf(args, "Test"))];
        using var theirs = new Watcher(ProgramRunner.Reference("ovsdb-client")!, full, server.Sandbox);
        using var ours = new Watcher(ProgramRunner.Ours("ovsdb-client")!, full, server.Sandbox);
        if (args.Any(a => a.Contains("!initial", StringComparison.Ordinal)))
        {
            // Nothing is printed until the first change, so give both clients time to register their monitors.
            Thread.Sleep(2000);
        }
        else
        {
            Assert.True(theirs.WaitForOutput(1) && ours.WaitForOutput(1), $"monitors did not start:\n{theirs.Output}\n{ours.Output}");
        }

        // Each change must reach both monitors before the next, so that no update is merged with another.
        int expectedLength = theirs.Output.Length;
        foreach (string change in s_changes)
        {
            ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, ["transact", server.Remote, change], server.Sandbox);
            Assert.Equal(0, r.ExitCode);
            Thread.Sleep(300);
        }

        Assert.True(WaitUntil(() => ours.Output.Length >= theirs.Output.Length && theirs.Output.Length > expectedLength), "no updates seen");
        Thread.Sleep(300);
        Assert.Equal(theirs.Output, ours.Output);
    }

    internal static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    /// <summary>A long-running client whose stdout is collected; killed on dispose.</summary>
    internal sealed class Watcher : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public Watcher(string path, string[] args, Sandbox sandbox)
        {
            var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            foreach (KeyValuePair<string, string> kv in sandbox.Environment)
            {
                psi.Environment[kv.Key] = kv.Value;
            }

            _process = Process.Start(psi)!;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_output)
                    {
                        _output.Append(e.Data).Append('\n');
                    }
                }
            };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public bool WaitForOutput(int length) => WaitUntil(() => Output.Length >= length);

        public void Dispose()
        {
            try
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }
    }
}
