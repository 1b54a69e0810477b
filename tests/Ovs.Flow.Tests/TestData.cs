// Locates the golden files under tests/testdata/flow, recorded from Debian's ovs-ofctl (OVS 3.1) by
// tests/testdata/flow/record.py.
using System.Text.Json;

namespace Ovs.Flow.Tests;

internal static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "flow", name);

    public static JsonDocument Load(string name) => JsonDocument.Parse(File.ReadAllText(PathOf(name)));
}
