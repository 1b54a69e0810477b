// Upstream: parse_flow_and_packet() and ofproto_unixctl_trace() of ofproto/ofproto-dpif-trace.c (OVS 3.1)
//
// `ovs-appctl ofproto/trace {[dp_name] odp_flow | bridge br_flow} [OPTIONS] [-generate|packet]`: the arguments name
// a flow either in datapath syntax (optionally after the datapath's name, "ovs-dummy" or "dummy", needed when there
// are datapaths of several types) or in OpenFlow syntax after a bridge name; a last argument in hex is a packet,
// whose headers then replace the flow's (only its metadata stays), and -generate makes a packet from the flow.
// Options: --l7 HEX and --l7-len N (the payload of a generated packet). Conntrack states (--ct-next) and port
// names in the output (--names) are not supported and are refused as unknown options.
// Threading: main loop (unixctl).
using System.Globalization;
using Ovs.Dpif;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev.Dummy;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Trace;

internal static class TraceCommand
{
    /// <summary>The usage text upstream registers (the bash completion reads it).</summary>
    public const string Usage = "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]";

    private const int MaxL7 = 64000;

    /// <summary>Runs ofproto/trace with <paramref name="args"/>; returns null and the report, or the error.</summary>
    public static string? Run(OfprotoContext context, IReadOnlyList<string> args, out string output)
    {
        output = "";
        string? error = ParseFlowAndPacket(context, args, out IXlateBridge? bridge, out FlowData flow, out bool hasPacket);
        if (error is not null || bridge is null)
        {
            return error ?? "Syntax error";
        }

        // With a packet, translation has its side effects (learning), as upstream's allow_side_effects.
        output = TraceFormatter.Trace(bridge, in flow, sideEffects: hasPacket);
        return null;
    }

    /// <summary>parse_flow_and_packet(): the bridge and the flow to translate, or the error message.</summary>
    /// <remarks><paramref name="hasPacket"/> tells whether a packet was given or generated.</remarks>
    public static string? ParseFlowAndPacket(
        OfprotoContext context, IReadOnlyList<string> argv, out IXlateBridge? bridge, out FlowData flow, out bool hasPacket)
    {
        hasPacket = false;
        bridge = null;
        flow = default;
        var args = new List<string>(3);
        bool generate = false;
        byte[]? l7 = null;
        int l7Length = 64;
        for (int i = 0; i < argv.Count; i++)
        {
            string arg = argv[i];
            if (arg is "-generate" or "--generate")
            {
                generate = true;
            }
            else if (arg is "--l7" or "--l7-len")
            {
                if (i + 1 >= argv.Count)
                {
                    return $"Missing argument for option {arg}";
                }

                string value = argv[++i];
                if (arg == "--l7")
                {
                    l7 = ParseHex(value);
                    if (l7 is null)
                    {
                        return "Trailing garbage in packet data";
                    }

                    l7Length = l7.Length;
                }
                else
                {
                    l7 = null;
                    l7Length = (int)Math.Clamp(LeadingInteger(value), int.MinValue, int.MaxValue);
                    if (l7Length > MaxL7)
                    {
                        return $"{value}: too much L7 data";
                    }
                }
            }
            else if (arg.StartsWith('-'))
            {
                return $"{arg}: unknown option";
            }
            else if (args.Count >= 3)
            {
                return "too many arguments";
            }
            else
            {
                args.Add(arg);
            }
        }

        // A last argument that is a packet in hex is the packet; with three arguments it must be one.
        byte[]? packet = null;
        if (!generate && args.Count > 1)
        {
            packet = DummyCommands.ParseHexFrame(args[^1], out string? packetError);
            if (packet is not null)
            {
                args.RemoveAt(args.Count - 1);
            }
            else if (args.Count > 2)
            {
                return packetError;
            }
        }

        DpifBacker? backer = null;
        if (args.Count == 2)
        {
            string type = args[0].StartsWith("ovs-", StringComparison.Ordinal) ? args[0][4..] : args[0];
            backer = context.Backers.GetValueOrDefault(type);
        }
        else if (args.Count == 1)
        {
            if (context.Backers.Count == 1)
            {
                foreach (DpifBacker only in context.Backers.Values)
                {
                    backer = only;
                }
            }
        }
        else
        {
            return "Syntax error";
        }

        Dictionary<string, uint>? portNames = null;
        if (backer is not null)
        {
            portNames = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (DpifPort port in backer.Dpif.PortDump())
            {
                portNames[port.Name] = port.PortNumber;
            }
        }

        string? error = TraceFlowParser.ParseDatapathKey(args[^1], portNames, out flow);
        if (error is null)
        {
            if (backer is null)
            {
                return "Cannot find the datapath";
            }

            bridge = backer.Upcalls.FindInput(in flow, out XlatePort? inPort, out error);
            if (bridge is null || inPort is null)
            {
                return error;
            }

            flow.SetU16(FlowLayout.InPort, inPort.OfPort);
        }
        else if (args.Count != 2)
        {
            return error + " (or the bridge name was omitted)";
        }
        else
        {
            if (!context.Switches.TryGetValue(args[0], out Core.Ofproto? ofproto))
            {
                return $"{args[0]}: unknown bridge";
            }

            bridge = ofproto.Xlate;
            error = TraceFlowParser.ParseOpenFlow(args[^1], bridge.Ports, out flow);
        }

        if (error is not null)
        {
            bridge = null;
            return error;
        }

        if (generate)
        {
            packet = l7 is not null ? FlowComposer.Compose(in flow, l7) : FlowComposer.Compose(in flow, Math.Max(l7Length, 0));
        }

        if (packet is not null)
        {
            // pkt_metadata_from_flow() then flow_extract(): the packet's headers, the flow's metadata.
            FlowData extracted = default;
            LayerOffsets offsets = default;
            FlowExtractor.Extract(packet, MetadataOf(in flow), ref extracted, ref offsets);
            flow = extracted;
            hasPacket = true;
        }

        return null;
    }

    private static PacketMetadata MetadataOf(in FlowData flow) => new()
    {
        PacketType = flow.U32(FlowLayout.PacketType),
        InPort = flow.U16(FlowLayout.InPort),
        RecircId = flow.U32(FlowLayout.RecircId),
        DpHash = flow.U32(FlowLayout.DpHash),
        SkbPriority = flow.U32(FlowLayout.SkbPriority),
        PktMark = flow.U32(FlowLayout.PktMark),
        CtState = flow.U8(FlowLayout.CtState),
        CtZone = flow.U16(FlowLayout.CtZone),
        CtMark = flow.U32(FlowLayout.CtMark),
    };

    /// <summary>dp_packet_put_hex(): hex bytes, optionally separated by white space; null on anything else.</summary>
    private static byte[]? ParseHex(string text)
    {
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length % 2 != 0)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(compact);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>C's atoi(): optional blanks and sign, then digits up to the first non-digit; 0 if none.</summary>
    private static long LeadingInteger(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart();
        int end = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        while (end < s.Length && end < 18 && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return long.TryParse(s[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }
}
