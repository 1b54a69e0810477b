// Fuzz targets of the datapath side: packets as they arrive on a port (flow extraction and its text), the ODP key
// and action text that dpctl/add-flow parses, and ODP netlink attributes as the datapath interface carries them.
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Flow.Text;

namespace Ovs.Fuzz;

internal static class DatapathTargets
{
    public static IEnumerable<FuzzTarget> All =>
    [
        new("flow-extract", "packet → flow key (Ethernet and packet types), flow text and packet text", FlowExtract,
            () => Seeds.Hex("flow/packet-extract-cases.json", "packet"), MaxLength: 2048),
        new("odp-key-text", "dpctl flow key/mask text → netlink → text and flow", OdpKeyText,
            () => Seeds.Utf8(OdpCaseColumn(0)), MaxLength: 1024),
        new("odp-action-text", "dpctl action text → netlink → text", OdpActionText,
            () => Seeds.Utf8(OdpCaseColumn(1)), MaxLength: 1024),
        new("odp-netlink", "ODP key or action netlink attributes → text and flow", OdpNetlink, OdpNetlinkSeeds),
    ];

    private static void FlowExtract(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        // The first byte picks Ethernet or one of the layer-3 packet types the datapath can carry.
        uint packetType = (input[0] % 4) switch
        {
            0 or 1 => PacketMetadata.PacketTypeEthernet,
            2 => 0x0001_0800u,
            _ => 0x0001_86ddu,
        };
        ReadOnlySpan<byte> frame = input[1..];
        var flow = default(FlowData);
        FlowExtractor.Extract(frame, ref flow, inPort: input[0], packetType: packetType);
        _ = FlowFormatter.Format(in flow);
        _ = FlowFormatter.FormatPacket(frame, packetType);
    }

    private static void OdpKeyText(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        Span<byte> keyBuffer = stackalloc byte[2048];
        Span<byte> maskBuffer = stackalloc byte[2048];
        var key = new NlWriter(keyBuffer);
        var mask = new NlWriter(maskBuffer);
        if (OdpKeyParser.Parse(text, ref key, ref mask) is not null || key.Overflowed || mask.Overflowed)
        {
            return;
        }

        var sb = new StringBuilder();
        OdpKeyFormatter.Format(sb, key.Written, mask.Written, verbose: true);
        sb.Clear();
        OdpKeyFormatter.Format(sb, key.Written, mask.Written, verbose: false);
        if (OdpFlowKey.ToFlow(key.Written, out FlowData flow) != OdpKeyFitness.Error)
        {
            _ = OdpFlowKey.ToMask(mask.Written, in flow, out _);
        }
    }

    private static void OdpActionText(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        Span<byte> buffer = stackalloc byte[4096];
        var actions = new NlWriter(buffer);
        if (OdpActionParser.Parse(text, ref actions) && !actions.Overflowed)
        {
            OdpActionFormatter.Format(new StringBuilder(), actions.Written);
        }
    }

    private static void OdpNetlink(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        ReadOnlySpan<byte> attrs = input[1..];
        var sb = new StringBuilder();
        if ((input[0] & 1) == 0)
        {
            OdpActionFormatter.Format(sb, attrs);
            return;
        }

        // Key and mask: the mask is the key itself or nothing, as the datapath may be handed either.
        OdpKeyFormatter.Format(sb, attrs, (input[0] & 2) != 0 ? attrs : default, verbose: (input[0] & 4) != 0);
        if (OdpFlowKey.ToFlow(attrs, out FlowData flow) != OdpKeyFitness.Error)
        {
            _ = OdpFlowKey.ToMask(attrs, in flow, out _);
        }
    }

    private static IEnumerable<string> OdpCaseColumn(int column)
    {
        if (Seeds.TestData is not { } root || !File.Exists(Path.Combine(root, "odp", "cases.txt")))
        {
            yield break;
        }

        foreach (string line in File.ReadLines(Path.Combine(root, "odp", "cases.txt")))
        {
            string[] parts = line.Split('\t');
            if (parts.Length > column)
            {
                yield return parts[column];
            }
        }
    }

    private static IEnumerable<byte[]> OdpNetlinkSeeds()
    {
        byte[] keyBuffer = new byte[2048];
        byte[] maskBuffer = new byte[2048];
        foreach (string text in OdpCaseColumn(0))
        {
            var key = new NlWriter(keyBuffer);
            var mask = new NlWriter(maskBuffer);
            if (OdpKeyParser.Parse(text, ref key, ref mask) is null && !key.Overflowed)
            {
                yield return [0x07, .. key.Written];
            }
        }

        foreach (string text in OdpCaseColumn(1))
        {
            var actions = new NlWriter(keyBuffer);
            if (OdpActionParser.Parse(text, ref actions) && !actions.Overflowed)
            {
                yield return [0x00, .. actions.Written];
            }
        }
    }
}
