using System.Text;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Tests.Odp;

/// <summary>
/// Attributes whose sizes do not fit their type, found by the odp-netlink fuzz target: each prints upstream's
/// error text (nl_parse_nested failures, check_attr_len) instead of reading past the attribute.
/// </summary>
public class OdpNetlinkRobustnessTests
{
    /// <summary>One netlink attribute (host-order header, payload, zero padding to 4 bytes).</summary>
    private static byte[] A(ushort type, params byte[][] payloadParts)
    {
        byte[] payload = [.. payloadParts.SelectMany(p => p)];
        int length = 4 + payload.Length;
        byte[] attr = new byte[(length + 3) & ~3];
        BitConverter.TryWriteBytes(attr.AsSpan(0, 2), (ushort)length);
        BitConverter.TryWriteBytes(attr.AsSpan(2, 2), type);
        payload.CopyTo(attr, 4);
        return attr;
    }

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
    public void Nat_with_a_one_byte_port_is_a_parse_error()
    {
        byte[] nat = A(OdpCtAttr.Nat, A(OdpNatAttr.Src), A(OdpNatAttr.IpMin, [10, 0, 0, 1]), A(OdpNatAttr.ProtoMin, [0x50]));
        Assert.Equal("ct(nat(error: nl_parse_nested() failed.))", Actions(A(OdpActionAttr.Ct, nat)));
    }

    [Fact]
    public void Nat_with_an_oversized_address_is_a_parse_error()
    {
        byte[] nat = A(OdpCtAttr.Nat, A(OdpNatAttr.Dst), A(OdpNatAttr.IpMin, new byte[17]));
        Assert.Equal("ct(nat(error: nl_parse_nested() failed.))", Actions(A(OdpActionAttr.Ct, nat)));
    }

    [Fact]
    public void Conntrack_with_a_one_byte_zone_is_an_error() =>
        Assert.Equal("ct(error)", Actions(A(OdpActionAttr.Ct, A(OdpCtAttr.Commit), A(OdpCtAttr.Zone, [5]))));

    [Fact]
    public void Conntrack_helper_must_be_a_terminated_string()
    {
        Assert.Equal("ct(error)", Actions(A(OdpActionAttr.Ct, A(OdpCtAttr.Helper, "ftp"u8.ToArray()))));
        Assert.Equal("ct(helper=ftp)", Actions(A(OdpActionAttr.Ct, A(OdpCtAttr.Helper, "ftp\0"u8.ToArray()))));
    }

    [Fact]
    public void Conntrack_with_trailing_garbage_is_an_error() =>
        Assert.Equal("ct(error)", Actions(A(OdpActionAttr.Ct, A(OdpCtAttr.Commit), [1, 2, 3])));

    [Fact]
    public void Userspace_with_a_short_tunnel_port_is_an_error()
    {
        byte[] action = A(OdpActionAttr.Userspace, A(OdpUserspaceAttr.Pid, [1, 0, 0, 0]), A(OdpUserspaceAttr.EgressTunPort, [7, 0]));
        Assert.Equal("userspace(error)", Actions(action));
    }

    [Fact]
    public void Check_pkt_len_with_a_four_byte_length_is_an_error()
    {
        byte[] action = A(OdpActionAttr.CheckPktLen, A(OdpCheckPktLenAttr.PktLen, [0, 1, 0, 0]),
            A(OdpCheckPktLenAttr.ActionsIfGreater), A(OdpCheckPktLenAttr.ActionsIfLessEqual));
        Assert.Equal("check_pkt_len(error)", Actions(action));
    }

    [Fact]
    public void Sample_with_a_short_probability_is_an_error() =>
        Assert.Equal("sample(error)", Actions(A(OdpActionAttr.Sample, A(OdpSampleAttr.Probability, [1, 2]), A(OdpSampleAttr.Actions))));

