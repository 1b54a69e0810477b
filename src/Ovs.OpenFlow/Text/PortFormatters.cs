// Upstream: lib/ofp-switch.c ofputil_switch_features_format(), lib/ofp-port.c ofputil_phy_port_format(),
// ofputil_port_status_format() and the port-description messages of lib/ofp-print.c (OVS 3.1)
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class PortFormatters
{
    private static readonly string?[] s_capabilityNames =
        ["FLOW_STATS", "TABLE_STATS", "PORT_STATS", "STP", "GROUP_STATS", "IP_REASM", "QUEUE_STATS", "ARP_MATCH_IP", "PORT_BLOCKED", "BUNDLES", "FLOW_MONITORING"];

    private static readonly string?[] s_configNames = ["PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD", "NO_FWD", "NO_PACKET_IN"];

    private static readonly string?[] s_stateNames = ["LINK_DOWN", "BLOCKED", "LIVE"];

    private static readonly string?[] s_featureNames =
        ["10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD", "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER", "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM"];

    // OpenFlow 1.0 action bits in the order upstream prints the actions they stand for.
    private static readonly (int Bit, string Name)[] s_actions10 =
    [
        (0, "output"), (11, "enqueue"), (1, "set_vlan_vid"), (2, "set_vlan_pcp"), (3, "strip_vlan"), (4, "mod_dl_src"),
        (5, "mod_dl_dst"), (6, "mod_nw_src"), (7, "mod_nw_dst"), (8, "mod_nw_tos"), (9, "mod_tp_src"), (10, "mod_tp_dst"),
    ];

    /// <summary>The actions an OpenFlow 1.0 action bitmap names, space separated; false (and nothing) if none.</summary>
    public static bool AppendActions10(StringBuilder sb, uint actions)
    {
        bool any = false;
        foreach ((int bit, string name) in s_actions10)
        {
            if ((actions & (1u << bit)) != 0)
            {
                sb.Append(any ? " " : string.Empty).Append(name);
                any = true;
            }
        }

        return any;
    }

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpt10FeaturesReply, FeaturesReply);
        table.Add(OfpRaw.Ofpt11FeaturesReply, FeaturesReply);
        table.Add(OfpRaw.Ofpt13FeaturesReply, FeaturesReply);
        table.Add(OfpRaw.Ofpt10PortStatus, PortStatus);
        table.Add(OfpRaw.Ofpt11PortStatus, PortStatus);
        table.Add(OfpRaw.Ofpt14PortStatus, PortStatus);
        table.Add(OfpRaw.Ofpst10PortDescRequest, PortDescRequest);
        table.Add(OfpRaw.Ofpst15PortDescRequest, PortDescRequest);
        table.Add(OfpRaw.Ofpst10PortDescReply, PortDescReply);
        table.Add(OfpRaw.Ofpst11PortDescReply, PortDescReply);
        table.Add(OfpRaw.Ofpst14PortDescReply, PortDescReply);
        table.Add(OfpRaw.Ofpt10PortMod, PortMod);
        table.Add(OfpRaw.Ofpt11PortMod, PortMod);
        table.Add(OfpRaw.Ofpt14PortMod, PortMod);
    }

    // OFPT_PORT_MOD: 1.0 has a 16-bit port and 1.0 feature bits; 1.1-1.3 a 32-bit port and 1.1 feature bits; 1.4 and
    // later carry the advertised features in an Ethernet property. Config bits are kept only where the mask is set.
    private static OfpError PortMod(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        byte version = message[0];
        ushort port;
        ulong mac;
        uint config, mask, advertise = 0;
        if (version == OfpVersions.Min)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(body);
            mac = ReadMac(body[2..]);
            config = BinaryPrimitives.ReadUInt32BigEndian(body[8..]) & 0x7f;
            mask = BinaryPrimitives.ReadUInt32BigEndian(body[12..]) & 0x7f;
            uint a10 = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
            advertise = (a10 & 0x7f) | ((a10 & 0xf80) << 4);
        }
        else
        {
            uint port11 = BinaryPrimitives.ReadUInt32BigEndian(body);
            if (!PhyPort.TryPortFrom11(port11, out port))
            {
                WarnBadPort(context, OfpError.OfpbacBadOutPort, port11);
                return OfpError.OfpbacBadOutPort;
            }

            mac = ReadMac(body[8..]);
            config = BinaryPrimitives.ReadUInt32BigEndian(body[16..]) & 0x65;
            mask = BinaryPrimitives.ReadUInt32BigEndian(body[20..]) & 0x65;
            if (version < (byte)OfpVersion.Of14)
            {
                advertise = BinaryPrimitives.ReadUInt32BigEndian(body[24..]) & 0xffff;
            }
            else
            {
                var props = new OfpReader(body[24..]);
                while (props.Remaining > 0)
                {
                    ReadOnlySpan<byte> prop = props.Rest;
                    if (prop.Length < 4)
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    int length = BinaryPrimitives.ReadUInt16BigEndian(prop[2..]);
                    if (length < 4 || !props.TrySkip((length + 7) & ~7))
                    {
                        return OfpError.OfpbpcBadLen;
                    }

                    if (BinaryPrimitives.ReadUInt16BigEndian(prop) == 0)
                    {
                        if (length != 8)
                        {
                            return OfpError.OfpbpcBadLen;
                        }

                        advertise = BinaryPrimitives.ReadUInt32BigEndian(prop[4..]) & 0xffff;
                    }
                }
            }
        }

        config &= mask;
        sb.Append(" port: ");
        AppendPortNumber(sb, port);
        sb.Append(": addr:");
        AppendMac(sb, mac);
        sb.Append("\n     config: ");
        AppendBitNames(sb, config, s_configNames);
        sb.Append("\n     mask:   ");
        AppendBitNames(sb, mask, s_configNames);
        sb.Append("\n     advertise: ");
        if (advertise != 0)
        {
            AppendBitNames(sb, advertise, s_featureNames);
            sb.Append('\n');
        }
        else
        {
            sb.Append("UNCHANGED\n");
        }

        return OfpError.None;
    }

    private static ulong ReadMac(ReadOnlySpan<byte> p) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(p) << 32) | BinaryPrimitives.ReadUInt32BigEndian(p[2..]);

    private static void AppendMac(StringBuilder sb, ulong mac)
    {
        for (int i = 5; i >= 0; i--)
        {
            sb.Append(((byte)(mac >> (i * 8))).ToString("x2", CultureInfo.InvariantCulture));
            if (i > 0)
            {
                sb.Append(':');
            }
        }
    }

    private static OfpError FeaturesReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        byte version = message[0];
        ulong datapathId = BinaryPrimitives.ReadUInt64BigEndian(body);
        uint buffers = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
        byte tables = body[12];
        byte auxiliaryId = version >= (byte)OfpVersion.Of13 ? body[13] : (byte)0;
        uint wireCapabilities = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        uint common = 0x1 | 0x2 | 0x4 | 0x20 | 0x40;
        uint mask = version switch
        {
            <= (byte)OfpVersion.Of11 => common | 0x80,
            <= (byte)OfpVersion.Of13 => common | 0x100,
            _ => common | 0x100 | 0x200 | 0x400,
        };
        uint capabilities = wireCapabilities & mask;
        if ((wireCapabilities & 0x8) != 0)
        {
            // Bit 3 is STP in OpenFlow 1.0 and group statistics from 1.1 on.
            capabilities |= version == OfpVersions.Min ? 1u << 3 : 1u << 4;
        }

        sb.Append(" dpid:").Append(datapathId.ToString("x16", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("n_tables:").Append(tables).Append(", n_buffers:").Append(buffers);
        if (auxiliaryId != 0)
        {
            sb.Append(", auxiliary_id:").Append(auxiliaryId);
        }

        sb.Append("\ncapabilities: ");
        AppendBitNames(sb, capabilities, s_capabilityNames);
        sb.Append('\n');
        if (version == OfpVersions.Min)
        {
            uint actions = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
            if (AppendActions10(sb.Append("actions: "), actions))
            {
                sb.Append('\n');
            }
            else
            {
                sb.Length -= "actions: ".Length;
            }
        }

        return AppendPorts(sb, context, version, body[24..]);
    }

    private static OfpError PortStatus(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        byte reason = body[0];
        if (reason > 2)
        {
            return OfpError.NxbrcBadReason;
        }

        var reader = new OfpReader(body[8..]);
        if (!PhyPort.TryPull(message[0], ref reader, out PhyPort? port, out OfpError error, out uint badPort))
        {
            WarnBadPort(context, error, badPort);
            return error == OfpError.None ? OfpError.OfpbrcBadLen : error;
        }

        sb.Append(reason switch
        {
            0 => " ADD:",
            1 => " DEL:",
            _ => " MOD:",
        });
        AppendPort(sb, port!);
        return OfpError.None;
    }

    private static OfpError PortDescRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        ushort port = 0xffff;
        if (body.Length >= 4)
        {
            uint port11 = BinaryPrimitives.ReadUInt32BigEndian(body);
            if (!PhyPort.TryPortFrom11(port11, out port))
            {
                WarnBadPort(context, OfpError.OfpbacBadOutPort, port11);
                return OfpError.OfpbacBadOutPort;
            }
        }

        sb.Append(" port=");
        AppendPortNumber(sb, port);
        return OfpError.None;
    }

    private static OfpError PortDescReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append('\n');
        return AppendPorts(sb, context, message[0], body);
    }

    /// <summary>Every port in <paramref name="data"/>, sorted by port number as upstream prints them.</summary>
    private static OfpError AppendPorts(StringBuilder sb, OfpPrintContext context, byte version, ReadOnlySpan<byte> data)
    {
        var ports = new List<PhyPort>();
        var reader = new OfpReader(data);
        OfpError error;
        while (true)
        {
            if (!PhyPort.TryPull(version, ref reader, out PhyPort? port, out error, out uint badPort))
            {
                WarnBadPort(context, error, badPort);
                break;
            }

            ports.Add(port!);
        }

        ports.Sort(static (a, b) => a.PortNumber.CompareTo(b.PortNumber));
        foreach (PhyPort port in ports)
        {
            AppendPort(sb, port);
        }

        return error;
    }

    private static void WarnBadPort(OfpPrintContext context, OfpError error, uint port)
    {
        if (error == OfpError.OfpbacBadOutPort)
        {
            context.Warning("ofp_port", string.Create(
                CultureInfo.InvariantCulture,
                $"port {port} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff"));
        }
    }

    public static void AppendPort(StringBuilder sb, PhyPort port)
    {
        sb.Append(' ');
        AppendPortNumber(sb, port.PortNumber);
        sb.Append('(').Append(port.Name).Append("): addr:");
        AppendMac(sb, port.HardwareAddress);

        sb.Append("\n     config:     ");
        AppendBitNames(sb, port.Config, s_configNames);
        sb.Append("\n     state:      ");
        uint stp = port.State & 0x300;
        uint state = port.State & ~0x300u;
        if (stp != 0)
        {
            sb.Append(stp == 0x100 ? "STP_LEARN" : stp == 0x200 ? "STP_FORWARD" : "STP_BLOCK");
            if (state != 0)
            {
                AppendBitNames(sb, state, s_stateNames);
            }
        }
        else
        {
            AppendBitNames(sb, state, s_stateNames);
        }

        sb.Append('\n');
        AppendFeatures(sb, "     current:    ", port.Current);
        AppendFeatures(sb, "     advertised: ", port.Advertised);
        AppendFeatures(sb, "     supported:  ", port.Supported);
        AppendFeatures(sb, "     peer:       ", port.Peer);
        sb.Append("     speed: ").Append(port.CurrentSpeed / 1000).Append(" Mbps now, ").Append(port.MaxSpeed / 1000).Append(" Mbps max\n");
    }

    private static void AppendFeatures(StringBuilder sb, string label, uint features)
    {
        if (features != 0)
        {
            sb.Append(label);
            AppendBitNames(sb, features, s_featureNames);
            sb.Append('\n');
        }
    }

    /// <summary>A 16-bit port number: its reserved name (IN_PORT ... ANY) or the number.</summary>
    public static void AppendPortNumber(StringBuilder sb, ushort port)
    {
        string? name = port switch
        {
            0xfff7 => "UNSET",
            0xfff8 => "IN_PORT",
            0xfff9 => "TABLE",
            0xfffa => "NORMAL",
            0xfffb => "FLOOD",
            0xfffc => "ALL",
            0xfffd => "CONTROLLER",
            0xfffe => "LOCAL",
            0xffff => "ANY",
            _ => null,
        };
        if (name is null)
        {
            sb.Append(port);
        }
        else
        {
            sb.Append(name);
        }
    }

    /// <summary>The names of the set bits, space separated, then any unnamed remainder in hex; "0" for none.</summary>
    public static void AppendBitNames(StringBuilder sb, uint bits, string?[] names, char separator = ' ')
    {
        if (bits == 0)
        {
            sb.Append('0');
            return;
        }

        int n = 0;
        for (int i = 0; i < 32; i++)
        {
            uint bit = 1u << i;
            if ((bits & bit) != 0 && i < names.Length && names[i] is { } name)
            {
                if (n++ > 0)
                {
                    sb.Append(separator);
                }

                sb.Append(name);
                bits &= ~bit;
            }
        }

        if (bits != 0)
        {
            if (n > 0)
            {
                sb.Append(separator);
            }

            sb.Append("0x").Append(bits.ToString("x", CultureInfo.InvariantCulture));
        }
    }
}
