// Upstream: utilities/ovs-ofctl.c, ofctl_show(), ofctl_dump_desc(), ofctl_dump_tables(), ofctl_dump_table_desc(),
// ofctl_dump_ports(), ofctl_dump_ports_desc(), ofctl_queue_stats(), ofctl_get_frags(), ofctl_set_frags() and
// ofctl_probe() (OVS 3.1)
//
// The commands that ask a switch something and print its answers as ofp-print shows them (at -m's verbosity plus
// one), each on a connection of its own; "show" opens a second one for the switch configuration, as upstream does.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Cli;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class OnlineCommands
{
    private const ushort PortAny = 0xffff;
    private const uint QueueAll = 0xffffffff;

    public static void Show(OfctlContext ctx)
    {
        string target = ctx.Args[0];
        using (OfctlVconn vconn = OfctlVconn.Open(target, ctx.Options))
        {
            byte[] reply = vconn.Transact(vconn.Encode(OfpRaw.OfptFeaturesRequest));
            if (OfctlVconn.IsError(reply))
            {
                throw new CliException($"talking to {target}", Ovs.Common.OvsErrno.EPROTO);
            }

            bool hasPorts = OfctlVconn.FeaturesHavePorts(reply);
            if (!hasPorts && reply[0] < (byte)OfpVersion.Of13)
            {
                // A full reply may have lost ports: print it without them and ask for them separately.
                int size = OfpHeader.Size + 24;
                reply = reply[..size];
                BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), (ushort)size);
            }

            ctx.Out.Write(OfctlVconn.ToText(reply, ctx.Options.Verbosity + 1));
            if (!hasPorts)
            {
                vconn.DumpTransaction(vconn.PortDescRequest(PortAny), ctx.Out);
            }
        }

        DumpTrivial(ctx, OfpRaw.OfptGetConfigRequest);
    }

    public static void DumpDesc(OfctlContext ctx) => DumpTrivial(ctx, OfpRaw.OfpstDescRequest);

    public static void DumpTables(OfctlContext ctx) => DumpTrivial(ctx, OfpRaw.OfpstTableRequest);

    public static void DumpTableDesc(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        if (vconn.Version >= (byte)OfpVersion.Of14)
        {
            vconn.DumpTransaction(vconn.Encode(OfpRaw.Ofpst14TableDescRequest), ctx.Out);
        }
    }

    public static void DumpPorts(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ushort port = ctx.Args.Count > 1 ? PortNumber(ctx, ctx.Args[1]) : PortAny;
        byte[] request = vconn.Version == OfpVersions.Min
            ? vconn.Encode(OfpRaw.Ofpst10PortRequest, 8, body => BinaryPrimitives.WriteUInt16BigEndian(body, port))
            : vconn.Encode(OfpRaw.Ofpst11PortRequest, 8, body => BinaryPrimitives.WriteUInt32BigEndian(body, Ovs.Flow.FieldAccess.Ofp10ToOfp11(port)));
        vconn.DumpTransaction(request, ctx.Out);
    }

    public static void DumpPortsDesc(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ushort port = ctx.Args.Count > 1 ? PortNumber(ctx, ctx.Args[1]) : PortAny;
        vconn.DumpTransaction(vconn.PortDescRequest(port), ctx.Out);
    }

    public static void QueueStats(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ushort port = ctx.Args.Count > 1 && ctx.Args[1].Length > 0 && !ctx.Args[1].Equals("all", StringComparison.OrdinalIgnoreCase)
            ? PortNumber(ctx, ctx.Args[1])
            : PortAny;
        uint queue = ctx.Args.Count > 2 && ctx.Args[2].Length > 0 && !ctx.Args[2].Equals("all", StringComparison.OrdinalIgnoreCase)
            ? unchecked((uint)Atoi(ctx.Args[2]))
            : QueueAll;
        byte[] request = vconn.Version == OfpVersions.Min
            ? vconn.Encode(OfpRaw.Ofpst10QueueRequest, 8, body =>
            {
                // OpenFlow 1.0 spells "any port" OFPP_ALL here.
                BinaryPrimitives.WriteUInt16BigEndian(body, port == PortAny ? (ushort)0xfffc : port);
                BinaryPrimitives.WriteUInt32BigEndian(body[4..], queue);
            })
            : vconn.Encode(OfpRaw.Ofpst11QueueRequest, 8, body =>
            {
                BinaryPrimitives.WriteUInt32BigEndian(body, Ovs.Flow.FieldAccess.Ofp10ToOfp11(port));
                BinaryPrimitives.WriteUInt32BigEndian(body[4..], queue);
            });
        vconn.DumpTransaction(request, ctx.Out);
    }

    public static void GetFrags(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ctx.Out.Write(FragText(FetchConfig(vconn).Fragments) + "\n");
    }

    public static void SetFrags(OfctlContext ctx)
    {
        FragmentHandling frag = ctx.Args[1] switch
        {
            "normal" => FragmentHandling.Normal,
            "drop" => FragmentHandling.Drop,
            "reassemble" => FragmentHandling.Reassemble,
            "nx-match" => FragmentHandling.NxMatch,
            _ => throw new CliException($"{ctx.Args[1]}: unknown fragment handling mode"),
        };
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        SwitchConfig config = FetchConfig(vconn);
        if (config.Fragments == frag)
        {
            return;
        }

        var writer = new ArrayBufferWriter<byte>();
        (config with { Fragments = frag }).Encode(OfpRaw.OfptSetConfig, vconn.Version, Ovs.Ofproto.Vconn.OfpXid.Next(), writer);
        vconn.Send(writer.WrittenSpan.ToArray());
        if (FetchConfig(vconn).Fragments != frag)
        {
            throw new CliException($"{ctx.Args[0]}: setting fragment handling mode failed (this switch probably doesn't support mode \"{FragText(frag)}\")");
        }
    }

    public static void Probe(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        Ovs.Ofproto.Vconn.VconnMessage reply = OfctlVconn.Wait(vconn.Vconn.TransactAsync(vconn.Encode(OfpRaw.OfptEchoRequest), CancellationToken.None));
        if (reply.Message is null)
        {
            throw new CliException($"talking to {ctx.Args[0]}", reply.Error);
        }

        if (reply.Message.Length != OfpHeader.Size)
        {
            throw new CliException("reply does not match request");
        }
    }

    /// <summary>dump_trivial_transaction(): a new connection, a body-less request, its reply printed.</summary>
    private static void DumpTrivial(OfctlContext ctx, OfpRaw raw)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        vconn.DumpTransaction(vconn.Encode(raw), ctx.Out);
    }

    internal static SwitchConfig FetchConfig(OfctlVconn vconn)
    {
        byte[] reply = vconn.Transact(vconn.Encode(OfpRaw.OfptGetConfigRequest));
        if (OfpRawDecoder.TryDecode(reply, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _) != Ovs.OpenFlow.Errors.OfpError.None
            || info!.Raw != OfpRaw.OfptGetConfigReply)
        {
            throw new CliException($"{vconn.Name}: bad reply to config request");
        }

        return SwitchConfig.Decode(reply[0], body);
    }

    private static string FragText(FragmentHandling frag) => frag switch
    {
        FragmentHandling.Normal => "normal",
        FragmentHandling.Drop => "drop",
        FragmentHandling.Reassemble => "reassemble",
        _ => "nx-match",
    };

    /// <summary>str_to_port_no(): a number or reserved name, else a name the switch knows.</summary>
    internal static ushort PortNumber(OfctlContext ctx, string name)
    {
        if (OfpPortText.TryParse(name, out ushort port))
        {
            return port;
        }

        if (OfctlVconn.PortMap(ctx.Args[0], ctx.Options) is { } map && map.TryGetValue(name, out port))
        {
            return port;
        }

        throw new CliException($"{ctx.Args[0]}: unknown port `{name}'");
    }

    /// <summary>C's atoi(): optional sign and leading digits, 0 when there are none.</summary>
    internal static int Atoi(string s)
    {
        ReadOnlySpan<char> t = s.AsSpan().TrimStart(" \t\n\v\f\r");
        int sign = 1;
        if (t.Length > 0 && (t[0] == '-' || t[0] == '+'))
        {
            sign = t[0] == '-' ? -1 : 1;
            t = t[1..];
        }

        long value = 0;
        foreach (char c in t)
        {
            if (c is < '0' or > '9')
            {
                break;
            }

            value = Math.Min((value * 10) + (c - '0'), int.MaxValue);
        }

        return (int)(sign * value);
    }
}
