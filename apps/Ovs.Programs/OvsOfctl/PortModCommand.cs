// Upstream: utilities/ovs-ofctl.c, ofctl_mod_port() and fetch_ofputil_phy_port(); lib/ofp-port.c,
// ofputil_encode_port_mod() (OVS 3.1)
//
// mod-port SWITCH PORT ACTION: the port (a number or a name) is looked up over a connection of its own, for its
// number and Ethernet address, then a port mod changes one configuration bit over a second connection, followed by a
// barrier as every modification. ACTION is up, down, stp, receive, receive-stp, flood, forward or packet-in, each
// optionally prefixed by "no-" or "no" to invert it.
using System.Buffers.Binary;
using System.Globalization;
using Ovs.Cli;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class PortModCommand
{
    private const uint PortDown = 1 << 0;
    private const uint Of10All = 0x7f;
    private const uint Of11All = 0x65;

    // The bit each word controls and the value the plain word sets it to.
    private static readonly (string Name, uint Bit, bool On)[] s_flags =
    [
        ("up", PortDown, false), ("down", PortDown, true), ("stp", 1 << 1, false), ("receive", 1 << 2, false),
        ("receive-stp", 1 << 3, false), ("flood", 1 << 4, false), ("forward", 1 << 5, false), ("packet-in", 1 << 6, false),
    ];

    public static void ModPort(OfctlContext ctx)
    {
        string target = ctx.Args[0];
        PhyPort port = FetchPort(target, ctx.Args[1], ctx.Options);
        string command = ctx.Args[2];
        bool not = false;
        if (command.StartsWith("no-", StringComparison.OrdinalIgnoreCase))
        {
            (command, not) = (command[3..], true);
        }
        else if (command.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            (command, not) = (command[2..], true);
        }

        int index = Array.FindIndex(s_flags, f => f.Name.Equals(command, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new CliException($"unknown mod-port command '{ctx.Args[2]}'");
        }

        (_, uint bit, bool on) = s_flags[index];
        uint config = on ^ not ? bit : 0;
        using OfctlVconn vconn = OfctlVconn.Open(target, ctx.Options);
        vconn.TransactNoReply([Encode(vconn, port, config, bit)]);
    }

    /// <summary>fetch_ofputil_phy_port(): the port with that number, or else that name.</summary>
    private static PhyPort FetchPort(string target, string name, OfctlOptions options)
    {
        bool isNumber = ushort.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out ushort number);
        using OfctlVconn vconn = OfctlVconn.Open(target, options);
        foreach (PhyPort port in vconn.DumpPorts())
        {
            if (isNumber ? port.PortNumber == number : port.Name == name)
            {
                return port;
            }
        }

        throw new CliException($"{target}: couldn't find port `{name}'");
    }

    /// <summary>ofputil_encode_port_mod() for the connection's version, without advertised features.</summary>
    private static byte[] Encode(OfctlVconn vconn, PhyPort port, uint config, uint mask)
    {
        Span<byte> mac = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(mac, port.HardwareAddress);
        byte[] address = mac[2..].ToArray();
        if (vconn.Version == OfpVersions.Min)
        {
            return vconn.Encode(OfpRaw.Ofpt10PortMod, 24, body =>
            {
                BinaryPrimitives.WriteUInt16BigEndian(body, port.PortNumber);
                address.CopyTo(body[2..]);
                BinaryPrimitives.WriteUInt32BigEndian(body[8..], config & Of10All);
                BinaryPrimitives.WriteUInt32BigEndian(body[12..], mask & Of10All);
            });
        }

        bool of14 = vconn.Version >= (byte)OfpVersion.Of14;
        return vconn.Encode(of14 ? OfpRaw.Ofpt14PortMod : OfpRaw.Ofpt11PortMod, of14 ? 24 : 32, body =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, Ovs.Flow.FieldAccess.Ofp10ToOfp11(port.PortNumber));
            address.CopyTo(body[8..]);
            BinaryPrimitives.WriteUInt32BigEndian(body[16..], config & Of11All);
            BinaryPrimitives.WriteUInt32BigEndian(body[20..], mask & Of11All);
        });
    }
}
