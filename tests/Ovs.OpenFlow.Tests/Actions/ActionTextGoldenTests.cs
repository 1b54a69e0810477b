// ovs-actions(7) text against Debian: action-text-cases.json holds what `ovs-ofctl parse-flow "actions=TEXT"` printed
// (recorded by tests/testdata/openflow/record_actions.py). Debian parses the text, encodes a flow_mod for the
// protocol it chose and prints it back; the same parse, encode, decode and print here must give the same actions.
// For text Debian refuses while parsing, the error must be the same.
using System.Buffers;
using Ovs.Json;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;

namespace Ovs.OpenFlow.Tests.Actions;

[Trait("upstream", "tests/ofp-actions.at")]
public sealed class ActionTextGoldenTests
{
    private const string File = "action-text-cases.json";

    public static TheoryData<int> Cases() => TestData.Indexes(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ParsesAndPrintsAsDebian(int index)
    {
        JsonObject c = TestData.Case(File, index);
        string text = c.Text("text");
        string stdout = c.Text("stdout");
        string stderr = c.Text("stderr");
        string? error = OfpActions.ParseInstructions(text, out List<OfpAct> parsed);
        if (c["status"]!.AsInteger() != 0)
        {
            // Only errors of the action parser itself: not those of the checks against the flow's match, nor the
            // choice of a protocol, which come later in parse-flow.
            if (stderr.Contains("(OFPBAC_", StringComparison.Ordinal) || stderr.Contains("usable protocol", StringComparison.Ordinal)
                || stderr.Contains("|WARN|", StringComparison.Ordinal))
            {
                return;
            }

            Assert.Equal(stderr.TrimEnd('\n').Split('\n')[^1], $"ovs-ofctl: {error}");
            return;
        }

        Assert.Null(error);
        string chosen = stdout.Split('\n')[1];
        byte version = chosen.Contains("OXM-OpenFlow1", StringComparison.Ordinal)
            ? (byte)(chosen[^1] - '0' + 1)
            : (byte)1;
        string printed = stdout.Split('\n')[2];
        var wire = new ArrayBufferWriter<byte>();
        OfpActions.EncodeInstructions(parsed, version, wire);
        OfpError decodeError = OfpActions.DecodeInstructions(wire.WrittenSpan, version, out List<OfpAct> decoded);
        const string Marker = "***decode error: ";
        int marker = printed.IndexOf(Marker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            // Debian could not decode what it encoded. A match inconsistency comes from checking the actions against
            // the flow's match, which is the flow_mod's business, not the action codec's.
            string name = printed[(marker + Marker.Length)..printed.IndexOf("***", marker + 3, StringComparison.Ordinal)];
            if (name != "OFPBAC_MATCH_INCONSISTENT")
            {
                Assert.Equal(name, OfpErrorTable.Name(decodeError));
            }

            return;
        }

        string expected = printed[(printed.IndexOf(" actions=", StringComparison.Ordinal) + 9)..];
        Assert.Equal(OfpError.None, decodeError);
        Assert.Equal(expected, OfpActions.Format(decoded));
    }
}
