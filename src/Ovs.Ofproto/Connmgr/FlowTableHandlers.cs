// Upstream: ofproto/ofproto.c, handle_flow_mod(), handle_flow_stats_request(), handle_aggregate_stats_request(),
// handle_table_stats_request(), handle_table_mod() and ofproto_rule_send_removed(); connmgr.c's
// connmgr_send_flow_removed() and ofconn_receives_async_msg() (OVS 3.1)
//
// The OpenFlow messages that read and change a switch's flow tables. Flow mods are refused to secondary
// controllers (OFPBRC_IS_SLAVE). Statistics replies are split into several multipart messages when one would pass
// the 64 kB an OpenFlow message can hold. FLOW_REMOVED goes to every connection whose async configuration asks for
// the reason, in each connection's own protocol.
// Threading: main loop only.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class FlowTableHandlers
{
    /// <summary>Room for the body of one multipart reply (the header and multipart header take up to 16 bytes).</summary>
    private const int MaxReplyBody = ushort.MaxValue - 64;

    public static OfpError FlowModHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        OfpError error = FlowMod.TryDecode(request.Message, connection.FlowModTableId, null, out FlowMod fm);
        if (error != OfpError.None)
        {
            return error;
        }

        // OpenFlow 1.0 and NXM flow_mods carry a cookie to set on every command (fm->modify_cookie).
        bool modifyCookie = request.Info.Raw != OfpRaw.Ofpt11FlowMod && fm.NewCookie != ulong.MaxValue;
        error = ofproto.Tables.Apply(fm, modifyCookie, new FlowModRequester(connection, request.Xid));
        if (error == OfpError.None)
        {
            connection.FlowMods.Add(fm.Command, Environment.TickCount64);
        }

        return error;
    }

    public static OfpError FlowStatsHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        OfpError error = FlowStatsRequest.TryDecode(request.Info.Raw, request.Body, null, out FlowStatsRequest fsr);
        if (error != OfpError.None)
        {
            return error;
        }

        FlowTables tables = ofproto.Tables;
        if (fsr.TableId != FlowMod.TableAll && fsr.TableId >= FlowTables.Count)
        {
            return OfpError.OfpbrcBadTableId;
        }

        List<OfRule> rules = tables.Collect(fsr.TableId, fsr.Match, null, fsr.Cookie, fsr.CookieMask, fsr.OutPort, fsr.OutGroup);
        if (fsr.Aggregate)
        {
            SendAggregate(connection, request, rules);
            return OfpError.None;
        }

        OfpRaw reply = request.Info.Raw == OfpRaw.NxstFlowRequest ? OfpRaw.NxstFlowReply : request.Version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpst10FlowReply,
            (byte)OfpVersion.Of11 or (byte)OfpVersion.Of12 => OfpRaw.Ofpst11FlowReply,
            (byte)OfpVersion.Of13 or (byte)OfpVersion.Of14 => OfpRaw.Ofpst13FlowReply,
            _ => OfpRaw.Ofpst15FlowReply,
        };
        long now = tables.NowMs;
        var entries = new List<FlowStats>(rules.Count);
        foreach (OfRule rule in rules)
        {
            entries.Add(Describe(rule, now));
        }

        SendEntries(connection, reply, request.Version, request.Xid, entries);
        return OfpError.None;
    }

    public static OfpError TableModHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        OfpError error = TableMod.TryDecode(request.Info.Raw, request.Version, request.Body, null, out TableMod? mod);
        return error != OfpError.None || mod is null ? error : ofproto.Tables.ApplyTableMod(mod);
    }

    /// <summary>
    /// Sends FLOW_REMOVED for rule to each connection that wants it (ofconn_receives_async_msg() with the default
    /// async configuration): service connections only once they set a miss_send_len, secondary controllers never.
    /// </summary>
    public static void SendFlowRemoved(ConnectionManager connections, OfRule rule, long nowMs)
    {
        var fr = new FlowRemoved
        {
            Match = rule.Match,
            Cookie = rule.Cookie,
            Priority = (ushort)rule.Priority,
            Reason = (byte)rule.RemovedReason,
            TableId = rule.TableId,
            IdleTimeout = rule.IdleTimeout,
            HardTimeout = rule.HardTimeout,
            PacketCount = rule.PacketCount,
            ByteCount = rule.ByteCount,
        };
        (fr.DurationSec, fr.DurationNsec) = Duration(rule.CreatedMs, nowMs);
        connections.SendAsync(AsyncTypes.FlowRemoved, (int)rule.RemovedReason, connection =>
        {
            if (!ReasonExists(connection.Version, rule.RemovedReason))
            {
                return null;
            }

            byte version = connection.Version;
            OfpRaw raw = version switch
            {
                (byte)OfpVersion.Of10 => connection.FlowFormat == 2 ? OfpRaw.NxtFlowRemoved : OfpRaw.Ofpt10FlowRemoved,
                (byte)OfpVersion.Of15 => OfpRaw.Ofpt15FlowRemoved,
                _ => OfpRaw.Ofpt11FlowRemoved,
            };
            var writer = new ArrayBufferWriter<byte>();
            fr.Encode(raw, version, 0, writer);
            return writer.WrittenSpan.ToArray();
        });
    }

    /// <summary>Whether a version can say <paramref name="reason"/>: OFPRR10_BITS, OFPRR13_BITS (group delete), OFPRR14_BITS (meter delete, eviction).</summary>
    private static bool ReasonExists(byte version, RuleRemovedReason reason)
    {
        int last = version switch
        {
            >= (byte)OfpVersion.Of14 => (int)RuleRemovedReason.Eviction,
            (byte)OfpVersion.Of13 => (int)RuleRemovedReason.GroupDelete,
            _ => (int)RuleRemovedReason.Delete,
        };
        return (int)reason <= last;
    }

    private static FlowStats Describe(OfRule rule, long now)
    {
        (uint sec, uint nsec) = Duration(rule.CreatedMs, now);
        return new FlowStats
        {
            Match = rule.Match,
            Cookie = rule.Cookie,
            Priority = (ushort)rule.Priority,
            TableId = rule.TableId,
            DurationSec = sec,
            DurationNsec = nsec,
            IdleTimeout = rule.IdleTimeout,
            HardTimeout = rule.HardTimeout,
            Importance = rule.Importance,
            Flags = rule.Flags,
            IdleAge = AgeSeconds(now - rule.UsedMs),
            HardAge = AgeSeconds(now - rule.ModifiedMs),
            PacketCount = rule.PacketCount,
            ByteCount = rule.ByteCount,
            Actions = [.. rule.Actions],
        };
    }

    private static void SendAggregate(OfConnection connection, in OfprotoMessageHandler.Request request, List<OfRule> rules)
    {
        ulong packets = 0, bytes = 0;
        foreach (OfRule rule in rules)
        {
            packets += rule.PacketCount;
            bytes += rule.ByteCount;
        }

        var writer = new ArrayBufferWriter<byte>();
        if (request.Info.Raw == OfpRaw.Ofpst15AggregateRequest)
        {
            var oxs = new OxsStats
            {
                DurationSec = uint.MaxValue,
                IdleAge = uint.MaxValue,
                Packets = packets,
                Bytes = bytes,
                Flows = (uint)rules.Count,
            };
            var body = new ArrayBufferWriter<byte>();
            oxs.Encode(body);
            Span<byte> span = OfpEncoder.Begin(writer, OfpRaw.Ofpst15AggregateReply, request.Version, request.Xid, body.WrittenCount, out int total);
            body.WrittenSpan.CopyTo(span);
            writer.Advance(total);
        }
        else
        {
            OfpRaw raw = request.Info.Raw == OfpRaw.NxstAggregateRequest ? OfpRaw.NxstAggregateReply : OfpRaw.OfpstAggregateReply;
            Span<byte> span = OfpEncoder.Begin(writer, raw, request.Version, request.Xid, 24, out int total);
            span[..24].Clear();
            BinaryPrimitives.WriteUInt64BigEndian(span, packets);
            BinaryPrimitives.WriteUInt64BigEndian(span[8..], bytes);
            BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)rules.Count);
            writer.Advance(total);
        }

        connection.Send(writer);
    }

    /// <summary>Sends entries as one or more multipart replies, each but the last flagged "more".</summary>
    /// <summary>
    /// Sends <paramref name="entries"/> as replies of <paramref name="raw"/>, split into several multipart messages
    /// (all but the last flagged "more") where one would pass the size an OpenFlow message can hold.
    /// </summary>
    internal static void SendEntries<T>(OfConnection connection, OfpRaw raw, byte version, uint xid, List<T> entries)
        where T : IBodyEntry
    {
        var chunk = new List<T>();
        int size = 0;
        var probe = new ArrayBufferWriter<byte>();
        foreach (T entry in entries)
        {
            probe.ResetWrittenCount();
            entry.Append(raw, version, probe);
            if (size + probe.WrittenCount > MaxReplyBody && chunk.Count > 0)
            {
                var part = new ArrayBufferWriter<byte>();
                BodyMessage.WriteEntries(part, raw, version, xid, chunk, statsFlags: 1);
                connection.Send(part);
                chunk.Clear();
                size = 0;
            }

            chunk.Add(entry);
            size += probe.WrittenCount;
        }

        var last = new ArrayBufferWriter<byte>();
        BodyMessage.WriteEntries(last, raw, version, xid, chunk);
        connection.Send(last);
    }

    /// <summary>calc_duration(): the time since start as seconds and nanoseconds.</summary>
    private static (uint Sec, uint Nsec) Duration(long startMs, long nowMs)
    {
        long ms = Math.Max(0, nowMs - startMs);
        return ((uint)(ms / 1000), (uint)(ms % 1000 * 1_000_000));
    }

    /// <summary>age_secs(): whole seconds, saturating at int.MaxValue.</summary>
    private static int AgeSeconds(long ms) => ms < 0 ? 0 : (int)Math.Min(int.MaxValue, ms / 1000);
}
