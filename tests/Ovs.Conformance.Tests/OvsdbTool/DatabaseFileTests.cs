// Our ovsdb-tool against Debian's on standalone and clustered database files: creation, inspection,
// transactions, show-log, compaction and conversion. Scenarios use one row per transaction so that the order of
// rows in upstream's hash tables cannot show, and compacted snapshots (whose column order is upstream's hash
// order) are shown without column values.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.OvsdbTool;

[Trait("upstream", "tests/ovsdb-tool.at")]
public sealed class DatabaseFileTests
{
    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void StandaloneInspection()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["db-name", "nonexistent.db"], ["create", "db", "schema"], ["create", "db", "schema"],
            ["create", "db2", "nonexistent"], ["create"], ["db-name", "db"], ["db-version", "db"], ["db-cksum", "db"],
            ["db-cid", "db"], ["db-sid", "db"], ["db-local-address", "db"], ["db-is-clustered", "db"],
            ["db-is-standalone", "db"], ["needs-conversion", "db", "schema"], ["needs-conversion", "db", "numbers-schema"],
            ["db-name", "schema"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void ClusteredInspection()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["create-cluster", "db", "schema", "tcp:1.2.3.4:1234"], ["db-name", "db"], ["db-version", "db"],
            ["db-cksum", "db"], ["db-cid", "db"], ["db-sid", "db"], ["db-local-address", "db"],
            ["db-is-clustered", "db"], ["db-is-standalone", "db"], ["compact", "db"], ["convert", "db", "schema"],
            ["needs-conversion", "db", "schema"], ["query", "db", "[]"], ["transact", "db", "[]"], ["show-log", "db"],
            ["show-log", "-mm", "db"], ["create-cluster", "db", "schema", "unix:x"],
            ["create-cluster", "x1", "nonexistent", "unix:a"], ["create-cluster", "x2", "bad.json", "unix:a"],
            ["create-cluster", "x3", "db", "unix:a"], ["create-cluster", "x4", "schema", "foo:bar"],
            ["--election-timer=1000", "create-cluster", "e", "schema", "unix:e"], ["show-log", "e"],
            ["join-cluster", "j", "ordinals", "unix:a", "unix:b"], ["db-cid", "j"], ["db-sid", "j"], ["show-log", "-m", "j"],
            ["join-cluster", "j2", "ordinals", "unix:a", "unix:a"], ["join-cluster", "j3", "9x", "unix:a", "unix:b"],
            ["--cid=520cf525-3772-43cc-8268-23bf5b548cf4", "join-cluster", "j4", "ordinals", "unix:a", "unix:b"],
            ["db-cid", "j4"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void CheckCluster()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["create", "standalone", "schema"], ["create-cluster", "empty", "schema", "unix:a"],
            ["--election-timer=1000", "create-cluster", "timer", "schema", "unix:b"],
            ["join-cluster", "joining", "ordinals", "unix:c", "unix:d"], ["check-cluster", "standalone"],
            ["check-cluster", "empty"], ["check-cluster", "timer"], ["check-cluster", "joining"],
            ["check-cluster", "timer", "timer"], ["check-cluster", "empty", "timer"], ["check-cluster", "nonexistent"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void TransactQueryAndShowLog()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["create", "db", "schema"], ["transact", "db", ToolScenario.Insert("zero", 0)],
            ["transact", "db", ToolScenario.Insert("one", 1)],
            ["transact", "db", """["ordinals",{"op":"update","table":"ordinals","where":[["number","==",1]],"row":{"name":"uno"}},{"op":"comment","comment":"rename"}]"""],
            ["transact", "db", """["ordinals",{"op":"delete","table":"ordinals","where":[["number","==",0]]}]"""],
            ["query", "db", """["ordinals",{"op":"select","table":"ordinals","where":[],"columns":["name","number"]}]"""],
            ["query", "db", ToolScenario.Insert("two", 2)],
            ["query", "db", """["ordinals",{"op":"select","table":"ordinals","where":[],"columns":["name"]}]"""],
            ["query", "db", "[1,"], ["query", "db", "abc"], ["query", "db", "{}"], ["transact", "db", """["foo"]"""],
            ["show-log", "db"], ["show-log", "-m", "db"], ["show-log", "-mm", "db"], ["-m", "-m", "show-log", "db"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void CompactAndConvert()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["create", "db", "schema"], ["transact", "db", ToolScenario.Insert("zero", 0)],
            ["transact", "db", """["ordinals",{"op":"delete","table":"ordinals","where":[]}]"""],
            ["transact", "db", ToolScenario.Insert("one", 1)], ["compact", "db"], ["show-log", "-m", "db"],
            ["compact", "db", "copy"], ["show-log", "-m", "copy"], ["convert", "db", "int-schema"],
            ["convert", "db", "nonexistent"], ["convert", "nonexistent.db", "schema"], ["compact", "nonexistent.db"],
            ["convert", "db", "numbers-schema", "converted"], ["show-log", "-mm", "converted"], ["db-version", "converted"],
            ["convert", "db", "numbers-schema"], ["show-log", "-mm", "db"], ["needs-conversion", "db", "numbers-schema"],
            ["convert", "db", "schema"], ["show-log", "-m", "db"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void ClusterFromDataAndBackToStandalone()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["create", "db", "schema"], ["transact", "db", ToolScenario.Insert("zero", 0)],
            ["create-cluster", "cluster", "db", "unix:s1.raft"], ["show-log", "-mm", "cluster"],
            ["cluster-to-standalone", "standalone", "cluster"], ["db-is-standalone", "standalone"],
            ["show-log", "-mm", "standalone"],
            ["query", "standalone", """["ordinals",{"op":"select","table":"ordinals","where":[],"columns":["name","number"]}]"""],
            ["cluster-to-standalone", "standalone", "cluster"], ["cluster-to-standalone", "other", "db"],
        ]);
    }
}
