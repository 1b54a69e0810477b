// Upstream: ofproto/ofproto.c, handle_table_stats_request(), handle_table_desc_request() and
// handle_table_features_request(); connmgr_send_table_status() of ofproto/connmgr.c (OVS 3.1)
//
// OFPST_TABLE, OFPST_TABLE_DESC and OFPST_TABLE_FEATURES: one entry per visible table (0 to 253). Table features run
// to a few kB per table, so the reply spans several multipart messages, each but the last flagged "more". A table
// features request that asks to change the features is refused (OFPTFFC_EPERM): the tables' capabilities are fixed.
// OFPT_TABLE_STATUS (vacancy events) goes to the OpenFlow 1.4+ connections whose asynchronous configuration wants it.
using System.Buffers;
using Ovs.Ofproto.Core;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class TableStatsHandlers
{
    private const int MaxReplyBody = ushort.MaxValue - 64;

    public static OfpError TableStatsHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        var stats = new List<TableStats>();
        var features = new List<TableFeatures>();
        for (int id = 0; id < FlowTables.Count; id++)
        {
            if (FlowTables.IsVisible((byte)id))
            {
                stats.Add(ofproto.Tables.Stats((byte)id));
                features.Add(ofproto.Tables.Features((byte)id));
            }
        }

        var writer = new ArrayBufferWriter<byte>();
        TableStats.EncodeReply(stats, features, request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    public static OfpError TableFeaturesHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        if (request.Body.Length > 0)
        {
            return OfpError.OfptffcEperm;
        }

        var part = new ArrayBufferWriter<byte>();
        var entry = new ArrayBufferWriter<byte>();
        for (int id = 0; id < FlowTables.Count; id++)
        {
            if (!FlowTables.IsVisible((byte)id))
            {
                continue;
            }

            entry.ResetWrittenCount();
            ofproto.Tables.Features((byte)id).Write(entry, request.Version);
            if (part.WrittenCount + entry.WrittenCount > MaxReplyBody)
            {
                Send(connection, request, part, more: true);
                part.ResetWrittenCount();
            }

            part.Write(entry.WrittenSpan);
        }

        Send(connection, request, part, more: false);
        return OfpError.None;
    }

    /// <summary>handle_table_desc_request(): the eviction and vacancy settings of every visible table.</summary>
    public static OfpError TableDescHandler(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        var entries = new List<TableDesc>();
        for (int id = 0; id < FlowTables.Count; id++)
        {
            if (FlowTables.IsVisible((byte)id))
            {
                entries.Add(ofproto.Tables.Describe((byte)id));
            }
        }

        var writer = new ArrayBufferWriter<byte>();
        TableDesc.EncodeReply(entries, request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    /// <summary>connmgr_send_table_status(): the vacancy event to each OpenFlow 1.4+ connection that wants it.</summary>
    public static void SendTableStatus(ConnectionManager connections, TableDesc desc, byte reason) =>
        connections.SendAsync(AsyncTypes.TableStatus, reason, connection =>
        {
            if (connection.Version < (byte)OfpVersion.Of14)
            {
                return null;
            }

            var writer = new ArrayBufferWriter<byte>();
            desc.EncodeStatus(reason, connection.Version, 0, writer);
            return writer.WrittenSpan.ToArray();
        });

    private static void Send(OfConnection connection, in OfprotoMessageHandler.Request request, ArrayBufferWriter<byte> body, bool more)
    {
        var writer = new ArrayBufferWriter<byte>();
        Span<byte> span = OfpEncoder.Begin(writer, OfpRaw.Ofpst13TableFeaturesReply, request.Version, request.Xid, body.WrittenCount, out int total, more ? (ushort)1 : (ushort)0);
        body.WrittenSpan.CopyTo(span);
        writer.Advance(total);
        connection.Send(writer);
    }
}
