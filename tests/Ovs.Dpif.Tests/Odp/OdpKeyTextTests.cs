using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Tests.Odp;

public class OdpKeyTextTests
{
    private const string ErrorPrefix = "ovs-vswitchd: parsing flow key (";
    private const string ErrorSuffix = ") (Invalid argument)";

    public static TheoryData<int> PlainCases() => Indexes(c => c.Plain is not null);

    public static TheoryData<int> VerboseCases() => Indexes(c => c.Verbose is not null);

    public static TheoryData<int> KeyErrorCases() => Indexes(c => c.Error?.StartsWith(ErrorPrefix, StringComparison.Ordinal) == true);

    private static TheoryData<int> Indexes(Func<OdpGoldenCase, bool> predicate)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < OdpGoldens.All.Count; i++)
        {
            if (predicate(OdpGoldens.All[i]))
            {
                data.Add(i);
            }
        }

        return data;
    }

    internal static string Reformat(string text, bool verbose)
    {
        if (text.Contains("ct_tuple6(", StringComparison.Ordinal))
        {
            // Upstream prints ct_tuple6 ports as src_port/dst_port but parses only tp_src/tp_dst, so its own
            // dump does not read back; neither does ours.
            return ParseError(text) is null ? "parsed" : text;
        }

        byte[] keyBuf = new byte[4096];
        byte[] maskBuf = new byte[4096];
        var key = new NlWriter(keyBuf);
        var mask = new NlWriter(maskBuf);
        string? error = OdpKeyParser.Parse(text, ref key, ref mask);
        Assert.Null(error);
        var sb = new StringBuilder();
        OdpKeyFormatter.Format(sb, key.Written, mask.Written, verbose);
        return sb.ToString();
    }

    private static string? ParseError(string text)
    {
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        return OdpKeyParser.Parse(text, ref key, ref mask);
    }

    [Theory]
    [MemberData(nameof(PlainCases))]
    public void Dumped_key_reparses_to_the_same_text(int index)
    {
        (string key, _) = OdpGoldens.SplitDumpLine(OdpGoldens.All[index].Plain!, false);
        Assert.Equal(key, Reformat(key, false));
    }

    [Theory]
    [MemberData(nameof(VerboseCases))]
    public void Verbose_dump_reparses_to_the_same_text(int index)
    {
        (string key, _) = OdpGoldens.SplitDumpLine(OdpGoldens.All[index].Verbose!, true);
        Assert.Equal(key, Reformat(key, true));
    }

    [Theory]
    [MemberData(nameof(KeyErrorCases))]
    public void Bad_key_gives_upstreams_error(int index)
    {
        OdpGoldenCase c = OdpGoldens.All[index];
        string expected = c.Error![ErrorPrefix.Length..^ErrorSuffix.Length];
        byte[] keyBuf = new byte[4096];
        byte[] maskBuf = new byte[4096];
        var key = new NlWriter(keyBuf);
        var mask = new NlWriter(maskBuf);
        string? error = OdpKeyParser.Parse("," + c.Key, ref key, ref mask);
        Assert.Equal(expected, error);
        Assert.Equal(0, key.Length);
    }
}
