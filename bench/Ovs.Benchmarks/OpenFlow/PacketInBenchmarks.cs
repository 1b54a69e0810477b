// Upstream counterpart: ofputil_decode_packet_in() and ofputil_encode_packet_in() (lib/ofp-packet.c), which a
// controller connection pays for every packet sent to the controller.
// Decodes and encodes one 54-byte TCP packet-in in each wire form: OFPT_PACKET_IN of OpenFlow 1.0, NXT_PACKET_IN,
// NXT_PACKET_IN2 and OFPT_PACKET_IN of OpenFlow 1.3. The messages come from one recorded NXT_PACKET_IN (metadata
// reg0, tun_id and in_port; table 7, cookie 9) re-encoded into each form, so every form carries the same packet.
using System.Buffers;
using BenchmarkDotNet.Attributes;
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

    [Params("OF1.0", "NXT_PACKET_IN", "NXT_PACKET_IN2", "OF1.3")]
    public string Form { get; set; } = "OF1.0";

    [GlobalSetup]
    public void Setup()
    {
        (_raw, _version) = Form switch
        {
            "OF1.0" => (OfpRaw.Ofpt10PacketIn, (byte)OfpVersion.Of10),
            "NXT_PACKET_IN" => (OfpRaw.NxtPacketIn, (byte)OfpVersion.Of10),
            "NXT_PACKET_IN2" => (OfpRaw.NxtPacketIn2, (byte)OfpVersion.Of13),
            _ => (OfpRaw.Ofpt13PacketIn, (byte)OfpVersion.Of13),
        };
        _packetIn = DecodeOrThrow(Convert.FromHexString(NxtPacketInHex));
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
