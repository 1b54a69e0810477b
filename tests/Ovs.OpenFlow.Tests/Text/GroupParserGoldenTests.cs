// ovs-ofctl group syntax: every case of group-parse-cases.json (recorded from Debian's `ovs-ofctl parse-group` by
// tests/testdata/openflow/record-groups.py) must fail with Debian's error text, or parse into a group mod that
// encodes, in OpenFlow 1.0, 1.1 and 1.5, to the bytes Debian's encoder produced and prints as Debian printed them.
// The bucket commands, which parse-group cannot reach, are checked against upstream's documented messages.
using Ovs.Flow.Fields;
using Ovs.Json;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Text;

[Trait("upstream", "tests/ofp-actions.at")]
public sealed class GroupParserGoldenTests
{
    private const string File = "group-parse-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParsesAsDebian(int index)
    {
        JsonObject c = TestData.Case(File, index);
        string? error = GroupParser.Parse(c.Text("text"), GroupCommand.Add, out GroupMod? gm, out ProtocolSet usable);
        if (c["exit"]!.AsInteger() != 0)
        {
            // The last line of stderr is ovs-ofctl's fatal message; "no usable protocol" comes after a successful parse.
            string expected = c.Text("error").TrimEnd('\n').Split('\n')[^1];
            if (expected == "ovs-ofctl: no usable protocol")
            {
                Assert.Null(error);
                return;
            }

            Assert.Equal(expected, "ovs-ofctl: " + error);
            return;
        }

        Assert.Null(error);
        foreach ((string key, byte version) in (ReadOnlySpan<(string, byte)>)[("of10", 1), ("of11", 2), ("of15", 6)])
        {
            JsonObject recorded = c[key]!.AsObject();
            string usableLine = recorded.Text("stdout").Split('\n')[0];
            if (usableLine.StartsWith("usable protocols: ", StringComparison.Ordinal))
            {
                Assert.Equal(usableLine, "usable protocols: " + OfpProtocolNames.Format(usable));
            }

            if (recorded["exit"]!.AsInteger() != 0)
            {
                continue;
            }

            byte[] encoded = GroupCodec.EncodeGroupMod(gm!, version, 1);
            Assert.Equal(recorded.Text("hex"), Convert.ToHexString(encoded).ToLowerInvariant());
            string stdout = recorded.Text("stdout");
            string printed = stdout[(stdout.IndexOf("chosen version", StringComparison.Ordinal) is int at && at >= 0 ? stdout.IndexOf('\n', at) + 1 : 0)..];
            Assert.Equal(printed, OfpPrinter.ToText(encoded, new OfpPrintContext(5, null)));
        }
    }

    [Theory]
    [InlineData(null, "add group_id=3,type=all", 0, 3u)]
    [InlineData(null, "a group_id=3,type=all", 0, 3u)]
    [InlineData(null, "modify group_id=3,type=all", 1, 3u)]
    [InlineData(null, "add_or_mod group_id=3,type=all", 0x8000, 3u)]
    [InlineData(null, "delete group_id=3", 2, 3u)]
    [InlineData(null, "d", 2, GroupIds.All)]
    [InlineData(null, "group_id=3,type=all", 0, 3u)]
    [InlineData(2, "", 2, GroupIds.All)]
    [InlineData(3, "group_id=3,command_bucket_id=first,bucket=actions=1", 3, 3u)]
    [InlineData(5, "group_id=3,command_bucket_id=last", 5, 3u)]
    [InlineData(5, "group_id=3", 5, 3u)]
    public void CommandsAndTheirDefaults(int? command, string text, int expectedCommand, uint expectedGroup)
    {
        Assert.Null(GroupParser.Parse(text, (GroupCommand?)command, out GroupMod? gm));
        Assert.Equal((GroupCommand)expectedCommand, gm!.Command);
        Assert.Equal(expectedGroup, gm.Group.GroupId);
    }

    [Theory]
    [InlineData(2, "group_id=3,type=all", "type is not needed")]
    [InlineData(2, "group_id=3,bucket=actions=1", "bucket is not needed")]
    [InlineData(2, "group_id=3,selection_method=hash", "selection method is not needed")]
    [InlineData(2, "group_id=3,fields=ip_dst", "fields are not needed")]
    [InlineData(3, "group_id=3,bucket=actions=1", "must specify a command bucket id")]
    [InlineData(3, "group_id=3,command_bucket_id=all,bucket=actions=1", "command_bucket_id=all is not permitted")]
    [InlineData(5, "group_id=3,command_bucket_id=4294967041", "invalid command bucket id 4294967041")]
    [InlineData(5, "group_id=3,command_bucket_id=x", "invalid numeric format x")]
    [InlineData(1, "group_id=3,type=all,command_bucket_id=1", "command bucket id is not needed")]
    public void BucketCommandErrors(int command, string text, string expected)
    {
        Assert.Equal(expected, GroupParser.Parse(text, (GroupCommand)command, out GroupMod? gm));
        Assert.Null(gm);
    }

    // "usable protocols:" as Debian's `ovs-ofctl parse-group` prints it for these buckets.
    [Theory]
    [InlineData("group_id=1,type=select,bucket=actions=output:1", "any")]
    [InlineData("group_id=1,type=select,bucket=actions=set_field:1->tun_id", "NXM,OXM")]
    [InlineData("group_id=1,type=all,bucket=actions=set_field:1->metadata", "NXM,OXM,OpenFlow11")]
    [InlineData("group_id=1,type=all,bucket=actions=set_field:1->metadata,bucket=actions=push_vlan:0x8100", "OXM,OpenFlow11")]
    [InlineData("group_id=1,type=select,bucket=actions=meter:1", "OXM-OpenFlow15")]
    [InlineData("group_id=1,type=select,bucket=actions=set_field:1->ip_dscp", "any")]
    [InlineData("group_id=1,type=all,bucket=actions=push_vlan:0x8100,bucket=actions=set_field:1->metadata", "NXM,OXM,OpenFlow11")]
    [InlineData("group_id=1,type=select,selection_method=hash,fields(tun_id)", "NXM,OXM-OpenFlow15")]
    [InlineData("group_id=1,type=select,selection_method=hash", "OpenFlow10,NXM,OXM-OpenFlow15")]
    [InlineData("group_id=1,type=select,selection_method=hash,fields(tun_id),bucket=actions=1", "any")]
    public void UsableProtocolsAsDebian(string text, string expected)
    {
        Assert.Null(GroupParser.Parse(text, GroupCommand.Add, out _, out ProtocolSet usable));
        Assert.Equal(expected, OfpProtocolNames.Format(usable));
    }
}
