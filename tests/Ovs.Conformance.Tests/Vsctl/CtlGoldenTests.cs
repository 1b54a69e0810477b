// The ovs-vsctl and vtep-ctl conformance suite: each scenario of tests/testdata/vsctl and tests/testdata/vtep-ctl is
// played with the client under test (out/bin, or $OVS_TEST_CTL_BINDIR) against our ovsdb-server on a fresh database
// and its normalised transcript must equal the golden recorded from Debian's programs by
// tests/testdata/vsctl/record.py, byte for byte. Only the scenarios of the ratchet (passing.txt) are asserted; the
// others are reported by ScenariosNotYetPassing. The goldens themselves are checked by replaying every scenario with
// Debian's ovs-vsctl and vtep-ctl against Debian's ovsdb-server.
using Ovs.TestKit;
using Xunit.Abstractions;

namespace Ovs.Conformance.Tests.Vsctl;

[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class CtlGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> PassingVsctl() => Data(CtlScenario.Passing(CtlKind.Vsctl));

    public static TheoryData<string> PassingVtepCtl() => Data(CtlScenario.Passing(CtlKind.VtepCtl));

    [RequiresCtlScenariosTheory("vsctl", ourServer: true)]
    [MemberData(nameof(PassingVsctl))]
    public void OvsVsctlMatchesGolden(string scenario) => AssertMatchesGolden(scenario, OurServer);

    [RequiresCtlScenariosTheory("vtep-ctl", ourServer: true)]
    [MemberData(nameof(PassingVtepCtl))]
    public void VtepCtlMatchesGolden(string scenario) => AssertMatchesGolden(scenario, OurServer);

    /// <summary>Lists the scenarios outside the ratchet and whether they pass now; never fails on their account.</summary>
    [RequiresCtlClientFact("vsctl")]
    public void OvsVsctlScenariosNotYetPassing() => ReportNotYetPassing(CtlKind.Vsctl);

    /// <summary>Lists the vtep-ctl scenarios outside the ratchet and whether they pass now.</summary>
    [RequiresCtlClientFact("vtep-ctl")]
    public void VtepCtlScenariosNotYetPassing() => ReportNotYetPassing(CtlKind.VtepCtl);

    private static string OurServer => ProgramRunner.Ours("ovsdb-server")!;

    internal static string Tool => ProgramRunner.Reference("ovsdb-tool")!;

    internal static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string n in names)
        {
            data.Add(n);
        }

        return data;
    }

    internal static void AssertMatchesGolden(string scenario, string server)
    {
        string client = CtlScenario.Client(CtlScenario.KindOf(scenario))!;
        string actual = CtlScenario.Play(scenario, client, server, Tool);
        string? diff = CtlScenario.FirstDifference(File.ReadAllText(CtlScenario.GoldenPath(scenario)), actual);
        Assert.True(diff is null, $"{scenario} ({client} against {server}): {diff}");
    }

    private void ReportNotYetPassing(CtlKind kind)
    {
        IReadOnlyList<string> passing = CtlScenario.Passing(kind);
        string client = CtlScenario.Client(kind)!;
        int now = 0;
        foreach (string scenario in CtlScenario.Names(kind).Where(n => !passing.Contains(n)))
        {
            string actual = CtlScenario.Play(scenario, client, OurServer, Tool);
            string? diff = CtlScenario.FirstDifference(File.ReadAllText(CtlScenario.GoldenPath(scenario)), actual);
            if (diff is null)
            {
                now++;
                output.WriteLine($"{scenario}: passes now; add it to tests/testdata/{kind.Directory}/passing.txt");
            }
            else
            {
                output.WriteLine($"{scenario}: not yet passing, {diff}");
            }
        }

        output.WriteLine($"{now} scenario(s) outside the ratchet pass now");
    }
}

/// <summary>
/// The goldens are stable: Debian's own programs reproduce them through this harness, so its normalisation is the
/// recorder's and no output left in the goldens depends on chance. (A class of its own: it runs in parallel with
/// the others.)
/// </summary>
[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class CtlGoldenStabilityTests
{
    public static TheoryData<string> AllScenarios() =>
        CtlGoldenTests.Data([.. CtlKind.All.SelectMany(CtlScenario.Names)]);

    [RequiresReferenceTheory("ovs-vsctl", "vtep-ctl", "ovsdb-server", "ovsdb-tool")]
    [MemberData(nameof(AllScenarios))]
    public void DebiansProgramsReproduceGolden(string scenario)
    {
        string client = ProgramRunner.Reference(CtlScenario.KindOf(scenario).Program)!;
        string actual = CtlScenario.Play(scenario, client, ProgramRunner.Reference("ovsdb-server")!, CtlGoldenTests.Tool);
        string? diff = CtlScenario.FirstDifference(File.ReadAllText(CtlScenario.GoldenPath(scenario)), actual);
        Assert.True(diff is null, $"{scenario}: {diff}");
    }
}
