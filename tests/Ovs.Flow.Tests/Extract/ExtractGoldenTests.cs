// Flow extraction against Debian's ovs-ofctl: tests/testdata/flow/packet-extract-cases.json holds, for each packet
// of a generated corpus (valid packets of every supported protocol, truncations and garbage), the line
// `ovs-ofctl ofp-print` prints for an OpenFlow 1.0 packet-in carrying it: the flow upstream extracted, formatted
// as a match, and the transport checksum. Recorded by tests/testdata/flow/record-packets.py.
using System.Text.Json;
using Ovs.Flow.Text;

namespace Ovs.Flow.Tests.Extract;

public sealed class ExtractGoldenTests
{
    [Fact]
    public void ExtractedFlowsPrintAsOvsOfctlPrintsThem()
    {
        using JsonDocument doc = TestData.Load("packet-extract-cases.json");
        var failures = new List<string>();
        int total = 0;
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            total++;
            byte[] packet = Convert.FromHexString(c.GetProperty("packet").GetString()!);
            string expected = c.GetProperty("flow").GetString()!;
            string actual = FlowFormatter.FormatPacket(packet);
            if (actual != expected)
            {
                failures.Add($"{Convert.ToHexString(packet)}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        Assert.True(total >= 400, $"only {total} recorded cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {total} differ:\n" + string.Join("\n", failures.Take(15)));
    }
}
