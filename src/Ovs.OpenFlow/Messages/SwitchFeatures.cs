// Upstream: lib/ofp-switch.c, ofputil_encode_switch_features() and ofputil_put_switch_features_port(), and
// lib/ofp-port.c, ofputil_put_phy_port() and ofputil_encode_port_desc_stats_reply() (OVS 3.1)
//
// The switch's side of OFPT_FEATURES_REPLY and of the port description reply. Capabilities are given in upstream's
// version-independent numbering (SwitchCapabilities) and mapped onto each version's bits: ARP_MATCH_IP exists only
// in 1.0 and 1.1, STP only in 1.0, GROUP_STATS from 1.1 on (on the bit 1.0 used for STP), PORT_BLOCKED from 1.2 and
// BUNDLES and FLOW_MONITORING from 1.4. Up to OpenFlow 1.2 the ports follow the features in the same message; from
// 1.3 they are only in the port description reply. Ports are encoded in their version's layout: 48 bytes in 1.0
// (with the 1.0 feature bit numbering), 64 in 1.1 to 1.3, and from 1.4 a 40-byte description with an Ethernet
// property.
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

/// <summary>Switch capabilities in upstream's OFPUTIL_C_* numbering.</summary>
[Flags]
internal enum SwitchCapabilities : uint
{
    None = 0,
    FlowStats = 1 << 0,
    TableStats = 1 << 1,
    PortStats = 1 << 2,
    Stp = 1 << 3,
    GroupStats = 1 << 4,
    IpReassembly = 1 << 5,
    QueueStats = 1 << 6,
    ArpMatchIp = 1 << 7,
    PortBlocked = 1 << 8,
    Bundles = 1 << 9,
    FlowMonitoring = 1 << 10,
}

internal static class SwitchFeatures
{
    private const int FeaturesBodySize = 24;
    private const int NameSize = 16;
    private const uint Ofp11PortOffset = 0xffff0000;

