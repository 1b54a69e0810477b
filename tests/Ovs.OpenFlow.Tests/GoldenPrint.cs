// The checks every ofp-print golden file shares: a case's bytes must print as Debian's ovs-ofctl printed them, with
// the same log lines (recorded with the console pattern "%c|%p|%m"), and no truncation or corruption of a case may
// make a decoder throw.
using System.Text;
using Ovs.Json;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Tests;

internal static class GoldenPrint
{
    /// <summary>The indexes of the cases of <paramref name="file"/> whose "canonical" member is true.</summary>
    public static TheoryData<int> CanonicalIndexes(string file) => IndexesWhere(file, c => c["canonical"]!.AsBoolean());

    /// <summary>The indexes of the cases of <paramref name="file"/> that <paramref name="keep"/> accepts.</summary>
    public static TheoryData<int> IndexesWhere(string file, Func<JsonObject, bool> keep)
    {
        var data = new TheoryData<int>();
        JsonArray cases = TestData.Cases(file);
        for (int i = 0; i < cases.Count; i++)
        {
            if (keep(cases[i].AsObject()))
            {
                data.Add(i);
            }
        }

        return data;
    }

    /// <summary>
    /// Prints the case's "hex" at its "verbosity" (2 when null) and asserts its "stdout" and, as "module|LEVEL|message"
    /// lines, its "stderr".
    /// </summary>
    public static void AssertPrintsAsDebian(JsonObject c)
    {
        var log = new StringBuilder();
        int verbosity = c["verbosity"]!.IsNull ? 2 : (int)c["verbosity"]!.AsInteger();
        var context = new OfpPrintContext(verbosity, (module, level, message) =>
            log.Append(module).Append(level is OfpLogLevel.Warn or OfpLogLevel.WarnUnlimited ? "|WARN|" : "|INFO|").Append(message).Append('\n'));

        string text = OfpPrinter.ToText(TestData.Hex(c.Text("hex")), context);

        Assert.Equal(c.Text("stdout"), text);
        Assert.Equal(c.Text("stderr"), log.ToString());
    }

    /// <summary>
    /// Prints every case of <paramref name="file"/> cut short (every <paramref name="cutStep"/>th length from the
    /// header's size, with the header's length mended) and with each byte from 8 up to <paramref name="corruptBefore"/>
    /// set in turn to each of <paramref name="values"/>; printing must never throw.
    /// </summary>
    public static void PrintDamagedCases(string file, int cutStep, int corruptBefore, ReadOnlySpan<byte> values)
    {
        var context = new OfpPrintContext(3, null);
        JsonArray cases = TestData.Cases(file);
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] data = TestData.Hex(cases[i].AsObject().Text("hex"));
            for (int cut = OfpHeader.Size; cut < data.Length; cut += cutStep)
            {
                byte[] t = data[..cut];
                t[2] = (byte)(cut >> 8);
                t[3] = (byte)cut;
                _ = OfpPrinter.ToText(t, context);
            }

            for (int at = 8; at < Math.Min(data.Length, corruptBefore); at++)
            {
                foreach (byte value in values)
                {
                    byte[] t = (byte[])data.Clone();
                    t[at] = value;
                    _ = OfpPrinter.ToText(t, context);
                }
            }
        }
    }
}
