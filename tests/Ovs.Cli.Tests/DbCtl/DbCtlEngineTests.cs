using Ovs.Cli.DbCtl;
using Ovs.Ovsdb;

namespace Ovs.Cli.Tests.DbCtl;

public sealed class DbCtlEngineTests
{
    private const string SchemaText = """
        {"name":"t","version":"1.2.3","tables":{
          "Bridge":{"isRoot":true,"columns":{"name":{"type":"string"},"ports":{"type":{"key":{"type":"uuid","refTable":"Port"},"min":0,"max":"unlimited"}},
            "other_config":{"type":{"key":"string","value":"string","min":0,"max":"unlimited"}}}},
          "Port":{"columns":{"name":{"type":"string"},"tag":{"type":{"key":"integer","min":0,"max":1}}}},
          "Port_Group":{"columns":{"name":{"type":"string"}}}}}
        """;

    private static DbCtlEngine Engine()
    {
        Assert.Null(DatabaseSchema.TryParse(SchemaText, out DatabaseSchema schema));
        var engine = new DbCtlEngine(schema, new Dictionary<string, CtlRowId[]> { ["Bridge"] = [new("Bridge", "name")] }, null);
        engine.Register([new CtlCommandSyntax("add-br", 1, 3, "BRIDGE", null, null, null, "--may-exist", CtlMode.ReadWrite)]);
        return engine;
    }

    [Fact]
    public void SchemaIsBuiltOnFirstUseOnly()
    {
        int loads = 0;
        var engine = new DbCtlEngine(
            () =>
            {
                loads++;
                Assert.Null(DatabaseSchema.TryParse(SchemaText, out DatabaseSchema schema));
                return schema;
            },
            new Dictionary<string, CtlRowId[]>(),
            null);
        engine.Register([new CtlCommandSyntax("add-br", 1, 3, "BRIDGE", null, null, null, "--may-exist", CtlMode.ReadWrite)]);
        Assert.NotEmpty(engine.CommandOptionSpecs(0x200, []));
        Assert.NotNull(engine.FindCommand("add-br"));
        Assert.Equal(0, loads);

        Assert.Equal("Port", engine.GetTable("port").Name);
        Assert.Equal(["Bridge", "Port", "Port_Group"], engine.SortedTables.Select(t => t.Name));
        Assert.Same(engine.Schema, engine.Schema);
        Assert.Equal(1, loads);
    }

    [Theory]
    [InlineData("Bridge", "Bridge")]
    [InlineData("bridge", "Bridge")]
    [InlineData("b", "Bridge")]
    [InlineData("port", "Port")]
    [InlineData("port-g", "Port_Group")]
    public void TablesMayBeAbbreviatedAndMatchCaseAndDashes(string input, string expected) =>
        Assert.Equal(expected, Engine().GetTable(input).Name);

    [Theory]
    [InlineData("x", "unknown table \"x\"")]
    [InlineData("p", "\"p\" matches multiple table names: Port, Port_Group")]
    public void BadTableNamesGiveUpstreamsMessages(string input, string message) =>
        Assert.Equal(message, Assert.Throws<CliException>(() => Engine().GetTable(input)).Message);

    [Fact]
    public void ColumnsMayBeAbbreviated()
    {
        DbCtlEngine engine = Engine();
        TableSchema bridge = engine.GetTable("Bridge");
        Assert.Equal("other_config", engine.GetColumn(bridge, "other-c").Name);
        Assert.Equal("Bridge does not contain a column whose name matches \"zz\"", Assert.Throws<CliException>(() => engine.GetColumn(bridge, "zz")).Message);
        Assert.Equal(["name", "other_config", "ports"], engine.SortedColumns(bridge).Select(c => c.Name));
    }

    [Fact]
    public void CommandLinesSplitOnDoubleDashWithPerCommandOptions()
    {
        var local = new CtlOptions();
        local.TryAdd("--may-exist", null);
        List<CtlCommand> commands = Engine().ParseCommands(["add-br", "a", "--", "--if-exists", "list", "Bridge", "--", "--id=@x", "get", "Bridge", "a"], local);
        Assert.Equal(3, commands.Count);
        Assert.True(commands[0].Options.Contains("--may-exist"));
        Assert.Equal(["add-br", "a"], commands[0].Argv);
        Assert.True(commands[1].Options.Contains("--if-exists"));
        Assert.Equal("@x", commands[2].Options.Get("--id"));
        Assert.Equal(["get", "Bridge", "a"], commands[2].Argv);
    }

    [Theory]
    [InlineData(new[] { "--" }, "missing command name (use --help for help)")]
    [InlineData(new[] { "nosuch" }, "unknown command 'nosuch'; use --help for help")]
    [InlineData(new[] { "--all", "list", "Bridge" }, "'list' command has no '--all' option")]
    [InlineData(new[] { "--id", "get", "Bridge", "a" }, "missing argument to '--id' option on 'get' command")]
    [InlineData(new[] { "--if-exists=1", "list", "Bridge" }, "'--if-exists' option on 'list' does not accept an argument")]
    [InlineData(new[] { "--if-exists", "--if-exists", "list", "Bridge" }, "'--if-exists' option specified multiple times")]
    [InlineData(new[] { "get", "Bridge" }, "'get' command requires at least 2 arguments")]
    [InlineData(new[] { "add-br", "a", "b", "c", "d" }, "'add-br' command takes at most 3 arguments")]
    [InlineData(new[] { "add-br", "a", "b", "c", "--x" }, "'add-br' command takes at most 3 arguments (note that options must precede command names and follow a \"--\" argument)")]
    public void BadCommandLinesGiveUpstreamsMessages(string[] args, string message) =>
        Assert.Equal(message, Assert.Throws<CliException>(() => Engine().ParseCommands(args, new CtlOptions())).Message);

    [Fact]
    public void CommandOptionsBecomeGlobalOptionRows()
    {
        IReadOnlyList<Ovs.Cli.Options.OptionSpec> specs = Engine().CommandOptionSpecs(999, []);
        Assert.Contains(specs, s => s.Name == "id" && s.Argument == Ovs.Cli.Options.OptionArgument.Required);
        Assert.Contains(specs, s => s.Name == "may-exist" && s.Argument == Ovs.Cli.Options.OptionArgument.None);
        Assert.Single(specs, s => s.Name == "if-exists");
    }

    [Theory]
    [InlineData(new[] { "a b" }, "\"a b\"")]
    [InlineData(new[] { "x", "say \"hi\"", "back\\slash" }, "x \"say \\\"hi\\\"\" \"back\\\\slash\"")]
    [InlineData(new[] { "", "y" }, " y")]
    public void ArgumentsAreQuotedAsUpstreamQuotesThem(string[] args, string expected) =>
        Assert.Equal(expected, DbCtlRunner.EscapeArgs(args));
}
