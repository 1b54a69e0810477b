// Our ovsdb-tool against Debian's: help texts, option handling and usage errors.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.OvsdbTool;

[Trait("upstream", "tests/ovsdb-tool.at")]
public sealed class CommandLineTests
{
    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void HelpVersionAndListings()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["--help"], ["-h"], ["help"], ["list-commands"], ["--option"], ["-V"], ["--version"], ["-V", "-h"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void OptionErrors()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["-x"], ["--bogus"], ["--v"], ["--ver"], ["--election-timer"], ["--rbac-role"],
            ["--election-timer=abc", "db-name", "db"], ["--election-timer=99", "db-name", "db"],
            ["--cid=abc", "db-name", "db"], ["--cid=abc", "-x"], ["-x", "--cid=abc"], ["-vfoo", "db-name", "db"],
            ["--log-file=x.log", "db-name", "db"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void CommandErrors()
    {
        ToolScenario.AssertSameAsReference(
        [
            [], ["foo"], ["db-name", "a", "b"], ["create-cluster", "a"], ["join-cluster", "a", "b", "c"],
            ["compact", "a", "b", "c"], ["convert", "a", "b", "c", "d"], ["query"], ["transact", "a", "b", "c"],
            ["compare-versions", "1.2.3"], ["cluster-to-standalone", "x"], ["db-cid"],
        ]);
    }

    [RequiresProgramsFact(["ovsdb-tool"], ["ovsdb-tool"])]
    public void SchemaCommandsAndVersionComparisons()
    {
        ToolScenario.AssertSameAsReference(
        [
            ["schema-name", "schema"], ["schema-version", "schema"], ["schema-cksum", "schema"],
            ["schema-version", "int-schema"], ["schema-name", "nonexistent"], ["schema-name", "bad.json"],
            ["schema-cksum", "bad-type.json"], ["schema-version", "empty.json"], ["schema-name"],
            ["compare-versions", "1.2.3", "<", "1.2.4"], ["compare-versions", "1.2.3", ">", "1.2.4"],
            ["compare-versions", "1.2.3", "==", "1.2.3"], ["compare-versions", "1.2.3", "!=", "1.2.3"],
            ["compare-versions", "1.2", "<", "1.2.4"], ["compare-versions", "1.2.3", "~", "1.2"],
            ["compare-versions", "1.2.3", "=", "1.2.3"],
        ]);
    }
}
