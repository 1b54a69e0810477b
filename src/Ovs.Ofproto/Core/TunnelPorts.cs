// Upstream: struct tnl_match, tnl_port_add__(), tnl_port_del__(), tnl_match_fmt(), tnl_port_format() and
// "ofproto/list-tunnels" (tnl_unixctl_list) in ofproto/tunnel.c (OVS 3.1)
//
// The tunnel ports of a datapath by what identifies a received packet's tunnel: addresses, input key, datapath port
// and packet type. Two tunnel ports with the same of these could not be told apart, so the second is refused with
// upstream's warning and EEXIST. Upstream keeps one such table for the whole process; here each backer keeps its
// own, which differs only for identical tunnels on datapaths of different types.
// Threading: main loop only.
using System.Globalization;
using System.Net;
using System.Text;
using Ovs.Common.Logging;
using Ovs.Netdev.Tunnel;

namespace Ovs.Ofproto.Core;

internal sealed partial class TunnelPorts
{
    private static readonly VlogModule s_log = VlogModule.Get("tunnel");

    private readonly Dictionary<TunnelMatch, TunnelEntry> _byMatch = [];

    /// <summary>tnl-ports' port_list: the datapath ports that receive tunnel packets, in the order they came.</summary>
    private readonly List<ListenPort> _listening = [];

    /// <summary>
    /// Registers tunnel <paramref name="netdev"/> on datapath port <paramref name="odpPort"/>; false (after the
    /// warning) when another port has the same match.
    /// </summary>
    public bool Add(ITunnelNetdev netdev, uint odpPort)
    {
        TunnelMatch match = TunnelMatch.Of(netdev.Config, odpPort);
        if (_byMatch.TryGetValue(match, out TunnelEntry? existing))
        {
            s_log.Warn($"{netdev.Name}: attempting to add tunnel port with same config as port '{existing.Netdev.Name}' ({match.Format()})");
            return false;
        }

        _byMatch.Add(match, new TunnelEntry(netdev, match));
        PublishReceive();
        Listen(netdev, odpPort);
        return true;
    }

    /// <summary>
    /// tnl_port_map_insert(): the tunnel types the userspace datapath decapsulates (GRE and ERSPAN over IP
    /// protocol 47, VXLAN, Geneve and GTP-U over UDP, STT over TCP) listen on their datapath port; one entry per port
    /// and protocol, counted.
    /// </summary>
    private void Listen(ITunnelNetdev netdev, uint odpPort)
    {
        byte protocol = ListenProtocol(netdev.Type);
        if (protocol == 0)
        {
            return;
        }

        foreach (ListenPort port in _listening)
        {
            if (port.OdpPort == odpPort && port.Protocol == protocol)
            {
                port.References++;
                return;
            }
        }

        _listening.Add(new ListenPort(netdev.DatapathPortName, odpPort, protocol));
    }

    private void Unlisten(ITunnelNetdev netdev, uint odpPort)
    {
        byte protocol = ListenProtocol(netdev.Type);
        int i = _listening.FindIndex(p => p.OdpPort == odpPort && p.Protocol == protocol);
        if (i >= 0 && --_listening[i].References == 0)
        {
            _listening.RemoveAt(i);
        }
    }

    private static byte ListenProtocol(string type) => type switch
    {
        "gre" or "ip6gre" or "erspan" or "ip6erspan" => 47,
        "vxlan" or "geneve" or "gtpu" => 17,
        "stt" => 6,
        _ => 0,
    };

