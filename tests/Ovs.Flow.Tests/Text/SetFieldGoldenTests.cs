// Field values as set_field actions print them (mf_format), recorded from Debian's ovs-ofctl in
// tests/testdata/flow/set-field-cases.json: we parse the value with FieldParser and print it with FieldFormatter.
// Failures that the OpenFlow layer reports (action/match consistency, encoding) are out of scope here.
using System.Text.Json;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;

namespace Ovs.Flow.Tests.Text;

public sealed class SetFieldGoldenTests
{
    private static bool OutOfScope(string err) =>
        err.StartsWith("00000000", StringComparison.Ordinal)
        || err.Contains("cannot set CT fields", StringComparison.Ordinal)
        || err.Contains("actions are invalid", StringComparison.Ordinal);

    [Fact]
    public void MatchesOvsOfctlSetField()
    {
        using JsonDocument doc = TestData.Load("set-field-cases.json");
        var failures = new List<string>();
        int compared = 0, total = 0;
        byte[] value = new byte[128], mask = new byte[128];
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            total++;
            string name = c.GetProperty("field").GetString()!;
            string text = c.GetProperty("value").GetString()!;
            string expectedErr = c.GetProperty("err").GetString()!;
            string? expectedPrinted = c.GetProperty("printed").GetString();
            if (OutOfScope(expectedErr))
            {
                continue;
            }

            compared++;
            FieldInfo field = FieldTable.FromName(name)!;
            string? error = FieldParser.Parse(field, text, value, mask);
            if (error is null && !FieldAccess.IsValueValid(field, value.AsSpan(0, field.Size)))
            {
                error = $"{text} is not a valid value for field {name}";
            }

            string actual = error is null ? FieldFormatter.Format(field, value, mask) : "ovs-ofctl: " + error;
            string expected = expectedPrinted ?? expectedErr;
            if (actual != expected)
            {
                failures.Add($"{name}={text}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} compared ({total} recorded) differ:\n" + string.Join("\n", failures.Take(60)));
    }
}
