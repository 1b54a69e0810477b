// Plays the ovs-vsctl / vtep-ctl scenarios of tests/testdata/vsctl and tests/testdata/vtep-ctl and produces their
// transcripts in the golden format, normalised exactly as tests/testdata/vsctl/record.py (which records the goldens
// from Debian's programs) does; that script's header describes the scenario and golden formats and the markers.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ovs.TestKit;

/// <summary>One invocation of a scenario: the line as written, its ordering marker and its arguments.</summary>
public sealed record CtlStep(string Line, string? Marker, IReadOnlyList<string> Args);

/// <summary>Which program a scenario directory is for, and the schema of its database.</summary>
public sealed record CtlKind(string Directory, string Program, string Schema)
{
    public static readonly CtlKind Vsctl = new("vsctl", "ovs-vsctl", "vswitch.ovsschema");
    public static readonly CtlKind VtepCtl = new("vtep-ctl", "vtep-ctl", "vtep.ovsschema");

    public static IReadOnlyList<CtlKind> All { get; } = [Vsctl, VtepCtl];

    public static CtlKind Of(string directory) =>
        All.FirstOrDefault(k => k.Directory == directory) ?? throw new ArgumentException($"no such kind {directory}");
}

public static partial class CtlScenario
{
    private static readonly string[] s_markers = ["sort", "records", "tree", "uuidsets"];

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex("(?<![0-9a-f-])[0-9a-f]{8}(?![0-9a-f-])")]
    private static partial Regex UuidPrefix();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")]
    private static partial Regex Timestamp();

    [GeneratedRegex("""(?:<\d+>|\["uuid","<\d+>"\])(?:(?:, |,| )(?:<\d+>|\["uuid","<\d+>"\]))+""")]
    private static partial Regex UuidRun();

    [GeneratedRegex("""<\d+>|\["uuid","<\d+>"\]""")]
    private static partial Regex UuidItem();

    [GeneratedRegex(@"^\[([a-z]+)\]\s*")]
    private static partial Regex MarkerPrefix();

    /// <summary>Where the scenario directories are: tests/testdata under the repository root.</summary>
    public static string TestDataDir => Path.Combine(RepoRoot, "tests", "testdata");

    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? ".";
        }
    }

    /// <summary>The scenario names ("vsctl/bridges", ...) of <paramref name="kind"/>, sorted.</summary>
    public static IReadOnlyList<string> Names(CtlKind kind) =>
        [.. Directory.GetFiles(Path.Combine(TestDataDir, kind.Directory), "*.scenario")
            .Select(f => kind.Directory + "/" + Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal)];

    /// <summary>The scenario names listed in the kind's ratchet file passing.txt (comments and blanks ignored).</summary>
    public static IReadOnlyList<string> Passing(CtlKind kind)
    {
        string path = Path.Combine(TestDataDir, kind.Directory, "passing.txt");
        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => kind.Directory + "/" + l)];
    }

    public static CtlKind KindOf(string name) => CtlKind.Of(name[..name.IndexOf('/', StringComparison.Ordinal)]);

    public static string ScenarioPath(string name) => Path.Combine(TestDataDir, name + ".scenario");

    public static string GoldenPath(string name) => Path.Combine(TestDataDir, name + ".golden");

    /// <summary>
    /// The directory of the ovs-vsctl / vtep-ctl under test: $OVS_TEST_CTL_BINDIR (e.g. /usr/bin, to check the harness
    /// and the goldens with Debian's own programs), else where our programs are.
    /// </summary>
    public static string ClientBinDir
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("OVS_TEST_CTL_BINDIR");
            return string.IsNullOrEmpty(env) ? ProgramRunner.OurBinDir : env;
        }
    }

    /// <summary>The path of the client under test, or null if it is absent.</summary>
    public static string? Client(CtlKind kind)
    {
        string path = Path.Combine(ClientBinDir, kind.Program);
        return File.Exists(path) ? path : null;
    }

    public static IReadOnlyList<CtlStep> Parse(string path)
    {
        var steps = new List<CtlStep>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string? marker = null;
            string rest = line;
            Match m = MarkerPrefix().Match(line);
            if (m.Success)
            {
                marker = m.Groups[1].Value;
                if (!s_markers.Contains(marker))
                {
                    throw new FormatException($"{path}: unknown marker [{marker}]");
                }

                rest = line[m.Length..];
            }

            steps.Add(new CtlStep(line, marker, SplitWords(rest)));
        }

        return steps;
    }

    /// <summary>POSIX shell word splitting without expansions: quotes and backslashes only.</summary>
    public static IReadOnlyList<string> SplitWords(string line)
    {
        var words = new List<string>();
        var cur = new StringBuilder();
        bool have = false;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (c is ' ' or '\t')
            {
                if (have)
                {
                    words.Add(cur.ToString());
                    cur.Clear();
                    have = false;
                }

                i++;
            }
            else if (c == '\'')
            {
                int j = line.IndexOf('\'', i + 1);
                if (j < 0)
                {
                    throw new FormatException("unterminated single quote: " + line);
                }

                cur.Append(line, i + 1, j - i - 1);
                have = true;
                i = j + 1;
            }
            else if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException("unterminated double quote: " + line);
                    }

                    c = line[i];
                    if (c == '"')
                    {
                        i++;
                        break;
                    }

                    if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        cur.Append(line[i + 1]);
                        i += 2;
                    }
                    else
                    {
                        cur.Append(c);
                        i++;
                    }
                }

                have = true;
            }
            else if (c == '\\')
            {
                if (i + 1 >= line.Length)
                {
                    throw new FormatException("trailing backslash: " + line);
                }

                cur.Append(line[i + 1]);
                have = true;
                i += 2;
            }
            else
            {
                cur.Append(c);
                have = true;
                i++;
            }
        }

        if (have)
        {
            words.Add(cur.ToString());
        }

        return words;
    }

    /// <summary>
    /// Plays scenario <paramref name="name"/> with the client at <paramref name="client"/> against a fresh database
    /// (created by <paramref name="tool"/>) served by the ovsdb-server at <paramref name="server"/>, and returns the
    /// normalised transcript.
    /// </summary>
    public static string Play(string name, string client, string server, string tool)
    {
        CtlKind kind = KindOf(name);
        IReadOnlyList<CtlStep> steps = Parse(ScenarioPath(name));
        using var sandbox = new Sandbox("ovsc");
        string schema = Path.Combine(RepoRoot, "schemas", kind.Schema);
        ProgramResult created = ProgramRunner.Run(tool, ["create", sandbox.PathOf("db"), schema], sandbox);
        if (created.ExitCode != 0)
        {
            throw new InvalidOperationException("ovsdb-tool create failed: " + created.Stderr);
        }

        using DaemonHarness daemon = DaemonHarness.Start(
            server, sandbox, ["--remote=punix:" + sandbox.PathOf("db.sock"), sandbox.PathOf("db")]);
        var numbering = new UuidNumbering();
        var transcript = new StringBuilder();
        foreach (CtlStep step in steps)
        {
            ProgramResult r;
            try
            {
                r = ProgramRunner.Run(client, step.Args, sandbox, stdin: "", timeout: TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                r = new ProgramResult(-1, "", "(timed out)\n");
            }

            transcript.Append(Normalise(step, r, client, kind.Program, sandbox.Directory, numbering));
        }

        return transcript.ToString();
    }

    /// <summary>One invocation's block of the golden format, normalised (see record.py).</summary>
    public static string Normalise(
        CtlStep step, ProgramResult result, string programPath, string program, string dir, UuidNumbering numbering)
    {
        string Fix(string t) => Timestamp().Replace(
            t.Replace(programPath, program, StringComparison.Ordinal).Replace(dir, "$DIR", StringComparison.Ordinal),
            "<time>");

        string stdout = numbering.Apply(Reorder(Fix(result.Stdout), step.Marker, numbering));
        string stderr = numbering.Apply(Fix(result.Stderr));
        if (step.Marker == "uuidsets")
        {
            stdout = SortUuidRuns(stdout);
        }

        return "$ " + step.Line + "\n" + Emit('>', stdout, "stdout") + Emit('!', stderr, "stderr")
            + "exit " + result.ExitCode.ToString(CultureInfo.InvariantCulture) + "\n\n";
    }

    /// <summary>
    /// The first invocation whose block differs between two transcripts, with both versions, or null if they are
    /// equal.
    /// </summary>
    public static string? FirstDifference(string expected, string actual)
    {
        if (expected == actual)
        {
            return null;
        }

        string[] a = Blocks(expected);
        string[] b = Blocks(actual);
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(missing)";
            string y = i < b.Length ? b[i] : "(missing)";
            if (x != y)
            {
                return $"invocation {i + 1} of {a.Length}:\n--- expected (Debian's)\n{x}\n--- actual\n{y}\n"
                    + LineDiff(x, y);
            }
        }

        return "the transcripts differ in separators only";
    }

    private static string LineDiff(string expected, string actual)
    {
        string[] x = expected.Split('\n');
        string[] y = actual.Split('\n');
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            string l = i < x.Length ? x[i] : "(none)";
            string r = i < y.Length ? y[i] : "(none)";
            if (l != r)
            {
                return $"--- first differing line ({i + 1}):\n-{l}\n+{r}\n";
            }
        }

        return "";
    }

    private static string[] Blocks(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

    private static string Emit(char prefix, string text, string what)
    {
        if (text.Length == 0)
        {
            return "";
        }

        (List<string> lines, bool eol) = SplitLines(text);
        var sb = new StringBuilder();
        foreach (string l in lines)
        {
            sb.Append(prefix);
            if (l.Length > 0)
            {
                sb.Append(' ').Append(l);
            }

            sb.Append('\n');
        }

        if (!eol)
        {
            sb.Append("% no newline at end of ").Append(what).Append('\n');
        }

        return sb.ToString();
    }

    private static (List<string> Lines, bool Eol) SplitLines(string text)
    {
        var lines = new List<string>(text.Split('\n'));
        bool eol = lines[^1].Length == 0;
        if (eol)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return (lines, eol);
    }

    private static string JoinLines(List<string> lines, bool eol) =>
        string.Join('\n', lines) + (eol && lines.Count > 0 ? "\n" : "");

    private static string Reorder(string text, string? marker, UuidNumbering numbering)
    {
        if (text.Length == 0 || marker is not ("sort" or "records" or "tree"))
        {
            return text;
        }

        (List<string> lines, bool eol) = SplitLines(text);
        if (marker == "sort")
        {
            lines = [.. lines.OrderBy(numbering.Key, StringComparer.Ordinal)];
        }
        else if (marker == "records")
        {
            var groups = new List<List<string>>();
            var cur = new List<string>();
            foreach (string line in lines)
            {
                if (line.Length == 0)
                {
                    groups.Add(cur);
                    cur = [];
                }
                else
                {
                    cur.Add(line);
                }
            }

            groups.Add(cur);
            lines = [];
            int k = 0;
            foreach (List<string> g in groups.OrderBy(g => numbering.Key(string.Join('\n', g)), StringComparer.Ordinal))
            {
                if (k++ > 0)
                {
                    lines.Add("");
                }

                lines.AddRange(g);
            }
        }
        else
        {
            var root = new TreeNode("", -1);
            var stack = new List<TreeNode> { root };
            foreach (string line in lines)
            {
                int indent = line.Length - line.TrimStart(' ').Length;
                while (stack[^1].Indent >= indent)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                var node = new TreeNode(line, indent);
                stack[^1].Children.Add(node);
                stack.Add(node);
            }

            lines = Flatten(root, numbering);
            lines.RemoveAt(0);
        }

        return JoinLines(lines, eol);
    }

    /// <summary>
    /// The lines of a tree in which each run of consecutive sibling rows of one kind ("Port ...", ...) is sorted;
    /// "key: value" lines stay in place.
    /// </summary>
    private static List<string> Flatten(TreeNode node, UuidNumbering numbering)
    {
        var output = new List<string> { node.Text };
        List<List<string>> kids = [.. node.Children.Select(c => Flatten(c, numbering))];
        int i = 0;
        while (i < kids.Count)
        {
            string? kind = RowKind(kids[i][0]);
            int j = i + 1;
            while (kind is not null && j < kids.Count && RowKind(kids[j][0]) == kind)
            {
                j++;
            }

            foreach (List<string> kid in kids.GetRange(i, j - i)
                .OrderBy(ls => numbering.Key(string.Join('\n', ls)), StringComparer.Ordinal))
            {
                output.AddRange(kid);
            }

            i = j;
        }

        return output;
    }

    private static string? RowKind(string line)
    {
        string word = line.Trim().Split(' ')[0];
        return word.EndsWith(':') ? null : word;
    }

    private static string SortUuidRuns(string text) => UuidRun().Replace(text, m =>
    {
        string run = m.Value;
        MatchCollection items = UuidItem().Matches(run);
        var seps = new List<string>();
        for (int i = 1; i < items.Count; i++)
        {
            int start = items[i - 1].Index + items[i - 1].Length;
            seps.Add(run[start..items[i].Index]);
        }

        List<string> sorted = [.. items.Select(x => x.Value).OrderBy(Number)];
        var sb = new StringBuilder(sorted[0]);
        for (int i = 1; i < sorted.Count; i++)
        {
            sb.Append(seps[i - 1]).Append(sorted[i]);
        }

        return sb.ToString();
    });

    private static int Number(string item)
    {
        int start = item.IndexOf('<', StringComparison.Ordinal) + 1;
        int end = item.IndexOf('>', start);
        return int.Parse(item.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    private sealed record TreeNode(string Text, int Indent)
    {
        public List<TreeNode> Children { get; } = [];
    }

    /// <summary>Numbers UUIDs "&lt;0&gt;", "&lt;1&gt;", ... in order of first appearance over a whole scenario.</summary>
    public sealed class UuidNumbering
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);

        /// <summary>The sort key of a unit: UUIDs already numbered become their numbers, the others "&lt;?&gt;".</summary>
        public string Key(string text) =>
            Uuid().Replace(text, m => _names.TryGetValue(m.Value, out string? n) ? n : "<?>");

        /// <summary>
        /// Numbers the UUIDs of <paramref name="text"/>, then replaces each word of 8 hex digits that begins a UUID
        /// numbered so far (the abbreviation --format=html prints) by that UUID's number.
        /// </summary>
        public string Apply(string text)
        {
            text = Uuid().Replace(text, m =>
            {
                if (!_names.TryGetValue(m.Value, out string? n))
                {
                    n = "<" + _names.Count.ToString(CultureInfo.InvariantCulture) + ">";
                    _names.Add(m.Value, n);
                    _prefixes.TryAdd(m.Value[..8], n);
                }

                return n;
            });
            return UuidPrefix().Replace(text, m => _prefixes.TryGetValue(m.Value, out string? n) ? n : m.Value);
        }
    }
}
