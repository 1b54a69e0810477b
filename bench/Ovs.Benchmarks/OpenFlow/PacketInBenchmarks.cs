// Upstream counterpart: ofputil_decode_packet_in() and ofputil_encode_packet_in() (lib/ofp-packet.c), which a
// controller connection pays for every packet sent to the controller.
// Decodes and encodes one 54-byte TCP packet-in in each wire form: OFPT_PACKET_IN of OpenFlow 1.0, 1.1, 1.2, 1.3 and
// 1.5, NXT_PACKET_IN and NXT_PACKET_IN2. The messages come from one recorded NXT_PACKET_IN (metadata
// reg0, tun_id and in_port; table 7, cookie 9) re-encoded into each form, so every form carries the same packet;
// "NXT_PACKET_IN2+cont" adds userdata and a continuation (bridge, two stack entries, mirrors, conntracked, table,
// cookie, actions, action set, odp port). DecodeView is the zero-allocation PacketInView.TryDecode (the metadata
// into a Match on the stack); Decode builds the PacketIn object from it (copies of the packet and parts).
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ovs.Flow;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Benchmarks.OpenFlow;

[MemoryDiagnoser]
[OperationsPerSecond]
public class PacketInBenchmarks
{
    // NXT_PACKET_IN (OpenFlow 1.0) of a TCP/IPv4 packet, as recorded in tests/testdata/openflow/match-print-cases.json.
    private const string NxtPacketInHex =
        "01040080000000020000232000000011ffffffff003601070000000000000009001a0000000000000000000200010001200800000000"
        + "000000060001000400000001000000000000000050540000000650540000000508004500002800000000400600000a0000010a000002"
        + "0050d43100000001000000005012020026e80000";

    private readonly ArrayBufferWriter<byte> _writer = new(512);
    private byte[] _message = [];
    private PacketIn _packetIn = null!;
    private OfpRaw _raw;
    private byte _version;

    [Params("OF1.0", "OF1.1", "OF1.2", "OF1.3", "OF1.5", "NXT_PACKET_IN", "NXT_PACKET_IN2", "NXT_PACKET_IN2+cont")]
    public string Form { get; set; } = "OF1.0";

    [GlobalSetup]
    public void Setup()
    {
        (_raw, _version) = Form switch
        {
            "OF1.0" => (OfpRaw.Ofpt10PacketIn, (byte)OfpVersion.Of10),
            "OF1.1" => (OfpRaw.Ofpt11PacketIn, (byte)OfpVersion.Of11),
            "OF1.2" => (OfpRaw.Ofpt12PacketIn, (byte)OfpVersion.Of12),
            "OF1.5" => (OfpRaw.Ofpt13PacketIn, (byte)OfpVersion.Of15),
            "NXT_PACKET_IN" => (OfpRaw.NxtPacketIn, (byte)OfpVersion.Of10),
            "NXT_PACKET_IN2" or "NXT_PACKET_IN2+cont" => (OfpRaw.NxtPacketIn2, (byte)OfpVersion.Of13),
            _ => (OfpRaw.Ofpt13PacketIn, (byte)OfpVersion.Of13),
        };
        _packetIn = DecodeOrThrow(Convert.FromHexString(NxtPacketInHex));
        if (Form == "NXT_PACKET_IN2+cont")
        {
            _packetIn.Userdata = [1, 2, 3, 4, 5];
            _packetIn.HasContinuation = true;
            _packetIn.Bridge = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
            _packetIn.Stack.Add([1, 2]);
            _packetIn.Stack.Add([10]);
            _packetIn.Mirrors = 0x30;
            _packetIn.Conntracked = true;
            _packetIn.ContinuationTableId = 2;
            _packetIn.ContinuationCookie = 77;
            _packetIn.Actions = [0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
            _packetIn.ActionSet = [0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
            _packetIn.OdpPort = 4;
        }

        var writer = new ArrayBufferWriter<byte>();
        _packetIn.Encode(_raw, _version, 2, writer);
        _message = writer.WrittenSpan.ToArray();
        _packetIn = DecodeOrThrow(_message);
    }

    [Benchmark]
    public int Decode()
    {
        OfpRawDecoder.TryDecode(_message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        PacketIn.TryDecode(info!.Raw, _message[0], body, null, out PacketIn pin);
        return pin.TotalLength;
    }

    [Benchmark]
    public int DecodeView()
    {
        OfpRawDecoder.TryDecode(_message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        PacketInView.TryDecode(info!.Raw, _message[0], body, null, out PacketInView view, out Match metadata);
        return view.TotalLength + view.Packet.Length + metadata.Flow.U16(FlowLayout.InPort);
    }

    [Benchmark]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        _packetIn.Encode(_raw, _version, 2, _writer);
        return _writer.WrittenCount;
    }

    private static PacketIn DecodeOrThrow(byte[] message)
    {
        if (OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _) != Ovs.OpenFlow.Errors.OfpError.None
            || PacketIn.TryDecode(info!.Raw, message[0], body, null, out PacketIn pin) != Ovs.OpenFlow.Errors.OfpError.None)
        {
            throw new InvalidOperationException("benchmark message does not decode");
        }

        return pin;
    }
}
