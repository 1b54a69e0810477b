// Upstream: struct ofputil_flow_mod and ofputil_decode_flow_mod() in lib/ofp-flow.c (OVS 3.1).
//
// OFPT_FLOW_MOD in its two OpenFlow layouts and NXT_FLOW_MOD, as one version-independent value:
//   - OpenFlow 1.0: the 40-byte ofp10_match first, then cookie, command, timeouts, priority, buffer, out_port and
//     flags; actions follow. An exact-match rule (no wildcard bit) always gets the highest priority.
//   - NXT_FLOW_MOD (OpenFlow 1.0 + Nicira): the fixed part, then an nx_match of match_len bytes padded to 8, then
//     actions. A cookie entry in the match is the cookie to match on, which an "add" may not use.
//   - OpenFlow 1.1 to 1.5: the fixed part with 32-bit ports, out_group and importance, then an OpenFlow 1.1 match
//     (standard in 1.1, OXM from 1.2), then instructions.
// In the two OpenFlow 1.0 forms the command's high byte is the table id when the flow_mod_table_id extension is on;
// otherwise the table is "any" (255). Cookie semantics differ per command: an add (and, in OpenFlow 1.1 only, a
// modify that does not match the cookie) sets NewCookie; other commands match Cookie under CookieMask and leave
// NewCookie at all-ones ("do not change").
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal enum FlowModCommand : byte
{
    Add = 0,
    Modify = 1,
    ModifyStrict = 2,
    Delete = 3,
    DeleteStrict = 4,
}

internal sealed partial class FlowMod
{
    public const ushort DefaultPriority = 32768;
    public const uint NoBuffer = uint.MaxValue;
    public const ushort PortAny = 0xffff;
    public const uint GroupAny = 0xffffffff;
    public const byte TableAll = 0xff;

    public FlowModCommand Command { get; set; }

    public Match Match;

    public ushort Priority { get; set; } = DefaultPriority;

    /// <summary>The cookie to match (with CookieMask) for modify and delete.</summary>
    public ulong Cookie { get; set; }

    public ulong CookieMask { get; set; }

    /// <summary>The cookie an add or modify gives the flow; all-ones means "leave it".</summary>
    public ulong NewCookie { get; set; }

    public byte TableId { get; set; } = TableAll;

    public ushort IdleTimeout { get; set; }

    public ushort HardTimeout { get; set; }

    public ushort Importance { get; set; }

    public uint BufferId { get; set; } = NoBuffer;

    public ushort OutPort { get; set; } = PortAny;

    public uint OutGroup { get; set; } = GroupAny;

    public OfpFlowModFlags Flags { get; set; }

    public IReadOnlyList<OfpAct> Actions { get; set; } = [];

