// The xlate differential run against Debian's binaries themselves, when installed: record.sh records every case
// into a fresh directory and each of those outputs is compared with our translation, as XlateGoldenTests does
// with the checked-in goldens. This catches goldens that no longer reflect Debian's behaviour for our cases.
using System.Diagnostics;
using Ovs.TestKit;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlateLiveTests
{
    [RequiresReferenceFact("ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl", "ovs-appctl")]
    public void EveryCaseMatchesALiveDebianVswitchd()
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-live-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var psi = new ProcessStartInfo("/bin/sh", [Path.Combine(XlateGolden.Root, "record.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["XLATE_GOLDENS"] = dir;
            using Process p = Process.Start(psi)!;
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            Assert.True(p.WaitForExit(120_000), "record.sh did not finish in 120 s");
            Assert.True(p.ExitCode == 0, "record.sh failed: " + stderr.Result);

            var failures = new List<string>();
            foreach (string name in XlateGolden.CaseNames())
            {
                XlateGolden g = XlateGolden.Load(name, dir);
                for (int i = 0; i < g.Traces.Count; i++)
                {
                    string expected = g.Traces[i].Output;
                    string actual = XlateGoldenTests.Run(g, i);
                    bool same = expected.StartsWith("Flow: ", StringComparison.Ordinal)
                        ? XlateGoldenTests.Line(expected, "Megaflow: ") == XlateGoldenTests.Line(actual, "Megaflow: ")
                            && XlateGoldenTests.Tail(expected, "Datapath actions: ") == XlateGoldenTests.Tail(actual, "Datapath actions: ")
                        : expected == actual;
                    if (!same)
                    {
                        failures.Add($"{name} #{i} ({g.Traces[i].Flow})");
                    }
                }
            }

            Assert.Empty(failures);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
