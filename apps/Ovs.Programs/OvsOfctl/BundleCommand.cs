// Upstream: utilities/ovs-ofctl.c, ofctl_bundle(); lib/ofp-bundle.c, parse_ofp_bundle_file() and
// ofputil_encode_bundle_msgs() (OVS 3.1)
//
// "ovs-ofctl bundle SWITCH FILE": each line of FILE ('#' comments and blank lines skipped) is "flow" with a flow as
// add-flows takes it (a leading command allowed), "group" with a group as add-groups takes it, or "packet-out" with
// a packet-out; they go to the switch as one atomic, ordered bundle. Without an OpenFlow version that has bundles,
// OpenFlow 1.4 is used.
using System.Buffers;
using Ovs.Cli;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class BundleCommand
{
    public static void Bundle(OfctlContext ctx)
    {
        string target = ctx.Args[0];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        List<object> messages = Parse(ctx.Args[1], ports, out ProtocolSet usable);

        ctx.Options.ImplyBundleProtocols();
        usable &= BundleTransaction.Protocols;
        OfctlVconn.CheckFlowModProtocols(usable, ctx.Options.AllowedProtocols);
        using OfctlVconn vconn = OfctlVconn.Open(target, ctx.Options);
        ProtocolSet protocol = vconn.SetProtocolForFlowMod(usable);
        byte version = FlowMod.VersionOf(protocol);
        var requests = new List<byte[]>();
        var writer = new ArrayBufferWriter<byte>();
        foreach (object message in messages)
        {
            writer.ResetWrittenCount();
            switch (message)
            {
                case FlowMod fm:
                    fm.Encode(protocol, OfpXid.Next(), writer);
                    requests.Add(writer.WrittenSpan.ToArray());
                    break;
                case GroupMod gm:
                    requests.Add(GroupCodec.EncodeGroupMod(gm, version, OfpXid.Next()));
                    break;
                case PacketOut po:
                    po.Encode(version, OfpXid.Next(), writer);
                    requests.Add(writer.WrittenSpan.ToArray());
                    break;
                default:
                    break;
            }
        }

        BundleTransaction.Run(vconn, requests, ctx);
    }

    /// <summary>parse_ofp_bundle_file(): the file's messages (flow mods, group mods, packet-outs) in order.</summary>
    private static List<object> Parse(string fileName, IReadOnlyDictionary<string, ushort>? ports, out ProtocolSet usable)
    {
        using FlowFile file = FlowFile.Open(fileName);
        var messages = new List<object>();
        usable = ProtocolSet.Any;
        foreach ((int number, string text) in file.Lines())
        {
            string line = text.TrimStart(' ', '\t', '\r', '\n');
            int length = line.IndexOfAny([',', ' ', '\t', '\r', '\n']);
            string keyword = length < 0 ? line : line[..length];
            string rest = line[keyword.Length..];
            string? error;
            ProtocolSet lineUsable;
            if (keyword.Length > 0 && "flow".StartsWith(keyword, StringComparison.Ordinal))
            {
                error = FlowModParser.Parse(rest, null, out FlowMod fm, out lineUsable, ActionCommands.Warn, ports);
                messages.Add(fm);
            }
            else if (keyword.Length > 0 && "group".StartsWith(keyword, StringComparison.Ordinal))
            {
                error = GroupParser.Parse(rest, null, out GroupMod? gm, out lineUsable, ports);
                messages.Add(gm!);
            }
            else if (keyword.Length > 0 && "packet-out".StartsWith(keyword, StringComparison.Ordinal))
            {
                error = PacketOutCommand.Parse(rest, ports, out PacketOut po, out lineUsable);
                messages.Add(po);
            }
            else
            {
                error = $"Unsupported bundle message type: {keyword}";
                lineUsable = ProtocolSet.Any;
            }

            if (error is not null)
            {
                throw new CliException($"{file.Name}:{number}: {error}");
            }

            usable &= lineUsable;
        }

        return messages;
    }
}
