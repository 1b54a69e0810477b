// Upstream: parse_flow_and_packet() of ofproto/ofproto-dpif-trace.c and parse_ofp_exact_flow() of lib/ofp-flow.c
// (OVS 3.1).
// The FLOW argument of ofproto/trace: either a datapath flow ("in_port(1),eth(...),...", whose in_port is a
// datapath port number and is turned into the OpenFlow port), or ovs-ofctl match syntax ("in_port=p1,tcp,...",
// ports by number or name) taken as an exact flow: every field not given is zero and in_port defaults to NONE.
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;

namespace Ovs.Ofproto.Dpif.Trace;

internal static class TraceFlowParser
{
    /// <summary>Parses text into flow; returns null or the error message.</summary>
    public static string? Parse(string text, IXlatePorts ports, out FlowData flow)
    {
        int paren = text.IndexOf('(', StringComparison.Ordinal);
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (paren >= 0 && (equals < 0 || paren < equals))
        {
            return ParseDatapathFlow(text, ports, out flow);
        }

        return ParseOpenFlow(text, ports, out flow);
    }

    private static string? ParseDatapathFlow(string text, IXlatePorts ports, out FlowData flow)
    {
        string? error = ParseDatapathKey(text, null, out flow);
        return error ?? ToOpenFlowPort(ports, ref flow);
    }

    /// <summary>
    /// Parses a datapath flow (odp_flow_from_string(), ports by number or by the datapath's port names) into flow,
    /// whose in_port is still the datapath port; returns null or the error message.
    /// </summary>
    public static string? ParseDatapathKey(string text, IReadOnlyDictionary<string, uint>? portNames, out FlowData flow)
    {
        flow = default;
        byte[] keyBuffer = new byte[65536];
        byte[] maskBuffer = new byte[65536];
        var key = new NlWriter(keyBuffer);
        var mask = new NlWriter(maskBuffer);
        string? error = OdpKeyParser.Parse(text, ref key, ref mask, portNames);
        if (error is not null)
        {
            return error;
        }

        return OdpFlowKey.ToFlow(key.Written, out flow) == OdpKeyFitness.Error ? "Failed to parse datapath flow key" : null;
    }

    /// <summary>Turns flow's datapath in_port into the OpenFlow port of ports (xlate_lookup_ofproto()'s check).</summary>
    public static string? ToOpenFlowPort(IXlatePorts ports, ref FlowData flow)
    {
        uint dpPort = flow.U16(FlowLayout.InPort);
        XlatePort? port = ports.ByDpPort(dpPort);
        if (port is null)
        {
            return "no OpenFlow port for datapath port " + dpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        flow.SetU16(FlowLayout.InPort, port.OfPort);
        return null;
    }

    /// <summary>parse_ofp_exact_flow(): the fields given, in order, each needing its prerequisites already set.</summary>
    public static string? ParseOpenFlow(string text, IXlatePorts ports, out FlowData flow)
    {
        string? error = ParseExact(text, ports, out flow);
        return error is null ? null : "Bad openflow flow syntax: " + error;
    }

    private static string? ParseExact(string text, IXlatePorts ports, out FlowData flow)
    {
        flow = default;
        var match = default(Match);
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string name, out string value))
        {
            if (name == "in_port" && !OfpPortText.TryParse(value, out _) && FindPortByName(ports, value) is ushort named)
            {
                value = named.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (FieldTable.FromName(name) is FieldInfo field && !Prerequisites.AreMet(in match, field))
            {
                return $"{text}: prerequisites not met for setting {name}";
            }

            if (!MatchParser.TryApply(name, value, ref match, out string? fieldError))
            {
                return $"{text}: unknown field {name}";
            }

            if (fieldError is not null)
            {
                return $"{text}: bad value for {name} ({fieldError})";
            }
        }

        flow = match.Flow;
        if (flow.U16(FlowLayout.InPort) == 0)
        {
            flow.SetU16(FlowLayout.InPort, OfpPorts.None);
        }

        // A VLAN field set on a flow makes its outer header 802.1Q (flow_fix_vlan_tpid()).
        if (VlanHeaders.Tpid(in flow, 0) == 0 && VlanHeaders.Tci(in flow, 0) != 0)
        {
            VlanHeaders.SetTpid(ref flow, 0, EthType.Vlan8021Q);
        }

        return null;
    }

    private static ushort? FindPortByName(IXlatePorts ports, string name)
    {
        foreach (XlatePort p in ports.FloodOrder)
        {
            if (p.Name == name)
            {
                return p.OfPort;
            }
        }

        return null;
    }
}
