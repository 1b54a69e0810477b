using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Tests.Odp;

public class OdpActionTextTests
{
    public static TheoryData<int> Accepted() => Indexes(c => c.Plain is not null);

    public static TheoryData<int> Rejected() => Indexes(c => c.Error == "ovs-vswitchd: parsing actions (Invalid argument)");

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

    internal static string? Reformat(string text)
    {
        byte[] buffer = new byte[8192];
        var w = new NlWriter(buffer);
        if (!OdpActionParser.Parse(text, ref w))
        {
            return null;
        }

        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, w.Written);
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parsed_actions_print_as_dpctl_prints_them(int index)
    {
        OdpGoldenCase c = OdpGoldens.All[index];
        (_, string expected) = OdpGoldens.SplitDumpLine(c.Plain!, false);
        Assert.Equal(expected, Reformat(c.Actions));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Printed_actions_that_parse_print_the_same_again(int index)
    {
        (_, string printed) = OdpGoldens.SplitDumpLine(OdpGoldens.All[index].Plain!, false);
        string? again = Reformat(printed);
        if (printed.Contains("recirc(0x", StringComparison.Ordinal) || printed.Contains("hash(", StringComparison.Ordinal))
        {
            // Upstream prints these in forms its own parser does not read back.
            Assert.Null(again);
        }
        else
        {
            Assert.Equal(printed, again);
        }
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Bad_actions_are_rejected(int index) => Assert.Null(Reformat(OdpGoldens.All[index].Actions));

    [Fact]
    public void Empty_action_list_prints_drop() => Assert.Equal("drop", Reformat(""));
}
