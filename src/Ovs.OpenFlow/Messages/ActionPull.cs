// Upstream: the length checks of ofpacts_pull_openflow_actions() and ofpacts_pull_openflow_instructions()
// (lib/ofp-actions.c, OVS 3.1).
// A message that carries actions says how many bytes they take. Before the list itself is decoded, that length must be
// a multiple of 8 and must fit in what is left of the message, each with its own warning and error; the list is then
// decoded by OfpActions. Lengths are unsigned 32-bit, as upstream computes them, so a length that went negative in
// the caller's arithmetic reads as a huge number and fails the "exceeds" check the way upstream's does.
using System.Globalization;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Messages;

internal static class ActionPull
{
    private const string Module = "ofp_actions";

    /// <summary>Decodes <paramref name="length"/> bytes of actions from the start of <paramref name="rest"/>.</summary>
    public static OfpError Actions(ReadOnlySpan<byte> rest, uint length, byte version, OfpWarningSink? warn, out List<OfpAct> actions) =>
        Pull(rest, length, version, warn, allowInstructions: false, out actions);

    /// <summary>
    /// Decodes <paramref name="length"/> bytes of instructions (OpenFlow 1.1+) from the start of
    /// <paramref name="rest"/>; in OpenFlow 1.0 they are an action list that may hold instruction-like actions.
    /// </summary>
    public static OfpError Instructions(ReadOnlySpan<byte> rest, uint length, byte version, OfpWarningSink? warn, out List<OfpAct> actions) =>
        Pull(rest, length, version, warn, allowInstructions: true, out actions);

    private static OfpError Pull(ReadOnlySpan<byte> rest, uint length, byte version, OfpWarningSink? warn, bool allowInstructions, out List<OfpAct> actions)
    {
        actions = [];
        bool instructions = allowInstructions && version > 1;
        string what = instructions ? "instructions" : "actions";
        OfpError badLength = instructions ? OfpError.OfpbicBadLen : OfpError.OfpbrcBadLen;
        if (length % 8 != 0)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"OpenFlow message {what} length {length} is not a multiple of 8"));
            return badLength;
        }

        if (length > (uint)rest.Length)
        {
            warn?.Invoke(Module, OfpLogLevel.Warn, string.Create(CultureInfo.InvariantCulture, $"OpenFlow message {what} length {length} exceeds remaining message length ({rest.Length})"));
            return badLength;
        }

        ReadOnlySpan<byte> data = rest[..(int)length];
        return allowInstructions
            ? OfpActions.DecodeInstructions(data, version, out actions, warn)
            : OfpActions.DecodeActions(data, version, out actions, warn);
    }
}
