// Our ovsdb-client (out/bin, built by `make programs`) against Debian's ovsdb-server 3.1.0, compared byte for byte
// (stdout, stderr and exit status) with Debian's ovsdb-client run with the same arguments against the same server.
// The server state is shared and never modified by these cases, so even the UUIDs match without normalising.
using Ovs.TestKit;

namespace Ovs.Cli.Tests.OvsdbClient;

[Trait("upstream", "tests/ovsdb-client.at")]
public sealed class OvsdbClientInteropTests(DebianServer server) : IClassFixture<DebianServer>
{
    public static TheoryData<string[]> Cases() => new()
    {
        new[] { "list-dbs", "$SERVER" },
        new[] { "list-dbs" },
        new[] { "get-schema", "$SERVER" },
        new[] { "get-schema", "$SERVER", "Test" },
        new[] { "--pretty", "get-schema", "$SERVER" },
        new[] { "get-schema-version", "$SERVER" },
        new[] { "get-schema-cksum", "$SERVER", "Test" },
        new[] { "list-tables", "$SERVER" },
        new[] { "list-tables" },
        new[] { "-f", "csv", "list-tables", "$SERVER" },
        new[] { "list-columns", "$SERVER" },
        new[] { "list-columns", "$SERVER", "Test", "Simple" },
        new[] { "-f", "json", "list-columns", "$SERVER", "Test", "Other" },
        new[] { "dump", "$SERVER" },
        new[] { "dump", "$SERVER", "Test", "Other", "label", "_uuid" },
        new[] { "--format=list", "dump", "$SERVER" },
        new[] { "-f", "html", "dump", "$SERVER" },
        new[] { "-f", "csv", "-d", "bare", "dump", "$SERVER" },
        new[] { "-f", "json", "--pretty", "dump", "$SERVER" },
        new[] { "--bare", "dump", "$SERVER" },
        new[] { "--no-headings", "--max-column-width=6", "dump", "$SERVER" },
        new[] { "dump", "$SERVER", "Nope" },
        new[] { "dump", "$SERVER", "Test", "Other", "nope" },
        new[] { "transact", "$SERVER", """["Test",{"op":"select","table":"Other","where":[["id","==",2]]}]""" },
        new[] { "--pretty", "transact", "$SERVER", """["Test",{"op":"select","table":"Simple","where":[],"columns":["name","opts"]}]""" },
        new[] { "transact", "$SERVER", """["Test",{"op":"select","table":"X","where":[]}]""" },
        new[] { "transact", "$SERVER", """["Nope"]""" },
        new[] { "transact", "$SERVER", """["Test",""" },
        new[] { "transact", "$SERVER", "{}" },
        new[] { "query", "$SERVER", """["Test",{"op":"insert","table":"Other","row":{"label":"q","id":1}}]""" },
        new[] { "query", "$SERVER", """["Test",{"op":"insert","table":"Other","row":{}}]""" },
        new[] { "get-schema", "$SERVER", "Nope" },
        new[] { "list-dbs", "$SERVER", "extra" },
        new[] { "needs-conversion", "$SERVER", "$TESTDATA/cli/test.ovsschema" },
        new[] { "needs-conversion", "$SERVER", "nofile" },
        new[] { "wait", "$SERVER", "Test", "bogus" },
        new[] { "monitor", "$SERVER", "Test", "Nope" },
        new[] { "monitor", "$SERVER", "Test", "Other", "nope" },
        new[] { "monitor-cond", "$SERVER", "Test", "[]", "Nope" },
        new[] { "list-dbs", "unix:nonexistent.sock" },
        new[] { "list-dbs", "tcp:127.0.0.1:1" },
        new[] { "list-dbs", "foo:bar" },
        new[] { "frob" },
        Array.Empty<string>(),
        new[] { "--foo" },
        new[] { "--d" },
        new[] { "-t" },
        new[] { "--timeout=0", "list-dbs" },
        new[] { "--format=xml", "list-dbs" },
        new[] { "--data=xml", "list-dbs" },
        new[] { "--help" },
        new[] { "--version" },
        new[] { "transact" },
    };

    [RequiresProgramsTheory(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    [MemberData(nameof(Cases))]
    public void Output_matches_debian(string[] template)
    {
        string[] args = template.Select(a => a.Replace("$SERVER", server.Remote, StringComparison.Ordinal)
            .Replace("$TESTDATA", TestData.Root, StringComparison.Ordinal)).ToArray();
        ProgramResult expected = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, args, server.Sandbox, timeout: TimeSpan.FromSeconds(20));
        ProgramResult actual = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-client")!, args, server.Sandbox, timeout: TimeSpan.FromSeconds(20));
        // Only "query" of an insert differs between runs (the server picks a new UUID each time).
        Assert.Equal(UuidFilter.Apply(expected.Stdout), UuidFilter.Apply(actual.Stdout));
        // getopt names the program by argv[0], which is the path each was started with.
        string ourPath = ProgramRunner.Ours("ovsdb-client")!;
        Assert.Equal(expected.Stderr.Replace(ProgramRunner.Reference("ovsdb-client")! + ":", ourPath + ":", StringComparison.Ordinal), actual.Stderr);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }
}
