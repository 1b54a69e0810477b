// Each scenario in tests/testdata/ovsdb-monitor (recorded from Debian's ovsdb-server 3.1.0 by record.py) played
// against SessionMonitors and the engine must give the same normalised conversation: the same replies, errors and
// update/update2/update3 notifications, in the same order relative to the replies.
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Tests;

public sealed class MonitorGoldenTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.GetDirectoryName(MonitorScript.DataFile("x"))!, "*.script.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path)[..^".script.json".Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    [Trait("upstream", "tests/ovsdb-monitor.at")]
    public void Scenario_matches_debian_ovsdb_server(string name)
    {
        JsonArray script = JsonParser.Parse(File.ReadAllText(MonitorScript.DataFile(name + ".script.json"))).AsArray();
        string expected = File.ReadAllText(MonitorScript.DataFile(name + ".golden"));

        string actual = new MonitorScript(MonitorScript.NewDatabase()).Play(script);

        Assert.Equal(expected, actual);
    }
}
