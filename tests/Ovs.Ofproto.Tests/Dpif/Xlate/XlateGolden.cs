// The xlate golden cases of tests/testdata/xlate: cases/NAME.case (ports, ovs-ofctl options, flows, groups,
// traced flows) and goldens/NAME.golden (Debian's `ovs-appctl dpif/show` and `ofproto/trace` output for each
// traced flow, recorded by tests/testdata/xlate/record.sh).
using System.Text.RegularExpressions;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

internal sealed partial class XlateGolden
{
    private XlateGolden(string name) => Name = name;

    public string Name { get; }

    public List<string> Flows { get; } = [];

    public List<string> GroupTexts { get; } = [];

    public ProtocolSet Protocol { get; private set; } = ProtocolSet.Of10NxmTid;

    public List<XlatePort> Ports { get; } = [];

    /// <summary>ovs-ofctl mod-port settings: (port number, setting).</summary>
    public List<(ushort Port, string Setting)> PortMods { get; } = [];

    /// <summary>(flow text, Debian's trace output) in case order.</summary>
    public List<(string Flow, string Output)> Traces { get; } = [];

    public static string Root
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? throw new DirectoryNotFoundException("repository root not found"), "tests", "testdata", "xlate");
        }
    }

    public static IEnumerable<string> CaseNames() =>
        Directory.GetFiles(Path.Combine(Root, "cases"), "*.case").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);

    /// <summary>Loads a case and its golden from goldenDir (the recorded goldens by default).</summary>
    public static XlateGolden Load(string name, string? goldenDir = null)
    {
        var g = new XlateGolden(name);
        foreach (string line in File.ReadAllLines(Path.Combine(Root, "cases", name + ".case")))
        {
            if (line.StartsWith("flow: ", StringComparison.Ordinal))
            {
                g.Flows.Add(line[6..]);
            }
            else if (line.StartsWith("portmod: ", StringComparison.Ordinal))
            {
                string[] words = line[9..].Split(' ');
                g.PortMods.Add((ushort.Parse(words[0], System.Globalization.CultureInfo.InvariantCulture), words[1]));
            }
            else if (line.StartsWith("group: ", StringComparison.Ordinal))
            {
                g.GroupTexts.Add(line[7..]);
            }
            else if (line.StartsWith("ofctl: ", StringComparison.Ordinal))
            {
                g.Protocol = line.Contains("OpenFlow15", StringComparison.Ordinal) ? ProtocolSet.Of15Oxm
                    : line.Contains("OpenFlow14", StringComparison.Ordinal) ? ProtocolSet.Of14Oxm
                    : line.Contains("OpenFlow13", StringComparison.Ordinal) ? ProtocolSet.Of13Oxm
                    : line.Contains("OpenFlow12", StringComparison.Ordinal) ? ProtocolSet.Of12Oxm
                    : ProtocolSet.Of11Std;
            }
        }

        string golden = File.ReadAllText(Path.Combine(goldenDir ?? Path.Combine(Root, "goldens"), name + ".golden"));
        string[] sections = golden.Split("### ");
        foreach (string section in sections)
        {
            if (section.StartsWith("dpif\n", StringComparison.Ordinal))
            {
                foreach (Match m in PortLine().Matches(section))
                {
                    g.Ports.Add(new XlatePort(
                        ushort.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                        uint.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture),
                        m.Groups[1].Value));
                }
            }
            else if (section.StartsWith("trace ", StringComparison.Ordinal))
            {
                int nl = section.IndexOf('\n', StringComparison.Ordinal);
                g.Traces.Add((section[6..nl], section[(nl + 1)..].TrimEnd('\n')));
            }
        }

        return g;
    }

    public TestBridge BuildBridge()
    {
        var bridge = new TestBridge();
        var ports = new List<XlatePort>();
        foreach (XlatePort p in Ports)
        {
            XlatePortConfig config = XlatePortConfig.None;
            foreach ((ushort port, string setting) in PortMods)
            {
                if (port == p.OfPort)
                {
                    config |= setting switch
                    {
                        "noforward" => XlatePortConfig.NoFwd,
                        "noflood" => XlatePortConfig.NoFlood,
                        "noreceive" => XlatePortConfig.NoRecv,
                        "nopacket_in" => XlatePortConfig.NoPacketIn,
                        _ => throw new FormatException("unknown port setting " + setting),
                    };
                }
            }

            ports.Add(p with { Config = config });
        }

        bridge.AddPorts(ports);
        foreach (string group in GroupTexts)
        {
            bridge.AddGroup(group);
        }

        foreach (string flow in Flows)
        {
            bridge.AddFlow(flow, Protocol);
        }

        return bridge;
    }

    [GeneratedRegex(@"^    (\S+) (\d+)/(\d+):", RegexOptions.Multiline)]
    private static partial Regex PortLine();
}
