// The group table applied to parsed group mods: the OFPGMFC_* errors, bucket commands, stats, rules and the
// deleted-group event, with the behaviour Debian's ovs-vswitchd shows for the same ovs-ofctl commands.
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class GroupTableTests
{
    private long _now = 5_000;

    private GroupTable NewTable() => new(() => _now);

    private static GroupMod Mod(GroupCommand command, string text)
    {
        Assert.Null(GroupParser.Parse(text, command, out GroupMod? gm));
        return gm!;
    }

    private static string Buckets(GroupTable table, uint groupId) =>
        string.Join(",", table.Describe(groupId).Single().Buckets.Select(static b => b.BucketId));

    [Fact]
    public void AddTwiceIsGroupExistsAndModifyOfAMissingGroupIsUnknownGroup()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=1,type=all,bucket=output:1")));
        Assert.Equal(OfpError.OfpgmfcGroupExists, table.Apply(Mod(GroupCommand.Add, "group_id=1,type=all,bucket=output:2")));
        Assert.Equal(OfpError.OfpgmfcUnknownGroup, table.Apply(Mod(GroupCommand.Modify, "group_id=2,type=indirect,bucket=output:2")));
        Assert.True(table.Exists(1));
        Assert.False(table.Exists(2));
    }

    [Fact]
    public void AddOrModifyCreatesThenReplacesKeepingTheCreationTime()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.AddOrModify, "group_id=1234,type=indirect,bucket=actions=2")));
        _now += 2_500;
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.AddOrModify, "group_id=1234,type=indirect,bucket=actions=3")));
        Group g = table.Describe(1234).Single();
        Assert.Equal("output:3", g.Buckets.Single().Actions.Single().ToString());
        GroupStats stats = table.Stats(1234).Single();
        Assert.Equal(2u, stats.DurationSec);
        Assert.Equal(500_000_000u, stats.DurationNsec);
    }

    [Fact]
    public void InsertBucketsGoFirstLastOrAfterTheNamedBucket()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=1234,type=all")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=last,bucket=bucket_id:10,actions=output:10,bucket=bucket_id:11,actions=output:11")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=first,bucket=bucket_id:0,actions=output:0,bucket=bucket_id:1,actions=output:1")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=last,bucket=bucket_id:14,actions=output:14,bucket=bucket_id:15,actions=output:15")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=11,bucket=bucket_id:12,actions=output:12,bucket=bucket_id:13,actions=output:13")));
        Assert.Equal("0,1,10,11,12,13,14,15", Buckets(table, 1234));
        Assert.Equal((byte)GroupType.All, table.Describe(1234).Single().Type);

        Assert.Equal(OfpError.OfpgmfcBucketExists, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=last,bucket=bucket_id:14,actions=output:14")));
        Assert.Equal(OfpError.OfpgmfcUnknownBucket, table.Apply(Mod(GroupCommand.InsertBucket, "group_id=1234,command_bucket_id=99,bucket=bucket_id:20,actions=output:20")));
        Assert.Equal("0,1,10,11,12,13,14,15", Buckets(table, 1234));
    }

    [Fact]
    public void RemoveBucketsDropsFirstLastNamedOrAll()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=1234,type=all,bucket=bucket_id:10,actions=output:10,bucket=bucket_id:11,actions=output:11,bucket=bucket_id:12,actions=output:12,bucket=bucket_id:13,actions=output:13")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=first")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=last")));
        Assert.Equal("11,12", Buckets(table, 1234));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=12")));
        Assert.Equal("11", Buckets(table, 1234));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234")));
        Assert.Empty(table.Describe(1234).Single().Buckets);

        // On an empty group first, last and all are no error; a named bucket is.
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=first")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=last")));
        Assert.Equal(OfpError.OfpgmfcUnknownBucket, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1234,command_bucket_id=1")));
        Assert.Equal(OfpError.OfpgmfcUnknownGroup, table.Apply(Mod(GroupCommand.RemoveBucket, "group_id=1,command_bucket_id=first")));
    }

    [Fact]
    public void DeleteRaisesGroupDeletedForEachGroupAndAMissingGroupIsNoError()
    {
        GroupTable table = NewTable();
        var deleted = new List<uint>();
        table.GroupDeleted += deleted.Add;
        foreach (uint id in new uint[] { 1235, 1233, 1234 })
        {
            Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, $"group_id={id},type=all,bucket=output:10")));
        }

        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Delete, "group_id=1234")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Delete, "group_id=1234")));
        Assert.Equal([1234u], deleted);
        Assert.Null(table.Find(1234));
        Assert.Equal([1233u, 1235u], table.Describe(GroupIds.All).Select(static g => g.GroupId));

        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Delete, "")));
        Assert.Equal([1234u, 1233u, 1235u], deleted);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void RefCountIsTheNumberOfRulesAndSurvivesAModify()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=1234,type=all,bucket=output:10")));
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=1235,type=all,bucket=output:10")));
        object rule = new();
        table.AddRule(1234, rule);
        table.AddRule(1234, rule);
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Modify, "group_id=1234,type=all,bucket=output:11,bucket=output:12")));

        IReadOnlyList<GroupStats> stats = table.Stats(GroupIds.All);
        Assert.Equal([1u, 0u], stats.Select(static s => s.RefCount));
        Assert.Equal(2, stats[0].BucketCounters.Count);
        Assert.Same(rule, table.RulesOf(1234).Single());
        table.RemoveRule(1234, rule);
        Assert.Equal(0u, table.Stats(1234).Single().RefCount);
    }

    [Fact]
    public void CreditCountsTheGroupAndTheBucket()
    {
        GroupTable table = NewTable();
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=7,type=select,bucket=output:1,bucket=output:2")));
        table.Credit(7, 1, 2, 120);
        table.Credit(7, -1, 1, 60);
        GroupStats stats = table.Stats(7).Single();
        Assert.Equal((3ul, 180ul), (stats.PacketCount, stats.ByteCount));
        Assert.Equal([(0ul, 0ul), (2ul, 120ul)], stats.BucketCounters);
    }

    [Fact]
    public void TranslationSeesGroupsThroughIXlateGroups()
    {
        GroupTable table = NewTable();
        IXlateGroups groups = table;
        Assert.Equal(OfpError.None, table.Apply(Mod(GroupCommand.Add, "group_id=3,type=ff,bucket=watch_port:5,actions=output:5,bucket=watch_port:6,actions=output:6")));
        XlateGroup? g = groups.Find(3);
        Assert.NotNull(g);
        Assert.Equal(XlateGroupType.FastFailover, g.Type);
        Assert.Equal([(ushort)5, (ushort)6], g.Buckets.Select(static b => b.WatchPort));
        Assert.Null(groups.Find(4));
    }

    [Fact]
    public void FeaturesAnnounceEveryTypeAndOfpgMaxGroups()
    {
        GroupFeatures f = GroupTable.Features;
        Assert.Equal(0xfu, f.Types);
        Assert.Equal(0x7u, f.Capabilities);
        Assert.All(f.MaxGroups, static m => Assert.Equal(GroupIds.Max, m));
    }
}
