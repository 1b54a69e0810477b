// Reads tests/testdata/odp/expected.txt, recorded from Debian's ovs-vswitchd 3.1 by record.sh.
namespace Ovs.Dpif.Tests.Odp;

internal sealed record OdpGoldenCase(string Key, string Actions, string? Plain, string? Verbose, string? Error)
{
    public override string ToString() => Key.Length > 80 ? Key[..80] : Key;
}

internal static class OdpGoldens
{
    private static readonly Lazy<IReadOnlyList<OdpGoldenCase>> s_cases = new(Load);

    public static IReadOnlyList<OdpGoldenCase> All => s_cases.Value;

    /// <summary>Splits a dump-flows line into its key text and its actions text.</summary>
    public static (string Key, string Actions) SplitDumpLine(string line, bool verbose)
    {
        if (verbose)
        {
            int comma = line.IndexOf(", ", StringComparison.Ordinal);
            line = line[(comma + 2)..];
        }

        int stats = line.IndexOf(", packets:", StringComparison.Ordinal);
        string key = line[..stats];
        int actions = line.IndexOf("actions:", StringComparison.Ordinal) + "actions:".Length;
        int extra = line.IndexOf(", dp-extra-info:", StringComparison.Ordinal);
        return (key, extra < 0 ? line[actions..] : line[actions..extra]);
    }

    private static List<OdpGoldenCase> Load()
    {
        var result = new List<OdpGoldenCase>();
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "testdata", "odp", "expected.txt"));
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("> ", StringComparison.Ordinal))
            {
                continue;
            }

            string[] input = lines[i][2..].Split('\t');
            string? plain = null, verbose = null, error = null;
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("> ", StringComparison.Ordinal); j++)
            {
                string body = lines[j][2..];
                switch (lines[j][0])
                {
                    case '=':
                        plain = body;
                        break;
                    case '+':
                        verbose = body;
                        break;
                    case '!':
                        error = body;
                        break;
                }
            }

            result.Add(new OdpGoldenCase(input[0], input.Length > 1 ? input[1] : "", plain, verbose, error));
        }

        return result;
    }
}
