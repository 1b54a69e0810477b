// Upstream: lib/ofp-port.c, ofputil_pull_phy_port() and the port-number mapping of ofputil_port_from_ofp11() (OVS 3.1)
//
// A port description in its version-independent form. Config and state bits use OpenFlow 1.0's numbering (1.1 and
// later define a subset of them at the same positions); feature bits use the 1.1 numbering, into which the 1.0 bits
// are spread. Speeds are in kbps: 1.0 has none on the wire, so they come from the fastest current and supported
// features.
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal sealed record PhyPort(
    ushort PortNumber,
    ulong HardwareAddress,
    string Name,
    uint Config,
    uint State,
    uint Current,
    uint Advertised,
    uint Supported,
    uint Peer,
    uint CurrentSpeed,
    uint MaxSpeed)
{
    public const int SizeOf10 = 48;
    public const int SizeOf11 = 64;
    public const int SizeOf14 = 40;

    private const uint Config10All = 0x7f;
    private const uint Config11All = 0x1 | 0x4 | 0x20 | 0x40;
    private const uint State10All = 0x1 | 0x300;
    private const uint State11All = 0x7;
    private const ushort PropertyEthernet = 0;
    private const int PropertyEthernetSize = 32;

    /// <summary>
    /// Pulls the next port of <paramref name="version"/> from <paramref name="reader"/>. Returns false with None when
    /// no (whole) port remains, false with an error when the port is malformed, true with the port otherwise.
    /// </summary>
    public static bool TryPull(byte version, ref OfpReader reader, out PhyPort? port, out OfpError error, out uint badPort)
    {
        port = null;
        error = OfpError.None;
        badPort = 0;
        if (version == OfpVersions.Min)
        {
            if (!reader.TryRead(SizeOf10, out ReadOnlySpan<byte> p))
            {
                return false;
            }

            uint curr = From10(BinaryPrimitives.ReadUInt32BigEndian(p[32..]));
            uint supported = From10(BinaryPrimitives.ReadUInt32BigEndian(p[40..]));
            port = new PhyPort(
                BinaryPrimitives.ReadUInt16BigEndian(p),
                ReadMac(p[2..]),
                ReadName(p[8..24]),
                BinaryPrimitives.ReadUInt32BigEndian(p[24..]) & Config10All,
                BinaryPrimitives.ReadUInt32BigEndian(p[28..]) & State10All,
                curr,
                From10(BinaryPrimitives.ReadUInt32BigEndian(p[36..])),
                supported,
                From10(BinaryPrimitives.ReadUInt32BigEndian(p[44..])),
                (uint)(FeaturesToBps(curr) / 1000),
                (uint)(FeaturesToBps(supported) / 1000));
            return true;
        }

        if (version < (byte)OfpVersion.Of14)
        {
            if (!reader.TryRead(SizeOf11, out ReadOnlySpan<byte> p))
            {
                return false;
            }

            if (!TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(p), out ushort number))
            {
                badPort = BinaryPrimitives.ReadUInt32BigEndian(p);
                error = OfpError.OfpbacBadOutPort;
                return false;
            }

            port = new PhyPort(
                number,
                ReadMac(p[8..]),
                ReadName(p[16..32]),
                BinaryPrimitives.ReadUInt32BigEndian(p[32..]) & Config11All,
                BinaryPrimitives.ReadUInt32BigEndian(p[36..]) & State11All,
                BinaryPrimitives.ReadUInt32BigEndian(p[40..]) & 0xffff,
                BinaryPrimitives.ReadUInt32BigEndian(p[44..]) & 0xffff,
                BinaryPrimitives.ReadUInt32BigEndian(p[48..]) & 0xffff,
                BinaryPrimitives.ReadUInt32BigEndian(p[52..]) & 0xffff,
                BinaryPrimitives.ReadUInt32BigEndian(p[56..]),
                BinaryPrimitives.ReadUInt32BigEndian(p[60..]));
            return true;
        }

        return TryPull14(ref reader, out port, out error, out badPort);
    }

    private static bool TryPull14(ref OfpReader reader, out PhyPort? port, out OfpError error, out uint badPort)
    {
        port = null;
        error = OfpError.None;
        badPort = 0;
        if (reader.Remaining == 0)
        {
            return false;
        }

        if (!reader.TryRead(SizeOf14, out ReadOnlySpan<byte> p))
        {
            error = OfpError.OfpbrcBadLen;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(p[4..]);
        if (length < SizeOf14 || length - SizeOf14 > reader.Remaining)
        {
            error = OfpError.OfpbrcBadLen;
            return false;
        }

        reader.TryRead(length - SizeOf14, out ReadOnlySpan<byte> properties);
        if (!TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(p), out ushort number))
        {
            badPort = BinaryPrimitives.ReadUInt32BigEndian(p);
            error = OfpError.OfpbacBadOutPort;
            return false;
        }

        uint curr = 0, advertised = 0, supported = 0, peer = 0, currSpeed = 0, maxSpeed = 0;
        var props = new OfpReader(properties);
        while (props.Remaining > 0)
        {
            ReadOnlySpan<byte> prop = props.Rest;
            if (prop.Length < 4)
            {
                error = OfpError.OfpbpcBadLen;
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(prop);
            int propLength = BinaryPrimitives.ReadUInt16BigEndian(prop[2..]);
            if (propLength < 4 || !props.TrySkip((propLength + 7) & ~7))
            {
                error = OfpError.OfpbpcBadLen;
                return false;
            }

            if (type == PropertyEthernet)
            {
                if (propLength != PropertyEthernetSize)
                {
                    error = OfpError.OfpbpcBadLen;
                    return false;
                }

                curr = BinaryPrimitives.ReadUInt32BigEndian(prop[8..]) & 0xffff;
                advertised = BinaryPrimitives.ReadUInt32BigEndian(prop[12..]) & 0xffff;
                supported = BinaryPrimitives.ReadUInt32BigEndian(prop[16..]) & 0xffff;
                peer = BinaryPrimitives.ReadUInt32BigEndian(prop[20..]) & 0xffff;
                currSpeed = BinaryPrimitives.ReadUInt32BigEndian(prop[24..]);
                maxSpeed = BinaryPrimitives.ReadUInt32BigEndian(prop[28..]);
            }
        }

        port = new PhyPort(
            number,
            ReadMac(p[8..]),
            ReadName(p[16..32]),
            BinaryPrimitives.ReadUInt32BigEndian(p[32..]) & Config11All,
            BinaryPrimitives.ReadUInt32BigEndian(p[36..]) & State11All,
            curr,
            advertised,
            supported,
            peer,
            currSpeed,
            maxSpeed);
        return true;
    }

    /// <summary>Maps an OpenFlow 1.1+ 32-bit port number into the 16-bit space (reserved ports move down).</summary>
    public static bool TryPortFrom11(uint port, out ushort number)
    {
        if (port < 0xff00)
        {
            number = (ushort)port;
            return true;
        }

        if (port >= 0xffffff00)
        {
            number = (ushort)(port - 0xffff0000);
            return true;
        }

        number = 0xffff;
        return false;
    }

    // OpenFlow 1.0 feature bits 0-6 are speeds as in 1.1; bits 7-11 (copper ... pause-asym) move up to 11-15.
    private static uint From10(uint features) => (features & 0x7f) | ((features & 0xf80) << 4);

    private static ulong FeaturesToBps(uint f) =>
        (f & (1u << 9)) != 0 ? 1_000_000_000_000UL
        : (f & (1u << 8)) != 0 ? 100_000_000_000UL
        : (f & (1u << 7)) != 0 ? 40_000_000_000UL
        : (f & (1u << 6)) != 0 ? 10_000_000_000UL
        : (f & 0x30) != 0 ? 1_000_000_000UL
        : (f & 0xc) != 0 ? 100_000_000UL
        : (f & 0x3) != 0 ? 10_000_000UL
        : 0;

    private static ulong ReadMac(ReadOnlySpan<byte> p) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(p) << 32) | BinaryPrimitives.ReadUInt32BigEndian(p[2..]);

    // Upstream copies the name up to its NUL (at most 15 characters) and then prints it up to the first unprintable
    // character.
    private static string ReadName(ReadOnlySpan<byte> field)
    {
        int n = 0;
        while (n < field.Length - 1 && field[n] is >= 0x20 and < 0x7f)
        {
            n++;
        }

        return System.Text.Encoding.ASCII.GetString(field[..n]);
    }
}
