// Upstream: lib/ofp-monitor.c, ofputil_decode_flow_monitor_request() and ofputil_append_flow_monitor_request()
// (OVS 3.1).
// One flow monitor of a flow monitor request, in its three forms: NXST_FLOW_MONITOR (OpenFlow 1.0-1.2; 16-bit
// out_port and an nx_match), ONFST_FLOW_MONITOR (OpenFlow 1.3; 32-bit out_port and an OpenFlow 1.1 match) and
// OFPST_FLOW_MONITOR (OpenFlow 1.4+; with a command and out_group). Flags are kept in OpenFlow 1.4's numbering; the
// Nicira and ONF forms, whose "own" bit is one lower and which have no "no-abbrev", are translated. A request must
// ask for at least one of add, delete or modify; a delete command carries only the id (and a match, read and kept).
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Flow;
using Ovs.Flow.Nxm;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Matches;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed class FlowMonitorRequest
{
    // OpenFlow 1.4 flags (OFPFMF_*).
    public const ushort Initial = 1 << 0;
    public const ushort Add = 1 << 1;
    public const ushort Removed = 1 << 2;
    public const ushort Modify = 1 << 3;
    public const ushort Instructions = 1 << 4;
    public const ushort NoAbbrev = 1 << 5;
    public const ushort OnlyOwn = 1 << 6;

    // Commands (OFPFMC_*).
    public const byte CommandAdd = 0;
    public const byte CommandModify = 1;
    public const byte CommandDelete = 2;

    public const uint GroupAny = 0xffffffff;

    private const string Module = "ofp_monitor";

    // Nicira and ONF flags: the first five as OpenFlow 1.4's, then "own".
    private const ushort NxOwn = 1 << 5;
    private const ushort NxAll = 0x3f;
    private const ushort Of14Allowed = Initial | Add | Removed | Modify | Instructions | OnlyOwn;

    public Match Match;

    public uint Id { get; set; }

    public byte Command { get; set; }

    public ushort Flags { get; set; }

    public ushort OutPort { get; set; } = 0xffff;

    public uint OutGroup { get; set; } = GroupAny;

    public byte TableId { get; set; } = 0xff;

    /// <summary>
    /// Decodes the monitor at the start of <paramref name="rest"/> and moves past it; at the end of the body returns
    /// None with <paramref name="request"/> null.
    /// </summary>
    public static OfpError TryDecodeNext(OfpRaw raw, ref ReadOnlySpan<byte> rest, OfpWarningSink? warn, out FlowMonitorRequest? request)
    {
        request = null;
        if (rest.IsEmpty)
        {
            return OfpError.None;
        }

        string name = OfpRawDecoder.Info(raw).Name;
        if (rest.Length < 16)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"{name} has {rest.Length} leftover bytes at end"));
            return OfpError.OfpbrcBadLen;
        }

        var rq = new FlowMonitorRequest();
        int consumed;
        OfpError error;
        if (raw == OfpRaw.Ofpst14FlowMonitorRequest)
        {
            error = rq.Decode14(rest, warn, out consumed);
        }
        else
        {
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(rest[4..]);
            if ((flags & (Add | Removed | Modify)) == 0 || (flags & ~NxAll) != 0)
            {
                string kind = raw == OfpRaw.NxstFlowMonitorRequest ? "NXST_FLOW_MONITOR" : "ONFST_FLOW_MONITOR";
                warn?.Invoke(Module, OfpLogLevel.Warn, $"{kind} has bad flags {FormatHex(flags)}");
                return OfpError.OfpmofcBadFlags;
            }

            rq.Id = BinaryPrimitives.ReadUInt32BigEndian(rest);
            rq.Flags = (ushort)((flags & ~NxOwn) | ((flags & NxOwn) != 0 ? OnlyOwn : 0));
            error = raw == OfpRaw.NxstFlowMonitorRequest ? rq.DecodeNx(rest, warn, out consumed) : rq.DecodeOnf(rest, warn, out consumed);
        }

        if (error != OfpError.None)
        {
            return error;
        }

        rest = rest[consumed..];
        request = rq;
        return OfpError.None;
    }

    private OfpError DecodeNx(ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed)
    {
        consumed = 0;
        if (rest[11..16].ContainsAnyExcept((byte)0))
        {
            return OfpError.NxbrcMustBeZero;
        }

        OutPort = BinaryPrimitives.ReadUInt16BigEndian(rest[6..]);
        TableId = rest[10];
        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(rest[8..]);
        OfpError error = MatchCodec.PullNxMatch(rest[16..], matchLength, strict: true, warn, out Match, out _, out _, allowCookie: false);
        consumed = 16 + ((matchLength + 7) & ~7);
        return error;
    }

    private OfpError DecodeOnf(ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed)
    {
        consumed = 0;
        if (rest[13..16].ContainsAnyExcept((byte)0))
        {
            return OfpError.NxbrcMustBeZero;
        }

        if (!TryPort(BinaryPrimitives.ReadUInt32BigEndian(rest[8..]), warn, out ushort port))
        {
            return OfpError.OfpbacBadOutPort;
        }

        OutPort = port;
        TableId = rest[12];
        OfpError error = MatchCodec.PullOfp11Match(rest[16..], warn, out Match, out int matchLength);
        consumed = 16 + matchLength;
        return error;
    }

    private OfpError Decode14(ReadOnlySpan<byte> rest, OfpWarningSink? warn, out int consumed)
    {
        consumed = 0;
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(rest[12..]);
        Id = BinaryPrimitives.ReadUInt32BigEndian(rest);
        Command = rest[15];
        if (Command != CommandDelete)
        {
            if ((flags & (Add | Removed | Modify)) == 0 || (flags & ~Of14Allowed) != 0)
            {
                warn?.Invoke(Module, OfpLogLevel.Warn, $"OFPST_FLOW_MONITOR has bad flags {FormatHex(flags)}");
                return OfpError.OfpmofcBadFlags;
            }

            Flags = flags;
            if (!TryPort(BinaryPrimitives.ReadUInt32BigEndian(rest[4..]), warn, out ushort port))
            {
                return OfpError.OfpbacBadOutPort;
            }

            OutPort = port;
            OutGroup = BinaryPrimitives.ReadUInt32BigEndian(rest[8..]);
            TableId = rest[14];
        }

        OfpError error = MatchCodec.PullOfp11Match(rest[16..], warn, out Match, out int matchLength);
        consumed = 16 + matchLength;
        return error;
    }

    private static bool TryPort(uint port, OfpWarningSink? warn, out ushort number)
    {
        if (PhyPort.TryPortFrom11(port, out number))
        {
            return true;
        }

        warn?.Invoke("ofp_port", OfpLogLevel.Warn, $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
        return false;
    }

    // C's "%#x": "0" for zero, else "0x" and the hex digits.
    private static string FormatHex(ushort value) => value == 0 ? "0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>
    /// Appends this monitor in the form of <paramref name="raw"/> for <paramref name="version"/>. As upstream, the
    /// OpenFlow 1.4 form always carries the add command.
    /// </summary>
    public void Append(OfpRaw raw, byte version, ArrayBufferWriter<byte> body)
    {
        var match = new ArrayBufferWriter<byte>(64);
        Span<byte> f = stackalloc byte[16];
        f.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(f, Id);
        ushort nxFlags = (ushort)((Flags & (Initial | Add | Removed | Modify | Instructions)) | ((Flags & OnlyOwn) != 0 ? NxOwn : 0));
        switch (raw)
        {
            case OfpRaw.NxstFlowMonitorRequest:
                BinaryPrimitives.WriteUInt16BigEndian(f[4..], nxFlags);
                BinaryPrimitives.WriteUInt16BigEndian(f[6..], OutPort);
                BinaryPrimitives.WriteUInt16BigEndian(f[8..], (ushort)NxmEncoder.EncodeNxMatch(match, in Match));
                f[10] = TableId;
                break;
            case OfpRaw.Onfst13FlowMonitorRequest:
                BinaryPrimitives.WriteUInt16BigEndian(f[4..], nxFlags);
                BinaryPrimitives.WriteUInt16BigEndian(f[6..], (ushort)NxmEncoder.EncodeOxmMatch(match, in Match, version));
                BinaryPrimitives.WriteUInt32BigEndian(f[8..], FieldAccess.Ofp10ToOfp11(OutPort));
                f[12] = TableId;
                break;
            default:
                NxmEncoder.EncodeOxmMatch(match, in Match, version);
                BinaryPrimitives.WriteUInt32BigEndian(f[4..], FieldAccess.Ofp10ToOfp11(OutPort));
                BinaryPrimitives.WriteUInt32BigEndian(f[8..], OutGroup);
                BinaryPrimitives.WriteUInt16BigEndian(f[12..], Flags);
                f[14] = TableId;
                f[15] = CommandAdd;
                break;
        }

        body.Write(f);
        body.Write(match.WrittenSpan);
    }

    /// <summary>The request form for <paramref name="version"/>: Nicira up to OpenFlow 1.2, ONF in 1.3, standard after.</summary>
    public static OfpRaw RawFor(byte version) => version switch
    {
        <= 3 => OfpRaw.NxstFlowMonitorRequest,
        4 => OfpRaw.Onfst13FlowMonitorRequest,
        _ => OfpRaw.Ofpst14FlowMonitorRequest,
    };

    /// <summary>Encodes a whole request holding <paramref name="monitors"/> in the form <paramref name="version"/> uses.</summary>
    public static void EncodeRequest(byte version, uint xid, IEnumerable<FlowMonitorRequest> monitors, IBufferWriter<byte> writer)
    {
        OfpRaw raw = RawFor(version);
        var body = new ArrayBufferWriter<byte>(128);
        foreach (FlowMonitorRequest rq in monitors)
        {
            rq.Append(raw, version, body);
        }

        BodyMessage.Write(writer, raw, version, xid, body.WrittenSpan);
    }
}
