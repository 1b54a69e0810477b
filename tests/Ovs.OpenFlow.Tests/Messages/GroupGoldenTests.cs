// Group messages (group mods, group description and statistics replies and requests, request-forwards, a bundle
// carrying a group mod): every case of group-print-cases.json (recorded from Debian's ovs-ofctl by
// tests/testdata/openflow/record-groups.py) must print as Debian printed it, with the same warnings; the canonical
// ones must re-encode to the same bytes; and no truncation or corruption of any case may make a decoder throw.
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

[Trait("upstream", "tests/ofp-print.at")]
public sealed class GroupGoldenTests
{
    private const string File = "group-print-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    public static TheoryData<int> CanonicalCases() => GoldenPrint.CanonicalIndexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsAsDebian(int index) => GoldenPrint.AssertPrintsAsDebian(TestData.Case(File, index));

    [Theory]
    [MemberData(nameof(CanonicalCases))]
    public void ReencodesToTheSameBytes(int index)
    {
        byte[] data = TestData.Hex(TestData.Case(File, index).Text("hex"));
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(data, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        OfpHeader header = OfpHeader.Read(data);
        byte[] encoded = info!.Raw switch
        {
            OfpRaw.NxtGroupMod or OfpRaw.Ofpt11GroupMod or OfpRaw.Ofpt15GroupMod => ReencodeGroupMod(data),
            OfpRaw.NxstGroupDescReply or OfpRaw.Ofpst11GroupDescReply => ReencodeDescReply(body, header),
            OfpRaw.NxstGroupReply or OfpRaw.Ofpst11GroupReply or OfpRaw.Ofpst13GroupReply => ReencodeStatsReply(body, header, info),
            OfpRaw.NxstGroupRequest or OfpRaw.Ofpst11GroupRequest =>
                GroupCodec.EncodeGroupRequest(ReadGroupId(body), header.Version, header.Xid),
            OfpRaw.NxstGroupDescRequest or OfpRaw.Ofpst15GroupDescRequest =>
                GroupCodec.EncodeGroupRequest(ReadGroupId(body), header.Version, header.Xid, desc: true),
            OfpRaw.Ofpst11GroupDescRequest => GroupCodec.EncodeGroupRequest(GroupIds.All, header.Version, header.Xid, desc: true),
            OfpRaw.NxstGroupFeaturesReply or OfpRaw.Ofpst12GroupFeaturesReply =>
                GroupFeatures.Decode(body, header.Version).Encode(header.Version, header.Xid),
            _ => ReencodeRequestForward(data, body),
        };

        Assert.Equal(Convert.ToHexString(data), Convert.ToHexString(encoded));
    }

    [Fact]
    public void NoCorruptionMakesADecoderThrow() => GoldenPrint.PrintDamagedCases(File, 3, 128, [0x00, 0xff, 0x7f, 0x09]);

    [Fact]
    public void BucketCommandsNeedNewBucketsBefore15()
    {
        var gm = new GroupMod(GroupCommand.InsertBucket, new Group((byte)GroupType.All, 1, [], null), GroupIds.BucketFirst);
        var bucket = new GroupBucket(0, 0, GroupIds.PortAny, GroupIds.Any, []);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => GroupCodec.EncodeGroupMod(gm, (byte)OfpVersion.Of13, 1));
        Assert.Equal("insert-bucket needs OpenFlow 1.5 or later ('-O OpenFlow15')", e.Message);

        byte[] modify = GroupCodec.EncodeGroupMod(gm, (byte)OfpVersion.Of13, 1, [bucket]);
        Assert.Equal(OfpError.None, GroupCodec.TryDecodeGroupMod(modify, null, out GroupMod? decoded));
        Assert.Equal(GroupCommand.Modify, decoded!.Command);
        Assert.Single(decoded.Group.Buckets);
    }

    [Theory]
    [InlineData(-1, 0x8000)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    public void AddOrModifyBecomesWhatTheGroupNeeded(int groupExisted, int expected)
    {
        var gm = new GroupMod(GroupCommand.AddOrModify, new Group((byte)GroupType.All, 1, [], null));
        foreach (byte version in (ReadOnlySpan<byte>)[1, 2, 4, 6])
        {
            byte[] data = GroupCodec.EncodeGroupMod(gm, version, 9, groupExisted: groupExisted);
            Assert.Equal(OfpError.None, GroupCodec.TryDecodeGroupMod(data, null, out GroupMod? decoded));
            Assert.Equal((GroupCommand)expected, decoded!.Command);
        }
    }

    private static byte[] ReencodeGroupMod(byte[] data)
    {
        Assert.Equal(OfpError.None, GroupCodec.TryDecodeGroupMod(data, null, out GroupMod? gm));
        OfpHeader header = OfpHeader.Read(data);
        return GroupCodec.EncodeGroupMod(gm!, header.Version, header.Xid);
    }

    private static byte[] ReencodeDescReply(ReadOnlySpan<byte> body, OfpHeader header)
    {
        var groups = new List<Group>();
        while (true)
        {
            Assert.Equal(OfpError.None, GroupCodec.PullGroupDesc(ref body, header.Version, null, out Group? group));
            if (group is null)
            {
                return GroupCodec.EncodeGroupDescReply(groups, header.Version, header.Xid);
            }

            groups.Add(group);
        }
    }

    private static byte[] ReencodeStatsReply(ReadOnlySpan<byte> body, OfpHeader header, OfpRawInfo info)
    {
        var groups = new List<GroupStats>();
        while (true)
        {
            Assert.Equal(OfpError.None, GroupCodec.PullGroupStats(ref body, info, null, out GroupStats? gs));
            if (gs is null)
            {
                return GroupCodec.EncodeGroupStatsReply(groups, header.Version, header.Xid);
            }

            groups.Add(gs);
        }
    }

    private static byte[] ReencodeRequestForward(byte[] data, ReadOnlySpan<byte> body)
    {
        Assert.Equal(OfpError.None, RequestForwardCodec.TryDecodeInner(data, body, null, out ReadOnlySpan<byte> inner, out _));
        byte[] innerBytes = inner.ToArray();
        Assert.Equal(OfpError.None, GroupCodec.TryDecodeGroupMod(innerBytes, null, out GroupMod? gm));
        OfpHeader innerHeader = OfpHeader.Read(innerBytes);
        return RequestForwardCodec.EncodeGroupMod(gm!, data[0], innerHeader.Xid);
    }

    private static uint ReadGroupId(ReadOnlySpan<byte> body) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body);
}
