// One command of a dpctl golden file (tests/testdata/dpctl/*.golden, written by record.sh): the ovs-appctl argument
// line, its exit status, standard output and standard error.
using System.Globalization;
using System.Text;

namespace Ovs.Dpif.Tests.Dpctl;

internal sealed record GoldenStep(string Line, int ExitCode, string Stdout, string Stderr)
{
    public static List<GoldenStep> Load(string path)
    {
        var steps = new List<GoldenStep>();
        string[] lines = File.ReadAllLines(path);
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i++][2..];
            int rc = int.Parse(lines[i++]["rc: ".Length..], CultureInfo.InvariantCulture);
            i++;
            string stdout = ReadBlock(lines, ref i, "--- stderr");
            string stderr = ReadBlock(lines, ref i, "--- end");
            steps.Add(new GoldenStep(line, rc, stdout, stderr));
        }

        return steps;
    }

    /// <summary>The line split as the shell would (double quotes group), with @DATA@ replaced by dataDir.</summary>
    public string[] Words(string dataDir)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false;
        bool any = false;
        foreach (char c in Line.Replace("@DATA@", dataDir, StringComparison.Ordinal))
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static string ReadBlock(string[] lines, ref int i, string end)
    {
        var text = new StringBuilder();
        while (lines[i] != end)
        {
            if (lines[i] == "--- no newline")
            {
                text.Length--;
            }
            else
            {
                text.Append(lines[i]).Append('\n');
            }

            i++;
        }

        i++;
        return text.ToString();
    }
}
