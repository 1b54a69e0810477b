// Upstream: ofctl_parse_pcap() of utilities/ovs-ofctl.c (OVS 3.1), as behaviour.
//
// "parse-pcap FILE...": the flow of each packet in each pcap file, one a line, as extracted with an input port of
// OFPP_ANY. A file that cannot be opened or read is reported and the others still go; any problem makes the exit
// status 1.
using System.Text;
using Ovs.Common;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Flow.Text;
using Ovs.Netdev.Pcap;

namespace Ovs.Programs.OvsOfctl;

internal static class PcapCommands
{
    private const ushort OfppAny = 0xffff;

    public static void ParsePcap(OfctlContext ctx)
    {
        var problems = new StringBuilder();
        foreach (string file in ctx.Args)
        {
            int error = PcapReader.Open(file, out PcapReader? reader, out _);
            if (error != 0 || reader is null)
            {
                problems.Append(CultureInfo($"ovs-ofctl: {file}: open failed ({OvsErrno.StrError(error)})\n"));
                continue;
            }

            using (reader)
            {
                while (true)
                {
                    int status = reader.Read(out byte[]? frame, out _, out _);
                    if (status == OvsErrno.EOF)
                    {
                        break;
                    }

                    if (status != 0 || frame is null)
                    {
                        problems.Append(CultureInfo($"ovs-ofctl: {file}: read failed ({OvsErrno.StrError(status)})\n"));
                        break;
                    }

                    var md = PacketMetadata.ForPort(OfppAny);
                    FlowData flow = default;
                    LayerOffsets offsets = default;
                    FlowExtractor.Extract(frame, md, ref flow, ref offsets);
                    ctx.Out.Write(FlowFormatter.Format(in flow) + "\n");
                }
            }
        }

        if (problems.Length > 0)
        {
            throw new OfctlExitException(1, problems.ToString());
        }
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);
}
