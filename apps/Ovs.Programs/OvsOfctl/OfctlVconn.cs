// Upstream: utilities/ovs-ofctl.c, open_vconn__(), dump_transaction(), transact_noreply(), try_set_protocol(),
// set_protocol_for_flow_dump(), open_vconn_for_flow_mod() and get_port_map() (OVS 3.1)
//
// How ovs-ofctl talks to a switch. A target with ':' is a connection method; otherwise NAME, OVS_RUNDIR/NAME.mgmt and
// OVS_RUNDIR/DATAPATH.mgmt ("snoop" for snoop) are tried as Unix sockets, a missing file moving on to the next. The
// hello exchange then settles the version, whose base flow protocol is where flow commands start; on OpenFlow 1.0
// they may switch to NXM (NXT_SET_FLOW_FORMAT) or table-id flow_mods (NXT_FLOW_MOD_TABLE_ID), each change confirmed
// by a barrier. Every failure is fatal with upstream's message. Each connection, including the extra ones that fetch
// port and table names, takes transaction ids from the process-wide counter, so the xids printed match upstream's.
//
// ovs-ofctl is single-threaded: everything here blocks on the Vconn's asynchronous calls.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using Vconn = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Programs.OvsOfctl;

internal sealed class OfctlVconn : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ofctl");

    // Flow dumps try the newest protocols first (upstream's ofputil_flow_dump_protocols).
    private static readonly ProtocolSet[] s_flowDumpProtocols =
    [
        ProtocolSet.Of15Oxm, ProtocolSet.Of14Oxm, ProtocolSet.Of13Oxm, ProtocolSet.Of12Oxm, ProtocolSet.Of11Std,
        ProtocolSet.Of10Nxm, ProtocolSet.Of10Std,
    ];

    private static readonly Dictionary<string, Dictionary<string, ushort>> s_portMaps = new(StringComparer.Ordinal);

    private OfctlVconn(Vconn vconn, OfctlOptions options)
    {
        Vconn = vconn;
        Options = options;
        Protocol = Vconn.Version switch
        {
            1 => ProtocolSet.Of10Std,
            2 => ProtocolSet.Of11Std,
            3 => ProtocolSet.Of12Oxm,
            4 => ProtocolSet.Of13Oxm,
            5 => ProtocolSet.Of14Oxm,
            _ => ProtocolSet.Of15Oxm,
        };
    }

    public Vconn Vconn { get; }

    public OfctlOptions Options { get; }

    /// <summary>The flow protocol in effect on the connection.</summary>
    public ProtocolSet Protocol { get; private set; }

    public byte Version => Vconn.Version;

    public string Name => Vconn.Name;

    /// <summary>open_vconn__(): finds and connects to the switch <paramref name="target"/> names.</summary>
    public static OfctlVconn Open(string target, OfctlOptions options, bool snoop = false)
    {
        string suffix = snoop ? "snoop" : "mgmt";
        Vconn? vconn = null;
        if (target.Contains(':', StringComparison.Ordinal))
        {
            (vconn, int error) = Wait(Vconn.OpenAsync(target, options.AllowedVersions, CancellationToken.None));
            if (vconn is null)
            {
                throw new CliException($"connecting to {target}", error);
            }
        }
        else
        {
            int at = target.IndexOf('@', StringComparison.Ordinal);
            string datapath = at >= 0 ? target[(at + 1)..] : target;
            foreach (string path in (string[])[target, $"{OvsPaths.RunDir}/{target}.{suffix}", $"{OvsPaths.RunDir}/{datapath}.{suffix}"])
            {
                (vconn, int error) = Wait(Vconn.OpenAsync($"unix:{path}", options.AllowedVersions, CancellationToken.None));
                if (error == 0)
                {
                    break;
                }

                if (error != OvsErrno.ENOENT)
                {
                    throw new CliException($"{path}: failed to open socket", error);
                }
            }

            if (vconn is null)
            {
                throw new CliException($"{target} is not a bridge or a socket");
            }
        }

        vconn.ReceiveAnyVersion = snoop;
        s_log.Dbg($"connecting to {vconn.Name}");
        int connectError = Wait(vconn.ConnectAsync(CancellationToken.None));
        if (connectError != 0)
        {
            Wait(vconn.DisposeAsync());
            throw new CliException($"{target}: failed to connect to socket", connectError);
        }

        return new OfctlVconn(vconn, options);
    }

    public void Dispose() => Wait(Vconn.DisposeAsync());

    /// <summary>A message of <paramref name="raw"/> in this connection's version with a fresh xid.</summary>
    public byte[] Encode(OfpRaw raw, int bodySize = 0, Action<Span<byte>>? fill = null)
    {
        var writer = new ArrayBufferWriter<byte>(OfpHeader.Size + bodySize + 16);
        Span<byte> body = OfpEncoder.Begin(writer, raw, Version, OfpXid.Next(), bodySize, out int total);
        fill?.Invoke(body);
        writer.Advance(total);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Text of <paramref name="message"/> as ofp_print() shows it at <paramref name="verbosity"/>.</summary>
    public static string ToText(ReadOnlySpan<byte> message, int verbosity) =>
        OfpPrinter.ToText(message, new OfpPrintContext(verbosity, ActionCommands.Warn));

    /// <summary>vconn_transact() under run(): the reply, or a fatal "talking to NAME (error)".</summary>
    public byte[] Transact(byte[] request)
    {
        VconnMessage reply = Wait(Vconn.TransactAsync(request, CancellationToken.None));
        return reply.Message ?? throw new CliException($"talking to {Name}", reply.Error);
    }

    /// <summary>
    /// dump_transaction(): prints the reply to <paramref name="request"/>, and for a multipart request every part
    /// until the last (or an error).
    /// </summary>
    public void DumpTransaction(byte[] request, TextWriter output)
    {
        if (!OfpRawDecoder.IsStatsRequestType(request[0], request[1]))
        {
            output.Write(ToText(Transact(request), Options.Verbosity + 1));
            return;
        }

        uint xid = Vconn.XidOf(request);
        Send(request);
        while (true)
        {
            byte[] reply = Receive();
            uint replyXid = Vconn.XidOf(reply);
            if (replyXid != xid)
            {
                s_log.Dbg($"received reply with xid {replyXid:x8} != expected {xid:x8}");
                continue;
            }

            output.Write(ToText(reply, Options.Verbosity + 1));
            if (IsError(reply))
            {
                return;
            }

            if (!IsReplyTo(request, reply))
            {
                throw new CliException($"received bad reply: {ToText(reply, Options.Verbosity + 1)}");
            }

            if (!Vconn.HasMoreFlag(reply))
            {
                return;
            }
        }
    }

    /// <summary>
    /// transact_multiple_noreply(): sends each request with a barrier; a reply to any of them (an error) is printed
    /// on stderr and ends the program with status 1.
    /// </summary>
    public void TransactNoReply(IEnumerable<byte[]> requests)
    {
        VconnMessage outcome = Wait(Vconn.TransactNoReplyAsync(requests.Select(r => (ReadOnlyMemory<byte>)r), CancellationToken.None));
        if (outcome.Error != 0)
        {
            throw new CliException($"talking to {Name}", outcome.Error);
        }

        if (outcome.Message is { } reply)
        {
            throw new OfctlExitException(1, ToText(reply, Options.Verbosity + 2));
        }
    }

    public void Send(byte[] message)
    {
        int error = Wait(Vconn.SendAsync(message, CancellationToken.None));
        if (error != 0)
        {
            throw new CliException($"talking to {Name}", error);
        }
    }

    /// <summary>vconn_recv_block() under run(..., "OpenFlow packet receive failed").</summary>
    public byte[] Receive()
    {
        VconnMessage received = Wait(Vconn.ReceiveAsync(CancellationToken.None));
        return received.Message ?? throw new CliException("OpenFlow packet receive failed", received.Error);
    }

    /// <summary>set_protocol_for_flow_dump(): the first dump protocol both usable and allowed that the switch takes.</summary>
    public ProtocolSet SetProtocolForFlowDump(ProtocolSet usable)
    {
        foreach (ProtocolSet p in s_flowDumpProtocols)
        {
            if ((p & usable & Options.AllowedProtocols) != 0 && TrySetProtocol(p))
            {
                return p;
            }
        }

        string usableText = OfpProtocolNames.Format(usable);
        if ((usable & Options.AllowedProtocols) != 0)
        {
            throw new CliException($"switch does not support any of the usable flow formats ({usableText})");
        }

        throw new CliException($"none of the usable flow formats ({usableText}) is among the allowed flow formats ({OfpProtocolNames.Format(Options.AllowedProtocols)})");
    }

    /// <summary>open_vconn_for_flow_mod()'s choice after connecting: keep the current protocol if usable, else try each.</summary>
    public ProtocolSet SetProtocolForFlowMod(ProtocolSet usable)
    {
        if ((usable & Options.AllowedProtocols & Protocol) != 0)
        {
            return Protocol;
        }

        for (int bit = 0; bit < 16; bit++)
        {
            var p = (ProtocolSet)(1 << bit);
            if (p != Protocol && (p & usable & Options.AllowedProtocols) != 0 && TrySetProtocol(p))
            {
                return p;
            }
        }

        throw new CliException($"switch does not support any of the usable flow formats ({OfpProtocolNames.Format(usable)})");
    }

    /// <summary>The fatal error open_vconn_for_flow_mod() gives before connecting when nothing usable is allowed.</summary>
    public static void CheckFlowModProtocols(ProtocolSet usable, ProtocolSet allowed)
    {
        if ((usable & allowed) == 0)
        {
            throw new CliException($"none of the usable flow formats ({OfpProtocolNames.Format(usable)}) is among the allowed flow formats ({OfpProtocolNames.Format(allowed)})");
        }
    }

    /// <summary>try_set_protocol(): steps from the current protocol towards <paramref name="want"/> within one version.</summary>
    private bool TrySetProtocol(ProtocolSet want)
    {
        while (true)
        {
            byte[]? request = SetProtocolRequest(want, out ProtocolSet next);
            if (request is null)
            {
                return Protocol == want;
            }

            VconnMessage outcome = Wait(Vconn.TransactNoReplyAsync([request], CancellationToken.None));
            if (outcome.Error != 0)
            {
                throw new CliException($"talking to {Name}", outcome.Error);
            }

            if (outcome.Message is { } reply)
            {
                s_log.Dbg($"{Name}: failed to set protocol, switch replied: {ToText(reply, 2)}");
                return false;
            }

            Protocol = next;
        }
    }

    /// <summary>ofputil_encode_set_protocol(): the next message towards <paramref name="want"/>, or null if none helps.</summary>
    private byte[]? SetProtocolRequest(ProtocolSet want, out ProtocolSet next)
    {
        next = Protocol;
        if (FlowMod.VersionOf(Protocol) != FlowMod.VersionOf(want) || Version != 1)
        {
            return null;
        }

        bool curNxm = (Protocol & ProtocolSet.Of10NxmAny) != 0;
        bool wantNxm = (want & ProtocolSet.Of10NxmAny) != 0;
        bool curTid = (Protocol & (ProtocolSet.Of10StdTid | ProtocolSet.Of10NxmTid)) != 0;
        bool wantTid = (want & (ProtocolSet.Of10StdTid | ProtocolSet.Of10NxmTid)) != 0;
        if (curNxm != wantNxm)
        {
            next = Of10(wantNxm, curTid);
            return Encode(OfpRaw.NxtSetFlowFormat, 4, body => BinaryPrimitives.WriteUInt32BigEndian(body, wantNxm ? 2u : 0u));
        }

        if (curTid != wantTid)
        {
            next = Of10(curNxm, wantTid);
            return Encode(OfpRaw.NxtFlowModTableId, 8, body => body[0] = wantTid ? (byte)1 : (byte)0);
        }

        return null;
    }

    private static ProtocolSet Of10(bool nxm, bool tid) => (nxm, tid) switch
    {
        (false, false) => ProtocolSet.Of10Std,
        (false, true) => ProtocolSet.Of10StdTid,
        (true, false) => ProtocolSet.Of10Nxm,
        _ => ProtocolSet.Of10NxmTid,
    };

    /// <summary>
    /// get_port_map(): port names of the switch <paramref name="target"/> names, fetched once over a connection of
    /// their own (not for passive or invalid connection methods).
    /// </summary>
    public static IReadOnlyDictionary<string, ushort>? PortMap(string target, OfctlOptions options)
    {
        if (options.UseNames == false)
        {
            return null;
        }

        if (s_portMaps.TryGetValue(target, out Dictionary<string, ushort>? map))
        {
            return map;
        }

        map = new Dictionary<string, ushort>(StringComparer.Ordinal);
        s_portMaps[target] = map;
        if (!target.Contains(':', StringComparison.Ordinal) || Ovs.Transport.Streams.StreamFactory.IsActiveName(target))
        {
            using OfctlVconn vconn = Open(target, options);
            foreach (PhyPort port in vconn.DumpPorts())
            {
                map.TryAdd(port.Name, port.PortNumber);
            }
        }

        return map;
    }

    /// <summary>
    /// tables_to_accept(): upstream fetches the table names over a connection of its own before parsing flows; the
    /// flow syntax here takes table numbers only, so the names are not kept, but the exchange happens the same way.
    /// </summary>
    public static void FetchTableNames(string target, OfctlOptions options)
    {
        if (options.UseNames == false || s_tableMapsFetched.Contains(target))
        {
            return;
        }

        s_tableMapsFetched.Add(target);
        if (!target.Contains(':', StringComparison.Ordinal) || Ovs.Transport.Streams.StreamFactory.IsActiveName(target))
        {
            using OfctlVconn vconn = Open(target, options);
            byte[] request = vconn.Version >= (byte)OfpVersion.Of13 ? vconn.Encode(OfpRaw.Ofpst13TableFeaturesRequest) : vconn.Encode(OfpRaw.OfpstTableRequest);
            vconn.CollectMultipart(request);
        }
    }

    private static readonly HashSet<string> s_tableMapsFetched = new(StringComparer.Ordinal);

    /// <summary>The switch's ports: from the features reply before OpenFlow 1.3, else from a port description dump.</summary>
    public List<PhyPort> DumpPorts()
    {
        var ports = new List<PhyPort>();
        if (Version < (byte)OfpVersion.Of13)
        {
            byte[] features = Transact(Encode(OfpRaw.OfptFeaturesRequest));
            if (FeaturesHavePorts(features))
            {
                PullPorts(features.AsSpan(OfpHeader.Size + 24), ports);
                return ports;
            }
        }

        foreach (byte[] reply in CollectMultipart(PortDescRequest(0xffff)))
        {
            if (!IsError(reply))
            {
                PullPorts(reply.AsSpan(OfpRawDecoder.Info(OfpRaw.Ofpst11PortDescReply).HeaderSize(Version)), ports);
            }
        }

        return ports;
    }

    /// <summary>ofputil_switch_features_has_ports(): ports travel in the reply before 1.3 unless it is full.</summary>
    public static bool FeaturesHavePorts(byte[] features)
    {
        if (features[0] >= (byte)OfpVersion.Of13)
        {
            return false;
        }

        int portSize = features[0] == OfpVersions.Min ? PhyPort.SizeOf10 : PhyPort.SizeOf11;
        return BinaryPrimitives.ReadUInt16BigEndian(features.AsSpan(2)) + portSize <= ushort.MaxValue;
    }

    /// <summary>ofputil_encode_port_desc_stats_request().</summary>
    public byte[] PortDescRequest(ushort port)
    {
        if (Version < (byte)OfpVersion.Of15)
        {
            return Encode(OfpRaw.Ofpst10PortDescRequest);
        }

        return Encode(OfpRaw.Ofpst15PortDescRequest, 8, body => BinaryPrimitives.WriteUInt32BigEndian(body, Ovs.Flow.FieldAccess.Ofp10ToOfp11(port)));
    }

    /// <summary>Sends a multipart request and returns every reply part (without printing).</summary>
    public List<byte[]> CollectMultipart(byte[] request)
    {
        (List<byte[]>? replies, int error) = Wait(Vconn.TransactMultipartAsync([request], CancellationToken.None));
        return replies ?? throw new CliException($"talking to {Name}", error);
    }

    public static bool IsError(ReadOnlySpan<byte> message) => message[1] == OfpMessageTypes.Error;

    private void PullPorts(ReadOnlySpan<byte> body, List<PhyPort> ports)
    {
        var reader = new OfpReader(body);
        while (reader.Remaining > 0 && PhyPort.TryPull(Version, ref reader, out PhyPort? port, out _, out _))
        {
            if (port is not null)
            {
                ports.Add(port);
            }
        }
    }

    /// <summary>Whether <paramref name="reply"/> is the multipart reply of the same kind as <paramref name="request"/>.</summary>
    private static bool IsReplyTo(byte[] request, byte[] reply)
    {
        if (!OfpRawDecoder.IsStatsType(reply[0], reply[1]) || OfpRawDecoder.IsStatsRequestType(reply[0], reply[1]) || reply.Length < 12)
        {
            return false;
        }

        if (!request.AsSpan(8, 2).SequenceEqual(reply.AsSpan(8, 2)))
        {
            return false;
        }

        // Vendor statistics also carry the vendor and subtype (after 4 bytes of padding from 1.1 on).
        int end = request[0] == OfpVersions.Min ? 20 : 24;
        return BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(8)) != 0xffff
            || (reply.Length >= end && request.AsSpan(12, end - 12).SequenceEqual(reply.AsSpan(12, end - 12)));
    }

    internal static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    internal static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}

/// <summary>Ends ovs-ofctl with <see cref="Code"/> after writing <see cref="Stderr"/> as is (no "ovs-ofctl:" prefix).</summary>
internal sealed class OfctlExitException(int code, string stderr) : Exception(stderr)
{
    public int Code { get; } = code;

    public string Stderr { get; } = stderr;
}
