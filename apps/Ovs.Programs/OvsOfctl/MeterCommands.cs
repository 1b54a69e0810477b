// Upstream: utilities/ovs-ofctl.c, ofctl_meter_mod__() and ofctl_meter_request__() with the commands built on them
// (add-meter, mod-meter, del-meter(s), dump-meter(s), meter-stats, meter-features) (OVS 3.1)
//
// Meters exist from OpenFlow 1.3 on, so every meter command needs -O OpenFlow13 or later; without it the flow
// protocol check fails before anything is sent, with upstream's message. A meter mod is followed by a barrier and a
// switch error ends the program as for flow mods; requests print the switch's replies.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Cli;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class MeterCommands
{
    private const ProtocolSet MeterProtocols = ProtocolSet.Of13Oxm | ProtocolSet.Of14Oxm | ProtocolSet.Of15Oxm;

    public static void AddMeter(OfctlContext ctx) => MeterMod(ctx, ctx.Args[1], MeterModCommand.Add);

    public static void ModMeter(OfctlContext ctx) => MeterMod(ctx, ctx.Args[1], MeterModCommand.Modify);

    public static void DelMeters(OfctlContext ctx) => MeterMod(ctx, ctx.Args.Count > 1 ? ctx.Args[1] : null, MeterModCommand.Delete);

    public static void DumpMeters(OfctlContext ctx) => MeterRequest(ctx, ctx.Args.Count > 1 ? ctx.Args[1] : null, OfpRaw.Ofpst13MeterConfigRequest);

    public static void MeterStats(OfctlContext ctx) => MeterRequest(ctx, ctx.Args.Count > 1 ? ctx.Args[1] : null, OfpRaw.Ofpst13MeterRequest);

    public static void MeterFeatures(OfctlContext ctx) => MeterRequest(ctx, null, OfpRaw.Ofpst13MeterFeaturesRequest);

    private static void MeterMod(OfctlContext ctx, string? text, MeterModCommand command)
    {
        MeterMod mod = Parse(text, command) ?? new MeterMod(command, new MeterConfig(MeterParser.MeterAll, MeterFlags.None, []));
        using OfctlVconn vconn = OpenForMeters(ctx);
        var writer = new ArrayBufferWriter<byte>();
        mod.Encode(vconn.Version, OfpXid.Next(), writer);
        vconn.TransactNoReply([writer.WrittenSpan.ToArray()]);
    }

    private static void MeterRequest(OfctlContext ctx, string? text, OfpRaw raw)
    {
        uint meterId = Parse(text, null)?.Meter.MeterId ?? MeterParser.MeterAll;
        using OfctlVconn vconn = OpenForMeters(ctx);
        byte[] request = raw == OfpRaw.Ofpst13MeterFeaturesRequest
            ? vconn.Encode(raw)
            : vconn.Encode(raw, 8, body => BinaryPrimitives.WriteUInt32BigEndian(body, meterId));
        vconn.DumpTransaction(request, ctx.Out);
    }

    private static MeterMod? Parse(string? text, MeterModCommand? command)
    {
        if (text is null)
        {
            return null;
        }

        string? error = MeterParser.Parse(text, command, out MeterMod? mod);
        return error is null ? mod : throw new CliException(error);
    }

    /// <summary>open_vconn_for_flow_mod() with meters' usable protocols (OpenFlow 1.3 and later).</summary>
    private static OfctlVconn OpenForMeters(OfctlContext ctx)
    {
        OfctlVconn.CheckFlowModProtocols(MeterProtocols, ctx.Options.AllowedProtocols);
        OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        try
        {
            vconn.SetProtocolForFlowMod(MeterProtocols);
            return vconn;
        }
        catch
        {
            vconn.Dispose();
            throw;
        }
    }
}
