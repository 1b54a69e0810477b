// The ovs-vsctl and vtep-ctl golden scenarios (tests/testdata/vsctl, tests/testdata/vtep-ctl; see
// tests/Ovs.Conformance.Tests/Vsctl) played with the client under test (out/bin, or $OVS_TEST_CTL_BINDIR) against
// Debian's ovsdb-server: the transcripts must equal the goldens recorded with Debian's programs on both sides. Only
// the scenarios of the ratchet (passing.txt) are asserted.
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class CtlGoldenInteropTests
{
    public static TheoryData<string> PassingVsctl() => Data(CtlScenario.Passing(CtlKind.Vsctl));

    public static TheoryData<string> PassingVtepCtl() => Data(CtlScenario.Passing(CtlKind.VtepCtl));

    [RequiresCtlScenariosTheory("vsctl", ourServer: false)]
    [MemberData(nameof(PassingVsctl))]
    public void OvsVsctlAgainstDebiansServerMatchesGolden(string scenario) => AssertMatchesGolden(scenario);

    [RequiresCtlScenariosTheory("vtep-ctl", ourServer: false)]
    [MemberData(nameof(PassingVtepCtl))]
    public void VtepCtlAgainstDebiansServerMatchesGolden(string scenario) => AssertMatchesGolden(scenario);

    private static void AssertMatchesGolden(string scenario)
    {
        string client = CtlScenario.Client(CtlScenario.KindOf(scenario))!;
        string actual = CtlScenario.Play(
            scenario, client, ProgramRunner.Reference("ovsdb-server")!, ProgramRunner.Reference("ovsdb-tool")!);
        string? diff = CtlScenario.FirstDifference(File.ReadAllText(CtlScenario.GoldenPath(scenario)), actual);
        Assert.True(diff is null, $"{scenario} ({client} against Debian's ovsdb-server): {diff}");
    }

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string n in names)
        {
            data.Add(n);
        }

        return data;
    }
}
