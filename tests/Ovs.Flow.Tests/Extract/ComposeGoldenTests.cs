// FlowComposer against Debian's `ovs-ofctl compose-packet FLOW [PAYLOAD]` (upstream's flow_compose() on an exact
// flow): tests/testdata/flow/compose-cases.json holds the bytes ovs-ofctl built for generated flows over every
// protocol the composer knows, recorded by tests/testdata/flow/record-compose.py. Flows ovs-ofctl refused (its
// parser's prerequisite checks, or its check that the packet extracts back to the flow) are not compared: they
// test ovs-ofctl's flow parser, not composition.
using System.Text.Json;
using Ovs.Flow.Extract;
using Ovs.Flow.Text;

namespace Ovs.Flow.Tests.Extract;

public sealed class ComposeGoldenTests
{
    [Fact]
    public void ComposesTheBytesOvsOfctlComposes()
    {
        using JsonDocument doc = TestData.Load("compose-cases.json");
        var failures = new List<string>();
        int compared = 0;
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            if (c.GetProperty("err").GetString()!.Length > 0)
            {
                continue;
            }

            string text = c.GetProperty("flow").GetString()!;
            string? payload = c.GetProperty("payload").GetString();
            string expected = c.GetProperty("packet").GetString()!;
            Match match = default;
            int position = 0;
            while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
            {
                Assert.True(MatchParser.TryApply(key, value, ref match, out string? error) && error is null, $"{text}: {key}={value}: {error}");
            }

            compared++;
            byte[] frame = payload is null
                ? FlowComposer.Compose(in match.Flow, 64)
                : FlowComposer.Compose(in match.Flow, Convert.FromHexString(payload));
            string actual = Convert.ToHexString(frame).ToLowerInvariant();
            if (actual != expected)
            {
                failures.Add($"{text} {payload}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        Assert.True(compared >= 150, $"only {compared} cases compared");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} differ:\n" + string.Join("\n", failures.Take(10)));
    }
}
