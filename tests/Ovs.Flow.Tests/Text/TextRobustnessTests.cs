// Random text for every field and random flow strings: parsing returns a value or a message, never throws, and
// whatever parses prints without throwing.
using Ovs.Flow.Fields;
using Ovs.Flow.Text;

namespace Ovs.Flow.Tests.Text;

public sealed class TextRobustnessTests
{
    private const string Alphabet = "0123456789abcdefxX:./+-|,=()[]* _ntrkswyo";

    [Fact]
    public void RandomFieldValuesNeverThrow()
    {
        var random = new Random(7);
        byte[] value = new byte[128], mask = new byte[128];
        foreach (FieldInfo field in FieldTable.All)
        {
            for (int i = 0; i < 300; i++)
            {
                string s = RandomText(random, 20);
                if (FieldParser.Parse(field, s, value, mask) is null)
                {
                    _ = FieldFormatter.Format(field, value, mask);
                }
            }
        }
    }

    [Fact]
    public void RandomFlowsNeverThrow()
    {
        var random = new Random(8);
        string[] names = FieldTable.All.ToArray().Select(f => f.Name).Concat(["ip", "tcp6", "arp", "eth", "reg0[0..3]", "reg1[x]"]).ToArray();
        for (int i = 0; i < 5000; i++)
        {
            string text = string.Join(',', Enumerable.Range(0, random.Next(1, 4)).Select(_ => names[random.Next(names.Length)] + (random.Next(3) == 0 ? string.Empty : "=" + RandomText(random, 12))));
            var match = default(Match);
            int position = 0;
            while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string v))
            {
                MatchParser.TryApply(key, v, ref match, out _);
            }

            _ = MatchFormatter.Format(in match);
            MatchNormalizer.Normalize(ref match);
        }
    }

    private static string RandomText(Random random, int max)
    {
        char[] c = new char[random.Next(max)];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(c);
    }
}