    /// <summary>Encodes OFPT_FEATURES_REPLY; <paramref name="ports"/> go into the message only up to OpenFlow 1.2.</summary>
    public static void EncodeReply(
        byte version, uint xid, ulong datapathId, uint bufferCount, byte tableCount, SwitchCapabilities capabilities,
        uint actions10, IReadOnlyList<PhyPort> ports, IBufferWriter<byte> writer)
    {
        OfpRaw raw = version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpt10FeaturesReply,
            <= (byte)OfpVersion.Of12 => OfpRaw.Ofpt11FeaturesReply,
            _ => OfpRaw.Ofpt13FeaturesReply,
        };
        bool withPorts = version <= (byte)OfpVersion.Of12;
        int portSize = PortSize(version);
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, FeaturesBodySize + (withPorts ? ports.Count * portSize : 0), out int total);
        BinaryPrimitives.WriteUInt64BigEndian(body, datapathId);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], bufferCount);
        body[12] = tableCount;
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], CapabilityBits(version, capabilities));
        if (version == (byte)OfpVersion.Of10)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body[20..], actions10);
        }

        if (withPorts)
        {
            for (int i = 0; i < ports.Count; i++)
            {
                WritePort(version, ports[i], body.Slice(FeaturesBodySize + (i * portSize), portSize));
            }
        }

        writer.Advance(total);
    }

    /// <summary>Encodes the port description reply (OFPST_PORT_DESC) of <paramref name="version"/> in one message.</summary>
    public static void EncodePortDescReply(byte version, uint xid, IReadOnlyList<PhyPort> ports, IBufferWriter<byte> writer)
    {
        OfpRaw raw = version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpst10PortDescReply,
            <= (byte)OfpVersion.Of13 => OfpRaw.Ofpst11PortDescReply,
            _ => OfpRaw.Ofpst14PortDescReply,
        };
        int portSize = PortSize(version);
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, ports.Count * portSize, out int total);
        for (int i = 0; i < ports.Count; i++)
        {
            WritePort(version, ports[i], body.Slice(i * portSize, portSize));
        }

        writer.Advance(total);
    }

    public static int PortSize(byte version) => version switch
    {
        (byte)OfpVersion.Of10 => PhyPort.SizeOf10,
        <= (byte)OfpVersion.Of13 => PhyPort.SizeOf11,
        _ => PhyPort.SizeOf14 + 32,
    };

    /// <summary>The wire port number of <paramref name="port"/> in OpenFlow 1.1 and later (reserved ports move up).</summary>
    public static uint PortTo11(ushort port) => port < 0xff00 ? port : port + Ofp11PortOffset;

    /// <summary>Writes <paramref name="port"/> in <paramref name="version"/>'s layout into the zeroed <paramref name="destination"/>.</summary>
    public static void WritePort(byte version, PhyPort port, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(mac, port.HardwareAddress);
        if (version == (byte)OfpVersion.Of10)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, port.PortNumber);
            mac[2..].CopyTo(destination[2..]);
            WriteName(port.Name, destination.Slice(8, NameSize));
            // Only the bits OpenFlow 1.0 defines: PORT_DOWN through NO_PACKET_IN; LINK_DOWN and the STP state.
            BinaryPrimitives.WriteUInt32BigEndian(destination[24..], port.Config & 0x7f);
            BinaryPrimitives.WriteUInt32BigEndian(destination[28..], port.State & 0x301);
            BinaryPrimitives.WriteUInt32BigEndian(destination[32..], FeaturesTo10(port.Current));
            BinaryPrimitives.WriteUInt32BigEndian(destination[36..], FeaturesTo10(port.Advertised));
            BinaryPrimitives.WriteUInt32BigEndian(destination[40..], FeaturesTo10(port.Supported));
            BinaryPrimitives.WriteUInt32BigEndian(destination[44..], FeaturesTo10(port.Peer));
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, PortTo11(port.PortNumber));
        int offset = 8;
        if (version >= (byte)OfpVersion.Of14)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[4..], PhyPort.SizeOf14 + 32);
        }

        mac[2..].CopyTo(destination[offset..]);
        WriteName(port.Name, destination.Slice(offset + 8, NameSize));
        // Only the bits OpenFlow 1.1 kept: PORT_DOWN, NO_RECV, NO_FWD, NO_PACKET_IN; LINK_DOWN, BLOCKED, LIVE.
        BinaryPrimitives.WriteUInt32BigEndian(destination[32..], port.Config & 0x65);
        BinaryPrimitives.WriteUInt32BigEndian(destination[36..], port.State & 0x7);
        Span<byte> features = destination[40..];
        if (version >= (byte)OfpVersion.Of14)
        {
            // The Ethernet property: type 0, length 32, 4 bytes of padding, then the same six words as 1.1.
            BinaryPrimitives.WriteUInt16BigEndian(features[2..], 32);
            features = features[8..];
        }

        BinaryPrimitives.WriteUInt32BigEndian(features, port.Current);
        BinaryPrimitives.WriteUInt32BigEndian(features[4..], port.Advertised);
        BinaryPrimitives.WriteUInt32BigEndian(features[8..], port.Supported);
        BinaryPrimitives.WriteUInt32BigEndian(features[12..], port.Peer);
        BinaryPrimitives.WriteUInt32BigEndian(features[16..], port.CurrentSpeed);
        BinaryPrimitives.WriteUInt32BigEndian(features[20..], port.MaxSpeed);
    }

    /// <summary>The capability bits of <paramref name="version"/>.</summary>
    public static uint CapabilityBits(byte version, SwitchCapabilities capabilities)
    {
        const SwitchCapabilities common = SwitchCapabilities.FlowStats | SwitchCapabilities.TableStats
            | SwitchCapabilities.PortStats | SwitchCapabilities.IpReassembly | SwitchCapabilities.QueueStats;
        uint bits = (uint)(capabilities & common);
        if (version == (byte)OfpVersion.Of10 && capabilities.HasFlag(SwitchCapabilities.Stp))
        {
            bits |= 1u << 3;
        }

        if (version <= (byte)OfpVersion.Of11 && capabilities.HasFlag(SwitchCapabilities.ArpMatchIp))
        {
            bits |= 1u << 7;
        }

        if (version >= (byte)OfpVersion.Of11 && capabilities.HasFlag(SwitchCapabilities.GroupStats))
        {
            bits |= 1u << 3;
        }

        if (version >= (byte)OfpVersion.Of12 && capabilities.HasFlag(SwitchCapabilities.PortBlocked))
        {
            bits |= 1u << 8;
        }

        if (version >= (byte)OfpVersion.Of14)
        {
            bits |= (uint)(capabilities & (SwitchCapabilities.Bundles | SwitchCapabilities.FlowMonitoring));
        }

        return bits;
    }

    /// <summary>1.1 feature bits to 1.0's: speeds stay, the medium and pause bits move down by four.</summary>
    private static uint FeaturesTo10(uint features) => (features & 0x7f) | ((features >> 4) & 0xf80);

    private static void WriteName(string name, Span<byte> destination)
    {
        // At most 15 bytes, so that the name stays NUL-terminated.
        int count = Math.Min(Encoding.UTF8.GetByteCount(name), destination.Length - 1);
        Encoding.UTF8.GetBytes(name.AsSpan(0, Math.Min(name.Length, count)), destination);
    }
}
