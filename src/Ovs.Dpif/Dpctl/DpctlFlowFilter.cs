// Upstream: parse_ofp_exact_flow() in lib/ofp-flow.c and the filter test in dpctl_dump_flows() in lib/dpctl.c
// (OVS 3.1).
// The "filter=" of dump-flows, in ovs-ofctl's match syntax ("in_port=p1,ip,nw_dst=10.0.0.1"; ports may be named).
// A dumped flow passes when it agrees with the filter on every bit that both the filter and the flow's own mask
// look at, so a filter on a field the flow wildcards does not exclude it. Not checked here, unlike upstream: a
// field given twice (the last value given wins).
using System.Globalization;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;

namespace Ovs.Dpif.Dpctl;

internal sealed class DpctlFlowFilter
{
    private readonly Match _match;

    private DpctlFlowFilter(Match match) => _match = match;

    /// <summary>Parses text; null with error set to upstream's message on failure.</summary>
    public static DpctlFlowFilter? Parse(string text, IReadOnlyList<DpifPort> ports, out string? error)
    {
        var match = Match.CatchAll;
        int position = 0;
        while (MatchParser.TryNextKeyValue(text, ref position, out string key, out string value))
        {
            if (key == "in_port" && FindPort(ports, value) is uint portNumber)
            {
                value = portNumber.ToString(CultureInfo.InvariantCulture);
            }

            if (FieldTable.FromName(key) is FieldInfo field && !Prerequisites.AreMet(in match, field))
            {
                error = $"{text}: prerequisites not met for setting {key}";
                return null;
            }

            if (!MatchParser.TryApply(key, value, ref match, out string? fieldError))
            {
                error = $"{text}: unknown field {key}";
                return null;
            }

            if (fieldError is not null)
            {
                error = $"{text}: bad value for {key} ({fieldError})";
                return null;
            }
        }

        error = null;
        return new DpctlFlowFilter(match);
    }

    /// <summary>Whether the dumped flow agrees with the filter wherever both look.</summary>
    public bool Matches(DpifFlow flow)
    {
        if (OdpFlowKey.ToFlow(flow.Key.Span, out FlowData values) == OdpKeyFitness.Error
            || OdpFlowKey.ToMask(flow.Mask.Span, values, out FlowData mask) == OdpKeyFitness.Error)
        {
            return false;
        }

        ReadOnlySpan<byte> v = values.ReadOnlyBytes;
        ReadOnlySpan<byte> m = mask.ReadOnlyBytes;
        ReadOnlySpan<byte> fv = _match.Flow.ReadOnlyBytes;
        ReadOnlySpan<byte> fm = _match.Wildcards.Masks.ReadOnlyBytes;
        for (int i = 0; i < v.Length; i++)
        {
            if ((((v[i] & m[i]) ^ (fv[i] & m[i])) & fm[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static uint? FindPort(IReadOnlyList<DpifPort> ports, string name)
    {
        foreach (DpifPort port in ports)
        {
            if (port.Name == name)
            {
                return port.PortNumber;
            }
        }

        return null;
    }
}
