// Port statistics, port status and queue replies as a switch encodes them, read back through ofp-print: the texts
// are the ones Debian's ovs-ofctl prints for the same fields (upstream's ofp-port.c and ofp-queue.c formats).
using System.Buffers;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Tests.Messages;

public sealed class PortStatsCodecTests
{
    private static string Print(ArrayBufferWriter<byte> writer) => OfpPrinter.ToText(writer.WrittenSpan, new OfpPrintContext(1, null));

    [Fact]
    public void OpenFlow14EntryCarriesRfc2819AndCustomCountersThreeToALine()
    {
        var entry = new PortStats(1) { DurationSec = 2, DurationNsec = 500_000_000 };
        Array.Fill(entry.Counters, 0ul);
        entry.Rfc2819[0] = 5;   // rx 1-64
        entry.Rfc2819[15] = 6;  // rx broadcast
        entry.Rfc2819[14] = 7;  // tx multicast
        entry.Custom.Add(new("a", 1));
        entry.Custom.Add(new("bb", 2));
        entry.Custom.Add(new("ccc", 3));
        entry.Custom.Add(new("d", 4));
        var writer = new ArrayBufferWriter<byte>();
        PortStats.EncodeReply(5, 3, [entry], writer);
        Assert.Equal(
            "OFPST_PORT reply (OF1.4) (xid=0x3): 1 ports\n" +
            "  port  1: rx pkts=0, bytes=0, drop=0, errs=0, frame=0, over=0, crc=0\n" +
            "           tx pkts=0, bytes=0, drop=0, errs=0, coll=0\n" +
            "           duration=2.500s\n" +
            "           rx rfc2819 1_to_64_packets=5, broadcast_packets=6, \n" +
            "           tx rfc2819 multicast_packets=7, \n" +
            "           CUSTOM Statistics\n" +
            "                      a=1, bb=2, ccc=3,\n" +
            "                      d=4,\n",
            Print(writer));
    }

    [Theory]
    [InlineData(1, "OFPST_PORT reply (xid=0x3): 1 ports\n  port LOCAL: rx pkts=1, bytes=?, drop=?, errs=?, frame=?, over=?, crc=?\n           tx pkts=?, bytes=?, drop=?, errs=?, coll=?\n")]
    [InlineData(4, "OFPST_PORT reply (OF1.3) (xid=0x3): 1 ports\n  port LOCAL: rx pkts=1, bytes=?, drop=?, errs=?, frame=?, over=?, crc=?\n           tx pkts=?, bytes=?, drop=?, errs=?, coll=?\n           duration=1s\n")]
    public void FixedEntriesOfEarlierVersions(byte version, string expected)
    {
        var entry = new PortStats(0xfffe) { DurationSec = 1, DurationNsec = 0 };
        entry.Counters[0] = 1;
        var writer = new ArrayBufferWriter<byte>();
        PortStats.EncodeReply(version, 3, [entry], writer);
        Assert.Equal(expected, Print(writer));
    }

    [Fact]
    public void PortStatusCarriesTheReasonAndTheDescription()
    {
        var port = new PhyPort(7, 0xaa55aa550007, "p7", 1, 1, 0, 0, 0, 0, 0, 0);
        byte[] message = PortStatus.Encode(4, PortStatus.ReasonModify, port);
        Assert.Equal(
            "OFPT_PORT_STATUS (OF1.3) (xid=0x0): MOD: 7(p7): addr:aa:55:aa:55:00:07\n     config:     PORT_DOWN\n     state:      LINK_DOWN\n     speed: 0 Mbps now, 0 Mbps max\n",
            OfpPrinter.ToText(message, new OfpPrintContext(1, null)));
    }

    [Fact]
    public void QueueDescriptionOfOpenFlow14ListsEachPortsQueues()
    {
        var writer = new ArrayBufferWriter<byte>();
        QueueStatsCodec.EncodeConfigReply(OpenFlow.Wire.OfpRaw.Ofpst14QueueDescRequest, 5, 2, 0xffffffff, [(1, 0), (0xfffe, 0)], writer);
        Assert.Equal("OFPST_QUEUE_DESC reply (OF1.4) (xid=0x2): port=1\nqueue 0:\nport=LOCAL\nqueue 0:\n", Print(writer));
    }
}
