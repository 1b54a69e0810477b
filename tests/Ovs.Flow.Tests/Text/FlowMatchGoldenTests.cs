// The match part of `ovs-ofctl -F nxm parse-flow "MATCH,actions=drop"`, recorded from Debian's ovs-ofctl in
// tests/testdata/flow/flow-match-cases.json: we parse MATCH with MatchParser, check the "pre:" text ovs-ofctl
// logs for the parsed match, then encode it as NXM, decode it strictly and format it, which must give the match
// printed in the NXT_FLOW_MOD line. Errors must be upstream's messages.
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.Flow.Text;

namespace Ovs.Flow.Tests.Text;

public sealed class FlowMatchGoldenTests
{
    // Messages that come from the OpenFlow layer (protocol choice, action checks), not from the match.
    private static readonly string[] s_outOfScope = ["actions are invalid with specified match", "none of the usable flow formats"];

    private static bool IsKnownGap(string input) => false;

    [Fact]
    public void MatchesOvsOfctlParseFlow()
    {
        using JsonDocument doc = TestData.Load("flow-match-cases.json");
        var failures = new List<string>();
        int total = 0, compared = 0;
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            total++;
            string input = c.GetProperty("input").GetString()!;
            string expectedErr = c.GetProperty("err").GetString()!;
            if (s_outOfScope.Any(m => expectedErr.Contains(m, StringComparison.Ordinal)) || IsKnownGap(input))
            {
                continue;
            }

            compared++;
            string? error = Parse(input, out Match match, out int priority, out ProtocolSet usable);
            if (error is not null || expectedErr.Length > 0)
            {
                string actualErr = error is null ? string.Empty : "ovs-ofctl: " + error;
                if (actualErr != expectedErr)
                {
                    failures.Add($"{input}\n  expected error: {expectedErr}\n  actual error:   {actualErr}");
                }

                continue;
            }

            string? expectedUsable = c.GetProperty("usable").GetString();
            if (expectedUsable is not null && usable.ToText() != expectedUsable)
            {
                failures.Add($"{input}\n  expected usable: {expectedUsable}\n  actual usable:   {usable.ToText()}");
            }

            // ovs-ofctl normalizes the match and logs it before and after when that changes it.
            string? expectedPre = c.GetProperty("pre").GetString();
            string? expectedPost = c.GetProperty("post").GetString();
            string before = MatchFormatter.Format(in match);
            Match normalized = match;
            bool changed = MatchNormalizer.Normalize(ref normalized);
            string? actualPre = changed ? before : null;
            string? actualPost = changed ? MatchFormatter.Format(in normalized) : null;
            if (actualPre != expectedPre || actualPost != expectedPost)
            {
                failures.Add($"{input}\n  expected pre/post: {expectedPre} / {expectedPost}\n  actual pre/post:   {actualPre} / {actualPost}");
            }

            var nxm = new ArrayBufferWriter<byte>();
            int length = NxmEncoder.EncodeEntries(nxm, in match, 0);
            NxmError decodeError = NxmDecoder.DecodeEntries(nxm.WrittenSpan[..length], strict: true, allowCookie: true, out Match decoded, out _, out _);
            string actual = decodeError == NxmError.None ? MatchFormatter.Format(in decoded, priority) : decodeError.Name();
            string expected = c.GetProperty("match").GetString()!;
            string? expectedDecodeError = c.GetProperty("decode_error").GetString();
            if (expectedDecodeError is not null)
            {
                // Errors from checking the actions against the match belong to the OpenFlow layer.
                if (!expectedDecodeError.StartsWith("OFPBMC_", StringComparison.Ordinal))
                {
                    compared--;
                    continue;
                }

                expected = expectedDecodeError;
            }

            if (actual != expected)
            {
                failures.Add($"{input}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} compared ({total} recorded) differ:\n" + string.Join("\n", failures.Take(60)));
    }

    // The flow syntax minus everything but the match and priority, as parse_ofp_str__ handles them.
    private static string? Parse(string text, out Match match, out int priority, out ProtocolSet usable)
    {
        match = default;
        usable = ProtocolSet.Any;
        priority = MatchFormatter.DefaultPriority;
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
        {
            if (MatchParser.TryApply(key, value, ref match, ref usable, out string? error))
            {
                if (error is not null)
                {
                    return error;
                }

                continue;
            }

            if (value.Length == 0)
            {
                return $"field {key} missing value";
            }

            if (key == "priority")
            {
                priority = int.Parse(value, CultureInfo.InvariantCulture);
                continue;
            }

            return $"unknown keyword {key}";
        }

        usable = MatchParser.FinishUsableProtocols(in match, usable);
        return null;
    }
}
