using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Tests.Execution;

/// <summary>
/// Runs the same "transact" requests through Debian's "ovsdb-tool transact" and through our engine on two copies
/// of a vswitch database and compares the printed results (UUIDs normalised), step by step.
/// </summary>
[Trait("upstream", "tests/ovsdb-execution.at")]
public sealed class TransactFidelityTests : IDisposable
{
    private const string Fixed1 = "11111111-2222-3333-4444-555555555555";
    private const string Fixed2 = "22222222-2222-3333-4444-555555555555";

    // Each step is the operations array (without the leading database name).
    private static readonly string[] s_steps =
    [
        """{"op":"insert","table":"Open_vSwitch","row":{}}""",
        """{"op":"select","table":"Open_vSwitch","where":[]}""",
        """{"op":"select","table":"Open_vSwitch","where":[],"columns":["next_cfg","_uuid","bridges"]}""",
        """{"op":"insert","table":"Bridge","row":{"name":"gc"}},{"op":"select","table":"Bridge","where":[]}""",
        """{"op":"insert","table":"Bridge","row":{"name":"br0"},"uuid-name":"b"},{"op":"insert","table":"Bridge","row":{"name":"br1"},"uuid-name":"b"}""",
        """{"op":"insert","table":"Bridge","row":{"name":"br0"},"uuid-name":"b"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["set",[["named-uuid","b"]]]]]}""",
        """{"op":"select","table":"Bridge","where":[["name","==","br0"]],"columns":["name","ports","datapath_type"]}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"datapath_type":"netdev"}},{"op":"select","table":"Bridge","where":[],"columns":["datapath_type"]}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"datapath_type":"netdev"}}""",
        """{"op":"delete","table":"Bridge","where":[]}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"nonexist":"x"}}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[],"timeout":0}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[]}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[{"name":"br0"}]}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"!=","rows":[{"name":"br0"}],"timeout":1000}""",
        """{"op":"wait","table":"Bridge","where":[],"until":"!=","rows":[],"timeout":0}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"=","rows":[],"timeout":0}""",
        """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[],"timeout":-1}""",
        """{"op":"comment","comment":"x"},{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[],"timeout":1000},{"op":"comment","comment":"y"}""",
        """{"op":"abort"}""",
        """{"op":"comment","comment":"x"},{"op":"abort"},{"op":"comment","comment":"y"}""",
        """{"op":"commit","durable":true}""",
        """{"op":"commit","durable":false}""",
        """{"op":"commit"}""",
        """{"op":"assert","lock":"foo"}""",
        """{"op":"foo"}""",
        """{"table":"Bridge"}""",
        """{"op":"comment","comment":"x"},{"op":"foo"},{"op":"comment","comment":"y"}""",
        """{"op":"select","table":"Bridge","where":[],"foo":1}""",
        "{\"op\":\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":\"brX\"},\"uuid\":\"" + Fixed1 + "\"}",
        """{"op":"insert","table":"Open_vSwitch","row":{}}""",
        """{"op":"comment","comment":"a"},{"op":"comment","comment":"b"},{"op":"insert","table":"Open_vSwitch","row":{}}""",
        "{\"op\":\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":\"brF\"},\"uuid\":\"" + Fixed2 + "\"},{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"bridges\",\"insert\",[\"uuid\",\"" + Fixed2 + "\"]]]}",
        "{\"op\":\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":\"brG\"},\"uuid\":\"" + Fixed2 + "\"}",
        """{"op":"insert","table":"Bridge","row":{"name":"brY"},"uuid":"zz"}""",
        """{"op":"select","table":"Bridge","where":[],"columns":["foo"]}""",
        "{\"op\":\"update\",\"table\":\"Open_vSwitch\",\"where\":[],\"row\":{\"bridges\":[\"uuid\",\"" + Fixed1 + "\"]}}",
        """{"op":"select","table":"Nope","where":[]}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"name":"x"}}""",
        "{\"op\":\"update\",\"table\":\"Bridge\",\"where\":[],\"row\":{\"_uuid\":[\"uuid\",\"" + Fixed1 + "\"]}}",
        """{"op":"mutate","table":"Bridge","where":[],"mutations":[["name","+=","x"]]}""",
        """{"op":"mutate","table":"Bridge","where":[],"mutations":[["flood_vlans","insert",["set",[5000]]]]}""",
        """{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","/=",0]]}""",
        """{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","+=",9223372036854775807]]},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","+=",9223372036854775807]]}""",
        """{"op":"select","table":"Bridge","where":[["name","==",1]]}""",
        """{"op":"select","table":"Bridge","where":[["name","<","x"]]}""",
        """{"op":"select","table":"Bridge","where":[["nme","==","x"]]}""",
        """{"op":"delete","table":"Bridge","where":[["name","==","nope"]]}""",
        """{"op":"update","table":"Bridge","where":[["name","==","nope"]],"row":{}}""",
        """{"op":"update","table":"Open_vSwitch","where":[],"row":{"bridges":["named-uuid","zz"]}}""",
        """{"op":"insert","table":"Bridge","row":{"name":"q","ports":["named-uuid","p"]}},{"op":"insert","table":"Port","uuid-name":"p","row":{"name":"p"}}""",
        """{"op":"comment","comment":"only comment"}""",
        """{"op":"insert","table":"Bridge","row":{"_uuid":["uuid","11111111-2222-3333-4444-555555555556"]}}""",
        """{"op":"insert","table":"Bridge","row":{"name":1}}""",
        """{"op":"update","table":"Bridge","where":[["name","==","br0"]],"row":{"ports":["named-uuid","p"],"external_ids":["map",[["k","v"],["a","b"]]]}},{"op":"insert","table":"Port","uuid-name":"p","row":{"name":"p0","interfaces":["named-uuid","i"]}},{"op":"insert","table":"Interface","uuid-name":"i","row":{"name":"i0"}}""",
        """{"op":"select","table":"Port","where":[],"columns":["name","interfaces"]},{"op":"select","table":"Interface","where":[],"columns":["name"]}""",
        """{"op":"update","table":"Port","where":[],"row":{"interfaces":["set",[]]}}""",
        """{"op":"insert","table":"Mirror","uuid-name":"m","row":{"name":"m","select_src_port":["named-uuid","p2"],"output_port":["set",[]]}},{"op":"update","table":"Bridge","where":[["name","==","br0"]],"row":{"mirrors":["named-uuid","m"]}},{"op":"select","table":"Mirror","where":[],"columns":["name","select_src_port"]}""",
        """{"op":"mutate","table":"Mirror","where":[],"mutations":[["select_src_port","insert",["set",[["uuid","00000000-0000-0000-0000-000000000000"]]]]]},{"op":"select","table":"Mirror","where":[],"columns":["select_src_port"]}""",
        """{"op":"select","table":"Port","where":[],"columns":["_uuid"]}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"external_ids":["map",[["k","w"],["z","y"]]],"flood_vlans":["set",[1,2]]}}""",
        """{"op":"update","table":"Bridge","where":[],"row":{"flood_vlans":["set",[2,3]],"ports":["set",[]]}},{"op":"select","table":"Port","where":[]},{"op":"select","table":"Mirror","where":[],"columns":["select_src_port","select_dst_port","output_port"]}""",
        """{"op":"select","table":"Bridge","where":[],"columns":["name","external_ids","flood_vlans","ports","mirrors"]}""",
        """{"op":"update","table":"Open_vSwitch","where":[],"row":{"bridges":["set",[]]}},{"op":"select","table":"Bridge","where":[]},{"op":"select","table":"Mirror","where":[]}""",
        "{\"op\":\"delete\",\"table\":\"Bridge\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + Fixed2 + "\"]]]},{\"op\":\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":\"brH\"},\"uuid\":\"" + Fixed2 + "\"}",
        """{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["external_ids","insert",["map",[["a","1"],["b","2"]]]],["next_cfg","+=",2]]},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["external_ids","delete",["set",["a"]]],["next_cfg","*=",3]]},{"op":"select","table":"Open_vSwitch","where":[],"columns":["external_ids","next_cfg"]}""",
        """{"op":"select","table":"Open_vSwitch","where":[["external_ids","includes",["map",[["b","2"]]]]],"columns":["next_cfg"]},{"op":"select","table":"Open_vSwitch","where":[["external_ids","excludes",["map",[["b","2"]]]]],"columns":["next_cfg"]},{"op":"select","table":"Open_vSwitch","where":[["next_cfg",">",1],["next_cfg","<=",100]],"columns":["next_cfg"]}""",
        """{"op":"insert","table":"Bridge","row":{"name":"tmp"},"uuid-name":"t"},{"op":"delete","table":"Bridge","where":[["name","==","tmp"]]},{"op":"select","table":"Bridge","where":[["name","==","tmp"]]}""",
        """{"op":"insert","table":"Bridge","row":{"name":"t2"},"uuid-name":"t"},{"op":"update","table":"Bridge","where":[["_uuid","==",["named-uuid","t"]]],"row":{"datapath_type":"system"}},{"op":"select","table":"Bridge","where":[["_uuid","==",["named-uuid","t"]]],"columns":["name","datapath_type"]},{"op":"comment","comment":"fails later"},{"op":"delete","table":"Nope","where":[]}""",
        """{"op":"wait","table":"Open_vSwitch","where":[],"columns":["next_cfg"],"until":"!=","rows":[{"next_cfg":12345}],"timeout":0},{"op":"wait","table":"Open_vSwitch","where":[],"columns":["next_cfg"],"until":"==","rows":[{"next_cfg":12345}],"timeout":0}""",
        """{"op":"update","table":"Open_vSwitch","where":[],"row":{"ssl":["set",[]],"other_config":["map",[["k","v"]]]}},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["other_config","insert",["map",[["k","w"]]]]]},{"op":"select","table":"Open_vSwitch","where":[],"columns":["other_config"]}""",
        """{"op":"insert","table":"Bridge","row":{"name":"again"},"uuid-name":"b"},{"op":"update","table":"Open_vSwitch","where":[],"row":{"bridges":["named-uuid","b"],"external_ids":["map",[["x","y"]]]}},{"op":"select","table":"Open_vSwitch","where":[],"columns":["bridges","external_ids","next_cfg"]}""",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresOvsdbToolFact]
    public void Every_step_prints_what_debian_ovsdb_tool_prints()
    {
        string debianDb = _dir.File("debian.db");
        string ourDb = _dir.File("ours.db");
        string schemaPath = Repo.Schema("vswitch.ovsschema");
        Assert.Equal(0, DebianTools.Tool(_dir.Path, "create", debianDb, schemaPath).ExitCode);
        Assert.Null(DatabaseSchema.TryParse(File.ReadAllText(schemaPath), out DatabaseSchema schema));
        Assert.Null(StandaloneStorage.Create(ourDb, schema));

        var debianUuids = new UuidNormalizer();
        var ourUuids = new UuidNormalizer();
        foreach (string step in s_steps)
        {
            string request = "[\"Open_vSwitch\"," + step + "]";
            var debian = DebianTools.Tool(_dir.Path, "transact", debianDb, request);
            Assert.True(debian.ExitCode == 0, debian.Stderr);

            string ours = RunOurs(ourDb, request) + "\n";
            string expected = debianUuids.Normalize(debian.Stdout);
            string actual = ourUuids.Normalize(ours);
            Assert.True(expected == actual, $"step {step}\nexpected: {expected}actual:   {actual}raw debian: {debian.Stdout}raw ours:   {ours}");
        }

        // The file we wrote is readable by Debian's tools and holds the same data as Debian's own file.
        var show = DebianTools.Tool(_dir.Path, "show-log", ourDb);
        Assert.True(show.ExitCode == 0, show.Stderr);
        const string query = """["Open_vSwitch",{"op":"select","table":"Open_vSwitch","where":[],"columns":["bridges","next_cfg","external_ids"]},{"op":"select","table":"Bridge","where":[],"columns":["name","external_ids","flood_vlans"]}]""";
        var fromDebianFile = DebianTools.Tool(_dir.Path, "query", debianDb, query);
        var fromOurFile = DebianTools.Tool(_dir.Path, "query", ourDb, query);
        Assert.Equal(0, fromOurFile.ExitCode);
        Assert.Equal(new UuidNormalizer().Normalize(fromDebianFile.Stdout), new UuidNormalizer().Normalize(fromOurFile.Stdout));

        // And we read Debian's file to the same contents.
        Assert.Equal(new UuidNormalizer().Normalize(fromDebianFile.Stdout), new UuidNormalizer().Normalize(RunOurs(debianDb, query, readOnly: true) + "\n"));
    }

    private static string RunOurs(string path, string request, bool readOnly = false)
    {
        JsonArray json = JsonParser.Parse(request).AsArray();
        Assert.Null(StandaloneStorage.Open(path, readOnly, out StandaloneStorage? storage));
        using (StandaloneStorage opened = storage!)
        {
            Assert.Null(opened.TailError);
            JsonValue[] operations = [.. json.Skip(1)];
            ExecutionResult result = readOnly
                ? Executor.Execute(opened.Database, operations, ExecutionOptions.Tool)
                : opened.Transact(operations, ExecutionOptions.Tool);
            Assert.False(result.IsRetry);
            return result.Reply!.ToString(JsonWriteOptions.Sort);
        }
    }
}