    /// <summary>
    /// Decodes a whole flow_mod message (header included). <paramref name="tableIdExtension"/> says whether the
    /// OpenFlow 1.0 forms carry the table id in the command's high byte. Returns None or upstream's error.
    /// </summary>
    public static OfpError TryDecode(ReadOnlySpan<byte> message, bool tableIdExtension, OfpWarningSink? warn, out FlowMod fm)
    {
        fm = new FlowMod();
        OfpError error = OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        if (error != OfpError.None)
        {
            return error;
        }

        byte version = message[0];
        ReadOnlySpan<byte> actions;
        ushort rawFlags;
        switch (info!.Raw)
        {
            case OfpRaw.Ofpt11FlowMod:
                error = fm.DecodeOf11(version, body, warn, out rawFlags, out actions);
                break;
            case OfpRaw.Ofpt10FlowMod:
                error = fm.DecodeOf10(body, tableIdExtension, warn, out rawFlags, out actions);
                break;
            case OfpRaw.NxtFlowMod:
                error = fm.DecodeNxt(body, tableIdExtension, warn, out rawFlags, out actions);
                break;
            default:
                return OfpError.OfpbrcBadType;
        }

        if (error != OfpError.None)
        {
            return error;
        }

        // Conntrack original-direction addresses must agree with the match's IP version.
        ref readonly FlowData m = ref fm.Match.Wildcards.Masks;
        ushort dlType = fm.Match.Flow.U16(FlowLayout.DlType);
        bool ctV4 = m.U32(FlowLayout.CtNwSrc) != 0 || m.U32(FlowLayout.CtNwDst) != 0;
        bool ctV6 = !m.IsZero(FlowLayout.CtIpv6Src, 32);
        if ((ctV4 && dlType != 0x0800) || (ctV6 && dlType != 0x86dd))
        {
            return OfpError.OfpbacMatchInconsistent;
        }

        if (fm.Command > FlowModCommand.DeleteStrict)
        {
            return OfpError.OfpfmfcBadCommand;
        }

        error = OfpActions.DecodeInstructions(actions, version, out List<OfpAct> list, warn);
        if (error != OfpError.None)
        {
            return error;
        }

        fm.Actions = list;
        error = DecodeFlags(rawFlags, fm.Command, version, out OfpFlowModFlags flags);
        if (error != OfpError.None)
        {
            return error;
        }

        fm.Flags = flags;
        if ((flags & OfpFlowModFlags.Emerg) != 0)
        {
            // The emergency flow cache is not supported; OpenFlow 1.0 names the error for timeouts set on it.
            return fm.HardTimeout != 0 || fm.IdleTimeout != 0 ? OfpError.OfpfmfcBadEmergTimeout : OfpError.OfpfmfcTableFull;
        }

        // The actions must fit the match in the protocol the message came in (OpenFlow 1.0 tolerates more).
        error = ActionChecker.Check(list, in fm.Match, fm.TableId, out ProtocolSet usable, warn);
        ProtocolSet needed = version == 1 ? ProtocolSet.Of10StdTid : OfpProtocolNames.FromVersionBitmap(1u << version);
        return error == OfpError.None && (needed & ~usable) != 0 ? OfpError.OfpbacMatchInconsistent : error;
    }

    private OfpError DecodeOf11(byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out ushort rawFlags, out ReadOnlySpan<byte> actions)
    {
        rawFlags = 0;
        actions = default;
        OfpError error = MatchCodec.PullOfp11Match(body[40..], warn, out Match, out int matchLength);
        if (error != OfpError.None)
        {
            return error;
        }

        ulong cookie = BinaryPrimitives.ReadUInt64BigEndian(body);
        ulong cookieMask = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
        byte command = body[17];
        Priority = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);

        // An add sets the cookie; in OpenFlow 1.1 only, so does a modify that does not match on the cookie.
        if (command == (byte)FlowModCommand.Add
            || (version == 2 && command is (byte)FlowModCommand.Modify or (byte)FlowModCommand.ModifyStrict && cookieMask == 0))
        {
            NewCookie = cookie;
        }
        else
        {
            Cookie = cookie;
            CookieMask = cookieMask;
            NewCookie = ulong.MaxValue;
        }

        Command = (FlowModCommand)command;
        bool delete = command is (byte)FlowModCommand.Delete or (byte)FlowModCommand.DeleteStrict;

        // OpenFlow 1.1 forbids "all tables"; later versions allow it for deletes only.
        TableId = body[16];
        if (TableId == TableAll && (version == 2 || !delete))
        {
            return OfpError.OfpfmfcBadTableId;
        }

        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[18..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
        Importance = version >= 5 && command == (byte)FlowModCommand.Add ? BinaryPrimitives.ReadUInt16BigEndian(body[38..]) : (ushort)0;
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body[24..]);
        uint port = BinaryPrimitives.ReadUInt32BigEndian(body[28..]);
        if (!PhyPort.TryPortFrom11(port, out ushort outPort))
        {
            warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
            return OfpError.OfpbacBadOutPort;
        }

