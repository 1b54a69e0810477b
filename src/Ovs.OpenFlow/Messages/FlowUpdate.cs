// Upstream: lib/ofp-monitor.c, ofputil_decode_flow_update() and ofputil_append_flow_update() (OVS 3.1).
// One update of a flow monitor reply. NXST_FLOW_MONITOR and ONFST_FLOW_MONITOR share Nicira's update formats (events
// added, deleted, modified and abbreviated; a full update carries an nx_match and actions, or for ONF an OpenFlow 1.1
// match and instructions); OFPST_FLOW_MONITOR (OpenFlow 1.4+) has its own, with the initial, paused and resumed
// events too. Events are kept in OpenFlow 1.4's numbering. Every update gives its length, which must be a multiple of
// 8 that fits in the message; an abbreviated, paused or resumed update is exactly 8 bytes.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>A flow update's event, numbered as OpenFlow 1.4's OFPFME_*.</summary>
internal enum FlowUpdateEvent : ushort
{
    Initial = 0,
    Added = 1,
    Removed = 2,
    Modified = 3,
    Abbrev = 4,
    Paused = 5,
    Resumed = 6,
}

internal sealed class FlowUpdate : IBodyEntry
{
    private const string Module = "ofp_monitor";

    // Nicira's events (NXFME_*).
    private const ushort NxAdded = 0;
    private const ushort NxDeleted = 1;
    private const ushort NxModified = 2;
    private const ushort NxAbbrev = 3;

    public Match Match;

    public FlowUpdateEvent Event { get; set; }

    /// <summary>Why a removed flow went (OFPRR_*); 16 bits in Nicira's form, 8 in OpenFlow 1.4's.</summary>
    public ushort Reason { get; set; }

    public ushort Priority { get; set; }

    public ushort IdleTimeout { get; set; }

    public ushort HardTimeout { get; set; }

    public byte TableId { get; set; }

    public ulong Cookie { get; set; }

    /// <summary>For an abbreviated update, the xid of the request that caused the change.</summary>
    public uint Xid { get; set; }

    public List<OfpAct> Actions { get; set; } = [];

    public bool IsFull => Event is FlowUpdateEvent.Initial or FlowUpdateEvent.Added or FlowUpdateEvent.Removed or FlowUpdateEvent.Modified;

    /// <summary>
    /// Decodes the update at the start of <paramref name="rest"/> and moves past it; at the end of the body returns
    /// None with <paramref name="update"/> null.
    /// </summary>
    public static OfpError TryDecodeNext(OfpRaw raw, byte version, ref ReadOnlySpan<byte> rest, OfpWarningSink? warn, out FlowUpdate? update)
    {
        update = null;
        if (rest.IsEmpty)
        {
            return OfpError.None;
        }

        int length = rest.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(rest) : 0;
        if (rest.Length < 4 || length > rest.Length || length % 8 != 0)
        {
            return BadLength(raw, rest, warn);
        }

        var u = new FlowUpdate();
        ushort eventCode = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        OfpError error = raw == OfpRaw.Ofpst14FlowMonitorReply
            ? u.Decode14(eventCode, version, rest, length, warn, out int consumed)
            : u.DecodeNx(raw, eventCode, version, rest, length, warn, out consumed);
        if (error == OfpError.OfpbrcBadLen && consumed < 0)
        {
            // The update's own length is wrong; upstream reports what was left after the part it had read.
            return BadLength(raw, rest[(-1 - consumed)..], warn);
        }

        if (error != OfpError.None)
        {
            return error;
        }

        rest = rest[consumed..];
        update = u;
        return OfpError.None;
    }

