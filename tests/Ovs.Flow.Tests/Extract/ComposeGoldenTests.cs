// FlowComposer against Debian's `ovs-ofctl compose-packet FLOW [PAYLOAD]` (upstream's flow_compose() on an exact
// flow): tests/testdata/flow/compose-cases.json holds the bytes ovs-ofctl built for generated flows over every
// protocol the composer knows, recorded by tests/testdata/flow/record-compose.py. ovs-ofctl also extracts the
// packet it built and refuses the flow when the extraction differs, printing both flows (flow_format); for those
// cases we check that our composition and extraction differ too and print the same two lines. Flows its parser
// refused (prerequisites) are not compared: they test ovs-ofctl's flow parser, not composition.
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
            Match match = Parse(text);
            compared++;
            byte[] frame = Compose(in match.Flow, payload);
            string actual = Convert.ToHexString(frame).ToLowerInvariant();
            if (actual != expected)
            {
                failures.Add($"{text} {payload}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        Assert.True(compared >= 150, $"only {compared} cases compared");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} differ:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void FlowsThatDoNotSurviveCompositionFailAsInOvsOfctl()
    {
        const string Refusal = "specified and extracted flows differ:";
        using JsonDocument doc = TestData.Load("compose-cases.json");
        var failures = new List<string>();
        int compared = 0;
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            string[] err = c.GetProperty("err").GetString()!.Split('\n');
            if (err[0] != Refusal)
            {
                continue;
            }

            compared++;
            string text = c.GetProperty("flow").GetString()!;
            Match match = Parse(text);

            // parse_ofp_exact_flow leaves in_port as OFPP_NONE ("ANY") when the flow does not set it, and the
            // packet is extracted as received on that port.
            if (match.Flow.U16(FlowLayout.InPort) == 0)
            {
                match.Flow.SetU16(FlowLayout.InPort, 0xffff);
            }

            byte[] frame = Compose(in match.Flow, c.GetProperty("payload").GetString());
            FlowData extracted = default;
            FlowExtractor.Extract(frame, ref extracted, inPort: match.Flow.U16(FlowLayout.InPort));
            string specifiedText = "specified: " + FlowFormatter.Format(in match.Flow);
            string extractedText = "extracted: " + FlowFormatter.Format(in extracted);
            if (extracted == match.Flow || specifiedText != err[1] || extractedText != err[2])
            {
                failures.Add($"{text}\n  expected: {err[1]}\n            {err[2]}\n  actual:   {specifiedText}\n            {extractedText}"
                    + (extracted == match.Flow ? "\n  (our extraction gives the flow back)" : string.Empty));
            }
        }

        Assert.True(compared >= 20, $"only {compared} cases compared");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} differ:\n" + string.Join("\n", failures.Take(10)));
    }

    private static Match Parse(string text)
    {
        Match match = default;
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
        {
            Assert.True(MatchParser.TryApply(key, value, ref match, out string? error) && error is null, $"{text}: {key}={value}: {error}");
        }

        return match;
    }

    private static byte[] Compose(in FlowData flow, string? payload) =>
        payload is null ? FlowComposer.Compose(in flow, 64) : FlowComposer.Compose(in flow, Convert.FromHexString(payload));
}
