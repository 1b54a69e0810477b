// Upstream counterpart: ofputil_decode_flow_mod() and ofputil_encode_flow_mod() (lib/ofp-flow.c), which a switch
// pays for every flow table change a controller or ovs-ofctl sends.
// Decodes and encodes one typical flow_mod (add, priority, a TCP/IPv4 5-tuple match and three actions) in each of
// the three wire forms ovs-ofctl chooses between: OFPT_FLOW_MOD of OpenFlow 1.0, NXT_FLOW_MOD (NXM match) and
// OFPT_FLOW_MOD of OpenFlow 1.3 (OXM match, apply_actions instruction). All three come from one parsed flow text.
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Benchmarks.OpenFlow;

[MemoryDiagnoser]
[OperationsPerSecond]
public class FlowModBenchmarks
{
    private const string FlowText =
        "priority=1000,tcp,nw_src=10.0.0.1,nw_dst=192.168.1.2,tp_src=40000,tp_dst=80,"
        + "actions=mod_nw_dst:10.0.0.9,mod_tp_dst:8080,output:3";

    private readonly ArrayBufferWriter<byte> _writer = new(512);
    private byte[] _message = [];
    private FlowMod _flowMod = null!;
    private ProtocolSet _protocol;

    [Params("OF1.0", "NXT_FLOW_MOD", "OF1.3")]
    public string Form { get; set; } = "OF1.0";

    [GlobalSetup]
    public void Setup()
    {
        _protocol = Form switch
        {
            "OF1.0" => ProtocolSet.Of10Std,
            "NXT_FLOW_MOD" => ProtocolSet.Of10Nxm,
            _ => ProtocolSet.Of13Oxm,
        };
        string? error = FlowModParser.Parse(FlowText, null, out FlowMod parsed, out ProtocolSet usable);
        if (error is not null || (usable & _protocol) == 0)
        {
            throw new InvalidOperationException($"benchmark flow does not parse for {Form}: {error}");
        }

        var writer = new ArrayBufferWriter<byte>();
        parsed.Encode(_protocol, 2, writer);
        _message = writer.WrittenSpan.ToArray();
        if (FlowMod.TryDecode(_message, false, null, out _flowMod) != Ovs.OpenFlow.Errors.OfpError.None)
        {
            throw new InvalidOperationException($"benchmark message does not decode for {Form}");
        }
    }

    [Benchmark]
    public int Decode()
    {
        FlowMod.TryDecode(_message, false, null, out FlowMod fm);
        return fm.Priority;
    }

    [Benchmark]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        _flowMod.Encode(_protocol, 2, _writer);
        return _writer.WrittenCount;
    }
}