    private static OfpError BadLength(OfpRaw raw, ReadOnlySpan<byte> rest, OfpWarningSink? warn)
    {
        warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"{OfpRawDecoder.Info(raw).Name} has {rest.Length} leftover bytes at end"));
        return OfpError.OfpbrcBadLen;
    }

    private static OfpError BadEvent(ushort eventCode, OfpWarningSink? warn)
    {
        warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"NXST_FLOW_MONITOR reply has bad event {eventCode}"));
        return OfpError.NxbrcFmBadEvent;
    }

    // consumed < 0 with OfpbrcBadLen means "the update's length is bad", found after reading -1 - consumed bytes.
    private OfpError DecodeNx(OfpRaw raw, ushort eventCode, byte version, ReadOnlySpan<byte> rest, int length, OfpWarningSink? warn, out int consumed)
    {
        consumed = -1;
        if (eventCode == NxAbbrev)
        {
            if (length != 8)
            {
                return OfpError.OfpbrcBadLen;
            }

            Event = FlowUpdateEvent.Abbrev;
            Xid = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
            consumed = 8;
            return OfpError.None;
        }

        if (eventCode is not (NxAdded or NxDeleted or NxModified))
        {
            consumed = 0;
            return BadEvent(eventCode, warn);
        }

        if (length < 24)
        {
            return OfpError.OfpbrcBadLen;
        }

        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(rest[12..]);
        if (24 + matchLength > length)
        {
            consumed = -1 - 24;
            return OfpError.OfpbrcBadLen;
        }

        Event = eventCode switch
        {
            NxAdded => FlowUpdateEvent.Added,
            NxDeleted => FlowUpdateEvent.Removed,
            _ => FlowUpdateEvent.Modified,
        };
        Reason = BinaryPrimitives.ReadUInt16BigEndian(rest[4..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[6..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[8..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[10..]);
        TableId = rest[14];
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[16..]);
        consumed = 0;
        int padded;
        OfpError error;
        if (raw == OfpRaw.Onfst13FlowMonitorReply)
        {
            error = MatchCodec.PullOfp11Match(rest[24..], warn, out Match, out padded);
        }
        else
        {
            padded = (matchLength + 7) & ~7;
            error = MatchCodec.PullNxMatch(rest[24..], matchLength, strict: true, warn, out Match, out _, out _, allowCookie: false);
        }

        if (error != OfpError.None)
        {
            return error;
        }

        uint actionsLength = unchecked((uint)(length - 24 - padded));
        ReadOnlySpan<byte> actions = rest[(24 + padded)..];
        error = raw == OfpRaw.Onfst13FlowMonitorReply
            ? ActionPull.Instructions(actions, actionsLength, version, warn, out List<OfpAct> list)
            : ActionPull.Actions(actions, actionsLength, version, warn, out list);
        Actions = list;
        consumed = length;
        return error;
    }

    private OfpError Decode14(ushort eventCode, byte version, ReadOnlySpan<byte> rest, int length, OfpWarningSink? warn, out int consumed)
    {
        consumed = -1;
        Event = (FlowUpdateEvent)eventCode;
        switch (Event)
        {
            case FlowUpdateEvent.Abbrev or FlowUpdateEvent.Paused or FlowUpdateEvent.Resumed:
                if (length != 8)
                {
                    return OfpError.OfpbrcBadLen;
                }

                Xid = Event == FlowUpdateEvent.Abbrev ? BinaryPrimitives.ReadUInt32BigEndian(rest[4..]) : 0;
                consumed = 8;
                return OfpError.None;

            case FlowUpdateEvent.Initial or FlowUpdateEvent.Added or FlowUpdateEvent.Removed or FlowUpdateEvent.Modified:
                {
                    if (length < 24)
                    {
                        return OfpError.OfpbrcBadLen;
                    }

                    TableId = rest[4];
                    Reason = rest[5];
                    IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[6..]);
                    HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(rest[8..]);
                    Priority = BinaryPrimitives.ReadUInt16BigEndian(rest[10..]);
                    Cookie = BinaryPrimitives.ReadUInt64BigEndian(rest[16..]);
                    consumed = 0;
                    OfpError error = MatchCodec.PullOfp11Match(rest[24..], warn, out Match, out int padded);
                    if (error != OfpError.None)
                    {
                        return error;
                    }

                    error = ActionPull.Instructions(rest[(24 + padded)..], unchecked((uint)(length - 24 - padded)), version, warn, out List<OfpAct> list);
                    Actions = list;
                    consumed = length;
                    return error;
                }

            default:
                consumed = 0;
                return BadEvent(eventCode, warn);
        }
    }

    /// <summary>
    /// Appends this update in the form of <paramref name="raw"/> (a flow monitor reply) for <paramref name="version"/>.
    /// The Nicira and ONF forms have no initial, paused or resumed events: initial goes as added, and the others are
    /// not representable there (a bug in the caller).
    /// </summary>
    public void Append(OfpRaw raw, byte version, ArrayBufferWriter<byte> body)
    {
        Span<byte> f = stackalloc byte[24];
        f.Clear();
        if (!IsFull)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f, 8);
            BinaryPrimitives.WriteUInt16BigEndian(f[2..], raw == OfpRaw.Ofpst14FlowMonitorReply ? (ushort)Event : Event == FlowUpdateEvent.Abbrev ? NxAbbrev : throw new InvalidOperationException($"{Event} has no Nicira form"));
            BinaryPrimitives.WriteUInt32BigEndian(f[4..], Xid);
            body.Write(f[..8]);
            return;
        }

        var tail = new ArrayBufferWriter<byte>(128);
        if (raw == OfpRaw.Ofpst14FlowMonitorReply)
        {
            NxmEncoder.EncodeOxmMatch(tail, in Match, version);
            OfpActions.EncodeInstructions(Actions, version, tail);

            BinaryPrimitives.WriteUInt16BigEndian(f[2..], (ushort)Event);
            f[4] = TableId;
            f[5] = (byte)Reason;
            BinaryPrimitives.WriteUInt16BigEndian(f[6..], IdleTimeout);
            BinaryPrimitives.WriteUInt16BigEndian(f[8..], HardTimeout);
            BinaryPrimitives.WriteUInt16BigEndian(f[10..], Priority);
        }
        else
        {
            int matchLength;
            if (raw == OfpRaw.Onfst13FlowMonitorReply)
            {
                matchLength = NxmEncoder.EncodeOxmMatch(tail, in Match, version);
                OfpActions.EncodeInstructions(Actions, version, tail);
            }
            else
            {
                matchLength = NxmEncoder.EncodeNxMatch(tail, in Match);
                OfpActions.EncodeActions(Actions, version, tail);
            }

            ushort nxEvent = Event switch
            {
                FlowUpdateEvent.Removed => NxDeleted,
                FlowUpdateEvent.Modified => NxModified,
                _ => NxAdded,
            };
            BinaryPrimitives.WriteUInt16BigEndian(f[2..], nxEvent);
            BinaryPrimitives.WriteUInt16BigEndian(f[4..], Reason);
            BinaryPrimitives.WriteUInt16BigEndian(f[6..], Priority);
            BinaryPrimitives.WriteUInt16BigEndian(f[8..], IdleTimeout);
            BinaryPrimitives.WriteUInt16BigEndian(f[10..], HardTimeout);
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], (ushort)matchLength);
            f[14] = TableId;
        }

        BinaryPrimitives.WriteUInt16BigEndian(f, (ushort)(24 + tail.WrittenCount));
        BinaryPrimitives.WriteUInt64BigEndian(f[16..], Cookie);
        body.Write(f);
        body.Write(tail.WrittenSpan);
    }

    /// <summary>Encodes a whole reply of <paramref name="raw"/> holding <paramref name="updates"/>.</summary>
    public static void EncodeReply(OfpRaw raw, byte version, uint xid, IEnumerable<FlowUpdate> updates, IBufferWriter<byte> writer, ushort statsFlags = 0)
        => BodyMessage.WriteEntries(writer, raw, version, xid, updates, statsFlags);
}
