// Compares the dpif-netdev/pmd-* texts with those Debian's ovs-vswitchd 3.1 printed for the same datapath
// (tests/testdata/dpif-netdev/record.sh). Upstream polls a bridgeless datapath's ordinary ports only from a bridge's
// run loop, so the recording has no traffic; the states compared are those both datapaths reach: no datapath, ports
// added, statistics cleared, and a dummy-pmd port on a PMD thread (core 1, the core upstream chose on the recording
// machine). Lines about cycles are left out on both sides, as the recording does: they are machine time.
using Ovs.Dpif.Netdev.Pmd;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class PmdInfoGoldenTests
{
    private static readonly Dictionary<string, Queue<string>> s_expected = Load();

    [Fact]
    public void Texts_match_upstream_for_the_recorded_states()
    {
        var catalog = new DpNetdevCatalog();
        Check(catalog, "dpif-netdev/pmd-stats-show");
        using var f = new DatapathFixture(catalog: catalog, pmdCores: [1]);
        f.AddPort("p1");
        f.AddPort("p2");
        Check(catalog, "dpif-netdev/pmd-stats-show");
        Check(catalog, "dpif-netdev/pmd-rxq-show");
        f.PutMegaflow("2");
        Check(catalog, "dpif-netdev/pmd-stats-show dp0");
        Check(catalog, "dpif-netdev/pmd-stats-clear dp0");
        Check(catalog, "dpif-netdev/pmd-stats-show dp0");
        f.AddPort("p3", "dummy-pmd");
        Check(catalog, "dpif-netdev/pmd-rxq-show");
        Check(catalog, "dpif-netdev/pmd-rxq-show -secs 7 dp0");
        Check(catalog, "dpif-netdev/pmd-stats-show -pmd 0");
        Check(catalog, "dpif-netdev/pmd-stats-show nosuchdp");
    }

    private static void Check(DpNetdevCatalog catalog, string commandLine)
    {
        string[] words = commandLine.Split(' ');
        DpifNetdevCommandResult result = PmdInfoCommands.All.Single(c => c.Name == words[0]).Handler(catalog, words[1..]);
        string expected = s_expected[commandLine].Dequeue();
        string actual = string.Concat(result.Text.Split('\n').Where(l => l.Length > 0 && !l.Contains("cycles", StringComparison.Ordinal)).Select(l => l + "\n"));
        if (!result.Success)
        {
            // ovs-appctl prints an error reply and then its own line naming the failure.
            Assert.StartsWith(result.Text + "\n", expected, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(expected, actual);
    }

    private static Dictionary<string, Queue<string>> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "testdata", "dpif-netdev", "expected.txt");
        var blocks = new Dictionary<string, Queue<string>>();
        string? command = null;
        var text = new System.Text.StringBuilder();
        foreach (string line in File.ReadLines(path).Append("> end"))
        {
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                if (command is not null)
                {
                    if (!blocks.TryGetValue(command, out Queue<string>? queue))
                    {
                        blocks[command] = queue = new Queue<string>();
                    }

                    queue.Enqueue(text.ToString());
                }

                command = line[2..];
                text.Clear();
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }

        return blocks;
    }
}