        OutPort = outPort;
        OutGroup = delete ? BinaryPrimitives.ReadUInt32BigEndian(body[32..]) : GroupAny;
        rawFlags = BinaryPrimitives.ReadUInt16BigEndian(body[36..]);
        actions = body[(40 + matchLength)..];
        return OfpError.None;
    }

    private OfpError DecodeOf10(ReadOnlySpan<byte> body, bool tableIdExtension, OfpWarningSink? warn, out ushort rawFlags, out ReadOnlySpan<byte> actions)
    {
        Match = Ofp10Match.Decode(body);
        Match before = Match;
        if (MatchNormalizer.Normalize(ref Match))
        {
            LogNormalization(warn, in before, in Match);
        }

        uint wildcards = BinaryPrimitives.ReadUInt32BigEndian(body);

        // OpenFlow 1.0: an exact-match rule has the highest priority.
        Priority = (wildcards & Ofp10Match.All) != 0 ? BinaryPrimitives.ReadUInt16BigEndian(body[54..]) : ushort.MaxValue;
        NewCookie = BinaryPrimitives.ReadUInt64BigEndian(body[40..]);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[50..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[52..]);
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body[56..]);
        OutPort = BinaryPrimitives.ReadUInt16BigEndian(body[60..]);
        rawFlags = BinaryPrimitives.ReadUInt16BigEndian(body[62..]);
        SetOf10Command(BinaryPrimitives.ReadUInt16BigEndian(body[48..]), tableIdExtension, warn);
        actions = body[64..];
        return OfpError.None;
    }

    private OfpError DecodeNxt(ReadOnlySpan<byte> body, bool tableIdExtension, OfpWarningSink? warn, out ushort rawFlags, out ReadOnlySpan<byte> actions)
    {
        rawFlags = 0;
        actions = default;
        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(body[24..]);
        ReadOnlySpan<byte> rest = body[32..];
        int padded = (matchLength + 7) & ~7;
        OfpError error = MatchCodec.PullNxMatch(rest, matchLength, strict: true, warn, out Match, out ulong cookie, out ulong cookieMask);
        if (error != OfpError.None)
        {
            return error;
        }

        ushort command = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
        if ((command & 0xff) == (byte)FlowModCommand.Add && cookieMask != 0)
        {
            // An add may set a new cookie but not match an existing one.
            return OfpError.NxbrcNxmInvalid;
        }

        Cookie = cookie;
        CookieMask = cookieMask;
        NewCookie = BinaryPrimitives.ReadUInt64BigEndian(body);
        IdleTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
        HardTimeout = BinaryPrimitives.ReadUInt16BigEndian(body[12..]);
        Priority = BinaryPrimitives.ReadUInt16BigEndian(body[14..]);
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        OutPort = BinaryPrimitives.ReadUInt16BigEndian(body[20..]);
        rawFlags = BinaryPrimitives.ReadUInt16BigEndian(body[22..]);
        SetOf10Command(command, tableIdExtension, warn);
        actions = rest[padded..];
        return OfpError.None;
    }

    private void SetOf10Command(ushort command, bool tableIdExtension, OfpWarningSink? warn)
    {
        if (tableIdExtension)
        {
            Command = (FlowModCommand)(command & 0xff);
            TableId = (byte)(command >> 8);
            return;
        }

        if (command > 0xff)
        {
            warn?.Invoke("ofp_flow", OfpLogLevel.Warn, "flow_mod has explicit table_id but flow_mod_table_id extension is not enabled");
        }

        // Without the extension the whole field is the command, so a high byte makes it a bad command.
        Command = command > 0xff ? (FlowModCommand)0xff : (FlowModCommand)command;
        TableId = TableAll;
    }

    private static OfpError DecodeFlags(ushort raw, FlowModCommand command, byte version, out OfpFlowModFlags flags)
    {
        OfpError error = OfpFlowModFlagCodec.Decode(raw, version, out flags);

        // OpenFlow 1.0 and 1.1 have no reset_counts flag: an add always resets the counters and nothing else does.
        if (version <= 2 && command == FlowModCommand.Add)
        {
            flags |= OfpFlowModFlags.ResetCounts;
        }

        return error;
    }

    /// <summary>The three "normalization changed ofp_match" lines upstream logs at INFO when normalizing changed a match.</summary>
    internal static void LogNormalization(OfpWarningSink? warn, in Match before, in Match after)
    {
        if (warn is null)
        {
            return;
        }

        warn("ofp_match", OfpLogLevel.Info, "normalization changed ofp_match, details:");
        warn("ofp_match", OfpLogLevel.Info, " pre: " + Ovs.Flow.Text.MatchFormatter.Format(in before));
        warn("ofp_match", OfpLogLevel.Info, "post: " + Ovs.Flow.Text.MatchFormatter.Format(in after));
    }
}
