// Known bytes → known text: every case of ofp-print-cases.json, printed by Debian's ovs-ofctl ofp-print, must print
// the same here, with the same warnings (recorded with the console pattern "%c|%p|%m").
using System.Text;
using Ovs.Json;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Tests.Text;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class OfpPrinterGoldenTests
{
    private const string File = "ofp-print-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsDebian(int index)
    {
        JsonObject c = TestData.Case(File, index);
        var warnings = new StringBuilder();
        int verbosity = c["verbosity"]!.IsNull ? 2 : (int)c["verbosity"]!.AsInteger();
        var context = new OfpPrintContext(verbosity, (module, level, message) => warnings.Append(module).Append(level is OfpLogLevel.Warn or OfpLogLevel.WarnUnlimited ? "|WARN|" : "|INFO|").Append(message).Append('\n'));

        string text = OfpPrinter.ToText(TestData.Hex(c.Text("hex")), context);

        Assert.Equal(c.Text("stdout"), text);
        Assert.Equal(c.Text("stderr"), warnings.ToString());
    }
}
