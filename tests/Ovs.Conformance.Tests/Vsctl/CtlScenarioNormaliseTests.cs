// The harness's own rules (tests/Ovs.TestKit/CtlScenario.cs), which must stay those of the recorder
// (tests/testdata/vsctl/record.py): word splitting, the ordering markers and the UUID numbering.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.Vsctl;

public sealed class CtlScenarioNormaliseTests
{
    private const string U1 = "11111111-1111-1111-1111-111111111111";
    private const string U2 = "22222222-2222-2222-2222-222222222222";
    private const string U3 = "03333333-3333-3333-3333-333333333333";

    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("'x y' \"p \\\"q\\\" \\n\" r\\ s", new[] { "x y", "p \"q\" \\n", "r s" })]
    [InlineData("k=\\\"v\\\" 'a=\"b c\"'", new[] { "k=\"v\"", "a=\"b c\"" })]
    [InlineData("'' \"\"", new[] { "", "" })]
    public void SplitsWordsAsAShell(string line, string[] words) =>
        Assert.Equal(words, CtlScenario.SplitWords(line));

    [Fact]
    public void RejectsUnterminatedQuotes()
    {
        Assert.Throws<FormatException>(() => CtlScenario.SplitWords("a 'b"));
        Assert.Throws<FormatException>(() => CtlScenario.SplitWords("a \"b"));
    }

    [Fact]
    public void NumbersUuidsInOrderOfFirstAppearanceAcrossInvocations()
    {
        var n = new CtlScenario.UuidNumbering();
        Assert.Equal(
            "$ x\n> <0> <1> <0>\nexit 0\n\n",
            CtlScenario.Normalise(Step("x"), new ProgramResult(0, $"{U2} {U1} {U2}\n", ""), "/p", "p", "/d", n));
        Assert.Equal(
            "$ y\n> <1>\n! p: $DIR/db <time>|<2>\n% no newline at end of stderr\nexit 1\n\n",
            CtlScenario.Normalise(
                Step("y"), new ProgramResult(1, U1 + "\n", $"/p: /x/d/db 2026-11-26T00:48:45Z|{U3}"), "/p", "p", "/x/d", n));
    }

    [Fact]
    public void NumbersTheAbbreviationsOfKnownUuidsOnly()
    {
        var n = new CtlScenario.UuidNumbering();
        string text = n.Apply($"<a href=\"#{U1}\">11111111</a> 22222222 111111111");
        Assert.Equal("<a href=\"#<0>\"><0></a> 22222222 111111111", text);
    }

    [Fact]
    public void TreeSortsRunsOfSiblingRowsAndKeepsKeyValueLines()
    {
        string show = "root\n    Bridge b\n        Port z\n            tag: 1\n            Interface z\n        Port a\n"
            + "        fail_mode: secure\n    Bridge a\n    ovs_version: \"1\"\n";
        string expected = "$ [tree] show\n> root\n>     Bridge a\n>     Bridge b\n>         Port a\n>         Port z\n"
            + ">             tag: 1\n>             Interface z\n>         fail_mode: secure\n>     ovs_version: \"1\"\nexit 0\n\n";
        Assert.Equal(expected, Run("[tree] show", show));
    }

    [Fact]
    public void RecordsAndSortReorderWholeUnits()
    {
        Assert.Equal(
            "$ [records] list\n> name : b\n> x : 1\n>\n> name : c\nexit 0\n\n",
            Run("[records] list", "name : c\n\nname : b\nx : 1\n"));
        Assert.Equal("$ [sort] list\n> a\n> b\n> c\nexit 0\n\n", Run("[sort] list", "c\na\nb\n"));
    }

    [Fact]
    public void UuidSetsAreSortedByNumberOnlyWithTheMarker()
    {
        var n = new CtlScenario.UuidNumbering();
        n.Apply(U1 + U2);
        string output = $"[{U2}, {U1}] {U2} {U1} [\"set\",[[\"uuid\",\"{U2}\"],[\"uuid\",\"{U1}\"]]]\n";
        Assert.Equal(
            "$ [uuidsets] get\n> [<0>, <1>] <0> <1> [\"set\",[[\"uuid\",\"<0>\"],[\"uuid\",\"<1>\"]]]\nexit 0\n\n",
            CtlScenario.Normalise(Step("[uuidsets] get"), new ProgramResult(0, output, ""), "/p", "p", "/d", n));
        Assert.Equal(
            "$ get\n> [<1>, <0>]\nexit 0\n\n",
            CtlScenario.Normalise(Step("get"), new ProgramResult(0, $"[{U2}, {U1}]\n", ""), "/p", "p", "/d", n));
    }

    [Fact]
    public void ReportsTheFirstDifferingInvocation()
    {
        string a = "$ x\nexit 0\n\n$ y\n> 1\nexit 0\n\n";
        string b = "$ x\nexit 0\n\n$ y\n> 2\nexit 0\n\n";
        Assert.Null(CtlScenario.FirstDifference(a, a));
        string diff = CtlScenario.FirstDifference(a, b)!;
        Assert.StartsWith("invocation 2 of 2:", diff, StringComparison.Ordinal);
        Assert.Contains("-> 1\n+> 2\n", diff, StringComparison.Ordinal);
    }

    private static CtlStep Step(string line)
    {
        string? marker = line.StartsWith('[') ? line[1..line.IndexOf(']', StringComparison.Ordinal)] : null;
        return new CtlStep(line, marker, []);
    }

    private static string Run(string line, string stdout) =>
        CtlScenario.Normalise(Step(line), new ProgramResult(0, stdout, ""), "/p", "p", "/d", new CtlScenario.UuidNumbering());
}
