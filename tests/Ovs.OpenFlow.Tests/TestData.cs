// Loads the golden files under tests/testdata/openflow, recorded from Debian's ovs-ofctl 3.1.0 by
// tests/testdata/openflow/record.py.
using Ovs.Json;

namespace Ovs.OpenFlow.Tests;

internal static class TestData
{
    private static readonly Lazy<string> s_root = new(FindRoot);
    private static readonly Dictionary<string, JsonArray> s_cache = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();

    public static JsonArray Cases(string name)
    {
        lock (s_lock)
        {
            if (!s_cache.TryGetValue(name, out JsonArray? cases))
            {
                string path = Path.Combine(s_root.Value, "tests", "testdata", "openflow", name);
                cases = JsonParser.Parse(File.ReadAllText(path)).AsObject()["cases"]!.AsArray();
                s_cache[name] = cases;
            }

            return cases;
        }
    }

    public static TheoryData<int> Indexes(string name)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases(name).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    public static JsonObject Case(string name, int index) => Cases(name)[index].AsObject();

    public static string Text(this JsonObject o, string member) => o[member]!.AsString();

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