    /// <summary>tnl/ports/show without -v: "NAME (PORT) ref_cnt=N" for every listening port.</summary>
    public void FormatListening(StringBuilder sb)
    {
        foreach (ListenPort port in _listening)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{port.Name} ({port.OdpPort}) ref_cnt={port.References}\n");
        }
    }

    /// <summary>Unregisters <paramref name="netdev"/>, whatever match it was registered with.</summary>
    public void Remove(ITunnelNetdev netdev)
    {
        foreach ((TunnelMatch match, TunnelEntry entry) in _byMatch)
        {
            if (ReferenceEquals(entry.Netdev, netdev))
            {
                _byMatch.Remove(match);
                PublishReceive();
                Unlisten(netdev, match.OdpPort);
                return;
            }
        }
    }

    /// <summary>True when <paramref name="netdev"/> is registered with the match its configuration gives now.</summary>
    public bool IsCurrent(ITunnelNetdev netdev, uint odpPort) =>
        _byMatch.TryGetValue(TunnelMatch.Of(netdev.Config, odpPort), out TunnelEntry? entry) && ReferenceEquals(entry.Netdev, netdev);

    /// <summary>ofproto/list-tunnels: one line per tunnel port.</summary>
    public void Format(StringBuilder sb)
    {
        foreach (TunnelEntry entry in _byMatch.Values)
        {
            TunnelConfig cfg = entry.Netdev.Config;
            sb.Append(CultureInfo.InvariantCulture, $"port {entry.Match.OdpPort}: {entry.Netdev.Name} ({entry.Netdev.Type}: {entry.Match.Format()}");
            if (cfg.OutKey != cfg.InKey || cfg.OutKeyPresent != cfg.InKeyPresent || cfg.OutKeyFlow != cfg.InKeyFlow)
            {
                sb.Append(", out_key=").Append(!cfg.OutKeyPresent ? "none" : cfg.OutKeyFlow ? "flow" : AltHex(cfg.OutKey));
            }

            sb.Append(cfg.TtlInherit ? ", ttl=inherit" : $", ttl={cfg.Ttl}");
            if (cfg.TosInherit)
            {
                sb.Append(", tos=inherit");
            }
            else if (cfg.Tos != 0)
            {
                sb.Append(", tos=").Append(AltHex(cfg.Tos));
            }

            if (!cfg.DontFragment)
            {
                sb.Append(", df=false");
            }

            if (cfg.Csum)
            {
                sb.Append(", csum=true");
            }

            sb.Append(")\n");
        }
    }

    /// <summary>printf's "%#x": "0" for zero, else 0x and the hexadecimal digits.</summary>
    internal static string AltHex(ulong value) => value == 0 ? "0" : $"0x{value:x}";

    private sealed record TunnelEntry(ITunnelNetdev Netdev, TunnelMatch Match);

    private sealed class ListenPort(string name, uint odpPort, byte protocol)
    {
        public string Name { get; } = name;

        public uint OdpPort { get; } = odpPort;

        public byte Protocol { get; } = protocol;

        public int References { get; set; } = 1;
    }

    private sealed record TunnelMatch(
        ulong InKey, IPAddress Src, IPAddress Dst, bool SrcFlow, bool DstFlow, bool InKeyFlow, uint OdpPort, TunnelPacketType PacketType)
    {
        public static TunnelMatch Of(TunnelConfig cfg, uint odpPort) =>
            new(cfg.InKey, cfg.Ipv6Src, cfg.Ipv6Dst, cfg.IpSrcFlow, cfg.IpDstFlow, cfg.InKeyFlow, odpPort, cfg.PacketType);

        /// <summary>tnl_match_fmt: "src->dst" (or "->flow"), the key, the packet type and the datapath port.</summary>
        public string Format()
        {
            string addresses = !DstFlow ? $"{Address(Src)}->{Address(Dst)}" : !SrcFlow ? $"{Address(Src)}->flow" : "flow->flow";
            string key = InKeyFlow ? "flow" : AltHex(InKey);
            string packetType = PacketType switch
            {
                TunnelPacketType.LegacyL2 => "legacy_l2",
                TunnelPacketType.LegacyL3 => "legacy_l3",
                _ => "ptap",
            };
            return $"{addresses}, key={key}, {packetType}, dp port={OdpPort}";
        }

        private static string Address(IPAddress address) => TunnelConfig.FormatAddress(address);
    }
}
