// Seed inputs come from the golden files under tests/testdata, so every message and match that the conformance
// tests know about is also a starting point for mutation.
using System.Text;
using Ovs.Json;

namespace Ovs.Fuzz;

internal static class Seeds
{
    private static readonly Lazy<string?> s_testData = new(FindTestData);

    /// <summary>tests/testdata of the checkout this program runs from, or OVS_FUZZ_TESTDATA; null if not found.</summary>
    public static string? TestData => s_testData.Value;

    /// <summary>The values of one string member of every case of a golden JSON file ({"cases": [...]} or [...]).</summary>
    public static IEnumerable<string> Strings(string relativePath, string member)
    {
        if (TestData is not { } root || !File.Exists(Path.Combine(root, relativePath)))
        {
            yield break;
        }

        JsonValue document = JsonParser.Parse(File.ReadAllBytes(Path.Combine(root, relativePath)));
        JsonArray cases = document is JsonObject o ? o["cases"]!.AsArray() : document.AsArray();
        foreach (JsonValue c in cases)
        {
            if (c is JsonObject obj && obj[member] is JsonString s)
            {
                yield return s.Value;
            }
        }
    }

    public static IEnumerable<byte[]> Hex(string relativePath, string member)
    {
        foreach (string hex in Strings(relativePath, member))
        {
            if (hex.Length % 2 == 0 && hex.AsSpan().ContainsOnlyHex())
            {
                yield return Convert.FromHexString(hex);
            }
        }
    }

    public static IEnumerable<byte[]> Utf8(IEnumerable<string> texts)
    {
        foreach (string text in texts)
        {
            yield return Encoding.UTF8.GetBytes(text);
        }
    }

    private static string? FindTestData()
    {
        if (Environment.GetEnvironmentVariable("OVS_FUZZ_TESTDATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenVSwitch.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "testdata");
            }
        }

        return null;
    }
}

internal static class HexSpanExtensions
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
