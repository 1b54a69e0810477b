// Upstream: the public entry points of lib/ofp-actions.c (OVS 3.1): ofpacts_pull_openflow_actions(),
// ofpacts_pull_openflow_instructions(), ofpacts_put_openflow_actions(), ofpacts_put_openflow_instructions(),
// ofpacts_format() and ofpacts_parse_actions()/ofpacts_parse_instructions().
//
// The one place message codecs come to for actions: decode a byte span of actions or instructions for a version
// into the version-independent list, encode such a list, print it as ovs-ofctl does, and parse ovs-actions(7)
// text. The list is a plain IReadOnlyList<OfpAct>; an empty list means "drop".
using System.Buffers;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal static class OfpActions
{
    /// <summary>
    /// Decodes <paramref name="data"/> (a whole action list, as carried by packet_out, group buckets or OpenFlow 1.0
    /// flow_mods) for wire version <paramref name="version"/> (1 = OpenFlow 1.0 ... 6 = OpenFlow 1.5). Returns None
    /// or the error upstream reports; never throws on bad input. Warnings go to <paramref name="warn"/>.
    /// </summary>
    public static OfpError DecodeActions(ReadOnlySpan<byte> data, byte version, out List<OfpAct> actions, OfpWarningSink? warn = null)
    {
        actions = [];
        var decoder = new ActionDecoder(version, warn);
        OfpError error = decoder.DecodeActions(data, ActionDecoder.ApplyActionsOnly, null, actions);
        if (error != OfpError.None)
        {
            actions = [];
        }

        return error;
    }

    /// <summary>Decodes OpenFlow 1.1+ instructions (for 1.0, an action list that may hold instruction-like actions).</summary>
    public static OfpError DecodeInstructions(ReadOnlySpan<byte> data, byte version, out List<OfpAct> actions, OfpWarningSink? warn = null)
    {
        actions = [];
        var decoder = new ActionDecoder(version, warn);
        OfpError error = decoder.DecodeInstructions(data, actions);
        if (error != OfpError.None)
        {
            actions = [];
        }

        return error;
    }

    /// <summary>Appends the wire form of an action list (no instructions) for <paramref name="version"/>.</summary>
    public static void EncodeActions(IReadOnlyList<OfpAct> actions, byte version, IBufferWriter<byte> output)
    {
        var w = new ActionWriter(version);
        w.PutActions(actions);
        output.Write(w.ToArray());
    }

    /// <summary>Appends the wire form of instructions (OpenFlow 1.1+; for 1.0, the actions) for <paramref name="version"/>.</summary>
    public static void EncodeInstructions(IReadOnlyList<OfpAct> actions, byte version, IBufferWriter<byte> output)
    {
        var w = new ActionWriter(version);
        w.PutInstructions(actions);
        output.Write(w.ToArray());
    }

    /// <summary>The text after "actions=" as ovs-ofctl prints it ("drop" for none).</summary>
    public static string Format(IReadOnlyList<OfpAct> actions, OfpActFormatOptions? options = null)
    {
        var sb = new StringBuilder();
        OfpActText.AppendList(sb, actions, options ?? OfpActFormatOptions.Default);
        return sb.ToString();
    }

    public static void Format(StringBuilder s, IReadOnlyList<OfpAct> actions, OfpActFormatOptions? options = null) =>
        OfpActText.AppendList(s, actions, options ?? OfpActFormatOptions.Default);

    /// <summary>
    /// The part of ofpacts_check_consistency() that needs no flow: goto_table must go forward from
    /// <paramref name="tableId"/> (upstream allows up to table 255 here).
    /// </summary>
    public static OfpError CheckConsistency(IReadOnlyList<OfpAct> actions, byte version, byte tableId)
    {
        _ = version;
        foreach (OfpAct a in actions)
        {
            if (a is GotoTableAct g && g.Table <= tableId)
            {
                return OfpError.OfpbicBadTableId;
            }
        }

        return OfpError.None;
    }

    /// <summary>
    /// Parses ovs-actions(7) text as a flow's actions (instructions allowed). Returns null or upstream's error text
    /// (what ovs-ofctl prints after "ovs-ofctl: "). <paramref name="portNames"/> resolves port names, if given.
    /// </summary>
    public static string? ParseInstructions(
        string text, out List<OfpAct> actions, IReadOnlyDictionary<string, ushort>? portNames = null, OfpWarningSink? warn = null) =>
        ActionParser.ParseInstructions(text, out actions, portNames, warn);

    /// <summary>Parses ovs-actions(7) text as a plain action list (packet_out, group buckets).</summary>
    public static string? ParseActions(string text, out List<OfpAct> actions, IReadOnlyDictionary<string, ushort>? portNames = null) =>
        ActionParser.ParseActions(text, out actions, portNames);
}
