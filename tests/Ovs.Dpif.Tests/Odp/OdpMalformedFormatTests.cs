using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Tests.Odp;

/// <summary>How malformed datapath attributes print (the texts of lib/odp-util.c's check_attr_len and friends).</summary>
public class OdpMalformedFormatTests
{
    private static string Key(byte[] key, byte[]? mask = null, bool verbose = false)
    {
        var sb = new StringBuilder();
        OdpKeyFormatter.Format(sb, key, mask ?? [], verbose);
        return sb.ToString();
    }

    private static string Actions(byte[] actions)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, actions);
        return sb.ToString();
    }

    [Fact]
    public void Empty_key_prints_empty() => Assert.Equal("<empty>", Key([]));

    [Fact]
    public void Key_attribute_with_wrong_size_prints_its_bytes()
    {
        // in_port (type 3) with 2 bytes instead of 4.
        Assert.Equal("(bad key length 2, expected 4)(01 00)", Key([6, 0, 3, 0, 1, 0, 0, 0]));
    }

    [Fact]
    public void Unparseable_key_bytes_are_leftovers() =>
        Assert.Equal("<empty>,***3 leftover bytes*** (010203)", Key([1, 2, 3]));

    [Fact]
    public void Unknown_key_types_print_generically()
    {
        byte[] buffer = new byte[16];
        var w = new NlWriter(buffer);
        w.PutU8(40, 0xaa);
        Assert.Equal("key40(aa)", Key(w.Written.ToArray()));
    }

    [Fact]
    public void Mask_for_an_absent_ethertype_is_reported()
    {
        byte[] key = new byte[16];
        var kw = new NlWriter(key);
        kw.PutU32(OdpKeyAttr.InPort, 1);
        byte[] mask = new byte[16];
        var mw = new NlWriter(mask);
        mw.PutU32(OdpKeyAttr.InPort, uint.MaxValue);
        mw.PutBe16(OdpKeyAttr.Ethertype, 0xffff);
        Assert.Equal("in_port(1),eth_type(0/0xffff)", Key(kw.Written.ToArray(), mw.Written.ToArray()));
    }

    [Fact]
    public void Empty_action_list_is_drop() => Assert.Equal("drop", Actions([]));

    [Fact]
    public void Action_with_wrong_size_prints_generically()
    {
        // output (type 1) with 2 bytes instead of 4.
        Assert.Equal("bad length 2, expected 4 for: action1(01 00)", Actions([6, 0, 1, 0, 1, 0, 0, 0]));
    }

    [Fact]
    public void Unknown_actions_print_their_bytes()
    {
        byte[] buffer = new byte[16];
        var w = new NlWriter(buffer);
        w.PutU16(60, 0x0201);
        w.PutU32(OdpActionAttr.Output, 3);
        // odp_action_len answers -1 for unknown types, so their size is always "bad".
        Assert.Equal("bad length 2, expected -1 for: action60(01 02),3", Actions(w.Written.ToArray()));
    }

    [Fact]
    public void Sample_without_probability_is_an_error()
    {
        byte[] buffer = new byte[32];
        var w = new NlWriter(buffer);
        int sample = w.BeginNested(OdpActionAttr.Sample);
        w.EndNested(sample);
        Assert.Equal("sample(error)", Actions(w.Written.ToArray()));
    }
}
