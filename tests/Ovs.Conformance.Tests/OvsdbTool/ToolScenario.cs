// Runs the same ovsdb-tool command lines with our build and with Debian's ovsdb-tool, each in its own sandbox
// holding the same input files, and compares exit status, stdout and stderr after normalising what legitimately
// differs between runs: UUIDs (UuidFilter), their 8- and 4-digit prefixes that show-log prints, show-log's
// timestamps, and the sandbox directory itself.
using System.Text;
using System.Text.RegularExpressions;
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.OvsdbTool;

internal static partial class ToolScenario
{
    /// <summary>A small schema of our own: one indexed table with a string and an integer column.</summary>
    public const string OrdinalSchema = """
        {"name": "ordinals", "version": "5.1.3", "cksum": "12345678 9",
         "tables": {"ordinals": {"columns": {"number": {"type": "integer"}, "name": {"type": "string"}},
                                 "indexes": [["number"]]}}}
        """;

    /// <summary>The same table without the "name" column and with a different version.</summary>
    public const string NumbersOnlySchema = """
        {"name": "ordinals", "version": "6.0.0",
         "tables": {"ordinals": {"columns": {"number": {"type": "integer"}}}}}
        """;

    /// <summary>A schema whose "name" column is an integer, so string data cannot be converted to it.</summary>
    public const string IntegerNameSchema = """
        {"name": "ordinals", "tables": {"ordinals": {"columns": {"name": {"type": "integer"}}}}}
        """;

    public static readonly IReadOnlyDictionary<string, string> StandardFiles = new Dictionary<string, string>
    {
        ["schema"] = OrdinalSchema,
        ["numbers-schema"] = NumbersOnlySchema,
        ["int-schema"] = IntegerNameSchema,
        ["bad.json"] = "{\"name\":\"x\"\n",
        ["bad-type.json"] = "{\"name\":\"x\",\"tables\":{\"t\":{\"columns\":{\"a\":{\"type\":\"foo\"}}}}}\n",
        ["empty.json"] = "\n",
    };

    /// <summary>One insert transaction for "ordinals", as ovsdb-tool transact takes it.</summary>
    public static string Insert(string name, int number) =>
        "[\"ordinals\",{\"op\":\"insert\",\"table\":\"ordinals\",\"row\":{\"name\":\"" + name + "\",\"number\":"
        + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}]";

    /// <summary>Runs <paramref name="steps"/> with ovsdb-tool at <paramref name="tool"/> and returns the transcript.</summary>
    public static string Transcript(string tool, IReadOnlyList<string[]> steps, IReadOnlyDictionary<string, string>? files = null)
    {
        using var sandbox = new Sandbox("ovtl");
        foreach (KeyValuePair<string, string> file in files ?? StandardFiles)
        {
            File.WriteAllText(sandbox.PathOf(file.Key), file.Value);
        }

        var transcript = new StringBuilder();
        foreach (string[] step in steps)
        {
            ProgramResult result = ProgramRunner.Run(tool, step, sandbox);
            transcript.Append("$ ovsdb-tool ").AppendJoin(' ', step).Append('\n')
                .Append(result.Stdout).Append(result.Stderr).Append("exit ").Append(result.ExitCode).Append('\n');
        }

        // getopt prefixes its errors with argv[0] as invoked, which is a path here.
        return Normalize(transcript.ToString()
            .Replace(sandbox.Directory, "$DIR", StringComparison.Ordinal)
            .Replace(tool + ":", "ovsdb-tool:", StringComparison.Ordinal));
    }

    /// <summary>Asserts that our ovsdb-tool and Debian's produce the same transcript for <paramref name="steps"/>.</summary>
    public static void AssertSameAsReference(IReadOnlyList<string[]> steps, IReadOnlyDictionary<string, string>? files = null)
    {
        string expected = Transcript(ProgramRunner.Reference("ovsdb-tool")!, steps, files);
        string actual = Transcript(ProgramRunner.Ours("ovsdb-tool")!, steps, files);
        Assert.Equal(expected, actual);
    }

    public static string Normalize(string text)
    {
        text = UuidFilter.Apply(text);
        text = Timestamp().Replace(text, "<date>");
        text = ShortRowId().Replace(text, "<row>");
        return ShortServerId().Replace(text, "<id>");
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b[0-9a-f]{8}\b")]
    private static partial Regex ShortRowId();

    [GeneratedRegex(@"(?<=(server_id|cluster_id|prev_eid|eid|vote|leader): )[0-9a-f]{4}$|[0-9a-f]{4}(?=\(\"")|(?<=(server|cluster) ID )[0-9a-f]{4}\b", RegexOptions.Multiline)]
    private static partial Regex ShortServerId();
}
