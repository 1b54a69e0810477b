// Upstream: utilities/ovs-ofctl.c, ofctl_dump_table_features() (OVS 3.1)
//
// dump-table-features: one OFPST_TABLE_FEATURES request, whose reply spans several multipart messages; the tables
// are printed as one sequence so that "ditto" folding and "(same ...)" work across message boundaries. There is no
// header line. An error reply is printed as ofp-print prints it. OpenFlow 1.0 to 1.2 have no table features.
using System.Text;
using Ovs.Cli;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class TableFeaturesCommand
{
    public static void DumpTableFeatures(OfctlContext ctx)
    {
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        if (vconn.Version < (byte)OfpVersion.Of13)
        {
            throw new CliException("dump-table-features needs OpenFlow 1.3 or later ('-O OpenFlow13')");
        }

        var sb = new StringBuilder();
        var formatter = new TableFeaturesFormatter(sb);
        foreach (byte[] reply in vconn.CollectMultipart(vconn.Encode(OfpRaw.Ofpst13TableFeaturesRequest)))
        {
            if (OfctlVconn.IsError(reply))
            {
                ctx.Out.Write(OfctlVconn.ToText(reply, ctx.Options.Verbosity + 1));
                break;
            }

            OfpError error = OfpRawDecoder.TryDecode(reply, out _, out ReadOnlySpan<byte> body, out _);
            while (error == OfpError.None && !body.IsEmpty)
            {
                error = TableFeatures.TryPull(ref body, reply[0], ActionCommands.Warn, out TableFeatures features);
                if (error == OfpError.None)
                {
                    formatter.Add(features, null);
                }
            }

            if (error != OfpError.None)
            {
                throw new CliException($"decode error: {OfpErrorTable.Name(error)}");
            }
        }

        formatter.Finish();
        string text = sb.ToString();
        ctx.Out.Write(text.StartsWith('\n') ? text[1..] : text);
        ctx.Out.Write('\n');
    }
}
