// Upstream: parse_flow_monitor_request() in lib/ofp-monitor.c (OVS 3.1)
//
// The "watch:[SPEC...]" argument of "ovs-ofctl monitor" as a flow monitor request. By default a monitor asks for
// the initial flows, additions, deletions and modifications with their actions, and for the connection's own changes
// in full; "!initial", "!add", "!delete", "!modify", "!actions" and "!own" turn those off ("!abbrev" clears the
// no-abbreviation flag, already clear). A protocol name ("tcp", "ipv6", ...) and FIELD=VALUE narrow the match;
// "table=", "out_port=" and "out_group=" filter. Fields that only protocols newer than OpenFlow 1.0 can express are
// refused, as the Nicira form must be able to carry the match. Each request gets the next id of the process.
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal static class FlowMonitorParser
{
    private const ushort DefaultFlags = FlowMonitorRequest.Initial | FlowMonitorRequest.Add | FlowMonitorRequest.Removed
        | FlowMonitorRequest.Modify | FlowMonitorRequest.OnlyOwn | FlowMonitorRequest.Instructions;

    private static int s_lastId;

    /// <summary>
    /// Parses <paramref name="text"/> (what follows "watch:"); returns null, or upstream's error message.
    /// <paramref name="usable"/> gets the protocols that can express the request's match.
    /// </summary>
    public static string? TryParse(string text, OfpWarningSink? warn, out FlowMonitorRequest request, out ProtocolSet usable)
    {
        request = new FlowMonitorRequest
        {
            Id = (uint)Interlocked.Increment(ref s_lastId),
            Flags = DefaultFlags,
            Match = Match.CatchAll,
        };
        usable = ProtocolSet.Any;
        int position = 0;
        while (KeyValueParser.TryNext(text, ref position, out string name, out string value))
        {
            string? error = Apply(text, name, value, request, ref usable, warn);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Apply(string text, string name, string value, FlowMonitorRequest request, ref ProtocolSet usable, OfpWarningSink? warn)
    {
        ushort? cleared = name switch
        {
            "!initial" => FlowMonitorRequest.Initial,
            "!add" => FlowMonitorRequest.Add,
            "!delete" => FlowMonitorRequest.Removed,
            "!modify" => FlowMonitorRequest.Modify,
            "!actions" => FlowMonitorRequest.Instructions,
            "!abbrev" => FlowMonitorRequest.NoAbbrev,
            "!own" => FlowMonitorRequest.OnlyOwn,
            _ => null,
        };
        if (cleared is ushort bit)
        {
            request.Flags &= (ushort)~bit;
            return null;
        }

        bool isMatchKeyword = name != "eth" && !name.Contains('[', StringComparison.Ordinal)
            && (FieldTable.FromName(name) is not null || value.Length == 0);
        if (isMatchKeyword && MatchParser.TryApply(name, value, ref request.Match, ref usable, out string? error))
        {
            if (error is null && FieldTable.FromName(name) is not null && (usable & (ProtocolSet.Of10StdAny | ProtocolSet.Of10NxmAny)) == 0)
            {
                return $"{name}: match field is not supported for flow monitor";
            }

            return error;
        }

        if (value.Length == 0)
        {
            return $"{text}: field {name} missing value";
        }

        switch (name)
        {
            case "table":
                if (!FlowModParser.TryParseTable(value, warn, out byte table))
                {
                    return $"unknown table \"{value}\"";
                }

                request.TableId = table;
                return null;
            case "out_port":
                request.OutPort = (ushort)ActionParser.AtoI(value);
                return null;
            case "out_group":
                request.OutGroup = (uint)ActionParser.AtoI(value);
                return null;
            default:
                return $"{text}: unknown keyword {name}";
        }
    }
}