    [Fact]
    public void Unknown_vxlan_option_with_a_short_mask_prints_the_mask()
    {
        // Type 18 is also tcp_flags' number, whose mask test needs two bytes; a one-byte mask is simply not exact.
        byte[] key = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.VxlanOpts, A(18, [0xaa])));
        byte[] mask = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.VxlanOpts, A(18, [0x00])));
        Assert.Equal("tunnel(vxlan(key18(aa/00)))", Key(key, mask));
    }

    [Fact]
    public void Unknown_tunnel_attribute_with_a_short_mask_prints_the_mask()
    {
        // Type 27 is also ct_tuple6's number (37 bytes).
        byte[] key = A(OdpKeyAttr.Tunnel, A(27, [1, 2, 3]));
        byte[] mask = A(OdpKeyAttr.Tunnel, A(27, [0xff, 0xff, 0xff]));
        Assert.Equal("tunnel(key27(01 02 03/ff ff ff))", Key(key, mask));
    }

    [Fact]
    public void Vxlan_gbp_with_a_bad_length_prints_its_bytes()
    {
        byte[] key = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.VxlanOpts, A(OdpTunnelAttr.VxlanExtGbp, [1, 2])));
        Assert.Equal("tunnel(vxlan(key1(bad key length 2, expected 4)(01 02)),flags(0))", Key(key));
    }

    [Fact]
    public void Vxlan_gbp_with_a_bad_mask_length_prints_both()
    {
        byte[] key = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.VxlanOpts, A(OdpTunnelAttr.VxlanExtGbp, [1, 0, 0, 0])));
        byte[] mask = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.VxlanOpts, A(OdpTunnelAttr.VxlanExtGbp, [0xff])));
        // check_attr_len opens no parenthesis when only the mask is bad.
        Assert.Equal("tunnel(vxlan(key101 00 00 00/(bad mask length 1, expected 4)(ff)))", Key(key, mask));
    }

    [Fact]
    public void Missing_mask_for_a_large_tunnel_option_is_all_zeros()
    {
        // Three 128-byte Geneve options: larger than any fixed scratch buffer for the wildcard mask.
        byte[] opts = [.. Enumerable.Range(0, 3).SelectMany(i => (byte[])[0x01, 0x02, (byte)i, 31, .. new byte[124]])];
        byte[] key = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.GeneveOpts, opts));
        byte[] omitted = A(OdpKeyAttr.Tunnel);
        byte[] explicitZeros = A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.GeneveOpts, new byte[opts.Length]));
        string text = Key(key, omitted, verbose: true);
        Assert.Equal(Key(key, explicitZeros, verbose: true), text);
        Assert.DoesNotContain("different from mask len", text);
    }

    [Fact]
    public void Unspec_and_tunnel_info_keys_must_be_empty()
    {
        Assert.Equal("(bad key length 2, expected 0)(01 02)", Key(A(OdpKeyAttr.Unspec, [1, 2])));
        Assert.Equal("(bad key length 1, expected 0)(07)", Key(A(OdpKeyAttr.TunnelInfo, [7])));
        Assert.Equal("unspec()", Key(A(OdpKeyAttr.Unspec)));
    }

    [Fact]
    public void Tunnel_pad_must_be_empty() =>
        Assert.Equal("tunnel(key14(bad key length 2, expected 0)(00 00)flags(0))", Key(A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.Pad, [0, 0]))));

    [Fact]
    public void Decoder_rejects_what_the_formatter_calls_a_bad_length()
    {
        Assert.Equal(OdpKeyFitness.Error, OdpFlowKey.ToFlow(A(OdpKeyAttr.Unspec, [1, 2]), out _));
        Assert.Equal(OdpKeyFitness.Error, OdpFlowKey.ToFlow(A(OdpKeyAttr.Tunnel, A(OdpTunnelAttr.Pad, [0, 0])), out _));
    }

    [Fact]
    public void Nested_action_arguments_keep_the_last_duplicate()
    {
        byte[] action = A(OdpActionAttr.Sample, A(OdpSampleAttr.Probability, [0, 0, 0, 0]),
            A(OdpSampleAttr.Probability, [0xff, 0xff, 0xff, 0xff]), A(OdpSampleAttr.Actions));
        Assert.Equal("sample(sample=100.0%,actions(drop))", Actions(action));
    }

    [Fact]
    public void Unspec_action_has_no_valid_length() =>
        Assert.Equal("bad length 0, expected -1 for: action0", Actions(A(0)));

    [Fact]
    public void Masked_nsh_set_splits_each_attribute_into_value_and_mask()
    {
        byte[] baseAttr = A(OdpNshAttr.Base, [0, 63, 1, 3, 0, 0, 1, 5], [0, 0, 0, 0, 0xff, 0xff, 0xff, 0]);
        Assert.Equal("set(nsh(spi=0x1,c1=0x0,c2=0x0,c3=0x0,c4=0x0))", Actions(A(OdpActionAttr.SetMasked, A(OdpKeyAttr.Nsh, baseAttr))));
    }

    [Fact]
    public void Masked_nsh_set_with_an_unmasked_size_prints_nothing()
    {
        byte[] baseAttr = A(OdpNshAttr.Base, [0, 63, 1, 3, 0, 0, 1, 5]);
        byte[] actions = [.. A(OdpActionAttr.SetMasked, A(OdpKeyAttr.Nsh, baseAttr)), .. A(OdpActionAttr.Output, [3, 0, 0, 0])];
        Assert.Equal(",3", Actions(actions));
    }
}
