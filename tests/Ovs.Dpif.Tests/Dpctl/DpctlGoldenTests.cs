// Replays the dpctl scenarios of tests/testdata/dpctl/ (recorded from Debian's ovs-vswitchd 3.1.0 with
// "ovs-appctl dpctl/...", see record.sh there) through DpctlUnixctl on the in-memory datapath test double, and
// compares exit status, standard output and standard error byte for byte. The harness plays the parts of the
// unixctl server (argument count check, trailing new line) and of ovs-appctl (exit status 2 and its last line on
// error). Flow dumps are compared as sorted lines, because their order is the datapath's hash order, and the
// dpif-netdev internals a -m dump appends (", dp-extra-info:...") are not dpctl's and are left out.
using System.Text;
using Ovs.Dpif.Dpctl;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;

namespace Ovs.Dpif.Tests.Dpctl;

public sealed class DpctlGoldenTests
{
    private static readonly string s_dataDir = Path.Combine(AppContext.BaseDirectory, "testdata", "dpctl");

    public static TheoryData<string> Scenarios() => new(["datapaths", "flows", "misc"]);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_matches_ovs_vswitchd(string scenario)
    {
        var netdevs = new NetdevRegistry();
        netdevs.Register(new DummyProvider("dummy"));
        netdevs.Register(new DummyProvider("dummy-internal"));
        var datapaths = new DpifRegistry();
        datapaths.Register(new InMemoryDpifProviderDouble("dummy", netdevs));
        var unixctl = new DpctlUnixctl(datapaths, netdevs, "ovs-vswitchd");

        var failures = new StringBuilder();
        foreach (GoldenStep step in GoldenStep.Load(Path.Combine(s_dataDir, scenario + ".golden")))
        {
            (int rc, string stdout, string stderr) = Run(unixctl, step.Words(s_dataDir));
            stdout = stdout.Replace(s_dataDir, "@DATA@", StringComparison.Ordinal);
            stderr = stderr.Replace(s_dataDir, "@DATA@", StringComparison.Ordinal);
            string expectedOut = WithoutExtraInfo(step.Stdout);
            if (step.Line.StartsWith("dpctl/dump-flows", StringComparison.Ordinal))
            {
                expectedOut = SortLines(expectedOut);
                stdout = SortLines(stdout);
            }

            if (rc != step.ExitCode || stdout != expectedOut || stderr != step.Stderr)
            {
                failures.Append(System.Globalization.CultureInfo.InvariantCulture, $"$ {step.Line}\nexpected rc {step.ExitCode}, stdout:\n{expectedOut}stderr:\n{step.Stderr}")
                    .Append(System.Globalization.CultureInfo.InvariantCulture, $"actual rc {rc}, stdout:\n{stdout}stderr:\n{stderr}\n");
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    /// <summary>What ovs-appctl prints for one dpctl/* request to our handler.</summary>
    private static (int ExitCode, string Stdout, string Stderr) Run(DpctlUnixctl unixctl, string[] words)
    {
        string name = words[0]["dpctl/".Length..];
        DpctlCommand command = DpctlUnixctl.Commands.Single(c => c.Name == name);
        string[] args = words[1..];
        string reply;
        bool ok;
        if (args.Length < command.MinArgs)
        {
            (ok, reply) = (false, $"\"{words[0]}\" command requires at least {command.MinArgs} arguments");
        }
        else if (args.Length > command.MaxArgs)
        {
            (ok, reply) = (false, $"\"{words[0]}\" command takes at most {command.MaxArgs} arguments");
        }
        else
        {
            ok = unixctl.Execute(command, args, out reply);
        }

        if (reply.Length > 0 && !reply.EndsWith('\n'))
        {
            reply += "\n";
        }

        return ok ? (0, reply, string.Empty) : (2, string.Empty, reply + "ovs-appctl: ovs-vswitchd: server returned an error\n");
    }

    private static string SortLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Sort(StringComparer.Ordinal);
        return string.Concat(lines.Select(l => l + "\n"));
    }

    private static string WithoutExtraInfo(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, ", dp-extra-info:[^\n]*", string.Empty);
}
