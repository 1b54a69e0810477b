// Known bytes → known text: every case of ofp-print-cases.json, printed by Debian's ovs-ofctl ofp-print, must print
// the same here, with the same warnings (recorded with the console pattern "%c|%p|%m").

namespace Ovs.OpenFlow.Tests.Text;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class OfpPrinterGoldenTests
{
    private const string File = "ofp-print-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsDebian(int index) => GoldenPrint.AssertPrintsAsDebian(TestData.Case(File, index));
}
