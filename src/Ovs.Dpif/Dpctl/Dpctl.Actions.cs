// Upstream: dpctl_parse_actions() and dpctl_normalize_actions() in lib/dpctl.c (OVS 3.1), undocumented commands
// for tests.
// parse-actions: reads each argument as datapath actions and prints them back as dump-flows would.
// normalize-actions FLOW ACTIONS [NAME=NUMBER...]: shows what a flow's actions do per VLAN stack, whatever their
// order, so that two action lists that send the same packets compare equal. The actions are split at push_vlan and
// pop_vlan into groups that share the VLAN headers in force; the groups are ordered as upstream orders them (by
// the bytes of its struct flow, which here differ only in the VLAN headers, compared in network byte order), runs
// of outputs in each group are sorted by port, and each group is printed as "vlan(...): " (or "no vlan: "), then
// "mpls(...): " (or "no mpls: "), then its actions, with nothing between groups and no final new line, as
// upstream prints them. Upstream prints a VLAN's TPID from its network-order value read as a host integer, which on
// the little-endian machines it runs on swaps the bytes (0x88a8 prints as 0xa888); that is kept. Port names given
// as NAME=NUMBER may stand for port numbers in the flow key and in output actions.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    public int ParseActions(string[] argv)
    {
        foreach (string text in argv.AsSpan(1))
        {
            var actions = new NlWriter(new byte[FlowBufferSize]);
            if (!OdpActionParser.Parse(text, ref actions))
            {
                Error(Einval, "odp_actions_from_string");
                return Einval;
            }

            var line = new StringBuilder();
            OdpActionFormatter.Format(line, actions.Written);
            Print(line.Append('\n').ToString());
        }

        return 0;
    }

    public int NormalizeActions(string[] argv)
    {
        var portNames = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (string arg in argv.AsSpan(3))
        {
            if (!TryParsePortName(arg, out string name, out uint number))
            {
                Error(0, $"{arg}: expected NAME=NUMBER");
                return Einval;
            }

            portNames[name] = number;
        }

        var key = new NlWriter(new byte[FlowBufferSize]);
        var unusedMask = new NlWriter(new byte[FlowBufferSize]);
        if (OdpKeyParser.Parse(argv[1], ref key, ref unusedMask, portNames) is string parseError)
        {
            Error(Einval, $"odp_flow_key_from_string ({parseError})");
            return Einval;
        }

        var text = new StringBuilder("input flow: ");
        OdpKeyFormatter.Format(text, key.Written, default, Options.Verbosity > 0);
        Print(text.Append('\n').ToString());

        OdpKeyFitness fitness = OdpFlowKey.ToFlow(key.Written, out FlowData flow);
        if (fitness != OdpKeyFitness.Perfect)
        {
            // Upstream passes the fitness value (1 too much, 2 too little, 3 error) where an errno belongs.
            Error((int)fitness, "odp_flow_key_to_flow failed (reason unknown)");
            return (int)fitness;
        }

        var actions = new NlWriter(new byte[FlowBufferSize]);
        if (!OdpActionParser.Parse(argv[2], ref actions, portNames))
        {
            Error(Einval, "odp_actions_from_string");
            return Einval;
        }

        if (Options.Verbosity > 0)
        {
            text.Clear().Append("input actions: ");
            OdpActionFormatter.Format(text, actions.Written);
            Print(text.Append('\n').ToString());
        }

        List<VlanGroup> groups = GroupByVlans(actions.Written, new VlanStack(flow));
        groups.Sort(static (a, b) => a.Vlans.CompareTo(b.Vlans));
        bool mpls = flow.U16(FlowLayout.DlType) is 0x8847 or 0x8848;
        uint lse = flow.U32(FlowLayout.MplsLse);
        foreach (VlanGroup group in groups)
        {
            text.Clear();
            group.Vlans.Format(text);
            text.Append(mpls
                ? string.Create(CultureInfo.InvariantCulture, $"mpls(label={lse >> 12},tc={(lse >> 9) & 7},ttl={lse & 0xff}): ")
                : "no mpls: ");
            OdpActionFormatter.Format(text, SortOutputRuns(group.Actions.ToArray()));
            Print(text.ToString());
        }

        return 0;
    }

    /// <summary>"%15[^=]=%d": a name of 1 to 15 characters other than '=', then '=', then a decimal number.</summary>
    private static bool TryParsePortName(string arg, out string name, out uint number)
    {
        name = string.Empty;
        number = 0;
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq is <= 0 or > 15)
        {
            return false;
        }

        ReadOnlySpan<char> digits = arg.AsSpan(eq + 1);
        int end = 0;
        if (end < digits.Length && digits[end] is '+' or '-')
        {
            end++;
        }

        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        if (!int.TryParse(digits[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return false;
        }

        name = arg[..eq];
        number = unchecked((uint)value);
        return true;
    }

    private static List<VlanGroup> GroupByVlans(ReadOnlySpan<byte> actions, VlanStack vlans)
    {
        var groups = new List<VlanGroup>();
        foreach (NlAttr a in new NlAttrReader(actions))
        {
            if (a.Type == OdpActionAttr.PopVlan)
            {
                vlans = vlans.Pop();
                continue;
            }

            if (a.Type == OdpActionAttr.PushVlan && a.Size >= 4)
            {
                vlans = vlans.Push(BinaryPrimitives.ReadUInt16BigEndian(a.Payload), BinaryPrimitives.ReadUInt16BigEndian(a.Payload[2..]));
                continue;
            }

            VlanGroup? group = groups.Find(g => g.Vlans.Equals(vlans));
            if (group is null)
            {
                group = new VlanGroup(vlans);
                groups.Add(group);
            }

            var one = new NlWriter(new byte[NlAttr.HeaderSize + a.Size + 4]);
            one.PutBytes(a.Type, a.Payload);
            group.Actions.AddRange(one.Written);
        }

        return groups;
    }

    /// <summary>Sorts each run of consecutive output actions by port number.</summary>
    private static byte[] SortOutputRuns(byte[] actions)
    {
        var sorted = new List<byte>(actions.Length);
        var run = new List<uint>();
        foreach (NlAttr a in new NlAttrReader(actions))
        {
            if (a.Type == OdpActionAttr.Output && a.Size == 4)
            {
                run.Add(a.U32);
                continue;
            }

            FlushOutputs(sorted, run);
            var one = new NlWriter(new byte[NlAttr.HeaderSize + a.Size + 4]);
            one.PutBytes(a.Type, a.Payload);
            sorted.AddRange(one.Written);
        }

        FlushOutputs(sorted, run);
        return sorted.ToArray();
    }

    private static void FlushOutputs(List<byte> into, List<uint> run)
    {
        run.Sort();
        foreach (uint port in run)
        {
            var one = new NlWriter(new byte[8]);
            one.PutU32(OdpActionAttr.Output, port);
            into.AddRange(one.Written);
        }

        run.Clear();
    }

    private sealed class VlanGroup(VlanStack vlans)
    {
        public VlanStack Vlans { get; } = vlans;

        public List<byte> Actions { get; } = [];
    }

    /// <summary>The two VLAN headers a flow holds (upstream's vlans[2]), outermost first.</summary>
    private readonly record struct VlanStack(ushort Tpid0, ushort Tci0, ushort Tpid1, ushort Tci1) : IComparable<VlanStack>
    {
        private const ushort Cfi = 0x1000;

        public VlanStack(in FlowData flow)
            : this(flow.U16(FlowLayout.VlanTpid), flow.U16(FlowLayout.VlanTci), flow.U16(FlowLayout.Vlan1Tpid), flow.U16(FlowLayout.Vlan1Tci))
        {
        }

        /// <summary>flow_pop_vlan: the headers present (CFI set) move up one place.</summary>
        public VlanStack Pop() =>
            (Tci0 & Cfi) == 0 ? this
            : (Tci1 & Cfi) == 0 ? this with { Tpid0 = 0, Tci0 = 0 }
            : new VlanStack(Tpid1, Tci1, 0, 0);

        /// <summary>flow_push_vlan_uninit, then the pushed header.</summary>
        public VlanStack Push(ushort tpid, ushort tci) => new(tpid, tci, Tpid0, Tci0);

        public int CompareTo(VlanStack other)
        {
            int c = Tpid0.CompareTo(other.Tpid0);
            c = c != 0 ? c : Tci0.CompareTo(other.Tci0);
            c = c != 0 ? c : Tpid1.CompareTo(other.Tpid1);
            return c != 0 ? c : Tci1.CompareTo(other.Tci1);
        }

        public void Format(StringBuilder text)
        {
            if (Tci0 == 0)
            {
                text.Append("no vlan: ");
                return;
            }

            FormatOne(text, Tpid0, Tci0);
            if (Tci1 != 0)
            {
                FormatOne(text, Tpid1, Tci1);
            }
        }

        private static void FormatOne(StringBuilder text, ushort tpid, ushort tci)
        {
            text.Append("vlan(");
            if (tpid != 0x8100)
            {
                text.Append(CultureInfo.InvariantCulture, $"tpid=0x{BinaryPrimitives.ReverseEndianness(tpid):x4},");
            }

            text.Append(CultureInfo.InvariantCulture, $"vid={tci & 0xfff},pcp={tci >> 13}): ");
        }
    }
}
