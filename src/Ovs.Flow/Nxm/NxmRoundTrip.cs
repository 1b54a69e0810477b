// Upstream: ofctl_parse_nxm__() of utilities/ovs-ofctl.c (OVS 3.1), minus the I/O.
// What `ovs-ofctl parse-nx-match` and `parse-oxm VERSION` do with one input line: text to entries, entries to a
// Match (loose unless strict), the Match back to entries in canonical order, entries to text. Kept here so the
// CLI and the tests share it.
using System.Buffers;

namespace Ovs.Flow.Nxm;

internal static class NxmRoundTrip
{
    /// <summary>
    /// Returns the line ovs-ofctl prints on standard output, or null with fatalMessage set when ovs-ofctl would
    /// die (the message after "ovs-ofctl: "). version is 0 for NXM, else the OpenFlow wire version (3..6).
    /// </summary>
    public static string? Run(string line, int version, bool strict, out string? fatalMessage)
    {
        var bytes = new ArrayBufferWriter<byte>();
        fatalMessage = NxmText.TryParse(line, bytes, out _);
        if (fatalMessage is not null)
        {
            return null;
        }

        bool oxm = version != 0;
        NxmError error = NxmDecoder.DecodeEntries(bytes.WrittenSpan, strict, allowCookie: !oxm, out Match match, out ulong cookie, out ulong cookieMask);
        if (error != NxmError.None)
        {
            return "nx_pull_match() returned error " + error.Name();
        }

        var output = new ArrayBufferWriter<byte>();
        int length = NxmEncoder.EncodeEntries(output, in match, version, cookie, cookieMask);
        return NxmText.Format(output.WrittenSpan[..length]);
    }
}
