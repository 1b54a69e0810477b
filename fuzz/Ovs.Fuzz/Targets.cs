// The fuzz targets. Each one drives a decoder or parser the way a peer or a user can, then exercises what the
// decoded value feeds (formatting, re-encoding), since a value that decodes but cannot be printed is also a crash
// waiting for a real input. Inputs are never trusted: the first byte often selects a mode, the rest is the payload.
using System.Buffers;
using System.Text;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Nxm;
using Ovs.Flow.Text;
using Ovs.Json;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Fuzz;

internal static class Targets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("ofp-print", "OpenFlow message decode and ofp-print text, every version and message type", OfpPrint,
            () => Seeds.Hex("openflow/ofp-print-cases.json", "hex")),
        new("nxm", "NXM and OXM match decode, match text, re-encode", Nxm, NxmSeeds),
        new("flow-text", "ovs-ofctl flow syntax: match keywords, field values and masks", FlowText,
            () => Seeds.Utf8(Seeds.Strings("flow/flow-match-cases.json", "input")), MaxLength: 512),
        new("flow-mod-text", "ovs-ofctl flow lines with actions: parse, encode for every usable protocol, decode, print", FlowModText,
            () => Seeds.Utf8(Seeds.Strings("openflow/flowmod-parse-cases.json", "flow")), MaxLength: 1024),
        new("json-stream", "JSON-RPC stream parser fed in two chunks", JsonStream, JsonSeeds),
        .. DatapathTargets.All,
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    private static void OfpPrint(ReadOnlySpan<byte> input)
    {
        int verbosity = 1 + (input.Length % 4);
        if (input.Length >= 4 && input.Length <= ushort.MaxValue && input.Length % 3 != 0)
        {
            // Most mutations change the size, and a header length that disagrees with it stops decoding at once;
            // two inputs in three get a consistent length so the body decoders see them.
            byte[] copy = input.ToArray();
            copy[2] = (byte)(input.Length >> 8);
            copy[3] = (byte)input.Length;
            _ = OfpPrinter.ToText(copy, new OfpPrintContext(verbosity, null));
            return;
        }

        _ = OfpPrinter.ToText(input, new OfpPrintContext(verbosity, null));
    }

    private static void Nxm(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte mode = input[0];
        ReadOnlySpan<byte> data = input[1..];
        Match match;
        bool ok;
        if ((mode & 1) == 0)
        {
            ok = NxmDecoder.DecodeEntries(data, strict: (mode & 2) != 0, allowCookie: (mode & 4) != 0, out match, out _, out _) == NxmError.None;
        }
        else
        {
            ok = NxmDecoder.DecodeOxmMatch(data, strict: (mode & 2) != 0, out match, out _) == NxmError.None;
        }

        if (!ok)
        {
            return;
        }

        _ = MatchFormatter.Format(in match);
        var output = new ArrayBufferWriter<byte>();
        NxmEncoder.EncodeEntries(output, in match, version: 3 + (mode >> 4) % 4);
        MatchNormalizer.Normalize(ref match);
        _ = MatchFormatter.Format(in match);
    }

    private static void FlowText(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        var match = default(Match);
        int position = 0;
        int pairs = 0;
        while (pairs++ < 1000 && MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
        {
            MatchParser.TryApply(key, value, ref match, out _);
        }

        _ = MatchFormatter.Format(in match);
        MatchNormalizer.Normalize(ref match);
        var output = new ArrayBufferWriter<byte>();
        NxmEncoder.EncodeNxMatch(output, in match);
        _ = NxmDecoder.DecodeEntries(output.WrittenSpan, strict: true, allowCookie: true, out _, out _, out _);
    }

    private static readonly ProtocolSet[] s_flowModProtocols =
    [
        ProtocolSet.Of10Std, ProtocolSet.Of10StdTid, ProtocolSet.Of10Nxm, ProtocolSet.Of10NxmTid, ProtocolSet.Of11Std,
        ProtocolSet.Of12Oxm, ProtocolSet.Of13Oxm, ProtocolSet.Of14Oxm, ProtocolSet.Of15Oxm,
    ];

    private static void FlowModText(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        if (FlowModParser.Parse(text, command: null, out FlowMod fm, out ProtocolSet usable) is not null)
        {
            return;
        }

        foreach (ProtocolSet protocol in s_flowModProtocols)
        {
            if ((usable & protocol) == 0)
            {
                continue;
            }

            // What the parser accepted for a protocol must encode, decode and print without an exception.
            var output = new ArrayBufferWriter<byte>();
            fm.Encode(protocol, xid: 1, output);
            _ = FlowMod.TryDecode(output.WrittenSpan, tableIdExtension: (protocol & (ProtocolSet.Of10StdTid | ProtocolSet.Of10NxmTid)) != 0, warn: null, out _);
            _ = OfpPrinter.ToText(output.WrittenSpan, new OfpPrintContext(2, null));
        }
    }

    private static void JsonStream(ReadOnlySpan<byte> input)
    {
        var parser = new JsonStreamParser(checkTrailer: input.Length % 2 == 0);
        int split = input.IsEmpty ? 0 : input[0] % (input.Length + 1);
        int used = parser.Feed(input[..split]);
        if (used == split && !parser.IsDone)
        {
            parser.Feed(input[split..]);
        }

        _ = parser.Finish(out _);
    }

    private static IEnumerable<byte[]> NxmSeeds()
    {
        foreach (string text in Seeds.Strings("flow/flow-match-cases.json", "input"))
        {
            var match = default(Match);
            int position = 0;
            while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
            {
                MatchParser.TryApply(key, value, ref match, out _);
            }

            var output = new ArrayBufferWriter<byte>();
            output.Write([(byte)2]);
            NxmEncoder.EncodeEntries(output, in match, version: 0);
            yield return output.WrittenSpan.ToArray();
        }
    }

    private static IEnumerable<byte[]> JsonSeeds() => Seeds.Utf8(
    [
        """{"id":0,"method":"echo","params":[]}""",
        """{"id":"x","method":"transact","params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"br0","ports":["set",[["uuid","2b6a4b1c-7e4f-4c43-9d68-2f3c0b8d1e11"]]]}}]}""",
        """{"id":null,"method":"update3","params":[["monid","Open_vSwitch"],"00000000-0000-0000-0000-000000000000",{"Bridge":{"a":{"insert":{"x":1.5e300,"y":-0}}}}]}""",
        """["\u00e9\ud83d\ude00",true,false,null,123456789012345678901234567890,-1e-400,{"a":{"b":[[[]]]}}]""",
    ]);
}
