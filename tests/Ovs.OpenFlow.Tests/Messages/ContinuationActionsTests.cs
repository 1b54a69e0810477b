// The frozen actions of a continuation on the wire: groups cut at each unroll_xlate, table-id and cookie
// properties only where they change (both start at 0), and the NXT_PACKET_IN2 / NXT_RESUME that carry them.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests.Messages;

public sealed class ContinuationActionsTests
{
    private static List<OfpAct> Parse(string text)
    {
        Assert.Null(OfpActions.ParseActions(text, out List<OfpAct> actions));
        return actions;
    }

    private static List<(ushort Type, int Length)> Properties(ReadOnlySpan<byte> data)
    {
        var list = new List<(ushort, int)>();
        while (!data.IsEmpty)
        {
            Assert.Equal(OfpError.None, OfpProperty.TryPull(ref data, out ulong type, out ReadOnlySpan<byte> payload));
            list.Add(((ushort)type, payload.Length));
        }

        return list;
    }

    [Theory]
    [InlineData((byte)1)]
    [InlineData((byte)4)]
    public void FrozenActionsRoundTrip(byte version)
    {
        List<OfpAct> actions =
        [
            .. Parse("resubmit(,1)"),
            new UnrollXlateAct(0, 0),
            .. Parse("output:2,controller(pause)"),
            new UnrollXlateAct(3, 0x55),
            .. Parse("output:3"),
            new UnrollXlateAct(0, 0x55),
            .. Parse("push:NXM_NX_REG0[]"),
        ];
        var writer = new ArrayBufferWriter<byte>();
        ContinuationActions.Put(writer, actions, version);

        Assert.Equal(OfpError.None, ContinuationActions.Read(writer.WrittenSpan, version, null, out List<OfpAct> read));

        // The first group had no unroll_xlate: reading gives it one with the starting values.
        Assert.Equal("unroll_xlate(table=0, cookie=0)," + string.Join(',', actions), string.Join(',', read));
    }

    [Fact]
    public void TableAndCookieGoOutOnlyWhenTheyChange()
    {
        List<OfpAct> actions = [new UnrollXlateAct(0, 0), .. Parse("output:2"), new UnrollXlateAct(2, 0), new UnrollXlateAct(2, 7), .. Parse("output:3")];
        var writer = new ArrayBufferWriter<byte>();
        ContinuationActions.Put(writer, actions, 4);
        Assert.Equal(
            [(PacketIn.ContActions, 4 + 16), (PacketIn.ContTableId, 1), (PacketIn.ContCookie, 12), (PacketIn.ContActions, 4 + 16)],
            Properties(writer.WrittenSpan));
    }

    [Fact]
    public void PacketIn2CarriesTheContinuationAndResumeSendsItBack()
    {
        var pin = new PacketIn
        {
            Reason = 1,
            Cookie = 0x10,
            Packet = new byte[60],
            TotalLength = 60,
            HasContinuation = true,
            Bridge = new byte[16],
            FrozenActions = [new UnrollXlateAct(1, 0x10), .. Parse("output:2")],
        };
        pin.Bridge[0] = 9;
        pin.Stack.Add([0, 5]);
        var writer = new ArrayBufferWriter<byte>();
        pin.Encode(OfpRaw.NxtPacketIn2, 4, 0, writer);
        byte[] message = writer.WrittenSpan.ToArray();

        string text = OfpPrinter.ToText(message, new OfpPrintContext(0, null));
        Assert.Contains(" continuation.stack=(top)", text, StringComparison.Ordinal);
        Assert.Contains(" continuation.actions=unroll_xlate(table=1, cookie=16),output:2\n", text, StringComparison.Ordinal);

        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _));
        Assert.Equal(OfpError.None, PacketInView.TryDecode(info!.Raw, 4, body, null, out PacketInView view, out _));
        var resume = new PacketIn { Packet = view.Packet.ToArray(), TotalLength = 60, Reason = 1, RawContinuation = view.Continuation.ToArray() };
        var resumeWriter = new ArrayBufferWriter<byte>();
        resume.Encode(OfpRaw.NxtResume, 4, 0, resumeWriter);
        byte[] resumeMessage = resumeWriter.WrittenSpan.ToArray();
        Assert.Equal(OfpError.None, OfpRawDecoder.TryDecode(resumeMessage, out info, out body, out _));
        Assert.Equal(OfpRaw.NxtResume, info!.Raw);
        Assert.Equal(OfpError.None, PacketInView.TryDecode(OfpRaw.NxtResume, 4, body, null, out view, out _));
        Assert.True(view.HasBridge);
        Assert.Equal(9, view.Bridge[0]);
        Assert.Equal(1, view.StackCount);
        Assert.Equal(OfpError.None, ContinuationActions.Read(view.Continuation, 4, null, out List<OfpAct> read));
        Assert.Equal("unroll_xlate(table=1, cookie=16),output:2", string.Join(',', read));
        Assert.Equal((ushort)message.Length, BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(2)));
    }
}
